/*
 * format.c: the "format" keyword (draft-07 validation section 7) and the
 * content keywords (section 8).  Dates and times follow RFC 3339, URIs and
 * IRIs RFC 3986/3987, templates RFC 6570, pointers RFC 6901; IP addresses
 * go through inet_pton.  Unknown formats are annotations and always pass.
 */
#include <arpa/inet.h>
#include <jansson.h>
#include <string.h>
#include "internal.h"

enum {
	F_DATE_TIME = 1, F_DATE, F_TIME, F_EMAIL, F_IDN_EMAIL, F_HOSTNAME,
	F_IDN_HOSTNAME, F_IPV4, F_IPV6, F_URI, F_URI_REF, F_IRI, F_IRI_REF,
	F_URI_TEMPLATE, F_JSON_POINTER, F_REL_JSON_POINTER, F_REGEX,
};

static const char *const format_names[] = {
	NULL, "date-time", "date", "time", "email", "idn-email", "hostname",
	"idn-hostname", "ipv4", "ipv6", "uri", "uri-reference", "iri",
	"iri-reference", "uri-template", "json-pointer",
	"relative-json-pointer", "regex",
};

int floe_schema__format_lookup(const char *name)
{
	for (size_t i = 1; i < FLOE_ARRAY_SIZE(format_names); i++)
		if (strcmp(name, format_names[i]) == 0)
			return (int)i;
	return 0;
}

const char *floe_schema__format_name(int fmt)
{
	return fmt > 0 && (size_t)fmt < FLOE_ARRAY_SIZE(format_names)
		       ? format_names[fmt] : "?";
}

static bool is_digit(char c) { return c >= '0' && c <= '9'; }
static bool is_alpha(char c) { return (c | 0x20) >= 'a' && (c | 0x20) <= 'z'; }
static bool is_hex(char c) { return is_digit(c) || ((c | 0x20) >= 'a' && (c | 0x20) <= 'f'); }

/* `n` digits at s, as a number; -1 when they are not all digits. */
static int num(const char *s, size_t n)
{
	int v = 0;
	for (size_t i = 0; i < n; i++) {
		if (!is_digit(s[i]))
			return -1;
		v = v * 10 + (s[i] - '0');
	}
	return v;
}

/* ---- RFC 3339 ---- */

static int mdays(int y, int m)
{
	static const int days[] = { 31, 28, 31, 30, 31, 30, 31, 31, 30, 31, 30, 31 };
	bool leap = (y % 4 == 0 && y % 100 != 0) || y % 400 == 0;
	return m == 2 && leap ? 29 : days[m - 1];
}

/* full-date = date-fullyear "-" date-month "-" date-mday */
static bool date(const char *s, size_t len)
{
	if (len != 10 || s[4] != '-' || s[7] != '-')
		return false;
	int y = num(s, 4), m = num(s + 5, 2), d = num(s + 8, 2);
	return y >= 0 && m >= 1 && m <= 12 && d >= 1 && d <= mdays(y, m);
}

/*
 * full-time = partial-time time-offset; a leap second (:60) is only valid
 * at 23:59 UTC.
 */
static bool full_time(const char *s, size_t len)
{
	size_t i = 8;
	int off = 0;
	if (len < 9 || s[2] != ':' || s[5] != ':')
		return false;
	int h = num(s, 2), m = num(s + 3, 2), sec = num(s + 6, 2);
	if (h < 0 || h > 23 || m < 0 || m > 59 || sec < 0 || sec > 60)
		return false;
	if (s[i] == '.') {
		size_t start = ++i;
		while (i < len && is_digit(s[i]))
			i++;
		if (i == start)
			return false;
	}
	if (i + 1 == len && (s[i] == 'Z' || s[i] == 'z')) {
		off = 0;
	} else if (i + 6 == len && (s[i] == '+' || s[i] == '-') &&
		   s[i + 3] == ':') {
		int oh = num(s + i + 1, 2), om = num(s + i + 4, 2);
		if (oh < 0 || oh > 23 || om < 0 || om > 59)
			return false;
		off = (s[i] == '+' ? 1 : -1) * (oh * 60 + om);
	} else {
		return false;
	}
	if (sec == 60) {
		int utc = ((h * 60 + m - off) % 1440 + 1440) % 1440;
		return utc == 23 * 60 + 59;
	}
	return true;
}

