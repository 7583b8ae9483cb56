/*
 * test_json.c: the JSON reader: spans of values and keys, exact numbers
 * (big integers keep their text), NUL in strings, every json/ diagnostic
 * with its message, position and pointer, floe_load_file's file problems,
 * and jansson as an oracle: over the test, fuzz and example corpora, the
 * JSON-Schema-Test-Suite and crafted texts, the reader accepts what
 * jansson accepts and reads the same values.
 */
#include <ftw.h>
#include <jansson.h>
#include <math.h>
#include <stdio.h>
#include <string.h>
#include <stdlib.h>
#include <unistd.h>
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
	int rc = floe_load_json(&doc, diags, "t.json", text, len, lim);
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
	/* keys are C strings to floe_node_get */
	floe_doc_free(parse("{\"a\\u0000b\": 1}", -2));
	check_diag(0, "json/syntax", 1, 4, "'\\u0000' (a NUL character) in an "
		   "object key is not supported");
	CHECK_INT(floe_diags_at(diags, 0)->span.end_col, 10);
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
	check_diag(0, "json/syntax", 1, 7, "expected a value, found 'x'");
	CHECK_INT(floe_diags_at(diags, 0)->span.end_col, 8);
	CHECK_STR(floe_diags_at(diags, 0)->pointer, "/a");
	floe_doc_free(parse("[1,\n 2,\n  tru]", -2));
	check_diag(0, "json/syntax", 3, 3, "expected a value, found 'tru'");
	CHECK_STR(floe_diags_at(diags, 0)->pointer, "/2");
	floe_doc_free(parse("{\"\xc3\xa9\": 1,}", -2));
	check_diag(0, "json/syntax", 1, 8, "trailing comma before '}'");
	floe_doc_free(parse("[1] 2", -2));
	check_diag(0, "json/syntax", 1, 5, "expected the end of the file after "
		   "the top-level value, found '2'");
	floe_doc_free(parse("", -2));
	check_diag(0, "json/syntax", 1, 1, "expected a value, found end of file");
	floe_doc_free(parse("[\"\\ud800\"]", -2));
	check_diag(0, "json/syntax", 1, 3, "unpaired UTF-16 surrogate '\\ud800' in string");
	floe_doc_free(parse("[\"\\udc00\\ud800\"]", -2));
	check_diag(0, "json/syntax", 1, 3, "unpaired UTF-16 surrogate '\\udc00' in string");
	floe_doc_free(parse("{\"a\": {\"b\" 1}}", -2));
	check_diag(0, "json/syntax", 1, 12, "expected ':' after the key 'b', "
		   "found '1'");
	CHECK_STR(floe_diags_at(diags, 0)->pointer, "/a/b");
	floe_doc_free(parse("{\"a\": 1 \"b\": 2}", -2));
	check_diag(0, "json/syntax", 1, 9, "expected ',' or '}' after an object "
		   "member, found a string");
	floe_doc_free(parse("[1 2]", -2));
	check_diag(0, "json/syntax", 1, 4, "expected ',' or ']' after an array "
		   "item, found '2'");
	floe_doc_free(parse("{1: 2}", -2));
	check_diag(0, "json/syntax", 1, 2, "expected a string key, found '1'");
	floe_doc_free(parse("[01]", -2));
	check_diag(0, "json/syntax", 1, 2, "invalid number '01'");
	floe_doc_free(parse("[1.]", -2));
	check_diag(0, "json/syntax", 1, 2, "invalid number '1.'");
	floe_doc_free(parse("[-]", -2));
	check_diag(0, "json/syntax", 1, 2, "invalid number '-'");
	floe_doc_free(parse("[1e+]", -2));
	check_diag(0, "json/syntax", 1, 2, "invalid number '1e+'");
	floe_doc_free(parse("[.5]", -2));
	check_diag(0, "json/syntax", 1, 2, "expected a value, found '.5'");
	floe_doc_free(parse("[-1e999]", -2));
	check_diag(0, "json/syntax", 1, 2, "number '-1e999' is out of range "
		   "(beyond a double)");
	floe_doc_free(parse("[\"a\\x\"]", -2));
	check_diag(0, "json/syntax", 1, 4, "invalid escape in string: '\\' "
		   "followed by 'x'");
	floe_doc_free(parse("[\"\\u12g4\"]", -2));
	check_diag(0, "json/syntax", 1, 3, "invalid \\u escape: expected four "
		   "hex digits after '\\u'");
	floe_doc_free(parse("[\"a\tb\"]", -2));
	check_diag(0, "json/syntax", 1, 4, "control character 0x09 in string: "
		   "write it as an escape (\\u0009)");
	floe_doc_free(parse("[\"abc", -2));
	check_diag(0, "json/syntax", 1, 2, "unterminated string: no closing '\"' "
		   "before the end of file");
	floe_doc_free(parse("[truex]", -2));
	check_diag(0, "json/syntax", 1, 2, "expected a value, found 'truex'");
	floe_doc_free(parse("[\f]", -2)); /* form feed: not JSON white space */
	check_diag(0, "json/syntax", 1, 2, "expected a value, found control "
		   "character 0x0c");
	floe_doc *doc = parse("{\"a\": [1, 2", -2);
	CHECK(doc->root == NULL);
	check_diag(0, "json/syntax", 1, 12, "expected ',' or ']' after an array "
		   "item, found end of file");
	const floe_diag *g = floe_diags_at(diags, 0);
	CHECK(g->notes && g->notes->span.col == 7);
	CHECK_STR(g->notes ? g->notes->msg : NULL, "the unclosed '[' opened here");
	CHECK_STR(g->pointer, "/a/2");
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

