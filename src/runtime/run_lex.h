/*
 * run_lex.h: the tokens of the runner's Jinja subset and the parser state
 * shared by run_lex.c (the lexer) and run_jinja.c (the parser).
 */
#ifndef FLOE_RUNTIME_RUN_LEX_H
#define FLOE_RUNTIME_RUN_LEX_H

#include "run_int.h"

enum tk { T_TEXT, T_VAR_BEGIN, T_VAR_END, T_BLOCK_BEGIN, T_BLOCK_END,
	  T_NAME, T_STRING, T_INT, T_FLOAT, T_OP, T_EOF };

struct tok {
	uint8_t t;
	uint32_t off, len;
};

struct ps {
	floe_arena *a;
	floe_diags *d;
	floe_source *src;
	const char *text;
	size_t len;
	struct tok *toks;
	size_t ntoks, cap, i;
	unsigned depth;         /* of expressions */
	unsigned nest;          /* of tags */
	bool failed;
	bool macros;
};

#define MAX_DEPTH 64
/*
 * Levels of one expression's tree (a chain `a ~ b ~ c`, `x | f | g`, `a and
 * b` makes one per operator): evaluating recurses once per level, so a
 * 240 KB chain would overflow the stack.
 */
#define MAX_HEIGHT 256

/* Report a problem at bytes [off, end) (the first one only) and fail the parse. */
void floe_runtime__run_perr(struct ps *p, const char *code, uint32_t off, uint32_t end,
		   const char *fmt, ...) __attribute__((format(printf, 5, 6)));
void floe_runtime__run_push(struct ps *p, int t, size_t off, size_t len);
/* Tokens of a whole template into p->toks; -1 after a diagnostic. */
int floe_runtime__run_lex(struct ps *p);
/*
 * The inside of a tag from i up to its closer ("}}" or "%}", an optional
 * '-' before it; with close '\0' up to the end of the text).  Returns the
 * index after the closer, 0 on error; *strip tells whether the closer had
 * a '-'.
 */
size_t floe_runtime__run_lex_tag(struct ps *p, size_t i, char close, bool *strip,
			size_t open);

#endif
