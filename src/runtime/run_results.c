/*
 * run_results.c: what a run did: the steps in the order they ended, dbt's
 * run_results.json (schema v6 where it fits), the progress and summary
 * lines the CLI prints, and a small sample of a built table for the demo.
 * Nothing here prints; the file is written atomically (temp + rename).
 */
#include <errno.h>
#include <fcntl.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/random.h>
#include <sys/stat.h>
#include <sys/time.h>
#include <time.h>
#include <unistd.h>
#include "run_int.h"
#include "runtime/duckdb.h"

static const char *copy(floe_arena *a, const char *s)
{
	return s ? floe_arena_strdup(a, s) : NULL;
}

static double wall_now(void)
{
	struct timeval tv;
	gettimeofday(&tv, NULL);
	return (double)tv.tv_sec + tv.tv_usec / 1e6;
}

floe_runner_results *floe_runtime__run_results_new(const floe_runner_project *p,
					  const floe_runner_opts *o)
{
	floe_arena *a = floe_arena_new();
	floe_runner_results *r = floe_arena_alloc(a, sizeof(*r));
	r->a = a;
	r->t0_ms = floe_now_ms();
	r->t0_wall = wall_now();
	r->project = copy(a, p->name);
	r->target_name = copy(a, p->target_name);
	r->select = copy(a, o->select);
	r->exclude = copy(a, o->exclude);
	r->threads = o->threads ? o->threads : 1;
	r->full_refresh = o->full_refresh;
	return r;
}

static void *grow(floe_arena *a, void *old, size_t n, size_t cap, size_t size)
{
	void *p = floe_arena_alloc(a, cap * size);
	if (n)
		memcpy(p, old, n * size);
	return p;
}

void floe_runtime__run_results_add(floe_runner_results *r, const floe_runner_step *s,
			  const char *sql, const char *rel_sql, unsigned thread,
			  double started)
{
	if (r->nsteps == r->cap) {
		size_t cap = r->cap ? 2 * r->cap : 32;
		r->steps = grow(r->a, r->steps, r->nsteps, cap, sizeof(*r->steps));
		r->sql = grow(r->a, r->sql, r->nsteps, cap, sizeof(*r->sql));
		r->rel_sql = grow(r->a, r->rel_sql, r->nsteps, cap, sizeof(*r->rel_sql));
		r->thread = grow(r->a, r->thread, r->nsteps, cap, sizeof(*r->thread));
		r->started = grow(r->a, r->started, r->nsteps, cap, sizeof(*r->started));
		r->cap = cap;
	}
	floe_runner_step *d = &r->steps[r->nsteps];
	*d = *s;
	d->name = copy(r->a, s->name);
	d->unique_id = copy(r->a, s->unique_id);
	d->relation = copy(r->a, s->relation);
	d->materialized = copy(r->a, s->materialized);
	d->message = copy(r->a, s->message);
	r->sql[r->nsteps] = copy(r->a, sql);
	d->sql = r->sql[r->nsteps];
	d->database = copy(r->a, s->database);
	d->schema = copy(r->a, s->schema);
	d->identifier = copy(r->a, s->identifier);
	r->rel_sql[r->nsteps] = copy(r->a, rel_sql);
	r->thread[r->nsteps] = thread;
	r->started[r->nsteps] = started;
	r->nsteps++;
}

void floe_runtime__run_results_done(floe_runner_results *r, bool cancelled)
{
	r->elapsed = (floe_now_ms() - r->t0_ms) / 1000.0;
	r->cancelled = cancelled;
}

size_t floe_runner_results_count(const floe_runner_results *r)
{
	return r->nsteps;
}

const floe_runner_step *floe_runner_results_at(const floe_runner_results *r,
					       size_t i)
{
	return i < r->nsteps ? &r->steps[i] : NULL;
}

size_t floe_runner_results_with(const floe_runner_results *r,
				floe_step_status status)
{
	size_t n = 0;
	for (size_t i = 0; i < r->nsteps; i++)
		n += r->steps[i].status == status;
	return n;
}

