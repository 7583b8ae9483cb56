/*
 * test_yaml.c: the YAML loader: spans (code-point columns, CRLF, BOM), the
 * core-schema typing table, tags, aliases and merge keys, the limits that
 * stop hostile input (alias bombs, deep nesting) and every yaml/
 * diagnostic with its message and position.
 */
#include <math.h>
#include <stdlib.h>
#include "unit.h"
#include "floe/load.h"
#include "util/util.h"

static floe_diags *diags;

static floe_doc *parse_lim(const char *text, size_t len, int want_rc,
			   const floe_limits *lim)
{
	floe_doc *doc = NULL;
	floe_diags_free(diags);
	diags = floe_diags_new(0);
	int rc = floe_load_yaml(&doc, diags, "t.yaml", text, len, lim);
	CHECK_INT(rc, want_rc);
	return doc;
}

static floe_doc *parse(const char *text, int want_rc)
{
	return parse_lim(text, strlen(text), want_rc, NULL);
}

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

static floe_node *at(floe_doc *doc, const char *pointer)
{
	floe_node *n = floe_node_at(doc->root, pointer);
	CHECK(n != NULL);
	return n;
}

static void test_yaml__spans(void)
{
	floe_doc *doc = parse("name: demo\n"
			      "list:\n"
			      "  - a\n"
			      "  - {k: \"v\"}\n"
			      "empty:\n", 0);
	check_span(&doc->root->span, 1, 1, 5, 7);
	check_span(&floe_node_get_key(doc->root, "name")->span, 1, 1, 1, 5);
	check_span(&at(doc, "/name")->span, 1, 7, 1, 11);
	check_span(&at(doc, "/list")->span, 3, 3, 4, 13);
	check_span(&at(doc, "/list/0")->span, 3, 5, 3, 6);
	check_span(&at(doc, "/list/1")->span, 4, 5, 4, 13);
	check_span(&at(doc, "/list/1/k")->span, 4, 9, 4, 12);
	check_span(&at(doc, "/empty")->span, 5, 7, 5, 7);
	CHECK(at(doc, "/empty")->kind == FLOE_NODE_NULL);
	CHECK_STR(floe_node_pointer(doc->arena, at(doc, "/list/1/k")),
		  "/list/1/k");
	floe_doc_free(doc);
}

/* libyaml's mark.column counts code points, not bytes: pinned here. */
static void test_yaml__columns_count_code_points(void)
{
	floe_doc *doc = parse("é: ü\n日本語: [x, 😀, y]\n", 0);
	check_span(&floe_node_get_key(doc->root, "é")->span, 1, 1, 1, 2);
	check_span(&at(doc, "/é")->span, 1, 4, 1, 5);
	check_span(&floe_node_get_key(doc->root, "日本語")->span, 2, 1, 2, 4);
	check_span(&at(doc, "/日本語/1")->span, 2, 10, 2, 11);
	check_span(&at(doc, "/日本語/2")->span, 2, 13, 2, 14);
	floe_doc_free(doc);
}

static void test_yaml__crlf(void)
{
	floe_doc *doc = parse("a: 1\r\nbb:\r\n  - x\r\n", 0);
	check_span(&at(doc, "/a")->span, 1, 4, 1, 5);
	check_span(&floe_node_get_key(doc->root, "bb")->span, 2, 1, 2, 3);
	check_span(&at(doc, "/bb/0")->span, 3, 5, 3, 6);
	CHECK_STR(at(doc, "/bb/0")->text, "x");
	floe_doc_free(doc);
}

/* A lone CR ends a line, as libyaml counts it: positions and source lines agree. */
static void test_yaml__lone_cr(void)
{
	floe_doc *doc = parse("a: 1\rbb:\r  - x\r", 0);
	check_span(&at(doc, "/a")->span, 1, 4, 1, 5);
	check_span(&floe_node_get_key(doc->root, "bb")->span, 2, 1, 2, 3);
	check_span(&at(doc, "/bb/0")->span, 3, 5, 3, 6);
	size_t n;
	const char *line = floe_source_line(doc->src, 2, &n);
	CHECK(line && n == 3 && memcmp(line, "bb:", 3) == 0);
	floe_doc_free(doc);
}

