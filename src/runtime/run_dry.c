/*
 * run_dry.c: `floe run --dry-run`: what the load rendered, written as dbt
 * writes it (target/compiled, manifest.json), without a database.
 */
#include <stdlib.h>
#include <string.h>
#include "run_int.h"

static const char *const kinds[] = { "seed", "model", "test" };

static void jstr(floe_buf *b, const char *s)
{
	if (s)
		floe_buf_put_json_str(b, s, strlen(s));
	else
		floe_buf_puts(b, "null");
}

/* The SQL with secret values masked (a model may render env_var()). */
static const char *masked(const floe_runner_opts *o, const char *sql,
			  floe_buf *tmp)
{
	if (!sql || !o || !o->redact)
		return sql;
	floe_buf_clear(tmp);
	floe_buf_puts(tmp, sql);
	o->redact(o->redact_ud, tmp);
	return floe_buf_cstr(tmp);
}

static void node_json(floe_buf *b, const floe_runner_project *p,
		      const struct rnode *n, const char *sql)
{
	floe_buf_puts(b, "    ");
	jstr(b, n->unique_id);
	floe_buf_puts(b, ": {\"unique_id\": ");
	jstr(b, n->unique_id);
	floe_buf_printf(b, ", \"resource_type\": \"%s\", \"name\": ", kinds[n->kind]);
	jstr(b, n->name);
	floe_buf_puts(b, ", \"package_name\": ");
	jstr(b, p->name);
	floe_buf_puts(b, ", \"path\": ");
	jstr(b, n->path);
	floe_buf_puts(b, ", \"original_file_path\": ");
	jstr(b, n->path);
	floe_buf_puts(b, ", \"fqn\": [");
	for (size_t i = 0; i < n->nfqn; i++) {
		floe_buf_puts(b, i ? ", " : "");
		jstr(b, n->fqn[i]);
	}
	floe_buf_puts(b, "], \"depends_on\": {\"macros\": [], \"nodes\": [");
	size_t k = 0;
	for (size_t i = 0; i < n->nparents; i++) {
		floe_buf_puts(b, k++ ? ", " : "");
		jstr(b, floe_runtime__run_node(p, n->parents[i])->unique_id);
	}
	for (size_t i = 0; i < n->nsources; i++) {
		floe_buf_puts(b, k++ ? ", " : "");
		floe_buf_printf(b, "\"source.%s.", p->name);
		floe_buf_puts(b, n->sources[i]);  /* "src.table": names of YAML keys */
		floe_buf_puts(b, "\"");
	}
	floe_buf_printf(b, "]}, \"config\": {\"enabled\": %s, \"materialized\": \"%s\"",
			n->cfg.enabled ? "true" : "false",
			floe_runtime__run_mat_name(n->cfg.materialized));
	floe_buf_puts(b, ", \"schema\": ");
	jstr(b, n->cfg.schema);
	floe_buf_puts(b, ", \"alias\": ");
	jstr(b, n->cfg.alias);
	floe_buf_puts(b, ", \"tags\": [");
	for (size_t i = 0; i < n->cfg.ntags; i++) {
		floe_buf_puts(b, i ? ", " : "");
		jstr(b, n->cfg.tags[i]);
	}
	floe_buf_puts(b, "]");
	if (n->kind == RK_TEST)
		floe_buf_printf(b, ", \"severity\": \"%s\"", n->cfg.warn ? "warn" : "ERROR");
	floe_buf_puts(b, "}");
	if (n->kind != RK_TEST) {
		floe_buf_puts(b, ", \"database\": ");
		jstr(b, n->rel.database);
		floe_buf_puts(b, ", \"schema\": ");
		jstr(b, n->rel.schema);
		floe_buf_puts(b, ", \"alias\": ");
		jstr(b, n->rel.identifier);
		floe_buf_puts(b, ", \"relation_name\": ");
		jstr(b, n->rel.sql);
	}
	if (sql) {
		floe_buf_puts(b, ", \"compiled\": true, \"compiled_code\": ");
		jstr(b, sql);
	}
	floe_buf_printf(b, ", \"floe_needs_database\": %s}", n->needs_db ? "true" : "false");
}

