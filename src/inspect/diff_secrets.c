/*
 * diff_secrets.c: what `floe diff --resolve-secrets` compares: each secret
 * of an environment resolved as a run would (variable, mount, sealed
 * file), reduced at once to a keyed BLAKE2b fingerprint and wiped.  The
 * key comes from FLOE_DIFF_KEY or the project's .floe/diff.key (made on
 * first use, mode 0600).  No value or key is ever put in a message.
 */
#include <errno.h>
#include <fcntl.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <strings.h>
#include <sys/stat.h>
#include <unistd.h>
#include <sodium.h>
#include "floe/launch.h"
#include "floe/secrets.h"
#include "inspect/diff_int.h"

#define KEY_FILE "diff.key"  /* in the state directory */
#define KEY_BYTES 32
#define KEY_TEXT_MAX 256
/* Domain separation: these fingerprints mean nothing anywhere else. */
static const char fp_domain[] = "floe-diff-v1";

/* ---- the key ---- */

void floe_diff_key_free(unsigned char *key, size_t len)
{
	(void)len;
	sodium_free(key);  /* wipes; accepts NULL */
}

/* Hex text (spaces and a final newline around it ignored) into guarded memory. */
static int parse_key(unsigned char **out, size_t *len, const char *text,
		     size_t n, const char *what)
{
	while (n && (text[n - 1] == '\n' || text[n - 1] == '\r' ||
		     text[n - 1] == ' '))
		n--;
	size_t bytes = n / 2;
	unsigned char *k = NULL;
	if (n % 2 == 0 && bytes >= FLOE_DIFF_KEY_MIN && bytes <= FLOE_DIFF_KEY_MAX &&
	    (k = sodium_malloc(bytes)) &&
	    sodium_hex2bin(k, bytes, text, n, NULL, len, NULL) == 0 && *len == bytes) {
		sodium_mprotect_readonly(k);
		*out = k;
		return 0;
	}
	sodium_free(k);
	floe_error_set("%s is not a key: expected %d to %d hexadecimal digits",
		       what, 2 * FLOE_DIFF_KEY_MIN, 2 * FLOE_DIFF_KEY_MAX);
	return FLOE_ESECRET;
}

static int read_key_file(unsigned char **out, size_t *len, int fd,
			 const char *path)
{
	struct stat st;
	char *text = sodium_malloc(KEY_TEXT_MAX);
	ssize_t n = -1;
	int rc;

	if (fstat(fd, &st) != 0 || !S_ISREG(st.st_mode)) {
		floe_error_set("key file '%s' is not a regular file", path);
		rc = FLOE_EIO;
	} else if (st.st_mode & 077) {
		floe_error_set("key file '%s' can be read by others (mode %04o): "
			       "chmod 600 it", path, (unsigned)(st.st_mode & 07777));
		rc = FLOE_ESECRET;
	} else if (!text || (n = read(fd, text, KEY_TEXT_MAX)) < 0) {
		floe_error_set("cannot read key file '%s': %s", path, strerror(errno));
		rc = FLOE_EIO;
	} else {
		char *what = floe_xstrdup(path);
		rc = parse_key(out, len, text, (size_t)n, what);
		if (rc)
			floe_error_set("key file '%s' holds no key: expected %d to %d "
				       "hexadecimal digits", path, 2 * FLOE_DIFF_KEY_MIN,
				       2 * FLOE_DIFF_KEY_MAX);
		free(what);
	}
	sodium_free(text);
	return rc;
}

/*
 * Write a new random key to a temporary file beside `path` (a fresh name,
 * O_EXCL), then link it in place (never replaced).
 */
