/*
 * test_secrets.c: run-time secret resolution (order, empty variables, key
 * selectors, file errors, the not-found message) and sealed files (round
 * trip, tampering, swapped values, wrong key, bad base64, duplicates,
 * versions, reseal).  A canary value is planted everywhere and must never
 * show up in an error context or in the list of places looked.
 */
#include <fcntl.h>
#include <stdlib.h>
#include <string.h>
#include <sys/prctl.h>
#include <sys/resource.h>
#include <sys/stat.h>
#include <unistd.h>
#include <sodium.h>
#include "floe/secrets.h"
#include "util/util.h"
#include "unit.h"

#define CANARY "CANARY-s3cr3t-VALUE"

static char tmpdir[] = "/tmp/floe-test-secrets-XXXXXX";

/* A fake process environment: NAME=VALUE pairs, NULL-terminated. */
static const char *fake_env[16];

static const char *fake_getenv(const char *name)
{
	size_t n = strlen(name);
	for (size_t i = 0; fake_env[i]; i++)
		if (strncmp(fake_env[i], name, n) == 0 && fake_env[i][n] == '=')
			return fake_env[i] + n + 1;
	return NULL;
}

static void env_set(size_t n, ...)
{
	va_list ap;
	va_start(ap, n);
	for (size_t i = 0; i < n; i++)
		fake_env[i] = va_arg(ap, const char *);
	fake_env[n] = NULL;
	va_end(ap);
}

static char *path_of(const char *rel)
{
	floe_buf b = FLOE_BUF_INIT;
	floe_buf_printf(&b, "%s/%s", tmpdir, rel);
	return floe_buf_detach(&b);
}

static void write_file(const char *rel, const char *text, size_t len)
{
	char *p = path_of(rel);
	FILE *f = fopen(p, "wb");
	CHECK(f != NULL);
	if (f) {
		fwrite(text, 1, len, f);
		fclose(f);
	}
	free(p);
}

static char *read_text(const char *rel)
{
	char *p = path_of(rel);
	floe_buf b = FLOE_BUF_INIT;
	CHECK_INT(floe_fs_read(&b, p, 1 << 20), 0);
	free(p);
	return floe_buf_detach(&b);
}

static void mkdir_rel(const char *rel)
{
	char *p = path_of(rel);
	mkdir(p, 0755);
	free(p);
}

static bool has(const char *hay, const char *needle)
{
	return hay && strstr(hay, needle) != NULL;
}

/* The canary must be absent from every message. */
static void no_canary(const floe_buf *looked)
{
	CHECK(!has(floe_error_last(), CANARY));
	CHECK(!has(floe_buf_cstr(looked), CANARY));
}

static bool value_is(const floe_secret *s, const char *want)
{
	return s && s->len == strlen(want) && memcmp(s->value, want, s->len) == 0 &&
	       s->value[s->len] == '\0';
}

/* A key pair; the private key in base64 in `keyvar` ("FLOE_SECRETS_KEY=..."). */
static floe_seal_key *make_key(char **keyvar)
{
	floe_seal_key *k = NULL;
	floe_secret *priv = NULL;
	CHECK_INT(floe_seal_key_generate(&k), 0);
	CHECK_INT(floe_seal_key_export(&priv, k), 0);
	floe_buf b = FLOE_BUF_INIT;
	floe_buf_printf(&b, "FLOE_SECRETS_KEY=%.*s", (int)priv->len - 1, priv->value);
	*keyvar = floe_buf_detach(&b);
	floe_secret_free(priv);
	return k;
}

/* A sealed file at `rel` with the given NAME, KEY (or NULL), VALUE triples. */
static void make_sealed(const char *rel, const floe_seal_key *k, size_t n,
			const char *const *triples)
{
	floe_sealed *f = NULL;
	char *p = path_of(rel);
	CHECK_INT(floe_sealed_create(&f, p, floe_seal_key_public(k)), 0);
	for (size_t i = 0; i < n; i++) {
		const char *v = triples[3 * i + 2];
		CHECK_INT(floe_sealed_put(f, triples[3 * i], triples[3 * i + 1], v,
					  strlen(v)), 0);
	}
	CHECK_INT(floe_sealed_save(f, NULL), 0);
	floe_sealed_free(f);
	free(p);
}

static int resolve(floe_secret **out, const char *name, const char *key,
		   const char *sealed_rel, floe_buf *looked)
{
	char *mount = path_of("mount"), *sealed = sealed_rel ? path_of(sealed_rel) : NULL;
	floe_secret_opts o = { mount, sealed, fake_getenv, NULL };
	int rc = floe_secret_resolve(out, name, key, &o, looked);
	free(mount);
	free(sealed);
	return rc;
}

static void test_secrets__order(void)
{
	floe_secret *s = NULL;
	floe_buf looked = FLOE_BUF_INIT;
	char *kv;
	floe_seal_key *k = make_key(&kv);
	const char *t[] = { "db-pass", NULL, "from-sealed" };
	make_sealed("order.sealed.yaml", k, 1, t);
	mkdir_rel("mount");
	write_file("mount/db-pass", "from-file\n", 10);

	env_set(2, "DB_PASS=from-env", kv);
	CHECK_INT(resolve(&s, "db-pass", NULL, "order.sealed.yaml", &looked), 0);
	CHECK(value_is(s, "from-env"));
	CHECK_STR(s ? s->source : NULL, "env");
	CHECK_STR(s ? s->var : NULL, "DB_PASS");
	floe_secret_free(s);

	env_set(1, kv);
	CHECK_INT(resolve(&s, "db-pass", NULL, "order.sealed.yaml", &looked), 0);
	CHECK(value_is(s, "from-file"));
	CHECK_STR(s ? s->source : NULL, "file");
	floe_secret_free(s);

	char *p = path_of("mount/db-pass");
	unlink(p);
	free(p);
	CHECK_INT(resolve(&s, "db-pass", NULL, "order.sealed.yaml", &looked), 0);
	CHECK(value_is(s, "from-sealed"));
	CHECK_STR(s ? s->source : NULL, "sealed");
	CHECK_STR(s ? s->name : NULL, "db-pass");
	CHECK(s && s->key == NULL);
	floe_secret_free(s);
	floe_seal_key_free(k);
	floe_buf_release(&looked);
	free(kv);
}

