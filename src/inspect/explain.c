/*
 * explain.c: `floe explain`: one value of a compiled environment with
 * where it came from (file:line:col and the source line, a default, a
 * derivation and its inputs), what it shadowed and why that lost, and the
 * generated lines that use it; a map's members in brief; or, from a
 * generated line, the values it uses.  Unknown paths get "did you mean".
 * Reads the model and the outputs floe_compile made; writes nothing.
 */
#include <stdlib.h>
#include <string.h>
#include "inspect/explain_int.h"

/* Where each line of a generated file starts, made when first needed. */
struct lines {
	const floe_output *o;
	size_t *start;     /* n + 1 offsets: the last one is the end */
	uint32_t n;
};

struct ex {
	const floe_compile_result *r;
	floe_model *m;
	floe_buf *b;
	struct jw w;
	const char *query;
	struct lines *lines;   /* one per output */
};

/* ---- generated lines ---- */

static const struct lines *lines_of(struct ex *x, const floe_output *o)
{
	size_t i = 0;
	while (floe_compile_output_at(x->r, i) != o)
		i++;
	struct lines *l = &x->lines[i];
	if (l->o)
		return l;
	l->o = o;
	for (size_t k = 0; k < o->len; k++)
		l->n += o->data[k] == '\n';
	l->n += o->len && o->data[o->len - 1] != '\n';
	l->start = floe_xcalloc((size_t)l->n + 1, sizeof(*l->start));
	uint32_t at = 1;
	for (size_t k = 0; k < o->len && at < l->n; k++)
		if (o->data[k] == '\n')
			l->start[at++] = k + 1;
	l->start[l->n] = o->len;
	return l;
}

static uint32_t out_lines(struct ex *x, const floe_output *o)
{
	return lines_of(x, o)->n;
}

/* Line `n` (1-based) of an output, without its newline; NULL past the end. */
static const char *out_line(struct ex *x, const floe_output *o, uint32_t n,
			    size_t *len)
{
	const struct lines *l = lines_of(x, o);
	if (n < 1 || n > l->n)
		return NULL;
	size_t from = l->start[n - 1], to = l->start[n];
	if (to > from && o->data[to - 1] == '\n')
		to--;
	*len = to - from;
	return o->data + from;
}

/* The text of a generated line (a copy in the arena), maybe less its indent. */
static const char *line_text(struct ex *x, const char *file, uint32_t line,
			     bool strip)
{
	const floe_output *o = floe_compile_output(x->r, file);
	size_t len = 0;
	const char *s = o ? out_line(x, o, line, &len) : NULL;
	if (!s)
		return "";
	while (strip && len && (*s == ' ' || *s == '\t')) {
		s++;
		len--;
	}
	return floe_arena_strndup(floe_model_arena(x->m), s, len);
}

/*
 * Uses of `v` that name an output there is (a failed compile leaves
 * none), each (file, line) once.  exact: only uses of v itself.
 */
static bool use_ok(struct ex *x, const floe_muse *u, const floe_muse *prev)
{
	if (!floe_compile_output(x->r, u->file))
		return false;
	return !prev || prev->line != u->line || strcmp(prev->file, u->file) != 0;
}

static size_t collect_uses(struct ex *x, const floe_mval *v, bool exact,
			   floe_vec *out)
{
	const floe_muse *prev = NULL;
	for (size_t i = 0; i < floe_model_use_count(x->m); i++) {
		const floe_muse *u = floe_model_use_at(x->m, i);
		bool hit = exact ? u->value == v : floe_mval_within(u->value, v);
		if (!hit || !use_ok(x, u, prev))
			continue;
		if (out)
			floe_vec_push(out, (void *)u);
		prev = u;
	}
	return out ? out->len : 0;
}

static size_t count_uses(struct ex *x, const floe_mval *v)
{
	floe_vec all = FLOE_VEC_INIT;
	size_t n = collect_uses(x, v, false, &all);
	floe_vec_release(&all);
	return n;
}

/* ---- text ---- */

/*
 * The source line and caret of an explicit origin, indented: the text
 * renderer of diagnostics draws them (its header line is dropped).
 */
