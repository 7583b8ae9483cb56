/*
 * template_render.c: walks a compiled template against a JSON context:
 * path lookup, the filters, conditions, loops and set.  A value that does
 * not resolve is an error when written, falsy in "if", empty in "for".
 * Messages name the template line and the expression, never a value.
 */
#include <stdarg.h>
#include <stdlib.h>
#include <string.h>
#include "emit/template_int.h"

struct binding {
	const char *name;
	json_t *v;               /* owned; NULL when the value is missing */
};

struct rstate {
	const floe_template *t;
	json_t *ctx;
	floe_buf *out, *err;
	struct binding *binds;
	size_t nbinds, cap;
	const texpr *cur;        /* the expression filters work on */
	size_t steps;            /* loop iterations run */
	bool strict;             /* a missing value is an error */
};

static int fail(struct rstate *st, uint32_t line, const char *fmt, ...)
	__attribute__((format(printf, 3, 4)));
static int fail(struct rstate *st, uint32_t line, const char *fmt, ...)
{
	va_list ap;

	floe_buf_printf(st->err, "%s:%u: ", st->t->name, (unsigned)line);
	va_start(ap, fmt);
	floe_buf_vprintf(st->err, fmt, ap);
	va_end(ap);
	return FLOE_EINVALID;
}

static const char *type_name(const json_t *v)
{
	switch (json_typeof(v)) {
	case JSON_STRING: return "a string";
	case JSON_INTEGER: return "an integer";
	case JSON_REAL: return "a number";
	case JSON_TRUE: case JSON_FALSE: return "a boolean";
	case JSON_NULL: return "null";
	case JSON_ARRAY: return "a list";
	default: return "a mapping";
	}
}

/* ---- bindings (for variables, loop, set) ---- */

static void bind(struct rstate *st, const char *name, json_t *v)
{
	if (st->nbinds == st->cap) {
		st->cap = st->cap ? 2 * st->cap : 8;
		st->binds = floe_xrealloc(st->binds, st->cap * sizeof(*st->binds));
	}
	st->binds[st->nbinds].name = name;
	st->binds[st->nbinds++].v = v;
}

static void rebind(struct rstate *st, size_t i, json_t *v)
{
	json_decref(st->binds[i].v);
	st->binds[i].v = v;
}

static void unbind_to(struct rstate *st, size_t mark)
{
	while (st->nbinds > mark)
		json_decref(st->binds[--st->nbinds].v);
}

/* ---- values ---- */

static json_t *step(json_t *v, const struct tseg *sg)
{
	if (json_is_object(v))
		return json_object_getn(v, sg->key, sg->klen);
	if (json_is_array(v) && sg->is_index)
		return json_array_get(v, sg->index);
	return NULL;
}

/* The value at a path (borrowed), or NULL when it does not resolve. */
static json_t *lookup(const struct rstate *st, const texpr *e)
{
	const struct tseg *sg = e->segs;
	json_t *v = NULL;
	size_t i;

	for (i = st->nbinds; i-- > 0;)
		if (!strcmp(st->binds[i].name, sg[0].key))
			break;
	if (i != (size_t)-1)
		v = st->binds[i].v;
	else if (json_is_object(st->ctx))
		v = json_object_getn(st->ctx, sg[0].key, sg[0].klen);
	for (i = 1; v && i < e->nsegs; i++)
		v = step(v, &sg[i]);
	return v;
}

/* A path or literal through its filters: *out is a new reference, or
 * NULL when missing (an error only when st->strict). */
static int eval(struct rstate *st, const texpr *e, bool strict, json_t **out)
{
	json_t *v = e->kind == TX_LIT ? e->lit : lookup(st, e);
	int rc = 0;

	v = json_incref(v);
	st->cur = e;
	st->strict = strict;
	for (const struct tfilter *f = e->filters; f && !rc; f = f->next)
		rc = f->def->fn(st, f, &v);
	if (!rc && !v && strict)
		rc = fail(st, e->line, "'%s' is not defined", e->text);
	if (rc) {
		json_decref(v);
		v = NULL;
	}
	*out = v;
	return rc;
}

