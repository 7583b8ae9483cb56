/*
 * render_json.c: diagnostics as one versioned JSON document (version 1),
 * built with jansson.  A value that is absent is left out (never null);
 * "notes" is always an array.  The shape is pinned in docs/diagnostics.md:
 * additive changes keep the version, any other change bumps it.
 */
#include "diag/render.h"

#define JSON_FORMAT_VERSION 1

static void set_int(json_t *o, const char *key, uint32_t v)
{
	json_object_set_new(o, key, json_integer((json_int_t)v));
}

/* "file", "line", "column", "end_line", "end_column", as far as known. */
static void set_span(json_t *o, const floe_span *span)
{
	if (!span->src)
		return;
	json_object_set_new(o, "file",
			    floe_diag__render_jstr(floe_source_path(span->src)));
	if (!floe_diag__render_has_line(span))
		return;
	set_int(o, "line", span->line);
	if (span->col > 0)
		set_int(o, "column", span->col);
	if (!floe_diag__render_has_end(span))
		return;
	set_int(o, "end_line", span->end_line);
	if (span->col > 0 && span->end_col > 0)
		set_int(o, "end_column", span->end_col);
}

static json_t *note_json(const floe_note *n)
{
	json_t *o = json_object();
	json_object_set_new(o, "message", floe_diag__render_jstr(n->msg));
	set_span(o, &n->span);
	return o;
}

static json_t *diag_json(const floe_diag *x)
{
	json_t *o = json_object();
	json_object_set_new(o, "severity",
			    json_string(floe_severity_name(x->sev)));
	if (x->code && *x->code)
		json_object_set_new(o, "code", floe_diag__render_jstr(x->code));
	json_object_set_new(o, "message", floe_diag__render_jstr(x->msg));
	set_span(o, &x->span);
	if (x->pointer)
		json_object_set_new(o, "pointer", floe_diag__render_jstr(x->pointer));
	if (x->hint)
		json_object_set_new(o, "hint", floe_diag__render_jstr(x->hint));
	json_t *notes = json_array();
	for (const floe_note *n = x->notes; n; n = n->next)
		json_array_append_new(notes, note_json(n));
	json_object_set_new(o, "notes", notes);
	return o;
}

static json_t *summary_json(const floe_diags *d)
{
	json_t *o = json_object();
	json_object_set_new(o, "errors",
			    json_integer((json_int_t)floe_diags_errors(d)));
	json_object_set_new(o, "warnings",
			    json_integer((json_int_t)floe_diags_warnings(d)));
	json_object_set_new(o, "dropped",
			    json_integer((json_int_t)floe_diags_dropped(d)));
	json_object_set_new(o, "files_checked",
			    json_integer((json_int_t)floe_diags_checked_count(d)));
	return o;
}

void floe_diag__render_json(floe_buf *out, const floe_diags *d,
		      const floe_render_opts *opts)
{
	json_t *root = json_object();
	json_object_set_new(root, "version", json_integer(JSON_FORMAT_VERSION));
	json_t *tool = json_object();
	json_object_set_new(tool, "name",
			    floe_diag__render_jstr(floe_diag__render_tool(opts)));
	json_object_set_new(tool, "version",
			    floe_diag__render_jstr(floe_diag__render_version(opts)));
	json_object_set_new(root, "tool", tool);
	json_t *list = json_array();
	for (size_t i = 0; i < floe_diags_count(d); i++)
		json_array_append_new(list, diag_json(floe_diags_at(d, i)));
	json_object_set_new(root, "diagnostics", list);
	json_object_set_new(root, "summary", summary_json(d));
	floe_diag__render_dump_json(out, root);
}
