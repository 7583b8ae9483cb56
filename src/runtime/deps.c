/*
 * deps.c: `floe deps` (floe/deps.h): dbt's `deps` for `local:` and `git:`
 * packages, after dbt-core 1.10's core/dbt/task/deps.py and core/dbt/deps/:
 *  - packages come from packages.yml or dependencies.yml (`packages:` in
 *    both is an error, as in dbt);
 *  - package-lock.yml is used when its sha1_hash is that of the packages
 *    (dbt's _create_sha1_hash: each spec's to_dict() as json.dumps(...,
 *    sort_keys=True), sorted, joined by "\n", SHA-1 of that); else the
 *    packages are resolved, with each package's own packages.yml, and the
 *    lock written as PyYAML dumps it (keys sorted, lists indented);
 *  - a package goes to <packages-install-path>/<its dbt_project.yml name>;
 *    `local:` as a symlink (dbt symlinks too; floe's is relative, so the
 *    project can be copied into an image), `git:` as the files of the
 *    commit (of `subdirectory` when given), without .git;
 *  - revisions as dbt resolves them: a 40-hex commit, else a tag, else a
 *    branch; HEAD, main and master warn as unpinned unless
 *    `warn-unpinned: false`.
 * floe replaces only folders it wrote (<install>/.floe-deps lists them)
 * and stages everything beside the install folder before renaming.
 */
#include <errno.h>
#include <dirent.h>
#include <limits.h>
#include <regex.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>
#include <unistd.h>

#include "floe/deps.h"
#include "floe/doc.h"
#include "floe/load.h"
#include "runtime/git.h"
#include "util/util.h"

#define LOCK_NAME "package-lock.yml"
#define MARKER ".floe-deps"
#define MAX_PACKAGES 1000

enum { K_LOCAL, K_GIT, K_HUB, K_TARBALL, K_PRIVATE };

typedef struct spec {
	int kind;
	const floe_node *node;  /* the entry */
	const floe_node *main;  /* the value of local:/git:/package: */
	const floe_node *rev;   /* revision:, or NULL */
	const char *local, *git, *revision, *subdir, *name, *version;
	bool warn_unpinned;
	const char *vendored;   /* hub: its folder, already in the install path */
} spec;

typedef struct pkg {
	spec s;
	const char *name;     /* the project's name: the folder */
	const char *src;      /* local: the package's directory; git: the staged files */
	char sha[41];         /* git: the commit */
} pkg;

typedef struct ctx {
	floe_arena *a;
	floe_diags *d;
	const floe_limits *lim;
	const char *dbt_dir, *root_name, *install;
	char *stage;          /* NULL until made */
	unsigned nclone;
	const floe_node *old_lock;  /* package-lock.yml's packages, or NULL */
	pkg *pk;
	size_t n, cap;
	floe_buf *report;
} ctx;

/* ---- files ---- */

static void doc_free(void *p) { floe_doc_free(p); }

/* The document at dir/file, or NULL when there is none; *bad when rejected. */
static const floe_node *load(ctx *c, const char *dir, const char *file, bool *bad)
{
	const char *path = floe_path_join(c->a, dir, file);
	if (!floe_fs_exists(path))
		return NULL;
	floe_doc *doc = NULL;
	int rc = floe_load_file(&doc, c->d, path, NULL, c->lim);
	if (doc)
		floe_arena_defer(c->a, doc_free, doc);
	if (rc != 0) {
		*bad = true;
		return NULL;
	}
	return doc ? doc->root : NULL;
}

static int write_file(const char *path, const floe_buf *b)
{
	floe_buf tmp = FLOE_BUF_INIT;
	int fd = floe_fs_create_temp(&tmp, path, 0644);
	int rc = 0;
	if (fd < 0) {
		floe_error_set("cannot write '%s': %s", path, strerror(errno));
		floe_buf_release(&tmp);
		return FLOE_EIO;
	}
	size_t off = 0;
	while (off < b->len) {
		ssize_t w = write(fd, b->ptr + off, b->len - off);
		if (w < 0 && errno == EINTR)
			continue;
		if (w <= 0) {
			rc = FLOE_EIO;
			break;
		}
		off += (size_t)w;
	}
	if (close(fd) < 0)
		rc = FLOE_EIO;
	if (rc == 0 && rename(tmp.ptr, path) < 0)
		rc = FLOE_EIO;
	if (rc) {
		floe_error_set("cannot write '%s': %s", path, strerror(errno));
		unlink(tmp.ptr);
	}
	floe_buf_release(&tmp);
	return rc;
}

/* ---- packages.yml ---- */

static const char *str_of(ctx *c, const floe_node *n, const char *key)
{
	if (n->kind == FLOE_NODE_STRING || n->kind == FLOE_NODE_INT ||
	    n->kind == FLOE_NODE_FLOAT)
		return n->text;
	floe_diag_add(c->d, FLOE_SEV_ERROR, "deps/type", &n->span, NULL,
		      "'%s' must be a string, not %s", key,
		      floe_node_kind_name((floe_node_kind)n->kind));
	return NULL;
}

static bool has_jinja(ctx *c, const floe_node *n)
{
	if (n->kind != FLOE_NODE_STRING || (!strstr(n->text, "{{") && !strstr(n->text, "{%")))
		return false;
	floe_diag *g = floe_diag_add(c->d, FLOE_SEV_ERROR, "deps/jinja", &n->span, NULL,
				     "floe deps does not render Jinja in package specs");
	floe_diag_hint(c->d, g, "write the value itself (a git URL with a token "
		       "belongs in a git credential helper, not in packages.yml)");
	return true;
}

static const char *const keys_local[] = { "local", "name", NULL };
static const char *const keys_git[] = { "git", "revision", "warn-unpinned",
					"subdirectory", "name", NULL };
static const char *const keys_hub[] = { "package", "version", "install-prerelease",
					"name", NULL };

static bool key_ok(const char *const *ks, const char *k)
{
	for (; *ks; ks++)
		if (!strcmp(*ks, k))
			return true;
	return false;
}

