/*
 * test_run.c: the native runner on real DuckDB: dbt projects written into
 * a temp dir (and examples/medallion), a compute database with a DuckDB
 * file attached as floe_default (what attach.sql does for the embedded
 * catalog 'default'), then load, run and look at the tables, the statuses and
 * run_results.json.  Covers incremental re-runs, a failure that skips its
 * dependents and keeps the old table, cycles, unsupported Jinja, select,
 * test severities, schema naming, sources and cancellation.
 */
#include <jansson.h>
#include <pthread.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>
#include <unistd.h>
#include "floe/compile.h"
#include "floe/runner.h"
#include "runtime/duckdb.h"
#include "util/util.h"
#include "unit.h"

static char root[] = "/tmp/floe-test-run-XXXXXX";
static int serial;

/* ---- fixtures ---- */

struct env {
	char dir[256];          /* the dbt project */
	floe_duckdb_db *db;
	floe_duckdb_conn *c;
	floe_diags *d;
	floe_runner_project *p;
	floe_runner_results *r;
	floe_runner_opts o;
	char progress[8192];    /* "name:STATUS " per END event */
};

static void mkdirs(const char *path)
{
	char tmp[512];
	snprintf(tmp, sizeof(tmp), "%s", path);
	for (char *s = tmp + 1; *s; s++)
		if (*s == '/') {
			*s = '\0';
			mkdir(tmp, 0755);
			*s = '/';
		}
	mkdir(tmp, 0755);
}

static void put(struct env *e, const char *rel, const char *text)
{
	char path[512];
	snprintf(path, sizeof(path), "%s/%s", e->dir, rel);
	char *slash = strrchr(path, '/');
	*slash = '\0';
	mkdirs(path);
	*slash = '/';
	FILE *f = fopen(path, "w");
	fputs(text, f);
	fclose(f);
}

static const char *status_name(floe_step_status s)
{
	static const char *const n[] = { "PENDING", "OK", "ERROR", "SKIP",
					  "PASS", "FAIL", "WARN", "CANCEL" };
	return n[s];
}

static void on_progress(void *ud, floe_runner_event_type t,
			const floe_runner_step *s)
{
	struct env *e = ud;
	size_t n = strlen(e->progress);
	if (t == FLOE_RUN_END)
		snprintf(e->progress + n, sizeof(e->progress) - n, "%s:%s ", s->name,
			 status_name(s->status));
}

static void env_init(struct env *e, const char *project)
{
	memset(e, 0, sizeof(*e));
	snprintf(e->dir, sizeof(e->dir), "%s/p%d", root, ++serial);
	mkdirs(e->dir);
	char path[512];
	floe_buf err = FLOE_BUF_INIT;
	snprintf(path, sizeof(path), "%s/compute.duckdb", e->dir);
	CHECK_INT(floe_runtime__duckdb_open(&e->db, &err, path, NULL, 0), 0);
	CHECK_INT(floe_runtime__duckdb_connect(&e->c, &err, e->db), 0);
	floe_buf q = FLOE_BUF_INIT;
	floe_buf_printf(&q, "ATTACH '%s/lake.duckdb' AS floe_default", e->dir);
	CHECK_INT(floe_runtime__duckdb_query(NULL, &err, e->c, q.ptr), 0);
	floe_buf_release(&q);
	floe_buf_release(&err);
	e->o.database = "floe_default";
	e->o.schema = "main";
	e->o.threads = 2;
	e->o.progress = on_progress;
	e->o.progress_ud = e;
	if (project)
		put(e, "dbt_project.yml", project);
}

static void env_release(struct env *e)
{
	floe_runner_results_free(e->r);
	floe_runner_project_free(e->p);
	floe_diags_free(e->d);
	floe_runtime__duckdb_disconnect(e->c);
	floe_runtime__duckdb_close(e->db);
}

static void print_diags(const floe_diags *d)
{
	floe_buf b = FLOE_BUF_INIT;
	floe_render_opts ro = { .format = FLOE_FMT_TEXT, .tool = "floe", .tool_version = "0", .suite = "test" };
	floe_diag_render(&b, d, &ro);
	fprintf(stderr, "%s", floe_buf_cstr(&b));
	floe_buf_release(&b);
}

/* Load e->dir (or `dir`) with e->o; prints the diagnostics on failure. */
static int load_dir(struct env *e, const char *dir)
{
	floe_runner_project_free(e->p);
	floe_diags_free(e->d);
	e->p = NULL;
	e->d = floe_diags_new(0);
	int rc = floe_runner_load(&e->p, e->d, dir ? dir : e->dir, &e->o);
	if (rc < 0 && getenv("VERBOSE"))
		print_diags(e->d);
	return rc;
}

static int load(struct env *e)
{
	return load_dir(e, NULL);
}

static int run(struct env *e)
{
	floe_runner_results_free(e->r);
	e->r = NULL;
	e->progress[0] = '\0';
	int rc = floe_runner_run(&e->r, e->p, e->db, &e->o);
	if (getenv("VERBOSE"))
		fprintf(stderr, "progress: %s\n", e->progress);
	return rc;
}

