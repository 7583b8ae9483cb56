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
#include "util.h"
#include "commit.h"
#include "floe/launch.h"

static const char usage_main[] =
	"usage: floe [-C DIR] [--repo-root DIR] [--state-dir DIR] [--no-color] [--max-LIMIT N] COMMAND [ARGS]\n"
	"\n"
	"floe compiles floe.yaml against platform/<env>/platform.yaml and runs\n"
	"the pipeline.\n"
	"\n"
	"commands:\n"
	"%s"
	"\n"
	"global options:\n"
	"  -C DIR           run as if floe was started in DIR\n"
	"  --repo-root DIR  paths in sarif and github output are relative to DIR\n"
	"                   (default: the git top level, else the starting folder)\n"
	"  --state-dir DIR  where floe writes at run time: outputs, dbt's target\n"
	"                   and logs (also FLOE_STATE_DIR; default .floe)\n"
	"  --no-color       no colors (also when NO_COLOR is set)\n"
	"  --version        print the version\n"
	"  -h, --help       this help; `floe COMMAND --help` for a command\n"
	"\n"
	"limits on input (docs/limits.md; also FLOE_MAX_BYTES etc., the option wins):\n"
	"  --max-bytes N    largest input file, in bytes, or with K, M, G (64M)\n"
	"  --max-depth N    deepest nesting of mappings and sequences (128)\n"
	"  --max-nodes N    values in one document, aliases expanded (4194304)\n"
	"  --max-aliases N  alias references in one document (10000)\n"
	"  --max-diags N    diagnostics shown; more are counted (200)\n"
	"  --max-steps N    schema validation steps per document (200000000)\n"
	"\n"
	"exit codes: 0 ok, 1 input rejected, 2 usage, 3 runtime failure\n";

static const cli_command commands[] = {
	{ "validate", cmd_validate, "check floe.yaml and platform files, or any document against a schema", usage_validate },
	{ "schema", cmd_schema, "print the JSON Schemas floe validates with", usage_schema },
	{ "compile", cmd_compile, "write profiles.yml, attach.sql, container.env, k8s-env.yaml, manifest.json", usage_compile },
	{ "requirements", cmd_requirements, "list what an environment needs at run time", usage_requirements },
	{ "secrets", cmd_secrets, "sealed secrets: make a key pair, seal a value, reseal for a new key", usage_secrets },
	{ "run", cmd_run, "run the pipeline: on embedded DuckDB, or dbt for other compute", usage_run },
	{ "deps", cmd_deps, "install the dbt project's local: and git: packages into dbt_packages/, as dbt deps", usage_deps },
	{ "exec", cmd_exec, "run a command with the environment's variables and secrets", usage_exec },
	{ "lint", cmd_lint, "platform policy rules: credentials, TLS, sizing, catalog bypass, production", usage_lint },
	{ "explain", cmd_explain, "why a value is what it is, and which generated lines use it", usage_explain },
	{ "diff", cmd_diff, "how two environments resolve differently, key by key", usage_diff },
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

/* Messages echo arguments: no control sequence reaches the terminal. */
__attribute__((format(printf, 2, 0)))
static void put_clean(FILE *f, const char *fmt, va_list ap)
{
	floe_buf b = FLOE_BUF_INIT;
	floe_buf_vprintf(&b, fmt, ap);
	for (size_t i = 0; i < b.len; i++) {
		unsigned char c = (unsigned char)b.ptr[i];
		if ((c < 0x20 && c != '\n' && c != '\t') || c == 0x7f)
			b.ptr[i] = '?';
	}
	fputs(floe_buf_cstr(&b), f);
	floe_buf_release(&b);
}

static const cli_command *find_command(const char *name);

/* True when b is a with two neighbouring characters swapped. */
static bool swapped(const char *a, const char *b)
{
	size_t n = strlen(a), i = 0;
	if (strlen(b) != n)
		return false;
	while (i < n && a[i] == b[i])
		i++;
	return i + 1 < n && a[i] == b[i + 1] && a[i + 1] == b[i] &&
	       strcmp(a + i + 2, b + i + 2) == 0;
}

/*
 * "did you mean '--env'?" for an unknown long option: the candidates are
 * the options the command's --help lists (every "--name" in it), so each
 * command's parser needs no change.
 */
static void suggest_option(const char *cmd, const char *arg)
{
	const cli_command *c = cmd ? find_command(cmd) : NULL;
	const char *text = c ? c->usage : usage_main;
	const char *cands[64] = { NULL };
	char store[64][32];
	size_t n = 0, len = strcspn(arg, "=");
	char word[32];
	if (strncmp(arg, "--", 2) != 0 || len >= sizeof(word))
		return;
	memcpy(word, arg, len);
	word[len] = '\0';
	for (const char *p = strstr(text, "--"); p && n < 64; p = strstr(p, "--")) {
		size_t k = 2;
		while ((p[k] >= 'a' && p[k] <= 'z') || (p[k] >= '0' && p[k] <= '9') ||
		       (p[k] == '-' && p[k + 1] != '-'))
			k++;
		if (k > 2 && k < sizeof(store[0])) {
			memcpy(store[n], p, k);
			store[n][k] = '\0';
			cands[n] = store[n];
			n++;
		}
		p += k;
	}
	const char *near = floe_str_suggest(word, cands, n);
	/* or two letters swapped (--evn), which the distance counts as two */
	for (size_t i = 0; !near && i < n; i++)
		if (swapped(word, cands[i]))
			near = cands[i];
	if (near && strcmp(near, word) != 0)
		fprintf(stderr, "\nnote: did you mean '%s'?", near);
}

int cli_usage_error(const char *cmd, const char *fmt, ...)
{
	va_list ap;
	fputs("floe: error: ", stderr);
	va_start(ap, fmt);
	put_clean(stderr, fmt, ap);
	va_end(ap);
	if (strcmp(fmt, "unknown option '%s'") == 0 ||
	    strcmp(fmt, "unknown or incomplete option '%s'") == 0) {
		va_start(ap, fmt);
		suggest_option(cmd, va_arg(ap, const char *));
		va_end(ap);
	}
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

/* True when argv[i] is --help or -h. */
static bool cli_wants_help(int argc, char **argv)
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
		.root = c->repo_root,
	};
	floe_diags_sort(d);
	floe_diag_render(&out, d, &o);
	cli_write(fmt == FLOE_FMT_TEXT ? STDERR_FILENO : STDOUT_FILENO, &out);
	floe_buf_release(&out);
}

