/*
 * render_text.c: diagnostics as gcc/rustc-style text, the shape editors
 * and CI logs parse: "path:line:col: error: message [code]", the source
 * line with a caret under the span, notes and a help line, and a summary.
 * Columns are code points; a tab stays a tab, under it too, so the caret
 * lines up in any tab width.  Colors only when asked for.
 */
#include <string.h>
#include "diag/render.h"

#define BOLD "\033[1m"
#define RED "\033[1;31m"
#define MAGENTA "\033[1;35m"
#define CYAN "\033[1;36m"
#define GREEN "\033[1;32m"
#define RESET "\033[0m"

static const char *sev_color(floe_severity sev)
{
	switch (sev) {
	case FLOE_SEV_ERROR: return RED;
	case FLOE_SEV_WARNING: return MAGENTA;
	default: return CYAN;
	}
}

static void paint_on(floe_buf *b, bool color, const char *esc)
{
	if (color)
		floe_buf_puts(b, esc);
}

static void paint_off(floe_buf *b, bool color)
{
	if (color)
		floe_buf_puts(b, RESET);
}

/*
 * User text goes to a terminal: control characters (escape sequences)
 * become '?', one byte for one, so columns still line up.
 */
static void put_clean(floe_buf *b, const char *s, size_t len, bool keep_nl)
{
	for (size_t i = 0; i < len; i++) {
		unsigned char c = (unsigned char)s[i];
		bool ctl = (c < 0x20 && c != '\t' && !(keep_nl && c == '\n')) ||
			   c == 0x7f;
		floe_buf_putc(b, ctl ? '?' : (char)c);
	}
}

/* "path:line:col: severity: message [code]" (or "floe: ..." without a file). */
static void put_header(floe_buf *b, const floe_span *span, floe_severity sev,
		       const char *msg, const char *code, bool color)
{
	if (span->src) {
		paint_on(b, color, BOLD);
		floe_diag__render_put_location(b, span);
		floe_buf_putc(b, ':');
		paint_off(b, color);
		floe_buf_putc(b, ' ');
	}
	paint_on(b, color, sev_color(sev));
	floe_buf_printf(b, "%s:", floe_severity_name(sev));
	paint_off(b, color);
	floe_buf_putc(b, ' ');
	put_clean(b, msg, strlen(msg), true);
	if (code && *code) {
		floe_buf_puts(b, " [");
		paint_on(b, color, sev_color(sev));
		put_clean(b, code, strlen(code), false);
		paint_off(b, color);
		floe_buf_putc(b, ']');
	}
	floe_buf_putc(b, '\n');
}

static int gutter_width(uint32_t line)
{
	int w = 1;
	while (line >= 10) {
		line /= 10;
		w++;
	}
	return w < 5 ? 5 : w;
}

/* Byte length of the code point at s[0] (an invalid byte counts as one). */
static size_t cp_len(const char *s, size_t n)
{
	return floe_utf8_offset(s, n, 1);
}

/* How many code points the caret line underlines, starting at `start`. */
static size_t underline_width(const floe_span *span, size_t start, size_t ncp)
{
	size_t w = 1;
	if (span->end_line > span->line)
		w = ncp - start;
	else if (span->end_line == span->line && span->end_col > span->col)
		w = span->end_col - span->col;
	if (start + w > ncp)
		w = ncp - start;
	return w ? w : 1;
}

static void put_caret(floe_buf *b, const floe_span *span, const char *line,
		      size_t len, bool color)
{
	size_t ncp = floe_utf8_count(line, len);
	size_t start = span->col - 1 < ncp ? span->col - 1 : ncp;
	size_t width = underline_width(span, start, ncp);
	size_t i = 0;

	for (size_t cp = 0; cp < start; cp++) {
		floe_buf_putc(b, line[i] == '\t' ? '\t' : ' ');
		i += cp_len(line + i, len - i);
	}
	paint_on(b, color, GREEN);
	for (size_t cp = 0; cp < width; cp++) {
		if (cp > 0 && i < len && line[i] == '\t')
			floe_buf_putc(b, '\t');
		else
			floe_buf_putc(b, cp ? '~' : '^');
		if (i < len)
			i += cp_len(line + i, len - i);
	}
	paint_off(b, color);
	floe_buf_putc(b, '\n');
}

