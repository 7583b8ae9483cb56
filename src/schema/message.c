/*
 * message.c: the wording of validation diagnostics: how values, types and
 * lists of allowed values are shown, "did you mean" suggestions, and the
 * diagnostics for unknown keys, enum and const.  Values under a schema
 * marked "x-floe-secret" are never shown.
 */
#include <string.h>
#include "internal.h"

#define QUOTE_MAX 40      /* code points shown of a value */
#define LIST_MAX 12       /* allowed keys / values listed in a note */

static const floe_node null_node = { .kind = FLOE_NODE_NULL };

__attribute__((format(printf, 5, 0)))
static floe_diag *vfail(vctx *c, const char *code, const floe_node *at,
			const floe_node *n, const char *fmt, va_list ap)
{
	floe_arena *a = floe_diags_arena(c->d);
	char *msg = floe_arena_vprintf(a, fmt, ap);
	if (!n)
		n = at = &null_node;
	/* a value written where a secret reference belongs: the source line
	 * quoted under the caret must not show it */
	if (c->secret && n->kind != FLOE_NODE_MAP && n->kind != FLOE_NODE_SEQ)
		floe_source_redact(&n->span);
	return floe_diag_add(c->d, FLOE_SEV_ERROR, code, &at->span,
			     floe_node_pointer(a, n), "%s", msg);
}

floe_diag *floe_schema__fail(vctx *c, const char *code, const floe_node *n,
		    const char *fmt, ...)
{
	va_list ap;
	if (!c->d || c->budget->spent)
		return NULL; /* spent: only schema/budget, none of what follows */
	va_start(ap, fmt);
	floe_diag *dg = vfail(c, code, n, n, fmt, ap);
	va_end(ap);
	return dg;
}

floe_diag *floe_schema__fail_at(vctx *c, const char *code, const floe_node *at,
		       const floe_node *n, const char *fmt, ...)
{
	va_list ap;
	if (!c->d || c->budget->spent)
		return NULL;
	va_start(ap, fmt);
	floe_diag *dg = vfail(c, code, at ? at : n, n, fmt, ap);
	va_end(ap);
	return dg;
}

/* Controls escaped, cut after QUOTE_MAX code points. */
static void put_text(floe_buf *b, const char *s, size_t len)
{
	size_t cps = 0, i = 0;
	for (; i < len && cps < QUOTE_MAX; i++) {
		unsigned char ch = (unsigned char)s[i];
		if ((ch & 0xc0) != 0x80)
			cps++;
		if (ch == '\n')
			floe_buf_puts(b, "\\n");
		else if (ch == '\t')
			floe_buf_puts(b, "\\t");
		else if (ch < 0x20 || ch == 0x7f)
			floe_buf_printf(b, "\\x%02x", ch);
		else
			floe_buf_putc(b, (char)ch);
	}
	while (i < len && ((unsigned char)s[i] & 0xc0) == 0x80)
		floe_buf_putc(b, s[i++]);
	if (i < len)
		floe_buf_puts(b, "...");
}

const char *floe_schema__quote(floe_arena *a, const char *s, size_t len)
{
	floe_buf b = FLOE_BUF_INIT;
	floe_buf_putc(&b, '\'');
	put_text(&b, s ? s : "", s ? len : 0);
	floe_buf_putc(&b, '\'');
	char *out = floe_arena_strndup(a, b.ptr, b.len);
	floe_buf_release(&b);
	return out;
}

static const char *scalar_text(floe_arena *a, const floe_node *n)
{
	if (n->text)
		return n->text;
	switch (n->kind) {
	case FLOE_NODE_BOOL: return n->v.b ? "true" : "false";
	case FLOE_NODE_INT: return floe_arena_printf(a, "%lld", (long long)n->v.i);
	case FLOE_NODE_FLOAT: return floe_arena_printf(a, "%.17g", n->v.d);
	}
	return "null";
}

const char *floe_schema__subject(vctx *c, const floe_node *n)
{
	floe_arena *a = floe_diags_arena(c->d);
	if (c->secret)
		return "the secret value";
	switch (n->kind) {
	case FLOE_NODE_STRING: return floe_schema__quote(a, n->text, n->len);
	case FLOE_NODE_SEQ:
	case FLOE_NODE_MAP: return "value";
	case FLOE_NODE_NULL: return "null";
	}
	return scalar_text(a, n);
}

