/*
 * jinja_render.c: the Jinja engine's share of issue 19's 10,000-model
 * project, without I/O: 603 macros in three packages (the project, dbt,
 * dbt_utils), then 10,000 models parsed and rendered, each with 3 refs (a
 * host callback), a 10-item for loop calling a project macro, a
 * package-qualified dbt_utils macro with its own loop and another macro.
 * Prints the time; `make bench-jinja` runs it.
 */
#include <stdio.h>
#include <string.h>
#include "floe/jinja.h"
#include "util/util.h"

static int ref(floe_jinja_call *c, floe_jval *out)
{
	floe_buf b = FLOE_BUF_INIT;
	floe_buf_puts(&b, "\"db\".\"main\".\"");
	floe_jv_str_put(&b, &c->pos[0]);
	floe_buf_putc(&b, '"');
	*out = floe_jv_strdup(floe_jinja_rt_arena(c->rt), b.ptr, b.len);
	floe_buf_release(&b);
	return 0;
}

static floe_jinja_tpl *macros(floe_jinja_env *env, floe_diags *d, const char *text,
			      const char *pkg)
{
	floe_source *src = floe_source_new("macros/m.sql", floe_xstrdup(text), strlen(text));
	floe_jinja_tpl *t = NULL;
	if (floe_jinja_parse(&t, env, d, src) == 0)
		floe_jinja_env_add_macros(env, t, pkg);
	floe_source_unref(src);
	return t;
}

int main(void)
{
	floe_jinja_env *env = floe_jinja_env_new(FLOE_JINJA_DBT);
	floe_diags *d = floe_diags_new(0);
	floe_jinja_env_func(env, "ref", ref, NULL);
	floe_jinja_tpl *mt[3];
	mt[0] = macros(env, d, "{% macro cents_to_dollars(col, scale=2) %}({{ col }} / 100)"
			       "::numeric(16, {{ scale }}){% endmacro %}", "");
	floe_buf mb = FLOE_BUF_INIT;
	for (int k = 0; k < 300; k++)
		floe_buf_printf(&mb, "{%% macro helper_%d(x) %%}h{{ x }}{%% endmacro %%}", k);
	floe_buf_puts(&mb, "{% macro generate_surrogate_key(cols) %}md5({% for c in cols %}"
			   "coalesce(cast({{ c }} as varchar), '_null_')"
			   "{{ \" || '-' || \" if not loop.last }}{% endfor %}){% endmacro %}");
	mt[1] = macros(env, d, floe_buf_cstr(&mb), "dbt");
	mt[2] = macros(env, d, floe_buf_cstr(&mb), "dbt_utils");
	floe_buf_release(&mb);
	floe_buf out = FLOE_BUF_INIT, text = FLOE_BUF_INIT;
	size_t total = 0;
	double t0 = floe_now_ms();
	for (int i = 0; i < 10000; i++) {
		floe_buf_clear(&text);
		floe_buf_printf(&text,
			"{%% set methods = ['a%d', 'b', 'c', 'd', 'e', 'f', 'g', 'h', 'i', 'j'] %%}\n"
			"with o as (select * from {{ ref('orders_%d') }}),\n"
			"p as (select * from {{ ref('payments_%d') }}),\n"
			"c as (select * from {{ ref('customers') }})\n"
			"select {{ dbt_utils.generate_surrogate_key(['o.id', 'p.id']) }} as sk,\n"
			"{%% for m in methods -%%}\n"
			"  sum(case when p.method = '{{ m }}' then {{ cents_to_dollars('p.amount') }}"
			" else 0 end) as {{ m }}_amount{{ ',' if not loop.last }}\n"
			"{%% endfor -%%}\n"
			"from o join p on o.id = p.order_id -- {{ helper_7(1) }}\n", i, i, i);
		size_t len = text.len;
		floe_source *src = floe_source_new("models/m.sql", floe_buf_detach(&text), len);
		floe_jinja_tpl *t = NULL;
		floe_jinja_rt *rt = floe_jinja_rt_new(env, d, NULL);
		floe_buf_clear(&out);
		if (floe_jinja_parse(&t, env, d, src) != 0 ||
		    floe_jinja_render(rt, t, -1, &out) != 0) {
			fprintf(stderr, "jinja_render: model %d failed\n", i);
			return 1;
		}
		total += out.len;
		floe_jinja_rt_free(rt);
		floe_jinja_tpl_free(t);
		floe_source_unref(src);
	}
	printf("jinja: 10000 models parsed and rendered in %.1f ms (%zu bytes of SQL)\n",
	       floe_now_ms() - t0, total);
	floe_buf_release(&out);
	floe_buf_release(&text);
	for (int k = 0; k < 3; k++)
		floe_jinja_tpl_free(mt[k]);
	floe_diags_free(d);
	floe_jinja_env_free(env);
	return 0;
}
