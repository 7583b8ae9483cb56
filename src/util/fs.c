/*
 * fs.c: whole-file reads, path helpers and the temporary files that
 * writers rename into place.  Writing generated outputs atomically lives
 * in src/emit.
 */
#include <dirent.h>
#include <errno.h>
#include <fcntl.h>
#include <stdlib.h>
#include <string.h>
#include <sys/random.h>
#include <sys/stat.h>
#include <unistd.h>
#include "util.h"

/*
 * A regular file is read into a buffer of its size (one read, and one that
 * finds the end); a pipe or a device grows the buffer as it goes.
 */
int floe_fs_read(floe_buf *out, const char *path, size_t max)
{
	struct stat st;
	/* O_NONBLOCK: opening a FIFO that has no writer must not hang */
	int fd = open(path, O_RDONLY | O_CLOEXEC | O_NONBLOCK);
	int rc = 0, fl;
	bool regular = false;

	if (fd < 0) {
		floe_error_set("cannot open '%s': %s", path, strerror(errno));
		return errno == ENOENT || errno == ENOTDIR ? FLOE_ENOTFOUND
							  : FLOE_EIO;
	}
	if (fstat(fd, &st) == 0) {
		if (S_ISDIR(st.st_mode)) {
			floe_error_set("'%s' is a directory", path);
			rc = FLOE_EIO;
			goto out;
		}
		regular = S_ISREG(st.st_mode);
	}
	if (regular) {
		if ((size_t)st.st_size > max) {
			floe_error_set("'%s' is larger than %zu bytes", path, max);
			rc = FLOE_ETOOBIG;
			goto out;
		}
		floe_buf_grow(out, (size_t)st.st_size + 1);
	}
	/* reads block again: a pipe with a writer is read to its end */
	if (!regular && (fl = fcntl(fd, F_GETFL)) >= 0)
		fcntl(fd, F_SETFL, fl & ~O_NONBLOCK);
	for (;;) {
		if (out->cap < out->len + 2)
			floe_buf_grow(out, 65536);
		ssize_t n = read(fd, out->ptr + out->len, out->cap - out->len - 1);
		if (n < 0) {
			if (errno == EINTR)
				continue;
			floe_error_set("cannot read '%s': %s", path,
				       strerror(errno));
			rc = FLOE_EIO;
			goto out;
		}
		if (n == 0)
			break;
		out->len += (size_t)n;
		out->ptr[out->len] = '\0';
		if (out->len > max) {
			floe_error_set("'%s' is larger than %zu bytes", path,
				       max);
			rc = FLOE_ETOOBIG;
			goto out;
		}
	}
	/* NUL-terminated whatever was read, nothing included: the loaders
	 * stop at that NUL */
	if (!out->ptr)
		floe_buf_put(out, "", 0);
	else
		out->ptr[out->len] = '\0';
out:
	close(fd);
	return rc;
}

bool floe_fs_exists(const char *path)
{
	struct stat st;
	return stat(path, &st) == 0;
}

bool floe_fs_is_dir(const char *path)
{
	struct stat st;
	return stat(path, &st) == 0 && S_ISDIR(st.st_mode);
}

char *floe_path_join(floe_arena *a, const char *dir, const char *rel)
{
	if (rel[0] == '/' || !dir || !dir[0] || floe_str_eq(dir, "."))
		return floe_arena_strdup(a, rel);
	while (rel[0] == '.' && rel[1] == '/')
		rel += 2;
	size_t n = strlen(dir);
	while (n > 1 && dir[n - 1] == '/')
		n--;
	return floe_arena_printf(a, "%.*s/%s", (int)n, dir, rel);
}

char *floe_path_dirname(floe_arena *a, const char *path)
{
	const char *slash = strrchr(path, '/');
	if (!slash)
		return floe_arena_strdup(a, ".");
	if (slash == path)
		return floe_arena_strdup(a, "/");
	return floe_arena_strndup(a, path, (size_t)(slash - path));
}

const char *floe_path_basename(const char *path)
{
	const char *slash = strrchr(path, '/');
	return slash ? slash + 1 : path;
}

bool floe_path_has_ext(const char *path, const char *ext)
{
	return floe_str_endswith(path, ext);
}

int floe_fs_create_temp(floe_buf *tmp, const char *path, unsigned mode)
{
	static const char digits[] = "abcdefghijklmnopqrstuvwxyz0123456789";
	for (int attempt = 0; attempt < 100; attempt++) {
		unsigned char r[6];
		if (getrandom(r, sizeof(r), 0) != (ssize_t)sizeof(r))
			return -1;
		floe_buf_clear(tmp);
		floe_buf_printf(tmp, "%s.tmp-", path);
		for (size_t i = 0; i < sizeof(r); i++)
			floe_buf_putc(tmp, digits[r[i] % (sizeof(digits) - 1)]);
		int fd = open(tmp->ptr, O_WRONLY | O_CREAT | O_EXCL | O_NOFOLLOW |
			      O_CLOEXEC, (mode_t)mode);
		if (fd >= 0 || errno != EEXIST)
			return fd;
	}
	errno = EEXIST;
	return -1;
}

int floe_fs_mkdirs(const char *path)
{
	char *p = floe_xstrdup(path);
	int rc = 0;

	for (char *s = p + 1; ; s++) {
		if (*s != '/' && *s != '\0')
			continue;
		char c = *s;
		*s = '\0';
		if (mkdir(p, 0777) != 0 && errno != EEXIST) {
			floe_error_set("cannot create directory '%s': %s", p, strerror(errno));
			rc = FLOE_EIO;
			break;
		}
		*s = c;
		if (c == '\0')
			break;
	}
	free(p);
	return rc;
}

void floe_fs_remove_tree(const char *dir)
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
			floe_fs_remove_tree(p.ptr);
		else
			unlink(p.ptr);
	}
	if (d)
		closedir(d);
	floe_buf_release(&p);
	rmdir(dir);
}
