/*
 * cred.c: the literal-credential rule.  A scalar is a literal credential
 * when it matches a known token shape (PCRE2, one JIT-compiled pattern
 * whose alternatives carry a (*MARK)), when its key names a secret and the
 * value is not a reference or a plain name, or when it is a long random
 * token (character classes plus Shannon entropy).  Values are never put in
 * messages: each file with a hit gets a copy of its text with the value
 * masked, and every finding in that file points at the copy.
 */
#include <math.h>
#include <stdlib.h>
#include <string.h>
#define PCRE2_CODE_UNIT_WIDTH 8
#include <pcre2.h>
#include "internal.h"

struct shape {
	const char *re;
	const char *what;
};

/* Token shapes, most specific first.  No PCRE2_UTF: matching is by byte. */
static const struct shape shapes[] = {
	{ "-----BEGIN[A-Z ]{0,40}PRIVATE KEY(?: BLOCK)?-----", "a private key" },
	{ "(?<![A-Z0-9])(?:AKIA|ASIA|ABIA|ACCA)[A-Z0-9]{16}(?![A-Z0-9])", "an AWS access key id" },
	{ "(?<![A-Za-z0-9_-])eyJ[A-Za-z0-9_-]{8,}\\.eyJ[A-Za-z0-9_-]{8,}\\.[A-Za-z0-9_-]{16,}",
	  "a JSON Web Token" },
	{ "(?<![A-Za-z0-9_])(?:gh[pousr]_[A-Za-z0-9]{36,}|github_pat_[A-Za-z0-9_]{50,})",
	  "a GitHub token" },
	{ "(?<![A-Za-z0-9_])glpat-[A-Za-z0-9_-]{20,}", "a GitLab token" },
	{ "(?<![A-Za-z0-9_])xox[abposr]-[A-Za-z0-9-]{10,}", "a Slack token" },
	{ "(?<![A-Za-z0-9_])AIza[0-9A-Za-z_-]{35}", "a Google API key" },
	{ "(?<![A-Za-z0-9])[rs]k_(?:live|test)_[0-9A-Za-z]{20,}", "a Stripe API key" },
	{ "(?<![A-Za-z0-9])dapi[0-9a-f]{32}(?:-[0-9]+)?(?![A-Za-z0-9])", "a Databricks token" },
	{ "(?<![A-Za-z0-9])hf_[A-Za-z]{34}(?![A-Za-z0-9])", "a Hugging Face token" },
	{ "(?<![A-Za-z0-9])SG\\.[A-Za-z0-9_-]{22}\\.[A-Za-z0-9_-]{43}", "a SendGrid API key" },
	{ "AGE-SECRET-KEY-1[0-9A-Z]{58}", "an age secret key" },
	{ "(?<![A-Za-z0-9])sk-(?:proj-|ant-api[0-9]{2}-)?(?=[A-Za-z0-9_-]*[0-9])"
	  "(?=[A-Za-z0-9_-]*[A-Z])[A-Za-z0-9_-]{32,}", "an API secret key" },
	{ "(?i:AccountKey)=[A-Za-z0-9+/]{40,}", "an Azure storage account key" },
	{ "[?&]sig=[A-Za-z0-9%+/]{20,}", "an Azure shared access signature" },
	{ "(?i)[a-z][a-z0-9+.-]*://[^\\s:/@?#]+:[^\\s/@?#]+@", "a URL with a password in it" },
	{ "(?i)(?:^|[;&\\s])(?:password|pwd)\\s*=\\s*[^;&\\s'\"]{2,}",
	  "a connection string with a password" },
	{ "^(?i:bearer|basic|token)\\s+[A-Za-z0-9._~+/=-]{16,}$", "an HTTP authorization credential" },
};

struct cred_matcher {
	pcre2_code *re;
	pcre2_match_data *md;
};

struct cred_matcher *floe_lint__cred_matcher_new(void)
{
	floe_buf pat = FLOE_BUF_INIT;
	int err;
	PCRE2_SIZE off;

