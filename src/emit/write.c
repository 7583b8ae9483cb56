/*
 * write.c: floe_compile_write, all outputs or none, and never over what
 * floe did not write (docs/compile.md, "Where floe writes").
 *
 * The outputs are staged in a new directory beside the target,
 * <target>.floe-stage-<pid>-XXXXXX, which holds a lock file its compile
 * keeps flock'ed; the stage then takes the target's place (exchanged in
 * one step with renameat2 where possible, else the old one moved aside
 * first).  A failure leaves the old directory or the new one, complete.
 * The check of the target and the swap run under an flock of the parent
 * directory, so concurrent compiles to one target take turns there and
 * each succeeds: the last one's output stays, whole.  A stage whose pid is
 * gone and whose lock is free was left by a killed compile: the next
 * compile beside it removes it.
 * Not fsync'd: this guards against failures of floe, not of the machine.
 */
#include <dirent.h>
#include <errno.h>
#include <fcntl.h>
#include <signal.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/file.h>
#include <sys/stat.h>
#include <unistd.h>
#include "emit/compile_int.h"

/* floe's mark on an output directory: it may be replaced whole. */
#define MARKER ".floe-output"
#define MARKER_TEXT "written by floe compile: this folder is replaced by the next compile\n"
#define STAGE_TAG ".floe-stage-"
#define STAGE_LOCK ".floe-stage.lock"

/* What today's floe writes at the top of an output directory. */
static const char *const top_files[] = {
	"attach.sql", "container.env", "k8s-env.yaml", "manifest.json",
	"profiles.yml", MARKER,
};
static const char *const spark_files[] = { "spark-defaults.conf", "spark-env.sh" };
/* Run state under the output directory (dbt's target and log paths): kept. */
static const char *const run_state[] = { "logs", "target" };

static int fail(const char *what, const char *path)
{
	floe_error_set("cannot %s '%s': %s", what, path, strerror(errno));
	return FLOE_EIO;
}

static bool in(const char *name, const char *const *list, size_t n)
{
	for (size_t i = 0; i < n; i++)
		if (strcmp(name, list[i]) == 0)
			return true;
	return false;
}

/* mkdir -p of the directory that will hold `dir`. */
static int make_parents(const char *path)
{
	char *p = floe_xstrdup(path);
	int rc = 0;
	for (char *s = p + 1; *s && !rc; s++) {
		if (*s != '/')
			continue;
		*s = '\0';
		if (mkdir(p, 0777) != 0 && errno != EEXIST) {
			rc = fail("create directory", p);
		} else if (!floe_fs_is_dir(p)) {
			errno = ENOTDIR;
			rc = fail("create directory", p);
		}
		*s = '/';
	}
	free(p);
	return rc;
}

static int write_data(const char *path, const char *data, size_t len)
{
	int fd = open(path, O_WRONLY | O_CREAT | O_EXCL | O_NOFOLLOW | O_CLOEXEC, 0644);
	int rc = fd < 0 ? fail("create", path) : 0;
	for (size_t off = 0; !rc && off < len;) {
		ssize_t n = write(fd, data + off, len - off);
		if (n < 0 && errno == EINTR)
			continue;
		if (n <= 0)
			rc = fail("write", path);
		else
			off += (size_t)n;
	}
	if (fd >= 0 && close(fd) != 0 && !rc)
		rc = fail("write", path);
	return rc;
}

static int write_file(const char *dir, const floe_output *f)
{
	floe_buf path = FLOE_BUF_INIT;
	floe_buf_printf(&path, "%s/%s", dir, f->name);
	/* engine files live in subdirectories (trino/catalog/x.properties) */
	int rc = make_parents(path.ptr);
	if (!rc)
		rc = write_data(path.ptr, f->data, f->len);
	floe_buf_release(&path);
	return rc;
}

/* ---- whose directory is it ---- */

static bool is_kind(const char *dir, const char *name, mode_t kind)
{
	floe_buf p = FLOE_BUF_INIT;
	struct stat st;
	floe_buf_printf(&p, "%s/%s", dir, name);
	bool ok = lstat(p.ptr, &st) == 0 && (st.st_mode & S_IFMT) == kind;
	floe_buf_release(&p);
	return ok;
}

/*
 * True when every entry of `dir` is a regular file that `file_ok` takes;
 * else *bad names the first one that is not (allocated).
 */
