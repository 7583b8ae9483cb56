/*
 * yaml.c: dbt's fromyaml and toyaml on libyaml.  fromyaml reads one
 * document as PyYAML's safe_load does (YAML 1.1 plain scalars: yes/no/on/
 * off booleans, ~ and null, ints with 0x/0o/_ and floats, aliases shared);
 * toyaml writes block style as safe_dump does, quoting a string that would
 * read back as another type.  Depth is bounded.
 */
#include <ctype.h>
#include <stdlib.h>
#include <string.h>
#include <yaml.h>
#include "jinja_int.h"

#define YAML_MAX_DEPTH 200

struct yrd {
	floe_jinja_rt *rt;
	yaml_parser_t p;
	struct { const char *name; floe_jval v; } anchors[64];
	size_t nanchors;
	bool failed;
};

static bool word_in(const char *s, const char *const *words)
{
	for (; *words; words++)
		if (strcmp(s, *words) == 0)
			return true;
	return false;
}

/* A plain scalar as YAML 1.1 resolves it. */
static floe_jval resolve_plain(floe_jinja_rt *rt, const char *s, size_t n)
{
	static const char *const nulls[] = { "", "~", "null", "Null", "NULL", NULL };
	static const char *const trues[] = { "yes", "Yes", "YES", "true", "True", "TRUE",
					     "on", "On", "ON", NULL };
	static const char *const falses[] = { "no", "No", "NO", "false", "False", "FALSE",
					      "off", "Off", "OFF", NULL };
	if (word_in(s, nulls))
		return floe_jv_none();
	if (word_in(s, trues))
		return floe_jv_bool(true);
	if (word_in(s, falses))
		return floe_jv_bool(false);
	char tmp[72], *end;
	size_t k = 0;
	for (size_t i = 0; i < n && k + 1 < sizeof(tmp); i++)
		if (s[i] != '_')
			tmp[k++] = s[i];
	tmp[k] = '\0';
	if (n && n < 64 && (isdigit((unsigned char)tmp[0]) ||
			    ((tmp[0] == '-' || tmp[0] == '+') && isdigit((unsigned char)tmp[1])))) {
		int base = 10;
		const char *d = tmp + (tmp[0] == '-' || tmp[0] == '+');
		if (d[0] == '0' && (d[1] == 'x' || d[1] == 'o' || d[1] == 'b'))
			base = d[1] == 'x' ? 16 : d[1] == 'o' ? 8 : 2;
		else if (d[0] == '0' && d[1])
			base = 8;
		long long v = strtoll(base == 10 || base == 8 ? d : d + 2, &end, base);
		if (*end == '\0')
			return floe_jv_int(tmp[0] == '-' ? -v : v);
	}
	if (n && n < 64 && strpbrk(tmp, ".eE") && !strpbrk(tmp, "xX")) {
		double v = strtod(tmp, &end);
		if (*end == '\0' && end != tmp && (isdigit((unsigned char)tmp[0]) || tmp[0] == '.' ||
						   tmp[0] == '-' || tmp[0] == '+'))
			return floe_jv_float(v);
	}
	if (strcmp(s, ".inf") == 0 || strcmp(s, ".Inf") == 0 || strcmp(s, "+.inf") == 0)
		return floe_jv_float(1.0 / 0.0);
	if (strcmp(s, "-.inf") == 0 || strcmp(s, "-.Inf") == 0)
		return floe_jv_float(-1.0 / 0.0);
	if (strcmp(s, ".nan") == 0 || strcmp(s, ".NaN") == 0)
		return floe_jv_float(0.0 / 0.0);
	return floe_jv_strdup(rt->a, s, n);
}

static bool next(struct yrd *r, yaml_event_t *e)
{
	if (yaml_parser_parse(&r->p, e))
		return true;
	r->failed = true;
	return false;
}

static void remember(struct yrd *r, const yaml_char_t *anchor, floe_jval v)
{
	if (!anchor || r->nanchors == FLOE_ARRAY_SIZE(r->anchors))
		return;
	r->anchors[r->nanchors].name = floe_arena_strdup(r->rt->a, (const char *)anchor);
	r->anchors[r->nanchors++].v = v;
}

static floe_jval node(struct yrd *r, yaml_event_t *e, int depth);

