/*
 * test_schema.c: floe's JSON Schema validator as users meet it: codes,
 * messages, positions in YAML documents, "did you mean", best-match for
 * discriminated oneOf, the YAML typing rules, $ref cycles, bad schemas and
 * the annotation walk.  The official test suite is test_schema_suite.c.
 */
#include <stdlib.h>
#include <string.h>
#include "floe/load.h"
#include "unit.h"
#include "floe/buf.h"
#include "floe/schema.h"
#include "schema/internal.h"
#include "util/embedded.h"

static floe_doc *parse(const char *text, bool json)
{
	floe_doc *doc = NULL;
	floe_diags *d = floe_diags_new(0);
	int rc = json ? floe_load_json(&doc, d, "schema.json", text,
					    strlen(text), NULL)
		      : floe_load_yaml(&doc, d, "in.yaml", text,
					    strlen(text), NULL);
	CHECK_INT(rc, 0);
	floe_diags_free(d);
	return doc;
}

/* Compile `schema`, validate the YAML `input`; the caller frees the list. */
static floe_diags *run(const char *schema, const char *input)
{
	floe_doc *sd = parse(schema, true), *in = parse(input, false);
	floe_diags *d = floe_diags_new(0);
	floe_schema *s = NULL;
	CHECK_INT(floe_schema_compile(&s, d, sd, NULL), 0);
	if (s)
		floe_schema_validate(s, d, in->root);
	floe_schema_free(s);
	floe_doc_free(in);
	floe_doc_free(sd);
	return d;
}

static const floe_diag *find(const floe_diags *d, const char *code)
{
	for (size_t i = 0; i < floe_diags_count(d); i++)
		if (strcmp(floe_diags_at(d, i)->code, code) == 0)
			return floe_diags_at(d, i);
	return NULL;
}

/* "line:col code: message" of the diagnostic with `code`. */
static const char *show(const floe_diags *d, const char *code)
{
	static char buf[512];
	floe_buf b = FLOE_BUF_INIT;
	const floe_diag *g = find(d, code);
	if (!g)
		return "(none)";
	floe_buf_printf(&b, "%u:%u %s", g->span.line, g->span.col, g->msg);
	size_t n = b.len < sizeof(buf) - 1 ? b.len : sizeof(buf) - 1;
	memcpy(buf, b.ptr, n);
	buf[n] = '\0';
	floe_buf_release(&b);
	return buf;
}

static const char *note(const floe_diags *d, const char *code, int which)
{
	const floe_diag *g = find(d, code);
	const floe_note *n = g ? g->notes : NULL;
	while (n && which-- > 0)
		n = n->next;
	return n ? n->msg : "(none)";
}

static const char *config_schema =
	"{\"type\": \"object\", \"additionalProperties\": false,\n"
	" \"required\": [\"name\", \"storage\"],\n"
	" \"properties\": {\n"
	"  \"name\": {\"type\": \"string\", \"pattern\": \"^[a-z][a-z0-9-]*$\"},\n"
	"  \"version\": {\"type\": \"string\"},\n"
	"  \"port\": {\"type\": \"integer\", \"minimum\": 1024},\n"
	"  \"catalog\": {\"enum\": [\"polaris\", \"rest\", \"glue\"]},\n"
	"  \"created\": {\"type\": \"string\", \"format\": \"date-time\"},\n"
	"  \"tags\": {\"type\": \"array\", \"uniqueItems\": true},\n"
	"  \"password\": {\"type\": \"string\", \"minLength\": 8, \"x-floe-secret\": true},\n"
	"  \"storage\": {\"oneOf\": [\n"
	"   {\"type\": \"object\", \"additionalProperties\": false,\n"
	"    \"required\": [\"type\", \"bucket\"],\n"
	"    \"properties\": {\"type\": {\"const\": \"s3\"}, \"bucket\": {\"type\": \"string\"},\n"
	"                   \"endpoint\": {\"type\": \"string\"}}},\n"
	"   {\"type\": \"object\", \"additionalProperties\": false,\n"
	"    \"required\": [\"type\", \"path\"],\n"
	"    \"properties\": {\"type\": {\"const\": \"local\"}, \"path\": {\"type\": \"string\"}}}\n"
	"  ]}}}\n";

