/*
 * floe/project.h: a floe project: floe.yaml (tier 1) and the platform files
 * of its environments (tier 2), loaded, validated against the built-in
 * schemas, and cross-checked (logical references, layers, resource
 * profiles, orchestration references, secret references, spec versions).
 *
 * Environment selection (product.md): --env, else FLOE_PLATFORM_ENV, else
 * "local"; the file is --platform FILE exactly, else FLOE_PLATFORM_FILE,
 * else the first of floe-runtime's search order under the project
 * directory; --all-envs means every platform/<env>/platform.yaml.
 */
#ifndef FLOE_PROJECT_H
#define FLOE_PROJECT_H

#include <stdbool.h>
#include "floe/doc.h"

typedef struct floe_project floe_project;

typedef struct floe_project_opts {
	const char *dir;       /* project directory; NULL: "." */
	const char *env;       /* --env; NULL: FLOE_PLATFORM_ENV, else "local" */
	const char *platform;  /* --platform FILE; NULL: FLOE_PLATFORM_FILE, else search */
	bool all_envs;         /* every platform/<env>/platform.yaml */
	/*
	 * Check each environment, then free its tree (validate keeps only the
	 * diagnostics and the matrix): floe_project_env_doc is NULL after.
	 */
	bool check_only;
	const floe_limits *limits;
	/* the process environment (getenv); NULL: the real one */
	const char *(*getenv)(const char *name);
} floe_project_opts;

/*
 * Which environment the options select, and its platform file, without
 * reading either: the name (--env, else the folder of --platform /
 * FLOE_PLATFORM_FILE, else FLOE_PLATFORM_ENV, else "local") and the path
 * (that file, else the first of the search order that exists).  Every
 * name, wherever it came from, must be a folder name that stays in its
 * folder (floe_project_env_name_ok, floe_project_folder_name_ok): else
 * resolve/bad-env-name.  No
 * platform file: resolve/platform-not-found.  Both give FLOE_EINVALID.
 * The strings are allocated in `a`.  --all-envs is not looked at.
 */
int floe_project_locate(floe_arena *a, floe_diags *d, const floe_project_opts *o,
			const char **name, const char **path);
/*
 * The names of environments: one floe searches for is 1-128 characters
 * of [A-Za-z0-9_.-]; one that comes with an exact platform file (--env
 * beside --platform, or that file's folder) may hold any character but
 * '/' and control characters.  Neither starts with '.' nor holds "..".
 */
bool floe_project_env_name_ok(const char *name);
bool floe_project_folder_name_ok(const char *name);
/*
 * The sealed secrets of the environment whose platform file is
 * `platform_file`: secrets.sealed.yaml in the same folder (the one rule
 * run, exec, diff and `floe secrets` use).  Allocated in `a`.
 */
const char *floe_project_sealed_path(floe_arena *a, const char *platform_file);

/*
 * Load and check everything.  Problems are diagnostics in `d` and give
 * FLOE_EINVALID; *out is set whenever floe.yaml could be read (so callers
 * can still print the matrix).  The caller owns *out.
 */
int floe_project_load(floe_project **out, floe_diags *d,
		      const floe_project_opts *opts);
void floe_project_free(floe_project *p);

const floe_doc *floe_project_floe(const floe_project *p);
const char *floe_project_dir(const floe_project *p);

size_t floe_project_env_count(const floe_project *p);
const char *floe_project_env_name(const floe_project *p, size_t i);
/* The platform document of environment i; NULL when it did not load. */
const floe_doc *floe_project_env_doc(const floe_project *p, size_t i);
const char *floe_project_env_path(const floe_project *p, size_t i);

/*
 * The reference matrix of --all-envs: row r is a logical reference of
 * floe.yaml ("catalog 'default'"), cell (r, e) tells whether environment e
 * defines it.
 */
size_t floe_project_ref_count(const floe_project *p);
const char *floe_project_ref_name(const floe_project *p, size_t r);
bool floe_project_ref_ok(const floe_project *p, size_t r, size_t env);

/*
 * The environment variable a secret reference maps to: NAME upper-cased
 * with every character outside A-Z0-9 turned into '_'; with a key, NAME and
 * KEY so converted and joined by '_'.  Allocated in `a`.
 */
char *floe_secret_env_name(floe_arena *a, const char *name, const char *key);

#endif
