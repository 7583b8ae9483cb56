/*
 * internal.h: the compiled form of a JSON Schema (draft-07) shared by the
 * schema module's files: compiled subschemas, the validation context, and
 * the helpers for URIs, regular expressions, formats and messages.  Not a
 * public header.
 */
#ifndef FLOE_SCHEMA_INTERNAL_H
#define FLOE_SCHEMA_INTERNAL_H

#define PCRE2_CODE_UNIT_WIDTH 8
#include <pcre2.h>
#include <pthread.h>
#include <stdatomic.h>
#include "floe/schema.h"
#include "util/util.h"

/* Instance types as a bit mask, in the order draft-07 names them. */
enum {
	ST_NULL = 1u << 0,
	ST_BOOL = 1u << 1,
	ST_INT = 1u << 2,
	ST_NUM = 1u << 3,
	ST_STR = 1u << 4,
	ST_ARR = 1u << 5,
	ST_OBJ = 1u << 6,
};

enum sch_kind { SCH_TRUE, SCH_FALSE, SCH_MAP };

/* Keyword groups that apply in a subschema, to skip the absent ones fast. */
enum {
	H_ENUM = 1u << 0,
	H_CONST = 1u << 1,
	H_NUM = 1u << 2,
	H_STR = 1u << 3,
	H_ARR = 1u << 4,
	H_OBJ = 1u << 5,
	H_COMB = 1u << 6,
};

typedef struct sch sch;

typedef struct sch_list {
	sch **v;
	size_t n;
} sch_list;

typedef struct sch_prop {
	const char *name; /* key text, may hold NUL */
	size_t len;
	sch *s;
} sch_prop;

typedef struct sch_pattern {
	pcre2_code *re;
	sch *s;
	_Atomic(pcre2_code *) jit;  /* a JIT-compiled copy, once many matches came */
} sch_pattern;

typedef struct sch_dep {
	const floe_node *key;   /* the key in "dependencies" */
	sch *s;                 /* schema form, or NULL */
	const floe_node *names; /* array form: a sequence of strings */
} sch_dep;

/* A numeric bound, kept with its schema node for messages. */
typedef struct sch_bound {
	const floe_node *node; /* NULL: absent */
	double d;
	int64_t i;
	bool isint;            /* i holds the exact value */
} sch_bound;

/*
 * Keyword groups live apart from the subschema and are allocated only when
 * one of their keywords is present; an absent group points to a shared
 * constant with every keyword absent (floe_schema__no_num...), so readers never
 * test for NULL.
 */
typedef struct sch_num {
	sch_bound min, max, xmin, xmax, mult;
} sch_num;

typedef struct sch_str {
	int64_t min_len, max_len; /* -1: absent */
	pcre2_code *pattern;
	const floe_node *pattern_node;
	const floe_node *pattern_msg; /* "patternErrorMessage" (VS Code's), or NULL */
	int format;               /* sch_format_* or 0 */
	int content_enc;
	bool content_json;
} sch_str;

typedef struct sch_arr {
	sch *items;               /* "items" as one schema */
	sch_list tuple;           /* "items" as an array */
	bool is_tuple;
	bool unique;
	sch *additional_items, *contains;
	int64_t min_items, max_items;
} sch_arr;

typedef struct sch_obj {
	sch_prop *props;          /* sorted by key bytes */
	size_t nprops;
	const char **prop_order;  /* names in schema order, for suggestions */
	sch_pattern *pprops;
	size_t npprops;
	sch *additional;
	const floe_node **required;
	int32_t *required_prop;   /* index in props, or -1 */
	size_t nrequired;
	int64_t min_props, max_props;
	sch_dep *deps;
	size_t ndeps;
	sch *names;
} sch_obj;

typedef struct sch_comb {
	sch_list all_of, any_of, one_of;
	sch *not_, *if_, *then_, *else_;
} sch_comb;

extern const sch_num floe_schema__no_num;
extern const sch_str floe_schema__no_str;
extern const sch_arr floe_schema__no_arr;
extern const sch_obj floe_schema__no_obj;
extern const sch_comb floe_schema__no_comb;

struct sch {
	const floe_node *node;    /* the schema (a map or a boolean) */
	const char *base;         /* its base URI */
	uint8_t kind;             /* sch_kind, known before it is filled */
	bool secret;              /* "x-floe-secret": true */
	bool not_secret;          /* "x-floe-secret": "name": a secret's name is
				     shown even inside a secret field */
	uint8_t types;            /* ST_* mask; 0 when "type" is absent */
	uint8_t has;              /* H_* */
	bool queued;              /* eager: on the compiler's queue */
	atomic_bool filled;       /* keywords read (see sch_ready) */
	sch *ref;                 /* $ref: the only keyword that applies (8.3) */
	const floe_node *enum_node, *const_node;
	const sch_num *num;
	const sch_str *str;
	const sch_arr *arr;
	const sch_obj *obj;
	const sch_comb *comb;
};

