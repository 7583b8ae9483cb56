/*
 * resolve.h: internals of the project loader and its cross-checks.
 */
#ifndef FLOE_RESOLVE_H
#define FLOE_RESOLVE_H

#include "floe/project.h"
#include "floe/schema.h"
#include "util/util.h"

#define FLOE_SPEC_LATEST "1.3.0"

struct env {
	const char *name;
	const char *path;     /* as opened (relative to the working directory) */
	floe_doc *doc;        /* NULL when it could not be read, or dropped */
	bool ref_ok[3];       /* floe.yaml's references, found here (the matrix) */
};

/* A logical reference of floe.yaml: storage, catalog or compute. */
struct logical_ref {
	const char *kind;      /* "storage", "catalog", "compute" */
	const char *section;   /* platform key: "storage", "catalogs", "compute" */
	const char *name;      /* the profile name, "default" when not set */
	const floe_node *node; /* floe.yaml value node, NULL when defaulted */
};

struct floe_project {
	floe_arena *arena;
	const char *dir;
	const char *floe_path;
	floe_doc *floe;
	floe_doc *schema_docs[2];
	floe_schema *floe_schema, *platform_schema;
	struct env *envs;
	size_t nenvs;
	struct logical_ref refs[3];
	bool *matrix;          /* refs x envs */
};

/* Compile the built-in schema "floe" or "platform" (embedded JSON). */
int floe_resolve__builtin_schema(floe_schema **schema, floe_doc **doc, floe_diags *d,
			 const char *name);

/* Cross-checks of one environment (refs.c). */
void floe_resolve__check_refs(floe_project *p, floe_diags *d, size_t env);
/* floe.yaml-only checks: transforms, orchestration references (refs.c). */
void floe_resolve__check_floe(floe_project *p, floe_diags *d);
/* Secret references across both tiers of one environment (secrets.c). */
void floe_resolve__check_secrets(floe_project *p, floe_diags *d, size_t env);
/*
 * A platform file against the schema, in the same pass noting features
 * newer than its spec version (version.c); root: the document's root, or
 * a null node spanning the empty file.
 */
void floe_resolve__validate_platform(floe_project *p, floe_diags *d, size_t env,
			     const floe_node *root);

/* Diagnostic helpers shared by the checks. */
floe_span floe_resolve__file_span(const floe_doc *doc);
/* A name from the input as a message shows it: controls escaped, cut (in a). */
const char *floe_resolve__name(floe_arena *a, const char *s);

#endif
