/*
 * launch_env.c: the environment a launched command gets (the process's
 * or none, then floe's entries, then the secrets), built in one guarded
 * block that is wiped once the child has it; and the files CMD may be,
 * found in that environment's PATH the way execvp looks.
 */
#include <errno.h>
#include <stdlib.h>
#include <string.h>
#include <unistd.h>
#include <sodium.h>
#include "launch_impl.h"
#include "util/util.h"

extern char **environ;

/* The PATH execvp uses when there is none. */
#define DEFAULT_PATH "/usr/local/bin:/usr/bin:/bin"

/* One NAME=VALUE to be: `a` alone (a whole environ entry) or a, '=', b. */
struct part {
	const char *a, *b;
	size_t alen, blen;
};

struct parts {
	struct part *items;
	size_t len, cap;
};

static void add(struct parts *ps, const char *a, size_t alen, const char *b,
		size_t blen)
{
	if (ps->len == ps->cap) {
		ps->cap = ps->cap ? ps->cap * 2 : 64;
		ps->items = floe_xrealloc(ps->items, ps->cap * sizeof(*ps->items));
	}
	ps->items[ps->len++] = (struct part){ a, b, alen, blen };
}

static bool name_is(const char *name, const char *s, size_t n)
{
	return strlen(name) == n && memcmp(name, s, n) == 0;
}

/* True when env entries from `from` on, or a secret, set name s[0..n). */
static bool taken(const floe_launch_spec *sp, size_t from, const char *s,
		  size_t n)
{
	for (size_t k = from; k < sp->nenv; k++)
		if (name_is(sp->env[k].name, s, n))
			return true;
	for (size_t k = 0; k < floe_secret_set_count(sp->secrets); k++)
		if (name_is(floe_secret_set_get(sp->secrets, k)->var, s, n))
			return true;
	return false;
}

/* floe's own keys (FLOE_SECRETS_KEY*): no child gets them. */
static bool blocked(const char *s, size_t n)
{
	char name[64];
	if (n >= sizeof(name))
		return false;
	memcpy(name, s, n);
	name[n] = '\0';
	return floe_secret_env_blocked(name);
}

static int check(const floe_launch_spec *sp)
{
	for (size_t i = 0; i < sp->nenv; i++) {
		const char *n = sp->env[i].name;
		if (!n || !n[0] || strchr(n, '=')) {
			floe_error_set("invalid environment variable name '%s'",
				       n ? n : "");
			return FLOE_EUSAGE;
		}
	}
	for (size_t i = 0; i < floe_secret_set_count(sp->secrets); i++) {
		const floe_secret *s = floe_secret_set_get(sp->secrets, i);
		if (strlen(s->value) != s->len) {
			floe_error_set("secret '%s' holds a NUL byte: it cannot be passed in the environment as %s",
				       s->name, s->var);
			return FLOE_ESECRET;
		}
	}
	return 0;
}

static void collect(struct parts *ps, const floe_launch_spec *sp)
{
	for (char **e = sp->clear_env ? NULL : environ; e && *e; e++) {
		size_t n = strcspn(*e, "=");
		if (!taken(sp, 0, *e, n) && !blocked(*e, n))
			add(ps, *e, strlen(*e), NULL, 0);
	}
	for (size_t i = 0; i < sp->nenv; i++) {
		const floe_launch_env *v = &sp->env[i];
		if (v->value && !floe_secret_env_blocked(v->name) &&
		    !taken(sp, i + 1, v->name, strlen(v->name)))
			add(ps, v->name, strlen(v->name), v->value, strlen(v->value));
	}
	for (size_t i = 0; i < floe_secret_set_count(sp->secrets); i++) {
		const floe_secret *s = floe_secret_set_get(sp->secrets, i);
		add(ps, s->var, strlen(s->var), s->value, s->len);
	}
}

