/*
 * dbt.c: the dbt projects named by floe.yaml's transforms, as lint sees
 * them: model configs in {{ config(...) }} calls of .sql files, `config:`
 * of models, seeds and snapshots in properties files, folder configs
 * (+location) in dbt_project.yml, and profiles.yml.  It reports configs
 * that hard-code an object-store location, endpoint or bucket (bypassing
 * the catalog) and feeds credentials to cred.c.  It does not render Jinja:
 * only literal strings count, and a value with {{ }} in it is a reference.
 */
#include <dirent.h>
#include <stdlib.h>
#include <string.h>
#include <strings.h>
#include "floe/load.h"
#include "internal.h"

enum dbt_kind { D_SQL, D_PROPS, D_PROJECT, D_PROFILES };

struct dbt_file {
	enum dbt_kind kind;
	const char *path;
	floe_doc *doc;             /* yml files */
	floe_source *src;          /* .sql files */
	const char *model;         /* .sql: the model's name */
	const char *rel;           /* .sql under model-paths: the path below it */
	const floe_node *project;  /* .sql under model-paths: dbt_project.yml's root */
	const char *project_name;  /* its `name` */
	struct sql_lit *lits;
	size_t nlits;
};

#define MAX_FILES 5000
#define MAX_DEPTH 16

/* ---- the config() scanner ---- */

static bool ident_start(char ch)
{
	return (ch >= 'a' && ch <= 'z') || (ch >= 'A' && ch <= 'Z') || ch == '_';
}

static bool ident_char(char ch)
{
	return ident_start(ch) || (ch >= '0' && ch <= '9');
}

static size_t skip_ws(const char *t, size_t n, size_t i)
{
	while (i < n && (t[i] == ' ' || t[i] == '\t' || t[i] == '\n' || t[i] == '\r'))
		i++;
	return i;
}

/* A Jinja string literal at t[*i] (a quote); *i ends after its closing quote. */
static char *read_string(floe_arena *a, const char *t, size_t n, size_t *i)
{
	char q = t[(*i)++];
	floe_buf b = FLOE_BUF_INIT;
	while (*i < n && t[*i] != q) {
		if (t[*i] == '\\' && *i + 1 < n)
			(*i)++;
		floe_buf_putc(&b, t[(*i)++]);
	}
	if (*i < n)
		(*i)++;
	char *s = floe_arena_strdup(a, floe_buf_cstr(&b));
	floe_buf_release(&b);
	return s;
}

struct frame {
	char close;
	const char *key, *inherit;
};

struct scan {
	floe_arena *a;
	const char *t;
	size_t n;
	floe_vec *out;
	struct frame f[32];
	int depth;
};

static void literal(struct scan *s, size_t *i)
{
	size_t start = *i;
	char *val = read_string(s->a, s->t, s->n, i);
	size_t peek = skip_ws(s->t, s->n, *i);
	struct frame *f = &s->f[s->depth];
	if (f->close == '}' && peek < s->n && s->t[peek] == ':') {
		f->key = val;
		*i = peek + 1;
		return;
	}
	struct sql_lit *l = floe_arena_alloc(s->a, sizeof(*l));
	l->key = f->key;
	l->val = val;
	l->off = start;
	l->end = *i;
	floe_vec_push(s->out, l);
}

static void identifier(struct scan *s, size_t *i)
{
	size_t start = *i;
	while (*i < s->n && ident_char(s->t[*i]))
		(*i)++;
	size_t peek = skip_ws(s->t, s->n, *i);
	if (peek + 1 < s->n && s->t[peek] == '=' && s->t[peek + 1] != '=' &&
	    s->f[s->depth].close == ')') {
		s->f[s->depth].key = floe_arena_strndup(s->a, s->t + start, *i - start);
		*i = peek + 1;
	}
}

/*
 * The arguments of config( up to its closing parenthesis; returns the
 * offset after it.  args := (arg (',' arg)*)?  arg := [IDENT '='] value;
 * values nest lists, dicts ('key': value) and calls.
 */
