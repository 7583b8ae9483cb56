/*
 * template_lex.c: reads a template's text and tags, applying whitespace
 * control as it goes, and the tokens inside one tag; records syntax
 * errors as diagnostics positioned in the template.  It builds no
 * expressions or blocks (template_parse.c does).
 */
#include <stdarg.h>
#include <stdio.h>
#include <string.h>
#include "emit/template_lex.h"

/*
 * Whitespace is that of Jinja with trim_blocks and lstrip_blocks (and
 * keep_trailing_newline): a line holding only block tags or comments
 * writes nothing, not even its newline; "{%-", "-%}" (and on "{{", "{#")
 * strip all white space before and after; "{%+" and "+%}" turn the
 * block rules off for one tag.  Unlike Jinja, newlines are written as
 * the template has them ("\r\n" is not made "\n") and a final newline is
 * kept.
 */

/* ---- positions and diagnostics ---- */

void floe_emit__tmpl_index_lines(struct parser *P)
{
	size_t n = 1;

	for (size_t i = 0; i < P->len; i++)
		n += P->s[i] == '\n';
	P->lines = floe_arena_alloc(P->t->arena, n * sizeof(size_t));
	P->lines[0] = 0;
	n = 1;
	for (size_t i = 0; i < P->len; i++)
		if (P->s[i] == '\n')
			P->lines[n++] = i + 1;
	P->nlines = n;
}

uint32_t floe_emit__tmpl_line(const struct parser *P, size_t off)
{
	size_t lo = 0, hi = P->nlines;

	while (hi - lo > 1) {
		size_t mid = lo + (hi - lo) / 2;
		if (P->lines[mid] <= off)
			lo = mid;
		else
			hi = mid;
	}
	return (uint32_t)(lo + 1);
}

static uint32_t col_of(const struct parser *P, size_t off, uint32_t line)
{
	size_t ls = P->lines[line - 1];
	return (uint32_t)(floe_utf8_count(P->s + ls, off - ls) + 1);
}

__attribute__((format(printf, 4, 0)))
static floe_diag *tmpl_verror(struct parser *P, size_t start, size_t end,
			    const char *fmt, va_list ap)
{
	floe_span sp;
	char *msg = floe_arena_vprintf(P->t->arena, fmt, ap);

	sp.src = P->t->src;
	sp.line = floe_emit__tmpl_line(P, start);
	sp.col = col_of(P, start, sp.line);
	sp.end_line = floe_emit__tmpl_line(P, end);
	sp.end_col = col_of(P, end, sp.end_line);
	if (end <= start)
		sp.end_col = sp.col + 1;
	P->errors++;
	return floe_diag_add(P->d, FLOE_SEV_ERROR, "template/syntax", &sp,
			     NULL, "%s", msg);
}

floe_diag *floe_emit__tmpl_error(struct parser *P, size_t start, size_t end,
			   const char *fmt, ...)
{
	va_list ap;
	floe_diag *dg;

	va_start(ap, fmt);
	dg = tmpl_verror(P, start, end, fmt, ap);
	va_end(ap);
	return dg;
}

/* One error per tag: the first says what is wrong, the rest would guess. */
floe_diag *floe_emit__tp_error(struct tp *tp, size_t start, size_t end,
			 const char *fmt, ...)
{
	va_list ap;
	floe_diag *dg;

	if (tp->failed)
		return NULL;
	tp->failed = true;
	va_start(ap, fmt);
	dg = tmpl_verror(tp->P, start, end, fmt, ap);
	va_end(ap);
	return dg;
}

void floe_emit__tmpl_suggest(struct parser *P, floe_diag *dg, const char *word,
		       const char *const *cands, size_t n)
{
	const char *near = floe_str_suggest(word, cands, n);

	if (near)
		floe_diag_hint(P->d, dg, "did you mean '%s'?", near);
}

/* ---- the lexer: text and tags ---- */

static char flag_at(const struct parser *P, size_t i)
{
	return i < P->len && (P->s[i] == '-' || P->s[i] == '+') ? P->s[i] : 0;
}

static size_t find_open(const struct parser *P, size_t from)
{
	for (size_t i = from; i + 1 < P->len; i++)
		if (P->s[i] == '{' && (P->s[i + 1] == '{' || P->s[i + 1] == '%' ||
				       P->s[i + 1] == '#'))
			return i;
	return P->len;
}

/* The closer of the tag opened at `o`, skipping quoted strings in {{ }}
 * and {% %} as Jinja's lexer does; false (and an error) when none. */