/* One entry of `packages:`; false when it was rejected. */
static bool parse_spec(ctx *c, const floe_node *e, bool lock, spec *s)
{
	memset(s, 0, sizeof(*s));
	s->node = e;
	s->warn_unpinned = true;
	if (e->kind != FLOE_NODE_MAP) {
		floe_diag_add(c->d, FLOE_SEV_ERROR, "deps/type", &e->span, NULL,
			      "a package must be a mapping (local:, git: or package:), not %s",
			      floe_node_kind_name((floe_node_kind)e->kind));
		return false;
	}
	const char *const *ks;
	if ((s->main = floe_node_get(e, "local"))) {
		s->kind = K_LOCAL;
		ks = keys_local;
	} else if ((s->main = floe_node_get(e, "git"))) {
		s->kind = K_GIT;
		ks = keys_git;
	} else if ((s->main = floe_node_get(e, "package"))) {
		s->kind = K_HUB;
		ks = keys_hub;
	} else if ((s->main = floe_node_get(e, "tarball"))) {
		s->kind = K_TARBALL;
		ks = NULL;
	} else if ((s->main = floe_node_get(e, "private"))) {
		s->kind = K_PRIVATE;
		ks = NULL;
	} else {
		floe_diag_add(c->d, FLOE_SEV_ERROR, "deps/kind", &e->span, NULL,
			      "a package needs one of local:, git: or package:");
		return false;
	}
	bool ok = true;
	for (size_t i = 0; ks && i < e->len; i++) {
		const char *k = e->keys[i]->text;
		if (key_ok(ks, k) || (lock && !strcmp(k, "name")))
			continue;
		floe_diag *g = floe_diag_add(c->d, FLOE_SEV_ERROR, "deps/unknown-key",
					     &e->keys[i]->span, NULL,
					     "unknown key '%s' in a %s package", k,
					     s->kind == K_LOCAL ? "local" : s->kind == K_GIT ? "git" : "hub");
		const char *sug = floe_str_suggest(k, ks, 2);
		if (sug)
			floe_diag_hint(c->d, g, "did you mean '%s'?", sug);
		ok = false;
	}
	for (size_t i = 0; i < e->len; i++)
		if (has_jinja(c, e->items[i]))
			ok = false;
	const char *v = str_of(c, s->main, e->keys[0]->text);
	if (!v)
		return false;
	if (!*v) {
		floe_diag_add(c->d, FLOE_SEV_ERROR, "deps/empty", &s->main->span, NULL,
			      "a package's '%s' is empty", floe_node_key_of(s->main)->text);
		return false;
	}
	const floe_node *n;
	if ((n = floe_node_get(e, "name")) && !(s->name = str_of(c, n, "name")))
		ok = false;
	switch (s->kind) {
	case K_LOCAL:
		s->local = v;
		break;
	case K_GIT:
		s->git = v;
		if ((s->rev = floe_node_get(e, "revision")) && s->rev->kind != FLOE_NODE_NULL &&
		    !(s->revision = str_of(c, s->rev, "revision")))
			ok = false;
		if ((n = floe_node_get(e, "subdirectory")) && n->kind != FLOE_NODE_NULL &&
		    !(s->subdir = str_of(c, n, "subdirectory")))
			ok = false;
		if ((n = floe_node_get(e, "warn-unpinned")) && n->kind != FLOE_NODE_NULL) {
			if (n->kind != FLOE_NODE_BOOL) {
				floe_diag_add(c->d, FLOE_SEV_ERROR, "deps/type", &n->span, NULL,
					      "'warn-unpinned' must be true or false");
				ok = false;
			} else {
				s->warn_unpinned = n->v.b;
			}
		}
		if (s->subdir && (s->subdir[0] == '/' || strstr(s->subdir, ".."))) {
			floe_diag_add(c->d, FLOE_SEV_ERROR, "deps/subdirectory", &n->span, NULL,
				      "'subdirectory' must be a path inside the repository");
			ok = false;
		}
		break;
	case K_HUB:
		s->version = "";
		if ((n = floe_node_get(e, "version")) && n->kind == FLOE_NODE_STRING)
			s->version = n->text;
		break;
	}
	return ok;
}

/*
 * The `packages:` of the project in dir: from packages.yml or
 * dependencies.yml.  Returns the sequence node or NULL (none); *bad when
 * rejected.
 */
static const floe_node *packages_of(ctx *c, const char *dir, bool *bad)
{
	const floe_node *p = load(c, dir, "packages.yml", bad);
	const floe_node *q = load(c, dir, "dependencies.yml", bad);
	const floe_node *pp = p && p->kind == FLOE_NODE_MAP ? floe_node_get(p, "packages") : NULL;
	const floe_node *qp = q && q->kind == FLOE_NODE_MAP ? floe_node_get(q, "packages") : NULL;
	if (pp && qp) {
		floe_diag *g = floe_diag_add(c->d, FLOE_SEV_ERROR, "deps/both",
					     &floe_node_key_of(qp)->span, NULL,
					     "'packages' is in both packages.yml and dependencies.yml");
		floe_diag_note(c->d, g, &floe_node_key_of(pp)->span, "packages.yml lists them here");
		floe_diag_hint(c->d, g, "list the packages in one of them (dbt refuses both)");
		*bad = true;
		return NULL;
	}
	const floe_node *r = pp ? pp : qp;
	if (r && r->kind == FLOE_NODE_NULL)
		return NULL;
	if (r && r->kind != FLOE_NODE_SEQ) {
		floe_diag_add(c->d, FLOE_SEV_ERROR, "deps/type", &r->span, NULL,
			      "'packages' must be a list, not %s",
			      floe_node_kind_name((floe_node_kind)r->kind));
		*bad = true;
		return NULL;
	}
	return r;
}

/* ---- sha1_hash, as dbt computes it ---- */

