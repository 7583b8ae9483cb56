/*
 * duckdb_sources.c: the statements of each storage profile (S3, MinIO,
 * LocalStack, R2, GCS, Azure secrets) and catalog profile (DuckDB files,
 * DuckLake on DuckDB, SQLite, PostgreSQL or MotherDuck metadata, Iceberg
 * REST with OAuth2, a bearer token, none or SigV4).  Secrets are always
 * variables; one that would sit in an ATTACH path goes through a secret.
 */
#include <string.h>
#include "emit/compile_int.h"

#define OPT(st, name, v, from) floe_emit__plan_opt(c, st, name, v, from)

static struct dstmt *secret(struct cctx *c, floe_duckdb_kind kind,
			    const char *type, const char *name,
			    const floe_mval *from)
{
	struct dstmt *st = floe_emit__plan_stmt(c, ST_SECRET, kind, from);
	st->type = type;
	st->name = name;
	OPT(st, "TYPE", floe_emit__dv_word(c, type), NULL);
	return st;
}

static void provider(struct cctx *c, struct dstmt *st, const char *p)
{
	st->provider = p;
	OPT(st, "PROVIDER", floe_emit__dv_word(c, p), NULL);
}

static void unsupported(struct cctx *c, const floe_mval *v, const char *what,
			const char *note)
{
	floe_diag *g = floe_emit__diag_at(c, FLOE_SEV_ERROR, "compile/unsupported-value",
				     v, "%s", what);
	if (note)
		floe_diag_note(c->d, g, NULL, "%s", note);
}

/* ---- storage ---- */

/* KEY_ID and SECRET from the pair a static storage secret holds. */
static bool static_pair(struct cctx *c, struct dstmt *st, const floe_mval *creds)
{
	const floe_mval *ref = floe_mval_get(creds, "secret_ref");
	if (!floe_mval_str(ref))
		return false;
	const floe_msecret *id = floe_emit__plan_pair(c, ref, "access_key_id");
	const floe_msecret *sk = floe_emit__plan_pair(c, ref, "secret_access_key");
	if (id && sk) {
		OPT(st, "KEY_ID", floe_emit__dv_secret(c, id), ref);
		OPT(st, "SECRET", floe_emit__dv_secret(c, sk), ref);
	}
	return true;
}

/* How an S3-compatible secret authenticates; false when it cannot. */
static bool s3_auth(struct cctx *c, struct dstmt *st, const floe_mval *s,
		    bool chain_ok)
{
	const floe_mval *creds = floe_mval_get(s, "credentials");
	const floe_mval *mode = floe_mval_get(creds, "mode");
	const char *md = floe_mval_str(mode) ? mode->text : "static";

	if (strcmp(md, "static") == 0 && static_pair(c, st, creds))
		return true;
	if (strcmp(md, "none") == 0)
		return true;
	bool chain = strcmp(md, "static") == 0 || strcmp(md, "iam_role") == 0 ||
		     strcmp(md, "service_account") == 0;
	if (!chain || !chain_ok) {
		unsupported(c, mode ? mode : s, floe_arena_printf(c->a,
			"%s storage cannot use credentials mode '%s' on DuckDB",
			floe_mval_str(floe_mval_get(s, "type")), md),
			"use mode static with a secret holding access_key_id and "
			"secret_access_key");
		return false;
	}
	provider(c, st, "credential_chain");
	if (strcmp(md, "iam_role") == 0) {
		const floe_mval *arn = floe_mval_get(creds, "role_arn");
		OPT(st, "CHAIN", floe_emit__dv_str("sts"), mode);
		OPT(st, "ASSUME_ROLE_ARN", floe_emit__dv_of(c, arn), arn);
	}
	return true;
}

