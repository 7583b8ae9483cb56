/*
 * sqlcheck: the corpus oracle's runner.  It runs a file of SQL on DuckDB
 * directly (linked against libduckdb, nothing of floe), statement by
 * statement: a statement is the text up to a ';' that ends a line.  A
 * statement that starts with SELECT or '(' is a check: the rows it returns
 * are differences, so any row fails it; the others (ATTACH, CREATE ...) set
 * up.  The check's name is the last "-- check: NAME" comment before it.
 *
 * usage: sqlcheck CHECKS.sql      (exit 0: every check returned no row)
 */
#include <ctype.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include "duckdb.h"

static char *slurp(const char *path)
{
	FILE *f = fopen(path, "rb");
	if (!f)
		return NULL;
	size_t cap = 1 << 16, len = 0;
	char *s = malloc(cap);
	size_t n;
	while (s && (n = fread(s + len, 1, cap - len - 1, f)) > 0) {
		len += n;
		if (cap - len < 2) {
			char *t = realloc(s, cap *= 2);
			if (!t) {
				free(s);
				s = NULL;
			}
			s = t;
		}
	}
	fclose(f);
	if (s)
		s[len] = '\0';
	return s;
}

/* Skip blank lines and comments, noting the last check name. */
static const char *skip_comments(const char *p, char *name, size_t cap)
{
	for (;;) {
		while (isspace((unsigned char)*p))
			p++;
		if (p[0] != '-' || p[1] != '-')
			return p;
		const char *eol = strchr(p, '\n');
		size_t n = eol ? (size_t)(eol - p) : strlen(p);
		if (n > 11 && strncmp(p, "-- check: ", 10) == 0)
			snprintf(name, cap, "%.*s", (int)(n - 10), p + 10);
		p += n;
	}
}

static int check(duckdb_connection con, const char *sql, const char *name)
{
	duckdb_result r;
	int bad = 0;
	if (duckdb_query(con, sql, &r) == DuckDBError) {
		fprintf(stderr, "sqlcheck: %s: %s\n", name, duckdb_result_error(&r));
		duckdb_destroy_result(&r);
		return 1;
	}
	bool is_check = strncmp(sql, "SELECT", 6) == 0 || sql[0] == '(';
	idx_t rows = duckdb_row_count(&r), cols = duckdb_column_count(&r);
	if (is_check && rows) {
		fprintf(stderr, "sqlcheck: FAIL %s: %llu differing rows\n", name,
			(unsigned long long)rows);
		for (idx_t i = 0; i < rows && i < 10; i++) {
			fputs("  ", stderr);
			for (idx_t j = 0; j < cols; j++) {
				char *v = duckdb_value_varchar(&r, j, i);
				fprintf(stderr, "%s%s", j ? " | " : "", v ? v : "NULL");
				duckdb_free(v);
			}
			fputc('\n', stderr);
		}
		bad = 1;
	}
	duckdb_destroy_result(&r);
	return bad;
}

int main(int argc, char **argv)
{
	if (argc != 2) {
		fputs("usage: sqlcheck CHECKS.sql\n", stderr);
		return 2;
	}
	char *text = slurp(argv[1]);
	if (!text) {
		perror(argv[1]);
		return 2;
	}
	duckdb_database db;
	duckdb_connection con;
	if (duckdb_open(NULL, &db) == DuckDBError || duckdb_connect(db, &con) == DuckDBError) {
		fputs("sqlcheck: cannot open DuckDB\n", stderr);
		return 2;
	}
	char name[256] = "setup";
	int failed = 0, checks = 0;
	const char *p = text;
	for (;;) {
		p = skip_comments(p, name, sizeof(name));
		if (!*p)
			break;
		const char *end = strstr(p, ";\n");
		size_t n = end ? (size_t)(end - p + 1) : strlen(p);
		char *sql = strndup(p, n);
		checks += strncmp(sql, "SELECT", 6) == 0 || sql[0] == '(';
		failed += check(con, sql, name);
		free(sql);
		p += n;
	}
	duckdb_disconnect(&con);
	duckdb_close(&db);
	free(text);
	if (!checks) {
		fprintf(stderr, "sqlcheck: %s has no check\n", argv[1]);
		return 1;
	}
	printf("sqlcheck: %d checks, %d failed\n", checks, failed);
	return failed ? 1 : 0;
}
