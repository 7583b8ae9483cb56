/*
 * globals.c: the globals the engine provides in both modes: Jinja's
 * range, dict, namespace, cycler, joiner, and dbt's zip, set, return,
 * log, print, exceptions, tojson/fromjson, local_md5 and modules (re and
 * datetime are in modules.c).  Host globals (ref, config, adapter, ...)
 * shadow these; they are static, so a lookup allocates nothing.
 */
#include <jansson.h>
#include <string.h>
#include "jinja_int.h"

static const floe_jval *arg(const floe_jinja_call *c, size_t i, const char *n)
{
	return floe_jinja_arg(c, i, n);
}

static int g_range(floe_jinja_call *c, floe_jval *out)
{
	int64_t start = 0, stop = 0, step = 1;
	for (size_t i = 0; i < c->npos; i++)
		if (c->pos[i].k != FLOE_JV_INT)
			return floe_jinja_fail(c->rt, "jinja/type",
					       "range() arguments must be integers, not '%s'",
					       floe_jv_kind_name(&c->pos[i]));
	if (c->npos == 1)
		stop = c->pos[0].u.i;
	else if (c->npos >= 2)
		start = c->pos[0].u.i, stop = c->pos[1].u.i;
	if (c->npos >= 3)
		step = c->pos[2].u.i;
	if (c->npos == 0 || c->npos > 3 || step == 0)
		return floe_jinja_fail(c->rt, "jinja/args", step ? "range() takes 1 to 3 arguments" :
								 "range() arg 3 must not be zero");
	/* the count, exactly: the differences fit in 64 unsigned bits */
	uint64_t span = step > 0 ? (start < stop ? (uint64_t)stop - (uint64_t)start : 0) :
				   (start > stop ? (uint64_t)start - (uint64_t)stop : 0);
	uint64_t mag = step > 0 ? (uint64_t)step : (uint64_t)0 - (uint64_t)step;
	double n = span ? (double)((span - 1) / mag + 1) : 0;
	if (floe_jinja__room(c->rt, (size_t)(n > 1e15 ? 1e15 : n)) < 0)
		return RC_ERR;
	if (c->rt->steps + (uint64_t)(n > 0 ? n : 0) > c->rt->env->lim.max_steps)
		return floe_jinja_fail(c->rt, "jinja/budget", "range of %.0f items is too long", n);
	*out = floe_jv_list(c->rt->a);
	/* by count: start + k * step stays between start and stop */
	for (uint64_t k = 0; k < (uint64_t)n; k++)
		floe_jv_list_push(c->rt->a, out->u.list,
				  floe_jv_int((int64_t)((uint64_t)start + k * (uint64_t)step)));
	c->rt->steps += out->u.list->len;
	return 0;
}

static int kw_dict(floe_jinja_call *c, floe_jval *out)
{
	*out = floe_jv_dict(c->rt->a);
	if (c->npos) {
		const floe_jval *src = &c->pos[0];
		if (src->k == FLOE_JV_DICT || src->k == FLOE_JV_NS) {
			for (size_t i = 0; i < src->u.dict->len; i++)
				floe_jv_dict_set(c->rt->a, out->u.dict, src->u.dict->keys[i],
						 src->u.dict->vals[i]);
		} else if (src->k == FLOE_JV_LIST) {
			for (size_t i = 0; i < src->u.list->len; i++) {
				const floe_jval *p = &src->u.list->items[i];
				if (p->k != FLOE_JV_LIST || p->u.list->len != 2)
					return floe_jinja_fail(c->rt, "jinja/value",
							       "dict() needs pairs");
				floe_jv_dict_set(c->rt->a, out->u.dict, p->u.list->items[0],
						 p->u.list->items[1]);
			}
		}
	}
	for (size_t i = 0; i < c->nkw; i++)
		floe_jv_dict_sets(c->rt->a, out->u.dict, c->kwn[i], c->kwv[i]);
	return 0;
}

