/*
 * test_adapters.c: the profiles and engine files of compute past DuckDB.
 * Every environment of every example compiles and is written to disk
 * (what `floe -C examples/<ex> compile --env <env> --out DIR` does), twice
 * the same; hostile values come back unchanged from profiles.yml (read as
 * dbt reads it), from the Trino catalog file and spark-defaults.conf (read
 * as java.util.Properties.load reads them) and from spark-env.sh (sourced
 * by sh); values an engine would read back changed are diagnostics.
 */
#include <dirent.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>
#include <sys/wait.h>
#include <unistd.h>
#include "floe/load.h"
#include "unit.h"
#include "emit/escape.h"
#include "floe/compile.h"
#include "util/util.h"

static char tmproot[] = "/tmp/floe-test-adapters-XXXXXX";

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

static size_t count_code(floe_diags *d, const char *code)
{
	size_t n = 0;
	for (size_t i = 0; i < floe_diags_count(d); i++)
		n += strcmp(floe_diags_at(d, i)->code, code) == 0;
	return n;
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

static void put_file(const char *path, const char *text)
{
	FILE *f = fopen(path, "w");
	CHECK(f != NULL);
	if (f) {
		fputs(text, f);
		fclose(f);
	}
}

/* A project in tmproot/<name>: floe.yaml and platform/<env>/platform.yaml. */
static const char *project(const char *name, const char *env, const char *plat)
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
	put_file(path, "name: hostile-lake\nversion: \"1\"\n");
	snprintf(path, sizeof(path), "%s/platform/%s/platform.yaml", dir, env);
	put_file(path, plat);
	return dir;
}

/* ---- every example, every environment ---- */

static const char *compute_type(const struct build *b)
{
	const floe_model *m = floe_compile_model(b->r);
	const floe_mval *root = floe_model_root(m);
	const char *name = floe_mval_str(floe_mval_get(floe_mval_get(root, "project"),
						       "compute"));
	return floe_mval_str(floe_mval_get(floe_mval_get(floe_mval_get(root, "compute"),
							 name), "type"));
}

static bool has_prefix_output(const struct build *b, const char *prefix)
{
	for (size_t i = 0; i < floe_compile_output_count(b->r); i++)
		if (floe_str_startswith(floe_compile_output_at(b->r, i)->name, prefix))
			return true;
	return false;
}

/* Each output on disk, byte for byte, and digested in manifest.json. */
static void check_written(const struct build *b, const char *dir, const char *where)
{
	const char *man = output(b, "manifest.json");
	for (size_t i = 0; i < floe_compile_output_count(b->r); i++) {
		const floe_output *o = floe_compile_output_at(b->r, i);
		char path[1024];
		floe_buf got = FLOE_BUF_INIT;
		snprintf(path, sizeof(path), "%s/%s", dir, o->name);
		CHECK_INT(floe_fs_read(&got, path, 1 << 22), 0);
		bool same = got.len == o->len && !memcmp(floe_buf_cstr(&got), o->data, o->len);
		if (!same)
			fprintf(stderr, "%s: %s differs on disk\n", where, o->name);
		CHECK(same);
		floe_buf_release(&got);
		if (strcmp(o->name, "manifest.json") != 0) {
			char key[300];
			snprintf(key, sizeof(key), "/%s\"", o->name);
			CHECK(man && strstr(man, key));
		}
	}
}

static void check_engine_outputs(const struct build *b, const char *where)
{
	const char *t = compute_type(b);
	bool duck = floe_str_eq(t, "duckdb") || floe_str_eq(t, "motherduck");
	char want[64];
	snprintf(want, sizeof(want), "      type: %s\n", duck ? "duckdb" : t);
	CHECK(strstr(output(b, "profiles.yml"), want) != NULL);
	CHECK((output(b, "attach.sql") != NULL) == duck);
	CHECK(has_prefix_output(b, "trino/catalog/") == floe_str_eq(t, "trino"));
	if (floe_str_eq(t, "spark")) {
		CHECK(output(b, "spark/spark-defaults.conf") != NULL);
		CHECK(output(b, "spark/spark-env.sh") != NULL);
	}
	if (floe_str_eq(t, "trino") != has_prefix_output(b, "trino/"))
		fprintf(stderr, "%s: trino files\n", where);
}

