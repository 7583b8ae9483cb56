/*
 * run_jinja.c: the parser of the runner's Jinja subset: text,
 * {{ expressions }}, {% if/elif/else/endif %}, {% set %} and, in macro
 * files, {% macro %}, with Jinja's expression grammar.  Loops, macro
 * calls in models, raw blocks and the other tags are reported here; names
 * and calls are checked in run_check.c, values computed in run_render.c.
 */
#include <stdlib.h>
#include <string.h>
#include "run_lex.h"

/* ---- parser helpers ---- */

static struct tok *cur(struct ps *p)
{
	return &p->toks[p->i];
}

static bool is_op(const struct ps *p, const struct tok *t, const char *op)
{
	return t->t == T_OP && t->len == strlen(op) &&
	       memcmp(p->text + t->off, op, t->len) == 0;
}

static bool is_name(const struct ps *p, const struct tok *t, const char *n)
{
	return t->t == T_NAME && t->len == strlen(n) &&
	       memcmp(p->text + t->off, n, t->len) == 0;
}

static bool accept_op(struct ps *p, const char *op)
{
	if (!is_op(p, cur(p), op))
		return false;
	p->i++;
	return true;
}

static bool accept_name(struct ps *p, const char *n)
{
	if (!is_name(p, cur(p), n))
		return false;
	p->i++;
	return true;
}

static const char *tok_desc(struct ps *p, const struct tok *t)
{
	switch (t->t) {
	case T_EOF: return "end of file";
	case T_VAR_END: return "'}}'";
	case T_BLOCK_END: return "'%}'";
	default:
		return floe_arena_printf(p->a, "'%.*s'",
					 (int)(t->len > 40 ? 40 : t->len),
					 p->text + t->off);
	}
}

static void unexpected(struct ps *p, const char *wanted)
{
	struct tok *t = cur(p);
	floe_runtime__run_perr(p, "run/jinja-syntax", t->off, t->off + (t->len ? t->len : 1),
		      "expected %s, found %s", wanted, tok_desc(p, t));
}

static bool expect_op(struct ps *p, const char *op)
{
	if (accept_op(p, op))
		return true;
	unexpected(p, floe_arena_printf(p->a, "'%s'", op));
	return false;
}

static bool expect(struct ps *p, int t, const char *what)
{
	if (cur(p)->t == t) {
		p->i++;
		return true;
	}
	unexpected(p, what);
	return false;
}

static const char *tok_str(struct ps *p, const struct tok *t)
{
	return floe_arena_strndup(p->a, p->text + t->off, t->len);
}

static struct jexpr *node(struct ps *p, int kind, uint32_t off)
{
	struct jexpr *e = floe_arena_alloc(p->a, sizeof(*e));
	e->kind = (uint8_t)kind;
	e->off = off;
	e->end = off;
	return e;
}

static unsigned height(const struct jexpr *e)
{
	return e ? e->height : 0;
}

/* e's end and height, now that its parts are parsed; too high fails. */
static void finish(struct ps *p, struct jexpr *e)
{
	unsigned h = height(e->a);
	if (p->i > 0) {
		struct tok *t = &p->toks[p->i - 1];
		if (t->off + t->len > e->end)
			e->end = t->off + t->len;
	}
	if (height(e->b) > h)
		h = height(e->b);
	if (height(e->c) > h)
		h = height(e->c);
	for (size_t i = 0; i < e->nargs; i++)
		if (height(e->args[i]) > h)
			h = height(e->args[i]);
	e->height = h + 1;
	if (e->height > MAX_HEIGHT && p->i > 0)
		/* at the last token of the level too many */
		floe_runtime__run_perr(p, "run/jinja-syntax", p->toks[p->i - 1].off,
			      p->toks[p->i - 1].off + p->toks[p->i - 1].len,
			      "expression nested too deeply (more than %d levels "
			      "of operators, filters or tests)", MAX_HEIGHT);
}