/* The first value of a query ("<null>", "<error>"), freed by the next call. */
static const char *q1(struct env *e, const char *sql)
{
	static floe_buf v;
	floe_duckdb_result *r = NULL;
	floe_buf_clear(&v);
	if (floe_runtime__duckdb_query(&r, NULL, e->c, sql) < 0)
		floe_buf_puts(&v, "<error>");
	else if (!floe_runtime__duckdb_result_value(&v, r, 0, 0))
		floe_buf_puts(&v, "<null>");
	floe_runtime__duckdb_result_free(r);
	return floe_buf_cstr(&v);
}

static const floe_runner_step *step(const struct env *e, const char *name)
{
	for (size_t i = 0; e->r && i < floe_runner_results_count(e->r); i++) {
		const floe_runner_step *s = floe_runner_results_at(e->r, i);
		if (strcmp(s->name, name) == 0)
			return s;
	}
	return NULL;
}

static int status(const struct env *e, const char *name)
{
	const floe_runner_step *s = step(e, name);
	return s ? (int)s->status : -1;
}

/* The first diagnostic with `code`, or NULL. */
static const floe_diag *diag(const struct env *e, const char *code)
{
	for (size_t i = 0; i < floe_diags_count(e->d); i++)
		if (strcmp(floe_diags_at(e->d, i)->code, code) == 0)
			return floe_diags_at(e->d, i);
	return NULL;
}

static const char *const basic_project =
	"name: shop\nversion: '1.0'\nconfig-version: 2\nprofile: shop\n";

/* ---- one attach alias ---- */

/* The step's message, or "" */
static const char *message(const struct env *e, const char *name)
{
	const floe_runner_step *s = step(e, name);
	return s && s->message ? s->message : "";
}

/*
 * A view dbt-duckdb built (its profile attaches the catalog under the
 * alias floe compile writes, unquoted) resolves under floe's runner,
 * which attaches and names it by the same alias.
 */
static void test_run__dbt_view_resolves(void)
{
	struct env e;
	floe_buf alias = FLOE_BUF_INIT;
	env_init(&e, basic_project);
	e.o.database = floe_compile_catalog_alias(&alias, "default");
	CHECK_STR(e.o.database, "floe_default");
	/* what dbt-duckdb runs for a view model on the profile's attach */
	CHECK_INT(floe_runtime__duckdb_query(NULL, NULL, e.c, "CREATE TABLE floe_default.main.raw AS "
				    "SELECT 7 AS a"), 0);
	CHECK_INT(floe_runtime__duckdb_query(NULL, NULL, e.c, "CREATE VIEW floe_default.main.dbt_view "
				    "AS SELECT a FROM floe_default.main.raw"), 0);
	put(&e, "models/m.sql", "select a from {{ source('lake', 'dbt_view') }}");
	put(&e, "models/sources.yml", "version: 2\nsources:\n  - name: lake\n"
	    "    schema: main\n    tables:\n      - name: dbt_view\n");
	CHECK_INT(load(&e), 0);
	CHECK_INT(run(&e), 0);
	CHECK_INT(status(&e, "m"), FLOE_STEP_SUCCESS);
	CHECK_STR(q1(&e, "SELECT a FROM floe_default.main.m"), "7");
	/* and floe's view reads back under dbt's unquoted name */
	put(&e, "models/v.sql", "{{ config(materialized='view') }} select a * 2 AS b from {{ ref('m') }}");
	CHECK_INT(load(&e), 0);
	CHECK_INT(run(&e), 0);
	CHECK_STR(q1(&e, "SELECT b FROM floe_default.main.v"), "14");
	floe_buf_release(&alias);
	env_release(&e);
}

/* A view built under the old alias "default" fails by name (the one the
 * step reads), with the way out. */
static void test_run__old_alias_view(void)
{
	struct env e;
	env_init(&e, basic_project);
	floe_buf q = FLOE_BUF_INIT;
	floe_buf_printf(&q, "ATTACH '%s/old.duckdb' AS \"default\"; "
			"CREATE TABLE \"default\".main.x AS SELECT 1 AS a; "
			"CREATE VIEW \"default\".main.old_v AS SELECT a FROM \"default\".main.x; "
			/* sorts first, but the model does not read it */
			"CREATE VIEW \"default\".main.a_other AS SELECT a FROM \"default\".main.x; "
			"DETACH \"default\"; DETACH floe_default; "
			"ATTACH '%s/old.duckdb' AS floe_default", e.dir, e.dir);
	CHECK_INT(floe_runtime__duckdb_query(NULL, NULL, e.c, q.ptr), 0);
	floe_buf_release(&q);
	put(&e, "models/m.sql", "select a from floe_default.main.old_v");
	CHECK_INT(load(&e), 0);
	run(&e);
	CHECK_INT(status(&e, "m"), FLOE_STEP_ERROR);
	CHECK(strstr(message(&e, "m"), "view \"floe_default\".\"main\".\"old_v\" was "
		     "built under catalog alias 'default'; rebuild with --full-refresh") != NULL);
	CHECK(strstr(message(&e, "m"), "Catalog \"default\" does not exist") != NULL);
	/* a catalog missing for another reason keeps DuckDB's message alone */
	put(&e, "models/m.sql", "select 1 from nowhere.main.t");
	CHECK_INT(load(&e), 0);
	run(&e);
	CHECK_INT(status(&e, "m"), FLOE_STEP_ERROR);
	CHECK(strstr(message(&e, "m"), "rebuild with") == NULL);
	env_release(&e);
}

