/*
 * filters.c: Jinja's built-in filters with jinja2/filters.py's arguments
 * and defaults (default/d with boolean, join with attribute, map with
 * attribute= or a filter name, select/reject by test, sort with
 * attribute/reverse/case_sensitive, truncate's leeway, indent's quirks).
 * Case mapping is ASCII.  Filters on sequences are in filters_seq.c.
 */
#include <ctype.h>
#include <math.h>
#include <stdlib.h>
#include <string.h>
#include "jinja_int.h"

#define SUBJ (&c->pos[0])

static const floe_jval *farg(const floe_jinja_call *c, size_t i, const char *name)
{
	return floe_jinja_arg(c, i + 1, name);
}

static bool flag(const floe_jinja_call *c, size_t i, const char *name)
{
	const floe_jval *v = farg(c, i, name);
	return v && floe_jv_truthy(v);
}

static int64_t int_arg(const floe_jinja_call *c, size_t i, const char *name,
		       int64_t dflt)
{
	const floe_jval *v = farg(c, i, name);
	return v && v->k == FLOE_JV_INT ? v->u.i : dflt;
}

static int subj_str(floe_jinja_call *c, floe_jval *s)
{
	return floe_jinja__str(c->rt, SUBJ, s);
}

static int done_buf(floe_jinja_call *c, floe_buf *b, floe_jval *out)
{
	*out = floe_jinja__buf_val(c->rt, b);
	floe_buf_release(b);
	return 0;
}

static int f_default(floe_jinja_call *c, floe_jval *out)
{
	const floe_jval *d = farg(c, 0, "default_value");
	bool boolean = flag(c, 1, "boolean");
	if (SUBJ->k == FLOE_JV_UNDEF || (boolean && !floe_jv_truthy(SUBJ)))
		*out = d ? *d : floe_jv_str("", 0);
	else
		*out = *SUBJ;
	return 0;
}

static int case_filter(floe_jinja_call *c, floe_jval *out, const char *method)
{
	floe_jval s, fn;
	if (subj_str(c, &s) < 0 || floe_jinja__method(c->rt, &s, method, &fn) != 0)
		return RC_ERR;
	floe_jinja_call mc = { .rt = c->rt, .self = s };
	return fn.u.fn->fn(&mc, out);
}

static int f_upper(floe_jinja_call *c, floe_jval *o) { return case_filter(c, o, "upper"); }
static int f_lower(floe_jinja_call *c, floe_jval *o) { return case_filter(c, o, "lower"); }
static int f_title(floe_jinja_call *c, floe_jval *o) { return case_filter(c, o, "title"); }
static int f_capitalize(floe_jinja_call *c, floe_jval *o) { return case_filter(c, o, "capitalize"); }

static int f_trim(floe_jinja_call *c, floe_jval *out)
{
	floe_jval s, fn;
	if (subj_str(c, &s) < 0 || floe_jinja__method(c->rt, &s, "strip", &fn) != 0)
		return RC_ERR;
	const floe_jval *chars = farg(c, 0, "chars");
	floe_jinja_call mc = { .rt = c->rt, .self = s, .pos = chars, .npos = chars ? 1 : 0 };
	return fn.u.fn->fn(&mc, out);
}

static int f_replace(floe_jinja_call *c, floe_jval *out)
{
	floe_jval s, fn;
	if (subj_str(c, &s) < 0 || floe_jinja__method(c->rt, &s, "replace", &fn) != 0)
		return RC_ERR;
	floe_jval args[3];
	size_t n = 0;
	for (size_t i = 0; i < 3; i++) {
		const floe_jval *a = farg(c, i, i == 0 ? "old" : i == 1 ? "new" : "count");
		if (!a)
			break;
		args[n++] = *a;
	}
	floe_jinja_call mc = { .rt = c->rt, .self = s, .pos = args, .npos = n };
	return fn.u.fn->fn(&mc, out);
}

static int f_string(floe_jinja_call *c, floe_jval *out)
{
	if (SUBJ->k == FLOE_JV_UNDEF) {
		*out = floe_jv_str("", 0);
		return 0;
	}
	return subj_str(c, out);
}

