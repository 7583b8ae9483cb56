/*
 * test_render.c: every diagnostic format pinned byte for byte on one small
 * list (two files, notes, a hint, a tab and a non-ASCII character before a
 * caret, a multi-line span, a line-0 and a file-less diagnostic, a message
 * with % , : \n < & >), plus the edge cases of carets, escaping and limits.
 * The JSON and SARIF outputs must also parse back with jansson.
 */
#include <jansson.h>
#include <string.h>
#include "floe/buf.h"
#include "floe/diag.h"
#include "util/util.h"
#include "unit.h"

static const char text_a[] =
	"version: \"1.2.0\"\n"
	"catalogs:\n"
	"  default:\n"
	"    type: iceburg\n"
	"    uri: http://polaris:8181\n"
	"storage:\n"
	"  default:\n"
	"\tlabel: \"caf\xc3\xa9\" \tsize: 50%\n";
static const char text_b[] =
	"name: customer-analytics\n"
	"catalog: default\n";

static floe_source *source(const char *path, const char *text)
{
	if (!text)
		return floe_source_new(path, NULL, 0);
	return floe_source_new(path, floe_xstrdup(text), strlen(text));
}

static floe_span span(const floe_source *src, uint32_t line, uint32_t col,
		      uint32_t end_line, uint32_t end_col)
{
	floe_span s = { src, line, col, end_line, end_col };
	return s;
}

/* The list every format is pinned on, in the order a caller would sort. */
static floe_diags *fixture(void)
{
	floe_diags *d = floe_diags_new(0);
	floe_source *a = source("platform/prod/platform.yaml", text_a);
	floe_source *b = source("floe.yaml", text_b);
	floe_span s;
	floe_diag *x;

	floe_diags_checked(d, "floe.yaml");
	floe_diags_checked(d, "platform/prod/platform.yaml");
	floe_diags_checked(d, "platform/my env/platform.yaml");

	s = span(a, 4, 11, 4, 18);
	x = floe_diag_add(d, FLOE_SEV_ERROR, "schema/enum", &s,
			  "/catalogs/default/type",
			  "unknown catalog type '%s'", "iceburg");
	s = span(b, 2, 10, 2, 17);
	floe_diag_note(d, x, &s, "catalog 'default' is used here");
	floe_diag_note(d, x, NULL, "expected one of: polaris, rest, glue");
	floe_diag_hint(d, x, "did you mean 'iceberg'?");

	s = span(a, 5, 10, 5, 29);
	floe_diag_add(d, FLOE_SEV_NOTE, "lint/plain-http", &s,
		      "/catalogs/default/uri",
		      "endpoint 'http://polaris:8181' uses plain http");

	s = span(a, 6, 1, 8, 5);
	floe_diag_add(d, FLOE_SEV_ERROR, "schema/required", &s,
		      "/storage/default", "storage 'default' has no 'type'");

	s = span(a, 8, 23, 8, 26);
	x = floe_diag_add(d, FLOE_SEV_WARNING, "lint/size", &s,
			  "/storage/default/size",
			  "size '50%%' is not valid: expected <int>, got 'a&b'\n"
			  "sizes are integers");
	s = span(a, 8, 17, 8, 21);
	floe_diag_note(d, x, &s, "'size' is set here");

	s = span(b, 0, 0, 0, 0);
	floe_diag_add(d, FLOE_SEV_WARNING, "lint/no-transforms", &s, "",
		      "project has no transforms");

	floe_diag_add(d, FLOE_SEV_ERROR, "io/not-found", NULL, NULL,
		      "no environment 'qa' under 'platform/'");

	floe_source_unref(a);
	floe_source_unref(b);
	return d;
}

/* Render `d` in `fmt` into a heap string (free() it). */
static char *render(const floe_diags *d, floe_format fmt, bool color)
{
	floe_render_opts o = { fmt, color, "floe", "0.1.0", "validate", NULL };
	floe_buf b = FLOE_BUF_INIT;
	floe_diag_render(&b, d, &o);
	if (!b.ptr)
		return floe_xstrdup("");
	return floe_buf_detach(&b);
}

static void check_render(const floe_diags *d, floe_format fmt,
			 const char *want)
{
	char *got = render(d, fmt, false);
	CHECK_STR(got, want);
	free(got);
}

static void test_render__format_names(void)
{
	static const char *const names[] = {
		"text", "json", "sarif", "github", "junit",
	};
	floe_format f;

	for (size_t i = 0; i < FLOE_ARRAY_SIZE(names); i++) {
		f = FLOE_FMT_JUNIT;
		CHECK_INT(floe_format_parse(&f, names[i]), 0);
		CHECK_INT(f, i);
		CHECK_STR(floe_format_name(f), names[i]);
	}
	CHECK_INT(floe_format_parse(&f, "xml"), FLOE_EUSAGE);
	CHECK(strstr(floe_error_last(), "'xml'") != NULL);
	CHECK_INT(floe_format_parse(&f, "JSON"), FLOE_EUSAGE);
	CHECK_INT(floe_format_parse(&f, ""), FLOE_EUSAGE);
	CHECK_INT(floe_format_parse(&f, NULL), FLOE_EUSAGE);
}

