/*
 * test_duckdb.c: the dlopen loader, the wrapper API and the SQL parse check,
 * against the libduckdb that `make deps` fetched (1.5.6).  The fact tests
 * pin what docs/duckdb.md reports: if an upgrade changes one, that page and
 * the emitters that rely on it must change too.  Nothing here needs the
 * network: autoinstall is off, and extensions that are not built in fail.
 */
#include <dirent.h>
#include <pthread.h>
#include <stdlib.h>
#include <string.h>
#include <sys/wait.h>
#include <unistd.h>
#include "unit.h"
#include "runtime/duckdb.h"
#include "util/util.h"

static floe_duckdb_db *db;
static floe_duckdb_conn *conn;
static char tmpdir[] = "/tmp/floe-test-duckdb-XXXXXX";
static floe_buf err = FLOE_BUF_INIT;

static bool contains(const char *s, const char *sub)
{
	return s && strstr(s, sub) != NULL;
}

/* Run sql on the shared connection; the message lands in `err`. */
static int run(const char *sql)
{
	floe_buf_clear(&err);
	return floe_runtime__duckdb_query(NULL, &err, conn, sql);
}

/* The first cell of sql's result, in `out` ("<null>" for NULL). */
static const char *cell(floe_buf *out, const char *sql)
{
	floe_duckdb_result *res = NULL;
	floe_buf_clear(out);
	if (floe_runtime__duckdb_query(&res, &err, conn, sql) < 0)
		return "<error>";
	if (!floe_runtime__duckdb_result_value(out, res, 0, 0))
		floe_buf_puts(out, "<null>");
	floe_runtime__duckdb_result_free(res);
	return out->ptr;
}

/* Prepare sql, bind one varchar, run it. */
static int run_bound(const char *sql, const char *val)
{
	floe_duckdb_stmt *st = NULL;
	int rc;
	floe_buf_clear(&err);
	if ((rc = floe_runtime__duckdb_prepare(&st, &err, conn, sql)) < 0)
		return rc;
	rc = floe_runtime__duckdb_bind_varchar(st, 1, val, strlen(val));
	if (rc == 0)
		rc = floe_runtime__duckdb_execute(NULL, &err, st);
	floe_runtime__duckdb_stmt_free(st);
	return rc;
}

/* Parse only (extract_statements); the message lands in `err`. */
static int parse(const char *sql, size_t *n)
{
	floe_duckdb_stmts *sts = NULL;
	floe_buf_clear(&err);
	int rc = floe_runtime__duckdb_extract(&sts, &err, conn, sql);
	if (sts && n)
		*n = floe_runtime__duckdb_stmts_count(sts);
	floe_runtime__duckdb_stmts_free(sts);
	return rc;
}

/* Parse, then prepare (bind) statement 0 without running it. */
static int bind_only(const char *sql)
{
	floe_duckdb_stmts *sts = NULL;
	floe_duckdb_stmt *st = NULL;
	floe_buf_clear(&err);
	int rc = floe_runtime__duckdb_extract(&sts, &err, conn, sql);
	if (rc == 0)
		rc = floe_runtime__duckdb_stmts_prepare(&st, &err, sts, 0);
	floe_runtime__duckdb_stmt_free(st);
	floe_runtime__duckdb_stmts_free(sts);
	return rc;
}

/* ---- loading ---- */

/* In a child, before the parent loads: a file that is not a library. */
static void test_duckdb__load_failure_names_the_path(void)
{
	pid_t pid = fork();
	if (pid == 0) {
		setenv("FLOE_LIBDUCKDB", "/etc/passwd", 1);
		int rc = floe_runtime__duckdb_load();
		const char *m = floe_error_last();
		bool good = rc == FLOE_EDUCKDB && contains(m, "'/etc/passwd'") &&
			    contains(m, "cannot load libduckdb") &&
			    floe_runtime__duckdb_load() == FLOE_EDUCKDB;
		floe_duckdb_db *x = NULL;
		good = good && floe_runtime__duckdb_open(&x, &err, NULL, NULL, 0) ==
			       FLOE_EDUCKDB && !x &&
		       contains(err.ptr, "'/etc/passwd'");
		_exit(good ? 0 : 1);
	}
	int status = -1;
	waitpid(pid, &status, 0);
	CHECK(WIFEXITED(status) && WEXITSTATUS(status) == 0);
}

