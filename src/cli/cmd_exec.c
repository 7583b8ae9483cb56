/*
 * cmd_exec.c: `floe exec -- CMD ARGS...`: prepare the environment
 * (floe/env.h: compiled into <state>/<env>, so DBT_PROFILES_DIR has its
 * profiles.yml, and its secrets resolved) and exec CMD with the container
 * environment and the secrets under their variable names.  Also
 * cli_env_prepare, which every command that prepares an environment uses.
 */
#include <getopt.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <unistd.h>
#include "cli.h"
#include "floe/env.h"
#include "util.h"

const char usage_exec[] =
	"usage: floe exec [--env E] [--platform FILE] -- CMD [ARGS...]\n"
	"\n"
	"Compile the environment into <state>/<env> (state: --state-dir, default\n"
	".floe), resolve every secret it needs (environment variable, then file\n"
	"under the secrets mount, then secrets.sealed.yaml beside the platform\n"
	"file) and replace floe with CMD, run with the container environment,\n"
	"the secrets under their variable names, DBT_PROFILES_DIR set, and\n"
	"DBT_TARGET_PATH / DBT_LOG_PATH under the state directory unless set\n"
	"(or named by dbt_project.yml).  No pipes: the terminal,\n"
	"signals and exit code are CMD's.  As a container's PID 1, floe stays,\n"
	"forwards signals and reaps children.\n"
	"\n"
	"options:\n"
	"  --env E          environment (default: $FLOE_PLATFORM_ENV, else local)\n"
	"  --platform FILE  the platform file to use, exactly\n"
	"\n"
	"exit: CMD's status; 127 CMD not found, 126 not executable; 1 input\n"
	"rejected, 2 usage, 3 a secret could not be resolved or outputs written\n";

int cli_env_prepare(floe_env **e, cli *c, floe_diags *d, const char *env,
		    const char *platform, const char *out, int step)
{
	floe_env_opts o = { .env = env, .platform = platform, .out = out,
			    .state_dir = c->state_dir, .step = (floe_env_step)step,
			    .limits = &c->limits };
	int rc = floe_env_prepare(e, &o, d);

	if (rc == 0)
		return EXIT_OK;
	if (rc == FLOE_EINVALID)
		return EXIT_REJECTED;
	if (*e && (*e)->report && (*e)->report[0]) {
		const char *s = (*e)->report;
		while (*s) {
			size_t n = strcspn(s, "\n");
			fprintf(stderr, "floe: error: %.*s\n", (int)n, s);
			s += n + (s[n] == '\n');
		}
		return EXIT_RUNTIME;
	}
	fprintf(stderr, "floe: error: %s\n", floe_error_last()[0] ? floe_error_last()
			: "cannot prepare the environment");
	return EXIT_RUNTIME;
}

char *cli_env_out_dir(cli *c, const char *env, const char *platform)
{
	floe_env_opts o = { .env = env, .platform = platform, .state_dir = c->state_dir,
			    .step = FLOE_ENV_LOCATE, .limits = &c->limits };
	floe_diags *d = floe_diags_new(1);
	floe_env *e = NULL;
	char *out = NULL;
	if (floe_env_prepare(&e, &o, d) == 0)
		out = floe_xstrdup(e->out_dir);
	floe_env_free(e);
	floe_diags_free(d);
	return out;
}

static int parse_opts(const char **env, const char **platform, int argc,
		      char **argv)
{
	enum { O_ENV = 1, O_PLATFORM };
	static const struct option longopts[] = {
		{ "env", required_argument, NULL, O_ENV },
		{ "platform", required_argument, NULL, O_PLATFORM },
		{ NULL, 0, NULL, 0 },
	};
	int ch;

	optind = 1;
	opterr = 0;
	/* '+': stop at the first operand, CMD's own options are CMD's */
	while ((ch = getopt_long(argc, argv, "+", longopts, NULL)) != -1) {
		if (ch == O_ENV)
			*env = optarg;
		else if (ch == O_PLATFORM)
			*platform = optarg;
		else
			return cli_usage_error("exec", "unknown or incomplete option '%s'",
					       argv[optind - 1]);
	}
	if (optind >= argc)
		return cli_usage_error("exec", "no command given: floe exec [--env E] -- CMD [ARGS...]");
	return 0;
}

int cmd_exec(cli *c, int argc, char **argv)
{
	const char *env = NULL, *platform = NULL;
	floe_env *e = NULL;
	int status, rc = parse_opts(&env, &platform, argc, argv);
	size_t nenv = 0;

	if (rc)
		return rc;
	cli_guard_signals();
	cli_guard_secrets();
	floe_diags *d = floe_diags_new(c->limits.max_diags);
	status = cli_env_prepare(&e, c, d, env, platform, NULL, FLOE_ENV_SECRETS);
	cli_render(c, d, FLOE_FMT_TEXT, "exec");
	floe_diags_free(d);
	if (cli_cancel && (status == EXIT_OK || status == EXIT_RUNTIME))
		status = cli_cancelled("before the command started");
	if (status != EXIT_OK) {
		floe_env_free(e);
		return status;
	}
	const floe_launch_env *vars = floe_env_child_vars(e, &nenv);
	floe_launch_spec spec = {
		.argv = argv + optind, .env = vars, .nenv = nenv,
		.secrets = e->secrets, .as_init = floe_launch_is_init(),
		.cancel = &cli_cancel,
	};
	fflush(NULL);
	e->secrets = NULL;  /* consumed by the launch */
	e->session.secrets = NULL;
	rc = floe_launch_exec(&status, &spec);
	if (rc)
		fprintf(stderr, "floe: %s\n", floe_error_last());
	floe_env_free(e);
	return status;
}
