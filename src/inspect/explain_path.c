/*
 * explain_path.c: the value a path names, and when none does, a
 * diagnostic that says how far the path got, what is there instead and
 * the nearest path that exists ("did you mean").  Paths are dotted or JSON
 * pointers into the model (manifest.json's "resolved", whose own prefix
 * is accepted too).  Nothing is printed here.
 */
#include <stdlib.h>
#include <string.h>
#include "inspect/explain_int.h"

const floe_mval *floe_inspect__explain_lookup(floe_model *m, const char *q)
{
	const floe_mval *v;
	if (!*q || strcmp(q, "/") == 0 || strcmp(q, ".") == 0)
		return floe_model_root(m);
	if ((v = floe_model_get(m, q)))
		return v;
	/* manifest.json's own prefix: /resolved/catalogs/..., resolved.catalogs... */
	if (floe_str_startswith(q, "/resolved") && (!q[9] || q[9] == '/'))
		return floe_model_get(m, q + 9);
	if (floe_str_startswith(q, "resolved.") && q[9])
		return floe_model_get(m, q + 9);
	return NULL;
}

static const floe_mval *get_n(floe_model *m, const char *q, size_t n)
{
	char *s = floe_xstrndup(q, n);
	const floe_mval *v = n ? floe_model_get(m, s) : floe_model_root(m);
	free(s);
	return v;
}

/*
 * The longest prefix of `q` that ends before a separator and names a
 * value: that value, with *off the start of the segment after it.
 */
static const floe_mval *deepest(floe_model *m, const char *q, char sep,
				size_t *off)
{
	const floe_mval *best = floe_model_root(m);
	*off = sep == '/' ? 1 : 0;
	for (size_t i = 1; q[i]; i++) {
		const floe_mval *v;
		if (q[i] != sep || !(v = get_n(m, q, i)))
			continue;
		best = v;
		*off = i + 1;
	}
	return best;
}

/* A key as a path segment: "~0"/"~1" escapes in a pointer. */
static void put_seg(floe_buf *b, const char *key, char sep)
{
	for (const char *c = key; *c; c++) {
		if (sep == '/' && *c == '~')
			floe_buf_puts(b, "~0");
		else if (sep == '/' && *c == '/')
			floe_buf_puts(b, "~1");
		else
			floe_buf_putc(b, *c);
	}
}

/*
 * The path with the segment at [off, off+n) replaced by `key`: whole when
 * it names a value, else up to `key`.
 */
static char *repaired(floe_model *m, const char *q, size_t off, size_t n,
		      const char *key, char sep)
{
	floe_buf b = FLOE_BUF_INIT;
	floe_buf_put(&b, q, off);
	put_seg(&b, key, sep);
	size_t keep = b.len;
	floe_buf_puts(&b, q + off + n);
	if (!floe_model_get(m, floe_buf_cstr(&b)))
		floe_buf_truncate(&b, keep);
	return floe_buf_detach(&b);
}

/* `a` and `b` differ by one swap of neighbours ("uir", "uri"). */
static bool one_swap(const char *a, const char *b)
{
	size_t n = strlen(a), i = 0;
	if (n != strlen(b))
		return false;
	while (i < n && a[i] == b[i])
		i++;
	return i + 1 < n && a[i] == b[i + 1] && a[i + 1] == b[i] &&
	       strcmp(a + i + 2, b + i + 2) == 0;
}

/*
 * floe_str_suggest, then what it misses: a swap of two letters (edit
 * distance 2, too far for a short key), or the one key `word` starts.
 */
static const char *nearest(const char *word, const char *const *keys, size_t n)
{
	const char *near = floe_str_suggest(word, keys, n);
	size_t len = strlen(word), hits = 0;
	for (size_t i = 0; !near && i < n; i++)
		if (one_swap(word, keys[i]))
			return keys[i];
	for (size_t i = 0; !near && len >= 2 && i < n; i++)
		if (strncmp(keys[i], word, len) == 0 && hits++ == 0)
			near = keys[i];
	return hits > 1 ? NULL : near;
}

