/*
 * test_json.c: the JSON loader: spans of values and keys, exact numbers
 * (big integers keep their text), NUL in strings, every json/ diagnostic
 * with its message and position, and floe_doc_load's file problems.
 */
#include <pthread.h>
#include <stdio.h>
#include <string.h>
#include <stdlib.h>
#include <unistd.h>
#include "unit.h"
#include "floe/doc.h"
#include "util/util.h"
#include "util/embedded.h"

static floe_diags *diags;

static floe_doc *parse_lim(const char *text, size_t len, int want_rc,
			   const floe_limits *lim)
{
	floe_doc *doc = NULL;
	floe_diags_free(diags);
	diags = floe_diags_new(0);
	int rc = floe_doc_parse_json(&doc, diags, "t.json", text, len, lim);
	CHECK_INT(rc, want_rc);
	return doc;
}

static floe_doc *parse(const char *text, int want_rc)
{
	return parse_lim(text, strlen(text), want_rc, NULL);
}

/* Diagnostic i is `code` at line:col with message `msg`. */
static void check_diag(size_t i, const char *code, uint32_t line, uint32_t col,
		       const char *msg)
{
	CHECK(i < floe_diags_count(diags));
	if (i >= floe_diags_count(diags))
		return;
	const floe_diag *g = floe_diags_at(diags, i);
	CHECK_STR(g->code, code);
	CHECK_INT(g->span.line, line);
	CHECK_INT(g->span.col, col);
	CHECK_STR(g->msg, msg);
}

static void check_span(const floe_span *s, uint32_t l, uint32_t c,
		       uint32_t el, uint32_t ec)
{
	CHECK_INT(s->line, l);
	CHECK_INT(s->col, c);
	CHECK_INT(s->end_line, el);
	CHECK_INT(s->end_col, ec);
}

static void test_json__spans(void)
{
	floe_doc *doc = parse("{\n  \"name\": \"x\",\n  \"list\": [1, {\"é\": "
			      "true}],\n  \"n\": null\n}\n", 0);
	floe_node *r = doc->root;
	check_span(&r->span, 1, 1, 5, 2);
	check_span(&floe_node_get_key(r, "name")->span, 2, 3, 2, 9);
	check_span(&floe_node_get(r, "name")->span, 2, 11, 2, 14);
	floe_node *list = floe_node_get(r, "list");
	check_span(&list->span, 3, 11, 3, 27);
	check_span(&list->items[0]->span, 3, 12, 3, 13);
	floe_node *m = list->items[1];
	check_span(&floe_node_get_key(m, "é")->span, 3, 16, 3, 19);
	check_span(&floe_node_get(m, "é")->span, 3, 21, 3, 25); /* code points */
	check_span(&floe_node_get(r, "n")->span, 4, 8, 4, 12);
	CHECK(floe_node_get(r, "n")->span.src == doc->src);
	CHECK_STR(floe_node_get(r, "n")->text, "null");
	CHECK_STR(floe_node_get(m, "é")->text, "true");
	CHECK(floe_node_get(m, "é")->v.b);
	floe_doc_free(doc);
}

static void test_json__crlf_and_bom(void)
{
	floe_doc *doc = parse("\xef\xbb\xbf{\"a\": 1,\r\n \"b\": [\r\n2]}", 0);
	check_span(&doc->root->span, 1, 2, 3, 4);
	check_span(&floe_node_get(doc->root, "b")->span, 2, 7, 3, 3);
	check_span(&floe_node_at(doc->root, "/b/0")->span, 3, 1, 3, 2);
	floe_doc_free(doc);
}

