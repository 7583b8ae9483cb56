/*
 * diag.c: sources (reference-counted input texts with a line index) and
 * the diagnostic list.  Rendering is in render_*.c; nothing here prints.
 */
#include <stdlib.h>
#include <string.h>
#include "floe/diag.h"
#include "util/util.h"

struct floe_source {
	int refs;
	char *path;
	char *text;
	size_t len;
	size_t *lines;   /* byte offset of each line start, built on demand */
	size_t nlines;
};

floe_source *floe_source_new(const char *path, char *text, size_t len)
{
	floe_source *s = floe_xcalloc(1, sizeof(*s));
	s->refs = 1;
	s->path = floe_xstrdup(path ? path : "<input>");
	s->text = text;
	s->len = text ? len : 0;
	return s;
}

floe_source *floe_source_ref(floe_source *src)
{
	if (src)
		src->refs++;
	return src;
}

void floe_source_unref(floe_source *src)
{
	if (!src || --src->refs > 0)
		return;
	free(src->path);
	free(src->text);
	free(src->lines);
	free(src);
}

const char *floe_source_path(const floe_source *src)
{
	return src ? src->path : "";
}

const char *floe_source_text(const floe_source *src, size_t *len)
{
	if (len)
		*len = src ? src->len : 0;
	return src ? src->text : NULL;
}

static void index_lines(floe_source *s)
{
	size_t cap = 64;
	s->lines = floe_xmalloc(cap * sizeof(size_t));
	s->lines[0] = 0;
	s->nlines = 1;
	for (size_t i = 0; i < s->len; i++) {
		if (!floe_is_line_end(s->text, s->len, i))
			continue;
		if (s->nlines == cap) {
			cap *= 2;
			s->lines = floe_xrealloc(s->lines, cap * sizeof(size_t));
		}
		s->lines[s->nlines++] = i + 1;
	}
}

const char *floe_source_line(const floe_source *src, uint32_t line,
			     size_t *len)
{
	floe_source *s = (floe_source *)src;
	if (!s || !s->text || line == 0)
		return NULL;
	if (!s->lines)
		index_lines(s);
	if (line > s->nlines)
		return NULL;
	size_t start = s->lines[line - 1];
	size_t end = line < s->nlines ? s->lines[line] - 1 : s->len;
	if (start > s->len)
		return NULL;
	if (end > start && s->text[end - 1] == '\r')
		end--;
	*len = end - start;
	return s->text + start;
}

/* A mask of the same byte length and one code point: carets stay put. */
static const char *const masks[] = { "*", "\xc2\xb7", "\xe2\x88\x97", "\xf0\x9f\x9e\xb1" };

/* Bytes of the UTF-8 sequence led by c (1 for a stray byte). */
static size_t seq_len(unsigned char c)
{
	return c >= 0xf0 && c < 0xf8 ? 4 : c >= 0xe0 ? 3 : c >= 0xc0 ? 2 : 1;
}

void floe_source_redact(const floe_span *span)
{
	floe_source *s = (floe_source *)span->src;
	size_t from, to, n;
	const char *line;

	if (!s || !s->text || span->line == 0)
		return;
	line = floe_source_line(s, span->line, &n);
	if (!line)
		return;
	from = floe_utf8_offset(line, n, span->col - 1) + (size_t)(line - s->text);
	line = floe_source_line(s, span->end_line, &n);
	to = line ? floe_utf8_offset(line, n, span->end_col - 1) + (size_t)(line - s->text)
		  : s->len;
	for (size_t i = from; i < to && i < s->len;) {
		size_t k = seq_len((unsigned char)s->text[i]);
		if (s->text[i] == '\n' || s->text[i] == '\r') {
			i++;
			continue;
		}
		if (i + k > s->len)
			k = 1;
		memcpy(s->text + i, masks[k - 1], k);
		i += k;
	}
}

/* ---- the list ---- */

