/*
 * alias.c: the one name a catalog profile is attached as, by every output
 * (profiles.yml, attach.sql, manifest.json) and by the native runner
 * (docs/compile.md, "The attach alias").  dbt-duckdb writes the alias
 * unquoted and a view stores the catalog name it was built under, so the
 * name must be one that needs no quotes, the same everywhere.
 */
#include <stdlib.h>
#include <string.h>
#include "floe/compile.h"

/*
 * Every DuckDB keyword, whatever its category (reserved, unreserved, type
 * or column name): the .list files of DuckDB 1.5.5's grammar
 * (third_party/libpg_query/grammar/keywords, the same 489 words as DuckDB
 * 1.4.4's duckdb_keywords()) and the 10 more of its development grammar
 * (src/parser/peg/grammar/keywords), so that an alias does not change
 * with the DuckDB version.  Sorted for bsearch (C locale).
 */
static const char *const keywords[] = {
	"abort", "absolute", "access", "action", "add", "admin", "after",
	"aggregate", "all", "also", "alter", "always", "analyse", "analyze",
	"and", "anti", "any", "approx", "array", "as", "asc", "asof",
	"assertion", "assignment", "asymmetric", "at", "attach", "attribute",
	"authorization", "backward", "before", "begin", "between", "bigint",
	"binary", "bit", "boolean", "both", "by", "cache", "call", "called",
	"cascade", "cascaded", "case", "cast", "catalog", "centuries",
	"century", "chain", "char", "character", "characteristics", "check",
	"checkpoint", "class", "close", "cluster", "coalesce", "collate",
	"collation", "column", "columns", "comment", "comments", "commit",
	"committed", "compression", "concurrently", "configuration",
	"conflict", "connect", "connection", "constraint", "constraints",
	"content", "continue", "conversion", "copy", "cost", "create", "cross",
	"csv", "cube", "current", "cursor", "cycle", "data", "database", "day",
	"days", "deallocate", "dec", "decade", "decades", "decimal", "declare",
	"default", "defaults", "deferrable", "deferred", "definer", "delete",
	"delimiter", "delimiters", "depends", "desc", "describe", "detach",
	"dictionary", "disable", "discard", "disconnect", "distance",
	"distinct", "do", "document", "domain", "double", "drop", "each",
	"else", "enable", "encoding", "encrypted", "end", "enum", "error",
	"escape", "event", "exact", "except", "exclude", "excluding",
	"exclusive", "execute", "exists", "explain", "export", "export_state",
	"extension", "extensions", "external", "extract", "false", "family",
	"fetch", "filter", "first", "float", "following", "for", "force",
	"foreign", "forward", "freeze", "from", "full", "function",
	"functions", "generated", "glob", "global", "grant", "granted",
	"group", "grouping", "grouping_id", "groups", "handler", "having",
	"header", "hold", "hour", "hours", "identity", "if", "ignore", "ilike",
	"immediate", "immutable", "implicit", "import", "in", "include",
	"including", "increment", "index", "indexes", "inherit", "inherits",
	"initially", "inline", "inner", "inout", "input", "insensitive",
	"insert", "install", "instead", "int", "integer", "intersect",
	"interval", "into", "invoker", "is", "isnull", "isolation", "join",
	"json", "key", "label", "lambda", "language", "large", "last",
	"lateral", "leading", "leakproof", "left", "level", "like", "limit",
	"listen", "load", "local", "location", "lock", "locked", "logged",
	"macro", "map", "mapping", "match", "matched", "materialized",
	"maxvalue", "merge", "method", "microsecond", "microseconds",
	"millennia", "millennium", "millisecond", "milliseconds", "minute",
	"minutes", "minvalue", "mode", "month", "months", "move", "name",
	"names", "national", "natural", "nchar", "nearest", "new", "next",
	"no", "none", "not", "nothing", "notify", "notnull", "nowait", "null",
	"nullif", "nulls", "numeric", "object", "of", "off", "offset", "oids",
	"old", "on", "only", "operator", "option", "options", "or", "order",
	"ordinality", "others", "out", "outer", "over", "overlaps", "overlay",
	"overriding", "owned", "owner", "parallel", "parser", "partial",
	"partition", "partitioned", "passing", "password", "percent",
	"persistent", "pivot", "pivot_longer", "pivot_wider", "placing",
	"plans", "policy", "position", "positional", "pragma", "preceding",
	"precision", "prepare", "prepared", "preserve", "primary", "prior",
	"privileges", "procedural", "procedure", "program", "publication",
	"qualify", "quarter", "quarters", "quote", "range", "read", "real",
	"reassign", "recheck", "recursive", "ref", "references", "referencing",
	"refresh", "reindex", "relative", "release", "rename", "repeatable",
	"replace", "replica", "reset", "resource", "respect", "restart",
	"restrict", "returning", "returns", "revoke", "right", "role",
	"rollback", "rollup", "row", "rows", "rule", "sample", "savepoint",
	"schema", "schemas", "scope", "scroll", "search", "second", "seconds",
	"secret", "secure", "security", "select", "semi", "sequence",
	"sequences", "serializable", "server", "session", "set", "setof",
	"sets", "share", "show", "similar", "similarity", "simple", "skip",
	"smallint", "snapshot", "some", "sorted", "source", "sql", "stable",
	"standalone", "start", "statement", "statistics", "stdin", "stdout",
	"storage", "stored", "strict", "strip", "struct", "subscription",
	"substring", "summarize", "symmetric", "sysid", "system", "table",
	"tables", "tablesample", "tablespace", "target", "temp", "template",
	"temporary", "text", "then", "ties", "time", "timestamp", "to",
	"trailing", "transaction", "transform", "treat", "trigger", "trim",
	"true", "truncate", "trusted", "try_cast", "tuple", "type", "types",
	"unbounded", "uncommitted", "unencrypted", "union", "unique",
	"unknown", "unlisten", "unlogged", "unpack", "unpivot", "until",
	"update", "use", "user", "using", "vacuum", "valid", "validate",
	"validator", "value", "values", "varchar", "variable", "variadic",
	"varying", "verbose", "version", "view", "views", "virtual",
	"volatile", "week", "weeks", "when", "where", "whitespace", "window",
	"with", "within", "without", "work", "wrapper", "write", "xml",
	"xmlattributes", "xmlconcat", "xmlelement", "xmlexists", "xmlforest",
	"xmlnamespaces", "xmlparse", "xmlpi", "xmlroot", "xmlserialize",
	"xmltable", "year", "years", "yes", "zone",
};

