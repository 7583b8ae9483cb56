/*
 * floe/jinja.h: the one Jinja engine (Jinja2 as dbt 1.10 uses it).
 *
 * An environment holds the mode, the limits, the globals and filters the
 * host adds, and the macro table (macros keyed by package and name).  A
 * template is parsed once against an environment and rendered any number
 * of times; every render gets its own arena (values, scopes and strings
 * die with it).  dbt's host objects (ref, source, config, adapter,
 * run_query, statement, ...) are host callbacks registered as globals: the
 * engine never calls emit or runtime.
 *
 * Problems in a template are diagnostics "jinja/<rule>" at file:line:col,
 * with the chain of macro calls as notes.
 */
#ifndef FLOE_JINJA_H
#define FLOE_JINJA_H

#include <stdbool.h>
#include <stddef.h>
#include <stdint.h>
#include "floe/buf.h"
#include "floe/diag.h"

typedef struct floe_arena floe_arena;
typedef struct floe_jinja_env floe_jinja_env;
typedef struct floe_jinja_tpl floe_jinja_tpl;
typedef struct floe_jinja_rt floe_jinja_rt;   /* one render */

typedef enum floe_jv_kind {
	FLOE_JV_UNDEF = 0, /* str = the name that was undefined (or NULL) */
	FLOE_JV_NONE,
	FLOE_JV_BOOL,
	FLOE_JV_INT,
	FLOE_JV_FLOAT,
	FLOE_JV_STR,
	FLOE_JV_LIST,
	FLOE_JV_DICT,
	FLOE_JV_MACRO,
	FLOE_JV_FUNC,      /* a host function, builtin, or method bound to a value */
	FLOE_JV_NS,        /* namespace(): a dict whose attributes can be set */
	FLOE_JV_OBJ,       /* a host object with its own attributes */
} floe_jv_kind;

typedef struct floe_jlist floe_jlist;
typedef struct floe_jdict floe_jdict;
typedef struct floe_jmacro floe_jmacro;
typedef struct floe_jfunc floe_jfunc;
typedef struct floe_jobj floe_jobj;

typedef struct floe_jval {
	uint8_t k;        /* floe_jv_kind */
	uint8_t safe;     /* a Markup string (macro output, |safe) */
	uint8_t tuple;    /* a list written as a tuple: repr with () */
	union {
		bool b;
		int64_t i;
		double f;
		struct { const char *s; size_t len; } str;
		floe_jlist *list;
		floe_jdict *dict;
		floe_jmacro *macro;
		floe_jfunc *fn;
		floe_jobj *obj;
	} u;
} floe_jval;

struct floe_jlist {
	floe_jval *items;
	size_t len, cap;
};

struct floe_jdict {
	floe_jval *keys, *vals;   /* insertion order */
	size_t len, cap;
};

/* The arguments of a call: positional then keyword. */
typedef struct floe_jinja_call {
	floe_jinja_rt *rt;
	void *ud;                 /* the function's user data */
	floe_jval self;           /* the bound value of a method, else undefined */
	const floe_jval *pos;
	size_t npos;
	const char *const *kwn;
	const floe_jval *kwv;
	size_t nkw;
} floe_jinja_call;

/*
 * Every function (host, builtin, filter, test): 0 with *out set, or -1
 * after floe_jinja_fail recorded a diagnostic.
 */
typedef int (*floe_jinja_fn)(floe_jinja_call *c, floe_jval *out);

struct floe_jfunc {
	const char *name;
	floe_jinja_fn fn;
	void *ud;
	floe_jval self;
};

/* A host object: attributes, how it prints, optionally a call. */
typedef struct floe_jobj_type {
	const char *name;
	/* 0 and *out, 1 when there is no such attribute, -1 on error */
	int (*getattr)(floe_jinja_rt *rt, void *data, const char *name,
		       floe_jval *out);
	void (*str)(void *data, floe_buf *out);    /* NULL: "<name>" */
	floe_jinja_fn call;                        /* NULL: not callable */
	/* a + b, a - b, a < b... with `op` one of "+", "-", "<", "<=", ">",
	 * ">=", "==": 0 and *out, 1 when unsupported, -1 on error; NULL: none */
	int (*binop)(floe_jinja_rt *rt, const char *op, const floe_jval *a,
		     const floe_jval *b, floe_jval *out);
} floe_jobj_type;

struct floe_jobj {
	const floe_jobj_type *type;
	void *data;
};

typedef enum floe_jinja_mode {
	FLOE_JINJA_DBT = 0,   /* Jinja's defaults, dbt's globals */
	FLOE_JINJA_STRICT,    /* floe's output templates: strict undefined,
				 every {{ }} ends with an output filter */
} floe_jinja_mode;

typedef struct floe_jinja_limits {
	unsigned max_depth;      /* nesting of expressions and blocks */
	unsigned max_calls;      /* depth of macro calls */
	size_t max_output;       /* bytes of one render */
	uint64_t max_steps;      /* evaluation steps of one render */
} floe_jinja_limits;

floe_jinja_env *floe_jinja_env_new(floe_jinja_mode mode);
void floe_jinja_env_free(floe_jinja_env *env);           /* accepts NULL */
void floe_jinja_env_limits(floe_jinja_env *env, const floe_jinja_limits *l);
/* Keep a single trailing newline of a template (Jinja's default: drop it). */
void floe_jinja_env_keep_trailing_newline(floe_jinja_env *env, bool keep);
/*
 * Jinja's trim_blocks (the newline after a block tag or comment is
 * dropped) and lstrip_blocks (spaces and tabs before one at the start of
 * a line are dropped); both off by default, as in Jinja and dbt.  Set
 * them before parsing.
 */
