/*
 * env.c: the model's container environment as container.env (Docker's
 * --env-file: KEY=value, a secret as a bare KEY line) and k8s-env.yaml (a
 * Kubernetes env list, a secret as valueFrom.secretKeyRef).  A name or a
 * value an env file cannot hold is a diagnostic at the value's origin.
 */
#include <string.h>
#include "emit/compile_int.h"

static bool env_name_ok(const char *s)
{
	if (!*s || (*s >= '0' && *s <= '9'))
		return false;
	for (; *s; s++)
		if (!((*s >= 'a' && *s <= 'z') || (*s >= 'A' && *s <= 'Z') ||
		      (*s >= '0' && *s <= '9') || *s == '_'))
			return false;
	return true;
}

/* Every name and value can be written; else diagnostics. */
static int check(struct cctx *c)
{
	floe_buf tmp = FLOE_BUF_INIT;
	int rc = 0;
	for (size_t i = 0; i < floe_model_env_count(c->m); i++) {
		const floe_menv *e = floe_model_env_at(c->m, i);
		if (!env_name_ok(e->name)) {
			floe__diag_at(c, FLOE_SEV_ERROR, "compile/unwritable-value", e->from,
				"'%s' is not an environment variable name "
				"(letters, digits and '_', not first a digit)",
				floe__shown(c, e->name));
			rc = FLOE_EINVALID;
			continue;
		}
		floe_buf_clear(&tmp);
		if (e->value && floe_escape_env_value(&tmp, e->value, strlen(e->value))) {
			floe_diag *g = floe__diag_at(c, FLOE_SEV_ERROR,
				"compile/unwritable-value", e->from,
				"the value of %s holds a line break, which container.env "
				"cannot hold", floe__shown(c, e->name));
			floe_diag_note(c->d, g, NULL, "an env file has one KEY=value per "
				       "line, with no quoting");
			rc = FLOE_EINVALID;
		}
	}
	floe_buf_release(&tmp);
	return rc;
}

static json_t *context(struct render *rd, struct cctx *c)
{
	json_t *list = json_array(), *ctx = json_object();
	for (size_t i = 0; i < floe_model_env_count(c->m); i++) {
		const floe_menv *e = floe_model_env_at(c->m, i);
		json_t *o = json_object();
		json_object_set_new(o, "name", floe__jstr(rd, e->name));
		if (e->secret) {
			json_t *s = json_object();
			json_object_set_new(s, "name", floe__jstr(rd, e->secret->k8s_name));
			json_object_set_new(s, "key", floe__jstr(rd, e->secret->k8s_key));
			json_object_set_new(o, "secret", s);
		} else {
			json_object_set_new(o, "value", floe__jstr(rd, e->value));
		}
		json_object_set_new(o, "at", floe__at(rd, e->from, NULL));
		json_array_append_new(list, o);
	}
	json_object_set_new(ctx, "env", list);
	return ctx;
}

static int one(struct cctx *c, const char *file, const char *tmpl)
{
	struct render rd;
	floe__render_init(&rd, c, file);
	int rc = floe__render(&rd, tmpl, context(&rd, c));
	floe__render_release(&rd);
	return rc;
}

int floe__emit_env(struct cctx *c)
{
	if (check(c))
		return FLOE_EINVALID;
	int rc = one(c, "container.env", "container.env.tmpl");
	int rc2 = one(c, "k8s-env.yaml", "k8s-env.yaml.tmpl");
	return rc ? rc : rc2;
}
