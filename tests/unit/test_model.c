/*
 * test_model.c: the resolved model.  Provenance (explicit spans, which
 * default, what a derived value came from), shadows (an explicit value
 * over a derived one, platform.yaml over floe.yaml), lookups by JSON
 * pointer and dotted path, the lists (secrets, environment,
 * requirements), the uses floe_compile records, sizing diagnostics, and
 * that the defaults the model calls "schema default" are the schema's.
 */
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>
#include <unistd.h>
#include "floe/load.h"
#include "unit.h"
#include "floe/compile.h"
#include "floe/model.h"
#include "util/embedded.h"
#include "util/util.h"

struct env {
	floe_diags *d;
	floe_project *p;
	floe_model *m;
	floe_compile_result *r;   /* when compiled */
	int rc;
};

static void open_env(struct env *e, const char *dir, const char *env, bool compile)
{
	floe_project_opts po = { .dir = dir, .env = env };
	memset(e, 0, sizeof(*e));
	e->d = floe_diags_new(0);
	e->rc = floe_project_load(&e->p, e->d, &po);
	if (e->rc)
		return;
	if (compile) {
		e->rc = floe_compile(&e->r, e->d, e->p, 0, NULL);
		e->m = e->r ? floe_compile_model(e->r) : NULL;
	} else {
		e->rc = floe_model_build(&e->m, e->d, e->p, 0, NULL);
	}
}

static void close_env(struct env *e)
{
	if (e->r)
		floe_compile_free(e->r);
	else
		floe_model_free(e->m);
	floe_project_free(e->p);
	floe_diags_free(e->d);
}

static const char *str(const struct env *e, const char *path)
{
	return floe_mval_str(floe_model_get(e->m, path));
}

static bool has_code(floe_diags *d, const char *code, floe_severity sev)
{
	for (size_t i = 0; i < floe_diags_count(d); i++)
		if (strcmp(floe_diags_at(d, i)->code, code) == 0 &&
		    floe_diags_at(d, i)->sev == sev)
			return true;
	return false;
}

/* 1-based line of the first line of `path` that starts with `prefix`. */
static uint32_t line_of(const char *path, const char *prefix)
{
	floe_buf b = FLOE_BUF_INIT;
	uint32_t line = 0;
	if (floe_fs_read(&b, path, 1 << 20) == 0) {
		const char *s = b.ptr;
		for (uint32_t n = 1; s && *s; n++) {
			if (strncmp(s, prefix, strlen(prefix)) == 0) {
				line = n;
				break;
			}
			s = strchr(s, '\n');
			s = s ? s + 1 : NULL;
		}
	}
	floe_buf_release(&b);
	return line;
}

static const floe_shadow *shadow_with(const floe_mval *v, floe_origin_kind k)
{
	for (const floe_shadow *s = v ? v->shadowed : NULL; s; s = s->next)
		if (s->origin.kind == k)
			return s;
	return NULL;
}

/* ---- provenance ---- */

static void test_model__explicit_values_keep_their_span(void)
{
	struct env e;
	open_env(&e, "examples/floe-platform", "prod", false);
	CHECK_INT(e.rc, 0);
	const floe_mval *uri = floe_model_get(e.m, "/catalogs/default/uri");
	CHECK_STR(floe_mval_str(uri), "https://polaris.data.acme.example/api/catalog");
	CHECK_INT(uri->origin.kind, FLOE_ORIGIN_EXPLICIT);
	CHECK_INT(uri->origin.span.line, line_of(
		"examples/floe-platform/platform/prod/platform.yaml", "    uri: "));
	CHECK_INT(uri->origin.span.col, 10);
	CHECK(strstr(floe_source_path(uri->origin.span.src), "platform/prod/platform.yaml"));
	CHECK(uri == floe_model_get(e.m, "catalogs.default.uri"));
	CHECK_STR(floe_mval_pointer(e.m, uri), "/catalogs/default/uri");
	/* floe.yaml values live under /project */
	const floe_mval *name = floe_model_get(e.m, "project.name");
	CHECK_STR(floe_mval_str(name), "floe-platform");
	CHECK(strstr(floe_source_path(name->origin.span.src), "floe.yaml"));
	/* a dotted key is matched whole */
	CHECK_STR(str(&e, "observability.attributes.service.name"), "floe-platform");
	CHECK_STR(str(&e, "/observability/attributes/service.name"), "floe-platform");
	CHECK(floe_model_get(e.m, "catalogs.nope") == NULL);
	CHECK(floe_model_get(e.m, "/transforms/0/path") ==
	      floe_model_get(e.m, "transforms.0.path"));
	close_env(&e);
}

