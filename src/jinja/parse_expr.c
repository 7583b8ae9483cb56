/*
 * parse_expr.c: Jinja's expression grammar, rule for rule as
 * jinja2/parser.py has it (so `**` is left-associative and `~` binds
 * tighter than `+`, as in Jinja), into jnode trees.  Depth is bounded: a
 * node deeper than the environment's max_depth is a "jinja/too-deep"
 * diagnostic, never a deep recursion later.
 */
#include <errno.h>
#include <stdlib.h>
#include <string.h>
#include "jinja_int.h"

static struct jnode *floe_jinja__primary_target(struct jps *p);

static struct jtok *cur(struct jps *p)
{
	return &p->toks[p->i];
}

struct jnode *floe_jinja__node(struct jps *p, int kind, uint32_t off)
{
	struct jnode *n = floe_arena_alloc(p->a, sizeof(*n));
	n->kind = (uint8_t)kind;
	n->off = off;
	n->depth = 1;
	return n;
}

static void floe_jinja__deepen(struct jps *p, struct jnode *n, const struct jnode *c)
{
	if (!c || c->depth + 1u <= n->depth)
		return;
	n->depth = (uint16_t)(c->depth + 1 > 60000 ? 60000 : c->depth + 1);
	if (n->depth > p->env->lim.max_depth && !p->failed)
		floe_jinja__perr(p, "jinja/too-deep", n->off, 1,
				 "expression nested deeper than %u levels",
				 p->env->lim.max_depth);
}

/* Recursion guard of the descent itself (`not not ...`, `((((`). */
static bool enter(struct jps *p)
{
	if (++p->depth <= p->env->lim.max_depth)
		return true;
	if (!p->failed)
		floe_jinja__perr(p, "jinja/too-deep", cur(p)->off, 1,
				 "expression nested deeper than %u levels",
				 p->env->lim.max_depth);
	return false;
}

static struct jnode *leave(struct jps *p, struct jnode *n)
{
	p->depth--;
	return n;
}

static struct jnode *bin(struct jps *p, int kind, int op, uint32_t off,
			 struct jnode *l, struct jnode *r)
{
	struct jnode *n = floe_jinja__node(p, kind, off);
	n->op = (uint8_t)op;
	n->a = l;
	n->b = r;
	floe_jinja__deepen(p, n, l);
	floe_jinja__deepen(p, n, r);
	return n;
}

static void add_arg(struct jps *p, struct jnode *n, struct jnode *arg,
		    const char *name, uint32_t *cap)
{
	if (n->nargs == *cap) {
		uint32_t c = *cap ? *cap * 2 : 4;
		struct jnode **na = floe_arena_alloc(p->a, c * sizeof(*na));
		const char **nn = floe_arena_alloc(p->a, c * sizeof(*nn));
		if (n->nargs) {
			memcpy(na, n->args, n->nargs * sizeof(*na));
			memcpy(nn, n->names, n->nargs * sizeof(*nn));
		}
		n->args = na;
		n->names = nn;
		*cap = c;
	}
	n->args[n->nargs] = arg;
	n->names[n->nargs++] = name;
	floe_jinja__deepen(p, n, arg);
}

/* The value of a string literal token, Python escapes decoded. */
static void put_utf8(floe_buf *b, unsigned long cp)
{
	if (cp < 0x80) {
		floe_buf_putc(b, (char)cp);
	} else if (cp < 0x800) {
		floe_buf_putc(b, (char)(0xC0 | (cp >> 6)));
		floe_buf_putc(b, (char)(0x80 | (cp & 0x3F)));
	} else if (cp < 0x10000) {
		floe_buf_putc(b, (char)(0xE0 | (cp >> 12)));
		floe_buf_putc(b, (char)(0x80 | ((cp >> 6) & 0x3F)));
		floe_buf_putc(b, (char)(0x80 | (cp & 0x3F)));
	} else {
		floe_buf_putc(b, (char)(0xF0 | ((cp >> 18) & 7)));
		floe_buf_putc(b, (char)(0x80 | ((cp >> 12) & 0x3F)));
		floe_buf_putc(b, (char)(0x80 | ((cp >> 6) & 0x3F)));
		floe_buf_putc(b, (char)(0x80 | (cp & 0x3F)));
	}
}

