/*
 * parse.c: Jinja statements into the syntax tree: text, {{ }}, if/elif/
 * else, for (else, filter, recursive), set (also block set and tuple set),
 * macro, call, do, filter blocks, break/continue, with, and dbt's named
 * blocks (test and materialization are macros; docs and snapshot are
 * blocks the host retrieves).  Filters and tests are resolved here, so an
 * unknown one is reported at parse time, as Jinja does.
 */
#include <stdarg.h>
#include <stdlib.h>
#include <string.h>
#include "jinja_int.h"

static struct jtok *cur(struct jps *p)
{
	return &p->toks[p->i];
}

void floe_jinja__perr(struct jps *p, const char *code, uint32_t off,
		      uint32_t len, const char *fmt, ...)
{
	floe_span sp;
	va_list ap;
	if (p->failed)
		return;
	va_start(ap, fmt);
	char *msg = floe_arena_vprintf(p->a, fmt, ap);
	va_end(ap);
	floe_jinja__span(p->t->src, off, len, &sp);
	floe_diag_add(p->d, FLOE_SEV_ERROR, code, &sp, NULL, "%s", msg);
	p->failed = true;
}

bool floe_jinja__is_op(const struct jps *p, const char *op)
{
	const struct jtok *t = &p->toks[p->i];
	/* the first byte decides almost every call: the parser tries many */
	return t->t == T_OP && p->text[t->off] == op[0] &&
	       (t->len == 1 ? op[1] == '\0' : t->len == 2 && op[1] == p->text[t->off + 1] &&
		op[2] == '\0');
}

bool floe_jinja__is_name(const struct jps *p, const char *name)
{
	const struct jtok *t = &p->toks[p->i];
	return t->t == T_NAME && p->text[t->off] == name[0] &&
	       t->len == strlen(name) && memcmp(p->text + t->off, name, t->len) == 0;
}

bool floe_jinja__accept_op(struct jps *p, const char *op)
{
	if (!floe_jinja__is_op(p, op))
		return false;
	p->i++;
	return true;
}

bool floe_jinja__accept_name(struct jps *p, const char *name)
{
	if (!floe_jinja__is_name(p, name))
		return false;
	p->i++;
	return true;
}

static const char *floe_jinja__tok_str(struct jps *p, const struct jtok *t)
{
	switch (t->t) {
	case T_EOF: return "end of template";
	case T_VAR_END: return "'}}'";
	case T_BLOCK_END: return "'%}'";
	case T_TEXT: return "template text";
	default:
		return floe_arena_printf(p->a, "'%.*s'",
					 (int)(t->len > 40 ? 40 : t->len),
					 p->text + t->off);
	}
}

void floe_jinja__unexpected(struct jps *p, const char *wanted)
{
	struct jtok *t = cur(p);
	floe_jinja__perr(p, "jinja/syntax", t->off, t->len,
			 "expected %s, found %s", wanted,
			 floe_jinja__tok_str(p, t));
}

bool floe_jinja__expect_op(struct jps *p, const char *op)
{
	if (floe_jinja__accept_op(p, op))
		return true;
	floe_jinja__unexpected(p, floe_arena_printf(p->a, "'%s'", op));
	return false;
}

static bool expect_end(struct jps *p)
{
	if (cur(p)->t == T_BLOCK_END) {
		p->i++;
		return true;
	}
	floe_jinja__unexpected(p, "'%}'");
	return false;
}

static const char *name_tok(struct jps *p, const char *what)
{
	struct jtok *t = cur(p);
	if (t->t != T_NAME) {
		floe_jinja__unexpected(p, what);
		return NULL;
	}
	p->i++;
	return floe_arena_strndup(p->a, p->text + t->off, t->len);
}

/* Resolve every filter and test of an expression tree. */
static const struct jfilter_def *find_filter(floe_jinja_env *env,
					     const char *name)
{
	for (size_t k = env->nfilters; k-- > 0;)
		if (floe_str_eq(env->filters[k].name, name))
			return &env->filters[k];
	return floe_jinja__builtin_filter(name);
}

