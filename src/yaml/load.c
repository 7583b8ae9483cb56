/*
 * load.c: YAML into the document tree, from libyaml's event stream.
 * Keeps every node's span, types plain scalars by the core schema (see
 * src/doc/scalar.c), expands aliases into copies and merge keys into their
 * maps, and stops hostile input by limits checked on events, before any
 * work.  One document per file; no custom tags; keys are scalars.
 */
#include <stdarg.h>
#include <string.h>
#include <yaml.h>
#include "doc/internal.h"
#include "loader.h"
#include "yaml.h"

/*
 * A UTF-8 byte-order mark: libyaml skips it only when it detects the
 * encoding itself, so it is cut from its input.  It still counts as the
 * first code point of line 1, as in JSON and in the source lines shown.
 */
static size_t bom_bytes(const struct yp *p)
{
	return p->len >= 3 && memcmp(p->text, "\xef\xbb\xbf", 3) == 0 ? 3 : 0;
}

static floe_span mark_span(struct yp *p, yaml_mark_t a, yaml_mark_t b)
{
	floe_span sp = { p->doc->src, 0, 0, 0, 0 };
	size_t bom = bom_bytes(p) ? 1 : 0;
	floe_yaml__pos(p, a.index + bom, &sp.line, &sp.col);
	floe_yaml__pos(p, b.index + bom, &sp.end_line, &sp.end_col);
	return sp;
}

floe_diag *floe_yaml__error(struct yp *p, const char *code, const floe_span *sp,
			   const floe_node *key, const char *fmt, ...)
{
	va_list ap;
	va_start(ap, fmt);
	char *msg = floe_arena_vprintf(p->doc->arena, fmt, ap);
	va_end(ap);
	return floe_diag_add(p->d, FLOE_SEV_ERROR, code, sp,
			     floe_yaml__pointer(p, key), "%s", msg);
}

/* A problem that ends parsing: the rest of the input is not read. */
static void fatal(struct yp *p, const char *code, const floe_span *sp,
		  const char *msg)
{
	floe_yaml__error(p, code, sp, NULL, "%s", msg);
	p->stop = true;
}

floe_node *floe_yaml__new_node(struct yp *p, floe_node_kind kind)
{
	if (++p->nodes > p->lim->max_nodes && !p->stop) {
		floe_span sp = p->cur;
		char *m = floe_arena_printf(p->doc->arena,
					    "document has more than %zu nodes",
					    p->lim->max_nodes);
		fatal(p, "yaml/too-many-nodes", &sp, m);
	}
	return floe_node_new(p->doc->arena, kind);
}

/* ---- tags ---- */

static const struct {
	const char *name;
	floe_node_kind kind;
} core_tags[] = {
	{ "tag:yaml.org,2002:str", FLOE_NODE_STRING },
	{ "tag:yaml.org,2002:int", FLOE_NODE_INT },
	{ "tag:yaml.org,2002:float", FLOE_NODE_FLOAT },
	{ "tag:yaml.org,2002:bool", FLOE_NODE_BOOL },
	{ "tag:yaml.org,2002:null", FLOE_NODE_NULL },
	{ "tag:yaml.org,2002:map", FLOE_NODE_MAP },
	{ "tag:yaml.org,2002:seq", FLOE_NODE_SEQ },
};

/* "tag:yaml.org,2002:x" as the user likely wrote it: "!!x". */
static const char *tag_display(struct yp *p, const char *tag)
{
	static const char prefix[] = "tag:yaml.org,2002:";
	if (strncmp(tag, prefix, sizeof(prefix) - 1) == 0)
		return floe_arena_printf(p->doc->arena, "!!%s",
					 tag + sizeof(prefix) - 1);
	return tag;
}

/*
 * The kind an explicit tag asks for; -1 for no tag (or the non-specific
 * "!"), -2 for a tag floe does not know (reported).
 */
static int tag_kind(struct yp *p, const char *tag, const floe_span *sp)
{
	if (!tag || strcmp(tag, "!") == 0)
		return -1;
	for (size_t i = 0; i < FLOE_ARRAY_SIZE(core_tags); i++)
		if (strcmp(tag, core_tags[i].name) == 0)
			return (int)core_tags[i].kind;
	floe_diag *dg = floe_yaml__error(p, "yaml/unknown-tag", sp, NULL,
					"unknown tag '%s'",
					tag_display(p, tag));
	floe_diag_note(p->d, dg, NULL,
		       "known tags: !!str, !!int, !!float, !!bool, !!null, "
		       "!!map, !!seq");
	return -2;
}

/* ---- scalars ---- */