/* An S3 endpoint: host[:port] without scheme; http means USE_SSL false. */
static void s3_endpoint(struct cctx *c, struct dstmt *st, const floe_mval *ep)
{
	if (ep && ep->kind == FLOE_MV_SECRET) {
		const char *var = ep->secret->env;
		floe_emit__dv_secret(c, ep->secret);
		struct dval host = { .kind = DV_EXPR,
			.s = floe_arena_printf(c->a, "regexp_replace(getvariable('%s'), "
				"'^[A-Za-z]+://|/+$', '', 'g')", var),
			.dbt = floe_arena_printf(c->a, "{{ env_var('%s') | replace('https://', "
				"'') | replace('http://', '') }}", var) };
		struct dval ssl = { .kind = DV_EXPR,
			.s = floe_arena_printf(c->a, "NOT starts_with(lower(getvariable('%s')), "
				"'http://')", var),
			.dbt = floe_arena_printf(c->a, "{{ not env_var('%s').lower()"
				".startswith('http://') }}", var) };
		OPT(st, "ENDPOINT", host, ep);
		OPT(st, "USE_SSL", ssl, ep);
		return;
	}
	const char *s = floe_mval_str(ep);
	if (!s || !*s)
		return;
	bool http = strncmp(s, "http://", 7) == 0;
	const char *host = strstr(s, "://") ? strstr(s, "://") + 3 : s;
	size_t n = strlen(host);
	while (n && host[n - 1] == '/')
		n--;
	OPT(st, "ENDPOINT", floe_emit__dv_str(floe_arena_strndup(c->a, host, n)), ep);
	if (http)
		OPT(st, "USE_SSL", floe_emit__dv_bool(c, false), ep);
}

static struct dval scope(struct cctx *c, const char *scheme, const floe_mval *s)
{
	const char *bucket = floe_mval_str(floe_mval_get(s, "bucket"));
	const char *prefix = floe_mval_str(floe_mval_get(s, "prefix"));
	size_t n = prefix ? strlen(prefix) : 0;
	while (n && prefix[n - 1] == '/')
		n--;
	return floe_emit__dv_str(floe_arena_printf(c->a, "%s://%s/%.*s%s", scheme,
		bucket ? bucket : "", (int)n, n ? prefix : "", n ? "/" : ""));
}

/*
 * A second secret with st's options but another TYPE and SCOPE: DuckDB
 * picks a secret by the longest SCOPE prefix of the URL (httpfs and azure
 * through SecretManager::LookupSecret), so one location written two ways
 * (r2:// and s3://, az:// and abfss://) needs one secret per spelling.
 * `skip` names an option left out (NULL: none).
 */
static struct dstmt *twin(struct cctx *c, const struct dstmt *st,
			  floe_duckdb_kind kind, const char *type,
			  const char *suffix, const char *skip)
{
	struct dstmt *t = secret(c, kind, type,
		floe_arena_printf(c->a, "%s_%s", st->name, suffix), st->from);
	if (st->provider)
		provider(c, t, st->provider);
	for (size_t i = 0; i < st->nopts; i++) {
		const char *n = st->opts[i].name;
		if (strcmp(n, "TYPE") == 0 || strcmp(n, "PROVIDER") == 0 ||
		    strcmp(n, "SCOPE") == 0 || (skip && strcmp(n, skip) == 0))
			continue;
		OPT(t, n, st->opts[i].v, st->opts[i].from);
	}
	return t;
}

static void storage_s3(struct cctx *c, const floe_mval *s, const char *name)
{
	struct dstmt *st = secret(c, FLOE_DUCKDB_SECRET_S3, "S3", name, s);
	if (!s3_auth(c, st, s, true))
		return;
	OPT(st, "REGION", floe_emit__dv_of(c, floe_mval_get(s, "region")),
	    floe_mval_get(s, "region"));
	s3_endpoint(c, st, floe_mval_get(s, "endpoint"));
	const floe_mval *ps = floe_mval_get(s, "path_style_access");
	if (ps && ps->kind == FLOE_MV_BOOL && ps->v.b)
		OPT(st, "URL_STYLE", floe_emit__dv_str("path"), ps);
	OPT(st, "SCOPE", scope(c, "s3", s), floe_mval_get(s, "bucket"));
}

