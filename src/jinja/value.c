/*
 * value.c: the one value type: constructors, lists and insertion-ordered
 * dicts, Python's truthiness, equality and ordering, str() and repr() as
 * Python prints them (floats in their shortest round-trip form, True,
 * None, ['a', 1], {'k': 'v'}), iteration, membership, attributes and
 * subscripts.  Methods of strings, lists and dicts are in methods.c.
 */
#include <ctype.h>
#include <math.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include "jinja_int.h"

floe_jval floe_jv_none(void) { return (floe_jval){ .k = FLOE_JV_NONE }; }
floe_jval floe_jv_bool(bool b) { return (floe_jval){ .k = FLOE_JV_BOOL, .u.b = b }; }
floe_jval floe_jv_int(int64_t i) { return (floe_jval){ .k = FLOE_JV_INT, .u.i = i }; }
floe_jval floe_jv_float(double f) { return (floe_jval){ .k = FLOE_JV_FLOAT, .u.f = f }; }

floe_jval floe_jinja__undef(const char *name)
{
	floe_jval v = { .k = FLOE_JV_UNDEF };
	v.u.str.s = name;
	return v;
}

floe_jval floe_jv_str(const char *s, size_t len)
{
	floe_jval v = { .k = FLOE_JV_STR };
	v.u.str.s = s;
	v.u.str.len = len;
	return v;
}

floe_jval floe_jv_cstr(const char *s)
{
	return floe_jv_str(s, strlen(s));
}

floe_jval floe_jv_strdup(floe_arena *a, const char *s, size_t len)
{
	return floe_jv_str(floe_arena_strndup(a, s ? s : "", s ? len : 0),
			   s ? len : 0);
}

floe_jval floe_jv_list(floe_arena *a)
{
	floe_jval v = { .k = FLOE_JV_LIST };
	v.u.list = floe_arena_alloc(a, sizeof(*v.u.list));
	return v;
}

floe_jval floe_jv_dict(floe_arena *a)
{
	floe_jval v = { .k = FLOE_JV_DICT };
	v.u.dict = floe_arena_alloc(a, sizeof(*v.u.dict));
	return v;
}

floe_jval floe_jv_func(floe_arena *a, const char *name, floe_jinja_fn fn,
		       void *ud)
{
	floe_jval v = { .k = FLOE_JV_FUNC };
	v.u.fn = floe_arena_alloc(a, sizeof(*v.u.fn));
	*v.u.fn = (floe_jfunc){ name, fn, ud, { .k = FLOE_JV_UNDEF } };
	return v;
}

floe_jval floe_jv_obj(floe_arena *a, const floe_jobj_type *type, void *data)
{
	floe_jval v = { .k = FLOE_JV_OBJ };
	v.u.obj = floe_arena_alloc(a, sizeof(*v.u.obj));
	v.u.obj->type = type;
	v.u.obj->data = data;
	return v;
}

void floe_jv_list_push(floe_arena *a, floe_jlist *l, floe_jval v)
{
	if (l->len == l->cap) {
		size_t cap = l->cap ? l->cap * 2 : 8;
		floe_jval *ni = floe_arena_alloc(a, cap * sizeof(*ni));
		if (l->len)
			memcpy(ni, l->items, l->len * sizeof(*ni));
		l->items = ni;
		l->cap = cap;
	}
	l->items[l->len++] = v;
}

static long dict_index(const floe_jdict *d, const floe_jval *k)
{
	for (size_t i = 0; i < d->len; i++)
		if (floe_jv_eq(&d->keys[i], k))
			return (long)i;
	return -1;
}

void floe_jv_dict_set(floe_arena *a, floe_jdict *d, floe_jval k, floe_jval v)
{
	long i = dict_index(d, &k);
	if (i >= 0) {
		d->vals[i] = v;
		return;
	}
	if (d->len == d->cap) {
		size_t cap = d->cap ? d->cap * 2 : 8;
		floe_jval *nk = floe_arena_alloc(a, cap * sizeof(*nk));
		floe_jval *nv = floe_arena_alloc(a, cap * sizeof(*nv));
		if (d->len) {
			memcpy(nk, d->keys, d->len * sizeof(*nk));
			memcpy(nv, d->vals, d->len * sizeof(*nv));
		}
		d->keys = nk;
		d->vals = nv;
		d->cap = cap;
	}
	d->keys[d->len] = k;
	d->vals[d->len++] = v;
}

