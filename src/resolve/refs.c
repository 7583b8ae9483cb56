/*
 * refs.c: cross-references between the tiers and inside each file:
 * floe.yaml's storage/catalog/compute profiles, layers' storage and catalog
 * refs, compute resource profiles, compute-log storage, orchestration's
 * job and partition names, and transforms' dbt project paths.  A miss is
 * reported at the referring value, names both files and lists what exists.
 */
#include <string.h>
#include "floe/load.h"
#include "resolve.h"

/* Keys of a map, sorted, for "available" notes and suggestions. */
static size_t map_keys(const floe_node *map, const char **keys, size_t max)
{
	size_t n = 0;
	if (!map || map->kind != FLOE_NODE_MAP)
		return 0;
	for (size_t i = 0; i < map->len && n < max; i++)
		keys[n++] = map->keys[i]->text;
	for (size_t i = 1; i < n; i++)
		for (size_t j = i; j > 0 && strcmp(keys[j], keys[j - 1]) < 0; j--) {
			const char *t = keys[j];
			keys[j] = keys[j - 1];
			keys[j - 1] = t;
		}
	return n;
}

static void note_available(floe_diags *d, floe_diag *diag, const char *what,
			  const floe_node *map, const char *want, const char *env)
{
	const char *keys[64] = { 0 };
	size_t n = map_keys(map, keys, FLOE_ARRAY_SIZE(keys));
	const char *near = floe_str_suggest(want, keys, n);
	floe_arena *a = floe_diags_arena(d);
	floe_buf b = FLOE_BUF_INIT;

	if (near)
		floe_diag_note(d, diag, NULL, "did you mean '%s'?", floe_resolve__name(a, near));
	if (n == 0) {
		if (env)
			floe_diag_note(d, diag, NULL, "environment '%s' defines no %s",
				       floe_resolve__name(a, env), what);
		else
			floe_diag_note(d, diag, NULL, "no %s are defined", what);
		return;
	}
	for (size_t i = 0; i < n; i++)
		keys[i] = floe_resolve__name(a, keys[i]);
	floe_buf_put_list(&b, keys, n);
	floe_diag_note(d, diag, NULL, "available %s: %s", what, floe_buf_cstr(&b));
	floe_buf_release(&b);
}

/*
 * Point at the section of the platform file that holds the profiles (none
 * when it has no such section: the "defines no" note already says so).
 */
static void note_defined_here(floe_diags *d, floe_diag *diag, const floe_doc *doc,
			      const char *section, const char *what, const char *env)
{
	const floe_node *key = floe_node_get_key(doc->root, section);
	if (key)
		floe_diag_note(d, diag, &key->span, "%s of environment '%s' are defined here",
			       what, floe_resolve__name(floe_diags_arena(d), env));
}

static bool name_of(const floe_node *n, const char **out)
{
	return n && floe_node_as_string(n, out);
}

/* floe.yaml's storage, catalog and compute against one environment. */
static void check_logical(floe_project *p, floe_diags *d, size_t ei)
{
	const struct env *e = &p->envs[ei];
	const floe_node *root = e->doc->root;
	for (size_t i = 0; i < 3; i++) {
		const struct logical_ref *r = &p->refs[i];
		const floe_node *sec = floe_node_get(root, r->section);
		if (floe_node_get(sec, r->name))
			continue;
		floe_span s = r->node ? r->node->span : floe_resolve__file_span(p->floe);
		const char *ptr = r->node ? floe_node_pointer(p->arena, r->node) : NULL;
		const char *what = floe_arena_printf(p->arena, "%s profiles", r->kind);
		floe_diag *g = floe_diag_add(d, FLOE_SEV_ERROR, "resolve/unknown-profile",
			&s, ptr, "%s profile '%s' is not defined in %s", r->kind,
			floe_resolve__name(p->arena, r->name), floe_resolve__name(p->arena, e->path));
		if (!r->node)
			floe_diag_note(d, g, NULL, "'%s' is not set in %s, so it defaults to 'default'",
				       r->kind, p->floe_path);
		note_available(d, g, what, sec, r->name, e->name);
		note_defined_here(d, g, e->doc, r->section, what, e->name);
	}
}

