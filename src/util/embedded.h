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

extern const floe_embedded_file floe_embedded_files[]; /* ends with name NULL */
const char *floe_embedded_get(const char *name, size_t *len);
/*
 * The snapshot of an embedded schema's compact copy (src/doc/snapshot.c),
 * made by src/tools/snap.c into build/gen/snapshots.c; NULL when there is
 * none.  `name` is the schema's path ("schemas/floe.schema.json").
 */
const uint32_t *floe_snapshot_get(const char *name, size_t *nwords);
/*
 * A pattern of the built-in schemas compiled when floe was built, in
 * pcre2_serialize_encode's form (also by src/tools/snap.c); NULL for any
 * other pattern.  `pat` is the schema's (ECMA) text, len bytes.
 */
const unsigned char *floe_pattern_get(const char *pat, size_t len);

#endif
