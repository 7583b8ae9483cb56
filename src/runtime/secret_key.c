/*
 * secret_key.c: the X25519 key pairs of sealed secrets: generate, parse
 * from base64, load from FLOE_SECRETS_KEY or FLOE_SECRETS_KEY_FILE, export.
 * The private key only ever sits in guarded memory; the public key is
 * derived from it.  Sealing and opening live in sealed.c.
 */
#include <errno.h>
#include <fcntl.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>
#include <unistd.h>
#include "secret_impl.h"
#include "util/util.h"

/* A key file holds one line of base64; anything bigger is not a key. */
#define KEY_FILE_MAX 4096

static floe_seal_key *key_new(void)
{
	floe_seal_key *k = floe_xcalloc(1, sizeof(*k));
	k->sk = floe_runtime__guarded_alloc(crypto_box_SECRETKEYBYTES);
	return k;
}

/* Derive the public half and lock the private one. */
static void key_finish(floe_seal_key *k)
{
	crypto_scalarmult_base(k->pk, k->sk);
	sodium_bin2base64(k->pk_b64, sizeof(k->pk_b64), k->pk, sizeof(k->pk),
			  FLOE_B64);
	sodium_mprotect_readonly(k->sk);
}

void floe_seal_key_free(floe_seal_key *k)
{
	if (!k)
		return;
	sodium_free(k->sk);
	free(k);
}

int floe_seal_key_generate(floe_seal_key **out)
{
	int rc = floe_secrets_init();
	*out = NULL;
	if (rc)
		return rc;
	floe_seal_key *k = key_new();
	crypto_box_keypair(k->pk, k->sk);
	key_finish(k);
	*out = k;
	return 0;
}

int floe_seal_key_parse(floe_seal_key **out, const char *b64, size_t len)
{
	int rc = floe_secrets_init();
	*out = NULL;
	if (rc)
		return rc;
	floe_seal_key *k = key_new();
	if (!floe_runtime__b64_exact(k->sk, crypto_box_SECRETKEYBYTES, b64, len)) {
		floe_seal_key_free(k);
		floe_error_set("not a private key (base64 of %d bytes)",
			       crypto_box_SECRETKEYBYTES);
		return FLOE_ESECRET;
	}
	key_finish(k);
	*out = k;
	return 0;
}

/*
 * Open the key file: symlinks followed (a Kubernetes Secret volume is
 * KEY -> ..data/KEY), O_NONBLOCK so a FIFO never blocks the open, then
 * fstat: a regular file, not readable by every user.  Group-readable
 * (a Secret mounted with fsGroup) is a warning.
 */
static int open_key_file(int *fd, const char *path)
{
	struct stat st;
	*fd = open(path, O_RDONLY | O_CLOEXEC | O_NONBLOCK | O_NOCTTY);
	if (*fd < 0) {
		floe_error_set("cannot open key file '%s' (FLOE_SECRETS_KEY_FILE): %s",
			       path, strerror(errno));
		return FLOE_EIO;
	}
	int rc = 0;
	if (fstat(*fd, &st) != 0) {
		floe_error_set("cannot stat key file '%s' (FLOE_SECRETS_KEY_FILE): %s",
			       path, strerror(errno));
		rc = FLOE_EIO;
	} else if (!S_ISREG(st.st_mode)) {
		floe_error_set("key file '%s' (FLOE_SECRETS_KEY_FILE) is not a regular file",
			       path);
		rc = FLOE_EIO;
	} else if (st.st_mode & S_IROTH) {
		floe_error_set("key file '%s' (FLOE_SECRETS_KEY_FILE) is readable by every user (mode %04o): "
			       "make it 0600 or 0400 (a Kubernetes Secret volume: defaultMode 0400)",
			       path, (unsigned)(st.st_mode & 07777));
		rc = FLOE_ESECRET;
	} else if (st.st_mode & S_IRGRP) {
		floe_runtime__secret_warn("key file '%s' (FLOE_SECRETS_KEY_FILE) is readable by its group (mode %04o); "
				  "0400 or 0600 keeps it to its owner",
				  path, (unsigned)(st.st_mode & 07777));
	}
	if (rc) {
		close(*fd);
		*fd = -1;
	}
	return rc;
}

static int key_from_file(floe_seal_key **out, const char *path)
{
	floe_buf what = FLOE_BUF_INIT;
	char *text = NULL;
	size_t len;
	int fd, rc = open_key_file(&fd, path);
	if (rc)
		return rc;
	floe_buf_printf(&what, "key file '%s'", path);
	rc = floe_runtime__read_guarded(&text, &len, fd, KEY_FILE_MAX, what.ptr);
	close(fd);
	if (rc == 0 && (rc = floe_seal_key_parse(out, text, len)) != 0)
		floe_error_set("key file '%s' (FLOE_SECRETS_KEY_FILE) does not hold a private key (base64 of %d bytes)",
			       path, crypto_box_SECRETKEYBYTES);
	if (text)
		sodium_free(text);
	floe_buf_release(&what);
	return rc;
}