static size_t scan_args(struct scan *s, size_t i)
{
	size_t start = i;
	s->depth = 0;
	s->f[0] = (struct frame){ ')', NULL, NULL };
	while (i < s->n && i - start < 65536) {
		char ch = s->t[i];
		struct frame *f = &s->f[s->depth];
		if (ch == '\'' || ch == '"') {
			literal(s, &i);
		} else if (ident_start(ch)) {
			identifier(s, &i);
		} else if (ch == '(' || ch == '[' || ch == '{') {
			if (s->depth == 31)
				return i;
			const char *key = f->key;
			s->f[++s->depth] = (struct frame){ ch == '(' ? ')' : ch == '[' ? ']' : '}',
							   ch == '{' ? NULL : key, key };
			i++;
		} else if (ch == ')' || ch == ']' || ch == '}') {
			if (s->depth == 0)
				return i + 1;
			s->depth--;
			i++;
		} else if (ch == ',') {
			f->key = s->depth == 0 || f->close == '}' ? NULL : f->inherit;
			i++;
		} else {
			i++;
		}
	}
	return i;
}

size_t floe_lint__sql_config_literals(floe_arena *a, const char *t, size_t n,
				struct sql_lit **out)
{
	floe_vec v = FLOE_VEC_INIT;
	struct scan s = { .a = a, .t = t, .n = n, .out = &v };

	for (size_t i = 0; i + 1 < n; i++) {
		if (t[i] != '{' || t[i + 1] != '{')
			continue;
		size_t j = i + 2;
		if (j < n && t[j] == '-')
			j++;
		j = skip_ws(t, n, j);
		if (n - j < 7 || memcmp(t + j, "config", 6) != 0 || ident_char(t[j + 6]))
			continue;
		j = skip_ws(t, n, j + 6);
		if (j < n && t[j] == '(')
			i = scan_args(&s, j + 1) - 1;
	}
	*out = floe_arena_alloc(a, (v.len + 1) * sizeof(**out));
	for (size_t i = 0; i < v.len; i++)
		(*out)[i] = *(struct sql_lit *)v.items[i];
	size_t len = v.len;
	floe_vec_release(&v);
	return len;
}

/* ---- collecting files ---- */

static const char *clean(const char *path)
{
	while (path[0] == '.' && path[1] == '/')
		path += 2;
	return path;
}

static void free_doc(void *p)
{
	floe_doc_free(p);
}

static void unref_source(void *p)
{
	floe_source_unref(p);
}

static struct dbt_file *add_file(struct lint_ctx *c, enum dbt_kind kind, const char *path)
{
	struct dbt_file *f = floe_arena_alloc(c->a, sizeof(*f));
	f->kind = kind;
	f->path = path;
	floe_vec_push(&c->dbt, f);
	return f;
}

static bool known(const struct lint_ctx *c, const char *path)
{
	for (size_t i = 0; i < c->dbt.len; i++)
		if (strcmp(((const struct dbt_file *)c->dbt.items[i])->path, path) == 0)
			return true;
	return false;
}

/* A YAML file of the dbt project; files that do not parse are dbt's business. */
static void add_yaml(struct lint_ctx *c, enum dbt_kind kind, const char *path)
{
	floe_diags *scratch;
	floe_doc *doc = NULL;
	if (known(c, path))
		return;
	scratch = floe_diags_new(1);
	floe_load_file(&doc, scratch, path, NULL, c->lim);
	if (doc && floe_diags_errors(scratch) == 0 && doc->root) {
		floe_arena_defer(c->a, free_doc, doc);
		add_file(c, kind, path)->doc = doc;
		floe_lint__file_add(c, doc->src, LF_YAML);
	} else {
		floe_doc_free(doc);
	}
	floe_diags_free(scratch);
}

