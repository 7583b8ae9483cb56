/*
 * diff.c: `floe diff`: the models of two environments compared key by key
 * (maps by key, sequences by index), each difference kept with both values
 * and their origins, sorted by pointer.  /environment and /output_dir name
 * the environment and are not compared.  Secrets compare by reference, or
 * with fingerprints (diff_secrets.c) by value too; a production secret
 * equal to a development one is a warning.  Text and JSON.
 */
#include <stdlib.h>
#include <string.h>
#include "inspect/diff_int.h"

/* ---- comparing ---- */

static void add(floe_diff *df, floe_diff_change ch, const floe_mval *a,
		const floe_mval *b)
{
	if (df->len == df->cap) {
		df->cap = df->cap ? 2 * df->cap : 32;
		df->items = floe_xrealloc(df->items, df->cap * sizeof(*df->items));
	}
	floe_diff_entry *e = &df->items[df->len++];
	e->change = ch;
	e->a = a;
	e->b = b;
	e->pointer = a ? floe_mval_pointer(df->a, a) : floe_mval_pointer(df->b, b);
}

static const struct fp *fp_of(const struct fpset *set, const floe_msecret *s)
{
	for (size_t i = 0; i < set->len; i++)
		if (set->fps[i].s == s)
			return &set->fps[i];
	return NULL;
}

/* The fingerprints behind two values are the same (as many, pairwise). */
static bool same_values(const floe_diff *df, const floe_mval *a,
			const floe_mval *b)
{
	const floe_msecret *sa[8], *sb[8];
	size_t na = floe_inspect__ex_secrets_of(df->a, a, sa, 8);
	size_t nb = floe_inspect__ex_secrets_of(df->b, b, sb, 8);
	if (na != nb)
		return false;
	for (size_t i = 0; i < na; i++) {
		const struct fp *x = fp_of(&df->fa, sa[i]), *y = fp_of(&df->fb, sb[i]);
		if (!x || !y || strcmp(x->hex, y->hex) != 0)
			return false;
	}
	return true;
}

static bool same_scalar(const floe_diff *df, const floe_mval *a,
			const floe_mval *b)
{
	if (a->kind != b->kind || !floe_str_eq(a->text, b->text))
		return false;
	return !df->fingerprints || same_values(df, a, b);
}

static bool skipped(const floe_mval *map, const char *key)
{
	return !map->parent && (strcmp(key, "environment") == 0 ||
				strcmp(key, "output_dir") == 0);
}

static void walk(floe_diff *df, const floe_mval *a, const floe_mval *b);

static void walk_maps(floe_diff *df, const floe_mval *a, const floe_mval *b)
{
	for (size_t i = 0; i < a->len; i++) {
		const floe_mval *x = a->items[i];
		const floe_mval *y = floe_mval_get(b, x->key);
		if (skipped(a, x->key))
			continue;
		if (y)
			walk(df, x, y);
		else
			add(df, FLOE_DIFF_REMOVED, x, NULL);
	}
	for (size_t i = 0; i < b->len; i++)
		if (!floe_mval_get(a, b->items[i]->key) && !skipped(b, b->items[i]->key))
			add(df, FLOE_DIFF_ADDED, NULL, b->items[i]);
}

static void walk(floe_diff *df, const floe_mval *a, const floe_mval *b)
{
	if (a->kind == FLOE_MV_MAP && b->kind == FLOE_MV_MAP) {
		walk_maps(df, a, b);
	} else if (a->kind == FLOE_MV_SEQ && b->kind == FLOE_MV_SEQ) {
		size_t n = a->len < b->len ? a->len : b->len;
		for (size_t i = 0; i < n; i++)
			walk(df, a->items[i], b->items[i]);
		for (size_t i = n; i < a->len; i++)
			add(df, FLOE_DIFF_REMOVED, a->items[i], NULL);
		for (size_t i = n; i < b->len; i++)
			add(df, FLOE_DIFF_ADDED, NULL, b->items[i]);
	} else if (!same_scalar(df, a, b)) {
		add(df, FLOE_DIFF_CHANGED, a, b);
	}
}

/* Segment by segment; two indices (all digits) as numbers. */
static int cmp_pointer(const char *x, const char *y)
{
	while (*x && *y) {
		size_t nx = strcspn(x + 1, "/"), ny = strcspn(y + 1, "/");
		bool dx = nx && strspn(x + 1, "0123456789") == nx;
		bool dy = ny && strspn(y + 1, "0123456789") == ny;
		int c = 0;
		if (dx && dy && nx != ny)
			c = nx < ny ? -1 : 1;
		if (!c)
			c = strncmp(x + 1, y + 1, nx < ny ? nx : ny);
		if (!c && nx != ny)
			c = nx < ny ? -1 : 1;
		if (c)
			return c;
		x += 1 + nx;
		y += 1 + ny;
	}
	return *x ? 1 : *y ? -1 : 0;
}

