/*
 * run_exec.c: the SQL of one step on one connection.  Each step is one
 * transaction: a single statement in autocommit (CREATE OR REPLACE ...),
 * or BEGIN ... COMMIT around several (a view replaced by a table, an
 * incremental delete+insert), rolled back on failure, so a failed step
 * leaves the previous relation as it was.  Every statement writes only
 * the target database (DuckDB lets one transaction write one attached
 * database; the staging table of delete+insert is a TEMP table, which
 * does not count).  Row counts come from the statements' own results;
 * nothing scans the catalog.  FLOE_RUNNER_SQL_LOG names a file that gets
 * every statement executed (docs/runner.md), for `make bench`'s replay.
 */
#include <fcntl.h>
#include <pthread.h>
#include <stdlib.h>
#include <string.h>
#include <unistd.h>
#include "run_int.h"
#include "runtime/duckdb.h"

/* A SQL string literal. */
static void put_lit(floe_buf *b, const char *s)
{
	floe_buf_putc(b, '\'');
	for (; *s; s++) {
		if (*s == '\'')
			floe_buf_putc(b, '\'');
		floe_buf_putc(b, *s);
	}
	floe_buf_putc(b, '\'');
}

/* ---- FLOE_RUNNER_SQL_LOG: the statements executed, for a replay ---- */

static pthread_once_t log_once = PTHREAD_ONCE_INIT;
static pthread_mutex_t log_mu = PTHREAD_MUTEX_INITIALIZER;
static int log_fd = -1;         /* open for the life of the process */

static void log_open(void)
{
	const char *path = getenv("FLOE_RUNNER_SQL_LOG");
	if (path && *path)
		log_fd = open(path, O_WRONLY | O_CREAT | O_APPEND | O_CLOEXEC, 0644);
}

static bool log_on(void)
{
	pthread_once(&log_once, log_open);
	return log_fd >= 0;
}

/* One record: "-- floe-sql <bytes>[ failed]", the statement, ";". */
static void log_put(floe_buf *b, const char *sql, bool failed)
{
	floe_buf_printf(b, "-- floe-sql %zu%s\n", strlen(sql),
			failed ? " failed" : "");
	floe_buf_puts(b, sql);
	floe_buf_puts(b, ";\n");
}

/*
 * A step's records are written together when it ends, so the file is an
 * order one connection can replay.  A debugging aid: write errors are
 * ignored.
 */
static void log_flush(floe_buf *b)
{
	size_t off = 0;
	pthread_mutex_lock(&log_mu);
	while (off < b->len) {
		ssize_t n = write(log_fd, b->ptr + off, b->len - off);
		if (n <= 0)
			break;
		off += (size_t)n;
	}
	pthread_mutex_unlock(&log_mu);
	floe_buf_clear(b);
}

static bool builds(const struct rnode *n)
{
	return n->kind != RK_TEST;
}

/* Is the existing relation a table (not a view)?  Prepared, never run. */
static bool is_table(struct floe_duckdb_conn *c, const struct jrel *rel)
{
	floe_duckdb_stmt *st = NULL;
	floe_buf q = FLOE_BUF_INIT;
	floe_buf_printf(&q, "DELETE FROM %s WHERE false", rel->sql);
	bool ok = floe_runtime__duckdb_prepare(&st, NULL, c, q.ptr) == 0;
	floe_runtime__duckdb_stmt_free(st);
	floe_buf_release(&q);
	return ok;
}

static void put_ident(floe_buf *b, const char *s)
{
	floe_buf_putc(b, '"');
	for (; *s; s++) {
		if (*s == '"')
			floe_buf_putc(b, '"');
		floe_buf_putc(b, *s);
	}
	floe_buf_putc(b, '"');
}