static void test_schema__messages_and_positions(void)
{
	floe_diags *d = run(config_schema,
			    "name: 1bad\n"
			    "port: \"80\"\n"
			    "catalog: iceburg\n"
			    "created: yesterday\n"
			    "tags: [a, b, a]\n"
			    "storage: {type: local, path: /x}\n");
	CHECK_STR(show(d, "schema/pattern"),
		  "1:7 '1bad' does not match pattern '^[a-z][a-z0-9-]*$'");
	CHECK_STR(show(d, "schema/minimum"), "2:7 80 is less than the minimum of 1024");
	CHECK_STR(show(d, "schema/enum"), "3:10 'iceburg' is not one of the allowed values");
	CHECK_STR(note(d, "schema/enum", 0), "expected one of: polaris, rest, glue");
	CHECK_STR(show(d, "schema/format"), "4:10 'yesterday' is not a valid date-time");
	CHECK_STR(show(d, "schema/unique-items"), "5:14 duplicate item at index 2");
	CHECK_STR(note(d, "schema/unique-items", 0), "the same value is at index 0");
	CHECK_STR(find(d, "schema/unique-items")->pointer, "/tags/2");
	CHECK_INT(floe_diags_count(d), 5);
	floe_diags_free(d);
}

static void test_schema__did_you_mean(void)
{
	floe_diags *d = run(config_schema,
			    "name: ok\n"
			    "catalog: polaris\n"
			    "storage:\n"
			    "  type: s3\n"
			    "  bucket: b\n"
			    "  endpont: http://x\n");
	CHECK_STR(show(d, "schema/unknown-key"), "6:3 unknown key 'endpont'");
	CHECK_STR(note(d, "schema/unknown-key", 0), "did you mean 'endpoint'?");
	CHECK_STR(find(d, "schema/unknown-key")->pointer, "/storage/endpont");
	CHECK_INT(floe_diags_count(d), 1);
	floe_diags_free(d);

	d = run(config_schema, "name: ok\nstorage: {type: local, path: x}\nzzz: 1\n");
	CHECK_STR(show(d, "schema/unknown-key"), "3:1 unknown key 'zzz'");
	CHECK_STR(note(d, "schema/unknown-key", 0),
		  "allowed keys: name, version, port, catalog, created, tags, "
		  "password, storage");
	floe_diags_free(d);

	d = run(config_schema, "name: ok\ncatalog: polars\nstorage: {type: local, path: x}\n");
	CHECK_STR(note(d, "schema/enum", 1), "did you mean 'polaris'?");
	floe_diags_free(d);
}

/* The branch whose `type` const matches is the one reported. */
static void test_schema__best_match_discriminated(void)
{
	floe_diags *d = run(config_schema,
			    "name: ok\n"
			    "storage:\n"
			    "  type: s3\n"
			    "  path: /x\n");
	CHECK_STR(show(d, "schema/required"), "3:3 missing required key 'bucket'");
	CHECK_STR(show(d, "schema/unknown-key"), "4:3 unknown key 'path'");
	CHECK(find(d, "schema/one-of") == NULL);
	CHECK_INT(floe_diags_count(d), 2);
	floe_diags_free(d);

	/* no branch accepts the discriminator: one enum error at its value */
	d = run(config_schema, "name: ok\nstorage:\n  type: s4\n  bucket: b\n");
	CHECK_STR(show(d, "schema/enum"), "3:9 's4' is not one of the allowed values");
	CHECK_STR(note(d, "schema/enum", 0), "expected one of: s3, local");
	CHECK_STR(note(d, "schema/enum", 1), "did you mean 's3'?");
	CHECK_INT(floe_diags_count(d), 1);
	floe_diags_free(d);

	/* no branch is of the right type */
	d = run(config_schema, "name: ok\nstorage: 5\n");
	CHECK_STR(show(d, "schema/type"), "2:10 expected a mapping, got integer 5");
	floe_diags_free(d);

	/* nothing tells them apart: the generic message, a note per branch */
	d = run(config_schema, "name: ok\nstorage: {bucket: b}\n");
	CHECK_STR(show(d, "schema/one-of"), "2:10 value matches none of the 2 alternatives");
	CHECK_STR(note(d, "schema/one-of", 0), "alternative 1: missing required key 'type'");
	CHECK_STR(note(d, "schema/one-of", 1), "alternative 2: unknown key 'bucket'");
	floe_diags_free(d);
}

