/*
 * tests.c: Jinja's built-in tests (`x is defined`, `n is divisibleby 3`,
 * `x is in [..]`, the comparison aliases), by name for `is` and for the
 * select/reject filters.
 */
#include <string.h>
#include "jinja_int.h"

static const floe_jval *targ(const floe_jinja_call *c, size_t i)
{
	return floe_jinja_arg(c, i + 1, NULL);
}

static int ret(floe_jval *out, bool b)
{
	*out = floe_jv_bool(b);
	return 0;
}

static int need(floe_jinja_call *c, size_t n, const char *name)
{
	if (c->npos > n)
		return 0;
	return floe_jinja_fail(c->rt, "jinja/args", "test '%s' needs an argument", name);
}

#define SUBJ (&c->pos[0])

static int t_defined(floe_jinja_call *c, floe_jval *o) { return ret(o, SUBJ->k != FLOE_JV_UNDEF); }
static int t_undefined(floe_jinja_call *c, floe_jval *o) { return ret(o, SUBJ->k == FLOE_JV_UNDEF); }
static int t_none(floe_jinja_call *c, floe_jval *o) { return ret(o, SUBJ->k == FLOE_JV_NONE); }
static int t_boolean(floe_jinja_call *c, floe_jval *o) { return ret(o, SUBJ->k == FLOE_JV_BOOL); }
static int t_true(floe_jinja_call *c, floe_jval *o) { return ret(o, SUBJ->k == FLOE_JV_BOOL && SUBJ->u.b); }
static int t_false(floe_jinja_call *c, floe_jval *o) { return ret(o, SUBJ->k == FLOE_JV_BOOL && !SUBJ->u.b); }
static int t_integer(floe_jinja_call *c, floe_jval *o) { return ret(o, SUBJ->k == FLOE_JV_INT); }
static int t_float(floe_jinja_call *c, floe_jval *o) { return ret(o, SUBJ->k == FLOE_JV_FLOAT); }
static int t_number(floe_jinja_call *c, floe_jval *o)
{
	return ret(o, SUBJ->k == FLOE_JV_INT || SUBJ->k == FLOE_JV_FLOAT || SUBJ->k == FLOE_JV_BOOL);
}
static int t_string(floe_jinja_call *c, floe_jval *o) { return ret(o, SUBJ->k == FLOE_JV_STR); }
static int t_mapping(floe_jinja_call *c, floe_jval *o) { return ret(o, SUBJ->k == FLOE_JV_DICT); }
static int t_sequence(floe_jinja_call *c, floe_jval *o)
{
	return ret(o, SUBJ->k == FLOE_JV_LIST || SUBJ->k == FLOE_JV_STR || SUBJ->k == FLOE_JV_DICT);
}
static int t_iterable(floe_jinja_call *c, floe_jval *o)
{
	return ret(o, SUBJ->k == FLOE_JV_LIST || SUBJ->k == FLOE_JV_STR || SUBJ->k == FLOE_JV_DICT);
}
static int t_callable(floe_jinja_call *c, floe_jval *o)
{
	return ret(o, SUBJ->k == FLOE_JV_MACRO || SUBJ->k == FLOE_JV_FUNC ||
		      (SUBJ->k == FLOE_JV_OBJ && SUBJ->u.obj->type->call));
}
static int t_escaped(floe_jinja_call *c, floe_jval *o) { return ret(o, SUBJ->safe != 0); }

static int case_test(floe_jinja_call *c, floe_jval *o, bool upper)
{
	if (SUBJ->k != FLOE_JV_STR)
		return ret(o, false);
	floe_jval s = *SUBJ;
	for (size_t i = 0; i < s.u.str.len; i++) {
		char ch = s.u.str.s[i];
		if (upper ? (ch >= 'a' && ch <= 'z') : (ch >= 'A' && ch <= 'Z'))
			return ret(o, false);
	}
	return ret(o, true);
}
static int t_lower(floe_jinja_call *c, floe_jval *o) { return case_test(c, o, false); }
static int t_upper(floe_jinja_call *c, floe_jval *o) { return case_test(c, o, true); }

static int parity(floe_jinja_call *c, floe_jval *o, int want)
{
	if (SUBJ->k != FLOE_JV_INT)
		return floe_jinja_fail(c->rt, "jinja/type", "'%s' is not an integer",
				       floe_jv_kind_name(SUBJ));
	return ret(o, ((SUBJ->u.i % 2) + 2) % 2 == want);
}
static int t_even(floe_jinja_call *c, floe_jval *o) { return parity(c, o, 0); }
static int t_odd(floe_jinja_call *c, floe_jval *o) { return parity(c, o, 1); }

static int t_divisibleby(floe_jinja_call *c, floe_jval *o)
{
	if (need(c, 1, "divisibleby") < 0)
		return RC_ERR;
	const floe_jval *d = targ(c, 0);
	if (SUBJ->k != FLOE_JV_INT || d->k != FLOE_JV_INT)
		return floe_jinja_fail(c->rt, "jinja/type", "divisibleby needs integers");
	if (d->u.i == 0)
		return floe_jinja_fail(c->rt, "jinja/zero-division", "integer modulo by zero");
	return ret(o, SUBJ->u.i % d->u.i == 0);
}

