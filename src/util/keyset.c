/*
 * keyset.c: an open-addressing hash set of strings (text + length) to an
 * index, reused from map to map by the loaders so that duplicate-key and
 * merge-key checks stay linear on big maps; the compiler's unique names.
 */
#include <stdlib.h>
#include <string.h>
#include "util.h"

struct floe_keyslot {
	const char *s;   /* NULL: empty */
	size_t len;
	size_t idx;
	uint32_t hash;
};



void floe_keyset_reset(floe_keyset *ks, size_t n)
{
	size_t cap = 16;
	while (cap < 2 * n)
		cap *= 2;
	if (cap > ks->cap) {
		free(ks->slots);
		ks->slots = floe_xmalloc(cap * sizeof(*ks->slots));
	}
	ks->cap = cap;
	ks->count = 0;
	memset(ks->slots, 0, cap * sizeof(*ks->slots));
}

static struct floe_keyslot *slot(const floe_keyset *ks, const char *s,
				 size_t len, uint32_t h)
{
	size_t mask = ks->cap - 1;
	for (size_t i = h & mask;; i = (i + 1) & mask) {
		struct floe_keyslot *sl = &ks->slots[i];
		if (!sl->s || (sl->hash == h && sl->len == len &&
			       memcmp(sl->s, s, len) == 0))
			return sl;
	}
}

static void grow(floe_keyset *ks)
{
	struct floe_keyslot *old = ks->slots;
	size_t n = ks->cap;

	ks->cap *= 2;
	ks->slots = floe_xcalloc(ks->cap, sizeof(*ks->slots));
	for (size_t i = 0; i < n; i++)
		if (old[i].s)
			*slot(ks, old[i].s, old[i].len, old[i].hash) = old[i];
	free(old);
}

long floe_keyset_add(floe_keyset *ks, const char *s, size_t len, size_t idx)
{
	uint32_t h = floe_key_hash(s, len);

	if (!ks->slots)
		floe_keyset_reset(ks, 8);
	if (2 * (ks->count + 1) > ks->cap)
		grow(ks);
	struct floe_keyslot *sl = slot(ks, s, len, h);
	if (sl->s)
		return (long)sl->idx;
	sl->s = len ? s : "";
	sl->len = len;
	sl->idx = idx;
	sl->hash = h;
	ks->count++;
	return -1;
}

long floe_keyset_find(const floe_keyset *ks, const char *s, size_t len)
{
	if (!ks->slots)
		return -1;
	struct floe_keyslot *sl = slot(ks, s, len, floe_key_hash(s, len));
	return sl->s ? (long)sl->idx : -1;
}

void floe_keyset_release(floe_keyset *ks)
{
	free(ks->slots);
	ks->slots = NULL;
	ks->cap = 0;
}
