/*
 * test_jinja.c: the Jinja engine against the cases in tests/jinja/cases/
 * (each a template, an optional JSON context and macro files, and the
 * expected output or error "code line:col message"), plus the hostile
 * inputs of issue 18 and the host API (callbacks, macro lookup, blocks).
 */
#include <dirent.h>
#include <jansson.h>
#include <stdlib.h>
#include <string.h>
#include "unit.h"
#include "floe/jinja.h"
#include "../../src/util/util.h"

static floe_jval from_json(floe_arena *a, json_t *j)
{
	switch (json_typeof(j)) {
	case JSON_OBJECT: {
		floe_jval v = floe_jv_dict(a);
		const char *k;
		json_t *x;
		json_object_foreach(j, k, x)
			floe_jv_dict_set(a, v.u.dict, floe_jv_strdup(a, k, strlen(k)),
					 from_json(a, x));
		return v;
	}
	case JSON_ARRAY: {
		floe_jval v = floe_jv_list(a);
		size_t i;
		json_t *x;
		json_array_foreach(j, i, x)
			floe_jv_list_push(a, v.u.list, from_json(a, x));
		return v;
	}
	case JSON_STRING: return floe_jv_strdup(a, json_string_value(j), json_string_length(j));
	case JSON_INTEGER: return floe_jv_int(json_integer_value(j));
	case JSON_REAL: return floe_jv_float(json_real_value(j));
	case JSON_TRUE: return floe_jv_bool(true);
	case JSON_FALSE: return floe_jv_bool(false);
	default: return floe_jv_none();
	}
}

/* a host filter used as the output filter of strict mode: SQL string */
static int f_sq(floe_jinja_call *c, floe_jval *out)
{
	floe_buf b = FLOE_BUF_INIT;
	floe_buf tmp = FLOE_BUF_INIT;
	floe_jv_str_put(&tmp, &c->pos[0]);
	floe_buf_putc(&b, '\'');
	for (size_t i = 0; i < tmp.len; i++) {
		if (tmp.ptr[i] == '\'')
			floe_buf_putc(&b, '\'');
		floe_buf_putc(&b, tmp.ptr[i]);
	}
	floe_buf_putc(&b, '\'');
	*out = floe_jv_strdup(floe_jinja_rt_arena(c->rt), b.ptr, b.len);
	floe_buf_release(&b);
	floe_buf_release(&tmp);
	return 0;
}

/* host callbacks: ref('x') -> "main"."x"; upper_host(s) */
static int h_ref(floe_jinja_call *c, floe_jval *out)
{
	floe_buf b = FLOE_BUF_INIT;
	floe_buf_puts(&b, "\"main\".\"");
	if (c->npos)
		floe_jv_str_put(&b, &c->pos[c->npos - 1]);
	floe_buf_puts(&b, "\"");
	*out = floe_jv_strdup(floe_jinja_rt_arena(c->rt), b.ptr, b.len);
	floe_buf_release(&b);
	return 0;
}

static char logged[256];

static void h_log(void *ud, bool warn, const char *msg)
{
	size_t n = strlen(logged);
	snprintf(logged + n, sizeof(logged) - n, "%s%s;", warn ? "W:" : "", msg);
}

struct kase {
	char *name, *tpl, *ctx, *out, *err, *mode;
	char *macros[4], *pkgs[4];
	int nmacros;
	int line;
};

static void setup_env(floe_jinja_env *env)
{
	floe_jinja_env_func(env, "ref", h_ref, NULL);
	floe_jinja_env_filter(env, "sq", f_sq, NULL);
	floe_jinja_env_output_filter(env, "sq");
	floe_jinja_env_log(env, h_log, NULL);
}

static void first_diag(floe_buf *b, floe_diags *d)
{
	if (!floe_diags_count(d))
		return;
	const floe_diag *g = floe_diags_at(d, 0);
	floe_buf_printf(b, "%s %u:%u %s", g->code, g->span.line, g->span.col, g->msg);
	for (const floe_note *n = g->notes; n; n = n->next)
		floe_buf_printf(b, "\nnote: %s", n->msg);
}

