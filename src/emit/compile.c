/*
 * compile.c: floe_compile, the driver: the model, the profile adapter of
 * the compute type, the DuckDB plan for the DuckDB family, then every
 * output in memory (manifest.json last, as it digests the others).
 * Writing them to disk is write.c's.  DuckDB is never loaded.
 */
#include <stdlib.h>
#include <string.h>
#include "emit/compile_int.h"

struct floe_compile_result {
	floe_model *model;
	floe_output *outs;
	size_t nouts;
};

/* ".floe/prod/" -> ".floe/prod"; "./out" -> "out". */
static const char *norm_dir(floe_arena *a, const char *dir)
{
	while (dir[0] == '.' && dir[1] == '/')
		dir += 2;
	size_t n = strlen(dir);
	while (n > 1 && dir[n - 1] == '/')
		n--;
	return n ? floe_arena_strndup(a, dir, n) : ".";
}

static void unsupported_compute(struct cctx *c)
{
	const floe_mval *t = floe_mval_get(c->compute, "type");
	floe_diag *g = floe_emit__diag_at(c, FLOE_SEV_ERROR, "compile/unsupported-compute",
		t, "floe cannot compile for compute type '%s' yet", c->compute_type);
	floe_diag_note(c->d, g, NULL, "floe compiles for %s", floe_emit__adapter_names(c));
}

static int cmp_out(const void *a, const void *b)
{
	return strcmp(((const floe_output *)a)->name, ((const floe_output *)b)->name);
}

static int emit_all(struct cctx *c)
{
	const struct profile_adapter *ad = floe_emit__adapter_find(c->compute_type);
	if (!ad) {
		unsupported_compute(c);
		return FLOE_EINVALID;
	}
	c->duckdb = ad->duckdb_family;
	if (c->duckdb && floe_emit__plan_build(c))
		return FLOE_EINVALID;
	int rc = c->duckdb ? floe_emit__emit_attach(c) : 0;
	/* env first: its checks of names and values also cover the profile's */
	if (floe_emit__emit_env(c))
		rc = FLOE_EINVALID;
	if (rc == 0 && floe_emit__emit_profiles(c, ad))
		rc = FLOE_EINVALID;
	if (rc == 0 && !floe_diags_errors(c->d)) {
		qsort(c->outs.items, c->outs.len, sizeof(floe_output), cmp_out);
		rc = floe_emit__emit_manifest(c);
		qsort(c->outs.items, c->outs.len, sizeof(floe_output), cmp_out);
	}
	return rc;
}

static void drop_outputs(struct cctx *c)
{
	for (size_t i = 0; i < c->outs.len; i++)
		free((char *)c->outs.items[i].data);
	free(c->outs.items);
	memset(&c->outs, 0, sizeof(c->outs));
}

int floe_compile(floe_compile_result **out, floe_diags *d,
		 const floe_project *p, size_t env, const floe_compile_opts *o)
{
	floe_compile_result *r = floe_xcalloc(1, sizeof(*r));
	struct cctx c = { 0 };
	size_t errors = floe_diags_errors(d);
	const char *name = floe_project_env_name(p, env);
	floe_model_opts mo = { NULL };
	int rc;

	*out = r;
	if (!name) {
		floe_error_set("the project has no environment %zu", env);
		return FLOE_EUSAGE;
	}
	if (o && o->out_dir)
		mo.profiles_dir = o->out_dir;
	rc = floe_model_build(&r->model, d, p, env, &mo);
	if (rc && rc != FLOE_EINVALID)
		return rc;
	c.m = r->model;
	c.a = floe_model_arena(r->model);
	c.d = d;
	c.p = p;
	c.r = r;
	c.out_dir = norm_dir(c.a, o && o->out_dir ? o->out_dir :
			     floe_arena_printf(c.a, ".floe/%s", name));
	if (floe_diags_errors(d) > errors)
		return FLOE_EINVALID;
	const floe_mval *root = floe_model_root(c.m);
	c.compute_name = floe_mval_str(floe_mval_get(floe_mval_get(root, "project"),
						     "compute"));
	c.compute = floe_mval_get(floe_mval_get(root, "compute"), c.compute_name);
	c.compute_type = floe_mval_str(floe_mval_get(c.compute, "type"));
	rc = emit_all(&c);
	floe_emit__plan_release(&c.plan);
	if (rc || floe_diags_errors(d) > errors) {
		drop_outputs(&c);
		return FLOE_EINVALID;
	}
	r->outs = c.outs.items;
	r->nouts = c.outs.len;
	return 0;
}

void floe_compile_free(floe_compile_result *r)
{
	if (!r)
		return;
	for (size_t i = 0; i < r->nouts; i++)
		free((char *)r->outs[i].data);
	free(r->outs);
	floe_model_free(r->model);
	free(r);
}

floe_model *floe_compile_model(const floe_compile_result *r)
{
	return r->model;
}

size_t floe_compile_output_count(const floe_compile_result *r)
{
	return r->nouts;
}

const floe_output *floe_compile_output_at(const floe_compile_result *r, size_t i)
{
	return i < r->nouts ? &r->outs[i] : NULL;
}

const floe_output *floe_compile_output(const floe_compile_result *r,
				       const char *name)
{
	for (size_t i = 0; i < r->nouts; i++)
		if (strcmp(r->outs[i].name, name) == 0)
			return &r->outs[i];
	return NULL;
}
