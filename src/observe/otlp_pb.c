/*
 * otlp_pb.c: OTLP/protobuf for the traces endpoint: an OTLP/JSON export
 * request, as observe.c builds it, re-encoded as an
 * ExportTraceServiceRequest with protobuf-c's generated code (from the
 * opentelemetry-proto files vendored in src/observe/proto, generated at
 * build time into build/gen).
 *
 * libprotobuf-c is dlopen'ed here, by `run`, only when a protobuf protocol
 * is in use; it is never linked.  The generated code and this file are
 * compiled with the Makefile's PBC_RENAME, which renames the few
 * libprotobuf-c entry points they call (protobuf_c_message_pack, ...) to
 * floe_observe__pbc_*: the forwarders below, which call the library's
 * functions through the pointers load() fills.
 */
#include <dlfcn.h>
#include <jansson.h>
#include <pthread.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "observe/internal.h"
#include "opentelemetry/proto/collector/trace/v1/trace_service.pb-c.h"
#include "util/util.h"

/* the renamed entry points: each name below is floe_observe__pbc_* here */
#define PBC_FUNCS(X) \
	X(protobuf_c_message_pack, "protobuf_c_message_pack") \
	X(protobuf_c_message_get_packed_size, "protobuf_c_message_get_packed_size") \
	X(protobuf_c_message_pack_to_buffer, "protobuf_c_message_pack_to_buffer") \
	X(protobuf_c_message_unpack, "protobuf_c_message_unpack") \
	X(protobuf_c_message_free_unpacked, "protobuf_c_message_free_unpacked") \
	X(protobuf_c_service_generated_init, "protobuf_c_service_generated_init")

static struct {
#define X(fn, name) __typeof__(&fn) fn;
	PBC_FUNCS(X)
#undef X
} pb;

static pthread_once_t load_once = PTHREAD_ONCE_INIT;
static char load_error[256];
static bool loaded;

/* protobuf-c's empty string: the default of the generated string fields */
const char protobuf_c_empty_string[] = "";

static void load(void)
{
	const char *env = getenv("FLOE_LIBPROTOBUF_C");
	const char *names[] = { env, "libprotobuf-c.so.1" };
	void *h = NULL;
	for (size_t i = env ? 0 : 1; i < 2 && !h; i++)
		h = dlopen(names[i], RTLD_NOW | RTLD_LOCAL);
	if (!h) {
		snprintf(load_error, sizeof(load_error), "cannot load libprotobuf-c: %s",
			 dlerror());
		return;
	}
	void *p;
#define X(fn, name) \
	if (!(p = dlsym(h, name))) { \
		snprintf(load_error, sizeof(load_error), "libprotobuf-c lacks %s", name); \
		dlclose(h); return; } \
	memcpy(&pb.fn, &p, sizeof(p));
	PBC_FUNCS(X)
#undef X
	loaded = true;
}

const char *floe_observe__pbc_load(void)
{
	pthread_once(&load_once, load);
	return loaded ? NULL : load_error;
}

/* The forwarders the renamed calls land on. */
size_t protobuf_c_message_get_packed_size(const ProtobufCMessage *m)
{
	return pb.protobuf_c_message_get_packed_size(m);
}

size_t protobuf_c_message_pack(const ProtobufCMessage *m, uint8_t *out)
{
	return pb.protobuf_c_message_pack(m, out);
}

size_t protobuf_c_message_pack_to_buffer(const ProtobufCMessage *m, ProtobufCBuffer *b)
{
	return pb.protobuf_c_message_pack_to_buffer(m, b);
}

ProtobufCMessage *protobuf_c_message_unpack(const ProtobufCMessageDescriptor *d,
					    ProtobufCAllocator *a, size_t len,
					    const uint8_t *data)
{
	return pb.protobuf_c_message_unpack(d, a, len, data);
}

void protobuf_c_message_free_unpacked(ProtobufCMessage *m, ProtobufCAllocator *a)
{
	pb.protobuf_c_message_free_unpacked(m, a);
}

void protobuf_c_service_generated_init(ProtobufCService *s,
				       const ProtobufCServiceDescriptor *d,
				       ProtobufCServiceDestroy destroy)
{
	pb.protobuf_c_service_generated_init(s, d, destroy);
}

/* ---- the request ---- */