static void compile_example(const char *proj, const char *env)
{
	char where[700], out[700];
	struct build a, b;
	snprintf(where, sizeof(where), "%s (env %s)", proj, env);
	snprintf(out, sizeof(out), "%s/out-%s", tmproot, env);
	build(&a, proj, env);
	CHECK_INT(a.rc, 0);
	if (a.rc) {
		fprintf(stderr, "%s\n", where);
		print_diags(a.d);
		unbuild(&a);
		return;
	}
	check_engine_outputs(&a, where);
	CHECK_INT(floe_compile_write(a.r, out), 0);
	check_written(&a, out, where);
	remove_tree(out);
	build(&b, proj, env);
	CHECK_INT(b.rc, 0);
	CHECK_INT(b.r ? floe_compile_output_count(b.r) : 0, floe_compile_output_count(a.r));
	for (size_t i = 0; b.r && i < floe_compile_output_count(a.r); i++) {
		const floe_output *x = floe_compile_output_at(a.r, i);
		const floe_output *y = floe_compile_output_at(b.r, i);
		CHECK(y && x->len == y->len && !memcmp(x->data, y->data, x->len));
	}
	unbuild(&b);
	unbuild(&a);
}

static void test_adapters__every_example_env_compiles_and_writes(void)
{
	DIR *ex = opendir("examples");
	struct dirent *p;
	size_t n = 0, engines = 0;
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
			engines += !strcmp(e->d_name, "trino") || !strcmp(e->d_name, "spark");
			n++;
		}
		if (envs)
			closedir(envs);
	}
	if (ex)
		closedir(ex);
	CHECK(n >= 23);
	CHECK(engines >= 4);   /* floe-platform and lakehouse-scale, trino and spark */
}

/* ---- java.util.Properties.load, as Trino and Spark read the files ---- */

static unsigned hex4(const char *s, bool *ok)
{
	unsigned v = 0;
	for (int i = 0; i < 4; i++) {
		char c = s[i];
		unsigned d = c >= '0' && c <= '9' ? (unsigned)(c - '0') :
			     (c | 0x20) >= 'a' && (c | 0x20) <= 'f' ? (unsigned)((c | 0x20) - 'a' + 10) : 99;
		if (d > 15)
			*ok = false;
		v = v * 16 + d;
	}
	return v;
}

static void put_utf8(floe_buf *b, unsigned c)
{
	if (c < 0x80) {
		floe_buf_putc(b, (char)c);
	} else if (c < 0x800) {
		floe_buf_putc(b, (char)(0xc0 | c >> 6));
		floe_buf_putc(b, (char)(0x80 | (c & 0x3f)));
	} else if (c < 0x10000) {
		floe_buf_putc(b, (char)(0xe0 | c >> 12));
		floe_buf_putc(b, (char)(0x80 | ((c >> 6) & 0x3f)));
		floe_buf_putc(b, (char)(0x80 | (c & 0x3f)));
	} else {
		floe_buf_putc(b, (char)(0xf0 | c >> 18));
		floe_buf_putc(b, (char)(0x80 | ((c >> 12) & 0x3f)));
		floe_buf_putc(b, (char)(0x80 | ((c >> 6) & 0x3f)));
		floe_buf_putc(b, (char)(0x80 | (c & 0x3f)));
	}
}

/* One logical line: physical lines joined where one ends in an odd run of '\'. */
static const char *logical_line(const char *s, floe_buf *line)
{
	floe_buf_clear(line);
	for (;;) {
		size_t n = strcspn(s, "\r\n"), bs = 0;
		while (bs < n && s[n - 1 - bs] == '\\')
			bs++;
		floe_buf_put(line, s, bs % 2 ? n - 1 : n);
		s += n;
		if (*s == '\r' && s[1] == '\n')
			s += 2;
		else if (*s)
			s++;
		if (bs % 2 == 0 || !*s)
			break;
		s += strspn(s, " \t\f");
	}
	floe_buf_puts(line, "");
	return s;
}

