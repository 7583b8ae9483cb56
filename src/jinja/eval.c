/*
 * eval.c: expressions to values, with Python's arithmetic (`/` is true
 * division, `//` and `%` floor, `**`, str and list `+` and `*`), chained
 * comparisons, short-circuit `and`/`or` that return an operand, calls with
 * positional, keyword, *args and **kwargs, filters and tests.  Every node
 * costs one step of the render's budget; depth is bounded by the parser.
 */
#include <math.h>
#include <string.h>
#include "jinja_int.h"

#define NARGS_STACK 16

/* x ** y as Python computes a float power */
double floe_jinja__pow(double x, double y)
{
	return pow(x, y);
}

int floe_jinja__step(floe_jinja_rt *rt)
{
	if (++rt->steps <= rt->env->lim.max_steps)
		return 0;
	return floe_jinja_fail(rt, "jinja/budget",
			       "template exceeds %llu evaluation steps",
			       (unsigned long long)rt->env->lim.max_steps);
}

static bool as_int(const floe_jval *v, int64_t *out)
{
	if (v->k == FLOE_JV_INT)
		*out = v->u.i;
	else if (v->k == FLOE_JV_BOOL)
		*out = v->u.b;
	else
		return false;
	return true;
}

static bool as_num(const floe_jval *v, double *out)
{
	int64_t i;
	if (v->k == FLOE_JV_FLOAT) {
		*out = v->u.f;
		return true;
	}
	if (!as_int(v, &i))
		return false;
	*out = (double)i;
	return true;
}

static int type_error(floe_jinja_rt *rt, const char *op, const floe_jval *a,
		      const floe_jval *b)
{
	return floe_jinja_fail(rt, "jinja/type",
			       "unsupported operand type(s) for %s: '%s' and '%s'",
			       op, floe_jv_kind_name(a), floe_jv_kind_name(b));
}

static int repeat(floe_jinja_rt *rt, const floe_jval *seq, int64_t n,
		  floe_jval *out)
{
	size_t unit = seq->k == FLOE_JV_STR ? seq->u.str.len : seq->u.list->len;
	if (n < 0)
		n = 0;
	if (unit && (uint64_t)n > rt->env->lim.max_output / unit)
		return floe_jinja_fail(rt, "jinja/too-big",
				       "repeated value exceeds the output limit");
	if (seq->k == FLOE_JV_STR) {
		floe_buf b = FLOE_BUF_INIT;
		for (int64_t k = 0; k < n; k++)
			floe_buf_put(&b, seq->u.str.s, unit);
		*out = floe_jinja__buf_val(rt, &b);
		floe_buf_release(&b);
		return 0;
	}
	if (floe_jinja__room(rt, unit * (size_t)n) < 0)
		return RC_ERR;
	*out = floe_jv_list(rt->a);
	for (int64_t k = 0; k < n; k++)
		for (size_t i = 0; i < unit; i++)
			floe_jv_list_push(rt->a, out->u.list, seq->u.list->items[i]);
	return 0;
}

static int arith_int(floe_jinja_rt *rt, int op, int64_t x, int64_t y,
		     floe_jval *out)
{
	int64_t r = 0;
	bool ovf = false;
	switch (op) {
	case OP_ADD: ovf = __builtin_add_overflow(x, y, &r); break;
	case OP_SUB: ovf = __builtin_sub_overflow(x, y, &r); break;
	case OP_MUL: ovf = __builtin_mul_overflow(x, y, &r); break;
	case OP_FLOORDIV: case OP_MOD:
		if (y == 0)
			return floe_jinja_fail(rt, "jinja/zero-division",
					       "integer division or modulo by zero");
		if (x == INT64_MIN && y == -1) {
			ovf = op == OP_FLOORDIV;
			r = 0;
			break;
		}
		r = op == OP_FLOORDIV ? x / y : x % y;
		if ((x % y != 0) && ((x < 0) != (y < 0)))
			r = op == OP_FLOORDIV ? r - 1 : r + y;
		break;
	case OP_POW:
		if (y < 0) {
			*out = floe_jv_float(floe_jinja__pow((double)x, (double)y));
			return 0;
		}
		if (x == 0 || x == 1 || x == -1) {
			r = x == -1 && (y & 1) ? -1 : (x == 0 && y > 0) ? 0 : 1;
			break;
		}
		r = 1; /* |x| >= 2: past 63 factors it has overflowed */
		for (int64_t k = 0; k < y && !ovf; k++)
			ovf = __builtin_mul_overflow(r, x, &r);
		break;
	}
	if (ovf)
		return floe_jinja_fail(rt, "jinja/overflow", "integer overflow");
	*out = floe_jv_int(r);
	return 0;
}

