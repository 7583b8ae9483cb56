/*
 * render.c: outputs rendered from the embedded templates (templates/) by
 * the Jinja engine in strict mode (tmpl_env.c), with use markers stripped
 * and turned into the model's uses table (see compile_int.h), and the
 * diagnostics the writers place at a value's origin.  Templates do all
 * the escaping; nothing here writes a value.
 */
#include <stdarg.h>
#include <stdlib.h>
#include <string.h>
#include "emit/compile_int.h"
#include "util/embedded.h"

#define MARK_OPEN '\x1e'
#define MARK_CLOSE '\x1f'

void floe_emit__render_init(struct render *rd, struct cctx *c, const char *file)
{
	memset(rd, 0, sizeof(*rd));
	rd->c = c;
	rd->file = file;
}

void floe_emit__render_release(struct render *rd)
{
	free(rd->groups);
	rd->groups = NULL;
	rd->ngroups = rd->cap = 0;
}

json_t *floe_emit__at(struct render *rd, const floe_mval *a, const floe_mval *b)
{
	char tmp[32];
	if (rd->ngroups == rd->cap) {
		rd->cap = rd->cap ? 2 * rd->cap : 32;
		rd->groups = floe_xrealloc(rd->groups, rd->cap * sizeof(*rd->groups));
	}
	struct mgroup *g = &rd->groups[rd->ngroups];
	memset(g, 0, sizeof(*g));
	g->v[0] = a;
	g->v[1] = b;
	snprintf(tmp, sizeof(tmp), "%c%zu%c", MARK_OPEN, rd->ngroups++, MARK_CLOSE);
	return json_string(tmp);
}

json_t *floe_emit__jstr(struct render *rd, const char *s)
{
	if (!s)
		s = "";
	if (strchr(s, MARK_OPEN) || strchr(s, MARK_CLOSE))
		rd->tainted = true;
	json_t *j = json_string(s);
	return j ? j : json_string("");  /* not UTF-8: cannot come from a doc */
}

/*
 * Every marker below v emptied ("at" and "*_at" members), for a tainted
 * output's second render, whose bytes are then taken as they are.
 */
static void clear_markers(json_t *v)
{
	const char *key;
	json_t *item;
	size_t i;

	if (json_is_object(v)) {
		json_object_foreach(v, key, item) {
			size_t n = strlen(key);
			bool mark = strcmp(key, "at") == 0 ||
				    (n > 3 && strcmp(key + n - 3, "_at") == 0);
			if (mark && json_is_string(item))
				json_string_set(item, "");
			else
				clear_markers(item);
		}
	} else if (json_is_array(v)) {
		json_array_foreach(v, i, item)
			clear_markers(item);
	}
}

/* Newlines in s[0..n). */
static uint32_t lines_in(const char *s, size_t n)
{
	uint32_t k = 0;
	for (const char *p = s, *e = s + n; (p = memchr(p, '\n', (size_t)(e - p))); p++)
		k++;
	return k;
}

/* Copy `in` without markers into `out`, recording each marker's line. */
static void strip(struct render *rd, floe_buf *out, const floe_buf *in)
{
	uint32_t line = 1;
	const char *s = floe_buf_cstr(in), *end = s + in->len;

	floe_buf_grow(out, in->len);
	while (s < end) {
		const char *m = memchr(s, MARK_OPEN, (size_t)(end - s));
		size_t run = m ? (size_t)(m - s) : (size_t)(end - s);
		floe_buf_put(out, s, run);
		line += lines_in(s, run);
		s += run;
		if (!m)
			break;
		size_t id = 0;
		const char *j = m + 1;
		while (j < end && *j >= '0' && *j <= '9')
			id = id * 10 + (size_t)(*j++ - '0');
		if (j >= end || *j != MARK_CLOSE || id >= rd->ngroups) {
			floe_buf_putc(out, *s++);
			continue;
		}
		for (size_t k = 0; k < 4; k++)
			floe_model_use(rd->c->m, rd->file, line, rd->groups[id].v[k]);
		s = j + 1;
	}
	if (!out->ptr)
		floe_buf_puts(out, "");
}

/*
 * One render of `t` against ctx into out.  The engine's diagnostics carry
 * the template's file:line:col; compile/render then names the output.
 */
