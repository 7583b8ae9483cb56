/*
 * json.c: JSON (RFC 8259) into the document tree, in one pass that checks
 * the syntax as it builds each value with its span, the raw text of numbers
 * (integers beyond int64 stay exact) and strings with NUL.  On an error
 * jansson decides and words it (it keeps no positions, so the message's
 * offset is turned into one).  Duplicate keys are all reported, not just
 * the first.
 */
#ifdef __SSE2__
#include <emmintrin.h>
#endif
#include <jansson.h>
#include <math.h>
#include <stdint.h>
#include <stdlib.h>
#include <string.h>
#include "internal.h"

struct frame {
	floe_node *node;
	size_t base;        /* first scratch slot of its items */
	floe_node *seg_key; /* its key in the parent map, or NULL */
	uint32_t seg_index; /* its index in the parent sequence */
};

struct jp {
	floe_doc *doc;
	floe_diags *d;         /* where load reports */
	floe_diags *pending;   /* the build's reports, kept if the text is JSON */
	const floe_limits *lim;
	const char *text;      /* text[len] is '\0' */
	size_t len, pos;
	uint32_t line;
	size_t line_start, cont; /* column: pos - line_start - cont + 1 */
	bool ascii;            /* no byte above 0x7f: no continuation bytes */
	floe_carver mem;
	size_t nodes;
	struct frame *frames;
	size_t nframes, capframes;
	floe_node **scratch;   /* items of open collections; maps: key, value */
	size_t nscratch, capscratch;
	floe_keyset keys;
	bool failed;           /* a limit stopped the build */
	bool bad;              /* not JSON as jansson reads it */
};

static bool all_ascii(const char *s, size_t n);
static bool small_int(floe_node *n, const char *s, size_t len);

/* Eight spaces at s (indentation is most of a pretty-printed file). */
#define SPACES8 0x2020202020202020ull
static inline bool spaces8(const char *s)
{
	uint64_t w;
	memcpy(&w, s, 8);
	return w == SPACES8;
}

/* The first offset from i on that is not a space (indentation is most of
 * a pretty-printed file: sixteen bytes at a time where SSE2 is there). */
static inline size_t past_spaces(const char *s, size_t len, size_t i)
{
#ifdef __SSE2__
	const __m128i sp = _mm_set1_epi8(' ');
	while (len - i >= 16) {
		__m128i v = _mm_loadu_si128((const __m128i *)(const void *)(s + i));
		unsigned m = (unsigned)_mm_movemask_epi8(_mm_cmpeq_epi8(v, sp)) ^ 0xffffu;
		if (m)
			return i + (size_t)__builtin_ctz(m);
		i += 16;
	}
#endif
	while (len - i >= 8 && spaces8(s + i))
		i += 8;
	while (i < len && s[i] == ' ')
		i++;
	return i;
}

static unsigned hex4(const char *s)
{
	unsigned v = 0;
	for (int i = 0; i < 4; i++) {
		char c = s[i];
		v = v * 16 + (unsigned)(c <= '9' ? c - '0' : (c | 0x20) - 'a' + 10);
	}
	return v;
}

static size_t put_utf8(char *o, unsigned cp)
{
	if (cp < 0x80) {
		o[0] = (char)cp;
		return 1;
	}
	if (cp < 0x800) {
		o[0] = (char)(0xc0 | cp >> 6);
		o[1] = (char)(0x80 | (cp & 0x3f));
		return 2;
	}
	if (cp < 0x10000) {
		o[0] = (char)(0xe0 | cp >> 12);
		o[1] = (char)(0x80 | ((cp >> 6) & 0x3f));
		o[2] = (char)(0x80 | (cp & 0x3f));
		return 3;
	}
	o[0] = (char)(0xf0 | cp >> 18);
	o[1] = (char)(0x80 | ((cp >> 12) & 0x3f));
	o[2] = (char)(0x80 | ((cp >> 6) & 0x3f));
	o[3] = (char)(0x80 | (cp & 0x3f));
	return 4;
}

/* Decode the escapes of s[0..n) (validated by jansson) into o. */
static size_t unescape(char *o, const char *s, size_t n)
{
	static const char from[] = "\"\\/bfnrt", to[] = "\"\\/\b\f\n\r\t";
	size_t k = 0;

	for (size_t i = 0; i < n; i++) {
		if (s[i] != '\\') {
			o[k++] = s[i];
			continue;
		}
		char e = s[++i];
		if (e != 'u') {
			o[k++] = to[strchr(from, e) - from];
			continue;
		}
		unsigned cp = hex4(s + i + 1);
		i += 4;
		if (cp >= 0xd800 && cp < 0xdc00) {
			cp = 0x10000 + ((cp - 0xd800) << 10) + (hex4(s + i + 3) - 0xdc00);
			i += 6;
		}
		k += put_utf8(o + k, cp);
	}
	return k;
}

