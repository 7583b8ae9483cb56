/*
 * compute.c: DuckDB sizing rules of one environment: a memory_limit at or
 * above the container limit of the compute profile's resource profile, and
 * an in-memory database in a container without a spill directory.  Also
 * the size parser both rules need (DuckDB sizes and Kubernetes quantities).
 */
#include <ctype.h>
#include <stdlib.h>
#include <string.h>
#include <strings.h>
#include "internal.h"

struct unit {
	const char *name;
	double factor;
};

/* Lower-case unit names; 'i' means powers of 1024 as in both DuckDB and Kubernetes. */
static const struct unit units[] = {
	{ "", 1 }, { "b", 1 }, { "byte", 1 }, { "bytes", 1 },
	{ "k", 1e3 }, { "kb", 1e3 }, { "ki", 1024.0 }, { "kib", 1024.0 },
	{ "kilobyte", 1e3 }, { "kilobytes", 1e3 },
	{ "m", 1e6 }, { "mb", 1e6 }, { "mi", 1048576.0 }, { "mib", 1048576.0 },
	{ "megabyte", 1e6 }, { "megabytes", 1e6 },
	{ "g", 1e9 }, { "gb", 1e9 }, { "gi", 1073741824.0 }, { "gib", 1073741824.0 },
	{ "gigabyte", 1e9 }, { "gigabytes", 1e9 },
	{ "t", 1e12 }, { "tb", 1e12 }, { "ti", 1099511627776.0 }, { "tib", 1099511627776.0 },
	{ "terabyte", 1e12 }, { "terabytes", 1e12 },
	{ "p", 1e15 }, { "pb", 1e15 }, { "pi", 1125899906842624.0 },
	{ "pib", 1125899906842624.0 },
	{ "e", 1e18 }, { "eb", 1e18 }, { "ei", 1152921504606846976.0 },
	{ "eib", 1152921504606846976.0 },
};

bool floe_lint__parse_size(const char *s, double *bytes, bool *milli)
{
	char *end;
	*milli = false;
	while (*s == ' ' || *s == '+')
		s++;
	if (!isdigit((unsigned char)*s) && *s != '.')
		return false;
	double v = strtod(s, &end);
	while (*end == ' ')
		end++;
	size_t n = strlen(end);
	while (n && end[n - 1] == ' ')
		n--;
	if (n == 1 && end[0] == 'm') {  /* Kubernetes milli, not mega */
		*milli = true;
		*bytes = v / 1000;
		return true;
	}
	for (size_t i = 0; i < FLOE_ARRAY_SIZE(units); i++)
		if (strlen(units[i].name) == n && strncasecmp(end, units[i].name, n) == 0) {
			*bytes = v * units[i].factor;
			return true;
		}
	return false;
}

static bool is_duckdb(const floe_node *prof)
{
	const char *t;
	const floe_node *type = floe_node_get(prof, "type");
	return !type || (floe_node_as_string(type, &t) && strcmp(t, "duckdb") == 0);
}

struct profile {
	const char *name;           /* compute profile */
	const floe_node *node, *props, *settings;
	const char *rp_name;        /* resource profile, or NULL */
	const floe_node *rp;
};

/* ---- duckdb-memory-over-limit ---- */

static void over_limit(struct lint_ctx *c, const struct profile *pr, const floe_node *mem,
		       const floe_node *lim, double want, double have, bool milli)
{
	const char *key = floe_lint__key_of(mem);
	floe_diag *g = floe_lint__report(c, R_DUCKDB_MEMORY_OVER_LIMIT, &mem->span, mem,
		"DuckDB %s '%s' %s the container memory limit '%s' of resource profile '%s'",
		key, mem->text, want > have ? "exceeds" : "equals", lim->text, pr->rp_name);
	if (!g)
		return;
	floe_lint__note(c, g, &lim->span, "the container memory limit is set here");
	if (milli)
		floe_lint__note(c, g, NULL, "'m' is milli in a Kubernetes quantity: '%s' is less than "
			  "a byte; did you mean '%.*sMi'?", lim->text, (int)(lim->len - 1), lim->text);
	floe_lint__note(c, g, NULL, "DuckDB also allocates outside %s; the container is killed "
		  "(OOMKilled) when the total passes its limit", key);
	floe_diag_hint(c->d, g, "lower %s well below '%s', or remove it: floe then gives DuckDB "
		       "memory_fraction (default 0.67) of the container limit", key, lim->text);
}