/* Duplicate keys are held back until the whole text is read: a syntax
 * error after them is the only diagnostic.  The first limit stops reading. */
static void test_json__reports_held_back(void)
{
	floe_limits lim;
	floe_doc *doc = parse("{\"a\": 1, \"a\": 2, \"b\": [1,]}", -2);
	CHECK_INT(floe_diags_count(diags), 1);
	check_diag(0, "json/syntax", 1, 25, "trailing comma before ']'");
	CHECK(doc->root == NULL);
	floe_doc_free(doc);
	floe_limits_default(&lim);
	lim.max_nodes = 3;
	floe_doc_free(parse_lim("[1, 2, 3, 4, 5, 6 7]", 20, -2, &lim));
	CHECK_INT(floe_diags_count(diags), 1);
	check_diag(0, "json/too-many-nodes", 1, 8, "document has more than 3 values");
	/* jansson takes a NUL byte after a number; floe does not */
	floe_limits_default(&lim);
	floe_doc_free(parse_lim("[1\0]", 4, -2, &lim));
	CHECK_INT(floe_diags_count(diags), 1);
	check_diag(0, "json/syntax", 1, 3, "expected ',' or ']' after an array "
		   "item, found a NUL byte");
	floe_doc_free(parse_lim("[\"a\0\"]", 6, -2, &lim));
	check_diag(0, "json/syntax", 1, 4, "control character 0x00 in string: "
		   "write it as an escape (\\u0000)");
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
	CHECK_INT(floe_load_file(&doc, diags, path, "shown.json", NULL), 0);
	CHECK_INT(floe_node_get(doc->root, "k")->v.i, 1);
	CHECK_STR(floe_source_path(doc->src), "shown.json");
	CHECK(floe_node_get(doc->root, "k")->flags == 0);
	floe_doc_free(doc);

	CHECK_INT(floe_load_file(&doc, diags, "/nonexistent/x.yaml", NULL, NULL),
		  -2);
	CHECK(doc == NULL);
	check_diag(0, "io/not-found", 0, 0,
		   "cannot read '/nonexistent/x.yaml': no such file");
	CHECK_STR(floe_source_path(floe_diags_at(diags, 0)->span.src),
		  "/nonexistent/x.yaml");

	CHECK_INT(floe_load_file(&doc, diags, dir, "d", NULL), -2);
	check_diag(1, "io/unreadable", 0, 0, "cannot read 'd': is a directory");

	floe_limits lim;
	floe_limits_default(&lim);
	lim.max_bytes = 3;
	CHECK_INT(floe_load_file(&doc, diags, path, NULL, &lim), -2);
	CHECK(floe_diags_count(diags) == 3);
	CHECK_STR(floe_diags_at(diags, 2)->code, "io/too-large");
	unlink(path);
	rmdir(dir);
	free(path);
}