static int f_safe(floe_jinja_call *c, floe_jval *out)
{
	if (subj_str(c, out) < 0)
		return RC_ERR;
	out->safe = 1;
	return 0;
}

static void html_escape(floe_buf *b, const char *s, size_t n)
{
	for (size_t i = 0; i < n; i++)
		switch (s[i]) {
		case '&': floe_buf_puts(b, "&amp;"); break;
		case '<': floe_buf_puts(b, "&lt;"); break;
		case '>': floe_buf_puts(b, "&gt;"); break;
		case '"': floe_buf_puts(b, "&#34;"); break;
		case '\'': floe_buf_puts(b, "&#39;"); break;
		default: floe_buf_putc(b, s[i]);
		}
}

static int escape_common(floe_jinja_call *c, floe_jval *out, bool force)
{
	floe_jval s;
	if (!force && SUBJ->safe) {
		*out = *SUBJ;
		return 0;
	}
	if (subj_str(c, &s) < 0)
		return RC_ERR;
	floe_buf b = FLOE_BUF_INIT;
	html_escape(&b, s.u.str.s, s.u.str.len);
	done_buf(c, &b, out);
	out->safe = 1;
	return 0;
}

static int f_escape(floe_jinja_call *c, floe_jval *o) { return escape_common(c, o, false); }
static int f_forceescape(floe_jinja_call *c, floe_jval *o) { return escape_common(c, o, true); }

static int f_length(floe_jinja_call *c, floe_jval *out)
{
	switch (SUBJ->k) {
	case FLOE_JV_STR:
		*out = floe_jv_int((int64_t)floe_utf8_count(SUBJ->u.str.s, SUBJ->u.str.len));
		return 0;
	case FLOE_JV_LIST: *out = floe_jv_int((int64_t)SUBJ->u.list->len); return 0;
	case FLOE_JV_DICT: case FLOE_JV_NS:
		*out = floe_jv_int((int64_t)SUBJ->u.dict->len);
		return 0;
	case FLOE_JV_UNDEF: *out = floe_jv_int(0); return 0;
	default:
		return floe_jinja_fail(c->rt, "jinja/type", "object of type '%s' has no len()",
				       floe_jv_kind_name(SUBJ));
	}
}

static int f_abs(floe_jinja_call *c, floe_jval *out)
{
	if (SUBJ->k == FLOE_JV_INT && SUBJ->u.i != INT64_MIN)
		*out = floe_jv_int(SUBJ->u.i < 0 ? -SUBJ->u.i : SUBJ->u.i);
	else if (SUBJ->k == FLOE_JV_FLOAT)
		*out = floe_jv_float(SUBJ->u.f < 0 ? -SUBJ->u.f : SUBJ->u.f);
	else
		return floe_jinja_fail(c->rt, "jinja/type", "bad operand type for abs(): '%s'",
				       floe_jv_kind_name(SUBJ));
	return 0;
}

static bool parse_float(const floe_jval *v, double *out)
{
	if (v->k == FLOE_JV_FLOAT) { *out = v->u.f; return true; }
	if (v->k == FLOE_JV_INT) { *out = (double)v->u.i; return true; }
	if (v->k == FLOE_JV_BOOL) { *out = v->u.b; return true; }
	if (v->k != FLOE_JV_STR || v->u.str.len == 0 || v->u.str.len > 100)
		return false;
	char tmp[128], *end;
	memcpy(tmp, v->u.str.s, v->u.str.len);
	tmp[v->u.str.len] = '\0';
	*out = strtod(tmp, &end);
	while (isspace((unsigned char)*end))
		end++;
	return *end == '\0' && end != tmp;
}

static int f_float(floe_jinja_call *c, floe_jval *out)
{
	double d;
	const floe_jval *dflt = farg(c, 0, "default");
	if (parse_float(SUBJ, &d))
		*out = floe_jv_float(d);
	else
		*out = dflt ? *dflt : floe_jv_float(0.0);
	return 0;
}