/* ---- checks ---- */

static bool check_utf8(struct jp *p)
{
	size_t bad;
	if (floe_utf8_valid(p->text, p->len, &bad))
		return true;
	floe_span sp = floe_text_span(p->doc->src, bad);
	floe_diag_add(p->d, FLOE_SEV_ERROR, "json/invalid-utf8", &sp, NULL,
		      "invalid UTF-8 byte 0x%02x",
		      (unsigned char)p->text[bad]);
	return false;
}

/* The first bracket past max_depth, found without parsing. */
static bool check_depth(struct jp *p)
{
	bool in_str = false;
	size_t depth = 0;

	for (size_t i = p->pos; i < p->len; i++) {
		char c = p->text[i];
		if (in_str) {
			if (c == '\\')
				i++;
			else if (c == '"')
				in_str = false;
		} else if (c == '"') {
			in_str = true;
		} else if (c == '[' || c == '{') {
			if (++depth <= p->lim->max_depth)
				continue;
			floe_span sp = floe_text_span(p->doc->src, i);
			floe_diag_add(p->d, FLOE_SEV_ERROR, "json/too-deep", &sp,
				      NULL, "nesting is deeper than %u levels",
				      p->lim->max_depth);
			return false;
		} else if ((c == ']' || c == '}') && depth > 0) {
			depth--;
		}
	}
	return true;
}

/* The byte length of the token jansson quotes in "... near 'tok'". */
static size_t token_len(const char *msg)
{
	const char *near = strstr(msg, " near '");
	size_t n = strlen(msg);
	if (!near || n < 1 || msg[n - 1] != '\'')
		return 0;
	near += 7;
	return (size_t)(msg + n - 1 - near);
}

/*
 * ---- the recognizer ----
 * RFC 8259 exactly as jansson reads it with the flags below (any value at
 * the top, \u0000 allowed in strings but not in keys, a number whose double
 * overflows rejected), on text already checked for UTF-8.  The builder
 * below checks the same grammar with these token readers as it goes; the
 * recognizer alone reads the rest of a text whose build a limit stopped.
 * Valid text, the common case, needs no jansson at all; on anything they
 * reject, jansson runs to word the error (and decides: they only ever save
 * jansson's work).  fuzz_json checks that they never accept what jansson
 * rejects.
 */
static size_t ws(const char *s, size_t len, size_t i)
{
	while (i < len && (s[i] == ' ' || s[i] == '\n' || s[i] == '\r' || s[i] == '\t')) {
		i++;
		while (len - i >= 8 && spaces8(s + i))
			i += 8;
	}
	return i;
}

static bool is_hex(char c)
{
	return (c >= '0' && c <= '9') || ((c | 0x20) >= 'a' && (c | 0x20) <= 'f');
}

/* \uXXXX at s[i] (after the backslash's 'u' check): its value, or -1. */
static long u_escape(const char *s, size_t len, size_t i)
{
	if (i + 6 > len || s[i] != '\\' || s[i + 1] != 'u')
		return -1;
	for (size_t k = 2; k < 6; k++)
		if (!is_hex(s[i + k]))
			return -1;
	return (long)hex4(s + i + 2);
}

/*
 * Nonzero when a byte of w is '"', '\\' or a control character: the
 * bytes a string's scan stops at.  Exact (the classic zero-byte tests), and
 * the lowest flagged byte is always a true one.
 */
static inline uint64_t special8(uint64_t w)
{
	const uint64_t ones = 0x0101010101010101ull;
	uint64_t q = w ^ (ones * '"'), b = w ^ (ones * '\\');
	return (((q - ones) & ~q) | ((b - ones) & ~b) | ((w - ones * 0x20) & ~w)) &
	       (ones * 0x80);
}

/*
 * string := '"' char* '"' at s[*i]; *i ends past its closing quote, and
 * *esc is set when it has an escape.  Plain runs are skipped a word at a
 * time.
 */
static bool str_ok(const char *s, size_t len, size_t *i, bool key, bool *esc)
{
	size_t k = *i + 1;

	for (;;) {
		while (len - k >= 8) {
			uint64_t w, m;
			memcpy(&w, s + k, 8);
			if ((m = special8(w)) != 0) {
#if __BYTE_ORDER__ == __ORDER_LITTLE_ENDIAN__
				k += (size_t)__builtin_ctzll(m) >> 3;
#endif
				break;
			}
			k += 8;
		}
		if (k >= len)
			return false;
		unsigned char c = (unsigned char)s[k];
		if (c == '"')
			break;
		if (c < 0x20)
			return false;
		if (c != '\\') {
			k++;
			continue;
		}
		*esc = true;
		if (k + 1 >= len)
			return false;
		if (strchr("\"\\/bfnrt", s[k + 1]) && s[k + 1]) {
			k += 2;
			continue;
		}
		long cp = u_escape(s, len, k);
		if (cp < 0 || (cp == 0 && key) || (cp >= 0xdc00 && cp <= 0xdfff))
			return false;
		k += 6;
		if (cp >= 0xd800 && cp <= 0xdbff) {
			long lo = u_escape(s, len, k);
			if (lo < 0xdc00 || lo > 0xdfff)
				return false;
			k += 6;
		}
	}
	*i = k + 1;
	return true;
}

