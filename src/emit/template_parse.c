/*
 * template_parse.c: compiles a template once into a tree of nodes (text,
 * outputs, if, for, set) in one arena: literals, expressions and blocks,
 * and the check that every output ends with an escaping filter.  Text and
 * tags are read by template_lex.c; nothing is evaluated here.
 */
#include <limits.h>
#include <stdarg.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include "emit/template_lex.h"

/*
 * The language, a strict and deterministic Jinja subset:
 *
 *   text {{ expr | filter | filter(literal) }} {# comment #}
 *   {% if cond %} {% elif cond %} {% else %} {% endif %}
 *   {% for x in expr %} {% for k, v in expr %} {% else %} {% endfor %}
 *   {% set name = expr %}        {% raw %}...{% endraw %}
 *
 *   expr    := primary { '|' NAME [ '(' literal ')' ] }
 *   primary := path | literal
 *   path    := NAME { '.' NAME | '.' INT | '[' (STRING | INT) ']' }
 *   literal := STRING | ['-'] INT | true | false | none | null
 *            | '[' [ literal { ',' literal } [','] ] ']'
 *   cond    := and { 'or' and }
 *   and     := not { 'and' not }
 *   not     := 'not' not | '(' cond ')'
 *            | expr [ ('==' | '!=' | 'in' | 'not' 'in') expr
 *                   | 'is' ['not'] 'defined' ]
 */

enum kw {
	KW_NONE, KW_IF, KW_ELIF, KW_ELSE, KW_ENDIF, KW_FOR, KW_ENDFOR,
	KW_SET, KW_RAW, KW_ENDRAW,
};

static const char *const kw_names[] = {
	"", "if", "elif", "else", "endif", "for", "endfor", "set", "raw",
	"endraw",
};

#define STOP(k) (1u << (k))

/* ---- literals ---- */

static void decref(void *p)
{
	json_decref(p);
}

static json_t *keep(struct tp *tp, json_t *v)
{
	floe_arena_defer(tp->P->t->arena, decref, v);
	return v;
}

/* A quoted string: \\ \' \" \n \r \t are escapes, other backslashes stay. */
static json_t *string_lit(struct tp *tp)
{
	const char *s = tp->P->s;
	size_t a = tp->tok.start, b = tp->tok.end;
	floe_buf buf = FLOE_BUF_INIT;
	json_t *v;

	for (size_t i = a + 1; i < b - 1; i++) {
		char c = s[i];
		if (c == '\\' && i + 2 < b && s[i + 1] &&
		    strchr("\\'\"nrt", s[i + 1])) {
			c = s[++i];
			c = c == 'n' ? '\n' : c == 'r' ? '\r' : c == 't' ? '\t' : c;
		}
		floe_buf_putc(&buf, c);
	}
	v = json_stringn(floe_buf_cstr(&buf), buf.len);
	floe_buf_release(&buf);
	if (!v)
		floe_emit__tp_error(tp, a, b, "string is not valid UTF-8");
	else
		floe_emit__tp_advance(tp);
	return v;
}

static json_t *int_lit(struct tp *tp, bool neg)
{
	json_int_t v = 0;

	for (size_t i = tp->tok.start; i < tp->tok.end; i++) {
		int dgt = tp->P->s[i] - '0';
		if (v > (LLONG_MAX - dgt) / 10) {
			floe_emit__tp_error(tp, tp->tok.start, tp->tok.end,
				      "integer is too large");
			return NULL;
		}
		v = v * 10 + dgt;
	}
	floe_emit__tp_advance(tp);
	return json_integer(neg ? -v : v);
}

static json_t *literal(struct tp *tp);

static json_t *list_lit(struct tp *tp)
{
	json_t *arr = json_array(), *item;

	if (++tp->depth > TMPL_MAX_EXPR_DEPTH) {
		floe_emit__tp_error(tp, tp->tok.start, tp->tok.end, "nested too deeply");
		return json_decref(arr), NULL;
	}
	while (!floe_emit__tp_accept(tp, T_PUNCT, "]")) {
		if (!(item = literal(tp)))
			return json_decref(arr), NULL;
		json_array_append_new(arr, item);
		if (!floe_emit__tp_accept(tp, T_PUNCT, ",") &&
		    !floe_emit__tp_is(tp, T_PUNCT, "]")) {
			floe_emit__tp_unexpected(tp, "',' or ']'");
			return json_decref(arr), NULL;
		}
	}
	tp->depth--;
	return arr;
}

