/*
 * run_config.c: node configs as dbt layers them (dbt_project.yml's
 * folder tree, then the properties file's `config:`, then config() in the
 * model), and where a node lands: database, schema through dbt's
 * generate_schema_name (or the project's own macro of that name, rendered
 * with the subset), identifier.  Other macros are diagnostics.
 */
#include <stdlib.h>
#include <strings.h>
#include <string.h>
#include "floe/secrets.h"
#include "run_int.h"

void floe_runtime__run_config_init(struct rconfig *c, int kind)
{
	memset(c, 0, sizeof(*c));
	c->materialized = kind == RK_SEED ? RM_SEED : kind == RK_TEST ? RM_TEST
								      : RM_VIEW;
	c->enabled = true;
	c->full_refresh = -1;
}

const char *floe_runtime__run_mat_name(int mat)
{
	static const char *const n[] = { "view", "table", "incremental", "seed",
					  "test" };
	return n[mat];
}

__attribute__((format(printf, 4, 5)))
static void cdiag(floe_runner_project *p, const char *code,
		  const floe_span *sp, const char *fmt, ...)
{
	va_list ap;
	va_start(ap, fmt);
	floe_diag_vadd(p->d, FLOE_SEV_ERROR, code, sp, NULL, fmt, ap);
	va_end(ap);
}

static const char *str_of(floe_runner_project *p, const floe_jval *v)
{
	return floe_runtime__run_jv_cstr(p->a, v);
}

static bool is_str(const floe_jval *v, const char *s)
{
	return v->k == FLOE_JV_STR && v->u.str.len == strlen(s) &&
	       memcmp(v->u.str.s, s, v->u.str.len) == 0;
}

static bool is_istr(const floe_jval *v, const char *s)
{
	return v->k == FLOE_JV_STR && v->u.str.len == strlen(s) &&
	       strncasecmp(v->u.str.s, s, v->u.str.len) == 0;
}

/* A string, or a list of strings, appended to (*list, *n). */
static bool str_list(floe_runner_project *p, const char ***list, size_t *n,
		     const floe_jval *v)
{
	size_t add = v->k == FLOE_JV_STR ? 1 : v->k == FLOE_JV_LIST ? v->u.list->len : 0;
	if (v->k != FLOE_JV_STR && v->k != FLOE_JV_LIST)
		return v->k == FLOE_JV_NONE;
	const char **l = floe_arena_alloc(p->a, (*n + add + 1) * sizeof(*l));
	if (*n)
		memcpy(l, *list, *n * sizeof(*l));
	for (size_t i = 0; i < add; i++) {
		const floe_jval *it = v->k == FLOE_JV_STR ? v : &v->u.list->items[i];
		if (it->k != FLOE_JV_STR)
			return false;
		l[*n + i] = str_of(p, it);
	}
	*list = l;
	*n += add;
	return true;
}

static bool as_bool(const floe_jval *v, bool *out)
{
	if (v->k == FLOE_JV_BOOL) {
		*out = v->u.b;
		return true;
	}
	if (is_istr(v, "true") || is_istr(v, "false")) {
		*out = is_istr(v, "true");
		return true;
	}
	return false;
}

static void set_materialized(floe_runner_project *p, struct rconfig *c,
			     int kind, const floe_jval *v,
			     const floe_span *sp)
{
	static const char *const ok[] = { "view", "table", "incremental" };
	if (kind != RK_MODEL)
		return;
	if (v->k != FLOE_JV_STR) {
		cdiag(p, "run/bad-config", sp, "'materialized' must be a string%s%s", "", "");
		return;
	}
	for (size_t i = 0; i < FLOE_ARRAY_SIZE(ok); i++)
		if (is_str(v, ok[i])) {
			c->materialized = (int)i;
			return;
		}
	const char *m = str_of(p, v);
	floe_jval mac;
	bool own = p->jenv &&
		(floe_jinja_env_find_macro(p->jenv, NULL,
			floe_arena_printf(p->a, "materialization_%s_duckdb", m), &mac) ||
		 floe_jinja_env_find_macro(p->jenv, NULL,
			floe_arena_printf(p->a, "materialization_%s_default", m), &mac));
	cdiag(p, "run/unsupported-config", sp,
	      "materialization '%s' is not supported by the native runner%s", m,
	      own ? " (the project's {% materialization %} blocks are not run: "
		    "the runner builds view, table and incremental itself)" : "");
}

