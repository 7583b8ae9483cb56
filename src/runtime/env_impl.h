/*
 * env_impl.h: what prepare.c shares with confine.c (floe/env.h).  Nothing
 * here is public.
 */
#ifndef FLOE_RUNTIME_ENV_IMPL_H
#define FLOE_RUNTIME_ENV_IMPL_H

#include "floe/env.h"
#include "util/util.h"

/*
 * The directories (with a final '/') and URL prefixes DuckDB may still
 * touch once the native runner's session is confined after attach.sql
 * (docs/secrets.md): the project and its directories, the dbt project,
 * the state directory and the outputs' folder, the warehouse and every
 * local file the environment needs, DuckDB's temp directory, the storage
 * profiles' buckets and endpoints, the catalogs' URIs, and the platform's
 * security.duckdb.allowed_directories.  Needs e->model, e->project_dir,
 * e->dbt_dir, e->state_dir, e->out_dir and e->session.temp_directory.
 * The array and its strings live in `a`; *n counts them.
 */
const char *const *floe_runtime__confine_dirs(floe_arena *a, size_t *n, const floe_env *e);

#endif
