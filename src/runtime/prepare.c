/*
 * prepare.c: floe_env_prepare, the one place that decides where an
 * environment's files are and what its run is given (floe/env.h; the
 * rules are stated there and in docs/compile.md, "Where floe writes").
 */
#include <limits.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <unistd.h>
#include "floe/load.h"
#include "floe/compile.h"
#include "floe/env.h"
#include "floe/secrets.h"
#include "env_impl.h"
#include "util/util.h"

struct floe_env_impl {
	floe_arena *a;
	floe_launch_env *vars;
	floe_session_setting offline[1];
};

static const char *real_getenv(const char *name)
{
	return getenv(name);
}

static const char *get(const floe_env_opts *o, const char *name)
{
	const char *v = (o->getenv ? o->getenv : real_getenv)(name);
	return v && v[0] ? v : NULL;
}

/* `path` made absolute against the working directory (not resolved). */
static const char *absolute(floe_arena *a, const char *path)
{
	char cwd[PATH_MAX];
	if (path[0] == '/' || !getcwd(cwd, sizeof(cwd)))
		return path;
	return floe_path_join(a, cwd, path);
}

/* ---- FLOE_ENV_LOCATE ---- */

static int locate(floe_env *e, const floe_env_opts *o, floe_diags *d)
{
	floe_arena *a = e->impl->a;
	floe_project_opts po = { .dir = o->dir, .env = o->env, .platform = o->platform,
				 .limits = o->limits, .getenv = o->getenv };
	const char *name, *file;

	e->project_dir = o->dir ? o->dir : ".";
	if (o->state_dir)
		e->state_dir = o->state_dir;
	else if (get(o, "FLOE_STATE_DIR"))
		e->state_dir = get(o, "FLOE_STATE_DIR");
	else
		e->state_dir = floe_path_join(a, e->project_dir, ".floe");
	if (!e->state_dir[0]) {
		floe_error_set("the state directory is an empty path");
		return FLOE_EUSAGE;
	}
	int rc;
	if (o->step == FLOE_ENV_LOCATE && !o->platform && !get(o, "FLOE_PLATFORM_FILE")) {
		/*
		 * `floe secrets seal` may start the sealed file of an environment
		 * with no platform file yet: where that is expected first,
		 * platform/<env>/.  A bad name is still refused.
		 */
		floe_diags *scratch = floe_diags_new(4);
		rc = floe_project_locate(a, scratch, &po, &name, &file);
		floe_diags_free(scratch);
		const char *n = o->env ? o->env : get(o, "FLOE_PLATFORM_ENV") ?
			get(o, "FLOE_PLATFORM_ENV") : "local";
		if (rc == FLOE_EINVALID && floe_project_env_name_ok(n)) {
			name = n;
			file = floe_path_join(a, e->project_dir,
				floe_arena_printf(a, "platform/%s/platform.yaml", n));
			rc = 0;
		} else if (rc == FLOE_EINVALID) {
			rc = floe_project_locate(a, d, &po, &name, &file);
		}
	} else {
		rc = floe_project_locate(a, d, &po, &name, &file);
	}
	if (rc)
		return rc;
	e->name = name;
	e->platform_file = file;
	e->sealed_file = floe_project_sealed_path(a, file);
	if (o->out) {
		e->out_dir = o->out;
	} else {
		const char *home = floe_path_join(a, e->state_dir, name);
		/* floe-runtime's .floe/<env>/platform.yaml: not floe's to replace */
		bool runtime_layout = floe_fs_exists(floe_path_join(a, home, "platform.yaml"));
		e->out_dir = runtime_layout ? floe_path_join(a, home, "compiled") : home;
	}
	return 0;
}

/* ---- FLOE_ENV_MODEL ---- */

__attribute__((format(printf, 3, 4)))
static const char *mstr(const floe_model *m, floe_arena *a, const char *fmt, ...)
{
	va_list ap;
	va_start(ap, fmt);
	const char *path = floe_arena_vprintf(a, fmt, ap);
	va_end(ap);
	return floe_mval_str(floe_model_get(m, path));
}

