/*
 * run_check.c: the static check of a parsed template, before anything is
 * rendered: every name, function call, filter and test must be in the
 * runner's subset, in every branch (a branch not taken here may be taken
 * by dbt).  Each problem is a run/unsupported-jinja diagnostic at its
 * position; the check goes on to report them all.
 */
#include <string.h>
#include "run_int.h"

struct ck {
	floe_diags *d;
	const struct jtpl *t;
	const char *const *macros;
	size_t nmacros;
	floe_vec names;         /* set or parameter names in scope */
	bool in_macro;
	bool failed;
};

static const char *const model_funcs[] = {
	"ref", "source", "config", "var", "env_var", "is_incremental",
};

static const char *const macro_funcs[] = {
	"var", "env_var", "default__generate_schema_name",
	"generate_schema_name_for_env",
};

static const char *const filters[] = {
	"trim", "lower", "upper", "default", "d", "replace", "string", "int",
	"float", "length", "join",
};

static const char *const tests[] = {
	"none", "defined", "undefined", "string", "number",
};

/* dbt's context names the subset leaves out: a clearer message than "unknown". */
static const char *const dbt_names[] = {
	"adapter", "api", "builtins", "dbt", "dbt_utils", "dbt_version",
	"exceptions", "execute", "flags", "fromjson", "fromyaml", "graph",
	"invocation_id", "load_result", "local_md5", "log", "model", "modules",
	"print", "project_name", "range", "return", "run_query",
	"run_started_at", "schemas", "selected_resources", "statement",
	"store_result", "tojson", "toyaml", "zip", "dispatch", "caller",
	"database", "schema", "sources", "vars", "loop", "context",
};

static bool in(const char *const *list, size_t n, const char *s)
{
	for (size_t i = 0; i < n; i++)
		if (strcmp(list[i], s) == 0)
			return true;
	return false;
}

static void report(struct ck *c, const struct jexpr *e, const char *fmt, ...)
	__attribute__((format(printf, 3, 4)));

static void report(struct ck *c, const struct jexpr *e, const char *fmt, ...)
{
	floe_span sp;
	va_list ap;
	floe_buf m = FLOE_BUF_INIT;

	va_start(ap, fmt);
	floe_buf_vprintf(&m, fmt, ap);
	va_end(ap);
	floe_runtime__run_span(&sp, c->t->src, e->off, e->end);
	floe_diag_add(c->d, FLOE_SEV_ERROR, "run/unsupported-jinja", &sp, NULL,
		      "%s", m.ptr);
	floe_buf_release(&m);
	c->failed = true;
}

static bool known_name(const struct ck *c, const char *n)
{
	for (size_t i = 0; i < c->names.len; i++)
		if (strcmp(c->names.items[i], n) == 0)
			return true;
	return strcmp(n, "target") == 0 || (!c->in_macro && strcmp(n, "this") == 0);
}

static void check_expr(struct ck *c, const struct jexpr *e);

static void check_name(struct ck *c, const struct jexpr *e)
{
	const char *const *funcs = c->in_macro ? macro_funcs : model_funcs;
	size_t nfuncs = c->in_macro ? FLOE_ARRAY_SIZE(macro_funcs)
				    : FLOE_ARRAY_SIZE(model_funcs);
	if (known_name(c, e->name))
		return;
	if (in(funcs, nfuncs, e->name))
		report(c, e, "'%s' is a function: call it", e->name);
	else if (in(c->macros, c->nmacros, e->name))
		report(c, e, "macro '%s' is not supported by the native runner",
		       e->name);
	else if (in(dbt_names, FLOE_ARRAY_SIZE(dbt_names), e->name))
		report(c, e, "'%s' is not supported by the native runner", e->name);
	else
		report(c, e, "unknown name '%s'", e->name);
}

/* Argument shapes: ref(m) / ref(pkg, m), source(s, t), var(n[, d]), ... */
static void check_args(struct ck *c, const struct jexpr *e)
{
	size_t pos = 0, kw = 0;
	for (size_t i = 0; i < e->nargs; i++)
		e->kw[i] ? kw++ : pos++;
	const char *n = e->name;
	if (strcmp(n, "config") == 0) {
		if (pos)
			report(c, e, "config() takes keyword arguments only here");
		return;
	}
	if (kw && strcmp(n, "ref") == 0)
		report(c, e, "ref() with a version is not supported by the native runner");
	else if (kw)
		report(c, e, "%s() takes no keyword arguments", n);
	bool src = strcmp(n, "source") == 0, inc = strcmp(n, "is_incremental") == 0;
	size_t lo = src ? 2 : inc ? 0 : 1, hi = inc ? 0 : 2;
	if (pos < lo || pos > hi)
		report(c, e, "%s() takes %s, not %zu", n,
		       inc ? "no arguments" : src ? "2 arguments" : "1 or 2 arguments",
		       pos);
}

