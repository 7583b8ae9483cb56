/*
 * observe.c: the observer of a `floe run`: settings (platform.yaml's
 * observability section, under the OPENLINEAGE_* and OTEL_* variables),
 * OpenLineage RunEvents per step and for the run, OTLP/JSON spans.  It
 * builds JSON and hands it to the sender (send.c); it never touches the
 * network itself and never reads a secret value but the API key, which
 * goes only into a request header.
 */
#include <jansson.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/random.h>
#include <time.h>

#include "floe/observe.h"
#include "floe/secrets.h"
#include "observe/internal.h"
#include "runtime/duckdb.h"
#include "util/util.h"

#define PRODUCER "urn:floe:" FLOE_VERSION   /* a URI, as the spec wants */
#define SCHEMA_URL "https://openlineage.io/spec/2-0-2/OpenLineage.json#/$defs/RunEvent"
#define FACET(n, v) "https://openlineage.io/spec/facets/" v "/" n ".json#/$defs/" n
#define SPAN_BATCH 512

struct live {                /* a step between START and END */
	char *unique_id;
	char run_id[37];
	char span_id[17];
	long long start_ns;
};

struct floe_observe {
	floe_observe__sender *tx;
	struct obs_endpoint lineage, traces;
	bool lineage_on, traces_on;
	bool traces_pb;            /* traces as protobuf (http/protobuf, grpc) */
	char *project, *ns, *ds_ns, *run_job;
	char run_id[37];
	char *parent_ns, *parent_job, *parent_run;
	char trace_id[33], root_span[17], *parent_span;
	char *service, *resource_attrs;
	long long run_start_ns;
	struct live *live;
	size_t nlive, caplive;
	json_t *spans;
};

/* ---- small helpers ---- */

static const char *env(const floe_observe_opts *o, const char *name)
{
	const char *v = o->env ? o->env(o->env_ud, name) : getenv(name);
	return v && *v ? v : NULL;
}

static const char *mstr(const floe_model *m, const char *path)
{
	const floe_mval *v = floe_model_get(m, path);
	return v && v->kind == FLOE_MV_STRING && v->text[0] ? v->text : NULL;
}

static bool mbool(const floe_model *m, const char *path, bool dflt)
{
	const floe_mval *v = floe_model_get(m, path);
	return v && v->kind == FLOE_MV_BOOL ? v->v.b : dflt;
}

static long long now_ns(void)
{
	struct timespec ts;
	clock_gettime(CLOCK_REALTIME, &ts);
	return (long long)ts.tv_sec * 1000000000LL + ts.tv_nsec;
}

static void hex(char *out, size_t nbytes)
{
	unsigned char b[16];
	if (getrandom(b, nbytes, 0) != (ssize_t)nbytes)
		for (size_t i = 0; i < nbytes; i++)
			b[i] = (unsigned char)(rand() ^ (now_ns() >> (i % 8)));
	for (size_t i = 0; i < nbytes; i++)
		snprintf(out + 2 * i, 3, "%02x", b[i]);
}

/* A random (version 4) UUID. */
static void uuid(char out[37])
{
	char h[33];
	hex(h, 16);
	h[12] = '4';
	h[16] = "89ab"[h[16] % 4];
	snprintf(out, 37, "%.8s-%.4s-%.4s-%.4s-%.12s", h, h + 8, h + 12, h + 16, h + 20);
}

static json_t *iso_time(long long ns)
{
	time_t t = (time_t)(ns / 1000000000LL);
	struct tm tm;
	char b[40];
	gmtime_r(&t, &tm);
	size_t n = strftime(b, sizeof(b), "%Y-%m-%dT%H:%M:%S", &tm);
	snprintf(b + n, sizeof(b) - n, ".%03lldZ", (ns / 1000000) % 1000);
	return json_string(b);
}

static char *join(const char *a, const char *b)
{
	floe_buf x = FLOE_BUF_INIT;
	floe_buf_puts(&x, a);
	floe_buf_puts(&x, b);
	return floe_buf_detach(&x);
}

