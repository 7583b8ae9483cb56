/*
 * cmd_secrets.c: `floe secrets keygen | seal | reseal`: make a key pair,
 * add a value read from standard input to an environment's sealed file,
 * and seal every value again for a new recipient.  A value never comes
 * from the command line and is never printed; the sealed file format and
 * the crypto live in src/runtime (floe/secrets.h).
 */
#include <errno.h>
#include <fcntl.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <unistd.h>
#include "cli.h"
#include "floe/env.h"
#include "floe/secrets.h"
#include "util.h"

const char usage_secrets[] =
	"usage: floe secrets keygen (--out FILE | --stdout)\n"
	"       floe secrets seal [--env E | --file SEALED]\n"
	"                         [--recipient PUBKEY | --recipient-file F] NAME[:KEY]\n"
	"       floe secrets reseal (--new-recipient PUBKEY | --new-recipient-file F)\n"
	"                           [--env E | --file SEALED]\n"
	"\n"
	"Sealed secrets: values sealed (libsodium sealed boxes) for one X25519\n"
	"key pair, kept in secrets.sealed.yaml beside the environment's platform\n"
	"file (platform/<env>/ for an environment with none yet)\n"
	"and opened at run time with the private key in FLOE_SECRETS_KEY (base64)\n"
	"or the file named by FLOE_SECRETS_KEY_FILE.  See docs/secrets.md.\n"
	"\n"
	"keygen   make a key pair.  --out FILE writes the private key to FILE\n"
	"         (created with mode 0600, never overwritten) and prints the public\n"
	"         key on standard output; --stdout writes the private key to\n"
	"         standard output and the public key to standard error.\n"
	"seal     read a value from standard input (one trailing newline removed)\n"
	"         and add or replace the entry NAME (with KEY: NAME:KEY) in the\n"
	"         sealed file.  Needs only the public key: the file's recipient, or\n"
	"         --recipient for a new file.\n"
	"reseal   open every value with the private key (FLOE_SECRETS_KEY or\n"
	"         FLOE_SECRETS_KEY_FILE) and seal it for a new recipient; the file\n"
	"         is replaced all at once, or not at all.\n"
	"\n"
	"options:\n"
	"  --env E              the sealed file of environment E, beside its\n"
	"                       platform file (default: FLOE_PLATFORM_ENV, else local)\n"
	"  --file SEALED        this sealed file instead\n"
	"  --recipient PUBKEY   the public key (base64) to seal for\n"
	"  --recipient-file F   read the public key from F\n"
	"\n"
	"examples:\n"
	"  floe secrets keygen --out ~/.floe/prod.key > platform/prod/secrets.pub\n"
	"  printf %s \"$TOKEN\" | floe secrets seal --env prod \\\n"
	"      --recipient-file platform/prod/secrets.pub polaris-client-secret\n"
	"  floe secrets seal --env prod aws-credentials:access_key_id < key.txt\n"
	"  FLOE_SECRETS_KEY_FILE=~/.floe/prod.key floe secrets reseal --env prod \\\n"
	"      --new-recipient-file new.pub\n"
	"\n"
	"exit codes: 0 ok, 1 the sealed file or the input was rejected (malformed,\n"
	"tampered, sealed for another key), 2 usage, 3 runtime failure (cannot\n"
	"write, no private key, libsodium failure)\n";

struct opts {
	const char *env, *file, *recipient, *recipient_file, *out;
	char *ref;  /* NAME[:KEY], split in place */
	bool to_stdout;
};

static int fail(int code)
{
	fprintf(stderr, "floe: error: %s\n", floe_error_last());
	return code;
}

/* Exit code for a failure to read or open an input file. */
static int input_status(int rc)
{
	if (rc == FLOE_EUSAGE)
		return EXIT_USAGE;
	if (rc == FLOE_ECRYPTO || rc == FLOE_ENOTFOUND || rc == FLOE_EIO ||
	    rc == FLOE_ETOOBIG || rc == FLOE_EINVALID)
		return EXIT_REJECTED;
	return EXIT_RUNTIME;
}

static bool take(int argc, char **argv, int *i, const char *name,
		 const char **dst, int *rc)
{
	if (strcmp(argv[*i], name) != 0)
		return false;
	if (*i + 1 == argc)
		*rc = cli_usage_error("secrets", "%s needs a value", name);
	else if (*dst)
		*rc = cli_usage_error("secrets", "%s given twice", name);
	else
		*dst = argv[++*i];
	return true;
}

