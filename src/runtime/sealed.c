/*
 * sealed.c: the sealed secrets file: a fixed-shape YAML file read and
 * written with libcyaml, whose values are libsodium sealed boxes, each bound
 * to its entry's name and key.  Adding an entry needs only the recipient's
 * public key; opening one needs the private key (secret_key.c).  Opened
 * values go straight into guarded memory; messages name secrets, never
 * their values.
 */
#include <cyaml/cyaml.h>
#include <errno.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>
#include <unistd.h>
#include "secret_impl.h"
#include "util/util.h"

#define SEALED_FILE_MAX ((size_t)4 << 20)
/*
 * Version 1 boxes open to BIND NAME \0 KEY \0 VALUE, version 2 boxes to
 * BIND2 ENV \0 NAME \0 KEY \0 VALUE; the tags include their NUL.
 */
#define BIND "floe-sealed-v1"
#define BIND2 "floe-sealed-v2"
#define BIND_LEN sizeof(BIND)
#define BOX_MAX (crypto_box_SEALBYTES + BIND_LEN + 3 * 254 + FLOE_SECRET_MAX)

/* The file as libcyaml sees it. */
struct yentry {
	char *name, *key, *value;
};

struct yfile {
	unsigned version;
	char *environment;  /* version 2 */
	char *recipient;
	struct yentry *secrets;
	unsigned secrets_count;
};

static const cyaml_schema_field_t entry_fields[] = {
	CYAML_FIELD_STRING_PTR("name", CYAML_FLAG_POINTER, struct yentry, name,
			       0, CYAML_UNLIMITED),
	CYAML_FIELD_STRING_PTR("key", CYAML_FLAG_POINTER | CYAML_FLAG_OPTIONAL,
			       struct yentry, key, 0, CYAML_UNLIMITED),
	CYAML_FIELD_STRING_PTR("value", CYAML_FLAG_POINTER, struct yentry, value,
			       0, CYAML_UNLIMITED),
	CYAML_FIELD_END
};

static const cyaml_schema_value_t entry_schema = {
	CYAML_VALUE_MAPPING(CYAML_FLAG_DEFAULT, struct yentry, entry_fields),
};

static const cyaml_schema_field_t file_fields[] = {
	CYAML_FIELD_UINT("version", CYAML_FLAG_DEFAULT, struct yfile, version),
	CYAML_FIELD_STRING_PTR("environment", CYAML_FLAG_POINTER | CYAML_FLAG_OPTIONAL,
			       struct yfile, environment, 0, CYAML_UNLIMITED),
	CYAML_FIELD_STRING_PTR("recipient", CYAML_FLAG_POINTER, struct yfile,
			       recipient, 0, CYAML_UNLIMITED),
	CYAML_FIELD_SEQUENCE("secrets", CYAML_FLAG_POINTER, struct yfile, secrets,
			     &entry_schema, 0, CYAML_UNLIMITED),
	CYAML_FIELD_END
};

static const cyaml_schema_value_t file_schema = {
	CYAML_VALUE_MAPPING(CYAML_FLAG_POINTER, struct yfile, file_fields),
};

/* A first pass reads only the version, so a newer shape is named as such. */
static const cyaml_schema_field_t version_fields[] = {
	CYAML_FIELD_UINT("version", CYAML_FLAG_DEFAULT, struct yfile, version),
	CYAML_FIELD_END
};

static const cyaml_schema_value_t version_schema = {
	CYAML_VALUE_MAPPING(CYAML_FLAG_POINTER, struct yfile, version_fields),
};

struct entry {
	char *name, *key;  /* key NULL when the entry has none */
	unsigned char *box;
	size_t boxlen;
};

struct floe_sealed {
	char *path;
	unsigned version;  /* 1 or 2 */
	char *env;         /* version 2: the environment it is sealed for */
	char recipient[FLOE_KEY_B64_LEN];
	unsigned char pk[crypto_box_PUBLICKEYBYTES];
	struct entry *e;
	size_t len, cap;
};

