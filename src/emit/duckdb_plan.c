/*
 * duckdb_plan.c: what a DuckDB-family environment runs before the pipeline,
 * decided once (settings, extensions, MotherDuck, then the secrets and
 * attachments of duckdb_sources.c) and written both as attach.sql and as
 * the dbt-duckdb profile.  Each option is checked against the DuckDB
 * version's tables: left out if floe chose it, a diagnostic if written.
 */
#include <stdlib.h>
#include <string.h>
#include <strings.h>
#include "emit/compile_int.h"

static void decref(void *p)
{
	json_decref(p);
}

static json_t *keep(struct cctx *c, json_t *j)
{
	floe_arena_defer(c->a, decref, j);
	return j;
}

struct dval floe_emit__dv_str(const char *s)
{
	return (struct dval){ .kind = DV_STR, .s = s };
}

struct dval floe_emit__dv_word(struct cctx *c, const char *s)
{
	return (struct dval){ .kind = DV_WORD, .s = s, .json = keep(c, json_string(s)) };
}

static struct dval dv_int(struct cctx *c, int64_t i)
{
	return (struct dval){ .kind = DV_WORD,
			      .s = floe_arena_printf(c->a, "%lld", (long long)i),
			      .json = keep(c, json_integer((json_int_t)i)) };
}

struct dval floe_emit__dv_bool(struct cctx *c, bool b)
{
	return (struct dval){ .kind = DV_WORD, .s = b ? "true" : "false",
			      .json = keep(c, json_boolean(b)) };
}

static void add_var(struct cctx *c, const char *var)
{
	struct dplan *pl = &c->plan;
	for (size_t i = 0; i < pl->nvars; i++)
		if (strcmp(pl->vars[i], var) == 0)
			return;
	pl->vars = floe_xrealloc(pl->vars, (pl->nvars + 1) * sizeof(*pl->vars));
	pl->vars[pl->nvars++] = var;
}

struct dval floe_emit__dv_secret(struct cctx *c, const floe_msecret *s)
{
	add_var(c, s->env);
	return (struct dval){ .kind = DV_VAR, .s = s->env };
}

struct dval floe_emit__dv_of(struct cctx *c, const floe_mval *v)
{
	if (!v)
		return (struct dval){ .kind = DV_NONE };
	switch (v->kind) {
	case FLOE_MV_STRING: return floe_emit__dv_str(v->text);
	case FLOE_MV_SECRET: return floe_emit__dv_secret(c, v->secret);
	case FLOE_MV_INT: return dv_int(c, v->v.i);
	case FLOE_MV_BOOL: return floe_emit__dv_bool(c, v->v.b);
	case FLOE_MV_FLOAT:
		return (struct dval){ .kind = DV_WORD, .s = v->text,
				      .json = keep(c, json_real(v->v.d)) };
	default: return (struct dval){ .kind = DV_NONE };
	}
}

const floe_msecret *floe_emit__plan_pair(struct cctx *c, const floe_mval *ref,
				    const char *key)
{
	for (size_t i = 0; i < floe_model_secret_count(c->m); i++) {
		const floe_msecret *s = floe_model_secret_at(c->m, i);
		if (strcmp(s->name, ref->text) == 0 && floe_str_eq(s->key, key))
			return s;
	}
	return NULL;
}

/* ---- statements and options ---- */

static struct dstmt *push(struct dstmt **arr, size_t *n)
{
	*arr = floe_xrealloc(*arr, (*n + 1) * sizeof(**arr));
	struct dstmt *st = &(*arr)[(*n)++];
	memset(st, 0, sizeof(*st));
	return st;
}

struct dstmt *floe_emit__plan_stmt(struct cctx *c, enum dstmt_kind kind,
			      floe_duckdb_kind dkind, const floe_mval *from)
{
	struct dstmt *st = floe_arena_alloc(c->a, sizeof(*st));
	struct dplan *pl = &c->plan;
	pl->stmts = floe_xrealloc(pl->stmts, (pl->nstmts + 1) * sizeof(*pl->stmts));
	pl->stmts[pl->nstmts++] = st;
	st->kind = kind;
	st->dkind = dkind;
	st->from = from;
	return st;
}

/* The key that names a value in messages: its own, else its parent's. */
static const char *subject(const floe_mval *v)
{
	for (; v; v = v->parent)
		if (v->key)
			return v->key;
	return "value";
}

static bool explicit_from(const floe_mval *v)
{
	return v && v->origin.kind == FLOE_ORIGIN_EXPLICIT;
}

