/*
 * util.h: the arena, allocation wrappers, pointer vector, file helpers and
 * small string utilities that every module uses.  Depends on nothing but
 * libc and floe/common.h, floe/buf.h.
 */
#ifndef FLOE_UTIL_H
#define FLOE_UTIL_H

#include <stdbool.h>
#include <stdarg.h>
#include <stddef.h>
#include <stdint.h>
#include "floe/common.h"
#include "floe/buf.h"

#define FLOE_ARRAY_SIZE(a) (sizeof(a) / sizeof((a)[0]))

/* Allocation that never returns NULL: out of memory aborts (jq's policy). */
void *floe_xmalloc(size_t n);
void *floe_xcalloc(size_t n, size_t size);
void *floe_xrealloc(void *p, size_t n);
char *floe_xstrdup(const char *s);
char *floe_xstrndup(const char *s, size_t n);

/*
 * Arena: one per compilation.  Allocations are zeroed and 16-byte aligned
 * and die with the arena.  With -DFLOE_DEBUG_ARENA every allocation is a
 * separate malloc so that ASan sees it.
 */
typedef struct floe_arena floe_arena;
floe_arena *floe_arena_new(void);
void floe_arena_free(floe_arena *a); /* accepts NULL; runs deferred calls in reverse */
void *floe_arena_alloc(floe_arena *a, size_t n);
char *floe_arena_strdup(floe_arena *a, const char *s);
char *floe_arena_strndup(floe_arena *a, const char *s, size_t n);
char *floe_arena_printf(floe_arena *a, const char *fmt, ...)
	__attribute__((format(printf, 2, 3)));
char *floe_arena_vprintf(floe_arena *a, const char *fmt, va_list ap)
	__attribute__((format(printf, 2, 0)));
/* Call fn(p) when the arena is freed (for objects with their own destructor). */
void floe_arena_defer(floe_arena *a, void (*fn)(void *), void *p);
size_t floe_util__arena_used(const floe_arena *a);
/*
 * jansson's dump of `json` (a json_t *) appended to b, with `flags`;
 * straight into the buffer, so no string from jansson's allocator needs
 * freeing.  Only out of memory fails: it aborts.
 */
void floe_json_dump(floe_buf *b, const void *json, size_t flags);

/* A vector of pointers, on the heap. */
typedef struct floe_vec {
	void **items;
	size_t len, cap;
} floe_vec;
#define FLOE_VEC_INIT { NULL, 0, 0 }
void floe_vec_push(floe_vec *v, void *p);
void floe_vec_release(floe_vec *v);

/* Files. */
/* Read a whole file into out; FLOE_ENOTFOUND, FLOE_EIO, or FLOE_ETOOBIG past max. */
int floe_fs_read(floe_buf *out, const char *path, size_t max);
bool floe_fs_exists(const char *path);
bool floe_fs_is_dir(const char *path);
/*
 * A new temporary file beside `path`, to be renamed onto it: the name
 * `path`.tmp-XXXXXX with a random suffix, created O_EXCL|O_NOFOLLOW (a
 * name planted in advance, a symlink or a file, is never opened: another
 * suffix is tried) with `mode` less the umask.  The open descriptor
 * (O_WRONLY|O_CLOEXEC), its name in *tmp; -1 with errno set.
 */
int floe_fs_create_temp(floe_buf *tmp, const char *path, unsigned mode);
/*
 * rm -r of a directory floe itself staged or made (files, directories;
 * symbolic links are removed, never followed).  Best effort: what cannot be
 * removed stays.  Callers decide that the tree is floe's (docs/compile.md).
 */
void floe_fs_remove_tree(const char *dir);
/* mkdir -p; FLOE_EIO with floe_error_last() naming the directory. */
int floe_fs_mkdirs(const char *path);
/* Join a directory and a relative path ("a" + "b/c" -> "a/b/c"; absolute rel wins). */
char *floe_path_join(floe_arena *a, const char *dir, const char *rel);
/* The directory part of a path ("." when none). */
char *floe_path_dirname(floe_arena *a, const char *path);
const char *floe_path_basename(const char *path);
bool floe_path_has_ext(const char *path, const char *ext);

/* Strings. */
bool floe_str_eq(const char *a, const char *b);           /* NULL-safe */
bool floe_str_startswith(const char *s, const char *prefix);
bool floe_str_endswith(const char *s, const char *suffix);
/*
 * The candidate nearest to `word` ("did you mean"), or NULL when none is
 * close enough (distance <= max(1, len/3)).
 */
const char *floe_str_suggest(const char *word, const char *const *cands,
			     size_t n);
/* Join candidates as "a, b, c" into b (sorted by caller). */
void floe_buf_put_list(floe_buf *b, const char *const *items, size_t n);

/* UTF-8. */
/* True when valid; else *bad is the offset of the first bad byte. */
bool floe_utf8_valid(const char *s, size_t n, size_t *bad);
/* Number of code points in the first n bytes (invalid bytes count as one). */
size_t floe_utf8_count(const char *s, size_t n);
/* Byte offset of the code point at index `cp` (clamped to n). */
size_t floe_utf8_offset(const char *s, size_t n, size_t cp);

/* FNV-1a of a key: the key set's and the map index's hash. */
static inline uint32_t floe_key_hash(const char *s, size_t len)
{
	uint32_t h = 2166136261u;
	for (size_t i = 0; i < len; i++)
		h = (h ^ (unsigned char)s[i]) * 16777619u;
	return h;
}

/*
 * A hash set of keys (text + length, NUL allowed) to the index of their
 * first occurrence.  floe_keyset_add returns that index when the key is
 * already there, else stores idx and returns -1.  Keys are not copied.
 * floe_keyset_reset empties the set, sized for n keys (it grows past them).
 */
typedef struct floe_keyset {
	struct floe_keyslot *slots;
	size_t cap, count;
} floe_keyset;
void floe_keyset_reset(floe_keyset *ks, size_t n);
long floe_keyset_add(floe_keyset *ks, const char *s, size_t len, size_t idx);
long floe_keyset_find(const floe_keyset *ks, const char *s, size_t len);
void floe_keyset_release(floe_keyset *ks);

/*
 * Whether text[i] ends a line: "\n", or "\r" not followed by "\n" (YAML
 * counts a lone CR as a line break, as libyaml's marks do; "\r\n" is one
 * break, at its "\n").  Every line count in floe goes through this.
 */
static inline bool floe_is_line_end(const char *text, size_t len, size_t i)
{
	return text[i] == '\n' || (text[i] == '\r' && (i + 1 == len || text[i + 1] != '\n'));
}

/* Monotonic clock, for progress lines and benchmarks. */
double floe_now_ms(void);
/* SHA-1 of data as 40 lowercase hex digits (dbt's package-lock sha1_hash). */
void floe_sha1_hex(char out[41], const void *data, size_t len);

#endif