void floe_jv_dict_sets(floe_arena *a, floe_jdict *d, const char *k, floe_jval v)
{
	floe_jv_dict_set(a, d, floe_jv_cstr(k), v);
}

floe_jval *floe_jv_dict_get(const floe_jdict *d, const char *k, size_t len)
{
	for (size_t i = 0; d && i < d->len; i++)
		if (d->keys[i].k == FLOE_JV_STR && d->keys[i].u.str.len == len &&
		    memcmp(d->keys[i].u.str.s, k, len) == 0)
			return &d->vals[i];
	return NULL;
}

const char *floe_jv_kind_name(const floe_jval *v)
{
	static const char *const n[] = { "undefined", "NoneType", "bool", "int",
					 "float", "str", "list", "dict", "macro",
					 "function", "Namespace", "object" };
	if (v->k == FLOE_JV_LIST && v->tuple)
		return "tuple";
	if (v->k == FLOE_JV_OBJ)
		return v->u.obj->type->name;
	return n[v->k];
}

bool floe_jv_truthy(const floe_jval *v)
{
	switch (v->k) {
	case FLOE_JV_UNDEF: case FLOE_JV_NONE: return false;
	case FLOE_JV_BOOL: return v->u.b;
	case FLOE_JV_INT: return v->u.i != 0;
	case FLOE_JV_FLOAT: return v->u.f != 0.0;
	case FLOE_JV_STR: return v->u.str.len != 0;
	case FLOE_JV_LIST: return v->u.list->len != 0;
	case FLOE_JV_DICT: return v->u.dict->len != 0;
	default: return true;
	}
}

static bool is_num(const floe_jval *v)
{
	return v->k == FLOE_JV_INT || v->k == FLOE_JV_FLOAT || v->k == FLOE_JV_BOOL;
}

static double num(const floe_jval *v)
{
	return v->k == FLOE_JV_FLOAT ? v->u.f :
	       v->k == FLOE_JV_BOOL ? (double)v->u.b : (double)v->u.i;
}

bool floe_jv_eq(const floe_jval *a, const floe_jval *b)
{
	if (is_num(a) && is_num(b)) {
		if (a->k != FLOE_JV_FLOAT && b->k != FLOE_JV_FLOAT)
			return (a->k == FLOE_JV_BOOL ? a->u.b : a->u.i) ==
			       (b->k == FLOE_JV_BOOL ? b->u.b : b->u.i);
		return num(a) == num(b);
	}
	if (a->k != b->k)
		return false;
	switch (a->k) {
	case FLOE_JV_UNDEF: case FLOE_JV_NONE: return true;
	case FLOE_JV_STR:
		return a->u.str.len == b->u.str.len &&
		       memcmp(a->u.str.s, b->u.str.s, a->u.str.len) == 0;
	case FLOE_JV_LIST:
		if (a->u.list->len != b->u.list->len)
			return false;
		for (size_t i = 0; i < a->u.list->len; i++)
			if (!floe_jv_eq(&a->u.list->items[i], &b->u.list->items[i]))
				return false;
		return true;
	case FLOE_JV_DICT:
		if (a->u.dict->len != b->u.dict->len)
			return false;
		for (size_t i = 0; i < a->u.dict->len; i++) {
			long j = dict_index(b->u.dict, &a->u.dict->keys[i]);
			if (j < 0 || !floe_jv_eq(&a->u.dict->vals[i], &b->u.dict->vals[j]))
				return false;
		}
		return true;
	case FLOE_JV_NS: return a->u.dict == b->u.dict;
	case FLOE_JV_MACRO: return a->u.macro == b->u.macro;
	case FLOE_JV_FUNC: return a->u.fn == b->u.fn;
	case FLOE_JV_OBJ: return a->u.obj->data == b->u.obj->data;
	default: return false;
	}
}