/* Python's json.dumps(s) (ensure_ascii). */
static void py_str(floe_buf *b, const char *s, size_t n)
{
	floe_buf_putc(b, '"');
	for (size_t i = 0; i < n; i++) {
		unsigned char ch = (unsigned char)s[i];
		switch (ch) {
		case '"': floe_buf_puts(b, "\\\""); continue;
		case '\\': floe_buf_puts(b, "\\\\"); continue;
		case '\n': floe_buf_puts(b, "\\n"); continue;
		case '\r': floe_buf_puts(b, "\\r"); continue;
		case '\t': floe_buf_puts(b, "\\t"); continue;
		case '\b': floe_buf_puts(b, "\\b"); continue;
		case '\f': floe_buf_puts(b, "\\f"); continue;
		}
		if (ch < 0x20) {
			floe_buf_printf(b, "\\u%04x", ch);
		} else if (ch < 0x80) {
			floe_buf_putc(b, (char)ch);
		} else {
			/* decode UTF-8 (the loader checked it) */
			uint32_t cp;
			int extra = ch >= 0xF0 ? 3 : ch >= 0xE0 ? 2 : 1;
			cp = ch & (0x3F >> extra);
			for (int k = 0; k < extra && i + 1 < n; k++)
				cp = cp << 6 | ((unsigned char)s[++i] & 0x3F);
			if (cp >= 0x10000) {
				cp -= 0x10000;
				floe_buf_printf(b, "\\u%04x\\u%04x", 0xD800 + (cp >> 10),
						0xDC00 + (cp & 0x3FF));
			} else {
				floe_buf_printf(b, "\\u%04x", cp);
			}
		}
	}
	floe_buf_putc(b, '"');
}

static int cmp_key(const void *x, const void *y)
{
	const floe_node *a = *(const floe_node *const *)x, *b = *(const floe_node *const *)y;
	return strcmp(a->text, b->text);
}

/* json.dumps(value, sort_keys=True) of a loaded node. */
static void py_json(floe_buf *b, const floe_node *n)
{
	switch (n->kind) {
	case FLOE_NODE_NULL: floe_buf_puts(b, "null"); return;
	case FLOE_NODE_BOOL: floe_buf_puts(b, n->v.b ? "true" : "false"); return;
	case FLOE_NODE_INT: case FLOE_NODE_FLOAT: floe_buf_puts(b, n->text); return;
	case FLOE_NODE_STRING: py_str(b, n->text, n->len); return;
	case FLOE_NODE_SEQ:
		floe_buf_putc(b, '[');
		for (size_t i = 0; i < n->len; i++) {
			if (i)
				floe_buf_puts(b, ", ");
			py_json(b, n->items[i]);
		}
		floe_buf_putc(b, ']');
		return;
	case FLOE_NODE_MAP: {
		const floe_node **ks = floe_xcalloc(n->len ? n->len : 1, sizeof(*ks));
		for (size_t i = 0; i < n->len; i++)
			ks[i] = n->keys[i];
		qsort(ks, n->len, sizeof(*ks), cmp_key);
		floe_buf_putc(b, '{');
		for (size_t i = 0; i < n->len; i++) {
			if (i)
				floe_buf_puts(b, ", ");
			py_str(b, ks[i]->text, ks[i]->len);
			floe_buf_puts(b, ": ");
			py_json(b, floe_node_get(n, ks[i]->text));
		}
		floe_buf_putc(b, '}');
		free(ks);
		return;
	}
	}
}

static void py_opt(floe_buf *b, const floe_node *e, const char *key)
{
	const floe_node *v = floe_node_get(e, key);
	if (v)
		py_json(b, v);
	else
		floe_buf_puts(b, "null");
}

/* One spec's to_dict(), as json.dumps(sort_keys=True). */
static void spec_json(floe_buf *b, const spec *s)
{
	const floe_node *e = s->node;
	floe_buf_putc(b, '{');
	if (s->kind == K_HUB) {
		const floe_node *ip = floe_node_get(e, "install-prerelease");
		floe_buf_puts(b, "\"install_prerelease\": ");
		if (ip)
			py_json(b, ip);
		else
			floe_buf_puts(b, "false");
		if (s->name) {
			floe_buf_puts(b, ", \"name\": ");
			py_opt(b, e, "name");
		}
		floe_buf_puts(b, ", \"package\": ");
		py_json(b, s->main);
		floe_buf_puts(b, ", \"unrendered\": ");
		py_json(b, e);
		floe_buf_puts(b, ", \"version\": ");
		py_opt(b, e, "version");
		floe_buf_putc(b, '}');
		return;
	}
	if (s->kind == K_LOCAL) {
		floe_buf_puts(b, "\"local\": ");
		py_json(b, s->main);
		if (s->name) {
			floe_buf_puts(b, ", \"name\": ");
			py_opt(b, e, "name");
		}
	} else {
		floe_buf_puts(b, "\"git\": ");
		py_json(b, s->main);
		if (s->name) {
			floe_buf_puts(b, ", \"name\": ");
			py_opt(b, e, "name");
		}
		floe_buf_puts(b, ", \"revision\": ");
		py_opt(b, e, "revision");
		floe_buf_puts(b, ", \"subdirectory\": ");
		py_opt(b, e, "subdirectory");
	}
	floe_buf_puts(b, ", \"unrendered\": ");
	py_json(b, e);
	if (s->kind == K_GIT) {
		floe_buf_puts(b, ", \"warn-unpinned\": ");
		py_opt(b, e, "warn-unpinned");
	}
	floe_buf_putc(b, '}');
}

static int cmp_str(const void *x, const void *y)
{
	return strcmp(*(const char *const *)x, *(const char *const *)y);
}