static void unavailable(struct cctx *c, const struct dstmt *st, const char *name,
			const char *val, const floe_mval *from)
{
	floe_duckdb_ver ver = c->plan.ver;
	floe_buf note = FLOE_BUF_INIT;
	floe_diag *g;

	if (!val) {
		g = floe_emit__diag_at(c, FLOE_SEV_ERROR, "compile/option-unavailable", from,
			"'%s' needs option %s of %s, which duckdb %s does not have",
			floe_emit__shown(c, subject(from)), name, floe_emit__duckdb_kind_name(st->dkind),
			floe_emit__duckdb_ver_name(ver));
		if (floe_emit__duckdb_option_note(&note, ver, st->dkind, st->provider, name))
			floe_diag_note(c->d, g, NULL, "%s", floe_buf_cstr(&note));
	} else {
		g = floe_emit__diag_at(c, FLOE_SEV_ERROR, "compile/option-unavailable", from,
			"'%s' needs %s '%s' of %s, which duckdb %s does not accept",
			floe_emit__shown(c, subject(from)), name, floe_emit__shown(c, val), floe_emit__duckdb_kind_name(st->dkind),
			floe_emit__duckdb_ver_name(ver));
		floe_emit__duckdb_value_list(&note, ver, st->dkind, st->provider, name);
		if (note.len)
			floe_diag_note(c->d, g, NULL, "duckdb %s accepts: %s",
				       floe_emit__duckdb_ver_name(ver), floe_buf_cstr(&note));
	}
	floe_diag_hint(c->d, g, "set the compute profile's properties.duckdb_version "
		       "to the DuckDB the pipeline runs on (known: %s)",
		       floe_emit__duckdb_ver_known());
	floe_buf_release(&note);
}

/* The authorization type of an iceberg ATTACH so far (NULL: oauth2). */
static const char *iceberg_auth(const struct dstmt *st)
{
	for (size_t i = 0; i < st->nopts; i++) {
		const struct dopt *o = &st->opts[i];
		if (strcasecmp(o->name, "ENDPOINT_TYPE") == 0)
			return "sigv4";
		if (strcasecmp(o->name, "AUTHORIZATION_TYPE") == 0 &&
		    (o->v.kind == DV_STR || o->v.kind == DV_WORD))
			return o->v.s;
	}
	return NULL;
}

bool floe_emit__plan_opt(struct cctx *c, struct dstmt *st, const char *name,
		    struct dval v, const floe_mval *from)
{
	floe_duckdb_ver ver = c->plan.ver;
	if (v.kind == DV_NONE)
		return false;
	bool ok = floe_emit__duckdb_option_ok(ver, st->dkind, st->provider, name);
	const char *val = v.kind == DV_STR || v.kind == DV_WORD ? v.s : NULL;
	bool vok = !val || floe_emit__duckdb_value_ok(ver, st->dkind, st->provider, name, val);
	if (!ok || !vok) {
		if (explicit_from(from))
			unavailable(c, st, name, ok ? val : NULL, from);
		return false;
	}
	/* an option the authorization type does not read fails the ATTACH */
	if (st->dkind == FLOE_DUCKDB_ATTACH_ICEBERG &&
	    !floe_emit__duckdb_iceberg_auth_takes(iceberg_auth(st), name))
		return false;
	if (st->nopts == st->cap) {
		st->cap = st->cap ? 2 * st->cap : 8;
		st->opts = floe_xrealloc(st->opts, st->cap * sizeof(*st->opts));
	}
	st->opts[st->nopts++] = (struct dopt){ name, v, from };
	return true;
}

/* Secret names: floe_<kind>_<profile>[_<what>], [a-z0-9_], unique. */
const char *floe_emit__plan_name(struct cctx *c, const char *kind,
			    const char *profile, const char *what)
{
	floe_buf b = FLOE_BUF_INIT;
	floe_buf_printf(&b, "floe_%s_", kind);
	for (const char *p = profile; *p; p++) {
		char ch = *p;
		if (ch >= 'A' && ch <= 'Z')
			ch = (char)(ch - 'A' + 'a');
		floe_buf_putc(&b, (ch >= 'a' && ch <= 'z') || (ch >= '0' && ch <= '9')
			      ? ch : '_');
	}
	if (what)
		floe_buf_printf(&b, "_%s", what);
	size_t base = b.len;
	struct dplan *pl = &c->plan;
	for (; pl->named < pl->nstmts && pl->stmts[pl->named]->name; pl->named++) {
		const char *nm = pl->stmts[pl->named]->name;
		floe_keyset_add(&pl->names, nm, strlen(nm), pl->named);
	}
	for (unsigned n = 2;; n++) {
		bool taken = floe_keyset_find(&pl->names, b.ptr, b.len) >= 0;
		for (size_t i = pl->named; i < pl->nstmts && !taken; i++)
			taken = floe_str_eq(pl->stmts[i]->name, floe_buf_cstr(&b));
		if (!taken)
			break;
		floe_buf_truncate(&b, base);
		floe_buf_printf(&b, "_%u", n);
	}
	const char *s = floe_arena_strdup(c->a, floe_buf_cstr(&b));
	floe_buf_release(&b);
	return s;
}

