/*
 * floe/env.h: preparing an environment, the one owner of every path and
 * decision `run`, `exec`, `compile`, `diff` and `floe secrets` share: the
 * project directory, the environment's name and platform file, its sealed
 * secrets file, the state directory, the compiled outputs' directory, the
 * secrets mount, the DuckDB session of the native runner and the runner's
 * options.  The commands pass their options and print; the rules live
 * here and in docs/compile.md ("Where floe writes").
 *
 * Rules:
 *   - state directory: opts.state_dir, else $FLOE_STATE_DIR, else .floe in
 *     the project directory.  Everything floe writes at run time goes
 *     under it.
 *   - outputs: opts.out exactly (the user's choice), else <state>/<env>;
 *     when that folder holds a platform.yaml (floe-runtime's layout
 *     .floe/<env>/platform.yaml), <state>/<env>/compiled.
 *   - sealed secrets: secrets.sealed.yaml beside the platform file
 *     (floe_project_sealed_path); platform/<env>/ when there is none yet.
 *   - dbt's target path: $DBT_TARGET_PATH, else dbt_project.yml's
 *     target-path, else <state>/<env>/target; its log path likewise
 *     ($DBT_LOG_PATH, log-path, <state>/<env>/logs).
 *   - names: the environment's name becomes a folder: floe_project_locate
 *     refuses one that would leave it (resolve/bad-env-name).
 */
#ifndef FLOE_ENV_H
#define FLOE_ENV_H

#include <stdbool.h>
#include "floe/common.h"
#include "floe/compile.h"
#include "floe/diag.h"
#include "floe/launch.h"
#include "floe/model.h"
#include "floe/project.h"
#include "floe/runner.h"

/* How far floe_env_prepare goes; each step includes those before it. */
typedef enum floe_env_step {
	FLOE_ENV_LOCATE = 0, /* names and paths only: nothing is read */
	FLOE_ENV_MODEL,      /* the project loaded and checked, the model built */
	FLOE_ENV_WRITE,      /* compiled, the outputs written into out_dir */
	FLOE_ENV_SECRETS,    /* every secret the environment needs resolved */
} floe_env_step;

typedef struct floe_env_opts {
	const char *dir;        /* project directory; NULL: "." */
	const char *env;        /* --env; NULL: FLOE_PLATFORM_ENV, else local */
	const char *platform;   /* --platform FILE; NULL: FLOE_PLATFORM_FILE, else search */
	const char *state_dir;  /* --state-dir; NULL: FLOE_STATE_DIR, else <dir>/.floe */
	const char *out;        /* compile --out; NULL: the rule above */
	floe_env_step step;
	const floe_limits *limits;
	/* the process environment; NULL: the real getenv */
	const char *(*getenv)(const char *name);
} floe_env_opts;

typedef struct floe_env {
	/* ---- FLOE_ENV_LOCATE ---- */
	const char *name;          /* "prod" */
	const char *project_dir;   /* "." */
	const char *platform_file; /* "platform/prod/platform.yaml" */
	const char *sealed_file;   /* beside it: ".../secrets.sealed.yaml" */
	const char *state_dir;     /* ".floe" */
	const char *out_dir;       /* ".floe/prod" (or --out) */
	/* ---- FLOE_ENV_MODEL ---- */
	floe_project *project;
	floe_model *model;         /* owned by `result` once compiled */
	const char *mount_dir;     /* the platform's secret mount; NULL: default */
	const char *dbt_dir;       /* the dbt project: transforms[0].path in project_dir */
	/*
	 * dbt's target and log paths, absolute.  *_set: floe chose them (not
	 * $DBT_*_PATH, not dbt_project.yml), so a dbt child gets them as
	 * DBT_TARGET_PATH / DBT_LOG_PATH.
	 */
	const char *target_dir, *log_dir;
	bool target_set, log_set;
	/* ---- FLOE_ENV_WRITE ---- */
	floe_compile_result *result;
	/*
	 * The native runner's session and options, filled from the model:
	 * path, DUCKDB_* settings, attach.sql, the confinement after it
	 * (confine, allowed_dirs: the project, dbt project, state and outputs'
	 * folders, the warehouse, temp directory, storage buckets and
	 * endpoints, catalog URIs, security.duckdb.allowed_directories;
	 * docs/secrets.md), secrets (after SECRETS); and
	 * database, schema, target_name, threads, limits, target_dir.  The
	 * caller adds its own (select, progress, cancel, ...).
	 */
	floe_session_spec session;
	floe_runner_opts runner;
	/* ---- FLOE_ENV_SECRETS ---- */
	floe_secret_set *secrets;  /* take it (set to NULL) to hand it on */
	/* why a step failed, when floe_error_last() is too short: lines */
	const char *report;
	struct floe_env_impl *impl;
} floe_env;

/*
 * Prepare the environment up to opts->step.  *out is set whenever the
 * environment could be located (free it with floe_env_free), so callers
 * see how far it got.  Returns 0; FLOE_EINVALID when the input was
 * rejected (diagnostics in `d`: exit 1); else a runtime failure (exit 3)
 * with floe_error_last() and, for secrets, every problem in (*out)->report:
 * FLOE_EIO (the outputs could not be written, or floe will not replace
 * the folder), FLOE_ESECRET, FLOE_ECRYPTO, ...
 */
int floe_env_prepare(floe_env **out, const floe_env_opts *opts, floe_diags *d);
void floe_env_free(floe_env *e); /* accepts NULL; wipes the secrets */

/*
 * The environment a child gets on top of floe's (exec, `run --runner
 * dbt`): the container environment without secrets, DBT_PROFILES_DIR
 * (absolute), and DBT_TARGET_PATH / DBT_LOG_PATH when target_set /
 * log_set; never floe's own keys (floe_secret_env_blocked:
 * FLOE_SECRETS_KEY*, FLOE_DIFF_KEY).  The array and strings live as long
 * as `e`.
 */
const floe_launch_env *floe_env_child_vars(floe_env *e, size_t *n);

/*
 * Make the folders of the local files the run writes (the compute
 * database, a DuckDB temp directory, dbt's target path).  FLOE_EIO with
 * floe_error_last() naming the path and, where the platform file set it,
 * the key.
 */
int floe_env_make_dirs(floe_env *e);

#endif