/* True when the space-separated list `allowed` holds the word `a`. */
static bool allows(const char *allowed, const char *a)
{
	size_t n = strlen(a);
	for (const char *p = allowed; (p = strstr(p, a)) != NULL; p += n)
		if ((p == allowed || p[-1] == ' ') && (p[n] == ' ' || p[n] == '\0'))
			return true;
	return false;
}

/* Options of every subcommand; `allowed` says which this one takes. */
static int parse(struct opts *o, int argc, char **argv, const char *allowed)
{
	int rc = 0;
	memset(o, 0, sizeof(*o));
	for (int i = 2; i < argc && !rc; i++) {
		const char *a = argv[i];
		bool known = a[0] == '-' && allows(allowed, a);
		if (known && (take(argc, argv, &i, "--env", &o->env, &rc) ||
			      take(argc, argv, &i, "--file", &o->file, &rc) ||
			      take(argc, argv, &i, "--out", &o->out, &rc) ||
			      take(argc, argv, &i, "--recipient", &o->recipient, &rc) ||
			      take(argc, argv, &i, "--recipient-file", &o->recipient_file, &rc) ||
			      take(argc, argv, &i, "--new-recipient", &o->recipient, &rc) ||
			      take(argc, argv, &i, "--new-recipient-file", &o->recipient_file, &rc)))
			continue;
		if (known && strcmp(a, "--stdout") == 0)
			o->to_stdout = true;
		else if (a[0] == '-' && a[1])
			rc = cli_usage_error("secrets", "unknown option '%s' for '%s'", a, argv[1]);
		else if (!o->ref && allows(allowed, "REF"))
			o->ref = argv[i];
		else
			rc = cli_usage_error("secrets", "unexpected argument '%s'", a);
	}
	if (!rc && o->env && o->file)
		rc = cli_usage_error("secrets", "--env and --file exclude each other");
	if (!rc && o->recipient && o->recipient_file)
		rc = cli_usage_error("secrets", "give the recipient once, as a key or as a file");
	return rc;
}

static bool write_fd(int fd, const char *p, size_t n)
{
	while (n) {
		ssize_t w = write(fd, p, n);
		if (w < 0 && errno == EINTR)
			continue;
		if (w <= 0)
			return false;
		p += w;
		n -= (size_t)w;
	}
	return true;
}

static int write_private(const floe_secret *priv, const char *path)
{
	int fd = open(path, O_WRONLY | O_CREAT | O_EXCL | O_CLOEXEC, 0600);
	if (fd < 0 && errno == EEXIST)
		return cli_runtime_error(EXIT_RUNTIME,
			"'%s' exists; refusing to overwrite a key file", path);
	if (fd < 0)
		return cli_runtime_error(EXIT_RUNTIME, "cannot create '%s': %s",
					 path, strerror(errno));
	bool ok = write_fd(fd, priv->value, priv->len) && fsync(fd) == 0;
	int err = errno;
	if (close(fd) != 0 && ok) {
		ok = false;
		err = errno;
	}
	if (!ok) {
		unlink(path);
		return cli_runtime_error(EXIT_RUNTIME, "cannot write '%s': %s",
					 path, strerror(err));
	}
	return EXIT_OK;
}

/* --max-bytes: the largest sealed file read (sealed.c caps it at 4 MiB) */
static size_t max_bytes;

static int keygen(int argc, char **argv)
{
	struct opts o;
	floe_seal_key *k = NULL;
	floe_secret *priv = NULL;
	int rc = parse(&o, argc, argv, "--out --stdout");
	if (rc)
		return rc;
	if (!o.out == !o.to_stdout)
		return cli_usage_error("secrets", "keygen needs one of --out FILE and --stdout");
	floe_error_clear();
	if (floe_seal_key_generate(&k) != 0 || floe_seal_key_export(&priv, k) != 0) {
		rc = fail(EXIT_RUNTIME);
	} else if (o.out) {
		rc = write_private(priv, o.out);
		if (rc == EXIT_OK)
			printf("%s\n", floe_seal_key_public(k));
	} else if (!write_fd(STDOUT_FILENO, priv->value, priv->len)) {
		rc = cli_runtime_error(EXIT_RUNTIME, "cannot write the private key: %s",
				       strerror(errno));
	} else {
		fprintf(stderr, "public key: %s\n", floe_seal_key_public(k));
	}
	floe_secret_free(priv);
	floe_seal_key_free(k);
	return rc;
}

