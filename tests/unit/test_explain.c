/*
 * test_explain.c: explain and diff.  Explain by dotted path, JSON pointer
 * and manifest.json's prefix; origins, shadows, derivations and uses;
 * reverse lookup from a generated line; did-you-mean for bad paths; the
 * JSON is valid.  Diff: sorted, environment names not compared, secrets
 * by reference and by keyed fingerprint, no value ever in the output, the
 * prod-equals-dev warning, the key (variable, file made 0600), and the
 * names that count as production.
 */
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>
#include <unistd.h>
#include <jansson.h>
#include "unit.h"
#include "floe/compile.h"
#include "floe/explain.h"
#include "floe/model.h"
#include "util/util.h"

struct env {
	floe_diags *d;
	floe_project *p;
	floe_compile_result *r;
	floe_model *m;   /* built without compiling (diff) */
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
	if (compile)
		e->rc = floe_compile(&e->r, e->d, e->p, 0, NULL);
	else
		e->rc = floe_model_build(&e->m, e->d, e->p, 0, NULL);
}

static void close_env(struct env *e)
{
	floe_compile_free(e->r);
	floe_model_free(e->m);
	floe_project_free(e->p);
	floe_diags_free(e->d);
}

/* Explain `q` in `e`; the text (free it) or NULL, and the return code. */
static char *explain(struct env *e, const char *q, floe_format fmt, int *rc)
{
	floe_buf b = FLOE_BUF_INIT;
	*rc = floe_explain_render(&b, e->d, e->r, q, fmt);
	return b.len ? floe_buf_detach(&b) : NULL;
}

static bool has(const char *s, const char *needle)
{
	return s && strstr(s, needle);
}

static bool has_code(floe_diags *d, const char *code)
{
	for (size_t i = 0; i < floe_diags_count(d); i++)
		if (strcmp(floe_diags_at(d, i)->code, code) == 0)
			return true;
	return false;
}

static bool note_has(floe_diags *d, const char *needle)
{
	for (size_t i = 0; i < floe_diags_count(d); i++)
		for (const floe_note *n = floe_diags_at(d, i)->notes; n; n = n->next)
			if (strstr(n->msg, needle))
				return true;
	return false;
}

/* ---- explain ---- */

static void test_explain__explicit_value(void)
{
	struct env e;
	int rc;
	open_env(&e, "examples/floe-platform", "prod", true);
	CHECK_INT(e.rc, 0);
	char *t = explain(&e, "catalogs.default.uri", FLOE_FMT_TEXT, &rc);
	CHECK_INT(rc, 0);
	CHECK(has(t, "/catalogs/default/uri in environment 'prod'"));
	CHECK(has(t, "explicit, examples/floe-platform/platform/prod/platform.yaml:42:10"));
	CHECK(has(t, "    uri: https://polaris.data.acme.example/api/catalog\n"));
	CHECK(has(t, "|          ^~~~"));
	CHECK(has(t, "attach.sql:67: ENDPOINT 'https://polaris.data.acme.example/api/catalog',"));
	/* the same value three ways */
	char *p = explain(&e, "/catalogs/default/uri", FLOE_FMT_TEXT, &rc);
	char *q = explain(&e, "/resolved/catalogs/default/uri", FLOE_FMT_TEXT, &rc);
	CHECK(t && p && q && strcmp(t, p) == 0 && strcmp(t, q) == 0);
	free(t);
	free(p);
	free(q);
	close_env(&e);
}

