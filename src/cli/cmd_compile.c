/*
 * cmd_compile.c: `floe compile`: load the project for one environment,
 * compile it in memory, print the diagnostics, then write every output
 * into --out DIR (default .floe/<env> in the project) at once, or nothing.
 */
#include <getopt.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include "cli.h"
#include "floe/compile.h"
#include "floe/project.h"
#include "util/util.h"

const char usage_compile[] =
	"usage: floe compile [--env E] [--platform FILE] [--out DIR] [--format F]\n"
	"\n"
	"Resolve floe.yaml against the environment's platform file and write the\n"
	"files other tools consume: profiles.yml (dbt), attach.sql (DuckDB),\n"
	"container.env (docker --env-file), k8s-env.yaml (Kubernetes env) and\n"
	"manifest.json, all at once or none.  No secret value is read or written.\n"
	"\n"
	"options:\n"
	"  --env E          environment (default: $FLOE_PLATFORM_ENV, else local)\n"
	"  --platform FILE  the platform file to use, exactly\n"
	"  --out DIR        output directory (default: .floe/<env>); it is replaced\n"
	"  --format F       diagnostics: text (default), json, sarif, github, junit\n"
	"\n"
	"exit: 0 written, 1 input rejected, 2 usage, 3 the outputs could not be written\n";

struct opts {
	const char *env, *platform, *out;
	floe_format format;
};

static int parse_opts(struct opts *o, int argc, char **argv)
{
	enum { O_ENV = 1, O_PLATFORM, O_OUT, O_FORMAT };
	static const struct option longopts[] = {
		{ "env", required_argument, NULL, O_ENV },
		{ "platform", required_argument, NULL, O_PLATFORM },
		{ "out", required_argument, NULL, O_OUT },
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
		case O_OUT: o->out = optarg; break;
		case O_FORMAT:
			if (floe_format_parse(&o->format, optarg) != 0)
				return cli_usage_error("compile",
					"unknown format '%s' (expected text, json, sarif, github or junit)",
					optarg);
			break;
		default:
			return cli_usage_error("compile", "unknown or incomplete option '%s'",
					       argv[optind - 1]);
		}
	}
	if (optind != argc)
		return cli_usage_error("compile", "unexpected argument '%s'", argv[optind]);
	if (o->out && !o->out[0])
		return cli_usage_error("compile", "--out needs a directory");
	return 0;
}

static int run(cli *c, const struct opts *o, floe_diags *d)
{
	floe_project *p = NULL;
	floe_compile_result *r = NULL;
	floe_project_opts po = { .env = o->env, .platform = o->platform,
				 .limits = &c->limits };
	int rc = floe_project_load(&p, d, &po);
	int status = EXIT_OK;
	char *dir = NULL;

	if (rc && rc != FLOE_EINVALID) {
		status = cli_runtime_error(EXIT_RUNTIME, "cannot compile");
		goto out;
	}
	if (floe_diags_errors(d) || floe_project_env_count(p) != 1) {
		status = EXIT_REJECTED;
		goto out;
	}
	if (o->out) {
		dir = floe_xstrdup(o->out);
	} else {
		floe_buf b = FLOE_BUF_INIT;
		floe_buf_printf(&b, ".floe/%s", floe_project_env_name(p, 0));
		dir = floe_buf_detach(&b);
	}
	floe_compile_opts co = { .out_dir = dir };
	rc = floe_compile(&r, d, p, 0, &co);
	if (rc == FLOE_EINVALID || floe_diags_errors(d)) {
		status = EXIT_REJECTED;
	} else if (rc) {
		status = cli_runtime_error(EXIT_RUNTIME, "cannot compile");
	} else if (floe_compile_write(r, dir) != 0) {
		status = cli_runtime_error(EXIT_RUNTIME, "cannot write the outputs");
	} else if (o->format == FLOE_FMT_TEXT) {
		printf("compiled environment '%s' into %s (%zu files)\n",
		       floe_project_env_name(p, 0), dir, floe_compile_output_count(r));
	}
out:
	cli_render(c, d, o->format, "compile");
	floe_compile_free(r);
	floe_project_free(p);
	free(dir);
	return status;
}

int cmd_compile(cli *c, int argc, char **argv)
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