static void test_secrets__empty_env_is_missing(void)
{
	floe_secret *s = NULL;
	floe_buf looked = FLOE_BUF_INIT;
	mkdir_rel("mount");
	write_file("mount/api-token", "file-token", 10);
	env_set(1, "API_TOKEN=");
	CHECK_INT(resolve(&s, "api-token", NULL, NULL, &looked), 0);
	CHECK(value_is(s, "file-token"));
	floe_secret_free(s);

	CHECK_INT(resolve(&s, "no-such", NULL, NULL, &looked), FLOE_ESECRET);
	env_set(1, "NO_SUCH=");
	CHECK_INT(resolve(&s, "no-such", NULL, NULL, &looked), FLOE_ESECRET);
	CHECK(s == NULL);
	CHECK(has(looked.ptr, "environment variable NO_SUCH (empty)"));
	floe_buf_release(&looked);
}

static void test_secrets__key_selector(void)
{
	floe_secret *s = NULL;
	floe_buf looked = FLOE_BUF_INIT;
	mkdir_rel("mount");
	mkdir_rel("mount/aws-credentials");
	write_file("mount/aws-credentials/secret_access_key", "file-sak", 8);
	env_set(1, "AWS_CREDENTIALS_ACCESS_KEY_ID=AKIAENV");
	CHECK_INT(resolve(&s, "aws-credentials", "access_key_id", NULL, &looked), 0);
	CHECK(value_is(s, "AKIAENV"));
	CHECK_STR(s ? s->key : NULL, "access_key_id");
	CHECK_STR(s ? s->var : NULL, "AWS_CREDENTIALS_ACCESS_KEY_ID");
	floe_secret_free(s);

	CHECK_INT(resolve(&s, "aws-credentials", "secret_access_key", NULL, &looked), 0);
	CHECK(value_is(s, "file-sak"));
	floe_secret_free(s);

	CHECK_INT(resolve(&s, "aws-credentials", "session_token", NULL, &looked),
		  FLOE_ESECRET);
	char *want = path_of("mount/aws-credentials/session_token");
	CHECK(has(looked.ptr, "environment variable AWS_CREDENTIALS_SESSION_TOKEN"));
	CHECK(has(looked.ptr, want));
	CHECK(has(floe_error_last(), "secret 'aws-credentials' key 'session_token' not found"));
	free(want);
	floe_buf_release(&looked);
}

static void test_secrets__not_found_lists_places(void)
{
	floe_secret *s = NULL;
	floe_buf looked = FLOE_BUF_INIT;
	char *kv;
	floe_seal_key *k = make_key(&kv);
	const char *t[] = { "other", NULL, CANARY };
	make_sealed("nf.sealed.yaml", k, 1, t);
	mkdir_rel("mount");
	env_set(2, "OTHER=" CANARY, "UNRELATED=" CANARY);

	CHECK_INT(resolve(&s, "polaris-client-secret", NULL, "nf.sealed.yaml", &looked),
		  FLOE_ESECRET);
	char *file = path_of("mount/polaris-client-secret");
	char *sealed = path_of("nf.sealed.yaml");
	floe_buf want = FLOE_BUF_INIT;
	floe_buf_printf(&want, "secret 'polaris-client-secret' not found: looked in "
			"environment variable POLARIS_CLIENT_SECRET, file %s, "
			"sealed file %s (no entry)", file, sealed);
	CHECK_STR(floe_error_last(), want.ptr);
	no_canary(&looked);

	/* an entry but no key */
	CHECK_INT(resolve(&s, "other", NULL, "nf.sealed.yaml", &looked), 0);
	CHECK(value_is(s, CANARY)); /* OTHER from the environment */
	floe_secret_free(s);
	env_set(0);
	CHECK_INT(resolve(&s, "other", NULL, "nf.sealed.yaml", &looked), FLOE_ESECRET);
	CHECK(has(looked.ptr, "(no key: set FLOE_SECRETS_KEY or FLOE_SECRETS_KEY_FILE)"));
	no_canary(&looked);

	/* a sealed file that does not exist */
	CHECK_INT(resolve(&s, "other", NULL, "missing.sealed.yaml", &looked), FLOE_ESECRET);
	CHECK(has(looked.ptr, "missing.sealed.yaml (missing)"));

	/* a bad key in the environment is an error, not a miss */
	env_set(1, "FLOE_SECRETS_KEY=" CANARY);
	CHECK_INT(resolve(&s, "other", NULL, "nf.sealed.yaml", &looked), FLOE_ESECRET);
	CHECK(has(floe_error_last(), "FLOE_SECRETS_KEY does not hold a private key"));
	no_canary(&looked);
	free(file);
	free(sealed);
	free(kv);
	floe_buf_release(&want);
	floe_buf_release(&looked);
	floe_seal_key_free(k);
}