/* An absolute, real path of `dir` (relative to the current folder). */
static char *real_dir(const char *dir)
{
	char *r = realpath(dir, NULL);
	if (r && !floe_fs_is_dir(r)) {
		free(r);
		errno = ENOTDIR;
		return NULL;
	}
	return r;
}

/*
 * The repository root: the nearest folder from the current one (the
 * project, after -C) up that holds `.git` (a folder, or a file in a
 * worktree), else `start`, where floe was started.  Never freed: it lives
 * as long as the process.
 */
/* Where floe started and the root found: held for the process's life. */
static char *start_dir, *root_dir;

static void free_dirs(void)
{
	free(start_dir);
	free(root_dir);
}

static const char *find_repo_root(const char *start)
{
	char *here = real_dir(".");
	floe_buf probe = FLOE_BUF_INIT;
	if (!here)
		return start;
	for (;;) {
		floe_buf_clear(&probe);
		floe_buf_printf(&probe, "%s/.git", strcmp(here, "/") ? here : "");
		if (floe_fs_exists(floe_buf_cstr(&probe))) {
			floe_buf_release(&probe);
			return root_dir = here;
		}
		char *slash = strrchr(here, '/');
		if (!slash || slash == here) {
			if (strcmp(here, "/") == 0)
				break;
			here[1] = '\0';
			continue;
		}
		*slash = '\0';
	}
	floe_buf_release(&probe);
	free(here);
	return start;
}

/*
 * floe's version, the commit it was built from, and the libduckdb `run`
 * would load: found, never opened (its version is known once loaded).
 */
