/*
 * unit.h: the in-house unit test runner.  A test file defines
 * `static void test_<module>__<case>(void)` functions and a main() that
 * calls RUN() for each, then returns unit_done("<module>").
 */
#ifndef FLOE_UNIT_H
#define FLOE_UNIT_H

#include <stdio.h>
#include <string.h>

static int unit_failed_checks, unit_tests, unit_failed_tests;

#define CHECK(cond)                                                          \
	do {                                                                 \
		if (!(cond)) {                                               \
			fprintf(stderr, "%s:%d: check failed: %s\n",         \
				__FILE__, __LINE__, #cond);                  \
			unit_failed_checks++;                                \
		}                                                            \
	} while (0)

#define CHECK_STR(got, want)                                                 \
	do {                                                                 \
		const char *g_ = (got), *w_ = (want);                        \
		if (!g_ || !w_ || strcmp(g_, w_) != 0) {                     \
			fprintf(stderr, "%s:%d: %s\n  got:  %s\n  want: %s\n", \
				__FILE__, __LINE__, #got, g_ ? g_ : "(null)", \
				w_ ? w_ : "(null)");                         \
			unit_failed_checks++;                                \
		}                                                            \
	} while (0)

#define CHECK_INT(got, want)                                                 \
	do {                                                                 \
		long long g_ = (long long)(got), w_ = (long long)(want);     \
		if (g_ != w_) {                                              \
			fprintf(stderr, "%s:%d: %s = %lld, want %lld\n",     \
				__FILE__, __LINE__, #got, g_, w_);           \
			unit_failed_checks++;                                \
		}                                                            \
	} while (0)

#define RUN(fn)                                                              \
	do {                                                                 \
		int before_ = unit_failed_checks;                            \
		unit_tests++;                                                \
		fn();                                                        \
		if (unit_failed_checks != before_) {                         \
			unit_failed_tests++;                                 \
			fprintf(stderr, "FAIL %s\n", #fn);                   \
		}                                                            \
	} while (0)

static inline int unit_done(const char *module)
{
	printf("unit %s: %d passed, %d failed\n", module,
	       unit_tests - unit_failed_tests, unit_failed_tests);
	return unit_failed_tests ? 1 : 0;
}

#endif