static void storage_r2(struct cctx *c, const floe_mval *s, const char *name)
{
	struct dstmt *st = secret(c, FLOE_DUCKDB_SECRET_R2, "R2", name, s);
	const floe_mval *acct = floe_mval_get(s, "account_id");
	const floe_mval *jur = floe_mval_get(s, "jurisdiction");
	if (!s3_auth(c, st, s, true))
		return;
	OPT(st, "ACCOUNT_ID", floe_emit__dv_of(c, acct), acct);
	if (floe_mval_str(jur) && strcmp(jur->text, "default") != 0 && floe_mval_str(acct))
		OPT(st, "ENDPOINT", floe_emit__dv_str(floe_arena_printf(c->a,
		    "%s.%s.r2.cloudflarestorage.com", acct->text, jur->text)), jur);
	OPT(st, "SCOPE", scope(c, "r2", s), floe_mval_get(s, "bucket"));
	/*
	 * An R2 secret covers r2:// only (httpfs CreateR2SecretFunctions: its
	 * default and given scopes are matched by prefix): the s3:// URLs
	 * other tools write for the same bucket get a TYPE S3 secret with
	 * R2's endpoint.
	 */
	const char *a = floe_mval_str(acct);
	if (!a)
		return;
	bool jd = floe_mval_str(jur) && strcmp(jur->text, "default") != 0;
	struct dstmt *t = twin(c, st, FLOE_DUCKDB_SECRET_S3, "S3", "s3", "ACCOUNT_ID");
	if (!jd)
		OPT(t, "ENDPOINT", floe_emit__dv_str(floe_arena_printf(c->a,
		    "%s.r2.cloudflarestorage.com", a)), acct);
	OPT(t, "URL_STYLE", floe_emit__dv_str("path"), acct);
	/* the bucket root: the s3:// data (seeds, dlt) is not under the prefix */
	const char *b = floe_mval_str(floe_mval_get(s, "bucket"));
	OPT(t, "SCOPE", floe_emit__dv_str(floe_arena_printf(c->a, "s3://%s/", b ? b : "")),
	    floe_mval_get(s, "bucket"));
}

static void storage_gcs(struct cctx *c, const floe_mval *s, const char *name)
{
	struct dstmt *st = secret(c, FLOE_DUCKDB_SECRET_GCS, "GCS", name, s);
	if (!s3_auth(c, st, s, false))
		return;
	s3_endpoint(c, st, floe_mval_get(s, "endpoint"));
	OPT(st, "SCOPE", scope(c, "gs", s), floe_mval_get(s, "bucket"));
}

/* <account>.blob.core.windows.net -> <account> */
static const char *azure_account(struct cctx *c, const floe_mval *ep)
{
	const char *s = floe_mval_str(ep);
	const char *host = s && strstr(s, "://") ? strstr(s, "://") + 3 : s;
	const char *dot = host ? strchr(host, '.') : NULL;
	if (!dot || strncmp(dot, ".blob.", 6) != 0)
		return NULL;
	return floe_arena_strndup(c->a, host, (size_t)(dot - host));
}

