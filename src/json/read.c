/*
 * read.c: JSON (RFC 8259) into the document tree, in one pass that checks
 * the grammar as it builds each value with its span.  Numbers keep their
 * text (integers beyond int64 stay exact), strings may hold NUL (\u0000;
 * not in keys, which are C strings to floe_node_get).  The first syntax
 * error or limit stops reading; duplicate keys are all reported, and held
 * back until the text is known to be JSON.  Collections open frames on a
 * heap stack instead of recursing: depth costs heap, not C stack.
 *
 * A column counts code points: the byte offset from the line's start less
 * the UTF-8 continuation bytes before it on the line (outside strings a
 * JSON text is ASCII, so only strings add any).  The text is checked for
 * UTF-8 first, so a string's bytes need no second look.
 */
#include <math.h>
#include <stdarg.h>
#include <stdlib.h>
#include <string.h>
#include "doc/internal.h"
#include "json.h"

struct frame {
	floe_node *node;    /* SEQ or MAP */
	size_t base;        /* its first slot in scratch */
	size_t open;        /* offset of its bracket */
};

struct rd {
	floe_doc *doc;
	floe_diags *d;
	floe_diags *held;      /* duplicate keys, kept if the text is JSON */
	const floe_limits *lim;
	const char *s;         /* s[len] is '\0' */
	size_t len, pos;
	uint32_t line;
	size_t line_start, cont; /* column: pos - line_start - cont + 1 */
	size_t nodes;
	struct frame *frames;
	size_t nframes, capframes;
	floe_node **scratch;   /* items of open collections; maps: key, value */
	size_t nscratch, capscratch;
	floe_keyset keys;
	bool stop;             /* a syntax error or a limit */
};

/* ---- positions and messages ---- */

static uint32_t col(const struct rd *r)
{
	return (uint32_t)(r->pos - r->line_start - r->cont + 1);
}

/* The JSON pointer of the value being read: open frames, and the slot. */
static const char *where(struct rd *r)
{
	floe_buf b = FLOE_BUF_INIT;
	for (size_t i = 0; i < r->nframes; i++) {
		const struct frame *f = &r->frames[i];
		size_t top = i + 1 < r->nframes ? r->frames[i + 1].base : r->nscratch;
		size_t k = top - f->base;
		if (f->node->kind == FLOE_NODE_SEQ) {
			floe_buf_printf(&b, "/%zu", k);
		} else if (k % 2 == 1) {
			const floe_node *key = r->scratch[top - 1];
			floe_pointer_put(&b, key->text, key->len);
		}
	}
	const char *p = floe_arena_strndup(floe_diags_arena(r->d),
					   b.ptr ? b.ptr : "", b.len);
	floe_buf_release(&b);
	return p;
}

static bool wordy(unsigned char c)
{
	return (c >= '0' && c <= '9') || ((c | 0x20) >= 'a' && (c | 0x20) <= 'z') ||
	       c == '-' || c == '+' || c == '.' || c == '_';
}

/* What is at offset `at`, for "found ...": *end is past it. */
static const char *found(struct rd *r, size_t at, size_t *end)
{
	floe_arena *a = floe_diags_arena(r->d);
	unsigned char c = (unsigned char)r->s[at];
	size_t k = at;

	*end = at + 1;
	if (at >= r->len) {
		*end = at;
		return "end of file";
	}
	if (c == 0)
		return "a NUL byte";
	if (c < 0x20 || c == 0x7f)
		return floe_arena_printf(a, "control character 0x%02x", c);
	if (c == '"')
		return "a string";
	if (wordy(c)) {
		while (k < r->len && k - at < 32 && wordy((unsigned char)r->s[k]))
			k++;
		*end = k;
		return floe_arena_printf(a, "'%.*s'", (int)(k - at), r->s + at);
	}
	while (*end < r->len && ((unsigned char)r->s[*end] & 0xc0) == 0x80)
		++*end;
	return floe_arena_printf(a, "'%.*s'", (int)(*end - at), r->s + at);
}

