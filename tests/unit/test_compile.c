/*
 * test_compile.c: floe_compile over every environment of every example and
 * over hostile projects.  Each attach.sql is parsed by DuckDB's parser
 * (floe_runtime__sql_check), and each option and setting it names is checked
 * against the option lists of the DuckDB version the manifest records,
 * by a scanner of its own; every YAML and JSON output parses; outputs are
 * byte-identical from one compile to the next; planted secret values
 * appear nowhere; hostile values come back unchanged from each output.
 * Only this test loads DuckDB: floe_compile never does.
 */
#include <dirent.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>
#include <unistd.h>
#include "floe/load.h"
#include "unit.h"
#include "emit/duckdb_options.h"
#include "emit/escape.h"
#include "floe/compile.h"
#include "runtime/duckdb.h"
#include "util/util.h"

static bool have_duckdb;

/* ---- loading and compiling ---- */

struct build {
	floe_diags *d;
	floe_project *p;
	floe_compile_result *r;
	int rc;
};

static void build(struct build *b, const char *dir, const char *env)
{
	floe_project_opts po = { .dir = dir, .env = env };
	memset(b, 0, sizeof(*b));
	b->d = floe_diags_new(0);
	b->rc = floe_project_load(&b->p, b->d, &po);
	if (b->rc == 0)
		b->rc = floe_compile(&b->r, b->d, b->p, 0, NULL);
}

static void unbuild(struct build *b)
{
	floe_compile_free(b->r);
	floe_project_free(b->p);
	floe_diags_free(b->d);
}

static void print_diags(floe_diags *d)
{
	floe_buf out = FLOE_BUF_INIT;
	floe_render_opts o = { .format = FLOE_FMT_TEXT };
	floe_diag_render(&out, d, &o);
	fprintf(stderr, "%s", floe_buf_cstr(&out));
	floe_buf_release(&out);
}

static const char *output(const struct build *b, const char *name)
{
	const floe_output *o = b->r ? floe_compile_output(b->r, name) : NULL;
	return o ? o->data : NULL;
}

static bool has_code(floe_diags *d, const char *code)
{
	for (size_t i = 0; i < floe_diags_count(d); i++)
		if (strcmp(floe_diags_at(d, i)->code, code) == 0)
			return true;
	return false;
}

/* ---- attach.sql: statements and options, read independently ---- */

/* Length of a quoted token at s (' or "), doubled quotes included. */
static size_t quoted(const char *s)
{
	char q = s[0];
	size_t i = 1;
	for (; s[i]; i++)
		if (s[i] == q) {
			if (s[i + 1] != q)
				return i + 1;
			i++;
		}
	return i;
}

/* Split at top-level `sep` (outside quotes, (), [] and {}), comments gone. */
static size_t split(const char *s, size_t len, char sep, char **out, size_t max)
{
	size_t n = 0, start = 0;
	int depth = 0;
	for (size_t i = 0; i <= len && n < max; i++) {
		if (i < len && (s[i] == '\'' || s[i] == '"')) {
			i += quoted(s + i) - 1;
			continue;
		}
		if (i < len && s[i] == '-' && s[i + 1] == '-') {
			while (i < len && s[i] != '\n')
				i++;
			continue;
		}
		if (i < len && strchr("([{", s[i]))
			depth++;
		if (i < len && strchr(")]}", s[i]))
			depth--;
		if (i == len || (s[i] == sep && depth == 0)) {
			size_t a = start, e = i;
			while (a < e && strchr(" \t\n", s[a]))
				a++;
			while (e > a && strchr(" \t\n", s[e - 1]))
				e--;
			/* drop comment lines at the start */
			while (a < e && s[a] == '-' && s[a + 1] == '-') {
				while (a < e && s[a] != '\n')
					a++;
				while (a < e && strchr(" \t\n", s[a]))
					a++;
			}
			if (e > a)
				out[n++] = floe_xstrndup(s + a, e - a);
			start = i + 1;
		}
	}
	return n;
}

static floe_duckdb_kind secret_kind(const char *type)
{
	static const struct { const char *t; floe_duckdb_kind k; } kinds[] = {
		{ "S3", FLOE_DUCKDB_SECRET_S3 }, { "R2", FLOE_DUCKDB_SECRET_R2 },
		{ "GCS", FLOE_DUCKDB_SECRET_GCS }, { "AZURE", FLOE_DUCKDB_SECRET_AZURE },
		{ "ICEBERG", FLOE_DUCKDB_SECRET_ICEBERG },
		{ "POSTGRES", FLOE_DUCKDB_SECRET_POSTGRES },
		{ "HTTP", FLOE_DUCKDB_SECRET_HTTP }, { "DUCKLAKE", FLOE_DUCKDB_SECRET_DUCKLAKE },
	};
	for (size_t i = 0; i < FLOE_ARRAY_SIZE(kinds); i++)
		if (strcmp(kinds[i].t, type) == 0)
			return kinds[i].k;
	return FLOE_DUCKDB_NKIND;
}