static void add_sql(struct lint_ctx *c, const char *path)
{
	floe_buf b = FLOE_BUF_INIT;
	if (known(c, path) || floe_fs_read(&b, path, c->lim->max_bytes) != 0) {
		floe_buf_release(&b);
		return;
	}
	size_t len = b.len;
	char *text = floe_buf_detach(&b);
	floe_source *src = floe_source_new(path, text, len);
	floe_arena_defer(c->a, unref_source, src);
	struct dbt_file *f = add_file(c, D_SQL, path);
	const char *base = floe_path_basename(path);
	f->src = src;
	f->model = floe_arena_strndup(c->a, base, strlen(base) - 4);
	f->nlits = floe_lint__sql_config_literals(c->a, text ? text : "", len, &f->lits);
	floe_lint__file_add(c, src, LF_SQL);
}

static int cmp_str(const void *a, const void *b)
{
	return strcmp(*(char *const *)a, *(char *const *)b);
}

static bool yaml_name(const char *name)
{
	return floe_path_has_ext(name, ".yml") || floe_path_has_ext(name, ".yaml");
}

/* Every .sql (when `sql`) and .yml file below `dir`, in sorted order. */
static void walk(struct lint_ctx *c, const char *dir, bool sql, int depth)
{
	floe_vec names = FLOE_VEC_INIT;
	DIR *dh = depth <= MAX_DEPTH ? opendir(dir) : NULL;
	struct dirent *ent;
	while (dh && (ent = readdir(dh)))
		if (ent->d_name[0] != '.')
			floe_vec_push(&names, floe_arena_strdup(c->a, ent->d_name));
	if (dh)
		closedir(dh);
	if (names.len)
		qsort(names.items, names.len, sizeof(void *), cmp_str);
	for (size_t i = 0; i < names.len && c->dbt.len < MAX_FILES; i++) {
		const char *name = names.items[i];
		const char *path = clean(floe_path_join(c->a, dir, name));
		if (floe_lint__path_ignored(&c->cfg, path))
			continue;
		if (floe_fs_is_dir(path))
			walk(c, path, sql, depth + 1);
		else if (sql && floe_path_has_ext(name, ".sql"))
			add_sql(c, path);
		else if (yaml_name(name))
			add_yaml(c, D_PROPS, path);
	}
	floe_vec_release(&names);
}

/* dbt_project.yml's KEY (a list of folders), or `def`. */
static void walk_paths(struct lint_ctx *c, const char *dir, const floe_node *proj,
		       const char *key, const char *def, bool sql)
{
	const floe_node *paths = floe_node_get(proj, key);
	const char *p;
	if (!paths || paths->kind != FLOE_NODE_SEQ) {
		walk(c, clean(floe_path_join(c->a, dir, def)), sql, 0);
		return;
	}
	for (size_t i = 0; i < paths->len; i++)
		if (floe_node_as_string(paths->items[i], &p) && p[0] != '/' && !strstr(p, ".."))
			walk(c, clean(floe_path_join(c->a, dir, p)), sql, 0);
}

/* Below which model-paths folder of `dir` a .sql file lies, or NULL. */
static const char *model_rel(struct lint_ctx *c, const char *dir, const floe_node *proj,
			     const char *path)
{
	const floe_node *paths = floe_node_get(proj, "model-paths");
	const char *p;
	size_t n = paths && paths->kind == FLOE_NODE_SEQ ? paths->len : 1;
	for (size_t i = 0; i < n; i++) {
		if (!paths || paths->kind != FLOE_NODE_SEQ)
			p = "models";
		else if (!floe_node_as_string(paths->items[i], &p))
			continue;
		const char *base = clean(floe_path_join(c->a, dir, p));
		size_t len = strlen(base);
		if (strncmp(path, base, len) == 0 && path[len] == '/')
			return path + len + 1;
	}
	return NULL;
}

/* The .sql files from `first` on are models of the project in `dir`. */
static void mark_models(struct lint_ctx *c, const char *dir, const floe_node *proj, size_t first)
{
	const char *name = NULL;
	floe_node_as_string(floe_node_get(proj, "name"), &name);
	for (size_t i = first; i < c->dbt.len; i++) {
		struct dbt_file *f = c->dbt.items[i];
		if (f->kind != D_SQL)
			continue;
		f->rel = model_rel(c, dir, proj, f->path);
		f->project = proj;
		f->project_name = name;
	}
}