/*
 * dbt's target and log paths: $DBT_<X>_PATH, else dbt_project.yml's
 * <x>-path, both relative to the dbt project; else <state>/<env>/<x>.
 */
static void dbt_paths(floe_env *e, const floe_env_opts *o)
{
	floe_arena *a = e->impl->a;
	const char *abs_dbt = absolute(a, e->dbt_dir);
	const char *yml_target = NULL, *yml_log = NULL;
	floe_doc *doc = NULL;
	floe_diags *scratch = floe_diags_new(1);  /* the runner reports its problems */
	const char *yml = floe_path_join(a, e->dbt_dir, "dbt_project.yml");

	if (floe_fs_exists(yml) && floe_load_file(&doc, scratch, yml, NULL, o->limits) == 0 &&
	    doc && doc->root) {
		floe_node_as_string(floe_node_get(doc->root, "target-path"), &yml_target);
		floe_node_as_string(floe_node_get(doc->root, "log-path"), &yml_log);
		yml_target = yml_target ? floe_arena_strdup(a, yml_target) : NULL;
		yml_log = yml_log ? floe_arena_strdup(a, yml_log) : NULL;
	}
	floe_doc_free(doc);
	floe_diags_free(scratch);

	const char *home = absolute(a, floe_path_join(a, e->state_dir, e->name));
	const char *t = get(o, "DBT_TARGET_PATH") ? get(o, "DBT_TARGET_PATH") : yml_target;
	const char *l = get(o, "DBT_LOG_PATH") ? get(o, "DBT_LOG_PATH") : yml_log;
	e->target_set = !t;
	e->log_set = !l;
	e->target_dir = t ? floe_path_join(a, abs_dbt, t) : floe_path_join(a, home, "target");
	e->log_dir = l ? floe_path_join(a, abs_dbt, l) : floe_path_join(a, home, "logs");
}

static int model(floe_env *e, const floe_env_opts *o, floe_diags *d)
{
	floe_project_opts po = { .dir = o->dir, .env = o->env, .platform = o->platform,
				 .limits = o->limits, .getenv = o->getenv };
	int rc = floe_project_load(&e->project, d, &po);

	if (rc && rc != FLOE_EINVALID) {
		char why[512];
		snprintf(why, sizeof(why), "%s", floe_error_last());
		floe_error_set("cannot load the project: %s", why);
		return rc;
	}
	if (floe_diags_errors(d) || floe_project_env_count(e->project) != 1)
		return FLOE_EINVALID;
	if (o->step == FLOE_ENV_MODEL) {
		floe_model_opts mo = { .profiles_dir = e->out_dir };
		rc = floe_model_build(&e->model, d, e->project, 0, &mo);
		if (rc == FLOE_EINVALID || floe_diags_errors(d))
			return FLOE_EINVALID;
		if (rc)
			return rc;
	}
	return 0;
}