static bool name_in(const struct tp *tp, const char *a, const char *b,
		    const char *c)
{
	return floe_emit__tp_is(tp, T_NAME, a) || floe_emit__tp_is(tp, T_NAME, b) ||
	       (c && floe_emit__tp_is(tp, T_NAME, c));
}

/* A new reference, or NULL after an error. */
static json_t *literal(struct tp *tp)
{
	if (tp->tok.kind == T_STR)
		return string_lit(tp);
	if (tp->tok.kind == T_INT)
		return int_lit(tp, false);
	if (floe_emit__tp_accept(tp, T_PUNCT, "-")) {
		if (tp->tok.kind == T_INT)
			return int_lit(tp, true);
		floe_emit__tp_unexpected(tp, "a number");
		return NULL;
	}
	if (floe_emit__tp_accept(tp, T_PUNCT, "["))
		return list_lit(tp);
	if (name_in(tp, "true", "True", NULL))
		return floe_emit__tp_advance(tp), json_true();
	if (name_in(tp, "false", "False", NULL))
		return floe_emit__tp_advance(tp), json_false();
	if (name_in(tp, "none", "None", "null"))
		return floe_emit__tp_advance(tp), json_null();
	floe_emit__tp_unexpected(tp, "a literal");
	return NULL;
}

/* ---- expressions ---- */

static texpr *new_expr(struct tp *tp, enum texpr_kind kind, size_t start)
{
	texpr *e = floe_arena_alloc(tp->P->t->arena, sizeof(*e));
	e->kind = kind;
	e->line = floe_emit__tmpl_line(tp->P, start);
	return e;
}

static bool is_reserved(const struct tp *tp)
{
	return name_in(tp, "and", "or", "not") || name_in(tp, "in", "is", NULL);
}

static void add_seg(struct tp *tp, struct tseg **segs, size_t *n,
		    const char *key, size_t klen, bool is_index)
{
	struct tseg *sg;

	*segs = floe_xrealloc(*segs, (*n + 1) * sizeof(**segs));
	sg = &(*segs)[(*n)++];
	sg->key = floe_arena_strndup(tp->P->t->arena, key, klen);
	sg->klen = klen;
	/* no array is longer than 9 digits: a longer number is a key */
	sg->is_index = is_index && klen <= 9;
	sg->index = sg->is_index ? strtoul(sg->key, NULL, 10) : 0;
}

/* The current NAME or INT token as a segment. */
static void tok_seg(struct tp *tp, struct tseg **segs, size_t *n)
{
	add_seg(tp, segs, n, tp->P->s + tp->tok.start,
		tp->tok.end - tp->tok.start, tp->tok.kind == T_INT);
	floe_emit__tp_advance(tp);
}

/* One segment after the first: .name, .0, [0] or ["key"]. */
static bool path_seg(struct tp *tp, struct tseg **segs, size_t *n)
{
	json_t *key;

	if (floe_emit__tp_accept(tp, T_PUNCT, ".")) {
		if (tp->tok.kind != T_NAME && tp->tok.kind != T_INT)
			return floe_emit__tp_unexpected(tp, "a name after '.'"), false;
		tok_seg(tp, segs, n);
		return true;
	}
	floe_emit__tp_advance(tp); /* '[' */
	if (tp->tok.kind == T_INT) {
		tok_seg(tp, segs, n);
	} else if (tp->tok.kind == T_STR) {
		if (!(key = string_lit(tp)))
			return false;
		add_seg(tp, segs, n, json_string_value(key),
			json_string_length(key), false);
		json_decref(key);
	} else {
		return floe_emit__tp_unexpected(tp, "a string or an index"), false;
	}
	return floe_emit__tp_expect(tp, T_PUNCT, "]");
}

static texpr *path(struct tp *tp)
{
	texpr *e = new_expr(tp, TX_PATH, tp->tok.start);
	struct tseg *segs = NULL;
	size_t n = 0;
	bool ok = true;

	tok_seg(tp, &segs, &n);
	while (ok && (floe_emit__tp_is(tp, T_PUNCT, ".") ||
		      floe_emit__tp_is(tp, T_PUNCT, "[")))
		ok = path_seg(tp, &segs, &n);
	e->segs = floe_arena_alloc(tp->P->t->arena, n * sizeof(*segs));
	memcpy(e->segs, segs, n * sizeof(*segs));
	e->nsegs = n;
	free(segs);
	return ok ? e : NULL;
}

