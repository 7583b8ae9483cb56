/*
 * num.c: the few real-number functions floe needs, so that the floe
 * command does not link libm.  Loading libm.so is a fifth of what a
 * `floe validate` costs beyond the process itself (measured on the project's
 * 2-core VM: a program linked with -lm starts 0.32 ms slower than the same
 * program without, and floe validate takes 4.2 ms), and floe used four
 * functions of it.  glibc's libm.a cannot be linked into a dynamic program
 * (its ifunc resolvers need ld.so internals), so these stand in: floor is
 * exact, the distance to the nearest integer is exact, and log2 (the
 * credential scanner's entropy) is within 4 ulp and exact on powers of two.
 */
#include <math.h>
#include "util.h"

#define TWO52 4503599627370496.0 /* from 2^52 on, every double is an integer */

double floe_floor(double x)
{
	if (!(fabs(x) < TWO52))
		return x; /* integral already, infinite or NaN */
	double t = (double)(int64_t)x; /* truncated toward zero, exact */
	return t > x ? t - 1 : t == x ? x : t; /* x keeps the sign of -0.0 */
}

double floe_int_distance(double x)
{
	double d = fabs(x);
	if (!(d < TWO52))
		return isnan(x) ? x : 0;
	double f = d - floe_floor(d); /* exact (Sterbenz when d >= 1): 0 <= f < 1 */
	return f < 0.5 ? f : 1 - f;
}

double floe_log2(double x)
{
	int e;

	if (!(x > 0) || isinf(x))
		return x == 0 ? -INFINITY : x > 0 ? x : NAN;
	double m = frexp(x, &e); /* x = m * 2^e, 0.5 <= m < 1; in libc, not libm */
	if (m < M_SQRT1_2) {
		m *= 2;
		e--;
	}
	/* ln m = 2 atanh(s) = 2 (s + s^3/3 + s^5/5 + ...), |s| <= 0.1716:
	 * the terms past s^23 are below 2^-60 of the sum */
	double s = (m - 1) / (m + 1), s2 = s * s, sum = 0;
	for (int k = 23; k >= 3; k -= 2)
		sum = (sum + 1.0 / k) * s2;
	double ln = 2 * s * (1 + sum);
	return e + ln * M_LOG2E;
}
