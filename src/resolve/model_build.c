/*
 * model_build.c: the inputs of one environment copied into the model
 * (floe.yaml's project keys and transforms, the profiles the environment
 * uses, layers, the compute's resource profile, observability with
 * platform over floe.yaml), then schema and floe defaults.  Scalars are
 * typed by what the schema wants at each key, not by YAML's guess.
 */
#include <string.h>
#include "resolve/model_int.h"

enum want { W_ANY, W_STR, W_BOOL, W_INT, W_NUM };

/* How the scalars below a node are typed. */
enum ctx {
	C_KEYED,  /* by the key that holds them */
	C_STR,    /* all strings (dict[str, str]) */
	C_ANY,    /* as YAML typed them (settings: string, number or boolean) */
};

/* Keys whose value the schema types, in the sections the model copies. */
static const char *const bool_keys[] = {
	"path_style_access", "read_only", "encrypted", "nested_namespaces",
	"token_refresh_enabled", "saas_mode", "traces", "metrics", "lineage",
	"enabled", "jaeger", "xray", "otlp", "prometheus", "cloudwatch",
	"statsd", "loki", "elasticsearch", "secure", "verify",
};
static const char *const int_keys[] = {
	"threads", "port", "retention_days", "data_inlining_row_limit",
	"rate_limit", "upload_interval", "poll_interval_seconds", "trino_version",
};
static const char *const num_keys[] = { "memory_fraction", "probability" };

/* Maps whose values are all strings (dict[str, str]). */
static const char *const str_maps[] = {
	"attributes", "env", "extra_http_headers", "roles",
};

/* Maps of engine settings: values as YAML typed them (string, number, bool). */
static const char *const any_maps[] = {
	"settings", "session_properties", "custom_settings", "server_side_parameters",
};

static bool in(const char *const *set, size_t n, const char *key)
{
	for (size_t i = 0; key && i < n; i++)
		if (strcmp(set[i], key) == 0)
			return true;
	return false;
}

static enum want want_of(const char *key)
{
	if (in(bool_keys, FLOE_ARRAY_SIZE(bool_keys), key))
		return W_BOOL;
	if (in(int_keys, FLOE_ARRAY_SIZE(int_keys), key))
		return W_INT;
	if (in(num_keys, FLOE_ARRAY_SIZE(num_keys), key))
		return W_NUM;
	return W_STR;
}

/* The context of the members of map `key`, inside context `ctx`. */
static enum ctx sub_ctx(const char *key, enum ctx ctx)
{
	if (in(str_maps, FLOE_ARRAY_SIZE(str_maps), key))
		return C_STR;
	if (in(any_maps, FLOE_ARRAY_SIZE(any_maps), key))
		return C_ANY;
	return ctx;
}

/* A scalar as YAML (or JSON) typed it. */
static floe_mval *scalar_any(floe_model *m, const floe_node *n)
{
	switch (n->kind) {
	case FLOE_NODE_BOOL: return floe_resolve__mv_bool(m, n->v.b);
	case FLOE_NODE_INT:
		if (n->flags & FLOE_NODE_BIGINT)
			return floe_resolve__mv_float(m, n->v.d);
		return floe_resolve__mv_int(m, n->v.i);
	case FLOE_NODE_FLOAT: return floe_resolve__mv_float(m, n->v.d);
	case FLOE_NODE_STRING: return floe_resolve__mv_str(m, n->text);
	default: return floe_resolve__mv_new(m, FLOE_MV_NULL);
	}
}

static floe_mval *scalar(floe_model *m, const floe_node *n, enum want w)
{
	bool b;
	int64_t i;
	double d;

	if (n->kind == FLOE_NODE_NULL)
		return floe_resolve__mv_new(m, FLOE_MV_NULL);
	if (n->text && strlen(n->text) != n->len)
		floe_diag_add(m->d, FLOE_SEV_ERROR, "compile/unwritable-value", &n->span,
			      floe_node_pointer(m->arena, n),
			      "the value holds a NUL byte, which no output can hold");
	switch (w) {
	case W_STR:
		return floe_resolve__mv_str(m, n->text);
	case W_BOOL:
		if (floe_node_as_bool(n, &b))
			return floe_resolve__mv_bool(m, b);
		break;
	case W_INT:
		if (floe_node_as_int(n, &i))
			return floe_resolve__mv_int(m, i);
		break;
	case W_NUM:
		if (floe_node_as_number(n, &d))
			return floe_resolve__mv_float(m, d);
		break;
	default:
		break;
	}
	return scalar_any(m, n);
}

