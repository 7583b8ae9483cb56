/*
 * engine_warehouses.c: the contexts of the dbt profiles of the warehouse
 * adapters floe-runtime knew (postgres, redshift, snowflake, bigquery,
 * databricks; floe-runtime.md section 5.4, with the secrets it ignored
 * taken from credentials as env_var() references).  These engines keep
 * their own catalogs: there are no engine-side files.  What an adapter
 * requires and the platform file lacks is compile/missing-option.
 */
#include <string.h>
#include "emit/engine_int.h"

static void set(json_t *o, const char *k, json_t *v)
{
	json_object_set_new(o, k, v);
}

static const floe_mval *user_of(struct cctx *c)
{
	const floe_mval *u = floe_emit__prop(c, "user");
	return u ? u : floe_emit__cred(c, "user");
}

/* properties[key] into ctx[as]; a missing one is reported when `why`. */
static bool prop(json_t *ctx, struct cctx *c, struct render *rd,
		 const char *key, const char *as, const char *why)
{
	if (floe_emit__pv_put(ctx, as ? as : key, rd, floe_emit__prop(c, key)))
		return true;
	if (why)
		floe_emit__missing(c, floe_arena_printf(c->a, "properties.%s", key), why);
	return false;
}

static bool cred(json_t *ctx, struct cctx *c, struct render *rd,
		 const char *key, const char *as)
{
	return floe_emit__pv_put(ctx, as ? as : key, rd, floe_emit__cred(c, key));
}

static void port_or(json_t *ctx, struct cctx *c, struct render *rd,
		    json_int_t def)
{
	if (!prop(ctx, c, rd, "port", NULL, NULL))
		set(ctx, "port", floe_emit__pv_json(rd, json_integer(def),
					       floe_mval_get(c->compute, "type")));
}

/* postgres and redshift: libpq's host, port, user, password, dbname. */
static json_t *libpq(struct cctx *c, struct render *rd, json_int_t port)
{
	json_t *ctx = floe_emit__profile_head(c, rd);
	prop(ctx, c, rd, "host", NULL, "the database server's host");
	port_or(ctx, c, rd, port);
	if (!floe_emit__pv_put(ctx, "user", rd, user_of(c)))
		floe_emit__missing(c, "properties.user (or credentials.user)",
			      "the adapter logs in as this user");
	if (!cred(ctx, c, rd, "password", NULL))
		floe_emit__missing(c, "credentials.password",
			      "the adapter logs in with a password ({secret_ref: NAME})");
	prop(ctx, c, rd, "database", "dbname", "the database the models are built in");
	floe_emit__pv_put(ctx, "schema", rd, floe_emit__schema_of(c));
	prop(ctx, c, rd, "sslmode", NULL, NULL);
	prop(ctx, c, rd, "threads", NULL, NULL);
	return ctx;
}

json_t *floe_emit__dbt_postgres_context(struct cctx *c, struct render *rd)
{
	return libpq(c, rd, 5432);
}

json_t *floe_emit__dbt_redshift_context(struct cctx *c, struct render *rd)
{
	return libpq(c, rd, 5439);
}

/* ---- dbt-snowflake ---- */

static void snowflake_auth(json_t *ctx, struct cctx *c, struct render *rd)
{
	const floe_mval *tok = floe_emit__cred(c, "token");
	if (cred(ctx, c, rd, "private_key", NULL) || cred(ctx, c, rd, "password", NULL))
		return;
	if (tok) {
		floe_emit__pv_put(ctx, "token", rd, tok);
		if (!floe_emit__prop(c, "authenticator"))
			set(ctx, "authenticator", floe_emit__pv_text(rd, "oauth", tok));
		return;
	}
	const char *a = floe_mval_str(floe_emit__prop(c, "authenticator"));
	if (!a || !strcmp(a, "snowflake"))
		floe_emit__missing(c, "credentials.password, private_key or token",
			      "dbt-snowflake logs in with one of them (or set an "
			      "authenticator such as externalbrowser)");
}