typedef Opentelemetry__Proto__Common__V1__KeyValue KeyValue;
typedef Opentelemetry__Proto__Common__V1__AnyValue AnyValue;
typedef Opentelemetry__Proto__Trace__V1__Span Span;

/* Everything a request allocates, freed together. */
struct pool {
	void **p;
	size_t n, cap;
};

static void *alloc(struct pool *pl, size_t n)
{
	if (pl->n == pl->cap) {
		pl->cap = pl->cap ? 2 * pl->cap : 64;
		pl->p = realloc(pl->p, pl->cap * sizeof(*pl->p));
		if (!pl->p)
			abort();
	}
	return pl->p[pl->n++] = floe_xcalloc(1, n ? n : 1);
}

static char *str(struct pool *pl, const json_t *j)
{
	const char *s = json_string_value(j);
	size_t n = s ? json_string_length(j) : 0;
	char *c = alloc(pl, n + 1);
	if (s)
		memcpy(c, s, n);
	return c;
}

/* An OTLP/JSON id (hex) as bytes; empty when absent or malformed. */
static ProtobufCBinaryData id(struct pool *pl, const json_t *j)
{
	ProtobufCBinaryData b = { 0, NULL };
	const char *h = json_string_value(j);
	size_t n = h ? strlen(h) : 0;
	if (!n || n % 2)
		return b;
	b.data = alloc(pl, n / 2);
	for (size_t i = 0; i < n / 2; i++) {
		unsigned v;
		if (sscanf(h + 2 * i, "%2x", &v) != 1)
			return (ProtobufCBinaryData){ 0, NULL };
		b.data[i] = (uint8_t)v;
	}
	b.len = n / 2;
	return b;
}

static KeyValue **attrs(struct pool *pl, const json_t *a, size_t *n)
{
	*n = json_array_size(a);
	KeyValue **kv = alloc(pl, *n * sizeof(*kv));
	for (size_t i = 0; i < *n; i++) {
		const json_t *e = json_array_get(a, i), *v = json_object_get(e, "value"), *x;
		KeyValue *k = alloc(pl, sizeof(*k));
		AnyValue *av = alloc(pl, sizeof(*av));
		opentelemetry__proto__common__v1__key_value__init(k);
		opentelemetry__proto__common__v1__any_value__init(av);
		k->key = str(pl, json_object_get(e, "key"));
		k->value = av;
		if ((x = json_object_get(v, "stringValue"))) {
			av->value_case = OPENTELEMETRY__PROTO__COMMON__V1__ANY_VALUE__VALUE_STRING_VALUE;
			av->string_value = str(pl, x);
		} else if ((x = json_object_get(v, "intValue"))) {  /* a string in JSON */
			av->value_case = OPENTELEMETRY__PROTO__COMMON__V1__ANY_VALUE__VALUE_INT_VALUE;
			av->int_value = json_is_string(x) ? strtoll(json_string_value(x), NULL, 10)
				: (int64_t)json_integer_value(x);
		} else if ((x = json_object_get(v, "doubleValue"))) {
			av->value_case = OPENTELEMETRY__PROTO__COMMON__V1__ANY_VALUE__VALUE_DOUBLE_VALUE;
			av->double_value = json_number_value(x);
		} else if ((x = json_object_get(v, "boolValue"))) {
			av->value_case = OPENTELEMETRY__PROTO__COMMON__V1__ANY_VALUE__VALUE_BOOL_VALUE;
			av->bool_value = json_is_true(x);
		}
		kv[i] = k;
	}
	return kv;
}

static uint64_t nanos(const json_t *j)
{
	return json_is_string(j) ? strtoull(json_string_value(j), NULL, 10)
		: (uint64_t)json_integer_value(j);
}

