/*
 * engine_trino.c: the engine side of Trino compute: the catalog file
 * trino/catalog/<catalog>.properties for Trino's Iceberg connector on the
 * catalog floe.yaml names (an Iceberg REST catalog or a Hive metastore)
 * and its storage (native S3, GCS or Azure file systems).  Secrets are
 * ${ENV:VAR} references that Trino resolves when it loads the file
 * (../shared/reference/targets.md section 7.2).  The dbt-trino profile is
 * engine_profiles.c's.
 */
#include <string.h>
#include "emit/engine_int.h"

#define REST "iceberg.rest-catalog."

static bool name_ok(const char *s)
{
	if (!*s || *s == '-')
		return false;
	for (; *s; s++)
		if (!((*s >= 'a' && *s <= 'z') || (*s >= '0' && *s <= '9') ||
		      *s == '_' || *s == '-'))
			return false;
	return true;
}

const char *floe_emit__trino_catalog(struct cctx *c, const floe_mval **from)
{
	const floe_mval *v = floe_emit__prop(c, "catalog");
	const floe_mval *root = floe_model_root(c->m);
	if (floe_mval_str(v)) {
		*from = v;
		return v->text;
	}
	*from = floe_mval_get(floe_mval_get(root, "project"), "catalog");
	char *name = floe_arena_strdup(c->a, floe_mval_str(*from) ? (*from)->text : "");
	for (char *p = name; *p; p++)
		if (*p >= 'A' && *p <= 'Z')
			*p = (char)(*p - 'A' + 'a');
	return name;
}

/* The catalog name names a file: refuse what is not a plain name. */
static bool catalog_ok(struct cctx *c, const char *name, const floe_mval *from)
{
	if (name_ok(name))
		return true;
	floe_diag *g = floe_emit__diag_at(c, FLOE_SEV_ERROR, "compile/unwritable-value",
		from, "'%s' cannot name a Trino catalog", floe_emit__shown(c, name));
	floe_diag_note(c->d, g, NULL, "a Trino catalog is the file <name>.properties: "
		       "lower-case letters, digits, '_' and '-', not first '-'");
	return false;
}

/* A credential "<client_id>:<client_secret>", each literal or a variable. */
static void credential(struct cctx *c, struct econfs *l, const struct ecat *e)
{
	struct econf *x = floe_emit__econf_val(c, l, REST "oauth2.credential", e->client_id);
	x->from2 = e->client_secret;
	floe_emit__econf_part(x, ":", NULL);
	floe_emit__econf_part(x, NULL, e->client_secret->secret->env);
}

/* "Name: value, Name2: value2" (Trino 481); a ',' in either cannot be written. */
static void headers(struct cctx *c, struct econfs *l, const struct ecat *e)
{
	floe_buf b = FLOE_BUF_INIT;
	for (size_t i = 0; i < e->headers->len; i++) {
		const floe_mval *h = e->headers->items[i];
		const char *v = floe_mval_str(h);
		if (!v || strchr(v, ',') || strchr(h->key, ',') || strchr(h->key, ':')) {
			floe_diag *g = floe_emit__diag_at(c, FLOE_SEV_ERROR,
				"compile/unwritable-value", h, "header '%s' cannot be "
				"written for Trino", floe_emit__shown(c, h->key));
			floe_diag_note(c->d, g, NULL, "Trino's http-headers is a list "
				       "'Name: value, ...': no ',' in a name or value, no "
				       "':' in a name");
			continue;
		}
		floe_buf_printf(&b, "%s%s: %s", i ? ", " : "", h->key, v);
	}
	floe_emit__econf_text(c, l, REST "http-headers",
			 floe_arena_strdup(c->a, floe_buf_cstr(&b)), e->headers);
	floe_buf_release(&b);
}

static void auth(struct cctx *c, struct econfs *l, const struct ecat *e)
{
	static const char *const names[] = {
		[EAUTH_NONE] = "NONE", [EAUTH_OAUTH2] = "OAUTH2",
		[EAUTH_TOKEN] = "OAUTH2", [EAUTH_SIGV4] = "SIGV4",
	};
	floe_emit__econf_text(c, l, REST "security", names[e->auth],
			 e->mode ? e->mode : e->type);
	if (e->auth == EAUTH_OAUTH2 && e->client_id && e->client_secret) {
		credential(c, l, e);
		if (e->scope)
			floe_emit__econf_val(c, l, REST "oauth2.scope", e->scope);
		if (e->server_uri)
			floe_emit__econf_val(c, l, REST "oauth2.server-uri", e->server_uri);
		if (e->refresh)
			floe_emit__econf_text(c, l, REST "oauth2.token-refresh-enabled",
					 "false", e->refresh);
	} else if (e->auth == EAUTH_TOKEN && e->token_secret) {
		floe_emit__econf_var(c, l, REST "oauth2.token", e->token_secret->env, e->token);
	} else if (e->auth == EAUTH_SIGV4 && e->signing_name) {
		floe_emit__econf_text(c, l, REST "signing-name", e->signing_name, e->type);
	}
}

static void rest(struct cctx *c, struct econfs *l, const struct ecat *e)
{
	floe_emit__econf_text(c, l, "iceberg.catalog.type", "rest", e->type);
	if (e->uri)
		floe_emit__econf_val(c, l, REST "uri", e->uri);
	else if (e->uri_text)
		floe_emit__econf_text(c, l, REST "uri", e->uri_text, e->warehouse);
	if (e->warehouse)
		floe_emit__econf_val(c, l, REST "warehouse", e->warehouse);
	auth(c, l, e);
	if (e->delegation)
		floe_emit__econf_text(c, l, REST "vended-credentials-enabled", "true",
				 e->delegation);
	if (e->nested)
		floe_emit__econf_text(c, l, REST "nested-namespace-enabled", "true", e->nested);
	if (e->headers)
		headers(c, l, e);
}

