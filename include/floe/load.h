/*
 * floe/load.h: loading documents into the positioned tree (floe/doc.h):
 * a file as JSON or YAML by its name, or a text as either.
 *
 * Problems in the input are recorded in `d` and give FLOE_EINVALID, with
 * file:line:col and the JSON pointer (a missing or unreadable file is a
 * diagnostic too: code io/not-found or io/unreadable).  The caller owns
 * *out (floe_doc_free) even when FLOE_EINVALID was returned with a partial
 * tree; *out is NULL on other errors.  `lim` NULL: the default limits.
 */
#ifndef FLOE_LOAD_H
#define FLOE_LOAD_H

#include "floe/doc.h"

/*
 * Load a file: JSON when the name ends in .json, YAML otherwise.  `display`
 * is the path shown in messages (NULL: `path`).
 */
int floe_load_file(floe_doc **out, floe_diags *d, const char *path,
		   const char *display, const floe_limits *lim);
/* Parse text (copied) as JSON or YAML; `display` names it in messages. */
int floe_load_json(floe_doc **out, floe_diags *d, const char *display,
		   const char *text, size_t len, const floe_limits *lim);
int floe_load_yaml(floe_doc **out, floe_diags *d, const char *display,
		   const char *text, size_t len, const floe_limits *lim);

#endif