static floe_jval collection(struct yrd *r, yaml_event_t *start, int depth)
{
	bool map = start->type == YAML_MAPPING_START_EVENT;
	floe_jval v = map ? floe_jv_dict(r->rt->a) : floe_jv_list(r->rt->a);
	/* the anchor is known once the node is complete: an alias inside it
	 * (a cycle) is unknown, and fromyaml fails */
	const yaml_char_t *a = map ? start->data.mapping_start.anchor :
				     start->data.sequence_start.anchor;
	char *anchor = a ? floe_arena_strdup(r->rt->a, (const char *)a) : NULL;
	yaml_event_delete(start);
	for (;;) {
		yaml_event_t e;
		if (!next(r, &e))
			return v;
		if (e.type == YAML_MAPPING_END_EVENT || e.type == YAML_SEQUENCE_END_EVENT) {
			yaml_event_delete(&e);
			remember(r, (const yaml_char_t *)anchor, v);
			return v;
		}
		floe_jval k = node(r, &e, depth + 1);
		if (r->failed)
			return v;
		if (!map) {
			floe_jv_list_push(r->rt->a, v.u.list, k);
			continue;
		}
		yaml_event_t ve;
		if (!next(r, &ve))
			return v;
		floe_jval x = node(r, &ve, depth + 1);
		if (r->failed)
			return v;
		floe_jv_dict_set(r->rt->a, v.u.dict, k, x);
	}
}

/* The value of the node that starts with event e (consumed). */
static floe_jval node(struct yrd *r, yaml_event_t *e, int depth)
{
	floe_jval v = floe_jv_none();
	if (depth > YAML_MAX_DEPTH) {
		r->failed = true;
		yaml_event_delete(e);
		return v;
	}
	switch (e->type) {
	case YAML_SCALAR_EVENT: {
		const char *s = (const char *)e->data.scalar.value;
		size_t n = e->data.scalar.length;
		v = e->data.scalar.plain_implicit && e->data.scalar.style == YAML_PLAIN_SCALAR_STYLE ?
		    resolve_plain(r->rt, s, n) : floe_jv_strdup(r->rt->a, s, n);
		remember(r, e->data.scalar.anchor, v);
		break;
	}
	case YAML_ALIAS_EVENT: {
		size_t i = r->nanchors;
		while (i-- > 0 && strcmp(r->anchors[i].name, (const char *)e->data.alias.anchor) != 0)
			;
		if (i == (size_t)-1)
			r->failed = true;
		else
			v = r->anchors[i].v;
		break;
	}
	case YAML_SEQUENCE_START_EVENT: case YAML_MAPPING_START_EVENT:
		return collection(r, e, depth);
	default:
		r->failed = true;
	}
	yaml_event_delete(e);
	return v;
}

int floe_jinja__fromyaml(floe_jinja_rt *rt, const floe_jval *s, floe_jval *out,
			 bool *ok)
{
	struct yrd r = { .rt = rt };
	yaml_event_t e;
	*out = floe_jv_none();
	yaml_parser_initialize(&r.p);
	yaml_parser_set_input_string(&r.p, (const unsigned char *)s->u.str.s, s->u.str.len);
	while (!r.failed && next(&r, &e)) {
		if (e.type == YAML_STREAM_END_EVENT) {
			yaml_event_delete(&e);
			break;
		}
		if (e.type == YAML_STREAM_START_EVENT || e.type == YAML_DOCUMENT_START_EVENT) {
			yaml_event_delete(&e);
			continue;
		}
		if (e.type == YAML_DOCUMENT_END_EVENT) {
			yaml_event_delete(&e);
			break;   /* the first document, as safe_load */
		}
		*out = node(&r, &e, 0);
	}
	*ok = !r.failed;
	yaml_parser_delete(&r.p);
	return 0;
}

/* ---- toyaml ---- */

static int put(void *data, unsigned char *buf, size_t n)
{
	floe_buf_put(data, buf, n);
	return 1;
}

static bool emit_scalar(yaml_emitter_t *em, const char *s, size_t n, bool plain)
{
	yaml_event_t e;
	yaml_scalar_event_initialize(&e, NULL, NULL, (yaml_char_t *)s, (int)n, plain, !plain,
				     plain ? YAML_PLAIN_SCALAR_STYLE : YAML_ANY_SCALAR_STYLE);
	return yaml_emitter_emit(em, &e);
}

