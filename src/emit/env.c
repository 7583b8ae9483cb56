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
			floe_emit__diag_at(c, FLOE_SEV_ERROR, "compile/unwritable-value", e->from,
				"'%s' is not an environment variable name "
				"(letters, digits and '_', not first a digit)",
				floe_emit__shown(c, e->name));
			rc = FLOE_EINVALID;
			continue;
		}
		floe_buf_clear(&tmp);
		if (e->value && floe_emit__esc_env_value(&tmp, e->value, strlen(e->value))) {
			floe_diag *g = floe_emit__diag_at(c, FLOE_SEV_ERROR,
				"compile/unwritable-value", e->from,
				"the value of %s holds a line break, which container.env "
				"cannot hold", floe_emit__shown(c, e->name));
			floe_diag_note(c->d, g, NULL, "an env file has one KEY=value per "
				       "line, with no quoting");
			rc = FLOE_EINVALID;
		}
	}
	floe_buf_release(&tmp);
	return rc;
}

/*
 * The kubelet expands $(NAME) in a value when NAME is defined before it,
 * and reads $$ as $: every $ doubled reads back as the value written.
 */
static json_t *k8s_value(struct render *rd, const char *v, floe_buf *tmp)
{
	if (!strchr(v, '$'))
		return floe_emit__jstr(rd, v);
	floe_buf_clear(tmp);
	for (; *v; v++) {
		if (*v == '$')
			floe_buf_putc(tmp, '$');
		floe_buf_putc(tmp, *v);
	}
	return floe_emit__jstr(rd, floe_buf_cstr(tmp));
}

/* k8s: values as the kubelet must read them (k8s_value). */
static json_t *context(struct render *rd, struct cctx *c, bool k8s)
{
	floe_buf tmp = FLOE_BUF_INIT;
	json_t *list = json_array(), *ctx = json_object();
	for (size_t i = 0; i < floe_model_env_count(c->m); i++) {
		const floe_menv *e = floe_model_env_at(c->m, i);
		json_t *o = json_object();
		json_object_set_new(o, "name", floe_emit__jstr(rd, e->name));
		if (e->secret) {
			json_t *s = json_object();
			json_object_set_new(s, "name", floe_emit__jstr(rd, e->secret->k8s_name));
			json_object_set_new(s, "key", floe_emit__jstr(rd, e->secret->k8s_key));
			json_object_set_new(o, "secret", s);
		} else {
			json_object_set_new(o, "value", k8s ? k8s_value(rd, e->value, &tmp)
							    : floe_emit__jstr(rd, e->value));
		}
		json_object_set_new(o, "at", floe_emit__at(rd, e->from, NULL));
		json_array_append_new(list, o);
	}
	json_object_set_new(ctx, "env", list);
	floe_buf_release(&tmp);
	return ctx;
}

static int one(struct cctx *c, const char *file, const char *tmpl, bool k8s)
{
	struct render rd;
	floe_emit__render_init(&rd, c, file);
	int rc = floe_emit__render(&rd, tmpl, context(&rd, c, k8s));
	floe_emit__render_release(&rd);
	return rc;
}

int floe_emit__emit_env(struct cctx *c)
{
	if (check(c))
		return FLOE_EINVALID;
	int rc = one(c, "container.env", "container.env.tmpl", false);
	int rc2 = one(c, "k8s-env.yaml", "k8s-env.yaml.tmpl", true);
	return rc ? rc : rc2;
}
