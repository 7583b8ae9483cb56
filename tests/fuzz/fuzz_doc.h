/*
 * fuzz_doc.h: what the document-loader fuzz targets share: parse with
 * small limits, walk the tree checking the invariants every node must
 * keep (parent and index agree, the pointer resolves back to the node,
 * spans are ordered), read every scalar every way, render diagnostics.
 * A broken invariant aborts, which libFuzzer reports as a crash.
 */
#ifndef FLOE_FUZZ_DOC_H
#define FLOE_FUZZ_DOC_H

#include <stdlib.h>
#include <string.h>
#include "floe/buf.h"
#include "floe/load.h"

typedef int (*fuzz_parse_fn)(floe_doc **, floe_diags *, const char *,
			     const char *, size_t, const floe_limits *);

static void fuzz_check(int ok)
{
	if (!ok)
		abort();
}

static int fuzz_span_ok(const floe_span *s)
{
	if (!s->src)
		return 1;
	return s->line >= 1 && s->col >= 1 &&
	       (s->end_line > s->line ||
		(s->end_line == s->line && s->end_col >= s->col));
}

/* nul_path: a key on the way has a NUL, which a C-string pointer cuts. */
static void fuzz_touch(floe_arena *a, const floe_node *root,
		       const floe_node *n, int nul_path, unsigned depth)
{
	const char *s;
	int64_t i;
	double d;
	bool b;

	fuzz_check(fuzz_span_ok(&n->span));
	const char *p = floe_node_pointer(a, n);
	if (!nul_path)
		fuzz_check(floe_node_at(root, p) == n);
	floe_node_as_string(n, &s);
	floe_node_as_int(n, &i);
	floe_node_as_number(n, &d);
	floe_node_as_bool(n, &b);
	floe_node_equal(n, n);
	floe_node_kind_name((floe_node_kind)n->kind);
	if (n->kind != FLOE_NODE_SEQ && n->kind != FLOE_NODE_MAP) {
		fuzz_check(n->text != NULL && n->text[n->len] == '\0');
		return;
	}
	fuzz_check(depth > 0); /* no collection deeper than max_depth */
	for (size_t k = 0; k < n->len; k++) {
		const floe_node *c = n->items[k];
		int nul = nul_path;
		fuzz_check(c->parent == n && c->index == k);
		if (n->kind == FLOE_NODE_MAP) {
			const floe_node *key = n->keys[k];
			fuzz_check(key->kind == FLOE_NODE_STRING);
			fuzz_check(floe_node_key_of(c) == key);
			nul |= memchr(key->text, '\0', key->len) != NULL;
			if (!nul)
				fuzz_check(floe_node_get(n, key->text) == c);
		}
		fuzz_touch(a, root, c, nul, depth - 1);
	}
}

static int fuzz_doc_one(const uint8_t *data, size_t size, fuzz_parse_fn parse)
{
	floe_limits lim;
	floe_doc *doc = NULL;
	floe_diags *d = floe_diags_new(50);
	floe_buf out = FLOE_BUF_INIT;

	floe_limits_default(&lim);
	lim.max_bytes = 1 << 20;
	lim.max_depth = 64;
	lim.max_nodes = 100000;
	lim.max_aliases = 1000;
	int rc = parse(&doc, d, "fuzz", (const char *)data, size, &lim);
	fuzz_check(rc == 0 || rc == FLOE_EINVALID);
	fuzz_check((rc == 0) == (floe_diags_errors(d) == 0));
	if (doc && doc->root) {
		fuzz_check(doc->root->parent == NULL);
		fuzz_touch(doc->arena, doc->root, doc->root, 0, lim.max_depth);
	}
	for (size_t k = 0; k < floe_diags_count(d); k++) {
		const floe_diag *g = floe_diags_at(d, k);
		fuzz_check(fuzz_span_ok(&g->span));
		floe_diag_render_one(&out, g, false);
	}
	floe_doc_free(doc);
	floe_buf_release(&out);
	floe_diags_free(d);
	return 0;
}

#endif
