/*
 * floe/deps.h: `floe deps`: install a dbt project's `local:` and `git:`
 * packages into its packages-install-path (dbt_packages/) as `dbt deps`
 * lays them out, and write package-lock.yml as dbt writes it.
 *
 * packages.yml / dependencies.yml are read as dbt reads them; package-lock
 * .yml is used when its sha1_hash matches them (then the revisions are the
 * lock's commits), else packages are resolved (transitively: each package's
 * own packages.yml) and a new lock written.  Hub, tarball and private
 * packages need a service floe cannot reach: each is a diagnostic saying
 * how to list it as `git:` or vendor it.  Git goes through libgit2, opened
 * with dlopen by this call only.  floe replaces only the folders it wrote
 * (listed in <install>/.floe-deps) and every change is staged first.
 * The library never prints: what was done is in *report, one line each.
 */
#ifndef FLOE_DEPS_H
#define FLOE_DEPS_H

#include "floe/buf.h"
#include "floe/common.h"
#include "floe/diag.h"

typedef struct floe_deps_opts {
	const char *dbt_dir;       /* the dbt project (dbt_project.yml there) */
	const floe_limits *limits; /* NULL: the defaults */
} floe_deps_opts;

/*
 * Returns 0 (warnings, e.g. deps/unpinned, may be in `d`); FLOE_EINVALID
 * when an input was rejected (diagnostics in `d`: exit 1); else a runtime
 * failure (exit 3) with floe_error_last(): libgit2 missing (FLOE_ERROR), a
 * clone or a write that failed (FLOE_EIO).  Nothing is changed on failure.
 */
int floe_deps_install(const floe_deps_opts *o, floe_diags *d, floe_buf *report);

#endif
