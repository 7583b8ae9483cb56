/*
 * validate.c: walks an instance against compiled subschemas (draft-07
 * validation sections 6.1-6.6) in one pass, recording every problem; the
 * same walk answers yes/no silently for trial branches and calls the
 * annotation visitor.  Scalars are read through the schema-typing rules of
 * floe/doc.h.  Combinators are combine.c's, messages message.c's.
 */
#include <math.h>
#include <stdlib.h>
#include <string.h>
#include "internal.h"

/* Take k steps of the budget: false (and schema/budget at n) when spent. */
static bool sch_step_slow(vctx *c, const floe_node *n, uint64_t k);
static bool sch_step(vctx *c, const floe_node *n, uint64_t k)
{
	sch_budget *b = c->budget;
	if (!b->spent && b->left >= k) {
		b->left -= k;
		return true;
	}
	return sch_step_slow(c, n, k);
}
/* Whether the budget ran out (reporting it at n the first time). */
static bool sch_spent(vctx *c, const floe_node *n)
{
	return c->budget->spent && !sch_step_slow(c, n, 0);
}


/* Nested subschema applications before a $ref loop is suspected. */
#define MAX_DEPTH 1000

static const floe_node null_node = { .kind = FLOE_NODE_NULL };

/* The instance as one type, chosen by the schema ("type" and doc.h). */
typedef struct view {
	unsigned t;        /* ST_NULL, ST_BOOL, ST_NUM, ST_STR, ST_ARR, ST_OBJ */
	const char *s;     /* ST_STR */
	size_t len;
	double d;          /* ST_NUM */
	int64_t i;
	bool isint;        /* i is exact */
} view;

static bool float_integral(double d)
{
	return isfinite(d) && floor(d) == d;
}

static unsigned natural(const floe_node *n)
{
	switch (n->kind) {
	case FLOE_NODE_NULL: return ST_NULL;
	case FLOE_NODE_BOOL: return ST_BOOL;
	case FLOE_NODE_INT: return ST_INT | ST_NUM;
	case FLOE_NODE_FLOAT:
		return ST_NUM | (float_integral(n->v.d) ? ST_INT : 0);
	case FLOE_NODE_STRING: return ST_STR;
	case FLOE_NODE_SEQ: return ST_ARR;
	case FLOE_NODE_MAP: return ST_OBJ;
	}
	return 0;
}

static void number_view(const floe_node *n, view *v)
{
	v->t = ST_NUM;
	floe_node_as_number(n, &v->d);
	v->isint = floe_node_as_int(n, &v->i);
}

static void natural_view(const floe_node *n, view *v)
{
	unsigned t = natural(n);
	if (t & ST_NUM) {
		number_view(n, v);
		return;
	}
	v->t = t;
	v->s = n->text;
	v->len = n->len;
}

static bool make_view(const sch *s, const floe_node *n, view *v)
{
	bool b;
	double d;

	if (!s->types || (natural(n) & s->types)) {
		natural_view(n, v);
		return true;
	}
	if ((n->flags & FLOE_NODE_PLAIN) && (s->types & ST_STR) &&
	    floe_node_as_string(n, &v->s)) {
		v->t = ST_STR;
		v->len = n->len;
		return true;
	}
	if (!(n->flags & FLOE_NODE_QUOTED) || n->kind != FLOE_NODE_STRING ||
	    (s->types & ST_STR))
		return false;
	if (((s->types & ST_INT) && floe_node_as_int(n, &v->i)) ||
	    ((s->types & ST_NUM) && floe_node_as_number(n, &d))) {
		number_view(n, v);
		return true;
	}
	if ((s->types & ST_BOOL) && floe_node_as_bool(n, &b)) {
		v->t = ST_BOOL;
		return true;
	}
	return false;
}

bool floe_schema__type_ok(const sch *s, const floe_node *n)
{
	view v;
	return make_view(s, n, &v);
}

long floe_schema__find_key(const floe_node *map, const char *s, size_t len)
{
	for (size_t i = 0; i < map->len; i++) {
		const floe_node *k = map->keys[i];
		if (k->len == len && memcmp(k->text, s, len) == 0)
			return (long)i;
	}
	return -1;
}