/* Lay the parts out in one guarded block: the pointers, then the strings. */
static void lay_out(struct launch_env *out, const struct parts *ps)
{
	size_t ptrs = (ps->len + 1) * sizeof(char *), size = ptrs;
	for (size_t i = 0; i < ps->len; i++)
		size += ps->items[i].alen + ps->items[i].blen + 2;
	size = (size + 15) & ~(size_t)15; /* keeps the pointer array aligned */
	out->mem = sodium_malloc(size);
	if (!out->mem)
		abort();
	out->envp = out->mem;
	char *p = (char *)out->mem + ptrs;
	for (size_t i = 0; i < ps->len; i++) {
		const struct part *t = &ps->items[i];
		out->envp[i] = p;
		memcpy(p, t->a, t->alen);
		p += t->alen;
		if (t->b) {
			*p++ = '=';
			memcpy(p, t->b, t->blen);
			p += t->blen;
		}
		*p++ = '\0';
		if (floe_str_startswith(out->envp[i], "PATH="))
			out->path = out->envp[i] + 5;
	}
	out->envp[ps->len] = NULL;
}

int floe_runtime__launch_env_build(struct launch_env *out, const floe_launch_spec *spec)
{
	struct parts ps = { NULL, 0, 0 };
	int rc;

	memset(out, 0, sizeof(*out));
	if (sodium_init() < 0) {
		floe_error_set("libsodium could not be initialized");
		rc = FLOE_ECRYPTO;
	} else if ((rc = check(spec)) == 0) {
		collect(&ps, spec);
		lay_out(out, &ps);
	}
	free(ps.items);
	floe_secret_set_free(spec->secrets);
	return rc;
}

void floe_runtime__launch_env_wipe(struct launch_env *e)
{
	if (e->mem)
		sodium_free(e->mem);
	memset(e, 0, sizeof(*e));
}

int floe_runtime__launch_cmd_init(struct launch_cmd *out, char *const *argv,
			  const char *path)
{
	floe_vec files = FLOE_VEC_INIT;
	const char *cmd = argv ? argv[0] : NULL;

	memset(out, 0, sizeof(*out));
	if (!cmd || !cmd[0]) {
		floe_error_set("no command to run");
		return FLOE_EUSAGE;
	}
	out->argv = argv;
	out->searched = !strchr(cmd, '/');
	if (!out->searched) {
		floe_vec_push(&files, floe_xstrdup(cmd));
	} else {
		const char *p = path ? path : DEFAULT_PATH;
		for (;;) {
			size_t n = strcspn(p, ":");
			floe_buf f = FLOE_BUF_INIT;
			if (n)  /* an empty entry is the working directory */
				floe_buf_printf(&f, "%.*s/", (int)n, p);
			floe_buf_puts(&f, cmd);
			floe_vec_push(&files, floe_buf_detach(&f));
			if (!p[n])
				break;
			p += n + 1;
		}
	}
	floe_vec_push(&files, NULL);
	out->files = (char **)files.items;
	return 0;
}

void floe_runtime__launch_cmd_release(struct launch_cmd *c)
{
	for (size_t i = 0; c->files && c->files[i]; i++)
		free(c->files[i]);
	free(c->files);
	c->files = NULL;
}

int floe_runtime__launch_try(const struct launch_cmd *c, char **envp)
{
	bool denied = false;
	for (size_t i = 0; c->files[i]; i++) {
		execve(c->files[i], c->argv, envp);
		switch (errno) {
		case EACCES:
			denied = true;
			continue;
		case ENOENT: case ENOTDIR: case ESTALE: case ENODEV: case ETIMEDOUT:
			continue;
		default:
			return errno;
		}
	}
	return denied ? EACCES : ENOENT;
}

/* True when some candidate exists: ENOENT then came from its #! line. */
static bool any_exists(const struct launch_cmd *c)
{
	for (size_t i = 0; c->files[i]; i++)
		if (access(c->files[i], F_OK) == 0)
			return true;
	return false;
}

int floe_runtime__launch_failed(int *status, const struct launch_cmd *c, int err)
{
	const char *cmd = c->argv[0];
	*status = 126;
	if (err == ENOENT && any_exists(c)) {
		floe_error_set("command '%s' cannot be executed: the interpreter its #! line names does not exist",
			       cmd);
	} else if (err == ENOENT) {
		*status = 127;
		floe_error_set("command '%s' not found%s", cmd,
			       c->searched ? " in PATH" : "");
	} else {
		floe_error_set("command '%s' cannot be executed: %s", cmd,
			       strerror(err));
	}
	return FLOE_ECHILD;
}
