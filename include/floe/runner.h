/*
 * floe/runner.h: the native pipeline runner of `floe run` on embedded
 * DuckDB: a dbt project (dbt_project.yml, seeds, sources, models in the
 * common Jinja subset, generic and singular data tests) loaded and checked
 * as a whole, then built in dependency order on worker connections.
 *
 * floe_runner_load reads and checks everything and renders every model
 * before anything runs: what the runner does not support is a diagnostic
 * at its file:line:col (codes run/...).  floe_runner_run executes the
 * plan on a database the caller opened and prepared (settings,
 * attach.sql).  Nothing here prints: progress goes to a callback, the
 * results to a floe_runner_results and optionally run_results.json.
 * docs/runner.md describes the subset, the placement rules and the SQL.
 */
#ifndef FLOE_RUNNER_H
#define FLOE_RUNNER_H

#include <signal.h>
#include <stdbool.h>
#include <stdint.h>
#include "floe/common.h"
#include "floe/buf.h"
#include "floe/diag.h"

struct floe_duckdb_db;

typedef enum floe_step_kind {
	FLOE_STEP_SEED = 0,
	FLOE_STEP_MODEL,
	FLOE_STEP_TEST,
} floe_step_kind;

/* A column of a built relation: name and DuckDB type ("INTEGER"). */
typedef struct floe_runner_column {
	const char *name, *type;
} floe_runner_column;

typedef enum floe_step_status {
	FLOE_STEP_PENDING = 0, /* START events only */
	FLOE_STEP_SUCCESS,     /* a seed or model was built */
	FLOE_STEP_ERROR,       /* its SQL failed (the previous table is kept) */
	FLOE_STEP_SKIPPED,     /* an upstream step failed, or --fail-fast */
	FLOE_STEP_PASS,        /* a test found no failing rows */
	FLOE_STEP_FAIL,        /* ... found some, severity error */
	FLOE_STEP_WARN,        /* ... found some, severity warn */
	FLOE_STEP_CANCELLED,   /* interrupted, or not started after a cancel */
} floe_step_status;

/*
 * One step of a run, as progress events and results show it.  In a
 * progress event the strings are valid during the call; in the results
 * (floe_runner_results_at) as long as the results.
 */
typedef struct floe_runner_step {
	floe_step_kind kind;
	const char *name;          /* "orders", "not_null_orders_id" */
	const char *unique_id;     /* "model.shop.orders" (dbt's shape) */
	const char *relation;      /* "main_bronze.orders"; tests: the tested one */
	const char *materialized;  /* "view", "table", "incremental", "seed", "test" */
	size_t index, total;       /* "3 of 12": index counts from 1 */
	floe_step_status status;
	bool incremental;          /* an incremental model ran incrementally */
	int64_t rows;              /* rows created/inserted; -1: none (views) */
	uint64_t failures;         /* tests: failing rows (dbt's count) */
	double seconds;
	const char *message;       /* ERROR: DuckDB's message; SKIPPED: why */
	/* ---- for observers (lineage, traces: docs/observability.md) ---- */
	const char *database;      /* the relation's parts, unquoted; database */
	const char *schema;        /* NULL: the connection's default; all NULL */
	const char *identifier;    /* for a singular test */
	const char *sql;           /* END: the compiled SQL it ran; NULL: none */
	/* END of a seed or model built with opts.describe: its columns */
	const floe_runner_column *columns;
	size_t ncolumns;
} floe_runner_step;

typedef enum floe_runner_event_type {
	FLOE_RUN_START = 0,  /* a step begins (status PENDING) */
	FLOE_RUN_END,        /* a step ended, or was skipped/cancelled */
} floe_runner_event_type;

/*
 * Called for every event.  The runner serializes the calls (one at a
 * time, from any of its threads), so the callback needs no lock; it must
 * not call back into the runner.
 */
typedef void (*floe_runner_progress_fn)(void *ud, floe_runner_event_type type,
					const floe_runner_step *step);

/* Look up an environment variable for env_var(); NULL: not set. */
typedef const char *(*floe_runner_env_fn)(void *ud, const char *name);

typedef struct floe_runner_opts {
	/* ---- read by floe_runner_load (rendering and placement) ---- */
	/*
	 * The attached database models land in: the catalog's attach alias
	 * (floe_compile_catalog_alias, "floe_default"); quoted in SQL.  NULL: relations are schema.name, in
	 * the connection's default database.
	 */
	const char *database;
	const char *schema;        /* target schema; NULL: "main" */
	const char *target_name;   /* target.name; NULL: "dev" */
	/* --vars: a YAML or JSON map, over dbt_project.yml's vars; NULL: none */
	const char *vars;
	floe_runner_env_fn env;    /* NULL: getenv */
	void *env_ud;
	const floe_limits *limits; /* NULL: defaults */
	/*
	 * --select: space-separated selectors (union), each a comma-separated
	 * list (intersection) of [N+]name|tag:T|path:P|fqn:F|resource_type:R|
	 * source:S[+N]; names may hold * globs.  NULL or "": everything.
	 * Checked at load (run/bad-select), applied by floe_runner_run.
	 */
	const char *select;
	const char *exclude;       /* same syntax; NULL: none */
	/*
	 * dbt's target path (floe_env_prepare decides it: docs/compile.md);
	 * NULL: dbt_project.yml's target-path, else "target", in the project.
	 */
	const char *target_dir;

	/* ---- read by floe_runner_run ---- */
	unsigned threads;          /* worker connections; 0: 1 */
	bool full_refresh;         /* rebuild incremental models (and seeds) */
	bool fail_fast;            /* after the first failure start nothing new */
	floe_runner_progress_fn progress;  /* may be NULL */
	/*
	 * Read each built relation's columns back from DuckDB (DESCRIBE)
	 * for END events (an observer wants them); off, nothing is queried.
	 */
	bool describe;
	void *progress_ud;
	/*
	 * Set (non-zero) by the caller's SIGINT/SIGTERM handler: running
	 * statements are interrupted, nothing new starts, and the remaining
	 * steps end CANCELLED.  May be NULL.
	 */
	const volatile sig_atomic_t *cancel;
	/* Write dbt's run_results.json here (atomically); NULL: no file. */
	const char *run_results;
	/*
	 * Mask secret values in `b` (floe_secret_set_redact): applied to each
	 * step's message and SQL before they reach the results, the progress
	 * callback and run_results.json (a model may render an env-sourced
	 * secret with env_var(), as in dbt).  NULL: nothing masked.
	 */
	void (*redact)(void *ud, floe_buf *b);
	void *redact_ud;
} floe_runner_opts;

