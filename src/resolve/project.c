/*
 * project.c: load floe.yaml and the platform file of each selected
 * environment, validate both against the built-in schemas, then run the
 * cross-checks of refs.c, secrets.c and version.c.  Selection follows
 * product.md and floe-runtime's search order (reference section 4).
 */
#include <dirent.h>
#include <errno.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>
#include "floe/load.h"
#include "resolve.h"

static const char *real_getenv(const char *name)
{
	return getenv(name);
}

/* Paths as the user sees them: relative to where floe runs. */
static const char *project_path(floe_project *p, const char *rel)
{
	return floe_path_join(p->arena, p->dir, rel);
}

/* The file as a whole (line 0): a caret at 1:1 would blame its first token. */
floe_span floe_resolve__file_span(const floe_doc *doc)
{
	floe_span s = { 0 };
	if (doc)
		s.src = doc->src;
	return s;
}

/*
 * Names come from the input (profile names, keys, paths, environment
 * names): escaped so that none can break a diagnostic's line or send a
 * control sequence to a terminal, and cut after 64 code points.
 */
const char *floe_resolve__name(floe_arena *a, const char *s)
{
	floe_buf b = FLOE_BUF_INIT;
	size_t n = strlen(s), i = 0, cps = 0;

	for (; i < n && cps < 64; i++) {
		unsigned char c = (unsigned char)s[i];
		if ((c & 0xc0) != 0x80)
			cps++;
		if (c == '\n')
			floe_buf_puts(&b, "\\n");
		else if (c == '\t')
			floe_buf_puts(&b, "\\t");
		else if (c < 0x20 || c == 0x7f)
			floe_buf_printf(&b, "\\x%02x", c);
		else
			floe_buf_putc(&b, (char)c);
	}
	while (i < n && ((unsigned char)s[i] & 0xc0) == 0x80)
		floe_buf_putc(&b, s[i++]);
	if (i < n)
		floe_buf_puts(&b, "...");
	const char *out = floe_arena_strndup(a, b.ptr ? b.ptr : "", b.len);
	floe_buf_release(&b);
	return out;
}

/*
 * Something is there, even a symlink that leads nowhere or a file in a
 * folder floe may not search: reading it then says why.
 */
static bool present(const char *path)
{
	struct stat st;
	return lstat(path, &st) == 0 || errno == EACCES;
}

/* An environment names a directory: [A-Za-z0-9_.-], at most this long. */
#define ENV_NAME_MAX 128

static bool env_name_ok(const char *name)
{
	if (!name[0] || name[0] == '.' || strstr(name, "..") ||
	    strlen(name) > ENV_NAME_MAX)
		return false;
	for (const char *c = name; *c; c++)
		if (!(*c >= 'a' && *c <= 'z') && !(*c >= 'A' && *c <= 'Z') &&
		    !(*c >= '0' && *c <= '9') && *c != '_' && *c != '-' && *c != '.')
			return false;
	return true;
}

/*
 * A name that comes with an exact platform file (--env beside --platform,
 * or that file's folder) is only a folder name: any characters but '/'
 * and control characters, neither starting with '.' nor holding "..".
 */
static bool folder_name_ok(const char *name)
{
	if (!name[0] || name[0] == '.' || strstr(name, "..") ||
	    strlen(name) > ENV_NAME_MAX)
		return false;
	for (const unsigned char *c = (const unsigned char *)name; *c; c++)
		if (*c == '/' || *c < 0x20 || *c == 0x7f)
			return false;
	return true;
}

static struct env *add_env(floe_project *p, const char *name, const char *path)
{
	p->envs = floe_xrealloc(p->envs, (p->nenvs + 1) * sizeof(*p->envs));
	struct env *e = &p->envs[p->nenvs++];
	memset(e, 0, sizeof(*e)); /* ref_ok stays false for a file not read */
	e->name = floe_arena_strdup(p->arena, name);
	e->path = floe_arena_strdup(p->arena, path);
	return e;
}

/* floe-runtime's search order for one environment (reference section 4). */
static const struct { const char *pre, *post; } search_order[] = {
	{ "platform/", "/platform.yaml" },   /* pre ENV post */
	{ "", "/platform.yaml" },
	{ ".floe/", "/platform.yaml" },
	{ "platform/platform.yaml", NULL },  /* no environment in the path */
	{ "platform.yaml", NULL },
	{ ".floe/platform.yaml", NULL },
};