static int f_int(floe_jinja_call *c, floe_jval *out)
{
	const floe_jval *dflt = farg(c, 0, "default");
	int base = (int)int_arg(c, 1, "base", 10);
	double d;
	if (SUBJ->k == FLOE_JV_INT || SUBJ->k == FLOE_JV_BOOL) {
		*out = floe_jv_int(SUBJ->k == FLOE_JV_INT ? SUBJ->u.i : SUBJ->u.b);
		return 0;
	}
	if (SUBJ->k == FLOE_JV_STR && SUBJ->u.str.len && SUBJ->u.str.len < 100) {
		char tmp[128], *end;
		memcpy(tmp, SUBJ->u.str.s, SUBJ->u.str.len);
		tmp[SUBJ->u.str.len] = '\0';
		long long v = strtoll(tmp, &end, base);
		while (isspace((unsigned char)*end))
			end++;
		if (*end == '\0' && end != tmp) {
			*out = floe_jv_int(v);
			return 0;
		}
	}
	if (parse_float(SUBJ, &d) && d < 9.2e18 && d > -9.2e18) {
		*out = floe_jv_int((int64_t)d);
		return 0;
	}
	*out = dflt ? *dflt : floe_jv_int(0);
	return 0;
}

/* Python's round(): halves go to the even neighbour */
static double half_even(double x)
{
	double f = floor(x), diff = x - f;
	if (diff > 0.5)
		return f + 1;
	if (diff < 0.5)
		return f;
	return floor(f / 2) == f / 2 ? f : f + 1;
}

static int f_round(floe_jinja_call *c, floe_jval *out)
{
	int64_t prec = int_arg(c, 0, "precision", 0);
	const floe_jval *m = farg(c, 1, "method");
	double d;
	if (!parse_float(SUBJ, &d) || SUBJ->k == FLOE_JV_STR)
		return floe_jinja_fail(c->rt, "jinja/type", "round needs a number");
	double p = floe_jinja__pow(10.0, (double)prec);
	const char *method = m && m->k == FLOE_JV_STR ? m->u.str.s : "common";
	double x = d * p;
	if (floe_str_eq(method, "floor"))
		x = floor(x);
	else if (floe_str_eq(method, "ceil"))
		x = -floor(-x);
	else if (floe_str_eq(method, "common"))
		x = half_even(x);
	else
		return floe_jinja_fail(c->rt, "jinja/value",
				       "method must be common, ceil or floor");
	*out = floe_jv_float(x / p);
	return 0;
}

static int f_center(floe_jinja_call *c, floe_jval *out)
{
	floe_jval s;
	int64_t w = int_arg(c, 0, "width", 80);
	if (subj_str(c, &s) < 0)
		return RC_ERR;
	int64_t n = (int64_t)floe_utf8_count(s.u.str.s, s.u.str.len);
	if (w <= n || w > (1 << 20)) {
		*out = s;
		return 0;
	}
	int64_t pad = w - n, left = pad / 2 + (pad & w & 1);
	floe_buf b = FLOE_BUF_INIT;
	for (int64_t k = 0; k < left; k++)
		floe_buf_putc(&b, ' ');
	floe_buf_put(&b, s.u.str.s, s.u.str.len);
	for (int64_t k = 0; k < pad - left; k++)
		floe_buf_putc(&b, ' ');
	return done_buf(c, &b, out);
}

/* jinja2 indent: s += "\n"; lines; first line as is unless first=True */
static int f_indent(floe_jinja_call *c, floe_jval *out)
{
	floe_jval s;
	const floe_jval *w = farg(c, 0, "width");
	bool first = flag(c, 1, "first"), blank = flag(c, 2, "blank");
	if (subj_str(c, &s) < 0)
		return RC_ERR;
	floe_buf ind = FLOE_BUF_INIT, b = FLOE_BUF_INIT;
	if (w && w->k == FLOE_JV_STR)
		floe_buf_put(&ind, w->u.str.s, w->u.str.len);
	else
		for (int64_t k = 0; k < (w && w->k == FLOE_JV_INT ? w->u.i : 4) && k < 1024; k++)
			floe_buf_putc(&ind, ' ');
	/* (s + "\n").splitlines(): the pieces between newlines */
	const char *p = s.u.str.s;
	size_t n = s.u.str.len, i = 0;
	if (first)
		floe_buf_put(&b, ind.ptr, ind.len);
	for (bool first_line = true; i <= n; first_line = false) {
		size_t e = i;
		while (e < n && p[e] != '\n')
			e++;
		if (!first_line) {
			floe_buf_putc(&b, '\n');
			if (blank || e > i)
				floe_buf_put(&b, ind.ptr, ind.len);
		}
		floe_buf_put(&b, p + i, e - i);
		i = e + 1;
	}
	floe_buf_release(&ind);
	return done_buf(c, &b, out);
}

