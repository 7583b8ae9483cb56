/*
 * run_dbt.c: dbt's context on the one Jinja engine (src/jinja).  The
 * project's environment holds dbt's globals as host callbacks and
 * objects (ref, source, config, var, env_var, is_incremental, adapter,
 * api, run_query, statement, load_result, target, flags, graph,
 * dbt_version), the project's macros (package = the project's name),
 * the packages' under dbt_packages/ and floe's own `dbt` package
 * (templates/dbt/NAME.sql).  Each render carries a struct rrender: which
 * node, which phase (config at load with execute false, SQL at load with
 * execute true and no database, run on a live connection).
 */
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include "floe/secrets.h"
#include "duckdb.h"
#include "util/embedded.h"
#include "run_int.h"

void floe_runtime__run_span(floe_span *out, const floe_source *src, uint32_t off,
		   uint32_t end)
{
	size_t n;
	const char *t = floe_source_text(src, &n);
	uint32_t line = 1;
	size_t bol = 0;

	if (off > n)
		off = (uint32_t)n;
	if (end < off)
		end = off;
	if (end > n)
		end = (uint32_t)n;
	for (size_t i = 0; i < off; i++)
		if (t[i] == '\n') {
			line++;
			bol = i + 1;
		}
	out->src = src;
	out->line = out->end_line = line;
	out->col = 1 + (uint32_t)floe_utf8_count(t + bol, off - bol);
	/* the end stays on the first line: carets are drawn on one line */
	size_t stop = off;
	while (stop < end && t[stop] != '\n')
		stop++;
	out->end_col = out->col + (uint32_t)floe_utf8_count(t + off, stop - off);
	if (out->end_col == out->col)
		out->end_col++;
}

/* ---- values ---- */

floe_jval floe_runtime__run_jv_from_node(floe_arena *a, const floe_node *n)
{
	if (!n)
		return floe_jv_none();
	switch (n->kind) {
	case FLOE_NODE_BOOL: return floe_jv_bool(n->v.b);
	case FLOE_NODE_INT:
		return n->flags & FLOE_NODE_BIGINT ? floe_jv_float(n->v.d)
						   : floe_jv_int(n->v.i);
	case FLOE_NODE_FLOAT: return floe_jv_float(n->v.d);
	case FLOE_NODE_STRING: return floe_jv_str(n->text, n->len);
	case FLOE_NODE_SEQ: {
		floe_jval l = floe_jv_list(a);
		for (size_t i = 0; i < n->len; i++)
			floe_jv_list_push(a, l.u.list, floe_runtime__run_jv_from_node(a, n->items[i]));
		return l;
	}
	case FLOE_NODE_MAP: {
		floe_jval d = floe_jv_dict(a);
		for (size_t i = 0; i < n->len; i++)
			floe_jv_dict_set(a, d.u.dict, floe_jv_cstr(n->keys[i]->text),
					 floe_runtime__run_jv_from_node(a, n->items[i]));
		return d;
	}
	default:
		return floe_jv_none();
	}
}

const char *floe_runtime__run_jv_cstr(floe_arena *a, const floe_jval *v)
{
	return v && v->k == FLOE_JV_STR
		? floe_arena_strndup(a, v->u.str.s, v->u.str.len) : NULL;
}

static struct rrender *R(floe_jinja_call *c)
{
	return floe_jinja_rt_user(c->rt);
}

static floe_arena *A(floe_jinja_call *c)
{
	return floe_jinja_rt_arena(c->rt);
}

/* Argument i (or keyword name) as a C string; NULL when absent or not one. */
static const char *arg_str(floe_jinja_call *c, size_t i, const char *name)
{
	return floe_runtime__run_jv_cstr(A(c), floe_jinja_arg(c, i, name));
}

static bool absent(const floe_jval *v)
{
	return !v || v->k == FLOE_JV_NONE || v->k == FLOE_JV_UNDEF;
}

/* ---- relations ---- */

static int rel_render(floe_jinja_call *c, floe_jval *out)
{
	const struct jrel *rel = c->ud;
	*out = floe_jv_cstr(rel->sql);
	return 0;
}

static const floe_jobj_type rel_type;

static floe_jval rel_val(floe_arena *a, const struct jrel *rel)
{
	return floe_jv_obj(a, &rel_type, (void *)rel);
}

static int rel_include(floe_jinja_call *c, floe_jval *out)
{
	const struct jrel *rel = c->ud;
	floe_arena *a = A(c);
	struct jrel *r = floe_arena_alloc(a, sizeof(*r));
	const floe_jval *db = floe_jinja_arg(c, 0, "database");
	const floe_jval *sc = floe_jinja_arg(c, 1, "schema");
	bool keep_db = !db || floe_jv_truthy(db), keep_sc = !sc || floe_jv_truthy(sc);
	floe_runtime__run_rel_set(a, r, keep_db ? rel->database : NULL,
			 keep_sc ? rel->schema : NULL, rel->identifier);
	if (!keep_sc) {
		r->sql = floe_runtime__run_quote(a, rel->identifier);
		r->schema = NULL;
	}
	*out = rel_val(a, r);
	return 0;
}

static int rel_getattr(floe_jinja_rt *rt, void *data, const char *name,
		       floe_jval *out)
{
	const struct jrel *rel = data;
	floe_arena *a = floe_jinja_rt_arena(rt);
	if (strcmp(name, "database") == 0)
		*out = rel->database ? floe_jv_cstr(rel->database) : floe_jv_none();
	else if (strcmp(name, "schema") == 0)
		*out = rel->schema ? floe_jv_cstr(rel->schema) : floe_jv_none();
	else if (strcmp(name, "identifier") == 0 || strcmp(name, "name") == 0 ||
		 strcmp(name, "table") == 0)
		*out = floe_jv_cstr(rel->identifier);
	else if (strcmp(name, "render") == 0)
		*out = floe_jv_func(a, "render", rel_render, data);
	else if (strcmp(name, "include") == 0)
		*out = floe_jv_func(a, "include", rel_include, data);
	else if (strcmp(name, "type") == 0)
		*out = floe_jv_none();
	else if (strcmp(name, "is_table") == 0 || strcmp(name, "is_view") == 0 ||
		 strcmp(name, "is_cte") == 0)
		*out = floe_jv_bool(false);
	else
		return 1;
	return 0;
}