static const char *candidate(floe_arena *a, const char *dir, size_t i,
			     const char *env)
{
	const char *pre = search_order[i].pre, *post = search_order[i].post;
	return floe_path_join(a, dir, post ? floe_arena_printf(a, "%s%s%s", pre, env, post)
					   : pre);
}

static int cmp_str(const void *a, const void *b)
{
	return strcmp(*(char *const *)a, *(char *const *)b);
}

/* The environments of <dir>/platform/<env>/platform.yaml, sorted by name. */
static void list_envs(floe_arena *a, const char *dir, floe_vec *names)
{
	const char *pdir = floe_path_join(a, dir, "platform");
	DIR *dh = opendir(pdir);
	struct dirent *ent;
	while (dh && (ent = readdir(dh))) {
		if (ent->d_name[0] == '.')
			continue;
		char *rel = floe_arena_printf(a, "platform/%s/platform.yaml",
					      ent->d_name);
		if (present(floe_path_join(a, dir, rel)))
			floe_vec_push(names, floe_arena_strdup(a, ent->d_name));
	}
	if (dh)
		closedir(dh);
	if (names->len)
		qsort(names->items, names->len, sizeof(void *), cmp_str);
}

/* The environments there are, and the nearest to `env`, as notes of g. */
static void note_envs(floe_arena *a, floe_diags *d, floe_diag *g,
		      const char *dir, const char *env)
{
	floe_vec names = FLOE_VEC_INIT;
	list_envs(a, dir, &names);
	if (names.len) {
		floe_buf b = FLOE_BUF_INIT;
		floe_buf_put_list(&b, (const char *const *)names.items, names.len);
		const char *near = floe_str_suggest(env, (const char *const *)names.items,
						    names.len);
		/* "prod" for "production": a prefix either way is near too */
		for (size_t i = 0; !near && i < names.len; i++)
			if (floe_str_startswith(env, names.items[i]) ||
			    floe_str_startswith(names.items[i], env))
				near = names.items[i];
		if (near)
			floe_diag_note(d, g, NULL, "did you mean '%s'?", near);
		floe_diag_note(d, g, NULL, "environments: %s", floe_buf_cstr(&b));
		floe_buf_release(&b);
	}
	floe_vec_release(&names);
}

/* The first candidate that is there, or NULL after a diagnostic. */
static const char *search_platform(floe_arena *a, floe_diags *d, const char *dir,
				   const char *env)
{
	for (size_t i = 0; i < FLOE_ARRAY_SIZE(search_order); i++) {
		const char *path = candidate(a, dir, i, env);
		if (present(path))
			return path;
	}
	floe_diag *g = floe_diag_add(d, FLOE_SEV_ERROR, "resolve/platform-not-found",
		NULL, NULL, "no platform file for environment '%s'", env);
	floe_buf b = FLOE_BUF_INIT;
	for (size_t i = 0; i < FLOE_ARRAY_SIZE(search_order); i++)
		floe_buf_printf(&b, "%s%s", i ? ", " : "", candidate(a, dir, i, env));
	note_envs(a, d, g, dir, env);
	floe_diag_note(d, g, NULL, "searched: %s", floe_buf_cstr(&b));
	floe_diag_hint(d, g, "create %s, or pass --platform FILE",
		       candidate(a, dir, 0, env));
	floe_buf_release(&b);
	return NULL;
}

/* --all-envs: every platform/<env>/platform.yaml, sorted by name. */
static int all_envs(floe_project *p, floe_diags *d)
{
	const char *dir = project_path(p, "platform");
	floe_vec names = FLOE_VEC_INIT;

	list_envs(p->arena, p->dir, &names);
	if (names.len == 0) {
		floe_diag_add(d, FLOE_SEV_ERROR, "resolve/no-environments", NULL, NULL,
			      "no environments: '%s' has no <env>/platform.yaml", dir);
		floe_vec_release(&names);
		return FLOE_EINVALID;
	}
	for (size_t i = 0; i < names.len; i++) {
		const char *rel = floe_arena_printf(p->arena, "platform/%s/platform.yaml",
						    (char *)names.items[i]);
		add_env(p, names.items[i], project_path(p, rel));
	}
	floe_vec_release(&names);
	return 0;
}

/*
 * The environment's name for an exact platform file: --env, else its
 * folder ("." or none: local).  `from_folder` says which.
 */
static const char *name_from_file(floe_arena *a, const char *env, const char *file,
				  bool *from_folder)
{
	*from_folder = false;
	if (env)
		return env;
	char *dir = floe_path_dirname(a, file);
	const char *base = floe_path_basename(dir);
	if (!base[0] || strcmp(base, ".") == 0 || strcmp(base, "/") == 0)
		return "local";
	*from_folder = true;
	return base;
}

