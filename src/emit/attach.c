/*
 * attach.c: attach.sql, the SQL DuckDB runs before the pipeline, from the
 * DuckDB plan through templates/attach.sql.tmpl: settings, extensions,
 * MotherDuck, secrets and attachments, then RESET VARIABLE for every
 * secret variable read.  Startup-only settings are not SQL: they go to
 * manifest.json and the profile's config_options.
 */
#include <string.h>
#include "emit/compile_int.h"

static void set(json_t *o, const char *k, json_t *v)
{
	json_object_set_new(o, k, v);
}

json_t *floe_emit__val_json(struct render *rd, const struct dval *v)
{
	json_t *o = json_object();
	switch (v->kind) {
	case DV_VAR: set(o, "var", floe_emit__jstr(rd, v->s)); break;
	case DV_STR: set(o, "str", floe_emit__jstr(rd, v->s)); break;
	case DV_EXPR:
		set(o, "expr", floe_emit__jstr(rd, v->s));
		set(o, "dbt", floe_emit__jstr(rd, v->dbt));
		break;
	case DV_WORD:
		set(o, "word", floe_emit__jstr(rd, v->s));
		set(o, "json", json_incref(v->json));
		break;
	case DV_FLAG: set(o, "flag", json_true()); break;
	case DV_MAP: {
		json_t *m = json_object();
		for (size_t i = 0; v->map && i < v->map->len; i++) {
			const floe_mval *e = v->map->items[i];
			if (e->text)
				set(m, e->key, floe_emit__jstr(rd, e->text));
		}
		set(o, "map", m);
		break;
	}
	default: break;
	}
	return o;
}

/* An option object: the value's members plus name and use marker. */
static json_t *opt_json(struct render *rd, const struct dopt *op)
{
	json_t *o = floe_emit__val_json(rd, &op->v);
	set(o, "name", json_string(op->name));
	set(o, "at", floe_emit__at(rd, op->from, NULL));
	return o;
}

static json_t *settings_json(struct render *rd, const struct dstmt *st, size_t n,
			     bool after_load)
{
	json_t *a = json_array();
	for (size_t i = 0; i < n; i++) {
		if (st[i].startup || st[i].after_load != after_load)
			continue;
		json_t *o = json_object();
		set(o, "name", floe_emit__jstr(rd, st[i].name));
		set(o, "value", floe_emit__val_json(rd, &st[i].value));
		set(o, "at", floe_emit__at(rd, st[i].from, NULL));
		json_array_append_new(a, o);
	}
	return a;
}

static bool bare_word(const char *s)
{
	if (!*s)
		return false;
	for (; *s; s++)
		if (!((*s >= 'a' && *s <= 'z') || (*s >= 'A' && *s <= 'Z') ||
		      (*s >= '0' && *s <= '9') || *s == '_'))
			return false;
	return true;
}

static json_t *extensions_json(struct render *rd, const struct dplan *pl)
{
	json_t *a = json_array();
	for (size_t i = 0; i < pl->nexts; i++) {
		json_t *o = json_object();
		const char *repo = pl->exts[i].repo;
		set(o, "name", floe_emit__jstr(rd, pl->exts[i].name));
		if (repo)
			set(o, bare_word(repo) ? "repo_ident" : "repo_str",
			    floe_emit__jstr(rd, repo));
		set(o, "at", floe_emit__at(rd, pl->exts[i].from, NULL));
		json_array_append_new(a, o);
	}
	return a;
}

static json_t *stmt_json(struct render *rd, const struct dstmt *st)
{
	json_t *o = json_object(), *opts = json_array();
	if (st->kind == ST_SECRET) {
		set(o, "kind", json_string("secret"));
		set(o, "name", floe_emit__jstr(rd, st->name));
	} else {
		set(o, "kind", json_string("attach"));
		set(o, "path", floe_emit__jstr(rd, st->path));
		set(o, "alias", floe_emit__jstr(rd, st->alias));
	}
	set(o, "at", floe_emit__at(rd, st->from, st->from2));
	for (size_t i = 0; i < st->nopts; i++)
		json_array_append_new(opts, opt_json(rd, &st->opts[i]));
	set(o, "opts", opts);
	return o;
}

/* The value that uses a variable first (for RESET VARIABLE's use). */
static const floe_mval *var_user(struct cctx *c, const char *var)
{
	for (size_t i = 0; i < floe_model_secret_count(c->m); i++) {
		const floe_msecret *s = floe_model_secret_at(c->m, i);
		if (strcmp(s->env, var) == 0)
			return s->used_by[0];
	}
	return NULL;
}

int floe_emit__emit_attach(struct cctx *c)
{
	const struct dplan *pl = &c->plan;
	struct render rd;
	json_t *ctx = json_object(), *stmts = json_array(), *reset = json_array();

	floe_emit__render_init(&rd, c, "attach.sql");
	set(ctx, "version", json_string(floe_emit__duckdb_ver_name(pl->ver)));
	set(ctx, "settings", settings_json(&rd, pl->settings, pl->nsettings, false));
	set(ctx, "ext_settings", settings_json(&rd, pl->settings, pl->nsettings, true));
	set(ctx, "extensions", extensions_json(&rd, pl));
	if (pl->md_path) {
		set(ctx, "motherduck", settings_json(&rd, pl->md, pl->nmd, false));
		set(ctx, "md_path", floe_emit__jstr(&rd, pl->md_path));
		set(ctx, "md_at", floe_emit__at(&rd, pl->md_from, NULL));
	}
	for (size_t i = 0; i < pl->nstmts; i++)
		json_array_append_new(stmts, stmt_json(&rd, pl->stmts[i]));
	set(ctx, "statements", stmts);
	for (size_t i = 0; i < pl->nvars; i++) {
		json_t *o = json_object();
		set(o, "name", floe_emit__jstr(&rd, pl->vars[i]));
		set(o, "at", floe_emit__at(&rd, var_user(c, pl->vars[i]), NULL));
		json_array_append_new(reset, o);
	}
	set(ctx, "reset", reset);
	int rc = floe_emit__render(&rd, "attach.sql.tmpl", ctx);
	floe_emit__render_release(&rd);
	return rc;
}