static void type_scalar(struct yp *p, floe_node *n, const yaml_event_t *ev)
{
	const char *tag = (const char *)ev->data.scalar.tag;
	bool plain = ev->data.scalar.style == YAML_PLAIN_SCALAR_STYLE;
	int kind = tag_kind(p, tag, &n->span);

	if (kind == -1 && tag) {
		n->kind = FLOE_NODE_STRING;       /* "! x" is a string */
	} else if (kind < 0 && plain) {
		floe_scalar_resolve(n, n->text, n->len);
		n->flags |= FLOE_NODE_PLAIN;
	} else if (kind < 0) {
		n->kind = FLOE_NODE_STRING;
		n->flags |= FLOE_NODE_QUOTED;
	} else if (!floe_scalar_parse(n, (floe_node_kind)kind, n->text,
				      n->len)) {
		floe_yaml__error(p, "yaml/bad-tagged-value", &n->span, NULL,
				"'%s' is not a valid %s",
				floe_key_display(p->doc->arena, n->text, n->len),
				tag_display(p, tag));
		n->kind = FLOE_NODE_STRING;
	}
}

static void on_scalar(struct yp *p, const yaml_event_t *ev)
{
	floe_node *n = floe_yaml__new_node(p, FLOE_NODE_STRING);
	const char *anchor = (const char *)ev->data.scalar.anchor;

	n->span = p->cur;
	n->len = ev->data.scalar.length;
	n->text = floe_arena_strndup(p->doc->arena,
				     (const char *)ev->data.scalar.value, n->len);
	type_scalar(p, n, ev);
	p->last_line = n->span.end_line;
	p->last_col = n->span.end_col;
	if (anchor && floe_yaml__at_key(p)) {
		/* the key becomes a string: the anchor keeps the typed value */
		floe_node *c = floe_yaml__new_node(p, FLOE_NODE_NULL);
		*c = *n;
		floe_yaml__anchor(p, anchor, c, 1, 0);
	} else if (anchor) {
		floe_yaml__anchor(p, anchor, n, 1, 0);
	}
	floe_yaml__add(p, n, 0);
}

static void on_alias(struct yp *p, const yaml_event_t *ev)
{
	unsigned height;
	floe_node *n = floe_yaml__alias(p, (const char *)ev->data.alias.anchor,
				       &height);
	if (!n)
		return;
	if (floe_yaml__at_key(p))
		n->span = p->cur;  /* a key is where the alias is written */
	p->last_line = p->cur.end_line;
	p->last_col = p->cur.end_col;
	floe_yaml__add(p, n, height);
}

/* ---- collections ---- */

static void on_start(struct yp *p, const yaml_event_t *ev, floe_node_kind kind)
{
	bool map = kind == FLOE_NODE_MAP;
	const char *tag = (const char *)(map ? ev->data.mapping_start.tag
					     : ev->data.sequence_start.tag);
	const char *anchor = (const char *)(map ? ev->data.mapping_start.anchor
						: ev->data.sequence_start.anchor);
	bool flow = map ? ev->data.mapping_start.style == YAML_FLOW_MAPPING_STYLE
			: ev->data.sequence_start.style == YAML_FLOW_SEQUENCE_STYLE;

	if (p->nframes + 1 > p->lim->max_depth) {
		char *m = floe_arena_printf(p->doc->arena,
					    "nesting is deeper than %u levels",
					    p->lim->max_depth);
		fatal(p, "yaml/too-deep", &p->cur, m);
		return;
	}
	floe_node *n = floe_yaml__new_node(p, kind);
	n->span = p->cur;
	int want = tag_kind(p, tag, &n->span);
	if (want >= 0 && want != (int)kind)
		floe_yaml__error(p, "yaml/bad-tagged-value", &n->span, NULL,
				"a %s cannot be tagged '%s'",
				map ? "mapping" : "sequence",
				tag_display(p, tag));
	floe_yaml__open(p, n, anchor, flow);
}

static void on_end(struct yp *p)
{
	floe_node *n = floe_yaml__close(p, p->cur);
	if (n)
		floe_yaml__add(p, n, p->closed_height);
}

/* ---- the event loop ---- */

static void on_document_start(struct yp *p, const yaml_event_t *ev)
{
	if (p->documents == 0)
		return;
	yaml_mark_t m = ev->end_mark;
	if (!ev->data.document_start.implicit && m.index >= 3)
		m.index -= 3;  /* point at the "---" */
	floe_span sp = mark_span(p, m, ev->end_mark);
	fatal(p, "yaml/multiple-documents", &sp,
	      "more than one document in the stream");
}

/* libyaml's problem text in floe's style: lowercase, no final period. */
static const char *style_msg(struct yp *p, const char *s)
{
	char *m = floe_arena_strdup(p->doc->arena, s ? s : "syntax error");
	size_t n = strlen(m);
	if (m[0] >= 'A' && m[0] <= 'Z' && !(m[1] >= 'A' && m[1] <= 'Z'))
		m[0] = (char)(m[0] - 'A' + 'a');
	if (n > 0 && m[n - 1] == '.')
		m[n - 1] = '\0';
	return m;
}

