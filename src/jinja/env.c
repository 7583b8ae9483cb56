/*
 * env.c: environments (mode, limits, globals, filters, the macro table),
 * renders (one arena each), calls of any callable value, and the error
 * path: floe_jinja_fail positions the diagnostic at the node being
 * evaluated and adds the chain of macro calls as notes.
 */
#include <stdarg.h>
#include <stdlib.h>
#include <string.h>
#include "jinja_int.h"

#define GROW(arr, n, cap, a)                                                  \
	do {                                                                  \
		if ((n) == (cap)) {                                           \
			size_t c_ = (cap) ? (cap) * 2 : 16;                   \
			void *p_ = floe_arena_alloc((a), c_ * sizeof(*(arr))); \
			if (n)                                                \
				memcpy(p_, (arr), (n) * sizeof(*(arr)));      \
			(arr) = p_;                                           \
			(cap) = c_;                                           \
		}                                                             \
	} while (0)

static const char *const default_search[] = { "", "dbt" };

floe_jinja_env *floe_jinja_env_new(floe_jinja_mode mode)
{
	floe_jinja_env *env = floe_xcalloc(1, sizeof(*env));
	env->mode = mode;
	env->a = floe_arena_new();
	env->lim = (floe_jinja_limits){ .max_depth = 200, .max_calls = 100,
					.max_output = (size_t)64 << 20,
					.max_steps = 50u * 1000 * 1000 };
	env->search = (const char **)default_search;
	env->nsearch = 2;
	return env;
}

void floe_jinja_env_free(floe_jinja_env *env)
{
	if (!env)
		return;
	floe_keyset_release(&env->macro_index);
	floe_keyset_release(&env->pkg_index);
	floe_arena_free(env->a);
	free(env);
}

void floe_jinja_env_limits(floe_jinja_env *env, const floe_jinja_limits *l)
{
	env->lim = *l;
	if (env->lim.max_depth > 1000)
		env->lim.max_depth = 1000; /* the C stack bounds it */
}

void floe_jinja_env_keep_trailing_newline(floe_jinja_env *env, bool keep)
{
	env->keep_nl = keep;
}

void floe_jinja_env_trim_blocks(floe_jinja_env *env, bool trim, bool lstrip)
{
	env->trim_blocks = trim;
	env->lstrip_blocks = lstrip;
}

floe_arena *floe_jinja_env_arena(floe_jinja_env *env)
{
	return env->a;
}

void floe_jinja_env_global(floe_jinja_env *env, const char *name, floe_jval v)
{
	for (size_t i = 0; i < env->nglobals; i++)
		if (floe_str_eq(env->globals[i].name, name)) {
			env->globals[i].v = v;
			return;
		}
	GROW(env->globals, env->nglobals, env->capglobals, env->a);
	env->globals[env->nglobals++] = (struct jglobal){ name, v };
}

void floe_jinja_env_func(floe_jinja_env *env, const char *name,
			 floe_jinja_fn fn, void *ud)
{
	floe_jinja_env_global(env, name, floe_jv_func(env->a, name, fn, ud));
}

void floe_jinja_env_filter(floe_jinja_env *env, const char *name,
			   floe_jinja_fn fn, void *ud)
{
	GROW(env->filters, env->nfilters, env->capfilters, env->a);
	env->filters[env->nfilters++] = (struct jfilter_def){ name, fn, ud };
}

void floe_jinja_env_output_filter(floe_jinja_env *env, const char *name)
{
	GROW(env->outf, env->noutf, env->capoutf, env->a);
	env->outf[env->noutf++] = name;
}

void floe_jinja_env_log(floe_jinja_env *env,
			void (*fn)(void *ud, bool warn, const char *msg), void *ud)
{
	env->log = fn;
	env->log_ud = ud;
}

void floe_jinja_env_add_macros(floe_jinja_env *env, const floe_jinja_tpl *t,
			       const char *pkg)
{
	const char *p = floe_arena_strdup(env->a, pkg ? pkg : "");
	if (!env->pkg_index.cap) {
		floe_keyset_reset(&env->pkg_index, 16);
		floe_keyset_reset(&env->macro_index, 256);
	}
	floe_keyset_add(&env->pkg_index, p, strlen(p), 0);
	for (size_t k = 0; k < t->nmacros; k++) {
		floe_jmacro *m = floe_arena_alloc(env->a, sizeof(*m));
		m->def = t->macros[k];
		m->tpl = t;
		m->pkg = p;
		m->name = t->macros[k]->val.u.str.s;
		char *key = floe_arena_printf(env->a, "%s\x1f%s", p, m->name);
		size_t keylen = strlen(key);
		long i = floe_keyset_find(&env->macro_index, key, keylen);
		if (i < 0) {
			GROW(env->macros, env->nmacros, env->capmacros, env->a);
			i = (long)env->nmacros++;
			floe_keyset_add(&env->macro_index, key, keylen, (size_t)i);
		}
		env->macros[i] = (struct jmacro_ent){ p, m->name, m, key, keylen };
	}
}

