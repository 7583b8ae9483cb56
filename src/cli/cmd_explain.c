/*
 * cmd_explain.c: `floe explain`: compile one environment in memory (no
 * file is written) and tell where a value came from, what it shadowed and
 * which generated lines use it, or which values a generated line uses
 * (docs/explain.md).  Text, or JSON on standard output.
 */
#include <getopt.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <unistd.h>
#include "cli.h"
#include "floe/compile.h"
#include "floe/explain.h"
#include "floe/project.h"
#include "util.h"

const char usage_explain[] =
	"usage: floe explain [--env E] [--platform FILE] [--format text|json] PATH\n"
	"\n"
	"Tell why a resolved value is what it is: its value (a secret by reference\n"
	"only), the file:line:col it came from or the default or derivation that\n"
	"made it, every candidate it shadowed and why that lost, and the generated\n"
	"lines that use it.  PATH is dotted (catalogs.default.uri), a JSON pointer\n"
	"into manifest.json's \"resolved\" (/catalogs/default/uri), or a generated\n"
	"line (attach.sql:12, profiles.yml:7): the values that line uses.  The\n"
	"environment is compiled in memory; nothing is written.\n"
	"\n"
	"options:\n"
	"  --env E          environment (default: $FLOE_PLATFORM_ENV, else local)\n"
	"  --platform FILE  the platform file to use, exactly\n"
	"  --format F       text (default) or json (on standard output)\n"
	"\n"
	"exit: 0 explained, 1 no such value or line, or the input has errors,\n"
	"2 usage\n";

struct opts {
	const char *env, *platform, *path;
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
				return cli_usage_error("explain",
					"unknown format '%s' (expected text or json)", optarg);
			break;
		default:
			return cli_usage_error("explain", "unknown or incomplete option '%s'",
					       argv[optind - 1]);
		}
	}
	if (optind == argc)
		return cli_usage_error("explain", "which value? give a PATH "
				       "(catalogs.default.uri) or FILE:LINE (attach.sql:12)");
	if (optind + 1 != argc)
		return cli_usage_error("explain", "unexpected argument '%s'",
				       argv[optind + 1]);
	o->path = argv[optind];
	return 0;
}

/* Compile in memory; NULL when not even the model could be built. */
static floe_compile_result *compile(cli *c, const struct opts *o,
				    floe_diags *d, floe_project **p, int *status)
{
	floe_project_opts po = { .env = o->env, .platform = o->platform,
				 .limits = &c->limits };
	floe_compile_result *r = NULL;
	int rc = floe_project_load(p, d, &po);

	if (rc && rc != FLOE_EINVALID) {
		*status = cli_runtime_error(EXIT_RUNTIME, "cannot read the project");
		return NULL;
	}
	if (floe_diags_errors(d) || floe_project_env_count(*p) != 1) {
		*status = EXIT_REJECTED;
		return NULL;
	}
	char *out = cli_env_out_dir(c, o->env, o->platform);
	floe_compile_opts co = { .out_dir = out };
	rc = floe_compile(&r, d, *p, 0, &co);
	free(out);
	if (rc && rc != FLOE_EINVALID) {
		*status = cli_runtime_error(EXIT_RUNTIME, "cannot compile");
		floe_compile_free(r);
		return NULL;
	}
	if (!floe_compile_model(r)) {
		*status = EXIT_REJECTED;
		floe_compile_free(r);
		return NULL;
	}
	return r;
}

static int run(cli *c, const struct opts *o, floe_diags *d)
{
	floe_project *p = NULL;
	floe_buf out = FLOE_BUF_INIT;
	int status = EXIT_OK;
	floe_compile_result *r = compile(c, o, d, &p, &status);

	if (!r) {
		if (status == EXIT_REJECTED)
			cli_render(c, d, o->format, "explain");
		goto out;
	}
	size_t errors = floe_diags_errors(d);
	if (floe_explain_render(&out, d, r, o->path, o->format) != 0) {
		cli_render(c, d, o->format, "explain");
		status = EXIT_REJECTED;
		goto out;
	}
	/* the answer, and whatever compiling found beside it (on stderr) */
	cli_render(c, d, FLOE_FMT_TEXT, "explain");
	if (errors)
		status = EXIT_REJECTED;
	if (!cli_write(STDOUT_FILENO, &out))
		status = cli_runtime_error(EXIT_RUNTIME, "cannot write to standard output");
out:
	floe_buf_release(&out);
	floe_compile_free(r);
	floe_project_free(p);
	return status;
}

int cmd_explain(cli *c, int argc, char **argv)
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
