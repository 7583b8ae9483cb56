/*
 * run_project.c: loading a dbt project for the native runner:
 * dbt_project.yml (paths, vars, hooks), the files under its model, seed,
 * macro and test paths, the node table with its name index, and the
 * order of the whole load (floe_runner_load).  Properties files, configs,
 * rendering and the graph have files of their own.
 */
#include <dirent.h>
#include <errno.h>
#include <limits.h>
#include <stdlib.h>
#include <string.h>
#include <unistd.h>
#include "floe/load.h"
#include "run_int.h"

#define MAX_FILES 20000
#define MAX_DIR_DEPTH 24

__attribute__((format(printf, 4, 5)))
static void diag_at(floe_runner_project *p, const char *code,
		    const floe_node *n, const char *fmt, ...)
{
	va_list ap;
	va_start(ap, fmt);
	floe_diag_vadd(p->d, FLOE_SEV_ERROR, code, n ? &n->span : NULL, NULL,
		       fmt, ap);
	va_end(ap);
}

/* ---- nodes and the name index ---- */

struct rnode *floe_runtime__run_node_new(floe_runner_project *p, int kind,
				const char *name)
{
	struct rnode *n = floe_arena_alloc(p->a, sizeof(*n));
	n->kind = kind;
	n->id = p->nodes.len;
	n->name = name;
	n->attached = SIZE_MAX;
	floe_runtime__run_config_init(&n->cfg, kind);
	floe_vec_push(&p->nodes, n);
	return n;
}

struct rnode *floe_runtime__run_node(const floe_runner_project *p, size_t i)
{
	return p->nodes.items[i];
}

static uint64_t hash(const char *s)
{
	uint64_t h = 1469598103934665603ull;
	for (; *s; s++)
		h = (h ^ (unsigned char)*s) * 1099511628211ull;
	return h;
}

/* Seeds and models by name (open addressing); duplicates are diagnostics. */
static void run_index_build(floe_runner_project *p)
{
	size_t cap = 16;
	while (cap < 2 * p->nodes.len + 2)
		cap *= 2;
	p->index_cap = cap;
	p->index = floe_arena_alloc(p->a, cap * sizeof(*p->index));
	for (size_t i = 0; i < cap; i++)
		p->index[i] = SIZE_MAX;
	for (size_t i = 0; i < p->nodes.len; i++) {
		struct rnode *n = floe_runtime__run_node(p, i);
		if (n->kind == RK_TEST || !n->cfg.enabled)
			continue;
		struct rnode *old = floe_runtime__run_find(p, n->name);
		if (old) {
			floe_diag *dg = floe_diag_add(p->d, FLOE_SEV_ERROR,
				"run/duplicate-name", &n->span, NULL,
				"two nodes are named '%s': dbt needs unique names",
				n->name);
			floe_diag_note(p->d, dg, &old->span, "also defined here");
			n->bad = true;
			continue;
		}
		size_t h = hash(n->name) & (cap - 1);
		while (p->index[h] != SIZE_MAX)
			h = (h + 1) & (cap - 1);
		p->index[h] = i;
	}
}

struct rnode *floe_runtime__run_find(const floe_runner_project *p, const char *name)
{
	if (!p->index)
		return NULL;
	for (size_t h = hash(name) & (p->index_cap - 1);
	     p->index[h] != SIZE_MAX; h = (h + 1) & (p->index_cap - 1)) {
		struct rnode *n = floe_runtime__run_node(p, p->index[h]);
		if (strcmp(n->name, name) == 0)
			return n;
	}
	return NULL;
}

bool floe_runtime__run_test_name_claim(floe_runner_project *p, const char *name)
{
	if (2 * (p->ntest_names + 1) > p->test_names_cap) {
		size_t cap = p->test_names_cap ? 2 * p->test_names_cap : 64;
		const char **old = p->test_names;
		size_t oldcap = p->test_names_cap;
		p->test_names = floe_arena_alloc(p->a, cap * sizeof(char *));
		p->test_names_cap = cap;
		p->ntest_names = 0;
		for (size_t i = 0; i < oldcap; i++)
			if (old[i])
				floe_runtime__run_test_name_claim(p, old[i]);
	}
	size_t h = hash(name) & (p->test_names_cap - 1);
	for (; p->test_names[h]; h = (h + 1) & (p->test_names_cap - 1))
		if (strcmp(p->test_names[h], name) == 0)
			return false;
	p->test_names[h] = name;
	p->ntest_names++;
	return true;
}

