/*
 * engine_catalog.c: the catalog floe.yaml names and the storage it uses,
 * read once for Trino and Spark: an Iceberg REST catalog (SigV4-signed for
 * glue and s3tables) or a Hive metastore, how it authenticates, how data
 * files are reached.  What the engine cannot use is a diagnostic here; the
 * engine files only translate.
 */
#include <string.h>
#include "emit/engine_int.h"

static const floe_mval *get(const floe_mval *m, const char *k)
{
	const floe_mval *v = floe_mval_get(m, k);
	return v && v->kind != FLOE_MV_NULL ? v : NULL;
}

static bool is_true(const floe_mval *v)
{
	return v && v->kind == FLOE_MV_BOOL && v->v.b;
}

static const char *engine_name(const char *engine)
{
	return strcmp(engine, "trino") == 0 ? "Trino" : "Spark";
}

static void unsupported(struct cctx *c, const floe_mval *at, const char *msg,
			const char *note)
{
	floe_diag *g = floe_emit__diag_at(c, FLOE_SEV_ERROR, "compile/unsupported-value",
				     at, "%s", msg);
	if (note)
		floe_diag_note(c->d, g, NULL, "%s", note);
}

static const char *r2_endpoint(struct cctx *c, const floe_mval *s)
{
	const char *acct = floe_mval_str(get(s, "account_id"));
	const char *jur = floe_mval_str(get(s, "jurisdiction"));
	const char *sub = floe_str_eq(jur, "eu") ? ".eu" :
			  floe_str_eq(jur, "fedramp") ? ".fedramp" : "";
	return floe_arena_printf(c->a, "https://%s%s.r2.cloudflarestorage.com",
				 acct ? acct : "", sub);
}

static void storage_keys(struct cctx *c, struct estorage *st, const floe_mval *cr,
			 const char *engine)
{
	const char *mode = floe_mval_str(get(cr, "mode"));
	const floe_mval *ref = get(cr, "secret_ref");
	if (floe_str_eq(mode, "iam_role"))
		st->role_arn = get(cr, "role_arn");
	if (!floe_str_eq(mode ? mode : "static", "static") || !floe_mval_str(ref))
		return;
	if (floe_str_eq(st->type, "gcs")) {
		unsupported(c, ref, floe_arena_printf(c->a, "%s cannot read gcs "
			"storage with HMAC keys (credentials.secret_ref)",
			engine_name(engine)), "use credentials mode service_account: "
			"the engine's own Google credentials");
		return;
	}
	st->keys_from = ref;
	st->key_id = floe_emit__plan_pair(c, ref, "access_key_id");
	st->key_secret = floe_emit__plan_pair(c, ref, "secret_access_key");
}

static void storage(struct cctx *c, struct ecat *e, const char *engine)
{
	const floe_mval *root = floe_model_root(c->m);
	const char *name = floe_mval_str(floe_mval_get(floe_mval_get(root, "project"),
						       "storage"));
	const floe_mval *s = floe_mval_get(floe_mval_get(root, "storage"), name);
	struct estorage *st = &e->st;

	st->profile = s;
	st->type = floe_mval_str(get(s, "type"));
	if (!s || !st->type)
		return;
	if (strcmp(st->type, "s3") == 0) {
		st->endpoint = get(s, "endpoint");
		if (st->endpoint && floe_str_eq(floe_mval_str(st->endpoint), ""))
			st->endpoint = NULL;
		st->region = get(s, "region");
		st->path_style = is_true(get(s, "path_style_access")) ?
			get(s, "path_style_access") : NULL;
	} else if (strcmp(st->type, "r2") == 0) {
		st->endpoint_text = r2_endpoint(c, s);
		st->region_text = "auto";
	} else if (strcmp(st->type, "gcs") == 0) {
		st->region = get(s, "region");
	}
	storage_keys(c, st, get(s, "credentials"), engine);
}

/* arn:aws:s3tables:<region>:<account>:bucket/<name> -> the REST endpoint */
static const char *s3tables_uri(struct cctx *c, const floe_mval *arn)
{
	const char *s = floe_mval_str(arn), *r, *end;
	if (!s || !(r = strchr(s, ':')) || !(r = strchr(r + 1, ':')) ||
	    !(r = strchr(r + 1, ':')) || !(end = strchr(r + 1, ':')))
		return NULL;
	return floe_arena_printf(c->a, "https://s3tables.%.*s.amazonaws.com/iceberg",
				 (int)(end - r - 1), r + 1);
}

/* Iceberg's credential is "<client_id>:<client_secret>", split at the first ':'. */
static void client_id_ok(struct cctx *c, const floe_mval *id)
{
	if (!floe_mval_str(id) || !strchr(id->text, ':'))
		return;
	floe_diag *g = floe_emit__diag_at(c, FLOE_SEV_ERROR, "compile/unwritable-value", id,
		"client_id '%s' holds ':', which Iceberg's credential cannot carry",
		floe_emit__shown(c, id->text));
	floe_diag_note(c->d, g, NULL, "the engine sends '<client_id>:<client_secret>' "
		       "and Iceberg splits it at the first ':'");
}

