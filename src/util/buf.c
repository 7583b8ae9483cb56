/*
 * buf.c: the growable byte buffer (floe/buf.h) and its escaping writers for
 * JSON and XML.  Output-language escaping for generated files (YAML, SQL,
 * env) lives in src/emit, next to the templates that use it.
 */
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include "util.h"

void floe_buf_init(floe_buf *b)
{
	b->ptr = NULL;
	b->len = b->cap = 0;
}

void floe_buf_release(floe_buf *b)
{
	free(b->ptr);
	floe_buf_init(b);
}

void floe_buf_clear(floe_buf *b)
{
	b->len = 0;
	if (b->ptr)
		b->ptr[0] = '\0';
}

void floe_buf_grow(floe_buf *b, size_t extra)
{
	size_t need = b->len + extra + 1;
	if (need <= b->cap)
		return;
	size_t cap = b->cap ? b->cap : 64;
	while (cap < need)
		cap *= 2;
	b->ptr = floe_xrealloc(b->ptr, cap);
	b->cap = cap;
}

void floe_buf_put(floe_buf *b, const void *data, size_t len)
{
	floe_buf_grow(b, len);
	if (len)
		memcpy(b->ptr + b->len, data, len);
	b->len += len;
	b->ptr[b->len] = '\0';
}

void floe_buf_puts(floe_buf *b, const char *s)
{
	floe_buf_put(b, s, strlen(s));
}

void floe_buf_putc(floe_buf *b, char c)
{
	floe_buf_grow(b, 1);
	b->ptr[b->len++] = c;
	b->ptr[b->len] = '\0';
}

void floe_buf_vprintf(floe_buf *b, const char *fmt, va_list ap)
{
	va_list cp;
	va_copy(cp, ap);
	int n = vsnprintf(NULL, 0, fmt, cp);
	va_end(cp);
	if (n <= 0)
		return;
	floe_buf_grow(b, (size_t)n);
	vsnprintf(b->ptr + b->len, (size_t)n + 1, fmt, ap);
	b->len += (size_t)n;
}

void floe_buf_printf(floe_buf *b, const char *fmt, ...)
{
	va_list ap;
	va_start(ap, fmt);
	floe_buf_vprintf(b, fmt, ap);
	va_end(ap);
}

void floe_buf_truncate(floe_buf *b, size_t len)
{
	if (len < b->len) {
		b->len = len;
		b->ptr[len] = '\0';
	}
}

char *floe_buf_detach(floe_buf *b)
{
	char *p = b->ptr ? b->ptr : floe_xstrdup("");
	floe_buf_init(b);
	return p;
}

const char *floe_buf_cstr(const floe_buf *b)
{
	return b->ptr ? b->ptr : "";
}

void floe_buf_put_json_str(floe_buf *b, const char *s, size_t len)
{
	static const char hex[] = "0123456789abcdef";
	floe_buf_putc(b, '"');
	for (size_t i = 0; i < len; i++) {
		unsigned char c = (unsigned char)s[i];
		switch (c) {
		case '"': floe_buf_put(b, "\\\"", 2); break;
		case '\\': floe_buf_put(b, "\\\\", 2); break;
		case '\n': floe_buf_put(b, "\\n", 2); break;
		case '\r': floe_buf_put(b, "\\r", 2); break;
		case '\t': floe_buf_put(b, "\\t", 2); break;
		case '\b': floe_buf_put(b, "\\b", 2); break;
		case '\f': floe_buf_put(b, "\\f", 2); break;
		default:
			if (c < 0x20 || c == 0x7f) {
				char e[6] = { '\\', 'u', '0', '0', hex[c >> 4], hex[c & 15] };
				floe_buf_put(b, e, 6);
			} else {
				floe_buf_putc(b, (char)c);
			}
		}
	}
	floe_buf_putc(b, '"');
}

void floe_buf_put_xml(floe_buf *b, const char *s, size_t len)
{
	for (size_t i = 0; i < len; i++) {
		unsigned char c = (unsigned char)s[i];
		switch (c) {
		case '&': floe_buf_puts(b, "&amp;"); break;
		case '<': floe_buf_puts(b, "&lt;"); break;
		case '>': floe_buf_puts(b, "&gt;"); break;
		case '"': floe_buf_puts(b, "&quot;"); break;
		case '\'': floe_buf_puts(b, "&apos;"); break;
		default:
			/* XML 1.0 forbids most control characters, even escaped */
			if (c < 0x20 && c != '\n' && c != '\t' && c != '\r')
				floe_buf_printf(b, "\\x%02x", c);
			else
				floe_buf_putc(b, (char)c);
		}
	}
}
