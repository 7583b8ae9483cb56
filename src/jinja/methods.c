/*
 * methods.c: the Python methods dbt projects call on strings, lists and
 * dicts, bound to their value as callables.  Case mapping is ASCII (as
 * are isdigit/isalpha/...); str.format knows {}, {0}, {name} and {{ }},
 * without format specs.  A list sort is stable (merge sort), as Python's.
 */
#include <ctype.h>
#include <stdlib.h>
#include <string.h>
#include "jinja_int.h"

#define SELF_STR(c) ((c)->self.u.str)

static floe_jval str_arg_or(const floe_jinja_call *c, size_t i,
			    const char *name, const char *dflt)
{
	const floe_jval *v = floe_jinja_arg(c, i, name);
	if (v && v->k == FLOE_JV_STR)
		return *v;
	return dflt ? floe_jv_cstr(dflt) : (floe_jval){ .k = FLOE_JV_NONE };
}

static int need_str(floe_jinja_call *c, const floe_jval *v, const char *what)
{
	if (v && v->k == FLOE_JV_STR)
		return 0;
	return floe_jinja_fail(c->rt, "jinja/type", "%s must be a string, not '%s'",
			       what, v ? floe_jv_kind_name(v) : "nothing");
}

static floe_jval map_case(floe_jinja_rt *rt, floe_jval s, int mode)
{
	char *o = floe_arena_alloc(rt->a, s.u.str.len + 1);
	bool start = true;
	for (size_t i = 0; i < s.u.str.len; i++) {
		unsigned char ch = (unsigned char)s.u.str.s[i];
		switch (mode) {
		case 0: o[i] = (char)toupper(ch); break;
		case 1: o[i] = (char)tolower(ch); break;
		case 2: /* title */
			o[i] = (char)(start ? toupper(ch) : tolower(ch));
			start = !isalpha(ch);
			break;
		default: /* capitalize */
			o[i] = (char)(i == 0 ? toupper(ch) : tolower(ch));
		}
	}
	return floe_jv_str(o, s.u.str.len);
}

static int m_upper(floe_jinja_call *c, floe_jval *out) { *out = map_case(c->rt, c->self, 0); return 0; }
static int m_lower(floe_jinja_call *c, floe_jval *out) { *out = map_case(c->rt, c->self, 1); return 0; }
static int m_title(floe_jinja_call *c, floe_jval *out) { *out = map_case(c->rt, c->self, 2); return 0; }
static int m_capitalize(floe_jinja_call *c, floe_jval *out) { *out = map_case(c->rt, c->self, 3); return 0; }

static bool in_set(char ch, const floe_jval *chars)
{
	if (chars->k != FLOE_JV_STR)
		return isspace((unsigned char)ch) != 0;
	return memchr(chars->u.str.s, ch, chars->u.str.len) != NULL;
}

static int strip_side(floe_jinja_call *c, floe_jval *out, bool l, bool r)
{
	floe_jval chars = str_arg_or(c, 0, "chars", NULL);
	const char *s = SELF_STR(c).s;
	size_t b = 0, e = SELF_STR(c).len;
	while (l && b < e && in_set(s[b], &chars))
		b++;
	while (r && e > b && in_set(s[e - 1], &chars))
		e--;
	*out = floe_jv_str(s + b, e - b);
	return 0;
}

static int m_strip(floe_jinja_call *c, floe_jval *out) { return strip_side(c, out, true, true); }
static int m_lstrip(floe_jinja_call *c, floe_jval *out) { return strip_side(c, out, true, false); }
static int m_rstrip(floe_jinja_call *c, floe_jval *out) { return strip_side(c, out, false, true); }

static const char *find_sub(const char *s, size_t n, const char *sub, size_t k)
{
	if (k == 0)
		return s;
	for (size_t i = 0; i + k <= n; i++)
		if (memcmp(s + i, sub, k) == 0)
			return s + i;
	return NULL;
}

static const char *rfind_sub(const char *s, size_t n, const char *sub, size_t k)
{
	if (k > n)
		return NULL;
	for (size_t i = n - k + 1; i-- > 0;)
		if (memcmp(s + i, sub, k) == 0)
			return s + i;
	return NULL;
}

