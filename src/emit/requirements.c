/*
 * requirements.c: `floe requirements`, what an environment needs at run
 * time, read from the model's lists: the container environment, secret
 * references and the variables they map to, files, DuckDB extensions.
 * Text for people, JSON ("requirements_version": 1) for tools; the shape
 * is in docs/compile.md.  No secret value is known here, let alone shown.
 */
#include <stdlib.h>
#include <string.h>
#include <jansson.h>
#include "floe/compile.h"
#include "util/util.h"

/* Display text: control characters shown as escapes, never raw. */
static void put_shown(floe_buf *b, const char *s)
{
	for (; s && *s; s++) {
		unsigned char c = (unsigned char)*s;
		if (c == '\n')
			floe_buf_puts(b, "\\n");
		else if (c == '\r')
			floe_buf_puts(b, "\\r");
		else if (c == '\t')
			floe_buf_puts(b, "\\t");
		else if (c < 0x20 || c == 0x7f)
			floe_buf_printf(b, "\\x%02x", c);
		else
			floe_buf_putc(b, (char)c);
	}
}

static const char *const headings[] = {
	"environment variables", "secrets", "files", "DuckDB extensions",
};

/* The first column of a requirement's line. */
static void first_col(floe_buf *b, const floe_mreq *r)
{
	switch (r->kind) {
	case FLOE_REQ_ENV:
		put_shown(b, r->name);
		if (r->detail) {
			floe_buf_putc(b, '=');
			put_shown(b, r->detail);
		}
		break;
	case FLOE_REQ_SECRET:
		put_shown(b, r->name);
		if (r->key) {
			floe_buf_puts(b, " key ");
			put_shown(b, r->key);
		}
		break;
	case FLOE_REQ_FILE:
		floe_buf_printf(b, "%-5s  ", r->detail);
		put_shown(b, r->name);
		break;
	case FLOE_REQ_EXTENSION:
		put_shown(b, r->name);
		if (r->detail) {
			floe_buf_puts(b, " from ");
			put_shown(b, r->detail);
		}
		break;
	}
}

/* The rest of the line: what it is for. */
static void rest(floe_buf *b, floe_model *m, const floe_mreq *r)
{
	switch (r->kind) {
	case FLOE_REQ_ENV:
		if (!r->detail)
			floe_buf_puts(b, "(a secret, passed from the host)");
		break;
	case FLOE_REQ_SECRET:
		floe_buf_printf(b, "%s, used by ", r->detail);
		put_shown(b, floe_mval_pointer(m, r->from));
		break;
	default:
		put_shown(b, r->why);
		break;
	}
}

static void render_kind(floe_buf *b, floe_model *m, floe_req_kind k)
{
	floe_buf col = FLOE_BUF_INIT;
	size_t width = 0, n = 0;
	for (size_t i = 0; i < floe_model_req_count(m); i++) {
		const floe_mreq *r = floe_model_req_at(m, i);
		if (r->kind != k)
			continue;
		floe_buf_clear(&col);
		first_col(&col, r);
		size_t w = floe_utf8_count(floe_buf_cstr(&col), col.len);
		if (w > width && (k != FLOE_REQ_ENV || !r->detail))
			width = w;
		n++;
	}
	floe_buf_printf(b, "\n%s:%s\n", headings[k], n ? "" : " none");
	for (size_t i = 0; i < floe_model_req_count(m); i++) {
		const floe_mreq *r = floe_model_req_at(m, i);
		if (r->kind != k)
			continue;
		floe_buf_clear(&col);
		first_col(&col, r);
		floe_buf_puts(b, "  ");
		floe_buf_put(b, col.ptr, col.len);
		size_t mark = b->len;
		floe_buf_printf(b, "%*s", (int)(width + 2 -
			floe_utf8_count(floe_buf_cstr(&col), col.len)), "");
		size_t before = b->len;
		rest(b, m, r);
		if (b->len == before)
			floe_buf_truncate(b, mark);
		floe_buf_putc(b, '\n');
	}
	floe_buf_release(&col);
}

static void render_text(floe_buf *b, floe_model *m)
{
	floe_buf_puts(b, "environment '");
	put_shown(b, floe_model_env_name(m));
	floe_buf_puts(b, "' needs at run time:\n");
	for (int k = FLOE_REQ_ENV; k <= FLOE_REQ_EXTENSION; k++)
		render_kind(b, m, (floe_req_kind)k);
}

static json_t *jstr(const char *s)
{
	return s ? json_string(s) : json_null();
}

/* Every value that references the secret, as JSON pointers. */
static json_t *used_by(floe_model *m, const floe_mreq *r)
{
	json_t *a = json_array();
	for (size_t i = 0; i < floe_model_secret_count(m); i++) {
		const floe_msecret *s = floe_model_secret_at(m, i);
		if (strcmp(s->name, r->name) != 0 || !floe_str_eq(s->key, r->key))
			continue;
		for (size_t u = 0; u < s->nused; u++)
			json_array_append_new(a, json_string(floe_mval_pointer(m,
							     s->used_by[u])));
	}
	return a;
}

static json_t *json_req(floe_model *m, const floe_mreq *r)
{
	json_t *o = json_object();
	const char *from = r->from ? floe_mval_pointer(m, r->from) : NULL;
	switch (r->kind) {
	case FLOE_REQ_ENV:
		json_object_set_new(o, "name", jstr(r->name));
		json_object_set_new(o, "value", jstr(r->detail));
		json_object_set_new(o, "secret", json_boolean(!r->detail));
		break;
	case FLOE_REQ_SECRET:
		json_object_set_new(o, "secret_ref", jstr(r->name));
		json_object_set_new(o, "key", jstr(r->key));
		json_object_set_new(o, "env", jstr(r->detail));
		json_object_set_new(o, "used_by", used_by(m, r));
		break;
	case FLOE_REQ_FILE:
		json_object_set_new(o, "path", jstr(r->name));
		json_object_set_new(o, "access", jstr(r->detail));
		json_object_set_new(o, "why", jstr(r->why));
		break;
	case FLOE_REQ_EXTENSION:
		json_object_set_new(o, "name", jstr(r->name));
		json_object_set_new(o, "repo", jstr(r->detail));
		json_object_set_new(o, "why", jstr(r->why));
		break;
	}
	json_object_set_new(o, "from", jstr(from));
	return o;
}

static void render_json(floe_buf *b, floe_model *m)
{
	static const char *const keys[] = { "env", "secrets", "files", "extensions" };
	json_t *doc = json_object();
	json_t *lists[4];
	json_object_set_new(doc, "requirements_version", json_integer(1));
	json_object_set_new(doc, "environment", jstr(floe_model_env_name(m)));
	for (size_t k = 0; k < 4; k++) {
		lists[k] = json_array();
		json_object_set_new(doc, keys[k], lists[k]);
	}
	for (size_t i = 0; i < floe_model_req_count(m); i++) {
		const floe_mreq *r = floe_model_req_at(m, i);
		json_array_append_new(lists[r->kind], json_req(m, r));
	}
	floe_json_dump(b, doc, JSON_INDENT(2) | JSON_ENSURE_ASCII);
	floe_buf_putc(b, '\n');
	json_decref(doc);
}

int floe_requirements_render(floe_buf *out, floe_model *m, floe_format fmt)
{
	if (fmt == FLOE_FMT_TEXT)
		render_text(out, m);
	else if (fmt == FLOE_FMT_JSON)
		render_json(out, m);
	else
		return FLOE_EUSAGE;
	return 0;
}