/* The escape at p (after its '\\') into cur; returns what follows it. */
static const char *unescape(const char *p, floe_buf *cur)
{
	bool ok = true;
	unsigned c;
	switch (*p) {
	case 't': floe_buf_putc(cur, '\t'); return p + 1;
	case 'n': floe_buf_putc(cur, '\n'); return p + 1;
	case 'r': floe_buf_putc(cur, '\r'); return p + 1;
	case 'f': floe_buf_putc(cur, '\f'); return p + 1;
	case 'u':
		c = hex4(p + 1, &ok);
		p += 5;
		if (c >= 0xd800 && c < 0xdc00 && p[0] == '\\' && p[1] == 'u') {
			c = 0x10000 + ((c - 0xd800) << 10) + (hex4(p + 2, &ok) - 0xdc00);
			p += 6;
		}
		CHECK(ok);
		put_utf8(cur, c);
		return p;
	default:
		if (*p)
			floe_buf_putc(cur, *p++);
		return p;
	}
}

/* The value of `key` in a .properties text, unescaped; NULL when absent. */
static char *prop_get(const char *text, const char *key)
{
	floe_buf line = FLOE_BUF_INIT, k = FLOE_BUF_INIT, v = FLOE_BUF_INIT;
	char *found = NULL;
	for (const char *s = text; *s && !found;) {
		s = logical_line(s, &line);
		const char *p = line.ptr + strspn(line.ptr, " \t\f");
		if (!*p || *p == '#' || *p == '!')
			continue;
		floe_buf_clear(&k);
		floe_buf_clear(&v);
		floe_buf *cur = &k;
		while (*p) {
			if (cur == &k && strchr("=: \t\f", *p)) {
				p += strspn(p, " \t\f");
				if (*p == '=' || *p == ':')
					p++;
				p += strspn(p, " \t\f");
				cur = &v;
			} else if (*p == '\\') {
				p = unescape(p + 1, cur);
			} else {
				floe_buf_putc(cur, *p++);
			}
		}
		if (strcmp(floe_buf_cstr(&k), key) == 0)
			found = floe_xstrdup(floe_buf_cstr(&v));
	}
	floe_buf_release(&line);
	floe_buf_release(&k);
	floe_buf_release(&v);
	return found;
}

static void check_prop(const char *text, const char *key, const char *want)
{
	char *got = text ? prop_get(text, key) : NULL;
	if (!got || strcmp(got, want) != 0)
		fprintf(stderr, "%s\n  got:  %s\n  want: %s\n", key, got ? got : "(none)", want);
	CHECK(got && strcmp(got, want) == 0);
	free(got);
}

static void test_adapters__properties_escaper_round_trips(void)
{
	static const char *const vals[] = {
		"plain", "a=b:c", "#not a comment", "!bang", " leading space",
		"trailing \\", "back\\slash\\\\", "new\nline\r\n", "tab\there",
		"caf\xc3\xa9 \xe2\x82\xac \xf0\x9f\x98\x80", "${ENV:X} {{ y }} 'q' \"d\"",
		"", "=", ":", "\\u0041",
	};
	for (size_t i = 0; i < FLOE_ARRAY_SIZE(vals); i++) {
		floe_buf f = FLOE_BUF_INIT;
		floe_buf_puts(&f, "# a comment\nk=");
		CHECK(floe_emit__esc_properties(&f, vals[i], strlen(vals[i])) == NULL);
		floe_buf_puts(&f, "\nother=x\n");
		check_prop(floe_buf_cstr(&f), "k", vals[i]);
		check_prop(floe_buf_cstr(&f), "other", "x");
		floe_buf_release(&f);
	}
}

/* ---- hostile values through each engine's files ---- */

