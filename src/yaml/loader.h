/*
 * loader.h: the YAML loader's state, shared by load.c (libyaml events,
 * scalars, tags, errors) and tree.c (frames of open collections, map
 * building with duplicate and merge keys, anchors and alias copies).
 */
#ifndef FLOE_YAML_LOADER_H
#define FLOE_YAML_LOADER_H

#include "doc/internal.h"

struct yframe {
	floe_node *node;       /* SEQ or MAP being built */
	size_t base;           /* its first slot in scratch */
	floe_node *seg_key;    /* its key in the parent map, if any */
	uint32_t seg_index;    /* its index in the parent sequence */
	bool flow;             /* [..] or {..}: the end event ends the span */
	const char *anchor;    /* registered when the collection closes */
	size_t nodes_at_open;  /* to size the subtree for alias copies */
	unsigned height;       /* of its tallest child collection */
};

struct yanchor {
	floe_node *node;
	size_t size;           /* nodes in the subtree, keys included */
	unsigned height;       /* nesting levels of collections */
};

struct yp {
	floe_doc *doc;
	floe_diags *d;
	const floe_limits *lim;
	const char *text;
	size_t len;
	size_t *line_cp;       /* code-point index of each line's start */
	size_t nlines;
	size_t line_hint;      /* the line of the last position asked for */
	floe_span cur;         /* the current event's span */
	uint32_t last_line, last_col; /* where the last value ended */
	size_t nodes, aliases, documents;
	size_t copied;         /* nodes made by alias copies */
	bool stop;             /* a problem that ends parsing was found */
	unsigned closed_height;
	struct yframe *frames;
	size_t nframes, capframes;
	floe_node **scratch;   /* items of open collections; maps: key, value */
	size_t nscratch, capscratch;
	floe_keyset keys;      /* keys of the map being closed */
	floe_keyset anchor_ids;
	struct yanchor *anchors;
	size_t nanchors, capanchors;
};

/* load.c */
floe_node *floe_yaml__new_node(struct yp *p, floe_node_kind kind);
floe_diag *floe_yaml__error(struct yp *p, const char *code, const floe_span *sp,
			   const floe_node *key, const char *fmt, ...)
	__attribute__((format(printf, 5, 6)));

/* tree.c */
/* The line table and the scratch stack. */
void floe_yaml__init(struct yp *p);
void floe_yaml__pos(struct yp *p, size_t cp, uint32_t *line,
		   uint32_t *col);
/* JSON pointer of `key` in the innermost map, or of the next value. */
const char *floe_yaml__pointer(struct yp *p, const floe_node *key);
bool floe_yaml__at_key(const struct yp *p);
void floe_yaml__add(struct yp *p, floe_node *n, unsigned height);
void floe_yaml__open(struct yp *p, floe_node *n, const char *anchor, bool flow);
floe_node *floe_yaml__close(struct yp *p, floe_span end);
void floe_yaml__anchor(struct yp *p, const char *name, floe_node *n,
		      size_t size, unsigned height);
/* A copy of the anchored node (or a null node when unknown); NULL: stop. */
floe_node *floe_yaml__alias(struct yp *p, const char *name, unsigned *height);
void floe_yaml__release(struct yp *p);

#endif
