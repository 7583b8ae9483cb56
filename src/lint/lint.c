/*
 * lint.c: the rule table and the driver of `floe lint`.  The driver loads
 * the lint configuration, gathers the files (floe.yaml, the platform files
 * of the loaded environments, the dbt projects), runs the credential pass
 * first (so that every later finding in a file points at its masked copy),
 * then the rules of each environment and of the project.  Reporting goes
 * through floe_lint__report, which applies levels, ignored paths and inline
 * suppressions.  The rules themselves live in the other files.
 */
#include <stdarg.h>
#include <string.h>
#include "internal.h"

static const floe_lint_rule rules[R__COUNT] = {
	[R_LITERAL_CREDENTIAL] = { "literal-credential", FLOE_SEV_ERROR,
		"a literal credential (key, token, password) in floe.yaml, a platform file or a dbt model's config" },
	[R_PLAIN_HTTP] = { "plain-http", FLOE_SEV_WARNING,
		"an http:// endpoint in a non-local environment" },
	[R_TLS_DISABLED] = { "tls-disabled", FLOE_SEV_WARNING,
		"TLS or certificate verification turned off in a non-local environment" },
	[R_DUCKDB_MEMORY_OVER_LIMIT] = { "duckdb-memory-over-limit", FLOE_SEV_ERROR,
		"DuckDB memory_limit at or above its container's memory limit" },
	[R_IN_MEMORY_COMPUTE] = { "in-memory-compute", FLOE_SEV_WARNING,
		"':memory:' DuckDB in a non-local environment without a temp_directory" },
	[R_CATALOG_BYPASS] = { "catalog-bypass", FLOE_SEV_ERROR,
		"a dbt model config that hard-codes an object-store location, endpoint or bucket" },
	[R_MISSING_PROFILE] = { "missing-profile", FLOE_SEV_WARNING,
		"another environment of the project lacks a profile floe.yaml needs" },
	[R_PROD_RETENTION] = { "prod-retention", FLOE_SEV_WARNING,
		"a production environment without data retention" },
	[R_PROD_OBSERVABILITY] = { "prod-observability", FLOE_SEV_WARNING,
		"a production environment without a traces or lineage endpoint" },
	[R_PROD_LOCAL_STORAGE] = { "prod-local-storage", FLOE_SEV_WARNING,
		"a production environment that stores data in a local directory" },
	[R_UNUSED_STORAGE] = { "unused-storage", FLOE_SEV_WARNING,
		"a storage profile nothing references (floe.yaml's storage, a layer, compute_logs): it gets no credentials" },
	[R_SHARED_RECIPIENT] = { "shared-recipient", FLOE_SEV_WARNING,
		"two environments whose sealed secrets files share one recipient public key" },
	[R_ICEBERG_VIEW] = { "iceberg-view", FLOE_SEV_ERROR,
		"a dbt model materialized as a view in an Iceberg REST catalog, where DuckDB cannot create views" },
};

size_t floe_lint_rule_count(void)
{
	return R__COUNT;
}

const floe_lint_rule *floe_lint_rule_at(size_t i)
{
	return i < R__COUNT ? &rules[i] : NULL;
}

int floe_lint__rule_index(const char *id)
{
	if (floe_str_startswith(id, "lint/"))
		id += 5;
	for (int i = 0; i < R__COUNT; i++)
		if (strcmp(rules[i].id, id) == 0)
			return i;
	return -1;
}

const floe_lint_rule *floe_lint_rule_find(const char *id)
{
	int i = floe_lint__rule_index(id);
	return i < 0 ? NULL : &rules[i];
}

/* ---- files ---- */

/* Project-relative: "./a/b" and "a/b" name the same file. */
static const char *rel_path(const char *path)
{
	while (path[0] == '.' && path[1] == '/')
		path += 2;
	return path;
}

static struct lint_file *lint_file_of(struct lint_ctx *c, const floe_source *src)
{
	for (size_t i = 0; i < c->files.len; i++) {
		struct lint_file *f = c->files.items[i];
		if (f->src == src || (f->masked && f->masked == src))
			return f;
	}
	return NULL;
}

struct lint_file *floe_lint__file_add(struct lint_ctx *c, const floe_source *src,
				enum lint_file_kind kind)
{
	struct lint_file *f = lint_file_of(c, src);
	if (f)
		return f;
	f = floe_arena_alloc(c->a, sizeof(*f));
	f->src = src;
	f->kind = kind;
	f->path = rel_path(floe_source_path(src));
	f->ignored = floe_lint__path_ignored(&c->cfg, f->path);
	floe_lint__scan_directives(c, f);
	floe_vec_push(&c->files, f);
	return f;
}

