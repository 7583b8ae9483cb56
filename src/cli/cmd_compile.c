/*
 * cmd_compile.c: `floe compile`: load the project for one environment,
 * compile it in memory, print the diagnostics, then write every output
 * into --out DIR (default <state>/<env>: floe/env.h) at once, or nothing.
 */
#include <getopt.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include "cli.h"
#include "floe/env.h"

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
	"  --out DIR        output directory (default: <state>/<env>, the state\n"
	"                   directory being --state-dir, default .floe); it is\n"
	"                   replaced only when floe wrote it (docs/compile.md)\n"
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
	floe_env *e = NULL;
	int status = cli_env_prepare(&e, c, d, o->env, o->platform, o->out, FLOE_ENV_WRITE);

	if (status == EXIT_OK && o->format == FLOE_FMT_TEXT)
		printf("compiled environment '%s' into %s (%zu files)\n", e->name,
		       e->out_dir, floe_compile_output_count(e->result));
	cli_render(c, d, o->format, "compile");
	floe_env_free(e);
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
