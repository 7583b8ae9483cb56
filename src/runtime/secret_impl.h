/*
 * secret_impl.h: what the secret modules of src/runtime share (secrets.c,
 * secret_key.c, sealed.c): guarded allocation, the floe_secret constructor
 * and the private key's layout.  Nothing here is public.
 */
#ifndef FLOE_SECRET_IMPL_H
#define FLOE_SECRET_IMPL_H

#include <sodium.h>
#include "floe/secrets.h"

#define FLOE_B64 sodium_base64_VARIANT_ORIGINAL
#define FLOE_KEY_B64_LEN \
	sodium_base64_ENCODED_LEN(crypto_box_PUBLICKEYBYTES, FLOE_B64)

struct floe_seal_key {
	unsigned char *sk;  /* guarded, crypto_box_SECRETKEYBYTES */
	unsigned char pk[crypto_box_PUBLICKEYBYTES];
	char pk_b64[FLOE_KEY_B64_LEN];
};

/* sodium_malloc that aborts when memory runs out, like floe_xmalloc. */
void *floe_runtime__guarded_alloc(size_t n);

/*
 * A secret with a writable, zeroed value buffer of len + 1 bytes; fill it,
 * then floe_runtime__secret_lock() makes it read-only.  `var` NULL: derived from
 * name and key.  The strings are copied.
 */
floe_secret *floe_runtime__secret_new(const char *name, const char *key,
			      const char *var, const char *source, size_t len);
void floe_runtime__secret_lock(floe_secret *s);

/*
 * Read fd to its end into guarded memory (NUL-terminated), at most `max`
 * bytes; `what` names the input in errors ("'/path'", "standard input").
 * FLOE_EIO or FLOE_ETOOBIG.  The caller sodium_free()s *out.
 */
int floe_runtime__read_guarded(char **out, size_t *len, int fd, size_t max,
		       const char *what);

/* A warning for floe_secrets_on_warning's sink (dropped without one). */
void floe_runtime__secret_warn(const char *fmt, ...) __attribute__((format(printf, 1, 2)));

/* Decode base64 (whitespace ignored) into exactly `want` bytes. */
bool floe_runtime__b64_exact(unsigned char *bin, size_t want, const char *b64,
		     size_t len);

#endif