/*
 * The environment a sealed file belongs to (version 2 binds its values to
 * it): --env, else the name of the folder the file is in
 * (platform/<env>/secrets.sealed.yaml), else "local".
 */
static void sealed_env(floe_buf *out, const struct opts *o, const char *path)
{
	floe_buf_clear(out);
	if (o->env) {
		floe_buf_puts(out, o->env);
		return;
	}
	const char *slash = strrchr(path, '/');
	if (slash) {
		const char *start = slash;
		while (start > path && start[-1] != '/')
			start--;
		floe_buf_put(out, start, (size_t)(slash - start));
	}
	if (!floe_secret_name_ok(floe_buf_cstr(out))) {
		floe_buf_clear(out);
		floe_buf_puts(out, "local");
	}
}

/* the global options, for locating the environment */
static cli *the_cli;

/*
 * The sealed file: --file, else the environment's, beside its platform
 * file (floe/env.h: the rule run and exec read it by).
 */
static int sealed_path(floe_buf *out, const struct opts *o)
{
	if (o->file) {
		floe_buf_puts(out, o->file);
		return 0;
	}
	floe_diags *d = floe_diags_new(the_cli->limits.max_diags);
	floe_env *e = NULL;
	int rc = cli_env_prepare(&e, the_cli, d, o->env, NULL, NULL, FLOE_ENV_LOCATE);
	cli_render(the_cli, d, FLOE_FMT_TEXT, "secrets");
	if (rc == EXIT_OK)
		floe_buf_puts(out, e->sealed_file);
	floe_env_free(e);
	floe_diags_free(d);
	return rc;
}

/* --recipient KEY or --recipient-file F, trimmed, into `out`. */
static int recipient(floe_buf *out, const struct opts *o)
{
	if (o->recipient_file) {
		int rc = floe_fs_read(out, o->recipient_file, 4096);
		if (rc)
			return fail(input_status(rc));
	} else if (o->recipient) {
		floe_buf_puts(out, o->recipient);
	} else {
		return 0;
	}
	size_t a = strspn(out->ptr, " \t\r\n"), n = out->len;
	while (n > a && strchr(" \t\r\n", out->ptr[n - 1]))
		n--;
	memmove(out->ptr, out->ptr + a, n - a);
	floe_buf_truncate(out, n - a);
	if (floe_seal_pubkey_check(out->ptr) != 0)
		return o->recipient_file ? fail(EXIT_REJECTED) : fail(EXIT_USAGE);
	return 0;
}

/* Split NAME[:KEY] (in place); usage error when either part is bad. */
static int split_ref(char *ref, const char **name, const char **key)
{
	char *colon = strchr(ref, ':');
	*name = ref;
	*key = NULL;
	if (colon) {
		*colon = '\0';
		*key = colon + 1;
	}
	if (!floe_secret_name_ok(*name) || (*key && !floe_secret_name_ok(*key)))
		return cli_usage_error("secrets",
			"'%s' is not a secret reference: NAME or NAME:KEY, each 1-253 characters of [A-Za-z0-9._-] starting with a letter or digit",
			ref);
	return 0;
}

/* Load the sealed file, or start a new one when it does not exist. */
static int open_for_seal(floe_sealed **f, const char *path, const floe_buf *recip)
{
	int rc = floe_sealed_load(f, path, max_bytes);
	if (rc == FLOE_ENOTFOUND) {
		if (!recip->len)
			return cli_usage_error("secrets",
				"'%s' does not exist; a new sealed file needs --recipient or --recipient-file", path);
		return floe_sealed_create(f, path, recip->ptr) ? fail(EXIT_USAGE) : 0;
	}
	if (rc)
		return fail(input_status(rc));
	if (recip->len && strcmp(recip->ptr, floe_sealed_recipient(*f)) != 0)
		return cli_usage_error("secrets",
			"'%s' is sealed for recipient %s; change the recipient of every value with 'floe secrets reseal --new-recipient'",
			path, floe_sealed_recipient(*f));
	return 0;
}