static void test_render__text(void)
{
	floe_diags *d = fixture();
	check_render(d, FLOE_FMT_TEXT,
	"platform/prod/platform.yaml:4:11: error: unknown catalog type 'iceburg' [schema/enum]\n"
	"    4 |     type: iceburg\n"
	"      |           ^~~~~~~\n"
	"floe.yaml:2:10: note: catalog 'default' is used here\n"
	"    2 | catalog: default\n"
	"      |          ^~~~~~~\n"
	"note: expected one of: polaris, rest, glue\n"
	"help: did you mean 'iceberg'?\n"
	"platform/prod/platform.yaml:5:10: note: endpoint 'http://polaris:8181' uses plain http [lint/plain-http]\n"
	"    5 |     uri: http://polaris:8181\n"
	"      |          ^~~~~~~~~~~~~~~~~~~\n"
	"platform/prod/platform.yaml:6:1: error: storage 'default' has no 'type' [schema/required]\n"
	"    6 | storage:\n"
	"      | ^~~~~~~~\n"
	"platform/prod/platform.yaml:8:23: warning: size '50%' is not valid: expected <int>, got 'a&b'\n"
	"sizes are integers [lint/size]\n"
	"    8 | \tlabel: \"caf\xc3\xa9\" \tsize: 50%\n"
	"      | \t              \t      ^~~\n"
	"platform/prod/platform.yaml:8:17: note: 'size' is set here\n"
	"    8 | \tlabel: \"caf\xc3\xa9\" \tsize: 50%\n"
	"      | \t              \t^~~~\n"
	"floe.yaml: warning: project has no transforms [lint/no-transforms]\n"
	"floe: error: no environment 'qa' under 'platform/' [io/not-found]\n"
	"floe: 3 errors, 2 warnings\n");
	floe_diags_free(d);
}

static void test_render__text_color(void)
{
	floe_diags *d = fixture();
	floe_buf b = FLOE_BUF_INIT;
	floe_diag_render_one(&b, floe_diags_at(d, 0), true);
	CHECK_STR(floe_buf_cstr(&b),
	"\033[1mplatform/prod/platform.yaml:4:11:\033[0m \033[1;31merror:\033[0m unknown catalog type 'iceburg' [\033[1;31mschema/enum\033[0m]\n"
	"    4 |     type: iceburg\n"
	"      |           \033[1;32m^~~~~~~\033[0m\n"
	"\033[1mfloe.yaml:2:10:\033[0m \033[1;36mnote:\033[0m catalog 'default' is used here\n"
	"    2 | catalog: default\n"
	"      |          \033[1;32m^~~~~~~\033[0m\n"
	"\033[1;36mnote:\033[0m expected one of: polaris, rest, glue\n"
	"\033[1mhelp:\033[0m did you mean 'iceberg'?\n");
	floe_buf_clear(&b);
	floe_diag_render_one(&b, floe_diags_at(d, 5), true);
	CHECK_STR(floe_buf_cstr(&b),
		  "\033[1mfloe:\033[0m \033[1;31merror:\033[0m no environment"
		  " 'qa' under 'platform/' [\033[1;31mio/not-found\033[0m]\n");
	floe_buf_release(&b);
	floe_diags_free(d);
}

static void test_render__json(void)
{
	floe_diags *d = fixture();
	char *got = render(d, FLOE_FMT_JSON, false);
	CHECK_STR(got,
	"{\n"
	"  \"version\": 1,\n"
	"  \"tool\": {\n"
	"    \"name\": \"floe\",\n"
	"    \"version\": \"0.1.0\"\n"
	"  },\n"
	"  \"diagnostics\": [\n"
	"    {\n"
	"      \"severity\": \"error\",\n"
	"      \"code\": \"schema/enum\",\n"
	"      \"message\": \"unknown catalog type 'iceburg'\",\n"
	"      \"file\": \"platform/prod/platform.yaml\",\n"
	"      \"line\": 4,\n"
	"      \"column\": 11,\n"
	"      \"end_line\": 4,\n"
	"      \"end_column\": 18,\n"
	"      \"pointer\": \"/catalogs/default/type\",\n"
	"      \"hint\": \"did you mean 'iceberg'?\",\n"
	"      \"notes\": [\n"
	"        {\n"
	"          \"message\": \"catalog 'default' is used here\",\n"
	"          \"file\": \"floe.yaml\",\n"
	"          \"line\": 2,\n"
	"          \"column\": 10,\n"
	"          \"end_line\": 2,\n"
	"          \"end_column\": 17\n"
	"        },\n"
	"        {\n"
	"          \"message\": \"expected one of: polaris, rest, glue\"\n"
	"        }\n"
	"      ]\n"
	"    },\n"
	"    {\n"
	"      \"severity\": \"note\",\n"
	"      \"code\": \"lint/plain-http\",\n"
	"      \"message\": \"endpoint 'http://polaris:8181' uses plain http\",\n"
	"      \"file\": \"platform/prod/platform.yaml\",\n"
	"      \"line\": 5,\n"
	"      \"column\": 10,\n"
	"      \"end_line\": 5,\n"
	"      \"end_column\": 29,\n"
	"      \"pointer\": \"/catalogs/default/uri\",\n"
	"      \"notes\": []\n"
	"    },\n"
	"    {\n"
	"      \"severity\": \"error\",\n"
	"      \"code\": \"schema/required\",\n"
	"      \"message\": \"storage 'default' has no 'type'\",\n"
	"      \"file\": \"platform/prod/platform.yaml\",\n"
	"      \"line\": 6,\n"
	"      \"column\": 1,\n"
	"      \"end_line\": 8,\n"
	"      \"end_column\": 5,\n"
	"      \"pointer\": \"/storage/default\",\n"
	"      \"notes\": []\n"
	"    },\n"
	"    {\n"
	"      \"severity\": \"warning\",\n"
	"      \"code\": \"lint/size\",\n"
	"      \"message\": \"size '50%' is not valid: expected <int>, got 'a&b'\\nsizes are integers\",\n"
	"      \"file\": \"platform/prod/platform.yaml\",\n"
	"      \"line\": 8,\n"
	"      \"column\": 23,\n"
	"      \"end_line\": 8,\n"
	"      \"end_column\": 26,\n"
	"      \"pointer\": \"/storage/default/size\",\n"
	"      \"notes\": [\n"
	"        {\n"
	"          \"message\": \"'size' is set here\",\n"
	"          \"file\": \"platform/prod/platform.yaml\",\n"
	"          \"line\": 8,\n"
	"          \"column\": 17,\n"
	"          \"end_line\": 8,\n"
	"          \"end_column\": 21\n"
	"        }\n"
	"      ]\n"
	"    },\n"
	"    {\n"
	"      \"severity\": \"warning\",\n"
	"      \"code\": \"lint/no-transforms\",\n"
	"      \"message\": \"project has no transforms\",\n"
	"      \"file\": \"floe.yaml\",\n"
	"      \"pointer\": \"\",\n"
	"      \"notes\": []\n"
	"    },\n"
	"    {\n"
	"      \"severity\": \"error\",\n"
	"      \"code\": \"io/not-found\",\n"
	"      \"message\": \"no environment 'qa' under 'platform/'\",\n"
	"      \"notes\": []\n"
	"    }\n"
	"  ],\n"
	"  \"summary\": {\n"
	"    \"errors\": 3,\n"
	"    \"warnings\": 2,\n"
	"    \"dropped\": 0,\n"
	"    \"files_checked\": 3\n"
	"  }\n"
	"}\n");
	json_error_t err;
	json_t *root = json_loads(got, 0, &err);
	CHECK(root != NULL);
	CHECK_INT(json_integer_value(json_object_get(root, "version")), 1);
	json_t *list = json_object_get(root, "diagnostics");
	CHECK_INT(json_array_size(list), floe_diags_count(d));
	/* absent values are left out, never null */
	CHECK(json_object_get(json_array_get(list, 5), "file") == NULL);
	CHECK(json_object_get(json_array_get(list, 4), "line") == NULL);
	json_decref(root);
	free(got);
	floe_diags_free(d);
}