/* ---- the example ---- */

static void test_run__medallion(void)
{
	struct env e;
	env_init(&e, NULL);
	char rr[512];
	snprintf(rr, sizeof(rr), "%s/run_results.json", e.dir);
	e.o.run_results = rr;
	CHECK_INT(load_dir(&e, "examples/medallion/dbt"), 0);
	CHECK_INT(run(&e), 0);
	CHECK(floe_runner_results_ok(e.r));
	CHECK_INT(floe_runner_results_count(e.r), 29);
	CHECK_INT(floe_runner_results_with(e.r, FLOE_STEP_WARN), 1);
	CHECK_INT(floe_runner_results_with(e.r, FLOE_STEP_SUCCESS), 14);
	CHECK_STR(q1(&e, "SELECT count(*) FROM floe_default.main_gold.gld_customer_ltv"), "120");
	CHECK_STR(q1(&e, "SELECT count(*) FROM floe_default.main_silver.slv_orders"), "500");
	CHECK_STR(q1(&e, "SELECT table_type FROM information_schema.tables WHERE "
		     "table_catalog = 'floe_default' AND table_name = 'brz_orders'"), "VIEW");
	CHECK_STR(q1(&e, "SELECT count(*) FROM floe_default.main_silver.slv_customers "
		     "WHERE email <> lower(trim(email))"), "0");
	const floe_runner_step *s = step(&e, "slv_orders");
	CHECK(s && s->rows == 500 && !s->incremental);
	CHECK_STR(s ? s->relation : NULL, "main_silver.slv_orders");
	CHECK(floe_fs_exists(rr));

	floe_buf sample = FLOE_BUF_INIT;
	CHECK_INT(floe_runner_sample(&sample, e.p, e.db, "slv_customers", 3), 0);
	CHECK(strncmp(floe_buf_cstr(&sample), "customer_id | full_name", 23) == 0);
	size_t lines = 0;
	for (const char *c = floe_buf_cstr(&sample); *c; c++)
		lines += *c == '\n';
	CHECK_INT(lines, 5);
	CHECK_INT(floe_runner_sample(&sample, e.p, e.db, "nope", 3), FLOE_ENOTFOUND);
	floe_buf_release(&sample);

	/* the second run reads only the newest orders, replacing them by key */
	CHECK_INT(run(&e), 0);
	s = step(&e, "slv_orders");
	CHECK(s && s->incremental && s->rows >= 1 && s->rows < 500);
	CHECK_STR(q1(&e, "SELECT count(*) FROM floe_default.main_silver.slv_orders"), "500");
	env_release(&e);
}

/* ---- incremental ---- */

static const char *const inc_model =
	"{{ config(materialized='incremental', unique_key='id') }}\n"
	"select id, status, updated from {{ ref('events') }}\n"
	"{% if is_incremental() %}\n"
	"where updated > (select max(updated) from {{ this }})\n"
	"{% endif %}\n";

static void test_run__incremental(void)
{
	struct env e;
	env_init(&e, basic_project);
	put(&e, "seeds/events.csv", "id,status,updated\n1,new,1\n2,new,1\n3,new,2\n");
	put(&e, "models/inc.sql", inc_model);
	put(&e, "models/app.sql",
	    "{{ config(materialized='incremental') }}\n"
	    "select id from {{ ref('events') }}\n"
	    "{% if is_incremental() %}where id > (select max(id) from {{ this }}){% endif %}\n");
	CHECK_INT(load(&e), 0);
	CHECK_INT(run(&e), 0);
	CHECK_STR(q1(&e, "SELECT count(*) FROM floe_default.main.inc"), "3");

	/* id 2 changes, id 4 arrives: one replaced, one added, none doubled */
	put(&e, "seeds/events.csv",
	    "id,status,updated\n1,new,1\n2,done,3\n3,new,2\n4,new,3\n");
	CHECK_INT(load(&e), 0);
	CHECK_INT(run(&e), 0);
	const floe_runner_step *s = step(&e, "inc");
	CHECK(s && s->incremental);
	CHECK_INT(s ? s->rows : -9, 2);
	CHECK_STR(q1(&e, "SELECT count(*) FROM floe_default.main.inc"), "4");
	CHECK_STR(q1(&e, "SELECT status FROM floe_default.main.inc WHERE id = 2"), "done");
	CHECK_STR(q1(&e, "SELECT count(*) FROM floe_default.main.app"), "4");

	/* merge does the same in one statement */
	put(&e, "models/inc.sql",
	    "{{ config(materialized='incremental', unique_key=['id'], incremental_strategy='merge') }}\n"
	    "select updated, status, id from {{ ref('events') }}\n"
	    "{% if is_incremental() %}where updated >= 3{% endif %}\n");
	put(&e, "seeds/events.csv",
	    "id,status,updated\n1,new,1\n2,gone,3\n3,new,2\n4,new,3\n5,new,4\n");
	CHECK_INT(load(&e), 0);
	CHECK_INT(run(&e), 0);
	CHECK_STR(q1(&e, "SELECT count(*) || ' ' || max(id) FROM floe_default.main.inc"), "5 5");
	CHECK_STR(q1(&e, "SELECT status FROM floe_default.main.inc WHERE id = 2"), "gone");

	/* --full-refresh rebuilds it from scratch */
	e.o.full_refresh = true;
	CHECK_INT(run(&e), 0);
	s = step(&e, "inc");
	CHECK(s && !s->incremental && s->rows == 5);
	env_release(&e);
}

