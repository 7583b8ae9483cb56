/*
 * git.h: libgit2 through dlopen, for `floe deps` only (runtime internal).
 * The library is never linked: it is opened on the first call, every
 * function looked up by name; nothing else in floe calls these, so no
 * other command loads libgit2.
 */
#ifndef FLOE_RUNTIME_GIT_H
#define FLOE_RUNTIME_GIT_H

#include "floe/buf.h"

/*
 * Clone `url` into the new directory `dir` and check out `revision` as
 * dbt does: a 40-hex commit; else a tag of that name (tags first); else
 * a branch of the remote; NULL: the remote's HEAD.  The commit's 40-hex
 * id in sha[41].  Returns 0; FLOE_EDUCKDB-like codes: FLOE_ERROR when the
 * library cannot be loaded (floe_error_last names it and the function),
 * FLOE_EIO when the clone failed, FLOE_ENOTFOUND when the clone worked
 * but has no such revision; `why` says what libgit2 said.
 */
int floe_runtime__git_checkout(const char *url, const char *dir, const char *revision,
		       char sha[41], floe_buf *why);

#endif
