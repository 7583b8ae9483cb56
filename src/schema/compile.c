/*
 * compile.c: turns a schema document into compiled subschemas.  A first
 * walk records every subschema's base URI and registers $id values
 * (draft-07 core section 8.2); $ref is then resolved to compiled nodes
 * (section 8.3), loading the built-in metaschema or remote documents
 * through the caller's resolver.  Keywords are read by keywords.c.
 */
#include <string.h>
#include "internal.h"
#include "util/embedded.h"

#define DRAFT07_URI "http://json-schema.org/draft-07/schema"
#define ROOT_BASE "floe:///schema.json"

typedef struct info {
	const char *base;
	sch *s;
} info;

struct compiler {
	floe_schema *S;
	floe_diags *d;
	const floe_schema_opts *opts;
	floe_limits lim;
	sch_map uris;   /* canonical URI -> floe_node * (or &unresolvable) */
	sch_map nodes;  /* floe_node * -> info * */
	floe_vec queue; /* sch * to fill */
	bool failed;
};

static const floe_node unresolvable;

floe_schema *sch_compiler_schema(compiler *C) { return C->S; }
floe_diags *sch_compiler_diags(compiler *C) { return C->d; }
void sch_compiler_fail(compiler *C) { C->failed = true; }

floe_diag *sch_bad(compiler *C, const char *code, const floe_node *at,
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

/* ---- the first walk: base URIs and $id ---- */

static void scan(compiler *C, const floe_node *n, const char *base);

/* $id: a location-independent "#name", or a new base URI. */
static const char *register_id(compiler *C, const floe_node *id,
			       const char *base, const floe_node *n)
{
	floe_arena *a = C->S->arena;
	const char *frag;
	char *uri = sch_uri_resolve(a, base, id->text);
	char *doc = sch_uri_split(a, uri, &frag);

	if (frag && *frag) {
		if (!sch_map_get(&C->uris, uri))
			sch_map_put(&C->uris, uri, (void *)n);
		return id->text[0] == '#' ? base : doc;
	}
	if (!sch_map_get(&C->uris, doc))
		sch_map_put(&C->uris, doc, (void *)n);
	return doc;
}

static bool name_in(const floe_node *k, const char *const *names, size_t n)
{
	for (size_t i = 0; i < n; i++)
		if (strcmp(k->text, names[i]) == 0)
			return true;
	return false;
}

/* Walk the keywords whose values are subschemas (validation sections 6.x). */
static void scan_children(compiler *C, const floe_node *n, const char *base)
{
	static const char *const one[] = {
		"additionalItems", "additionalProperties", "contains", "else",
		"if", "items", "not", "propertyNames", "then",
	};
	static const char *const list[] = { "allOf", "anyOf", "items", "oneOf" };
	static const char *const map[] = {
		"definitions", "dependencies", "patternProperties", "properties",
	};
	for (size_t i = 0; i < n->len; i++) {
		const floe_node *k = n->keys[i], *v = n->items[i];
		if (v->kind == FLOE_NODE_MAP || v->kind == FLOE_NODE_BOOL) {
			if (name_in(k, one, FLOE_ARRAY_SIZE(one)))
				scan(C, v, base);
			if (v->kind == FLOE_NODE_MAP &&
			    name_in(k, map, FLOE_ARRAY_SIZE(map)))
				for (size_t j = 0; j < v->len; j++)
					scan(C, v->items[j], base);
		} else if (v->kind == FLOE_NODE_SEQ &&
			   name_in(k, list, FLOE_ARRAY_SIZE(list))) {
			for (size_t j = 0; j < v->len; j++)
				scan(C, v->items[j], base);
		}
	}
}

static void scan(compiler *C, const floe_node *n, const char *base)
{
	if (sch_pmap_get(&C->nodes, n))
		return;
	info *in = floe_arena_alloc(C->S->arena, sizeof(*in));
	if (n->kind == FLOE_NODE_MAP && !floe_node_get(n, "$ref")) {
		const floe_node *id = floe_node_get(n, "$id");
		if (id && id->kind == FLOE_NODE_STRING)
			base = register_id(C, id, base, n);
	}
	in->base = base;
	sch_pmap_put(&C->nodes, n, in);
	if (n->kind == FLOE_NODE_MAP)
		scan_children(C, n, base);
}

/* A node reached by a JSON pointer outside the keywords: its ancestors' base. */
static const char *ancestor_base(compiler *C, const floe_node *n)
{
	for (const floe_node *p = n->parent; p; p = p->parent) {
		info *in = sch_pmap_get(&C->nodes, p);
		if (in)
			return in->base;
	}
	return ROOT_BASE;
}

sch *sch_get(compiler *C, const floe_node *n)
{
	info *in = sch_pmap_get(&C->nodes, n);
	if (!in) {
		scan(C, n, ancestor_base(C, n));
		in = sch_pmap_get(&C->nodes, n);
	}
	if (!in->s) {
		sch *s = floe_arena_alloc(C->S->arena, sizeof(*s));
		s->node = n;
		s->base = in->base;
		in->s = s;
		floe_vec_push(&C->queue, s);
	}
	return in->s;
}

/* ---- documents: the one compiled, the metaschema, remote ones ---- */

static void add_doc(compiler *C, floe_doc *doc, const char *uri)
{
	floe_vec_push(&C->S->owned, doc);
	sch_map_put(&C->uris, floe_arena_strdup(C->S->arena, uri), doc->root);
	scan(C, doc->root, floe_arena_strdup(C->S->arena, uri));
}

static floe_doc *load(compiler *C, const char *uri)
{
	floe_doc *doc = NULL;
	if (strcmp(uri, DRAFT07_URI) == 0) {
		size_t len;
		const char *text = floe_schema_draft07(&len);
		if (text && floe_doc_parse_json(&doc, C->d, "json-schema-draft-07.json",
						text, len, &C->lim) != 0) {
			floe_doc_free(doc);
			doc = NULL;
		}
	} else if (C->opts && C->opts->resolve) {
		if (C->opts->resolve(&doc, C->d, uri, C->opts->resolve_ctx) != 0) {
			floe_doc_free(doc);
			doc = NULL;
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
	const floe_node *n = sch_map_get(&C->uris, uri);
	if (n)
		return n == &unresolvable ? NULL : n;
	floe_doc *doc = load(C, uri);
	if (!doc) {
		sch_map_put(&C->uris, floe_arena_strdup(C->S->arena, uri),
			    (void *)&unresolvable);
		return NULL;
	}
	add_doc(C, doc, uri);
	return doc->root;
}

sch *sch_ref(compiler *C, const floe_node *at, const char *base)
{
	floe_arena *a = C->S->arena;
	const char *frag;
	char *uri = sch_uri_resolve(a, base, at->text);
	char *docuri = sch_uri_split(a, uri, &frag);
	const floe_node *root = resource(C, docuri), *target = NULL;

	if (!frag || !*frag)
		target = root;
	else if (frag[0] == '/')
		target = root ? floe_node_at(root, sch_uri_decode(a, frag)) : NULL;
	else
		target = sch_map_get(&C->uris, uri);
	if (!target || target == &unresolvable) {
		sch_bad(C, "schema/bad-ref", at, "unresolvable reference '%s'",
			at->text);
		return NULL;
	}
	return sch_get(C, target);
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
				sch_bad(C, "schema/bad-ref", s->ref_node,
					"reference cycle through '%s'",
					s->ref_node->text);
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
	S->mctx = pcre2_match_context_create(NULL);
	/* instances are untrusted: bound backtracking */
	pcre2_set_match_limit(S->mctx, 1000000);
	pcre2_set_depth_limit(S->mctx, 10000);
	floe_arena_defer(S->arena, free_code_ctx, S->mctx);
	return S;
}

int floe_schema_compile(floe_schema **out, floe_diags *d, const floe_doc *doc,
			const floe_schema_opts *opts)
{
	static const floe_node empty = { .kind = FLOE_NODE_BOOL, .v.b = true };
	compiler C = { .S = schema_new(opts), .d = d, .opts = opts };
	const floe_node *root = doc && doc->root ? doc->root : &empty;

	*out = NULL;
	if (opts && opts->limits)
		C.lim = *opts->limits;
	else
		floe_limits_default(&C.lim);
	sch_map_put(&C.uris, ROOT_BASE, (void *)root);
	scan(&C, root, ROOT_BASE);
	C.S->root = sch_get(&C, root);
	for (size_t i = 0; i < C.queue.len; i++)
		sch_fill(&C, C.queue.items[i]);
	check_ref_cycles(&C);
	sch_map_release(&C.uris);
	sch_map_release(&C.nodes);
	floe_vec_release(&C.queue);
	if (C.failed) {
		floe_schema_free(C.S);
		return FLOE_EINVALID;
	}
	*out = C.S;
	return 0;
}

void floe_schema_free(floe_schema *s)
{
	if (!s)
		return;
	floe_arena_free(s->arena);
	for (size_t i = 0; i < s->owned.len; i++)
		floe_doc_free(s->owned.items[i]);
	floe_vec_release(&s->owned);
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