/* Names DuckDB keeps for its own catalogs and its default schema:
 * ATTACH ... AS main is refused, AS memory clashes with an in-memory
 * compute database. */
static const char *const own_names[] = { "main", "memory", "system", "temp" };

static bool ident_char(char ch)
{
	return (ch >= 'a' && ch <= 'z') || (ch >= 'A' && ch <= 'Z') ||
	       (ch >= '0' && ch <= '9') || ch == '_';
}

static int name_cmp(const void *k, const void *e)
{
	return strcmp(k, *(const char *const *)e);
}

/* [A-Za-z_][A-Za-z0-9_]*, not a keyword, not a name DuckDB keeps. */
static bool plain(const char *name)
{
	char low[32];
	size_t n = strlen(name);

	if (!n || (name[0] >= '0' && name[0] <= '9'))
		return false;
	for (size_t i = 0; i < n; i++)
		if (!ident_char(name[i]))
			return false;
	if (n >= sizeof(low))
		return true;  /* longer than any keyword */
	for (size_t i = 0; i <= n; i++)
		low[i] = (name[i] >= 'A' && name[i] <= 'Z') ? (char)(name[i] | 0x20)
							     : name[i];
	if (bsearch(low, keywords, sizeof(keywords) / sizeof(*keywords),
		    sizeof(*keywords), name_cmp))
		return false;
	for (size_t i = 0; i < sizeof(own_names) / sizeof(*own_names); i++)
		if (strcmp(low, own_names[i]) == 0)
			return false;
	return true;
}

const char *floe_compile_catalog_alias(floe_buf *out, const char *name)
{
	floe_buf_clear(out);
	if (plain(name)) {
		floe_buf_puts(out, name);
		return floe_buf_cstr(out);
	}
	floe_buf_puts(out, "floe_");
	for (const char *p = name; *p; p++)
		floe_buf_putc(out, ident_char(*p) ? *p : '_');
	return floe_buf_cstr(out);
}