static size_t hex_escape(floe_buf *b, const char *s, size_t n, size_t digits)
{
	char tmp[9];
	if (n < digits)
		return 0;
	for (size_t k = 0; k < digits; k++)
		if (!strchr("0123456789abcdefABCDEF", s[k]) || !s[k])
			return 0;
	memcpy(tmp, s, digits);
	tmp[digits] = '\0';
	put_utf8(b, strtoul(tmp, NULL, 16));
	return digits;
}

static void unescape(floe_buf *b, const char *s, size_t n)
{
	static const char from[] = "nrt0abfv\\'\"";
	static const char to[] = "\n\r\t\0\a\b\f\v\\'\"";
	for (size_t i = 0; i < n; i++) {
		if (s[i] != '\\' || i + 1 == n) {
			floe_buf_putc(b, s[i]);
			continue;
		}
		char c = s[++i];
		const char *k = c ? strchr(from, c) : NULL;
		size_t used = 0;
		if (k) {
			floe_buf_putc(b, to[k - from]);
		} else if (c == 'x' || c == 'u' || c == 'U') {
			used = hex_escape(b, s + i + 1, n - i - 1,
					  c == 'x' ? 2 : c == 'u' ? 4 : 8);
			if (!used) {
				floe_buf_putc(b, '\\');
				floe_buf_putc(b, c);
			}
			i += used;
		} else if (c == '\n') {
			/* a line continuation */
		} else {
			floe_buf_putc(b, '\\');
			floe_buf_putc(b, c);
		}
	}
}

static struct jnode *string_lit(struct jps *p)
{
	struct jnode *n = floe_jinja__node(p, N_LIT, cur(p)->off);
	floe_buf b = FLOE_BUF_INIT;
	while (cur(p)->t == T_STR) {
		struct jtok *t = cur(p);
		unescape(&b, p->text + t->off + 1, t->len - 2);
		p->i++;
	}
	n->val = floe_jv_strdup(p->a, floe_buf_cstr(&b), b.len);
	floe_buf_release(&b);
	return n;
}

static struct jnode *number_lit(struct jps *p)
{
	struct jtok *t = cur(p);
	struct jnode *n = floe_jinja__node(p, N_LIT, t->off);
	char tmp[64];
	size_t k = 0;
	for (uint32_t j = 0; j < t->len && k + 1 < sizeof(tmp); j++)
		if (p->text[t->off + j] != '_')
			tmp[k++] = p->text[t->off + j];
	tmp[k] = '\0';
	if (t->t == T_FLOAT) {
		n->val = floe_jv_float(strtod(tmp, NULL));
	} else {
		int base = 10;
		const char *d = tmp;
		if (tmp[0] == '0' && (tmp[1] | 32) == 'x')
			base = 16, d += 2;
		else if (tmp[0] == '0' && (tmp[1] | 32) == 'o')
			base = 8, d += 2;
		else if (tmp[0] == '0' && (tmp[1] | 32) == 'b')
			base = 2, d += 2;
		errno = 0;
		n->val = floe_jv_int(strtoll(d, NULL, base));
		if (errno == ERANGE)
			floe_jinja__perr(p, "jinja/overflow", t->off, t->len,
					 "integer literal does not fit in 64 bits");
	}
	p->i++;
	return n;
}

static struct jnode *name_node(struct jps *p)
{
	struct jtok *t = cur(p);
	const char *s = p->text + t->off;
	struct jnode *n = floe_jinja__node(p, N_LIT, t->off);
	static const char *const lits[] = { "true", "True", "false", "False",
					    "none", "None" };
	p->i++;
	for (size_t k = 0; k < FLOE_ARRAY_SIZE(lits); k++)
		if (t->len == strlen(lits[k]) && memcmp(s, lits[k], t->len) == 0) {
			n->val = k < 2 ? floe_jv_bool(true) :
				 k < 4 ? floe_jv_bool(false) : floe_jv_none();
			return n;
		}
	n->kind = N_NAME;
	n->val = floe_jv_strdup(p->a, s, t->len);
	if (p->macro) {
		if (floe_str_eq(n->val.u.str.s, "varargs"))
			p->macro->flags |= MF_VARARGS;
		else if (floe_str_eq(n->val.u.str.s, "kwargs"))
			p->macro->flags |= MF_KWARGS;
		else if (floe_str_eq(n->val.u.str.s, "caller"))
			p->macro->flags |= MF_CALLER;
	}
	return n;
}

