/*
 * cmd_validate.c: `floe validate`.  With --schema, any YAML or JSON
 * document against any draft-07 schema; without it, the project's
 * floe.yaml against its platform file(s), schemas plus resolution.
 */
#include <getopt.h>
#include <limits.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <unistd.h>
#include "cli.h"
#include "floe/load.h"
#include "floe/project.h"
#include "floe/schema.h"
#include "util.h"

const char usage_validate[] =
	"usage: floe validate [--env E | --all-envs] [--platform FILE] [--format F]\n"
	"       floe validate --schema SCHEMA [--schema-ref F]... [--schema-dir D]... DOC...\n"
	"\n"
	"Check floe.yaml and the platform file of an environment (schemas and\n"
	"references), or check any YAML or JSON document against a draft-07\n"
	"JSON Schema.  Every problem is reported at its file:line:col, all in one\n"
	"pass.\n"
	"\n"
	"options:\n"
	"  --env E          environment (default: $FLOE_PLATFORM_ENV, else local)\n"
	"  --all-envs       every platform/*/platform.yaml, with a matrix of references\n"
	"  --platform FILE  the platform file to use, exactly\n"
	"  --schema SCHEMA  validate DOC... against SCHEMA (.json, .yaml)\n"
	"  --format F       text (default), json, sarif, github, junit\n"
	"  --no-formats     with --schema: do not assert \"format\"\n"
	"  --schema-ref FILE  a schema SCHEMA's $refs may name, by its $id or its\n"
	"                   path (repeatable)\n"
	"  --schema-dir DIR  $refs may name files under DIR (repeatable); no other\n"
	"                   file is ever read for a $ref, nor http(s) fetched\n"
	"\n"
	"exit: 0 valid, 1 invalid or unreadable, 2 usage\n";

struct opts {
	const char *schema;
	floe_vec refs;   /* --schema-ref FILE */
	floe_vec dirs;   /* --schema-dir DIR */
	const char *env;
	const char *platform;
	bool all_envs;
	bool no_formats;
	floe_format format;
};

/* file:///abs/path for a schema path, so relative $refs resolve beside it. */
static char *file_uri(floe_arena *a, const char *path)
{
	char abs[PATH_MAX];
	if (!realpath(path, abs))
		return floe_arena_printf(a, "file://%s", path);
	return floe_arena_printf(a, "file://%s", abs);
}

/*
 * What a $ref may read (docs/schema.md, `floe validate --schema`): the schema itself,
 * the --schema-ref files, and files under the --schema-dir directories,
 * each compared by its real path, so that neither ".." nor a symlink
 * leads out.  All are real paths (realpath), dirs without a final '/'.
 */
struct resolver_ctx {
	const floe_limits *limits;
	floe_vec files;  /* char *: the schema and each --schema-ref */
	floe_vec dirs;   /* char *: each --schema-dir */
};

/* Whether `path` is `dir` or below it. */
static bool path_under(const char *path, const char *dir)
{
	size_t n = strlen(dir);
	if (n == 1 && dir[0] == '/')
		return path[0] == '/';
	return strncmp(path, dir, n) == 0 && (path[n] == '/' || path[n] == '\0');
}

/* `path` as the user would write it: relative to where floe runs. */
static const char *shown_path(const char *path)
{
	char cwd[PATH_MAX];
	size_t n;
	if (getcwd(cwd, sizeof(cwd)) && (n = strlen(cwd)) > 1 &&
	    strncmp(path, cwd, n) == 0 && path[n] == '/')
		return path + n + 1;
	return path;
}

/*
 * Remote $refs: only file:// URIs, and only those the options allow; any
 * other file is never opened (not even to see whether it exists: a missing
 * file outside is as outside as a present one).
 */
