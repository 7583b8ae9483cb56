/*
 * render.c: format names, the dispatch from floe_diag_render to one
 * renderer per format, and the helpers the renderers share.  The shapes
 * of the formats are in docs/diagnostics.md; each lives in render_<fmt>.c.
 * Nothing here prints: output goes into the caller's floe_buf.
 */
#include <assert.h>
#include <stdlib.h>
#include <string.h>
#include <unistd.h>
#include "diag/render.h"

static const char *const format_names[] = {
	[FLOE_FMT_TEXT] = "text",
	[FLOE_FMT_JSON] = "json",
	[FLOE_FMT_SARIF] = "sarif",
	[FLOE_FMT_GITHUB] = "github",
	[FLOE_FMT_JUNIT] = "junit",
};

int floe_format_parse(floe_format *out, const char *name)
{
	for (size_t i = 0; name && i < FLOE_ARRAY_SIZE(format_names); i++) {
		if (strcmp(name, format_names[i]) == 0) {
			*out = (floe_format)i;
			return 0;
		}
	}
	floe_error_set("unknown format '%s' (expected text, json, sarif, "
		       "github or junit)", name ? name : "");
	return FLOE_EUSAGE;
}

const char *floe_format_name(floe_format fmt)
{
	assert((size_t)fmt < FLOE_ARRAY_SIZE(format_names));
	if ((size_t)fmt < FLOE_ARRAY_SIZE(format_names))
		return format_names[fmt];
	return "text";
}

void floe_diag_render(floe_buf *out, const floe_diags *d,
		      const floe_render_opts *opts)
{
	static const floe_render_opts defaults = { FLOE_FMT_TEXT, false,
		"floe", FLOE_VERSION, NULL, NULL };
	if (!opts)
		opts = &defaults;
	switch (opts->format) {
	case FLOE_FMT_JSON: floe_diag__render_json(out, d, opts); break;
	case FLOE_FMT_SARIF: floe_diag__render_sarif(out, d, opts); break;
	case FLOE_FMT_GITHUB: floe_diag__render_github(out, d, opts); break;
	case FLOE_FMT_JUNIT: floe_diag__render_junit(out, d, opts); break;
	default: floe_diag__render_text(out, d, opts); break;
	}
}

const char *floe_diag__render_tool(const floe_render_opts *opts)
{
	return opts->tool && *opts->tool ? opts->tool : "floe";
}

const char *floe_diag__render_version(const floe_render_opts *opts)
{
	return opts->tool_version && *opts->tool_version ?
		opts->tool_version : FLOE_VERSION;
}

void floe_diag__render_put_utf8(floe_buf *b, const char *s)
{
	size_t n = strlen(s), bad;
	while (!floe_utf8_valid(s, n, &bad)) {
		floe_buf_put(b, s, bad);
		floe_buf_puts(b, "\xef\xbf\xbd");
		s += bad + 1;
		n -= bad + 1;
	}
	floe_buf_put(b, s, n);
}

json_t *floe_diag__render_jstr(const char *s)
{
	if (!s)
		s = "";
	if (floe_utf8_valid(s, strlen(s), NULL))
		return json_string(s);
	floe_buf b = FLOE_BUF_INIT;
	floe_diag__render_put_utf8(&b, s);
	json_t *j = json_stringn(floe_buf_cstr(&b), b.len);
	floe_buf_release(&b);
	return j;
}

void floe_diag__render_dump_json(floe_buf *out, json_t *root)
{
	floe_json_dump(out, root, JSON_INDENT(2) | JSON_PRESERVE_ORDER);
	floe_buf_putc(out, '\n');
	json_decref(root);
}

bool floe_diag__render_has_line(const floe_span *span)
{
	return span->src && span->line > 0;
}

bool floe_diag__render_has_end(const floe_span *span)
{
	if (!floe_diag__render_has_line(span) || span->end_line < span->line)
		return false;
	if (span->end_line == span->line)
		return span->col > 0 && span->end_col >= span->col;
	return true;
}

void floe_diag__render_put_location(floe_buf *b, const floe_span *span)
{
	if (!span->src)
		return;
	floe_buf_puts(b, floe_source_path(span->src));
	if (span->line == 0)
		return;
	floe_buf_printf(b, ":%u", (unsigned)span->line);
	if (span->col > 0)
		floe_buf_printf(b, ":%u", (unsigned)span->col);
}

/* Append `part` (n bytes) to the absolute path in b, lexically. */
static void put_segments(floe_buf *b, const char *part)
{
	while (*part) {
		const char *end = strchr(part, '/');
		size_t n = end ? (size_t)(end - part) : strlen(part);
		if (n == 2 && part[0] == '.' && part[1] == '.') {
			while (b->len > 1 && b->ptr[b->len - 1] != '/')
				b->len--;
			if (b->len > 1)
				b->len--;
		} else if (n > 0 && !(n == 1 && part[0] == '.')) {
			if (b->len > 1 || b->ptr[0] != '/')
				floe_buf_putc(b, '/');
			floe_buf_put(b, part, n);
		}
		part += n + (end ? 1 : 0);
	}
}

void floe_diag__render_put_path(floe_buf *b, const char *path,
			  const floe_render_opts *opts)
{
	floe_buf abs = FLOE_BUF_INIT, cwd = FLOE_BUF_INIT;
	const char *root = opts ? opts->root : NULL;
	if (!root || root[0] != '/') {
		floe_buf_puts(b, path);
		return;
	}
	floe_buf_putc(&abs, '/');
	if (path[0] != '/') {
		floe_buf_grow(&cwd, 4096);
		if (!getcwd(cwd.ptr, 4096)) {
			floe_buf_release(&cwd);
			floe_buf_release(&abs);
			floe_buf_puts(b, path);
			return;
		}
		put_segments(&abs, cwd.ptr);
		floe_buf_release(&cwd);
	}
	put_segments(&abs, path);
	floe_buf root_n = FLOE_BUF_INIT;
	floe_buf_putc(&root_n, '/');
	put_segments(&root_n, root);
	const char *a = floe_buf_cstr(&abs), *r = floe_buf_cstr(&root_n);
	size_t rn = root_n.len;
	if (rn == 1)
		floe_buf_puts(b, a + 1);
	else if (strncmp(a, r, rn) == 0 && a[rn] == '/')
		floe_buf_puts(b, a + rn + 1);
	else if (strcmp(a, r) == 0)
		floe_buf_puts(b, ".");
	else
		floe_buf_puts(b, a);
	floe_buf_release(&root_n);
	floe_buf_release(&abs);
}

static void add_file(floe_vec *v, const char *path)
{
	for (size_t i = 0; i < v->len; i++)
		if (strcmp(v->items[i], path) == 0)
			return;
	floe_vec_push(v, (void *)path);
}

void floe_diag__render_files(floe_vec *out, const floe_diags *d)
{
	for (size_t i = 0; i < floe_diags_checked_count(d); i++)
		add_file(out, floe_diags_checked_at(d, i));
	for (size_t i = 0; i < floe_diags_count(d); i++) {
		const floe_diag *x = floe_diags_at(d, i);
		if (x->span.src)
			add_file(out, floe_source_path(x->span.src));
	}
}

void floe_diag__render_put_dropped(floe_buf *b, size_t n)
{
	floe_buf_printf(b, "%zu more diagnostic%s not shown (limit reached)",
			n, n == 1 ? "" : "s");
}
