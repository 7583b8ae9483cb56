/*
 * test_node.c: the node API over trees built in code and from JSON:
 * lookups, JSON pointers both ways (RFC 6901 escapes), the schema-typed
 * reads and JSON equality.
 */
#include <stdlib.h>
#include "unit.h"
#include "floe/load.h"
#include "util/util.h"

static floe_doc *json(const char *text)
{
	floe_diags *d = floe_diags_new(0);
	floe_doc *doc;
	int rc = floe_load_json(&doc, d, "t.json", text, strlen(text),
				     NULL);
	CHECK_INT(rc, 0);
	CHECK_INT(floe_diags_count(d), 0);
	floe_diags_free(d);
	return doc;
}

static floe_node *scalar(floe_arena *a, floe_node_kind kind, const char *text,
			 unsigned flags)
{
	floe_node *n = floe_node_new(a, kind);
	n->text = text;
	n->len = strlen(text);
	n->flags = (uint8_t)flags;
	return n;
}

static void test_node__get(void)
{
	floe_doc *doc = json("{\"a\": 1, \"b\": {\"c\": [true]}}");
	floe_node *b = floe_node_get(doc->root, "b");
	CHECK(b && b->kind == FLOE_NODE_MAP);
	CHECK(floe_node_get(doc->root, "zz") == NULL);
	CHECK(floe_node_get(floe_node_get(doc->root, "a"), "x") == NULL);
	CHECK(floe_node_get(NULL, "a") == NULL);
	floe_node *k = floe_node_get_key(doc->root, "b");
	CHECK(k && k->kind == FLOE_NODE_STRING);
	CHECK_INT(k->span.col, 10);
	CHECK(floe_node_key_of(b) == k);
	CHECK(floe_node_key_of(doc->root) == NULL);
	floe_node *c = floe_node_get(b, "c");
	CHECK(floe_node_key_of(c->items[0]) == NULL);
	CHECK(c->items[0]->parent == c);
	floe_doc_free(doc);
}

static void test_node__pointer_escapes(void)
{
	floe_doc *doc = json("{\"a/b\": {\"m~n\": [0, {\"~/\": 1}]}, \"\": 2}");
	floe_arena *a = doc->arena;
	floe_node *x = floe_node_get(doc->root, "a/b");
	floe_node *y = floe_node_get(x, "m~n");
	floe_node *z = floe_node_get(y->items[1], "~/");

	CHECK_STR(floe_node_pointer(a, doc->root), "");
	CHECK_STR(floe_node_pointer(a, x), "/a~1b");
	CHECK_STR(floe_node_pointer(a, y), "/a~1b/m~0n");
	CHECK_STR(floe_node_pointer(a, y->items[0]), "/a~1b/m~0n/0");
	CHECK_STR(floe_node_pointer(a, z), "/a~1b/m~0n/1/~0~1");
	CHECK_STR(floe_node_pointer(a, floe_node_get(doc->root, "")), "/");
	CHECK(floe_node_at(doc->root, "/a~1b/m~0n/1/~0~1") == z);
	CHECK(floe_node_at(doc->root, "") == doc->root);
	CHECK(floe_node_at(doc->root, "/") == floe_node_get(doc->root, ""));
	CHECK(floe_node_at(doc->root, "/a~1b/m~0n/0") == y->items[0]);
	floe_doc_free(doc);
}

static void test_node__at_rejects(void)
{
	floe_doc *doc = json("{\"a\": [10, 11], \"~2\": 1}");
	CHECK(floe_node_at(doc->root, "a") == NULL);        /* no leading / */
	CHECK(floe_node_at(doc->root, "/a/2") == NULL);     /* out of range */
	CHECK(floe_node_at(doc->root, "/a/01") == NULL);    /* leading zero */
	CHECK(floe_node_at(doc->root, "/a/-") == NULL);
	CHECK(floe_node_at(doc->root, "/a/1x") == NULL);
	CHECK(floe_node_at(doc->root, "/~2") == NULL);      /* bad escape */
	CHECK(floe_node_at(doc->root, "/a/0/x") == NULL);
	CHECK(floe_node_at(doc->root, "/b") == NULL);
	CHECK(floe_node_at(NULL, "") == NULL);
	CHECK(floe_node_at(doc->root, "/a/1")->v.i == 11);
	floe_doc_free(doc);
}

