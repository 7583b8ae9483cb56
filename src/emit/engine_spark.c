/*
 * engine_spark.c: the engine side of Spark compute: the spark.sql.catalog
 * settings of Iceberg's SparkCatalog on the catalog floe.yaml names
 * (../shared/reference/targets.md section 7.4), written as
 * spark/spark-defaults.conf, and spark/spark-env.sh, which composes from
 * the secrets in the environment the values that join two of them.
 * Spark substitutes no variables in catalog settings, but Iceberg's REST
 * client reads a value "env:VAR" from the environment (Iceberg >= 0.14):
 * secrets are written that way, never as values.  The dbt-spark profile
 * is engine_profiles.c's.
 */
#include <string.h>
#include "emit/engine_int.h"

struct sctx {
	struct cctx *c;
	struct econfs *l, *exports;
	const char *prefix;            /* spark.sql.catalog.<name> */
	const char *name;
};

static struct econf *text(struct sctx *s, const char *sub, const char *t,
			  const floe_mval *from)
{
	return floe_emit__econf_text(s->c, s->l, floe_arena_printf(s->c->a, "%s.%s",
				s->prefix, sub), t, from);
}

static struct econf *val(struct sctx *s, const char *sub, const floe_mval *v)
{
	return floe_emit__econf_val(s->c, s->l, floe_arena_printf(s->c->a, "%s.%s",
			       s->prefix, sub), v);
}

static void var(struct sctx *s, const char *sub, const floe_msecret *sec,
		const floe_mval *from)
{
	if (sec)
		floe_emit__econf_var(s->c, s->l, floe_arena_printf(s->c->a, "%s.%s",
				s->prefix, sub), sec->env, from);
}

/* Spark's name for the catalog (the profile's, "default" -> floe_default). */
static const char *spark_catalog_name(struct cctx *c)
{
	const floe_mval *cat = floe_emit__project_catalog(c);
	const char *key = cat ? cat->key : "default";
	if (strcmp(key, "default") == 0 || strcmp(key, "spark_catalog") == 0)
		key = floe_arena_printf(c->a, "floe_%s", key);
	char *name = floe_arena_strdup(c->a, key);
	for (char *p = name; *p; p++)
		if (*p == '-')
			*p = '_';
	return name;
}

/* A conf key part Spark and Iceberg take as it is: [A-Za-z0-9._-]+. */
static bool key_ok(struct cctx *c, const char *k, const floe_mval *at,
		   const char *what)
{
	for (const char *p = k; *p; p++)
		if (!((*p | 0x20) >= 'a' && (*p | 0x20) <= 'z') &&
		    !(*p >= '0' && *p <= '9') && !strchr("._-", *p))
			goto bad;
	if (*k)
		return true;
bad:;
	floe_diag *g = floe_emit__diag_at(c, FLOE_SEV_ERROR, "compile/unwritable-value", at,
		"%s '%s' cannot be written as a Spark setting", what, floe_emit__shown(c, k));
	floe_diag_note(c->d, g, NULL, "a Spark setting name is letters, digits, "
		       "'.', '_' and '-'");
	return false;
}

/* ---- the credential "<client_id>:<client_secret>", composed in sh ---- */

static void sh_put(floe_buf *b, const char *s)
{
	for (; *s; s++) {
		if (strchr("\\\"$`", *s))
			floe_buf_putc(b, '\\');
		floe_buf_putc(b, *s);
	}
}

/* The variable spark-env.sh sets to id:secret; its name. */
static const char *compose(struct sctx *s, const struct ecat *e)
{
	floe_buf b = FLOE_BUF_INIT;
	char *name = floe_arena_printf(s->c->a, "FLOE_SPARK_%s_CREDENTIAL",
				       e->profile->key);
	for (char *up = name; *up; up++)
		*up = (char)((*up >= 'a' && *up <= 'z') ? *up - 'a' + 'A' :
			     ((*up >= 'A' && *up <= 'Z') || (*up >= '0' && *up <= '9')) ?
			     *up : '_');
	floe_buf_putc(&b, '"');
	if (e->client_id->kind == FLOE_MV_SECRET)
		floe_buf_printf(&b, "${%s?}", e->client_id->secret->env);
	else
		sh_put(&b, e->client_id->text);
	floe_buf_printf(&b, ":${%s?}\"", e->client_secret->secret->env);
	struct econf *x = floe_emit__econf_text(s->c, s->exports, name,
		floe_arena_strdup(s->c->a, floe_buf_cstr(&b)), e->client_id);
	x->from2 = e->client_secret;
	floe_buf_release(&b);
	return name;
}

