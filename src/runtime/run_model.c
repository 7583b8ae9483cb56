/*
 * run_model.c: rendering, in dbt's phases (docs/runner.md).  At load
 * every model and singular test is rendered with execute false to collect
 * its refs, sources and config() calls (so every node can be placed),
 * then with execute true to write its SQL (once with is_incremental()
 * false and, for incremental models, once with it true).  A render that
 * needs the database (run_query, statement, get_relation,
 * get_columns_in_relation) is kept as rendered with execute false and
 * rendered again on the live connection just before the node runs.
 */
#include <pthread.h>
#include <stdlib.h>
#include <string.h>
#include "run_int.h"

static void trim_sql(floe_buf *b)
{
	while (b->len && (b->ptr[b->len - 1] == ';' || b->ptr[b->len - 1] == ' ' ||
			  b->ptr[b->len - 1] == '\t' || b->ptr[b->len - 1] == '\n' ||
			  b->ptr[b->len - 1] == '\r'))
		b->len--;
	if (b->ptr)
		b->ptr[b->len] = '\0';
}

/* Render n in `phase`; its SQL (trimmed, in p's arena) in *sql unless NULL. */
static int render(floe_runner_project *p, struct rnode *n, int phase,
		  bool incremental, const char **sql)
{
	struct rrender r = { .p = p, .n = n, .phase = phase,
			     .incremental = incremental, .d = p->d,
			     .collect = phase == RP_CONFIG };
	floe_buf out = FLOE_BUF_INIT;
	floe_diags *scratch = NULL;
	if (phase == RP_SQL)
		r.d = scratch = floe_diags_new(4);
	int rc = floe_runtime__run_dbt_render(&r, n->tpl, &out);
	if (phase == RP_SQL && rc < 0 && r.needs_db) {
		/* rendered as at load; again on the connection at run time */
		n->needs_db = true;
		r.no_execute = true;
		r.needs_db = false;
		r.d = p->d;
		floe_buf_clear(&out);
		rc = floe_runtime__run_dbt_render(&r, n->tpl, &out);
	} else if (scratch) {
		floe_diags_take(p->d, scratch);
	}
	floe_diags_free(scratch);
	if (rc == 0 && sql) {
		floe_buf_put(&out, "", 0);
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
		if (templated(n) && render(p, n, RP_CONFIG, false, NULL) < 0)
			n->bad = true;
	}
	for (size_t i = 0; i < p->nodes.len; i++) {
		struct rnode *n = floe_runtime__run_node(p, i);
		if (n->kind != RK_TEST && n->cfg.enabled)
			floe_runtime__run_config_place(p, n);
		if (templated(n))
			check_disabled_parents(p, n);
	}
	floe_runtime__run_dbt_graph(p);
	for (size_t i = 0; i < p->nodes.len; i++) {
		struct rnode *n = floe_runtime__run_node(p, i);
		if (!templated(n) || render(p, n, RP_SQL, false, &n->sql) < 0) {
			n->bad |= templated(n);
			continue;
		}
		if (n->cfg.materialized == RM_INCREMENTAL &&
		    render(p, n, RP_SQL, true, &n->sql_inc) < 0)
			n->bad = true;
		if (n->sql_inc && strcmp(n->sql_inc, n->sql) == 0)
			n->sql_inc = n->sql;
	}
}

static pthread_mutex_t render_lock = PTHREAD_MUTEX_INITIALIZER;

int floe_runtime__run_model_rerender(floe_runner_project *p, struct rnode *n,
			    struct floe_duckdb_conn *c, floe_buf *err)
{
	int rc = 0;
	pthread_mutex_lock(&render_lock);
	floe_diags *d = floe_diags_new(4);
	for (int inc = 0; inc < 2 && rc == 0; inc++) {
		if (inc && n->cfg.materialized != RM_INCREMENTAL)
			break;
		struct rrender r = { .p = p, .n = n, .phase = RP_RUN,
				     .incremental = inc, .conn = c, .d = d };
		floe_buf out = FLOE_BUF_INIT;
		rc = floe_runtime__run_dbt_render(&r, n->tpl, &out);
		if (rc == 0) {
			floe_buf_put(&out, "", 0);
			trim_sql(&out);
			const char *sql = floe_arena_strndup(p->a, out.ptr, out.len);
			if (inc)
				n->sql_inc = sql;
			else
				n->sql = sql;
		}
		floe_buf_release(&out);
	}
	if (rc < 0 && floe_diags_count(d)) {
		const floe_diag *dg = floe_diags_at(d, 0);
		floe_buf_printf(err, "%s:%u:%u: %s [%s]",
				dg->span.src ? floe_source_path(dg->span.src) : "?",
				dg->span.line, dg->span.col, dg->msg, dg->code);
	}
	floe_diags_free(d);
	pthread_mutex_unlock(&render_lock);
	return rc;
}

/* ---- Jinja in YAML values ---- */

/* Move the first diagnostic of `from` to `at` in the YAML file. */
static void relay(floe_runner_project *p, floe_diags *from,
		  const floe_span *at, const char *what)
{
	const floe_diag *dg = floe_diags_count(from) ? floe_diags_at(from, 0) : NULL;
	floe_diag_add(p->d, FLOE_SEV_ERROR, dg ? dg->code : "run/render",
		      at, NULL, "in %s: %s", what,
		      dg ? dg->msg : "cannot be evaluated");
}

const char *floe_runtime__run_render_at(floe_runner_project *p, struct rrender *r,
			       const char *text, const floe_span *at,
			       const char *what)
{
	floe_diags *scratch = floe_diags_new(4);
	floe_source *src = floe_source_new(at->src ? floe_source_path(at->src) : "<yaml>",
					   floe_xstrdup(text), strlen(text));
	floe_jinja_tpl *t = NULL;
	floe_buf out = FLOE_BUF_INIT;
	const char *res = NULL;
	r->d = scratch;
	if (floe_jinja_parse(&t, p->jenv, scratch, src) == 0 &&
	    floe_runtime__run_dbt_render(r, t, &out) == 0)
		res = floe_arena_strndup(p->a, out.ptr ? out.ptr : "", out.len);
	if (!res)
		relay(p, scratch, at, what);
	floe_jinja_tpl_free(t);
	floe_buf_release(&out);
	floe_source_unref(src);
	floe_diags_free(scratch);
	return res;
}

const char *floe_runtime__run_render_string(floe_runner_project *p, const char *s,
				   const floe_node *at)
{
	struct rrender r = { .p = p, .phase = RP_SQL };
	return floe_runtime__run_render_at(p, &r, s, &at->span, "this value");
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
	struct rrender r = { .p = p, .n = n, .phase = RP_SQL, .collect = true };
	const char *text = floe_arena_printf(p->a, "{{ %s }}", s);
	const char *res = floe_runtime__run_render_at(p, &r, text, &to->span, "'to'");
	if (!res)
		return FLOE_EINVALID;
	if (!r.last_rel || strcmp(res, r.last_rel->sql) != 0) {
		floe_diag_add(p->d, FLOE_SEV_ERROR, "run/bad-test", &to->span, NULL,
			      "'to' must be ref('...') or source('...', '...')");
		return FLOE_EINVALID;
	}
	*out = r.last_rel;
	return 0;
}