static void run_case(const char *file, struct kase *k)
{
	floe_jinja_env *env = floe_jinja_env_new(k->mode && strstr(k->mode, "strict") ?
						 FLOE_JINJA_STRICT : FLOE_JINJA_DBT);
	setup_env(env);
	floe_diags *d = floe_diags_new(0);
	floe_buf got = FLOE_BUF_INIT;
	floe_source *msrc[4] = { NULL };
	floe_jinja_tpl *mt[4] = { NULL };
	logged[0] = '\0';
	for (int i = 0; i < k->nmacros; i++) {
		char *path = floe_arena_printf(floe_jinja_env_arena(env), "macros/%s.sql",
					       k->pkgs[i][0] ? k->pkgs[i] : "root");
		msrc[i] = floe_source_new(path, floe_xstrdup(k->macros[i]), strlen(k->macros[i]));
		if (floe_jinja_parse(&mt[i], env, d, msrc[i]) == 0)
			floe_jinja_env_add_macros(env, mt[i], k->pkgs[i]);
	}
	floe_source *src = floe_source_new("t.sql", floe_xstrdup(k->tpl), strlen(k->tpl));
	floe_jinja_tpl *t = NULL;
	floe_arena *ea = floe_jinja_env_arena(env);
	floe_jval ctx = floe_jv_dict(ea);
	if (k->ctx) {
		json_error_t e;
		json_t *j = json_loads(k->ctx, 0, &e);
		if (!j)
			fprintf(stderr, "%s:%d: bad context JSON: %s\n", file, k->line, e.text);
		else
			ctx = from_json(ea, j);
		json_decref(j);
	}
	floe_jinja_rt *rt = floe_jinja_rt_new(env, d, ctx.u.dict);
	int rc = floe_diags_count(d) ? FLOE_EINVALID : floe_jinja_parse(&t, env, d, src);
	if (rc == 0)
		rc = floe_jinja_render(rt, t, -1, &got);
	if (k->mode && strstr(k->mode, "log"))
		floe_buf_printf(&got, "|log:%s", logged);
	unit_tests++;
	if (k->err) {
		floe_buf e = FLOE_BUF_INIT;
		first_diag(&e, d);
		if (rc == 0 || strncmp(floe_buf_cstr(&e), k->err, strlen(k->err)) != 0) {
			fprintf(stderr, "%s:%d: case '%s'\n  got error:  %s\n  want error: %s\n",
				file, k->line, k->name, rc ? floe_buf_cstr(&e) : "(none)", k->err);
			unit_failed_tests++;
		}
		floe_buf_release(&e);
	} else {
		floe_buf e = FLOE_BUF_INIT;
		first_diag(&e, d);
		if (rc != 0 || strcmp(floe_buf_cstr(&got), k->out ? k->out : "") != 0) {
			fprintf(stderr, "%s:%d: case '%s'\n  got:  [%s]%s%s\n  want: [%s]\n",
				file, k->line, k->name, floe_buf_cstr(&got),
				rc ? " error: " : "", rc ? floe_buf_cstr(&e) : "",
				k->out ? k->out : "");
			unit_failed_tests++;
		}
		floe_buf_release(&e);
	}
	floe_buf_release(&got);
	floe_jinja_rt_free(rt);
	floe_jinja_tpl_free(t);
	floe_source_unref(src);
	for (int i = 0; i < k->nmacros; i++) {
		floe_jinja_tpl_free(mt[i]);
		floe_source_unref(msrc[i]);
	}
	floe_diags_free(d);
	floe_jinja_env_free(env);
}