static int g_namespace(floe_jinja_call *c, floe_jval *out)
{
	int rc = kw_dict(c, out);
	out->k = FLOE_JV_NS;
	return rc;
}

/* cycler(*items): .next(), .reset(), .current */
struct cyc {
	floe_jval *items;
	size_t n, pos;
};

static int cyc_next(floe_jinja_call *c, floe_jval *out)
{
	struct cyc *y = c->ud;
	*out = y->items[y->pos];
	y->pos = (y->pos + 1) % y->n;
	return 0;
}

static int cyc_reset(floe_jinja_call *c, floe_jval *out)
{
	((struct cyc *)c->ud)->pos = 0;
	*out = floe_jv_none();
	return 0;
}

static int cyc_getattr(floe_jinja_rt *rt, void *data, const char *name, floe_jval *out)
{
	struct cyc *y = data;
	if (floe_str_eq(name, "next"))
		*out = floe_jv_func(rt->a, "next", cyc_next, y);
	else if (floe_str_eq(name, "reset"))
		*out = floe_jv_func(rt->a, "reset", cyc_reset, y);
	else if (floe_str_eq(name, "current"))
		*out = y->items[y->pos];
	else
		return 1;
	return 0;
}

static const floe_jobj_type cycler_type = { "Cycler", cyc_getattr, NULL, NULL, NULL };

static int g_cycler(floe_jinja_call *c, floe_jval *out)
{
	if (!c->npos)
		return floe_jinja_fail(c->rt, "jinja/args", "at least one item has to be provided");
	struct cyc *y = floe_arena_alloc(c->rt->a, sizeof(*y));
	y->items = floe_arena_alloc(c->rt->a, c->npos * sizeof(*y->items));
	memcpy(y->items, c->pos, c->npos * sizeof(*y->items));
	y->n = c->npos;
	*out = floe_jv_obj(c->rt->a, &cycler_type, y);
	return 0;
}

struct joiner {
	floe_jval sep;
	bool used;
};

static int joiner_call(floe_jinja_call *c, floe_jval *out)
{
	struct joiner *j = c->ud;
	*out = j->used ? j->sep : floe_jv_str("", 0);
	j->used = true;
	return 0;
}

static const floe_jobj_type joiner_type = { "Joiner", NULL, NULL, joiner_call, NULL };

static int g_joiner(floe_jinja_call *c, floe_jval *out)
{
	struct joiner *j = floe_arena_alloc(c->rt->a, sizeof(*j));
	const floe_jval *sep = arg(c, 0, "sep");
	j->sep = sep && sep->k == FLOE_JV_STR ? *sep : floe_jv_cstr(", ");
	*out = floe_jv_obj(c->rt->a, &joiner_type, j);
	return 0;
}

static int g_zip(floe_jinja_call *c, floe_jval *out)
{
	floe_jlist *ls = floe_arena_alloc(c->rt->a, (c->npos + 1) * sizeof(*ls));
	size_t n = SIZE_MAX;
	for (size_t i = 0; i < c->npos; i++) {
		if (floe_jinja__iter(c->rt, &c->pos[i], &ls[i]) < 0)
			return RC_ERR;
		if (ls[i].len < n)
			n = ls[i].len;
	}
	*out = floe_jv_list(c->rt->a);
	for (size_t k = 0; c->npos && k < n; k++) {
		floe_jval t = floe_jv_list(c->rt->a);
		t.tuple = 1;
		for (size_t i = 0; i < c->npos; i++)
			floe_jv_list_push(c->rt->a, t.u.list, ls[i].items[k]);
		floe_jv_list_push(c->rt->a, out->u.list, t);
	}
	return 0;
}

/* dbt's set(): the distinct items (kept in first-seen order) */
static int g_set(floe_jinja_call *c, floe_jval *out)
{
	floe_jlist l = { 0 };
	*out = floe_jv_list(c->rt->a);
	if (c->npos && floe_jinja__iter(c->rt, &c->pos[0], &l) < 0)
		return RC_ERR;
	for (size_t i = 0; i < l.len; i++) {
		bool seen;
		if (!floe_jinja__contains(out, &l.items[i], &seen))
			floe_jv_list_push(c->rt->a, out->u.list, l.items[i]);
	}
	return 0;
}