/*
 * A source line longer than LINE_MAX code points (a 10 MB scalar) shows
 * only a window of them, from WINDOW_BEFORE before the caret, its cut ends
 * marked "...": input must not flood the terminal.
 */
#define LINE_MAX 240
#define WINDOW_BEFORE 80

static void put_snippet(floe_buf *b, const floe_span *span, bool color)
{
	size_t len, from = 0;
	const char *line = floe_source_line(span->src, span->line, &len);
	floe_span at = *span;
	bool left = false, right = false;

	if (!line)
		return;
	if (floe_utf8_count(line, len) > LINE_MAX) {
		size_t c = span->col ? span->col - 1 : 0;
		from = c > WINDOW_BEFORE ? c - WINDOW_BEFORE : 0;
		size_t off = floe_utf8_offset(line, len, from);
		size_t n = floe_utf8_offset(line + off, len - off, LINE_MAX);
		left = off > 0;
		right = off + n < len;
		line += off;
		len = n;
		if (at.col)
			at.col -= (uint32_t)from;
		if (at.col && at.end_line == span->line && at.end_col > from)
			at.end_col -= (uint32_t)from;
	}
	int w = gutter_width(span->line);
	floe_buf_printf(b, "%*u | %s", w, (unsigned)span->line, left ? "..." : "");
	put_clean(b, line, len, false);
	floe_buf_puts(b, right ? "...\n" : "\n");
	if (span->col == 0)
		return;
	floe_buf_printf(b, "%*s | %s", w, "", left ? "   " : "");
	put_caret(b, &at, line, len, color);
}

static bool same_place(const floe_span *a, const floe_span *b)
{
	return a->src == b->src && a->line == b->line && a->col == b->col;
}

static void put_note(floe_buf *b, const floe_note *n, const floe_span *at,
		     bool color)
{
	if (!n->span.src) {
		paint_on(b, color, CYAN);
		floe_buf_puts(b, "note:");
		paint_off(b, color);
		floe_buf_putc(b, ' ');
		put_clean(b, n->msg, strlen(n->msg), true);
		floe_buf_putc(b, '\n');
		return;
	}
	put_header(b, &n->span, FLOE_SEV_NOTE, n->msg, NULL, color);
	if (floe_diag__render_has_line(&n->span) && !same_place(&n->span, at))
		put_snippet(b, &n->span, color);
}

void floe_diag_render_one(floe_buf *out, const floe_diag *diag, bool color)
{
	if (!diag->span.src) {
		paint_on(out, color, BOLD);
		floe_buf_puts(out, "floe:");
		paint_off(out, color);
		floe_buf_putc(out, ' ');
	}
	put_header(out, &diag->span, diag->sev, diag->msg, diag->code, color);
	if (floe_diag__render_has_line(&diag->span))
		put_snippet(out, &diag->span, color);
	for (const floe_note *n = diag->notes; n; n = n->next)
		put_note(out, n, &diag->span, color);
	if (diag->hint) {
		paint_on(out, color, BOLD);
		floe_buf_puts(out, "help:");
		paint_off(out, color);
		floe_buf_putc(out, ' ');
		put_clean(out, diag->hint, strlen(diag->hint), true);
		floe_buf_putc(out, '\n');
	}
}

static void put_summary(floe_buf *b, const floe_diags *d)
{
	size_t e = floe_diags_errors(d), w = floe_diags_warnings(d);
	floe_buf_printf(b, "floe: %zu error%s, %zu warning%s\n",
			e, e == 1 ? "" : "s", w, w == 1 ? "" : "s");
}

void floe_diag__render_text(floe_buf *out, const floe_diags *d,
		      const floe_render_opts *opts)
{
	size_t n = floe_diags_count(d), dropped = floe_diags_dropped(d);

	for (size_t i = 0; i < n; i++)
		floe_diag_render_one(out, floe_diags_at(d, i), opts->color);
	if (dropped) {
		floe_buf_puts(out, "floe: ");
		floe_diag__render_put_dropped(out, dropped);
		floe_buf_putc(out, '\n');
	}
	if (n + dropped > 0)
		put_summary(out, d);
}