/* ---- jansson as the oracle ---- */

struct oracle {
	size_t files, accepted, values;
	size_t skipped_nul, dup;
};
static struct oracle orc;

/* The tree under n reads the same values as jansson's j. */
static bool same_value(const floe_node *n, const json_t *j)
{
	switch (n->kind) {
	case FLOE_NODE_NULL:
		return json_is_null(j);
	case FLOE_NODE_BOOL:
		return json_is_boolean(j) && n->v.b == json_is_true(j);
	case FLOE_NODE_INT:
		if (!json_is_real(j))
			return false;
		if (n->flags & FLOE_NODE_BIGINT)
			return n->v.d == json_real_value(j);
		return (double)n->v.i == json_real_value(j);
	case FLOE_NODE_FLOAT:
		return json_is_real(j) && n->v.d == json_real_value(j);
	case FLOE_NODE_STRING:
		return json_is_string(j) && json_string_length(j) == n->len &&
		       memcmp(json_string_value(j), n->text, n->len) == 0;
	case FLOE_NODE_SEQ:
		if (!json_is_array(j) || json_array_size(j) != n->len)
			return false;
		for (size_t i = 0; i < n->len; i++)
			if (!same_value(n->items[i], json_array_get(j, i)))
				return false;
		return true;
	case FLOE_NODE_MAP:
		if (!json_is_object(j) || json_object_size(j) != n->len)
			return false;
		for (size_t i = 0; i < n->len; i++) {
			const json_t *v = json_object_get(j, n->keys[i]->text);
			if (!v || !same_value(n->items[i], v))
				return false;
		}
		return true;
	}
	return false;
}

static bool only_codes(const char *code)
{
	for (size_t i = 0; i < floe_diags_count(diags); i++)
		if (strcmp(floe_diags_at(diags, i)->code, code) != 0)
			return false;
	return floe_diags_count(diags) > 0;
}

/* One text: floe and jansson agree on it (the rules in the file's head). */
static void oracle_one(const char *name, const char *text, size_t len)
{
	floe_limits lim;
	floe_doc *doc = NULL;
	json_error_t err;
	size_t skip = len >= 3 && memcmp(text, "\xef\xbb\xbf", 3) == 0 ? 3 : 0;

	floe_limits_default(&lim);
	lim.max_depth = 2048; /* jansson's */
	floe_diags_free(diags);
	diags = floe_diags_new(0);
	int rc = floe_load_json(&doc, diags, name, text, len, &lim);
	json_t *j = json_loadb(text + skip, len - skip, JSON_DECODE_ANY |
			       JSON_ALLOW_NUL | JSON_DECODE_INT_AS_REAL, &err);
	orc.files++;
	if (memchr(text, '\0', len)) {
		/* jansson takes a raw NUL byte after a number or a word */
		orc.skipped_nul++;
	} else if (rc != 0 && only_codes("json/duplicate-key")) {
		/* jansson keeps the last of duplicate keys; floe refuses them */
		orc.dup++;
		if (!j)
			fprintf(stderr, "%s: floe saw duplicate keys, jansson: %s\n",
				name, err.text);
		CHECK(j != NULL);
	} else if ((rc == 0) != (j != NULL)) {
		fprintf(stderr, "%s: floe %s, jansson %s (%s)\n", name,
			rc == 0 ? "accepts" : floe_diags_at(diags, 0)->msg,
			j ? "accepts" : "rejects", j ? "" : err.text);
		CHECK(!"floe and jansson agree");
	} else if (rc == 0) {
		orc.accepted++;
		bool same = doc->root && same_value(doc->root, j);
		if (!same)
			fprintf(stderr, "%s: values differ from jansson's\n", name);
		CHECK(same);
		orc.values += same;
	}
	json_decref(j);
	floe_doc_free(doc);
}