static void test_duckdb__missing_env_path_falls_through(void)
{
	pid_t pid = fork();
	if (pid == 0) {
		setenv("FLOE_LIBDUCKDB", "/nonexistent/libduckdb.so", 1);
		_exit(floe_runtime__duckdb_load() == 0 ? 0 : 1);
	}
	int status = -1;
	waitpid(pid, &status, 0);
	CHECK(WIFEXITED(status) && WEXITSTATUS(status) == 0);
}

static void test_duckdb__load(void)
{
	CHECK(floe_runtime__duckdb_path() == NULL);
	CHECK_INT(floe_runtime__duckdb_load(), 0);
	CHECK_INT(floe_runtime__duckdb_load(), 0);
	CHECK(floe_str_endswith(floe_runtime__duckdb_path(), "libduckdb.so"));
	CHECK_STR(floe_duckdb_version(), "v1.5.6");
}

/* ---- the wrapper ---- */

static void test_duckdb__open_config(void)
{
	floe_duckdb_db *x = NULL;
	floe_duckdb_kv bogus[] = { { "bogus_key", "1" } };
	floe_duckdb_kv badval[] = { { "threads", "abc" } };
	floe_duckdb_kv good[] = { { "allow_unsigned_extensions", "true" },
				  { "threads", "2" } };

	CHECK_INT(floe_runtime__duckdb_open(&x, &err, NULL, bogus, 1), FLOE_EDUCKDB);
	CHECK(x == NULL);
	CHECK(contains(err.ptr, "The following options were not recognized: bogus_key"));
	CHECK_INT(floe_runtime__duckdb_open(&x, &err, NULL, badval, 1), FLOE_EDUCKDB);
	CHECK(contains(err.ptr, "'threads'"));
	CHECK_INT(floe_runtime__duckdb_open(&x, &err, ":memory:", good, 2), 0);
	floe_runtime__duckdb_close(x);
	floe_runtime__duckdb_close(NULL);
}

static void test_duckdb__query_and_results(void)
{
	floe_duckdb_result *res = NULL;
	floe_buf v = FLOE_BUF_INIT;

	CHECK_INT(floe_runtime__duckdb_query(&res, &err, conn,
		"SELECT 1 AS a, 'x' AS b, NULL AS c, [1, 2] AS d "
		"UNION ALL SELECT 2, 'y', 3, []"), 0);
	CHECK_INT(floe_runtime__duckdb_result_rows(res), 2);
	CHECK_INT(floe_runtime__duckdb_result_cols(res), 4);
	CHECK_STR(floe_runtime__duckdb_result_name(res, 1), "b");
	CHECK(floe_runtime__duckdb_result_value(&v, res, 0, 1));
	CHECK_STR(v.ptr, "2");
	CHECK(!floe_runtime__duckdb_result_value(&v, res, 2, 0));  /* NULL */
	CHECK(!floe_runtime__duckdb_result_value(&v, res, 3, 0));  /* a LIST */
	CHECK(!floe_runtime__duckdb_result_value(&v, res, 9, 0));
	floe_runtime__duckdb_result_free(res);

	CHECK_INT(run("SELECT * FROM nope"), FLOE_EDUCKDB);
	CHECK(contains(err.ptr, "Catalog Error: Table with name nope does not exist!"));
	CHECK(contains(floe_error_last(), "Catalog Error"));
	CHECK(!contains(floe_error_last(), "\n"));
	floe_buf_release(&v);
}