/* ---- failures ---- */

static void test_run__failure_skips_dependents(void)
{
	struct env e;
	env_init(&e, basic_project);
	put(&e, "models/a.sql", "select 1 as x");
	put(&e, "models/b.sql", "{{ config(materialized='table') }}\nselect x, 'old' as v from {{ ref('a') }}");
	put(&e, "models/c.sql", "select * from {{ ref('b') }}");
	put(&e, "models/d.sql", "select * from {{ ref('c') }}");
	put(&e, "models/other.sql", "select 2 as y");
	CHECK_INT(load(&e), 0);
	CHECK_INT(run(&e), 0);
	CHECK(floe_runner_results_ok(e.r));

	put(&e, "models/b.sql", "{{ config(materialized='table') }}\n"
	    "select x, error('boom') as v from {{ ref('a') }}");
	CHECK_INT(load(&e), 0);
	CHECK_INT(run(&e), 0);
	CHECK(!floe_runner_results_ok(e.r));
	CHECK_INT(status(&e, "a"), FLOE_STEP_SUCCESS);
	CHECK_INT(status(&e, "b"), FLOE_STEP_ERROR);
	CHECK_INT(status(&e, "c"), FLOE_STEP_SKIPPED);
	CHECK_INT(status(&e, "d"), FLOE_STEP_SKIPPED);
	CHECK_INT(status(&e, "other"), FLOE_STEP_SUCCESS);
	const floe_runner_step *s = step(&e, "b");
	CHECK(s && s->message && strstr(s->message, "boom"));
	s = step(&e, "c");
	CHECK(s && s->message && strstr(s->message, "'b'"));
	/* the table of the last good run is still there */
	CHECK_STR(q1(&e, "SELECT v FROM floe_default.main.b"), "old");

	/* fail-fast: after b fails nothing new starts */
	e.o.fail_fast = true;
	e.o.threads = 1;
	CHECK_INT(run(&e), 0);
	CHECK_INT(status(&e, "b"), FLOE_STEP_ERROR);
	CHECK_INT(floe_runner_results_count(e.r), 5);
	env_release(&e);
}

static void test_run__view_and_table_swap(void)
{
	struct env e;
	env_init(&e, basic_project);
	put(&e, "models/m.sql", "select 1 as x");
	CHECK_INT(load(&e), 0);
	CHECK_INT(run(&e), 0);
	put(&e, "models/m.sql", "{{ config(materialized='table') }}select 2 as x");
	CHECK_INT(load(&e), 0);
	CHECK_INT(run(&e), 0);
	CHECK_INT(status(&e, "m"), FLOE_STEP_SUCCESS);
	CHECK_STR(q1(&e, "SELECT table_type || x FROM information_schema.tables, "
		     "floe_default.main.m WHERE table_name = 'm'"), "BASE TABLE2");
	put(&e, "models/m.sql", "select 3 as x");
	CHECK_INT(load(&e), 0);
	CHECK_INT(run(&e), 0);
	CHECK_STR(q1(&e, "SELECT table_type || x FROM information_schema.tables, "
		     "floe_default.main.m WHERE table_name = 'm'"), "VIEW3");
	env_release(&e);
}

/* ---- load-time diagnostics ---- */

static void test_run__cycle(void)
{
	struct env e;
	env_init(&e, basic_project);
	put(&e, "models/a.sql", "select * from {{ ref('b') }}");
	put(&e, "models/b.sql", "select 1 as x\nunion all\nselect * from {{ ref('c') }}");
	put(&e, "models/c.sql", "select * from {{ ref('a') }}");
	CHECK_INT(load(&e), FLOE_EINVALID);
	const floe_diag *dg = diag(&e, "run/cycle");
	CHECK(dg != NULL);
	if (dg) {
		CHECK_STR(dg->msg, "dependency cycle: a -> b -> c -> a");
		CHECK_INT(dg->span.line, 1);
		CHECK_INT(dg->span.col, 18);
	}
	CHECK_INT(floe_diags_errors(e.d), 1);
	env_release(&e);
}

