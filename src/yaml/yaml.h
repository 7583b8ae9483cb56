/*
 * yaml.h: the YAML loader (libyaml events into the document tree): the
 * yaml module's interface to the modules above it (src/load).  Not a
 * public header: include/floe/load.h is what callers use.
 */
#ifndef FLOE_YAML_H
#define FLOE_YAML_H

#include "floe/doc.h"

/* Read the source text of `doc` as one YAML document and set doc->root. */
int floe_yaml_load(floe_doc *doc, floe_diags *d, const floe_limits *lim);

#endif
