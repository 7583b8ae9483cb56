/*
 * fuzz_schema.c: libFuzzer target for the schema compiler and validator.
 * The input is a schema (JSON) and an instance, split at the first NUL or
 * else at the first "\n---\n"; the instance is read as JSON when it parses
 * as JSON, else as YAML.  "http://fuzz/self.json" resolves to the schema
 * text itself, so remote $ref is fuzzed too.  Silent.
 */
#include <stdint.h>
#include <stdlib.h>
#include <string.h>
#include "floe/load.h"
#include "floe/buf.h"
#include "floe/schema.h"

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size);

typedef struct text {
	const char *p;
	size_t n;
	const floe_limits *lim;
} text;

static int resolve(floe_doc **out, floe_diags *d, const char *uri, void *ctx)
{
	const text *t = ctx;
	if (strcmp(uri, "http://fuzz/self.json") != 0)
		return FLOE_ENOTFOUND;
	return floe_load_json(out, d, "self.json", t->p, t->n, t->lim);
}

static void visit(const floe_node *instance, const floe_node *sub, void *ctx)
{
	size_t *count = ctx;
	(*count)++;
	if (!instance || !sub)
		abort();
}

static void split(const char *p, size_t n, size_t *cut, size_t *rest)
{
	const char *nul = memchr(p, '\0', n);
	if (nul) {
		*cut = (size_t)(nul - p);
		*rest = *cut + 1;
		return;
	}
	for (size_t i = 0; i + 5 <= n; i++)
		if (memcmp(p + i, "\n---\n", 5) == 0) {
			*cut = i;
			*rest = i + 5;
			return;
		}
	*cut = *rest = n;
}

static void run(floe_schema *s, const char *p, size_t n, const floe_limits *lim)
{
	floe_doc *in = NULL;
	floe_diags *d = floe_diags_new(50), *scratch = floe_diags_new(50);
	floe_buf out = FLOE_BUF_INIT;
	size_t visits = 0;

	if (floe_load_json(&in, scratch, "in.json", p, n, lim) != 0) {
		floe_doc_free(in);
		in = NULL;
		floe_load_yaml(&in, scratch, "in.yaml", p, n, lim);
	}
	const floe_node *root = in ? in->root : NULL;
	int rc = floe_schema_validate(s, d, root);
	if (rc != 0 && rc != FLOE_EINVALID)
		abort();
	if ((rc == 0) != (floe_diags_errors(d) == 0))
		abort();
	floe_schema_annotate(s, root, visit, &visits);
	for (size_t i = 0; i < floe_diags_count(d); i++)
		floe_diag_render_one(&out, floe_diags_at(d, i), false);
	floe_buf_release(&out);
	floe_doc_free(in);
	floe_diags_free(scratch);
	floe_diags_free(d);
}

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size)
{
	const char *p = (const char *)data;
	size_t cut, rest;
	floe_limits lim;
	floe_doc *sd = NULL;
	floe_schema *s = NULL;
	floe_diags *d = floe_diags_new(50);

	floe_limits_default(&lim);
	lim.max_bytes = 1 << 20;
	lim.max_depth = 64;
	lim.max_nodes = 100000;
	lim.max_aliases = 1000;
	split(p, size, &cut, &rest);
	text self = { p, cut, &lim };
	floe_schema_opts opts = { .resolve = resolve, .resolve_ctx = &self,
				  .limits = &lim };
	if (floe_load_json(&sd, d, "schema.json", p, cut, &lim) == 0 &&
	    floe_schema_compile(&s, d, sd, &opts) == 0)
		run(s, p + rest, size - rest, &lim);
	floe_schema_free(s);
	floe_doc_free(sd);
	floe_diags_free(d);
	return 0;
}