static int make_key_file(const char *path)
{
	unsigned char *k = sodium_malloc(KEY_BYTES);
	char *hex = sodium_malloc(2 * KEY_BYTES + 2);
	floe_buf tmpb = FLOE_BUF_INIT;
	int fd = floe_fs_create_temp(&tmpb, path, 0600);
	const char *tmp = fd >= 0 ? tmpb.ptr : path;
	int rc = 0;

	if (!k || !hex) {
		floe_error_set("cannot allocate guarded memory");
		rc = FLOE_ECRYPTO;
	} else if (fd < 0) {
		floe_error_set("cannot create key file '%s': %s", tmp, strerror(errno));
		rc = FLOE_EIO;
	} else {
		randombytes_buf(k, KEY_BYTES);
		sodium_bin2hex(hex, 2 * KEY_BYTES + 1, k, KEY_BYTES);
		hex[2 * KEY_BYTES] = '\n';
		if (write(fd, hex, 2 * KEY_BYTES + 1) != 2 * KEY_BYTES + 1 ||
		    fsync(fd) != 0) {
			floe_error_set("cannot write key file '%s': %s", tmp, strerror(errno));
			rc = FLOE_EIO;
		}
	}
	if (fd >= 0 && close(fd) != 0 && !rc) {
		floe_error_set("cannot write key file '%s': %s", tmp, strerror(errno));
		rc = FLOE_EIO;
	}
	if (!rc && link(tmp, path) != 0 && errno != EEXIST) {
		floe_error_set("cannot create key file '%s': %s", path, strerror(errno));
		rc = FLOE_EIO;
	}
	if (fd >= 0)
		unlink(tmp);
	floe_buf_release(&tmpb);
	sodium_free(k);
	sodium_free(hex);
	return rc;
}

static int key_file(unsigned char **out, size_t *len, bool *created,
		    const char *dir)
{
	floe_arena *a = floe_arena_new();
	const char *path = floe_path_join(a, dir, KEY_FILE);
	int fd = open(path, O_RDONLY | O_NOFOLLOW | O_CLOEXEC), rc = 0;

	if (fd < 0 && errno == ENOENT) {
		if (mkdir(floe_path_dirname(a, path), 0700) != 0 && errno != EEXIST) {
			floe_error_set("cannot create '%s': %s", floe_path_dirname(a, path),
				       strerror(errno));
			rc = FLOE_EIO;
		} else if ((rc = make_key_file(path)) == 0) {
			*created = true;
			fd = open(path, O_RDONLY | O_NOFOLLOW | O_CLOEXEC);
		}
	}
	if (!rc && fd < 0) {
		floe_error_set("cannot open key file '%s': %s", path, strerror(errno));
		rc = FLOE_EIO;
	}
	if (!rc)
		rc = read_key_file(out, len, fd, path);
	if (fd >= 0)
		close(fd);
	floe_arena_free(a);
	return rc;
}

int floe_diff_key_load(unsigned char **out, size_t *len, bool *created,
		       const char *state_dir,
		       const char *(*getenv_fn)(const char *name))
{
	int rc = floe_secrets_init();
	const char *env = getenv_fn ? getenv_fn("FLOE_DIFF_KEY") : getenv("FLOE_DIFF_KEY");

	*out = NULL;
	*len = 0;
	*created = false;
	if (rc)
		return rc;
	if (env && *env)
		return parse_key(out, len, env, strlen(env), "FLOE_DIFF_KEY");
	return key_file(out, len, created, state_dir ? state_dir : ".floe");
}

/* ---- fingerprints ---- */

static void fingerprint(char hex[33], const floe_secret *s,
			const unsigned char *key, size_t klen)
{
	crypto_generichash_state st;
	unsigned char h[16];
	crypto_generichash_init(&st, key, klen, sizeof(h));
	crypto_generichash_update(&st, (const unsigned char *)fp_domain,
				  sizeof(fp_domain));
	crypto_generichash_update(&st, (const unsigned char *)s->value, s->len);
	crypto_generichash_final(&st, h, sizeof(h));
	sodium_bin2hex(hex, 33, h, sizeof(h));
	sodium_memzero(&st, sizeof(st));
}