static int arith_float(floe_jinja_rt *rt, int op, double x, double y,
		       floe_jval *out)
{
	double r = 0;
	if ((op == OP_DIV || op == OP_FLOORDIV || op == OP_MOD) && y == 0)
		return floe_jinja_fail(rt, "jinja/zero-division", "division by zero");
	switch (op) {
	case OP_ADD: r = x + y; break;
	case OP_SUB: r = x - y; break;
	case OP_MUL: r = x * y; break;
	case OP_DIV: r = x / y; break;
	case OP_FLOORDIV: r = floor(x / y); break;
	case OP_MOD:
		r = x - floor(x / y) * y;
		break;
	case OP_POW: r = floe_jinja__pow(x, y); break;
	}
	*out = floe_jv_float(r);
	return 0;
}

/* "fmt" % args: Python's printf for %s, %d, %i, %f, %r and %% */
static int str_percent(floe_jinja_rt *rt, const floe_jval *fmt,
		       const floe_jval *args, floe_jval *out)
{
	const floe_jval *items = args;
	size_t n = 1, k = 0;
	if (args->k == FLOE_JV_LIST && args->tuple) {
		items = args->u.list->items;
		n = args->u.list->len;
	}
	floe_buf b = FLOE_BUF_INIT;
	const char *s = fmt->u.str.s;
	for (size_t i = 0; i < fmt->u.str.len; i++) {
		if (s[i] != '%' || i + 1 == fmt->u.str.len) {
			floe_buf_putc(&b, s[i]);
			continue;
		}
		char c = s[++i];
		if (c == '%') {
			floe_buf_putc(&b, '%');
			continue;
		}
		if (k >= n) {
			floe_buf_release(&b);
			return floe_jinja_fail(rt, "jinja/type",
					       "not enough arguments for format string");
		}
		const floe_jval *v = &items[k++];
		double d;
		if ((c == 'd' || c == 'i') && as_num(v, &d))
			floe_buf_printf(&b, "%lld", (long long)d);
		else if (c == 'f' && as_num(v, &d))
			floe_buf_printf(&b, "%f", d);
		else if (c == 'r')
			floe_jv_repr_put(&b, v);
		else
			floe_jv_str_put(&b, v);
	}
	*out = floe_jinja__buf_val(rt, &b);
	floe_buf_release(&b);
	return 0;
}

static const char *const op_names[] = { "+", "-", "*", "/", "//", "%", "**",
					"==", "!=", "<", "<=", ">", ">=" };

/* An operator of a host object (datetime + timedelta): 1 when it has none. */
static int obj_binop(floe_jinja_rt *rt, int op, const floe_jval *a,
		     const floe_jval *b, floe_jval *out)
{
	const floe_jval *o = a->k == FLOE_JV_OBJ ? a : b->k == FLOE_JV_OBJ ? b : NULL;
	if (!o || !o->u.obj->type->binop)
		return 1;
	return o->u.obj->type->binop(rt, op_names[op], a, b, out);
}

