/*
 * keywords.c: reads one subschema's keywords into its compiled form
 * (draft-07 validation sections 6-8), checking each value's shape so that
 * a bad schema is reported where it is wrong.  Unknown keywords, "x-"
 * extensions and annotations (title, description, default...) are left
 * alone; the walk over $ref and $id is compile.c's.
 */
#include <stdlib.h>
#include <string.h>
#include "internal.h"

#define INVALID "schema/invalid-schema"

static const char *const type_names[] = {
	"null", "boolean", "integer", "number", "string", "array", "object",
};

static bool is_number(const floe_node *v)
{
	return v->kind == FLOE_NODE_INT || v->kind == FLOE_NODE_FLOAT;
}

static bool get_bound(compiler *C, const floe_node *k, const floe_node *v,
		      sch_bound *b)
{
	if (!is_number(v)) {
		floe_schema__bad(C, INVALID, v, "'%s' must be a number", k->text);
		return false;
	}
	b->node = v;
	floe_node_as_number(v, &b->d);
	b->isint = v->kind == FLOE_NODE_INT && !(v->flags & FLOE_NODE_BIGINT);
	b->i = b->isint ? v->v.i : 0;
	if (!b->isint && v->kind == FLOE_NODE_FLOAT)
		b->isint = floe_node_as_int(v, &b->i);
	return true;
}

static void get_count(compiler *C, const floe_node *k, const floe_node *v,
		      int64_t *out)
{
	int64_t i;
	if (!is_number(v) || !floe_node_as_int(v, &i) || i < 0) {
		floe_schema__bad(C, INVALID, v, "'%s' must be a non-negative integer",
			k->text);
		return;
	}
	*out = i;
}

static unsigned type_bit(compiler *C, const floe_node *v)
{
	if (v->kind == FLOE_NODE_STRING)
		for (size_t i = 0; i < FLOE_ARRAY_SIZE(type_names); i++)
			if (strcmp(v->text, type_names[i]) == 0)
				return 1u << i;
	if (v->kind != FLOE_NODE_STRING) {
		floe_schema__bad(C, INVALID, v, "a type must be a string");
		return 0;
	}
	floe_diag *dg = floe_schema__bad(C, INVALID, v, "unknown type '%s'", v->text);
	const char *near = floe_str_suggest(v->text, type_names,
					    FLOE_ARRAY_SIZE(type_names));
	if (near)
		floe_diag_note(floe_schema__compiler_diags(C), dg, NULL,
			       "did you mean '%s'?", near);
	return 0;
}

/* ---- keyword names ---- */

static bool secret_marker(const floe_node *v);
static void secret_kw(sch *s, const floe_node *v);

static const char *const kw_names[KW_N] = {
	[KW_REF] = "$ref", [KW_ID] = "$id", [KW_SECRET] = "x-floe-secret",
	[KW_TYPE] = "type", [KW_ENUM] = "enum", [KW_CONST] = "const",
	[KW_MINIMUM] = "minimum", [KW_MAXIMUM] = "maximum",
	[KW_XMIN] = "exclusiveMinimum", [KW_XMAX] = "exclusiveMaximum",
	[KW_MULT] = "multipleOf", [KW_MIN_LEN] = "minLength",
	[KW_MAX_LEN] = "maxLength", [KW_PATTERN] = "pattern",
	[KW_FORMAT] = "format", [KW_CONTENT_ENC] = "contentEncoding",
	[KW_CONTENT_TYPE] = "contentMediaType", [KW_ITEMS] = "items",
	[KW_ADD_ITEMS] = "additionalItems", [KW_CONTAINS] = "contains",
	[KW_MIN_ITEMS] = "minItems", [KW_MAX_ITEMS] = "maxItems",
	[KW_UNIQUE] = "uniqueItems", [KW_PROPS] = "properties",
	[KW_PATTERN_PROPS] = "patternProperties",
	[KW_ADD_PROPS] = "additionalProperties", [KW_REQUIRED] = "required",
	[KW_MIN_PROPS] = "minProperties", [KW_MAX_PROPS] = "maxProperties",
	[KW_DEPS] = "dependencies", [KW_NAMES] = "propertyNames",
	[KW_DEFS] = "definitions", [KW_ALL_OF] = "allOf", [KW_ANY_OF] = "anyOf",
	[KW_ONE_OF] = "oneOf", [KW_NOT] = "not", [KW_IF] = "if",
	[KW_THEN] = "then", [KW_ELSE] = "else",
	[KW_PATTERN_MSG] = "patternErrorMessage",
};

