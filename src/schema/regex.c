/*
 * regex.c: ECMA-262 regular expressions (what "pattern" and the "regex"
 * format mean, draft-07 validation 4.3) run by PCRE2.  The pattern is
 * translated where the dialects differ (\d \w \b stay ASCII as in ECMA, \s
 * gains the Unicode spaces, \u escapes, escapes ECMA lacks are errors) and
 * compiled without JIT until many matches are ahead (compile_translated,
 * floe_schema__pattern_jit).  Matching is an unanchored search over code points.
 */
#include <pthread.h>
#include <stdatomic.h>
#include <string.h>
#include "internal.h"

/* ECMA WhiteSpace and LineTerminator, as PCRE2 class items. */
#define ECMA_SPACE "\\t\\n\\x{0b}\\f\\r \\x{a0}\\x{1680}\\x{2000}-\\x{200a}" \
	"\\x{2028}\\x{2029}\\x{202f}\\x{205f}\\x{3000}\\x{feff}"

typedef struct xlate {
	const char *p;    /* the ECMA pattern */
	size_t n, i;
	floe_buf out;
	size_t *map;      /* source offset of each output byte */
	size_t cap;
	bool in_class;
	const char *err;  /* translation error, or NULL */
} xlate;

static void emit(xlate *x, const char *s, size_t n, size_t src)
{
	if (x->out.len + n + 1 > x->cap) {
		x->cap = (x->out.len + n + 1) * 2;
		x->map = floe_xrealloc(x->map, x->cap * sizeof(*x->map));
	}
	for (size_t k = 0; k < n; k++)
		x->map[x->out.len + k] = src;
	floe_buf_put(&x->out, s, n);
}

static void emits(xlate *x, const char *s, size_t src)
{
	emit(x, s, strlen(s), src);
}

static int hex(char c)
{
	if (c >= '0' && c <= '9')
		return c - '0';
	if (c >= 'a' && c <= 'f')
		return c - 'a' + 10;
	if (c >= 'A' && c <= 'F')
		return c - 'A' + 10;
	return -1;
}

/* Read exactly `k` hex digits at p[i]; -1 when they are not there. */
static long hexn(const xlate *x, size_t i, size_t k)
{
	long v = 0;
	if (i + k > x->n)
		return -1;
	for (size_t j = 0; j < k; j++) {
		int h = hex(x->p[i + j]);
		if (h < 0)
			return -1;
		v = v * 16 + h;
	}
	return v;
}

static void emit_cp(xlate *x, unsigned long cp, size_t src)
{
	static const char digits[] = "0123456789abcdef";
	char tmp[16] = "\\x{";
	size_t len = 3, k = 0;
	char rev[8];
	do
		rev[k++] = digits[cp % 16];
	while ((cp /= 16) && k < sizeof(rev));
	while (k > 0)
		tmp[len++] = rev[--k];
	tmp[len++] = '}';
	emit(x, tmp, len, src);
}

/* \uXXXX, a surrogate pair \uD83D\uDE00, or \u{X...}; i is at the 'u'. */
static void unicode_escape(xlate *x, size_t start)
{
	size_t i = x->i + 1;
	long cp;

	if (i < x->n && x->p[i] == '{') {
		size_t j = i + 1;
		cp = 0;
		while (j < x->n && hex(x->p[j]) >= 0 && cp <= 0x10ffff)
			cp = cp * 16 + hex(x->p[j++]);
		if (j == i + 1 || j >= x->n || x->p[j] != '}' || cp > 0x10ffff) {
			x->err = "invalid \\u{...} escape";
			return;
		}
		x->i = j + 1;
	} else if ((cp = hexn(x, i, 4)) < 0) {
		x->err = "invalid \\u escape";
		return;
	} else {
		x->i = i + 4;
		long lo;
		if (cp >= 0xd800 && cp <= 0xdbff && x->i + 1 < x->n &&
		    x->p[x->i] == '\\' && x->p[x->i + 1] == 'u' &&
		    (lo = hexn(x, x->i + 2, 4)) >= 0xdc00 && lo <= 0xdfff) {
			cp = 0x10000 + ((cp - 0xd800) << 10) + (lo - 0xdc00);
			x->i += 6;
		}
	}
	if (cp >= 0xd800 && cp <= 0xdfff) {
		x->err = "lone surrogate in \\u escape";
		return;
	}
	emit_cp(x, (unsigned long)cp, start);
}