static void collect_project(struct lint_ctx *c, const char *dir)
{
	const char *proj = clean(floe_path_join(c->a, dir, "dbt_project.yml"));
	const char *prof = clean(floe_path_join(c->a, dir, "profiles.yml"));
	size_t before = c->dbt.len;
	if (!floe_lint__path_ignored(&c->cfg, proj))
		add_yaml(c, D_PROJECT, proj);
	const floe_node *root = c->dbt.len > before
		? ((struct dbt_file *)c->dbt.items[before])->doc->root : NULL;
	size_t first = c->dbt.len;
	walk_paths(c, dir, root, "model-paths", "models", true);
	mark_models(c, dir, root, first);
	walk_paths(c, dir, root, "snapshot-paths", "snapshots", true);
	walk_paths(c, dir, root, "seed-paths", "seeds", false);
	if (floe_fs_exists(prof) && !floe_lint__path_ignored(&c->cfg, prof))
		add_yaml(c, D_PROFILES, prof);
}

void floe_lint__dbt_collect(struct lint_ctx *c)
{
	const floe_doc *fd = floe_project_floe(c->p);
	const floe_node *tr = fd ? floe_node_get(fd->root, "transforms") : NULL;
	const char *type = "dbt", *path, *first = NULL;
	for (size_t i = 0; tr && tr->kind == FLOE_NODE_SEQ && i < tr->len; i++)
		if (!first && floe_node_as_string(floe_node_get(tr->items[i], "path"), &path))
			first = path;
	for (size_t i = 0; tr && tr->kind == FLOE_NODE_SEQ && i < tr->len; i++) {
		const floe_node *t = tr->items[i];
		type = "dbt";
		floe_node_as_string(floe_node_get(t, "type"), &type);
		if (strcmp(type, "dbt") != 0)
			continue;
		/* no path: the first entry's project, else ./dbt (as the model says) */
		if (!floe_node_as_string(floe_node_get(t, "path"), &path))
			path = first ? first : "./dbt";
		collect_project(c, floe_path_join(c->a, floe_project_dir(c->p), path));
	}
}

/* ---- positions in .sql files ---- */

static floe_span off_span(const floe_source *src, size_t off, size_t end)
{
	size_t len;
	const char *t = floe_source_text(src, &len);
	floe_span s = { .src = src, .line = 1, .end_line = 1 };
	size_t ls = 0, i;
	for (i = 0; i < off && i < len; i++)
		if (t[i] == '\n')
			s.line++, ls = i + 1;
	s.col = (uint32_t)floe_utf8_count(t + ls, off - ls) + 1;
	s.end_line = s.line;
	for (; i < end && i < len; i++)
		if (t[i] == '\n')
			s.end_line++, ls = i + 1;
	s.end_col = (uint32_t)floe_utf8_count(t + ls, end - ls) + 1;
	return s;
}

void floe_lint__dbt_creds(struct lint_ctx *c)
{
	for (size_t i = 0; i < c->dbt.len; i++) {
		struct dbt_file *f = c->dbt.items[i];
		if (f->doc) {
			floe_lint__cred_scan_doc(c, f->doc, true);
			continue;
		}
		for (size_t j = 0; j < f->nlits; j++) {
			const struct sql_lit *l = &f->lits[j];
			const char *what = floe_lint__cred_check(c->cred, l->key, l->val, strlen(l->val));
			if (!what)
				continue;
			floe_span s = off_span(f->src, l->off, l->end);
			floe_lint__cred_hit(c, &s, NULL, l->key, what, true);
		}
	}
}

/* ---- catalog-bypass ---- */

static bool in_list(const char *const *list, size_t n, const char *s)
{
	for (size_t i = 0; i < n; i++)
		if (strcasecmp(list[i], s) == 0)
			return true;
	return false;
}

static bool objstore_url(const char *v)
{
	static const char *const schemes[] = { "s3", "s3a", "s3n", "gs", "gcs", "az", "azure",
		"abfs", "abfss", "wasb", "wasbs", "adl", "r2" };
	const char *sep = strstr(v, "://");
	if (!sep || sep == v || sep - v > 8)
		return false;
	char scheme[9];
	memcpy(scheme, v, (size_t)(sep - v));
	scheme[sep - v] = '\0';
	return in_list(schemes, FLOE_ARRAY_SIZE(schemes), scheme);
}

