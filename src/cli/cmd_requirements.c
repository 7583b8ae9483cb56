/*
 * cmd_requirements.c: `floe requirements`: what one environment needs at
 * run time (variables, secret references and the variables they map to,
 * files, DuckDB extensions), from the resolved model; text, or JSON on
 * standard output (docs/compile.md).  Nothing is compiled or written.
 */
#include <getopt.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <unistd.h>
#include "cli.h"
#include "floe/compile.h"
#include "floe/model.h"
#include "floe/project.h"
#include "util.h"

const char usage_requirements[] =
	"usage: floe requirements [--env E] [--platform FILE] [--format text|json]\n"
	"\n"
	"List what the environment needs at run time: the container's environment\n"
	"variables, every secret reference with the variable it is read from,\n"
	"the files it reads and writes, and the DuckDB extensions it loads.\n"
	"\n"
	"options:\n"
	"  --env E          environment (default: $FLOE_PLATFORM_ENV, else local)\n"
	"  --platform FILE  the platform file to use, exactly\n"
	"  --format F       text (default) or json (on standard output)\n"
	"\n"
	"exit: 0 listed, 1 input rejected, 2 usage\n";

struct opts {
	const char *env, *platform;
	floe_format format;
};

static int parse_opts(struct opts *o, int argc, char **argv)
{
	enum { O_ENV = 1, O_PLATFORM, O_FORMAT };
	static const struct option longopts[] = {
		{ "env", required_argument, NULL, O_ENV },
		{ "platform", required_argument, NULL, O_PLATFORM },
		{ "format", required_argument, NULL, O_FORMAT },
		{ NULL, 0, NULL, 0 },
	};
	int ch;

	optind = 1;
	opterr = 0;
	while ((ch = getopt_long(argc, argv, "", longopts, NULL)) != -1) {
		switch (ch) {
		case O_ENV: o->env = optarg; break;
		case O_PLATFORM: o->platform = optarg; break;
		case O_FORMAT:
			if (floe_format_parse(&o->format, optarg) != 0 ||
			    (o->format != FLOE_FMT_TEXT && o->format != FLOE_FMT_JSON))
				return cli_usage_error("requirements",
					"unknown format '%s' (expected text or json)", optarg);
			break;
		default:
			return cli_usage_error("requirements", "unknown or incomplete option '%s'",
					       argv[optind - 1]);
		}
	}
	if (optind != argc)
		return cli_usage_error("requirements", "unexpected argument '%s'",
				       argv[optind]);
	return 0;
}

static int run(cli *c, const struct opts *o, floe_diags *d)
{
	floe_project *p = NULL;
	floe_model *m = NULL;
	floe_project_opts po = { .env = o->env, .platform = o->platform,
				 .limits = &c->limits };
	floe_buf out = FLOE_BUF_INIT;
	int rc = floe_project_load(&p, d, &po);
	int status = EXIT_OK;

	if (rc && rc != FLOE_EINVALID) {
		status = cli_runtime_error(EXIT_RUNTIME, "cannot read the project");
		goto out;
	}
	if (!floe_diags_errors(d) && floe_project_env_count(p) == 1)
	{
		char *dir = cli_env_out_dir(c, o->env, o->platform);
		floe_model_opts mo = { .profiles_dir = dir };
		rc = floe_model_build(&m, d, p, 0, &mo);
		free(dir);
	}
	if (floe_diags_errors(d) || !m) {
		status = EXIT_REJECTED;
		cli_render(c, d, o->format, "requirements");
		goto out;
	}
	if (rc) {
		status = cli_runtime_error(EXIT_RUNTIME, "cannot resolve the environment");
		goto out;
	}
	cli_render(c, d, FLOE_FMT_TEXT, "requirements");
	floe_requirements_render(&out, m, o->format);
	if (!cli_write(STDOUT_FILENO, &out))
		status = cli_runtime_error(EXIT_RUNTIME, "cannot write to standard output");
out:
	floe_buf_release(&out);
	floe_model_free(m);
	floe_project_free(p);
	return status;
}

int cmd_requirements(cli *c, int argc, char **argv)
{
	struct opts o = { 0 };
	int rc = parse_opts(&o, argc, argv);
	if (rc)
		return rc;
	floe_diags *d = floe_diags_new(c->limits.max_diags);
	rc = run(c, &o, d);
	floe_diags_free(d);
	return rc;
}
