/*
 * escape.c: the escapers behind the template filters: YAML scalars (plain
 * only when every YAML 1.1 and 1.2 reader sees the same string), YAML for
 * dbt with its Jinja neutralized, SQL literals and identifiers, env-file
 * and .properties values, JSON.  None drops or changes a character
 * silently: what a target cannot hold is refused, with the reason.
 */
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <strings.h>
#include "emit/escape.h"
#include "util/util.h"

static const char not_utf8[] = "is not valid UTF-8";

/* The code point at s, whose UTF-8 was validated; *n is its length. */
static uint32_t utf8_cp(const unsigned char *s, size_t *n)
{
	if (s[0] < 0x80) {
		*n = 1;
		return s[0];
	}
	if (s[0] < 0xe0) {
		*n = 2;
		return (uint32_t)(s[0] & 0x1f) << 6 | (s[1] & 0x3f);
	}
	if (s[0] < 0xf0) {
		*n = 3;
		return (uint32_t)(s[0] & 0x0f) << 12 |
		       (uint32_t)(s[1] & 0x3f) << 6 | (s[2] & 0x3f);
	}
	*n = 4;
	return (uint32_t)(s[0] & 0x07) << 18 | (uint32_t)(s[1] & 0x3f) << 12 |
	       (uint32_t)(s[2] & 0x3f) << 6 | (s[3] & 0x3f);
}

static bool has(const char *set, char c)
{
	return c && strchr(set, c);
}

/* ---- YAML ---- */

/* Words some YAML 1.1 or 1.2 schema reads as null or a boolean. */
static const char *const yaml_words[] = {
	"null", "true", "false", "yes", "no", "on", "off", "y", "n",
};

static bool yaml_word(const char *s, size_t len)
{
	for (size_t i = 0; i < FLOE_ARRAY_SIZE(yaml_words); i++)
		if (strlen(yaml_words[i]) == len &&
		    strncasecmp(s, yaml_words[i], len) == 0)
			return true;
	return false;
}

/*
 * Plain only for printable ASCII that no schema resolves to anything but
 * a string, in any place (block or flow, value or key).  Every int,
 * float, .inf/.nan, timestamp, "~", "<<" (merge) and "=" (value) of YAML
 * 1.1 and 1.2 starts with one of [0-9+-.~<=]: those are always quoted,
 * as are indicators, ": ", " #", a final ':' or space, and ',', '?' and
 * brackets anywhere (PyYAML ends a plain scalar there in flow context).
 */
static bool yaml_plain_ok(const char *s, size_t len)
{
	if (!len || yaml_word(s, len))
		return false;
	if (has("-?:,[]{}#&*!|>'\"%@` 0123456789+.~<=", s[0]))
		return false;
	if (s[len - 1] == ' ' || s[len - 1] == ':')
		return false;
	for (size_t i = 0; i < len; i++) {
		unsigned char c = (unsigned char)s[i];
		if (c < 0x20 || c > 0x7e || has(",?[]{}", (char)c))
			return false;
		if (c == ':' && i + 1 < len && s[i + 1] == ' ')
			return false;
		if (c == '#' && i > 0 && s[i - 1] == ' ')
			return false;
	}
	return true;
}

/* YAML printable characters that still must not appear raw: line
 * breaks of YAML 1.1 (NEL, LS, PS), the BOM and non-characters. */
static bool yaml_escape_cp(uint32_t c)
{
	return c < 0x20 || (c >= 0x7f && c <= 0x9f) || c == 0x2028 ||
	       c == 0x2029 || c == 0xfeff || c == 0xfffe || c == 0xffff;
}

static void yaml_dq(floe_buf *out, const char *s, size_t len)
{
	floe_buf_putc(out, '"');
	for (size_t i = 0, n; i < len; i += n) {
		uint32_t c = utf8_cp((const unsigned char *)s + i, &n);
		switch (c) {
		case '"': floe_buf_puts(out, "\\\""); break;
		case '\\': floe_buf_puts(out, "\\\\"); break;
		case '\0': floe_buf_puts(out, "\\0"); break;
		case '\t': floe_buf_puts(out, "\\t"); break;
		case '\n': floe_buf_puts(out, "\\n"); break;
		case '\r': floe_buf_puts(out, "\\r"); break;
		default:
			if (c <= 0xff && yaml_escape_cp(c))
				floe_buf_printf(out, "\\x%02X", (unsigned)c);
			else if (yaml_escape_cp(c))
				floe_buf_printf(out, "\\u%04X", (unsigned)c);
			else
				floe_buf_put(out, s + i, n);
		}
	}
	floe_buf_putc(out, '"');
}