/* Recursion of the parser itself (not, unary signs): as parse_expr's. */
static bool enter(struct ps *p)
{
	if (++p->depth <= MAX_DEPTH)
		return true;
	floe_runtime__run_perr(p, "run/jinja-syntax", cur(p)->off, cur(p)->off + 1,
		      "expression nested too deeply");
	return false;
}

/* ---- expressions (Jinja's grammar, minus what the subset leaves out) ---- */

static struct jexpr *parse_expr(struct ps *p);

/* A string literal's text, with Python's escapes decoded. */
static void decode_string(struct ps *p, struct jexpr *e, const struct tok *t)
{
	floe_buf b = FLOE_BUF_INIT;
	const char *s = p->text + t->off + 1;
	size_t n = t->len - 2;
	for (size_t i = 0; i < n; i++) {
		char c = s[i];
		if (c == '\\' && i + 1 < n) {
			c = s[++i];
			c = c == 'n' ? '\n' : c == 't' ? '\t' : c == 'r' ? '\r' : c;
		}
		floe_buf_putc(&b, c);
	}
	e->len = b.len;
	e->s = floe_arena_strndup(p->a, b.ptr ? b.ptr : "", b.len);
	floe_buf_release(&b);
}

static void parse_number(struct ps *p, struct jexpr *e, const struct tok *t)
{
	char tmp[64];
	size_t k = 0;
	for (size_t i = 0; i < t->len && k + 1 < sizeof(tmp); i++)
		if (p->text[t->off + i] != '_')
			tmp[k++] = p->text[t->off + i];
	tmp[k] = '\0';
	if (t->t == T_FLOAT) {
		e->kind = JX_FLOAT;
		e->d = strtod(tmp, NULL);
	} else {
		e->kind = JX_INT;
		e->i = strtoll(tmp, NULL, 10);
	}
}

/* args := [arg (',' arg)*] ','? ; arg := [NAME '='] expr */
static bool parse_args(struct ps *p, struct jexpr *e, const char *close,
		       bool kw_ok)
{
	floe_vec args = FLOE_VEC_INIT, kws = FLOE_VEC_INIT;
	bool ok = true;
	while (ok && !accept_op(p, close)) {
		const char *kw = NULL;
		if (kw_ok && cur(p)->t == T_NAME && is_op(p, &p->toks[p->i + 1], "=")) {
			kw = tok_str(p, cur(p));
			p->i += 2;
		}
		struct jexpr *a = parse_expr(p);
		if (!a) {
			ok = false;
			break;
		}
		floe_vec_push(&args, a);
		floe_vec_push(&kws, (void *)kw);
		if (!is_op(p, cur(p), close) && !expect_op(p, ","))
			ok = false;
	}
	if (ok) {
		e->nargs = args.len;
		e->args = floe_arena_alloc(p->a, (args.len + 1) * sizeof(*e->args));
		e->kw = floe_arena_alloc(p->a, (args.len + 1) * sizeof(*e->kw));
		for (size_t i = 0; i < args.len; i++) {
			e->args[i] = args.items[i];
			e->kw[i] = kws.items[i];
		}
	}
	floe_vec_release(&args);
	floe_vec_release(&kws);
	return ok;
}

static bool parse_dict(struct ps *p, struct jexpr *e)
{
	floe_vec items = FLOE_VEC_INIT;
	bool ok = true;
	while (ok && !accept_op(p, "}")) {
		struct jexpr *k = parse_expr(p), *v = NULL;
		if (k && expect_op(p, ":"))
			v = parse_expr(p);
		if (!v) {
			ok = false;
			break;
		}
		floe_vec_push(&items, k);
		floe_vec_push(&items, v);
		if (!is_op(p, cur(p), "}") && !expect_op(p, ","))
			ok = false;
	}
	if (ok) {
		e->nargs = items.len;
		e->args = floe_arena_alloc(p->a, (items.len + 1) * sizeof(*e->args));
		for (size_t i = 0; i < items.len; i++)
			e->args[i] = items.items[i];
	}
	floe_vec_release(&items);
	return ok;
}