long floe_jinja__macro_find(const floe_jinja_env *env, const char *pkg,
			    const char *name)
{
	char stack[256];
	size_t pl = strlen(pkg), nl = strlen(name);
	if (!env->nmacros)
		return -1;
	char *key = pl + nl + 2 <= sizeof(stack) ? stack : floe_xmalloc(pl + nl + 2);
	memcpy(key, pkg, pl);
	key[pl] = '\x1f';
	memcpy(key + pl + 1, name, nl);
	long i = floe_keyset_find(&env->macro_index, key, pl + 1 + nl);
	if (key != stack)
		free(key);
	return i;
}

bool floe_jinja__is_pkg(const floe_jinja_env *env, const char *name)
{
	return env->pkg_index.cap &&
	       floe_keyset_find(&env->pkg_index, name, strlen(name)) >= 0;
}

void floe_jinja_env_search(floe_jinja_env *env, const char *const *pkgs,
			   size_t n)
{
	env->search = floe_arena_alloc(env->a, (n + 1) * sizeof(*env->search));
	for (size_t k = 0; k < n; k++)
		env->search[k] = floe_arena_strdup(env->a, pkgs[k]);
	env->nsearch = n;
}

/* ---- renders ---- */

floe_jinja_rt *floe_jinja_rt_new(floe_jinja_env *env, floe_diags *d,
				 const floe_jdict *vars)
{
	floe_jinja_rt *rt = floe_xcalloc(1, sizeof(*rt));
	rt->env = env;
	rt->d = d;
	rt->a = floe_arena_new();
	rt->vars = vars;
	return rt;
}

void floe_jinja_rt_free(floe_jinja_rt *rt)
{
	if (!rt)
		return;
	floe_arena_free(rt->a);
	free(rt);
}

floe_arena *floe_jinja_rt_arena(floe_jinja_rt *rt) { return rt->a; }
void *floe_jinja_rt_user(floe_jinja_rt *rt) { return rt->user; }
void floe_jinja_rt_set_user(floe_jinja_rt *rt, void *user) { rt->user = user; }

bool floe_jinja_rt_where(const floe_jinja_rt *rt, const floe_source **src,
			 uint32_t *off)
{
	if (!rt->tpl)
		return false;
	*src = rt->tpl->src;
	*off = rt->off;
	return true;
}

int floe_jinja_render(floe_jinja_rt *rt, const floe_jinja_tpl *t, long block,
		      floe_buf *out)
{
	size_t len0 = out->len;
	struct jframe *top = floe_arena_alloc(rt->a, sizeof(*top));
	floe_buf *saved_out = rt->out;
	const floe_jinja_tpl *saved_tpl = rt->tpl;
	rt->out = out;
	rt->tpl = t;
	rt->failed = false;
	rt->calls = NULL;
	rt->ncalls = 0;
	rt->depth = 0;
	for (size_t k = 0; k < t->nmacros; k++) {
		floe_jmacro *m = floe_arena_alloc(rt->a, sizeof(*m));
		*m = (floe_jmacro){ t->macros[k], t, top, rt->pkg,
				    t->macros[k]->val.u.str.s };
		floe_jinja__bind(rt, top, m->name,
				 (floe_jval){ .k = FLOE_JV_MACRO, .u.macro = m });
	}
	const struct jnode *body = t->body;
	if (block >= 0)
		body = (size_t)block < t->nblocks ? t->blocks[block]->body : NULL;
	int rc = floe_jinja__exec(rt, body, top);
	if (rc == RC_RETURN || rc == RC_BREAK || rc == RC_CONTINUE)
		rc = 0;
	rt->out = saved_out;
	rt->tpl = saved_tpl;
	if (rc != 0 || rt->failed) {
		floe_buf_truncate(out, len0);
		if (out->ptr)
			out->ptr[out->len] = '\0';
		return FLOE_EINVALID;
	}
	return 0;
}

