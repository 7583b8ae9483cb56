/*
 * floe/launch.h: what the container entrypoint is built from: resolving
 * every secret a run needs in one pass, launching a command with the
 * resolved environment (exec, or a tini-like supervisor when floe is PID 1),
 * and opening the DuckDB session of `floe run` (settings, secret variables,
 * attach.sql).  Plain data in, so the commands stay thin; nothing here
 * prints or exits.  docs/launch.md describes the behaviour.
 */
#ifndef FLOE_LAUNCH_H
#define FLOE_LAUNCH_H

#include <signal.h>
#include <stdbool.h>
#include "floe/common.h"
#include "floe/buf.h"
#include "floe/secrets.h"

/* ---- a set of resolved secrets ---- */

typedef struct floe_secret_ref {
	const char *name;
	const char *key;  /* NULL: no key selector */
	const char *var;  /* NULL: derived by the rule; else it must match */
} floe_secret_ref;

typedef struct floe_secret_set floe_secret_set;

/*
 * Resolve every reference with floe_secret_resolve (a reference listed
 * twice is resolved once).  On success the caller owns *out, in the order
 * of `refs`.  Every reference that fails is reported, not just the first:
 * `report` (cleared first; may be NULL) gets one line per problem, such as
 * "secret 'x' not found: looked in environment variable X, file
 * /var/run/secrets/x, sealed file F (no entry)", with no final newline.
 * floe_error_last() holds the line when there is one problem, else
 * "N secrets could not be resolved: 'a', 'b'".  Returns FLOE_ESECRET when
 * every problem is a miss, else the code of the first other problem
 * (FLOE_EIO, FLOE_ETOOBIG, FLOE_ECRYPTO, FLOE_EUSAGE for two references
 * that map to one variable or a `var` that does not match the rule).
 * A value shorter than FLOE_SECRET_MIN_LEN bytes is a problem too
 * (FLOE_ESECRET: it could not be masked without garbling every message);
 * one shorter than FLOE_SECRET_MASK_ANYWHERE gets a warning
 * (floe_secrets_on_warning) naming it.
 */
int floe_secret_set_resolve(floe_secret_set **out, floe_buf *report,
			    const floe_secret_ref *refs, size_t n,
			    const floe_secret_opts *o);
size_t floe_secret_set_count(const floe_secret_set *set);
/* Secret i, owned by the set; NULL when i is out of range. */
const floe_secret *floe_secret_set_get(const floe_secret_set *set, size_t i);
/* Wipes every value; accepts NULL. */
void floe_secret_set_free(floe_secret_set *set);
/*
 * The masking rule (docs/secrets.md), one for every place floe masks a
 * value: a value of FLOE_SECRET_MASK_ANYWHERE (8) bytes or more is masked
 * wherever it appears, ASCII case-insensitively (DuckDB may case-fold a
 * value it quotes in an error); one of FLOE_SECRET_MIN_LEN (4) to 7 bytes
 * only as a whole token (the bytes around it are not [A-Za-z0-9]), also
 * case-insensitively, and floe_secret_set_resolve warns once about it; a
 * shorter one is refused by floe_secret_set_resolve, so never masked.
 */
#define FLOE_SECRET_MIN_LEN 4
#define FLOE_SECRET_MASK_ANYWHERE 8
/* Mask value[0..len) in `b` with "***" by the rule; wipes the old text. */
void floe_secret_mask_value(floe_buf *b, const char *value, size_t len);
/*
 * Mask every secret of the set in `b`, the longest first (for text that
 * came from elsewhere, such as a DuckDB error that quotes a value).
 */
void floe_secret_set_redact(floe_buf *b, const floe_secret_set *set);

/* ---- launching a command ---- */

typedef struct floe_launch_env {
	const char *name;
	const char *value;  /* NULL: remove the variable */
} floe_launch_env;

typedef struct floe_launch_spec {
	char *const *argv;          /* CMD and its arguments, NULL-terminated */
	const floe_launch_env *env; /* set on top of the base environment */
	size_t nenv;                /* (a later entry for a name wins) */
	bool clear_env;             /* base: empty, not the process's environ */
	/*
	 * Exported under their variable names, over env.  CONSUMED: the call
	 * copies the values into the child's environment (guarded memory),
	 * frees the set at once, and wipes the copy in floe as soon as the
	 * child has it.  May be NULL.
	 */
	floe_secret_set *secrets;
	/*
	 * Supervise instead of exec: fork, forward signals, reap every child
	 * (floe is PID 1, see floe_launch_is_init; tests force it).
	 */
	bool as_init;
	/*
	 * Nonzero once SIGINT/SIGTERM came (the caller's handler sets it):
	 * checked last before the command starts (then FLOE_ECANCEL, *status
	 * 3), after SIGINT/SIGTERM are reset to their default for an exec or
	 * blocked for a supervisor, so no signal falls between.  May be NULL.
	 */
	const volatile sig_atomic_t *cancel;
} floe_launch_spec;

/* True when this process is PID 1 (a container's init). */
bool floe_launch_is_init(void);