static void test_json__numbers(void)
{
	floe_doc *doc = parse("[0, -7, 1.0, 1e2, -0, 9223372036854775807, "
			      "-9223372036854775808, 9223372036854775808, "
			      "-123456789012345678901234567890, 2.5E-3]", 0);
	floe_node **it = doc->root->items;
	CHECK(it[0]->kind == FLOE_NODE_INT && it[0]->v.i == 0);
	CHECK(it[1]->kind == FLOE_NODE_INT && it[1]->v.i == -7);
	CHECK(it[2]->kind == FLOE_NODE_FLOAT && it[2]->v.d == 1.0);
	CHECK_STR(it[2]->text, "1.0");
	CHECK(it[3]->kind == FLOE_NODE_FLOAT && it[3]->v.d == 100.0);
	CHECK(it[4]->kind == FLOE_NODE_INT && it[4]->v.i == 0);
	CHECK(it[5]->kind == FLOE_NODE_INT && it[5]->v.i == INT64_MAX);
	CHECK(it[6]->kind == FLOE_NODE_INT && it[6]->v.i == INT64_MIN);
	CHECK(!(it[6]->flags & FLOE_NODE_BIGINT));
	CHECK(it[7]->kind == FLOE_NODE_INT && (it[7]->flags & FLOE_NODE_BIGINT));
	CHECK_STR(it[7]->text, "9223372036854775808");
	CHECK(it[7]->v.d == 9223372036854775808.0);
	CHECK(it[8]->flags & FLOE_NODE_BIGINT);
	CHECK_STR(it[8]->text, "-123456789012345678901234567890");
	CHECK(it[8]->v.d < -1.2e29 && it[8]->v.d > -1.3e29);
	CHECK(it[9]->kind == FLOE_NODE_FLOAT && it[9]->v.d == 2.5e-3);
	for (int i = 0; i < 10; i++)
		CHECK(!(it[i]->flags & (FLOE_NODE_PLAIN | FLOE_NODE_QUOTED)));
	floe_doc_free(doc);
}

static void test_json__strings(void)
{
	floe_doc *doc = parse("{\"a\": \"x\\u0000y\", \"e\": "
			      "\"\\\"\\\\\\/\\b\\f\\n\\r\\t\\u00e9\\ud83d\\ude00\"}",
			      0);
	floe_node *r = doc->root;
	CHECK_INT(r->items[0]->len, 3);
	CHECK(memcmp(r->items[0]->text, "x\0y", 4) == 0);
	CHECK_STR(floe_node_get(r, "e")->text,
		  "\"\\/\b\f\n\r\t\xc3\xa9\xf0\x9f\x98\x80");
	CHECK(r->items[0]->kind == FLOE_NODE_STRING && r->items[0]->flags == 0);
	floe_doc_free(doc);
	/* jansson keeps keys as C strings */
	floe_doc_free(parse("{\"a\\u0000b\": 1}", -2));
	check_diag(0, "json/syntax", 1, 2, "NUL byte in object key not "
		   "supported near '\"a\\u0000b\"'");
}

static void test_json__scalar_roots(void)
{
	floe_doc *doc = parse(" \"s\" ", 0);
	CHECK(doc->root->kind == FLOE_NODE_STRING);
	check_span(&doc->root->span, 1, 2, 1, 5);
	floe_doc_free(doc);
	doc = parse("null", 0);
	CHECK(doc->root->kind == FLOE_NODE_NULL);
	floe_doc_free(doc);
	doc = parse("[[], {}, [[]]]", 0);
	CHECK_INT(doc->root->len, 3);
	CHECK_INT(doc->root->items[1]->len, 0);
	CHECK(doc->root->items[2]->items[0]->parent == doc->root->items[2]);
	floe_doc_free(doc);
}

static void test_json__duplicate_keys(void)
{
	floe_doc *doc = parse("{\"a\": 1,\n \"b\": 2,\n \"a\": 3, \"a\": 4}", -2);
	CHECK_INT(floe_diags_count(diags), 2);
	check_diag(0, "json/duplicate-key", 3, 2, "duplicate key 'a'");
	check_diag(1, "json/duplicate-key", 3, 10, "duplicate key 'a'");
	const floe_diag *g = floe_diags_at(diags, 0);
	CHECK_STR(g->pointer, "/a");
	CHECK(g->notes && g->notes->span.line == 1 && g->notes->span.col == 2);
	CHECK_STR(g->notes->msg, "first defined here");
	CHECK_INT(doc->root->len, 2);
	CHECK_INT(floe_node_get(doc->root, "a")->v.i, 1);
	floe_doc_free(doc);
}