bool floe_runner_results_ok(const floe_runner_results *r)
{
	for (size_t i = 0; i < r->nsteps; i++) {
		floe_step_status st = r->steps[i].status;
		if (st == FLOE_STEP_ERROR || st == FLOE_STEP_FAIL ||
		    st == FLOE_STEP_SKIPPED || st == FLOE_STEP_CANCELLED)
			return false;
	}
	return true;
}

bool floe_runner_results_cancelled(const floe_runner_results *r)
{
	return r->cancelled;
}

void floe_runner_results_free(floe_runner_results *r)
{
	if (r)
		floe_arena_free(r->a);
}

/* ---- run_results.json ---- */

static void put_time(floe_buf *b, double wall)
{
	time_t t = (time_t)wall;
	struct tm tm;
	char tmp[40];
	gmtime_r(&t, &tm);
	strftime(tmp, sizeof(tmp), "%Y-%m-%dT%H:%M:%S", &tm);
	floe_buf_printf(b, "\"%s.%06ldZ\"", tmp,
			(long)((wall - (double)t) * 1e6) % 1000000);
}

static void put_str(floe_buf *b, const char *s)
{
	if (s)
		floe_buf_put_json_str(b, s, strlen(s));
	else
		floe_buf_puts(b, "null");
}

static const char *dbt_status(const floe_runner_step *s)
{
	switch (s->status) {
	case FLOE_STEP_SUCCESS: return "success";
	case FLOE_STEP_ERROR: return "error";
	case FLOE_STEP_PASS: return "pass";
	case FLOE_STEP_FAIL: return "fail";
	case FLOE_STEP_WARN: return "warn";
	default: return "skipped";
	}
}

static void put_uuid(floe_buf *b)
{
	unsigned char u[16];
	if (getrandom(u, sizeof(u), 0) != (ssize_t)sizeof(u)) {
		double t = wall_now();
		memcpy(u, &t, sizeof(t));
		pid_t pid = getpid();
		memcpy(u + 8, &pid, sizeof(pid));
	}
	u[6] = (u[6] & 0x0f) | 0x40;
	u[8] = (u[8] & 0x3f) | 0x80;
	floe_buf_putc(b, '"');
	for (int i = 0; i < 16; i++)
		floe_buf_printf(b, "%s%02x", i == 4 || i == 6 || i == 8 || i == 10
				? "-" : "", u[i]);
	floe_buf_putc(b, '"');
}

static void put_message(floe_buf *b, const floe_runner_step *s)
{
	floe_buf m = FLOE_BUF_INIT;
	if (s->message)
		floe_buf_puts(&m, s->message);
	else if (s->kind == FLOE_STEP_TEST && s->status != FLOE_STEP_PASS)
		floe_buf_printf(&m, "Got %llu result%s, configured to %s if != 0",
				(unsigned long long)s->failures,
				s->failures == 1 ? "" : "s",
				s->status == FLOE_STEP_WARN ? "warn" : "fail");
	else if (s->kind != FLOE_STEP_TEST)
		floe_buf_puts(&m, s->rows >= 0 ? "OK" : "OK");
	if (m.len)
		floe_buf_put_json_str(b, m.ptr, m.len);
	else
		floe_buf_puts(b, "null");
	floe_buf_release(&m);
}

