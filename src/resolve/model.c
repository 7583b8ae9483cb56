/*
 * model.c: the resolved model's values (creation, provenance, shadows),
 * lookups by JSON pointer or dotted path, and the accessors of its lists
 * (secrets, environment, requirements, uses).  What goes into the model is
 * decided in model_build.c, model_size.c and model_derive.c.
 */
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include "resolve/model_int.h"

void *floe_resolve__mlist_push(struct mlist *l, size_t size)
{
	if (l->len == l->cap) {
		l->cap = l->cap ? 2 * l->cap : 16;
		l->items = floe_xrealloc(l->items, l->cap * size);
	}
	void *p = (char *)l->items + l->len++ * size;
	memset(p, 0, size);
	return p;
}

static void mlist_release(struct mlist *l)
{
	free(l->items);
	l->items = NULL;
	l->len = l->cap = 0;
}

/* ---- values ---- */

floe_mval *floe_resolve__mv_new(floe_model *m, floe_mval_kind kind)
{
	floe_mval *v = floe_arena_alloc(m->arena, sizeof(*v));
	v->kind = (uint8_t)kind;
	v->origin.kind = FLOE_ORIGIN_DERIVED;
	if (kind == FLOE_MV_NULL)
		v->text = "null";
	return v;
}

floe_mval *floe_resolve__mv_str(floe_model *m, const char *s)
{
	floe_mval *v = floe_resolve__mv_new(m, FLOE_MV_STRING);
	v->text = floe_arena_strdup(m->arena, s ? s : "");
	return v;
}

floe_mval *floe_resolve__mv_int(floe_model *m, int64_t i)
{
	floe_mval *v = floe_resolve__mv_new(m, FLOE_MV_INT);
	v->v.i = i;
	v->text = floe_arena_printf(m->arena, "%lld", (long long)i);
	return v;
}

/* Text of a number in its shortest exact form (into the arena). */
static const char *mv_real_text(floe_model *m, double d)
{
	char tmp[40];
	for (int p = 1; p <= 17; p++) {
		snprintf(tmp, sizeof(tmp), "%.*g", p, d);
		if (strtod(tmp, NULL) == d)
			break;
	}
	if (!strpbrk(tmp, ".eEni"))
		return floe_arena_printf(m->arena, "%s.0", tmp);
	return floe_arena_strdup(m->arena, tmp);
}

floe_mval *floe_resolve__mv_float(floe_model *m, double d)
{
	floe_mval *v = floe_resolve__mv_new(m, FLOE_MV_FLOAT);
	v->v.d = d;
	v->text = mv_real_text(m, d);
	return v;
}

floe_mval *floe_resolve__mv_bool(floe_model *m, bool b)
{
	floe_mval *v = floe_resolve__mv_new(m, FLOE_MV_BOOL);
	v->v.b = b;
	v->text = b ? "true" : "false";
	return v;
}

static void grow(floe_model *m, floe_mval *c)
{
	if (c->len < c->cap)
		return;
	size_t cap = c->cap ? 2 * c->cap : 4;
	floe_mval **items = floe_arena_alloc(m->arena, cap * sizeof(*items));
	if (c->len)
		memcpy(items, c->items, c->len * sizeof(*items));
	c->items = items;
	c->cap = cap;
}

/*
 * A map of INDEX_MIN keys or more gets a hash index, so that building a
 * platform of thousands of profiles stays linear: kx[0] is the mask of a
 * power-of-two table that follows, each slot 0 or a member's index + 1.
 * Rebuilt (in the arena) when it would pass half full.
 */
#define INDEX_MIN 12

static void index_put(uint32_t *kx, const floe_mval *v)
{
	uint32_t j = floe_key_hash(v->key, strlen(v->key)) & kx[0];
	while (kx[1 + j])
		j = (j + 1) & kx[0];
	kx[1 + j] = v->index + 1;
}

static void index_add(floe_model *m, floe_mval *map, const floe_mval *v)
{
	uint32_t *kx = map->v.kx;

	if (map->len < INDEX_MIN)
		return;
	if (!kx || 2 * map->len > (size_t)kx[0] + 1) {
		size_t cap = 64;
		while (cap < 4 * map->len)
			cap *= 2;
		kx = floe_arena_alloc(m->arena, (cap + 1) * sizeof(uint32_t));
		kx[0] = (uint32_t)(cap - 1);
		for (size_t i = 0; i < map->len; i++)
			index_put(kx, map->items[i]);
		map->v.kx = kx;
		return;
	}
	index_put(kx, v);
}

