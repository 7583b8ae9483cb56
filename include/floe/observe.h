/*
 * floe/observe.h: lineage (OpenLineage RunEvents) and traces (OTLP spans)
 * of a `floe run`, fed by the runner's progress events.
 *
 * The runner knows nothing of this module: the CLI creates an observer
 * from the resolved model and the environment, passes each progress event
 * on, and finishes it after the run.  Events are sent by a thread of the
 * observer's own through libcurl (dlopen'ed on the first observer, never
 * linked), off the workers' path, with bounded timeouts and a bounded
 * queue; nothing here can fail or stall the run.  docs/observability.md
 * describes the events, the settings and the bounds.
 */
#ifndef FLOE_OBSERVE_H
#define FLOE_OBSERVE_H

#include <stdbool.h>
#include "floe/buf.h"
#include "floe/launch.h"
#include "floe/model.h"
#include "floe/runner.h"

typedef struct floe_observe floe_observe;

typedef struct floe_observe_opts {
	const char *project;     /* the dbt project's name (jobs, service.name) */
	bool no_lineage;         /* --no-lineage */
	bool no_traces;          /* --no-traces */
	/*
	 * The environment's resolved secrets (floe_env_prepare's), where
	 * observability.lineage_api_key's value is found; NULL: none.  The
	 * value goes only into the lineage requests' Authorization header.
	 */
	const floe_secret_set *secrets;
	/* Environment lookup; NULL: getenv. */
	const char *(*env)(void *ud, const char *name);
	void *env_ud;
} floe_observe_opts;

/*
 * An observer for a run of model `m`'s environment: lineage when
 * observability.lineage is on with a lineage endpoint (or OPENLINEAGE_URL
 * is set), traces when observability.traces is on with otlp_endpoint (or
 * OTEL_EXPORTER_OTLP_[TRACES_]ENDPOINT is set).  *out is NULL when both
 * are off: nothing is loaded and nothing is sent.  Returns 0, or
 * FLOE_EDUCKDB-free FLOE_EIO when libcurl cannot be loaded (then *out is
 * NULL and `warn` says why; the run goes on without).  Problems of the
 * settings that do not stop the run (a protocol floe cannot send) are
 * appended to `warn`, one line each.
 */
int floe_observe_new(floe_observe **out, floe_buf *warn, const floe_model *m,
		     const floe_observe_opts *opts);
/* True when the runner should read columns back (opts.describe). */
bool floe_observe_wants_columns(const floe_observe *o);
void floe_observe_run_start(floe_observe *o);
/* A runner progress event; safe from any thread, one at a time. */
void floe_observe_step(floe_observe *o, floe_runner_event_type type,
		       const floe_runner_step *step);
/* The run ended: `ok` false is FAIL, `cancelled` ABORT; `why` a message. */
void floe_observe_run_end(floe_observe *o, bool ok, bool cancelled,
			  const char *why);
/*
 * Send what is queued, waiting at most the documented flush bound, and
 * free the observer.  For each endpoint that did not take every event, a
 * line "... N of M events not delivered to URL (why)" is appended to
 * `warn`.  Accepts NULL.
 */
void floe_observe_finish(floe_observe *o, floe_buf *warn);

#endif
