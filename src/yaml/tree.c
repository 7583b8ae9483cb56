/*
 * tree.c: building the tree from YAML events without recursion: a frame
 * per open collection, items gathered on one scratch stack and copied into
 * the arena when the collection closes (so long sequences and big maps
 * cost linear time), duplicate keys, merge keys (<<), anchors and the
 * bounded copies that expand aliases.  Positions come from the line table.
 */
#include <stdlib.h>
#include <string.h>
#include "loader.h"

/* ---- positions ---- */

/* Code points in s[0..n): bytes less UTF-8 continuation bytes, 8 at a time. */
static size_t count_cp(const char *s, size_t n)
{
	size_t cont = 0, i = 0;
	for (; i + 8 <= n; i += 8) {
		uint64_t w;
		memcpy(&w, s + i, 8);
		/* a continuation byte: bit 7 set, bit 6 clear; the multiply
		 * sums the bytes' 0/1 into the top byte (no libgcc popcount) */
		uint64_t m = (w & ~(w << 1) & 0x8080808080808080ull) >> 7;
		cont += (size_t)((m * 0x0101010101010101ull) >> 56);
	}
	for (; i < n; i++)
		cont += ((unsigned char)s[i] & 0xc0) == 0x80;
	return n - cont;
}

void floe_yaml__init(struct yp *p)
{
	size_t cap = 64, cp = 0, i = 0;
	const char *t = p->text;
	const char *cr = p->len ? memchr(t, '\r', p->len) : NULL;

	/* never NULL: empty collections still point into it */
	p->capscratch = 64;
	p->scratch = floe_xmalloc(p->capscratch * sizeof(*p->scratch));

	p->line_cp = floe_xmalloc(cap * sizeof(size_t));
	p->line_cp[0] = 0;
	p->nlines = 1;
	while (i < p->len) {
		/* the next \n or \r: memchr for both, the CR one kept */
		const char *nl = memchr(t + i, '\n', p->len - i);
		if (cr && cr < t + i)
			cr = memchr(t + i, '\r', p->len - i);
		size_t j = (size_t)((nl && (!cr || nl < cr) ? nl : cr ? cr : t + p->len) - t);
		cp += count_cp(t + i, j - i);
		if (j == p->len)
			break;
		cp++; /* the break itself */
		i = j + 1;
		if (!floe_is_line_end(t, p->len, j))
			continue; /* the CR of a CRLF */
		if (p->nlines == cap) {
			cap *= 2;
			p->line_cp = floe_xrealloc(p->line_cp, cap * sizeof(size_t));
		}
		p->line_cp[p->nlines++] = cp;
	}
}

/*
 * libyaml's mark.index counts code points; lines end as floe_is_line_end says.
 * Marks arrive almost in order: try the last line found before searching.
 */
void floe_yaml__pos(struct yp *p, size_t cp, uint32_t *line, uint32_t *col)
{
	size_t lo = p->line_hint, hi = p->nlines;

	if (lo >= p->nlines || p->line_cp[lo] > cp)
		lo = 0;
	else if (lo + 1 < p->nlines && p->line_cp[lo + 1] > cp)
		hi = lo + 1;
	else if (lo + 2 < p->nlines && p->line_cp[lo + 2] > cp)
		lo++, hi = lo + 1;
	while (hi - lo > 1) {
		size_t mid = lo + (hi - lo) / 2;
		if (p->line_cp[mid] <= cp)
			lo = mid;
		else
			hi = mid;
	}
	p->line_hint = lo;
	*line = (uint32_t)lo + 1;
	*col = (uint32_t)(cp - p->line_cp[lo]) + 1;
}

/* ---- pointers ---- */

const char *floe_yaml__pointer(struct yp *p, const floe_node *key)
{
	floe_buf b = FLOE_BUF_INIT;

	for (size_t i = 1; i < p->nframes; i++) {
		const struct yframe *f = &p->frames[i];
		if (f->seg_key)
			floe_pointer_put(&b, f->seg_key->text, f->seg_key->len);
		else
			floe_buf_printf(&b, "/%u", f->seg_index);
	}
	if (key) {
		floe_pointer_put(&b, key->text, key->len);
	} else if (p->nframes > 0) {
		const struct yframe *f = &p->frames[p->nframes - 1];
		size_t k = p->nscratch - f->base;
		const floe_node *pending = k % 2 ? p->scratch[p->nscratch - 1]
						 : NULL;
		if (f->node->kind == FLOE_NODE_SEQ)
			floe_buf_printf(&b, "/%zu", k);
		else if (pending)
			floe_pointer_put(&b, pending->text, pending->len);
	}
	const char *s = floe_arena_strndup(p->doc->arena, b.ptr ? b.ptr : "",
					   b.len);
	floe_buf_release(&b);
	return s;
}

