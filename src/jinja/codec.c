/*
 * codec.c: values to JSON as Python's json.dumps writes them (", " and
 * ": " separators, ensure_ascii, NaN and Infinity, optional sort_keys and
 * indent), and MD5 (RFC 1321) for dbt's local_md5: libsodium has none.
 */
#include <string.h>
#include "jinja_int.h"

static void json_str(floe_buf *b, const char *s, size_t n)
{
	floe_buf_putc(b, '"');
	for (size_t i = 0; i < n;) {
		unsigned char c = (unsigned char)s[i];
		if (c >= 0x80) {
			/* decode one UTF-8 code point; ensure_ascii escapes it */
			unsigned long cp = 0;
			size_t k = c >= 0xF0 ? 4 : c >= 0xE0 ? 3 : c >= 0xC0 ? 2 : 1;
			cp = k == 1 ? c : c & (0xFF >> (k + 1));
			for (size_t j = 1; j < k && i + j < n; j++)
				cp = (cp << 6) | ((unsigned char)s[i + j] & 0x3F);
			if (cp >= 0x10000) {
				cp -= 0x10000;
				floe_buf_printf(b, "\\u%04lx\\u%04lx", 0xD800 + (cp >> 10),
						0xDC00 + (cp & 0x3FF));
			} else {
				floe_buf_printf(b, "\\u%04lx", cp);
			}
			i += k;
			continue;
		}
		switch (c) {
		case '"': floe_buf_puts(b, "\\\""); break;
		case '\\': floe_buf_puts(b, "\\\\"); break;
		case '\n': floe_buf_puts(b, "\\n"); break;
		case '\r': floe_buf_puts(b, "\\r"); break;
		case '\t': floe_buf_puts(b, "\\t"); break;
		case '\b': floe_buf_puts(b, "\\b"); break;
		case '\f': floe_buf_puts(b, "\\f"); break;
		default:
			if (c < 0x20)
				floe_buf_printf(b, "\\u%04x", c);
			else
				floe_buf_putc(b, (char)c);
		}
		i++;
	}
	floe_buf_putc(b, '"');
}

static void newline(floe_buf *b, int indent, int depth)
{
	floe_buf_putc(b, '\n');
	for (int k = 0; k < indent * depth; k++)
		floe_buf_putc(b, ' ');
}

static int dump(floe_jinja_rt *rt, const floe_jval *v, int indent, bool sort,
		floe_buf *b, int depth)
{
	if (depth > 100)
		return floe_jinja_fail(rt, "jinja/too-deep", "value nested too deeply for JSON");
	if (b->len > rt->env->lim.max_output)
		return floe_jinja_fail(rt, "jinja/too-big", "JSON exceeds %zu bytes",
				       rt->env->lim.max_output);
	switch (v->k) {
	case FLOE_JV_NONE: case FLOE_JV_UNDEF: floe_buf_puts(b, "null"); return 0;
	case FLOE_JV_BOOL: floe_buf_puts(b, v->u.b ? "true" : "false"); return 0;
	case FLOE_JV_INT: floe_buf_printf(b, "%lld", (long long)v->u.i); return 0;
	case FLOE_JV_FLOAT:
		if (v->u.f != v->u.f)
			floe_buf_puts(b, "NaN");
		else if (v->u.f > 1.7976931348623157e308 || v->u.f < -1.7976931348623157e308)
			floe_buf_puts(b, v->u.f > 0 ? "Infinity" : "-Infinity");
		else
			floe_jinja__put_float(b, v->u.f);
		return 0;
	case FLOE_JV_STR: json_str(b, v->u.str.s, v->u.str.len); return 0;
	case FLOE_JV_LIST:
		floe_buf_putc(b, '[');
		for (size_t i = 0; i < v->u.list->len; i++) {
			if (i)
				floe_buf_puts(b, indent >= 0 ? "," : ", ");
			if (indent >= 0)
				newline(b, indent, depth + 1);
			if (dump(rt, &v->u.list->items[i], indent, sort, b, depth + 1) < 0)
				return RC_ERR;
		}
		if (indent >= 0 && v->u.list->len)
			newline(b, indent, depth);
		floe_buf_putc(b, ']');
		return 0;
	case FLOE_JV_DICT: case FLOE_JV_NS: {
		const floe_jdict *d = v->u.dict;
		size_t *order = floe_jinja__key_order(rt, d, sort);
		if (!order)
			return RC_ERR;
		floe_buf_putc(b, '{');
		for (size_t i = 0; i < d->len; i++) {
			const floe_jval *k = &d->keys[order[i]];
			if (i)
				floe_buf_puts(b, indent >= 0 ? "," : ", ");
			if (indent >= 0)
				newline(b, indent, depth + 1);
			if (k->k == FLOE_JV_STR) {
				json_str(b, k->u.str.s, k->u.str.len);
			} else {
				floe_buf s = FLOE_BUF_INIT;
				if (k->k == FLOE_JV_NONE)
					floe_buf_puts(&s, "null");
				else if (k->k == FLOE_JV_BOOL)
					floe_buf_puts(&s, k->u.b ? "true" : "false");
				else
					floe_jv_str_put(&s, k);
				json_str(b, floe_buf_cstr(&s), s.len);
				floe_buf_release(&s);
			}
			floe_buf_puts(b, ": ");
			if (dump(rt, &d->vals[order[i]], indent, sort, b, depth + 1) < 0)
				return RC_ERR;
		}
		if (indent >= 0 && d->len)
			newline(b, indent, depth);
		floe_buf_putc(b, '}');
		return 0;
	}
	default:
		return floe_jinja_fail(rt, "jinja/type", "Object of type %s is not JSON serializable",
				       floe_jv_kind_name(v));
	}
}