static void resolve(struct jps *p, struct jnode *n)
{
	if (!n || p->failed)
		return;
	if (n->kind == N_FILTER || n->kind == N_TEST) {
		const char *name = n->val.u.str.s;
		n->fdef = n->kind == N_FILTER ? find_filter(p->env, name) :
						floe_jinja__builtin_test(name);
		if (!n->fdef)
			floe_jinja__perr(p, n->kind == N_FILTER ? "jinja/unknown-filter" :
								  "jinja/unknown-test",
					 n->off, (uint32_t)strlen(name),
					 "no %s named '%s'",
					 n->kind == N_FILTER ? "filter" : "test", name);
	}
	resolve(p, n->a);
	resolve(p, n->b);
	resolve(p, n->c);
	for (uint32_t k = 0; k < n->nargs; k++)
		resolve(p, n->args[k]);
}

static struct jnode *expr(struct jps *p)
{
	struct jnode *n = floe_jinja__expr(p);
	resolve(p, n);
	return p->failed ? NULL : n;
}

static struct jnode *expr_tuple(struct jps *p, bool cond)
{
	struct jnode *n = floe_jinja__expr_tuple(p, cond);
	resolve(p, n);
	return p->failed ? NULL : n;
}

/* ---- blocks ---- */

static struct jnode *body(struct jps *p, const char *const *ends, size_t nends,
			  const char **which);

/* target := name (',' name)* | name '.' name -- for set and for */
static struct jnode *target(struct jps *p, bool attr_ok)
{
	uint32_t off = cur(p)->off;
	struct jnode *first = floe_jinja__node(p, N_NAME, off);
	const char *nm = name_tok(p, "a name");
	if (!nm)
		return NULL;
	first->val = floe_jv_cstr(nm);
	if (attr_ok && floe_jinja__accept_op(p, ".")) {
		struct jnode *n = floe_jinja__node(p, N_ATTR, cur(p)->off);
		const char *an = name_tok(p, "an attribute name");
		if (!an)
			return NULL;
		n->a = first;
		n->val = floe_jv_cstr(an);
		return n;
	}
	if (!floe_jinja__is_op(p, ","))
		return first;
	struct jnode *t = floe_jinja__node(p, N_TUPLE, off);
	struct jnode *items[64];
	uint32_t k = 0;
	items[k++] = first;
	while (floe_jinja__accept_op(p, ",") && k < 64) {
		struct jnode *x = floe_jinja__node(p, N_NAME, cur(p)->off);
		const char *xn = name_tok(p, "a name");
		if (!xn)
			return NULL;
		x->val = floe_jv_cstr(xn);
		items[k++] = x;
	}
	t->args = floe_arena_alloc(p->a, k * sizeof(*t->args));
	memcpy(t->args, items, k * sizeof(*items));
	t->nargs = k;
	return t;
}

static struct jnode *parse_if(struct jps *p, uint32_t off)
{
	static const char *const ends[] = { "elif", "else", "endif" };
	struct jnode *n = floe_jinja__node(p, S_IF, off);
	const char *which = NULL;
	n->a = expr(p);
	if (!n->a || !expect_end(p))
		return NULL;
	n->body = body(p, ends, 3, &which);
	if (p->failed)
		return NULL;
	if (floe_str_eq(which, "elif")) {
		n->else_body = parse_if(p, cur(p)->off);
		return n;
	}
	if (floe_str_eq(which, "else")) {
		if (!expect_end(p))
			return NULL;
		n->else_body = body(p, ends + 2, 1, &which);
	}
	return p->failed || !expect_end(p) ? NULL : n;
}