/* The word at s (an identifier, or a quoted literal unquoted). */
static char *word(const char *s)
{
	while (*s == ' ')
		s++;
	if (*s == '\'') {
		size_t n = quoted(s);
		return floe_xstrndup(s + 1, n >= 2 ? n - 2 : 0);
	}
	return floe_xstrndup(s, strcspn(s, " ,()\n"));
}

static int check_options(floe_duckdb_ver v, floe_duckdb_kind kind,
			 const char *list, const char *where)
{
	char *opts[64];
	size_t n = split(list, strlen(list), ',', opts, 64);
	const char *provider = NULL;
	int bad = 0;
	char *prov = NULL;
	for (size_t i = 0; i < n; i++)
		if (strncmp(opts[i], "PROVIDER ", 9) == 0)
			provider = prov = word(opts[i] + 9);
	for (size_t i = 0; i < n; i++) {
		char *name = word(opts[i]);
		const char *rest = opts[i] + strlen(name);
		char *val = *rest ? word(rest) : NULL;
		if (!floe_emit__duckdb_option_ok(v, kind, provider, name)) {
			fprintf(stderr, "%s: option %s not accepted by %s on duckdb %s\n",
				where, name, floe_emit__duckdb_kind_name(kind),
				floe_emit__duckdb_ver_name(v));
			bad++;
		} else if (val && rest[strspn(rest, " ")] == '\'' &&
			   !floe_emit__duckdb_value_ok(v, kind, provider, name, val)) {
			fprintf(stderr, "%s: value '%s' of %s rejected\n", where, val, name);
			bad++;
		}
		free(name);
		free(val);
		free(opts[i]);
	}
	free(prov);
	return bad;
}

/* Every SET, CREATE SECRET and ATTACH option against the version's lists. */
static int check_statement(floe_duckdb_ver v, const char *st, const char *where)
{
	if (strstr(st, "PERSISTENT")) {
		fprintf(stderr, "%s: a PERSISTENT secret\n", where);
		return 1;
	}
	if (strncmp(st, "SET ", 4) == 0) {
		char *name = word(st + 4);
		floe_duckdb_kind k = strncmp(name, "motherduck_", 11) == 0 ?
			FLOE_DUCKDB_SET_MOTHERDUCK : FLOE_DUCKDB_SET;
		int bad = !floe_emit__duckdb_option_ok(v, k, NULL, name);
		if (bad)
			fprintf(stderr, "%s: setting %s unknown\n", where, name);
		free(name);
		return bad;
	}
	const char *open = strchr(st, '(');
	size_t n = strlen(st);
	if (strncmp(st, "CREATE OR REPLACE TEMPORARY SECRET ", 35) == 0 && open) {
		char *list = floe_xstrndup(open + 1, n - (size_t)(open - st) - 2);
		char *type = strstr(list, "TYPE ") ? word(strstr(list, "TYPE ") + 5) : NULL;
		int bad = type ? check_options(v, secret_kind(type), list, where) : 1;
		free(type);
		free(list);
		return bad;
	}
	if (strncmp(st, "ATTACH ", 7) == 0) {
		size_t q = quoted(st + 7);
		const char *after = st + 7 + q;
		open = strchr(after, '(');
		if (!open)
			return 0;
		char *list = floe_xstrndup(open + 1, n - (size_t)(open - st) - 2);
		floe_duckdb_kind k = strstr(list, "TYPE ICEBERG") ?
			FLOE_DUCKDB_ATTACH_ICEBERG : FLOE_DUCKDB_ATTACH_DUCKLAKE;
		if (strncmp(st + 8, "ducklake:", 9) != 0 && k != FLOE_DUCKDB_ATTACH_ICEBERG &&
		    strcmp(list, "READ_ONLY") != 0) {
			fprintf(stderr, "%s: plain ATTACH with options %s\n", where, list);
			free(list);
			return 1;
		}
		int bad = check_options(v, k, list, where);
		free(list);
		return bad;
	}
	return 0;
}

/* Statements of attach.sql, split at ';' outside quotes; checked. */
static size_t check_attach(const char *sql, floe_duckdb_ver v, const char *where)
{
	char *sts[256];
	size_t n = split(sql, strlen(sql), ';', sts, 256);
	for (size_t i = 0; i < n; i++) {
		CHECK_INT(check_statement(v, sts[i], where), 0);
		free(sts[i]);
	}
	return n;
}

/* DuckDB's own statement count of a script (the parse check passed). */
static size_t duckdb_count(const char *sql)
{
	floe_duckdb_db *db = NULL;
	floe_duckdb_conn *conn = NULL;
	floe_duckdb_stmts *sts = NULL;
	size_t n = (size_t)-1;
	if (floe_runtime__duckdb_open(&db, NULL, NULL, NULL, 0) == 0 &&
	    floe_runtime__duckdb_connect(&conn, NULL, db) == 0 &&
	    floe_runtime__duckdb_extract(&sts, NULL, conn, sql) == 0)
		n = floe_runtime__duckdb_stmts_count(sts);
	floe_runtime__duckdb_stmts_free(sts);
	floe_runtime__duckdb_disconnect(conn);
	floe_runtime__duckdb_close(db);
	return n;
}

