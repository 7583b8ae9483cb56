/*
 * secrets.c: run-time resolution of secret references: environment
 * variable, then a file under the secrets mount, then the environment's
 * sealed file (sealed.c).  Values are read straight into guarded memory and
 * never into a message; the static checks of references live in
 * src/resolve/secrets.c.
 */
#include <errno.h>
#include <fcntl.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <signal.h>
#include <sys/prctl.h>
#include <sys/resource.h>
#include <sys/stat.h>
#include <unistd.h>
#include "floe/project.h"
#include "secret_impl.h"
#include "util/util.h"

void floe_secrets_harden(void)
{
	static volatile sig_atomic_t done;
	if (done)
		return;
	done = 1;
	/* a core would hold every value DuckDB, libsodium or environ has */
	struct rlimit none = { 0, 0 };
	setrlimit(RLIMIT_CORE, &none);
	/* no core even if a limit comes back, no ptrace by the same user, and
	 * /proc/PID (environ, mem, maps) owned by root */
	prctl(PR_SET_DUMPABLE, 0, 0, 0, 0);
}

int floe_secrets_init(void)
{
	floe_secrets_harden();
	if (sodium_init() < 0) {
		floe_error_set("libsodium could not be initialized");
		return FLOE_ECRYPTO;
	}
	return 0;
}

static floe_secret_warn_fn warn_sink;

void floe_secrets_on_warning(floe_secret_warn_fn fn)
{
	warn_sink = fn;
}

void floe_runtime__secret_warn(const char *fmt, ...)
{
	floe_buf b = FLOE_BUF_INIT;
	va_list ap;
	if (!warn_sink)
		return;
	va_start(ap, fmt);
	floe_buf_vprintf(&b, fmt, ap);
	va_end(ap);
	warn_sink(floe_buf_cstr(&b));
	floe_buf_release(&b);
}

void *floe_runtime__guarded_alloc(size_t n)
{
	void *p = sodium_malloc(n ? n : 1);
	if (!p)
		abort();
	return p;
}

floe_secret *floe_runtime__secret_new(const char *name, const char *key,
			      const char *var, const char *source, size_t len)
{
	floe_arena *a = NULL;
	if (!var) {
		a = floe_arena_new();
		var = floe_secret_env_name(a, name, key);
	}
	size_t nl = strlen(name) + 1, kl = key ? strlen(key) + 1 : 0;
	size_t vl = strlen(var) + 1;
	floe_secret *s = floe_xmalloc(sizeof(*s) + nl + kl + vl);
	char *p = (char *)(s + 1);
	s->name = memcpy(p, name, nl);
	s->key = key ? memcpy(p + nl, key, kl) : NULL;
	s->var = memcpy(p + nl + kl, var, vl);
	s->source = source;
	s->len = len;
	s->value = floe_runtime__guarded_alloc(len + 1);
	memset(s->value, 0, len + 1);
	floe_arena_free(a);
	return s;
}

void floe_runtime__secret_lock(floe_secret *s)
{
	sodium_mprotect_readonly(s->value);
}

void floe_secret_free(floe_secret *s)
{
	if (!s)
		return;
	sodium_free(s->value); /* wipes, also when read-only */
	free(s);
}

bool floe_secret_name_ok(const char *s)
{
	size_t n = s ? strlen(s) : 0;
	if (n == 0 || n > 253)
		return false;
	for (size_t i = 0; i < n; i++) {
		char c = s[i];
		bool alnum = (c >= 'a' && c <= 'z') || (c >= 'A' && c <= 'Z') ||
			     (c >= '0' && c <= '9');
		if (!alnum && (i == 0 || (c != '-' && c != '_' && c != '.')))
			return false;
	}
	return true;
}

int floe_runtime__read_guarded(char **out, size_t *len, int fd, size_t max,
		       const char *what)
{
	char *buf = floe_runtime__guarded_alloc(max + 2);
	size_t n = 0;
	for (;;) {
		ssize_t r = read(fd, buf + n, max + 1 - n);
		if (r < 0 && errno == EINTR)
			continue;
		if (r < 0) {
			floe_error_set("cannot read %s: %s", what, strerror(errno));
			sodium_free(buf);
			return FLOE_EIO;
		}
		if (r == 0)
			break;
		n += (size_t)r;
		if (n > max) {
			floe_error_set("%s is larger than %zu bytes", what, max);
			sodium_free(buf);
			return FLOE_ETOOBIG;
		}
	}
	buf[n] = '\0';
	*out = buf;
	*len = n;
	return 0;
}

