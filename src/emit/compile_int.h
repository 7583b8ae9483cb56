/*
 * emit/compile_int.h: what the writers of floe_compile share: the
 * compilation state, the DuckDB plan (settings, extensions, secrets and
 * attachments decided once, then written as attach.sql and as dbt-duckdb's
 * profile), rendering through templates with use markers, and the table
 * of profile adapters.
 *
 * Use markers: a template writes `{{ x.at | raw }}` on each line that
 * carries model values; `x.at` is a marker made by floe_emit__at() naming those
 * values.  floe_emit__render() strips the markers and records, for each, the
 * line it was on (floe_model_use).  A value that itself holds a marker
 * byte makes the output render a second time without markers, so no
 * value ever loses a byte.
 */
#ifndef FLOE_EMIT_COMPILE_INT_H
#define FLOE_EMIT_COMPILE_INT_H

#include <jansson.h>
#include "floe/compile.h"
#include "floe/jinja.h"
#include "emit/duckdb_options.h"
#include "emit/escape.h"
#include "util/util.h"

/* ---- the DuckDB plan ---- */

enum dv_kind {
	DV_NONE = 0,
	DV_STR,    /* a string literal */
	DV_WORD,   /* a keyword or number floe writes as is (ICEBERG, 5432, true) */
	DV_VAR,    /* a secret: getvariable('<VAR>') / env_var('<VAR>') */
	DV_EXPR,   /* SQL floe built from variables (and its dbt Jinja twin) */
	DV_MAP,    /* MAP {'k': 'v'} of a string map */
	DV_FLAG,   /* a bare option: READ_ONLY */
};

struct dval {
	enum dv_kind kind;
	const char *s;        /* STR, WORD, VAR (the variable), EXPR (SQL) */
	const char *dbt;      /* EXPR: the profiles.yml value (Jinja) */
	json_t *json;         /* WORD: the value as JSON for YAML (number, bool) */
	const floe_mval *map; /* MAP */
};

struct dopt {
	const char *name;     /* upper case, floe's own constant */
	struct dval v;
	const floe_mval *from;
};

enum dstmt_kind { ST_SET, ST_SECRET, ST_ATTACH };

struct dstmt {
	enum dstmt_kind kind;
	floe_duckdb_kind dkind;
	const char *provider;     /* NULL: the type's default */
	const char *name;         /* SET: setting; SECRET: secret name */
	const char *type;         /* SECRET: TYPE word ("S3") */
	struct dval value;        /* SET */
	const char *path;         /* ATTACH */
	const char *alias;        /* ATTACH: NULL for none (floe_emit__plan_alias) */
	const char *dbt_type;     /* ATTACH: "iceberg" or NULL */
	const char *dbt_secret;   /* ATTACH: SECRET name for dbt, or NULL */
	struct dopt *opts;
	size_t nopts, cap;
	const floe_mval *from;    /* the profile or value it comes from */
	const floe_mval *from2;
	bool startup;             /* SET only at open: config, not SQL */
	bool after_load;          /* SET of a setting no core list has: an
				     extension's (s3_region), after the LOADs */
};

struct dext {
	const char *name;
	const char *repo;         /* NULL: core */
	const floe_mval *from;
};

struct dplan {
	floe_duckdb_ver ver;
	struct dstmt *settings;   /* memory, threads, temp, user settings */
	size_t nsettings;
	struct dext *exts;
	size_t nexts;
	struct dstmt *md;         /* SET motherduck_* */
	size_t nmd;
	struct dstmt **stmts;     /* secrets and attachments, in order */
	size_t nstmts;
	floe_keyset names;        /* names of stmts[0..named) (floe_emit__plan_name) */
	size_t named;
	const char **vars;        /* variables read, sorted */
	size_t nvars;
	const char *md_path;      /* "md:db" for MotherDuck compute, else NULL */
	const floe_mval *md_from;
	const char *database;     /* the catalog profile models land in */
	const char *alias;        /* its attach alias: the database of models */
	const floe_mval *database_from;
};

/* ---- one compilation ---- */

struct cctx {
	floe_model *m;
	floe_arena *a;
	floe_diags *d;
	const floe_project *p;
	floe_compile_result *r;
	const char *out_dir;       /* project-relative, normalized */
	const char *compute_name;
	const floe_mval *compute;
	const char *compute_type;
	bool duckdb;               /* DuckDB family: attach.sql and a plan */
	struct dplan plan;
	struct mlist_out {
		floe_output *items;
		size_t len, cap;
	} outs;
};

/* A template render with markers (render.c). */
struct render {
	struct cctx *c;
	const char *file;          /* output name, a constant */
	struct mgroup {
		const floe_mval *v[4];
	} *groups;
	size_t ngroups, cap;
	bool tainted;              /* a value holds a marker byte */
};

