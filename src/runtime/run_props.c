/*
 * run_props.c: properties files (schema.yml): `models:` and `seeds:`
 * entries (their config: and the data tests on their columns), `sources:`
 * (relations the project reads but does not build), and the four generic
 * tests dbt ships (not_null, unique, accepted_values, relationships)
 * under `tests:` or `data_tests:`, named as dbt names them.  The failing-
 * row queries are written once every relation is placed.
 */
#include <string.h>
#include <stdlib.h>
#include "run_int.h"

static const char *const test_kinds[] = {
	"not_null", "unique", "accepted_values", "relationships",
};

/* Configs a test may carry next to its arguments (dbt's legacy form). */
static const char *const test_configs[] = {
	"severity", "where", "enabled", "tags", "error_if", "warn_if",
	"store_failures", "store_failures_as", "limit", "fail_calc", "meta",
	"alias", "schema", "database", "description",
};

struct owner {
	struct rnode *node;         /* a model or seed, or NULL */
	const struct rsource *src;  /* or a source table */
	const char *dirs;           /* the yml's folders, for the fqn */
};

__attribute__((format(printf, 5, 6)))
static void pdiag(floe_runner_project *p, floe_severity sev, const char *code,
		  const floe_node *at, const char *fmt, ...)
{
	va_list ap;
	va_start(ap, fmt);
	floe_diag_vadd(p->d, sev, code, at ? &at->span : NULL, NULL, fmt, ap);
	va_end(ap);
}

static bool one_of(const char *const *l, size_t n, const char *s)
{
	for (size_t i = 0; i < n; i++)
		if (strcmp(l[i], s) == 0)
			return true;
	return false;
}

static const char *str(const floe_node *n)
{
	const char *s = NULL;
	if (n)
		floe_node_as_string(n, &s);
	return s;
}

/* dbt's test name: each run of characters outside [A-Za-z0-9_] becomes '_'. */
static void put_clean(floe_buf *b, const char *s)
{
	bool run = false;
	for (; *s; s++) {
		bool ok = (*s >= 'a' && *s <= 'z') || (*s >= 'A' && *s <= 'Z') ||
			  (*s >= '0' && *s <= '9') || *s == '_';
		if (ok)
			floe_buf_putc(b, *s);
		else if (!run)
			floe_buf_putc(b, '_');
		run = !ok;
	}
}

static void put_arg(floe_buf *b, const floe_node *v)
{
	if (v->kind == FLOE_NODE_SEQ) {
		for (size_t i = 0; i < v->len; i++)
			put_arg(b, v->items[i]);
	} else if (v->text) {
		floe_buf_puts(b, "__");
		put_clean(b, v->kind == FLOE_NODE_BOOL ? (v->v.b ? "True" : "False")
						       : v->text);
	}
}

static int by_key(const void *a, const void *b)
{
	return strcmp(*(const char *const *)a, *(const char *const *)b);
}

static const char *test_name(floe_runner_project *p, const struct owner *o,
			     const char *kind, const char *column,
			     const floe_node *args, bool all_args)
{
	floe_buf b = FLOE_BUF_INIT;
	if (o->src)
		floe_buf_printf(&b, "source_%s_%s_%s", kind, o->src->source,
				o->src->table);
	else
		floe_buf_printf(&b, "%s_%s", kind, o->node->name);
	if (column) {
		floe_buf_puts(&b, "_");
		put_clean(&b, column);
	}
	static const char *const keys[] = { "field", "quote", "to", "values" };
	for (size_t k = 0; !all_args && k < FLOE_ARRAY_SIZE(keys); k++) {
		const floe_node *v = floe_node_get(args, keys[k]);
		if (v)
			put_arg(&b, v);
	}
	/* a {% test %} macro: every argument, by name (dbt's order) */
	const char **ks = NULL;
	size_t nk = 0;
	if (all_args && args && args->kind == FLOE_NODE_MAP) {
		ks = floe_arena_alloc(p->a, (args->len + 1) * sizeof(*ks));
		for (size_t i = 0; i < args->len; i++) {
			const char *k = args->keys[i]->text;
			if (!one_of(test_configs, FLOE_ARRAY_SIZE(test_configs), k) &&
			    strcmp(k, "column_name") != 0 && strcmp(k, "config") != 0 &&
			    strcmp(k, "arguments") != 0 && strcmp(k, "name") != 0 &&
			    strcmp(k, "test_name") != 0)
				ks[nk++] = k;
		}
		qsort(ks, nk, sizeof(*ks), by_key);
	}
	size_t at = b.len;
	for (size_t k = 0; k < nk; k++)
		put_arg(&b, floe_node_get(args, ks[k]));
	/* no column: dbt joins the owner and the first argument with one '_' */
	if (!column && b.len > at + 1 && b.ptr[at] == '_' && b.ptr[at + 1] == '_') {
		memmove(b.ptr + at, b.ptr + at + 1, b.len - at);
		b.len--;
	}
	const char *base = floe_arena_strdup(p->a, b.ptr), *name = base;
	for (int i = 2; !floe_runtime__run_test_name_claim(p, name); i++)
		name = floe_arena_printf(p->a, "%s_%d", base, i);
	floe_buf_release(&b);
	return name;
}