static void test_secrets__file_rules(void)
{
	floe_secret *s = NULL;
	floe_buf looked = FLOE_BUF_INIT;
	env_set(0);
	mkdir_rel("mount");
	write_file("mount/two-newlines", CANARY "\n\n", strlen(CANARY) + 2);
	CHECK_INT(resolve(&s, "two-newlines", NULL, NULL, &looked), 0);
	CHECK(value_is(s, CANARY "\n"));
	floe_secret_free(s);

	write_file("mount/empty", "\n", 1);
	CHECK_INT(resolve(&s, "empty", NULL, NULL, &looked), FLOE_ESECRET);
	CHECK(has(looked.ptr, "(empty)"));

	mkdir_rel("mount/a-dir");
	CHECK_INT(resolve(&s, "a-dir", NULL, NULL, &looked), FLOE_EIO);
	CHECK(has(floe_error_last(), "mount/a-dir' is a directory"));

	char *big = floe_xmalloc(FLOE_SECRET_MAX + 2);
	memset(big, 'x', FLOE_SECRET_MAX + 1);
	write_file("mount/big", big, FLOE_SECRET_MAX + 1);
	free(big);
	CHECK_INT(resolve(&s, "big", NULL, NULL, &looked), FLOE_ETOOBIG);
	CHECK(has(floe_error_last(), "mount/big' is larger than 64 KiB"));

	if (geteuid() != 0) { /* root reads anything */
		write_file("mount/locked", CANARY, strlen(CANARY));
		char *p = path_of("mount/locked");
		chmod(p, 0);
		CHECK_INT(resolve(&s, "locked", NULL, NULL, &looked), FLOE_EIO);
		CHECK(has(floe_error_last(), "mount/locked'"));
		free(p);
	}
	no_canary(&looked);

	/* names that are not file names never reach the file system */
	CHECK_INT(resolve(&s, "../etc", NULL, NULL, &looked), FLOE_ESECRET);
	CHECK(has(looked.ptr, "no file (the name is not a plain file name)"));

	/* FLOE_SECRETS_DIR when no mount is given */
	char *mount = path_of("mount");
	floe_buf var = FLOE_BUF_INIT;
	floe_buf_printf(&var, "FLOE_SECRETS_DIR=%s/", mount);
	env_set(1, var.ptr);
	floe_secret_opts o = { NULL, NULL, fake_getenv, NULL };
	CHECK_INT(floe_secret_resolve(&s, "two-newlines", NULL, &o, NULL), 0);
	CHECK(value_is(s, CANARY "\n"));
	floe_secret_free(s);
	env_set(0);
	CHECK_INT(floe_secret_resolve(&s, "two-newlines", NULL, &o, &looked), FLOE_ESECRET);
	CHECK(has(looked.ptr, "file /var/run/secrets/two-newlines"));
	free(mount);
	floe_buf_release(&var);
	floe_buf_release(&looked);
}

static void test_secrets__sealed_round_trip(void)
{
	floe_secret *s = NULL;
	floe_sealed *f = NULL;
	char *kv;
	floe_seal_key *k = make_key(&kv);
	const char *t[] = {
		"zeta", NULL, "z",
		"aws-credentials", "secret_access_key", "sak",
		"aws-credentials", "access_key_id", "akid",
		"aws-credentials", NULL, "whole",
	};
	make_sealed("rt.sealed.yaml", k, 4, t);
	char *p = path_of("rt.sealed.yaml");
	CHECK_INT(floe_sealed_load(&f, p, 0), 0);
	CHECK_INT(f ? floe_sealed_count(f) : 0, 4);
	const char *name, *key;
	floe_sealed_entry(f, 0, &name, &key);
	CHECK_STR(name, "aws-credentials");
	CHECK(key == NULL);
	floe_sealed_entry(f, 1, &name, &key);
	CHECK_STR(key, "access_key_id");
	floe_sealed_entry(f, 3, &name, &key);
	CHECK_STR(name, "zeta");
	CHECK_STR(floe_sealed_recipient(f), floe_seal_key_public(k));
	for (size_t i = 0; i < 4; i++) {
		CHECK_INT(floe_sealed_open(&s, f, k, t[3 * i], t[3 * i + 1]), 0);
		CHECK(value_is(s, t[3 * i + 2]));
		floe_secret_free(s);
	}
	CHECK_INT(floe_sealed_open(&s, f, k, "nope", NULL), FLOE_ENOTFOUND);

	/* replacing keeps one entry; the layout is stable */
	char *before = read_text("rt.sealed.yaml");
	CHECK_INT(floe_sealed_put(f, "zeta", NULL, "z2", 2), 0);
	CHECK_INT(floe_sealed_count(f), 4);
	CHECK_INT(floe_sealed_save(f, NULL), 0);
	char *after = read_text("rt.sealed.yaml");
	CHECK(has(after, "version: 2\nenvironment: local\nrecipient: "));
	CHECK(strlen(before) - strlen(strstr(before, "- name: zeta")) ==
	      strlen(after) - strlen(strstr(after, "- name: zeta")));
	CHECK(memcmp(before, after, strlen(before) - strlen(strstr(before, "- name: zeta"))) == 0);
	floe_sealed_free(f);
	CHECK_INT(floe_sealed_load(&f, p, 0), 0);
	CHECK_INT(floe_sealed_open(&s, f, k, "zeta", NULL), 0);
	CHECK(value_is(s, "z2"));
	floe_secret_free(s);
	floe_sealed_free(f);
	free(before);
	free(after);
	free(p);
	free(kv);
	floe_seal_key_free(k);
}

/* Replace the first occurrence of `from` in the file by `to`. */
static void edit(const char *rel, const char *from, const char *to)
{
	char *text = read_text(rel);
	char *at = strstr(text, from);
	CHECK(at != NULL);
	if (!at) {
		free(text);
		return;
	}
	floe_buf b = FLOE_BUF_INIT;
	floe_buf_put(&b, text, (size_t)(at - text));
	floe_buf_puts(&b, to);
	floe_buf_puts(&b, at + strlen(from));
	write_file(rel, b.ptr, b.len);
	floe_buf_release(&b);
	free(text);
}

/* The base64 value of the entry whose line "- name: NAME" comes first. */
static char *value_of(const char *rel, const char *name)
{
	char *text = read_text(rel);
	floe_buf b = FLOE_BUF_INIT;
	floe_buf_printf(&b, "- name: %s\n", name);
	char *at = strstr(strstr(text, b.ptr), "value: ") + 7;
	char *v = floe_xstrndup(at, strcspn(at, "\n"));
	floe_buf_release(&b);
	free(text);
	return v;
}