static struct jnode *parse_for(struct jps *p, uint32_t off)
{
	static const char *const ends[] = { "else", "endfor" };
	struct jnode *n = floe_jinja__node(p, S_FOR, off);
	const char *which = NULL;
	n->a = target(p, false);
	if (!n->a)
		return NULL;
	if (!floe_jinja__accept_name(p, "in")) {
		floe_jinja__unexpected(p, "'in'");
		return NULL;
	}
	n->b = expr_tuple(p, false);
	if (!n->b)
		return NULL;
	if (floe_jinja__accept_name(p, "if")) {
		n->c = floe_jinja__expr_noif(p);
		resolve(p, n->c);
		if (p->failed)
			return NULL;
	}
	if (floe_jinja__accept_name(p, "recursive"))
		n->flags = 1;
	if (!expect_end(p))
		return NULL;
	n->body = body(p, ends, 2, &which);
	if (floe_str_eq(which, "else")) {
		if (!expect_end(p))
			return NULL;
		n->else_body = body(p, ends + 1, 1, &which);
	}
	return p->failed || !expect_end(p) ? NULL : n;
}

static struct jnode *parse_set(struct jps *p, uint32_t off)
{
	static const char *const ends[] = { "endset" };
	const char *which;
	struct jnode *t = target(p, true);
	if (!t)
		return NULL;
	if (floe_jinja__accept_op(p, "=")) {
		struct jnode *n = floe_jinja__node(p, S_SET, off);
		n->a = t;
		n->b = expr_tuple(p, true);
		return n->b && expect_end(p) ? n : NULL;
	}
	struct jnode *n = floe_jinja__node(p, S_SETBLOCK, off);
	n->a = t;
	if (floe_jinja__accept_op(p, "|")) {
		/* {% set x | f | g %}: filters of the body (a NULL subject) */
		struct jnode *chain = NULL;
		p->i--;
		while (floe_jinja__accept_op(p, "|")) {
			struct jnode *f = floe_jinja__node(p, N_FILTER, cur(p)->off);
			const char *fname = name_tok(p, "a filter name");
			if (!fname)
				return NULL;
			f->val = floe_jv_cstr(fname);
			f->a = chain;
			if (floe_jinja__is_op(p, "("))
				floe_jinja__call_args(p, f);
			chain = f;
		}
		n->c = chain;
		resolve(p, chain);
	}
	if (!expect_end(p))
		return NULL;
	n->body = body(p, ends, 1, &which);
	return p->failed || !expect_end(p) ? NULL : n;
}

/* params := '(' [name ['=' expr] (',' name ['=' expr])*] ')' */
static bool params(struct jps *p, struct jnode *n)
{
	struct jnode *defs[256];
	const char *names[256];
	uint32_t k = 0;
	if (!floe_jinja__expect_op(p, "("))
		return false;
	while (!floe_jinja__is_op(p, ")") && !p->failed) {
		if (k && !floe_jinja__expect_op(p, ","))
			return false;
		if (floe_jinja__is_op(p, ")"))
			break;
		if (k == 256) {
			floe_jinja__perr(p, "jinja/too-deep", cur(p)->off, 1,
					 "more than 256 parameters");
			return false;
		}
		names[k] = name_tok(p, "a parameter name");
		if (!names[k])
			return false;
		defs[k] = NULL;
		if (floe_jinja__accept_op(p, "=")) {
			defs[k] = expr(p);
			if (!defs[k])
				return false;
		}
		k++;
	}
	if (!floe_jinja__expect_op(p, ")"))
		return false;
	n->args = floe_arena_alloc(p->a, (k + 1) * sizeof(*n->args));
	n->names = floe_arena_alloc(p->a, (k + 1) * sizeof(*n->names));
	memcpy(n->args, defs, k * sizeof(*defs));
	memcpy(n->names, names, k * sizeof(*names));
	n->nargs = k;
	return true;
}

static struct jnode *macro_body(struct jps *p, struct jnode *n,
				const char *end)
{
	const char *ends[] = { end };
	const char *which;
	struct jnode *outer = p->macro;
	p->macro = n;
	n->body = body(p, ends, 1, &which);
	p->macro = outer;
	return p->failed || !expect_end(p) ? NULL : n;
}