/* ---- settings ---- */

static void set(struct cctx *c, const char *name, struct dval v,
		const floe_mval *from, floe_duckdb_kind kind)
{
	struct dplan *pl = &c->plan;
	struct dstmt *st = kind == FLOE_DUCKDB_SET_MOTHERDUCK ?
		push(&pl->md, &pl->nmd) : push(&pl->settings, &pl->nsettings);
	st->kind = ST_SET;
	st->dkind = kind;
	st->name = name;
	st->value = v;
	st->from = from;
}

static bool setting_name_ok(const char *s)
{
	if (!*s || (*s >= '0' && *s <= '9'))
		return false;
	for (; *s; s++)
		if (!((*s >= 'a' && *s <= 'z') || (*s >= 'A' && *s <= 'Z') ||
		      (*s >= '0' && *s <= '9') || *s == '_'))
			return false;
	return true;
}

static void user_setting(struct cctx *c, const floe_mval *v)
{
	floe_duckdb_ver ver = c->plan.ver;
	const char *name = v->key;
	bool known = floe_emit__duckdb_option_ok(ver, FLOE_DUCKDB_SET, NULL, name);

	if (!setting_name_ok(name)) {
		floe_emit__diag_at(c, FLOE_SEV_ERROR, "compile/unknown-setting", v,
			      "'%s' is not a DuckDB setting name", floe_emit__shown(c, name));
		return;
	}
	if (!known) {
		floe_diag *g = floe_emit__diag_at(c, FLOE_SEV_WARNING,
			"compile/unknown-setting", v,
			"floe does not know DuckDB setting '%s'; it is passed on as is",
			name);
		floe_buf note = FLOE_BUF_INIT;
		if (floe_emit__duckdb_option_note(&note, ver, FLOE_DUCKDB_SET, NULL, name))
			floe_diag_note(c->d, g, NULL, "%s", floe_buf_cstr(&note));
		floe_buf_release(&note);
	}
	set(c, name, floe_emit__dv_of(c, v), v, FLOE_DUCKDB_SET);
	c->plan.settings[c->plan.nsettings - 1].startup =
		floe_emit__duckdb_setting_startup_only(name);
	/* an extension defines it only once LOADed (autoload may be off) */
	c->plan.settings[c->plan.nsettings - 1].after_load = !known;
}

/* The sizing, set from the compute properties; [1] is DuckDB's alias. */
static const char *const sized[][2] = {
	{ "memory_limit", "max_memory" }, { "threads", "worker_threads" },
	{ "temp_directory", NULL }, { "max_temp_directory_size", NULL },
};

/* A setting that repeats a sizing property: the property wins. */
static bool repeats_sizing(struct cctx *c, const floe_mval *v)
{
	for (size_t i = 0; i < FLOE_ARRAY_SIZE(sized); i++) {
		if (strcasecmp(v->key, sized[i][0]) != 0 &&
		    (!sized[i][1] || strcasecmp(v->key, sized[i][1]) != 0))
			continue;
		floe_diag *g = floe_emit__diag_at(c, FLOE_SEV_WARNING,
			"compile/duplicate-setting", v,
			"setting '%s' repeats the compute property '%s', which wins",
			floe_emit__shown(c, v->key), sized[i][0]);
		floe_diag_hint(c->d, g, "set properties.%s instead (container.env "
			       "and the sizing use it)", sized[i][0]);
		return true;
	}
	return false;
}

static void plan_settings(struct cctx *c, const floe_mval *props)
{
	for (size_t i = 0; i < FLOE_ARRAY_SIZE(sized); i++) {
		const floe_mval *v = floe_mval_get(props, sized[i][0]);
		if (v && v->kind != FLOE_MV_NULL)
			set(c, sized[i][0], floe_emit__dv_of(c, v), v, FLOE_DUCKDB_SET);
	}
	const floe_mval *user = floe_mval_get(props, "settings");
	for (size_t i = 0; user && i < user->len; i++)
		if (!repeats_sizing(c, user->items[i]))
			user_setting(c, user->items[i]);
}

static void plan_extensions(struct cctx *c, const floe_mval *props)
{
	const floe_mval *exts = floe_mval_get(props, "extensions");
	struct dplan *pl = &c->plan;
	for (size_t i = 0; exts && i < exts->len; i++) {
		const floe_mval *e = exts->items[i];
		const char *name = e->kind == FLOE_MV_MAP ? floe_mval_str(floe_mval_get(e,
				   "name")) : floe_mval_str(e);
		if (!name)
			continue;
		pl->exts = floe_xrealloc(pl->exts, (pl->nexts + 1) * sizeof(*pl->exts));
		pl->exts[pl->nexts++] = (struct dext){ name, e->kind == FLOE_MV_MAP ?
			floe_mval_str(floe_mval_get(e, "repo")) : NULL, e };
	}
}