json_t *floe_emit__dbt_snowflake_context(struct cctx *c, struct render *rd)
{
	json_t *ctx = floe_emit__profile_head(c, rd);
	prop(ctx, c, rd, "account", NULL, "the Snowflake account identifier");
	if (!floe_emit__pv_put(ctx, "user", rd, user_of(c)))
		floe_emit__missing(c, "properties.user (or credentials.user)",
			      "dbt-snowflake logs in as this user");
	snowflake_auth(ctx, c, rd);
	prop(ctx, c, rd, "authenticator", NULL, NULL);
	prop(ctx, c, rd, "role", NULL, NULL);
	prop(ctx, c, rd, "database", NULL, "the database the models are built in");
	prop(ctx, c, rd, "warehouse", NULL, "the virtual warehouse that runs them");
	floe_emit__pv_put(ctx, "schema", rd, floe_emit__schema_of(c));
	prop(ctx, c, rd, "threads", NULL, NULL);
	return ctx;
}

/* ---- dbt-bigquery ---- */

json_t *floe_emit__dbt_bigquery_context(struct cctx *c, struct render *rd)
{
	json_t *ctx = floe_emit__profile_head(c, rd);
	const char *m = floe_mval_str(floe_emit__prop(c, "method"));
	if (!prop(ctx, c, rd, "method", NULL, NULL))
		set(ctx, "method", floe_emit__pv_text(rd, "oauth", floe_mval_get(c->compute,
								      "type")));
	prop(ctx, c, rd, "project", NULL, "the GCP project the models are built in");
	if (!prop(ctx, c, rd, "dataset", NULL, NULL))
		floe_emit__pv_put(ctx, "dataset", rd, floe_emit__schema_of(c));
	prop(ctx, c, rd, "location", NULL, NULL);
	if (floe_str_eq(m, "service-account") || floe_str_eq(m, "service-account-json")) {
		bool json = !strcmp(m, "service-account-json");
		if (!cred(ctx, c, rd, "private_key", json ? "keyfile_json" : "keyfile"))
			floe_emit__missing(c, "credentials.private_key", json ?
				"the service account's key (the JSON text)" :
				"the service account's key file (its path)");
	} else if (floe_str_eq(m, "oauth-secrets")) {
		if (!cred(ctx, c, rd, "token", NULL))
			floe_emit__missing(c, "credentials.token", "method oauth-secrets "
				      "sends an OAuth token");
	}
	prop(ctx, c, rd, "threads", NULL, NULL);
	return ctx;
}

/* ---- dbt-databricks ---- */

json_t *floe_emit__dbt_databricks_context(struct cctx *c, struct render *rd)
{
	json_t *ctx = floe_emit__profile_head(c, rd);
	prop(ctx, c, rd, "host", NULL, "the workspace host");
	prop(ctx, c, rd, "http_path", NULL, "the SQL warehouse's or cluster's HTTP path");
	if (!cred(ctx, c, rd, "token", NULL)) {
		const floe_mval *id = floe_emit__cred(c, "client_id");
		if (id && floe_emit__cred(c, "client_secret")) {
			set(ctx, "auth_type", floe_emit__pv_text(rd, "oauth", floe_emit__cred(c, "mode")));
			floe_emit__pv_put(ctx, "client_id", rd, id);
			cred(ctx, c, rd, "client_secret", NULL);
		} else {
			floe_emit__missing(c, "credentials.token (or client_id and client_secret)",
				      "dbt-databricks authenticates with a personal access "
				      "token or an OAuth service principal");
		}
	}
	prop(ctx, c, rd, "catalog", NULL, NULL);
	floe_emit__pv_put(ctx, "schema", rd, floe_emit__schema_of(c));
	prop(ctx, c, rd, "threads", NULL, NULL);
	return ctx;
}