/* Big maps get a hash index: every key found, misses and merged keys too. */
static void test_yaml__big_map_lookup(void)
{
	floe_buf b = FLOE_BUF_INIT;
	floe_buf_puts(&b, "base: &b {m1: 1, m2: 2}\nbig:\n  <<: *b\n");
	for (int i = 0; i < 500; i++)
		floe_buf_printf(&b, "  k%d: %d\n", i, i);
	floe_doc *doc = parse(floe_buf_cstr(&b), 0);
	floe_node *big = at(doc, "/big");
	CHECK_INT(big->len, 502);
	for (int i = 0; i < 500; i++) {
		char key[16];
		snprintf(key, sizeof(key), "k%d", i);
		floe_node *v = floe_node_get(big, key);
		CHECK(v && v->v.i == i);
	}
	CHECK(floe_node_get(big, "m2") && floe_node_get(big, "m2")->v.i == 2);
	CHECK(floe_node_get(big, "k500") == NULL);
	CHECK(floe_node_get(big, "") == NULL);
	floe_doc_free(doc);
	floe_buf_release(&b);
}

static void test_yaml__bom(void)
{
	/* the BOM is a code point of line 1 in the source, as rendered */
	floe_doc *doc = parse("\xef\xbb\xbf" "ab: 1\n", 0);
	check_span(&floe_node_get_key(doc->root, "ab")->span, 1, 2, 1, 4);
	check_span(&at(doc, "/ab")->span, 1, 6, 1, 7);
	floe_doc_free(doc);
}

static const struct {
	const char *text;
	floe_node_kind kind;
} core_table[] = {
	{ "", FLOE_NODE_NULL }, { "~", FLOE_NODE_NULL },
	{ "null", FLOE_NODE_NULL }, { "Null", FLOE_NODE_NULL },
	{ "NULL", FLOE_NODE_NULL }, { "nULL", FLOE_NODE_STRING },
	{ "true", FLOE_NODE_BOOL }, { "True", FLOE_NODE_BOOL },
	{ "TRUE", FLOE_NODE_BOOL }, { "false", FLOE_NODE_BOOL },
	{ "False", FLOE_NODE_BOOL }, { "FALSE", FLOE_NODE_BOOL },
	{ "yes", FLOE_NODE_STRING }, { "no", FLOE_NODE_STRING },
	{ "on", FLOE_NODE_STRING }, { "off", FLOE_NODE_STRING },
	{ "y", FLOE_NODE_STRING }, { "tRUE", FLOE_NODE_STRING },
	{ "0", FLOE_NODE_INT }, { "-12", FLOE_NODE_INT },
	{ "+12", FLOE_NODE_INT }, { "007", FLOE_NODE_INT },
	{ "0o17", FLOE_NODE_INT }, { "0x1F", FLOE_NODE_INT },
	{ "0x", FLOE_NODE_STRING }, { "0o8", FLOE_NODE_STRING },
	{ "-0x1", FLOE_NODE_STRING }, { "1_000", FLOE_NODE_STRING },
	{ "1:30", FLOE_NODE_STRING }, { "0b101", FLOE_NODE_STRING },
	{ "1.5", FLOE_NODE_FLOAT }, { "-.5", FLOE_NODE_FLOAT },
	{ "1.", FLOE_NODE_FLOAT }, { "1e3", FLOE_NODE_FLOAT },
	{ "1.5E-3", FLOE_NODE_FLOAT }, { "+2.5e+2", FLOE_NODE_FLOAT },
	{ ".", FLOE_NODE_STRING }, { "1e", FLOE_NODE_STRING },
	{ "e3", FLOE_NODE_STRING }, { ".inf", FLOE_NODE_FLOAT },
	{ "-.Inf", FLOE_NODE_FLOAT }, { "+.INF", FLOE_NODE_FLOAT },
	{ ".nan", FLOE_NODE_FLOAT }, { ".NaN", FLOE_NODE_FLOAT },
	{ ".NAN", FLOE_NODE_FLOAT }, { "-.nan", FLOE_NODE_STRING },
	{ ".infinity", FLOE_NODE_STRING }, { "1.2.3", FLOE_NODE_STRING },
	{ "3.11", FLOE_NODE_FLOAT }, { "v1", FLOE_NODE_STRING },
};

