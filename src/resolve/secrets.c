/*
 * secrets.c: static checks of secret references (no secret is read here):
 * every {secret_ref: NAME[, key: KEY]} of both tiers maps to an environment
 * variable by product.md's rule; two references mapping to one variable,
 * or to a variable the process relies on, are errors.  Values are resolved
 * only at run time, in src/runtime.
 */
#include <stdlib.h>
#include <string.h>
#include "resolve.h"

char *floe_secret_env_name(floe_arena *a, const char *name, const char *key)
{
	size_t n = strlen(name), m = key ? strlen(key) : 0;
	char *out = floe_arena_alloc(a, n + m + 2);
	size_t j = 0;
	for (size_t i = 0; i < n; i++) {
		char c = name[i];
		out[j++] = (c >= 'a' && c <= 'z') ? (char)(c - 32) :
			   ((c >= 'A' && c <= 'Z') || (c >= '0' && c <= '9')) ? c : '_';
	}
	if (key) {
		out[j++] = '_';
		for (size_t i = 0; i < m; i++) {
			char c = key[i];
			out[j++] = (c >= 'a' && c <= 'z') ? (char)(c - 32) :
				   ((c >= 'A' && c <= 'Z') || (c >= '0' && c <= '9')) ? c : '_';
		}
	}
	out[j] = '\0';
	return out;
}

struct ref {
	const char *name, *key, *var;
	const floe_node *node;
};

struct collect {
	floe_project *p;
	floe_diags *d;
	struct ref *refs;
	size_t len, cap;
};

/* Variables the process or floe itself relies on. */
static bool reserved(const char *var)
{
	static const char *const exact[] = {
		"PATH", "HOME", "USER", "LOGNAME", "SHELL", "PWD", "OLDPWD", "TERM",
		"LANG", "TZ", "TMPDIR", "HOSTNAME", "IFS", "PS1", "PS2", "SHLVL",
		"DBT_PROFILES_DIR", "DBT_PROJECT_DIR", "DBT_TARGET", "DBT_PROFILE",
		"NO_COLOR", "MOTHERDUCK_TOKEN_FILE",
	};
	static const char *const prefixes[] = { "LD_", "LC_", "FLOE_", "DUCKDB_", "DYLD_" };
	for (size_t i = 0; i < FLOE_ARRAY_SIZE(exact); i++)
		if (strcmp(var, exact[i]) == 0)
			return true;
	for (size_t i = 0; i < FLOE_ARRAY_SIZE(prefixes); i++)
		if (floe_str_startswith(var, prefixes[i]))
			return true;
	return false;
}

/*
 * Variables that make a shell, an interpreter or git run code or load it
 * from elsewhere: a secret there would be code in every child (`exec`'s
 * command, dbt, its git and its Python).  floe-runtime accepted them; floe
 * refuses them on purpose (docs/secrets.md).
 */
static bool runs_code(const char *var)
{
	static const char *const exact[] = {
		"BASH_ENV", "ENV", "PS4", "PROMPT_COMMAND", "PERL5LIB", "PERL5OPT",
		"PERLLIB", "RUBYOPT", "RUBYLIB", "NODE_OPTIONS", "NODE_PATH",
		"JAVA_TOOL_OPTIONS", "_JAVA_OPTIONS", "JDK_JAVA_OPTIONS", "GIT_SSH",
		"GIT_SSH_COMMAND", "GIT_EXEC_PATH", "GIT_ASKPASS", "SSH_ASKPASS",
		"GIT_PROXY_COMMAND", "GIT_EXTERNAL_DIFF",
	};
	/* PYTHON*: every one configures the interpreter (PYTHONPATH,
	 * PYTHONSTARTUP, PYTHONHOME, PYTHONWARNINGS imports modules, ...) */
	static const char *const prefixes[] = { "PYTHON", "GIT_CONFIG", "BASH_FUNC_" };
	for (size_t i = 0; i < FLOE_ARRAY_SIZE(exact); i++)
		if (strcmp(var, exact[i]) == 0)
			return true;
	for (size_t i = 0; i < FLOE_ARRAY_SIZE(prefixes); i++)
		if (floe_str_startswith(var, prefixes[i]))
			return true;
	return false;
}

