/*
 * duckdb.c: libduckdb through dlopen, a thin wrapper over the part of its
 * C API floe uses, and the SQL parse check.  The library is never linked:
 * every function is looked up once into `ddb`, on first use.  This file
 * holds no policy (which settings, which statements): the runner decides.
 *
 * duckdb.h is 1.4.4's (the duckdb npm package stops there) and the library
 * is 1.5: the C API is stable, and every function floe calls is looked up
 * at load, so a library that lacks one fails there, by name, not later.
 */
#include <dlfcn.h>
#include <limits.h>
#include <pthread.h>
#include <stdlib.h>
#include <string.h>
#include <unistd.h>

#pragma GCC diagnostic push
#pragma GCC diagnostic ignored "-Wstrict-prototypes"
#include <duckdb.h>
#pragma GCC diagnostic pop

#include "runtime/duckdb.h"
#include "util/util.h"

/* Every C API function floe calls; resolved by name at load time. */
#define DUCKDB_FUNCS(X)                                                   \
	X(duckdb_library_version) X(duckdb_free)                          \
	X(duckdb_create_config) X(duckdb_set_config)                      \
	X(duckdb_destroy_config) X(duckdb_open_ext) X(duckdb_close)       \
	X(duckdb_connect) X(duckdb_disconnect) X(duckdb_interrupt)        \
	X(duckdb_query) X(duckdb_destroy_result) X(duckdb_result_error)   \
	X(duckdb_column_count) X(duckdb_column_name) X(duckdb_row_count)  \
	X(duckdb_rows_changed) X(duckdb_value_varchar)                    \
	X(duckdb_prepare) X(duckdb_prepare_error) X(duckdb_destroy_prepare) \
	X(duckdb_nparams) X(duckdb_bind_varchar_length)                   \
	X(duckdb_bind_int64) X(duckdb_bind_null) X(duckdb_execute_prepared) \
	X(duckdb_extract_statements) X(duckdb_extract_statements_error)   \
	X(duckdb_prepare_extracted_statement) X(duckdb_destroy_extracted)

static struct {
#define X(fn) __typeof__(&fn) fn;
	DUCKDB_FUNCS(X)
#undef X
} ddb;

static pthread_once_t load_once = PTHREAD_ONCE_INIT;
static int load_rc;
static char *load_error;   /* why loading failed, for every caller */
static char *load_path;    /* the file that was opened */

struct floe_duckdb_db { duckdb_database h; };
struct floe_duckdb_conn { duckdb_connection h; };
struct floe_duckdb_stmt { duckdb_prepared_statement h; };
struct floe_duckdb_stmts {
	duckdb_connection conn;
	duckdb_extracted_statements h;
	size_t n;
};
struct floe_duckdb_result { duckdb_result h; };

/* ---- loading ---- */

/* <dir of the running binary>/../lib/libduckdb.so, or NULL. */
static char *beside_binary(void)
{
	char exe[PATH_MAX];
	ssize_t n = readlink("/proc/self/exe", exe, sizeof(exe) - 1);
	if (n <= 0)
		return NULL;
	exe[n] = '\0';
	char *slash = strrchr(exe, '/');
	if (!slash)
		return NULL;
	floe_buf b = FLOE_BUF_INIT;
	floe_buf_put(&b, exe, (size_t)(slash - exe));
	floe_buf_puts(&b, "/../lib/libduckdb.so");
	return floe_buf_detach(&b);
}

