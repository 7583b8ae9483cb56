/*
 * run_value.c: the values of the runner's Jinja subset: how each prints
 * (as Jinja does), truth, equality, the operators with Python's rules
 * (`~`, `+` on strings and lists, `//` and `%` that floor), and the
 * filters and tests the subset has.  No value grows past
 * FLOE_RUN_RENDER_MAX bytes.
 */
#include <math.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include "run_int.h"

#define FAIL(r, at, ...) \
	(floe_runtime__run_render_error((r), "run/render", (at), __VA_ARGS__), -1)

/* ---- values ---- */

void floe_runtime__run_val_set(struct jval *v, const char *s, size_t len)
{
	memset(v, 0, sizeof(*v));
	v->k = JV_STR;
	v->s = s;
	v->len = len;
}

void floe_runtime__run_val_set_buf(floe_arena *a, struct jval *v, const floe_buf *b)
{
	floe_runtime__run_val_set(v, floe_arena_strndup(a, b->ptr ? b->ptr : "", b->len), b->len);
}

const char *floe_runtime__run_val_kind(int k)
{
	static const char *const n[] = { "undefined", "none", "bool", "int",
					 "float", "string", "list", "dict",
					 "relation" };
	return n[k];
}

static void put_float(floe_buf *b, double d)
{
	char tmp[40];
	if (isnan(d)) {
		floe_buf_puts(b, "nan");
		return;
	}
	if (isinf(d)) {
		floe_buf_puts(b, d < 0 ? "-inf" : "inf");
		return;
	}
	for (int prec = 15; prec <= 17; prec++) {
		snprintf(tmp, sizeof(tmp), "%.*g", prec, d);
		if (strtod(tmp, NULL) == d)
			break;
	}
	floe_buf_puts(b, tmp);
	if (!strpbrk(tmp, ".eEn"))
		floe_buf_puts(b, ".0");
}

static void put_repr(floe_buf *b, const struct jval *v)
{
	if (v->k != JV_STR) {
		floe_runtime__run_val_str(b, v);
		return;
	}
	floe_buf_putc(b, '\'');
	for (size_t i = 0; i < v->len; i++) {
		if (v->s[i] == '\'' || v->s[i] == '\\')
			floe_buf_putc(b, '\\');
		floe_buf_putc(b, v->s[i]);
	}
	floe_buf_putc(b, '\'');
}

void floe_runtime__run_val_str(floe_buf *b, const struct jval *v)
{
	switch (v->k) {
	case JV_UNDEF: break;
	case JV_NONE: floe_buf_puts(b, "None"); break;
	case JV_BOOL: floe_buf_puts(b, v->b ? "True" : "False"); break;
	case JV_INT: floe_buf_printf(b, "%lld", (long long)v->i); break;
	case JV_FLOAT: put_float(b, v->d); break;
	case JV_STR: floe_buf_put(b, v->s, v->len); break;
	case JV_REL: floe_buf_puts(b, v->rel->sql); break;
	case JV_LIST:
	case JV_DICT:
		floe_buf_putc(b, v->k == JV_LIST ? '[' : '{');
		for (size_t i = 0; i < v->len; i++) {
			if (i)
				floe_buf_puts(b, ", ");
			if (v->k == JV_DICT) {
				struct jval k;
				floe_runtime__run_val_set(&k, v->keys[i], strlen(v->keys[i]));
				put_repr(b, &k);
				floe_buf_puts(b, ": ");
			}
			put_repr(b, &v->items[i]);
		}
		floe_buf_putc(b, v->k == JV_LIST ? ']' : '}');
		break;
	}
}

bool floe_runtime__run_val_truthy(const struct jval *v)
{
	switch (v->k) {
	case JV_BOOL: return v->b;
	case JV_INT: return v->i != 0;
	case JV_FLOAT: return v->d != 0;
	case JV_STR: case JV_LIST: case JV_DICT: return v->len != 0;
	case JV_REL: return true;
	default: return false;
	}
}