static int binop(floe_jinja_rt *rt, int op, const floe_jval *a,
		 const floe_jval *b, floe_jval *out)
{
	const char *const *names = op_names;
	int64_t x, y;
	double fx, fy;
	int orc = obj_binop(rt, op, a, b, out);
	if (orc <= 0)
		return orc;
	if (op != OP_DIV && as_int(a, &x) && as_int(b, &y))
		return arith_int(rt, op, x, y, out);
	if (as_num(a, &fx) && as_num(b, &fy))
		return arith_float(rt, op, fx, fy, out);
	if (op == OP_ADD && a->k == b->k && a->k == FLOE_JV_STR) {
		if (a->u.str.len + b->u.str.len > rt->env->lim.max_output)
			return floe_jinja_fail(rt, "jinja/too-big", "string exceeds the output limit");
		floe_buf s = FLOE_BUF_INIT;
		floe_buf_put(&s, a->u.str.s, a->u.str.len);
		floe_buf_put(&s, b->u.str.s, b->u.str.len);
		*out = floe_jinja__buf_val(rt, &s);
		floe_buf_release(&s);
		return 0;
	}
	if (op == OP_ADD && a->k == b->k && a->k == FLOE_JV_LIST) {
		if (floe_jinja__room(rt, a->u.list->len + b->u.list->len) < 0)
			return RC_ERR;
		*out = floe_jv_list(rt->a);
		out->tuple = a->tuple;
		for (size_t i = 0; i < a->u.list->len; i++)
			floe_jv_list_push(rt->a, out->u.list, a->u.list->items[i]);
		for (size_t i = 0; i < b->u.list->len; i++)
			floe_jv_list_push(rt->a, out->u.list, b->u.list->items[i]);
		return 0;
	}
	if (op == OP_MUL && (a->k == FLOE_JV_STR || a->k == FLOE_JV_LIST) &&
	    as_int(b, &y))
		return repeat(rt, a, y, out);
	if (op == OP_MUL && (b->k == FLOE_JV_STR || b->k == FLOE_JV_LIST) &&
	    as_int(a, &x))
		return repeat(rt, b, x, out);
	if (op == OP_MOD && a->k == FLOE_JV_STR)
		return str_percent(rt, a, b, out);
	if (a->k == FLOE_JV_UNDEF || b->k == FLOE_JV_UNDEF) {
		const floe_jval *u = a->k == FLOE_JV_UNDEF ? a : b;
		return floe_jinja_fail(rt, "jinja/undefined", "'%s' is undefined",
				       u->u.str.s ? u->u.str.s : "value");
	}
	return type_error(rt, names[op], a, b);
}

int floe_jinja__add(floe_jinja_rt *rt, const floe_jval *a, const floe_jval *b,
		    floe_jval *out)
{
	return binop(rt, OP_ADD, a, b, out);
}

static int compare(floe_jinja_rt *rt, int op, const floe_jval *a,
		   const floe_jval *b, bool *out)
{
	int c = 0;
	bool ok;
	if ((op == OP_EQ || op == OP_NE) &&
	    (a->k == FLOE_JV_OBJ || b->k == FLOE_JV_OBJ)) {
		floe_jval r;
		int orc = obj_binop(rt, OP_EQ, a, b, &r);
		if (orc < 0)
			return RC_ERR;
		if (orc == 0) {
			*out = floe_jv_truthy(&r) == (op == OP_EQ);
			return 0;
		}
	}
	switch (op) {
	case OP_EQ: *out = floe_jv_eq(a, b); return 0;
	case OP_NE: *out = !floe_jv_eq(a, b); return 0;
	case OP_IN: case OP_NOTIN:
		*out = floe_jinja__contains(b, a, &ok) == (op == OP_IN);
		if (ok)
			return 0;
		return floe_jinja_fail(rt, "jinja/type",
				       "argument of type '%s' is not iterable",
				       floe_jv_kind_name(b));
	default: {
		floe_jval r;
		int orc = obj_binop(rt, op, a, b, &r);
		if (orc < 0)
			return RC_ERR;
		if (orc == 0) {
			*out = floe_jv_truthy(&r);
			return 0;
		}
		if (floe_jinja__cmp(rt, a, b, &c) < 0)
			return RC_ERR;
		*out = op == OP_LT ? c < 0 : op == OP_LE ? c <= 0 :
		       op == OP_GT ? c > 0 : c >= 0;
		return 0;
	}
	}
}