/* libcyaml reports through a log function: keep its error lines. */
__attribute__((format(printf, 3, 0)))
static void cy_log(cyaml_log_t level, void *ctx, const char *fmt, va_list ap)
{
	floe_buf *b = ctx;
	if (level >= CYAML_LOG_ERROR && b->len < 4096)
		floe_buf_vprintf(b, fmt, ap);
}

/* libcyaml's log_fn type carries no format attribute: gcc's suggestion for
 * it cannot be taken here. */
#if defined(__GNUC__) && !defined(__clang__)
#pragma GCC diagnostic push
#pragma GCC diagnostic ignored "-Wsuggest-attribute=format"
#endif
static cyaml_config_t cy_config(floe_buf *log, unsigned flags)
{
	cyaml_config_t c = {
		.log_fn = cy_log,
		.log_ctx = log,
		.mem_fn = cyaml_mem,
		.log_level = CYAML_LOG_ERROR,
		.flags = CYAML_CFG_NO_ALIAS | CYAML_CFG_STYLE_BLOCK | flags,
	};
	return c;
}
#if defined(__GNUC__) && !defined(__clang__)
#pragma GCC diagnostic pop
#endif

/*
 * The first of libcyaml's error lines, e.g. "Load: Unexpected key: x", and
 * from the backtrace after it ("  in sequence entry '2' (line: 6, column:
 * 3)") the entry and the line: "unexpected key: x (entry 2, near line 6)".
 */
static const char *cy_reason(floe_buf *log, cyaml_err_t err)
{
	const char *why = NULL, *line = NULL, *entry = NULL;
	size_t wn = 0;
	for (const char *l = floe_buf_cstr(log); *l; ) {
		size_t n = strcspn(l, "\n");
		if (why && !floe_str_startswith(l, "  in ") &&
		    !floe_str_startswith(l, "Load: Backtrace"))
			break;
		bool trace = floe_str_startswith(l, "  in ") ||
			     floe_str_startswith(l, "Load: Backtrace");
		/* a mapping's own position is where it starts: useless */
		const char *pos = floe_str_startswith(l, "  in mapping (") ? NULL :
				  memmem(l, n, "(line: ", 7);
		if (pos && !line)
			line = pos + 7;
		if (!entry && floe_str_startswith(l, "  in sequence entry '"))
			entry = l + 21;
		if (!why && !trace) {
			why = floe_str_startswith(l, "Load: ") ? l + 6 : l;
			if (floe_str_startswith(why, "libyaml: "))
				why += 9;
			wn = n - (size_t)(why - l);
		}
		l += n + (l[n] != 0);
	}
	while (wn && (why[wn - 1] == '.' || why[wn - 1] == ' '))
		wn--;
	if (!wn) {
		why = cyaml_strerror(err);
		wn = strlen(why);
	}
	floe_buf b = FLOE_BUF_INIT;
	floe_buf_put(&b, why, wn);
	if (b.ptr[0] >= 'A' && b.ptr[0] <= 'Z' && !(b.ptr[1] >= 'A' && b.ptr[1] <= 'Z'))
		b.ptr[0] = (char)(b.ptr[0] + 32);
	if (entry)
		floe_buf_printf(&b, " (entry %.*s%s", (int)strcspn(entry, "'"),
				entry, line ? ", " : ")");
	if (line)
		floe_buf_printf(&b, "%snear line %.*s)", entry ? "" : " (",
				(int)strcspn(line, ","), line);
	floe_buf_release(log);
	*log = b;
	return log->ptr;
}

/* "'name'" or "'name' key 'key'", for messages. */
static const char *label(floe_buf *b, const char *name, const char *key)
{
	floe_buf_clear(b);
	floe_buf_printf(b, "'%s'", name);
	if (key)
		floe_buf_printf(b, " key '%s'", key);
	return b->ptr;
}

static int entry_cmp(const void *pa, const void *pb)
{
	const struct entry *a = pa, *b = pb;
	int c = strcmp(a->name, b->name);
	if (c || a->key == b->key)
		return c;
	if (!a->key || !b->key)
		return a->key ? 1 : -1;
	return strcmp(a->key, b->key);
}

