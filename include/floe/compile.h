/*
 * floe/compile.h: `floe compile` and `floe requirements` as a library.
 *
 * floe_compile builds the resolved model of one environment (floe/model.h)
 * and renders every output in memory: profiles.yml, attach.sql (DuckDB
 * family only), container.env, k8s-env.yaml, manifest.json and, for
 * engines that need them, engine-side files.  Outputs are byte-identical
 * for identical inputs and options.  floe_compile_write puts them on disk
 * all at once or not at all.  DuckDB is never loaded here.
 * docs/compile.md describes the outputs and their shapes.
 */
#ifndef FLOE_COMPILE_H
#define FLOE_COMPILE_H

#include "floe/buf.h"
#include "floe/diag.h"
#include "floe/model.h"
#include "floe/project.h"

/* One generated file. */
typedef struct floe_output {
	const char *name;   /* file name inside the output directory */
	const char *data;   /* len bytes (NUL-terminated too) */
	size_t len;
} floe_output;

typedef struct floe_compile_opts {
	/*
	 * The output directory relative to the project directory (or
	 * absolute): it keys the outputs' digests in manifest.json and is
	 * DBT_PROFILES_DIR.  NULL: ".floe/<env>" (floe_env_prepare passes
	 * the one it decided: <state>/<env>).
	 */
	const char *out_dir;
} floe_compile_opts;

typedef struct floe_compile_result floe_compile_result;

/*
 * Compile environment `env` of a project that loaded without errors.
 * Problems are diagnostics in `d` (codes compile/...) and give
 * FLOE_EINVALID; *out is then still set when the model could be built (so
 * callers can explain), with no outputs.  The caller owns *out
 * (floe_compile_free); `o` may be NULL.
 */
int floe_compile(floe_compile_result **out, floe_diags *d,
		 const floe_project *p, size_t env,
		 const floe_compile_opts *o);
void floe_compile_free(floe_compile_result *r); /* accepts NULL */

/* The model, with its uses recorded; owned by the result. */
floe_model *floe_compile_model(const floe_compile_result *r);
/* Outputs, sorted by name; NULL past the end. */
size_t floe_compile_output_count(const floe_compile_result *r);
const floe_output *floe_compile_output_at(const floe_compile_result *r,
					  size_t i);
const floe_output *floe_compile_output(const floe_compile_result *r,
				       const char *name);

/*
 * Write every output into `dir`, atomically: everything (and floe's marker
 * .floe-output) is staged in a new directory beside `dir`,
 * <dir>.floe-stage-<pid>-XXXXXX with a lock file its writer holds, which
 * then replaces `dir` under an flock of the parent (concurrent writers
 * take turns; the last one's output stays, whole).  A failure leaves the
 * old `dir` (or none) or the new one complete, never a mix.  Missing
 * parents of `dir` are created; stages of dead writers beside it removed.
 * An existing `dir` is replaced only when it is empty, carries the marker
 * or holds only names floe writes (its target/ and logs/ move into the new
 * one); else nothing is written.  Returns 0 or FLOE_EIO with
 * floe_error_last() naming the path and why.
 */
int floe_compile_write(const floe_compile_result *r, const char *dir);

/*
 * The name catalog profile `name` is attached as, in profiles.yml,
 * attach.sql, manifest.json and the native runner: `name` itself when it
 * is a plain identifier ([A-Za-z_][A-Za-z0-9_]*, so dbt-duckdb can write
 * it unquoted) that is neither a DuckDB keyword (any category) nor one of
 * DuckDB's own names (main, memory, system, temp), compared without case;
 * else "floe_" + name with each character outside [A-Za-z0-9_] as '_'
 * (lake -> lake, default -> floe_default, my-lake -> floe_my_lake).
 * Written to `out` (cleared first); returns its text, owned by `out`.
 */
const char *floe_compile_catalog_alias(floe_buf *out, const char *name);

/* sha256 of `data` as 64 lower-case hex digits into out (libsodium). */
void floe_sha256_hex(char out[65], const void *data, size_t len);

/*
 * `floe requirements`: what the model's environment needs at run time.
 * FLOE_FMT_TEXT: a readable listing; FLOE_FMT_JSON: the documented JSON
 * (docs/compile.md, "requirements_version": 1).  Other formats:
 * FLOE_EUSAGE.  Appends to `out`.
 */
int floe_requirements_render(floe_buf *out, floe_model *m, floe_format fmt);

#endif
