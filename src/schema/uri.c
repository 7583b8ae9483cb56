/*
 * uri.c: RFC 3986 reference resolution for $id and $ref, fragment
 * splitting and percent-decoding, and the two small hash maps compilation
 * uses (canonical URI -> node, schema node -> compiled subschema).  No
 * normalisation beyond what resolution does: URIs compare byte for byte.
 */
#include <string.h>
#include "internal.h"

/* ---- references (RFC 3986 section 5) ---- */

typedef struct uri {
	const char *scheme, *auth, *path, *query, *frag; /* NULL: absent */
	size_t nscheme, nauth, npath, nquery, nfrag;
} uri;

static size_t scheme_len(const char *s)
{
	size_t i = 0;
	if (!((*s >= 'a' && *s <= 'z') || (*s >= 'A' && *s <= 'Z')))
		return 0;
	while (s[i] && (strchr("+-.", s[i]) || (s[i] >= '0' && s[i] <= '9') ||
			(s[i] >= 'a' && s[i] <= 'z') ||
			(s[i] >= 'A' && s[i] <= 'Z')))
		i++;
	return s[i] == ':' ? i : 0;
}

/* Appendix B's regular expression, by hand. */
static void parse(uri *u, const char *s)
{
	memset(u, 0, sizeof(*u));
	size_t n = scheme_len(s);
	if (n) {
		u->scheme = s;
		u->nscheme = n;
		s += n + 1;
	}
	if (s[0] == '/' && s[1] == '/') {
		u->auth = s += 2;
		u->nauth = strcspn(s, "/?#");
		s += u->nauth;
	}
	u->path = s;
	u->npath = strcspn(s, "?#");
	s += u->npath;
	if (*s == '?') {
		u->query = ++s;
		u->nquery = strcspn(s, "#");
		s += u->nquery;
	}
	if (*s == '#') {
		u->frag = ++s;
		u->nfrag = strlen(s);
	}
}

/* Section 5.2.4. */
static void remove_dots(floe_buf *out, const char *in, size_t n)
{
	floe_buf_clear(out);
	while (n > 0) {
		if (n >= 3 && memcmp(in, "../", 3) == 0) {
			in += 3, n -= 3;
		} else if (n >= 2 && memcmp(in, "./", 2) == 0) {
			in += 2, n -= 2;
		} else if (n >= 3 && memcmp(in, "/./", 3) == 0) {
			in += 2, n -= 2;
		} else if (n == 2 && memcmp(in, "/.", 2) == 0) {
			in = "/", n = 1;
		} else if ((n >= 4 && memcmp(in, "/../", 4) == 0) ||
			   (n == 3 && memcmp(in, "/..", 3) == 0)) {
			bool last = n == 3;
			in += 3, n -= 3;
			if (last)
				in = "/", n = 1;
			char *slash = out->len ? memrchr(out->ptr, '/', out->len)
					       : NULL;
			floe_buf_truncate(out, slash ? (size_t)(slash - out->ptr) : 0);
		} else if ((n == 1 && in[0] == '.') ||
			   (n == 2 && memcmp(in, "..", 2) == 0)) {
			n = 0;
		} else {
			size_t seg = 1;
			while (seg < n && in[seg] != '/')
				seg++;
			floe_buf_put(out, in, seg);
			in += seg, n -= seg;
		}
	}
}

/* Section 5.2.3: the base's path up to its last slash, then the reference's. */
static void merge(floe_buf *b, const uri *base, const uri *r)
{
	if (base->auth && base->npath == 0) {
		floe_buf_putc(b, '/');
	} else {
		const char *slash = memrchr(base->path, '/', base->npath);
		if (slash)
			floe_buf_put(b, base->path,
				     (size_t)(slash - base->path) + 1);
	}
	floe_buf_put(b, r->path, r->npath);
}

static void put_part(floe_buf *b, const char *pre, const char *s, size_t n,
		     const char *post)
{
	if (!s)
		return;
	floe_buf_puts(b, pre);
	floe_buf_put(b, s, n);
	floe_buf_puts(b, post);
}

/* Section 5.2.2, then 5.3 recomposition. */
char *floe_schema__uri_resolve(floe_arena *a, const char *base, const char *ref)
{
	uri B, R, T;
	floe_buf path = FLOE_BUF_INIT, tmp = FLOE_BUF_INIT, out = FLOE_BUF_INIT;

	parse(&B, base ? base : "");
	parse(&R, ref);
	T = R;
	if (!R.scheme) {
		T.scheme = B.scheme, T.nscheme = B.nscheme;
		if (!R.auth) {
			T.auth = B.auth, T.nauth = B.nauth;
			if (R.npath == 0) {
				floe_buf_put(&path, B.path, B.npath);
				if (!R.query)
					T.query = B.query, T.nquery = B.nquery;
			} else if (R.path[0] == '/') {
				floe_buf_put(&path, R.path, R.npath);
			} else {
				merge(&path, &B, &R);
			}
		} else {
			floe_buf_put(&path, R.path, R.npath);
		}
	} else {
		floe_buf_put(&path, R.path, R.npath);
	}
	remove_dots(&tmp, path.ptr ? path.ptr : "", path.len);
	put_part(&out, "", T.scheme, T.nscheme, ":");
	put_part(&out, "//", T.auth, T.nauth, "");
	floe_buf_put(&out, tmp.ptr, tmp.len);
	put_part(&out, "?", T.query, T.nquery, "");
	put_part(&out, "#", T.frag, T.nfrag, "");
	char *s = floe_arena_strndup(a, out.ptr ? out.ptr : "", out.len);
	floe_buf_release(&path);
	floe_buf_release(&tmp);
	floe_buf_release(&out);
	return s;
}