static bool is_const(const struct tp *tp)
{
	return name_in(tp, "true", "True", NULL) ||
	       name_in(tp, "false", "False", NULL) ||
	       name_in(tp, "none", "None", "null");
}

static bool starts_literal(const struct tp *tp)
{
	return tp->tok.kind == T_STR || tp->tok.kind == T_INT ||
	       floe_emit__tp_is(tp, T_PUNCT, "-") || floe_emit__tp_is(tp, T_PUNCT, "[") ||
	       is_const(tp);
}

/* primary := path | literal */
static texpr *primary(struct tp *tp)
{
	size_t start = tp->tok.start;
	texpr *e;
	json_t *v;

	if (starts_literal(tp)) {
		if (!(v = literal(tp)))
			return NULL;
		e = new_expr(tp, TX_LIT, start);
		e->lit = keep(tp, v);
	} else if (tp->tok.kind == T_NAME && !is_reserved(tp)) {
		e = path(tp);
	} else {
		floe_emit__tp_unexpected(tp, "an expression");
		return NULL;
	}
	if (e)
		e->text = floe_arena_strndup(tp->P->t->arena, tp->P->s + start,
					     tp->prev_end - start);
	return e;
}

static bool filter_arg(struct tp *tp, struct tfilter *f, size_t start)
{
	json_t *v;

	if (!floe_emit__tp_accept(tp, T_PUNCT, "(")) {
		if (f->def->has_arg)
			floe_emit__tp_error(tp, start, tp->prev_end,
				      "filter '%s' needs an argument",
				      f->def->name);
		return f->def->has_arg ? false : true;
	}
	if (!f->def->has_arg) {
		floe_emit__tp_error(tp, start, tp->prev_end,
			      "filter '%s' takes no argument", f->def->name);
		return false;
	}
	if (!(v = literal(tp)))
		return false;
	f->arg = keep(tp, v);
	if (!strcmp(f->def->name, "join") && !json_is_string(v)) {
		floe_emit__tp_error(tp, start, tp->prev_end,
			      "filter 'join' needs a string argument");
		return false;
	}
	return floe_emit__tp_expect(tp, T_PUNCT, ")");
}

static struct tfilter *filter(struct tp *tp)
{
	struct tfilter *f = floe_arena_alloc(tp->P->t->arena, sizeof(*f));
	size_t start = tp->tok.start, len = tp->tok.end - tp->tok.start;
	const char *name = tp->P->s + start;
	const char *names[64];
	size_t n;
	floe_diag *dg;

	if (tp->tok.kind != T_NAME)
		return floe_emit__tp_unexpected(tp, "a filter name"), NULL;
	f->def = floe_emit__template_filter_find(name, len);
	if (!f->def) {
		dg = floe_emit__tp_error(tp, start, start + len,
				   "unknown filter '%.*s'", (int)len, name);
		n = floe_emit__template_filter_names(names, 64, false);
		if (dg)
			floe_emit__tmpl_suggest(tp->P, dg,
					  floe_arena_strndup(tp->P->t->arena,
							     name, len),
					  names, n);
		return NULL;
	}
	floe_emit__tp_advance(tp);
	return filter_arg(tp, f, start) ? f : NULL;
}

/* expr := primary { '|' filter } */
static texpr *pipeline(struct tp *tp)
{
	texpr *e = primary(tp);
	struct tfilter **tail;

	if (!e)
		return NULL;
	tail = &e->filters;
	while (floe_emit__tp_accept(tp, T_PUNCT, "|")) {
		if (!(*tail = filter(tp)))
			return NULL;
		tail = &(*tail)->next;
	}
	return e;
}

static texpr *cond(struct tp *tp);

static texpr *binary(struct tp *tp, enum texpr_kind kind, texpr *a,
		     texpr *b)
{
	texpr *e;

	if (!a || !b)
		return NULL;
	e = new_expr(tp, kind, tp->tok.start);
	e->line = a->line;
	e->a = a;
	e->b = b;
	return e;
}

