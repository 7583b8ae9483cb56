/*
 * diff_render.c: a diff as text (a unified-diff-like listing: '~' changed,
 * '+' only in the second environment, '-' only in the first, each side
 * with its origin and, for derived values, their derivation) or as JSON
 * ("diff_version": 1, docs/explain.md).  Secrets show as references and
 * fingerprints, never values.
 */
#include <string.h>
#include "inspect/diff_int.h"

static const char *const change_names[] = { "added", "removed", "changed" };
static const char change_marks[] = { '+', '-', '~' };

static const char *platform_of(floe_model *m)
{
	return floe_project_env_path(floe_model_project(m), floe_model_env_index(m));
}

static const struct fpset *fps_of(const floe_diff *df, floe_model *m)
{
	return m == df->a ? &df->fa : &df->fb;
}

static const struct fp *fp_find(const struct fpset *set, const floe_msecret *s)
{
	for (size_t i = 0; i < set->len; i++)
		if (set->fps[i].s == s)
			return &set->fps[i];
	return NULL;
}

/* ---- text ---- */

static void put_fps(floe_buf *b, const floe_diff *df, floe_model *m,
		    const floe_mval *v)
{
	const floe_msecret *s[8];
	size_t n = df->fingerprints ? floe_inspect__ex_secrets_of(m, v, s, 8) : 0;
	for (size_t i = 0; i < n; i++) {
		const struct fp *f = fp_find(fps_of(df, m), s[i]);
		floe_buf_puts(b, i ? ", " : " [");
		if (n > 1 || v->kind != FLOE_MV_SECRET) {
			floe_inspect__ex_put_shown(b, s[i]->key ? s[i]->key : s[i]->name, 0);
			floe_buf_putc(b, ' ');
		}
		floe_buf_printf(b, "fingerprint %s", f ? f->hex : "?");
	}
	if (n)
		floe_buf_putc(b, ']');
}

static void text_side(floe_buf *b, const floe_diff *df, floe_model *m,
		      const floe_mval *v, size_t width)
{
	const char *env = floe_model_env_name(m);
	floe_buf_puts(b, "    ");
	floe_inspect__ex_put_shown(b, env, 0);
	floe_buf_printf(b, ":%*s", (int)(width - strlen(env) + 1), "");
	floe_inspect__ex_put_value(b, v, 0);
	put_fps(b, df, m, v);
	floe_buf_puts(b, " (");
	floe_inspect__ex_put_origin(b, &v->origin);
	floe_buf_puts(b, ")\n");
	floe_inspect__ex_put_from(b, m, &v->origin, (int)width + 8);
}

static void text_summary(floe_buf *b, const floe_diff *df)
{
	size_t n[3] = { 0 };
	for (size_t i = 0; i < df->len; i++)
		n[df->items[i].change]++;
	if (!df->len) {
		floe_buf_puts(b, "no differences\n");
		return;
	}
	floe_buf_printf(b, "\n%zu changed, %zu added, %zu removed\n",
			n[FLOE_DIFF_CHANGED], n[FLOE_DIFF_ADDED], n[FLOE_DIFF_REMOVED]);
}

static void text_head(floe_buf *b, const floe_diff *df)
{
	floe_model *m[2] = { df->a, df->b };
	for (int i = 0; i < 2; i++) {
		floe_buf_puts(b, i ? "+++ environment '" : "--- environment '");
		floe_inspect__ex_put_shown(b, floe_model_env_name(m[i]), 0);
		floe_buf_puts(b, "' (");
		floe_inspect__ex_put_shown(b, platform_of(m[i]), 0);
		floe_buf_puts(b, ")\n");
	}
	floe_buf_puts(b, df->fingerprints ?
		"secrets: compared by reference and by value (keyed BLAKE2b fingerprints)\n\n" :
		"secrets: compared by reference (--resolve-secrets compares values)\n\n");
}

static void render_text(floe_buf *b, const floe_diff *df)
{
	size_t la = strlen(floe_model_env_name(df->a));
	size_t lb = strlen(floe_model_env_name(df->b));
	size_t width = la > lb ? la : lb;

	text_head(b, df);
	for (size_t i = 0; i < df->len; i++) {
		const floe_diff_entry *e = &df->items[i];
		floe_buf_printf(b, "%c ", change_marks[e->change]);
		floe_inspect__ex_put_shown(b, e->pointer, 0);
		floe_buf_putc(b, '\n');
		if (e->a)
			text_side(b, df, df->a, e->a, width);
		if (e->b)
			text_side(b, df, df->b, e->b, width);
	}
	text_summary(b, df);
}

/* ---- JSON ---- */

static void json_fps(struct jw *w, const floe_diff *df, floe_model *m,
		     const floe_mval *v)
{
	const floe_msecret *s[8];
	size_t n = df->fingerprints ? floe_inspect__ex_secrets_of(m, v, s, 8) : 0;
	if (!n)
		return;
	floe_inspect__jw_key(w, "fingerprints");
	floe_inspect__jw_open(w, '[');
	for (size_t i = 0; i < n; i++) {
		const struct fp *f = fp_find(fps_of(df, m), s[i]);
		floe_inspect__jw_open(w, '{');
		floe_inspect__jw_kstr(w, "secret_ref", s[i]->name);
		floe_inspect__jw_kstr(w, "key", s[i]->key);
		floe_inspect__jw_kstr(w, "fingerprint", f ? f->hex : NULL);
		floe_inspect__jw_close(w, '}');
	}
	floe_inspect__jw_close(w, ']');
}