/* Escapes ECMA-262 defines; any other ASCII letter is a syntax error. */
static void escape(xlate *x)
{
	size_t start = x->i;
	char c;

	if (++x->i >= x->n) {
		x->err = "pattern ends with a backslash";
		return;
	}
	c = x->p[x->i];
	switch (c) {
	case 'd': case 'D': case 'w': case 'W': case 'b': case 'B':
	case 't': case 'n': case 'f': case 'r':
	case '1': case '2': case '3': case '4': case '5':
	case '6': case '7': case '8': case '9':
		break; /* same meaning in PCRE2 without UCP */
	case 'v':
		emits(x, "\\x{0b}", start);
		x->i++;
		return;
	case '0':
		emits(x, "\\x{0}", start);
		x->i++;
		return;
	case 's':
		emits(x, x->in_class ? ECMA_SPACE : "[" ECMA_SPACE "]", start);
		x->i++;
		return;
	case 'S':
		if (!x->in_class) {
			emits(x, "[^" ECMA_SPACE "]", start);
			x->i++;
			return;
		}
		break;
	case 'u':
		unicode_escape(x, start);
		return;
	case 'x':
		if (hexn(x, x->i + 1, 2) < 0) {
			x->err = "invalid \\x escape";
			return;
		}
		break;
	case 'c':
		if (x->i + 1 >= x->n || !((x->p[x->i + 1] | 0x20) >= 'a' &&
					  (x->p[x->i + 1] | 0x20) <= 'z')) {
			x->err = "invalid \\c escape";
			return;
		}
		emit(x, x->p + start, 3, start);
		x->i += 2;
		return;
	case 'k': case 'p': case 'P':
		break;
	default:
		if ((c >= 'a' && c <= 'z') || (c >= 'A' && c <= 'Z')) {
			x->err = "escape not supported by ECMA-262 regular expressions";
			return;
		}
	}
	emit(x, x->p + start, 2, start);
	x->i++;
}

/* "(?" is only a group of ECMA's kinds: (?: (?= (?! (?<= (?<! (?<name>. */
static void group(xlate *x)
{
	const char *q = x->p + x->i + 2;
	size_t left = x->n - x->i - 2;
	if (left >= 1 && (q[0] == ':' || q[0] == '=' || q[0] == '!'))
		return;
	if (left >= 2 && q[0] == '<' &&
	    (q[1] == '=' || q[1] == '!' || q[1] == '_' ||
	     ((q[1] | 0x20) >= 'a' && (q[1] | 0x20) <= 'z')))
		return;
	x->err = "group syntax not supported by ECMA-262 regular expressions";
}

static void translate(xlate *x)
{
	while (x->i < x->n && !x->err) {
		char c = x->p[x->i];
		if (c == '\\') {
			size_t start = x->i;
			escape(x);
			if (x->err)
				x->i = start; /* point at the backslash */
			continue;
		}
		if (x->in_class) {
			if (c == ']')
				x->in_class = false;
			else if (c == '[') {
				/* a literal in ECMA, a POSIX class start in PCRE2 */
				emits(x, "\\[", x->i++);
				continue;
			}
		} else if (c == '[') {
			x->in_class = true;
			emit(x, "[", 1, x->i++);
			if (x->i < x->n && x->p[x->i] == '^')
				emit(x, "^", 1, x->i++);
			continue;
		} else if (c == '(' && x->i + 1 < x->n && x->p[x->i + 1] == '?') {
			group(x);
			if (x->err)
				break;
		}
		emit(x, &c, 1, x->i++);
	}
}

static pcre2_code *compile_translated(xlate *x, floe_buf *err, size_t *erroff)
{
	int code;
	PCRE2_SIZE off;
	uint32_t opts = PCRE2_UTF | PCRE2_DOLLAR_ENDONLY |
			PCRE2_ALLOW_EMPTY_CLASS | PCRE2_MATCH_INVALID_UTF;
	pcre2_code *re = pcre2_compile((PCRE2_SPTR)(x->out.ptr ? x->out.ptr : ""),
				       x->out.len, opts, &code, &off, NULL);
	if (!re) {
		PCRE2_UCHAR msg[256];
		pcre2_get_error_message(code, msg, sizeof(msg));
		floe_buf_puts(err, (const char *)msg);
		*erroff = off < x->out.len ? x->map[off] : x->n;
		return NULL;
	}
	/* No JIT yet: compiling one costs as much as hundreds of matches of
	 * the short strings schemas test, and a CLI run matches most a few
	 * times; floe_schema__pattern_jit compiles a copy when many matches are ahead. */
	return re;
}