static void rel_str(void *data, floe_buf *out)
{
	floe_buf_puts(out, ((const struct jrel *)data)->sql);
}

static int rel_binop(floe_jinja_rt *rt, const char *op, const floe_jval *a,
		     const floe_jval *b, floe_jval *out)
{
	if (strcmp(op, "==") != 0)
		return 1;
	if (a->k != FLOE_JV_OBJ || b->k != FLOE_JV_OBJ ||
	    a->u.obj->type != b->u.obj->type) {
		*out = floe_jv_bool(false);
		return 0;
	}
	const struct jrel *x = a->u.obj->data, *y = b->u.obj->data;
	*out = floe_jv_bool(strcmp(x->sql, y->sql) == 0);
	return 0;
}

static const floe_jobj_type rel_type = { "Relation", rel_getattr, rel_str,
					 NULL, rel_binop };

/* ref() while configs are collected: nothing is placed yet. */
static const struct jrel placeholder = { NULL, "main", "ref", "\"main\".\"ref\"",
					 "main.ref" };

/* ---- ref() and source() ---- */

static const char *suggest(const floe_runner_project *p, const char *name)
{
	floe_vec names = FLOE_VEC_INIT;
	for (size_t i = 0; i < p->nodes.len; i++) {
		const struct rnode *n = floe_runtime__run_node(p, i);
		if (n->kind != RK_TEST)
			floe_vec_push(&names, (void *)n->name);
	}
	const char *s = floe_str_suggest(name, (const char *const *)names.items,
					 names.len);
	floe_vec_release(&names);
	return s;
}

static struct rnode *find_any(const floe_runner_project *p, const char *name)
{
	for (size_t i = 0; i < p->nodes.len; i++) {
		struct rnode *n = floe_runtime__run_node(p, i);
		if (n->kind != RK_TEST && strcmp(n->name, name) == 0)
			return n;
	}
	return NULL;
}

static bool is_package(const floe_runner_project *p, const char *pkg)
{
	for (size_t i = 0; i < p->npackages; i++)
		if (strcmp(p->packages[i], pkg) == 0)
			return true;
	return false;
}

static int h_ref(floe_jinja_call *c, floe_jval *out)
{
	struct rrender *r = R(c);
	floe_runner_project *p = r->p;
	if (c->npos < 1 || c->npos > 2)
		return floe_jinja_fail(c->rt, "run/unknown-ref",
				       "ref() takes a name, or a package and a name");
	const char *pkg = c->npos == 2 ? arg_str(c, 0, NULL) : NULL;
	const char *name = arg_str(c, c->npos - 1, NULL);
	const floe_jval *ver = floe_jinja_arg(c, 99, "v");
	if (!ver)
		ver = floe_jinja_arg(c, 99, "version");
	if (!name || (c->npos == 2 && !pkg))
		return floe_jinja_fail(c->rt, "run/unknown-ref",
				       "ref() takes strings");
	if (!absent(ver))
		return floe_jinja_fail(c->rt, "run/unknown-ref",
			"ref('%s', v=...): model versions are not supported by the "
			"native runner", name);
	struct rnode *t = NULL;
	if (pkg && strcmp(pkg, p->name) != 0 && !is_package(p, pkg))
		return floe_jinja_fail(c->rt, "run/unknown-ref",
				       "no package named '%s'", pkg);
	if (pkg && strcmp(pkg, p->name) != 0)
		return floe_jinja_fail(c->rt, "run/unknown-ref",
			"ref() into package '%s': models of packages are not built "
			"by the native runner", pkg);
	if (!(t = floe_runtime__run_find(p, name))) {
		if ((t = find_any(p, name)) && !t->cfg.enabled)
			return floe_jinja_fail(c->rt, "run/unknown-ref",
					       "'%s' is disabled", name);
		const char *s = suggest(p, name);
		return floe_jinja_fail(c->rt, "run/unknown-ref",
				       "no model or seed named '%s'%s%s%s", name,
				       s ? "; did you mean '" : "", s ? s : "",
				       s ? "'?" : "");
	}
	if (r->n && r->collect) {
		const floe_source *src = NULL;
		uint32_t off = 0;
		if (!floe_jinja_rt_where(c->rt, &src, &off) || src != r->n->src)
			off = 0;
		floe_runtime__run_add_parent(p, r->n, t->id, off);
	}
	r->last_rel = r->phase == RP_CONFIG ? &placeholder : &t->rel;
	*out = rel_val(A(c), r->last_rel);
	return 0;
}

static void add_source_name(floe_runner_project *p, struct rnode *n,
			    const char *name)
{
	for (size_t i = 0; i < n->nsources; i++)
		if (strcmp(n->sources[i], name) == 0)
			return;
	if (n->nsources == n->capsources) {
		n->capsources = n->capsources ? 2 * n->capsources : 4;
		const char **ns = floe_arena_alloc(p->a, n->capsources * sizeof(*ns));
		if (n->nsources)
			memcpy(ns, n->sources, n->nsources * sizeof(*ns));
		n->sources = ns;
	}
	n->sources[n->nsources++] = floe_arena_strdup(p->a, name);
}

static int h_source(floe_jinja_call *c, floe_jval *out)
{
	struct rrender *r = R(c);
	const char *s = arg_str(c, 0, "source_name"), *t = arg_str(c, 1, "table_name");
	if (!s || !t)
		return floe_jinja_fail(c->rt, "run/unknown-source",
				       "source() takes 2 arguments: a source and a table name");
	const struct rsource *src = floe_runtime__run_source_find(r->p, s, t);
	if (!src)
		return floe_jinja_fail(c->rt, "run/unknown-source",
				       "no source table '%s.%s' in any properties file",
				       s, t);
	if (r->n && r->collect)
		add_source_name(r->p, r->n, floe_arena_printf(A(c), "%s.%s", s, t));
	r->last_rel = &src->rel;
	*out = rel_val(A(c), &src->rel);
	return 0;
}

/* ---- config ---- */

