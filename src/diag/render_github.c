/*
 * render_github.c: diagnostics as GitHub Actions workflow commands, one
 * line each ("::error file=...,line=...::message"), which the runner turns
 * into annotations on the pull request.  Notes and the hint ride in the
 * message after newlines (escaped to %0A); nothing else is written.
 */
#include <string.h>
#include "diag/render.h"

/* Message data: % CR LF escaped; property values also ':' and ','. */
static void put_escaped(floe_buf *b, const char *s, bool property)
{
	for (; *s; s++) {
		switch (*s) {
		case '%': floe_buf_puts(b, "%25"); break;
		case '\r': floe_buf_puts(b, "%0D"); break;
		case '\n': floe_buf_puts(b, "%0A"); break;
		case ':':
			floe_buf_puts(b, property ? "%3A" : ":");
			break;
		case ',':
			floe_buf_puts(b, property ? "%2C" : ",");
			break;
		default:
			/* no control sequence reaches the log viewer */
			if ((unsigned char)*s < 0x20 || *s == 0x7f)
				floe_buf_printf(b, "%%%02X", (unsigned char)*s);
			else
				floe_buf_putc(b, *s);
			break;
		}
	}
}

static const char *command(floe_severity sev)
{
	switch (sev) {
	case FLOE_SEV_ERROR: return "error";
	case FLOE_SEV_WARNING: return "warning";
	default: return "notice";
	}
}

static void put_property(floe_buf *b, bool *first, const char *key,
			 const char *value)
{
	floe_buf_puts(b, *first ? " " : ",");
	*first = false;
	floe_buf_printf(b, "%s=", key);
	put_escaped(b, value, true);
}

static void put_number(floe_buf *b, bool *first, const char *key, uint32_t v)
{
	floe_buf_puts(b, *first ? " " : ",");
	*first = false;
	floe_buf_printf(b, "%s=%u", key, (unsigned)v);
}

/*
 * GitHub takes columns only within one line: a span over several lines
 * gives line and endLine alone.
 */
static void put_position(floe_buf *b, bool *first, const floe_span *span,
			 const floe_render_opts *opts)
{
	if (!span->src)
		return;
	floe_buf path = FLOE_BUF_INIT;
	floe_diag__render_put_path(&path, floe_source_path(span->src), opts);
	put_property(b, first, "file", floe_buf_cstr(&path));
	floe_buf_release(&path);
	if (!floe_diag__render_has_line(span))
		return;
	put_number(b, first, "line", span->line);
	bool one_line = !floe_diag__render_has_end(span) ||
			span->end_line == span->line;
	if (span->col > 0 && one_line)
		put_number(b, first, "col", span->col);
	if (!floe_diag__render_has_end(span))
		return;
	put_number(b, first, "endLine", span->end_line);
	if (span->col > 0 && one_line)
		put_number(b, first, "endColumn", span->end_col);
}

/* The message, then "note: ..." lines (with their place) and "help: ...". */
static void put_message(floe_buf *b, const floe_diag *x,
			const floe_render_opts *opts)
{
	floe_buf text = FLOE_BUF_INIT;
	floe_buf_puts(&text, x->msg);
	for (const floe_note *n = x->notes; n; n = n->next) {
		floe_buf_putc(&text, '\n');
		if (n->span.src) {
			floe_diag__render_put_path(&text, floe_source_path(n->span.src),
					     opts);
			if (n->span.line > 0)
				floe_buf_printf(&text, ":%u", (unsigned)n->span.line);
			if (n->span.line > 0 && n->span.col > 0)
				floe_buf_printf(&text, ":%u", (unsigned)n->span.col);
			floe_buf_puts(&text, ": ");
		}
		floe_buf_printf(&text, "note: %s", n->msg);
	}
	if (x->hint)
		floe_buf_printf(&text, "\nhelp: %s", x->hint);
	put_escaped(b, floe_buf_cstr(&text), false);
	floe_buf_release(&text);
}

static void put_command(floe_buf *out, const floe_diag *x,
			const floe_render_opts *opts)
{
	bool first = true;
	floe_buf_printf(out, "::%s", command(x->sev));
	put_position(out, &first, &x->span, opts);
	if (x->code && *x->code)
		put_property(out, &first, "title", x->code);
	floe_buf_puts(out, "::");
	put_message(out, x, opts);
	floe_buf_putc(out, '\n');
}

void floe_diag__render_github(floe_buf *out, const floe_diags *d,
			const floe_render_opts *opts)
{
	for (size_t i = 0; i < floe_diags_count(d); i++)
		put_command(out, floe_diags_at(d, i), opts);
	if (floe_diags_dropped(d)) {
		floe_buf text = FLOE_BUF_INIT;
		bool first = true;
		floe_diag__render_put_dropped(&text, floe_diags_dropped(d));
		floe_buf_puts(out, "::warning");
		put_property(out, &first, "title", floe_diag__render_tool(opts));
		floe_buf_puts(out, "::");
		put_escaped(out, floe_buf_cstr(&text), false);
		floe_buf_putc(out, '\n');
		floe_buf_release(&text);
	}
}