void floe_runtime__run_add_parent(floe_runner_project *p, struct rnode *n,
			 size_t parent, uint32_t off)
{
	for (size_t i = 0; i < n->nparents; i++)
		if (n->parents[i] == parent)
			return;
	if (n->nparents == n->capparents) {
		size_t cap = n->capparents ? 2 * n->capparents : 4;
		size_t *np = floe_arena_alloc(p->a, cap * sizeof(*np));
		uint32_t *no = floe_arena_alloc(p->a, cap * sizeof(*no));
		if (n->nparents) {
			memcpy(np, n->parents, n->nparents * sizeof(*np));
			memcpy(no, n->parent_off, n->nparents * sizeof(*no));
		}
		n->parents = np;
		n->parent_off = no;
		n->capparents = cap;
	}
	n->parent_off[n->nparents] = off;
	n->parents[n->nparents++] = parent;
}

const char *floe_runtime__run_quote(floe_arena *a, const char *ident)
{
	floe_buf b = FLOE_BUF_INIT;
	floe_buf_putc(&b, '"');
	for (const char *s = ident; *s; s++) {
		if (*s == '"')
			floe_buf_putc(&b, '"');
		floe_buf_putc(&b, *s);
	}
	floe_buf_putc(&b, '"');
	char *r = floe_arena_strdup(a, b.ptr);
	floe_buf_release(&b);
	return r;
}

void floe_runtime__run_rel_set(floe_arena *a, struct jrel *rel, const char *database,
		      const char *schema, const char *identifier)
{
	rel->database = database;
	rel->schema = schema;
	rel->identifier = identifier;
	if (database)
		rel->sql = floe_arena_printf(a, "%s.%s.%s",
					     floe_runtime__run_quote(a, database),
					     floe_runtime__run_quote(a, schema),
					     floe_runtime__run_quote(a, identifier));
	else
		rel->sql = floe_arena_printf(a, "%s.%s", floe_runtime__run_quote(a, schema),
					     floe_runtime__run_quote(a, identifier));
	rel->display = floe_arena_printf(a, "%s.%s", schema, identifier);
}

/* ---- dbt_project.yml ---- */

/*
 * A list of paths (`model-paths: [models]`), else the default: *out in the
 * project's arena, as long as the list (no path is dropped).
 */
static size_t read_paths(floe_runner_project *p, const char ***out,
			 const floe_node *n, const char *dflt)
{
	size_t k = 0;
	if (!n) {
		*out = floe_arena_alloc(p->a, sizeof(**out));
		(*out)[k++] = dflt;
		return k;
	}
	*out = NULL;
	if (n->kind != FLOE_NODE_SEQ) {
		diag_at(p, "run/project", n, "expected a list of paths");
		return 0;
	}
	*out = floe_arena_alloc(p->a, (n->len ? n->len : 1) * sizeof(**out));
	for (size_t i = 0; i < n->len; i++) {
		const char *s;
		if (floe_node_as_string(n->items[i], &s))
			(*out)[k++] = s;
		else
			diag_at(p, "run/project", n->items[i], "expected a path");
	}
	return k;
}

static const floe_node *either(const floe_node *root, const char *a,
			       const char *b)
{
	const floe_node *n = floe_node_get(root, a);
	return n ? n : floe_node_get(root, b);
}

static void read_hooks(floe_runner_project *p, const floe_node *root)
{
	static const char *const hooks[] = { "on-run-start", "on-run-end" };
	for (size_t i = 0; i < FLOE_ARRAY_SIZE(hooks); i++) {
		const floe_node *h = floe_node_get(root, hooks[i]);
		if (h && h->kind != FLOE_NODE_NULL &&
		    !(h->kind == FLOE_NODE_SEQ && h->len == 0))
			diag_at(p, "run/unsupported-hook", h,
				"'%s' hooks are not supported by the native runner",
				hooks[i]);
	}
}