bool floe_runtime__b64_exact(unsigned char *bin, size_t want, const char *b64,
		     size_t len)
{
	size_t got = 0;
	return sodium_base642bin(bin, want, b64, len, " \t\r\n", &got, NULL,
				 FLOE_B64) == 0 && got == want;
}

/*
 * Read fd into a new secret, one trailing newline stripped.  *out stays
 * NULL for an empty value.
 */
static int read_value(floe_secret **out, int fd, const char *what,
		      const char *name, const char *key, const char *source)
{
	char *buf;
	size_t n;
	int rc = floe_runtime__read_guarded(&buf, &n, fd, FLOE_SECRET_MAX, what);
	if (rc)
		return rc;
	if (n && buf[n - 1] == '\n')
		n--;
	if (n) {
		*out = floe_runtime__secret_new(name, key, NULL, source, n);
		memcpy((*out)->value, buf, n);
		floe_runtime__secret_lock(*out);
	}
	sodium_free(buf);
	return 0;
}

int floe_secret_read_fd(floe_secret **out, int fd)
{
	int rc = floe_secrets_init();
	*out = NULL;
	if (rc)
		return rc;
	rc = read_value(out, fd, "standard input", "stdin", NULL, "stdin");
	if (rc == 0 && !*out) {
		floe_error_set("the value on standard input is empty");
		rc = FLOE_EINVALID;
	}
	return rc;
}

/* One resolution: the reference, the options and the places looked. */
struct lookup {
	const char *name, *key;
	const floe_secret_opts *o;
	floe_buf *looked;
};

static const char *real_getenv(const char *name)
{
	return getenv(name);
}

static const char *env_get(const struct lookup *l, const char *var)
{
	const char *v = l->o->getenv ? l->o->getenv(var) : real_getenv(var);
	return v && v[0] ? v : NULL;
}

static void looked_add(const struct lookup *l, const char *fmt, ...)
	__attribute__((format(printf, 2, 3)));

static void looked_add(const struct lookup *l, const char *fmt, ...)
{
	va_list ap;
	if (l->looked->len)
		floe_buf_puts(l->looked, ", ");
	va_start(ap, fmt);
	floe_buf_vprintf(l->looked, fmt, ap);
	va_end(ap);
}

/* The result of one place: 1 found, 0 not there, < 0 an error. */
static int from_env(floe_secret **out, const struct lookup *l)
{
	floe_arena *a = floe_arena_new();
	const char *var = floe_secret_env_name(a, l->name, l->key);
	const char *raw = l->o->getenv ? l->o->getenv(var) : real_getenv(var);
	int found = 0;
	if (raw && raw[0]) {
		size_t n = strlen(raw);
		*out = floe_runtime__secret_new(l->name, l->key, var, "env", n);
		memcpy((*out)->value, raw, n);
		floe_runtime__secret_lock(*out);
		found = 1;
	} else {
		looked_add(l, "environment variable %s%s", var, raw ? " (empty)" : "");
	}
	floe_arena_free(a);
	return found;
}

static int open_secret_file(int *fd, const char *path)
{
	struct stat st;
	*fd = open(path, O_RDONLY | O_CLOEXEC | O_NONBLOCK);
	if (*fd < 0) {
		if (errno == ENOENT || errno == ENOTDIR)
			return 0;
		floe_error_set("cannot open secret file '%s': %s", path,
			       strerror(errno));
		return FLOE_EIO;
	}
	int rc = 1;
	if (fstat(*fd, &st) != 0) {
		floe_error_set("cannot stat secret file '%s': %s", path,
			       strerror(errno));
		rc = FLOE_EIO;
	} else if (S_ISDIR(st.st_mode)) {
		floe_error_set("secret file '%s' is a directory", path);
		rc = FLOE_EIO;
	} else if (!S_ISREG(st.st_mode)) {
		floe_error_set("secret file '%s' is not a regular file", path);
		rc = FLOE_EIO;
	} else if ((size_t)st.st_size > FLOE_SECRET_MAX) {
		floe_error_set("secret file '%s' is larger than 64 KiB", path);
		rc = FLOE_ETOOBIG;
	}
	if (rc != 1)
		close(*fd);
	return rc;
}