static void test_duckdb__prepared(void)
{
	floe_duckdb_stmt *st = NULL;
	floe_duckdb_result *res = NULL;
	floe_buf v = FLOE_BUF_INIT;

	CHECK_INT(floe_runtime__duckdb_prepare(&st, &err, conn,
				      "SELECT ? || '-' || ?::VARCHAR, ? IS NULL"), 0);
	CHECK_INT(floe_runtime__duckdb_stmt_nparams(st), 3);
	CHECK_INT(floe_runtime__duckdb_bind_varchar(st, 1, "ab\0c", 2), 0);
	CHECK_INT(floe_runtime__duckdb_bind_int64(st, 2, -42), 0);
	CHECK_INT(floe_runtime__duckdb_bind_null(st, 3), 0);
	CHECK_INT(floe_runtime__duckdb_bind_null(st, 4), FLOE_EDUCKDB);
	CHECK_INT(floe_runtime__duckdb_execute(&res, &err, st), 0);
	CHECK(floe_runtime__duckdb_result_value(&v, res, 0, 0));
	CHECK_STR(v.ptr, "ab--42");
	CHECK(floe_runtime__duckdb_result_value(&v, res, 1, 0));
	CHECK_STR(v.ptr, "true");
	floe_runtime__duckdb_result_free(res);
	floe_runtime__duckdb_stmt_free(st);

	CHECK_INT(floe_runtime__duckdb_prepare(&st, &err, conn, "SELEC 1"), FLOE_EDUCKDB);
	CHECK(st == NULL);
	CHECK(contains(err.ptr, "Parser Error: syntax error at or near \"SELEC\""));
	floe_buf_release(&v);
}

static void test_duckdb__extract(void)
{
	size_t n = 99;
	floe_duckdb_stmts *sts = NULL;
	floe_duckdb_stmt *st = NULL;

	CHECK_INT(parse("SET threads = 1; -- x\nSELECT 1;;", &n), 0);
	CHECK_INT(n, 2);
	CHECK_INT(parse("", &n), 0);
	CHECK_INT(n, 0);
	CHECK_INT(parse(" ; ; -- only comments", &n), 0);
	CHECK_INT(n, 0);
	CHECK_INT(floe_runtime__duckdb_extract(&sts, &err, conn, "SELECT 7; SELECT nope"), 0);
	CHECK_INT(floe_runtime__duckdb_stmts_prepare(&st, &err, sts, 0), 0);
	floe_runtime__duckdb_stmt_free(st);
	CHECK_INT(floe_runtime__duckdb_stmts_prepare(&st, &err, sts, 1), FLOE_EDUCKDB);
	CHECK(contains(err.ptr, "Binder Error: Referenced column \"nope\" was not found"));
	CHECK_INT(floe_runtime__duckdb_stmts_prepare(&st, &err, sts, 2), FLOE_EDUCKDB);
	floe_runtime__duckdb_stmts_free(sts);
}

struct slow { floe_duckdb_conn *c; int rc; floe_buf err; };

static void *slow_query(void *arg)
{
	struct slow *s = arg;
	s->rc = floe_runtime__duckdb_query(NULL, &s->err, s->c,
		"SELECT count(*) FROM range(1000000000000) a, range(10) b "
		"WHERE a.range % 7 = b.range");
	return NULL;
}

static void test_duckdb__interrupt(void)
{
	struct slow s = { NULL, 0, FLOE_BUF_INIT };
	pthread_t t;

	CHECK_INT(floe_runtime__duckdb_connect(&s.c, &err, db), 0);
	pthread_create(&t, NULL, slow_query, &s);
	usleep(200 * 1000);
	floe_runtime__duckdb_interrupt(s.c);
	pthread_join(t, NULL);
	CHECK_INT(s.rc, FLOE_EDUCKDB);
	CHECK(contains(s.err.ptr, "INTERRUPT Error: Interrupted!"));
	floe_runtime__duckdb_disconnect(s.c);
	floe_buf_release(&s.err);
}

