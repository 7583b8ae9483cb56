/*
 * run_sched.c: floe_runner_run: the selected steps in dependency order on
 * a pool of worker threads, one DuckDB connection each.  A ready step is
 * picked by the longest chain it heads (then by name order), so one
 * thread runs in a stable order.  A failed step (or a failed blocking
 * test) skips its dependents; --fail-fast starts nothing new after a
 * failure; the cancel flag interrupts running statements from the
 * calling thread, which watches it while the workers run.
 */
#include <pthread.h>
#include <stdlib.h>
#include <string.h>
#include <time.h>
#include "run_int.h"
#include "runtime/duckdb.h"

#define MAX_THREADS 64

struct step {
	size_t node;
	size_t waiting;         /* unfinished selected parents */
	size_t *children;
	size_t nchildren, capchildren;
	size_t height;          /* longest chain of dependents */
	bool upstream_failed;
	bool finished;
	const char *why;        /* the failed parent, for SKIPPED */
};

struct worker {
	struct sched *s;
	pthread_t th;
	floe_duckdb_conn *c;
	bool busy;
	unsigned id;
	struct step_out out;
	floe_arena *cols_arena;       /* opts.describe: this step's columns */
	floe_runner_column *cols;
	size_t ncols;
};

struct sched {
	floe_runner_project *p;
	const floe_runner_opts *o;
	struct step *steps;
	size_t nsteps;
	size_t *step_of;        /* node id -> step, or SIZE_MAX */
	size_t *heap;
	size_t nheap;
	size_t done, started;
	pthread_mutex_t mu;
	pthread_cond_t work, finished;
	atomic_int abort;       /* running statements stop (cancel) */
	bool no_new;            /* nothing new starts (cancel, fail-fast) */
	bool cancelled;
	struct worker *w;
	unsigned nw;
	floe_runner_results *res;
	double t0;
};

/* ---- the ready heap ---- */

static bool before(const struct sched *s, size_t a, size_t b)
{
	const struct step *x = &s->steps[a], *y = &s->steps[b];
	return x->height != y->height ? x->height > y->height : x->node < y->node;
}

static void heap_push(struct sched *s, size_t st)
{
	size_t i = s->nheap++;
	s->heap[i] = st;
	while (i && before(s, s->heap[i], s->heap[(i - 1) / 2])) {
		size_t par = (i - 1) / 2, t = s->heap[i];
		s->heap[i] = s->heap[par];
		s->heap[par] = t;
		i = par;
	}
}

static size_t heap_pop(struct sched *s)
{
	size_t top = s->heap[0], i = 0;
	s->heap[0] = s->heap[--s->nheap];
	for (;;) {
		size_t l = 2 * i + 1, r = l + 1, m = i;
		if (l < s->nheap && before(s, s->heap[l], s->heap[m]))
			m = l;
		if (r < s->nheap && before(s, s->heap[r], s->heap[m]))
			m = r;
		if (m == i)
			break;
		size_t t = s->heap[i];
		s->heap[i] = s->heap[m];
		s->heap[m] = t;
		i = m;
	}
	return top;
}

/* ---- the plan ---- */

static void add_edge(struct sched *s, size_t from, size_t to)
{
	struct step *f = &s->steps[from];
	for (size_t i = 0; i < f->nchildren; i++)
		if (f->children[i] == to)
			return;
	if (f->nchildren == f->capchildren) {
		f->capchildren = f->capchildren ? 2 * f->capchildren : 4;
		f->children = floe_xrealloc(f->children,
					    f->capchildren * sizeof(size_t));
	}
	f->children[f->nchildren++] = to;
	s->steps[to].waiting++;
}

/*
 * A test of one node blocks that node's other dependents (dbt build):
 * they wait for it and are skipped when it fails.
 */
static void blocking_tests(struct sched *s)
{
	for (size_t t = 0; t < s->nsteps; t++) {
		const struct rnode *n = floe_runtime__run_node(s->p, s->steps[t].node);
		if (n->kind != RK_TEST || n->nparents != 1 ||
		    s->step_of[n->parents[0]] == SIZE_MAX)
			continue;
		struct step *m = &s->steps[s->step_of[n->parents[0]]];
		size_t nc = m->nchildren;
		for (size_t k = 0; k < nc; k++) {
			size_t c = m->children[k];
			if (floe_runtime__run_node(s->p, s->steps[c].node)->kind != RK_TEST)
				add_edge(s, t, c);
		}
	}
}