/* ---- enum and const (validation 6.1.2, 6.1.3) ---- */

bool floe_schema__value_equal(const floe_node *want, const floe_node *n)
{
	if (floe_node_equal(want, n))
		return true;
	if ((n->flags & FLOE_NODE_PLAIN) && want->kind == FLOE_NODE_STRING &&
	    n->kind != FLOE_NODE_NULL && n->text)
		return n->len == want->len && memcmp(n->text, want->text, n->len) == 0;
	if (!(n->flags & FLOE_NODE_QUOTED) || n->kind != FLOE_NODE_STRING)
		return false;
	if (want->kind == FLOE_NODE_BOOL) {
		bool b;
		return floe_node_as_bool(n, &b) && b == want->v.b;
	}
	if (want->kind == FLOE_NODE_INT || want->kind == FLOE_NODE_FLOAT) {
		int64_t i, wi;
		double d, wd;
		if (floe_node_as_int(n, &i) && floe_node_as_int(want, &wi) &&
		    !(want->flags & FLOE_NODE_BIGINT))
			return i == wi;
		return floe_node_as_number(n, &d) &&
		       floe_node_as_number(want, &wd) && d == wd;
	}
	return false;
}

bool floe_schema__enum_has(const floe_node *values, const floe_node *n)
{
	for (size_t i = 0; i < values->len; i++)
		if (floe_schema__value_equal(values->items[i], n))
			return true;
	return false;
}

/* ---- numbers (6.2) ---- */

static int cmp_bound(const view *v, const sch_bound *b)
{
	if (v->isint && b->isint)
		return (v->i > b->i) - (v->i < b->i);
	return (v->d > b->d) - (v->d < b->d);
}

static bool multiple_of(const view *v, const sch_bound *b)
{
	if (v->isint && b->isint && b->i > 0)
		return v->i % b->i == 0;
	double q = v->d / b->d;
	if (!isfinite(q))
		return false;
	/* decimal multiples are inexact in binary: 0.3 / 0.1 = 2.9999999999999996 */
	return fabs(q - nearbyint(q)) <= 1e-9 * (fabs(q) > 1 ? fabs(q) : 1);
}

static const char *num_text(vctx *c, const floe_node *n, const view *v)
{
	if (c->secret)
		return "the secret value";
	if (n->text)
		return n->text;
	return floe_arena_printf(floe_diags_arena(c->d), "%.17g", v->d);
}

static bool check_num(vctx *c, const floe_node *n, const view *v, bool bad,
		      const char *code, const char *what, const sch_bound *b)
{
	if (!bad)
		return true;
	if (c->d)
		floe_schema__fail(c, code, n, "%s %s %s", num_text(c, n, v), what,
			 b->node->text ? b->node->text : "the bound");
	return false;
}

static bool v_number(vctx *c, const sch_num *g, const floe_node *n,
		     const view *v)
{
	bool ok = true;
	if (g->min.node)
		ok &= check_num(c, n, v, cmp_bound(v, &g->min) < 0, "schema/minimum",
				"is less than the minimum of", &g->min);
	if (g->max.node)
		ok &= check_num(c, n, v, cmp_bound(v, &g->max) > 0, "schema/maximum",
				"is greater than the maximum of", &g->max);
	if (g->xmin.node)
		ok &= check_num(c, n, v, cmp_bound(v, &g->xmin) <= 0,
				"schema/exclusive-minimum", "is not greater than",
				&g->xmin);
	if (g->xmax.node)
		ok &= check_num(c, n, v, cmp_bound(v, &g->xmax) >= 0,
				"schema/exclusive-maximum", "is not less than",
				&g->xmax);
	if (g->mult.node)
		ok &= check_num(c, n, v, !multiple_of(v, &g->mult),
				"schema/multiple-of", "is not a multiple of", &g->mult);
	return ok;
}

/* ---- strings (6.3, 7, 8) ---- */

static const char *str_subject(vctx *c, const view *v)
{
	if (c->secret)
		return "the secret value";
	return floe_schema__quote(floe_diags_arena(c->d), v->s, v->len);
}

/* "s" unless there is one: "1 item", "2 items". */
static const char *plural(uint64_t n)
{
	return n == 1 ? "" : "s";
}