/* An https URL of a known object store: S3, R2, GCS, Azure Blob/ADLS, ... */
static bool objstore_endpoint(const char *v)
{
	static const char *const hosts[] = { "amazonaws.com", "r2.cloudflarestorage.com",
		"storage.googleapis.com", "blob.core.windows.net", "dfs.core.windows.net",
		"digitaloceanspaces.com", "backblazeb2.com", "wasabisys.com" };
	if (strncasecmp(v, "http://", 7) != 0 && strncasecmp(v, "https://", 8) != 0)
		return false;
	const char *host = strstr(v, "://") + 3;
	size_t n = strcspn(host, ":/?#");
	for (size_t i = 0; i < FLOE_ARRAY_SIZE(hosts); i++) {
		size_t m = strlen(hosts[i]);
		if (n >= m && strncasecmp(host + n - m, hosts[i], m) == 0 &&
		    (n == m || host[n - m - 1] == '.'))
			return true;
	}
	return false;
}

/* What a literal config value hard-codes, or NULL. */
static const char *bypass_kind(const char *key, const char *v)
{
	static const char *const endpoints[] = { "endpoint", "s3_endpoint", "endpoint_url",
		"s3_endpoint_url", "storage_endpoint", "gcs_endpoint", "azure_endpoint" };
	static const char *const buckets[] = { "bucket", "s3_bucket", "gcs_bucket",
		"bucket_name", "s3_bucket_name", "storage_bucket" };
	if (!v || !v[0] || strstr(v, "{{") || strstr(v, "{%"))
		return NULL;
	if (objstore_url(v))
		return "storage location";
	if (objstore_endpoint(v))
		return "object-store endpoint";
	if (!key)
		return NULL;
	if (key[0] == '+')
		key++;
	if (in_list(endpoints, FLOE_ARRAY_SIZE(endpoints), key))
		return "endpoint";
	if (in_list(buckets, FLOE_ARRAY_SIZE(buckets), key))
		return "bucket";
	return NULL;
}

static void bypass(struct lint_ctx *c, const floe_span *s, const floe_node *at,
		   const char *key, const char *kind, const char *v, const char *owner)
{
	floe_diag *g = floe_lint__report(c, R_CATALOG_BYPASS, s, at, "hard-coded %s '%s' in %s",
				   kind, floe_lint__url_display(c->a, v), owner);
	if (!g)
		return;
	floe_lint__note(c, g, NULL, "models reach storage through the catalog floe.yaml names; each "
		  "environment's platform.yaml says where that catalog keeps its data");
	floe_diag_hint(c->d, g, "remove '%s' and let the catalog place the table; a location "
		       "that differs by environment belongs in platform.yaml (a storage profile "
		       "or a layer)", key ? key : "it");
}

static void bypass_sql(struct lint_ctx *c, const struct dbt_file *f)
{
	const char *owner = floe_arena_printf(c->a, "the config of model '%s'", f->model);
	for (size_t j = 0; j < f->nlits; j++) {
		const struct sql_lit *l = &f->lits[j];
		const char *kind = bypass_kind(l->key, l->val);
		if (!kind)
			continue;
		floe_span s = off_span(f->src, l->off, l->end);
		bypass(c, &s, NULL, l->key, kind, l->val, owner);
	}
}

/* Every scalar below `n` (a config map or a dbt_project.yml folder tree). */
static void bypass_tree(struct lint_ctx *c, const floe_node *n, const char *key,
			const char *owner)
{
	const char *kind;
	if (n->kind == FLOE_NODE_MAP || n->kind == FLOE_NODE_SEQ) {
		for (size_t i = 0; i < n->len; i++)
			bypass_tree(c, n->items[i], n->kind == FLOE_NODE_MAP ?
				    n->keys[i]->text : key, owner);
		return;
	}
	if (n->kind == FLOE_NODE_STRING && (kind = bypass_kind(key, n->text)))
		bypass(c, &n->span, n, key, kind, n->text, owner);
}

