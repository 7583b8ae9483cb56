/*
 * cmd_run.c: `floe run`: compile the environment, then run its pipeline.
 * DuckDB-family compute with the native runner: open the DuckDB session
 * (settings, secrets bound as variables, attach.sql) and build the dbt
 * project with the runner, printing progress.  Other compute, or
 * `--runner dbt`: launch `dbt build` with the environment, as exec does.
 */
#include <getopt.h>
#include <signal.h>
#include <stdarg.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <unistd.h>
#include "cli.h"
#include "floe/env.h"
#include "floe/observe.h"
#include "util.h"

const char usage_run[] =
	"usage: floe run [--env E] [--platform FILE] [--select NAMES] [--exclude NAMES]\n"
	"                [--full-refresh] [--vars YAML] [--fail-fast] [--quiet]\n"
	"                [--runner native|dbt] [--show MODEL [--rows N]]\n"
	"                [--no-lineage] [--no-traces] [--dry-run]\n"
	"\n"
	"Compile the environment into <state>/<env> (--state-dir, default .floe)\n"
	"and run the pipeline; run_results.json goes to dbt's target path,\n"
	"<state>/<env>/target unless DBT_TARGET_PATH or target-path say.  With\n"
	"DuckDB compute floe runs the dbt project itself on embedded DuckDB\n"
	"(seeds, models, tests in dependency order; docs/runner.md); with other\n"
	"compute, or --runner dbt, it launches `dbt build` with the generated\n"
	"profiles and the resolved secrets.\n"
	"\n"
	"options:\n"
	"  --env E           environment (default: $FLOE_PLATFORM_ENV, else local)\n"
	"  --platform FILE   the platform file to use, exactly\n"
	"  --select NAMES    only these (dbt's selector syntax: name, +name, name+,\n"
	"                    tag:T, path:P); --exclude the same\n"
	"  --full-refresh    rebuild incremental models and seeds\n"
	"  --vars YAML       a map over dbt_project.yml's vars\n"
	"  --fail-fast       start nothing new after the first failure\n"
	"  --quiet           no progress lines, only failures and the summary\n"
	"  --runner R        native (DuckDB compute only) or dbt\n"
	"  --show MODEL      print the first rows of MODEL after the run (--rows N, 10)\n"
	"  --no-lineage      send no OpenLineage events this run\n"
	"  --no-traces       send no OTLP spans this run (docs/observability.md)\n"
	"  --dry-run         native runner: render every node into target/compiled and\n"
	"                    write target/manifest.json; no database\n"
	"\n"
	"exit: 0 ok, 1 input rejected, 2 usage, 3 a step failed, a secret could\n"
	"not be resolved or a DuckDB extension cannot be loaded\n";

struct opts {
	const char *env, *platform, *runner, *show;
	size_t rows;
	bool quiet, no_lineage, no_traces, dry_run;
	floe_runner_opts ro;
	floe_observe *obs;
};