/* Whether the character at a mark (0-based line, code-point column) is a tab. */
static bool tab_at(struct yp *p, yaml_mark_t m)
{
	size_t n;
	const char *line = floe_source_line(p->doc->src, (uint32_t)m.line + 1, &n);
	if (!line)
		return false;
	size_t off = floe_utf8_offset(line, n, m.column);
	return off < n && line[off] == '\t';
}

static void syntax_error(struct yp *p, const yaml_parser_t *parser)
{
	floe_span sp;
	if (parser->error == YAML_READER_ERROR) {
		sp = floe_text_span(p->doc->src,
				    parser->problem_offset + bom_bytes(p));
	} else {
		yaml_mark_t end = parser->problem_mark;
		end.index++;
		sp = mark_span(p, parser->problem_mark, end);
	}
	bool tab = parser->error == YAML_SCANNER_ERROR &&
		   tab_at(p, parser->problem_mark);
	floe_diag *dg = floe_yaml__error(p, "yaml/syntax", &sp, NULL, "%s",
					tab ? "a tab where YAML allows only spaces"
					    : style_msg(p, parser->problem));
	if (tab)
		floe_diag_hint(p->d, dg, "YAML indents with spaces; replace the tab "
			       "(libyaml: %s)", style_msg(p, parser->problem));
	if (parser->context && parser->error != YAML_READER_ERROR) {
		yaml_mark_t end = parser->context_mark;
		end.index++;
		floe_span csp = mark_span(p, parser->context_mark, end);
		floe_diag_note(p->d, dg, &csp, "%s",
			       style_msg(p, parser->context));
	}
	p->stop = true;
}

static void dispatch(struct yp *p, const yaml_event_t *ev)
{
	p->cur = mark_span(p, ev->start_mark, ev->end_mark);
	switch (ev->type) {
	case YAML_DOCUMENT_START_EVENT:
		on_document_start(p, ev);
		break;
	case YAML_DOCUMENT_END_EVENT:
		p->documents++;
		break;
	case YAML_SCALAR_EVENT:
		on_scalar(p, ev);
		break;
	case YAML_ALIAS_EVENT:
		on_alias(p, ev);
		break;
	case YAML_SEQUENCE_START_EVENT:
		on_start(p, ev, FLOE_NODE_SEQ);
		break;
	case YAML_MAPPING_START_EVENT:
		on_start(p, ev, FLOE_NODE_MAP);
		break;
	case YAML_SEQUENCE_END_EVENT:
	case YAML_MAPPING_END_EVENT:
		on_end(p);
		break;
	default:
		break;
	}
}

static void parse_events(struct yp *p)
{
	yaml_parser_t parser;
	yaml_event_t ev;

	yaml_parser_initialize(&parser);
	yaml_parser_set_encoding(&parser, YAML_UTF8_ENCODING);
	yaml_parser_set_input_string(&parser,
				     (const unsigned char *)p->text + bom_bytes(p),
				     p->len - bom_bytes(p));
	while (!p->stop) {
		if (!yaml_parser_parse(&parser, &ev)) {
			syntax_error(p, &parser);
			break;
		}
		bool end = ev.type == YAML_STREAM_END_EVENT;
		dispatch(p, &ev);
		yaml_event_delete(&ev);
		if (end)
			break;
	}
	yaml_parser_delete(&parser);
}

/* Bytes libyaml would misread: a NUL ends its input; bad UTF-8. */
static bool check_bytes(struct yp *p)
{
	size_t bad;
	const char *nul = memchr(p->text, '\0', p->len);
	size_t nul_at = nul ? (size_t)(nul - p->text) : p->len;

	if (!floe_utf8_valid(p->text, nul_at, &bad)) {
		floe_span sp = floe_text_span(p->doc->src, bad);
		floe_yaml__error(p, "yaml/invalid-utf8", &sp, NULL,
				"invalid UTF-8 byte 0x%02x",
				(unsigned char)p->text[bad]);
		return false;
	}
	if (nul) {
		floe_span sp = floe_text_span(p->doc->src, nul_at);
		floe_yaml__error(p, "yaml/nul-byte", &sp, NULL,
				"NUL byte is not allowed in YAML");
		return false;
	}
	return true;
}

int floe_yaml_load(floe_doc *doc, floe_diags *d, const floe_limits *lim)
{
	floe_limits tmp;
	struct yp p = { .doc = doc, .d = d };
	size_t errors = floe_diags_errors(d);

	p.lim = floe_limits_or_default(lim, &tmp);
	p.text = floe_source_text(doc->src, &p.len);
	if (!p.text)
		p.text = "";
	if (!floe_doc_too_large(d, doc, p.len, p.lim) && check_bytes(&p)) {
		floe_yaml__init(&p);
		parse_events(&p);
	}
	floe_yaml__release(&p);
	return floe_diags_errors(d) > errors ? FLOE_EINVALID : 0;
}
