/*
 * profiles.c: profiles.yml, dispatched on the compute type through the
 * adapter table below (one template per dbt adapter), and the context of
 * the dbt-duckdb profile, written from the same DuckDB plan as attach.sql.
 * The profile is named after floe.yaml's name ('-' as '_'), with one
 * output named after the environment.  The other engines' contexts and
 * files are engine_*.c's (docs/compile.md, "Adding an engine").
 */
#include <string.h>
#include "emit/engine_int.h"

static json_t *dbt_duckdb_context(struct cctx *c, struct render *rd);

static const struct profile_adapter adapters[] = {
	{ "duckdb", "profiles-duckdb.yml.tmpl", true, dbt_duckdb_context, NULL },
	{ "motherduck", "profiles-duckdb.yml.tmpl", true, dbt_duckdb_context, NULL },
	{ "trino", "profiles-trino.yml.tmpl", false, floe_emit__dbt_trino_context,
	  floe_emit__trino_files },
	{ "spark", "profiles-spark.yml.tmpl", false, floe_emit__dbt_spark_context,
	  floe_emit__spark_files },
	{ "clickhouse", "profiles-clickhouse.yml.tmpl", false,
	  floe_emit__dbt_clickhouse_context, NULL },
	{ "postgres", "profiles-postgres.yml.tmpl", false, floe_emit__dbt_postgres_context, NULL },
	{ "redshift", "profiles-redshift.yml.tmpl", false, floe_emit__dbt_redshift_context, NULL },
	{ "snowflake", "profiles-snowflake.yml.tmpl", false,
	  floe_emit__dbt_snowflake_context, NULL },
	{ "bigquery", "profiles-bigquery.yml.tmpl", false, floe_emit__dbt_bigquery_context, NULL },
	{ "databricks", "profiles-databricks.yml.tmpl", false,
	  floe_emit__dbt_databricks_context, NULL },
};

/* The compute types with an adapter, for messages: "duckdb, motherduck, ...". */
const char *floe_emit__adapter_names(struct cctx *c)
{
	floe_buf b = FLOE_BUF_INIT;
	for (size_t i = 0; i < FLOE_ARRAY_SIZE(adapters); i++)
		floe_buf_printf(&b, "%s%s", i ? ", " : "", adapters[i].type);
	const char *s = floe_arena_strdup(c->a, floe_buf_cstr(&b));
	floe_buf_release(&b);
	return s;
}

const struct profile_adapter *floe_emit__adapter_find(const char *type)
{
	for (size_t i = 0; type && i < FLOE_ARRAY_SIZE(adapters); i++)
		if (strcmp(adapters[i].type, type) == 0)
			return &adapters[i];
	return NULL;
}

static void set(json_t *o, const char *k, json_t *v)
{
	json_object_set_new(o, k, v);
}

static const char *lower(struct cctx *c, const char *s)
{
	char *d = floe_arena_strdup(c->a, s);
	for (char *p = d; *p; p++)
		if (*p >= 'A' && *p <= 'Z')
			*p = (char)(*p - 'A' + 'a');
	return d;
}

/* dbt-duckdb writes option strings that are quoted already as they are. */
static bool needs_quote(const char *s)
{
	size_t n = strlen(s);
	return !n || strchr(s, '\'') || strchr(s, '"') || s[0] == ' ' ||
	       s[n - 1] == ' ' || s[0] == '\t' || s[n - 1] == '\t';
}

static json_t *opt_json(struct cctx *c, struct render *rd, const struct dopt *op,
			bool attach)
{
	json_t *o = floe_emit__val_json(rd, &op->v);
	set(o, "name", json_string(lower(c, op->name)));
	set(o, "at", floe_emit__at(rd, op->from, NULL));
	if (attach && op->v.kind == DV_STR && needs_quote(op->v.s))
		set(o, "quote", json_true());
	return o;
}

static bool field_opt(const char *name, bool attach)
{
	return strcmp(name, "TYPE") == 0 || strcmp(name, "PROVIDER") == 0 ||
	       (attach && (strcmp(name, "SECRET") == 0 ||
			   strcmp(name, "READ_ONLY") == 0));
}

static json_t *secret_json(struct cctx *c, struct render *rd, const struct dstmt *st)
{
	json_t *o = json_object(), *opts = json_array();
	set(o, "type", json_string(lower(c, st->type)));
	set(o, "name", floe_emit__jstr(rd, st->name));
	if (st->provider)
		set(o, "provider", json_string(st->provider));
	set(o, "at", floe_emit__at(rd, st->from, NULL));
	for (size_t i = 0; i < st->nopts; i++)
		if (!field_opt(st->opts[i].name, false))
			json_array_append_new(opts, opt_json(c, rd, &st->opts[i], false));
	set(o, "opts", opts);
	return o;
}

static json_t *attach_json(struct cctx *c, struct render *rd, const struct dstmt *st)
{
	json_t *o = json_object(), *opts = json_array();
	set(o, "path", floe_emit__jstr(rd, st->path));
	set(o, "alias", floe_emit__jstr(rd, st->alias));
	set(o, "at", floe_emit__at(rd, st->from, st->from2));
	if (st->dbt_type)
		set(o, "type", json_string(st->dbt_type));
	if (st->dbt_secret)
		set(o, "secret", floe_emit__jstr(rd, st->dbt_secret));
	for (size_t i = 0; i < st->nopts; i++) {
		const struct dopt *op = &st->opts[i];
		if (strcmp(op->name, "READ_ONLY") == 0)
			set(o, "ro_at", floe_emit__at(rd, op->from, NULL));
		else if (!field_opt(op->name, true))
			json_array_append_new(opts, opt_json(c, rd, op, true));
	}
	set(o, "opts", opts);
	return o;
}