static void test_run__jinja(void)
{
	struct env e;
	env_init(&e, basic_project);
	put(&e, "models/a.sql", "select 1 as x");
	put(&e, "models/loop.sql", "select\n{% for c in ['x'] %}{{ c }}{% endfor %}\nfrom {{ ref('a') }}");
	put(&e, "models/star.sql", "select\n    {{ dbt_utils.star(ref('a')) }}\nfrom {{ ref('a') }}");
	put(&e, "models/typo.sql", "select * from {{ ref('aa') }}");
	put(&e, "models/eph.sql", "{{ config(materialized='ephemeral') }}select 1");
	put(&e, "macros/money.sql", "{% macro cents(x) %}{{ x }} / 100{% endmacro %}");
	CHECK_INT(load(&e), FLOE_EINVALID);
	bool loop = false, star = false;
	for (size_t i = 0; i < floe_diags_count(e.d); i++) {
		const floe_diag *dg = floe_diags_at(e.d, i);
		const char *path = floe_source_path(dg->span.src);
		loop |= strstr(path, "loop.sql") != NULL;
		if (strstr(path, "star.sql") && dg->span.line == 2 && dg->span.col == 18)
			star = strcmp(dg->code, "jinja/undefined") == 0 &&
			       strstr(dg->msg, "'dbt_utils' is undefined") != NULL;
	}
	CHECK(!loop);
	CHECK(star);
	const floe_diag *dg = diag(&e, "run/unknown-ref");
	CHECK(dg && strstr(dg->msg, "did you mean 'a'?"));
	dg = diag(&e, "run/unsupported-config");
	CHECK(dg && strstr(dg->msg, "ephemeral") && dg->span.line == 1);
	CHECK_INT(floe_diags_errors(e.d), 3);
	env_release(&e);

	/* loops, macros, dispatch and dbt's own macros build */
	env_init(&e, basic_project);
	put(&e, "models/a.sql", "select 1 as x, 250 as cents");
	put(&e, "macros/money.sql",
	    "{% macro cents(x) %}{{ return(adapter.dispatch('cents')(x)) }}{% endmacro %}\n"
	    "{% macro default__cents(x) %}({{ x }} / 100){% endmacro %}\n"
	    "{% macro duckdb__concat(fields) %}concat({{ fields | join(', ') }}){% endmacro %}");
	put(&e, "models/b.sql",
	    "{% set cols = ['x', 'cents'] %}select {% for c in cols %}{{ c }}{{ ',' if not loop.last }}{% endfor %},\n"
	    "  {{ cents('cents') }} as dollars, {{ dbt.concat(['\\'a\\'', '\\'b\\'']) }} as ab,\n"
	    "  cast(x as {{ dbt.type_string() }}) as s, {{ dbt.safe_cast('x', 'int') }} as i\n"
	    "from {{ ref('a') }}");
	CHECK_INT(load(&e), 0);
	CHECK_INT(run(&e), 0);
	CHECK_STR(q1(&e, "SELECT dollars FROM floe_default.main.b"), "2.5");
	CHECK_STR(q1(&e, "SELECT ab || s || i FROM floe_default.main.b"), "ab11");
	env_release(&e);
}

static void test_run__schema_names(void)
{
	struct env e;
	env_init(&e, "name: shop\nprofile: shop\nmodels:\n  shop:\n    +schema: base\n"
		 "    marts:\n      +schema: marts\n      +materialized: table\n"
		 "seeds:\n  shop:\n    +schema: raw\n");
	put(&e, "seeds/s.csv", "a\n1\n");
	put(&e, "models/x.sql", "select * from {{ ref('s') }}");
	put(&e, "models/marts/y.sql", "{{ config(alias='why') }}select * from {{ ref('x') }}");
	put(&e, "models/marts/z.sql", "{{ config(schema=none) }}select 1 as a");
	CHECK_INT(load(&e), 0);
	CHECK_INT(run(&e), 0);
	CHECK_STR(q1(&e, "SELECT count(*) FROM floe_default.main_raw.s"), "1");
	CHECK_STR(q1(&e, "SELECT count(*) FROM floe_default.main_base.x"), "1");
	CHECK_STR(q1(&e, "SELECT count(*) FROM floe_default.main_marts.why"), "1");
	CHECK_STR(q1(&e, "SELECT count(*) FROM floe_default.main.z"), "1");

	/* the usual override: a custom schema is used as it is */
	put(&e, "macros/get_custom_schema.sql",
	    "{% macro generate_schema_name(custom_schema_name, node) -%}\n"
	    "    {%- set default_schema = target.schema -%}\n"
	    "    {%- if custom_schema_name is none -%}\n"
	    "        {{ default_schema }}\n"
	    "    {%- else -%}\n"
	    "        {{ custom_schema_name | trim }}\n"
	    "    {%- endif -%}\n"
	    "{%- endmacro %}\n");
	CHECK_INT(load(&e), 0);
	CHECK_INT(run(&e), 0);
	CHECK_STR(q1(&e, "SELECT count(*) FROM floe_default.raw.s"), "1");
	CHECK_STR(q1(&e, "SELECT count(*) FROM floe_default.marts.why"), "1");
	CHECK_STR(q1(&e, "SELECT count(*) FROM floe_default.main.z"), "1");
	/* and dbt's own prod/dev macro */
	put(&e, "macros/get_custom_schema.sql",
	    "{% macro generate_schema_name(custom_schema_name, node) %}"
	    "{{ generate_schema_name_for_env(custom_schema_name, node) }}{% endmacro %}");
	e.o.target_name = "prod";
	CHECK_INT(load(&e), 0);
	const char *q = "SELECT count(*) FROM floe_default.marts.why";
	CHECK_INT(run(&e), 0);
	CHECK_STR(q1(&e, q), "1");
	env_release(&e);
}

