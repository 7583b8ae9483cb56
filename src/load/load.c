/*
 * load.c: documents from files and texts: reading a file (with the size
 * limit) and choosing the reader, src/json or src/yaml, by the file's
 * name.  The tree itself is src/doc's.
 */
#include <ctype.h>
#include <errno.h>
#include <stdlib.h>
#include <string.h>
#include "floe/load.h"
#include "doc/internal.h"
#include "json/json.h"
#include "yaml/yaml.h"

/* A file that could not be read: a diagnostic on the file as a whole. */
static int io_problem(floe_diags *d, const char *display, int rc, int err,
		      const floe_limits *lim)
{
	floe_source *src = floe_source_new(display, NULL, 0);
	floe_span sp = { src, 0, 0, 0, 0 };

	if (rc == FLOE_ENOTFOUND) {
		floe_diag_add(d, FLOE_SEV_ERROR, "io/not-found", &sp, NULL,
			      "cannot read '%s': no such file", display);
	} else if (rc == FLOE_ETOOBIG) {
		floe_diag_add(d, FLOE_SEV_ERROR, "io/too-large", &sp, NULL,
			      "file '%s' is larger than the limit of %zu bytes",
			      display, lim->max_bytes);
	} else {
		char reason[128];
		const char *r = err == EISDIR ? "is a directory" : strerror(err);
		size_t i = 0;
		for (; r[i] && i + 1 < sizeof(reason); i++)
			reason[i] = (char)(i == 0 ? tolower((unsigned char)r[i])
						  : r[i]);
		reason[i] = '\0';
		floe_diag_add(d, FLOE_SEV_ERROR, "io/unreadable", &sp, NULL,
			      "cannot read '%s': %s", display, reason);
	}
	floe_source_unref(src);
	return FLOE_EINVALID;
}

int floe_load_file(floe_doc **out, floe_diags *d, const char *path,
		   const char *display, const floe_limits *lim)
{
	floe_limits tmp;
	floe_buf buf = FLOE_BUF_INIT;
	int rc;

	*out = NULL;
	lim = floe_limits_or_default(lim, &tmp);
	if (!display)
		display = path;
	errno = 0;
	rc = floe_fs_read(&buf, path, lim->max_bytes);
	if (rc < 0) {
		int err = floe_fs_is_dir(path) ? EISDIR : errno;
		floe_buf_release(&buf);
		return io_problem(d, display, rc, err, lim);
	}
	size_t len = buf.len;
	floe_doc *doc = floe_doc_new_owned(display, floe_buf_detach(&buf), len);
	*out = doc;
	if (floe_path_has_ext(path, ".json"))
		return floe_json_load(doc, d, lim);
	return floe_yaml_load(doc, d, lim);
}

static floe_doc *copy_doc(const char *display, const char *text, size_t len)
{
	char *copy = floe_xmalloc(len + 1);
	if (len)
		memcpy(copy, text, len);
	copy[len] = '\0';
	return floe_doc_new_owned(display, copy, len);
}

int floe_load_json(floe_doc **out, floe_diags *d, const char *display,
		   const char *text, size_t len, const floe_limits *lim)
{
	*out = copy_doc(display, text, len);
	return floe_json_load(*out, d, lim);
}

int floe_load_yaml(floe_doc **out, floe_diags *d, const char *display,
		   const char *text, size_t len, const floe_limits *lim)
{
	*out = copy_doc(display, text, len);
	return floe_yaml_load(*out, d, lim);
}
