/*
 * test_session.c: the DuckDB session of `floe run`, on the real libduckdb:
 * settings (SET and startup-only), secret variables read by attach.sql and
 * gone afterwards, an ATTACH of a local DuckDB file, the failing statement
 * named by its line, an extension that cannot be loaded named, secret
 * values kept out of every message, and the warning for a library of
 * another DuckDB version than the environment's.
 */
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <unistd.h>
#include "floe/launch.h"
#include "runtime/duckdb.h"
#include "util/util.h"
#include "unit.h"

#define CANARY "canary-51c2-s3cr3t"

static char tmpdir[] = "/tmp/floe-test-session-XXXXXX";

static const char *fake_getenv(const char *name)
{
	return strcmp(name, "DB_TOKEN") == 0 ? CANARY : NULL;
}

static floe_secret_set *token(void)
{
	floe_secret_set *set = NULL;
	floe_secret_ref ref = { "db-token", NULL, NULL };
	floe_secret_opts o = { tmpdir, NULL, fake_getenv, NULL };
	CHECK_INT(floe_secret_set_resolve(&set, NULL, &ref, 1, &o), 0);
	return set;
}

/* The first value of a query on the session's connection ("" for NULL). */
static char *value(floe_session *s, const char *sql)
{
	floe_duckdb_result *r = NULL;
	floe_buf v = FLOE_BUF_INIT;
	if (floe_runtime__duckdb_query(&r, NULL, floe_session_conn(s), sql) == 0 &&
	    floe_runtime__duckdb_result_rows(r) > 0)
		floe_runtime__duckdb_result_value(&v, r, 0, 0);
	floe_runtime__duckdb_result_free(r);
	return v.ptr ? floe_buf_detach(&v) : floe_xstrdup("");
}

static void check_value(floe_session *s, const char *sql, const char *want)
{
	char *got = value(s, sql);
	CHECK_STR(got, want);
	free(got);
}

static char *path_of(const char *rel)
{
	floe_buf b = FLOE_BUF_INIT;
	floe_buf_printf(&b, "%s/%s", tmpdir, rel);
	return floe_buf_detach(&b);
}

static void test_session__settings(void)
{
	char *temp = path_of("it's temp");
	floe_session_setting more[] = {
		{ "allow_unsigned_extensions", "true" },  /* startup only */
		{ "autoinstall_known_extensions", "false" },
		{ "preserve_insertion_order", "false" },
	};
	floe_session_spec spec = {
		.memory_limit = "512MiB", .threads = "3", .temp_directory = temp,
		.settings = more, .nsettings = 3,
	};
	floe_session *s = NULL;
	CHECK_INT(floe_session_open(&s, NULL, &spec), 0);
	if (s) {
		check_value(s, "SELECT current_setting('threads')", "3");
		check_value(s, "SELECT current_setting('memory_limit')", "512.0 MiB");
		check_value(s, "SELECT current_setting('temp_directory')", temp);
		check_value(s, "SELECT current_setting('allow_unsigned_extensions')", "true");
		check_value(s, "SELECT current_setting('autoinstall_known_extensions')", "false");
		check_value(s, "SELECT current_setting('preserve_insertion_order')", "false");
		CHECK(floe_session_db(s) != NULL);
	}
	floe_session_close(s);
	floe_session_close(NULL);
	free(temp);
}

static void test_session__bad_settings(void)
{
	floe_session_setting bad_name[] = { { "threads = 1; DROP", "x" } };
	floe_session_setting unknown[] = { { "bogus_setting_x", "1" } };
	floe_session_spec spec = { .settings = bad_name, .nsettings = 1 };
	floe_session *s = NULL;
	CHECK_INT(floe_session_open(&s, NULL, &spec), FLOE_EUSAGE);
	CHECK(s == NULL);
	spec.settings = unknown;
	CHECK_INT(floe_session_open(&s, NULL, &spec), FLOE_EDUCKDB);
	CHECK(floe_str_startswith(floe_error_last(),
		"DuckDB setting 'bogus_setting_x': Catalog Error: unrecognized configuration parameter"));
	spec.nsettings = 0;
	spec.threads = "0";
	CHECK_INT(floe_session_open(&s, NULL, &spec), FLOE_EDUCKDB);
	CHECK_STR(floe_error_last(), "DuckDB setting 'threads': Syntax Error: Must have at least 1 thread!");
	CHECK(floe_session_missing_extension() == NULL);
}

