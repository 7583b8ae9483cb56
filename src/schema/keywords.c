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
		sch_bad(C, INVALID, v, "'%s' must be a number", k->text);
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
		sch_bad(C, INVALID, v, "'%s' must be a non-negative integer",
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
		sch_bad(C, INVALID, v, "a type must be a string");
		return 0;
	}
	floe_diag *dg = sch_bad(C, INVALID, v, "unknown type '%s'", v->text);
	const char *near = floe_str_suggest(v->text, type_names,
					    FLOE_ARRAY_SIZE(type_names));
	if (near)
		floe_diag_note(sch_compiler_diags(C), dg, NULL,
			       "did you mean '%s'?", near);
	return 0;
}

static void kw_type(compiler *C, sch *s, const floe_node *v)
{
	s->type_node = v;
	if (v->kind == FLOE_NODE_SEQ) {
		if (v->len == 0)
			sch_bad(C, INVALID, v, "'type' must not be empty");
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
		sch_bad(C, INVALID, v, "'pattern' must be a string");
		return;
	}
	s->pattern = regex(C, v);
	s->pattern_node = v;
	s->has |= H_STR;
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
	pcre2_code *re = sch_regex_compile(str->text, str->len, &err, &off);

	if (re) {
		floe_arena_defer(sch_compiler_schema(C)->arena, free_code, re);
	} else {
		floe_diags *d = sch_compiler_diags(C);
		floe_span sp = char_span(str, off);
		floe_arena *a = floe_diags_arena(d);
		floe_diag_add(d, FLOE_SEV_ERROR, "schema/bad-pattern", &sp,
			      floe_node_pointer(a, str),
			      "invalid pattern %s: %s", sch_quote(a, str->text, str->len),
			      floe_buf_cstr(&err));
		sch_compiler_fail(C);
	}
	floe_buf_release(&err);
	return re;
}

static sch *sub(compiler *C, const floe_node *v)
{
	return sch_get(C, v);
}

static void kw_list(compiler *C, const floe_node *k, const floe_node *v,
		    sch_list *out)
{
	if (v->kind != FLOE_NODE_SEQ || v->len == 0) {
		sch_bad(C, INVALID, v, "'%s' must be a non-empty array of schemas",
			k->text);
		return;
	}
	out->n = v->len;
	out->v = floe_arena_alloc(sch_compiler_schema(C)->arena,
				  v->len * sizeof(*out->v));
	for (size_t i = 0; i < v->len; i++)
		out->v[i] = sub(C, v->items[i]);
}

static void kw_items(compiler *C, sch *s, const floe_node *v)
{
	s->has |= H_ARR;
	if (v->kind == FLOE_NODE_SEQ) {
		s->is_tuple = true;
		s->tuple.n = v->len;
		s->tuple.v = floe_arena_alloc(sch_compiler_schema(C)->arena,
					      (v->len + 1) * sizeof(*s->tuple.v));
		for (size_t i = 0; i < v->len; i++)
			s->tuple.v[i] = sub(C, v->items[i]);
	} else {
		s->items = sub(C, v);
	}
}

static int cmp_prop(const void *x, const void *y)
{
	const sch_prop *a = x, *b = y;
	size_t n = a->len < b->len ? a->len : b->len;
	int c = memcmp(a->name, b->name, n);
	return c ? c : (a->len > b->len) - (a->len < b->len);
}

static void kw_properties(compiler *C, sch *s, const floe_node *v)
{
	floe_arena *a = sch_compiler_schema(C)->arena;
	if (v->kind != FLOE_NODE_MAP) {
		sch_bad(C, INVALID, v, "'properties' must be a mapping");
		return;
	}
	s->has |= H_OBJ;
	s->nprops = v->len;
	s->props = floe_arena_alloc(a, (v->len + 1) * sizeof(*s->props));
	s->prop_order = floe_arena_alloc(a, (v->len + 1) * sizeof(char *));
	for (size_t i = 0; i < v->len; i++) {
		s->props[i].name = v->keys[i]->text;
		s->props[i].len = v->keys[i]->len;
		s->props[i].s = sub(C, v->items[i]);
		s->prop_order[i] = v->keys[i]->text;
	}
	qsort(s->props, s->nprops, sizeof(*s->props), cmp_prop);
}