#define HOSTILE_STORAGE                                                       \
	"storage:\n"                                                          \
	"  default:\n"                                                        \
	"    type: s3\n"                                                      \
	"    endpoint: \"http://mi'n\\\"io:9000/{{ x }}\"\n"                  \
	"    region: \"us=east:1 #! \\\\\"\n"                                 \
	"    bucket: lake\n"                                                  \
	"    credentials: {mode: static, secret_ref: minio-credentials}\n"

#define HOSTILE_CATALOG(wh)                                                   \
	"catalogs:\n"                                                         \
	"  default:\n"                                                        \
	"    type: rest\n"                                                    \
	"    uri: \"http://cat:8181/a\\\\b?x=1&y=${z\"\n"                     \
	"    warehouse: \"" wh "\"\n"                                         \
	"    namespace: \"n's {% raw %}\"\n"                                  \
	"    credentials:\n"                                                  \
	"      mode: oauth2\n"                                                \
	"      client_id: \"i\\\"d $HOME `x` \\\\ = {{ y }}\"\n"              \
	"      client_secret: {secret_ref: rest-secret}\n"                    \
	"      scope: \"PRINCIPAL_ROLE:ALL {{ x }}\"\n"

static const char hostile_wh_text[] = "w'h\n{{ env_var('X') }}\xc3\xa9 ${ and \t tab";
static const char hostile_id[] = "i\"d $HOME `x` \\ = {{ y }}";

static const char hostile_trino[] =
	"version: \"1.3.0\"\n" HOSTILE_STORAGE
	HOSTILE_CATALOG("w'h\\n{{ env_var('X') }}\\u00e9 ${ and \\t tab")
	"compute:\n"
	"  default:\n"
	"    type: trino\n"
	"    properties:\n"
	"      host: \"tri'no {{ x }}\"\n"
	"      user: \"d\\\"bt {% if %}\"\n"
	"      catalog: lake\n"
	"      schema: \"s'ch\\nema\"\n"
	"      session_properties: {\"k'ey\": \"v{{ x }}al\\n\", n: 3}\n";

static void test_adapters__trino_hostile_values_stay_in_place(void)
{
	struct build b;
	char want[512];
	build(&b, project("trino", "t", hostile_trino), "t");
	CHECK_INT(b.rc, 0);
	if (b.rc) {
		print_diags(b.d);
		unbuild(&b);
		return;
	}
	const char *p = output(&b, "trino/catalog/lake.properties");
	CHECK(p != NULL);
	check_prop(p, "connector.name", "iceberg");
	check_prop(p, "iceberg.rest-catalog.uri", "http://cat:8181/a\\b?x=1&y=${z");
	check_prop(p, "iceberg.rest-catalog.warehouse", hostile_wh_text);
	snprintf(want, sizeof(want), "%s:${ENV:REST_SECRET}", hostile_id);
	check_prop(p, "iceberg.rest-catalog.oauth2.credential", want);
	check_prop(p, "iceberg.rest-catalog.oauth2.scope", "PRINCIPAL_ROLE:ALL {{ x }}");
	check_prop(p, "s3.endpoint", "http://mi'n\"io:9000/{{ x }}");
	check_prop(p, "s3.region", "us=east:1 #! \\");
	check_prop(p, "s3.aws-secret-key", "${ENV:MINIO_CREDENTIALS_SECRET_ACCESS_KEY}");
	unbuild(&b);
}

/* Values as dbt reads profiles.yml: YAML, then Jinja's forms of escape.c. */
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

/* The scalar at `ptr` of the profile's output `out`, as dbt renders it. */
static void check_profile(const char *yaml, const char *out, const char *key,
			  const char *want)
{
	floe_doc *doc = NULL;
	floe_diags *d = floe_diags_new(0);
	char ptr[300];
	CHECK_INT(floe_load_yaml(&doc, d, "profiles.yml", yaml, strlen(yaml), NULL), 0);
	snprintf(ptr, sizeof(ptr), "/hostile_lake/outputs/%s/%s", out, key);
	const floe_node *n = doc ? floe_node_at(doc->root, ptr) : NULL;
	char *got = n && n->text ? dbt_render(n->text) : NULL;
	if (!got || strcmp(got, want) != 0)
		fprintf(stderr, "profiles.yml %s\n  got:  %s\n  want: %s\n", ptr,
			got ? got : "(none)", want);
	CHECK(got && strcmp(got, want) == 0);
	free(got);
	floe_doc_free(doc);
	floe_diags_free(d);
}