struct floe_diags {
	floe_arena *arena;
	floe_diag **items;
	size_t len, cap;
	size_t max_kept;
	size_t dropped, errors, warnings;
	floe_source **sources;   /* references held for rendering */
	size_t nsources, capsources;
	const char **checked;
	size_t nchecked, capchecked;
};

floe_diags *floe_diags_new(size_t max_kept)
{
	floe_diags *d = floe_xcalloc(1, sizeof(*d));
	d->arena = floe_arena_new();
	d->max_kept = max_kept ? max_kept : FLOE_DEFAULT_MAX_DIAGS;
	return d;
}

void floe_diags_free(floe_diags *d)
{
	if (!d)
		return;
	for (size_t i = 0; i < d->nsources; i++)
		floe_source_unref(d->sources[i]);
	free(d->sources);
	free(d->items);
	free(d->checked);
	floe_arena_free(d->arena);
	free(d);
}

floe_arena *floe_diags_arena(floe_diags *d)
{
	return d->arena;
}

/* Keep a reference to every source a diagnostic points into. */
static void hold_source(floe_diags *d, const floe_source *src)
{
	if (!src)
		return;
	for (size_t i = d->nsources; i > 0; i--)
		if (d->sources[i - 1] == src)
			return;
	if (d->nsources == d->capsources) {
		d->capsources = d->capsources ? d->capsources * 2 : 8;
		d->sources = floe_xrealloc(d->sources,
					   d->capsources * sizeof(*d->sources));
	}
	d->sources[d->nsources++] = floe_source_ref((floe_source *)src);
}

static void count(floe_diags *d, floe_severity sev)
{
	if (sev == FLOE_SEV_ERROR)
		d->errors++;
	else if (sev == FLOE_SEV_WARNING)
		d->warnings++;
}

static void push(floe_diags *d, floe_diag *diag)
{
	if (d->len == d->cap) {
		d->cap = d->cap ? d->cap * 2 : 16;
		d->items = floe_xrealloc(d->items, d->cap * sizeof(*d->items));
	}
	d->items[d->len++] = diag;
}

floe_diag *floe_diag_vadd(floe_diags *d, floe_severity sev, const char *code,
			  const floe_span *span, const char *pointer,
			  const char *fmt, va_list ap)
{
	count(d, sev);
	if (d->len >= d->max_kept) {
		d->dropped++;
		return NULL;
	}
	floe_diag *diag = floe_arena_alloc(d->arena, sizeof(*diag));
	diag->sev = sev;
	diag->code = floe_arena_strdup(d->arena, code);
	if (span) {
		diag->span = *span;
		hold_source(d, span->src);
	}
	diag->pointer = pointer ? floe_arena_strdup(d->arena, pointer) : NULL;
	diag->msg = floe_arena_vprintf(d->arena, fmt, ap);
	push(d, diag);
	return diag;
}

floe_diag *floe_diag_add(floe_diags *d, floe_severity sev, const char *code,
			 const floe_span *span, const char *pointer,
			 const char *fmt, ...)
{
	va_list ap;
	va_start(ap, fmt);
	floe_diag *diag = floe_diag_vadd(d, sev, code, span, pointer, fmt, ap);
	va_end(ap);
	return diag;
}

void floe_diag_note(floe_diags *d, floe_diag *diag, const floe_span *span,
		    const char *fmt, ...)
{
	va_list ap;
	if (!diag)
		return;
	floe_note *n = floe_arena_alloc(d->arena, sizeof(*n));
	if (span) {
		n->span = *span;
		hold_source(d, span->src);
	}
	va_start(ap, fmt);
	n->msg = floe_arena_vprintf(d->arena, fmt, ap);
	va_end(ap);
	floe_note **tail = &diag->notes;
	while (*tail)
		tail = &(*tail)->next;
	*tail = n;
}

void floe_diag_hint(floe_diags *d, floe_diag *diag, const char *fmt, ...)
{
	va_list ap;
	if (!diag)
		return;
	va_start(ap, fmt);
	diag->hint = floe_arena_vprintf(d->arena, fmt, ap);
	va_end(ap);
}