static int resolve_file(floe_doc **out, floe_diags *d, const char *uri,
			void *ctx)
{
	struct resolver_ctx *rc = ctx;
	char real[PATH_MAX];
	if (strncmp(uri, "file://", 7) != 0)
		return FLOE_ENOTFOUND;
	const char *path = uri + 7;
	bool ok = false;
	if (!realpath(path, real)) {
		/* missing below an allowed directory: just not found */
		for (size_t i = 0; i < rc->dirs.len; i++)
			if (path_under(path, rc->dirs.items[i]))
				return FLOE_ENOTFOUND;
		return FLOE_SCHEMA_REF_OUTSIDE;
	}
	for (size_t i = 0; !ok && i < rc->files.len; i++)
		ok = strcmp(real, rc->files.items[i]) == 0;
	for (size_t i = 0; !ok && i < rc->dirs.len; i++)
		ok = path_under(real, rc->dirs.items[i]);
	if (!ok)
		return FLOE_SCHEMA_REF_OUTSIDE;
	/* the real path is read, shown as the $ref spelled it */
	int rcode = floe_load_file(out, d, real, shown_path(path), rc->limits);
	return rcode == 0 ? 0 : FLOE_ENOTFOUND;
}

/* realpath into the arena, or NULL (errno set). */
static char *real_path(floe_arena *a, const char *path)
{
	char real[PATH_MAX];
	return realpath(path, real) ? floe_arena_strdup(a, real) : NULL;
}

/*
 * The --schema-ref documents (with their file:// URIs) and the allowed
 * paths: a --schema-ref that cannot be read is a diagnostic, a
 * --schema-dir that is no directory a usage error (EXIT_USAGE).
 */
static int load_refs(const struct opts *o, floe_diags *d, floe_arena *a,
		      const floe_limits *lim, struct resolver_ctx *rc,
		      floe_vec *docs, floe_vec *uris)
{
	char *self = real_path(a, o->schema);
	if (self)
		floe_vec_push(&rc->files, self);
	for (size_t i = 0; i < o->refs.len; i++) {
		const char *f = o->refs.items[i];
		floe_doc *doc = NULL;
		floe_diags_checked(d, f);
		if (floe_load_file(&doc, d, f, NULL, lim) != 0) {
			floe_doc_free(doc);
			continue;
		}
		char *real = real_path(a, f);
		if (!real) { /* gone since it was read */
			floe_doc_free(doc);
			continue;
		}
		floe_vec_push(&rc->files, real);
		floe_vec_push(docs, doc);
		floe_vec_push(uris, floe_arena_printf(a, "file://%s", real));
	}
	for (size_t i = 0; i < o->dirs.len; i++) {
		const char *dir = o->dirs.items[i];
		char *real = real_path(a, dir);
		if (!real || !floe_fs_is_dir(real))
			return cli_usage_error("validate",
				"--schema-dir '%s' is not a directory", dir);
		floe_vec_push(&rc->dirs, real);
	}
	return 0;
}