/* The arguments a generic test takes, besides column_name. */
static bool known_arg(int kind, const char *k)
{
	if (kind == RT_ACCEPTED)
		return strcmp(k, "values") == 0 || strcmp(k, "quote") == 0;
	if (kind == RT_RELATIONSHIPS)
		return strcmp(k, "to") == 0 || strcmp(k, "field") == 0;
	return false;
}

/* Check the arguments; apply the legacy config keys and `config:`. */
static bool test_args(floe_runner_project *p, struct rnode *n,
		      const floe_node *args, const floe_node *cfgmap)
{
	bool ok = true;
	for (size_t i = 0; args && args->kind == FLOE_NODE_MAP && i < args->len; i++) {
		const char *k = args->keys[i]->text;
		const floe_node *v = args->items[i];
		if (n->test == RT_MACRO &&
		    !one_of(test_configs, FLOE_ARRAY_SIZE(test_configs), k))
			continue;
		if (known_arg(n->test, k) || strcmp(k, "column_name") == 0 ||
		    strcmp(k, "config") == 0 || strcmp(k, "arguments") == 0 ||
		    strcmp(k, "name") == 0 || strcmp(k, "test_name") == 0)
			continue;
		if (one_of(test_configs, FLOE_ARRAY_SIZE(test_configs), k)) {
			floe_jval jv = floe_runtime__run_jv_from_node(p->a, v);
			floe_runtime__run_config_apply(p, &n->cfg, RK_TEST, k, &jv, &v->span);
			continue;
		}
		pdiag(p, FLOE_SEV_ERROR, "run/bad-test", args->keys[i],
		      "unknown argument '%s' for test '%s'", k,
		      n->test < RT_SINGULAR ? test_kinds[n->test] : "?");
		ok = false;
	}
	floe_runtime__run_config_map(p, &n->cfg, RK_TEST, cfgmap, false);
	return ok;
}

static bool required_args(floe_runner_project *p, const struct rnode *n,
			  const floe_node *item)
{
	const char *need[2] = { NULL, NULL };
	if (n->test == RT_MACRO)
		return true;
	if (n->test == RT_ACCEPTED)
		need[0] = "values";
	else if (n->test == RT_RELATIONSHIPS)
		need[0] = "to", need[1] = "field";
	for (size_t i = 0; i < 2 && need[i]; i++)
		if (!floe_node_get(n->args, need[i])) {
			pdiag(p, FLOE_SEV_ERROR, "run/bad-test", item,
			      "test '%s' needs '%s'", test_kinds[n->test], need[i]);
			return false;
		}
	const floe_node *v = floe_node_get(n->args, "values");
	if (v && (v->kind != FLOE_NODE_SEQ || v->len == 0)) {
		pdiag(p, FLOE_SEV_ERROR, "run/bad-test", v,
		      "'values' must be a non-empty list%s%s", "", "");
		return false;
	}
	return true;
}

/* The test's kind from its name; -1 after a diagnostic. */
static int test_kind(floe_runner_project *p, const char *name,
		     const floe_node *at, const char **out_pkg,
		     const char **out_fn)
{
	if (strncmp(name, "dbt.", 4) == 0)
		name += 4;
	for (size_t k = 0; k < FLOE_ARRAY_SIZE(test_kinds); k++)
		if (strcmp(name, test_kinds[k]) == 0)
			return (int)k;
	/* a {% test name(model, column_name, ...) %} of the project or a package */
	const char *dot = strchr(name, '.');
	const char *pkg = dot ? floe_arena_strndup(p->a, name, (size_t)(dot - name)) : NULL;
	const char *fn = floe_arena_printf(p->a, "test_%s", dot ? dot + 1 : name);
	floe_jval m;
	if (floe_jinja_env_find_macro(p->jenv, pkg, fn, &m)) {
		*out_pkg = pkg;
		*out_fn = fn;
		return RT_MACRO;
	}
	floe_diag *dg = floe_diag_add(p->d, FLOE_SEV_ERROR, "run/unsupported-test",
		&at->span, NULL, "test '%s' is not supported by the native runner",
		name);
	floe_diag_hint(p->d, dg, "the runner has not_null, unique, accepted_values, "
		       "relationships and the {%% test %%} blocks of the project and "
		       "its packages (dbt_packages/)");
	return -1;
}

