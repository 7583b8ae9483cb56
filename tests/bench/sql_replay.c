/*
 * sql_replay.c: the baseline `make bench` holds `floe run` against: the
 * SQL a run executed (FLOE_RUNNER_SQL_LOG, docs/runner.md) replayed in one
 * process on one connection, through the same dlopen'ed libduckdb and
 * wrapper (runtime/duckdb.h).  It does no rendering, no scheduling, no
 * compile and writes no results: what is left is DuckDB's own work.
 *
 * usage: sql_replay DB SCRIPT LOG
 *   DB      the database file the run used (":memory:" for none)
 *   SCRIPT  attach.sql, run first as one script (the session's part)
 *   LOG     the statement log; records marked "failed" may fail again
 * Prints "statements N ms T log_ms L": T from opening the database to
 * closing it, L the logged statements alone; exit 1 when a statement the
 * run completed fails here.
 */
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <time.h>
#include "runtime/duckdb.h"
#include "util/util.h"

static double now_ms(void)
{
	struct timespec ts;
	clock_gettime(CLOCK_MONOTONIC, &ts);
	return ts.tv_sec * 1e3 + ts.tv_nsec / 1e6;
}

static int fail(const char *what, const floe_buf *err)
{
	fprintf(stderr, "sql_replay: %s: %s\n", what,
		err && err->len ? floe_buf_cstr(err) : floe_error_last());
	return 1;
}

/* One statement; a failure counts unless the run's failed too. */
static int exec(floe_duckdb_conn *c, const char *sql, bool may_fail)
{
	floe_buf err = FLOE_BUF_INIT;
	floe_duckdb_result *r = NULL;
	int rc = floe_runtime__duckdb_query(&r, &err, c, sql);
	floe_runtime__duckdb_result_free(r);
	if (rc < 0 && !may_fail)
		fail("statement failed", &err);
	floe_buf_release(&err);
	return rc < 0 && !may_fail;
}

/*
 * Records: "-- floe-sql <bytes>[ failed]\n", <bytes> of SQL, ";\n".
 * Returns the statements run, or -1 on a malformed log or a failure.
 */
static long replay(floe_duckdb_conn *c, char *log, size_t len)
{
	static const char tag[] = "-- floe-sql ";
	size_t at = 0;
	long n = 0;
	while (at < len) {
		char *end;
		if (strncmp(log + at, tag, sizeof(tag) - 1) != 0)
			return -1;
		size_t sz = strtoul(log + at + sizeof(tag) - 1, &end, 10);
		bool may_fail = strncmp(end, " failed", 7) == 0;
		char *sql = strchr(end, '\n');
		if (!sql || (size_t)(sql + 1 - log) + sz + 2 > len)
			return -1;
		sql++;
		sql[sz] = '\0';  /* over the ';' */
		if (exec(c, sql, may_fail))
			return -1;
		n++;
		at = (size_t)(sql - log) + sz + 2;
	}
	return n;
}

int main(int argc, char **argv)
{
	floe_buf script = FLOE_BUF_INIT, log = FLOE_BUF_INIT, err = FLOE_BUF_INIT;
	floe_duckdb_db *db = NULL;
	floe_duckdb_conn *c = NULL;
	int status = 1;
	long n = -1;
	double t1 = 0, t2 = 0;

	if (argc != 4) {
		fputs("usage: sql_replay DB SCRIPT LOG\n", stderr);
		return 2;
	}
	if (floe_fs_read(&script, argv[2], SIZE_MAX) || floe_fs_read(&log, argv[3], SIZE_MAX))
		return fail("cannot read", NULL);
	double t0 = now_ms();
	if (floe_runtime__duckdb_load() || floe_runtime__duckdb_open(&db, &err, strcmp(argv[1], ":memory:") ?
						  argv[1] : NULL, NULL, 0) ||
	    floe_runtime__duckdb_connect(&c, &err, db)) {
		fail("cannot open the database", &err);
		goto out;
	}
	if (exec(c, floe_buf_cstr(&script), false))
		goto out;
	t1 = now_ms();
	n = replay(c, log.ptr, log.len);
	t2 = now_ms();
	if (n < 0) {
		fputs("sql_replay: the log is malformed or a statement failed\n", stderr);
		goto out;
	}
	status = 0;
out:
	floe_runtime__duckdb_disconnect(c);
	floe_runtime__duckdb_close(db);
	if (status == 0)
		printf("statements %ld ms %.2f log_ms %.2f\n", n, now_ms() - t0, t2 - t1);
	floe_buf_release(&script);
	floe_buf_release(&log);
	floe_buf_release(&err);
	return status;
}