static void sha1_of_specs(char out[41], const spec *s, size_t n)
{
	char **strs = floe_xcalloc(n ? n : 1, sizeof(*strs));
	for (size_t i = 0; i < n; i++) {
		floe_buf b = FLOE_BUF_INIT;
		spec_json(&b, &s[i]);
		floe_buf_putc(&b, '\0');
		strs[i] = floe_buf_detach(&b);
	}
	qsort(strs, n, sizeof(*strs), cmp_str);
	floe_buf all = FLOE_BUF_INIT;
	for (size_t i = 0; i < n; i++) {
		if (i)
			floe_buf_putc(&all, '\n');
		floe_buf_puts(&all, strs[i]);
		free(strs[i]);
	}
	free(strs);
	floe_sha1_hex(out, all.ptr ? all.ptr : "", all.len);
	floe_buf_release(&all);
}

/* ---- the lock file, as PyYAML writes it ---- */

/*
 * What PyYAML's resolver reads as something other than a string (YAML 1.1
 * int, float, bool, null, timestamp): such a string is quoted.
 */
static bool yaml_typed(const char *s)
{
	static const char *const pats[] = {
		"^[-+]?(0|[1-9][0-9_]*)$", "^[-+]?0b[01_]+$", "^[-+]?0[0-7_]+$",
		"^[-+]?0x[0-9a-fA-F_]+$", "^[-+]?[1-9][0-9_]*(:[0-5]?[0-9])+$",
		"^[-+]?([0-9][0-9_]*)?\\.[0-9_]*([eE][-+][0-9]+)?$",
		"^[-+]?[0-9][0-9_]*(:[0-5]?[0-9])+\\.[0-9_]*$",
		"^[-+]?\\.(inf|Inf|INF)$", "^\\.(nan|NaN|NAN)$",
		"^[0-9][0-9][0-9][0-9]-[0-9][0-9]?-[0-9][0-9]?",
		"^(y|Y|yes|Yes|YES|n|N|no|No|NO|true|True|TRUE|false|False|FALSE|on|On|ON|off|Off|OFF)$",
		"^(~|null|Null|NULL)$", "^=$",
	};
	for (size_t i = 0; i < FLOE_ARRAY_SIZE(pats); i++) {
		regex_t re;
		if (regcomp(&re, pats[i], REG_EXTENDED | REG_NOSUB) != 0)
			continue;
		int m = regexec(&re, s, 0, NULL, 0);
		regfree(&re);
		if (m == 0)
			return true;
	}
	return false;
}

/* A string PyYAML writes plain: no indicator, nothing it reads as another type. */
static bool yaml_plain(const char *s)
{
	if (!*s || strchr("-?:,[]{}#&*!|>'\"%@` ", s[0]))
		return false;
	for (const char *p = s; *p; p++) {
		unsigned char ch = (unsigned char)*p;
		if (ch < 0x21 || ch > 0x7e || strchr(",[]{}#'\"`", ch))
			return false;
		if (ch == ':' && (p[1] == '\0' || p[1] == ' '))
			return false;
	}
	return !yaml_typed(s);
}

static void yaml_str(floe_buf *b, const char *s)
{
	if (yaml_plain(s)) {
		floe_buf_puts(b, s);
		return;
	}
	floe_buf_putc(b, '\'');
	for (; *s; s++) {
		if (*s == '\'')
			floe_buf_putc(b, '\'');
		floe_buf_putc(b, *s);
	}
	floe_buf_putc(b, '\'');
}

static void lock_text(floe_buf *b, const ctx *c, const char *hash)
{
	floe_buf_puts(b, "packages:\n");
	for (size_t i = 0; i < c->n; i++) {
		const pkg *p = &c->pk[i];
		if (p->s.kind == K_HUB) {
			floe_buf_puts(b, "  - name: ");
			yaml_str(b, p->name);
			floe_buf_puts(b, "\n    package: ");
			yaml_str(b, p->s.main->text);
			floe_buf_puts(b, "\n    version: ");
			yaml_str(b, p->s.version);
		} else if (p->s.kind == K_LOCAL) {
			floe_buf_puts(b, "  - local: ");
			yaml_str(b, p->s.local);
			floe_buf_puts(b, "\n    name: ");
			yaml_str(b, p->name);
		} else {
			floe_buf_puts(b, "  - git: ");
			yaml_str(b, p->s.git);
			floe_buf_puts(b, "\n    name: ");
			yaml_str(b, p->name);
			floe_buf_puts(b, "\n    revision: ");
			yaml_str(b, p->sha);
			if (p->s.subdir) {
				floe_buf_puts(b, "\n    subdirectory: ");
				yaml_str(b, p->s.subdir);
			}
		}
		floe_buf_putc(b, '\n');
	}
	floe_buf_printf(b, "sha1_hash: %s\n", hash);
}

/* ---- resolving and staging ---- */

static int make_stage(ctx *c)
{
	if (c->stage)
		return 0;
	char *t = floe_arena_printf(c->a, "%s/.floe-deps-XXXXXX", c->dbt_dir);
	if (!mkdtemp(t)) {
		floe_error_set("cannot make a staging folder in '%s': %s", c->dbt_dir,
			       strerror(errno));
		return FLOE_EIO;
	}
	c->stage = t;
	return 0;
}

/* The dbt_project.yml name of the package in dir; NULL after a diagnostic. */
static const char *project_name(ctx *c, const char *dir, const spec *s)
{
	bool bad = false;
	const floe_node *p = load(c, dir, "dbt_project.yml", &bad);
	if (bad)
		return NULL;
	const floe_node *n = p && p->kind == FLOE_NODE_MAP ? floe_node_get(p, "name") : NULL;
	if (!n || n->kind != FLOE_NODE_STRING || !n->len) {
		floe_diag_add(c->d, FLOE_SEV_ERROR, "deps/not-a-package", &s->main->span, NULL,
			      "'%s' is not a dbt package: %s", s->local ? s->local : s->git,
			      p ? "its dbt_project.yml has no name" : "it has no dbt_project.yml");
		return NULL;
	}
	if (strchr(n->text, '/') || n->text[0] == '.') {
		floe_diag_add(c->d, FLOE_SEV_ERROR, "deps/not-a-package", &n->span, NULL,
			      "package name '%s' is not a folder name", n->text);
		return NULL;
	}
	return floe_arena_strdup(c->a, n->text);
}

