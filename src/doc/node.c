/*
 * node.c: the document tree's node API: lookups, JSON pointers (RFC 6901),
 * the schema-typed reads (as_*) and JSON equality.  Building trees is the
 * readers' work (src/json, src/yaml); core-schema scalar rules are scalar.c.
 */
#include <math.h>
#include <stdlib.h>
#include <string.h>
#include "internal.h"

floe_node *floe_node_new(floe_arena *a, floe_node_kind kind)
{
	floe_node *n = floe_arena_alloc(a, sizeof(*n));
	n->kind = (uint8_t)kind;
	return n;
}

static bool key_is(const floe_node *k, const char *s, size_t len)
{
	return k && k->len == len && memcmp(k->text, s, len) == 0;
}

/*
 * The index: kx[0] is the mask of a power-of-two table that follows, each
 * slot 0 (empty) or a key's position + 1; linear probing.  At least twice
 * as many slots as keys, so a miss ends soon.
 */
#define INDEX_MIN 12

void floe_map_index(floe_arena *a, floe_node *map)
{
	size_t cap = 32;
	uint32_t *kx;

	map->v.kx = NULL;
	if (map->len < INDEX_MIN || map->len > UINT32_MAX / 4)
		return;
	while (cap < 2 * map->len)
		cap *= 2;
	kx = floe_arena_alloc(a, (cap + 1) * sizeof(uint32_t));
	kx[0] = (uint32_t)(cap - 1);
	for (size_t i = 0; i < map->len; i++) {
		const floe_node *k = map->keys[i];
		uint32_t j = floe_key_hash(k->text, k->len) & kx[0];
		while (kx[1 + j])
			j = (j + 1) & kx[0];
		kx[1 + j] = (uint32_t)i + 1;
	}
	map->v.kx = kx;
}

static long find_key(const floe_node *map, const char *s, size_t len)
{
	if (!map || map->kind != FLOE_NODE_MAP)
		return -1;
	if (map->v.kx) {
		const uint32_t *kx = map->v.kx;
		for (uint32_t j = floe_key_hash(s, len) & kx[0]; kx[1 + j];
		     j = (j + 1) & kx[0])
			if (key_is(map->keys[kx[1 + j] - 1], s, len))
				return (long)kx[1 + j] - 1;
		return -1;
	}
	for (size_t i = 0; i < map->len; i++)
		if (key_is(map->keys[i], s, len))
			return (long)i;
	return -1;
}

floe_node *floe_node_get(const floe_node *map, const char *key)
{
	long i = find_key(map, key, strlen(key));
	return i < 0 ? NULL : map->items[i];
}

floe_node *floe_node_get_key(const floe_node *map, const char *key)
{
	long i = find_key(map, key, strlen(key));
	return i < 0 ? NULL : map->keys[i];
}

const floe_node *floe_node_key_of(const floe_node *node)
{
	const floe_node *p = node ? node->parent : NULL;
	if (!p || p->kind != FLOE_NODE_MAP || node->index >= p->len)
		return NULL;
	return p->keys[node->index];
}

/* ---- JSON pointers ---- */

void floe_pointer_put(floe_buf *b, const char *s, size_t len)
{
	floe_buf_putc(b, '/');
	for (size_t i = 0; i < len; i++) {
		if (s[i] == '~')
			floe_buf_put(b, "~0", 2);
		else if (s[i] == '/')
			floe_buf_put(b, "~1", 2);
		else
			floe_buf_putc(b, s[i]);
	}
}

static void put_segment(floe_buf *b, const floe_node *n)
{
	const floe_node *k = floe_node_key_of(n);
	if (k)
		floe_pointer_put(b, k->text, k->len);
	else
		floe_buf_printf(b, "/%u", n->index);
}

const char *floe_node_pointer(floe_arena *a, const floe_node *node)
{
	const floe_node *chain[64];
	floe_buf b = FLOE_BUF_INIT;
	size_t depth = 0;

	for (const floe_node *n = node; n && n->parent; n = n->parent)
		depth++;
	if (depth == 0)
		return "";
	/* deep trees (max_depth is configurable) are walked twice instead */
	if (depth <= FLOE_ARRAY_SIZE(chain)) {
		size_t i = depth;
		for (const floe_node *n = node; n->parent; n = n->parent)
			chain[--i] = n;
		for (i = 0; i < depth; i++)
			put_segment(&b, chain[i]);
	} else {
		for (size_t level = depth; level > 0; level--) {
			const floe_node *n = node;
			for (size_t up = 1; up < level; up++)
				n = n->parent;
			put_segment(&b, n);
		}
	}
	char *p = floe_arena_strndup(a, b.ptr, b.len);
	floe_buf_release(&b);
	return p;
}

