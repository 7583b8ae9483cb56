/*
 * emit/duckdb_options.h: which option names each DuckDB statement that floe
 * emits accepts, per DuckDB minor version (1.2, 1.3, 1.4, 1.5, 2.0).
 *
 * The data is ../shared/reference/targets.md (sections 1.3, 1.5, 2.2, 2.3,
 * 3.2-3.5, 4) plus what was run on 1.4.4 (docs/duckdb.md).  The compiler
 * checks every option it writes into attach.sql against it, so a name that
 * an older extension rejects ("Unhandled options found") never ships.
 * Names are matched case-insensitively and listed upper case.
 */
#ifndef FLOE_EMIT_DUCKDB_OPTIONS_H
#define FLOE_EMIT_DUCKDB_OPTIONS_H

#include <stdbool.h>
#include "floe/common.h"
#include "floe/buf.h"

/* A DuckDB release line; extensions follow it (their branch per minor). */
typedef enum floe_duckdb_ver {
	FLOE_DUCKDB_1_2 = 0,
	FLOE_DUCKDB_1_3,
	FLOE_DUCKDB_1_4,
	FLOE_DUCKDB_1_5,
	FLOE_DUCKDB_2_0,  /* the extensions' main branches (2.0 preview docs) */
	FLOE_DUCKDB_NVER,
} floe_duckdb_ver;

#define FLOE_DUCKDB_VER_DEFAULT FLOE_DUCKDB_1_5  /* as the schema and resolve say: "1.5" */

/*
 * "1.4" or "1.4.4" (any patch; a leading "v" is allowed) -> FLOE_DUCKDB_1_4.
 * Anything else is FLOE_EINVALID, with floe_error_last() naming the known
 * versions.
 */
int floe_emit__duckdb_ver_parse(floe_duckdb_ver *out, const char *s);
const char *floe_emit__duckdb_ver_name(floe_duckdb_ver v);   /* "1.4" */
const char *floe_emit__duckdb_ver_known(void);  /* "1.2, 1.3, 1.4, 1.5, 2.0" */

/* The statements floe emits, each with its own option whitelist. */
typedef enum floe_duckdb_kind {
	FLOE_DUCKDB_ATTACH_ICEBERG = 0,  /* ATTACH '...' (TYPE ICEBERG, ...) */
	FLOE_DUCKDB_SECRET_ICEBERG,      /* CREATE SECRET (TYPE ICEBERG, ...) */
	FLOE_DUCKDB_ATTACH_DUCKLAKE,     /* ATTACH 'ducklake:...' (...) */
	FLOE_DUCKDB_SECRET_DUCKLAKE,
	FLOE_DUCKDB_SECRET_S3,
	FLOE_DUCKDB_SECRET_R2,
	FLOE_DUCKDB_SECRET_GCS,
	FLOE_DUCKDB_SECRET_AZURE,
	FLOE_DUCKDB_SECRET_POSTGRES,
	FLOE_DUCKDB_SECRET_HTTP,
	FLOE_DUCKDB_SET_MOTHERDUCK,      /* SET motherduck_... before ATTACH 'md:' */
	FLOE_DUCKDB_SET,                 /* SET of core settings */
	FLOE_DUCKDB_NKIND,
} floe_duckdb_kind;

/* "ATTACH (TYPE ICEBERG)", "CREATE SECRET (TYPE S3)", "SET", ... */
const char *floe_emit__duckdb_kind_name(floe_duckdb_kind kind);
/* DuckLake needs DuckDB 1.3; everything else exists on every version. */
bool floe_emit__duckdb_kind_ok(floe_duckdb_ver v, floe_duckdb_kind kind);

/*
 * Secret providers: NULL means the type's default (config).  ATTACH and
 * SET take no provider (only NULL is accepted).
 */
bool floe_emit__duckdb_provider_ok(floe_duckdb_ver v, floe_duckdb_kind kind,
			     const char *provider);
/* Appends "config, credential_chain" for the kind ("" when it takes none). */
void floe_emit__duckdb_provider_list(floe_buf *out, floe_duckdb_kind kind);

typedef enum floe_duckdb_opt {
	FLOE_DUCKDB_OPT_REJECTED = 0,  /* an error on this version */
	FLOE_DUCKDB_OPT_OK,
	FLOE_DUCKDB_OPT_DEPRECATED,    /* accepted with a warning */
	FLOE_DUCKDB_OPT_BUILD,         /* only some extension builds of this
					  version accept it: do not emit */
} floe_duckdb_opt;

floe_duckdb_opt floe_emit__duckdb_option_status(floe_duckdb_ver v,
					  floe_duckdb_kind kind,
					  const char *provider,
					  const char *name);
/* OK or DEPRECATED: the name can be emitted for this version. */
bool floe_emit__duckdb_option_ok(floe_duckdb_ver v, floe_duckdb_kind kind,
			   const char *provider, const char *name);
/*
 * Appends the names the kind accepts on v with that provider (OK and
 * DEPRECATED), sorted, ", "-joined, for an "expected one of" note.  The DuckLake prefix
 * rule shows as META_*.  Type-level keys (TYPE, PROVIDER, SCOPE,
 * READ_ONLY) are included.
 */
void floe_emit__duckdb_option_list(floe_buf *out, floe_duckdb_ver v,
			     floe_duckdb_kind kind, const char *provider);
/*
 * Why a name is not plainly OK, or a gotcha of an OK one, as one lowercase
 * line for a diagnostic note: the versions that accept it, the rename, the
 * provider or statement that takes it instead, a near name.  Returns false
 * (and leaves out empty) when there is nothing to say.  Replaces out.
 */
bool floe_emit__duckdb_option_note(floe_buf *out, floe_duckdb_ver v,
			     floe_duckdb_kind kind, const char *provider,
			     const char *name);

/*
 * Options whose value is one of a fixed set (AUTHORIZATION_TYPE,
 * ACCESS_DELEGATION_MODE, URL_STYLE, CHAIN, ...): whether `value` is
 * accepted on v (case-insensitive; a CHAIN is ';'-separated and each part
 * is checked).  True for options with free values.
 */
bool floe_emit__duckdb_value_ok(floe_duckdb_ver v, floe_duckdb_kind kind,
			  const char *provider, const char *option,
			  const char *value);
/* Appends the accepted values, ", "-joined; nothing for free values. */
void floe_emit__duckdb_value_list(floe_buf *out, floe_duckdb_ver v,
			    floe_duckdb_kind kind, const char *provider,
			    const char *option);

/*
 * For ATTACH (TYPE ICEBERG): whether the authorization type `auth`
 * ("oauth2" when NULL, "sigv4", "none"; ENDPOINT_TYPE glue/s3_tables
 * authorize as "sigv4") consumes `option`.  Options that every
 * authorization leaves to the attach itself are true; DEFAULT_REGION with
 * "none" or "sigv4" is false (ATTACH would throw "Unhandled options found").
 */
bool floe_emit__duckdb_iceberg_auth_takes(const char *auth, const char *option);

/*
 * For FLOE_DUCKDB_SET: settings that only work when the database is opened
 * (give them as open-time config, not SET).
 */
bool floe_emit__duckdb_setting_startup_only(const char *name);

#endif