static void put_result(floe_buf *b, const floe_runner_results *r, size_t i)
{
	const floe_runner_step *s = &r->steps[i];
	double start = r->t0_wall + (r->started[i] - r->t0_ms) / 1000.0;
	floe_buf_printf(b, "    {\n      \"status\": \"%s\",\n      \"timing\": [",
			dbt_status(s));
	if (r->thread[i]) {
		floe_buf_puts(b, "{\"name\": \"execute\", \"started_at\": ");
		put_time(b, start);
		floe_buf_puts(b, ", \"completed_at\": ");
		put_time(b, start + s->seconds);
		floe_buf_puts(b, "}");
	}
	floe_buf_printf(b, "],\n      \"thread_id\": \"Thread-%u\",\n"
			"      \"execution_time\": %.6f,\n      \"adapter_response\": {",
			r->thread[i], s->seconds);
	if (s->status == FLOE_STEP_SUCCESS)
		floe_buf_printf(b, "\"_message\": \"OK\", \"rows_affected\": %lld",
				(long long)(s->rows > 0 ? s->rows : 0));
	floe_buf_puts(b, "},\n      \"message\": ");
	put_message(b, s);
	floe_buf_puts(b, ",\n      \"failures\": ");
	if (s->kind == FLOE_STEP_TEST && s->status != FLOE_STEP_SKIPPED &&
	    s->status != FLOE_STEP_CANCELLED && s->status != FLOE_STEP_ERROR)
		floe_buf_printf(b, "%llu", (unsigned long long)s->failures);
	else
		floe_buf_puts(b, "null");
	floe_buf_puts(b, ",\n      \"unique_id\": ");
	put_str(b, s->unique_id);
	floe_buf_printf(b, ",\n      \"compiled\": %s,\n      \"compiled_code\": ",
			r->sql[i] ? "true" : "false");
	put_str(b, r->sql[i]);
	floe_buf_puts(b, ",\n      \"relation_name\": ");
	put_str(b, s->kind == FLOE_STEP_TEST ? NULL : r->rel_sql[i]);
	floe_buf_puts(b, "\n    }");
}

static void runner_results_json(floe_buf *out, const floe_runner_results *r)
{
	floe_buf_puts(out, "{\n  \"metadata\": {\n    \"dbt_schema_version\": "
		      "\"https://schemas.getdbt.com/dbt/run-results/v6.json\",\n"
		      "    \"dbt_version\": \"floe " FLOE_VERSION "\",\n"
		      "    \"generated_at\": ");
	put_time(out, r->t0_wall + r->elapsed);
	floe_buf_puts(out, ",\n    \"invocation_id\": ");
	put_uuid(out);
	floe_buf_puts(out, ",\n    \"env\": {}\n  },\n  \"results\": [\n");
	for (size_t i = 0; i < r->nsteps; i++) {
		put_result(out, r, i);
		floe_buf_puts(out, i + 1 < r->nsteps ? ",\n" : "\n");
	}
	floe_buf_printf(out, "  ],\n  \"elapsed_time\": %.6f,\n  \"args\": {\n"
			"    \"which\": \"build\",\n    \"project\": ", r->elapsed);
	put_str(out, r->project);
	floe_buf_puts(out, ",\n    \"target\": ");
	put_str(out, r->target_name);
	floe_buf_puts(out, ",\n    \"select\": ");
	put_str(out, r->select);
	floe_buf_puts(out, ",\n    \"exclude\": ");
	put_str(out, r->exclude);
	floe_buf_printf(out, ",\n    \"threads\": %u,\n    \"full_refresh\": %s,\n"
			"    \"cancelled\": %s\n  }\n}\n", r->threads,
			r->full_refresh ? "true" : "false",
			r->cancelled ? "true" : "false");
}

static int write_all(int fd, const char *p, size_t n)
{
	while (n) {
		ssize_t w = write(fd, p, n);
		if (w < 0 && errno == EINTR)
			continue;
		if (w <= 0)
			return -1;
		p += w;
		n -= (size_t)w;
	}
	return 0;
}

/* mkdir -p of the directory part of `path` (dbt creates target/ too). */
static void make_parent(const char *path)
{
	char *dir = floe_xstrdup(path);
	char *slash = strrchr(dir, '/');
	if (slash && slash != dir) {
		*slash = '\0';
		for (char *s = dir + 1; *s; s++)
			if (*s == '/') {
				*s = '\0';
				mkdir(dir, 0755);
				*s = '/';
			}
		mkdir(dir, 0755);
	}
	free(dir);
}