static struct entry *find(const floe_sealed *f, const char *name, const char *key)
{
	struct entry want = { (char *)name, (char *)key, NULL, 0 };
	for (size_t i = 0; i < f->len; i++)
		if (entry_cmp(&f->e[i], &want) == 0)
			return &f->e[i];
	return NULL;
}

static floe_sealed *sealed_new(const char *path)
{
	floe_sealed *f = floe_xcalloc(1, sizeof(*f));
	f->path = floe_xstrdup(path);
	return f;
}

void floe_sealed_free(floe_sealed *f)
{
	if (!f)
		return;
	for (size_t i = 0; i < f->len; i++) {
		free(f->e[i].name);
		free(f->e[i].key);
		free(f->e[i].box);
	}
	free(f->e);
	free(f->path);
	free(f->env);
	free(f);
}

static void push(floe_sealed *f, struct entry e)
{
	if (f->len == f->cap) {
		f->cap = f->cap ? f->cap * 2 : 8;
		f->e = floe_xrealloc(f->e, f->cap * sizeof(*f->e));
	}
	f->e[f->len++] = e;
}

static bool set_recipient(floe_sealed *f, const char *b64)
{
	if (!floe_runtime__b64_exact(f->pk, sizeof(f->pk), b64, strlen(b64)))
		return false;
	sodium_bin2base64(f->recipient, sizeof(f->recipient), f->pk,
			  sizeof(f->pk), FLOE_B64);
	return true;
}

/* The smallest box that can hold a binding: 1-character name, no key. */
#define BOX_MIN (crypto_box_SEALBYTES + BIND_LEN + 3)

static int bad_entry(const floe_sealed *f, const struct yentry *y, size_t i)
{
	const char *s = !floe_secret_name_ok(y->name) ? "name" : "key";
	floe_error_set("sealed file '%s': entry %zu has a %s that is not a secret name ([A-Za-z0-9._-], 1-253 characters)",
		       f->path, i + 1, s);
	return FLOE_ECRYPTO;
}

static int add_loaded(floe_sealed *f, const struct yentry *y, size_t i)
{
	floe_buf lb = FLOE_BUF_INIT;
	size_t vl = strlen(y->value), max = vl / 4 * 3 + 3, got = 0;
	int rc = 0;
	if (!floe_secret_name_ok(y->name) || (y->key && !floe_secret_name_ok(y->key)))
		return bad_entry(f, y, i);
	label(&lb, y->name, y->key);
	if (max > BOX_MAX + 3) {
		floe_error_set("sealed value of %s in '%s' is too large", lb.ptr, f->path);
		rc = FLOE_ECRYPTO;
		goto out;
	}
	unsigned char *box = floe_xmalloc(max);
	if (sodium_base642bin(box, max, y->value, vl, " \t\r\n", &got, NULL, FLOE_B64) != 0) {
		floe_error_set("sealed value of %s in '%s' is not valid base64 (truncated or garbled)",
			       lb.ptr, f->path);
		rc = FLOE_ECRYPTO;
	} else if (got < BOX_MIN) {
		floe_error_set("sealed value of %s in '%s' is too short to be a sealed value (truncated)",
			       lb.ptr, f->path);
		rc = FLOE_ECRYPTO;
	}
	if (rc) {
		free(box);
		goto out;
	}
	push(f, (struct entry){ floe_xstrdup(y->name),
				y->key ? floe_xstrdup(y->key) : NULL, box, got });
out:
	floe_buf_release(&lb);
	return rc;
}

static int check_dups(const floe_sealed *f)
{
	for (size_t i = 1; i < f->len; i++) {
		if (entry_cmp(&f->e[i - 1], &f->e[i]) != 0)
			continue;
		floe_buf lb = FLOE_BUF_INIT;
		floe_error_set("sealed file '%s' has two entries for secret %s",
			       f->path, label(&lb, f->e[i].name, f->e[i].key));
		floe_buf_release(&lb);
		return FLOE_ECRYPTO;
	}
	return 0;
}