static void test_json__duplicate_keys_big_map(void)
{
	floe_buf b = FLOE_BUF_INIT;
	floe_buf_puts(&b, "{\"o\": {");
	for (int i = 0; i < 1000; i++)
		floe_buf_printf(&b, "\"k%d\": %d, ", i, i);
	floe_buf_puts(&b, "\"k5~/\": 1, \"k5~/\": 2}}");
	floe_doc *doc = parse(b.ptr, -2);
	CHECK_INT(floe_diags_count(diags), 1);
	CHECK_STR(floe_diags_at(diags, 0)->pointer, "/o/k5~0~1");
	CHECK_INT(floe_node_get(doc->root, "o")->len, 1001);
	floe_doc_free(doc);
	floe_buf_release(&b);
}

static void test_json__syntax_errors(void)
{
	floe_doc_free(parse("{\"a\": x}", -2));
	check_diag(0, "json/syntax", 1, 7, "invalid token near 'x'");
	CHECK_INT(floe_diags_at(diags, 0)->span.end_col, 8);
	floe_doc_free(parse("[1,\n 2,\n  tru]", -2));
	check_diag(0, "json/syntax", 3, 3, "invalid token near 'tru'");
	floe_doc_free(parse("{\"é\": 1,}", -2));
	check_diag(0, "json/syntax", 1, 9, "string or '}' expected near '}'");
	floe_doc_free(parse("[1] 2", -2));
	check_diag(0, "json/syntax", 1, 5, "end of file expected near '2'");
	floe_doc_free(parse("", -2));
	check_diag(0, "json/syntax", 1, 1, "unexpected token near end of file");
	floe_doc_free(parse("[\"\\ud800\"]", -2));
	CHECK_STR(floe_diags_at(diags, 0)->code, "json/syntax");
	floe_doc *doc = parse("{\"a\": [1, 2", -2);
	CHECK(doc->root == NULL);
	floe_doc_free(doc);
}

static void test_json__invalid_utf8(void)
{
	floe_doc_free(parse("{\"a\":\n \"x\xc3\x28\"}", -2));
	check_diag(0, "json/invalid-utf8", 2, 4, "invalid UTF-8 byte 0xc3");
}

static void test_json__too_deep(void)
{
	size_t n = 100000;
	char *s = floe_xmalloc(2 * n + 1);
	memset(s, '[', n);
	memset(s + n, ']', n);
	s[2 * n] = '\0';
	floe_doc_free(parse(s, -2));
	check_diag(0, "json/too-deep", 1, 129, "nesting is deeper than 128 levels");
	/* brackets in strings do not count */
	floe_doc_free(parse("[\"[[[[[[[[[[[[[[[[[[[[[[[[[[[[[[[[[[[[[[[[[[[[[[["
			    "[[[[[[[[[[[[[[[[[[[[[[[[[[[[[[[[[[[[[[[[[[[[[[[[["
			    "[[[[[[[[[[[[[[[[[[[[[[[[[[[[[[[[[[[[[[[[[[[[[[[[["
			    "\\\"\"]", 0));
	free(s);
}

static void test_json__limits(void)
{
	floe_limits lim;
	floe_limits_default(&lim);
	lim.max_nodes = 5;
	floe_doc_free(parse_lim("[1, 2, 3, 4, 5, 6]", 18, -2, &lim));
	check_diag(0, "json/too-many-nodes", 1, 14,
		   "document has more than 5 values");
	floe_limits_default(&lim);
	lim.max_bytes = 4;
	floe_doc_free(parse_lim("[1, 2]", 6, -2, &lim));
	check_diag(0, "io/too-large", 0, 0,
		   "file 't.json' is larger than the limit of 4 bytes");
}

