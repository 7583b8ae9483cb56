/*
 * floe/schema.h: JSON Schema draft-07, compiled once, validated over the
 * positioned document tree.
 *
 * Compilation turns a schema document (any floe_doc, so schema problems are
 * positioned too) into a graph of compiled subschemas; $ref is resolved at
 * compile time against $id base URIs, the built-in draft-07 metaschema, and
 * a caller-supplied resolver for remote documents.  Validation records every
 * problem as a diagnostic at the instance node's span, all in one pass.
 */
#ifndef FLOE_SCHEMA_H
#define FLOE_SCHEMA_H

#include <stdbool.h>
#include "floe/doc.h"

typedef struct floe_schema floe_schema;

/*
 * Resolve an absolute URI (fragment removed) to a document.  Return 0 and
 * set *out (ownership passes to the schema), FLOE_ENOTFOUND, or
 * FLOE_SCHEMA_REF_OUTSIDE when the URI names a file the caller does not
 * allow a schema to read (then it must not have been read: the $ref is
 * reported as schema/ref-outside, without anything of that file).  An
 * http(s) URI no document answers is schema/ref-remote: nothing is ever
 * fetched over the network.
 */
#define FLOE_SCHEMA_REF_OUTSIDE 1
typedef int (*floe_schema_resolver)(floe_doc **out, floe_diags *d,
				    const char *uri, void *ctx);

typedef struct floe_schema_opts {
	const char *base_uri;          /* initial base URI (e.g. file:///abs/schema.json); NULL: none */
	floe_schema_resolver resolve;  /* may be NULL */
	void *resolve_ctx;
	bool no_formats;               /* do not assert "format" */
	const floe_limits *limits;     /* for resolved documents; NULL: defaults */
	/*
	 * More documents a $ref may reach, by their $id or by extra_uris[i]
	 * (e.g. file:///abs/defs.json): ownership of each passes to the
	 * schema (also when compilation fails).
	 */
	floe_doc **extra;
	const char *const *extra_uris;
	size_t nextra;
	/*
	 * Fill each subschema when validation first reaches it, instead of
	 * all of them now: for schemas known to be valid, such as the
	 * built-in ones (checked when floe is built).  Problems in a lazy
	 * schema are never reported (a bad keyword is ignored), and the
	 * resolver and its ctx must live as long as the schema.
	 */
	bool lazy;
} floe_schema_opts;

/*
 * Compile `doc` (the schema keeps a reference to doc's nodes: doc must
 * outlive the schema).  Problems in the schema are diagnostics (codes
 * schema/invalid-schema, schema/bad-ref, schema/bad-pattern) and give
 * FLOE_EINVALID, except with opts->lazy.  The caller owns *out
 * (floe_schema_free).
 */
int floe_schema_compile(floe_schema **out, floe_diags *d, const floe_doc *doc,
			const floe_schema_opts *opts);
void floe_schema_free(floe_schema *s);

/*
 * The step budget of each validation with s (floe_limits.max_steps, set
 * from opts->limits at compile, else the default): one step per subschema
 * applied to a value, per enum value compared and per required name
 * looked up, and the work of each regular expression match (PCRE2's match
 * steps).  Spent, validation stops with schema/budget at the value where
 * it ran out.  Set it before validating (not while other threads do).
 */
void floe_schema_set_max_steps(floe_schema *s, size_t steps);

/*
 * Validate `instance` (NULL counts as JSON null).  Returns 0 when valid,
 * FLOE_EINVALID after recording every problem in `d`.  Several threads may
 * validate with the same schema at once (a lazy one fills subschemas
 * under a lock of its own).
 */
int floe_schema_validate(const floe_schema *s, floe_diags *d,
			 const floe_node *instance);

/*
 * Walk the annotations that apply to each instance node: for every node the
 * schema validates successfully, `fn` is called with the subschema node
 * (a map in the schema document) that applied to it.  Used to find
 * "x-floe-secret" and "description" for a value.
 */
typedef void (*floe_schema_visit)(const floe_node *instance,
				  const floe_node *subschema, void *ctx);
void floe_schema_annotate(const floe_schema *s, const floe_node *instance,
			  floe_schema_visit fn, void *ctx);
/* Both in one pass: validate into `d` and visit the annotations. */
int floe_schema_validate_visit(const floe_schema *s, floe_diags *d,
			       const floe_node *instance, floe_schema_visit fn,
			       void *ctx);

/* The draft-07 metaschema, built in (JSON text, NUL-terminated). */
const char *floe_schema_draft07(size_t *len);

#endif
