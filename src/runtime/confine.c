/*
 * confine.c: the directories DuckDB may still touch once `floe run` has
 * confined it after attach.sql (docs/secrets.md, env_impl.h): the list
 * floe_env_prepare puts in the session spec (session.allowed_dirs).
 * DuckDB compares path strings, so each project directory is listed
 * absolute, relative to the project root, and without symlinks.
 */
#include <dirent.h>
#include <limits.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>
#include <unistd.h>
#include "env_impl.h"
#include "floe/model.h"

/* The list, and a set of what it holds: one transform's folders per entry
 * of floe.yaml, so a scan of the list per entry would be quadratic. */
struct dirs {
	floe_vec v;
	floe_keyset seen;
};

static void add(struct dirs *l, const char *s)
{
	char *copy = floe_xstrdup(s);
	if (floe_keyset_add(&l->seen, copy, strlen(copy), l->v.len) >= 0) {
		free(copy);
		return;
	}
	floe_vec_push(&l->v, copy);
}

/*
 * PATH without symlinks, into out (PATH_MAX): realpath() of its longest
 * existing prefix, the rest appended as written (a folder the run has not
 * made yet gets the name mkdir will give it).  False when nothing of it
 * resolves.
 */
static bool real_dir(char *out, const char *path)
{
	char p[PATH_MAX];
	size_t len = strlen(path);
	if (len >= sizeof(p))
		return false;
	memcpy(p, path, len + 1);
	for (;;) {
		if (realpath(p, out)) {
			const char *rest = path + strlen(p);
			size_t have = strlen(out);
			if (have + strlen(rest) >= PATH_MAX)
				return false;
			memcpy(out + have, rest, strlen(rest) + 1);
			return true;
		}
		char *s = strrchr(p, '/');
		if (!s || s == p)
			return false;
		*s = '\0';
	}
}

/* DIR, made absolute against cwd, with a final '/'; its relative forms. */
static void add_dir(struct dirs *v, const char *cwd, const char *dir)
{
	floe_buf b = FLOE_BUF_INIT;
	size_t n = strlen(dir);
	while (n > 1 && dir[n - 1] == '/')
		n--;
	if (strstr(dir, "://")) {
		floe_buf_printf(&b, "%.*s/", (int)n, dir);
		add(v, b.ptr);
		floe_buf_release(&b);
		return;
	}
	if (dir[0] == '/') {
		floe_buf_printf(&b, "%.*s/", (int)n, dir);
	} else {
		const char *rel = dir;
		size_t rn = n;
		while (rn >= 2 && rel[0] == '.' && rel[1] == '/') {
			rel += 2;
			rn -= 2;
		}
		if (rn && !(rn == 1 && rel[0] == '.')) {
			floe_buf_printf(&b, "%.*s/", (int)rn, rel);
			add(v, b.ptr);
			floe_buf_clear(&b);
			floe_buf_printf(&b, "./%.*s/", (int)rn, rel);
			add(v, b.ptr);
			floe_buf_clear(&b);
			floe_buf_printf(&b, "%s/%.*s/", cwd, (int)rn, rel);
		} else {
			floe_buf_printf(&b, "%s/", cwd);
		}
	}
	add(v, b.ptr);
	/* the same directory without symlinks, as DuckDB may see it */
	char real[PATH_MAX];
	if (b.len > 1)
		b.ptr[b.len - 1] = '\0';
	if (real_dir(real, b.ptr) && strcmp(real, b.ptr) != 0) {
		floe_buf_clear(&b);
		floe_buf_printf(&b, "%s/", real);
		add(v, b.ptr);
	}
	floe_buf_release(&b);
}

/* The parent directory of a file path ("." when it has none). */
static void add_parent(struct dirs *v, const char *cwd, const char *file)
{
	char *d = floe_xstrdup(file);
	char *slash = strrchr(d, '/');
	if (!slash)
		add_dir(v, cwd, ".");
	else {
		*slash = '\0';
		add_dir(v, cwd, d[0] ? d : "/");
	}
	free(d);
}

static const char *str_at(const floe_mval *map, const char *key)
{
	const floe_mval *v = map ? floe_mval_get(map, key) : NULL;
	return v && v->kind == FLOE_MV_STRING ? v->text : NULL;
}