/* expr [ ('==' | '!=' | 'in' | 'not' 'in') expr | 'is' ['not'] 'defined' ] */
static texpr *compare(struct tp *tp)
{
	texpr *a = pipeline(tp);
	bool neg;

	if (!a)
		return NULL;
	if (floe_emit__tp_accept(tp, T_PUNCT, "=="))
		return binary(tp, TX_EQ, a, pipeline(tp));
	if (floe_emit__tp_accept(tp, T_PUNCT, "!="))
		return binary(tp, TX_NE, a, pipeline(tp));
	if (floe_emit__tp_accept(tp, T_NAME, "in"))
		return binary(tp, TX_IN, a, pipeline(tp));
	if (floe_emit__tp_accept(tp, T_NAME, "not")) {
		if (!floe_emit__tp_expect(tp, T_NAME, "in"))
			return NULL;
		return binary(tp, TX_NOTIN, a, pipeline(tp));
	}
	if (floe_emit__tp_accept(tp, T_NAME, "is")) {
		neg = floe_emit__tp_accept(tp, T_NAME, "not");
		if (!floe_emit__tp_expect(tp, T_NAME, "defined"))
			return NULL;
		return binary(tp, neg ? TX_UNDEFINED : TX_DEFINED, a, a);
	}
	return a;
}

/* not := 'not' not | '(' cond ')' | compare */
static texpr *negation(struct tp *tp)
{
	size_t start = tp->tok.start;
	texpr *e = NULL;

	if (++tp->depth > TMPL_MAX_EXPR_DEPTH) {
		floe_emit__tp_error(tp, start, tp->tok.end, "nested too deeply");
		return NULL;
	}
	if (floe_emit__tp_accept(tp, T_NAME, "not")) {
		texpr *a = negation(tp);
		if (a) {
			e = new_expr(tp, TX_NOT, start);
			e->a = a;
		}
	} else if (floe_emit__tp_accept(tp, T_PUNCT, "(")) {
		e = cond(tp);
		if (e && !floe_emit__tp_expect(tp, T_PUNCT, ")"))
			e = NULL;
	} else {
		e = compare(tp);
	}
	tp->depth--;
	return e;
}

/*
 * One more operand of an `and` / `or` chain: each is a level of the tree
 * that rendering recurses through, so a chain counts with the nesting
 * around it against TMPL_MAX_EXPR_DEPTH (a 2 MB chain overflowed the
 * stack).
 */
static bool chain_ok(struct tp *tp, unsigned n)
{
	if (n + tp->depth <= TMPL_MAX_EXPR_DEPTH)
		return true;
	floe_emit__tp_error(tp, tp->tok.start, tp->tok.end, "nested too deeply");
	return false;
}

static texpr *conjunction(struct tp *tp)
{
	texpr *e = negation(tp);
	unsigned n = 0;

	while (e && floe_emit__tp_accept(tp, T_NAME, "and"))
		e = chain_ok(tp, ++n) ? binary(tp, TX_AND, e, negation(tp)) : NULL;
	return e;
}

/* cond := and { 'or' and } */
static texpr *cond(struct tp *tp)
{
	texpr *e = conjunction(tp);
	unsigned n = 0;

	while (e && floe_emit__tp_accept(tp, T_NAME, "or"))
		e = chain_ok(tp, ++n) ? binary(tp, TX_OR, e, conjunction(tp)) : NULL;
	return e;
}

/* ---- tags and blocks ---- */

static tnode *new_node(struct parser *P, enum tnode_kind kind, size_t at)
{
	tnode *n = floe_arena_alloc(P->t->arena, sizeof(*n));
	n->kind = kind;
	n->line = floe_emit__tmpl_line(P, at);
	return n;
}

static void escaping_hint(struct parser *P, floe_diag *dg)
{
	const char *names[64];
	size_t n = floe_emit__template_filter_names(names, 64, true);
	floe_buf b = FLOE_BUF_INIT;

	if (!dg)
		return;
	floe_buf_put_list(&b, names, n);
	floe_diag_hint(P->d, dg, "end it with one of: %s", floe_buf_cstr(&b));
	floe_buf_release(&b);
}

static tnode *output(struct parser *P, const struct tag *tag)
{
	struct tp tp;
	texpr *e;
	struct tfilter *last;
	tnode *n;

	floe_emit__tp_init(&tp, P, tag);
	e = pipeline(&tp);
	if (!e || !floe_emit__tp_expect_end(&tp))
		return NULL;
	for (last = e->filters; last && last->next; last = last->next)
		;
	if (!last || !last->def->escaping) {
		escaping_hint(P, floe_emit__tp_error(&tp, tag->start, tag->end,
			"output of '%s' must end with an escaping filter",
			e->text));
		return NULL;
	}
	n = new_node(P, TN_OUTPUT, tag->start);
	n->expr = e;
	return n;
}