/* Heights by reverse topological order (Kahn's order on the plan). */
static void heights(struct sched *s)
{
	size_t *order = floe_xmalloc((s->nsteps + 1) * sizeof(size_t));
	size_t *wait = floe_xmalloc((s->nsteps + 1) * sizeof(size_t));
	size_t head = 0, tail = 0;
	for (size_t i = 0; i < s->nsteps; i++)
		if (!(wait[i] = s->steps[i].waiting))
			order[tail++] = i;
	while (head < tail) {
		struct step *st = &s->steps[order[head++]];
		for (size_t k = 0; k < st->nchildren; k++)
			if (--wait[st->children[k]] == 0)
				order[tail++] = st->children[k];
	}
	for (size_t i = tail; i-- > 0;) {
		struct step *st = &s->steps[order[i]];
		for (size_t k = 0; k < st->nchildren; k++)
			if (s->steps[st->children[k]].height + 1 > st->height)
				st->height = s->steps[st->children[k]].height + 1;
	}
	free(order);
	free(wait);
}

static void plan(struct sched *s, const bool *sel)
{
	size_t n = s->p->nodes.len;
	s->step_of = floe_xmalloc((n + 1) * sizeof(size_t));
	s->steps = floe_xcalloc(n + 1, sizeof(*s->steps));
	for (size_t i = 0; i < n; i++) {
		s->step_of[i] = sel[i] ? s->nsteps : SIZE_MAX;
		if (sel[i])
			s->steps[s->nsteps++].node = i;
	}
	for (size_t i = 0; i < s->nsteps; i++) {
		const struct rnode *v = floe_runtime__run_node(s->p, s->steps[i].node);
		for (size_t k = 0; k < v->nparents; k++)
			if (s->step_of[v->parents[k]] != SIZE_MAX)
				add_edge(s, s->step_of[v->parents[k]], i);
	}
	blocking_tests(s);
	heights(s);
	s->heap = floe_xmalloc((s->nsteps + 1) * sizeof(size_t));
	for (size_t i = 0; i < s->nsteps; i++)
		if (!s->steps[i].waiting)
			heap_push(s, i);
}

/* ---- events (called with the lock held) ---- */

static void describe(const struct sched *s, floe_runner_step *e,
		     const struct step *st)
{
	const struct rnode *n = floe_runtime__run_node(s->p, st->node);
	memset(e, 0, sizeof(*e));
	e->kind = n->kind == RK_SEED ? FLOE_STEP_SEED : n->kind == RK_MODEL
		? FLOE_STEP_MODEL : FLOE_STEP_TEST;
	e->name = n->name;
	e->unique_id = n->unique_id;
	e->relation = n->test == RT_SINGULAR && n->kind == RK_TEST ? NULL
		: n->rel.display;
	e->materialized = floe_runtime__run_mat_name(n->cfg.materialized);
	if (e->relation) {
		e->database = n->rel.database;
		e->schema = n->rel.schema;
		e->identifier = n->rel.identifier;
	}
	e->total = s->nsteps;
	e->rows = -1;
}

static void emit(struct sched *s, floe_runner_event_type type,
		 const floe_runner_step *e)
{
	if (s->o->progress)
		s->o->progress(s->o->progress_ud, type, e);
}

static bool failing(int status)
{
	return status == FLOE_STEP_ERROR || status == FLOE_STEP_FAIL ||
	       status == FLOE_STEP_SKIPPED || status == FLOE_STEP_CANCELLED;
}

