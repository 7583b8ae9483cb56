/*
 * jinja_int.h: the internals shared by the files of src/jinja: tokens,
 * the syntax tree, the environment, the render state and scopes.
 */
#ifndef FLOE_JINJA_INT_H
#define FLOE_JINJA_INT_H

#include <stdbool.h>
#include <stdint.h>
#include "floe/jinja.h"
#include "../util/util.h"

/* ---- tokens ---- */
enum {
	T_EOF, T_TEXT, T_VAR_BEGIN, T_VAR_END, T_BLOCK_BEGIN, T_BLOCK_END,
	T_NAME, T_INT, T_FLOAT, T_STR, T_OP,
};

struct jtok {
	uint8_t t;
	uint32_t off, len;   /* the token's text in the source */
};

/* ---- syntax tree ---- */
enum {
	/* expressions */
	N_LIT, N_NAME, N_LIST, N_TUPLE, N_DICT, N_ATTR, N_ITEM, N_SLICE,
	N_CALL, N_FILTER, N_TEST, N_NOT, N_NEG, N_POS, N_BIN, N_CMP, N_AND,
	N_OR, N_COND, N_CONCAT,
	/* statements */
	S_TEXT, S_OUT, S_IF, S_FOR, S_SET, S_SETBLOCK, S_MACRO, S_CALLBLOCK,
	S_DO, S_FILTERBLOCK, S_BREAK, S_CONTINUE, S_NAMED, S_WITH,
};

/* binary operators (N_BIN) and comparisons (N_CMP) */
enum {
	OP_ADD, OP_SUB, OP_MUL, OP_DIV, OP_FLOORDIV, OP_MOD, OP_POW,
	OP_EQ, OP_NE, OP_LT, OP_LE, OP_GT, OP_GE, OP_IN, OP_NOTIN,
};

/* Macro flags: what the body uses. */
enum { MF_VARARGS = 1, MF_KWARGS = 2, MF_CALLER = 4 };

struct jfilter_def;

struct jnode {
	uint8_t kind, op, flags, neg;
	uint16_t depth;
	uint32_t off;            /* offset of the token that names the node */
	struct jnode *a, *b, *c; /* children */
	struct jnode **args;     /* items, call args, macro defaults, cmp operands */
	const char **names;      /* keyword names of args, macro params */
	uint8_t *ops;            /* N_CMP: the operators */
	uint32_t nargs;
	floe_jval val;           /* N_LIT value; N_NAME/ATTR/FILTER/TEST name */
	const struct jfilter_def *fdef; /* N_FILTER / N_TEST resolved */
	struct jnode *body, *else_body, *next;
};

struct floe_jinja_tpl {
	floe_jinja_env *env;
	floe_source *src;
	const char *text;
	size_t len;
	floe_arena *a;
	struct jnode *body;
	struct jnode **blocks;   /* S_NAMED: docs and snapshot */
	size_t nblocks;
	struct jnode **macros;   /* top-level S_MACRO */
	size_t nmacros;
};

/* ---- filters, tests and builtins ---- */
struct jfilter_def {
	const char *name;
	floe_jinja_fn fn;
	void *ud;
};

const struct jfilter_def *floe_jinja__builtin_filter(const char *name);
const struct jfilter_def *floe_jinja__builtin_test(const char *name);

struct jglobal {
	const char *name;
	floe_jval v;
};

struct jmacro_ent {
	const char *pkg, *name;
	floe_jmacro *m;
	const char *key;          /* "pkg\x1fname" */
	size_t keylen;
};

/* The entry of macro pkg.name, or -1. */
bool floe_jinja__is_pkg(const floe_jinja_env *env, const char *name);
long floe_jinja__macro_find(const floe_jinja_env *env, const char *pkg,
			    const char *name);