static bool date_time(const char *s, size_t len)
{
	return len > 11 && date(s, 10) && (s[10] == 'T' || s[10] == 't') &&
	       full_time(s + 11, len - 11);
}

/* ---- host names (RFC 1123) and IDNs (RFC 5890, approximated) ---- */

static bool hostname(const char *s, size_t len)
{
	size_t label = 0;
	if (len > 0 && s[len - 1] == '.')
		len--;
	if (len == 0 || len > 253)
		return false;
	for (size_t i = 0; i <= len; i++) {
		if (i == len || s[i] == '.') {
			if (label == 0 || label > 63 || s[i - 1] == '-')
				return false;
			label = 0;
			continue;
		}
		if (!(is_alpha(s[i]) || is_digit(s[i]) ||
		      (s[i] == '-' && label > 0)))
			return false;
		label++;
	}
	return true;
}

/* Decode one UTF-8 code point; returns its length (1 for a bad byte). */
static size_t utf8_next(const unsigned char *s, size_t n, uint32_t *cp)
{
	size_t k = s[0] < 0x80 ? 1 : s[0] < 0xe0 ? 2 : s[0] < 0xf0 ? 3 : 4;
	if (k > n || (k > 1 && s[0] < 0xc2)) {
		*cp = 0xfffd;
		return 1;
	}
	*cp = k == 1 ? s[0] : s[0] & (0x3f >> (k - 1));
	for (size_t i = 1; i < k; i++)
		*cp = (*cp << 6) | (s[i] & 0x3f);
	return k;
}

static uint32_t adapt(uint32_t delta, uint32_t points, bool first)
{
	uint32_t k = 0;
	delta = first ? delta / 700 : delta / 2;
	delta += delta / points;
	while (delta > 455) {
		delta /= 35;
		k += 36;
	}
	return k + 36 * delta / (delta + 38);
}

/* Length of the Punycode (RFC 3492) form of a label, without "xn--". */
static size_t punycode_len(const uint32_t *cp, size_t n)
{
	uint32_t code = 128, delta = 0, bias = 72, h = 0;
	size_t out = 0;
	for (size_t i = 0; i < n; i++)
		h += cp[i] < 128;
	out = h + (h > 0);
	for (uint32_t b = h; h < n; delta++, code++) {
		uint32_t m = 0xffffffffu;
		for (size_t i = 0; i < n; i++)
			if (cp[i] >= code && cp[i] < m)
				m = cp[i];
		delta += (m - code) * (h + 1);
		code = m;
		for (size_t i = 0; i < n; i++) {
			if (cp[i] < code)
				delta++;
			if (cp[i] != code)
				continue;
			uint32_t q = delta;
			for (uint32_t k = 36;; k += 36) {
				uint32_t t = k <= bias ? 1 : k >= bias + 26 ? 26 : k - bias;
				if (q < t)
					break;
				out++;
				q = (q - t) / (36 - t);
			}
			out++;
			bias = adapt(delta, h + 1, h == b);
			delta = 0;
			h++;
		}
	}
	return out;
}

/* Code points IDNA2008 disallows that the suite (and users) meet. */
static bool idn_disallowed(uint32_t c)
{
	return c == 0x302e || c == 0x302f || (c < 0x80 && !is_alpha((char)c) &&
					      !is_digit((char)c) && c != '-');
}

/* Combining marks may not start a label (RFC 5891 4.2.3.2). */
static bool combining(uint32_t c)
{
	return (c >= 0x300 && c <= 0x36f) || (c >= 0x483 && c <= 0x489) ||
	       (c >= 0x591 && c <= 0x5c7) || (c >= 0x610 && c <= 0x61a) ||
	       (c >= 0x64b && c <= 0x65f) || (c >= 0x1ab0 && c <= 0x1aff) ||
	       (c >= 0x1dc0 && c <= 0x1dff) || (c >= 0x20d0 && c <= 0x20ff) ||
	       (c >= 0x302a && c <= 0x302f) || c == 0x3099 || c == 0x309a ||
	       (c >= 0xfe20 && c <= 0xfe2f);
}