struct stop {
	enum kw kw;
	struct tag tag;
	struct tp tp;            /* positioned after the keyword */
};

static tnode *body(struct parser *P, unsigned stops, struct stop *stop,
		   unsigned depth);

static texpr *cond_tag(struct tp *tp)
{
	texpr *e = cond(tp);
	return e && floe_emit__tp_expect_end(tp) ? e : NULL;
}

static tnode *if_block(struct parser *P, struct tp *tp,
		       const struct tag *tag, unsigned depth)
{
	tnode *n = new_node(P, TN_IF, tag->start);
	struct tbranch *br = floe_arena_alloc(P->t->arena, sizeof(*br));
	struct stop st;
	bool seen_else = false;

	n->branches = br;
	br->cond = cond_tag(tp);
	for (;;) {
		br->body = body(P, STOP(KW_ELIF) | STOP(KW_ELSE) | STOP(KW_ENDIF),
				&st, depth + 1);
		if (st.kw == KW_NONE) {
			if (!P->stop)
				floe_emit__tmpl_error(P, tag->start, tag->end,
						"'if' is not closed with 'endif'");
			return n;
		}
		if (st.kw == KW_ENDIF) {
			floe_emit__tp_expect_end(&st.tp);
			return n;
		}
		if (seen_else)
			floe_emit__tp_error(&st.tp, st.tag.start, st.tag.end,
				      "'%s' after 'else'", kw_names[st.kw]);
		seen_else = st.kw == KW_ELSE;
		br = br->next = floe_arena_alloc(P->t->arena, sizeof(*br));
		if (st.kw == KW_ELIF)
			br->cond = cond_tag(&st.tp);
		else
			floe_emit__tp_expect_end(&st.tp);
	}
}

static const char *loop_var(struct tp *tp)
{
	const char *v;

	if (tp->tok.kind != T_NAME || is_reserved(tp)) {
		floe_emit__tp_unexpected(tp, "a variable name");
		return NULL;
	}
	v = floe_arena_strndup(tp->P->t->arena, tp->P->s + tp->tok.start,
			       tp->tok.end - tp->tok.start);
	floe_emit__tp_advance(tp);
	return v;
}

static tnode *for_block(struct parser *P, struct tp *tp,
			const struct tag *tag, unsigned depth)
{
	tnode *n = new_node(P, TN_FOR, tag->start);
	struct stop st;

	n->var = loop_var(tp);
	if (n->var && floe_emit__tp_accept(tp, T_PUNCT, ","))
		n->var2 = loop_var(tp);
	if (n->var && floe_emit__tp_expect(tp, T_NAME, "in"))
		if ((n->expr = pipeline(tp)))
			floe_emit__tp_expect_end(tp);
	n->body = body(P, STOP(KW_ELSE) | STOP(KW_ENDFOR), &st, depth + 1);
	if (st.kw == KW_ELSE) {
		floe_emit__tp_expect_end(&st.tp);
		n->else_body = body(P, STOP(KW_ENDFOR), &st, depth + 1);
	}
	if (st.kw == KW_ENDFOR)
		floe_emit__tp_expect_end(&st.tp);
	else if (!P->stop)
		floe_emit__tmpl_error(P, tag->start, tag->end,
				"'for' is not closed with 'endfor'");
	return n;
}

static tnode *set_tag(struct parser *P, struct tp *tp, const struct tag *tag)
{
	tnode *n = new_node(P, TN_SET, tag->start);

	if (!(n->var = loop_var(tp)) || !floe_emit__tp_expect(tp, T_PUNCT, "="))
		return NULL;
	if (!(n->expr = pipeline(tp)) || !floe_emit__tp_expect_end(tp))
		return NULL;
	return n;
}

static enum kw keyword(struct tp *tp)
{
	for (size_t k = 1; k < FLOE_ARRAY_SIZE(kw_names); k++)
		if (floe_emit__tp_accept(tp, T_NAME, kw_names[k]))
			return (enum kw)k;
	return KW_NONE;
}

