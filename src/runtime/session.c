/*
 * session.c: the DuckDB session `floe run` works in.  Opens the compute
 * database, applies its settings, binds each secret as a variable with a
 * prepared `SET VARIABLE` (values never enter SQL text), runs attach.sql
 * statement by statement, then resets the variables.  It does not run
 * models (the runner does, on the connection returned here).
 */
#include <pthread.h>
#include <stdatomic.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <time.h>
#include "launch_impl.h"
#include "runtime/duckdb.h"
#include "util/util.h"

struct floe_session {
	floe_duckdb_db *db;
	floe_duckdb_conn *conn;
};

/* Settings DuckDB takes only when a database is opened (docs/duckdb.md). */
static const char *const startup_only[] = {
	"access_mode", "allow_community_extensions",
	"allow_extensions_metadata_mismatch", "allow_unsigned_extensions",
	"allowed_directories", "allowed_paths", "enable_external_access",
};

static _Thread_local char missing_ext[64];

/* One opening: the spec, the session being built, DuckDB's message. */
struct opening {
	const floe_session_spec *spec;
	floe_session *s;
	floe_buf *err;
	/* the cancel watcher: interrupts what runs on conn once cancelled */
	pthread_t watcher;
	bool watching;
	atomic_bool done;
	_Atomic(floe_duckdb_conn *) conn;
};

static bool is_cancelled(const struct opening *o)
{
	return o->spec->cancel && *o->spec->cancel;
}

/* Every 20 ms: once cancelled, interrupt the statement in progress (again
 * and again: DuckDB clears the flag when the next statement starts). */
static void *watch(void *arg)
{
	struct opening *o = arg;
	const struct timespec tick = { 0, 20 * 1000 * 1000 };
	while (!atomic_load(&o->done)) {
		floe_duckdb_conn *c = atomic_load(&o->conn);
		if (c && is_cancelled(o))
			floe_runtime__duckdb_interrupt(c);
		nanosleep(&tick, NULL);
	}
	return NULL;
}

static void watch_start(struct opening *o)
{
	atomic_init(&o->done, false);
	atomic_init(&o->conn, NULL);
	o->watching = o->spec->cancel &&
		      pthread_create(&o->watcher, NULL, watch, o) == 0;
}

static void watch_stop(struct opening *o)
{
	atomic_store(&o->done, true);
	if (o->watching)
		pthread_join(o->watcher, NULL);
	o->watching = false;
}

/* After a step: a cancel wins over whatever the step said. */
static int step(struct opening *o, int rc)
{
	if (!is_cancelled(o))
		return rc;
	floe_error_set("cancelled (%s) while DuckDB was being prepared",
		       *o->spec->cancel == SIGINT ? "SIGINT" : "SIGTERM");
	floe_buf_clear(o->err);
	return FLOE_ECANCEL;
}

/* Report a failed step: `where` names it ("attach.sql:3", "setting 'x'"). */
static int failed(struct opening *o, const char *where)
{
	floe_buf ext = FLOE_BUF_INIT;
	floe_secret_set_redact(o->err, o->spec->secrets);
	const char *msg = floe_buf_cstr(o->err);
	if (floe_runtime__duckdb_missing_extension(&ext, msg)) {
		snprintf(missing_ext, sizeof(missing_ext), "%s", ext.ptr);
		floe_error_set("DuckDB extension '%s' is not installed and cannot be downloaded here (%s)",
			       ext.ptr, where);
	} else {
		floe_error_set("%s: %.*s", where, (int)strcspn(msg, "\n"), msg);
	}
	floe_buf_release(&ext);
	return FLOE_EDUCKDB;
}

static bool is_startup_only(const char *name)
{
	for (size_t i = 0; i < FLOE_ARRAY_SIZE(startup_only); i++)
		if (strcmp(name, startup_only[i]) == 0)
			return true;
	return false;
}