static int f_truncate(floe_jinja_call *c, floe_jval *out)
{
	floe_jval s;
	int64_t length = int_arg(c, 0, "length", 255);
	bool killwords = flag(c, 1, "killwords");
	const floe_jval *endv = farg(c, 2, "end");
	int64_t leeway = int_arg(c, 3, "leeway", 5);
	/* clamped: past any string's length they mean "keep it all" */
	length = length < 0 ? 0 : length > ((int64_t)1 << 40) ? (int64_t)1 << 40 : length;
	leeway = leeway < 0 ? 0 : leeway > ((int64_t)1 << 40) ? (int64_t)1 << 40 : leeway;
	if (subj_str(c, &s) < 0)
		return RC_ERR;
	floe_jval end = endv && endv->k == FLOE_JV_STR ? *endv : floe_jv_cstr("...");
	size_t n = floe_utf8_count(s.u.str.s, s.u.str.len);
	if ((int64_t)n <= length + leeway) {
		*out = s;
		return 0;
	}
	int64_t keep = length - (int64_t)floe_utf8_count(end.u.str.s, end.u.str.len);
	if (keep < 0)
		keep = 0;
	size_t cut = floe_utf8_offset(s.u.str.s, s.u.str.len, (size_t)keep);
	if (!killwords) {
		size_t sp = cut;
		while (sp > 0 && s.u.str.s[sp - 1] != ' ')
			sp--;
		if (sp > 0)
			cut = sp - 1;
	}
	floe_buf b = FLOE_BUF_INIT;
	floe_buf_put(&b, s.u.str.s, cut);
	floe_buf_put(&b, end.u.str.s, end.u.str.len);
	return done_buf(c, &b, out);
}

static int f_wordcount(floe_jinja_call *c, floe_jval *out)
{
	floe_jval s;
	if (subj_str(c, &s) < 0)
		return RC_ERR;
	int64_t n = 0;
	bool in = false;
	for (size_t i = 0; i < s.u.str.len; i++) {
		unsigned char ch = (unsigned char)s.u.str.s[i];
		bool w = isalnum(ch) || ch == '_' || ch >= 0x80;
		n += w && !in;
		in = w;
	}
	*out = floe_jv_int(n);
	return 0;
}

static int f_striptags(floe_jinja_call *c, floe_jval *out)
{
	floe_jval s;
	if (subj_str(c, &s) < 0)
		return RC_ERR;
	floe_buf b = FLOE_BUF_INIT;
	bool tag = false, space = false;
	for (size_t i = 0; i < s.u.str.len; i++) {
		char ch = s.u.str.s[i];
		if (ch == '<') { tag = true; continue; }
		if (tag) { tag = ch != '>'; continue; }
		if (isspace((unsigned char)ch)) { space = b.len > 0; continue; }
		if (space) floe_buf_putc(&b, ' ');
		space = false;
		floe_buf_putc(&b, ch);
	}
	return done_buf(c, &b, out);
}

static int f_urlencode(floe_jinja_call *c, floe_jval *out)
{
	floe_jval s;
	if (subj_str(c, &s) < 0)
		return RC_ERR;
	floe_buf b = FLOE_BUF_INIT;
	for (size_t i = 0; i < s.u.str.len; i++) {
		unsigned char ch = (unsigned char)s.u.str.s[i];
		if (isalnum(ch) || strchr("_.-~/", ch))
			floe_buf_putc(&b, (char)ch);
		else
			floe_buf_printf(&b, "%%%02X", ch);
	}
	return done_buf(c, &b, out);
}