int floe_runtime__run_schemas_create(struct floe_duckdb_conn *c,
			    const floe_runner_project *p, const bool *sel,
			    floe_buf *err)
{
	floe_buf q = FLOE_BUF_INIT;
	floe_vec seen = FLOE_VEC_INIT;
	for (size_t i = 0; i < p->nodes.len; i++) {
		const struct rnode *n = floe_runtime__run_node(p, i);
		bool dup = false;
		if (!sel[i] || !builds(n))
			continue;
		for (size_t j = 0; j < seen.len && !dup; j++) {
			const struct rnode *o = seen.items[j];
			dup = strcmp(o->rel.schema, n->rel.schema) == 0 &&
			      (o->rel.database == n->rel.database ||
			       (o->rel.database && n->rel.database &&
				strcmp(o->rel.database, n->rel.database) == 0));
		}
		if (dup)
			continue;
		floe_vec_push(&seen, (void *)n);
		floe_buf_puts(&q, "CREATE SCHEMA IF NOT EXISTS ");
		if (n->rel.database) {
			put_ident(&q, n->rel.database);
			floe_buf_putc(&q, '.');
		}
		put_ident(&q, n->rel.schema);
		floe_buf_puts(&q, ";\n");
	}
	int rc = q.len ? floe_runtime__duckdb_query(NULL, err, c, q.ptr) : 0;
	if (q.len && log_on()) {
		floe_buf rec = FLOE_BUF_INIT;
		log_put(&rec, q.ptr, rc < 0);
		log_flush(&rec);
		floe_buf_release(&rec);
	}
	floe_vec_release(&seen);
	floe_buf_release(&q);
	return rc;
}

/* ---- one step ---- */

struct ex {
	floe_duckdb_conn *c;
	struct step_out *o;
	const atomic_int *stop;
	bool txn;
	bool failed;
	int64_t count;          /* of the last statement that returned one */
	floe_buf *log;          /* FLOE_RUNNER_SQL_LOG records, or NULL */
};

/* Run one statement; after a failure nothing more runs. */
static void run(struct ex *x, const char *sql)
{
	floe_duckdb_result *r = NULL;
	if (x->failed)
		return;
	if (atomic_load(x->stop)) {
		x->failed = true;
		x->o->status = FLOE_STEP_CANCELLED;
		floe_buf_puts(&x->o->msg, "cancelled");
		return;
	}
	int rc = floe_runtime__duckdb_query(&r, &x->o->msg, x->c, sql);
	if (x->log)
		log_put(x->log, sql, rc < 0);
	if (rc < 0) {
		x->failed = true;
		x->o->status = atomic_load(x->stop) ? FLOE_STEP_CANCELLED
						    : FLOE_STEP_ERROR;
		return;
	}
	if (strncmp(sql, "BEGIN", 5) == 0)
		x->txn = true;
	else if (strncmp(sql, "COMMIT", 6) == 0)
		x->txn = false;
	floe_buf v = FLOE_BUF_INIT;
	if (floe_runtime__duckdb_result_cols(r) == 1 && floe_runtime__duckdb_result_rows(r) == 1 &&
	    floe_runtime__duckdb_result_value(&v, r, 0, 0) && v.ptr[0] >= '0' && v.ptr[0] <= '9')
		x->count = strtoll(v.ptr, NULL, 10);
	floe_buf_release(&v);
	floe_runtime__duckdb_result_free(r);
}

/* Forget a failure that the caller handles (a retry). */
static void clear_failure(struct ex *x)
{
	x->failed = false;
	x->o->status = FLOE_STEP_SUCCESS;
	floe_buf_clear(&x->o->msg);
}

static void finish(struct ex *x)
{
	if (x->failed && x->txn) {
		floe_runtime__duckdb_query(NULL, NULL, x->c, "ROLLBACK");
		if (x->log)
			log_put(x->log, "ROLLBACK", false);
	}
	x->txn = false;
}

static void seed_sql(floe_buf *b, const struct rnode *n)
{
	floe_buf_printf(b, "CREATE OR REPLACE TABLE %s AS SELECT * FROM read_csv(",
			n->rel.sql);
	put_lit(b, n->abs_path);
	floe_buf_puts(b, ", header = true, auto_detect = true");
	if (n->cfg.delimiter) {
		floe_buf_puts(b, ", delim = ");
		put_lit(b, n->cfg.delimiter);
	}
	if (n->cfg.ntypes) {
		floe_buf_puts(b, ", types = {");
		for (size_t i = 0; i < n->cfg.ntypes; i++) {
			floe_buf_puts(b, i ? ", " : "");
			put_lit(b, n->cfg.type_cols[i]);
			floe_buf_puts(b, ": ");
			put_lit(b, n->cfg.type_vals[i]);
		}
		floe_buf_puts(b, "}");
	}
	floe_buf_puts(b, ")");
}

/*
 * CREATE OR REPLACE; when a relation of the other kind is in the way
 * (DuckDB: "Existing object x is of type View, trying to replace with
 * type Table"), drop it and create in one transaction.
 */