static void test_session__secret_variables(void)
{
	floe_secret_set *set = token();
	floe_session_spec spec = {
		.secrets = set,
		.attach_sql =
			"-- floe attach.sql\n"
			"CREATE TEMP TABLE t AS SELECT getvariable('DB_TOKEN') AS v;\n"
			"CREATE TEMPORARY SECRET h (TYPE http, BEARER_TOKEN getvariable('DB_TOKEN'));\n",
	};
	floe_session *s = NULL;
	CHECK_INT(floe_session_open(&s, NULL, &spec), 0);
	floe_secret_set_free(set);
	if (s) {
		check_value(s, "SELECT v FROM t", CANARY);
		check_value(s, "SELECT count(*) FROM duckdb_variables()", "0");
		check_value(s, "SELECT coalesce(getvariable('DB_TOKEN'), 'gone')", "gone");
		check_value(s, "SELECT name FROM duckdb_secrets()", "h");
	}
	floe_session_close(s);
}

static void test_session__attach_local_file(void)
{
	char *db = path_of("floe.duckdb"), *lake = path_of("lake.duckdb");
	floe_buf sql = FLOE_BUF_INIT;
	floe_buf_printf(&sql, "ATTACH '%s' AS \"default\";\nUSE \"default\";\n"
			"CREATE SCHEMA IF NOT EXISTS staging;\n"
			"CREATE TABLE staging.t AS SELECT 1 AS a;\n", lake);
	floe_session_spec spec = { .path = db, .threads = "2", .attach_sql = sql.ptr };
	floe_session *s = NULL;
	CHECK_INT(floe_session_open(&s, NULL, &spec), 0);
	if (s) {
		check_value(s, "SELECT current_database()", "default");
		check_value(s, "SELECT count(*) FROM staging.t", "1");
	}
	floe_session_close(s);
	CHECK(floe_fs_exists(db));
	CHECK(floe_fs_exists(lake));
	free(db);
	free(lake);
	floe_buf_release(&sql);
}

static void test_session__failing_statement_has_its_line(void)
{
	floe_buf err = FLOE_BUF_INIT;
	floe_session_spec spec = {
		.attach_name = "/out/attach.sql",
		.attach_sql = "SELECT 1;\n\n-- a comment; with a semicolon\n"
			      "SELECT ';' AS x;\n  SELECT *\n  FROM nope;\n",
	};
	floe_session *s = NULL;
	CHECK_INT(floe_session_open(&s, &err, &spec), FLOE_EDUCKDB);
	CHECK(floe_str_startswith(floe_error_last(),
		"/out/attach.sql:5: Catalog Error: Table with name nope does not exist"));
	CHECK(floe_str_startswith(floe_buf_cstr(&err), "Catalog Error: Table with name nope"));

	spec.attach_sql = "SELECT 1;\nSELEC 2;\n";
	CHECK_INT(floe_session_open(&s, &err, &spec), FLOE_EDUCKDB);
	CHECK(floe_str_startswith(floe_error_last(), "/out/attach.sql:2: Parser Error: syntax error"));
	floe_buf_release(&err);
}

static void test_session__missing_extension_is_named(void)
{
	floe_session_setting offline[] = { { "autoinstall_known_extensions", "false" } };
	floe_session_spec spec = {
		.settings = offline, .nsettings = 1,
		.attach_sql = "SELECT 1;\nLOAD iceberg;\n",
	};
	floe_session *s = NULL;
	CHECK_INT(floe_session_open(&s, NULL, &spec), FLOE_EDUCKDB);
	CHECK_STR(floe_error_last(),
		  "DuckDB extension 'iceberg' is not installed and cannot be downloaded here (attach.sql:2)");
	CHECK_STR(floe_session_missing_extension(), "iceberg");

	spec.attach_sql = "CREATE SECRET s (TYPE s3, KEY_ID 'a', SECRET 'b');";
	CHECK_INT(floe_session_open(&s, NULL, &spec), FLOE_EDUCKDB);
	CHECK_STR(floe_session_missing_extension(), "httpfs");
}