struct floe_schema {
	floe_arena *arena;
	uint64_t max_steps;          /* the budget of one validation */
	sch *root;
	floe_vec owned;              /* floe_doc *: resolved and built-in documents */
	pcre2_match_context *mctx;
	bool no_formats;
	struct compiler *lazy;       /* kept to fill subschemas on first use */
	pthread_mutex_t lock;        /* held while filling (lazy) */
};

/* ---- compile.c / keywords.c ---- */

/* The keywords compilation reads (floe_schema__keyword). */
enum {
	KW_OTHER, KW_REF, KW_ID, KW_SECRET, KW_TYPE, KW_ENUM, KW_CONST,
	KW_MINIMUM, KW_MAXIMUM, KW_XMIN, KW_XMAX, KW_MULT, /* in sch_num's order */
	KW_MIN_LEN, KW_MAX_LEN, KW_PATTERN, KW_FORMAT, KW_CONTENT_ENC,
	KW_CONTENT_TYPE, KW_ITEMS, KW_ADD_ITEMS, KW_CONTAINS, KW_MIN_ITEMS,
	KW_MAX_ITEMS, KW_UNIQUE, KW_PROPS, KW_PATTERN_PROPS, KW_ADD_PROPS,
	KW_REQUIRED, KW_MIN_PROPS, KW_MAX_PROPS, KW_DEPS, KW_NAMES, KW_DEFS,
	KW_ALL_OF, KW_ANY_OF, KW_ONE_OF, KW_NOT, KW_IF, KW_THEN, KW_ELSE,
	KW_PATTERN_MSG,
	KW_N
};
/* The KW_* a key of a schema map names, KW_OTHER for the rest. */
int floe_schema__keyword(const floe_node *key);

typedef struct compiler compiler;
/* The compiled subschema of `node` (created and queued when new). */
sch *floe_schema__get(compiler *C, const floe_node *node);
/* Resolve a $ref string found at `at` (whose base is `base`). */
sch *floe_schema__ref(compiler *C, const floe_node *at, const char *base);
/* Fill a subschema from its keywords. */
void floe_schema__fill(compiler *C, sch *s);
/* Fill s now (lazy schemas), once, under the schema's lock. */
void floe_schema__fill_lazy(const floe_schema *S, const sch *s);

/*
 * s, with its keywords read: every read of a subschema reached from
 * another goes through here, as a lazy schema fills them on first use.
 */
static inline const sch *sch_ready(const floe_schema *S, const sch *s)
{
	if (!atomic_load_explicit(&s->filled, memory_order_acquire))
		floe_schema__fill_lazy(S, s);
	return s;
}
floe_schema *floe_schema__compiler_schema(compiler *C);
floe_diags *floe_schema__compiler_diags(compiler *C);
void floe_schema__compiler_fail(compiler *C);
/* Subschemas are filled on first use (floe_schema_opts.lazy). */
bool floe_schema__compiler_lazy(compiler *C);
/* The patterns compiled so far, by text (the same one is often repeated). */
struct sch_map *floe_schema__compiler_regexes(compiler *C);
/* A schema problem at `at`: code schema/invalid-schema etc. */
floe_diag *floe_schema__bad(compiler *C, const char *code, const floe_node *at,
		   const char *fmt, ...) __attribute__((format(printf, 4, 5)));

/* ---- uri.c ---- */

/* Resolve `ref` against the absolute `base` (RFC 3986 section 5.2). */
char *floe_schema__uri_resolve(floe_arena *a, const char *base, const char *ref);
/* Split off the fragment: *frag is after '#', or NULL when none. */
char *floe_schema__uri_split(floe_arena *a, const char *uri, const char **frag);
/* Percent-decode into the arena (bad escapes are kept as they are). */
char *floe_schema__uri_decode(floe_arena *a, const char *s);

/* String-keyed and pointer-keyed hash maps (heap, for compilation). */
typedef struct sch_map {
	struct sch_slot *slots;
	size_t cap, len;
} sch_map;
void *floe_schema__map_get(const sch_map *m, const char *key);
void floe_schema__map_put(sch_map *m, const char *key, void *val); /* key must live on */
void *floe_schema__pmap_get(const sch_map *m, const void *key);
void floe_schema__pmap_put(sch_map *m, const void *key, void *val);
void floe_schema__map_release(sch_map *m);
/* Room for n entries without growing. */
void floe_schema__map_reserve(sch_map *m, size_t n);

/* ---- regex.c ---- */

/*
 * The step budget of one validation, shared by every copy of its vctx
 * (floe_schema__check's silent ones too).  Spent, every check fails at once and no
 * other diagnostic is recorded than the one schema/budget.
 */
typedef struct sch_budget {
	uint64_t left;
	bool spent;
	bool reported;
	floe_diags *d;            /* where schema/budget goes; NULL: nowhere */
} sch_budget;

