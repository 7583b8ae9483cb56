/*
 * cmd_lint.c: `floe lint`.  Validates the project first (schemas and
 * references, as `floe validate` does); when that passes, runs the
 * platform policy rules of libfloe's lint module.  Exits 1 only when an
 * error-level diagnostic remains; warnings print and exit 0.
 */
#include <getopt.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include "cli.h"
#include "floe/lint.h"
#include "floe/project.h"
#include "util.h"

const char usage_lint[] =
	"usage: floe lint [--env E | --all-envs] [--platform FILE] [--config FILE]\n"
	"                 [--format F]\n"
	"       floe lint --list-rules [--format text|json]\n"
	"\n"
	"Check the project against platform policy rules: literal credentials,\n"
	"plain http and TLS turned off outside local environments, DuckDB memory\n"
	"above the container limit, dbt models that bypass the catalog, and the\n"
	"production rules.  The project is validated first.  Rules are turned off\n"
	"or re-levelled in .floe-lint.yaml beside floe.yaml, and one line is\n"
	"silenced with a '# floe-lint: disable=RULE' comment (docs/lint.md).\n"
	"\n"
	"options:\n"
	"  --env E          environment (default: $FLOE_PLATFORM_ENV, else local)\n"
	"  --all-envs       every platform/*/platform.yaml\n"
	"  --platform FILE  the platform file to use, exactly\n"
	"  --config FILE    the lint config (default: .floe-lint.yaml, when present)\n"
	"  --format F       text (default), json, sarif, github, junit\n"
	"  --list-rules     print every rule with its default severity\n"
	"\n"
	"exit: 0 no error-level finding, 1 errors (or the project is invalid), 2 usage\n";

struct opts {
	const char *env;
	const char *platform;
	const char *config;
	bool all_envs;
	bool list_rules;
	floe_format format;
};

static int list_rules(const struct opts *o)
{
	floe_buf b = FLOE_BUF_INIT;
	size_t n = floe_lint_rule_count();

	if (o->format == FLOE_FMT_JSON)
		floe_buf_puts(&b, "[\n");
	for (size_t i = 0; i < n; i++) {
		const floe_lint_rule *r = floe_lint_rule_at(i);
		const char *sev = floe_severity_name(r->severity);
		if (o->format != FLOE_FMT_JSON) {
			floe_buf_printf(&b, "%-26s %-8s %s\n", r->id, sev, r->summary);
			continue;
		}
		floe_buf_puts(&b, "  {\"id\": ");
		floe_buf_put_json_str(&b, r->id, strlen(r->id));
		floe_buf_printf(&b, ", \"code\": \"lint/%s\", \"severity\": \"%s\", \"summary\": ",
				r->id, sev);
		floe_buf_put_json_str(&b, r->summary, strlen(r->summary));
		floe_buf_puts(&b, i + 1 < n ? "},\n" : "}\n");
	}
	if (o->format == FLOE_FMT_JSON)
		floe_buf_puts(&b, "]\n");
	cli_write(1, &b);
	floe_buf_release(&b);
	return EXIT_OK;
}

static void print_ok(const floe_project *p, const floe_diags *d)
{
	size_t n = floe_project_env_count(p), w = floe_diags_warnings(d);
	floe_buf where = FLOE_BUF_INIT;
	if (n == 1)
		floe_buf_printf(&where, "environment '%s'", floe_project_env_name(p, 0));
	else
		floe_buf_printf(&where, "%zu environments", n);
	if (w)
		printf("ok: no lint errors in %s (%zu warning%s)\n", floe_buf_cstr(&where), w,
		       w == 1 ? "" : "s");
	else
		printf("ok: no lint findings in %s\n", floe_buf_cstr(&where));
	floe_buf_release(&where);
}

static int lint_project(cli *c, const struct opts *o)
{
	floe_diags *d = floe_diags_new(c->limits.max_diags);
	floe_project *p = NULL;
	floe_project_opts po = {
		.env = o->env,
		.platform = o->platform,
		.all_envs = o->all_envs,
		.limits = &c->limits,
	};
	floe_lint_opts lo = { .config = o->config, .limits = &c->limits };
	int rc = floe_project_load(&p, d, &po);
	int status = EXIT_OK;

	if (rc != 0 && rc != FLOE_EINVALID) {
		status = cli_runtime_error(EXIT_RUNTIME, "cannot lint");
		goto out;
	}
	if (floe_diags_errors(d) == 0) {
		rc = floe_lint_run(d, p, &lo);
		if (rc != 0 && rc != FLOE_EINVALID) {
			status = cli_runtime_error(EXIT_RUNTIME, "cannot lint");
			goto out;
		}
	}
	if (floe_diags_errors(d))
		status = EXIT_REJECTED;
	cli_render(c, d, o->format, "lint");
	if (o->format == FLOE_FMT_TEXT && status == EXIT_OK)
		print_ok(p, d);
out:
	floe_project_free(p);
	floe_diags_free(d);
	return status;
}

static int parse_opts(struct opts *o, int argc, char **argv)
{
	enum { O_ENV = 1, O_ALL, O_PLATFORM, O_CONFIG, O_FORMAT, O_LIST };
	static const struct option longopts[] = {
		{ "env", required_argument, NULL, O_ENV },
		{ "all-envs", no_argument, NULL, O_ALL },
		{ "platform", required_argument, NULL, O_PLATFORM },
		{ "config", required_argument, NULL, O_CONFIG },
		{ "format", required_argument, NULL, O_FORMAT },
		{ "list-rules", no_argument, NULL, O_LIST },
		{ NULL, 0, NULL, 0 },
	};
	int ch;

	optind = 1;
	opterr = 0;
	while ((ch = getopt_long(argc, argv, "", longopts, NULL)) != -1) {
		switch (ch) {
		case O_ENV: o->env = optarg; break;
		case O_ALL: o->all_envs = true; break;
		case O_PLATFORM: o->platform = optarg; break;
		case O_CONFIG: o->config = optarg; break;
		case O_LIST: o->list_rules = true; break;
		case O_FORMAT:
			if (floe_format_parse(&o->format, optarg) != 0)
				return cli_usage_error("lint",
					"unknown format '%s' (expected text, json, sarif, github or junit)",
					optarg);
			break;
		default:
			return cli_usage_error("lint", "unknown option '%s'", argv[optind - 1]);
		}
	}
	if (o->env && o->all_envs)
		return cli_usage_error("lint", "--env and --all-envs exclude each other");
	if (optind != argc)
		return cli_usage_error("lint", "unexpected argument '%s'", argv[optind]);
	return 0;
}

int cmd_lint(cli *c, int argc, char **argv)
{
	struct opts o = { 0 };
	int rc = parse_opts(&o, argc, argv);
	if (rc)
		return rc;
	if (o.list_rules)
		return list_rules(&o);
	return lint_project(c, &o);
}