static int f_wordwrap(floe_jinja_call *c, floe_jval *out)
{
	floe_jval s;
	int64_t width = int_arg(c, 0, "width", 79);
	if (subj_str(c, &s) < 0)
		return RC_ERR;
	floe_buf b = FLOE_BUF_INIT;
	int64_t col = 0;
	const char *p = s.u.str.s;
	size_t n = s.u.str.len, i = 0;
	while (i < n) {
		while (i < n && p[i] == ' ')
			i++;
		size_t e = i;
		while (e < n && p[e] != ' ' && p[e] != '\n')
			e++;
		int64_t w = (int64_t)floe_utf8_count(p + i, e - i);
		if (col > 0 && col + 1 + w > width) {
			floe_buf_putc(&b, '\n');
			col = 0;
		} else if (col > 0) {
			floe_buf_putc(&b, ' ');
			col++;
		}
		floe_buf_put(&b, p + i, e - i);
		col += w;
		if (e < n && p[e] == '\n') {
			floe_buf_putc(&b, '\n');
			col = 0;
			e++;
		}
		i = e;
	}
	return done_buf(c, &b, out);
}

static int f_format(floe_jinja_call *c, floe_jval *out)
{
	floe_jval fmt, args = floe_jv_list(c->rt->a);
	if (subj_str(c, &fmt) < 0)
		return RC_ERR;
	args.tuple = 1;
	for (size_t i = 1; i < c->npos; i++)
		floe_jv_list_push(c->rt->a, args.u.list, c->pos[i]);
	floe_buf b = FLOE_BUF_INIT;
	size_t k = 0;
	for (size_t i = 0; i < fmt.u.str.len; i++) {
		char ch = fmt.u.str.s[i];
		if (ch != '%' || i + 1 == fmt.u.str.len) {
			floe_buf_putc(&b, ch);
			continue;
		}
		char conv = fmt.u.str.s[++i];
		if (conv == '%') {
			floe_buf_putc(&b, '%');
			continue;
		}
		if (k >= args.u.list->len) {
			floe_buf_release(&b);
			return floe_jinja_fail(c->rt, "jinja/args",
					       "not enough arguments for format string");
		}
		const floe_jval *v = &args.u.list->items[k++];
		double d;
		if ((conv == 'd' || conv == 'i') && parse_float(v, &d) && v->k != FLOE_JV_STR)
			floe_buf_printf(&b, "%lld", (long long)d);
		else if (conv == 'f' && parse_float(v, &d) && v->k != FLOE_JV_STR)
			floe_buf_printf(&b, "%f", d);
		else if (conv == 'r')
			floe_jv_repr_put(&b, v);
		else
			floe_jv_str_put(&b, v);
	}
	return done_buf(c, &b, out);
}

static int f_pprint(floe_jinja_call *c, floe_jval *out)
{
	floe_buf b = FLOE_BUF_INIT;
	floe_jv_repr_put(&b, SUBJ);
	return done_buf(c, &b, out);
}

static int f_tojson(floe_jinja_call *c, floe_jval *out)
{
	const floe_jval *ind = farg(c, 0, "indent");
	floe_buf b = FLOE_BUF_INIT;
	if (floe_jinja__tojson(c->rt, SUBJ, ind && ind->k == FLOE_JV_INT ? (int)ind->u.i : -1,
			       true, &b) < 0) {
		floe_buf_release(&b);
		return RC_ERR;
	}
	/* htmlsafe_json_dumps */
	floe_buf h = FLOE_BUF_INIT;
	for (size_t i = 0; i < b.len; i++)
		switch (b.ptr[i]) {
		case '<': floe_buf_puts(&h, "\\u003c"); break;
		case '>': floe_buf_puts(&h, "\\u003e"); break;
		case '&': floe_buf_puts(&h, "\\u0026"); break;
		case '\'': floe_buf_puts(&h, "\\u0027"); break;
		default: floe_buf_putc(&h, b.ptr[i]);
		}
	floe_buf_release(&b);
	done_buf(c, &h, out);
	out->safe = 1;
	return 0;
}

static int f_attr(floe_jinja_call *c, floe_jval *out)
{
	const floe_jval *name = farg(c, 0, "name");
	if (!name || name->k != FLOE_JV_STR)
		return floe_jinja_fail(c->rt, "jinja/args", "attr needs a name");
	const char *n = floe_arena_strndup(c->rt->a, name->u.str.s, name->u.str.len);
	if (SUBJ->k == FLOE_JV_DICT) {
		/* Python's getattr: a dict's keys are not attributes */
		if (floe_jinja__method(c->rt, SUBJ, n, out) != 0)
			*out = floe_jinja__undef(n);
		return 0;
	}
	return floe_jinja__getattr(c->rt, SUBJ, n, out);
}