/* `base` with `path` appended unless it already has a path of its own. */
static char *with_path(const char *base, const char *path)
{
	const char *host = strstr(base, "://");
	const char *slash = host ? strchr(host + 3, '/') : NULL;
	if (strncmp(base, "file://", 7) == 0 || (slash && slash[1]))
		return floe_xstrdup(base);
	floe_buf x = FLOE_BUF_INIT;
	floe_buf_put(&x, base, slash ? (size_t)(slash - base) : strlen(base));
	floe_buf_puts(&x, path);
	return floe_buf_detach(&x);
}

static void add_header(struct obs_endpoint *ep, const char *name, size_t nlen,
		       const char *val, size_t vlen)
{
	floe_buf x = FLOE_BUF_INIT;
	floe_buf_put(&x, name, nlen);
	floe_buf_puts(&x, ": ");
	floe_buf_put(&x, val, vlen);
	ep->headers = realloc(ep->headers, (ep->nheaders + 1) * sizeof(*ep->headers));
	if (!ep->headers)
		abort();
	ep->headers[ep->nheaders++] = floe_buf_detach(&x);
}

/* OTEL_EXPORTER_OTLP_HEADERS: "k=v,k2=v2" (W3C baggage form). */
static void otlp_headers(struct obs_endpoint *ep, const char *s)
{
	while (s && *s) {
		const char *comma = strchr(s, ','), *end = comma ? comma : s + strlen(s);
		const char *eq = memchr(s, '=', (size_t)(end - s));
		if (eq && eq > s)
			add_header(ep, s, (size_t)(eq - s), eq + 1, (size_t)(end - eq - 1));
		s = comma ? comma + 1 : NULL;
	}
}

/* ---- settings ---- */

/* observability.lineage_api_key's resolved value, or NULL. */
static const floe_secret *api_key(const floe_model *m, const floe_secret_set *set)
{
	const floe_mval *v = floe_model_get(m, "/observability/lineage_api_key");
	if (!set || !v || v->kind != FLOE_MV_SECRET || !v->secret)
		return NULL;
	for (size_t i = 0; i < floe_secret_set_count(set); i++) {
		const floe_secret *s = floe_secret_set_get(set, i);
		if (s && strcmp(s->name, v->secret->name) == 0 &&
		    ((!s->key && !v->secret->key) ||
		     (s->key && v->secret->key && strcmp(s->key, v->secret->key) == 0)))
			return s;
	}
	return NULL;
}

static void setup_lineage(floe_observe *o, const floe_model *m,
			  const floe_observe_opts *opts, floe_buf *warn)
{
	const char *url = env(opts, "OPENLINEAGE_URL");
	char *full = NULL;
	if (url) {
		const char *path = env(opts, "OPENLINEAGE_ENDPOINT");
		char *p = path ? join("/", path[0] == '/' ? path + 1 : path) : NULL;
		full = with_path(url, p ? p : "/api/v1/lineage");
		free(p);
	} else if (mbool(m, "/observability/lineage", true) &&
		   (url = mstr(m, "/observability/lineage_endpoint"))) {
		full = with_path(url, "/api/v1/lineage");
	}
	if (!full || opts->no_lineage) {
		free(full);
		return;
	}
	o->lineage.url = full;
	o->lineage.content_type = "Content-Type: application/json";
	const char *key = env(opts, "OPENLINEAGE_API_KEY");
	size_t klen = key ? strlen(key) : 0;
	const floe_secret *sk = key ? NULL : api_key(m, opts->secrets);
	if (sk) {
		key = sk->value;
		klen = sk->len;
	}
	if (key && klen && !memchr(key, '\n', klen) && !memchr(key, '\r', klen) &&
	    !memchr(key, '\0', klen)) {
		floe_buf b = FLOE_BUF_INIT;
		floe_buf_puts(&b, "Bearer ");
		floe_buf_put(&b, key, klen);
		add_header(&o->lineage, "Authorization", 13, b.ptr, b.len);
		explicit_bzero(b.ptr, b.len);
		floe_buf_release(&b);
	} else if (key && klen) {
		floe_buf_printf(warn, "floe: warning: lineage: the API key holds a line break "
				"or a NUL byte; it is not sent\n");
	}
	o->lineage_on = true;
	const char *ns = env(opts, "OPENLINEAGE_NAMESPACE");
	o->ns = floe_xstrdup(ns ? ns : "default");
	const char *cat = mstr(m, "/project/catalog"), *comp = mstr(m, "/project/compute");
	char ptr[512];
	snprintf(ptr, sizeof(ptr), "/catalogs/%s/path", cat ? cat : "");
	const char *path = mstr(m, ptr);
	if (!path) {
		snprintf(ptr, sizeof(ptr), "/compute/%s/properties/path", comp ? comp : "");
		path = mstr(m, ptr);
	}
	char *abs = path ? realpath(path, NULL) : NULL;  /* the run made it */
	o->ds_ns = join("duckdb://", abs ? abs : path ? path : ":memory:");
	free(abs);
}