static size_t digits(const char *s, size_t len, size_t i)
{
	while (i < len && s[i] >= '0' && s[i] <= '9')
		i++;
	return i;
}

static bool num_ok(const char *s, size_t len, size_t *i)
{
	size_t k = *i, start = *i, d;
	bool real = false;

	if (k < len && s[k] == '-')
		k++;
	if (k < len && s[k] == '0')
		k++;
	else if ((d = digits(s, len, k)) > k)
		k = d;
	else
		return false;
	if (k < len && s[k] == '.') {
		real = true;
		if ((d = digits(s, len, k + 1)) == k + 1)
			return false;
		k = d;
	}
	if (k < len && (s[k] == 'e' || s[k] == 'E')) {
		real = true;
		k++;
		if (k < len && (s[k] == '+' || s[k] == '-'))
			k++;
		if ((d = digits(s, len, k)) == k)
			return false;
		k = d;
	}
	if (k < len && s[k] >= '0' && s[k] <= '9')
		return false; /* a leading zero: "01" */
	if (real || k - start > 300) {
		/* jansson reads every number as a double: no overflow */
		char buf[64];
		char *copy = k - start < sizeof(buf) ? buf : floe_xmalloc(k - start + 1);
		memcpy(copy, s + start, k - start);
		copy[k - start] = '\0';
		double v = strtod(copy, NULL);
		if (copy != buf)
			free(copy);
		if (isinf(v))
			return false;
	}
	*i = k;
	return true;
}

static bool word_ok(const char *s, size_t len, size_t *i, const char *w)
{
	size_t n = strlen(w);
	if (len - *i < n || memcmp(s + *i, w, n) != 0)
		return false;
	*i += n;
	return true;
}

/* A key, then ':' (at s[*i], after white space). */
static bool key_ok(const char *s, size_t len, size_t *i)
{
	size_t k = ws(s, len, *i);
	bool esc = false;
	if (k >= len || s[k] != '"' || !str_ok(s, len, &k, true, &esc))
		return false;
	k = ws(s, len, k);
	if (k >= len || s[k] != ':')
		return false;
	*i = k + 1;
	return true;
}

static bool recognize(const char *s, size_t len, size_t i, unsigned max_depth)
{
	char stack[2049];
	size_t depth = 0;

	if (max_depth >= sizeof(stack))
		return false;
	for (;;) {
		i = ws(s, len, i);
		if (i >= len)
			return false;
		switch (s[i]) {
		case '{':
		case '[': {
			char close = s[i] == '{' ? '}' : ']';
			if (depth == max_depth)
				return false; /* this one would be deeper */
			i = ws(s, len, i + 1);
			if (i < len && s[i] == close) {
				i++;
				break;
			}
			stack[depth++] = close;
			if (close == '}' && !key_ok(s, len, &i))
				return false;
			continue;
		}
		case '"': {
			bool esc = false;
			if (!str_ok(s, len, &i, false, &esc))
				return false;
			break;
		}
		case 't':
			if (!word_ok(s, len, &i, "true"))
				return false;
			break;
		case 'f':
			if (!word_ok(s, len, &i, "false"))
				return false;
			break;
		case 'n':
			if (!word_ok(s, len, &i, "null"))
				return false;
			break;
		default:
			if (!num_ok(s, len, &i))
				return false;
		}
		/* after a value: close what ends here, up to a ',' */
		for (;;) {
			i = ws(s, len, i);
			if (depth == 0)
				return i == len;
			if (i >= len)
				return false;
			if (s[i] == ',')
				break;
			if (s[i] != stack[depth - 1])
				return false;
			depth--;
			i++;
		}
		i++;
		if (stack[depth - 1] == '}' && !key_ok(s, len, &i))
			return false;
	}
}
static bool check_syntax(struct jp *p)
{
	json_error_t err;

	json_t *j = json_loadb(p->text + p->pos, p->len - p->pos,
			       JSON_DECODE_ANY | JSON_ALLOW_NUL |
				       JSON_DECODE_INT_AS_REAL,
			       &err);
	if (j) {
		json_decref(j);
		return true;
	}
	size_t end = p->pos + (err.position > 0 ? (size_t)err.position : 0);
	size_t tok = strstr(err.text, "near end of file") ? 0 : token_len(err.text);
	size_t start = end >= p->pos + tok ? end - tok : p->pos;
	floe_span sp = floe_text_span(p->doc->src, start);
	if (end > start)
		floe_text_pos(p->text, p->len, end, &sp.end_line, &sp.end_col);
	floe_diag_add(p->d, FLOE_SEV_ERROR, "json/syntax", &sp, NULL, "%s",
		      err.text);
	return false;
}

