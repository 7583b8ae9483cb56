/*
 * render_sarif.c: diagnostics as a SARIF 2.1.0 log (one run), built with
 * jansson, in the subset GitHub code scanning ingests: every result has a
 * physical location with a file; diagnostics without a file become tool
 * execution notifications instead, because one unlocated result makes
 * GitHub reject the whole upload.  Regions only for lines >= 1.
 */
#include <string.h>
#include "diag/render.h"

#define SARIF_SCHEMA "https://json.schemastore.org/sarif-2.1.0.json"
#define SARIF_INFO_URI "https://github.com/floe-dev/floe"

/* RFC 3986: keep unreserved characters and '/', percent-encode the rest. */
static void put_uri_path(floe_buf *b, const char *path)
{
	static const char hex[] = "0123456789ABCDEF";
	for (const unsigned char *p = (const unsigned char *)path; *p; p++) {
		unsigned char c = *p;
		if ((c >= 'a' && c <= 'z') || (c >= 'A' && c <= 'Z') ||
		    (c >= '0' && c <= '9') || strchr("-._~/", c)) {
			floe_buf_putc(b, (char)c);
		} else {
			char e[3] = { '%', hex[c >> 4], hex[c & 15] };
			floe_buf_put(b, e, 3);
		}
	}
}

/* A relative path is relative to %SRCROOT%; an absolute one is a file: URI. */
static json_t *artifact_location(const char *given,
				 const floe_render_opts *opts)
{
	floe_buf uri = FLOE_BUF_INIT, rel = FLOE_BUF_INIT;
	json_t *o = json_object();
	floe_diag__render_put_path(&rel, given, opts);
	const char *path = floe_buf_cstr(&rel);
	if (path[0] == '/')
		floe_buf_puts(&uri, "file://");
	put_uri_path(&uri, path);
	json_object_set_new(o, "uri", json_string(floe_buf_cstr(&uri)));
	if (path[0] != '/')
		json_object_set_new(o, "uriBaseId", json_string("%SRCROOT%"));
	floe_buf_release(&uri);
	floe_buf_release(&rel);
	return o;
}

static void set_int(json_t *o, const char *key, uint32_t v)
{
	json_object_set_new(o, key, json_integer((json_int_t)v));
}

static json_t *region(const floe_span *span)
{
	json_t *o = json_object();
	set_int(o, "startLine", span->line);
	if (span->col > 0)
		set_int(o, "startColumn", span->col);
	if (floe_diag__render_has_end(span)) {
		set_int(o, "endLine", span->end_line);
		if (span->col > 0 && span->end_col > 0)
			set_int(o, "endColumn", span->end_col);
	}
	return o;
}

static json_t *physical_location(const floe_span *span,
				 const floe_render_opts *opts)
{
	json_t *o = json_object();
	json_object_set_new(o, "artifactLocation",
			    artifact_location(floe_source_path(span->src), opts));
	if (floe_diag__render_has_line(span))
		json_object_set_new(o, "region", region(span));
	return o;
}

static json_t *message(const char *text)
{
	json_t *o = json_object();
	json_object_set_new(o, "text", floe_diag__render_jstr(text));
	return o;
}

static json_t *location(const floe_diag *x, const floe_render_opts *opts)
{
	json_t *loc = json_object();
	json_object_set_new(loc, "physicalLocation",
			    physical_location(&x->span, opts));
	if (x->pointer && *x->pointer) {
		json_t *logical = json_object();
		json_object_set_new(logical, "fullyQualifiedName",
				    floe_diag__render_jstr(x->pointer));
		json_object_set_new(logical, "kind", json_string("element"));
		json_t *arr = json_array();
		json_array_append_new(arr, logical);
		json_object_set_new(loc, "logicalLocations", arr);
	}
	json_t *arr = json_array();
	json_array_append_new(arr, loc);
	return arr;
}

/* Notes with a file: relatedLocations; NULL when there are none. */
static json_t *related_locations(const floe_diag *x,
				 const floe_render_opts *opts)
{
	json_t *arr = NULL;
	json_int_t id = 0;
	for (const floe_note *n = x->notes; n; n = n->next) {
		if (!n->span.src)
			continue;
		json_t *o = json_object();
		json_object_set_new(o, "id", json_integer(id++));
		json_object_set_new(o, "physicalLocation",
				    physical_location(&n->span, opts));
		json_object_set_new(o, "message", message(n->msg));
		if (!arr)
			arr = json_array();
		json_array_append_new(arr, o);
	}
	return arr;
}