/*
 * `floe exec`.  *status is always set to the exit status floe should end
 * with.  Without as_init the command replaces floe (execve: no fork, no
 * pipes, the terminal and signals are the command's), so the call returns
 * only on failure.  With as_init it returns 0 when the command ran, *status
 * being its exit status, or 128 + the signal that killed it.
 *
 * CMD is searched in the PATH of the environment it gets (like execvp).
 * Not found: FLOE_ECHILD, *status 127; found but not executable (or not a
 * program): FLOE_ECHILD, *status 126; floe_error_last() names CMD.  Other
 * failures give *status 3: FLOE_EUSAGE (no CMD, a bad env name),
 * FLOE_ESECRET (a value with a NUL byte), FLOE_ECHILD (fork failed).
 */
int floe_launch_exec(int *status, const floe_launch_spec *spec);

/*
 * `floe run` for compute other than DuckDB: launch the command (dbt) the
 * same way, with signals forwarded, wait for it and return 0 with its exit
 * status in *status (floe goes on).  as_init is ignored: every child is
 * reaped only when floe is PID 1.  Failures as for floe_launch_exec.
 */
int floe_launch_run_child(int *status, const floe_launch_spec *spec);

/* ---- the DuckDB session of `floe run` ---- */

struct floe_duckdb_db;
struct floe_duckdb_conn;
typedef struct floe_session floe_session;

typedef struct floe_session_setting {
	const char *name;   /* a DuckDB setting: letters, digits, '_' */
	const char *value;  /* given as a string literal, quoted */
} floe_session_setting;

typedef struct floe_session_spec {
	const char *path;            /* compute database; NULL or ":memory:" */
	/* from DUCKDB_MEMORY_LIMIT, _THREADS, _TEMP_DIRECTORY; NULL: unset */
	const char *memory_limit, *threads, *temp_directory;
	/*
	 * More settings, in order.  Those DuckDB takes only at startup
	 * (allow_unsigned_extensions, enable_external_access, ...) go to the
	 * open config, lock_configuration is applied last, the others are SET
	 * after memory_limit, threads and temp_directory.
	 */
	const floe_session_setting *settings;
	size_t nsettings;
	/*
	 * Bound with `SET VARIABLE <var> = ?` (never in SQL text) while
	 * attach.sql runs, then reset.  Not kept: free the set after the call.
	 */
	const floe_secret_set *secrets;
	const char *attach_sql;   /* run in full; NULL: none */
	/*
	 * Nonzero once the run is cancelled (SIGINT/SIGTERM): checked between
	 * steps and statements, and the statement in progress (an INSTALL, a
	 * slow ATTACH) is interrupted; then FLOE_ECANCEL.  May be NULL.
	 */
	const volatile sig_atomic_t *cancel;
	const char *attach_name;  /* names it in messages; NULL: "attach.sql" */
	/*
	 * confine: after attach.sql (and after a lock_configuration setting's
	 * turn) `SET allowed_directories = [...]` with these (directories
	 * with a final '/', or URL prefixes), `SET enable_external_access =
	 * false`, `SET lock_configuration = true`: a model reads and writes
	 * files only there, installs no extension, and cannot undo it.
	 */
	bool confine;
	const char *const *allowed_dirs;
	size_t nallowed;
} floe_session_spec;

/*
 * Open the compute database and prepare it: settings, variables,
 * attach.sql, variables reset.  On success the caller owns *out.  On
 * failure FLOE_EDUCKDB (FLOE_EUSAGE for a bad setting name): `err` (may be
 * NULL) gets DuckDB's whole message, floe_error_last() one line naming the
 * step, as "attach.sql:3: Catalog Error: ...", or for an extension DuckDB
 * cannot load "DuckDB extension 'iceberg' is not installed and cannot be
 * downloaded here (attach.sql:2)".  Secret values are replaced by "***" in
 * both.
 */
int floe_session_open(floe_session **out, floe_buf *err,
		      const floe_session_spec *spec);
/* The database and the connection attach.sql ran on (USE, temp secrets). */
struct floe_duckdb_db *floe_session_db(const floe_session *s);
struct floe_duckdb_conn *floe_session_conn(const floe_session *s);
/*
 * The extension named by the last failure of floe_session_open on this
 * thread ("iceberg"), or NULL when it was something else.
 */
const char *floe_session_missing_extension(void);
/*
 * Once floe_session_open has loaded libduckdb (whether or not the session
 * then opened): when the library's major.minor differs from `want` (the
 * compiled environment's duckdb_version, "1.5"), append a one-line warning
 * to `out` and return true; else false.
 */
bool floe_session_version_warning(floe_buf *out, const char *want);
void floe_session_close(floe_session *s); /* accepts NULL */
/*
 * The libduckdb file a session would load ($FLOE_LIBDUCKDB, beside the
 * binary, the build's copy: the first that exists), without opening it
 * (`floe --version`); NULL when none exists.  The caller frees it.
 */
char *floe_duckdb_locate(void);

#endif