static int eval_cmp(floe_jinja_rt *rt, const struct jnode *n, floe_jval *out)
{
	floe_jval l, r;
	int rc = floe_jinja__eval(rt, n->args[0], &l);
	bool res = true;
	for (uint32_t k = 1; rc == 0 && k < n->nargs && res; k++) {
		rc = floe_jinja__eval(rt, n->args[k], &r);
		if (rc == 0) {
			rt->off = n->off;
			rc = compare(rt, n->ops[k - 1], &l, &r, &res);
		}
		l = r;
	}
	*out = floe_jv_bool(res);
	return rc;
}

/* Slices with Python's rules for negative bounds and steps. */
static int64_t clamp_bound(int64_t v, int64_t len, bool neg_step, bool is_start)
{
	if (v < 0)
		v += len;
	if (neg_step) {
		if (v < -1) return -1;
		if (v >= len) return len - 1;
		(void)is_start;
		return v;
	}
	return v < 0 ? 0 : v > len ? len : v;
}

static int eval_slice(floe_jinja_rt *rt, const struct jnode *n, floe_jval *out)
{
	floe_jval seq, part[3];
	int64_t b[3] = { 0, 0, 1 };
	bool set[3] = { false, false, false };
	int rc = floe_jinja__eval(rt, n->a, &seq);
	for (int k = 0; rc == 0 && k < 3; k++) {
		if (!n->args[k])
			continue;
		rc = floe_jinja__eval(rt, n->args[k], &part[k]);
		if (rc == 0 && part[k].k != FLOE_JV_NONE) {
			if (!as_int(&part[k], &b[k]))
				return floe_jinja_fail(rt, "jinja/type",
						       "slice indices must be integers");
			set[k] = true;
		}
	}
	if (rc)
		return rc;
	if (b[2] == 0)
		return floe_jinja_fail(rt, "jinja/value", "slice step cannot be zero");
	floe_jlist items;
	if (seq.k != FLOE_JV_LIST && seq.k != FLOE_JV_STR)
		return floe_jinja_fail(rt, "jinja/type", "'%s' object is not subscriptable",
				       floe_jv_kind_name(&seq));
	if (floe_jinja__iter(rt, &seq, &items) < 0)
		return RC_ERR;
	int64_t len = (int64_t)items.len, step = b[2];
	if (step > len)
		step = len + 1;   /* one item at most; and i += step cannot overflow */
	else if (step < -len)
		step = -len - 1;
	int64_t start = set[0] ? clamp_bound(b[0], len, step < 0, true) :
				 step < 0 ? len - 1 : 0;
	int64_t stop = set[1] ? clamp_bound(b[1], len, step < 0, false) :
				step < 0 ? -1 : len;
	floe_jval res = floe_jv_list(rt->a);
	res.tuple = seq.tuple;
	for (int64_t i = start; step > 0 ? i < stop : i > stop; i += step)
		floe_jv_list_push(rt->a, res.u.list, items.items[i]);
	if (seq.k == FLOE_JV_STR) {
		floe_buf s = FLOE_BUF_INIT;
		for (size_t i = 0; i < res.u.list->len; i++)
			floe_buf_put(&s, res.u.list->items[i].u.str.s,
				     res.u.list->items[i].u.str.len);
		*out = floe_jinja__buf_val(rt, &s);
		floe_buf_release(&s);
		return 0;
	}
	*out = res;
	return 0;
}