static void set_strategy(floe_runner_project *p, struct rconfig *c,
			 const floe_jval *v, const floe_span *sp)
{
	static const char *const ok[] = { "append", "delete+insert", "merge" };
	for (size_t i = 0; i < FLOE_ARRAY_SIZE(ok); i++)
		if (is_str(v, ok[i])) {
			c->strategy = RS_APPEND + (int)i;
			return;
		}
	cdiag(p, "run/unsupported-config", sp,
	      "incremental_strategy '%s' is not supported by the native runner "
	      "(append, delete+insert, merge)%s", v->k == FLOE_JV_STR ? str_of(p, v) : "?", "");
}

static void set_column_types(floe_runner_project *p, struct rconfig *c,
			     const floe_jval *v, const floe_span *sp)
{
	if (v->k != FLOE_JV_DICT) {
		cdiag(p, "run/bad-config", sp, "'column_types' must be a mapping%s%s", "", "");
		return;
	}
	const floe_jdict *dd = v->u.dict;
	c->type_cols = floe_arena_alloc(p->a, (dd->len + 1) * sizeof(char *));
	c->type_vals = floe_arena_alloc(p->a, (dd->len + 1) * sizeof(char *));
	c->ntypes = 0;
	for (size_t i = 0; i < dd->len; i++) {
		const char *k = str_of(p, &dd->keys[i]);
		if (dd->vals[i].k != FLOE_JV_STR || !k) {
			cdiag(p, "run/bad-config", sp, "column type of '%s' must be a string%s",
			      k ? k : "?", "");
			continue;
		}
		c->type_cols[c->ntypes] = k;
		c->type_vals[c->ntypes++] = str_of(p, &dd->vals[i]);
	}
}

/* Keys whose presence changes what dbt does and that the runner cannot do. */
static const char *const refused[] = {
	"pre_hook", "post_hook", "pre-hook", "post-hook", "store_failures",
	"store_failures_as", "fail_calc", "limit",
};

static bool empty(const floe_jval *v)
{
	return v->k == FLOE_JV_NONE || v->k == FLOE_JV_UNDEF ||
	       (v->k == FLOE_JV_LIST && !v->u.list->len) ||
	       (v->k == FLOE_JV_STR && !v->u.str.len);
}

static bool apply_string(floe_runner_project *p, struct rconfig *c,
			 const char *key, const floe_jval *v,
			 const floe_span *sp)
{
	const char **slot = strcmp(key, "schema") == 0 ? &c->schema
		: strcmp(key, "database") == 0 ? &c->database
		: strcmp(key, "alias") == 0 ? &c->alias
		: strcmp(key, "where") == 0 ? &c->where
		: strcmp(key, "delimiter") == 0 ? &c->delimiter : NULL;
	if (!slot)
		return false;
	if (v->k == FLOE_JV_NONE)
		*slot = NULL;
	else if (v->k == FLOE_JV_STR)
		*slot = str_of(p, v);
	else
		cdiag(p, "run/bad-config", sp, "'%s' must be a string%s", key, "");
	return true;
}

static void apply_other(floe_runner_project *p, struct rconfig *c,
			const char *key, const floe_jval *v,
			const floe_span *sp)
{
	bool b;
	if (strcmp(key, "enabled") == 0 || strcmp(key, "full_refresh") == 0) {
		if (!as_bool(v, &b) && v->k != FLOE_JV_NONE)
			cdiag(p, "run/bad-config", sp, "'%s' must be true or false%s", key, "");
		else if (key[0] == 'e')
			c->enabled = v->k == FLOE_JV_NONE || b;
		else
			c->full_refresh = v->k == FLOE_JV_NONE ? -1 : b;
	} else if (strcmp(key, "severity") == 0) {
		if (is_istr(v, "warn") || is_istr(v, "error"))
			c->warn = is_istr(v, "warn");
		else
			cdiag(p, "run/bad-config", sp, "'severity' must be warn or error%s%s", "", "");
	} else if (strcmp(key, "on_schema_change") == 0) {
		if (!is_str(v, "ignore"))
			cdiag(p, "run/unsupported-config", sp,
			      "on_schema_change '%s' is not supported by the native runner (only ignore)%s",
			      v->k == FLOE_JV_STR ? str_of(p, v) : "?", "");
	} else if ((strcmp(key, "error_if") == 0 || strcmp(key, "warn_if") == 0) &&
		   !is_str(v, "!=0")) {
		cdiag(p, "run/unsupported-config", sp,
		      "'%s' is not supported by the native runner%s", key, "");
	}
	for (size_t i = 0; i < FLOE_ARRAY_SIZE(refused); i++)
		if (strcmp(key, refused[i]) == 0 && !empty(v))
			cdiag(p, strstr(key, "hook") ? "run/unsupported-hook"
			      : "run/unsupported-config", sp,
			      "'%s' is not supported by the native runner%s", key, "");
}