static int read_project(floe_runner_project *p)
{
	const char *path = floe_path_join(p->a, p->dir, "dbt_project.yml");
	if (floe_load_file(&p->project_doc, p->d, path, NULL, p->lim) < 0 ||
	    !p->project_doc || !p->project_doc->root)
		return FLOE_EINVALID;
	const floe_node *root = p->project_doc->root;
	if (root->kind != FLOE_NODE_MAP) {
		diag_at(p, "run/project", root, "dbt_project.yml must be a mapping");
		return FLOE_EINVALID;
	}
	const floe_node *name = floe_node_get(root, "name");
	if (!name || !floe_node_as_string(name, &p->name)) {
		diag_at(p, "run/project", name ? name : root,
			"dbt_project.yml needs a 'name'");
		p->name = "project";
	}
	const floe_node *prof = floe_node_get(root, "profile");
	if (!prof || !floe_node_as_string(prof, &p->profile))
		p->profile = p->name;
	p->nmodel_paths = read_paths(p, &p->model_paths,
				     either(root, "model-paths", "source-paths"), "models");
	p->nseed_paths = read_paths(p, &p->seed_paths,
				    either(root, "seed-paths", "data-paths"), "seeds");
	p->nmacro_paths = read_paths(p, &p->macro_paths,
				     floe_node_get(root, "macro-paths"), "macros");
	p->ntest_paths = read_paths(p, &p->test_paths,
				    floe_node_get(root, "test-paths"), "tests");
	const char *target = "target";
	const floe_node *t = floe_node_get(root, "target-path");
	if (t)
		floe_node_as_string(t, &target);
	p->target_dir = floe_path_join(p->a, p->abs_dir, target);

	read_hooks(p, root);
	return 0;
}

/* ---- files ---- */

struct walk {
	floe_runner_project *p;
	const char *base;       /* the model/seed/... path, relative */
	size_t nfiles;
	void (*file)(floe_runner_project *p, const char *rel, const char *base);
};

static int by_name(const void *a, const void *b)
{
	return strcmp(*(char *const *)a, *(char *const *)b);
}

/* Every file under base/sub, in name order, depth first. */
static void walk_dir(struct walk *w, const char *sub, unsigned depth)
{
	const char *rel = sub[0] ? floe_path_join(w->p->a, w->base, sub) : w->base;
	const char *abs = floe_path_join(w->p->a, w->p->dir, rel);
	DIR *dir = opendir(abs);
	floe_vec names = FLOE_VEC_INIT;
	struct dirent *e;

	if (!dir)
		return;
	while ((e = readdir(dir)))
		if (e->d_name[0] != '.')
			floe_vec_push(&names, floe_arena_strdup(w->p->a, e->d_name));
	closedir(dir);
	if (names.len)
		qsort(names.items, names.len, sizeof(void *), by_name);
	for (size_t i = 0; i < names.len && w->nfiles < MAX_FILES; i++) {
		const char *child = sub[0] ? floe_arena_printf(w->p->a, "%s/%s", sub,
					(char *)names.items[i]) : names.items[i];
		const char *cabs = floe_path_join(w->p->a, abs, names.items[i]);
		if (floe_fs_is_dir(cabs)) {
			if (depth < MAX_DIR_DEPTH)
				walk_dir(w, child, depth + 1);
		} else {
			w->nfiles++;
			w->file(w->p, child, w->base);
		}
	}
	floe_vec_release(&names);
}

static void walk(floe_runner_project *p, const char *const *bases, size_t n,
		 void (*file)(floe_runner_project *, const char *, const char *))
{
	for (size_t i = 0; i < n; i++) {
		struct walk w = { p, bases[i], 0, file };
		walk_dir(&w, "", 0);
	}
}