static void test_duckdb__missing_extension_messages(void)
{
	floe_buf name = FLOE_BUF_INIT;
	CHECK(floe_runtime__duckdb_missing_extension(&name,
		"IO Error: Extension \"/root/.duckdb/extensions/v1.4.4/linux_amd64/"
		"iceberg.duckdb_extension\" not found.\nExtension \"ICEBERG\" is an "
		"existing extension.\n\nInstall it first using \"INSTALL ICEBERG\"."));
	CHECK_STR(name.ptr, "iceberg");
	CHECK(floe_runtime__duckdb_missing_extension(&name,
		"IO Error: Extension \"/x/my_ext.duckdb_extension\" not found."));
	CHECK_STR(name.ptr, "my_ext");
	CHECK(floe_runtime__duckdb_missing_extension(&name,
		"Invalid Input Error: Secret type 's3' does not exist, but it "
		"exists in the httpfs extension."));
	CHECK_STR(name.ptr, "httpfs");
	CHECK(floe_runtime__duckdb_missing_extension(&name,
		"Extension Autoloading Error: An error occurred while trying to "
		"automatically install the required extension 'aws':"));
	CHECK_STR(name.ptr, "aws");
	CHECK(!floe_runtime__duckdb_missing_extension(&name, "Catalog Error: Table x"));
	CHECK(!floe_runtime__duckdb_missing_extension(&name, NULL));
	floe_buf_release(&name);
}

/* ---- facts about DuckDB 1.5.6 that attach.sql and the launcher rely on ---- */

static void test_duckdb__fact_set_variable_from_parameter(void)
{
	floe_buf v = FLOE_BUF_INIT;
	CHECK_INT(run_bound("SET VARIABLE floe_tok = ?", "s3cr3t"), 0);
	CHECK_STR(cell(&v, "SELECT getvariable('floe_tok')"), "s3cr3t");
	CHECK_STR(cell(&v, "SELECT typeof(getvariable('floe_tok'))"), "VARCHAR");
	/* visible to any SQL of the session until reset */
	CHECK_STR(cell(&v, "SELECT value FROM duckdb_variables() "
			   "WHERE name = 'floe_tok'"), "s3cr3t");
	CHECK_INT(run_bound("SET VARIABLE floe_tok TO ?", "b2"), 0);
	CHECK_STR(cell(&v, "SELECT getvariable('floe_tok')"), "b2");
	CHECK_INT(run("RESET VARIABLE floe_tok"), 0);
	CHECK_STR(cell(&v, "SELECT getvariable('floe_tok')"), "<null>");
	CHECK_STR(cell(&v, "SELECT count(*) FROM duckdb_variables()"), "0");
	floe_buf_release(&v);
}

