/*
 * emit/template_lex.h: the reader shared by the template parser's two
 * halves: the parser state, tags found in the text (whitespace control
 * applied), tokens inside one tag, and syntax diagnostics.
 */
#ifndef FLOE_EMIT_TEMPLATE_LEX_H
#define FLOE_EMIT_TEMPLATE_LEX_H

#include <stdarg.h>
#include "emit/template_int.h"

enum tag_kind { TAG_EOF, TAG_VAR, TAG_BLOCK, TAG_COMMENT };

struct tag {
	enum tag_kind kind;
	size_t start, end;       /* the whole tag, delimiters included */
	size_t in_start, in_end; /* the inside, without flags */
	char lflag, rflag;       /* '-', '+' or 0 */
};

struct parser {
	floe_template *t;
	floe_diags *d;
	const char *s;
	size_t len;
	size_t pos;
	size_t *lines;           /* offset of each line's start */
	size_t nlines;
	enum tag_kind prev_kind; /* the tag before the text being read */
	char prev_rflag;
	size_t errors;
	bool stop;               /* a fatal error: read no further */
};

enum tok_kind { T_EOF, T_NAME, T_INT, T_STR, T_PUNCT };

struct tok {
	enum tok_kind kind;
	size_t start, end;
};

/* Reads the tokens inside one tag. */
struct tp {
	struct parser *P;
	size_t pos, end;
	struct tok tok;          /* the lookahead */
	size_t prev_end;         /* end of the last token consumed */
	size_t start;            /* inside of the tag */
	unsigned depth;
	bool failed;
};

static inline bool floe_tmpl_is_ws(char c)
{
	return c == ' ' || c == '\t' || c == '\n' || c == '\r' || c == '\f' ||
	       c == '\v';
}

/* Positions and diagnostics (code template/syntax). */
void floe_emit__tmpl_index_lines(struct parser *P);
uint32_t floe_emit__tmpl_line(const struct parser *P, size_t off);
floe_diag *floe_emit__tmpl_error(struct parser *P, size_t start, size_t end,
			   const char *fmt, ...)
	__attribute__((format(printf, 4, 5)));
/* Only the first error of a tag is recorded (NULL for the others). */
floe_diag *floe_emit__tp_error(struct tp *tp, size_t start, size_t end,
			 const char *fmt, ...)
	__attribute__((format(printf, 4, 5)));
void floe_emit__tmpl_suggest(struct parser *P, floe_diag *dg, const char *word,
		       const char *const *cands, size_t n);

/* The text before the next tag, [*ts, *te), and the tag (TAG_EOF at the
 * end, or after an unclosed tag, which sets P->stop). */
void floe_emit__tmpl_next(struct parser *P, size_t *ts, size_t *te,
		    struct tag *tag);
/* After {% raw %}: the text up to {% endraw %} (NULL when empty). */
tnode *floe_emit__tmpl_raw(struct parser *P, const struct tag *raw);

/* Tokens inside a tag: tp->tok is the lookahead. */
void floe_emit__tp_init(struct tp *tp, struct parser *P, const struct tag *tag);
void floe_emit__tp_advance(struct tp *tp);
bool floe_emit__tp_is(const struct tp *tp, enum tok_kind kind, const char *text);
bool floe_emit__tp_accept(struct tp *tp, enum tok_kind kind, const char *text);
void floe_emit__tp_unexpected(struct tp *tp, const char *wanted);
bool floe_emit__tp_expect(struct tp *tp, enum tok_kind kind, const char *text);
/* True at the end of the tag with no error in it. */
bool floe_emit__tp_expect_end(struct tp *tp);

#endif