static struct jnode *list_lit(struct jps *p, int kind, const char *close)
{
	struct jnode *n = floe_jinja__node(p, kind, cur(p)->off);
	uint32_t cap = 0;
	p->i++;
	while (!floe_jinja__is_op(p, close) && !p->failed) {
		if (n->nargs && !floe_jinja__expect_op(p, ","))
			break;
		if (floe_jinja__is_op(p, close))
			break;
		struct jnode *k = floe_jinja__expr(p);
		if (!k)
			return NULL;
		if (kind == N_DICT) {
			if (!floe_jinja__expect_op(p, ":"))
				return NULL;
			struct jnode *v = floe_jinja__expr(p);
			if (!v)
				return NULL;
			add_arg(p, n, k, NULL, &cap);
			add_arg(p, n, v, NULL, &cap);
		} else {
			add_arg(p, n, k, NULL, &cap);
		}
	}
	if (!floe_jinja__expect_op(p, close))
		return NULL;
	return n;
}

static struct jnode *primary(struct jps *p)
{
	struct jtok *t = cur(p);
	switch (t->t) {
	case T_NAME: return name_node(p);
	case T_STR: return string_lit(p);
	case T_INT: case T_FLOAT: return number_lit(p);
	default: break;
	}
	if (floe_jinja__is_op(p, "(")) {
		if (!enter(p))
			return NULL;
		p->i++;
		if (floe_jinja__accept_op(p, ")")) {
			struct jnode *n = floe_jinja__node(p, N_TUPLE, t->off);
			return leave(p, n);
		}
		struct jnode *n = floe_jinja__expr_tuple(p, true);
		if (!n || !floe_jinja__expect_op(p, ")"))
			return NULL;
		return leave(p, n);
	}
	if (floe_jinja__is_op(p, "[") || floe_jinja__is_op(p, "{")) {
		if (!enter(p))
			return NULL;
		bool list = floe_jinja__is_op(p, "[");
		struct jnode *n = list ? list_lit(p, N_LIST, "]") :
					 list_lit(p, N_DICT, "}");
		return n ? leave(p, n) : NULL;
	}
	floe_jinja__unexpected(p, "an expression");
	return NULL;
}

/* call_args := '(' [arg (',' arg)*] ')' ; arg := expr | name '=' expr | '*' expr | '**' expr */
void floe_jinja__call_args(struct jps *p, struct jnode *n)
{
	uint32_t cap = 0;
	p->i++;
	while (!floe_jinja__is_op(p, ")") && !p->failed) {
		if ((n->nargs || n->b || n->c) && !floe_jinja__expect_op(p, ","))
			return;
		if (floe_jinja__is_op(p, ")"))
			break;
		if (floe_jinja__accept_op(p, "**")) {
			n->c = floe_jinja__expr(p);
			floe_jinja__deepen(p, n, n->c);
			continue;
		}
		if (floe_jinja__accept_op(p, "*")) {
			n->b = floe_jinja__expr(p);
			floe_jinja__deepen(p, n, n->b);
			continue;
		}
		const char *kw = NULL;
		if (cur(p)->t == T_NAME && p->toks[p->i + 1].t == T_OP &&
		    p->toks[p->i + 1].len == 1 &&
		    p->text[p->toks[p->i + 1].off] == '=') {
			kw = floe_arena_strndup(p->a, p->text + cur(p)->off,
						cur(p)->len);
			p->i += 2;
		}
		struct jnode *v = floe_jinja__expr(p);
		if (!v)
			return;
		add_arg(p, n, v, kw, &cap);
	}
	floe_jinja__expect_op(p, ")");
}