static void put_snippet(floe_buf *b, const floe_origin *o, int ind)
{
	if (o->kind != FLOE_ORIGIN_EXPLICIT || !o->span.src || !o->span.line)
		return;
	floe_diag g = { .sev = FLOE_SEV_NOTE, .span = floe_inspect__ex_span(o), .msg = "" };
	floe_buf tmp = FLOE_BUF_INIT;
	floe_diag_render_one(&tmp, &g, false);
	const char *s = floe_buf_cstr(&tmp), *nl = strchr(s, '\n');
	for (s = nl ? nl + 1 : ""; *s; ) {
		nl = strchr(s, '\n');
		size_t n = nl ? (size_t)(nl - s) : strlen(s);
		floe_buf_printf(b, "%*s", ind, "");
		floe_buf_put(b, s, n);
		floe_buf_putc(b, '\n');
		s += n + (nl != NULL);
	}
	floe_buf_release(&tmp);
}

/* An origin: one line, then its source line or what it was derived from. */
static void put_origin_block(struct ex *x, const floe_origin *o, int ind)
{
	floe_inspect__ex_put_origin(x->b, o);
	floe_buf_putc(x->b, '\n');
	put_snippet(x->b, o, ind + 2);
	floe_inspect__ex_put_from(x->b, x->m, o, ind + 2);
}

static void put_secrets(struct ex *x, const floe_mval *v)
{
	const floe_msecret *s[8];
	size_t n = floe_inspect__ex_secrets_of(x->m, v, s, FLOE_ARRAY_SIZE(s));
	for (size_t i = 0; i < n; i++) {
		floe_buf_puts(x->b, "  secret: ");
		floe_inspect__ex_put_shown(x->b, s[i]->name, 0);
		if (s[i]->key) {
			floe_buf_puts(x->b, " key ");
			floe_inspect__ex_put_shown(x->b, s[i]->key, 0);
		}
		floe_buf_printf(x->b, ": variable %s, Kubernetes Secret '", s[i]->env);
		floe_inspect__ex_put_shown(x->b, s[i]->k8s_name, 0);
		floe_buf_puts(x->b, "' key '");
		floe_inspect__ex_put_shown(x->b, s[i]->k8s_key, 0);
		floe_buf_puts(x->b, "'\n");
	}
}

static void put_shadows(struct ex *x, const floe_mval *v)
{
	size_t n = 0;
	for (const floe_shadow *s = v->shadowed; s; s = s->next)
		n++;
	if (!n) {
		floe_buf_puts(x->b, "  shadowed: nothing\n");
		return;
	}
	floe_buf_printf(x->b, "  shadowed %zu candidate%s:\n", n, n == 1 ? "" : "s");
	for (const floe_shadow *s = v->shadowed; s; s = s->next) {
		floe_buf_puts(x->b, "    ");
		floe_inspect__ex_put_shown(x->b, s->text, 0);
		floe_buf_puts(x->b, ": lost, ");
		floe_inspect__ex_put_shown(x->b, s->why ? s->why : "a later value wins", 0);
		floe_buf_puts(x->b, "\n      ");
		put_origin_block(x, &s->origin, 6);
	}
}

static void put_use_lines(struct ex *x, const floe_vec *uses)
{
	for (size_t i = 0; i < uses->len; i++) {
		const floe_muse *u = uses->items[i];
		floe_buf_printf(x->b, "    %s:%u: ", u->file, (unsigned)u->line);
		floe_inspect__ex_put_shown(x->b, line_text(x, u->file, u->line, true), 100);
		floe_buf_putc(x->b, '\n');
	}
}

static void put_uses(struct ex *x, const floe_mval *v)
{
	bool box = v->kind == FLOE_MV_MAP || v->kind == FLOE_MV_SEQ;
	floe_vec uses = FLOE_VEC_INIT;
	size_t n = collect_uses(x, v, box, &uses);
	size_t inner = box ? count_uses(x, v) - n : 0;

	if (!floe_compile_output_count(x->r))
		floe_buf_puts(x->b, "  used by: unknown (the environment did not compile)\n");
	else if (!n)
		floe_buf_printf(x->b, "  used by: no generated line%s\n",
				box ? " uses it as a whole" : "");
	else
		floe_buf_printf(x->b, "  used by %zu generated line%s:\n", n,
				n == 1 ? "" : "s");
	put_use_lines(x, &uses);
	if (inner)
		floe_buf_printf(x->b, "  %zu more generated line%s use%s its members "
				"(explain a member to see them)\n", inner,
				inner == 1 ? "" : "s", inner == 1 ? "s" : "");
	floe_vec_release(&uses);
}