/* A reference inside the platform file to one of its own sections. */
static void check_local_ref(floe_project *p, floe_diags *d, const struct env *e,
			    const floe_node *ref, const char *fallback,
			    const char *section, const char *kind, const char *owner)
{
	const char *name = fallback;
	if (ref && !name_of(ref, &name))
		return; /* a wrong type is the schema's finding */
	if (!name)
		return;
	const floe_node *sec = floe_node_get(e->doc->root, section);
	if (floe_node_get(sec, name))
		return;
	floe_span s = ref ? ref->span : floe_resolve__file_span(e->doc);
	const char *what = floe_arena_printf(p->arena, "%s profiles", kind);
	floe_diag *g = floe_diag_add(d, FLOE_SEV_ERROR, "resolve/unknown-profile", &s,
		ref ? floe_node_pointer(p->arena, ref) : NULL,
		"%s references %s profile '%s', which is not defined", owner, kind,
		floe_resolve__name(p->arena, name));
	if (!ref)
		floe_diag_note(d, g, NULL, "it defaults to '%s'", floe_resolve__name(p->arena, name));
	note_available(d, g, what, sec, name, e->name);
}

static void check_layers(floe_project *p, floe_diags *d, const struct env *e)
{
	const floe_node *layers = floe_node_get(e->doc->root, "layers");
	if (!layers || layers->kind != FLOE_NODE_MAP)
		return;
	for (size_t i = 0; i < layers->len; i++) {
		const floe_node *l = layers->items[i];
		const char *key = layers->keys[i]->text, *name;
		const char *owner = floe_arena_printf(p->arena, "layer '%s'",
						      floe_resolve__name(p->arena, key));
		if (l->kind != FLOE_NODE_MAP)
			continue;
		check_local_ref(p, d, e, floe_node_get(l, "storage_ref"), NULL,
				"storage", "storage", owner);
		check_local_ref(p, d, e, floe_node_get(l, "catalog_ref"), "default",
				"catalogs", "catalog", owner);
		const floe_node *nm = floe_node_get(l, "name");
		if (name_of(nm, &name) && strcmp(name, key) != 0) {
			floe_diag *g = floe_diag_add(d, FLOE_SEV_WARNING,
				"resolve/layer-name-mismatch", &nm->span,
				floe_node_pointer(p->arena, nm),
				"layer name '%s' differs from its key '%s'",
				floe_resolve__name(p->arena, name), floe_resolve__name(p->arena, key));
			floe_diag_note(d, g, &layers->keys[i]->span, "the key is here");
		}
	}
}

static void check_compute(floe_project *p, floe_diags *d, const struct env *e)
{
	const floe_node *compute = floe_node_get(e->doc->root, "compute");
	const floe_node *infra = floe_node_get(e->doc->root, "infrastructure");
	const floe_node *profiles = floe_node_get(infra, "resource_profiles");
	if (!compute || compute->kind != FLOE_NODE_MAP)
		return;
	for (size_t i = 0; i < compute->len; i++) {
		const floe_node *rp = floe_node_get(compute->items[i], "resource_profile");
		const char *name;
		if (!name_of(rp, &name) || floe_node_get(profiles, name))
			continue;
		floe_diag *g = floe_diag_add(d, FLOE_SEV_ERROR, "resolve/unknown-resource-profile",
			&rp->span, floe_node_pointer(p->arena, rp),
			"compute profile '%s' uses resource profile '%s', which is not defined",
			floe_resolve__name(p->arena, compute->keys[i]->text), floe_resolve__name(p->arena, name));
		note_available(d, g, "resource profiles", profiles, name, e->name);
	}
}

