/*
 * internal.h: what the JSON and YAML readers (src/json, src/yaml) and the
 * loader (src/load) use of the document module beyond floe/doc.h: the
 * core-schema scalar reader, the document constructor, positions of byte
 * offsets, a key set for duplicate and merge-key checks and the message
 * form of a key.  Not a public header.
 */
#ifndef FLOE_DOC_INTERNAL_H
#define FLOE_DOC_INTERNAL_H

#include "floe/doc.h"
#include "util/util.h"

/*
 * Resolve `text` as a YAML 1.2 core-schema plain scalar: sets n->kind (NULL,
 * BOOL, INT, FLOAT or STRING), n->v and FLOE_NODE_BIGINT; leaves text, len
 * and the other flags alone.
 */
void floe_scalar_resolve(floe_node *n, const char *text, size_t len);
/* Parse as one kind only (for explicit tags); false when the text is not one. */
bool floe_scalar_parse(floe_node *n, floe_node_kind kind, const char *text,
		       size_t len);

/* A new, empty document whose source owns `text` (malloc'd, may be NULL;
 * text[len] is '\0'). */
floe_doc *floe_doc_new_owned(const char *display, char *text, size_t len);
/* `lim` or the defaults. */
const floe_limits *floe_limits_or_default(const floe_limits *lim,
					  floe_limits *tmp);
/* io/too-large when len is past lim->max_bytes; true when it was. */
bool floe_doc_too_large(floe_diags *d, const floe_doc *doc, size_t len,
			const floe_limits *lim);

/* 1-based line and code-point column of byte offset `off` (lines end at \n). */
void floe_text_pos(const char *text, size_t len, size_t off, uint32_t *line,
		   uint32_t *col);
/* A span of one code point at byte offset `off`. */
floe_span floe_text_span(const floe_source *src, size_t off);

/*
 * Give a finished map of many keys a hash index (in the arena) so that
 * floe_node_get is O(1) on it; small maps are searched in order.  Call
 * once the map's keys are final (duplicates dropped).
 */
void floe_map_index(floe_arena *a, floe_node *map);

/* A key as shown in messages: controls escaped, long keys cut (arena). */
const char *floe_key_display(floe_arena *a, const char *s, size_t len);
/* Append "/" and the RFC 6901 escaped token to b. */
void floe_pointer_put(floe_buf *b, const char *s, size_t len);

#endif
