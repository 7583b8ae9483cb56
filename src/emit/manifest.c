/*
 * manifest.c: manifest.json ("manifest_version": 1, docs/compile.md): the
 * resolved model, secrets and their variables, the environment, DuckDB's
 * version, extensions and variables, sha256 digests of inputs and outputs.
 * JSON has one escaper, so this writer prints it directly (stable order)
 * and records a use for every model value it places.
 */
#include <string.h>
#include <sodium.h>
#include "emit/compile_int.h"

struct jw {
	struct cctx *c;
	floe_buf *b;
	uint32_t line;
};

static void nl(struct jw *w, int indent)
{
	floe_buf_putc(w->b, '\n');
	w->line++;
	for (int i = 0; i < indent; i++)
		floe_buf_putc(w->b, ' ');
}

static void str(struct jw *w, const char *s)
{
	floe_buf_put_json_str(w->b, s, strlen(s));
}

static void key(struct jw *w, const char *k, int indent, bool first)
{
	if (!first)
		floe_buf_putc(w->b, ',');
	nl(w, indent);
	str(w, k);
	floe_buf_puts(w->b, ": ");
}

/* Any jansson value, objects and arrays one member per line. */
static void put_json(struct jw *w, const json_t *v, int indent)
{
	const char *k;
	json_t *item;
	size_t i;

	if (json_is_object(v) && json_object_size(v)) {
		bool first = true;
		floe_buf_putc(w->b, '{');
		json_object_foreach((json_t *)v, k, item) {
			key(w, k, indent + 2, first);
			first = false;
			put_json(w, item, indent + 2);
		}
		nl(w, indent);
		floe_buf_putc(w->b, '}');
	} else if (json_is_array(v) && json_array_size(v)) {
		floe_buf_putc(w->b, '[');
		json_array_foreach(v, i, item) {
			if (i)
				floe_buf_putc(w->b, ',');
			nl(w, indent + 2);
			put_json(w, item, indent + 2);
		}
		nl(w, indent);
		floe_buf_putc(w->b, ']');
	} else {
		floe_emit__esc_json(w->b, v);
	}
}

/* ---- the resolved model ---- */

static void put_mval(struct jw *w, const floe_mval *v, int indent)
{
	if ((v->kind == FLOE_MV_MAP || v->kind == FLOE_MV_SEQ) && v->len) {
		bool map = v->kind == FLOE_MV_MAP;
		floe_buf_putc(w->b, map ? '{' : '[');
		for (size_t i = 0; i < v->len; i++) {
			if (map) {
				key(w, v->items[i]->key, indent + 2, i == 0);
			} else {
				if (i)
					floe_buf_putc(w->b, ',');
				nl(w, indent + 2);
			}
			put_mval(w, v->items[i], indent + 2);
		}
		nl(w, indent);
		floe_buf_putc(w->b, map ? '}' : ']');
		return;
	}
	floe_model_use(w->c->m, "manifest.json", w->line, v);
	switch (v->kind) {
	case FLOE_MV_MAP: floe_buf_puts(w->b, "{}"); break;
	case FLOE_MV_SEQ: floe_buf_puts(w->b, "[]"); break;
	case FLOE_MV_STRING: str(w, v->text); break;
	case FLOE_MV_SECRET:
		floe_buf_puts(w->b, "{\"secret_ref\": ");
		str(w, v->secret ? v->secret->name : "");
		if (v->secret && v->secret->key) {
			floe_buf_puts(w->b, ", \"key\": ");
			str(w, v->secret->key);
		}
		floe_buf_puts(w->b, ", \"env\": ");
		str(w, v->secret ? v->secret->env : "");
		floe_buf_putc(w->b, '}');
		break;
	default: floe_buf_puts(w->b, v->text); break;
	}
}

/* ---- sections built as JSON ---- */

static json_t *jstr(const char *s)
{
	return s ? json_string(s) : json_null();
}

static json_t *secrets_json(struct cctx *c)
{
	json_t *a = json_array();
	for (size_t i = 0; i < floe_model_secret_count(c->m); i++) {
		const floe_msecret *s = floe_model_secret_at(c->m, i);
		json_t *o = json_object(), *k8s = json_object(), *used = json_array();
		json_object_set_new(o, "secret_ref", jstr(s->name));
		json_object_set_new(o, "key", jstr(s->key));
		json_object_set_new(o, "env", jstr(s->env));
		json_object_set_new(o, "variable", jstr(s->env));
		json_object_set_new(k8s, "name", jstr(s->k8s_name));
		json_object_set_new(k8s, "key", jstr(s->k8s_key));
		json_object_set_new(o, "kubernetes", k8s);
		for (size_t u = 0; u < s->nused; u++)
			json_array_append_new(used, jstr(floe_mval_pointer(c->m, s->used_by[u])));
		json_object_set_new(o, "used_by", used);
		json_array_append_new(a, o);
	}
	return a;
}

static json_t *env_json(struct cctx *c)
{
	json_t *a = json_array();
	for (size_t i = 0; i < floe_model_env_count(c->m); i++) {
		const floe_menv *e = floe_model_env_at(c->m, i);
		json_t *o = json_object();
		json_object_set_new(o, "name", jstr(e->name));
		if (e->secret) {
			json_object_set_new(o, "secret_ref", jstr(e->secret->name));
			json_object_set_new(o, "key", jstr(e->secret->key));
		} else {
			json_object_set_new(o, "value", jstr(e->value));
		}
		json_object_set_new(o, "from", e->from ?
			jstr(floe_mval_pointer(c->m, e->from)) : json_null());
		json_array_append_new(a, o);
	}
	return a;
}

