/*
 * exec.c: statements, scopes and macro calls.  A scope is a frame of
 * (name, value) pairs with a parent; for loops and macro calls open one,
 * if does not (Jinja's rules).  Names resolve through the frames, the
 * render's context, the environment's globals, the engine's builtins,
 * then the macro table.  Macro calls bind positional, keyword, varargs,
 * kwargs and caller, render into their own buffer and return it (Markup)
 * or the value given to return().
 */
#include <string.h>
#include "jinja_int.h"

static struct jframe *frame_new(floe_jinja_rt *rt, struct jframe *parent)
{
	struct jframe *f = floe_arena_alloc(rt->a, sizeof(*f));
	f->parent = parent;
	return f;
}

void floe_jinja__bind(floe_jinja_rt *rt, struct jframe *f, const char *name,
		      floe_jval v)
{
	for (size_t i = 0; i < f->n; i++)
		if (f->vars[i].name == name || floe_str_eq(f->vars[i].name, name)) {
			f->vars[i].v = v;
			return;
		}
	if (f->n == f->cap) {
		size_t cap = f->cap ? f->cap * 2 : 8;
		struct jvar *nv = floe_arena_alloc(rt->a, cap * sizeof(*nv));
		if (f->n)
			memcpy(nv, f->vars, f->n * sizeof(*nv));
		f->vars = nv;
		f->cap = cap;
	}
	f->vars[f->n++] = (struct jvar){ name, v };
}

/* ---- the macro table ---- */

static const floe_jobj_type pkg_type;

static bool macro_in(const floe_jinja_env *env, const char *pkg,
		     const char *name, floe_jval *out)
{
	long i = floe_jinja__macro_find(env, pkg, name);
	if (i < 0)
		return false;
	out->k = FLOE_JV_MACRO;
	out->u.macro = env->macros[i].m;
	return true;
}

bool floe_jinja_env_find_macro(const floe_jinja_env *env, const char *pkg,
			       const char *name, floe_jval *out)
{
	memset(out, 0, sizeof(*out));
	if (pkg)
		return macro_in(env, pkg, name, out);
	for (size_t k = 0; k < env->nsearch; k++)
		if (macro_in(env, env->search[k], name, out))
			return true;
	return false;
}

static int pkg_getattr(floe_jinja_rt *rt, void *data, const char *name,
		       floe_jval *out)
{
	return macro_in(rt->env, data, name, out) ? 0 : 1;
}

static void pkg_str(void *data, floe_buf *out)
{
	floe_buf_printf(out, "<package %s>", (const char *)data);
}

static const floe_jobj_type pkg_type = { "package", pkg_getattr, pkg_str, NULL, NULL };


bool floe_jinja__lookup(floe_jinja_rt *rt, struct jframe *f, const char *name,
			floe_jval *out)
{
	for (; f; f = f->parent)
		for (size_t i = f->n; i-- > 0;)
			if (floe_str_eq(f->vars[i].name, name)) {
				*out = f->vars[i].v;
				return true;
			}
	floe_jval *v = floe_jv_dict_get(rt->vars, name, strlen(name));
	if (v) {
		*out = *v;
		return true;
	}
	floe_jinja_env *env = rt->env;
	for (size_t i = env->nglobals; i-- > 0;)
		if (floe_str_eq(env->globals[i].name, name)) {
			*out = env->globals[i].v;
			return true;
		}
	if (floe_jinja__builtin_global(rt, name, out))
		return true;
	if (rt->pkg && macro_in(env, rt->pkg, name, out))
		return true;
	if (floe_jinja_env_find_macro(env, NULL, name, out))
		return true;
	if (floe_jinja__is_pkg(env, name)) {
		*out = floe_jv_obj(rt->a, &pkg_type, (void *)name);
		return true;
	}
	return false;
}

/* ---- output ---- */

static int floe_jinja__emit(floe_jinja_rt *rt, const char *s, size_t len)
{
	rt->emitted += len;
	if (rt->emitted > rt->env->lim.max_output)
		return floe_jinja_fail(rt, "jinja/too-big",
				       "output exceeds %zu bytes",
				       rt->env->lim.max_output);
	floe_buf_put(rt->out, s, len);
	return 0;
}