static void storage_azure(struct cctx *c, const floe_mval *s, const char *name)
{
	struct dstmt *st = secret(c, FLOE_DUCKDB_SECRET_AZURE, "AZURE", name, s);
	const floe_mval *creds = floe_mval_get(s, "credentials");
	const floe_mval *mode = floe_mval_get(creds, "mode");
	const floe_mval *ref = floe_mval_get(creds, "secret_ref");
	const floe_mval *ep = floe_mval_get(s, "endpoint");
	const char *md = floe_mval_str(mode) ? mode->text : "static";
	const char *acct = azure_account(c, ep);

	if (strcmp(md, "static") == 0 && floe_mval_str(ref)) {
		const floe_msecret *id = floe_emit__plan_pair(c, ref, "access_key_id");
		const floe_msecret *key = floe_emit__plan_pair(c, ref, "secret_access_key");
		if (!id || !key)
			return;
		floe_emit__dv_secret(c, id);
		floe_emit__dv_secret(c, key);
		struct dval cs = { .kind = DV_EXPR,
			.s = floe_arena_printf(c->a, "'DefaultEndpointsProtocol=https;"
				"AccountName=' || getvariable('%s') || ';AccountKey=' || "
				"getvariable('%s')", id->env, key->env),
			.dbt = floe_arena_printf(c->a, "DefaultEndpointsProtocol=https;"
				"AccountName={{ env_var('%s') }};AccountKey={{ env_var('%s') }}",
				id->env, key->env) };
		OPT(st, "CONNECTION_STRING", cs, ref);
	} else if (strcmp(md, "service_account") == 0 || strcmp(md, "static") == 0) {
		provider(c, st, "credential_chain");
		OPT(st, "CHAIN", floe_emit__dv_str("default"), mode ? mode : s);
		if (acct)
			OPT(st, "ACCOUNT_NAME", floe_emit__dv_str(acct), ep);
	} else if (strcmp(md, "none") == 0) {
		if (acct)
			OPT(st, "ACCOUNT_NAME", floe_emit__dv_str(acct), ep);
	} else {
		unsupported(c, mode, floe_arena_printf(c->a, "azure storage cannot use "
			"credentials mode '%s' on DuckDB", md),
			"use service_account (workload identity), static (account name "
			"and key) or none");
		return;
	}
	OPT(st, "SCOPE", scope(c, "az", s), floe_mval_get(s, "bucket"));
	/*
	 * Java engines write abfss://<container>@<account>.dfs.core.windows.net/
	 * locations; the az:// scope does not cover them (prefix match).
	 */
	const char *bucket = floe_mval_str(floe_mval_get(s, "bucket"));
	if (!bucket)
		return;
	struct dstmt *t = twin(c, st, FLOE_DUCKDB_SECRET_AZURE, "AZURE", "abfss", NULL);
	OPT(t, "SCOPE", floe_emit__dv_str(acct ? floe_arena_printf(c->a,
	    "abfss://%s@%s.dfs.core.windows.net/", bucket, acct) :
	    floe_arena_printf(c->a, "abfss://%s@", bucket)), floe_mval_get(s, "bucket"));
}

void floe_emit__plan_storage(struct cctx *c, const floe_mval *s)
{
	const char *type = floe_mval_str(floe_mval_get(s, "type"));
	const char *name = floe_emit__plan_name(c, "storage", s->key, NULL);
	if (floe_str_eq(type, "s3"))
		storage_s3(c, s, name);
	else if (floe_str_eq(type, "r2"))
		storage_r2(c, s, name);
	else if (floe_str_eq(type, "gcs"))
		storage_gcs(c, s, name);
	else if (floe_str_eq(type, "azure"))
		storage_azure(c, s, name);
}

/* ---- catalogs ---- */

static struct dstmt *attach(struct cctx *c, const floe_mval *cat,
			    floe_duckdb_kind kind, const char *path)
{
	struct dstmt *st = floe_emit__plan_stmt(c, ST_ATTACH, kind, cat);
	st->path = path;
	st->alias = floe_emit__plan_alias(c, cat->key);
	return st;
}

static void flag(struct cctx *c, struct dstmt *st, const char *name,
		 const floe_mval *v)
{
	if (v && v->kind == FLOE_MV_BOOL && v->v.b)
		OPT(st, name, (struct dval){ .kind = DV_FLAG }, v);
}

static void catalog_duckdb(struct cctx *c, const floe_mval *cat)
{
	const floe_mval *path = floe_mval_get(cat, "path");
	/* a plain ATTACH takes only core's READ_ONLY, which every kind lists */
	struct dstmt *st = attach(c, cat, FLOE_DUCKDB_ATTACH_ICEBERG,
				  floe_mval_str(path));
	st->from2 = path;
	flag(c, st, "READ_ONLY", floe_mval_get(cat, "read_only"));
}