static int config_apply(floe_jinja_call *c, const char *key, const floe_jval *v)
{
	struct rrender *r = R(c);
	if (r->phase != RP_CONFIG || !r->n)
		return 0;
	/* the diagnostic at the call, with the macro chain */
	floe_diags *scratch = floe_diags_new(4), *saved = r->p->d;
	r->p->d = scratch;
	floe_runtime__run_config_apply(r->p, &r->n->cfg, r->n->kind, key, v, NULL);
	r->p->d = saved;
	int rc = 0;
	if (floe_diags_count(scratch)) {
		const floe_diag *dg = floe_diags_at(scratch, 0);
		rc = floe_jinja_fail(c->rt, floe_arena_strdup(A(c), dg->code), "%s", dg->msg);
	}
	floe_diags_free(scratch);
	return rc;
}

static int h_config(floe_jinja_call *c, floe_jval *out)
{
	for (size_t i = 0; i < c->npos; i++) {
		const floe_jval *d = &c->pos[i];
		if (d->k != FLOE_JV_DICT)
			return floe_jinja_fail(c->rt, "run/bad-config",
					       "config() takes keyword arguments or a dict");
		for (size_t k = 0; k < d->u.dict->len; k++) {
			const char *key = floe_runtime__run_jv_cstr(A(c), &d->u.dict->keys[k]);
			if (key && config_apply(c, key, &d->u.dict->vals[k]) < 0)
				return -1;
		}
	}
	for (size_t i = 0; i < c->nkw; i++)
		if (config_apply(c, c->kwn[i], &c->kwv[i]) < 0)
			return -1;
	*out = floe_jv_cstr("");
	return 0;
}

static floe_jval str_list_val(floe_arena *a, const char *const *l, size_t n)
{
	floe_jval v = floe_jv_list(a);
	for (size_t i = 0; i < n; i++)
		floe_jv_list_push(a, v.u.list, floe_jv_cstr(l[i]));
	return v;
}

static floe_jval opt_str(const char *s)
{
	return s ? floe_jv_cstr(s) : floe_jv_none();
}

/* A node's config as dbt's model.config shows it. */
static floe_jval config_dict(floe_arena *a, const struct rnode *n)
{
	const struct rconfig *cf = &n->cfg;
	floe_jval d = floe_jv_dict(a);
	floe_jdict *dd = d.u.dict;
	floe_jv_dict_sets(a, dd, "enabled", floe_jv_bool(cf->enabled));
	floe_jv_dict_sets(a, dd, "materialized", floe_jv_cstr(floe_runtime__run_mat_name(cf->materialized)));
	floe_jv_dict_sets(a, dd, "schema", opt_str(cf->schema));
	floe_jv_dict_sets(a, dd, "database", opt_str(cf->database));
	floe_jv_dict_sets(a, dd, "alias", opt_str(cf->alias));
	floe_jv_dict_sets(a, dd, "tags", str_list_val(a, cf->tags, cf->ntags));
	if (cf->nkeys == 1)
		floe_jv_dict_sets(a, dd, "unique_key", floe_jv_cstr(cf->unique_key[0]));
	else
		floe_jv_dict_sets(a, dd, "unique_key", cf->nkeys
				  ? str_list_val(a, cf->unique_key, cf->nkeys)
				  : floe_jv_none());
	static const char *const strat[] = { NULL, "append", "delete+insert", "merge" };
	floe_jv_dict_sets(a, dd, "incremental_strategy", opt_str(strat[cf->strategy]));
	floe_jv_dict_sets(a, dd, "full_refresh", cf->full_refresh < 0 ? floe_jv_none()
			  : floe_jv_bool(cf->full_refresh));
	if (n->kind == RK_TEST) {
		floe_jv_dict_sets(a, dd, "severity", floe_jv_cstr(cf->warn ? "warn" : "ERROR"));
		floe_jv_dict_sets(a, dd, "where", opt_str(cf->where));
	}
	return d;
}

static int config_get(floe_jinja_call *c, floe_jval *out, bool require)
{
	struct rrender *r = R(c);
	const char *key = arg_str(c, 0, "name");
	const floe_jval *dflt = floe_jinja_arg(c, 1, "default");
	if (!key)
		return floe_jinja_fail(c->rt, "jinja/args", "config.get() takes a name");
	floe_jval d = r->n ? config_dict(A(c), r->n) : floe_jv_dict(A(c));
	const floe_jval *v = floe_jv_dict_get(d.u.dict, key, strlen(key));
	if (v && !absent(v)) {
		*out = *v;
		return 0;
	}
	if (require)
		return floe_jinja_fail(c->rt, "run/bad-config",
				       "config '%s' is required here", key);
	*out = dflt ? *dflt : floe_jv_none();
	return 0;
}

static int h_config_get(floe_jinja_call *c, floe_jval *out)
{
	return config_get(c, out, false);
}

static int h_config_require(floe_jinja_call *c, floe_jval *out)
{
	return config_get(c, out, true);
}

static int config_getattr(floe_jinja_rt *rt, void *data, const char *name,
			  floe_jval *out)
{
	floe_arena *a = floe_jinja_rt_arena(rt);
	if (strcmp(name, "get") == 0)
		*out = floe_jv_func(a, "get", h_config_get, NULL);
	else if (strcmp(name, "require") == 0)
		*out = floe_jv_func(a, "require", h_config_require, NULL);
	else if (strcmp(name, "set") == 0)
		*out = floe_jv_func(a, "set", h_config, NULL);
	else
		return 1;
	return 0;
}

static const floe_jobj_type config_type = { "config", config_getattr, NULL,
					    h_config, NULL };

/* ---- var(), env_var(), is_incremental() ---- */

static int h_var(floe_jinja_call *c, floe_jval *out)
{
	struct rrender *r = R(c);
	const char *name = arg_str(c, 0, "name");
	const floe_jval *dflt = floe_jinja_arg(c, 1, "default");
	if (!name)
		return floe_jinja_fail(c->rt, "run/undefined-var", "var() takes a name");
	if (floe_runtime__run_var_hook(r->p, name, out))
		return 0;
	if (dflt) {
		*out = *dflt;
		return 0;
	}
	return floe_jinja_fail(c->rt, "run/undefined-var",
			       "required var '%s' not found in --vars or dbt_project.yml",
			       name);
}