/* Sections: "=== name", "--- template|context|output|error|mode|macros PKG". */
static void run_file(const char *path)
{
	floe_buf text = FLOE_BUF_INIT;
	if (floe_fs_read(&text, path, 1 << 24) != 0) {
		fprintf(stderr, "%s: cannot read\n", path);
		unit_failed_tests++;
		return;
	}
	struct kase k = { 0 };
	char **sect = NULL;
	floe_buf cur = FLOE_BUF_INIT;
	char *p = text.ptr, *end = text.ptr + text.len;
	int line = 0;
	bool have = false;
	while (p <= end) {
		char *nl = memchr(p, '\n', (size_t)(end - p));
		size_t n = nl ? (size_t)(nl - p) : (size_t)(end - p);
		line++;
		bool marker = n >= 4 && (strncmp(p, "=== ", 4) == 0 || strncmp(p, "--- ", 4) == 0);
		if (marker || p == end) {
			if (sect) {
				if (cur.len && cur.ptr[cur.len - 1] == '\n')
					cur.len--;
				*sect = floe_xstrndup(floe_buf_cstr(&cur), cur.len);
			}
			floe_buf_clear(&cur);
			sect = NULL;
			if (p == end || strncmp(p, "=== ", 4) == 0) {
				if (have)
					run_case(path, &k);
				free(k.name); free(k.tpl); free(k.ctx); free(k.out);
				free(k.err); free(k.mode);
				for (int i = 0; i < k.nmacros; i++) {
					free(k.macros[i]);
					free(k.pkgs[i]);
				}
				memset(&k, 0, sizeof(k));
				if (p == end)
					break;
				k.name = floe_xstrndup(p + 4, n - 4);
				k.line = line;
				have = true;
			} else {
				char *w = floe_xstrndup(p + 4, n - 4);
				if (strcmp(w, "template") == 0) sect = &k.tpl;
				else if (strcmp(w, "context") == 0) sect = &k.ctx;
				else if (strcmp(w, "output") == 0) sect = &k.out;
				else if (strcmp(w, "error") == 0) sect = &k.err;
				else if (strcmp(w, "mode") == 0) sect = &k.mode;
				else if (strncmp(w, "macros", 6) == 0 && k.nmacros < 4) {
					k.pkgs[k.nmacros] = floe_xstrdup(w[6] ? w + 7 : "");
					sect = &k.macros[k.nmacros++];
				}
				free(w);
			}
		} else {
			floe_buf_put(&cur, p, n);
			floe_buf_putc(&cur, '\n');
		}
		if (!nl)
			p = end;
		else
			p = nl + 1;
	}
	floe_buf_release(&cur);
	floe_buf_release(&text);
}

static void test_jinja__cases(void)
{
	DIR *dir = opendir("tests/jinja/cases");
	CHECK(dir != NULL);
	if (!dir)
		return;
	struct dirent *e;
	char *names[256];
	size_t n = 0;
	while ((e = readdir(dir)) != NULL && n < 256)
		if (floe_path_has_ext(e->d_name, ".txt"))
			names[n++] = floe_xstrdup(e->d_name);
	closedir(dir);
	CHECK(n > 0);
	for (size_t i = 0; i < n; i++) {
		char path[512];
		snprintf(path, sizeof(path), "tests/jinja/cases/%s", names[i]);
		run_file(path);
		free(names[i]);
	}
}

/* issue 18 item 4: deep expressions are diagnostics, not stack overflows */
static void hostile(const char *head, const char *unit, const char *tail,
		    const char *close, size_t bytes, const char *code)
{
	floe_buf b = FLOE_BUF_INIT;
	size_t n = 0;
	floe_buf_puts(&b, "{{ ");
	floe_buf_puts(&b, head);
	for (; b.len < bytes; n++)
		floe_buf_puts(&b, unit);
	floe_buf_puts(&b, tail);
	for (size_t k = 0; close && k < n; k++)
		floe_buf_puts(&b, close);
	floe_buf_puts(&b, " }}");
	bytes = b.len;
	floe_jinja_env *env = floe_jinja_env_new(FLOE_JINJA_DBT);
	floe_diags *d = floe_diags_new(0);
	floe_source *src = floe_source_new("deep.sql", floe_buf_detach(&b), bytes);
	size_t len;
	floe_source_text(src, &len);
	floe_jinja_tpl *t = NULL;
	CHECK_INT(floe_jinja_parse(&t, env, d, src), FLOE_EINVALID);
	CHECK(floe_diags_count(d) >= 1);
	if (floe_diags_count(d))
		CHECK_STR(floe_diags_at(d, 0)->code, code);
	floe_jinja_tpl_free(t);
	floe_source_unref(src);
	floe_diags_free(d);
	floe_jinja_env_free(env);
}