static json_t *settings_json(struct render *rd, const struct dplan *pl, bool startup)
{
	json_t *a = json_array();
	const struct dstmt *lists[2] = { pl->settings, pl->md };
	size_t ns[2] = { pl->nsettings, pl->nmd };
	for (size_t l = 0; l < 2; l++)
		for (size_t i = 0; i < ns[l]; i++) {
			const struct dstmt *st = &lists[l][i];
			if (st->startup != startup)
				continue;
			json_t *o = json_object();
			set(o, "name", floe_emit__jstr(rd, st->name));
			set(o, "value", floe_emit__val_json(rd, &st->value));
			set(o, "at", floe_emit__at(rd, st->from, NULL));
			json_array_append_new(a, o);
		}
	return a;
}

static json_t *extensions_json(struct render *rd, const struct dplan *pl)
{
	json_t *a = json_array();
	for (size_t i = 0; i < pl->nexts; i++) {
		json_t *o = json_object();
		set(o, "name", floe_emit__jstr(rd, pl->exts[i].name));
		if (pl->exts[i].repo)
			set(o, "repo", floe_emit__jstr(rd, pl->exts[i].repo));
		set(o, "at", floe_emit__at(rd, pl->exts[i].from, NULL));
		json_array_append_new(a, o);
	}
	return a;
}

/* dbt's concurrency: DuckLake takes one writer (dbt-duckdb's own tests). */
static json_t *threads(struct cctx *c, struct render *rd, json_t *ctx)
{
	const floe_mval *root = floe_model_root(c->m);
	const floe_mval *cats = floe_mval_get(root, "catalogs");
	const floe_mval *t = floe_mval_get(floe_mval_get(c->compute, "properties"),
					   "threads");
	for (size_t i = 0; cats && i < cats->len; i++)
		if (floe_str_eq(floe_mval_str(floe_mval_get(cats->items[i], "type")),
				"ducklake")) {
			set(ctx, "threads_at", floe_emit__at(rd, floe_mval_get(cats->items[i],
				"type"), NULL));
			return json_integer(1);
		}
	set(ctx, "threads_at", floe_emit__at(rd, t, NULL));
	return json_integer(t && t->kind == FLOE_MV_INT ? (json_int_t)t->v.i : 1);
}

static json_t *dbt_duckdb_context(struct cctx *c, struct render *rd)
{
	const struct dplan *pl = &c->plan;
	const floe_mval *root = floe_model_root(c->m);
	const floe_mval *project = floe_mval_get(root, "project");
	const floe_mval *name = floe_mval_get(project, "name");
	const floe_mval *props = floe_mval_get(c->compute, "properties");
	const floe_mval *cat = floe_mval_get(floe_mval_get(root, "catalogs"),
					     pl->database);
	const floe_mval *path = pl->md_path ? pl->md_from : floe_mval_get(props, "path");
	json_t *ctx = json_object(), *secrets = json_array(), *att = json_array();

	char *profile = floe_arena_strdup(c->a, floe_mval_str(name) ? name->text : "floe");
	for (char *p = profile; *p; p++)
		if (*p == '-')
			*p = '_';
	set(ctx, "profile", floe_emit__jstr(rd, profile));
	set(ctx, "profile_at", floe_emit__at(rd, name, NULL));
	set(ctx, "target", floe_emit__jstr(rd, floe_model_env_name(c->m)));
	set(ctx, "target_at", floe_emit__at(rd, floe_mval_get(root, "environment"), NULL));
	set(ctx, "path", floe_emit__jstr(rd, pl->md_path ? pl->md_path : floe_mval_str(path)));
	set(ctx, "path_at", floe_emit__at(rd, path, NULL));
	set(ctx, "database", floe_emit__jstr(rd, pl->alias));
	set(ctx, "database_at", floe_emit__at(rd, pl->database_from, NULL));
	set(ctx, "schema", floe_emit__jstr(rd, floe_mval_str(floe_mval_get(cat, "namespace"))));
	set(ctx, "schema_at", floe_emit__at(rd, floe_mval_get(cat, "namespace"), NULL));
	set(ctx, "threads", threads(c, rd, ctx));
	set(ctx, "extensions", extensions_json(rd, pl));
	set(ctx, "settings", settings_json(rd, pl, false));
	set(ctx, "config_options", settings_json(rd, pl, true));
	for (size_t i = 0; i < pl->nstmts; i++) {
		const struct dstmt *st = pl->stmts[i];
		json_array_append_new(st->kind == ST_SECRET ? secrets : att,
			st->kind == ST_SECRET ? secret_json(c, rd, st) : attach_json(c, rd, st));
	}
	set(ctx, "secrets", secrets);
	set(ctx, "attach", att);
	return ctx;
}

int floe_emit__emit_profiles(struct cctx *c, const struct profile_adapter *ad)
{
	struct render rd;
	size_t errors = floe_diags_errors(c->d);
	floe_emit__render_init(&rd, c, "profiles.yml");
	json_t *ctx = ad->context(c, &rd);
	if (ctx && floe_diags_errors(c->d) > errors) {
		json_decref(ctx);  /* what the adapter needs is missing */
		ctx = NULL;
	}
	int rc = ctx ? floe_emit__render(&rd, ad->template_name, ctx) : FLOE_EINVALID;
	floe_emit__render_release(&rd);
	if (rc == 0 && ad->extra)
		rc = ad->extra(c);
	return rc;
}