static int f_xmlattr(floe_jinja_call *c, floe_jval *out)
{
	bool autospace = !farg(c, 0, "autospace") || flag(c, 0, "autospace");
	if (SUBJ->k != FLOE_JV_DICT)
		return floe_jinja_fail(c->rt, "jinja/type", "xmlattr needs a mapping");
	floe_buf b = FLOE_BUF_INIT;
	for (size_t i = 0; i < SUBJ->u.dict->len; i++) {
		const floe_jval *v = &SUBJ->u.dict->vals[i];
		if (v->k == FLOE_JV_NONE || v->k == FLOE_JV_UNDEF)
			continue;
		floe_buf k = FLOE_BUF_INIT, s = FLOE_BUF_INIT;
		floe_jv_str_put(&k, &SUBJ->u.dict->keys[i]);
		floe_jv_str_put(&s, v);
		if (b.len || autospace)
			floe_buf_putc(&b, ' ');
		html_escape(&b, floe_buf_cstr(&k), k.len);
		floe_buf_puts(&b, "=\"");
		html_escape(&b, floe_buf_cstr(&s), s.len);
		floe_buf_putc(&b, '"');
		floe_buf_release(&k);
		floe_buf_release(&s);
	}
	return done_buf(c, &b, out);
}

int floe_jinja__filters_seq(const char *name, const struct jfilter_def **out);

static const struct jfilter_def filters[] = {
	{ "abs", f_abs, NULL }, { "attr", f_attr, NULL },
	{ "capitalize", f_capitalize, NULL }, { "center", f_center, NULL },
	{ "count", f_length, NULL }, { "d", f_default, NULL },
	{ "default", f_default, NULL }, { "e", f_escape, NULL },
	{ "escape", f_escape, NULL }, { "float", f_float, NULL },
	{ "forceescape", f_forceescape, NULL }, { "format", f_format, NULL },
	{ "indent", f_indent, NULL }, { "int", f_int, NULL },
	{ "length", f_length, NULL }, { "lower", f_lower, NULL },
	{ "pprint", f_pprint, NULL }, { "replace", f_replace, NULL },
	{ "round", f_round, NULL }, { "safe", f_safe, NULL },
	{ "string", f_string, NULL }, { "striptags", f_striptags, NULL },
	{ "title", f_title, NULL }, { "tojson", f_tojson, NULL },
	{ "trim", f_trim, NULL }, { "truncate", f_truncate, NULL },
	{ "upper", f_upper, NULL }, { "urlencode", f_urlencode, NULL },
	{ "wordcount", f_wordcount, NULL }, { "wordwrap", f_wordwrap, NULL },
	{ "xmlattr", f_xmlattr, NULL },
};

const struct jfilter_def *floe_jinja__builtin_filter(const char *name)
{
	for (size_t k = 0; k < FLOE_ARRAY_SIZE(filters); k++)
		if (floe_str_eq(filters[k].name, name))
			return &filters[k];
	const struct jfilter_def *d = NULL;
	floe_jinja__filters_seq(name, &d);
	return d;
}

int floe_jinja__filter_by_name(floe_jinja_rt *rt, const char *name,
			       const floe_jval *v, const floe_jval *args,
			       size_t nargs, floe_jval *out)
{
	const struct jfilter_def *f = NULL;
	for (size_t k = rt->env->nfilters; k-- > 0 && !f;)
		if (floe_str_eq(rt->env->filters[k].name, name))
			f = &rt->env->filters[k];
	if (!f)
		f = floe_jinja__builtin_filter(name);
	if (!f)
		return floe_jinja_fail(rt, "jinja/unknown-filter", "no filter named '%s'", name);
	floe_jval *pos = floe_arena_alloc(rt->a, (nargs + 1) * sizeof(*pos));
	pos[0] = *v;
	if (nargs)
		memcpy(pos + 1, args, nargs * sizeof(*pos));
	floe_jinja_call c = { .rt = rt, .ud = f->ud, .pos = pos, .npos = nargs + 1 };
	return f->fn(&c, out);
}