/* ---- select ---- */

static size_t count(struct env *e, const char *select, const char *exclude)
{
	floe_runner_opts o = e->o;
	o.select = select;
	o.exclude = exclude;
	return floe_runner_step_count(e->p, &o);
}

static void test_run__select(void)
{
	struct env e;
	env_init(&e, NULL);
	CHECK_INT(load_dir(&e, "examples/medallion/dbt"), 0);
	CHECK_INT(count(&e, NULL, NULL), 29);
	/* the model and its 5 tests (relationships to slv_customers counts) */
	CHECK_INT(count(&e, "slv_orders", NULL), 6);
	/* ancestors: 3 seeds, 3 views, slv_order_items; tests of both silver models */
	CHECK_INT(count(&e, "+slv_orders", NULL), 1 + 3 + 3 + 1 + 4 + 4);
	CHECK_INT(count(&e, "tag:gold", NULL), 3 + 3);
	CHECK_INT(count(&e, "gld_customer_ltv,tag:gold", NULL), 3);
	CHECK_INT(count(&e, "path:models/bronze", NULL), 4);
	CHECK_INT(count(&e, "bronze", NULL), 4);
	CHECK_INT(count(&e, "medallion.bronze.brz_*", NULL), 4);
	CHECK_INT(count(&e, "config.materialized:incremental", NULL), 6);
	CHECK_INT(count(&e, "resource_type:seed", NULL), 4);
	CHECK_INT(count(&e, "1+slv_customers", NULL), 1 + 1 + 4 + 1);
	/* its tests and gld_customer_ltv (whose tests follow it) */
	CHECK_INT(count(&e, "slv_customers+1", NULL), 1 + 4 + 1 + 1 + 2);
	CHECK_INT(count(&e, "slv_customers+", NULL), 1 + 4 + 1 + 1 + 2);
	CHECK_INT(count(&e, "tag:silver tag:gold", "resource_type:test"), 6);
	CHECK_INT(count(&e, "bogus:x", NULL), 0);

	e.o.select = "nothing_like_this";
	CHECK_INT(load_dir(&e, "examples/medallion/dbt"), 0);
	const floe_diag *dg = diag(&e, "run/bad-select");
	CHECK(dg && dg->sev == FLOE_SEV_WARNING);
	e.o.select = "what:ever";
	CHECK_INT(load_dir(&e, "examples/medallion/dbt"), FLOE_EINVALID);
	dg = diag(&e, "run/bad-select");
	CHECK(dg && strstr(dg->msg, "'what'"));
	env_release(&e);
}

/* ---- tests ---- */

static void test_run__data_tests(void)
{
	struct env e;
	env_init(&e, basic_project);
	put(&e, "seeds/people.csv", "id,kind,team\n1,a,10\n2,b,10\n2,z,99\n,a,10\n");
	put(&e, "seeds/teams.csv", "team\n10\n");
	put(&e, "models/after.sql", "select * from {{ ref('people') }}");
	put(&e, "models/schema.yml",
	    "version: 2\n"
	    "seeds:\n"
	    "  - name: people\n"
	    "    columns:\n"
	    "      - name: id\n"
	    "        data_tests:\n"
	    "          - not_null:\n"
	    "              config: {severity: warn}\n"
	    "          - unique:\n"
	    "              severity: warn\n"
	    "      - name: kind\n"
	    "        tests:\n"
	    "          - accepted_values: {values: [a, b, z]}\n"
	    "          - accepted_values:\n"
	    "              name: kind_is_a_or_b\n"
	    "              values: ['a', 'b']\n"
	    "              config: {where: \"team = 10\"}\n"
	    "      - name: team\n"
	    "        tests:\n"
	    "          - relationships: {to: ref('teams'), field: team}\n");
	CHECK_INT(load(&e), 0);
	CHECK_INT(run(&e), 0);
	CHECK_INT(status(&e, "not_null_people_id"), FLOE_STEP_WARN);
	CHECK_INT(status(&e, "unique_people_id"), FLOE_STEP_WARN);
	CHECK_INT(status(&e, "accepted_values_people_kind__a__b__z"), FLOE_STEP_PASS);
	CHECK_INT(status(&e, "kind_is_a_or_b"), FLOE_STEP_PASS);
	CHECK_INT(status(&e, "relationships_people_team__team__ref_teams_"), FLOE_STEP_FAIL);
	const floe_runner_step *s = step(&e, "relationships_people_team__team__ref_teams_");
	CHECK(s && s->failures == 1);
	CHECK(!floe_runner_results_ok(e.r));
	/* a failing test with one parent blocks that parent's dependents;
	   a relationships test (two parents) does not */
	CHECK_INT(status(&e, "after"), FLOE_STEP_SUCCESS);

	put(&e, "models/schema.yml",
	    "version: 2\nseeds:\n  - name: people\n    columns:\n      - name: id\n"
	    "        data_tests: [unique]\n");
	CHECK_INT(load(&e), 0);
	CHECK_INT(run(&e), 0);
	CHECK_INT(status(&e, "unique_people_id"), FLOE_STEP_FAIL);
	CHECK_INT(status(&e, "after"), FLOE_STEP_SKIPPED);

	put(&e, "models/schema.yml",
	    "version: 2\nmodels:\n  - name: after\n    columns:\n      - name: id\n"
	    "        data_tests: [dbt_utils.not_empty, {unique: {bogus: 1}}]\n");
	CHECK_INT(load(&e), FLOE_EINVALID);
	CHECK(diag(&e, "run/unsupported-test") != NULL);
	const floe_diag *dg = diag(&e, "run/bad-test");
	CHECK(dg && strstr(dg->msg, "'bogus'") && dg->span.line == 6);
	env_release(&e);
}