static int h_env_var(floe_jinja_call *c, floe_jval *out)
{
	struct rrender *r = R(c);
	const char *name = arg_str(c, 0, "var");
	const floe_jval *dflt = floe_jinja_arg(c, 1, "default");
	if (!name)
		return floe_jinja_fail(c->rt, "run/undefined-env", "env_var() takes a name");
	if (floe_secret_env_blocked(name))  /* a default does not help */
		return floe_jinja_fail(c->rt, "run/env-var-blocked",
			"env_var('%s') is refused: it holds floe's own key, which no "
			"model reads (docs/secrets.md)", name);
	const char *v = floe_runtime__run_env_hook(r->p, name);
	if (v) {
		*out = floe_jv_strdup(A(c), v, strlen(v));
		return 0;
	}
	if (dflt) {
		*out = *dflt;
		return 0;
	}
	return floe_jinja_fail(c->rt, "run/undefined-env",
			       "environment variable '%s' is required but not set",
			       name);
}

static int h_is_incremental(floe_jinja_call *c, floe_jval *out)
{
	struct rrender *r = R(c);
	*out = floe_jv_bool(r->incremental && r->phase != RP_CONFIG);
	return 0;
}

/* ---- the database: run_query, statement, load_result ---- */

/* An agate-like table: columns (each with .name and .values()), rows. */
struct rtable {
	floe_jval names;   /* list of str */
	floe_jval rows;    /* list of lists */
	size_t ncols;
};

struct rcol {
	const struct rtable *t;
	size_t i;
};

static int col_values(floe_jinja_call *c, floe_jval *out)
{
	const struct rcol *col = c->ud;
	floe_arena *a = A(c);
	*out = floe_jv_list(a);
	out->tuple = 1;
	const floe_jlist *rows = col->t->rows.u.list;
	for (size_t r = 0; r < rows->len; r++)
		floe_jv_list_push(a, out->u.list, rows->items[r].u.list->items[col->i]);
	return 0;
}

static int col_getattr(floe_jinja_rt *rt, void *data, const char *name,
		       floe_jval *out)
{
	const struct rcol *col = data;
	if (strcmp(name, "name") == 0)
		*out = col->t->names.u.list->items[col->i];
	else if (strcmp(name, "values") == 0)
		*out = floe_jv_func(floe_jinja_rt_arena(rt), "values", col_values, data);
	else
		return 1;
	return 0;
}

static const floe_jobj_type col_type = { "Column", col_getattr, NULL, NULL, NULL };

static int table_getattr(floe_jinja_rt *rt, void *data, const char *name,
			 floe_jval *out)
{
	const struct rtable *t = data;
	floe_arena *a = floe_jinja_rt_arena(rt);
	if (strcmp(name, "rows") == 0) {
		*out = t->rows;
	} else if (strcmp(name, "column_names") == 0) {
		*out = t->names;
	} else if (strcmp(name, "columns") == 0) {
		*out = floe_jv_list(a);
		for (size_t i = 0; i < t->ncols; i++) {
			struct rcol *col = floe_arena_alloc(a, sizeof(*col));
			col->t = t;
			col->i = i;
			floe_jv_list_push(a, out->u.list, floe_jv_obj(a, &col_type, col));
		}
	} else {
		return 1;
	}
	return 0;
}

static const floe_jobj_type table_type = { "Table", table_getattr, NULL, NULL,
					   NULL };

/* Text from DuckDB as a number when it reads as one (agate's inference). */
static floe_jval cell(floe_arena *a, const char *s, size_t n)
{
	char *end = NULL;
	if (n && n < 32) {
		long long i = strtoll(s, &end, 10);
		if (end == s + n)
			return floe_jv_int(i);
		double d = strtod(s, &end);
		if (end == s + n && (s[0] == '-' || (s[0] >= '0' && s[0] <= '9')))
			return floe_jv_float(d);
	}
	return floe_jv_strdup(a, s, n);
}

/*
 * Run sql on the render's connection: the table, or None while dbt would
 * be parsing.  Without a database (load, --dry-run) the render is marked
 * as needing one and stops (the caller renders it as at load).
 */
static int query(floe_jinja_call *c, const char *sql, floe_jval *out)
{
	struct rrender *r = R(c);
	*out = floe_jv_none();
	if (r->phase == RP_CONFIG || r->no_execute)
		return 0;
	if (!r->conn) {
		r->needs_db = true;
		return floe_jinja_fail(c->rt, "run/needs-database",
				       "this render needs the database");
	}
	floe_duckdb_result *res = NULL;
	floe_buf err = FLOE_BUF_INIT;
	if (floe_runtime__duckdb_query(&res, &err, r->conn, sql) < 0) {
		int rc = floe_jinja_fail(c->rt, "run/query", "run_query failed: %s",
					 err.ptr ? err.ptr : "?");
		floe_buf_release(&err);
		return rc;
	}
	floe_buf_release(&err);
	floe_arena *a = A(c);
	struct rtable *t = floe_arena_alloc(a, sizeof(*t));
	t->ncols = res ? floe_runtime__duckdb_result_cols(res) : 0;
	t->names = floe_jv_list(a);
	t->rows = floe_jv_list(a);
	for (size_t i = 0; i < t->ncols; i++) {
		const char *nm = floe_runtime__duckdb_result_name(res, i);
		floe_jv_list_push(a, t->names.u.list, floe_jv_strdup(a, nm, strlen(nm)));
	}
	uint64_t nrows = res ? floe_runtime__duckdb_result_rows(res) : 0;
	floe_buf v = FLOE_BUF_INIT;
	for (uint64_t row = 0; row < nrows; row++) {
		floe_jval l = floe_jv_list(a);
		for (size_t i = 0; i < t->ncols; i++) {
			floe_buf_clear(&v);
			floe_jv_list_push(a, l.u.list,
				floe_runtime__duckdb_result_value(&v, res, i, row)
					? cell(a, v.ptr ? v.ptr : "", v.len)
					: floe_jv_none());
		}
		l.tuple = 1;
		floe_jv_list_push(a, t->rows.u.list, l);
	}
	floe_buf_release(&v);
	floe_runtime__duckdb_result_free(res);
	*out = floe_jv_obj(a, &table_type, t);
	return 0;
}