static void test_duckdb__fact_secret_values_are_expressions(void)
{
	floe_buf v = FLOE_BUF_INIT;
	CHECK_INT(run_bound("SET VARIABLE floe_tok = ?", "tok-123"), 0);
	CHECK_INT(run("CREATE TEMPORARY SECRET floe_h (TYPE http, "
		      "BEARER_TOKEN getvariable('floe_tok'), "
		      "HTTP_PROXY_PASSWORD getvariable('floe_tok'), "
		      "SCOPE 'https://floe.invalid/')"), 0);
	CHECK_INT(run("RESET VARIABLE floe_tok"), 0);
	/* the value was taken at CREATE time ... */
	cell(&v, "SELECT secret_string FROM duckdb_secrets() WHERE name = 'floe_h'");
	/* ... and redacted: 1.4.4 showed bearer_token, 1.5.6 does not */
	CHECK(contains(v.ptr, "bearer_token=redacted"));
	CHECK(!contains(v.ptr, "tok-123"));
	CHECK(contains(v.ptr, "http_proxy_password=redacted"));
	CHECK_INT(run("SELECT * FROM duckdb_secrets(redact = false)"), FLOE_EDUCKDB);
	CHECK(contains(err.ptr, "Displaying unredacted secrets is disabled"));
	/* a parameter works in place of getvariable, too */
	CHECK_INT(run_bound("CREATE SECRET floe_p (TYPE http, BEARER_TOKEN ?)", "p"), 0);
	/* an unset variable silently gives a NULL value (shown redacted) */
	CHECK_INT(run("CREATE SECRET floe_n (TYPE http, "
		      "BEARER_TOKEN getvariable('floe_unset'))"), 0);
	/* core's http type takes VERIFY_SSL from 1.5 (1.4.4: Binder Error) */
	CHECK_INT(run("CREATE SECRET floe_v (TYPE http, VERIFY_SSL false)"), 0);
	cell(&v, "SELECT secret_string FROM duckdb_secrets() WHERE name = 'floe_v'");
	CHECK(contains(v.ptr, "verify_ssl=false"));
	CHECK_INT(run("CREATE SECRET floe_u (TYPE http, NO_SUCH_KEY 1)"), FLOE_EDUCKDB);
	CHECK(contains(err.ptr, "Binder Error: Unknown parameter 'no_such_key' for "
			       "secret type 'http' with default provider 'config'"));
	CHECK_INT(run("CREATE SECRET floe_d (TYPE http, BEARER_TOKEN 'a', "
		      "BEARER_TOKEN 'b')"), FLOE_EDUCKDB);
	CHECK(contains(err.ptr, "Duplicate query param found while parsing "
			       "create secret: 'bearer_token'"));
	CHECK_INT(run("DROP SECRET floe_h; DROP SECRET floe_p; DROP SECRET floe_n; "
		      "DROP SECRET floe_v"), 0);
	floe_buf_release(&v);
}

static void test_duckdb__fact_s3_secret_parses_but_needs_httpfs(void)
{
	floe_buf name = FLOE_BUF_INIT;
	const char *sql = "CREATE SECRET floe_s3 (TYPE s3, KEY_ID getvariable('a'), "
			  "SECRET getvariable('b'), REGION 'us-east-1')";
	CHECK_INT(parse(sql, NULL), 0);
	CHECK_INT(bind_only(sql), FLOE_EDUCKDB);
	CHECK(contains(err.ptr, "Invalid Input Error: Secret type 's3' does not "
			       "exist, but it exists in the httpfs extension."));
	CHECK(floe_runtime__duckdb_missing_extension(&name, err.ptr));
	CHECK_STR(name.ptr, "httpfs");
	floe_buf_release(&name);
}

static void test_duckdb__fact_attach_options_are_expressions(void)
{
	floe_buf name = FLOE_BUF_INIT;
	const char *sql = "ATTACH 'wh' AS floe_ice (TYPE ICEBERG, "
			  "ENDPOINT getvariable('floe_e'), SECRET s)";
	CHECK_INT(parse(sql, NULL), 0);
	/* options are evaluated at bind time: an unset variable is NULL */
	CHECK_INT(bind_only(sql), FLOE_EDUCKDB);
	CHECK(contains(err.ptr, "Binder Error: NULL is not supported as a valid "
			       "option for ATTACH option \"endpoint\""));
	CHECK_INT(run("SET VARIABLE floe_e = 'http://polaris:8181/api/catalog'"), 0);
	CHECK_INT(run(sql), FLOE_EDUCKDB);
	CHECK(contains(err.ptr, "iceberg.duckdb_extension\" not found"));
	CHECK(floe_runtime__duckdb_missing_extension(&name, err.ptr));
	CHECK_STR(name.ptr, "iceberg");
	CHECK_INT(run("RESET VARIABLE floe_e"), 0);
	floe_buf_release(&name);
}