static void set_test_fqn(floe_runner_project *p, struct rnode *n,
			 const char *dirs)
{
	size_t parts = 2;
	for (const char *s = dirs; *s; s++)
		parts += *s == '/';
	n->fqn = floe_arena_alloc(p->a, (parts + 2) * sizeof(char *));
	n->fqn[n->nfqn++] = p->name;
	for (const char *s = dirs, *e; *s; s = *e ? e + 1 : e) {
		e = strchr(s, '/');
		if (!e)
			e = s + strlen(s);
		n->fqn[n->nfqn++] = floe_arena_strndup(p->a, s, (size_t)(e - s));
	}
	n->fqn[n->nfqn++] = n->name;
}

/*
 * One entry of a `tests:` list: "not_null", {unique: {config: ..}},
 * {accepted_values: {values: [..]}}, or {test_name: .., name: .., ...}.
 */
static void add_test(floe_runner_project *p, const struct owner *o,
		     const char *column, bool quote, const floe_node *item)
{
	const char *kname = str(item);
	const floe_node *args = NULL;
	if (!kname && item->kind == FLOE_NODE_MAP) {
		if ((kname = str(floe_node_get(item, "test_name"))))
			args = item;
		else if (item->len == 1) {
			kname = item->keys[0]->text;
			args = item->items[0];
		}
	}
	if (!kname) {
		pdiag(p, FLOE_SEV_ERROR, "run/bad-test", item,
		      "expected a test name or a mapping of one test%s%s", "", "");
		return;
	}
	const char *tpkg = NULL, *tfn = NULL;
	int kind = test_kind(p, kname, item, &tpkg, &tfn);
	if (kind < 0)
		return;
	const floe_node *targs = floe_node_get(args, "arguments");
	if (!targs)
		targs = args;
	if (!column)
		column = str(floe_node_get(targs, "column_name"));
	if (!column && kind != RT_MACRO) {
		pdiag(p, FLOE_SEV_ERROR, "run/bad-test", item,
		      "test '%s' needs a column (column_name)%s", kname, "");
		return;
	}
	const char *custom = str(floe_node_get(args, "name"));
	const char *kind_name = kind == RT_MACRO
		? floe_arena_printf(p->a, "%s%s%s", tpkg ? tpkg : "", tpkg ? "_" : "",
				    tfn + 5)
		: test_kinds[kind];
	const char *name = custom ? custom
		: test_name(p, o, kind_name, column, targs, kind == RT_MACRO);
	if (custom)
		floe_runtime__run_test_name_claim(p, custom);
	struct rnode *n = floe_runtime__run_node_new(p, RK_TEST, name);
	n->test = kind;
	n->test_macro = kname;
	n->test_pkg = tpkg;
	n->test_fn = tfn;
	n->args = targs;
	n->span = item->span;
	n->column = !column ? NULL : quote ? floe_runtime__run_quote(p->a, column) : column;
	n->unique_id = floe_arena_printf(p->a, "test.%s.%s", p->name, name);
	set_test_fqn(p, n, o->dirs);
	floe_runtime__run_config_project(p, n);
	if (!test_args(p, n, args, floe_node_get(args, "config")) ||
	    (targs != args && !test_args(p, n, targs, NULL)) ||
	    !required_args(p, n, item))
		n->bad = true;
	if (o->node) {
		n->attached = o->node->id;
		floe_runtime__run_add_parent(p, n, o->node->id, 0);
	} else {
		n->rel = o->src->rel;
		const char *sname = floe_arena_printf(p->a, "%s.%s", o->src->source,
						      o->src->table);
		n->sources = floe_arena_alloc(p->a, sizeof(char *));
		n->sources[0] = sname;
		n->nsources = n->capsources = 1;
	}
}