/* {secret_ref: NAME[, key: KEY]} (not floe-runtime's credentials form). */
static bool is_secret_ref(const floe_node *n)
{
	const floe_node *ref = floe_node_get(n, "secret_ref");
	if (!ref || ref->kind != FLOE_NODE_STRING)
		return false;
	for (size_t i = 0; i < n->len; i++) {
		const char *k = n->keys[i]->text;
		if (strcmp(k, "secret_ref") != 0 && strcmp(k, "key") != 0)
			return false;
	}
	const floe_node *key = floe_node_get(n, "key");
	return !key || key->kind == FLOE_NODE_STRING;
}

static floe_mval *secret_ref(floe_model *m, const floe_node *n)
{
	const char *name = floe_node_get(n, "secret_ref")->text;
	const floe_node *k = floe_node_get(n, "key");
	floe_mval *v = floe_resolve__mv_new(m, FLOE_MV_SECRET);
	v->text = k ? floe_arena_printf(m->arena, "secret_ref %s key %s", name, k->text)
		    : floe_arena_printf(m->arena, "secret_ref %s", name);
	return v;  /* its floe_msecret is attached by model_derive.c */
}

/* Deep copy of an input node; `key` holds it, `ctx` types its scalars. */
static floe_mval *copy(floe_model *m, const floe_node *n, const char *key,
		       enum ctx ctx, unsigned depth)
{
	floe_mval *v;

	if (n->kind == FLOE_NODE_MAP && ctx == C_KEYED &&
	    !floe_str_eq(key, "credentials") && is_secret_ref(n)) {
		v = secret_ref(m, n);
	} else if (n->kind == FLOE_NODE_MAP) {
		enum ctx sub = sub_ctx(key, ctx);
		v = floe_resolve__mv_new(m, FLOE_MV_MAP);
		for (size_t i = 0; i < n->len && depth < 64; i++)
			floe_resolve__mv_add(m, v, n->keys[i]->text,
				     copy(m, n->items[i], n->keys[i]->text, sub,
					  depth + 1));
	} else if (n->kind == FLOE_NODE_SEQ) {
		v = floe_resolve__mv_new(m, FLOE_MV_SEQ);
		for (size_t i = 0; i < n->len && depth < 64; i++)
			floe_resolve__mv_push(m, v, copy(m, n->items[i], key, ctx,
						 depth + 1));
	} else {
		v = scalar(m, n, ctx == C_STR ? W_STR : ctx == C_ANY ? W_ANY
						   : want_of(key));
	}
	floe_resolve__mv_explicit(v, n);
	return v;
}

/* Catalog and layer `properties` are string maps; compute's are typed. */
static floe_mval *copy_profile(floe_model *m, const floe_node *n, bool compute)
{
	floe_mval *v = floe_resolve__mv_new(m, FLOE_MV_MAP);
	floe_resolve__mv_explicit(v, n);
	for (size_t i = 0; n->kind == FLOE_NODE_MAP && i < n->len; i++) {
		const char *k = n->keys[i]->text;
		enum ctx c = !compute && strcmp(k, "properties") == 0 ? C_STR : C_KEYED;
		floe_resolve__mv_add(m, v, k, copy(m, n->items[i], k, c, 1));
	}
	return v;
}

static void set_default(floe_model *m, floe_mval *map, const char *key,
			floe_mval *v, const char *note)
{
	floe_resolve__mv_default(v, note);
	floe_resolve__mv_offer(m, map, key, v, "written explicitly");
}

static const char schema_default[] = "schema default";

/* ---- project (floe.yaml) ---- */

