/*
 * version.c: what a platform file's `version` means (docs/platform-versions.md).
 * floe-runtime's specs are 1.0.0-1.2.0, floe's additions are 1.3.0; the
 * schema marks each addition with "x-floe-since".  A file that declares
 * an older version and uses a newer feature gets a warning; a major other
 * than 1, or a version newer than floe knows, is an error.  No version
 * means the newest.
 */
#include <stdio.h>
#include <string.h>
#include "resolve.h"

static bool parse_semver(const char *s, unsigned v[3])
{
	char tail;
	return s && sscanf(s, "%u.%u.%u%c", &v[0], &v[1], &v[2], &tail) == 3;
}

static int cmp_semver(const unsigned a[3], const unsigned b[3])
{
	for (int i = 0; i < 3; i++)
		if (a[i] != b[i])
			return a[i] < b[i] ? -1 : 1;
	return 0;
}

struct since_ctx {
	floe_project *p;
	floe_diags *d;
	unsigned declared[3];
	const char *declared_text;
	const floe_node *last;   /* one warning per instance node */
};

static void visit(const floe_node *inst, const floe_node *sub, void *ctx)
{
	struct since_ctx *c = ctx;
	const floe_node *since = floe_node_get(sub, "x-floe-since");
	unsigned v[3];
	if (!since || since->kind != FLOE_NODE_STRING || !parse_semver(since->text, v))
		return;
	if (cmp_semver(v, c->declared) <= 0 || inst == c->last)
		return;
	c->last = inst;
	const floe_node *key = floe_node_key_of(inst);
	const char *ptr = floe_node_pointer(c->p->arena, inst);
	floe_span s = key ? key->span : inst->span;
	floe_diag *g = floe_diag_add(c->d, FLOE_SEV_WARNING, "resolve/version-feature",
		&s, ptr, "'%s' needs platform spec %s, but this file declares version %s",
		key ? key->text : ptr, since->text, c->declared_text);
	floe_diag_hint(c->d, g, "set version: \"%s\" (floe reads older files unchanged)",
		       since->text);
}

void floe__check_version(floe_project *p, floe_diags *d, size_t env)
{
	const floe_doc *doc = p->envs[env].doc;
	const floe_node *vn = floe_node_get(doc->root, "version");
	const char *text;
	unsigned latest[3], v[3];

	parse_semver(FLOE_SPEC_LATEST, latest);
	if (!vn || !floe_node_as_string(vn, &text) || !parse_semver(text, v))
		return; /* absent means the newest; a malformed one is the schema's */
	if (v[0] != 1 || cmp_semver(v, latest) > 0) {
		floe_diag *g = floe_diag_add(d, FLOE_SEV_ERROR, "resolve/unsupported-version",
			&vn->span, "/version",
			"platform spec version '%s' is not supported", text);
		floe_diag_note(d, g, NULL, "this floe reads versions 1.0.0 to %s", FLOE_SPEC_LATEST);
		return;
	}
	if (!p->platform_schema)
		return;
	struct since_ctx c = { p, d, { v[0], v[1], v[2] }, text, NULL };
	floe_schema_annotate(p->platform_schema, doc->root, visit, &c);
}