/* A setting or variable name: it goes into SQL text, quoted, so be strict. */
static bool plain_name(const char *s)
{
	if (!s || !s[0])
		return false;
	for (; *s; s++)
		if (!((*s >= 'a' && *s <= 'z') || (*s >= 'A' && *s <= 'Z') ||
		      (*s >= '0' && *s <= '9') || *s == '_'))
			return false;
	return true;
}

static int check_names(const floe_session_spec *spec)
{
	for (size_t i = 0; i < spec->nsettings; i++) {
		const floe_session_setting *t = &spec->settings[i];
		if (!plain_name(t->name) || !t->value) {
			floe_error_set("invalid DuckDB setting '%s'",
				       t->name ? t->name : "");
			return FLOE_EUSAGE;
		}
	}
	for (size_t i = 0; i < floe_secret_set_count(spec->secrets); i++) {
		const floe_secret *s = floe_secret_set_get(spec->secrets, i);
		if (!plain_name(s->var)) {
			floe_error_set("secret '%s' maps to '%s', which is not a DuckDB variable name",
				       s->name, s->var);
			return FLOE_EUSAGE;
		}
	}
	return 0;
}

static int open_db(struct opening *o)
{
	const floe_session_spec *sp = o->spec;
	floe_duckdb_kv *cfg = floe_xcalloc(sp->nsettings + 1, sizeof(*cfg));
	size_t n = 0;
	int rc;

	for (size_t i = 0; i < sp->nsettings; i++)
		if (is_startup_only(sp->settings[i].name))
			cfg[n++] = (floe_duckdb_kv){ sp->settings[i].name,
						     sp->settings[i].value };
	const char *path = sp->path && strcmp(sp->path, ":memory:") != 0 ?
			   sp->path : NULL;
	if ((rc = floe_runtime__duckdb_load()) < 0) {
		free(cfg);
		return rc; /* its message lists every path tried */
	}
	rc = floe_runtime__duckdb_open(&o->s->db, o->err, path, cfg, n);
	free(cfg);
	if (rc == 0)
		rc = floe_runtime__duckdb_connect(&o->s->conn, o->err, o->s->db);
	if (rc == 0)
		atomic_store(&o->conn, o->s->conn);
	if (rc) {
		floe_buf where = FLOE_BUF_INIT;
		floe_buf_printf(&where, "cannot open DuckDB database '%s'",
				path ? path : ":memory:");
		rc = failed(o, where.ptr);
		floe_buf_release(&where);
	}
	return rc;
}

/* SET "name" = 'value', the value quoted as a string literal. */
static int set_one(struct opening *o, const char *name, const char *value)
{
	floe_buf sql = FLOE_BUF_INIT, where = FLOE_BUF_INIT;
	floe_buf_printf(&sql, "SET \"%s\" = '", name);
	for (const char *p = value; *p; p++) {
		if (*p == '\'')
			floe_buf_putc(&sql, '\'');
		floe_buf_putc(&sql, *p);
	}
	floe_buf_putc(&sql, '\'');
	int rc = floe_runtime__duckdb_query(NULL, o->err, o->s->conn, sql.ptr);
	if (rc) {
		floe_buf_printf(&where, "DuckDB setting '%s'", name);
		rc = failed(o, where.ptr);
	}
	floe_buf_release(&sql);
	floe_buf_release(&where);
	return rc;
}

/* memory_limit, threads, temp_directory, then the others (`last`: locks). */
static int apply_settings(struct opening *o, bool last)
{
	const floe_session_spec *sp = o->spec;
	const char *fixed[][2] = {
		{ "memory_limit", sp->memory_limit },
		{ "threads", sp->threads },
		{ "temp_directory", sp->temp_directory },
	};
	int rc = 0;
	for (size_t i = 0; !last && rc == 0 && i < FLOE_ARRAY_SIZE(fixed); i++)
		if (fixed[i][1])
			rc = set_one(o, fixed[i][0], fixed[i][1]);
	for (size_t i = 0; rc == 0 && i < sp->nsettings; i++) {
		const floe_session_setting *t = &sp->settings[i];
		bool lock = strcmp(t->name, "lock_configuration") == 0;
		if (!is_startup_only(t->name) && lock == last)
			rc = set_one(o, t->name, t->value);
	}
	return rc;
}

