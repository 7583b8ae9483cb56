/*
 * fuzz_compile.c: libFuzzer target for a whole compile: project load
 * (both tiers, schemas, resolution), the model, every emitter and the
 * requirements renderers.  The input is floe.yaml and platform.yaml
 * joined by a line "#---8<---" (without it: the whole input is the
 * platform file, beside a fixed floe.yaml).  The two files live in a
 * directory on /dev/shm (memory), written afresh for each input, beside
 * empty dbt/ and incoming/ folders (what the seeds' transforms name).
 * Checks: a compile is byte-identical when repeated, manifest.json
 * parses, a failed compile has no outputs.  Silent.
 */
#include <jansson.h>
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>
#include <unistd.h>
#include "floe/compile.h"
#include "floe/project.h"

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size);

#define CUT "#---8<---\n"

static const char default_floe[] =
	"name: fuzz\nversion: \"1.0.0\"\ntransforms:\n  - type: dbt\n    path: ./dbt\n";

static const char dbt_project[] =
	"name: fuzz\nversion: \"1.0.0\"\nconfig-version: 2\nprofile: fuzz\n";

static void check(int ok)
{
	if (!ok)
		abort();
}

static const char *no_env(const char *name)
{
	(void)name;
	return NULL;
}

static char dir[64];

static void put(const char *rel, const char *text, size_t len)
{
	char path[128];
	snprintf(path, sizeof(path), "%s/%s", dir, rel);
	FILE *f = fopen(path, "wb");
	check(f != NULL);
	if (len)
		check(fwrite(text, 1, len, f) == len);
	check(fclose(f) == 0);
}

static floe_compile_result *compile(floe_project **p, floe_diags **d)
{
	floe_limits lim;
	floe_project_opts po = { .dir = dir, .env = "fuzz", .getenv = no_env,
				 .limits = &lim };
	floe_compile_result *r = NULL;

	floe_limits_default(&lim);
	lim.max_bytes = 1 << 20;
	lim.max_depth = 64;
	lim.max_nodes = 100000;
	lim.max_aliases = 1000;
	*d = floe_diags_new(50);
	if (floe_project_load(p, *d, &po) == 0 &&
	    floe_compile(&r, *d, *p, 0, NULL) != 0)
		check(floe_compile_output_count(r) == 0);
	return r;
}

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size)
{
	const char *text = (const char *)data;
	const char *cut = size ? memmem(text, size, CUT, strlen(CUT)) : NULL;
	floe_project *p1 = NULL, *p2 = NULL;
	floe_diags *d1, *d2;

	if (!dir[0]) {
		const char *base = access("/dev/shm", W_OK) == 0 ? "/dev/shm" : "/tmp";
		snprintf(dir, sizeof(dir), "%s/floe-fuzz-XXXXXX", base);
		check(mkdtemp(dir) != NULL);
		char sub[128];
		snprintf(sub, sizeof(sub), "%s/platform", dir);
		mkdir(sub, 0700);
		snprintf(sub, sizeof(sub), "%s/platform/fuzz", dir);
		mkdir(sub, 0700);
		/* the transform paths the seeds (the examples) name */
		snprintf(sub, sizeof(sub), "%s/dbt", dir);
		mkdir(sub, 0700);
		snprintf(sub, sizeof(sub), "%s/incoming", dir);
		mkdir(sub, 0700);
		put("dbt/dbt_project.yml", dbt_project, strlen(dbt_project));
	}
	if (cut) {
		put("floe.yaml", text, (size_t)(cut - text));
		cut += strlen(CUT);
		put("platform/fuzz/platform.yaml", cut, size - (size_t)(cut - text));
	} else {
		put("floe.yaml", default_floe, strlen(default_floe));
		put("platform/fuzz/platform.yaml", text, size);
	}

	floe_compile_result *r1 = compile(&p1, &d1);
	floe_compile_result *r2 = compile(&p2, &d2);
	check((r1 == NULL) == (r2 == NULL));
	check(floe_diags_errors(d1) == floe_diags_errors(d2));
	if (r1 && r2) {
		size_t n = floe_compile_output_count(r1);
		check(n == floe_compile_output_count(r2));
		for (size_t i = 0; i < n; i++) {
			const floe_output *a = floe_compile_output_at(r1, i);
			const floe_output *b = floe_compile_output_at(r2, i);
			check(strcmp(a->name, b->name) == 0 && a->len == b->len &&
			      memcmp(a->data, b->data, a->len) == 0);
			check(a->data[a->len] == '\0');
			if (strcmp(a->name, "manifest.json") == 0) {
				json_error_t err;
				json_t *j = json_loadb(a->data, a->len, 0, &err);
				check(j != NULL);
				json_decref(j);
			}
		}
		floe_buf out = FLOE_BUF_INIT;
		floe_model *m = floe_compile_model(r1);
		if (m) {
			floe_requirements_render(&out, m, FLOE_FMT_TEXT);
			floe_requirements_render(&out, m, FLOE_FMT_JSON);
		}
		floe_buf_release(&out);
	}
	floe_compile_free(r1);
	floe_compile_free(r2);
	floe_project_free(p1);
	floe_project_free(p2);
	floe_diags_free(d1);
	floe_diags_free(d2);
	return 0;
}