static void add_tests(floe_runner_project *p, const struct owner *o,
		      const char *column, bool quote, const floe_node *entry)
{
	const char *keys[] = { "data_tests", "tests" };
	for (size_t k = 0; k < 2; k++) {
		const floe_node *l = floe_node_get(entry, keys[k]);
		if (l && l->kind != FLOE_NODE_SEQ && l->kind != FLOE_NODE_NULL)
			pdiag(p, FLOE_SEV_ERROR, "run/bad-test", l,
			      "'%s' must be a list%s", keys[k], "");
		for (size_t i = 0; l && l->kind == FLOE_NODE_SEQ && i < l->len; i++)
			add_test(p, o, column, quote, l->items[i]);
	}
}

static void add_column_tests(floe_runner_project *p, const struct owner *o,
			     const floe_node *entry)
{
	const floe_node *cols = floe_node_get(entry, "columns");
	for (size_t i = 0; cols && cols->kind == FLOE_NODE_SEQ && i < cols->len; i++) {
		const floe_node *c = cols->items[i];
		const char *name = str(floe_node_get(c, "name"));
		bool quote = false;
		if (!name) {
			pdiag(p, FLOE_SEV_ERROR, "run/bad-test", c,
			      "a column needs a 'name'%s%s", "", "");
			continue;
		}
		const floe_node *q = floe_node_get(c, "quote");
		if (q)
			floe_node_as_bool(q, &quote);
		add_tests(p, o, name, quote, c);
	}
	add_tests(p, o, NULL, false, entry);
}

/* ---- models: and seeds: ---- */

static void props_node(floe_runner_project *p, const floe_node *e, int kind,
		       const char *dirs)
{
	const char *name = str(floe_node_get(e, "name"));
	if (!name) {
		pdiag(p, FLOE_SEV_ERROR, "run/bad-properties", e,
		      "an entry needs a 'name'%s%s", "", "");
		return;
	}
	struct rnode *n = floe_runtime__run_find(p, name);
	if (!n || n->kind != kind) {
		pdiag(p, FLOE_SEV_WARNING, "run/unknown-node", floe_node_get(e, "name"),
		      "properties for %s '%s', which does not exist",
		      kind == RK_SEED ? "seed" : "model", name);
		return;
	}
	if (floe_node_get(e, "versions"))
		pdiag(p, FLOE_SEV_ERROR, "run/unsupported-config",
		      floe_node_get(e, "versions"),
		      "model versions are not supported by the native runner%s%s", "", "");
	n->props = e;
	floe_runtime__run_config_map(p, &n->cfg, kind, floe_node_get(e, "config"), false);
	struct owner o = { n, NULL, dirs };
	add_column_tests(p, &o, e);
}

/* ---- sources: ---- */

/* A source field, rendered when it holds Jinja ("{{ target.schema }}"). */
static const char *field(floe_runner_project *p, const floe_node *n)
{
	const char *s = str(n);
	if (!s || (!strstr(s, "{{") && !strstr(s, "{%")))
		return s;
	return floe_runtime__run_render_string(p, s, n);
}

static void add_source_table(floe_runner_project *p, const floe_node *src,
			     const floe_node *t, const char *dirs)
{
	const char *sname = str(floe_node_get(src, "name"));
	const char *tname = str(floe_node_get(t, "name"));
	if (!tname) {
		pdiag(p, FLOE_SEV_ERROR, "run/bad-properties", t,
		      "a source table needs a 'name'%s%s", "", "");
		return;
	}
	const char *db = field(p, floe_node_get(src, "database"));
	const char *schema = field(p, floe_node_get(src, "schema"));
	const char *ident = field(p, floe_node_get(t, "identifier"));
	if (p->nsources == p->capsources) {
		p->capsources = p->capsources ? 2 * p->capsources : 16;
		struct rsource *ns = floe_arena_alloc(p->a, p->capsources * sizeof(*ns));
		if (p->nsources)
			memcpy(ns, p->sources, p->nsources * sizeof(*ns));
		p->sources = ns;
	}
	struct rsource *s = &p->sources[p->nsources++];
	s->source = sname;
	s->table = tname;
	s->span = t->span;
	floe_runtime__run_rel_set(p->a, &s->rel, db ? db : p->database,
			 schema ? schema : sname, ident ? ident : tname);
	struct owner o = { NULL, s, dirs };
	add_column_tests(p, &o, t);
}

