/*
 * session_script.c: run a SQL script (attach.sql) one statement at a time
 * with DuckDB's own statement splitter, and name a failing statement by the
 * line it starts on.  DuckDB gives no offsets for the statements it splits,
 * so a small scanner (quotes, dollar quotes, comments) finds where each
 * starts; when its count disagrees with DuckDB's, the statement's number
 * is given instead.
 */
#include <stdlib.h>
#include <string.h>
#include "launch_impl.h"
#include "runtime/duckdb.h"
#include "util/util.h"

static bool is_word(char c)
{
	return (c >= 'a' && c <= 'z') || (c >= 'A' && c <= 'Z') ||
	       (c >= '0' && c <= '9') || c == '_';
}

/* Skip blanks and comments from i. */
static size_t skip_blank(const char *s, size_t len, size_t i)
{
	for (;;) {
		while (i < len && strchr(" \t\r\n\f\v", s[i]))
			i++;
		if (i + 1 < len && s[i] == '-' && s[i + 1] == '-') {
			while (i < len && s[i] != '\n')
				i++;
		} else if (i + 1 < len && s[i] == '/' && s[i + 1] == '*') {
			const char *e = strstr(s + i + 2, "*/");
			i = e ? (size_t)(e - s) + 2 : len;
		} else {
			return i;
		}
	}
}

/* End of a quoted run starting at i: '...', "..." or $tag$...$tag$. */
static size_t skip_quoted(const char *s, size_t len, size_t i)
{
	if (s[i] == '$') {
		size_t t = i + 1;
		while (t < len && is_word(s[t]))
			t++;
		if (t >= len || s[t] != '$' || (t > i + 1 && s[i + 1] >= '0' &&
						 s[i + 1] <= '9'))
			return i + 1;           /* $1, a parameter, or a lone $ */
		size_t n = t + 1 - i;
		for (size_t j = t + 1; j + n <= len; j++)
			if (memcmp(s + j, s + i, n) == 0)
				return j + n;
		return len;
	}
	char q = s[i];
	for (i++; i < len; i++) {
		if (s[i] != q)
			continue;
		if (i + 1 < len && s[i + 1] == q)
			i++;                    /* '' or "" */
		else
			return i + 1;
	}
	return len;
}

/* Offset of the ';' ending the statement that starts at i (or len). */
static size_t statement_end(const char *s, size_t len, size_t i)
{
	while (i < len && s[i] != ';') {
		size_t j = skip_blank(s, len, i);
		if (j != i)
			i = j;
		else if (s[i] == '\'' || s[i] == '"' || s[i] == '$')
			i = skip_quoted(s, len, i);
		else
			i++;
	}
	return i;
}

/* The line each statement starts on; *n gets how many. */
static size_t *statement_lines(const char *s, size_t *n)
{
	size_t len = strlen(s), cap = 8, line = 1, at = 0;
	size_t *lines = floe_xmalloc(cap * sizeof(*lines));
	*n = 0;
	for (size_t i = skip_blank(s, len, 0); i < len;
	     i = skip_blank(s, len, i + 1)) {
		if (s[i] == ';')
			continue;       /* an empty statement */
		for (; at < i; at++)
			line += s[at] == '\n';
		if (*n == cap)
			lines = floe_xrealloc(lines, (cap *= 2) * sizeof(*lines));
		lines[(*n)++] = line;
		i = statement_end(s, len, i);
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

int floe__session_script(struct floe_duckdb_conn *conn, floe_buf *err,
			 const char *sql, const char *name, floe_buf *where)
{
	floe_duckdb_stmts *sts = NULL;
	size_t nlines, *lines = NULL;
	int rc = floe_duckdb_extract(&sts, err, conn, sql);

	floe_buf_clear(where);
	if (rc) {
		long l = message_line(floe_buf_cstr(err));
		floe_buf_puts(where, name);
		if (l)
			floe_buf_printf(where, ":%ld", l);
		return rc;
	}
	size_t n = floe_duckdb_stmts_count(sts);
	lines = statement_lines(sql, &nlines);
	for (size_t i = 0; rc == 0 && i < n; i++) {
		floe_duckdb_stmt *st = NULL;
		rc = floe_duckdb_stmts_prepare(&st, err, sts, i);
		if (rc == 0)
			rc = floe_duckdb_execute(NULL, err, st);
		floe_duckdb_stmt_free(st);
		if (rc && nlines == n)
			floe_buf_printf(where, "%s:%zu", name, lines[i]);
		else if (rc)
			floe_buf_printf(where, "%s (statement %zu)", name, i + 1);
	}
	free(lines);
	floe_duckdb_stmts_free(sts);
	return rc;
}
