/*
 * run_model.c: rendering at load.  Every ref() and source() with literal
 * arguments is checked in every branch; a first render collects config()
 * calls (so every node can be placed), a second writes each model's SQL,
 * once with is_incremental() false and, for incremental models, once
 * with it true.  The run only picks one of them: nothing is rendered
 * while DuckDB works.
 */
#include <stdlib.h>
#include <string.h>
#include "run_int.h"

struct mctx {
	floe_runner_project *p;
	struct rnode *n;
	bool config_pass;
	bool report_all;  /* no static pass saw these calls */
};

/* ref() during the config pass: nothing is placed yet. */
static const struct jrel placeholder = { NULL, "main", "ref", "\"main\".\"ref\"",
					 "main.ref" };

static bool literal_args(const struct jexpr *at)
{
	for (size_t i = 0; i < at->nargs; i++)
		if (at->args[i]->kind != JX_STR)
			return false;
	return true;
}

static const char *suggest(const floe_runner_project *p, const char *name,
			   int kind)
{
	floe_vec names = FLOE_VEC_INIT;
	for (size_t i = 0; i < p->nodes.len; i++) {
		const struct rnode *n = floe_runtime__run_node(p, i);
		if (n->kind == kind || (kind == RK_MODEL && n->kind == RK_SEED))
			floe_vec_push(&names, (void *)n->name);
	}
	const char *s = floe_str_suggest(name, (const char *const *)names.items,
					 names.len);
	floe_vec_release(&names);
	return s;
}

static struct rnode *find_any(const floe_runner_project *p, const char *name)
{
	for (size_t i = 0; i < p->nodes.len; i++) {
		struct rnode *n = floe_runtime__run_node(p, i);
		if (n->kind != RK_TEST && strcmp(n->name, name) == 0)
			return n;
	}
	return NULL;
}

/* The node a ref() names, or NULL after a diagnostic (when `report`). */
static struct rnode *resolve_ref(floe_runner_project *p, struct jrender *r,
				 const struct jexpr *at, const char *pkg,
				 const char *name, bool report)
{
	struct rnode *t = NULL;
	if (pkg && strcmp(pkg, p->name) != 0) {
		if (report)
			floe_runtime__run_render_error(r, "run/unknown-ref", at,
				"ref() into package '%s' is not supported: the native "
				"runner builds one project", pkg);
	} else if ((t = floe_runtime__run_find(p, name))) {
		return t;
	} else if (report && (t = find_any(p, name)) && !t->cfg.enabled) {
		floe_runtime__run_render_error(r, "run/unknown-ref", at, "'%s' is disabled",
				      name);
	} else if (report) {
		const char *s = suggest(p, name, RK_MODEL);
		floe_runtime__run_render_error(r, "run/unknown-ref", at,
				      "no model or seed named '%s'%s%s%s", name,
				      s ? "; did you mean '" : "", s ? s : "",
				      s ? "'?" : "");
	}
	r->failed = true;
	return NULL;
}

static int hook_ref(void *ud, struct jrender *r, const struct jexpr *at,
		    const char *pkg, const char *name, struct jval *out)
{
	struct mctx *m = ud;
	struct rnode *t = resolve_ref(m->p, r, at, pkg, name,
				      m->report_all || !literal_args(at));
	if (!t)
		return -1;
	floe_runtime__run_add_parent(m->p, m->n, t->id, at->off);
	out->k = JV_REL;
	out->rel = m->config_pass ? &placeholder : &t->rel;
	return 0;
}

static void add_source_name(floe_runner_project *p, struct rnode *n,
			    const char *name)
{
	for (size_t i = 0; i < n->nsources; i++)
		if (strcmp(n->sources[i], name) == 0)
			return;
	if (n->nsources == n->capsources) {
		n->capsources = n->capsources ? 2 * n->capsources : 4;
		const char **ns = floe_arena_alloc(p->a, n->capsources * sizeof(*ns));
		if (n->nsources)
			memcpy(ns, n->sources, n->nsources * sizeof(*ns));
		n->sources = ns;
	}
	n->sources[n->nsources++] = floe_arena_strdup(p->a, name);
}

static const struct rsource *resolve_source(floe_runner_project *p,
					    struct jrender *r,
					    const struct jexpr *at,
					    const char *s, const char *t,
					    bool report)
{
	const struct rsource *src = floe_runtime__run_source_find(p, s, t);
	if (!src && report)
		floe_runtime__run_render_error(r, "run/unknown-source", at,
				      "no source table '%s.%s' in any properties file",
				      s, t);
	r->failed |= !src;
	return src;
}

static int hook_source(void *ud, struct jrender *r, const struct jexpr *at,
		       const char *s, const char *t, struct jval *out)
{
	struct mctx *m = ud;
	const struct rsource *src = resolve_source(m->p, r, at, s, t,
		m->report_all || !literal_args(at));
	if (!src)
		return -1;
	add_source_name(m->p, m->n, floe_arena_printf(r->a, "%s.%s", s, t));
	out->k = JV_REL;
	out->rel = &src->rel;
	return 0;
}

