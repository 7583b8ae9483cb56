/*
 * model_derive.c: values computed from others (an R2 catalog's URI and
 * warehouse, an OAuth2 token endpoint, a DuckLake data path, the DuckDB
 * extensions the profiles need), then the lists beside the tree: secrets,
 * the container environment and the run-time requirements.  Each derived
 * value names the values it came from.
 */
#include <stdlib.h>
#include <string.h>
#include "resolve/model_int.h"

static bool is_iceberg(const char *t)
{
	static const char *const types[] = {
		"polaris", "rest", "nessie", "glue", "hive", "r2", "s3tables",
	};
	for (size_t i = 0; t && i < FLOE_ARRAY_SIZE(types); i++)
		if (strcmp(types[i], t) == 0)
			return true;
	return false;
}

static floe_mval *derive_str(floe_model *m, const char *text, const char *note,
			     const floe_mval *a, const floe_mval *b)
{
	floe_mval *v = floe_resolve__mv_str(m, text);
	floe_resolve__mv_derived(m, v, note, a, b);
	return v;
}

/* ---- catalogs ---- */

static void derive_r2(floe_model *m, floe_mval *c)
{
	const floe_mval *acct = floe_mval_get(c, "account_id");
	const floe_mval *bucket = floe_mval_get(c, "bucket");
	if (!floe_mval_str(acct) || !floe_mval_str(bucket))
		return;
	floe_resolve__mv_offer(m, c, "uri", derive_str(m, floe_arena_printf(m->arena,
		"https://catalog.cloudflarestorage.com/%s/%s", acct->text, bucket->text),
		"the R2 Data Catalog endpoint of account_id and bucket", acct, bucket),
		"written explicitly");
	floe_resolve__mv_offer(m, c, "warehouse", derive_str(m, floe_arena_printf(m->arena,
		"%s_%s", acct->text, bucket->text),
		"account_id and bucket joined by '_' (R2 Data Catalog)", acct, bucket),
		"written explicitly");
}

static void derive_token_uri(floe_model *m, floe_mval *c)
{
	floe_mval *cr = (floe_mval *)floe_mval_get(c, "credentials");
	const floe_mval *uri = floe_mval_get(c, "uri");
	if (!floe_str_eq(floe_resolve__mv_sget(cr, "mode"), "oauth2") || !floe_mval_str(uri))
		return;
	size_t n = strlen(uri->text);
	while (n && uri->text[n - 1] == '/')
		n--;
	floe_resolve__mv_offer(m, cr, "oauth2_server_uri", derive_str(m,
		floe_arena_printf(m->arena, "%.*s/v1/oauth/tokens", (int)n, uri->text),
		"the catalog uri + /v1/oauth/tokens (the Iceberg REST default; set "
		"oauth2_server_uri for another identity provider)", uri, NULL),
		"written explicitly");
}

/* Where a storage profile's data lives, as a DuckDB path. */
static const char *storage_root(floe_model *m, const floe_mval *s,
				const floe_mval **from)
{
	const char *type = floe_resolve__mv_sget(s, "type");
	const char *bucket = floe_resolve__mv_sget(s, "bucket");
	const char *prefix = floe_resolve__mv_sget(s, "prefix");
	static const struct { const char *type, *scheme; } schemes[] = {
		{ "s3", "s3" }, { "r2", "r2" }, { "gcs", "gs" }, { "azure", "az" },
	};
	if (floe_str_eq(type, "local")) {
		*from = floe_mval_get(s, "path") ? floe_mval_get(s, "path")
						 : floe_mval_get(s, "bucket");
		return floe_mval_str(*from);
	}
	*from = floe_mval_get(s, "bucket");
	for (size_t i = 0; bucket && i < FLOE_ARRAY_SIZE(schemes); i++)
		if (floe_str_eq(type, schemes[i].type))
			return floe_arena_printf(m->arena, "%s://%s/%s", schemes[i].scheme,
						 bucket, prefix ? prefix : "");
	return NULL;
}

static void derive_data_path(floe_model *m, floe_mval *c)
{
	const floe_mval *s = floe_resolve__model_profile(m, "storage", "storage");
	const floe_mval *from = NULL;
	const char *root = s ? storage_root(m, s, &from) : NULL;
	const char *name = floe_resolve__mv_sget(floe_mval_get(m->root, "project"), "storage");
	if (!root)
		return;
	floe_resolve__mv_offer(m, c, "data_path", derive_str(m, root, floe_arena_printf(
		m->arena, "the data root of storage profile '%s'", name), from, NULL),
		"written explicitly");
}