static const char *const consts[][2] = {
	{ "true", "t" }, { "True", "t" }, { "false", "f" }, { "False", "f" },
	{ "none", "n" }, { "None", "n" },
};

static struct jexpr *parse_name(struct ps *p, struct tok *t)
{
	struct jexpr *e = node(p, JX_NAME, t->off);
	for (size_t k = 0; k < FLOE_ARRAY_SIZE(consts); k++)
		if (is_name(p, t, consts[k][0])) {
			e->kind = consts[k][1][0] == 'n' ? JX_NONE : JX_BOOL;
			e->bv = consts[k][1][0] == 't';
			return e;
		}
	e->name = tok_str(p, t);
	return e;
}

/* primary := literal | NAME | '(' expr ')' | '[' list ']' | '{' dict '}' */
static struct jexpr *parse_primary(struct ps *p)
{
	struct tok *t = cur(p);
	struct jexpr *e;

	switch (t->t) {
	case T_STRING:
		p->i++;
		e = node(p, JX_STR, t->off);
		decode_string(p, e, t);
		/* adjacent literals concatenate, as in Python (in one buffer:
		 * copying the text so far for each would be quadratic) */
		if (cur(p)->t == T_STRING) {
			floe_buf cat = FLOE_BUF_INIT;
			floe_buf_put(&cat, e->s, e->len);
			while (cur(p)->t == T_STRING) {
				struct jexpr tmp = { 0 };
				decode_string(p, &tmp, cur(p));
				floe_buf_put(&cat, tmp.s, tmp.len);
				p->i++;
			}
			e->len = cat.len;
			e->s = floe_arena_strndup(p->a, floe_buf_cstr(&cat), cat.len);
			floe_buf_release(&cat);
		}
		break;
	case T_INT:
	case T_FLOAT:
		p->i++;
		e = node(p, JX_INT, t->off);
		parse_number(p, e, t);
		break;
	case T_NAME:
		p->i++;
		e = parse_name(p, t);
		break;
	case T_OP:
		if (is_op(p, t, "(")) {
			p->i++;
			if (!(e = parse_expr(p)) || !expect_op(p, ")"))
				return NULL;
			return e;
		} else if (is_op(p, t, "[")) {
			p->i++;
			e = node(p, JX_LIST, t->off);
			if (!parse_args(p, e, "]", false))
				return NULL;
		} else if (is_op(p, t, "{")) {
			p->i++;
			e = node(p, JX_DICT, t->off);
			if (!parse_dict(p, e))
				return NULL;
		} else {
			unexpected(p, "an expression");
			return NULL;
		}
		break;
	default:
		unexpected(p, "an expression");
		return NULL;
	}
	finish(p, e);
	return e;
}

/* The dotted name of a callee ("dbt_utils.star"), or NULL. */
static const char *dotted(struct ps *p, const struct jexpr *e)
{
	if (e->kind == JX_NAME)
		return e->name;
	if (e->kind != JX_ATTR)
		return NULL;
	const char *base = dotted(p, e->a);
	return base ? floe_arena_printf(p->a, "%s.%s", base, e->name) : NULL;
}

/* postfix := primary ('.' NAME | '(' args ')' | '[' expr ']')* */
static struct jexpr *parse_postfix(struct ps *p)
{
	struct jexpr *e = parse_primary(p);
	while (e) {
		struct jexpr *n;
		uint32_t off = e->off;
		if (accept_op(p, ".")) {
			if (cur(p)->t != T_NAME) {
				unexpected(p, "an attribute name");
				return NULL;
			}
			n = node(p, JX_ATTR, off);
			n->name = tok_str(p, cur(p));
			p->i++;
		} else if (accept_op(p, "(")) {
			n = node(p, JX_CALL, off);
			n->name = dotted(p, e);
			n->a = e;
			if (!parse_args(p, n, ")", true))
				return NULL;
		} else if (accept_op(p, "[")) {
			n = node(p, JX_INDEX, off);
			if (!(n->b = parse_expr(p)) || !expect_op(p, "]"))
				return NULL;
		} else {
			break;
		}
		n->a = e;
		finish(p, n);
		if (p->failed)
			return NULL;
		e = n;
	}
	return e;
}