const char *floe_emit__esc_yaml_str(floe_buf *out, const char *s, size_t len)
{
	if (!floe_utf8_valid(s, len, NULL))
		return not_utf8;
	if (yaml_plain_ok(s, len))
		floe_buf_put(out, s, len);
	else
		yaml_dq(out, s, len);
	return NULL;
}

/*
 * dbt renders every string of profiles.yml as a Jinja template (native
 * mode, default lexer).  Jinja text cannot hold "{{", "{%" or "{#"; the
 * lexer also turns "\r\n" and "\r" into "\n" and drops one final "\n".
 * So a '{' before '{', '%', '#' or before a character written as an
 * expression, every CR and a final LF become Jinja string expressions
 * ({{ '{' }}, {{ '\r' }}, {{ '\n' }}); everything else stays text, in
 * which the lexer looks for nothing but those three openers.  Rendering
 * gives the original back: text is copied, each expression yields its one
 * character, and dbt-common's quoted_native_concat returns the joined
 * pieces, or a lone plain str, as a str (it literal_evals only values
 * marked by as_native/as_number/as_bool).
 */
static bool dbt_expr_at(const char *s, size_t len, size_t i)
{
	return s[i] == '\r' || (s[i] == '\n' && i == len - 1);
}

const char *floe_emit__esc_dbt_yaml(floe_buf *out, const char *s, size_t len)
{
	floe_buf j = FLOE_BUF_INIT;
	const char *why;

	if (!floe_utf8_valid(s, len, NULL))
		return not_utf8;
	for (size_t i = 0; i < len; i++) {
		if (s[i] == '{' && i + 1 < len &&
		    (has("{%#", s[i + 1]) || dbt_expr_at(s, len, i + 1)))
			floe_buf_puts(&j, "{{ '{' }}");
		else if (s[i] == '\r')
			floe_buf_puts(&j, "{{ '\\r' }}");
		else if (dbt_expr_at(s, len, i))
			floe_buf_puts(&j, "{{ '\\n' }}");
		else
			floe_buf_putc(&j, s[i]);
	}
	why = floe_emit__esc_yaml_str(out, floe_buf_cstr(&j), j.len);
	floe_buf_release(&j);
	return why;
}

static bool env_name_ok(const char *s, size_t len)
{
	if (!len || (s[0] >= '0' && s[0] <= '9'))
		return false;
	for (size_t i = 0; i < len; i++) {
		char c = s[i];
		if (!(c == '_' || (c >= '0' && c <= '9') ||
		      (c >= 'A' && c <= 'Z') || (c >= 'a' && c <= 'z')))
			return false;
	}
	return true;
}

/* The YAML string "{{ env_var('NAME') }}": dbt reads the variable. */
const char *floe_emit__esc_dbt_env_var(floe_buf *out, const char *s, size_t len)
{
	if (!env_name_ok(s, len))
		return "is not an environment variable name";
	floe_buf_puts(out, "\"{{ env_var('");
	floe_buf_put(out, s, len);
	floe_buf_puts(out, "') }}\"");
	return NULL;
}

/*
 * The shortest %g text that reads back as d, with a '.' in the mantissa
 * (YAML 1.1 needs one to see a float): 1.0, 0.1, 1.0e+20.
 */
static void put_real(floe_buf *out, double d)
{
	char tmp[40];
	char *e;

	for (int p = 1; p <= 17; p++) {
		snprintf(tmp, sizeof(tmp), "%.*g", p, d);
		if (strtod(tmp, NULL) == d)
			break;
	}
	e = strchr(tmp, 'e');
	if (!e)
		e = tmp + strlen(tmp);
	floe_buf_put(out, tmp, (size_t)(e - tmp));
	if (!memchr(tmp, '.', (size_t)(e - tmp)))
		floe_buf_puts(out, ".0");
	floe_buf_puts(out, e);
}

bool floe_emit__esc_scalar_text(floe_buf *out, const json_t *v)
{
	switch (json_typeof(v)) {
	case JSON_INTEGER:
		floe_buf_printf(out, "%" JSON_INTEGER_FORMAT,
				json_integer_value(v));
		return true;
	case JSON_REAL:
		put_real(out, json_real_value(v));
		return true;
	case JSON_TRUE:
		floe_buf_puts(out, "true");
		return true;
	case JSON_FALSE:
		floe_buf_puts(out, "false");
		return true;
	default:
		return false;
	}
}