static void test_jinja__hostile_depth(void)
{
	hostile("", "not ", "true", NULL, 240 * 1024, "jinja/too-deep");
	hostile("x", " | lower", "", NULL, 240 * 1024, "jinja/too-deep");
	hostile("a", " ~ a", "", NULL, 240 * 1024, "jinja/too-deep");
	hostile("", "(", "1", ")", 240 * 1024, "jinja/too-deep");
	hostile("", "- ", "1", NULL, 240 * 1024, "jinja/too-deep");
	hostile("", "[", "1", "]", 240 * 1024, "jinja/too-deep");
	hostile("x", ".a", "", NULL, 240 * 1024, "jinja/too-deep");
	hostile("f", "(1)", "", NULL, 240 * 1024, "jinja/too-deep");
}

static int render_str(const char *text, floe_jinja_limits *lim, floe_buf *out,
		      const char **code)
{
	floe_jinja_env *env = floe_jinja_env_new(FLOE_JINJA_DBT);
	if (lim)
		floe_jinja_env_limits(env, lim);
	floe_diags *d = floe_diags_new(0);
	floe_source *src = floe_source_new("h.sql", floe_xstrdup(text), strlen(text));
	floe_jinja_tpl *t = NULL;
	floe_jinja_rt *rt = floe_jinja_rt_new(env, d, NULL);
	int rc = floe_jinja_parse(&t, env, d, src);
	if (rc == 0)
		rc = floe_jinja_render(rt, t, -1, out);
	static char codebuf[64];
	codebuf[0] = '\0';
	if (floe_diags_count(d))
		snprintf(codebuf, sizeof(codebuf), "%s", floe_diags_at(d, 0)->code);
	*code = codebuf;
	floe_jinja_rt_free(rt);
	floe_jinja_tpl_free(t);
	floe_source_unref(src);
	floe_diags_free(d);
	floe_jinja_env_free(env);
	return rc;
}

static void test_jinja__budgets(void)
{
	floe_buf out = FLOE_BUF_INIT;
	const char *code;
	/* a macro that calls itself */
	CHECK_INT(render_str("{% macro f(n) %}{{ f(n + 1) }}{% endmacro %}{{ f(0) }}",
			     NULL, &out, &code), FLOE_EINVALID);
	CHECK_STR(code, "jinja/too-deep");
	CHECK_INT(out.len, 0);
	/* nested loops past the step budget */
	floe_jinja_limits lim = { 200, 100, 100000, 100000 };
	CHECK_INT(render_str("{% for a in range(1000) %}{% for b in range(1000) %}{% endfor %}{% endfor %}",
			     &lim, &out, &code), FLOE_EINVALID);
	CHECK_STR(code, "jinja/budget");
	/* output past the size cap */
	CHECK_INT(render_str("{% for a in range(10000) %}xxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxx{% endfor %}",
			     &lim, &out, &code), FLOE_EINVALID);
	CHECK_STR(code, "jinja/too-big");
	CHECK_INT(render_str("{{ 'x' * 100000000 }}", &lim, &out, &code), FLOE_EINVALID);
	CHECK_STR(code, "jinja/too-big");
	CHECK_INT(out.len, 0);
	/* values that double: printed, concatenated, extended, as JSON */
	static const char *const doubling[] = {
		"{% set ns = namespace(a=[1]) %}{% for i in range(80) %}{% set ns.a = [ns.a, ns.a] %}{% endfor %}{{ ns.a }}",
		"{% set ns = namespace(a=[1]) %}{% for i in range(80) %}{% set ns.a = ns.a + ns.a %}{% endfor %}",
		"{% set l = [1] %}{% for i in range(80) %}{% do l.extend(l) %}{% endfor %}",
		"{% set ns = namespace(a=[1]) %}{% for i in range(80) %}{% set ns.a = [ns.a, ns.a] %}{% endfor %}{{ tojson(ns.a) }}",
		"{% set ns = namespace(a='ab') %}{% for i in range(80) %}{% set ns.a = ns.a + ns.a %}{% endfor %}",
		"{{ fromyaml('a: &a [1,1,1,1,1,1,1,1,1,1]\nb: &b [*a,*a,*a,*a,*a,*a,*a,*a,*a,*a]\nc: &c [*b,*b,*b,*b,*b,*b,*b,*b,*b,*b]\nd: &d [*c,*c,*c,*c,*c,*c,*c,*c,*c,*c]\ne: &e [*d,*d,*d,*d,*d,*d,*d,*d,*d,*d]\nf: &f [*e,*e,*e,*e,*e,*e,*e,*e,*e,*e]\ng: [*f,*f,*f,*f,*f,*f,*f,*f,*f,*f]') }}",
	};
	floe_jinja_limits big = { 200, 100, (size_t)1 << 20, 10000000 };
	for (size_t i = 0; i < sizeof(doubling) / sizeof(*doubling); i++) {
		CHECK_INT(render_str(doubling[i], &big, &out, &code), FLOE_EINVALID);
		CHECK_STR(code, "jinja/too-big");
	}
	/* a YAML alias to its own node is not a cycle in the value */
	CHECK_INT(render_str("{{ fromyaml('a: &a [*a]') }}", NULL, &out, &code), FLOE_EINVALID);
	CHECK_STR(code, "jinja/value");
	floe_buf_release(&out);
}