static int pick(const char *s, size_t len, const uint8_t *ids, size_t n)
{
	for (size_t i = 0; i < n; i++)
		if (memcmp(s, kw_names[ids[i]], len) == 0)
			return ids[i];
	return KW_OTHER;
}

#define PICK(...) do { \
	static const uint8_t ids[] = { __VA_ARGS__ }; \
	return pick(s, len, ids, sizeof(ids)); \
} while (0)

/* The keyword a key names: a switch on the length, then a few compares. */
int floe_schema__keyword(const floe_node *k)
{
	const char *s = k->text;
	size_t len = k->len;

	switch (len) {
	case 2: PICK(KW_IF);
	case 3: PICK(KW_ID, KW_NOT);
	case 4: PICK(KW_TYPE, KW_REF, KW_ENUM, KW_THEN, KW_ELSE);
	case 5: PICK(KW_CONST, KW_ITEMS, KW_ALL_OF, KW_ANY_OF, KW_ONE_OF);
	case 6: PICK(KW_FORMAT);
	case 7: PICK(KW_MINIMUM, KW_MAXIMUM, KW_PATTERN);
	case 8: PICK(KW_REQUIRED, KW_CONTAINS, KW_MIN_ITEMS, KW_MAX_ITEMS);
	case 9: PICK(KW_MIN_LEN, KW_MAX_LEN);
	case 10: PICK(KW_PROPS, KW_MULT);
	case 11: PICK(KW_DEFS, KW_UNIQUE);
	case 12: PICK(KW_DEPS);
	case 13: PICK(KW_SECRET, KW_MIN_PROPS, KW_MAX_PROPS, KW_NAMES);
	case 15: PICK(KW_ADD_ITEMS, KW_CONTENT_ENC);
	case 16: PICK(KW_XMIN, KW_XMAX, KW_CONTENT_TYPE);
	case 17: PICK(KW_PATTERN_PROPS);
	case 19: PICK(KW_PATTERN_MSG);
	case 20: PICK(KW_ADD_PROPS);
	}
	return KW_OTHER;
}

/* ---- keyword groups ---- */

const sch_num floe_schema__no_num;
const sch_str floe_schema__no_str = { .min_len = -1, .max_len = -1 };
const sch_arr floe_schema__no_arr = { .min_items = -1, .max_items = -1 };
const sch_obj floe_schema__no_obj = { .min_props = -1, .max_props = -1 };
const sch_comb floe_schema__no_comb;

/* The group of s, allocated (from the absent one) when first written. */
static void *group(compiler *C, const void **slot, const void *none, size_t size)
{
	if (*slot == none) {
		void *g = floe_arena_alloc(floe_schema__compiler_schema(C)->arena, size);
		memcpy(g, none, size);
		*slot = g;
	}
	return (void *)*slot;
}

static sch_num *num_of(compiler *C, sch *s)
{
	return group(C, (const void **)&s->num, &floe_schema__no_num, sizeof(sch_num));
}

static sch_str *str_of(compiler *C, sch *s)
{
	return group(C, (const void **)&s->str, &floe_schema__no_str, sizeof(sch_str));
}

static sch_arr *arr_of(compiler *C, sch *s)
{
	return group(C, (const void **)&s->arr, &floe_schema__no_arr, sizeof(sch_arr));
}