#define GRPC_EXPORT "/opentelemetry.proto.collector.trace.v1.TraceService/Export"

/* True when `url`'s authority ends in port 4317 (OTLP/gRPC's port). */
static bool grpc_port(const char *url)
{
	const char *host = strstr(url, "://");
	host = host ? host + 3 : url;
	size_t n = strcspn(host, "/");
	return n > 5 && strncmp(host + n - 5, ":4317", 5) == 0;
}

/* scheme://authority of `url` (http:// when it names none) + `path`. */
static char *origin_with(const char *url, const char *path)
{
	const char *host = strstr(url, "://");
	floe_buf x = FLOE_BUF_INIT;
	if (!host)
		floe_buf_puts(&x, "http://");
	const char *auth = host ? host + 3 : url;
	floe_buf_put(&x, url, (size_t)(auth - url) + strcspn(auth, "/"));
	floe_buf_puts(&x, path);
	return floe_buf_detach(&x);
}

static void setup_traces(floe_observe *o, const floe_model *m,
			 const floe_observe_opts *opts, floe_buf *warn)
{
	const char *url = env(opts, "OTEL_EXPORTER_OTLP_TRACES_ENDPOINT");
	const char *proto = env(opts, "OTEL_EXPORTER_OTLP_TRACES_PROTOCOL");
	bool signal_url = url != NULL;
	if (!proto)
		proto = env(opts, "OTEL_EXPORTER_OTLP_PROTOCOL");
	if (!url && !(url = env(opts, "OTEL_EXPORTER_OTLP_ENDPOINT")) &&
	    mbool(m, "/observability/traces", true))
		url = mstr(m, "/observability/otlp_endpoint");
	if (!url || opts->no_traces)
		return;
	/* OTel's default is http/protobuf; an endpoint on 4317 without a
	 * protocol is OTLP/gRPC's port (the seeds' http://jaeger:4317) */
	if (!proto)
		proto = strncmp(url, "file://", 7) && grpc_port(url) ? "grpc" : "http/protobuf";
	if (strcmp(proto, "grpc") == 0) {
		o->traces.wire = OBS_GRPC;
		o->traces.content_type = "Content-Type: application/grpc";
		o->traces_pb = true;
	} else if (strcmp(proto, "http/protobuf") == 0) {
		o->traces.content_type = "Content-Type: application/x-protobuf";
		o->traces_pb = true;
	} else if (strcmp(proto, "http/json") == 0) {
		o->traces.content_type = "Content-Type: application/json";
	} else {
		floe_buf_printf(warn, "floe: warning: traces: unknown OTLP protocol '%s' "
				"(grpc, http/protobuf or http/json); no spans are sent to %s\n",
				proto, url);
		return;
	}
	char *full = strncmp(url, "file://", 7) == 0 ? floe_xstrdup(url)
		: o->traces.wire == OBS_GRPC ? origin_with(url, GRPC_EXPORT)
		: signal_url ? floe_xstrdup(url) : with_path(url, "/v1/traces");
	if (strncmp(full, "file://", 7) == 0)
		o->traces_pb = false;   /* the file transport writes OTLP/JSON lines */
	o->traces.url = full;
	otlp_headers(&o->traces, env(opts, "OTEL_EXPORTER_OTLP_TRACES_HEADERS"));
	otlp_headers(&o->traces, env(opts, "OTEL_EXPORTER_OTLP_HEADERS"));
	o->traces_on = true;
	const char *svc = env(opts, "OTEL_SERVICE_NAME");
	o->service = floe_xstrdup(svc ? svc : opts->project ? opts->project : "floe");
	const char *ra = env(opts, "OTEL_RESOURCE_ATTRIBUTES");
	o->resource_attrs = ra ? floe_xstrdup(ra) : NULL;
	o->spans = json_array();
	/* TRACEPARENT: 00-<trace id>-<parent span id>-<flags> */
	const char *tp = env(opts, "TRACEPARENT");
	if (tp && strlen(tp) >= 55 && tp[2] == '-' && tp[35] == '-' && tp[52] == '-') {
		snprintf(o->trace_id, sizeof(o->trace_id), "%.32s", tp + 3);
		o->parent_span = floe_xstrndup(tp + 36, 16);
	} else {
		hex(o->trace_id, 16);
	}
	hex(o->root_span, 8);
}