static int oracle_file(const char *path, const struct stat *st, int type,
		       struct FTW *ftw)
{
	size_t n = strlen(path);
	if (type != FTW_F || n < 5 || strcmp(path + n - 5, ".json") != 0)
		return 0;
	FILE *f = fopen(path, "rb");
	if (!f)
		return 0;
	char *buf = floe_xmalloc((size_t)st->st_size + 1);
	size_t len = fread(buf, 1, (size_t)st->st_size, f);
	fclose(f);
	buf[len] = '\0';
	oracle_one(path, buf, len);
	free(buf);
	return 0;
}

static void test_json__jansson_oracle_corpora(void)
{
	static const char *const dirs[] = {
		"tests", "examples", "schemas", "/usr/share/json-schema-test-suite",
	};
	memset(&orc, 0, sizeof(orc));
	for (size_t i = 0; i < FLOE_ARRAY_SIZE(dirs); i++)
		nftw(dirs[i], oracle_file, 16, FTW_PHYS);
	/* the fuzz corpus is named .json, the suite alone has 158 files */
	CHECK(orc.files > 350);
	CHECK(orc.accepted > 300);
	CHECK(orc.values == orc.accepted);
	CHECK(orc.dup > 0);
}

/* Texts that tell JSON readers apart (grammar corners, escapes, numbers). */
static void test_json__jansson_oracle_crafted(void)
{
	static const char *const texts[] = {
		"[]", "{}", "0", "-0", "-0.0e-0", "1E+2", "1e-400", "[1e309]",
		"12345678901234567890123456789", "[-9223372036854775809]", "[1.5e308]",
		"[01]", "[-01]", "[1.]", "[.1]", "[-]", "[+1]", "[1e]", "[1e+]",
		"[0x10]", "[Infinity]", "[NaN]", "[1,]", "[,1]", "[1,,2]", "{,}",
		"{\"a\":1,}", "{\"a\"}", "{\"a\":}", "{\"a\" 1}", "{1:1}", "{'a':1}",
		"[\"a\"\"b\"]", "[\"\\u00\"]", "[\"\\u00zz\"]", "[\"\\ud800\"]",
		"[\"\\udc00\"]", "[\"\\ud800\\u0041\"]", "[\"\\ud83d\\ude00\"]",
		"[\"\\uDBFF\\uDFFF\"]", "[\"\\u0000\"]", "{\"\\u0000\":1}",
		"[\"\\/\\b\\f\\n\\r\\t\\\"\\\\\"]", "[\"\\a\"]", "[\"\\'\"]",
		"[\"\t\"]", "[\"\x7f\"]", "[\"\xc3\xa9\"]", "[\"\xe2\x82\xac\"]",
		"[\"\xf0\x9f\x98\x80\"]", "[\"\xc3\"]", "[\"\xed\xa0\x80\"]",
		"[\"\xc0\xaf\"]", "\xef\xbb\xbf[1]", "[1]\xef\xbb\xbf", " \r\n\t[ 1 ]\r\n",
		"[\r1]", "[\f1]", "[\v1]", "[\xc2\xa0" "1]", "[1] [2]", "[1] x", "",
		" ", "true", "tru", "truee", "[true,false,null]", "[True]", "nul",
		"[\"unterminated", "{\"a\":[1,{\"b\":2}]", "]", "}", "[}", "{]",
		"{\"a\":1 \"b\":2}", "[1 2]", "\"\"", "[\"a\\\"]", "{\"a\":{\"a\":{}}}",
		"{\"a\":1,\"a\":2}", "{\"\":0}", "[-1e-0]", "[1E400]", "[-1E400]",
	};
	memset(&orc, 0, sizeof(orc));
	for (size_t i = 0; i < FLOE_ARRAY_SIZE(texts); i++) {
		char name[32];
		snprintf(name, sizeof(name), "crafted[%zu]", i);
		oracle_one(name, texts[i], strlen(texts[i]));
	}
	CHECK(orc.accepted > 15);
	CHECK(orc.files - orc.accepted > 40);
	CHECK_INT(orc.dup, 1);
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
	RUN(test_json__reports_held_back);
	RUN(test_json__load_files);
	RUN(test_json__jansson_oracle_corpora);
	RUN(test_json__jansson_oracle_crafted);
	floe_diags_free(diags);
	return unit_done("json");
}