floe_span floe_lint__file_span(const floe_source *src)
{
	floe_span s = { .src = src };
	return s;
}

/* ---- reporting ---- */

static bool suppressed(const struct lint_file *f, enum lint_rule r, uint32_t line)
{
	for (size_t i = 0; i < f->nsups; i++) {
		const struct lint_sup *s = &f->sups[i];
		if ((s->line == 0 || s->line == line) && (s->all || s->rules[r]))
			return true;
	}
	return false;
}

/* Findings point at the masked copy of a file when it has one. */
static floe_span shown(struct lint_ctx *c, const floe_span *s)
{
	floe_span out = s ? *s : (floe_span){ 0 };
	struct lint_file *f = out.src ? lint_file_of(c, out.src) : NULL;
	if (f && f->masked)
		out.src = f->masked;
	return out;
}

bool floe_lint__enabled(struct lint_ctx *c, enum lint_rule r, const floe_span *s)
{
	if (c->cfg.level[r] == LINT_OFF)
		return false;
	struct lint_file *f = s && s->src ? lint_file_of(c, s->src) : NULL;
	return !f || !(f->ignored || suppressed(f, r, s->line));
}

/* A YAML alias copies its anchor's nodes with their positions: report once. */
static bool reported(const struct lint_ctx *c, const char *code, const floe_span *s,
		     const char *msg)
{
	for (size_t i = floe_diags_count(c->d); i > 0; i--) {
		const floe_diag *g = floe_diags_at(c->d, i - 1);
		if (g->span.src == s->src && g->span.line == s->line &&
		    g->span.col == s->col && strcmp(g->code, code) == 0 &&
		    strcmp(g->msg, msg) == 0)
			return true;
	}
	return false;
}

floe_diag *floe_lint__report(struct lint_ctx *c, enum lint_rule r, const floe_span *s,
		       const floe_node *at, const char *fmt, ...)
{
	va_list ap;
	if (!floe_lint__enabled(c, r, s))
		return NULL;
	floe_span sp = shown(c, s);
	const char *code = floe_arena_printf(c->a, "lint/%s", rules[r].id);
	va_start(ap, fmt);
	const char *msg = floe_arena_vprintf(c->a, fmt, ap);
	va_end(ap);
	if (s && s->src && reported(c, code, &sp, msg))
		return NULL;
	return floe_diag_add(c->d, (floe_severity)c->cfg.level[r], code,
			     s && s->src ? &sp : NULL,
			     at ? floe_node_pointer(c->a, at) : NULL, "%s", msg);
}

void floe_lint__note(struct lint_ctx *c, floe_diag *g, const floe_span *s,
	       const char *fmt, ...)
{
	va_list ap;
	if (!g)
		return;
	floe_span sp = shown(c, s);
	va_start(ap, fmt);
	const char *msg = floe_arena_vprintf(c->a, fmt, ap);
	va_end(ap);
	floe_diag_note(c->d, g, s ? &sp : NULL, "%s", msg);
}

const char *floe_lint__key_of(const floe_node *n)
{
	for (; n && n->parent; n = n->parent) {
		const floe_node *k = floe_node_key_of(n);
		if (k)
			return k->text;
	}
	return NULL;
}

/* scheme://host/path of a URL: no user info, query or fragment. */
const char *floe_lint__url_display(floe_arena *a, const char *url)
{
	const char *scheme = strstr(url, "://");
	if (!scheme)
		return url;
	const char *auth = scheme + 3;
	size_t alen = strcspn(auth, "/?#");
	const char *at = memchr(auth, '@', alen);
	const char *host = at ? at + 1 : auth;
	size_t rest = strcspn(host, "?#");
	return floe_arena_printf(a, "%.*s%.*s", (int)(auth - url), url,
				 (int)rest, host);
}

/* ---- the driver ---- */

static void add_project_files(struct lint_ctx *c)
{
	const floe_doc *fd = floe_project_floe(c->p);
	if (fd && fd->src)
		floe_lint__file_add(c, fd->src, LF_YAML);
	for (size_t i = 0; i < floe_project_env_count(c->p); i++) {
		const floe_doc *ed = floe_project_env_doc(c->p, i);
		if (ed && ed->src)
			floe_lint__file_add(c, ed->src, LF_YAML);
	}
}