/* Python's ordering: numbers, strings, lists; else a TypeError. */
int floe_jinja__cmp(floe_jinja_rt *rt, const floe_jval *a, const floe_jval *b,
		    int *out)
{
	if (is_num(a) && is_num(b)) {
		if (a->k != FLOE_JV_FLOAT && b->k != FLOE_JV_FLOAT) {
			int64_t x = a->k == FLOE_JV_BOOL ? a->u.b : a->u.i;
			int64_t y = b->k == FLOE_JV_BOOL ? b->u.b : b->u.i;
			*out = (x > y) - (x < y);
		} else {
			double x = num(a), y = num(b);
			*out = (x > y) - (x < y);
		}
		return 0;
	}
	if (a->k == FLOE_JV_STR && b->k == FLOE_JV_STR) {
		size_t n = a->u.str.len < b->u.str.len ? a->u.str.len : b->u.str.len;
		int c = memcmp(a->u.str.s, b->u.str.s, n);
		*out = c ? (c > 0) - (c < 0) :
		       (a->u.str.len > b->u.str.len) - (a->u.str.len < b->u.str.len);
		return 0;
	}
	if (a->k == FLOE_JV_LIST && b->k == FLOE_JV_LIST) {
		size_t n = a->u.list->len < b->u.list->len ? a->u.list->len :
							     b->u.list->len;
		for (size_t i = 0; i < n; i++) {
			if (floe_jv_eq(&a->u.list->items[i], &b->u.list->items[i]))
				continue;
			return floe_jinja__cmp(rt, &a->u.list->items[i],
					       &b->u.list->items[i], out);
		}
		*out = (a->u.list->len > b->u.list->len) -
		       (a->u.list->len < b->u.list->len);
		return 0;
	}
	return floe_jinja_fail(rt, "jinja/type",
			       "'<' not supported between instances of '%s' and '%s'",
			       floe_jv_kind_name(a), floe_jv_kind_name(b));
}

/* Python's repr of a float: shortest round trip, exponent past 1e16. */
void floe_jinja__put_float(floe_buf *b, double d)
{
	char tmp[48];
	if (isnan(d)) {
		floe_buf_puts(b, "nan");
		return;
	}
	if (isinf(d)) {
		floe_buf_puts(b, d < 0 ? "-inf" : "inf");
		return;
	}
	int prec = 0;
	for (; prec < 17; prec++) {
		snprintf(tmp, sizeof(tmp), "%.*e", prec, d);
		if (strtod(tmp, NULL) == d)
			break;
	}
	char digits[24];
	size_t nd = 0;
	const char *p = tmp;
	bool neg = *p == '-';
	if (neg)
		p++;
	for (; *p && *p != 'e'; p++)
		if (*p != '.')
			digits[nd++] = *p;
	int exp = atoi(p + 1);
	while (nd > 1 && digits[nd - 1] == '0')
		nd--;
	if (neg)
		floe_buf_putc(b, '-');
	if (exp < -4 || exp >= 16) {
		floe_buf_putc(b, digits[0]);
		if (nd > 1) {
			floe_buf_putc(b, '.');
			floe_buf_put(b, digits + 1, nd - 1);
		}
		floe_buf_printf(b, "e%c%02d", exp < 0 ? '-' : '+', exp < 0 ? -exp : exp);
	} else if (exp < 0) {
		floe_buf_puts(b, "0.");
		for (int k = -1; k > exp; k--)
			floe_buf_putc(b, '0');
		floe_buf_put(b, digits, nd);
	} else {
		for (int k = 0; k <= exp; k++)
			floe_buf_putc(b, (size_t)k < nd ? digits[k] : '0');
		floe_buf_putc(b, '.');
		if ((size_t)exp + 1 < nd)
			floe_buf_put(b, digits + exp + 1, nd - (size_t)exp - 1);
		else
			floe_buf_putc(b, '0');
	}
}