static void test_node__pointer_deep(void)
{
	/* deeper than the pointer's fast path */
	floe_buf b = FLOE_BUF_INIT;
	floe_limits lim;
	floe_limits_default(&lim);
	for (int i = 0; i < 100; i++)
		floe_buf_puts(&b, "{\"k\":");
	floe_buf_puts(&b, "1");
	for (int i = 0; i < 100; i++)
		floe_buf_puts(&b, "}");
	floe_diags *d = floe_diags_new(0);
	floe_doc *doc;
	CHECK_INT(floe_load_json(&doc, d, "t", b.ptr, b.len, &lim), 0);
	floe_node *n = doc->root;
	while (n->kind == FLOE_NODE_MAP)
		n = n->items[0];
	const char *p = floe_node_pointer(doc->arena, n);
	CHECK_INT(strlen(p), 200);
	CHECK(floe_node_at(doc->root, p) == n);
	floe_doc_free(doc);
	floe_diags_free(d);
	floe_buf_release(&b);
}

static void test_node__as_string(void)
{
	floe_arena *a = floe_arena_new();
	const char *s = NULL;
	floe_node *plain_int = scalar(a, FLOE_NODE_INT, "8080", FLOE_NODE_PLAIN);
	floe_node *plain_bool = scalar(a, FLOE_NODE_BOOL, "true", FLOE_NODE_PLAIN);
	floe_node *plain_null = scalar(a, FLOE_NODE_NULL, "~", FLOE_NODE_PLAIN);
	floe_node *json_int = scalar(a, FLOE_NODE_INT, "8080", 0);
	floe_node *quoted = scalar(a, FLOE_NODE_STRING, "x", FLOE_NODE_QUOTED);

	CHECK(floe_node_as_string(plain_int, &s) && strcmp(s, "8080") == 0);
	CHECK(floe_node_as_string(plain_bool, &s) && strcmp(s, "true") == 0);
	CHECK(!floe_node_as_string(plain_null, &s));
	CHECK(!floe_node_as_string(json_int, &s));
	CHECK(floe_node_as_string(quoted, &s) && strcmp(s, "x") == 0);
	CHECK(!floe_node_as_string(floe_node_new(a, FLOE_NODE_MAP), &s));
	CHECK(!floe_node_as_string(NULL, &s));
	floe_arena_free(a);
}

static void test_node__as_numbers(void)
{
	floe_arena *a = floe_arena_new();
	int64_t i = 0;
	double d = 0;
	bool b = false;
	floe_node *q4 = scalar(a, FLOE_NODE_STRING, "4", FLOE_NODE_QUOTED);
	floe_node *q45 = scalar(a, FLOE_NODE_STRING, "4.5", FLOE_NODE_QUOTED);
	floe_node *qtrue = scalar(a, FLOE_NODE_STRING, "true", FLOE_NODE_QUOTED);
	floe_node *qx = scalar(a, FLOE_NODE_STRING, "x", FLOE_NODE_QUOTED);
	floe_node *s4 = scalar(a, FLOE_NODE_STRING, "4", 0); /* JSON "4" */
	floe_node *f3 = scalar(a, FLOE_NODE_FLOAT, "3.0", 0);
	floe_node *f35 = scalar(a, FLOE_NODE_FLOAT, "3.5", 0);
	floe_node *big = scalar(a, FLOE_NODE_INT, "99999999999999999999",
				FLOE_NODE_BIGINT);
	f3->v.d = 3.0;
	f35->v.d = 3.5;
	big->v.d = 1e20;

	CHECK(floe_node_as_int(q4, &i) && i == 4);
	CHECK(!floe_node_as_int(q45, &i));
	CHECK(floe_node_as_number(q45, &d) && d == 4.5);
	CHECK(!floe_node_as_int(qx, &i) && !floe_node_as_number(qx, &d));
	CHECK(!floe_node_as_int(s4, &i));
	CHECK(floe_node_as_int(f3, &i) && i == 3);
	CHECK(!floe_node_as_int(f35, &i));
	CHECK(!floe_node_as_int(big, &i));
	CHECK(floe_node_as_number(big, &d) && d == 1e20);
	CHECK(floe_node_as_bool(qtrue, &b) && b);
	CHECK(!floe_node_as_bool(q4, &b));
	CHECK(!floe_node_as_bool(scalar(a, FLOE_NODE_STRING, "true", 0), &b));
	floe_arena_free(a);
}

