/*
 * snapshot.c: the built-in schemas' trees, parsed when floe is built.
 *
 * Every command that checks a project parses the embedded floe and
 * platform schemas (7,200 nodes).  Even on the trusted path that was half
 * of what `floe validate` did (1.28M of 2.55M instructions, callgrind), for
 * the same result each time.  So the build parses them once, with that
 * same trusted parser (src/tools/snap.c), and writes each tree as a flat
 * array of 32-bit words that is linked into the binary; at run time the
 * tree is rebuilt from the words with no scanning, unescaping or number
 * reading.  Strings and the big maps' key indexes are not copied: nodes
 * point into the array, which is read-only, and the source text behind the
 * spans (the same compact JSON) is borrowed, not copied.
 *
 * Rebuilding all of it was still a third of `floe validate`, for a tree of
 * which validating a project reads a fifth.  So the writer keeps the maps
 * marked FLOE_NODE_DEFERRED (the tool marks the schemas' subschemas) as
 * shells, each with the end of its words, and the reader makes a shell's
 * keys and items when floe_node_expand first asks (under one lock: the
 * runner validates from several threads).
 *
 * The format (words; offsets are word offsets from the start unless said):
 *   header: magic, version, nodes, slots (item and key pointers),
 *           bytes of the source text, words in all, offset of the strings
 *   nodes, in document order (a map's key before its value), NODE_WORDS each:
 *     kind | flags << 8, line, col, end_line, end_col, then
 *     scalars: byte offset of the text in the strings, length, v (2 words)
 *     SEQ:     number of items, 0, offset of the words after its subtree, 0
 *     MAP:     number of pairs, offset of the key index (0: none), offset
 *              of the words after its subtree, 0
 *   key indexes (floe_map_index's layout), then the strings (NUL-ended).
 * A blob that does not match (another version, another source text)
 * is refused, and the caller parses the text instead.
 */
#include <pthread.h>
#include <stdlib.h>
#include <string.h>
#include "internal.h"

#define MAGIC 0x4e534c46u /* "FLSN" */
#define VERSION 2u
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

	if ((n->flags & FLOE_NODE_DEFERRED) && n->kind != FLOE_NODE_MAP)
		w->ok = false;
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
		w->out.w[at + 7] = (uint32_t)w->out.n; /* the subtree's end */
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

/* Expansions of every snapshot's deferred maps, one at a time. */
static pthread_mutex_t expand_lock = PTHREAD_MUTEX_INITIALIZER;

static floe_node *get_node(struct reader *r, floe_node *parent, uint32_t index);

/* A container's keys and items, from the words after its own. */
static void get_items(struct reader *r, floe_node *n)
{
	bool map = n->kind == FLOE_NODE_MAP;
	floe_node **arr = floe_carve(&r->mem, (map ? 2 * n->len : n->len) * sizeof(*arr),
				     _Alignof(floe_node *));
	n->keys = map ? arr : NULL;
	n->items = map ? arr + n->len : arr;
	for (uint32_t i = 0; i < n->len; i++) {
		if (map)
			n->keys[i] = get_node(r, n, i);
		n->items[i] = get_node(r, n, i);
	}
}

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
		n->v.kx = n->kind == FLOE_NODE_MAP && w[6] ? r->blob + w[6] : NULL;
		if (n->flags & FLOE_NODE_DEFERRED) {
			n->text = (const char *)(const void *)w;
			r->at = r->blob + w[7];
		} else {
			get_items(r, n);
		}
	} else {
		uint64_t v = (uint64_t)w[7] | (uint64_t)w[8] << 32;
		n->text = r->strings + w[5];
		n->len = w[6];
		memcpy(&n->v, &v, sizeof(v));
	}
	return n;
}

void floe__node_expand(const floe_node *cn)
{
	floe_node *n = (floe_node *)cn; /* made once, then the same tree */

	pthread_mutex_lock(&expand_lock);
	if (n->flags & FLOE_NODE_DEFERRED) {
		struct reader *r = floe_source_loader(n->span.src);
		r->at = (const uint32_t *)(const void *)n->text + NODE_WORDS;
		get_items(r, n);
		n->text = NULL;
		__atomic_store_n(&n->flags, (uint8_t)(n->flags & ~FLOE_NODE_DEFERRED),
				 __ATOMIC_RELEASE);
	}
	pthread_mutex_unlock(&expand_lock);
}

int floe_doc_from_snapshot(floe_doc **out, const char *display, const char *text,
			   size_t len, const uint32_t *blob, size_t nwords)
{
	*out = NULL;
	if (nwords < HEADER_WORDS || blob[0] != MAGIC || blob[1] != VERSION ||
	    blob[4] != len || blob[5] != nwords || blob[6] > nwords ||
	    (uint64_t)blob[2] * NODE_WORDS + HEADER_WORDS > blob[6])
		return FLOE_ERROR;
	floe_doc *doc = floe_doc_new_static(display, text, len);
	struct reader *r = floe_arena_alloc(doc->arena, sizeof(*r));
	r->blob = blob;
	r->mem.arena = doc->arena;
	r->strings = (const char *)(blob + blob[6]);
	r->src = doc->src;
	r->at = blob + HEADER_WORDS;
	floe_source_set_loader(doc->src, r);
	doc->root = get_node(r, NULL, 0);
	*out = doc;
	return 0;
}
