/*
 * engine_common.c: what the profiles and engine files of engines past one
 * machine share: model values as template values, the head of every
 * profile, engine configuration lists (key = literal text and variable
 * references), and the checks that refuse a value a Java reader or the
 * Iceberg client would read back changed.  Nothing here writes text.
 */
#include <assert.h>
#include <stdlib.h>
#include <string.h>
#include "emit/engine_int.h"

static void set(json_t *o, const char *k, json_t *v)
{
	json_object_set_new(o, k, v);
}

/* ---- profile values ---- */

/*
 * A model value as a profile template value, one of
 *   {"s": text}     a string: written with dbt_yaml
 *   {"var": VAR}    a secret: written with dbt_env_var
 *   {"json": v}     a number or boolean: written with yaml
 * plus "at", its use marker.  NULL when v is absent, null or a list/map.
 */
static json_t *pv(struct render *rd, const floe_mval *v)
{
	json_t *o = json_object();
	if (!v) {
		json_decref(o);
		return NULL;
	}
	switch (v->kind) {
	case FLOE_MV_STRING: set(o, "s", floe_emit__jstr(rd, v->text)); break;
	case FLOE_MV_SECRET: set(o, "var", json_string(v->secret->env)); break;
	case FLOE_MV_INT: set(o, "json", json_integer((json_int_t)v->v.i)); break;
	case FLOE_MV_BOOL: set(o, "json", json_boolean(v->v.b)); break;
	case FLOE_MV_FLOAT: set(o, "json", json_real(v->v.d)); break;
	default:
		json_decref(o);
		return NULL;
	}
	set(o, "at", floe_emit__at(rd, v, NULL));
	return o;
}

json_t *floe_emit__pv_text(struct render *rd, const char *s, const floe_mval *at)
{
	json_t *o = json_object();
	set(o, "s", floe_emit__jstr(rd, s));
	set(o, "at", floe_emit__at(rd, at, NULL));
	return o;
}

json_t *floe_emit__pv_json(struct render *rd, json_t *v, const floe_mval *at)
{
	json_t *o = json_object();
	set(o, "json", v);
	set(o, "at", floe_emit__at(rd, at, NULL));
	return o;
}

bool floe_emit__pv_put(json_t *ctx, const char *key, struct render *rd,
		  const floe_mval *v)
{
	json_t *o = pv(rd, v);
	if (o)
		set(ctx, key, o);
	return o != NULL;
}

json_t *floe_emit__pv_map(struct render *rd, const floe_mval *map)
{
	json_t *a = json_array();
	for (size_t i = 0; map && map->kind == FLOE_MV_MAP && i < map->len; i++) {
		json_t *o = pv(rd, map->items[i]);
		if (!o)
			continue;
		set(o, "k", floe_emit__jstr(rd, map->items[i]->key));
		json_array_append_new(a, o);
	}
	return a;
}

json_t *floe_emit__profile_head(struct cctx *c, struct render *rd)
{
	const floe_mval *root = floe_model_root(c->m);
	const floe_mval *name = floe_mval_get(floe_mval_get(root, "project"), "name");
	json_t *ctx = json_object();
	char *profile = floe_arena_strdup(c->a, floe_mval_str(name) ? name->text : "floe");

	for (char *p = profile; *p; p++)
		if (*p == '-')
			*p = '_';
	set(ctx, "profile", floe_emit__jstr(rd, profile));
	set(ctx, "profile_at", floe_emit__at(rd, name, NULL));
	set(ctx, "target", floe_emit__jstr(rd, floe_model_env_name(c->m)));
	set(ctx, "target_at", floe_emit__at(rd, floe_mval_get(root, "environment"), NULL));
	return ctx;
}

const floe_mval *floe_emit__prop(struct cctx *c, const char *key)
{
	const floe_mval *v = floe_mval_get(floe_mval_get(c->compute, "properties"), key);
	return v && v->kind != FLOE_MV_NULL ? v : NULL;
}

const floe_mval *floe_emit__cred(struct cctx *c, const char *key)
{
	const floe_mval *v = floe_mval_get(floe_mval_get(c->compute, "credentials"), key);
	return v && v->kind != FLOE_MV_NULL ? v : NULL;
}

const floe_mval *floe_emit__project_catalog(struct cctx *c)
{
	const floe_mval *root = floe_model_root(c->m);
	const char *name = floe_mval_str(floe_mval_get(floe_mval_get(root, "project"),
						       "catalog"));
	return floe_mval_get(floe_mval_get(root, "catalogs"), name);
}

const floe_mval *floe_emit__schema_of(struct cctx *c)
{
	const floe_mval *s = floe_emit__prop(c, "schema");
	return s ? s : floe_mval_get(floe_emit__project_catalog(c), "namespace");
}

void floe_emit__missing(struct cctx *c, const char *what, const char *why)
{
	const floe_mval *props = floe_mval_get(c->compute, "properties");
	const floe_mval *at = props && props->origin.kind == FLOE_ORIGIN_EXPLICIT ?
		props : c->compute;
	floe_diag *g = floe_emit__diag_at(c, FLOE_SEV_ERROR, "compile/missing-option", at,
		"compute profile '%s' (%s) needs %s", floe_emit__shown(c, c->compute_name),
		c->compute_type, what);
	floe_diag_note(c->d, g, NULL, "%s", why);
}

