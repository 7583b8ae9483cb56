/*
 * platform.c: rules over one environment's platform file: plain http and
 * TLS turned off outside local environments, the production rules
 * (retention, observability endpoints, local storage), and profiles that
 * floe.yaml needs but another environment of the project lacks.  DuckDB
 * sizing rules are in compute.c.
 */
#include <dirent.h>
#include <stdlib.h>
#include <string.h>
#include <strings.h>
#include "floe/load.h"
#include "internal.h"

static floe_span key_span(const floe_node *value)
{
	const floe_node *k = floe_node_key_of(value);
	return k ? k->span : value->span;
}

/* ---- plain-http ---- */

static bool loopback(const char *host, size_t n)
{
	static const char *const names[] = { "localhost", "[::1]", "::1", "0.0.0.0" };
	for (size_t i = 0; i < FLOE_ARRAY_SIZE(names); i++)
		if (n == strlen(names[i]) && strncmp(host, names[i], n) == 0)
			return true;
	if (n > 10 && strncmp(host + n - 10, ".localhost", 10) == 0)
		return true;
	return n > 4 && strncmp(host, "127.", 4) == 0;
}

/* http://[user@]HOST[:port]/...: is HOST this machine? */
static bool local_url(const char *url)
{
	const char *auth = url + 7;
	size_t alen = strcspn(auth, "/?#");
	const char *at = memchr(auth, '@', alen);
	const char *host = at ? at + 1 : auth;
	size_t hlen = host[0] == '[' ? strcspn(host, "]") + 1 : strcspn(host, ":/?#");
	return loopback(host, hlen);
}

static void plain_http(struct lint_ctx *c, const floe_node *n)
{
	const char *key = floe_lint__key_of(n);
	floe_diag *g = floe_lint__report(c, R_PLAIN_HTTP, &n->span, n, "%s '%s' uses plain http",
				   key ? key : "url", floe_lint__url_display(c->a, n->text));
	floe_lint__note(c, g, NULL, "environment '%s' is not local: requests, tokens and data "
		  "cross the network unencrypted", c->env_name);
	if (g)
		floe_diag_hint(c->d, g, "use https://, or, if '%s' runs on one machine, list it "
			       "under environments.local in .floe-lint.yaml", c->env_name);
}

/* ---- tls-disabled ---- */

enum tls_want { W_FALSE, W_TRUE, W_WORD };

struct tls_rule {
	const char *const *keys;
	const char *parent;     /* NULL: any */
	enum tls_want want;
	const char *word;       /* W_WORD: values that turn TLS off, '|'-separated */
	/* the message: PRE'key' is VALUE (quoted when W_WORD)POST */
	const char *pre, *post;
	const char *hint;
};

static const char *const k_sslmode[] = { "sslmode", "ssl_mode", NULL };
static const char *const k_secure[] = { "secure", "use_ssl", "s3_use_ssl", "ssl", "tls",
	"use_tls", "ssl_enabled", "tls_enabled", "enable_ssl", "enable_tls", NULL };
static const char *const k_verify[] = { "verify", "verify_ssl", "ssl_verify", "tls_verify",
	"verify_tls", "verify_certificate", "ssl_verify_cert", NULL };
static const char *const k_insecure[] = { "insecure", "insecure_skip_verify", "tls_insecure",
	"skip_tls_verify", "tls_skip_verify", "allow_insecure", NULL };
static const char *const k_scheme[] = { "http_scheme", NULL };
static const char *const k_enabled[] = { "enabled", NULL };