static void test_run__run_results_json(void)
{
	struct env e;
	env_init(&e, basic_project);
	char rr[512];
	snprintf(rr, sizeof(rr), "%s/target/run_results.json", e.dir);
	put(&e, "target/.keep", "");
	put(&e, "seeds/s.csv", "a\n1\n2\n");
	put(&e, "models/m.sql", "{{ config(materialized='table') }}select a from {{ ref('s') }}");
	put(&e, "models/bad.sql", "select nope from {{ ref('s') }}");
	put(&e, "models/schema.yml", "version: 2\nmodels:\n  - name: m\n    columns:\n"
	    "      - name: a\n        data_tests: [unique]\n");
	e.o.run_results = rr;
	CHECK_INT(load(&e), 0);
	CHECK_INT(run(&e), 0);
	json_error_t jerr;
	json_t *j = json_load_file(rr, 0, &jerr);
	CHECK(j != NULL);
	CHECK_STR(json_string_value(json_object_get(json_object_get(j, "metadata"),
			"dbt_schema_version")),
		  "https://schemas.getdbt.com/dbt/run-results/v6.json");
	CHECK(json_is_number(json_object_get(j, "elapsed_time")));
	json_t *res = json_object_get(j, "results");
	CHECK_INT(json_array_size(res), 4);
	size_t i;
	json_t *r;
	int seen = 0;
	json_array_foreach(res, i, r) {
		const char *id = json_string_value(json_object_get(r, "unique_id"));
		const char *st = json_string_value(json_object_get(r, "status"));
		json_t *ar = json_object_get(r, "adapter_response");
		CHECK(json_is_number(json_object_get(r, "execution_time")));
		if (strcmp(id, "model.shop.m") == 0) {
			CHECK_STR(st, "success");
			CHECK_INT(json_integer_value(json_object_get(ar, "rows_affected")), 2);
			CHECK_STR(json_string_value(json_object_get(r, "relation_name")),
				  "\"floe_default\".\"main\".\"m\"");
			CHECK(json_is_null(json_object_get(r, "failures")));
			seen++;
		} else if (strcmp(id, "model.shop.bad") == 0) {
			CHECK_STR(st, "error");
			CHECK(strstr(json_string_value(json_object_get(r, "message")), "nope"));
			seen++;
		} else if (strcmp(id, "test.shop.unique_m_a") == 0) {
			CHECK_STR(st, "pass");
			CHECK_INT(json_integer_value(json_object_get(r, "failures")), 0);
			seen++;
		} else if (strcmp(id, "seed.shop.s") == 0) {
			seen++;
		}
	}
	CHECK_INT(seen, 4);
	json_decref(j);
	/* the target directory is made; a file in the way is an error */
	snprintf(rr, sizeof(rr), "%s/new/dir/rr.json", e.dir);
	CHECK_INT(floe_runner_results_write(e.r, rr), 0);
	snprintf(rr, sizeof(rr), "%s/dbt_project.yml/rr.json", e.dir);
	CHECK_INT(floe_runner_results_write(e.r, rr), FLOE_EIO);
	/*
	 * a symlink planted at the temporary name floe once used
	 * (run_results.json.tmp.<pid>) and at a fixed .tmp: the file it points
	 * to is left as it was, and the results still land
	 */
	char victim[512], link1[600], link2[600];
	snprintf(victim, sizeof(victim), "%s/victim", e.dir);
	put(&e, "victim", "keep\n");
	snprintf(rr, sizeof(rr), "%s/target/planted.json", e.dir);
	snprintf(link1, sizeof(link1), "%s.tmp.%ld", rr, (long)getpid());
	snprintf(link2, sizeof(link2), "%s.tmp", rr);
	CHECK(symlink(victim, link1) == 0);
	CHECK(symlink(victim, link2) == 0);
	CHECK_INT(floe_runner_results_write(e.r, rr), 0);
	floe_buf kept = FLOE_BUF_INIT;
	CHECK_INT(floe_fs_read(&kept, victim, 1 << 20), 0);
	CHECK_STR(floe_buf_cstr(&kept), "keep\n");
	floe_buf_release(&kept);
	struct stat st;
	CHECK(lstat(rr, &st) == 0 && S_ISREG(st.st_mode) && st.st_size > 100);
	env_release(&e);
}