void floe_runtime__run_val_from_node(floe_arena *a, struct jval *out,
			    const floe_node *n)
{
	memset(out, 0, sizeof(*out));
	out->k = JV_NONE;
	if (!n)
		return;
	switch (n->kind) {
	case FLOE_NODE_BOOL: out->k = JV_BOOL; out->b = n->v.b; break;
	case FLOE_NODE_INT:
		if (n->flags & FLOE_NODE_BIGINT) {
			out->k = JV_FLOAT;
			out->d = n->v.d;
		} else {
			out->k = JV_INT;
			out->i = n->v.i;
		}
		break;
	case FLOE_NODE_FLOAT: out->k = JV_FLOAT; out->d = n->v.d; break;
	case FLOE_NODE_STRING: floe_runtime__run_val_set(out, n->text, n->len); break;
	case FLOE_NODE_SEQ:
	case FLOE_NODE_MAP:
		out->k = n->kind == FLOE_NODE_SEQ ? JV_LIST : JV_DICT;
		out->len = n->len;
		out->items = floe_arena_alloc(a, (n->len + 1) * sizeof(*out->items));
		if (n->kind == FLOE_NODE_MAP)
			out->keys = floe_arena_alloc(a, (n->len + 1) * sizeof(char *));
		for (size_t i = 0; i < n->len; i++) {
			floe_runtime__run_val_from_node(a, &out->items[i], n->items[i]);
			if (out->keys)
				out->keys[i] = n->keys[i]->text;
		}
		break;
	default: break;
	}
}

static bool is_num(const struct jval *v)
{
	return v->k == JV_INT || v->k == JV_FLOAT || v->k == JV_BOOL;
}

static double num(const struct jval *v)
{
	return v->k == JV_FLOAT ? v->d : v->k == JV_BOOL ? v->b : (double)v->i;
}

static bool run_val_eq(const struct jval *x, const struct jval *y)
{
	if (is_num(x) && is_num(y))
		return num(x) == num(y);
	if (x->k != y->k)
		return false;
	switch (x->k) {
	case JV_STR: return x->len == y->len && memcmp(x->s, y->s, x->len) == 0;
	case JV_REL: return strcmp(x->rel->sql, y->rel->sql) == 0;
	case JV_LIST:
	case JV_DICT:
		if (x->len != y->len)
			return false;
		for (size_t i = 0; i < x->len; i++)
			if (!run_val_eq(&x->items[i], &y->items[i]) ||
			    (x->keys && strcmp(x->keys[i], y->keys[i]) != 0))
				return false;
		return true;
	default: return true;
	}
}

/* The value of key `k` in a dict, or NULL. */
const struct jval *floe_runtime__run_val_get(const struct jval *d, const char *k)
{
	for (size_t i = 0; i < d->len; i++)
		if (strcmp(d->keys[i], k) == 0)
			return &d->items[i];
	return NULL;
}

static bool space(char c)
{
	return c == ' ' || c == '\t' || c == '\r' || c == '\n' || c == '\f' ||
	       c == '\v';
}

void floe_runtime__run_strip(const char **s, size_t *n)
{
	while (*n && space((*s)[0]))
		(*s)++, (*n)--;
	while (*n && space((*s)[*n - 1]))
		(*n)--;
}

/* dbt's own generate_schema_name and generate_schema_name_for_env. */
/* ---- filters and tests ---- */

static int need_str(struct jrender *r, const struct jexpr *e,
		    const struct jval *v)
{
	return v->k == JV_STR ? 0 : FAIL(r, e, "filter '%s' needs a string, not a %s",
					 e->name, floe_runtime__run_val_kind(v->k));
}

static int filter_case(struct jrender *r, const struct jexpr *e,
		       struct jval *v)
{
	if (need_str(r, e, v) < 0)
		return -1;
	const char *s = v->s;
	size_t n = v->len;
	if (strcmp(e->name, "trim") == 0) {
		floe_runtime__run_strip(&s, &n);
		floe_runtime__run_val_set(v, s, n);
		return 0;
	}
	char *c = floe_arena_strndup(r->a, s, n);
	bool up = strcmp(e->name, "upper") == 0;
	for (size_t i = 0; i < n; i++)
		if (up ? (c[i] >= 'a' && c[i] <= 'z') : (c[i] >= 'A' && c[i] <= 'Z'))
			c[i] ^= 0x20;
	floe_runtime__run_val_set(v, c, n);
	return 0;
}

