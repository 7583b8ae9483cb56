/*
 * combine.c: allOf, anyOf, oneOf, not and if/then/else (draft-07
 * validation 6.6-6.7).  Branches are tried silently first; only when none
 * fits is a message built, and then from the branch the user most likely
 * meant (best match): the one whose const/enum properties, such as
 * `type: s3`, match the instance, else the only one of the right type.
 */
#include <string.h>
#include "internal.h"

#define MAX_NOTES 8

/* Through $ref to the subschema with the keywords, filled. */
static const sch *deref(const floe_schema *S, const sch *s)
{
	s = sch_ready(S, s);
	for (int i = 0; s->ref && i < 64; i++)
		s = sch_ready(S, s->ref);
	return s;
}

/* Whether the const/enum of a property schema accepts v. */
static bool accepts(const sch *p, const floe_node *v)
{
	return (!(p->has & H_ENUM) || floe_schema__enum_has(p->enum_node, v)) &&
	       (!(p->has & H_CONST) || floe_schema__value_equal(p->const_node, v));
}

/*
 * 1 when a property of the branch with const/enum matches the instance's
 * value, -1 when one does not, 0 when none applies.  *key names the first
 * mismatching property.
 */
static int discriminate(const floe_schema *S, const sch *b, const floe_node *n,
			const sch_prop **key, int depth)
{
	int r = 0;
	b = deref(S, b);
	if (b->kind != SCH_MAP || n->kind != FLOE_NODE_MAP || depth > 8)
		return 0;
	const sch_obj *o = b->obj;
	for (size_t i = 0; i < o->nprops; i++) {
		const sch *p = deref(S, o->props[i].s);
		if (p->kind != SCH_MAP || !(p->has & (H_ENUM | H_CONST)))
			continue;
		long at = floe_schema__find_key(n, o->props[i].name, o->props[i].len);
		if (at < 0)
			continue;
		if (!accepts(p, n->items[at])) {
			*key = &o->props[i];
			return -1;
		}
		r = 1;
	}
	for (size_t i = 0; i < b->comb->all_of.n; i++) {
		int x = discriminate(S, b->comb->all_of.v[i], n, key, depth + 1);
		if (x < 0)
			return -1;
		r |= x;
	}
	return r;
}

/* The branch's own "type" (through $ref and allOf) accepts n. */
static bool type_fits(const floe_schema *S, const sch *b, const floe_node *n,
		      int depth)
{
	b = deref(S, b);
	if (b->kind != SCH_MAP)
		return b->kind == SCH_TRUE;
	if (b->types && !floe_schema__type_ok(b, n))
		return false;
	for (size_t i = 0; i < b->comb->all_of.n && depth < 8; i++)
		if (!type_fits(S, b->comb->all_of.v[i], n, depth + 1))
			return false;
	return true;
}

/*
 * Every branch rejects the same discriminating key: one schema/enum error
 * at that value listing what each branch accepts.
 */
static bool discriminator_error(vctx *c, const sch_list *l, const floe_node *n,
				const sch_prop *const *keys)
{
	const sch_prop *k = keys[0];
	floe_vec vals = FLOE_VEC_INIT;

	for (size_t i = 0; i < l->n; i++)
		if (!keys[i] || keys[i]->len != k->len ||
		    memcmp(keys[i]->name, k->name, k->len) != 0)
			return false;
	for (size_t i = 0; i < l->n; i++) {
		const sch *p = deref(c->S, keys[i]->s);
		if (p->has & H_CONST)
			floe_vec_push(&vals, (void *)p->const_node);
		for (size_t j = 0; (p->has & H_ENUM) && j < p->enum_node->len; j++)
			floe_vec_push(&vals, p->enum_node->items[j]);
	}
	long at = floe_schema__find_key(n, k->name, k->len);
	floe_schema__enum_report(c, (const floe_node *const *)vals.items, vals.len,
			n->items[at]);
	floe_vec_release(&vals);
	return true;
}

/* No branch is of the instance's type: one schema/type error for them all. */
static bool type_error(vctx *c, const sch_list *l, const floe_node *n)
{
	unsigned types = 0;
	for (size_t i = 0; i < l->n; i++) {
		const sch *b = deref(c->S, l->v[i]);
		if (b->kind != SCH_MAP || !b->types || floe_schema__type_ok(b, n))
			return false;
		types |= b->types;
	}
	floe_schema__type_report(c, types, n);
	return true;
}

/* The branch to report, or -1 for the generic message. */
static long best_branch(vctx *c, const sch_list *l, const floe_node *n,
			bool *done)
{
	const sch_prop *keys[64] = { 0 };
	long cand = -1;
	size_t ncand = 0, nkeys = 0;

	*done = false;
	for (size_t i = 0; i < l->n; i++) {
		const sch_prop *key = NULL;
		int d = discriminate(c->S, l->v[i], n, &key, 0);
		if (d > 0)
			return (long)i;
		if (i < FLOE_ARRAY_SIZE(keys) && key)
			keys[i] = key, nkeys++;
		if (d == 0 && type_fits(c->S, l->v[i], n, 0))
			cand = (long)i, ncand++;
	}
	if (ncand == 1)
		return cand;
	if (ncand == 0 && nkeys == l->n && l->n <= FLOE_ARRAY_SIZE(keys))
		*done = discriminator_error(c, l, n, keys);
	if (ncand == 0 && !*done)
		*done = type_error(c, l, n);
	return -1;
}

