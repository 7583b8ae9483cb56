/*
 * run_int.h: the runner's insides, shared by run_*.c: the Jinja subset
 * (templates, values, the renderer and its hooks), the loaded project
 * (nodes, configs, relations, sources) and the plan the scheduler runs.
 */
#ifndef FLOE_RUNTIME_RUN_INT_H
#define FLOE_RUNTIME_RUN_INT_H

#include <stdatomic.h>
#include <stdbool.h>
#include <stdint.h>
#include "floe/doc.h"
#include "floe/runner.h"
#include "util/util.h"

/* ---- the Jinja subset: templates (run_jinja.c) ---- */

enum jx {
	JX_STR, JX_INT, JX_FLOAT, JX_BOOL, JX_NONE,
	JX_NAME,    /* name */
	JX_ATTR,    /* a.name */
	JX_INDEX,   /* a[b] */
	JX_CALL,    /* a(args) */
	JX_FILTER,  /* a | name(args) */
	JX_TEST,    /* a is [not] name */
	JX_NOT, JX_NEG,
	JX_BIN,     /* a op b */
	JX_AND, JX_OR,
	JX_COND,    /* a if b else c */
	JX_LIST,    /* [args] */
	JX_DICT,    /* {args[2i]: args[2i+1]} */
};

enum jop {
	JOP_EQ, JOP_NE, JOP_LT, JOP_GT, JOP_LE, JOP_GE, JOP_IN, JOP_NOTIN,
	JOP_ADD, JOP_SUB, JOP_MUL, JOP_DIV, JOP_FLOORDIV, JOP_MOD, JOP_CAT,
};

struct jexpr {
	uint8_t kind;           /* enum jx */
	uint8_t op;             /* JX_BIN: enum jop */
	bool bv;                /* JX_BOOL; JX_TEST: negated */
	uint32_t off, end;      /* bytes of the source */
	const char *name;       /* NAME, ATTR, FILTER, TEST; CALL: the callee's dotted name */
	const char *s;          /* JX_STR (decoded) */
	size_t len;
	int64_t i;
	double d;
	struct jexpr *a, *b, *c;
	struct jexpr **args;    /* CALL, FILTER, LIST, DICT */
	const char **kw;        /* keyword of each arg, NULL when positional */
	size_t nargs;
	unsigned height;        /* levels of the tree below and with it */
};

enum js { JS_TEXT, JS_OUT, JS_IF, JS_SET, JS_MACRO };

struct jbranch {
	struct jexpr *cond;     /* NULL: else */
	struct jstmt *body;
	struct jbranch *next;
};

struct jstmt {
	uint8_t kind;           /* enum js */
	uint32_t off, end;
	struct jstmt *next;
	const char *text;       /* JS_TEXT (whitespace control applied) */
	size_t len;
	struct jexpr *e;        /* JS_OUT, JS_SET */
	const char *name;       /* JS_SET, JS_MACRO */
	struct jbranch *br;     /* JS_IF */
	const char **params;    /* JS_MACRO */
	struct jexpr **defaults;
	size_t nparams;
	struct jstmt *body;     /* JS_MACRO */
};

struct jtpl {
	floe_source *src;       /* borrowed */
	const char *text;
	size_t len;
	struct jstmt *body;
	bool macros;            /* a file of macro definitions */
};

/*
 * Parse `src` (a model, a singular test, or with `macros` a file of
 * {% macro %} definitions).  A syntax error or a tag outside the subset is
 * a diagnostic (run/jinja-syntax, run/unsupported-jinja) and ends the
 * parse: FLOE_EINVALID.  The tree lives in `a`.
 */
int floe_runtime__run_jinja_parse(struct jtpl **out, floe_arena *a, floe_diags *d,
			 floe_source *src, bool macros);
/* One expression (a `to:` of relationships), text borrowed. */
int floe_runtime__run_jinja_expr(struct jexpr **out, floe_arena *a, floe_diags *d,
			floe_source *src);
/* The span of bytes [off, end) of src, lines and columns from 1. */
void floe_runtime__run_span(floe_span *out, const floe_source *src, uint32_t off,
		   uint32_t end);

/* ---- values and rendering (run_render.c) ---- */

enum jv { JV_UNDEF, JV_NONE, JV_BOOL, JV_INT, JV_FLOAT, JV_STR, JV_LIST,
	  JV_DICT, JV_REL };

/* A relation: rendered quoted, "db"."schema"."name" (db may be NULL). */
struct jrel {
	const char *database, *schema, *identifier;
	const char *sql;        /* quoted, as {{ ref() }} renders */
	const char *display;    /* schema.identifier, for progress lines */
};