/* What the model says about the rest: mount, dbt project, session, runner. */
static void from_model(floe_env *e, const floe_env_opts *o)
{
	floe_arena *a = e->impl->a;
	const floe_model *m = e->model;
	const char *compute = mstr(m, a, "/project/compute");
	const char *catalog = mstr(m, a, "/project/catalog");
	const char *dir = mstr(m, a, "/transforms/0/path");
	const char *threads = NULL;

	e->mount_dir = mstr(m, a, "/security/secret_backends/kubernetes/mount_path");
	/* transforms' paths are relative to the project */
	e->dbt_dir = dir ? floe_path_join(a, e->project_dir, dir) : e->project_dir;
	dbt_paths(e, o);

	floe_session_spec *s = &e->session;
	for (size_t i = 0; i < floe_model_env_count(m); i++) {
		const floe_menv *v = floe_model_env_at(m, i);
		if (!v->value)
			continue;
		if (strcmp(v->name, "DUCKDB_MEMORY_LIMIT") == 0)
			s->memory_limit = v->value;
		else if (strcmp(v->name, "DUCKDB_THREADS") == 0)
			s->threads = threads = v->value;
		else if (strcmp(v->name, "DUCKDB_TEMP_DIRECTORY") == 0)
			s->temp_directory = v->value;
	}
	s->path = compute ? mstr(m, a, "/compute/%s/properties/path", compute) : NULL;
	/* no network here to wait for: fail at once, by name */
	e->impl->offline[0] = (floe_session_setting){ "autoinstall_known_extensions", "false" };
	s->settings = e->impl->offline;
	s->nsettings = get(o, "FLOE_DUCKDB_AUTOINSTALL") ? 0 : 1;
	if (e->result) {
		const floe_output *attach = floe_compile_output(e->result, "attach.sql");
		s->attach_sql = attach ? attach->data : NULL;
	}
	/* after attach.sql, a model reaches only these (docs/secrets.md); only
	 * commands that open a session resolve secrets, and only they need it */
	if (o->step >= FLOE_ENV_SECRETS) {
		s->confine = true;
		s->allowed_dirs = floe_runtime__confine_dirs(a, &s->nallowed, e);
	}

	floe_runner_opts *r = &e->runner;
	/* models land where attach.sql attached the catalog */
	r->database = NULL;
	if (catalog) {
		floe_buf alias = FLOE_BUF_INIT;
		r->database = floe_arena_strdup(a, floe_compile_catalog_alias(&alias, catalog));
		floe_buf_release(&alias);
	}
	r->schema = catalog ? mstr(m, a, "/catalogs/%s/namespace", catalog) : NULL;
	r->target_name = floe_model_env_name(m);
	r->threads = threads ? (unsigned)strtoul(threads, NULL, 10) : 1;
	r->limits = o->limits;
	r->target_dir = e->target_dir;
}

/* ---- FLOE_ENV_WRITE ---- */

static int write_outputs(floe_env *e, floe_diags *d)
{
	floe_compile_opts co = { .out_dir = e->out_dir };
	int rc = floe_compile(&e->result, d, e->project, 0, &co);
	if (rc == FLOE_EINVALID || floe_diags_errors(d))
		return FLOE_EINVALID;
	if (rc) {
		char why[512];
		snprintf(why, sizeof(why), "%s", floe_error_last());
		floe_error_set("cannot compile: %s", why);
		return rc;
	}
	e->model = floe_compile_model(e->result);
	if ((rc = floe_compile_write(e->result, e->out_dir)) != 0) {
		char why[512];
		snprintf(why, sizeof(why), "%s", floe_error_last());
		floe_error_set("cannot write the outputs: %s", why);
		return rc;
	}
	return 0;
}

/* ---- FLOE_ENV_SECRETS ---- */

static int resolve_secrets(floe_env *e, const floe_env_opts *o)
{
	const floe_model *m = e->model;
	size_t n = floe_model_secret_count(m);
	floe_secret_ref *refs = floe_xcalloc(n ? n : 1, sizeof(*refs));
	floe_buf report = FLOE_BUF_INIT;

	for (size_t i = 0; i < n; i++) {
		const floe_msecret *s = floe_model_secret_at(m, i);
		refs[i] = (floe_secret_ref){ s->name, s->key, s->env };
	}
	/* a version 2 sealed file must be this environment's */
	floe_secret_opts so = { .mount_dir = e->mount_dir, .sealed_file = e->sealed_file,
				.getenv = o->getenv, .env = e->name };
	int rc = floe_secret_set_resolve(&e->secrets, &report, refs, n, &so);
	if (rc)
		e->report = floe_arena_strdup(e->impl->a, floe_buf_cstr(&report));
	e->session.secrets = e->secrets;
	floe_buf_release(&report);
	free(refs);
	return rc;
}

int floe_env_prepare(floe_env **out, const floe_env_opts *o, floe_diags *d)
{
	floe_env *e = floe_xcalloc(1, sizeof(*e));
	int rc;

	e->impl = floe_xcalloc(1, sizeof(*e->impl));
	e->impl->a = floe_arena_new();
	*out = e;
	floe_error_clear();
	if ((rc = locate(e, o, d)) != 0 || o->step == FLOE_ENV_LOCATE)
		return rc;
	if ((rc = model(e, o, d)) != 0)
		return rc;
	if (o->step >= FLOE_ENV_WRITE && (rc = write_outputs(e, d)) != 0) {
		if (e->model)
			from_model(e, o);
		return rc;
	}
	from_model(e, o);
	if (o->step >= FLOE_ENV_SECRETS && (rc = resolve_secrets(e, o)) != 0)
		return rc;
	return 0;
}

