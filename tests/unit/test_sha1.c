/*
 * test_sha1.c: floe_sha1_hex against FIPS 180 / RFC 3174 vectors, and the
 * padding edges (55, 56, 63, 64 bytes: one or two final blocks).  The
 * expected digests are those of Python's hashlib.sha1, not of floe.
 */
#include <string.h>
#include "unit.h"
#include "util/util.h"

static const char *sha(const char *s, size_t n)
{
	static char out[41];
	floe_sha1_hex(out, s, n);
	return out;
}

static void test_sha1__vectors(void)
{
	CHECK_STR(sha("", 0), "da39a3ee5e6b4b0d3255bfef95601890afd80709");
	CHECK_STR(sha("abc", 3), "a9993e364706816aba3e25717850c26c9cd0d89d");
	const char *two = "abcdbcdecdefdefgefghfghighijhijkijkljklmklmnlmnomnopnopq";
	CHECK_STR(sha(two, strlen(two)), "84983e441c3bd26ebaae4aa1f95129e5e54670f1");
}

static void test_sha1__padding(void)
{
	char a[200];
	memset(a, 'a', sizeof(a));
	CHECK_STR(sha(a, 55), "c1c8bbdc22796e28c0e15163d20899b65621d65a");
	CHECK_STR(sha(a, 56), "c2db330f6083854c99d4b5bfb6e8f29f201be699");
	CHECK_STR(sha(a, 63), "03f09f5b158a7a8cdad920bddc29b81c18a551f5");
	CHECK_STR(sha(a, 64), "0098ba824b5c16427bd7a1122a5a442a25ec644d");
	CHECK_STR(sha(a, 200), "e61cfffe0d9195a525fc6cf06ca2d77119c24a40");
}

int main(void)
{
	RUN(test_sha1__vectors);
	RUN(test_sha1__padding);
	return unit_done("sha1");
}