/* Read a file into a source owned by the project; NULL after a diagnostic. */
static floe_source *read_source(floe_runner_project *p, const char *rel)
{
	floe_buf b = FLOE_BUF_INIT;
	const char *abs = floe_path_join(p->a, p->dir, rel);
	int rc = floe_fs_read(&b, abs, p->lim->max_bytes);
	if (rc < 0) {
		int err = errno;
		floe_source *file = floe_source_new(abs, NULL, 0);
		floe_span sp = { file, 0, 0, 0, 0 };
		if (rc == FLOE_ENOTFOUND)
			floe_diag_add(p->d, FLOE_SEV_ERROR, "io/not-found", &sp, NULL,
				      "cannot read '%s': no such file", abs);
		else if (rc == FLOE_ETOOBIG)
			floe_diag_add(p->d, FLOE_SEV_ERROR, "io/too-large", &sp, NULL,
				      "file '%s' is larger than the limit of %zu bytes",
				      abs, p->lim->max_bytes);
		else
			floe_diag_add(p->d, FLOE_SEV_ERROR, "io/unreadable", &sp, NULL,
				      "cannot read '%s': %s", abs,
				      err == EISDIR ? "is a directory" : strerror(err));
		floe_source_unref(file);
		floe_buf_release(&b);
		return NULL;
	}
	size_t len = b.len;
	floe_source *src = floe_source_new(abs, floe_buf_detach(&b), len);
	floe_arena_defer(p->a, (void (*)(void *))floe_source_unref, src);
	return src;
}

/* fqn: the project, the folders under the model path, the name. */
static void set_fqn(floe_runner_project *p, struct rnode *n, const char *sub)
{
	size_t parts = 2;
	for (const char *s = sub; *s; s++)
		parts += *s == '/';
	n->fqn = floe_arena_alloc(p->a, (parts + 1) * sizeof(char *));
	n->fqn[n->nfqn++] = p->name;
	const char *s = sub;
	for (const char *slash; (slash = strchr(s, '/')); s = slash + 1)
		n->fqn[n->nfqn++] = floe_arena_strndup(p->a, s, (size_t)(slash - s));
	n->fqn[n->nfqn++] = n->name;
}

static const char *stem(floe_runner_project *p, const char *sub,
			const char *ext)
{
	const char *base = floe_path_basename(sub);
	return floe_arena_strndup(p->a, base, strlen(base) - strlen(ext));
}

static struct rnode *file_node(floe_runner_project *p, int kind,
			       const char *sub, const char *base,
			       const char *ext)
{
	struct rnode *n = floe_runtime__run_node_new(p, kind, stem(p, sub, ext));
	n->path = floe_path_join(p->a, base, sub);
	n->abs_path = floe_path_join(p->a, p->abs_dir, n->path);
	set_fqn(p, n, sub);
	if (kind == RK_SEED) { /* no text: a position names the file */
		floe_source *src = floe_source_new(
			floe_path_join(p->a, p->dir, n->path), NULL, 0);
		floe_arena_defer(p->a, (void (*)(void *))floe_source_unref, src);
		n->span.src = src;
	}
	return n;
}

static void add_yml(floe_runner_project *p, const char *rel)
{
	floe_doc *doc = NULL;
	const char *abs = floe_path_join(p->a, p->dir, rel);
	floe_load_file(&doc, p->d, abs, NULL, p->lim);
	if (doc)
		floe_vec_push(&p->docs, doc);
}

static void model_file(floe_runner_project *p, const char *sub,
		       const char *base)
{
	const char *rel = floe_path_join(p->a, base, sub);
	if (floe_str_endswith(sub, ".yml") || floe_str_endswith(sub, ".yaml")) {
		add_yml(p, rel);
		return;
	}
	if (floe_str_endswith(sub, ".py")) {
		floe_span sp = { read_source(p, rel), 0, 0, 0, 0 };
		if (sp.src)
			floe_diag_add(p->d, FLOE_SEV_ERROR, "run/unsupported-model",
				      &sp, NULL, "Python models are not supported by the native runner");
		return;
	}
	if (!floe_str_endswith(sub, ".sql"))
		return;
	struct rnode *n = file_node(p, RK_MODEL, sub, base, ".sql");
	if (!(n->src = read_source(p, rel)) ||
	    !(n->tpl = floe_runtime__run_dbt_parse(p, n->src)))
		n->bad = true;
	n->span.src = n->src;
}

static void seed_file(floe_runner_project *p, const char *sub,
		      const char *base)
{
	const char *rel = floe_path_join(p->a, base, sub);
	if (floe_str_endswith(sub, ".yml") || floe_str_endswith(sub, ".yaml"))
		add_yml(p, rel);
	else if (floe_str_endswith(sub, ".csv"))
		file_node(p, RK_SEED, sub, base, ".csv");
}