static int parse_opts(struct opts *o, int argc, char **argv)
{
	enum { O_ENV = 1, O_PLATFORM, O_SELECT, O_EXCLUDE, O_FULL, O_VARS,
	       O_FAIL, O_QUIET, O_RUNNER, O_SHOW, O_ROWS, O_NOLIN, O_NOTR, O_DRY };
	static const struct option longopts[] = {
		{ "env", required_argument, NULL, O_ENV },
		{ "platform", required_argument, NULL, O_PLATFORM },
		{ "select", required_argument, NULL, O_SELECT },
		{ "exclude", required_argument, NULL, O_EXCLUDE },
		{ "full-refresh", no_argument, NULL, O_FULL },
		{ "vars", required_argument, NULL, O_VARS },
		{ "fail-fast", no_argument, NULL, O_FAIL },
		{ "quiet", no_argument, NULL, O_QUIET },
		{ "runner", required_argument, NULL, O_RUNNER },
		{ "show", required_argument, NULL, O_SHOW },
		{ "rows", required_argument, NULL, O_ROWS },
		{ "dry-run", no_argument, NULL, O_DRY },
		{ "no-lineage", no_argument, NULL, O_NOLIN },
		{ "no-traces", no_argument, NULL, O_NOTR },
		{ NULL, 0, NULL, 0 },
	};
	int ch;
	char *end;

	optind = 1;
	opterr = 0;
	while ((ch = getopt_long(argc, argv, "", longopts, NULL)) != -1) {
		switch (ch) {
		case O_ENV: o->env = optarg; break;
		case O_PLATFORM: o->platform = optarg; break;
		case O_SELECT: o->ro.select = optarg; break;
		case O_EXCLUDE: o->ro.exclude = optarg; break;
		case O_FULL: o->ro.full_refresh = true; break;
		case O_VARS: o->ro.vars = optarg; break;
		case O_FAIL: o->ro.fail_fast = true; break;
		case O_QUIET: o->quiet = true; break;
		case O_SHOW: o->show = optarg; break;
		case O_DRY: o->dry_run = true; break;
		case O_NOLIN: o->no_lineage = true; break;
		case O_NOTR: o->no_traces = true; break;
		case O_RUNNER:
			if (strcmp(optarg, "native") && strcmp(optarg, "dbt"))
				return cli_usage_error("run", "unknown runner '%s' (expected native or dbt)", optarg);
			o->runner = optarg;
			break;
		case O_ROWS:
			o->rows = strtoul(optarg, &end, 10);
			if (*end || !*optarg || o->rows == 0 || o->rows > 10000)
				return cli_usage_error("run", "--rows needs a number from 1 to 10000");
			break;
		default:
			return cli_usage_error("run", "unknown or incomplete option '%s'",
					       argv[optind - 1]);
		}
	}
	if (optind != argc)
		return cli_usage_error("run", "unexpected argument '%s'", argv[optind]);
	return 0;
}

/* A string of the model, or NULL. */
__attribute__((format(printf, 2, 3)))
static const char *mstr(const floe_model *m, const char *fmt, ...)
{
	floe_buf path = FLOE_BUF_INIT;
	va_list ap;
	va_start(ap, fmt);
	floe_buf_vprintf(&path, fmt, ap);
	va_end(ap);
	const floe_mval *v = floe_model_get(m, floe_buf_cstr(&path));
	floe_buf_release(&path);
	return v && v->kind == FLOE_MV_STRING ? v->text : NULL;
}

static void progress(void *ud, floe_runner_event_type type,
		     const floe_runner_step *step)
{
	const struct opts *o = ud;
	bool bad = step->status == FLOE_STEP_ERROR || step->status == FLOE_STEP_FAIL;
	floe_buf b = FLOE_BUF_INIT;

	floe_observe_step(o->obs, type, step);
	if (o->quiet && !bad)
		return;
	floe_runner_format_step(&b, type, step, 0);
	cli_write(1, &b);
	floe_buf_release(&b);
}

/* Mask every resolved secret in what the runner reports and writes. */
static void redact(void *ud, floe_buf *b)
{
	floe_secret_set_redact(b, ud);
}

/*
 * The runner's diagnostics, masked: a render error may quote what a
 * model computed from env_var() ("no model named '<value>'").
 */
static void render_masked(cli *c, floe_diags *d, const floe_secret_set *secrets)
{
	floe_buf out = FLOE_BUF_INIT;
	floe_render_opts o = {
		.format = FLOE_FMT_TEXT,
		.color = c->color,
		.tool = "floe",
		.tool_version = FLOE_VERSION,
		.suite = "run",
		.root = c->repo_root,
	};
	floe_diags_sort(d);
	floe_diag_render(&out, d, &o);
	floe_secret_set_redact(&out, secrets);
	cli_write(STDERR_FILENO, &out);
	floe_buf_release(&out);
}

/* `dbt build` with the environment and the secrets, as exec launches. */
static int run_dbt(floe_env *e, const struct opts *o)
{
	const char *argv[8] = { "dbt", "build", "--project-dir", e->dbt_dir, NULL };
	size_t n = 4, nenv = 0;
	int status = EXIT_RUNTIME;

	if (o->ro.select) {
		argv[n++] = "--select";
		argv[n++] = o->ro.select;
	}
	if (o->ro.full_refresh)
		argv[n++] = "--full-refresh";
	const floe_launch_env *vars = floe_env_child_vars(e, &nenv);
	floe_launch_spec spec = { .argv = (char *const *)argv, .env = vars, .nenv = nenv,
				  .secrets = e->secrets, .cancel = &cli_cancel };
	e->secrets = NULL;  /* consumed */
	e->session.secrets = NULL;
	fflush(NULL);
	if (floe_launch_run_child(&status, &spec) != 0)
		fprintf(stderr, "floe: %s\n", floe_error_last());
	return status == 0 ? EXIT_OK : status == 127 || status == 126 ? status
								: EXIT_RUNTIME;
}