struct argv {
	floe_jval pos_s[NARGS_STACK], kwv_s[NARGS_STACK];
	const char *kwn_s[NARGS_STACK];
	floe_jval *pos, *kwv;
	const char **kwn;
	size_t npos, nkw, cap_pos, cap_kw;
};

static void argv_push(floe_jinja_rt *rt, struct argv *v, const char *name,
		      floe_jval x)
{
	if (!name) {
		if (v->npos == v->cap_pos) {
			floe_jval *np = floe_arena_alloc(rt->a, v->cap_pos * 2 * sizeof(*np));
			memcpy(np, v->pos, v->npos * sizeof(*np));
			v->pos = np;
			v->cap_pos *= 2;
		}
		v->pos[v->npos++] = x;
		return;
	}
	if (v->nkw == v->cap_kw) {
		floe_jval *nv = floe_arena_alloc(rt->a, v->cap_kw * 2 * sizeof(*nv));
		const char **nn = floe_arena_alloc(rt->a, v->cap_kw * 2 * sizeof(*nn));
		memcpy(nv, v->kwv, v->nkw * sizeof(*nv));
		memcpy(nn, v->kwn, v->nkw * sizeof(*nn));
		v->kwv = nv;
		v->kwn = nn;
		v->cap_kw *= 2;
	}
	v->kwn[v->nkw] = name;
	v->kwv[v->nkw++] = x;
}

static int eval_args(floe_jinja_rt *rt, const struct jnode *n, struct argv *v)
{
	floe_jval x;
	v->pos = v->pos_s;
	v->kwv = v->kwv_s;
	v->kwn = v->kwn_s;
	v->cap_pos = v->cap_kw = NARGS_STACK;
	v->npos = v->nkw = 0;
	for (uint32_t k = 0; k < n->nargs; k++) {
		int rc = floe_jinja__eval(rt, n->args[k], &x);
		if (rc)
			return rc;
		argv_push(rt, v, n->names[k], x);
	}
	if (n->b) {
		int rc = floe_jinja__eval(rt, n->b, &x);
		if (rc)
			return rc;
		floe_jlist items;
		if (floe_jinja__iter(rt, &x, &items) < 0)
			return RC_ERR;
		for (size_t i = 0; i < items.len; i++)
			argv_push(rt, v, NULL, items.items[i]);
	}
	if (n->c) {
		int rc = floe_jinja__eval(rt, n->c, &x);
		if (rc)
			return rc;
		if (x.k != FLOE_JV_DICT)
			return floe_jinja_fail(rt, "jinja/type",
					       "argument after ** must be a mapping");
		for (size_t i = 0; i < x.u.dict->len; i++) {
			floe_jval ks;
			floe_jinja__str(rt, &x.u.dict->keys[i], &ks);
			argv_push(rt, v, ks.u.str.s, x.u.dict->vals[i]);
		}
	}
	return 0;
}

int floe_jinja__eval_call(floe_jinja_rt *rt, const struct jnode *n,
			  const char *kw, const floe_jval *kwv, floe_jval *out)
{
	floe_jval fn;
	struct argv v;
	int rc = floe_jinja__eval(rt, n->a, &fn);
	if (rc == 0)
		rc = eval_args(rt, n, &v);
	if (rc)
		return rc;
	if (kw)
		argv_push(rt, &v, kw, *kwv);
	floe_jinja_call c = { .rt = rt, .pos = v.pos, .npos = v.npos,
			      .kwn = v.kwn, .kwv = v.kwv, .nkw = v.nkw };
	rt->off = n->off;
	return floe_jinja__call(rt, &fn, &c, out);
}

static bool soft_subject(const struct jnode *n)
{
	const char *f = n->val.u.str.s;
	return floe_str_eq(f, "defined") || floe_str_eq(f, "undefined") ||
	       floe_str_eq(f, "default") || floe_str_eq(f, "d") ||
	       floe_str_eq(f, "none");
}

