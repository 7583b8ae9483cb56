/*
 * config.c: the lint configuration (.floe-lint.yaml) and inline
 * "floe-lint:" comments.  The file is loaded with floe_load_file and checked
 * by hand, so every problem has a position (libcyaml reports none); an
 * unknown rule id or level gets a did-you-mean.  Comments are found by
 * scanning a file's text, since the document tree keeps no comments.
 */
#include <fnmatch.h>
#include <string.h>
#include "floe/load.h"
#include "internal.h"

static const char *const levels[] = { "off", "warning", "error" };
static const char *const top_keys[] = { "rules", "ignore", "environments" };
static const char *const env_keys[] = { "local", "production" };

void floe_lint__config_defaults(struct lint_config *cfg)
{
	memset(cfg, 0, sizeof(*cfg));
	for (size_t i = 0; i < R__COUNT; i++)
		cfg->level[i] = (int)floe_lint_rule_at(i)->severity;
}

static const char **rule_ids(floe_arena *a)
{
	const char **ids = floe_arena_alloc(a, R__COUNT * sizeof(*ids));
	for (size_t i = 0; i < R__COUNT; i++)
		ids[i] = floe_lint_rule_at(i)->id;
	return ids;
}

__attribute__((format(printf, 4, 5)))
static floe_diag *cfg_error(floe_diags *d, const char *code, const floe_node *n,
			    const char *fmt, ...)
{
	va_list ap;
	va_start(ap, fmt);
	floe_arena *a = floe_diags_arena(d);
	floe_diag *g = floe_diag_vadd(d, FLOE_SEV_ERROR, code, &n->span,
				      floe_node_pointer(a, n), fmt, ap);
	va_end(ap);
	return g;
}

static void suggest(floe_diags *d, floe_diag *g, const char *word,
		    const char *const *cands, size_t n)
{
	const char *near = floe_str_suggest(word, cands, n);
	if (near)
		floe_diag_hint(d, g, "did you mean '%s'?", near);
}

static void check_rules(struct lint_config *cfg, floe_diags *d, floe_arena *a,
			const floe_node *rules)
{
	if (rules->kind != FLOE_NODE_MAP) {
		cfg_error(d, "lint-config/bad-type", rules,
			  "'%s' must be a mapping of rule ids to off, warning or error", "rules");
		return;
	}
	for (size_t i = 0; i < rules->len; i++) {
		const floe_node *k = rules->keys[i], *v = rules->items[i];
		int r = floe_lint__rule_index(k->text);
		const char *lv;
		if (r < 0) {
			floe_diag *g = cfg_error(d, "lint-config/unknown-rule", k,
						 "unknown lint rule '%s'", k->text);
			suggest(d, g, k->text, rule_ids(a), R__COUNT);
			floe_diag_note(d, g, NULL, "'floe lint --list-rules' lists every rule");
			continue;
		}
		size_t l = FLOE_ARRAY_SIZE(levels);
		if (floe_node_as_string(v, &lv) && v->kind != FLOE_NODE_NULL)
			for (l = 0; l < FLOE_ARRAY_SIZE(levels) && strcmp(lv, levels[l]) != 0; l++)
				;
		if (l < FLOE_ARRAY_SIZE(levels)) {
			cfg->level[r] = l == 0 ? LINT_OFF : l == 1 ? FLOE_SEV_WARNING
							    : FLOE_SEV_ERROR;
			continue;
		}
		floe_diag *g = floe_diag_add(d, FLOE_SEV_ERROR, "lint-config/bad-level",
			&v->span, floe_node_pointer(a, v), "unknown level '%s' for rule '%s'",
			v->text ? v->text : floe_node_kind_name(v->kind), k->text);
		floe_diag_note(d, g, NULL, "expected one of: off, warning, error");
		if (v->text && v->len && floe_str_startswith("warning", v->text))
			floe_diag_hint(d, g, "did you mean 'warning'?");
		else if (v->text && v->len && floe_str_startswith("error", v->text))
			floe_diag_hint(d, g, "did you mean 'error'?");
		else if (v->text)
			suggest(d, g, v->text, levels, FLOE_ARRAY_SIZE(levels));
	}
}

/* A string, or a sequence of strings, into `out` (copied into `a`). */
static void string_list(floe_vec *out, floe_diags *d, floe_arena *a,
			const floe_node *n, const char *what)
{
	const char *s;
	if (floe_node_as_string(n, &s) && n->kind != FLOE_NODE_NULL) {
		floe_vec_push(out, floe_arena_strdup(a, s));
		return;
	}
	if (n->kind != FLOE_NODE_SEQ) {
		cfg_error(d, "lint-config/bad-type", n, "'%s' must be a list of strings", what);
		return;
	}
	for (size_t i = 0; i < n->len; i++) {
		if (!floe_node_as_string(n->items[i], &s) || n->items[i]->kind == FLOE_NODE_NULL)
			cfg_error(d, "lint-config/bad-type", n->items[i],
				  "items of '%s' must be strings", what);
		else
			floe_vec_push(out, floe_arena_strdup(a, s));
	}
}

