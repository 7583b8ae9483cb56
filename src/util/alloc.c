/*
 * alloc.c: allocation wrappers, the arena, the pointer vector and the
 * per-thread last-error string.  Out of memory aborts: no caller handles it.
 */
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <pthread.h>
#include <stdatomic.h>
#include <stdint.h>
#include <sys/mman.h>
#include <time.h>
#include <jansson.h>
#include <malloc.h>
#include <unistd.h>
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
	bool carved;     /* from the region below: not freed on its own */
	bool zero;       /* data[used..cap) is still zero (fresh from mmap) */
	_Alignas(16) unsigned char data[];
};

struct floe_arena {
	struct block *head;
	struct deferred *deferred;
	size_t used;
};

#define BLOCK_SIZE ((size_t)64 * 1024)

/*
 * The region: arena blocks are carved from one 256 MiB reservation (address
 * space only, MAP_NORESERVE: a page costs memory once touched) that asks for
 * transparent huge pages.  A short-lived command touches a megabyte or two
 * of fresh memory (a schema's nodes and compiled subschemas); in 4 KiB
 * pages that is hundreds of page faults, which on a virtual machine cost
 * more than the parsing itself (measured: 1.4 MB touched in 4 KiB pages
 * 5.1 ms, in one huge page 1.5 ms).  A freed arena's carved blocks go on
 * a free list and are carved again, so a long run (the pipeline runner's
 * per-step arenas) reuses them; when the region is used up, blocks come
 * from malloc as before.
 */
#define REGION_SIZE ((size_t)256 << 20)
#define HUGE_PAGE ((size_t)2 << 20)

static char *region;
static atomic_size_t region_used;
static pthread_once_t region_once = PTHREAD_ONCE_INIT;
static pthread_mutex_t region_lock = PTHREAD_MUTEX_INITIALIZER;
static struct block *region_free;   /* carved blocks given back */

static void region_map(void)
{
	char *p = mmap(NULL, REGION_SIZE + HUGE_PAGE, PROT_READ | PROT_WRITE,
		       MAP_PRIVATE | MAP_ANONYMOUS | MAP_NORESERVE, -1, 0);
	if (p == MAP_FAILED)
		return;
	p = (char *)(((uintptr_t)p + HUGE_PAGE - 1) & ~(uintptr_t)(HUGE_PAGE - 1));
#if defined(MADV_HUGEPAGE) && !defined(FLOE_NO_HUGE)
	madvise(p, REGION_SIZE, MADV_HUGEPAGE);
#endif
	region = p;
}

static __attribute__((unused)) struct block *region_block(size_t cap)
{
	size_t len = sizeof(struct block) + cap, at;

	pthread_mutex_lock(&region_lock);
	struct block *b = region_free;
	if (b)
		region_free = b->next;
	pthread_mutex_unlock(&region_lock);
	if (b)
		return b;
	pthread_once(&region_once, region_map);
	if (!region)
		return NULL;
	at = atomic_fetch_add(&region_used, len);
	if (at + len > REGION_SIZE)
		return NULL;
	b = (struct block *)(region + at);
	b->carved = true;
	b->zero = true;
	return b;
}

/*
 * jansson's allocations for a one-shot command (floe_alloc_one_shot): bumped
 * from region blocks and never given back, so building and deleting the
 * template contexts and the manifest costs neither malloc's bookkeeping nor
 * fresh 4 KiB pages.  Each thread bumps its own block; a free of a pointer
 * outside the region (allocated before the switch, or too large for a
 * block) goes to free().  Long-lived commands (run, exec) keep malloc.
 */
#define JSON_BLOCK ((size_t)64 * 1024)

static _Thread_local struct block *json_block;

static __attribute__((unused)) void *json_bump(size_t n)
{
	size_t need = (n + 15) & ~(size_t)15;
	struct block *b = json_block;

	if (need < n || need > JSON_BLOCK / 4)
		return malloc(n ? n : 1);
	if (!b || b->cap - b->used < need) {
		b = region_block(JSON_BLOCK);
		if (!b)
			return malloc(n);
		b->used = 0;
		b->cap = JSON_BLOCK;
		json_block = b;
	}
	void *p = b->data + b->used;
	b->used += need;
	return p;
}

static __attribute__((unused)) void json_unbump(void *p)
{
	if (region && (char *)p >= region && (char *)p < region + REGION_SIZE)
		return;
	free(p);
}

#ifndef MADV_POPULATE_WRITE
#define MADV_POPULATE_WRITE 23   /* Linux 5.14; older kernels say EINVAL */
#endif

/*
 * malloc's heap for a one-shot command: grown by HEAP_PREFAULT at once and
 * filled in one madvise call instead of a page fault per 4 KiB page as
 * libyaml, the schema compiler's maps and the buffers first touch it (on
 * this project's virtual machines a fault costs ~14 us, a populated page
 * ~0.85 us), and never trimmed.  Blocks up to 1 MiB come from this heap
 * too, not from fresh mappings: a 114 KB schema file's buffer was 28
 * faults of its own.  (Measured, 1,000 alternating runs: validate --schema
 * 2.96 -> 2.78 ms, 99 -> 46 faults; a project unchanged at 2.48 ms, where
 * 384 KiB gained nothing more.)
 */
#define HEAP_PREFAULT ((size_t)256 * 1024)

static __attribute__((unused)) void heap_prefault(void)
{
	mallopt(M_TRIM_THRESHOLD, 64 << 20);
	mallopt(M_TOP_PAD, (int)HEAP_PREFAULT);
	mallopt(M_MMAP_THRESHOLD, 1 << 20);
	void *p = malloc(64);
	void *volatile grow = malloc(HEAP_PREFAULT); /* the top moves past it */
	char *top = sbrk(0);
	char *start = (char *)((uintptr_t)p & ~(uintptr_t)4095);
	free(grow);
	if (p && top != (char *)-1 && top > start) {
		size_t n = (size_t)(top - start);
		madvise(start, n < HEAP_PREFAULT ? n : HEAP_PREFAULT,
			MADV_POPULATE_WRITE);
	}
	free(p);
}

void floe_alloc_one_shot(void)
{
#ifndef FLOE_DEBUG_ARENA
	json_set_alloc_funcs(json_bump, json_unbump);
	heap_prefault();
#endif
}

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
		if (b->carved) {
			b->zero = false;
			pthread_mutex_lock(&region_lock);
			b->next = region_free;
			region_free = b;
			pthread_mutex_unlock(&region_lock);
		} else {
			free(b);
		}
		b = next;
	}
	free(a);
}

static struct block *new_block(size_t cap)
{
	struct block *b = floe_xmalloc(sizeof(*b) + cap);
	b->used = 0;
	b->cap = cap;
	b->carved = false;
	b->zero = false;
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
		b = region_block(BLOCK_SIZE);
		if (b) {
			b->used = 0;
			b->cap = BLOCK_SIZE;
		} else {
			b = new_block(BLOCK_SIZE);
		}
		b->next = a->head;
		a->head = b;
	}
#endif
	void *p = b->data + b->used;
	b->used += need;
	/* a region block's memory is zero until handed out the first time */
	if (!b->zero)
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

size_t floe_arena_used(const floe_arena *a)
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