static int convert(floe_sealed **out, const char *path, const struct yfile *y)
{
	floe_sealed *f = sealed_new(path);
	int rc = 0;
	f->version = y->version;
	if (y->version == 2 && !y->environment) {
		floe_error_set("sealed file '%s' has version 2 but no environment", path);
		rc = FLOE_ECRYPTO;
	} else if (y->version == 2 && !floe_secret_name_ok(y->environment)) {
		floe_error_set("sealed file '%s' has an environment that is not an environment name", path);
		rc = FLOE_ECRYPTO;
	} else if (y->version == 1 && y->environment) {
		floe_error_set("sealed file '%s' has version 1, which has no environment (version 2 has)", path);
		rc = FLOE_ECRYPTO;
	} else if (!set_recipient(f, y->recipient)) {
		floe_error_set("sealed file '%s' has a recipient that is not a public key (base64 of %d bytes)",
			       path, crypto_box_PUBLICKEYBYTES);
		rc = FLOE_ECRYPTO;
	} else if (floe_seal_pubkey_check(y->recipient) != 0) {
		floe_error_set("sealed file '%s' has a recipient that is not a usable public key "
			       "(a low-order point, such as all zeros)", path);
		rc = FLOE_ECRYPTO;
	}
	if (rc == 0 && y->environment)
		f->env = floe_xstrdup(y->environment);
	for (unsigned i = 0; rc == 0 && i < y->secrets_count; i++)
		rc = add_loaded(f, &y->secrets[i], i);
	if (rc == 0) {
		if (f->len)
			qsort(f->e, f->len, sizeof(*f->e), entry_cmp);
		rc = check_dups(f);
	}
	if (rc)
		floe_sealed_free(f);
	else
		*out = f;
	return rc;
}

static int check_version(const char *path, const char *text, size_t len)
{
	floe_buf log = FLOE_BUF_INIT;
	cyaml_config_t cfg = cy_config(&log, CYAML_CFG_IGNORE_UNKNOWN_KEYS);
	struct yfile *y = NULL;
	int rc = 0;
	cyaml_err_t err = cyaml_load_data((const uint8_t *)text, len, &cfg,
					  &version_schema, (cyaml_data_t **)&y, NULL);
	if (err != CYAML_OK || !y) {
		floe_error_set("sealed file '%s' is not a sealed secrets file: %s",
			       path, err != CYAML_OK ? cy_reason(&log, err) : "empty document");
		rc = FLOE_ECRYPTO;
	} else if (y->version != 1 && y->version != 2) {
		floe_error_set("sealed file '%s' has version %u; this floe reads versions 1 and 2",
			       path, y->version);
		rc = FLOE_ECRYPTO;
	}
	if (y)
		cyaml_free(&cfg, &version_schema, y, 0);
	floe_buf_release(&log);
	return rc;
}

int floe_sealed_parse(floe_sealed **out, const char *path, const char *text,
		      size_t len)
{
	floe_buf log = FLOE_BUF_INIT;
	cyaml_config_t cfg = cy_config(&log, 0);
	struct yfile *y = NULL;
	int rc;

	*out = NULL;
	if ((rc = floe_secrets_init()) != 0)
		return rc;
	if (len > SEALED_FILE_MAX) {
		floe_error_set("sealed file '%s' is larger than 4 MiB", path);
		return FLOE_ETOOBIG;
	}
	if ((rc = check_version(path, text, len)) != 0)
		return rc;
	cyaml_err_t err = cyaml_load_data((const uint8_t *)text, len, &cfg,
					  &file_schema, (cyaml_data_t **)&y, NULL);
	if (err != CYAML_OK || !y) {
		floe_error_set("sealed file '%s' is malformed: %s", path,
			       cy_reason(&log, err));
		rc = FLOE_ECRYPTO;
	} else {
		rc = convert(out, path, y);
	}
	if (y)
		cyaml_free(&cfg, &file_schema, y, 0);
	floe_buf_release(&log);
	return rc;
}