static int filter_replace(struct jrender *r, const struct jexpr *e,
			  struct jval *v)
{
	struct jval a[2];
	if (need_str(r, e, v) < 0 || e->nargs != 2 ||
	    floe_runtime__run_eval_args(r, e, a, 2, false) < 0 || a[0].k != JV_STR ||
	    a[1].k != JV_STR || a[0].len == 0)
		return r->failed ? -1 : FAIL(r, e, "replace() takes two strings");
	floe_buf b = FLOE_BUF_INIT;
	for (size_t i = 0; i < v->len;) {
		if (i + a[0].len <= v->len && memcmp(v->s + i, a[0].s, a[0].len) == 0) {
			floe_buf_put(&b, a[1].s, a[1].len);
			i += a[0].len;
		} else {
			floe_buf_putc(&b, v->s[i++]);
		}
		if (b.len > FLOE_RUN_RENDER_MAX) {
			floe_buf_release(&b);
			return FAIL(r, e, "value larger than %zu bytes", FLOE_RUN_RENDER_MAX);
		}
	}
	floe_runtime__run_val_set_buf(r->a, v, &b);
	floe_buf_release(&b);
	return 0;
}

static int filter_join(struct jrender *r, const struct jexpr *e, struct jval *v)
{
	struct jval sep;
	floe_runtime__run_val_set(&sep, "", 0);
	if (v->k != JV_LIST)
		return FAIL(r, e, "filter 'join' needs a list, not a %s", floe_runtime__run_val_kind(v->k));
	if (e->nargs && (floe_runtime__run_eval_args(r, e, &sep, 1, false) < 0 || sep.k != JV_STR))
		return r->failed ? -1 : FAIL(r, e, "join() takes a string");
	floe_buf b = FLOE_BUF_INIT;
	for (size_t i = 0; i < v->len && b.len <= FLOE_RUN_RENDER_MAX; i++) {
		if (i)
			floe_buf_put(&b, sep.s, sep.len);
		floe_runtime__run_val_str(&b, &v->items[i]);
	}
	int rc = b.len > FLOE_RUN_RENDER_MAX ? FAIL(r, e, "value too large") : 0;
	if (!rc)
		floe_runtime__run_val_set_buf(r->a, v, &b);
	floe_buf_release(&b);
	return rc;
}

static int filter_convert(struct jrender *r, const struct jexpr *e,
			  struct jval *v)
{
	floe_buf b = FLOE_BUF_INIT;
	floe_runtime__run_val_str(&b, v);
	const char *s = floe_buf_cstr(&b);
	if (strcmp(e->name, "string") == 0) {
		floe_runtime__run_val_set_buf(r->a, v, &b);
	} else if (strcmp(e->name, "length") == 0) {
		int64_t n = (int64_t)(v->k == JV_STR || v->k == JV_LIST ||
				      v->k == JV_DICT ? v->len : 0);
		memset(v, 0, sizeof(*v));
		v->k = JV_INT;
		v->i = n;
	} else if (strcmp(e->name, "int") == 0) {
		int64_t n = is_num(v) ? (int64_t)num(v) : strtoll(s, NULL, 10);
		memset(v, 0, sizeof(*v));
		v->k = JV_INT;
		v->i = n;
	} else {
		double d = is_num(v) ? num(v) : strtod(s, NULL);
		memset(v, 0, sizeof(*v));
		v->k = JV_FLOAT;
		v->d = d;
	}
	floe_buf_release(&b);
	return 0;
}