floe_mval *floe_resolve__mv_add(floe_model *m, floe_mval *map, const char *key,
			floe_mval *v)
{
	grow(m, map);
	v->parent = map;
	v->key = floe_arena_strdup(m->arena, key);
	v->index = (uint32_t)map->len;
	map->items[map->len++] = v;
	index_add(m, map, v);
	return v;
}

floe_mval *floe_resolve__mv_push(floe_model *m, floe_mval *seq, floe_mval *v)
{
	grow(m, seq);
	v->parent = seq;
	v->key = NULL;
	v->index = (uint32_t)seq->len;
	seq->items[seq->len++] = v;
	return v;
}

floe_mval *floe_resolve__mv_map(floe_model *m, floe_mval *map, const char *key)
{
	floe_mval *v = (floe_mval *)floe_mval_get(map, key);
	if (v)
		return v;
	return floe_resolve__mv_add(m, map, key, floe_resolve__mv_new(m, FLOE_MV_MAP));
}

/* The text a shadow shows for a value: scalars as text, containers by kind. */
static const char *shadow_text(floe_model *m, const floe_mval *v)
{
	if (v->text)
		return v->text;
	return floe_arena_printf(m->arena, "(%s of %zu)",
				 v->kind == FLOE_MV_MAP ? "mapping" : "sequence",
				 v->len);
}

void floe_resolve__mv_shadow(floe_model *m, floe_mval *winner, const floe_mval *loser,
		     const char *why)
{
	floe_shadow *s = floe_arena_alloc(m->arena, sizeof(*s));
	s->text = shadow_text(m, loser);
	s->origin = loser->origin;
	s->why = why;
	s->next = winner->shadowed;
	winner->shadowed = s;
}

floe_mval *floe_resolve__mv_offer(floe_model *m, floe_mval *map, const char *key,
			  floe_mval *cand, const char *why)
{
	floe_mval *cur = (floe_mval *)floe_mval_get(map, key);
	if (!cur)
		return floe_resolve__mv_add(m, map, key, cand);
	floe_resolve__mv_shadow(m, cur, cand, why);
	return cur;
}

floe_mval *floe_resolve__mv_override(floe_model *m, floe_mval *map, const char *key,
			     floe_mval *v, const char *why)
{
	floe_mval *cur = (floe_mval *)floe_mval_get(map, key);
	if (!cur)
		return floe_resolve__mv_add(m, map, key, v);
	floe_resolve__mv_shadow(m, v, cur, why);
	for (floe_shadow *s = cur->shadowed; s; s = s->next) {
		floe_shadow *c = floe_arena_alloc(m->arena, sizeof(*c));
		*c = *s;
		c->next = v->shadowed;
		v->shadowed = c;
	}
	v->parent = map;
	v->key = cur->key;
	v->index = cur->index;
	map->items[cur->index] = v;
	return v;
}

void floe_resolve__mv_explicit(floe_mval *v, const floe_node *n)
{
	v->origin.kind = FLOE_ORIGIN_EXPLICIT;
	v->origin.node = n;
	v->origin.span = n->span;
}

void floe_resolve__mv_default(floe_mval *v, const char *note)
{
	v->origin.kind = FLOE_ORIGIN_DEFAULT;
	v->origin.note = note;
}

static void mv_derived_add(floe_model *m, floe_mval *v,
				 const floe_mval *from)
{
	const floe_mval **a = floe_arena_alloc(m->arena,
					       (v->origin.nfrom + 1) * sizeof(*a));
	if (v->origin.nfrom)
		memcpy(a, v->origin.from, v->origin.nfrom * sizeof(*a));
	a[v->origin.nfrom++] = from;
	v->origin.from = a;
}

void floe_resolve__mv_derived(floe_model *m, floe_mval *v, const char *note,
		      const floe_mval *from1, const floe_mval *from2)
{
	v->origin.kind = FLOE_ORIGIN_DERIVED;
	v->origin.note = note;
	v->origin.from = NULL;
	v->origin.nfrom = 0;
	if (from1)
		mv_derived_add(m, v, from1);
	if (from2)
		mv_derived_add(m, v, from2);
}

const char *floe_resolve__mv_sget(const floe_mval *map, const char *key)
{
	return floe_mval_str(floe_mval_get(map, key));
}

bool floe_resolve__mv_bget(const floe_mval *map, const char *key)
{
	const floe_mval *v = floe_mval_get(map, key);
	return v && v->kind == FLOE_MV_BOOL && v->v.b;
}