struct jval {
	uint8_t k;              /* enum jv */
	bool b;
	int64_t i;
	double d;
	const char *s;          /* STR */
	size_t len;             /* STR: bytes; LIST, DICT: items */
	struct jval *items;     /* LIST, DICT values */
	const char **keys;      /* DICT */
	const struct jrel *rel; /* REL */
};

struct jrender;

/*
 * What names mean: the project answers ref(), source(), var(), env_var()
 * and config() through these.  Each returns 0, or -1 after reporting
 * through floe_runtime__run_render_error.
 */
struct jhooks {
	void *ud;
	int (*ref)(void *ud, struct jrender *r, const struct jexpr *at,
		   const char *pkg, const char *name, struct jval *out);
	int (*source)(void *ud, struct jrender *r, const struct jexpr *at,
		      const char *source, const char *table, struct jval *out);
	/* false: not defined */
	bool (*var)(void *ud, const char *name, struct jval *out);
	const char *(*env)(void *ud, const char *name);
	int (*config)(void *ud, struct jrender *r, const struct jexpr *at,
		      const char *key, const struct jval *v);
};

struct jscope {
	const char *name;
	struct jval v;
	struct jscope *next;
};

struct jrender {
	const struct jtpl *t;
	const struct jhooks *h;
	floe_arena *a;          /* values */
	floe_diags *d;
	floe_buf *out;
	struct jscope *scope;
	const struct jrel *self;   /* `this`; NULL: undefined */
	const struct jval *target; /* a JV_DICT */
	bool incremental;          /* what is_incremental() returns */
	bool quiet;                /* report nothing (a second pass) */
	bool failed;
	const char *const *macro_names; /* the project's macros, for messages */
	size_t nmacro_names;
};

/* Render the template body into r->out; 0 or -1 (diagnostic reported). */
int floe_runtime__run_render(struct jrender *r);
/* Call macro `m` with positional args; its output (stripped) in r->out. */
int floe_runtime__run_render_macro(struct jrender *r, const struct jstmt *m,
			  const struct jval *args, size_t nargs);
int floe_runtime__run_eval(struct jrender *r, const struct jexpr *e, struct jval *out);
void floe_runtime__run_render_error(struct jrender *r, const char *code,
			   const struct jexpr *at, const char *fmt, ...)
	__attribute__((format(printf, 4, 5)));
/* No value or output grows past this. */
#define FLOE_RUN_RENDER_MAX ((size_t)16 << 20)

/* run_render.c, for run_value.c */
int floe_runtime__run_eval_name(struct jrender *r, const struct jexpr *e,
		       struct jval *out, bool soft);
/* Positional args of a call, evaluated; each must be a string when `strs`. */
int floe_runtime__run_eval_args(struct jrender *r, const struct jexpr *e,
		       struct jval *vals, size_t max, bool strs);

/* run_value.c */
void floe_runtime__run_val_set(struct jval *v, const char *s, size_t len);
void floe_runtime__run_val_set_buf(floe_arena *a, struct jval *v, const floe_buf *b);
const char *floe_runtime__run_val_kind(int k);
/* The value of key `k` in a dict, or NULL. */
const struct jval *floe_runtime__run_val_get(const struct jval *d, const char *k);
/* Drop leading and trailing whitespace of (*s, *n). */
void floe_runtime__run_strip(const char **s, size_t *n);
int floe_runtime__run_eval_filter(struct jrender *r, const struct jexpr *e,
			 struct jval *out);
int floe_runtime__run_eval_test(struct jrender *r, const struct jexpr *e,
		       struct jval *out);
int floe_runtime__run_eval_bin(struct jrender *r, const struct jexpr *e,
		      struct jval *out);
/* Append a value as Jinja prints it. */
void floe_runtime__run_val_str(floe_buf *b, const struct jval *v);
bool floe_runtime__run_val_truthy(const struct jval *v);
/* A value from a YAML node (maps, lists, scalars), strings borrowed. */
void floe_runtime__run_val_from_node(floe_arena *a, struct jval *out,
			    const floe_node *n);
/* The static check: every name, call, filter and test in the subset. */
int floe_runtime__run_jinja_check(floe_diags *d, const struct jtpl *t,
			 const char *const *macros, size_t nmacros);
/* The same for one {% macro %} of a macro file. */
int floe_runtime__run_jinja_check_macro(floe_diags *d, const struct jtpl *t,
			       const struct jstmt *m);

/* ---- the project (run_project.c, run_props.c, run_config.c) ---- */