static struct jnode *parse_macro(struct jps *p, uint32_t off, const char *prefix,
				 const char *end)
{
	struct jnode *n = floe_jinja__node(p, S_MACRO, off);
	const char *name = name_tok(p, "a macro name");
	if (!name || !params(p, n) || !expect_end(p))
		return NULL;
	n->val = floe_jv_cstr(prefix ? floe_arena_printf(p->a, "%s%s", prefix, name)
				     : name);
	return macro_body(p, n, end);
}

/* {% materialization name, adapter='x', supported_languages=[...] %} */
static struct jnode *parse_materialization(struct jps *p, uint32_t off)
{
	struct jnode *n = floe_jinja__node(p, S_MACRO, off);
	const char *name = name_tok(p, "a materialization name");
	const char *adapter = "default";
	if (!name)
		return NULL;
	while (floe_jinja__accept_op(p, ",")) {
		const char *key = name_tok(p, "'adapter'");
		if (key && floe_str_eq(key, "default") && !floe_jinja__is_op(p, "="))
			continue; /* {% materialization name, default %} */
		if (!key || !floe_jinja__expect_op(p, "="))
			return NULL;
		struct jnode *v = expr(p);
		if (!v)
			return NULL;
		if (floe_str_eq(key, "adapter") && v->kind == N_LIT &&
		    v->val.k == FLOE_JV_STR)
			adapter = v->val.u.str.s;
	}
	if (!expect_end(p))
		return NULL;
	n->val = floe_jv_cstr(floe_arena_printf(p->a, "materialization_%s_%s",
						name, adapter));
	return macro_body(p, n, "endmaterialization");
}

static struct jnode *parse_named(struct jps *p, uint32_t off, const char *kind)
{
	const char *ends[] = { floe_str_eq(kind, "docs") ? "enddocs" : "endsnapshot" };
	const char *which;
	struct jnode *n = floe_jinja__node(p, S_NAMED, off);
	const char *name = name_tok(p, "a block name");
	if (!name || !expect_end(p))
		return NULL;
	n->val = floe_jv_cstr(name);
	n->names = floe_arena_alloc(p->a, sizeof(*n->names));
	n->names[0] = kind;
	n->body = body(p, ends, 1, &which);
	return p->failed || !expect_end(p) ? NULL : n;
}

static struct jnode *parse_call(struct jps *p, uint32_t off)
{
	struct jnode *n = floe_jinja__node(p, S_CALLBLOCK, off);
	if (floe_jinja__is_op(p, "(")) {
		if (!params(p, n))
			return NULL;
	}
	n->a = expr(p);
	if (!n->a)
		return NULL;
	if (n->a->kind != N_CALL) {
		floe_jinja__perr(p, "jinja/syntax", n->a->off, 1,
				 "expected a call after 'call'");
		return NULL;
	}
	if (!expect_end(p))
		return NULL;
	n->val = floe_jv_cstr("caller");
	return macro_body(p, n, "endcall");
}

static struct jnode *parse_filter_block(struct jps *p, uint32_t off)
{
	static const char *const ends[] = { "endfilter" };
	const char *which;
	struct jnode *n = floe_jinja__node(p, S_FILTERBLOCK, off);
	struct jnode *chain = NULL;
	do {
		struct jnode *f = floe_jinja__node(p, N_FILTER, cur(p)->off);
		const char *fname = name_tok(p, "a filter name");
		if (!fname)
			return NULL;
		f->val = floe_jv_cstr(fname);
		f->a = chain;
		if (floe_jinja__is_op(p, "("))
			floe_jinja__call_args(p, f);
		chain = f;
	} while (floe_jinja__accept_op(p, "|"));
	resolve(p, chain);
	n->a = chain;
	if (p->failed || !expect_end(p))
		return NULL;
	n->body = body(p, ends, 1, &which);
	return p->failed || !expect_end(p) ? NULL : n;
}