static void kw_pattern_props(compiler *C, sch *s, const floe_node *v)
{
	if (v->kind != FLOE_NODE_MAP) {
		sch_bad(C, INVALID, v, "'patternProperties' must be a mapping");
		return;
	}
	s->has |= H_OBJ;
	s->pprops = floe_arena_alloc(sch_compiler_schema(C)->arena,
				     (v->len + 1) * sizeof(*s->pprops));
	for (size_t i = 0; i < v->len; i++) {
		pcre2_code *re = regex(C, v->keys[i]);
		if (!re)
			continue;
		s->pprops[s->npprops].re = re;
		s->pprops[s->npprops++].s = sub(C, v->items[i]);
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
	sch_bad(C, INVALID, v, "'%s' must be an array of strings", k->text);
	return false;
}

static void kw_required(compiler *C, sch *s, const floe_node *k,
			const floe_node *v)
{
	if (!string_array(C, k, v))
		return;
	s->has |= H_OBJ;
	s->nrequired = v->len;
	s->required = floe_arena_alloc(sch_compiler_schema(C)->arena,
				       (v->len + 1) * sizeof(*s->required));
	for (size_t i = 0; i < v->len; i++)
		s->required[i] = v->items[i];
}

static void kw_dependencies(compiler *C, sch *s, const floe_node *v)
{
	if (v->kind != FLOE_NODE_MAP) {
		sch_bad(C, INVALID, v, "'dependencies' must be a mapping");
		return;
	}
	s->has |= H_OBJ;
	s->ndeps = v->len;
	s->deps = floe_arena_alloc(sch_compiler_schema(C)->arena,
				   (v->len + 1) * sizeof(*s->deps));
	for (size_t i = 0; i < v->len; i++) {
		const floe_node *d = v->items[i];
		s->deps[i].key = v->keys[i];
		if (d->kind == FLOE_NODE_SEQ) {
			if (string_array(C, v->keys[i], d))
				s->deps[i].names = d;
		} else {
			s->deps[i].s = sub(C, d);
		}
	}
}

static void kw_format(compiler *C, sch *s, const floe_node *v)
{
	if (v->kind != FLOE_NODE_STRING) {
		sch_bad(C, INVALID, v, "'format' must be a string");
		return;
	}
	if (!sch_compiler_schema(C)->no_formats)
		s->format = sch_format_lookup(v->text);
	if (s->format)
		s->has |= H_STR;
}

static void kw_content(compiler *C, sch *s, const floe_node *k,
		       const floe_node *v)
{
	if (v->kind != FLOE_NODE_STRING) {
		sch_bad(C, INVALID, v, "'%s' must be a string", k->text);
		return;
	}
	if (sch_compiler_schema(C)->no_formats)
		return;
	if (strcmp(k->text, "contentEncoding") == 0)
		s->content_enc = sch_content_encoding(v->text);
	else
		s->content_json = strcmp(v->text, "application/json") == 0;
	if (s->content_enc || s->content_json)
		s->has |= H_STR;
}

static bool kw_bool(compiler *C, const floe_node *k, const floe_node *v)
{
	if (v->kind != FLOE_NODE_BOOL) {
		sch_bad(C, INVALID, v, "'%s' must be true or false", k->text);
		return false;
	}
	return v->v.b;
}

static void kw_definitions(compiler *C, const floe_node *v)
{
	if (v->kind != FLOE_NODE_MAP) {
		sch_bad(C, INVALID, v, "'definitions' must be a mapping");
		return;
	}
	for (size_t i = 0; i < v->len; i++)
		sub(C, v->items[i]);
}

/* Numeric keywords (validation 6.2); false when the key is not one. */
static bool numeric(compiler *C, sch *s, const floe_node *k, const floe_node *v)
{
	static const char *const names[] = {
		"minimum", "maximum", "exclusiveMinimum", "exclusiveMaximum",
		"multipleOf",
	};
	sch_bound *b[] = { &s->min, &s->max, &s->xmin, &s->xmax, &s->mult };
	for (size_t i = 0; i < FLOE_ARRAY_SIZE(names); i++) {
		if (strcmp(k->text, names[i]) != 0)
			continue;
		if (get_bound(C, k, v, b[i])) {
			s->has |= H_NUM;
			if (i == 4 && b[i]->d <= 0) {
				sch_bad(C, INVALID, v, "'multipleOf' must be greater than 0");
				b[i]->node = NULL;
			}
		}
		return true;
	}
	return false;
}

/* Count keywords (validation 6.3-6.5); false when the key is not one. */
static bool counts(compiler *C, sch *s, const floe_node *k, const floe_node *v)
{
	static const char *const names[] = {
		"minLength", "maxLength", "minItems", "maxItems",
		"minProperties", "maxProperties",
	};
	int64_t *out[] = { &s->min_len, &s->max_len, &s->min_items,
			   &s->max_items, &s->min_props, &s->max_props };
	static const uint32_t has[] = { H_STR, H_STR, H_ARR, H_ARR, H_OBJ, H_OBJ };
	for (size_t i = 0; i < FLOE_ARRAY_SIZE(names); i++) {
		if (strcmp(k->text, names[i]) != 0)
			continue;
		get_count(C, k, v, out[i]);
		if (*out[i] >= 0)
			s->has |= has[i];
		return true;
	}
	return false;
}

/* Keywords whose value is one subschema; false when the key is not one. */
static bool single(compiler *C, sch *s, const floe_node *k, const floe_node *v)
{
	static const char *const names[] = {
		"additionalItems", "contains", "additionalProperties",
		"propertyNames", "not", "if", "then", "else",
	};
	sch **out[] = { &s->additional_items, &s->contains, &s->additional,
			&s->names, &s->not_, &s->if_, &s->then_, &s->else_ };
	static const uint32_t has[] = { H_ARR, H_ARR, H_OBJ, H_OBJ, H_COMB,
					H_COMB, H_COMB, H_COMB };
	for (size_t i = 0; i < FLOE_ARRAY_SIZE(names); i++) {
		if (strcmp(k->text, names[i]) != 0)
			continue;
		*out[i] = sub(C, v);
		s->has |= has[i];
		return true;
	}
	return false;
}

static void keyword(compiler *C, sch *s, const floe_node *k, const floe_node *v)
{
	const char *name = k->text;

	if (numeric(C, s, k, v) || counts(C, s, k, v) || single(C, s, k, v))
		return;
	if (strcmp(name, "type") == 0)
		kw_type(C, s, v);
	else if (strcmp(name, "enum") == 0) {
		if (v->kind != FLOE_NODE_SEQ)
			sch_bad(C, INVALID, v, "'enum' must be an array");
		else
			s->enum_node = v, s->has |= H_ENUM;
	} else if (strcmp(name, "const") == 0)
		s->const_node = v, s->has |= H_CONST;
	else if (strcmp(name, "pattern") == 0)
		kw_pattern(C, s, v);
	else if (strcmp(name, "format") == 0)
		kw_format(C, s, v);
	else if (strcmp(name, "contentEncoding") == 0 ||
		 strcmp(name, "contentMediaType") == 0)
		kw_content(C, s, k, v);
	else if (strcmp(name, "items") == 0)
		kw_items(C, s, v);
	else if (strcmp(name, "uniqueItems") == 0) {
		if ((s->unique = kw_bool(C, k, v)))
			s->has |= H_ARR;
	} else if (strcmp(name, "properties") == 0)
		kw_properties(C, s, v);
	else if (strcmp(name, "patternProperties") == 0)
		kw_pattern_props(C, s, v);
	else if (strcmp(name, "required") == 0)
		kw_required(C, s, k, v);
	else if (strcmp(name, "dependencies") == 0)
		kw_dependencies(C, s, v);
	else if (strcmp(name, "definitions") == 0)
		kw_definitions(C, v);
	else if (strcmp(name, "allOf") == 0)
		kw_list(C, k, v, &s->all_of), s->has |= H_COMB;
	else if (strcmp(name, "anyOf") == 0)
		kw_list(C, k, v, &s->any_of), s->has |= H_COMB;
	else if (strcmp(name, "oneOf") == 0)
		kw_list(C, k, v, &s->one_of), s->has |= H_COMB;
	else if (strcmp(name, "x-floe-secret") == 0)
		s->secret = v->kind == FLOE_NODE_BOOL && v->v.b;
}

/* Which property each required name is, for the bitmap in validate.c. */
static void index_required(compiler *C, sch *s)
{
	s->required_prop = floe_arena_alloc(sch_compiler_schema(C)->arena,
					    (s->nrequired + 1) * sizeof(int32_t));
	for (size_t i = 0; i < s->nrequired; i++) {
		sch_prop key = { s->required[i]->text, s->required[i]->len, NULL };
		sch_prop *p = s->nprops ? bsearch(&key, s->props, s->nprops,
						  sizeof(*s->props), cmp_prop)
					: NULL;
		s->required_prop[i] = p ? (int32_t)(p - s->props) : -1;
	}
}

void sch_fill(compiler *C, sch *s)
{
	const floe_node *n = s->node, *ref;

	s->min_len = s->max_len = s->min_items = s->max_items = -1;
	s->min_props = s->max_props = -1;
	if (n->kind == FLOE_NODE_BOOL) {
		s->kind = n->v.b ? SCH_TRUE : SCH_FALSE;
		return;
	}
	if (n->kind != FLOE_NODE_MAP) {
		sch_bad(C, INVALID, n, "a schema must be a mapping or a boolean");
		s->kind = SCH_TRUE;
		return;
	}
	s->kind = SCH_MAP;
	const floe_node *secret = floe_node_get(n, "x-floe-secret");
	s->secret = secret && secret->kind == FLOE_NODE_BOOL && secret->v.b;
	if ((ref = floe_node_get(n, "$ref"))) {
		s->ref_node = ref;
		if (ref->kind != FLOE_NODE_STRING)
			sch_bad(C, INVALID, ref, "'$ref' must be a string");
		else
			s->ref = sch_ref(C, ref, s->base);
		/* siblings are ignored (core 8.3), but bad definitions still show */
		const floe_node *defs = floe_node_get(n, "definitions");
		if (defs)
			kw_definitions(C, defs);
		return;
	}
	for (size_t i = 0; i < n->len; i++)
		keyword(C, s, n->keys[i], n->items[i]);
	index_required(C, s);
}
