/*
 * floe/secrets.h: run-time secret resolution and sealed secrets.
 *
 * A secret reference {secret_ref: NAME[, key: KEY]} is resolved, first hit
 * wins, from the environment variable named after it, a file under the
 * secrets mount, or the environment's sealed file (libsodium sealed boxes,
 * opened with FLOE_SECRETS_KEY or FLOE_SECRETS_KEY_FILE).  Values live only
 * in libsodium-guarded memory and never enter a message: error contexts
 * (floe_error_last) name the secret, the file and the variable, never the
 * value.  docs/secrets.md describes the format and the commands.
 */
#ifndef FLOE_SECRETS_H
#define FLOE_SECRETS_H

#include <stdbool.h>
#include "floe/common.h"
#include "floe/buf.h"

/* Largest secret value, in bytes (files, standard input, sealed entries). */
#define FLOE_SECRET_MAX ((size_t)64 << 10)
/* The default mount of secret files (Kubernetes). */
#define FLOE_SECRETS_MOUNT "/var/run/secrets"

/*
 * Before any secret is read: no core dumps (RLIMIT_CORE 0, inherited by
 * exec's child and a launched dbt) and not dumpable (PR_SET_DUMPABLE 0:
 * no core, no ptrace by the same user, /proc/PID owned by root).  Once
 * per process; floe_secrets_init calls it too.
 */
void floe_secrets_harden(void);

/* Initialize libsodium once (any thread), after floe_secrets_harden;
 * FLOE_ECRYPTO when it fails. */
int floe_secrets_init(void);

/*
 * Where the secret modules send warnings (a group-readable key file, a
 * short secret masked as a whole token only, a v1 sealed file): one line,
 * never a value.  NULL, the default: dropped.  Process-wide.
 */
typedef void (*floe_secret_warn_fn)(const char *msg);
void floe_secrets_on_warning(floe_secret_warn_fn fn);

/*
 * A resolved secret.  `value` is NUL-terminated, `len` bytes long (it may
 * hold NUL bytes), in guarded memory that is read-only once written and
 * wiped when freed.  name/key/var/source live as long as the secret; key
 * is NULL for a secret without a key selector.
 */
typedef struct floe_secret {
	char *value;
	size_t len;
	const char *name, *key;
	const char *var;     /* the environment variable it maps to */
	const char *source;  /* "env", "file", "sealed" (or "stdin", "key") */
} floe_secret;

void floe_secret_free(floe_secret *s); /* wipes; accepts NULL */

typedef struct floe_secret_opts {
	/* NULL: FLOE_SECRETS_DIR, else FLOE_SECRETS_MOUNT; the caller passes
	 * security.secret_backends.kubernetes.mount_path when it is set */
	const char *mount_dir;
	/* the environment's sealed file; NULL or a missing file: none */
	const char *sealed_file;
	/* the process environment; NULL: the real getenv */
	const char *(*getenv)(const char *name);
	/*
	 * The environment's identity (--env, else the platform file's folder
	 * name): a version 2 sealed file sealed for another one is an error
	 * (FLOE_ECRYPTO).  NULL: not checked.
	 */
	const char *env;
} floe_secret_opts;

/*
 * Resolve one reference (`key` may be NULL; `o` may be NULL).  On success
 * the caller owns *out.  Not found anywhere: FLOE_ESECRET, and `looked`
 * (cleared first; may be NULL) lists every place looked, as in
 * "environment variable X, file /var/run/secrets/x, sealed file F (no
 * entry)"; floe_error_last() holds the whole sentence.  A place that exists
 * but cannot be used (a directory, an unreadable or oversized file, a
 * sealed file that does not open) is an error of its own (FLOE_EIO,
 * FLOE_ETOOBIG, FLOE_ECRYPTO, FLOE_ESECRET for an unusable key), not a miss.
 */
int floe_secret_resolve(floe_secret **out, const char *name, const char *key,
			const floe_secret_opts *o, floe_buf *looked);

/*
 * Read a value from `fd` (standard input for `floe secrets seal`) into
 * guarded memory, at most FLOE_SECRET_MAX bytes, one trailing newline
 * stripped.  An empty value is FLOE_EINVALID.  source is "stdin".
 */
int floe_secret_read_fd(floe_secret **out, int fd);

/*
 * True when `s` may name a secret or a key: 1-253 characters of
 * [A-Za-z0-9._-], the first one a letter or digit (so never a path).
 */
bool floe_secret_name_ok(const char *s);

/*
 * True for the variables that hold floe's own keys, which a model must
 * never read and no child gets: FLOE_SECRETS_KEY, FLOE_SECRETS_KEY_FILE
 * (every FLOE_SECRETS_KEY*), FLOE_DIFF_KEY.  Every Jinja engine's
 * env_var() asks this first.  Other FLOE_* variables stay readable.
 */
bool floe_secret_env_blocked(const char *name);

/*
 * Move FLOE_SECRETS_KEY and FLOE_SECRETS_KEY_FILE out of the process
 * environment: their values are copied into guarded memory, overwritten
 * in place in environ (so /proc/PID/environ no longer shows them) and
 * unset, so no child (exec's command, a launched dbt) inherits them.
 * floe_seal_key_from_env(.., NULL) reads the copies.  Once per process.
 */