static void test_model__defaults_say_which(void)
{
	struct env e;
	open_env(&e, "examples/weather", "s3", false);
	CHECK_INT(e.rc, 0);
	const floe_mval *st = floe_model_get(e.m, "/project/storage");
	CHECK_STR(floe_mval_str(st), "default");
	CHECK_INT(st->origin.kind, FLOE_ORIGIN_DEFAULT);
	CHECK_STR(st->origin.note, "schema default");
	const floe_mval *dv = floe_model_get(e.m, "/compute/default/properties/duckdb_version");
	CHECK_STR(floe_mval_str(dv), "1.5");
	CHECK_INT(dv->origin.kind, FLOE_ORIGIN_DEFAULT);
	const floe_mval *runner = floe_model_get(e.m, "/compute/default/runner");
	CHECK(strncmp(runner->origin.note, "floe default: ", 14) == 0);
	/* an explicit value shadows the default it replaced */
	const floe_mval *region = floe_model_get(e.m, "/storage/default/region");
	CHECK_INT(region->origin.kind, FLOE_ORIGIN_EXPLICIT);
	const floe_shadow *s = shadow_with(region, FLOE_ORIGIN_DEFAULT);
	CHECK(s && strcmp(s->text, "us-east-1") == 0 &&
	      strcmp(s->why, "written explicitly") == 0);
	close_env(&e);
}

static void test_model__sizing_is_derived_and_shadowed(void)
{
	struct env e;
	open_env(&e, "examples/floe-platform", "prod", false);
	CHECK_INT(e.rc, 0);
	/* memory: 67% of 24Gi, in whole MiB */
	const floe_mval *mem = floe_model_get(e.m, "/compute/default/properties/memory_limit");
	CHECK_STR(floe_mval_str(mem), "16465MiB");
	CHECK_INT(mem->origin.kind, FLOE_ORIGIN_DERIVED);
	CHECK(strstr(mem->origin.note, "67% of the memory limit '24Gi'") != NULL);
	CHECK_INT(mem->origin.nfrom, 2);
	CHECK(mem->origin.nfrom == 2 && mem->origin.from[1] ==
	      floe_model_get(e.m, "/infrastructure/resource_profiles/transform/limits/memory"));
	/* threads: the explicit 8 shadows the derived 8 and the default 4 */
	const floe_mval *th = floe_model_get(e.m, "/compute/default/properties/threads");
	CHECK_INT(th->origin.kind, FLOE_ORIGIN_EXPLICIT);
	CHECK_INT(th->v.i, 8);
	const floe_shadow *d = shadow_with(th, FLOE_ORIGIN_DERIVED);
	CHECK(d && strstr(d->origin.note, "CPU limit '8'") != NULL);
	CHECK(d && strcmp(d->why, "the compute property wins") == 0);
	CHECK(shadow_with(th, FLOE_ORIGIN_DEFAULT) != NULL);
	CHECK(floe_diags_count(e.d) == 0);
	close_env(&e);

	/* no explicit threads: the CPU limit decides */
	open_env(&e, "examples/cloudflare-analytics", "staging", false);
	CHECK_INT(e.rc, 0);
	CHECK_STR(str(&e, "/compute/default/properties/memory_limit"), "5488MiB");
	CHECK_STR(str(&e, "/compute/default/properties/temp_directory"), "/tmp/duckdb");
	close_env(&e);
}

static void test_model__platform_overrides_floe_yaml(void)
{
	struct env e;
	open_env(&e, "examples/floe-platform", "dev", false);
	CHECK_INT(e.rc, 0);
	const floe_mval *tr = floe_model_get(e.m, "/observability/traces");
	CHECK(tr && tr->kind == FLOE_MV_BOOL && tr->v.b);
	CHECK(strstr(floe_source_path(tr->origin.span.src), "platform/dev"));
	const floe_shadow *s = shadow_with(tr, FLOE_ORIGIN_EXPLICIT);
	CHECK(s && strstr(floe_source_path(s->origin.span.src), "floe.yaml"));
	CHECK(s && strcmp(s->why, "platform.yaml overrides floe.yaml") == 0);
	/* maps merge key by key */
	CHECK_STR(str(&e, "observability.attributes.service.name"), "floe-platform");
	CHECK_STR(str(&e, "observability.attributes.deployment.environment"), "dev");
	close_env(&e);
}