int floe_jinja__tojson(floe_jinja_rt *rt, const floe_jval *v, int indent,
		       bool sort, floe_buf *out)
{
	return dump(rt, v, indent, sort, out, 0);
}

/* ---- MD5 (RFC 1321) ---- */

static const uint32_t K[64] = {
	0xd76aa478, 0xe8c7b756, 0x242070db, 0xc1bdceee, 0xf57c0faf, 0x4787c62a,
	0xa8304613, 0xfd469501, 0x698098d8, 0x8b44f7af, 0xffff5bb1, 0x895cd7be,
	0x6b901122, 0xfd987193, 0xa679438e, 0x49b40821, 0xf61e2562, 0xc040b340,
	0x265e5a51, 0xe9b6c7aa, 0xd62f105d, 0x02441453, 0xd8a1e681, 0xe7d3fbc8,
	0x21e1cde6, 0xc33707d6, 0xf4d50d87, 0x455a14ed, 0xa9e3e905, 0xfcefa3f8,
	0x676f02d9, 0x8d2a4c8a, 0xfffa3942, 0x8771f681, 0x6d9d6122, 0xfde5380c,
	0xa4beea44, 0x4bdecfa9, 0xf6bb4b60, 0xbebfbc70, 0x289b7ec6, 0xeaa127fa,
	0xd4ef3085, 0x04881d05, 0xd9d4d039, 0xe6db99e5, 0x1fa27cf8, 0xc4ac5665,
	0xf4292244, 0x432aff97, 0xab9423a7, 0xfc93a039, 0x655b59c3, 0x8f0ccc92,
	0xffeff47d, 0x85845dd1, 0x6fa87e4f, 0xfe2ce6e0, 0xa3014314, 0x4e0811a1,
	0xf7537e82, 0xbd3af235, 0x2ad7d2bb, 0xeb86d391,
};
static const uint8_t R[64] = {
	7, 12, 17, 22, 7, 12, 17, 22, 7, 12, 17, 22, 7, 12, 17, 22,
	5, 9, 14, 20, 5, 9, 14, 20, 5, 9, 14, 20, 5, 9, 14, 20,
	4, 11, 16, 23, 4, 11, 16, 23, 4, 11, 16, 23, 4, 11, 16, 23,
	6, 10, 15, 21, 6, 10, 15, 21, 6, 10, 15, 21, 6, 10, 15, 21,
};

static void md5_block(uint32_t h[4], const uint8_t *p)
{
	uint32_t w[16], a = h[0], b = h[1], c = h[2], d = h[3];
	for (int i = 0; i < 16; i++)
		w[i] = (uint32_t)p[i * 4] | (uint32_t)p[i * 4 + 1] << 8 |
		       (uint32_t)p[i * 4 + 2] << 16 | (uint32_t)p[i * 4 + 3] << 24;
	for (int i = 0; i < 64; i++) {
		uint32_t f, g;
		if (i < 16) f = (b & c) | (~b & d), g = (uint32_t)i;
		else if (i < 32) f = (d & b) | (~d & c), g = (uint32_t)(5 * i + 1) % 16;
		else if (i < 48) f = b ^ c ^ d, g = (uint32_t)(3 * i + 5) % 16;
		else f = c ^ (b | ~d), g = (uint32_t)(7 * i) % 16;
		uint32_t t = d;
		d = c;
		c = b;
		uint32_t x = a + f + K[i] + w[g];
		b = b + ((x << R[i]) | (x >> (32 - R[i])));
		a = t;
	}
	h[0] += a, h[1] += b, h[2] += c, h[3] += d;
}

void floe_jinja__md5_hex(const void *data, size_t len, char out[33])
{
	uint32_t h[4] = { 0x67452301, 0xefcdab89, 0x98badcfe, 0x10325476 };
	const uint8_t *p = data;
	size_t i = 0;
	for (; i + 64 <= len; i += 64)
		md5_block(h, p + i);
	uint8_t tail[128] = { 0 };
	size_t rest = len - i;
	memcpy(tail, p + i, rest);
	tail[rest] = 0x80;
	size_t tl = rest + 1 + 8 <= 64 ? 64 : 128;
	uint64_t bits = (uint64_t)len * 8;
	for (int k = 0; k < 8; k++)
		tail[tl - 8 + k] = (uint8_t)(bits >> (8 * k));
	md5_block(h, tail);
	if (tl == 128)
		md5_block(h, tail + 64);
	static const char hex[] = "0123456789abcdef";
	for (int k = 0; k < 16; k++) {
		uint8_t byte = (uint8_t)(h[k / 4] >> (8 * (k % 4)));
		out[k * 2] = hex[byte >> 4];
		out[k * 2 + 1] = hex[byte & 15];
	}
	out[32] = '\0';
}

size_t *floe_jinja__key_order(floe_jinja_rt *rt, const floe_jdict *d, bool sort)
{
	size_t *order = floe_arena_alloc(rt->a, (d->len + 1) * sizeof(*order));
	for (size_t i = 0; i < d->len; i++)
		order[i] = i;
	for (size_t i = 1; sort && i < d->len; i++)
		for (size_t j = i; j > 0; j--) {
			int c = 0;
			if (floe_jinja__cmp(rt, &d->keys[order[j - 1]], &d->keys[order[j]], &c) < 0)
				return NULL;
			if (c <= 0)
				break;
			size_t t = order[j];
			order[j] = order[j - 1];
			order[j - 1] = t;
		}
	return order;
}