static json_t *duckdb_json(struct cctx *c)
{
	const struct dplan *pl = &c->plan;
	json_t *o = json_object(), *exts = json_array(), *vars = json_array();
	json_t *config = json_object();
	json_object_set_new(o, "version", json_string(floe_emit__duckdb_ver_name(pl->ver)));
	json_object_set_new(o, "attach", json_string("attach.sql"));
	json_object_set_new(o, "database", jstr(pl->alias));
	json_object_set_new(o, "motherduck", jstr(pl->md_path));
	for (size_t i = 0; i < pl->nexts; i++) {
		json_t *e = json_object();
		json_object_set_new(e, "name", jstr(pl->exts[i].name));
		json_object_set_new(e, "repo", jstr(pl->exts[i].repo));
		json_array_append_new(exts, e);
	}
	json_object_set_new(o, "extensions", exts);
	for (size_t i = 0; i < pl->nsettings; i++)
		if (pl->settings[i].startup && pl->settings[i].value.kind == DV_WORD)
			json_object_set_new(config, pl->settings[i].name,
					    json_incref(pl->settings[i].value.json));
		else if (pl->settings[i].startup)
			json_object_set_new(config, pl->settings[i].name,
					    jstr(pl->settings[i].value.s));
	json_object_set_new(o, "config", config);
	for (size_t i = 0; i < pl->nvars; i++)
		json_array_append_new(vars, jstr(pl->vars[i]));
	json_object_set_new(o, "variables", vars);
	return o;
}

/* sha256 of `data` as 64 lower-case hex digits into out (libsodium). */
static void sha256_hex(char out[65], const void *data, size_t len)
{
	unsigned char h[crypto_hash_sha256_BYTES];
	static const char hex[] = "0123456789abcdef";
	crypto_hash_sha256(h, data, len);
	for (size_t i = 0; i < sizeof(h); i++) {
		out[2 * i] = hex[h[i] >> 4];
		out[2 * i + 1] = hex[h[i] & 15];
	}
	out[64] = '\0';
}

static json_t *digest(const void *data, size_t len)
{
	char hex[65];
	sha256_hex(hex, data, len);
	return json_string(hex);
}

/* The project-relative path of an input as the project opened it. */
static const char *rel(struct cctx *c, const char *path)
{
	const char *dir = floe_project_dir(c->p);
	size_t n = strlen(dir);
	if (strcmp(dir, ".") != 0 && strncmp(path, dir, n) == 0 && path[n] == '/')
		path += n + 1;
	while (path[0] == '.' && path[1] == '/')
		path += 2;
	return path;
}

static json_t *digests_json(struct cctx *c)
{
	json_t *o = json_object(), *in = json_object(), *out = json_object();
	const floe_doc *docs[2] = {
		floe_project_floe(c->p),
		floe_project_env_doc(c->p, floe_model_env_index(c->m)),
	};
	for (size_t i = 0; i < 2; i++) {
		size_t len;
		const char *text = floe_source_text(docs[i]->src, &len);
		json_object_set_new(in, rel(c, floe_source_path(docs[i]->src)),
				    digest(text ? text : "", text ? len : 0));
	}
	for (size_t i = 0; i < c->outs.len; i++) {
		const floe_output *f = &c->outs.items[i];
		json_object_set_new(out, floe_arena_printf(c->a, "%s/%s", c->out_dir,
			f->name), digest(f->data, f->len));
	}
	json_object_set_new(o, "inputs", in);
	json_object_set_new(o, "outputs", out);
	return o;
}

static json_t *head_json(struct cctx *c)
{
	const floe_mval *root = floe_model_root(c->m);
	json_t *o = json_object(), *comp = json_object();
	json_object_set_new(o, "manifest_version", json_integer(1));
	json_object_set_new(o, "generator", json_string("floe " FLOE_VERSION));
	json_object_set_new(o, "environment", jstr(floe_model_env_name(c->m)));
	json_object_set_new(o, "project", jstr(floe_mval_str(floe_mval_get(
		floe_mval_get(root, "project"), "name"))));
	json_object_set_new(comp, "profile", jstr(c->compute_name));
	json_object_set_new(comp, "type", jstr(c->compute_type));
	json_object_set_new(comp, "runner", jstr(floe_mval_str(floe_mval_get(
		c->compute, "runner"))));
	json_object_set_new(comp, "profiles", json_string("profiles.yml"));
	json_object_set_new(o, "compute", comp);
	if (c->duckdb)
		json_object_set_new(o, "duckdb", duckdb_json(c));
	json_object_set_new(o, "secrets", secrets_json(c));
	json_object_set_new(o, "env", env_json(c));
	return o;
}

int floe_emit__emit_manifest(struct cctx *c)
{
	floe_buf b = FLOE_BUF_INIT;
	struct jw w = { c, &b, 1 };
	json_t *head = head_json(c), *dig = digests_json(c);
	const char *k;
	json_t *item;
	bool first = true;

	floe_buf_putc(&b, '{');
	json_object_foreach(head, k, item) {
		key(&w, k, 2, first);
		first = false;
		put_json(&w, item, 2);
	}
	key(&w, "resolved", 2, false);
	put_mval(&w, floe_model_root(c->m), 2);
	key(&w, "digests", 2, false);
	put_json(&w, dig, 2);
	nl(&w, 0);
	floe_buf_puts(&b, "}\n");
	floe_emit__output_add(c, "manifest.json", b.ptr, b.len);
	json_decref(head);
	json_decref(dig);
	floe_buf_release(&b);
	return 0;
}
