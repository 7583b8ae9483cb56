/*
 * emit/template_int.h: what the template parser builds and the renderer
 * walks (a tree of nodes in one arena), the filter table they share, and
 * the escapers in the form that says why a value cannot be written.
 */
#ifndef FLOE_EMIT_TEMPLATE_INT_H
#define FLOE_EMIT_TEMPLATE_INT_H

#include "emit/template.h"
#include "util/util.h"

/* Nesting limits: a hostile template must not exhaust the stack. */
#define TMPL_MAX_BLOCK_DEPTH 64
#define TMPL_MAX_EXPR_DEPTH 64
/* Loop iterations one render may run: nested loops multiply. */
#define TMPL_MAX_STEPS ((size_t)1 << 22)

struct rstate;
struct tfilter;

/*
 * A filter changes *v (an owned reference; NULL when the value is
 * missing) and returns 0, or fails with a message through the state.
 */
typedef int (*tfilter_fn)(struct rstate *st, const struct tfilter *f,
			  json_t **v);

struct tfilter_def {
	const char *name;
	bool escaping;   /* may end an output */
	bool has_arg;    /* takes exactly one literal argument */
	tfilter_fn fn;
};

struct tfilter {
	const struct tfilter_def *def;
	json_t *arg;     /* the literal argument, or NULL */
	struct tfilter *next;
};

enum texpr_kind {
	TX_PATH,     /* a.b[0]["c-d"] */
	TX_LIT,      /* "s", 1, true, none, ["a", "b"] */
	TX_NOT,
	TX_AND,
	TX_OR,
	TX_EQ,
	TX_NE,
	TX_IN,
	TX_NOTIN,
	TX_DEFINED,  /* a is defined */
	TX_UNDEFINED /* a is not defined */
};

struct tseg {
	const char *key;  /* the name, or the digits of an index */
	size_t klen;
	size_t index;
	bool is_index;    /* .0 or [0]: an array index, or a key "0" */
};

typedef struct texpr {
	enum texpr_kind kind;
	uint32_t line;
	const char *text;        /* as written, for messages */
	struct tseg *segs;       /* TX_PATH */
	size_t nsegs;
	json_t *lit;             /* TX_LIT */
	struct tfilter *filters; /* TX_PATH, TX_LIT */
	struct texpr *a, *b;
} texpr;

enum tnode_kind { TN_TEXT, TN_OUTPUT, TN_IF, TN_FOR, TN_SET };

struct tbranch {
	texpr *cond;             /* NULL for else */
	struct tnode *body;
	struct tbranch *next;
};

typedef struct tnode {
	enum tnode_kind kind;
	struct tnode *next;
	uint32_t line;
	const char *text;        /* TN_TEXT: into the template's source */
	size_t len;
	texpr *expr;             /* TN_OUTPUT, TN_SET value, TN_FOR iterable */
	struct tbranch *branches;/* TN_IF */
	const char *var, *var2;  /* TN_FOR (var2: value of k, v), TN_SET */
	struct tnode *body, *else_body; /* TN_FOR */
} tnode;

struct floe_template {
	floe_arena *arena;
	floe_source *src;
	const char *name;
	tnode *root;
	size_t max_steps;        /* TMPL_MAX_STEPS; tests may lower it */
};

/* template_render.c */
const struct tfilter_def *floe_emit__template_filter_find(const char *name,
						   size_t len);
/* Names of all filters (escaping ones when `escaping`), NULL-terminated. */
size_t floe_emit__template_filter_names(const char **out, size_t max,
				  bool escaping);

/*
 * escape.c: the escapers, returning NULL when written or, when the text
 * cannot be written, why ("contains a newline, which an env file cannot
 * hold"), with `out` unchanged.
 */
typedef const char *(*floe_esc_fn)(floe_buf *out, const char *s, size_t len);
/* A YAML scalar that reads back as exactly this string under YAML 1.1 and
 * 1.2: plain when that is unambiguous, else double-quoted. */
const char *floe_emit__esc_yaml_str(floe_buf *out, const char *s, size_t len);
/* Like yaml_str, for files dbt renders with Jinja (profiles.yml): after
 * dbt's rendering the value is exactly this string again. */
const char *floe_emit__esc_dbt_yaml(floe_buf *out, const char *s, size_t len);
/* 'text' with ' doubled; NUL is rejected. */
const char *floe_emit__esc_sql_str(floe_buf *out, const char *s, size_t len);
/* "text" with " doubled; NUL and the empty name are rejected. */
const char *floe_emit__esc_sql_ident(floe_buf *out, const char *s, size_t len);
/* Bare when [A-Za-z_][A-Za-z0-9_]* and not a DuckDB keyword, else quoted. */
const char *floe_emit__esc_sql_ident_bare(floe_buf *out, const char *s, size_t len);
/* Docker --env-file value, raw; a newline, CR or NUL is rejected. */
const char *floe_emit__esc_env_value(floe_buf *out, const char *s, size_t len);
/* Java .properties value: \ : = # ! escaped, controls and non-ASCII as
 * \uXXXX, leading spaces kept. */
const char *floe_emit__esc_properties(floe_buf *out, const char *s, size_t len);
const char *floe_emit__esc_dbt_env_var(floe_buf *out, const char *s, size_t len);
/* A YAML value of any JSON value: strings as yaml_str, numbers and
 * booleans as YAML numbers and booleans, arrays and objects in flow style. */
const char *floe_emit__esc_yaml(floe_buf *out, const json_t *v);
/* JSON text of any JSON value (numbers in their shortest exact form). */
void floe_emit__esc_json(floe_buf *out, const json_t *v);
/* The text of a number or boolean ("8080", "1.5", "true"); false else. */
bool floe_emit__esc_scalar_text(floe_buf *out, const json_t *v);

#endif
