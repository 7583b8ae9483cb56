/*
 * test_env.c: floe_env_prepare's rules (floe/env.h): the sealed file
 * beside the platform file, the state directory and its variable, the
 * outputs' folder (floe-runtime's layout), dbt's target and log paths,
 * names refused wherever they come from, and the DuckDB session's
 * confinement list.
 */
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>
#include <unistd.h>
#include "floe/env.h"
#include "floe/project.h"
#include "unit.h"

static char root[] = "/tmp/floe-env-XXXXXX";

static void put(const char *rel, const char *text)
{
	char path[512];
	snprintf(path, sizeof(path), "%s/%s", root, rel);
	for (char *s = path + strlen(root) + 1; *s; s++)
		if (*s == '/') {
			*s = '\0';
			mkdir(path, 0755);
			*s = '/';
		}
	FILE *f = fopen(path, "w");
	fputs(text, f);
	fclose(f);
}

static const char *vars[8][2];
static const char *fake_getenv(const char *name)
{
	for (size_t i = 0; i < 8 && vars[i][0]; i++)
		if (strcmp(vars[i][0], name) == 0)
			return vars[i][1];
	return NULL;
}

static void set_vars(const char *a, const char *av, const char *b, const char *bv)
{
	memset(vars, 0, sizeof(vars));
	vars[0][0] = a, vars[0][1] = av;
	vars[1][0] = b, vars[1][1] = bv;
}

static int prep(floe_env **e, floe_diags **d, const char *env, const char *platform,
		floe_env_step step)
{
	floe_env_opts o = { .dir = root, .env = env, .platform = platform, .step = step,
			    .getenv = fake_getenv };
	*d = floe_diags_new(0);
	return floe_env_prepare(e, &o, *d);
}

static bool has_code(floe_diags *d, const char *code)
{
	for (size_t i = 0; i < floe_diags_count(d); i++)
		if (strcmp(floe_diags_at(d, i)->code, code) == 0)
			return true;
	return false;
}

static const char platform_yaml[] =
	"version: \"1.3.0\"\n"
	"storage: {default: {type: local, path: ./w}}\n"
	"catalogs: {default: {type: duckdb, path: ./w/l.duckdb}}\n"
	"compute: {default: {type: duckdb, properties: {path: \":memory:\"}}}\n";

/* dev/platform.yaml (second in the search order): its sealed file is beside it. */
static void test_env__sealed_beside_platform(void)
{
	floe_env *e = NULL;
	floe_diags *d;
	char want[512];
	set_vars(NULL, NULL, NULL, NULL);
	CHECK_INT(prep(&e, &d, "dev", NULL, FLOE_ENV_LOCATE), 0);
	snprintf(want, sizeof(want), "%s/dev/secrets.sealed.yaml", root);
	CHECK_STR(e ? e->sealed_file : NULL, want);
	snprintf(want, sizeof(want), "%s/.floe", root);
	CHECK_STR(e ? e->state_dir : NULL, want);
	snprintf(want, sizeof(want), "%s/.floe/dev", root);
	CHECK_STR(e ? e->out_dir : NULL, want);
	floe_env_free(e);
	floe_diags_free(d);
	/* no platform file yet (secrets seal): platform/<env>/ */
	CHECK_INT(prep(&e, &d, "fresh", NULL, FLOE_ENV_LOCATE), 0);
	snprintf(want, sizeof(want), "%s/platform/fresh/secrets.sealed.yaml", root);
	CHECK_STR(e ? e->sealed_file : NULL, want);
	floe_env_free(e);
	floe_diags_free(d);
	/* ... but loading needs one */
	CHECK_INT(prep(&e, &d, "fresh", NULL, FLOE_ENV_MODEL), FLOE_EINVALID);
	CHECK(has_code(d, "resolve/platform-not-found"));
	floe_env_free(e);
	floe_diags_free(d);
}