static int open_one(const char *rel, const floe_seal_key *k, const char *name)
{
	floe_sealed *f = NULL;
	floe_secret *s = NULL;
	char *p = path_of(rel);
	int rc = floe_sealed_load(&f, p, 0);
	if (rc == 0)
		rc = floe_sealed_open(&s, f, k, name, NULL);
	CHECK(rc != 0 || value_is(s, CANARY));
	floe_secret_free(s);
	floe_sealed_free(f);
	free(p);
	return rc;
}

static void test_secrets__tamper(void)
{
	char *kv;
	floe_seal_key *k = make_key(&kv);
	const char *t[] = { "token", NULL, CANARY };
	make_sealed("tamper.sealed.yaml", k, 1, t);
	CHECK_INT(open_one("tamper.sealed.yaml", k, "token"), 0);
	char *v = value_of("tamper.sealed.yaml", "token");
	char *bad = floe_xstrdup(v);
	bad[20] = bad[20] == 'A' ? 'B' : 'A';
	edit("tamper.sealed.yaml", v, bad);
	CHECK_INT(open_one("tamper.sealed.yaml", k, "token"), FLOE_ECRYPTO);
	CHECK(has(floe_error_last(), "sealed value of 'token' in '"));
	CHECK(has(floe_error_last(), "tamper.sealed.yaml' does not open: tampered or corrupted"));
	CHECK(!has(floe_error_last(), CANARY));

	/* truncated base64 */
	edit("tamper.sealed.yaml", bad, "AAAA");
	bad[strlen(bad) - 3] = '\0';
	edit("tamper.sealed.yaml", "AAAA", bad);
	CHECK_INT(open_one("tamper.sealed.yaml", k, "token"), FLOE_ECRYPTO);
	CHECK(has(floe_error_last(), "sealed value of 'token' in '"));
	CHECK(has(floe_error_last(), "is not valid base64 (truncated or garbled)"));

	/* garbled */
	edit("tamper.sealed.yaml", bad, "abc-def=");
	CHECK_INT(open_one("tamper.sealed.yaml", k, "token"), FLOE_ECRYPTO);
	CHECK(has(floe_error_last(), "is not valid base64"));

	/* short */
	edit("tamper.sealed.yaml", "abc-def=", "AAAA");
	CHECK_INT(open_one("tamper.sealed.yaml", k, "token"), FLOE_ECRYPTO);
	CHECK(has(floe_error_last(), "is too short to be a sealed value"));
	free(v);
	free(bad);
	free(kv);
	floe_seal_key_free(k);
}

static void test_secrets__swap_detected(void)
{
	char *kv;
	floe_seal_key *k = make_key(&kv);
	const char *t[] = { "alpha", NULL, CANARY, "bravo", NULL, "other" };
	make_sealed("swap.sealed.yaml", k, 2, t);
	char *a = value_of("swap.sealed.yaml", "alpha");
	char *b = value_of("swap.sealed.yaml", "bravo");
	edit("swap.sealed.yaml", a, "@A@");
	edit("swap.sealed.yaml", b, a);
	edit("swap.sealed.yaml", "@A@", b);
	CHECK_INT(open_one("swap.sealed.yaml", k, "alpha"), FLOE_ECRYPTO);
	CHECK(has(floe_error_last(), "sealed value of 'alpha' in '"));
	CHECK(has(floe_error_last(), "was made for 'bravo'"));
	CHECK_INT(open_one("swap.sealed.yaml", k, "bravo"), FLOE_ECRYPTO);
	CHECK(has(floe_error_last(), "was made for 'alpha'"));
	CHECK(!has(floe_error_last(), CANARY));

	/* a value moved to another key of the same secret */
	const char *t2[] = { "aws", "id", "one", "aws", "secret", CANARY };
	make_sealed("swap2.sealed.yaml", k, 2, t2);
	char *text = read_text("swap2.sealed.yaml");
	char *id = strstr(text, "key: id\n");
	CHECK(id != NULL);
	if (id)
		edit("swap2.sealed.yaml", "key: id\n", "key: tmp\n");
	edit("swap2.sealed.yaml", "key: secret\n", "key: id\n");
	edit("swap2.sealed.yaml", "key: tmp\n", "key: secret\n");
	floe_sealed *f = NULL;
	floe_secret *s = NULL;
	char *p = path_of("swap2.sealed.yaml");
	CHECK_INT(floe_sealed_load(&f, p, 0), 0);
	CHECK_INT(floe_sealed_open(&s, f, k, "aws", "id"), FLOE_ECRYPTO);
	CHECK(has(floe_error_last(), "sealed value of 'aws' key 'id' in '"));
	CHECK(has(floe_error_last(), "was made for 'aws' key 'secret'"));
	CHECK(!has(floe_error_last(), CANARY));
	floe_sealed_free(f);
	free(p);
	free(text);
	free(a);
	free(b);
	free(kv);
	floe_seal_key_free(k);
}

static void test_secrets__wrong_key(void)
{
	char *kv, *kv2;
	floe_seal_key *k = make_key(&kv), *k2 = make_key(&kv2);
	const char *t[] = { "token", NULL, CANARY };
	make_sealed("wk.sealed.yaml", k, 1, t);
	CHECK_INT(open_one("wk.sealed.yaml", k2, "token"), FLOE_ECRYPTO);
	CHECK(has(floe_error_last(), "cannot open secret 'token': sealed file '"));
	CHECK(has(floe_error_last(), "is sealed for recipient"));
	CHECK(has(floe_error_last(), floe_seal_key_public(k)));
	CHECK(has(floe_error_last(), floe_seal_key_public(k2)));

	/* the file claims k2 but its values were sealed for k */
	edit("wk.sealed.yaml", floe_seal_key_public(k), floe_seal_key_public(k2));
	CHECK_INT(open_one("wk.sealed.yaml", k2, "token"), FLOE_ECRYPTO);
	CHECK(has(floe_error_last(), "does not open"));

	/* through resolution */
	floe_secret *s = NULL;
	floe_buf looked = FLOE_BUF_INIT;
	env_set(1, kv);
	mkdir_rel("mount");
	CHECK_INT(resolve(&s, "token", NULL, "wk.sealed.yaml", &looked), FLOE_ECRYPTO);
	CHECK(has(floe_error_last(), "'token'"));
	no_canary(&looked);
	floe_buf_release(&looked);
	free(kv);
	free(kv2);
	floe_seal_key_free(k);
	floe_seal_key_free(k2);
}