/* pointer, hint, and the notes that have no file; NULL when empty. */
static json_t *properties(const floe_diag *x)
{
	json_t *o = json_object();
	if (x->pointer)
		json_object_set_new(o, "pointer", floe_diag__render_jstr(x->pointer));
	if (x->hint)
		json_object_set_new(o, "hint", floe_diag__render_jstr(x->hint));
	json_t *notes = json_array();
	for (const floe_note *n = x->notes; n; n = n->next)
		if (!n->span.src)
			json_array_append_new(notes, floe_diag__render_jstr(n->msg));
	if (json_array_size(notes))
		json_object_set_new(o, "notes", notes);
	else
		json_decref(notes);
	if (json_object_size(o))
		return o;
	json_decref(o);
	return NULL;
}

static const char *level(floe_severity sev)
{
	switch (sev) {
	case FLOE_SEV_ERROR: return "error";
	case FLOE_SEV_WARNING: return "warning";
	default: return "note";
	}
}

/*
 * What a rule says about itself: its family's title, and a help URI at
 * the family's table in docs/diagnostics.md (anchors `codes-FAMILY`; a
 * family without a table yet points at the list of codes).  The base is
 * the one the schemas' `$id` use.
 */
#define SARIF_HELP_BASE "https://floe.dev/docs/diagnostics.md#"
static const struct family {
	const char *name, *title;
	bool anchored;
} families[] = {
	{ "io", "reading input files", true },
	{ "yaml", "YAML syntax and limits", true },
	{ "json", "JSON syntax and limits", true },
	{ "jinja", "the Jinja engine", true },
	{ "schema", "JSON Schema validation", true },
	{ "resolve", "resolving floe.yaml against the platform", true },
	{ "lint", "platform policy rules", true },
	{ "compile", "writing the generated files", true },
	{ "run", "running the pipeline", true },
};

static void describe_rule(json_t *r, const char *code)
{
	const char *slash = strchr(code, '/');
	size_t n = slash ? (size_t)(slash - code) : strlen(code);
	const struct family *f = NULL;
	for (size_t i = 0; i < FLOE_ARRAY_SIZE(families); i++)
		if (strlen(families[i].name) == n &&
		    strncmp(families[i].name, code, n) == 0)
			f = &families[i];
	floe_buf text = FLOE_BUF_INIT, uri = FLOE_BUF_INIT;
	floe_buf_puts(&text, code);
	if (f)
		floe_buf_printf(&text, " (%s)", f->title);
	floe_buf_puts(&uri, SARIF_HELP_BASE);
	if (f && f->anchored)
		floe_buf_printf(&uri, "codes-%s", f->name);
	else
		floe_buf_puts(&uri, "diagnostic-codes");
	json_object_set_new(r, "shortDescription", message(floe_buf_cstr(&text)));
	json_object_set_new(r, "helpUri", json_string(floe_buf_cstr(&uri)));
	floe_buf_release(&text);
	floe_buf_release(&uri);
}

/* The index of `code` in rules, appending a rule the first time. */
static size_t rule_index(json_t *rules, const char *code)
{
	json_t *id = floe_diag__render_jstr(code), *r;
	size_t i;
	json_array_foreach(rules, i, r) {
		if (json_equal(json_object_get(r, "id"), id)) {
			json_decref(id);
			return i;
		}
	}
	r = json_object();
	json_object_set_new(r, "id", id);
	describe_rule(r, code);
	json_array_append_new(rules, r);
	return json_array_size(rules) - 1;
}

static json_t *result(const floe_diag *x, json_t *rules,
		      const floe_render_opts *opts)
{
	json_t *o = json_object();
	if (x->code && *x->code) {
		size_t ri = rule_index(rules, x->code);
		json_object_set_new(o, "ruleId", floe_diag__render_jstr(x->code));
		json_object_set_new(o, "ruleIndex", json_integer((json_int_t)ri));
	}
	json_object_set_new(o, "level", json_string(level(x->sev)));
	json_object_set_new(o, "message", message(x->msg));
	json_object_set_new(o, "locations", location(x, opts));
	json_t *rel = related_locations(x, opts);
	if (rel)
		json_object_set_new(o, "relatedLocations", rel);
	json_t *props = properties(x);
	if (props)
		json_object_set_new(o, "properties", props);
	return o;
}