static int render_once(struct render *rd, const floe_jinja_tpl *t,
		       floe_jinja_env *env, json_t *ctx, floe_buf *out)
{
	floe_arena *a = floe_arena_new();
	floe_jval vars = floe_emit__tmpl_value(a, ctx);
	floe_jinja_rt *rt = floe_jinja_rt_new(env, rd->c->d,
					      vars.k == FLOE_JV_DICT ?
					      vars.u.dict : NULL);
	int rc = floe_jinja_render(rt, t, -1, out);

	floe_jinja_rt_free(rt);
	floe_arena_free(a);
	return rc;
}

int floe_emit__render(struct render *rd, const char *tmpl, json_t *ctx)
{
	struct cctx *c = rd->c;
	char name[128];
	size_t len;
	floe_jinja_env *env = NULL;
	floe_jinja_tpl *t = NULL;
	floe_source *src = NULL;
	floe_buf raw = FLOE_BUF_INIT, out = FLOE_BUF_INIT;
	int rc;

	snprintf(name, sizeof(name), "templates/%s", tmpl);
	const char *text = floe_embedded_get(name, &len);
	if (!text) {
		floe_diag_add(c->d, FLOE_SEV_ERROR, "compile/render", NULL, NULL,
			      "template '%s' is not built in", name);
		json_decref(ctx);
		return FLOE_EINVALID;
	}
	env = floe_emit__tmpl_env_new();
	src = floe_source_new(name, floe_xstrndup(text, len), len);   /* the source owns a copy */
	rc = floe_jinja_parse(&t, env, c->d, src);
	if (rc == 0)
		rc = render_once(rd, t, env, ctx, &raw);
	if (rc == 0) {
		strip(rd, &out, &raw);
		if (rd->tainted) {
			floe_buf_clear(&raw);
			floe_buf_clear(&out);
			clear_markers(ctx);
			rc = render_once(rd, t, env, ctx, &out);
		}
	}
	if (rc)
		floe_diag_add(c->d, FLOE_SEV_ERROR, "compile/render", NULL, NULL,
			      "cannot write %s from %s", rd->file, name);
	else
		floe_emit__output_add(c, rd->file, out.ptr, out.len);
	floe_buf_release(&raw);
	floe_buf_release(&out);
	floe_jinja_tpl_free(t);
	floe_source_unref(src);
	floe_jinja_env_free(env);
	json_decref(ctx);
	return rc ? FLOE_EINVALID : 0;
}

void floe_emit__output_add(struct cctx *c, const char *name, const char *data,
		      size_t len)
{
	if (c->outs.len == c->outs.cap) {
		c->outs.cap = c->outs.cap ? 2 * c->outs.cap : 8;
		c->outs.items = floe_xrealloc(c->outs.items,
					      c->outs.cap * sizeof(floe_output));
	}
	char *copy = floe_xmalloc(len + 1);
	if (len)
		memcpy(copy, data, len);
	copy[len] = '\0';
	c->outs.items[c->outs.len++] = (floe_output){ name, copy, len };
}

const char *floe_emit__shown(struct cctx *c, const char *s)
{
	floe_buf b = FLOE_BUF_INIT;
	size_t cps = 0;
	for (; s && *s && cps < 64; s++) {
		unsigned char ch = (unsigned char)*s;
		cps += (ch & 0xc0) != 0x80;
		if (ch == '\n')
			floe_buf_puts(&b, "\\n");
		else if (ch < 0x20 || ch == 0x7f)
			floe_buf_printf(&b, "\\x%02x", ch);
		else
			floe_buf_putc(&b, (char)ch);
	}
	while (s && ((unsigned char)*s & 0xc0) == 0x80)
		floe_buf_putc(&b, *s++);
	if (s && *s)
		floe_buf_puts(&b, "...");
	const char *out = floe_arena_strdup(c->a, floe_buf_cstr(&b));
	floe_buf_release(&b);
	return out;
}

floe_diag *floe_emit__diag_at(struct cctx *c, floe_severity sev, const char *code,
			 const floe_mval *v, const char *fmt, ...)
{
	floe_buf msg = FLOE_BUF_INIT;
	va_list ap;
	va_start(ap, fmt);
	floe_buf_vprintf(&msg, fmt, ap);
	va_end(ap);

	const floe_mval *at = v;
	while (at && at->origin.kind != FLOE_ORIGIN_EXPLICIT)
		at = at->origin.nfrom ? at->origin.from[0] : at->parent;
	const char *ptr = at && at->origin.node ?
		floe_node_pointer(c->a, at->origin.node) : NULL;
	floe_diag *g = floe_diag_add(c->d, sev, code, at ? &at->origin.span : NULL,
				     ptr, "%s", floe_buf_cstr(&msg));
	floe_buf_release(&msg);
	return g;
}