/* Run `body` into a fresh buffer; its text in *out. */
static int capture(floe_jinja_rt *rt, const struct jnode *body,
		   struct jframe *f, floe_jval *out)
{
	floe_buf b = FLOE_BUF_INIT, *saved = rt->out;
	rt->out = &b;
	int rc = floe_jinja__exec(rt, body, f);
	rt->out = saved;
	*out = floe_jinja__buf_val(rt, &b);
	floe_buf_release(&b);
	return rc;
}

/* ---- macros ---- */

static int bind_params(floe_jinja_rt *rt, const floe_jmacro *m,
		       floe_jinja_call *c, struct jframe *f)
{
	const struct jnode *d = m->def;
	floe_jval varargs = floe_jv_list(rt->a), kwargs = floe_jv_dict(rt->a);
	varargs.tuple = 1;
	uint8_t used[256] = { 0 };
	for (size_t k = 0; k < c->nkw; k++) {
		uint32_t p = 0;
		while (p < d->nargs && !floe_str_eq(d->names[p], c->kwn[k]))
			p++;
		if (p < d->nargs && p >= c->npos) {
			floe_jinja__bind(rt, f, d->names[p], c->kwv[k]);
			used[p] = 1;
		} else if (floe_str_eq(c->kwn[k], "caller")) {
			floe_jinja__bind(rt, f, "caller", c->kwv[k]);
		} else if (d->flags & MF_KWARGS) {
			floe_jv_dict_sets(rt->a, kwargs.u.dict, c->kwn[k], c->kwv[k]);
		} else {
			return floe_jinja_fail(rt, "jinja/macro-args",
					       p < d->nargs ?
					       "macro '%s' got multiple values for argument '%s'" :
					       "macro '%s' takes no keyword argument '%s'",
					       m->name, c->kwn[k]);
		}
	}
	for (size_t k = 0; k < c->npos; k++) {
		if (k < d->nargs) {
			floe_jinja__bind(rt, f, d->names[k], c->pos[k]);
			used[k] = 1;
		} else if (d->flags & MF_VARARGS) {
			floe_jv_list_push(rt->a, varargs.u.list, c->pos[k]);
		} else {
			return floe_jinja_fail(rt, "jinja/macro-args",
					       "macro '%s' takes not more than %u argument(s)",
					       m->name, d->nargs);
		}
	}
	for (uint32_t p = 0; p < d->nargs; p++) {
		if (used[p])
			continue;
		floe_jval v = floe_jinja__undef(d->names[p]);
		if (d->args[p]) {
			struct jframe *saved = rt->frame;
			rt->frame = f;
			int rc = floe_jinja__eval(rt, d->args[p], &v);
			rt->frame = saved;
			if (rc)
				return rc;
		}
		floe_jinja__bind(rt, f, d->names[p], v);
	}
	floe_jinja__bind(rt, f, "varargs", varargs);
	floe_jinja__bind(rt, f, "kwargs", kwargs);
	return 0;
}

int floe_jinja__call_macro(floe_jinja_rt *rt, floe_jmacro *m,
			   floe_jinja_call *c, floe_jval *out)
{
	if (rt->ncalls >= rt->env->lim.max_calls)
		return floe_jinja_fail(rt, "jinja/too-deep",
				       "macro calls nested deeper than %u",
				       rt->env->lim.max_calls);
	struct jcall call = { rt->calls, m, rt->tpl, rt->off };
	struct jframe *f = frame_new(rt, m->closure);
	const floe_jinja_tpl *saved_tpl = rt->tpl;
	const char *saved_pkg = rt->pkg;
	uint32_t saved_off = rt->off;
	rt->calls = &call;
	rt->ncalls++;
	rt->tpl = m->tpl;
	if (m->def->kind == S_MACRO)
		rt->pkg = m->pkg;
	int rc = bind_params(rt, m, c, f);
	if (rc == 0)
		rc = capture(rt, m->def->body, f, out);
	if (rc == 0 || rc == RC_BREAK || rc == RC_CONTINUE) {
		out->safe = 1;
		rc = 0;
	} else if (rc == RC_RETURN && m->def->kind == S_MACRO) {
		*out = rt->ret;
		rc = 0;
	}
	/* the diagnostic of an error was made with the chain; unwind it */
	rt->calls = call.up;
	rt->ncalls--;
	rt->tpl = saved_tpl;
	rt->pkg = saved_pkg;
	if (rc != RC_ERR)
		rt->off = saved_off;
	return rc;
}