/* A diagnostic without a file, as a toolExecutionNotification. */
static json_t *notification(const floe_diag *x)
{
	json_t *o = json_object();
	json_object_set_new(o, "level", json_string(level(x->sev)));
	json_object_set_new(o, "message", message(x->msg));
	if (x->code && *x->code) {
		json_t *desc = json_object();
		json_object_set_new(desc, "id", floe_diag__render_jstr(x->code));
		json_object_set_new(o, "descriptor", desc);
	}
	json_t *props = properties(x);
	if (props)
		json_object_set_new(o, "properties", props);
	return o;
}

static json_t *dropped_notification(size_t n)
{
	floe_buf b = FLOE_BUF_INIT;
	floe_diag__render_put_dropped(&b, n);
	json_t *o = json_object();
	json_object_set_new(o, "level", json_string("warning"));
	json_object_set_new(o, "message", message(floe_buf_cstr(&b)));
	floe_buf_release(&b);
	return o;
}

static json_t *invocations(const floe_diags *d)
{
	json_t *notes = json_array();
	for (size_t i = 0; i < floe_diags_count(d); i++) {
		const floe_diag *x = floe_diags_at(d, i);
		if (!x->span.src)
			json_array_append_new(notes, notification(x));
	}
	if (floe_diags_dropped(d))
		json_array_append_new(notes,
				      dropped_notification(floe_diags_dropped(d)));
	json_t *inv = json_object();
	json_object_set_new(inv, "executionSuccessful", json_true());
	if (json_array_size(notes))
		json_object_set_new(inv, "toolExecutionNotifications", notes);
	else
		json_decref(notes);
	json_t *arr = json_array();
	json_array_append_new(arr, inv);
	return arr;
}

static json_t *artifacts(const floe_diags *d, const floe_render_opts *opts)
{
	floe_vec files = FLOE_VEC_INIT;
	json_t *arr = json_array();
	floe_diag__render_files(&files, d);
	for (size_t i = 0; i < files.len; i++) {
		json_t *o = json_object();
		json_object_set_new(o, "location",
				    artifact_location(files.items[i], opts));
		json_array_append_new(arr, o);
	}
	floe_vec_release(&files);
	return arr;
}

static json_t *driver(const floe_render_opts *opts, json_t *rules)
{
	json_t *o = json_object();
	json_object_set_new(o, "name", floe_diag__render_jstr(floe_diag__render_tool(opts)));
	json_object_set_new(o, "version",
			    floe_diag__render_jstr(floe_diag__render_version(opts)));
	json_object_set_new(o, "informationUri", json_string(SARIF_INFO_URI));
	json_object_set_new(o, "rules", rules);
	json_t *tool = json_object();
	json_object_set_new(tool, "driver", o);
	return tool;
}

static json_t *run(const floe_diags *d, const floe_render_opts *opts)
{
	json_t *rules = json_array();
	json_t *results = json_array();
	for (size_t i = 0; i < floe_diags_count(d); i++) {
		const floe_diag *x = floe_diags_at(d, i);
		if (x->span.src)
			json_array_append_new(results, result(x, rules, opts));
	}
	json_t *o = json_object();
	json_object_set_new(o, "tool", driver(opts, rules));
	json_object_set_new(o, "invocations", invocations(d));
	json_object_set_new(o, "artifacts", artifacts(d, opts));
	json_object_set_new(o, "results", results);
	json_object_set_new(o, "columnKind", json_string("unicodeCodePoints"));
	if (opts->suite && *opts->suite) {
		json_t *props = json_object();
		json_object_set_new(props, "suite", floe_diag__render_jstr(opts->suite));
		json_object_set_new(o, "properties", props);
	}
	return o;
}

void floe_diag__render_sarif(floe_buf *out, const floe_diags *d,
		       const floe_render_opts *opts)
{
	json_t *root = json_object();
	json_object_set_new(root, "$schema", json_string(SARIF_SCHEMA));
	json_object_set_new(root, "version", json_string("2.1.0"));
	json_t *runs = json_array();
	json_array_append_new(runs, run(d, opts));
	json_object_set_new(root, "runs", runs);
	floe_diag__render_dump_json(out, root);
}