static int hook_config(void *ud, struct jrender *r, const struct jexpr *at,
		       const char *key, const struct jval *v)
{
	struct mctx *m = ud;
	floe_span sp;
	if (!m->config_pass)
		return 0;
	size_t before = floe_diags_errors(m->p->d);
	floe_runtime__run_span(&sp, r->t->src, at->off, at->end);
	floe_runtime__run_config_apply(m->p, &m->n->cfg, m->n->kind, key, v, &sp);
	if (floe_diags_errors(m->p->d) > before) {
		r->failed = true;
		return -1;
	}
	return 0;
}

static void hooks_init(struct jhooks *h, struct mctx *m)
{
	h->ud = m;
	h->ref = hook_ref;
	h->source = hook_source;
	h->config = hook_config;
	h->var = NULL;
	h->env = NULL;
}

/* var() and env_var() take the project, not the context. */
static bool hook_var(void *ud, const char *name, struct jval *out)
{
	return floe_runtime__run_var_hook(((struct mctx *)ud)->p, name, out);
}

static const char *hook_env(void *ud, const char *name)
{
	return floe_runtime__run_env_hook(((struct mctx *)ud)->p, name);
}

/* ---- the static pass over every branch ---- */

static void static_expr(struct mctx *m, struct jrender *r,
			const struct jexpr *e)
{
	if (!e)
		return;
	if (e->kind == JX_CALL && e->name && literal_args(e) &&
	    (strcmp(e->name, "ref") == 0 || strcmp(e->name, "source") == 0) &&
	    (e->nargs == 1 || e->nargs == 2)) {
		r->failed = false;
		if (e->name[0] == 'r') {
			struct rnode *t = resolve_ref(m->p, r, e,
				e->nargs == 2 ? e->args[0]->s : NULL,
				e->args[e->nargs - 1]->s, true);
			if (t)
				floe_runtime__run_add_parent(m->p, m->n, t->id, e->off);
		} else if (e->nargs == 2 &&
			   resolve_source(m->p, r, e, e->args[0]->s, e->args[1]->s, true)) {
			add_source_name(m->p, m->n, floe_arena_printf(m->p->a, "%s.%s",
					e->args[0]->s, e->args[1]->s));
		}
		m->n->bad |= r->failed;
	}
	static_expr(m, r, e->a);
	static_expr(m, r, e->b);
	static_expr(m, r, e->c);
	for (size_t i = 0; i < e->nargs; i++)
		static_expr(m, r, e->args[i]);
}

static void static_body(struct mctx *m, struct jrender *r,
			const struct jstmt *s)
{
	for (; s; s = s->next) {
		static_expr(m, r, s->e);
		for (const struct jbranch *b = s->br; b; b = b->next) {
			static_expr(m, r, b->cond);
			static_body(m, r, b->body);
		}
	}
}

/* ---- renders ---- */

static void trim_sql(floe_buf *b)
{
	while (b->len && (b->ptr[b->len - 1] == ';' || b->ptr[b->len - 1] == ' ' ||
			  b->ptr[b->len - 1] == '\t' || b->ptr[b->len - 1] == '\n' ||
			  b->ptr[b->len - 1] == '\r'))
		b->len--;
	if (b->ptr)
		b->ptr[b->len] = '\0';
}

/* Render n's template; its SQL (trimmed) in *sql unless sql is NULL. */
static int render(floe_runner_project *p, struct rnode *n, bool config_pass,
		  bool incremental, const char **sql)
{
	struct mctx m = { p, n, config_pass, false };
	struct jhooks h;
	floe_buf out = FLOE_BUF_INIT;
	floe_arena *tmp = p->scratch;
	hooks_init(&h, &m);
	h.var = hook_var;
	h.env = hook_env;
	struct jrender r = { .t = n->tpl, .h = &h, .a = tmp, .d = p->d, .out = &out,
			     .target = &p->target, .incremental = incremental,
			     .macro_names = p->macro_names,
			     .nmacro_names = p->nmacro_names };
	if (n->kind == RK_MODEL)
		r.self = config_pass ? &placeholder : &n->rel;
	if (!config_pass)
		floe_buf_put(&out, "", 0);
	int rc = floe_runtime__run_render(&r);
	if (rc == 0 && sql) {
		trim_sql(&out);
		*sql = floe_arena_strndup(p->a, out.ptr, out.len);
	}
	floe_buf_release(&out);
	return rc;
}

static bool templated(const struct rnode *n)
{
	return n->tpl && !n->bad && n->cfg.enabled &&
	       (n->kind == RK_MODEL || n->test == RT_SINGULAR);
}

/* A ref() to a node that its own config() disabled. */
static void check_disabled_parents(floe_runner_project *p, struct rnode *n)
{
	for (size_t i = 0; i < n->nparents; i++) {
		const struct rnode *t = floe_runtime__run_node(p, n->parents[i]);
		if (t->cfg.enabled)
			continue;
		floe_span sp;
		floe_runtime__run_span(&sp, n->src, n->parent_off[i], n->parent_off[i] + 3);
		floe_diag_add(p->d, FLOE_SEV_ERROR, "run/unknown-ref", &sp, NULL,
			      "'%s' is disabled", t->name);
		n->bad = true;
	}
}