static void check_call(struct ck *c, const struct jexpr *e)
{
	const char *const *funcs = c->in_macro ? macro_funcs : model_funcs;
	size_t nfuncs = c->in_macro ? FLOE_ARRAY_SIZE(macro_funcs)
				    : FLOE_ARRAY_SIZE(model_funcs);
	for (size_t i = 0; i < e->nargs; i++)
		check_expr(c, e->args[i]);
	if (!e->name) {
		report(c, e, "this call is not supported by the native runner");
	} else if (in(funcs, nfuncs, e->name)) {
		check_args(c, e);
	} else if (in(c->macros, c->nmacros, e->name)) {
		report(c, e, "call of macro '%s' is not supported by the native runner",
		       e->name);
	} else if (strchr(e->name, '.') || in(dbt_names, FLOE_ARRAY_SIZE(dbt_names),
						e->name)) {
		report(c, e, "call of '%s' is not supported by the native runner",
		       e->name);
	} else {
		const char *s = floe_str_suggest(e->name, funcs, nfuncs);
		report(c, e, "unknown function '%s'%s%s%s", e->name,
		       s ? "; did you mean '" : "", s ? s : "", s ? "'?" : "");
	}
}

static void check_expr(struct ck *c, const struct jexpr *e)
{
	switch (e->kind) {
	case JX_NAME:
		check_name(c, e);
		return;
	case JX_CALL:
		check_call(c, e);
		return;
	case JX_FILTER:
		if (!in(filters, FLOE_ARRAY_SIZE(filters), e->name))
			report(c, e, "filter '%s' is not supported by the native runner",
			       e->name);
		break;
	case JX_TEST:
		if (!in(tests, FLOE_ARRAY_SIZE(tests), e->name))
			report(c, e, "test '%s' is not supported by the native runner",
			       e->name);
		break;
	default:
		break;
	}
	/* `x is defined` and `x | default(..)` may name an undefined x */
	bool soft = (e->kind == JX_TEST || (e->kind == JX_FILTER &&
		     (strcmp(e->name, "default") == 0 || strcmp(e->name, "d") == 0))) &&
		    e->a->kind == JX_NAME;
	if (e->a && !soft)
		check_expr(c, e->a);
	if (e->b)
		check_expr(c, e->b);
	if (e->c)
		check_expr(c, e->c);
	for (size_t i = 0; i < e->nargs; i++)
		check_expr(c, e->args[i]);
}

static void check_body(struct ck *c, const struct jstmt *s)
{
	for (; s; s = s->next) {
		switch (s->kind) {
		case JS_OUT:
			check_expr(c, s->e);
			break;
		case JS_SET:
			check_expr(c, s->e);
			floe_vec_push(&c->names, (void *)s->name);
			break;
		case JS_IF:
			for (const struct jbranch *b = s->br; b; b = b->next) {
				if (b->cond)
					check_expr(c, b->cond);
				check_body(c, b->body);
			}
			break;
		case JS_MACRO: {
			size_t mark = c->names.len;
			c->in_macro = true;
			for (size_t i = 0; i < s->nparams; i++) {
				if (s->defaults[i])
					check_expr(c, s->defaults[i]);
				floe_vec_push(&c->names, (void *)s->params[i]);
			}
			check_body(c, s->body);
			c->names.len = mark;
			c->in_macro = false;
			break;
		}
		default:
			break;
		}
	}
}

int floe_runtime__run_jinja_check(floe_diags *d, const struct jtpl *t,
			 const char *const *macros, size_t nmacros)
{
	struct ck c = { d, t, macros, nmacros, FLOE_VEC_INIT, false, false };
	check_body(&c, t->body);
	floe_vec_release(&c.names);
	return c.failed ? FLOE_EINVALID : 0;
}

int floe_runtime__run_jinja_check_macro(floe_diags *d, const struct jtpl *t,
			       const struct jstmt *m)
{
	struct ck c = { d, t, NULL, 0, FLOE_VEC_INIT, false, false };
	struct jstmt one = *m;
	one.next = NULL;
	check_body(&c, &one);
	floe_vec_release(&c.names);
	return c.failed ? FLOE_EINVALID : 0;
}