static void test_model__derived_catalog_values(void)
{
	struct env e;
	open_env(&e, "examples/cloudflare-analytics", "development", false);
	CHECK_INT(e.rc, 0);
	const floe_mval *uri = floe_model_get(e.m, "/catalogs/default/uri");
	CHECK_STR(floe_mval_str(uri), "https://catalog.cloudflarestorage.com/"
		  "9d3b7c5e1f2a4b6c8d0e1f2a3b4c5d6e/cf-analytics-dev");
	CHECK_INT(uri->origin.kind, FLOE_ORIGIN_DERIVED);
	CHECK(uri->origin.nfrom == 2 && uri->origin.from[0] ==
	      floe_model_get(e.m, "/catalogs/default/account_id"));
	CHECK_STR(str(&e, "/catalogs/default/warehouse"),
		  "9d3b7c5e1f2a4b6c8d0e1f2a3b4c5d6e_cf-analytics-dev");
	close_env(&e);
	/* written explicitly, the derived value is kept as a shadow */
	open_env(&e, "examples/cloudflare-analytics", "production", false);
	uri = floe_model_get(e.m, "/catalogs/default/uri");
	CHECK_INT(uri->origin.kind, FLOE_ORIGIN_EXPLICIT);
	CHECK(shadow_with(uri, FLOE_ORIGIN_DERIVED) != NULL);
	close_env(&e);
	/* DuckLake's data path comes from the storage profile */
	open_env(&e, "examples/ice-melt", "local", false);
	const floe_mval *dp = floe_model_get(e.m, "/catalogs/default/data_path");
	CHECK_STR(floe_mval_str(dp), "./warehouse/data");
	CHECK(dp->origin.nfrom == 1 && dp->origin.from[0] ==
	      floe_model_get(e.m, "/storage/default/path"));
	close_env(&e);
}

/* ---- lists ---- */

static void test_model__secrets_env_requirements(void)
{
	struct env e;
	open_env(&e, "examples/ice-melt", "prod", false);
	CHECK_INT(e.rc, 0);
	CHECK_INT(floe_model_secret_count(e.m), 4);
	const floe_msecret *s = floe_model_secret_at(e.m, 0);
	CHECK_STR(s->name, "ducklake-postgres");
	CHECK_STR(s->key, "password");
	CHECK_STR(s->env, "DUCKLAKE_POSTGRES_PASSWORD");
	CHECK_STR(s->k8s_name, "ducklake-postgres");
	CHECK_STR(s->k8s_key, "password");
	CHECK(s->nused == 1 && s->used_by[0] ==
	      floe_model_get(e.m, "/catalogs/default/metadata/password"));
	const floe_mval *pw = floe_model_get(e.m, "/catalogs/default/metadata/password");
	CHECK(pw->kind == FLOE_MV_SECRET && pw->secret == s);
	/* the storage pair */
	CHECK_STR(floe_model_secret_at(e.m, 2)->env, "R2_CREDENTIALS_ACCESS_KEY_ID");
	CHECK_STR(floe_model_secret_at(e.m, 3)->env, "R2_CREDENTIALS_SECRET_ACCESS_KEY");
	/* environment: plain variables sorted, then the secrets */
	size_t n = floe_model_env_count(e.m);
	bool secrets = false;
	for (size_t i = 0; i < n; i++) {
		const floe_menv *v = floe_model_env_at(e.m, i);
		if (i && !!floe_model_env_at(e.m, i - 1)->secret == !!v->secret)
			CHECK(strcmp(floe_model_env_at(e.m, i - 1)->name, v->name) < 0);
		CHECK(!secrets || v->secret);
		secrets = secrets || v->secret;
		CHECK(v->secret ? v->value == NULL : v->value != NULL);
	}
	CHECK_STR(floe_model_env_at(e.m, 0)->name, "DBT_PROFILES_DIR");
	CHECK_STR(floe_model_env_at(e.m, 0)->value, ".floe/prod");
	/* requirements: extensions, spatial and h3 first (explicit) */
	const char *exts[8];
	size_t ne = 0;
	for (size_t i = 0; i < floe_model_req_count(e.m); i++) {
		const floe_mreq *r = floe_model_req_at(e.m, i);
		if (r->kind == FLOE_REQ_EXTENSION && ne < 8)
			exts[ne++] = r->name;
		if (r->kind == FLOE_REQ_EXTENSION && strcmp(r->name, "h3") == 0)
			CHECK_STR(r->detail, "community");
	}
	CHECK_INT(ne, 6);
	CHECK(ne == 6 && !strcmp(exts[0], "spatial") && !strcmp(exts[1], "h3") &&
	      !strcmp(exts[2], "httpfs") && !strcmp(exts[3], "ducklake") &&
	      !strcmp(exts[4], "postgres") && !strcmp(exts[5], "motherduck"));
	close_env(&e);
}