/* `s` padded with spaces to `width` code points. */
static void put_padded(floe_buf *b, const floe_buf *s, size_t width)
{
	size_t n = floe_utf8_count(floe_buf_cstr(s), s->len);
	floe_buf_puts(b, floe_buf_cstr(s));
	for (; n < width; n++)
		floe_buf_putc(b, ' ');
}

static void member_key(floe_buf *b, const floe_mval *v)
{
	floe_buf_clear(b);
	if (v->key)
		floe_inspect__ex_put_shown(b, v->key, 32);
	else
		floe_buf_printf(b, "%u", (unsigned)v->index);
}

static size_t column_width(const floe_mval *box, bool value)
{
	floe_buf t = FLOE_BUF_INIT;
	size_t w = 0;
	for (size_t i = 0; i < box->len; i++) {
		floe_buf_clear(&t);
		if (value)
			floe_inspect__ex_put_value(&t, box->items[i], 40);
		else
			member_key(&t, box->items[i]);
		size_t n = floe_utf8_count(floe_buf_cstr(&t), t.len);
		w = n > w ? n : w;
	}
	floe_buf_release(&t);
	return w;
}

static void put_members(struct ex *x, const floe_mval *v)
{
	size_t kw = column_width(v, false), vw = column_width(v, true);
	floe_buf t = FLOE_BUF_INIT;

	floe_buf_printf(x->b, "  members (%zu):\n", v->len);
	for (size_t i = 0; i < v->len; i++) {
		const floe_mval *it = v->items[i];
		floe_buf_puts(x->b, "    ");
		member_key(&t, it);
		put_padded(x->b, &t, kw + 2);
		floe_buf_clear(&t);
		floe_inspect__ex_put_value(&t, it, 40);
		put_padded(x->b, &t, vw + 2);
		floe_inspect__ex_put_origin(x->b, &it->origin);
		floe_buf_putc(x->b, '\n');
	}
	floe_buf_release(&t);
}

static void text_value(struct ex *x, const floe_mval *v)
{
	const char *ptr = floe_mval_pointer(x->m, v);
	floe_inspect__ex_put_shown(x->b, *ptr ? ptr : "/ (the root)", 0);
	floe_buf_puts(x->b, " in environment '");
	floe_inspect__ex_put_shown(x->b, floe_model_env_name(x->m), 0);
	floe_buf_puts(x->b, "'\n  value: ");
	floe_inspect__ex_put_value(x->b, v, 0);
	if (v->kind == FLOE_MV_SECRET)
		floe_buf_puts(x->b, " (a secret: its value is never shown)");
	else if (v->kind != FLOE_MV_MAP && v->kind != FLOE_MV_SEQ)
		floe_buf_printf(x->b, " (%s)", floe_inspect__ex_type(v));
	floe_buf_puts(x->b, "\n");
	put_secrets(x, v);
	floe_buf_puts(x->b, "  origin: ");
	put_origin_block(x, &v->origin, 2);
	if (v->kind == FLOE_MV_MAP || v->kind == FLOE_MV_SEQ)
		put_members(x, v);
	else
		put_shadows(x, v);
	put_uses(x, v);
}

/* ---- JSON ---- */

static void json_secrets(struct ex *x, const floe_mval *v)
{
	const floe_msecret *s[8];
	size_t n = floe_inspect__ex_secrets_of(x->m, v, s, FLOE_ARRAY_SIZE(s));
	struct jw *w = &x->w;

	floe_inspect__jw_key(w, "secrets");
	floe_inspect__jw_open(w, '[');
	for (size_t i = 0; i < n; i++) {
		floe_inspect__jw_open(w, '{');
		floe_inspect__jw_kstr(w, "secret_ref", s[i]->name);
		floe_inspect__jw_kstr(w, "key", s[i]->key);
		floe_inspect__jw_kstr(w, "env", s[i]->env);
		floe_inspect__jw_key(w, "kubernetes");
		floe_inspect__jw_open(w, '{');
		floe_inspect__jw_kstr(w, "name", s[i]->k8s_name);
		floe_inspect__jw_kstr(w, "key", s[i]->k8s_key);
		floe_inspect__jw_close(w, '}');
		floe_inspect__jw_close(w, '}');
	}
	floe_inspect__jw_close(w, ']');
}

