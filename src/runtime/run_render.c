/*
 * run_render.c: evaluating the Jinja subset.  Values follow Jinja's (and
 * Python's) rules for truth, comparison, `~` and `+`; ref(), source(),
 * var(), env_var() and config() are answered by the caller's hooks, so
 * this file knows nothing of projects.  A problem stops the render with a
 * diagnostic at the expression.  Output is bounded: no value or render
 * grows past FLOE_RUN_RENDER_MAX bytes.
 */
#include <math.h>
#include <stdarg.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include "floe/secrets.h"
#include "run_int.h"


void floe_runtime__run_render_error(struct jrender *r, const char *code,
			   const struct jexpr *at, const char *fmt, ...)
{
	floe_span sp;
	va_list ap;
	floe_buf m = FLOE_BUF_INIT;

	if (r->failed)
		return;
	r->failed = true;
	if (r->quiet)
		return;
	va_start(ap, fmt);
	floe_buf_vprintf(&m, fmt, ap);
	va_end(ap);
	floe_runtime__run_span(&sp, r->t->src, at ? at->off : 0, at ? at->end : 0);
	floe_diag_add(r->d, FLOE_SEV_ERROR, code, &sp, NULL, "%s", m.ptr);
	floe_buf_release(&m);
}

#define FAIL(r, at, ...) \
	(floe_runtime__run_render_error((r), "run/render", (at), __VA_ARGS__), -1)

/* ---- names and calls ---- */

static const struct jval *lookup(const struct jrender *r, const char *name)
{
	for (const struct jscope *s = r->scope; s; s = s->next)
		if (strcmp(s->name, name) == 0)
			return &s->v;
	return NULL;
}

static void bind(struct jrender *r, const char *name, const struct jval *v)
{
	struct jscope *s = floe_arena_alloc(r->a, sizeof(*s));
	s->name = name;
	s->v = *v;
	s->next = r->scope;
	r->scope = s;
}

int floe_runtime__run_eval_name(struct jrender *r, const struct jexpr *e,
		       struct jval *out, bool soft)
{
	const struct jval *v = lookup(r, e->name);
	memset(out, 0, sizeof(*out));
	if (v) {
		*out = *v;
	} else if (strcmp(e->name, "this") == 0 && r->self) {
		out->k = JV_REL;
		out->rel = r->self;
	} else if (strcmp(e->name, "target") == 0 && r->target) {
		*out = *r->target;
	} else if (!soft) {
		return FAIL(r, e, "'%s' is undefined", e->name);
	}
	return 0;
}

static int eval_attr(struct jrender *r, const struct jexpr *e,
		     struct jval *out)
{
	struct jval base;
	if (floe_runtime__run_eval(r, e->a, &base) < 0)
		return -1;
	if (base.k == JV_DICT) {
		const struct jval *v = floe_runtime__run_val_get(&base, e->name);
		if (v) {
			*out = *v;
			return 0;
		}
	} else if (base.k == JV_REL) {
		const struct jrel *rel = base.rel;
		const char *s = strcmp(e->name, "database") == 0 ? rel->database
			: strcmp(e->name, "schema") == 0 ? rel->schema
			: strcmp(e->name, "identifier") == 0 ||
			  strcmp(e->name, "name") == 0 ||
			  strcmp(e->name, "table") == 0 ? rel->identifier : NULL;
		if (s || strcmp(e->name, "database") == 0) {
			if (s)
				floe_runtime__run_val_set(out, s, strlen(s));
			else
				memset(out, 0, sizeof(*out)), out->k = JV_NONE;
			return 0;
		}
	}
	return FAIL(r, e, "%s value has no attribute '%s'", floe_runtime__run_val_kind(base.k),
		    e->name);
}

