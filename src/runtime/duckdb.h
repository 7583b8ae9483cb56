/*
 * runtime/duckdb.h: libduckdb, loaded at run time with dlopen, behind a
 * small C API of opaque floe types; and the SQL parse check of `make check`.
 *
 * Nothing here runs before a caller asks: the library is opened by the first
 * floe_runtime__duckdb_load() (directly, or through floe_runtime__duckdb_open or
 * floe_runtime__sql_check), once per process.  Commands that never touch DuckDB
 * (validate, compile) never pay for it.  duckdb.h is included by duckdb.c
 * only.  What was observed on DuckDB 1.4.4 is in docs/duckdb.md.
 */
#ifndef FLOE_RUNTIME_DUCKDB_H
#define FLOE_RUNTIME_DUCKDB_H

#include <stdbool.h>
#include <stdint.h>
#include "floe/common.h"
#include "floe/buf.h"
#include "floe/diag.h"

/*
 * Load libduckdb (once; later calls return the first answer).  Tried in
 * order, the first file that exists is opened: $FLOE_LIBDUCKDB, then
 * <dir of /proc/self/exe>/../lib/libduckdb.so, then the build tree's copy
 * (FLOE_DUCKDB_DEFAULT).  Returns 0 or FLOE_EDUCKDB; floe_error_last()
 * then names every path tried and the loader's message.
 */
int floe_runtime__duckdb_load(void);
/* The file that was loaded and DuckDB's version ("v1.4.4"); NULL before. */
const char *floe_runtime__duckdb_path(void);
const char *floe_duckdb_version(void);

typedef struct floe_duckdb_db floe_duckdb_db;
typedef struct floe_duckdb_conn floe_duckdb_conn;
typedef struct floe_duckdb_stmt floe_duckdb_stmt;
typedef struct floe_duckdb_stmts floe_duckdb_stmts;
typedef struct floe_duckdb_result floe_duckdb_result;

/* A startup setting given to the database when it is opened. */
typedef struct floe_duckdb_kv {
	const char *key;
	const char *value;
} floe_duckdb_kv;

/*
 * Every fallible call below returns 0 or FLOE_EDUCKDB.  On FLOE_EDUCKDB the
 * whole DuckDB message (it may span lines: "LINE 1: ...", a caret) is put
 * in `err` when err is not NULL, and its first line is floe_error_last().
 * Handles are owned by the caller and freed with the matching _free/close
 * (each accepts NULL); a connection must be freed before its database.
 */

/*
 * Open a database: `path` a file, or NULL / ":memory:" for an in-memory one.
 * `config` holds settings that only work at startup (allow_unsigned_extensions,
 * autoinstall_known_extensions, ...); an unknown key or a bad value fails.
 */
int floe_runtime__duckdb_open(floe_duckdb_db **out, floe_buf *err, const char *path,
		     const floe_duckdb_kv *config, size_t nconfig);
void floe_runtime__duckdb_close(floe_duckdb_db *db);

int floe_runtime__duckdb_connect(floe_duckdb_conn **out, floe_buf *err,
			floe_duckdb_db *db);
void floe_runtime__duckdb_disconnect(floe_duckdb_conn *conn);
/*
 * Ask the running statement of `conn` to stop (it then fails with
 * "INTERRUPT Error").  Safe from another thread, not from a signal handler:
 * the runner's signal thread calls it.
 */
void floe_runtime__duckdb_interrupt(floe_duckdb_conn *conn);

/*
 * Run one or more statements; the result of the last one is put in *out
 * when out is not NULL (free it with floe_runtime__duckdb_result_free).
 */
int floe_runtime__duckdb_query(floe_duckdb_result **out, floe_buf *err,
		      floe_duckdb_conn *conn, const char *sql);

/* Prepared statements: one statement, `?` or `$1` parameters counted from 1. */
int floe_runtime__duckdb_prepare(floe_duckdb_stmt **out, floe_buf *err,
			floe_duckdb_conn *conn, const char *sql);