/* Where the environment's secrets are: its mount path, its sealed file. */
static void secret_opts(floe_secret_opts *o, floe_arena *a, floe_model *m,
			const char *(*getenv_fn)(const char *))
{
	const floe_project *p = floe_model_project(m);
	const char *plat = floe_project_env_path(p, floe_model_env_index(m));
	o->mount_dir = floe_mval_str(floe_model_get(m,
		"/security/secret_backends/kubernetes/mount_path"));
	o->sealed_file = plat ? floe_project_sealed_path(a, plat) : NULL;
	o->getenv = getenv_fn;
	o->env = floe_model_env_name(m);
}

static void prefix_report(floe_buf *report, const floe_buf *lines,
			  const char *env)
{
	const char *s = floe_buf_cstr(lines);
	while (*s) {
		size_t n = strcspn(s, "\n");
		if (report->len)
			floe_buf_putc(report, '\n');
		floe_buf_printf(report, "environment '%s': ", env);
		floe_buf_put(report, s, n);
		s += n + (s[n] == '\n');
	}
}

int floe_inspect__diff_fingerprints(struct fpset *out, floe_model *m,
			    const floe_diff_opts *o, floe_buf *report)
{
	size_t n = floe_model_secret_count(m);
	floe_secret_ref *refs = floe_xcalloc(n + 1, sizeof(*refs));
	floe_arena *a = floe_arena_new();
	floe_secret_opts so = { 0 };
	floe_secret_set *set = NULL;
	floe_buf lines = FLOE_BUF_INIT;

	out->fps = floe_xcalloc(n + 1, sizeof(*out->fps));
	out->len = n;
	for (size_t i = 0; i < n; i++) {
		out->fps[i].s = floe_model_secret_at(m, i);
		refs[i].name = out->fps[i].s->name;
		refs[i].key = out->fps[i].s->key;
	}
	secret_opts(&so, a, m, o->getenv);
	int rc = floe_secret_set_resolve(&set, &lines, refs, n, &so);
	if (rc)
		prefix_report(report, &lines, floe_model_env_name(m));
	for (size_t i = 0; !rc && i < floe_secret_set_count(set); i++) {
		const floe_secret *s = floe_secret_set_get(set, i);
		for (size_t k = 0; k < n; k++) {
			struct fp *f = &out->fps[k];
			if (strcmp(f->s->name, s->name) || !floe_str_eq(f->s->key, s->key))
				continue;
			fingerprint(f->hex, s, o->key, o->key_len);
			f->source = strcmp(s->source, "env") == 0 ? "environment variable" :
				    strcmp(s->source, "file") == 0 ? "file" : "sealed file";
		}
	}
	floe_secret_set_free(set);
	floe_buf_release(&lines);
	floe_arena_free(a);
	free(refs);
	return rc;
}

/* ---- which environments are production ---- */

/* True when one of the parts of `name` (split at - _ .) is in `set`. */
static bool has_part(const char *name, const char *const *set, size_t n)
{
	const char *s = name;
	while (*s) {
		size_t len = strcspn(s, "-_.");
		for (size_t i = 0; i < n; i++)
			if (strlen(set[i]) == len && strncasecmp(s, set[i], len) == 0)
				return true;
		s += len + (s[len] != '\0');
	}
	return false;
}

static const char *const prod_names[] = { "prod", "production", "prd", "live" };
static const char *const dev_names[] = {
	"dev", "development", "local", "test", "testing", "ci", "sandbox",
	"staging", "stage", "qa", "demo",
};

bool floe_env_is_production(const char *name)
{
	return name && has_part(name, prod_names, FLOE_ARRAY_SIZE(prod_names));
}

bool floe_env_is_development(const char *name)
{
	return name && !floe_env_is_production(name) &&
	       has_part(name, dev_names, FLOE_ARRAY_SIZE(dev_names));
}