static floe_jmacro *macro_new(floe_arena *a, const struct jnode *def,
			      const floe_jinja_tpl *t, struct jframe *closure,
			      const char *pkg)
{
	floe_jmacro *m = floe_arena_alloc(a, sizeof(*m));
	m->def = def;
	m->tpl = t;
	m->closure = closure;
	m->pkg = pkg;
	m->name = def->val.u.str.s;
	return m;
}

/* ---- statements ---- */

static int assign(floe_jinja_rt *rt, const struct jnode *t, struct jframe *f,
		  floe_jval v)
{
	if (t->kind == N_NAME) {
		floe_jinja__bind(rt, f, t->val.u.str.s, v);
		return 0;
	}
	if (t->kind == N_ATTR) {
		floe_jval ns;
		if (!floe_jinja__lookup(rt, f, t->a->val.u.str.s, &ns) ||
		    ns.k != FLOE_JV_NS)
			return floe_jinja_fail(rt, "jinja/type",
					       "cannot assign attribute on non-namespace object");
		floe_jv_dict_sets(rt->a, ns.u.dict, t->val.u.str.s, v);
		return 0;
	}
	floe_jlist items;
	if (floe_jinja__iter(rt, &v, &items) < 0)
		return RC_ERR;
	if (items.len != t->nargs)
		return floe_jinja_fail(rt, "jinja/value",
				       items.len < t->nargs ?
				       "not enough values to unpack (expected %u, got %zu)" :
				       "too many values to unpack (expected %u, got %zu)",
				       t->nargs, items.len);
	for (uint32_t k = 0; k < t->nargs; k++)
		floe_jinja__bind(rt, f, t->args[k]->val.u.str.s, items.items[k]);
	return 0;
}

/* Apply a filter chain (whose innermost subject is NULL) to `in`. */
static int apply_chain(floe_jinja_rt *rt, const struct jnode *chain,
		       floe_jval in, floe_jval *out)
{
	const floe_jval *saved = rt->fb_input;
	rt->fb_input = &in;
	int rc = floe_jinja__eval(rt, chain, out);
	rt->fb_input = saved;
	return rc;
}

static int exec_for(floe_jinja_rt *rt, const struct jnode *s, struct jframe *f);

static int exec_one(floe_jinja_rt *rt, const struct jnode *s, struct jframe *f)
{
	floe_jval v, str;
	int rc;
	rt->off = s->off;
	switch (s->kind) {
	case S_TEXT:
		return floe_jinja__emit(rt, s->val.u.str.s, s->val.u.str.len);
	case S_OUT:
		if ((rc = floe_jinja__eval(rt, s->a, &v)) != 0)
			return rc;
		rt->off = s->off;
		if (floe_jinja__str(rt, &v, &str) < 0)
			return RC_ERR;
		return floe_jinja__emit(rt, str.u.str.s, str.u.str.len);
	case S_IF:
		if ((rc = floe_jinja__eval(rt, s->a, &v)) != 0)
			return rc;
		return floe_jinja__exec(rt, floe_jv_truthy(&v) ? s->body : s->else_body, f);
	case S_FOR:
		return exec_for(rt, s, f);
	case S_SET:
		if ((rc = floe_jinja__eval(rt, s->b, &v)) != 0)
			return rc;
		return assign(rt, s->a, f, v);
	case S_SETBLOCK:
		if ((rc = capture(rt, s->body, f, &v)) != 0)
			return rc;
		if (s->c && (rc = apply_chain(rt, s->c, v, &v)) != 0)
			return rc;
		return assign(rt, s->a, f, v);
	case S_MACRO:
		v.k = FLOE_JV_MACRO;
		v.u.macro = macro_new(rt->a, s, rt->tpl, f, rt->pkg);
		floe_jinja__bind(rt, f, s->val.u.str.s, v);
		return 0;
	case S_CALLBLOCK: {
		floe_jval caller = { .k = FLOE_JV_MACRO };
		caller.u.macro = macro_new(rt->a, s, rt->tpl, f, rt->pkg);
		if ((rc = floe_jinja__eval_call(rt, s->a, "caller", &caller, &v)) != 0)
			return rc;
		if (floe_jinja__str(rt, &v, &str) < 0)
			return RC_ERR;
		return floe_jinja__emit(rt, str.u.str.s, str.u.str.len);
	}
	case S_DO:
		return floe_jinja__eval(rt, s->a, &v);
	case S_FILTERBLOCK:
		if ((rc = capture(rt, s->body, f, &v)) != 0 ||
		    (rc = apply_chain(rt, s->a, v, &v)) != 0)
			return rc;
		if (floe_jinja__str(rt, &v, &str) < 0)
			return RC_ERR;
		return floe_jinja__emit(rt, str.u.str.s, str.u.str.len);
	case S_BREAK: return RC_BREAK;
	case S_CONTINUE: return RC_CONTINUE;
	case S_WITH: {
		struct jframe *inner = frame_new(rt, f);
		for (const struct jnode *x = s->a; x; x = x->next) {
			if ((rc = floe_jinja__eval(rt, x->b, &v)) != 0 ||
			    (rc = assign(rt, x->a, inner, v)) != 0)
				return rc;
		}
		return floe_jinja__exec(rt, s->body, inner);
	}
	default:
		return 0; /* S_NAMED: rendered on the host's request */
	}
}