/* ---- lookups ---- */

const floe_mval *floe_mval_get(const floe_mval *map, const char *key)
{
	if (!map || map->kind != FLOE_MV_MAP || !key)
		return NULL;
	if (map->v.kx) {
		const uint32_t *kx = map->v.kx;
		for (uint32_t j = floe_key_hash(key, strlen(key)) & kx[0]; kx[1 + j]; j = (j + 1) & kx[0])
			if (strcmp(map->items[kx[1 + j] - 1]->key, key) == 0)
				return map->items[kx[1 + j] - 1];
		return NULL;
	}
	for (size_t i = 0; i < map->len; i++)
		if (strcmp(map->items[i]->key, key) == 0)
			return map->items[i];
	return NULL;
}

static const floe_mval *mval_at(const floe_mval *seq, size_t i)
{
	if (!seq || seq->kind != FLOE_MV_SEQ || i >= seq->len)
		return NULL;
	return seq->items[i];
}

const char *floe_mval_str(const floe_mval *v)
{
	return v && v->kind == FLOE_MV_STRING ? v->text : NULL;
}

/* One segment (n bytes) as an index of a sequence or a key of a map. */
static const floe_mval *step(const floe_mval *v, const char *seg, size_t n)
{
	if (v->kind == FLOE_MV_SEQ) {
		size_t i = 0;
		if (!n || n > 9 || (seg[0] == '0' && n > 1))
			return NULL;
		for (size_t k = 0; k < n; k++) {
			if (seg[k] < '0' || seg[k] > '9')
				return NULL;
			i = i * 10 + (size_t)(seg[k] - '0');
		}
		return mval_at(v, i);
	}
	for (size_t i = 0; v->kind == FLOE_MV_MAP && i < v->len; i++) {
		const char *k = v->items[i]->key;
		if (strlen(k) == n && memcmp(k, seg, n) == 0)
			return v->items[i];
	}
	return NULL;
}

/* RFC 6901: "~1" is '/', "~0" is '~'. */
static const floe_mval *by_pointer(const floe_mval *v, const char *p)
{
	floe_buf seg = FLOE_BUF_INIT;
	while (v && *p == '/') {
		const char *end = strchr(p + 1, '/');
		size_t n = end ? (size_t)(end - p - 1) : strlen(p + 1);
		floe_buf_clear(&seg);
		for (size_t i = 0; i < n; i++) {
			char c = p[1 + i];
			if (c == '~' && i + 1 < n && (p[2 + i] == '0' || p[2 + i] == '1')) {
				c = p[2 + i] == '0' ? '~' : '/';
				i++;
			}
			floe_buf_putc(&seg, c);
		}
		v = step(v, floe_buf_cstr(&seg), seg.len);
		p += 1 + n;
	}
	floe_buf_release(&seg);
	return *p ? NULL : v;
}

/* Dotted: at each map, try every key that the rest of the path starts with. */
static const floe_mval *by_dots(const floe_mval *v, const char *p)
{
	if (!*p)
		return v;
	if (v->kind == FLOE_MV_SEQ) {
		size_t n = strcspn(p, ".");
		const floe_mval *item = step(v, p, n);
		if (!item)
			return NULL;
		return p[n] ? by_dots(item, p + n + 1) : item;
	}
	for (size_t i = 0; v->kind == FLOE_MV_MAP && i < v->len; i++) {
		const char *k = v->items[i]->key;
		size_t n = strlen(k);
		if (strncmp(p, k, n) != 0 || (p[n] && p[n] != '.'))
			continue;
		const floe_mval *r = p[n] ? by_dots(v->items[i], p + n + 1)
					  : v->items[i];
		if (r)
			return r;
	}
	return NULL;
}

const floe_mval *floe_model_get(const floe_model *m, const char *path)
{
	if (!m || !m->root || !path)
		return NULL;
	if (!*path || *path == '/')
		return by_pointer(m->root, path);
	return by_dots(m->root, path);
}

static void put_pointer(floe_buf *b, const floe_mval *v)
{
	if (!v->parent)
		return;
	put_pointer(b, v->parent);
	floe_buf_putc(b, '/');
	if (!v->key) {
		floe_buf_printf(b, "%u", (unsigned)v->index);
		return;
	}
	for (const char *c = v->key; *c; c++) {
		if (*c == '~')
			floe_buf_puts(b, "~0");
		else if (*c == '/')
			floe_buf_puts(b, "~1");
		else
			floe_buf_putc(b, *c);
	}
}

