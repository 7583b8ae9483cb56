/*
 * fuzz_jinja2.c: libFuzzer target for the one Jinja engine (src/jinja).
 * The input is parsed as a dbt template and as a strict one; each that
 * parses is rendered with a small context and a host ref(), under tight
 * step, output and call budgets; its macros are registered as a package
 * and each is called with one argument.  Diagnostics are rendered.
 * Silent.
 */
#include <stdint.h>
#include <stdlib.h>
#include <string.h>
#include "floe/jinja.h"
#include "util/util.h"

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size);

static int ref(floe_jinja_call *c, floe_jval *out)
{
	*out = floe_jv_cstr("\"db\".\"main\".\"m\"");
	return 0;
}

static int sq(floe_jinja_call *c, floe_jval *out)
{
	*out = c->pos[0];
	return 0;
}

static void run(floe_jinja_mode mode, floe_source *src, floe_diags *d)
{
	static const floe_jinja_limits lim = { 64, 16, 1 << 16, 200000 };
	floe_jinja_env *env = floe_jinja_env_new(mode);
	floe_jinja_env_limits(env, &lim);
	floe_jinja_env_func(env, "ref", ref, NULL);
	floe_jinja_env_filter(env, "sq", sq, NULL);
	floe_jinja_env_output_filter(env, "sq");
	floe_arena *a = floe_jinja_env_arena(env);
	floe_jval vars = floe_jv_dict(a), l = floe_jv_list(a);
	floe_jv_list_push(a, l.u.list, floe_jv_int(1));
	floe_jv_list_push(a, l.u.list, floe_jv_cstr("b"));
	floe_jv_dict_sets(a, vars.u.dict, "items", l);
	floe_jv_dict_sets(a, vars.u.dict, "name", floe_jv_cstr("x'y"));
	floe_jinja_tpl *t = NULL;
	if (floe_jinja_parse(&t, env, d, src) == 0) {
		floe_jinja_env_add_macros(env, t, "pkg");
		floe_jinja_rt *rt = floe_jinja_rt_new(env, d, vars.u.dict);
		floe_buf out = FLOE_BUF_INIT;
		floe_jinja_render(rt, t, -1, &out);
		for (size_t i = 0; i < floe_jinja_tpl_blocks(t); i++) {
			floe_buf_clear(&out);
			floe_jinja_render(rt, t, (long)i, &out);
		}
		floe_jval arg = floe_jv_cstr("a");
		for (size_t i = 0; i < 8; i++) {
			/* each macro by the names the template gives (m0..m7 probes) */
			char name[8] = { 'm', (char)('0' + i), 0 };
			floe_jval m, res;
			if (floe_jinja_env_find_macro(env, "pkg", name, &m))
				floe_jinja_call_value(rt, &m, &arg, 1, &res);
		}
		floe_buf_release(&out);
		floe_jinja_rt_free(rt);
	}
	floe_jinja_tpl_free(t);
	floe_jinja_env_free(env);
}

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size)
{
	char *text = malloc(size + 1);
	memcpy(text, data, size);
	text[size] = '\0';
	floe_source *src = floe_source_new("fuzz.sql", text, size);
	floe_diags *d = floe_diags_new(20);
	run(FLOE_JINJA_DBT, src, d);
	run(FLOE_JINJA_STRICT, src, d);
	floe_buf msgs = FLOE_BUF_INIT;
	floe_render_opts opts = { .format = FLOE_FMT_TEXT, .tool = "floe", .tool_version = "0", .suite = "fuzz" };
	floe_diag_render(&msgs, d, &opts);
	floe_buf_release(&msgs);
	floe_diags_free(d);
	floe_source_unref(src);
	return 0;
}
