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
	const char *state_dir;  /* --state-dir; NULL: FLOE_STATE_DIR, else .floe */
	/* sarif/github paths are relative to it: --repo-root, else the git
	 * top level above the project, else where floe was started */
	const char *repo_root;
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
int cmd_deps(cli *c, int argc, char **argv);
extern const char usage_deps[];

extern const char usage_validate[], usage_schema[], usage_secrets[];

/*
 * What every command that prepares an environment shares (cmd_exec.c):
 * floe_env_prepare with the global options (-C, --state-dir, limits).
 * Returns EXIT_OK, or the exit status after printing a runtime failure
 * (diagnostics stay in `d` for the caller to render).  *e is set whenever
 * the environment was located; the caller frees it (floe_env_free).
 */
struct floe_env;
int cli_env_prepare(struct floe_env **e, cli *c, floe_diags *d, const char *env,
		    const char *platform, const char *out, int step);
/*
 * The outputs' folder floe_env_prepare decides for the environment
 * (<state>/<env>), for commands that only name it (explain, requirements);
 * NULL when the environment cannot be located (the load then says why).
 * The caller frees it.
 */
char *cli_env_out_dir(cli *c, const char *env, const char *platform);

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

/* Print "floe: error: ..." and the command's usage hint; returns EXIT_USAGE. */
int cli_usage_error(const char *cmd, const char *fmt, ...)
	__attribute__((format(printf, 2, 3)));
/* Print a one-line runtime error (with floe_error_last() when set). */
int cli_runtime_error(int code, const char *fmt, ...)
	__attribute__((format(printf, 2, 3)));
/* Write a buffer to stdout or stderr in full; false on failure. */
bool cli_write(int fd, const floe_buf *b);
/* Render diagnostics: text to stderr, machine formats to stdout. */
void cli_render(cli *c, floe_diags *d, floe_format fmt, const char *suite);

#endif
