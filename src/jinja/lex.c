/*
 * lex.c: the Jinja lexer.  Text, {{ }}, {% %} and {# #} with Jinja's
 * whitespace control ({%- -%} strip all whitespace on that side; with
 * lstrip_blocks and trim_blocks, which are off as in Jinja's defaults and
 * dbt, a block tag or comment alone on its line writes nothing, and {%+
 * +%} turn that off for one side), {% raw %} bodies, and the tokens inside
 * tags.  Every token keeps its offset: positions are computed only when a
 * diagnostic needs one.
 */
#include <ctype.h>
#include <string.h>
#include "jinja_int.h"

struct lx {
	floe_arena *a;
	floe_diags *d;
	floe_source *src;
	const char *s;
	size_t n, i;
	struct jtok *toks;
	size_t len, cap;
	bool lstrip_next;   /* the previous tag ended with '-' */
	bool trim, lstrip;  /* trim_blocks, lstrip_blocks */
	char close_mod;     /* '-', '+' or 0: the modifier of the last closer */
	bool failed;
};

void floe_jinja__span(floe_source *src, uint32_t off, uint32_t len,
		      floe_span *sp)
{
	size_t n = 0;
	const char *s = floe_source_text(src, &n);
	uint32_t line = 1, col = 1;
	size_t bol = 0;
	if (off > n)
		off = (uint32_t)n;
	for (size_t i = 0; i < off; i++)
		if (floe_is_line_end(s, n, i)) {
			line++;
			bol = i + 1;
		}
	col = (uint32_t)floe_utf8_count(s + bol, off - bol) + 1;
	sp->src = src;
	sp->line = sp->end_line = line;
	sp->col = col;
	size_t end = off + (len ? len : 1);
	if (end > n)
		end = n;
	size_t stop = off;
	while (stop < end && !floe_is_line_end(s, n, stop))
		stop++;
	sp->end_col = col + (uint32_t)floe_utf8_count(s + off, stop - off);
	if (sp->end_col == col)
		sp->end_col = col + 1;
}

void floe_jinja__pos(const floe_jinja_tpl *t, uint32_t off, floe_span *sp)
{
	floe_jinja__span(t->src, off, 1, sp);
}

static void lerr(struct lx *l, size_t off, size_t len, const char *code,
		 const char *msg)
{
	floe_span sp;
	floe_jinja__span(l->src, (uint32_t)off, (uint32_t)len, &sp);
	floe_diag_add(l->d, FLOE_SEV_ERROR, code, &sp, NULL, "%s", msg);
	l->failed = true;
}

static void push(struct lx *l, int t, size_t off, size_t len)
{
	if (l->len == l->cap) {
		size_t cap = l->cap ? l->cap * 2 : 256;
		struct jtok *nt = floe_arena_alloc(l->a, cap * sizeof(*nt));
		if (l->len)
			memcpy(nt, l->toks, l->len * sizeof(*nt));
		l->toks = nt;
		l->cap = cap;
	}
	l->toks[l->len++] = (struct jtok){ (uint8_t)t, (uint32_t)off,
					   (uint32_t)len };
}

static bool is_ws(char c)
{
	return c == ' ' || c == '\t' || c == '\n' || c == '\r' || c == '\f' ||
	       c == '\v';
}

/* Text from l->i up to `end`, trimmed as the tags around it ask. */
static void text(struct lx *l, size_t end, bool rstrip)
{
	size_t b = l->i, e = end;
	if (l->lstrip_next)
		while (b < e && is_ws(l->s[b]))
			b++;
	if (rstrip)
		while (e > b && is_ws(l->s[e - 1]))
			e--;
	l->lstrip_next = false;
	if (e > b)
		push(l, T_TEXT, b, e - b);
	l->i = end;
}

/*
 * lstrip_blocks: where the text before the block tag or comment at `at`
 * ends, without the spaces and tabs before the tag when nothing else
 * precedes it on its line (the tag has no '-' or '+' of its own).
 */
static size_t lstrip_end(const struct lx *l, size_t at)
{
	if (!l->lstrip || (at + 2 < l->n && (l->s[at + 2] == '-' ||
					     l->s[at + 2] == '+')))
		return at;
	size_t b = at;
	while (b > l->i && (l->s[b - 1] == ' ' || l->s[b - 1] == '\t'))
		b--;
	if (b > l->i ? l->s[b - 1] == '\n' : (b == 0 || l->s[b - 1] == '\n'))
		return b;
	return at;
}