static floe_diag *problem(struct rd *r, const char *code, size_t at, size_t end,
			  const char *fmt, ...)
	__attribute__((format(printf, 5, 6)));

/* A diagnostic over s[at..end) that stops reading. */
static floe_diag *problem(struct rd *r, const char *code, size_t at, size_t end,
			  const char *fmt, ...)
{
	floe_span sp = floe_text_span(r->doc->src, at);
	va_list ap;

	if (end > at + 1)
		floe_text_pos(r->s, r->len, end, &sp.end_line, &sp.end_col);
	va_start(ap, fmt);
	char *msg = floe_arena_vprintf(floe_diags_arena(r->d), fmt, ap);
	va_end(ap);
	r->stop = true;
	return floe_diag_add(r->d, FLOE_SEV_ERROR, code, &sp, where(r), "%s", msg);
}

/* "expected X, found Y" at the current offset. */
static void expected(struct rd *r, const char *what)
{
	size_t end;
	const char *f = found(r, r->pos, &end);
	floe_diag *g = problem(r, "json/syntax", r->pos, end, "expected %s, found %s",
			       what, f);
	if (r->pos >= r->len && r->nframes > 0) {
		const struct frame *f0 = &r->frames[r->nframes - 1];
		floe_span sp = floe_text_span(r->doc->src, f0->open);
		floe_diag_note(r->d, g, &sp, "the unclosed '%c' opened here",
			       r->s[f0->open]);
	}
}

/* ---- white space and nodes ---- */

/* A lone CR ends a line too (floe_is_line_end). */
static void skip_ws(struct rd *r)
{
	const char *s = r->s;
	size_t i = r->pos;

	for (;;) {
		char c = s[i];
		if (c == ' ' || c == '\t') {
			i++;
		} else if (c == '\n' || (c == '\r' && s[i + 1] != '\n')) {
			r->line++;
			r->line_start = ++i;
			r->cont = 0;
		} else if (c == '\r') {
			i++;
		} else {
			break;
		}
	}
	r->pos = i;
}

/* A node at r->pos, with `extra` bytes after it for its text. */
static floe_node *new_node(struct rd *r, floe_node_kind kind, size_t extra)
{
	if (++r->nodes > r->lim->max_nodes) {
		problem(r, "json/too-many-nodes", r->pos, r->pos + 1,
			"document has more than %zu values", r->lim->max_nodes);
		return NULL;
	}
	floe_node *n = floe_arena_alloc(r->doc->arena, sizeof(*n) + extra);
	n->kind = (uint8_t)kind;
	n->span.src = r->doc->src;
	n->span.line = r->line;
	n->span.col = col(r);
	return n;
}

static void span_end(struct rd *r, floe_node *n)
{
	n->span.end_line = r->line;
	n->span.end_col = col(r);
}

static void push(struct rd *r, floe_node *n)
{
	if (r->nscratch == r->capscratch) {
		r->capscratch = r->capscratch ? 2 * r->capscratch : 256;
		r->scratch = floe_xrealloc(r->scratch,
					   r->capscratch * sizeof(*r->scratch));
	}
	r->scratch[r->nscratch++] = n;
}

/* ---- strings ---- */

static int hex(char c)
{
	if (c >= '0' && c <= '9')
		return c - '0';
	if ((c | 0x20) >= 'a' && (c | 0x20) <= 'f')
		return (c | 0x20) - 'a' + 10;
	return -1;
}

/* \uXXXX at s[i] (the backslash): its value, or -1. */
static long u4(const struct rd *r, size_t i)
{
	long v = 0;
	if (i + 6 > r->len || r->s[i] != '\\' || r->s[i + 1] != 'u')
		return -1;
	for (size_t k = 2; k < 6; k++) {
		int h = hex(r->s[i + k]);
		if (h < 0)
			return -1;
		v = v * 16 + h;
	}
	return v;
}

static size_t put_utf8(char *o, unsigned long cp)
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

