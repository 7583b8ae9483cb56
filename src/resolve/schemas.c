/*
 * schemas.c: the built-in floe and platform schemas, parsed from the copy
 * embedded in the binary and compiled; `floe schema export` prints the
 * full file, the same schema with its descriptions, so what users point
 * their editors at is what floe checks.
 */
#include <stdio.h>
#include <string.h>
#include "floe/load.h"
#include "resolve.h"
#include "util/embedded.h"

int floe_resolve__builtin_schema(floe_schema **schema, floe_doc **doc, floe_diags *d,
			 const char *name)
{
	char path[64], compact[80];
	size_t len = 0;
	const char *text;
	int rc;

	snprintf(path, sizeof(path), "schemas/%s.schema.json", name);
	snprintf(compact, sizeof(compact), "%s#compact", path);
	text = floe_embedded_get(compact, &len);
	*schema = NULL;
	*doc = NULL;
	if (!text) {
		floe_error_set("the built-in schema '%s' is missing", path);
		return FLOE_ERROR;
	}
	/* the compact copy (no annotations for people), read and compiled
	 * as any schema is; its problems would be floe's own bug */
	rc = floe_load_json(doc, d, path, text, len, NULL);
	if (rc == 0) {
		floe_schema_opts o = { .lazy = true };
		rc = floe_schema_compile(schema, d, *doc, &o);
	}
	return rc;
}