/* "string 'abc'", "a mapping", "null" ... */
static const char *describe(vctx *c, const floe_node *n)
{
	floe_arena *a = floe_diags_arena(c->d);
	const char *kind = floe_node_kind_name(n->kind);
	switch (n->kind) {
	case FLOE_NODE_SEQ: return "a sequence";
	case FLOE_NODE_MAP: return "a mapping";
	case FLOE_NODE_NULL: return "null";
	}
	if (c->secret)
		return floe_arena_printf(a, "a secret %s", kind);
	if (n->kind == FLOE_NODE_STRING)
		return floe_arena_printf(a, "string %s",
					 floe_schema__quote(a, n->text, n->len));
	return floe_arena_printf(a, "%s %s", kind, scalar_text(a, n));
}

/* "integer or string" from a type mask. */
static const char *type_list(floe_arena *a, unsigned types)
{
	static const char *const names[] = {
		"null", "boolean", "integer", "number", "string", "a sequence",
		"a mapping",
	};
	const char *pick[FLOE_ARRAY_SIZE(names)];
	size_t n = 0;
	floe_buf b = FLOE_BUF_INIT;

	if (types & ST_NUM)
		types &= ~(unsigned)ST_INT;
	for (size_t i = 0; i < FLOE_ARRAY_SIZE(names); i++)
		if (types & (1u << i))
			pick[n++] = names[i];
	for (size_t i = 0; i < n; i++) {
		if (i > 0)
			floe_buf_puts(&b, i + 1 == n ? " or " : ", ");
		floe_buf_puts(&b, pick[i]);
	}
	char *out = floe_arena_strdup(a, floe_buf_cstr(&b));
	floe_buf_release(&b);
	return out;
}

static void sch_put_value(floe_buf *b, const floe_node *v)
{
	switch (v->kind) {
	case FLOE_NODE_STRING: put_text(b, v->text, v->len); return;
	case FLOE_NODE_SEQ: floe_buf_puts(b, "[...]"); return;
	case FLOE_NODE_MAP: floe_buf_puts(b, "{...}"); return;
	}
	if (v->text)
		floe_buf_puts(b, v->text);
	else if (v->kind == FLOE_NODE_BOOL)
		floe_buf_puts(b, v->v.b ? "true" : "false");
	else if (v->kind == FLOE_NODE_INT)
		floe_buf_printf(b, "%lld", (long long)v->v.i);
	else if (v->kind == FLOE_NODE_FLOAT)
		floe_buf_printf(b, "%.17g", v->v.d);
	else
		floe_buf_puts(b, "null");
}

static void put_list(floe_buf *b, const floe_node *const *vals, size_t n)
{
	for (size_t i = 0; i < n && i < LIST_MAX; i++) {
		if (i > 0)
			floe_buf_puts(b, ", ");
		sch_put_value(b, vals[i]);
	}
	if (n > LIST_MAX)
		floe_buf_puts(b, ", ...");
}

void floe_schema__type_report(vctx *c, unsigned types, const floe_node *n)
{
	floe_diag *dg = floe_schema__fail(c, "schema/type", n, "expected %s, got %s",
				 type_list(floe_diags_arena(c->d), types),
				 describe(c, n));
	/* a secret written in the file: the words of lint's credential rule */
	if (dg && c->secret && (types & ST_OBJ) && n->kind != FLOE_NODE_MAP &&
	    n->kind != FLOE_NODE_SEQ)
		floe_diag_hint(c->d, dg, "use {secret_ref: NAME} instead of the value; floe reads NAME "
			       "from the environment, /var/run/secrets or a sealed file (floe secrets seal)");
}

void floe_schema__type_mismatch(vctx *c, const sch *s, const floe_node *n)
{
	floe_schema__type_report(c, s->types, n);
}