static void check_sql(const char *sql, floe_duckdb_ver v, const char *where)
{
	size_t n = check_attach(sql, v, where);
	if (!have_duckdb)
		return;
	floe_diags *d = floe_diags_new(0);
	floe_source *src = floe_source_new(where, floe_xstrdup(sql), strlen(sql));
	int rc = floe_runtime__sql_check(d, src, sql, strlen(sql));
	CHECK_INT(rc, 0);
	if (rc)
		print_diags(d);
	CHECK_INT(duckdb_count(sql), n);
	floe_source_unref(src);
	floe_diags_free(d);
}

/* ---- the version the manifest records ---- */

static floe_duckdb_ver manifest_version(const char *manifest)
{
	floe_doc *doc = NULL;
	floe_diags *d = floe_diags_new(0);
	floe_duckdb_ver v = FLOE_DUCKDB_VER_DEFAULT;
	CHECK_INT(floe_load_json(&doc, d, "manifest.json", manifest,
				      strlen(manifest), NULL), 0);
	const floe_node *n = doc ? floe_node_at(doc->root, "/duckdb/version") : NULL;
	if (n)
		CHECK_INT(floe_emit__duckdb_ver_parse(&v, n->text), 0);
	floe_doc_free(doc);
	floe_diags_free(d);
	return v;
}

static void check_parses(const struct build *b, const char *where)
{
	static const char *const yaml[] = { "profiles.yml", "k8s-env.yaml" };
	for (size_t i = 0; i < FLOE_ARRAY_SIZE(yaml); i++) {
		const char *text = output(b, yaml[i]);
		floe_doc *doc = NULL;
		floe_diags *d = floe_diags_new(0);
		CHECK(text != NULL);
		if (text)
			CHECK_INT(floe_load_yaml(&doc, d, yaml[i], text, strlen(text),
						      NULL), 0);
		if (floe_diags_count(d)) {
			fprintf(stderr, "%s: %s\n", where, yaml[i]);
			print_diags(d);
		}
		floe_doc_free(doc);
		floe_diags_free(d);
	}
}

/* ---- secrets ---- */

static char *planted(const char *var)
{
	floe_buf b = FLOE_BUF_INIT;
	floe_buf_printf(&b, "Pl4nted-%s-v4lue", var);
	return floe_buf_detach(&b);
}

static void plant(const struct build *b, bool on)
{
	floe_model *m = floe_compile_model(b->r);
	for (size_t i = 0; i < floe_model_secret_count(m); i++) {
		const floe_msecret *s = floe_model_secret_at(m, i);
		char *v = planted(s->env);
		if (on)
			setenv(s->env, v, 1);
		else
			unsetenv(s->env);
		free(v);
	}
}

static void check_no_secret(const struct build *b, const struct build *ref)
{
	floe_model *m = floe_compile_model(ref->r);
	for (size_t o = 0; o < floe_compile_output_count(b->r); o++) {
		const floe_output *f = floe_compile_output_at(b->r, o);
		for (size_t i = 0; i < floe_model_secret_count(m); i++) {
			char *v = planted(floe_model_secret_at(m, i)->env);
			CHECK(strstr(f->data, v) == NULL);
			CHECK(memmem(f->data, f->len, "Pl4nted", 7) == NULL);
			free(v);
		}
	}
}

static void check_identical(const struct build *a, const struct build *b)
{
	CHECK_INT(floe_compile_output_count(a->r), floe_compile_output_count(b->r));
	for (size_t i = 0; i < floe_compile_output_count(a->r); i++) {
		const floe_output *x = floe_compile_output_at(a->r, i);
		const floe_output *y = floe_compile_output(b->r, x->name);
		CHECK(y && x->len == y->len && memcmp(x->data, y->data, x->len) == 0);
	}
}

/* ---- every example environment ---- */

static void compile_example(const char *proj, const char *env)
{
	char where[1024];
	struct build a, b;
	snprintf(where, sizeof(where), "%s (env %s)", proj, env);
	build(&a, proj, env);
	const floe_mval *type = a.r ? floe_model_get(floe_compile_model(a.r),
		"/compute/default/type") : NULL;
	const char *t = floe_mval_str(type);
	if (t && strcmp(t, "duckdb") != 0 && strcmp(t, "motherduck") != 0) {
		/* other engines compile too; test_adapters checks their outputs */
		CHECK_INT(a.rc, 0);
		unbuild(&a);
		return;
	}
	CHECK_INT(a.rc, 0);
	if (a.rc) {
		fprintf(stderr, "%s\n", where);
		print_diags(a.d);
		unbuild(&a);
		return;
	}
	CHECK_INT(floe_compile_output_count(a.r), 5);
	const char *sql = output(&a, "attach.sql");
	CHECK(sql != NULL);
	if (sql)
		check_sql(sql, manifest_version(output(&a, "manifest.json")), where);
	check_parses(&a, where);
	plant(&a, true);
	build(&b, proj, env);
	plant(&a, false);
	CHECK_INT(b.rc, 0);
	if (b.rc == 0) {
		check_identical(&a, &b);
		check_no_secret(&b, &a);
	}
	unbuild(&b);
	unbuild(&a);
}

