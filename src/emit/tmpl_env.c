/*
 * tmpl_env.c: the Jinja environment floe's output templates are rendered
 * in (strict mode: undefined is an error, every {{ }} ends with one of the
 * escaping filters below, trim_blocks and lstrip_blocks on, the final
 * newline kept), the filters themselves (escape.c's escapers wrapped as
 * engine functions), and the writers' JSON contexts as engine values.
 * Nothing here decides what a file holds: the writers and templates do.
 */
#include <string.h>
#include "emit/compile_int.h"
#include "floe/jinja.h"

/* ---- JSON and engine values ---- */

floe_jval floe_emit__tmpl_value(floe_arena *a, const json_t *j)
{
	const char *k;
	json_t *x;
	size_t i;
	floe_jval v;

	switch (json_typeof(j)) {
	case JSON_OBJECT:
		v = floe_jv_dict(a);
		json_object_foreach((json_t *)j, k, x)
			floe_jv_dict_set(a, v.u.dict, floe_jv_str(k, strlen(k)),
					 floe_emit__tmpl_value(a, x));
		return v;
	case JSON_ARRAY:
		v = floe_jv_list(a);
		json_array_foreach(j, i, x)
			floe_jv_list_push(a, v.u.list, floe_emit__tmpl_value(a, x));
		return v;
	case JSON_STRING:
		return floe_jv_str(json_string_value(j), json_string_length(j));
	case JSON_INTEGER: return floe_jv_int(json_integer_value(j));
	case JSON_REAL: return floe_jv_float(json_real_value(j));
	case JSON_TRUE: return floe_jv_bool(true);
	case JSON_FALSE: return floe_jv_bool(false);
	default: return floe_jv_none();
	}
}

/* A value as JSON (a new reference), or NULL when it is not JSON data. */
static json_t *to_json(const floe_jval *v)
{
	json_t *j;

	switch (v->k) {
	case FLOE_JV_NONE: return json_null();
	case FLOE_JV_BOOL: return json_boolean(v->u.b);
	case FLOE_JV_INT: return json_integer(v->u.i);
	case FLOE_JV_FLOAT: return json_real(v->u.f);
	case FLOE_JV_STR: return json_stringn(v->u.str.s, v->u.str.len);
	case FLOE_JV_LIST:
		j = json_array();
		for (size_t i = 0; i < v->u.list->len; i++) {
			json_t *x = to_json(&v->u.list->items[i]);
			if (!x)
				return json_decref(j), NULL;
			json_array_append_new(j, x);
		}
		return j;
	case FLOE_JV_DICT:
		j = json_object();
		for (size_t i = 0; i < v->u.dict->len; i++) {
			const floe_jval *key = &v->u.dict->keys[i];
			json_t *x = key->k == FLOE_JV_STR ?
				    to_json(&v->u.dict->vals[i]) : NULL;
			if (!x || json_object_setn_new(j, key->u.str.s,
						       key->u.str.len, x))
				return json_decref(j), NULL;
		}
		return j;
	default:
		return NULL;
	}
}

/* ---- the filters ---- */

static int set_text(floe_jinja_call *c, const floe_buf *b, floe_jval *out)
{
	*out = floe_jv_strdup(floe_jinja_rt_arena(c->rt), b->ptr ? b->ptr : "",
			      b->len);
	return 0;
}

static int cannot(floe_jinja_call *c, const char *why)
{
	return floe_jinja_fail(c->rt, "jinja/value", "filter '%s' cannot write "
			       "this value: it %s", (const char *)c->ud, why);
}

/*
 * The escaping filters on text: strings, and numbers and booleans as
 * their text (8080, 1.5, true); none, lists and dicts are refused.
 */