	for (size_t i = 0; i < FLOE_ARRAY_SIZE(shapes); i++)
		floe_buf_printf(&pat, "%s(?:(*MARK:%zu)%s)", i ? "|" : "", i, shapes[i].re);
	pcre2_code *re = pcre2_compile((PCRE2_SPTR)pat.ptr, pat.len, 0, &err, &off, NULL);
	floe_buf_release(&pat);
	if (!re) {
		PCRE2_UCHAR msg[256];
		pcre2_get_error_message(err, msg, sizeof(msg));
		floe_error_set("credential patterns: %s at offset %zu", (char *)msg, (size_t)off);
		return NULL;
	}
	(void)pcre2_jit_compile(re, PCRE2_JIT_COMPLETE); /* interpreted when JIT is missing */
	struct cred_matcher *m = floe_xcalloc(1, sizeof(*m));
	m->re = re;
	m->md = pcre2_match_data_create_from_pattern(re, NULL);
	return m;
}

void floe_lint__cred_matcher_free(struct cred_matcher *m)
{
	if (!m)
		return;
	pcre2_match_data_free(m->md);
	pcre2_code_free(m->re);
	free(m);
}

static const char *shape_of(struct cred_matcher *m, const char *v, size_t n)
{
	int rc = pcre2_match(m->re, (PCRE2_SPTR)v, n, 0, 0, m->md, NULL);
	if (rc < 0)
		return NULL;
	PCRE2_SPTR mark = pcre2_get_mark(m->md);
	size_t i = mark ? (size_t)strtoul((const char *)mark, NULL, 10) : 0;
	return i < FLOE_ARRAY_SIZE(shapes) ? shapes[i].what : NULL;
}

/* ---- values ---- */

static bool is_upper(char ch) { return ch >= 'A' && ch <= 'Z'; }
static bool is_lower(char ch) { return ch >= 'a' && ch <= 'z'; }
static bool is_digit(char ch) { return ch >= '0' && ch <= '9'; }
static bool is_alpha(char ch) { return is_upper(ch) || is_lower(ch); }

/* An environment variable name: DB_PASSWORD. */
static bool env_var_name(const char *v, size_t n)
{
	if (n < 3 || !is_upper(v[0]))
		return false;
	for (size_t i = 0; i < n; i++)
		if (!is_upper(v[i]) && !is_digit(v[i]) && v[i] != '_')
			return false;
	return true;
}

/* A reference, placeholder or path rather than a value. */
static bool reference_like(const char *v, size_t n)
{
	static const char *const prefixes[] = {
		"env:", "vault:", "secret:", "secrets:", "op://", "sops:", "aws-sm:",
		"arn:aws:secretsmanager:", "arn:aws:ssm:", "projects/", "awskms:",
		"gcpkms:", "azurekv:", "keyvault:", "file:", "/", "./", "../", "~/",
	};
	if (memmem(v, n, "{{", 2) || memmem(v, n, "{%", 2) || memmem(v, n, "${", 2) ||
	    memmem(v, n, "$(", 2) || memmem(v, n, "EXAMPLE", 7))
		return true;
	if (v[0] == '$' && n > 1 && (is_alpha(v[1]) || v[1] == '_'))
		return true;
	if (v[0] == '<' && v[n - 1] == '>')
		return true;
	size_t same = 1;
	while (same < n && v[same] == v[0])
		same++;
	if (same == n && n >= 3)
		return true;
	for (size_t i = 0; i < FLOE_ARRAY_SIZE(prefixes); i++)
		if (strncmp(v, prefixes[i], strlen(prefixes[i])) == 0)
			return true;
	return false;
}

/*
 * A name rather than a key: segments split at - _ . : / that are letters
 * with at most four trailing digits, or digits only ("customer-analytics",
 * "iceberg-dev", "db01", "2024").
 */
static bool name_like(const char *v, size_t n)
{
	if (n == 0 || !is_alpha(v[0]))
		return false;
	for (size_t i = 0; i < n;) {
		size_t letters = 0, digits = 0;
		while (i < n && is_alpha(v[i]) && digits == 0)
			i++, letters++;
		while (i < n && is_digit(v[i]))
			i++, digits++;
		if (letters && digits > 4)
			return false;
		if (i < n && strchr("-_.:/", v[i]))
			i++;
		else if (i < n)
			return false;
	}
	return true;
}