static void project_keys(floe_model *m)
{
	static const char *const keys[] = {
		"name", "version", "service_account", "principal_role",
	};
	const floe_node *root = m->floe->root;
	floe_mval *pr = floe_resolve__mv_map(m, m->root, "project");
	floe_resolve__mv_explicit(pr, root);
	for (size_t i = 0; i < FLOE_ARRAY_SIZE(keys); i++) {
		const floe_node *n = floe_node_get(root, keys[i]);
		if (n && n->kind != FLOE_NODE_NULL)
			floe_resolve__mv_add(m, pr, keys[i], copy(m, n, keys[i], C_STR, 1));
	}
	for (size_t i = 0; i < 3; i++) {
		const struct logical_ref *r = &m->p->refs[i];
		floe_mval *v = floe_resolve__mv_str(m, r->name);
		if (r->node)
			floe_resolve__mv_explicit(v, r->node);
		else
			floe_resolve__mv_default(v, schema_default);
		floe_resolve__mv_add(m, pr, r->kind, v);
	}
}

/* ---- profiles ---- */

static const floe_node *plat(floe_model *m, const char *sec)
{
	return floe_node_get(m->plat->root, sec);
}

/* Copy profile `name` of platform section `sec` into model section `sec`. */
static floe_mval *use_profile(floe_model *m, const char *sec, const char *name,
			      bool compute)
{
	floe_mval *dst = floe_resolve__mv_map(m, m->root, sec);
	floe_mval *cur = (floe_mval *)floe_mval_get(dst, name);
	const floe_node *n = floe_node_get(plat(m, sec), name);

	if (!dst->origin.node && plat(m, sec))
		floe_resolve__mv_explicit(dst, plat(m, sec));
	if (cur || !n)
		return cur;
	return floe_resolve__mv_add(m, dst, name, copy_profile(m, n, compute));
}

static void credentials_defaults(floe_model *m, floe_mval *profile)
{
	floe_mval *cr = (floe_mval *)floe_mval_get(profile, "credentials");
	if (cr && cr->kind == FLOE_MV_MAP)
		set_default(m, cr, "mode", floe_resolve__mv_str(m, "static"), schema_default);
}

/* A duration the schema's `retention` pattern admits ("7 years", "30d"), in days. */
static bool duration_days(const char *t, int64_t *out)
{
	static const struct { const char *unit; int64_t days; } units[] = {
		{ "d", 1 }, { "day", 1 }, { "days", 1 }, { "w", 7 }, { "week", 7 },
		{ "weeks", 7 }, { "month", 30 }, { "months", 30 }, { "y", 365 },
		{ "year", 365 }, { "years", 365 },
	};
	int64_t n = 0;
	size_t i = 0;
	while (t[i] >= '0' && t[i] <= '9' && i < 7)
		n = n * 10 + (t[i++] - '0');
	if (i == 0 || n == 0)
		return false;
	if (t[i] == ' ')
		i++;
	for (size_t u = 0; u < FLOE_ARRAY_SIZE(units); u++)
		if (strcmp(t + i, units[u].unit) == 0) {
			*out = n * units[u].days;
			return true;
		}
	return false;
}

/* storage.<name>.retention ("7 years") as retention_days, for the manifest. */
static void storage_retention(floe_model *m, floe_mval *s)
{
	const floe_mval *r = floe_mval_get(s, "retention");
	int64_t days;
	if (!floe_mval_str(r) || !duration_days(floe_mval_str(r), &days))
		return;
	floe_mval *v = floe_resolve__mv_int(m, days);
	floe_resolve__mv_derived(m, v, "the storage retention in days (a month is 30 days, a year 365)",
			 r, NULL);
	floe_resolve__mv_offer(m, s, "retention_days", v, "derived from retention");
}

static void storage_defaults(floe_model *m, floe_mval *s)
{
	storage_retention(m, s);
	set_default(m, s, "type", floe_resolve__mv_str(m, "s3"), schema_default);
	const char *type = floe_resolve__mv_sget(s, "type");
	if (floe_str_eq(type, "s3") || floe_str_eq(type, "gcs"))
		set_default(m, s, "region", floe_resolve__mv_str(m, "us-east-1"), schema_default);
	if (floe_str_eq(type, "s3"))
		set_default(m, s, "path_style_access", floe_resolve__mv_bool(m, false),
			    schema_default);
	if (floe_str_eq(type, "r2"))
		set_default(m, s, "jurisdiction", floe_resolve__mv_str(m, "default"),
			    schema_default);
	credentials_defaults(m, s);
}