/* PCRE2's match limit for one match, whatever the budget has left. */
#define SCH_MATCH_LIMIT 1000000u

/*
 * Compile an ECMA-262 pattern with PCRE2 (no JIT: floe_schema__pattern_jit).  On
 * error returns NULL, with the message in err and the offset in the
 * pattern's bytes in *erroff.  Each schema compiles each of its patterns
 * once, when the keyword is compiled.
 */
pcre2_code *floe_schema__regex_compile(const char *pat, size_t len, floe_buf *err,
			      size_t *erroff);
/* Unanchored search; errors (match limits) count as no match. */
/*
 * The pattern to match with when many matches are ahead: a JIT-compiled
 * copy, made once (under the schema's lock) and published atomically, so
 * threads matching the original meanwhile are not disturbed; the
 * original when the JIT is not available.
 */
const pcre2_code *floe_schema__pattern_jit(const floe_schema *S, sch_pattern *p);
/*
 * Each match is charged to budget b: it runs under a match limit of at
 * most b->left (and PCRE2's per-match limit), so it never does more
 * work than the budget has left; spent, b->spent is set (no match).
 * b NULL: no budget, mctx's limits as they are (NULL: PCRE2's defaults).
 */
bool floe_schema__regex_search(const pcre2_code *re, pcre2_match_data *md,
		      pcre2_match_context *mctx, const char *s, size_t len,
		      sch_budget *b);

/* ---- format.c ---- */

int floe_schema__format_lookup(const char *name);  /* 0 when unknown */
const char *floe_schema__format_name(int fmt);
bool floe_schema__format_check(int fmt, const char *s, size_t len);
/* contentEncoding / contentMediaType (draft-07 validation section 8). */
int floe_schema__content_encoding(const char *name);   /* 0 unknown, 1 base64 */
bool floe_schema__content_check(int enc, bool json, const char *s, size_t len);

/* ---- validate.c ---- */

typedef struct vctx {
	const floe_schema *S;
	floe_diags *d;            /* NULL: no messages */
	sch_budget *budget;
	pcre2_match_context *mctx; /* this validation's: the limit changes */
	floe_schema_visit visit;  /* annotate mode */
	void *visit_ctx;
	pcre2_match_data *md;
	unsigned depth;
	bool secret;
} vctx;

/* Validate n against s; records diagnostics when c->d is set. */
bool floe_schema__validate(vctx *c, const sch *s, const floe_node *n);
/* The same, silently and stopping at the first problem. */
bool floe_schema__check(const vctx *c, const sch *s, const floe_node *n);
/* Whether validation goes on after a failure (messages or annotations). */
static inline bool sch_all(const vctx *c) { return c->d || c->visit; }
/* Whether n can be read as one of the types s allows (doc.h's rules). */
bool floe_schema__type_ok(const sch *s, const floe_node *n);
/* Index of a key in an instance map, or -1. */
long floe_schema__find_key(const floe_node *map, const char *s, size_t len);
/* Enum / const membership with the YAML typing rules (doc.h). */
bool floe_schema__value_equal(const floe_node *want, const floe_node *n);
bool floe_schema__enum_has(const floe_node *values, const floe_node *n);

/* ---- combine.c ---- */

bool floe_schema__combinators(vctx *c, const sch *s, const floe_node *n);

/* ---- message.c ---- */

floe_diag *floe_schema__fail(vctx *c, const char *code, const floe_node *n,
		    const char *fmt, ...) __attribute__((format(printf, 4, 5)));
/* Like floe_schema__fail, at the span of `at` (a key) but the pointer of `n`. */
floe_diag *floe_schema__fail_at(vctx *c, const char *code, const floe_node *at,
		       const floe_node *n, const char *fmt, ...)
	__attribute__((format(printf, 5, 6)));
/* 'text' quoted for a message, cut at about 40 code points. */
const char *floe_schema__quote(floe_arena *a, const char *s, size_t len);
/* The subject of a message: 'abc', 3, or "value" for containers. */
const char *floe_schema__subject(vctx *c, const floe_node *n);
/* A value as written in a schema: text for scalars, {...} / [...] else. */
void floe_schema__type_mismatch(vctx *c, const sch *s, const floe_node *n);
/* schema/type "expected TYPES, got ..." (with the secret_ref fix for a
 * literal where a secret reference belongs). */
void floe_schema__type_report(vctx *c, unsigned types, const floe_node *n);
void floe_schema__enum_mismatch(vctx *c, const floe_node *values, const floe_node *n);
/* schema/enum for a value that is none of vals (also from several branches). */
void floe_schema__enum_report(vctx *c, const floe_node *const *vals, size_t nvals,
		     const floe_node *n);
void floe_schema__const_mismatch(vctx *c, const floe_node *want, const floe_node *n);
void floe_schema__unknown_key(vctx *c, const sch *s, const floe_node *map, size_t i);

#endif
