/*
 * compile.c: turns a schema document into compiled subschemas, each with
 * its base URI (draft-07 core section 8.2), reached from the root through
 * keywords and $ref (section 8.3, resolved against the registered $id
 * values, the built-in metaschema or the caller's resolver).  Eagerly all
 * are filled at once so that every problem is reported; lazily each is
 * filled when validation first reaches it.  Keywords are keywords.c's.
 */
#include <assert.h>
#include <string.h>
#include <strings.h>
#include "floe/load.h"
#include "internal.h"
#include "util/embedded.h"

#define DRAFT07_URI "http://json-schema.org/draft-07/schema"
#define ROOT_BASE "floe:///schema.json"

struct compiler {
	floe_schema *S;
	floe_diags *d;
	floe_schema_opts opts;
	floe_limits lim;
	sch_map uris;   /* canonical URI -> floe_node * (or &unresolvable) */
	sch_map nodes;  /* floe_node * -> sch * */
	floe_vec queue; /* eager: sch * to fill */
	floe_vec docs;  /* each document's root and URI, in turn */
	sch_map regexes; /* pattern text -> pcre2_code *, compiled once */
	const char *base; /* the root's base URI: opts->base_uri, else ROOT_BASE */
	bool lazy;
	bool scanned;   /* every $id is registered */
	bool failed;
};

/* What resource() records for a URI with no document, by why. */
static const floe_node unresolvable, outside, remote;

floe_schema *floe_schema__compiler_schema(compiler *C) { return C->S; }
floe_diags *floe_schema__compiler_diags(compiler *C) { return C->d; }
void floe_schema__compiler_fail(compiler *C) { C->failed = true; }
bool floe_schema__compiler_lazy(compiler *C) { return C->lazy; }
sch_map *floe_schema__compiler_regexes(compiler *C) { return &C->regexes; }

floe_diag *floe_schema__bad(compiler *C, const char *code, const floe_node *at,
		   const char *fmt, ...)
{
	va_list ap;
	floe_arena *a = floe_diags_arena(C->d);
	va_start(ap, fmt);
	char *msg = floe_arena_vprintf(a, fmt, ap);
	va_end(ap);
	C->failed = true;
	return floe_diag_add(C->d, FLOE_SEV_ERROR, code, at ? &at->span : NULL,
			     at ? floe_node_pointer(a, at) : NULL, "%s", msg);
}

/* ---- base URIs and $id (core 8.2) ---- */

/* $id: a location-independent "#name", or a new base URI. */
static const char *id_base(compiler *C, const floe_node *id, const char *base,
			   const floe_node *n, bool reg)
{
	floe_arena *a = C->S->arena;
	const char *frag;
	char *uri = floe_schema__uri_resolve(a, base, id->text);
	char *doc = floe_schema__uri_split(a, uri, &frag);
	bool named = frag && *frag;

	if (reg && !floe_schema__map_get(&C->uris, named ? uri : doc))
		floe_schema__map_put(&C->uris, named ? uri : doc, (void *)n);
	return named && id->text[0] == '#' ? base : doc;
}

/*
 * The base URI within n: its $id's when it has one and no $ref; `reg`
 * registers the $id (the first of two equal ones wins).
 */
static const char *own_base(compiler *C, const floe_node *n, const char *base,
			    bool reg)
{
	const floe_node *id = NULL;
	if (n->kind != FLOE_NODE_MAP)
		return base;
	for (size_t i = 0; i < n->len; i++) {
		int kw = floe_schema__keyword(n->keys[i]);
		if (kw == KW_REF)
			return base;
		if (kw == KW_ID && !id)
			id = n->items[i];
	}
	return id && id->kind == FLOE_NODE_STRING ? id_base(C, id, base, n, reg)
						  : base;
}

/* Keywords whose value is a subschema, an array of them, a map of them. */
static bool one_schema(int kw)
{
	return kw == KW_ADD_ITEMS || kw == KW_ADD_PROPS || kw == KW_CONTAINS ||
	       kw == KW_ELSE || kw == KW_IF || kw == KW_ITEMS || kw == KW_NOT ||
	       kw == KW_NAMES || kw == KW_THEN;
}