static void test_yaml__core_schema(void)
{
	for (size_t i = 0; i < FLOE_ARRAY_SIZE(core_table); i++) {
		floe_buf b = FLOE_BUF_INIT;
		floe_buf_printf(&b, "v: %s\n", core_table[i].text);
		floe_doc *doc = parse(b.ptr, 0);
		floe_node *v = floe_node_get(doc->root, "v");
		if (v->kind != core_table[i].kind)
			fprintf(stderr, "  core schema: '%s'\n",
				core_table[i].text);
		CHECK_INT(v->kind, core_table[i].kind);
		CHECK(v->flags & FLOE_NODE_PLAIN);
		CHECK_STR(v->text, core_table[i].text);
		floe_doc_free(doc);
		floe_buf_release(&b);
	}
}

static void test_yaml__scalar_values(void)
{
	floe_doc *doc = parse("[0o17, 0x1F, -12, 1e3, -.inf, True, "
			      "9223372036854775808, 0x8000000000000000, "
			      "-9223372036854775808]", 0);
	floe_node **it = doc->root->items;
	CHECK_INT(it[0]->v.i, 15);
	CHECK_INT(it[1]->v.i, 31);
	CHECK_INT(it[2]->v.i, -12);
	CHECK(it[3]->v.d == 1000.0);
	CHECK(it[4]->v.d < 0 && isinf(it[4]->v.d));
	CHECK(it[5]->v.b);
	CHECK(it[6]->flags & FLOE_NODE_BIGINT);
	CHECK(it[6]->v.d == 9223372036854775808.0);
	CHECK(it[7]->flags & FLOE_NODE_BIGINT);
	CHECK(it[7]->v.d == 9223372036854775808.0);
	CHECK(!(it[8]->flags & FLOE_NODE_BIGINT) && it[8]->v.i == INT64_MIN);
	floe_doc_free(doc);
}

static void test_yaml__quoted_and_block(void)
{
	floe_doc *doc = parse("a: \"4\"\nb: 'true'\nc: |\n  x\n  y\nd: >-\n"
			      "  p\n  q\ne: \"\\0z\"\n", 0);
	floe_node *a = at(doc, "/a"), *c = at(doc, "/c"), *e = at(doc, "/e");
	CHECK(a->kind == FLOE_NODE_STRING && a->flags == FLOE_NODE_QUOTED);
	CHECK(c->kind == FLOE_NODE_STRING && c->flags == FLOE_NODE_QUOTED);
	CHECK_STR(c->text, "x\ny\n");
	CHECK_STR(at(doc, "/d")->text, "p q");
	CHECK_INT(e->len, 2);
	CHECK(memcmp(e->text, "\0z", 2) == 0);
	floe_doc_free(doc);
}

static void test_yaml__typed_reads(void)
{
	floe_doc *doc = parse("q4: \"4\"\nno: no\nt: true\nn: ~\nport: 8080\n"
			      "qt: 'true'\nqf: \"1.5\"\nf: 2.0\n", 0);
	const char *s;
	int64_t i;
	double d;
	bool b;
	CHECK(floe_node_as_int(at(doc, "/q4"), &i) && i == 4);
	CHECK(floe_node_as_string(at(doc, "/q4"), &s) && strcmp(s, "4") == 0);
	CHECK(floe_node_as_string(at(doc, "/no"), &s) && strcmp(s, "no") == 0);
	CHECK(!floe_node_as_bool(at(doc, "/no"), &b));
	CHECK(at(doc, "/t")->kind == FLOE_NODE_BOOL);
	CHECK(floe_node_as_bool(at(doc, "/t"), &b) && b);
	CHECK(floe_node_as_string(at(doc, "/t"), &s) && strcmp(s, "true") == 0);
	CHECK(!floe_node_as_string(at(doc, "/n"), &s));
	CHECK(floe_node_as_string(at(doc, "/port"), &s) &&
	      strcmp(s, "8080") == 0);
	CHECK(floe_node_as_bool(at(doc, "/qt"), &b) && b);
	CHECK(floe_node_as_number(at(doc, "/qf"), &d) && d == 1.5);
	CHECK(floe_node_as_int(at(doc, "/f"), &i) && i == 2);
	floe_doc_free(doc);
}