/* trim_blocks: the newline after a block tag or comment is not text. */
static void trim_newline(struct lx *l)
{
	if (!l->trim || l->close_mod)
		return;
	if (l->i < l->n && l->s[l->i] == '\n')
		l->i++;
	else if (l->i + 1 < l->n && l->s[l->i] == '\r' && l->s[l->i + 1] == '\n')
		l->i += 2;
}

/* The next "{{", "{%" or "{#" at or after i, or n. */
static size_t next_tag(const struct lx *l, size_t i)
{
	while (i + 1 < l->n) {
		const char *p = memchr(l->s + i, '{', l->n - i - 1);
		if (!p)
			return l->n;
		i = (size_t)(p - l->s);
		char c = l->s[i + 1];
		if (c == '{' || c == '%' || c == '#')
			return i;
		i++;
	}
	return l->n;
}

static size_t lex_string(struct lx *l, size_t i)
{
	char q = l->s[i++];
	while (i < l->n && l->s[i] != q) {
		if (l->s[i] == '\\' && i + 1 < l->n)
			i++;
		i++;
	}
	if (i >= l->n)
		return 0;
	return i + 1;
}

static size_t lex_number(struct lx *l, size_t i, int *type)
{
	const char *s = l->s;
	*type = T_INT;
	if (s[i] == '0' && i + 1 < l->n && strchr("xXoObB", s[i + 1]) &&
	    s[i + 1]) {
		i += 2;
		while (i < l->n && (isxdigit((unsigned char)s[i]) || s[i] == '_'))
			i++;
		return i;
	}
	while (i < l->n && (isdigit((unsigned char)s[i]) || s[i] == '_'))
		i++;
	if (i + 1 < l->n && s[i] == '.' && isdigit((unsigned char)s[i + 1])) {
		*type = T_FLOAT;
		i++;
		while (i < l->n && (isdigit((unsigned char)s[i]) || s[i] == '_'))
			i++;
	}
	if (i < l->n && (s[i] == 'e' || s[i] == 'E')) {
		size_t j = i + 1;
		if (j < l->n && (s[j] == '+' || s[j] == '-'))
			j++;
		if (j < l->n && isdigit((unsigned char)s[j])) {
			*type = T_FLOAT;
			i = j;
			while (i < l->n && isdigit((unsigned char)s[i]))
				i++;
		}
	}
	return i;
}

static size_t op_len(const char *s, size_t left)
{
	static const char *const two[] = { "//", "**", "==", "!=", "<=", ">=" };
	if (left >= 2)
		for (size_t k = 0; k < FLOE_ARRAY_SIZE(two); k++)
			if (s[0] == two[k][0] && s[1] == two[k][1])
				return 2;
	return strchr("+-*/%~()[]{},.:|=<>;", s[0]) && s[0] ? 1 : 0;
}

/* Tokens of one tag from l->i (just past its opening); end is "}}" or "%}". */
static bool lex_tag(struct lx *l, char close, int end_type, size_t start)
{
	int braces = 0;
	while (l->i < l->n) {
		const char *s = l->s + l->i;
		size_t left = l->n - l->i;
		if (is_ws(*s)) {
			l->i++;
			continue;
		}
		if (braces == 0 && left >= 2 && s[0] == close && s[1] == '}') {
			push(l, end_type, l->i, 2);
			l->i += 2;
			l->close_mod = 0;
			return true;
		}
		if (braces == 0 && left >= 3 && (s[0] == '-' || s[0] == '+') &&
		    s[1] == close && s[2] == '}') {
			push(l, end_type, l->i, 3);
			l->i += 3;
			l->lstrip_next = s[0] == '-';
			l->close_mod = s[0];
			return true;
		}
		if (*s == '"' || *s == '\'') {
			size_t e = lex_string(l, l->i);
			if (!e) {
				lerr(l, l->i, 1, "jinja/syntax", "unterminated string");
				return false;
			}
			push(l, T_STR, l->i, e - l->i);
			l->i = e;
		} else if (isdigit((unsigned char)*s)) {
			int type;
			size_t e = lex_number(l, l->i, &type);
			push(l, type, l->i, e - l->i);
			l->i = e;
		} else if (isalpha((unsigned char)*s) || *s == '_') {
			size_t e = l->i;
			while (e < l->n && (isalnum((unsigned char)l->s[e]) ||
					    l->s[e] == '_'))
				e++;
			push(l, T_NAME, l->i, e - l->i);
			l->i = e;
		} else if (op_len(s, left)) {
			size_t k = op_len(s, left);
			if (*s == '{' || *s == '(' || *s == '[')
				braces++;
			else if ((*s == '}' || *s == ')' || *s == ']') && braces > 0)
				braces--;
			push(l, T_OP, l->i, k);
			l->i += k;
		} else {
			lerr(l, l->i, 1, "jinja/syntax",
			     floe_arena_printf(l->a, "unexpected character '%c'",
					       isprint((unsigned char)*s) ? *s : '?'));
			return false;
		}
	}
	lerr(l, start, 2, "jinja/syntax",
	     close == '}' ? "unclosed '{{'" : "unclosed '{%'");
	return false;
}