/* s3://B/, gs://B/, az://B/ ...: the buckets of the storage profiles. */
static void add_storage(struct dirs *v, const floe_model *m, const char *cwd)
{
	const floe_mval *st = floe_model_get(m, "/storage");
	for (size_t i = 0; st && st->kind == FLOE_MV_MAP && i < st->len; i++) {
		const floe_mval *p = st->items[i];
		const char *type = str_at(p, "type"), *bucket = str_at(p, "bucket");
		const char *path = str_at(p, "path");
		static const char *const s3[] = { "s3://", NULL };
		static const char *const gcs[] = { "gs://", "gcs://", NULL };
		static const char *const az[] = { "az://", "azure://", "abfss://", NULL };
		static const char *const r2[] = { "r2://", "s3://", NULL };
		const char *const *schemes = s3;
		if (type && strcmp(type, "local") == 0) {
			if (path || bucket)
				add_dir(v, cwd, path ? path : bucket);
			continue;
		}
		const char *endpoint = str_at(p, "endpoint");
		if (endpoint && strstr(endpoint, "://"))
			add_dir(v, cwd, endpoint);
		if (!bucket)
			continue;
		if (type && strcmp(type, "gcs") == 0)
			schemes = gcs;
		else if (type && strcmp(type, "azure") == 0)
			schemes = az;
		else if (type && strcmp(type, "r2") == 0)
			schemes = r2;
		for (size_t k = 0; schemes[k]; k++) {
			floe_buf b = FLOE_BUF_INIT;
			floe_buf_printf(&b, "%s%s", schemes[k], bucket);
			add_dir(v, cwd, b.ptr);
			floe_buf_release(&b);
		}
	}
}

/* Every directory directly under the project root, relative and absolute. */
static void add_children(struct dirs *v, floe_arena *a, const char *cwd, const char *root)
{
	DIR *d = opendir(root);
	struct dirent *e;
	while (d && (e = readdir(d)) != NULL) {
		struct stat st;
		if (e->d_name[0] == '.' && (!e->d_name[1] ||
		    (e->d_name[1] == '.' && !e->d_name[2])))
			continue;
		const char *path = floe_path_join(a, root, e->d_name);
		if (lstat(path, &st) == 0 && S_ISDIR(st.st_mode))
			add_dir(v, cwd, path);
	}
	if (d)
		closedir(d);
}

static void collect(struct dirs *out, floe_arena *a, const floe_env *e, const char *cwd)
{
	const floe_model *m = e->model;
	const char *root = e->project_dir ? e->project_dir : ".";

	add_dir(out, cwd, root);
	add_children(out, a, cwd, root);
	if (e->dbt_dir)
		add_dir(out, cwd, e->dbt_dir);
	if (e->state_dir)
		add_dir(out, cwd, e->state_dir);
	if (e->out_dir)
		add_dir(out, cwd, e->out_dir);
	if (e->session.temp_directory)
		add_dir(out, cwd, e->session.temp_directory);
	for (size_t i = 0; i < floe_model_req_count(m); i++) {
		const floe_mreq *r = floe_model_req_at(m, i);
		if (r->kind != FLOE_REQ_FILE || !r->name || strncmp(r->name, "md:", 3) == 0 ||
		    strcmp(r->name, ":memory:") == 0)
			continue;
		if (strstr(r->name, "://") || (r->detail && strcmp(r->detail, "dir") == 0))
			add_dir(out, cwd, r->name);
		else
			add_parent(out, cwd, r->name);
	}
	add_storage(out, m, cwd);
	/* the catalogs' REST endpoints, should DuckDB check them too */
	const floe_mval *cats = floe_model_get(m, "/catalogs");
	for (size_t i = 0; cats && cats->kind == FLOE_MV_MAP && i < cats->len; i++) {
		const char *uri = str_at(cats->items[i], "uri");
		if (uri && strstr(uri, "://"))
			add_dir(out, cwd, uri);
	}
	const floe_mval *extra = floe_model_get(m, "/security/duckdb/allowed_directories");
	for (size_t i = 0; extra && extra->kind == FLOE_MV_SEQ && i < extra->len; i++)
		if (extra->items[i]->kind == FLOE_MV_STRING)
			add_dir(out, cwd, extra->items[i]->text);
}

const char *const *floe_runtime__confine_dirs(floe_arena *a, size_t *n, const floe_env *e)
{
	struct dirs dirs = { FLOE_VEC_INIT, { 0 } };
	char cwd[PATH_MAX];
	const char **list = NULL;

	*n = 0;
	floe_keyset_reset(&dirs.seen, 64);
	if (e->model && getcwd(cwd, sizeof(cwd)))
		collect(&dirs, a, e, cwd);
	list = floe_arena_alloc(a, (dirs.v.len ? dirs.v.len : 1) * sizeof(*list));
	for (size_t i = 0; i < dirs.v.len; i++) {
		list[i] = floe_arena_strdup(a, dirs.v.items[i]);
		free(dirs.v.items[i]);
	}
	*n = dirs.v.len;
	floe_keyset_release(&dirs.seen);
	floe_vec_release(&dirs.v);
	return list;
}