/* dbt's key for merging: the URL without .git, with the subdirectory. */
static const char *spec_key(ctx *c, const spec *s)
{
	if (s->kind == K_LOCAL)
		return floe_arena_printf(c->a, "local:%s", s->local);
	if (s->kind == K_HUB)
		return floe_arena_printf(c->a, "hub:%s", s->main->text);
	size_t n = strlen(s->git);
	if (n > 4 && !strcmp(s->git + n - 4, ".git"))
		n -= 4;
	return floe_arena_printf(c->a, "git:%.*s/%s", (int)n, s->git, s->subdir ? s->subdir : "");
}

/* A relative path from directory `from` to `to` (both absolute, resolved). */
static char *relpath(ctx *c, const char *from, const char *to)
{
	size_t i = 0, last = 0;
	while (from[i] && from[i] == to[i]) {
		if (from[i] == '/')
			last = i;
		i++;
	}
	if ((!from[i] && (to[i] == '/' || !to[i])) || (!to[i] && from[i] == '/'))
		last = i;
	floe_buf b = FLOE_BUF_INIT;
	for (const char *p = from + last; *p; p++)
		if (*p == '/')
			floe_buf_puts(&b, "../");
	floe_buf_puts(&b, to[last] == '/' ? to + last + 1 : to + last);
	if (b.len > 1 && b.ptr[b.len - 1] == '/')
		floe_buf_truncate(&b, b.len - 1);
	if (!b.len)
		floe_buf_puts(&b, ".");
	char *r = floe_arena_strdup(c->a, b.ptr);
	floe_buf_release(&b);
	return r;
}

static int stage_local(ctx *c, pkg *p)
{
	char abs[PATH_MAX];
	const char *path = floe_path_join(c->a, c->dbt_dir, p->s.local);
	if (!realpath(path, abs) || !floe_fs_is_dir(abs)) {
		floe_diag_add(c->d, FLOE_SEV_ERROR, "deps/local-missing", &p->s.main->span, NULL,
			      "local package '%s' is not a folder%s%s%s", p->s.local,
			      strcmp(path, p->s.local) ? " (" : "",
			      strcmp(path, p->s.local) ? path : "",
			      strcmp(path, p->s.local) ? ")" : "");
		return FLOE_EINVALID;
	}
	p->src = floe_arena_strdup(c->a, abs);
	if (!(p->name = project_name(c, abs, &p->s)))
		return FLOE_EINVALID;
	return 0;
}

static int stage_git(ctx *c, pkg *p)
{
	int rc = make_stage(c);
	if (rc)
		return rc;
	const char *dir = floe_arena_printf(c->a, "%s/clone-%u", c->stage, c->nclone++);
	floe_buf why = FLOE_BUF_INIT;
	rc = floe_runtime__git_checkout(p->s.git, dir, p->s.revision, p->sha, &why);
	if (rc == FLOE_ENOTFOUND) {
		const floe_node *at = p->s.rev ? p->s.rev : p->s.main;
		floe_diag *g = floe_diag_add(c->d, FLOE_SEV_ERROR, "deps/revision", &at->span, NULL,
					     "revision '%s' is not in %s: %s",
					     p->s.revision ? p->s.revision : "HEAD", p->s.git, why.ptr);
		floe_diag_hint(c->d, g, "give a tag, a branch or a full 40-character commit");
		floe_buf_release(&why);
		return FLOE_EINVALID;
	}
	if (rc == FLOE_EIO) {
		floe_error_set("cannot clone %s: %s", p->s.git, why.ptr);
		floe_buf_release(&why);
		return FLOE_EIO;
	}
	floe_buf_release(&why);
	if (rc)
		return rc;
	const char *rev = p->s.revision ? p->s.revision : "HEAD";
	if (p->s.warn_unpinned && (!strcmp(rev, "HEAD") || !strcmp(rev, "main") ||
				   !strcmp(rev, "master"))) {
		floe_diag *g = floe_diag_add(c->d, FLOE_SEV_WARNING, "deps/unpinned",
					     &(p->s.rev ? p->s.rev : p->s.main)->span, NULL,
					     "the git package %s is not pinned (revision %s): "
					     "its contents may change", p->s.git, rev);
		floe_diag_hint(c->d, g, "give a tag or a commit as 'revision', or set "
			       "'warn-unpinned: false'");
	}
	const char *src = dir;
	if (p->s.subdir) {
		src = floe_path_join(c->a, dir, p->s.subdir);
		struct stat st;
		/* a real folder: not a link the repository planted to elsewhere */
		if (lstat(src, &st) < 0 || !S_ISDIR(st.st_mode)) {
			const floe_node *sn = floe_node_get(p->s.node, "subdirectory");
			floe_diag_add(c->d, FLOE_SEV_ERROR, "deps/subdirectory", &sn->span, NULL,
				      "%s has no folder '%s' at %s", p->s.git, p->s.subdir, rev);
			return FLOE_EINVALID;
		}
	} else {
		floe_fs_remove_tree(floe_path_join(c->a, dir, ".git"));
	}
	p->src = src;
	if (!(p->name = project_name(c, src, &p->s)))
		return FLOE_EINVALID;
	return 0;
}

static pkg *add_pkg(ctx *c, const spec *s)
{
	if (c->n == c->cap) {
		c->cap = c->cap ? 2 * c->cap : 8;
		c->pk = floe_xrealloc(c->pk, c->cap * sizeof(*c->pk));
	}
	pkg *p = &c->pk[c->n++];
	memset(p, 0, sizeof(*p));
	p->s = *s;
	return p;
}

/*
 * A hub package already in the install path, not written by floe (copied
 * there, or left by dbt): <install>/<name> with a dbt_project.yml of that
 * name.  floe keeps it as it is, and lists it in the lock as dbt does, with
 * the version its dbt_project.yml gives.
 */
