/*
 * render.h: what the diagnostic renderers share inside src/diag.  Each
 * format has one entry point; render.c dispatches to them and holds the
 * helpers they have in common (clean UTF-8, locations, the file list).
 */
#ifndef FLOE_DIAG_RENDER_H
#define FLOE_DIAG_RENDER_H

#include <jansson.h>
#include "floe/buf.h"
#include "floe/diag.h"
#include "util/util.h"

void floe_diag__render_text(floe_buf *out, const floe_diags *d,
		      const floe_render_opts *opts);
void floe_diag__render_json(floe_buf *out, const floe_diags *d,
		      const floe_render_opts *opts);
void floe_diag__render_sarif(floe_buf *out, const floe_diags *d,
		       const floe_render_opts *opts);
void floe_diag__render_github(floe_buf *out, const floe_diags *d,
			const floe_render_opts *opts);
void floe_diag__render_junit(floe_buf *out, const floe_diags *d,
		       const floe_render_opts *opts);

/* `s` with every invalid UTF-8 byte replaced by U+FFFD. */
void floe_diag__render_put_utf8(floe_buf *b, const char *s);
/* A jansson string of `s` made valid UTF-8 (jansson rejects anything else). */
json_t *floe_diag__render_jstr(const char *s);
/* json_dumps(root) with the shared flags and a final newline; steals root. */
void floe_diag__render_dump_json(floe_buf *out, json_t *root);

/* "path:line:col" / "path:line" / "path", or "" without a source. */
void floe_diag__render_put_location(floe_buf *b, const floe_span *span);
/*
 * `path` relative to opts->root (docs/diagnostics.md, "Paths"): made
 * absolute against the current directory, "." and ".." removed, then the
 * root cut off; a path outside the root stays absolute.  As given without
 * a root.
 */
void floe_diag__render_put_path(floe_buf *b, const char *path,
			  const floe_render_opts *opts);
/* True when the span has a usable 1-based start line. */
bool floe_diag__render_has_line(const floe_span *span);
/* True when the span's end is well-formed (not before its start). */
bool floe_diag__render_has_end(const floe_span *span);

/*
 * Every file to report on, in order: the checked inputs, then the files of
 * diagnostics that were not registered as checked.  Items are const char *
 * owned by `d` or its sources; release the vector with floe_vec_release.
 */
void floe_diag__render_files(floe_vec *out, const floe_diags *d);

/* "N more diagnostics not shown (limit reached)", singular or plural. */
void floe_diag__render_put_dropped(floe_buf *b, size_t n);

const char *floe_diag__render_tool(const floe_render_opts *opts);
const char *floe_diag__render_version(const floe_render_opts *opts);

#endif