static int64_t maxsplit_arg(const floe_jinja_call *c)
{
	const floe_jval *m = floe_jinja_arg(c, 1, "maxsplit");
	return m && m->k == FLOE_JV_INT ? m->u.i : -1;
}

static int split(floe_jinja_call *c, floe_jval *out, bool right)
{
	floe_jval sep = str_arg_or(c, 0, "sep", NULL);
	int64_t max = maxsplit_arg(c);
	const char *s = SELF_STR(c).s;
	size_t n = SELF_STR(c).len;
	floe_jval parts = floe_jv_list(c->rt->a);
	floe_jlist tmp = { 0 };
	if (sep.k == FLOE_JV_STR && sep.u.str.len == 0)
		return floe_jinja_fail(c->rt, "jinja/value", "empty separator");
	if (sep.k != FLOE_JV_STR) {
		/* runs of whitespace, no empty parts */
		size_t i = 0, e = n;
		while (!right ? i < n : e > 0) {
			if (!right) {
				while (i < n && isspace((unsigned char)s[i])) i++;
				if (i == n) break;
				size_t b = i;
				if (max >= 0 && (int64_t)tmp.len == max) {
					size_t t = n;
					while (t > b && isspace((unsigned char)s[t - 1])) t--;
					floe_jv_list_push(c->rt->a, &tmp, floe_jv_str(s + b, t - b));
					break;
				}
				while (i < n && !isspace((unsigned char)s[i])) i++;
				floe_jv_list_push(c->rt->a, &tmp, floe_jv_str(s + b, i - b));
			} else {
				while (e > 0 && isspace((unsigned char)s[e - 1])) e--;
				if (e == 0) break;
				size_t x = e;
				if (max >= 0 && (int64_t)tmp.len == max) {
					size_t b = 0;
					while (b < x && isspace((unsigned char)s[b])) b++;
					floe_jv_list_push(c->rt->a, &tmp, floe_jv_str(s + b, x - b));
					break;
				}
				while (e > 0 && !isspace((unsigned char)s[e - 1])) e--;
				floe_jv_list_push(c->rt->a, &tmp, floe_jv_str(s + e, x - e));
			}
		}
	} else {
		const char *p = sep.u.str.s;
		size_t k = sep.u.str.len, b = 0, e = n;
		for (;;) {
			const char *hit = (max >= 0 && (int64_t)tmp.len >= max) ? NULL :
					  right ? rfind_sub(s, e, p, k) :
						  find_sub(s + b, n - b, p, k);
			if (!hit) {
				floe_jv_list_push(c->rt->a, &tmp, right ? floe_jv_str(s, e) :
						  floe_jv_str(s + b, n - b));
				break;
			}
			size_t at = (size_t)(hit - s);
			if (right) {
				floe_jv_list_push(c->rt->a, &tmp,
						  floe_jv_str(s + at + k, e - at - k));
				e = at;
			} else {
				floe_jv_list_push(c->rt->a, &tmp, floe_jv_str(s + b, at - b));
				b = at + k;
			}
		}
	}
	for (size_t i = 0; i < tmp.len; i++)
		floe_jv_list_push(c->rt->a, parts.u.list,
				  tmp.items[right ? tmp.len - 1 - i : i]);
	*out = parts;
	return 0;
}

static int m_split(floe_jinja_call *c, floe_jval *out) { return split(c, out, false); }
static int m_rsplit(floe_jinja_call *c, floe_jval *out) { return split(c, out, true); }

static int m_replace(floe_jinja_call *c, floe_jval *out)
{
	const floe_jval *old = floe_jinja_arg(c, 0, "old");
	const floe_jval *new = floe_jinja_arg(c, 1, "new");
	const floe_jval *cnt = floe_jinja_arg(c, 2, "count");
	if (need_str(c, old, "replace() argument 1") < 0 ||
	    need_str(c, new, "replace() argument 2") < 0)
		return RC_ERR;
	int64_t max = cnt && cnt->k == FLOE_JV_INT ? cnt->u.i : -1;
	const char *s = SELF_STR(c).s;
	size_t n = SELF_STR(c).len, i = 0;
	floe_buf b = FLOE_BUF_INIT;
	for (int64_t done = 0; old->u.str.len && (max < 0 || done < max); done++) {
		const char *hit = find_sub(s + i, n - i, old->u.str.s, old->u.str.len);
		if (!hit)
			break;
		floe_buf_put(&b, s + i, (size_t)(hit - s) - i);
		floe_buf_put(&b, new->u.str.s, new->u.str.len);
		i = (size_t)(hit - s) + old->u.str.len;
	}
	floe_buf_put(&b, s + i, n - i);
	*out = floe_jinja__buf_val(c->rt, &b);
	floe_buf_release(&b);
	return 0;
}