int floe_runtime__run_eval_filter(struct jrender *r, const struct jexpr *e,
			 struct jval *out)
{
	const char *f = e->name;
	bool dflt = strcmp(f, "default") == 0 || strcmp(f, "d") == 0;
	int rc = dflt && e->a->kind == JX_NAME ? floe_runtime__run_eval_name(r, e->a, out, true)
					       : floe_runtime__run_eval(r, e->a, out);
	if (rc < 0)
		return -1;
	if (dflt) {
		if (out->k == JV_UNDEF && e->nargs)
			return floe_runtime__run_eval_args(r, e, out, 1, false);
		return 0;
	}
	if (strcmp(f, "trim") == 0 || strcmp(f, "lower") == 0 ||
	    strcmp(f, "upper") == 0)
		return filter_case(r, e, out);
	if (strcmp(f, "replace") == 0)
		return filter_replace(r, e, out);
	if (strcmp(f, "join") == 0)
		return filter_join(r, e, out);
	if (strcmp(f, "string") == 0 || strcmp(f, "length") == 0 ||
	    strcmp(f, "int") == 0 || strcmp(f, "float") == 0)
		return filter_convert(r, e, out);
	floe_runtime__run_render_error(r, "run/unsupported-jinja", e,
			      "filter '%s' is not supported by the native runner", f);
	return -1;
}

int floe_runtime__run_eval_test(struct jrender *r, const struct jexpr *e,
		       struct jval *out)
{
	struct jval v;
	int rc = e->a->kind == JX_NAME ? floe_runtime__run_eval_name(r, e->a, &v, true)
				       : floe_runtime__run_eval(r, e->a, &v);
	if (rc < 0)
		return -1;
	const char *t = e->name;
	bool res;
	if (strcmp(t, "none") == 0)
		res = v.k == JV_NONE;
	else if (strcmp(t, "defined") == 0)
		res = v.k != JV_UNDEF;
	else if (strcmp(t, "undefined") == 0)
		res = v.k == JV_UNDEF;
	else if (strcmp(t, "string") == 0)
		res = v.k == JV_STR;
	else if (strcmp(t, "number") == 0)
		res = v.k == JV_INT || v.k == JV_FLOAT;
	else {
		floe_runtime__run_render_error(r, "run/unsupported-jinja", e,
				      "test '%s' is not supported by the native runner", t);
		return -1;
	}
	memset(out, 0, sizeof(*out));
	out->k = JV_BOOL;
	out->b = res != e->bv;
	return 0;
}

/* ---- operators ---- */

static int contains(struct jrender *r, const struct jexpr *e,
		    const struct jval *x, const struct jval *y, bool *res)
{
	*res = false;
	if (y->k == JV_LIST) {
		for (size_t i = 0; i < y->len && !*res; i++)
			*res = run_val_eq(x, &y->items[i]);
	} else if (y->k == JV_DICT && x->k == JV_STR) {
		*res = floe_runtime__run_val_get(y, x->s) != NULL;
	} else if (y->k == JV_STR && x->k == JV_STR) {
		*res = x->len == 0 || memmem(y->s, y->len, x->s, x->len) != NULL;
	} else {
		return FAIL(r, e, "'in' needs a list, dict or string on the right, not a %s",
			    floe_runtime__run_val_kind(y->k));
	}
	return 0;
}

static int compare(struct jrender *r, const struct jexpr *e,
		   const struct jval *x, const struct jval *y, int *cmp)
{
	if (is_num(x) && is_num(y)) {
		double a = num(x), b = num(y);
		*cmp = a < b ? -1 : a > b;
		return 0;
	}
	if (x->k == JV_STR && y->k == JV_STR) {
		size_t n = x->len < y->len ? x->len : y->len;
		int c = memcmp(x->s, y->s, n);
		*cmp = c ? c : x->len < y->len ? -1 : x->len > y->len;
		return 0;
	}
	return FAIL(r, e, "cannot compare a %s with a %s", floe_runtime__run_val_kind(x->k),
		    floe_runtime__run_val_kind(y->k));
}

static int concat(struct jrender *r, const struct jexpr *e,
		  const struct jval *x, const struct jval *y, struct jval *out)
{
	floe_buf b = FLOE_BUF_INIT;
	floe_runtime__run_val_str(&b, x);
	floe_runtime__run_val_str(&b, y);
	if (b.len > FLOE_RUN_RENDER_MAX) {
		floe_buf_release(&b);
		return FAIL(r, e, "value larger than %zu bytes", FLOE_RUN_RENDER_MAX);
	}
	floe_runtime__run_val_set_buf(r->a, out, &b);
	floe_buf_release(&b);
	return 0;
}