static size_t same_tree(const floe_node *a, const floe_node *b);

/* What the build reports is held back until the whole text is JSON: a
 * syntax error after a duplicate key or past the node limit is the only
 * diagnostic, as jansson words it. */
static void test_json__build_reports_held_back(void)
{
	floe_limits lim;
	floe_doc *doc = parse("{\"a\": 1, \"a\": 2, \"b\": [1,]}", -2);
	CHECK_INT(floe_diags_count(diags), 1);
	check_diag(0, "json/syntax", 1, 26, "unexpected token near ']'");
	CHECK(doc->root == NULL);
	floe_doc_free(doc);
	floe_limits_default(&lim);
	lim.max_nodes = 3;
	floe_doc_free(parse_lim("[1, 2, 3, 4, 5, 6 7]", 20, -2, &lim));
	CHECK_INT(floe_diags_count(diags), 1);
	check_diag(0, "json/syntax", 1, 19, "']' expected near '7'");
	/* jansson takes a NUL byte after a number; floe does not */
	floe_limits_default(&lim);
	floe_doc_free(parse_lim("[1\0]", 4, -2, &lim));
	CHECK_INT(floe_diags_count(diags), 1);
	check_diag(0, "json/syntax", 1, 3, "unexpected NUL byte");
	lim.max_nodes = 3;
	/* past the limit and JSON to its end: the limit, once */
	floe_doc_free(parse_lim("{\"x\": [1, 2, 3, 4], \"x\": 5}", 27, -2, &lim));
	CHECK_INT(floe_diags_count(diags), 1);
	check_diag(0, "json/too-many-nodes", 1, 8, "document has more than 3 values");
}

/* The checked loader builds the very tree the trusted one does (spans,
 * parents, numbers, strings, key indexes), on the schemas as written and
 * as compacted, and on texts with escapes, UTF-8, a BOM and CRLF. */
static void test_json__checked_same_as_trusted(void)
{
	static const char *const crafted[] = {
		"{\"\u00e9t\u00e9\": \"\u00fcber \\\"q\\\" \\ud83d\\ude00 tail\", "
		"\"k\": [1, -2.5e3, 0, -0, 12345678901234567890123, 1E+2, true, null,"
		" false, \"long string without escapes x\", \"\\n\\t\\/\\b\\f\\r\"],"
		" \"e\": {}, \"s\": [], \"n\": [[[]], {\"z\": {}}]}",
		"\xef\xbb\xbf{\r\n  \"a\": 1,\r\n\t\"b\": [ \"x\u00e9y\" ]\r\n}\r\n",
		"  \"just a string, nine+ bytes\"  ",
		"[\"ab\\u0000cd\", \"\u00e9\u00e9\u00e9\u00e9\u00e9 \u00e9\", 1.5]",
	};
	static const char *const names[] = {
		"schemas/floe.schema.json", "schemas/platform.schema.json",
		"schemas/json-schema-draft-07.json", "schemas/floe.schema.json#compact",
		"schemas/platform.schema.json#compact",
	};
	for (size_t i = 0; i < FLOE_ARRAY_SIZE(names) + FLOE_ARRAY_SIZE(crafted); i++) {
		size_t len = 0;
		const char *text = i < FLOE_ARRAY_SIZE(names)
			? floe_embedded_get(names[i], &len)
			: crafted[i - FLOE_ARRAY_SIZE(names)];
		CHECK(text != NULL);
		if (!text)
			continue;
		if (i >= FLOE_ARRAY_SIZE(names))
			len = strlen(text);
		floe_doc *checked = parse_lim(text, len, 0, NULL), *trusted = NULL;
		CHECK_INT(floe_doc_parse_json_trusted(&trusted, "t.json", text, len), 0);
		if (checked && checked->root && trusted && trusted->root)
			CHECK(same_tree(checked->root, trusted->root) >=
			      (i < 2 ? 1000u : 1u));
		else
			CHECK(!"both parsed");
		floe_doc_free(checked);
		floe_doc_free(trusted);
	}
}