static void props_source(floe_runner_project *p, const floe_node *e,
			 const char *dirs)
{
	const floe_node *tables = floe_node_get(e, "tables");
	if (!str(floe_node_get(e, "name"))) {
		pdiag(p, FLOE_SEV_ERROR, "run/bad-properties", e,
		      "a source needs a 'name'%s%s", "", "");
		return;
	}
	for (size_t i = 0; tables && tables->kind == FLOE_NODE_SEQ && i < tables->len; i++)
		add_source_table(p, e, tables->items[i], dirs);
}

struct rsource *floe_runtime__run_source_find(const floe_runner_project *p,
				     const char *source, const char *table)
{
	for (size_t i = 0; i < p->nsources; i++)
		if (strcmp(p->sources[i].source, source) == 0 &&
		    strcmp(p->sources[i].table, table) == 0)
			return &p->sources[i];
	return NULL;
}

/* The folders of a properties file below its model or seed path. */
static const char *yml_dirs(floe_runner_project *p, const floe_doc *doc)
{
	const char *path = floe_source_path(doc->src);
	size_t n = strlen(p->dir);
	if (strncmp(path, p->dir, n) == 0 && path[n] == '/')
		path += n + 1;
	const char *first = strchr(path, '/');
	if (!first)
		return "";
	const char *dir = floe_path_dirname(p->a, first + 1);
	return strcmp(dir, ".") == 0 ? "" : dir;
}

void floe_runtime__run_props_load(floe_runner_project *p, const floe_doc *doc)
{
	const floe_node *root = doc->root;
	if (!root || root->kind != FLOE_NODE_MAP)
		return;
	const char *dirs = yml_dirs(p, doc);
	static const char *const lists[] = { "models", "seeds", "sources" };
	for (size_t k = 0; k < FLOE_ARRAY_SIZE(lists); k++) {
		const floe_node *l = floe_node_get(root, lists[k]);
		if (l && l->kind != FLOE_NODE_SEQ && l->kind != FLOE_NODE_NULL) {
			pdiag(p, FLOE_SEV_ERROR, "run/bad-properties", l,
			      "'%s' must be a list%s", lists[k], "");
			continue;
		}
		for (size_t i = 0; l && l->kind == FLOE_NODE_SEQ && i < l->len; i++) {
			const floe_node *e = l->items[i];
			if (k == 2)
				props_source(p, e, dirs);
			else
				props_node(p, e, k == 0 ? RK_MODEL : RK_SEED, dirs);
		}
	}
	const floe_node *ut = floe_node_get(root, "unit_tests");
	if (ut && ut->kind == FLOE_NODE_SEQ && ut->len)
		pdiag(p, FLOE_SEV_WARNING, "run/unsupported-test", ut,
		      "unit tests are not run by the native runner%s%s", "", "");
}

/* ---- the test queries ---- */

static void put_values(floe_buf *b, const floe_node *vals, bool quote)
{
	for (size_t i = 0; i < vals->len; i++) {
		const floe_node *v = vals->items[i];
		const char *t = v->kind == FLOE_NODE_BOOL ? (v->v.b ? "True" : "False")
			: v->text ? v->text : "";
		if (i)
			floe_buf_puts(b, ", ");
		if (!quote) {
			floe_buf_puts(b, t);
			continue;
		}
		floe_buf_putc(b, '\'');
		for (; *t; t++) {
			if (*t == '\'')
				floe_buf_putc(b, '\'');
			floe_buf_putc(b, *t);
		}
		floe_buf_putc(b, '\'');
	}
}

