/*
 * embedded.h: files built into the binary (schemas/, templates/), generated
 * by src/tools/embed.c into build/gen/embedded.c.  Names are the paths in
 * the source tree ("schemas/floe.schema.json").
 */
#ifndef FLOE_EMBEDDED_H
#define FLOE_EMBEDDED_H

#include <stddef.h>
#include <stdint.h>

typedef struct floe_embedded_file {
	const char *name;
	const char *data;  /* NUL-terminated */
	size_t len;
} floe_embedded_file;

const char *floe_embedded_get(const char *name, size_t *len);

#endif