void floe_runtime__run_config_apply(floe_runner_project *p, struct rconfig *c,
			   int kind, const char *key, const floe_jval *v,
			   const floe_span *sp)
{
	if (apply_string(p, c, key, v, sp))
		return;
	if (strcmp(key, "materialized") == 0)
		set_materialized(p, c, kind, v, sp);
	else if (strcmp(key, "unique_key") == 0) {
		c->nkeys = 0;
		if (!str_list(p, &c->unique_key, &c->nkeys, v))
			cdiag(p, "run/bad-config", sp,
			      "'unique_key' must be a column name or a list of them%s%s", "", "");
	} else if (strcmp(key, "tags") == 0) {
		if (!str_list(p, &c->tags, &c->ntags, v))
			cdiag(p, "run/bad-config", sp, "'tags' must be a string or a list of strings%s%s", "", "");
	} else if (strcmp(key, "incremental_strategy") == 0) {
		if (v->k != FLOE_JV_NONE)
			set_strategy(p, c, v, sp);
	} else if (strcmp(key, "column_types") == 0) {
		set_column_types(p, c, v, sp);
	} else {
		apply_other(p, c, key, v, sp);
	}
}

void floe_runtime__run_config_map(floe_runner_project *p, struct rconfig *c, int kind,
			 const floe_node *map, bool plus_only)
{
	if (!map || map->kind != FLOE_NODE_MAP)
		return;
	for (size_t i = 0; i < map->len; i++) {
		const char *k = map->keys[i]->text;
		if (k[0] == '+')
			k++;
		else if (plus_only)
			continue;
		floe_jval v = floe_runtime__run_jv_from_node(p->a, map->items[i]);
		floe_runtime__run_config_apply(p, c, kind, k, &v, &map->items[i]->span);
	}
}

/* Configs of one level of the tree: `+key`s, and plain keys whose value is no map. */
static void tree_level(floe_runner_project *p, struct rnode *n,
		       const floe_node *m)
{
	for (size_t i = 0; i < m->len; i++) {
		const char *k = m->keys[i]->text;
		const floe_node *v = m->items[i];
		if (k[0] != '+' && v->kind == FLOE_NODE_MAP)
			continue;
		floe_jval jv = floe_runtime__run_jv_from_node(p->a, v);
		floe_runtime__run_config_apply(p, &n->cfg, n->kind, k + (k[0] == '+'), &jv,
				      &v->span);
	}
}

void floe_runtime__run_config_project(floe_runner_project *p, struct rnode *n)
{
	const floe_node *root = p->project_doc->root;
	const floe_node *m = n->kind == RK_MODEL ? floe_node_get(root, "models")
		: n->kind == RK_SEED ? floe_node_get(root, "seeds")
		: floe_node_get(root, "data_tests");
	if (!m && n->kind == RK_TEST)
		m = floe_node_get(root, "tests");
	if (!m || m->kind != FLOE_NODE_MAP)
		return;
	floe_runtime__run_config_map(p, &n->cfg, n->kind, m, true);
	for (size_t d = 0; d < n->nfqn; d++) {
		m = floe_node_get(m, n->fqn[d]);
		if (!m || m->kind != FLOE_NODE_MAP)
			return;
		tree_level(p, n, m);
	}
}

/* ---- var(), env_var(), placement ---- */

static const floe_jval *dict_get(const floe_jval *d, const char *k)
{
	return d->k == FLOE_JV_DICT ? floe_jv_dict_get(d->u.dict, k, strlen(k))
				    : NULL;
}