static bool v_length(vctx *c, const sch_str *g, const floe_node *n,
		     const view *v)
{
	size_t cps = floe_utf8_count(v->s, v->len);
	if (g->min_len >= 0 && cps < (uint64_t)g->min_len) {
		if (c->d)
			floe_schema__fail(c, "schema/min-length", n,
				 "%s is too short (%zu character%s, minimum %lld)",
				 str_subject(c, v), cps, plural(cps), (long long)g->min_len);
		return false;
	}
	if (g->max_len >= 0 && cps > (uint64_t)g->max_len) {
		if (c->d)
			floe_schema__fail(c, "schema/max-length", n,
				 "%s is too long (%zu character%s, maximum %lld)",
				 str_subject(c, v), cps, plural(cps), (long long)g->max_len);
		return false;
	}
	return true;
}

static bool v_string(vctx *c, const sch_str *g, const floe_node *n,
		     const view *v)
{
	bool ok = true;
	if ((g->min_len >= 0 || g->max_len >= 0) && !v_length(c, g, n, v))
		ok = false;
	if (g->pattern && !floe_schema__regex_search(g->pattern, c->md, c->mctx,
					    v->s, v->len, c->budget)) {
		if (sch_spent(c, n))
			return false;
		if (c->d && g->pattern_msg)
			floe_schema__fail(c, "schema/pattern", n, "%s is not %.*s",
				 str_subject(c, v), (int)g->pattern_msg->len,
				 g->pattern_msg->text);
		else if (c->d)
			floe_schema__fail(c, "schema/pattern", n, "%s does not match pattern %s",
				 str_subject(c, v),
				 floe_schema__quote(floe_diags_arena(c->d),
					   g->pattern_node->text,
					   g->pattern_node->len));
		ok = false;
	}
	if (g->format && !floe_schema__format_check(g->format, v->s, v->len)) {
		if (c->d)
			floe_schema__fail(c, "schema/format", n, "%s is not a valid %s",
				 str_subject(c, v), floe_schema__format_name(g->format));
		ok = false;
	}
	if ((g->content_enc || g->content_json) &&
	    !floe_schema__content_check(g->content_enc, g->content_json, v->s, v->len)) {
		if (c->d)
			floe_schema__fail(c, "schema/content", n, "%s is not valid %s",
				 str_subject(c, v),
				 g->content_enc && g->content_json ? "base64-encoded JSON" :
				 g->content_enc ? "base64" : "JSON");
		ok = false;
	}
	return ok;
}

/* ---- arrays (6.4) ---- */

static uint64_t mix(uint64_t h)
{
	h ^= h >> 31;
	h *= 0x7fb5d329728ea185ull;
	h ^= h >> 27;
	return h;
}

/* A hash that agrees with floe_node_equal (1 == 1.0, maps unordered). */
static uint64_t hash_node(const floe_node *n)
{
	uint64_t h = n->kind;
	double d;
	switch (n->kind) {
	case FLOE_NODE_BOOL:
		return mix(2 + n->v.b);
	case FLOE_NODE_INT:
	case FLOE_NODE_FLOAT:
		floe_node_as_number(n, &d);
		if (d == 0)
			d = 0; /* -0.0 */
		memcpy(&h, &d, sizeof(h));
		return mix(h ^ 0x9e3779b97f4a7c15ull);
	case FLOE_NODE_STRING:
		for (size_t i = 0; i < n->len; i++)
			h = (h ^ (unsigned char)n->text[i]) * 1099511628211ull;
		return mix(h);
	case FLOE_NODE_SEQ:
		for (size_t i = 0; i < n->len; i++)
			h = mix(h * 31 + hash_node(n->items[i]));
		return h;
	case FLOE_NODE_MAP:
		for (size_t i = 0; i < n->len; i++)
			h += mix(hash_node(n->keys[i]) * 31 + hash_node(n->items[i]));
		return mix(h);
	}
	return h;
}

typedef struct hashed {
	uint64_t h;
	size_t i;
} hashed;

static int cmp_hashed(const void *x, const void *y)
{
	const hashed *a = x, *b = y;
	if (a->h != b->h)
		return a->h < b->h ? -1 : 1;
	return (a->i > b->i) - (a->i < b->i);
}

