/*
 * floe/doc.h: the positioned document tree.
 *
 * YAML (libyaml) and JSON (src/json) inputs load into the same tree of
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
};

typedef struct floe_node floe_node;
struct floe_node {
	uint8_t kind;        /* floe_node_kind */
	uint8_t flags;       /* floe_node_flags */
	uint32_t index;      /* position in the parent's items */
	floe_node *parent;   /* NULL for the root */
	floe_span span;      /* the value's span (for a map value: the value, not the key) */
	const char *text;    /* scalars: the decoded text, NUL-terminated; else NULL */
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

/* Documents are made by the readers (floe/load.h); this frees one. */
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