static bool emit(floe_jinja_rt *rt, yaml_emitter_t *em, const floe_jval *v, bool sort, int depth)
{
	yaml_event_t e;
	floe_buf b = FLOE_BUF_INIT;
	bool ok = true;
	if (depth > YAML_MAX_DEPTH)
		return false;
	switch (v->k) {
	case FLOE_JV_NONE: case FLOE_JV_UNDEF: return emit_scalar(em, "null", 4, true);
	case FLOE_JV_BOOL: return emit_scalar(em, v->u.b ? "true" : "false", v->u.b ? 4 : 5, true);
	case FLOE_JV_INT: case FLOE_JV_FLOAT:
		floe_jv_str_put(&b, v);
		ok = emit_scalar(em, b.ptr, b.len, true);
		floe_buf_release(&b);
		return ok;
	case FLOE_JV_STR: {
		floe_jval back = resolve_plain(rt, floe_arena_strndup(rt->a, v->u.str.s, v->u.str.len),
					       v->u.str.len);
		return emit_scalar(em, v->u.str.s, v->u.str.len, back.k == FLOE_JV_STR &&
				   v->u.str.len > 0);
	}
	case FLOE_JV_LIST:
		yaml_sequence_start_event_initialize(&e, NULL, NULL, 1, YAML_BLOCK_SEQUENCE_STYLE);
		ok = yaml_emitter_emit(em, &e);
		for (size_t i = 0; ok && i < v->u.list->len; i++)
			ok = emit(rt, em, &v->u.list->items[i], sort, depth + 1) &&
			     ((floe_buf *)em->write_handler_data)->len <= rt->env->lim.max_output;
		yaml_sequence_end_event_initialize(&e);
		return ok && yaml_emitter_emit(em, &e);
	case FLOE_JV_DICT: case FLOE_JV_NS: {
		const floe_jdict *d = v->u.dict;
		floe_jval keys = floe_jv_list(rt->a);
		for (size_t i = 0; i < d->len; i++)
			floe_jv_list_push(rt->a, keys.u.list, floe_jv_int((int64_t)i));
		yaml_mapping_start_event_initialize(&e, NULL, NULL, 1, YAML_BLOCK_MAPPING_STYLE);
		ok = yaml_emitter_emit(em, &e);
		size_t *order = floe_jinja__key_order(rt, d, sort);
		if (!order)
			return false;
		for (size_t i = 0; ok && i < d->len; i++)
			ok = emit(rt, em, &d->keys[order[i]], sort, depth + 1) &&
			     emit(rt, em, &d->vals[order[i]], sort, depth + 1) &&
			     ((floe_buf *)em->write_handler_data)->len <= rt->env->lim.max_output;
		yaml_mapping_end_event_initialize(&e);
		return ok && yaml_emitter_emit(em, &e);
	}
	default:
		floe_jinja_fail(rt, "jinja/type", "cannot represent an object of type '%s' in YAML",
				floe_jv_kind_name(v));
		return false;
	}
}

int floe_jinja__toyaml(floe_jinja_rt *rt, const floe_jval *v, bool sort, floe_buf *out)
{
	yaml_emitter_t em;
	yaml_event_t e;
	yaml_emitter_initialize(&em);
	yaml_emitter_set_output(&em, put, out);
	yaml_emitter_set_unicode(&em, 1);
	yaml_emitter_set_width(&em, 80);
	yaml_stream_start_event_initialize(&e, YAML_UTF8_ENCODING);
	bool ok = yaml_emitter_emit(&em, &e);
	yaml_document_start_event_initialize(&e, NULL, NULL, NULL, 1);
	ok = ok && yaml_emitter_emit(&em, &e) && emit(rt, &em, v, sort, 0);
	yaml_document_end_event_initialize(&e, 1);
	ok = ok && yaml_emitter_emit(&em, &e);
	yaml_stream_end_event_initialize(&e);
	ok = ok && yaml_emitter_emit(&em, &e);
	yaml_emitter_delete(&em);
	if (!ok && !rt->failed)
		return floe_jinja_fail(rt, "jinja/value", "toyaml: the value cannot be written");
	return ok ? 0 : RC_ERR;
}