/*
 * One escape at s[i] (the backslash), checked: its code point, and *n the
 * bytes it takes; -1 after a diagnostic.
 */
static long escape(struct rd *r, size_t i, bool key, size_t *n)
{
	static const char from[] = "\"\\/bfnrt", to[] = "\"\\/\b\f\n\r\t";
	char e = i + 1 < r->len ? r->s[i + 1] : '\0';
	const char *hit = e ? strchr(from, e) : NULL;

	*n = 2;
	if (hit)
		return (unsigned char)to[hit - from];
	if (e != 'u') {
		size_t end;
		const char *f = found(r, i + 1, &end);
		problem(r, "json/syntax", i, end, "invalid escape in string: "
			"'\\' followed by %s", f);
		return -1;
	}
	long cp = u4(r, i);
	if (cp < 0) {
		problem(r, "json/syntax", i, i + 2, "invalid \\u escape: "
			"expected four hex digits after '\\u'");
		return -1;
	}
	*n = 6;
	if (cp >= 0xd800 && cp <= 0xdbff) {
		long lo = u4(r, i + 6);
		if (lo >= 0xdc00 && lo <= 0xdfff) {
			*n = 12;
			return 0x10000 + ((cp - 0xd800) << 10) + (lo - 0xdc00);
		}
	}
	if (cp >= 0xd800 && cp <= 0xdfff) {
		problem(r, "json/syntax", i, i + 6, "unpaired UTF-16 surrogate "
			"'%.6s' in string", r->s + i);
		return -1;
	}
	if (cp == 0 && key) {
		problem(r, "json/syntax", i, i + 6, "'\\u0000' (a NUL character) "
			"in an object key is not supported");
		return -1;
	}
	return cp;
}

/*
 * Bytes in a string: 0 goes on, 1 goes on and is a UTF-8 continuation byte
 * (not a column), 2 stops the scan ('"', '\\', a control character).
 */
#define ROW(x) x, x, x, x, x, x, x, x, x, x, x, x, x, x, x, x
static const unsigned char byte_class[256] = {
	ROW(2), ROW(2),                                   /* 0x00-0x1f */
	0, 0, 2, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0,   /* 0x22 '"' */
	ROW(0), ROW(0),
	0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 2, 0, 0, 0,   /* 0x5c '\\' */
	ROW(0), ROW(0),
	ROW(1), ROW(1), ROW(1), ROW(1),                   /* 0x80-0xbf */
	ROW(0), ROW(0), ROW(0), ROW(0),
};
#undef ROW

/*
 * string := '"' char* '"' at r->pos: a STRING node with the decoded text.
 * The first pass checks and finds the end; the second decodes, if needed.
 */
static floe_node *string(struct rd *r, bool key)
{
	const char *s = r->s;
	size_t start = r->pos, i = start + 1, cont = 0, n;
	bool esc = false;

	for (;;) {
		unsigned char c;
		int t;
		while ((t = byte_class[(unsigned char)s[i]]) < 2) {
			cont += (size_t)t;
			i++;
		}
		c = (unsigned char)s[i];
		if (c == '"')
			break;
		if (i >= r->len) {
			problem(r, "json/syntax", start, start + 1,
				"unterminated string: no closing '\"' before the end of file");
			return NULL;
		}
		if (c < 0x20) {
			problem(r, "json/syntax", i, i + 1, "control character 0x%02x "
				"in string: write it as an escape (\\u%04x)", c, c);
			return NULL;
		}
		if (c == '\\') {
			if (escape(r, i, key, &n) < 0)
				return NULL;
			esc = true;
			i += n;
			continue;
		}
	}
	size_t raw = i - start - 1;
	floe_node *node = new_node(r, FLOE_NODE_STRING, raw + 1);
	if (!node)
		return NULL;
	char *o = (char *)(node + 1);
	if (!esc) {
		memcpy(o, s + start + 1, raw);
		node->len = raw;
	} else {
		size_t k = 0;
		for (size_t j = start + 1; j < i;) {
			if (s[j] != '\\') {
				o[k++] = s[j++];
				continue;
			}
			long cp = escape(r, j, key, &n);
			k += put_utf8(o + k, (unsigned long)cp);
			j += n;
		}
		node->len = k;
	}
	o[node->len] = '\0';
	node->text = o;
	r->cont += cont;
	r->pos = i + 1;
	span_end(r, node);
	return node;
}