/* resolve/bad-env-name, saying where the name came from. */
static int bad_name(floe_arena *a, floe_diags *d, const char *env, const char *from,
		    const char *file)
{
	floe_diag *g = floe_diag_add(d, FLOE_SEV_ERROR, "resolve/bad-env-name",
				     NULL, NULL, "invalid environment name '%s'%s",
				     floe_resolve__name(a, env), from);
	if (strlen(env) > ENV_NAME_MAX)
		floe_diag_note(d, g, NULL, "a name has at most %d characters; "
			       "this one has %zu", ENV_NAME_MAX, strlen(env));
	else if (file)
		floe_diag_note(d, g, NULL, "a name becomes a folder: it holds no '/' "
			       "and neither starts with '.' nor holds '..'");
	else
		floe_diag_note(d, g, NULL, "a name is made of A-Z a-z 0-9 _ - . "
			       "and neither starts with '.' nor holds '..'");
	if (*from == ' ' && strstr(from, "folder"))
		floe_diag_hint(d, g, "name the environment with --env NAME");
	return FLOE_EINVALID;
}

int floe_project_locate(floe_arena *a, floe_diags *d, const floe_project_opts *o,
			const char **name, const char **path)
{
	const char *(*get)(const char *) = o->getenv ? o->getenv : real_getenv;
	const char *dir = o->dir ? o->dir : ".";
	const char *env = o->env, *file = o->platform, *from = "";
	bool folder = false;

	*name = *path = NULL;
	if (!file && get("FLOE_PLATFORM_FILE") && get("FLOE_PLATFORM_FILE")[0])
		file = get("FLOE_PLATFORM_FILE");
	if (file) {
		env = name_from_file(a, env, file, &folder);
		if (folder)
			from = floe_arena_printf(a, " (the folder of the platform file %s)",
						 floe_resolve__name(a, file));
	} else if (!env && get("FLOE_PLATFORM_ENV") && get("FLOE_PLATFORM_ENV")[0]) {
		env = get("FLOE_PLATFORM_ENV");
		from = " (from FLOE_PLATFORM_ENV)";
	}
	if (!env)
		env = "local";
	/* every name becomes a folder (<state>/<env>): none may leave it */
	if (file ? !folder_name_ok(env) : !env_name_ok(env))
		return bad_name(a, d, env, from, file);
	if (!file && !(file = search_platform(a, d, dir, env)))
		return FLOE_EINVALID;
	*name = floe_arena_strdup(a, env);
	*path = floe_arena_strdup(a, file);
	return 0;
}

bool floe_project_env_name_ok(const char *name)
{
	return name && env_name_ok(name);
}

bool floe_project_folder_name_ok(const char *name)
{
	return name && folder_name_ok(name);
}

const char *floe_project_sealed_path(floe_arena *a, const char *platform_file)
{
	return floe_path_join(a, floe_path_dirname(a, platform_file),
			      "secrets.sealed.yaml");
}

static int select_envs(floe_project *p, floe_diags *d, const floe_project_opts *o)
{
	const char *name, *path;
	if (o->all_envs)
		return all_envs(p, d);
	int rc = floe_project_locate(p->arena, d, o, &name, &path);
	if (rc == 0)
		add_env(p, name, path);
	return rc;
}

/* floe.yaml's storage, catalog and compute references. */
static void collect_refs(floe_project *p)
{
	static const char *const kinds[3][2] = {
		{ "storage", "storage" }, { "catalog", "catalogs" }, { "compute", "compute" },
	};
	const floe_node *root = p->floe ? p->floe->root : NULL;
	for (size_t i = 0; i < 3; i++) {
		struct logical_ref *r = &p->refs[i];
		const char *name = NULL;
		r->kind = kinds[i][0];
		r->section = kinds[i][1];
		r->node = floe_node_get(root, r->kind);
		if (!r->node || !floe_node_as_string(r->node, &name))
			r->node = NULL;
		r->name = name ? name : "default";
	}
}

/*
 * Load one input and check it against its schema.  A file that did not
 * parse is dropped (NULL, like a missing one): its syntax diagnostics say
 * why, and checking what is left would only repeat them.  An empty file
 * is null, reported on the file as a whole.
 */