/* "value matches none of the 3 alternatives" with each one's first error. */
static void generic_error(vctx *c, const sch_list *l, const floe_node *n,
			  const char *code)
{
	floe_diag *dg = floe_schema__fail(c, code, n, "%s matches none of the %zu alternatives",
				 floe_schema__subject(c, n), l->n);
	for (size_t i = 0; i < l->n && i < MAX_NOTES; i++) {
		floe_diags *tmp = floe_diags_new(4);
		vctx t = *c;
		t.d = tmp;
		floe_schema__validate(&t, l->v[i], n);
		const floe_diag *first = floe_diags_at(tmp, 0);
		if (first)
			floe_diag_note(c->d, dg, &first->span, "alternative %zu: %s",
				       i + 1, first->msg);
		floe_diags_free(tmp);
	}
}

static void no_match(vctx *c, const sch_list *l, const floe_node *n,
		     const char *code)
{
	bool done;
	long pick = best_branch(c, l, n, &done);
	if (done)
		return;
	if (pick >= 0)
		floe_schema__validate(c, l->v[pick], n);
	else
		generic_error(c, l, n, code);
}

static bool all_of(vctx *c, const sch_list *l, const floe_node *n)
{
	bool ok = true;
	for (size_t i = 0; i < l->n && (ok || sch_all(c)); i++)
		ok &= floe_schema__validate(c, l->v[i], n);
	return ok;
}

static bool any_of(vctx *c, const sch_list *l, const floe_node *n)
{
	bool ok = false;
	for (size_t i = 0; i < l->n; i++) {
		if (!floe_schema__check(c, l->v[i], n))
			continue;
		ok = true;
		if (!c->visit)
			return true;
		floe_schema__validate(c, l->v[i], n); /* annotations of every match */
	}
	if (!ok && c->d)
		no_match(c, l, n, "schema/any-of");
	return ok;
}

static void too_many(vctx *c, const floe_node *n, const size_t *hit,
		     size_t nhit, size_t total)
{
	floe_buf b = FLOE_BUF_INIT;
	for (size_t i = 0; i < nhit; i++) {
		if (i > 0)
			floe_buf_puts(&b, i + 1 == nhit && total == nhit ? " and " : ", ");
		floe_buf_printf(&b, "%zu", hit[i] + 1);
	}
	if (total > nhit)
		floe_buf_puts(&b, ", ...");
	floe_schema__fail(c, "schema/one-of", n,
		 "%s matches %zu of the alternatives (%s), exactly one is required",
		 floe_schema__subject(c, n), total, floe_buf_cstr(&b));
	floe_buf_release(&b);
}

static bool one_of(vctx *c, const sch_list *l, const floe_node *n)
{
	size_t hit[MAX_NOTES], nhit = 0, total = 0;
	for (size_t i = 0; i < l->n; i++) {
		if (!floe_schema__check(c, l->v[i], n))
			continue;
		if (nhit < MAX_NOTES)
			hit[nhit++] = i;
		if (++total > 1 && !c->d)
			return false;
	}
	if (total == 1) {
		if (c->visit)
			floe_schema__validate(c, l->v[hit[0]], n);
		return true;
	}
	if (c->d && total == 0)
		no_match(c, l, n, "schema/one-of");
	else if (c->d)
		too_many(c, n, hit, nhit, total);
	return false;
}

static bool if_then_else(vctx *c, const sch *s, const floe_node *n)
{
	bool cond = floe_schema__check(c, s->comb->if_, n);
	if (cond && c->visit)
		floe_schema__validate(c, s->comb->if_, n);
	const sch *branch = cond ? s->comb->then_ : s->comb->else_;
	return branch ? floe_schema__validate(c, branch, n) : true;
}

bool floe_schema__combinators(vctx *c, const sch *s, const floe_node *n)
{
	const sch_comb *g = s->comb;
	bool ok = true;
	if (g->all_of.n)
		ok &= all_of(c, &g->all_of, n);
	if (g->any_of.n && (ok || sch_all(c)))
		ok &= any_of(c, &g->any_of, n);
	if (g->one_of.n && (ok || sch_all(c)))
		ok &= one_of(c, &g->one_of, n);
	if (g->not_ && (ok || sch_all(c)) && floe_schema__check(c, g->not_, n)) {
		if (c->d)
			floe_schema__fail(c, "schema/not", n,
				 "%s is not allowed here: it matches the 'not' schema",
				 floe_schema__subject(c, n));
		ok = false;
	}
	if (g->if_ && (ok || sch_all(c)))
		ok &= if_then_else(c, s, n);
	return ok;
}