static void test_yaml__tags(void)
{
	floe_doc *doc = parse("a: !!str 12\nb: !!int \"12\"\nc: !!float 1\n"
			      "d: !!bool 'false'\ne: !!null ''\nf: ! 12\n"
			      "g: !!map {x: 1}\nh: !!seq [1]\n"
			      "i: !<tag:yaml.org,2002:str> 5\n", 0);
	CHECK(at(doc, "/a")->kind == FLOE_NODE_STRING && at(doc, "/a")->flags == 0);
	CHECK(at(doc, "/b")->kind == FLOE_NODE_INT && at(doc, "/b")->v.i == 12);
	CHECK(at(doc, "/b")->flags == 0);
	CHECK(at(doc, "/c")->kind == FLOE_NODE_FLOAT && at(doc, "/c")->v.d == 1.0);
	CHECK(at(doc, "/d")->kind == FLOE_NODE_BOOL && !at(doc, "/d")->v.b);
	CHECK(at(doc, "/e")->kind == FLOE_NODE_NULL);
	CHECK(at(doc, "/f")->kind == FLOE_NODE_STRING && at(doc, "/f")->flags == 0);
	CHECK(at(doc, "/g")->kind == FLOE_NODE_MAP);
	CHECK(at(doc, "/h")->kind == FLOE_NODE_SEQ);
	CHECK(at(doc, "/i")->kind == FLOE_NODE_STRING);
	floe_doc_free(doc);
}

static void test_yaml__tag_errors(void)
{
	floe_doc *doc = parse("a: !!int abc\nb: !!binary aGk=\nc: !local x\n"
			      "d: !!seq {k: v}\ne: !!bool yes\n", -2);
	CHECK_INT(floe_diags_count(diags), 5);
	check_diag(0, "yaml/bad-tagged-value", 1, 4, "'abc' is not a valid !!int");
	CHECK_STR(floe_diags_at(diags, 0)->pointer, "/a");
	check_diag(1, "yaml/unknown-tag", 2, 4, "unknown tag '!!binary'");
	check_diag(2, "yaml/unknown-tag", 3, 4, "unknown tag '!local'");
	check_diag(3, "yaml/bad-tagged-value", 4, 4,
		   "a mapping cannot be tagged '!!seq'");
	check_diag(4, "yaml/bad-tagged-value", 5, 4, "'yes' is not a valid !!bool");
	CHECK(at(doc, "/a")->kind == FLOE_NODE_STRING);
	CHECK(at(doc, "/b")->kind == FLOE_NODE_STRING);  /* typed as untagged */
	floe_doc_free(doc);
}

static void test_yaml__duplicate_keys(void)
{
	floe_doc *doc = parse("a: 1\nb:\n  x: 1\n  x: 2\na: 3\n\"b\": 4\n", -2);
	CHECK_INT(floe_diags_count(diags), 3);
	check_diag(0, "yaml/duplicate-key", 4, 3, "duplicate key 'x'");
	check_diag(1, "yaml/duplicate-key", 5, 1, "duplicate key 'a'");
	check_diag(2, "yaml/duplicate-key", 6, 1, "duplicate key 'b'");
	const floe_diag *g = floe_diags_at(diags, 0);
	CHECK_STR(g->pointer, "/b/x");
	CHECK(g->notes != NULL);
	if (g->notes) {
		CHECK_STR(g->notes->msg, "first defined here");
		check_span(&g->notes->span, 3, 3, 3, 4);
	}
	CHECK_INT(at(doc, "/a")->v.i, 1);  /* the first one stays */
	CHECK_INT(doc->root->len, 2);
	floe_doc_free(doc);
}

