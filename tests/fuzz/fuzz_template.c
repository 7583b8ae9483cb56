/*
 * fuzz_template.c: libFuzzer target for the template engine.  The input is
 * a template: it is compiled, its diagnostics rendered, and when it
 * compiles it is rendered against one fixed context full of hostile
 * values (quotes, newlines, "{{ }}", NUL, nesting).  Silent.
 */
#include <stdint.h>
#include <stdlib.h>
#include "emit/template_int.h"

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

static json_t *ctx(void)
{
	static json_t *c;

	if (!c)
		c = json_loads(context, JSON_ALLOW_NUL, NULL);
	return c;
}

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size)
{
	floe_diags *d = floe_diags_new(20);
	floe_template *t = NULL;
	floe_buf out = FLOE_BUF_INIT, err = FLOE_BUF_INIT;
	floe_render_opts opts = { FLOE_FMT_TEXT, false, "floe", "0", "fuzz" };

	if (floe_emit__template_parse(&t, d, "fuzz.tmpl", (const char *)data,
				size) == 0) {
		t->max_steps = 1 << 12; /* nested loops multiply */
		floe_emit__template_render(&out, t, ctx(), &err);
	}
	floe_diag_render(&out, d, &opts);
	floe_emit__template_free(t);
	floe_diags_free(d);
	floe_buf_release(&out);
	floe_buf_release(&err);
	return 0;
}