static void json_shadows(struct ex *x, const floe_mval *v)
{
	struct jw *w = &x->w;
	floe_inspect__jw_key(w, "shadowed");
	floe_inspect__jw_open(w, '[');
	for (const floe_shadow *s = v->shadowed; s; s = s->next) {
		floe_inspect__jw_open(w, '{');
		floe_inspect__jw_kstr(w, "value", s->text);
		floe_inspect__jw_kstr(w, "why", s->why);
		floe_inspect__jw_key(w, "origin");
		floe_inspect__ex_json_origin(w, x->m, &s->origin, 0);
		floe_inspect__jw_close(w, '}');
	}
	floe_inspect__jw_close(w, ']');
}

static void json_members(struct ex *x, const floe_mval *v)
{
	struct jw *w = &x->w;
	floe_inspect__jw_key(w, "members");
	if (v->kind != FLOE_MV_MAP && v->kind != FLOE_MV_SEQ) {
		floe_inspect__jw_raw(w, "null");
		return;
	}
	floe_inspect__jw_open(w, '[');
	for (size_t i = 0; i < v->len; i++) {
		const floe_mval *it = v->items[i];
		floe_inspect__jw_open(w, '{');
		floe_inspect__jw_kstr(w, "key", it->key);
		floe_inspect__jw_kstr(w, "pointer", floe_mval_pointer(x->m, it));
		floe_inspect__jw_kstr(w, "type", floe_inspect__ex_type(it));
		floe_inspect__jw_key(w, "value");
		floe_inspect__ex_json_value(w, x->m, it, false);
		floe_inspect__jw_key(w, "origin");
		floe_inspect__ex_json_origin(w, x->m, &it->origin, 0);
		floe_inspect__jw_close(w, '}');
	}
	floe_inspect__jw_close(w, ']');
}

static void json_uses(struct ex *x, const floe_mval *v)
{
	struct jw *w = &x->w;
	floe_vec uses = FLOE_VEC_INIT;
	collect_uses(x, v, false, &uses);
	floe_inspect__jw_key(w, "uses");
	floe_inspect__jw_open(w, '[');
	for (size_t i = 0; i < uses.len; i++) {
		const floe_muse *u = uses.items[i];
		floe_inspect__jw_open(w, '{');
		floe_inspect__jw_kstr(w, "file", u->file);
		floe_inspect__jw_key(w, "line");
		floe_inspect__jw_uint(w, u->line);
		floe_inspect__jw_kstr(w, "text", line_text(x, u->file, u->line, false));
		floe_inspect__jw_kstr(w, "pointer", floe_mval_pointer(x->m, u->value));
		floe_inspect__jw_close(w, '}');
	}
	floe_inspect__jw_close(w, ']');
	floe_vec_release(&uses);
}

static void json_head(struct ex *x, const char *kind)
{
	struct jw *w = &x->w;
	floe_inspect__jw_open(w, '{');
	floe_inspect__jw_key(w, "explain_version");
	floe_inspect__jw_raw(w, "1");
	floe_inspect__jw_kstr(w, "environment", floe_model_env_name(x->m));
	floe_inspect__jw_kstr(w, "query", x->query);
	floe_inspect__jw_kstr(w, "kind", kind);
	floe_inspect__jw_key(w, "compiled");
	floe_inspect__jw_bool(w, floe_compile_output_count(x->r) > 0);
}