static void test_session__values_stay_out_of_messages(void)
{
	floe_secret_set *set = token();
	floe_buf err = FLOE_BUF_INIT;
	floe_session_spec spec = {
		.secrets = set,
		.attach_sql = "SET threads = getvariable('DB_TOKEN');",
	};
	floe_session *s = NULL;
	CHECK_INT(floe_session_open(&s, &err, &spec), FLOE_EDUCKDB);
	CHECK(!strstr(floe_error_last(), CANARY));
	CHECK(!strstr(floe_buf_cstr(&err), CANARY));
	CHECK(strstr(floe_error_last(), "'***'") != NULL);
	floe_secret_set_free(set);
	floe_buf_release(&err);
}

static void test_session__lock_configuration_last(void)
{
	floe_session_setting lock[] = { { "lock_configuration", "true" } };
	floe_session_spec spec = {
		.settings = lock, .nsettings = 1,
		.attach_sql = "SET threads = 2;",
	};
	floe_session *s = NULL;
	CHECK_INT(floe_session_open(&s, NULL, &spec), 0);
	if (s) {
		check_value(s, "SELECT current_setting('threads')", "2");
		CHECK(floe_runtime__duckdb_query(NULL, NULL, floe_session_conn(s),
					"SET threads = 1") == FLOE_EDUCKDB);
	}
	floe_session_close(s);
}

/* The library's major.minor against the environment's duckdb_version. */
static void test_session__version_warning(void)
{
	floe_buf w = FLOE_BUF_INIT;
	const char *have = floe_duckdb_version();   /* "v1.5.6" */
	CHECK(have && have[0] == 'v');
	char same[16], other[16];
	unsigned maj = 0, min = 0;
	CHECK(have && sscanf(have, "v%u.%u", &maj, &min) == 2);
	snprintf(same, sizeof(same), "%u.%u", maj, min);
	snprintf(other, sizeof(other), "%u.%u", maj, min + 1);
	CHECK(!floe_session_version_warning(&w, same));
	CHECK(!floe_session_version_warning(&w, have));      /* patch ignored */
	CHECK(!floe_session_version_warning(&w, NULL));
	CHECK(!floe_session_version_warning(&w, "latest"));  /* not a version */
	CHECK(w.len == 0);
	CHECK(floe_session_version_warning(&w, other));
	CHECK(strstr(floe_buf_cstr(&w), floe_runtime__duckdb_path()) != NULL);
	CHECK(strstr(floe_buf_cstr(&w), other) != NULL);
	CHECK(strchr(floe_buf_cstr(&w), '\n') == NULL);
	floe_buf_clear(&w);
	snprintf(other, sizeof(other), "%u.%u", maj + 1, min);
	CHECK(floe_session_version_warning(&w, other));
	floe_buf_release(&w);
}

int main(void)
{
	if (!mkdtemp(tmpdir))
		return 1;
	if (floe_runtime__duckdb_load() != 0) {
		fprintf(stderr, "libduckdb: %s\n", floe_error_last());
		return 1;
	}
	RUN(test_session__settings);
	RUN(test_session__bad_settings);
	RUN(test_session__secret_variables);
	RUN(test_session__attach_local_file);
	RUN(test_session__failing_statement_has_its_line);
	RUN(test_session__missing_extension_is_named);
	RUN(test_session__values_stay_out_of_messages);
	RUN(test_session__lock_configuration_last);
	RUN(test_session__version_warning);
	floe_buf cmd = FLOE_BUF_INIT;
	floe_buf_printf(&cmd, "rm -rf '%s'", tmpdir);
	if (system(cmd.ptr) != 0)
		fprintf(stderr, "cannot remove %s\n", tmpdir);
	floe_buf_release(&cmd);
	return unit_done("session");
}