/* What GitHub code scanning insists on: a file and a line >= 1 per result. */
static void check_sarif_for_github(json_t *root)
{
	json_t *run = json_array_get(json_object_get(root, "runs"), 0);
	json_t *results = json_object_get(run, "results"), *r;
	size_t i;

	CHECK(json_is_array(results));
	json_array_foreach(results, i, r) {
		json_t *loc = json_array_get(json_object_get(r, "locations"), 0);
		json_t *phys = json_object_get(loc, "physicalLocation");
		json_t *art = json_object_get(phys, "artifactLocation");
		json_t *reg = json_object_get(phys, "region");
		CHECK(json_string_length(json_object_get(art, "uri")) > 0);
		CHECK(!reg || json_integer_value(
			json_object_get(reg, "startLine")) >= 1);
		CHECK(json_is_string(json_object_get(r, "ruleId")));
	}
}

static void test_render__sarif(void)
{
	floe_diags *d = fixture();
	char *got = render(d, FLOE_FMT_SARIF, false);
	CHECK_STR(got,
	"{\n"
	"  \"$schema\": \"https://json.schemastore.org/sarif-2.1.0.json\",\n"
	"  \"version\": \"2.1.0\",\n"
	"  \"runs\": [\n"
	"    {\n"
	"      \"tool\": {\n"
	"        \"driver\": {\n"
	"          \"name\": \"floe\",\n"
	"          \"version\": \"0.1.0\",\n"
	"          \"informationUri\": \"https://github.com/floe-dev/floe\",\n"
	"          \"rules\": [\n"
	"            {\n"
	"              \"id\": \"schema/enum\",\n"
	"              \"shortDescription\": {\n"
	"                \"text\": \"schema/enum (JSON Schema validation)\"\n"
	"              },\n"
	"              \"helpUri\": \"https://floe.dev/docs/diagnostics.md#codes-schema\"\n"
	"            },\n"
	"            {\n"
	"              \"id\": \"lint/plain-http\",\n"
	"              \"shortDescription\": {\n"
	"                \"text\": \"lint/plain-http (platform policy rules)\"\n"
	"              },\n"
	"              \"helpUri\": \"https://floe.dev/docs/diagnostics.md#codes-lint\"\n"
	"            },\n"
	"            {\n"
	"              \"id\": \"schema/required\",\n"
	"              \"shortDescription\": {\n"
	"                \"text\": \"schema/required (JSON Schema validation)\"\n"
	"              },\n"
	"              \"helpUri\": \"https://floe.dev/docs/diagnostics.md#codes-schema\"\n"
	"            },\n"
	"            {\n"
	"              \"id\": \"lint/size\",\n"
	"              \"shortDescription\": {\n"
	"                \"text\": \"lint/size (platform policy rules)\"\n"
	"              },\n"
	"              \"helpUri\": \"https://floe.dev/docs/diagnostics.md#codes-lint\"\n"
	"            },\n"
	"            {\n"
	"              \"id\": \"lint/no-transforms\",\n"
	"              \"shortDescription\": {\n"
	"                \"text\": \"lint/no-transforms (platform policy rules)\"\n"
	"              },\n"
	"              \"helpUri\": \"https://floe.dev/docs/diagnostics.md#codes-lint\"\n"
	"            }\n"
	"          ]\n"
	"        }\n"
	"      },\n"
	"      \"invocations\": [\n"
	"        {\n"
	"          \"executionSuccessful\": true,\n"
	"          \"toolExecutionNotifications\": [\n"
	"            {\n"
	"              \"level\": \"error\",\n"
	"              \"message\": {\n"
	"                \"text\": \"no environment 'qa' under 'platform/'\"\n"
	"              },\n"
	"              \"descriptor\": {\n"
	"                \"id\": \"io/not-found\"\n"
	"              }\n"
	"            }\n"
	"          ]\n"
	"        }\n"
	"      ],\n"
	"      \"artifacts\": [\n"
	"        {\n"
	"          \"location\": {\n"
	"            \"uri\": \"floe.yaml\",\n"
	"            \"uriBaseId\": \"%SRCROOT%\"\n"
	"          }\n"
	"        },\n"
	"        {\n"
	"          \"location\": {\n"
	"            \"uri\": \"platform/prod/platform.yaml\",\n"
	"            \"uriBaseId\": \"%SRCROOT%\"\n"
	"          }\n"
	"        },\n"
	"        {\n"
	"          \"location\": {\n"
	"            \"uri\": \"platform/my%20env/platform.yaml\",\n"
	"            \"uriBaseId\": \"%SRCROOT%\"\n"
	"          }\n"
	"        }\n"
	"      ],\n"
	"      \"results\": [\n"
	"        {\n"
	"          \"ruleId\": \"schema/enum\",\n"
	"          \"ruleIndex\": 0,\n"
	"          \"level\": \"error\",\n"
	"          \"message\": {\n"
	"            \"text\": \"unknown catalog type 'iceburg'\"\n"
	"          },\n"
	"          \"locations\": [\n"
	"            {\n"
	"              \"physicalLocation\": {\n"
	"                \"artifactLocation\": {\n"
	"                  \"uri\": \"platform/prod/platform.yaml\",\n"
	"                  \"uriBaseId\": \"%SRCROOT%\"\n"
	"                },\n"
	"                \"region\": {\n"
	"                  \"startLine\": 4,\n"
	"                  \"startColumn\": 11,\n"
	"                  \"endLine\": 4,\n"
	"                  \"endColumn\": 18\n"
	"                }\n"
	"              },\n"
	"              \"logicalLocations\": [\n"
	"                {\n"
	"                  \"fullyQualifiedName\": \"/catalogs/default/type\",\n"
	"                  \"kind\": \"element\"\n"
	"                }\n"
	"              ]\n"
	"            }\n"
	"          ],\n"
	"          \"relatedLocations\": [\n"
	"            {\n"
	"              \"id\": 0,\n"
	"              \"physicalLocation\": {\n"
	"                \"artifactLocation\": {\n"
	"                  \"uri\": \"floe.yaml\",\n"
	"                  \"uriBaseId\": \"%SRCROOT%\"\n"
	"                },\n"
	"                \"region\": {\n"
	"                  \"startLine\": 2,\n"
	"                  \"startColumn\": 10,\n"
	"                  \"endLine\": 2,\n"
	"                  \"endColumn\": 17\n"
	"                }\n"
	"              },\n"
	"              \"message\": {\n"
	"                \"text\": \"catalog 'default' is used here\"\n"
	"              }\n"
	"            }\n"
	"          ],\n"
	"          \"properties\": {\n"
	"            \"pointer\": \"/catalogs/default/type\",\n"
	"            \"hint\": \"did you mean 'iceberg'?\",\n"
	"            \"notes\": [\n"
	"              \"expected one of: polaris, rest, glue\"\n"
	"            ]\n"
	"          }\n"
	"        },\n"
	"        {\n"
	"          \"ruleId\": \"lint/plain-http\",\n"
	"          \"ruleIndex\": 1,\n"
	"          \"level\": \"note\",\n"
	"          \"message\": {\n"
	"            \"text\": \"endpoint 'http://polaris:8181' uses plain http\"\n"
	"          },\n"
	"          \"locations\": [\n"
	"            {\n"
	"              \"physicalLocation\": {\n"
	"                \"artifactLocation\": {\n"
	"                  \"uri\": \"platform/prod/platform.yaml\",\n"
	"                  \"uriBaseId\": \"%SRCROOT%\"\n"
	"                },\n"
	"                \"region\": {\n"
	"                  \"startLine\": 5,\n"
	"                  \"startColumn\": 10,\n"
	"                  \"endLine\": 5,\n"
	"                  \"endColumn\": 29\n"
	"                }\n"
	"              },\n"
	"              \"logicalLocations\": [\n"
	"                {\n"
	"                  \"fullyQualifiedName\": \"/catalogs/default/uri\",\n"
	"                  \"kind\": \"element\"\n"
	"                }\n"
	"              ]\n"
	"            }\n"
	"          ],\n"
	"          \"properties\": {\n"
	"            \"pointer\": \"/catalogs/default/uri\"\n"
	"          }\n"
	"        },\n"
	"        {\n"
	"          \"ruleId\": \"schema/required\",\n"
	"          \"ruleIndex\": 2,\n"
	"          \"level\": \"error\",\n"
	"          \"message\": {\n"
	"            \"text\": \"storage 'default' has no 'type'\"\n"
	"          },\n"
	"          \"locations\": [\n"
	"            {\n"
	"              \"physicalLocation\": {\n"
	"                \"artifactLocation\": {\n"
	"                  \"uri\": \"platform/prod/platform.yaml\",\n"
	"                  \"uriBaseId\": \"%SRCROOT%\"\n"
	"                },\n"
	"                \"region\": {\n"
	"                  \"startLine\": 6,\n"
	"                  \"startColumn\": 1,\n"
	"                  \"endLine\": 8,\n"
	"                  \"endColumn\": 5\n"
	"                }\n"
	"              },\n"
	"              \"logicalLocations\": [\n"
	"                {\n"
	"                  \"fullyQualifiedName\": \"/storage/default\",\n"
	"                  \"kind\": \"element\"\n"
	"                }\n"
	"              ]\n"
	"            }\n"
	"          ],\n"
	"          \"properties\": {\n"
	"            \"pointer\": \"/storage/default\"\n"
	"          }\n"
	"        },\n"
	"        {\n"
	"          \"ruleId\": \"lint/size\",\n"
	"          \"ruleIndex\": 3,\n"
	"          \"level\": \"warning\",\n"
	"          \"message\": {\n"
	"            \"text\": \"size '50%' is not valid: expected <int>, got 'a&b'\\nsizes are integers\"\n"
	"          },\n"
	"          \"locations\": [\n"
	"            {\n"
	"              \"physicalLocation\": {\n"
	"                \"artifactLocation\": {\n"
	"                  \"uri\": \"platform/prod/platform.yaml\",\n"
	"                  \"uriBaseId\": \"%SRCROOT%\"\n"
	"                },\n"
	"                \"region\": {\n"
	"                  \"startLine\": 8,\n"
	"                  \"startColumn\": 23,\n"
	"                  \"endLine\": 8,\n"
	"                  \"endColumn\": 26\n"
	"                }\n"
	"              },\n"
	"              \"logicalLocations\": [\n"
	"                {\n"
	"                  \"fullyQualifiedName\": \"/storage/default/size\",\n"
	"                  \"kind\": \"element\"\n"
	"                }\n"
	"              ]\n"
	"            }\n"
	"          ],\n"
	"          \"relatedLocations\": [\n"
	"            {\n"
	"              \"id\": 0,\n"
	"              \"physicalLocation\": {\n"
	"                \"artifactLocation\": {\n"
	"                  \"uri\": \"platform/prod/platform.yaml\",\n"
	"                  \"uriBaseId\": \"%SRCROOT%\"\n"
	"                },\n"
	"                \"region\": {\n"
	"                  \"startLine\": 8,\n"
	"                  \"startColumn\": 17,\n"
	"                  \"endLine\": 8,\n"
	"                  \"endColumn\": 21\n"
	"                }\n"
	"              },\n"
	"              \"message\": {\n"
	"                \"text\": \"'size' is set here\"\n"
	"              }\n"
	"            }\n"
	"          ],\n"
	"          \"properties\": {\n"
	"            \"pointer\": \"/storage/default/size\"\n"
	"          }\n"
	"        },\n"
	"        {\n"
	"          \"ruleId\": \"lint/no-transforms\",\n"
	"          \"ruleIndex\": 4,\n"
	"          \"level\": \"warning\",\n"
	"          \"message\": {\n"
	"            \"text\": \"project has no transforms\"\n"
	"          },\n"
	"          \"locations\": [\n"
	"            {\n"
	"              \"physicalLocation\": {\n"
	"                \"artifactLocation\": {\n"
	"                  \"uri\": \"floe.yaml\",\n"
	"                  \"uriBaseId\": \"%SRCROOT%\"\n"
	"                }\n"
	"              }\n"
	"            }\n"
	"          ],\n"
	"          \"properties\": {\n"
	"            \"pointer\": \"\"\n"
	"          }\n"
	"        }\n"
	"      ],\n"
	"      \"columnKind\": \"unicodeCodePoints\",\n"
	"      \"properties\": {\n"
	"        \"suite\": \"validate\"\n"
	"      }\n"
	"    }\n"
	"  ]\n"
	"}\n");
	json_error_t err;
	json_t *root = json_loads(got, 0, &err);
	CHECK(root != NULL);
	CHECK_STR(json_string_value(json_object_get(root, "version")), "2.1.0");
	check_sarif_for_github(root);
	json_decref(root);
	free(got);
	floe_diags_free(d);
}