typedef struct floe_runner_project floe_runner_project;

/*
 * Load the dbt project in `dir` (where dbt_project.yml is) and check and
 * render all of it with `opts`.  Problems are diagnostics in `d` and give
 * FLOE_EINVALID; *out is set whenever dbt_project.yml could be read (the
 * caller owns it: floe_runner_project_free) but must not be run after
 * FLOE_EINVALID.  Warnings (a selector that matches nothing) do not fail.
 */
int floe_runner_load(floe_runner_project **out, floe_diags *d,
		     const char *dir, const floe_runner_opts *opts);
void floe_runner_project_free(floe_runner_project *p); /* accepts NULL */

/* dbt_project.yml's name. */
const char *floe_runner_project_name(const floe_runner_project *p);
/* opts.target_dir, else dbt's target-path, absolute: where run_results.json goes. */
const char *floe_runner_target_dir(const floe_runner_project *p);
/* Seeds, models and tests that a run with these opts would execute. */
size_t floe_runner_step_count(const floe_runner_project *p,
			      const floe_runner_opts *opts);

typedef struct floe_runner_results floe_runner_results;

/*
 * `floe run --dry-run`: no database.  Every selected model and test as
 * rendered at load with execute true goes to <target>/compiled/<project>/
 * <path>, and dbt's manifest.json (v12, minimal: nodes with unique_id,
 * resource_type, name, fqn, depends_on, config, compiled_code; sources)
 * to <target>/manifest.json.  A node whose rendering needs the database
 * is written as rendered with execute false, and named in `report` (one
 * line each: "<unique_id>: needs the database").  0, or FLOE_EIO with
 * floe_error_last().
 */
int floe_runner_dry_run(const floe_runner_project *p,
			const floe_runner_opts *opts, floe_buf *report);

/*
 * Run the project on `db` with one connection per thread.  The database
 * must already hold the attached target database (attach.sql ran).
 * Returns 0 when the run took place, whatever its steps did (read the
 * results); FLOE_EDUCKDB when it could not start (no connection, a schema
 * could not be created); FLOE_EIO when run_results.json could not be
 * written (the results are still set); FLOE_EUSAGE for a bad select.
 * *out is set whenever the run started; the caller frees it.
 */
int floe_runner_run(floe_runner_results **out, floe_runner_project *p,
		    struct floe_duckdb_db *db, const floe_runner_opts *opts);

/* Steps in the order they ended (dbt's results order). */
size_t floe_runner_results_count(const floe_runner_results *r);
const floe_runner_step *floe_runner_results_at(const floe_runner_results *r,
					       size_t i);
/* Steps with `status`. */
size_t floe_runner_results_with(const floe_runner_results *r,
				floe_step_status status);
/*
 * False when a step ended ERROR, FAIL or CANCELLED, or was SKIPPED: the
 * CLI exits 3.  WARN does not count.
 */
bool floe_runner_results_ok(const floe_runner_results *r);
bool floe_runner_results_cancelled(const floe_runner_results *r);
/* dbt's run_results.json (schema v6 where it fits) written atomically;
 * FLOE_EIO with floe_error_last() on failure. */
int floe_runner_results_write(const floe_runner_results *r, const char *path);
void floe_runner_results_free(floe_runner_results *r); /* accepts NULL */

/*
 * Progress as text, without colour, for the CLI to print:
 *   "3 of 12 OK created table model main_silver.orders ..... [OK 1200 rows in 0.02s]"
 * `width` is the line's width before the bracket (0: 80).  Appends a
 * newline.
 */
void floe_runner_format_step(floe_buf *out, floe_runner_event_type type,
			     const floe_runner_step *step, unsigned width);
/*
 * The closing summary: "Finished running 3 seeds, 5 models, 9 tests in
 * 1.20s.", each failure with its message, and "Done. PASS=.. WARN=..".
 */
void floe_runner_format_summary(floe_buf *out, const floe_runner_results *r);

/*
 * The first `rows` rows of model or seed `name` as an aligned text table
 * (every value cast to text; NULL shown as NULL), read on a connection of
 * its own.  FLOE_ENOTFOUND when no such model or seed; FLOE_EDUCKDB when
 * the query fails (floe_error_last()).
 */
int floe_runner_sample(floe_buf *out, const floe_runner_project *p,
		       struct floe_duckdb_db *db, const char *name,
		       size_t rows);

#endif