static bool schema_list(int kw)
{
	return kw == KW_ITEMS || kw == KW_ALL_OF || kw == KW_ANY_OF ||
	       kw == KW_ONE_OF;
}

static bool schema_map(int kw)
{
	return kw == KW_DEFS || kw == KW_DEPS || kw == KW_PATTERN_PROPS ||
	       kw == KW_PROPS;
}

/*
 * The walk over every subschema position that registers each $id, in
 * document order: eager compilation does it first, a lazy one only when a
 * URI is not found otherwise.
 */
static void scan_ids(compiler *C, const floe_node *n, const char *base)
{
	base = own_base(C, n, base, true);
	if (n->kind != FLOE_NODE_MAP)
		return;
	for (size_t i = 0; i < n->len; i++) {
		const floe_node *v = n->items[i];
		int kw = floe_schema__keyword(n->keys[i]);
		if (v->kind == FLOE_NODE_SEQ && schema_list(kw)) {
			for (size_t j = 0; j < v->len; j++)
				scan_ids(C, v->items[j], base);
		} else if (v->kind == FLOE_NODE_MAP || v->kind == FLOE_NODE_BOOL) {
			if (one_schema(kw))
				scan_ids(C, v, base);
			if (v->kind == FLOE_NODE_MAP && schema_map(kw))
				for (size_t j = 0; j < v->len; j++)
					scan_ids(C, v->items[j], base);
		}
	}
}

static void scan_all(compiler *C)
{
	C->scanned = true;
	for (size_t i = 0; i < C->docs.len; i += 2)
		scan_ids(C, C->docs.items[i], C->docs.items[i + 1]);
}

/* The subschema whose keyword holds n (n may itself be no schema). */
static const floe_node *holder(const floe_node *n)
{
	const floe_node *p = n->parent, *pp = p ? p->parent : NULL;
	if (pp && pp->kind == FLOE_NODE_MAP) {
		int kw = floe_schema__keyword(pp->keys[p->index]);
		if ((p->kind == FLOE_NODE_SEQ && schema_list(kw)) ||
		    (p->kind == FLOE_NODE_MAP && schema_map(kw)))
			return pp;
	}
	if (p && p->kind == FLOE_NODE_MAP &&
	    (n->kind == FLOE_NODE_MAP || n->kind == FLOE_NODE_BOOL) &&
	    one_schema(floe_schema__keyword(p->keys[n->index])))
		return p;
	return NULL;
}

/* Whether n is a subschema the walk from its document's root reaches. */
static bool schema_pos(compiler *C, const floe_node *n)
{
	const floe_node *up;
	return floe_schema__pmap_get(&C->nodes, n) ||
	       ((up = holder(n)) && schema_pos(C, up));
}

static const char *base_of(compiler *C, const floe_node *n);

/* The base URI of the subschema around n (its holder, else an ancestor). */
static const char *outer_base(compiler *C, const floe_node *n)
{
	const floe_node *up = holder(n);
	if (!up || !schema_pos(C, up))
		for (up = n->parent; up && !schema_pos(C, up); up = up->parent)
			;
	return up ? base_of(C, up) : C->base;
}

static const char *base_of(compiler *C, const floe_node *n)
{
	const sch *s = floe_schema__pmap_get(&C->nodes, n);
	return s ? s->base : own_base(C, n, outer_base(C, n), false);
}

/* ---- subschemas ---- */

/* A new subschema: its kind and base are known before it is filled. */
static sch *add(compiler *C, const floe_node *n, const char *base)
{
	sch *s = floe_arena_alloc(C->S->arena, sizeof(*s));
	s->node = n;
	s->base = base;
	if (n->kind == FLOE_NODE_BOOL)
		s->kind = n->v.b ? SCH_TRUE : SCH_FALSE;
	else
		s->kind = n->kind == FLOE_NODE_MAP ? SCH_MAP : SCH_TRUE;
	atomic_init(&s->filled, false);
	s->num = &floe_schema__no_num;
	s->str = &floe_schema__no_str;
	s->arr = &floe_schema__no_arr;
	s->obj = &floe_schema__no_obj;
	s->comb = &floe_schema__no_comb;
	floe_schema__pmap_put(&C->nodes, n, s);
	return s;
}