/* subscript := '.' name | '.' int | '[' (slice | expr) (',' ...)* ']' */
static struct jnode *subscript(struct jps *p, struct jnode *obj)
{
	uint32_t off = cur(p)->off;
	if (floe_jinja__accept_op(p, ".")) {
		struct jtok *t = cur(p);
		if (t->t != T_NAME && t->t != T_INT) {
			floe_jinja__unexpected(p, "an attribute name");
			return NULL;
		}
		struct jnode *n = floe_jinja__node(p, t->t == T_NAME ? N_ATTR : N_ITEM,
						   t->off);
		n->a = obj;
		if (t->t == T_NAME) {
			n->val = floe_jv_strdup(p->a, p->text + t->off, t->len);
			p->i++;
		} else {
			n->b = number_lit(p);
		}
		floe_jinja__deepen(p, n, obj);
		return n;
	}
	p->i++; /* '[' */
	struct jnode *parts[3] = { NULL, NULL, NULL };
	int k = 0;
	bool slice = false;
	while (!floe_jinja__is_op(p, "]") && k < 3 && !p->failed) {
		if (floe_jinja__accept_op(p, ":")) {
			slice = true;
			k++;
			continue;
		}
		parts[k] = floe_jinja__expr(p);
		if (!parts[k])
			return NULL;
		if (!floe_jinja__is_op(p, ":"))
			break;
	}
	if (!floe_jinja__expect_op(p, "]"))
		return NULL;
	if (!slice && !parts[0]) {
		floe_jinja__perr(p, "jinja/syntax", off, 1, "empty subscript");
		return NULL;
	}
	struct jnode *n = floe_jinja__node(p, slice ? N_SLICE : N_ITEM, off);
	n->a = obj;
	floe_jinja__deepen(p, n, obj);
	if (!slice) {
		n->b = parts[0];
		floe_jinja__deepen(p, n, n->b);
		return n;
	}
	uint32_t cap = 0;
	for (int j = 0; j < 3; j++)
		add_arg(p, n, parts[j], NULL, &cap);
	return n;
}

static struct jnode *filter_or_test(struct jps *p, struct jnode *subj,
				    int kind)
{
	struct jnode *n = floe_jinja__node(p, kind, cur(p)->off);
	n->a = subj;
	floe_jinja__deepen(p, n, subj);
	if (kind == N_TEST && floe_jinja__accept_name(p, "not"))
		n->neg = 1;
	struct jtok *t = cur(p);
	if (t->t != T_NAME) {
		floe_jinja__unexpected(p, kind == N_TEST ? "a test name" :
							   "a filter name");
		return NULL;
	}
	n->off = t->off;
	floe_buf b = FLOE_BUF_INIT;
	floe_buf_put(&b, p->text + t->off, t->len);
	p->i++;
	while (kind == N_FILTER && floe_jinja__is_op(p, ".") &&
	       p->toks[p->i + 1].t == T_NAME) {
		floe_buf_putc(&b, '.');
		p->i++;
		floe_buf_put(&b, p->text + cur(p)->off, cur(p)->len);
		p->i++;
	}
	n->val = floe_jv_strdup(p->a, b.ptr, b.len);
	floe_buf_release(&b);
	if (floe_jinja__is_op(p, "(")) {
		floe_jinja__call_args(p, n);
	} else if (kind == N_TEST) {
		/* one argument without parentheses: `is divisibleby 3` */
		struct jtok *a = cur(p);
		bool starts = a->t == T_STR || a->t == T_INT || a->t == T_FLOAT ||
			      floe_jinja__is_op(p, "[") || floe_jinja__is_op(p, "{") ||
			      (a->t == T_NAME && !floe_jinja__is_name(p, "else") &&
			       !floe_jinja__is_name(p, "or") &&
			       !floe_jinja__is_name(p, "and") &&
			       !floe_jinja__is_name(p, "if") &&
			       !floe_jinja__is_name(p, "in") &&
			       !floe_jinja__is_name(p, "is") &&
			       !floe_jinja__is_name(p, "not"));
		if (starts) {
			uint32_t cap = 0;
			struct jnode *arg = floe_jinja__primary_target(p);
			if (!arg)
				return NULL;
			add_arg(p, n, arg, NULL, &cap);
		}
	}
	return p->failed ? NULL : n;
}