static int h_run_query(floe_jinja_call *c, floe_jval *out)
{
	const char *sql = NULL;
	const floe_jval *s = floe_jinja_arg(c, 0, "sql");
	if (s) {
		floe_buf b = FLOE_BUF_INIT;
		floe_jv_str_put(&b, s);
		sql = floe_arena_strndup(A(c), b.ptr ? b.ptr : "", b.len);
		floe_buf_release(&b);
	}
	if (!sql)
		return floe_jinja_fail(c->rt, "jinja/args", "run_query() takes SQL");
	return query(c, sql, out);
}

/* {% call statement('name', fetch_result=True) %}sql{% endcall %} */
static int h_statement(floe_jinja_call *c, floe_jval *out)
{
	struct rrender *r = R(c);
	const char *name = arg_str(c, 0, "name");
	const floe_jval *caller = floe_jinja_arg(c, 99, "caller");
	const floe_jval *fetch = floe_jinja_arg(c, 1, "fetch_result");
	floe_jval body = floe_jv_cstr(""), res = floe_jv_none();
	*out = floe_jv_cstr("");
	if (caller && floe_jinja_call_value(c->rt, caller, NULL, 0, &body) < 0)
		return -1;
	if (r->phase == RP_CONFIG)
		return 0;
	floe_buf b = FLOE_BUF_INIT;
	floe_jv_str_put(&b, &body);
	const char *sql = floe_arena_strndup(A(c), b.ptr ? b.ptr : "", b.len);
	floe_buf_release(&b);
	if (query(c, sql, &res) < 0)
		return -1;
	if (name) {
		floe_arena *a = A(c);
		floe_jval d = floe_jv_dict(a);
		floe_jval data = floe_jv_list(a);
		if (res.k == FLOE_JV_OBJ)
			data = ((struct rtable *)res.u.obj->data)->rows;
		floe_jv_dict_sets(a, d.u.dict, "table", fetch && floe_jv_truthy(fetch)
				  ? res : floe_jv_none());
		floe_jv_dict_sets(a, d.u.dict, "data", data);
		floe_jv_dict_sets(a, d.u.dict, "response", floe_jv_cstr("OK"));
		floe_jval *slot = floe_arena_alloc(a, 2 * sizeof(*slot));
		slot[0] = floe_jv_strdup(a, name, strlen(name));
		slot[1] = d;
		floe_vec_push(&r->results, slot);
	}
	return 0;
}

static int h_load_result(floe_jinja_call *c, floe_jval *out)
{
	struct rrender *r = R(c);
	const char *name = arg_str(c, 0, "name");
	*out = floe_jv_none();
	for (size_t i = r->results.len; name && i-- > 0;) {
		floe_jval *slot = r->results.items[i];
		if (slot[0].u.str.len == strlen(name) &&
		    memcmp(slot[0].u.str.s, name, slot[0].u.str.len) == 0) {
			*out = slot[1];
			break;
		}
	}
	return 0;
}

/* ---- adapter and api ---- */

static int h_quote(floe_jinja_call *c, floe_jval *out)
{
	const char *s = arg_str(c, 0, "identifier");
	if (!s)
		return floe_jinja_fail(c->rt, "jinja/args", "quote() takes a string");
	*out = floe_jv_cstr(floe_runtime__run_quote(A(c), s));
	return 0;
}

static int h_type(floe_jinja_call *c, floe_jval *out)
{
	*out = floe_jv_cstr("duckdb");
	return 0;
}

static const char *const prefixes[] = { "duckdb", "default" };

/* The packages to search for macro_namespace ns (NULL: the search order). */
static size_t search_packages(const floe_runner_project *p, const char *ns,
			      const char **out, size_t max)
{
	if (!ns) {
		out[0] = NULL;
		return 1;
	}
	for (size_t i = 0; i < p->ndispatch; i++)
		if (strcmp(p->dispatch_ns[i], ns) == 0) {
			size_t n = p->dispatch_n[i] < max ? p->dispatch_n[i] : max;
			for (size_t k = 0; k < n; k++)
				out[k] = p->dispatch_order[i][k];
			return n;
		}
	out[0] = p->name;
	out[1] = ns;
	return 2;
}

static int h_dispatch(floe_jinja_call *c, floe_jval *out)
{
	struct rrender *r = R(c);
	const char *name = arg_str(c, 0, "macro_name");
	const char *ns = arg_str(c, 1, "macro_namespace");
	if (!name)
		return floe_jinja_fail(c->rt, "jinja/args",
				       "adapter.dispatch() takes a macro name");
	const char *pk[16];
	size_t n = search_packages(r->p, ns, pk, 16);
	floe_buf tried = FLOE_BUF_INIT;
	for (size_t i = 0; i < n; i++)
		for (size_t k = 0; k < FLOE_ARRAY_SIZE(prefixes); k++) {
			const char *m = floe_arena_printf(A(c), "%s__%s", prefixes[k], name);
			if (floe_jinja_env_find_macro(r->p->jenv, pk[i], m, out)) {
				floe_buf_release(&tried);
				return 0;
			}
			floe_buf_printf(&tried, "%s%s%s%s", tried.len ? "', '" : "",
					pk[i] ? pk[i] : "", pk[i] ? "." : "", m);
		}
	int rc = floe_jinja_fail(c->rt, "run/unknown-macro",
		"in dispatch: no macro named '%s' found within namespace '%s' "
		"(searched for '%s')", name, ns ? ns : "None", tried.ptr);
	floe_buf_release(&tried);
	return rc;
}