/* Record a finished step and release (or doom) its dependents. */
static void finish(struct sched *s, struct step *st, floe_runner_step *e,
		   const char *sql, unsigned thread, double started)
{
	const struct rnode *n = floe_runtime__run_node(s->p, st->node);
	const char *rel = n->kind == RK_TEST ? NULL : n->rel.sql;
	floe_buf m = FLOE_BUF_INIT, q = FLOE_BUF_INIT, r = FLOE_BUF_INIT;
	st->finished = true;
	s->done++;
	if (s->o->redact) {
		/* what a model rendered (env_var) or DuckDB quoted back */
		floe_buf *in[] = { &m, &q, &r };
		const char *text[] = { e->message, sql, rel };
		for (size_t i = 0; i < FLOE_ARRAY_SIZE(in); i++)
			if (text[i]) {
				floe_buf_puts(in[i], text[i]);
				s->o->redact(s->o->redact_ud, in[i]);
			}
		e->message = e->message ? floe_buf_cstr(&m) : NULL;
		sql = sql ? floe_buf_cstr(&q) : NULL;
		rel = rel ? floe_buf_cstr(&r) : NULL;
	}
	floe_runtime__run_results_add(s->res, e, sql, rel, thread, started);
	floe_buf_release(&m);
	floe_buf_release(&q);
	floe_buf_release(&r);
	floe_runner_step *done = &s->res->steps[s->res->nsteps - 1];
	emit(s, FLOE_RUN_END, done);
	done->columns = NULL;  /* the worker's, valid during the event only */
	done->ncolumns = 0;
	for (size_t k = 0; k < st->nchildren; k++) {
		struct step *c = &s->steps[st->children[k]];
		if (failing(e->status) && !c->upstream_failed) {
			c->upstream_failed = true;
			c->why = floe_runtime__run_node(s->p, st->node)->name;
		}
		if (--c->waiting == 0)
			heap_push(s, st->children[k]);
	}
	if (failing(e->status) && e->status != FLOE_STEP_SKIPPED &&
	    s->o->fail_fast)
		s->no_new = true;
	pthread_cond_broadcast(&s->work);
	pthread_cond_signal(&s->finished);
}

static void skip(struct sched *s, size_t i, int status, const char *msg)
{
	struct step *st = &s->steps[i];
	floe_runner_step e;
	describe(s, &e, st);
	e.index = ++s->started;
	e.status = status;
	e.message = msg;
	finish(s, st, &e, NULL, 0, floe_now_ms());
}

/* ---- workers ---- */

static const char *step_sql(const struct rnode *n, bool incremental)
{
	return incremental && n->sql_inc ? n->sql_inc : n->sql;
}

/*
 * The columns of the relation just built, for an observer's schema facet
 * (opts.describe only: a run without observers queries nothing more).
 */
static void read_columns(struct worker *w, const struct rnode *n)
{
	floe_duckdb_result *r = NULL;
	floe_buf q = FLOE_BUF_INIT, err = FLOE_BUF_INIT, v = FLOE_BUF_INIT;

	w->ncols = 0;
	floe_arena_free(w->cols_arena);  /* per-step scratch */
	w->cols_arena = floe_arena_new();
	floe_buf_printf(&q, "DESCRIBE %s", n->rel.sql);
	if (floe_runtime__duckdb_query(&r, &err, w->c, floe_buf_cstr(&q)) == 0 && r &&
	    floe_runtime__duckdb_result_cols(r) >= 2) {
		uint64_t rows = floe_runtime__duckdb_result_rows(r);
		w->cols = floe_arena_alloc(w->cols_arena,
					   (size_t)(rows ? rows : 1) * sizeof(*w->cols));
		for (uint64_t i = 0; i < rows; i++) {
			floe_runner_column *c = &w->cols[w->ncols];
			v.len = 0;
			floe_runtime__duckdb_result_value(&v, r, 0, i);
			c->name = floe_arena_strndup(w->cols_arena, v.ptr ? v.ptr : "", v.len);
			v.len = 0;
			floe_runtime__duckdb_result_value(&v, r, 1, i);
			c->type = floe_arena_strndup(w->cols_arena, v.ptr ? v.ptr : "", v.len);
			w->ncols++;
		}
	}
	floe_runtime__duckdb_result_free(r);
	floe_buf_release(&q);
	floe_buf_release(&err);
	floe_buf_release(&v);
}