static int resolve_symbols(void *h, floe_buf *why)
{
	void *p;
#define X(fn)                                                              \
	if (!(p = dlsym(h, #fn))) {                                        \
		floe_buf_printf(why, "it has no function '%s', which floe " \
				"calls", #fn);                             \
		return FLOE_EDUCKDB;                                       \
	}                                                                  \
	memcpy(&ddb.fn, &p, sizeof(p));
	DUCKDB_FUNCS(X)
#undef X
	return 0;
}

/*
 * Open `path`; on failure say why in `why`.  RTLD_LAZY: libduckdb's own
 * calls are bound when first made, not all 23,000 of them at load (with
 * RTLD_NOW that was 4.7 ms of the 8 ms every `floe run` pays to start).
 */
static int open_library(const char *path, floe_buf *why)
{
	void *h = dlopen(path, RTLD_LAZY | RTLD_LOCAL);
	if (!h) {
		const char *e = dlerror();
		floe_buf_puts(why, e ? e : "dlopen failed");
		return FLOE_EDUCKDB;
	}
	if (resolve_symbols(h, why) < 0) {
		dlclose(h);
		return FLOE_EDUCKDB;
	}
	load_path = floe_xstrdup(path);
	return 0;
}

char *floe_duckdb_locate(void)
{
	const char *env = getenv("FLOE_LIBDUCKDB");
	char *beside = beside_binary(), *found = NULL;
	const char *cands[3] = { env && *env ? env : NULL, beside, NULL };
#ifdef FLOE_DUCKDB_DEFAULT
	cands[2] = FLOE_DUCKDB_DEFAULT;
#endif
	for (size_t i = 0; !found && i < FLOE_ARRAY_SIZE(cands); i++)
		if (cands[i] && floe_fs_exists(cands[i]))
			found = floe_xstrdup(cands[i]);
	free(beside);
	return found;
}

static void load(void)
{
	const char *env = getenv("FLOE_LIBDUCKDB");
	char *beside = beside_binary();
	const char *cands[3] = { env && *env ? env : NULL, beside, NULL };
	floe_buf tried = FLOE_BUF_INIT, why = FLOE_BUF_INIT;
	size_t i;

#ifdef FLOE_DUCKDB_DEFAULT
	cands[2] = FLOE_DUCKDB_DEFAULT;
#endif
	load_rc = FLOE_EDUCKDB;
	for (i = 0; i < FLOE_ARRAY_SIZE(cands); i++) {
		if (!cands[i])
			continue;
		if (floe_fs_exists(cands[i])) {
			load_rc = open_library(cands[i], &why);
			break;
		}
		floe_buf_printf(&tried, "%s%s (not found)",
				tried.len ? ", " : "", cands[i]);
	}
	if (load_rc < 0) {
		floe_buf msg = FLOE_BUF_INIT;
		if (i < FLOE_ARRAY_SIZE(cands))
			floe_buf_printf(&msg, "cannot load libduckdb '%s': %s",
					cands[i], floe_buf_cstr(&why));
		else
			floe_buf_puts(&msg, "libduckdb not found");
		if (tried.len)
			floe_buf_printf(&msg, "; tried %s", tried.ptr);
		floe_buf_puts(&msg, "; set FLOE_LIBDUCKDB to its path");
		load_error = floe_buf_detach(&msg);
	}
	floe_buf_release(&tried);
	floe_buf_release(&why);
	free(beside);
}

int floe_runtime__duckdb_load(void)
{
	pthread_once(&load_once, load);
	if (load_rc < 0)
		floe_error_set("%s", load_error);
	return load_rc;
}

const char *floe_runtime__duckdb_path(void)
{
	return load_path;
}

const char *floe_duckdb_version(void)
{
	return load_path ? ddb.duckdb_library_version() : NULL;
}

/* ---- errors ---- */

/* Keep DuckDB's message: the whole of it in err, the first line as last error. */
static int fail(floe_buf *err, const char *what, const char *msg)
{
	if (!msg)
		msg = "unknown error";
	if (err) {
		floe_buf_clear(err);
		floe_buf_puts(err, msg);
	}
	size_t n = strcspn(msg, "\n");
	floe_error_set("%s: %.*s", what, (int)n, msg);
	return FLOE_EDUCKDB;
}

/* ---- databases and connections ---- */

static int make_config(duckdb_config *out, floe_buf *err,
		       const floe_duckdb_kv *config, size_t n)
{
	if (ddb.duckdb_create_config(out) == DuckDBError)
		return fail(err, "duckdb config", "cannot create a config");
	for (size_t i = 0; i < n; i++) {
		if (ddb.duckdb_set_config(*out, config[i].key,
					  config[i].value) == DuckDBSuccess)
			continue;
		floe_buf m = FLOE_BUF_INIT;
		floe_buf_printf(&m, "invalid value '%s' for setting '%s'",
				config[i].value, config[i].key);
		fail(err, "duckdb config", m.ptr);
		floe_buf_release(&m);
		ddb.duckdb_destroy_config(out);
		return FLOE_EDUCKDB;
	}
	return 0;
}

int floe_runtime__duckdb_open(floe_duckdb_db **out, floe_buf *err, const char *path,
		     const floe_duckdb_kv *config, size_t nconfig)
{
	duckdb_config cfg;
	duckdb_database h;
	char *msg = NULL;
	int rc;

	*out = NULL;
	if ((rc = floe_runtime__duckdb_load()) < 0) {
		if (err) {
			floe_buf_clear(err);
			floe_buf_puts(err, floe_error_last());
		}
		return rc;
	}
	if ((rc = make_config(&cfg, err, config, nconfig)) < 0)
		return rc;
	if (ddb.duckdb_open_ext(path, &h, cfg, &msg) == DuckDBError) {
		rc = fail(err, "duckdb open", msg);
		ddb.duckdb_free(msg);
	} else {
		*out = floe_xmalloc(sizeof(**out));
		(*out)->h = h;
	}
	ddb.duckdb_destroy_config(&cfg);
	return rc;
}

void floe_runtime__duckdb_close(floe_duckdb_db *db)
{
	if (!db)
		return;
	ddb.duckdb_close(&db->h);
	free(db);
}

int floe_runtime__duckdb_connect(floe_duckdb_conn **out, floe_buf *err,
			floe_duckdb_db *db)
{
	duckdb_connection h;

	*out = NULL;
	if (ddb.duckdb_connect(db->h, &h) == DuckDBError)
		return fail(err, "duckdb connect", "cannot connect");
	*out = floe_xmalloc(sizeof(**out));
	(*out)->h = h;
	return 0;
}

void floe_runtime__duckdb_disconnect(floe_duckdb_conn *conn)
{
	if (!conn)
		return;
	ddb.duckdb_disconnect(&conn->h);
	free(conn);
}

void floe_runtime__duckdb_interrupt(floe_duckdb_conn *conn)
{
	if (conn)
		ddb.duckdb_interrupt(conn->h);
}

/* ---- queries and results ---- */

/* Hand a result to the caller, or free it when the caller wants none. */
static int take_result(floe_duckdb_result **out, floe_buf *err,
		       duckdb_result *r, duckdb_state st, const char *what)
{
	int rc = 0;
	if (st == DuckDBError) {
		rc = fail(err, what, ddb.duckdb_result_error(r));
	} else if (out) {
		*out = floe_xmalloc(sizeof(**out));
		(*out)->h = *r;
		return 0;
	}
	ddb.duckdb_destroy_result(r);
	return rc;
}

int floe_runtime__duckdb_query(floe_duckdb_result **out, floe_buf *err,
		      floe_duckdb_conn *conn, const char *sql)
{
	duckdb_result r;
	if (out)
		*out = NULL;
	duckdb_state st = ddb.duckdb_query(conn->h, sql, &r);
	return take_result(out, err, &r, st, "duckdb query");
}

uint64_t floe_runtime__duckdb_result_rows(const floe_duckdb_result *res)
{
	return ddb.duckdb_row_count((duckdb_result *)&res->h);
}

size_t floe_runtime__duckdb_result_cols(const floe_duckdb_result *res)
{
	return ddb.duckdb_column_count((duckdb_result *)&res->h);
}

const char *floe_runtime__duckdb_result_name(const floe_duckdb_result *res,
				    size_t col)
{
	return ddb.duckdb_column_name((duckdb_result *)&res->h, col);
}

bool floe_runtime__duckdb_result_value(floe_buf *out, const floe_duckdb_result *res,
			      size_t col, uint64_t row)
{
	floe_buf_clear(out);
	if (col >= floe_runtime__duckdb_result_cols(res) ||
	    row >= floe_runtime__duckdb_result_rows(res))
		return false;
	char *v = ddb.duckdb_value_varchar((duckdb_result *)&res->h, col, row);
	if (!v)
		return false;
	floe_buf_puts(out, v);
	ddb.duckdb_free(v);
	return true;
}

void floe_runtime__duckdb_result_free(floe_duckdb_result *res)
{
	if (!res)
		return;
	ddb.duckdb_destroy_result(&res->h);
	free(res);
}

/* ---- prepared statements ---- */

/* duckdb_prepare* leave a handle to destroy even when they fail. */
static int take_prepared(floe_duckdb_stmt **out, floe_buf *err,
			 duckdb_prepared_statement h, duckdb_state st)
{
	if (st == DuckDBError) {
		int rc = fail(err, "duckdb prepare", ddb.duckdb_prepare_error(h));
		ddb.duckdb_destroy_prepare(&h);
		return rc;
	}
	*out = floe_xmalloc(sizeof(**out));
	(*out)->h = h;
	return 0;
}

int floe_runtime__duckdb_prepare(floe_duckdb_stmt **out, floe_buf *err,
			floe_duckdb_conn *conn, const char *sql)
{
	duckdb_prepared_statement h = NULL;
	*out = NULL;
	duckdb_state st = ddb.duckdb_prepare(conn->h, sql, &h);
	return take_prepared(out, err, h, st);
}

size_t floe_runtime__duckdb_stmt_nparams(const floe_duckdb_stmt *st)
{
	return ddb.duckdb_nparams(st->h);
}

static int bound(duckdb_state st, size_t idx)
{
	if (st == DuckDBSuccess)
		return 0;
	floe_error_set("duckdb bind: no parameter %zu", idx);
	return FLOE_EDUCKDB;
}

int floe_runtime__duckdb_bind_varchar(floe_duckdb_stmt *st, size_t idx,
			     const char *val, size_t len)
{
	return bound(ddb.duckdb_bind_varchar_length(st->h, idx, val, len), idx);
}

int floe_runtime__duckdb_bind_int64(floe_duckdb_stmt *st, size_t idx, int64_t val)
{
	return bound(ddb.duckdb_bind_int64(st->h, idx, val), idx);
}

int floe_runtime__duckdb_bind_null(floe_duckdb_stmt *st, size_t idx)
{
	return bound(ddb.duckdb_bind_null(st->h, idx), idx);
}

int floe_runtime__duckdb_execute(floe_duckdb_result **out, floe_buf *err,
			floe_duckdb_stmt *st)
{
	duckdb_result r;
	if (out)
		*out = NULL;
	duckdb_state s = ddb.duckdb_execute_prepared(st->h, &r);
	return take_result(out, err, &r, s, "duckdb execute");
}

void floe_runtime__duckdb_stmt_free(floe_duckdb_stmt *st)
{
	if (!st)
		return;
	ddb.duckdb_destroy_prepare(&st->h);
	free(st);
}

/* ---- extracted statements ---- */

int floe_runtime__duckdb_extract(floe_duckdb_stmts **out, floe_buf *err,
			floe_duckdb_conn *conn, const char *sql)
{
	duckdb_extracted_statements h = NULL;
	idx_t n = ddb.duckdb_extract_statements(conn->h, sql, &h);
	const char *msg = n ? NULL : ddb.duckdb_extract_statements_error(h);

	*out = NULL;
	if (msg) {
		int rc = fail(err, "duckdb parse", msg);
		ddb.duckdb_destroy_extracted(&h);
		return rc;
	}
	*out = floe_xmalloc(sizeof(**out));
	(*out)->conn = conn->h;
	(*out)->h = h;
	(*out)->n = n;
	return 0;
}

size_t floe_runtime__duckdb_stmts_count(const floe_duckdb_stmts *sts)
{
	return sts->n;
}

int floe_runtime__duckdb_stmts_prepare(floe_duckdb_stmt **out, floe_buf *err,
			      floe_duckdb_stmts *sts, size_t i)
{
	duckdb_prepared_statement h = NULL;
	*out = NULL;
	if (i >= sts->n)
		return fail(err, "duckdb prepare", "no such statement");
	duckdb_state st = ddb.duckdb_prepare_extracted_statement(sts->conn,
								 sts->h, i, &h);
	return take_prepared(out, err, h, st);
}

void floe_runtime__duckdb_stmts_free(floe_duckdb_stmts *sts)
{
	if (!sts)
		return;
	ddb.duckdb_destroy_extracted(&sts->h);
	free(sts);
}

/* ---- missing extensions ---- */

static bool is_word(char c)
{
	return (c >= 'a' && c <= 'z') || (c >= 'A' && c <= 'Z') ||
	       (c >= '0' && c <= '9') || c == '_';
}

/* The extension name between `pre` and `post` somewhere in msg, if any. */
static bool name_between(floe_buf *out, const char *msg, const char *pre,
			 const char *post)
{
	for (const char *p = strstr(msg, pre); p; p = strstr(p + 1, pre)) {
		const char *s = p + strlen(pre), *e = s;
		while (is_word(*e))
			e++;
		if (e == s || !floe_str_startswith(e, post))
			continue;
		floe_buf_clear(out);
		for (; s < e; s++)
			floe_buf_putc(out, (char)(*s >= 'A' && *s <= 'Z' ?
						  *s - 'A' + 'a' : *s));
		return true;
	}
	return false;
}

/*
 * The shapes DuckDB 1.4.4 uses (docs/duckdb.md): a LOAD or an autoload of
 * an extension that is not installed, a failed download, and a function,
 * setting or secret type that lives in an extension not loaded.
 */
bool floe_runtime__duckdb_missing_extension(floe_buf *out, const char *msg)
{
	static const char *const shapes[][2] = {
		{ "Extension \"", "\" is an existing extension" },
		{ "required extension '", "'" },
		{ "Failed to download extension \"", "\"" },
		{ "/", ".duckdb_extension\" not found" },
		{ "but it exists in the ", " extension" },
	};
	if (!msg)
		return false;
	for (size_t i = 0; i < FLOE_ARRAY_SIZE(shapes); i++)
		if (name_between(out, msg, shapes[i][0], shapes[i][1]))
			return true;
	return false;
}

/* ---- the SQL parse check ---- */

static pthread_mutex_t check_lock = PTHREAD_MUTEX_INITIALIZER;
static floe_duckdb_db *check_db;     /* opened once, kept for the process */
static floe_duckdb_conn *check_conn;

/* The private parser database: nothing to load, nothing to reach. */
static int check_connection(void)
{
	static const floe_duckdb_kv cfg[] = {
		{ "threads", "1" },
		{ "autoinstall_known_extensions", "false" },
		{ "autoload_known_extensions", "false" },
		{ "enable_external_access", "false" },
	};
	int rc;

	if (check_conn)
		return 0;
	rc = floe_runtime__duckdb_open(&check_db, NULL, NULL, cfg, FLOE_ARRAY_SIZE(cfg));
	if (rc == 0 && (rc = floe_runtime__duckdb_connect(&check_conn, NULL,
						 check_db)) < 0) {
		floe_runtime__duckdb_close(check_db);
		check_db = NULL;
	}
	return rc;
}

/*
 * Where the parser stopped, in code points from the start of the text, or
 * -1.  The error text of extract_statements has only "LINE n:" and a caret
 * drawn in display cells; json_serialize_sql (the json extension is built
 * into libduckdb) reports the parser's own offset.
 */
static long parse_position(const char *text)
{
	floe_duckdb_stmt *st = NULL;
	floe_duckdb_result *res = NULL;
	floe_buf v = FLOE_BUF_INIT;
	long pos = -1;

	if (floe_runtime__duckdb_prepare(&st, NULL, check_conn,
				"SELECT json_serialize_sql(?::VARCHAR)") < 0)
		goto out;
	if (floe_runtime__duckdb_bind_varchar(st, 1, text, strlen(text)) < 0 ||
	    floe_runtime__duckdb_execute(&res, NULL, st) < 0)
		goto out;
	if (floe_runtime__duckdb_result_value(&v, res, 0, 0)) {
		const char *p = strstr(v.ptr, "\"position\":\"");
		if (p && strstr(v.ptr, "\"error_type\":\"parser\""))
			pos = strtol(p + 12, NULL, 10);
	}
out:
	floe_buf_release(&v);
	floe_runtime__duckdb_result_free(res);
	floe_runtime__duckdb_stmt_free(st);
	return pos;
}

/* Skip blanks and comments from i. */
size_t floe_runtime__sql_skip_blank(const char *s, size_t len, size_t i)
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
		if (t < len && s[t] >= '0' && s[t] <= '9')
			return t;                       /* $1, a parameter */
		while (t < len && is_word(s[t]))
			t++;
		if (t >= len || s[t] != '$')
			return i + 1;
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
			i++;                            /* '' or "" */
		else
			return i + 1;
	}
	return len;
}

/* Byte offset just after the statement starting at i (at its ';'). */
size_t floe_runtime__sql_statement_end(const char *s, size_t len, size_t i)
{
	while (i < len && s[i] != ';') {
		size_t j = floe_runtime__sql_skip_blank(s, len, i);
		if (j != i) {
			i = j;
		} else if (s[i] == '\'' || s[i] == '"' || s[i] == '$') {
			i = skip_quoted(s, len, i);
		} else {
			i++;
		}
	}
	return i;
}

/*
 * For an error without a position (the transformer's, after parsing
 * succeeded): the byte offset of the first statement that fails alone.
 */
static long failing_statement(const char *text, size_t len)
{
	size_t i = floe_runtime__sql_skip_blank(text, len, 0);
	while (i < len) {
		size_t e = floe_runtime__sql_statement_end(text, len, i);
		char *one = floe_xstrndup(text + i, e - i);
		floe_duckdb_stmts *sts = NULL;
		int rc = floe_runtime__duckdb_extract(&sts, NULL, check_conn, one);
		floe_runtime__duckdb_stmts_free(sts);
		free(one);
		if (rc < 0)
			return (long)i;
		i = floe_runtime__sql_skip_blank(text, len, e + 1);
	}
	return -1;
}

/* The line of "LINE n:" in a DuckDB message, or 0. */
static uint32_t message_line(const char *msg)
{
	const char *p = strstr(msg, "\nLINE ");
	if (!p)
		return 0;
	long n = strtol(p + 6, NULL, 10);
	return n > 0 && n < (long)UINT32_MAX ? (uint32_t)n : 0;
}

/* The length of DuckDB's message without the "LINE n:" context after it. */
static size_t message_body(const char *msg)
{
	const char *ctx = strstr(msg, "\n\nLINE ");
	return ctx ? (size_t)(ctx - msg) : strlen(msg);
}

/*
 * One line of a DuckDB message, without its "Parser Error: " kind and
 * lower-cased at the start like floe's own messages.  A quoted token that
 * runs over lines (an unterminated string) is cut at its first line.
 */
static void clean_message(floe_buf *out, const char *msg)
{
	size_t body = message_body(msg), n = strcspn(msg, "\n");
	const char *colon = strstr(msg, " Error: ");

	if (n > body)
		n = body;
	if (colon && (size_t)(colon - msg) < n) {
		n -= (size_t)(colon + 8 - msg);
		body -= (size_t)(colon + 8 - msg);
		msg = colon + 8;
	}
	floe_buf_put(out, msg, n);
	if (n < body && memchr(out->ptr, '"', n))
		floe_buf_puts(out, "...\"");
	if (out->len > 1 && out->ptr[0] >= 'A' && out->ptr[0] <= 'Z' &&
	    !(out->ptr[1] >= 'A' && out->ptr[1] <= 'Z'))
		out->ptr[0] = (char)(out->ptr[0] - 'A' + 'a');
}

/* How many bytes at `at` the token named by `at or near "X"` covers. */
static size_t token_width(const char *msg, const char *at, size_t left)
{
	size_t body = message_body(msg), n = 0;
	const char *p = strstr(msg, "at or near \"");

	if (p && (size_t)(p - msg) + 12 < body) {
		p += 12;
		n = body - (size_t)(p - msg);
		while (n && p[n - 1] != '"')
			n--;
		n = n ? n - 1 : 0;
		if (n > left || memcmp(at, p, n) != 0)
			n = 0;
	}
	if (!n && left)
		n = floe_utf8_offset(at, left, 1);
	size_t eol = strcspn(at, "\n");
	return n < eol ? n : eol;
}

/* The span at byte offset `off` of text, `width` bytes wide. */
static void span_at(floe_span *sp, const char *text, size_t off,
		    size_t width)
{
	size_t start = 0;
	uint32_t line = 1;
	for (size_t i = 0; i < off; i++)
		if (text[i] == '\n') {
			line++;
			start = i + 1;
		}
	sp->line = sp->end_line = line;
	sp->col = (uint32_t)floe_utf8_count(text + start, off - start) + 1;
	sp->end_col = sp->col + (uint32_t)floe_utf8_count(text + off, width);
	if (sp->end_col == sp->col)
		sp->end_col++;
}

/* Turn DuckDB's message about `text` into one sql/parse diagnostic. */
static void report(floe_diags *d, const floe_source *src, const char *text,
		   size_t len, const char *msg)
{
	floe_span sp = { src, 0, 0, 0, 0 };
	floe_buf m = FLOE_BUF_INIT;
	long cp = parse_position(text);
	long off = cp >= 0 ? (long)floe_utf8_offset(text, len, (size_t)cp)
			   : failing_statement(text, len);

	if (off >= 0) {
		size_t o = (size_t)off;
		while (o == len && o > 0 && strchr(" \t\r\n", text[o - 1]))
			len = --o;     /* "at end of input": after the last token */
		span_at(&sp, text, o, token_width(msg, text + o, len - o));
	} else if ((sp.line = message_line(msg)) != 0) {
		sp.end_line = sp.line;
		sp.col = 1;
		sp.end_col = 2;
	}
	clean_message(&m, msg);
	floe_diag_add(d, FLOE_SEV_ERROR, "sql/parse", &sp, NULL, "%s",
		      floe_buf_cstr(&m));
	floe_buf_release(&m);
}

int floe_runtime__sql_check(floe_diags *d, const floe_source *src, const char *sql,
		   size_t len)
{
	const char *nul = memchr(sql, '\0', len);
	floe_duckdb_stmts *sts = NULL;
	floe_buf err = FLOE_BUF_INIT;
	int rc;

	if (nul) {
		floe_span sp = { src, 0, 0, 0, 0 };
		span_at(&sp, sql, (size_t)(nul - sql), 1);
		floe_diag_add(d, FLOE_SEV_ERROR, "sql/parse", &sp, NULL,
			      "sql contains a NUL byte");
		return FLOE_EINVALID;
	}
	char *text = floe_xstrndup(sql, len);
	pthread_mutex_lock(&check_lock);
	rc = check_connection();
	if (rc == 0 && floe_runtime__duckdb_extract(&sts, &err, check_conn, text) < 0) {
		report(d, src, text, len, floe_buf_cstr(&err));
		rc = FLOE_EINVALID;
	}
	pthread_mutex_unlock(&check_lock);
	floe_runtime__duckdb_stmts_free(sts);
	floe_buf_release(&err);
	free(text);
	return rc;
}