static void test_render__github(void)
{
	floe_diags *d = fixture();
	check_render(d, FLOE_FMT_GITHUB,
	"::error file=platform/prod/platform.yaml,line=4,col=11,endLine=4,endColumn=18,title=schema/enum::unknown catalog type 'iceburg'%0Afloe.yaml:2:10: note: catalog 'default' is used here%0Anote: expected one of: polaris, rest, glue%0Ahelp: did you mean 'iceberg'?\n"
	"::notice file=platform/prod/platform.yaml,line=5,col=10,endLine=5,endColumn=29,title=lint/plain-http::endpoint 'http://polaris:8181' uses plain http\n"
	"::error file=platform/prod/platform.yaml,line=6,endLine=8,title=schema/required::storage 'default' has no 'type'\n"
	"::warning file=platform/prod/platform.yaml,line=8,col=23,endLine=8,endColumn=26,title=lint/size::size '50%25' is not valid: expected <int>, got 'a&b'%0Asizes are integers%0Aplatform/prod/platform.yaml:8:17: note: 'size' is set here\n"
	"::warning file=floe.yaml,title=lint/no-transforms::project has no transforms\n"
	"::error title=io/not-found::no environment 'qa' under 'platform/'\n");
	floe_diags_free(d);
}

static void test_render__junit(void)
{
	floe_diags *d = fixture();
	check_render(d, FLOE_FMT_JUNIT,
	"<?xml version=\"1.0\" encoding=\"UTF-8\"?>\n"
	"<testsuites name=\"floe\" tests=\"4\" failures=\"2\">\n"
	"  <testsuite name=\"floe validate\" tests=\"4\" failures=\"2\" errors=\"0\">\n"
	"    <testcase classname=\"floe.validate\" name=\"floe.yaml\">\n"
	"      <system-out>floe.yaml: warning: project has no transforms [lint/no-transforms]\n"
	"</system-out>\n"
	"    </testcase>\n"
	"    <testcase classname=\"floe.validate\" name=\"platform/prod/platform.yaml\">\n"
	"      <failure type=\"schema/enum\" message=\"platform/prod/platform.yaml:4:11: unknown catalog type &apos;iceburg&apos;\">platform/prod/platform.yaml:4:11: error: unknown catalog type &apos;iceburg&apos; [schema/enum]\n"
	"    4 |     type: iceburg\n"
	"      |           ^~~~~~~\n"
	"floe.yaml:2:10: note: catalog &apos;default&apos; is used here\n"
	"    2 | catalog: default\n"
	"      |          ^~~~~~~\n"
	"note: expected one of: polaris, rest, glue\n"
	"help: did you mean &apos;iceberg&apos;?\n"
	"platform/prod/platform.yaml:6:1: error: storage &apos;default&apos; has no &apos;type&apos; [schema/required]\n"
	"    6 | storage:\n"
	"      | ^~~~~~~~\n"
	"</failure>\n"
	"      <system-out>platform/prod/platform.yaml:5:10: note: endpoint &apos;http://polaris:8181&apos; uses plain http [lint/plain-http]\n"
	"    5 |     uri: http://polaris:8181\n"
	"      |          ^~~~~~~~~~~~~~~~~~~\n"
	"platform/prod/platform.yaml:8:23: warning: size &apos;50%&apos; is not valid: expected &lt;int&gt;, got &apos;a&amp;b&apos;\n"
	"sizes are integers [lint/size]\n"
	"    8 | \tlabel: &quot;caf\xc3\xa9&quot; \tsize: 50%\n"
	"      | \t              \t      ^~~\n"
	"platform/prod/platform.yaml:8:17: note: &apos;size&apos; is set here\n"
	"    8 | \tlabel: &quot;caf\xc3\xa9&quot; \tsize: 50%\n"
	"      | \t              \t^~~~\n"
	"</system-out>\n"
	"    </testcase>\n"
	"    <testcase classname=\"floe.validate\" name=\"platform/my env/platform.yaml\"/>\n"
	"    <testcase classname=\"floe.validate\" name=\"floe\">\n"
	"      <failure type=\"io/not-found\" message=\"no environment &apos;qa&apos; under &apos;platform/&apos;\">floe: error: no environment &apos;qa&apos; under &apos;platform/&apos; [io/not-found]\n"
	"</failure>\n"
	"    </testcase>\n"
	"  </testsuite>\n"
	"</testsuites>\n");
	floe_diags_free(d);
}