static void json_value(struct ex *x, const floe_mval *v)
{
	struct jw *w = &x->w;
	json_head(x, "value");
	floe_inspect__jw_kstr(w, "pointer", floe_mval_pointer(x->m, v));
	floe_inspect__jw_kstr(w, "type", floe_inspect__ex_type(v));
	floe_inspect__jw_key(w, "value");
	floe_inspect__ex_json_value(w, x->m, v, false);
	json_secrets(x, v);
	floe_inspect__jw_key(w, "origin");
	floe_inspect__ex_json_origin(w, x->m, &v->origin, 0);
	json_shadows(x, v);
	json_members(x, v);
	json_uses(x, v);
	floe_inspect__jw_close(w, '}');
	floe_buf_putc(x->b, '\n');
}

/* ---- reverse: a generated line ---- */

static void line_values(struct ex *x, const char *file, uint32_t line,
			floe_vec *out)
{
	for (size_t i = 0; i < floe_model_use_count(x->m); i++) {
		const floe_muse *u = floe_model_use_at(x->m, i);
		bool seen = false;
		if (u->line != line || strcmp(u->file, file) != 0)
			continue;
		for (size_t k = 0; k < out->len && !seen; k++)
			seen = out->items[k] == u->value;
		if (!seen)
			floe_vec_push(out, (void *)u->value);
	}
}

static void text_line(struct ex *x, const floe_output *o, uint32_t line,
		      const floe_vec *vals)
{
	size_t len = 0;
	const char *s = out_line(x, o, line, &len);
	floe_buf_printf(x->b, "%s:%u in environment '", o->name, (unsigned)line);
	floe_inspect__ex_put_shown(x->b, floe_model_env_name(x->m), 0);
	floe_buf_printf(x->b, "'\n  %5u | ", (unsigned)line);
	floe_inspect__ex_put_shown(x->b, floe_arena_strndup(floe_model_arena(x->m), s, len), 0);
	if (!vals->len) {
		floe_buf_puts(x->b, "\n  uses no value of the model: the template "
			      "writes this line as it is\n");
		return;
	}
	floe_buf_printf(x->b, "\n  uses %zu value%s:\n", vals->len,
			vals->len == 1 ? "" : "s");
	for (size_t i = 0; i < vals->len; i++) {
		const floe_mval *v = vals->items[i];
		floe_buf_puts(x->b, "    ");
		floe_inspect__ex_put_shown(x->b, floe_mval_pointer(x->m, v), 0);
		floe_buf_puts(x->b, " = ");
		floe_inspect__ex_put_value(x->b, v, 60);
		floe_buf_puts(x->b, "\n      ");
		put_origin_block(x, &v->origin, 6);
	}
}

static void json_line(struct ex *x, const floe_output *o, uint32_t line,
		      const floe_vec *vals)
{
	struct jw *w = &x->w;
	size_t len = 0;
	const char *s = out_line(x, o, line, &len);

	json_head(x, "line");
	floe_inspect__jw_kstr(w, "file", o->name);
	floe_inspect__jw_key(w, "line");
	floe_inspect__jw_uint(w, line);
	floe_inspect__jw_kstr(w, "text", floe_arena_strndup(floe_model_arena(x->m), s, len));
	floe_inspect__jw_key(w, "values");
	floe_inspect__jw_open(w, '[');
	for (size_t i = 0; i < vals->len; i++) {
		const floe_mval *v = vals->items[i];
		floe_inspect__jw_open(w, '{');
		floe_inspect__jw_kstr(w, "pointer", floe_mval_pointer(x->m, v));
		floe_inspect__jw_kstr(w, "type", floe_inspect__ex_type(v));
		floe_inspect__jw_key(w, "value");
		floe_inspect__ex_json_value(w, x->m, v, false);
		floe_inspect__jw_key(w, "origin");
		floe_inspect__ex_json_origin(w, x->m, &v->origin, 0);
		floe_inspect__jw_close(w, '}');
	}
	floe_inspect__jw_close(w, ']');
	floe_inspect__jw_close(w, '}');
	floe_buf_putc(x->b, '\n');
}

/* ---- queries ---- */

/* "NAME:LINE": *name_len and *line set. */
static bool line_query(const char *q, size_t *name_len, uint32_t *line)
{
	const char *colon = strrchr(q, ':');
	size_t digits = colon ? strlen(colon + 1) : 0;
	if (!colon || colon == q || !digits || digits > 9 ||
	    strspn(colon + 1, "0123456789") != digits)
		return false;
	*name_len = (size_t)(colon - q);
	*line = (uint32_t)strtoul(colon + 1, NULL, 10);
	return true;
}