static void add_ref(struct collect *c, const floe_node *node, const char *name,
		    const char *key)
{
	floe_arena *a = c->p->arena;
	const char *var = floe_secret_env_name(a, name, key);
	for (size_t i = 0; i < c->len; i++) {
		struct ref *r = &c->refs[i];
		if (strcmp(r->var, var) != 0)
			continue;
		if (strcmp(r->name, name) == 0 && floe_str_eq(r->key, key))
			return; /* the same secret used twice is fine */
		floe_diag *g = floe_diag_add(c->d, FLOE_SEV_ERROR, "resolve/secret-collision",
			&node->span, floe_node_pointer(a, node),
			"secret '%s%s%s' maps to variable '%s', like secret '%s%s%s'",
			floe_resolve__name(a, name), key ? "' key '" : "", key ? floe_resolve__name(a, key) : "",
			floe_resolve__name(a, var), floe_resolve__name(a, r->name), r->key ? "' key '" : "",
			r->key ? floe_resolve__name(a, r->key) : "");
		floe_diag_note(c->d, g, &r->node->span, "the other reference is here");
		floe_diag_hint(c->d, g, "rename one of the secrets so their variables differ");
		return;
	}
	if (reserved(var)) {
		floe_diag *g = floe_diag_add(c->d, FLOE_SEV_ERROR, "resolve/reserved-secret-name",
			&node->span, floe_node_pointer(a, node),
			"secret '%s' maps to variable '%s', which the process relies on",
			floe_resolve__name(a, name), floe_resolve__name(a, var));
		floe_diag_hint(c->d, g, "rename the secret (variables PATH, HOME, LD_*, LC_*, FLOE_*, DUCKDB_*, DBT_* are taken)");
	} else if (runs_code(var)) {
		floe_diag *g = floe_diag_add(c->d, FLOE_SEV_ERROR, "resolve/reserved-secret-name",
			&node->span, floe_node_pointer(a, node),
			"secret '%s' maps to variable '%s', which makes shells, interpreters or git run code",
			floe_resolve__name(a, name), floe_resolve__name(a, var));
		floe_diag_hint(c->d, g, "rename the secret (docs/secrets.md lists the refused variables: "
			       "BASH_ENV, ENV, PYTHON*, PERL5LIB, NODE_OPTIONS, GIT_SSH, GIT_CONFIG*, ...)");
	} else if (var[0] >= '0' && var[0] <= '9') {
		floe_diag_add(c->d, FLOE_SEV_WARNING, "resolve/secret-env-name",
			&node->span, floe_node_pointer(a, node),
			"secret '%s' maps to variable '%s', which starts with a digit (Kubernetes and shells reject it)",
			floe_resolve__name(a, name), floe_resolve__name(a, var));
	}
	if (c->len == c->cap) {
		c->cap = c->cap ? c->cap * 2 : 16;
		c->refs = floe_xrealloc(c->refs, c->cap * sizeof(*c->refs));
	}
	c->refs[c->len++] = (struct ref){ name, key, var, node };
}

static bool is_string(const floe_node *n, const char **out)
{
	return n && n->kind == FLOE_NODE_STRING && (*out = n->text, true);
}

/*
 * A map holding secret_ref is either a reference ({secret_ref, key?}) or,
 * as the value of `credentials`, floe-runtime's static credentials
 * ({mode: static, secret_ref}); under a storage profile the latter names
 * one secret holding the key pair access_key_id + secret_access_key.
 */
static void visit_map(struct collect *c, const floe_node *m, bool creds,
		      bool storage)
{
	const floe_node *ref = floe_node_get(m, "secret_ref");
	const char *name, *key = NULL, *mode = "static";
	if (!is_string(ref, &name))
		return;
	const floe_node *k = floe_node_get(m, "key");
	if (k && !is_string(k, &key))
		return;
	const floe_node *md = floe_node_get(m, "mode");
	if (md)
		floe_node_as_string(md, &mode);
	if (creds && storage && !key && strcmp(mode, "static") == 0) {
		add_ref(c, ref, name, "access_key_id");
		add_ref(c, ref, name, "secret_access_key");
		return;
	}
	add_ref(c, ref, name, key);
}

static void walk(struct collect *c, const floe_node *n, const char *pkey,
		 bool storage, unsigned depth)
{
	if (!n || depth > 64)
		return;
	if (n->kind == FLOE_NODE_MAP) {
		visit_map(c, n, floe_str_eq(pkey, "credentials"), storage);
		for (size_t i = 0; i < n->len; i++) {
			const char *k = n->keys[i]->text, *name;
			if ((floe_str_endswith(k, "_secret_ref") || floe_str_endswith(k, "_key_ref")) &&
			    is_string(n->items[i], &name))
				add_ref(c, n->items[i], name, NULL);
			walk(c, n->items[i], k,
			     storage || (depth == 0 && strcmp(k, "storage") == 0), depth + 1);
		}
	} else if (n->kind == FLOE_NODE_SEQ) {
		for (size_t i = 0; i < n->len; i++)
			walk(c, n->items[i], NULL, storage, depth + 1);
	}
}

void floe_resolve__check_secrets(floe_project *p, floe_diags *d, size_t env)
{
	struct collect c = { p, d, NULL, 0, 0 };
	if (p->floe)
		walk(&c, p->floe->root, NULL, false, 0);
	walk(&c, p->envs[env].doc->root, NULL, false, 0);
	free(c.refs);
}