/* ---- numbers and words ---- */

static size_t digits(const char *s, size_t i)
{
	while (s[i] >= '0' && s[i] <= '9')
		i++;
	return i;
}

/* A JSON integer of up to 18 digits, as floe_scalar_resolve reads it. */
static bool small_int(floe_node *n, const char *s, size_t len)
{
	bool neg = s[0] == '-';
	int64_t v = 0;

	if (len - neg > 18)
		return false;
	for (size_t i = neg; i < len; i++) {
		if (s[i] < '0' || s[i] > '9')
			return false;
		v = v * 10 + (s[i] - '0');
	}
	n->v.i = neg ? -v : v;
	return true;
}

/* number := '-'? int frac? exp? (the text was NUL-terminated: no len checks). */
static floe_node *number(struct rd *r)
{
	const char *s = r->s;
	size_t start = r->pos, k = start, d;

	if (s[k] == '-')
		k++;
	if (s[k] == '0') {
		k++;
	} else if ((d = digits(s, k)) > k) {
		k = d;
	} else if (k > start) {
		goto bad; /* '-' alone */
	} else {
		expected(r, "a value");
		return NULL;
	}
	if (s[k] == '.') {
		if ((d = digits(s, k + 1)) == k + 1)
			goto bad;
		k = d;
	}
	if (s[k] == 'e' || s[k] == 'E') {
		size_t e = k + 1;
		if (s[e] == '+' || s[e] == '-')
			e++;
		if ((d = digits(s, e)) == e)
			goto bad;
		k = d;
	}
	if (s[k] >= '0' && s[k] <= '9')
		goto bad; /* a leading zero: "01" */
	size_t len = k - start;
	floe_node *n = new_node(r, FLOE_NODE_INT, len + 1);
	if (!n)
		return NULL;
	char *t = (char *)(n + 1);
	memcpy(t, s + start, len);
	n->text = t;
	n->len = len;
	if (!small_int(n, t, len)) {
		floe_scalar_resolve(n, t, len);
		if (n->kind != FLOE_NODE_INT || (n->flags & FLOE_NODE_BIGINT)) {
			if (isinf(n->v.d)) {
				problem(r, "json/syntax", start, k, "number '%s' is "
					"out of range (beyond a double)", t);
				return NULL;
			}
		}
	}
	r->pos = k;
	span_end(r, n);
	return n;
bad:
	while ((s[k] >= '0' && s[k] <= '9') || s[k] == '.' || s[k] == 'e' ||
	       s[k] == 'E' || s[k] == '+' || s[k] == '-')
		k++;
	problem(r, "json/syntax", start, k, "invalid number '%.*s'",
		(int)(k - start < 40 ? k - start : 40), s + start);
	return NULL;
}

static floe_node *word(struct rd *r, floe_node_kind kind, const char *w)
{
	size_t n = strlen(w);
	const char *s = r->s + r->pos;

	if (r->len - r->pos < n || memcmp(s, w, n) != 0 || wordy((unsigned char)s[n])) {
		expected(r, "a value");
		return NULL;
	}
	floe_node *node = new_node(r, kind, 0);
	if (!node)
		return NULL;
	node->text = w;
	node->len = n;
	node->v.b = w[0] == 't';
	r->pos += n;
	span_end(r, node);
	return node;
}

static floe_node *scalar(struct rd *r)
{
	switch (r->s[r->pos]) {
	case '"':
		return string(r, false);
	case 't':
		return word(r, FLOE_NODE_BOOL, "true");
	case 'f':
		return word(r, FLOE_NODE_BOOL, "false");
	case 'n':
		return word(r, FLOE_NODE_NULL, "null");
	default:
		return number(r);
	}
}