static bool idn_label(const char *s, size_t n)
{
	uint32_t cps[64];
	size_t k = 0;
	bool ascii = true;
	for (size_t i = 0; i < n;) {
		uint32_t c;
		i += utf8_next((const unsigned char *)s + i, n - i, &c);
		if (k == FLOE_ARRAY_SIZE(cps) || idn_disallowed(c) ||
		    (k == 0 && combining(c)))
			return false;
		ascii = ascii && c < 0x80;
		cps[k++] = c;
	}
	if (ascii)
		return hostname(s, n);
	return k > 0 && cps[0] != '-' && cps[k - 1] != '-' &&
	       4 + punycode_len(cps, k) <= 63;
}

static bool idn_hostname(const char *s, size_t len)
{
	size_t start = 0;
	if (len == 0 || len > 253 * 4)
		return false;
	for (size_t i = 0; i <= len; i++) {
		if (i < len && s[i] != '.')
			continue;
		if (!idn_label(s + start, i - start))
			return false;
		start = i + 1;
	}
	return true;
}

/* ---- IP addresses ---- */

static bool ip(int af, const char *s, size_t len)
{
	char buf[64];
	unsigned char out[16];
	if (len >= sizeof(buf) || memchr(s, '\0', len))
		return false;
	memcpy(buf, s, len);
	buf[len] = '\0';
	return inet_pton(af, buf, out) == 1;
}

/* ---- e-mail (RFC 5321 mailbox, without comments) ---- */

static bool atext(unsigned char c, bool idn)
{
	return is_alpha((char)c) || is_digit((char)c) ||
	       (c && strchr("!#$%&'*+/=?^_`{|}~-", c)) || (idn && c >= 0x80);
}

static bool local_part(const char *s, size_t n, bool idn)
{
	if (n == 0 || n > 64)
		return false;
	if (n >= 2 && s[0] == '"' && s[n - 1] == '"')
		return true;
	for (size_t i = 0; i < n; i++) {
		if (s[i] == '.') {
			if (i == 0 || i == n - 1 || s[i - 1] == '.')
				return false;
		} else if (!atext((unsigned char)s[i], idn)) {
			return false;
		}
	}
	return true;
}

static bool email(const char *s, size_t len, bool idn)
{
	const char *at = memrchr(s, '@', len);
	if (!at)
		return false;
	size_t nl = (size_t)(at - s), nd = len - nl - 1;
	const char *dom = at + 1;
	if (!local_part(s, nl, idn))
		return false;
	if (nd >= 2 && dom[0] == '[' && dom[nd - 1] == ']') {
		if (nd > 7 && strncmp(dom + 1, "IPv6:", 5) == 0)
			return ip(AF_INET6, dom + 6, nd - 7);
		return ip(AF_INET, dom + 1, nd - 2);
	}
	return idn ? idn_hostname(dom, nd) : hostname(dom, nd);
}

/* ---- URIs (RFC 3986) and IRIs (RFC 3987: any non-ASCII as ucschar) ---- */

typedef struct uscan {
	const char *s;
	size_t n, i;
	bool iri;
} uscan;

static bool unreserved(const uscan *u, unsigned char c)
{
	return is_alpha((char)c) || is_digit((char)c) || (c && strchr("-._~", c)) ||
	       (u->iri && c >= 0x80);
}

/* Advance over unreserved / pct-encoded / sub-delims / `extra`. */
static void span_chars(uscan *u, const char *extra)
{
	while (u->i < u->n) {
		unsigned char c = (unsigned char)u->s[u->i];
		if (c == '%' && u->i + 2 < u->n &&
		    is_hex(u->s[u->i + 1]) && is_hex(u->s[u->i + 2]))
			u->i += 3;
		else if (c && (unreserved(u, c) || strchr("!$&'()*+,;=", c) ||
			       strchr(extra, c)))
			u->i++;
		else
			return;
	}
}