int floe_runner_dry_run(const floe_runner_project *p,
			const floe_runner_opts *opts, floe_buf *report)
{
	bool *sel = floe_xcalloc(p->nodes.len + 1, sizeof(bool));
	floe_buf m = FLOE_BUF_INIT, path = FLOE_BUF_INIT, tmp = FLOE_BUF_INIT;
	int rc = floe_runtime__run_select(sel, p, opts ? opts->select : p->select,
				 opts ? opts->exclude : p->exclude, NULL);
	if (rc < 0) {
		free(sel);
		floe_error_set("bad --select or --exclude");
		return rc;
	}
	floe_buf_puts(&m, "{\n  \"metadata\": {\"dbt_schema_version\": "
		      "\"https://schemas.getdbt.com/dbt/manifest/v12.json\", "
		      "\"dbt_version\": \"" FLOE_RUN_DBT_VERSION "\", \"project_name\": ");
	jstr(&m, p->name);
	floe_buf_puts(&m, ", \"adapter_type\": \"duckdb\"},\n  \"nodes\": {\n");
	size_t k = 0;
	for (size_t i = 0; i < p->nodes.len && rc == 0; i++) {
		const struct rnode *n = floe_runtime__run_node(p, i);
		if (!sel[i] || n->bad || !n->cfg.enabled)
			continue;
		if (k++)
			floe_buf_puts(&m, ",\n");
		const char *sql = masked(opts, n->sql, &tmp);
		node_json(&m, p, n, sql);
		if (n->needs_db)
			floe_buf_printf(report, "%s: needs the database (rendered with execute false)\n",
					n->unique_id);
		if (!n->sql || n->kind == RK_SEED)
			continue;
		floe_buf_clear(&path);
		/* dbt: compiled/<project>/<file>; generic tests (dbt: under their
		 * yml) in generic_tests/<name>.sql */
		if (n->kind == RK_TEST && n->test != RT_SINGULAR)
			floe_buf_printf(&path, "%s/compiled/%s/generic_tests/%s.sql",
					p->target_dir, p->name, n->name);
		else
			floe_buf_printf(&path, "%s/compiled/%s/%s", p->target_dir,
					p->name, n->path);
		rc = floe_runtime__run_write_file(path.ptr, sql, strlen(sql), false);
	}
	floe_buf_puts(&m, "\n  },\n  \"sources\": {\n");
	for (size_t i = 0; i < p->nsources; i++) {
		const struct rsource *s = &p->sources[i];
		floe_buf_printf(&m, "%s    \"source.%s.%s.%s\": {\"resource_type\": \"source\", "
				"\"source_name\": ", i ? ",\n" : "", p->name, s->source, s->table);
		jstr(&m, s->source);
		floe_buf_puts(&m, ", \"name\": ");
		jstr(&m, s->table);
		floe_buf_puts(&m, ", \"relation_name\": ");
		jstr(&m, s->rel.sql);
		floe_buf_puts(&m, "}");
	}
	floe_buf_puts(&m, "\n  },\n  \"macros\": {}, \"docs\": {}, \"exposures\": {}, "
		      "\"metrics\": {}, \"groups\": {}, \"selectors\": {}, "
		      "\"disabled\": {}, \"parent_map\": {}, \"child_map\": {}, "
		      "\"group_map\": {}, \"semantic_models\": {}, \"saved_queries\": {}, "
		      "\"unit_tests\": {}\n}\n");
	if (rc == 0) {
		floe_buf_clear(&path);
		floe_buf_printf(&path, "%s/manifest.json", p->target_dir);
		rc = floe_runtime__run_write_file(path.ptr, m.ptr, m.len, true);
	}
	floe_buf_release(&m);
	floe_buf_release(&path);
	floe_buf_release(&tmp);
	free(sel);
	return rc;
}