/* A document's root, with the URI it was loaded by. */
static sch *add_root(compiler *C, const floe_node *root, const char *uri)
{
	floe_vec_push(&C->docs, (void *)root);
	floe_vec_push(&C->docs, (void *)uri);
	sch *s = add(C, root, own_base(C, root, uri, true));
	if (C->scanned)
		scan_ids(C, root, uri);
	return s;
}

sch *floe_schema__get(compiler *C, const floe_node *n)
{
	sch *s = floe_schema__pmap_get(&C->nodes, n);
	if (!s) {
		const floe_node *h = holder(n);
		const sch *up = h ? floe_schema__pmap_get(&C->nodes, h) : NULL;
		const char *base = up ? up->base : outer_base(C, n);
		if (!up && !schema_pos(C, n))
			scan_ids(C, n, base); /* a $ref elsewhere: its $ids count */
		s = add(C, n, own_base(C, n, base, false));
	}
	if (!C->lazy && !s->queued) {
		s->queued = true;
		floe_vec_push(&C->queue, s);
	}
	return s;
}

/* ---- documents: the one compiled, the metaschema, remote ones ---- */

static void add_doc(compiler *C, floe_doc *doc, const char *uri)
{
	char *u = floe_arena_strdup(C->S->arena, uri);
	floe_vec_push(&C->S->owned, doc);
	floe_schema__map_put(&C->uris, u, doc->root);
	add_root(C, doc->root, u);
}

/* A URI not found: lazily, the $ids not registered yet may name it. */
static const floe_node *lookup(compiler *C, const char *uri)
{
	const floe_node *n = floe_schema__map_get(&C->uris, uri);
	if (!n && !C->scanned) {
		scan_all(C);
		n = floe_schema__map_get(&C->uris, uri);
	}
	return n;
}

static bool is_http(const char *uri)
{
	return strncasecmp(uri, "http://", 7) == 0 ||
	       strncasecmp(uri, "https://", 8) == 0;
}

/* The document of `uri`, or NULL with *why set to a sentinel. */
static floe_doc *load(compiler *C, const char *uri, const floe_node **why)
{
	floe_doc *doc = NULL;
	*why = &unresolvable;
	if (strcmp(uri, DRAFT07_URI) == 0) {
		size_t len;
		const char *text = floe_schema_draft07(&len);
		if (text && floe_load_json(&doc, C->d, "json-schema-draft-07.json",
						text, len, &C->lim) != 0) {
			floe_doc_free(doc);
			doc = NULL;
		}
	} else if (C->opts.resolve) {
		int rc = C->opts.resolve(&doc, C->d, uri, C->opts.resolve_ctx);
		if (rc != 0) {
			floe_doc_free(doc);
			doc = NULL;
			if (rc == FLOE_SCHEMA_REF_OUTSIDE)
				*why = &outside;
			else if (is_http(uri))
				*why = &remote;
		}
	}
	if (doc && !doc->root) {
		floe_doc_free(doc);
		doc = NULL;
	}
	return doc;
}

/* The root node of the resource named `uri` (no fragment), loading it once. */
static const floe_node *resource(compiler *C, const char *uri)
{
	const floe_node *n = lookup(C, uri);
	if (n)
		return n;
	const floe_node *why;
	floe_doc *doc = load(C, uri, &why);
	if (!doc) {
		floe_schema__map_put(&C->uris, floe_arena_strdup(C->S->arena, uri),
			    (void *)why);
		return why;
	}
	add_doc(C, doc, uri);
	return doc->root;
}