static void test_json__load_files(void)
{
	char dir[] = "/tmp/floe-test-json-XXXXXX";
	CHECK(mkdtemp(dir) != NULL);
	char *path = floe_xmalloc(strlen(dir) + 16);
	memcpy(path, dir, strlen(dir));
	memcpy(path + strlen(dir), "/x.json", 8);
	FILE *f = fopen(path, "w");
	fputs("{\"k\": 1}", f);
	fclose(f);

	floe_doc *doc;
	floe_diags_free(diags);
	diags = floe_diags_new(0);
	CHECK_INT(floe_doc_load(&doc, diags, path, "shown.json", NULL), 0);
	CHECK_INT(floe_node_get(doc->root, "k")->v.i, 1);
	CHECK_STR(floe_source_path(doc->src), "shown.json");
	CHECK(floe_node_get(doc->root, "k")->flags == 0);
	floe_doc_free(doc);

	CHECK_INT(floe_doc_load(&doc, diags, "/nonexistent/x.yaml", NULL, NULL),
		  -2);
	CHECK(doc == NULL);
	check_diag(0, "io/not-found", 0, 0,
		   "cannot read '/nonexistent/x.yaml': no such file");
	CHECK_STR(floe_source_path(floe_diags_at(diags, 0)->span.src),
		  "/nonexistent/x.yaml");

	CHECK_INT(floe_doc_load(&doc, diags, dir, "d", NULL), -2);
	check_diag(1, "io/unreadable", 0, 0, "cannot read 'd': is a directory");

	floe_limits lim;
	floe_limits_default(&lim);
	lim.max_bytes = 3;
	CHECK_INT(floe_doc_load(&doc, diags, path, NULL, &lim), -2);
	CHECK(floe_diags_count(diags) == 3);
	CHECK_STR(floe_diags_at(diags, 2)->code, "io/too-large");
	unlink(path);
	rmdir(dir);
	free(path);
}

/* Two trees alike in every field a reader sees (spans, flags, values,
 * parents and positions, key indexes), node by node; b's deferred maps
 * are expanded on the way, and counted. */
static size_t deferred_seen;

static size_t same_tree(const floe_node *a, const floe_node *b)
{
	size_t bad = 0, n = 1;
	if (b->flags & FLOE_NODE_DEFERRED) {
		deferred_seen++;
		if (b->items || b->keys || !b->text)
			bad++;
		floe_node_expand(b);
	}
	if (a->kind != b->kind || a->flags != b->flags || a->index != b->index ||
	    a->len != b->len || a->span.line != b->span.line ||
	    a->span.col != b->span.col || a->span.end_line != b->span.end_line ||
	    a->span.end_col != b->span.end_col || !a->span.src || !b->span.src ||
	    (a->parent == NULL) != (b->parent == NULL) ||
	    (a->text == NULL) != (b->text == NULL) ||
	    (a->items == NULL) != (b->items == NULL) ||
	    (a->keys == NULL) != (b->keys == NULL))
		bad++;
	if (a->kind == FLOE_NODE_MAP || a->kind == FLOE_NODE_SEQ) {
		if ((a->kind == FLOE_NODE_MAP) &&
		    ((a->v.kx == NULL) != (b->v.kx == NULL) ||
		     (a->v.kx && memcmp(a->v.kx, b->v.kx, (a->v.kx[0] + 2) * 4))))
			bad++;
		for (size_t i = 0; !bad && i < a->len; i++) {
			if (a->items[i]->parent != a || b->items[i]->parent != b)
				bad++;
			if (a->kind == FLOE_NODE_MAP)
				n += same_tree(a->keys[i], b->keys[i]);
			n += same_tree(a->items[i], b->items[i]);
		}
	} else if (memcmp(a->text, b->text, a->len + 1) || memcmp(&a->v, &b->v, sizeof(a->v))) {
		bad++;
	}
	if (bad) {
		fprintf(stderr, "trees differ at %u:%u\n", a->span.line, a->span.col);
		unit_failed_checks++;
	}
	return n;
}