enum rkind { RK_SEED, RK_MODEL, RK_TEST };
enum rmat { RM_VIEW, RM_TABLE, RM_INCREMENTAL, RM_SEED, RM_TEST };
enum rtest { RT_NOT_NULL, RT_UNIQUE, RT_ACCEPTED, RT_RELATIONSHIPS,
	     RT_SINGULAR };
enum rstrategy { RS_DEFAULT, RS_APPEND, RS_DELETE_INSERT, RS_MERGE };

struct rconfig {
	int materialized;       /* enum rmat */
	const char *schema, *database, *alias;
	const char **unique_key;
	size_t nkeys;
	int strategy;           /* enum rstrategy */
	const char **tags;
	size_t ntags;
	bool enabled;
	int full_refresh;       /* -1: unset */
	bool warn;              /* tests: severity warn */
	const char *where;      /* tests */
	const char *delimiter;  /* seeds */
	const char **type_cols, **type_vals; /* seeds: column_types */
	size_t ntypes;
};

struct rnode {
	int kind;               /* enum rkind */
	size_t id;              /* index in the project's nodes */
	const char *name, *unique_id;
	const char *path;       /* relative to the dbt project */
	const char *abs_path;
	const char **fqn;
	size_t nfqn;
	floe_source *src;       /* models, singular tests */
	struct jtpl *tpl;
	const floe_node *props; /* its entry in a properties file */
	floe_span span;         /* where it is defined (tests: the yml entry) */
	struct rconfig cfg;
	struct jrel rel;        /* seeds, models; tests: the tested relation */
	const char *sql;        /* rendered (models), the test query (tests) */
	const char *sql_inc;    /* rendered with is_incremental() true */
	size_t *parents;
	uint32_t *parent_off;   /* where each ref() is, for the cycle message */
	size_t nparents, capparents;
	const char **sources;   /* "src.table" it reads (for source: selectors) */
	size_t nsources, capsources;
	/* tests */
	int test;               /* enum rtest */
	size_t attached;        /* the tested node, or SIZE_MAX (a source) */
	const char *column;     /* as SQL: quoted when the column says quote */
	const floe_node *args;  /* values, quote, to, field */
	bool bad;               /* had errors: not rendered further */
};

struct rsource {
	const char *source, *table;
	struct jrel rel;
	floe_span span;
};

struct floe_runner_project {
	floe_arena *a;
	floe_arena *scratch;    /* values of the renders, during load only */
	floe_diags *d;          /* during load only */
	const floe_limits *lim;
	floe_limits limits;
	const char *dir, *abs_dir, *name, *profile, *target_dir;
	const char **model_paths, **seed_paths, **macro_paths, **test_paths;
	size_t nmodel_paths, nseed_paths, nmacro_paths, ntest_paths;
	floe_doc *project_doc;
	floe_vec docs;          /* properties files (floe_doc *) */
	floe_vec nodes;         /* struct rnode * */
	struct rsource *sources;
	size_t nsources, capsources;
	/* the name index of seeds and models */
	size_t *index;
	size_t index_cap;
	const char **test_names; /* a set of the tests' names (open addressing) */
	size_t ntest_names, test_names_cap;
	/* rendering context */
	const char *database, *schema, *target_name;
	struct jval target, vars, project_vars;
	floe_runner_env_fn env;
	void *env_ud;
	floe_doc *vars_doc;
	const struct jstmt *gsn;       /* generate_schema_name, or NULL */
	const struct jtpl *gsn_tpl;
	const char **macro_names;
	size_t nmacro_names;
	const char *select, *exclude;  /* as checked at load */
};

/* run_project.c */
struct rnode *floe_runtime__run_node_new(floe_runner_project *p, int kind,
				const char *name);
struct rnode *floe_runtime__run_node(const floe_runner_project *p, size_t i);
/* A seed or model by name, or NULL. */
struct rnode *floe_runtime__run_find(const floe_runner_project *p, const char *name);
/* Take `name` for a test; false when a test has it already. */
bool floe_runtime__run_test_name_claim(floe_runner_project *p, const char *name);
void floe_runtime__run_add_parent(floe_runner_project *p, struct rnode *n,
			 size_t parent, uint32_t off);
/* "\"a\"" with quotes doubled, in the project arena. */
const char *floe_runtime__run_quote(floe_arena *a, const char *ident);
void floe_runtime__run_rel_set(floe_arena *a, struct jrel *rel, const char *database,
		      const char *schema, const char *identifier);