static bool missing(const floe_node *n)
{
	return !n || n == &unresolvable || n == &outside || n == &remote;
}

/*
 * The absolute URI of a $ref and its fragment.  Bases never hold a
 * fragment, so "#..." (the common case) resolves to the base itself.
 */
static char *ref_uri(floe_arena *a, const char *base, const char *ref,
		     char **docuri, const char **frag)
{
	if (ref[0] == '#') {
		*docuri = (char *)base;
		*frag = ref + 1;
		return NULL; /* built when needed */
	}
	char *uri = floe_schema__uri_resolve(a, base, ref);
	*docuri = floe_schema__uri_split(a, uri, frag);
	return uri;
}

sch *floe_schema__ref(compiler *C, const floe_node *at, const char *base)
{
	floe_arena *a = C->S->arena;
	const char *frag;
	char *docuri, *uri = ref_uri(a, base, at->text, &docuri, &frag);
	const floe_node *root = resource(C, docuri), *target = NULL;

	if (root == &outside) {
		/* nothing of that file was read, and nothing of it is shown */
		floe_diag *g = floe_schema__bad(C, "schema/ref-outside", at,
			"reference '%s' is outside the schemas floe may read",
			at->text);
		floe_diag_note(C->d, g, NULL, "a $ref may name the schema's own "
			       "document, a schema given with --schema-ref FILE "
			       "(by its $id or its path), or a file under "
			       "--schema-dir DIR");
		return NULL;
	}
	if (root == &remote) {
		floe_diag *g = floe_schema__bad(C, "schema/ref-remote", at,
			"reference '%s' is remote: floe never fetches schemas "
			"over the network", at->text);
		floe_diag_note(C->d, g, NULL, "give a local copy with --schema-ref "
			       "FILE: a $ref finds it by its $id");
		return NULL;
	}
	if (missing(root))
		root = NULL;
	if (!frag || !*frag)
		target = root;
	else if (frag[0] == '/')
		target = root ? floe_node_at(root, floe_schema__uri_decode(a, frag)) : NULL;
	else
		target = lookup(C, uri ? uri : floe_arena_printf(a, "%s#%s",
								 docuri, frag));
	if (missing(target)) {
		floe_schema__bad(C, "schema/bad-ref", at, "unresolvable reference '%s'",
			at->text);
		return NULL;
	}
	return floe_schema__get(C, target);
}

/* ---- compile ---- */

/* A chain of $ref that never reaches a keyword loops forever. */
static void check_ref_cycles(compiler *C)
{
	size_t n = C->queue.len;
	for (size_t i = 0; i < n; i++) {
		sch *s = C->queue.items[i], *slow = s, *fast = s;
		while (fast && fast->ref && fast->ref->ref) {
			slow = slow->ref;
			fast = fast->ref->ref;
			if (slow == fast) {
				const floe_node *at = floe_node_get(s->node, "$ref");
				floe_schema__bad(C, "schema/bad-ref", at,
					"reference cycle through '%s'", at->text);
				for (sch *t = s->ref; t != s && t; t = t->ref)
					t->ref = NULL; /* report it once */
				s->ref = NULL;
				break;
			}
		}
	}
}

static void free_code_ctx(void *p)
{
	pcre2_match_context_free(p);
}

static floe_schema *schema_new(const floe_schema_opts *opts)
{
	floe_schema *S = floe_xcalloc(1, sizeof(*S));
	S->arena = floe_arena_new();
	S->no_formats = opts && opts->no_formats;
	S->max_steps = opts && opts->limits ? opts->limits->max_steps
					    : FLOE_DEFAULT_MAX_STEPS;
	S->mctx = pcre2_match_context_create(NULL);
	/* instances are untrusted: bound backtracking */
	pcre2_set_match_limit(S->mctx, SCH_MATCH_LIMIT);
	pcre2_set_depth_limit(S->mctx, 10000);
	floe_arena_defer(S->arena, free_code_ctx, S->mctx);
	pthread_mutex_init(&S->lock, NULL);
	return S;
}