void floe_emit__render_init(struct render *rd, struct cctx *c, const char *file);
void floe_emit__render_release(struct render *rd);
/* The marker of a line that uses the given values (NULLs ignored). */
json_t *floe_emit__at(struct render *rd, const floe_mval *a, const floe_mval *b);
/* A JSON string of a value's text, noting marker bytes (taint). */
json_t *floe_emit__jstr(struct render *rd, const char *s);
/*
 * Render embedded template "templates/<tmpl>" against ctx (consumed) into
 * a new output `rd->file`.  A render error is the engine's diagnostic at
 * the template's line and column (jinja/...), then compile/render naming
 * the output; returns 0 or FLOE_EINVALID.
 */
int floe_emit__render(struct render *rd, const char *tmpl, json_t *ctx);
/*
 * The output templates' Jinja environment (tmpl_env.c): strict, with the
 * escaping filters of escape.h; free it with floe_jinja_env_free.
 */
floe_jinja_env *floe_emit__tmpl_env_new(void);
/* A writer's JSON context as an engine value in `a` (strings borrow j's). */
floe_jval floe_emit__tmpl_value(floe_arena *a, const json_t *j);
/* Add an output (data is copied). */
void floe_emit__output_add(struct cctx *c, const char *name, const char *data,
		      size_t len);

/* A name from the input as a message shows it: controls escaped, cut. */
const char *floe_emit__shown(struct cctx *c, const char *s);
/* Diagnostics at a model value's origin (its input span, or none). */
floe_diag *floe_emit__diag_at(struct cctx *c, floe_severity sev, const char *code,
			 const floe_mval *v, const char *fmt, ...)
	__attribute__((format(printf, 5, 6)));

/* The DuckDB plan (duckdb_plan.c, duckdb_storage.c, duckdb_catalog.c). */
int floe_emit__plan_build(struct cctx *c);
void floe_emit__plan_release(struct dplan *pl);
/* Plan building blocks shared by its files. */
struct dstmt *floe_emit__plan_stmt(struct cctx *c, enum dstmt_kind kind,
			      floe_duckdb_kind dkind, const floe_mval *from);
bool floe_emit__plan_opt(struct cctx *c, struct dstmt *st, const char *name,
		    struct dval v, const floe_mval *from);
struct dval floe_emit__dv_str(const char *s);
struct dval floe_emit__dv_word(struct cctx *c, const char *s);
struct dval floe_emit__dv_bool(struct cctx *c, bool b);
/* A string value or a secret, from a model value that may be either. */
struct dval floe_emit__dv_of(struct cctx *c, const floe_mval *v);
struct dval floe_emit__dv_secret(struct cctx *c, const floe_msecret *s);
/* The secret of storage credentials {mode: static, secret_ref} with `key`. */
const floe_msecret *floe_emit__plan_pair(struct cctx *c, const floe_mval *ref,
				    const char *key);
/* A secret name unique in the plan: floe_<kind>_<profile>[_<what>]. */
const char *floe_emit__plan_name(struct cctx *c, const char *kind,
			    const char *profile, const char *what);
/* The catalog profile's attach alias (floe_compile_catalog_alias). */
const char *floe_emit__plan_alias(struct cctx *c, const char *name);
void floe_emit__plan_storage(struct cctx *c, const floe_mval *s);
void floe_emit__plan_catalog(struct cctx *c, const floe_mval *cat);

/* A plan value as a template value: {"var"|"str"|"expr"|"word"|"map"|"flag": ...}. */
json_t *floe_emit__val_json(struct render *rd, const struct dval *v);

/* Writers. */
int floe_emit__emit_attach(struct cctx *c);      /* attach.sql */
int floe_emit__emit_env(struct cctx *c);         /* container.env, k8s-env.yaml */
int floe_emit__emit_manifest(struct cctx *c);    /* manifest.json */

/*
 * Profile adapters: one per compute type.  To add an engine: a template
 * templates/profiles-<type>.yml.tmpl, a context builder that turns the
 * model into that template's context, and, for engines that need them,
 * `extra` writing engine-side outputs (Trino catalog .properties, Spark
 * conf) with floe_emit__render/floe_emit__output_add.  docs/compile.md.
 */
struct profile_adapter {
	const char *type;            /* compute type: "duckdb" */
	const char *template_name;   /* "profiles-duckdb.yml.tmpl" */
	bool duckdb_family;          /* attach.sql and the DuckDB plan */
	/* the template's context; NULL with a diagnostic on failure */
	json_t *(*context)(struct cctx *c, struct render *rd);
	int (*extra)(struct cctx *c); /* NULL: none */
};

const struct profile_adapter *floe_emit__adapter_find(const char *type);
/* The compute types with an adapter, comma-separated (for messages). */
const char *floe_emit__adapter_names(struct cctx *c);
int floe_emit__emit_profiles(struct cctx *c, const struct profile_adapter *ad);

#endif
