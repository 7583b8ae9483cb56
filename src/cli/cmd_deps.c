/*
 * cmd_deps.c: `floe deps`: install the dbt project's `local:` and `git:`
 * packages into dbt_packages/ and write package-lock.yml, as `dbt deps`
 * does (floe/deps.h, docs/runner.md).  A build-time command: it writes
 * into the dbt project.
 */
#include <getopt.h>
#include <stdio.h>
#include "cli.h"
#include "floe/deps.h"
#include "floe/env.h"
#include "util.h"

const char usage_deps[] =
	"usage: floe deps [--env E] [--platform FILE] [--project-dir DIR]\n"
	"\n"
	"Install the dbt project's packages (packages.yml or dependencies.yml) as\n"
	"`dbt deps` does: `local:` packages as links, `git:` packages at their\n"
	"revision, each in <packages-install-path>/<its name> (default\n"
	"dbt_packages/), and package-lock.yml with the commits.  When the lock\n"
	"was made from the same packages, its commits are installed.  Hub\n"
	"packages need dbt's hub, which floe does not reach: list them as git:\n"
	"or vendor them.  Only folders floe installed are ever replaced.\n"
	"\n"
	"options:\n"
	"  --env E            environment whose floe.yaml transform is used\n"
	"                     (default: $FLOE_PLATFORM_ENV, else local)\n"
	"  --platform FILE    the platform file to use, exactly\n"
	"  --project-dir DIR  the dbt project itself (no floe.yaml read)\n"
	"\n"
	"exit: 0 installed, 1 input rejected, 2 usage, 3 runtime failure\n"
	"(libgit2 missing, a clone or a write failed)\n";

int cmd_deps(cli *c, int argc, char **argv)
{
	enum { O_ENV = 1, O_PLATFORM, O_DIR };
	static const struct option longopts[] = {
		{ "env", required_argument, NULL, O_ENV },
		{ "platform", required_argument, NULL, O_PLATFORM },
		{ "project-dir", required_argument, NULL, O_DIR },
		{ NULL, 0, NULL, 0 },
	};
	const char *env = NULL, *platform = NULL, *dir = NULL;
	int ch;

	optind = 1;
	opterr = 0;
	while ((ch = getopt_long(argc, argv, "", longopts, NULL)) != -1) {
		switch (ch) {
		case O_ENV: env = optarg; break;
		case O_PLATFORM: platform = optarg; break;
		case O_DIR: dir = optarg; break;
		default:
			return cli_usage_error("deps", "unknown or incomplete option '%s'",
					       argv[optind - 1]);
		}
	}
	if (optind != argc)
		return cli_usage_error("deps", "unexpected argument '%s'", argv[optind]);

	floe_diags *d = floe_diags_new(c->limits.max_diags);
	floe_env *e = NULL;
	int status = EXIT_OK;
	if (!dir) {
		status = cli_env_prepare(&e, c, d, env, platform, NULL, FLOE_ENV_MODEL);
		if (status == EXIT_OK)
			dir = e->dbt_dir;
	}
	floe_buf report = FLOE_BUF_INIT;
	if (status == EXIT_OK) {
		floe_deps_opts o = { .dbt_dir = dir, .limits = &c->limits };
		int rc = floe_deps_install(&o, d, &report);
		if (rc == FLOE_EINVALID)
			status = EXIT_REJECTED;
		else if (rc)
			status = cli_runtime_error(EXIT_RUNTIME, "floe deps");
	}
	cli_render(c, d, FLOE_FMT_TEXT, "deps");
	if (status == EXIT_OK && !cli_write(1, &report))
		status = EXIT_RUNTIME;
	floe_buf_release(&report);
	floe_diags_free(d);
	floe_env_free(e);
	return status;
}
