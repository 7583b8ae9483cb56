/*
 * model_int.h: internals of the resolved model shared by model.c (values,
 * lookups, lists), model_build.c (inputs merged, defaults), model_size.c
 * (sizing) and model_derive.c (secrets, environment, requirements).
 */
#ifndef FLOE_RESOLVE_MODEL_INT_H
#define FLOE_RESOLVE_MODEL_INT_H

#include "floe/model.h"
#include "resolve/resolve.h"

/* A growable array of fixed-size items on the heap. */
struct mlist {
	void *items;
	size_t len, cap;
};

struct floe_model {
	floe_arena *arena;
	const floe_project *p;
	size_t env;
	const char *env_name;
	const floe_doc *floe, *plat;
	floe_diags *d;             /* while building */
	const char *profiles_dir;
	floe_mval *root;
	struct mlist secrets;      /* floe_msecret * */
	struct mlist envs;         /* floe_menv */
	struct mlist reqs;         /* floe_mreq */
	floe_keyset req_names;     /* kind byte + name -> index in reqs */
	struct mlist uses;         /* floe_muse */
};

void *floe_resolve__mlist_push(struct mlist *l, size_t size);

/* Values (model.c).  Text is copied into the model's arena. */
floe_mval *floe_resolve__mv_new(floe_model *m, floe_mval_kind kind);
floe_mval *floe_resolve__mv_str(floe_model *m, const char *s);
floe_mval *floe_resolve__mv_int(floe_model *m, int64_t i);
floe_mval *floe_resolve__mv_float(floe_model *m, double d);
floe_mval *floe_resolve__mv_bool(floe_model *m, bool b);
/* Append a member (the key must be absent) or an item; returns v. */
floe_mval *floe_resolve__mv_add(floe_model *m, floe_mval *map, const char *key,
			floe_mval *v);
floe_mval *floe_resolve__mv_push(floe_model *m, floe_mval *seq, floe_mval *v);
/* A map member, created empty when missing. */
floe_mval *floe_resolve__mv_map(floe_model *m, floe_mval *map, const char *key);
/*
 * Offer `cand` for map[key]: when the key is free it goes in (returns
 * cand); else it is recorded as shadowed by the present value, with
 * `why`, and the present value is returned.
 */
floe_mval *floe_resolve__mv_offer(floe_model *m, floe_mval *map, const char *key,
			  floe_mval *cand, const char *why);
/* Put `v` at map[key], the present value (if any) becoming its shadow. */
floe_mval *floe_resolve__mv_override(floe_model *m, floe_mval *map, const char *key,
			     floe_mval *v, const char *why);
/* Record `loser` as shadowed by `winner`. */
void floe_resolve__mv_shadow(floe_model *m, floe_mval *winner, const floe_mval *loser,
		     const char *why);

/* Origins. */
void floe_resolve__mv_explicit(floe_mval *v, const floe_node *n);
void floe_resolve__mv_default(floe_mval *v, const char *note);
void floe_resolve__mv_derived(floe_model *m, floe_mval *v, const char *note,
		      const floe_mval *from1, const floe_mval *from2);

/* Build steps. */
int floe_resolve__model_inputs(floe_model *m);      /* model_build.c */
void floe_resolve__model_sizing(floe_model *m);     /* model_size.c */
void floe_resolve__model_derive(floe_model *m);     /* model_derive.c */
void floe_resolve__model_lists(floe_model *m);      /* model_derive.c */

/* The selected compute profile (a map) and its name, or NULL. */
floe_mval *floe_resolve__model_compute(floe_model *m, const char **name);
/* The profile named by /project/<kind> in section `sec`, or NULL. */
floe_mval *floe_resolve__model_profile(floe_model *m, const char *kind,
			       const char *sec);
/* A string member of a map, or NULL. */
const char *floe_resolve__mv_sget(const floe_mval *map, const char *key);
/* Boolean member (false when absent or not a boolean). */
bool floe_resolve__mv_bget(const floe_mval *map, const char *key);

#endif