/* The nearest existing path, or NULL (free it). */
static char *suggestion(floe_model *m, const char *q, const floe_mval *at,
			size_t off, char sep)
{
	const char *rest = q + off;
	size_t n = strcspn(rest, sep == '/' ? "/" : ".");
	char *seg = floe_xstrndup(rest, n), *out = NULL;
	const char **keys = floe_xcalloc(at->len + 1, sizeof(*keys));
	const char *near = NULL;

	for (size_t i = 0; at->kind == FLOE_MV_MAP && i < at->len; i++)
		keys[i] = at->items[i]->key;
	if (at->kind == FLOE_MV_MAP)
		near = nearest(seg, keys, at->len);
	if (near) {
		out = repaired(m, q, off, n, near, sep);
	} else if (at->kind == FLOE_MV_MAP && sep == '.' &&
		   (near = nearest(rest, keys, at->len))) {
		out = repaired(m, q, off, strlen(rest), near, sep);  /* a dotted key */
	}
	free(keys);
	free(seg);
	return out;
}

/* floe.yaml's keys live under /project: "name" is "project.name". */
static char *under_project(floe_model *m, const char *q, char sep)
{
	floe_buf b = FLOE_BUF_INIT;
	floe_buf_puts(&b, sep == '/' ? "/project" : "project.");
	floe_buf_puts(&b, q);
	if (floe_model_get(m, floe_buf_cstr(&b)))
		return floe_buf_detach(&b);
	floe_buf_release(&b);
	return NULL;
}

/* What is at the deepest value the path reached. */
static void note_members(floe_diags *d, floe_diag *g, floe_model *m,
			 const floe_mval *at)
{
	const char *ptr = floe_mval_pointer(m, at);
	const char *name = *ptr ? floe_arena_printf(floe_model_arena(m), "'%s'", ptr)
				: "the model";
	if (at->kind == FLOE_MV_SEQ) {
		floe_diag_note(d, g, NULL, "%s is a sequence of %zu item%s%s", name,
			       at->len, at->len == 1 ? "" : "s",
			       at->len ? floe_arena_printf(floe_model_arena(m),
					 " (0 to %zu)", at->len - 1) : "");
		return;
	}
	if (at->kind != FLOE_MV_MAP) {
		floe_diag_note(d, g, NULL, "%s is a %s, with no members", name,
			       floe_mval_kind_name(at->kind));
		return;
	}
	floe_buf b = FLOE_BUF_INIT;
	size_t shown = at->len < 16 ? at->len : 16;
	for (size_t i = 0; i < shown; i++)
		floe_buf_printf(&b, "%s%s", i ? ", " : "", at->items[i]->key);
	if (shown < at->len)
		floe_buf_printf(&b, ", ... (%zu more)", at->len - shown);
	floe_diag_note(d, g, NULL, "%s has: %s", name,
		       at->len ? floe_buf_cstr(&b) : "nothing");
	floe_buf_release(&b);
}

int floe_inspect__explain_suggest(floe_diags *d, floe_model *m, const char *q)
{
	char sep = *q == '/' ? '/' : '.';
	size_t off;
	const floe_mval *at = deepest(m, q, sep, &off);
	char *near = suggestion(m, q, at, off, sep);

	if (!near && at == floe_model_root(m))
		near = under_project(m, q, sep);
	floe_diag *g = floe_diag_add(d, FLOE_SEV_ERROR, "explain/unknown-path",
		NULL, NULL, "no value at '%s' in environment '%s'", q,
		floe_model_env_name(m));
	if (near)
		floe_diag_note(d, g, NULL, "did you mean '%s'?", near);
	note_members(d, g, m, at);
	free(near);
	return FLOE_ENOTFOUND;
}