void floe_secrets_take_key_env(void);

/*
 * X25519 key pairs for sealed boxes.  The private key stays in guarded
 * memory; keys travel as base64 (RFC 4648 with padding) of 32 bytes.
 */
typedef struct floe_seal_key floe_seal_key;

int floe_seal_key_generate(floe_seal_key **out);
/* Parse base64 text (surrounding whitespace allowed): FLOE_ESECRET if bad. */
int floe_seal_key_parse(floe_seal_key **out, const char *b64, size_t len);
/*
 * The key of FLOE_SECRETS_KEY (base64), else of the file named by
 * FLOE_SECRETS_KEY_FILE (getenv_fn NULL: the process environment, or
 * what floe_secrets_take_key_env took from it).  FLOE_ENOTFOUND only when neither is set;
 * FLOE_ESECRET when the key is malformed; FLOE_EIO when the file is
 * missing or unreadable.
 */
int floe_seal_key_from_env(floe_seal_key **out,
			   const char *(*getenv_fn)(const char *name));
void floe_seal_key_free(floe_seal_key *k); /* wipes; accepts NULL */
/* The public key in base64, owned by k. */
const char *floe_seal_key_public(const floe_seal_key *k);
/* The private key in base64 with a final newline, as a guarded secret. */
int floe_seal_key_export(floe_secret **out, const floe_seal_key *k);
/* Check base64 text for a public key (32 bytes); FLOE_EUSAGE if bad. */
int floe_seal_pubkey_check(const char *b64);

/*
 * A sealed secrets file (YAML, fixed shape, see docs/secrets.md):
 *
 *     version: 2
 *     environment: ENV        # version 2 only
 *     recipient: <base64 public key>
 *     secrets:
 *       - name: NAME
 *         key: KEY            # optional
 *         value: <base64 sealed box>
 *
 * A version 2 box holds "floe-sealed-v2\0" ENV "\0" NAME "\0" KEY "\0"
 * VALUE (version 1: "floe-sealed-v1\0" NAME "\0" KEY "\0" VALUE), so a
 * value moved to another entry, or a file copied to another environment,
 * is detected.  Problems with the file (malformed,
 * unknown version, duplicate entries, bad base64, a box that does not open
 * or was made for another entry, a key that is not the recipient's) are
 * FLOE_ECRYPTO with a message naming the file and, where known, the secret.
 */
typedef struct floe_sealed floe_sealed;

/*
 * Load and check the shape; FLOE_ENOTFOUND when the file does not exist,
 * FLOE_ETOOBIG past max_bytes (0, or more than 4 MiB: 4 MiB).
 */
int floe_sealed_load(floe_sealed **out, const char *path, size_t max_bytes);
/* Parse text already read (the fuzz target); `path` names it in messages. */
int floe_sealed_parse(floe_sealed **out, const char *path, const char *text,
		      size_t len);
/*
 * A new, empty version 2 file for `recipient` (base64), environment
 * "local" until floe_sealed_set_env; FLOE_EUSAGE if the recipient is bad.
 */
int floe_sealed_create(floe_sealed **out, const char *path,
		       const char *recipient);
/* The environment a version 2 file is sealed for (a new or empty file
 * takes it; one with entries must already have it: FLOE_ECRYPTO). */
int floe_sealed_set_env(floe_sealed *f, const char *env);
unsigned floe_sealed_version(const floe_sealed *f);  /* 1 or 2 */
/* The environment of a version 2 file; NULL for version 1. */
const char *floe_sealed_env(const floe_sealed *f);
/* FLOE_ECRYPTO, naming both, when a version 2 file is not env's. */
int floe_sealed_check_env(const floe_sealed *f, const char *env);
void floe_sealed_free(floe_sealed *f); /* accepts NULL */

const char *floe_sealed_recipient(const floe_sealed *f);
/* Entries, sorted by (name, key); *key is NULL for an entry without one. */
size_t floe_sealed_count(const floe_sealed *f);
void floe_sealed_entry(const floe_sealed *f, size_t i, const char **name,
		       const char **key);
bool floe_sealed_has(const floe_sealed *f, const char *name, const char *key);

/*
 * Open one entry with `k`; the caller owns *out (source "sealed").
 * FLOE_ENOTFOUND when there is no such entry.
 */
int floe_sealed_open(floe_secret **out, const floe_sealed *f,
		     const floe_seal_key *k, const char *name, const char *key);
/* Seal `value` for the file's recipient; adds or replaces the entry. */
int floe_sealed_put(floe_sealed *f, const char *name, const char *key,
		    const char *value, size_t len);
/*
 * Open every entry with `k` and seal it again for `recipient` (base64)
 * and environment `env` (NULL: the file's own, "local" for version 1),
 * as version 2: reseal upgrades a version 1 file.  A version 2 file of
 * another environment is FLOE_ECRYPTO.  All or nothing: on failure `f` is
 * unchanged.
 */
int floe_sealed_reseal(floe_sealed *f, const floe_seal_key *k,
		       const char *recipient, const char *env);
/* Write the file to `path` (NULL: its own path) atomically. */
int floe_sealed_save(const floe_sealed *f, const char *path);

#endif