static int seal(int argc, char **argv)
{
	struct opts o;
	floe_buf path = FLOE_BUF_INIT, recip = FLOE_BUF_INIT, envb = FLOE_BUF_INIT;
	floe_sealed *f = NULL;
	floe_secret *v = NULL;
	const char *name, *key;
	int rc = parse(&o, argc, argv, "--env --file --recipient --recipient-file REF");
	if (!rc && !o.ref)
		rc = cli_usage_error("secrets", "seal needs the secret's NAME or NAME:KEY");
	if (!rc)
		rc = split_ref(o.ref, &name, &key);
	if (!rc && !(rc = sealed_path(&path, &o)) && !(rc = recipient(&recip, &o)))
		rc = open_for_seal(&f, path.ptr, &recip);
	if (rc)
		goto out;
	sealed_env(&envb, &o, path.ptr);
	if (floe_sealed_version(f) == 1)
		fprintf(stderr, "floe: warning: sealed file '%s' has version 1: its values are not "
			"bound to an environment; 'floe secrets reseal' upgrades it to version 2\n",
			path.ptr);
	else if ((rc = floe_sealed_set_env(f, envb.ptr)) != 0) {
		rc = fail(rc == FLOE_EUSAGE ? EXIT_USAGE : EXIT_REJECTED);
		goto out;
	}
	if (isatty(STDIN_FILENO))
		fputs("floe: reading the value from standard input (end with Ctrl-D)\n", stderr);
	if ((rc = floe_secret_read_fd(&v, STDIN_FILENO)) != 0)
		rc = fail(rc == FLOE_EIO ? EXIT_RUNTIME : EXIT_REJECTED);
	else if ((rc = floe_sealed_put(f, name, key, v->value, v->len)) != 0)
		rc = fail(rc == FLOE_EUSAGE ? EXIT_REJECTED : EXIT_RUNTIME);
	else if (floe_sealed_save(f, NULL) != 0)
		rc = fail(EXIT_RUNTIME);
	else
		fprintf(stderr, "floe: sealed '%s%s%s' in %s\n", name, key ? ":" : "",
			key ? key : "", path.ptr);
out:
	floe_secret_free(v);
	floe_sealed_free(f);
	floe_buf_release(&path);
	floe_buf_release(&recip);
	floe_buf_release(&envb);
	return rc;
}

static int reseal(int argc, char **argv)
{
	struct opts o;
	floe_buf path = FLOE_BUF_INIT, recip = FLOE_BUF_INIT, envb = FLOE_BUF_INIT;
	floe_sealed *f = NULL;
	floe_seal_key *k = NULL;
	int rc = parse(&o, argc, argv, "--env --file --new-recipient --new-recipient-file");
	if (!rc && !o.recipient && !o.recipient_file)
		rc = cli_usage_error("secrets", "reseal needs --new-recipient or --new-recipient-file");
	if (!rc && !(rc = sealed_path(&path, &o)) && !(rc = recipient(&recip, &o))) {
		if ((rc = floe_sealed_load(&f, path.ptr, max_bytes)) != 0)
			rc = fail(input_status(rc));
		else if ((rc = floe_seal_key_from_env(&k, NULL)) != 0)
			rc = fail(EXIT_RUNTIME);
		else if (sealed_env(&envb, &o, path.ptr),
			 (rc = floe_sealed_reseal(f, k, recip.ptr, envb.ptr)) != 0)
			rc = fail(input_status(rc));
		else if (floe_sealed_save(f, NULL) != 0)
			rc = fail(EXIT_RUNTIME);
		else
			fprintf(stderr, "floe: resealed %zu secret%s in %s for %s (environment %s)\n",
				floe_sealed_count(f), floe_sealed_count(f) == 1 ? "" : "s",
				path.ptr, floe_sealed_recipient(f), envb.ptr);
	}
	floe_seal_key_free(k);
	floe_sealed_free(f);
	floe_buf_release(&path);
	floe_buf_release(&recip);
	floe_buf_release(&envb);
	return rc;
}

int cmd_secrets(cli *c, int argc, char **argv)
{
	max_bytes = c->limits.max_bytes;
	the_cli = c;
	if (argc < 2)
		return cli_usage_error("secrets", "missing subcommand: keygen, seal or reseal");
	cli_guard_secrets();
	if (floe_secrets_init() != 0)
		return fail(EXIT_RUNTIME);
	if (strcmp(argv[1], "keygen") == 0)
		return keygen(argc, argv);
	if (strcmp(argv[1], "seal") == 0)
		return seal(argc, argv);
	if (strcmp(argv[1], "reseal") == 0)
		return reseal(argc, argv);
	return cli_usage_error("secrets", "unknown subcommand '%s' (keygen, seal, reseal)",
			       argv[1]);
}
