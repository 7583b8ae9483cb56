/*
 * fuzz_json.c: libFuzzer target for the JSON loader (jansson checks, the
 * position scanner builds).  Parses the input with small limits, then
 * touches every node and renders every diagnostic.  Silent.
 */
#include <stdint.h>
#include <stdlib.h>
#include "fuzz_doc.h"

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size);

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size)
{
	return fuzz_doc_one(data, size, floe_doc_parse_json);
}