static bool dup_report(vctx *c, const floe_node *n, size_t first, size_t dup)
{
	if (c->d) {
		floe_diag *dg = floe_schema__fail(c, "schema/unique-items", n->items[dup],
					 "duplicate item at index %zu", dup);
		floe_diag_note(c->d, dg, &n->items[first]->span,
			       "the same value is at index %zu", first);
	}
	return false;
}

/* uniqueItems: pairwise for short sequences, by hash for long ones. */
static bool v_unique(vctx *c, const floe_node *n)
{
	bool ok = true;
	if (n->len <= 16) {
		for (size_t j = 1; j < n->len && (ok || sch_all(c)); j++)
			for (size_t i = 0; i < j; i++)
				if (floe_node_equal(n->items[i], n->items[j])) {
					ok = dup_report(c, n, i, j);
					break;
				}
		return ok;
	}
	hashed *h = floe_xmalloc(n->len * sizeof(*h));
	for (size_t i = 0; i < n->len; i++)
		h[i] = (hashed){ hash_node(n->items[i]), i };
	qsort(h, n->len, sizeof(*h), cmp_hashed);
	for (size_t j = 1; j < n->len && (ok || sch_all(c)); j++)
		for (size_t i = j; i-- > 0 && h[i].h == h[j].h;)
			if (floe_node_equal(n->items[h[i].i], n->items[h[j].i])) {
				ok = dup_report(c, n, h[i].i, h[j].i);
				break;
			}
	free(h);
	return ok;
}

static bool v_items(vctx *c, const sch *s, const floe_node *n)
{
	const sch_arr *g = s->arr;
	bool ok = true;
	size_t k = 0;
	if (g->is_tuple) {
		for (; k < n->len && k < g->tuple.n && (ok || sch_all(c)); k++)
			ok &= floe_schema__validate(c, g->tuple.v[k], n->items[k]);
		if (!g->additional_items || k >= n->len)
			return ok;
		if (g->additional_items->kind == SCH_FALSE) {
			if (c->d)
				floe_schema__fail(c, "schema/additional-items", n->items[k],
					 "unexpected item at index %zu: at most %zu item%s allowed",
					 k, g->tuple.n, g->tuple.n == 1 ? " is" : "s are");
			return false;
		}
		for (; k < n->len && (ok || sch_all(c)); k++)
			ok &= floe_schema__validate(c, g->additional_items, n->items[k]);
	} else if (g->items) {
		for (; k < n->len && (ok || sch_all(c)); k++)
			ok &= floe_schema__validate(c, g->items, n->items[k]);
	}
	return ok;
}

static bool v_contains(vctx *c, const sch *s, const floe_node *n)
{
	const sch_arr *g = s->arr;
	bool found = false;
	for (size_t i = 0; i < n->len; i++) {
		if (!floe_schema__check(c, g->contains, n->items[i]))
			continue;
		found = true;
		if (!c->visit)
			break;
		floe_schema__validate(c, g->contains, n->items[i]);
	}
	if (!found && c->d)
		floe_schema__fail(c, "schema/contains", n,
			 "no item matches the 'contains' schema");
	return found;
}

static bool v_array(vctx *c, const sch *s, const floe_node *n)
{
	const sch_arr *g = s->arr;
	bool ok = v_items(c, s, n);
	if (g->min_items >= 0 && n->len < (uint64_t)g->min_items) {
		if (c->d)
			floe_schema__fail(c, "schema/min-items", n,
				 "expected at least %lld item%s, got %zu",
				 (long long)g->min_items, g->min_items == 1 ? "" : "s", n->len);
		ok = false;
	}
	if (g->max_items >= 0 && n->len > (uint64_t)g->max_items) {
		if (c->d)
			floe_schema__fail(c, "schema/max-items", n,
				 "expected at most %lld item%s, got %zu",
				 (long long)g->max_items, g->max_items == 1 ? "" : "s", n->len);
		ok = false;
	}
	if (!ok && !sch_all(c))
		return false;
	if (g->unique && n->len > 1)
		ok &= v_unique(c, n);
	if (g->contains && (ok || sch_all(c)))
		ok &= v_contains(c, s, n);
	return ok;
}