static int eval_filter(floe_jinja_rt *rt, const struct jnode *n, floe_jval *out)
{
	floe_jval subj;
	struct argv v;
	int rc;
	if (n->a) {
		bool soft = soft_subject(n);
		rt->soft += soft;
		rc = floe_jinja__eval(rt, n->a, &subj);
		rt->soft -= soft;
	} else {
		subj = rt->fb_input ? *rt->fb_input : floe_jv_str("", 0);
		rc = 0;
	}
	if (rc)
		return rc;
	memset(&v, 0, sizeof(v));
	if ((rc = eval_args(rt, n, &v)) != 0)
		return rc;
	argv_push(rt, &v, NULL, subj);   /* subject goes first: rotate */
	memmove(v.pos + 1, v.pos, (v.npos - 1) * sizeof(*v.pos));
	v.pos[0] = subj;
	floe_jinja_call c = { .rt = rt, .ud = n->fdef->ud, .pos = v.pos,
			      .npos = v.npos, .kwn = v.kwn, .kwv = v.kwv,
			      .nkw = v.nkw };
	rt->off = n->off;
	rc = n->fdef->fn(&c, out);
	if (rc == 0 && n->kind == N_TEST) {
		bool t = floe_jv_truthy(out);
		*out = floe_jv_bool(n->neg ? !t : t);
	}
	return rc;
}

static int eval_collection(floe_jinja_rt *rt, const struct jnode *n,
			   floe_jval *out)
{
	floe_jval x, y;
	if (n->kind == N_DICT) {
		*out = floe_jv_dict(rt->a);
		for (uint32_t k = 0; k + 1 < n->nargs; k += 2) {
			int rc = floe_jinja__eval(rt, n->args[k], &x);
			if (rc == 0)
				rc = floe_jinja__eval(rt, n->args[k + 1], &y);
			if (rc)
				return rc;
			floe_jv_dict_set(rt->a, out->u.dict, x, y);
		}
		return 0;
	}
	*out = floe_jv_list(rt->a);
	out->tuple = n->kind == N_TUPLE;
	for (uint32_t k = 0; k < n->nargs; k++) {
		int rc = floe_jinja__eval(rt, n->args[k], &x);
		if (rc)
			return rc;
		floe_jv_list_push(rt->a, out->u.list, x);
	}
	return 0;
}

static int eval_name(floe_jinja_rt *rt, const struct jnode *n, floe_jval *out)
{
	const char *name = n->val.u.str.s;
	if (floe_jinja__lookup(rt, rt->frame, name, out))
		return 0;
	if (rt->env->mode == FLOE_JINJA_STRICT && !rt->soft) {
		rt->off = n->off;
		return floe_jinja_fail(rt, "jinja/undefined", "'%s' is undefined",
				       name);
	}
	*out = floe_jinja__undef(name);
	return 0;
}

static int eval_unary(floe_jinja_rt *rt, const struct jnode *n, floe_jval *out)
{
	floe_jval x;
	int rc = floe_jinja__eval(rt, n->a, &x);
	if (rc)
		return rc;
	if (n->kind == N_NOT) {
		*out = floe_jv_bool(!floe_jv_truthy(&x));
		return 0;
	}
	rt->off = n->off;
	int64_t i;
	if (as_int(&x, &i)) {
		if (n->kind == N_NEG && i == INT64_MIN)
			return floe_jinja_fail(rt, "jinja/overflow", "integer overflow");
		*out = floe_jv_int(n->kind == N_NEG ? -i : i);
		return 0;
	}
	if (x.k == FLOE_JV_FLOAT) {
		*out = floe_jv_float(n->kind == N_NEG ? -x.u.f : x.u.f);
		return 0;
	}
	return floe_jinja_fail(rt, "jinja/type", "bad operand type for unary %c: '%s'",
			       n->kind == N_NEG ? '-' : '+', floe_jv_kind_name(&x));
}