static bool scan_tag(struct parser *P, size_t o, struct tag *tag)
{
	char open = P->s[o + 1];
	char close = open == '{' ? '}' : open;
	size_t i = o + 2;

	tag->kind = open == '{' ? TAG_VAR :
		    open == '%' ? TAG_BLOCK : TAG_COMMENT;
	tag->start = o;
	tag->lflag = flag_at(P, i);
	tag->in_start = i + (tag->lflag != 0);
	for (i = tag->in_start; i + 1 < P->len; i++) {
		char c = P->s[i];
		if (c == close && P->s[i + 1] == '}')
			break;
		if (tag->kind == TAG_COMMENT || (c != '"' && c != '\''))
			continue;
		size_t q = i;
		for (i++; i < P->len && P->s[i] != c; i++)
			if (P->s[i] == '\\')
				i++;
		if (i >= P->len) {
			floe_emit__tmpl_error(P, q, q + 1, "unterminated string");
			return false;
		}
	}
	if (i + 1 >= P->len) {
		floe_emit__tmpl_error(P, o, o + 2, "unclosed '%.2s'", P->s + o);
		return false;
	}
	tag->end = i + 2;
	tag->in_end = i;
	tag->rflag = 0;
	if (i > tag->in_start && flag_at(P, i - 1)) {
		tag->rflag = P->s[i - 1];
		tag->in_end = i - 1;
	}
	return true;
}

/* Where the text after the previous tag starts: "-%}" eats all white
 * space, a block tag or comment (trim_blocks) one newline. */
static size_t text_start(const struct parser *P, size_t a)
{
	if (P->prev_rflag == '-') {
		while (a < P->len && floe_tmpl_is_ws(P->s[a]))
			a++;
	} else if ((P->prev_kind == TAG_BLOCK || P->prev_kind == TAG_COMMENT) &&
		   P->prev_rflag != '+') {
		if (a < P->len && P->s[a] == '\n')
			a++;
		else if (a + 1 < P->len && P->s[a] == '\r' && P->s[a + 1] == '\n')
			a += 2;
	}
	return a;
}

/* Where the text [a, o) before `tag` ends: "{%-" strips all white space;
 * a block tag or comment alone on its line so far (lstrip_blocks) strips
 * the spaces before it on that line. */
static size_t text_end(const struct parser *P, size_t a, size_t o,
		       const struct tag *tag)
{
	size_t l = o;

	if (tag->lflag == '-') {
		while (o > a && floe_tmpl_is_ws(P->s[o - 1]))
			o--;
		return o;
	}
	if (tag->kind == TAG_VAR || tag->lflag == '+')
		return o;
	while (l > a && P->s[l - 1] != '\n')
		l--;
	if (l == a && !(a == 0 || P->s[a - 1] == '\n'))
		return o;
	for (size_t i = l; i < o; i++)
		if (!floe_tmpl_is_ws(P->s[i]))
			return o;
	return l;
}

/* Read the text up to the next tag and the tag (TAG_EOF at the end). */
void floe_emit__tmpl_next(struct parser *P, size_t *ts, size_t *te,
		    struct tag *tag)
{
	size_t a = text_start(P, P->pos);
	size_t o = find_open(P, a);

	*ts = a;
	memset(tag, 0, sizeof(*tag));
	if (o == P->len || !scan_tag(P, o, tag)) {
		if (o != P->len)
			P->stop = true;
		tag->kind = TAG_EOF;
		*te = P->len;
		P->pos = P->len;
		return;
	}
	*te = text_end(P, a, o, tag);
	P->pos = tag->end;
	P->prev_kind = tag->kind;
	P->prev_rflag = tag->rflag;
}

/* "{% endraw %}" at `o` with optional flags and spaces. */
static bool match_endraw(const struct parser *P, size_t o, struct tag *tag)
{
	size_t i = o + 2;

	if (i >= P->len || P->s[o] != '{' || P->s[o + 1] != '%')
		return false;
	tag->lflag = flag_at(P, i);
	i += tag->lflag != 0;
	while (i < P->len && floe_tmpl_is_ws(P->s[i]))
		i++;
	if (P->len - i < 6 || memcmp(P->s + i, "endraw", 6) != 0)
		return false;
	for (i += 6; i < P->len && floe_tmpl_is_ws(P->s[i]);)
		i++;
	tag->rflag = flag_at(P, i);
	i += tag->rflag != 0;
	if (i + 1 >= P->len || P->s[i] != '%' || P->s[i + 1] != '}')
		return false;
	tag->kind = TAG_BLOCK;
	tag->start = o;
	tag->end = i + 2;
	return true;
}

/* The text of {% raw %}...{% endraw %}; the raw tag itself trims no
 * newline (as in Jinja), its "-%}" strips, and endraw is a block tag. */
