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

struct obs_endpoint {
	char *url;              /* http(s)://... or file://PATH */
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
/* Queue `body` (taken: malloc'ed) for `ep`; never blocks on the network. */
void floe_observe__send(floe_observe__sender *s, struct obs_endpoint *ep,
			char *body);
void floe_observe__sender_free(floe_observe__sender *s);

#endif