static void test_explain__derived_and_shadowed(void)
{
	struct env e;
	int rc;
	open_env(&e, "examples/floe-platform", "prod", true);
	char *t = explain(&e, "compute.default.properties.memory_limit", FLOE_FMT_TEXT, &rc);
	CHECK(has(t, "origin: derived: 67% of the memory limit '24Gi'"));
	CHECK(has(t, "from /infrastructure/resource_profiles/transform/limits/memory = '24Gi' (explicit"));
	CHECK(has(t, "attach.sql:6: SET memory_limit = '16465MiB';"));
	free(t);
	/* the explicit 8 threads shadow the derived 8 and the default 4 */
	t = explain(&e, "compute.default.properties.threads", FLOE_FMT_TEXT, &rc);
	CHECK(has(t, "shadowed 2 candidates:"));
	CHECK(has(t, "8: lost, the compute property wins"));
	CHECK(has(t, "derived: the CPU limit '8' of resource profile 'transform'"));
	CHECK(has(t, "4: lost, "));
	free(t);
	/* a default */
	t = explain(&e, "storage.default.path_style_access", FLOE_FMT_TEXT, &rc);
	CHECK(has(t, "origin: default, schema default"));
	free(t);
	close_env(&e);
}

static void test_explain__secret_by_reference(void)
{
	struct env e;
	int rc;
	open_env(&e, "examples/floe-platform", "dev", true);
	char *t = explain(&e, "catalogs.default.credentials.client_secret", FLOE_FMT_TEXT, &rc);
	CHECK(has(t, "value: secret_ref polaris-client-secret (a secret"));
	CHECK(has(t, "secret: polaris-client-secret: variable POLARIS_CLIENT_SECRET, Kubernetes"));
	CHECK(has(t, "attach.sql:"));
	free(t);
	/* floe-runtime's credentials form names a key pair */
	t = explain(&e, "storage.default.credentials.secret_ref", FLOE_FMT_TEXT, &rc);
	CHECK(has(t, "secret: aws-credentials key access_key_id"));
	CHECK(has(t, "secret: aws-credentials key secret_access_key"));
	free(t);
	close_env(&e);
}

static void test_explain__map_lists_members(void)
{
	struct env e;
	int rc;
	open_env(&e, "examples/floe-platform", "prod", true);
	char *t = explain(&e, "/catalogs/default", FLOE_FMT_TEXT, &rc);
	CHECK(has(t, "value: mapping of 8"));
	CHECK(has(t, "members (8):"));
	CHECK(has(t, "    credentials         mapping of 5"));
	/* a multi-line mapping is shown at its key */
	CHECK(has(t, "platform/prod/platform.yaml:40:3"));
	CHECK(has(t, "more generated lines use its members"));
	free(t);
	t = explain(&e, "", FLOE_FMT_TEXT, &rc);
	CHECK(has(t, "/ (the root) in environment 'prod'"));
	free(t);
	close_env(&e);
}

static void test_explain__json_is_valid(void)
{
	struct env e;
	int rc;
	json_error_t err;
	open_env(&e, "examples/floe-platform", "prod", true);
	const char *qs[] = { "compute.default.properties.memory_limit", "/catalogs/default",
			     "attach.sql:67", "", "catalogs.default.credentials.client_id" };
	for (size_t i = 0; i < FLOE_ARRAY_SIZE(qs); i++) {
		char *t = explain(&e, qs[i], FLOE_FMT_JSON, &rc);
		json_t *j = t ? json_loads(t, 0, &err) : NULL;
		CHECK(j != NULL);
		CHECK(json_integer_value(json_object_get(j, "explain_version")) == 1);
		json_decref(j);
		free(t);
	}
	char *t = explain(&e, "compute.default.properties.memory_fraction", FLOE_FMT_JSON, &rc);
	CHECK(has(t, "\"value\": 0.67,"));   /* as the model spells it */
	free(t);
	t = explain(&e, "x", FLOE_FMT_SARIF, &rc);
	CHECK_INT(rc, FLOE_EUSAGE);
	free(t);
	close_env(&e);
}

