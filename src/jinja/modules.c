/*
 * modules.c: dbt's `modules`: re on PCRE2 (match, search, fullmatch,
 * findall, sub, split, compile, escape and the flags; Python's syntax is
 * PCRE2's for what dbt projects write) and the datetime module (in
 * datetime.c).  Compiled patterns live until the render's arena dies.
 */
#define PCRE2_CODE_UNIT_WIDTH 8
#include <pcre2.h>
#include <stdlib.h>
#include <string.h>
#include "jinja_int.h"

enum { RE_I = 2, RE_M = 8, RE_S = 16, RE_X = 64 };

struct pat {
	pcre2_code *code;
	floe_jval src;
	int64_t flags;
	uint32_t ngroups;
};

struct match {
	floe_jval subject;
	PCRE2_SIZE *ov;   /* 2 * (ngroups + 1) offsets, copied */
	uint32_t ngroups;
};

static void code_free(void *p)
{
	pcre2_code_free(p);
}

static int compile(floe_jinja_rt *rt, const floe_jval *pv, int64_t flags,
		   struct pat **out)
{
	if (pv->k == FLOE_JV_OBJ && pv->u.obj->type->name &&
	    floe_str_eq(pv->u.obj->type->name, "re.Pattern")) {
		*out = pv->u.obj->data;
		return 0;
	}
	if (pv->k != FLOE_JV_STR)
		return floe_jinja_fail(rt, "jinja/type", "first argument must be string or compiled pattern");
	uint32_t opts = PCRE2_UTF | (flags & RE_I ? PCRE2_CASELESS : 0) |
			(flags & RE_M ? PCRE2_MULTILINE : 0) |
			(flags & RE_S ? PCRE2_DOTALL : 0) | (flags & RE_X ? PCRE2_EXTENDED : 0);
	int err;
	PCRE2_SIZE eoff;
	pcre2_code *code = pcre2_compile((PCRE2_SPTR)pv->u.str.s, pv->u.str.len, opts,
					 &err, &eoff, NULL);
	if (!code) {
		PCRE2_UCHAR msg[120];
		pcre2_get_error_message(err, msg, sizeof(msg));
		return floe_jinja_fail(rt, "jinja/regex", "bad regular expression at offset %zu: %s",
				       (size_t)eoff, (const char *)msg);
	}
	floe_arena_defer(rt->a, code_free, code);
	struct pat *p = floe_arena_alloc(rt->a, sizeof(*p));
	p->code = code;
	p->src = *pv;
	p->flags = flags;
	pcre2_pattern_info(code, PCRE2_INFO_CAPTURECOUNT, &p->ngroups);
	*out = p;
	return 0;
}

/* One match at or after `start`; 1 when none. */
static int exec_at(floe_jinja_rt *rt, struct pat *p, const floe_jval *s,
		   size_t start, uint32_t extra, struct match **out)
{
	pcre2_match_data *md = pcre2_match_data_create_from_pattern(p->code, NULL);
	int rc = pcre2_match(p->code, (PCRE2_SPTR)s->u.str.s, s->u.str.len, start,
			     extra, md, NULL);
	if (rc < 0) {
		pcre2_match_data_free(md);
		if (rc == PCRE2_ERROR_NOMATCH)
			return 1;
		return floe_jinja_fail(rt, "jinja/regex", "regular expression failed (%d)", rc);
	}
	struct match *m = floe_arena_alloc(rt->a, sizeof(*m));
	m->subject = *s;
	m->ngroups = p->ngroups;
	m->ov = floe_arena_alloc(rt->a, 2 * (p->ngroups + 1) * sizeof(*m->ov));
	memcpy(m->ov, pcre2_get_ovector_pointer(md), 2 * (p->ngroups + 1) * sizeof(*m->ov));
	pcre2_match_data_free(md);
	*out = m;
	return 0;
}

static floe_jval group(const struct match *m, uint32_t g)
{
	if (g > m->ngroups || m->ov[2 * g] == PCRE2_UNSET)
		return floe_jv_none();
	return floe_jv_str(m->subject.u.str.s + m->ov[2 * g], m->ov[2 * g + 1] - m->ov[2 * g]);
}