void floe_jinja_env_trim_blocks(floe_jinja_env *env, bool trim, bool lstrip);
/* The environment's arena: values of globals may live there. */
floe_arena *floe_jinja_env_arena(floe_jinja_env *env);

/* Globals and filters; names and values must outlive the environment. */
void floe_jinja_env_global(floe_jinja_env *env, const char *name, floe_jval v);
void floe_jinja_env_func(floe_jinja_env *env, const char *name,
			 floe_jinja_fn fn, void *ud);
void floe_jinja_env_filter(floe_jinja_env *env, const char *name,
			   floe_jinja_fn fn, void *ud);
/* STRICT mode: a filter that may end a {{ }} (it must be a filter too). */
void floe_jinja_env_output_filter(floe_jinja_env *env, const char *name);
/* Hooks of log/print and exceptions.warn (msg is NUL-terminated). */
void floe_jinja_env_log(floe_jinja_env *env,
			void (*fn)(void *ud, bool warn, const char *msg),
			void *ud);

/*
 * Parse `src` (the environment and `src` must outlive the template).
 * Problems are diagnostics; then FLOE_EINVALID and *out is NULL.
 */
int floe_jinja_parse(floe_jinja_tpl **out, floe_jinja_env *env,
		     floe_diags *d, floe_source *src);
void floe_jinja_tpl_free(floe_jinja_tpl *t);              /* accepts NULL */

/*
 * Register every top-level macro of `t` (also {% test %} as test_<name>,
 * {% materialization m, adapter='a' %} as materialization_m_a) in the
 * package `pkg`.  A later macro of the same package and name replaces an
 * earlier one.  Unqualified names search the calling macro's package,
 * then the search packages (default: the root package "" then "dbt").
 */
void floe_jinja_env_add_macros(floe_jinja_env *env, const floe_jinja_tpl *t,
			       const char *pkg);
void floe_jinja_env_search(floe_jinja_env *env, const char *const *pkgs,
			   size_t n);
/* The macro `name` of `pkg` (NULL: the search order); false when none. */
bool floe_jinja_env_find_macro(const floe_jinja_env *env, const char *pkg,
			       const char *name, floe_jval *out);

/* Named blocks of a template: {% docs %} and {% snapshot %}. */
size_t floe_jinja_tpl_blocks(const floe_jinja_tpl *t);
/* kind "docs" or "snapshot"; the name; false past the end. */
bool floe_jinja_tpl_block(const floe_jinja_tpl *t, size_t i,
			  const char **kind, const char **name);

/*
 * A render: vars are the context (a dict, may be NULL).  floe_jinja_render
 * appends the output to `out`; on error (diagnostics in d) returns
 * FLOE_EINVALID and `out` is left as it was.  block >= 0 renders the body
 * of named block i instead of the template.
 */
floe_jinja_rt *floe_jinja_rt_new(floe_jinja_env *env, floe_diags *d,
				 const floe_jdict *vars);
void floe_jinja_rt_free(floe_jinja_rt *rt);               /* accepts NULL */
floe_arena *floe_jinja_rt_arena(floe_jinja_rt *rt);
void *floe_jinja_rt_user(floe_jinja_rt *rt);
void floe_jinja_rt_set_user(floe_jinja_rt *rt, void *user);
/* Where the render is: the current template's source and byte offset. */
bool floe_jinja_rt_where(const floe_jinja_rt *rt, const floe_source **src,
			 uint32_t *off);
int floe_jinja_render(floe_jinja_rt *rt, const floe_jinja_tpl *t, long block,
		      floe_buf *out);
/* Call a macro or function value with positional arguments. */
int floe_jinja_call_value(floe_jinja_rt *rt, const floe_jval *fn,
			  const floe_jval *args, size_t n, floe_jval *out);

/* Record an error at the current position, with the macro chain; -1. */
int floe_jinja_fail(floe_jinja_rt *rt, const char *code, const char *fmt, ...)
	__attribute__((format(printf, 3, 4)));

/* Values (allocated in the render's arena). */
floe_jval floe_jv_none(void);
floe_jval floe_jv_bool(bool b);
floe_jval floe_jv_int(int64_t i);
floe_jval floe_jv_float(double f);
floe_jval floe_jv_str(const char *s, size_t len);        /* borrows s */
floe_jval floe_jv_cstr(const char *s);
floe_jval floe_jv_strdup(floe_arena *a, const char *s, size_t len);
floe_jval floe_jv_list(floe_arena *a);
floe_jval floe_jv_dict(floe_arena *a);
floe_jval floe_jv_func(floe_arena *a, const char *name, floe_jinja_fn fn,
		       void *ud);
floe_jval floe_jv_obj(floe_arena *a, const floe_jobj_type *type, void *data);
void floe_jv_list_push(floe_arena *a, floe_jlist *l, floe_jval v);
void floe_jv_dict_set(floe_arena *a, floe_jdict *d, floe_jval k, floe_jval v);
void floe_jv_dict_sets(floe_arena *a, floe_jdict *d, const char *k, floe_jval v);
/* The value under a string key, or NULL. */
floe_jval *floe_jv_dict_get(const floe_jdict *d, const char *k, size_t len);
bool floe_jv_truthy(const floe_jval *v);
bool floe_jv_eq(const floe_jval *a, const floe_jval *b);
/* str(v) as Jinja prints it; repr rules inside lists and dicts. */
void floe_jv_str_put(floe_buf *out, const floe_jval *v);
void floe_jv_repr_put(floe_buf *out, const floe_jval *v);
const char *floe_jv_kind_name(const floe_jval *v);

/* Arguments: positional index `i` or keyword `name`; NULL when absent. */
const floe_jval *floe_jinja_arg(const floe_jinja_call *c, size_t i,
				const char *name);

#endif
