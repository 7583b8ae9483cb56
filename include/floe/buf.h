/*
 * floe/buf.h: the growable byte buffer used for every string floe builds.
 *
 * Always NUL-terminated once anything was put in it; ptr is NULL for an
 * empty, never-written buffer (use floe_buf_cstr for a safe "").  Aborts on
 * out-of-memory, like the rest of libfloe (one allocator, one policy).
 */
#ifndef FLOE_BUF_H
#define FLOE_BUF_H

#include <stdarg.h>
#include <stddef.h>

typedef struct floe_buf {
	char *ptr;
	size_t len;
	size_t cap;
} floe_buf;

#define FLOE_BUF_INIT { NULL, 0, 0 }

void floe_buf_init(floe_buf *b);
void floe_buf_release(floe_buf *b);
void floe_buf_clear(floe_buf *b);          /* len = 0, keeps memory */
void floe_buf_grow(floe_buf *b, size_t extra);
void floe_buf_put(floe_buf *b, const void *data, size_t len);
void floe_buf_puts(floe_buf *b, const char *s);
void floe_buf_putc(floe_buf *b, char c);
void floe_buf_printf(floe_buf *b, const char *fmt, ...)
	__attribute__((format(printf, 2, 3)));
void floe_buf_vprintf(floe_buf *b, const char *fmt, va_list ap)
	__attribute__((format(printf, 2, 0)));
void floe_buf_truncate(floe_buf *b, size_t len);
/* Hand the string to the caller (free() it); the buffer is emptied. */
char *floe_buf_detach(floe_buf *b);
const char *floe_buf_cstr(const floe_buf *b);

/* `s` as a JSON string literal, quotes included (UTF-8 kept, controls escaped). */
void floe_buf_put_json_str(floe_buf *b, const char *s, size_t len);
/* `s` with & < > " ' escaped for XML text and attributes. */
void floe_buf_put_xml(floe_buf *b, const char *s, size_t len);

#endif
