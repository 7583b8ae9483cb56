/*
 * session_script.c: run a SQL script (attach.sql) one statement at a time
 * with DuckDB's own statement splitter, and name a failing statement by the
 * line it starts on.  DuckDB gives no offsets for the statements it splits,
 * so the scanner of runtime/duckdb.c (quotes, dollar quotes, comments)
 * finds where each starts; when its count disagrees with DuckDB's, the
 * statement's number is given instead.
 */
#include <stdlib.h>
#include <string.h>
#include "launch_impl.h"
#include "runtime/duckdb.h"
#include "util/util.h"

/* The line each statement starts on; *n gets how many. */
static size_t *statement_lines(const char *s, size_t *n)
{
	size_t len = strlen(s), cap = 8, line = 1, at = 0;
	size_t *lines = floe_xmalloc(cap * sizeof(*lines));
	*n = 0;
	for (size_t i = floe_runtime__sql_skip_blank(s, len, 0); i < len;
	     i = floe_runtime__sql_skip_blank(s, len, i + 1)) {
		if (s[i] == ';')
			continue;       /* an empty statement */
		for (; at < i; at++)
			line += s[at] == '\n';
		if (*n == cap)
			lines = floe_xrealloc(lines, (cap *= 2) * sizeof(*lines));
		lines[(*n)++] = line;
		i = floe_runtime__sql_statement_end(s, len, i);
	}
	return lines;
}

/* The n of "LINE n:" in a parser message, or 0. */
static long message_line(const char *msg)
{
	const char *p = strstr(msg, "\nLINE ");
	long n = p ? strtol(p + 6, NULL, 10) : 0;
	return n > 0 ? n : 0;
}

int floe_runtime__session_script(struct floe_duckdb_conn *conn, floe_buf *err,
			 const char *sql, const char *name, floe_buf *where)
{
	floe_duckdb_stmts *sts = NULL;
	size_t nlines, *lines = NULL;
	int rc = floe_runtime__duckdb_extract(&sts, err, conn, sql);

	floe_buf_clear(where);
	if (rc) {
		long l = message_line(floe_buf_cstr(err));
		floe_buf_puts(where, name);
		if (l)
			floe_buf_printf(where, ":%ld", l);
		return rc;
	}
	size_t n = floe_runtime__duckdb_stmts_count(sts);
	lines = statement_lines(sql, &nlines);
	for (size_t i = 0; rc == 0 && i < n; i++) {
		floe_duckdb_stmt *st = NULL;
		rc = floe_runtime__duckdb_stmts_prepare(&st, err, sts, i);
		if (rc == 0)
			rc = floe_runtime__duckdb_execute(NULL, err, st);
		floe_runtime__duckdb_stmt_free(st);
		if (rc && nlines == n)
			floe_buf_printf(where, "%s:%zu", name, lines[i]);
		else if (rc)
			floe_buf_printf(where, "%s (statement %zu)", name, i + 1);
	}
	free(lines);
	floe_runtime__duckdb_stmts_free(sts);
	return rc;
}
