/*
 * cmd_exec.c: `floe exec -- CMD ARGS...`: compile the environment (the
 * outputs land in .floe/<env>, so DBT_PROFILES_DIR has its profiles.yml),
 * resolve its secrets, and exec CMD with the container environment and
 * the secrets under their variable names.  Also the preparation that
 * `floe run` shares: project, compile, outputs, secrets.
 */
#include <getopt.h>
#include <limits.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <unistd.h>
#include "cli.h"
#include "floe/compile.h"
#include "floe/launch.h"
#include "floe/model.h"
#include "floe/project.h"
#include "util/util.h"

const char usage_exec[] =
	"usage: floe exec [--env E] [--platform FILE] -- CMD [ARGS...]\n"
	"\n"
	"Compile the environment into .floe/<env>, resolve every secret it needs\n"
	"(environment variable, then file under the secrets mount, then the\n"
	"sealed file platform/<env>/secrets.sealed.yaml) and replace floe with\n"
	"CMD, run with the container environment, the secrets under their\n"
	"variable names and DBT_PROFILES_DIR set.  No pipes: the terminal,\n"
	"signals and exit code are CMD's.  As a container's PID 1, floe stays,\n"
	"forwards signals and reaps children.\n"
	"\n"
	"options:\n"
	"  --env E          environment (default: $FLOE_PLATFORM_ENV, else local)\n"
	"  --platform FILE  the platform file to use, exactly\n"
	"\n"
	"exit: CMD's status; 127 CMD not found, 126 not executable; 1 input\n"
	"rejected, 2 usage, 3 a secret could not be resolved or outputs written\n";

void cli_prepared_release(cli_prepared *pp)
{
	floe_secret_set_free(pp->secrets);
	floe_compile_free(pp->result);
	floe_project_free(pp->project);
	free(pp->out_dir);
	memset(pp, 0, sizeof(*pp));
}

/* The mount of secret files the platform names, if any. */
static const char *mount_dir(const floe_model *m)
{
	const floe_mval *v = floe_model_get(m,
		"/security/secret_backends/kubernetes/mount_path");
	return v && v->kind == FLOE_MV_STRING ? v->text : NULL;
}

static int resolve_secrets(cli_prepared *pp)
{
	const floe_model *m = floe_compile_model(pp->result);
	size_t n = floe_model_secret_count(m);
	floe_secret_ref *refs = floe_xcalloc(n ? n : 1, sizeof(*refs));
	floe_buf sealed = FLOE_BUF_INIT, report = FLOE_BUF_INIT;
	int rc;

	for (size_t i = 0; i < n; i++) {
		const floe_msecret *s = floe_model_secret_at(m, i);
		refs[i] = (floe_secret_ref){ s->name, s->key, s->env };
	}
	floe_buf_printf(&sealed, "platform/%s/secrets.sealed.yaml",
			floe_model_env_name(m));
	floe_secret_opts so = { .mount_dir = mount_dir(m),
				.sealed_file = floe_buf_cstr(&sealed),
				.env = floe_model_env_name(m) };
	rc = floe_secret_set_resolve(&pp->secrets, &report, refs, n, &so);
	if (rc)
		fprintf(stderr, "floe: error: %s\n", floe_buf_cstr(&report));
	floe_buf_release(&report);
	floe_buf_release(&sealed);
	free(refs);
	return rc ? EXIT_RUNTIME : EXIT_OK;
}

int cli_prepare(cli_prepared *pp, cli *c, floe_diags *d, const char *env,
		const char *platform, bool secrets)
{
	floe_project_opts po = { .env = env, .platform = platform,
				 .limits = &c->limits };
	floe_buf b = FLOE_BUF_INIT;
	int rc = floe_project_load(&pp->project, d, &po);

	if (rc && rc != FLOE_EINVALID)
		return cli_runtime_error(EXIT_RUNTIME, "cannot load the project");
	if (floe_diags_errors(d) || floe_project_env_count(pp->project) != 1)
		return EXIT_REJECTED;
	floe_buf_printf(&b, ".floe/%s", floe_project_env_name(pp->project, 0));
	pp->out_dir = floe_buf_detach(&b);
	floe_compile_opts co = { .out_dir = pp->out_dir };
	rc = floe_compile(&pp->result, d, pp->project, 0, &co);
	if (rc == FLOE_EINVALID || floe_diags_errors(d))
		return EXIT_REJECTED;
	if (rc)
		return cli_runtime_error(EXIT_RUNTIME, "cannot compile");
	if (floe_compile_write(pp->result, pp->out_dir) != 0)
		return cli_runtime_error(EXIT_RUNTIME, "cannot write the outputs");
	return secrets ? resolve_secrets(pp) : EXIT_OK;
}

/* The container environment, DBT_PROFILES_DIR made absolute. */
floe_launch_env *cli_prepared_env(cli_prepared *pp, size_t *n)
{
	const floe_model *m = floe_compile_model(pp->result);
	size_t count = floe_model_env_count(m), k = 0;
	floe_launch_env *env = floe_xcalloc(count + 1, sizeof(*env));
	static char abs_dir[PATH_MAX];

	for (size_t i = 0; i < count; i++) {
		const floe_menv *e = floe_model_env_at(m, i);
		if (!e->value)
			continue;  /* a secret: from the resolved set */
		env[k++] = (floe_launch_env){ e->name, e->value };
	}
	if (realpath(pp->out_dir, abs_dir))
		env[k++] = (floe_launch_env){ "DBT_PROFILES_DIR", abs_dir };
	*n = k;
	return env;
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
	cli_prepared pp = { 0 };
	int status, rc = parse_opts(&env, &platform, argc, argv);
	size_t nenv = 0;

	if (rc)
		return rc;
	cli_guard_signals();
	cli_guard_secrets();
	floe_diags *d = floe_diags_new(c->limits.max_diags);
	status = cli_prepare(&pp, c, d, env, platform, true);
	cli_render(c, d, FLOE_FMT_TEXT, "exec");
	floe_diags_free(d);
	if (cli_cancel && (status == EXIT_OK || status == EXIT_RUNTIME))
		status = cli_cancelled("before the command started");
	if (status != EXIT_OK) {
		cli_prepared_release(&pp);
		return status;
	}
	floe_launch_env *vars = cli_prepared_env(&pp, &nenv);
	floe_launch_spec spec = {
		.argv = argv + optind, .env = vars, .nenv = nenv,
		.secrets = pp.secrets, .as_init = floe_launch_is_init(),
		.cancel = &cli_cancel,
	};
	fflush(NULL);
	pp.secrets = NULL;  /* consumed by the launch */
	rc = floe_launch_exec(&status, &spec);
	if (rc)
		fprintf(stderr, "floe: %s\n", floe_error_last());
	free(vars);
	cli_prepared_release(&pp);
	return status;
}