/* OPENLINEAGE_PARENT_ID "namespace/job/run", or the three variables. */
static void setup_parent(floe_observe *o, const floe_observe_opts *opts)
{
	const char *id = env(opts, "OPENLINEAGE_PARENT_ID");
	const char *s1 = id ? strchr(id, '/') : NULL;
	const char *s2 = s1 ? strrchr(id, '/') : NULL;
	if (s1 && s2 > s1) {
		o->parent_ns = floe_xstrndup(id, (size_t)(s1 - id));
		o->parent_job = floe_xstrndup(s1 + 1, (size_t)(s2 - s1 - 1));
		o->parent_run = floe_xstrdup(s2 + 1);
		return;
	}
	const char *run = env(opts, "OPENLINEAGE_PARENT_RUN_ID");
	const char *job = env(opts, "OPENLINEAGE_PARENT_JOB_NAME");
	const char *ns = env(opts, "OPENLINEAGE_PARENT_JOB_NAMESPACE");
	if (run && job) {
		o->parent_run = floe_xstrdup(run);
		o->parent_job = floe_xstrdup(job);
		o->parent_ns = floe_xstrdup(ns ? ns : o->ns);
	}
}

int floe_observe_new(floe_observe **out, floe_buf *warn, const floe_model *m,
		     const floe_observe_opts *opts)
{
	floe_observe *o = floe_xcalloc(1, sizeof(*o));
	*out = NULL;
	setup_lineage(o, m, opts, warn);
	setup_traces(o, m, opts, warn);
	if (!o->lineage_on && !o->traces_on) {
		floe_observe_finish(o, NULL);
		return 0;
	}
	bool need_curl = (o->lineage_on && strncmp(o->lineage.url, "file://", 7)) ||
			 (o->traces_on && strncmp(o->traces.url, "file://", 7));
	const char *why = need_curl ? floe_observe__curl_load() : NULL;
	if (!why && o->traces_on && o->traces_pb && (why = floe_observe__pbc_load())) {
		/* no protobuf: lineage goes on, traces are off */
		floe_buf_printf(warn, "floe: warning: traces are off: %s\n", why);
		o->traces_on = false;
		why = NULL;
		if (!o->lineage_on) {
			floe_observe_finish(o, NULL);
			return FLOE_EIO;
		}
	}
	if (why || !(o->tx = floe_observe__sender_new())) {
		floe_buf_printf(warn, "floe: warning: lineage and traces are off: %s\n",
				why ? why : "cannot start the sender thread");
		floe_observe_finish(o, NULL);
		return FLOE_EIO;
	}
	o->project = floe_xstrdup(opts->project ? opts->project : "floe");
	o->run_job = join("dbt-run-", o->project);
	uuid(o->run_id);
	if (o->lineage_on)
		setup_parent(o, opts);
	*out = o;
	return 0;
}

bool floe_observe_wants_columns(const floe_observe *o)
{
	return o && o->lineage_on;
}

/* ---- OpenLineage ---- */

static json_t *facet(const char *url)
{
	return json_pack("{s:s,s:s}", "_producer", PRODUCER, "_schemaURL", url);
}