static const struct tls_rule tls_rules[] = {
	{ k_sslmode, NULL, W_WORD, "disable|allow", "", ": connections can go unencrypted",
	  "use sslmode: verify-full (or require)" },
	{ k_secure, NULL, W_FALSE, NULL, "", ": connections are not encrypted",
	  "set it to true" },
	{ k_verify, NULL, W_FALSE, NULL, "", ": TLS certificates are not verified",
	  "set it to true, and trust the server's certificate authority instead" },
	{ k_insecure, NULL, W_TRUE, NULL, "", ": TLS certificates are not verified",
	  "remove it, and trust the server's certificate authority instead" },
	{ k_scheme, NULL, W_WORD, "http", "", ": connections are not encrypted",
	  "use http_scheme: https" },
	{ k_enabled, "in_transit", W_FALSE, NULL, "in-transit encryption is turned off (", ")",
	  "set security.encryption.in_transit.enabled: true" },
	{ k_enabled, "tls", W_FALSE, NULL, "TLS is turned off (", ")",
	  "set tls.enabled: true" },
};

static bool in_list(const char *const *list, const char *s)
{
	for (; *list; list++)
		if (strcmp(*list, s) == 0)
			return true;
	return false;
}

static bool word_match(const char *words, const char *v)
{
	size_t n = strlen(v);
	for (const char *w = words; *w;) {
		size_t len = strcspn(w, "|");
		if (len == n && strncmp(w, v, n) == 0)
			return true;
		w += len + (w[len] == '|');
	}
	return false;
}

static bool tls_off(const struct tls_rule *r, const floe_node *n)
{
	bool b;
	const char *s;
	if (r->want == W_WORD)
		return floe_node_as_string(n, &s) && word_match(r->word, s);
	return floe_node_as_bool(n, &b) && b == (r->want == W_TRUE);
}

static void tls_check(struct lint_ctx *c, const floe_node *n, const char *key,
		      const char *parent)
{
	for (size_t i = 0; i < FLOE_ARRAY_SIZE(tls_rules); i++) {
		const struct tls_rule *r = &tls_rules[i];
		if (!in_list(r->keys, key) || (r->parent && !floe_str_eq(r->parent, parent)) ||
		    !tls_off(r, n))
			continue;
		const char *q = r->want == W_WORD ? "'" : "";
		floe_diag *g = floe_lint__report(c, R_TLS_DISABLED, &n->span, n, "%s'%s' is %s%s%s%s",
					   r->pre, key, q,
					   n->text ? n->text : r->want == W_TRUE ? "true" : "false",
					   q, r->post);
		floe_lint__note(c, g, NULL, "environment '%s' is not local", c->env_name);
		if (g)
			floe_diag_hint(c->d, g, "%s", r->hint);
		return;
	}
}

/* Every scalar of the platform file, with its key and its parent's key. */
static void walk_env(struct lint_ctx *c, const floe_node *n, const char *key,
		     const char *parent)
{
	if (n->kind == FLOE_NODE_MAP) {
		for (size_t i = 0; i < n->len; i++)
			walk_env(c, n->items[i], n->keys[i]->text, key);
		return;
	}
	if (n->kind == FLOE_NODE_SEQ) {
		for (size_t i = 0; i < n->len; i++)
			walk_env(c, n->items[i], key, parent);
		return;
	}
	if (key)
		tls_check(c, n, key, parent);
	if (n->kind == FLOE_NODE_STRING && n->text && strncasecmp(n->text, "http://", 7) == 0 &&
	    !local_url(n->text))
		plain_http(c, n);
}

/* ---- production ---- */

static bool int_at(const floe_node *n)
{
	int64_t v;
	return n && floe_node_as_int(n, &v);
}

/* governance.retention with a default policy that is not turned off. */
static bool governed_retention(const floe_node *root)
{
	const floe_node *ret = floe_node_get(floe_node_get(root, "governance"), "retention");
	const floe_node *pol = floe_node_get(ret, "default_policy");
	bool on = true;
	floe_node_as_bool(floe_node_get(ret, "enabled"), &on);
	return on && int_at(floe_node_get(pol, "retention_days"));
}