/* ---- filters ---- */

static int missing(struct rstate *st)
{
	if (!st->strict)
		return 0;
	return fail(st, st->cur->line, "'%s' is not defined", st->cur->text);
}

static int wrong_type(struct rstate *st, const struct tfilter *f,
		      const json_t *v, const char *want)
{
	return fail(st, st->cur->line, "filter '%s' needs %s, '%s' is %s",
		    f->def->name, want, st->cur->text, type_name(v));
}

static void set_text(json_t **v, const char *s, size_t len)
{
	json_decref(*v);
	*v = json_stringn_nocheck(s ? s : "", len);
}

static int f_default(struct rstate *st, const struct tfilter *f, json_t **v)
{
	if (!*v || json_is_null(*v)) {
		json_decref(*v);
		*v = json_incref(f->arg);
	}
	return 0;
}

static int change_case(struct rstate *st, const struct tfilter *f,
		       json_t **v, bool up)
{
	floe_buf b = FLOE_BUF_INIT;
	const char *s;

	if (!*v)
		return missing(st);
	if (!json_is_string(*v))
		return wrong_type(st, f, *v, "a string");
	s = json_string_value(*v);
	for (size_t i = 0; i < json_string_length(*v); i++) {
		char c = s[i];
		if (up && c >= 'a' && c <= 'z')
			c = (char)(c - 'a' + 'A');
		else if (!up && c >= 'A' && c <= 'Z')
			c = (char)(c - 'A' + 'a');
		floe_buf_putc(&b, c);
	}
	set_text(v, b.ptr, b.len);
	floe_buf_release(&b);
	return 0;
}

static int f_upper(struct rstate *st, const struct tfilter *f, json_t **v)
{
	return change_case(st, f, v, true);
}

static int f_lower(struct rstate *st, const struct tfilter *f, json_t **v)
{
	return change_case(st, f, v, false);
}

static int f_join(struct rstate *st, const struct tfilter *f, json_t **v)
{
	floe_buf b = FLOE_BUF_INIT;
	json_t *item;
	size_t i;

	if (!*v)
		return missing(st);
	if (!json_is_array(*v))
		return wrong_type(st, f, *v, "a list of strings");
	json_array_foreach(*v, i, item) {
		if (!json_is_string(item)) {
			floe_buf_release(&b);
			return fail(st, st->cur->line, "filter 'join' needs a "
				    "list of strings, '%s' holds %s",
				    st->cur->text, type_name(item));
		}
		if (i)
			floe_buf_put(&b, json_string_value(f->arg),
				     json_string_length(f->arg));
		floe_buf_put(&b, json_string_value(item),
			     json_string_length(item));
	}
	set_text(v, b.ptr, b.len);
	floe_buf_release(&b);
	return 0;
}

/* Upper-case, and every character but [A-Z0-9] (bytes of UTF-8 too) _. */
static int f_env_name(struct rstate *st, const struct tfilter *f, json_t **v)
{
	floe_buf b = FLOE_BUF_INIT;
	const char *s;

	if (!*v)
		return missing(st);
	if (!json_is_string(*v))
		return wrong_type(st, f, *v, "a string");
	s = json_string_value(*v);
	for (size_t i = 0; i < json_string_length(*v); i++) {
		char c = s[i];
		if (c >= 'a' && c <= 'z')
			c = (char)(c - 'a' + 'A');
		else if (!((c >= 'A' && c <= 'Z') || (c >= '0' && c <= '9')))
			c = '_';
		floe_buf_putc(&b, c);
	}
	set_text(v, b.ptr, b.len);
	floe_buf_release(&b);
	return 0;
}

/* Characters of a string, items of a list or mapping. */
static int f_length(struct rstate *st, const struct tfilter *f, json_t **v)
{
	size_t n;

	if (!*v)
		return missing(st);
	if (json_is_string(*v))
		n = floe_utf8_count(json_string_value(*v), json_string_length(*v));
	else if (json_is_array(*v))
		n = json_array_size(*v);
	else if (json_is_object(*v))
		n = json_object_size(*v);
	else
		return wrong_type(st, f, *v, "a string, list or mapping");
	json_decref(*v);
	*v = json_integer((json_int_t)n);
	return 0;
}