static int validate_with_schema(cli *c, const struct opts *o, int ndocs,
				char **docs)
{
	floe_diags *d = floe_diags_new(c->limits.max_diags);
	floe_arena *a = floe_diags_arena(d);
	floe_doc *sdoc = NULL;
	floe_schema *schema = NULL;
	struct resolver_ctx rctx = { &c->limits, FLOE_VEC_INIT, FLOE_VEC_INIT };
	floe_vec xdocs = FLOE_VEC_INIT, xuris = FLOE_VEC_INIT;
	int status = EXIT_OK;

	floe_diags_checked(d, o->schema);
	if (floe_load_file(&sdoc, d, o->schema, NULL, &c->limits) != 0)
		goto out;
	if (!sdoc->root) {
		/* the library reads an empty schema as `true`: here it is a mistake */
		floe_span sp = { sdoc->src, 0, 0, 0, 0 };
		floe_diag_add(d, FLOE_SEV_ERROR, "schema/invalid-schema", &sp, NULL,
			      "schema '%s' is empty", o->schema);
		goto out;
	}
	if (load_refs(o, d, a, &c->limits, &rctx, &xdocs, &xuris) != 0) {
		status = EXIT_USAGE;
		goto done;
	}
	if (floe_diags_errors(d))
		goto out;
	floe_schema_opts so = {
		.base_uri = file_uri(a, o->schema),
		.resolve = resolve_file,
		.resolve_ctx = &rctx,
		.no_formats = o->no_formats,
		.limits = &c->limits,
		.extra = (floe_doc **)xdocs.items,
		.extra_uris = (const char *const *)xuris.items,
		.nextra = xdocs.len,
	};
	int crc = floe_schema_compile(&schema, d, sdoc, &so);
	xdocs.len = 0; /* the schema owns them now */
	if (crc != 0)
		goto out;
	for (int i = 0; i < ndocs; i++) {
		floe_doc *doc = NULL;
		floe_diags_checked(d, docs[i]);
		if (floe_load_file(&doc, d, docs[i], NULL, &c->limits) == 0) {
			/* an empty document is null, on the file as a whole */
			floe_node empty = { .kind = FLOE_NODE_NULL };
			empty.span.src = doc->src;
			floe_schema_validate(schema, d, doc->root ? doc->root : &empty);
		}
		floe_doc_free(doc);
	}
out:
	if (floe_diags_errors(d))
		status = EXIT_REJECTED;
	cli_render(c, d, o->format, "validate");
	if (o->format == FLOE_FMT_TEXT && status == EXIT_OK)
		printf("ok: %d document%s valid against %s\n", ndocs,
		       ndocs == 1 ? "" : "s", o->schema);
done:
	floe_schema_free(schema);
	floe_doc_free(sdoc);
	for (size_t i = 0; i < xdocs.len; i++)
		floe_doc_free(xdocs.items[i]);
	floe_vec_release(&xdocs);
	floe_vec_release(&xuris);
	floe_vec_release(&rctx.files);
	floe_vec_release(&rctx.dirs);
	floe_diags_free(d);
	return status;
}

/* `s` padded with spaces to `width` code points (names may be UTF-8). */
static void put_cell(floe_buf *b, const char *s, size_t width)
{
	floe_buf_puts(b, s);
	for (size_t n = floe_utf8_count(s, strlen(s)); n < width; n++)
		floe_buf_putc(b, ' ');
}

static size_t width_of(const char *s)
{
	return floe_utf8_count(s, strlen(s));
}

/* --all-envs: each logical reference of floe.yaml x each environment. */
static void print_matrix(const floe_project *p)
{
	size_t nenv = floe_project_env_count(p), nref = floe_project_ref_count(p);
	size_t w0 = width_of("reference");
	floe_buf b = FLOE_BUF_INIT;

	for (size_t r = 0; r < nref; r++)
		if (width_of(floe_project_ref_name(p, r)) > w0)
			w0 = width_of(floe_project_ref_name(p, r));
	for (size_t r = 0; r <= nref; r++) {
		/* row 0 is the header; each column is as wide as "missing" or its name */
		put_cell(&b, r ? floe_project_ref_name(p, r - 1) : "reference", w0);
		for (size_t e = 0; e < nenv; e++) {
			const char *name = floe_project_env_name(p, e);
			size_t w = width_of(name);
			floe_buf_puts(&b, "  ");
			put_cell(&b, !r ? name : floe_project_ref_ok(p, r - 1, e) ? "ok" : "missing",
				 w < 7 ? 7 : w);
		}
		while (b.len && b.ptr[b.len - 1] == ' ')
			floe_buf_truncate(&b, b.len - 1);
		floe_buf_putc(&b, '\n');
	}
	cli_write(1, &b);
	floe_buf_release(&b);
}