static void test_yaml__keys_by_text(void)
{
	floe_doc *doc = parse("1: one\ntrue: t\n~: n\n1.50: f\n", 0);
	CHECK_STR(at(doc, "/1")->text, "one");
	CHECK_STR(at(doc, "/true")->text, "t");
	CHECK_STR(at(doc, "/~0")->text, "n");
	CHECK_STR(at(doc, "/1.50")->text, "f");
	for (size_t i = 0; i < doc->root->len; i++)
		CHECK(doc->root->keys[i]->kind == FLOE_NODE_STRING);
	floe_doc_free(doc);
	doc = parse("1: a\n'1': b\n", -2);
	check_diag(0, "yaml/duplicate-key", 2, 1, "duplicate key '1'");
	floe_doc_free(doc);
}

static void test_yaml__complex_key(void)
{
	floe_doc *doc = parse("? [a, b]\n: v\nk: w\n? {x: 1}\n: z\n", -2);
	CHECK_INT(floe_diags_count(diags), 2);
	check_diag(0, "yaml/complex-key", 1, 3,
		   "a sequence as a mapping key is not supported");
	check_diag(1, "yaml/complex-key", 4, 3,
		   "a mapping as a mapping key is not supported");
	CHECK_INT(doc->root->len, 1);
	CHECK_STR(at(doc, "/k")->text, "w");
	floe_doc_free(doc);
}

static void test_yaml__aliases(void)
{
	floe_doc *doc = parse("base: &b\n  host: h\n  ports: [1, 2]\n"
			      "copy: *b\nname: &n x\nalso: *n\n", 0);
	floe_node *base = at(doc, "/base"), *copy = at(doc, "/copy");
	CHECK(base != copy);
	CHECK(floe_node_equal(base, copy));
	CHECK(copy->parent == doc->root);
	CHECK(at(doc, "/copy/ports/1")->parent == at(doc, "/copy/ports"));
	CHECK(at(doc, "/copy/host") != at(doc, "/base/host"));
	CHECK_STR(floe_node_pointer(doc->arena, at(doc, "/copy/ports/1")),
		  "/copy/ports/1");
	/* copies keep the anchored text's spans */
	check_span(&at(doc, "/copy/host")->span, 2, 9, 2, 10);
	check_span(&copy->span, 1, 7, 3, 16);
	CHECK_STR(at(doc, "/also")->text, "x");
	CHECK(at(doc, "/also")->flags & FLOE_NODE_PLAIN);
	floe_doc_free(doc);
}

static void test_yaml__alias_errors(void)
{
	floe_doc *doc = parse("a: *nope\nb: &r [1, *r]\n", -2);
	check_diag(0, "yaml/unknown-anchor", 1, 4, "unknown anchor 'nope'");
	check_diag(1, "yaml/unknown-anchor", 2, 11,
		   "alias '*r' refers to a node that contains it");
	CHECK(at(doc, "/a")->kind == FLOE_NODE_NULL);
	floe_doc_free(doc);
}

static void test_yaml__anchored_key(void)
{
	floe_doc *doc = parse("&k 5: a\nv: *k\n*k : b\n", -2);
	check_diag(0, "yaml/duplicate-key", 3, 1, "duplicate key '5'");
	CHECK(at(doc, "/v")->kind == FLOE_NODE_INT); /* the anchor stays typed */
	floe_doc_free(doc);
}