static sch_obj *obj_of(compiler *C, sch *s)
{
	return group(C, (const void **)&s->obj, &floe_schema__no_obj, sizeof(sch_obj));
}

static sch_comb *comb_of(compiler *C, sch *s)
{
	return group(C, (const void **)&s->comb, &floe_schema__no_comb, sizeof(sch_comb));
}

/* ---- the keywords ---- */

static void kw_type(compiler *C, sch *s, const floe_node *v)
{
	if (v->kind == FLOE_NODE_SEQ) {
		if (v->len == 0)
			floe_schema__bad(C, INVALID, v, "'type' must not be empty");
		for (size_t i = 0; i < v->len; i++)
			s->types |= (uint8_t)type_bit(C, v->items[i]);
	} else {
		s->types = (uint8_t)type_bit(C, v);
	}
	/* "number" includes the integers */
	if (s->types & ST_NUM)
		s->types |= ST_INT;
}

static pcre2_code *regex(compiler *C, const floe_node *str);

static void kw_pattern(compiler *C, sch *s, const floe_node *v)
{
	if (v->kind != FLOE_NODE_STRING) {
		floe_schema__bad(C, INVALID, v, "'pattern' must be a string");
		return;
	}
	sch_str *g = str_of(C, s);
	g->pattern = regex(C, v);
	g->pattern_node = v;
	s->has |= H_STR;
}

/* What a pattern means in words, for the message instead of the regex. */
static void kw_pattern_msg(compiler *C, sch *s, const floe_node *v)
{
	if (v->kind != FLOE_NODE_STRING) {
		floe_schema__bad(C, INVALID, v, "'patternErrorMessage' must be a string");
		return;
	}
	str_of(C, s)->pattern_msg = v;
}

static void free_code(void *p)
{
	pcre2_code_free(p);
}

/* The span of the character at byte `off` of a string scalar, if its
 * text appears unescaped on one line; else the whole scalar. */
static floe_span char_span(const floe_node *str, size_t off)
{
	floe_span sp = str->span;
	size_t cps = floe_utf8_count(str->text, str->len);
	if (!sp.src || sp.line != sp.end_line || sp.end_col < sp.col)
		return sp;
	size_t width = sp.end_col - sp.col, lead;
	if (width == cps + 2)
		lead = 1;
	else if (width == cps)
		lead = 0;
	else
		return sp;
	sp.col += (uint32_t)(lead + floe_utf8_count(str->text, off));
	sp.end_col = sp.col + 1;
	return sp;
}

static pcre2_code *regex(compiler *C, const floe_node *str)
{
	floe_buf err = FLOE_BUF_INIT;
	size_t off = 0;
	sch_map *done = floe_schema__compiler_regexes(C);
	bool nul = strlen(str->text) != str->len; /* no key for the map */
	pcre2_code *re = nul ? NULL : floe_schema__map_get(done, str->text);

	if (re)
		return re;
	re = floe_schema__regex_compile(str->text, str->len, &err, &off);
	if (re) {
		floe_arena_defer(floe_schema__compiler_schema(C)->arena, free_code, re);
		if (!nul)
			floe_schema__map_put(done, str->text, re);
	} else {
		floe_diags *d = floe_schema__compiler_diags(C);
		floe_span sp = char_span(str, off);
		floe_arena *a = floe_diags_arena(d);
		floe_diag_add(d, FLOE_SEV_ERROR, "schema/bad-pattern", &sp,
			      floe_node_pointer(a, str),
			      "invalid pattern %s: %s", floe_schema__quote(a, str->text, str->len),
			      floe_buf_cstr(&err));
		floe_schema__compiler_fail(C);
	}
	floe_buf_release(&err);
	return re;
}

static sch *sub(compiler *C, const floe_node *v)
{
	return floe_schema__get(C, v);
}