static bool affix(const floe_jval *s, const floe_jval *a, bool end)
{
	if (a->k != FLOE_JV_STR || a->u.str.len > s->u.str.len)
		return false;
	size_t off = end ? s->u.str.len - a->u.str.len : 0;
	return memcmp(s->u.str.s + off, a->u.str.s, a->u.str.len) == 0;
}

static int starts_ends(floe_jinja_call *c, floe_jval *out, bool end)
{
	const floe_jval *a = floe_jinja_arg(c, 0, "prefix");
	bool hit = false;
	if (a && a->k == FLOE_JV_LIST) {
		for (size_t i = 0; i < a->u.list->len && !hit; i++)
			hit = affix(&c->self, &a->u.list->items[i], end);
	} else if (need_str(c, a, end ? "endswith() argument" :
					"startswith() argument") < 0) {
		return RC_ERR;
	} else {
		hit = affix(&c->self, a, end);
	}
	*out = floe_jv_bool(hit);
	return 0;
}

static int m_startswith(floe_jinja_call *c, floe_jval *out) { return starts_ends(c, out, false); }
static int m_endswith(floe_jinja_call *c, floe_jval *out) { return starts_ends(c, out, true); }

static int m_find(floe_jinja_call *c, floe_jval *out)
{
	const floe_jval *sub = floe_jinja_arg(c, 0, "sub");
	if (need_str(c, sub, "find() argument") < 0)
		return RC_ERR;
	const char *hit = find_sub(SELF_STR(c).s, SELF_STR(c).len, sub->u.str.s,
				   sub->u.str.len);
	*out = floe_jv_int(hit ? (int64_t)floe_utf8_count(SELF_STR(c).s,
							   (size_t)(hit - SELF_STR(c).s)) : -1);
	return 0;
}

static int m_count_str(floe_jinja_call *c, floe_jval *out)
{
	const floe_jval *sub = floe_jinja_arg(c, 0, "sub");
	if (need_str(c, sub, "count() argument") < 0)
		return RC_ERR;
	int64_t n = 0;
	const char *s = SELF_STR(c).s;
	size_t len = SELF_STR(c).len, i = 0, k = sub->u.str.len;
	if (k == 0) {
		*out = floe_jv_int((int64_t)floe_utf8_count(s, len) + 1);
		return 0;
	}
	const char *hit;
	while ((hit = find_sub(s + i, len - i, sub->u.str.s, k)) != NULL) {
		n++;
		i = (size_t)(hit - s) + k;
	}
	*out = floe_jv_int(n);
	return 0;
}

static int str_class(floe_jinja_call *c, floe_jval *out, int (*pred)(int),
		     bool cased)
{
	const char *s = SELF_STR(c).s;
	size_t n = SELF_STR(c).len;
	bool ok = n > 0, any = false;
	for (size_t i = 0; i < n && ok; i++) {
		unsigned char ch = (unsigned char)s[i];
		if (cased) {
			if (isalpha(ch)) {
				any = true;
				ok = pred(ch) != 0;
			}
		} else {
			ok = pred(ch) != 0;
		}
	}
	*out = floe_jv_bool(ok && (!cased || any));
	return 0;
}

static int m_isdigit(floe_jinja_call *c, floe_jval *out) { return str_class(c, out, isdigit, false); }
static int m_isalpha(floe_jinja_call *c, floe_jval *out) { return str_class(c, out, isalpha, false); }
static int m_isalnum(floe_jinja_call *c, floe_jval *out) { return str_class(c, out, isalnum, false); }
static int m_isspace(floe_jinja_call *c, floe_jval *out) { return str_class(c, out, isspace, false); }
static int m_islower(floe_jinja_call *c, floe_jval *out) { return str_class(c, out, islower, true); }
static int m_isupper(floe_jinja_call *c, floe_jval *out) { return str_class(c, out, isupper, true); }