static int open_session(floe_session **s, floe_env *e)
{
	floe_buf err = FLOE_BUF_INIT;
	if (floe_env_make_dirs(e) != 0) {
		fprintf(stderr, "floe: error: %s\n", floe_error_last());
		return EXIT_RUNTIME;
	}
	e->session.cancel = &cli_cancel;
	int rc = floe_session_open(s, &err, &e->session);
	const char *compute = mstr(e->model, "/project/compute");
	floe_buf warn = FLOE_BUF_INIT;
	if (compute && floe_session_version_warning(&warn, mstr(e->model,
			"/compute/%s/properties/duckdb_version", compute)))
		fprintf(stderr, "floe: warning: %s\n", warn.ptr);
	floe_buf_release(&warn);
	if (rc && !cli_cancel) {
		fprintf(stderr, "floe: error: %s\n", floe_error_last());
		if (err.len && !floe_session_missing_extension())
			fprintf(stderr, "%s\n", floe_buf_cstr(&err));
	}
	floe_buf_release(&err);
	return rc ? EXIT_RUNTIME : EXIT_OK;
}

static void show(const floe_runner_project *rp, floe_session *s, const struct opts *o)
{
	floe_buf b = FLOE_BUF_INIT;
	if (floe_runner_sample(&b, rp, floe_session_db(s), o->show,
			       o->rows ? o->rows : 10) != 0) {
		fprintf(stderr, "floe: cannot show '%s': %s\n", o->show, floe_error_last());
	} else {
		printf("\n%s (first rows):\n", o->show);
		fflush(stdout);
		cli_write(1, &b);
	}
	floe_buf_release(&b);
}

/* ---- lineage and traces (docs/observability.md): a run's observer ---- */

static void observe_start(struct opts *o, const floe_env *e,
			  const floe_runner_project *rp)
{
	const floe_model *m = e->model;
	floe_observe_opts oo = { .project = floe_runner_project_name(rp),
				 .no_lineage = o->no_lineage, .no_traces = o->no_traces,
				 .secrets = e->secrets };
	floe_buf warn = FLOE_BUF_INIT;
	floe_observe_new(&o->obs, &warn, m, &oo);
	if (warn.len)
		cli_write(2, &warn);
	floe_buf_release(&warn);
	o->ro.describe = floe_observe_wants_columns(o->obs);
	floe_observe_run_start(o->obs);
}

static void observe_end(struct opts *o, int rc, const floe_runner_results *res)
{
	floe_buf warn = FLOE_BUF_INIT;
	if (!o->obs)
		return;
	bool ok = rc == 0 && res && floe_runner_results_ok(res);
	floe_observe_run_end(o->obs, ok, res && floe_runner_results_cancelled(res),
			     ok ? NULL : rc && rc != FLOE_EIO ? floe_error_last()
			     : "a step did not succeed");
	floe_observe_finish(o->obs, &warn);  /* bounded: never fails the run */
	o->obs = NULL;
	if (warn.len)
		cli_write(2, &warn);
	floe_buf_release(&warn);
}

