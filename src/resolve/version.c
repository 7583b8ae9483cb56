/*
 * version.c: what a platform file's `version` means (docs/platform-versions.md).
 * floe-runtime's specs are 1.0.0-1.2.0, floe's additions are 1.3.0; the
 * schema marks each addition with "x-floe-since".  A file that declares
 * an older version and uses a newer feature gets a warning; a major other
 * than 1, or a version newer than floe knows, is an error.  No version
 * means the newest.
 */
#include <string.h>
#include "resolve.h"

/* MAJOR.MINOR.PATCH, digits only (sscanf's %u also took signs and spaces,
 * and brought in scanf's machinery for one string a run). */
static bool parse_semver(const char *s, unsigned v[3])
{
	if (!s)
		return false;
	for (int i = 0; i < 3; i++) {
		unsigned long x = 0;
		if (*s < '0' || *s > '9')
			return false;
		for (; *s >= '0' && *s <= '9'; s++)
			if ((x = x * 10 + (unsigned long)(*s - '0')) > 0xffffffffUL)
				return false;
		v[i] = (unsigned)x;
		if (i < 2 && *s++ != '.')
			return false;
	}
	return *s == '\0';
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

/*
 * A `then` marked x-floe-since is a new type or mode of the whole map: blame
 * that value ("type 'duckdb'"), not the map's key (the profile's name).
 */
static const floe_node *new_variant(const floe_node *inst, const floe_node *sub)
{
	const floe_node *k = floe_node_key_of(sub), *v;
	if (!k || strcmp(k->text, "then") != 0)
		return NULL;
	if ((v = floe_node_get(inst, "type")) && v->kind == FLOE_NODE_STRING)
		return v;
	if ((v = floe_node_get(inst, "mode")) && v->kind == FLOE_NODE_STRING)
		return v;
	return NULL;
}

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
	const floe_node *var = new_variant(inst, sub);
	const floe_node *key = floe_node_key_of(var ? var : inst);
	const char *ptr = floe_node_pointer(c->p->arena, var ? var : inst);
	floe_arena *a = c->p->arena;
	const char *what = var ? floe_arena_printf(a, "%s '%s'", key->text, floe_resolve__name(a, var->text))
			       : floe_arena_printf(a, "'%s'", floe_resolve__name(a, key ? key->text : ptr));
	floe_span s = var ? var->span : key ? key->span : inst->span;
	floe_diag *g = floe_diag_add(c->d, FLOE_SEV_WARNING, "resolve/version-feature",
		&s, ptr, "%s needs platform spec %s, but this file declares version %s",
		what, since->text, floe_resolve__name(a, c->declared_text));
	floe_diag_hint(c->d, g, "set version: \"%s\" (floe reads older files unchanged)",
		       since->text);
}

void floe_resolve__validate_platform(floe_project *p, floe_diags *d, size_t env,
			     const floe_node *root)
{
	const floe_doc *doc = p->envs[env].doc;
	const floe_node *vn = floe_node_get(doc->root, "version");
	const char *text;
	unsigned latest[3], v[3];
	struct since_ctx c = { p, d, { 0, 0, 0 }, NULL, NULL };
	bool since = false;

	parse_semver(FLOE_SPEC_LATEST, latest);
	/* absent means the newest; a malformed one is the schema's */
	if (vn && floe_node_as_string(vn, &text) && parse_semver(text, v)) {
		if (v[0] != 1 || cmp_semver(v, latest) > 0) {
			floe_diag *g = floe_diag_add(d, FLOE_SEV_ERROR,
				"resolve/unsupported-version", &vn->span, "/version",
				"platform spec version '%s' is not supported",
				floe_resolve__name(p->arena, text));
			floe_diag_note(d, g, NULL, "this floe reads versions 1.0.0 to %s",
				       FLOE_SPEC_LATEST);
		} else if (cmp_semver(v, latest) < 0) {
			memcpy(c.declared, v, sizeof(v));
			c.declared_text = text;
			since = true;
		}
	}
	if (p->platform_schema)
		floe_schema_validate_visit(p->platform_schema, d, root,
					   since ? visit : NULL, &c);
}