tnode *floe_emit__tmpl_raw(struct parser *P, const struct tag *raw)
{
	size_t a = raw->end, o = a;
	struct tag end = { 0 };
	tnode *n;

	if (raw->rflag == '-')
		while (a < P->len && floe_tmpl_is_ws(P->s[a]))
			a++;
	for (o = a; (o = find_open(P, o)) < P->len; o++)
		if (match_endraw(P, o, &end))
			break;
	if (o >= P->len) {
		floe_emit__tmpl_error(P, raw->start, raw->end,
				"'raw' is not closed with 'endraw'");
		P->stop = true;
		return NULL;
	}
	n = floe_arena_alloc(P->t->arena, sizeof(*n));
	n->kind = TN_TEXT;
	n->line = floe_emit__tmpl_line(P, a);
	n->text = P->s + a;
	n->len = text_end(P, a, o, &end) - a;
	if (!n->len)
		n = NULL;
	P->pos = end.end;
	P->prev_kind = TAG_BLOCK;
	P->prev_rflag = end.rflag;
	return n;
}

/* ---- tokens inside a tag ---- */

static bool is_alpha(char c)
{
	return (c >= 'a' && c <= 'z') || (c >= 'A' && c <= 'Z') || c == '_';
}

static bool is_digit(char c)
{
	return c >= '0' && c <= '9';
}

/* Past the string starting at *i, when it is closed within the tag. */
static bool string_end(const struct tp *tp, size_t *i)
{
	const char *s = tp->P->s;
	size_t j;

	for (j = *i + 1; j < tp->end && s[j] != s[*i]; j++)
		if (s[j] == '\\')
			j++;
	if (j >= tp->end)
		return false;
	*i = j + 1;
	return true;
}

static void lex(struct tp *tp)
{
	const char *s = tp->P->s;
	size_t i = tp->pos;

	while (i < tp->end && floe_tmpl_is_ws(s[i]))
		i++;
	tp->tok.start = i;
	if (i >= tp->end) {
		tp->tok.kind = T_EOF;
	} else if (is_alpha(s[i])) {
		tp->tok.kind = T_NAME;
		while (i < tp->end && (is_alpha(s[i]) || is_digit(s[i])))
			i++;
	} else if (is_digit(s[i])) {
		tp->tok.kind = T_INT;
		while (i < tp->end && is_digit(s[i]))
			i++;
	} else if ((s[i] == '"' || s[i] == '\'') && string_end(tp, &i)) {
		tp->tok.kind = T_STR;
	} else {
		tp->tok.kind = T_PUNCT;
		i += (s[i] == '=' || s[i] == '!') && i + 1 < tp->end &&
		     s[i + 1] == '=' ? 2 : 1;
	}
	tp->tok.end = i;
	tp->pos = i;
}

void floe_emit__tp_init(struct tp *tp, struct parser *P, const struct tag *tag)
{
	memset(tp, 0, sizeof(*tp));
	tp->P = P;
	tp->pos = tp->start = tag->in_start;
	tp->end = tag->in_end;
	tp->prev_end = tp->start;
	lex(tp);
}

void floe_emit__tp_advance(struct tp *tp)
{
	tp->prev_end = tp->tok.end;
	lex(tp);
}

bool floe_emit__tp_is(const struct tp *tp, enum tok_kind kind, const char *text)
{
	size_t n = tp->tok.end - tp->tok.start;
	return tp->tok.kind == kind && strlen(text) == n &&
	       memcmp(tp->P->s + tp->tok.start, text, n) == 0;
}

bool floe_emit__tp_accept(struct tp *tp, enum tok_kind kind, const char *text)
{
	if (!floe_emit__tp_is(tp, kind, text))
		return false;
	floe_emit__tp_advance(tp);
	return true;
}

void floe_emit__tp_unexpected(struct tp *tp, const char *wanted)
{
	const struct tok *t = &tp->tok;
	unsigned char c = (unsigned char)tp->P->s[t->start];

	if (t->kind == T_EOF)
		floe_emit__tp_error(tp, t->start, t->end, "expected %s", wanted);
	else if (t->kind == T_PUNCT && (c < 0x20 || c > 0x7e))
		floe_emit__tp_error(tp, t->start, t->end,
			      "unexpected byte 0x%02x, expected %s", c, wanted);
	else
		floe_emit__tp_error(tp, t->start, t->end,
			      "unexpected '%.*s', expected %s",
			      (int)(t->end - t->start), tp->P->s + t->start, wanted);
}

bool floe_emit__tp_expect(struct tp *tp, enum tok_kind kind, const char *text)
{
	char want[16];

	if (floe_emit__tp_accept(tp, kind, text))
		return true;
	snprintf(want, sizeof(want), "'%s'", text);
	floe_emit__tp_unexpected(tp, want);
	return false;
}

bool floe_emit__tp_expect_end(struct tp *tp)
{
	if (tp->tok.kind == T_EOF)
		return !tp->failed;
	floe_emit__tp_unexpected(tp, "the end of the tag");
	return false;
}
