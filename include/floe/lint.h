/*
 * floe/lint.h: platform policy rules over a loaded, valid project.
 *
 * Each rule has a stable id ("plain-http"), a default severity and reports
 * through floe_diags with the code "lint/<id>", a position, a message and a
 * fix hint.  A project can turn rules off or re-level them in
 * .floe-lint.yaml beside floe.yaml, and silence one line with a
 * "floe-lint: disable=<id>" comment.  docs/lint.md lists every rule.
 */
#ifndef FLOE_LINT_H
#define FLOE_LINT_H

#include "floe/diag.h"
#include "floe/project.h"

typedef struct floe_lint_rule {
	const char *id;          /* stable: "literal-credential" */
	floe_severity severity;  /* the default */
	const char *summary;     /* one line, for --list-rules */
} floe_lint_rule;

/* The rules, in documentation order; the table is static. */
size_t floe_lint_rule_count(void);
const floe_lint_rule *floe_lint_rule_at(size_t i);
/* The rule named `id` (with or without "lint/"), or NULL. */
const floe_lint_rule *floe_lint_rule_find(const char *id);

typedef struct floe_lint_opts {
	/* The config file; NULL: .floe-lint.yaml in the project directory when it exists. */
	const char *config;
	const floe_limits *limits;  /* NULL: defaults */
} floe_lint_opts;

/*
 * Run every enabled rule over the environments loaded in `p` (which should
 * have passed validation), floe.yaml and the dbt projects it names.
 * Findings and config problems are diagnostics in `d`.  Returns 0 when the
 * rules ran (whatever they found), FLOE_EINVALID when the config file has
 * problems (then no rule ran), FLOE_ERROR when the credential patterns did
 * not compile.
 */
int floe_lint_run(floe_diags *d, const floe_project *p,
		  const floe_lint_opts *opts);

#endif