static void test_schema__one_of_several(void)
{
	floe_diags *d = run("{\"oneOf\": [{\"type\": \"integer\"}, {\"minimum\": 2},"
			    " {\"type\": \"number\"}]}", "5\n");
	CHECK_STR(show(d, "schema/one-of"),
		  "1:1 5 matches 3 of the alternatives (1, 2 and 3), exactly one is required");
	floe_diags_free(d);
	d = run("{\"anyOf\": [{\"type\": \"string\", \"maxLength\": 2},"
		" {\"type\": \"object\"}]}", "abc\n");
	CHECK_STR(show(d, "schema/max-length"),
		  "1:1 'abc' is too long (3 characters, maximum 2)");
	floe_diags_free(d);
}

static void test_schema__type_messages(void)
{
	const char *s = "{\"properties\": {\"a\": {\"type\": \"integer\"},"
			" \"b\": {\"type\": [\"string\", \"null\"]},"
			" \"c\": {\"type\": \"object\"}}, \"required\": [\"uri\"]}";
	floe_diags *d = run(s, "a: abc\nb: {x: 1}\nc: [1]\n");
	CHECK_STR(show(d, "schema/type"), "1:4 expected integer, got string 'abc'");
	CHECK_STR(floe_diags_at(d, 1)->msg, "expected null or string, got a mapping");
	CHECK_STR(floe_diags_at(d, 2)->msg, "expected a mapping, got a sequence");
	CHECK_STR(show(d, "schema/required"), "1:1 missing required key 'uri'");
	floe_diags_free(d);
	d = run("{\"type\": \"string\"}",
		"aaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaa: 1\n");
	CHECK_STR(show(d, "schema/type"),
		  "1:1 expected string, got a mapping");
	floe_diags_free(d);
	d = run("{\"type\": \"integer\"}",
		"\"aaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaa\"\n");
	CHECK_STR(show(d, "schema/type"), "1:1 expected integer, got string "
		  "'aaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaa...'");
	floe_diags_free(d);
}

/* doc.h: PLAIN scalars read as strings, QUOTED ones as numbers/booleans. */
static void test_schema__yaml_typing(void)
{
	const char *s = "{\"properties\": {"
			"\"v\": {\"type\": \"string\", \"pattern\": \"^[0-9]+\\\\.[0-9]+$\"},"
			"\"n\": {\"type\": \"integer\", \"minimum\": 5},"
			"\"f\": {\"type\": \"boolean\"},"
			"\"s\": {\"type\": \"string\"},"
			"\"e\": {\"enum\": [\"1.0\", \"2.0\"]},"
			"\"q\": {\"enum\": [8080, true]},"
			"\"either\": {\"type\": [\"integer\", \"string\"], \"maximum\": 3}}}";
	floe_diags *d = run(s, "v: 1.0\nn: \"7\"\nf: \"true\"\ns: yes\ne: 2.0\n"
			       "q: \"8080\"\neither: \"12\"\n");
	CHECK_INT(floe_diags_count(d), 0);
	floe_diags_free(d);

	d = run(s, "v: 1\n");
	CHECK_STR(show(d, "schema/pattern"), "1:4 '1' does not match pattern '^[0-9]+\\.[0-9]+$'");
	floe_diags_free(d);
	d = run(s, "n: \"4\"\n");
	CHECK_STR(show(d, "schema/minimum"), "1:4 4 is less than the minimum of 5");
	floe_diags_free(d);
	d = run(s, "n: \"four\"\n");
	CHECK_STR(show(d, "schema/type"), "1:4 expected integer, got string 'four'");
	floe_diags_free(d);
	d = run(s, "s: null\n");
	CHECK_STR(show(d, "schema/type"), "1:4 expected string, got null");
	floe_diags_free(d);
	d = run(s, "s: ~\nn: 5.5\n");
	CHECK_INT(floe_diags_count(d), 2);
	CHECK_STR(floe_diags_at(d, 1)->msg, "expected integer, got number 5.5");
	floe_diags_free(d);
	/* a quoted string where a string is allowed stays a string */
	d = run(s, "either: \"12\"\nn: 5\n");
	CHECK_INT(floe_diags_count(d), 0);
	floe_diags_free(d);
	d = run(s, "either: 12\n");
	CHECK_STR(show(d, "schema/maximum"), "1:9 12 is greater than the maximum of 3");
	floe_diags_free(d);
}