static int m_splitlines(floe_jinja_call *c, floe_jval *out)
{
	const char *s = SELF_STR(c).s;
	size_t n = SELF_STR(c).len, b = 0;
	*out = floe_jv_list(c->rt->a);
	for (size_t i = 0; i < n; i++) {
		if (s[i] != '\n' && s[i] != '\r')
			continue;
		floe_jv_list_push(c->rt->a, out->u.list, floe_jv_str(s + b, i - b));
		if (s[i] == '\r' && i + 1 < n && s[i + 1] == '\n')
			i++;
		b = i + 1;
	}
	if (b < n)
		floe_jv_list_push(c->rt->a, out->u.list, floe_jv_str(s + b, n - b));
	return 0;
}

static int m_zfill(floe_jinja_call *c, floe_jval *out)
{
	const floe_jval *w = floe_jinja_arg(c, 0, "width");
	int64_t width = w && w->k == FLOE_JV_INT ? w->u.i : 0;
	const char *s = SELF_STR(c).s;
	size_t n = SELF_STR(c).len;
	if (width <= (int64_t)n || width > (1 << 20)) {
		*out = c->self;
		return 0;
	}
	floe_buf b = FLOE_BUF_INIT;
	size_t i = 0;
	if (n && (s[0] == '-' || s[0] == '+'))
		floe_buf_putc(&b, s[i++]);
	for (int64_t k = (int64_t)n; k < width; k++)
		floe_buf_putc(&b, '0');
	floe_buf_put(&b, s + i, n - i);
	*out = floe_jinja__buf_val(c->rt, &b);
	floe_buf_release(&b);
	return 0;
}

static int m_join(floe_jinja_call *c, floe_jval *out)
{
	const floe_jval *it = floe_jinja_arg(c, 0, "iterable");
	floe_jlist items;
	if (!it)
		return floe_jinja_fail(c->rt, "jinja/args", "join() takes one argument");
	if (floe_jinja__iter(c->rt, it, &items) < 0)
		return RC_ERR;
	floe_buf b = FLOE_BUF_INIT;
	for (size_t i = 0; i < items.len; i++) {
		if (items.items[i].k != FLOE_JV_STR) {
			floe_buf_release(&b);
			return floe_jinja_fail(c->rt, "jinja/type",
					       "sequence item %zu: expected str instance, %s found",
					       i, floe_jv_kind_name(&items.items[i]));
		}
		if (i)
			floe_buf_put(&b, SELF_STR(c).s, SELF_STR(c).len);
		floe_buf_put(&b, items.items[i].u.str.s, items.items[i].u.str.len);
	}
	*out = floe_jinja__buf_val(c->rt, &b);
	floe_buf_release(&b);
	return 0;
}

/* str.format: {} {0} {name} and {{ }}; a format spec after ':' is ignored */
static int m_format(floe_jinja_call *c, floe_jval *out)
{
	const char *s = SELF_STR(c).s;
	size_t n = SELF_STR(c).len, autoi = 0;
	floe_buf b = FLOE_BUF_INIT;
	for (size_t i = 0; i < n; i++) {
		if ((s[i] == '{' || s[i] == '}') && i + 1 < n && s[i + 1] == s[i]) {
			floe_buf_putc(&b, s[i++]);
			continue;
		}
		if (s[i] != '{') {
			floe_buf_putc(&b, s[i]);
			continue;
		}
		const char *close = memchr(s + i, '}', n - i);
		if (!close) {
			floe_buf_release(&b);
			return floe_jinja_fail(c->rt, "jinja/value",
					       "single '{' encountered in format string");
		}
		size_t fb = i + 1, fe = (size_t)(close - s);
		const char *colon = memchr(s + fb, ':', fe - fb);
		size_t ne = colon ? (size_t)(colon - s) : fe;
		const floe_jval *v = NULL;
		if (ne == fb) {
			v = autoi < c->npos ? &c->pos[autoi] : NULL;
			autoi++;
		} else if (isdigit((unsigned char)s[fb])) {
			size_t k = (size_t)strtoul(s + fb, NULL, 10);
			v = k < c->npos ? &c->pos[k] : NULL;
		} else {
			char *name = floe_arena_strndup(c->rt->a, s + fb, ne - fb);
			for (size_t k = 0; k < c->nkw && !v; k++)
				if (floe_str_eq(c->kwn[k], name))
					v = &c->kwv[k];
		}
		if (!v) {
			floe_buf_release(&b);
			return floe_jinja_fail(c->rt, "jinja/args",
					       "format string refers to a missing argument");
		}
		floe_jv_str_put(&b, v);
		i = fe;
	}
	*out = floe_jinja__buf_val(c->rt, &b);
	floe_buf_release(&b);
	return 0;
}

