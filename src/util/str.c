/*
 * str.c: string comparisons, "did you mean" suggestions (bounded
 * Levenshtein distance) and UTF-8 counting.
 */
#include <string.h>
#include <strings.h>
#include "util.h"

bool floe_str_eq(const char *a, const char *b)
{
	if (!a || !b)
		return a == b;
	return strcmp(a, b) == 0;
}

bool floe_str_startswith(const char *s, const char *prefix)
{
	return strncmp(s, prefix, strlen(prefix)) == 0;
}

bool floe_str_endswith(const char *s, const char *suffix)
{
	size_t n = strlen(s), m = strlen(suffix);
	return n >= m && memcmp(s + n - m, suffix, m) == 0;
}

/* Levenshtein distance, bounded: returns max+1 when over `max`. */
static size_t str_distance(const char *a, const char *b, size_t max)
{
	size_t n = strlen(a), m = strlen(b);
	if ((n > m ? n - m : m - n) > max)
		return max + 1;
	if (m > 256)
		return max + 1;
	size_t row[257];
	for (size_t j = 0; j <= m; j++)
		row[j] = j;
	for (size_t i = 1; i <= n; i++) {
		size_t diag = row[0], best;
		row[0] = i;
		best = row[0];
		for (size_t j = 1; j <= m; j++) {
			size_t up = row[j];
			size_t cost = a[i - 1] == b[j - 1] ? 0 : 1;
			size_t v = diag + cost;
			if (up + 1 < v)
				v = up + 1;
			if (row[j - 1] + 1 < v)
				v = row[j - 1] + 1;
			row[j] = v;
			diag = up;
			if (v < best)
				best = v;
		}
		if (best > max)
			return max + 1;
	}
	return row[m] > max ? max + 1 : row[m];
}

const char *floe_str_suggest(const char *word, const char *const *cands,
			     size_t n)
{
	size_t len = strlen(word);
	size_t max = len / 3 > 1 ? len / 3 : 1;
	const char *best = NULL;
	size_t best_d = max + 1;

	for (size_t i = 0; i < n; i++) {
		size_t d = str_distance(word, cands[i], max);
		/* a case-only difference is always worth suggesting */
		if (d > 0 && strcasecmp(word, cands[i]) == 0)
			d = 1;
		if (d < best_d) {
			best_d = d;
			best = cands[i];
		}
	}
	return best_d <= max ? best : NULL;
}

void floe_buf_put_list(floe_buf *b, const char *const *items, size_t n)
{
	for (size_t i = 0; i < n; i++) {
		if (i)
			floe_buf_puts(b, ", ");
		floe_buf_puts(b, items[i]);
	}
}

/* Length of the UTF-8 sequence at s (1..4), or 0 when invalid. */
static size_t utf8_seq(const unsigned char *s, size_t n)
{
	unsigned char c = s[0];
	size_t len;
	uint32_t cp;

	if (c < 0x80)
		return 1;
	if (c >= 0xc2 && c <= 0xdf)
		len = 2, cp = c & 0x1f;
	else if (c >= 0xe0 && c <= 0xef)
		len = 3, cp = c & 0x0f;
	else if (c >= 0xf0 && c <= 0xf4)
		len = 4, cp = c & 0x07;
	else
		return 0;
	if (len > n)
		return 0;
	for (size_t i = 1; i < len; i++) {
		if ((s[i] & 0xc0) != 0x80)
			return 0;
		cp = (cp << 6) | (s[i] & 0x3f);
	}
	if ((len == 3 && cp < 0x800) || (len == 4 && cp < 0x10000) ||
	    cp > 0x10ffff || (cp >= 0xd800 && cp <= 0xdfff))
		return 0;
	return len;
}

bool floe_utf8_valid(const char *s, size_t n, size_t *bad)
{
	const unsigned char *u = (const unsigned char *)s;
	for (size_t i = 0; i < n;) {
		uint64_t w;
		/* ASCII eight bytes at a time */
		while (i + 8 <= n && (memcpy(&w, u + i, 8), !(w & 0x8080808080808080ull)))
			i += 8;
		if (i == n)
			break;
		size_t l = utf8_seq(u + i, n - i);
		if (!l) {
			if (bad)
				*bad = i;
			return false;
		}
		i += l;
	}
	return true;
}

size_t floe_utf8_count(const char *s, size_t n)
{
	size_t count = 0;
	const unsigned char *u = (const unsigned char *)s;
	for (size_t i = 0; i < n; count++) {
		size_t l = utf8_seq(u + i, n - i);
		i += l ? l : 1;
	}
	return count;
}

size_t floe_utf8_offset(const char *s, size_t n, size_t cp)
{
	const unsigned char *u = (const unsigned char *)s;
	size_t i = 0;
	while (i < n && cp > 0) {
		size_t l = utf8_seq(u + i, n - i);
		i += l ? l : 1;
		cp--;
	}
	return i > n ? n : i;
}