/* "did you mean" among the strings of vals. */
static const char *suggest(vctx *c, const floe_node *const *vals, size_t n,
			   const char *word)
{
	floe_arena *a = floe_diags_arena(c->d);
	const char **cands = floe_arena_alloc(a, (n + 1) * sizeof(*cands));
	size_t k = 0;
	for (size_t i = 0; i < n; i++)
		if (vals[i]->kind == FLOE_NODE_STRING)
			cands[k++] = vals[i]->text;
	const char *near = floe_str_suggest(word, cands, k);
	return near && strcmp(near, word) != 0 ? near : NULL;
}

void floe_schema__enum_report(vctx *c, const floe_node *const *vals, size_t nvals,
		     const floe_node *n)
{
	floe_buf b = FLOE_BUF_INIT;
	const char *text;
	floe_diag *dg = floe_schema__fail(c, "schema/enum", n,
				 "%s is not one of the allowed values",
				 floe_schema__subject(c, n));
	put_list(&b, vals, nvals);
	floe_diag_note(c->d, dg, NULL, "expected one of: %s", floe_buf_cstr(&b));
	floe_buf_release(&b);
	if (!c->secret && floe_node_as_string(n, &text)) {
		const char *near = suggest(c, vals, nvals, text);
		if (near)
			floe_diag_note(c->d, dg, NULL, "did you mean '%s'?", near);
	}
}

void floe_schema__enum_mismatch(vctx *c, const floe_node *values, const floe_node *n)
{
	floe_schema__enum_report(c, (const floe_node *const *)values->items,
			values->len, n);
}

void floe_schema__const_mismatch(vctx *c, const floe_node *want, const floe_node *n)
{
	floe_buf b = FLOE_BUF_INIT;
	bool quote = want->kind == FLOE_NODE_STRING;
	if (quote)
		floe_buf_putc(&b, '\'');
	sch_put_value(&b, want);
	if (quote)
		floe_buf_putc(&b, '\'');
	floe_schema__fail(c, "schema/const", n, "%s is not the allowed value %s",
		 floe_schema__subject(c, n), floe_buf_cstr(&b));
	floe_buf_release(&b);
}

/*
 * Maps keyed by names the user chooses (profiles, jobs) take keys by
 * patternProperties: a key that matches none is "unknown" only because of
 * its spelling, so say which spelling is wanted.
 */
static void note_key_patterns(vctx *c, floe_diag *dg, const sch *s)
{
	const floe_node *pp = floe_node_get(s->node, "patternProperties");
	floe_arena *a = floe_diags_arena(c->d);
	floe_buf b = FLOE_BUF_INIT;

	if (!s->obj->npprops || !pp || pp->kind != FLOE_NODE_MAP || !pp->len)
		return;
	for (size_t i = 0; i < pp->len && i < LIST_MAX; i++)
		floe_buf_printf(&b, "%s%s", i ? ", " : "",
				floe_schema__quote(a, pp->keys[i]->text, pp->keys[i]->len));
	floe_diag_note(c->d, dg, NULL, "keys here must match %s %s",
		       pp->len == 1 ? "the pattern" : "one of the patterns",
		       floe_buf_cstr(&b));
	floe_buf_release(&b);
}

void floe_schema__unknown_key(vctx *c, const sch *s, const floe_node *map, size_t i)
{
	const floe_node *k = map->keys[i];
	floe_arena *a = floe_diags_arena(c->d);
	floe_diag *dg = floe_schema__fail_at(c, "schema/unknown-key", k, map->items[i],
				    "unknown key %s", floe_schema__quote(a, k->text, k->len));
	const sch_obj *o = s->obj;
	const char *near = o->nprops ? floe_str_suggest(k->text, o->prop_order,
							o->nprops) : NULL;
	if (near) {
		floe_diag_note(c->d, dg, NULL, "did you mean '%s'?", near);
	} else if (o->nprops > 0 && o->nprops <= LIST_MAX) {
		floe_buf b = FLOE_BUF_INIT;
		floe_buf_put_list(&b, o->prop_order, o->nprops);
		floe_diag_note(c->d, dg, NULL, "allowed keys: %s", floe_buf_cstr(&b));
		floe_buf_release(&b);
	}
	if (!near)
		note_key_patterns(c, dg, s);
}
