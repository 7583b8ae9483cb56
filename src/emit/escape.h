/*
 * emit/escape.h: the escapers every generated file is written with.  The
 * output templates (templates/, rendered by the Jinja engine in strict
 * mode, render.c) reach them as filters (tmpl_env.c); writers that build
 * text in C call them directly.
 *
 * The one promise: no value, whatever its quotes, newlines or "{{ }}", can
 * leave its place in the output.  Every "{{ }}" must end with an escaping
 * filter; a value an escaper cannot write is a render error, never output.
 */
#ifndef FLOE_EMIT_ESCAPE_H
#define FLOE_EMIT_ESCAPE_H

#include <stdbool.h>
#include <stddef.h>
#include <jansson.h>
#include "floe/buf.h"

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
bool floe_emit__sql_is_keyword(const char *s, size_t len);

/*
 * The same escapers returning NULL when written or, when the text cannot
 * be written, why ("contains a newline, which an env file cannot hold"),
 * with `out` unchanged.
 */
typedef const char *(*floe_esc_fn)(floe_buf *out, const char *s, size_t len);
const char *floe_emit__esc_yaml_str(floe_buf *out, const char *s, size_t len);
const char *floe_emit__esc_dbt_yaml(floe_buf *out, const char *s, size_t len);
const char *floe_emit__esc_sql_str(floe_buf *out, const char *s, size_t len);
const char *floe_emit__esc_sql_ident(floe_buf *out, const char *s, size_t len);
const char *floe_emit__esc_sql_ident_bare(floe_buf *out, const char *s, size_t len);
const char *floe_emit__esc_env_value(floe_buf *out, const char *s, size_t len);
const char *floe_emit__esc_properties(floe_buf *out, const char *s, size_t len);
const char *floe_emit__esc_dbt_env_var(floe_buf *out, const char *s, size_t len);
const char *floe_emit__esc_yaml(floe_buf *out, const json_t *v);
void floe_emit__esc_json(floe_buf *out, const json_t *v);
/* The text of a number or boolean ("8080", "1.5", "true"); false else. */
bool floe_emit__esc_scalar_text(floe_buf *out, const json_t *v);

#endif