/* filters := postfix ('|' NAME ['(' args ')'] | 'is' ['not'] NAME)* */
static struct jexpr *parse_filters(struct ps *p, struct jexpr *e)
{
	while (e) {
		bool filter = accept_op(p, "|");
		if (!filter && !accept_name(p, "is"))
			break;
		struct jexpr *n = node(p, filter ? JX_FILTER : JX_TEST, e->off);
		if (!filter)
			n->bv = accept_name(p, "not");
		if (cur(p)->t != T_NAME) {
			unexpected(p, filter ? "a filter name" : "a test name");
			return NULL;
		}
		n->name = tok_str(p, cur(p));
		p->i++;
		n->a = e;
		if (accept_op(p, "(") && !parse_args(p, n, ")", true))
			return NULL;
		finish(p, n);
		if (p->failed)
			return NULL;
		e = n;
	}
	return e;
}

static struct jexpr *parse_unary(struct ps *p)
{
	struct tok *t = cur(p);
	struct jexpr *e = NULL;
	bool neg = accept_op(p, "-");
	if (!neg && !accept_op(p, "+"))
		return parse_filters(p, parse_postfix(p));
	if (enter(p)) {
		e = parse_unary(p);
		if (e && neg) {
			struct jexpr *n = node(p, JX_NEG, t->off);
			n->a = e;
			finish(p, n);
			e = n;
		}
	}
	p->depth--;
	return e;
}

static const struct { const char *op; int jop; } mulops[] = {
	{ "*", JOP_MUL }, { "/", JOP_DIV }, { "//", JOP_FLOORDIV }, { "%", JOP_MOD },
}, addops[] = {
	{ "+", JOP_ADD }, { "-", JOP_SUB },
}, cmpops[] = {
	{ "==", JOP_EQ }, { "!=", JOP_NE }, { "<", JOP_LT }, { ">", JOP_GT },
	{ "<=", JOP_LE }, { ">=", JOP_GE },
};

static struct jexpr *binary(struct ps *p, struct jexpr *l, int op,
			    struct jexpr *(*next)(struct ps *))
{
	struct jexpr *n = node(p, JX_BIN, l->off);
	n->op = (uint8_t)op;
	n->a = l;
	if (!(n->b = next(p)))
		return NULL;
	finish(p, n);
	return p->failed ? NULL : n;
}

static struct jexpr *parse_mul(struct ps *p)
{
	struct jexpr *e = parse_unary(p);
	for (size_t k = 0; e && k < FLOE_ARRAY_SIZE(mulops); k++)
		if (accept_op(p, mulops[k].op)) {
			e = binary(p, e, mulops[k].jop, parse_unary);
			k = (size_t)-1;
		}
	if (e && is_op(p, cur(p), "**")) {
		floe_runtime__run_perr(p, "run/unsupported-jinja", cur(p)->off, cur(p)->off + 2,
			      "the '**' operator is not supported by the native runner");
		return NULL;
	}
	return e;
}

static struct jexpr *parse_concat(struct ps *p)
{
	struct jexpr *e = parse_mul(p);
	while (e && accept_op(p, "~"))
		e = binary(p, e, JOP_CAT, parse_mul);
	return e;
}

static struct jexpr *parse_add(struct ps *p)
{
	struct jexpr *e = parse_concat(p);
	for (size_t k = 0; e && k < FLOE_ARRAY_SIZE(addops); k++)
		if (accept_op(p, addops[k].op)) {
			e = binary(p, e, addops[k].jop, parse_concat);
			k = (size_t)-1;
		}
	return e;
}