static void check_snapshot(const char *name, const char *text, size_t len)
{
	floe_doc *parsed = NULL, *back = NULL;
	uint32_t *w = NULL;
	size_t n = 0;

	CHECK_INT(floe_doc_parse_json_trusted(&parsed, name, text, len), 0);
	CHECK_INT(floe_doc_snapshot(&w, &n, parsed), 0);
	CHECK_INT(floe_doc_from_snapshot(&back, name, text, len, w, n), 0);
	if (parsed && back) {
		CHECK(same_tree(parsed->root, back->root) > 0);
		size_t l1;
		CHECK(strcmp(floe_source_text(back->src, &l1), text) == 0 && l1 == len);
	}
	floe_doc_free(parsed);
	floe_doc_free(back);
	free(w);
}

/* The snapshot of a tree reads back as the same tree: every kind, escapes,
 * a big map's key index, empty collections, several lines. */
static void test_json__snapshot_round_trip(void)
{
	floe_buf b;
	floe_buf_init(&b);
	floe_buf_puts(&b, "{\"s\": \"a\\\"b\\u00e9\\n\", \"i\": -42, \"big\": 123456789012345678901234,"
		      "\n \"f\": 2.5e-3, \"t\": true, \"n\": null, \"no\": false, \"e\": {}, \"a\": [],"
		      "\n \"\xc3\xa9t\xc3\xa9\": [1, [2, {\"x\": \"y\"}]], \"m\": {");
	for (int i = 0; i < 40; i++)
		floe_buf_printf(&b, "%s\"k%d\": %d", i ? ", " : "", i, i);
	floe_buf_puts(&b, "}}");
	check_snapshot("t.json", b.ptr, b.len);
	floe_buf_release(&b);
}

static size_t mark_maps(floe_node *n, bool on)
{
	size_t marked = 0;
	if (n->kind == FLOE_NODE_MAP && n->parent) {
		n->flags = on ? (n->flags | FLOE_NODE_DEFERRED) : (n->flags & ~FLOE_NODE_DEFERRED);
		marked++;
	}
	if (n->kind == FLOE_NODE_MAP || n->kind == FLOE_NODE_SEQ)
		for (size_t i = 0; i < n->len; i++)
			marked += mark_maps(n->items[i], on);
	return marked;
}

struct lookup { const floe_node *root; const char *ptr; const floe_node *found; };

static void *look_up(void *p)
{
	struct lookup *l = p;
	l->found = floe_node_at(l->root, l->ptr);
	return NULL;
}

/* Deferred maps read back as shells that lookups and floe_node_expand make
 * whole, the same tree in the end; from several threads at once too. */