static void replace(struct ex *x, const struct rnode *n, bool view,
		    const char *create)
{
	run(x, create);
	if (x->failed && x->o->status == FLOE_STEP_ERROR &&
	    strstr(floe_buf_cstr(&x->o->msg), "trying to replace with type")) {
		floe_buf drop = FLOE_BUF_INIT;
		floe_buf_printf(&drop, "DROP %s %s", view ? "TABLE" : "VIEW",
				n->rel.sql);
		clear_failure(x);
		run(x, "BEGIN");
		run(x, drop.ptr);
		run(x, create);
		run(x, "COMMIT");
		floe_buf_release(&drop);
	}
	finish(x);
}

static void key_join(floe_buf *b, const struct rnode *n)
{
	for (size_t i = 0; i < n->cfg.nkeys; i++)
		floe_buf_printf(b, "%sfloe_t.%s = floe_s.%s", i ? " AND " : "",
				n->cfg.unique_key[i], n->cfg.unique_key[i]);
}

static void incremental(struct ex *x, const struct rnode *n)
{
	floe_buf b = FLOE_BUF_INIT;
	int strategy = n->cfg.strategy;
	if (strategy == RS_DEFAULT)
		strategy = n->cfg.nkeys ? RS_DELETE_INSERT : RS_APPEND;
	if (strategy == RS_APPEND || !n->cfg.nkeys) {
		floe_buf_printf(&b, "INSERT INTO %s BY NAME (\n%s\n)", n->rel.sql,
				n->sql_inc);
		run(x, b.ptr);
	} else if (strategy == RS_MERGE) {
		floe_buf_printf(&b, "MERGE INTO %s AS floe_t USING (\n%s\n) AS floe_s ON (",
				n->rel.sql, n->sql_inc);
		key_join(&b, n);
		floe_buf_puts(&b, ") WHEN MATCHED THEN UPDATE BY NAME "
			      "WHEN NOT MATCHED THEN INSERT BY NAME");
		run(x, b.ptr);
	} else {
		run(x, "BEGIN");
		floe_buf_printf(&b, "CREATE OR REPLACE TEMP TABLE floe_incr AS (\n%s\n)",
				n->sql_inc);
		run(x, b.ptr);
		floe_buf_clear(&b);
		floe_buf_printf(&b, "DELETE FROM %s AS floe_t USING temp.floe_incr AS floe_s WHERE ",
				n->rel.sql);
		key_join(&b, n);
		run(x, b.ptr);
		floe_buf_clear(&b);
		floe_buf_printf(&b, "INSERT INTO %s BY NAME SELECT * FROM temp.floe_incr",
				n->rel.sql);
		run(x, b.ptr);
		int64_t inserted = x->count;
		run(x, "DROP TABLE temp.floe_incr");
		run(x, "COMMIT");
		x->count = inserted;
	}
	finish(x);
	floe_buf_release(&b);
}

/*
 * An incremental model without --full-refresh: CREATE TABLE (no OR
 * REPLACE) builds it the first time; "already exists" means it is there,
 * and a table is then updated incrementally.  Asking DuckDB for a
 * relation that is missing costs tens of milliseconds (its "did you mean"
 * scans the whole catalog), an "already exists" a few.
 */
static bool first_build(struct ex *x, const struct rnode *n)
{
	floe_buf b = FLOE_BUF_INIT;
	floe_buf_printf(&b, "CREATE TABLE %s AS (\n%s\n)", n->rel.sql, n->sql);
	run(x, b.ptr);
	floe_buf_release(&b);
	if (!x->failed)
		return true;
	if (x->o->status != FLOE_STEP_ERROR ||
	    !strstr(floe_buf_cstr(&x->o->msg), "already exists"))
		return true; /* a real failure */
	clear_failure(x);
	if (!is_table(x->c, &n->rel))
		return false; /* a view: rebuilt as a table */
	x->o->incremental = true;
	incremental(x, n);
	return true;
}

static void model(struct ex *x, const struct rnode *n, bool full_refresh)
{
	floe_buf b = FLOE_BUF_INIT;
	int mat = n->cfg.materialized;
	bool full = n->cfg.full_refresh == 1 ||
		    (full_refresh && n->cfg.full_refresh != 0);
	if (mat == RM_INCREMENTAL && !full && first_build(x, n))
		return;
	bool view = mat == RM_VIEW;
	floe_buf_printf(&b, "CREATE OR REPLACE %s %s AS (\n%s\n)",
			view ? "VIEW" : "TABLE", n->rel.sql, n->sql);
	replace(x, n, view, b.ptr);
	if (view)
		x->count = -1;
	floe_buf_release(&b);
}