int floe_sealed_load(floe_sealed **out, const char *path, size_t max_bytes)
{
	floe_buf text = FLOE_BUF_INIT;
	size_t max = max_bytes && max_bytes < SEALED_FILE_MAX ? max_bytes : SEALED_FILE_MAX;
	*out = NULL;
	int rc = floe_fs_read(&text, path, max);
	if (rc == FLOE_ETOOBIG)
	{
		if (max < SEALED_FILE_MAX)
			floe_error_set("sealed file '%s' is larger than %zu bytes (--max-bytes)",
				       path, max);
		else
			floe_error_set("sealed file '%s' is larger than 4 MiB", path);
	}
	else if (rc == FLOE_ENOTFOUND)
		floe_error_set("sealed file '%s' does not exist", path);
	if (rc == 0)
		rc = floe_sealed_parse(out, path, text.ptr, text.len);
	floe_buf_release(&text);
	return rc;
}

int floe_sealed_create(floe_sealed **out, const char *path,
		       const char *recipient)
{
	int rc = floe_secrets_init();
	*out = NULL;
	if (rc)
		return rc;
	if ((rc = floe_seal_pubkey_check(recipient)) != 0)
		return rc;
	floe_sealed *f = sealed_new(path);
	f->version = 2;
	f->env = floe_xstrdup("local");
	set_recipient(f, recipient);
	*out = f;
	return 0;
}

int floe_sealed_set_env(floe_sealed *f, const char *env)
{
	if (!floe_secret_name_ok(env)) {
		floe_error_set("'%s' is not an environment name", env ? env : "");
		return FLOE_EUSAGE;
	}
	if (f->version == 2 && f->len && strcmp(f->env, env) != 0) {
		floe_error_set("sealed file '%s' is sealed for environment '%s', not '%s'",
			       f->path, f->env, env);
		return FLOE_ECRYPTO;
	}
	free(f->env);
	f->env = floe_xstrdup(env);
	return 0;
}

unsigned floe_sealed_version(const floe_sealed *f)
{
	return f->version;
}

const char *floe_sealed_env(const floe_sealed *f)
{
	return f->version == 2 ? f->env : NULL;
}

int floe_sealed_check_env(const floe_sealed *f, const char *env)
{
	if (f->version != 2 || !env || strcmp(f->env, env) == 0)
		return 0;
	floe_error_set("sealed file '%s' is sealed for environment '%s', not for '%s': "
		       "a sealed file opens only in its own environment",
		       f->path, f->env, env);
	return FLOE_ECRYPTO;
}

const char *floe_sealed_recipient(const floe_sealed *f)
{
	return f->recipient;
}

size_t floe_sealed_count(const floe_sealed *f)
{
	return f->len;
}

void floe_sealed_entry(const floe_sealed *f, size_t i, const char **name,
		       const char **key)
{
	*name = f->e[i].name;
	*key = f->e[i].key;
}

bool floe_sealed_has(const floe_sealed *f, const char *name, const char *key)
{
	return find(f, name, key) != NULL;
}

/*
 * Seal BIND NAME \0 KEY \0 VALUE (env NULL: version 1) or BIND2 ENV \0
 * NAME \0 KEY \0 VALUE for pk into a new heap box.
 */
static int seal_box(unsigned char **box, size_t *boxlen, const char *env,
		    const char *name, const char *key, const char *value,
		    size_t len, const unsigned char *pk)
{
	size_t el = env ? strlen(env) + 1 : 0;
	size_t nl = strlen(name) + 1, kl = key ? strlen(key) + 1 : 1;
	size_t mlen = BIND_LEN + el + nl + kl + len;
	unsigned char *m = floe_runtime__guarded_alloc(mlen), *p = m;
	memcpy(p, env ? BIND2 : BIND, BIND_LEN);
	p += BIND_LEN;
	if (env) {
		memcpy(p, env, el);
		p += el;
	}
	memcpy(p, name, nl);
	memcpy(p + nl, key ? key : "", kl);
	memcpy(p + nl + kl, value, len);
	*boxlen = mlen + crypto_box_SEALBYTES;
	*box = floe_xmalloc(*boxlen);
	int rc = crypto_box_seal(*box, m, mlen, pk);
	sodium_free(m);
	if (rc != 0) {
		free(*box);
		*box = NULL;
		floe_error_set("libsodium could not seal secret '%s'", name);
		return FLOE_ERROR;
	}
	return 0;
}