static void repr_str(floe_buf *b, const char *s, size_t n)
{
	bool sq = memchr(s, '\'', n) != NULL, dq = memchr(s, '"', n) != NULL;
	char q = sq && !dq ? '"' : '\'';
	floe_buf_putc(b, q);
	for (size_t i = 0; i < n; i++) {
		unsigned char c = (unsigned char)s[i];
		if (c == '\\' || c == (unsigned char)q)
			floe_buf_putc(b, '\\'), floe_buf_putc(b, (char)c);
		else if (c == '\n')
			floe_buf_puts(b, "\\n");
		else if (c == '\r')
			floe_buf_puts(b, "\\r");
		else if (c == '\t')
			floe_buf_puts(b, "\\t");
		else if (c < 0x20 || c == 0x7f)
			floe_buf_printf(b, "\\x%02x", c);
		else
			floe_buf_putc(b, (char)c);
	}
	floe_buf_putc(b, q);
}

/* Past this, printing stops (a value shared many times over, `[a, a]`
 * nested, would print in exponential size); floe_jinja__str reports it. */
#define PUT_CAP ((size_t)256 << 20)

static void put_value(floe_buf *b, const floe_jval *v, bool repr, int depth,
		      size_t cap)
{
	if (b->len > cap)
		return;
	if (depth > 64) {
		floe_buf_puts(b, "...");
		return;
	}
	switch (v->k) {
	case FLOE_JV_UNDEF: break;
	case FLOE_JV_NONE: floe_buf_puts(b, "None"); break;
	case FLOE_JV_BOOL: floe_buf_puts(b, v->u.b ? "True" : "False"); break;
	case FLOE_JV_INT: floe_buf_printf(b, "%lld", (long long)v->u.i); break;
	case FLOE_JV_FLOAT: floe_jinja__put_float(b, v->u.f); break;
	case FLOE_JV_STR:
		if (repr)
			repr_str(b, v->u.str.s, v->u.str.len);
		else
			floe_buf_put(b, v->u.str.s, v->u.str.len);
		break;
	case FLOE_JV_LIST:
		floe_buf_putc(b, v->tuple ? '(' : '[');
		for (size_t i = 0; i < v->u.list->len; i++) {
			if (i)
				floe_buf_puts(b, ", ");
			put_value(b, &v->u.list->items[i], true, depth + 1, cap);
		}
		if (v->tuple && v->u.list->len == 1)
			floe_buf_putc(b, ',');
		floe_buf_putc(b, v->tuple ? ')' : ']');
		break;
	case FLOE_JV_DICT:
		floe_buf_putc(b, '{');
		for (size_t i = 0; i < v->u.dict->len; i++) {
			if (i)
				floe_buf_puts(b, ", ");
			put_value(b, &v->u.dict->keys[i], true, depth + 1, cap);
			floe_buf_puts(b, ": ");
			put_value(b, &v->u.dict->vals[i], true, depth + 1, cap);
		}
		floe_buf_putc(b, '}');
		break;
	case FLOE_JV_NS:
		floe_buf_puts(b, "<Namespace {");
		for (size_t i = 0; i < v->u.dict->len; i++) {
			if (i)
				floe_buf_puts(b, ", ");
			put_value(b, &v->u.dict->keys[i], true, depth + 1, cap);
			floe_buf_puts(b, ": ");
			put_value(b, &v->u.dict->vals[i], true, depth + 1, cap);
		}
		floe_buf_puts(b, "}>");
		break;
	case FLOE_JV_MACRO:
		floe_buf_printf(b, "<Macro '%s'>", v->u.macro->name);
		break;
	case FLOE_JV_FUNC:
		floe_buf_printf(b, "<function %s>", v->u.fn->name);
		break;
	case FLOE_JV_OBJ:
		if (v->u.obj->type->str)
			v->u.obj->type->str(v->u.obj->data, b);
		else
			floe_buf_printf(b, "<%s>", v->u.obj->type->name);
		break;
	}
}

void floe_jv_str_put(floe_buf *out, const floe_jval *v)
{
	put_value(out, v, false, 0, PUT_CAP);
}

void floe_jv_repr_put(floe_buf *out, const floe_jval *v)
{
	put_value(out, v, true, 0, PUT_CAP);
}

floe_jval floe_jinja__buf_val(floe_jinja_rt *rt, const floe_buf *b)
{
	return floe_jv_strdup(rt->a, b->ptr ? b->ptr : "", b->len);
}