int floe_runtime__run_write_file(const char *path, const char *data, size_t len,
			bool sync)
{
	floe_buf tmp = FLOE_BUF_INIT;
	int rc = 0;
	make_parent(path);
	/* a fresh name, never a file or symlink planted there (O_EXCL) */
	int fd = floe_fs_create_temp(&tmp, path, 0644);
	if (fd < 0 || write_all(fd, data, len) < 0 || (sync && fsync(fd) < 0)) {
		floe_error_set("cannot write '%s': %s", path, strerror(errno));
		rc = FLOE_EIO;
	}
	if (fd >= 0 && close(fd) < 0 && rc == 0) {
		floe_error_set("cannot write '%s': %s", path, strerror(errno));
		rc = FLOE_EIO;
	}
	if (rc == 0 && rename(tmp.ptr, path) < 0) {
		floe_error_set("cannot write '%s': %s", path, strerror(errno));
		rc = FLOE_EIO;
	}
	if (rc < 0 && fd >= 0)
		unlink(tmp.ptr);
	floe_buf_release(&tmp);
	return rc;
}

int floe_runner_results_write(const floe_runner_results *r, const char *path)
{
	floe_buf json = FLOE_BUF_INIT;
	runner_results_json(&json, r);
	int rc = floe_runtime__run_write_file(path, json.ptr ? json.ptr : "", json.len, true);
	floe_buf_release(&json);
	return rc;
}

/* ---- progress lines ---- */

static const char *what(const floe_runner_step *s)
{
	if (s->kind == FLOE_STEP_SEED)
		return "seed";
	return s->materialized;
}

static void describe(floe_buf *b, floe_runner_event_type type,
		     const floe_runner_step *s, floe_buf *tail)
{
	bool model = s->kind != FLOE_STEP_TEST;
	const char *rel = s->relation ? s->relation : s->name;
	if (type == FLOE_RUN_START) {
		if (model)
			floe_buf_printf(b, "START %s %s%s", what(s),
					s->kind == FLOE_STEP_MODEL ? "model " : "", rel);
		else
			floe_buf_printf(b, "START test %s", s->name);
		floe_buf_puts(tail, "[RUN]");
		return;
	}
	switch (s->status) {
	case FLOE_STEP_SUCCESS:
		floe_buf_printf(b, "OK %s %s%s%s", s->kind == FLOE_STEP_SEED ? "loaded"
				: s->incremental ? "updated" : "created", what(s),
				s->kind == FLOE_STEP_MODEL ? " model " : " ", rel);
		if (s->rows >= 0)
			floe_buf_printf(tail, "[OK %lld row%s in %.2fs]", (long long)s->rows,
					s->rows == 1 ? "" : "s", s->seconds);
		else
			floe_buf_printf(tail, "[OK in %.2fs]", s->seconds);
		break;
	case FLOE_STEP_ERROR:
		floe_buf_printf(b, "ERROR %s %s", model ? what(s) : "test",
				model ? rel : s->name);
		floe_buf_printf(tail, "[ERROR in %.2fs]", s->seconds);
		break;
	case FLOE_STEP_PASS:
		floe_buf_printf(b, "PASS %s", s->name);
		floe_buf_printf(tail, "[PASS in %.2fs]", s->seconds);
		break;
	case FLOE_STEP_FAIL:
	case FLOE_STEP_WARN: {
		const char *w = s->status == FLOE_STEP_FAIL ? "FAIL" : "WARN";
		floe_buf_printf(b, "%s %llu %s", w, (unsigned long long)s->failures,
				s->name);
		floe_buf_printf(tail, "[%s %llu in %.2fs]", w,
				(unsigned long long)s->failures, s->seconds);
		break;
	}
	default: {
		bool cancel = s->status == FLOE_STEP_CANCELLED;
		floe_buf_printf(b, "%s %s %s", cancel ? "CANCEL" : "SKIP",
				model ? what(s) : "test", model ? rel : s->name);
		floe_buf_puts(tail, cancel ? "[CANCEL]" : "[SKIP]");
		break;
	}
	}
}