static int eval_index(struct jrender *r, const struct jexpr *e,
		      struct jval *out)
{
	struct jval base, key;
	if (floe_runtime__run_eval(r, e->a, &base) < 0 || floe_runtime__run_eval(r, e->b, &key) < 0)
		return -1;
	if (base.k == JV_LIST && key.k == JV_INT) {
		int64_t i = key.i < 0 ? key.i + (int64_t)base.len : key.i;
		if (i >= 0 && (uint64_t)i < base.len) {
			*out = base.items[i];
			return 0;
		}
		return FAIL(r, e, "list index %lld out of range", (long long)key.i);
	}
	if (base.k == JV_DICT && key.k == JV_STR) {
		const struct jval *v = floe_runtime__run_val_get(&base, key.s);
		if (v) {
			*out = *v;
			return 0;
		}
		return FAIL(r, e, "dict has no key '%s'", key.s);
	}
	return FAIL(r, e, "cannot index a %s value with a %s", floe_runtime__run_val_kind(base.k),
		    floe_runtime__run_val_kind(key.k));
}

/* Positional args of a call, evaluated; each must be a string when `strs`. */
int floe_runtime__run_eval_args(struct jrender *r, const struct jexpr *e,
		       struct jval *vals, size_t max, bool strs)
{
	for (size_t i = 0; i < e->nargs && i < max; i++) {
		if (floe_runtime__run_eval(r, e->args[i], &vals[i]) < 0)
			return -1;
		if (strs && vals[i].k != JV_STR)
			return FAIL(r, e->args[i], "%s() takes a string here, not a %s",
				    e->name, floe_runtime__run_val_kind(vals[i].k));
	}
	return 0;
}

static int call_var(struct jrender *r, const struct jexpr *e, struct jval *out,
		    bool env)
{
	struct jval a[2];
	if (floe_runtime__run_eval_args(r, e, a, 2, false) < 0)
		return -1;
	if (a[0].k != JV_STR)
		return FAIL(r, e->args[0], "%s() takes a name, not a %s", e->name,
			    floe_runtime__run_val_kind(a[0].k));
	if (env && floe_secret_env_blocked(a[0].s)) {
		/* a default does not help: the name itself is refused */
		floe_runtime__run_render_error(r, "run/env-var-blocked", e->args[0],
				      "env_var('%s') is refused: it holds floe's own key, "
				      "which no model reads (docs/secrets.md)", a[0].s);
		return -1;
	}
	if (env) {
		const char *v = r->h->env ? r->h->env(r->h->ud, a[0].s) : NULL;
		if (v) {
			floe_runtime__run_val_set(out, floe_arena_strdup(r->a, v), strlen(v));
			return 0;
		}
	} else if (r->h->var && r->h->var(r->h->ud, a[0].s, out)) {
		return 0;
	}
	if (e->nargs > 1) {
		*out = a[1];
		return 0;
	}
	if (env) {
		floe_runtime__run_render_error(r, "run/undefined-env", e,
				      "environment variable '%s' is required but not set",
				      a[0].s);
		return -1;
	}
	floe_runtime__run_render_error(r, "run/undefined-var", e,
			      "required var '%s' not found in --vars or dbt_project.yml",
			      a[0].s);
	return -1;
}

static int call_ref(struct jrender *r, const struct jexpr *e, struct jval *out)
{
	struct jval a[2];
	if (floe_runtime__run_eval_args(r, e, a, 2, true) < 0)
		return -1;
	if (strcmp(e->name, "source") == 0)
		return r->h->source ? r->h->source(r->h->ud, r, e, a[0].s, a[1].s, out)
				    : FAIL(r, e, "source() is not available here");
	if (!r->h->ref)
		return FAIL(r, e, "ref() is not available here");
	return e->nargs == 2 ? r->h->ref(r->h->ud, r, e, a[0].s, a[1].s, out)
			     : r->h->ref(r->h->ud, r, e, NULL, a[0].s, out);
}

static int call_config(struct jrender *r, const struct jexpr *e,
		       struct jval *out)
{
	for (size_t i = 0; i < e->nargs; i++) {
		struct jval v;
		if (floe_runtime__run_eval(r, e->args[i], &v) < 0)
			return -1;
		if (r->h->config &&
		    r->h->config(r->h->ud, r, e->args[i], e->kw[i], &v) < 0)
			return -1;
	}
	floe_runtime__run_val_set(out, "", 0);
	return 0;
}