static int wrong_key(const floe_sealed *f, const floe_seal_key *k,
		     const char *what)
{
	if (sodium_memcmp(f->pk, k->pk, sizeof(f->pk)) == 0)
		return 0;
	floe_error_set("cannot open %s: sealed file '%s' is sealed for recipient %s, not for this key (public key %s)",
		       what, f->path, f->recipient, k->pk_b64);
	return FLOE_ECRYPTO;
}

/*
 * Check the binding of an opened box against its entry; on success *voff
 * is where the value starts.  `other` gets the entry the box was made for
 * when that is a printable name.
 */
static bool bound(const floe_sealed *f, const struct entry *e,
		  const unsigned char *m, size_t mlen, size_t *voff,
		  floe_buf *other, floe_buf *other_env)
{
	const unsigned char *end = m + mlen, *n = m + BIND_LEN, *k, *nz, *kz;
	const char *tag = f->version == 2 ? BIND2 : BIND;
	if (mlen < BIND_LEN || memcmp(m, tag, BIND_LEN) != 0)
		return false;
	if (f->version == 2) {
		const unsigned char *ez = memchr(n, 0, (size_t)(end - n));
		if (!ez)
			return false;
		if (strcmp((const char *)n, f->env) != 0) {
			if (floe_secret_name_ok((const char *)n))
				floe_buf_puts(other_env, (const char *)n);
			return false;
		}
		n = ez + 1;
	}
	if (n >= end || !(nz = memchr(n, 0, (size_t)(end - n))))
		return false;
	k = nz + 1;
	if (!(kz = memchr(k, 0, (size_t)(end - k))))
		return false;
	const char *name = (const char *)n, *key = kz > k ? (const char *)k : NULL;
	if (strcmp(name, e->name) == 0 && floe_str_eq(key, e->key)) {
		*voff = (size_t)(kz + 1 - m);
		return true;
	}
	if (floe_secret_name_ok(name) && (!key || floe_secret_name_ok(key)))
		label(other, name, key);
	return false;
}

static int open_entry(floe_secret **out, const floe_sealed *f,
		      const struct entry *e, const floe_seal_key *k)
{
	floe_buf lb = FLOE_BUF_INIT, other = FLOE_BUF_INIT, oenv = FLOE_BUF_INIT;
	size_t mlen = e->boxlen - crypto_box_SEALBYTES, voff = 0;
	unsigned char *m = floe_runtime__guarded_alloc(mlen + 1);
	int rc = FLOE_ECRYPTO;
	label(&lb, e->name, e->key);
	if (crypto_box_seal_open(m, e->box, e->boxlen, f->pk, k->sk) != 0)
		floe_error_set("sealed value of %s in '%s' does not open: tampered or corrupted",
			       lb.ptr, f->path);
	else if (!bound(f, e, m, mlen, &voff, &other, &oenv) && oenv.len)
		floe_error_set("sealed value of %s in '%s' was made for environment '%s', not '%s'",
			       lb.ptr, f->path, oenv.ptr, f->env);
	else if (!voff && other.len)
		floe_error_set("sealed value of %s in '%s' was made for %s",
			       lb.ptr, f->path, other.ptr);
	else if (!voff)
		floe_error_set("sealed value of %s in '%s' is not a floe sealed value",
			       lb.ptr, f->path);
	else
		rc = 0;
	if (rc == 0) {
		*out = floe_runtime__secret_new(e->name, e->key, NULL, "sealed", mlen - voff);
		memcpy((*out)->value, m + voff, mlen - voff);
		floe_runtime__secret_lock(*out);
	}
	sodium_free(m);
	floe_buf_release(&lb);
	floe_buf_release(&other);
	floe_buf_release(&oenv);
	return rc;
}

