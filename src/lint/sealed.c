/*
 * sealed.c: the shared-recipient rule: two environments whose sealed
 * files (platform/<env>/secrets.sealed.yaml) are sealed for one public
 * key.  Only the recipient is read; nothing is opened.
 */
#include <string.h>
#include "floe/project.h"
#include "floe/secrets.h"
#include "internal.h"

/* The recipient of the environment's sealed file, or NULL. */
static const char *recipient_of(struct lint_ctx *c, size_t env, const char **file)
{
	const char *plat = floe_project_env_path(c->p, env);
	floe_sealed *f = NULL;
	const char *r = NULL;
	if (!plat)
		return NULL;
	const char *slash = strrchr(plat, '/');
	*file = slash ? floe_arena_printf(c->a, "%.*s/secrets.sealed.yaml",
					  (int)(slash - plat), plat)
		      : "secrets.sealed.yaml";
	if (floe_sealed_load(&f, *file, 0) == 0)
		r = floe_arena_strdup(c->a, floe_sealed_recipient(f));
	floe_sealed_free(f);
	return r;
}

void floe_lint__shared_recipients(struct lint_ctx *c)
{
	size_t n = floe_project_env_count(c->p);
	const char **rec = floe_arena_alloc(c->a, (n + 1) * sizeof(*rec));
	const char **file = floe_arena_alloc(c->a, (n + 1) * sizeof(*file));
	for (size_t i = 0; i < n; i++) {
		file[i] = NULL;
		rec[i] = recipient_of(c, i, &file[i]);
	}
	for (size_t i = 0; i < n; i++) {
		const floe_doc *ed = floe_project_env_doc(c->p, i);
		if (!rec[i] || !ed || !ed->src)
			continue;
		for (size_t j = 0; j < i; j++) {
			if (!rec[j] || strcmp(rec[i], rec[j]) != 0)
				continue;
			floe_span sp = floe_lint__file_span(ed->src);
			floe_diag *g = floe_lint__report(c, R_SHARED_RECIPIENT, &sp, NULL,
				"environments '%s' and '%s' seal their secrets for one public key (%s)",
				floe_project_env_name(c->p, j), floe_project_env_name(c->p, i),
				rec[i]);
			if (g) {
				floe_lint__note(c, g, NULL, "%s and %s: whoever can open one environment's secrets can open the other's",
					  file[j], file[i]);
				floe_lint__note(c, g, NULL, "give each environment its own key pair: floe secrets keygen, then floe secrets reseal --env %s --new-recipient-file NEW.pub",
					  floe_project_env_name(c->p, i));
			}
			break;
		}
	}
}