static const char *mount_dir(const struct lookup *l)
{
	if (l->o->mount_dir && l->o->mount_dir[0])
		return l->o->mount_dir;
	const char *dir = env_get(l, "FLOE_SECRETS_DIR");
	return dir ? dir : FLOE_SECRETS_MOUNT;
}

static int from_file(floe_secret **out, const struct lookup *l)
{
	if (!floe_secret_name_ok(l->name) || (l->key && !floe_secret_name_ok(l->key))) {
		looked_add(l, "no file (the name is not a plain file name)");
		return 0;
	}
	floe_buf path = FLOE_BUF_INIT, what = FLOE_BUF_INIT;
	const char *dir = mount_dir(l);
	size_t dl = strlen(dir);
	while (dl > 1 && dir[dl - 1] == '/')
		dl--;
	floe_buf_printf(&path, "%.*s/%s", (int)dl, dir, l->name);
	if (l->key)
		floe_buf_printf(&path, "/%s", l->key);
	int fd, rc = open_secret_file(&fd, path.ptr);
	if (rc == 1) {
		floe_buf_printf(&what, "secret file '%s'", path.ptr);
		rc = read_value(out, fd, what.ptr, l->name, l->key, "file");
		close(fd);
		if (rc == 0 && *out)
			rc = 1;
		else if (rc == 0)
			looked_add(l, "file %s (empty)", path.ptr);
	} else if (rc == 0) {
		looked_add(l, "file %s", path.ptr);
	}
	floe_buf_release(&path);
	floe_buf_release(&what);
	return rc;
}

/* Once per file: a version 1 file is not bound to its environment. */
static void warn_v1(const char *file)
{
	static char last[512];
	if (strcmp(last, file) == 0)
		return;
	snprintf(last, sizeof(last), "%s", file);
	floe_runtime__secret_warn("sealed file '%s' has version 1: its values are not bound to an "
			  "environment; 'floe secrets reseal' upgrades it to version 2", file);
}

static int from_sealed(floe_secret **out, const struct lookup *l)
{
	const char *file = l->o->sealed_file;
	floe_sealed *f = NULL;
	floe_seal_key *k = NULL;
	if (!file || !file[0])
		return 0;
	int rc = floe_sealed_load(&f, file, 0);
	if (rc == FLOE_ENOTFOUND) {
		looked_add(l, "sealed file %s (missing)", file);
		return 0;
	}
	if (rc)
		return rc;
	if ((rc = floe_sealed_check_env(f, l->o->env)) != 0)
		goto out;
	if (floe_sealed_version(f) == 1)
		warn_v1(file);
	if (!floe_sealed_has(f, l->name, l->key)) {
		looked_add(l, "sealed file %s (no entry)", file);
		goto out;
	}
	rc = floe_seal_key_from_env(&k, l->o->getenv);
	if (rc == FLOE_ENOTFOUND) {
		looked_add(l, "sealed file %s (no key: set FLOE_SECRETS_KEY or FLOE_SECRETS_KEY_FILE)", file);
		rc = 0;
		goto out;
	}
	if (rc == 0)
		rc = floe_sealed_open(out, f, k, l->name, l->key);
	if (rc == 0)
		rc = 1;
out:
	floe_seal_key_free(k);
	floe_sealed_free(f);
	return rc;
}

int floe_secret_resolve(floe_secret **out, const char *name, const char *key,
			const floe_secret_opts *o, floe_buf *looked)
{
	floe_secret_opts none = { NULL, NULL, NULL, NULL };
	floe_buf mine = FLOE_BUF_INIT;
	struct lookup l = { name, key, o ? o : &none, looked ? looked : &mine };
	int rc;

	*out = NULL;
	if (!name || !name[0] || (key && !key[0])) {
		floe_error_set("a secret reference needs a name (and a non-empty key)");
		return FLOE_EUSAGE;
	}
	if ((rc = floe_secrets_init()) != 0)
		return rc;
	floe_buf_clear(l.looked);
	rc = from_env(out, &l);
	if (rc == 0)
		rc = from_file(out, &l);
	if (rc == 0)
		rc = from_sealed(out, &l);
	if (rc == 0) {
		floe_error_set("secret '%s'%s%s%s not found: looked in %s", name,
			       key ? " key '" : "", key ? key : "", key ? "'" : "",
			       floe_buf_cstr(l.looked));
		rc = FLOE_ESECRET;
	}
	if (rc < 0) {
		floe_secret_free(*out);
		*out = NULL;
	}
	floe_buf_release(&mine);
	return rc < 0 ? rc : 0;
}