static void test_json__snapshot_deferred(void)
{
	const char *text = "{\"a\": {\"b\": {\"c\": [1, {\"d\": \"e\"}]}, \"x\": {}},"
			   " \"f\": {\"g\": true}}";
	floe_doc *parsed = NULL, *back = NULL;
	uint32_t *w = NULL;
	size_t n = 0, len = strlen(text);

	CHECK_INT(floe_doc_parse_json_trusted(&parsed, "d.json", text, len), 0);
	CHECK_INT(mark_maps(parsed->root, true), 5);
	CHECK_INT(floe_doc_snapshot(&w, &n, parsed), 0);
	mark_maps(parsed->root, false);
	for (int round = 0; round < 2; round++) {
		CHECK_INT(floe_doc_from_snapshot(&back, "d.json", text, len, w, n), 0);
		const floe_node *a = floe_node_get(back->root, "a"); /* the root is whole */
		CHECK(a && (a->flags & FLOE_NODE_DEFERRED) && a->len == 2 && !a->items);
		if (round == 0) {
			const floe_node *d = floe_node_at(back->root, "/a/b/c/1/d");
			CHECK(d && d->kind == FLOE_NODE_STRING && strcmp(d->text, "e") == 0);
			CHECK(!(a->flags & FLOE_NODE_DEFERRED) && a->items);
			CHECK(floe_node_get(back->root, "f")->flags & FLOE_NODE_DEFERRED);
		} else {
			struct lookup l[8];
			pthread_t t[8];
			for (int i = 0; i < 8; i++) {
				l[i] = (struct lookup){ back->root, i % 2 ? "/a/b/c/1/d" : "/f/g", NULL };
				pthread_create(&t[i], NULL, look_up, &l[i]);
			}
			for (int i = 0; i < 8; i++) {
				pthread_join(t[i], NULL);
				CHECK(l[i].found && l[i].found == l[i % 2].found);
			}
		}
		deferred_seen = 0;
		CHECK_INT(same_tree(parsed->root, back->root), 17);
		CHECK_INT(deferred_seen, round == 0 ? 2 : 1); /* x, and f unless a thread made it */
		floe_doc_free(back);
		back = NULL;
	}
	floe_doc_free(parsed);
	free(w);
}

/* The snapshots built into floe are the trusted parser's trees of the
 * compact schemas they were made from, and a blob that does not belong to
 * a text is refused. */
static void test_json__snapshot_builtin(void)
{
	static const char *const names[] = { "schemas/floe.schema.json",
					      "schemas/platform.schema.json" };
	for (size_t i = 0; i < 2; i++) {
		char compact[80];
		size_t len, n;
		floe_doc *parsed = NULL, *back = NULL;
		snprintf(compact, sizeof(compact), "%s#compact", names[i]);
		const char *text = floe_embedded_get(compact, &len);
		const uint32_t *w = floe_snapshot_get(names[i], &n);
		CHECK(text && w);
		if (!text || !w)
			continue;
		CHECK_INT(floe_doc_parse_json_trusted(&parsed, names[i], text, len), 0);
		CHECK_INT(floe_doc_from_snapshot(&back, names[i], text, len, w, n), 0);
		deferred_seen = 0;
		CHECK(same_tree(parsed->root, back->root) > 1000);
		CHECK(deferred_seen > 100); /* the subschemas */
		floe_doc_free(parsed);
		floe_doc_free(back);
		/* another text's length, a cut blob, another magic */
		CHECK_INT(floe_doc_from_snapshot(&back, names[i], text, len - 1, w, n), FLOE_ERROR);
		CHECK(back == NULL);
		CHECK_INT(floe_doc_from_snapshot(&back, names[i], text, len, w, n - 1), FLOE_ERROR);
		CHECK_INT(floe_doc_from_snapshot(&back, names[i], text, len, w + 1, n - 1), FLOE_ERROR);
	}
}

int main(void)
{
	RUN(test_json__spans);
	RUN(test_json__crlf_and_bom);
	RUN(test_json__numbers);
	RUN(test_json__strings);
	RUN(test_json__scalar_roots);
	RUN(test_json__duplicate_keys);
	RUN(test_json__duplicate_keys_big_map);
	RUN(test_json__syntax_errors);
	RUN(test_json__invalid_utf8);
	RUN(test_json__too_deep);
	RUN(test_json__limits);
	RUN(test_json__build_reports_held_back);
	RUN(test_json__checked_same_as_trusted);
	RUN(test_json__load_files);
	RUN(test_json__snapshot_round_trip);
	RUN(test_json__snapshot_deferred);
	RUN(test_json__snapshot_builtin);
	floe_diags_free(diags);
	return unit_done("json");
}