static void test_duckdb__fact_attach_path_is_a_literal(void)
{
	CHECK_INT(parse("ATTACH getvariable('p') AS y", NULL), FLOE_EDUCKDB);
	CHECK(contains(err.ptr, "Parser Error: syntax error at or near \"getvariable\""));
	CHECK_INT(parse("ATTACH (getvariable('p')) AS y", NULL), FLOE_EDUCKDB);
	CHECK_INT(parse("ATTACH 'ducklake:' || 'x' AS y", NULL), FLOE_EDUCKDB);
	CHECK_INT(parse("ATTACH ? AS y", NULL), FLOE_EDUCKDB);
}

static void test_duckdb__fact_duckdb_file_catalog(void)
{
	floe_buf sql = FLOE_BUF_INIT, v = FLOE_BUF_INIT, path = FLOE_BUF_INIT;
	floe_buf_printf(&path, "%s/lake.duckdb", tmpdir);
	floe_buf_printf(&sql, "ATTACH '%s' AS \"default\"", path.ptr);
	CHECK_INT(run(sql.ptr), 0);
	CHECK(floe_fs_exists(path.ptr));
	CHECK_INT(run("USE \"default\""), 0);
	CHECK_INT(run("CREATE SCHEMA IF NOT EXISTS staging"), 0);
	CHECK_INT(run("CREATE TABLE staging.t AS SELECT 1 AS a"), 0);
	CHECK_STR(cell(&v, "SELECT current_database()"), "default");
	CHECK_STR(cell(&v, "SELECT count(*) FROM \"default\".staging.t"), "1");
	CHECK_INT(run("USE memory"), 0);
	CHECK_INT(run("DETACH \"default\""), 0);
	/* unquoted, default is a keyword */
	CHECK_INT(parse("ATTACH 'x.duckdb' AS default", NULL), FLOE_EDUCKDB);
	floe_buf_release(&sql);
	floe_buf_release(&v);
	floe_buf_release(&path);
}

static void test_duckdb__fact_settings(void)
{
	floe_buf v = FLOE_BUF_INIT, sql = FLOE_BUF_INIT;
	CHECK_INT(run("SET memory_limit = '4GB'"), 0);
	CHECK_STR(cell(&v, "SELECT current_setting('memory_limit')"), "3.7 GiB");
	CHECK_INT(run("SET memory_limit TO '512MiB'"), 0);
	CHECK_STR(cell(&v, "SELECT current_setting('memory_limit')"), "512.0 MiB");
	/* a bad unit fails when run, not when parsed */
	CHECK_INT(parse("SET memory_limit = '80%'", NULL), 0);
	CHECK_INT(run("SET memory_limit = '80%'"), FLOE_EDUCKDB);
	CHECK(contains(err.ptr, "Unknown unit for memory: '%'"));
	CHECK_INT(run("SET threads = 4"), 0);
	CHECK_INT(run("SET threads TO '2'"), 0);
	CHECK_INT(run("PRAGMA threads=3"), 0);
	CHECK_STR(cell(&v, "SELECT current_setting('threads')"), "3");
	/* a setting's value may be an expression, so a bound variable */
	CHECK_INT(run_bound("SET VARIABLE floe_t = ?", "2"), 0);
	CHECK_INT(run("SET threads = getvariable('floe_t')"), 0);
	CHECK_STR(cell(&v, "SELECT current_setting('threads')"), "2");
	CHECK_INT(run("RESET VARIABLE floe_t"), 0);
	floe_buf_printf(&sql, "SET temp_directory = '%s/spill'", tmpdir);
	CHECK_INT(run(sql.ptr), 0);
	CHECK(floe_str_endswith(cell(&v, "SELECT current_setting('temp_directory')"),
				"/spill"));
	CHECK_INT(run("SET allow_unsigned_extensions = true"), FLOE_EDUCKDB);
	CHECK(contains(err.ptr, "Cannot change allow_unsigned_extensions setting "
			       "while database is running"));
	floe_buf_release(&v);
	floe_buf_release(&sql);
}