/* One diagnostic at `s` rendered alone as plain text. */
static char *one(const floe_span *s, const char *msg)
{
	floe_diags *d = floe_diags_new(0);
	floe_buf b = FLOE_BUF_INIT;
	floe_diag *x = floe_diag_add(d, FLOE_SEV_ERROR, "c/d", s, NULL, "%s",
				     msg);
	floe_diag_render_one(&b, x, false);
	floe_diags_free(d);
	return floe_buf_detach(&b);
}

static void check_one(floe_span s, const char *want)
{
	char *got = one(&s, "m");
	CHECK_STR(got, want);
	free(got);
}

static void test_render__caret_edges(void)
{
	floe_source *e = source("e.yaml", "key: value\r\n"
				"\xc3\xa9\t\xc3\xa9: 1\r\n"
				"a\033b\n"
				"a\tb\n");
	floe_source *empty = source("n.yaml", NULL);

	/* past the end of the line: the caret sits just after it */
	check_one(span(e, 1, 20, 1, 21), "e.yaml:1:20: error: m [c/d]\n"
		  "    1 | key: value\n"
		  "      |           ^\n");
	/* an end before the start: a caret alone */
	check_one(span(e, 1, 6, 1, 3), "e.yaml:1:6: error: m [c/d]\n"
		  "    1 | key: value\n"
		  "      |      ^\n");
	/* several lines: underline to the end of the first */
	check_one(span(e, 1, 6, 3, 2), "e.yaml:1:6: error: m [c/d]\n"
		  "    1 | key: value\n"
		  "      |      ^~~~~\n");
	/* an end past the line is clamped to it */
	check_one(span(e, 1, 6, 1, 40), "e.yaml:1:6: error: m [c/d]\n"
		  "    1 | key: value\n"
		  "      |      ^~~~~\n");
	/* no such line, no text: the header alone */
	check_one(span(e, 9, 1, 9, 2), "e.yaml:9:1: error: m [c/d]\n");
	check_one(span(empty, 3, 1, 3, 2), "n.yaml:3:1: error: m [c/d]\n");
	/* no column: the source line without a caret */
	check_one(span(e, 1, 0, 0, 0), "e.yaml:1: error: m [c/d]\n"
		  "    1 | key: value\n");
	/* CRLF dropped; code points, tabs kept under tabs */
	check_one(span(e, 2, 4, 2, 5), "e.yaml:2:4: error: m [c/d]\n"
		  "    2 | \xc3\xa9\t\xc3\xa9: 1\n"
		  "      |  \t ^\n");
	/* control characters never reach the terminal */
	check_one(span(e, 3, 3, 3, 4), "e.yaml:3:3: error: m [c/d]\n"
		  "    3 | a?b\n"
		  "      |   ^\n");
	/* a tab inside the underline stays a tab */
	check_one(span(e, 4, 1, 4, 4), "e.yaml:4:1: error: m [c/d]\n"
		  "    4 | a\tb\n"
		  "      | ^\t~\n");
	floe_source_unref(e);
	floe_source_unref(empty);
}