static bool only_files(const char *dir, bool (*file_ok)(const char *), char **bad)
{
	DIR *d = opendir(dir);
	struct dirent *e;
	bool ok = d != NULL;
	while (ok && (e = readdir(d))) {
		if (!strcmp(e->d_name, ".") || !strcmp(e->d_name, ".."))
			continue;
		if (!file_ok(e->d_name) || !is_kind(dir, e->d_name, S_IFREG)) {
			*bad = floe_xstrdup(e->d_name);
			ok = false;
		}
	}
	if (d)
		closedir(d);
	else
		*bad = floe_xstrdup(".");
	return ok;
}

static bool spark_ok(const char *n) { return in(n, spark_files, FLOE_ARRAY_SIZE(spark_files)); }

static bool properties_ok(const char *n)
{
	size_t len = strlen(n);
	return n[0] != '.' && len > 11 && strcmp(n + len - 11, ".properties") == 0;
}

/* trino/ holds catalog/ and nothing else; catalog/ only *.properties. */
static bool trino_ok(const char *dir, char **bad)
{
	floe_buf p = FLOE_BUF_INIT;
	DIR *d = opendir(dir);
	struct dirent *e;
	bool ok = d != NULL;
	while (ok && (e = readdir(d))) {
		if (!strcmp(e->d_name, ".") || !strcmp(e->d_name, ".."))
			continue;
		if (strcmp(e->d_name, "catalog") != 0 || !is_kind(dir, e->d_name, S_IFDIR)) {
			*bad = floe_xstrdup(e->d_name);
			ok = false;
			break;
		}
		floe_buf_printf(&p, "%s/catalog", dir);
		char *sub = NULL;
		if (!only_files(p.ptr, properties_ok, &sub)) {
			floe_buf_clear(&p);
			floe_buf_printf(&p, "catalog/%s", sub);
			*bad = floe_buf_detach(&p);
			ok = false;
		}
		free(sub);
	}
	if (d)
		closedir(d);
	else if (!*bad)
		*bad = floe_xstrdup(".");
	floe_buf_release(&p);
	return ok;
}

/*
 * 0 when floe may replace `dir`: it is empty, carries floe's marker, or
 * holds only what floe writes (outputs and run state).  Else FLOE_EIO with
 * a message naming the first entry floe did not write.
 */
static int owned(const char *dir)
{
	DIR *d;
	struct dirent *e;
	char *bad = NULL;
	floe_buf p = FLOE_BUF_INIT;

	if (is_kind(dir, MARKER, S_IFREG))
		return 0;
	if (!(d = opendir(dir)))
		return fail("read directory", dir);
	/* the first foreign entry by name: the message does not vary by file system */
	while ((e = readdir(d))) {
		const char *n = e->d_name;
		char *sub = NULL;
		if (!strcmp(n, ".") || !strcmp(n, ".."))
			continue;
		floe_buf_clear(&p);
		floe_buf_printf(&p, "%s/%s", dir, n);
		if (in(n, top_files, FLOE_ARRAY_SIZE(top_files)) && is_kind(dir, n, S_IFREG))
			continue;
		if (in(n, run_state, FLOE_ARRAY_SIZE(run_state)) && is_kind(dir, n, S_IFDIR))
			continue;
		if (strcmp(n, "spark") == 0 && is_kind(dir, n, S_IFDIR) &&
		    only_files(p.ptr, spark_ok, &sub))
			continue;
		if (strcmp(n, "trino") == 0 && is_kind(dir, n, S_IFDIR) &&
		    trino_ok(p.ptr, &sub))
			continue;
		floe_buf_clear(&p);
		floe_buf_printf(&p, "%s%s%s", n, sub ? "/" : "", sub ? sub : "");
		free(sub);
		if (!bad || strcmp(p.ptr, bad) < 0) {
			free(bad);
			bad = floe_buf_detach(&p);
		}
	}
	closedir(d);
	floe_buf_release(&p);
	if (!bad)
		return 0;
	floe_error_set("refusing to replace '%s': it holds '%s', which floe did not "
		       "write (floe replaces a folder only when it is empty, holds "
		       "floe's marker " MARKER " or only the files floe writes); "
		       "choose another --out", dir, bad);
	free(bad);
	return FLOE_EIO;
}

/*
 * flock, tolerating a file system that has no locks (some network mounts):
 * there compiles to one folder are not serialized, as before.
 */
static bool take_lock(int fd)
{
	int rc;
	do
		rc = flock(fd, LOCK_EX);
	while (rc != 0 && errno == EINTR);
	return rc == 0 || errno == ENOLCK || errno == EOPNOTSUPP || errno == EINVAL;
}

