/*
 * cmd_schema.c: `floe schema export`: print or write the JSON Schemas that
 * are built into this binary, exactly the ones floe validates with.
 */
#include <errno.h>
#include <stdio.h>
#include <string.h>
#include <sys/stat.h>
#include <unistd.h>
#include "cli.h"
#include "embedded.h"
#include "util.h"

const char usage_schema[] =
	"usage: floe schema export [floe|platform|draft-07] [--out DIR]\n"
	"\n"
	"Print a built-in JSON Schema (draft-07) to standard output, or with\n"
	"--out write floe.schema.json and platform.schema.json into DIR\n"
	"(created, with its parents, when missing).\n"
	"Without a name and without --out, print both as one JSON object keyed\n"
	"by file name.\n";

static const char *const names[][2] = {
	{ "floe", "schemas/floe.schema.json" },
	{ "platform", "schemas/platform.schema.json" },
	{ "draft-07", "schemas/json-schema-draft-07.json" },
};

static const char *lookup(const char *name, size_t *len, const char **file)
{
	for (size_t i = 0; i < FLOE_ARRAY_SIZE(names); i++)
		if (strcmp(names[i][0], name) == 0) {
			*file = floe_path_basename(names[i][1]);
			return floe_embedded_get(names[i][1], len);
		}
	return NULL;
}

static int write_file(const char *dir, const char *base, const char *data,
		      size_t len)
{
	floe_buf path = FLOE_BUF_INIT, tmp = FLOE_BUF_INIT;
	int rc = EXIT_OK;
	floe_buf_printf(&path, "%s/%s", dir, base);
	/* a fresh name, never a file or symlink planted there (O_EXCL) */
	int fd = floe_fs_create_temp(&tmp, path.ptr, 0644);
	FILE *f = fd >= 0 ? fdopen(fd, "wb") : NULL;
	bool ok = f && fwrite(data, 1, len, f) == len;
	if (f && fclose(f) != 0)
		ok = false;
	else if (fd >= 0 && !f)
		close(fd);
	if (!ok || rename(tmp.ptr, path.ptr) != 0) {
		rc = cli_runtime_error(EXIT_RUNTIME, "cannot write '%s': %s",
				       path.ptr, strerror(errno));
		if (fd >= 0)
			remove(tmp.ptr);
	}
	floe_buf_release(&path);
	floe_buf_release(&tmp);
	return rc;
}

static int export_all(const char *out)
{
	if (out) {
		if (floe_fs_mkdirs(out) != 0)
			return cli_runtime_error(EXIT_RUNTIME, "cannot create '%s'", out);
		for (size_t i = 0; i < 2; i++) {
			size_t len;
			const char *data = floe_embedded_get(names[i][1], &len);
			int rc = write_file(out, floe_path_basename(names[i][1]),
					    data, len);
			if (rc)
				return rc;
		}
		return EXIT_OK;
	}
	floe_buf b = FLOE_BUF_INIT;
	floe_buf_puts(&b, "{\n");
	for (size_t i = 0; i < 2; i++) {
		size_t len;
		const char *data = floe_embedded_get(names[i][1], &len);
		while (len && (data[len - 1] == '\n'))
			len--;
		floe_buf_printf(&b, "%s\"%s\": ", i ? ",\n" : "",
				floe_path_basename(names[i][1]));
		floe_buf_put(&b, data, len);
	}
	floe_buf_puts(&b, "\n}\n");
	bool ok = cli_write(1, &b);
	floe_buf_release(&b);
	return ok ? EXIT_OK : cli_runtime_error(EXIT_RUNTIME, "cannot write output");
}

int cmd_schema(cli *c, int argc, char **argv)
{
	const char *name = NULL, *out = NULL;
	if (argc < 2)
		return cli_usage_error("schema", "missing subcommand 'export'");
	if (strcmp(argv[1], "export") != 0)
		return cli_usage_error("schema", "unknown subcommand '%s'", argv[1]);
	for (int i = 2; i < argc; i++) {
		if (strcmp(argv[i], "--out") == 0) {
			if (++i == argc)
				return cli_usage_error("schema", "--out needs a directory");
			out = argv[i];
		} else if (argv[i][0] == '-') {
			return cli_usage_error("schema", "unknown option '%s'", argv[i]);
		} else if (!name) {
			name = argv[i];
		} else {
			return cli_usage_error("schema", "unexpected argument '%s'", argv[i]);
		}
	}
	if (!name)
		return export_all(out);
	size_t len;
	const char *file = NULL;
	const char *data = lookup(name, &len, &file);
	if (!data)
		return cli_usage_error("schema",
			"unknown schema '%s' (expected floe, platform or draft-07)", name);
	if (out && floe_fs_mkdirs(out) != 0)
		return cli_runtime_error(EXIT_RUNTIME, "cannot create '%s'", out);
	if (out)
		return write_file(out, file, data, len);
	floe_buf b = FLOE_BUF_INIT;
	floe_buf_put(&b, data, len);
	bool ok = cli_write(1, &b);
	floe_buf_release(&b);
	return ok ? EXIT_OK : cli_runtime_error(EXIT_RUNTIME, "cannot write output");
}