static void derive_catalogs(floe_model *m)
{
	floe_mval *cats = (floe_mval *)floe_mval_get(m->root, "catalogs");
	for (size_t i = 0; cats && i < cats->len; i++) {
		floe_mval *c = cats->items[i];
		const char *type = floe_resolve__mv_sget(c, "type");
		if (floe_str_eq(type, "r2"))
			derive_r2(m, c);
		if (is_iceberg(type))
			derive_token_uri(m, c);
		if (floe_str_eq(type, "ducklake"))
			derive_data_path(m, c);
	}
}

/* ---- DuckDB extensions ---- */

/* The fixed order derived extensions are added in. */
static const char *const ext_order[] = {
	"httpfs", "avro", "aws", "azure", "iceberg", "ducklake", "sqlite",
	"postgres", "motherduck",
};

struct need {
	const floe_mval *why[FLOE_ARRAY_SIZE(ext_order)];
	const char *note[FLOE_ARRAY_SIZE(ext_order)];
};

static void need(struct need *n, const char *ext, const floe_mval *why,
		 const char *note)
{
	for (size_t i = 0; i < FLOE_ARRAY_SIZE(ext_order); i++)
		if (strcmp(ext_order[i], ext) == 0 && !n->why[i]) {
			n->why[i] = why;
			n->note[i] = note;
		}
}

/* Storage through a credential chain (an IAM role, workload identity). */
static bool chain_creds(const floe_mval *s)
{
	const floe_mval *cr = floe_mval_get(s, "credentials");
	const char *mode = floe_resolve__mv_sget(cr, "mode");
	if (!cr)
		return true;
	if (floe_str_eq(mode, "iam_role") || floe_str_eq(mode, "service_account"))
		return true;
	return floe_str_eq(mode, "static") && !floe_mval_get(cr, "secret_ref");
}

static void storage_needs(floe_model *m, struct need *n)
{
	const floe_mval *sts = floe_mval_get(m->root, "storage");
	for (size_t i = 0; sts && i < sts->len; i++) {
		const floe_mval *s = sts->items[i];
		const char *t = floe_resolve__mv_sget(s, "type");
		const floe_mval *tv = floe_mval_get(s, "type");
		if (floe_str_eq(t, "azure")) {
			need(n, "azure", tv, "needed by azure storage");
			continue;
		}
		if (!floe_str_eq(t, "s3") && !floe_str_eq(t, "r2") && !floe_str_eq(t, "gcs"))
			continue;
		need(n, "httpfs", tv, "needed by object storage (s3, r2, gcs)");
		if (chain_creds(s))
			need(n, "aws", floe_mval_get(s, "credentials") ? floe_mval_get(s,
			     "credentials") : tv, "needed by the AWS credential chain");
	}
}

static void catalog_needs(floe_model *m, struct need *n)
{
	const floe_mval *cats = floe_mval_get(m->root, "catalogs");
	for (size_t i = 0; cats && i < cats->len; i++) {
		const floe_mval *c = cats->items[i];
		const char *t = floe_resolve__mv_sget(c, "type");
		const floe_mval *tv = floe_mval_get(c, "type");
		if (is_iceberg(t)) {
			need(n, "httpfs", tv, "needed by Iceberg REST catalogs");
			need(n, "avro", tv, "needed by Iceberg REST catalogs (manifests)");
			need(n, "iceberg", tv, "needed by Iceberg REST catalogs");
		}
		if (floe_str_eq(t, "glue") || floe_str_eq(t, "s3tables"))
			need(n, "aws", tv, "needed by AWS catalogs (SigV4)");
		if (!floe_str_eq(t, "ducklake"))
			continue;
		need(n, "ducklake", tv, "needed by DuckLake catalogs");
		const floe_mval *md = floe_mval_get(floe_mval_get(c, "metadata"), "type");
		const char *mt = floe_mval_str(md);
		if (floe_str_eq(mt, "sqlite") || floe_str_eq(mt, "postgres") ||
		    floe_str_eq(mt, "motherduck"))
			need(n, mt, md, "needed by the DuckLake metadata database");
	}
}

static const char *ext_name(const floe_mval *e)
{
	return e->kind == FLOE_MV_MAP ? floe_resolve__mv_sget(e, "name") : floe_mval_str(e);
}