static struct jnode *parse_with(struct jps *p, uint32_t off)
{
	static const char *const ends[] = { "endwith" };
	const char *which;
	struct jnode *n = floe_jinja__node(p, S_WITH, off);
	struct jnode *sets = NULL, **tail = &sets;
	while (cur(p)->t == T_NAME) {
		struct jnode *s = floe_jinja__node(p, S_SET, cur(p)->off);
		s->a = target(p, false);
		if (!s->a || !floe_jinja__expect_op(p, "="))
			return NULL;
		s->b = expr(p);
		if (!s->b)
			return NULL;
		*tail = s;
		tail = &s->next;
		if (!floe_jinja__accept_op(p, ","))
			break;
	}
	n->a = sets;
	if (!expect_end(p))
		return NULL;
	n->body = body(p, ends, 1, &which);
	return p->failed || !expect_end(p) ? NULL : n;
}

/* One {% ... %} statement after its name; NULL on error. */
static struct jnode *statement(struct jps *p, const char *kw, uint32_t off)
{
	if (floe_str_eq(kw, "if")) return parse_if(p, off);
	if (floe_str_eq(kw, "for")) return parse_for(p, off);
	if (floe_str_eq(kw, "set")) return parse_set(p, off);
	if (floe_str_eq(kw, "macro")) return parse_macro(p, off, NULL, "endmacro");
	if (floe_str_eq(kw, "test")) return parse_macro(p, off, "test_", "endtest");
	if (floe_str_eq(kw, "materialization")) return parse_materialization(p, off);
	if (floe_str_eq(kw, "docs") || floe_str_eq(kw, "snapshot"))
		return parse_named(p, off, kw);
	if (floe_str_eq(kw, "call")) return parse_call(p, off);
	if (floe_str_eq(kw, "filter")) return parse_filter_block(p, off);
	if (floe_str_eq(kw, "with")) return parse_with(p, off);
	if (floe_str_eq(kw, "do")) {
		struct jnode *n = floe_jinja__node(p, S_DO, off);
		n->a = expr_tuple(p, true);
		return n->a && expect_end(p) ? n : NULL;
	}
	if (floe_str_eq(kw, "break") || floe_str_eq(kw, "continue")) {
		struct jnode *n = floe_jinja__node(p, kw[0] == 'b' ? S_BREAK : S_CONTINUE, off);
		return expect_end(p) ? n : NULL;
	}
	floe_jinja__perr(p, "jinja/unknown-tag", off, (uint32_t)strlen(kw),
			 "unknown tag '%s'", kw);
	return NULL;
}

static struct jnode *output(struct jps *p)
{
	struct jtok *t = cur(p);
	p->i++;
	struct jnode *n = floe_jinja__node(p, S_OUT, t->off);
	n->a = expr_tuple(p, true);
	if (!n->a)
		return NULL;
	if (cur(p)->t != T_VAR_END) {
		floe_jinja__unexpected(p, "'}}'");
		return NULL;
	}
	p->i++;
	if (p->env->mode == FLOE_JINJA_STRICT) {
		bool ok = false;
		for (size_t k = 0; n->a->kind == N_FILTER && k < p->env->noutf; k++)
			ok |= floe_str_eq(n->a->val.u.str.s, p->env->outf[k]);
		if (!ok)
			floe_jinja__perr(p, "jinja/unescaped-output", t->off, 2,
					 "'{{ }}' must end with an escaping filter");
	}
	return p->failed ? NULL : n;
}

/*
 * body := (text | output | statement)* up to one of `ends` (whose name is
 * consumed and returned in *which; the tag's '%}' is left), or the end of
 * the template when nends is 0.
 */