void floe_runner_format_step(floe_buf *out, floe_runner_event_type type,
			     const floe_runner_step *step, unsigned width)
{
	floe_buf line = FLOE_BUF_INIT, tail = FLOE_BUF_INIT;
	if (!width)
		width = 80;
	floe_buf_printf(&line, "%zu of %zu ", step->index, step->total);
	describe(&line, type, step, &tail);
	size_t cps = floe_utf8_count(line.ptr, line.len);
	floe_buf_putc(&line, ' ');
	for (size_t i = cps + 1; i + 1 < width; i++)
		floe_buf_putc(&line, '.');
	floe_buf_printf(out, "%s %s\n", line.ptr, tail.ptr);
	floe_buf_release(&line);
	floe_buf_release(&tail);
}

static void count_kinds(floe_buf *b, const floe_runner_results *r)
{
	static const char *const names[][2] = {
		{ "seed", "seeds" }, { "model", "models" }, { "test", "tests" },
	};
	size_t n[3] = { 0, 0, 0 };
	bool any = false;
	for (size_t i = 0; i < r->nsteps; i++)
		n[r->steps[i].kind]++;
	for (int k = 0; k < 3; k++) {
		if (!n[k])
			continue;
		floe_buf_printf(b, "%s%zu %s", any ? ", " : "", n[k],
				names[k][n[k] != 1]);
		any = true;
	}
	if (!any)
		floe_buf_puts(b, "nothing");
}

void floe_runner_format_summary(floe_buf *out, const floe_runner_results *r)
{
	size_t ok = floe_runner_results_with(r, FLOE_STEP_SUCCESS) +
		    floe_runner_results_with(r, FLOE_STEP_PASS);
	size_t warn = floe_runner_results_with(r, FLOE_STEP_WARN);
	size_t err = floe_runner_results_with(r, FLOE_STEP_ERROR) +
		     floe_runner_results_with(r, FLOE_STEP_FAIL);
	size_t skip = floe_runner_results_with(r, FLOE_STEP_SKIPPED);
	size_t cancel = floe_runner_results_with(r, FLOE_STEP_CANCELLED);

	floe_buf_puts(out, "\nFinished running ");
	count_kinds(out, r);
	floe_buf_printf(out, " in %.2fs%s.\n\n", r->elapsed,
			r->cancelled ? " (cancelled)" : "");
	if (r->cancelled)
		floe_buf_printf(out, "Cancelled: %zu step%s did not finish\n", cancel,
				cancel == 1 ? "" : "s");
	else if (!err && !skip)
		floe_buf_printf(out, "Completed successfully%s\n",
				warn ? ", with warnings" : "");
	else
		floe_buf_printf(out, "Completed with %zu error%s, %zu skipped and "
				"%zu warning%s:\n", err, err == 1 ? "" : "s", skip,
				warn, warn == 1 ? "" : "s");
	for (size_t i = 0; i < r->nsteps; i++) {
		const floe_runner_step *s = &r->steps[i];
		if (s->status != FLOE_STEP_ERROR && s->status != FLOE_STEP_FAIL &&
		    s->status != FLOE_STEP_WARN)
			continue;
		floe_buf_printf(out, "\n%s in %s %s\n", s->status == FLOE_STEP_WARN
				? "Warning" : "Failure", s->kind == FLOE_STEP_TEST ? "test"
				: s->kind == FLOE_STEP_SEED ? "seed" : "model", s->name);
		if (s->message)
			floe_buf_printf(out, "  %s\n", s->message);
		else
			floe_buf_printf(out, "  Got %llu result%s, configured to %s if != 0\n",
					(unsigned long long)s->failures,
					s->failures == 1 ? "" : "s",
					s->status == FLOE_STEP_WARN ? "warn" : "fail");
	}
	floe_buf_printf(out, "\nDone. PASS=%zu WARN=%zu ERROR=%zu SKIP=%zu", ok,
			warn, err, skip);
	if (cancel)
		floe_buf_printf(out, " CANCEL=%zu", cancel);
	floe_buf_printf(out, " TOTAL=%zu\n", r->nsteps);
}