static void credential_pass(struct lint_ctx *c)
{
	const floe_doc *fd = floe_project_floe(c->p);
	if (fd)
		floe_lint__cred_scan_doc(c, fd, false);
	for (size_t i = 0; i < floe_project_env_count(c->p); i++) {
		const floe_doc *ed = floe_project_env_doc(c->p, i);
		if (ed)
			floe_lint__cred_scan_doc(c, ed, false);
	}
	floe_lint__dbt_creds(c);
	floe_lint__cred_flush(c);
}

/* observability.attributes deployment.environment, as OpenTelemetry names it. */
static const char *deployment_env(const floe_doc *doc)
{
	const floe_node *obs = floe_node_get(doc->root, "observability");
	const floe_node *attrs = floe_node_get(obs, "attributes");
	const char *v;
	if (floe_node_as_string(floe_node_get(attrs, "deployment.environment"), &v) ||
	    floe_node_as_string(floe_node_get(attrs, "deployment.environment.name"), &v))
		return v;
	return NULL;
}

static bool default_local(const char *name)
{
	return strcmp(name, "local") == 0 || floe_str_startswith(name, "local-") ||
	       floe_str_startswith(name, "local_");
}

static bool default_prod(const char *name)
{
	static const char *const names[] = { "prod", "production" };
	for (size_t i = 0; i < FLOE_ARRAY_SIZE(names); i++) {
		size_t n = strlen(names[i]);
		if (strncmp(name, names[i], n) == 0 &&
		    (name[n] == '\0' || name[n] == '-' || name[n] == '_'))
			return true;
	}
	return false;
}

static bool is_prod(const struct lint_config *cfg, const char *name)
{
	return cfg->has_prod ? floe_lint__name_matches(&cfg->prod_envs, name)
			     : default_prod(name);
}

static void select_env(struct lint_ctx *c, size_t i)
{
	const char *attr;
	c->env_name = floe_project_env_name(c->p, i);
	c->env_doc = floe_project_env_doc(c->p, i);
	c->env_local = c->cfg.has_local ? floe_lint__name_matches(&c->cfg.local_envs, c->env_name)
					: default_local(c->env_name);
	c->env_prod = is_prod(&c->cfg, c->env_name);
	attr = deployment_env(c->env_doc);
	if (attr && is_prod(&c->cfg, attr))
		c->env_prod = true;
}

static void run_rules(struct lint_ctx *c)
{
	add_project_files(c);
	floe_lint__dbt_collect(c);
	credential_pass(c);
	for (size_t i = 0; i < floe_project_env_count(c->p); i++) {
		const floe_doc *ed = floe_project_env_doc(c->p, i);
		if (!ed || !ed->root || ed->root->kind != FLOE_NODE_MAP)
			continue;
		select_env(c, i);
		floe_lint__platform_env(c);
		floe_lint__compute_env(c);
		floe_lint__dbt_views(c);
	}
	floe_lint__missing_profiles(c);
	floe_lint__shared_recipients(c);
	floe_lint__dbt_bypass(c);
}

static const char *config_path(struct lint_ctx *c, const floe_lint_opts *o)
{
	if (o && o->config)
		return o->config;
	const char *path = floe_path_join(c->a, floe_project_dir(c->p), ".floe-lint.yaml");
	return floe_fs_exists(path) ? path : NULL;
}

int floe_lint_run(floe_diags *d, const floe_project *p, const floe_lint_opts *o)
{
	floe_limits deflim;
	struct lint_ctx c = { .d = d, .p = p, .a = floe_arena_new() };
	int rc = 0;

	floe_limits_default(&deflim);
	c.lim = o && o->limits ? o->limits : &deflim;
	floe_lint__config_defaults(&c.cfg);
	const char *cfg = config_path(&c, o);
	if (cfg && floe_lint__config_load(&c.cfg, d, c.a, cfg, c.lim) != 0) {
		rc = FLOE_EINVALID;
		goto out;
	}
	c.cred = floe_lint__cred_matcher_new();
	if (!c.cred) {
		rc = FLOE_ERROR;
		goto out;
	}
	run_rules(&c);
out:
	floe_lint__cred_matcher_free(c.cred);
	floe_vec_release(&c.files);
	floe_vec_release(&c.dbt);
	floe_vec_release(&c.hits);
	floe_vec_release(&c.cfg.ignore);
	floe_vec_release(&c.cfg.local_envs);
	floe_vec_release(&c.cfg.prod_envs);
	floe_arena_free(c.a);
	return rc;
}