static struct jnode *body(struct jps *p, const char *const *ends, size_t nends,
			  const char **which)
{
	struct jnode *head = NULL, **tail = &head;
	uint32_t open = p->open;
	if (++p->depth > p->env->lim.max_depth) {
		floe_jinja__perr(p, "jinja/too-deep", cur(p)->off, 1,
				 "blocks nested deeper than %u levels",
				 p->env->lim.max_depth);
		return NULL;
	}
	*which = NULL;
	while (!p->failed) {
		struct jtok *t = cur(p);
		struct jnode *n = NULL;
		if (t->t == T_EOF) {
			if (nends)
				floe_jinja__perr(p, "jinja/unclosed", open, 1,
						 "missing '{%% %s %%}'", ends[nends - 1]);
			break;
		}
		if (t->t == T_TEXT) {
			n = floe_jinja__node(p, S_TEXT, t->off);
			n->val = floe_jv_str(p->text + t->off, t->len);
			p->i++;
		} else if (t->t == T_VAR_BEGIN) {
			n = output(p);
		} else {
			p->i++;
			uint32_t kwoff = cur(p)->off;
			const char *kw = name_tok(p, "a tag name");
			if (!kw)
				break;
			for (size_t k = 0; k < nends; k++)
				if (floe_str_eq(kw, ends[k])) {
					*which = ends[k];
					p->depth--;
					return head;
				}
			if (floe_str_startswith(kw, "end") || floe_str_eq(kw, "else") ||
			    floe_str_eq(kw, "elif")) {
				floe_jinja__perr(p, "jinja/unexpected-tag", kwoff,
						 (uint32_t)strlen(kw),
						 nends ? "unexpected '%s', expected '%s'" :
							 "unexpected '%s'%s",
						 kw, nends ? ends[nends - 1] : "");
				break;
			}
			uint32_t outer = p->open;
			p->open = kwoff;
			n = statement(p, kw, kwoff);
			p->open = outer;
		}
		if (!n)
			break;
		*tail = n;
		tail = &n->next;
	}
	p->depth--;
	return p->failed ? NULL : head;
}

static void collect(struct jps *p, floe_jinja_tpl *t)
{
	size_t nm = 0, nb = 0;
	for (struct jnode *n = t->body; n; n = n->next)
		nm += n->kind == S_MACRO, nb += n->kind == S_NAMED;
	t->macros = floe_arena_alloc(p->a, (nm + 1) * sizeof(*t->macros));
	t->blocks = floe_arena_alloc(p->a, (nb + 1) * sizeof(*t->blocks));
	for (struct jnode *n = t->body; n; n = n->next) {
		if (n->kind == S_MACRO)
			t->macros[t->nmacros++] = n;
		else if (n->kind == S_NAMED)
			t->blocks[t->nblocks++] = n;
	}
}

int floe_jinja_parse(floe_jinja_tpl **out, floe_jinja_env *env,
		     floe_diags *d, floe_source *src)
{
	floe_jinja_tpl *t = floe_xcalloc(1, sizeof(*t));
	t->env = env;
	t->src = floe_source_ref(src);
	t->a = floe_arena_new();
	t->text = floe_source_text(src, &t->len);
	struct jps p = { .env = env, .t = t, .d = d, .a = t->a, .text = t->text };
	*out = NULL;
	if (floe_jinja__lex(&p.toks, &p.n, t->a, d, src, env) != 0) {
		floe_jinja_tpl_free(t);
		return FLOE_EINVALID;
	}
	const char *which;
	t->body = body(&p, NULL, 0, &which);
	if (p.failed) {
		floe_jinja_tpl_free(t);
		return FLOE_EINVALID;
	}
	collect(&p, t);
	*out = t;
	return 0;
}

void floe_jinja_tpl_free(floe_jinja_tpl *t)
{
	if (!t)
		return;
	floe_arena_free(t->a);
	floe_source_unref(t->src);
	free(t);
}

size_t floe_jinja_tpl_blocks(const floe_jinja_tpl *t)
{
	return t->nblocks;
}

bool floe_jinja_tpl_block(const floe_jinja_tpl *t, size_t i, const char **kind,
			  const char **name)
{
	if (i >= t->nblocks)
		return false;
	*kind = t->blocks[i]->names[0];
	*name = t->blocks[i]->val.u.str.s;
	return true;
}