/* storage.<name>.retention ("7 years"; the schema checked its form). */
static bool storage_retention(const floe_node *root, const floe_node *name)
{
	const char *s;
	const floe_node *st = floe_node_get(root, "storage");
	if (!name) {   /* any storage profile */
		for (size_t i = 0; st && st->kind == FLOE_NODE_MAP && i < st->len; i++)
			if (floe_node_as_string(floe_node_get(st->items[i], "retention"), &s))
				return true;
		return false;
	}
	return floe_node_as_string(name, &s) &&
	       floe_node_as_string(floe_node_get(floe_node_get(st, s), "retention"), &s);
}

static void prod_retention(struct lint_ctx *c, const floe_node *root)
{
	const floe_node *layers = floe_node_get(root, "layers");
	size_t found = 0;

	if (governed_retention(root))
		return;
	for (size_t i = 0; layers && layers->kind == FLOE_NODE_MAP && i < layers->len; i++) {
		const floe_node *l = layers->items[i];
		found++;
		if (int_at(floe_node_get(l, "retention_days")) ||
		    storage_retention(root, floe_node_get(l, "storage_ref")))
			continue;
		floe_diag *g = floe_lint__report(c, R_PROD_RETENTION, &layers->keys[i]->span, l,
			"layer '%s' of production environment '%s' has no retention_days",
			layers->keys[i]->text, c->env_name);
		if (g)
			floe_diag_hint(c->d, g, "set retention_days, a retention on its storage "
				       "(storage.<name>.retention: 7 years), or a default in "
				       "governance.retention.default_policy.retention_days");
	}
	if (found || storage_retention(root, NULL))
		return;
	floe_span s = floe_lint__file_span(c->env_doc->src);
	floe_diag *g = floe_lint__report(c, R_PROD_RETENTION, &s, NULL,
		"production environment '%s' sets no data retention", c->env_name);
	floe_lint__note(c, g, NULL, "neither layers[*].retention_days nor governance.retention says how long data is kept");
	if (g)
		floe_diag_hint(c->d, g, "set governance.retention.default_policy.retention_days, "
			       "or define layers with retention_days");
}

static bool switched_off(const floe_node *obs, const char *key)
{
	bool b;
	return floe_node_as_bool(floe_node_get(obs, key), &b) && !b;
}

static bool has_string(const floe_node *map, const char *key)
{
	const floe_node *n = floe_node_get(map, key);
	return n && ((n->kind == FLOE_NODE_STRING && n->len) || n->kind == FLOE_NODE_MAP);
}

static void missing_endpoint(struct lint_ctx *c, const floe_node *obs, const char *key,
			     const char *what)
{
	floe_span s = obs ? key_span(obs) : floe_lint__file_span(c->env_doc->src);
	floe_diag *g = floe_lint__report(c, R_PROD_OBSERVABILITY, &s, obs,
		"production environment '%s' has no observability.%s", c->env_name, key);
	floe_lint__note(c, g, NULL, "%s", what);
	if (g)
		floe_diag_hint(c->d, g, "set observability.%s in %s", key,
			       floe_source_path(c->env_doc->src));
}

static void prod_observability(struct lint_ctx *c, const floe_node *root)
{
	const floe_doc *fd = floe_project_floe(c->p);
	const floe_node *obs = floe_node_get(root, "observability");
	const floe_node *fobs = fd ? floe_node_get(fd->root, "observability") : NULL;

	if (!has_string(obs, "otlp_endpoint"))
		missing_endpoint(c, obs, "otlp_endpoint",
				 "without it, traces and metrics of production runs go nowhere");
	if (!has_string(obs, "lineage_endpoint") && !switched_off(obs, "lineage") &&
	    !switched_off(fobs, "lineage"))
		missing_endpoint(c, obs, "lineage_endpoint",
				 "lineage is on (the default) but its events go nowhere; "
				 "turn it off with observability.lineage: false in floe.yaml");
}

