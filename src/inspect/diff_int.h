/*
 * diff_int.h: what diff.c, diff_render.c and diff_secrets.c share: the
 * diff itself and the fingerprints of one environment's secrets, one per
 * model secret, in the model's order.
 */
#ifndef FLOE_INSPECT_DIFF_INT_H
#define FLOE_INSPECT_DIFF_INT_H

#include "inspect/explain_int.h"

struct fp {
	const floe_msecret *s;
	char hex[33];          /* BLAKE2b-128, lower-case hex */
	const char *source;    /* "environment variable", "file", "sealed file" */
};

struct fpset {
	struct fp *fps;
	size_t len;
};

/* A production secret with the value of a development one. */
struct warn {
	const struct fp *prod, *dev;
	bool prod_is_a;
};

struct floe_diff {
	floe_model *a, *b;
	bool fingerprints;
	struct fpset fa, fb;       /* with fingerprints: one per model secret */
	floe_diff_entry *items;
	size_t len, cap;
	struct warn *warns;
	size_t nwarns;
};

/*
 * Resolve every secret of `m` (its mount path, its sealed file) and keep
 * only their fingerprints (keyed with o->key); the values are wiped at
 * once.  Failures: the code of floe_secret_set_resolve, each problem a
 * line of `report` starting "environment 'E': ".  out->fps is always set
 * (free it).
 */
int floe_inspect__diff_fingerprints(struct fpset *out, floe_model *m,
			    const floe_diff_opts *o, floe_buf *report);

#endif