const char *floe_mval_pointer(floe_model *m, const floe_mval *v)
{
	floe_buf b = FLOE_BUF_INIT;
	put_pointer(&b, v);
	const char *s = floe_arena_strdup(m->arena, floe_buf_cstr(&b));
	floe_buf_release(&b);
	return s;
}

bool floe_mval_within(const floe_mval *v, const floe_mval *under)
{
	for (; v; v = v->parent)
		if (v == under)
			return true;
	return false;
}

const char *floe_origin_kind_name(floe_origin_kind kind)
{
	switch (kind) {
	case FLOE_ORIGIN_EXPLICIT: return "explicit";
	case FLOE_ORIGIN_DEFAULT: return "default";
	default: return "derived";
	}
}

const char *floe_mval_kind_name(floe_mval_kind kind)
{
	static const char *const names[] = {
		"null", "boolean", "integer", "number", "string", "sequence",
		"mapping", "secret",
	};
	return kind <= FLOE_MV_SECRET ? names[kind] : "?";
}

/* ---- the model ---- */

int floe_model_build(floe_model **out, floe_diags *d, const floe_project *p,
		     size_t env, const floe_model_opts *o)
{
	floe_model *m = floe_xcalloc(1, sizeof(*m));
	size_t errors = floe_diags_errors(d);

	*out = m;
	m->arena = floe_arena_new();
	floe_keyset_reset(&m->req_names, 64);
	m->p = p;
	m->env = env;
	m->d = d;
	m->env_name = floe_project_env_name(p, env);
	m->floe = floe_project_floe(p);
	m->plat = floe_project_env_doc(p, env);
	if (!m->env_name || !m->floe || !m->plat || !m->floe->root ||
	    !m->plat->root) {
		floe_error_set("environment %zu of the project did not load", env);
		return FLOE_EUSAGE;
	}
	m->profiles_dir = o && o->profiles_dir ? o->profiles_dir :
		floe_arena_printf(m->arena, ".floe/%s", m->env_name);
	m->root = floe_resolve__mv_new(m, FLOE_MV_MAP);
	floe_resolve__mv_default(m->root, NULL);
	floe_resolve__model_inputs(m);
	floe_resolve__model_sizing(m);
	floe_resolve__model_derive(m);
	floe_resolve__model_lists(m);
	m->d = NULL;
	return floe_diags_errors(d) > errors ? FLOE_EINVALID : 0;
}

void floe_model_free(floe_model *m)
{
	if (!m)
		return;
	mlist_release(&m->secrets);
	mlist_release(&m->envs);
	mlist_release(&m->reqs);
	floe_keyset_release(&m->req_names);
	mlist_release(&m->uses);
	floe_arena_free(m->arena);
	free(m);
}

const floe_mval *floe_model_root(const floe_model *m) { return m->root; }
const char *floe_model_env_name(const floe_model *m) { return m->env_name; }
const floe_project *floe_model_project(const floe_model *m) { return m->p; }
size_t floe_model_env_index(const floe_model *m) { return m->env; }
floe_arena *floe_model_arena(floe_model *m) { return m->arena; }

size_t floe_model_secret_count(const floe_model *m) { return m->secrets.len; }

const floe_msecret *floe_model_secret_at(const floe_model *m, size_t i)
{
	return i < m->secrets.len ? ((floe_msecret **)m->secrets.items)[i] : NULL;
}

size_t floe_model_env_count(const floe_model *m) { return m->envs.len; }

const floe_menv *floe_model_env_at(const floe_model *m, size_t i)
{
	return i < m->envs.len ? (floe_menv *)m->envs.items + i : NULL;
}

size_t floe_model_req_count(const floe_model *m) { return m->reqs.len; }

const floe_mreq *floe_model_req_at(const floe_model *m, size_t i)
{
	return i < m->reqs.len ? (floe_mreq *)m->reqs.items + i : NULL;
}

void floe_model_use(floe_model *m, const char *file, uint32_t line,
		    const floe_mval *v)
{
	if (!v)
		return;
	floe_muse *u = floe_resolve__mlist_push(&m->uses, sizeof(*u));
	u->file = file;
	u->line = line;
	u->value = v;
}

size_t floe_model_use_count(const floe_model *m) { return m->uses.len; }

const floe_muse *floe_model_use_at(const floe_model *m, size_t i)
{
	return i < m->uses.len ? (floe_muse *)m->uses.items + i : NULL;
}