int floe_sealed_open(floe_secret **out, const floe_sealed *f,
		     const floe_seal_key *k, const char *name, const char *key)
{
	floe_buf lb = FLOE_BUF_INIT;
	const struct entry *e = find(f, name, key);
	int rc;
	*out = NULL;
	label(&lb, name, key);
	if (!e) {
		floe_error_set("sealed file '%s' has no entry for secret %s",
			       f->path, lb.ptr);
		rc = FLOE_ENOTFOUND;
	} else {
		floe_buf what = FLOE_BUF_INIT;
		floe_buf_printf(&what, "secret %s", lb.ptr);
		rc = wrong_key(f, k, what.ptr);
		floe_buf_release(&what);
		if (rc == 0)
			rc = open_entry(out, f, e, k);
	}
	floe_buf_release(&lb);
	return rc;
}

int floe_sealed_put(floe_sealed *f, const char *name, const char *key,
		    const char *value, size_t len)
{
	unsigned char *box;
	size_t boxlen;
	if (!floe_secret_name_ok(name) || (key && !floe_secret_name_ok(key))) {
		floe_error_set("'%s' is not a secret name ([A-Za-z0-9._-], 1-253 characters, starting with a letter or digit)",
			       !floe_secret_name_ok(name) ? name : key);
		return FLOE_EUSAGE;
	}
	if (len == 0 || len > FLOE_SECRET_MAX) {
		floe_error_set("the value of secret '%s' is %s", name,
			       len ? "larger than 64 KiB" : "empty");
		return FLOE_EUSAGE;
	}
	int rc = seal_box(&box, &boxlen, f->version == 2 ? f->env : NULL, name, key,
			  value, len, f->pk);
	if (rc)
		return rc;
	struct entry *e = find(f, name, key);
	if (e) {
		free(e->box);
		e->box = box;
		e->boxlen = boxlen;
		return 0;
	}
	push(f, (struct entry){ floe_xstrdup(name), key ? floe_xstrdup(key) : NULL,
				box, boxlen });
	qsort(f->e, f->len, sizeof(*f->e), entry_cmp);
	return 0;
}

/* Open every entry and seal it for pk into boxes[]; all or nothing. */
static int reseal_all(const floe_sealed *f, const floe_seal_key *k,
		      const unsigned char *pk, const char *env,
		      unsigned char **boxes, size_t *lens)
{
	for (size_t i = 0; i < f->len; i++) {
		const struct entry *e = &f->e[i];
		floe_secret *s = NULL;
		int rc = open_entry(&s, f, e, k);
		if (rc == 0)
			rc = seal_box(&boxes[i], &lens[i], env, e->name, e->key,
				      s->value, s->len, pk);
		floe_secret_free(s);
		if (rc)
			return rc;
	}
	return 0;
}

int floe_sealed_reseal(floe_sealed *f, const floe_seal_key *k,
		       const char *recipient, const char *env)
{
	unsigned char pk[crypto_box_PUBLICKEYBYTES];
	int rc = floe_seal_pubkey_check(recipient);
	if (rc)
		return rc;
	if (!env)
		env = f->version == 2 ? f->env : "local";
	if (!floe_secret_name_ok(env)) {
		floe_error_set("'%s' is not an environment name", env);
		return FLOE_EUSAGE;
	}
	if ((rc = floe_sealed_check_env(f, env)) != 0)
		return rc;
	floe_runtime__b64_exact(pk, sizeof(pk), recipient, strlen(recipient));
	if ((rc = wrong_key(f, k, "the sealed values")) != 0)
		return rc;
	unsigned char **boxes = floe_xcalloc(f->len + 1, sizeof(*boxes));
	size_t *lens = floe_xcalloc(f->len + 1, sizeof(*lens));
	rc = reseal_all(f, k, pk, env, boxes, lens);
	for (size_t i = 0; i < f->len; i++) {
		unsigned char *drop = rc ? boxes[i] : f->e[i].box;
		if (rc == 0) {
			f->e[i].box = boxes[i];
			f->e[i].boxlen = lens[i];
		}
		free(drop);
	}
	if (rc == 0) {
		set_recipient(f, recipient);
		f->version = 2;
		if (f->env != env) {
			char *copy = floe_xstrdup(env);
			free(f->env);
			f->env = copy;
		}
	}
	free(boxes);
	free(lens);
	return rc;
}