/* observability.compute_logs.storage_ref, in either file, against storage. */
static void check_compute_logs(floe_project *p, floe_diags *d, const struct env *e,
			       const floe_doc *doc)
{
	const floe_node *obs = floe_node_get(doc->root, "observability");
	const floe_node *cl = floe_node_get(obs, "compute_logs");
	const floe_node *ref = floe_node_get(cl, "storage_ref");
	const char *name;
	if (!name_of(ref, &name))
		return;
	const floe_node *sec = floe_node_get(e->doc->root, "storage");
	if (floe_node_get(sec, name))
		return;
	floe_diag *g = floe_diag_add(d, FLOE_SEV_ERROR, "resolve/unknown-profile", &ref->span,
		floe_node_pointer(p->arena, ref),
		"compute logs use storage profile '%s', which is not defined in %s",
		floe_resolve__name(p->arena, name), floe_resolve__name(p->arena, e->path));
	note_available(d, g, "storage profiles", sec, name, e->name);
}

void floe_resolve__check_refs(floe_project *p, floe_diags *d, size_t env)
{
	const struct env *e = &p->envs[env];
	/* an empty file defines nothing: floe.yaml's profiles are still missing */
	if (e->doc->root && e->doc->root->kind != FLOE_NODE_MAP)
		return;
	if (p->floe)
		check_logical(p, d, env);
	check_layers(p, d, e);
	check_compute(p, d, e);
	check_compute_logs(p, d, e, e->doc);
	if (p->floe)
		check_compute_logs(p, d, e, p->floe);
}

/* Each item of a map or a sequence (orchestration accepts either shape). */
static size_t items_of(const floe_node *n, const floe_node *const **out)
{
	if (!n || (n->kind != FLOE_NODE_MAP && n->kind != FLOE_NODE_SEQ))
		return 0;
	*out = (const floe_node *const *)n->items;
	return n->len;
}

static void check_named(floe_project *p, floe_diags *d, const floe_node *ref,
			const floe_node *defs, const char *code, const char *kind,
			const char *owner)
{
	const char *name;
	if (!name_of(ref, &name) || floe_node_get(defs, name))
		return;
	const char *what = floe_arena_printf(p->arena, "%ss", kind);
	floe_diag *g = floe_diag_add(d, FLOE_SEV_ERROR, code, &ref->span,
		floe_node_pointer(p->arena, ref),
		"%s references %s '%s', which is not defined", owner, kind,
		floe_resolve__name(p->arena, name));
	note_available(d, g, what, defs, name, NULL);
}

/* Jobs named by schedules, sensors and backfills; partitions named by assets. */
static void check_orchestration(floe_project *p, floe_diags *d)
{
	const floe_node *orch = floe_node_get(p->floe->root, "orchestration");
	const floe_node *jobs = floe_node_get(orch, "jobs");
	const floe_node *parts = floe_node_get(orch, "partitions");
	static const char *const users[] = { "schedules", "sensors", "backfills" };
	const floe_node *const *it;

	for (size_t u = 0; u < FLOE_ARRAY_SIZE(users); u++) {
		size_t n = items_of(floe_node_get(orch, users[u]), &it);
		for (size_t i = 0; i < n; i++) {
			const floe_node *job = floe_node_get(it[i], "job");
			check_named(p, d, job, jobs, "resolve/unknown-job", "job",
				    floe_arena_printf(p->arena, "%.*s",
					(int)(strlen(users[u]) - 1), users[u]));
			const floe_node *w = floe_node_get(it[i], "watched_jobs");
			const floe_node *const *wj;
			size_t m = items_of(w, &wj);
			for (size_t j = 0; j < m; j++)
				check_named(p, d, wj[j], jobs, "resolve/unknown-job", "job",
					    "sensor");
		}
	}
	size_t n = items_of(floe_node_get(orch, "assets"), &it);
	for (size_t i = 0; i < n; i++)
		check_named(p, d, floe_node_get(it[i], "partitions"), parts,
			    "resolve/unknown-partition", "partition", "asset");
}

