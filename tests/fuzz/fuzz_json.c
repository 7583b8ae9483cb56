/*
 * fuzz_json.c: libFuzzer target for the JSON loader (the recognizer checks,
 * jansson words errors, the position scanner builds).  Parses the input
 * with small limits, then touches every node and renders every diagnostic.
 * Differential: whatever the loader accepts jansson must accept too (the
 * recognizer may only save jansson's work, never overrule it).  Silent.
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

	if (floe_doc_parse_json(&doc, d, "<fuzz>", (const char *)data, size,
				NULL) == 0) {
		size_t skip = size >= 3 && memcmp(data, "\xef\xbb\xbf", 3) == 0 ? 3 : 0;
		json_t *j = json_loadb((const char *)data + skip, size - skip,
				       JSON_DECODE_ANY | JSON_ALLOW_NUL |
					       JSON_DECODE_INT_AS_REAL, &err);
		fuzz_check(j != NULL);
		json_decref(j);
	}
	floe_doc_free(doc);
	floe_diags_free(d);
	return fuzz_doc_one(data, size, floe_doc_parse_json);
}