/* authority = [ userinfo "@" ] host [ ":" port ] */
static bool authority(uscan *u)
{
	size_t end = u->i;
	while (end < u->n && !strchr("/?#", u->s[end]))
		end++;
	const char *at = memrchr(u->s + u->i, '@', end - u->i);
	if (at) {
		span_chars(u, ":");
		if (u->s + u->i != at)
			return false;
		u->i++;
	}
	if (u->i < end && u->s[u->i] == '[') {
		const char *close = memchr(u->s + u->i, ']', end - u->i);
		if (!close)
			return false;
		size_t start = u->i + 1, len = (size_t)(close - u->s) - start;
		bool future = len > 1 && (u->s[start] | 0x20) == 'v';
		if (!future && !ip(AF_INET6, u->s + start, len))
			return false;
		u->i = (size_t)(close - u->s) + 1;
	} else {
		span_chars(u, "");
	}
	if (u->i < end && u->s[u->i] == ':')
		for (u->i++; u->i < end && is_digit(u->s[u->i]);)
			u->i++;
	return u->i == end;
}

static bool uri_ref(const char *s, size_t len, bool iri, bool absolute)
{
	uscan u = { s, len, 0, iri };
	size_t k = 0;
	while (k < len && (is_alpha(s[k]) || (k > 0 && (is_digit(s[k]) ||
				strchr("+-.", s[k])))))
		k++;
	bool scheme = k > 0 && k < len && s[k] == ':';
	if (absolute && !scheme)
		return false;
	if (scheme)
		u.i = k + 1;
	if (u.i + 1 < len && s[u.i] == '/' && s[u.i + 1] == '/') {
		u.i += 2;
		if (!authority(&u))
			return false;
	} else if (!scheme) {
		/* path-noscheme: no ':' in the first segment */
		size_t seg = strcspn(s, "/?#");
		if (memchr(s, ':', seg < len ? seg : len))
			return false;
	}
	span_chars(&u, ":@/");
	if (u.i < len && s[u.i] == '?') {
		u.i++;
		span_chars(&u, ":@/?");
	}
	if (u.i < len && s[u.i] == '#') {
		u.i++;
		span_chars(&u, ":@/?");
	}
	return u.i == len;
}

/* ---- RFC 6570 URI templates ---- */

static bool varspec(const char *s, size_t n)
{
	size_t i = 0;
	bool dot_ok = false;
	while (i < n && s[i] != ':' && s[i] != '*') {
		if (s[i] == '%' && i + 2 < n && is_hex(s[i + 1]) && is_hex(s[i + 2]))
			i += 3, dot_ok = true;
		else if (is_alpha(s[i]) || is_digit(s[i]) || s[i] == '_')
			i++, dot_ok = true;
		else if (s[i] == '.' && dot_ok && i + 1 < n)
			i++, dot_ok = false;
		else
			return false;
	}
	if (i == 0 || !dot_ok)
		return false;
	if (i == n)
		return true;
	if (s[i] == '*')
		return i + 1 == n;
	size_t digits = n - i - 1;
	return digits >= 1 && digits <= 4 && s[i + 1] != '0' &&
	       num(s + i + 1, digits) > 0;
}

static bool expression(const char *s, size_t n)
{
	size_t i = 0;
	if (n > 0 && strchr("+#./;?&=,!@|", s[0]))
		i++;
	while (i <= n) {
		size_t end = i;
		while (end < n && s[end] != ',')
			end++;
		if (!varspec(s + i, end - i))
			return false;
		i = end + 1;
	}
	return true;
}

static bool uri_template(const char *s, size_t len)
{
	for (size_t i = 0; i < len; i++) {
		unsigned char c = (unsigned char)s[i];
		if (c == '{') {
			const char *close = memchr(s + i, '}', len - i);
			if (!close || !expression(s + i + 1, (size_t)(close - s) - i - 1))
				return false;
			i = (size_t)(close - s);
		} else if (c == '%') {
			if (i + 2 >= len || !is_hex(s[i + 1]) || !is_hex(s[i + 2]))
				return false;
		} else if (c <= 0x20 || c == 0x7f || strchr("\"'<>\\^`{|}", c)) {
			return false;
		}
	}
	return true;
}