static Span *span(struct pool *pl, const json_t *j)
{
	Span *s = alloc(pl, sizeof(*s));
	opentelemetry__proto__trace__v1__span__init(s);
	s->trace_id = id(pl, json_object_get(j, "traceId"));
	s->span_id = id(pl, json_object_get(j, "spanId"));
	s->parent_span_id = id(pl, json_object_get(j, "parentSpanId"));
	s->name = str(pl, json_object_get(j, "name"));
	s->kind = (Opentelemetry__Proto__Trace__V1__Span__SpanKind)
		json_integer_value(json_object_get(j, "kind"));
	s->start_time_unix_nano = nanos(json_object_get(j, "startTimeUnixNano"));
	s->end_time_unix_nano = nanos(json_object_get(j, "endTimeUnixNano"));
	s->attributes = attrs(pl, json_object_get(j, "attributes"), &s->n_attributes);
	const json_t *st = json_object_get(j, "status");
	if (st) {
		Opentelemetry__Proto__Trace__V1__Status *x = alloc(pl, sizeof(*x));
		opentelemetry__proto__trace__v1__status__init(x);
		x->code = (Opentelemetry__Proto__Trace__V1__Status__StatusCode)
			json_integer_value(json_object_get(st, "code"));
		if (json_object_get(st, "message"))
			x->message = str(pl, json_object_get(st, "message"));
		s->status = x;
	}
	return s;
}

unsigned char *floe_observe__otlp_pb(const json_t *req, bool grpc, size_t *len)
{
	struct pool pl = { 0 };
	Opentelemetry__Proto__Collector__Trace__V1__ExportTraceServiceRequest r;
	opentelemetry__proto__collector__trace__v1__export_trace_service_request__init(&r);
	const json_t *rss = json_object_get(req, "resourceSpans");
	r.n_resource_spans = json_array_size(rss);
	r.resource_spans = alloc(&pl, r.n_resource_spans * sizeof(*r.resource_spans));
	for (size_t i = 0; i < r.n_resource_spans; i++) {
		const json_t *rj = json_array_get(rss, i);
		Opentelemetry__Proto__Trace__V1__ResourceSpans *rs = alloc(&pl, sizeof(*rs));
		Opentelemetry__Proto__Resource__V1__Resource *res = alloc(&pl, sizeof(*res));
		opentelemetry__proto__trace__v1__resource_spans__init(rs);
		opentelemetry__proto__resource__v1__resource__init(res);
		res->attributes = attrs(&pl, json_object_get(json_object_get(rj, "resource"),
							     "attributes"), &res->n_attributes);
		rs->resource = res;
		const json_t *sss = json_object_get(rj, "scopeSpans");
		rs->n_scope_spans = json_array_size(sss);
		rs->scope_spans = alloc(&pl, rs->n_scope_spans * sizeof(*rs->scope_spans));
		for (size_t k = 0; k < rs->n_scope_spans; k++) {
			const json_t *sj = json_array_get(sss, k), *scj = json_object_get(sj, "scope");
			Opentelemetry__Proto__Trace__V1__ScopeSpans *ss = alloc(&pl, sizeof(*ss));
			Opentelemetry__Proto__Common__V1__InstrumentationScope *sc =
				alloc(&pl, sizeof(*sc));
			opentelemetry__proto__trace__v1__scope_spans__init(ss);
			opentelemetry__proto__common__v1__instrumentation_scope__init(sc);
			sc->name = str(&pl, json_object_get(scj, "name"));
			sc->version = str(&pl, json_object_get(scj, "version"));
			ss->scope = sc;
			const json_t *sp = json_object_get(sj, "spans");
			ss->n_spans = json_array_size(sp);
			ss->spans = alloc(&pl, ss->n_spans * sizeof(*ss->spans));
			for (size_t m = 0; m < ss->n_spans; m++)
				ss->spans[m] = span(&pl, json_array_get(sp, m));
			rs->scope_spans[k] = ss;
		}
		r.resource_spans[i] = rs;
	}
	size_t n = opentelemetry__proto__collector__trace__v1__export_trace_service_request__get_packed_size(&r);
	size_t pre = grpc ? 5 : 0;
	unsigned char *out = malloc(pre + n + 1);
	if (out) {
		if (grpc) {   /* gRPC's frame: not compressed, then the length (big-endian) */
			out[0] = 0;
			out[1] = (unsigned char)(n >> 24);
			out[2] = (unsigned char)(n >> 16);
			out[3] = (unsigned char)(n >> 8);
			out[4] = (unsigned char)n;
		}
		opentelemetry__proto__collector__trace__v1__export_trace_service_request__pack(&r, out + pre);
		*len = pre + n;
	}
	for (size_t i = 0; i < pl.n; i++)
		free(pl.p[i]);
	free(pl.p);
	return out;
}