static struct jexpr *parse_compare(struct ps *p)
{
	struct jexpr *e = parse_add(p);
	while (e) {
		int op = -1;
		for (size_t k = 0; k < FLOE_ARRAY_SIZE(cmpops); k++)
			if (accept_op(p, cmpops[k].op))
				op = cmpops[k].jop;
		if (op < 0 && accept_name(p, "in"))
			op = JOP_IN;
		if (op < 0 && is_name(p, cur(p), "not") &&
		    is_name(p, &p->toks[p->i + 1], "in")) {
			p->i += 2;
			op = JOP_NOTIN;
		}
		if (op < 0)
			break;
		e = binary(p, e, op, parse_add);
	}
	return e;
}

static struct jexpr *parse_not(struct ps *p)
{
	struct tok *t = cur(p);
	struct jexpr *e = NULL;
	if (!accept_name(p, "not"))
		return parse_compare(p);
	if (enter(p)) {
		struct jexpr *n = node(p, JX_NOT, t->off);
		if ((n->a = parse_not(p)) != NULL) {
			finish(p, n);
			e = n;
		}
	}
	p->depth--;
	return e;
}

static struct jexpr *parse_logic(struct ps *p, bool or)
{
	struct jexpr *e = or ? parse_logic(p, false) : parse_not(p);
	while (e && accept_name(p, or ? "or" : "and")) {
		struct jexpr *n = node(p, or ? JX_OR : JX_AND, e->off);
		n->a = e;
		if (!(n->b = or ? parse_logic(p, false) : parse_not(p)))
			return NULL;
		finish(p, n);
		if (p->failed)
			return NULL;
		e = n;
	}
	return e;
}

/* expr := or ['if' or ['else' expr]] */
static struct jexpr *parse_expr(struct ps *p)
{
	struct jexpr *e = NULL;
	if (++p->depth > MAX_DEPTH) {
		floe_runtime__run_perr(p, "run/jinja-syntax", cur(p)->off, cur(p)->off + 1,
			      "expression nested too deeply");
		goto out;
	}
	e = parse_logic(p, true);
	if (e && accept_name(p, "if")) {
		struct jexpr *n = node(p, JX_COND, e->off);
		n->a = e;
		if (!(n->b = parse_logic(p, true)))
			e = NULL;
		else if (accept_name(p, "else") && !(n->c = parse_expr(p)))
			e = NULL;
		else
			e = n;
		if (e)
			finish(p, e);
	}
out:
	p->depth--;
	return e;
}

/* ---- statements ---- */

struct body {
	struct jstmt *first, **tail;
};

static void add(struct body *b, struct jstmt *s)
{
	*b->tail = s;
	b->tail = &s->next;
}

static struct jstmt *stmt(struct ps *p, int kind, uint32_t off)
{
	struct jstmt *s = floe_arena_alloc(p->a, sizeof(*s));
	s->kind = (uint8_t)kind;
	s->off = off;
	return s;
}

static struct jstmt *parse_body(struct ps *p, const char *const *stops,
				size_t nstops, size_t *which,
				const struct tok *opener);

/* Tags that Jinja or dbt know and the subset leaves out. */
static const char *const unsupported_tags[] = {
	"for", "endfor", "macro", "endmacro", "call", "endcall", "filter",
	"endfilter", "raw", "endraw", "do", "include", "import", "from",
	"extends", "block", "endblock", "with", "endwith", "autoescape",
	"endautoescape", "break", "continue", "materialization", "snapshot",
	"endsnapshot", "test", "endtest", "docs", "enddocs", "endset",
	"trans", "endtrans", "return",
};

static bool tag_end(struct ps *p)
{
	return expect(p, T_BLOCK_END, "'%}'");
}

static struct jstmt *parse_if(struct ps *p, const struct tok *opener)
{
	static const char *const stops[] = { "elif", "else", "endif" };
	struct jstmt *s = stmt(p, JS_IF, opener->off);
	struct jbranch **tail = &s->br;
	size_t which = 0;
	bool is_else = false;

