/*
 * floe/common.h: error codes, limits and the version of libfloe.
 *
 * Every fallible function of libfloe returns 0 or one of the negative
 * FLOE_E* codes below; the last error's one-line context is kept per thread
 * and read with floe_error_last().  Problems in user input are not errors of
 * this kind: they are diagnostics (floe/diag.h) and the function returns
 * FLOE_EINVALID after recording them.
 */
#ifndef FLOE_COMMON_H
#define FLOE_COMMON_H

#include <stddef.h>
#include <stdint.h>

#define FLOE_VERSION "0.1.0"

enum floe_error_code {
	FLOE_OK = 0,
	FLOE_ERROR = -1,      /* generic failure, see floe_error_last() */
	FLOE_EINVALID = -2,   /* the input was rejected; diagnostics were recorded */
	FLOE_ENOTFOUND = -3,  /* a file or named thing does not exist */
	FLOE_EIO = -4,        /* reading or writing failed */
	FLOE_ETOOBIG = -5,    /* a configured limit was exceeded */
	FLOE_EUSAGE = -6,     /* a caller passed arguments that make no sense */
	FLOE_EDUCKDB = -7,    /* DuckDB could not be loaded or a statement failed */
	FLOE_ESECRET = -8,    /* a secret could not be resolved */
	FLOE_ECRYPTO = -9,    /* libsodium failed, or a sealed file did not open */
	FLOE_ECHILD = -10,    /* a child process failed */
	FLOE_ECANCEL = -11,   /* SIGINT/SIGTERM came: stopped, cleaned up */
};

/*
 * Limits that protect every loader from hostile input.  Each has a safe
 * default (floe_limits_default) and can be set by the user.
 */
typedef struct floe_limits {
	size_t max_bytes;    /* largest input document, in bytes */
	unsigned max_depth;  /* deepest nesting of sequences and mappings */
	size_t max_nodes;    /* nodes in one document, aliases expanded */
	size_t max_aliases;  /* alias references in one document */
	size_t max_diags;    /* diagnostics kept; more are counted, not stored */
	size_t max_steps;    /* schema validation steps for one document */
} floe_limits;

#define FLOE_DEFAULT_MAX_BYTES ((size_t)64 << 20)
#define FLOE_DEFAULT_MAX_DEPTH 128u
#define FLOE_DEFAULT_MAX_NODES ((size_t)4 << 20)
#define FLOE_DEFAULT_MAX_ALIASES ((size_t)10000)
#define FLOE_DEFAULT_MAX_DIAGS ((size_t)200)
#define FLOE_DEFAULT_MAX_STEPS ((size_t)200000000)

void floe_limits_default(floe_limits *out);

/*
 * The one-line context of the last FLOE_E* error on this thread, or "" when
 * none.  The string stays valid until the next floe_error_set on the thread.
 */
const char *floe_error_last(void);
void floe_error_set(const char *fmt, ...)
	__attribute__((format(printf, 1, 2)));
void floe_error_clear(void);

#endif