/* ---- collections ---- */

static void open_frame(struct rd *r, floe_node *n)
{
	if (r->nframes == r->capframes) {
		r->capframes = r->capframes ? 2 * r->capframes : 16;
		r->frames = floe_xrealloc(r->frames,
					  r->capframes * sizeof(*r->frames));
	}
	struct frame *f = &r->frames[r->nframes++];
	f->node = n;
	f->base = r->nscratch;
	f->open = r->pos;
}

static void duplicate(struct rd *r, floe_node *key,
		      const floe_node *first)
{
	if (!r->held)
		r->held = floe_diags_new(r->lim->max_diags);
	floe_buf b = FLOE_BUF_INIT;
	floe_buf_puts(&b, where(r)); /* the map's frame is still open */
	floe_pointer_put(&b, key->text, key->len);
	floe_diag *g = floe_diag_add(r->held, FLOE_SEV_ERROR, "json/duplicate-key",
				     &key->span, b.ptr, "duplicate key '%s'",
				     floe_key_display(r->doc->arena, key->text,
						      key->len));
	floe_diag_note(r->held, g, &first->span, "first defined here");
	floe_buf_release(&b);
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

/* The n pairs kv become the map's, without the later of duplicate keys. */
static void finish_map(struct rd *r, floe_node *map, floe_node **kv, size_t n)
{
	size_t k = 0;
	bool small = n <= 8;
	floe_node **arr = floe_arena_alloc(r->doc->arena, (2 * n + 1) * sizeof(*arr));

	map->keys = arr;
	map->items = arr + n;
	if (!small)
		floe_keyset_reset(&r->keys, n);
	for (size_t i = 0; i < n; i++) {
		floe_node *key = kv[2 * i], *val = kv[2 * i + 1];
		long first = small ? earlier(map, k, key)
				   : floe_keyset_add(&r->keys, key->text, key->len, k);
		if (first >= 0) {
			duplicate(r, key, map->keys[first]);
			continue;
		}
		key->parent = val->parent = map;
		key->index = val->index = (uint32_t)k;
		map->keys[k] = key;
		map->items[k++] = val;
	}
	map->len = k;
	floe_map_index(r->doc->arena, map);
}

static void finish_seq(struct rd *r, floe_node *seq, floe_node **it, size_t n)
{
	seq->items = floe_arena_alloc(r->doc->arena, (n + 1) * sizeof(*it));
	for (size_t i = 0; i < n; i++) {
		it[i]->parent = seq;
		it[i]->index = (uint32_t)i;
		seq->items[i] = it[i];
	}
	seq->len = n;
}

/* The innermost collection ends at r->pos (its closing bracket). */
static floe_node *close_frame(struct rd *r)
{
	struct frame *f = &r->frames[r->nframes - 1];
	floe_node *n = f->node;
	size_t count = r->nscratch - f->base;

	r->pos++;
	span_end(r, n);
	if (n->kind == FLOE_NODE_MAP)
		finish_map(r, n, r->scratch + f->base, count / 2);
	else
		finish_seq(r, n, r->scratch + f->base, count);
	r->nscratch = f->base;
	r->nframes--;
	return n;
}

/* A key and its ':' in the innermost map, at r->pos (after white space). */
static bool read_key(struct rd *r)
{
	floe_node *key;
	if (r->s[r->pos] != '"') {
		expected(r, "a string key");
		return false;
	}
	if (!(key = string(r, true)))
		return false;
	push(r, key);
	skip_ws(r);
	if (r->s[r->pos] != ':') {
		expected(r, floe_arena_printf(floe_diags_arena(r->d),
					      "':' after the key '%s'",
					      floe_key_display(r->doc->arena, key->text,
							       key->len)));
		return false;
	}
	r->pos++;
	return true;
}

/* After ',' in the innermost collection: what must follow. */
static bool after_comma(struct rd *r, size_t comma)
{
	bool map = r->frames[r->nframes - 1].node->kind == FLOE_NODE_MAP;
	char close = map ? '}' : ']';

	skip_ws(r);
	if (r->s[r->pos] == close) {
		problem(r, "json/syntax", comma, comma + 1,
			"trailing comma before '%c'", close);
		return false;
	}
	return !map || read_key(r);
}

/*
 * Put a finished value in its place, then close what ends after it, up to
 * a ',' (and the next key).  False when reading is over (done or stopped).
 */
static bool place(struct rd *r, floe_node *v)
{
	for (;;) {
		skip_ws(r);
		if (r->nframes == 0) {
			if (r->pos < r->len) {
				expected(r, "the end of the file after the top-level value");
				return false;
			}
			r->doc->root = v;
			return false;
		}
		push(r, v);
		bool map = r->frames[r->nframes - 1].node->kind == FLOE_NODE_MAP;
		char c = r->s[r->pos];
		if (c == ',' && r->pos < r->len) {
			size_t comma = r->pos++;
			return after_comma(r, comma);
		}
		if (c != (map ? '}' : ']') || r->pos >= r->len) {
			expected(r, map ? "',' or '}' after an object member"
					: "',' or ']' after an array item");
			return false;
		}
		v = close_frame(r);
	}
}

/* value := object | array | string | number | true | false | null */
static void read_text(struct rd *r)
{
	while (!r->stop) {
		floe_node *v;
		skip_ws(r);
		char c = r->s[r->pos];
		if ((c == '{' || c == '[') && r->pos < r->len) {
			char close = c == '{' ? '}' : ']';
			if (r->nframes == r->lim->max_depth) {
				problem(r, "json/too-deep", r->pos, r->pos + 1,
					"nesting is deeper than %u levels",
					r->lim->max_depth);
				return;
			}
			if (!(v = new_node(r, c == '{' ? FLOE_NODE_MAP : FLOE_NODE_SEQ, 0)))
				return;
			open_frame(r, v);
			r->pos++;
			skip_ws(r);
			if (r->s[r->pos] != close || r->pos >= r->len) {
				if (c == '{' && !read_key(r))
					return;
				continue;
			}
			v = close_frame(r);
		} else if (r->pos >= r->len) {
			expected(r, "a value");
			return;
		} else if (!(v = scalar(r))) {
			return;
		}
		if (!place(r, v))
			return;
	}
}

static bool check_utf8(struct rd *r)
{
	size_t bad;
	if (floe_utf8_valid(r->s, r->len, &bad))
		return true;
	floe_span sp = floe_text_span(r->doc->src, bad);
	floe_diag_add(r->d, FLOE_SEV_ERROR, "json/invalid-utf8", &sp, NULL,
		      "invalid UTF-8 byte 0x%02x", (unsigned char)r->s[bad]);
	return false;
}

int floe_json_load(floe_doc *doc, floe_diags *d, const floe_limits *lim)
{
	floe_limits tmp;
	struct rd r = { .doc = doc, .d = d, .line = 1 };
	size_t errors = floe_diags_errors(d);

	r.lim = floe_limits_or_default(lim, &tmp);
	r.s = floe_source_text(doc->src, &r.len);
	if (!r.s)
		r.s = "";
	if (floe_doc_too_large(d, doc, r.len, r.lim) || !check_utf8(&r))
		return FLOE_EINVALID;
	if (r.len >= 3 && memcmp(r.s, "\xef\xbb\xbf", 3) == 0)
		r.pos = 3, r.cont = 2; /* a byte-order mark: allowed, one column */
	r.capscratch = 64; /* never NULL: an empty collection's items point here */
	r.scratch = floe_xmalloc(r.capscratch * sizeof(*r.scratch));
	read_text(&r);
	free(r.frames);
	free(r.scratch);
	floe_keyset_release(&r.keys);
	if (r.stop)
		doc->root = NULL;
	else if (r.held)
		floe_diags_take(d, r.held);
	floe_diags_free(r.held);
	return floe_diags_errors(d) > errors ? FLOE_EINVALID : 0;
}