static void test_adapters__trino_profile_hostile_values(void)
{
	struct build b;
	build(&b, project("trino", "t", hostile_trino), "t");
	CHECK_INT(b.rc, 0);
	const char *y = output(&b, "profiles.yml");
	CHECK(y != NULL);
	if (y) {
		check_profile(y, "t", "host", "tri'no {{ x }}");
		check_profile(y, "t", "user", "d\"bt {% if %}");
		check_profile(y, "t", "schema", "s'ch\nema");
		check_profile(y, "t", "session_properties/k'ey", "v{{ x }}al\n");
		check_profile(y, "t", "session_properties/n", "3");
		CHECK(!strstr(y, "{{ x }}"));
	}
	unbuild(&b);
}

static const char hostile_spark[] =
	"version: \"1.3.0\"\n" HOSTILE_STORAGE
	HOSTILE_CATALOG("w'h\\n{{ env_var('X') }}\\u00e9 ${ENV:HOME} and \\t tab")
	"compute:\n"
	"  default:\n"
	"    type: spark\n"
	"    properties:\n"
	"      method: session\n"
	"      server_side_parameters: {\"k'ey\": \"v{{ x }}al\\n\"}\n";

/* sh sources spark-env.sh with the secret set, prints the composed value. */
static char *sourced(const char *dir, const char *secret)
{
	char cmd[1024];
	floe_buf out = FLOE_BUF_INIT;
	snprintf(cmd, sizeof(cmd), "cd '%s' && %s sh -c '. ./spark-env.sh && "
		 "printf %%s \"$FLOE_SPARK_DEFAULT_CREDENTIAL\"' 2>/dev/null",
		 dir, secret ? "REST_SECRET=\"$T_SECRET\"" : "unset REST_SECRET;");
	setenv("T_SECRET", secret ? secret : "", 1);
	FILE *f = popen(cmd, "r");
	char chunk[256];
	size_t n;
	while (f && (n = fread(chunk, 1, sizeof(chunk), f)) > 0)
		floe_buf_put(&out, chunk, n);
	int st = f ? pclose(f) : -1;
	if (!WIFEXITED(st) || WEXITSTATUS(st) != 0) {
		floe_buf_release(&out);
		return NULL;
	}
	floe_buf_puts(&out, "");
	return floe_buf_detach(&out);
}

