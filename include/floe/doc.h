/*
 * floe/doc.h: the positioned document tree.
 *
 * YAML (libyaml) and JSON (jansson) inputs load into the same tree of
 * floe_node.  Every node knows its span and its place in its parent, so its
 * JSON pointer can be computed; aliases are expanded into copies that keep
 * the anchored text's positions.  All nodes of a document live in its arena.
 *
 * Scalars are typed by the schema, not by YAML's guessing: a YAML plain
 * scalar carries FLOE_NODE_PLAIN (its text may be read as a string where a
 * string is wanted) and a quoted one FLOE_NODE_QUOTED (its text may be read
 * as a number or boolean where one is wanted).  JSON scalars carry neither:
 * JSON is typed exactly.
 */
#ifndef FLOE_DOC_H
#define FLOE_DOC_H

#include <stdbool.h>
#include "floe/common.h"
#include "floe/diag.h"

typedef enum floe_node_kind {
	FLOE_NODE_NULL = 0,
	FLOE_NODE_BOOL,
	FLOE_NODE_INT,
	FLOE_NODE_FLOAT,
	FLOE_NODE_STRING,
	FLOE_NODE_SEQ,
	FLOE_NODE_MAP,
} floe_node_kind;

enum floe_node_flags {
	FLOE_NODE_PLAIN = 1u << 0,   /* YAML plain scalar, untagged */
	FLOE_NODE_QUOTED = 1u << 1,  /* YAML quoted or block scalar, untagged */
	FLOE_NODE_BIGINT = 1u << 2,  /* integer beyond int64: v.d approximates, text is exact */
	FLOE_NODE_DEFERRED = 1u << 3, /* a map whose items are not made yet: floe_node_expand */
};

typedef struct floe_node floe_node;
struct floe_node {
	uint8_t kind;        /* floe_node_kind */
	uint8_t flags;       /* floe_node_flags */
	uint32_t index;      /* position in the parent's items */
	floe_node *parent;   /* NULL for the root */
	floe_span span;      /* the value's span (for a map value: the value, not the key) */
	const char *text;    /* scalars: the decoded text, NUL-terminated; else NULL
			      * (a deferred map: where the snapshot holds it) */
	size_t len;          /* scalars: bytes of text; SEQ/MAP: number of items */
	union {
		bool b;      /* BOOL */
		int64_t i;   /* INT (not BIGINT) */
		double d;    /* FLOAT, and BIGINT's approximation */
		const uint32_t *kx; /* MAP: the loader's key index (big maps), or NULL */
	} v;
	floe_node **items;   /* SEQ: items; MAP: values */
	floe_node **keys;    /* MAP: keys (STRING nodes with their spans), parallel to items */
};

typedef struct floe_arena floe_arena;

typedef struct floe_doc {
	floe_arena *arena;
	floe_source *src;
	floe_node *root;     /* NULL for an empty document */
} floe_doc;

/*
 * Load a file: JSON when the name ends in .json, YAML otherwise.  `display`
 * is the path shown in messages (NULL: `path`).  Problems in the input are
 * recorded in `d` and give FLOE_EINVALID (a missing or unreadable file is a
 * diagnostic too: code io/not-found or io/unreadable).  The caller owns *out
 * (floe_doc_free) even when FLOE_EINVALID was returned with a partial tree;
 * *out is NULL on other errors.
 */
int floe_doc_load(floe_doc **out, floe_diags *d, const char *path,
		  const char *display, const floe_limits *lim);
/* Parse text (copied) as YAML or JSON; `display` names it in messages. */
int floe_doc_parse_yaml(floe_doc **out, floe_diags *d, const char *display,
			const char *text, size_t len, const floe_limits *lim);
int floe_doc_parse_json(floe_doc **out, floe_diags *d, const char *display,
			const char *text, size_t len, const floe_limits *lim);
/*
 * Parse JSON that is known to be valid because it was checked when floe was
 * built (the embedded schemas): the same tree, without the syntax, UTF-8,
 * depth and size checks.  Not for anything a user wrote.
 */
int floe_doc_parse_json_trusted(floe_doc **out, const char *display,
				const char *text, size_t len);
/*
 * The trusted parser's tree as a flat array of words (snapshot.c), made
 * when floe is built and read back without parsing: floe_doc_snapshot
 * writes one (*out malloc'd); floe_doc_from_snapshot rebuilds the tree over
 * `text`, the JSON it was made from, with strings and key indexes pointing
 * into `blob` (both borrowed: they must outlive the document).  FLOE_ERROR when
 * the blob is not a snapshot of this version made from a text of len bytes.
 */
int floe_doc_snapshot(uint32_t **out, size_t *nwords, const floe_doc *doc);
int floe_doc_from_snapshot(floe_doc **out, const char *display, const char *text,
			   size_t len, const uint32_t *blob, size_t nwords);
/*
 * Deferred maps.  A snapshot's writer may mark maps FLOE_NODE_DEFERRED
 * (the schemas' subschemas: a command reads a fifth of them); read back,
 * such a map has its kind, flags, span, parent, index, len and key index,
 * but its keys and items (NULL until then) are made when it is first
 * expanded.  floe_node_get, floe_node_get_key and floe_node_at expand what
 * they look into; code that walks keys or items of a tree that may hold
 * deferred maps calls floe_node_expand first.  Safe from several threads.
 */
void floe__node_expand(const floe_node *n);
static inline bool floe_node_deferred(const floe_node *n)
{
	return __atomic_load_n(&n->flags, __ATOMIC_ACQUIRE) & FLOE_NODE_DEFERRED;
}
static inline const floe_node *floe_node_expand(const floe_node *n)
{
	if (floe_node_deferred(n))
		floe__node_expand(n);
	return n;
}
void floe_doc_free(floe_doc *doc);

/* Allocate a node in the document's arena (for documents built in code). */
floe_node *floe_node_new(floe_arena *a, floe_node_kind kind);

/* The value of `key` in a map, or NULL (also when `map` is not a map). */
floe_node *floe_node_get(const floe_node *map, const char *key);
/* The key node of `key` in a map (for "defined here" spans), or NULL. */
floe_node *floe_node_get_key(const floe_node *map, const char *key);
/* For a map value: its key node; else NULL. */
const floe_node *floe_node_key_of(const floe_node *node);

/* JSON pointer of the node ("" for the root), allocated in `a`. */
const char *floe_node_pointer(floe_arena *a, const floe_node *node);
/* Follow a JSON pointer ("" or "/a/0/b"); NULL when it does not resolve. */
floe_node *floe_node_at(const floe_node *root, const char *pointer);

/*
 * Typed reads, following the schema-typing rules above.  Each returns
 * false when the node cannot be read as that type.
 *   as_string: STRING, or any PLAIN scalar that is not null (its text)
 *   as_int:    INT, an integral FLOAT, or a QUOTED string that is an integer
 *   as_number: INT or FLOAT, or a QUOTED string that is a number
 *   as_bool:   BOOL, or a QUOTED "true"/"false"
 */
bool floe_node_as_string(const floe_node *n, const char **out);
bool floe_node_as_int(const floe_node *n, int64_t *out);
bool floe_node_as_number(const floe_node *n, double *out);
bool floe_node_as_bool(const floe_node *n, bool *out);

/* JSON equality (1 == 1.0; maps unordered); exact, ignores PLAIN/QUOTED. */
bool floe_node_equal(const floe_node *a, const floe_node *b);
const char *floe_node_kind_name(floe_node_kind kind);

#endif