static struct jnode *postfix(struct jps *p, struct jnode *n, bool filters)
{
	while (n && !p->failed) {
		if (floe_jinja__is_op(p, ".") || floe_jinja__is_op(p, "[")) {
			n = subscript(p, n);
		} else if (floe_jinja__is_op(p, "(")) {
			/* positioned at the callee's name, as users read a call */
			struct jnode *c = floe_jinja__node(p, N_CALL, n->off);
			c->a = n;
			floe_jinja__deepen(p, c, n);
			floe_jinja__call_args(p, c);
			n = c;
		} else if (filters && floe_jinja__accept_op(p, "|")) {
			n = filter_or_test(p, n, N_FILTER);
		} else if (filters && floe_jinja__accept_name(p, "is")) {
			n = filter_or_test(p, n, N_TEST);
		} else {
			break;
		}
	}
	return p->failed ? NULL : n;
}

/* A primary with its postfixes but no filters (a test's bare argument). */
static struct jnode *floe_jinja__primary_target(struct jps *p)
{
	return postfix(p, primary(p), false);
}

/* unary := ('-' | '+') unary | primary postfix* ; then filters and tests */
static struct jnode *unary(struct jps *p, bool filters)
{
	struct jtok *t = cur(p);
	struct jnode *n;
	if (floe_jinja__is_op(p, "-") || floe_jinja__is_op(p, "+")) {
		if (!enter(p))
			return NULL;
		bool neg = p->text[t->off] == '-';
		p->i++;
		struct jnode *x = unary(p, false);
		if (!x)
			return NULL;
		n = floe_jinja__node(p, neg ? N_NEG : N_POS, t->off);
		n->a = x;
		floe_jinja__deepen(p, n, x);
		leave(p, n);
	} else {
		n = postfix(p, primary(p), false);
	}
	return filters ? postfix(p, n, true) : n;
}

static struct jnode *power(struct jps *p)
{
	struct jnode *l = unary(p, true);
	while (l && floe_jinja__is_op(p, "**")) {
		uint32_t off = cur(p)->off;
		p->i++;
		struct jnode *r = unary(p, true);
		if (!r)
			return NULL;
		l = bin(p, N_BIN, OP_POW, off, l, r);
	}
	return l;
}

static struct jnode *math2(struct jps *p)
{
	static const char *const ops[] = { "*", "/", "//", "%" };
	static const int codes[] = { OP_MUL, OP_DIV, OP_FLOORDIV, OP_MOD };
	struct jnode *l = power(p);
	for (;;) {
		size_t k = 0;
		while (k < 4 && !(l && floe_jinja__is_op(p, ops[k])))
			k++;
		if (k == 4 || p->failed)
			return p->failed ? NULL : l;
		uint32_t off = cur(p)->off;
		p->i++;
		struct jnode *r = power(p);
		if (!r)
			return NULL;
		l = bin(p, N_BIN, codes[k], off, l, r);
	}
}

static struct jnode *concat(struct jps *p)
{
	struct jnode *l = math2(p);
	while (l && floe_jinja__is_op(p, "~")) {
		uint32_t off = cur(p)->off;
		p->i++;
		struct jnode *r = math2(p);
		if (!r)
			return NULL;
		l = bin(p, N_CONCAT, 0, off, l, r);
	}
	return p->failed ? NULL : l;
}

static struct jnode *math1(struct jps *p)
{
	struct jnode *l = concat(p);
	while (l && (floe_jinja__is_op(p, "+") || floe_jinja__is_op(p, "-"))) {
		uint32_t off = cur(p)->off;
		int op = p->text[off] == '+' ? OP_ADD : OP_SUB;
		p->i++;
		struct jnode *r = concat(p);
		if (!r)
			return NULL;
		l = bin(p, N_BIN, op, off, l, r);
	}
	return p->failed ? NULL : l;
}

static int cmp_op(struct jps *p)
{
	static const char *const ops[] = { "==", "!=", "<", "<=", ">", ">=" };
	for (int k = 0; k < 6; k++)
		if (floe_jinja__is_op(p, ops[k]))
			return OP_EQ + k;
	if (floe_jinja__is_name(p, "in"))
		return OP_IN;
	if (floe_jinja__is_name(p, "not") && p->toks[p->i + 1].t == T_NAME &&
	    p->toks[p->i + 1].len == 2 &&
	    memcmp(p->text + p->toks[p->i + 1].off, "in", 2) == 0)
		return OP_NOTIN;
	return -1;
}