/* Catalog types reached through DuckDB's iceberg extension. */
static bool iceberg_type(const char *t)
{
	static const char *const types[] = {
		"polaris", "rest", "nessie", "glue", "hive", "r2", "s3tables",
	};
	return in(types, FLOE_ARRAY_SIZE(types), t);
}

static void catalog_defaults(floe_model *m, floe_mval *c)
{
	set_default(m, c, "type", floe_resolve__mv_str(m, "polaris"), schema_default);
	const char *type = floe_resolve__mv_sget(c, "type");
	if (iceberg_type(type)) {
		set_default(m, c, "namespace", floe_resolve__mv_str(m, "default"), schema_default);
		set_default(m, c, "access_delegation", floe_resolve__mv_str(m, "none"),
			    schema_default);
	} else {
		set_default(m, c, "namespace", floe_resolve__mv_str(m, "main"),
			    "floe default: a DuckDB or DuckLake catalog's schema is main");
	}
	credentials_defaults(m, c);
	floe_mval *cr = (floe_mval *)floe_mval_get(c, "credentials");
	if (floe_str_eq(floe_resolve__mv_sget(cr, "mode"), "oauth2") &&
	    floe_str_eq(type, "polaris"))
		set_default(m, cr, "scope", floe_resolve__mv_str(m, "PRINCIPAL_ROLE:ALL"),
			    "floe default: Polaris' role for all principals (DuckDB sends it too)");
	floe_mval *md = (floe_mval *)floe_mval_get(c, "metadata");
	if (md && floe_str_eq(floe_resolve__mv_sget(md, "type"), "postgres"))
		set_default(m, md, "port", floe_resolve__mv_int(m, 5432), schema_default);
}

static void compute_defaults(floe_model *m, floe_mval *c)
{
	set_default(m, c, "type", floe_resolve__mv_str(m, "duckdb"), schema_default);
	const char *type = floe_resolve__mv_sget(c, "type");
	bool duck = floe_str_eq(type, "duckdb") || floe_str_eq(type, "motherduck");
	set_default(m, c, "runner", floe_resolve__mv_str(m, duck ? "native" : "dbt"),
		    duck ? "floe default: DuckDB compute runs on the embedded runner"
			 : "floe default: this engine runs through dbt");
	credentials_defaults(m, c);
	floe_mval *pr = floe_resolve__mv_map(m, c, "properties");
	if (!pr->origin.node)
		floe_resolve__mv_default(pr, schema_default);
	if (!duck)
		return;
	if (floe_str_eq(type, "duckdb"))
		set_default(m, pr, "path", floe_resolve__mv_str(m, ":memory:"), schema_default);
	if (floe_str_eq(type, "motherduck"))
		set_default(m, pr, "saas_mode", floe_resolve__mv_bool(m, false), schema_default);
	set_default(m, pr, "duckdb_version", floe_resolve__mv_str(m, "1.5"), schema_default);
}

/* The profiles floe.yaml selects, and those the layers name. */
static void profiles(floe_model *m)
{
	const char *st = floe_resolve__mv_sget(floe_mval_get(m->root, "project"), "storage");
	const char *ca = floe_resolve__mv_sget(floe_mval_get(m->root, "project"), "catalog");
	const char *co = floe_resolve__mv_sget(floe_mval_get(m->root, "project"), "compute");
	const floe_node *layers = plat(m, "layers");

	use_profile(m, "storage", st, false);
	use_profile(m, "catalogs", ca, false);
	for (size_t i = 0; layers && layers->kind == FLOE_NODE_MAP && i < layers->len; i++) {
		const floe_node *l = layers->items[i];
		const char *s = NULL, *c = "default";
		if (floe_node_get(l, "storage_ref"))
			floe_node_as_string(floe_node_get(l, "storage_ref"), &s);
		if (floe_node_get(l, "catalog_ref"))
			floe_node_as_string(floe_node_get(l, "catalog_ref"), &c);
		if (s)
			use_profile(m, "storage", s, false);
		use_profile(m, "catalogs", c, false);
	}
	floe_mval *comp = use_profile(m, "compute", co, true);
	floe_mval *sec;
	if ((sec = (floe_mval *)floe_mval_get(m->root, "storage")))
		for (size_t i = 0; i < sec->len; i++)
			storage_defaults(m, sec->items[i]);
	if ((sec = (floe_mval *)floe_mval_get(m->root, "catalogs")))
		for (size_t i = 0; i < sec->len; i++)
			catalog_defaults(m, sec->items[i]);
	if (comp)
		compute_defaults(m, comp);
}