int floe_jinja__exec(floe_jinja_rt *rt, const struct jnode *s,
		     struct jframe *f)
{
	if (++rt->depth > rt->env->lim.max_depth * 4u) {
		rt->depth--;
		return floe_jinja_fail(rt, "jinja/too-deep",
				       "rendering nested too deeply");
	}
	struct jframe *saved = rt->frame;
	rt->frame = f;
	int rc = 0;
	for (; s && rc == 0; s = s->next) {
		if (floe_jinja__step(rt) < 0) {
			rc = RC_ERR;
			break;
		}
		rc = exec_one(rt, s, f);
	}
	rt->frame = saved;
	rt->depth--;
	return rc;
}

/* ---- for loops ---- */

struct jloop {
	floe_jlist items;
	size_t i;
	unsigned depth;
	const struct jnode *s;   /* the loop, for recursive calls */
	struct jframe *f;
	floe_jval last;          /* loop.changed() */
	bool have_last;
};

static int loop_changed(floe_jinja_call *c, floe_jval *out)
{
	struct jloop *l = c->ud;
	floe_jval now = floe_jv_list(c->rt->a);
	for (size_t i = 0; i < c->npos; i++)
		floe_jv_list_push(c->rt->a, now.u.list, c->pos[i]);
	*out = floe_jv_bool(!l->have_last || !floe_jv_eq(&l->last, &now));
	l->last = now;
	l->have_last = true;
	return 0;
}

static int loop_cycle(floe_jinja_call *c, floe_jval *out)
{
	struct jloop *l = c->ud;
	if (!c->npos)
		return floe_jinja_fail(c->rt, "jinja/args", "no items for cycling given");
	*out = c->pos[l->i % c->npos];
	return 0;
}

static int loop_getattr(floe_jinja_rt *rt, void *data, const char *name,
			floe_jval *out)
{
	struct jloop *l = data;
	int64_t n = (int64_t)l->items.len, i = (int64_t)l->i;
	if (floe_str_eq(name, "index")) *out = floe_jv_int(i + 1);
	else if (floe_str_eq(name, "index0")) *out = floe_jv_int(i);
	else if (floe_str_eq(name, "revindex")) *out = floe_jv_int(n - i);
	else if (floe_str_eq(name, "revindex0")) *out = floe_jv_int(n - i - 1);
	else if (floe_str_eq(name, "first")) *out = floe_jv_bool(i == 0);
	else if (floe_str_eq(name, "last")) *out = floe_jv_bool(i == n - 1);
	else if (floe_str_eq(name, "length")) *out = floe_jv_int(n);
	else if (floe_str_eq(name, "depth")) *out = floe_jv_int(l->depth);
	else if (floe_str_eq(name, "depth0")) *out = floe_jv_int(l->depth - 1);
	else if (floe_str_eq(name, "previtem"))
		*out = i > 0 ? l->items.items[i - 1] : floe_jinja__undef("previtem");
	else if (floe_str_eq(name, "nextitem"))
		*out = i + 1 < n ? l->items.items[i + 1] : floe_jinja__undef("nextitem");
	else if (floe_str_eq(name, "cycle"))
		*out = floe_jv_func(rt->a, "cycle", loop_cycle, l);
	else if (floe_str_eq(name, "changed"))
		*out = floe_jv_func(rt->a, "changed", loop_changed, l);
	else
		return 1;
	return 0;
}

