/*
 * fuzz_json.c: libFuzzer target for the JSON reader (src/json).  Parses
 * the input with small limits, then touches every node and renders every
 * diagnostic.  Differential, with jansson as the oracle: what the reader
 * accepts jansson accepts, with the same values; what jansson accepts the
 * reader refuses only for a limit, a duplicate key, or a raw NUL byte
 * (jansson takes one after a number or a word: not JSON).  Silent.
 */
#include <jansson.h>
#include <stdint.h>
#include <stdlib.h>
#include "fuzz_doc.h"

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size);

static int same_value(const floe_node *n, const json_t *j)
{
	switch (n->kind) {
	case FLOE_NODE_NULL:
		return json_is_null(j);
	case FLOE_NODE_BOOL:
		return json_is_boolean(j) && n->v.b == json_is_true(j);
	case FLOE_NODE_INT:
		return json_is_real(j) &&
		       ((n->flags & FLOE_NODE_BIGINT) ? n->v.d : (double)n->v.i) ==
			       json_real_value(j);
	case FLOE_NODE_FLOAT:
		return json_is_real(j) && n->v.d == json_real_value(j);
	case FLOE_NODE_STRING:
		return json_is_string(j) && json_string_length(j) == n->len &&
		       memcmp(json_string_value(j), n->text, n->len) == 0;
	case FLOE_NODE_SEQ:
		if (!json_is_array(j) || json_array_size(j) != n->len)
			return 0;
		for (size_t i = 0; i < n->len; i++)
			if (!same_value(n->items[i], json_array_get(j, i)))
				return 0;
		return 1;
	case FLOE_NODE_MAP:
		if (!json_is_object(j) || json_object_size(j) != n->len)
			return 0;
		for (size_t i = 0; i < n->len; i++) {
			const json_t *v = json_object_get(j, n->keys[i]->text);
			if (!v || !same_value(n->items[i], v))
				return 0;
		}
		return 1;
	}
	return 0;
}

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size)
{
	floe_doc *doc = NULL;
	floe_diags *d = floe_diags_new(10);
	json_error_t err;

	int rc = floe_load_json(&doc, d, "<fuzz>", (const char *)data, size, NULL);
	size_t skip = size >= 3 && memcmp(data, "\xef\xbb\xbf", 3) == 0 ? 3 : 0;
	json_t *j = json_loadb((const char *)data + skip, size - skip,
			       JSON_DECODE_ANY | JSON_ALLOW_NUL |
				       JSON_DECODE_INT_AS_REAL, &err);
	if (rc == 0)
		fuzz_check(j != NULL && same_value(doc->root, j));
	for (size_t i = 0; j && i < floe_diags_count(d); i++)
		fuzz_check(strcmp(floe_diags_at(d, i)->code, "json/syntax") != 0 ||
			   memchr(data, 0, size) != NULL);
	json_decref(j);
	floe_doc_free(doc);
	floe_diags_free(d);
	return fuzz_doc_one(data, size, floe_load_json);
}