/*
 * A view stores the catalog name it was built under: one built under an
 * alias that is no longer attached (floe before one alias for all runners
 * used "default", dbt-duckdb floe_default) fails with DuckDB's
 * 'Catalog "x" does not exist'.  Name the view and the way out, keeping
 * DuckDB's message after it.  Among several such views, one that `sql`
 * (the failed step's, or NULL) names comes first.
 */
void floe_runtime__run_old_alias_hint(floe_buf *msg, floe_duckdb_conn *c, const char *sql)
{
	static const char tag[] = "Catalog \"";
	const char *m = floe_buf_cstr(msg), *at = strstr(m, tag), *end;
	if (!at || !(end = strstr(at + sizeof(tag) - 1, "\" does not exist")))
		return;
	at += sizeof(tag) - 1;
	floe_buf old = FLOE_BUF_INIT, q = FLOE_BUF_INIT, v = FLOE_BUF_INIT;
	floe_buf_put(&old, at, (size_t)(end - at));
	floe_buf qname = FLOE_BUF_INIT;
	floe_buf_printf(&qname, "\"%s\".", floe_buf_cstr(&old));
	floe_buf_puts(&q, "SELECT '\"' || replace(database_name, '\"', '\"\"') || "
		      "'\".\"' || replace(schema_name, '\"', '\"\"') || '\".\"' || "
		      "replace(view_name, '\"', '\"\"') || '\"' FROM duckdb_views() "
		      "WHERE NOT internal AND (contains(sql, ");
	put_lit(&q, floe_buf_cstr(&qname));
	floe_buf_puts(&q, ") OR regexp_matches(sql, '(^|[^A-Za-z0-9_\"])' || regexp_escape(");
	put_lit(&q, floe_buf_cstr(&old));
	floe_buf_puts(&q, ") || '[.]', 'i')) ORDER BY contains(lower(");
	put_lit(&q, sql ? sql : "");
	floe_buf_puts(&q, "), lower(view_name)) DESC, 1 LIMIT 1");
	floe_duckdb_result *r = NULL;
	if (floe_runtime__duckdb_query(&r, NULL, c, q.ptr) == 0 && floe_runtime__duckdb_result_rows(r) == 1 &&
	    floe_runtime__duckdb_result_value(&v, r, 0, 0)) {
		floe_buf text = FLOE_BUF_INIT;
		floe_buf_printf(&text, "view %s was built under catalog alias '%s'; "
				"rebuild with --full-refresh: %s", floe_buf_cstr(&v),
				floe_buf_cstr(&old), m);
		floe_buf_clear(msg);
		floe_buf_puts(msg, floe_buf_cstr(&text));
		floe_buf_release(&text);
	}
	floe_runtime__duckdb_result_free(r);
	floe_buf_release(&qname);
	floe_buf_release(&old);
	floe_buf_release(&q);
	floe_buf_release(&v);
}

void floe_runtime__run_step_exec(struct step_out *o, struct floe_duckdb_conn *c,
			const struct rnode *n, bool full_refresh,
			const atomic_int *stop)
{
	struct ex x = { c, o, stop, false, false, -1, NULL };
	floe_buf b = FLOE_BUF_INIT, log = FLOE_BUF_INIT;

	if (log_on())
		x.log = &log;

	o->status = FLOE_STEP_SUCCESS;
	o->incremental = false;
	o->rows = -1;
	o->failures = 0;
	floe_buf_clear(&o->msg);
	if (n->kind == RK_SEED) {
		seed_sql(&b, n);
		replace(&x, n, false, b.ptr);
	} else if (n->kind == RK_MODEL) {
		model(&x, n, full_refresh);
	} else {
		run(&x, n->sql);
		if (!x.failed) {
			o->failures = x.count > 0 ? (uint64_t)x.count : 0;
			o->status = !o->failures ? FLOE_STEP_PASS
				: n->cfg.warn ? FLOE_STEP_WARN : FLOE_STEP_FAIL;
		}
		x.count = -1;
	}
	if (!x.failed)
		o->rows = x.count;
	else if (o->status == FLOE_STEP_ERROR)
		floe_runtime__run_old_alias_hint(&o->msg, c, n->sql);
	if (log.len)
		log_flush(&log);
	floe_buf_release(&log);
	floe_buf_release(&b);
}