static void resource_profile(floe_model *m)
{
	const char *name;
	floe_mval *comp = floe_resolve__model_compute(m, &name);
	const char *rp = floe_resolve__mv_sget(comp, "resource_profile");
	const floe_node *infra = plat(m, "infrastructure");
	const floe_node *rps = floe_node_get(infra, "resource_profiles");
	if (!rp && comp && comp->kind == FLOE_MV_MAP &&
	    !floe_mval_get(comp, "resource_profile") && floe_node_get(rps, "transform")) {
		/* floe-runtime's platform files size the transform pods, unlinked */
		rp = "transform";
		set_default(m, comp, "resource_profile", floe_resolve__mv_str(m, rp),
			    floe_arena_printf(m->arena, "no resource_profile on compute '%s': "
					      "the profile named 'transform', as floe-runtime "
					      "sizes transform pods", name));
	}
	const floe_node *n = rp ? floe_node_get(rps, rp) : NULL;
	if (!n)
		return;
	floe_mval *dst = floe_resolve__mv_map(m, m->root, "infrastructure");
	floe_resolve__mv_explicit(dst, infra);
	dst = floe_resolve__mv_map(m, dst, "resource_profiles");
	floe_resolve__mv_explicit(dst, rps);
	floe_resolve__mv_add(m, dst, rp, copy(m, n, rp, C_KEYED, 2));
}

static void layers(floe_model *m)
{
	const floe_node *ls = plat(m, "layers");
	if (!ls || ls->kind != FLOE_NODE_MAP)
		return;
	floe_mval *dst = floe_resolve__mv_map(m, m->root, "layers");
	floe_resolve__mv_explicit(dst, ls);
	for (size_t i = 0; i < ls->len; i++) {
		floe_mval *l = floe_resolve__mv_add(m, dst, ls->keys[i]->text,
					    copy_profile(m, ls->items[i], false));
		if (l->kind == FLOE_MV_MAP)
			set_default(m, l, "catalog_ref", floe_resolve__mv_str(m, "default"),
				    schema_default);
	}
}

/* Platform values override floe.yaml's, key by key, maps merged. */
static void merge(floe_model *m, floe_mval *dst, const floe_node *src,
		  unsigned depth)
{
	for (size_t i = 0; src->kind == FLOE_NODE_MAP && i < src->len; i++) {
		const char *k = src->keys[i]->text;
		floe_mval *cur = (floe_mval *)floe_mval_get(dst, k);
		const floe_node *n = src->items[i];
		if (cur && cur->kind == FLOE_MV_MAP && n->kind == FLOE_NODE_MAP &&
		    depth < 64) {
			merge(m, cur, n, depth + 1);
			continue;
		}
		floe_resolve__mv_override(m, dst, k, copy(m, n, k, sub_ctx(dst->key, C_KEYED),
						  depth + 1),
				  "platform.yaml overrides floe.yaml");
	}
}

static void observability(floe_model *m)
{
	const floe_node *fo = floe_node_get(m->floe->root, "observability");
	const floe_node *po = plat(m, "observability");
	floe_mval *o = floe_resolve__mv_new(m, FLOE_MV_MAP);

	floe_resolve__mv_add(m, m->root, "observability", o);
	if (fo && fo->kind == FLOE_NODE_MAP) {
		floe_resolve__mv_explicit(o, fo);
		merge(m, o, fo, 1);
	}
	if (po && po->kind == FLOE_NODE_MAP) {
		floe_resolve__mv_explicit(o, po);
		merge(m, o, po, 1);
	}
	if (!o->origin.node)
		floe_resolve__mv_default(o, schema_default);
	set_default(m, o, "traces", floe_resolve__mv_bool(m, true), schema_default);
	set_default(m, o, "metrics", floe_resolve__mv_bool(m, true), schema_default);
	set_default(m, o, "lineage", floe_resolve__mv_bool(m, true), schema_default);
}