static void bypass_props(struct lint_ctx *c, const struct dbt_file *f)
{
	static const char *const secs[][2] = {
		{ "models", "model" }, { "seeds", "seed" }, { "snapshots", "snapshot" },
	};
	const char *name;
	for (size_t s = 0; s < FLOE_ARRAY_SIZE(secs); s++) {
		const floe_node *list = floe_node_get(f->doc->root, secs[s][0]);
		for (size_t i = 0; list && list->kind == FLOE_NODE_SEQ && i < list->len; i++) {
			const floe_node *cfg = floe_node_get(list->items[i], "config");
			if (!cfg || !floe_node_as_string(floe_node_get(list->items[i], "name"), &name))
				continue;
			bypass_tree(c, cfg, NULL, floe_arena_printf(c->a, "the config of %s '%s'",
								    secs[s][1], name));
		}
	}
}

static void bypass_project(struct lint_ctx *c, const struct dbt_file *f)
{
	static const char *const secs[] = { "models", "seeds", "snapshots" };
	for (size_t s = 0; s < FLOE_ARRAY_SIZE(secs); s++) {
		const floe_node *tree = floe_node_get(f->doc->root, secs[s]);
		if (tree)
			bypass_tree(c, tree, NULL, floe_arena_printf(c->a,
				    "the '%s' config of dbt_project.yml", secs[s]));
	}
}

void floe_lint__dbt_bypass(struct lint_ctx *c)
{
	for (size_t i = 0; i < c->dbt.len; i++) {
		const struct dbt_file *f = c->dbt.items[i];
		if (f->kind == D_SQL)
			bypass_sql(c, f);
		else if (f->kind == D_PROPS)
			bypass_props(c, f);
		else if (f->kind == D_PROJECT)
			bypass_project(c, f);
	}
}

/* ---- iceberg-view ---- */

/* How a model materializes, and where that was said. */
struct mat {
	const char *value;
	floe_span span;            /* .src NULL: dbt's default */
	const floe_node *at;
	const char *origin;
	bool database;             /* a literal `database` config: not the catalog */
};

static void mat_node(struct mat *m, const floe_node *n, const char *origin)
{
	const char *v;
	if (!floe_node_as_string(n, &v))
		return;
	m->value = v;
	m->span = n->span;
	m->at = n;
	m->origin = origin;
}

/* dbt_project.yml: `models:`, then the project, then the model's folders. */
static void mat_project(struct lint_ctx *c, struct mat *m, const struct dbt_file *f)
{
	const floe_node *n = floe_node_get(f->project, "models");
	const char *rel = f->rel, *slash;
	const char *origin = "dbt_project.yml";
	for (int level = 0; n && n->kind == FLOE_NODE_MAP; level++) {
		mat_node(m, floe_node_get(n, "+materialized"), origin);
		const floe_node *plain = floe_node_get(n, "materialized");
		if (plain && plain->kind == FLOE_NODE_STRING)
			mat_node(m, plain, origin);
		if (level == 0) {
			n = f->project_name ? floe_node_get(n, f->project_name) : NULL;
		} else if ((slash = strchr(rel, '/'))) {
			n = floe_node_get(n, floe_arena_strndup(c->a, rel, (size_t)(slash - rel)));
			rel = slash + 1;
		} else {
			n = NULL;
		}
	}
}

/* Properties files: `models: [{name: M, config: {materialized: ...}}]`. */
static void mat_props(struct lint_ctx *c, struct mat *m, const char *model)
{
	const char *name;
	for (size_t i = 0; i < c->dbt.len; i++) {
		const struct dbt_file *f = c->dbt.items[i];
		const floe_node *list = f->kind == D_PROPS ? floe_node_get(f->doc->root, "models") : NULL;
		for (size_t j = 0; list && list->kind == FLOE_NODE_SEQ && j < list->len; j++) {
			if (!floe_node_as_string(floe_node_get(list->items[j], "name"), &name) ||
			    strcmp(name, model) != 0)
				continue;
			const floe_node *cfg = floe_node_get(list->items[j], "config");
			mat_node(m, floe_node_get(cfg, "materialized"), f->path);
			if (floe_node_get(cfg, "database"))
				m->database = true;
		}
	}
}