/* ---- frames ---- */

static void push_scratch(struct yp *p, floe_node *n)
{
	if (p->nscratch == p->capscratch) {
		p->capscratch = p->capscratch ? 2 * p->capscratch : 256;
		p->scratch = floe_xrealloc(p->scratch,
					   p->capscratch * sizeof(*p->scratch));
	}
	p->scratch[p->nscratch++] = n;
}

bool floe_yaml__at_key(const struct yp *p)
{
	if (p->nframes == 0)
		return false;
	const struct yframe *f = &p->frames[p->nframes - 1];
	return f->node->kind == FLOE_NODE_MAP &&
	       (p->nscratch - f->base) % 2 == 0;
}

/* "an integer", "a mapping": the kind of n for messages. */
static const char *kind_phrase(const floe_node *n)
{
	static const char *const phrases[] = {
		"null", "a boolean", "an integer", "a number", "a string",
		"a sequence", "a mapping",
	};
	return n->kind < FLOE_ARRAY_SIZE(phrases) ? phrases[n->kind] : "?";
}

/* A scalar becomes a key by its text; a collection cannot be one. */
static floe_node *as_key(struct yp *p, floe_node *n)
{
	if (n->kind == FLOE_NODE_SEQ || n->kind == FLOE_NODE_MAP) {
		floe_yaml__error(p, "yaml/complex-key", &n->span, NULL,
				"%s as a mapping key is not supported",
				kind_phrase(n));
		return NULL;
	}
	n->kind = FLOE_NODE_STRING;
	n->flags &= FLOE_NODE_PLAIN | FLOE_NODE_QUOTED;
	n->v.i = 0;
	return n;
}

void floe_yaml__add(struct yp *p, floe_node *n, unsigned height)
{
	if (p->stop)
		return;
	if (p->nframes == 0) {
		/* an empty document has no root, an explicit null has one */
		bool empty = n->kind == FLOE_NODE_NULL && n->len == 0 &&
			     (n->flags & FLOE_NODE_PLAIN);
		p->doc->root = empty ? NULL : n;
		return;
	}
	struct yframe *f = &p->frames[p->nframes - 1];
	if (floe_yaml__at_key(p)) {
		push_scratch(p, as_key(p, n));
		return;
	}
	push_scratch(p, n);
	if (height > f->height)
		f->height = height;
}

void floe_yaml__open(struct yp *p, floe_node *n, const char *anchor, bool flow)
{
	if (p->nframes == p->capframes) {
		p->capframes = p->capframes ? 2 * p->capframes : 16;
		p->frames = floe_xrealloc(p->frames,
					  p->capframes * sizeof(*p->frames));
	}
	struct yframe *f = &p->frames[p->nframes];
	memset(f, 0, sizeof(*f));
	f->node = n;
	f->base = p->nscratch;
	f->flow = flow;
	f->nodes_at_open = p->nodes - 1;
	f->anchor = anchor ? floe_arena_strdup(p->doc->arena, anchor) : NULL;
	if (p->nframes > 0) {
		struct yframe *up = f - 1;
		size_t k = p->nscratch - up->base;
		if (up->node->kind == FLOE_NODE_SEQ)
			f->seg_index = (uint32_t)k;
		else if (k % 2)
			f->seg_key = p->scratch[p->nscratch - 1];
	}
	p->nframes++;
}

static void place(floe_node *coll, size_t i, floe_node *key, floe_node *val)
{
	val->parent = coll;
	val->index = (uint32_t)i;
	coll->items[i] = val;
	if (key) {
		key->parent = coll;
		key->index = (uint32_t)i;
		coll->keys[i] = key;
	}
}

static void finish_seq(struct yp *p, floe_node *seq, floe_node **it, size_t n)
{
	seq->items = floe_arena_alloc(p->doc->arena, n * sizeof(floe_node *));
	for (size_t i = 0; i < n; i++)
		place(seq, i, NULL, it[i]);
	seq->len = n;
}

/* ---- maps: duplicates and merge keys ---- */

static bool is_merge(const floe_node *key)
{
	return key && (key->flags & FLOE_NODE_PLAIN) && key->len == 2 &&
	       memcmp(key->text, "<<", 2) == 0;
}

static void duplicate(struct yp *p, floe_node *key, const floe_node *first)
{
	floe_diag *dg = floe_yaml__error(
		p, "yaml/duplicate-key", &key->span, key, "duplicate key '%s'",
		floe_key_display(p->doc->arena, key->text, key->len));
	floe_diag_note(p->d, dg, &first->span, "first defined here");
}

static void bad_merge(struct yp *p, const floe_node *v, const floe_node *key)
{
	floe_yaml__error(p, "yaml/bad-merge", &v->span, key,
			"cannot merge %s: '<<' takes a mapping or a list "
			"of mappings",
			kind_phrase(v));
}