size_t floe_runtime__duckdb_stmt_nparams(const floe_duckdb_stmt *st);
/*
 * DuckDB copies the value; the caller still owns (and wipes) its own copy.
 * FLOE_EDUCKDB for a parameter index out of range.
 */
int floe_runtime__duckdb_bind_varchar(floe_duckdb_stmt *st, size_t idx,
			     const char *val, size_t len);
int floe_runtime__duckdb_bind_int64(floe_duckdb_stmt *st, size_t idx, int64_t val);
int floe_runtime__duckdb_bind_null(floe_duckdb_stmt *st, size_t idx);
int floe_runtime__duckdb_execute(floe_duckdb_result **out, floe_buf *err,
			floe_duckdb_stmt *st);
void floe_runtime__duckdb_stmt_free(floe_duckdb_stmt *st);

/*
 * Split a script into statements with DuckDB's parser (nothing runs).  An
 * empty script, or one of only ';' and comments, gives 0 statements.  On a
 * parse error *out is NULL.
 */
int floe_runtime__duckdb_extract(floe_duckdb_stmts **out, floe_buf *err,
			floe_duckdb_conn *conn, const char *sql);
size_t floe_runtime__duckdb_stmts_count(const floe_duckdb_stmts *sts);
/* Prepare (parse + bind, no execution) statement `i` of the script. */
int floe_runtime__duckdb_stmts_prepare(floe_duckdb_stmt **out, floe_buf *err,
			      floe_duckdb_stmts *sts, size_t i);
void floe_runtime__duckdb_stmts_free(floe_duckdb_stmts *sts);

/*
 * Results are materialized.  Values are read as text; a SQL NULL, and a
 * value DuckDB cannot show as text (LIST, STRUCT and MAP columns), read as
 * false with `out` left empty.  Cast such columns to VARCHAR in the query.
 */
uint64_t floe_runtime__duckdb_result_rows(const floe_duckdb_result *res);
size_t floe_runtime__duckdb_result_cols(const floe_duckdb_result *res);
/* Valid while the result lives; NULL for a column out of range. */
const char *floe_runtime__duckdb_result_name(const floe_duckdb_result *res,
				    size_t col);
bool floe_runtime__duckdb_result_value(floe_buf *out, const floe_duckdb_result *res,
			      size_t col, uint64_t row);
/* Rows changed by an INSERT, UPDATE or DELETE. */
void floe_runtime__duckdb_result_free(floe_duckdb_result *res);

/*
 * When a DuckDB message says an extension is missing (not installed, or not
 * loaded with autoloading off), put its lower-case name in `out` and return
 * true: the runtime reports it by name and exits with status 3.
 */
bool floe_runtime__duckdb_missing_extension(floe_buf *out, const char *msg);

/*
 * Parse `sql` (len bytes, the text of `src`) with DuckDB's parser on a
 * private in-memory database, executing nothing.  A parse error becomes a
 * diagnostic [sql/parse] at its line and column in `src`; a message DuckDB
 * gives no position for is placed at the start of the statement it is in.
 * Returns 0, FLOE_EINVALID after recording a diagnostic, or FLOE_EDUCKDB
 * when libduckdb cannot be loaded.  Safe to call from several threads.
 */
/*
 * A small SQL scanner for naming statements by position (DuckDB gives no
 * offsets for the statements it splits): skip blanks and comments from i;
 * the offset of the ';' ending the statement that starts at i (or len),
 * past quotes, "..." identifiers and $tag$ dollar quotes.
 */
size_t floe_runtime__sql_skip_blank(const char *s, size_t len, size_t i);
size_t floe_runtime__sql_statement_end(const char *s, size_t len, size_t i);

int floe_runtime__sql_check(floe_diags *d, const floe_source *src, const char *sql,
		   size_t len);

#endif