static void derive_extensions(floe_model *m)
{
	const char *name;
	floe_mval *comp = floe_resolve__model_compute(m, &name);
	const char *type = floe_resolve__mv_sget(comp, "type");
	floe_mval *props = (floe_mval *)floe_mval_get(comp, "properties");
	struct need n = { { NULL }, { NULL } };

	if (!props || (!floe_str_eq(type, "duckdb") && !floe_str_eq(type, "motherduck")))
		return;
	storage_needs(m, &n);
	catalog_needs(m, &n);
	if (floe_str_eq(type, "motherduck"))
		need(&n, "motherduck", floe_mval_get(comp, "type"), "needed by MotherDuck compute");
	floe_mval *exts = (floe_mval *)floe_mval_get(props, "extensions");
	if (!exts) {
		exts = floe_resolve__mv_add(m, props, "extensions", floe_resolve__mv_new(m, FLOE_MV_SEQ));
		floe_resolve__mv_derived(m, exts, "the extensions the profiles need", NULL, NULL);
	}
	for (size_t i = 0; i < FLOE_ARRAY_SIZE(ext_order); i++) {
		if (!n.why[i])
			continue;
		floe_mval *d = derive_str(m, ext_order[i], n.note[i], n.why[i], NULL);
		floe_mval *have = NULL;
		for (size_t k = 0; k < exts->len && !have; k++)
			if (floe_str_eq(ext_name(exts->items[k]), ext_order[i]))
				have = exts->items[k];
		if (have)
			floe_resolve__mv_shadow(m, have, d, "listed explicitly");
		else
			floe_resolve__mv_push(m, exts, d);
	}
}

void floe_resolve__model_derive(floe_model *m)
{
	derive_catalogs(m);
	derive_extensions(m);
	floe_mval *dir = floe_resolve__mv_add(m, m->root, "output_dir",
				      floe_resolve__mv_str(m, m->profiles_dir));
	floe_resolve__mv_derived(m, dir, "the directory floe compile writes to "
			 "(DBT_PROFILES_DIR)", NULL, NULL);
}

/* ---- secrets ---- */

static int cmp_secret(const void *a, const void *b)
{
	const floe_msecret *x = *(floe_msecret *const *)a;
	const floe_msecret *y = *(floe_msecret *const *)b;
	return strcmp(x->env, y->env);
}

/* Kubernetes Secret names are lower-case RFC 1123 names (docs/compile.md). */
static const char *k8s_name(floe_model *m, const char *name)
{
	size_t n = strlen(name);
	char *s = floe_arena_alloc(m->arena, n + 2);
	for (size_t i = 0; i < n; i++) {
		char c = name[i];
		s[i] = c >= 'A' && c <= 'Z' ? (char)(c - 'A' + 'a') : c == '_' ? '-' : c;
	}
	if (n && s[n - 1] == '-')
		s[n++] = 'x';
	s[n] = '\0';
	return s;
}

static floe_msecret *add_secret(floe_model *m, const char *name, const char *key,
				const floe_mval *user)
{
	floe_msecret **all = m->secrets.items, *s = NULL;
	for (size_t i = 0; i < m->secrets.len && !s; i++)
		if (strcmp(all[i]->name, name) == 0 && floe_str_eq(all[i]->key, key))
			s = all[i];
	if (!s) {
		s = floe_arena_alloc(m->arena, sizeof(*s));
		s->name = floe_arena_strdup(m->arena, name);
		s->key = key ? floe_arena_strdup(m->arena, key) : NULL;
		s->env = floe_secret_env_name(m->arena, name, key);
		s->k8s_name = k8s_name(m, name);
		s->k8s_key = s->key ? s->key : s->name;
		*(floe_msecret **)floe_resolve__mlist_push(&m->secrets, sizeof(s)) = s;
	}
	const floe_mval **u = floe_arena_alloc(m->arena, (s->nused + 1) * sizeof(*u));
	if (s->nused)
		memcpy(u, s->used_by, s->nused * sizeof(*u));
	u[s->nused++] = user;
	s->used_by = u;
	return s;
}