/* Decode one reference token into b; false on a bad ~ escape. */
static bool unescape_token(floe_buf *b, const char *s, size_t len)
{
	floe_buf_clear(b);
	floe_buf_grow(b, len);
	for (size_t i = 0; i < len; i++) {
		if (s[i] != '~') {
			floe_buf_putc(b, s[i]);
			continue;
		}
		if (i + 1 >= len || (s[i + 1] != '0' && s[i + 1] != '1'))
			return false;
		floe_buf_putc(b, s[i + 1] == '0' ? '~' : '/');
		i++;
	}
	return true;
}

/* An array index: "0" or digits without a leading zero. */
static bool parse_index(const char *s, size_t len, size_t *out)
{
	size_t v = 0;
	if (len == 0 || len > 18 || (len > 1 && s[0] == '0'))
		return false;
	for (size_t i = 0; i < len; i++) {
		if (s[i] < '0' || s[i] > '9')
			return false;
		v = v * 10 + (size_t)(s[i] - '0');
	}
	*out = v;
	return true;
}

static floe_node *step(const floe_node *n, const floe_buf *tok)
{
	size_t idx;
	const char *s = tok->ptr ? tok->ptr : "";

	if (n->kind == FLOE_NODE_MAP) {
		long i = find_key(n, s, tok->len);
		return i < 0 ? NULL : n->items[i];
	}
	if (n->kind == FLOE_NODE_SEQ && parse_index(s, tok->len, &idx) &&
	    idx < n->len)
		return n->items[idx];
	return NULL;
}

floe_node *floe_node_at(const floe_node *root, const char *pointer)
{
	floe_buf tok = FLOE_BUF_INIT;
	const floe_node *n = root;
	const char *p = pointer;

	if (!root || !pointer || (*p && *p != '/'))
		return NULL;
	while (n && *p == '/') {
		const char *start = ++p;
		while (*p && *p != '/')
			p++;
		if (!unescape_token(&tok, start, (size_t)(p - start)))
			n = NULL;
		else
			n = step(n, &tok);
	}
	floe_buf_release(&tok);
	return (floe_node *)n;
}

/* ---- typed reads ---- */

bool floe_node_as_string(const floe_node *n, const char **out)
{
	if (!n)
		return false;
	if (n->kind == FLOE_NODE_STRING ||
	    ((n->flags & FLOE_NODE_PLAIN) && n->text &&
	     n->kind != FLOE_NODE_NULL && n->kind != FLOE_NODE_SEQ &&
	     n->kind != FLOE_NODE_MAP)) {
		*out = n->text;
		return true;
	}
	return false;
}

/* A QUOTED string read as its core-schema type, in `tmp`; else n itself. */
static const floe_node *unquote(const floe_node *n, floe_node *tmp)
{
	if (n->kind != FLOE_NODE_STRING || !(n->flags & FLOE_NODE_QUOTED))
		return n;
	memset(tmp, 0, sizeof(*tmp));
	floe_scalar_resolve(tmp, n->text, n->len);
	return tmp;
}

static bool double_to_int(double d, int64_t *out)
{
	/* -2^63 <= d < 2^63 and integral */
	if (!(d >= -9223372036854775808.0 && d < 9223372036854775808.0) ||
	    d != floor(d))
		return false;
	*out = (int64_t)d;
	return true;
}

bool floe_node_as_int(const floe_node *n, int64_t *out)
{
	floe_node tmp;
	if (!n)
		return false;
	n = unquote(n, &tmp);
	if (n->kind == FLOE_NODE_INT && !(n->flags & FLOE_NODE_BIGINT)) {
		*out = n->v.i;
		return true;
	}
	if (n->kind == FLOE_NODE_FLOAT)
		return double_to_int(n->v.d, out);
	return false;
}

bool floe_node_as_number(const floe_node *n, double *out)
{
	floe_node tmp;
	if (!n)
		return false;
	n = unquote(n, &tmp);
	if (n->kind == FLOE_NODE_INT) {
		*out = n->flags & FLOE_NODE_BIGINT ? n->v.d : (double)n->v.i;
		return true;
	}
	if (n->kind == FLOE_NODE_FLOAT) {
		*out = n->v.d;
		return true;
	}
	return false;
}

bool floe_node_as_bool(const floe_node *n, bool *out)
{
	floe_node tmp;
	if (!n)
		return false;
	n = unquote(n, &tmp);
	if (n->kind != FLOE_NODE_BOOL)
		return false;
	*out = n->v.b;
	return true;
}

/* ---- equality ---- */

/* Decimal digits of a big integer without sign and leading zeros. */
static const char *digits(const char *s, bool *neg)
{
	*neg = *s == '-';
	if (*s == '-' || *s == '+')
		s++;
	while (*s == '0' && s[1])
		s++;
	return s;
}

