/*
 * fuzz_jinja.c: libFuzzer target for the runner's Jinja/SQL ref scanner.
 * The input is a model: it is parsed (then also as a macro file and as one
 * expression, like a relationships `to:`), checked, and when it passes,
 * rendered twice (is_incremental() false and true) with stand-in hooks
 * whose ref() and source() answer for any name.  Silent.
 */
#include <stdint.h>
#include <stdlib.h>
#include <string.h>
#include "runtime/run_int.h"

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size);

static const struct jrel rel = { "db", "main", "m", "\"db\".\"main\".\"m\"",
				 "main.m" };

static int ref(void *ud, struct jrender *r, const struct jexpr *at,
	       const char *pkg, const char *name, struct jval *out)
{
	if (!name[0]) {
		floe_runtime__run_render_error(r, "run/unknown-ref", at, "empty name");
		return -1;
	}
	out->k = JV_REL;
	out->rel = &rel;
	return 0;
}

static int source(void *ud, struct jrender *r, const struct jexpr *at,
		  const char *s, const char *t, struct jval *out)
{
	return ref(ud, r, at, NULL, t, out);
}

static bool var(void *ud, const char *name, struct jval *out)
{
	if (strcmp(name, "n") != 0)
		return false;
	out->k = JV_INT;
	out->i = 3;
	return true;
}

static const char *env(void *ud, const char *name)
{
	return strcmp(name, "HOME") == 0 ? "/home/x" : NULL;
}

static int config(void *ud, struct jrender *r, const struct jexpr *at,
		  const char *key, const struct jval *v)
{
	floe_buf b = FLOE_BUF_INIT;
	floe_runtime__run_val_str(&b, v);
	floe_buf_release(&b);
	return 0;
}

static const struct jhooks hooks = { NULL, ref, source, var, env, config };

static void render(floe_arena *a, floe_diags *d, const struct jtpl *t,
		   bool incremental)
{
	static const char *keys[] = { "name", "schema" };
	static struct jval vals[] = { { .k = JV_STR, .s = "dev", .len = 3 },
				      { .k = JV_STR, .s = "main", .len = 4 } };
	struct jval target = { .k = JV_DICT, .keys = keys, .items = vals,
			       .len = 2 };
	floe_buf out = FLOE_BUF_INIT;
	struct jrender r = { .t = t, .h = &hooks, .a = a, .d = d, .out = &out,
			     .self = &rel, .target = &target,
			     .incremental = incremental };
	floe_runtime__run_render(&r);
	for (const struct jstmt *s = t->body; s; s = s->next)
		if (s->kind == JS_MACRO) {
			struct jval arg = { .k = JV_STR, .s = "x", .len = 1 };
			r.failed = false;
			floe_buf_clear(&out);
			floe_runtime__run_render_macro(&r, s, &arg, 1);
		}
	floe_buf_release(&out);
}

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size)
{
	static const char *macros[] = { "helper" };
	char *text = malloc(size + 1);
	memcpy(text, data, size);
	text[size] = '\0';
	floe_source *src = floe_source_new("fuzz.sql", text, size);
	floe_diags *d = floe_diags_new(20);
	floe_arena *a = floe_arena_new();
	struct jtpl *t = NULL;
	struct jexpr *e = NULL;

	for (int macros_file = 0; macros_file < 2; macros_file++)
		if (floe_runtime__run_jinja_parse(&t, a, d, src, macros_file) == 0 &&
		    floe_runtime__run_jinja_check(d, t, macros, 1) == 0) {
			render(a, d, t, false);
			render(a, d, t, true);
		}
	floe_runtime__run_jinja_expr(&e, a, d, src);
	floe_buf msgs = FLOE_BUF_INIT;
	floe_render_opts opts = { FLOE_FMT_TEXT, false, "floe", "0", "fuzz" };
	floe_diag_render(&msgs, d, &opts);
	floe_buf_release(&msgs);
	floe_arena_free(a);
	floe_diags_free(d);
	floe_source_unref(src);
	return 0;
}