static int h_get_relation(floe_jinja_call *c, floe_jval *out)
{
	struct rrender *r = R(c);
	const char *db = arg_str(c, 0, "database"), *sc = arg_str(c, 1, "schema"),
		   *id = arg_str(c, 2, "identifier");
	*out = floe_jv_none();
	if (!id || r->phase == RP_CONFIG)
		return 0;
	floe_arena *a = A(c);
	const char *sql = floe_arena_printf(a,
		"select count(*) from information_schema.tables where "
		"table_name = '%s'%s%s%s%s%s%s",
		id, sc ? " and table_schema = '" : "", sc ? sc : "", sc ? "'" : "",
		db ? " and table_catalog = '" : "", db ? db : "", db ? "'" : "");
	if (strchr(id, '\'') || (sc && strchr(sc, '\'')) || (db && strchr(db, '\'')))
		return 0;
	floe_jval t;
	if (query(c, sql, &t) < 0)
		return -1;
	const struct rtable *tt = t.k == FLOE_JV_OBJ ? t.u.obj->data : NULL;
	if (tt && tt->rows.u.list->len &&
	    floe_jv_truthy(&tt->rows.u.list->items[0].u.list->items[0])) {
		struct jrel *rel = floe_arena_alloc(a, sizeof(*rel));
		floe_runtime__run_rel_set(a, rel, db, sc ? sc : "main", id);
		*out = rel_val(a, rel);
	}
	return 0;
}

/* api.Column: name, data_type (dtype), quoted */
struct rcolumn {
	const char *name, *type;
};

static int column_getattr(floe_jinja_rt *rt, void *data, const char *name,
			  floe_jval *out)
{
	const struct rcolumn *col = data;
	floe_arena *a = floe_jinja_rt_arena(rt);
	if (strcmp(name, "name") == 0 || strcmp(name, "column") == 0)
		*out = floe_jv_cstr(col->name);
	else if (strcmp(name, "quoted") == 0)
		*out = floe_jv_cstr(floe_runtime__run_quote(a, col->name));
	else if (strcmp(name, "data_type") == 0 || strcmp(name, "dtype") == 0)
		*out = floe_jv_cstr(col->type);
	else
		return 1;
	return 0;
}

static void column_str(void *data, floe_buf *out)
{
	const struct rcolumn *col = data;
	floe_buf_printf(out, "<Column %s (%s)>", col->name, col->type);
}

static const floe_jobj_type column_type = { "Column", column_getattr,
					    column_str, NULL, NULL };

static floe_jval column_val(floe_arena *a, const char *name, const char *type)
{
	struct rcolumn *col = floe_arena_alloc(a, sizeof(*col));
	col->name = floe_arena_strdup(a, name);
	col->type = floe_arena_strdup(a, type ? type : "");
	return floe_jv_obj(a, &column_type, col);
}

static int h_column_create(floe_jinja_call *c, floe_jval *out)
{
	const char *name = arg_str(c, 0, "column"), *type = arg_str(c, 1, "dtype");
	if (!name)
		name = arg_str(c, 99, "name");
	if (!type)
		type = arg_str(c, 99, "data_type");
	if (!name)
		return floe_jinja_fail(c->rt, "jinja/args", "Column() takes a name");
	*out = column_val(A(c), name, type);
	return 0;
}

static int h_get_columns(floe_jinja_call *c, floe_jval *out)
{
	struct rrender *r = R(c);
	const floe_jval *relv = floe_jinja_arg(c, 0, "relation");
	floe_arena *a = A(c);
	*out = floe_jv_list(a);
	if (r->phase == RP_CONFIG)
		return 0;
	if (!relv || relv->k != FLOE_JV_OBJ || relv->u.obj->type != &rel_type)
		return floe_jinja_fail(c->rt, "jinja/args",
				       "get_columns_in_relation() takes a relation");
	const struct jrel *rel = relv->u.obj->data;
	floe_jval t;
	if (query(c, floe_arena_printf(a, "describe %s", rel->sql), &t) < 0)
		return -1;
	if (t.k != FLOE_JV_OBJ)   /* execute false: no columns, as dbt parses */
		return 0;
	const struct rtable *tt = t.u.obj->data;
	for (size_t i = 0; i < tt->rows.u.list->len; i++) {
		const floe_jlist *row = tt->rows.u.list->items[i].u.list;
		const char *nm = floe_runtime__run_jv_cstr(a, &row->items[0]);
		const char *ty = row->len > 1 ? floe_runtime__run_jv_cstr(a, &row->items[1]) : "";
		if (nm)
			floe_jv_list_push(a, out->u.list, column_val(a, nm, ty ? ty : ""));
	}
	return 0;
}

static int h_relation_create(floe_jinja_call *c, floe_jval *out)
{
	floe_arena *a = A(c);
	const char *db = arg_str(c, 0, "database"), *sc = arg_str(c, 1, "schema"),
		   *id = arg_str(c, 2, "identifier");
	struct jrel *rel = floe_arena_alloc(a, sizeof(*rel));
	if (!id)
		return floe_jinja_fail(c->rt, "jinja/args",
				       "Relation.create() needs an identifier");
	floe_runtime__run_rel_set(a, rel, db, sc ? sc : "main", id);
	if (!sc) {
		rel->schema = NULL;
		rel->sql = db ? floe_arena_printf(a, "%s.%s", floe_runtime__run_quote(a, db),
						  floe_runtime__run_quote(a, id))
			      : floe_runtime__run_quote(a, id);
	}
	*out = rel_val(a, rel);
	return 0;
}

static int adapter_getattr(floe_jinja_rt *rt, void *data, const char *name,
			   floe_jval *out)
{
	floe_arena *a = floe_jinja_rt_arena(rt);
	static const struct { const char *n; floe_jinja_fn fn; } m[] = {
		{ "dispatch", h_dispatch }, { "quote", h_quote },
		{ "get_relation", h_get_relation },
		{ "get_columns_in_relation", h_get_columns },
		{ "type", h_type },
	};
	for (size_t i = 0; i < FLOE_ARRAY_SIZE(m); i++)
		if (strcmp(name, m[i].n) == 0) {
			*out = floe_jv_func(a, m[i].n, m[i].fn, NULL);
			return 0;
		}
	return 1;
}

static const floe_jobj_type adapter_type = { "adapter", adapter_getattr, NULL,
					     NULL, NULL };

/* ---- log ---- */

static void log_hook(void *ud, bool warn, const char *msg)
{
	floe_runner_project *p = ud;
	if (warn && p->d)
		floe_diag_add(p->d, FLOE_SEV_WARNING, "run/jinja-warn", NULL, NULL,
			      "%s", msg);
}