static bool vendored(ctx *c, spec *s)
{
	const char *slash = strrchr(s->main->text, '/');
	const char *name = slash ? slash + 1 : s->main->text;
	if (!*name || name[0] == '.')
		return false;
	const char *dir = floe_path_join(c->a, c->install, name);
	struct stat st;
	if (lstat(dir, &st) < 0 || !S_ISDIR(st.st_mode))
		return false;
	floe_diags *quiet = floe_diags_new(1);
	floe_doc *doc = NULL;
	const char *path = floe_path_join(c->a, dir, "dbt_project.yml");
	bool ok = false;
	if (floe_load_file(&doc, quiet, path, NULL, c->lim) == 0 && doc && doc->root &&
	    doc->root->kind == FLOE_NODE_MAP) {
		const floe_node *n = floe_node_get(doc->root, "name");
		const floe_node *v = floe_node_get(doc->root, "version");
		if (n && n->kind == FLOE_NODE_STRING && !strcmp(n->text, name)) {
			ok = true;
			s->version = v && v->text && *v->text ? floe_arena_strdup(c->a, v->text) : "";
		}
	}
	floe_doc_free(doc);
	floe_diags_free(quiet);
	if (!ok)
		return false;
	s->vendored = dir;
	/*
	 * The version for the lock: the exact one asked for; else the one an
	 * earlier lock pinned; else (a range) the folder's dbt_project.yml's,
	 * which packages do not always keep up to date.
	 */
	const floe_node *vn = floe_node_get(s->node, "version");
	if (vn && (vn->kind == FLOE_NODE_STRING || vn->kind == FLOE_NODE_FLOAT ||
		   vn->kind == FLOE_NODE_INT)) {
		s->version = vn->text;
		return true;
	}
	for (size_t i = 0; c->old_lock && i < c->old_lock->len; i++) {
		const floe_node *e = c->old_lock->items[i];
		const floe_node *pn = e->kind == FLOE_NODE_MAP ? floe_node_get(e, "package") : NULL;
		const floe_node *lv = pn ? floe_node_get(e, "version") : NULL;
		if (pn && pn->kind == FLOE_NODE_STRING && !strcmp(pn->text, s->main->text) &&
		    lv && lv->text) {
			s->version = lv->text;
			break;
		}
	}
	return true;
}

/* Parse a `packages:` list into specs (arena); false when any was rejected. */
static bool parse_list(ctx *c, const floe_node *list, bool lock, spec **out, size_t *n)
{
	*n = list ? list->len : 0;
	*out = floe_arena_alloc(c->a, (*n ? *n : 1) * sizeof(spec));
	bool ok = true;
	for (size_t i = 0; i < *n; i++) {
		spec *s = &(*out)[i];
		if (!parse_spec(c, list->items[i], lock, s)) {
			ok = false;
			continue;
		}
		if (s->kind == K_HUB && vendored(c, s))
			continue;
		if (s->kind == K_HUB) {
			/* dbt-labs/dbt_utils lives at github.com/dbt-labs/dbt-utils */
			floe_buf repo = FLOE_BUF_INIT;
			for (const char *p = s->main->text; *p; p++)
				floe_buf_putc(&repo, *p == '_' ? '-' : *p);
			const char *slash = strrchr(s->main->text, '/');
			const floe_node *vn = floe_node_get(s->node, "version");
			bool exact = vn && (vn->kind == FLOE_NODE_STRING || vn->kind == FLOE_NODE_FLOAT) &&
				     vn->text[0] >= '0' && vn->text[0] <= '9';
			floe_diag *g = floe_diag_add(c->d, FLOE_SEV_ERROR, "deps/hub", &s->main->span,
						     NULL, "hub package %s needs dbt's package hub "
						     "(hub.getdbt.com), which floe cannot reach",
						     s->main->text);
			floe_diag_hint(c->d, g, "list it as a git package: 'git: https://github.com/%s.git' "
				       "(the repository its hub page names) with 'revision: %s'; or vendor "
				       "it: copy the release into dbt_packages/%s and take it out of this list",
				       repo.ptr, exact ? vn->text : "<a release tag, e.g. 1.3.0>",
				       slash ? slash + 1 : s->main->text);
			floe_buf_release(&repo);
			ok = false;
		} else if (s->kind == K_TARBALL || s->kind == K_PRIVATE) {
			floe_diag *g = floe_diag_add(c->d, FLOE_SEV_ERROR, "deps/unsupported",
						     &s->main->span, NULL,
						     "%s packages are not installed by floe deps",
						     s->kind == K_TARBALL ? "tarball" : "private");
			floe_diag_hint(c->d, g, "list it as 'git:' or 'local:', or vendor it "
				       "into dbt_packages/");
			ok = false;
		}
	}
	return ok;
}