/* Bind every secret to its variable; the value is a parameter, never text. */
static int set_variables(struct opening *o)
{
	const floe_secret_set *set = o->spec->secrets;
	int rc = 0;
	for (size_t i = 0; rc == 0 && i < floe_secret_set_count(set); i++) {
		const floe_secret *s = floe_secret_set_get(set, i);
		floe_buf sql = FLOE_BUF_INIT;
		floe_duckdb_stmt *st = NULL;
		floe_buf_printf(&sql, "SET VARIABLE \"%s\" = ?", s->var);
		rc = floe_runtime__duckdb_prepare(&st, o->err, o->s->conn, sql.ptr);
		if (rc == 0)
			rc = floe_runtime__duckdb_bind_varchar(st, 1, s->value, s->len);
		if (rc == 0)
			rc = floe_runtime__duckdb_execute(NULL, o->err, st);
		floe_runtime__duckdb_stmt_free(st);
		if (rc) {
			floe_buf_clear(&sql);
			floe_buf_printf(&sql, "DuckDB variable '%s' (secret '%s')",
					s->var, s->name);
			rc = failed(o, sql.ptr);
		}
		floe_buf_release(&sql);
	}
	return rc;
}

static int reset_variables(struct opening *o)
{
	const floe_secret_set *set = o->spec->secrets;
	int rc = 0;
	for (size_t i = 0; rc == 0 && i < floe_secret_set_count(set); i++) {
		floe_buf sql = FLOE_BUF_INIT;
		const char *var = floe_secret_set_get(set, i)->var;
		floe_buf_printf(&sql, "RESET VARIABLE \"%s\"", var);
		rc = floe_runtime__duckdb_query(NULL, o->err, o->s->conn, sql.ptr);
		if (rc) {
			floe_buf_clear(&sql);
			floe_buf_printf(&sql, "reset of DuckDB variable '%s'", var);
			rc = failed(o, sql.ptr);
		}
		floe_buf_release(&sql);
	}
	return rc;
}

static int run_attach(struct opening *o)
{
	const floe_session_spec *sp = o->spec;
	floe_buf where = FLOE_BUF_INIT;
	if (!sp->attach_sql)
		return 0;
	int rc = floe_runtime__session_script(o->s->conn, o->err, sp->attach_sql,
				      sp->attach_name ? sp->attach_name : "attach.sql",
				      &where);
	if (rc)
		rc = failed(o, where.ptr);
	floe_buf_release(&where);
	return rc;
}

/* 1 when DuckDB's setting `name` is 'true' now, 0 when not, < 0 failed. */
static int setting_is_true(struct opening *o, const char *name)
{
	floe_buf sql = FLOE_BUF_INIT, v = FLOE_BUF_INIT;
	floe_duckdb_result *r = NULL;
	floe_buf_printf(&sql, "SELECT current_setting('%s')::VARCHAR", name);
	int rc = floe_runtime__duckdb_query(&r, o->err, o->s->conn, sql.ptr);
	if (rc == 0)
		rc = floe_runtime__duckdb_result_value(&v, r, 0, 0) &&
		     strcmp(floe_buf_cstr(&v), "true") == 0;
	floe_runtime__duckdb_result_free(r);
	floe_buf_release(&sql);
	floe_buf_release(&v);
	return rc;
}

/*
 * Confine DuckDB's file access, then lock (the order matters:
 * allowed_directories cannot change once external access is off, nothing
 * once locked).  External access already off (a startup setting): only
 * the lock.
 */