static void test_file(floe_runner_project *p, const char *sub,
		      const char *base)
{
	const char *rel = floe_path_join(p->a, base, sub);
	if (floe_str_endswith(sub, ".yml") || floe_str_endswith(sub, ".yaml")) {
		add_yml(p, rel);
		return;
	}
	if (!floe_str_endswith(sub, ".sql"))
		return;
	struct rnode *n = file_node(p, RK_TEST, sub, base, ".sql");
	n->test = RT_SINGULAR;
	floe_runtime__run_test_name_claim(p, n->name);
	n->unique_id = floe_arena_printf(p->a, "test.%s.%s", p->name, n->name);
	if (!(n->src = read_source(p, rel)) ||
	    !(n->tpl = floe_runtime__run_dbt_parse(p, n->src)))
		n->bad = true;
	n->span.src = n->src;
}

static void macro_file(floe_runner_project *p, const char *sub,
		       const char *base)
{
	floe_source *src;
	if (!floe_str_endswith(sub, ".sql"))
		return;
	if ((src = read_source(p, floe_path_join(p->a, base, sub))))
		floe_runtime__run_dbt_macros(p, src, p->cur_pkg);
}

static void snapshot_file(floe_runner_project *p, const char *sub,
			  const char *base)
{
	if (!floe_str_endswith(sub, ".sql"))
		return;
	floe_source *src = read_source(p, floe_path_join(p->a, base, sub));
	floe_span sp = { src, 0, 0, 0, 0 };
	if (src)
		floe_diag_add(p->d, FLOE_SEV_WARNING, "run/unsupported-snapshot",
			      &sp, NULL, "snapshots are not run by the native runner");
}

/* ---- the render context ---- */

static void set_context(floe_runner_project *p, const floe_runner_opts *o)
{
	floe_arena *a = p->a;
	p->database = o->database ? floe_arena_strdup(p->a, o->database) : NULL;
	p->schema = floe_arena_strdup(p->a, o->schema ? o->schema : "main");
	p->target_name = floe_arena_strdup(p->a, o->target_name ? o->target_name : "dev");
	p->env = o->env;
	p->env_ud = o->env_ud;
	p->full_refresh = o->full_refresh;
	p->target = floe_jv_dict(a);
	floe_jdict *t = p->target.u.dict;
	floe_jv_dict_sets(a, t, "name", floe_jv_cstr(p->target_name));
	floe_jv_dict_sets(a, t, "schema", floe_jv_cstr(p->schema));
	floe_jv_dict_sets(a, t, "database", p->database ? floe_jv_cstr(p->database)
							 : floe_jv_none());
	floe_jv_dict_sets(a, t, "type", floe_jv_cstr("duckdb"));
	floe_jv_dict_sets(a, t, "profile_name", floe_jv_cstr(p->profile));
	floe_jv_dict_sets(a, t, "threads", floe_jv_int(o->threads ? o->threads : 1));
}

static void read_vars(floe_runner_project *p, const floe_runner_opts *o)
{
	const floe_node *pv = floe_node_get(p->project_doc->root, "vars");
	p->project_vars = floe_runtime__run_jv_from_node(p->a, pv);
	if (pv && pv->kind != FLOE_NODE_MAP)
		diag_at(p, "run/project", pv, "'vars' must be a mapping%s", "");
	p->vars = floe_jv_dict(p->a);
	if (!o->vars || !o->vars[0])
		return;
	if (floe_load_yaml(&p->vars_doc, p->d, "--vars", o->vars,
				strlen(o->vars), p->lim) < 0 || !p->vars_doc)
		return;
	const floe_node *r = p->vars_doc->root;
	if (r && r->kind != FLOE_NODE_MAP) {
		floe_diag_add(p->d, FLOE_SEV_ERROR, "run/bad-vars", &r->span, NULL,
			      "--vars must be a YAML or JSON mapping");
		return;
	}
	if (r)
		p->vars = floe_runtime__run_jv_from_node(p->a, r);
}