static void prod_local_storage(struct lint_ctx *c, const floe_node *root)
{
	const floe_node *st = floe_node_get(root, "storage");
	const char *type;
	for (size_t i = 0; st && st->kind == FLOE_NODE_MAP && i < st->len; i++) {
		const floe_node *t = floe_node_get(st->items[i], "type");
		if (!floe_node_as_string(t, &type) || strcmp(type, "local") != 0)
			continue;
		floe_diag *g = floe_lint__report(c, R_PROD_LOCAL_STORAGE, &t->span, t,
			"storage profile '%s' of production environment '%s' is a local directory",
			st->keys[i]->text, c->env_name);
		floe_lint__note(c, g, NULL, "a container's directory goes away with the container, "
			  "and other machines cannot read it");
		if (g)
			floe_diag_hint(c->d, g, "use object storage (s3, gcs, azure or r2)");
	}
}

/* ---- unused-storage ---- */

static bool names(const floe_node *ref, const char *name)
{
	const char *s;
	return floe_node_as_string(ref, &s) && strcmp(s, name) == 0;
}

static const floe_node *compute_logs_ref(const floe_node *root)
{
	return floe_node_get(floe_node_get(floe_node_get(root, "observability"),
					   "compute_logs"), "storage_ref");
}

/*
 * Whether floe reaches storage profile `name`: floe.yaml's storage (or
 * "default"), a layer's storage_ref, compute_logs' storage_ref in either
 * file.  The model binds credentials to those alone.
 */
static bool storage_used(struct lint_ctx *c, const floe_node *root, const char *name)
{
	const floe_doc *fd = floe_project_floe(c->p);
	const floe_node *froot = fd ? fd->root : NULL;
	const floe_node *want = floe_node_get(froot, "storage");
	const char *w = "default";
	if (want)
		floe_node_as_string(want, &w);
	if (w && strcmp(w, name) == 0)
		return true;
	const floe_node *layers = floe_node_get(root, "layers");
	for (size_t i = 0; layers && layers->kind == FLOE_NODE_MAP && i < layers->len; i++)
		if (names(floe_node_get(layers->items[i], "storage_ref"), name))
			return true;
	return names(compute_logs_ref(root), name) || names(compute_logs_ref(froot), name);
}

static void unused_storage(struct lint_ctx *c, const floe_node *root)
{
	const floe_node *st = floe_node_get(root, "storage");
	for (size_t i = 0; st && st->kind == FLOE_NODE_MAP && i < st->len; i++) {
		const char *name = st->keys[i]->text;
		if (storage_used(c, root, name))
			continue;
		floe_diag *g = floe_lint__report(c, R_UNUSED_STORAGE, &st->keys[i]->span,
			st->keys[i], "storage profile '%s' of environment '%s' is not "
			"referenced: floe binds no credentials to it", name, c->env_name);
		floe_lint__note(c, g, NULL, "floe.yaml's storage, a layer's storage_ref and "
			  "observability.compute_logs.storage_ref reference storage profiles");
		if (g)
			floe_diag_hint(c->d, g, "reference it from a layer (storage_ref: %s), "
				       "or remove it", name);
	}
}

void floe_lint__platform_env(struct lint_ctx *c)
{
	const floe_node *root = c->env_doc->root;
	unused_storage(c, root);
	if (!c->env_local)
		walk_env(c, root, NULL, NULL);
	if (!c->env_prod)
		return;
	prod_retention(c, root);
	prod_observability(c, root);
	prod_local_storage(c, root);
}

/* ---- missing-profile ---- */

struct want {
	const char *kind, *section, *name;
	const floe_node *node;   /* floe.yaml value; NULL when defaulted */
};

static bool loaded(const struct lint_ctx *c, const char *path)
{
	for (size_t i = 0; i < floe_project_env_count(c->p); i++) {
		const char *p = floe_project_env_path(c->p, i);
		while (p[0] == '.' && p[1] == '/')
			p += 2;
		if (strcmp(p, path) == 0)
			return true;
	}
	return false;
}