/* ---- lists ---- */

#define SELF_LIST(c) ((c)->self.u.list)

static int m_append(floe_jinja_call *c, floe_jval *out)
{
	const floe_jval *v = floe_jinja_arg(c, 0, "object");
	if (!v)
		return floe_jinja_fail(c->rt, "jinja/args", "append() takes exactly one argument");
	floe_jv_list_push(c->rt->a, SELF_LIST(c), *v);
	*out = floe_jv_none();
	return 0;
}

static int m_extend(floe_jinja_call *c, floe_jval *out)
{
	const floe_jval *v = floe_jinja_arg(c, 0, "iterable");
	floe_jlist items;
	if (!v)
		return floe_jinja_fail(c->rt, "jinja/args", "extend() takes exactly one argument");
	if (floe_jinja__iter(c->rt, v, &items) < 0 ||
	    floe_jinja__room(c->rt, SELF_LIST(c)->len + items.len) < 0)
		return RC_ERR;
	floe_jval *copy = floe_arena_alloc(c->rt->a, (items.len + 1) * sizeof(*copy));
	if (items.len)
		memcpy(copy, items.items, items.len * sizeof(*copy));
	for (size_t i = 0; i < items.len; i++)
		floe_jv_list_push(c->rt->a, SELF_LIST(c), copy[i]);
	*out = floe_jv_none();
	return 0;
}

static int m_insert(floe_jinja_call *c, floe_jval *out)
{
	const floe_jval *i = floe_jinja_arg(c, 0, "index"), *v = floe_jinja_arg(c, 1, "object");
	if (!i || !v || i->k != FLOE_JV_INT)
		return floe_jinja_fail(c->rt, "jinja/args", "insert() takes an index and an object");
	floe_jlist *l = SELF_LIST(c);
	int64_t at = i->u.i < 0 ? i->u.i + (int64_t)l->len : i->u.i;
	at = at < 0 ? 0 : at > (int64_t)l->len ? (int64_t)l->len : at;
	floe_jv_list_push(c->rt->a, l, *v);
	memmove(l->items + at + 1, l->items + at, (l->len - 1 - (size_t)at) * sizeof(*l->items));
	l->items[at] = *v;
	*out = floe_jv_none();
	return 0;
}

static int m_pop_list(floe_jinja_call *c, floe_jval *out)
{
	const floe_jval *i = floe_jinja_arg(c, 0, "index");
	floe_jlist *l = SELF_LIST(c);
	int64_t at = i && i->k == FLOE_JV_INT ? i->u.i : -1;
	if (at < 0)
		at += (int64_t)l->len;
	if (at < 0 || at >= (int64_t)l->len)
		return floe_jinja_fail(c->rt, "jinja/index", "pop index out of range");
	*out = l->items[at];
	memmove(l->items + at, l->items + at + 1, (l->len - 1 - (size_t)at) * sizeof(*l->items));
	l->len--;
	return 0;
}

static long list_index(const floe_jlist *l, const floe_jval *v)
{
	for (size_t i = 0; i < l->len; i++)
		if (floe_jv_eq(&l->items[i], v))
			return (long)i;
	return -1;
}