void floe_runtime__run_models_render(floe_runner_project *p)
{
	for (size_t i = 0; i < p->nodes.len; i++) {
		struct rnode *n = floe_runtime__run_node(p, i);
		struct mctx m = { p, n, true, false };
		struct jrender r = { .t = n->tpl, .d = p->d };
		if (templated(n))
			static_body(&m, &r, n->tpl->body);
	}
	for (size_t i = 0; i < p->nodes.len; i++) {
		struct rnode *n = floe_runtime__run_node(p, i);
		if (templated(n) && render(p, n, true, false, NULL) < 0)
			n->bad = true;
	}
	for (size_t i = 0; i < p->nodes.len; i++) {
		struct rnode *n = floe_runtime__run_node(p, i);
		if (n->kind != RK_TEST && n->cfg.enabled)
			floe_runtime__run_config_place(p, n);
		if (templated(n))
			check_disabled_parents(p, n);
	}
	for (size_t i = 0; i < p->nodes.len; i++) {
		struct rnode *n = floe_runtime__run_node(p, i);
		if (!templated(n) || render(p, n, false, false, &n->sql) < 0) {
			n->bad |= templated(n);
			continue;
		}
		if (n->cfg.materialized == RM_INCREMENTAL &&
		    render(p, n, false, true, &n->sql_inc) < 0)
			n->bad = true;
		if (n->sql_inc && strcmp(n->sql_inc, n->sql) == 0)
			n->sql_inc = n->sql;
	}
}

/* ---- Jinja in YAML values ---- */

/* Move the first diagnostic of `from` to `at` in the YAML file. */
static void relay(floe_runner_project *p, floe_diags *from,
		  const floe_node *at, const char *what)
{
	const floe_diag *dg = floe_diags_count(from) ? floe_diags_at(from, 0) : NULL;
	floe_diag_add(p->d, FLOE_SEV_ERROR, dg ? dg->code : "run/render",
		      &at->span, NULL, "in %s: %s", what,
		      dg ? dg->msg : "cannot be evaluated");
}

const char *floe_runtime__run_render_string(floe_runner_project *p, const char *s,
				   const floe_node *at)
{
	floe_diags *scratch = floe_diags_new(4);
	floe_source *src = floe_source_new(floe_source_path(at->span.src),
					   floe_xstrdup(s), strlen(s));
	struct jtpl *t = NULL;
	struct jhooks h = { p, NULL, NULL, floe_runtime__run_var_hook, floe_runtime__run_env_hook,
			    NULL };
	floe_buf out = FLOE_BUF_INIT;
	floe_arena *tmp = p->scratch;
	const char *res = NULL;
	struct jrender r = { .h = &h, .a = tmp, .d = scratch, .out = &out,
			     .target = &p->target };

	floe_buf_put(&out, "", 0);
	if (floe_runtime__run_jinja_parse(&t, tmp, scratch, src, false) == 0 &&
	    floe_runtime__run_jinja_check(scratch, t, NULL, 0) == 0) {
		r.t = t;
		if (floe_runtime__run_render(&r) == 0)
			res = floe_arena_strndup(p->a, out.ptr, out.len);
	}
	if (!res)
		relay(p, scratch, at, "this value");
	floe_buf_release(&out);
	floe_source_unref(src);
	floe_diags_free(scratch);
	return res;
}

int floe_runtime__run_eval_relation(floe_runner_project *p, struct rnode *n,
			   const floe_node *to, const struct jrel **out)
{
	const char *s = NULL;
	floe_node_as_string(to, &s);
	if (!s) {
		floe_diag_add(p->d, FLOE_SEV_ERROR, "run/bad-test", &to->span, NULL,
			      "'to' must be ref('...') or source('...', '...')");
		return FLOE_EINVALID;
	}
	floe_diags *scratch = floe_diags_new(4);
	floe_source *src = floe_source_new(floe_source_path(to->span.src),
					   floe_xstrdup(s), strlen(s));
	floe_arena *tmp = p->scratch;
	struct mctx m = { p, n, false, true };
	struct jhooks h;
	struct jexpr *e = NULL;
	struct jtpl t = { .src = src, .text = s, .len = strlen(s) };
	struct jrender r = { .t = &t, .h = &h, .a = tmp, .d = scratch,
			     .target = &p->target };
	struct jval v = { 0 };
	int rc = FLOE_EINVALID;

	hooks_init(&h, &m);
	if (floe_runtime__run_jinja_expr(&e, tmp, scratch, src) == 0 &&
	    floe_runtime__run_eval(&r, e, &v) == 0 && v.k == JV_REL) {
		*out = v.rel;
		rc = 0;
	} else {
		relay(p, scratch, to, "'to'");
	}
	floe_source_unref(src);
	floe_diags_free(scratch);
	return rc;
}