struct floe_jinja_env {
	floe_jinja_mode mode;
	floe_jinja_limits lim;
	bool keep_nl;
	bool trim_blocks, lstrip_blocks;
	floe_arena *a;
	struct jglobal *globals;
	size_t nglobals, capglobals;
	struct jfilter_def *filters;
	size_t nfilters, capfilters;
	const char **outf;
	size_t noutf, capoutf;
	struct jmacro_ent *macros;
	size_t nmacros, capmacros;
	floe_keyset macro_index;  /* "pkg\x1fname" -> index in macros */
	floe_keyset pkg_index;    /* package names */
	const char **search;
	size_t nsearch;
	void (*log)(void *ud, bool warn, const char *msg);
	void *log_ud;
};

/* ---- render ---- */
struct jvar {
	const char *name;
	floe_jval v;
};

struct jframe {
	struct jframe *parent;
	struct jvar *vars;
	size_t n, cap;
};

struct floe_jmacro {
	const struct jnode *def;       /* S_MACRO or S_CALLBLOCK (caller) */
	const floe_jinja_tpl *tpl;
	struct jframe *closure;        /* NULL: a fresh template scope */
	const char *pkg, *name;
};

/* A frame of the macro call chain, for notes. */
struct jcall {
	struct jcall *up;
	const floe_jmacro *m;
	const floe_jinja_tpl *at_tpl;  /* where it was called */
	uint32_t at_off;
};

struct floe_jinja_rt {
	floe_jinja_env *env;
	floe_diags *d;
	floe_arena *a;
	const floe_jdict *vars;
	void *user;
	floe_buf *out;                 /* current output */
	struct jframe *frame;          /* current scope */
	const floe_jval *fb_input;     /* filter block / set block body */
	const floe_jinja_tpl *tpl;     /* current template */
	uint32_t off;                  /* current position */
	const char *pkg;               /* package of the running macro */
	struct jcall *calls;
	unsigned ncalls, depth;
	uint64_t steps;
	floe_jval ret;                 /* return() value */
	unsigned soft;                 /* strict mode: a name, attribute or item
					  may be undefined (in the subject of
					  defined, default, none) */
	size_t emitted;
	bool failed;
};

/* eval/exec status: 0 ok, -1 error, RC_RETURN return() */
enum { RC_ERR = -1, RC_RETURN = -2, RC_BREAK = 1, RC_CONTINUE = 2 };

/* lex.c */
int floe_jinja__lex(struct jtok **out, size_t *n, floe_arena *a,
		    floe_diags *d, floe_source *src,
		    const floe_jinja_env *env);
void floe_jinja__pos(const floe_jinja_tpl *t, uint32_t off, floe_span *sp);
void floe_jinja__span(floe_source *src, uint32_t off, uint32_t len,
		      floe_span *sp);

/* parse.c, parse_expr.c */
struct jps {
	floe_jinja_env *env;
	floe_jinja_tpl *t;
	floe_diags *d;
	floe_arena *a;
	const char *text;
	struct jtok *toks;
	size_t n, i;
	unsigned depth;
	uint32_t open;         /* the tag name of the statement being parsed */
	struct jnode *macro;   /* innermost macro being parsed */
	bool failed;
};
struct jnode *floe_jinja__node(struct jps *p, int kind, uint32_t off);
struct jnode *floe_jinja__expr(struct jps *p);
struct jnode *floe_jinja__expr_tuple(struct jps *p, bool allow_cond);
struct jnode *floe_jinja__expr_noif(struct jps *p);
void floe_jinja__perr(struct jps *p, const char *code, uint32_t off,
		      uint32_t len, const char *fmt, ...)
	__attribute__((format(printf, 5, 6)));
bool floe_jinja__is_op(const struct jps *p, const char *op);
bool floe_jinja__is_name(const struct jps *p, const char *name);
bool floe_jinja__accept_op(struct jps *p, const char *op);
bool floe_jinja__accept_name(struct jps *p, const char *name);
bool floe_jinja__expect_op(struct jps *p, const char *op);
void floe_jinja__unexpected(struct jps *p, const char *wanted);
void floe_jinja__call_args(struct jps *p, struct jnode *n);

/* value.c */
int floe_jinja__cmp(floe_jinja_rt *rt, const floe_jval *a, const floe_jval *b,
		    int *out);