/*
 * ---- the builder ----
 * value := object | array | string | number | true | false | null, read
 * with the recognizer's token readers while the tree is built.  Collections
 * open frames on a stack instead of recursing: depth costs heap, not
 * stack.  Nodes and strings are carved from arena chunks; a column is the
 * byte offset from the line's start less the UTF-8 continuation bytes
 * before it on the line (outside strings, valid JSON is ASCII).
 */
static uint32_t col(const struct jp *p)
{
	return (uint32_t)(p->pos - p->line_start - p->cont + 1);
}

/* White space; a lone CR ends a line too (floe_is_line_end). */
static void skip_ws_run(struct jp *p)
{
	const char *s = p->text;
	size_t i = p->pos;

	for (;;) {
		char c = s[i];
		if (c == ' ' || c == '\t') {
			i = past_spaces(s, p->len, i + 1);
		} else if (c == '\n' || (c == '\r' && s[i + 1] != '\n')) {
			p->line++;
			p->line_start = ++i;
			p->cont = 0;
		} else if (c == '\r') {
			i++;
		} else {
			p->pos = i;
			return;
		}
	}
}

static inline void skip_ws(struct jp *p)
{
	if ((unsigned char)p->text[p->pos] <= ' ')
		skip_ws_run(p);
}

/* Where the build reports: held back until the whole text is known JSON. */
static floe_diags *pending(struct jp *p)
{
	if (!p->pending)
		p->pending = floe_diags_new(p->lim->max_diags);
	return p->pending;
}

static void span_end(struct jp *p, floe_node *n)
{
	n->span.end_line = p->line;
	n->span.end_col = col(p);
}

static const char *frames_pointer(struct jp *p, const floe_node *key)
{
	floe_buf b = FLOE_BUF_INIT;
	for (size_t i = 1; i < p->nframes; i++) {
		const struct frame *f = &p->frames[i];
		if (f->seg_key)
			floe_pointer_put(&b, f->seg_key->text, f->seg_key->len);
		else
			floe_buf_printf(&b, "/%u", f->seg_index);
	}
	if (key)
		floe_pointer_put(&b, key->text, key->len);
	const char *s = floe_arena_strndup(p->doc->arena, b.ptr ? b.ptr : "",
					   b.len);
	floe_buf_release(&b);
	return s;
}

static floe_node *new_node(struct jp *p, floe_node_kind kind)
{
	floe_node *n = floe_carve(&p->mem, sizeof(*n), _Alignof(floe_node));
	n->kind = (uint8_t)kind;
	n->span.src = p->doc->src;
	n->span.line = p->line;
	n->span.col = col(p);
	if (++p->nodes > p->lim->max_nodes && !p->failed) {
		floe_span sp = n->span;
		sp.end_line = sp.line;
		sp.end_col = sp.col + 1;
		floe_diag_add(pending(p), FLOE_SEV_ERROR, "json/too-many-nodes", &sp,
			      NULL, "document has more than %zu values",
			      p->lim->max_nodes);
		p->failed = true;
	}
	return n;
}

static inline void push_scratch(struct jp *p, floe_node *n)
{
	if (p->nscratch == p->capscratch) {
		p->capscratch = p->capscratch ? 2 * p->capscratch : 256;
		p->scratch = floe_xrealloc(p->scratch,
					   p->capscratch * sizeof(*p->scratch));
	}
	p->scratch[p->nscratch++] = n;
}

static floe_node *string(struct jp *p, bool key)
{
	size_t end = p->pos;
	bool esc = false;

	if (!str_ok(p->text, p->len, &end, key, &esc)) {
		p->bad = true;
		return NULL;
	}
	floe_node *n = new_node(p, FLOE_NODE_STRING);
	const char *s = p->text + p->pos + 1;
	size_t raw = end - p->pos - 2;
	char *o = floe_carve(&p->mem, raw + 1, 1);

	n->len = esc ? unescape(o, s, raw) : raw;
	if (!esc)
		memcpy(o, s, raw);
	o[n->len] = '\0';
	n->text = o;
	if (!p->ascii)
		for (size_t k = 0; k < raw; k++)
			p->cont += ((unsigned char)s[k] & 0xc0) == 0x80;
	p->pos = end;
	span_end(p, n);
	return n;
}