/* dispatch: [{macro_namespace: x, search_order: [a, b]}] */
static void read_dispatch(floe_runner_project *p)
{
	const floe_node *d = floe_node_get(p->project_doc->root, "dispatch");
	if (!d)
		return;
	if (d->kind != FLOE_NODE_SEQ) {
		diag_at(p, "run/project", d, "'dispatch' must be a list%s", "");
		return;
	}
	const char **ns = floe_arena_alloc(p->a, (d->len + 1) * sizeof(*ns));
	const char *const **order = floe_arena_alloc(p->a, (d->len + 1) * sizeof(*order));
	size_t *cnt = floe_arena_alloc(p->a, (d->len + 1) * sizeof(*cnt));
	for (size_t i = 0; i < d->len; i++) {
		const floe_node *e = d->items[i];
		const floe_node *so = floe_node_get(e, "search_order");
		const char *name = NULL;
		if (!floe_node_as_string(floe_node_get(e, "macro_namespace"), &name) ||
		    !so || so->kind != FLOE_NODE_SEQ) {
			diag_at(p, "run/project", e, "a dispatch entry needs "
				"macro_namespace and a search_order list%s", "");
			continue;
		}
		const char **o = floe_arena_alloc(p->a, (so->len + 1) * sizeof(*o));
		size_t n = 0;
		for (size_t k = 0; k < so->len; k++)
			if (floe_node_as_string(so->items[k], &o[n]))
				n++;
		ns[p->ndispatch] = name;
		order[p->ndispatch] = o;
		cnt[p->ndispatch++] = n;
	}
	p->dispatch_ns = ns;
	p->dispatch_order = order;
	p->dispatch_n = cnt;
}

/* dbt_packages/<dir>/: each package's macros, under its own name. */
static void load_packages(floe_runner_project *p)
{
	const char *base = floe_path_join(p->a, p->dir, "dbt_packages");
	DIR *dir = opendir(base);
	floe_vec names = FLOE_VEC_INIT;
	struct dirent *e;
	if (!dir)
		return;
	while ((e = readdir(dir)))
		if (e->d_name[0] != '.')
			floe_vec_push(&names, floe_arena_strdup(p->a, e->d_name));
	closedir(dir);
	if (names.len)
		qsort(names.items, names.len, sizeof(void *), by_name);
	p->packages = floe_arena_alloc(p->a, (names.len + 1) * sizeof(char *));
	for (size_t i = 0; i < names.len; i++) {
		const char *rel = floe_path_join(p->a, "dbt_packages", names.items[i]);
		const char *yml = floe_path_join(p->a, p->dir,
						 floe_path_join(p->a, rel, "dbt_project.yml"));
		floe_doc *doc = NULL;
		if (access(yml, R_OK) != 0)
			continue;
		floe_load_file(&doc, p->d, yml, NULL, p->lim);
		if (!doc || !doc->root)
			continue;
		floe_vec_push(&p->docs_keep, doc);
		const char *name = NULL;
		if (!floe_node_as_string(floe_node_get(doc->root, "name"), &name)) {
			diag_at(p, "run/project", doc->root,
				"the package's dbt_project.yml needs a 'name'%s", "");
			continue;
		}
		const char **paths = NULL;
		size_t n = read_paths(p, &paths, floe_node_get(doc->root, "macro-paths"),
				      "macros");
		for (size_t k = 0; k < n; k++)
			paths[k] = floe_path_join(p->a, rel, paths[k]);
		p->packages[p->npackages++] = name;
		p->cur_pkg = name;
		walk(p, paths, n, macro_file);
		p->cur_pkg = NULL;
	}
	floe_vec_release(&names);
}

static void free_project_docs(void *ud)
{
	floe_runner_project *p = ud;
	for (size_t i = 0; i < p->docs.len; i++)
		floe_doc_free(p->docs.items[i]);
	floe_vec_release(&p->docs);
	for (size_t i = 0; i < p->docs_keep.len; i++)
		floe_doc_free(p->docs_keep.items[i]);
	floe_vec_release(&p->docs_keep);
	for (size_t i = 0; i < p->tpls.len; i++)
		floe_jinja_tpl_free(p->tpls.items[i]);
	floe_vec_release(&p->tpls);
	for (size_t i = 0; i < p->srcs.len; i++)
		floe_source_unref(p->srcs.items[i]);
	floe_vec_release(&p->srcs);
	floe_jinja_env_free(p->jenv);
	floe_vec_release(&p->nodes);
	floe_doc_free(p->project_doc);
	floe_doc_free(p->vars_doc);
}

