/*
 * model_size.c: DuckDB's sizing from the compute profile's resource
 * profile: threads within the CPU limit, the memory limit a fraction of the
 * container's (default 67%), a temp directory in a container.  An explicit
 * property wins, then the resource profile's env (DUCKDB_*), then the
 * derived value, then the default; the losers are kept as shadows.  A
 * limit above the container's is a diagnostic.  Nothing is written here.
 */
#include <math.h>
#include <stdlib.h>
#include <string.h>
#include <strings.h>
#include "resolve/model_int.h"

/*
 * A Kubernetes quantity ("12Gi", "1000m", "0.5", "4e9") in base units;
 * false when malformed.  Suffixes: m k M G T P E, Ki Mi Gi Ti Pi Ei.
 */
static bool k8s_quantity(const char *s, double *out)
{
	static const struct { const char *sfx; double mul; } units[] = {
		{ "Ki", 1024.0 }, { "Mi", 1048576.0 }, { "Gi", 1073741824.0 },
		{ "Ti", 1099511627776.0 }, { "Pi", 1125899906842624.0 },
		{ "Ei", 1152921504606846976.0 }, { "m", 1e-3 }, { "k", 1e3 },
		{ "M", 1e6 }, { "G", 1e9 }, { "T", 1e12 }, { "P", 1e15 },
		{ "E", 1e18 }, { "", 1.0 },
	};
	char *end;
	if (!s || !*s || *s == '-')
		return false;
	double v = strtod(s, &end);
	if (end == s || !isfinite(v))
		return false;
	for (size_t i = 0; i < FLOE_ARRAY_SIZE(units); i++)
		if (strcmp(end, units[i].sfx) == 0) {
			*out = v * units[i].mul;
			return true;
		}
	return false;
}

/*
 * A DuckDB memory size ("4GB", "512 MiB", "1.5gb", "4096 bytes") in bytes;
 * 1 when it has no unit (DuckDB rejects that), -1 when malformed.
 */
static int duckdb_size(const char *s, double *out)
{
	static const struct { const char *u; double mul; } units[] = {
		{ "b", 1 }, { "bytes", 1 }, { "kb", 1e3 }, { "mb", 1e6 },
		{ "gb", 1e9 }, { "tb", 1e12 }, { "pb", 1e15 },
		{ "kib", 1024.0 }, { "mib", 1048576.0 }, { "gib", 1073741824.0 },
		{ "tib", 1099511627776.0 }, { "pib", 1125899906842624.0 },
	};
	char *end;
	double v = strtod(s, &end);
	if (end == s || !isfinite(v) || v < 0)
		return -1;
	while (*end == ' ' || *end == '\t')
		end++;
	if (!*end)
		return 1;
	for (size_t i = 0; i < FLOE_ARRAY_SIZE(units); i++)
		if (strcasecmp(end, units[i].u) == 0) {
			*out = v * units[i].mul;
			return 0;
		}
	return -1;
}

struct sizing {
	floe_model *m;
	floe_mval *props;       /* compute properties */
	const char *rp_name;    /* resource profile, or NULL */
	const floe_mval *limits, *env;
};

static const floe_mval *env_of(const struct sizing *z, const char *var)
{
	return floe_mval_get(z->env, var);
}

/*
 * Put the first present candidate at props[key], recording the others as
 * its shadows (candidates are in priority order; NULL ones are skipped).
 */
static floe_mval *choose(struct sizing *z, const char *key, floe_mval **cands,
			 size_t n)
{
	floe_mval *win = NULL;
	for (size_t i = 0; i < n; i++) {
		if (!cands[i])
			continue;
		if (!win) {
			win = cands[i];
			continue;
		}
		const char *why =
			win->origin.kind == FLOE_ORIGIN_EXPLICIT &&
			win->parent == z->props ? "the compute property wins" :
			win->origin.kind == FLOE_ORIGIN_EXPLICIT ?
			"the resource profile's env wins over what floe derives" :
			"a derived value wins over the default";
		floe_resolve__mv_shadow(z->m, win, cands[i], why);
	}
	if (!win)
		return NULL;
	if (win->parent != z->props)
		win = floe_resolve__mv_override(z->m, z->props, key, win, NULL);
	return win;
}