static void auth(struct cctx *c, struct ecat *e, const char *t)
{
	const floe_mval *cr = get(e->profile, "credentials");
	const char *mode = floe_mval_str(get(cr, "mode"));
	const floe_mval *ref = get(cr, "secret_ref");

	e->mode = get(cr, "mode");
	if (!mode)
		mode = "static";
	if (strcmp(t, "glue") == 0 || strcmp(t, "s3tables") == 0 ||
	    strcmp(mode, "iam_role") == 0 || strcmp(mode, "service_account") == 0) {
		e->auth = EAUTH_SIGV4;
		e->signing_name = strcmp(t, "s3tables") == 0 ? "s3tables" :
				  strcmp(t, "glue") == 0 ? "glue" : NULL;
	} else if (strcmp(mode, "oauth2") == 0) {
		e->auth = EAUTH_OAUTH2;
		e->client_id = get(cr, "client_id");
		e->client_secret = get(cr, "client_secret");
		e->scope = get(cr, "scope");
		e->server_uri = get(cr, "oauth2_server_uri");
		client_id_ok(c, e->client_id);
		const floe_mval *rf = get(e->profile, "token_refresh_enabled");
		e->refresh = rf && rf->kind == FLOE_MV_BOOL && !rf->v.b ? rf : NULL;
	} else if (strcmp(mode, "bearer") == 0 && get(cr, "token")) {
		e->auth = EAUTH_TOKEN;
		e->token = get(cr, "token");
		e->token_secret = e->token->secret;
	} else if (strcmp(mode, "static") == 0 && floe_mval_str(ref)) {
		e->auth = EAUTH_TOKEN;
		e->token = ref;
		e->token_secret = floe_emit__plan_pair(c, ref, NULL);
	} else {
		e->auth = EAUTH_NONE;
	}
}

static void delegation(struct cctx *c, struct ecat *e, const char *engine)
{
	const floe_mval *ad = get(e->profile, "access_delegation");
	const char *v = floe_mval_str(ad);
	if (!v || strcmp(v, "none") == 0)
		return;
	if (strcmp(v, "remote-signing") == 0 && strcmp(engine, "trino") == 0) {
		unsupported(c, ad, "Trino cannot use remote signing "
			    "(access_delegation 'remote-signing')",
			    "use vended-credentials, or none with a storage profile");
		return;
	}
	e->delegation = ad;
}

static bool reachable(struct cctx *c, const struct ecat *e, const char *engine)
{
	const char *t = floe_mval_str(e->type);
	if (!floe_str_eq(t, "duckdb") && !floe_str_eq(t, "ducklake"))
		return true;
	floe_diag *g = floe_emit__diag_at(c, FLOE_SEV_ERROR, "compile/unsupported-catalog",
		e->type, "%s cannot use catalog '%s': a %s catalog is DuckDB's own",
		engine_name(engine), floe_emit__shown(c, e->profile->key), t);
	floe_diag_note(c->d, g, NULL, "%s reads Iceberg catalogs (polaris, rest, "
		       "nessie, glue, r2, s3tables) and Hive metastores (hive)",
		       engine_name(engine));
	return false;
}

bool floe_emit__ecat_build(struct cctx *c, struct ecat *e, const char *engine,
		      const char *name)
{
	const floe_mval *cat = floe_emit__project_catalog(c);
	size_t errors = floe_diags_errors(c->d);

	memset(e, 0, sizeof(*e));
	e->profile = cat;
	e->name = name;
	e->type = get(cat, "type");
	const char *t = floe_mval_str(e->type);
	if (!cat || !t || !reachable(c, e, engine))
		return false;
	e->kind = strcmp(t, "hive") == 0 ? ECAT_HIVE : ECAT_REST;
	e->uri = get(cat, "uri");
	e->warehouse = get(cat, strcmp(t, "s3tables") == 0 ? "arn" : "warehouse");
	if (strcmp(t, "s3tables") == 0)
		e->uri_text = s3tables_uri(c, e->warehouse);
	if (e->kind == ECAT_REST) {
		auth(c, e, t);
		delegation(c, e, engine);
	}
	e->nested = is_true(get(cat, "nested_namespaces")) ?
		get(cat, "nested_namespaces") : NULL;
	e->headers = get(cat, "extra_http_headers");
	if (e->headers && (e->headers->kind != FLOE_MV_MAP || !e->headers->len))
		e->headers = NULL;
	e->props = get(cat, "properties");
	if (e->props && (e->props->kind != FLOE_MV_MAP || !e->props->len))
		e->props = NULL;
	e->region = get(cat, "default_region");
	storage(c, e, engine);
	return floe_diags_errors(c->d) == errors;
}