double floe_lint__cred_entropy(const char *s, size_t n)
{
	size_t counts[256] = { 0 };
	double h = 0;
	for (size_t i = 0; i < n; i++)
		counts[(unsigned char)s[i]]++;
	for (size_t i = 0; i < 256; i++) {
		if (!counts[i])
			continue;
		double p = (double)counts[i] / (double)n;
		h -= p * log2(p);
	}
	return h;
}

/*
 * A long random token: base64 alphabet only, upper and lower case and at
 * least two digits, not a name, and close to the entropy of random text of
 * its length (0.85 * log2(len), at most 4.5 bits a character).
 */
static bool random_token(const char *v, size_t n)
{
	bool up = false, low = false;
	size_t digits = 0;
	if (n < 20 || n > 1000 || name_like(v, n))
		return false;
	for (size_t i = 0; i < n; i++) {
		char ch = v[i];
		if (!is_alpha(ch) && !is_digit(ch) && !strchr("+/=_-", ch))
			return false;
		up |= is_upper(ch);
		low |= is_lower(ch);
		digits += is_digit(ch);
	}
	if (!up || !low || digits < 2)
		return false;
	double want = 0.85 * log2((double)n);
	return floe_lint__cred_entropy(v, n) >= (want > 4.5 ? 4.5 : want);
}

/* ---- keys ---- */

enum key_class { K_NONE, K_PASSWORD, K_SECRET };

/* Lower-case words of a key: "s3SecretAccessKey" -> s3 secret access key. */
static size_t key_words(const char *key, char words[][24], size_t max)
{
	size_t n = 0, len = 0;
	for (const char *p = key;; p++) {
		bool split = !*p || !(is_alpha(*p) || is_digit(*p)) ||
			     (is_upper(*p) && p > key && is_lower(p[-1]));
		if (split && len) {
			words[n++][len] = '\0';
			len = 0;
			if (n == max)
				break;
		}
		if (!*p)
			break;
		if ((is_alpha(*p) || is_digit(*p)) && len < 23)
			words[n][len++] = (char)(is_upper(*p) ? *p + 32 : *p);
	}
	return n;
}

static bool word_in(const char *w, const char *const *list, size_t n)
{
	for (size_t i = 0; i < n; i++)
		if (strcmp(w, list[i]) == 0)
			return true;
	return false;
}

/* Last words that make a key about a secret, not the secret itself. */
static const char *const meta_words[] = {
	"ref", "refs", "reference", "file", "files", "path", "paths", "dir", "directory",
	"url", "uri", "endpoint", "enabled", "enable", "disabled", "name", "names", "env",
	"var", "variable", "type", "mode", "provider", "length", "ttl", "expiry",
	"expiration", "expires", "id", "ids", "header", "method", "format", "kind",
	"backend", "backends", "store", "source", "rotation", "interval", "days",
	"version", "policy", "required", "scope", "scopes", "location", "mount",
	"manager", "arn", "field", "prefix", "hint", "refresh", "server", "host", "port",
	"user", "username", "count", "size", "hash", "digest", "algorithm", "timeout",
	"lifetime", "template", "description", "label", "prompt", "role", "roles", "age",
	"attempts", "retries", "rate", "min", "max", "minimum", "maximum", "complexity",
	"strength", "reset", "policies",
};

struct key_word {
	const char *word, *what;
};

static enum key_class key_class(const char *key, const char **what)
{
	static const char *const pw[] = { "password", "passwd", "pwd", "passphrase" };
	static const struct key_word sec[] = {
		{ "secret", "a secret" }, { "secrets", "a secret" }, { "token", "a token" },
		{ "tokens", "a token" }, { "apikey", "an API key" },
		{ "credential", "a credential" }, { "credentials", "a credential" },
		{ "authorization", "an authorization credential" },
	};
	static const struct key_word keyish[] = {
		{ "api", "an API key" }, { "access", "an access key" },
		{ "private", "a private key" }, { "account", "an account key" },
		{ "master", "a master key" }, { "signing", "a signing key" },
		{ "encryption", "an encryption key" },
	};
	char words[16][24];
	size_t n = key ? key_words(key, words, 16) : 0;