static void test_model__local_requirements(void)
{
	struct env e;
	open_env(&e, "examples/floe-platform", "local", false);
	CHECK_INT(e.rc, 0);
	CHECK_INT(floe_model_secret_count(e.m), 0);
	bool lake = false, plat = false, dbt = false;
	for (size_t i = 0; i < floe_model_req_count(e.m); i++) {
		const floe_mreq *r = floe_model_req_at(e.m, i);
		CHECK(r->kind != FLOE_REQ_EXTENSION && r->kind != FLOE_REQ_SECRET);
		if (r->kind != FLOE_REQ_FILE)
			continue;
		lake |= !strcmp(r->name, "./warehouse/lake.duckdb") && !strcmp(r->detail, "write");
		plat |= !strcmp(r->name, "platform/local/platform.yaml");
		dbt |= !strcmp(r->name, "./dbt/dbt_project.yml");
	}
	CHECK(lake && plat && dbt);
	close_env(&e);
}

/* ---- pointers and uses ---- */

static void walk_pointers(struct env *e, const floe_mval *v, size_t *n)
{
	const char *p = floe_mval_pointer(e->m, v);
	CHECK(floe_model_get(e->m, p) == v);
	(*n)++;
	for (size_t i = 0; (v->kind == FLOE_MV_MAP || v->kind == FLOE_MV_SEQ) &&
			   i < v->len; i++) {
		CHECK(v->items[i]->parent == v);
		walk_pointers(e, v->items[i], n);
	}
}

static void test_model__every_pointer_resolves(void)
{
	static const char *const envs[][2] = {
		{ "examples/floe-platform", "prod" }, { "examples/ice-melt", "prod" },
		{ "examples/weather", "azure" },
	};
	for (size_t i = 0; i < FLOE_ARRAY_SIZE(envs); i++) {
		struct env e;
		size_t n = 0;
		open_env(&e, envs[i][0], envs[i][1], false);
		CHECK_INT(e.rc, 0);
		walk_pointers(&e, floe_model_root(e.m), &n);
		CHECK(n > 30);
		close_env(&e);
	}
}

/* The line `line` of an output. */
static char *out_line(const struct env *e, const char *file, uint32_t line)
{
	const floe_output *o = floe_compile_output(e->r, file);
	const char *s = o ? o->data : "";
	for (uint32_t n = 1; n < line && s; n++) {
		s = strchr(s, '\n');
		s = s ? s + 1 : NULL;
	}
	return s ? floe_xstrndup(s, strcspn(s, "\n")) : floe_xstrdup("");
}

/* Lines of `file` that use `path` must hold `text`; returns how many. */
static size_t uses_hold(const struct env *e, const char *path, const char *file,
			const char *text)
{
	const floe_mval *v = floe_model_get(e->m, path);
	size_t n = 0;
	for (size_t i = 0; i < floe_model_use_count(e->m); i++) {
		const floe_muse *u = floe_model_use_at(e->m, i);
		if (u->value != v || strcmp(u->file, file) != 0)
			continue;
		char *l = out_line(e, file, u->line);
		if (!strstr(l, text))
			fprintf(stderr, "%s:%u uses %s but reads: %s\n", file, u->line, path, l);
		CHECK(strstr(l, text) != NULL);
		free(l);
		n++;
	}
	return n;
}