static json_t *parent_facet(const char *ns, const char *job, const char *run)
{
	json_t *f = facet(FACET("ParentRunFacet", "1-2-0"));
	json_object_set_new(f, "run", json_pack("{s:s}", "runId", run));
	json_object_set_new(f, "job", json_pack("{s:s,s:s}", "namespace", ns, "name", job));
	return f;
}

static json_t *run_facets(const floe_observe *o, bool child)
{
	json_t *f = json_object();
	json_t *pe = facet(FACET("ProcessingEngineRunFacet", "1-1-1"));
	const char *dv = floe_duckdb_version();
	/* the engine is DuckDB; the adapter that speaks OpenLineage, floe */
	json_object_set_new(pe, "version", json_string(dv ? dv : "unknown"));
	json_object_set_new(pe, "name", json_string("duckdb"));
	json_object_set_new(pe, "openlineageAdapterVersion", json_string(FLOE_VERSION));
	json_object_set_new(f, "processing_engine", pe);
	if (child)
		json_object_set_new(f, "parent", parent_facet(o->ns, o->run_job, o->run_id));
	else if (o->parent_run)
		json_object_set_new(f, "parent", parent_facet(o->parent_ns, o->parent_job,
							      o->parent_run));
	return f;
}

static json_t *event(const floe_observe *o, const char *type, const char *run_id,
		     const char *job, json_t *rfacets, json_t *jfacets)
{
	return json_pack("{s:s,s:o,s:{s:s,s:o},s:{s:s,s:s,s:o},s:[],s:[],s:s,s:s}",
			 "eventType", type, "eventTime", iso_time(now_ns()),
			 "run", "runId", run_id, "facets", rfacets,
			 "job", "namespace", o->ns, "name", job, "facets", jfacets,
			 "inputs", "outputs", "producer", PRODUCER, "schemaURL", SCHEMA_URL);
}

static void send_json(floe_observe *o, struct obs_endpoint *ep, json_t *j)
{
	char *s = json_dumps(j, JSON_COMPACT);
	json_decref(j);
	if (s)
		floe_observe__send(o->tx, ep, s, strlen(s));
}

static const char *job_type(floe_step_kind k, const char *mat)
{
	if (k == FLOE_STEP_TEST)
		return "TEST";
	if (k == FLOE_STEP_SEED)
		return "SEED";
	return mat && strcmp(mat, "snapshot") == 0 ? "SNAPSHOT" : "MODEL";
}

/* openlineage-dbt's job name: database.schema.<unique_id minus its type>. */
static char *step_job(const floe_runner_step *st)
{
	const char *uid = st->unique_id ? st->unique_id : st->name;
	const char *dot = strchr(uid, '.');
	const char *suffix = st->kind == FLOE_STEP_TEST ? ".build.test"
		: st->kind == FLOE_STEP_SEED ? ".build.seed" : ".build.run";
	floe_buf b = FLOE_BUF_INIT;
	if (st->database)
		floe_buf_printf(&b, "%s.", st->database);
	if (st->schema)
		floe_buf_printf(&b, "%s.", st->schema);
	floe_buf_printf(&b, "%s%s", dot ? dot + 1 : uid, suffix);
	return floe_buf_detach(&b);
}

static json_t *dataset(const floe_observe *o, const floe_runner_step *st)
{
	floe_buf b = FLOE_BUF_INIT;
	if (st->database)
		floe_buf_printf(&b, "%s.", st->database);
	if (st->schema)
		floe_buf_printf(&b, "%s.", st->schema);
	floe_buf_puts(&b, st->identifier ? st->identifier : st->name);
	json_t *d = json_pack("{s:s,s:s%,s:{}}", "namespace", o->ds_ns, "name",
			      b.ptr, b.len, "facets");
	floe_buf_release(&b);
	return d;
}