/* ---- objects (6.5) ---- */

static int cmp_key(const char *a, size_t na, const sch_prop *p)
{
	size_t m = na < p->len ? na : p->len;
	int r = memcmp(a, p->name, m);
	return r ? r : (na > p->len) - (na < p->len);
}

static long find_prop(const sch *s, const char *k, size_t len)
{
	const sch_obj *g = s->obj;
	size_t lo = 0, hi = g->nprops;
	while (lo < hi) {
		size_t mid = lo + (hi - lo) / 2;
		int r = cmp_key(k, len, &g->props[mid]);
		if (r == 0)
			return (long)mid;
		if (r < 0)
			hi = mid;
		else
			lo = mid + 1;
	}
	return -1;
}

/* properties, patternProperties, additionalProperties for key i. */
static bool v_member(vctx *c, const sch *s, const floe_node *n, size_t i,
		     uint64_t *seen, const pcre2_code *const *jit)
{
	const sch_obj *g = s->obj;
	const floe_node *k = n->keys[i], *val = n->items[i];
	bool ok = true, matched = false;
	long p = g->nprops ? find_prop(s, k->text, k->len) : -1;

	if (p >= 0) {
		matched = true;
		if (p < 256)
			seen[p / 64] |= 1ull << (p % 64);
		ok = floe_schema__validate(c, g->props[p].s, val);
	}
	for (size_t j = 0; j < g->npprops && (ok || sch_all(c)); j++) {
		if (!floe_schema__regex_search(jit ? jit[j] : g->pprops[j].re, c->md, c->mctx,
				      k->text, k->len, c->budget)) {
			if (sch_spent(c, k))
				return false;
			continue;
		}
		matched = true;
		ok &= floe_schema__validate(c, g->pprops[j].s, val);
	}
	if (matched || !g->additional)
		return ok;
	if (g->additional->kind == SCH_FALSE) {
		if (c->d)
			floe_schema__unknown_key(c, s, n, i);
		return false;
	}
	return floe_schema__validate(c, g->additional, val) && ok;
}

static bool v_required(vctx *c, const sch *s, const floe_node *n,
		       const uint64_t *seen)
{
	const sch_obj *g = s->obj;
	bool ok = true;
	for (size_t r = 0; r < g->nrequired && (ok || sch_all(c)); r++) {
		const floe_node *name = g->required[r];
		int32_t p = g->required_prop[r];
		bool fast = p >= 0 && p < 256;
		if (!sch_step(c, n, fast ? 1 : 1 + (uint64_t)n->len))
			return false;
		bool present = fast ? (seen[p / 64] >> (p % 64)) & 1
				    : floe_schema__find_key(n, name->text, name->len) >= 0;
		if (present)
			continue;
		ok = false;
		if (c->d)
			floe_schema__fail(c, "schema/required", n, "missing required key %s",
				 floe_schema__quote(floe_diags_arena(c->d), name->text,
					   name->len));
	}
	return ok;
}

static bool v_deps(vctx *c, const sch *s, const floe_node *n)
{
	const sch_obj *g = s->obj;
	bool ok = true;
	for (size_t i = 0; i < g->ndeps && (ok || sch_all(c)); i++) {
		const sch_dep *d = &g->deps[i];
		long at = floe_schema__find_key(n, d->key->text, d->key->len);
		if (at < 0)
			continue;
		if (d->s) {
			ok &= floe_schema__validate(c, d->s, n);
			continue;
		}
		for (size_t j = 0; d->names && j < d->names->len; j++) {
			const floe_node *want = d->names->items[j];
			if (floe_schema__find_key(n, want->text, want->len) >= 0)
				continue;
			ok = false;
			if (!c->d)
				break;
			floe_arena *a = floe_diags_arena(c->d);
			floe_schema__fail_at(c, "schema/dependencies", n->keys[at], n,
				    "key %s requires key %s",
				    floe_schema__quote(a, d->key->text, d->key->len),
				    floe_schema__quote(a, want->text, want->len));
		}
	}
	return ok;
}