/*
 * FLOE_SECRETS_KEY and FLOE_SECRETS_KEY_FILE once taken out of environ
 * (floe_secrets_take_key_env): guarded copies, read by real_getenv.
 */
static struct {
	bool taken;
	char *key, *file;  /* NULL: was not set */
} stash;

extern char **environ;

bool floe_secret_env_blocked(const char *name)
{
	return name && (floe_str_startswith(name, "FLOE_SECRETS_KEY") ||
			strcmp(name, "FLOE_DIFF_KEY") == 0);
}

/*
 * Copy NAME's value into guarded memory, then wipe the whole NAME=VALUE
 * text in place and drop it from environ.  unsetenv alone only drops the
 * pointer: the text stays where /proc/PID/environ shows it.
 */
static char *take_one(const char *name)
{
	size_t n = strlen(name);
	char *copy = NULL;
	char **w = environ;
	for (char **e = environ; e && *e; e++) {
		if (strncmp(*e, name, n) != 0 || (*e)[n] != '=') {
			*w++ = *e;
			continue;
		}
		char *v = *e + n + 1;
		size_t len = strlen(v);
		if (!copy) {
			copy = floe_runtime__guarded_alloc(len + 1);
			memcpy(copy, v, len + 1);
		}
		sodium_memzero(*e, n + 1 + len);
	}
	if (w)
		*w = NULL;
	return copy;
}

void floe_secrets_take_key_env(void)
{
	if (stash.taken)
		return;
	if (floe_secrets_init() != 0)
		return;
	stash.key = take_one("FLOE_SECRETS_KEY");
	stash.file = take_one("FLOE_SECRETS_KEY_FILE");
	stash.taken = true;
}

static const char *real_getenv(const char *name)
{
	if (stash.taken && strcmp(name, "FLOE_SECRETS_KEY") == 0)
		return stash.key;
	if (stash.taken && strcmp(name, "FLOE_SECRETS_KEY_FILE") == 0)
		return stash.file;
	return getenv(name);
}

int floe_seal_key_from_env(floe_seal_key **out,
			   const char *(*getenv_fn)(const char *name))
{
	const char *(*get)(const char *) = getenv_fn ? getenv_fn : real_getenv;
	const char *v = get("FLOE_SECRETS_KEY");
	*out = NULL;
	if (v && v[0]) {
		int rc = floe_seal_key_parse(out, v, strlen(v));
		if (rc == FLOE_ESECRET)
			floe_error_set("FLOE_SECRETS_KEY does not hold a private key (base64 of %d bytes)",
				       crypto_box_SECRETKEYBYTES);
		return rc;
	}
	const char *path = get("FLOE_SECRETS_KEY_FILE");
	if (path && path[0])
		return key_from_file(out, path);
	floe_error_set("no private key: set FLOE_SECRETS_KEY or FLOE_SECRETS_KEY_FILE");
	return FLOE_ENOTFOUND;
}

const char *floe_seal_key_public(const floe_seal_key *k)
{
	return k->pk_b64;
}

int floe_seal_key_export(floe_secret **out, const floe_seal_key *k)
{
	size_t n = sodium_base64_ENCODED_LEN(crypto_box_SECRETKEYBYTES, FLOE_B64);
	floe_secret *s = floe_runtime__secret_new("secrets-key", NULL, "FLOE_SECRETS_KEY",
					  "key", n);
	/* n counts the NUL that the newline replaces */
	sodium_bin2base64(s->value, n + 1, k->sk, crypto_box_SECRETKEYBYTES,
			  FLOE_B64);
	s->value[n - 1] = '\n';
	s->value[n] = '\0';
	floe_runtime__secret_lock(s);
	*out = s;
	return 0;
}

int floe_seal_pubkey_check(const char *b64)
{
	unsigned char pk[crypto_box_PUBLICKEYBYTES];
	if (!b64 || !floe_runtime__b64_exact(pk, sizeof(pk), b64, strlen(b64))) {
		/* not echoed: it might be a private key given by mistake */
		floe_error_set("the recipient is not a public key (base64 of %d bytes)",
			       crypto_box_PUBLICKEYBYTES);
		return FLOE_EUSAGE;
	}
	/* A low-order point (all zeros, say) gives every sender the same
	 * shared secret: crypto_scalarmult refuses it, and so do we. */
	unsigned char n[crypto_scalarmult_SCALARBYTES], q[crypto_scalarmult_BYTES];
	if (floe_secrets_init() != 0)
		return FLOE_ECRYPTO;
	randombytes_buf(n, sizeof(n));
	int bad = crypto_scalarmult(q, n, pk) != 0;
	sodium_memzero(n, sizeof(n));
	sodium_memzero(q, sizeof(q));
	if (bad) {
		floe_error_set("the recipient is not a usable public key (a low-order "
			       "point, such as all zeros: anyone could open what is sealed for it)");
		return FLOE_EUSAGE;
	}
	return 0;
}