/* JSON instances are typed exactly, as the test suite needs. */
static void test_schema__json_exact(void)
{
	floe_doc *sd = parse("{\"type\": \"integer\"}", true);
	floe_doc *in = parse("\"4\"", true);
	floe_diags *d = floe_diags_new(0);
	floe_schema *s = NULL;
	CHECK_INT(floe_schema_compile(&s, d, sd, NULL), 0);
	CHECK_INT(floe_schema_validate(s, d, in->root), FLOE_EINVALID);
	CHECK_STR(show(d, "schema/type"), "1:1 expected integer, got string '4'");
	CHECK_INT(floe_schema_validate(s, d, NULL), FLOE_EINVALID);
	floe_schema_free(s);
	floe_doc_free(in);
	floe_doc_free(sd);
	floe_diags_free(d);
}

static void test_schema__refs(void)
{
	/* a recursive tree through $ref, and a definitions pointer with escapes */
	const char *s = "{\"definitions\": {\"node\": {\"type\": \"object\","
			" \"properties\": {\"kids\": {\"type\": \"array\","
			" \"items\": {\"$ref\": \"#/definitions/node\"}},"
			" \"n\": {\"$ref\": \"#/definitions/a~1b%25\"}}},"
			" \"a/b%\": {\"type\": \"integer\"}},"
			" \"$ref\": \"#/definitions/node\"}";
	floe_diags *d = run(s, "kids:\n  - kids: [{n: 1}, {n: x}]\n");
	CHECK_STR(show(d, "schema/type"), "2:24 expected integer, got string 'x'");
	CHECK_STR(find(d, "schema/type")->pointer, "/kids/0/kids/1/n");
	floe_diags_free(d);

	/* the built-in metaschema */
	d = run("{\"$ref\": \"http://json-schema.org/draft-07/schema#\"}",
		"type: strng\nminLength: -1\n");
	CHECK_INT(floe_diags_count(d) >= 2, 1);
	floe_diags_free(d);

	/* a $ref applied to the same value forever is stopped */
	d = run("{\"allOf\": [{\"$ref\": \"#\"}]}", "1\n");
	CHECK_STR(show(d, "schema/too-deep"), "1:1 the schema applies more than 1000 levels deep here (a $ref loop, or a document nested too deeply)");
	floe_diags_free(d);
}

static floe_diags *compile_errors(const char *schema)
{
	floe_doc *sd = parse(schema, true);
	floe_diags *d = floe_diags_new(0);
	floe_schema *s = NULL;
	CHECK_INT(floe_schema_compile(&s, d, sd, NULL), FLOE_EINVALID);
	CHECK(s == NULL);
	floe_doc_free(sd);
	return d;
}