static void unknown_key(floe_diags *d, const floe_node *k, const char *const *keys,
			size_t n)
{
	floe_diag *g = cfg_error(d, "lint-config/unknown-key", k,
				 "unknown key '%s' in the lint config", k->text);
	floe_buf b = FLOE_BUF_INIT;
	floe_buf_put_list(&b, keys, n);
	floe_diag_note(d, g, NULL, "expected one of: %s", floe_buf_cstr(&b));
	floe_buf_release(&b);
	suggest(d, g, k->text, keys, n);
}

static void check_envs(struct lint_config *cfg, floe_diags *d, floe_arena *a,
		       const floe_node *envs)
{
	if (envs->kind != FLOE_NODE_MAP) {
		cfg_error(d, "lint-config/bad-type", envs,
			  "'%s' must be a mapping with 'local' and 'production' lists", "environments");
		return;
	}
	for (size_t i = 0; i < envs->len; i++) {
		const char *k = envs->keys[i]->text;
		if (strcmp(k, "local") == 0) {
			cfg->has_local = true;
			string_list(&cfg->local_envs, d, a, envs->items[i], "environments.local");
		} else if (strcmp(k, "production") == 0) {
			cfg->has_prod = true;
			string_list(&cfg->prod_envs, d, a, envs->items[i], "environments.production");
		} else {
			unknown_key(d, envs->keys[i], env_keys, FLOE_ARRAY_SIZE(env_keys));
		}
	}
}

static void check_root(struct lint_config *cfg, floe_diags *d, floe_arena *a,
		       const floe_node *root)
{
	if (root->kind != FLOE_NODE_MAP) {
		cfg_error(d, "lint-config/bad-type", root,
			  "the lint config must be a mapping (keys: %s)", "rules, ignore, environments");
		return;
	}
	for (size_t i = 0; i < root->len; i++) {
		const char *k = root->keys[i]->text;
		const floe_node *v = root->items[i];
		if (v->kind == FLOE_NODE_NULL)
			continue;
		if (strcmp(k, "rules") == 0)
			check_rules(cfg, d, a, v);
		else if (strcmp(k, "ignore") == 0)
			string_list(&cfg->ignore, d, a, v, "ignore");
		else if (strcmp(k, "environments") == 0)
			check_envs(cfg, d, a, v);
		else
			unknown_key(d, root->keys[i], top_keys, FLOE_ARRAY_SIZE(top_keys));
	}
}

int floe_lint__config_load(struct lint_config *cfg, floe_diags *d, floe_arena *a,
		     const char *path, const floe_limits *lim)
{
	size_t errors = floe_diags_errors(d);
	floe_doc *doc = NULL;

	floe_diags_checked(d, path);
	floe_load_file(&doc, d, path, NULL, lim);
	if (doc && doc->root)
		check_root(cfg, d, a, doc->root);
	floe_doc_free(doc);
	return floe_diags_errors(d) > errors ? FLOE_EINVALID : 0;
}

/* ---- paths and names ---- */

static bool path_matches(const char *pat, const char *path)
{
	size_t n;
	while (pat[0] == '.' && pat[1] == '/')
		pat += 2;
	n = strlen(pat);
	if (n >= 3 && strcmp(pat + n - 3, "/**") == 0)
		n -= 2;
	if (n && pat[n - 1] == '/')
		return strncmp(path, pat, n) == 0;
	return fnmatch(pat, path, 0) == 0;
}

bool floe_lint__path_ignored(const struct lint_config *cfg, const char *path)
{
	for (size_t i = 0; i < cfg->ignore.len; i++)
		if (path_matches(cfg->ignore.items[i], path))
			return true;
	return false;
}

bool floe_lint__name_matches(const floe_vec *pats, const char *name)
{
	for (size_t i = 0; i < pats->len; i++)
		if (fnmatch(pats->items[i], name, 0) == 0)
			return true;
	return false;
}

/* ---- inline directives ---- */

#define MARKER "floe-lint:"

/*
 * Where the comment holding the marker at `m` opens, or -1 when the marker
 * is not in a comment.  YAML: '#' at the start of a line or after a blank.
 * SQL and Jinja: "--", "{#" or a C comment.
 */
static long comment_start(const char *line, size_t m, enum lint_file_kind kind)
{
	for (size_t i = 0; i < m; i++) {
		if (kind == LF_YAML) {
			if (line[i] == '#' && (i == 0 || line[i - 1] == ' ' || line[i - 1] == '\t'))
				return (long)i;
		} else if ((line[i] == '-' && line[i + 1] == '-') ||
			   (line[i] == '{' && line[i + 1] == '#') ||
			   (line[i] == '/' && line[i + 1] == '*')) {
			return (long)i;
		}
	}
	return -1;
}

static bool only_blanks(const char *s, size_t n)
{
	for (size_t i = 0; i < n; i++)
		if (s[i] != ' ' && s[i] != '\t')
			return false;
	return true;
}