	do {
		struct jbranch *b = floe_arena_alloc(p->a, sizeof(*b));
		if (!is_else && !(b->cond = parse_expr(p)))
			return NULL;
		if (!tag_end(p))
			return NULL;
		b->body = parse_body(p, stops + (is_else ? 2 : 0),
				     is_else ? 1 : 3, &which, opener);
		if (p->failed)
			return NULL;
		which += is_else ? 2 : 0;
		*tail = b;
		tail = &b->next;
		is_else = which == 1;
	} while (which != 2);
	return tag_end(p) ? s : NULL;
}

static struct jstmt *parse_set(struct ps *p, const struct tok *opener)
{
	struct jstmt *s = stmt(p, JS_SET, opener->off);
	if (cur(p)->t != T_NAME) {
		unexpected(p, "a variable name");
		return NULL;
	}
	s->name = tok_str(p, cur(p));
	p->i++;
	if (is_op(p, cur(p), ",") || cur(p)->t == T_BLOCK_END) {
		floe_runtime__run_perr(p, "run/unsupported-jinja", opener->off, cur(p)->off + cur(p)->len,
			      "this form of {%% set %%} is not supported by the native runner");
		return NULL;
	}
	if (!expect_op(p, "=") || !(s->e = parse_expr(p)) || !tag_end(p))
		return NULL;
	return s;
}

static struct jstmt *parse_macro(struct ps *p, const struct tok *opener)
{
	static const char *const stops[] = { "endmacro" };
	struct jstmt *s = stmt(p, JS_MACRO, opener->off);
	floe_vec params = FLOE_VEC_INIT, defs = FLOE_VEC_INIT;
	size_t which;

	if (cur(p)->t != T_NAME) {
		unexpected(p, "a macro name");
		return NULL;
	}
	s->name = tok_str(p, cur(p));
	p->i++;
	bool ok = expect_op(p, "(");
	while (ok && !accept_op(p, ")")) {
		struct jexpr *def = NULL;
		if (cur(p)->t != T_NAME) {
			unexpected(p, "a parameter name");
			ok = false;
			break;
		}
		floe_vec_push(&params, (void *)tok_str(p, cur(p)));
		p->i++;
		if (accept_op(p, "=") && !(def = parse_expr(p)))
			ok = false;
		floe_vec_push(&defs, def);
		if (ok && !is_op(p, cur(p), ")") && !expect_op(p, ","))
			ok = false;
	}
	s->nparams = params.len;
	s->params = floe_arena_alloc(p->a, (params.len + 1) * sizeof(char *));
	s->defaults = floe_arena_alloc(p->a, (params.len + 1) * sizeof(void *));
	for (size_t i = 0; i < params.len; i++) {
		s->params[i] = params.items[i];
		s->defaults[i] = defs.items[i];
	}
	floe_vec_release(&params);
	floe_vec_release(&defs);
	if (!ok || !tag_end(p))
		return NULL;
	s->body = parse_body(p, stops, 1, &which, opener);
	return p->failed || !tag_end(p) ? NULL : s;
}

/* A {% tag %} at the current token (after T_BLOCK_BEGIN and its name). */
static struct jstmt *parse_tag(struct ps *p, const struct tok *opener,
			       const struct tok *name)
{
	if (p->nest > MAX_DEPTH) {
		floe_runtime__run_perr(p, "run/jinja-syntax", opener->off, name->off + name->len,
			      "tags nested too deeply");
		return NULL;
	}
	if (is_name(p, name, "if"))
		return parse_if(p, opener);
	if (is_name(p, name, "set"))
		return parse_set(p, opener);
	if (is_name(p, name, "macro") && p->macros && p->nest == 1)
		return parse_macro(p, opener);
	for (size_t k = 0; k < FLOE_ARRAY_SIZE(unsupported_tags); k++)
		if (is_name(p, name, unsupported_tags[k])) {
			floe_runtime__run_perr(p, "run/unsupported-jinja", opener->off,
				      name->off + name->len,
				      "{%% %.*s %%} is not supported by the native runner",
				      (int)name->len, p->text + name->off);
			return NULL;
		}
	floe_runtime__run_perr(p, "run/jinja-syntax", name->off, name->off + name->len,
		      "unknown tag '%.*s'", (int)name->len, p->text + name->off);
	return NULL;
}