static int run_loop(floe_jinja_rt *rt, const struct jnode *s, struct jframe *f,
		    const floe_jval *seq, unsigned depth);

/* loop(children) in a recursive loop: the body again, one level down */
static int loop_call(floe_jinja_call *c, floe_jval *out)
{
	struct jloop *l = c->ud;
	if (!(l->s->flags & 1))
		return floe_jinja_fail(c->rt, "jinja/type",
				       "the loop is not recursive: add 'recursive'");
	if (!c->npos)
		return floe_jinja_fail(c->rt, "jinja/args", "loop() takes the items");
	floe_buf b = FLOE_BUF_INIT, *saved = c->rt->out;
	c->rt->out = &b;
	int rc = run_loop(c->rt, l->s, l->f, &c->pos[0], l->depth + 1);
	c->rt->out = saved;
	*out = floe_jinja__buf_val(c->rt, &b);
	out->safe = 1;
	floe_buf_release(&b);
	return rc;
}

static const floe_jobj_type loop_type = { "LoopContext", loop_getattr, NULL, loop_call, NULL };

static int filter_items(floe_jinja_rt *rt, const struct jnode *s,
			struct jframe *f, floe_jlist *items)
{
	floe_jlist kept = { 0 };
	struct jframe *tmp = frame_new(rt, f);
	for (size_t i = 0; i < items->len; i++) {
		floe_jval keep;
		int rc = assign(rt, s->a, tmp, items->items[i]);
		if (rc == 0) {
			struct jframe *saved = rt->frame;
			rt->frame = tmp;
			rc = floe_jinja__eval(rt, s->c, &keep);
			rt->frame = saved;
		}
		if (rc)
			return rc;
		if (floe_jv_truthy(&keep))
			floe_jv_list_push(rt->a, &kept, items->items[i]);
	}
	*items = kept;
	return 0;
}

static int run_loop(floe_jinja_rt *rt, const struct jnode *s, struct jframe *f,
		    const floe_jval *seq, unsigned depth)
{
	struct jloop *l = floe_arena_alloc(rt->a, sizeof(*l));
	int rc;
	rt->off = s->b->off;
	if (floe_jinja__iter(rt, seq, &l->items) < 0)
		return RC_ERR;
	if (s->c && (rc = filter_items(rt, s, f, &l->items)) != 0)
		return rc;
	if (l->items.len == 0)
		return floe_jinja__exec(rt, s->else_body, f);
	l->depth = depth;
	l->s = s;
	l->f = f;
	floe_jval loopv = floe_jv_obj(rt->a, &loop_type, l);
	struct jframe *inner = frame_new(rt, f);
	for (l->i = 0; l->i < l->items.len; l->i++) {
		inner->n = 0;
		floe_jinja__bind(rt, inner, "loop", loopv);
		if ((rc = assign(rt, s->a, inner, l->items.items[l->i])) != 0)
			return rc;
		rc = floe_jinja__exec(rt, s->body, inner);
		if (rc == RC_BREAK)
			break;
		if (rc == RC_CONTINUE)
			continue;
		if (rc)
			return rc;
	}
	return 0;
}

static int exec_for(floe_jinja_rt *rt, const struct jnode *s, struct jframe *f)
{
	floe_jval seq;
	int rc = floe_jinja__eval(rt, s->b, &seq);
	if (rc)
		return rc;
	return run_loop(rt, s, f, &seq, 1);
}
