/*
 * explain_show.c: how explain and diff show values and origins: as text
 * for people (quoted, control characters escaped, cut where asked) and as
 * JSON through a small writer that keeps numbers as the model spells them
 * (jansson would print 0.67 as 0.67000000000000004).  Never a secret's
 * value: the model holds references only.
 */
#include <string.h>
#include "inspect/explain_int.h"

/* ---- JSON writer ---- */

void floe_inspect__jw_init(struct jw *w, floe_buf *b)
{
	w->b = b;
	floe_buf_init(&w->stack);
	w->after_key = false;
}

void floe_inspect__jw_release(struct jw *w)
{
	floe_buf_release(&w->stack);
}

static void indent(struct jw *w)
{
	floe_buf_putc(w->b, '\n');
	for (size_t i = 0; i < w->stack.len; i++)
		floe_buf_puts(w->b, "  ");
}

/* Before any value or key: the separator and the line break it needs. */
static void begin(struct jw *w)
{
	if (w->after_key) {
		w->after_key = false;
		return;
	}
	if (!w->stack.len)
		return;
	char *top = &w->stack.ptr[w->stack.len - 1];
	if (*top)
		*top = 0;
	else
		floe_buf_putc(w->b, ',');
	indent(w);
}

void floe_inspect__jw_open(struct jw *w, char c)
{
	begin(w);
	floe_buf_putc(w->b, c);
	floe_buf_putc(&w->stack, 1);
}

void floe_inspect__jw_close(struct jw *w, char c)
{
	bool empty = w->stack.ptr[w->stack.len - 1];
	floe_buf_truncate(&w->stack, w->stack.len - 1);
	if (!empty)
		indent(w);
	floe_buf_putc(w->b, c);
}

void floe_inspect__jw_key(struct jw *w, const char *k)
{
	begin(w);
	floe_buf_put_json_str(w->b, k, strlen(k));
	floe_buf_puts(w->b, ": ");
	w->after_key = true;
}

static void jw_str(struct jw *w, const char *s)
{
	begin(w);
	if (s)
		floe_buf_put_json_str(w->b, s, strlen(s));
	else
		floe_buf_puts(w->b, "null");
}

void floe_inspect__jw_raw(struct jw *w, const char *text)
{
	begin(w);
	floe_buf_puts(w->b, text);
}

void floe_inspect__jw_uint(struct jw *w, uint64_t n)
{
	begin(w);
	floe_buf_printf(w->b, "%llu", (unsigned long long)n);
}

void floe_inspect__jw_bool(struct jw *w, bool v)
{
	floe_inspect__jw_raw(w, v ? "true" : "false");
}

void floe_inspect__jw_kstr(struct jw *w, const char *k, const char *s)
{
	floe_inspect__jw_key(w, k);
	jw_str(w, s);
}

/* ---- text ---- */

void floe_inspect__ex_put_shown(floe_buf *b, const char *s, size_t max)
{
	size_t cps = 0;
	for (; s && *s; s++) {
		unsigned char c = (unsigned char)*s;
		if ((c & 0xc0) != 0x80 && max && cps++ == max) {
			floe_buf_puts(b, "...");
			return;
		}
		if (c == '\n')
			floe_buf_puts(b, "\\n");
		else if (c == '\t')
			floe_buf_puts(b, "\\t");
		else if (c < 0x20 || c == 0x7f)
			floe_buf_printf(b, "\\x%02x", c);
		else
			floe_buf_putc(b, (char)c);
	}
}

void floe_inspect__ex_put_value(floe_buf *b, const floe_mval *v, size_t max)
{
	switch (v->kind) {
	case FLOE_MV_STRING:
		floe_buf_putc(b, '\'');
		floe_inspect__ex_put_shown(b, v->text, max);
		floe_buf_putc(b, '\'');
		break;
	case FLOE_MV_MAP:
	case FLOE_MV_SEQ:
		floe_buf_printf(b, "%s of %zu", floe_mval_kind_name(v->kind), v->len);
		break;
	default:
		floe_inspect__ex_put_shown(b, v->text, max);
		break;
	}
}

floe_span floe_inspect__ex_span(const floe_origin *o)
{
	const floe_node *k;
	if (o->node && o->span.end_line > o->span.line &&
	    (o->node->kind == FLOE_NODE_MAP || o->node->kind == FLOE_NODE_SEQ) &&
	    (k = floe_node_key_of(o->node)))
		return k->span;
	return o->span;
}

/* "file:line:col" of an explicit origin, else "". */
static void ex_put_where(floe_buf *b, const floe_origin *o)
{
	floe_span span = floe_inspect__ex_span(o);
	const floe_span *s = &span;
	if (o->kind != FLOE_ORIGIN_EXPLICIT || !s->src)
		return;
	floe_inspect__ex_put_shown(b, floe_source_path(s->src), 0);
	if (s->line)
		floe_buf_printf(b, ":%u:%u", (unsigned)s->line, (unsigned)s->col);
}

void floe_inspect__ex_put_origin(floe_buf *b, const floe_origin *o)
{
	floe_buf_puts(b, floe_origin_kind_name(o->kind));
	switch (o->kind) {
	case FLOE_ORIGIN_EXPLICIT:
		if (o->span.src) {
			floe_buf_puts(b, ", ");
			ex_put_where(b, o);
		}
		break;
	case FLOE_ORIGIN_DEFAULT:
		if (o->note) {
			floe_buf_puts(b, ", ");
			floe_inspect__ex_put_shown(b, o->note, 0);
		}
		break;
	default:
		if (o->note) {
			floe_buf_puts(b, ": ");
			floe_inspect__ex_put_shown(b, o->note, 0);
		}
		break;
	}
}

