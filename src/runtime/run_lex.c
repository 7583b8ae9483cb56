/*
 * run_lex.c: the lexer of the runner's Jinja subset: text with Jinja's
 * whitespace control ({%- -%}, {{- -}}, {#- -#}), comments dropped, and
 * the tokens inside tags (names, strings, numbers, operators).  Positions
 * are byte offsets; floe_runtime__run_span turns them into lines and columns.
 */
#include <stdlib.h>
#include <string.h>
#include "run_lex.h"

void floe_runtime__run_span(floe_span *out, const floe_source *src, uint32_t off,
		   uint32_t end)
{
	size_t n;
	const char *t = floe_source_text(src, &n);
	uint32_t line = 1;
	size_t bol = 0;

	if (off > n)
		off = (uint32_t)n;
	if (end < off)
		end = off;
	if (end > n)
		end = (uint32_t)n;
	for (size_t i = 0; i < off; i++)
		if (t[i] == '\n') {
			line++;
			bol = i + 1;
		}
	out->src = src;
	out->line = out->end_line = line;
	out->col = 1 + (uint32_t)floe_utf8_count(t + bol, off - bol);
	/* the end stays on the first line: carets are drawn on one line */
	size_t stop = off;
	while (stop < end && t[stop] != '\n')
		stop++;
	out->end_col = out->col + (uint32_t)floe_utf8_count(t + off, stop - off);
	if (out->end_col == out->col)
		out->end_col++;
}

void floe_runtime__run_perr(struct ps *p, const char *code, uint32_t off, uint32_t end,
		   const char *fmt, ...)
{
	floe_span sp;
	va_list ap;
	floe_buf m = FLOE_BUF_INIT;

	if (p->failed)
		return;
	p->failed = true;
	va_start(ap, fmt);
	floe_buf_vprintf(&m, fmt, ap);
	va_end(ap);
	floe_runtime__run_span(&sp, p->src, off, end);
	floe_diag_add(p->d, FLOE_SEV_ERROR, code, &sp, NULL, "%s", m.ptr);
	floe_buf_release(&m);
}

/* ---- lexer ---- */

void floe_runtime__run_push(struct ps *p, int t, size_t off, size_t len)
{
	if (p->ntoks == p->cap) {
		p->cap = p->cap ? 2 * p->cap : 256;
		p->toks = floe_xrealloc(p->toks, p->cap * sizeof(*p->toks));
	}
	p->toks[p->ntoks++] = (struct tok){ (uint8_t)t, (uint32_t)off,
					    (uint32_t)len };
}

static bool is_space(char c)
{
	return c == ' ' || c == '\t' || c == '\n' || c == '\r' || c == '\f' ||
	       c == '\v';
}

static bool name_start(char c)
{
	return (c >= 'a' && c <= 'z') || (c >= 'A' && c <= 'Z') || c == '_';
}

static bool name_char(char c)
{
	return name_start(c) || (c >= '0' && c <= '9');
}

static bool digit(char c)
{
	return c >= '0' && c <= '9';
}

/* Text [from, to), trimmed by whitespace control, as a T_TEXT token. */
static void push_text(struct ps *p, size_t from, size_t to, bool lstrip,
		      bool rstrip)
{
	if (lstrip)
		while (from < to && is_space(p->text[from]))
			from++;
	if (rstrip)
		while (to > from && is_space(p->text[to - 1]))
			to--;
	if (to > from)
		floe_runtime__run_push(p, T_TEXT, from, to - from);
}

/* The next tag opener at or after i: "{{", "{%" or "{#"; len when none. */
static size_t next_tag(const struct ps *p, size_t i)
{
	for (;;) {
		const char *q = memchr(p->text + i, '{', p->len - i);
		if (!q)
			return p->len;
		i = (size_t)(q - p->text);
		if (i + 1 < p->len && (q[1] == '{' || q[1] == '%' || q[1] == '#'))
			return i;
		i++;
	}
}

/* A quoted string at i; returns the index after it, or 0 when unclosed. */
static size_t lex_string(const struct ps *p, size_t i)
{
	char q = p->text[i++];
	while (i < p->len && p->text[i] != q) {
		if (p->text[i] == '\\' && i + 1 < p->len)
			i++;
		i++;
	}
	return i < p->len ? i + 1 : 0;
}