/* the host API: macros by package, named blocks, calling a macro value */
static void test_jinja__host_api(void)
{
	floe_jinja_env *env = floe_jinja_env_new(FLOE_JINJA_DBT);
	floe_diags *d = floe_diags_new(0);
	const char *mtext = "{% macro hello(x) %}hi {{ x }}{% endmacro %}"
			    "{% test not_null(model, column_name) %}select {{ column_name }}{% endtest %}"
			    "{% materialization table, adapter='duckdb' %}m{% endmaterialization %}";
	floe_source *ms = floe_source_new("macros/h.sql", floe_xstrdup(mtext), strlen(mtext));
	floe_jinja_tpl *mt = NULL;
	CHECK_INT(floe_jinja_parse(&mt, env, d, ms), 0);
	floe_jinja_env_add_macros(env, mt, "pkg");
	floe_jval m;
	CHECK(floe_jinja_env_find_macro(env, "pkg", "hello", &m));
	CHECK(floe_jinja_env_find_macro(env, "pkg", "test_not_null", &m));
	CHECK(floe_jinja_env_find_macro(env, "pkg", "materialization_table_duckdb", &m));
	CHECK(!floe_jinja_env_find_macro(env, NULL, "hello", &m));
	CHECK(floe_jinja_env_find_macro(env, "pkg", "hello", &m));
	floe_jinja_rt *rt = floe_jinja_rt_new(env, d, NULL);
	floe_jval arg = floe_jv_cstr("bob"), res;
	CHECK_INT(floe_jinja_call_value(rt, &m, &arg, 1, &res), 0);
	floe_buf b = FLOE_BUF_INIT;
	floe_jv_str_put(&b, &res);
	CHECK_STR(floe_buf_cstr(&b), "hi bob");
	floe_buf_clear(&b);

	const char *text = "a{% docs orders %}The orders{% enddocs %}"
			   "{% snapshot snap %}select {{ pkg.hello(1) }}{% endsnapshot %}b";
	floe_source *src = floe_source_new("s.sql", floe_xstrdup(text), strlen(text));
	floe_jinja_tpl *t = NULL;
	CHECK_INT(floe_jinja_parse(&t, env, d, src), 0);
	CHECK_INT(floe_jinja_tpl_blocks(t), 2);
	const char *kind, *name;
	CHECK(floe_jinja_tpl_block(t, 1, &kind, &name));
	CHECK_STR(kind, "snapshot");
	CHECK_STR(name, "snap");
	CHECK_INT(floe_jinja_render(rt, t, -1, &b), 0);
	CHECK_STR(floe_buf_cstr(&b), "ab");
	floe_buf_clear(&b);
	CHECK_INT(floe_jinja_render(rt, t, 1, &b), 0);
	CHECK_STR(floe_buf_cstr(&b), "select hi 1");
	floe_buf_release(&b);
	floe_jinja_rt_free(rt);
	floe_jinja_tpl_free(t);
	floe_jinja_tpl_free(mt);
	floe_source_unref(src);
	floe_source_unref(ms);
	floe_diags_free(d);
	floe_jinja_env_free(env);
}

int main(void)
{
	RUN(test_jinja__cases);
	RUN(test_jinja__hostile_depth);
	RUN(test_jinja__budgets);
	RUN(test_jinja__host_api);
	return unit_done("jinja");
}