static void check_memory(struct lint_ctx *c, const struct profile *pr)
{
	const floe_node *lim = floe_node_get(floe_node_get(pr->rp, "limits"), "memory");
	const floe_node *mems[] = {
		floe_node_get(pr->props, "memory_limit"),
		floe_node_get(pr->settings, "memory_limit"),
		floe_node_get(pr->settings, "max_memory"),
	};
	double have, want;
	bool milli, m2;
	if (!lim || !lim->text || !floe_lint__parse_size(lim->text, &have, &milli))
		return;
	for (size_t i = 0; i < FLOE_ARRAY_SIZE(mems); i++) {
		const floe_node *mem = mems[i];
		if (!mem || !mem->text || !floe_lint__parse_size(mem->text, &want, &m2))
			continue;
		if (want >= have)
			over_limit(c, pr, mem, lim, want, have, milli);
	}
}

/* ---- in-memory-compute ---- */

static bool has_temp_dir(const struct profile *pr)
{
	const floe_node *env = floe_node_get(pr->rp, "env");
	return floe_node_get(pr->props, "temp_directory") ||
	       floe_node_get(pr->settings, "temp_directory") ||
	       floe_node_get(env, "DUCKDB_TEMP_DIRECTORY");
}

static void check_in_memory(struct lint_ctx *c, const struct profile *pr)
{
	const floe_node *path = floe_node_get(pr->props, "path");
	const char *v = ":memory:";
	if (c->env_local || (path && (!floe_node_as_string(path, &v) || strcmp(v, ":memory:") != 0)))
		return;
	if (has_temp_dir(pr))
		return;
	floe_span s = path ? path->span : floe_node_key_of(pr->node)->span;
	floe_diag *g = floe_lint__report(c, R_IN_MEMORY_COMPUTE, &s, path ? path : pr->node,
		"in-memory DuckDB of compute profile '%s' has no temp_directory in "
		"non-local environment '%s'", pr->name, c->env_name);
	if (!g)
		return;
	if (!path)
		floe_lint__note(c, g, NULL, "properties.path is not set, so it is ':memory:'");
	floe_lint__note(c, g, NULL, "':memory:' keeps the database in RAM; DuckDB then spills to "
		  "'.tmp' in the working directory, which a container often cannot write, so "
		  "large queries fail with out-of-memory errors");
	floe_diag_hint(c->d, g, "set properties.temp_directory to a writable volume "
		       "(e.g. /tmp/duckdb), or give properties.path a database file");
}

void floe_lint__compute_env(struct lint_ctx *c)
{
	const floe_node *root = c->env_doc->root;
	const floe_node *compute = floe_node_get(root, "compute");
	const floe_node *rps = floe_node_get(floe_node_get(root, "infrastructure"),
					     "resource_profiles");
	for (size_t i = 0; compute && compute->kind == FLOE_NODE_MAP && i < compute->len; i++) {
		struct profile pr = { .name = compute->keys[i]->text, .node = compute->items[i] };
		if (pr.node->kind != FLOE_NODE_MAP || !is_duckdb(pr.node))
			continue;
		pr.props = floe_node_get(pr.node, "properties");
		pr.settings = floe_node_get(pr.props, "settings");
		if (floe_node_as_string(floe_node_get(pr.node, "resource_profile"), &pr.rp_name))
			pr.rp = floe_node_get(rps, pr.rp_name);
		else if (!floe_node_get(pr.node, "resource_profile") &&
			 (pr.rp = floe_node_get(rps, "transform")))
			pr.rp_name = "transform";   /* unlinked: floe-runtime's transform pods */
		check_memory(c, &pr);
		check_in_memory(c, &pr);
	}
}