static void test_explain__reverse_lookup(void)
{
	struct env e;
	int rc;
	open_env(&e, "examples/floe-platform", "prod", true);
	char *t = explain(&e, "attach.sql:67", FLOE_FMT_TEXT, &rc);
	CHECK_INT(rc, 0);
	CHECK(has(t, "uses 1 value:\n    /catalogs/default/uri = "));
	free(t);
	t = explain(&e, ".floe/prod/attach.sql:6", FLOE_FMT_TEXT, &rc);
	CHECK(has(t, "/compute/default/properties/memory_limit = '16465MiB'"));
	free(t);
	t = explain(&e, "attach.sql:1", FLOE_FMT_TEXT, &rc);
	CHECK(has(t, "uses no value of the model"));
	free(t);
	t = explain(&e, "attach.sql:9999", FLOE_FMT_TEXT, &rc);
	CHECK_INT(rc, FLOE_ENOTFOUND);
	CHECK(t == NULL && has_code(e.d, "explain/no-such-line"));
	t = explain(&e, "atach.sql:3", FLOE_FMT_TEXT, &rc);
	CHECK(t == NULL && has_code(e.d, "explain/unknown-output"));
	CHECK(note_has(e.d, "did you mean 'attach.sql'?"));
	close_env(&e);
}

static void test_explain__bad_path_suggests(void)
{
	static const struct { const char *q, *want; } cases[] = {
		{ "catalogs.default.uir", "did you mean 'catalogs.default.uri'?" },
		{ "catalog.default.uri", "did you mean 'catalogs.default.uri'?" },
		{ "/catalogs/defualt/uri", "did you mean '/catalogs/default/uri'?" },
		{ "name", "did you mean 'project.name'?" },
		{ "observability.attributes.service.nam",
		  "did you mean 'observability.attributes.service.name'?" },
		{ "transforms.7", "'/transforms' is a sequence of 1 item" },
		{ "catalogs.default.uri.x", "'/catalogs/default/uri' is a string" },
	};
	for (size_t i = 0; i < FLOE_ARRAY_SIZE(cases); i++) {
		struct env e;
		int rc;
		open_env(&e, "examples/floe-platform", "prod", true);
		char *t = explain(&e, cases[i].q, FLOE_FMT_TEXT, &rc);
		CHECK_INT(rc, FLOE_ENOTFOUND);
		CHECK(t == NULL && has_code(e.d, "explain/unknown-path"));
		if (!note_has(e.d, cases[i].want))
			fprintf(stderr, "  query '%s': no note '%s'\n", cases[i].q, cases[i].want);
		CHECK(note_has(e.d, cases[i].want));
		close_env(&e);
	}
}

/* ---- diff ---- */

static void test_diff__key_by_key(void)
{
	struct env a, b;
	floe_diff *df = NULL;
	open_env(&a, "examples/floe-platform", "dev", false);
	open_env(&b, "examples/floe-platform", "prod", false);
	CHECK_INT(floe_diff_new(&df, a.d, a.m, b.m, NULL, NULL), 0);
	CHECK(floe_diff_count(df) > 20);
	bool uri = false, ext = false, env = false, mem = false;
	for (size_t i = 0; i < floe_diff_count(df); i++) {
		const floe_diff_entry *x = floe_diff_at(df, i);
		uri |= strcmp(x->pointer, "/catalogs/default/uri") == 0 &&
		       x->change == FLOE_DIFF_CHANGED;
		ext |= strcmp(x->pointer, "/compute/default/properties/extensions/3") == 0 &&
		       x->change == FLOE_DIFF_ADDED && !x->a;
		env |= strcmp(x->pointer, "/environment") == 0;
		mem |= strcmp(x->pointer, "/compute/default/properties/memory_limit") == 0 &&
		       x->b->origin.kind == FLOE_ORIGIN_DERIVED;
	}
	CHECK(uri && ext && mem && !env);
	floe_buf t = FLOE_BUF_INIT;
	CHECK_INT(floe_diff_render(&t, df, FLOE_FMT_TEXT), 0);
	CHECK(has(t.ptr, "~ /compute/default/properties/memory_limit\n    dev:  '6GB' (explicit"));
	CHECK(has(t.ptr, "    prod: '16465MiB' (derived: 67% of the memory limit"));
	CHECK(has(t.ptr, "28 changed, 15 added, 4 removed"));
	floe_buf_release(&t);
	floe_diff_free(df);
	/* an environment against itself */
	CHECK_INT(floe_diff_new(&df, a.d, a.m, a.m, NULL, NULL), 0);
	CHECK_INT(floe_diff_count(df), 0);
	floe_diff_free(df);
	close_env(&a);
	close_env(&b);
}