static int m_group(floe_jinja_call *c, floe_jval *out)
{
	const struct match *m = c->ud;
	int64_t g = c->npos && c->pos[0].k == FLOE_JV_INT ? c->pos[0].u.i : 0;
	if (g < 0 || (uint64_t)g > m->ngroups)
		return floe_jinja_fail(c->rt, "jinja/index", "no such group");
	*out = group(m, (uint32_t)g);
	return 0;
}

static int m_groups(floe_jinja_call *c, floe_jval *out)
{
	const struct match *m = c->ud;
	*out = floe_jv_list(c->rt->a);
	out->tuple = 1;
	for (uint32_t g = 1; g <= m->ngroups; g++)
		floe_jv_list_push(c->rt->a, out->u.list, group(m, g));
	return 0;
}

static int m_pos(floe_jinja_call *c, floe_jval *out, int which)
{
	const struct match *m = c->ud;
	int64_t b = (int64_t)floe_utf8_count(m->subject.u.str.s, m->ov[0]);
	int64_t e = (int64_t)floe_utf8_count(m->subject.u.str.s, m->ov[1]);
	if (which == 2) {
		*out = floe_jv_list(c->rt->a);
		out->tuple = 1;
		floe_jv_list_push(c->rt->a, out->u.list, floe_jv_int(b));
		floe_jv_list_push(c->rt->a, out->u.list, floe_jv_int(e));
	} else {
		*out = floe_jv_int(which ? e : b);
	}
	return 0;
}
static int m_start(floe_jinja_call *c, floe_jval *out) { return m_pos(c, out, 0); }
static int m_end(floe_jinja_call *c, floe_jval *out) { return m_pos(c, out, 1); }
static int m_span(floe_jinja_call *c, floe_jval *out) { return m_pos(c, out, 2); }

static int match_getattr(floe_jinja_rt *rt, void *data, const char *name, floe_jval *out)
{
	static const struct { const char *n; floe_jinja_fn fn; } ms[] = {
		{ "group", m_group }, { "groups", m_groups }, { "start", m_start },
		{ "end", m_end }, { "span", m_span },
	};
	for (size_t k = 0; k < FLOE_ARRAY_SIZE(ms); k++)
		if (floe_str_eq(ms[k].n, name)) {
			*out = floe_jv_func(rt->a, ms[k].n, ms[k].fn, data);
			return 0;
		}
	return 1;
}

static void match_str(void *data, floe_buf *out)
{
	const struct match *m = data;
	floe_jval g = group(m, 0);
	floe_buf_puts(out, "<re.Match object; match=");
	floe_jv_repr_put(out, &g);
	floe_buf_putc(out, '>');
}

static const floe_jobj_type match_type = { "re.Match", match_getattr, match_str, NULL, NULL };

/* The arguments of re.f(pattern, string, ...) or pattern.f(string, ...). */
struct reargs {
	struct pat *p;
	const floe_jval *s;
	size_t base;   /* index of the first argument after the string */
};

static int re_args(floe_jinja_call *c, struct reargs *r, const char *fname, int flags_at)
{
	size_t k = 0;
	if (c->ud) {
		r->p = c->ud;
	} else {
		if (!c->npos)
			return floe_jinja_fail(c->rt, "jinja/args", "re.%s needs a pattern", fname);
		const floe_jval *fl = flags_at >= 0 ? floe_jinja_arg(c, (size_t)flags_at + 2, "flags") : NULL;
		if (compile(c->rt, &c->pos[0], fl && fl->k == FLOE_JV_INT ? fl->u.i : 0, &r->p) < 0)
			return RC_ERR;
		k = 1;
	}
	r->s = floe_jinja_arg(c, k, "string");
	if (!r->s || r->s->k != FLOE_JV_STR)
		return floe_jinja_fail(c->rt, "jinja/type", "re.%s needs a string to search", fname);
	r->base = k + 1;
	return 0;
}