/*
 * transforms[]: an entry without `path` (a model and its schema, as
 * floe-runtime's successor writes them) is of the dbt project of the
 * first entry that has one, else ./dbt.
 */
static void transforms(floe_model *m)
{
	const floe_node *t = floe_node_get(m->floe->root, "transforms");
	if (!t || t->kind != FLOE_NODE_SEQ)
		return;
	floe_mval *tr = floe_resolve__mv_add(m, m->root, "transforms",
					     copy(m, t, "transforms", C_KEYED, 1));
	const floe_mval *first = NULL;
	for (size_t i = 0; !first && i < tr->len; i++)
		if (floe_mval_str(floe_mval_get(tr->items[i], "path")))
			first = floe_mval_get(tr->items[i], "path");
	for (size_t i = 0; i < tr->len; i++) {
		floe_mval *e = tr->items[i];
		if (e->kind != FLOE_MV_MAP || floe_mval_get(e, "path"))
			continue;
		floe_mval *v = floe_resolve__mv_str(m, first ? first->text : "./dbt");
		if (first)
			floe_resolve__mv_derived(m, v, "an entry without path is of the dbt "
						 "project of the first entry with one", first, NULL);
		else
			floe_resolve__mv_default(v, "floe default: an entry without path, and "
						 "none has one: the dbt project in ./dbt");
		floe_resolve__mv_offer(m, e, "path", v, "written explicitly");
	}
}

static void security(floe_model *m)
{
	const floe_node *sec = plat(m, "security");
	const floe_node *sb = floe_node_get(sec, "secret_backends");
	/* security.duckdb: the file access of floe run's DuckDB session */
	const floe_node *dd = floe_node_get(sec, "duckdb");
	bool has_sb = sb && sb->kind == FLOE_NODE_MAP;
	bool has_dd = dd && dd->kind == FLOE_NODE_MAP;
	if (!has_sb && !has_dd)
		return;
	floe_mval *dst = floe_resolve__mv_map(m, m->root, "security");
	floe_resolve__mv_explicit(dst, sec);
	if (has_sb)
		floe_resolve__mv_add(m, dst, "secret_backends", copy(m, sb, "secret_backends",
							     C_KEYED, 2));
	if (has_dd)
		floe_resolve__mv_add(m, dst, "duckdb", copy(m, dd, "duckdb", C_KEYED, 2));
}

int floe_resolve__model_inputs(floe_model *m)
{
	floe_mval *env = floe_resolve__mv_add(m, m->root, "environment",
				      floe_resolve__mv_str(m, m->env_name));
	floe_resolve__mv_derived(m, env, "the environment compiled", NULL, NULL);
	project_keys(m);
	const floe_node *ver = plat(m, "version");
	floe_mval *pv;
	if (ver && ver->kind != FLOE_NODE_NULL) {
		pv = copy(m, ver, "version", C_STR, 1);
	} else {
		pv = floe_resolve__mv_str(m, FLOE_SPEC_LATEST);
		floe_resolve__mv_default(pv, "floe default: no version means the newest");
	}
	floe_resolve__mv_add(m, m->root, "platform_version", pv);
	profiles(m);
	resource_profile(m);
	layers(m);
	transforms(m);
	observability(m);
	security(m);
	return 0;
}

floe_mval *floe_resolve__model_compute(floe_model *m, const char **name)
{
	*name = floe_resolve__mv_sget(floe_mval_get(m->root, "project"), "compute");
	return (floe_mval *)floe_mval_get(floe_mval_get(m->root, "compute"), *name);
}

floe_mval *floe_resolve__model_profile(floe_model *m, const char *kind, const char *sec)
{
	const char *name = floe_resolve__mv_sget(floe_mval_get(m->root, "project"), kind);
	return (floe_mval *)floe_mval_get(floe_mval_get(m->root, sec), name);
}