static void test_schema__bad_schemas(void)
{
	floe_diags *d = compile_errors("{\"properties\": {\"a\": {\"$ref\": \"#/definitions/x\"}}}");
	CHECK_STR(show(d, "schema/bad-ref"), "1:31 unresolvable reference '#/definitions/x'");
	CHECK_STR(find(d, "schema/bad-ref")->pointer, "/properties/a/$ref");
	floe_diags_free(d);

	d = compile_errors("{\"pattern\": \"^(abc]\"}");
	CHECK_STR(show(d, "schema/bad-pattern"),
		  "1:20 invalid pattern '^(abc]': missing closing parenthesis");
	floe_diags_free(d);
	d = compile_errors("{\"pattern\": \"ab(?i)c\"}");
	CHECK_STR(show(d, "schema/bad-pattern"),
		  "1:16 invalid pattern 'ab(?i)c': group syntax not supported by "
		  "ECMA-262 regular expressions");
	floe_diags_free(d);
	d = compile_errors("{\"pattern\": \"a\\\\Z\"}");
	CHECK_STR(show(d, "schema/bad-pattern"),
		  "1:13 invalid pattern 'a\\Z': escape not supported by ECMA-262 regular expressions");
	floe_diags_free(d);

	d = compile_errors("{\"definitions\": {\"a\": {\"$ref\": \"#/definitions/b\"},"
			   " \"b\": {\"$ref\": \"#/definitions/a\"}}}");
	CHECK(find(d, "schema/bad-ref") != NULL);
	floe_diags_free(d);

	d = compile_errors("{\"type\": \"strin\", \"minimum\": \"3\", \"required\": [1],"
			   " \"properties\": 3, \"items\": 7}");
	CHECK_STR(show(d, "schema/invalid-schema"), "1:10 unknown type 'strin'");
	CHECK_STR(note(d, "schema/invalid-schema", 0), "did you mean 'string'?");
	CHECK_INT(floe_diags_count(d), 5);
	floe_diags_free(d);
}

static void test_schema__other_keywords(void)
{
	const char *s = "{\"properties\": {"
			"\"c\": {\"const\": \"dev\"},"
			"\"m\": {\"multipleOf\": 0.1, \"exclusiveMaximum\": 1},"
			"\"l\": {\"minItems\": 2, \"contains\": {\"type\": \"integer\"}},"
			"\"o\": {\"maxProperties\": 1, \"propertyNames\": {\"pattern\": \"^[a-z]+$\"},"
			"       \"dependencies\": {\"x\": [\"y\"]}},"
			"\"n\": {\"not\": {\"type\": \"string\"}},"
			"\"f\": false,"
			"\"t\": {\"items\": [true], \"additionalItems\": false}}}";
	floe_diags *d = run(s, "c: prod\nm: 0.3\nl: [a]\no: {x: 1, Bad: 2}\n"
			       "n: str\nf: 1\nt: [1, 2]\n");
	CHECK_STR(show(d, "schema/const"), "1:4 'prod' is not the allowed value 'dev'");
	CHECK(find(d, "schema/multiple-of") == NULL); /* 0.3 / 0.1 is close enough */
	CHECK_STR(show(d, "schema/min-items"), "3:4 expected at least 2 items, got 1");
	CHECK_STR(show(d, "schema/contains"), "3:4 no item matches the 'contains' schema");
	CHECK_STR(show(d, "schema/max-properties"), "4:4 expected at most 1 key, got 2");
	CHECK_STR(show(d, "schema/property-names"), "4:11 invalid key 'Bad'");
	CHECK_STR(note(d, "schema/property-names", 0), "'Bad' does not match pattern '^[a-z]+$'");
	CHECK_STR(show(d, "schema/dependencies"), "4:5 key 'x' requires key 'y'");
	CHECK_STR(show(d, "schema/not"), "5:4 'str' is not allowed here: it matches the 'not' schema");
	CHECK_STR(show(d, "schema/false"), "6:1 key 'f' is not allowed here");
	CHECK_STR(show(d, "schema/additional-items"),
		  "7:8 unexpected item at index 1: at most 1 item is allowed");
	floe_diags_free(d);

	d = run(s, "m: 1\n");
	CHECK_STR(show(d, "schema/exclusive-maximum"), "1:4 1 is not less than 1");
	floe_diags_free(d);
}

static void test_schema__secret_redacted(void)
{
	floe_diags *d = run(config_schema, "name: ok\npassword: hunter2\n"
					   "storage: {type: local, path: x}\n");
	CHECK_STR(show(d, "schema/min-length"),
		  "2:11 the secret value is too short (7 characters, minimum 8)");
	floe_diags_free(d);
}