static int write_all(int fd, const char *p, size_t n)
{
	while (n) {
		ssize_t w = write(fd, p, n);
		if (w < 0 && errno == EINTR)
			continue;
		if (w <= 0)
			return -1;
		p += w;
		n -= (size_t)w;
	}
	return 0;
}

/* Temp file beside `path`, then rename: readers see the old or new file. */
static int write_atomic(const char *path, const char *data, size_t len)
{
	floe_buf tmp = FLOE_BUF_INIT;
	struct stat st;
	mode_t mode = stat(path, &st) == 0 ? (st.st_mode & 0777) : 0644;
	int rc = 0;
	floe_buf_printf(&tmp, "%s.tmp-XXXXXX", path);
	int fd = mkstemp(tmp.ptr);
	if (fd < 0) {
		floe_error_set("cannot write sealed file '%s': %s", path, strerror(errno));
		floe_buf_release(&tmp);
		return FLOE_EIO;
	}
	if (write_all(fd, data, len) != 0 || fchmod(fd, mode) != 0 || fsync(fd) != 0) {
		floe_error_set("cannot write sealed file '%s': %s", path, strerror(errno));
		rc = FLOE_EIO;
	}
	if (close(fd) != 0 && rc == 0) {
		floe_error_set("cannot write sealed file '%s': %s", path, strerror(errno));
		rc = FLOE_EIO;
	}
	if (rc == 0 && rename(tmp.ptr, path) != 0) {
		floe_error_set("cannot replace sealed file '%s': %s", path, strerror(errno));
		rc = FLOE_EIO;
	}
	if (rc)
		unlink(tmp.ptr);
	floe_buf_release(&tmp);
	return rc;
}

static const char header[] =
	"# floe sealed secrets (docs/secrets.md): each value opens only with the\n"
	"# recipient's private key.  Change it with `floe secrets seal` or `reseal`.\n";

int floe_sealed_save(const floe_sealed *f, const char *path)
{
	floe_buf log = FLOE_BUF_INIT, out = FLOE_BUF_INIT;
	cyaml_config_t cfg = cy_config(&log, 0);
	struct yentry *ye = floe_xcalloc(f->len + 1, sizeof(*ye));
	struct yfile y = { f->version, f->version == 2 ? floe_xstrdup(f->env) : NULL,
			   floe_xstrdup(f->recipient), ye, (unsigned)f->len };
	char *text = NULL;
	size_t len = 0;
	int rc = 0;

	path = path ? path : f->path;
	for (size_t i = 0; i < f->len; i++) {
		size_t n = sodium_base64_ENCODED_LEN(f->e[i].boxlen, FLOE_B64);
		ye[i] = (struct yentry){ f->e[i].name, f->e[i].key, floe_xmalloc(n) };
		sodium_bin2base64(ye[i].value, n, f->e[i].box, f->e[i].boxlen, FLOE_B64);
	}
	if (cyaml_save_data(&text, &len, &cfg, &file_schema, &y, 0) != CYAML_OK) {
		floe_error_set("cannot write sealed file '%s': libcyaml failed", path);
		rc = FLOE_ERROR;
	} else {
		floe_buf_puts(&out, header);
		floe_buf_put(&out, text, len);
		rc = write_atomic(path, out.ptr, out.len);
	}
	cfg.mem_fn(cfg.mem_ctx, text, 0);
	for (size_t i = 0; i < f->len; i++)
		free(ye[i].value);
	free(ye);
	free(y.environment);
	free(y.recipient);
	floe_buf_release(&out);
	floe_buf_release(&log);
	return rc;
}