static void test_yaml__merge_keys(void)
{
	floe_doc *doc = parse("base: &base {host: h, port: 1}\n"
			      "more: &more {port: 2, user: u}\n"
			      "one:\n  <<: *base\n  port: 9\n"
			      "two:\n  <<: [*more, *base]\n  name: n\n"
			      "three:\n  <<: {a: 1}\n", 0);
	CHECK_INT(at(doc, "/one/port")->v.i, 9);       /* explicit wins */
	CHECK_STR(at(doc, "/one/host")->text, "h");
	CHECK_INT(at(doc, "/one")->len, 2);
	CHECK(floe_node_get(at(doc, "/one"), "<<") == NULL);
	CHECK_INT(at(doc, "/two/port")->v.i, 2);       /* earlier map wins */
	CHECK_STR(at(doc, "/two/user")->text, "u");
	CHECK_STR(at(doc, "/two/host")->text, "h");
	CHECK_INT(at(doc, "/two")->len, 4);
	CHECK_STR(doc->root->keys[2]->text, "one");
	CHECK_STR(at(doc, "/two")->keys[0]->text, "port"); /* in << 's place */
	CHECK_STR(at(doc, "/two")->keys[3]->text, "name");
	CHECK_INT(at(doc, "/three/a")->v.i, 1);
	CHECK_STR(floe_node_pointer(doc->arena, at(doc, "/two/host")),
		  "/two/host");
	CHECK(floe_node_key_of(at(doc, "/two/host"))->parent == at(doc, "/two"));
	floe_doc_free(doc);
	/* a quoted "<<" is an ordinary key */
	doc = parse("\"<<\": {a: 1}\n", 0);
	CHECK(floe_node_get(doc->root, "<<") != NULL);
	floe_doc_free(doc);
}

static void test_yaml__bad_merge(void)
{
	floe_doc *doc = parse("a: &a {x: 1}\nb:\n  <<: 5\nc:\n  <<: [*a, s]\n"
			      "d:\n  <<: *a\n  <<: *a\n", -2);
	CHECK_INT(floe_diags_count(diags), 3);
	check_diag(0, "yaml/bad-merge", 3, 7,
		   "cannot merge an integer: '<<' takes a mapping or a list "
		   "of mappings");
	check_diag(1, "yaml/bad-merge", 5, 12,
		   "cannot merge a string: '<<' takes a mapping or a list "
		   "of mappings");
	check_diag(2, "yaml/duplicate-key", 8, 3, "duplicate key '<<'");
	CHECK_INT(at(doc, "/c/x")->v.i, 1);
	floe_doc_free(doc);
}

static void test_yaml__alias_bomb(void)
{
	const char *bomb =
		"a: &a [lol, lol, lol, lol, lol, lol, lol, lol, lol]\n"
		"b: &b [*a, *a, *a, *a, *a, *a, *a, *a, *a]\n"
		"c: &c [*b, *b, *b, *b, *b, *b, *b, *b, *b]\n"
		"d: &d [*c, *c, *c, *c, *c, *c, *c, *c, *c]\n"
		"e: &e [*d, *d, *d, *d, *d, *d, *d, *d, *d]\n"
		"f: &f [*e, *e, *e, *e, *e, *e, *e, *e, *e]\n"
		"g: &g [*f, *f, *f, *f, *f, *f, *f, *f, *f]\n"
		"h: &h [*g, *g, *g, *g, *g, *g, *g, *g, *g]\n"
		"i: &i [*h, *h, *h, *h, *h, *h, *h, *h, *h]\n";
	double t0 = floe_now_ms();
	floe_doc *doc = parse(bomb, -2);
	double ms = floe_now_ms() - t0;
	CHECK_INT(floe_diags_count(diags), 1);
	check_diag(0, "yaml/too-many-nodes", 6, 8,
		   "aliases expand to more than 100000 nodes");
	CHECK(ms < 250);
	CHECK(floe_util__arena_used(doc->arena) < ((size_t)64 << 20));
	floe_doc_free(doc);
}

static void test_yaml__node_and_alias_limits(void)
{
	floe_limits lim;
	floe_limits_default(&lim);
	lim.max_aliases = 2;
	const char *t = "a: &a 1\nb: [*a, *a, *a]\n";
	floe_doc_free(parse_lim(t, strlen(t), -2, &lim));
	check_diag(0, "yaml/too-many-aliases", 2, 13,
		   "document has more than 2 aliases");

	floe_limits_default(&lim);
	lim.max_nodes = 10;
	t = "a: &a [1, 2, 3]\nb: *a\nc: *a\n";
	floe_doc_free(parse_lim(t, strlen(t), -2, &lim));
	check_diag(0, "yaml/too-many-nodes", 2, 4,
		   "document has more than 10 nodes once aliases are expanded");

	t = "[1, 2, 3, 4, 5, 6, 7, 8, 9, 10, 11, 12]";
	floe_doc_free(parse_lim(t, strlen(t), -2, &lim));
	check_diag(0, "yaml/too-many-nodes", 1, 29,
		   "document has more than 10 nodes");
}