static int call_schema_builtin(struct jrender *r, const struct jexpr *e,
			       struct jval *out)
{
	struct jval a[2];
	const struct jval *ts = r->target ? floe_runtime__run_val_get(r->target, "schema") : NULL;
	const struct jval *tn = r->target ? floe_runtime__run_val_get(r->target, "name") : NULL;
	if (e->nargs < 1 || floe_runtime__run_eval_args(r, e, a, 2, false) < 0 || !ts || !tn)
		return FAIL(r, e, "%s() needs custom_schema_name", e->name);
	bool env = strcmp(e->name, "generate_schema_name_for_env") == 0;
	if (a[0].k == JV_NONE || a[0].k == JV_UNDEF ||
	    (env && !(tn->len == 4 && memcmp(tn->s, "prod", 4) == 0))) {
		*out = *ts;
		return 0;
	}
	floe_buf b = FLOE_BUF_INIT;
	const char *s = a[0].s;
	size_t n = a[0].len;
	if (a[0].k != JV_STR)
		return FAIL(r, e->args[0], "a custom schema must be a string");
	floe_runtime__run_strip(&s, &n);
	if (!env)
		floe_buf_printf(&b, "%.*s_", (int)ts->len, ts->s);
	floe_buf_put(&b, s, n);
	floe_runtime__run_val_set_buf(r->a, out, &b);
	floe_buf_release(&b);
	return 0;
}

static int eval_call(struct jrender *r, const struct jexpr *e, struct jval *out)
{
	const char *n = e->name ? e->name : "";
	memset(out, 0, sizeof(*out));
	if (strcmp(n, "ref") == 0 || strcmp(n, "source") == 0)
		return call_ref(r, e, out);
	if (strcmp(n, "var") == 0 || strcmp(n, "env_var") == 0)
		return call_var(r, e, out, n[0] == 'e');
	if (strcmp(n, "config") == 0)
		return call_config(r, e, out);
	if (strcmp(n, "is_incremental") == 0) {
		out->k = JV_BOOL;
		out->b = r->incremental;
		return 0;
	}
	if (strcmp(n, "default__generate_schema_name") == 0 ||
	    strcmp(n, "generate_schema_name_for_env") == 0)
		return call_schema_builtin(r, e, out);
	floe_runtime__run_render_error(r, "run/unsupported-jinja", e,
			      "call of '%s' is not supported by the native runner", n);
	return -1;
}

static int eval_collection(struct jrender *r, const struct jexpr *e,
			   struct jval *out)
{
	bool dict = e->kind == JX_DICT;
	size_t n = dict ? e->nargs / 2 : e->nargs;
	memset(out, 0, sizeof(*out));
	out->k = dict ? JV_DICT : JV_LIST;
	out->len = n;
	out->items = floe_arena_alloc(r->a, (n + 1) * sizeof(*out->items));
	if (dict)
		out->keys = floe_arena_alloc(r->a, (n + 1) * sizeof(char *));
	for (size_t i = 0; i < n; i++) {
		if (dict) {
			struct jval k;
			if (floe_runtime__run_eval(r, e->args[2 * i], &k) < 0)
				return -1;
			if (k.k != JV_STR)
				return FAIL(r, e->args[2 * i], "dict keys must be strings");
			out->keys[i] = k.s;
		}
		if (floe_runtime__run_eval(r, e->args[dict ? 2 * i + 1 : i], &out->items[i]) < 0)
			return -1;
	}
	return 0;
}

