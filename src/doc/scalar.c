/*
 * scalar.c: the YAML 1.2 core schema (spec 10.3.2) for plain scalars, used
 * by the YAML loader and by the as_* reads of quoted strings.  YAML 1.1
 * guesses (yes, on, 0777, 1_000, sexagesimals) are strings here on purpose.
 */
#include <math.h>
#include <stdlib.h>
#include <string.h>
#include "internal.h"

static bool one_of(const char *s, size_t len, const char *const *words)
{
	for (; *words; words++)
		if (strlen(*words) == len && memcmp(s, *words, len) == 0)
			return true;
	return false;
}

static bool all_digits(const char *s, size_t len, int base)
{
	if (len == 0)
		return false;
	for (size_t i = 0; i < len; i++) {
		char c = s[i];
		bool ok = base == 8    ? c >= '0' && c <= '7'
			  : base == 10 ? c >= '0' && c <= '9'
				       : (c >= '0' && c <= '9') ||
					 (c >= 'a' && c <= 'f') ||
					 (c >= 'A' && c <= 'F');
		if (!ok)
			return false;
	}
	return true;
}

static int digit_value(char c)
{
	if (c >= '0' && c <= '9')
		return c - '0';
	return (c | 0x20) - 'a' + 10;
}

/* Unsigned digits in `base`; past int64 the node becomes a BIGINT. */
static void set_int(floe_node *n, const char *s, size_t len, int base, bool neg)
{
	uint64_t v = 0, limit = neg ? (uint64_t)1 << 63 : ((uint64_t)1 << 63) - 1;
	double d = 0;
	bool big = false;

	for (size_t i = 0; i < len; i++) {
		unsigned dv = (unsigned)digit_value(s[i]);
		d = d * base + dv;
		if (!big && (v > (limit - dv) / (unsigned)base))
			big = true;
		if (!big)
			v = v * (unsigned)base + dv;
	}
	n->kind = FLOE_NODE_INT;
	if (big) {
		/* strtod rounds decimal text exactly; the loop's sum may not */
		if (base == 10)
			d = strtod(s, NULL);
		n->flags |= FLOE_NODE_BIGINT;
		n->v.d = neg ? -d : d;
	} else {
		n->v.i = neg ? (int64_t)(0 - v) : (int64_t)v;
	}
}

static bool resolve_int(floe_node *n, const char *s, size_t len)
{
	bool neg = false;

	if (len > 2 && s[0] == '0' && (s[1] == 'o' || s[1] == 'x')) {
		int base = s[1] == 'o' ? 8 : 16;
		if (!all_digits(s + 2, len - 2, base))
			return false;
		set_int(n, s + 2, len - 2, base, false);
		return true;
	}
	if (len > 0 && (s[0] == '-' || s[0] == '+')) {
		neg = s[0] == '-';
		s++, len--;
	}
	if (!all_digits(s, len, 10))
		return false;
	set_int(n, s, len, 10, neg);
	return true;
}

/* [-+]? ( \. [0-9]+ | [0-9]+ ( \. [0-9]* )? ) ( [eE] [-+]? [0-9]+ )? */
static bool float_syntax(const char *s, size_t len)
{
	size_t i = 0, lead = 0, frac = 0;

	if (i < len && (s[i] == '-' || s[i] == '+'))
		i++;
	while (i < len && s[i] >= '0' && s[i] <= '9')
		i++, lead++;
	if (i < len && s[i] == '.') {
		i++;
		while (i < len && s[i] >= '0' && s[i] <= '9')
			i++, frac++;
	}
	if (lead == 0 && frac == 0)
		return false;
	if (i < len && (s[i] == 'e' || s[i] == 'E')) {
		size_t exp = 0;
		i++;
		if (i < len && (s[i] == '-' || s[i] == '+'))
			i++;
		while (i < len && s[i] >= '0' && s[i] <= '9')
			i++, exp++;
		if (exp == 0)
			return false;
	}
	return i == len;
}

static bool resolve_float(floe_node *n, const char *s, size_t len)
{
	static const char *const inf[] = { ".inf", ".Inf", ".INF", NULL };
	static const char *const nan[] = { ".nan", ".NaN", ".NAN", NULL };
	size_t sign = len > 0 && (s[0] == '-' || s[0] == '+');

	if (one_of(s + sign, len - sign, inf)) {
		n->v.d = s[0] == '-' ? -INFINITY : INFINITY;
	} else if (one_of(s, len, nan)) {
		n->v.d = NAN;
	} else if (float_syntax(s, len) && strlen(s) == len) {
		n->v.d = strtod(s, NULL);
	} else {
		return false;
	}
	n->kind = FLOE_NODE_FLOAT;
	return true;
}

void floe_scalar_resolve(floe_node *n, const char *text, size_t len)
{
	static const char *const nulls[] = { "~", "null", "Null", "NULL", NULL };
	static const char *const trues[] = { "true", "True", "TRUE", NULL };
	static const char *const falses[] = { "false", "False", "FALSE", NULL };

	n->flags &= (uint8_t)~FLOE_NODE_BIGINT;
	if (len == 0 || one_of(text, len, nulls)) {
		n->kind = FLOE_NODE_NULL;
	} else if (one_of(text, len, trues) || one_of(text, len, falses)) {
		n->kind = FLOE_NODE_BOOL;
		n->v.b = text[0] == 't' || text[0] == 'T';
	} else if (!resolve_int(n, text, len) &&
		   !resolve_float(n, text, len)) {
		n->kind = FLOE_NODE_STRING;
	}
}

bool floe_scalar_parse(floe_node *n, floe_node_kind kind, const char *text,
		       size_t len)
{
	if (kind == FLOE_NODE_STRING) {
		n->kind = FLOE_NODE_STRING;
		return true;
	}
	floe_scalar_resolve(n, text, len);
	if (kind == FLOE_NODE_FLOAT && n->kind == FLOE_NODE_INT) {
		if (!(n->flags & FLOE_NODE_BIGINT))
			n->v.d = (double)n->v.i;
		n->flags &= (uint8_t)~FLOE_NODE_BIGINT;
		n->kind = FLOE_NODE_FLOAT;
	}
	return n->kind == kind;
}