/* The output named `name` exactly, or whose name ends `name` after a '/'. */
static const floe_output *find_output(const floe_compile_result *r,
				      const char *name, size_t n)
{
	const floe_output *best = NULL;
	for (size_t i = 0; i < floe_compile_output_count(r); i++) {
		const floe_output *o = floe_compile_output_at(r, i);
		size_t k = strlen(o->name);
		if (k > n || memcmp(name + n - k, o->name, k) != 0)
			continue;
		if ((k == n || name[n - k - 1] == '/') &&
		    (!best || k > strlen(best->name)))
			best = o;
	}
	return best;
}

static void unknown_output(struct ex *x, floe_diags *d, const char *name)
{
	size_t n = floe_compile_output_count(x->r);
	const char **names = floe_xcalloc(n + 1, sizeof(*names));
	for (size_t i = 0; i < n; i++)
		names[i] = floe_compile_output_at(x->r, i)->name;
	floe_diag *g = floe_diag_add(d, FLOE_SEV_ERROR, "explain/unknown-output",
		NULL, NULL, "no generated file '%s' in environment '%s'", name,
		floe_model_env_name(x->m));
	const char *near = floe_str_suggest(floe_path_basename(name), names, n);
	if (near)
		floe_diag_note(d, g, NULL, "did you mean '%s'?", near);
	floe_buf list = FLOE_BUF_INIT;
	floe_buf_put_list(&list, names, n);
	if (n)
		floe_diag_note(d, g, NULL, "generated files: %s", floe_buf_cstr(&list));
	else
		floe_diag_note(d, g, NULL, "the environment did not compile, so "
			       "there is no generated file");
	floe_buf_release(&list);
	free(names);
}

static int explain_line(struct ex *x, floe_diags *d, size_t name_len,
			uint32_t line, floe_format fmt)
{
	char *name = floe_xstrndup(x->query, name_len);
	const floe_output *o = find_output(x->r, name, name_len);
	floe_vec vals = FLOE_VEC_INIT;
	int rc = 0;

	if (!o) {
		unknown_output(x, d, name);
		rc = FLOE_ENOTFOUND;
	} else if (line < 1 || line > out_lines(x, o)) {
		floe_diag_add(d, FLOE_SEV_ERROR, "explain/no-such-line", NULL, NULL,
			      "'%s' has %u lines: there is no line %u", o->name,
			      (unsigned)out_lines(x, o), (unsigned)line);
		rc = FLOE_ENOTFOUND;
	} else {
		line_values(x, o->name, line, &vals);
		if (fmt == FLOE_FMT_JSON)
			json_line(x, o, line, &vals);
		else
			text_line(x, o, line, &vals);
	}
	floe_vec_release(&vals);
	free(name);
	return rc;
}

int floe_explain_render(floe_buf *out, floe_diags *d,
			const floe_compile_result *r, const char *query,
			floe_format fmt)
{
	struct ex x = { .r = r, .m = floe_compile_model(r), .b = out,
			.query = query };
	size_t name_len;
	uint32_t line;
	int rc = 0;

	if (fmt != FLOE_FMT_TEXT && fmt != FLOE_FMT_JSON)
		return FLOE_EUSAGE;
	floe_inspect__jw_init(&x.w, out);
	x.lines = floe_xcalloc(floe_compile_output_count(r) + 1, sizeof(*x.lines));
	/* a generated line, unless the query names a value (a key with ':') */
	bool is_line = line_query(query, &name_len, &line);
	const floe_mval *v = is_line && find_output(r, query, name_len) ? NULL :
			     floe_inspect__explain_lookup(x.m, query);
	if (v && fmt == FLOE_FMT_JSON)
		json_value(&x, v);
	else if (v)
		text_value(&x, v);
	else if (is_line)
		rc = explain_line(&x, d, name_len, line, fmt);
	else
		rc = floe_inspect__explain_suggest(d, x.m, query);
	floe_inspect__jw_release(&x.w);
	for (size_t i = 0; i < floe_compile_output_count(r); i++)
		free(x.lines[i].start);
	free(x.lines);
	return rc;
}