static floe_node *literal(struct jp *p, floe_node_kind kind, const char *word)
{
	size_t end = p->pos;

	if (!word_ok(p->text, p->len, &end, word)) {
		p->bad = true;
		return NULL;
	}
	floe_node *n = new_node(p, kind);
	n->text = word;
	n->len = end - p->pos;
	n->v.b = word[0] == 't';
	p->pos = end;
	span_end(p, n);
	return n;
}

static floe_node *number(struct jp *p)
{
	size_t end = p->pos;

	if (!num_ok(p->text, p->len, &end)) {
		p->bad = true;
		return NULL;
	}
	floe_node *n = new_node(p, FLOE_NODE_INT);
	size_t len = end - p->pos;
	char *t = floe_carve(&p->mem, len + 1, 1);

	memcpy(t, p->text + p->pos, len);
	t[len] = '\0';
	n->text = t;
	n->len = len;
	if (!small_int(n, t, len))
		floe_scalar_resolve(n, t, len);
	p->pos = end;
	span_end(p, n);
	return n;
}

static floe_node *scalar(struct jp *p)
{
	switch (p->text[p->pos]) {
	case '"':
		return string(p, false);
	case 't':
		return literal(p, FLOE_NODE_BOOL, "true");
	case 'f':
		return literal(p, FLOE_NODE_BOOL, "false");
	case 'n':
		return literal(p, FLOE_NODE_NULL, "null");
	default:
		return number(p);
	}
}

/* ---- collections ---- */

static void open_frame(struct jp *p, floe_node *n)
{
	if (p->nframes == p->capframes) {
		p->capframes = p->capframes ? 2 * p->capframes : 16;
		p->frames = floe_xrealloc(p->frames,
					  p->capframes * sizeof(*p->frames));
	}
	struct frame *f = &p->frames[p->nframes++];
	f->node = n;
	f->base = p->nscratch;
	f->seg_key = NULL;
	f->seg_index = 0;
	if (p->nframes > 1) {
		struct frame *up = f - 1;
		size_t k = p->nscratch - up->base;
		if (up->node->kind == FLOE_NODE_MAP)
			f->seg_key = p->scratch[p->nscratch - 1];
		else
			f->seg_index = (uint32_t)k;
	}
}

static void duplicate(struct jp *p, floe_node *key, floe_node *first)
{
	floe_diags *d = pending(p);
	floe_diag *dg = floe_diag_add(d, FLOE_SEV_ERROR, "json/duplicate-key",
				      &key->span, frames_pointer(p, key),
				      "duplicate key '%s'",
				      floe_key_display(p->doc->arena, key->text,
						       key->len));
	floe_diag_note(d, dg, &first->span, "first defined here");
}

/* The index of a key equal to `key` among the first n of map (small maps). */
static long earlier(const floe_node *map, size_t n, const floe_node *key)
{
	for (size_t j = 0; j < n; j++) {
		const floe_node *o = map->keys[j];
		if (o->len == key->len && memcmp(o->text, key->text, key->len) == 0)
			return (long)j;
	}
	return -1;
}

/* Copy the pairs of the innermost map into it, dropping duplicate keys. */
static void finish_map(struct jp *p, floe_node *map, floe_node **kv, size_t n)
{
	size_t k = 0;
	bool small = n <= 8;
	floe_node **arr = floe_carve(&p->mem, 2 * n * sizeof(*arr),
				     _Alignof(floe_node *));

	map->keys = arr;
	map->items = arr + n;
	if (!small)
		floe_keyset_reset(&p->keys, n);
	for (size_t i = 0; i < n; i++) {
		floe_node *key = kv[2 * i], *val = kv[2 * i + 1];
		long first = small ? earlier(map, k, key)
				   : floe_keyset_add(&p->keys, key->text,
						     key->len, k);
		if (first >= 0) {
			duplicate(p, key, map->keys[first]);
			continue;
		}
		key->parent = val->parent = map;
		key->index = val->index = (uint32_t)k;
		map->keys[k] = key;
		map->items[k++] = val;
	}
	map->len = k;
	floe_map_index(p->doc->arena, map);
}

static void finish_seq(struct jp *p, floe_node *seq, floe_node **it, size_t n)
{
	seq->items = floe_carve(&p->mem, n * sizeof(floe_node *),
				_Alignof(floe_node *));
	for (size_t i = 0; i < n; i++) {
		it[i]->parent = seq;
		it[i]->index = (uint32_t)i;
		seq->items[i] = it[i];
	}
	seq->len = n;
}