int floe_runtime__run_eval(struct jrender *r, const struct jexpr *e, struct jval *out)
{
	memset(out, 0, sizeof(*out));
	switch (e->kind) {
	case JX_STR: floe_runtime__run_val_set(out, e->s, e->len); return 0;
	case JX_INT: out->k = JV_INT; out->i = e->i; return 0;
	case JX_FLOAT: out->k = JV_FLOAT; out->d = e->d; return 0;
	case JX_BOOL: out->k = JV_BOOL; out->b = e->bv; return 0;
	case JX_NONE: out->k = JV_NONE; return 0;
	case JX_NAME: return floe_runtime__run_eval_name(r, e, out, false);
	case JX_ATTR: return eval_attr(r, e, out);
	case JX_INDEX: return eval_index(r, e, out);
	case JX_CALL: return eval_call(r, e, out);
	case JX_FILTER: return floe_runtime__run_eval_filter(r, e, out);
	case JX_TEST: return floe_runtime__run_eval_test(r, e, out);
	case JX_NOT:
		if (floe_runtime__run_eval(r, e->a, out) < 0)
			return -1;
		out->b = !floe_runtime__run_val_truthy(out);
		out->k = JV_BOOL;
		return 0;
	case JX_NEG:
		if (floe_runtime__run_eval(r, e->a, out) < 0)
			return -1;
		if (out->k == JV_INT && out->i != INT64_MIN)
			out->i = -out->i;
		else if (out->k == JV_FLOAT)
			out->d = -out->d;
		else
			return FAIL(r, e, "cannot negate a %s", floe_runtime__run_val_kind(out->k));
		return 0;
	case JX_BIN: return floe_runtime__run_eval_bin(r, e, out);
	case JX_AND:
	case JX_OR:
		if (floe_runtime__run_eval(r, e->a, out) < 0)
			return -1;
		if (floe_runtime__run_val_truthy(out) == (e->kind == JX_OR))
			return 0;
		return floe_runtime__run_eval(r, e->b, out);
	case JX_COND:
		if (floe_runtime__run_eval(r, e->b, out) < 0)
			return -1;
		if (floe_runtime__run_val_truthy(out))
			return floe_runtime__run_eval(r, e->a, out);
		if (e->c)
			return floe_runtime__run_eval(r, e->c, out);
		memset(out, 0, sizeof(*out));
		return 0;
	case JX_LIST:
	case JX_DICT:
		return eval_collection(r, e, out);
	}
	return FAIL(r, e, "unknown expression");
}

/* ---- statements ---- */

static int render_body(struct jrender *r, const struct jstmt *s)
{
	for (; s; s = s->next) {
		struct jval v;
		switch (s->kind) {
		case JS_TEXT:
			floe_buf_put(r->out, s->text, s->len);
			break;
		case JS_OUT:
			if (floe_runtime__run_eval(r, s->e, &v) < 0)
				return -1;
			floe_runtime__run_val_str(r->out, &v);
			break;
		case JS_SET:
			if (floe_runtime__run_eval(r, s->e, &v) < 0)
				return -1;
			bind(r, s->name, &v);
			break;
		case JS_IF:
			for (const struct jbranch *b = s->br; b; b = b->next) {
				if (b->cond && floe_runtime__run_eval(r, b->cond, &v) < 0)
					return -1;
				if (!b->cond || floe_runtime__run_val_truthy(&v)) {
					if (render_body(r, b->body) < 0)
						return -1;
					break;
				}
			}
			break;
		default: /* macro definitions print nothing */
			break;
		}
		if (r->out->len > FLOE_RUN_RENDER_MAX) {
			struct jexpr at = { .off = s->off, .end = s->off + 1 };
			return FAIL(r, &at, "output larger than %zu bytes", FLOE_RUN_RENDER_MAX);
		}
	}
	return 0;
}

int floe_runtime__run_render(struct jrender *r)
{
	return render_body(r, r->t->body) < 0 || r->failed ? -1 : 0;
}

int floe_runtime__run_render_macro(struct jrender *r, const struct jstmt *m,
			  const struct jval *args, size_t nargs)
{
	struct jscope *saved = r->scope;
	floe_buf out = FLOE_BUF_INIT, *saved_out = r->out;
	int rc = 0;

	for (size_t i = 0; i < m->nparams && rc == 0; i++) {
		struct jval v;
		memset(&v, 0, sizeof(v));
		if (i < nargs)
			v = args[i];
		else if (m->defaults[i])
			rc = floe_runtime__run_eval(r, m->defaults[i], &v);
		bind(r, m->params[i], &v);
	}
	r->out = &out;
	if (rc == 0)
		rc = render_body(r, m->body);
	r->out = saved_out;
	r->scope = saved;
	const char *s = out.ptr ? out.ptr : "";
	size_t n = out.len;
	floe_runtime__run_strip(&s, &n);
	floe_buf_put(r->out, s, n);
	floe_buf_release(&out);
	return rc < 0 || r->failed ? -1 : 0;
}