/* ---- vars, env, sources ---- */

static const char *fake_env(void *ud, const char *name)
{
	return strcmp(name, "REGION") == 0 ? "eu" : NULL;
}

static void test_run__vars_env_sources(void)
{
	struct env e;
	env_init(&e, "name: shop\nprofile: shop\nvars:\n  limit: 1\n  who: project\n");
	put(&e, "seeds/raw_things.csv", "id\n1\n2\n3\n");
	put(&e, "models/m.sql",
	    "{{ config(materialized='table', tags=['x']) }}\n"
	    "select '{{ var(\"who\") }}' as who, '{{ env_var(\"REGION\") }}' as region,\n"
	    "  (select count(*) from {{ source('landing', 'things') }}) as n\n"
	    "limit {{ var('limit') }}");
	put(&e, "models/sources.yml",
	    "version: 2\nsources:\n  - name: landing\n    schema: \"{{ target.schema }}\"\n"
	    "    tables:\n      - name: things\n        identifier: raw_things\n"
	    "        columns:\n          - name: id\n            tests: [unique]\n");
	e.o.vars = "{who: cli}";
	e.o.env = fake_env;
	CHECK_INT(load(&e), 0);
	/* the source's table is a seed here: load it first */
	e.o.select = "raw_things";
	CHECK_INT(run(&e), 0);
	e.o.select = NULL;
	CHECK_INT(run(&e), 0);
	CHECK(floe_runner_results_ok(e.r));
	CHECK_STR(q1(&e, "SELECT who || region || n FROM floe_default.main.m"), "clieu3");
	CHECK_INT(status(&e, "source_unique_landing_things_id"), FLOE_STEP_PASS);
	e.o.select = "source:landing+";
	CHECK_INT(floe_runner_step_count(e.p, &e.o), 2);
	e.o.select = NULL;

	e.o.vars = "[1, 2]";
	CHECK_INT(load(&e), FLOE_EINVALID);
	CHECK(diag(&e, "run/bad-vars") != NULL);
	e.o.vars = NULL;
	e.o.env = NULL;
	unsetenv("REGION");
	CHECK_INT(load(&e), FLOE_EINVALID);
	const floe_diag *dg = diag(&e, "run/undefined-env");
	CHECK(dg && dg->span.line == 2);
	env_release(&e);
}

/* ---- cancellation ---- */

static volatile sig_atomic_t cancel_flag;

static void cancel_on_slow(void *ud, floe_runner_event_type t,
			   const floe_runner_step *s)
{
	on_progress(ud, t, s);
	if (t == FLOE_RUN_START && strcmp(s->name, "slow") == 0)
		cancel_flag = 1;
}

static void test_run__cancel(void)
{
	struct env e;
	env_init(&e, basic_project);
	put(&e, "models/slow.sql", "{{ config(materialized='table') }}select 1 as x");
	put(&e, "models/after.sql", "select * from {{ ref('slow') }}");
	CHECK_INT(load(&e), 0);
	CHECK_INT(run(&e), 0);
	put(&e, "models/slow.sql", "{{ config(materialized='table') }}\n"
	    "select count(*) as x from range(100000000000) t(i) where i % 7 = 3");
	e.o.threads = 1;
	e.o.cancel = &cancel_flag;
	e.o.progress = cancel_on_slow;
	CHECK_INT(load(&e), 0);
	double t0 = floe_now_ms();
	CHECK_INT(run(&e), 0);
	CHECK(floe_now_ms() - t0 < 10000);
	CHECK(floe_runner_results_cancelled(e.r));
	CHECK(!floe_runner_results_ok(e.r));
	CHECK_INT(status(&e, "slow"), FLOE_STEP_CANCELLED);
	CHECK_INT(status(&e, "after"), FLOE_STEP_CANCELLED);
	CHECK_STR(q1(&e, "SELECT x FROM floe_default.main.slow"), "1");
	env_release(&e);
}

int main(void)
{
	if (!mkdtemp(root))
		return 1;
	RUN(test_run__dbt_view_resolves);
	RUN(test_run__old_alias_view);
	RUN(test_run__medallion);
	RUN(test_run__incremental);
	RUN(test_run__failure_skips_dependents);
	RUN(test_run__view_and_table_swap);
	RUN(test_run__cycle);
	RUN(test_run__jinja);
	RUN(test_run__schema_names);
	RUN(test_run__select);
	RUN(test_run__data_tests);
	RUN(test_run__run_results_json);
	RUN(test_run__vars_env_sources);
	RUN(test_run__cancel);
	if (!unit_failed_tests) {
		char cmd[600];
		snprintf(cmd, sizeof(cmd), "rm -rf '%s'", root);
		if (system(cmd) != 0)
			return 1;
	}
	return unit_done("run");
}
