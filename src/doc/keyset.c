/*
 * keyset.c: the escaped form of a key for messages.  (The key set itself
 * is src/util/keyset.c.)
 */
#include <stdlib.h>
#include <string.h>
#include "internal.h"

const char *floe_key_display(floe_arena *a, const char *s, size_t len)
{
	floe_buf b = FLOE_BUF_INIT;
	size_t max = len > 64 ? 60 : len;

	floe_buf_put(&b, "", 0);
	for (size_t i = 0; i < max; i++) {
		unsigned char c = (unsigned char)s[i];
		if (c == '\n')
			floe_buf_puts(&b, "\\n");
		else if (c == '\t')
			floe_buf_puts(&b, "\\t");
		else if (c < 0x20 || c == 0x7f)
			floe_buf_printf(&b, "\\x%02x", c);
		else
			floe_buf_putc(&b, (char)c);
	}
	if (max < len) {
		/* do not cut a UTF-8 sequence in half */
		while (b.len > 0 && ((unsigned char)b.ptr[b.len - 1] & 0xc0) == 0x80)
			b.len--;
		if (b.len > 0 && (unsigned char)b.ptr[b.len - 1] >= 0xc0)
			b.len--;
		floe_buf_puts(&b, "...");
	}
	char *out = floe_arena_strndup(a, b.ptr, b.len);
	floe_buf_release(&b);
	return out;
}
