/*
 * filters_seq.c: Jinja's filters over sequences and mappings: first,
 * last, list, join, map, select/reject(attr), sort, dictsort, unique,
 * min/max, sum, batch, slice, groupby, items, reverse.  Attribute
 * arguments accept dotted paths ("a.b") and integer parts, as Jinja's
 * make_attrgetter does.
 */
#include <ctype.h>
#include <stdlib.h>
#include <string.h>
#include "jinja_int.h"

#define SUBJ (&c->pos[0])

static const floe_jval *farg(const floe_jinja_call *c, size_t i, const char *name)
{
	return floe_jinja_arg(c, i + 1, name);
}

static const char *str_farg(const floe_jinja_call *c, size_t i, const char *name)
{
	const floe_jval *v = farg(c, i, name);
	if (!v || v->k != FLOE_JV_STR)
		return NULL;
	return floe_arena_strndup(c->rt->a, v->u.str.s, v->u.str.len);
}

static bool flag(const floe_jinja_call *c, size_t i, const char *name)
{
	const floe_jval *v = farg(c, i, name);
	return v && floe_jv_truthy(v);
}

static int items_of(floe_jinja_call *c, floe_jlist *out)
{
	return floe_jinja__iter(c->rt, SUBJ, out);
}

#define attr_path floe_jinja__attr_path

static int f_first(floe_jinja_call *c, floe_jval *out)
{
	floe_jlist l;
	if (items_of(c, &l) < 0)
		return RC_ERR;
	*out = l.len ? l.items[0] : floe_jinja__undef("first");
	return 0;
}

static int f_last(floe_jinja_call *c, floe_jval *out)
{
	floe_jlist l;
	if (items_of(c, &l) < 0)
		return RC_ERR;
	*out = l.len ? l.items[l.len - 1] : floe_jinja__undef("last");
	return 0;
}

static int f_list(floe_jinja_call *c, floe_jval *out)
{
	floe_jlist l;
	if (items_of(c, &l) < 0)
		return RC_ERR;
	*out = floe_jv_list(c->rt->a);
	for (size_t i = 0; i < l.len; i++)
		floe_jv_list_push(c->rt->a, out->u.list, l.items[i]);
	return 0;
}

static int f_reverse(floe_jinja_call *c, floe_jval *out)
{
	floe_jlist l;
	if (items_of(c, &l) < 0)
		return RC_ERR;
	floe_jval r = floe_jv_list(c->rt->a);
	for (size_t i = l.len; i-- > 0;)
		floe_jv_list_push(c->rt->a, r.u.list, l.items[i]);
	if (SUBJ->k != FLOE_JV_STR) {
		*out = r;
		return 0;
	}
	floe_buf b = FLOE_BUF_INIT;
	for (size_t i = 0; i < r.u.list->len; i++)
		floe_buf_put(&b, r.u.list->items[i].u.str.s, r.u.list->items[i].u.str.len);
	*out = floe_jinja__buf_val(c->rt, &b);
	floe_buf_release(&b);
	return 0;
}

static int f_join(floe_jinja_call *c, floe_jval *out)
{
	floe_jlist l;
	const floe_jval *d = farg(c, 0, "d");
	const char *attr = str_farg(c, 1, "attribute");
	if (items_of(c, &l) < 0)
		return RC_ERR;
	floe_buf b = FLOE_BUF_INIT;
	for (size_t i = 0; i < l.len; i++) {
		floe_jval v = l.items[i], s;
		if (attr && attr_path(c->rt, &l.items[i], attr, &v) < 0)
			goto fail;
		if (floe_jinja__str(c->rt, &v, &s) < 0)
			goto fail;
		if (i && d)
			floe_jv_str_put(&b, d);
		floe_buf_put(&b, s.u.str.s, s.u.str.len);
	}
	*out = floe_jinja__buf_val(c->rt, &b);
	floe_buf_release(&b);
	return 0;
fail:
	floe_buf_release(&b);
	return RC_ERR;
}

