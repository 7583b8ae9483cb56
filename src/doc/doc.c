/*
 * doc.c: documents as a whole: making and freeing one, and what the
 * readers (src/json, src/yaml) share about sources, limits and positions.
 * Reading files and choosing a reader is src/load's.
 */
#include <stdlib.h>
#include <string.h>
#include "internal.h"

floe_doc *floe_doc_new_owned(const char *display, char *text, size_t len)
{
	floe_doc *doc = floe_xcalloc(1, sizeof(*doc));
	doc->arena = floe_arena_new();
	doc->src = floe_source_new(display, text, len);
	return doc;
}

void floe_doc_free(floe_doc *doc)
{
	if (!doc)
		return;
	floe_arena_free(doc->arena);
	floe_source_unref(doc->src);
	free(doc);
}

const floe_limits *floe_limits_or_default(const floe_limits *lim,
					  floe_limits *tmp)
{
	if (lim)
		return lim;
	floe_limits_default(tmp);
	return tmp;
}

bool floe_doc_too_large(floe_diags *d, const floe_doc *doc, size_t len,
			const floe_limits *lim)
{
	if (len <= lim->max_bytes)
		return false;
	floe_span sp = { doc->src, 0, 0, 0, 0 };
	floe_diag_add(d, FLOE_SEV_ERROR, "io/too-large", &sp, NULL,
		      "file '%s' is larger than the limit of %zu bytes",
		      floe_source_path(doc->src), lim->max_bytes);
	return true;
}

void floe_text_pos(const char *text, size_t len, size_t off, uint32_t *line,
		   uint32_t *col)
{
	size_t start = 0;
	uint32_t l = 1;

	if (off > len)
		off = len;
	for (size_t i = 0; i < off; i++) {
		if (floe_is_line_end(text, len, i)) {
			l++;
			start = i + 1;
		}
	}
	*line = l;
	*col = (uint32_t)floe_utf8_count(text + start, off - start) + 1;
}

floe_span floe_text_span(const floe_source *src, size_t off)
{
	size_t len;
	const char *text = floe_source_text(src, &len);
	floe_span sp = { src, 0, 0, 0, 0 };

	floe_text_pos(text, len, off, &sp.line, &sp.col);
	sp.end_line = sp.line;
	sp.end_col = sp.col + 1;
	return sp;
}