static void execute(struct worker *w, size_t i)
{
	struct sched *s = w->s;
	struct step *st = &s->steps[i];
	struct rnode *n = floe_runtime__run_node(s->p, st->node);
	floe_runner_step e;

	describe(s, &e, st);
	e.index = ++s->started;
	w->busy = true;
	emit(s, FLOE_RUN_START, &e);
	pthread_mutex_unlock(&s->mu);
	double t = floe_now_ms();
	/* a render that needs the database: again, on this connection */
	floe_buf_clear(&w->out.msg);
	if (n->needs_db && floe_runtime__run_model_rerender(s->p, n, w->c, &w->out.msg) < 0) {
		w->out.status = FLOE_STEP_ERROR;
		w->out.incremental = false;
		w->out.rows = -1;
		w->out.failures = 0;
	} else {
		floe_runtime__run_step_exec(&w->out, w->c, n, s->o->full_refresh, &s->abort);
	}
	double secs = (floe_now_ms() - t) / 1000.0;
	w->ncols = 0;
	if (s->o->describe && w->out.status == FLOE_STEP_SUCCESS &&
	    n->kind != RK_TEST)
		read_columns(w, n);
	pthread_mutex_lock(&s->mu);
	w->busy = false;
	e.status = w->out.status;
	e.incremental = w->out.incremental;
	e.rows = w->out.rows;
	e.failures = w->out.failures;
	e.seconds = secs;
	e.message = w->out.msg.len ? w->out.msg.ptr : NULL;
	e.columns = w->ncols ? w->cols : NULL;
	e.ncolumns = w->ncols;
	finish(s, st, &e, step_sql(n, e.incremental), w->id, t);
}

static void *work(void *arg)
{
	struct worker *w = arg;
	struct sched *s = w->s;
	pthread_mutex_lock(&s->mu);
	while (!s->no_new && s->done < s->nsteps) {
		if (!s->nheap) {
			pthread_cond_wait(&s->work, &s->mu);
			continue;
		}
		size_t i = heap_pop(s);
		if (s->steps[i].upstream_failed) {
			const char *why = floe_arena_printf(s->res->a,
				"skipped: '%s' did not succeed", s->steps[i].why);
			skip(s, i, FLOE_STEP_SKIPPED, why);
		} else {
			execute(w, i);
		}
	}
	pthread_cond_broadcast(&s->work);
	pthread_cond_signal(&s->finished);
	pthread_mutex_unlock(&s->mu);
	return NULL;
}

/* ---- the calling thread: start, watch the cancel flag, wind down ---- */

static bool running(const struct sched *s)
{
	for (unsigned i = 0; i < s->nw; i++)
		if (s->w[i].busy)
			return true;
	return false;
}

static void watch(struct sched *s)
{
	pthread_mutex_lock(&s->mu);
	while (s->done < s->nsteps && !(s->no_new && !running(s))) {
		struct timespec ts;
		clock_gettime(CLOCK_REALTIME, &ts);
		ts.tv_nsec += 20 * 1000 * 1000;
		if (ts.tv_nsec >= 1000000000L) {
			ts.tv_sec++;
			ts.tv_nsec -= 1000000000L;
		}
		pthread_cond_timedwait(&s->finished, &s->mu, &ts);
		if (s->o->cancel && *s->o->cancel && !s->cancelled) {
			s->cancelled = s->no_new = true;
			atomic_store(&s->abort, 1);
			for (unsigned i = 0; i < s->nw; i++)
				if (s->w[i].busy)
					floe_runtime__duckdb_interrupt(s->w[i].c);
			pthread_cond_broadcast(&s->work);
		}
	}
	/* what never started: cancelled, or skipped after --fail-fast */
	for (size_t i = 0; i < s->nsteps; i++)
		if (!s->steps[i].finished)
			skip(s, i, s->cancelled ? FLOE_STEP_CANCELLED : FLOE_STEP_SKIPPED,
			     s->cancelled ? "cancelled" : "skipped: --fail-fast");
	pthread_cond_broadcast(&s->work);
	pthread_mutex_unlock(&s->mu);
}