/* Flow style, every string double-quoted: safe inside any flow context. */
static const char *yaml_flow(floe_buf *out, const json_t *v)
{
	const char *why = NULL, *key;
	json_t *item;
	size_t i;

	switch (json_typeof(v)) {
	case JSON_STRING:
		if (!floe_utf8_valid(json_string_value(v),
				     json_string_length(v), NULL))
			return not_utf8;
		yaml_dq(out, json_string_value(v), json_string_length(v));
		return NULL;
	case JSON_ARRAY:
		floe_buf_putc(out, '[');
		json_array_foreach(v, i, item) {
			if (i)
				floe_buf_puts(out, ", ");
			if ((why = yaml_flow(out, item)))
				return why;
		}
		floe_buf_putc(out, ']');
		return NULL;
	case JSON_OBJECT:
		floe_buf_putc(out, '{');
		i = 0;
		json_object_foreach((json_t *)v, key, item) {
			floe_buf_puts(out, i++ ? ", " : "");
			yaml_dq(out, key, strlen(key));
			floe_buf_puts(out, ": ");
			if ((why = yaml_flow(out, item)))
				return why;
		}
		floe_buf_putc(out, '}');
		return NULL;
	case JSON_NULL:
		floe_buf_puts(out, "null");
		return NULL;
	default:
		floe_emit__esc_scalar_text(out, v);
		return NULL;
	}
}

const char *floe_emit__esc_yaml(floe_buf *out, const json_t *v)
{
	size_t mark = out->len;
	const char *why;

	if (json_is_string(v))
		return floe_emit__esc_yaml_str(out, json_string_value(v),
					 json_string_length(v));
	why = yaml_flow(out, v);
	if (why)
		floe_buf_truncate(out, mark);
	return why;
}

/* ---- SQL ---- */

/* DuckDB 1.4 keywords outside the unreserved category (duckdb_keywords()):
 * quoting one more name than needed is harmless, one fewer is not. */
static const char *const sql_keywords[] = {
	"all", "analyse", "analyze", "and", "anti", "any", "array",
	"as", "asc", "asof", "asymmetric", "at", "authorization",
	"between", "bigint", "binary", "bit", "boolean", "both", "by",
	"case", "cast", "char", "character", "check", "coalesce",
	"collate", "collation", "column", "columns", "concurrently",
	"constraint", "create", "cross", "dec", "decimal", "default",
	"deferrable", "desc", "describe", "distinct", "do", "else",
	"end", "except", "exists", "extract", "false", "fetch",
	"float", "for", "foreign", "freeze", "from", "full",
	"generated", "glob", "group", "grouping", "grouping_id",
	"having", "ilike", "in", "initially", "inner", "inout", "int",
	"integer", "intersect", "interval", "into", "is", "isnull",
	"join", "lambda", "lateral", "leading", "left", "like",
	"limit", "map", "national", "natural", "nchar", "none", "not",
	"notnull", "null", "nullif", "numeric", "offset", "on", "only",
	"or", "order", "out", "outer", "overlaps", "overlay", "pivot",
	"pivot_longer", "pivot_wider", "placing", "position",
	"positional", "precision", "primary", "qualify", "real",
	"references", "returning", "right", "row", "select", "semi",
	"setof", "show", "similar", "smallint", "some", "struct",
	"substring", "summarize", "symmetric", "table", "tablesample",
	"then", "time", "timestamp", "to", "trailing", "treat", "trim",
	"true", "try_cast", "union", "unique", "unpack", "unpivot",
	"using", "values", "varchar", "variadic", "verbose", "when",
	"where", "window", "with", "xmlattributes", "xmlconcat",
	"xmlelement", "xmlexists", "xmlforest", "xmlnamespaces",
	"xmlparse", "xmlpi", "xmlroot", "xmlserialize", "xmltable",
};

static int keyword_cmp(const void *k, const void *e)
{
	return strcmp(k, *(const char *const *)e);
}

bool floe_emit__sql_is_keyword(const char *s, size_t len)
{
	char low[16];

	if (len >= sizeof(low))
		return false;
	for (size_t i = 0; i < len; i++) {
		char c = s[i];
		low[i] = c >= 'A' && c <= 'Z' ? (char)(c - 'A' + 'a') : c;
	}
	low[len] = '\0';
	return bsearch(low, sql_keywords, FLOE_ARRAY_SIZE(sql_keywords),
		       sizeof(sql_keywords[0]), keyword_cmp) != NULL;
}

static void quote(floe_buf *out, const char *s, size_t len, char q)
{
	floe_buf_putc(out, q);
	for (size_t i = 0; i < len; i++) {
		if (s[i] == q)
			floe_buf_putc(out, q);
		floe_buf_putc(out, s[i]);
	}
	floe_buf_putc(out, q);
}

