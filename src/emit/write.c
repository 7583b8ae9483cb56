/*
 * write.c: floe_compile_write, all outputs or none: staged in a new
 * directory beside the target, which then takes its place (exchanged in
 * one step with renameat2 where possible, else the old one moved aside
 * first).  A failure leaves the old directory or the new one, complete.
 * Not fsync'd: this guards against failures of floe, not of the machine.
 */
#include <dirent.h>
#include <errno.h>
#include <fcntl.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>
#include <unistd.h>
#include "emit/compile_int.h"

static int fail(const char *what, const char *path)
{
	floe_error_set("cannot %s '%s': %s", what, path, strerror(errno));
	return FLOE_EIO;
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

static int write_file(const char *dir, const floe_output *f)
{
	floe_buf path = FLOE_BUF_INIT;
	floe_buf_printf(&path, "%s/%s", dir, f->name);
	/* engine files live in subdirectories (trino/catalog/x.properties) */
	int rc = make_parents(path.ptr);
	int fd = rc ? -1 : open(path.ptr, O_WRONLY | O_CREAT | O_EXCL | O_CLOEXEC, 0644);
	if (!rc && fd < 0)
		rc = fail("create", path.ptr);
	for (size_t off = 0; !rc && off < f->len;) {
		ssize_t n = write(fd, f->data + off, f->len - off);
		if (n < 0 && errno == EINTR)
			continue;
		if (n <= 0)
			rc = fail("write", path.ptr);
		else
			off += (size_t)n;
	}
	if (fd >= 0 && close(fd) != 0 && !rc)
		rc = fail("write", path.ptr);
	floe_buf_release(&path);
	return rc;
}

/* rm -r of a directory floe staged or replaced (files and directories). */
static void remove_tree(const char *dir)
{
	DIR *d = opendir(dir);
	struct dirent *e;
	floe_buf p = FLOE_BUF_INIT;
	while (d && (e = readdir(d))) {
		if (!strcmp(e->d_name, ".") || !strcmp(e->d_name, ".."))
			continue;
		floe_buf_clear(&p);
		floe_buf_printf(&p, "%s/%s", dir, e->d_name);
		struct stat st;
		if (lstat(p.ptr, &st) == 0 && S_ISDIR(st.st_mode))
			remove_tree(p.ptr);
		else
			unlink(p.ptr);
	}
	if (d)
		closedir(d);
	floe_buf_release(&p);
	rmdir(dir);
}

static int exchange(const char *a, const char *b)
{
#ifdef RENAME_EXCHANGE
	return renameat2(AT_FDCWD, a, AT_FDCWD, b, RENAME_EXCHANGE);
#else
	errno = ENOSYS;
	return -1;
#endif
}

/* Put `stage` in place of the existing directory `dir`. */
static int replace(const char *stage, const char *dir, const char *aside)
{
	if (exchange(stage, dir) == 0) {
		remove_tree(stage);
		return 0;
	}
	if (errno != ENOSYS && errno != EINVAL && errno != ENOTSUP)
		return fail("replace", dir);
	if (rename(dir, aside) != 0)
		return fail("move aside", dir);
	if (rename(stage, dir) != 0) {
		int rc = fail("replace", dir);
		rename(aside, dir);
		return rc;
	}
	remove_tree(aside);
	return 0;
}

/* A directory floe must not replace: a project (it holds floe.yaml). */
static bool owned_elsewhere(const char *dir)
{
	floe_buf p = FLOE_BUF_INIT;
	floe_buf_printf(&p, "%s/floe.yaml", dir);
	bool project = floe_fs_exists(p.ptr);
	floe_buf_release(&p);
	if (project)
		floe_error_set("refusing to replace '%s': it holds floe.yaml", dir);
	return project;
}

int floe_compile_write(const floe_compile_result *r, const char *dir)
{
	size_t n = strlen(dir);
	while (n > 1 && dir[n - 1] == '/')
		n--;
	char *target = floe_xstrndup(dir, n);
	floe_buf stage = FLOE_BUF_INIT, aside = FLOE_BUF_INIT;
	struct stat st;
	int rc = make_parents(target);

	floe_buf_printf(&stage, "%s.tmp-XXXXXX", target);
	floe_buf_printf(&aside, "%s.old-%ld", target, (long)getpid());
	if (!rc && !mkdtemp(stage.ptr))
		rc = fail("create directory", stage.ptr);
	if (!rc && chmod(stage.ptr, 0755) != 0)
		rc = fail("set the mode of", stage.ptr);
	for (size_t i = 0; !rc && i < floe_compile_output_count(r); i++)
		rc = write_file(stage.ptr, floe_compile_output_at(r, i));
	if (!rc && owned_elsewhere(target))
		rc = FLOE_EIO;
	else if (!rc && lstat(target, &st) == 0 && !S_ISDIR(st.st_mode)) {
		errno = ENOTDIR;
		rc = fail("replace", target);
	} else if (!rc && lstat(target, &st) == 0) {
		rc = replace(stage.ptr, target, aside.ptr);
	} else if (!rc && rename(stage.ptr, target) != 0) {
		rc = fail("create", target);
	}
	if (rc && stage.ptr && floe_fs_is_dir(stage.ptr))
		remove_tree(stage.ptr);
	floe_buf_release(&stage);
	floe_buf_release(&aside);
	free(target);
	return rc;
}
