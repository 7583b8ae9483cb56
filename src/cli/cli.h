/*
 * cli.h: what the command files share: the global options and the few
 * output helpers of main.c.  Commands use only include/floe + src/util.
 */
#ifndef FLOE_CLI_H
#define FLOE_CLI_H

#include <stdbool.h>
#include "floe/common.h"
#include "floe/buf.h"
#include "floe/diag.h"

/* Exit codes: the contract of product.md. */
enum {
	EXIT_OK = 0,
	EXIT_REJECTED = 1,  /* input rejected, missing or unreadable */
	EXIT_USAGE = 2,
	EXIT_RUNTIME = 3,
};

typedef struct cli {
	bool color;         /* stderr diagnostics in color */
	const char *prog;   /* "floe" */
	floe_limits limits;
} cli;

typedef struct cli_command {
	const char *name;
	int (*run)(cli *c, int argc, char **argv);
	const char *summary;
	const char *usage;  /* full --help text */
} cli_command;

int cmd_validate(cli *c, int argc, char **argv);
int cmd_schema(cli *c, int argc, char **argv);
int cmd_secrets(cli *c, int argc, char **argv);
int cmd_compile(cli *c, int argc, char **argv);
int cmd_requirements(cli *c, int argc, char **argv);
extern const char usage_compile[], usage_requirements[];
int cmd_lint(cli *c, int argc, char **argv);
extern const char usage_lint[];
int cmd_exec(cli *c, int argc, char **argv);
int cmd_run(cli *c, int argc, char **argv);
extern const char usage_exec[], usage_run[];
int cmd_explain(cli *c, int argc, char **argv);
int cmd_diff(cli *c, int argc, char **argv);
extern const char usage_explain[], usage_diff[];

extern const char usage_validate[], usage_schema[], usage_secrets[];

/*
 * What `exec` and `run` share (cmd_exec.c): the project of one
 * environment, compiled, its outputs written to .floe/<env>, and its
 * secrets resolved.
 */
struct floe_project;
struct floe_compile_result;
struct floe_secret_set;
struct floe_launch_env;
typedef struct cli_prepared {
	struct floe_project *project;
	struct floe_compile_result *result;
	struct floe_secret_set *secrets;  /* NULL when not asked for */
	char *out_dir;                    /* ".floe/<env>" */
} cli_prepared;
/* Returns EXIT_OK, or the exit status after printing why (not the diags). */
/*
 * guard.c.  cli_guard_secrets: first thing in a command that resolves
 * secrets (no core dumps, FLOE_SECRETS_KEY* out of environ, warnings
 * printed).  cli_guard_signals: SIGINT/SIGTERM set cli_cancel (the
 * signal); cli_cancelled(WHEN) prints "floe: cancelled (SIGTERM) WHEN" and
 * returns EXIT_RUNTIME once one came, else 0.
 */
#include <signal.h>
extern volatile sig_atomic_t cli_cancel;
void cli_guard_secrets(void);
void cli_guard_signals(void);
int cli_cancelled(const char *when);

/*
 * confine.c: the directories (with a final '/') and bucket URLs DuckDB
 * may touch once confined, pushed to `out` as heap strings.
 */
struct floe_model;
struct floe_vec;
void cli_confine_dirs(struct floe_vec *out, const struct floe_model *m,
		      const char *out_dir, const char *dbt_dir,
		      const char *temp_dir);

int cli_prepare(cli_prepared *pp, cli *c, floe_diags *d, const char *env,
		const char *platform, bool secrets);
/* The container environment without secrets, DBT_PROFILES_DIR absolute. */
struct floe_launch_env *cli_prepared_env(cli_prepared *pp, size_t *n);
void cli_prepared_release(cli_prepared *pp);

/* Print "floe: error: ..." and the command's usage hint; returns EXIT_USAGE. */
int cli_usage_error(const char *cmd, const char *fmt, ...)
	__attribute__((format(printf, 2, 3)));
/* Print a one-line runtime error (with floe_error_last() when set). */
int cli_runtime_error(int code, const char *fmt, ...)
	__attribute__((format(printf, 2, 3)));
/* True when argv[i] is --help or -h. */
bool cli_wants_help(int argc, char **argv);
/* Write a buffer to stdout or stderr in full; false on failure. */
bool cli_write(int fd, const floe_buf *b);
/* Render diagnostics: text to stderr, machine formats to stdout. */
void cli_render(cli *c, floe_diags *d, floe_format fmt, const char *suite);

#endif
