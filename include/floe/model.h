/*
 * floe/model.h: the resolved model of one environment.
 *
 * floe.yaml and the environment's platform.yaml, merged: every value the
 * environment resolves to, with defaults filled in and derived values
 * (sizing, data paths, extensions, catalog URIs) computed, each carrying
 * where it came from and what it shadowed.  Beside the tree: the secrets
 * the environment needs, the container environment, the run-time
 * requirements and (after floe_compile) the generated lines that use each
 * value.  `explain`, `diff`, `exec`, `run` and `requirements` read it; none
 * of them re-derives anything.  docs/compile.md describes the concepts.
 *
 * The tree's JSON pointers are exactly the paths of manifest.json's
 * "resolved" section:
 *
 *   /environment                  the environment compiled
 *   /project/{name,version,storage,catalog,compute,...}   floe.yaml
 *   /platform_version             platform.yaml's version
 *   /storage/<name>/...           every storage profile the env uses
 *   /catalogs/<name>/...          every catalog profile it uses
 *   /compute/<name>/...           the compute profile (sizing resolved)
 *   /infrastructure/resource_profiles/<name>/...  the one compute uses
 *   /layers/<name>/...            platform layers
 *   /transforms/<i>/...           floe.yaml transforms
 *   /observability/...            floe.yaml's, overridden by platform's
 *   /security/secret_backends/... where secret files are mounted
 *
 * A value written in an input keeps that input's pointer below the
 * section (platform /catalogs/default/uri is model /catalogs/default/uri;
 * floe.yaml /name is model /project/name).  Secrets are references only:
 * no value is ever read here.
 *
 * Memory: everything lives in the model's arena.  The model borrows the
 * project's documents (spans, nodes): free the model before the project.
 */
#ifndef FLOE_MODEL_H
#define FLOE_MODEL_H

#include <stdbool.h>
#include "floe/common.h"
#include "floe/diag.h"
#include "floe/doc.h"
#include "floe/project.h"

typedef enum floe_mval_kind {
	FLOE_MV_NULL = 0,
	FLOE_MV_BOOL,
	FLOE_MV_INT,
	FLOE_MV_FLOAT,
	FLOE_MV_STRING,
	FLOE_MV_SEQ,
	FLOE_MV_MAP,
	FLOE_MV_SECRET,   /* a {secret_ref, key} reference: see `secret` */
} floe_mval_kind;

typedef enum floe_origin_kind {
	FLOE_ORIGIN_EXPLICIT = 0,  /* written in an input file */
	FLOE_ORIGIN_DEFAULT,       /* a schema default or a floe default */
	FLOE_ORIGIN_DERIVED,       /* computed from other values */
} floe_origin_kind;

typedef struct floe_mval floe_mval;
typedef struct floe_msecret floe_msecret;

/*
 * Where a value came from.
 *   EXPLICIT: span is the value as written, node the input node (its JSON
 *             pointer in that file is floe_node_pointer(node)).
 *   DEFAULT:  note says which default: "schema default" or
 *             "floe default: <why>".
 *   DERIVED:  note says how, e.g. "67% of resources.limits.memory '4Gi'",
 *             and from[] lists the model values it was computed from
 *             (follow their origins for file:line:col).
 */
typedef struct floe_origin {
	floe_origin_kind kind;
	floe_span span;
	const floe_node *node;
	const char *note;
	const floe_mval *const *from;
	size_t nfrom;
} floe_origin;

/* A candidate that lost to the value: its text, origin and why it lost. */
typedef struct floe_shadow {
	struct floe_shadow *next;
	const char *text;
	floe_origin origin;
	const char *why;
} floe_shadow;

/*
 * A resolved value.  Maps keep insertion order (inputs' order, then
 * defaults and derived members in a fixed order); items[i]->key is the
 * key of member i.
 */
struct floe_mval {
	uint8_t kind;                /* floe_mval_kind */
	floe_mval *parent;           /* NULL for the root */
	const char *key;             /* a map member's key, else NULL */
	uint32_t index;              /* position in the parent */
	/*
	 * Scalars: STRING the string; BOOL "true"/"false"; INT and FLOAT
	 * their shortest text; NULL "null"; SECRET "secret_ref NAME" or
	 * "secret_ref NAME key KEY".  NULL for SEQ and MAP.
	 */
	const char *text;
	union {
		bool b;
		int64_t i;
		double d;
		uint32_t *kx;        /* MAP of many keys: a hash index (model.c) */
	} v;
	floe_mval **items;           /* SEQ, MAP */
	size_t len, cap;
	const floe_msecret *secret;  /* SECRET */
	floe_origin origin;
	floe_shadow *shadowed;       /* most recent first */
};

/*
 * A secret the environment needs.  At run time its value is the
 * environment variable `env` (product.md's rule), a file, or a sealed
 * entry; attach.sql reads it with getvariable('<env>'), profiles.yml with
 * env_var('<env>'); Kubernetes passes it from Secret k8s_name, key
 * k8s_key (docs/compile.md).
 */