static void walk_secrets(floe_model *m, floe_mval *v, bool storage, unsigned depth)
{
	if (v->kind == FLOE_MV_SECRET && v->origin.node) {
		const floe_node *n = v->origin.node;
		const floe_node *k = floe_node_get(n, "key");
		v->secret = add_secret(m, floe_node_get(n, "secret_ref")->text,
				       k ? k->text : NULL, v);
		return;
	}
	if (v->kind != FLOE_MV_MAP && v->kind != FLOE_MV_SEQ)
		return;
	/* floe-runtime's {mode: static, secret_ref}: for storage a key pair */
	if (floe_str_eq(v->key, "credentials") &&
	    floe_str_eq(floe_resolve__mv_sget(v, "mode"), "static")) {
		const floe_mval *ref = floe_mval_get(v, "secret_ref");
		if (floe_mval_str(ref) && storage) {
			add_secret(m, ref->text, "access_key_id", ref);
			add_secret(m, ref->text, "secret_access_key", ref);
		} else if (floe_mval_str(ref)) {
			add_secret(m, ref->text, NULL, ref);
		}
	}
	for (size_t i = 0; i < v->len && depth < 64; i++)
		walk_secrets(m, v->items[i], storage || (depth == 0 &&
			     floe_str_eq(v->items[i]->key, "storage")), depth + 1);
}

/* ---- the container environment ---- */

static void add_env(floe_model *m, const char *name, const char *value,
		    const floe_msecret *secret, const floe_mval *from)
{
	floe_menv *all = m->envs.items;
	for (size_t i = 0; i < m->envs.len; i++)
		if (strcmp(all[i].name, name) == 0)
			return;  /* the first one added wins */
	floe_menv *e = floe_resolve__mlist_push(&m->envs, sizeof(*e));
	e->name = name;
	e->value = value ? floe_arena_strdup(m->arena, value) : NULL;
	e->secret = secret;
	e->from = from;
}

static void env_prop(floe_model *m, const floe_mval *props, const char *key,
		     const char *var)
{
	const floe_mval *v = floe_mval_get(props, key);
	if (v && v->text && v->kind != FLOE_MV_NULL)
		add_env(m, var, v->text, NULL, v);
}

/* Percent-encoding of W3C baggage (OTEL_RESOURCE_ATTRIBUTES). */
static void put_encoded(floe_buf *b, const char *s)
{
	for (; *s; s++) {
		unsigned char c = (unsigned char)*s;
		if ((c >= 'a' && c <= 'z') || (c >= 'A' && c <= 'Z') ||
		    (c >= '0' && c <= '9') || strchr("-._~", c))
			floe_buf_putc(b, (char)c);
		else
			floe_buf_printf(b, "%%%02X", c);
	}
}

static void env_otel(floe_model *m, const floe_mval *obs)
{
	const floe_mval *ep = floe_mval_get(obs, "otlp_endpoint");
	const floe_mval *attrs = floe_mval_get(obs, "attributes");
	floe_buf b = FLOE_BUF_INIT;

	if (!floe_resolve__mv_bget(obs, "traces") || !floe_mval_str(ep) || !ep->text[0])
		return;
	add_env(m, "OTEL_EXPORTER_OTLP_ENDPOINT", ep->text, NULL, ep);
	for (size_t i = 0; attrs && i < attrs->len; i++) {
		const floe_mval *a = attrs->items[i];
		if (!floe_mval_str(a))
			continue;
		if (strcmp(a->key, "service.name") == 0) {
			add_env(m, "OTEL_SERVICE_NAME", a->text, NULL, a);
			continue;
		}
		if (b.len)
			floe_buf_putc(&b, ',');
		put_encoded(&b, a->key);
		floe_buf_putc(&b, '=');
		put_encoded(&b, a->text);
	}
	if (b.len)
		add_env(m, "OTEL_RESOURCE_ATTRIBUTES", b.ptr, NULL, attrs);
	floe_buf_release(&b);
}

/* OpenLineage's client: OPENLINEAGE_URL (origin) + OPENLINEAGE_ENDPOINT (path). */
static void env_lineage(floe_model *m, const floe_mval *obs)
{
	const floe_mval *ep = floe_mval_get(obs, "lineage_endpoint");
	if (!floe_resolve__mv_bget(obs, "lineage") || !floe_mval_str(ep) || !ep->text[0])
		return;
	const char *s = ep->text, *host = strstr(s, "://");
	const char *path = host ? strchr(host + 3, '/') : NULL;
	if (!path || !path[1]) {
		add_env(m, "OPENLINEAGE_URL", s, NULL, ep);
		return;
	}
	add_env(m, "OPENLINEAGE_URL", floe_arena_strndup(m->arena, s,
		(size_t)(path - s)), NULL, ep);
	add_env(m, "OPENLINEAGE_ENDPOINT", path + 1, NULL, ep);
}