static int escape_text(floe_jinja_call *c, floe_jval *out, floe_esc_fn fn)
{
	floe_buf tmp = FLOE_BUF_INIT, b = FLOE_BUF_INIT;
	const floe_jval *v = &c->pos[0];
	const char *s = v->u.str.s, *why;
	size_t len = v->u.str.len;
	int rc;

	if (c->npos != 1 || c->nkw)
		return floe_jinja_fail(c->rt, "jinja/args", "filter '%s' takes "
				       "no arguments", (const char *)c->ud);
	if (v->k != FLOE_JV_STR) {
		json_t *j = v->k == FLOE_JV_BOOL || v->k == FLOE_JV_INT ||
			    v->k == FLOE_JV_FLOAT ? to_json(v) : NULL;
		if (!j || !floe_emit__esc_scalar_text(&tmp, j)) {
			json_decref(j);
			return floe_jinja_fail(c->rt, "jinja/type", "filter '%s' "
					       "cannot write a value of type '%s'",
					       (const char *)c->ud,
					       floe_jv_kind_name(v));
		}
		json_decref(j);
		s = tmp.ptr;
		len = tmp.len;
	}
	why = fn(&b, s, len);
	rc = why ? cannot(c, why) : set_text(c, &b, out);
	floe_buf_release(&tmp);
	floe_buf_release(&b);
	return rc;
}

static const char *esc_raw(floe_buf *out, const char *s, size_t len)
{
	floe_buf_put(out, s, len);
	return NULL;
}

#define TEXT_FILTER(name, fn)                                               \
	static int f_##name(floe_jinja_call *c, floe_jval *out)            \
	{                                                                   \
		return escape_text(c, out, fn);                             \
	}

TEXT_FILTER(yaml_str, floe_emit__esc_yaml_str)
TEXT_FILTER(dbt_yaml, floe_emit__esc_dbt_yaml)
TEXT_FILTER(sql_str, floe_emit__esc_sql_str)
TEXT_FILTER(sql_ident, floe_emit__esc_sql_ident)
TEXT_FILTER(sql_ident_bare, floe_emit__esc_sql_ident_bare)
TEXT_FILTER(env_value, floe_emit__esc_env_value)
TEXT_FILTER(properties, floe_emit__esc_properties)
TEXT_FILTER(dbt_env_var, floe_emit__esc_dbt_env_var)
TEXT_FILTER(raw, esc_raw)

/* yaml and json: any JSON value. */
static int escape_json(floe_jinja_call *c, floe_jval *out, bool yaml)
{
	floe_buf b = FLOE_BUF_INIT;
	const char *why = NULL;
	json_t *j;
	int rc;

	if (c->npos != 1 || c->nkw)
		return floe_jinja_fail(c->rt, "jinja/args", "filter '%s' takes "
				       "no arguments", (const char *)c->ud);
	if (!(j = to_json(&c->pos[0])))
		return floe_jinja_fail(c->rt, "jinja/type", "filter '%s' cannot "
				       "write a value of type '%s'",
				       (const char *)c->ud,
				       floe_jv_kind_name(&c->pos[0]));
	if (yaml)
		why = floe_emit__esc_yaml(&b, j);
	else
		floe_emit__esc_json(&b, j);
	json_decref(j);
	rc = why ? cannot(c, why) : set_text(c, &b, out);
	floe_buf_release(&b);
	return rc;
}

static int f_yaml(floe_jinja_call *c, floe_jval *out)
{
	return escape_json(c, out, true);
}

static int f_json(floe_jinja_call *c, floe_jval *out)
{
	return escape_json(c, out, false);
}

static const struct {
	const char *name;
	floe_jinja_fn fn;
} filters[] = {
	{ "dbt_env_var", f_dbt_env_var },
	{ "dbt_yaml", f_dbt_yaml },
	{ "env_value", f_env_value },
	{ "json", f_json },
	{ "properties_value", f_properties },
	{ "raw", f_raw },
	{ "sql_ident", f_sql_ident },
	{ "sql_ident_bare", f_sql_ident_bare },
	{ "sql_str", f_sql_str },
	{ "yaml", f_yaml },
	{ "yaml_str", f_yaml_str },
};

floe_jinja_env *floe_emit__tmpl_env_new(void)
{
	floe_jinja_env *env = floe_jinja_env_new(FLOE_JINJA_STRICT);

	floe_jinja_env_trim_blocks(env, true, true);
	floe_jinja_env_keep_trailing_newline(env, true);
	for (size_t i = 0; i < FLOE_ARRAY_SIZE(filters); i++) {
		floe_jinja_env_filter(env, filters[i].name, filters[i].fn,
				      (void *)filters[i].name);
		floe_jinja_env_output_filter(env, filters[i].name);
	}
	return env;
}