/* ---- a sample of a table ---- */

#define CELL_MAX 40

static size_t cell_width(const char *s)
{
	size_t n = floe_utf8_count(s, strlen(s));
	return n > CELL_MAX ? CELL_MAX : n;
}

static void put_cell(floe_buf *b, const char *s, size_t width, bool last)
{
	size_t n = floe_utf8_count(s, strlen(s));
	if (n > CELL_MAX) {
		floe_buf_put(b, s, floe_utf8_offset(s, strlen(s), CELL_MAX - 1));
		floe_buf_puts(b, "~");
		n = CELL_MAX;
	} else {
		floe_buf_puts(b, s);
	}
	for (size_t i = n; !last && i < width; i++)
		floe_buf_putc(b, ' ');
}

static void format_table(floe_buf *out, const floe_duckdb_result *r)
{
	size_t cols = floe_runtime__duckdb_result_cols(r);
	uint64_t rows = floe_runtime__duckdb_result_rows(r);
	char **cells = floe_xcalloc((rows + 1) * cols + 1, sizeof(char *));
	size_t *w = floe_xcalloc(cols + 1, sizeof(size_t));
	floe_buf v = FLOE_BUF_INIT;
	for (size_t c = 0; c < cols; c++) {
		cells[c] = floe_xstrdup(floe_runtime__duckdb_result_name(r, c));
		for (uint64_t i = 0; i < rows; i++) {
			bool ok = floe_runtime__duckdb_result_value(&v, r, c, i);
			cells[(i + 1) * cols + c] = floe_xstrdup(ok ? floe_buf_cstr(&v) : "NULL");
		}
	}
	for (size_t k = 0; k < (rows + 1) * cols; k++)
		if (cell_width(cells[k]) > w[k % cols])
			w[k % cols] = cell_width(cells[k]);
	for (uint64_t i = 0; i <= rows; i++) {
		for (size_t c = 0; c < cols; c++) {
			floe_buf_puts(out, c ? " | " : "");
			put_cell(out, cells[i * cols + c], w[c], c + 1 == cols);
		}
		floe_buf_putc(out, '\n');
		for (size_t c = 0; i == 0 && c < cols; c++) {
			floe_buf_puts(out, c ? "-+-" : "");
			for (size_t k = 0; k < w[c]; k++)
				floe_buf_putc(out, '-');
		}
		if (i == 0)
			floe_buf_putc(out, '\n');
	}
	for (size_t k = 0; k < (rows + 1) * cols; k++)
		free(cells[k]);
	free(cells);
	free(w);
	floe_buf_release(&v);
}

int floe_runner_sample(floe_buf *out, const floe_runner_project *p,
		       floe_duckdb_db *db, const char *name, size_t rows)
{
	const struct rnode *n = floe_runtime__run_find(p, name);
	floe_duckdb_conn *c = NULL;
	floe_duckdb_result *r = NULL;
	floe_buf q = FLOE_BUF_INIT;
	int rc;

	if (!n) {
		floe_error_set("no model or seed named '%s'", name);
		return FLOE_ENOTFOUND;
	}
	if ((rc = floe_runtime__duckdb_connect(&c, NULL, db)) < 0)
		return rc;
	floe_buf_printf(&q, "SELECT COLUMNS(*)::VARCHAR FROM %s LIMIT %zu",
			n->rel.sql, rows);
	floe_buf err = FLOE_BUF_INIT;
	if ((rc = floe_runtime__duckdb_query(&r, &err, c, q.ptr)) == 0) {
		format_table(out, r);
	} else {
		floe_runtime__run_old_alias_hint(&err, c, n->sql);
		floe_error_set("%s", floe_buf_cstr(&err));
	}
	floe_buf_release(&err);
	floe_runtime__duckdb_result_free(r);
	floe_runtime__duckdb_disconnect(c);
	floe_buf_release(&q);
	return rc;
}
