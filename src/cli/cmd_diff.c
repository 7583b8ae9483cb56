/*
 * cmd_diff.c: `floe diff --env A --env B`: load the two environments (and
 * no other), build both models and print their difference key by key;
 * with --resolve-secrets, secrets compared by keyed fingerprint too
 * (docs/explain.md).  Nothing is compiled or written, except the
 * fingerprint key file on first use.
 */
#include <getopt.h>
#include <stdio.h>
#include <string.h>
#include <unistd.h>
#include "cli.h"
#include "floe/env.h"
#include "floe/explain.h"
#include "util.h"

const char usage_diff[] =
	"usage: floe diff --env A --env B [--format text|json] [--exit-code]\n"
	"                 [--resolve-secrets]\n"
	"\n"
	"Show how two environments resolve differently, key by key: values only in\n"
	"A (-), only in B (+), and changed (~), each with where it came from.\n"
	"Secrets are compared by reference; with --resolve-secrets they are\n"
	"resolved as a run would and compared by value through a keyed BLAKE2b\n"
	"fingerprint (key: $FLOE_DIFF_KEY, else diff.key in the state directory,\n"
	"--state-dir, default .floe: made on first\n"
	"use), and a production secret equal to a development one is a warning.\n"
	"No value is ever printed.\n"
	"\n"
	"options:\n"
	"  --env E            an environment (give two)\n"
	"  --format F         text (default) or json (on standard output)\n"
	"  --exit-code        exit 1 when the environments differ\n"
	"  --resolve-secrets  compare secret values by fingerprint\n"
	"\n"
	"exit: 0 compared (1 with --exit-code when they differ), 1 input rejected,\n"
	"2 usage, 3 a secret could not be resolved\n";

struct opts {
	const char *env[2];
	floe_format format;
	bool exit_code, resolve;
};

static int parse_opts(struct opts *o, int argc, char **argv)
{
	enum { O_ENV = 1, O_FORMAT, O_EXIT, O_RESOLVE };
	static const struct option longopts[] = {
		{ "env", required_argument, NULL, O_ENV },
		{ "format", required_argument, NULL, O_FORMAT },
		{ "exit-code", no_argument, NULL, O_EXIT },
		{ "resolve-secrets", no_argument, NULL, O_RESOLVE },
		{ NULL, 0, NULL, 0 },
	};
	int ch, nenv = 0;

	optind = 1;
	opterr = 0;
	while ((ch = getopt_long(argc, argv, "", longopts, NULL)) != -1) {
		switch (ch) {
		case O_ENV:
			if (nenv == 2)
				return cli_usage_error("diff", "give exactly two environments");
			o->env[nenv++] = optarg;
			break;
		case O_EXIT: o->exit_code = true; break;
		case O_RESOLVE: o->resolve = true; break;
		case O_FORMAT:
			if (floe_format_parse(&o->format, optarg) != 0 ||
			    (o->format != FLOE_FMT_TEXT && o->format != FLOE_FMT_JSON))
				return cli_usage_error("diff",
					"unknown format '%s' (expected text or json)", optarg);
			break;
		default:
			return cli_usage_error("diff", "unknown or incomplete option '%s'",
					       argv[optind - 1]);
		}
	}
	if (optind != argc)
		return cli_usage_error("diff", "unexpected argument '%s'", argv[optind]);
	if (nenv != 2)
		return cli_usage_error("diff", "give two environments: --env A --env B");
	return 0;
}

/* Each load reads floe.yaml into a source of its own: compare paths. */
static bool same_diag(const floe_diag *x, const floe_diag *y)
{
	const char *px = x->span.src ? floe_source_path(x->span.src) : NULL;
	const char *py = y->span.src ? floe_source_path(y->span.src) : NULL;
	return floe_str_eq(px, py) && x->span.line == y->span.line &&
	       x->span.col == y->span.col && floe_str_eq(x->code, y->code) &&
	       floe_str_eq(x->msg, y->msg);
}

/*
 * Both loads check floe.yaml: its problems would print twice.  Copy what
 * `from` has that `to` has not.
 */