static void test_secrets__malformed_files(void)
{
	char *kv;
	floe_seal_key *k = make_key(&kv);
	const char *t[] = { "alpha", NULL, "a", "bravo", "k", "b" };
	make_sealed("m.sealed.yaml", k, 2, t);
	char *good = read_text("m.sealed.yaml");
	floe_sealed *f = NULL;
	char *p = path_of("m.sealed.yaml");

	edit("m.sealed.yaml", "version: 2", "version: 3");
	CHECK_INT(floe_sealed_load(&f, p, 0), FLOE_ECRYPTO);
	CHECK(has(floe_error_last(), "has version 3; this floe reads versions 1 and 2"));
	write_file("m.sealed.yaml", good, strlen(good));
	edit("m.sealed.yaml", "environment: local\n", "");
	CHECK_INT(floe_sealed_load(&f, p, 0), FLOE_ECRYPTO);
	CHECK(has(floe_error_last(), "has version 2 but no environment"));

	write_file("m.sealed.yaml", good, strlen(good));
	edit("m.sealed.yaml", "- name: bravo", "- name: alpha");
	edit("m.sealed.yaml", "  key: k\n", "");
	CHECK_INT(floe_sealed_load(&f, p, 0), FLOE_ECRYPTO);
	CHECK(has(floe_error_last(), "has two entries for secret 'alpha'"));

	write_file("m.sealed.yaml", good, strlen(good));
	edit("m.sealed.yaml", "  key: k\n", "  key: k\n  extra: 1\n");
	CHECK_INT(floe_sealed_load(&f, p, 0), FLOE_ECRYPTO);
	CHECK(has(floe_error_last(), "is malformed: unexpected key: extra (entry 2"));

	write_file("m.sealed.yaml", good, strlen(good));
	edit("m.sealed.yaml", "recipient: ", "recipient: x");
	CHECK_INT(floe_sealed_load(&f, p, 0), FLOE_ECRYPTO);
	CHECK(has(floe_error_last(), "has a recipient that is not a public key"));

	write_file("m.sealed.yaml", "", 0);
	CHECK_INT(floe_sealed_load(&f, p, 0), FLOE_ECRYPTO);
	write_file("m.sealed.yaml", "version: 1\nsecrets: *x\n", 23);
	CHECK_INT(floe_sealed_load(&f, p, 0), FLOE_ECRYPTO);
	CHECK(f == NULL);
	/* --max-bytes: a file past the user's limit is not read */
	CHECK_INT(floe_sealed_load(&f, p, 10), FLOE_ETOOBIG);
	CHECK(has(floe_error_last(), "larger than 10 bytes"));
	free(p);
	p = path_of("none.sealed.yaml");
	CHECK_INT(floe_sealed_load(&f, p, 0), FLOE_ENOTFOUND);
	free(p);
	free(good);
	free(kv);
	floe_seal_key_free(k);
}

static void test_secrets__reseal(void)
{
	char *kv, *kv2;
	floe_seal_key *k = make_key(&kv), *k2 = make_key(&kv2);
	const char *t[] = { "alpha", NULL, CANARY, "bravo", "k", "b", "charlie", NULL, "c" };
	make_sealed("rs.sealed.yaml", k, 3, t);
	floe_sealed *f = NULL;
	floe_secret *s = NULL;
	char *p = path_of("rs.sealed.yaml");
	CHECK_INT(floe_sealed_load(&f, p, 0), 0);
	/* the wrong key: nothing changes */
	CHECK_INT(floe_sealed_reseal(f, k2, floe_seal_key_public(k), NULL), FLOE_ECRYPTO);
	CHECK_STR(floe_sealed_recipient(f), floe_seal_key_public(k));
	CHECK_INT(floe_sealed_reseal(f, k, "not-a-key", NULL), FLOE_EUSAGE);
	CHECK_INT(floe_sealed_reseal(f, k, floe_seal_key_public(k2), NULL), 0);
	CHECK_INT(floe_sealed_save(f, NULL), 0);
	floe_sealed_free(f);
	CHECK_INT(floe_sealed_load(&f, p, 0), 0);
	CHECK_STR(floe_sealed_recipient(f), floe_seal_key_public(k2));
	for (size_t i = 0; i < 3; i++) {
		CHECK_INT(floe_sealed_open(&s, f, k2, t[3 * i], t[3 * i + 1]), 0);
		CHECK(value_is(s, t[3 * i + 2]));
		floe_secret_free(s);
	}
	CHECK_INT(floe_sealed_open(&s, f, k, "alpha", NULL), FLOE_ECRYPTO);
	floe_sealed_free(f);

	/* a tampered entry makes reseal fail as a whole */
	char *v = value_of("rs.sealed.yaml", "charlie");
	char *bad = floe_xstrdup(v);
	bad[30] = bad[30] == 'A' ? 'B' : 'A';
	edit("rs.sealed.yaml", v, bad);
	CHECK_INT(floe_sealed_load(&f, p, 0), 0);
	CHECK_INT(floe_sealed_reseal(f, k2, floe_seal_key_public(k), NULL), FLOE_ECRYPTO);
	CHECK(has(floe_error_last(), "'charlie'"));
	CHECK_STR(floe_sealed_recipient(f), floe_seal_key_public(k2));
	CHECK_INT(floe_sealed_open(&s, f, k2, "alpha", NULL), 0);
	CHECK(value_is(s, CANARY));
	floe_secret_free(s);
	floe_sealed_free(f);
	free(v);
	free(bad);
	free(p);
	free(kv);
	free(kv2);
	floe_seal_key_free(k);
	floe_seal_key_free(k2);
}

