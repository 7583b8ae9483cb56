/*
 * run_int.h: the runner's insides, shared by run_*.c: the loaded project
 * (nodes, configs, relations, sources), its dbt context on the Jinja
 * engine (run_dbt.c) and the plan the scheduler runs.
 */
#ifndef FLOE_RUNTIME_RUN_INT_H
#define FLOE_RUNTIME_RUN_INT_H

#include <stdatomic.h>
#include <stdbool.h>
#include <stdint.h>
#include "floe/doc.h"
#include "floe/jinja.h"
#include "floe/runner.h"
#include "util/util.h"

/* ---- relations ---- */

/* A relation: rendered quoted, "db"."schema"."name" (db may be NULL). */
struct jrel {
	const char *database, *schema, *identifier;
	const char *sql;        /* quoted, as {{ ref() }} renders */
	const char *display;    /* schema.identifier, for progress lines */
};

/* The span of bytes [off, end) of src, lines and columns from 1. */
void floe_runtime__run_span(floe_span *out, const floe_source *src, uint32_t off,
		   uint32_t end);

/* ---- the project (run_project.c, run_props.c, run_config.c) ---- */

enum rkind { RK_SEED, RK_MODEL, RK_TEST };
enum rmat { RM_VIEW, RM_TABLE, RM_INCREMENTAL, RM_SEED, RM_TEST };
enum rtest { RT_NOT_NULL, RT_UNIQUE, RT_ACCEPTED, RT_RELATIONSHIPS,
	     RT_SINGULAR, RT_MACRO /* a {% test %} block: n->test_macro */ };
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
	floe_jinja_tpl *tpl;
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
	bool needs_db;          /* its render calls the database: rendered again at run */
	const char *test_macro; /* RT_MACRO: the test's name as written ("dbt_utils.x") */
	const char *test_pkg, *test_fn;  /* its macro: package (NULL: search), test_x */
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
	floe_jval target, vars, project_vars, flags;
	floe_runner_env_fn env;
	void *env_ud;
	floe_doc *vars_doc;
	floe_jinja_env *jenv;          /* the dbt context: macros, globals */
	floe_vec tpls;                 /* macro files (floe_jinja_tpl *) */
	bool gsn, gan, gdn;            /* the project overrides generate_*_name */
	const char *const *dispatch_ns; /* dispatch: macro_namespace ... */
	const char *const *const *dispatch_order; /* ... and its search_order */
	size_t *dispatch_n;
	size_t ndispatch;
	bool dry_run;                  /* --dry-run: no database */
	bool full_refresh;             /* flags.FULL_REFRESH */
	floe_vec srcs;                 /* sources of tpls (floe_source *) */
	floe_vec docs_keep;            /* packages' dbt_project.yml (floe_doc *) */
	const char *cur_pkg;           /* the package whose macros are read */
	const char **packages;         /* dbt_packages/<name> loaded */
	size_t npackages;
	void *render_lock;             /* run-time renders (pthread_mutex_t) */
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
			   int kind, const char *key, const floe_jval *v,
			   const floe_span *sp);
/* A `config:` map of a properties file or dbt_project.yml (`+` keys). */
void floe_runtime__run_config_map(floe_runner_project *p, struct rconfig *c, int kind,
			 const floe_node *map, bool plus_only);
/* dbt_project.yml's models:/seeds:/data_tests: tree along the node's fqn. */
void floe_runtime__run_config_project(floe_runner_project *p, struct rnode *n);
/* The node's schema (generate_schema_name) and relation. */
void floe_runtime__run_config_place(floe_runner_project *p, struct rnode *n);
/* var() and env_var() as the project answers them. */
bool floe_runtime__run_var_hook(floe_runner_project *p, const char *name,
		       floe_jval *out);
const char *floe_runtime__run_env_hook(floe_runner_project *p, const char *name);
const char *floe_runtime__run_mat_name(int mat);

/* run_model.c: rendering models at load */
void floe_runtime__run_models_render(floe_runner_project *p);
/* A node again with execute true on a live connection (run time). */
struct floe_duckdb_conn;
int floe_runtime__run_model_rerender(floe_runner_project *p, struct rnode *n,
			    struct floe_duckdb_conn *c, floe_buf *err);
/* A YAML string holding Jinja (target, var, env_var); NULL after a diagnostic. */
const char *floe_runtime__run_render_string(floe_runner_project *p, const char *s,
				   const floe_node *at);
/* Render text as a template, problems relayed to `at`; NULL after one. */
struct rrender;
const char *floe_runtime__run_render_at(floe_runner_project *p, struct rrender *r,
			       const char *text, const floe_span *at,
			       const char *what);
/* A relationships test's `to:` (ref(..) or source(..)), a parent of n. */
int floe_runtime__run_eval_relation(floe_runner_project *p, struct rnode *n,
			   const floe_node *to, const struct jrel **out);

/* run_dbt.c: dbt's context on the Jinja engine */
#define FLOE_RUN_DBT_VERSION "1.10.0"
enum rphase { RP_CONFIG, RP_SQL, RP_RUN };
/* The environment with dbt's globals; after set_context and read_vars. */
void floe_runtime__run_dbt_env(floe_runner_project *p);
/* Parse a model, test or macro file; NULL after diagnostics. */
floe_jinja_tpl *floe_runtime__run_dbt_parse(floe_runner_project *p, floe_source *src);
/* Register a macro file's macros in package pkg (NULL: the root project). */
void floe_runtime__run_dbt_macros(floe_runner_project *p, floe_source *src,
			 const char *pkg);
/* graph: the nodes, once configs are known. */
void floe_runtime__run_dbt_graph(floe_runner_project *p);
/* A YAML node as a Jinja value. */
floe_jval floe_runtime__run_jv_from_node(floe_arena *a, const floe_node *n);
/* A NUL-terminated copy of a string value, or NULL. */
const char *floe_runtime__run_jv_cstr(floe_arena *a, const floe_jval *v);

struct rrender {
	floe_runner_project *p;
	struct rnode *n;        /* NULL: a YAML value */
	int phase;              /* enum rphase */
	bool incremental;
	struct floe_duckdb_conn *conn;  /* RP_RUN */
	bool needs_db;          /* RP_SQL without a database: touched it */
	bool collect;           /* ref()/source() add parents to n */
	bool no_execute;        /* execute false although relations are placed */
	const struct jrel *last_rel;    /* the last ref()/source() */
	const floe_jdict *extra;        /* more context (generic tests' args) */
	const struct jrel *test_rel;    /* __floe_test_model: the tested relation */
	floe_vec results;       /* statement() results: name, value pairs */
	floe_diags *d;
};
/*
 * Render template t (a node's, or a YAML value's) into out.  0, or
 * FLOE_EINVALID with diagnostics in r->d.
 */
int floe_runtime__run_dbt_render(struct rrender *r, const floe_jinja_tpl *t,
			floe_buf *out);
/* Call macro pkg.name (NULL pkg: the search order) with args; its value. */
int floe_runtime__run_dbt_call(struct rrender *r, const char *pkg, const char *name,
		      const floe_jval *args, size_t nargs, floe_buf *out);

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
/*
 * Write a file atomically (its directories made; `sync`: fsync before the
 * rename); FLOE_EIO with floe_error_last().
 */
int floe_runtime__run_write_file(const char *path, const char *data, size_t len,
			bool sync);

#endif
