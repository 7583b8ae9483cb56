/*
 * emit/template.h: the template engine every generated file is written
 * with (a small, strict Jinja subset, see docs in template_parse.c), and
 * the escapers it is built on, shared with writers that build text in C.
 *
 * The one promise: no value, whatever its quotes, newlines or "{{ }}", can
 * leave its place in the output.  Every "{{ }}" must end with an escaping
 * filter; a value an escaper cannot write is a render error, never output.
 */
#ifndef FLOE_EMIT_TEMPLATE_H
#define FLOE_EMIT_TEMPLATE_H

#include <stdbool.h>
#include <stddef.h>
#include <jansson.h>
#include "floe/buf.h"
#include "floe/diag.h"

typedef struct floe_template floe_template;

/*
 * Compile `text` (len bytes) once; `name` is shown in messages.  Problems
 * are diagnostics with code "template/syntax" positioned in the template;
 * then FLOE_EINVALID and *out is NULL.  The template owns a copy of the
 * text: free it with floe_emit__template_free.
 */
int floe_emit__template_parse(floe_template **out, floe_diags *d, const char *name,
			const char *text, size_t len);

/*
 * Render `t` against the object `ctx`, appending to `out`.  Returns 0, or
 * FLOE_EINVALID with one line in `err` naming the template position and
 * the expression ("env.tmpl:12: value of 'x' contains a newline, ..."),
 * never the value; `out` is then left as it was before the call.
 */
int floe_emit__template_render(floe_buf *out, const floe_template *t, json_t *ctx,
			 floe_buf *err);

void floe_emit__template_free(floe_template *t); /* accepts NULL */

/* True when `s` is a DuckDB keyword outside the unreserved category. */
bool floe_emit__sql_is_keyword(const char *s, size_t len);

#endif
