/*
 * engine_profiles.c: the contexts of the dbt profiles of Trino, Spark and
 * ClickHouse (templates/profiles-<type>.yml.tmpl): the compute profile's
 * properties and credentials under the keys each adapter reads
 * (../shared/reference/targets.md sections 7.1, 7.3, 7.5), defaults where
 * the adapter needs a value, and what the adapter requires and the
 * platform file lacks as compile/missing-option.  Secrets stay
 * references; the templates write them as env_var() calls.
 */
#include <string.h>
#include "emit/engine_int.h"

static void set(json_t *o, const char *k, json_t *v)
{
	json_object_set_new(o, k, v);
}

static const floe_mval *type_of(struct cctx *c)
{
	return floe_mval_get(c->compute, "type");
}

/* properties[key], else the default text `def` (NULL: none). */
static void str_or(json_t *ctx, struct cctx *c, struct render *rd,
		   const char *key, const char *def)
{
	if (!floe_emit__pv_put(ctx, key, rd, floe_emit__prop(c, key)) && def)
		set(ctx, key, floe_emit__pv_text(rd, def, type_of(c)));
}

static void int_or(json_t *ctx, struct cctx *c, struct render *rd,
		   const char *key, json_int_t def)
{
	if (!floe_emit__pv_put(ctx, key, rd, floe_emit__prop(c, key)) && def)
		set(ctx, key, floe_emit__pv_json(rd, json_integer(def), type_of(c)));
}

/* properties.user, else credentials.user (a string or a secret). */
static const floe_mval *user_of(struct cctx *c)
{
	const floe_mval *u = floe_emit__prop(c, "user");
	return u ? u : floe_emit__cred(c, "user");
}

static const char *method_of(struct cctx *c, const char *def)
{
	const char *m = floe_mval_str(floe_emit__prop(c, "method"));
	return m ? m : def;
}

/* ---- dbt-trino ---- */

static void trino_auth(json_t *ctx, struct cctx *c, struct render *rd,
		       const char *method)
{
	const floe_mval *user = user_of(c);
	if (!floe_emit__pv_put(ctx, "user", rd, user) &&
	    (!strcmp(method, "none") || !strcmp(method, "ldap")))
		floe_emit__missing(c, "properties.user (or credentials.user)",
			      "dbt-trino connects as this user");
	if (!strcmp(method, "ldap") &&
	    !floe_emit__pv_put(ctx, "password", rd, floe_emit__cred(c, "password")))
		floe_emit__missing(c, "credentials.password",
			      "dbt-trino's ldap method sends a password");
	if (!strcmp(method, "jwt") &&
	    !floe_emit__pv_put(ctx, "jwt_token", rd, floe_emit__cred(c, "token")))
		floe_emit__missing(c, "credentials.token",
			      "dbt-trino's jwt method sends a token");
}

/* http_scheme is dbt-trino's for method none only: the others use https. */
static void trino_scheme(json_t *ctx, struct cctx *c, struct render *rd,
			 const char *method)
{
	const floe_mval *hs = floe_emit__prop(c, "http_scheme");
	if (!strcmp(method, "none")) {
		str_or(ctx, c, rd, "http_scheme", "http");
	} else if (floe_str_eq(floe_mval_str(hs), "http")) {
		floe_diag *g = floe_emit__diag_at(c, FLOE_SEV_ERROR,
			"compile/unsupported-value", hs, "dbt-trino's method '%s' "
			"always uses https", method);
		floe_diag_note(c->d, g, NULL, "http_scheme applies to method none only");
	}
}

json_t *floe_emit__dbt_trino_context(struct cctx *c, struct render *rd)
{
	json_t *ctx = floe_emit__profile_head(c, rd);
	const char *method = method_of(c, "none");
	const floe_mval *from;
	const char *catalog = floe_emit__trino_catalog(c, &from);

	str_or(ctx, c, rd, "method", "none");
	if (!floe_emit__pv_put(ctx, "host", rd, floe_emit__prop(c, "host")))
		floe_emit__missing(c, "properties.host", "the Trino coordinator's host");
	int_or(ctx, c, rd, "port", 8080);
	trino_auth(ctx, c, rd, method);
	set(ctx, "database", floe_emit__pv_text(rd, catalog, from));
	floe_emit__pv_put(ctx, "schema", rd, floe_emit__schema_of(c));
	trino_scheme(ctx, c, rd, method);
	int_or(ctx, c, rd, "threads", 4);
	set(ctx, "session_properties", floe_emit__pv_map(rd, floe_emit__prop(c, "session_properties")));
	set(ctx, "roles", floe_emit__pv_map(rd, floe_emit__prop(c, "roles")));
	return ctx;
}

/* ---- dbt-spark ---- */

/*
 * dbt-spark types server_side_parameters Dict[str, str], and dbt-core's
 * profile validation refuses any other value: numbers and booleans are
 * written as their text ("64", "true").
 */