static void test_diff__sorted_by_pointer(void)
{
	struct env a, b;
	floe_diff *df = NULL;
	open_env(&a, "examples/floe-platform", "local", false);
	open_env(&b, "examples/floe-platform", "prod", false);
	CHECK_INT(floe_diff_new(&df, a.d, a.m, b.m, NULL, NULL), 0);
	const char *prev = "";
	for (size_t i = 0; i < floe_diff_count(df); i++) {
		const char *p = floe_diff_at(df, i)->pointer;
		/* "/x/10" after "/x/9": indices compare as numbers */
		CHECK(strcmp(prev, p) != 0);
		prev = p;
	}
	json_error_t err;
	floe_buf t = FLOE_BUF_INIT;
	floe_diff_render(&t, df, FLOE_FMT_JSON);
	json_t *j = json_loads(floe_buf_cstr(&t), 0, &err);
	CHECK(j && json_array_size(json_object_get(j, "differences")) == floe_diff_count(df));
	json_decref(j);
	floe_buf_release(&t);
	floe_diff_free(df);
	close_env(&a);
	close_env(&b);
}

static const char *fake_env(const char *name)
{
	/* both environments' secrets: the production access key id is the
	 * development one; every value holds a marker that must not leak */
	static const struct { const char *k, *v; } vars[] = {
		{ "R2_DEVELOPMENT_CREDENTIALS_ACCESS_KEY_ID", "LEAK-same-id" },
		{ "R2_DEVELOPMENT_CREDENTIALS_SECRET_ACCESS_KEY", "LEAK-dev-key" },
		{ "R2_DEVELOPMENT_CATALOG_TOKEN", "LEAK-dev-token" },
		{ "R2_PRODUCTION_CREDENTIALS_ACCESS_KEY_ID", "LEAK-same-id" },
		{ "R2_PRODUCTION_CREDENTIALS_SECRET_ACCESS_KEY", "LEAK-prod-key" },
		{ "R2_PRODUCTION_CATALOG_TOKEN", "LEAK-prod-token" },
		{ "FLOE_SECRETS_DIR", "/nonexistent-floe-secrets" },
	};
	for (size_t i = 0; i < FLOE_ARRAY_SIZE(vars); i++)
		if (strcmp(vars[i].k, name) == 0)
			return vars[i].v;
	return NULL;
}

static const char *no_env(const char *name)
{
	return strcmp(name, "FLOE_SECRETS_DIR") == 0 ? "/nonexistent-floe-secrets" : NULL;
}

static void test_diff__fingerprints(void)
{
	static const unsigned char key[32] = { 1, 2, 3 };
	struct env a, b;
	floe_diff *df = NULL;
	floe_buf report = FLOE_BUF_INIT, t = FLOE_BUF_INIT;
	floe_diff_opts o = { key, sizeof(key), fake_env };

	open_env(&a, "examples/cloudflare-analytics", "development", false);
	open_env(&b, "examples/cloudflare-analytics", "production", false);
	CHECK_INT(floe_diff_new(&df, a.d, a.m, b.m, &o, &report), 0);
	CHECK(has_code(a.d, "diff/prod-equals-dev"));
	CHECK_INT(floe_diags_count(a.d), 1);
	CHECK(floe_diags_count(a.d) && has(floe_diags_at(a.d, 0)->msg,
		"secret 'r2-production-credentials' key 'access_key_id' of environment 'production'"));
	floe_diff_render(&t, df, FLOE_FMT_TEXT);
	floe_diff_render(&t, df, FLOE_FMT_JSON);
	CHECK(has(t.ptr, "[access_key_id fingerprint "));
	CHECK(has(t.ptr, "\"code\": \"diff/prod-equals-dev\""));
	CHECK(!has(t.ptr, "LEAK"));
	floe_diff_free(df);
	floe_buf_release(&t);

	/* nothing set: exit-3 material, every reference of both reported */
	o.getenv = no_env;
	CHECK_INT(floe_diff_new(&df, a.d, a.m, b.m, &o, &report), FLOE_ESECRET);
	CHECK(df == NULL);
	CHECK(has(report.ptr, "environment 'development': secret 'r2-development-catalog-token' not found"));
	CHECK(has(report.ptr, "environment 'production': secret"));
	floe_buf_release(&report);
	close_env(&a);
	close_env(&b);
}