static void auth(struct sctx *s, const struct ecat *e)
{
	static const char *const types[] = {
		[EAUTH_NONE] = "none", [EAUTH_OAUTH2] = "oauth2",
		[EAUTH_TOKEN] = "oauth2", [EAUTH_SIGV4] = "sigv4",
	};
	text(s, "rest.auth.type", types[e->auth], e->mode ? e->mode : e->type);
	if (e->auth == EAUTH_OAUTH2 && e->client_id && e->client_secret) {
		struct econf *x = floe_emit__econf_var(s->c, s->l, floe_arena_printf(s->c->a,
			"%s.credential", s->prefix), compose(s, e), e->client_id);
		x->from2 = e->client_secret;
		if (e->scope)
			val(s, "scope", e->scope);
		if (e->server_uri)
			val(s, "oauth2-server-uri", e->server_uri);
		if (e->refresh)
			text(s, "token-refresh-enabled", "false", e->refresh);
	} else if (e->auth == EAUTH_TOKEN) {
		var(s, "token", e->token_secret, e->token);
	} else if (e->auth == EAUTH_SIGV4) {
		if (e->signing_name)
			text(s, "rest.signing-name", e->signing_name, e->type);
		if (e->region)
			val(s, "rest.signing-region", e->region);
		else if (e->st.region)
			val(s, "rest.signing-region", e->st.region);
	}
}

static void headers(struct sctx *s, const struct ecat *e)
{
	if (e->delegation) {
		text(s, "header.X-Iceberg-Access-Delegation",
		     e->delegation->text, e->delegation);
		if (floe_str_eq(e->delegation->text, "remote-signing"))
			text(s, "s3.remote-signing-enabled", "true", e->delegation);
	}
	for (size_t i = 0; e->headers && i < e->headers->len; i++) {
		const floe_mval *h = e->headers->items[i];
		if (key_ok(s->c, h->key, h, "header") && floe_mval_str(h))
			val(s, floe_arena_printf(s->c->a, "header.%s", h->key), h);
	}
}

static void rest(struct sctx *s, const struct ecat *e)
{
	text(s, "type", "rest", e->type);
	if (e->uri)
		val(s, "uri", e->uri);
	else if (e->uri_text)
		text(s, "uri", e->uri_text, e->warehouse);
	if (e->warehouse)
		val(s, "warehouse", e->warehouse);
	auth(s, e);
	headers(s, e);
}

static void storage_s3(struct sctx *s, const struct estorage *st)
{
	text(s, "io-impl", "org.apache.iceberg.aws.s3.S3FileIO", st->profile);
	if (st->endpoint)
		val(s, "s3.endpoint", st->endpoint);
	else if (st->endpoint_text)
		text(s, "s3.endpoint", st->endpoint_text, st->profile);
	if (st->path_style)
		text(s, "s3.path-style-access", "true", st->path_style);
	if (st->region)
		val(s, "client.region", st->region);
	else if (st->region_text)
		text(s, "client.region", st->region_text, st->profile);
	var(s, "s3.access-key-id", st->key_id, st->keys_from);
	var(s, "s3.secret-access-key", st->key_secret, st->keys_from);
	if (st->role_arn) {
		text(s, "client.factory", "org.apache.iceberg.aws.AssumeRoleAwsClientFactory",
		     st->role_arn);
		val(s, "client.assume-role.arn", st->role_arn);
		if (st->region)
			val(s, "client.assume-role.region", st->region);
	}
}