static int do_match(floe_jinja_call *c, floe_jval *out, uint32_t extra, const char *name)
{
	struct reargs r;
	struct match *m;
	if (re_args(c, &r, name, 0) < 0)
		return RC_ERR;
	int rc = exec_at(c->rt, r.p, r.s, 0, extra, &m);
	if (rc < 0)
		return RC_ERR;
	*out = rc ? floe_jv_none() : floe_jv_obj(c->rt->a, &match_type, m);
	return 0;
}

static int re_match(floe_jinja_call *c, floe_jval *o) { return do_match(c, o, PCRE2_ANCHORED, "match"); }
static int re_search(floe_jinja_call *c, floe_jval *o) { return do_match(c, o, 0, "search"); }
static int re_fullmatch(floe_jinja_call *c, floe_jval *o)
{
	return do_match(c, o, PCRE2_ANCHORED | PCRE2_ENDANCHORED, "fullmatch");
}

/* Every match in turn: fn(ctx, m) for each; empty matches advance by one. */
static int each_match(floe_jinja_rt *rt, struct pat *p, const floe_jval *s, int64_t max,
		      int (*fn)(void *ctx, const struct match *m), void *ctx)
{
	size_t at = 0;
	for (int64_t n = 0; at <= s->u.str.len && (max <= 0 || n < max); n++) {
		struct match *m;
		int rc = exec_at(rt, p, s, at, 0, &m);
		if (rc)
			return rc < 0 ? RC_ERR : 0;
		if ((rc = fn(ctx, m)) != 0)
			return rc;
		if (floe_jinja__step(rt) < 0)
			return RC_ERR;
		at = m->ov[1] > m->ov[0] ? m->ov[1] : m->ov[1] + 1;
	}
	return 0;
}

struct collect {
	floe_jinja_rt *rt;
	floe_jval list;
};

static int collect_one(void *ctx, const struct match *m)
{
	struct collect *col = ctx;
	floe_jval v;
	if (m->ngroups == 0) {
		v = group(m, 0);
	} else if (m->ngroups == 1) {
		v = group(m, 1);
		if (v.k == FLOE_JV_NONE)
			v = floe_jv_str("", 0);
	} else {
		v = floe_jv_list(col->rt->a);
		v.tuple = 1;
		for (uint32_t g = 1; g <= m->ngroups; g++) {
			floe_jval x = group(m, g);
			floe_jv_list_push(col->rt->a, v.u.list, x.k == FLOE_JV_NONE ? floe_jv_str("", 0) : x);
		}
	}
	floe_jv_list_push(col->rt->a, col->list.u.list, v);
	return 0;
}

static int re_findall(floe_jinja_call *c, floe_jval *out)
{
	struct reargs r;
	if (re_args(c, &r, "findall", 0) < 0)
		return RC_ERR;
	struct collect col = { c->rt, floe_jv_list(c->rt->a) };
	if (each_match(c->rt, r.p, r.s, 0, collect_one, &col) < 0)
		return RC_ERR;
	*out = col.list;
	return 0;
}

struct subst {
	floe_jinja_rt *rt;
	const floe_jval *repl, *s;
	floe_buf *b;
	size_t last;
};

static void put_group(struct subst *st, const struct match *m, uint32_t g)
{
	floe_jval v = group(m, g);
	if (v.k == FLOE_JV_STR)
		floe_buf_put(st->b, v.u.str.s, v.u.str.len);
}

static int subst_one(void *ctx, const struct match *m)
{
	struct subst *st = ctx;
	floe_buf_put(st->b, st->s->u.str.s + st->last, m->ov[0] - st->last);
	const char *r = st->repl->u.str.s;
	size_t n = st->repl->u.str.len;
	for (size_t i = 0; i < n; i++) {
		if (r[i] != '\\' || i + 1 == n) {
			floe_buf_putc(st->b, r[i]);
			continue;
		}
		char ch = r[++i];
		if (ch >= '0' && ch <= '9') {
			put_group(st, m, (uint32_t)(ch - '0'));
		} else if (ch == 'g' && i + 1 < n && r[i + 1] == '<') {
			const char *close = memchr(r + i, '>', n - i);
			if (!close)
				return floe_jinja_fail(st->rt, "jinja/regex", "missing '>' in group reference");
			put_group(st, m, (uint32_t)strtoul(r + i + 2, NULL, 10));
			i = (size_t)(close - r);
		} else if (ch == 'n') {
			floe_buf_putc(st->b, '\n');
		} else if (ch == '\\') {
			floe_buf_putc(st->b, '\\');
		} else {
			floe_buf_putc(st->b, '\\');
			floe_buf_putc(st->b, ch);
		}
	}
	st->last = m->ov[1];
	return 0;
}