/* map(attribute='x', default=d) or map('filter', args...) */
static int f_map(floe_jinja_call *c, floe_jval *out)
{
	floe_jlist l;
	const char *attr = NULL;
	const floe_jval *dflt = NULL;
	for (size_t k = 0; k < c->nkw; k++) {
		if (floe_str_eq(c->kwn[k], "attribute") && c->kwv[k].k == FLOE_JV_STR)
			attr = floe_arena_strndup(c->rt->a, c->kwv[k].u.str.s, c->kwv[k].u.str.len);
		else if (floe_str_eq(c->kwn[k], "default"))
			dflt = &c->kwv[k];
	}
	const char *fname = attr ? NULL : str_farg(c, 0, NULL);
	if (!attr && !fname)
		return floe_jinja_fail(c->rt, "jinja/args", "map needs a filter name or attribute=");
	if (items_of(c, &l) < 0)
		return RC_ERR;
	*out = floe_jv_list(c->rt->a);
	for (size_t i = 0; i < l.len; i++) {
		floe_jval v;
		int rc = attr ? attr_path(c->rt, &l.items[i], attr, &v) :
			 floe_jinja__filter_by_name(c->rt, fname, &l.items[i],
						    c->pos + 2, c->npos - 2, &v);
		if (rc < 0)
			return RC_ERR;
		if (attr && v.k == FLOE_JV_UNDEF && dflt)
			v = *dflt;
		floe_jv_list_push(c->rt->a, out->u.list, v);
	}
	return 0;
}

/* select/reject (test at pos 1) and selectattr/rejectattr (attr, test at 2) */
static int select_common(floe_jinja_call *c, floe_jval *out, bool attr, bool want)
{
	floe_jlist l;
	size_t tpos = attr ? 2 : 1;
	const char *aname = attr ? str_farg(c, 0, "attribute") : NULL;
	const floe_jval *tv = tpos < c->npos ? &c->pos[tpos] : NULL;
	if (attr && !aname)
		return floe_jinja_fail(c->rt, "jinja/args", "selectattr needs an attribute name");
	const char *test = tv && tv->k == FLOE_JV_STR ?
		floe_arena_strndup(c->rt->a, tv->u.str.s, tv->u.str.len) : NULL;
	if (items_of(c, &l) < 0)
		return RC_ERR;
	*out = floe_jv_list(c->rt->a);
	for (size_t i = 0; i < l.len; i++) {
		floe_jval v = l.items[i];
		bool ok;
		if (aname && attr_path(c->rt, &l.items[i], aname, &v) < 0)
			return RC_ERR;
		if (test) {
			size_t extra = c->npos > tpos + 1 ? c->npos - tpos - 1 : 0;
			if (floe_jinja__test_by_name(c->rt, test, &v, c->pos + tpos + 1,
						     extra, &ok) < 0)
				return RC_ERR;
		} else {
			ok = floe_jv_truthy(&v);
		}
		if (ok == want)
			floe_jv_list_push(c->rt->a, out->u.list, l.items[i]);
	}
	return 0;
}

static int f_select(floe_jinja_call *c, floe_jval *o) { return select_common(c, o, false, true); }
static int f_reject(floe_jinja_call *c, floe_jval *o) { return select_common(c, o, false, false); }
static int f_selectattr(floe_jinja_call *c, floe_jval *o) { return select_common(c, o, true, true); }
static int f_rejectattr(floe_jinja_call *c, floe_jval *o) { return select_common(c, o, true, false); }

static int f_sort(floe_jinja_call *c, floe_jval *out)
{
	bool reverse = flag(c, 0, "reverse"), cs = flag(c, 1, "case_sensitive");
	const char *attr = str_farg(c, 2, "attribute");
	if (f_list(c, out) < 0)
		return RC_ERR;
	return floe_jinja__sort(c->rt, out->u.list->items, out->u.list->len, attr,
				reverse, cs);
}

static floe_jval pair(floe_arena *a, floe_jval k, floe_jval v)
{
	floe_jval p = floe_jv_list(a);
	p.tuple = 1;
	floe_jv_list_push(a, p.u.list, k);
	floe_jv_list_push(a, p.u.list, v);
	return p;
}

static int f_items(floe_jinja_call *c, floe_jval *out)
{
	*out = floe_jv_list(c->rt->a);
	if (SUBJ->k == FLOE_JV_UNDEF)
		return 0;
	if (SUBJ->k != FLOE_JV_DICT)
		return floe_jinja_fail(c->rt, "jinja/type", "can only get item pairs from a mapping");
	for (size_t i = 0; i < SUBJ->u.dict->len; i++)
		floe_jv_list_push(c->rt->a, out->u.list,
				  pair(c->rt->a, SUBJ->u.dict->keys[i], SUBJ->u.dict->vals[i]));
	return 0;
}