static void test_env__state_dir(void)
{
	floe_env *e = NULL;
	floe_diags *d;
	char want[512];
	set_vars("FLOE_STATE_DIR", "/srv/state", NULL, NULL);
	CHECK_INT(prep(&e, &d, "dev", NULL, FLOE_ENV_LOCATE), 0);
	CHECK_STR(e ? e->state_dir : NULL, "/srv/state");
	CHECK_STR(e ? e->out_dir : NULL, "/srv/state/dev");
	floe_env_free(e);
	floe_diags_free(d);
	/* the option wins over the variable */
	floe_env_opts o = { .dir = root, .env = "dev", .state_dir = "/opt/s",
			    .getenv = fake_getenv };
	d = floe_diags_new(0);
	CHECK_INT(floe_env_prepare(&e, &o, d), 0);
	CHECK_STR(e ? e->out_dir : NULL, "/opt/s/dev");
	floe_env_free(e);
	floe_diags_free(d);
	/* floe-runtime's .floe/rt/platform.yaml: outputs in its compiled/ */
	set_vars(NULL, NULL, NULL, NULL);
	CHECK_INT(prep(&e, &d, "rt", NULL, FLOE_ENV_LOCATE), 0);
	snprintf(want, sizeof(want), "%s/.floe/rt/compiled", root);
	CHECK_STR(e ? e->out_dir : NULL, want);
	snprintf(want, sizeof(want), "%s/.floe/rt/secrets.sealed.yaml", root);
	CHECK_STR(e ? e->sealed_file : NULL, want);
	floe_env_free(e);
	floe_diags_free(d);
}

static void test_env__dbt_paths(void)
{
	floe_env *e = NULL;
	floe_diags *d;
	char want[512];
	set_vars("FLOE_STATE_DIR", "/srv/state", NULL, NULL);
	CHECK_INT(prep(&e, &d, "dev", NULL, FLOE_ENV_MODEL), 0);
	CHECK(e && e->target_set && e->log_set);
	CHECK_STR(e ? e->target_dir : NULL, "/srv/state/dev/target");
	CHECK_STR(e ? e->log_dir : NULL, "/srv/state/dev/logs");
	CHECK_STR(e ? e->runner.target_dir : NULL, "/srv/state/dev/target");
	CHECK_STR(e ? e->runner.target_name : NULL, "dev");
	floe_env_free(e);
	floe_diags_free(d);
	/* DBT_TARGET_PATH wins, relative to the dbt project; floe sets none */
	set_vars("FLOE_STATE_DIR", "/srv/state", "DBT_TARGET_PATH", "out/t");
	CHECK_INT(prep(&e, &d, "dev", NULL, FLOE_ENV_MODEL), 0);
	snprintf(want, sizeof(want), "%s/dbt/out/t", root);
	CHECK(e && !e->target_set && e->log_set);
	CHECK_STR(e ? e->target_dir : NULL, want);
	floe_env_free(e);
	floe_diags_free(d);
	/* dbt_project.yml's target-path wins over the state directory */
	put("dbt/dbt_project.yml", "name: p\nprofile: p\ntarget-path: mine\n");
	set_vars(NULL, NULL, NULL, NULL);
	CHECK_INT(prep(&e, &d, "dev", NULL, FLOE_ENV_MODEL), 0);
	snprintf(want, sizeof(want), "%s/dbt/mine", root);
	CHECK(e && !e->target_set);
	CHECK_STR(e ? e->target_dir : NULL, want);
	floe_env_free(e);
	floe_diags_free(d);
	put("dbt/dbt_project.yml", "name: p\nprofile: p\n");
}

/* Every source of a name: --env, --env beside --platform, its folder, the variable. */
static void test_env__names_stay_in_their_folder(void)
{
	static const char *const envs[] = { "../dbt", "..", ".x", "a/b", "" };
	floe_env *e = NULL;
	floe_diags *d;
	char plat[512];
	snprintf(plat, sizeof(plat), "%s/dev/platform.yaml", root);
	set_vars(NULL, NULL, NULL, NULL);
	for (size_t i = 0; i < sizeof(envs) / sizeof(envs[0]); i++) {
		for (int with_file = 0; with_file < 2; with_file++) {
			if (!envs[i][0] && !with_file)
				continue;  /* --env "" is refused by the option parser */
			CHECK_INT(prep(&e, &d, envs[i], with_file ? plat : NULL,
				       FLOE_ENV_LOCATE), FLOE_EINVALID);
			CHECK(has_code(d, "resolve/bad-env-name"));
			floe_env_free(e);
			floe_diags_free(d);
		}
	}
	set_vars("FLOE_PLATFORM_ENV", "../dev", NULL, NULL);
	CHECK_INT(prep(&e, &d, NULL, NULL, FLOE_ENV_LOCATE), FLOE_EINVALID);
	CHECK(has_code(d, "resolve/bad-env-name"));
	floe_env_free(e);
	floe_diags_free(d);
	/* the folder of the platform file: '.floe' needs --env */
	set_vars(NULL, NULL, NULL, NULL);
	snprintf(plat, sizeof(plat), "%s/.floe/platform.yaml", root);
	put(".floe/platform.yaml", platform_yaml);
	CHECK_INT(prep(&e, &d, NULL, plat, FLOE_ENV_LOCATE), FLOE_EINVALID);
	CHECK(has_code(d, "resolve/bad-env-name"));
	floe_env_free(e);
	floe_diags_free(d);
	CHECK_INT(prep(&e, &d, "dev", plat, FLOE_ENV_LOCATE), 0);
	floe_env_free(e);
	floe_diags_free(d);
}