static void lineage_step(floe_observe *o, floe_runner_event_type type,
			 const floe_runner_step *st, const struct live *l)
{
	const char *state = type == FLOE_RUN_START ? "START"
		: st->status == FLOE_STEP_CANCELLED ? "ABORT"
		: st->status == FLOE_STEP_ERROR || st->status == FLOE_STEP_FAIL
		? "FAIL" : "COMPLETE";
	json_t *jf = json_object(), *rf = run_facets(o, true);
	json_t *jt = facet(FACET("JobTypeJobFacet", "2-0-4"));
	json_object_set_new(jt, "processingType", json_string("BATCH"));
	json_object_set_new(jt, "integration", json_string("FLOE"));
	json_object_set_new(jt, "jobType", json_string(job_type(st->kind, st->materialized)));
	json_object_set_new(jf, "jobType", jt);
	if (st->sql) {
		json_t *sq = facet(FACET("SQLJobFacet", "1-1-0"));
		json_object_set_new(sq, "query", json_string(st->sql));
		json_object_set_new(sq, "dialect", json_string("duckdb"));
		json_object_set_new(jf, "sql", sq);
	}
	if (type == FLOE_RUN_END && st->message &&
	    (st->status == FLOE_STEP_ERROR || st->status == FLOE_STEP_CANCELLED)) {
		json_t *em = facet(FACET("ErrorMessageRunFacet", "1-0-1"));
		json_object_set_new(em, "message", json_string(st->message));
		json_object_set_new(em, "programmingLanguage", json_string("SQL"));
		json_object_set_new(rf, "errorMessage", em);
	}
	char *job = step_job(st);
	json_t *ev = event(o, state, l->run_id, job, rf, jf);
	free(job);
	if (st->relation && st->kind == FLOE_STEP_TEST) {
		json_t *d = dataset(o, st);
		if (type == FLOE_RUN_END) {
			json_t *dq = facet(FACET("DataQualityAssertionsDatasetFacet", "1-1-0"));
			json_object_set_new(dq, "assertions", json_pack("[{s:s,s:b}]",
				"assertion", st->name, "success",
				st->status == FLOE_STEP_PASS || st->status == FLOE_STEP_WARN));
			json_object_set_new(json_object_get(d, "facets"), "dataQualityAssertions", dq);
		}
		json_array_append_new(json_object_get(ev, "inputs"), d);
	} else if (st->relation) {
		json_t *d = dataset(o, st);
		if (st->ncolumns) {
			json_t *sc = facet(FACET("SchemaDatasetFacet", "1-2-0")), *fs = json_array();
			for (size_t i = 0; i < st->ncolumns; i++)
				json_array_append_new(fs, json_pack("{s:s,s:s}", "name",
					st->columns[i].name, "type", st->columns[i].type));
			json_object_set_new(sc, "fields", fs);
			json_object_set_new(json_object_get(d, "facets"), "schema", sc);
		}
		if (type == FLOE_RUN_END && st->rows >= 0 && st->status == FLOE_STEP_SUCCESS) {
			json_t *os = facet(FACET("OutputStatisticsOutputDatasetFacet", "1-0-2"));
			json_object_set_new(os, "rowCount", json_integer(st->rows));
			json_object_set_new(d, "outputFacets", json_pack("{s:o}", "outputStatistics", os));
		}
		json_array_append_new(json_object_get(ev, "outputs"), d);
	}
	send_json(o, &o->lineage, ev);
}

/* ---- OTLP/JSON spans ---- */

static json_t *attr(const char *k, json_t *v)
{
	const char *kind = json_is_integer(v) ? "intValue" : json_is_real(v)
		? "doubleValue" : json_is_boolean(v) ? "boolValue" : "stringValue";
	if (json_is_integer(v)) {   /* OTLP/JSON: 64-bit integers as strings */
		char b[32];
		snprintf(b, sizeof(b), "%lld", (long long)json_integer_value(v));
		json_decref(v);
		v = json_string(b);
	}
	return json_pack("{s:s,s:{s:o}}", "key", k, "value", kind, v);
}