static void test_yaml__too_deep(void)
{
	size_t n = 100000;
	char *s = floe_xmalloc(2 * n + 1);
	memset(s, '[', n);
	memset(s + n, ']', n);
	s[2 * n] = '\0';
	double t0 = floe_now_ms();
	floe_doc *doc = parse(s, -2);
	CHECK(floe_now_ms() - t0 < 250);
	CHECK_INT(floe_diags_count(diags), 1);
	check_diag(0, "yaml/too-deep", 1, 129, "nesting is deeper than 128 levels");
	CHECK(doc->root == NULL);
	floe_doc_free(doc);

	floe_buf b = FLOE_BUF_INIT;
	for (int i = 0; i < 200; i++)
		floe_buf_printf(&b, "%*sk:\n", i, "");
	floe_doc_free(parse(b.ptr, -2));
	check_diag(0, "yaml/too-deep", 129, 129, "nesting is deeper than 128 levels");
	floe_buf_release(&b);
	free(s);
}

static void test_yaml__too_deep_by_alias(void)
{
	floe_limits lim;
	floe_limits_default(&lim);
	lim.max_depth = 4;
	const char *t = "a: &a [[[1]]]\nb: [*a]\n";
	floe_doc_free(parse_lim(t, strlen(t), -2, &lim));
	check_diag(0, "yaml/too-deep", 2, 5, "nesting is deeper than 4 levels");
	t = "a: &a [[1]]\nb: [*a]\n";
	floe_doc_free(parse_lim(t, strlen(t), 0, &lim));
}

static void test_yaml__invalid_utf8(void)
{
	floe_doc *doc = parse("a: b\nké: \xff\n", -2);
	check_diag(0, "yaml/invalid-utf8", 2, 5, "invalid UTF-8 byte 0xff");
	CHECK(doc->root == NULL);
	floe_doc_free(doc);
	floe_doc_free(parse("a: \xe2\x82\n", -2));
	check_diag(0, "yaml/invalid-utf8", 1, 4, "invalid UTF-8 byte 0xe2");
}

static void test_yaml__nul_and_controls(void)
{
	floe_doc_free(parse_lim("a: 1\nb: x\0y\n", 12, -2, NULL));
	check_diag(0, "yaml/nul-byte", 2, 5, "NUL byte is not allowed in YAML");
	floe_doc_free(parse("a: \"x\x01\"\n", -2));
	check_diag(0, "yaml/syntax", 1, 6, "control characters are not allowed");
}

static void test_yaml__multiple_documents(void)
{
	floe_doc *doc = parse("a: 1\n# c\n---\nb: 2\n", -2);
	check_diag(0, "yaml/multiple-documents", 3, 1,
		   "more than one document in the stream");
	CHECK_INT(at(doc, "/a")->v.i, 1);
	floe_doc_free(doc);
	doc = parse("--- \na: 1\n...\n", 0);
	CHECK_INT(at(doc, "/a")->v.i, 1);
	floe_doc_free(doc);
}

static void test_yaml__empty(void)
{
	const char *empties[] = { "", "# only a comment\n", "---\n", "---\n...\n",
				  "\n\n" };
	for (size_t i = 0; i < FLOE_ARRAY_SIZE(empties); i++) {
		floe_doc *doc = parse(empties[i], 0);
		CHECK(doc->root == NULL);
		CHECK_INT(floe_diags_count(diags), 0);
		floe_doc_free(doc);
	}
	floe_doc *doc = parse("x\n", 0);
	CHECK(doc->root->kind == FLOE_NODE_STRING);
	floe_doc_free(doc);
}