/* DUCKDB_<X> of the resource profile's env, as a candidate value. */
static floe_mval *env_cand(struct sizing *z, const char *var, bool integer)
{
	const floe_mval *e = env_of(z, var);
	floe_mval *v;
	char *end;
	if (!e || e->kind != FLOE_MV_STRING)
		return NULL;
	if (integer) {
		long long n = strtoll(e->text, &end, 10);
		if (end == e->text || *end || n < 1)
			return NULL;
		v = floe_resolve__mv_int(z->m, n);
	} else {
		v = floe_resolve__mv_str(z->m, e->text);
	}
	v->origin = e->origin;
	return v;
}

static void size_threads(struct sizing *z)
{
	floe_model *m = z->m;
	floe_mval *cands[4] = { NULL };
	const floe_mval *cpu = floe_mval_get(z->limits, "cpu");
	double c;
	floe_mval *own = (floe_mval *)floe_mval_get(z->props, "threads");

	cands[0] = own;
	cands[1] = env_cand(z, "DUCKDB_THREADS", true);
	if (cpu && k8s_quantity(cpu->text, &c)) {
		int64_t n = c < 1 ? 1 : (int64_t)floor(c + 1e-9);
		cands[2] = floe_resolve__mv_int(m, n);
		floe_resolve__mv_derived(m, cands[2], floe_arena_printf(m->arena,
			"the CPU limit '%s' of resource profile '%s'%s", cpu->text,
			z->rp_name, c < 1 ? ", at least 1" : ", rounded down"), cpu, NULL);
	}
	cands[3] = floe_resolve__mv_int(m, 4);
	floe_resolve__mv_default(cands[3], "schema default");
	floe_mval *win = choose(z, "threads", cands, 4);
	if (cands[2] && win != cands[2] && win->kind == FLOE_MV_INT &&
	    win->v.i > cands[2]->v.i) {
		floe_diag *g = floe_diag_add(m->d, FLOE_SEV_WARNING,
			"compile/threads-over-limit", &win->origin.span,
			win->origin.node ? floe_node_pointer(m->arena, win->origin.node) : NULL,
			"threads %lld exceed the CPU limit '%s' of resource profile '%s'",
			(long long)win->v.i, cpu->text, z->rp_name);
		floe_diag_note(m->d, g, &cpu->origin.span, "the CPU limit is here");
		floe_diag_hint(m->d, g, "DuckDB runs at most %lld threads well in "
			       "this container", (long long)cands[2]->v.i);
	}
}

static void over_limit(struct sizing *z, const floe_mval *win,
		       const floe_mval *mem, double limit, double frac)
{
	floe_model *m = z->m;
	floe_diag *g = floe_diag_add(m->d, FLOE_SEV_ERROR,
		"compile/memory-over-limit", &win->origin.span,
		win->origin.node ? floe_node_pointer(m->arena, win->origin.node) : NULL,
		"memory limit '%s' is above the container's memory limit '%s'",
		win->text, mem->text);
	floe_diag_note(m->d, g, &mem->origin.span,
		       "resource profile '%s' limits memory here", z->rp_name);
	floe_diag_hint(m->d, g, "use at most %.0fMiB, or leave memory_limit out: "
		       "floe then sets %g%% of the container's limit",
		       floor(limit / 1048576.0), frac * 100);
}