	if (n == 0 || word_in(words[n - 1], meta_words, FLOE_ARRAY_SIZE(meta_words)))
		return K_NONE;
	for (size_t i = 0; i < n; i++) {
		if (word_in(words[i], pw, FLOE_ARRAY_SIZE(pw))) {
			*what = "a password";
			return K_PASSWORD;
		}
		for (size_t j = 0; j < FLOE_ARRAY_SIZE(sec); j++)
			if (strcmp(words[i], sec[j].word) == 0) {
				bool sk = strcmp(words[n - 1], "key") == 0 && j == 0;
				*what = sk ? "a secret key" : sec[j].what;
				return K_SECRET;
			}
		if (strcmp(words[i], "key") != 0 || i == 0)
			continue;
		for (size_t j = 0; j < FLOE_ARRAY_SIZE(keyish); j++)
			if (strcmp(words[i - 1], keyish[j].word) == 0) {
				*what = keyish[j].what;
				return K_SECRET;
			}
	}
	return K_NONE;
}

/* A value at a secret-named key that is a value, not a name or a sentence. */
static bool secret_value(const char *v, size_t n)
{
	if (n < 8 || memmem(v, n, "://", 3) || name_like(v, n))
		return false;
	for (size_t i = 0; i < n; i++)
		if (v[i] == ' ' || v[i] == '\t' || v[i] == '\n')
			return false;
	return true;
}

const char *floe_lint__cred_check(struct cred_matcher *m, const char *key, const char *v,
		       size_t n)
{
	const char *what = NULL;
	while (n && (v[n - 1] == ' ' || v[n - 1] == '\n'))
		n--;
	if (n == 0 || reference_like(v, n))
		return NULL;
	if ((what = shape_of(m, v, n)))
		return what;
	if (env_var_name(v, n))
		return NULL;
	switch (key_class(key, &what)) {
	case K_PASSWORD:
		return what;
	case K_SECRET:
		if (secret_value(v, n))
			return what;
		break;
	case K_NONE:
		break;
	}
	return random_token(v, n) ? "a random key or token (high entropy)" : NULL;
}

/* ---- hits ---- */

struct hit {
	floe_span span;
	const floe_node *at;
	const char *subject, *what;
	bool dbt;
};

void floe_lint__cred_hit(struct lint_ctx *c, const floe_span *span, const floe_node *at,
	      const char *subject, const char *what, bool dbt)
{
	struct hit *h = floe_arena_alloc(c->a, sizeof(*h));
	h->span = *span;
	h->at = at;
	h->subject = subject;
	h->what = what;
	h->dbt = dbt;
	floe_vec_push(&c->hits, h);
}

/* 'key', or 'key[2]' for an item of a sequence. */
static const char *subject_of(floe_arena *a, const floe_node *n)
{
	const char *key = floe_lint__key_of(n);
	if (n->parent && n->parent->kind == FLOE_NODE_SEQ)
		return floe_arena_printf(a, "%s[%u]", key ? key : "", n->index);
	return key;
}

static void scan_node(struct lint_ctx *c, const floe_node *n, const char *key, bool dbt)
{
	const char *what;
	switch (n->kind) {
	case FLOE_NODE_MAP:
		for (size_t i = 0; i < n->len; i++)
			scan_node(c, n->items[i], n->keys[i]->text, dbt);
		break;
	case FLOE_NODE_SEQ:
		for (size_t i = 0; i < n->len; i++)
			scan_node(c, n->items[i], key, dbt);
		break;
	case FLOE_NODE_INT:
	case FLOE_NODE_FLOAT:
		if (n->len < 6)  /* ports, counts, days: not a PIN or a password */
			break;
		/* fall through */
	case FLOE_NODE_STRING:
		if (n->text && (what = floe_lint__cred_check(c->cred, key, n->text, n->len)))
			floe_lint__cred_hit(c, &n->span, n, subject_of(c->a, n), what, dbt);
		break;
	default:
		break;
	}
}

void floe_lint__cred_scan_doc(struct lint_ctx *c, const floe_doc *doc, bool dbt)
{
	if (doc && doc->root)
		scan_node(c, doc->root, NULL, dbt);
}