static floe_runner_project *project_new(const char *dir,
					const floe_runner_opts *o)
{
	floe_arena *a = floe_arena_new();
	floe_runner_project *p = floe_arena_alloc(a, sizeof(*p));
	p->a = a;
	floe_arena_defer(a, free_project_docs, p);
	if (o->limits)
		p->limits = *o->limits;
	else
		floe_limits_default(&p->limits);
	p->lim = &p->limits;
	p->dir = floe_arena_strdup(a, dir && dir[0] ? dir : ".");
	char *abs = realpath(p->dir, NULL);
	p->abs_dir = floe_arena_strdup(a, abs ? abs : p->dir);
	free(abs);
	return p;
}

static void load_files(floe_runner_project *p)
{
	const char **snapshots;
	size_t nsnap = read_paths(p, &snapshots, floe_node_get(p->project_doc->root,
				  "snapshot-paths"), "snapshots");
	walk(p, p->macro_paths, p->nmacro_paths, macro_file);
	walk(p, p->seed_paths, p->nseed_paths, seed_file);
	walk(p, p->model_paths, p->nmodel_paths, model_file);
	walk(p, p->test_paths, p->ntest_paths, test_file);
	walk(p, snapshots, nsnap, snapshot_file);
	for (size_t i = 0; i < p->nodes.len; i++) {
		struct rnode *n = floe_runtime__run_node(p, i);
		if (n->kind != RK_TEST)
			n->unique_id = floe_arena_printf(p->a, "%s.%s.%s",
				n->kind == RK_SEED ? "seed" : "model", p->name, n->name);
	}
}

int floe_runner_load(floe_runner_project **out, floe_diags *d,
		     const char *dir, const floe_runner_opts *opts)
{
	static const floe_runner_opts none;
	const floe_runner_opts *o = opts ? opts : &none;
	size_t errors = floe_diags_errors(d);
	floe_runner_project *p = project_new(dir, o);

	*out = NULL;
	p->d = d;
	p->scratch = floe_arena_new();
	int read = read_project(p);
	if (o->target_dir)
		p->target_dir = floe_arena_strdup(p->a, o->target_dir);
	if (read < 0) {
		floe_runner_project_free(p);
		return FLOE_EINVALID;
	}
	*out = p;
	set_context(p, o);
	read_vars(p, o);
	floe_runtime__run_dbt_env(p);
	read_dispatch(p);
	load_packages(p);
	load_files(p);
	for (size_t i = 0; i < p->nodes.len; i++)
		floe_runtime__run_config_project(p, floe_runtime__run_node(p, i));
	run_index_build(p);
	for (size_t i = 0; i < p->docs.len; i++)
		floe_runtime__run_props_load(p, p->docs.items[i]);
	floe_runtime__run_models_render(p);
	floe_runtime__run_tests_plan(p);
	floe_runtime__run_graph_check(p);
	p->select = o->select ? floe_arena_strdup(p->a, o->select) : NULL;
	p->exclude = o->exclude ? floe_arena_strdup(p->a, o->exclude) : NULL;
	if (floe_diags_errors(d) == errors) {
		bool *sel = floe_xcalloc(p->nodes.len + 1, sizeof(bool));
		floe_runtime__run_select(sel, p, p->select, p->exclude, d);
		free(sel);
	}
	p->d = NULL;
	floe_arena_free(p->scratch);
	p->scratch = NULL;
	return floe_diags_errors(d) > errors ? FLOE_EINVALID : 0;
}

void floe_runner_project_free(floe_runner_project *p)
{
	if (!p)
		return;
	floe_arena_free(p->scratch);
	floe_arena_free(p->a);
}

const char *floe_runner_project_name(const floe_runner_project *p)
{
	return p->name;
}

const char *floe_runner_target_dir(const floe_runner_project *p)
{
	return p->target_dir;
}

size_t floe_runner_step_count(const floe_runner_project *p,
			      const floe_runner_opts *opts)
{
	bool *sel = floe_xcalloc(p->nodes.len + 1, sizeof(bool));
	size_t n = 0;
	if (floe_runtime__run_select(sel, p, opts ? opts->select : p->select,
			    opts ? opts->exclude : p->exclude, NULL) == 0)
		for (size_t i = 0; i < p->nodes.len; i++)
			n += sel[i];
	free(sel);
	return n;
}