static int g_return(floe_jinja_call *c, floe_jval *out)
{
	c->rt->ret = c->npos ? c->pos[0] : floe_jv_none();
	*out = c->rt->ret;
	return RC_RETURN;
}

static int say(floe_jinja_call *c, floe_jval *out, bool warn)
{
	floe_buf b = FLOE_BUF_INIT;
	if (c->npos)
		floe_jv_str_put(&b, &c->pos[0]);
	if (c->rt->env->log)
		c->rt->env->log(c->rt->env->log_ud, warn, floe_buf_cstr(&b));
	floe_buf_release(&b);
	*out = floe_jv_str("", 0);
	return 0;
}

static int g_log(floe_jinja_call *c, floe_jval *out) { return say(c, out, false); }
static int g_warn(floe_jinja_call *c, floe_jval *out) { return say(c, out, true); }

static int g_raise(floe_jinja_call *c, floe_jval *out)
{
	floe_buf b = FLOE_BUF_INIT;
	(void)out;
	if (c->npos)
		floe_jv_str_put(&b, &c->pos[0]);
	int rc = floe_jinja_fail(c->rt, "jinja/raised", "%s", floe_buf_cstr(&b));
	floe_buf_release(&b);
	return rc;
}

static int g_md5(floe_jinja_call *c, floe_jval *out)
{
	floe_jval s;
	char hex[33];
	if (!c->npos)
		return floe_jinja_fail(c->rt, "jinja/args", "local_md5 takes a string");
	if (floe_jinja__str(c->rt, &c->pos[0], &s) < 0)
		return RC_ERR;
	floe_jinja__md5_hex(s.u.str.s, s.u.str.len, hex);
	*out = floe_jv_strdup(c->rt->a, hex, 32);
	return 0;
}

static int g_tojson(floe_jinja_call *c, floe_jval *out)
{
	const floe_jval *sort = arg(c, 99, "sort_keys");
	floe_buf b = FLOE_BUF_INIT;
	if (!c->npos)
		return floe_jinja_fail(c->rt, "jinja/args", "tojson takes a value");
	if (floe_jinja__tojson(c->rt, &c->pos[0], -1, sort && floe_jv_truthy(sort), &b) < 0) {
		floe_buf_release(&b);
		return RC_ERR;
	}
	*out = floe_jinja__buf_val(c->rt, &b);
	floe_buf_release(&b);
	return 0;
}

static floe_jval from_json(floe_jinja_rt *rt, json_t *j, int depth)
{
	floe_jval v = floe_jv_none();
	if (depth > 200)
		return v;
	switch (json_typeof(j)) {
	case JSON_OBJECT: {
		const char *k;
		json_t *x;
		v = floe_jv_dict(rt->a);
		json_object_foreach(j, k, x)
			floe_jv_dict_set(rt->a, v.u.dict, floe_jv_strdup(rt->a, k, strlen(k)),
					 from_json(rt, x, depth + 1));
		return v;
	}
	case JSON_ARRAY: {
		size_t i;
		json_t *x;
		v = floe_jv_list(rt->a);
		json_array_foreach(j, i, x)
			floe_jv_list_push(rt->a, v.u.list, from_json(rt, x, depth + 1));
		return v;
	}
	case JSON_STRING:
		return floe_jv_strdup(rt->a, json_string_value(j), json_string_length(j));
	case JSON_INTEGER: return floe_jv_int(json_integer_value(j));
	case JSON_REAL: return floe_jv_float(json_real_value(j));
	case JSON_TRUE: return floe_jv_bool(true);
	case JSON_FALSE: return floe_jv_bool(false);
	default: return v;
	}
}