static int eval_node(floe_jinja_rt *rt, const struct jnode *n, floe_jval *out)
{
	floe_jval a, b;
	int rc;
	switch (n->kind) {
	case N_LIT: *out = n->val; return 0;
	case N_NAME: return eval_name(rt, n, out);
	case N_LIST: case N_TUPLE: case N_DICT: return eval_collection(rt, n, out);
	case N_ATTR:
		if ((rc = floe_jinja__eval(rt, n->a, &a)) != 0)
			return rc;
		rt->off = n->off;
		return floe_jinja__getattr(rt, &a, n->val.u.str.s, out);
	case N_ITEM:
		if ((rc = floe_jinja__eval(rt, n->a, &a)) != 0 ||
		    (rc = floe_jinja__eval(rt, n->b, &b)) != 0)
			return rc;
		rt->off = n->off;
		return floe_jinja__getitem(rt, &a, &b, out);
	case N_SLICE: return eval_slice(rt, n, out);
	case N_CALL: return floe_jinja__eval_call(rt, n, NULL, NULL, out);
	case N_FILTER: case N_TEST: return eval_filter(rt, n, out);
	case N_NOT: case N_NEG: case N_POS: return eval_unary(rt, n, out);
	case N_BIN:
		if ((rc = floe_jinja__eval(rt, n->a, &a)) != 0 ||
		    (rc = floe_jinja__eval(rt, n->b, &b)) != 0)
			return rc;
		rt->off = n->off;
		return binop(rt, n->op, &a, &b, out);
	case N_CONCAT: {
		if ((rc = floe_jinja__eval(rt, n->a, &a)) != 0 ||
		    (rc = floe_jinja__eval(rt, n->b, &b)) != 0)
			return rc;
		rt->off = n->off;
		floe_jval sa, sb;
		if (floe_jinja__str(rt, &a, &sa) < 0 || floe_jinja__str(rt, &b, &sb) < 0)
			return RC_ERR;
		if (sa.u.str.len + sb.u.str.len > rt->env->lim.max_output)
			return floe_jinja_fail(rt, "jinja/too-big",
					       "string exceeds the output limit");
		char *s = floe_arena_alloc(rt->a, sa.u.str.len + sb.u.str.len + 1);
		if (sa.u.str.len)
			memcpy(s, sa.u.str.s, sa.u.str.len);
		if (sb.u.str.len)
			memcpy(s + sa.u.str.len, sb.u.str.s, sb.u.str.len);
		*out = floe_jv_str(s, sa.u.str.len + sb.u.str.len);
		return 0;
	}
	case N_CMP: return eval_cmp(rt, n, out);
	case N_AND: case N_OR:
		if ((rc = floe_jinja__eval(rt, n->a, &a)) != 0)
			return rc;
		if (floe_jv_truthy(&a) == (n->kind == N_OR)) {
			*out = a;
			return 0;
		}
		return floe_jinja__eval(rt, n->b, out);
	case N_COND:
		if ((rc = floe_jinja__eval(rt, n->b, &b)) != 0)
			return rc;
		if (floe_jv_truthy(&b))
			return floe_jinja__eval(rt, n->a, out);
		if (n->c)
			return floe_jinja__eval(rt, n->c, out);
		*out = floe_jinja__undef("else");
		return 0;
	default:
		*out = floe_jinja__undef(NULL);
		return 0;
	}
}

int floe_jinja__eval(floe_jinja_rt *rt, const struct jnode *n, floe_jval *out)
{
	if (floe_jinja__step(rt) < 0)
		return RC_ERR;
	uint32_t saved = rt->off;
	rt->off = n->off;
	int rc = eval_node(rt, n, out);
	if (rc == 0)
		rt->off = saved;
	return rc;
}