/* DuckLake's metadata database: the path after 'ducklake:'. */
static const char *ducklake_path(struct cctx *c, const floe_mval *cat,
				 struct dstmt **pg)
{
	const floe_mval *md = floe_mval_get(cat, "metadata");
	const char *type = floe_mval_str(floe_mval_get(md, "type"));
	const char *path = floe_mval_str(floe_mval_get(md, "path"));
	const floe_mval *db = floe_mval_get(md, "database");

	if (floe_str_eq(type, "duckdb") || floe_str_eq(type, "sqlite"))
		return floe_arena_printf(c->a, "ducklake:%s:%s", type, path ? path : "");
	if (floe_str_eq(type, "motherduck"))
		return floe_arena_printf(c->a, "ducklake:md:__ducklake_metadata_%s",
					 floe_mval_str(db) ? db->text : "");
	/* postgres: the password (and anything secret) in a POSTGRES secret */
	struct dstmt *st = secret(c, FLOE_DUCKDB_SECRET_POSTGRES, "POSTGRES",
		floe_emit__plan_name(c, "catalog", cat->key, "metadata"), md);
	OPT(st, "HOST", floe_emit__dv_of(c, floe_mval_get(md, "host")), floe_mval_get(md, "host"));
	OPT(st, "PORT", floe_emit__dv_of(c, floe_mval_get(md, "port")), floe_mval_get(md, "port"));
	OPT(st, "DATABASE", floe_emit__dv_of(c, db), db);
	OPT(st, "USER", floe_emit__dv_of(c, floe_mval_get(md, "user")), floe_mval_get(md, "user"));
	OPT(st, "PASSWORD", floe_emit__dv_of(c, floe_mval_get(md, "password")),
	    floe_mval_get(md, "password"));
	*pg = st;
	const char *ssl = floe_mval_str(floe_mval_get(md, "sslmode"));
	return ssl ? floe_arena_printf(c->a, "ducklake:postgres:sslmode=%s", ssl)
		   : "ducklake:postgres:";
}

static void catalog_ducklake(struct cctx *c, const floe_mval *cat)
{
	struct dstmt *pg = NULL;
	const floe_mval *type = floe_mval_get(cat, "type");
	if (!floe_emit__duckdb_kind_ok(c->plan.ver, FLOE_DUCKDB_ATTACH_DUCKLAKE)) {
		floe_diag *g = floe_emit__diag_at(c, FLOE_SEV_ERROR, "compile/option-unavailable",
			type, "DuckLake catalogs need duckdb >= 1.3, not %s",
			floe_emit__duckdb_ver_name(c->plan.ver));
		floe_diag_hint(c->d, g, "set the compute profile's properties.duckdb_version");
		return;
	}
	const char *path = ducklake_path(c, cat, &pg);
	struct dstmt *st = attach(c, cat, FLOE_DUCKDB_ATTACH_DUCKLAKE, path);
	st->from2 = floe_mval_get(cat, "metadata");
	OPT(st, "DATA_PATH", floe_emit__dv_of(c, floe_mval_get(cat, "data_path")),
	    floe_mval_get(cat, "data_path"));
	OPT(st, "METADATA_SCHEMA", floe_emit__dv_of(c, floe_mval_get(cat, "metadata_schema")),
	    floe_mval_get(cat, "metadata_schema"));
	OPT(st, "DATA_INLINING_ROW_LIMIT", floe_emit__dv_of(c, floe_mval_get(cat,
	    "data_inlining_row_limit")), floe_mval_get(cat, "data_inlining_row_limit"));
	flag(c, st, "ENCRYPTED", floe_mval_get(cat, "encrypted"));
	flag(c, st, "READ_ONLY", floe_mval_get(cat, "read_only"));
	if (pg)
		OPT(st, "META_SECRET", floe_emit__dv_str(pg->name), pg->from);
}