struct floe_msecret {
	const char *name;
	const char *key;          /* NULL: no key selector */
	const char *env;          /* POLARIS_CLIENT_SECRET: also the DuckDB variable */
	const char *k8s_name;     /* polaris-client-secret */
	const char *k8s_key;      /* the key, else the secret's own name */
	const floe_mval **used_by;  /* the values that reference it */
	size_t nused;
};

/* One variable of the container environment (container.env, k8s-env.yaml). */
typedef struct floe_menv {
	const char *name;
	const char *value;           /* NULL for a secret */
	const floe_msecret *secret;  /* set for a secret: passed, never written */
	const floe_mval *from;       /* the model value it carries */
} floe_menv;

typedef enum floe_req_kind {
	FLOE_REQ_ENV = 0,     /* a variable of the container environment */
	FLOE_REQ_SECRET,      /* a secret reference */
	FLOE_REQ_FILE,        /* a file or directory */
	FLOE_REQ_EXTENSION,   /* a DuckDB extension */
} floe_req_kind;

/* What the environment needs at run time (`floe requirements`). */
typedef struct floe_mreq {
	floe_req_kind kind;
	const char *name;     /* variable, secret name, path (as written), extension */
	/*
	 * ENV: its value, NULL for a secret; SECRET: the variable it maps to;
	 * FILE: "read", "write" (created when missing) or "dir";
	 * EXTENSION: its repository ("community"), NULL for core.
	 */
	const char *detail;
	const char *key;      /* SECRET: the key selector, else NULL */
	const char *why;      /* one line, e.g. "catalog 'default' (a DuckDB file)" */
	const floe_mval *from;
} floe_mreq;

/* A generated line that uses a value (recorded by floe_compile). */
typedef struct floe_muse {
	const char *file;     /* output name: "attach.sql" */
	uint32_t line;        /* 1-based */
	const floe_mval *value;
} floe_muse;

typedef struct floe_model floe_model;

typedef struct floe_model_opts {
	/*
	 * Where profiles.yml will be, as the container sees it (the value of
	 * DBT_PROFILES_DIR); NULL: ".floe/<env>".
	 */
	const char *profiles_dir;
} floe_model_opts;

/*
 * Build the model of environment `env` of a loaded project (which must
 * have loaded without errors).  Problems found while deriving (memory
 * above the container's limit, ...) are diagnostics in `d` and give
 * FLOE_EINVALID, *out still set.  The caller owns *out (floe_model_free);
 * `o` may be NULL.
 */
int floe_model_build(floe_model **out, floe_diags *d, const floe_project *p,
		     size_t env, const floe_model_opts *o);
void floe_model_free(floe_model *m); /* accepts NULL */

const floe_mval *floe_model_root(const floe_model *m);
const char *floe_model_env_name(const floe_model *m);
const floe_project *floe_model_project(const floe_model *m);
size_t floe_model_env_index(const floe_model *m);
/* The model's arena: callers may allocate there (it dies with the model). */
floe_arena *floe_model_arena(floe_model *m);

/*
 * A value by path: a JSON pointer ("/catalogs/default/uri", "" the root)
 * or dotted ("catalogs.default.uri"; a key holding '.' is matched whole,
 * "observability.attributes.service.name").  NULL when nothing is there.
 */
const floe_mval *floe_model_get(const floe_model *m, const char *path);
/* A member of a map, an item of a sequence; NULL when absent. */
const floe_mval *floe_mval_get(const floe_mval *map, const char *key);
/* The JSON pointer of a value in the model, allocated in the model's arena. */
const char *floe_mval_pointer(floe_model *m, const floe_mval *v);
/* STRING: the string; else NULL. */
const char *floe_mval_str(const floe_mval *v);

const char *floe_origin_kind_name(floe_origin_kind kind); /* "explicit", ... */
const char *floe_mval_kind_name(floe_mval_kind kind);

/* Secrets, sorted by variable name. */
size_t floe_model_secret_count(const floe_model *m);
const floe_msecret *floe_model_secret_at(const floe_model *m, size_t i);

/*
 * The container environment, in output order: plain variables sorted by
 * name, then secrets sorted by name.
 */
size_t floe_model_env_count(const floe_model *m);
const floe_menv *floe_model_env_at(const floe_model *m, size_t i);

/* Requirements, grouped by kind (env, secret, file, extension). */
size_t floe_model_req_count(const floe_model *m);
const floe_mreq *floe_model_req_at(const floe_model *m, size_t i);

/*
 * Uses: recorded by the emitters of floe_compile, grouped by output file,
 * lines increasing within a file.  A model built without compiling has
 * none.  `file` must live as long as the model (a string constant).
 */
void floe_model_use(floe_model *m, const char *file, uint32_t line,
		    const floe_mval *v);
size_t floe_model_use_count(const floe_model *m);
const floe_muse *floe_model_use_at(const floe_model *m, size_t i);
/*
 * True when `v` is `under` or inside it (a use of /catalogs/default/uri is
 * a use of /catalogs/default too).
 */
bool floe_mval_within(const floe_mval *v, const floe_mval *under);

#endif