static size_t merge_size(const floe_node *v)
{
	size_t n = 0;
	if (v->kind == FLOE_NODE_MAP)
		return v->len;
	if (v->kind == FLOE_NODE_SEQ)
		for (size_t i = 0; i < v->len; i++)
			if (v->items[i]->kind == FLOE_NODE_MAP)
				n += v->items[i]->len;
	return n;
}

/* Keys of `src` that the map does not have yet join it (explicit win). */
static void merge_one(struct yp *p, floe_node *map, const floe_node *src)
{
	for (size_t j = 0; j < src->len; j++) {
		floe_node *k = src->keys[j];
		if (floe_keyset_add(&p->keys, k->text, k->len, map->len) < 0) {
			place(map, map->len, k, src->items[j]);
			map->len++;
		}
	}
}

static void merge(struct yp *p, floe_node *map, floe_node *key, floe_node *v)
{
	if (v->kind == FLOE_NODE_MAP) {
		merge_one(p, map, v);
		return;
	}
	if (v->kind != FLOE_NODE_SEQ) {
		bad_merge(p, v, key);
		return;
	}
	for (size_t i = 0; i < v->len; i++) {
		if (v->items[i]->kind == FLOE_NODE_MAP)
			merge_one(p, map, v->items[i]);
		else
			bad_merge(p, v->items[i], key);
	}
}

/* The pair index of an earlier key equal to kv[2 * i], or -1 (small maps). */
static long earlier(floe_node **kv, size_t i)
{
	const floe_node *k = kv[2 * i];
	for (size_t j = 0; j < i; j++) {
		const floe_node *o = kv[2 * j];
		if (o && o->len == k->len && memcmp(o->text, k->text, k->len) == 0)
			return (long)j;
	}
	return -1;
}

/*
 * First the explicit keys (duplicates reported and dropped), then in
 * source order each entry, merged maps expanding where their '<<' stood.
 */
static void finish_map(struct yp *p, floe_node *map, floe_node **kv, size_t n)
{
	size_t total = 0;
	long first_merge = -1;
	bool small = n <= 8;

	for (size_t i = 0; small && i < n; i++)
		small = !is_merge(kv[2 * i]);
	if (!small)
		floe_keyset_reset(&p->keys, n);
	for (size_t i = 0; i < n; i++) {
		floe_node *key = kv[2 * i];
		long first = -1;
		if (!key)
			continue;
		if (is_merge(key) && first_merge < 0) {
			first_merge = (long)i;
			total += merge_size(kv[2 * i + 1]);
			continue;
		}
		if (is_merge(key))
			first = first_merge;
		else if (small)
			first = earlier(kv, i);
		else
			first = floe_keyset_add(&p->keys, key->text, key->len, i);
		if (first >= 0) {
			duplicate(p, key, kv[2 * first]);
			kv[2 * i] = NULL;
			continue;
		}
		total++;
	}
	map->keys = floe_arena_alloc(p->doc->arena, total * sizeof(floe_node *));
	map->items = floe_arena_alloc(p->doc->arena, total * sizeof(floe_node *));
	for (size_t i = 0; i < n; i++) {
		floe_node *key = kv[2 * i], *val = kv[2 * i + 1];
		if (is_merge(key)) {
			merge(p, map, key, val);
		} else if (key) {
			place(map, map->len, key, val);
			map->len++;
		}
	}
	floe_map_index(p->doc->arena, map);
}

floe_node *floe_yaml__close(struct yp *p, floe_span end)
{
	struct yframe *f = &p->frames[p->nframes - 1];
	floe_node *n = f->node;
	size_t count = p->nscratch - f->base;

	if (f->flow) {
		n->span.end_line = end.end_line;
		n->span.end_col = end.end_col;
	} else if (count > 0) {
		n->span.end_line = p->last_line;
		n->span.end_col = p->last_col;
	}
	if (n->kind == FLOE_NODE_MAP)
		finish_map(p, n, p->scratch + f->base, count / 2);
	else
		finish_seq(p, n, p->scratch + f->base, count);
	p->closed_height = f->height + 1;
	if (f->anchor)
		floe_yaml__anchor(p, f->anchor, n, p->nodes - f->nodes_at_open,
				 p->closed_height);
	p->nscratch = f->base;
	p->nframes--;
	p->last_line = n->span.end_line;
	p->last_col = n->span.end_col;
	return n;
}

/* ---- anchors and aliases ---- */