static void test_adapters__spark_hostile_values_stay_in_place(void)
{
	struct build b;
	char dir[700], want[512];
	build(&b, project("spark", "s", hostile_spark), "s");
	CHECK_INT(b.rc, 0);
	if (b.rc) {
		print_diags(b.d);
		unbuild(&b);
		return;
	}
	const char *p = output(&b, "spark/spark-defaults.conf");
	const char *cat = "spark.sql.catalog.floe_default";
	char key[200];
	CHECK(p != NULL);
	check_prop(p, "spark.sql.defaultCatalog", "floe_default");
	snprintf(key, sizeof(key), "%s.uri", cat);
	check_prop(p, key, "http://cat:8181/a\\b?x=1&y=${z");
	snprintf(key, sizeof(key), "%s.warehouse", cat);
	check_prop(p, key, "w'h\n{{ env_var('X') }}\xc3\xa9 ${ENV:HOME} and \t tab");
	snprintf(key, sizeof(key), "%s.credential", cat);
	check_prop(p, key, "env:FLOE_SPARK_DEFAULT_CREDENTIAL");
	snprintf(key, sizeof(key), "%s.client.region", cat);
	check_prop(p, key, "us=east:1 #! \\");
	snprintf(key, sizeof(key), "%s.s3.access-key-id", cat);
	check_prop(p, key, "env:MINIO_CREDENTIALS_ACCESS_KEY_ID");

	/* spark-env.sh composes the credential from the environment */
	snprintf(dir, sizeof(dir), "%s/spark-out", tmproot);
	CHECK_INT(floe_compile_write(b.r, dir), 0);
	snprintf(dir, sizeof(dir), "%s/spark-out/spark", tmproot);
	char *got = sourced(dir, "s3cr'et $x \"y\"");
	snprintf(want, sizeof(want), "%s:s3cr'et $x \"y\"", hostile_id);
	CHECK(got && strcmp(got, want) == 0);
	if (got && strcmp(got, want) != 0)
		fprintf(stderr, "spark-env.sh\n  got:  %s\n  want: %s\n", got, want);
	free(got);
	CHECK(sourced(dir, NULL) == NULL);   /* a missing secret stops the launch */

	const char *y = output(&b, "profiles.yml");
	CHECK(y != NULL);
	if (y) {
		check_profile(y, "s", "host", "NA");
		check_profile(y, "s", "server_side_parameters/k'ey", "v{{ x }}al\n");
		snprintf(key, sizeof(key), "server_side_parameters/%s.warehouse", cat);
		check_profile(y, "s", key, "w'h\n{{ env_var('X') }}\xc3\xa9 ${ENV:HOME} and \t tab");
		snprintf(key, sizeof(key), "server_side_parameters/%s.credential", cat);
		check_profile(y, "s", key, "env:FLOE_SPARK_DEFAULT_CREDENTIAL");
		CHECK(!strstr(y, "{{ x }}"));
	}
	unbuild(&b);
}

static const char hostile_clickhouse[] =
	"version: \"1.3.0\"\n"
	"storage: {default: {type: local, path: ./d}}\n"
	"catalogs: {default: {type: duckdb, path: ./c.duckdb}}\n"
	"compute:\n"
	"  default:\n"
	"    type: clickhouse\n"
	"    properties:\n"
	"      host: \"c'h {{ x }}\\n\"\n"
	"      schema: \"s${x}{% raw %}\"\n"
	"      custom_settings: {\"a:b\": \"c=d'e {{ f }}\", n: 1.5, t: true}\n"
	"    credentials:\n"
	"      user: {secret_ref: ch-user}\n"
	"      password: {secret_ref: ch-password}\n";

static void test_adapters__clickhouse_hostile_values(void)
{
	struct build b;
	build(&b, project("clickhouse", "c", hostile_clickhouse), "c");
	CHECK_INT(b.rc, 0);
	const char *y = output(&b, "profiles.yml");
	CHECK(y != NULL);
	if (y) {
		check_profile(y, "c", "host", "c'h {{ x }}\n");
		check_profile(y, "c", "schema", "s${x}{% raw %}");
		check_profile(y, "c", "custom_settings/a:b", "c=d'e {{ f }}");
		check_profile(y, "c", "custom_settings/n", "1.5");
		check_profile(y, "c", "user", "{{ env_var('CH_USER') }}");
		check_profile(y, "c", "password", "{{ env_var('CH_PASSWORD') }}");
	}
	unbuild(&b);
}

/* ---- values an engine would read back changed ---- */

static size_t refusals(const char *name, const char *plat)
{
	struct build b;
	build(&b, project(name, "r", plat), "r");
	size_t n = count_code(b.d, "compile/unwritable-value");
	CHECK_INT(b.rc, FLOE_EINVALID);
	CHECK(!b.r || floe_compile_output_count(b.r) == 0);
	unbuild(&b);
	return n;
}