static const char *hex_key(const char *name)
{
	if (strcmp(name, "FLOE_DIFF_KEY") == 0)
		return "00112233445566778899aabbccddeeff";
	return NULL;
}

static const char *bad_key(const char *name)
{
	return strcmp(name, "FLOE_DIFF_KEY") == 0 ? "not-hex-at-all-not-hex-at-all-00" : NULL;
}

static const char *none(const char *name)
{
	return NULL;
}

static void test_diff__key(void)
{
	unsigned char *k = NULL, *k2 = NULL;
	size_t n = 0, n2 = 0;
	bool made = false;
	char dir[] = "/tmp/floe-explain-XXXXXX";
	struct stat st;

	CHECK_INT(floe_diff_key_load(&k, &n, &made, ".", hex_key), 0);
	CHECK(n == 16 && k && k[1] == 0x11 && !made);
	floe_diff_key_free(k, n);
	CHECK_INT(floe_diff_key_load(&k, &n, &made, ".", bad_key), FLOE_ESECRET);
	CHECK(k == NULL && !has(floe_error_last(), "not-hex"));

	CHECK(mkdtemp(dir) != NULL);
	CHECK_INT(floe_diff_key_load(&k, &n, &made, dir, none), 0);
	CHECK(made && n == 32);
	char *path = floe_xmalloc(strlen(dir) + 32);
	snprintf(path, strlen(dir) + 32, "%s/diff.key", dir);  /* dir: the state directory */
	CHECK(stat(path, &st) == 0 && (st.st_mode & 0777) == 0600);
	CHECK_INT(floe_diff_key_load(&k2, &n2, &made, dir, none), 0);
	CHECK(!made && n2 == n && k && k2 && memcmp(k, k2, n) == 0);
	floe_diff_key_free(k, n);
	floe_diff_key_free(k2, n2);
	chmod(path, 0644);
	CHECK_INT(floe_diff_key_load(&k, &n, &made, dir, none), FLOE_ESECRET);
	CHECK(has(floe_error_last(), "chmod 600"));
	unlink(path);
	rmdir(dir);
	free(path);
}

static void test_diff__production_names(void)
{
	CHECK(floe_env_is_production("prod"));
	CHECK(floe_env_is_production("Production"));
	CHECK(floe_env_is_production("prod-eu"));
	CHECK(floe_env_is_production("eu_prod"));
	CHECK(!floe_env_is_production("producer"));
	CHECK(floe_env_is_development("dev"));
	CHECK(floe_env_is_development("local"));
	CHECK(floe_env_is_development("staging"));
	CHECK(floe_env_is_development("dev-alice"));
	CHECK(!floe_env_is_development("prod-test"));
	CHECK(!floe_env_is_development("devops"));
	CHECK(!floe_env_is_production("s3") && !floe_env_is_development("s3"));
}

int main(void)
{
	RUN(test_explain__explicit_value);
	RUN(test_explain__derived_and_shadowed);
	RUN(test_explain__secret_by_reference);
	RUN(test_explain__map_lists_members);
	RUN(test_explain__json_is_valid);
	RUN(test_explain__reverse_lookup);
	RUN(test_explain__bad_path_suggests);
	RUN(test_diff__key_by_key);
	RUN(test_diff__sorted_by_pointer);
	RUN(test_diff__fingerprints);
	RUN(test_diff__key);
	RUN(test_diff__production_names);
	return unit_done("explain");
}