static void kw_list(compiler *C, const floe_node *k, const floe_node *v,
		    sch_list *out)
{
	if (v->kind != FLOE_NODE_SEQ || v->len == 0) {
		floe_schema__bad(C, INVALID, v, "'%s' must be a non-empty array of schemas",
			k->text);
		return;
	}
	out->n = v->len;
	out->v = floe_arena_alloc(floe_schema__compiler_schema(C)->arena,
				  v->len * sizeof(*out->v));
	for (size_t i = 0; i < v->len; i++)
		out->v[i] = sub(C, v->items[i]);
}

/* allOf, anyOf, oneOf (validation 6.7). */
static void kw_combinator(compiler *C, sch *s, int id, const floe_node *k,
			  const floe_node *v)
{
	sch_comb *g = comb_of(C, s);
	kw_list(C, k, v, id == KW_ALL_OF ? &g->all_of :
			 id == KW_ANY_OF ? &g->any_of : &g->one_of);
	s->has |= H_COMB;
}

static void kw_items(compiler *C, sch *s, const floe_node *v)
{
	sch_arr *g = arr_of(C, s);
	s->has |= H_ARR;
	if (v->kind == FLOE_NODE_SEQ) {
		g->is_tuple = true;
		g->tuple.n = v->len;
		g->tuple.v = floe_arena_alloc(floe_schema__compiler_schema(C)->arena,
					      (v->len + 1) * sizeof(*g->tuple.v));
		for (size_t i = 0; i < v->len; i++)
			g->tuple.v[i] = sub(C, v->items[i]);
	} else {
		g->items = sub(C, v);
	}
}

static int cmp_prop(const void *x, const void *y)
{
	const sch_prop *a = x, *b = y;
	size_t n = a->len < b->len ? a->len : b->len;
	int c = memcmp(a->name, b->name, n);
	return c ? c : (a->len > b->len) - (a->len < b->len);
}

/* Most property maps are short: insertion sort, no allocation (qsort's). */
static void sort_props(sch_prop *p, size_t n)
{
	if (n > 32) {
		qsort(p, n, sizeof(*p), cmp_prop);
		return;
	}
	for (size_t i = 1; i < n; i++) {
		sch_prop x = p[i];
		size_t j = i;
		for (; j > 0 && cmp_prop(&p[j - 1], &x) > 0; j--)
			p[j] = p[j - 1];
		p[j] = x;
	}
}

static void kw_properties(compiler *C, sch *s, const floe_node *v)
{
	floe_arena *a = floe_schema__compiler_schema(C)->arena;
	if (v->kind != FLOE_NODE_MAP) {
		floe_schema__bad(C, INVALID, v, "'properties' must be a mapping");
		return;
	}
	sch_obj *g = obj_of(C, s);
	s->has |= H_OBJ;
	g->nprops = v->len;
	g->props = floe_arena_alloc(a, (v->len + 1) * sizeof(*g->props));
	g->prop_order = floe_arena_alloc(a, (v->len + 1) * sizeof(char *));
	for (size_t i = 0; i < v->len; i++) {
		g->props[i].name = v->keys[i]->text;
		g->props[i].len = v->keys[i]->len;
		g->props[i].s = sub(C, v->items[i]);
		g->prop_order[i] = v->keys[i]->text;
	}
	sort_props(g->props, g->nprops);
}

static void kw_pattern_props(compiler *C, sch *s, const floe_node *v)
{
	if (v->kind != FLOE_NODE_MAP) {
		floe_schema__bad(C, INVALID, v, "'patternProperties' must be a mapping");
		return;
	}
	sch_obj *g = obj_of(C, s);
	s->has |= H_OBJ;
	g->pprops = floe_arena_alloc(floe_schema__compiler_schema(C)->arena,
				     (v->len + 1) * sizeof(*g->pprops));
	for (size_t i = 0; i < v->len; i++) {
		pcre2_code *re = regex(C, v->keys[i]);
		if (!re)
			continue;
		g->pprops[g->npprops].re = re;
		g->pprops[g->npprops++].s = sub(C, v->items[i]);
	}
}