static int run_native(cli *c, floe_env *e, struct opts *o)
{
	floe_runner_project *rp = NULL;
	floe_runner_results *res = NULL;
	floe_session *s = NULL;
	floe_diags *d = floe_diags_new(c->limits.max_diags);
	floe_buf b = FLOE_BUF_INIT, path = FLOE_BUF_INIT;
	int status;

	/* what the environment decides, then this command's own options */
	o->ro.database = e->runner.database;
	o->ro.schema = e->runner.schema;
	o->ro.target_name = e->runner.target_name;
	o->ro.threads = e->runner.threads;
	o->ro.limits = e->runner.limits;
	o->ro.target_dir = e->runner.target_dir;
	o->ro.progress = progress;
	o->ro.progress_ud = o;
	o->ro.cancel = &cli_cancel;
	o->ro.redact = redact;
	o->ro.redact_ud = e->secrets;
	if (floe_runner_load(&rp, d, e->dbt_dir, &o->ro) != 0 || floe_diags_errors(d)) {
		render_masked(c, d, e->secrets);
		status = cli_cancelled("while loading the dbt project");
		if (!status)
			status = EXIT_REJECTED;
		goto out;
	}
	render_masked(c, d, e->secrets);  /* warnings */
	if ((status = cli_cancelled("while loading the dbt project")) != EXIT_OK)
		goto out;
	if (o->dry_run) {
		status = floe_runner_dry_run(rp, &o->ro, &b) == 0 ? EXIT_OK : EXIT_RUNTIME;
		if (status != EXIT_OK)
			fprintf(stderr, "floe: error: %s\n", floe_error_last());
		const char *t = floe_runner_target_dir(rp);
		char cwd[4096];
		size_t n = getcwd(cwd, sizeof(cwd)) ? strlen(cwd) : 0;
		if (n && strncmp(t, cwd, n) == 0 && t[n] == '/')
			t += n + 1;  /* relative to where floe runs */
		floe_buf_printf(&b, "Wrote %s/manifest.json and %s/compiled\n", t, t);
		if (status == EXIT_OK)
			cli_write(1, &b);
		goto out;
	}
	if ((status = open_session(&s, e)) != EXIT_OK) {
		if (cli_cancel)
			status = cli_cancelled("while opening DuckDB");
		goto out;
	}
	if ((status = cli_cancelled("while opening DuckDB")) != EXIT_OK)
		goto out;
	floe_buf_printf(&path, "%s/run_results.json", floe_runner_target_dir(rp));
	o->ro.run_results = floe_buf_cstr(&path);
	observe_start(o, e, rp);
	int rc = floe_runner_run(&res, rp, floe_session_db(s), &o->ro);
	observe_end(o, rc, res);
	if (res) {
		floe_runner_format_summary(&b, res);
		cli_write(1, &b);
	}
	if (rc && rc != FLOE_EIO) {
		fprintf(stderr, "floe: error: %s\n", floe_error_last());
		status = EXIT_RUNTIME;
	} else if (rc == FLOE_EIO || !res || !floe_runner_results_ok(res)) {
		if (rc == FLOE_EIO)
			fprintf(stderr, "floe: error: %s\n", floe_error_last());
		status = EXIT_RUNTIME;
	} else if (o->show) {
		show(rp, s, o);
	}
out:
	floe_runner_results_free(res);
	floe_session_close(s);
	floe_runner_project_free(rp);
	floe_buf_release(&b);
	floe_buf_release(&path);
	floe_diags_free(d);
	return status;
}

int cmd_run(cli *c, int argc, char **argv)
{
	struct opts o = { 0 };
	floe_env *e = NULL;
	int status = parse_opts(&o, argc, argv);

	if (status)
		return status;
	cli_guard_signals();
	cli_guard_secrets();
	floe_diags *d = floe_diags_new(c->limits.max_diags);
	status = cli_env_prepare(&e, c, d, o.env, o.platform, NULL, FLOE_ENV_SECRETS);
	cli_render(c, d, FLOE_FMT_TEXT, "run");
	floe_diags_free(d);
	if (cli_cancel && (status == EXIT_OK || status == EXIT_RUNTIME))
		status = cli_cancelled("while compiling");
	if (status == EXIT_OK) {
		const floe_model *m = e->model;
		const char *compute = mstr(m, "/project/compute");
		const char *runner = compute ? mstr(m, "/compute/%s/runner", compute) : NULL;
		if (o.runner)
			runner = o.runner;
		if (runner && strcmp(runner, "native") == 0) {
			const char *type = mstr(m, "/compute/%s/type", compute);
			if (!type || (strcmp(type, "duckdb") && strcmp(type, "motherduck")))
				status = cli_usage_error("run", "the native runner needs DuckDB compute; "
							 "this environment's is '%s' (use --runner dbt)",
							 type ? type : "?");
			else
				status = run_native(c, e, &o);
		} else {
			status = run_dbt(e, &o);
		}
	}
	floe_env_free(e);
	return status;
}
