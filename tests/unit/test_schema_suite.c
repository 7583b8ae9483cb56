/*
 * test_schema_suite.c: runs the JSON-Schema-Test-Suite (draft7, its
 * optional tests and optional/format tests) against floe's validator, and
 * checks the built-in draft-07 metaschema against itself.  Usage:
 *   test_schema_suite [-v] [-l] [SUITE_ROOT]   (default /usr/share/json-schema-test-suite)
 * -l compiles the schemas lazily (floe_schema_opts.lazy): the same results
 * show that filling subschemas on first use changes nothing.
 * Only failures of the required tests (and the metaschema) fail the exit code.
 */
#include <dirent.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include "floe/load.h"
#include "floe/buf.h"
#include "floe/schema.h"
#include "util/util.h"

#define REMOTE "http://localhost:1234/"

typedef struct tally {
	int passed, failed;
} tally;

static bool verbose, lazy;

static void show_diags(const floe_diags *d)
{
	floe_buf b = FLOE_BUF_INIT;
	for (size_t i = 0; i < floe_diags_count(d); i++)
		floe_diag_render_one(&b, floe_diags_at(d, i), false);
	fputs(floe_buf_cstr(&b), stdout);
	floe_buf_release(&b);
}

/* http://localhost:1234/X is the suite's remotes/X. */
static int resolve(floe_doc **out, floe_diags *d, const char *uri, void *ctx)
{
	const char *root = ctx;
	if (strncmp(uri, REMOTE, strlen(REMOTE)) != 0)
		return FLOE_ENOTFOUND;
	floe_buf path = FLOE_BUF_INIT;
	floe_buf_printf(&path, "%s/remotes/%s", root, uri + strlen(REMOTE));
	int rc = floe_load_file(out, d, path.ptr, NULL, NULL);
	floe_buf_release(&path);
	return rc;
}

static const char *text_of(const floe_node *group, const char *key)
{
	const floe_node *n = floe_node_get(group, key);
	return n && n->kind == FLOE_NODE_STRING ? n->text : "?";
}

static void run_test(const floe_schema *s, const char *file,
		     const floe_node *group, const floe_node *test, tally *t)
{
	const floe_node *data = floe_node_get(test, "data");
	const floe_node *valid = floe_node_get(test, "valid");
	floe_diags *d = floe_diags_new(0);
	bool got = floe_schema_validate(s, d, data) == 0;
	bool want = valid && valid->kind == FLOE_NODE_BOOL && valid->v.b;

	if (got == want && (got || floe_diags_count(d) > 0)) {
		t->passed++;
	} else {
		t->failed++;
		printf("FAIL %s: %s: %s (expected %s%s)\n", file,
		       text_of(group, "description"), text_of(test, "description"),
		       want ? "valid" : "invalid",
		       got == want ? ", but no diagnostic" : "");
		if (verbose)
			show_diags(d);
	}
	floe_diags_free(d);
}

static void run_group(const floe_doc *doc, const char *root, const char *file,
		      const floe_node *group, tally *t)
{
	const floe_node *tests = floe_node_get(group, "tests");
	floe_doc sub = *doc;
	floe_schema_opts opts = { .resolve = resolve, .resolve_ctx = (void *)root,
				  .lazy = lazy };
	floe_schema *s = NULL;
	floe_diags *d = floe_diags_new(0);

	sub.root = floe_node_get(group, "schema");
	if (floe_schema_compile(&s, d, &sub, &opts) != 0) {
		printf("FAIL %s: %s: schema does not compile\n", file,
		       text_of(group, "description"));
		show_diags(d);
		t->failed += tests ? (int)tests->len : 1;
	} else {
		for (size_t i = 0; tests && i < tests->len; i++)
			run_test(s, file, group, tests->items[i], t);
	}
	floe_schema_free(s);
	floe_diags_free(d);
}

static void run_file(const char *root, const char *path, const char *name,
		     tally *t)
{
	floe_doc *doc = NULL;
	floe_diags *d = floe_diags_new(0);
	if (floe_load_file(&doc, d, path, name, NULL) != 0 || !doc->root) {
		printf("FAIL %s: does not load\n", name);
		show_diags(d);
		t->failed++;
	} else {
		for (size_t i = 0; i < doc->root->len; i++)
			run_group(doc, root, name, doc->root->items[i], t);
	}
	floe_doc_free(doc);
	floe_diags_free(d);
}

static int cmp_str(const void *a, const void *b)
{
	return strcmp(*(char *const *)a, *(char *const *)b);
}

/* Every *.json directly in root/dir, in name order. */
static tally run_dir(const char *root, const char *dir)
{
	tally t = { 0, 0 };
	floe_vec names = FLOE_VEC_INIT;
	floe_buf path = FLOE_BUF_INIT;
	floe_buf_printf(&path, "%s/%s", root, dir);
	DIR *dd = opendir(path.ptr);
	struct dirent *e;

	while (dd && (e = readdir(dd)))
		if (floe_str_endswith(e->d_name, ".json"))
			floe_vec_push(&names, floe_xstrdup(e->d_name));
	if (dd)
		closedir(dd);
	else
		t.failed++, printf("FAIL %s: no such directory\n", path.ptr);
	qsort(names.items, names.len, sizeof(char *), cmp_str);
	for (size_t i = 0; i < names.len; i++) {
		floe_buf file = FLOE_BUF_INIT, name = FLOE_BUF_INIT;
		floe_buf_printf(&file, "%s/%s", path.ptr, (char *)names.items[i]);
		floe_buf_printf(&name, "%s/%s", dir, (char *)names.items[i]);
		run_file(root, file.ptr, name.ptr, &t);
		floe_buf_release(&file);
		floe_buf_release(&name);
		free(names.items[i]);
	}
	floe_vec_release(&names);
	floe_buf_release(&path);
	return t;
}

/* The metaschema is a schema, so it must validate itself. */
static bool metaschema_self_check(void)
{
	size_t len;
	const char *text = floe_schema_draft07(&len);
	floe_doc *doc = NULL;
	floe_schema *s = NULL;
	floe_diags *d = floe_diags_new(0);
	floe_schema_opts opts = { .lazy = lazy };
	bool ok = text && floe_load_json(&doc, d, "json-schema-draft-07.json",
					      text, len, NULL) == 0 &&
		  floe_schema_compile(&s, d, doc, &opts) == 0 &&
		  floe_schema_validate(s, d, doc->root) == 0;
	if (!ok) {
		printf("FAIL the draft-07 metaschema does not validate itself\n");
		show_diags(d);
	}
	floe_schema_free(s);
	floe_doc_free(doc);
	floe_diags_free(d);
	return ok;
}

int main(int argc, char **argv)
{
	const char *root = "/usr/share/json-schema-test-suite";
	for (int i = 1; i < argc; i++) {
		if (strcmp(argv[i], "-v") == 0)
			verbose = true;
		else if (strcmp(argv[i], "-l") == 0)
			lazy = true;
		else
			root = argv[i];
	}
	bool meta = metaschema_self_check();
	tally req = run_dir(root, "tests/draft7");
	tally opt = run_dir(root, "tests/draft7/optional");
	tally fmt = run_dir(root, "tests/draft7/optional/format");
	printf("schema suite draft7: %d passed, %d failed\n", req.passed, req.failed);
	printf("schema suite draft7 optional: %d passed, %d failed\n",
	       opt.passed, opt.failed);
	printf("schema suite draft7 format: %d passed, %d failed\n",
	       fmt.passed, fmt.failed);
	return req.failed || !meta ? 1 : 0;
}