static void test_secrets__keys(void)
{
	char *kv;
	floe_seal_key *k = make_key(&kv), *k2 = NULL;
	const char *b64 = kv + strlen("FLOE_SECRETS_KEY=");
	CHECK_INT(floe_seal_key_parse(&k2, b64, strlen(b64)), 0);
	CHECK_STR(k2 ? floe_seal_key_public(k2) : NULL, floe_seal_key_public(k));
	floe_seal_key_free(k2);

	/* the key file, with a final newline */
	floe_buf line = FLOE_BUF_INIT, var = FLOE_BUF_INIT;
	floe_buf_printf(&line, "%s\n", b64);
	write_file("test.key", line.ptr, line.len);
	char *p = path_of("test.key");
	chmod(p, 0600);
	floe_buf_printf(&var, "FLOE_SECRETS_KEY_FILE=%s", p);
	env_set(1, var.ptr);
	CHECK_INT(floe_seal_key_from_env(&k2, fake_getenv), 0);
	CHECK_STR(k2 ? floe_seal_key_public(k2) : NULL, floe_seal_key_public(k));
	floe_seal_key_free(k2);
	/* FLOE_SECRETS_KEY wins */
	env_set(2, "FLOE_SECRETS_KEY=AAAA", var.ptr);
	CHECK_INT(floe_seal_key_from_env(&k2, fake_getenv), FLOE_ESECRET);
	CHECK(k2 == NULL);
	write_file("test.key", CANARY, strlen(CANARY));
	env_set(1, var.ptr);
	CHECK_INT(floe_seal_key_from_env(&k2, fake_getenv), FLOE_ESECRET);
	CHECK(has(floe_error_last(), "does not hold a private key"));
	CHECK(!has(floe_error_last(), CANARY));
	env_set(1, "FLOE_SECRETS_KEY_FILE=/nonexistent/floe.key");
	CHECK_INT(floe_seal_key_from_env(&k2, fake_getenv), FLOE_EIO);
	env_set(0);
	CHECK_INT(floe_seal_key_from_env(&k2, fake_getenv), FLOE_ENOTFOUND);

	CHECK_INT(floe_seal_pubkey_check(floe_seal_key_public(k)), 0);
	CHECK_INT(floe_seal_pubkey_check("AAAA"), FLOE_EUSAGE);
	CHECK_INT(floe_seal_pubkey_check(""), FLOE_EUSAGE);
	/* low-order points: all zeros, and the order-8 point of RFC 7748's list */
	CHECK_INT(floe_seal_pubkey_check("AAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAA="), FLOE_EUSAGE);
	CHECK(has(floe_error_last(), "low-order"));
	CHECK_INT(floe_seal_pubkey_check("AQAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAA="), FLOE_EUSAGE);
	floe_sealed *f = NULL;
	CHECK_INT(floe_sealed_create(&f, "x", "AAAA"), FLOE_EUSAGE);
	CHECK_INT(floe_sealed_create(&f, "x", floe_seal_key_public(k)), 0);
	CHECK_INT(floe_sealed_put(f, "../x", NULL, "v", 1), FLOE_EUSAGE);
	CHECK_INT(floe_sealed_put(f, "x", "", "v", 1), FLOE_EUSAGE);
	CHECK_INT(floe_sealed_put(f, "x", NULL, "", 0), FLOE_EUSAGE);
	floe_sealed_free(f);
	free(p);
	free(kv);
	floe_buf_release(&line);
	floe_buf_release(&var);
	floe_seal_key_free(k);
}

static int warnings;
static char last_warning[512];

static void count_warning(const char *msg)
{
	warnings++;
	snprintf(last_warning, sizeof(last_warning), "%s", msg);
}

/* A key file: mode checks after open (through symlinks), never a FIFO. */
static void test_secrets__key_file_rules(void)
{
	char *kv;
	floe_seal_key *k = make_key(&kv), *k2 = NULL;
	const char *b64 = kv + strlen("FLOE_SECRETS_KEY=");
	floe_buf var = FLOE_BUF_INIT;
	mkdir_rel("kmount");
	mkdir_rel("kmount/..2026_12_08");
	write_file("kmount/..2026_12_08/key", b64, strlen(b64));
	char *target = path_of("kmount/..2026_12_08/key");
	char *data = path_of("kmount/..data"), *link = path_of("kmount/key");
	CHECK_INT(symlink("..2026_12_08", data), 0);
	CHECK_INT(symlink("..data/key", link), 0);
	floe_buf_printf(&var, "FLOE_SECRETS_KEY_FILE=%s", link);
	env_set(1, var.ptr);
	floe_secrets_on_warning(count_warning);

	/* world-readable (Kubernetes' default 0644): refused, naming the mode */
	chmod(target, 0644);
	CHECK_INT(floe_seal_key_from_env(&k2, fake_getenv), FLOE_ESECRET);
	CHECK(k2 == NULL);
	CHECK(has(floe_error_last(), "readable by every user (mode 0644)"));
	CHECK(has(floe_error_last(), link));
	/* group-readable (fsGroup): used, one warning */
	chmod(target, 0440);
	warnings = 0;
	CHECK_INT(floe_seal_key_from_env(&k2, fake_getenv), 0);
	CHECK_STR(k2 ? floe_seal_key_public(k2) : NULL, floe_seal_key_public(k));
	CHECK_INT(warnings, 1);
	CHECK(has(last_warning, "readable by its group (mode 0440)"));
	CHECK(!has(last_warning, b64));
	floe_seal_key_free(k2);
	/* owner only, through both links: silent */
	chmod(target, 0400);
	warnings = 0;
	CHECK_INT(floe_seal_key_from_env(&k2, fake_getenv), 0);
	CHECK(k2 != NULL);
	CHECK_INT(warnings, 0);
	floe_seal_key_free(k2);
	k2 = NULL;

	/* a FIFO with no writer: refused at once, never a hang */
	char *fifo = path_of("key.fifo");
	CHECK_INT(mkfifo(fifo, 0600), 0);
	floe_buf_clear(&var);
	floe_buf_printf(&var, "FLOE_SECRETS_KEY_FILE=%s", fifo);
	env_set(1, var.ptr);
	alarm(10);
	CHECK_INT(floe_seal_key_from_env(&k2, fake_getenv), FLOE_EIO);
	alarm(0);
	CHECK(has(floe_error_last(), "is not a regular file"));
	/* a directory */
	floe_buf_clear(&var);
	floe_buf_printf(&var, "FLOE_SECRETS_KEY_FILE=%s/kmount", tmpdir);
	env_set(1, var.ptr);
	CHECK_INT(floe_seal_key_from_env(&k2, fake_getenv), FLOE_EIO);
	CHECK(has(floe_error_last(), "is not a regular file"));
	floe_secrets_on_warning(NULL);
	env_set(0);
	free(fifo);
	free(target);
	free(data);
	free(link);
	free(kv);
	floe_buf_release(&var);
	floe_seal_key_free(k);
}