static void free_doc(void *doc)
{
	floe_doc_free(doc);
}

/*
 * dbt_project.yml's `profile:` must name the profile floe writes (floe's
 * name with '-' as '_'): real dbt stops on any other.  A warning at the
 * value; a file that does not parse is left to dbt and lint.
 */
static void check_dbt_profile(floe_project *p, floe_diags *d, const char *proj)
{
	const floe_node *name = floe_node_get(p->floe->root, "name");
	const char *want, *got;
	if (!name || !floe_node_as_string(name, &want))
		return;
	floe_limits lim;
	floe_limits_default(&lim);
	floe_diags *scratch = floe_diags_new(1);
	floe_doc *doc = NULL;
	floe_load_file(&doc, scratch, proj,
		       floe_str_startswith(proj, "./") ? proj + 2 : NULL, &lim);
	bool ok = doc && doc->root && floe_diags_errors(scratch) == 0;
	floe_diags_free(scratch);
	if (!ok) {
		floe_doc_free(doc);
		return;
	}
	/* the diagnostic points into it: it lives as long as the project */
	floe_arena_defer(p->arena, free_doc, doc);
	char *expect = floe_arena_strdup(p->arena, want);
	for (char *c = expect; *c; c++)
		if (*c == '-')
			*c = '_';
	const floe_node *prof = floe_node_get(doc->root, "profile");
	if (!prof || !floe_node_as_string(prof, &got) || strcmp(got, expect) == 0)
		return;
	floe_diag *g = floe_diag_add(d, FLOE_SEV_WARNING, "resolve/dbt-profile-mismatch",
		&prof->span, floe_node_pointer(p->arena, prof),
		"dbt profile '%s' is not the profile floe writes, '%s'",
		floe_resolve__name(p->arena, got), expect);
	floe_diag_note(d, g, NULL, "floe names the profile after floe.yaml's name ('%s'), "
		       "with '-' as '_'; dbt stops when profile: names another", want);
	floe_diag_hint(d, g, "set profile: %s", expect);
}

/* transforms[].path: a dbt project beside floe.yaml. */
static void check_transforms(floe_project *p, floe_diags *d)
{
	const floe_node *tr = floe_node_get(p->floe->root, "transforms");
	bool any = false;
	if (!tr || tr->kind != FLOE_NODE_SEQ)
		return;
	for (size_t i = 0; i < tr->len; i++)
		any |= floe_node_get(tr->items[i], "path") != NULL;
	for (size_t i = 0; i < tr->len; i++) {
		const floe_node *path = floe_node_get(tr->items[i], "path");
		const char *rel = "./dbt";
		if (!path && !any && i == 0 && tr->items[i]->kind == FLOE_NODE_MAP)
			path = tr->items[i];   /* no entry has a path: ./dbt, checked once */
		else if (!name_of(path, &rel))
			continue;
		const char *dir = floe_path_join(p->arena, p->dir, rel);
		const char *proj = floe_path_join(p->arena, dir, "dbt_project.yml");
		if (floe_fs_exists(proj)) {
			check_dbt_profile(p, d, proj);
			continue;
		}
		bool isdir = floe_fs_is_dir(dir);
		floe_diag *g = floe_diag_add(d, FLOE_SEV_ERROR, "resolve/missing-transform",
			&path->span, floe_node_pointer(p->arena, path),
			isdir ? "no dbt_project.yml in transform path '%s'"
			      : "transform path '%s' does not exist", floe_resolve__name(p->arena, rel));
		floe_diag_note(d, g, NULL, "paths are relative to the project directory (where floe.yaml is)");
	}
}

void floe_resolve__check_floe(floe_project *p, floe_diags *d)
{
	if (!p->floe->root || p->floe->root->kind != FLOE_NODE_MAP)
		return;
	check_transforms(p, d);
	check_orchestration(p, d);
}
