/*
 * internal.h: what the lint module's files share: the rule ids, the lint
 * configuration, the run context and the reporting helpers that apply the
 * configuration, inline suppressions, ignored paths and credential masking.
 * Not a public header.
 */
#ifndef FLOE_LINT_INTERNAL_H
#define FLOE_LINT_INTERNAL_H

#include <stdbool.h>
#include "floe/doc.h"
#include "floe/lint.h"
#include "util/util.h"

/* Indexes into the rule table of lint.c, in the same order. */
enum lint_rule {
	R_LITERAL_CREDENTIAL,
	R_PLAIN_HTTP,
	R_TLS_DISABLED,
	R_DUCKDB_MEMORY_OVER_LIMIT,
	R_IN_MEMORY_COMPUTE,
	R_CATALOG_BYPASS,
	R_MISSING_PROFILE,
	R_PROD_RETENTION,
	R_PROD_OBSERVABILITY,
	R_PROD_LOCAL_STORAGE,
	R_UNUSED_STORAGE,
	R_SHARED_RECIPIENT,
	R_ICEBERG_VIEW,
	R__COUNT
};

#define LINT_OFF (-1)

struct lint_config {
	int level[R__COUNT];     /* a floe_severity, or LINT_OFF */
	floe_vec ignore;         /* const char *: path patterns */
	floe_vec local_envs;     /* const char *: name patterns */
	floe_vec prod_envs;
	bool has_local, has_prod;
};

/* One inline "floe-lint:" directive of a file. */
struct lint_sup {
	uint32_t line;           /* the line it applies to; 0: the whole file */
	bool all;                /* no ids: every rule */
	bool rules[R__COUNT];
};

enum lint_file_kind { LF_YAML, LF_SQL };

/* A file lint reports into. */
struct lint_file {
	const floe_source *src;  /* as loaded */
	floe_source *masked;     /* a copy with credentials masked, or NULL */
	const char *path;        /* relative to the project, for `ignore` */
	enum lint_file_kind kind;
	bool ignored;
	struct lint_sup *sups;
	size_t nsups;
};

struct cred_matcher;

struct lint_ctx {
	floe_diags *d;
	const floe_project *p;
	floe_arena *a;           /* scratch, freed at the end of the run */
	const floe_limits *lim;
	struct lint_config cfg;
	struct cred_matcher *cred;
	floe_vec files;          /* struct lint_file * */
	floe_vec dbt;            /* struct dbt_file * (dbt.c) */
	floe_vec hits;           /* credential hits (cred.c) */
	/* the environment being linted */
	const char *env_name;
	const floe_doc *env_doc;
	bool env_local, env_prod;
};

/* lint.c: reporting.  NULL when the rule is off, the line is suppressed or
 * the file ignored.  `at` gives the JSON pointer (may be NULL). */
floe_diag *floe_lint__report(struct lint_ctx *c, enum lint_rule r, const floe_span *s,
		       const floe_node *at, const char *fmt, ...)
	__attribute__((format(printf, 5, 6)));
/* Whether a finding of rule `r` at `s` would be reported. */
bool floe_lint__enabled(struct lint_ctx *c, enum lint_rule r, const floe_span *s);
void floe_lint__note(struct lint_ctx *c, floe_diag *g, const floe_span *s,
	       const char *fmt, ...)
	__attribute__((format(printf, 4, 5)));
struct lint_file *floe_lint__file_add(struct lint_ctx *c, const floe_source *src,
				enum lint_file_kind kind);
/* The span of a whole file (line 0). */
floe_span floe_lint__file_span(const floe_source *src);
/* A map key's name for messages: the key of `n`'s nearest map ancestor. */
const char *floe_lint__key_of(const floe_node *n);
/* `url` for messages: user info, query and fragment removed. */
const char *floe_lint__url_display(floe_arena *a, const char *url);

/* config.c */
void floe_lint__config_defaults(struct lint_config *cfg);
int floe_lint__config_load(struct lint_config *cfg, floe_diags *d, floe_arena *a,
		     const char *path, const floe_limits *lim);
/* Scan a file's text for "floe-lint:" directives (bad ids are warnings). */
void floe_lint__scan_directives(struct lint_ctx *c, struct lint_file *f);
bool floe_lint__path_ignored(const struct lint_config *cfg, const char *path);
bool floe_lint__name_matches(const floe_vec *pats, const char *name);
/* Rule index of `id` ("lint/" prefix allowed), or -1. */
int floe_lint__rule_index(const char *id);

/* cred.c: literal credentials. */
struct cred_matcher *floe_lint__cred_matcher_new(void);
void floe_lint__cred_matcher_free(struct cred_matcher *m);
/*
 * What the scalar `value` at map key `key` (may be NULL) looks like
 * ("an AWS access key id"), or NULL when it does not look like a literal
 * credential.
 */
const char *floe_lint__cred_check(struct cred_matcher *m, const char *key,
		       const char *value, size_t len);
/* Record a hit at `span` (masked in output) and report it. */
void floe_lint__cred_hit(struct lint_ctx *c, const floe_span *span, const floe_node *at,
	      const char *subject, const char *what, bool dbt);
/* Check every scalar of a document. */
void floe_lint__cred_scan_doc(struct lint_ctx *c, const floe_doc *doc, bool dbt);
/* Give each file with hits a masked copy, then report the hits. */
void floe_lint__cred_flush(struct lint_ctx *c);
double floe_lint__cred_entropy(const char *s, size_t n);

/* platform.c, compute.c: rules over one environment (c->env_*). */
void floe_lint__platform_env(struct lint_ctx *c);
void floe_lint__compute_env(struct lint_ctx *c);
/* sealed.c: environments whose sealed files share a recipient. */
void floe_lint__shared_recipients(struct lint_ctx *c);
void floe_lint__missing_profiles(struct lint_ctx *c);
/*
 * A memory size: DuckDB's (4GB, 3.5 GiB, 512MiB, 100 bytes) or a
 * Kubernetes quantity (4Gi, 4G, 1e9).  Units without 'i' are powers of
 * 1000.  *milli is set for a Kubernetes "m" suffix (milli-bytes).
 */
bool floe_lint__parse_size(const char *s, double *bytes, bool *milli);

/* dbt.c: the dbt projects of floe.yaml's transforms. */
void floe_lint__dbt_collect(struct lint_ctx *c);
void floe_lint__dbt_creds(struct lint_ctx *c);
void floe_lint__dbt_bypass(struct lint_ctx *c);
/* Models materialized as views in a catalog DuckDB attaches through iceberg. */
void floe_lint__dbt_views(struct lint_ctx *c);

/* One string literal of a {{ config(...) }} call in a .sql file. */
struct sql_lit {
	const char *key;         /* the keyword argument or dict key, or NULL */
	const char *val;         /* decoded */
	size_t off, end;         /* bytes of the literal, quotes included */
};
/* Every string literal in the config() calls of `text`; allocated in `a`. */
size_t floe_lint__sql_config_literals(floe_arena *a, const char *text, size_t len,
				struct sql_lit **out);

#endif