static int confine(struct opening *o)
{
	const floe_session_spec *sp = o->spec;
	floe_buf sql = FLOE_BUF_INIT;
	int rc = 0;
	int open = setting_is_true(o, "enable_external_access");
	if (open < 0)
		return failed(o, "confining DuckDB's file access");
	if (open) {
		floe_buf_puts(&sql, "SET allowed_directories = [");
		for (size_t i = 0; i < sp->nallowed; i++) {
			floe_buf_puts(&sql, i ? ", '" : "'");
			for (const char *p = sp->allowed_dirs[i]; *p; p++) {
				if (*p == '\'')
					floe_buf_putc(&sql, '\'');
				floe_buf_putc(&sql, *p);
			}
			floe_buf_putc(&sql, '\'');
		}
		floe_buf_puts(&sql, "]");
		rc = floe_runtime__duckdb_query(NULL, o->err, o->s->conn, sql.ptr);
		if (rc == 0)
			rc = floe_runtime__duckdb_query(NULL, o->err, o->s->conn,
					       "SET enable_external_access = false");
	}
	if (rc == 0)
		rc = floe_runtime__duckdb_query(NULL, o->err, o->s->conn,
				       "SET lock_configuration = true");
	floe_buf_release(&sql);
	return rc ? failed(o, "confining DuckDB's file access") : 0;
}

int floe_session_open(floe_session **out, floe_buf *err,
		      const floe_session_spec *spec)
{
	floe_buf mine = FLOE_BUF_INIT;
	struct opening o = { spec, floe_xcalloc(1, sizeof(floe_session)),
			     err ? err : &mine, .watching = false };
	int rc;

	*out = NULL;
	missing_ext[0] = '\0';
	floe_buf_clear(o.err);
	watch_start(&o);
	rc = step(&o, check_names(spec));
	if (rc == 0)
		rc = step(&o, open_db(&o));
	if (rc == 0)
		rc = step(&o, apply_settings(&o, false));
	if (rc == 0)
		rc = step(&o, set_variables(&o));
	if (rc == 0)
		rc = step(&o, run_attach(&o));
	if (rc == 0)
		rc = step(&o, reset_variables(&o));
	if (rc == 0)  /* confine locks too */
		rc = step(&o, spec->confine ? confine(&o) : apply_settings(&o, true));
	watch_stop(&o);
	if (rc == 0)
		*out = o.s;
	else
		floe_session_close(o.s);
	floe_buf_release(&mine);
	return rc;
}

struct floe_duckdb_db *floe_session_db(const floe_session *s)
{
	return s->db;
}

struct floe_duckdb_conn *floe_session_conn(const floe_session *s)
{
	return s->conn;
}

/* "v1.5.6", "1.5" -> 1, 5; false when it does not start so. */
static bool major_minor(const char *s, unsigned long *maj, unsigned long *min)
{
	char *end;
	if (s && (*s == 'v' || *s == 'V'))
		s++;
	if (!s || *s < '0' || *s > '9')
		return false;
	*maj = strtoul(s, &end, 10);
	if (*end != '.' || end[1] < '0' || end[1] > '9')
		return false;
	*min = strtoul(end + 1, &end, 10);
	return true;
}

bool floe_session_version_warning(floe_buf *out, const char *want)
{
	const char *have = floe_duckdb_version();
	unsigned long a, b, c, d;
	if (!have || !want || !major_minor(have, &a, &b) ||
	    !major_minor(want, &c, &d) || (a == c && b == d))
		return false;
	floe_buf_printf(out, "libduckdb '%s' is DuckDB %s, but this environment "
			"was compiled for DuckDB %s (the compute profile's "
			"duckdb_version): the generated SQL may not suit it",
			floe_runtime__duckdb_path(), have, want);
	return true;
}

const char *floe_session_missing_extension(void)
{
	return missing_ext[0] ? missing_ext : NULL;
}

void floe_session_close(floe_session *s)
{
	if (!s)
		return;
	floe_runtime__duckdb_disconnect(s->conn);
	floe_runtime__duckdb_close(s->db);
	free(s);
}
