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

static const char *str_of(floe_runner_project *p, const struct jval *v)
{
	return v->k == JV_STR ? floe_arena_strndup(p->a, v->s, v->len) : NULL;
}

/* A string, or a list of strings, appended to (*list, *n). */
static bool str_list(floe_runner_project *p, const char ***list, size_t *n,
		     const struct jval *v)
{
	size_t add = v->k == JV_STR ? 1 : v->k == JV_LIST ? v->len : 0;
	if (v->k != JV_STR && v->k != JV_LIST)
		return v->k == JV_NONE;
	const char **l = floe_arena_alloc(p->a, (*n + add + 1) * sizeof(*l));
	if (*n)
		memcpy(l, *list, *n * sizeof(*l));
	for (size_t i = 0; i < add; i++) {
		const struct jval *it = v->k == JV_STR ? v : &v->items[i];
		if (it->k != JV_STR)
			return false;
		l[*n + i] = str_of(p, it);
	}
	*list = l;
	*n += add;
	return true;
}

static bool as_bool(const struct jval *v, bool *out)
{
	if (v->k == JV_BOOL) {
		*out = v->b;
		return true;
	}
	if (v->k == JV_STR && (strcasecmp(v->s, "true") == 0 ||
			       strcasecmp(v->s, "false") == 0)) {
		*out = strcasecmp(v->s, "true") == 0;
		return true;
	}
	return false;
}

static void set_materialized(floe_runner_project *p, struct rconfig *c,
			     int kind, const struct jval *v,
			     const floe_span *sp)
{
	static const char *const ok[] = { "view", "table", "incremental" };
	if (kind != RK_MODEL)
		return;
	if (v->k != JV_STR) {
		cdiag(p, "run/bad-config", sp, "'materialized' must be a string%s%s", "", "");
		return;
	}
	for (size_t i = 0; i < FLOE_ARRAY_SIZE(ok); i++)
		if (strcmp(v->s, ok[i]) == 0) {
			c->materialized = (int)i;
			return;
		}
	cdiag(p, "run/unsupported-config", sp,
	      "materialization '%s' is not supported by the native runner%s", v->s,
	      "");
}

static void set_strategy(floe_runner_project *p, struct rconfig *c,
			 const struct jval *v, const floe_span *sp)
{
	static const char *const ok[] = { "append", "delete+insert", "merge" };
	for (size_t i = 0; v->k == JV_STR && i < FLOE_ARRAY_SIZE(ok); i++)
		if (strcmp(v->s, ok[i]) == 0) {
			c->strategy = RS_APPEND + (int)i;
			return;
		}
	cdiag(p, "run/unsupported-config", sp,
	      "incremental_strategy '%s' is not supported by the native runner "
	      "(append, delete+insert, merge)%s", v->k == JV_STR ? v->s : "?", "");
}

static void set_column_types(floe_runner_project *p, struct rconfig *c,
			     const struct jval *v, const floe_span *sp)
{
	if (v->k != JV_DICT) {
		cdiag(p, "run/bad-config", sp, "'column_types' must be a mapping%s%s", "", "");
		return;
	}
	c->type_cols = floe_arena_alloc(p->a, (v->len + 1) * sizeof(char *));
	c->type_vals = floe_arena_alloc(p->a, (v->len + 1) * sizeof(char *));
	c->ntypes = 0;
	for (size_t i = 0; i < v->len; i++) {
		if (v->items[i].k != JV_STR) {
			cdiag(p, "run/bad-config", sp, "column type of '%s' must be a string%s",
			      v->keys[i], "");
			continue;
		}
		c->type_cols[c->ntypes] = floe_arena_strdup(p->a, v->keys[i]);
		c->type_vals[c->ntypes++] = str_of(p, &v->items[i]);
	}
}

/* Keys whose presence changes what dbt does and that the runner cannot do. */
static const char *const refused[] = {
	"pre_hook", "post_hook", "pre-hook", "post-hook", "store_failures",
	"store_failures_as", "fail_calc", "limit",
};