/* The innermost collection ends at p->pos (its closing bracket). */
static floe_node *close_frame(struct jp *p)
{
	struct frame *f = &p->frames[p->nframes - 1];
	floe_node *n = f->node;
	size_t count = p->nscratch - f->base;

	p->pos++;
	span_end(p, n);
	if (n->kind == FLOE_NODE_MAP)
		finish_map(p, n, p->scratch + f->base, count / 2);
	else
		finish_seq(p, n, p->scratch + f->base, count);
	p->nscratch = f->base;
	p->nframes--;
	return n;
}

/* A key and its ':', after '{' or ',' in a map; false if there is none. */
static bool read_key(struct jp *p)
{
	floe_node *key;
	skip_ws(p);
	if (p->text[p->pos] != '"' || !(key = string(p, true))) {
		p->bad = true;
		return false;
	}
	push_scratch(p, key);
	skip_ws(p);
	if (p->text[p->pos] != ':') {
		p->bad = true;
		return false;
	}
	p->pos++;
	return true;
}

/*
 * Attach a finished value, then close what ends after it, up to a ',' (and
 * the next key in a map).  True when the document is complete or cannot go
 * on (p->bad).
 */
static bool attach(struct jp *p, floe_node *v)
{
	for (;;) {
		skip_ws(p);
		if (p->nframes == 0) {
			p->doc->root = v;
			p->bad = p->pos != p->len;
			return true;
		}
		push_scratch(p, v);
		bool map = p->frames[p->nframes - 1].node->kind == FLOE_NODE_MAP;
		char c = p->text[p->pos];
		if (c == ',') {
			p->pos++;
			return map && !read_key(p);
		}
		if (c != (map ? '}' : ']')) {
			p->bad = true;
			return true;
		}
		v = close_frame(p);
	}
}

static void build(struct jp *p)
{
	while (!p->failed) {
		floe_node *v;
		skip_ws(p);
		char c = p->text[p->pos];
		if (c == '{' || c == '[') {
			if (p->nframes == p->lim->max_depth) {
				p->bad = true; /* this one would be deeper */
				return;
			}
			v = new_node(p, c == '{' ? FLOE_NODE_MAP : FLOE_NODE_SEQ);
			open_frame(p, v);
			p->pos++;
			skip_ws(p);
			if (p->text[p->pos] != (c == '{' ? '}' : ']')) {
				if (c == '{' && !read_key(p))
					return;
				continue;
			}
			v = close_frame(p);
		} else if (!(v = scalar(p))) {
			return;
		}
		if (attach(p, v))
			return;
	}
}

static int load(floe_doc *doc, floe_diags *d, const floe_limits *lim)
{
	floe_limits tmp;
	struct jp p = { .doc = doc, .d = d, .line = 1 };
	size_t errors_before = floe_diags_errors(d);

	p.lim = floe_limits_or_default(lim, &tmp);
	p.text = floe_source_text(doc->src, &p.len);
	if (!p.text)
		p.text = "";
	if (floe_doc_too_large(d, doc, p.len, p.lim))
		return FLOE_EINVALID;
	p.ascii = all_ascii(p.text, p.len);   /* then UTF-8 needs no check */
	if (!p.ascii && !check_utf8(&p))
		return FLOE_EINVALID;
	if (p.len >= 3 && memcmp(p.text, "\xef\xbb\xbf", 3) == 0)
		p.pos = 3, p.cont = 2; /* a byte-order mark: allowed, one column */
	p.mem.arena = doc->arena;
	/* never NULL: empty collections still point into it */
	p.capscratch = 64;
	p.scratch = floe_xmalloc(p.capscratch * sizeof(*p.scratch));
	size_t start = p.pos;
	build(&p);
	/* a build stopped by a limit: is the whole text JSON? */
	if (p.failed && !p.bad)
		p.bad = !recognize(p.text, p.len, start, p.lim->max_depth);
	free(p.frames);
	free(p.scratch);
	floe_keyset_release(&p.keys);
	if (p.bad) {
		size_t stop = p.pos;
		doc->root = NULL;
		floe_diags_free(p.pending);
		p.pos = start;
		if (check_depth(&p) && check_syntax(&p)) {
			/* jansson takes one NUL byte after a number or a word
			 * ("[1\0]"): not JSON (RFC 8259), and floe says so */
			floe_span sp = floe_text_span(doc->src, stop);
			floe_diag_add(d, FLOE_SEV_ERROR, "json/syntax", &sp, NULL,
				      "unexpected %s",
				      p.text[stop] ? "character" : "NUL byte");
		}
		return FLOE_EINVALID;
	}
	if (p.pending) {
		floe_diags_take(d, p.pending);
		floe_diags_free(p.pending);
	}
	return floe_diags_errors(d) > errors_before ? FLOE_EINVALID : 0;
}