size_t floe_diags_count(const floe_diags *d) { return d->len; }
size_t floe_diags_dropped(const floe_diags *d) { return d->dropped; }
size_t floe_diags_errors(const floe_diags *d) { return d->errors; }
size_t floe_diags_warnings(const floe_diags *d) { return d->warnings; }

const floe_diag *floe_diags_at(const floe_diags *d, size_t i)
{
	return i < d->len ? d->items[i] : NULL;
}

static size_t source_rank(const floe_diags *d, const floe_source *src)
{
	if (!src)
		return (size_t)-1;
	for (size_t i = 0; i < d->nsources; i++)
		if (d->sources[i] == src)
			return i;
	return d->nsources;
}

static int before(const floe_diags *d, const floe_diag *a, const floe_diag *b)
{
	size_t ra = source_rank(d, a->span.src), rb = source_rank(d, b->span.src);
	if (ra != rb)
		return ra < rb;
	if (a->span.line != b->span.line)
		return a->span.line < b->span.line;
	return a->span.col < b->span.col;
}

void floe_diags_sort(floe_diags *d)
{
	/* insertion sort: stable, and lists are short (bounded by max_kept) */
	for (size_t i = 1; i < d->len; i++) {
		floe_diag *x = d->items[i];
		size_t j = i;
		while (j > 0 && before(d, x, d->items[j - 1])) {
			d->items[j] = d->items[j - 1];
			j--;
		}
		d->items[j] = x;
	}
}

/* Copy a diagnostic (strings included) into another list's arena. */
static floe_diag *copy_diag(floe_diags *to, const floe_diag *src)
{
	floe_arena *a = to->arena;
	floe_diag *c = floe_arena_alloc(a, sizeof(*c));
	*c = *src;
	c->code = floe_arena_strdup(a, src->code);
	c->msg = floe_arena_strdup(a, src->msg);
	c->pointer = src->pointer ? floe_arena_strdup(a, src->pointer) : NULL;
	c->hint = src->hint ? floe_arena_strdup(a, src->hint) : NULL;
	c->notes = NULL;
	hold_source(to, src->span.src);
	floe_note **tail = &c->notes;
	for (const floe_note *n = src->notes; n; n = n->next) {
		floe_note *m = floe_arena_alloc(a, sizeof(*m));
		m->span = n->span;
		m->msg = floe_arena_strdup(a, n->msg);
		hold_source(to, n->span.src);
		*tail = m;
		tail = &m->next;
	}
	return c;
}

void floe_diags_take(floe_diags *to, floe_diags *from)
{
	for (size_t i = 0; i < from->len; i++) {
		if (to->len >= to->max_kept)
			to->dropped++;
		else
			push(to, copy_diag(to, from->items[i]));
	}
	to->dropped += from->dropped;
	to->errors += from->errors;
	to->warnings += from->warnings;
	from->len = 0;
	from->dropped = from->errors = from->warnings = 0;
}

void floe_diags_checked(floe_diags *d, const char *path)
{
	for (size_t i = 0; i < d->nchecked; i++)
		if (strcmp(d->checked[i], path) == 0)
			return;
	if (d->nchecked == d->capchecked) {
		d->capchecked = d->capchecked ? d->capchecked * 2 : 8;
		d->checked = floe_xrealloc(d->checked,
					   d->capchecked * sizeof(char *));
	}
	d->checked[d->nchecked++] = floe_arena_strdup(d->arena, path);
}

size_t floe_diags_checked_count(const floe_diags *d) { return d->nchecked; }

const char *floe_diags_checked_at(const floe_diags *d, size_t i)
{
	return i < d->nchecked ? d->checked[i] : NULL;
}

const char *floe_severity_name(floe_severity sev)
{
	switch (sev) {
	case FLOE_SEV_ERROR: return "error";
	case FLOE_SEV_WARNING: return "warning";
	default: return "note";
	}
}
