/*
 * emit/engine_int.h: what the writers for engines past one machine share
 * (engine_*.c): profile values as template values, the Iceberg catalog
 * and its storage as Trino and Spark see them, engine configuration lists
 * (key, value made of literal text and variable references), and the
 * checks that keep a value from changing on its way through a
 * .properties file or an Iceberg client.  The dbt-duckdb profile is
 * profiles.c's; none of this is used for DuckDB-family compute.
 */
#ifndef FLOE_EMIT_ENGINE_INT_H
#define FLOE_EMIT_ENGINE_INT_H

#include "emit/compile_int.h"

/* ---- profile values ---- */

/* A string floe chose (a default), used at `at`. */
json_t *floe_emit__pv_text(struct render *rd, const char *s, const floe_mval *at);
/* A number or boolean floe chose, used at `at`. */
json_t *floe_emit__pv_json(struct render *rd, json_t *v, const floe_mval *at);
/* Put floe__pv(rd, v) at ctx[key] when present; returns whether it was. */
bool floe_emit__pv_put(json_t *ctx, const char *key, struct render *rd,
		  const floe_mval *v);
/* A map of scalars as a list of {"k": key, value as floe__pv}. */
json_t *floe_emit__pv_map(struct render *rd, const floe_mval *map);
/*
 * The context every engine profile starts with: profile (floe.yaml's name
 * with '-' as '_'), target (the environment), their markers.
 */
json_t *floe_emit__profile_head(struct cctx *c, struct render *rd);
/* The compute profile's properties member `key` (NULL when absent). */
const floe_mval *floe_emit__prop(struct cctx *c, const char *key);
/* credentials member `key` of the compute profile. */
const floe_mval *floe_emit__cred(struct cctx *c, const char *key);
/* The catalog profile floe.yaml names (a map), or NULL. */
const floe_mval *floe_emit__project_catalog(struct cctx *c);
/* properties.schema, else the catalog's namespace. */
const floe_mval *floe_emit__schema_of(struct cctx *c);
/*
 * A value the adapter requires is missing: compile/missing-option at the
 * compute profile, naming what to write.
 */
void floe_emit__missing(struct cctx *c, const char *what, const char *why);

/* ---- the Iceberg catalog, as Trino and Spark see it ---- */

enum ecat_kind { ECAT_REST, ECAT_HIVE };
enum ecat_auth { EAUTH_NONE, EAUTH_OAUTH2, EAUTH_TOKEN, EAUTH_SIGV4 };

struct estorage {
	const floe_mval *profile;      /* the storage profile, or NULL */
	const char *type;              /* s3, r2, gcs, azure, local */
	const floe_mval *endpoint;     /* string or secret, or NULL */
	const char *endpoint_text;     /* r2: derived from the account */
	const floe_mval *region;
	const char *region_text;       /* r2: "auto" */
	const floe_mval *path_style;   /* true, or NULL */
	const floe_msecret *key_id, *key_secret;  /* static keys */
	const floe_mval *keys_from;    /* credentials.secret_ref */
	const floe_mval *role_arn;     /* iam_role */
};

struct ecat {
	const floe_mval *profile;      /* the catalog profile */
	const char *name;              /* the engine's catalog name */
	enum ecat_kind kind;
	enum ecat_auth auth;
	const floe_mval *type;
	const floe_mval *uri, *warehouse;
	const char *uri_text;          /* s3tables: derived from the ARN */
	const floe_mval *client_id, *client_secret, *scope, *server_uri;
	const floe_mval *token;        /* bearer token or static secret_ref */
	const floe_msecret *token_secret;
	const floe_mval *refresh;      /* token_refresh_enabled: false */
	const char *signing_name;      /* sigv4: glue, s3tables */
	const floe_mval *mode;         /* credentials.mode */
	const floe_mval *delegation;   /* vended-credentials, remote-signing */
	const floe_mval *nested;       /* nested_namespaces: true */
	const floe_mval *headers;      /* extra_http_headers */
	const floe_mval *props;        /* properties */
	const floe_mval *region;       /* default_region */
	struct estorage st;
};

/*
 * The catalog floe.yaml names, for engine `engine` ("trino", "spark").
 * A catalog the engine cannot reach (duckdb, ducklake) or a value it
 * cannot use is a diagnostic; then false.
 */
bool floe_emit__ecat_build(struct cctx *c, struct ecat *out, const char *engine,
		      const char *name);

/* ---- engine configuration lists ---- */

/* A piece of a value: literal text, or the value of variable `env`. */
struct epart {
	const char *s;
	const char *env;
};

struct econf {
	const char *key;
	struct epart parts[3];
	size_t nparts;
	const floe_mval *from, *from2;
};

struct econfs {
	struct econf *items;
	size_t len, cap;
};

/* Append key = text (a literal), used at `from`. */
struct econf *floe_emit__econf_text(struct cctx *c, struct econfs *l,
			       const char *key, const char *text,
			       const floe_mval *from);
/* Append key = the value of variable `env`, used at `from`. */
struct econf *floe_emit__econf_var(struct cctx *c, struct econfs *l,
			      const char *key, const char *env,
			      const floe_mval *from);
/* Append key = a model value (a string, number, boolean or secret). */
struct econf *floe_emit__econf_val(struct cctx *c, struct econfs *l,
			      const char *key, const floe_mval *v);
/* Append a part to the last conf. */
void floe_emit__econf_part(struct econf *e, const char *s, const char *env);
/* The conf named `key`, or NULL. */
void floe_emit__econfs_release(struct econfs *l);

/*
 * A value the engine reads back changed, checked for each literal part:
 * leading or trailing white space (trimmed by the Java readers; `crlf`:
 * CR and LF are kept), "env:" at the start (Iceberg's REST client reads it
 * as a variable), and for Trino ${NAME:...} (a secret reference).
 * Diagnostics compile/unwritable-value at each value; returns the count.
 */
size_t floe_emit__econf_check(struct cctx *c, const struct econfs *l,
			 const char *file, bool trino);
/* The list as a template array [{key, parts: [{s}|{env}], at}]. */
json_t *floe_emit__econf_json(struct render *rd, const struct econfs *l);

/* ---- the engines ---- */

/* The Trino catalog name (properties.catalog or the profile's name). */
const char *floe_emit__trino_catalog(struct cctx *c, const floe_mval **from);
/*
 * The spark.* confs of the catalog into `out`, and into `exports` (may be
 * NULL) the variables spark-env.sh composes; false after diagnostics.
 */
bool floe_emit__spark_confs(struct cctx *c, struct econfs *out,
		       struct econfs *exports);

json_t *floe_emit__dbt_trino_context(struct cctx *c, struct render *rd);
json_t *floe_emit__dbt_spark_context(struct cctx *c, struct render *rd);
json_t *floe_emit__dbt_clickhouse_context(struct cctx *c, struct render *rd);
json_t *floe_emit__dbt_postgres_context(struct cctx *c, struct render *rd);
json_t *floe_emit__dbt_redshift_context(struct cctx *c, struct render *rd);
json_t *floe_emit__dbt_snowflake_context(struct cctx *c, struct render *rd);
json_t *floe_emit__dbt_bigquery_context(struct cctx *c, struct render *rd);
json_t *floe_emit__dbt_databricks_context(struct cctx *c, struct render *rd);

/* Engine-side outputs (profile_adapter.extra). */
int floe_emit__trino_files(struct cctx *c);
int floe_emit__spark_files(struct cctx *c);

#endif
