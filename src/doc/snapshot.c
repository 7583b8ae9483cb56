/*
 * snapshot.c: the built-in schemas' trees, parsed when floe is built.
 *
 * Every command that checks a project parses the embedded floe and
 * platform schemas (7,200 nodes).  Even on the trusted path that was half
 * of what `floe validate` did (1.28M of 2.55M instructions, callgrind), for
 * the same result each time.  So the build parses them once, with that
 * same trusted parser (src/tools/snap.c), and writes each tree as a flat
 * array of 32-bit words that is linked into the binary; at run time the
 * tree is rebuilt from the words in one pass, with no scanning, unescaping
 * or number reading.  Strings and the big maps' key indexes are not copied:
 * nodes point into the array, which is read-only.  The source text behind
 * the spans is the same compact JSON as before.
 *
 * The format (words; offsets are word offsets from the start unless said):
 *   header: magic, version, nodes, slots (item and key pointers),
 *           bytes of the source text, words in all, offset of the strings
 *   nodes, in document order (a map's key before its value), NODE_WORDS each:
 *     kind | flags << 8, line, col, end_line, end_col, then
 *     scalars: byte offset of the text in the strings, length, v (2 words)
 *     SEQ:     number of items
 *     MAP:     number of pairs, offset of the key index (0: none)
 *   key indexes (floe_map_index's layout), then the strings (NUL-ended).
 * A blob that does not match (another version, another source text)
 * is refused, and the caller parses the text instead.
 */
#include <stdlib.h>
#include <string.h>
#include "internal.h"

#define MAGIC 0x4e534c46u /* "FLSN" */
#define VERSION 1u
#define HEADER_WORDS 7
#define NODE_WORDS 9

/* ---- writing (the build tool) ---- */

typedef struct words {
	uint32_t *w;
	size_t n, cap;
} words;

static size_t put(words *o, uint32_t v)
{
	if (o->n == o->cap) {
		o->cap = o->cap ? 2 * o->cap : 4096;
		o->w = floe_xrealloc(o->w, o->cap * sizeof(*o->w));
	}
	o->w[o->n] = v;
	return o->n++;
}

struct writer {
	words out;       /* header and nodes, then the rest appended */
	words kx;        /* key indexes, placed after the nodes */
	floe_buf str;    /* the strings */
	size_t nodes, slots;
	bool ok;
};

static void put_node(struct writer *w, const floe_node *n)
{
	size_t at = w->out.n;
	uint64_t v;

	put(&w->out, n->kind | (uint32_t)n->flags << 8);
	put(&w->out, n->span.line);
	put(&w->out, n->span.col);
	put(&w->out, n->span.end_line);
	put(&w->out, n->span.end_col);
	w->nodes++;
	if (n->len > UINT32_MAX)
		w->ok = false;
	switch (n->kind) {
	case FLOE_NODE_SEQ:
	case FLOE_NODE_MAP:
		put(&w->out, (uint32_t)n->len);
		put(&w->out, 0);
		put(&w->out, 0);
		put(&w->out, 0);
		w->slots += n->kind == FLOE_NODE_MAP ? 2 * n->len : n->len;
		if (n->kind == FLOE_NODE_MAP && n->v.kx) {
			/* placed after the nodes: its offset is fixed up then */
			w->out.w[at + 6] = (uint32_t)w->kx.n + 1;
			for (uint32_t i = 0; i < n->v.kx[0] + 2; i++)
				put(&w->kx, n->v.kx[i]);
		}
		for (size_t i = 0; i < n->len; i++) {
			if (n->kind == FLOE_NODE_MAP)
				put_node(w, n->keys[i]);
			put_node(w, n->items[i]);
		}
		return;
	default:
		if (w->str.len > UINT32_MAX || !n->text)
			w->ok = false;
		put(&w->out, (uint32_t)w->str.len);
		put(&w->out, (uint32_t)n->len);
		floe_buf_put(&w->str, n->text ? n->text : "", n->len);
		floe_buf_put(&w->str, "", 1);
		memcpy(&v, &n->v, sizeof(v));
		put(&w->out, (uint32_t)v);
		put(&w->out, (uint32_t)(v >> 32));
		return;
	}
}