static int resolve(ctx *c, const spec *s, size_t n, bool from_lock)
{
	/* a queue of specs: the root's, then each package's own */
	size_t qn = n, qcap = n ? n : 1, qi = 0;
	spec *q = floe_xcalloc(qcap, sizeof(*q));
	const char **keys = NULL;
	memcpy(q, s, n * sizeof(*q));
	int rc = 0;
	while (qi < qn) {
		spec cur = q[qi++];
		const char *key = spec_key(c, &cur);
		size_t j;
		for (j = 0; j < c->n; j++)
			if (!strcmp(keys[j], key))
				break;
		if (j < c->n) {
			/* dbt: one revision per repository */
			const char *a = c->pk[j].s.revision, *b = cur.revision;
			if (cur.kind == K_GIT && !floe_str_eq(a, b)) {
				floe_diag *g = floe_diag_add(c->d, FLOE_SEV_ERROR, "deps/conflict",
							     &cur.main->span, NULL,
							     "%s is asked for at two revisions: %s and %s",
							     cur.git, a ? a : "HEAD", b ? b : "HEAD");
				floe_diag_note(c->d, g, &c->pk[j].s.main->span, "first asked for here");
				rc = FLOE_EINVALID;
			}
			continue;
		}
		if (c->n >= MAX_PACKAGES) {
			floe_error_set("more than %d packages", MAX_PACKAGES);
			rc = FLOE_ETOOBIG;
			break;
		}
		pkg *p = add_pkg(c, &cur);
		keys = floe_xrealloc(keys, c->cap * sizeof(*keys));
		keys[c->n - 1] = key;
		int r;
		if (p->s.kind == K_HUB) {
			p->src = p->s.vendored;
			p->name = floe_path_basename(p->s.vendored);
			r = 0;
		} else {
			r = p->s.kind == K_LOCAL ? stage_local(c, p) : stage_git(c, p);
		}
		if (r == FLOE_EINVALID) {
			rc = FLOE_EINVALID;
			continue;
		}
		if (r) {
			rc = r;
			break;
		}
		for (size_t k = 0; k + 1 < c->n; k++)
			if (!strcmp(c->pk[k].name, p->name)) {
				floe_diag *g = floe_diag_add(c->d, FLOE_SEV_ERROR, "deps/duplicate",
							     &p->s.main->span, NULL,
							     "two packages are named '%s'", p->name);
				floe_diag_note(c->d, g, &c->pk[k].s.main->span, "the other one");
				rc = FLOE_EINVALID;
			}
		if (c->root_name && !strcmp(p->name, c->root_name)) {
			floe_diag_add(c->d, FLOE_SEV_ERROR, "deps/duplicate", &p->s.main->span, NULL,
				      "package '%s' has the name of the project itself", p->name);
			rc = FLOE_EINVALID;
		}
		if (from_lock)
			continue;
		/* the package's own packages */
		bool bad = false;
		const floe_node *list = packages_of(c, p->src, &bad);
		spec *more;
		size_t mn;
		if (bad || !parse_list(c, list, false, &more, &mn)) {
			rc = FLOE_EINVALID;
			continue;
		}
		if (qn + mn > qcap) {
			qcap = 2 * (qn + mn);
			q = floe_xrealloc(q, qcap * sizeof(*q));
		}
		memcpy(q + qn, more, mn * sizeof(*q));
		qn += mn;
	}
	free(q);
	free(keys);
	return rc;
}

/* ---- installing ---- */

static bool listed(char **names, size_t n, const char *name)
{
	for (size_t i = 0; i < n; i++)
		if (!strcmp(names[i], name))
			return true;
	return false;
}

static int swap_in(ctx *c)
{
	/* what floe wrote before */
	floe_buf old = FLOE_BUF_INIT;
	const char *marker = floe_path_join(c->a, c->install, MARKER);
	char **was = NULL;
	size_t nwas = 0;
	if (floe_fs_read(&old, marker, 1 << 20) == 0) {
		char *s = old.ptr;
		while (s && *s) {
			char *nl = strchr(s, '\n');
			if (nl)
				*nl = '\0';
			if (*s) {
				was = floe_xrealloc(was, (nwas + 1) * sizeof(*was));
				was[nwas++] = s;
			}
			s = nl ? nl + 1 : NULL;
		}
	}
	int rc = 0;
	struct stat st;
	for (size_t i = 0; i < c->n; i++) {
		const char *dest = floe_path_join(c->a, c->install, c->pk[i].name);
		if (c->pk[i].s.kind == K_HUB)
			continue;
		/* a link to the very folder floe would link (dbt made it): floe's */
		char real[PATH_MAX];
		if (c->pk[i].s.kind == K_LOCAL && lstat(dest, &st) == 0 && S_ISLNK(st.st_mode) &&
		    realpath(dest, real) && !strcmp(real, c->pk[i].src))
			continue;
		if (lstat(dest, &st) == 0 && !listed(was, nwas, c->pk[i].name)) {
			floe_error_set("floe will not replace '%s': floe did not write it "
				       "(remove it, or take the package out of packages.yml)", dest);
			rc = FLOE_EIO;
			goto out;
		}
	}
	if ((rc = make_stage(c)) || (rc = floe_fs_mkdirs(c->install)))
		goto out;
	const char *aside = floe_path_join(c->a, c->stage, "old");
	if (mkdir(aside, 0700) < 0) {
		floe_error_set("cannot make '%s': %s", aside, strerror(errno));
		rc = FLOE_EIO;
		goto out;
	}
	/* stage every new folder beside the install folder first */
	for (size_t i = 0; i < c->n; i++) {
		pkg *p = &c->pk[i];
		if (p->s.kind == K_HUB)
			continue;
		const char *staged = floe_path_join(c->a, c->stage, p->name);
		if (p->s.kind == K_LOCAL) {
			char inst[PATH_MAX];
			if (!realpath(c->install, inst)) {
				floe_error_set("cannot resolve '%s': %s", c->install, strerror(errno));
				rc = FLOE_EIO;
				goto out;
			}
			if (symlink(relpath(c, inst, p->src), staged) < 0) {
				floe_error_set("cannot link '%s': %s", staged, strerror(errno));
				rc = FLOE_EIO;
				goto out;
			}
		} else if (rename(p->src, staged) < 0) {
			floe_error_set("cannot move '%s': %s", p->src, strerror(errno));
			rc = FLOE_EIO;
			goto out;
		}
	}
	/* then swap: floe's old folders aside, the new ones in */
	for (size_t i = 0; i < c->n; i++) {
		/* the adopted links above: replaced by floe's own */
		const char *dest = floe_path_join(c->a, c->install, c->pk[i].name);
		if (c->pk[i].s.kind == K_LOCAL && !listed(was, nwas, c->pk[i].name) &&
		    lstat(dest, &st) == 0 && S_ISLNK(st.st_mode) &&
		    rename(dest, floe_path_join(c->a, aside, c->pk[i].name)) < 0) {
			floe_error_set("cannot move '%s' aside: %s", dest, strerror(errno));
			rc = FLOE_EIO;
			goto out;
		}
	}
	for (size_t i = 0; i < nwas; i++) {
		const char *dest = floe_path_join(c->a, c->install, was[i]);
		if (lstat(dest, &st) == 0 &&
		    rename(dest, floe_path_join(c->a, aside, was[i])) < 0) {
			floe_error_set("cannot move '%s' aside: %s", dest, strerror(errno));
			rc = FLOE_EIO;
			goto out;
		}
	}
	floe_buf list = FLOE_BUF_INIT;
	for (size_t i = 0; i < c->n; i++) {
		if (c->pk[i].s.kind == K_HUB)
			continue;
		const char *dest = floe_path_join(c->a, c->install, c->pk[i].name);
		if (rename(floe_path_join(c->a, c->stage, c->pk[i].name), dest) < 0) {
			floe_error_set("cannot install '%s': %s", dest, strerror(errno));
			rc = FLOE_EIO;
			floe_buf_release(&list);
			goto out;
		}
		floe_buf_printf(&list, "%s\n", c->pk[i].name);
	}
	if (list.len)
		rc = write_file(marker, &list);
	else
		unlink(marker);
	floe_buf_release(&list);
out:
	free(was);
	floe_buf_release(&old);
	return rc;
}