static void test_duckdb__fact_load_missing_extension(void)
{
	floe_buf name = FLOE_BUF_INIT;
	CHECK_INT(run("LOAD iceberg"), FLOE_EDUCKDB);
	CHECK(floe_str_startswith(err.ptr, "IO Error: Extension \""));
	CHECK(contains(err.ptr, "/v1.5.6/linux_amd64/iceberg.duckdb_extension\" "
			       "not found.\nExtension \"iceberg\" is an existing "
			       "extension.\n\nInstall it first using \"INSTALL iceberg\"."));
	CHECK(floe_runtime__duckdb_missing_extension(&name, err.ptr));
	CHECK_STR(name.ptr, "iceberg");
	CHECK_INT(run("LOAD parquet; LOAD json; LOAD icu"), 0);
	floe_buf_release(&name);
}

/* ---- the parse check ---- */

static floe_diags *check(const char *sql, int want_rc)
{
	floe_diags *d = floe_diags_new(0);
	floe_source *src = floe_source_new("attach.sql", floe_xstrdup(sql),
					   strlen(sql));
	CHECK_INT(floe_runtime__sql_check(d, src, sql, strlen(sql)), want_rc);
	floe_source_unref(src);
	return d;
}

static void expect_diag(const char *sql, uint32_t line, uint32_t col,
			uint32_t end_col, const char *msg)
{
	floe_diags *d = check(sql, FLOE_EINVALID);
	CHECK_INT(floe_diags_count(d), 1);
	const floe_diag *g = floe_diags_count(d) ? floe_diags_at(d, 0) : NULL;
	if (g) {
		CHECK_STR(g->code, "sql/parse");
		CHECK_INT(g->span.line, line);
		CHECK_INT(g->span.col, col);
		CHECK_INT(g->span.end_col, end_col);
		CHECK_STR(g->msg, msg);
		CHECK_STR(floe_source_path(g->span.src), "attach.sql");
	}
	floe_diags_free(d);
}

static void test_duckdb__sql_check_accepts(void)
{
	floe_diags *d = check("SET threads = 4;\n"
		"CREATE SECRET s (TYPE http, BEARER_TOKEN getvariable('t'));\n"
		"ATTACH 'wh' AS lake (TYPE ICEBERG, ENDPOINT getvariable('e'), SECRET s);\n"
		"CREATE SECRET s3 (TYPE s3, KEY_ID getvariable('k'));\n"
		"SELECT $$;$$, ';', \"a;b\", $1; -- ;\n", 0);
	CHECK_INT(floe_diags_count(d), 0);
	floe_diags_free(d);
	d = check("", 0);
	CHECK_INT(floe_diags_count(d), 0);
	floe_diags_free(d);
}

static void test_duckdb__sql_check_positions(void)
{
	expect_diag("SET threads = 4;\n-- c\nATTACH 'x' AS y (TYPE ICEBERG,\n"
		    "   ENDPOINT 'e' SECRET s);\n", 4, 17, 23,
		    "syntax error at or near \"SECRET\"");
	/* columns count code points, tabs count one */
	expect_diag("SELECT 'ééé😀', 1 FROM FROM", 1, 23, 27,
		    "syntax error at or near \"FROM\"");
	expect_diag("SELECT 1;\nSELECT\t1\tFROM\tFROM", 2, 15, 19,
		    "syntax error at or near \"FROM\"");
	expect_diag("SELECT 1;\nSELECT (1 +\n\n", 2, 12, 13,
		    "syntax error at end of input");
	expect_diag("SELECT 1;\nSELECT 'open\n;", 2, 8, 13,
		    "unterminated quoted string at or near \"'open...\"");
	expect_diag("ATTACH getvariable('p') AS y;", 1, 8, 19,
		    "syntax error at or near \"getvariable\"");
}

