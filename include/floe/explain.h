/*
 * floe/explain.h: `floe explain` and `floe diff` as a library.
 *
 * explain answers "why is this value what it is" over a compiled
 * environment: a value's origin (file:line:col, default, derivation), the
 * candidates it shadowed and why they lost, and the generated lines that
 * use it; or, from a generated line (attach.sql:12), the values it uses.
 * diff compares the models of two environments key by key; secrets by
 * reference, or by a keyed fingerprint of their values when asked.  No
 * secret value is ever written.  docs/explain.md documents the output.
 */
#ifndef FLOE_EXPLAIN_H
#define FLOE_EXPLAIN_H

#include <stdbool.h>
#include "floe/buf.h"
#include "floe/compile.h"
#include "floe/diag.h"
#include "floe/model.h"

/*
 * Explain `query` in a compiled environment (`r` may hold no outputs when
 * compiling failed: the model is then explained without uses).  The query
 * is a dotted path ("catalogs.default.uri"), a JSON pointer into the
 * resolved model ("/catalogs/default/uri", "" for the root), or a line of
 * a generated file ("attach.sql:12", ".floe/prod/profiles.yml:7").
 * FLOE_FMT_TEXT or FLOE_FMT_JSON (docs/explain.md, "explain_version": 1)
 * is appended to `out`.  Nothing there: a diagnostic in `d`
 * (explain/unknown-path, explain/unknown-output, explain/no-such-line,
 * with "did you mean" notes) and FLOE_ENOTFOUND.  Other formats:
 * FLOE_EUSAGE.
 */
int floe_explain_render(floe_buf *out, floe_diags *d,
			const floe_compile_result *r, const char *query,
			floe_format fmt);

/* ---- diff ---- */

typedef enum floe_diff_change {
	FLOE_DIFF_ADDED = 0,    /* only in b */
	FLOE_DIFF_REMOVED,      /* only in a */
	FLOE_DIFF_CHANGED,      /* in both, different */
} floe_diff_change;

/* One difference; `a` or `b` is NULL for an added or removed value. */
typedef struct floe_diff_entry {
	floe_diff_change change;
	const char *pointer;
	const floe_mval *a, *b;
} floe_diff_entry;

/* A secret key for fingerprints: 16 to 64 bytes (BLAKE2b's key sizes). */
#define FLOE_DIFF_KEY_MIN 16
#define FLOE_DIFF_KEY_MAX 64

typedef struct floe_diff_opts {
	/*
	 * Non-NULL: resolve every secret of both environments
	 * (floe_secret_set_resolve; the mount path of each environment's
	 * platform, its sealed file platform/<env>/secrets.sealed.yaml) and
	 * compare values by BLAKE2b keyed with these key_len bytes.
	 */
	const unsigned char *key;
	size_t key_len;
	/* the process environment; NULL: the real getenv */
	const char *(*getenv)(const char *name);
} floe_diff_opts;

typedef struct floe_diff floe_diff;

/*
 * Compare the models of two environments (of one project).  On success
 * the caller owns *out (floe_diff_free), which borrows both models (free
 * it first).  Secrets that cannot be resolved: FLOE_ESECRET (or the code
 * of floe_secret_set_resolve) with one line per problem in `report`
 * (cleared first; may be NULL), and *out NULL.  Warnings (a production
 * secret equal to a development one, docs/explain.md) are diagnostics in
 * `d` with the code diff/prod-equals-dev.
 */
int floe_diff_new(floe_diff **out, floe_diags *d, floe_model *a,
		  floe_model *b, const floe_diff_opts *o, floe_buf *report);
void floe_diff_free(floe_diff *df); /* accepts NULL */

/* Differences, sorted by pointer (sequence indices as numbers). */
size_t floe_diff_count(const floe_diff *df);
const floe_diff_entry *floe_diff_at(const floe_diff *df, size_t i);

/*
 * FLOE_FMT_TEXT or FLOE_FMT_JSON ("diff_version": 1) appended to `out`;
 * other formats: FLOE_EUSAGE.
 */
int floe_diff_render(floe_buf *out, const floe_diff *df, floe_format fmt);

/*
 * The fingerprint key: FLOE_DIFF_KEY (hex, 32 to 128 digits), else the
 * file diff.key in `state_dir` (NULL: ".floe"; 64 hex digits and a newline),
 * created with 32 random bytes and mode 0600 on first use (*created set).
 * The key lives in guarded memory: free it with floe_diff_key_free.
 * Returns 0, FLOE_ESECRET (malformed key, a key file others can read) or
 * FLOE_EIO, with floe_error_last() naming the variable or file, never the
 * key.
 */
int floe_diff_key_load(unsigned char **out, size_t *len, bool *created,
		       const char *state_dir,
		       const char *(*getenv_fn)(const char *name));
void floe_diff_key_free(unsigned char *key, size_t len); /* accepts NULL */

/*
 * True when environment `name` counts as production (prod, production,
 * prd, live, or one of them and a suffix after '-', '_' or '.'), resp. as
 * development (dev, development, local, test, ci, sandbox, staging, ...):
 * the rule of the prod-equals-dev warning (docs/explain.md).
 */
bool floe_env_is_production(const char *name);
bool floe_env_is_development(const char *name);

#endif