/* Long sequences are checked for duplicates by hash. */
static void test_schema__unique_long(void)
{
	floe_buf b = FLOE_BUF_INIT;
	for (int i = 0; i < 100; i++)
		floe_buf_printf(&b, "- %d\n", i);
	floe_buf_puts(&b, "- 17.0\n- {a: 1, b: [2]}\n- {b: [2], a: 1}\n");
	floe_diags *d = run("{\"uniqueItems\": true}", b.ptr);
	CHECK_INT(floe_diags_count(d), 2);
	CHECK_STR(show(d, "schema/unique-items"), "101:3 duplicate item at index 100");
	CHECK_STR(floe_diags_at(d, 1)->msg, "duplicate item at index 102");
	floe_diags_free(d);
	floe_buf_release(&b);
}

typedef struct seen {
	floe_buf out;
} seen;

static void visit(const floe_node *instance, const floe_node *sub, void *ctx)
{
	seen *s = ctx;
	const floe_node *secret = floe_node_get(sub, "x-floe-secret");
	const floe_node *desc = floe_node_get(sub, "description");
	if (secret)
		floe_buf_printf(&s->out, "secret@%u:%u ", instance->span.line,
				instance->span.col);
	if (desc)
		floe_buf_printf(&s->out, "%s@%u ", desc->text, instance->span.line);
}

static void test_schema__annotate(void)
{
	const char *schema =
		"{\"properties\": {\"creds\": {\"anyOf\": ["
		"{\"type\": \"string\", \"description\": \"plain\", \"x-floe-secret\": true},"
		"{\"type\": \"object\", \"description\": \"ref\","
		" \"properties\": {\"secret_ref\": {\"type\": \"string\"}}}]},"
		"\"n\": {\"type\": \"integer\", \"description\": \"count\"}}}";
	floe_doc *sd = parse(schema, true);
	floe_doc *in = parse("creds: abc\nn: x\nother: {creds: 1}\n", false);
	floe_diags *d = floe_diags_new(0);
	floe_schema *s = NULL;
	seen v = { FLOE_BUF_INIT };
	CHECK_INT(floe_schema_compile(&s, d, sd, NULL), 0);
	floe_schema_annotate(s, in->root, visit, &v);
	CHECK_STR(floe_buf_cstr(&v.out), "secret@1:8 plain@1 ");
	floe_buf_release(&v.out);
	floe_schema_free(s);
	floe_doc_free(in);
	floe_doc_free(sd);
	floe_diags_free(d);
}

/* A resolver's documents belong to the schema. */
static int resolver(floe_doc **out, floe_diags *d, const char *uri, void *ctx)
{
	int *calls = ctx;
	(*calls)++;
	if (strcmp(uri, "https://floe.dev/common.json") != 0)
		return FLOE_ENOTFOUND;
	const char *text = "{\"definitions\": {\"port\": {\"type\": \"integer\", \"maximum\": 65535}}}";
	return floe_load_json(out, d, "common.json", text, strlen(text), NULL);
}

static void test_schema__resolver(void)
{
	floe_doc *sd = parse("{\"$id\": \"https://floe.dev/main.json\", \"properties\": {"
			     "\"p\": {\"$ref\": \"common.json#/definitions/port\"},"
			     "\"q\": {\"$ref\": \"common.json#/definitions/port\"}}}", true);
	floe_doc *in = parse("p: 70000\nq: 1\n", false);
	floe_diags *d = floe_diags_new(0);
	floe_schema *s = NULL;
	int calls = 0;
	floe_schema_opts opts = { .resolve = resolver, .resolve_ctx = &calls };
	CHECK_INT(floe_schema_compile(&s, d, sd, &opts), 0);
	CHECK_INT(calls, 1);
	CHECK_INT(floe_schema_validate(s, d, in->root), FLOE_EINVALID);
	CHECK_STR(show(d, "schema/maximum"), "1:4 70000 is greater than the maximum of 65535");
	floe_schema_free(s);
	floe_doc_free(in);
	floe_doc_free(sd);
	floe_diags_free(d);
}

