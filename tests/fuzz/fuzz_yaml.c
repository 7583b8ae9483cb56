/*
 * fuzz_yaml.c: libFuzzer target for the YAML loader.  Parses the input
 * with small limits, then touches every node: its pointer must lead back
 * to it, every typed read runs, and every diagnostic renders.  Silent.
 */
#include <stdint.h>
#include <stdlib.h>
#include "floe/load.h"
#include "fuzz_doc.h"

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size);

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size)
{
	return fuzz_doc_one(data, size, floe_load_yaml);
}
