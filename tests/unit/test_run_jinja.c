/*
 * test_run_jinja.c: the runner's Jinja subset on its own: parsing with
 * whitespace control, the static check (what is outside the subset, and
 * where), and rendering with stand-in hooks for ref(), source(), var(),
 * env_var() and config().  No project and no DuckDB.
 */
#include <stdlib.h>
#include <string.h>
#include "runtime/run_int.h"
#include "unit.h"

static const struct jrel rel_a = { "db", "main", "a", "\"db\".\"main\".\"a\"",
				   "main.a" };
static const struct jrel rel_src = { "db", "raw", "t", "\"db\".\"raw\".\"t\"",
				     "raw.t" };
static char config_seen[256];

static int fake_ref(void *ud, struct jrender *r, const struct jexpr *at,
		    const char *pkg, const char *name, struct jval *out)
{
	if (strcmp(name, "a") != 0) {
		floe_runtime__run_render_error(r, "run/unknown-ref", at, "no model '%s'", name);
		return -1;
	}
	out->k = JV_REL;
	out->rel = &rel_a;
	return 0;
}

static int fake_source(void *ud, struct jrender *r, const struct jexpr *at,
		       const char *s, const char *t, struct jval *out)
{
	out->k = JV_REL;
	out->rel = &rel_src;
	return 0;
}

static bool fake_var(void *ud, const char *name, struct jval *out)
{
	if (strcmp(name, "days") == 0) {
		out->k = JV_INT;
		out->i = 7;
		return true;
	}
	if (strcmp(name, "list") == 0) {
		static struct jval items[2] = { { .k = JV_STR, .s = "x", .len = 1 },
						{ .k = JV_STR, .s = "y", .len = 1 } };
		out->k = JV_LIST;
		out->items = items;
		out->len = 2;
		return true;
	}
	return false;
}

static const char *fake_env(void *ud, const char *name)
{
	return strcmp(name, "HOME_REGION") == 0 ? "eu" : NULL;
}

static int fake_config(void *ud, struct jrender *r, const struct jexpr *at,
		       const char *key, const struct jval *v)
{
	size_t n = strlen(config_seen);
	floe_buf b = FLOE_BUF_INIT;
	floe_runtime__run_val_str(&b, v);
	snprintf(config_seen + n, sizeof(config_seen) - n, "%s=%s;", key,
		 floe_buf_cstr(&b));
	floe_buf_release(&b);
	return 0;
}

static const struct jhooks hooks = { NULL, fake_ref, fake_source, fake_var,
				     fake_env, fake_config };

struct result {
	int parse, check, render;
	char *out;
	floe_diags *d;
};

static struct jval target;

static void result_free(struct result *r)
{
	free(r->out);
	floe_diags_free(r->d);
}

static struct result run(const char *text, bool incremental)
{
	struct result res = { -9, -9, -9, NULL, floe_diags_new(0) };
	floe_arena *a = floe_arena_new();
	floe_source *src = floe_source_new("m.sql", floe_xstrdup(text), strlen(text));
	struct jtpl *t = NULL;
	floe_buf out = FLOE_BUF_INIT;
	static const char *keys[] = { "name", "schema" };
	static struct jval vals[] = { { .k = JV_STR, .s = "dev", .len = 3 },
				      { .k = JV_STR, .s = "main", .len = 4 } };
	static const char *macros[] = { "cents_to_dollars" };

	target = (struct jval){ .k = JV_DICT, .keys = keys, .items = vals, .len = 2 };
	config_seen[0] = '\0';
	res.parse = floe_runtime__run_jinja_parse(&t, a, res.d, src, false);
	if (res.parse == 0)
		res.check = floe_runtime__run_jinja_check(res.d, t, macros, 1);
	if (res.check == 0) {
		struct jrender r = { .t = t, .h = &hooks, .a = a, .d = res.d,
				     .out = &out, .self = &rel_a, .target = &target,
				     .incremental = incremental };
		floe_buf_put(&out, "", 0);
		res.render = floe_runtime__run_render(&r);
		res.out = floe_buf_detach(&out);
	}
	floe_buf_release(&out);
	floe_source_unref(src);
	floe_arena_free(a);
	return res;
}

/* Render text; the output, or "<error: code line:col>". */
static char *render(const char *text)
{
	struct result r = run(text, false);
	char *s;
	if (r.render == 0) {
		s = r.out;
		r.out = NULL;
	} else {
		const floe_diag *dg = floe_diags_count(r.d) ? floe_diags_at(r.d, 0) : NULL;
		floe_buf b = FLOE_BUF_INIT;
		floe_buf_printf(&b, "<error: %s %u:%u>", dg ? dg->code : "?",
				dg ? dg->span.line : 0, dg ? dg->span.col : 0);
		s = floe_buf_detach(&b);
	}
	result_free(&r);
	return s;
}

#define CHECK_RENDER(text, want)                                             \
	do {                                                                 \
		char *got_ = render(text);                                   \
		CHECK_STR(got_, want);                                       \
		free(got_);                                                  \
	} while (0)