/* config() in the model's .sql file; dbt reads it last, so it wins. */
static void mat_sql(struct mat *m, const struct dbt_file *f)
{
	for (size_t j = 0; j < f->nlits; j++) {
		const struct sql_lit *l = &f->lits[j];
		if (!l->key)
			continue;
		if (strcmp(l->key, "database") == 0)
			m->database = true;
		if (strcmp(l->key, "materialized") != 0)
			continue;
		m->value = l->val;
		m->span = off_span(f->src, l->off, l->end);
		m->at = NULL;
		m->origin = f->path;
	}
}

/* The environment's profile `name` (floe.yaml's key, else "default") of `section`. */
static const floe_node *env_profile(struct lint_ctx *c, const char *fkey, const char *section,
				    const char **name)
{
	const floe_doc *fd = floe_project_floe(c->p);
	*name = "default";
	floe_node_as_string(floe_node_get(fd ? fd->root : NULL, fkey), name);
	return floe_node_get(floe_node_get(c->env_doc->root, section), *name);
}

/*
 * The Iceberg REST-family type of the catalog DuckDB writes the models to
 * in this environment, or NULL: DuckDB attaches every catalog type but
 * duckdb, ducklake (and hive, which compile refuses) through the iceberg
 * extension, and only a DuckDB compute attaches it.
 */
static const char *iceberg_target(struct lint_ctx *c, const char **catname)
{
	static const char *const rest[] = { "polaris", "rest", "nessie", "glue", "r2", "s3tables" };
	const char *cname, *type = "duckdb";
	const floe_node *comp = env_profile(c, "compute", "compute", &cname);
	if (!comp)
		return NULL;
	floe_node_as_string(floe_node_get(comp, "type"), &type);
	if (strcmp(type, "duckdb") != 0)
		return NULL;
	const floe_node *cat = env_profile(c, "catalog", "catalogs", catname);
	if (!cat)
		return NULL;
	type = "polaris";
	floe_node_as_string(floe_node_get(cat, "type"), &type);
	return in_list(rest, FLOE_ARRAY_SIZE(rest), type) ? type : NULL;
}

static void view_finding(struct lint_ctx *c, const struct dbt_file *f, const struct mat *m,
			 const char *catname, const char *type)
{
	floe_span whole = floe_lint__file_span(f->src);
	floe_diag *g = floe_lint__report(c, R_ICEBERG_VIEW, m->span.src ? &m->span : &whole, m->at,
				   "model '%s' is a view, and DuckDB cannot create views in the "
				   "Iceberg REST catalog '%s' (%s) of environment '%s'",
				   f->model, catname, type, c->env_name);
	if (!g)
		return;
	if (m->span.src)
		floe_lint__note(c, g, NULL, "materialized 'view' by %s", m->origin);
	else
		floe_lint__note(c, g, NULL, "no config sets 'materialized', and dbt's default is 'view'");
	floe_lint__note(c, g, NULL, "DuckDB's iceberg extension implements CREATE TABLE but not "
		  "CREATE VIEW: the run fails with \"Not implemented Error: Create View\"");
	floe_diag_hint(c->d, g, "materialize it as a table ({{ config(materialized='table') }}), "
		       "or keep the view out of the catalog (config database= a local DuckDB "
		       "database attached beside it)");
}

void floe_lint__dbt_views(struct lint_ctx *c)
{
	const char *catname;
	const char *type = iceberg_target(c, &catname);
	for (size_t i = 0; type && i < c->dbt.len; i++) {
		const struct dbt_file *f = c->dbt.items[i];
		if (f->kind != D_SQL || !f->rel)
			continue;
		struct mat m = { .value = "view" };
		mat_project(c, &m, f);
		mat_props(c, &m, f->model);
		mat_sql(&m, f);
		if (strcmp(m.value, "view") == 0 && !m.database)
			view_finding(c, f, &m, catname, type);
	}
}