static int re_sub(floe_jinja_call *c, floe_jval *out)
{
	struct pat *p;
	size_t k = 0;
	if (c->ud) {
		p = c->ud;
	} else {
		const floe_jval *fl = floe_jinja_arg(c, 4, "flags");
		if (!c->npos || compile(c->rt, &c->pos[0], fl && fl->k == FLOE_JV_INT ? fl->u.i : 0, &p) < 0)
			return c->npos ? RC_ERR : floe_jinja_fail(c->rt, "jinja/args", "re.sub needs a pattern");
		k = 1;
	}
	const floe_jval *repl = floe_jinja_arg(c, k, "repl"), *s = floe_jinja_arg(c, k + 1, "string");
	const floe_jval *count = floe_jinja_arg(c, k + 2, "count");
	if (!repl || !s || repl->k != FLOE_JV_STR || s->k != FLOE_JV_STR)
		return floe_jinja_fail(c->rt, "jinja/type", "re.sub needs a replacement string and a string");
	floe_buf b = FLOE_BUF_INIT;
	struct subst st = { c->rt, repl, s, &b, 0 };
	if (each_match(c->rt, p, s, count && count->k == FLOE_JV_INT ? count->u.i : 0,
		       subst_one, &st) < 0) {
		floe_buf_release(&b);
		return RC_ERR;
	}
	floe_buf_put(&b, s->u.str.s + st.last, s->u.str.len - st.last);
	*out = floe_jinja__buf_val(c->rt, &b);
	floe_buf_release(&b);
	return 0;
}

struct splitter {
	floe_jinja_rt *rt;
	const floe_jval *s;
	floe_jval list;
	size_t last;
};

static int split_one(void *ctx, const struct match *m)
{
	struct splitter *sp = ctx;
	if (m->ov[1] == m->ov[0] && m->ov[0] == 0)
		return 0;
	floe_jv_list_push(sp->rt->a, sp->list.u.list,
			  floe_jv_str(sp->s->u.str.s + sp->last, m->ov[0] - sp->last));
	for (uint32_t g = 1; g <= m->ngroups; g++)
		floe_jv_list_push(sp->rt->a, sp->list.u.list, group(m, g));
	sp->last = m->ov[1];
	return 0;
}

static int re_split(floe_jinja_call *c, floe_jval *out)
{
	struct reargs r;
	if (re_args(c, &r, "split", 1) < 0)
		return RC_ERR;
	const floe_jval *max = floe_jinja_arg(c, r.base, "maxsplit");
	struct splitter sp = { c->rt, r.s, floe_jv_list(c->rt->a), 0 };
	if (each_match(c->rt, r.p, r.s, max && max->k == FLOE_JV_INT ? max->u.i : 0,
		       split_one, &sp) < 0)
		return RC_ERR;
	floe_jv_list_push(c->rt->a, sp.list.u.list,
			  floe_jv_str(r.s->u.str.s + sp.last, r.s->u.str.len - sp.last));
	*out = sp.list;
	return 0;
}