/* An S3 secret through the AWS credential chain, for SigV4 catalogs. */
static struct dstmt *aws_secret(struct cctx *c, const floe_mval *cat,
				const char *region)
{
	const floe_mval *creds = floe_mval_get(cat, "credentials");
	const floe_mval *arn = floe_mval_get(creds, "role_arn");
	struct dstmt *st = secret(c, FLOE_DUCKDB_SECRET_S3, "S3",
		floe_emit__plan_name(c, "catalog", cat->key, "aws"), cat);
	provider(c, st, "credential_chain");
	if (floe_mval_str(arn)) {
		OPT(st, "CHAIN", floe_emit__dv_str("sts"), floe_mval_get(creds, "mode"));
		OPT(st, "ASSUME_ROLE_ARN", floe_emit__dv_of(c, arn), arn);
	}
	if (region)
		OPT(st, "REGION", floe_emit__dv_str(region), floe_mval_get(cat, "default_region"));
	return st;
}

static bool has_upper(const char *s)
{
	for (; s && *s; s++)
		if (*s >= 'A' && *s <= 'Z')
			return true;
	return false;
}

/* The ICEBERG secret of OAuth2 or a bearer token; NULL for other modes. */
static struct dstmt *iceberg_secret(struct cctx *c, const floe_mval *cat,
				    const char *mode)
{
	const floe_mval *cr = floe_mval_get(cat, "credentials");
	const floe_mval *uri = floe_mval_get(cat, "uri");
	const char *name = floe_emit__plan_name(c, "catalog", cat->key, NULL);
	struct dstmt *st;

	if (strcmp(mode, "oauth2") == 0) {
		st = secret(c, FLOE_DUCKDB_SECRET_ICEBERG, "ICEBERG", name, cat);
		OPT(st, "CLIENT_ID", floe_emit__dv_of(c, floe_mval_get(cr, "client_id")),
		    floe_mval_get(cr, "client_id"));
		OPT(st, "CLIENT_SECRET", floe_emit__dv_of(c, floe_mval_get(cr, "client_secret")),
		    floe_mval_get(cr, "client_secret"));
		const floe_mval *tok = floe_mval_get(cr, "oauth2_server_uri");
		if (tok) {
			OPT(st, "OAUTH2_SERVER_URI", floe_emit__dv_of(c, tok), tok);
		} else if (uri && uri->kind == FLOE_MV_SECRET) {
			floe_emit__dv_secret(c, uri->secret);
			struct dval e = { .kind = DV_EXPR,
				.s = floe_arena_printf(c->a, "rtrim(getvariable('%s'), '/') || "
					"'/v1/oauth/tokens'", uri->secret->env),
				.dbt = floe_arena_printf(c->a, "{{ env_var('%s').rstrip('/') "
					"}}/v1/oauth/tokens", uri->secret->env) };
			OPT(st, "OAUTH2_SERVER_URI", e, uri);
		}
		OPT(st, "OAUTH2_SCOPE", floe_emit__dv_of(c, floe_mval_get(cr, "scope")),
		    floe_mval_get(cr, "scope"));
		return st;
	}
	const floe_mval *tok = floe_mval_get(cr, "token");
	const floe_mval *ref = floe_mval_get(cr, "secret_ref");
	if (strcmp(mode, "bearer") == 0 && tok) {
		st = secret(c, FLOE_DUCKDB_SECRET_ICEBERG, "ICEBERG", name, cat);
		OPT(st, "TOKEN", floe_emit__dv_of(c, tok), tok);
		return st;
	}
	if (strcmp(mode, "static") == 0 && floe_mval_str(ref)) {
		st = secret(c, FLOE_DUCKDB_SECRET_ICEBERG, "ICEBERG", name, cat);
		const floe_msecret *s = floe_emit__plan_pair(c, ref, NULL);
		if (s)
			OPT(st, "TOKEN", floe_emit__dv_secret(c, s), ref);
		return st;
	}
	return NULL;
}