static int print_version(void)
{
	char *lib = floe_duckdb_locate();
	printf("floe %s\n", FLOE_VERSION);
	printf("commit: %s\n", FLOE_COMMIT);
	printf("DuckDB library: %s\n", lib ? lib : "not found (set FLOE_LIBDUCKDB)");
#ifdef FLOE_DUCKDB_BUILT
	printf("DuckDB version: loaded by run (built against %s)\n", FLOE_DUCKDB_BUILT);
#else
	printf("DuckDB version: loaded by run\n");
#endif
	free(lib);
	return EXIT_OK;
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

/* strerror() in floe's style: "no such file or directory". */
static const char *lower_reason(int err)
{
	static char buf[128];
	snprintf(buf, sizeof(buf), "%s", strerror(err));
	if (buf[0] >= 'A' && buf[0] <= 'Z' && !(buf[1] >= 'A' && buf[1] <= 'Z'))
		buf[0] = (char)(buf[0] - 'A' + 'a');
	return buf;
}

/*
 * Limits the user can set (docs/limits.md): each by an option before the
 * command or by an environment variable; the option wins.  Bounds keep a
 * raised limit below what the loaders and the validator handle safely.
 */
static const struct limit_opt {
	const char *opt, *env;
	uint64_t min, max;
	bool bytes;  /* takes K, M, G */
} limit_opts[] = {
	{ "--max-bytes", "FLOE_MAX_BYTES", 1, (uint64_t)1 << 40, true },
	{ "--max-depth", "FLOE_MAX_DEPTH", 1, 2048, false },  /* jansson's own cap */
	{ "--max-nodes", "FLOE_MAX_NODES", 1, (uint64_t)1 << 32, false },
	{ "--max-aliases", "FLOE_MAX_ALIASES", 0, (uint64_t)1 << 32, false },
	{ "--max-diags", "FLOE_MAX_DIAGS", 1, 1000000, false },
	{ "--max-steps", "FLOE_MAX_STEPS", 1, (uint64_t)1 << 40, false },
};

/* Digits, then for sizes one of K, M, G (powers of 1024); no sign, no space. */
static bool parse_count(uint64_t *out, const char *s, bool bytes)
{
	uint64_t v = 0;
	unsigned shift = 0;
	const char *p = s;

	if (*p < '0' || *p > '9')
		return false;
	for (; *p >= '0' && *p <= '9'; p++) {
		if (v > (UINT64_MAX - (uint64_t)(*p - '0')) / 10)
			return false;
		v = v * 10 + (uint64_t)(*p - '0');
	}
	if (bytes && *p) {
		const char *units = "KMG", *u = strchr(units, *p & ~0x20);
		if (!u || !*u)
			return false;
		shift = 10 * (unsigned)(u - units + 1);
		p++;
	}
	if (*p || v > (UINT64_MAX >> shift))
		return false;
	*out = v << shift;
	return true;
}

static void set_limit(floe_limits *l, size_t i, uint64_t v)
{
	switch (i) {
	case 0: l->max_bytes = (size_t)v; break;
	case 1: l->max_depth = (unsigned)v; break;
	case 2: l->max_nodes = (size_t)v; break;
	case 3: l->max_aliases = (size_t)v; break;
	case 4: l->max_diags = (size_t)v; break;
	default: l->max_steps = (size_t)v; break;
	}
}

/* Check `value` of limit i (named `where`) and set it; EXIT_USAGE if bad. */
static int take_limit(cli *c, size_t i, const char *value, const char *where)
{
	const struct limit_opt *o = &limit_opts[i];
	uint64_t v;
	if (!parse_count(&v, value, o->bytes) || v < o->min || v > o->max ||
	    v > SIZE_MAX)
		return cli_usage_error(NULL,
			"invalid value '%s' for %s: expected %s from %llu to %llu%s",
			value, where, o->bytes ? "a number of bytes" : "an integer",
			(unsigned long long)o->min, (unsigned long long)o->max,
			o->bytes ? ", or with K, M or G (like 64M)" : "");
	set_limit(&c->limits, i, v);
	return 0;
}

/*
 * argv[*i] as a limit option (`--max-depth N` or `--max-depth=N`): -1 when
 * it is not one, else 0 or EXIT_USAGE.  `set` records which were given.
 */
static int limit_option(cli *c, int argc, char **argv, int *i, bool *set)
{
	for (size_t k = 0; k < FLOE_ARRAY_SIZE(limit_opts); k++) {
		const char *a = argv[*i], *o = limit_opts[k].opt;
		size_t n = strlen(o);
		if (strncmp(a, o, n) != 0 || (a[n] != '\0' && a[n] != '='))
			continue;
		if (a[n] == '\0' && ++*i == argc)
			return cli_usage_error(NULL, "%s needs a value", o);
		set[k] = true;
		return take_limit(c, k, a[n] ? a + n + 1 : argv[*i], o);
	}
	return -1;
}

/* A limit after the command: commands do not know it, so say where it goes. */
static int misplaced_limit(const char *cmd, int argc, char **argv)
{
	for (int i = 1; i < argc && strcmp(argv[i], "--") != 0; i++) {
		for (size_t k = 0; k < FLOE_ARRAY_SIZE(limit_opts); k++) {
			const char *o = limit_opts[k].opt;
			size_t n = strlen(o);
			if (strncmp(argv[i], o, n) == 0 &&
			    (argv[i][n] == '\0' || argv[i][n] == '='))
				return cli_usage_error(cmd,
					"'%s' is a global option: give it before the command ('floe %s N %s ...')",
					o, o, cmd);
		}
	}
	return 0;
}

/* FLOE_MAX_* for each limit no option set. */
static int limits_from_env(cli *c, const bool *set)
{
	for (size_t k = 0; k < FLOE_ARRAY_SIZE(limit_opts); k++) {
		const char *v = getenv(limit_opts[k].env);
		int rc;
		if (set[k] || !v || !v[0])
			continue;
		if ((rc = take_limit(c, k, v, limit_opts[k].env)) != 0)
			return rc;
	}
	return 0;
}

int main(int argc, char **argv)
{
	bool limit_set[FLOE_ARRAY_SIZE(limit_opts)] = { false };
	int rc;
	cli c = { .color = want_color(), .prog = "floe" };
	int i = 1;

	const char *root_arg = NULL;
	char *start = start_dir = real_dir(".");
	atexit(free_dirs);
	floe_limits_default(&c.limits);
	for (; i < argc && argv[i][0] == '-'; i++) {
		const char *a = argv[i];
		if (strcmp(a, "-C") == 0) {
			if (++i == argc)
				return cli_usage_error(NULL, "-C needs a directory");
			if (chdir(argv[i]) != 0)
				return cli_usage_error(NULL, "cannot change to '%s': %s",
						       argv[i], lower_reason(errno));
		} else if (strcmp(a, "--state-dir") == 0 ||
			   strncmp(a, "--state-dir=", 12) == 0) {
			if (!a[11] && ++i == argc)
				return cli_usage_error(NULL, "--state-dir needs a directory");
			c.state_dir = a[11] ? a + 12 : argv[i];
			if (!c.state_dir[0])
				return cli_usage_error(NULL, "--state-dir needs a directory");
		} else if (strcmp(a, "--repo-root") == 0 ||
			   strncmp(a, "--repo-root=", 12) == 0) {
			if (!a[11] && ++i == argc)
				return cli_usage_error(NULL, "--repo-root needs a directory");
			root_arg = a[11] ? a + 12 : argv[i];
			char *here = real_dir(".");
			/* relative to where floe started, whatever -C says */
			if (!root_arg[0] || !start || chdir(start) != 0)
				return cli_usage_error(NULL, "--repo-root needs a directory");
			c.repo_root = root_dir = real_dir(root_arg);
			int err = errno;
			if (!here || chdir(here) != 0)
				return cli_usage_error(NULL, "cannot change back to the project");
			free(here);
			if (!c.repo_root)
				return cli_usage_error(NULL, "cannot use '%s' as the repository root: %s",
						       root_arg, lower_reason(err));
		} else if (strcmp(a, "--no-color") == 0) {
			c.color = false;
		} else if (strcmp(a, "--color") == 0) {
			c.color = true;
		} else if (strcmp(a, "--version") == 0) {
			return print_version();
		} else if (strcmp(a, "--help") == 0 || strcmp(a, "-h") == 0) {
			print_main_usage(stdout);
			return EXIT_OK;
		} else if ((rc = limit_option(&c, argc, argv, &i, limit_set)) >= 0) {
			if (rc)
				return rc;
		} else {
			return cli_usage_error(NULL, "unknown option '%s'", a);
		}
	}
	if ((rc = limits_from_env(&c, limit_set)) != 0)
		return rc;
	if (!c.repo_root)
		c.repo_root = find_repo_root(start);
	if (i == argc) {
		print_main_usage(stderr);
		return EXIT_USAGE;
	}
	const cli_command *cmd = find_command(argv[i]);
	if (!cmd)
		return unknown_command(argv[i]);
	if ((rc = misplaced_limit(cmd->name, argc - i, argv + i)) != 0)
		return rc;
	if (cli_wants_help(argc - i, argv + i)) {
		fputs(cmd->usage, stdout);
		return EXIT_OK;
	}
	return cmd->run(&c, argc - i, argv + i);
}