static void test_render__gutter_width(void)
{
	floe_buf text = FLOE_BUF_INIT;
	for (int i = 0; i < 123455; i++)
		floe_buf_putc(&text, '\n');
	floe_buf_puts(&text, "x: 1");
	floe_source *s = source("big.yaml", floe_buf_cstr(&text));
	check_one(span(s, 123456, 1, 123456, 2),
		  "big.yaml:123456:1: error: m [c/d]\n"
		  "123456 | x: 1\n"
		  "       | ^\n");
	floe_source_unref(s);
	floe_buf_release(&text);
}

static void test_render__notes(void)
{
	floe_source *e = source("e.yaml", "a: 1\nb: 2\n");
	floe_diags *d = floe_diags_new(0);
	floe_buf b = FLOE_BUF_INIT;
	floe_span at = span(e, 2, 1, 2, 2), whole = span(e, 0, 0, 0, 0);
	floe_diag *x = floe_diag_add(d, FLOE_SEV_WARNING, "w/x", &at, NULL,
				     "dup");
	floe_diag_note(d, x, &at, "same place: no second snippet");
	floe_diag_note(d, x, &whole, "the whole file");
	floe_diag_render_one(&b, x, false);
	CHECK_STR(floe_buf_cstr(&b), "e.yaml:2:1: warning: dup [w/x]\n"
		  "    2 | b: 2\n"
		  "      | ^\n"
		  "e.yaml:2:1: note: same place: no second snippet\n"
		  "e.yaml: note: the whole file\n");
	floe_buf_release(&b);
	floe_diags_free(d);
	floe_source_unref(e);
}