static void test_compile__every_example_env(void)
{
	DIR *ex = opendir("examples");
	struct dirent *p;
	size_t n = 0;
	CHECK(ex != NULL);
	while (ex && (p = readdir(ex))) {
		char proj[300], plat[600];
		if (p->d_name[0] == '.')
			continue;
		snprintf(proj, sizeof(proj), "examples/%s", p->d_name);
		snprintf(plat, sizeof(plat), "%s/platform", proj);
		DIR *envs = opendir(plat);
		struct dirent *e;
		while (envs && (e = readdir(envs))) {
			if (e->d_name[0] == '.')
				continue;
			compile_example(proj, e->d_name);
			n++;
		}
		if (envs)
			closedir(envs);
	}
	if (ex)
		closedir(ex);
	CHECK(n >= 20);
}

/* ---- every DuckDB version on the example of each system ---- */

static void with_version(const char *text, const char *ver, floe_buf *out)
{
	const char *props = strstr(text, "    properties:\n");
	floe_buf_clear(out);
	if (!props) {
		floe_buf_puts(out, text);
		return;
	}
	props += strlen("    properties:\n");
	floe_buf_put(out, text, (size_t)(props - text));
	floe_buf_printf(out, "      duckdb_version: \"%s\"\n", ver);
	floe_buf_puts(out, props);
}

static char tmproot[] = "/tmp/floe-test-compile-XXXXXX";

/* A project in tmproot/<name>: floe.yaml and platform/<env>/platform.yaml. */
static const char *project(const char *name, const char *floe, const char *env,
			   const char *plat)
{
	static char dir[512];
	char path[700];
	snprintf(dir, sizeof(dir), "%s/%s", tmproot, name);
	mkdir(dir, 0755);
	snprintf(path, sizeof(path), "%s/platform", dir);
	mkdir(path, 0755);
	snprintf(path, sizeof(path), "%s/platform/%s", dir, env);
	mkdir(path, 0755);
	snprintf(path, sizeof(path), "%s/floe.yaml", dir);
	FILE *f = fopen(path, "w");
	fputs(floe, f);
	fclose(f);
	snprintf(path, sizeof(path), "%s/platform/%s/platform.yaml", dir, env);
	f = fopen(path, "w");
	fputs(plat, f);
	fclose(f);
	return dir;
}

static char *slurp(const char *path)
{
	floe_buf b = FLOE_BUF_INIT;
	CHECK_INT(floe_fs_read(&b, path, 1 << 20), 0);
	return floe_buf_detach(&b);
}

static const char minimal_floe[] = "name: versions\nversion: \"1\"\n";

static void test_compile__every_duckdb_version(void)
{
	static const char *const envs[][2] = {
		{ "floe-platform", "dev" }, { "floe-platform", "prod" },
		{ "weather", "s3" }, { "weather", "azure" }, { "ice-melt", "prod" },
		{ "ice-melt", "local" }, { "cloudflare-analytics", "production" },
	};
	static const char *const vers[] = { "1.2", "1.3", "1.4", "1.5", "2.0" };
	floe_buf text = FLOE_BUF_INIT;
	for (size_t i = 0; i < FLOE_ARRAY_SIZE(envs); i++) {
		char path[300];
		snprintf(path, sizeof(path), "examples/%s/platform/%s/platform.yaml",
			 envs[i][0], envs[i][1]);
		char *orig = slurp(path);
		for (size_t k = 0; orig && k < FLOE_ARRAY_SIZE(vers); k++) {
			char where[1024];
			struct build b;
			with_version(orig, vers[k], &text);
			snprintf(where, sizeof(where), "%s/%s on %s", envs[i][0],
				 envs[i][1], vers[k]);
			build(&b, project("versions", minimal_floe, "e", text.ptr), "e");
			if (b.rc == 0) {
				const char *sql = output(&b, "attach.sql");
				check_sql(sql, manifest_version(output(&b, "manifest.json")),
					  where);
			} else {
				/* only what the version cannot express is refused */
				CHECK(has_code(b.d, "compile/option-unavailable"));
				CHECK(strcmp(vers[k], "1.4") < 0);
			}
			unbuild(&b);
		}
		free(orig);
	}
	floe_buf_release(&text);
}

/* ---- hostile values ---- */

static const char hostile_floe[] =
	"name: hostile-pipe\n"
	"version: \"1\"\n"
	"observability:\n"
	"  attributes:\n"
	"    service.name: \"svc'; DROP TABLE t; --\"\n";