pcre2_code *floe_schema__regex_compile(const char *pat, size_t len, floe_buf *err,
			      size_t *erroff)
{
	xlate x = { .p = pat, .n = len };
	pcre2_code *re = NULL;

	translate(&x);
	if (x.err) {
		floe_buf_puts(err, x.err);
		*erroff = x.i < len ? x.i : len;
	} else {
		re = compile_translated(&x, err, erroff);
	}
	floe_buf_release(&x.out);
	free(x.map);
	return re;
}

static void free_jit(void *p)
{
	pcre2_code_free(p);
}

/*
 * Many matches ahead (a map of many keys against patternProperties): the
 * JIT pays for itself past a few dozen matches, so compile it then, once.
 */
const pcre2_code *floe_schema__pattern_jit(const floe_schema *cS, sch_pattern *p)
{
	floe_schema *S = (floe_schema *)cS; /* the lock and the arena */
	pcre2_code *j = atomic_load(&p->jit);

	if (j)
		return j;
	pthread_mutex_lock(&S->lock);
	j = atomic_load(&p->jit);
	if (!j && (j = pcre2_code_copy(p->re)) != NULL) {
		if (pcre2_jit_compile(j, PCRE2_JIT_COMPLETE) == 0) {
			floe_arena_defer(S->arena, free_jit, j);
		} else {
			pcre2_code_free(j);
			j = p->re; /* no JIT here: the original from now on */
		}
		atomic_store(&p->jit, j);
	}
	pthread_mutex_unlock(&S->lock);
	return j ? j : p->re;
}

static int match(const pcre2_code *re, pcre2_match_data *md,
		 pcre2_match_context *mctx, const char *s, size_t len)
{
	int rc = pcre2_match(re, (PCRE2_SPTR)s, len, 0, 0, md, mctx);
	if (rc == PCRE2_ERROR_JIT_STACKLIMIT)
		rc = pcre2_match(re, (PCRE2_SPTR)s, len, 0, PCRE2_NO_JIT, md,
				 mctx);
	return rc;
}

static void charge(sch_budget *b, uint64_t k)
{
	b->left = b->left > k ? b->left - k : 0;
}

/*
 * PCRE2 says how many steps a match took only by stopping at its match
 * limit (pcre2_set_match_limit), so the limit is the meter: a match runs
 * first under a small limit (what a plain pattern needs for its subject),
 * then under ten times more each time it stops there, up to
 * SCH_MATCH_LIMIT and never past what the budget has left.  A limit hit
 * is charged in full (that work was done); the run that finishes, at the
 * subject's length when it was the first, else at the previous limit
 * (it did at least that much, since the same match stopped there).  The
 * charge is thus within a small factor of PCRE2's own count, and the work
 * never exceeds the budget by more than that factor.
 */
bool floe_schema__regex_search(const pcre2_code *re, pcre2_match_data *md,
		      pcre2_match_context *mctx, const char *s, size_t len,
		      sch_budget *b)
{
	uint64_t limit = 1000 + 16 * (uint64_t)len, prev = 0;
	if (!b)
		return match(re, md, mctx, s, len) >= 0;
	for (;;) {
		if (limit > SCH_MATCH_LIMIT)
			limit = SCH_MATCH_LIMIT;
		if (limit > b->left)
			limit = b->left;
		if (limit == 0) {
			b->spent = true;
			return false;
		}
		pcre2_set_match_limit(mctx, (uint32_t)limit);
		int rc = match(re, md, mctx, s, len);
		if (rc != PCRE2_ERROR_MATCHLIMIT) {
			charge(b, prev ? prev : len + 1);
			return rc >= 0;
		}
		charge(b, limit);
		/* PCRE2's per-match limit holds: no match, as before budgets */
		if (limit == SCH_MATCH_LIMIT)
			return false;
		prev = limit;
		limit *= 10;
	}
}