/* str(v); undefined is an error in strict mode. */
int floe_jinja__str(floe_jinja_rt *rt, const floe_jval *v, floe_jval *out)
{
	if (v->k == FLOE_JV_STR) {
		*out = *v;
		return 0;
	}
	if (v->k == FLOE_JV_UNDEF && rt->env->mode == FLOE_JINJA_STRICT)
		return floe_jinja_fail(rt, "jinja/undefined", "'%s' is undefined",
				       v->u.str.s ? v->u.str.s : "value");
	floe_buf b = FLOE_BUF_INIT;
	put_value(&b, v, false, 0, rt->env->lim.max_output);
	if (b.len > rt->env->lim.max_output) {
		floe_buf_release(&b);
		return floe_jinja_fail(rt, "jinja/too-big", "value exceeds %zu bytes when printed",
				       rt->env->lim.max_output);
	}
	*out = floe_jinja__buf_val(rt, &b);
	floe_buf_release(&b);
	return 0;
}

int floe_jinja__room(floe_jinja_rt *rt, size_t items)
{
	if (items <= rt->env->lim.max_output / 16)
		return 0;
	return floe_jinja_fail(rt, "jinja/too-big", "a list or dict of %zu items is too big", items);
}

int floe_jinja__iter(floe_jinja_rt *rt, const floe_jval *v, floe_jlist *out)
{
	memset(out, 0, sizeof(*out));
	switch (v->k) {
	case FLOE_JV_LIST:
		*out = *v->u.list;
		return 0;
	case FLOE_JV_DICT:
		out->items = v->u.dict->keys;
		out->len = out->cap = v->u.dict->len;
		return 0;
	case FLOE_JV_STR: {
		const char *s = v->u.str.s;
		size_t n = v->u.str.len;
		for (size_t i = 0; i < n;) {
			size_t k = floe_utf8_offset(s + i, n - i, 1);
			if (!k)
				k = 1;
			floe_jv_list_push(rt->a, out, floe_jv_str(s + i, k));
			i += k;
		}
		return 0;
	}
	case FLOE_JV_UNDEF:
		if (rt->env->mode != FLOE_JINJA_STRICT)
			return 0;
		return floe_jinja_fail(rt, "jinja/undefined", "'%s' is undefined",
				       v->u.str.s ? v->u.str.s : "value");
	default:
		return floe_jinja_fail(rt, "jinja/type", "'%s' object is not iterable",
				       floe_jv_kind_name(v));
	}
}

bool floe_jinja__contains(const floe_jval *hay, const floe_jval *needle,
			  bool *ok)
{
	*ok = true;
	switch (hay->k) {
	case FLOE_JV_STR:
		if (needle->k != FLOE_JV_STR)
			break;
		if (!needle->u.str.len)
			return true;
		for (size_t i = 0; i + needle->u.str.len <= hay->u.str.len; i++)
			if (memcmp(hay->u.str.s + i, needle->u.str.s,
				   needle->u.str.len) == 0)
				return true;
		return false;
	case FLOE_JV_LIST:
		for (size_t i = 0; i < hay->u.list->len; i++)
			if (floe_jv_eq(&hay->u.list->items[i], needle))
				return true;
		return false;
	case FLOE_JV_DICT: case FLOE_JV_NS:
		return dict_index(hay->u.dict, needle) >= 0;
	case FLOE_JV_UNDEF:
		return false;
	default:
		break;
	}
	*ok = false;
	return false;
}

static int64_t norm_index(int64_t i, size_t len)
{
	return i < 0 ? i + (int64_t)len : i;
}