static int add_lists(struct jrender *r, const struct jexpr *e,
		     const struct jval *x, const struct jval *y, struct jval *out)
{
	if (x->len + y->len > FLOE_RUN_RENDER_MAX / 64)
		return FAIL(r, e, "list too long");
	memset(out, 0, sizeof(*out));
	out->k = JV_LIST;
	out->len = x->len + y->len;
	out->items = floe_arena_alloc(r->a, (out->len + 1) * sizeof(*out->items));
	for (size_t i = 0; i < x->len; i++)
		out->items[i] = x->items[i];
	for (size_t i = 0; i < y->len; i++)
		out->items[x->len + i] = y->items[i];
	return 0;
}

static int arith(struct jrender *r, const struct jexpr *e,
		 const struct jval *x, const struct jval *y, struct jval *out)
{
	if (!is_num(x) || !is_num(y))
		return FAIL(r, e, "unsupported operand types %s and %s",
			    floe_runtime__run_val_kind(x->k), floe_runtime__run_val_kind(y->k));
	bool ints = x->k != JV_FLOAT && y->k != JV_FLOAT && e->op != JOP_DIV;
	double a = num(x), b = num(y);
	memset(out, 0, sizeof(*out));
	if ((e->op == JOP_DIV || e->op == JOP_FLOORDIV || e->op == JOP_MOD) && b == 0)
		return FAIL(r, e, "division by zero");
	if (ints && fabs(a) < 9e15 && fabs(b) < 9e15) {
		int64_t p = (int64_t)a, q = (int64_t)b, v;
		switch (e->op) {
		case JOP_ADD: v = p + q; break;
		case JOP_SUB: v = p - q; break;
		case JOP_MUL:
			if (fabs(a * b) >= 9e18)
				return FAIL(r, e, "integer overflow");
			v = p * q;
			break;
		case JOP_FLOORDIV: v = (int64_t)floor(a / b); break;
		default: v = p % q; v += (v && ((v < 0) != (q < 0))) ? q : 0; break;
		}
		out->k = JV_INT;
		out->i = v;
		return 0;
	}
	out->k = JV_FLOAT;
	out->d = e->op == JOP_ADD ? a + b : e->op == JOP_SUB ? a - b
		: e->op == JOP_MUL ? a * b : e->op == JOP_DIV ? a / b
		: e->op == JOP_FLOORDIV ? floor(a / b) : a - b * floor(a / b);
	return 0;
}

int floe_runtime__run_eval_bin(struct jrender *r, const struct jexpr *e, struct jval *out)
{
	struct jval x, y;
	int cmp = 0;
	bool res;
	if (floe_runtime__run_eval(r, e->a, &x) < 0 || floe_runtime__run_eval(r, e->b, &y) < 0)
		return -1;
	switch (e->op) {
	case JOP_CAT: return concat(r, e, &x, &y, out);
	case JOP_ADD:
		if (x.k == JV_STR && y.k == JV_STR)
			return concat(r, e, &x, &y, out);
		if (x.k == JV_LIST && y.k == JV_LIST)
			return add_lists(r, e, &x, &y, out);
		/* fall through */
	case JOP_SUB: case JOP_MUL: case JOP_DIV: case JOP_FLOORDIV: case JOP_MOD:
		return arith(r, e, &x, &y, out);
	case JOP_EQ: res = run_val_eq(&x, &y); break;
	case JOP_NE: res = !run_val_eq(&x, &y); break;
	case JOP_IN: case JOP_NOTIN:
		if (contains(r, e, &x, &y, &res) < 0)
			return -1;
		res = res != (e->op == JOP_NOTIN);
		break;
	default:
		if (compare(r, e, &x, &y, &cmp) < 0)
			return -1;
		res = e->op == JOP_LT ? cmp < 0 : e->op == JOP_GT ? cmp > 0
			: e->op == JOP_LE ? cmp <= 0 : cmp >= 0;
		break;
	}
	memset(out, 0, sizeof(*out));
	out->k = JV_BOOL;
	out->b = res;
	return 0;
}