static void json_side(struct jw *w, const floe_diff *df, floe_model *m,
		      const floe_mval *v)
{
	if (!v) {
		floe_inspect__jw_raw(w, "null");
		return;
	}
	floe_inspect__jw_open(w, '{');
	floe_inspect__jw_kstr(w, "type", floe_inspect__ex_type(v));
	floe_inspect__jw_key(w, "value");
	floe_inspect__ex_json_value(w, m, v, true);
	json_fps(w, df, m, v);
	floe_inspect__jw_key(w, "origin");
	floe_inspect__ex_json_origin(w, m, &v->origin, 0);
	floe_inspect__jw_close(w, '}');
}

static void json_env(struct jw *w, const char *key, floe_model *m)
{
	floe_inspect__jw_key(w, key);
	floe_inspect__jw_open(w, '{');
	floe_inspect__jw_kstr(w, "environment", floe_model_env_name(m));
	floe_inspect__jw_kstr(w, "platform", platform_of(m));
	floe_inspect__jw_close(w, '}');
}

static void json_secret(struct jw *w, const char *key, floe_model *m,
			const struct fp *f)
{
	floe_inspect__jw_key(w, key);
	floe_inspect__jw_open(w, '{');
	floe_inspect__jw_kstr(w, "environment", floe_model_env_name(m));
	floe_inspect__jw_kstr(w, "secret_ref", f->s->name);
	floe_inspect__jw_kstr(w, "key", f->s->key);
	floe_inspect__jw_kstr(w, "pointer", f->s->nused ?
		      floe_mval_pointer(m, f->s->used_by[0]) : NULL);
	floe_inspect__jw_kstr(w, "source", f->source);
	floe_inspect__jw_close(w, '}');
}

static void json_warnings(struct jw *w, const floe_diff *df)
{
	floe_inspect__jw_key(w, "warnings");
	floe_inspect__jw_open(w, '[');
	for (size_t i = 0; i < df->nwarns; i++) {
		const struct warn *x = &df->warns[i];
		floe_inspect__jw_open(w, '{');
		floe_inspect__jw_kstr(w, "code", "diff/prod-equals-dev");
		floe_inspect__jw_kstr(w, "fingerprint", x->prod->hex);
		json_secret(w, "production", x->prod_is_a ? df->a : df->b, x->prod);
		json_secret(w, "development", x->prod_is_a ? df->b : df->a, x->dev);
		floe_inspect__jw_close(w, '}');
	}
	floe_inspect__jw_close(w, ']');
}

static void json_summary(struct jw *w, const floe_diff *df)
{
	uint64_t n[3] = { 0 };
	for (size_t i = 0; i < df->len; i++)
		n[df->items[i].change]++;
	floe_inspect__jw_key(w, "summary");
	floe_inspect__jw_open(w, '{');
	static const floe_diff_change order[] = {
		FLOE_DIFF_CHANGED, FLOE_DIFF_ADDED, FLOE_DIFF_REMOVED,
	};
	for (size_t i = 0; i < FLOE_ARRAY_SIZE(order); i++) {
		floe_inspect__jw_key(w, change_names[order[i]]);
		floe_inspect__jw_uint(w, n[order[i]]);
	}
	floe_inspect__jw_close(w, '}');
}

static void render_json(floe_buf *b, const floe_diff *df)
{
	struct jw w;
	floe_inspect__jw_init(&w, b);
	floe_inspect__jw_open(&w, '{');
	floe_inspect__jw_key(&w, "diff_version");
	floe_inspect__jw_raw(&w, "1");
	json_env(&w, "a", df->a);
	json_env(&w, "b", df->b);
	floe_inspect__jw_kstr(&w, "secrets", df->fingerprints ? "fingerprint" : "reference");
	json_summary(&w, df);
	floe_inspect__jw_key(&w, "differences");
	floe_inspect__jw_open(&w, '[');
	for (size_t i = 0; i < df->len; i++) {
		const floe_diff_entry *e = &df->items[i];
		floe_inspect__jw_open(&w, '{');
		floe_inspect__jw_kstr(&w, "pointer", e->pointer);
		floe_inspect__jw_kstr(&w, "change", change_names[e->change]);
		floe_inspect__jw_key(&w, "a");
		json_side(&w, df, df->a, e->a);
		floe_inspect__jw_key(&w, "b");
		json_side(&w, df, df->b, e->b);
		floe_inspect__jw_close(&w, '}');
	}
	floe_inspect__jw_close(&w, ']');
	json_warnings(&w, df);
	floe_inspect__jw_close(&w, '}');
	floe_buf_putc(b, '\n');
	floe_inspect__jw_release(&w);
}

int floe_diff_render(floe_buf *out, const floe_diff *df, floe_format fmt)
{
	if (fmt == FLOE_FMT_TEXT)
		render_text(out, df);
	else if (fmt == FLOE_FMT_JSON)
		render_json(out, df);
	else
		return FLOE_EUSAGE;
	return 0;
}