static void test_yaml__syntax_errors(void)
{
	floe_doc *doc = parse("a: [1\nb: 2\n", -2);
	check_diag(0, "yaml/syntax", 2, 2, "did not find expected ',' or ']'");
	const floe_diag *g = floe_diags_at(diags, 0);
	CHECK(g->notes != NULL);
	if (g->notes) {
		CHECK_STR(g->notes->msg, "while parsing a flow sequence");
		check_span(&g->notes->span, 1, 4, 1, 5);
	}
	floe_doc_free(doc);
	floe_doc_free(parse("a: 1\n b: 2\n", -2));
	check_diag(0, "yaml/syntax", 2, 3,
		   "mapping values are not allowed in this context");
	floe_doc_free(parse("a:\n  - 1\n  b: 2\n", -2));
	check_diag(0, "yaml/syntax", 3, 3, "did not find expected '-' indicator");
	floe_doc_free(parse("a: 'x\n", -2));
	check_diag(0, "yaml/syntax", 2, 1, "found unexpected end of stream");
}

static void test_yaml__keeps_going(void)
{
	/* duplicates everywhere are all reported in one pass */
	floe_doc_free(parse("a: 1\na: 2\nb: {x: 1, x: 2}\nc: [{y: 1, y: 2}]\n", -2));
	CHECK_INT(floe_diags_count(diags), 3);
	CHECK_STR(floe_diags_at(diags, 0)->pointer, "/b/x");
	CHECK_STR(floe_diags_at(diags, 1)->pointer, "/c/0/y");
	CHECK_STR(floe_diags_at(diags, 2)->pointer, "/a");
}

static void test_yaml__big_documents_are_linear(void)
{
	floe_buf b = FLOE_BUF_INIT;
	for (int i = 0; i < 50000; i++)
		floe_buf_printf(&b, "k%d: [%d, x]\n", i, i);
	floe_buf_puts(&b, "list:\n");
	for (int i = 0; i < 50000; i++)
		floe_buf_printf(&b, "  - %d\n", i);
	double t0 = floe_now_ms();
	floe_doc *doc = parse(b.ptr, 0);
	double ms = floe_now_ms() - t0;
	CHECK(ms < 2000);
	CHECK_INT(doc->root->len, 50001);
	CHECK_INT(at(doc, "/list")->len, 50000);
	CHECK_INT(at(doc, "/k49999/0")->v.i, 49999);
	floe_doc_free(doc);
	floe_buf_release(&b);
}

static void test_yaml__too_large(void)
{
	floe_limits lim;
	floe_limits_default(&lim);
	lim.max_bytes = 3;
	floe_doc_free(parse_lim("a: 1\n", 5, -2, &lim));
	check_diag(0, "io/too-large", 0, 0,
		   "file 't.yaml' is larger than the limit of 3 bytes");
}

int main(void)
{
	RUN(test_yaml__spans);
	RUN(test_yaml__columns_count_code_points);
	RUN(test_yaml__crlf);
	RUN(test_yaml__lone_cr);
	RUN(test_yaml__big_map_lookup);
	RUN(test_yaml__bom);
	RUN(test_yaml__core_schema);
	RUN(test_yaml__scalar_values);
	RUN(test_yaml__quoted_and_block);
	RUN(test_yaml__typed_reads);
	RUN(test_yaml__tags);
	RUN(test_yaml__tag_errors);
	RUN(test_yaml__duplicate_keys);
	RUN(test_yaml__keys_by_text);
	RUN(test_yaml__complex_key);
	RUN(test_yaml__aliases);
	RUN(test_yaml__alias_errors);
	RUN(test_yaml__anchored_key);
	RUN(test_yaml__merge_keys);
	RUN(test_yaml__bad_merge);
	RUN(test_yaml__alias_bomb);
	RUN(test_yaml__node_and_alias_limits);
	RUN(test_yaml__too_deep);
	RUN(test_yaml__too_deep_by_alias);
	RUN(test_yaml__invalid_utf8);
	RUN(test_yaml__nul_and_controls);
	RUN(test_yaml__multiple_documents);
	RUN(test_yaml__empty);
	RUN(test_yaml__syntax_errors);
	RUN(test_yaml__keeps_going);
	RUN(test_yaml__big_documents_are_linear);
	RUN(test_yaml__too_large);
	floe_diags_free(diags);
	return unit_done("yaml");
}