static const char hostile_plat[] =
	"version: \"1.3.0\"\n"
	"storage:\n"
	"  default:\n"
	"    type: s3\n"
	"    endpoint: \"http://h'o\\\"st:9000/{{ env_var('X') }}\"\n"
	"    region: \"us-'; DROP TABLE x; --\"\n"
	"    bucket: \"b'{{ x }}\\\"b\"\n"
	"    prefix: \"p'\\n{% raw %}\"\n"
	"    path_style_access: true\n"
	"    credentials: {mode: static, secret_ref: s3-creds}\n"
	"catalogs:\n"
	"  default:\n"
	"    type: rest\n"
	"    uri: \"http://cat'alog/{{ env_var('SECRET') }}/\\\"x\"\n"
	"    warehouse: \"wh'; DROP TABLE t; --\\n{{ '{' }}\\r\"\n"
	"    credentials:\n"
	"      mode: oauth2\n"
	"      client_id: \"id'\\\"{{x}}\"\n"
	"      client_secret: {secret_ref: cat-secret}\n"
	"      scope: \"sc'ope {{ x }}\"\n"
	"    access_delegation: vended-credentials\n"
	"    default_region: \"r'g\"\n"
	"    extra_http_headers: {\"X-H'd\": \"v'a\\\"l{{ x }}\"}\n"
	"compute:\n"
	"  default:\n"
	"    type: duckdb\n"
	"    resource_profile: rp\n"
	"    properties:\n"
	"      path: \"./db'{{ x }}\\\".duckdb\"\n"
	"      temp_directory: \"/tmp/t'mp {{ x }}\"\n"
	"      settings: {preserve_insertion_order: \"it's {{ x }}\"}\n"
	"      extensions: [{name: h3, repo: \"https://ext'.example/{{ x }}\"}]\n"
	"infrastructure:\n"
	"  resource_profiles:\n"
	"    rp:\n"
	"      requests: {cpu: \"1\", memory: 1Gi}\n"
	"      limits: {cpu: \"2\", memory: 4Gi}\n"
	"      env: {MY_VAR: \"a'b\\\"c {{ d }} ; e\"}\n"
	"observability:\n"
	"  otlp_endpoint: \"http://o'tel {{ x }}\"\n";

/* The text dbt's Jinja gives back for a dbt_yaml string (escape.c's forms). */
static char *dbt_render(const char *s)
{
	floe_buf b = FLOE_BUF_INIT;
	static const struct { const char *from, *to; } forms[] = {
		{ "{{ '{' }}", "{" }, { "{{ '\\r' }}", "\r" }, { "{{ '\\n' }}", "\n" },
	};
	while (*s) {
		size_t i;
		for (i = 0; i < FLOE_ARRAY_SIZE(forms); i++)
			if (strncmp(s, forms[i].from, strlen(forms[i].from)) == 0) {
				floe_buf_puts(&b, forms[i].to);
				s += strlen(forms[i].from);
				break;
			}
		if (i == FLOE_ARRAY_SIZE(forms))
			floe_buf_putc(&b, *s++);
	}
	floe_buf_puts(&b, "");
	return floe_buf_detach(&b);
}

/* Whether some scalar of the YAML doc reads back as `want` (dbt or not). */
static bool yaml_has(const floe_node *n, const char *want, bool dbt)
{
	if (!n)
		return false;
	if (n->kind == FLOE_NODE_MAP || n->kind == FLOE_NODE_SEQ) {
		for (size_t i = 0; i < n->len; i++)
			if (yaml_has(n->items[i], want, dbt))
				return true;
		return false;
	}
	if (!n->text)
		return false;
	char *got = dbt ? dbt_render(n->text) : floe_xstrdup(n->text);
	bool eq = strcmp(got, want) == 0;
	free(got);
	return eq;
}

static floe_doc *parse_yaml(const char *text)
{
	floe_doc *doc = NULL;
	floe_diags *d = floe_diags_new(0);
	CHECK_INT(floe_load_yaml(&doc, d, "out.yaml", text, strlen(text), NULL), 0);
	floe_diags_free(d);
	return doc;
}

static bool sql_has_literal(const char *sql, const char *v)
{
	floe_buf lit = FLOE_BUF_INIT;
	CHECK(floe_emit__esc_sql_str(&lit, v, strlen(v)) == NULL);
	bool ok = strstr(sql, floe_buf_cstr(&lit)) != NULL;
	if (!ok)
		fprintf(stderr, "attach.sql lacks the literal %s\n", floe_buf_cstr(&lit));
	floe_buf_release(&lit);
	return ok;
}