static bool string_array(compiler *C, const floe_node *k, const floe_node *v)
{
	if (v->kind == FLOE_NODE_SEQ) {
		size_t i = 0;
		while (i < v->len && v->items[i]->kind == FLOE_NODE_STRING)
			i++;
		if (i == v->len)
			return true;
	}
	floe_schema__bad(C, INVALID, v, "'%s' must be an array of strings", k->text);
	return false;
}

static void kw_required(compiler *C, sch *s, const floe_node *k,
			const floe_node *v)
{
	if (!string_array(C, k, v))
		return;
	sch_obj *g = obj_of(C, s);
	s->has |= H_OBJ;
	g->nrequired = v->len;
	g->required = (const floe_node **)v->items;
}

static void kw_dependencies(compiler *C, sch *s, const floe_node *v)
{
	if (v->kind != FLOE_NODE_MAP) {
		floe_schema__bad(C, INVALID, v, "'dependencies' must be a mapping");
		return;
	}
	sch_obj *g = obj_of(C, s);
	s->has |= H_OBJ;
	g->ndeps = v->len;
	g->deps = floe_arena_alloc(floe_schema__compiler_schema(C)->arena,
				   (v->len + 1) * sizeof(*g->deps));
	for (size_t i = 0; i < v->len; i++) {
		const floe_node *d = v->items[i];
		g->deps[i].key = v->keys[i];
		if (d->kind == FLOE_NODE_SEQ) {
			if (string_array(C, v->keys[i], d))
				g->deps[i].names = d;
		} else {
			g->deps[i].s = sub(C, d);
		}
	}
}

static void kw_format(compiler *C, sch *s, const floe_node *v)
{
	if (v->kind != FLOE_NODE_STRING) {
		floe_schema__bad(C, INVALID, v, "'format' must be a string");
		return;
	}
	int fmt = floe_schema__compiler_schema(C)->no_formats ? 0
						     : floe_schema__format_lookup(v->text);
	if (fmt) {
		str_of(C, s)->format = fmt;
		s->has |= H_STR;
	}
}

static void kw_content(compiler *C, sch *s, const floe_node *k,
		       const floe_node *v, bool enc)
{
	if (v->kind != FLOE_NODE_STRING) {
		floe_schema__bad(C, INVALID, v, "'%s' must be a string", k->text);
		return;
	}
	if (floe_schema__compiler_schema(C)->no_formats)
		return;
	if (enc) {
		int e = floe_schema__content_encoding(v->text);
		if (e)
			str_of(C, s)->content_enc = e;
	} else if (strcmp(v->text, "application/json") == 0) {
		str_of(C, s)->content_json = true;
	}
	if (s->str->content_enc || s->str->content_json)
		s->has |= H_STR;
}

static bool kw_bool(compiler *C, const floe_node *k, const floe_node *v)
{
	if (v->kind != FLOE_NODE_BOOL) {
		floe_schema__bad(C, INVALID, v, "'%s' must be true or false", k->text);
		return false;
	}
	return v->v.b;
}

/* Only $ref reaches a definition: compiled now to report its problems. */
static void kw_definitions(compiler *C, const floe_node *v)
{
	if (floe_schema__compiler_lazy(C))
		return;
	if (v->kind != FLOE_NODE_MAP) {
		floe_schema__bad(C, INVALID, v, "'definitions' must be a mapping");
		return;
	}
	for (size_t i = 0; i < v->len; i++)
		sub(C, v->items[i]);
}

/* Numeric keywords (validation 6.2). */
static void numeric(compiler *C, sch *s, int id, const floe_node *k,
		    const floe_node *v)
{
	sch_bound b = { 0 };
	if (!get_bound(C, k, v, &b))
		return;
	if (id == KW_MULT && b.d <= 0) {
		floe_schema__bad(C, INVALID, v, "'multipleOf' must be greater than 0");
		return;
	}
	sch_num *g = num_of(C, s);
	sch_bound *out[] = { &g->min, &g->max, &g->xmin, &g->xmax, &g->mult };
	*out[id - KW_MINIMUM] = b;
	s->has |= H_NUM;
}