static void test_model__uses_point_at_generated_lines(void)
{
	struct env e;
	open_env(&e, "examples/floe-platform", "dev", true);
	CHECK_INT(e.rc, 0);
	const char *uri = "/catalogs/default/uri";
	CHECK_INT(uses_hold(&e, uri, "attach.sql",
			    "ENDPOINT 'http://polaris:8181/api/catalog'"), 1);
	CHECK_INT(uses_hold(&e, uri, "profiles.yml",
			    "endpoint: http://polaris:8181/api/catalog"), 1);
	CHECK_INT(uses_hold(&e, uri, "manifest.json",
			    "\"uri\": \"http://polaris:8181/api/catalog\""), 1);
	const char *th = "/compute/default/properties/threads";
	CHECK_INT(uses_hold(&e, th, "attach.sql", "SET threads = 4;"), 1);
	CHECK_INT(uses_hold(&e, th, "container.env", "DUCKDB_THREADS=4"), 1);
	CHECK(uses_hold(&e, th, "k8s-env.yaml", "") == 2);
	const char *sec = "/catalogs/default/credentials/client_secret";
	/* CREATE SECRET's option and RESET VARIABLE */
	CHECK_INT(uses_hold(&e, sec, "attach.sql", "POLARIS_CLIENT_SECRET"), 2);
	CHECK_INT(uses_hold(&e, sec, "profiles.yml",
			    "client_secret: \"{{ env_var('POLARIS_CLIENT_SECRET') }}\""), 1);
	/* the reverse question: which values does a generated line use? */
	const floe_output *a = floe_compile_output(e.r, "attach.sql");
	uint32_t want = 0, n = 1;
	for (const char *s = a->data; s && *s; n++) {
		if (strncmp(s, "    REGION 'us-east-1'", 22) == 0)
			want = n;
		s = strchr(s, '\n');
		s = s ? s + 1 : NULL;
	}
	const floe_mval *found = NULL;
	for (size_t i = 0; i < floe_model_use_count(e.m); i++) {
		const floe_muse *u = floe_model_use_at(e.m, i);
		if (!strcmp(u->file, "attach.sql") && u->line == want)
			found = u->value;
	}
	CHECK(found == floe_model_get(e.m, "/storage/default/region"));
	CHECK(floe_mval_within(found, floe_model_get(e.m, "/storage")));
	close_env(&e);
}

/* ---- sizing diagnostics ---- */

static char tmproot[] = "/tmp/floe-test-model-XXXXXX";

static const char *project(const char *name, const char *plat)
{
	static char dir[512];
	char path[700];
	snprintf(dir, sizeof(dir), "%s/%s", tmproot, name);
	mkdir(dir, 0755);
	snprintf(path, sizeof(path), "%s/platform", dir);
	mkdir(path, 0755);
	snprintf(path, sizeof(path), "%s/platform/e", dir);
	mkdir(path, 0755);
	snprintf(path, sizeof(path), "%s/floe.yaml", dir);
	FILE *f = fopen(path, "w");
	fputs("name: sizing\nversion: \"1\"\n", f);
	fclose(f);
	snprintf(path, sizeof(path), "%s/platform/e/platform.yaml", dir);
	f = fopen(path, "w");
	fputs(plat, f);
	fclose(f);
	return dir;
}

static void sized(struct env *e, const char *name, const char *props,
		  const char *cpu, const char *mem, const char *env)
{
	floe_buf b = FLOE_BUF_INIT;
	floe_buf_printf(&b,
		"storage: {default: {type: local, path: ./data}}\n"
		"catalogs: {default: {type: duckdb, path: ./lake.duckdb}}\n"
		"compute:\n  default:\n    type: duckdb\n    resource_profile: rp\n"
		"    properties: {%s}\n"
		"infrastructure:\n  resource_profiles:\n    rp:\n"
		"      requests: {cpu: \"1\", memory: 1Gi}\n"
		"      limits: {cpu: \"%s\", memory: %s}\n"
		"      env: {%s}\n", props, cpu, mem, env);
	open_env(e, project(name, b.ptr), "e", false);
	floe_buf_release(&b);
}

static void test_model__sizing_diagnostics(void)
{
	struct env e;
	sized(&e, "over", "memory_limit: 8GB", "2", "4Gi", "");
	CHECK_INT(e.rc, FLOE_EINVALID);
	CHECK(has_code(e.d, "compile/memory-over-limit", FLOE_SEV_ERROR));
	const floe_diag *g = floe_diags_at(e.d, 0);
	CHECK(g && g->span.line == 7 && g->notes && g->notes->span.line == 12);
	close_env(&e);

	sized(&e, "threads", "threads: 16", "2500m", "4Gi", "");
	CHECK_INT(e.rc, 0);
	CHECK(has_code(e.d, "compile/threads-over-limit", FLOE_SEV_WARNING));
	close_env(&e);

	sized(&e, "unit", "memory_limit: \"1000\"", "2", "4Gi", "");
	CHECK(has_code(e.d, "compile/bad-memory-limit", FLOE_SEV_ERROR));
	close_env(&e);

	/* the resource profile's env wins over what floe derives */
	sized(&e, "env", "", "500m", "4Gi",
	      "DUCKDB_MEMORY_LIMIT: 3GB, DUCKDB_THREADS: \"3\"");
	CHECK_INT(e.rc, 0);
	const floe_mval *mem = floe_model_get(e.m, "/compute/default/properties/memory_limit");
	CHECK_STR(floe_mval_str(mem), "3GB");
	CHECK_INT(mem->origin.kind, FLOE_ORIGIN_EXPLICIT);
	CHECK(shadow_with(mem, FLOE_ORIGIN_DERIVED) != NULL);
	CHECK_INT(floe_model_get(e.m, "/compute/default/properties/threads")->v.i, 3);
	close_env(&e);

	/* half a CPU still gets a thread */
	sized(&e, "half", "", "500m", "4Gi", "");
	CHECK_INT(floe_model_get(e.m, "/compute/default/properties/threads")->v.i, 1);
	close_env(&e);
}