/* The escaping filters on text: strings, and numbers and booleans as
 * their text; null, lists and mappings are refused. */
static int escape_text(struct rstate *st, const struct tfilter *f,
		       json_t **v, floe_esc_fn fn)
{
	floe_buf tmp = FLOE_BUF_INIT, b = FLOE_BUF_INIT;
	const char *s, *why;
	size_t len;

	if (!*v)
		return missing(st);
	if (json_is_string(*v)) {
		s = json_string_value(*v);
		len = json_string_length(*v);
	} else if (floe_emit__esc_scalar_text(&tmp, *v)) {
		s = tmp.ptr;
		len = tmp.len;
	} else {
		return fail(st, st->cur->line, "'%s' is %s, which filter '%s' "
			    "cannot write", st->cur->text, type_name(*v),
			    f->def->name);
	}
	why = fn(&b, s, len);
	floe_buf_release(&tmp);
	if (!why)
		set_text(v, b.ptr, b.len);
	floe_buf_release(&b);
	if (why)
		return fail(st, st->cur->line, "value of '%s' %s", st->cur->text,
			    why);
	return 0;
}

#define TEXT_FILTER(name)                                                    \
	static int f_##name(struct rstate *st, const struct tfilter *f,      \
			    json_t **v)                                      \
	{                                                                    \
		return escape_text(st, f, v, floe_emit__esc_##name);               \
	}

TEXT_FILTER(yaml_str)
TEXT_FILTER(dbt_yaml)
TEXT_FILTER(sql_str)
TEXT_FILTER(sql_ident)
TEXT_FILTER(sql_ident_bare)
TEXT_FILTER(env_value)
TEXT_FILTER(properties)
TEXT_FILTER(dbt_env_var)

static const char *esc_raw(floe_buf *out, const char *s, size_t len)
{
	floe_buf_put(out, s, len);
	return NULL;
}

static int f_raw(struct rstate *st, const struct tfilter *f, json_t **v)
{
	return escape_text(st, f, v, esc_raw);
}

static int f_yaml(struct rstate *st, const struct tfilter *f, json_t **v)
{
	floe_buf b = FLOE_BUF_INIT;
	const char *why;

	if (!*v)
		return missing(st);
	why = floe_emit__esc_yaml(&b, *v);
	if (!why)
		set_text(v, b.ptr, b.len);
	floe_buf_release(&b);
	if (why)
		return fail(st, st->cur->line, "value of '%s' %s", st->cur->text,
			    why);
	return 0;
}

static int f_json(struct rstate *st, const struct tfilter *f, json_t **v)
{
	floe_buf b = FLOE_BUF_INIT;

	if (!*v)
		return missing(st);
	floe_emit__esc_json(&b, *v);
	set_text(v, b.ptr, b.len);
	floe_buf_release(&b);
	return 0;
}

static const struct tfilter_def filters[] = {
	{ "dbt_env_var", true, false, f_dbt_env_var },
	{ "dbt_yaml", true, false, f_dbt_yaml },
	{ "default", false, true, f_default },
	{ "env_name", false, false, f_env_name },
	{ "env_value", true, false, f_env_value },
	{ "join", false, true, f_join },
	{ "json", true, false, f_json },
	{ "length", false, false, f_length },
	{ "lower", false, false, f_lower },
	{ "properties_value", true, false, f_properties },
	{ "raw", true, false, f_raw },
	{ "sql_ident", true, false, f_sql_ident },
	{ "sql_ident_bare", true, false, f_sql_ident_bare },
	{ "sql_str", true, false, f_sql_str },
	{ "upper", false, false, f_upper },
	{ "yaml", true, false, f_yaml },
	{ "yaml_str", true, false, f_yaml_str },
};

const struct tfilter_def *floe_emit__template_filter_find(const char *name,
						   size_t len)
{
	for (size_t i = 0; i < FLOE_ARRAY_SIZE(filters); i++)
		if (strlen(filters[i].name) == len &&
		    !memcmp(filters[i].name, name, len))
			return &filters[i];
	return NULL;
}

size_t floe_emit__template_filter_names(const char **out, size_t max, bool escaping)
{
	size_t n = 0;

	for (size_t i = 0; i < FLOE_ARRAY_SIZE(filters) && n < max; i++)
		if (!escaping || filters[i].escaping)
			out[n++] = filters[i].name;
	return n;
}

/* ---- conditions ---- */

static bool truthy(const json_t *v)
{
	switch (v ? json_typeof(v) : JSON_NULL) {
	case JSON_STRING: return json_string_length(v) > 0;
	case JSON_INTEGER: return json_integer_value(v) != 0;
	case JSON_REAL: return json_real_value(v) != 0.0;
	case JSON_TRUE: return true;
	case JSON_ARRAY: return json_array_size(v) > 0;
	case JSON_OBJECT: return json_object_size(v) > 0;
	default: return false;
	}
}

/* a in b: an item of a list, a key of a mapping, a part of a string. */
static bool contains(const json_t *b, const json_t *a)
{
	json_t *item;
	size_t i;

	if (!a || !b)
		return false;
	if (json_is_array(b)) {
		json_array_foreach(b, i, item)
			if (json_equal(item, (json_t *)a))
				return true;
		return false;
	}
	if (!json_is_string(a))
		return false;
	if (json_is_object(b))
		return json_object_getn(b, json_string_value(a),
					json_string_length(a)) != NULL;
	if (json_is_string(b))
		return memmem(json_string_value(b), json_string_length(b),
			      json_string_value(a), json_string_length(a));
	return false;
}

static int test(struct rstate *st, const texpr *e, bool *out);

static int compare(struct rstate *st, const texpr *e, bool *out)
{
	json_t *a = NULL, *b = NULL;
	int rc = eval(st, e->a, false, &a);

	if (!rc && e->kind != TX_DEFINED && e->kind != TX_UNDEFINED)
		rc = eval(st, e->b, false, &b);
	if (!rc) {
		switch (e->kind) {
		case TX_EQ: *out = a && b && json_equal(a, b); break;
		case TX_NE: *out = !(a && b && json_equal(a, b)); break;
		case TX_IN: *out = contains(b, a); break;
		case TX_NOTIN: *out = !contains(b, a); break;
		case TX_DEFINED: *out = a != NULL; break;
		default: *out = a == NULL; break;
		}
	}
	json_decref(a);
	json_decref(b);
	return rc;
}

static int test(struct rstate *st, const texpr *e, bool *out)
{
	json_t *v;
	int rc;

	switch (e->kind) {
	case TX_PATH:
	case TX_LIT:
		rc = eval(st, e, false, &v);
		*out = !rc && truthy(v);
		json_decref(v);
		return rc;
	case TX_NOT:
		rc = test(st, e->a, out);
		*out = !*out;
		return rc;
	case TX_AND:
	case TX_OR:
		if ((rc = test(st, e->a, out)) || *out == (e->kind == TX_OR))
			return rc;
		return test(st, e->b, out);
	default:
		return compare(st, e, out);
	}
}

/* ---- nodes ---- */

static int render_list(struct rstate *st, const tnode *n);

static int render_output(struct rstate *st, const tnode *n)
{
	json_t *v;
	int rc = eval(st, n->expr, true, &v);

	if (!rc)
		floe_buf_put(st->out, json_string_value(v), json_string_length(v));
	json_decref(v);
	return rc;
}

static int render_if(struct rstate *st, const tnode *n)
{
	bool yes;
	int rc;

	for (const struct tbranch *br = n->branches; br; br = br->next) {
		yes = true;
		if (br->cond && (rc = test(st, br->cond, &yes)))
			return rc;
		if (yes)
			return render_list(st, br->body);
	}
	return 0;
}

static void set_loop(json_t *loop, size_t i, size_t n)
{
	json_object_set_new(loop, "index", json_integer((json_int_t)i + 1));
	json_object_set_new(loop, "index0", json_integer((json_int_t)i));
	json_object_set_new(loop, "revindex", json_integer((json_int_t)(n - i)));
	json_object_set_new(loop, "revindex0",
			    json_integer((json_int_t)(n - i - 1)));
	json_object_set_new(loop, "first", json_boolean(i == 0));
	json_object_set_new(loop, "last", json_boolean(i + 1 == n));
	json_object_set_new(loop, "length", json_integer((json_int_t)n));
}

/* Bind this iteration's variables: item, or key (and value). */
static void set_item(struct rstate *st, const tnode *n, json_t *seq,
		     size_t base, size_t i, void **iter)
{
	if (json_is_array(seq)) {
		rebind(st, base, json_incref(json_array_get(seq, i)));
		return;
	}
	rebind(st, base, json_stringn(json_object_iter_key(*iter),
				      json_object_iter_key_len(*iter)));
	if (n->var2)
		rebind(st, base + 1, json_incref(json_object_iter_value(*iter)));
	*iter = json_object_iter_next(seq, *iter);
}

static int loop_over(struct rstate *st, const tnode *n, json_t *seq,
		     size_t count)
{
	json_t *loop = json_object();
	size_t base = st->nbinds, mark;
	void *iter = json_object_iter(seq);
	int rc = 0;

	bind(st, n->var, NULL);
	if (n->var2)
		bind(st, n->var2, NULL);
	bind(st, "loop", loop);
	mark = st->nbinds;
	for (size_t i = 0; i < count && !rc; i++) {
		if (++st->steps > st->t->max_steps) {
			rc = fail(st, n->line, "loops run more than %zu times",
				  st->t->max_steps);
			break;
		}
		set_item(st, n, seq, base, i, &iter);
		set_loop(loop, i, count);
		rc = render_list(st, n->body);
		unbind_to(st, mark);
	}
	unbind_to(st, base);
	return rc;
}

static int render_for(struct rstate *st, const tnode *n)
{
	json_t *seq;
	size_t count = 0;
	int rc = eval(st, n->expr, false, &seq);

	if (rc)
		return rc;
	if (json_is_array(seq) && n->var2)
		rc = fail(st, n->line, "'%s' is a list, but 'for %s, %s' needs "
			  "a mapping", n->expr->text, n->var, n->var2);
	else if (json_is_array(seq))
		count = json_array_size(seq);
	else if (json_is_object(seq))
		count = json_object_size(seq);
	else if (seq && !json_is_null(seq))
		rc = fail(st, n->line, "'%s' is %s, not a list or mapping",
			  n->expr->text, type_name(seq));
	if (!rc && count)
		rc = loop_over(st, n, seq, count);
	else if (!rc)
		rc = render_list(st, n->else_body);
	json_decref(seq);
	return rc;
}

static int render_set(struct rstate *st, const tnode *n)
{
	json_t *v;
	int rc = eval(st, n->expr, false, &v);

	if (!rc)
		bind(st, n->var, v);
	return rc;
}

static int render_list(struct rstate *st, const tnode *n)
{
	int rc = 0;

	for (; n && !rc; n = n->next) {
		switch (n->kind) {
		case TN_TEXT:
			floe_buf_put(st->out, n->text, n->len);
			break;
		case TN_OUTPUT:
			rc = render_output(st, n);
			break;
		case TN_IF:
			rc = render_if(st, n);
			break;
		case TN_FOR:
			rc = render_for(st, n);
			break;
		case TN_SET:
			rc = render_set(st, n);
			break;
		}
	}
	return rc;
}

int floe_emit__template_render(floe_buf *out, const floe_template *t, json_t *ctx,
			 floe_buf *err)
{
	struct rstate st = { 0 };
	size_t mark = out->len;
	int rc;

	st.t = t;
	st.ctx = ctx;
	st.out = out;
	st.err = err;
	rc = render_list(&st, t->root);
	unbind_to(&st, 0);
	free(st.binds);
	if (rc)
		floe_buf_truncate(out, mark);
	return rc;
}