int floe_json_load(floe_doc *doc, floe_diags *d, const floe_limits *lim)
{
	return load(doc, d, lim);
}

static floe_doc *copy_doc(const char *display, const char *text, size_t len)
{
	char *copy = floe_xmalloc(len + 1);
	if (len)
		memcpy(copy, text, len);
	copy[len] = '\0';
	return floe_doc_new_owned(display, copy, len);
}

int floe_doc_parse_json(floe_doc **out, floe_diags *d, const char *display,
			const char *text, size_t len, const floe_limits *lim)
{
	*out = copy_doc(display, text, len);
	return load(*out, d, lim);
}

/*
 * ---- the trusted path ----
 * Text checked when floe was built (the embedded schemas) is read in one
 * recursive pass (they are shallow) without checks or duplicate detection.
 * Nodes, strings and item arrays are carved from arena chunks instead of
 * one allocation each, and columns come from byte offsets: outside strings
 * valid JSON is ASCII, so only the continuation bytes inside strings are
 * counted.  The tree is the same as the checked path's.
 */

#define CHUNK ((size_t)2000) /* internal.h says why */

struct tp {
	floe_doc *doc;
	const char *text;
	size_t pos;
	uint32_t line;
	size_t line_start, cont; /* column = pos - line_start - cont + 1 */
	bool ascii;              /* no byte is past 0x7f: no columns to count */
	floe_carver mem;
	floe_node **stack;       /* items of open collections */
	size_t nstack, capstack;
};

void *floe_carve_chunk(floe_carver *c, size_t n)
{
	size_t cap = n > CHUNK ? n : CHUNK;
	char *p = floe_arena_alloc(c->arena, cap);
	c->mem = p + n;
	c->left = cap - n;
	return p;
}

static bool all_ascii(const char *s, size_t n)
{
	uint64_t acc = 0, w;
	size_t i = 0;
	for (; i + 8 <= n; i += 8) {
		memcpy(&w, s + i, 8);
		acc |= w;
	}
	for (; i < n; i++)
		acc |= (unsigned char)s[i];
	return !(acc & 0x8080808080808080ull);
}

static uint32_t tcol(const struct tp *t)
{
	return (uint32_t)(t->pos - t->line_start - t->cont + 1);
}

static floe_node *tnode(struct tp *t, floe_node_kind kind)
{
	floe_node *n = floe_carve(&t->mem, sizeof(*n), _Alignof(floe_node));
	n->kind = (uint8_t)kind;
	n->span.src = t->doc->src;
	n->span.line = t->line;
	n->span.col = tcol(t);
	return n;
}

static void tend(struct tp *t, floe_node *n)
{
	n->span.end_line = t->line;
	n->span.end_col = tcol(t);
}

static void tskip_ws(struct tp *t)
{
	for (;; t->pos++) {
		char c = t->text[t->pos];
		if (c == '\n') {
			t->line++;
			t->line_start = t->pos + 1;
			t->cont = 0;
		} else if (c != ' ' && c != '\t' && c != '\r') {
			return;
		}
	}
}

/* The compact copy has no whitespace: test before calling. */
static inline void tskip(struct tp *t)
{
	if ((unsigned char)t->text[t->pos] <= ' ')
		tskip_ws(t);
}

static void tgrow(struct tp *t)
{
	t->capstack = t->capstack ? 2 * t->capstack : 256;
	t->stack = floe_xrealloc(t->stack, t->capstack * sizeof(*t->stack));
}

static inline void tpush(struct tp *t, floe_node *n)
{
	if (t->nstack == t->capstack)
		tgrow(t);
	t->stack[t->nstack++] = n;
}

/* The length of the raw string at s (after its '"'); *esc when it has escapes. */
static size_t tscan(struct tp *t, const char *s, bool *esc)
{
	const char *q = strchr(s, '"');
	size_t i = (size_t)(q - s);

	*esc = memchr(s, '\\', i) != NULL;
	if (*esc) {
		for (i = 0; s[i] != '"'; i++)
			if (s[i] == '\\')
				i++; /* the escaped byte is ASCII */
	}
	if (!t->ascii)
		for (size_t k = 0; k < i; k++)
			t->cont += ((unsigned char)s[k] & 0xc0) == 0x80;
	return i;
}

static floe_node *tstring(struct tp *t)
{
	floe_node *n = tnode(t, FLOE_NODE_STRING);
	const char *s = t->text + t->pos + 1;
	bool esc;
	size_t i = tscan(t, s, &esc);
	char *o = floe_carve(&t->mem, i + 1, 1);

	n->len = esc ? unescape(o, s, i) : i;
	if (!esc)
		memcpy(o, s, i);
	o[n->len] = '\0';
	n->text = o;
	t->pos += i + 2;
	tend(t, n);
	return n;
}