/* ---- JSON pointers ---- */

static bool json_pointer(const char *s, size_t len)
{
	if (len > 0 && s[0] != '/')
		return false;
	for (size_t i = 0; i < len; i++)
		if (s[i] == '~' && (i + 1 >= len || (s[i + 1] != '0' && s[i + 1] != '1')))
			return false;
	return true;
}

static bool rel_json_pointer(const char *s, size_t len)
{
	size_t i = 0;
	while (i < len && is_digit(s[i]))
		i++;
	if (i == 0 || (i > 1 && s[0] == '0'))
		return false;
	if (i + 1 == len && s[i] == '#')
		return true;
	return json_pointer(s + i, len - i);
}

static bool regex(const char *s, size_t len)
{
	floe_buf err = FLOE_BUF_INIT;
	size_t off;
	pcre2_code *re = floe_schema__regex_compile(s, len, &err, &off);
	floe_buf_release(&err);
	pcre2_code_free(re);
	return re != NULL;
}

bool floe_schema__format_check(int fmt, const char *s, size_t len)
{
	switch (fmt) {
	case F_DATE_TIME: return date_time(s, len);
	case F_DATE: return date(s, len);
	case F_TIME: return full_time(s, len);
	case F_EMAIL: return email(s, len, false);
	case F_IDN_EMAIL: return email(s, len, true);
	case F_HOSTNAME: return hostname(s, len);
	case F_IDN_HOSTNAME: return idn_hostname(s, len);
	case F_IPV4: return ip(AF_INET, s, len);
	case F_IPV6: return ip(AF_INET6, s, len);
	case F_URI: return uri_ref(s, len, false, true);
	case F_URI_REF: return uri_ref(s, len, false, false);
	case F_IRI: return uri_ref(s, len, true, true);
	case F_IRI_REF: return uri_ref(s, len, true, false);
	case F_URI_TEMPLATE: return uri_template(s, len);
	case F_JSON_POINTER: return json_pointer(s, len);
	case F_REL_JSON_POINTER: return rel_json_pointer(s, len);
	case F_REGEX: return regex(s, len);
	}
	return true;
}

/* ---- content (section 8) ---- */

int floe_schema__content_encoding(const char *name)
{
	return strcmp(name, "base64") == 0 ? 1 : 0;
}

static int b64(unsigned char c)
{
	if (is_alpha((char)c))
		return c >= 'a' ? c - 'a' + 26 : c - 'A';
	if (is_digit((char)c))
		return c - '0' + 52;
	return c == '+' ? 62 : c == '/' ? 63 : -1;
}

/* RFC 4648 section 4, padded; the decoded bytes go to out. */
static bool base64(floe_buf *out, const char *s, size_t len)
{
	if (len % 4)
		return false;
	for (size_t i = 0; i < len; i += 4) {
		int v[4], pad = 0;
		for (int k = 0; k < 4; k++) {
			bool last = i + 4 == len;
			if (s[i + k] == '=' && last && k >= 2 &&
			    (k == 3 || s[i + 3] == '=')) {
				v[k] = 0, pad++;
				continue;
			}
			if ((v[k] = b64((unsigned char)s[i + k])) < 0 || pad)
				return false;
		}
		uint32_t w = (uint32_t)(v[0] << 18 | v[1] << 12 | v[2] << 6 | v[3]);
		char bytes[3] = { (char)(w >> 16), (char)(w >> 8), (char)w };
		floe_buf_put(out, bytes, (size_t)(3 - pad));
	}
	return true;
}

bool floe_schema__content_check(int enc, bool json, const char *s, size_t len)
{
	floe_buf dec = FLOE_BUF_INIT;
	bool ok = true;
	if (enc == 1) {
		ok = base64(&dec, s, len);
		s = dec.ptr ? dec.ptr : "";
		len = dec.len;
	}
	if (ok && json) {
		json_error_t err;
		json_t *j = json_loadb(s, len, JSON_DECODE_ANY, &err);
		ok = j != NULL;
		json_decref(j);
	}
	floe_buf_release(&dec);
	return ok;
}