static bool empty(const struct jval *v)
{
	return v->k == JV_NONE || ((v->k == JV_LIST || v->k == JV_STR) && !v->len);
}

static bool apply_string(floe_runner_project *p, struct rconfig *c,
			 const char *key, const struct jval *v,
			 const floe_span *sp)
{
	const char **slot = strcmp(key, "schema") == 0 ? &c->schema
		: strcmp(key, "database") == 0 ? &c->database
		: strcmp(key, "alias") == 0 ? &c->alias
		: strcmp(key, "where") == 0 ? &c->where
		: strcmp(key, "delimiter") == 0 ? &c->delimiter : NULL;
	if (!slot)
		return false;
	if (v->k == JV_NONE)
		*slot = NULL;
	else if (v->k == JV_STR)
		*slot = str_of(p, v);
	else
		cdiag(p, "run/bad-config", sp, "'%s' must be a string%s", key, "");
	return true;
}

static void apply_other(floe_runner_project *p, struct rconfig *c,
			const char *key, const struct jval *v,
			const floe_span *sp)
{
	bool b;
	if (strcmp(key, "enabled") == 0 || strcmp(key, "full_refresh") == 0) {
		if (!as_bool(v, &b) && v->k != JV_NONE)
			cdiag(p, "run/bad-config", sp, "'%s' must be true or false%s", key, "");
		else if (key[0] == 'e')
			c->enabled = v->k == JV_NONE || b;
		else
			c->full_refresh = v->k == JV_NONE ? -1 : b;
	} else if (strcmp(key, "severity") == 0) {
		if (v->k == JV_STR && (strcasecmp(v->s, "warn") == 0 ||
				       strcasecmp(v->s, "error") == 0))
			c->warn = strcasecmp(v->s, "warn") == 0;
		else
			cdiag(p, "run/bad-config", sp, "'severity' must be warn or error%s%s", "", "");
	} else if (strcmp(key, "on_schema_change") == 0) {
		if (!(v->k == JV_STR && strcmp(v->s, "ignore") == 0))
			cdiag(p, "run/unsupported-config", sp,
			      "on_schema_change '%s' is not supported by the native runner (only ignore)%s",
			      v->k == JV_STR ? v->s : "?", "");
	} else if ((strcmp(key, "error_if") == 0 || strcmp(key, "warn_if") == 0) &&
		   !(v->k == JV_STR && strcmp(v->s, "!=0") == 0)) {
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
			   int kind, const char *key, const struct jval *v,
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
		if (v->k != JV_NONE)
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
		struct jval v;
		floe_runtime__run_val_from_node(p->a, &v, map->items[i]);
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
		struct jval jv;
		floe_runtime__run_val_from_node(p->a, &jv, v);
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

/* ---- generate_schema_name ---- */

/* var(): --vars, then dbt_project.yml's vars for this project, then global ones. */
bool floe_runtime__run_var_hook(void *ud, const char *name, struct jval *out)
{
	floe_runner_project *p = ud;
	const struct jval *scoped = NULL;
	for (size_t k = 0; p->project_vars.k == JV_DICT && k < p->project_vars.len; k++)
		if (strcmp(p->project_vars.keys[k], p->name) == 0 &&
		    p->project_vars.items[k].k == JV_DICT)
			scoped = &p->project_vars.items[k];
	const struct jval *dicts[] = { &p->vars, scoped, &p->project_vars };
	for (size_t i = 0; i < FLOE_ARRAY_SIZE(dicts); i++)
		for (size_t k = 0; dicts[i] && dicts[i]->k == JV_DICT &&
				   k < dicts[i]->len; k++)
			if (strcmp(dicts[i]->keys[k], name) == 0) {
				*out = dicts[i]->items[k];
				return true;
			}
	return false;
}

const char *floe_runtime__run_env_hook(void *ud, const char *name)
{
	floe_runner_project *p = ud;
	if (floe_secret_env_blocked(name))
		return NULL;  /* env_var() refuses it first; never read anyway */
	return p->env ? p->env(p->env_ud, name) : getenv(name);
}

static const char *macro_schema(floe_runner_project *p, struct rnode *n,
				floe_arena *tmp)
{
	struct jhooks h = { p, NULL, NULL, floe_runtime__run_var_hook, floe_runtime__run_env_hook, NULL };
	floe_buf out = FLOE_BUF_INIT;
	struct jval args[2] = { { .k = JV_NONE }, { .k = JV_DICT } };
	struct jrender r = { .t = p->gsn_tpl, .h = &h, .a = tmp, .d = p->d,
			     .out = &out, .target = &p->target };
	const char *res = NULL;

	if (n->cfg.schema) {
		args[0].k = JV_STR;
		args[0].s = n->cfg.schema;
		args[0].len = strlen(n->cfg.schema);
	}
	const char *keys[] = { "name", "resource_type", "unique_id" };
	const char *vals[] = { n->name, n->kind == RK_SEED ? "seed" : "model",
			       n->unique_id };
	struct jval items[3];
	for (size_t i = 0; i < 3; i++)
		items[i] = (struct jval){ .k = JV_STR, .s = vals[i],
					  .len = strlen(vals[i]) };
	args[1].keys = keys;
	args[1].items = items;
	args[1].len = 3;
	if (floe_runtime__run_render_macro(&r, p->gsn, args, 2) == 0) {
		if (out.len == 0)
			floe_diag_add(p->d, FLOE_SEV_ERROR, "run/render", NULL, NULL,
				      "generate_schema_name gave an empty schema for '%s'",
				      n->name);
		else
			res = floe_arena_strndup(p->a, out.ptr, out.len);
	}
	floe_buf_release(&out);
	if (!res)
		p->gsn = NULL; /* reported once; dbt's default from here on */
	return res;
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

void floe_runtime__run_config_place(floe_runner_project *p, struct rnode *n)
{
	const char *schema = NULL;
	if (p->gsn) {
		floe_arena *tmp = p->scratch;
		schema = macro_schema(p, n, tmp);
		}
	if (!schema && n->cfg.schema)
		schema = floe_arena_printf(p->a, "%s_%s", p->schema,
					   trimmed(p->a, n->cfg.schema));
	if (!schema)
		schema = p->schema;
	floe_runtime__run_rel_set(p->a, &n->rel, n->cfg.database ? n->cfg.database
			 : p->database, schema, n->cfg.alias ? n->cfg.alias : n->name);
}

/* ---- macros ---- */

void floe_runtime__run_macros_add(floe_runner_project *p, const struct jtpl *t)
{
	for (const struct jstmt *s = t->body; s; s = s->next) {
		if (s->kind != JS_MACRO)
			continue;
		const char **names = floe_arena_alloc(p->a,
			(p->nmacro_names + 2) * sizeof(char *));
		if (p->nmacro_names)
			memcpy(names, p->macro_names, p->nmacro_names * sizeof(char *));
		names[p->nmacro_names++] = s->name;
		p->macro_names = names;
		floe_span sp;
		floe_runtime__run_span(&sp, t->src, s->off, s->off + 2);
		if (strcmp(s->name, "generate_schema_name") != 0) {
			floe_diag *dg = floe_diag_add(p->d, FLOE_SEV_ERROR,
				"run/unsupported-macro", &sp, NULL,
				"macro '%s' is not supported by the native runner",
				s->name);
			floe_diag_hint(p->d, dg, "only generate_schema_name can be "
				       "overridden; run the project with dbt instead "
				       "(floe exec -- dbt build)");
		} else if (p->gsn) {
			floe_diag_add(p->d, FLOE_SEV_ERROR, "run/duplicate-name", &sp,
				      NULL, "macro 'generate_schema_name' is defined twice");
		} else if (floe_runtime__run_jinja_check_macro(p->d, t, s) == 0) {
			p->gsn = s;
			p->gsn_tpl = t;
		}
	}
}