static void missing_in(struct lint_ctx *c, const struct want *w, const char *env,
		       const floe_doc *doc)
{
	const floe_node *sec = floe_node_get(doc->root, w->section);
	if (floe_node_get(sec, w->name))
		return;
	const floe_doc *fd = floe_project_floe(c->p);
	floe_span s = w->node ? w->node->span : floe_lint__file_span(fd->src);
	floe_diag *g = floe_lint__report(c, R_MISSING_PROFILE, &s, w->node,
		"%s profile '%s' is not defined in environment '%s'", w->kind, w->name, env);
	if (!g)
		return;
	if (!w->node)
		floe_lint__note(c, g, NULL, "floe.yaml does not set '%s', so it is 'default'", w->kind);
	const floe_node *k = floe_node_get_key(doc->root, w->section);
	floe_span ks = k ? k->span : floe_lint__file_span(doc->src);
	if (k)
		floe_lint__note(c, g, &ks, "%s profiles of environment '%s' are defined here", w->kind, env);
	else
		floe_lint__note(c, g, &ks, "environment '%s' defines no %s profiles", env, w->kind);
	floe_diag_hint(c->d, g, "define it in %s (floe validate --all-envs checks every environment)",
		       floe_source_path(doc->src));
}

static void check_sibling(struct lint_ctx *c, const struct want *w, const char *env,
			  const char *path)
{
	floe_diags *scratch = floe_diags_new(1);
	floe_doc *doc = NULL;
	floe_load_file(&doc, scratch, path, NULL, c->lim);
	if (doc && doc->root && doc->root->kind == FLOE_NODE_MAP &&
	    floe_diags_errors(scratch) == 0)
		for (size_t i = 0; i < 3; i++)
			missing_in(c, &w[i], env, doc);
	floe_doc_free(doc);
	floe_diags_free(scratch);
}

static int cmp_str(const void *a, const void *b)
{
	return strcmp(*(char *const *)a, *(char *const *)b);
}

/* Environment folders under platform/, sorted. */
static floe_vec env_dirs(struct lint_ctx *c, const char *dir)
{
	floe_vec names = FLOE_VEC_INIT;
	DIR *dh = opendir(dir);
	struct dirent *ent;
	while (dh && (ent = readdir(dh)))
		if (ent->d_name[0] != '.')
			floe_vec_push(&names, floe_arena_strdup(c->a, ent->d_name));
	if (dh)
		closedir(dh);
	if (names.len)
		qsort(names.items, names.len, sizeof(void *), cmp_str);
	return names;
}

void floe_lint__missing_profiles(struct lint_ctx *c)
{
	static const char *const kinds[3][2] = {
		{ "storage", "storage" }, { "catalog", "catalogs" }, { "compute", "compute" },
	};
	const floe_doc *fd = floe_project_floe(c->p);
	struct want w[3];
	if (!fd || !fd->root)
		return;
	for (size_t i = 0; i < 3; i++) {
		w[i].kind = kinds[i][0];
		w[i].section = kinds[i][1];
		w[i].node = floe_node_get(fd->root, kinds[i][0]);
		if (!w[i].node || !floe_node_as_string(w[i].node, &w[i].name)) {
			w[i].node = NULL;
			w[i].name = "default";
		}
	}
	const char *dir = floe_path_join(c->a, floe_project_dir(c->p), "platform");
	floe_vec names = env_dirs(c, dir);
	for (size_t i = 0; i < names.len; i++) {
		const char *path = floe_arena_printf(c->a, "%s/%s/platform.yaml", dir,
						     (char *)names.items[i]);
		while (path[0] == '.' && path[1] == '/')
			path += 2;
		if (floe_fs_exists(path) && !loaded(c, path))
			check_sibling(c, w, names.items[i], path);
	}
	floe_vec_release(&names);
}