static int m_remove(floe_jinja_call *c, floe_jval *out)
{
	const floe_jval *v = floe_jinja_arg(c, 0, "value");
	floe_jlist *l = SELF_LIST(c);
	long at = v ? list_index(l, v) : -1;
	if (at < 0)
		return floe_jinja_fail(c->rt, "jinja/value", "list.remove(x): x not in list");
	memmove(l->items + at, l->items + at + 1, (l->len - 1 - (size_t)at) * sizeof(*l->items));
	l->len--;
	*out = floe_jv_none();
	return 0;
}

static int m_index(floe_jinja_call *c, floe_jval *out)
{
	const floe_jval *v = floe_jinja_arg(c, 0, "value");
	if (c->self.k == FLOE_JV_STR) {
		int rc = m_find(c, out);
		if (rc == 0 && out->u.i < 0)
			return floe_jinja_fail(c->rt, "jinja/value", "substring not found");
		return rc;
	}
	long at = v ? list_index(SELF_LIST(c), v) : -1;
	if (at < 0)
		return floe_jinja_fail(c->rt, "jinja/value", "value is not in list");
	*out = floe_jv_int(at);
	return 0;
}

static int m_count_list(floe_jinja_call *c, floe_jval *out)
{
	const floe_jval *v = floe_jinja_arg(c, 0, "value");
	int64_t n = 0;
	for (size_t i = 0; v && i < SELF_LIST(c)->len; i++)
		n += floe_jv_eq(&SELF_LIST(c)->items[i], v);
	*out = floe_jv_int(n);
	return 0;
}

static int m_reverse(floe_jinja_call *c, floe_jval *out)
{
	floe_jlist *l = SELF_LIST(c);
	for (size_t i = 0; i < l->len / 2; i++) {
		floe_jval t = l->items[i];
		l->items[i] = l->items[l->len - 1 - i];
		l->items[l->len - 1 - i] = t;
	}
	*out = floe_jv_none();
	return 0;
}

static int m_sort(floe_jinja_call *c, floe_jval *out)
{
	const floe_jval *rev = floe_jinja_arg(c, 99, "reverse");
	floe_jlist *l = SELF_LIST(c);
	if (floe_jinja__sort(c->rt, l->items, l->len, NULL, rev && floe_jv_truthy(rev),
			     true) < 0)
		return RC_ERR;
	*out = floe_jv_none();
	return 0;
}

static int m_copy(floe_jinja_call *c, floe_jval *out)
{
	if (c->self.k == FLOE_JV_LIST) {
		*out = floe_jv_list(c->rt->a);
		for (size_t i = 0; i < SELF_LIST(c)->len; i++)
			floe_jv_list_push(c->rt->a, out->u.list, SELF_LIST(c)->items[i]);
		return 0;
	}
	*out = floe_jv_dict(c->rt->a);
	for (size_t i = 0; i < c->self.u.dict->len; i++)
		floe_jv_dict_set(c->rt->a, out->u.dict, c->self.u.dict->keys[i],
				 c->self.u.dict->vals[i]);
	return 0;
}

/* ---- dicts ---- */

#define SELF_DICT(c) ((c)->self.u.dict)

static int dict_view(floe_jinja_call *c, floe_jval *out, int which)
{
	floe_jdict *d = SELF_DICT(c);
	*out = floe_jv_list(c->rt->a);
	for (size_t i = 0; i < d->len; i++) {
		floe_jval v = which == 0 ? d->keys[i] : d->vals[i];
		if (which == 2) {
			v = floe_jv_list(c->rt->a);
			v.tuple = 1;
			floe_jv_list_push(c->rt->a, v.u.list, d->keys[i]);
			floe_jv_list_push(c->rt->a, v.u.list, d->vals[i]);
		}
		floe_jv_list_push(c->rt->a, out->u.list, v);
	}
	return 0;
}

static int m_keys(floe_jinja_call *c, floe_jval *out) { return dict_view(c, out, 0); }
static int m_values(floe_jinja_call *c, floe_jval *out) { return dict_view(c, out, 1); }
static int m_items(floe_jinja_call *c, floe_jval *out) { return dict_view(c, out, 2); }

static long dict_find(const floe_jdict *d, const floe_jval *k)
{
	for (size_t i = 0; i < d->len; i++)
		if (floe_jv_eq(&d->keys[i], k))
			return (long)i;
	return -1;
}