int floe_doc_snapshot(uint32_t **out, size_t *nwords, const floe_doc *doc)
{
	struct writer w = { .ok = true };
	size_t len = 0, kx_at;

	*out = NULL;
	*nwords = 0;
	if (!doc->root || !floe_source_text(doc->src, &len))
		return FLOE_ERROR;
	for (int i = 0; i < HEADER_WORDS; i++)
		put(&w.out, 0);
	put_node(&w, doc->root);
	kx_at = w.out.n;
	for (size_t i = 0; i < w.kx.n; i++)
		put(&w.out, w.kx.w[i]);
	/* key index offsets: 1 + position in kx, now kx_at + position */
	for (size_t at = HEADER_WORDS; at < kx_at; at += NODE_WORDS)
		if ((w.out.w[at] & 0xff) == FLOE_NODE_MAP && w.out.w[at + 6])
			w.out.w[at + 6] += (uint32_t)kx_at - 1;
	size_t str_at = w.out.n;
	for (size_t i = 0; i < w.str.len; i += 4) {
		uint32_t v = 0;
		memcpy(&v, w.str.ptr + i, w.str.len - i < 4 ? w.str.len - i : 4);
		put(&w.out, v);
	}
	uint32_t head[HEADER_WORDS] = { MAGIC, VERSION, (uint32_t)w.nodes,
		(uint32_t)w.slots, (uint32_t)len, (uint32_t)w.out.n, (uint32_t)str_at };
	memcpy(w.out.w, head, sizeof(head));
	free(w.kx.w);
	floe_buf_release(&w.str);
	if (!w.ok || w.out.n > UINT32_MAX || len > UINT32_MAX) {
		free(w.out.w);
		return FLOE_ERROR;
	}
	*out = w.out.w;
	*nwords = w.out.n;
	return 0;
}

/* ---- reading ---- */

struct reader {
	const uint32_t *blob, *at;
	const char *strings;
	const floe_source *src;
	floe_carver mem;    /* nodes and item arrays */
};

static floe_node *get_node(struct reader *r, floe_node *parent, uint32_t index)
{
	const uint32_t *w = r->at;
	floe_node *n = floe_carve(&r->mem, sizeof(*n), _Alignof(floe_node));

	r->at += NODE_WORDS;
	n->kind = (uint8_t)w[0];
	n->flags = (uint8_t)(w[0] >> 8);
	n->index = index;
	n->parent = parent;
	n->span.src = r->src;
	n->span.line = w[1];
	n->span.col = w[2];
	n->span.end_line = w[3];
	n->span.end_col = w[4];
	n->len = w[5];
	if (n->kind == FLOE_NODE_SEQ || n->kind == FLOE_NODE_MAP) {
		bool map = n->kind == FLOE_NODE_MAP;
		floe_node **arr = floe_carve(&r->mem, (map ? 2 * n->len : n->len) * sizeof(*arr),
					 _Alignof(floe_node *));
		n->v.kx = map && w[6] ? r->blob + w[6] : NULL;
		n->keys = map ? arr : NULL;
		n->items = map ? arr + n->len : arr;
		for (uint32_t i = 0; i < n->len; i++) {
			if (map)
				n->keys[i] = get_node(r, n, i);
			n->items[i] = get_node(r, n, i);
		}
	} else {
		uint64_t v = (uint64_t)w[7] | (uint64_t)w[8] << 32;
		n->text = r->strings + w[5];
		n->len = w[6];
		memcpy(&n->v, &v, sizeof(v));
	}
	return n;
}

int floe_doc_from_snapshot(floe_doc **out, const char *display, const char *text,
			   size_t len, const uint32_t *blob, size_t nwords)
{
	struct reader r = { .blob = blob };

	*out = NULL;
	if (nwords < HEADER_WORDS || blob[0] != MAGIC || blob[1] != VERSION ||
	    blob[4] != len || blob[5] != nwords || blob[6] > nwords ||
	    (uint64_t)blob[2] * NODE_WORDS + HEADER_WORDS > blob[6])
		return FLOE_ERROR;
	char *copy = floe_xmalloc(len + 1);
	memcpy(copy, text, len);
	copy[len] = '\0';
	floe_doc *doc = floe_doc_new_owned(display, copy, len);
	r.mem.arena = doc->arena;
	r.strings = (const char *)(blob + blob[6]);
	r.src = doc->src;
	r.at = blob + HEADER_WORDS;
	doc->root = get_node(&r, NULL, 0);
	*out = doc;
	return 0;
}