/* ---- the environment ---- */

static floe_jval dict_of(floe_arena *a)
{
	return floe_jv_dict(a);
}

void floe_runtime__run_dbt_env(floe_runner_project *p)
{
	floe_jinja_env *env = p->jenv = floe_jinja_env_new(FLOE_JINJA_DBT);
	floe_arena *a = floe_jinja_env_arena(env);
	const char *search[] = { p->name, "dbt" };
	const char **s = floe_arena_alloc(a, sizeof(search));
	memcpy(s, search, sizeof(search));
	floe_jinja_env_search(env, s, 2);
	floe_jinja_env_log(env, log_hook, p);
	floe_jinja_env_func(env, "ref", h_ref, NULL);
	floe_jinja_env_func(env, "source", h_source, NULL);
	floe_jinja_env_func(env, "var", h_var, NULL);
	floe_jinja_env_func(env, "env_var", h_env_var, NULL);
	floe_jinja_env_func(env, "is_incremental", h_is_incremental, NULL);
	floe_jinja_env_func(env, "run_query", h_run_query, NULL);
	floe_jinja_env_func(env, "statement", h_statement, NULL);
	floe_jinja_env_func(env, "load_result", h_load_result, NULL);
	floe_jinja_env_global(env, "config", floe_jv_obj(a, &config_type, NULL));
	floe_jinja_env_global(env, "adapter", floe_jv_obj(a, &adapter_type, NULL));
	floe_jval api = dict_of(a), rel = dict_of(a);
	floe_jv_dict_sets(a, rel.u.dict, "create",
			  floe_jv_func(a, "create", h_relation_create, NULL));
	floe_jv_dict_sets(a, api.u.dict, "Relation", rel);
	floe_jv_dict_sets(a, api.u.dict, "Column",
			  floe_jv_func(a, "Column", h_column_create, NULL));
	floe_jinja_env_global(env, "api", api);
	floe_jinja_env_global(env, "target", p->target);
	floe_jinja_env_global(env, "dbt_version", floe_jv_cstr(FLOE_RUN_DBT_VERSION));
	floe_jval flags = dict_of(a);
	floe_jv_dict_sets(a, flags.u.dict, "FULL_REFRESH", floe_jv_bool(p->full_refresh));
	floe_jv_dict_sets(a, flags.u.dict, "STORE_FAILURES", floe_jv_bool(false));
	floe_jv_dict_sets(a, flags.u.dict, "WHICH", floe_jv_cstr("run"));
	floe_jv_dict_sets(a, flags.u.dict, "WARN_ERROR", floe_jv_bool(false));
	floe_jinja_env_global(env, "flags", flags);
	floe_jval proj = dict_of(a);
	floe_jv_dict_sets(a, proj.u.dict, "project_name", floe_jv_cstr(p->name));
	floe_jinja_env_global(env, "project_name", floe_jv_cstr(p->name));
	/* floe's own dbt package: templates/dbt/NAME.sql */
	static const char *const files[] = { "templates/dbt/naming.sql",
		"templates/dbt/types.sql", "templates/dbt/cross_db.sql" };
	for (size_t i = 0; i < FLOE_ARRAY_SIZE(files); i++) {
		size_t len = 0;
		const char *text = floe_embedded_get(files[i], &len);
		if (!text)
			continue;
		floe_source *src = floe_source_new(floe_arena_printf(a, "<floe>/%s", files[i] + 10),
						   floe_xstrdup(text), len);
		floe_runtime__run_dbt_macros(p, src, "dbt");
		floe_source_unref(src);
	}
}

floe_jinja_tpl *floe_runtime__run_dbt_parse(floe_runner_project *p, floe_source *src)
{
	floe_jinja_tpl *t = NULL;
	if (floe_jinja_parse(&t, p->jenv, p->d, src) < 0)
		return NULL;
	floe_source_ref(src);
	floe_vec_push(&p->tpls, t);
	floe_vec_push(&p->srcs, src);
	return t;
}

static bool macro_is(const char *name, const char *want)
{
	return strcmp(name, want) == 0;
}

void floe_runtime__run_dbt_macros(floe_runner_project *p, floe_source *src,
			 const char *pkg)
{
	floe_jinja_tpl *t = floe_runtime__run_dbt_parse(p, src);
	if (!t)
		return;
	floe_jinja_env_add_macros(p->jenv, t, pkg ? pkg : p->name);
	if (pkg)
		return;
	floe_jval m;
	p->gsn |= floe_jinja_env_find_macro(p->jenv, p->name, "generate_schema_name", &m);
	p->gan |= floe_jinja_env_find_macro(p->jenv, p->name, "generate_alias_name", &m);
	p->gdn |= floe_jinja_env_find_macro(p->jenv, p->name, "generate_database_name", &m);
	(void)macro_is;
}