static void storage(struct sctx *s, const struct estorage *st)
{
	if (floe_str_eq(st->type, "s3") || floe_str_eq(st->type, "r2")) {
		storage_s3(s, st);
	} else if (floe_str_eq(st->type, "gcs")) {
		text(s, "io-impl", "org.apache.iceberg.gcp.gcs.GCSFileIO", st->profile);
	} else if (floe_str_eq(st->type, "azure")) {
		text(s, "io-impl", "org.apache.iceberg.azure.adlsv2.ADLSFileIO", st->profile);
		var(s, "adls.auth.shared-key.account.name", st->key_id, st->keys_from);
		var(s, "adls.auth.shared-key.account.key", st->key_secret, st->keys_from);
	}
}

bool floe_emit__spark_confs(struct cctx *c, struct econfs *l, struct econfs *exports)
{
	struct econfs none = { 0 };
	struct sctx s = { c, l, exports ? exports : &none, NULL, spark_catalog_name(c) };
	const floe_mval *root = floe_model_root(c->m);
	struct ecat e;

	if (!floe_emit__ecat_build(c, &e, "spark", s.name))
		return false;
	s.prefix = floe_arena_printf(c->a, "spark.sql.catalog.%s", s.name);
	floe_emit__econf_text(c, l, "spark.sql.extensions",
		"org.apache.iceberg.spark.extensions.IcebergSparkSessionExtensions", e.type);
	floe_emit__econf_text(c, l, "spark.sql.defaultCatalog", s.name,
		floe_mval_get(floe_mval_get(root, "project"), "catalog"));
	floe_emit__econf_text(c, l, s.prefix, "org.apache.iceberg.spark.SparkCatalog", e.type);
	if (e.kind == ECAT_HIVE) {
		text(&s, "type", "hive", e.type);
		if (e.uri)
			val(&s, "uri", e.uri);
		if (e.warehouse)
			val(&s, "warehouse", e.warehouse);
	} else {
		rest(&s, &e);
	}
	storage(&s, &e.st);
	for (size_t i = 0; e.props && i < e.props->len; i++) {
		const floe_mval *p = e.props->items[i];
		if (key_ok(c, p->key, p, "catalog property") && floe_mval_str(p))
			val(&s, p->key, p);
	}
	floe_emit__econfs_release(&none);
	return true;
}

/* ---- the files ---- */

static json_t *exports_json(struct render *rd, const struct econfs *ex)
{
	json_t *a = json_array();
	for (size_t i = 0; i < ex->len; i++) {
		json_t *o = json_object();
		json_object_set_new(o, "name", json_string(ex->items[i].key));
		json_object_set_new(o, "sh", floe_emit__jstr(rd, ex->items[i].parts[0].s));
		json_object_set_new(o, "at", floe_emit__at(rd, ex->items[i].from,
						      ex->items[i].from2));
		json_array_append_new(a, o);
	}
	return a;
}

static int render(struct cctx *c, const char *file, const char *tmpl,
		  json_t *(*list)(struct render *, const struct econfs *),
		  const char *key, const struct econfs *l)
{
	struct render rd;
	floe_emit__render_init(&rd, c, file);
	json_t *ctx = json_object();
	json_object_set_new(ctx, "env", floe_emit__jstr(&rd, floe_model_env_name(c->m)));
	json_object_set_new(ctx, key, list(&rd, l));
	int rc = floe_emit__render(&rd, tmpl, ctx);
	floe_emit__render_release(&rd);
	return rc;
}

int floe_emit__spark_files(struct cctx *c)
{
	static const char conf[] = "spark/spark-defaults.conf";
	struct econfs l = { 0 }, ex = { 0 };
	size_t errors = floe_diags_errors(c->d);
	int rc = FLOE_EINVALID;

	if (floe_emit__spark_confs(c, &l, &ex))
		floe_emit__econf_check(c, &l, conf, false);
	if (floe_diags_errors(c->d) == errors) {
		rc = render(c, conf, "spark-defaults.conf.tmpl", floe_emit__econf_json,
			    "confs", &l);
		if (rc == 0)
			rc = render(c, "spark/spark-env.sh", "spark-env.sh.tmpl",
				    exports_json, "exports", &ex);
	}
	floe_emit__econfs_release(&l);
	floe_emit__econfs_release(&ex);
	return rc;
}