static floe_doc *load_checked(floe_diags *d, const char *path,
			      const floe_schema *schema, const floe_limits *lim)
{
	floe_doc *doc = NULL;
	int rc = floe_load_file(&doc, d, path, NULL, lim);

	if (doc && rc != 0 && !doc->root) {
		floe_doc_free(doc);
		return NULL;
	}
	if (doc && schema) {
		floe_node empty = { .kind = FLOE_NODE_NULL };
		empty.span = floe_resolve__file_span(doc);
		floe_schema_validate(schema, d, doc->root ? doc->root : &empty);
	}
	return doc;
}

static int load_envs(floe_project *p, floe_diags *d, const floe_limits *lim,
		     bool check_only)
{
	for (size_t i = 0; i < p->nenvs; i++) {
		struct env *e = &p->envs[i];
		floe_diags_checked(d, e->path);
		e->doc = load_checked(d, e->path, NULL, lim);
		if (!e->doc)
			continue;
		floe_node empty = { .kind = FLOE_NODE_NULL };
		empty.span = floe_resolve__file_span(e->doc);
		floe_resolve__validate_platform(p, d, i, e->doc->root ? e->doc->root : &empty);
		floe_resolve__check_refs(p, d, i);
		floe_resolve__check_secrets(p, d, i);
		for (size_t r = 0; r < 3; r++) {
			const floe_node *sec = floe_node_get(e->doc->root,
							     p->refs[r].section);
			e->ref_ok[r] = floe_node_get(sec, p->refs[r].name) != NULL;
		}
		if (check_only) {
			/* the diagnostics hold the source text, not the tree */
			floe_doc_free(e->doc);
			e->doc = NULL;
		}
	}
	return 0;
}

int floe_project_load(floe_project **out, floe_diags *d,
		      const floe_project_opts *o)
{
	floe_project *p = floe_xcalloc(1, sizeof(*p));
	size_t errors = floe_diags_errors(d);
	int rc;

	*out = p;
	p->arena = floe_arena_new();
	p->dir = floe_arena_strdup(p->arena, o->dir ? o->dir : ".");
	p->floe_path = project_path(p, "floe.yaml");
	rc = floe_resolve__builtin_schema(&p->floe_schema, &p->schema_docs[0], d, "floe");
	if (rc == 0)
		rc = floe_resolve__builtin_schema(&p->platform_schema, &p->schema_docs[1], d,
					  "platform");
	if (rc != 0 && rc != FLOE_EINVALID)
		return rc;
	if (rc == 0 && o->limits) {
		floe_schema_set_max_steps(p->floe_schema, o->limits->max_steps);
		floe_schema_set_max_steps(p->platform_schema, o->limits->max_steps);
	}
	floe_diags_checked(d, p->floe_path);
	p->floe = load_checked(d, p->floe_path, p->floe_schema, o->limits);
	collect_refs(p);
	if (p->floe)
		floe_resolve__check_floe(p, d);
	if (select_envs(p, d, o) == 0)
		load_envs(p, d, o->limits, o->check_only);
	return floe_diags_errors(d) > errors ? FLOE_EINVALID : 0;
}

void floe_project_free(floe_project *p)
{
	if (!p)
		return;
	for (size_t i = 0; i < p->nenvs; i++)
		floe_doc_free(p->envs[i].doc);
	free(p->envs);
	free(p->matrix);
	floe_doc_free(p->floe);
	floe_schema_free(p->floe_schema);
	floe_schema_free(p->platform_schema);
	floe_doc_free(p->schema_docs[0]);
	floe_doc_free(p->schema_docs[1]);
	floe_arena_free(p->arena);
	free(p);
}

const floe_doc *floe_project_floe(const floe_project *p) { return p->floe; }
const char *floe_project_dir(const floe_project *p) { return p->dir; }
size_t floe_project_env_count(const floe_project *p) { return p->nenvs; }

const char *floe_project_env_name(const floe_project *p, size_t i)
{
	return i < p->nenvs ? p->envs[i].name : NULL;
}

const floe_doc *floe_project_env_doc(const floe_project *p, size_t i)
{
	return i < p->nenvs ? p->envs[i].doc : NULL;
}

const char *floe_project_env_path(const floe_project *p, size_t i)
{
	return i < p->nenvs ? p->envs[i].path : NULL;
}

size_t floe_project_ref_count(const floe_project *p)
{
	return 3;
}

const char *floe_project_ref_name(const floe_project *p, size_t r)
{
	return floe_arena_printf(p->arena, "%s '%s'", p->refs[r].kind, p->refs[r].name);
}

bool floe_project_ref_ok(const floe_project *p, size_t r, size_t env)
{
	return r < 3 && env < p->nenvs && p->envs[env].ref_ok[r];
}