static void merge_diags(floe_diags *to, const floe_diags *from)
{
	size_t n = floe_diags_count(to);
	for (size_t i = 0; i < floe_diags_count(from); i++) {
		const floe_diag *x = floe_diags_at(from, i);
		bool dup = false;
		for (size_t k = 0; k < n && !dup; k++)
			dup = same_diag(floe_diags_at(to, k), x);
		if (dup)
			continue;
		floe_diag *g = floe_diag_add(to, x->sev, x->code, &x->span,
					     x->pointer, "%s", x->msg);
		for (const floe_note *nt = x->notes; g && nt; nt = nt->next)
			floe_diag_note(to, g, &nt->span, "%s", nt->msg);
		if (g && x->hint)
			floe_diag_hint(to, g, "%s", x->hint);
	}
}

struct side {
	floe_env *e;
	floe_project *p;
	floe_model *m;
};

/* Load one environment into `d`; false when it cannot be compared. */
static bool load(cli *c, const char *env, struct side *s, floe_diags *d,
		 int *status)
{
	floe_diags *mine = floe_diags_new(c->limits.max_diags);
	int st = cli_env_prepare(&s->e, c, mine, env, NULL, NULL, FLOE_ENV_MODEL);

	if (st != EXIT_OK)
		*status = st;
	if (s->e) {
		s->p = s->e->project;
		s->m = s->e->model;
	}
	merge_diags(d, mine);
	floe_diags_free(mine);
	return st == EXIT_OK;
}

static int secret_failure(int rc, const floe_buf *report)
{
	const char *s = floe_buf_cstr(report);
	if (!*s)
		return cli_runtime_error(EXIT_RUNTIME, "cannot resolve the secrets");
	while (*s) {
		size_t n = strcspn(s, "\n");
		fprintf(stderr, "floe: error: %.*s\n", (int)n, s);
		s += n + (s[n] == '\n');
	}
	return EXIT_RUNTIME;
}

/* The diff, with fingerprints when asked; EXIT_OK or an exit status. */
static int compare(const struct opts *o, struct side *s, floe_diags *d,
		   floe_diff **df)
{
	floe_diff_opts dopts = { 0 };
	floe_buf report = FLOE_BUF_INIT;
	unsigned char *key = NULL;
	size_t klen = 0;
	bool created = false;
	int rc, status = EXIT_OK;

	if (o->resolve) {
		rc = floe_diff_key_load(&key, &klen, &created, s[0].e->state_dir, NULL);
		if (rc)
			return cli_runtime_error(EXIT_RUNTIME, "no fingerprint key");
		if (created)
			fprintf(stderr, "floe: note: created the fingerprint key "
				"%s/diff.key (mode 0600; keep it, or set FLOE_DIFF_KEY)\n",
				s[0].e->state_dir);
		dopts.key = key;
		dopts.key_len = klen;
	}
	rc = floe_diff_new(df, d, s[0].m, s[1].m, &dopts, &report);
	if (rc)
		status = secret_failure(rc, &report);
	floe_diff_key_free(key, klen);
	floe_buf_release(&report);
	return status;
}

static int run(cli *c, const struct opts *o, floe_diags *d)
{
	struct side s[2] = { { 0 } };
	floe_diff *df = NULL;
	floe_buf out = FLOE_BUF_INIT;
	int status = EXIT_OK;

	bool ok = load(c, o->env[0], &s[0], d, &status);
	if (!load(c, o->env[1], &s[1], d, &status) || !ok) {
		if (status == EXIT_REJECTED)
			cli_render(c, d, o->format, "diff");
		goto out;
	}
	size_t errors = floe_diags_errors(d);
	if ((status = compare(o, s, d, &df)) != EXIT_OK)
		goto out;
	cli_render(c, d, FLOE_FMT_TEXT, "diff");
	floe_diff_render(&out, df, o->format);
	if (errors)
		status = EXIT_REJECTED;
	else if (o->exit_code && floe_diff_count(df))
		status = EXIT_REJECTED;
	if (!cli_write(STDOUT_FILENO, &out))
		status = cli_runtime_error(EXIT_RUNTIME, "cannot write to standard output");
out:
	floe_buf_release(&out);
	floe_diff_free(df);
	for (int i = 0; i < 2; i++)
		floe_env_free(s[i].e);
	return status;
}

int cmd_diff(cli *c, int argc, char **argv)
{
	struct opts o = { 0 };
	int rc = parse_opts(&o, argc, argv);
	if (rc)
		return rc;
	if (o.resolve)
		cli_guard_secrets();
	floe_diags *d = floe_diags_new(c->limits.max_diags);
	rc = run(c, &o, d);
	floe_diags_free(d);
	return rc;
}