static void test_duckdb__sql_check_unpositioned_errors(void)
{
	/* the transformer's errors carry no position: the statement is found */
	expect_diag("SELECT 1;\n-- c\n  CREATE SECRET x (TYPE http, "
		    "BEARER_TOKEN 'a', BEARER_TOKEN 'b');\nSELECT ';';", 3, 3, 4,
		    "duplicate query param found while parsing create secret: "
		    "'bearer_token'");
	floe_diags *d = floe_diags_new(0);
	CHECK_INT(floe_runtime__sql_check(d, NULL, "SELECT 1;\0x", 11), FLOE_EINVALID);
	CHECK_STR(floe_diags_at(d, 0)->msg, "sql contains a NUL byte");
	CHECK_INT(floe_diags_at(d, 0)->span.col, 10);
	floe_diags_free(d);
}

/* ---- setup ---- */

static void remove_tmpdir(void)
{
	DIR *dir = opendir(tmpdir);
	struct dirent *e;
	floe_buf p = FLOE_BUF_INIT;
	while (dir && (e = readdir(dir))) {
		if (e->d_name[0] == '.')
			continue;
		floe_buf_clear(&p);
		floe_buf_printf(&p, "%s/%s", tmpdir, e->d_name);
		if (unlink(p.ptr) != 0)
			rmdir(p.ptr);
	}
	if (dir)
		closedir(dir);
	rmdir(tmpdir);
	floe_buf_release(&p);
}

int main(void)
{
	RUN(test_duckdb__load_failure_names_the_path);
	RUN(test_duckdb__missing_env_path_falls_through);
	RUN(test_duckdb__load);
	if (floe_runtime__duckdb_load() < 0) {
		fprintf(stderr, "%s\n", floe_error_last());
		return 1;
	}
	if (!mkdtemp(tmpdir))
		return 1;
	floe_buf ext = FLOE_BUF_INIT;
	floe_buf_printf(&ext, "%s/ext", tmpdir);
	floe_duckdb_kv cfg[] = {
		{ "autoinstall_known_extensions", "false" },
		{ "autoload_known_extensions", "false" },
		{ "extension_directory", ext.ptr },
		{ "threads", "2" },
	};
	if (floe_runtime__duckdb_open(&db, &err, NULL, cfg, FLOE_ARRAY_SIZE(cfg)) < 0 ||
	    floe_runtime__duckdb_connect(&conn, &err, db) < 0) {
		fprintf(stderr, "%s\n", floe_buf_cstr(&err));
		return 1;
	}
	/* the extension directory in messages is the one configured */
	RUN(test_duckdb__open_config);
	RUN(test_duckdb__query_and_results);
	RUN(test_duckdb__prepared);
	RUN(test_duckdb__extract);
	RUN(test_duckdb__interrupt);
	RUN(test_duckdb__missing_extension_messages);
	RUN(test_duckdb__fact_set_variable_from_parameter);
	RUN(test_duckdb__fact_secret_values_are_expressions);
	RUN(test_duckdb__fact_s3_secret_parses_but_needs_httpfs);
	RUN(test_duckdb__fact_attach_options_are_expressions);
	RUN(test_duckdb__fact_attach_path_is_a_literal);
	RUN(test_duckdb__fact_duckdb_file_catalog);
	RUN(test_duckdb__fact_settings);
	RUN(test_duckdb__fact_load_missing_extension);
	RUN(test_duckdb__sql_check_accepts);
	RUN(test_duckdb__sql_check_positions);
	RUN(test_duckdb__sql_check_unpositioned_errors);
	floe_runtime__duckdb_disconnect(conn);
	floe_runtime__duckdb_close(db);
	remove_tmpdir();
	floe_buf_release(&ext);
	floe_buf_release(&err);
	return unit_done("duckdb");
}