static json_t *span(const char *trace, const char *id, const char *parent,
		    const char *name, long long t0, long long t1, bool error,
		    const char *msg, json_t *attrs)
{
	char a[24], b[24];
	snprintf(a, sizeof(a), "%lld", t0);
	snprintf(b, sizeof(b), "%lld", t1);
	json_t *s = json_pack("{s:s,s:s,s:s,s:i,s:s,s:s,s:o}", "traceId", trace,
			      "spanId", id, "name", name, "kind", 1,
			      "startTimeUnixNano", a, "endTimeUnixNano", b,
			      "attributes", attrs);
	if (parent)
		json_object_set_new(s, "parentSpanId", json_string(parent));
	json_object_set_new(s, "status", error
		? json_pack("{s:i,s:s}", "code", 2, "message", msg ? msg : "failed")
		: json_pack("{s:i}", "code", 1));
	return s;
}

static const char *status_name(floe_step_status s)
{
	static const char *const n[] = { "pending", "success", "error", "skipped",
					 "pass", "fail", "warn", "cancelled" };
	return (unsigned)s < sizeof(n) / sizeof(*n) ? n[s] : "?";
}

static void flush_spans(floe_observe *o)
{
	if (!o->traces_on || !json_array_size(o->spans))
		return;
	json_t *res = json_array();
	json_array_append_new(res, attr("service.name", json_string(o->service)));
	for (const char *s = o->resource_attrs; s && *s;) {
		const char *c = strchr(s, ','), *e = c ? c : s + strlen(s);
		const char *eq = memchr(s, '=', (size_t)(e - s));
		if (eq && eq > s) {
			char *k = floe_xstrndup(s, (size_t)(eq - s));
			if (strcmp(k, "service.name") != 0)
				json_array_append_new(res, attr(k, json_stringn(eq + 1,
							(size_t)(e - eq - 1))));
			free(k);
		}
		s = c ? c + 1 : NULL;
	}
	json_t *spans = o->spans;
	o->spans = json_array();
	json_t *req = json_pack("{s:[{s:{s:o},s:[{s:{s:s,s:s},s:o}]}]}",
				"resourceSpans", "resource", "attributes", res,
				"scopeSpans", "scope", "name", "floe", "version",
				FLOE_VERSION, "spans", spans);
	if (!o->traces_pb) {
		send_json(o, &o->traces, req);
		return;
	}
	size_t len = 0;
	unsigned char *pb = floe_observe__otlp_pb(req, o->traces.wire == OBS_GRPC, &len);
	json_decref(req);
	if (pb)
		floe_observe__send(o->tx, &o->traces, (char *)pb, len);
}

static void trace_step(floe_observe *o, const floe_runner_step *st,
		       const struct live *l)
{
	bool err = st->status == FLOE_STEP_ERROR || st->status == FLOE_STEP_FAIL ||
		   st->status == FLOE_STEP_CANCELLED;
	json_t *a = json_array();
	json_array_append_new(a, attr("floe.node.type", json_string(
		st->kind == FLOE_STEP_SEED ? "seed" : st->kind == FLOE_STEP_TEST ? "test" : "model")));
	json_array_append_new(a, attr("floe.node.unique_id", json_string(st->unique_id)));
	if (st->relation)
		json_array_append_new(a, attr("db.collection.name", json_string(st->relation)));
	json_array_append_new(a, attr("db.system", json_string("duckdb")));
	json_array_append_new(a, attr("floe.node.status", json_string(status_name(st->status))));
	if (st->rows >= 0)
		json_array_append_new(a, attr("floe.node.rows", json_integer(st->rows)));
	if (st->kind == FLOE_STEP_TEST)
		json_array_append_new(a, attr("floe.test.failures", json_integer((json_int_t)st->failures)));
	json_array_append_new(a, attr("floe.node.seconds", json_real(st->seconds)));
	json_array_append_new(o->spans, span(o->trace_id, l->span_id, o->root_span,
		st->name, l->start_ns, now_ns(), err, st->message, a));
	if (json_array_size(o->spans) >= SPAN_BATCH)
		flush_spans(o);
}

/* ---- the public events ---- */