/* ---- stages left by killed compiles ---- */

/* "<base>.floe-stage-<pid>-..." beside the target: that pid, else 0. */
static long stage_pid(const char *entry, const char *base)
{
	size_t n = strlen(base), t = strlen(STAGE_TAG);
	if (strncmp(entry, base, n) != 0 || strncmp(entry + n, STAGE_TAG, t) != 0)
		return 0;
	char *end;
	long pid = strtol(entry + n + t, &end, 10);
	return pid > 0 && *end == '-' ? pid : 0;
}

/* True when the stage's compile is gone: no such process, its lock free. */
static bool abandoned(const char *stage, long pid)
{
	if (pid == (long)getpid() || kill((pid_t)pid, 0) == 0 || errno != ESRCH)
		return false;
	floe_buf p = FLOE_BUF_INIT;
	floe_buf_printf(&p, "%s/" STAGE_LOCK, stage);
	int fd = open(p.ptr, O_RDONLY | O_NOFOLLOW | O_CLOEXEC);
	bool free_lock = fd < 0 ? errno == ENOENT : flock(fd, LOCK_EX | LOCK_NB) == 0;
	if (fd >= 0)
		close(fd);
	floe_buf_release(&p);
	return free_lock;
}

static void remove_abandoned(const char *parent, const char *base)
{
	DIR *d = opendir(parent);
	struct dirent *e;
	floe_buf p = FLOE_BUF_INIT;
	while (d && (e = readdir(d))) {
		long pid = stage_pid(e->d_name, base);
		if (!pid || !is_kind(parent, e->d_name, S_IFDIR))
			continue;
		floe_buf_clear(&p);
		floe_buf_printf(&p, "%s/%s", parent, e->d_name);
		if (abandoned(p.ptr, pid))
			floe_fs_remove_tree(p.ptr);
	}
	if (d)
		closedir(d);
	floe_buf_release(&p);
}

/* ---- the swap ---- */

static int exchange(const char *a, const char *b)
{
#ifdef RENAME_EXCHANGE
	return renameat2(AT_FDCWD, a, AT_FDCWD, b, RENAME_EXCHANGE);
#else
	errno = ENOSYS;
	return -1;
#endif
}

/* Move the run state (target/, logs/) of `from` into `to`; back with undo. */
static void carry_state(const char *from, const char *to)
{
	floe_buf a = FLOE_BUF_INIT, b = FLOE_BUF_INIT;
	for (size_t i = 0; i < FLOE_ARRAY_SIZE(run_state); i++) {
		if (!is_kind(from, run_state[i], S_IFDIR) || is_kind(to, run_state[i], S_IFDIR))
			continue;
		floe_buf_clear(&a);
		floe_buf_clear(&b);
		floe_buf_printf(&a, "%s/%s", from, run_state[i]);
		floe_buf_printf(&b, "%s/%s", to, run_state[i]);
		rename(a.ptr, b.ptr);
	}
	floe_buf_release(&a);
	floe_buf_release(&b);
}

/* Put `stage` in place of the existing directory `dir`. */
static int replace(const char *stage, const char *dir, const char *aside)
{
	carry_state(dir, stage);
	if (exchange(stage, dir) == 0) {
		floe_fs_remove_tree(stage);
		return 0;
	}
	if (errno != ENOSYS && errno != EINVAL && errno != ENOTSUP) {
		int rc = fail("replace", dir);
		carry_state(stage, dir);
		return rc;
	}
	if (rename(dir, aside) != 0) {
		int rc = fail("move aside", dir);
		carry_state(stage, dir);
		return rc;
	}
	if (rename(stage, dir) != 0) {
		int rc = fail("replace", dir);
		rename(aside, dir);
		carry_state(stage, dir);
		return rc;
	}
	floe_fs_remove_tree(aside);
	return 0;
}

/* Under the parent's lock: check the target again and swap. */
static int install(const char *stage, const char *target, const char *aside)
{
	struct stat st;
	for (int tries = 0; tries < 8; tries++) {
		if (lstat(target, &st) != 0) {
			if (rename(stage, target) == 0)
				return 0;
			if (errno != EEXIST && errno != ENOTEMPTY)
				return fail("create", target);
			continue;  /* made meanwhile by someone not holding the lock */
		}
		if (!S_ISDIR(st.st_mode)) {
			errno = ENOTDIR;
			return fail("replace", target);
		}
		int rc = owned(target);
		return rc ? rc : replace(stage, target, aside);
	}
	errno = EEXIST;
	return fail("create", target);
}