/*
 * extra_http_headers: an option of the ICEBERG secret or of ATTACH from
 * DuckDB 1.5; before, an HTTP secret scoped to the catalog's URI, created
 * first so that the token request carries the headers too.
 */
static void headers(struct cctx *c, const floe_mval *cat, struct dstmt *sec,
		    struct dstmt *att)
{
	const floe_mval *h = floe_mval_get(cat, "extra_http_headers");
	const floe_mval *uri = floe_mval_get(cat, "uri");
	struct dval map = { .kind = DV_MAP, .map = h };
	if (!h || h->kind != FLOE_MV_MAP || !h->len)
		return;
	if (c->plan.ver >= FLOE_DUCKDB_1_5) {
		if (att)
			OPT(sec ? sec : att, "EXTRA_HTTP_HEADERS", map, h);
		return;
	}
	if (att)
		return;
	struct dstmt *st = secret(c, FLOE_DUCKDB_SECRET_HTTP, "HTTP",
		floe_emit__plan_name(c, "catalog", cat->key, "http"), h);
	OPT(st, "EXTRA_HTTP_HEADERS", map, h);
	OPT(st, "SCOPE", floe_emit__dv_of(c, uri), uri);
}

static void delegation(struct cctx *c, struct dstmt *st, const floe_mval *cat)
{
	const floe_mval *ad = floe_mval_get(cat, "access_delegation");
	const char *v = floe_mval_str(ad);
	if (floe_str_eq(v, "remote-signing")) {
		unsupported(c, ad, "DuckDB cannot use remote signing "
			    "(access_delegation 'remote-signing')",
			    "use vended-credentials, or none with a storage profile");
		return;
	}
	bool vended = floe_str_eq(v, "vended-credentials");
	/* before 1.4 DuckDB always asks for vended credentials */
	if (vended && !floe_emit__duckdb_option_ok(c->plan.ver, st->dkind, NULL,
					     "ACCESS_DELEGATION_MODE"))
		return;
	if (v)
		OPT(st, "ACCESS_DELEGATION_MODE", floe_emit__dv_str(vended ?
		    "vended_credentials" : "none"), ad);
}

/* A Glue uri other than https://glue.<region>.amazonaws.com/iceberg. */
static bool custom_glue(const floe_mval *uri)
{
	const char *u = floe_mval_str(uri);
	if (!u)
		return false;
	const char *h = strstr(u, "://") ? strstr(u, "://") + 3 : u;
	if (strncmp(h, "glue.", 5) != 0)
		return true;
	const char *end = h + strcspn(h, "/:");
	size_t n = (size_t)(end - h);
	return !(n > 14 && strncmp(end - 14, ".amazonaws.com", 14) == 0);
}