/* A {% test %} macro's query: the macro with model, column_name and the arguments. */
static void macro_test_sql(floe_runner_project *p, struct rnode *n)
{
	floe_arena *a = floe_jinja_env_arena(p->jenv);
	floe_jval kw = floe_jv_dict(a);
	floe_jval ctx = floe_jv_dict(a);
	struct jrel *rel = floe_arena_alloc(a, sizeof(*rel));
	*rel = n->rel;
	if (n->cfg.where)   /* dbt: the model, filtered */
		rel->sql = floe_arena_printf(a, "(select * from %s where %s) dbt_subquery",
					     n->rel.sql, n->cfg.where);
	const floe_node *args = n->args;
	for (size_t i = 0; args && args->kind == FLOE_NODE_MAP && i < args->len; i++) {
		const char *k = args->keys[i]->text;
		if (one_of(test_configs, FLOE_ARRAY_SIZE(test_configs), k) ||
		    strcmp(k, "config") == 0 || strcmp(k, "arguments") == 0 ||
		    strcmp(k, "name") == 0 || strcmp(k, "test_name") == 0)
			continue;
		floe_jv_dict_sets(a, kw.u.dict, k, floe_runtime__run_jv_from_node(a, args->items[i]));
	}
	if (n->column)
		floe_jv_dict_sets(a, kw.u.dict, "column_name", floe_jv_cstr(n->column));
	floe_jv_dict_sets(a, ctx.u.dict, "__floe_test_args", kw);
	floe_jv_dict_sets(a, ctx.u.dict, "__floe_test_model", floe_jv_none());
	const char *text = floe_arena_printf(p->a,
		"{{ %s%s%s(model=__floe_test_model, **__floe_test_args) }}",
		n->test_pkg ? n->test_pkg : "", n->test_pkg ? "." : "", n->test_fn);
	struct rrender r = { .p = p, .n = n, .phase = RP_SQL, .collect = true,
			     .extra = ctx.u.dict, .test_rel = rel };
	const char *sql = floe_runtime__run_render_at(p, &r, text, &n->span, "this test");
	if (!sql) {
		n->bad = true;
		return;
	}
	n->sql = floe_arena_printf(p->a, "select count(*) from (\n%s\n) dbt_internal_test",
				   sql);
}

/* The number of failing rows, as dbt's generic tests count them. */
static void test_sql(floe_runner_project *p, struct rnode *n,
		     const struct jrel *to)
{
	floe_buf b = FLOE_BUF_INIT, from = FLOE_BUF_INIT;
	const char *c = n->column;
	if (n->cfg.where)
		floe_buf_printf(&from, "(select * from %s where %s) dbt_subquery",
				n->rel.sql, n->cfg.where);
	else
		floe_buf_puts(&from, n->rel.sql);
	switch (n->test) {
	case RT_NOT_NULL:
		floe_buf_printf(&b, "select count(*) from %s where %s is null",
				from.ptr, c);
		break;
	case RT_UNIQUE:
		floe_buf_printf(&b, "select count(*) from (select %s from %s where %s is not null "
				"group by %s having count(*) > 1) dbt_test", c, from.ptr, c, c);
		break;
	case RT_ACCEPTED: {
		bool quote = true;
		const floe_node *q = floe_node_get(n->args, "quote");
		if (q)
			floe_node_as_bool(q, &quote);
		floe_buf_printf(&b, "select count(*) from (select %s as value_field from %s "
				"group by %s) all_values where value_field not in (",
				c, from.ptr, c);
		put_values(&b, floe_node_get(n->args, "values"), quote);
		floe_buf_puts(&b, ")");
		break;
	}
	default:
		floe_buf_printf(&b, "select count(*) from (select %s as from_field from %s "
				"where %s is not null) child left join (select %s as to_field "
				"from %s) parent on child.from_field = parent.to_field "
				"where parent.to_field is null", c, from.ptr, c,
				str(floe_node_get(n->args, "field")), to->sql);
		break;
	}
	n->sql = floe_arena_strdup(p->a, b.ptr);
	floe_buf_release(&b);
	floe_buf_release(&from);
}

void floe_runtime__run_tests_plan(floe_runner_project *p)
{
	for (size_t i = 0; i < p->nodes.len; i++) {
		struct rnode *n = floe_runtime__run_node(p, i);
		const struct jrel *to = NULL;
		if (n->kind != RK_TEST || n->bad)
			continue;
		if (n->test == RT_SINGULAR) {
			if (n->sql)
				n->sql = floe_arena_printf(p->a, "select count(*) from (\n%s\n) dbt_internal_test",
							   n->sql);
			continue;
		}
		if (n->attached != SIZE_MAX) {
			const struct rnode *o = floe_runtime__run_node(p, n->attached);
			if (!o->cfg.enabled || o->bad) {
				n->cfg.enabled = o->cfg.enabled;
				n->bad = o->bad;
				continue;
			}
			n->rel = o->rel;
		}
		if (n->test == RT_MACRO) {
			macro_test_sql(p, n);
			continue;
		}
		if (n->test == RT_RELATIONSHIPS &&
		    floe_runtime__run_eval_relation(p, n, floe_node_get(n->args, "to"), &to) < 0) {
			n->bad = true;
			continue;
		}
		test_sql(p, n, to);
	}
}