static int cmp_entry(const void *p, const void *q)
{
	return cmp_pointer(((const floe_diff_entry *)p)->pointer,
			   ((const floe_diff_entry *)q)->pointer);
}

/* ---- production secrets equal to development ones ---- */

/* "'name'" or "'name' key 'key'", in the model's arena. */
static const char *secret_name(floe_model *m, const floe_msecret *s)
{
	if (!s->key)
		return floe_arena_printf(floe_model_arena(m), "'%s'", s->name);
	return floe_arena_printf(floe_model_arena(m), "'%s' key '%s'", s->name, s->key);
}

static void warn_one(floe_diff *df, floe_diags *d, const struct fp *p,
		     const struct fp *v, bool prod_is_a)
{
	floe_model *pm = prod_is_a ? df->a : df->b, *dm = prod_is_a ? df->b : df->a;
	const floe_mval *pu = p->s->nused ? p->s->used_by[0] : NULL;
	const floe_mval *du = v->s->nused ? v->s->used_by[0] : NULL;
	floe_diag *g = floe_diag_add(d, FLOE_SEV_WARNING, "diff/prod-equals-dev",
		pu ? &pu->origin.span : NULL, pu ? floe_mval_pointer(pm, pu) : NULL,
		"secret %s of environment '%s' has the same value as secret %s of "
		"environment '%s'", secret_name(pm, p->s), floe_model_env_name(pm),
		secret_name(dm, v->s), floe_model_env_name(dm));
	if (du)
		floe_diag_note(d, g, &du->origin.span, "the %s secret is referenced here",
			       floe_model_env_name(dm));
	if (strcmp(p->source, "environment variable") == 0 &&
	    strcmp(v->source, p->source) == 0 && strcmp(p->s->env, v->s->env) == 0)
		floe_diag_note(d, g, NULL, "both were read from environment variable "
			       "%s: resolve each environment where it runs", p->s->env);
	floe_diag_hint(d, g, "give production credentials of its own");
	df->warns = floe_xrealloc(df->warns, (df->nwarns + 1) * sizeof(*df->warns));
	df->warns[df->nwarns++] = (struct warn){ p, v, prod_is_a };
}

static void check_reuse(floe_diff *df, floe_diags *d)
{
	const char *na = floe_model_env_name(df->a), *nb = floe_model_env_name(df->b);
	bool a_prod = floe_env_is_production(na) && floe_env_is_development(nb);
	bool b_prod = floe_env_is_production(nb) && floe_env_is_development(na);
	const struct fpset *ps = a_prod ? &df->fa : &df->fb;
	const struct fpset *ds = a_prod ? &df->fb : &df->fa;

	if (!a_prod && !b_prod)
		return;
	for (size_t i = 0; i < ps->len; i++)
		for (size_t k = 0; k < ds->len; k++)
			if (strcmp(ps->fps[i].hex, ds->fps[k].hex) == 0)
				warn_one(df, d, &ps->fps[i], &ds->fps[k], a_prod);
}

/* ---- the diff ---- */

int floe_diff_new(floe_diff **out, floe_diags *d, floe_model *a,
		  floe_model *b, const floe_diff_opts *o, floe_buf *report)
{
	floe_diff *df = floe_xcalloc(1, sizeof(*df));
	floe_buf mine = FLOE_BUF_INIT;
	int rc = 0;

	*out = NULL;
	df->a = a;
	df->b = b;
	df->fingerprints = o && o->key;
	if (!report)
		report = &mine;
	floe_buf_clear(report);
	if (df->fingerprints) {
		int ra = floe_inspect__diff_fingerprints(&df->fa, a, o, report);
		int rb = floe_inspect__diff_fingerprints(&df->fb, b, o, report);
		rc = ra ? ra : rb;
	}
	floe_buf_release(&mine);
	if (rc) {
		floe_diff_free(df);
		return rc;
	}
	walk(df, floe_model_root(a), floe_model_root(b));
	if (df->len)
		qsort(df->items, df->len, sizeof(*df->items), cmp_entry);
	if (df->fingerprints)
		check_reuse(df, d);
	*out = df;
	return 0;
}

void floe_diff_free(floe_diff *df)
{
	if (!df)
		return;
	free(df->fa.fps);
	free(df->fb.fps);
	free(df->items);
	free(df->warns);
	free(df);
}

size_t floe_diff_count(const floe_diff *df)
{
	return df->len;
}

const floe_diff_entry *floe_diff_at(const floe_diff *df, size_t i)
{
	return i < df->len ? &df->items[i] : NULL;
}