static int cmp_env(const void *a, const void *b)
{
	const floe_menv *x = a, *y = b;
	if (!x->secret != !y->secret)
		return x->secret ? 1 : -1;
	return strcmp(x->name, y->name);
}

static void build_env(floe_model *m)
{
	const char *name;
	floe_mval *comp = floe_resolve__model_compute(m, &name);
	const char *type = floe_resolve__mv_sget(comp, "type");
	const floe_mval *props = floe_mval_get(comp, "properties");
	const floe_mval *rp = floe_mval_get(floe_mval_get(floe_mval_get(m->root,
		"infrastructure"), "resource_profiles"), floe_resolve__mv_sget(comp,
		"resource_profile"));
	const floe_mval *renv = floe_mval_get(rp, "env");

	if (floe_str_eq(type, "duckdb") || floe_str_eq(type, "motherduck")) {
		env_prop(m, props, "memory_limit", "DUCKDB_MEMORY_LIMIT");
		env_prop(m, props, "threads", "DUCKDB_THREADS");
		env_prop(m, props, "temp_directory", "DUCKDB_TEMP_DIRECTORY");
	}
	for (size_t i = 0; renv && i < renv->len; i++)
		if (floe_mval_str(renv->items[i]))
			add_env(m, renv->items[i]->key, renv->items[i]->text, NULL,
				renv->items[i]);
	add_env(m, "FLOE_PLATFORM_ENV", m->env_name, NULL,
		floe_mval_get(m->root, "environment"));
	add_env(m, "DBT_PROFILES_DIR", m->profiles_dir, NULL,
		floe_mval_get(m->root, "output_dir"));
	env_otel(m, floe_mval_get(m->root, "observability"));
	env_lineage(m, floe_mval_get(m->root, "observability"));
	for (size_t i = 0; i < m->secrets.len; i++) {
		const floe_msecret *s = ((floe_msecret **)m->secrets.items)[i];
		add_env(m, s->env, NULL, s, s->used_by[0]);
	}
	if (m->envs.len)
		qsort(m->envs.items, m->envs.len, sizeof(floe_menv), cmp_env);
}

/* ---- requirements ---- */

static void add_req(floe_model *m, floe_req_kind kind, const char *name,
		    const char *detail, const char *key, const char *why,
		    const floe_mval *from)
{
	/*
	 * Variables and secrets come unique; files and extensions may repeat
	 * (one dbt_project.yml per transform): a set keyed by kind and name
	 * keeps this linear in the number of transforms.
	 */
	if (kind == FLOE_REQ_FILE || kind == FLOE_REQ_EXTENSION) {
		const char *k = floe_arena_printf(m->arena, "%c%s", '0' + kind, name);
		if (floe_keyset_add(&m->req_names, k, strlen(k), m->reqs.len) >= 0)
			return;
	}
	floe_mreq *r = floe_resolve__mlist_push(&m->reqs, sizeof(*r));
	r->kind = kind;
	r->name = name;
	r->detail = detail;
	r->key = key;
	r->why = why;
	r->from = from;
}

/* A path that names a file on this machine (not :memory:, md:, s3://). */
static bool local_path(const char *p)
{
	return p && *p && strcmp(p, ":memory:") != 0 && !strstr(p, "://") &&
	       strncmp(p, "md:", 3) != 0;
}

static void file_req(floe_model *m, const floe_mval *v, const char *mode,
		     const char *why)
{
	if (floe_mval_str(v) && local_path(v->text))
		add_req(m, FLOE_REQ_FILE, v->text, mode, NULL, why, v);
}

/* The project-relative path of an input, as written in messages. */
static const char *rel_input(floe_model *m, const char *path)
{
	const char *dir = m->p->dir;
	size_t n = strlen(dir);
	if (strcmp(dir, ".") != 0 && strncmp(path, dir, n) == 0 && path[n] == '/')
		path += n + 1;
	while (path[0] == '.' && path[1] == '/')
		path += 2;
	return path;
}