static void secret_conf(struct cctx *c, struct econfs *l, const char *key,
			const floe_msecret *s, const floe_mval *from)
{
	if (s)
		floe_emit__econf_var(c, l, key, s->env, from);
}

/*
 * Trino 481 renamed the file system switches (fs.native-s3.enabled became
 * fs.s3.enabled; FileSystemConfig keeps the old names as legacy ones): the
 * new name only for a compute that says it runs 481 or later, the name
 * every release reads otherwise.
 */
static void fs_switch(struct cctx *c, struct econfs *l, const char *fs,
		      const floe_mval *at)
{
	const floe_mval *v = floe_emit__prop(c, "trino_version");
	bool renamed = v && v->kind == FLOE_MV_INT && v->v.i >= 481;
	char key[32];

	snprintf(key, sizeof(key), renamed ? "fs.%s.enabled" : "fs.native-%s.enabled", fs);
	floe_emit__econf_text(c, l, floe_arena_strdup(c->a, key), "true", at);
}

static void storage_s3(struct cctx *c, struct econfs *l, const struct estorage *st)
{
	fs_switch(c, l, "s3", st->profile);
	if (st->endpoint)
		floe_emit__econf_val(c, l, "s3.endpoint", st->endpoint);
	else if (st->endpoint_text)
		floe_emit__econf_text(c, l, "s3.endpoint", st->endpoint_text, st->profile);
	if (st->region)
		floe_emit__econf_val(c, l, "s3.region", st->region);
	else if (st->region_text)
		floe_emit__econf_text(c, l, "s3.region", st->region_text, st->profile);
	if (st->path_style)
		floe_emit__econf_text(c, l, "s3.path-style-access", "true", st->path_style);
	secret_conf(c, l, "s3.aws-access-key", st->key_id, st->keys_from);
	secret_conf(c, l, "s3.aws-secret-key", st->key_secret, st->keys_from);
	if (st->role_arn)
		floe_emit__econf_val(c, l, "s3.iam-role", st->role_arn);
}

static void storage(struct cctx *c, struct econfs *l, const struct estorage *st)
{
	if (floe_str_eq(st->type, "s3") || floe_str_eq(st->type, "r2")) {
		storage_s3(c, l, st);
	} else if (floe_str_eq(st->type, "gcs")) {
		fs_switch(c, l, "gcs", st->profile);
	} else if (floe_str_eq(st->type, "azure")) {
		fs_switch(c, l, "azure", st->profile);
		floe_emit__econf_text(c, l, "azure.auth-type", st->key_secret ?
				 "ACCESS_KEY" : "DEFAULT", st->profile);
		secret_conf(c, l, "azure.access-key", st->key_secret, st->keys_from);
	}
}

static void ignored_props(struct cctx *c, const struct ecat *e)
{
	floe_diag *g = floe_emit__diag_at(c, FLOE_SEV_WARNING, "compile/unsupported-value",
		e->props, "catalog '%s' properties are not written for Trino",
		floe_emit__shown(c, e->profile->key));
	floe_diag_note(c->d, g, NULL, "they are Iceberg client properties, which "
		       "Trino's catalog file does not take (Spark does)");
}

static bool confs(struct cctx *c, struct econfs *l, const char *name)
{
	struct ecat e;
	if (!floe_emit__ecat_build(c, &e, "trino", name))
		return false;
	floe_emit__econf_text(c, l, "connector.name", "iceberg", e.type);
	if (e.kind == ECAT_HIVE) {
		floe_emit__econf_text(c, l, "iceberg.catalog.type", "hive_metastore", e.type);
		if (e.uri)
			floe_emit__econf_val(c, l, "hive.metastore.uri", e.uri);
	} else {
		rest(c, l, &e);
	}
	storage(c, l, &e.st);
	if (e.props)
		ignored_props(c, &e);
	return true;
}

int floe_emit__trino_files(struct cctx *c)
{
	const floe_mval *from;
	const char *name = floe_emit__trino_catalog(c, &from);
	struct econfs l = { 0 };
	size_t errors = floe_diags_errors(c->d);
	int rc = FLOE_EINVALID;

	if (catalog_ok(c, name, from) && confs(c, &l, name)) {
		const char *file = floe_arena_printf(c->a, "trino/catalog/%s.properties", name);
		floe_emit__econf_check(c, &l, file, true);
		if (floe_diags_errors(c->d) == errors) {
			struct render rd;
			floe_emit__render_init(&rd, c, file);
			json_t *ctx = json_object();
			json_object_set_new(ctx, "catalog", floe_emit__jstr(&rd, name));
			json_object_set_new(ctx, "catalog_at", floe_emit__at(&rd, from, NULL));
			json_object_set_new(ctx, "env", floe_emit__jstr(&rd, floe_model_env_name(c->m)));
			json_object_set_new(ctx, "props", floe_emit__econf_json(&rd, &l));
			rc = floe_emit__render(&rd, "trino-catalog.properties.tmpl", ctx);
			floe_emit__render_release(&rd);
		}
	}
	floe_emit__econfs_release(&l);
	return rc;
}