static void test_render__summary(void)
{
	floe_diags *d = floe_diags_new(0);
	check_render(d, FLOE_FMT_TEXT, "");
	check_render(d, FLOE_FMT_GITHUB, "");
	floe_diag_add(d, FLOE_SEV_NOTE, "n/n", NULL, NULL, "fyi");
	check_render(d, FLOE_FMT_TEXT, "floe: note: fyi [n/n]\n"
		     "floe: 0 errors, 0 warnings\n");
	floe_diag_add(d, FLOE_SEV_WARNING, "w/w", NULL, NULL, "hm");
	floe_diag_add(d, FLOE_SEV_ERROR, "e/e", NULL, NULL, "no");
	check_render(d, FLOE_FMT_TEXT, "floe: note: fyi [n/n]\n"
		     "floe: warning: hm [w/w]\n"
		     "floe: error: no [e/e]\n"
		     "floe: 1 error, 1 warning\n");
	floe_diags_free(d);
}

static void test_render__dropped(void)
{
	floe_diags *d = floe_diags_new(1);
	floe_diag_add(d, FLOE_SEV_ERROR, "x/y", NULL, NULL, "e1");
	floe_diag_add(d, FLOE_SEV_ERROR, "x/y", NULL, NULL, "e2");
	check_render(d, FLOE_FMT_TEXT, "floe: error: e1 [x/y]\n"
		     "floe: 1 more diagnostic not shown (limit reached)\n"
		     "floe: 2 errors, 0 warnings\n");
	floe_diag_add(d, FLOE_SEV_WARNING, "x/y", NULL, NULL, "w1");
	check_render(d, FLOE_FMT_TEXT, "floe: error: e1 [x/y]\n"
		     "floe: 2 more diagnostics not shown (limit reached)\n"
		     "floe: 2 errors, 1 warning\n");
	check_render(d, FLOE_FMT_GITHUB, "::error title=x/y::e1\n"
		     "::warning title=floe::2 more diagnostics not shown "
		     "(limit reached)\n");

	char *got = render(d, FLOE_FMT_JUNIT, false);
	CHECK(strstr(got, "    <system-out>floe: 2 more diagnostics not shown "
		     "(limit reached)\n</system-out>\n  </testsuite>\n") != NULL);
	free(got);

	got = render(d, FLOE_FMT_JSON, false);
	json_t *root = json_loads(got, 0, NULL);
	json_t *sum = json_object_get(root, "summary");
	CHECK_INT(json_integer_value(json_object_get(sum, "dropped")), 2);
	CHECK_INT(json_integer_value(json_object_get(sum, "errors")), 2);
	CHECK_INT(json_integer_value(json_object_get(sum, "warnings")), 1);
	json_decref(root);
	free(got);

	got = render(d, FLOE_FMT_SARIF, false);
	root = json_loads(got, 0, NULL);
	json_t *run = json_array_get(json_object_get(root, "runs"), 0);
	json_t *inv = json_array_get(json_object_get(run, "invocations"), 0);
	json_t *notes = json_object_get(inv, "toolExecutionNotifications");
	CHECK_INT(json_array_size(notes), 2);
	CHECK_STR(json_string_value(json_object_get(json_object_get(
		json_array_get(notes, 1), "message"), "text")),
		"2 more diagnostics not shown (limit reached)");
	json_decref(root);
	free(got);
	floe_diags_free(d);
}

static void test_render__empty(void)
{
	floe_diags *d = floe_diags_new(0);
	floe_render_opts o = { FLOE_FMT_JUNIT, false, NULL, NULL, NULL, NULL };
	floe_buf b = FLOE_BUF_INIT;

	floe_diags_checked(d, "floe.yaml");
	floe_diag_render(&b, d, &o);
	CHECK_STR(floe_buf_cstr(&b),
		  "<?xml version=\"1.0\" encoding=\"UTF-8\"?>\n"
		  "<testsuites name=\"floe\" tests=\"1\" failures=\"0\">\n"
		  "  <testsuite name=\"floe\" tests=\"1\" failures=\"0\" "
		  "errors=\"0\">\n"
		  "    <testcase classname=\"floe\" name=\"floe.yaml\"/>\n"
		  "  </testsuite>\n"
		  "</testsuites>\n");
	floe_buf_clear(&b);
	o.format = FLOE_FMT_JSON;
	floe_diag_render(&b, d, &o);
	CHECK_STR(floe_buf_cstr(&b),
		  "{\n"
		  "  \"version\": 1,\n"
		  "  \"tool\": {\n"
		  "    \"name\": \"floe\",\n"
		  "    \"version\": \"" FLOE_VERSION "\"\n"
		  "  },\n"
		  "  \"diagnostics\": [],\n"
		  "  \"summary\": {\n"
		  "    \"errors\": 0,\n"
		  "    \"warnings\": 0,\n"
		  "    \"dropped\": 0,\n"
		  "    \"files_checked\": 1\n"
		  "  }\n"
		  "}\n");
	floe_buf_clear(&b);
	o.format = FLOE_FMT_SARIF;
	floe_diag_render(&b, d, &o);
	json_t *root = json_loads(floe_buf_cstr(&b), 0, NULL);
	json_t *run = json_array_get(json_object_get(root, "runs"), 0);
	CHECK_INT(json_array_size(json_object_get(run, "results")), 0);
	CHECK_INT(json_array_size(json_object_get(run, "artifacts")), 1);
	CHECK(json_object_get(run, "properties") == NULL);
	json_decref(root);
	floe_buf_release(&b);
	floe_diags_free(d);
}

