/*
 * send.c: the observer's sender: one thread, a bounded queue of requests
 * (an HTTP POST through libcurl, dlopen'ed here and nowhere else, or a
 * line appended to a file for file:// endpoints).  It never blocks the
 * caller: a full queue or a dead endpoint drops the request and counts it.
 * It does not build events (observe.c does).
 */
#include <dlfcn.h>
#include <pthread.h>
#include <stdatomic.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <strings.h>
#include <time.h>
#include <curl/curl.h>

#include "observe/internal.h"
#include "util/util.h"

#define CURL_FUNCS(X) X(curl_global_init) X(curl_easy_init) X(curl_easy_setopt) \
	X(curl_easy_perform) X(curl_easy_getinfo) X(curl_easy_cleanup)      \
	X(curl_slist_append) X(curl_slist_free_all) X(curl_easy_strerror)

static struct {
#define X(fn) __typeof__(&fn) fn;
	CURL_FUNCS(X)
#undef X
} cu;

static pthread_once_t load_once = PTHREAD_ONCE_INIT;
static char load_error[256];

static void load(void)
{
	const char *env = getenv("FLOE_LIBCURL");
	const char *names[] = { env, "libcurl.so.4", "libcurl-gnutls.so.4" };
	void *h = NULL;
	for (size_t i = env ? 0 : 1; i < 3 && !h; i++)
		h = dlopen(names[i], RTLD_NOW | RTLD_LOCAL);
	if (!h) {
		snprintf(load_error, sizeof(load_error), "cannot load libcurl: %s", dlerror());
		return;
	}
	void *p;
#define X(fn) \
	if (!(p = dlsym(h, #fn))) { \
		snprintf(load_error, sizeof(load_error), "libcurl lacks %s", #fn); \
		dlclose(h); return; } \
	memcpy(&cu.fn, &p, sizeof(p));
	CURL_FUNCS(X)
#undef X
	if (cu.curl_global_init(CURL_GLOBAL_DEFAULT) != 0) {
		snprintf(load_error, sizeof(load_error), "libcurl failed to initialise");
		cu.curl_easy_init = NULL;
	}
}

const char *floe_observe__curl_load(void)
{
	pthread_once(&load_once, load);
	return cu.curl_easy_init ? NULL : load_error;
}

struct req {
	struct req *next;
	struct obs_endpoint *ep;
	char *body;
	size_t len;
};

struct floe_observe__sender {
	pthread_t th;
	pthread_mutex_t mu;
	pthread_cond_t cv;
	struct req *head, *tail;
	size_t queued;
	bool closing;
	bool busy;              /* a request is being sent */
	atomic_bool stop;       /* the flush bound passed: abort transfers */
};

static double now_s(void)
{
	struct timespec ts;
	clock_gettime(CLOCK_MONOTONIC, &ts);
	return (double)ts.tv_sec + ts.tv_nsec / 1e9;
}

static int abort_cb(void *ud, curl_off_t a, curl_off_t b, curl_off_t c, curl_off_t d)
{
	const struct floe_observe__sender *s = ud;
	return atomic_load(&s->stop) ? 1 : 0;
}

static size_t sink(char *p, size_t size, size_t n, void *ud)
{
	return size * n;
}

/* gRPC: the grpc-status header or trailer (-1: none seen). */
struct grpc_reply {
	int status;
	char message[96];
};

static size_t on_header(char *p, size_t size, size_t n, void *ud)
{
	struct grpc_reply *g = ud;
	size_t len = size * n;
	if (len > 12 && strncasecmp(p, "grpc-status:", 12) == 0)
		g->status = atoi(p + 12);
	else if (len > 13 && strncasecmp(p, "grpc-message:", 13) == 0) {
		const char *v = p + 13, *end = p + len;
		while (v < end && (*v == ' ' || *v == '\t'))
			v++;
		while (end > v && (end[-1] == '\r' || end[-1] == '\n' || end[-1] == ' '))
			end--;
		snprintf(g->message, sizeof(g->message), "%.*s", (int)(end - v), v);
	}
	return len;
}

static void fail(struct obs_endpoint *ep, const char *why)
{
	ep->down = true;
	if (!ep->why[0])
		snprintf(ep->why, sizeof(ep->why), "%s", why);
}

static void post(struct floe_observe__sender *s, struct obs_endpoint *ep,
		 const char *body, size_t len)
{
	if (strncmp(ep->url, "file://", 7) == 0) {
		FILE *f = fopen(ep->url + 7, "a");
		if (!f || fwrite(body, 1, len, f) != len || fputc('\n', f) == EOF) {
			fail(ep, "cannot write the file");
		} else {
			ep->delivered++;
		}
		if (f && fclose(f) != 0 && !ep->down)
			fail(ep, "cannot write the file");
		return;
	}
	CURL *c = cu.curl_easy_init();
	struct curl_slist *h = NULL;
	if (!c) {
		fail(ep, "libcurl failed");
		return;
	}
	struct grpc_reply g = { -1, "" };
	h = cu.curl_slist_append(h, ep->content_type);
	for (size_t i = 0; i < ep->nheaders; i++)
		h = cu.curl_slist_append(h, ep->headers[i]);
	if (ep->wire == OBS_GRPC) {
		/* a unary call: HTTP/2 (prior knowledge on http://, ALPN on https://) */
		h = cu.curl_slist_append(h, "te: trailers");
		(cu.curl_easy_setopt)(c, CURLOPT_HTTP_VERSION, strncmp(ep->url, "https:", 6)
				      ? (long)CURL_HTTP_VERSION_2_PRIOR_KNOWLEDGE
				      : (long)CURL_HTTP_VERSION_2TLS);
		(cu.curl_easy_setopt)(c, CURLOPT_HEADERFUNCTION, on_header);
		(cu.curl_easy_setopt)(c, CURLOPT_HEADERDATA, &g);
	}
	(cu.curl_easy_setopt)(c, CURLOPT_URL, ep->url);
	(cu.curl_easy_setopt)(c, CURLOPT_HTTPHEADER, h);
	(cu.curl_easy_setopt)(c, CURLOPT_POSTFIELDS, body);
	(cu.curl_easy_setopt)(c, CURLOPT_POSTFIELDSIZE, (long)len);
	(cu.curl_easy_setopt)(c, CURLOPT_CONNECTTIMEOUT_MS, FLOE_OBSERVE_CONNECT_MS);
	(cu.curl_easy_setopt)(c, CURLOPT_TIMEOUT_MS, FLOE_OBSERVE_REQUEST_MS);
	(cu.curl_easy_setopt)(c, CURLOPT_NOSIGNAL, 1L);
	(cu.curl_easy_setopt)(c, CURLOPT_NOPROGRESS, 0L);
	(cu.curl_easy_setopt)(c, CURLOPT_XFERINFOFUNCTION, abort_cb);
	(cu.curl_easy_setopt)(c, CURLOPT_XFERINFODATA, s);
	(cu.curl_easy_setopt)(c, CURLOPT_WRITEFUNCTION, sink);
	(cu.curl_easy_setopt)(c, CURLOPT_PROTOCOLS_STR, "http,https");
	CURLcode rc = cu.curl_easy_perform(c);
	long code = 0;
	(cu.curl_easy_getinfo)(c, CURLINFO_RESPONSE_CODE, &code);
	if (rc != CURLE_OK) {
		fail(ep, cu.curl_easy_strerror(rc));
	} else if (code < 200 || code > 299) {
		char why[64];
		snprintf(why, sizeof(why), "HTTP status %ld", code);
		fail(ep, why);
	} else if (ep->wire == OBS_GRPC && g.status != 0) {
		char why[128];
		if (g.status < 0)
			snprintf(why, sizeof(why), "no grpc-status in the answer");
		else
			snprintf(why, sizeof(why), "grpc-status %d%s%s", g.status,
				 g.message[0] ? ": " : "", g.message);
		fail(ep, why);
	} else {
		ep->delivered++;
	}
	cu.curl_slist_free_all(h);
	cu.curl_easy_cleanup(c);
}

static void *run(void *arg)
{
	struct floe_observe__sender *s = arg;
	pthread_mutex_lock(&s->mu);
	for (;;) {
		while (!s->head && !s->closing)
			pthread_cond_wait(&s->cv, &s->mu);
		if (!s->head)
			break;
		struct req *r = s->head;
		s->head = r->next;
		if (!s->head)
			s->tail = NULL;
		s->queued--;
		s->busy = true;
		pthread_mutex_unlock(&s->mu);
		/* a dead endpoint is not retried: its later events are counted */
		if (!r->ep->down && !atomic_load(&s->stop))
			post(s, r->ep, r->body, r->len);
		free(r->body);
		free(r);
		pthread_mutex_lock(&s->mu);
		s->busy = false;
	}
	pthread_mutex_unlock(&s->mu);
	return NULL;
}

floe_observe__sender *floe_observe__sender_new(void)
{
	floe_observe__sender *s = floe_xcalloc(1, sizeof(*s));
	pthread_mutex_init(&s->mu, NULL);
	pthread_cond_init(&s->cv, NULL);
	atomic_init(&s->stop, false);
	if (pthread_create(&s->th, NULL, run, s) != 0) {
		pthread_mutex_destroy(&s->mu);
		pthread_cond_destroy(&s->cv);
		free(s);
		return NULL;
	}
	return s;
}

void floe_observe__send(floe_observe__sender *s, struct obs_endpoint *ep, char *body,
			size_t len)
{
	ep->total++;
	pthread_mutex_lock(&s->mu);
	if (s->queued >= FLOE_OBSERVE_QUEUE || ep->down || s->closing) {
		pthread_mutex_unlock(&s->mu);
		if (!ep->down && !ep->why[0])
			snprintf(ep->why, sizeof(ep->why), "queue full");
		free(body);
		return;
	}
	struct req *r = floe_xcalloc(1, sizeof(*r));
	r->ep = ep;
	r->body = body;
	r->len = len;
	if (s->tail)
		s->tail->next = r;
	else
		s->head = r;
	s->tail = r;
	s->queued++;
	pthread_cond_signal(&s->cv);
	pthread_mutex_unlock(&s->mu);
}

/*
 * Drain the queue for at most FLOE_OBSERVE_FLUSH_MS, then abort what is in
 * flight and drop the rest (counted as not delivered).
 */
void floe_observe__sender_free(floe_observe__sender *s)
{
	if (!s)
		return;
	double deadline = now_s() + FLOE_OBSERVE_FLUSH_MS / 1000.0;
	pthread_mutex_lock(&s->mu);
	s->closing = true;
	pthread_cond_signal(&s->cv);
	pthread_mutex_unlock(&s->mu);
	for (;;) {
		pthread_mutex_lock(&s->mu);
		bool empty = !s->head && !s->busy;
		pthread_mutex_unlock(&s->mu);
		if (empty || now_s() >= deadline)
			break;
		struct timespec ts = { 0, 10 * 1000 * 1000 };
		nanosleep(&ts, NULL);
	}
	atomic_store(&s->stop, true);
	pthread_join(s->th, NULL);
	for (struct req *r = s->head, *n; r; r = n) {
		n = r->next;
		free(r->body);
		free(r);
	}
	pthread_mutex_destroy(&s->mu);
	pthread_cond_destroy(&s->cv);
	free(s);
}