/* ---- the schema's defaults ---- */

static void test_model__schema_defaults_match(void)
{
	static const char *const want[][2] = {
		{ "/definitions/StorageProfile/properties/type/default", "s3" },
		{ "/definitions/StorageProfile/properties/region/default", "us-east-1" },
		{ "/definitions/StorageProfile/properties/path_style_access/default", "false" },
		{ "/definitions/StorageProfile/properties/jurisdiction/default", "default" },
		{ "/definitions/CatalogProfile/properties/type/default", "polaris" },
		{ "/definitions/CatalogProfile/properties/namespace/default", "default" },
		{ "/definitions/CatalogProfile/properties/access_delegation/default", "none" },
		{ "/definitions/DuckLakeMetadata/properties/port/default", "5432" },
		{ "/definitions/ComputeProfile/properties/type/default", "duckdb" },
		{ "/definitions/DuckdbProperties/properties/path/default", ":memory:" },
		{ "/definitions/DuckdbProperties/properties/threads/default", "4" },
		{ "/definitions/DuckdbProperties/properties/memory_fraction/default", "0.67" },
		{ "/definitions/DuckdbProperties/properties/duckdb_version/default", "1.5" },
		{ "/definitions/MotherduckProperties/properties/saas_mode/default", "false" },
		{ "/definitions/MotherduckProperties/properties/duckdb_version/default", "1.5" },
		{ "/definitions/Layer/properties/catalog_ref/default", "default" },
		{ "/definitions/Credentials/properties/mode/default", "static" },
		{ "/definitions/Observability/properties/traces/default", "true" },
		{ "/definitions/Observability/properties/metrics/default", "true" },
		{ "/definitions/Observability/properties/lineage/default", "true" },
	};
	size_t len;
	const char *text = floe_embedded_get("schemas/platform.schema.json", &len);
	floe_doc *doc = NULL;
	floe_diags *d = floe_diags_new(0);
	CHECK(text != NULL);
	CHECK_INT(floe_load_json(&doc, d, "platform.schema.json", text, len, NULL), 0);
	for (size_t i = 0; doc && i < FLOE_ARRAY_SIZE(want); i++) {
		const floe_node *n = floe_node_at(doc->root, want[i][0]);
		CHECK(n != NULL);
		if (n && strcmp(n->text ? n->text : "", want[i][1]) != 0)
			fprintf(stderr, "%s is %s, the model uses %s\n", want[i][0],
				n->text, want[i][1]);
		CHECK(n && n->text && strcmp(n->text, want[i][1]) == 0);
	}
	floe_doc_free(doc);
	floe_diags_free(d);
}

static void remove_tree(const char *dir)
{
	char cmd[600];
	snprintf(cmd, sizeof(cmd), "rm -rf '%s'", dir);
	if (system(cmd) != 0)
		fprintf(stderr, "cannot remove %s\n", dir);
}

int main(void)
{
	if (!mkdtemp(tmproot))
		return 1;
	RUN(test_model__explicit_values_keep_their_span);
	RUN(test_model__defaults_say_which);
	RUN(test_model__sizing_is_derived_and_shadowed);
	RUN(test_model__platform_overrides_floe_yaml);
	RUN(test_model__derived_catalog_values);
	RUN(test_model__secrets_env_requirements);
	RUN(test_model__local_requirements);
	RUN(test_model__every_pointer_resolves);
	RUN(test_model__uses_point_at_generated_lines);
	RUN(test_model__sizing_diagnostics);
	RUN(test_model__schema_defaults_match);
	remove_tree(tmproot);
	return unit_done("model");
}