void floe_observe_run_start(floe_observe *o)
{
	if (!o)
		return;
	o->run_start_ns = now_ns();
	if (o->lineage_on) {
		json_t *jf = json_object();
		json_t *jt = facet(FACET("JobTypeJobFacet", "2-0-4"));
		json_object_set_new(jt, "processingType", json_string("BATCH"));
		json_object_set_new(jt, "integration", json_string("FLOE"));
		json_object_set_new(jt, "jobType", json_string("JOB"));
		json_object_set_new(jf, "jobType", jt);
		send_json(o, &o->lineage, event(o, "START", o->run_id, o->run_job,
						run_facets(o, false), jf));
	}
}

void floe_observe_step(floe_observe *o, floe_runner_event_type type,
		       const floe_runner_step *st)
{
	if (!o || !st->unique_id)
		return;
	if (type == FLOE_RUN_START) {
		if (o->nlive == o->caplive) {
			o->caplive = o->caplive ? 2 * o->caplive : 16;
			o->live = realloc(o->live, o->caplive * sizeof(*o->live));
			if (!o->live)
				abort();
		}
		struct live *l = &o->live[o->nlive++];
		l->unique_id = floe_xstrdup(st->unique_id);
		uuid(l->run_id);
		hex(l->span_id, 8);
		l->start_ns = now_ns();
		if (o->lineage_on)
			lineage_step(o, type, st, l);
		return;
	}
	for (size_t i = 0; i < o->nlive; i++) {
		struct live *l = &o->live[i];
		if (strcmp(l->unique_id, st->unique_id) != 0)
			continue;
		if (o->lineage_on)
			lineage_step(o, type, st, l);
		if (o->traces_on)
			trace_step(o, st, l);
		free(l->unique_id);
		o->live[i] = o->live[--o->nlive];
		return;
	}
	/* an END without a START (skipped, never started): it did not run */
}

void floe_observe_run_end(floe_observe *o, bool ok, bool cancelled, const char *why)
{
	if (!o)
		return;
	if (o->lineage_on) {
		json_t *rf = run_facets(o, false);
		if (!ok && why) {
			json_t *em = facet(FACET("ErrorMessageRunFacet", "1-0-1"));
			json_object_set_new(em, "message", json_string(why));
			json_object_set_new(em, "programmingLanguage", json_string("SQL"));
			json_object_set_new(rf, "errorMessage", em);
		}
		send_json(o, &o->lineage, event(o, cancelled ? "ABORT" : ok ? "COMPLETE"
						: "FAIL", o->run_id, o->run_job, rf,
						json_object()));
	}
	if (o->traces_on) {
		json_t *a = json_array();
		json_array_append_new(a, attr("floe.project", json_string(o->project)));
		json_array_append_new(o->spans, span(o->trace_id, o->root_span,
			o->parent_span, "floe run", o->run_start_ns ? o->run_start_ns
			: now_ns(), now_ns(), !ok, why, a));
		flush_spans(o);
	}
}

static void report(floe_buf *warn, const struct obs_endpoint *ep, const char *what)
{
	if (!warn || !ep->url || ep->delivered >= ep->total)
		return;
	floe_buf_printf(warn, "floe: warning: %s: %zu of %zu events not delivered to %s (%s)\n",
			what, ep->total - ep->delivered, ep->total, ep->url,
			ep->why[0] ? ep->why : "flush time ran out");
}

static void endpoint_release(struct obs_endpoint *ep)
{
	free(ep->url);
	for (size_t i = 0; i < ep->nheaders; i++) {
		explicit_bzero(ep->headers[i], strlen(ep->headers[i]));
		free(ep->headers[i]);
	}
	free(ep->headers);
}

void floe_observe_finish(floe_observe *o, floe_buf *warn)
{
	if (!o)
		return;
	floe_observe__sender_free(o->tx);   /* the bounded flush */
	report(warn, &o->lineage, "lineage");
	report(warn, &o->traces, "traces");
	endpoint_release(&o->lineage);
	endpoint_release(&o->traces);
	for (size_t i = 0; i < o->nlive; i++)
		free(o->live[i].unique_id);
	free(o->live);
	json_decref(o->spans);
	free(o->project); free(o->ns); free(o->ds_ns); free(o->run_job);
	free(o->parent_ns); free(o->parent_job); free(o->parent_run);
	free(o->parent_span); free(o->service); free(o->resource_attrs);
	free(o);
}