/* Count keywords (validation 6.3-6.5). */
static void counts(compiler *C, sch *s, int id, const floe_node *k,
		   const floe_node *v)
{
	int64_t n = -1;
	get_count(C, k, v, &n);
	if (n < 0)
		return;
	if (id == KW_MIN_LEN || id == KW_MAX_LEN) {
		sch_str *g = str_of(C, s);
		*(id == KW_MIN_LEN ? &g->min_len : &g->max_len) = n;
		s->has |= H_STR;
	} else if (id == KW_MIN_ITEMS || id == KW_MAX_ITEMS) {
		sch_arr *g = arr_of(C, s);
		*(id == KW_MIN_ITEMS ? &g->min_items : &g->max_items) = n;
		s->has |= H_ARR;
	} else {
		sch_obj *g = obj_of(C, s);
		*(id == KW_MIN_PROPS ? &g->min_props : &g->max_props) = n;
		s->has |= H_OBJ;
	}
}

/* Keywords whose value is one subschema. */
static void single(compiler *C, sch *s, int id, const floe_node *v)
{
	sch *x = sub(C, v);
	switch (id) {
	case KW_ADD_ITEMS: arr_of(C, s)->additional_items = x; s->has |= H_ARR; break;
	case KW_CONTAINS: arr_of(C, s)->contains = x; s->has |= H_ARR; break;
	case KW_ADD_PROPS: obj_of(C, s)->additional = x; s->has |= H_OBJ; break;
	case KW_NAMES: obj_of(C, s)->names = x; s->has |= H_OBJ; break;
	case KW_NOT: comb_of(C, s)->not_ = x; s->has |= H_COMB; break;
	case KW_IF: comb_of(C, s)->if_ = x; s->has |= H_COMB; break;
	case KW_THEN: comb_of(C, s)->then_ = x; s->has |= H_COMB; break;
	case KW_ELSE: comb_of(C, s)->else_ = x; s->has |= H_COMB; break;
	}
}

static void keyword(compiler *C, sch *s, int id, const floe_node *k,
		    const floe_node *v)
{
	switch (id) {
	case KW_TYPE: kw_type(C, s, v); break;
	case KW_ENUM:
		if (v->kind != FLOE_NODE_SEQ)
			floe_schema__bad(C, INVALID, v, "'enum' must be an array");
		else
			s->enum_node = v, s->has |= H_ENUM;
		break;
	case KW_CONST: s->const_node = v, s->has |= H_CONST; break;
	case KW_MINIMUM: case KW_MAXIMUM: case KW_XMIN: case KW_XMAX:
	case KW_MULT:
		numeric(C, s, id, k, v);
		break;
	case KW_MIN_LEN: case KW_MAX_LEN: case KW_MIN_ITEMS: case KW_MAX_ITEMS:
	case KW_MIN_PROPS: case KW_MAX_PROPS:
		counts(C, s, id, k, v);
		break;
	case KW_ADD_ITEMS: case KW_CONTAINS: case KW_ADD_PROPS: case KW_NAMES:
	case KW_NOT: case KW_IF: case KW_THEN: case KW_ELSE:
		single(C, s, id, v);
		break;
	case KW_PATTERN: kw_pattern(C, s, v); break;
	case KW_PATTERN_MSG: kw_pattern_msg(C, s, v); break;
	case KW_FORMAT: kw_format(C, s, v); break;
	case KW_CONTENT_ENC: case KW_CONTENT_TYPE:
		kw_content(C, s, k, v, id == KW_CONTENT_ENC);
		break;
	case KW_ITEMS: kw_items(C, s, v); break;
	case KW_UNIQUE:
		if (kw_bool(C, k, v))
			arr_of(C, s)->unique = true, s->has |= H_ARR;
		break;
	case KW_PROPS: kw_properties(C, s, v); break;
	case KW_PATTERN_PROPS: kw_pattern_props(C, s, v); break;
	case KW_REQUIRED: kw_required(C, s, k, v); break;
	case KW_DEPS: kw_dependencies(C, s, v); break;
	case KW_DEFS: kw_definitions(C, v); break;
	case KW_ALL_OF: case KW_ANY_OF: case KW_ONE_OF:
		kw_combinator(C, s, id, k, v);
		break;
	case KW_SECRET: secret_kw(s, v); break;
	}
}