/* ---- masking ---- */

struct range {
	size_t start, end;
};

static size_t offset_of(const floe_source *src, const char *text, uint32_t line,
			uint32_t col)
{
	size_t len;
	const char *l = floe_source_line(src, line, &len);
	if (!l)
		return (size_t)-1;
	return (size_t)(l - text) + floe_utf8_offset(l, len, col ? col - 1 : 0);
}

static int cmp_range(const void *a, const void *b)
{
	const struct range *x = a, *y = b;
	return x->start < y->start ? -1 : x->start > y->start;
}

/* The text with each code point inside a range replaced by '*'. */
static char *mask_text(const char *text, size_t len, struct range *r, size_t nr,
		       size_t *outlen)
{
	floe_buf b = FLOE_BUF_INIT;
	size_t k = 0;
	qsort(r, nr, sizeof(*r), cmp_range);
	for (size_t i = 0; i < len;) {
		while (k < nr && r[k].end <= i)
			k++;
		size_t cp = floe_utf8_offset(text + i, len - i, 1);
		if (k < nr && i >= r[k].start && text[i] != '\n' && text[i] != '\r')
			floe_buf_putc(&b, '*');
		else
			floe_buf_put(&b, text + i, cp);
		i += cp ? cp : 1;
	}
	*outlen = b.len;
	return floe_buf_detach(&b);
}

static void unref_source(void *p)
{
	floe_source_unref(p);
}

static void mask_file(struct lint_ctx *c, struct lint_file *f)
{
	size_t len, nr = 0, outlen = 0;
	const char *text = floe_source_text(f->src, &len);
	struct range *r = floe_arena_alloc(c->a, (c->hits.len + 1) * sizeof(*r));

	if (!text)
		return;
	for (size_t i = 0; i < c->hits.len; i++) {
		const struct hit *h = c->hits.items[i];
		if (h->span.src != f->src)
			continue;
		size_t s = offset_of(f->src, text, h->span.line, h->span.col);
		size_t e = offset_of(f->src, text, h->span.end_line, h->span.end_col);
		if (s == (size_t)-1)
			continue;
		r[nr].start = s;
		r[nr++].end = e == (size_t)-1 || e < s ? len : e;
	}
	if (nr == 0)
		return;
	char *masked = mask_text(text, len, r, nr, &outlen);
	f->masked = floe_source_new(floe_source_path(f->src), masked, outlen);
	floe_arena_defer(c->a, unref_source, f->masked);
}

static void report(struct lint_ctx *c, const struct hit *h)
{
	floe_diag *g = h->subject
		? floe_lint__report(c, R_LITERAL_CREDENTIAL, &h->span, h->at,
			      "literal credential in '%s': looks like %s", h->subject, h->what)
		: floe_lint__report(c, R_LITERAL_CREDENTIAL, &h->span, h->at,
			      "literal credential: looks like %s", h->what);
	if (!g)
		return;
	floe_lint__note(c, g, NULL, "the value is masked in this report; treat it as exposed and rotate it");
	if (h->dbt)
		floe_diag_hint(c->d, g, "read it from the environment with "
			       "{{ env_var('DBT_ENV_SECRET_...') }} and keep the value out of the repository");
	else
		floe_diag_hint(c->d, g, "replace the value with {secret_ref: NAME}; floe reads NAME "
			       "from the environment, /var/run/secrets or a sealed file (floe secrets seal)");
}

/* Hits the configuration silences neither mask nor report. */
static bool wanted(struct lint_ctx *c, const struct hit *h)
{
	return floe_lint__enabled(c, R_LITERAL_CREDENTIAL, &h->span);
}

void floe_lint__cred_flush(struct lint_ctx *c)
{
	size_t keep = 0;
	for (size_t i = 0; i < c->hits.len; i++)
		if (wanted(c, c->hits.items[i]))
			c->hits.items[keep++] = c->hits.items[i];
	c->hits.len = keep;
	for (size_t i = 0; i < c->files.len; i++)
		mask_file(c, c->files.items[i]);
	for (size_t i = 0; i < c->hits.len; i++)
		report(c, c->hits.items[i]);
}