int floe_deps_install(const floe_deps_opts *o, floe_diags *d, floe_buf *report)
{
	ctx c = { .a = floe_arena_new(), .d = d, .lim = o->limits, .report = report };
	c.dbt_dir = o->dbt_dir && *o->dbt_dir ? o->dbt_dir : ".";
	int rc = 0;
	bool bad = false;

	const floe_node *proj = load(&c, c.dbt_dir, "dbt_project.yml", &bad);
	if (bad) {
		rc = FLOE_EINVALID;
		goto out;
	}
	if (!proj) {
		floe_error_set("no dbt_project.yml in '%s'", c.dbt_dir);
		rc = FLOE_ENOTFOUND;
		goto out;
	}
	const floe_node *n = proj->kind == FLOE_NODE_MAP ? floe_node_get(proj, "name") : NULL;
	c.root_name = n && n->kind == FLOE_NODE_STRING ? n->text : NULL;
	const char *ip = "dbt_packages";
	if (proj->kind == FLOE_NODE_MAP && (n = floe_node_get(proj, "packages-install-path"))) {
		if (n->kind != FLOE_NODE_STRING || !n->len || n->text[0] == '/' ||
		    strstr(n->text, "..")) {
			floe_diag_add(d, FLOE_SEV_ERROR, "deps/install-path", &n->span, NULL,
				      "'packages-install-path' must be a folder inside the project");
			rc = FLOE_EINVALID;
			goto out;
		}
		ip = n->text;
	}
	c.install = floe_path_join(c.a, c.dbt_dir, ip);

	const char *lock_path = floe_path_join(c.a, c.dbt_dir, LOCK_NAME);
	const floe_node *lock = load(&c, c.dbt_dir, LOCK_NAME, &bad);
	if (bad) {
		rc = FLOE_EINVALID;
		goto out;
	}
	if (lock && lock->kind == FLOE_NODE_MAP) {
		const floe_node *lp = floe_node_get(lock, "packages");
		c.old_lock = lp && lp->kind == FLOE_NODE_SEQ ? lp : NULL;
	}
	const floe_node *list = packages_of(&c, c.dbt_dir, &bad);
	spec *specs;
	size_t ns;
	if (bad || !parse_list(&c, list, false, &specs, &ns)) {
		rc = FLOE_EINVALID;
		goto out;
	}
	if (!ns) {
		floe_buf_puts(report, "no packages to install\n");
		goto out;
	}
	char hash[41];
	sha1_of_specs(hash, specs, ns);

	/* dbt: the lock when it was made from these packages, else resolve */
	const floe_node *lh = lock && lock->kind == FLOE_NODE_MAP ? floe_node_get(lock, "sha1_hash") : NULL;
	bool use_lock = lh && lh->kind == FLOE_NODE_STRING && !strcmp(lh->text, hash);
	if (use_lock) {
		const floe_node *lp = floe_node_get(lock, "packages");
		spec *ls;
		size_t ln;
		if (!lp || lp->kind != FLOE_NODE_SEQ) {
			floe_diag_add(d, FLOE_SEV_ERROR, "deps/type", &lock->span, NULL,
				      "package-lock.yml has no list of 'packages'");
			rc = FLOE_EINVALID;
			goto out;
		}
		if (!parse_list(&c, lp, true, &ls, &ln)) {
			rc = FLOE_EINVALID;
			goto out;
		}
		rc = resolve(&c, ls, ln, true);
	} else {
		rc = resolve(&c, specs, ns, false);
	}
	if (rc || floe_diags_errors(d)) {
		rc = rc ? rc : FLOE_EINVALID;
		goto out;
	}
	if ((rc = swap_in(&c)))
		goto out;
	if (!use_lock) {
		floe_buf text = FLOE_BUF_INIT;
		lock_text(&text, &c, hash);
		rc = write_file(lock_path, &text);
		floe_buf_release(&text);
		if (rc)
			goto out;
	}
	for (size_t i = 0; i < c.n; i++) {
		const pkg *p = &c.pk[i];
		if (p->s.kind == K_HUB)
			floe_buf_printf(report, "kept %s: hub package %s %s, vendored in %s\n", p->name,
					p->s.main->text, p->s.version, p->src);
		else if (p->s.kind == K_LOCAL)
			floe_buf_printf(report, "installed %s: local %s\n", p->name, p->s.local);
		else
			floe_buf_printf(report, "installed %s: git %s%s%s at %s (%.7s)\n", p->name,
					p->s.git, p->s.subdir ? " subdirectory " : "",
					p->s.subdir ? p->s.subdir : "",
					p->s.revision ? p->s.revision : "HEAD", p->sha);
	}
	floe_buf_printf(report, "%zu package%s in %s; %s %s\n", c.n, c.n == 1 ? "" : "s",
			c.install, lock_path, use_lock ? "unchanged (its revisions used)" : "written");
out:
	if (c.stage)
		floe_fs_remove_tree(c.stage);
	free(c.pk);
	floe_arena_free(c.a);
	return rc;
}