void floe_env_free(floe_env *e)
{
	if (!e)
		return;
	floe_secret_set_free(e->secrets);
	if (e->result)
		floe_compile_free(e->result);
	else
		floe_model_free(e->model);
	floe_project_free(e->project);
	free(e->impl->vars);
	floe_arena_free(e->impl->a);
	free(e->impl);
	free(e);
}

const floe_launch_env *floe_env_child_vars(floe_env *e, size_t *n)
{
	const floe_model *m = e->model;
	size_t count = m ? floe_model_env_count(m) : 0, k = 0;
	floe_launch_env *v = floe_xcalloc(count + 3, sizeof(*v));
	floe_arena *a = e->impl->a;
	char *abs_dir;

	for (size_t i = 0; i < count; i++) {
		const floe_menv *x = floe_model_env_at(m, i);
		/* NULL: a secret, from the resolved set; floe's own keys: never */
		if (x->value && !floe_secret_env_blocked(x->name))
			v[k++] = (floe_launch_env){ x->name, x->value };
	}
	if ((abs_dir = realpath(e->out_dir, NULL)) != NULL) {
		v[k++] = (floe_launch_env){ "DBT_PROFILES_DIR", floe_arena_strdup(a, abs_dir) };
		free(abs_dir);
	}
	if (e->target_set && e->target_dir)
		v[k++] = (floe_launch_env){ "DBT_TARGET_PATH", e->target_dir };
	if (e->log_set && e->log_dir)
		v[k++] = (floe_launch_env){ "DBT_LOG_PATH", e->log_dir };
	free(e->impl->vars);
	e->impl->vars = v;
	*n = k;
	return v;
}

/* "compute.local.properties.path at platform/dev/platform.yaml:9:13" */
static const char *where(floe_arena *a, const floe_mreq *r, const char *platform)
{
	const floe_origin *o = r->from ? &r->from->origin : NULL;
	if (o && o->kind == FLOE_ORIGIN_EXPLICIT && o->span.src) {
		const char *ptr = o->node ? floe_node_pointer(a, o->node) : NULL;
		return floe_arena_printf(a, "set by %s at %s:%u:%u", ptr && *ptr ? ptr : "a key",
					 floe_source_path(o->span.src),
					 (unsigned)o->span.line, (unsigned)o->span.col);
	}
	return floe_arena_printf(a, "%s, from %s", r->why ? r->why : "a path", platform);
}

/* mkdir -p, the message naming what asked for the folder. */
static int mkdirs(const char *dir, const char *why)
{
	if (floe_fs_mkdirs(dir) == 0)
		return 0;
	if (why) {
		char msg[512];
		snprintf(msg, sizeof(msg), "%s", floe_error_last());
		floe_error_set("%s (%s)", msg, why);
	}
	return FLOE_EIO;
}

int floe_env_make_dirs(floe_env *e)
{
	const floe_model *m = e->model;
	floe_arena *a = e->impl->a;
	for (size_t i = 0; m && i < floe_model_req_count(m); i++) {
		const floe_mreq *r = floe_model_req_at(m, i);
		if (r->kind != FLOE_REQ_FILE || !r->detail || strstr(r->name, "://") ||
		    strncmp(r->name, "md:", 3) == 0 || strcmp(r->name, ":memory:") == 0)
			continue;
		char *dir = floe_arena_strdup(a, r->name);
		char *slash = strrchr(dir, '/');
		const char *why = where(a, r, e->platform_file);
		int rc = 0;
		if (strcmp(r->detail, "dir") == 0)
			rc = mkdirs(dir, why);
		else if (strcmp(r->detail, "write") == 0 && slash && slash != dir)
			*slash = '\0', rc = mkdirs(dir, why);
		if (rc)
			return rc;
	}
	return mkdirs(e->target_dir, NULL);
}