struct dline {
	struct lint_ctx *c;
	struct lint_file *f;
	const char *text;     /* the line */
	size_t len;
	uint32_t no;
};

static floe_span dspan(const struct dline *l, size_t off, size_t n)
{
	floe_span s = { .src = l->f->src, .line = l->no, .end_line = l->no };
	s.col = (uint32_t)floe_utf8_count(l->text, off) + 1;
	s.end_col = s.col + (uint32_t)floe_utf8_count(l->text + off, n);
	return s;
}

static bool id_char(char ch)
{
	return (ch >= 'a' && ch <= 'z') || (ch >= 'A' && ch <= 'Z') ||
	       (ch >= '0' && ch <= '9') || ch == '-' || ch == '_' || ch == '/';
}

static void directive_id(const struct dline *l, struct lint_sup *sup, size_t off,
			 size_t n)
{
	floe_arena *a = l->c->a;
	char *id = floe_arena_strndup(a, l->text + off, n);
	int r = floe_lint__rule_index(id);
	if (r >= 0) {
		sup->rules[r] = true;
		return;
	}
	if (strcmp(id, "all") == 0) {
		sup->all = true;
		return;
	}
	floe_span s = dspan(l, off, n);
	floe_diag *g = floe_diag_add(l->c->d, FLOE_SEV_WARNING, "lint-config/unknown-rule",
				     &s, NULL, "unknown lint rule '%s' in a floe-lint comment", id);
	const char *near = floe_str_suggest(id, rule_ids(a), R__COUNT);
	if (near)
		floe_diag_hint(l->c->d, g, "did you mean '%s'?", near);
}

static void add_sup(struct lint_file *f, floe_arena *a, const struct lint_sup *s)
{
	struct lint_sup *n = floe_arena_alloc(a, (f->nsups + 1) * sizeof(*n));
	if (f->nsups)
		memcpy(n, f->sups, f->nsups * sizeof(*n));
	n[f->nsups++] = *s;
	f->sups = n;
}

/* disable[-file][=ID[, ID...]] after the marker at `i`. */
static void parse_directive(const struct dline *l, size_t i, uint32_t target)
{
	struct lint_sup sup = { .line = target };
	const char *t = l->text;
	size_t n = l->len, w;

	while (i < n && (t[i] == ' ' || t[i] == '\t'))
		i++;
	for (w = i; w < n && id_char(t[w]); w++)
		;
	if (w - i == 12 && strncmp(t + i, "disable-file", 12) == 0) {
		sup.line = 0;
	} else if (!(w - i == 7 && strncmp(t + i, "disable", 7) == 0)) {
		static const char *const words[] = { "disable", "disable-file" };
		const char *word = floe_arena_strndup(l->c->a, t + i, w - i);
		floe_span s = dspan(l, i, w - i);
		floe_diag *g = floe_diag_add(l->c->d, FLOE_SEV_WARNING,
			"lint-config/bad-directive", &s, NULL,
			"unknown floe-lint directive '%s'", word);
		floe_diag_note(l->c->d, g, NULL, "expected 'disable=RULE[,RULE...]' or 'disable-file=RULE[,RULE...]'");
		const char *near = floe_str_suggest(word, words, 2);
		if (near)
			floe_diag_hint(l->c->d, g, "did you mean '%s'?", near);
		return;
	}
	if (w >= n || t[w] != '=') {
		sup.all = true;
	} else {
		for (i = w + 1; i < n;) {
			while (i < n && (t[i] == ' ' || t[i] == '\t'))
				i++;
			for (w = i; w < n && id_char(t[w]); w++)
				;
			if (w > i)
				directive_id(l, &sup, i, w - i);
			if (w >= n || t[w] != ',')
				break;
			i = w + 1;
		}
	}
	add_sup(l->f, l->c->a, &sup);
}

static void scan_line(struct dline *l)
{
	const char *m = memmem(l->text, l->len, MARKER, sizeof(MARKER) - 1);
	if (!m)
		return;
	size_t at = (size_t)(m - l->text);
	long open = comment_start(l->text, at, l->f->kind);
	if (open < 0)
		return;
	bool alone = only_blanks(l->text, (size_t)open);
	parse_directive(l, at + sizeof(MARKER) - 1, alone ? l->no + 1 : l->no);
}

void floe_lint__scan_directives(struct lint_ctx *c, struct lint_file *f)
{
	size_t len;
	const char *text = floe_source_text(f->src, &len);
	struct dline l = { .c = c, .f = f, .no = 0 };

	if (!text)
		return;
	for (size_t start = 0; start < len;) {
		const char *nl = memchr(text + start, '\n', len - start);
		size_t end = nl ? (size_t)(nl - text) : len;
		l.text = text + start;
		l.len = end - start;
		l.no++;
		if (l.len && l.text[l.len - 1] == '\r')
			l.len--;
		scan_line(&l);
		start = end + 1;
	}
}