/* graph: nodes keyed by unique_id, and sources. */
void floe_runtime__run_dbt_graph(floe_runner_project *p)
{
	floe_arena *a = floe_jinja_env_arena(p->jenv);
	floe_jval g = floe_jv_dict(a), nodes = floe_jv_dict(a), srcs = floe_jv_dict(a);
	for (size_t i = 0; i < p->nodes.len; i++) {
		const struct rnode *n = floe_runtime__run_node(p, i);
		floe_jval d = floe_jv_dict(a);
		static const char *const kinds[] = { "seed", "model", "test" };
		floe_jv_dict_sets(a, d.u.dict, "name", floe_jv_cstr(n->name));
		floe_jv_dict_sets(a, d.u.dict, "unique_id", floe_jv_cstr(n->unique_id));
		floe_jv_dict_sets(a, d.u.dict, "resource_type", floe_jv_cstr(kinds[n->kind]));
		floe_jv_dict_sets(a, d.u.dict, "package_name", floe_jv_cstr(p->name));
		floe_jv_dict_sets(a, d.u.dict, "path", floe_jv_cstr(n->path ? n->path : ""));
		floe_jv_dict_sets(a, d.u.dict, "original_file_path",
				  floe_jv_cstr(n->path ? n->path : ""));
		floe_jv_dict_sets(a, d.u.dict, "config", config_dict(a, n));
		floe_jv_dict_sets(a, d.u.dict, "fqn", str_list_val(a, n->fqn, n->nfqn));
		if (n->kind != RK_TEST) {
			floe_jv_dict_sets(a, d.u.dict, "schema", opt_str(n->rel.schema));
			floe_jv_dict_sets(a, d.u.dict, "database", opt_str(n->rel.database));
			floe_jv_dict_sets(a, d.u.dict, "alias", opt_str(n->rel.identifier));
		}
		floe_jv_dict_sets(a, nodes.u.dict, n->unique_id, d);
	}
	for (size_t i = 0; i < p->nsources; i++) {
		const struct rsource *s = &p->sources[i];
		floe_jval d = floe_jv_dict(a);
		const char *uid = floe_arena_printf(a, "source.%s.%s.%s", p->name,
						    s->source, s->table);
		floe_jv_dict_sets(a, d.u.dict, "name", floe_jv_cstr(s->table));
		floe_jv_dict_sets(a, d.u.dict, "source_name", floe_jv_cstr(s->source));
		floe_jv_dict_sets(a, d.u.dict, "unique_id", floe_jv_cstr(uid));
		floe_jv_dict_sets(a, d.u.dict, "resource_type", floe_jv_cstr("source"));
		floe_jv_dict_sets(a, d.u.dict, "schema", opt_str(s->rel.schema));
		floe_jv_dict_sets(a, d.u.dict, "database", opt_str(s->rel.database));
		floe_jv_dict_sets(a, d.u.dict, "identifier", floe_jv_cstr(s->rel.identifier));
		floe_jv_dict_sets(a, srcs.u.dict, uid, d);
	}
	floe_jv_dict_sets(a, g.u.dict, "nodes", nodes);
	floe_jv_dict_sets(a, g.u.dict, "sources", srcs);
	floe_jv_dict_sets(a, g.u.dict, "exposures", floe_jv_dict(a));
	floe_jv_dict_sets(a, g.u.dict, "metrics", floe_jv_dict(a));
	floe_jinja_env_global(p->jenv, "graph", g);
}

/* ---- renders ---- */

static floe_jval model_dict(floe_arena *a, const floe_runner_project *p,
			    const struct rnode *n)
{
	static const char *const kinds[] = { "seed", "model", "test" };
	floe_jval d = floe_jv_dict(a);
	floe_jv_dict_sets(a, d.u.dict, "name", floe_jv_cstr(n->name));
	floe_jv_dict_sets(a, d.u.dict, "unique_id", floe_jv_cstr(n->unique_id));
	floe_jv_dict_sets(a, d.u.dict, "resource_type", floe_jv_cstr(kinds[n->kind]));
	floe_jv_dict_sets(a, d.u.dict, "package_name", floe_jv_cstr(p->name));
	floe_jv_dict_sets(a, d.u.dict, "path", floe_jv_cstr(n->path ? n->path : ""));
	floe_jv_dict_sets(a, d.u.dict, "original_file_path",
			  floe_jv_cstr(n->path ? n->path : ""));
	floe_jv_dict_sets(a, d.u.dict, "fqn", str_list_val(a, n->fqn, n->nfqn));
	floe_jv_dict_sets(a, d.u.dict, "config", config_dict(a, n));
	floe_jv_dict_sets(a, d.u.dict, "alias", opt_str(n->rel.identifier));
	floe_jv_dict_sets(a, d.u.dict, "schema", opt_str(n->rel.schema));
	floe_jv_dict_sets(a, d.u.dict, "database", opt_str(n->rel.database));
	return d;
}

/* A render of r, its context in `a` (freed by the caller after the rt). */
static floe_jinja_rt *rt_new(struct rrender *r, floe_arena *a)
{
	floe_runner_project *p = r->p;
	floe_jval ctx = floe_jv_dict(a);
	floe_jv_dict_sets(a, ctx.u.dict, "execute",
			  floe_jv_bool(r->phase != RP_CONFIG && !r->no_execute));
	if (r->n) {
		const struct jrel *self = r->phase == RP_CONFIG ? &placeholder
								: &r->n->rel;
		if (r->n->kind != RK_TEST)
			floe_jv_dict_sets(a, ctx.u.dict, "this", rel_val(a, self));
		floe_jv_dict_sets(a, ctx.u.dict, "model", model_dict(a, p, r->n));
	}
	for (size_t i = 0; r->extra && i < r->extra->len; i++)
		floe_jv_dict_set(a, ctx.u.dict, r->extra->keys[i], r->extra->vals[i]);
	if (r->test_rel)
		floe_jv_dict_sets(a, ctx.u.dict, "__floe_test_model", rel_val(a, r->test_rel));
	floe_jinja_rt *rt = floe_jinja_rt_new(p->jenv, r->d, ctx.u.dict);
	floe_jinja_rt_set_user(rt, r);
	return rt;
}

int floe_runtime__run_dbt_render(struct rrender *r, const floe_jinja_tpl *t,
			floe_buf *out)
{
	floe_arena *a = floe_arena_new();
	floe_jinja_rt *rt = rt_new(r, a);
	int rc = floe_jinja_render(rt, t, -1, out);
	floe_jinja_rt_free(rt);
	floe_arena_free(a);
	floe_vec_release(&r->results);
	return rc < 0 ? FLOE_EINVALID : 0;
}

int floe_runtime__run_dbt_call(struct rrender *r, const char *pkg, const char *name,
		      const floe_jval *args, size_t nargs, floe_buf *out)
{
	floe_jval m, v;
	if (!floe_jinja_env_find_macro(r->p->jenv, pkg, name, &m))
		return FLOE_ENOTFOUND;
	floe_arena *a = floe_arena_new();
	floe_jinja_rt *rt = rt_new(r, a);
	int rc = floe_jinja_call_value(rt, &m, args, nargs, &v);
	if (rc == 0)
		floe_jv_str_put(out, &v);
	floe_jinja_rt_free(rt);
	floe_arena_free(a);
	floe_vec_release(&r->results);
	return rc < 0 ? FLOE_EINVALID : 0;
}