void floe_jinja__put_float(floe_buf *b, double d);
floe_jval floe_jinja__buf_val(floe_jinja_rt *rt, const floe_buf *b);
/* Items of an iterable (list copy for dicts/strings); -1 when not iterable. */
int floe_jinja__iter(floe_jinja_rt *rt, const floe_jval *v, floe_jlist *out);
int floe_jinja__str(floe_jinja_rt *rt, const floe_jval *v, floe_jval *out);
bool floe_jinja__contains(const floe_jval *hay, const floe_jval *needle,
			  bool *ok);
int floe_jinja__getattr(floe_jinja_rt *rt, const floe_jval *v,
			const char *name, floe_jval *out);
int floe_jinja__getitem(floe_jinja_rt *rt, const floe_jval *v,
			const floe_jval *key, floe_jval *out);
floe_jval floe_jinja__undef(const char *name);
/* -1 (jinja/too-big) when a collection of `items` would exceed the limits */
int floe_jinja__room(floe_jinja_rt *rt, size_t items);
int floe_jinja__attr_path(floe_jinja_rt *rt, const floe_jval *v,
			  const char *path, floe_jval *out);

/* eval.c, exec.c */
int floe_jinja__eval(floe_jinja_rt *rt, const struct jnode *n, floe_jval *out);
int floe_jinja__eval_call(floe_jinja_rt *rt, const struct jnode *n,
			  const char *kw, const floe_jval *kwv, floe_jval *out);
int floe_jinja__exec(floe_jinja_rt *rt, const struct jnode *s,
		     struct jframe *f);
int floe_jinja__call(floe_jinja_rt *rt, const floe_jval *fn,
		     floe_jinja_call *c, floe_jval *out);
int floe_jinja__call_macro(floe_jinja_rt *rt, floe_jmacro *m,
			   floe_jinja_call *c, floe_jval *out);
bool floe_jinja__lookup(floe_jinja_rt *rt, struct jframe *f, const char *name,
			floe_jval *out);
void floe_jinja__bind(floe_jinja_rt *rt, struct jframe *f, const char *name,
		      floe_jval v);
int floe_jinja__step(floe_jinja_rt *rt);

/* methods.c, globals.c */
int floe_jinja__method(floe_jinja_rt *rt, const floe_jval *self,
		       const char *name, floe_jval *out);
bool floe_jinja__builtin_global(floe_jinja_rt *rt, const char *name,
				floe_jval *out);
int floe_jinja__tojson(floe_jinja_rt *rt, const floe_jval *v, int indent,
		       bool sort, floe_buf *out);
/* filters.c helpers shared with tests */
int floe_jinja__test_by_name(floe_jinja_rt *rt, const char *name,
			     const floe_jval *v, const floe_jval *args,
			     size_t nargs, bool *out);
int floe_jinja__filter_by_name(floe_jinja_rt *rt, const char *name,
			       const floe_jval *v, const floe_jval *args,
			       size_t nargs, floe_jval *out);
int floe_jinja__sort(floe_jinja_rt *rt, floe_jval *items, size_t n,
		     const char *attr, bool reverse, bool case_sensitive);
int floe_jinja__add(floe_jinja_rt *rt, const floe_jval *a, const floe_jval *b,
		    floe_jval *out);
bool floe_jinja__modules(floe_jinja_rt *rt, floe_jval *out);
int floe_jinja__datetime_module(floe_jinja_rt *rt, floe_jval *out);
double floe_jinja__pow(double x, double y);
/* yaml.c */
int floe_jinja__fromyaml(floe_jinja_rt *rt, const floe_jval *s, floe_jval *out,
			 bool *ok);
int floe_jinja__toyaml(floe_jinja_rt *rt, const floe_jval *v, bool sort, floe_buf *out);
/* codec.c */
void floe_jinja__md5_hex(const void *data, size_t len, char out[33]);

/*
 * The order tojson and toyaml write a dict's keys in: as inserted, or
 * sorted by key (sort_keys); NULL after a comparison failed (recorded).
 * The indexes live in the render's arena.
 */
size_t *floe_jinja__key_order(floe_jinja_rt *rt, const floe_jdict *d, bool sort);

#endif