/* run_props.c: properties files (models:, seeds:, sources:, tests) */
void floe_runtime__run_props_load(floe_runner_project *p, const floe_doc *doc);
/* The relationships `to:` relations and test queries, once relations are known. */
void floe_runtime__run_tests_plan(floe_runner_project *p);
struct rsource *floe_runtime__run_source_find(const floe_runner_project *p,
				     const char *source, const char *table);

/* run_config.c */
void floe_runtime__run_config_init(struct rconfig *c, int kind);
/* Apply one key; diagnostics at `sp` (may be NULL). */
void floe_runtime__run_config_apply(floe_runner_project *p, struct rconfig *c,
			   int kind, const char *key, const struct jval *v,
			   const floe_span *sp);
/* A `config:` map of a properties file or dbt_project.yml (`+` keys). */
void floe_runtime__run_config_map(floe_runner_project *p, struct rconfig *c, int kind,
			 const floe_node *map, bool plus_only);
/* dbt_project.yml's models:/seeds:/data_tests: tree along the node's fqn. */
void floe_runtime__run_config_project(floe_runner_project *p, struct rnode *n);
/* The node's schema (generate_schema_name) and relation. */
void floe_runtime__run_config_place(floe_runner_project *p, struct rnode *n);
/* The {% macro %}s of a parsed macro file. */
void floe_runtime__run_macros_add(floe_runner_project *p, const struct jtpl *t);
/* var() and env_var() as the project answers them. */
bool floe_runtime__run_var_hook(void *ud, const char *name, struct jval *out);
const char *floe_runtime__run_env_hook(void *ud, const char *name);
const char *floe_runtime__run_mat_name(int mat);

/* run_model.c: rendering models at load */
void floe_runtime__run_models_render(floe_runner_project *p);
/* A YAML string holding Jinja (target, var, env_var); NULL after a diagnostic. */
const char *floe_runtime__run_render_string(floe_runner_project *p, const char *s,
				   const floe_node *at);
/* A relationships test's `to:` (ref(..) or source(..)), a parent of n. */
int floe_runtime__run_eval_relation(floe_runner_project *p, struct rnode *n,
			   const floe_node *to, const struct jrel **out);

/* run_graph.c */
/* Cycle check; FLOE_EINVALID after a run/cycle diagnostic. */
int floe_runtime__run_graph_check(floe_runner_project *p);
/*
 * Mark the selected nodes in `sel` (p's node count entries).  With `d`
 * problems are diagnostics (run/bad-select, warnings for no match); else
 * FLOE_EUSAGE.
 */
int floe_runtime__run_select(bool *sel, const floe_runner_project *p,
		    const char *select, const char *exclude, floe_diags *d);

/* run_exec.c: one step on one connection */
struct floe_duckdb_conn;
struct step_out {
	int status;             /* floe_step_status */
	bool incremental;
	int64_t rows;
	uint64_t failures;
	floe_buf msg;
};
int floe_runtime__run_schemas_create(struct floe_duckdb_conn *c,
			    const floe_runner_project *p, const bool *sel,
			    floe_buf *err);
/* Build or test node n; `stop` set: stop between statements (cancelled). */
void floe_runtime__run_step_exec(struct step_out *o, struct floe_duckdb_conn *c,
			const struct rnode *n, bool full_refresh,
			const atomic_int *stop);

/* A failure naming a catalog that is not attached: name the view built
 * under an old alias and say "rebuild with --full-refresh" (in msg). */
void floe_runtime__run_old_alias_hint(floe_buf *msg, struct floe_duckdb_conn *c,
			     const char *sql);

/* run_results.c */
struct floe_runner_results {
	floe_arena *a;
	floe_runner_step *steps;   /* in the order they ended */
	const char **sql;          /* compiled code of each step, or NULL */
	const char **rel_sql;      /* "db"."schema"."name" of each step, or NULL */
	unsigned *thread;          /* worker of each step (0: none) */
	double *started;           /* floe_now_ms() when each began */
	size_t nsteps, cap;
	double t0_ms;              /* floe_now_ms() at the start */
	double t0_wall;            /* the same moment, seconds since the epoch */
	double elapsed;
	bool cancelled;
	const char *project, *target_name, *select, *exclude;
	unsigned threads;
	bool full_refresh;
};
floe_runner_results *floe_runtime__run_results_new(const floe_runner_project *p,
					  const floe_runner_opts *o);
/* Copy a finished step (strings included) into the results. */
void floe_runtime__run_results_add(floe_runner_results *r, const floe_runner_step *s,
			  const char *sql, const char *rel_sql, unsigned thread,
			  double started);
void floe_runtime__run_results_done(floe_runner_results *r, bool cancelled);

#endif