int floe_jinja__call(floe_jinja_rt *rt, const floe_jval *fn,
		     floe_jinja_call *c, floe_jval *out)
{
	c->rt = rt;
	switch (fn->k) {
	case FLOE_JV_FUNC:
		c->ud = fn->u.fn->ud;
		c->self = fn->u.fn->self;
		return fn->u.fn->fn(c, out);
	case FLOE_JV_MACRO:
		return floe_jinja__call_macro(rt, fn->u.macro, c, out);
	case FLOE_JV_OBJ:
		if (fn->u.obj->type->call) {
			c->ud = fn->u.obj->data;
			return fn->u.obj->type->call(c, out);
		}
		break;
	case FLOE_JV_UNDEF:
		return floe_jinja_fail(rt, "jinja/undefined", "'%s' is undefined",
				       fn->u.str.s ? fn->u.str.s : "value");
	default:
		break;
	}
	return floe_jinja_fail(rt, "jinja/type", "'%s' object is not callable",
			       floe_jv_kind_name(fn));
}

int floe_jinja_call_value(floe_jinja_rt *rt, const floe_jval *fn,
			  const floe_jval *args, size_t n, floe_jval *out)
{
	floe_jinja_call c = { .rt = rt, .pos = args, .npos = n };
	const floe_jinja_tpl *tpl = rt->tpl;
	struct jcall *calls = rt->calls;
	unsigned ncalls = rt->ncalls, depth = rt->depth;
	floe_buf *saved_out = rt->out;
	const char *pkg = rt->pkg;
	bool outer_render = rt->out != NULL;
	if (!outer_render) {
		rt->failed = false;
		rt->calls = NULL;
		rt->ncalls = rt->depth = 0;
	}
	int rc = floe_jinja__call(rt, fn, &c, out);
	if (rc == RC_RETURN) {
		*out = rt->ret;
		rc = 0;
	}
	rt->tpl = tpl;
	rt->calls = calls;
	rt->ncalls = ncalls;
	rt->depth = depth;
	rt->out = saved_out;
	rt->pkg = pkg;
	return rc == 0 && !(rt->failed && !outer_render) ? 0 : FLOE_EINVALID;
}

const floe_jval *floe_jinja_arg(const floe_jinja_call *c, size_t i,
				const char *name)
{
	if (i < c->npos)
		return &c->pos[i];
	for (size_t k = 0; name && k < c->nkw; k++)
		if (floe_str_eq(c->kwn[k], name))
			return &c->kwv[k];
	return NULL;
}

static void chain_notes(floe_jinja_rt *rt, floe_diag *dg)
{
	unsigned shown = 0;
	for (const struct jcall *c = rt->calls; c; c = c->up) {
		if (++shown > 20) {
			floe_diag_note(rt->d, dg, NULL, "... and more macro calls");
			break;
		}
		floe_span def, at;
		floe_jinja__pos(c->m->tpl, c->m->def->off, &def);
		if (!c->at_tpl) {
			floe_diag_note(rt->d, dg, NULL, "in %s %s (%s:%u:%u), called by floe",
				       c->m->def->kind == S_MACRO ? "macro" : "call block",
				       c->m->name, floe_source_path(def.src), def.line, def.col);
			continue;
		}
		floe_jinja__pos(c->at_tpl, c->at_off, &at);
		floe_diag_note(rt->d, dg, &at, "in %s %s (%s:%u:%u), called from %s:%u:%u",
			       c->m->def->kind == S_MACRO ? "macro" : "call block",
			       c->m->name, floe_source_path(def.src), def.line,
			       def.col, floe_source_path(at.src), at.line, at.col);
	}
}

int floe_jinja_fail(floe_jinja_rt *rt, const char *code, const char *fmt, ...)
{
	if (rt->failed)
		return RC_ERR;
	rt->failed = true;
	va_list ap;
	va_start(ap, fmt);
	char *msg = floe_arena_vprintf(rt->a, fmt, ap);
	va_end(ap);
	floe_span sp;
	const floe_span *spp = NULL;
	if (rt->tpl) {
		floe_jinja__pos(rt->tpl, rt->off, &sp);
		spp = &sp;
	}
	floe_diag *dg = floe_diag_add(rt->d, FLOE_SEV_ERROR, code, spp, NULL,
				      "%s", msg);
	if (dg)
		chain_notes(rt, dg);
	return RC_ERR;
}