static size_t lex_number(struct ps *p, size_t i)
{
	size_t s = i;
	bool fl = false;
	while (i < p->len && (digit(p->text[i]) || p->text[i] == '_'))
		i++;
	if (i + 1 < p->len && p->text[i] == '.' && digit(p->text[i + 1])) {
		fl = true;
		for (i++; i < p->len && (digit(p->text[i]) || p->text[i] == '_'); i++)
			;
	}
	if (i < p->len && (p->text[i] == 'e' || p->text[i] == 'E')) {
		size_t j = i + 1;
		if (j < p->len && (p->text[j] == '+' || p->text[j] == '-'))
			j++;
		if (j < p->len && digit(p->text[j])) {
			fl = true;
			for (i = j; i < p->len && digit(p->text[i]); i++)
				;
		}
	}
	floe_runtime__run_push(p, fl ? T_FLOAT : T_INT, s, i - s);
	return i;
}

static const char *const ops2[] = { "**", "//", "==", "!=", "<=", ">=" };

static size_t lex_op(struct ps *p, size_t i)
{
	for (size_t k = 0; k < FLOE_ARRAY_SIZE(ops2); k++)
		if (i + 1 < p->len && p->text[i] == ops2[k][0] &&
		    p->text[i + 1] == ops2[k][1]) {
			floe_runtime__run_push(p, T_OP, i, 2);
			return i + 2;
		}
	if (strchr("+-*/%~<>=()[]{},.:|!", p->text[i])) {
		floe_runtime__run_push(p, T_OP, i, 1);
		return i + 1;
	}
	floe_runtime__run_perr(p, "run/jinja-syntax", (uint32_t)i, (uint32_t)i + 1,
		      "unexpected character '%c' in a tag", p->text[i]);
	return 0;
}

/*
 * The inside of a tag from i up to its closer ("}}" or "%}", an optional
 * '-' before it; with close '\0' up to the end of the text).  Returns the
 * index after the closer, 0 on error; *strip tells whether the closer had
 * a '-'.
 */
size_t floe_runtime__run_lex_tag(struct ps *p, size_t i, char close, bool *strip,
			size_t open)
{
	int braces = 0;
	while (i < p->len) {
		char c = p->text[i];
		if (is_space(c)) {
			i++;
		} else if (c == '-' && i + 2 < p->len && p->text[i + 1] == close &&
			   p->text[i + 2] == '}' && braces == 0) {
			*strip = true;
			return i + 3;
		} else if (c == close && i + 1 < p->len && p->text[i + 1] == '}' &&
			   braces == 0) {
			*strip = false;
			return i + 2;
		} else if (c == '\'' || c == '"') {
			size_t e = lex_string(p, i);
			if (!e) {
				floe_runtime__run_perr(p, "run/jinja-syntax", (uint32_t)i,
					      (uint32_t)i + 1, "unterminated string");
				return 0;
			}
			floe_runtime__run_push(p, T_STRING, i, e - i);
			i = e;
		} else if (digit(c)) {
			i = lex_number(p, i);

		} else if (name_start(c)) {
			size_t s = i;
			while (i < p->len && name_char(p->text[i]))
				i++;
			floe_runtime__run_push(p, T_NAME, s, i - s);
		} else {
			braces += c == '{' ? 1 : c == '}' ? -1 : 0;
			if (!(i = lex_op(p, i)))
				return 0;
		}
	}
	if (close == '\0')
		return i;
	floe_runtime__run_perr(p, "run/jinja-syntax", (uint32_t)open, (uint32_t)open + 2,
		      "unclosed tag: missing '%c}'", close);
	return 0;
}

int floe_runtime__run_lex(struct ps *p)
{
	size_t i = 0;
	bool lstrip = false;

	while (i < p->len) {
		size_t t = next_tag(p, i);
		bool minus = t + 2 < p->len && p->text[t + 2] == '-';
		push_text(p, i, t, lstrip, minus);
		if (t >= p->len)
			break;
		char kind = p->text[t + 1];
		size_t body = t + 2 + (minus || (t + 2 < p->len && p->text[t + 2] == '+'));
		if (kind == '#') {
			const char *e = body < p->len ? memmem(p->text + body,
					p->len - body, "#}", 2) : NULL;
			if (!e) {
				floe_runtime__run_perr(p, "run/jinja-syntax", (uint32_t)t,
					      (uint32_t)t + 2, "unclosed comment: missing '#}'");
				return -1;
			}
			lstrip = e > p->text + body && e[-1] == '-';
			i = (size_t)(e - p->text) + 2;
			continue;
		}
		bool var = kind == '{';
		floe_runtime__run_push(p, var ? T_VAR_BEGIN : T_BLOCK_BEGIN, t, body - t);
		size_t e = floe_runtime__run_lex_tag(p, body, var ? '}' : '%', &lstrip, t);
		if (!e)
			return -1;
		floe_runtime__run_push(p, var ? T_VAR_END : T_BLOCK_END, e - 2 - lstrip, 2 + lstrip);
		i = e;
	}
	floe_runtime__run_push(p, T_EOF, p->len, 0);
	return 0;
}