/* ---- engine configuration lists ---- */

static struct econf *push(struct cctx *c, struct econfs *l, const char *key,
			  const floe_mval *from)
{
	if (l->len == l->cap) {
		l->cap = l->cap ? 2 * l->cap : 16;
		l->items = floe_xrealloc(l->items, l->cap * sizeof(*l->items));
	}
	struct econf *e = &l->items[l->len++];
	memset(e, 0, sizeof(*e));
	e->key = floe_arena_strdup(c->a, key);
	e->from = from;
	return e;
}

void floe_emit__econf_part(struct econf *e, const char *s, const char *env)
{
	assert(e->nparts < FLOE_ARRAY_SIZE(e->parts));
	e->parts[e->nparts++] = (struct epart){ s, env };
}

struct econf *floe_emit__econf_text(struct cctx *c, struct econfs *l,
			       const char *key, const char *text,
			       const floe_mval *from)
{
	struct econf *e = push(c, l, key, from);
	floe_emit__econf_part(e, text, NULL);
	return e;
}

struct econf *floe_emit__econf_var(struct cctx *c, struct econfs *l,
			      const char *key, const char *env,
			      const floe_mval *from)
{
	struct econf *e = push(c, l, key, from);
	floe_emit__econf_part(e, NULL, env);
	return e;
}

struct econf *floe_emit__econf_val(struct cctx *c, struct econfs *l,
			      const char *key, const floe_mval *v)
{
	struct econf *e = push(c, l, key, v);
	if (v->kind == FLOE_MV_SECRET)
		floe_emit__econf_part(e, NULL, v->secret->env);
	else
		floe_emit__econf_part(e, v->text, NULL);
	return e;
}

void floe_emit__econfs_release(struct econfs *l)
{
	free(l->items);
	memset(l, 0, sizeof(*l));
}

/* String.trim() drops every char <= ' ' at both ends; Spark keeps CR, LF. */
static bool trimmed(unsigned char ch, bool crlf)
{
	return ch <= ' ' && !(crlf && (ch == '\r' || ch == '\n'));
}

/* "${NAME:" at s: the start of a Trino secret reference. */
static bool trino_ref_at(const char *s)
{
	if (s[0] != '$' || s[1] != '{' || !((s[2] | 0x20) >= 'a' && (s[2] | 0x20) <= 'z'))
		return false;
	for (s += 3; *s; s++) {
		if (*s == ':')
			return true;
		if (!((*s | 0x20) >= 'a' && (*s | 0x20) <= 'z') &&
		    !(*s >= '0' && *s <= '9') && *s != '_' && *s != '-')
			return false;
	}
	return false;
}

static const char *why_changed(const struct econf *e, size_t i, bool trino)
{
	const char *s = e->parts[i].s;
	size_t n = strlen(s);
	if (i == 0 && n && trimmed((unsigned char)s[0], !trino))
		return "begins with white space, which the engine trims";
	if (i + 1 == e->nparts && n && trimmed((unsigned char)s[n - 1], !trino))
		return "ends with white space, which the engine trims";
	if (i == 0 && strncmp(s, "env:", 4) == 0)
		return "starts with 'env:', which Iceberg's REST client reads as "
		       "an environment variable";
	for (const char *p = s; trino && (p = strstr(p, "${")); p++)
		if (trino_ref_at(p))
			return "holds '${NAME:', which Trino reads as a secret reference";
	return NULL;
}

size_t floe_emit__econf_check(struct cctx *c, const struct econfs *l,
			 const char *file, bool trino)
{
	size_t bad = 0;
	for (size_t k = 0; k < l->len; k++) {
		const struct econf *e = &l->items[k];
		for (size_t i = 0; i < e->nparts; i++) {
			const char *why = e->parts[i].s ? why_changed(e, i, trino) : NULL;
			if (!why)
				continue;
			floe_diag *g = floe_emit__diag_at(c, FLOE_SEV_ERROR,
				"compile/unwritable-value", e->from,
				"the value of '%s' in %s %s", e->key, file, why);
			floe_diag_note(c->d, g, NULL, "floe never changes a value: "
				       "write it without that, or use another engine");
			bad++;
			break;
		}
	}
	return bad;
}

json_t *floe_emit__econf_json(struct render *rd, const struct econfs *l)
{
	json_t *a = json_array();
	for (size_t k = 0; k < l->len; k++) {
		const struct econf *e = &l->items[k];
		json_t *o = json_object(), *parts = json_array();
		set(o, "key", floe_emit__jstr(rd, e->key));
		for (size_t i = 0; i < e->nparts; i++) {
			json_t *p = json_object();
			if (e->parts[i].env)
				set(p, "env", json_string(e->parts[i].env));
			else
				set(p, "s", floe_emit__jstr(rd, e->parts[i].s));
			json_array_append_new(parts, p);
		}
		set(o, "parts", parts);
		set(o, "at", floe_emit__at(rd, e->from, e->from2));
		json_array_append_new(a, o);
	}
	return a;
}