static bool is_decimal(const char *s)
{
	if (*s == '-' || *s == '+')
		s++;
	if (!*s)
		return false;
	for (; *s; s++)
		if (*s < '0' || *s > '9')
			return false;
	return true;
}

static bool bigint_equal(const floe_node *a, const floe_node *b)
{
	bool na, nb;
	if (!is_decimal(a->text) || !is_decimal(b->text))
		return a->v.d == b->v.d;
	const char *da = digits(a->text, &na), *db = digits(b->text, &nb);
	return na == nb && strcmp(da, db) == 0;
}

static bool number_equal(const floe_node *a, const floe_node *b)
{
	bool abig = a->kind == FLOE_NODE_INT && (a->flags & FLOE_NODE_BIGINT);
	bool bbig = b->kind == FLOE_NODE_INT && (b->flags & FLOE_NODE_BIGINT);
	int64_t i;

	if (abig && bbig)
		return bigint_equal(a, b);
	if (abig || bbig) {
		/* a big integer is outside int64: only a float can match it */
		const floe_node *o = abig ? b : a;
		return o->kind == FLOE_NODE_FLOAT &&
		       o->v.d == (abig ? a : b)->v.d;
	}
	if (a->kind == FLOE_NODE_INT && b->kind == FLOE_NODE_INT)
		return a->v.i == b->v.i;
	if (a->kind == FLOE_NODE_FLOAT && b->kind == FLOE_NODE_FLOAT)
		return a->v.d == b->v.d;
	if (a->kind == FLOE_NODE_INT)
		return double_to_int(b->v.d, &i) && i == a->v.i;
	return double_to_int(a->v.d, &i) && i == b->v.i;
}

static bool is_number(const floe_node *n)
{
	return n->kind == FLOE_NODE_INT || n->kind == FLOE_NODE_FLOAT;
}

static int cmp_keys(const void *x, const void *y)
{
	const floe_node *ka = floe_node_key_of(*(floe_node *const *)x);
	const floe_node *kb = floe_node_key_of(*(floe_node *const *)y);
	size_t n = ka->len < kb->len ? ka->len : kb->len;
	int c = memcmp(ka->text, kb->text, n);
	if (c)
		return c;
	return ka->len < kb->len ? -1 : ka->len > kb->len;
}

/* Big maps: sort both sides' values by key and walk them together. */
static bool map_equal_sorted(const floe_node *a, const floe_node *b)
{
	size_t n = a->len;
	floe_node **sa = floe_xmalloc(2 * n * sizeof(*sa)), **sb = sa + n;
	bool eq = true;

	memcpy(sa, a->items, n * sizeof(*sa));
	memcpy(sb, b->items, n * sizeof(*sb));
	qsort(sa, n, sizeof(*sa), cmp_keys);
	qsort(sb, n, sizeof(*sb), cmp_keys);
	for (size_t i = 0; eq && i < n; i++)
		eq = cmp_keys(&sa[i], &sb[i]) == 0 &&
		     floe_node_equal(sa[i], sb[i]);
	free(sa);
	return eq;
}

static bool map_equal(const floe_node *a, const floe_node *b)
{
	if (a->len != b->len)
		return false;
	if (a->len > 16)
		return map_equal_sorted(a, b);
	for (size_t i = 0; i < a->len; i++) {
		const floe_node *k = a->keys[i];
		long j = find_key(b, k->text, k->len);
		if (j < 0 || !floe_node_equal(a->items[i], b->items[j]))
			return false;
	}
	return true;
}

bool floe_node_equal(const floe_node *a, const floe_node *b)
{
	if (!a || !b)
		return a == b;
	if (is_number(a) && is_number(b))
		return number_equal(a, b);
	if (a->kind != b->kind)
		return false;
	switch (a->kind) {
	case FLOE_NODE_NULL:
		return true;
	case FLOE_NODE_BOOL:
		return a->v.b == b->v.b;
	case FLOE_NODE_STRING:
		return a->len == b->len && memcmp(a->text, b->text, a->len) == 0;
	case FLOE_NODE_SEQ:
		if (a->len != b->len)
			return false;
		for (size_t i = 0; i < a->len; i++)
			if (!floe_node_equal(a->items[i], b->items[i]))
				return false;
		return true;
	case FLOE_NODE_MAP:
		return map_equal(a, b);
	}
	return false;
}

const char *floe_node_kind_name(floe_node_kind kind)
{
	static const char *const names[] = {
		"null", "boolean", "integer", "number", "string", "array",
		"object",
	};
	return (unsigned)kind < FLOE_ARRAY_SIZE(names) ? names[kind] : "?";
}