static bool lex_comment(struct lx *l, size_t start)
{
	for (size_t i = l->i; i + 1 < l->n; i++)
		if (l->s[i] == '#' && l->s[i + 1] == '}') {
			char m = i > l->i ? l->s[i - 1] : 0;
			l->close_mod = m == '-' || m == '+' ? m : 0;
			l->lstrip_next = m == '-';
			l->i = i + 2;
			return true;
		}
	lerr(l, start, 2, "jinja/syntax", "unclosed comment '{#'");
	return false;
}

/* After "{% raw %}": the body up to "{% endraw %}" is text. */
static bool lex_raw(struct lx *l, size_t start)
{
	for (size_t i = l->i; i + 1 < l->n; i++) {
		if (l->s[i] != '{' || l->s[i + 1] != '%')
			continue;
		size_t j = i + 2;
		bool strip = j < l->n && l->s[j] == '-';
		if (j < l->n && (l->s[j] == '-' || l->s[j] == '+'))
			j++;
		while (j < l->n && is_ws(l->s[j]))
			j++;
		if (l->n - j < 6 || memcmp(l->s + j, "endraw", 6) != 0)
			continue;
		j += 6;
		while (j < l->n && is_ws(l->s[j]))
			j++;
		char m = j < l->n && (l->s[j] == '-' || l->s[j] == '+') ?
			 l->s[j] : 0;
		j += m != 0;
		if (l->n - j < 2 || l->s[j] != '%' || l->s[j + 1] != '}')
			continue;
		text(l, lstrip_end(l, i), strip);
		l->i = j + 2;
		l->lstrip_next = m == '-';
		l->close_mod = m;
		trim_newline(l);
		return true;
	}
	lerr(l, start, 2, "jinja/syntax", "unclosed '{% raw %}'");
	return false;
}

/* Whether the tokens just pushed are BLOCK_BEGIN NAME(raw) BLOCK_END. */
static bool just_raw(const struct lx *l)
{
	if (l->len < 3)
		return false;
	const struct jtok *t = l->toks + l->len - 3;
	return t[0].t == T_BLOCK_BEGIN && t[1].t == T_NAME && t[1].len == 3 &&
	       memcmp(l->s + t[1].off, "raw", 3) == 0 && t[2].t == T_BLOCK_END;
}

int floe_jinja__lex(struct jtok **out, size_t *n, floe_arena *a,
		    floe_diags *d, floe_source *src, const floe_jinja_env *env)
{
	struct lx l = { .a = a, .d = d, .src = src, .trim = env->trim_blocks,
			.lstrip = env->lstrip_blocks };
	l.s = floe_source_text(src, &l.n);
	if (!env->keep_nl && l.n && l.s[l.n - 1] == '\n')
		l.n -= (l.n >= 2 && l.s[l.n - 2] == '\r') ? 2 : 1;
	while (l.i < l.n && !l.failed) {
		size_t at = next_tag(&l, l.i);
		bool strip = at + 2 < l.n && l.s[at + 2] == '-';
		char c = at + 1 < l.n ? l.s[at + 1] : 0;
		text(&l, c == '%' || c == '#' ? lstrip_end(&l, at) : at, strip);
		l.i = at;
		if (at >= l.n)
			break;
		l.i = at + 2 + ((at + 2 < l.n && (l.s[at + 2] == '-' ||
						  l.s[at + 2] == '+')) ? 1 : 0);
		if (c == '#') {
			if (lex_comment(&l, at))
				trim_newline(&l);
			continue;
		}
		push(&l, c == '{' ? T_VAR_BEGIN : T_BLOCK_BEGIN, at, l.i - at);
		if (!lex_tag(&l, c == '{' ? '}' : '%',
			     c == '{' ? T_VAR_END : T_BLOCK_END, at))
			break;
		if (c == '%' && just_raw(&l)) {
			l.len -= 3;
			lex_raw(&l, at);   /* the raw tag itself trims no newline */
		} else if (c == '%') {
			trim_newline(&l);
		}
	}
	push(&l, T_EOF, l.n, 0);
	*out = l.toks;
	*n = l.len;
	return l.failed ? FLOE_EINVALID : 0;
}