static int re_escape(floe_jinja_call *c, floe_jval *out)
{
	const floe_jval *s = floe_jinja_arg(c, 0, "pattern");
	if (!s || s->k != FLOE_JV_STR)
		return floe_jinja_fail(c->rt, "jinja/type", "re.escape needs a string");
	floe_buf b = FLOE_BUF_INIT;
	for (size_t i = 0; i < s->u.str.len; i++) {
		unsigned char ch = (unsigned char)s->u.str.s[i];
		if (ch < 0x80 && !((ch >= 'a' && ch <= 'z') || (ch >= 'A' && ch <= 'Z') ||
				   (ch >= '0' && ch <= '9') || ch == '_'))
			floe_buf_putc(&b, '\\');
		floe_buf_putc(&b, (char)ch);
	}
	*out = floe_jinja__buf_val(c->rt, &b);
	floe_buf_release(&b);
	return 0;
}

static const struct { const char *n; floe_jinja_fn fn; } re_fns[] = {
	{ "match", re_match }, { "search", re_search }, { "fullmatch", re_fullmatch },
	{ "findall", re_findall }, { "sub", re_sub }, { "split", re_split },
};

static int pat_getattr(floe_jinja_rt *rt, void *data, const char *name, floe_jval *out)
{
	struct pat *p = data;
	for (size_t k = 0; k < FLOE_ARRAY_SIZE(re_fns); k++)
		if (floe_str_eq(re_fns[k].n, name)) {
			*out = floe_jv_func(rt->a, re_fns[k].n, re_fns[k].fn, p);
			return 0;
		}
	if (floe_str_eq(name, "pattern")) {
		*out = p->src;
		return 0;
	}
	if (floe_str_eq(name, "flags")) {
		*out = floe_jv_int(p->flags);
		return 0;
	}
	return 1;
}

static const floe_jobj_type pat_type = { "re.Pattern", pat_getattr, NULL, NULL, NULL };

static int re_compile(floe_jinja_call *c, floe_jval *out)
{
	struct pat *p;
	const floe_jval *fl = floe_jinja_arg(c, 1, "flags");
	if (!c->npos)
		return floe_jinja_fail(c->rt, "jinja/args", "re.compile needs a pattern");
	if (compile(c->rt, &c->pos[0], fl && fl->k == FLOE_JV_INT ? fl->u.i : 0, &p) < 0)
		return RC_ERR;
	*out = floe_jv_obj(c->rt->a, &pat_type, p);
	return 0;
}

static int re_getattr(floe_jinja_rt *rt, void *data, const char *name, floe_jval *out)
{
	static const struct { const char *n; int64_t v; } flags[] = {
		{ "I", RE_I }, { "IGNORECASE", RE_I }, { "M", RE_M }, { "MULTILINE", RE_M },
		{ "S", RE_S }, { "DOTALL", RE_S }, { "X", RE_X }, { "VERBOSE", RE_X },
	};
	for (size_t k = 0; k < FLOE_ARRAY_SIZE(re_fns); k++)
		if (floe_str_eq(re_fns[k].n, name)) {
			*out = floe_jv_func(rt->a, re_fns[k].n, re_fns[k].fn, NULL);
			return 0;
		}
	for (size_t k = 0; k < FLOE_ARRAY_SIZE(flags); k++)
		if (floe_str_eq(flags[k].n, name)) {
			*out = floe_jv_int(flags[k].v);
			return 0;
		}
	if (floe_str_eq(name, "compile"))
		*out = floe_jv_func(rt->a, "compile", re_compile, NULL);
	else if (floe_str_eq(name, "escape"))
		*out = floe_jv_func(rt->a, "escape", re_escape, NULL);
	else
		return 1;
	return 0;
}

static const floe_jobj_type re_type = { "module re", re_getattr, NULL, NULL, NULL };

static int modules_getattr(floe_jinja_rt *rt, void *data, const char *name, floe_jval *out)
{
	if (floe_str_eq(name, "re")) {
		*out = floe_jv_obj(rt->a, &re_type, NULL);
		return 0;
	}
	if (floe_str_eq(name, "datetime"))
		return floe_jinja__datetime_module(rt, out);
	return 1;
}

static const floe_jobj_type modules_type = { "modules", modules_getattr, NULL, NULL, NULL };

bool floe_jinja__modules(floe_jinja_rt *rt, floe_jval *out)
{
	*out = floe_jv_obj(rt->a, &modules_type, NULL);
	return true;
}
