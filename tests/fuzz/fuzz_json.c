/*
 * fuzz_json.c: libFuzzer target for the JSON loader (it checks the syntax
 * as it builds, jansson words the errors).  Parses the input
 * with small limits, then touches every node and renders every diagnostic.
 * Differential: whatever the loader accepts jansson must accept too, and
 * what jansson accepts the loader never calls a syntax error (its checks
 * may only save jansson's work, never overrule it).  Silent.
 */
#include <jansson.h>
#include <stdint.h>
#include <stdlib.h>
#include "fuzz_doc.h"

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size);

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size)
{
	floe_doc *doc = NULL;
	floe_diags *d = floe_diags_new(10);
	json_error_t err;

	int rc = floe_doc_parse_json(&doc, d, "<fuzz>", (const char *)data, size,
				     NULL);
	size_t skip = size >= 3 && memcmp(data, "\xef\xbb\xbf", 3) == 0 ? 3 : 0;
	json_t *j = json_loadb((const char *)data + skip, size - skip,
			       JSON_DECODE_ANY | JSON_ALLOW_NUL |
				       JSON_DECODE_INT_AS_REAL, &err);
	if (rc == 0)
		fuzz_check(j != NULL);
	/* and what jansson takes is refused only for a limit, a duplicate
	 * key, or a NUL byte outside strings (jansson takes one after a
	 * number: not JSON), never as another syntax error */
	for (size_t i = 0; j && i < floe_diags_count(d); i++)
		fuzz_check(strcmp(floe_diags_at(d, i)->code, "json/syntax") != 0 ||
			   memchr(data, 0, size) != NULL);
	json_decref(j);
	floe_doc_free(doc);
	floe_diags_free(d);
	return fuzz_doc_one(data, size, floe_doc_parse_json);
}