static int start_workers(struct sched *s, floe_duckdb_db *db, unsigned n)
{
	s->w = floe_xcalloc(n, sizeof(*s->w));
	for (unsigned i = 0; i < n; i++) {
		s->w[i].s = s;
		s->w[i].id = i + 1;
		if (floe_runtime__duckdb_connect(&s->w[i].c, NULL, db) < 0) {
			floe_error_set("cannot open a DuckDB connection");
			return FLOE_EDUCKDB;
		}
		s->nw++;
	}
	for (unsigned i = 0; i < n; i++) {
		int err = pthread_create(&s->w[i].th, NULL, work, &s->w[i]);
		if (err == 0)
			continue;
		/* the workers already running take no new step and end */
		pthread_mutex_lock(&s->mu);
		s->no_new = true;
		pthread_cond_broadcast(&s->work);
		pthread_mutex_unlock(&s->mu);
		for (unsigned k = 0; k < i; k++)
			pthread_join(s->w[k].th, NULL);
		floe_error_set("cannot start worker thread %u of %u: %s", i + 1, n,
			       strerror(err));
		return FLOE_ERROR;
	}
	return 0;
}

static void stop_workers(struct sched *s)
{
	for (unsigned i = 0; i < s->nw; i++) {
		pthread_join(s->w[i].th, NULL);
		floe_runtime__duckdb_disconnect(s->w[i].c);
		floe_buf_release(&s->w[i].out.msg);
		floe_arena_free(s->w[i].cols_arena);
	}
	free(s->w);
}

static void sched_free(struct sched *s)
{
	for (size_t i = 0; i < s->nsteps; i++)
		free(s->steps[i].children);
	free(s->steps);
	free(s->step_of);
	free(s->heap);
	pthread_mutex_destroy(&s->mu);
	pthread_cond_destroy(&s->work);
	pthread_cond_destroy(&s->finished);
}

/* Schemas first: concurrent CREATE SCHEMAs conflict. */
static int prepare(struct sched *s, floe_duckdb_db *db, const bool *sel)
{
	floe_duckdb_conn *c = NULL;
	floe_buf err = FLOE_BUF_INIT;
	int rc = floe_runtime__duckdb_connect(&c, &err, db);
	if (rc == 0 && (rc = floe_runtime__run_schemas_create(c, s->p, sel, &err)) < 0)
		floe_error_set("cannot create the schemas: %.*s",
			       (int)strcspn(floe_buf_cstr(&err), "\n"),
			       floe_buf_cstr(&err));
	floe_runtime__duckdb_disconnect(c);
	floe_buf_release(&err);
	return rc;
}

int floe_runner_run(floe_runner_results **out, floe_runner_project *p,
		    floe_duckdb_db *db, const floe_runner_opts *opts)
{
	static const floe_runner_opts none;
	const floe_runner_opts *o = opts ? opts : &none;
	struct sched s = { .p = p, .o = o };
	bool *sel = floe_xcalloc(p->nodes.len + 1, sizeof(bool));
	int rc;

	*out = NULL;
	pthread_mutex_init(&s.mu, NULL);
	pthread_cond_init(&s.work, NULL);
	pthread_cond_init(&s.finished, NULL);
	atomic_init(&s.abort, 0);
	if (floe_runtime__run_select(sel, p, o->select, o->exclude, NULL) < 0) {
		floe_error_set("invalid selector '%s'", o->select ? o->select : "");
		rc = FLOE_EUSAGE;
		goto out;
	}
	if ((rc = prepare(&s, db, sel)) < 0)
		goto out;
	plan(&s, sel);
	unsigned n = o->threads ? o->threads : 1;
	n = n > MAX_THREADS ? MAX_THREADS : n;
	n = s.nsteps && n > s.nsteps ? (unsigned)s.nsteps : n;
	s.res = floe_runtime__run_results_new(p, o);
	if ((rc = start_workers(&s, db, n)) < 0) {
		for (unsigned i = 0; i < s.nw; i++) {
			floe_runtime__duckdb_disconnect(s.w[i].c);
			floe_buf_release(&s.w[i].out.msg);
		}
		free(s.w);
		floe_runner_results_free(s.res);
		goto out;
	}
	watch(&s);
	stop_workers(&s);
	floe_runtime__run_results_done(s.res, s.cancelled);
	*out = s.res;
	if (o->run_results)
		rc = floe_runner_results_write(s.res, o->run_results);
out:
	sched_free(&s);
	free(sel);
	return rc;
}