/* v[key]: Jinja's subscript falls back to the attribute, and back. */
int floe_jinja__getitem(floe_jinja_rt *rt, const floe_jval *v,
			const floe_jval *key, floe_jval *out)
{
	if ((v->k == FLOE_JV_DICT || v->k == FLOE_JV_NS)) {
		long i = dict_index(v->u.dict, key);
		if (i >= 0) {
			*out = v->u.dict->vals[i];
			return 0;
		}
	} else if ((v->k == FLOE_JV_LIST || v->k == FLOE_JV_STR) &&
		   (key->k == FLOE_JV_INT || key->k == FLOE_JV_BOOL)) {
		bool list = v->k == FLOE_JV_LIST;
		size_t len = list ? v->u.list->len :
				    floe_utf8_count(v->u.str.s, v->u.str.len);
		int64_t i = norm_index(key->k == FLOE_JV_INT ? key->u.i : key->u.b, len);
		if (i >= 0 && (size_t)i < len) {
			if (list) {
				*out = v->u.list->items[i];
			} else {
				size_t b = floe_utf8_offset(v->u.str.s, v->u.str.len, (size_t)i);
				size_t e = floe_utf8_offset(v->u.str.s, v->u.str.len, (size_t)i + 1);
				*out = floe_jv_str(v->u.str.s + b, e - b);
			}
			return 0;
		}
	} else if (key->k == FLOE_JV_STR && v->k != FLOE_JV_UNDEF) {
		char *name = floe_arena_strndup(rt->a, key->u.str.s, key->u.str.len);
		return floe_jinja__getattr(rt, v, name, out);
	}
	if (v->k == FLOE_JV_UNDEF || rt->env->mode != FLOE_JINJA_STRICT ||
	    rt->soft) {
		if (v->k == FLOE_JV_UNDEF)
			return floe_jinja_fail(rt, "jinja/undefined",
					       "'%s' is undefined",
					       v->u.str.s ? v->u.str.s : "value");
		*out = floe_jinja__undef("item");
		return 0;
	}
	return floe_jinja_fail(rt, "jinja/undefined", "'%s' object has no such item",
			       floe_jv_kind_name(v));
}

/* v.name: dict keys first (Jinja's getattr tries the item too), then methods. */
int floe_jinja__getattr(floe_jinja_rt *rt, const floe_jval *v,
			const char *name, floe_jval *out)
{
	if (v->k == FLOE_JV_UNDEF)
		return floe_jinja_fail(rt, "jinja/undefined",
				       "'%s' is undefined (reading its attribute '%s')",
				       v->u.str.s ? v->u.str.s : "value", name);
	if (v->k == FLOE_JV_DICT) {
		/* Python's attribute (a method) wins over the item */
		int rc = floe_jinja__method(rt, v, name, out);
		if (rc <= 0)
			return rc;
	}
	if (v->k == FLOE_JV_DICT || v->k == FLOE_JV_NS) {
		floe_jval *x = floe_jv_dict_get(v->u.dict, name, strlen(name));
		if (x) {
			*out = *x;
			return 0;
		}
	}
	if (v->k == FLOE_JV_OBJ && v->u.obj->type->getattr) {
		int rc = v->u.obj->type->getattr(rt, v->u.obj->data, name, out);
		if (rc <= 0)
			return rc;
	}
	int rc = v->k == FLOE_JV_DICT ? 1 : floe_jinja__method(rt, v, name, out);
	if (rc <= 0)
		return rc;
	if (rt->env->mode == FLOE_JINJA_STRICT && !rt->soft)
		return floe_jinja_fail(rt, "jinja/undefined",
				       "'%s' object has no attribute '%s'",
				       floe_jv_kind_name(v), name);
	*out = floe_jinja__undef(name);
	return 0;
}

/* v.a.b (or v.0 for an item) for the attribute arguments of filters */
int floe_jinja__attr_path(floe_jinja_rt *rt, const floe_jval *v,
			  const char *path, floe_jval *out)
{
	*out = *v;
	const char *p = path;
	while (*p) {
		const char *dot = strchr(p, '.');
		size_t n = dot ? (size_t)(dot - p) : strlen(p);
		char *part = floe_arena_strndup(rt->a, p, n);
		floe_jval cur = *out;
		int rc = 0;
		if (cur.k == FLOE_JV_UNDEF) {
			return 0;
		} else if (n && isdigit((unsigned char)part[0])) {
			floe_jval idx = floe_jv_int(strtoll(part, NULL, 10));
			rc = floe_jinja__getitem(rt, &cur, &idx, out);
		} else {
			rc = floe_jinja__getattr(rt, &cur, part, out);
		}
		if (rc < 0)
			return rc;
		p += n;
		if (*p == '.')
			p++;
	}
	return 0;
}