static int validate_project(cli *c, const struct opts *o)
{
	floe_diags *d = floe_diags_new(c->limits.max_diags);
	floe_project *p = NULL;
	floe_project_opts po = {
		.env = o->env,
		.platform = o->platform,
		.all_envs = o->all_envs,
		.check_only = true,
		.limits = &c->limits,
	};
	int rc = floe_project_load(&p, d, &po);
	int status = EXIT_OK;

	if (rc != 0 && rc != FLOE_EINVALID) {
		status = cli_runtime_error(EXIT_RUNTIME, "cannot validate");
		goto out;
	}
	if (floe_diags_errors(d))
		status = EXIT_REJECTED;
	cli_render(c, d, o->format, "validate");
	if (o->format != FLOE_FMT_TEXT)
		goto out;
	if (o->all_envs && p && floe_project_env_count(p))
		print_matrix(p);
	if (status == EXIT_OK) {
		size_t n = floe_project_env_count(p);
		if (n == 1)
			printf("ok: floe.yaml is valid in environment '%s' (%s)\n",
			       floe_project_env_name(p, 0), floe_project_env_path(p, 0));
		else
			printf("ok: floe.yaml is valid in %zu environments\n", n);
	}
out:
	floe_project_free(p);
	floe_diags_free(d);
	return status;
}

static int parse_opts(struct opts *o, int argc, char **argv)
{
	enum { O_ENV = 1, O_ALL, O_PLATFORM, O_SCHEMA, O_FORMAT, O_NOFMT,
	       O_SREF, O_SDIR };
	static const struct option longopts[] = {
		{ "env", required_argument, NULL, O_ENV },
		{ "all-envs", no_argument, NULL, O_ALL },
		{ "platform", required_argument, NULL, O_PLATFORM },
		{ "schema", required_argument, NULL, O_SCHEMA },
		{ "format", required_argument, NULL, O_FORMAT },
		{ "no-formats", no_argument, NULL, O_NOFMT },
		{ "schema-ref", required_argument, NULL, O_SREF },
		{ "schema-dir", required_argument, NULL, O_SDIR },
		{ NULL, 0, NULL, 0 },
	};
	int ch;

	optind = 1;
	opterr = 0;
	/* ':' first: a missing value is ':', not '?' */
	while ((ch = getopt_long(argc, argv, ":", longopts, NULL)) != -1) {
		switch (ch) {
		case ':':
			return cli_usage_error("validate", "%s needs a value",
					       argv[optind - 1]);
		case O_ENV: o->env = optarg; break;
		case O_ALL: o->all_envs = true; break;
		case O_PLATFORM: o->platform = optarg; break;
		case O_SCHEMA: o->schema = optarg; break;
		case O_NOFMT: o->no_formats = true; break;
		case O_SREF: floe_vec_push(&o->refs, optarg); break;
		case O_SDIR: floe_vec_push(&o->dirs, optarg); break;
		case O_FORMAT:
			if (floe_format_parse(&o->format, optarg) != 0)
				return cli_usage_error("validate",
					"unknown format '%s' (expected text, json, sarif, github or junit)",
					optarg);
			break;
		default:
			return cli_usage_error("validate", "unknown option '%s'",
					       argv[optind - 1]);
		}
	}
	if (o->env && o->all_envs)
		return cli_usage_error("validate", "--env and --all-envs exclude each other");
	if ((o->refs.len || o->dirs.len) && !o->schema)
		return cli_usage_error("validate", "%s goes with --schema",
				       o->refs.len ? "--schema-ref" : "--schema-dir");
	return 0;
}

int cmd_validate(cli *c, int argc, char **argv)
{
	struct opts o = { 0 };
	int rc = parse_opts(&o, argc, argv);
	if (rc)
		;
	else if (o.schema && optind == argc)
		rc = cli_usage_error("validate", "--schema needs at least one document");
	else if (o.schema)
		rc = validate_with_schema(c, &o, argc - optind, argv + optind);
	else if (optind != argc)
		rc = cli_usage_error("validate",
			"unexpected argument '%s' (documents go with --schema)", argv[optind]);
	else
		rc = validate_project(c, &o);
	floe_vec_release(&o.refs);
	floe_vec_release(&o.dirs);
	return rc;
}