static void put_from(floe_buf *b, floe_model *m, const floe_origin *o,
		     int ind, int depth)
{
	for (size_t i = 0; i < o->nfrom; i++) {
		const floe_mval *f = o->from[i];
		floe_buf_printf(b, "%*sfrom ", ind, "");
		floe_inspect__ex_put_shown(b, floe_mval_pointer(m, f), 0);
		floe_buf_puts(b, " = ");
		floe_inspect__ex_put_value(b, f, 60);
		floe_buf_puts(b, " (");
		floe_inspect__ex_put_origin(b, &f->origin);
		floe_buf_puts(b, ")\n");
		/* derivations are shallow; the bound guards a cycle */
		if (f->origin.kind == FLOE_ORIGIN_DERIVED && depth < 8)
			put_from(b, m, &f->origin, ind + 2, depth + 1);
	}
}

void floe_inspect__ex_put_from(floe_buf *b, floe_model *m, const floe_origin *o,
		       int ind)
{
	put_from(b, m, o, ind, 0);
}

/* ---- JSON ---- */

const char *floe_inspect__ex_type(const floe_mval *v)
{
	return floe_mval_kind_name(v->kind);
}

/* INT and FLOAT text that JSON reads as a number (not inf or nan). */
static bool json_number(const char *s)
{
	return s && *s && strspn(s, "0123456789+-.eE") == strlen(s);
}

void floe_inspect__ex_json_value(struct jw *w, floe_model *m, const floe_mval *v,
			 bool deep)
{
	switch (v->kind) {
	case FLOE_MV_NULL: floe_inspect__jw_raw(w, "null"); break;
	case FLOE_MV_BOOL: floe_inspect__jw_bool(w, v->v.b); break;
	case FLOE_MV_INT:
	case FLOE_MV_FLOAT:
		if (json_number(v->text))
			floe_inspect__jw_raw(w, v->text);
		else
			jw_str(w, v->text);
		break;
	case FLOE_MV_STRING: jw_str(w, v->text); break;
	case FLOE_MV_SECRET:
		floe_inspect__jw_open(w, '{');
		floe_inspect__jw_kstr(w, "secret_ref", v->secret ? v->secret->name : NULL);
		floe_inspect__jw_kstr(w, "key", v->secret ? v->secret->key : NULL);
		floe_inspect__jw_kstr(w, "env", v->secret ? v->secret->env : NULL);
		floe_inspect__jw_close(w, '}');
		break;
	default:
		if (!deep) {
			floe_inspect__jw_raw(w, "null");
			break;
		}
		floe_inspect__jw_open(w, v->kind == FLOE_MV_MAP ? '{' : '[');
		for (size_t i = 0; i < v->len; i++) {
			if (v->kind == FLOE_MV_MAP)
				floe_inspect__jw_key(w, v->items[i]->key);
			floe_inspect__ex_json_value(w, m, v->items[i], true);
		}
		floe_inspect__jw_close(w, v->kind == FLOE_MV_MAP ? '}' : ']');
		break;
	}
}

static void json_span(struct jw *w, floe_model *m, const floe_origin *o)
{
	floe_span span = floe_inspect__ex_span(o);
	const floe_span *s = &span;
	floe_inspect__jw_kstr(w, "file", s->src ? floe_source_path(s->src) : NULL);
	floe_inspect__jw_key(w, "line");
	if (s->src && s->line)
		floe_inspect__jw_uint(w, s->line);
	else
		floe_inspect__jw_raw(w, "null");
	floe_inspect__jw_key(w, "col");
	if (s->src && s->line)
		floe_inspect__jw_uint(w, s->col);
	else
		floe_inspect__jw_raw(w, "null");
	floe_inspect__jw_kstr(w, "input_pointer", o->node ?
		      floe_node_pointer(floe_model_arena(m), o->node) : NULL);
}

void floe_inspect__ex_json_origin(struct jw *w, floe_model *m, const floe_origin *o,
			  int depth)
{
	floe_inspect__jw_open(w, '{');
	floe_inspect__jw_kstr(w, "kind", floe_origin_kind_name(o->kind));
	if (o->kind == FLOE_ORIGIN_EXPLICIT)
		json_span(w, m, o);
	floe_inspect__jw_kstr(w, "note", o->note);
	if (o->kind == FLOE_ORIGIN_DERIVED) {
		floe_inspect__jw_key(w, "from");
		floe_inspect__jw_open(w, '[');
		for (size_t i = 0; i < o->nfrom && depth < 8; i++) {
			const floe_mval *f = o->from[i];
			floe_inspect__jw_open(w, '{');
			floe_inspect__jw_kstr(w, "pointer", floe_mval_pointer(m, f));
			floe_inspect__jw_kstr(w, "type", floe_inspect__ex_type(f));
			floe_inspect__jw_key(w, "value");
			floe_inspect__ex_json_value(w, m, f, false);
			floe_inspect__jw_key(w, "origin");
			floe_inspect__ex_json_origin(w, m, &f->origin, depth + 1);
			floe_inspect__jw_close(w, '}');
		}
		floe_inspect__jw_close(w, ']');
	}
	floe_inspect__jw_close(w, '}');
}

size_t floe_inspect__ex_secrets_of(const floe_model *m, const floe_mval *v,
			   const floe_msecret **out, size_t max)
{
	size_t n = 0;
	for (size_t i = 0; i < floe_model_secret_count(m); i++) {
		const floe_msecret *s = floe_model_secret_at(m, i);
		for (size_t k = 0; k < s->nused; k++) {
			if (s->used_by[k] != v)
				continue;
			if (n < max)
				out[n] = s;
			n++;
			break;
		}
	}
	return n < max ? n : max;
}