static void test_compile__hostile_values_stay_in_place(void)
{
	struct build b;
	static const char *const vals[] = {
		"us-'; DROP TABLE x; --", "wh'; DROP TABLE t; --\n{{ '{' }}\r",
		"id'\"{{x}}", "sc'ope {{ x }}", "r'g", "./db'{{ x }}\".duckdb",
		"/tmp/t'mp {{ x }}", "it's {{ x }}", "http://cat'alog/{{ env_var('SECRET') }}/\"x",
	};
	build(&b, project("hostile", hostile_floe, "e", hostile_plat), "e");
	CHECK_INT(b.rc, 0);
	if (b.rc) {
		print_diags(b.d);
		unbuild(&b);
		return;
	}
	const char *sql = output(&b, "attach.sql");
	check_sql(sql, FLOE_DUCKDB_VER_DEFAULT, "hostile attach.sql");
	for (size_t i = 0; i < FLOE_ARRAY_SIZE(vals); i++)
		if (strcmp(vals[i], "./db'{{ x }}\".duckdb") != 0)
			CHECK(sql_has_literal(sql, vals[i]));
	CHECK(sql_has_literal(sql, "h'o\"st:9000/{{ env_var('X') }}"));
	CHECK(sql_has_literal(sql, "s3://b'{{ x }}\"b/p'\n{% raw %}/"));

	floe_doc *prof = parse_yaml(output(&b, "profiles.yml"));
	for (size_t i = 0; prof && i < FLOE_ARRAY_SIZE(vals); i++) {
		bool ok = yaml_has(prof->root, vals[i], true);
		if (!ok) {
			/* attach options dbt-duckdb passes on as SQL when quoted */
			floe_buf lit = FLOE_BUF_INIT;
			floe_emit__esc_sql_str(&lit, vals[i], strlen(vals[i]));
			ok = yaml_has(prof->root, lit.ptr, true);
			floe_buf_release(&lit);
		}
		if (!ok)
			fprintf(stderr, "profiles.yml lacks %s\n", vals[i]);
		CHECK(ok);
	}
	CHECK(!strstr(output(&b, "profiles.yml"), "{{ x }}"));
	floe_doc_free(prof);

	floe_doc *k8s = parse_yaml(output(&b, "k8s-env.yaml"));
	CHECK(k8s && yaml_has(k8s->root, "a'b\"c {{ d }} ; e", false));
	CHECK(k8s && yaml_has(k8s->root, "/tmp/t'mp {{ x }}", false));
	floe_doc_free(k8s);
	CHECK(strstr(output(&b, "container.env"), "\nMY_VAR=a'b\"c {{ d }} ; e\n") != NULL);
	CHECK(strstr(output(&b, "container.env"),
		     "\nOTEL_SERVICE_NAME=svc'; DROP TABLE t; --\n") != NULL);

	floe_doc *man = NULL;
	floe_diags *d = floe_diags_new(0);
	const char *mj = output(&b, "manifest.json");
	CHECK_INT(floe_load_json(&man, d, "manifest.json", mj, strlen(mj), NULL), 0);
	const floe_node *wh = man ? floe_node_at(man->root,
		"/resolved/catalogs/default/warehouse") : NULL;
	CHECK(wh && strcmp(wh->text, vals[1]) == 0);
	floe_doc_free(man);
	floe_diags_free(d);
	unbuild(&b);
}

/* A value an env file cannot hold is a diagnostic, not an output. */
static void test_compile__newline_in_env_value(void)
{
	struct build b;
	static const char plat[] =
		"storage: {default: {type: local, path: ./data}}\n"
		"catalogs: {default: {type: duckdb, path: ./lake.duckdb}}\n"
		"compute:\n"
		"  default:\n"
		"    type: duckdb\n"
		"    resource_profile: rp\n"
		"infrastructure:\n"
		"  resource_profiles:\n"
		"    rp:\n"
		"      requests: {cpu: \"1\", memory: 1Gi}\n"
		"      limits: {cpu: \"1\", memory: 1Gi}\n"
		"      env: {BAD: \"two\\nlines\"}\n";
	build(&b, project("newline", minimal_floe, "e", plat), "e");
	CHECK_INT(b.rc, FLOE_EINVALID);
	CHECK(has_code(b.d, "compile/unwritable-value"));
	CHECK_INT(floe_compile_output_count(b.r), 0);
	unbuild(&b);
}

/* ---- profiles no example uses: each compiles to SQL DuckDB parses ---- */