/* floe_secrets_init made the process non-dumpable with no core limit. */
static void test_secrets__no_core(void)
{
	struct rlimit rl;
	CHECK_INT(prctl(PR_GET_DUMPABLE, 0, 0, 0, 0), 0);
	CHECK_INT(getrlimit(RLIMIT_CORE, &rl), 0);
	CHECK_INT(rl.rlim_cur, 0);
	CHECK_INT(rl.rlim_max, 0);
}

/* A sealed file of environment `env` holding name = value. */
static void make_env_sealed(const char *rel, const floe_seal_key *k,
			    const char *env, const char *name, const char *value)
{
	floe_sealed *f = NULL;
	char *p = path_of(rel);
	CHECK_INT(floe_sealed_create(&f, p, floe_seal_key_public(k)), 0);
	CHECK_INT(floe_sealed_set_env(f, env), 0);
	CHECK_INT(floe_sealed_put(f, name, NULL, value, strlen(value)), 0);
	CHECK_INT(floe_sealed_save(f, NULL), 0);
	floe_sealed_free(f);
	free(p);
}

static int resolve_in(floe_secret **out, const char *name, const char *rel,
		      const char *env)
{
	char *mount = path_of("mount"), *sealed = path_of(rel);
	floe_secret_opts o = { mount, sealed, fake_getenv, env };
	int rc = floe_secret_resolve(out, name, NULL, &o, NULL);
	free(mount);
	free(sealed);
	return rc;
}

/* The value of `field:` on the first line that has it, up to its end. */
static char *field_of(const char *text, const char *field)
{
	const char *at = strstr(text, field);
	if (!at)
		return floe_xstrdup("");
	at += strlen(field);
	floe_buf b = FLOE_BUF_INIT;
	floe_buf_put(&b, at, strcspn(at, "\n"));
	return floe_buf_detach(&b);
}

/* Version 2: a file, or one of its values, opens only in its environment. */
static void test_secrets__sealed_v2_environment(void)
{
	char *kv;
	floe_seal_key *k = make_key(&kv);
	floe_secret *s = NULL;
	env_set(1, kv);
	make_env_sealed("prod.sealed.yaml", k, "prod", "db-password", CANARY);
	make_env_sealed("dev.sealed.yaml", k, "dev", "db-password", "dev-password-1");
	char *prod = read_text("prod.sealed.yaml");
	CHECK(has(prod, "version: 2\nenvironment: prod\n"));

	/* prod's file in prod: opens; under dev: an error naming the file */
	CHECK_INT(resolve_in(&s, "db-password", "prod.sealed.yaml", "prod"), 0);
	CHECK(value_is(s, CANARY));
	floe_secret_free(s);
	CHECK_INT(resolve_in(&s, "db-password", "prod.sealed.yaml", "dev"), FLOE_ECRYPTO);
	CHECK(s == NULL);
	CHECK(has(floe_error_last(), "prod.sealed.yaml' is sealed for environment 'prod', not for 'dev'"));
	CHECK(!has(floe_error_last(), CANARY));

	/* the header changed to dev: the value inside still says prod */
	write_file("copy.sealed.yaml", prod, strlen(prod));
	edit("copy.sealed.yaml", "environment: prod", "environment: dev");
	CHECK_INT(resolve_in(&s, "db-password", "copy.sealed.yaml", "dev"), FLOE_ECRYPTO);
	CHECK(has(floe_error_last(), "was made for environment 'prod', not 'dev'"));

	/* prod's value pasted into dev's file (one key pair for both) */
	char *dev = read_text("dev.sealed.yaml");
	char *pv = field_of(prod, "  value: "), *dv = field_of(dev, "  value: ");
	write_file("paste.sealed.yaml", dev, strlen(dev));
	edit("paste.sealed.yaml", dv, pv);
	CHECK_INT(resolve_in(&s, "db-password", "paste.sealed.yaml", "dev"), FLOE_ECRYPTO);
	CHECK(has(floe_error_last(), "was made for environment 'prod', not 'dev'"));
	CHECK(!has(floe_error_last(), CANARY));

	/* a file with entries keeps its environment */
	floe_sealed *f = NULL;
	char *p = path_of("prod.sealed.yaml");
	CHECK_INT(floe_sealed_load(&f, p, 0), 0);
	CHECK_STR(f ? floe_sealed_env(f) : NULL, "prod");
	CHECK_INT(floe_sealed_set_env(f, "dev"), FLOE_ECRYPTO);
	CHECK_INT(floe_sealed_reseal(f, k, floe_seal_key_public(k), "dev"), FLOE_ECRYPTO);
	floe_sealed_free(f);
	env_set(0);
	free(p);
	free(pv);
	free(dv);
	free(dev);
	free(prod);
	free(kv);
	floe_seal_key_free(k);
}