static int m_get(floe_jinja_call *c, floe_jval *out)
{
	const floe_jval *k = floe_jinja_arg(c, 0, "key");
	const floe_jval *dflt = floe_jinja_arg(c, 1, "default");
	long at = k ? dict_find(SELF_DICT(c), k) : -1;
	*out = at >= 0 ? SELF_DICT(c)->vals[at] : dflt ? *dflt : floe_jv_none();
	return 0;
}

static int m_setdefault(floe_jinja_call *c, floe_jval *out)
{
	const floe_jval *k = floe_jinja_arg(c, 0, "key");
	const floe_jval *dflt = floe_jinja_arg(c, 1, "default");
	if (!k)
		return floe_jinja_fail(c->rt, "jinja/args", "setdefault() takes a key");
	long at = dict_find(SELF_DICT(c), k);
	if (at >= 0) {
		*out = SELF_DICT(c)->vals[at];
		return 0;
	}
	*out = dflt ? *dflt : floe_jv_none();
	floe_jv_dict_set(c->rt->a, SELF_DICT(c), *k, *out);
	return 0;
}

static int m_update(floe_jinja_call *c, floe_jval *out)
{
	const floe_jval *o = c->npos ? &c->pos[0] : NULL;
	if (o && o->k != FLOE_JV_DICT)
		return floe_jinja_fail(c->rt, "jinja/type", "update() takes a mapping");
	for (size_t i = 0; o && i < o->u.dict->len; i++)
		floe_jv_dict_set(c->rt->a, SELF_DICT(c), o->u.dict->keys[i], o->u.dict->vals[i]);
	for (size_t i = 0; i < c->nkw; i++)
		floe_jv_dict_sets(c->rt->a, SELF_DICT(c), c->kwn[i], c->kwv[i]);
	*out = floe_jv_none();
	return 0;
}

static int m_pop_dict(floe_jinja_call *c, floe_jval *out)
{
	const floe_jval *k = floe_jinja_arg(c, 0, "key");
	const floe_jval *dflt = floe_jinja_arg(c, 1, "default");
	floe_jdict *d = SELF_DICT(c);
	long at = k ? dict_find(d, k) : -1;
	if (at < 0) {
		if (!dflt)
			return floe_jinja_fail(c->rt, "jinja/key", "key not in dict");
		*out = *dflt;
		return 0;
	}
	*out = d->vals[at];
	memmove(d->keys + at, d->keys + at + 1, (d->len - 1 - (size_t)at) * sizeof(*d->keys));
	memmove(d->vals + at, d->vals + at + 1, (d->len - 1 - (size_t)at) * sizeof(*d->vals));
	d->len--;
	return 0;
}

struct method {
	uint8_t kind;
	const char *name;
	floe_jinja_fn fn;
};

static const struct method methods[] = {
	{ FLOE_JV_STR, "upper", m_upper }, { FLOE_JV_STR, "lower", m_lower },
	{ FLOE_JV_STR, "title", m_title }, { FLOE_JV_STR, "capitalize", m_capitalize },
	{ FLOE_JV_STR, "strip", m_strip }, { FLOE_JV_STR, "lstrip", m_lstrip },
	{ FLOE_JV_STR, "rstrip", m_rstrip }, { FLOE_JV_STR, "split", m_split },
	{ FLOE_JV_STR, "rsplit", m_rsplit }, { FLOE_JV_STR, "replace", m_replace },
	{ FLOE_JV_STR, "startswith", m_startswith }, { FLOE_JV_STR, "endswith", m_endswith },
	{ FLOE_JV_STR, "find", m_find }, { FLOE_JV_STR, "index", m_index },
	{ FLOE_JV_STR, "count", m_count_str }, { FLOE_JV_STR, "isdigit", m_isdigit },
	{ FLOE_JV_STR, "isalpha", m_isalpha }, { FLOE_JV_STR, "isalnum", m_isalnum },
	{ FLOE_JV_STR, "isspace", m_isspace }, { FLOE_JV_STR, "islower", m_islower },
	{ FLOE_JV_STR, "isupper", m_isupper }, { FLOE_JV_STR, "splitlines", m_splitlines },
	{ FLOE_JV_STR, "zfill", m_zfill }, { FLOE_JV_STR, "join", m_join },
	{ FLOE_JV_STR, "format", m_format },
	{ FLOE_JV_LIST, "append", m_append }, { FLOE_JV_LIST, "extend", m_extend },
	{ FLOE_JV_LIST, "insert", m_insert }, { FLOE_JV_LIST, "pop", m_pop_list },
	{ FLOE_JV_LIST, "remove", m_remove }, { FLOE_JV_LIST, "index", m_index },
	{ FLOE_JV_LIST, "count", m_count_list }, { FLOE_JV_LIST, "reverse", m_reverse },
	{ FLOE_JV_LIST, "sort", m_sort }, { FLOE_JV_LIST, "copy", m_copy },
	{ FLOE_JV_DICT, "items", m_items }, { FLOE_JV_DICT, "keys", m_keys },
	{ FLOE_JV_DICT, "values", m_values }, { FLOE_JV_DICT, "get", m_get },
	{ FLOE_JV_DICT, "update", m_update }, { FLOE_JV_DICT, "pop", m_pop_dict },
	{ FLOE_JV_DICT, "setdefault", m_setdefault }, { FLOE_JV_DICT, "copy", m_copy },
};