static void test_node__equal(void)
{
	floe_doc *x = json("{\"a\": [1, 2.0, {\"k\": null}], \"b\": \"s\", "
			   "\"big\": 123456789012345678901234567890}");
	floe_doc *y = json("{\"big\": 123456789012345678901234567890, "
			   "\"b\": \"s\", \"a\": [1.0, 2, {\"k\": null}]}");
	floe_doc *z = json("{\"big\": 123456789012345678901234567891, "
			   "\"b\": \"s\", \"a\": [1.0, 2, {\"k\": null}]}");
	floe_doc *w = json("[1, true, \"1\", null, 9007199254740993, "
			   "9007199254740992.0]");
	floe_node **it = w->root->items;

	CHECK(floe_node_equal(x->root, y->root));
	CHECK(!floe_node_equal(x->root, z->root)); /* big ints by text */
	CHECK(!floe_node_equal(it[0], it[1]));     /* 1 != true */
	CHECK(!floe_node_equal(it[0], it[2]));     /* 1 != "1" */
	CHECK(!floe_node_equal(it[3], it[0]));
	CHECK(floe_node_equal(it[3], it[3]));
	CHECK(!floe_node_equal(it[4], it[5]));     /* exact, not via double */
	CHECK(!floe_node_equal(NULL, it[0]));
	floe_doc_free(x);
	floe_doc_free(y);
	floe_doc_free(z);
	floe_doc_free(w);
}

static void test_node__equal_big_maps(void)
{
	floe_buf a = FLOE_BUF_INIT, b = FLOE_BUF_INIT;
	floe_buf_putc(&a, '{');
	floe_buf_putc(&b, '{');
	for (int i = 0; i < 40; i++) {
		floe_buf_printf(&a, "%s\"k%d\": %d", i ? "," : "", i, i);
		floe_buf_printf(&b, "%s\"k%d\": %d", i ? "," : "", 39 - i,
				39 - i);
	}
	floe_buf_putc(&a, '}');
	floe_buf_putc(&b, '}');
	floe_doc *x = json(a.ptr), *y = json(b.ptr);
	CHECK(floe_node_equal(x->root, y->root));
	floe_node_at(y->root, "/k7")->v.i = 8;
	CHECK(!floe_node_equal(x->root, y->root));
	floe_doc_free(x);
	floe_doc_free(y);
	floe_buf_release(&a);
	floe_buf_release(&b);
}

static void test_node__kind_name(void)
{
	CHECK_STR(floe_node_kind_name(FLOE_NODE_NULL), "null");
	CHECK_STR(floe_node_kind_name(FLOE_NODE_BOOL), "boolean");
	CHECK_STR(floe_node_kind_name(FLOE_NODE_INT), "integer");
	CHECK_STR(floe_node_kind_name(FLOE_NODE_FLOAT), "number");
	CHECK_STR(floe_node_kind_name(FLOE_NODE_STRING), "string");
	CHECK_STR(floe_node_kind_name(FLOE_NODE_SEQ), "array");
	CHECK_STR(floe_node_kind_name(FLOE_NODE_MAP), "object");
}

int main(void)
{
	RUN(test_node__get);
	RUN(test_node__pointer_escapes);
	RUN(test_node__at_rejects);
	RUN(test_node__pointer_deep);
	RUN(test_node__as_string);
	RUN(test_node__as_numbers);
	RUN(test_node__equal);
	RUN(test_node__equal_big_maps);
	RUN(test_node__kind_name);
	return unit_done("node");
}
