/*
 * main.c: global options (as in git: `floe -C DIR validate ...`), then
 * dispatch to one cmd_<name>() per subcommand.  Output helpers that every
 * command shares live here too; nothing else does.
 */
#include <errno.h>
#include <stdarg.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <unistd.h>
#include "cli.h"
#include "util/util.h"

static const char usage_main[] =
	"usage: floe [-C DIR] [--no-color] COMMAND [ARGS]\n"
	"\n"
	"floe compiles floe.yaml against platform/<env>/platform.yaml and runs\n"
	"the pipeline.\n"
	"\n"
	"commands:\n"
	"%s"
	"\n"
	"global options:\n"
	"  -C DIR        run as if floe was started in DIR\n"
	"  --no-color    no colors (also when NO_COLOR is set)\n"
	"  --version     print the version\n"
	"  -h, --help    this help; `floe COMMAND --help` for a command\n"
	"\n"
	"exit codes: 0 ok, 1 input rejected, 2 usage, 3 runtime failure\n";

static const cli_command commands[] = {
	{ "validate", cmd_validate, "check floe.yaml and platform files, or any document against a schema", usage_validate },
	{ "schema", cmd_schema, "print the JSON Schemas floe validates with", usage_schema },
	{ "secrets", cmd_secrets, "sealed secrets: make a key pair, seal a value, reseal for a new key", usage_secrets },
};

static void print_main_usage(FILE *f)
{
	floe_buf list = FLOE_BUF_INIT;
	for (size_t i = 0; i < FLOE_ARRAY_SIZE(commands); i++)
		floe_buf_printf(&list, "  %-12s %s\n", commands[i].name,
				commands[i].summary);
	fprintf(f, usage_main, floe_buf_cstr(&list));
	floe_buf_release(&list);
}

int cli_usage_error(const char *cmd, const char *fmt, ...)
{
	va_list ap;
	fputs("floe: error: ", stderr);
	va_start(ap, fmt);
	vfprintf(stderr, fmt, ap);
	va_end(ap);
	if (cmd)
		fprintf(stderr, "\nsee 'floe %s --help'\n", cmd);
	else
		fputs("\nsee 'floe --help'\n", stderr);
	return EXIT_USAGE;
}

int cli_runtime_error(int code, const char *fmt, ...)
{
	va_list ap;
	fputs("floe: error: ", stderr);
	va_start(ap, fmt);
	vfprintf(stderr, fmt, ap);
	va_end(ap);
	if (floe_error_last()[0])
		fprintf(stderr, ": %s", floe_error_last());
	fputc('\n', stderr);
	return code;
}

bool cli_wants_help(int argc, char **argv)
{
	for (int i = 1; i < argc; i++) {
		if (strcmp(argv[i], "--") == 0)
			return false;
		if (strcmp(argv[i], "--help") == 0 || strcmp(argv[i], "-h") == 0)
			return true;
	}
	return false;
}

bool cli_write(int fd, const floe_buf *b)
{
	size_t off = 0;
	while (off < b->len) {
		ssize_t n = write(fd, b->ptr + off, b->len - off);
		if (n < 0 && errno == EINTR)
			continue;
		if (n <= 0)
			return false;
		off += (size_t)n;
	}
	return true;
}

void cli_render(cli *c, floe_diags *d, floe_format fmt, const char *suite)
{
	floe_buf out = FLOE_BUF_INIT;
	floe_render_opts o = {
		.format = fmt,
		.color = c->color,
		.tool = "floe",
		.tool_version = FLOE_VERSION,
		.suite = suite,
	};
	floe_diags_sort(d);
	floe_diag_render(&out, d, &o);
	cli_write(fmt == FLOE_FMT_TEXT ? STDERR_FILENO : STDOUT_FILENO, &out);
	floe_buf_release(&out);
}

static bool want_color(void)
{
	const char *term = getenv("TERM");
	if (getenv("NO_COLOR") && getenv("NO_COLOR")[0])
		return false;
	if (term && strcmp(term, "dumb") == 0)
		return false;
	return isatty(STDERR_FILENO);
}

static const cli_command *find_command(const char *name)
{
	for (size_t i = 0; i < FLOE_ARRAY_SIZE(commands); i++)
		if (strcmp(commands[i].name, name) == 0)
			return &commands[i];
	return NULL;
}

static int unknown_command(const char *name)
{
	const char *names[FLOE_ARRAY_SIZE(commands)];
	for (size_t i = 0; i < FLOE_ARRAY_SIZE(commands); i++)
		names[i] = commands[i].name;
	const char *near = floe_str_suggest(name, names, FLOE_ARRAY_SIZE(commands));
	if (near)
		return cli_usage_error(NULL, "unknown command '%s'\nnote: did you mean '%s'?",
				       name, near);
	return cli_usage_error(NULL, "unknown command '%s'", name);
}

int main(int argc, char **argv)
{
	cli c = { .color = want_color(), .prog = "floe" };
	int i = 1;

	floe_limits_default(&c.limits);
	for (; i < argc && argv[i][0] == '-'; i++) {
		const char *a = argv[i];
		if (strcmp(a, "-C") == 0) {
			if (++i == argc)
				return cli_usage_error(NULL, "-C needs a directory");
			if (chdir(argv[i]) != 0)
				return cli_usage_error(NULL, "cannot change to '%s': %s",
						       argv[i], strerror(errno));
		} else if (strcmp(a, "--no-color") == 0) {
			c.color = false;
		} else if (strcmp(a, "--color") == 0) {
			c.color = true;
		} else if (strcmp(a, "--version") == 0) {
			printf("floe %s\n", FLOE_VERSION);
			return EXIT_OK;
		} else if (strcmp(a, "--help") == 0 || strcmp(a, "-h") == 0) {
			print_main_usage(stdout);
			return EXIT_OK;
		} else {
			return cli_usage_error(NULL, "unknown option '%s'", a);
		}
	}
	if (i == argc) {
		print_main_usage(stderr);
		return EXIT_USAGE;
	}
	const cli_command *cmd = find_command(argv[i]);
	if (!cmd)
		return unknown_command(argv[i]);
	if (cli_wants_help(argc - i, argv + i)) {
		fputs(cmd->usage, stdout);
		return EXIT_OK;
	}
	return cmd->run(&c, argc - i, argv + i);
}