static void catalog_iceberg(struct cctx *c, const floe_mval *cat, const char *type)
{
	const floe_mval *cr = floe_mval_get(cat, "credentials");
	const floe_mval *mode = floe_mval_get(cr, "mode");
	const floe_mval *uri = floe_mval_get(cat, "uri");
	const char *md = floe_mval_str(mode) ? mode->text : "static";
	const char *region = floe_mval_str(floe_mval_get(cat, "default_region"));
	bool s3t = strcmp(type, "s3tables") == 0;
	const floe_mval *wh = floe_mval_get(cat, s3t ? "arn" : "warehouse");
	struct dstmt *sec = NULL;

	headers(c, cat, NULL, NULL);
	if (strcmp(type, "glue") == 0 || s3t || strcmp(md, "iam_role") == 0 ||
	    strcmp(md, "service_account") == 0)
		sec = aws_secret(c, cat, region);
	else
		sec = iceberg_secret(c, cat, md);
	struct dstmt *st = attach(c, cat, FLOE_DUCKDB_ATTACH_ICEBERG, floe_mval_str(wh));
	st->from2 = wh;
	st->dbt_type = "iceberg";
	OPT(st, "TYPE", floe_emit__dv_word(c, "ICEBERG"), NULL);
	/*
	 * Glue: ENDPOINT_TYPE 'glue' (iceberg_attach.cpp / iceberg_catalog.cpp
	 * S3OrGlueAttachInternal) derives glue.<region>.amazonaws.com/iceberg
	 * from the secret's REGION and applies the Glue defaults (no staged
	 * create, purge on drop); only an endpoint outside amazonaws.com
	 * (China partitions, a proxy) keeps sigv4 with an explicit ENDPOINT.
	 */
	bool glue = strcmp(type, "glue") == 0 && !custom_glue(uri);
	if (s3t) {
		OPT(st, "ENDPOINT_TYPE", floe_emit__dv_str("s3_tables"), floe_mval_get(cat, "type"));
	} else if (glue) {
		OPT(st, "ENDPOINT_TYPE", floe_emit__dv_str("glue"), floe_mval_get(cat, "type"));
	} else if (sec && sec->dkind == FLOE_DUCKDB_SECRET_S3) {
		OPT(st, "AUTHORIZATION_TYPE", floe_emit__dv_str("sigv4"), mode ? mode : cat);
	} else if (!sec) {
		OPT(st, "AUTHORIZATION_TYPE", floe_emit__dv_str("none"), mode ? mode : cat);
	}
	/* DuckDB <= 1.4 lower-cases ATTACH's ENDPOINT: keep it in the secret */
	bool in_secret = sec && sec->dkind == FLOE_DUCKDB_SECRET_ICEBERG &&
			 c->plan.ver <= FLOE_DUCKDB_1_4 && floe_mval_str(uri) &&
			 has_upper(uri->text);
	/* ENDPOINT is URI from 2.0 on (the old name warns there) */
	if (!s3t && !glue)
		OPT(in_secret ? sec : st, c->plan.ver >= FLOE_DUCKDB_2_0 ? "URI" :
		    "ENDPOINT", floe_emit__dv_of(c, uri), uri);
	if (sec) {
		st->dbt_secret = sec->name;
		OPT(st, "SECRET", floe_emit__dv_str(sec->name), NULL);
	}
	if (!s3t)
		delegation(c, st, cat);
	if (region)
		OPT(st, "DEFAULT_REGION", floe_emit__dv_str(region),
		    floe_mval_get(cat, "default_region"));
	const floe_mval *nn = floe_mval_get(cat, "nested_namespaces");
	if (nn && nn->kind == FLOE_MV_BOOL && nn->v.b)
		OPT(st, "SUPPORT_NESTED_NAMESPACES", floe_emit__dv_bool(c, true), nn);
	headers(c, cat, sec && sec->dkind == FLOE_DUCKDB_SECRET_ICEBERG ? sec : NULL, st);
}

void floe_emit__plan_catalog(struct cctx *c, const floe_mval *cat)
{
	const floe_mval *tv = floe_mval_get(cat, "type");
	const char *type = floe_mval_str(tv);
	if (floe_str_eq(type, "duckdb")) {
		catalog_duckdb(c, cat);
	} else if (floe_str_eq(type, "ducklake")) {
		catalog_ducklake(c, cat);
	} else if (floe_str_eq(type, "hive")) {
		floe_diag *g = floe_emit__diag_at(c, FLOE_SEV_ERROR, "compile/unsupported-catalog",
			tv, "DuckDB cannot attach a Hive metastore (catalog '%s')", cat->key);
		floe_diag_note(c->d, g, NULL, "DuckDB attaches Iceberg REST catalogs "
			       "(polaris, rest, nessie, glue, r2, s3tables), DuckLake and "
			       "DuckDB files");
	} else if (type) {
		catalog_iceberg(c, cat, type);
	}
}