static void stray(struct parser *P, struct tp *tp, const struct tag *tag,
		  enum kw kw)
{
	static const char *const opener[] = {
		[KW_ELIF] = "if", [KW_ELSE] = "if' or 'for",
		[KW_ENDIF] = "if", [KW_ENDFOR] = "for", [KW_ENDRAW] = "raw",
	};
	floe_diag *dg;
	size_t len = tp->tok.end - tp->tok.start;

	if (kw != KW_NONE) {
		floe_emit__tp_error(tp, tag->start, tag->end,
			      "'%s' without an open '%s'", kw_names[kw], opener[kw]);
		return;
	}
	if (tp->tok.kind != T_NAME) {
		floe_emit__tp_unexpected(tp, "a tag name");
		return;
	}
	dg = floe_emit__tp_error(tp, tp->tok.start, tp->tok.end,
			   "unknown tag '%.*s'", (int)len, P->s + tp->tok.start);
	if (dg)
		floe_emit__tmpl_suggest(P, dg, floe_arena_strndup(P->t->arena,
				P->s + tp->tok.start, len),
			kw_names + 1, FLOE_ARRAY_SIZE(kw_names) - 1);
}

/* A block tag that is not a stop of the enclosing block. */
static tnode *block(struct parser *P, struct tp *tp, const struct tag *tag,
		    enum kw kw, unsigned depth)
{
	if (kw == KW_IF || kw == KW_FOR) {
		if (depth >= TMPL_MAX_BLOCK_DEPTH) {
			floe_emit__tmpl_error(P, tag->start, tag->end,
					"blocks nested too deeply");
			P->stop = true;
			return NULL;
		}
		return kw == KW_IF ? if_block(P, tp, tag, depth) :
				     for_block(P, tp, tag, depth);
	}
	if (kw == KW_SET)
		return set_tag(P, tp, tag);
	if (kw == KW_RAW)
		return floe_emit__tp_expect_end(tp) ? floe_emit__tmpl_raw(P, tag) : NULL;
	stray(P, tp, tag, kw);
	return NULL;
}

/* body := { text | output | comment | block }, up to one of `stops`
 * (returned in *stop) or the end (stop->kw == KW_NONE). */
static tnode *body(struct parser *P, unsigned stops, struct stop *stop,
		   unsigned depth)
{
	tnode *head = NULL, **tail = &head, *n;
	struct tag tag;
	size_t ts, te;
	enum kw kw;

	stop->kw = KW_NONE;
	while (!P->stop) {
		floe_emit__tmpl_next(P, &ts, &te, &tag);
		if (te > ts) {
			n = *tail = new_node(P, TN_TEXT, ts);
			n->text = P->s + ts;
			n->len = te - ts;
			tail = &n->next;
		}
		if (tag.kind == TAG_EOF)
			break;
		if (tag.kind == TAG_COMMENT)
			continue;
		if (tag.kind == TAG_VAR) {
			n = output(P, &tag);
		} else {
			floe_emit__tp_init(&stop->tp, P, &tag);
			kw = keyword(&stop->tp);
			if (kw != KW_NONE && (stops & STOP(kw))) {
				stop->kw = kw;
				stop->tag = tag;
				return head;
			}
			n = block(P, &stop->tp, &tag, kw, depth);
		}
		if (n) {
			*tail = n;
			while (n->next)
				n = n->next;
			tail = &n->next;
		}
	}
	return head;
}

int floe_emit__template_parse(floe_template **out, floe_diags *d, const char *name,
			const char *text, size_t len)
{
	floe_template *t = floe_xcalloc(1, sizeof(*t));
	struct parser P = { 0 };
	struct stop st;
	char *copy = floe_xmalloc(len + 1);

	memcpy(copy, text, len);
	copy[len] = '\0';
	t->arena = floe_arena_new();
	t->src = floe_source_new(name, copy, len);
	t->name = floe_arena_strdup(t->arena, name);
	t->max_steps = TMPL_MAX_STEPS;
	P.t = t;
	P.d = d;
	P.s = floe_source_text(t->src, &P.len);
	floe_emit__tmpl_index_lines(&P);
	t->root = body(&P, 0, &st, 0);
	*out = NULL;
	if (P.errors) {
		floe_emit__template_free(t);
		return FLOE_EINVALID;
	}
	*out = t;
	return 0;
}

void floe_emit__template_free(floe_template *t)
{
	if (!t)
		return;
	floe_arena_free(t->arena);
	floe_source_unref(t->src);
	free(t);
}