static void compiler_release(compiler *C)
{
	floe_schema__map_release(&C->uris);
	floe_schema__map_release(&C->nodes);
	floe_vec_release(&C->queue);
	floe_vec_release(&C->docs);
	floe_schema__map_release(&C->regexes);
}

/* Eager: fill everything now, so that every problem is reported. */
static int compile_all(compiler *C)
{
	for (size_t i = 0; i < C->queue.len; i++)
		floe_schema__fill(C, C->queue.items[i]);
	check_ref_cycles(C);
	compiler_release(C);
	return C->failed ? FLOE_EINVALID : 0;
}

/* Lazy: keep the compiler, with diagnostics of its own that nobody reads. */
static void keep_lazy(floe_schema *S, const compiler *C)
{
	S->lazy = floe_xmalloc(sizeof(*S->lazy));
	*S->lazy = *C;
}

int floe_schema_compile(floe_schema **out, floe_diags *d, const floe_doc *doc,
			const floe_schema_opts *opts)
{
	static const floe_node empty = { .kind = FLOE_NODE_BOOL, .v.b = true };
	compiler C = { .S = schema_new(opts), .d = d };
	const floe_node *root = doc && doc->root ? doc->root : &empty;

	*out = NULL;
	if (opts)
		C.opts = *opts;
	if (opts && opts->limits)
		C.lim = *opts->limits;
	else
		floe_limits_default(&C.lim);
	C.opts.limits = NULL;
	C.lazy = C.opts.lazy;
	C.scanned = !C.lazy;
	if (C.lazy)
		C.d = floe_diags_new(0);
	floe_schema__map_reserve(&C.nodes, 256);
	/* relative $refs of a schema file resolve beside it */
	C.base = C.opts.base_uri ? floe_arena_strdup(C.S->arena, C.opts.base_uri)
				 : ROOT_BASE;
	floe_schema__map_put(&C.uris, C.base, (void *)root);
	add_root(&C, root, C.base);
	/* after the root, whose $ids win over theirs */
	for (size_t i = 0; i < C.opts.nextra; i++) {
		floe_doc *x = C.opts.extra[i];
		if (x && x->root && !floe_schema__map_get(&C.uris, C.opts.extra_uris[i]))
			add_doc(&C, x, C.opts.extra_uris[i]);
		else if (x)
			floe_vec_push(&C.S->owned, x);
	}
	C.opts.extra = NULL;
	C.opts.nextra = 0;
	C.S->root = floe_schema__get(&C, root);
	if (C.lazy) {
		keep_lazy(C.S, &C);
	} else if (compile_all(&C) != 0) {
		floe_schema_free(C.S);
		return FLOE_EINVALID;
	}
	*out = C.S;
	return 0;
}

void floe_schema__fill_lazy(const floe_schema *cS, const sch *cs)
{
	floe_schema *S = (floe_schema *)cS; /* the lock and the lazy parts */
	sch *s = (sch *)cs;

	assert(S->lazy);
	pthread_mutex_lock(&S->lock);
	if (!atomic_load_explicit(&s->filled, memory_order_relaxed))
		floe_schema__fill(S->lazy, s);
	pthread_mutex_unlock(&S->lock);
}

void floe_schema_set_max_steps(floe_schema *s, size_t steps)
{
	s->max_steps = steps;
}

void floe_schema_free(floe_schema *s)
{
	if (!s)
		return;
	if (s->lazy) {
		compiler_release(s->lazy);
		floe_diags_free(s->lazy->d);
		free(s->lazy);
	}
	floe_arena_free(s->arena);
	for (size_t i = 0; i < s->owned.len; i++)
		floe_doc_free(s->owned.items[i]);
	floe_vec_release(&s->owned);
	pthread_mutex_destroy(&s->lock);
	free(s);
}

const char *floe_schema_draft07(size_t *len)
{
	size_t n = 0;
	const char *text = floe_embedded_get("schemas/json-schema-draft-07.json", &n);
	if (len)
		*len = n;
	return text;
}