static void test_schema__no_formats(void)
{
	floe_doc *sd = parse("{\"format\": \"date\"}", true);
	floe_doc *in = parse("tomorrow\n", false);
	floe_diags *d = floe_diags_new(0);
	floe_schema *s = NULL;
	floe_schema_opts opts = { .no_formats = true };
	CHECK_INT(floe_schema_compile(&s, d, sd, &opts), 0);
	CHECK_INT(floe_schema_validate(s, d, in->root), 0);
	floe_schema_free(s);
	CHECK_INT(floe_schema_compile(&s, d, sd, NULL), 0);
	CHECK_INT(floe_schema_validate(s, d, in->root), FLOE_EINVALID);
	CHECK_STR(show(d, "schema/format"), "1:1 'tomorrow' is not a valid date");
	floe_schema_free(s);
	floe_doc_free(in);
	floe_doc_free(sd);
	floe_diags_free(d);
}

/* Each "pattern" of the built-in schemas has a patternErrorMessage,
 * compiles at run time (they are
 * compiled when a command first needs them, so a bad one would surface
 * late), and matches itself the same way twice. */
static size_t check_patterns(const floe_node *n)
{
	size_t found = 0;
	if (n->kind != FLOE_NODE_MAP && n->kind != FLOE_NODE_SEQ)
		return 0;
	for (size_t i = 0; i < n->len; i++) {
		const floe_node *v = n->items[i];
		found += check_patterns(v);
		if (n->kind != FLOE_NODE_MAP || strcmp(n->keys[i]->text, "pattern") ||
		    v->kind != FLOE_NODE_STRING)
			continue;
		/* and says in words what it wants (editors and floe show it) */
		bool described = false;
		for (size_t k = 0; k < n->len; k++)
			if (strcmp(n->keys[k]->text, "patternErrorMessage") == 0 &&
			    n->items[k]->kind == FLOE_NODE_STRING && n->items[k]->len > 0)
				described = true;
		if (!described)
			fprintf(stderr, "pattern without patternErrorMessage: %s\n", v->text);
		CHECK(described);
		floe_buf err = FLOE_BUF_INIT;
		size_t off;
		pcre2_code *re = floe_schema__regex_compile(v->text, v->len, &err, &off);
		CHECK(re != NULL);
		if (re) {
			pcre2_match_data *md = pcre2_match_data_create(4, NULL);
			bool a = floe_schema__regex_search(re, md, NULL, v->text, v->len, NULL);
			CHECK(a == floe_schema__regex_search(re, md, NULL, v->text, v->len, NULL));
			pcre2_match_data_free(md);
			found++;
		}
		pcre2_code_free(re);
		floe_buf_release(&err);
	}
	return found;
}

static void test_schema__builtin_patterns(void)
{
	static const char *const names[] = { "schemas/floe.schema.json#compact",
					      "schemas/platform.schema.json#compact" };
	size_t found = 0, len;
	for (size_t i = 0; i < 2; i++) {
		floe_doc *doc = NULL;
		floe_diags *d = floe_diags_new(0);
		const char *text = floe_embedded_get(names[i], &len);
		CHECK(text != NULL);
		if (!text)
			continue;
		CHECK_INT(floe_load_json(&doc, d, names[i], text, len, NULL), 0);
		if (doc && doc->root)
			found += check_patterns(doc->root);
		floe_doc_free(doc);
		floe_diags_free(d);
	}
	CHECK(found >= 10);
}

int main(void)
{
	RUN(test_schema__messages_and_positions);
	RUN(test_schema__did_you_mean);
	RUN(test_schema__best_match_discriminated);
	RUN(test_schema__one_of_several);
	RUN(test_schema__type_messages);
	RUN(test_schema__yaml_typing);
	RUN(test_schema__json_exact);
	RUN(test_schema__refs);
	RUN(test_schema__bad_schemas);
	RUN(test_schema__other_keywords);
	RUN(test_schema__secret_redacted);
	RUN(test_schema__unique_long);
	RUN(test_schema__annotate);
	RUN(test_schema__resolver);
	RUN(test_schema__no_formats);
	RUN(test_schema__builtin_patterns);
	return unit_done("schema");
}