static int f_dictsort(floe_jinja_call *c, floe_jval *out)
{
	bool cs = flag(c, 0, "case_sensitive"), reverse = flag(c, 2, "reverse");
	const char *by = str_farg(c, 1, "by");
	if (f_items(c, out) < 0)
		return RC_ERR;
	const char *attr = by && floe_str_eq(by, "value") ? "1" : "0";
	return floe_jinja__sort(c->rt, out->u.list->items, out->u.list->len, attr,
				reverse, cs);
}

static bool key_eq(floe_jinja_rt *rt, const floe_jval *a, const floe_jval *b, bool cs)
{
	if (cs || a->k != FLOE_JV_STR || b->k != FLOE_JV_STR)
		return floe_jv_eq(a, b);
	(void)rt;
	if (a->u.str.len != b->u.str.len)
		return false;
	for (size_t i = 0; i < a->u.str.len; i++)
		if (tolower((unsigned char)a->u.str.s[i]) != tolower((unsigned char)b->u.str.s[i]))
			return false;
	return true;
}

static int f_unique(floe_jinja_call *c, floe_jval *out)
{
	floe_jlist l, keys = { 0 };
	bool cs = flag(c, 0, "case_sensitive");
	const char *attr = str_farg(c, 1, "attribute");
	if (items_of(c, &l) < 0)
		return RC_ERR;
	*out = floe_jv_list(c->rt->a);
	for (size_t i = 0; i < l.len; i++) {
		floe_jval k = l.items[i];
		if (attr && attr_path(c->rt, &l.items[i], attr, &k) < 0)
			return RC_ERR;
		bool seen = false;
		for (size_t j = 0; j < keys.len && !seen; j++)
			seen = key_eq(c->rt, &keys.items[j], &k, cs);
		if (seen)
			continue;
		floe_jv_list_push(c->rt->a, &keys, k);
		floe_jv_list_push(c->rt->a, out->u.list, l.items[i]);
	}
	return 0;
}

static int minmax(floe_jinja_call *c, floe_jval *out, bool max)
{
	floe_jval sorted;
	floe_jlist l;
	bool cs = flag(c, 0, "case_sensitive");
	const char *attr = str_farg(c, 1, "attribute");
	if (items_of(c, &l) < 0)
		return RC_ERR;
	sorted = floe_jv_list(c->rt->a);
	for (size_t i = 0; i < l.len; i++)
		floe_jv_list_push(c->rt->a, sorted.u.list, l.items[i]);
	if (floe_jinja__sort(c->rt, sorted.u.list->items, l.len, attr, max, cs) < 0)
		return RC_ERR;
	*out = l.len ? sorted.u.list->items[0] : floe_jinja__undef(max ? "max" : "min");
	return 0;
}

static int f_max(floe_jinja_call *c, floe_jval *o) { return minmax(c, o, true); }
static int f_min(floe_jinja_call *c, floe_jval *o) { return minmax(c, o, false); }

static int f_sum(floe_jinja_call *c, floe_jval *out)
{
	floe_jlist l;
	const char *attr = str_farg(c, 0, "attribute");
	const floe_jval *start = farg(c, 1, "start");
	if (items_of(c, &l) < 0)
		return RC_ERR;
	floe_jval acc = start ? *start : floe_jv_int(0);
	for (size_t i = 0; i < l.len; i++) {
		floe_jval v = l.items[i];
		if (attr && attr_path(c->rt, &l.items[i], attr, &v) < 0)
			return RC_ERR;
		if (floe_jinja__add(c->rt, &acc, &v, &acc) < 0)
			return RC_ERR;
	}
	*out = acc;
	return 0;
}

static int f_batch(floe_jinja_call *c, floe_jval *out)
{
	floe_jlist l;
	const floe_jval *n = farg(c, 0, "linecount");
	const floe_jval *fill = farg(c, 1, "fill_with");
	if (!n || n->k != FLOE_JV_INT || n->u.i <= 0)
		return floe_jinja_fail(c->rt, "jinja/args", "batch needs a positive count");
	if (items_of(c, &l) < 0 || (fill && floe_jinja__room(c->rt, (size_t)n->u.i) < 0))
		return RC_ERR;
	*out = floe_jv_list(c->rt->a);
	floe_jval cur = { .k = FLOE_JV_UNDEF };
	for (size_t i = 0; i < l.len; i++) {
		if (i % (size_t)n->u.i == 0) {
			cur = floe_jv_list(c->rt->a);
			floe_jv_list_push(c->rt->a, out->u.list, cur);
		}
		floe_jv_list_push(c->rt->a, cur.u.list, l.items[i]);
	}
	while (fill && cur.k == FLOE_JV_LIST && cur.u.list->len < (size_t)n->u.i)
		floe_jv_list_push(c->rt->a, cur.u.list, *fill);
	return 0;
}