static int g_fromjson(floe_jinja_call *c, floe_jval *out)
{
	const floe_jval *s = arg(c, 0, "string");
	const floe_jval *dflt = arg(c, 1, "default");
	if (!s || s->k != FLOE_JV_STR)
		return floe_jinja_fail(c->rt, "jinja/args", "fromjson takes a string");
	json_error_t err;
	json_t *j = json_loadb(s->u.str.s, s->u.str.len, JSON_DECODE_ANY | JSON_ALLOW_NUL, &err);
	if (!j) {
		if (dflt) {
			*out = *dflt;
			return 0;
		}
		return floe_jinja_fail(c->rt, "jinja/value", "fromjson: %s", err.text);
	}
	*out = from_json(c->rt, j, 0);
	json_decref(j);
	return 0;
}

static int g_fromyaml(floe_jinja_call *c, floe_jval *out)
{
	const floe_jval *s = arg(c, 0, "value");
	const floe_jval *dflt = arg(c, 1, "default");
	bool ok;
	if (!s || s->k != FLOE_JV_STR)
		return floe_jinja_fail(c->rt, "jinja/args", "fromyaml takes a string");
	floe_jinja__fromyaml(c->rt, s, out, &ok);
	if (ok)
		return 0;
	if (dflt) {
		*out = *dflt;
		return 0;
	}
	return floe_jinja_fail(c->rt, "jinja/value", "fromyaml: the text is not YAML");
}

static int g_toyaml(floe_jinja_call *c, floe_jval *out)
{
	const floe_jval *sort = arg(c, 2, "sort_keys");
	floe_buf b = FLOE_BUF_INIT;
	if (!c->npos)
		return floe_jinja_fail(c->rt, "jinja/args", "toyaml takes a value");
	if (floe_jinja__toyaml(c->rt, &c->pos[0], sort && floe_jv_truthy(sort), &b) < 0) {
		floe_buf_release(&b);
		return RC_ERR;
	}
	*out = floe_jinja__buf_val(c->rt, &b);
	floe_buf_release(&b);
	return 0;
}

#define FN(n, f) { n, f, NULL, { .k = FLOE_JV_UNDEF } }
static floe_jfunc fns[] = {
	FN("range", g_range), FN("dict", kw_dict), FN("namespace", g_namespace),
	FN("cycler", g_cycler), FN("joiner", g_joiner), FN("zip", g_zip),
	FN("set", g_set), FN("return", g_return), FN("log", g_log),
	FN("print", g_log), FN("local_md5", g_md5), FN("tojson", g_tojson),
	FN("fromjson", g_fromjson), FN("fromyaml", g_fromyaml), FN("toyaml", g_toyaml),
};
static floe_jfunc exc_fns[] = {
	FN("raise_compiler_error", g_raise), FN("warn", g_warn),
};

static int exc_getattr(floe_jinja_rt *rt, void *data, const char *name, floe_jval *out)
{
	(void)rt;
	(void)data;
	for (size_t k = 0; k < FLOE_ARRAY_SIZE(exc_fns); k++)
		if (floe_str_eq(exc_fns[k].name, name)) {
			*out = (floe_jval){ .k = FLOE_JV_FUNC, .u.fn = &exc_fns[k] };
			return 0;
		}
	return 1;
}

static const floe_jobj_type exc_type = { "exceptions", exc_getattr, NULL, NULL, NULL };
static floe_jobj exc_obj = { &exc_type, NULL };

bool floe_jinja__builtin_global(floe_jinja_rt *rt, const char *name,
				floe_jval *out)
{
	for (size_t k = 0; k < FLOE_ARRAY_SIZE(fns); k++)
		if (floe_str_eq(fns[k].name, name)) {
			*out = (floe_jval){ .k = FLOE_JV_FUNC, .u.fn = &fns[k] };
			return true;
		}
	if (floe_str_eq(name, "exceptions")) {
		*out = (floe_jval){ .k = FLOE_JV_OBJ, .u.obj = &exc_obj };
		return true;
	}
	if (floe_str_eq(name, "modules"))
		return floe_jinja__modules(rt, out);
	return false;
}