static void test_adapters__changed_values_are_refused(void)
{
	static const char head[] =
		"version: \"1.3.0\"\n"
		"storage: {default: {type: s3, bucket: lake, region: \"%s\"}}\n"
		"catalogs:\n"
		"  default:\n"
		"    type: rest\n"
		"    uri: http://cat\n"
		"    warehouse: \"%s\"\n"
		"    credentials: {mode: oauth2, client_id: \"%s\", client_secret: {secret_ref: s}}\n"
		"    extra_http_headers: {\"%s\": \"%s\"}\n"
		"compute: {default: {type: %s, properties: {host: h, user: u}}}\n";
	static const struct {
		const char *region, *wh, *id, *hname, *hval, *engine;
		size_t want;
	} cases[] = {
		{ "r", "w", "id", "H", "v", "trino", 0 },
		{ "r", "w", "id", "H", "v", "spark", 0 },
		{ " r", "w", "id", "H", "v", "trino", 1 },          /* trimmed */
		{ "r", "w\\t", "id", "H", "v", "spark", 1 },        /* trimmed */
		{ "r", "w\\n", "id", "H", "v", "spark", 0 },        /* Spark keeps LF */
		{ "r", "w\\n", "id", "H", "v", "trino", 1 },        /* Trino does not */
		{ "r", "env:HOME", "id", "H", "v", "trino", 1 },
		{ "r", "env:HOME", "id", "H", "v", "spark", 1 },
		{ "r", "a${ENV:HOME}", "id", "H", "v", "trino", 1 },
		{ "r", "a${ENV:HOME}", "id", "H", "v", "spark", 0 },
		{ "r", "a${ and ${1:x}", "id", "H", "v", "trino", 0 },
		{ "r", "w", "a:b", "H", "v", "trino", 1 },          /* Iceberg splits */
		{ "r", "w", "a:b", "H", "v", "spark", 1 },
		{ "r", "w", "id", "H", "a, b", "trino", 1 },        /* Trino's list */
		{ "r", "w", "id", "H", "a, b", "spark", 0 },
		{ "r", "w", "id", "H x", "v", "spark", 1 },         /* a setting name */
	};
	for (size_t i = 0; i < FLOE_ARRAY_SIZE(cases); i++) {
		char plat[2048], name[32];
		snprintf(plat, sizeof(plat), head, cases[i].region, cases[i].wh,
			 cases[i].id, cases[i].hname, cases[i].hval, cases[i].engine);
		snprintf(name, sizeof(name), "refuse-%zu", i);
		if (!cases[i].want) {
			struct build b;
			build(&b, project(name, "r", plat), "r");
			if (b.rc)
				print_diags(b.d);
			CHECK_INT(b.rc, 0);
			unbuild(&b);
			continue;
		}
		size_t n = refusals(name, plat);
		if (n != cases[i].want)
			fprintf(stderr, "case %zu: %zu refusals\n", i, n);
		CHECK_INT(n, cases[i].want);
	}
}

/* A Trino catalog name names a file: nothing outside [a-z0-9_-]. */
static void test_adapters__trino_catalog_name_is_a_plain_name(void)
{
	static const char *const bad[] = { "../x", "a/b", "A", ".hidden", "-x", "a b" };
	for (size_t i = 0; i < FLOE_ARRAY_SIZE(bad); i++) {
		char plat[1024], name[32];
		snprintf(plat, sizeof(plat),
			 "version: \"1.3.0\"\n"
			 "storage: {default: {type: s3, bucket: lake}}\n"
			 "catalogs: {default: {type: rest, uri: http://c, warehouse: w}}\n"
			 "compute: {default: {type: trino, properties: {host: h, user: u, "
			 "catalog: \"%s\"}}}\n", bad[i]);
		snprintf(name, sizeof(name), "catalog-%zu", i);
		CHECK_INT(refusals(name, plat), 1);
	}
}

int main(void)
{
	if (!mkdtemp(tmproot))
		return 1;
	RUN(test_adapters__every_example_env_compiles_and_writes);
	RUN(test_adapters__properties_escaper_round_trips);
	RUN(test_adapters__trino_hostile_values_stay_in_place);
	RUN(test_adapters__trino_profile_hostile_values);
	RUN(test_adapters__spark_hostile_values_stay_in_place);
	RUN(test_adapters__clickhouse_hostile_values);
	RUN(test_adapters__changed_values_are_refused);
	RUN(test_adapters__trino_catalog_name_is_a_plain_name);
	remove_tree(tmproot);
	return unit_done("adapters");
}