static const char zoo_plat[] =
	"version: \"1.3.0\"\n"
	"storage:\n"
	"  default:\n"
	"    type: s3\n"
	"    endpoint: {secret_ref: s3-endpoint}\n"
	"    bucket: zoo-lake\n"
	"    credentials: {mode: iam_role, role_arn: \"arn:aws:iam::123456789012:role/zoo\"}\n"
	"  blob:\n"
	"    type: azure\n"
	"    bucket: zoo\n"
	"    credentials: {mode: static, secret_ref: azure-account}\n"
	"  hmac:\n"
	"    type: gcs\n"
	"    bucket: zoo-gcs\n"
	"    credentials: {mode: static, secret_ref: gcs-hmac}\n"
	"  eu:\n"
	"    type: r2\n"
	"    account_id: 0123456789abcdef0123456789abcdef\n"
	"    bucket: zoo-eu\n"
	"    jurisdiction: eu\n"
	"    credentials: {mode: static, secret_ref: r2-eu}\n"
	"catalogs:\n"
	"  default:\n"
	"    type: nessie\n"
	"    uri: {secret_ref: nessie-uri}\n"
	"    warehouse: warehouse\n"
	"    nested_namespaces: true\n"
	"    credentials:\n"
	"      mode: oauth2\n"
	"      client_id: spark\n"
	"      client_secret: {secret_ref: nessie-secret}\n"
	"      scope: catalog sign\n"
	"  glue:\n"
	"    type: glue\n"
	"    uri: https://glue.eu-west-1.amazonaws.com/iceberg\n"
	"    warehouse: \"123456789012\"\n"
	"    default_region: eu-west-1\n"
	"    credentials: {mode: iam_role, role_arn: \"arn:aws:iam::123456789012:role/glue\"}\n"
	"  tables:\n"
	"    type: s3tables\n"
	"    arn: \"arn:aws:s3tables:us-east-2:123456789012:bucket/zoo\"\n"
	"  md:\n"
	"    type: ducklake\n"
	"    metadata: {type: motherduck, database: zoo}\n"
	"  Mixed:\n"
	"    type: rest\n"
	"    uri: https://Catalog.Example/API\n"
	"    warehouse: wh\n"
	"    credentials: {mode: bearer, token: {secret_ref: mixed-token}}\n"
	"layers:\n"
	"  a: {name: a, storage_ref: blob, catalog_ref: glue, namespace: a}\n"
	"  b: {name: b, storage_ref: hmac, catalog_ref: tables, namespace: b}\n"
	"  c: {name: c, storage_ref: eu, catalog_ref: md, namespace: c}\n"
	"  d: {name: d, storage_ref: eu, catalog_ref: Mixed, namespace: d}\n"
	"compute:\n"
	"  default:\n"
	"    type: duckdb\n"
	"    properties:\n"
	"      settings: {allow_unsigned_extensions: true, threads: 3}\n";

static void test_compile__profile_zoo(void)
{
	static const char *const vers[] = { "1.4", "1.5", "2.0" };
	floe_buf text = FLOE_BUF_INIT;
	for (size_t k = 0; k < FLOE_ARRAY_SIZE(vers); k++) {
		struct build b;
		char where[64];
		with_version(zoo_plat, vers[k], &text);
		snprintf(where, sizeof(where), "zoo on %s", vers[k]);
		build(&b, project("zoo", minimal_floe, "e", text.ptr), "e");
		CHECK_INT(b.rc, 0);
		if (b.rc) {
			print_diags(b.d);
			unbuild(&b);
			continue;
		}
		const char *sql = output(&b, "attach.sql");
		check_sql(sql, manifest_version(output(&b, "manifest.json")), where);
		check_parses(&b, where);
		CHECK(strstr(sql, "regexp_replace(getvariable('S3_ENDPOINT')") != NULL);
		CHECK(strstr(sql, "ENDPOINT_TYPE 's3_tables'") != NULL);
		CHECK(strstr(sql, "ATTACH 'ducklake:md:__ducklake_metadata_zoo'") != NULL);
		CHECK(strstr(sql, "ALLOW_UNSIGNED_EXTENSIONS") == NULL &&
		      strstr(sql, "allow_unsigned_extensions") == NULL);
		CHECK(strstr(output(&b, "profiles.yml"), "config_options:") != NULL);
		/* DuckDB <= 1.4 lower-cases ATTACH's ENDPOINT: the secret has it */
		if (k == 0)
			CHECK(strstr(sql, "    ENDPOINT 'https://Catalog.Example/API'\n);") != NULL);
		if (k == 2)
			CHECK(strstr(sql, "URI 'https://Catalog.Example/API'") != NULL);
		unbuild(&b);
	}
	floe_buf_release(&text);
}

/* An environment named by a hostile folder (--platform FILE). */
static void test_compile__hostile_environment_name(void)
{
	char dir[600], path[700];
	snprintf(dir, sizeof(dir), "%s/we'ird {{ x }}", tmproot);
	mkdir(dir, 0755);
	snprintf(path, sizeof(path), "%s/platform.yaml", dir);
	FILE *f = fopen(path, "w");
	fputs("storage: {default: {type: local, path: ./d}}\n"
	      "catalogs: {default: {type: duckdb, path: ./l.duckdb}}\n"
	      "compute: {default: {type: duckdb}}\n", f);
	fclose(f);
	const char *proj = project("envname", minimal_floe, "unused",
				   "compute: {default: {type: duckdb}}\n");
	floe_project_opts po = { .dir = proj, .platform = path };
	floe_diags *d = floe_diags_new(0);
	floe_project *p = NULL;
	floe_compile_result *r = NULL;
	CHECK_INT(floe_project_load(&p, d, &po), 0);
	CHECK_INT(floe_compile(&r, d, p, 0, NULL), 0);
	const floe_output *prof = r ? floe_compile_output(r, "profiles.yml") : NULL;
	floe_doc *doc = prof ? parse_yaml(prof->data) : NULL;
	const floe_node *target = doc ? floe_node_at(doc->root, "/versions/target") : NULL;
	char *got = target ? dbt_render(target->text) : NULL;
	CHECK(got && strcmp(got, "we'ird {{ x }}") == 0);
	const floe_node *outs = doc ? floe_node_at(doc->root, "/versions/outputs") : NULL;
	CHECK(outs && outs->len == 1 && strcmp(outs->keys[0]->text, "we'ird {{ x }}") == 0);
	CHECK(r && strstr(floe_compile_output(r, "container.env")->data,
			  "\nFLOE_PLATFORM_ENV=we'ird {{ x }}\n"));
	free(got);
	floe_doc_free(doc);
	floe_compile_free(r);
	floe_project_free(p);
	floe_diags_free(d);
}