/*
 * "x-floe-secret": true or "required" marks a value that is a secret (only
 * a reference may stand there, and what stands there is never shown);
 * "allowed" (a string or a reference, such as an endpoint) and "name" (a
 * secret's name) do not.
 */
static bool secret_marker(const floe_node *v)
{
	return (v->kind == FLOE_NODE_BOOL && v->v.b) ||
	       (v->kind == FLOE_NODE_STRING && strcmp(v->text, "required") == 0);
}

static void secret_kw(sch *s, const floe_node *v)
{
	s->secret = secret_marker(v);
	s->not_secret = v->kind == FLOE_NODE_STRING && strcmp(v->text, "name") == 0;
}

/* Which property each required name is, for the bitmap in validate.c. */
static void index_required(compiler *C, sch *s)
{
	sch_obj *g = obj_of(C, s);
	g->required_prop = floe_arena_alloc(floe_schema__compiler_schema(C)->arena,
					    (g->nrequired + 1) * sizeof(int32_t));
	for (size_t i = 0; i < g->nrequired; i++) {
		sch_prop key = { g->required[i]->text, g->required[i]->len, NULL };
		sch_prop *p = g->nprops ? bsearch(&key, g->props, g->nprops,
						  sizeof(*g->props), cmp_prop)
					: NULL;
		g->required_prop[i] = p ? (int32_t)(p - g->props) : -1;
	}
}

/* $ref: siblings are ignored (core 8.3), but bad definitions still show. */
static void fill_ref(compiler *C, sch *s, const floe_node *ref,
		     const floe_node *defs)
{
	if (ref->kind != FLOE_NODE_STRING)
		floe_schema__bad(C, INVALID, ref, "'$ref' must be a string");
	else
		s->ref = floe_schema__ref(C, ref, s->base);
	if (defs)
		kw_definitions(C, defs);
}

static void fill_map(compiler *C, sch *s)
{
	const floe_node *n = s->node, *ref = NULL, *defs = NULL;
	uint8_t ids[64];
	size_t nids = n->len < sizeof(ids) ? n->len : 0;

	for (size_t i = 0; i < n->len; i++) {
		int id = floe_schema__keyword(n->keys[i]);
		if (i < nids)
			ids[i] = (uint8_t)id;
		if (id == KW_REF && !ref)
			ref = n->items[i];
		else if (id == KW_DEFS && !defs)
			defs = n->items[i];
		else if (id == KW_SECRET)
			secret_kw(s, n->items[i]);
	}
	if (ref) {
		fill_ref(C, s, ref, defs);
		return;
	}
	for (size_t i = 0; i < n->len; i++)
		keyword(C, s, i < nids ? ids[i] : floe_schema__keyword(n->keys[i]),
			n->keys[i], n->items[i]);
	if (s->obj->nrequired)
		index_required(C, s);
}

void floe_schema__fill(compiler *C, sch *s)
{
	const floe_node *n = s->node;

	if (n->kind == FLOE_NODE_MAP)
		fill_map(C, s);
	else if (n->kind != FLOE_NODE_BOOL)
		floe_schema__bad(C, INVALID, n, "a schema must be a mapping or a boolean");
	atomic_store_explicit(&s->filled, true, memory_order_release);
}