char *floe_schema__uri_split(floe_arena *a, const char *s, const char **frag)
{
	const char *hash = strchr(s, '#');
	*frag = hash ? hash + 1 : NULL;
	return floe_arena_strndup(a, s, hash ? (size_t)(hash - s) : strlen(s));
}

static int hexval(char c)
{
	if (c >= '0' && c <= '9')
		return c - '0';
	if (c >= 'a' && c <= 'f')
		return c - 'a' + 10;
	if (c >= 'A' && c <= 'F')
		return c - 'A' + 10;
	return -1;
}

char *floe_schema__uri_decode(floe_arena *a, const char *s)
{
	size_t n = strlen(s), j = 0;
	char *out = floe_arena_alloc(a, n + 1);
	for (size_t i = 0; i < n; i++) {
		int hi, lo;
		if (s[i] == '%' && i + 2 < n && (hi = hexval(s[i + 1])) >= 0 &&
		    (lo = hexval(s[i + 2])) >= 0) {
			out[j++] = (char)(hi * 16 + lo);
			i += 2;
		} else {
			out[j++] = s[i];
		}
	}
	out[j] = '\0';
	return out;
}

/* ---- hash maps: open addressing, linear probing ---- */

struct sch_slot {
	const void *key; /* NULL: empty */
	void *val;
};

static uint64_t hash_str(const char *s)
{
	uint64_t h = 1469598103934665603ull;
	for (; *s; s++)
		h = (h ^ (unsigned char)*s) * 1099511628211ull;
	return h;
}

static uint64_t hash_ptr(const void *p)
{
	uint64_t h = (uint64_t)(uintptr_t)p;
	h ^= h >> 33;
	h *= 0xff51afd7ed558ccdull;
	h ^= h >> 33;
	return h;
}

static struct sch_slot *find_str(const sch_map *m, const char *key)
{
	if (!m->cap)
		return NULL;
	for (size_t i = hash_str(key) & (m->cap - 1);; i = (i + 1) & (m->cap - 1)) {
		struct sch_slot *s = &m->slots[i];
		if (!s->key || strcmp(s->key, key) == 0)
			return s;
	}
}

static struct sch_slot *find_ptr(const sch_map *m, const void *key)
{
	if (!m->cap)
		return NULL;
	for (size_t i = hash_ptr(key) & (m->cap - 1);; i = (i + 1) & (m->cap - 1)) {
		struct sch_slot *s = &m->slots[i];
		if (!s->key || s->key == key)
			return s;
	}
}

static void put(sch_map *m, const void *key, void *val, bool str);

static void grow(sch_map *m, size_t cap, bool str)
{
	sch_map old = *m;
	m->cap = cap;
	m->slots = floe_xcalloc(m->cap, sizeof(*m->slots));
	m->len = 0;
	for (size_t i = 0; i < old.cap; i++)
		if (old.slots[i].key)
			put(m, old.slots[i].key, old.slots[i].val, str);
	free(old.slots);
}

static void put(sch_map *m, const void *key, void *val, bool str)
{
	if ((m->len + 1) * 2 > m->cap)
		grow(m, m->cap ? m->cap * 2 : 64, str);
	struct sch_slot *s = str ? find_str(m, key) : find_ptr(m, key);
	if (!s->key)
		m->len++;
	s->key = key;
	s->val = val;
}

void floe_schema__map_reserve(sch_map *m, size_t n)
{
	size_t cap = 64;
	while (cap < 2 * n)
		cap *= 2;
	if (!m->len && cap > m->cap) {
		free(m->slots);
		m->slots = floe_xcalloc(cap, sizeof(*m->slots));
		m->cap = cap;
	}
}

void *floe_schema__map_get(const sch_map *m, const char *key)
{
	struct sch_slot *s = find_str(m, key);
	return s && s->key ? s->val : NULL;
}

void floe_schema__map_put(sch_map *m, const char *key, void *val)
{
	put(m, key, val, true);
}

void *floe_schema__pmap_get(const sch_map *m, const void *key)
{
	struct sch_slot *s = find_ptr(m, key);
	return s && s->key ? s->val : NULL;
}

void floe_schema__pmap_put(sch_map *m, const void *key, void *val)
{
	put(m, key, val, false);
}

void floe_schema__map_release(sch_map *m)
{
	free(m->slots);
	memset(m, 0, sizeof(*m));
}
