/*
 * alloc.c: allocation wrappers, the arena, the pointer vector and the
 * per-thread last-error string.  Out of memory aborts: no caller handles it.
 */
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <time.h>
#include <jansson.h>
#include "util.h"

static void oom(size_t n)
{
	fprintf(stderr, "floe: out of memory (%zu bytes)\n", n);
	abort();
}

void *floe_xmalloc(size_t n)
{
	void *p = malloc(n ? n : 1);
	if (!p)
		oom(n);
	return p;
}

void *floe_xcalloc(size_t n, size_t size)
{
	void *p = calloc(n ? n : 1, size ? size : 1);
	if (!p)
		oom(n * size);
	return p;
}

void *floe_xrealloc(void *p, size_t n)
{
	void *q = realloc(p, n ? n : 1);
	if (!q)
		oom(n);
	return q;
}

char *floe_xstrndup(const char *s, size_t n)
{
	char *p = floe_xmalloc(n + 1);
	memcpy(p, s, n);
	p[n] = '\0';
	return p;
}

char *floe_xstrdup(const char *s)
{
	return floe_xstrndup(s, strlen(s));
}

/* ---- arena ---- */

struct deferred {
	struct deferred *next;
	void (*fn)(void *);
	void *p;
};

struct block {
	struct block *next;
	size_t used, cap;
	_Alignas(16) unsigned char data[];
};

struct floe_arena {
	struct block *head;
	struct deferred *deferred;
	size_t used;
};

#define BLOCK_SIZE ((size_t)64 * 1024)

static int dump_to_buf(const char *text, size_t size, void *data)
{
	floe_buf_put(data, text, size);
	return 0;
}

void floe_json_dump(floe_buf *b, const void *json, size_t flags)
{
	if (json_dump_callback(json, dump_to_buf, b, flags) != 0)
		oom(0);
}

floe_arena *floe_arena_new(void)
{
	return floe_xcalloc(1, sizeof(floe_arena));
}

void floe_arena_free(floe_arena *a)
{
	if (!a)
		return;
	for (struct deferred *d = a->deferred; d;) {
		struct deferred *next = d->next;
		d->fn(d->p);
		free(d);
		d = next;
	}
	for (struct block *b = a->head; b;) {
		struct block *next = b->next;
		free(b);
		b = next;
	}
	free(a);
}

static struct block *new_block(size_t cap)
{
	struct block *b = floe_xmalloc(sizeof(*b) + cap);
	b->used = 0;
	b->cap = cap;
	return b;
}

void *floe_arena_alloc(floe_arena *a, size_t n)
{
	size_t need = (n + 15) & ~(size_t)15;
	struct block *b = a->head;

	if (need < n)
		oom(n);
	a->used += need;
#ifdef FLOE_DEBUG_ARENA
	b = new_block(need);
	b->next = a->head;
	a->head = b;
#else
	if (!b || b->cap - b->used < need) {
		if (need > BLOCK_SIZE / 4) {
			/* a large allocation gets its own block behind the head */
			struct block *big = new_block(need);
			if (b) {
				big->next = b->next;
				b->next = big;
			} else {
				a->head = big;
			}
			big->used = need;
			memset(big->data, 0, need);
			return big->data;
		}
		b = new_block(BLOCK_SIZE);
		b->next = a->head;
		a->head = b;
	}
#endif
	void *p = b->data + b->used;
	b->used += need;
	memset(p, 0, need);
	return p;
}

char *floe_arena_strndup(floe_arena *a, const char *s, size_t n)
{
	char *p = floe_arena_alloc(a, n + 1);
	memcpy(p, s, n);
	p[n] = '\0';
	return p;
}

char *floe_arena_strdup(floe_arena *a, const char *s)
{
	return floe_arena_strndup(a, s, strlen(s));
}

char *floe_arena_vprintf(floe_arena *a, const char *fmt, va_list ap)
{
	va_list cp;
	va_copy(cp, ap);
	int n = vsnprintf(NULL, 0, fmt, cp);
	va_end(cp);
	if (n < 0)
		n = 0;
	char *p = floe_arena_alloc(a, (size_t)n + 1);
	vsnprintf(p, (size_t)n + 1, fmt, ap);
	return p;
}

char *floe_arena_printf(floe_arena *a, const char *fmt, ...)
{
	va_list ap;
	va_start(ap, fmt);
	char *p = floe_arena_vprintf(a, fmt, ap);
	va_end(ap);
	return p;
}

void floe_arena_defer(floe_arena *a, void (*fn)(void *), void *p)
{
	struct deferred *d = floe_xmalloc(sizeof(*d));
	d->fn = fn;
	d->p = p;
	d->next = a->deferred;
	a->deferred = d;
}

size_t floe_util__arena_used(const floe_arena *a)
{
	return a->used;
}

/* ---- vector ---- */

void floe_vec_push(floe_vec *v, void *p)
{
	if (v->len == v->cap) {
		v->cap = v->cap ? v->cap * 2 : 8;
		v->items = floe_xrealloc(v->items, v->cap * sizeof(void *));
	}
	v->items[v->len++] = p;
}

void floe_vec_release(floe_vec *v)
{
	free(v->items);
	v->items = NULL;
	v->len = v->cap = 0;
}

/* ---- errors ---- */

static _Thread_local char last_error[512];

const char *floe_error_last(void)
{
	return last_error;
}

void floe_error_set(const char *fmt, ...)
{
	va_list ap;
	va_start(ap, fmt);
	vsnprintf(last_error, sizeof(last_error), fmt, ap);
	va_end(ap);
}

void floe_error_clear(void)
{
	last_error[0] = '\0';
}

void floe_limits_default(floe_limits *out)
{
	out->max_bytes = FLOE_DEFAULT_MAX_BYTES;
	out->max_depth = FLOE_DEFAULT_MAX_DEPTH;
	out->max_nodes = FLOE_DEFAULT_MAX_NODES;
	out->max_aliases = FLOE_DEFAULT_MAX_ALIASES;
	out->max_diags = FLOE_DEFAULT_MAX_DIAGS;
	out->max_steps = FLOE_DEFAULT_MAX_STEPS;
}

double floe_now_ms(void)
{
	struct timespec ts;
	clock_gettime(CLOCK_MONOTONIC, &ts);
	return (double)ts.tv_sec * 1e3 + (double)ts.tv_nsec / 1e6;
}