static void catalog_files(floe_model *m)
{
	const floe_mval *cats = floe_mval_get(m->root, "catalogs");
	for (size_t i = 0; cats && i < cats->len; i++) {
		const floe_mval *c = cats->items[i];
		const char *t = floe_resolve__mv_sget(c, "type");
		const char *why = floe_arena_printf(m->arena, "catalog '%s'", c->key);
		if (floe_str_eq(t, "duckdb"))
			file_req(m, floe_mval_get(c, "path"), "write",
				 floe_arena_printf(m->arena, "%s (a DuckDB file)", why));
		if (!floe_str_eq(t, "ducklake"))
			continue;
		const floe_mval *md = floe_mval_get(c, "metadata");
		const char *mt = floe_resolve__mv_sget(md, "type");
		if (floe_str_eq(mt, "duckdb") || floe_str_eq(mt, "sqlite"))
			file_req(m, floe_mval_get(md, "path"), "write",
				 floe_arena_printf(m->arena, "%s (DuckLake metadata, %s)", why, mt));
		file_req(m, floe_mval_get(c, "data_path"), "dir",
			 floe_arena_printf(m->arena, "%s (DuckLake data)", why));
	}
}

static void build_reqs(floe_model *m)
{
	const char *name;
	floe_mval *comp = floe_resolve__model_compute(m, &name);
	const floe_mval *props = floe_mval_get(comp, "properties");
	const floe_mval *sts = floe_mval_get(m->root, "storage");
	const floe_mval *tr = floe_mval_get(m->root, "transforms");

	for (size_t i = 0; i < m->envs.len; i++) {
		const floe_menv *e = (floe_menv *)m->envs.items + i;
		add_req(m, FLOE_REQ_ENV, e->name, e->value, NULL,
			e->secret ? "a secret, passed from the host" : "set by the container",
			e->from);
	}
	for (size_t i = 0; i < m->secrets.len; i++) {
		const floe_msecret *s = ((floe_msecret **)m->secrets.items)[i];
		add_req(m, FLOE_REQ_SECRET, s->name, s->env, s->key,
			floe_mval_pointer(m, s->used_by[0]), s->used_by[0]);
	}
	add_req(m, FLOE_REQ_FILE, "floe.yaml", "read", NULL, "the pipeline",
		floe_mval_get(m->root, "project"));
	add_req(m, FLOE_REQ_FILE, rel_input(m, floe_project_env_path(m->p, m->env)),
		"read", NULL, "the environment's platform file",
		floe_mval_get(m->root, "environment"));
	for (size_t i = 0; tr && i < tr->len; i++) {
		const floe_mval *path = floe_mval_get(tr->items[i], "path");
		bool seen = false;   /* entries of one project (models of it) */
		for (size_t j = 0; floe_mval_str(path) && !seen && j < i; j++)
			seen = floe_str_eq(floe_mval_str(floe_mval_get(tr->items[j], "path")),
					   path->text);
		if (floe_mval_str(path) && !seen)
			add_req(m, FLOE_REQ_FILE, floe_arena_printf(m->arena,
				"%s/dbt_project.yml", path->text), "read", NULL,
				"a dbt transform", path);
	}
	file_req(m, floe_mval_get(props, "path"), "write", "the compute database");
	catalog_files(m);
	for (size_t i = 0; sts && i < sts->len; i++)
		if (floe_str_eq(floe_resolve__mv_sget(sts->items[i], "type"), "local"))
			file_req(m, floe_mval_get(sts->items[i], "path"), "dir",
				 floe_arena_printf(m->arena, "storage '%s' (local data)",
						   sts->items[i]->key));
	file_req(m, floe_mval_get(props, "temp_directory"), "dir",
		 "DuckDB's temp directory (spills)");
	const floe_mval *exts = floe_mval_get(props, "extensions");
	for (size_t i = 0; exts && i < exts->len; i++) {
		const floe_mval *e = exts->items[i];
		const char *n = ext_name(e);
		if (n)
			add_req(m, FLOE_REQ_EXTENSION, n, e->kind == FLOE_MV_MAP ?
				floe_resolve__mv_sget(e, "repo") : NULL, NULL,
				e->origin.kind == FLOE_ORIGIN_EXPLICIT ? "listed in the "
				"compute profile" : e->origin.note, e);
	}
}

void floe_resolve__model_lists(floe_model *m)
{
	walk_secrets(m, m->root, false, 0);
	if (m->secrets.len)
		qsort(m->secrets.items, m->secrets.len, sizeof(floe_msecret *),
		      cmp_secret);
	build_env(m);
	build_reqs(m);
}