static bool v_names(vctx *c, const sch *s, const floe_node *n)
{
	const sch_obj *g = s->obj;
	bool ok = true;
	for (size_t i = 0; i < n->len && (ok || sch_all(c)); i++) {
		const floe_node *k = n->keys[i];
		if (floe_schema__check(c, g->names, k))
			continue;
		ok = false;
		if (!c->d)
			continue;
		floe_diags *tmp = floe_diags_new(0);
		vctx t = *c;
		t.d = tmp;
		floe_schema__validate(&t, g->names, k);
		floe_diag *dg = floe_schema__fail_at(c, "schema/property-names", k,
					    n->items[i], "invalid key %s",
					    floe_schema__quote(floe_diags_arena(c->d),
						      k->text, k->len));
		if (floe_diags_count(tmp) > 0)
			floe_diag_note(c->d, dg, NULL, "%s",
				       floe_diags_at(tmp, 0)->msg);
		floe_diags_free(tmp);
	}
	return ok;
}

static bool v_object(vctx *c, const sch *s, const floe_node *n)
{
	const sch_obj *g = s->obj;
	uint64_t seen[4] = { 0, 0, 0, 0 };
	bool ok = true;

	const pcre2_code *jit[8];
	bool many = n->len >= 32 && g->npprops <= 8;

	/* every key is matched against every pattern: worth the JIT */
	for (size_t j = 0; many && j < g->npprops; j++)
		jit[j] = floe_schema__pattern_jit(c->S, &g->pprops[j]);
	for (size_t i = 0; i < n->len && (ok || sch_all(c)); i++)
		ok &= v_member(c, s, n, i, seen, many ? jit : NULL);
	if (g->nrequired && (ok || sch_all(c)))
		ok &= v_required(c, s, n, seen);
	if (g->min_props >= 0 && n->len < (uint64_t)g->min_props) {
		if (c->d)
			floe_schema__fail(c, "schema/min-properties", n,
				 "expected at least %lld key%s, got %zu",
				 (long long)g->min_props, g->min_props == 1 ? "" : "s", n->len);
		ok = false;
	}
	if (g->max_props >= 0 && n->len > (uint64_t)g->max_props) {
		if (c->d)
			floe_schema__fail(c, "schema/max-properties", n,
				 "expected at most %lld key%s, got %zu",
				 (long long)g->max_props, g->max_props == 1 ? "" : "s", n->len);
		ok = false;
	}
	if (g->ndeps && (ok || sch_all(c)))
		ok &= v_deps(c, s, n);
	if (g->names && (ok || sch_all(c)))
		ok &= v_names(c, s, n);
	return ok;
}

/* ---- one subschema ---- */

static bool v_enum_const(vctx *c, const sch *s, const floe_node *n)
{
	bool ok = true;
	if ((s->has & H_ENUM) && !sch_step(c, n, s->enum_node->len))
		return false;
	if ((s->has & H_ENUM) && !floe_schema__enum_has(s->enum_node, n)) {
		if (c->d)
			floe_schema__enum_mismatch(c, s->enum_node, n);
		ok = false;
	}
	if ((s->has & H_CONST) && !floe_schema__value_equal(s->const_node, n)) {
		if (c->d)
			floe_schema__const_mismatch(c, s->const_node, n);
		ok = false;
	}
	return ok;
}

static bool apply(vctx *c, const sch *s, const floe_node *n)
{
	view v;
	bool ok;

	if (!make_view(s, n, &v)) {
		if (c->d)
			floe_schema__type_mismatch(c, s, n);
		return false;
	}
	ok = !(s->has & (H_ENUM | H_CONST)) || v_enum_const(c, s, n);
	if (!ok && !sch_all(c))
		return false;
	if (v.t == ST_NUM && (s->has & H_NUM))
		ok &= v_number(c, s->num, n, &v);
	else if (v.t == ST_STR && (s->has & H_STR))
		ok &= v_string(c, s->str, n, &v);
	else if (v.t == ST_ARR && (s->has & H_ARR))
		ok &= v_array(c, s, n);
	else if (v.t == ST_OBJ && (s->has & H_OBJ))
		ok &= v_object(c, s, n);
	if ((s->has & H_COMB) && (ok || sch_all(c)))
		ok &= floe_schema__combinators(c, s, n);
	return ok;
}