int floe_jinja__method(floe_jinja_rt *rt, const floe_jval *self,
		       const char *name, floe_jval *out)
{
	uint8_t kind = self->k == FLOE_JV_NS ? FLOE_JV_DICT : self->k;
	for (size_t k = 0; k < FLOE_ARRAY_SIZE(methods); k++)
		if (methods[k].kind == kind && floe_str_eq(methods[k].name, name)) {
			*out = floe_jv_func(rt->a, methods[k].name, methods[k].fn, NULL);
			out->u.fn->self = *self;
			if (self->k == FLOE_JV_NS)
				out->u.fn->self.k = FLOE_JV_DICT;
			return 0;
		}
	return 1;
}

/* ---- sorting ---- */

struct sortctx {
	floe_jinja_rt *rt;
	const char *attr;
	bool reverse, case_sensitive, failed;
};

static int key_of(struct sortctx *s, const floe_jval *v, floe_jval *out)
{
	*out = *v;
	if (s->attr && floe_jinja__attr_path(s->rt, v, s->attr, out) < 0)
		return RC_ERR;
	if (!s->case_sensitive && out->k == FLOE_JV_STR) {
		char *o = floe_arena_alloc(s->rt->a, out->u.str.len + 1);
		for (size_t i = 0; i < out->u.str.len; i++)
			o[i] = (char)tolower((unsigned char)out->u.str.s[i]);
		*out = floe_jv_str(o, out->u.str.len);
	}
	return 0;
}

static bool before(struct sortctx *s, const floe_jval *a, const floe_jval *b)
{
	floe_jval ka, kb;
	int c = 0;
	if (s->failed || key_of(s, a, &ka) < 0 || key_of(s, b, &kb) < 0 ||
	    floe_jinja__cmp(s->rt, &ka, &kb, &c) < 0) {
		s->failed = true;
		return false;
	}
	return s->reverse ? c > 0 : c < 0;
}

static void merge_sort(struct sortctx *s, floe_jval *v, floe_jval *tmp, size_t n)
{
	if (n < 2 || s->failed)
		return;
	size_t h = n / 2;
	merge_sort(s, v, tmp, h);
	merge_sort(s, v + h, tmp, n - h);
	size_t i = 0, j = h, k = 0;
	while (i < h && j < n)
		tmp[k++] = before(s, &v[j], &v[i]) ? v[j++] : v[i++];
	while (i < h)
		tmp[k++] = v[i++];
	while (j < n)
		tmp[k++] = v[j++];
	memcpy(v, tmp, n * sizeof(*v));
}

int floe_jinja__sort(floe_jinja_rt *rt, floe_jval *items, size_t n,
		     const char *attr, bool reverse, bool case_sensitive)
{
	struct sortctx s = { rt, attr, reverse, case_sensitive, false };
	floe_jval *tmp = floe_arena_alloc(rt->a, (n + 1) * sizeof(*tmp));
	merge_sort(&s, items, tmp, n);
	return s.failed ? RC_ERR : 0;
}
