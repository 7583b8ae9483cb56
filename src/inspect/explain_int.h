/*
 * explain_int.h: what explain.c, diff.c and diff_secrets.c share: a small
 * JSON writer (2-space indent, numbers as the model spells them), values
 * and origins shown as text and as JSON, and the secrets behind a value.
 */
#ifndef FLOE_INSPECT_EXPLAIN_INT_H
#define FLOE_INSPECT_EXPLAIN_INT_H

#include "floe/explain.h"
#include "util/util.h"

/* ---- JSON writer ---- */

struct jw {
	floe_buf *b;
	floe_buf stack;   /* one byte per open container: 1 while empty */
	bool after_key;
};

void floe_inspect__jw_init(struct jw *w, floe_buf *b);
void floe_inspect__jw_release(struct jw *w);
void floe_inspect__jw_open(struct jw *w, char c);      /* '{' or '[' */
void floe_inspect__jw_close(struct jw *w, char c);     /* '}' or ']' */
void floe_inspect__jw_key(struct jw *w, const char *k);
void floe_inspect__jw_raw(struct jw *w, const char *text);
void floe_inspect__jw_uint(struct jw *w, uint64_t n);
void floe_inspect__jw_bool(struct jw *w, bool v);
/* "key": "s" (NULL: null) */
void floe_inspect__jw_kstr(struct jw *w, const char *k, const char *s);

/* ---- values and origins ---- */

/*
 * A value as text for people: strings in single quotes with control
 * characters escaped, other scalars as spelled, secrets as "secret_ref
 * NAME", containers as "mapping of N".  max: code points kept (0: all).
 */
void floe_inspect__ex_put_value(floe_buf *b, const floe_mval *v, size_t max);
/* User text with control characters escaped (\n, \t, \xNN). */
void floe_inspect__ex_put_shown(floe_buf *b, const char *s, size_t max);
/*
 * Where an explicit origin is shown: the value, or for a mapping or
 * sequence over several lines its key (a caret under "default:" says more
 * than one under the first member).
 */
floe_span floe_inspect__ex_span(const floe_origin *o);
/*
 * One line on an origin: "explicit, FILE:L:C", "default (schema
 * default)", "derived: NOTE".
 */
void floe_inspect__ex_put_origin(floe_buf *b, const floe_origin *o);
/*
 * The values a derived origin came from, one line each at `indent`
 * spaces: "from POINTER = VALUE (ORIGIN)", following derived ones deeper.
 */
void floe_inspect__ex_put_from(floe_buf *b, floe_model *m, const floe_origin *o,
		       int indent);

/* The type name of a value ("string", "mapping", "secret"). */
const char *floe_inspect__ex_type(const floe_mval *v);
/* The value as JSON: scalars typed, secrets {secret_ref, key, env}. */
void floe_inspect__ex_json_value(struct jw *w, floe_model *m, const floe_mval *v,
			 bool deep);
/* "origin": {kind, file, line, col, input_pointer, note, from[]} */
void floe_inspect__ex_json_origin(struct jw *w, floe_model *m, const floe_origin *o,
			  int depth);

/*
 * The secrets a value references (a storage credentials form may name
 * two: the access key id and the secret key), in the model's order, into
 * `out` (at most `max`); returns how many.
 */
size_t floe_inspect__ex_secrets_of(const floe_model *m, const floe_mval *v,
			   const floe_msecret **out, size_t max);

/* ---- paths (explain_path.c) ---- */

/* The value a dotted path or JSON pointer names ("/resolved/..." too). */
const floe_mval *floe_inspect__explain_lookup(floe_model *m, const char *q);
/* No value at `q`: the diagnostic, with "did you mean"; FLOE_ENOTFOUND. */
int floe_inspect__explain_suggest(floe_diags *d, floe_model *m, const char *q);

#endif