/* MotherDuck: token, attach mode, then saas mode (it locks the config). */
static void plan_motherduck(struct cctx *c, const floe_mval *comp,
			    const floe_mval *props)
{
	const floe_mval *tok = floe_mval_get(floe_mval_get(comp, "credentials"), "token");
	const floe_mval *mode = floe_mval_get(props, "attach_mode");
	const floe_mval *saas = floe_mval_get(props, "saas_mode");
	const floe_mval *db = floe_mval_get(props, "database");

	if (tok && tok->kind == FLOE_MV_SECRET)
		set(c, "motherduck_token", floe_emit__dv_secret(c, tok->secret), tok,
		    FLOE_DUCKDB_SET_MOTHERDUCK);
	if (floe_mval_str(mode))
		set(c, "motherduck_attach_mode", floe_emit__dv_str(mode->text), mode,
		    FLOE_DUCKDB_SET_MOTHERDUCK);
	if (saas && saas->kind == FLOE_MV_BOOL && saas->v.b)
		set(c, "motherduck_saas_mode", floe_emit__dv_bool(c, true), saas,
		    FLOE_DUCKDB_SET_MOTHERDUCK);
	c->plan.md_path = floe_arena_printf(c->a, "md:%s",
					    floe_mval_str(db) ? db->text : "");
	c->plan.md_from = db ? db : floe_mval_get(comp, "type");
}

static int parse_version(struct cctx *c, const floe_mval *props)
{
	const floe_mval *v = floe_mval_get(props, "duckdb_version");
	c->plan.ver = FLOE_DUCKDB_VER_DEFAULT;
	if (!floe_mval_str(v) || floe_emit__duckdb_ver_parse(&c->plan.ver, v->text) == 0)
		return 0;
	floe_diag *g = floe_emit__diag_at(c, FLOE_SEV_ERROR, "compile/unknown-duckdb-version",
		v, "floe does not know DuckDB version '%s'", floe_emit__shown(c, v->text));
	floe_diag_note(c->d, g, NULL, "known versions: %s", floe_emit__duckdb_ver_known());
	return FLOE_EINVALID;
}

/* The catalog's attach alias (floe_compile_catalog_alias), in the arena. */
const char *floe_emit__plan_alias(struct cctx *c, const char *name)
{
	floe_buf b = FLOE_BUF_INIT;
	const char *s = floe_arena_strdup(c->a, floe_compile_catalog_alias(&b, name));
	floe_buf_release(&b);
	return s;
}

static int cmp_var(const void *a, const void *b)
{
	return strcmp(*(const char *const *)a, *(const char *const *)b);
}

int floe_emit__plan_build(struct cctx *c)
{
	const floe_mval *comp = c->compute;
	const floe_mval *props = floe_mval_get(comp, "properties");
	const floe_mval *root = floe_model_root(c->m);
	size_t errors = floe_diags_errors(c->d);

	if (parse_version(c, props))
		return FLOE_EINVALID;
	plan_settings(c, props);
	plan_extensions(c, props);
	if (floe_str_eq(c->compute_type, "motherduck"))
		plan_motherduck(c, comp, props);
	const floe_mval *sts = floe_mval_get(root, "storage");
	for (size_t i = 0; sts && i < sts->len; i++)
		floe_emit__plan_storage(c, sts->items[i]);
	const floe_mval *cats = floe_mval_get(root, "catalogs");
	for (size_t i = 0; cats && i < cats->len; i++)
		floe_emit__plan_catalog(c, cats->items[i]);
	const floe_mval *pc = floe_mval_get(floe_mval_get(root, "project"), "catalog");
	c->plan.database = floe_mval_str(pc);
	c->plan.alias = c->plan.database ? floe_emit__plan_alias(c, c->plan.database) : NULL;
	c->plan.database_from = pc;
	if (c->plan.nvars)
		qsort(c->plan.vars, c->plan.nvars, sizeof(*c->plan.vars), cmp_var);
	return floe_diags_errors(c->d) > errors ? FLOE_EINVALID : 0;
}

static void release_stmts(struct dstmt *st, size_t n)
{
	for (size_t i = 0; i < n; i++)
		free(st[i].opts);
	free(st);
}

void floe_emit__plan_release(struct dplan *pl)
{
	release_stmts(pl->settings, pl->nsettings);
	release_stmts(pl->md, pl->nmd);
	for (size_t i = 0; i < pl->nstmts; i++)
		free(pl->stmts[i]->opts);
	free(pl->stmts);
	floe_keyset_release(&pl->names);
	free(pl->exts);
	free(pl->vars);
	memset(pl, 0, sizeof(*pl));
}