/* ---- writing ---- */

static void test_compile__write_atomically(void)
{
	struct build b;
	char dir[600], path[700];
	build(&b, "examples/floe-platform", "local");
	CHECK_INT(b.rc, 0);
	snprintf(dir, sizeof(dir), "%s/out/a/b", tmproot);
	CHECK_INT(floe_compile_write(b.r, dir), 0);
	snprintf(path, sizeof(path), "%s/stale", dir);
	FILE *f = fopen(path, "w");
	if (f)
		fclose(f);
	CHECK_INT(floe_compile_write(b.r, dir), 0);   /* replaced whole */
	CHECK(!floe_fs_exists(path));
	snprintf(path, sizeof(path), "%s/attach.sql", dir);
	char *text = slurp(path);
	CHECK(text && strcmp(text, output(&b, "attach.sql")) == 0);
	free(text);
	/* a file where the directory should be: FLOE_EIO, nothing changed */
	snprintf(path, sizeof(path), "%s/out/file", tmproot);
	f = fopen(path, "w");
	if (f)
		fclose(f);
	CHECK_INT(floe_compile_write(b.r, path), FLOE_EIO);
	CHECK(strstr(floe_error_last(), path) != NULL);
	snprintf(dir, sizeof(dir), "%s/out/file/sub", tmproot);
	CHECK_INT(floe_compile_write(b.r, dir), FLOE_EIO);
	/* a project directory is never replaced */
	CHECK_INT(floe_compile_write(b.r, "examples/floe-platform"), FLOE_EIO);
	CHECK(floe_fs_exists("examples/floe-platform/floe.yaml"));
	/* nothing staged is left behind */
	snprintf(dir, sizeof(dir), "%s/out/a", tmproot);
	DIR *dh = opendir(dir);
	struct dirent *e;
	size_t n = 0;
	while (dh && (e = readdir(dh)))
		n += e->d_name[0] != '.';
	if (dh)
		closedir(dh);
	CHECK_INT(n, 1);
	unbuild(&b);
}

static void remove_tree(const char *dir)
{
	DIR *d = opendir(dir);
	struct dirent *e;
	char p[1024];
	while (d && (e = readdir(d))) {
		struct stat st;
		if (!strcmp(e->d_name, ".") || !strcmp(e->d_name, ".."))
			continue;
		snprintf(p, sizeof(p), "%s/%s", dir, e->d_name);
		if (lstat(p, &st) == 0 && S_ISDIR(st.st_mode))
			remove_tree(p);
		else
			unlink(p);
	}
	if (d)
		closedir(d);
	rmdir(dir);
}

/* The attach alias: the name where dbt-duckdb can write it unquoted. */
static void test_compile__catalog_alias(void)
{
	static const char *const cases[][2] = {
		{ "lake", "lake" },                 /* a plain identifier */
		{ "Lake_2", "Lake_2" },
		{ "default", "floe_default" },      /* a reserved keyword */
		{ "DEFAULT", "floe_DEFAULT" },      /* keywords ignore case */
		{ "data", "floe_data" },            /* an unreserved one */
		{ "my-lake", "floe_my_lake" },      /* not an identifier */
		{ "main", "floe_main" },            /* DuckDB's own names */
		{ "memory", "floe_memory" },
		{ "floe_default", "floe_default" },
		{ "a_name_longer_than_any_keyword_of_duckdb", "a_name_longer_than_any_keyword_of_duckdb" },
	};
	floe_buf b = FLOE_BUF_INIT;
	for (size_t i = 0; i < sizeof(cases) / sizeof(*cases); i++)
		CHECK_STR(floe_compile_catalog_alias(&b, cases[i][0]), cases[i][1]);
	floe_buf_release(&b);
}

int main(void)
{
	have_duckdb = floe_runtime__duckdb_load() == 0;
	if (!have_duckdb)
		fprintf(stderr, "test_compile: no libduckdb (%s): SQL is not parsed\n",
			floe_error_last());
	if (!mkdtemp(tmproot))
		return 1;
	RUN(test_compile__every_example_env);
	RUN(test_compile__every_duckdb_version);
	RUN(test_compile__hostile_values_stay_in_place);
	RUN(test_compile__newline_in_env_value);
	RUN(test_compile__profile_zoo);
	RUN(test_compile__hostile_environment_name);
	RUN(test_compile__write_atomically);
	RUN(test_compile__catalog_alias);
	remove_tree(tmproot);
	return unit_done("compile");
}