static void test_run_jinja__text_and_comments(void)
{
	CHECK_RENDER("select 1", "select 1");
	CHECK_RENDER("select {# a comment #}1", "select 1");
	CHECK_RENDER("a {# x\n y #} b { c } d {{ '{{' }}", "a  b { c } d {{");
	CHECK_RENDER("", "");
	CHECK_RENDER("{{ 'caf\xc3\xa9' }}", "caf\xc3\xa9");
}

static void test_run_jinja__whitespace_control(void)
{
	CHECK_RENDER("a\n  {%- if true -%}\n  b\n  {%- endif %}\nc", "ab\nc");
	CHECK_RENDER("x  {{- 1 -}}  y", "x1y");
	CHECK_RENDER("x\n{# c -#}\n y", "x\ny");
	CHECK_RENDER("{% if true %}\nb\n{% endif %}", "\nb\n");
}

static void test_run_jinja__dbt_functions(void)
{
	CHECK_RENDER("select * from {{ ref('a') }}",
		     "select * from \"db\".\"main\".\"a\"");
	CHECK_RENDER("{{ ref('proj', 'a') }}", "\"db\".\"main\".\"a\"");
	CHECK_RENDER("{{ source('raw', 't') }}", "\"db\".\"raw\".\"t\"");
	CHECK_RENDER("{{ this }} {{ this.schema }}.{{ this.identifier }}",
		     "\"db\".\"main\".\"a\" main.a");
	CHECK_RENDER("{{ var('days') * 2 }} {{ var('missing', 'dflt') }}", "14 dflt");
	CHECK_RENDER("{{ env_var('HOME_REGION') }}-{{ env_var('NOPE', 'us') }}",
		     "eu-us");
	CHECK_RENDER("{{ target.name }}/{{ target.schema }}", "dev/main");
	CHECK_RENDER("{{ config(materialized='table', unique_key=['a', 'b']) }}x", "x");
	CHECK_STR(config_seen, "materialized=table;unique_key=['a', 'b'];");
	CHECK_RENDER("{% if is_incremental() %}inc{% else %}full{% endif %}", "full");
	struct result r = run("{% if is_incremental() %}inc{% endif %}", true);
	CHECK_STR(r.out, "inc");
	result_free(&r);
}

static void test_run_jinja__control_and_expressions(void)
{
	CHECK_RENDER("{% set x = 3 %}{% if x > 5 %}big{% elif x > 2 %}mid{% else %}small{% endif %}",
		     "mid");
	CHECK_RENDER("{% set cols = ['a', 'b'] %}{{ cols | join(', ') }} {{ cols | length }}",
		     "a, b 2");
	CHECK_RENDER("{{ 'a' ~ 1 ~ none }} {{ 1 + 2 * 3 }} {{ 7 // 2 }} {{ 7 % 3 }} {{ 7 / 2 }}",
		     "a1None 7 3 1 3.5");
	CHECK_RENDER("{{ 'x' in var('list') }} {{ 'z' not in var('list') }} {{ not false }}",
		     "True True True");
	CHECK_RENDER("{{ '  Hi ' | trim | upper }} {{ 'a-b' | replace('-', '_') }}",
		     "HI a_b");
	CHECK_RENDER("{{ undefined_thing is defined }} {{ none is none }} {{ 1 is not none }}",
		     "False True True");
	CHECK_RENDER("{{ missing | default('d') }}", "d");
	CHECK_RENDER("{{ 'y' if 1 == 1.0 else 'n' }} {{ 0 or 'b' }} {{ 1 and 2 }}",
		     "y b 2");
	CHECK_RENDER("{{ 1.5 }} {{ 2.0 }} {{ -3 }} {{ [1, 'a'] }} {{ {'k': 1} }}",
		     "1.5 2.0 -3 [1, 'a'] {'k': 1}");
	CHECK_RENDER("{{ var('list')[1] }} {{ {'k': 'v'}['k'] }}", "y v");
	CHECK_RENDER("{% if 'a' < 'b' and 2 >= 2 and 1 != 2 %}ok{% endif %}", "ok");
}

/* The first diagnostic's code, line and column. */
static void check_diag(const char *text, const char *code, unsigned line,
		       unsigned col, const char *msg_part)
{
	struct result r = run(text, false);
	CHECK(floe_diags_count(r.d) > 0);
	if (floe_diags_count(r.d)) {
		const floe_diag *dg = floe_diags_at(r.d, 0);
		CHECK_STR(dg->code, code);
		CHECK_INT(dg->span.line, line);
		CHECK_INT(dg->span.col, col);
		if (!strstr(dg->msg, msg_part))
			fprintf(stderr, "message: %s\n", dg->msg);
		CHECK(strstr(dg->msg, msg_part) != NULL);
	}
	result_free(&r);
}