static bool listed(const floe_env *e, const char *dir)
{
	for (size_t i = 0; e && i < e->session.nallowed; i++)
		if (strcmp(e->session.allowed_dirs[i], dir) == 0)
			return true;
	return false;
}

/*
 * The session's confinement (docs/secrets.md): the project, the dbt
 * project, the state and outputs' folders, the warehouse, the platform's
 * security.duckdb.allowed_directories; nothing above the project.
 */
static void test_env__confinement(void)
{
	floe_env *e = NULL;
	floe_diags *d;
	char want[1100];
	put("conf/platform.yaml",
	    "version: \"1.3.0\"\n"
	    "storage: {default: {type: local, path: /srv/wh}}\n"
	    "catalogs: {default: {type: duckdb, path: /srv/wh/l.duckdb}}\n"
	    "compute: {default: {type: duckdb, properties: {path: \":memory:\"}}}\n"
	    "security: {duckdb: {allowed_directories: [/data/shared, \"s3://other/x\"]}}\n");
	char state[512];
	snprintf(state, sizeof(state), "%s/state", root);
	set_vars("FLOE_STATE_DIR", state, NULL, NULL);
	/* only a command that resolves secrets (and so may open a session)
	 * gets the list: compile and explain do not pay for it */
	CHECK_INT(prep(&e, &d, "conf", NULL, FLOE_ENV_MODEL), 0);
	CHECK(e && !e->session.confine && e->session.nallowed == 0);
	floe_env_free(e);
	floe_diags_free(d);
	CHECK_INT(prep(&e, &d, "conf", NULL, FLOE_ENV_SECRETS), 0);
	CHECK(e && e->session.confine && e->session.nallowed > 0);
	snprintf(want, sizeof(want), "%s/", root);
	CHECK(listed(e, want));
	snprintf(want, sizeof(want), "%s/dbt/", root);
	CHECK(listed(e, want));
	snprintf(want, sizeof(want), "%s/", state);
	CHECK(listed(e, want));
	snprintf(want, sizeof(want), "%s/conf/", state);
	CHECK(listed(e, want));
	CHECK(listed(e, "/srv/wh/"));
	CHECK(listed(e, "/data/shared/"));
	CHECK(listed(e, "s3://other/x/"));
	CHECK(!listed(e, "/"));
	CHECK(!listed(e, "/tmp/"));
	CHECK(!listed(e, "/srv/"));
	floe_env_free(e);
	floe_diags_free(d);
	set_vars(NULL, NULL, NULL, NULL);
}

/* The two name rules of floe/project.h, as the header states them. */
static void test_env__name_rules(void)
{
	CHECK(floe_project_env_name_ok("prod-eu_1.x"));
	CHECK(!floe_project_env_name_ok("a b"));
	CHECK(!floe_project_env_name_ok(".."));
	CHECK(!floe_project_env_name_ok(".hidden"));
	CHECK(!floe_project_env_name_ok("a/b"));
	CHECK(!floe_project_env_name_ok(NULL));
	CHECK(floe_project_folder_name_ok("a b"));
	CHECK(!floe_project_folder_name_ok("a/b"));
	CHECK(!floe_project_folder_name_ok(".."));
	CHECK(!floe_project_folder_name_ok("x\ny"));
	CHECK(!floe_project_folder_name_ok(NULL));
}

int main(void)
{
	if (!mkdtemp(root))
		return 1;
	put("floe.yaml", "name: p\nversion: \"1.0.0\"\ntransforms:\n  - type: dbt\n    path: ./dbt\n");
	put("dbt/dbt_project.yml", "name: p\nprofile: p\n");
	put("dev/platform.yaml", platform_yaml);
	put(".floe/rt/platform.yaml", platform_yaml);
	RUN(test_env__sealed_beside_platform);
	RUN(test_env__state_dir);
	RUN(test_env__dbt_paths);
	RUN(test_env__names_stay_in_their_folder);
	RUN(test_env__confinement);
	RUN(test_env__name_rules);
	char cmd[600];
	snprintf(cmd, sizeof(cmd), "rm -rf '%s'", root);
	if (system(cmd) != 0)
		fprintf(stderr, "cannot remove %s\n", root);
	return unit_done("env");
}
