/*
 * fuzz_template.c: libFuzzer target for floe's output templates on the
 * Jinja engine: the input is parsed in the emitter's environment (strict
 * mode, trim_blocks and lstrip_blocks, the escaping filters of
 * src/emit/tmpl_env.c) and, when it parses, rendered under tight budgets
 * against one fixed JSON context full of hostile values (quotes,
 * newlines, "{{ }}", NUL, nesting), converted as render.c converts the
 * writers' contexts.  Diagnostics are rendered.  Silent.
 * fuzz_jinja2.c covers the engine in both modes with a trivial output
 * filter; this target covers the emitter's filters and whitespace rules.
 */
#include <stdint.h>
#include <stdlib.h>
#include <string.h>
#include "emit/compile_int.h"
#include "floe/jinja.h"

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size);

static const char context[] =
	"{\"name\": \"lake\", \"empty\": \"\", \"zero\": 0, \"no\": false,"
	" \"yes\": true, \"nothing\": null, \"port\": 8080, \"ratio\": 0.5,"
	" \"big\": 1e300, \"neg\": -7,"
	" \"hostile\": \"it's \\\"q\\\"\\n{{ x }}{% if %}{# c #}: # \\r\\t\\\\\","
	" \"nul\": \"a\\u0000b\", \"uni\": \"caf\\u00e9 \\u2028 \\ud83d\\ude00\","
	" \"items\": [\"a\", \"b\\nc\", \"{{\"], \"nums\": [1, 2.5, true, null],"
	" \"map\": {\"k\": \"v\", \"k-2\": \"yes\", \"n\": {\"deep\": [[1], {}]}},"
	" \"catalogs\": {\"lake\": {\"type\": \"iceberg\", \"uri\": \"http://x:1\","
	" \"options\": {\"a\": 1, \"b\": \"two\"}}, \"warm\": {\"type\": \"duckdb\"}}}";

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size)
{
	static const floe_jinja_limits lim = { 64, 16, 1 << 16, 200000 };
	floe_render_opts opts = { .format = FLOE_FMT_TEXT, .tool = "floe", .tool_version = "0", .suite = "fuzz" };
	floe_diags *d = floe_diags_new(20);
	floe_jinja_env *env = floe_emit__tmpl_env_new();
	char *text = malloc(size + 1);
	floe_jinja_tpl *t = NULL;
	floe_buf out = FLOE_BUF_INIT;

	if (size)
		memcpy(text, data, size);
	text[size] = '\0';
	floe_source *src = floe_source_new("fuzz.tmpl", text, size);
	floe_jinja_env_limits(env, &lim);
	if (floe_jinja_parse(&t, env, d, src) == 0) {
		json_t *ctx = json_loads(context, JSON_ALLOW_NUL, NULL);
		floe_arena *a = floe_arena_new();
		floe_jval vars = floe_emit__tmpl_value(a, ctx);
		floe_jinja_rt *rt = floe_jinja_rt_new(env, d, vars.u.dict);
		floe_jinja_render(rt, t, -1, &out);
		floe_jinja_rt_free(rt);
		floe_arena_free(a);
		json_decref(ctx);
	}
	floe_diag_render(&out, d, &opts);
	floe_jinja_tpl_free(t);
	floe_diags_free(d);
	floe_source_unref(src);
	floe_jinja_env_free(env);
	floe_buf_release(&out);
	return 0;
}