static int cmp_test(floe_jinja_call *c, floe_jval *o, int op, const char *name)
{
	int r = 0;
	if (need(c, 1, name) < 0)
		return RC_ERR;
	if (op == 0)
		return ret(o, floe_jv_eq(SUBJ, targ(c, 0)));
	if (op == 1)
		return ret(o, !floe_jv_eq(SUBJ, targ(c, 0)));
	if (floe_jinja__cmp(c->rt, SUBJ, targ(c, 0), &r) < 0)
		return RC_ERR;
	return ret(o, op == 2 ? r < 0 : op == 3 ? r <= 0 : op == 4 ? r > 0 : r >= 0);
}
static int t_eq(floe_jinja_call *c, floe_jval *o) { return cmp_test(c, o, 0, "eq"); }
static int t_ne(floe_jinja_call *c, floe_jval *o) { return cmp_test(c, o, 1, "ne"); }
static int t_lt(floe_jinja_call *c, floe_jval *o) { return cmp_test(c, o, 2, "lt"); }
static int t_le(floe_jinja_call *c, floe_jval *o) { return cmp_test(c, o, 3, "le"); }
static int t_gt(floe_jinja_call *c, floe_jval *o) { return cmp_test(c, o, 4, "gt"); }
static int t_ge(floe_jinja_call *c, floe_jval *o) { return cmp_test(c, o, 5, "ge"); }

static int t_sameas(floe_jinja_call *c, floe_jval *o)
{
	if (need(c, 1, "sameas") < 0)
		return RC_ERR;
	const floe_jval *b = targ(c, 0);
	if (SUBJ->k != b->k)
		return ret(o, false);
	switch (SUBJ->k) {
	case FLOE_JV_NONE: case FLOE_JV_UNDEF: return ret(o, true);
	case FLOE_JV_BOOL: return ret(o, SUBJ->u.b == b->u.b);
	case FLOE_JV_INT: return ret(o, SUBJ->u.i == b->u.i);
	case FLOE_JV_STR: return ret(o, SUBJ->u.str.s == b->u.str.s && SUBJ->u.str.len == b->u.str.len);
	default: return ret(o, SUBJ->u.list == b->u.list);
	}
}

static int t_in(floe_jinja_call *c, floe_jval *o)
{
	bool ok;
	if (need(c, 1, "in") < 0)
		return RC_ERR;
	bool r = floe_jinja__contains(targ(c, 0), SUBJ, &ok);
	if (!ok)
		return floe_jinja_fail(c->rt, "jinja/type", "argument of type '%s' is not iterable",
				       floe_jv_kind_name(targ(c, 0)));
	return ret(o, r);
}

static int t_filter(floe_jinja_call *c, floe_jval *o)
{
	return ret(o, SUBJ->k == FLOE_JV_STR && floe_jinja__builtin_filter(
		       floe_arena_strndup(c->rt->a, SUBJ->u.str.s, SUBJ->u.str.len)));
}

static int t_test(floe_jinja_call *c, floe_jval *o)
{
	return ret(o, SUBJ->k == FLOE_JV_STR && floe_jinja__builtin_test(
		       floe_arena_strndup(c->rt->a, SUBJ->u.str.s, SUBJ->u.str.len)));
}

static const struct jfilter_def tests[] = {
	{ "boolean", t_boolean, NULL }, { "callable", t_callable, NULL },
	{ "defined", t_defined, NULL }, { "divisibleby", t_divisibleby, NULL },
	{ "eq", t_eq, NULL }, { "==", t_eq, NULL }, { "equalto", t_eq, NULL },
	{ "escaped", t_escaped, NULL }, { "even", t_even, NULL },
	{ "false", t_false, NULL }, { "filter", t_filter, NULL },
	{ "float", t_float, NULL }, { "ge", t_ge, NULL }, { ">=", t_ge, NULL },
	{ "gt", t_gt, NULL }, { ">", t_gt, NULL }, { "greaterthan", t_gt, NULL },
	{ "in", t_in, NULL }, { "integer", t_integer, NULL },
	{ "iterable", t_iterable, NULL }, { "le", t_le, NULL }, { "<=", t_le, NULL },
	{ "lower", t_lower, NULL }, { "lt", t_lt, NULL }, { "<", t_lt, NULL },
	{ "lessthan", t_lt, NULL }, { "mapping", t_mapping, NULL },
	{ "ne", t_ne, NULL }, { "!=", t_ne, NULL }, { "none", t_none, NULL },
	{ "number", t_number, NULL }, { "odd", t_odd, NULL },
	{ "sameas", t_sameas, NULL }, { "sequence", t_sequence, NULL },
	{ "string", t_string, NULL }, { "test", t_test, NULL },
	{ "true", t_true, NULL }, { "undefined", t_undefined, NULL },
	{ "upper", t_upper, NULL },
};

const struct jfilter_def *floe_jinja__builtin_test(const char *name)
{
	for (size_t k = 0; k < FLOE_ARRAY_SIZE(tests); k++)
		if (floe_str_eq(tests[k].name, name))
			return &tests[k];
	return NULL;
}

int floe_jinja__test_by_name(floe_jinja_rt *rt, const char *name,
			     const floe_jval *v, const floe_jval *args,
			     size_t nargs, bool *out)
{
	const struct jfilter_def *t = floe_jinja__builtin_test(name);
	if (!t)
		return floe_jinja_fail(rt, "jinja/unknown-test", "no test named '%s'", name);
	floe_jval *pos = floe_arena_alloc(rt->a, (nargs + 1) * sizeof(*pos));
	pos[0] = *v;
	if (nargs)
		memcpy(pos + 1, args, nargs * sizeof(*pos));
	floe_jinja_call c = { .rt = rt, .ud = t->ud, .pos = pos, .npos = nargs + 1 };
	floe_jval r;
	if (t->fn(&c, &r) < 0)
		return RC_ERR;
	*out = floe_jv_truthy(&r);
	return 0;
}
