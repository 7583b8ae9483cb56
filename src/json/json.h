/*
 * json.h: the JSON reader (RFC 8259) into the document tree: the json
 * module's interface to the modules above it (src/load).  Not a public
 * header: include/floe/load.h is what callers use.
 */
#ifndef FLOE_JSON_H
#define FLOE_JSON_H

#include "floe/doc.h"

/*
 * Read the source text of `doc` (made by floe_doc_new_owned or _static) as
 * one JSON text and set doc->root.  Every problem is a diagnostic in `d`
 * with its line:col and JSON pointer (codes json/syntax, json/invalid-utf8,
 * json/duplicate-key, json/too-deep, json/too-many-nodes, io/too-large);
 * then FLOE_EINVALID, and doc->root is NULL unless the only problems were
 * duplicate keys (the first of each is kept).
 */
int floe_json_load(floe_doc *doc, floe_diags *d, const floe_limits *lim);

#endif