const char *floe_emit__esc_sql_str(floe_buf *out, const char *s, size_t len)
{
	if (memchr(s, '\0', len))
		return "contains a NUL byte, which SQL text cannot hold";
	if (!floe_utf8_valid(s, len, NULL))
		return not_utf8;
	quote(out, s, len, '\'');
	return NULL;
}

const char *floe_emit__esc_sql_ident(floe_buf *out, const char *s, size_t len)
{
	if (!len)
		return "is empty, which a SQL identifier cannot be";
	if (memchr(s, '\0', len))
		return "contains a NUL byte, which SQL text cannot hold";
	if (!floe_utf8_valid(s, len, NULL))
		return not_utf8;
	quote(out, s, len, '"');
	return NULL;
}

const char *floe_emit__esc_sql_ident_bare(floe_buf *out, const char *s, size_t len)
{
	if (env_name_ok(s, len) && !floe_emit__sql_is_keyword(s, len)) {
		floe_buf_put(out, s, len);
		return NULL;
	}
	return floe_emit__esc_sql_ident(out, s, len);
}

/* ---- env files, .properties ---- */

/*
 * docker --env-file takes everything after the first '=' up to the end
 * of the line, with no quoting and no escapes: a value is written as is,
 * and what would end the line cannot be written at all.
 */
const char *floe_emit__esc_env_value(floe_buf *out, const char *s, size_t len)
{
	if (memchr(s, '\n', len))
		return "contains a newline, which an env file cannot hold";
	if (memchr(s, '\r', len))
		return "contains a carriage return, which an env file cannot hold";
	if (memchr(s, '\0', len))
		return "contains a NUL byte, which an env file cannot hold";
	floe_buf_put(out, s, len);
	return NULL;
}

static void put_surrogates(floe_buf *out, uint32_t c)
{
	unsigned hi = 0xd800 + ((c - 0x10000) >> 10);
	unsigned lo = 0xdc00 + ((c - 0x10000) & 0x3ff);

	floe_buf_printf(out, "\\u%04X\\u%04X", hi, lo);
}

/*
 * As java.util.Properties.store writes a value: \ and the separators
 * and comment starters escaped, the first space escaped (load skips
 * leading white space), controls and all non-ASCII as \uXXXX so that
 * both ISO-8859-1 readers and UTF-8 readers (Trino's) see the same text.
 */
const char *floe_emit__esc_properties(floe_buf *out, const char *s, size_t len)
{
	if (!floe_utf8_valid(s, len, NULL))
		return not_utf8;
	for (size_t i = 0, n; i < len; i += n) {
		uint32_t c = utf8_cp((const unsigned char *)s + i, &n);
		switch (c) {
		case '\\': floe_buf_puts(out, "\\\\"); break;
		case '\n': floe_buf_puts(out, "\\n"); break;
		case '\r': floe_buf_puts(out, "\\r"); break;
		case '\t': floe_buf_puts(out, "\\t"); break;
		case '\f': floe_buf_puts(out, "\\f"); break;
		case ':': case '=': case '#': case '!':
			floe_buf_putc(out, '\\');
			floe_buf_putc(out, (char)c);
			break;
		case ' ':
			floe_buf_puts(out, i ? " " : "\\ ");
			break;
		default:
			if (c >= 0x20 && c < 0x7f)
				floe_buf_putc(out, (char)c);
			else if (c < 0x10000)
				floe_buf_printf(out, "\\u%04X", (unsigned)c);
			else
				put_surrogates(out, c);
		}
	}
	return NULL;
}

/* ---- JSON ---- */

void floe_emit__esc_json(floe_buf *out, const json_t *v)
{
	const char *key;
	json_t *item;
	size_t i;

	switch (json_typeof(v)) {
	case JSON_STRING:
		floe_buf_put_json_str(out, json_string_value(v),
				      json_string_length(v));
		break;
	case JSON_ARRAY:
		floe_buf_putc(out, '[');
		json_array_foreach(v, i, item) {
			floe_buf_puts(out, i ? ", " : "");
			floe_emit__esc_json(out, item);
		}
		floe_buf_putc(out, ']');
		break;
	case JSON_OBJECT:
		floe_buf_putc(out, '{');
		i = 0;
		json_object_foreach((json_t *)v, key, item) {
			floe_buf_puts(out, i++ ? ", " : "");
			floe_buf_put_json_str(out, key, strlen(key));
			floe_buf_puts(out, ": ");
			floe_emit__esc_json(out, item);
		}
		floe_buf_putc(out, '}');
		break;
	case JSON_NULL:
		floe_buf_puts(out, "null");
		break;
	default:
		floe_emit__esc_scalar_text(out, v);
	}
}