/* Version 1 is read with one warning; reseal upgrades it to version 2. */
static void test_secrets__sealed_v1_upgrade(void)
{
	char *kv;
	floe_seal_key *k = make_key(&kv);
	floe_secret *s = NULL;
	/* a version 1 file as floe 0.1 wrote it: its box binds name and key */
	const char plain[] = "floe-sealed-v1\0old-secret\0\0" CANARY;
	unsigned char pk[crypto_box_PUBLICKEYBYTES];
	unsigned char box[crypto_box_SEALBYTES + sizeof(plain) - 1];
	size_t got = 0;
	const char *pub = floe_seal_key_public(k);
	CHECK_INT(sodium_base642bin(pk, sizeof(pk), pub, strlen(pub), NULL, &got, NULL,
				    sodium_base64_VARIANT_ORIGINAL), 0);
	CHECK_INT(crypto_box_seal(box, (const unsigned char *)plain, sizeof(plain) - 1, pk), 0);
	char b64[sodium_base64_ENCODED_LEN(sizeof(box), sodium_base64_VARIANT_ORIGINAL)];
	sodium_bin2base64(b64, sizeof(b64), box, sizeof(box), sodium_base64_VARIANT_ORIGINAL);
	floe_buf y = FLOE_BUF_INIT;
	floe_buf_printf(&y, "version: 1\nrecipient: %s\nsecrets:\n- name: old-secret\n  value: %s\n",
			pub, b64);
	write_file("v1.sealed.yaml", y.ptr, y.len);
	env_set(1, kv);
	floe_secrets_on_warning(count_warning);
	warnings = 0;
	CHECK_INT(resolve_in(&s, "old-secret", "v1.sealed.yaml", "staging"), 0);
	CHECK(value_is(s, CANARY));
	floe_secret_free(s);
	CHECK_INT(warnings, 1);
	CHECK(has(last_warning, "has version 1"));
	CHECK(has(last_warning, "floe secrets reseal"));
	CHECK(!has(last_warning, CANARY));

	floe_sealed *f = NULL;
	char *p = path_of("v1.sealed.yaml");
	CHECK_INT(floe_sealed_load(&f, p, 0), 0);
	CHECK_INT(f ? floe_sealed_version(f) : 0, 1);
	CHECK(f && floe_sealed_env(f) == NULL);
	CHECK_INT(floe_sealed_reseal(f, k, pub, "staging"), 0);
	CHECK_INT(floe_sealed_version(f), 2);
	CHECK_INT(floe_sealed_save(f, NULL), 0);
	floe_sealed_free(f);
	char *text = read_text("v1.sealed.yaml");
	CHECK(has(text, "version: 2\nenvironment: staging\n"));
	warnings = 0;
	CHECK_INT(resolve_in(&s, "old-secret", "v1.sealed.yaml", "staging"), 0);
	CHECK(value_is(s, CANARY));
	floe_secret_free(s);
	CHECK_INT(warnings, 0);
	CHECK_INT(resolve_in(&s, "old-secret", "v1.sealed.yaml", "prod"), FLOE_ECRYPTO);
	floe_secrets_on_warning(NULL);
	env_set(0);
	free(text);
	free(p);
	floe_buf_release(&y);
	free(kv);
	floe_seal_key_free(k);
}

static void test_secrets__read_fd(void)
{
	int fds[2];
	floe_secret *s = NULL;
	CHECK_INT(pipe(fds), 0);
	CHECK_INT(write(fds[1], CANARY "\n", strlen(CANARY) + 1), (long)strlen(CANARY) + 1);
	close(fds[1]);
	CHECK_INT(floe_secret_read_fd(&s, fds[0]), 0);
	CHECK(value_is(s, CANARY));
	CHECK_STR(s ? s->source : NULL, "stdin");
	floe_secret_free(s);
	close(fds[0]);

	CHECK_INT(pipe(fds), 0);
	CHECK_INT(write(fds[1], "\n", 1), 1);
	close(fds[1]);
	CHECK_INT(floe_secret_read_fd(&s, fds[0]), FLOE_EINVALID);
	CHECK(s == NULL);
	close(fds[0]);
	floe_secret_free(NULL);
	floe_seal_key_free(NULL);
	floe_sealed_free(NULL);
	CHECK(floe_secret_name_ok("polaris-client-secret"));
	CHECK(floe_secret_name_ok("tls.crt"));
	CHECK(!floe_secret_name_ok(".."));
	CHECK(!floe_secret_name_ok("-x"));
	CHECK(!floe_secret_name_ok("a/b"));
	CHECK(!floe_secret_name_ok(""));
}

static void cleanup(void)
{
	floe_buf cmd = FLOE_BUF_INIT;
	floe_buf_printf(&cmd, "chmod -R u+rwx '%s' && rm -rf '%s'", tmpdir, tmpdir);
	if (system(cmd.ptr) != 0)
		fprintf(stderr, "could not remove %s\n", tmpdir);
	floe_buf_release(&cmd);
}

int main(void)
{
	if (!mkdtemp(tmpdir) || floe_secrets_init() != 0)
		return 1;
	RUN(test_secrets__no_core);
	RUN(test_secrets__order);
	RUN(test_secrets__empty_env_is_missing);
	RUN(test_secrets__key_selector);
	RUN(test_secrets__not_found_lists_places);
	RUN(test_secrets__file_rules);
	RUN(test_secrets__sealed_round_trip);
	RUN(test_secrets__tamper);
	RUN(test_secrets__swap_detected);
	RUN(test_secrets__wrong_key);
	RUN(test_secrets__malformed_files);
	RUN(test_secrets__reseal);
	RUN(test_secrets__keys);
	RUN(test_secrets__key_file_rules);
	RUN(test_secrets__sealed_v2_environment);
	RUN(test_secrets__sealed_v1_upgrade);
	RUN(test_secrets__read_fd);
	cleanup();
	return unit_done("secrets");
}
