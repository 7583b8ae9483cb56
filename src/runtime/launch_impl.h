/*
 * launch_impl.h: what launch.c shares with launch_env.c (the child's
 * environment in guarded memory and the list of files CMD may be, both
 * built before any fork so that the child only calls execve), and
 * session.c with session_script.c.  Nothing here is public.
 */
#ifndef FLOE_LAUNCH_IMPL_H
#define FLOE_LAUNCH_IMPL_H

#include <stdbool.h>
#include "floe/launch.h"

struct launch_env {
	char **envp;       /* NULL-terminated, inside mem */
	void *mem;         /* one sodium_malloc block: envp, then the strings */
	const char *path;  /* the value of PATH in envp, or NULL */
};

struct launch_cmd {
	char *const *argv;
	char **files;      /* what to try with execve, in order, NULL-terminated */
	bool searched;     /* CMD has no '/': the files come from PATH */
};

/*
 * Build the child's environment: the base (environ, or nothing with
 * clear_env), spec->env over it, the secrets over both.  Consumes
 * spec->secrets in every case.  FLOE_EUSAGE for a bad name, FLOE_ESECRET
 * for a value with a NUL byte.
 */
int floe_runtime__launch_env_build(struct launch_env *out, const floe_launch_spec *spec);
/* Wipe and free (sodium_free zeroes); accepts an empty one. */
void floe_runtime__launch_env_wipe(struct launch_env *e);

/* The files CMD may be, searched in `path` (NULL: a default). */
int floe_runtime__launch_cmd_init(struct launch_cmd *out, char *const *argv,
			  const char *path);
void floe_runtime__launch_cmd_release(struct launch_cmd *c);
/*
 * execve each file in turn, as execvp does; returns only on failure, with
 * the errno that decides the status (ENOENT: not found).  Async-signal-safe:
 * it runs in a forked child.
 */
int floe_runtime__launch_try(const struct launch_cmd *c, char **envp);
/* Set *status (127 or 126) and the message naming CMD; FLOE_ECHILD. */
int floe_runtime__launch_failed(int *status, const struct launch_cmd *c, int err);

struct floe_duckdb_conn;

/*
 * Run a script (session_script.c) one statement at a time, as DuckDB's
 * parser splits it.  On failure FLOE_EDUCKDB, DuckDB's message in `err`,
 * and `where` names the statement: "NAME:LINE", the line where it starts.
 */
int floe_runtime__session_script(struct floe_duckdb_conn *conn, floe_buf *err,
			 const char *sql, const char *name, floe_buf *where);

#endif