/*
 * body := (TEXT | '{{' expr '}}' | '{%' tag '%}')*, up to a {% stop %}
 * (its index in *which, the position after its name) or the end of file.
 */
static struct jstmt *parse_body(struct ps *p, const char *const *stops,
				size_t nstops, size_t *which,
				const struct tok *opener)
{
	struct body b = { NULL, &b.first };
	while (!p->failed) {
		struct tok *t = cur(p);
		struct jstmt *s = NULL;
		if (t->t == T_EOF) {
			if (nstops) {
				const struct tok *name = opener + 1;
				floe_runtime__run_perr(p, "run/jinja-syntax", opener->off,
					      name->off + name->len,
					      "unclosed {%% %.*s %%}: missing {%% %s %%}",
					      (int)name->len, p->text + name->off,
					      stops[nstops - 1]);
			}
			break;
		}
		p->i++;
		if (t->t == T_TEXT) {
			s = stmt(p, JS_TEXT, t->off);
			s->text = p->text + t->off;
			s->len = t->len;
		} else if (t->t == T_VAR_BEGIN) {
			s = stmt(p, JS_OUT, t->off);
			if (!(s->e = parse_expr(p)) ||
			    !expect(p, T_VAR_END, "'}}'"))
				break;
		} else {
			struct tok *name = cur(p);
			if (name->t != T_NAME) {
				unexpected(p, "a tag name");
				break;
			}
			for (size_t k = 0; k < nstops; k++)
				if (is_name(p, name, stops[k])) {
					*which = k;
					p->i++;
					return b.first;
				}
			p->i++;
			p->nest++;
			s = parse_tag(p, t, name);
			p->nest--;
			if (!s)
				break;
		}
		s->end = p->i > 0 ? p->toks[p->i - 1].off + p->toks[p->i - 1].len : 0;
		add(&b, s);
	}
	return b.first;
}

static void ps_init(struct ps *p, floe_arena *a, floe_diags *d,
		    floe_source *src)
{
	memset(p, 0, sizeof(*p));
	p->a = a;
	p->d = d;
	p->src = src;
	p->text = floe_source_text(src, &p->len);
	if (!p->text)
		p->text = "";
}

int floe_runtime__run_jinja_parse(struct jtpl **out, floe_arena *a, floe_diags *d,
			 floe_source *src, bool macros)
{
	struct ps p;
	struct jtpl *t = floe_arena_alloc(a, sizeof(*t));

	ps_init(&p, a, d, src);
	p.macros = macros;
	*out = t;
	t->src = src;
	t->text = p.text;
	t->len = p.len;
	t->macros = macros;
	if (p.len >= UINT32_MAX - 4) {
		floe_runtime__run_perr(&p, "run/jinja-syntax", 0, 0, "file too large");
	} else if (floe_runtime__run_lex(&p) == 0) {
		size_t which;
		t->body = parse_body(&p, NULL, 0, &which, NULL);
	}
	free(p.toks);
	return p.failed ? FLOE_EINVALID : 0;
}

int floe_runtime__run_jinja_expr(struct jexpr **out, floe_arena *a, floe_diags *d,
			floe_source *src)
{
	struct ps p;

	ps_init(&p, a, d, src);
	*out = NULL;
	if (p.len >= UINT32_MAX - 4) {
		floe_runtime__run_perr(&p, "run/jinja-syntax", 0, 0, "expression too large");
	} else {
		bool strip;
		if (floe_runtime__run_lex_tag(&p, 0, '\0', &strip, 0) || p.len == 0) {
			floe_runtime__run_push(&p, T_EOF, p.len, 0);
			*out = parse_expr(&p);
			if (*out && cur(&p)->t != T_EOF)
				unexpected(&p, "the end of the expression");
		}
	}
	free(p.toks);
	return p.failed || !*out ? FLOE_EINVALID : 0;
}