/*
 * The path to work on: `dir` without trailing slashes; "." and ".." (or
 * paths ending so) resolved, so that the stage lands beside the folder.
 */
static char *target_path(const char *dir)
{
	size_t n = strlen(dir);
	while (n > 1 && dir[n - 1] == '/')
		n--;
	char *t = floe_xstrndup(dir, n);
	const char *base = floe_path_basename(t);
	if (strcmp(base, ".") == 0 || strcmp(base, "..") == 0 || strcmp(t, "/") == 0) {
		char *real = realpath(t, NULL);
		if (real) {
			free(t);
			t = floe_xstrdup(real);
			free(real);
		}
	}
	return t;
}

int floe_compile_write(const floe_compile_result *r, const char *dir)
{
	char *target = target_path(dir);
	floe_arena *a = floe_arena_new();
	const char *parent = floe_path_dirname(a, target);
	const char *base = floe_path_basename(target);
	floe_buf stage = FLOE_BUF_INIT, aside = FLOE_BUF_INIT, lock = FLOE_BUF_INIT;
	struct stat st;
	int lock_fd = -1, parent_fd = -1, rc = 0;

	if (!base[0] || strcmp(target, "/") == 0 || strcmp(base, ".") == 0 ||
	    strcmp(base, "..") == 0) {
		floe_error_set("refusing to replace '%s': not a folder floe can stage beside", dir);
		rc = FLOE_EIO;
		goto out;
	}
	/* refuse before anything is made: nothing changes */
	if (lstat(target, &st) == 0 && !S_ISDIR(st.st_mode)) {
		errno = ENOTDIR;
		rc = fail("replace", target);
		goto out;
	}
	if (lstat(target, &st) == 0 && (rc = owned(target)) != 0)
		goto out;
	if ((rc = make_parents(target)) != 0)
		goto out;
	parent_fd = open(parent, O_RDONLY | O_DIRECTORY | O_CLOEXEC);
	if (parent_fd < 0) {
		rc = fail("open directory", parent);
		goto out;
	}
	if (flock(parent_fd, LOCK_EX) == 0) {  /* no locks: no cleanup either */
		remove_abandoned(parent, base);
		flock(parent_fd, LOCK_UN);
	}
	floe_buf_printf(&stage, "%s" STAGE_TAG "%ld-XXXXXX", target, (long)getpid());
	floe_buf_printf(&aside, "%s" STAGE_TAG "%ld-old", target, (long)getpid());
	if (!mkdtemp(stage.ptr)) {
		rc = fail("create directory", stage.ptr);
		floe_buf_clear(&stage);
		goto out;
	}
	floe_buf_printf(&lock, "%s/" STAGE_LOCK, stage.ptr);
	lock_fd = open(lock.ptr, O_RDWR | O_CREAT | O_EXCL | O_NOFOLLOW | O_CLOEXEC, 0600);
	if (lock_fd < 0 || !take_lock(lock_fd))
		rc = fail("lock", lock.ptr);
	if (!rc && chmod(stage.ptr, 0755) != 0)
		rc = fail("set the mode of", stage.ptr);
	for (size_t i = 0; !rc && i < floe_compile_output_count(r); i++)
		rc = write_file(stage.ptr, floe_compile_output_at(r, i));
	if (!rc) {
		floe_buf m = FLOE_BUF_INIT;
		floe_buf_printf(&m, "%s/" MARKER, stage.ptr);
		rc = write_data(m.ptr, MARKER_TEXT, sizeof(MARKER_TEXT) - 1);
		floe_buf_release(&m);
	}
	if (!rc && !take_lock(parent_fd))
		rc = fail("lock", parent);
	if (!rc) {
		/* the stage becomes the output: the lock file must not be in it */
		unlink(lock.ptr);
		rc = install(stage.ptr, target, aside.ptr);
		flock(parent_fd, LOCK_UN);
	}
out:
	if (rc && stage.len && floe_fs_is_dir(stage.ptr))
		floe_fs_remove_tree(stage.ptr);
	if (lock_fd >= 0)
		close(lock_fd);
	if (parent_fd >= 0)
		close(parent_fd);
	floe_buf_release(&stage);
	floe_buf_release(&aside);
	floe_buf_release(&lock);
	floe_arena_free(a);
	free(target);
	return rc;
}