static int f_slice(floe_jinja_call *c, floe_jval *out)
{
	floe_jlist l;
	const floe_jval *n = farg(c, 0, "slices");
	const floe_jval *fill = farg(c, 1, "fill_with");
	if (!n || n->k != FLOE_JV_INT || n->u.i <= 0)
		return floe_jinja_fail(c->rt, "jinja/args", "slice needs a positive count");
	if (items_of(c, &l) < 0 || floe_jinja__room(c->rt, (size_t)n->u.i) < 0)
		return RC_ERR;
	size_t slices = (size_t)n->u.i, per = l.len / slices, extra = l.len % slices, off = 0;
	*out = floe_jv_list(c->rt->a);
	for (size_t s = 0; s < slices; s++) {
		size_t start = off, end = off + per + (s < extra);
		floe_jval part = floe_jv_list(c->rt->a);
		for (size_t i = start; i < end; i++)
			floe_jv_list_push(c->rt->a, part.u.list, l.items[i]);
		if (fill && s >= extra && extra)
			floe_jv_list_push(c->rt->a, part.u.list, *fill);
		floe_jv_list_push(c->rt->a, out->u.list, part);
		off = end;
	}
	return 0;
}

/* groupby: (grouper, list) tuples sorted by the attribute */
static int f_groupby(floe_jinja_call *c, floe_jval *out)
{
	const char *attr = str_farg(c, 0, "attribute");
	bool cs = flag(c, 2, "case_sensitive");
	floe_jval sorted;
	if (!attr)
		return floe_jinja_fail(c->rt, "jinja/args", "groupby needs an attribute");
	if (f_list(c, &sorted) < 0 ||
	    floe_jinja__sort(c->rt, sorted.u.list->items, sorted.u.list->len, attr,
			     false, cs) < 0)
		return RC_ERR;
	*out = floe_jv_list(c->rt->a);
	floe_jval cur = { .k = FLOE_JV_UNDEF }, curkey = cur;
	for (size_t i = 0; i < sorted.u.list->len; i++) {
		floe_jval k;
		if (attr_path(c->rt, &sorted.u.list->items[i], attr, &k) < 0)
			return RC_ERR;
		if (cur.k == FLOE_JV_UNDEF || !key_eq(c->rt, &k, &curkey, cs)) {
			cur = floe_jv_list(c->rt->a);
			curkey = k;
			floe_jv_list_push(c->rt->a, out->u.list, pair(c->rt->a, k, cur));
		}
		floe_jv_list_push(c->rt->a, cur.u.list, sorted.u.list->items[i]);
	}
	return 0;
}

static const struct jfilter_def seq_filters[] = {
	{ "batch", f_batch, NULL }, { "dictsort", f_dictsort, NULL },
	{ "first", f_first, NULL }, { "groupby", f_groupby, NULL },
	{ "items", f_items, NULL }, { "join", f_join, NULL },
	{ "last", f_last, NULL }, { "list", f_list, NULL },
	{ "map", f_map, NULL }, { "max", f_max, NULL }, { "min", f_min, NULL },
	{ "reject", f_reject, NULL }, { "rejectattr", f_rejectattr, NULL },
	{ "reverse", f_reverse, NULL }, { "select", f_select, NULL },
	{ "selectattr", f_selectattr, NULL }, { "slice", f_slice, NULL },
	{ "sort", f_sort, NULL }, { "sum", f_sum, NULL },
	{ "unique", f_unique, NULL },
};

int floe_jinja__filters_seq(const char *name, const struct jfilter_def **out)
{
	for (size_t k = 0; k < FLOE_ARRAY_SIZE(seq_filters); k++)
		if (floe_str_eq(seq_filters[k].name, name)) {
			*out = &seq_filters[k];
			return 0;
		}
	return 1;
}
