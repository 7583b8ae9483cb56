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
 * text: free it with floe_template_free.
 */
int floe_template_parse(floe_template **out, floe_diags *d, const char *name,
			const char *text, size_t len);

/*
 * Render `t` against the object `ctx`, appending to `out`.  Returns 0, or
 * FLOE_EINVALID with one line in `err` naming the template position and
 * the expression ("env.tmpl:12: value of 'x' contains a newline, ..."),
 * never the value; `out` is then left as it was before the call.
 */
int floe_template_render(floe_buf *out, const floe_template *t, json_t *ctx,
			 floe_buf *err);

void floe_template_free(floe_template *t); /* accepts NULL */

/*
 * Escapers.  Each appends one complete token to `out` and returns 0, or
 * FLOE_EINVALID when the text cannot be written at all (then `out` is
 * unchanged).  Texts must be UTF-8 where the target is (YAML, SQL).
 */
/* A YAML scalar that reads back as exactly this string under YAML 1.1 and
 * 1.2: plain when that is unambiguous, else double-quoted. */
int floe_escape_yaml_str(floe_buf *out, const char *s, size_t len);
/* Like yaml_str, for files dbt renders with Jinja (profiles.yml): after
 * dbt's rendering the value is exactly this string again. */
int floe_escape_dbt_yaml(floe_buf *out, const char *s, size_t len);
/* A YAML value of any JSON value: strings as yaml_str, numbers and
 * booleans as YAML numbers and booleans, arrays and objects in flow style. */
int floe_escape_yaml(floe_buf *out, const json_t *v);
/* 'text' with ' doubled; NUL is rejected. */
int floe_escape_sql_str(floe_buf *out, const char *s, size_t len);
/* "text" with " doubled; NUL and the empty name are rejected. */
int floe_escape_sql_ident(floe_buf *out, const char *s, size_t len);
/* Bare when [A-Za-z_][A-Za-z0-9_]* and not a DuckDB keyword, else quoted. */
int floe_escape_sql_ident_bare(floe_buf *out, const char *s, size_t len);
/* Docker --env-file value, raw; a newline, CR or NUL is rejected. */
int floe_escape_env_value(floe_buf *out, const char *s, size_t len);
/* Java .properties value: \ : = # ! escaped, controls and non-ASCII as
 * \uXXXX, leading spaces kept. */
int floe_escape_properties(floe_buf *out, const char *s, size_t len);
/* JSON text of any JSON value (numbers in their shortest exact form). */
int floe_escape_json(floe_buf *out, const json_t *v);

/* True when `s` is a DuckDB keyword outside the unreserved category. */
bool floe_sql_is_keyword(const char *s, size_t len);

#endif