/* A JSON integer of up to 18 digits, as floe_scalar_resolve reads it. */
static bool small_int(floe_node *n, const char *s, size_t len)
{
	bool neg = len > 0 && s[0] == '-';
	int64_t v = 0;

	if (len - neg == 0 || len - neg > 18)
		return false;
	for (size_t i = neg; i < len; i++) {
		if (s[i] < '0' || s[i] > '9')
			return false;
		v = v * 10 + (s[i] - '0');
	}
	n->v.i = neg ? -v : v;
	return true;
}

static floe_node *tnumber(struct tp *t)
{
	floe_node *n = tnode(t, FLOE_NODE_INT);
	const char *s = t->text + t->pos;
	size_t i = 0;

	while ((s[i] >= '0' && s[i] <= '9') || s[i] == '-' || s[i] == '+' ||
	       s[i] == '.' || s[i] == 'e' || s[i] == 'E')
		i++;
	char *o = floe_carve(&t->mem, i + 1, 1);
	memcpy(o, s, i);
	o[i] = '\0';
	n->text = o;
	n->len = i;
	if (!small_int(n, o, i))
		floe_scalar_resolve(n, o, i);
	t->pos += i;
	tend(t, n);
	return n;
}

static floe_node *tliteral(struct tp *t, floe_node_kind kind, const char *word,
			   size_t len)
{
	floe_node *n = tnode(t, kind);
	n->text = word;
	n->len = len;
	n->v.b = word[0] == 't';
	t->pos += len;
	tend(t, n);
	return n;
}

static floe_node *tvalue(struct tp *t);

/* The n items on top of the stack become coll's (pairs for a map). */
static void tfinish(struct tp *t, floe_node *coll, size_t n)
{
	floe_node **v = t->stack + t->nstack - n;
	floe_node **arr = floe_carve(&t->mem, n * sizeof(*arr), _Alignof(floe_node *));
	bool map = coll->kind == FLOE_NODE_MAP;
	size_t k = map ? n / 2 : n;

	if (map) {
		coll->keys = arr;
		coll->items = arr + k;
	} else {
		coll->items = arr;
	}
	for (size_t i = 0; i < k; i++) {
		floe_node *key = map ? v[2 * i] : NULL, *val = v[map ? 2 * i + 1 : i];
		val->parent = coll;
		val->index = (uint32_t)i;
		coll->items[i] = val;
		if (key) {
			key->parent = coll;
			key->index = (uint32_t)i;
			coll->keys[i] = key;
		}
	}
	coll->len = k;
	t->nstack -= n;
	if (map)
		floe_map_index(t->doc->arena, coll);
}

/* object := '{' [string ':' value (',' string ':' value)*] '}', and arrays. */
static floe_node *tcollection(struct tp *t, floe_node_kind kind)
{
	floe_node *n = tnode(t, kind);
	size_t base = t->nstack;
	char close = kind == FLOE_NODE_MAP ? '}' : ']';

	t->pos++;
	tskip(t);
	while (t->text[t->pos] != close) {
		if (kind == FLOE_NODE_MAP) {
			tpush(t, tstring(t));
			tskip(t);
			t->pos++; /* ':' */
			tskip(t);
		}
		tpush(t, tvalue(t));
		tskip(t);
		if (t->text[t->pos] == ',') {
			t->pos++;
			tskip(t);
		}
	}
	t->pos++;
	tend(t, n);
	tfinish(t, n, t->nstack - base);
	return n;
}

static floe_node *tvalue(struct tp *t)
{
	switch (t->text[t->pos]) {
	case '{': return tcollection(t, FLOE_NODE_MAP);
	case '[': return tcollection(t, FLOE_NODE_SEQ);
	case '"': return tstring(t);
	case 't': return tliteral(t, FLOE_NODE_BOOL, "true", 4);
	case 'f': return tliteral(t, FLOE_NODE_BOOL, "false", 5);
	case 'n': return tliteral(t, FLOE_NODE_NULL, "null", 4);
	default: return tnumber(t);
	}
}

int floe_doc_parse_json_trusted(floe_doc **out, const char *display,
				const char *text, size_t len)
{
	struct tp t = { .line = 1 };

	*out = t.doc = copy_doc(display, text, len);
	t.mem.arena = t.doc->arena;
	t.text = floe_source_text(t.doc->src, &len);
	if (!t.text)
		return 0;
	t.ascii = all_ascii(t.text, len);
	if (len >= 3 && memcmp(t.text, "\xef\xbb\xbf", 3) == 0)
		t.pos = 3, t.cont = 2; /* a byte-order mark is one column */
	tskip(&t);
	t.doc->root = tvalue(&t);
	free(t.stack);
	return 0;
}