/* var(): --vars, then dbt_project.yml's vars for this project, then global ones. */
bool floe_runtime__run_var_hook(floe_runner_project *p, const char *name,
		       floe_jval *out)
{
	const floe_jval *scoped = dict_get(&p->project_vars, p->name);
	const floe_jval *dicts[] = { &p->vars, scoped, &p->project_vars };
	for (size_t i = 0; i < FLOE_ARRAY_SIZE(dicts); i++) {
		const floe_jval *v = dicts[i] ? dict_get(dicts[i], name) : NULL;
		if (v) {
			*out = *v;
			return true;
		}
	}
	return false;
}

const char *floe_runtime__run_env_hook(floe_runner_project *p, const char *name)
{
	if (floe_secret_env_blocked(name))
		return NULL;  /* env_var() refuses it first; never read anyway */
	return p->env ? p->env(p->env_ud, name) : getenv(name);
}

static const char *trimmed(floe_arena *a, const char *s)
{
	size_t n = strlen(s);
	while (n && (*s == ' ' || *s == '\t' || *s == '\n' || *s == '\r'))
		s++, n--;
	while (n && (s[n - 1] == ' ' || s[n - 1] == '\t' || s[n - 1] == '\n' ||
		     s[n - 1] == '\r'))
		n--;
	return floe_arena_strndup(a, s, n);
}

/*
 * The project's own generate_<what>_name(custom, node): its output,
 * trimmed; NULL after a diagnostic (then dbt's default is used).
 */
static const char *macro_name(floe_runner_project *p, struct rnode *n,
			      const char *what, const char *custom)
{
	struct rrender r = { .p = p, .n = n, .phase = RP_SQL, .d = p->d };
	floe_arena *a = floe_jinja_env_arena(p->jenv);
	floe_jval args[2] = { custom ? floe_jv_cstr(custom) : floe_jv_none(),
			      floe_jv_dict(a) };
	floe_jv_dict_sets(a, args[1].u.dict, "name", floe_jv_cstr(n->name));
	floe_jv_dict_sets(a, args[1].u.dict, "resource_type",
			  floe_jv_cstr(n->kind == RK_SEED ? "seed" : "model"));
	floe_jv_dict_sets(a, args[1].u.dict, "unique_id", floe_jv_cstr(n->unique_id));
	floe_jv_dict_sets(a, args[1].u.dict, "package_name", floe_jv_cstr(p->name));
	floe_jv_dict_sets(a, args[1].u.dict, "original_file_path", floe_jv_cstr(n->path));
	floe_jv_dict_sets(a, args[1].u.dict, "path", floe_jv_cstr(n->path));
	floe_buf out = FLOE_BUF_INIT;
	const char *name = floe_arena_printf(a, "generate_%s_name", what);
	const char *res = NULL;
	if (floe_runtime__run_dbt_call(&r, p->name, name, args, 2, &out) == 0) {
		res = trimmed(p->a, out.ptr ? out.ptr : "");
		if (!res[0]) {
			floe_diag_add(p->d, FLOE_SEV_ERROR, "run/render", NULL, NULL,
				      "%s gave an empty %s for '%s'", name, what,
				      n->name);
			res = NULL;
		}
	}
	floe_buf_release(&out);
	return res;
}

void floe_runtime__run_config_place(floe_runner_project *p, struct rnode *n)
{
	const char *schema = NULL, *alias = NULL, *db = NULL;
	if (p->gsn && !(schema = macro_name(p, n, "schema", n->cfg.schema)))
		p->gsn = false; /* reported once; dbt's default from here on */
	if (p->gan && !(alias = macro_name(p, n, "alias", n->cfg.alias)))
		p->gan = false;
	if (p->gdn && !(db = macro_name(p, n, "database", n->cfg.database)))
		p->gdn = false;
	if (!schema && n->cfg.schema)
		schema = floe_arena_printf(p->a, "%s_%s", p->schema,
					   trimmed(p->a, n->cfg.schema));
	if (!schema)
		schema = p->schema;
	if (!db)
		db = n->cfg.database ? n->cfg.database : p->database;
	if (!alias)
		alias = n->cfg.alias ? n->cfg.alias : n->name;
	floe_runtime__run_rel_set(p->a, &n->rel, db, schema, alias);
}