/*
 * A value the schema forbids outright (false): a map member is named by
 * its key, with the "type" of its map when there is one, since that is
 * what usually decides which keys apply.
 */
static void fail_false(vctx *c, const floe_node *n)
{
	const floe_node *key = floe_node_key_of(n), *type;
	const char *t;

	if (!key) {
		floe_schema__fail(c, "schema/false", n, "value not allowed here");
		return;
	}
	type = floe_node_get(n->parent, "type");
	if (type && type != n && floe_node_as_string(type, &t))
		floe_schema__fail_at(c, "schema/false", key, n,
			    "key '%s' does not apply to type '%s'", key->text, t);
	else
		floe_schema__fail_at(c, "schema/false", key, n, "key '%s' is not allowed here",
			    key->text);
}

static bool sch_step_slow(vctx *c, const floe_node *n, uint64_t k)
{
	sch_budget *b = c->budget;
	if (!b->spent && b->left >= k) {
		b->left -= k;
		return true;
	}
	b->spent = true;
	b->left = 0;
	if (b->d && !b->reported) {
		vctx r = *c;
		b->reported = true;
		r.d = b->d;
		b->spent = false; /* this one diagnostic still goes out */
		floe_diag *g = floe_schema__fail(&r, "schema/budget", n,
			"validation stopped here: the schema took more than %llu "
			"steps on this document",
			(unsigned long long)c->S->max_steps);
		b->spent = true;
		floe_diag_note(b->d, g, NULL, "a step is one subschema applied to "
			       "one value, or a unit of a pattern's matching work; "
			       "a schema you trust may have more with --max-steps N "
			       "(docs/limits.md)");
	}
	return false;
}

bool floe_schema__validate(vctx *c, const sch *s, const floe_node *n)
{
	bool ok, secret = c->secret;

	if (!sch_step(c, n, 1))
		return false;
	if (s->kind == SCH_TRUE)
		return true;
	if (s->kind == SCH_FALSE) {
		if (c->d)
			fail_false(c, n);
		return false;
	}
	if (c->depth >= MAX_DEPTH) {
		if (c->d)
			floe_schema__fail(c, "schema/too-deep", n,
				 "the schema applies more than %d levels deep here "
				 "(a $ref loop, or a document nested too deeply)",
				 MAX_DEPTH);
		return false;
	}
	s = sch_ready(c->S, s);
	c->depth++;
	c->secret = !s->not_secret && (c->secret || s->secret);
	ok = s->ref ? floe_schema__validate(c, s->ref, n) : apply(c, s, n);
	c->secret = secret;
	c->depth--;
	if (ok && c->visit)
		c->visit(n, s->node, c->visit_ctx);
	return ok;
}

bool floe_schema__check(const vctx *c, const sch *s, const floe_node *n)
{
	vctx q = *c;
	q.d = NULL;
	q.visit = NULL;
	return floe_schema__validate(&q, s, n);
}

static bool run(const floe_schema *S, floe_diags *d, const floe_node *n,
		floe_schema_visit fn, void *ctx)
{
	sch_budget b = { .left = S->max_steps, .d = d };
	vctx c = { .S = S, .d = d, .visit = fn, .visit_ctx = ctx, .budget = &b };
	c.md = pcre2_match_data_create(1, NULL);
	c.mctx = pcre2_match_context_copy(S->mctx);
	bool ok = floe_schema__validate(&c, S->root, n ? n : &null_node) && !b.spent;
	pcre2_match_context_free(c.mctx);
	pcre2_match_data_free(c.md);
	return ok;
}

int floe_schema_validate(const floe_schema *s, floe_diags *d,
			 const floe_node *instance)
{
	return run(s, d, instance, NULL, NULL) ? 0 : FLOE_EINVALID;
}

int floe_schema_validate_visit(const floe_schema *s, floe_diags *d,
			       const floe_node *instance, floe_schema_visit fn,
			       void *ctx)
{
	return run(s, d, instance, fn, ctx) ? 0 : FLOE_EINVALID;
}

void floe_schema_annotate(const floe_schema *s, const floe_node *instance,
			  floe_schema_visit fn, void *ctx)
{
	run(s, NULL, instance, fn, ctx);
}