/* compare := math1 (cmpop math1)* -- chained as Python does */
static struct jnode *compare(struct jps *p)
{
	struct jnode *l = math1(p);
	int op = l ? cmp_op(p) : -1;
	if (op < 0)
		return l;
	struct jnode *n = floe_jinja__node(p, N_CMP, cur(p)->off);
	uint32_t cap = 0, opcap = 0;
	add_arg(p, n, l, NULL, &cap);
	while (op >= 0 && !p->failed) {
		p->i += op == OP_NOTIN ? 2 : 1;
		struct jnode *r = math1(p);
		if (!r)
			return NULL;
		if (n->nargs > opcap) {
			uint8_t *no = floe_arena_alloc(p->a, (opcap = n->nargs * 2 + 2));
			if (n->nargs > 1)
				memcpy(no, n->ops, n->nargs - 1);
			n->ops = no;
		}
		n->ops[n->nargs - 1] = (uint8_t)op;
		add_arg(p, n, r, NULL, &cap);
		op = cmp_op(p);
	}
	return p->failed ? NULL : n;
}

static struct jnode *not_expr(struct jps *p)
{
	if (!floe_jinja__is_name(p, "not") || cmp_op(p) == OP_NOTIN)
		return compare(p);
	uint32_t off = cur(p)->off;
	if (!enter(p))
		return NULL;
	p->i++;
	struct jnode *x = not_expr(p);
	if (!x)
		return NULL;
	struct jnode *n = floe_jinja__node(p, N_NOT, off);
	n->a = x;
	floe_jinja__deepen(p, n, x);
	return leave(p, n);
}

static struct jnode *and_expr(struct jps *p)
{
	struct jnode *l = not_expr(p);
	while (l && floe_jinja__is_name(p, "and")) {
		uint32_t off = cur(p)->off;
		p->i++;
		struct jnode *r = not_expr(p);
		if (!r)
			return NULL;
		l = bin(p, N_AND, 0, off, l, r);
	}
	return p->failed ? NULL : l;
}

static struct jnode *or_expr(struct jps *p)
{
	struct jnode *l = and_expr(p);
	while (l && floe_jinja__is_name(p, "or")) {
		uint32_t off = cur(p)->off;
		p->i++;
		struct jnode *r = and_expr(p);
		if (!r)
			return NULL;
		l = bin(p, N_OR, 0, off, l, r);
	}
	return p->failed ? NULL : l;
}

struct jnode *floe_jinja__expr_noif(struct jps *p)
{
	return or_expr(p);
}

/* expr := or ['if' or ['else' expr]] */
struct jnode *floe_jinja__expr(struct jps *p)
{
	struct jnode *n = or_expr(p);
	while (n && floe_jinja__is_name(p, "if")) {
		uint32_t off = cur(p)->off;
		p->i++;
		struct jnode *c = floe_jinja__node(p, N_COND, off);
		c->a = n;
		c->b = or_expr(p);
		if (!c->b)
			return NULL;
		if (floe_jinja__accept_name(p, "else")) {
			if (!enter(p))
				return NULL;
			c->c = floe_jinja__expr(p);
			if (!c->c)
				return NULL;
			leave(p, c);
		}
		floe_jinja__deepen(p, c, c->a);
		floe_jinja__deepen(p, c, c->b);
		floe_jinja__deepen(p, c, c->c);
		n = c;
	}
	return p->failed ? NULL : n;
}

/* tuple := expr (',' expr)* [','] -- one expression without a comma is itself */
struct jnode *floe_jinja__expr_tuple(struct jps *p, bool allow_cond)
{
	uint32_t off = cur(p)->off;
	struct jnode *first = allow_cond ? floe_jinja__expr(p) : or_expr(p);
	if (!first || !floe_jinja__is_op(p, ","))
		return first;
	struct jnode *n = floe_jinja__node(p, N_TUPLE, off);
	uint32_t cap = 0;
	add_arg(p, n, first, NULL, &cap);
	while (floe_jinja__accept_op(p, ",")) {
		struct jtok *t = cur(p);
		if (t->t == T_VAR_END || t->t == T_BLOCK_END ||
		    floe_jinja__is_op(p, ")") || floe_jinja__is_op(p, "=") ||
		    floe_jinja__is_name(p, "in"))
			break;
		struct jnode *x = allow_cond ? floe_jinja__expr(p) : or_expr(p);
		if (!x)
			return NULL;
		add_arg(p, n, x, NULL, &cap);
	}
	return n;
}