static json_t *spark_params(struct render *rd, const floe_mval *map)
{
	json_t *a = floe_emit__pv_map(rd, map);
	size_t i;
	json_t *o;

	json_array_foreach(a, i, o) {
		json_t *v = json_object_get(o, "json");
		if (!v)
			continue;
		floe_buf b = FLOE_BUF_INIT;
		if (json_is_integer(v))
			floe_buf_printf(&b, "%lld", (long long)json_integer_value(v));
		else if (json_is_real(v))
			floe_buf_printf(&b, "%.17g", json_real_value(v));
		else
			floe_buf_puts(&b, json_is_true(v) ? "true" : "false");
		set(o, "s", floe_emit__jstr(rd, floe_buf_cstr(&b)));
		floe_buf_release(&b);
		json_object_del(o, "json");
	}
	return a;
}

/* For method session: the catalog's settings, applied to the session. */
static void spark_session_confs(json_t *ctx, struct cctx *c, struct render *rd)
{
	json_t *a = spark_params(rd, floe_emit__prop(c, "server_side_parameters"));
	struct econfs l = { 0 };
	floe_diags *keep = c->d;

	c->d = floe_diags_new(0);   /* the engine files report the same problems */
	floe_emit__spark_confs(c, &l, NULL);
	floe_diags_free(c->d);
	c->d = keep;
	for (size_t i = 0; i < l.len; i++) {
		const struct econf *e = &l.items[i];
		floe_buf b = FLOE_BUF_INIT;
		for (size_t k = 0; k < e->nparts; k++)
			floe_buf_printf(&b, "%s%s", e->parts[k].env ? "env:" : "",
					e->parts[k].env ? e->parts[k].env : e->parts[k].s);
		json_t *o = json_object();
		set(o, "k", floe_emit__jstr(rd, e->key));
		set(o, "s", floe_emit__jstr(rd, floe_buf_cstr(&b)));
		set(o, "at", floe_emit__at(rd, e->from, e->from2));
		json_array_append_new(a, o);
		floe_buf_release(&b);
	}
	floe_emit__econfs_release(&l);
	set(ctx, "server_side_parameters", a);
}

static void spark_auth(json_t *ctx, struct cctx *c, struct render *rd,
		       const char *method)
{
	if (!strcmp(method, "thrift")) {
		floe_emit__pv_put(ctx, "user", rd, user_of(c));
		if (floe_emit__pv_put(ctx, "password", rd, floe_emit__cred(c, "password")))
			set(ctx, "auth", floe_emit__pv_text(rd, "LDAP", floe_emit__cred(c, "password")));
	} else if (!strcmp(method, "http") || !strcmp(method, "odbc")) {
		if (!floe_emit__pv_put(ctx, "token", rd, floe_emit__cred(c, "token")))
			floe_emit__missing(c, "credentials.token", "dbt-spark's http and odbc "
				      "methods authenticate with a token");
	}
}

json_t *floe_emit__dbt_spark_context(struct cctx *c, struct render *rd)
{
	json_t *ctx = floe_emit__profile_head(c, rd);
	const char *method = method_of(c, "thrift");
	bool session = !strcmp(method, "session");

	str_or(ctx, c, rd, "method", "thrift");
	if (!floe_emit__pv_put(ctx, "host", rd, floe_emit__prop(c, "host"))) {
		if (session)
			set(ctx, "host", floe_emit__pv_text(rd, "NA", type_of(c)));
		else
			floe_emit__missing(c, "properties.host", "the Spark Thrift server's "
				      "or the cluster's host");
	}
	if (!session)
		int_or(ctx, c, rd, "port", !strcmp(method, "thrift") ? 10000 : 443);
	spark_auth(ctx, c, rd, method);
	floe_emit__pv_put(ctx, "schema", rd, floe_emit__schema_of(c));
	static const char *const opt[] = { "cluster", "endpoint", "organization", "driver" };
	for (size_t i = 0; i < FLOE_ARRAY_SIZE(opt); i++)
		floe_emit__pv_put(ctx, opt[i], rd, floe_emit__prop(c, opt[i]));
	floe_emit__pv_put(ctx, "threads", rd, floe_emit__prop(c, "threads"));
	if (session)
		spark_session_confs(ctx, c, rd);
	else
		set(ctx, "server_side_parameters",
		    spark_params(rd, floe_emit__prop(c, "server_side_parameters")));
	return ctx;
}

/* ---- dbt-clickhouse ---- */

json_t *floe_emit__dbt_clickhouse_context(struct cctx *c, struct render *rd)
{
	json_t *ctx = floe_emit__profile_head(c, rd);
	const floe_mval *user = user_of(c);

	str_or(ctx, c, rd, "driver", NULL);
	str_or(ctx, c, rd, "host", "localhost");
	int_or(ctx, c, rd, "port", 0);
	if (!floe_emit__pv_put(ctx, "user", rd, user))
		set(ctx, "user", floe_emit__pv_text(rd, "default", type_of(c)));
	floe_emit__pv_put(ctx, "password", rd, floe_emit__cred(c, "password"));
	str_or(ctx, c, rd, "schema", "default");
	floe_emit__pv_put(ctx, "secure", rd, floe_emit__prop(c, "secure"));
	floe_emit__pv_put(ctx, "verify", rd, floe_emit__prop(c, "verify"));
	floe_emit__pv_put(ctx, "cluster", rd, floe_emit__prop(c, "cluster"));
	int_or(ctx, c, rd, "threads", 1);
	set(ctx, "custom_settings", floe_emit__pv_map(rd, floe_emit__prop(c, "custom_settings")));
	return ctx;
}