static void check_memory(struct sizing *z, const floe_mval *win,
			 const floe_mval *mem, double limit, double frac)
{
	floe_model *m = z->m;
	double bytes = 0;
	int rc = duckdb_size(win->text, &bytes);

	if (rc != 0) {
		floe_diag *g = floe_diag_add(m->d, FLOE_SEV_ERROR,
			"compile/bad-memory-limit", &win->origin.span,
			win->origin.node ? floe_node_pointer(m->arena, win->origin.node) : NULL,
			rc > 0 ? "memory limit '%s' has no unit" :
			"memory limit '%s' is not a DuckDB size", win->text);
		floe_diag_note(m->d, g, NULL, "DuckDB takes KB, MB, GB, TB (powers "
			       "of 1000) or KiB, MiB, GiB, TiB (powers of 1024)");
		return;
	}
	if (mem && bytes > limit)
		over_limit(z, win, mem, limit, frac);
}

static void size_memory(struct sizing *z)
{
	floe_model *m = z->m;
	floe_mval *cands[3] = { NULL };
	const floe_mval *mem = floe_mval_get(z->limits, "memory");
	double limit = 0, f = 0.67;
	bool have_limit = mem && k8s_quantity(mem->text, &limit) && limit > 0;

	cands[0] = (floe_mval *)floe_mval_get(z->props, "memory_limit");
	cands[1] = env_cand(z, "DUCKDB_MEMORY_LIMIT", false);
	if (have_limit) {
		floe_mval *frac = (floe_mval *)floe_mval_get(z->props, "memory_fraction");
		if (!frac) {
			frac = floe_resolve__mv_float(m, 0.67);
			floe_resolve__mv_default(frac, "schema default");
			floe_resolve__mv_add(m, z->props, "memory_fraction", frac);
		}
		f = frac->kind == FLOE_MV_FLOAT ? frac->v.d :
		    frac->kind == FLOE_MV_INT ? (double)frac->v.i : 0.67;
		double mib = floor(limit * f / 1048576.0);
		cands[2] = floe_resolve__mv_str(m, floe_arena_printf(m->arena, "%.0fMiB",
						mib < 1 ? 1 : mib));
		floe_resolve__mv_derived(m, cands[2], floe_arena_printf(m->arena,
			"%s%% of the memory limit '%s' of resource profile '%s', in whole MiB",
			floe_arena_printf(m->arena, "%g", f * 100), mem->text, z->rp_name),
			frac, mem);
	}
	floe_mval *win = choose(z, "memory_limit", cands, 3);
	if (win && win != cands[2])
		check_memory(z, win, have_limit ? mem : NULL, limit, f);
}

static void size_temp(struct sizing *z)
{
	floe_mval *cands[3] = { NULL };
	cands[0] = (floe_mval *)floe_mval_get(z->props, "temp_directory");
	cands[1] = env_cand(z, "DUCKDB_TEMP_DIRECTORY", false);
	if (z->rp_name) {
		cands[2] = floe_resolve__mv_str(z->m, "/tmp/duckdb");
		floe_resolve__mv_default(cands[2], floe_arena_printf(z->m->arena,
			"floe default: a container (resource profile '%s') spills "
			"to /tmp/duckdb", z->rp_name));
	}
	choose(z, "temp_directory", cands, 3);
}

void floe_resolve__model_sizing(floe_model *m)
{
	const char *name;
	floe_mval *comp = floe_resolve__model_compute(m, &name);
	const char *type = floe_resolve__mv_sget(comp, "type");
	struct sizing z = { m, NULL, NULL, NULL, NULL };

	if (!floe_str_eq(type, "duckdb") && !floe_str_eq(type, "motherduck"))
		return;
	z.props = (floe_mval *)floe_mval_get(comp, "properties");
	if (!z.props || z.props->kind != FLOE_MV_MAP)
		return;
	z.rp_name = floe_resolve__mv_sget(comp, "resource_profile");
	const floe_mval *rp = floe_mval_get(floe_mval_get(floe_mval_get(m->root,
		"infrastructure"), "resource_profiles"), z.rp_name);
	if (!rp)
		z.rp_name = NULL;
	z.limits = floe_mval_get(rp, "limits");
	z.env = floe_mval_get(rp, "env");
	size_threads(&z);
	size_memory(&z);
	size_temp(&z);
}