static void test_run_jinja__unsupported(void)
{
	check_diag("select\n  {% for c in ['a'] %}{{ c }}{% endfor %}",
		   "run/unsupported-jinja", 2, 3, "{% for %} is not supported");
	check_diag("select {{ dbt_utils.star(ref('a')) }}", "run/unsupported-jinja",
		   1, 11, "call of 'dbt_utils.star'");
	check_diag("x\n{{ cents_to_dollars('amount') }}", "run/unsupported-jinja",
		   2, 4, "call of macro 'cents_to_dollars'");
	check_diag("{{ refs('a') }}", "run/unsupported-jinja", 1, 4,
		   "unknown function 'refs'; did you mean 'ref'?");
	check_diag("{{ 'a' | tojson }}", "run/unsupported-jinja", 1, 4,
		   "filter 'tojson'");
	check_diag("{{ adapter.quote('a') }}", "run/unsupported-jinja", 1, 4,
		   "call of 'adapter.quote'");
	check_diag("{{ execute }}", "run/unsupported-jinja", 1, 4,
		   "'execute' is not supported");
	check_diag("{% raw %}x{% endraw %}", "run/unsupported-jinja", 1, 1,
		   "{% raw %}");
	check_diag("{% macro m() %}{% endmacro %}", "run/unsupported-jinja", 1, 1,
		   "{% macro %}");
	check_diag("{{ ref('a', v=2) }}", "run/unsupported-jinja", 1, 4, "version");
	check_diag("{{ source('a') }}", "run/unsupported-jinja", 1, 4,
		   "takes 2 arguments");
	check_diag("{{ 2 ** 3 }}", "run/unsupported-jinja", 1, 6, "'**'");
}

static void test_run_jinja__syntax_errors(void)
{
	check_diag("select {{ ref('a')", "run/jinja-syntax", 1, 8, "unclosed tag");
	check_diag("{% if true %}x", "run/jinja-syntax", 1, 1,
		   "missing {% endif %}");
	check_diag("{{ 'abc }}", "run/jinja-syntax", 1, 4, "unterminated string");
	check_diag("{# never closed", "run/jinja-syntax", 1, 1, "unclosed comment");
	check_diag("{{ 1 + }}", "run/jinja-syntax", 1, 8, "expected an expression");
	check_diag("{% bogus %}", "run/jinja-syntax", 1, 4, "unknown tag 'bogus'");
	check_diag("{% endif %}", "run/jinja-syntax", 1, 4, "unknown tag 'endif'");
	floe_buf deep = FLOE_BUF_INIT;
	floe_buf_puts(&deep, "{{ ");
	for (int i = 0; i < 200; i++)
		floe_buf_putc(&deep, '(');
	floe_buf_puts(&deep, "1 }}");
	check_diag(deep.ptr, "run/jinja-syntax", 1, 68, "nested too deeply");
	floe_buf_release(&deep);
}

static void test_run_jinja__render_errors(void)
{
	check_diag("{{ var('nope') }}", "run/undefined-var", 1, 4,
		   "required var 'nope'");
	check_diag("a\n  {{ env_var('NOPE') }}", "run/undefined-env", 2, 6,
		   "environment variable 'NOPE'");
	check_diag("{{ ref('zzz') }}", "run/unknown-ref", 1, 4, "no model 'zzz'");
	check_diag("{% if false %}{% set y = 1 %}{% endif %}{{ y }}", "run/render",
		   1, 44, "'y' is undefined");
	check_diag("{{ 1 // 0 }}", "run/render", 1, 4, "division by zero");
	check_diag("{{ target.nope }}", "run/render", 1, 4, "no attribute 'nope'");
	/* a doubling string stops at the size limit instead of eating memory */
	floe_buf big = FLOE_BUF_INIT;
	floe_buf_puts(&big, "{% set s = 'xxxxxxxxxxxxxxxx' %}");
	for (int i = 0; i < 40; i++)
		floe_buf_puts(&big, "{% set s = s ~ s %}");
	check_diag(big.ptr, "run/render", 1, 424, "larger than");
	floe_buf_release(&big);
}

static void test_run_jinja__expression_alone(void)
{
	floe_arena *a = floe_arena_new();
	floe_diags *d = floe_diags_new(0);
	floe_source *src = floe_source_new("x", floe_xstrdup("ref('a')"), 8);
	struct jexpr *e = NULL;
	CHECK_INT(floe_runtime__run_jinja_expr(&e, a, d, src), 0);
	CHECK(e && e->kind == JX_CALL && strcmp(e->name, "ref") == 0);
	floe_source_unref(src);
	src = floe_source_new("x", floe_xstrdup("ref('a') junk"), 13);
	CHECK_INT(floe_runtime__run_jinja_expr(&e, a, d, src), FLOE_EINVALID);
	floe_source_unref(src);
	floe_diags_free(d);
	floe_arena_free(a);
}

int main(void)
{
	RUN(test_run_jinja__text_and_comments);
	RUN(test_run_jinja__whitespace_control);
	RUN(test_run_jinja__dbt_functions);
	RUN(test_run_jinja__control_and_expressions);
	RUN(test_run_jinja__unsupported);
	RUN(test_run_jinja__syntax_errors);
	RUN(test_run_jinja__render_errors);
	RUN(test_run_jinja__expression_alone);
	return unit_done("run_jinja");
}