void floe_yaml__anchor(struct yp *p, const char *name, floe_node *n,
		      size_t size, unsigned height)
{
	size_t len = strlen(name);
	long i = floe_keyset_find(&p->anchor_ids, name, len);

	if (i < 0) {
		if (p->nanchors == p->capanchors) {
			p->capanchors = p->capanchors ? 2 * p->capanchors : 16;
			p->anchors = floe_xrealloc(
				p->anchors, p->capanchors * sizeof(*p->anchors));
		}
		i = (long)p->nanchors++;
		name = floe_arena_strndup(p->doc->arena, name, len);
		floe_keyset_add(&p->anchor_ids, name, len, (size_t)i);
	}
	p->anchors[i] = (struct yanchor){ n, size, height };
}

static floe_node *copy(struct yp *p, const floe_node *n)
{
	floe_node *c = floe_arena_alloc(p->doc->arena, sizeof(*c));

	*c = *n;
	c->parent = NULL;
	c->index = 0;
	p->nodes++;
	if (n->kind != FLOE_NODE_SEQ && n->kind != FLOE_NODE_MAP)
		return c;
	c->items = floe_arena_alloc(p->doc->arena, n->len * sizeof(floe_node *));
	if (n->kind == FLOE_NODE_MAP)
		c->keys = floe_arena_alloc(p->doc->arena,
					   n->len * sizeof(floe_node *));
	for (size_t i = 0; i < n->len; i++)
		place(c, i, n->keys ? copy(p, n->keys[i]) : NULL,
		      copy(p, n->items[i]));
	return c;
}

static bool anchor_is_open(const struct yp *p, const char *name)
{
	for (size_t i = 0; i < p->nframes; i++)
		if (p->frames[i].anchor && strcmp(p->frames[i].anchor, name) == 0)
			return true;
	return false;
}

static floe_node *unknown(struct yp *p, const char *name)
{
	floe_node *n = floe_yaml__new_node(p, FLOE_NODE_NULL);
	n->span = p->cur;
	n->text = "";
	if (anchor_is_open(p, name))
		floe_yaml__error(p, "yaml/unknown-anchor", &p->cur, NULL,
				"alias '*%s' refers to a node that contains it",
				name);
	else
		floe_yaml__error(p, "yaml/unknown-anchor", &p->cur, NULL,
				"unknown anchor '%s'", name);
	return n;
}

/*
 * Copies are real nodes, so an alias bomb that max_nodes alone would stop
 * still fills hundreds of megabytes first.  Like go-yaml's alias ratio,
 * copies may not outgrow the document's own nodes a hundredfold (past a
 * floor no real configuration reaches): bombs stop within a few megabytes.
 */
#define COPY_RATIO 100
#define COPY_FLOOR ((size_t)100000)

static bool copy_budget(struct yp *p, size_t size)
{
	size_t own = p->nodes - p->copied;
	size_t budget = own > COPY_FLOOR / COPY_RATIO ? own * COPY_RATIO
						      : COPY_FLOOR;
	if (p->copied + size <= budget) {
		p->copied += size;
		return true;
	}
	floe_diag *dg = floe_yaml__error(p, "yaml/too-many-nodes", &p->cur, NULL,
					"aliases expand to more than %zu nodes",
					budget);
	floe_diag_note(p->d, dg, NULL,
		       "copies made by aliases may not exceed %d times the "
		       "document's own nodes (or %zu)",
		       COPY_RATIO, COPY_FLOOR);
	p->stop = true;
	return false;
}

floe_node *floe_yaml__alias(struct yp *p, const char *name, unsigned *height)
{
	long i = floe_keyset_find(&p->anchor_ids, name, strlen(name));

	*height = 0;
	if (++p->aliases > p->lim->max_aliases) {
		floe_yaml__error(p, "yaml/too-many-aliases", &p->cur, NULL,
				"document has more than %zu aliases",
				p->lim->max_aliases);
		p->stop = true;
		return NULL;
	}
	if (i < 0 || anchor_is_open(p, name))
		return unknown(p, name);
	const struct yanchor *a = &p->anchors[i];
	if (p->nframes + a->height > p->lim->max_depth) {
		floe_yaml__error(p, "yaml/too-deep", &p->cur, NULL,
				"nesting is deeper than %u levels",
				p->lim->max_depth);
		p->stop = true;
		return NULL;
	}
	if (p->nodes > p->lim->max_nodes ||
	    a->size > p->lim->max_nodes - p->nodes) {
		floe_yaml__error(p, "yaml/too-many-nodes", &p->cur, NULL,
				"document has more than %zu nodes once aliases "
				"are expanded",
				p->lim->max_nodes);
		p->stop = true;
		return NULL;
	}
	if (!copy_budget(p, a->size))
		return NULL;
	*height = a->height;
	return copy(p, a->node);
}

void floe_yaml__release(struct yp *p)
{
	free(p->line_cp);
	free(p->frames);
	free(p->scratch);
	free(p->anchors);
	floe_keyset_release(&p->keys);
	floe_keyset_release(&p->anchor_ids);
}
