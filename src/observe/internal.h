/* internal.h: what observe.c and send.c share. */
#ifndef FLOE_OBSERVE_INTERNAL_H
#define FLOE_OBSERVE_INTERNAL_H

#include <stdbool.h>
#include <stddef.h>

/* The bounds of docs/observability.md. */
#define FLOE_OBSERVE_CONNECT_MS 2000L   /* connecting to an endpoint */
#define FLOE_OBSERVE_REQUEST_MS 5000L   /* one request, all in */
#define FLOE_OBSERVE_FLUSH_MS   5000L   /* draining the queue at exit */
#define FLOE_OBSERVE_QUEUE      4096    /* requests waiting */

enum obs_wire {
	OBS_HTTP,               /* a POST; 2xx is delivered */
	OBS_GRPC,               /* a unary gRPC call over HTTP/2: grpc-status 0 is delivered */
};

struct obs_endpoint {
	char *url;              /* http(s)://... or file://PATH */
	enum obs_wire wire;
	const char *content_type;  /* "Content-Type: ..." */
	char **headers;         /* "Name: value" (may hold a secret: never shown) */
	size_t nheaders;
	size_t total, delivered;   /* written by the sender thread / caller */
	bool down;              /* a request failed: later ones are dropped */
	char why[128];          /* the first failure, no secret in it */
};

typedef struct floe_observe__sender floe_observe__sender;

/* NULL when libcurl loaded, else why not (static storage). */
const char *floe_observe__curl_load(void);
floe_observe__sender *floe_observe__sender_new(void);
/*
 * Queue `body` (taken: malloc'ed, `len` bytes; a file:// endpoint gets it
 * and a newline) for `ep`; never blocks on the network.
 */
void floe_observe__send(floe_observe__sender *s, struct obs_endpoint *ep,
			char *body, size_t len);

/* otlp_pb.c: NULL when libprotobuf-c loaded (dlopen), else why not. */
const char *floe_observe__pbc_load(void);
/*
 * The OTLP/JSON export request `req` (observe.c's) as a protobuf
 * ExportTraceServiceRequest; with `grpc`, behind gRPC's 5-byte message
 * prefix.  malloc'ed, *len bytes; NULL when out of memory.  Only after
 * floe_observe__pbc_load() succeeded.
 */
struct json_t;
unsigned char *floe_observe__otlp_pb(const struct json_t *req, bool grpc, size_t *len);
void floe_observe__sender_free(floe_observe__sender *s);

#endif