static void test_render__junit_unregistered(void)
{
	floe_source *s = source("b.yaml", NULL);
	floe_diags *d = floe_diags_new(0);
	floe_span at = span(s, 0, 0, 0, 0);

	floe_diags_checked(d, "a.yaml");
	floe_diag_add(d, FLOE_SEV_WARNING, "w/x", &at, NULL, "odd <file>");
	check_render(d, FLOE_FMT_JUNIT,
		     "<?xml version=\"1.0\" encoding=\"UTF-8\"?>\n"
		     "<testsuites name=\"floe\" tests=\"2\" failures=\"0\">\n"
		     "  <testsuite name=\"floe validate\" tests=\"2\" "
		     "failures=\"0\" errors=\"0\">\n"
		     "    <testcase classname=\"floe.validate\" name=\"a.yaml\"/>\n"
		     "    <testcase classname=\"floe.validate\" name=\"b.yaml\">\n"
		     "      <system-out>b.yaml: warning: odd &lt;file&gt; [w/x]\n"
		     "</system-out>\n"
		     "    </testcase>\n"
		     "  </testsuite>\n"
		     "</testsuites>\n");

	char *got = render(d, FLOE_FMT_SARIF, false);
	json_t *root = json_loads(got, 0, NULL);
	json_t *run = json_array_get(json_object_get(root, "runs"), 0);
	json_t *arts = json_object_get(run, "artifacts");
	CHECK_INT(json_array_size(arts), 2);
	CHECK_STR(json_string_value(json_object_get(json_object_get(
		json_array_get(arts, 1), "location"), "uri")), "b.yaml");
	json_decref(root);
	free(got);
	floe_diags_free(d);
	floe_source_unref(s);
}

static void test_render__github_escape(void)
{
	floe_source *s = source("dir,a:b/x%.yaml", NULL);
	floe_diags *d = floe_diags_new(0);
	floe_span at = span(s, 3, 2, 3, 5);
	floe_diag_add(d, FLOE_SEV_ERROR, "a:b,c", &at, NULL,
		      "50%% done\r\nnext: a, b");
	check_render(d, FLOE_FMT_GITHUB,
		     "::error file=dir%2Ca%3Ab/x%25.yaml,line=3,col=2,endLine=3,"
		     "endColumn=5,title=a%3Ab%2Cc::50%25 done%0D%0Anext: a, b\n");
	floe_diags_free(d);
	floe_source_unref(s);
}

static const char *sarif_uri(json_t *root, const char **base)
{
	json_t *run = json_array_get(json_object_get(root, "runs"), 0);
	json_t *r = json_array_get(json_object_get(run, "results"), 0);
	json_t *loc = json_array_get(json_object_get(r, "locations"), 0);
	json_t *art = json_object_get(json_object_get(loc, "physicalLocation"),
				      "artifactLocation");
	*base = json_string_value(json_object_get(art, "uriBaseId"));
	return json_string_value(json_object_get(art, "uri"));
}

static void check_uri(const char *path, const char *uri, const char *base)
{
	floe_source *s = source(path, NULL);
	floe_diags *d = floe_diags_new(0);
	floe_span at = span(s, 1, 1, 1, 2);
	floe_diag_add(d, FLOE_SEV_ERROR, "c/d", &at, NULL, "m");
	char *got = render(d, FLOE_FMT_SARIF, false);
	json_t *root = json_loads(got, 0, NULL);
	const char *got_base;
	CHECK_STR(sarif_uri(root, &got_base), uri);
	CHECK(floe_str_eq(got_base, base));
	json_decref(root);
	free(got);
	floe_diags_free(d);
	floe_source_unref(s);
}

static void test_render__sarif_uri(void)
{
	check_uri("a b/c#d?.yaml", "a%20b/c%23d%3F.yaml", "%SRCROOT%");
	check_uri("x:y/caf\xc3\xa9.yaml", "x%3Ay/caf%C3%A9.yaml", "%SRCROOT%");
	check_uri("./p/f-1_2~.yaml", "./p/f-1_2~.yaml", "%SRCROOT%");
	check_uri("/abs/p q.yaml", "file:///abs/p%20q.yaml", NULL);
}

static void test_render__invalid_utf8(void)
{
	floe_diags *d = floe_diags_new(0);
	floe_diag_add(d, FLOE_SEV_ERROR, "c/d", NULL, NULL, "bad \xff byte");
	char *got = render(d, FLOE_FMT_JSON, false);
	json_t *root = json_loads(got, 0, NULL);
	json_t *x = json_array_get(json_object_get(root, "diagnostics"), 0);
	CHECK_STR(json_string_value(json_object_get(x, "message")),
		  "bad \xef\xbf\xbd byte");
	json_decref(root);
	free(got);
	got = render(d, FLOE_FMT_SARIF, false);
	root = json_loads(got, 0, NULL);
	CHECK(root != NULL);
	json_decref(root);
	free(got);
	got = render(d, FLOE_FMT_JUNIT, false);
	CHECK(strstr(got, "message=\"bad \xef\xbf\xbd byte\"") != NULL);
	free(got);
	floe_diags_free(d);
}

int main(void)
{
	RUN(test_render__format_names);
	RUN(test_render__text);
	RUN(test_render__text_color);
	RUN(test_render__json);
	RUN(test_render__sarif);
	RUN(test_render__github);
	RUN(test_render__junit);
	RUN(test_render__caret_edges);
	RUN(test_render__gutter_width);
	RUN(test_render__notes);
	RUN(test_render__summary);
	RUN(test_render__dropped);
	RUN(test_render__empty);
	RUN(test_render__junit_unregistered);
	RUN(test_render__github_escape);
	RUN(test_render__sarif_uri);
	RUN(test_render__invalid_utf8);
	return unit_done("render");
}
