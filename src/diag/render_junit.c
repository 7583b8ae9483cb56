/*
 * render_junit.c: diagnostics as JUnit XML for CI test reporters.  Each
 * checked file is a test case; a file with errors fails with one <failure>
 * (most readers show one per test case) whose body holds the text of all
 * its errors; warnings and notes go to <system-out>.  Diagnostics without
 * a file make a test case named after the tool.
 */
#include <string.h>
#include "diag/render.h"

/* XML text or attribute value, made valid UTF-8 first. */
static void put_xml(floe_buf *b, const char *s)
{
	floe_buf tmp = FLOE_BUF_INIT;
	floe_diag__render_put_utf8(&tmp, s);
	floe_buf_put_xml(b, floe_buf_cstr(&tmp), tmp.len);
	floe_buf_release(&tmp);
}

/* Whether x belongs to the test case of `file` (NULL: no file at all). */
static bool belongs(const floe_diag *x, const char *file)
{
	if (!file)
		return x->span.src == NULL;
	return x->span.src && strcmp(floe_source_path(x->span.src), file) == 0;
}

static size_t count_in(const floe_diags *d, const char *file, bool errors)
{
	size_t n = 0;
	for (size_t i = 0; i < floe_diags_count(d); i++) {
		const floe_diag *x = floe_diags_at(d, i);
		if (belongs(x, file) && (x->sev == FLOE_SEV_ERROR) == errors)
			n++;
	}
	return n;
}

/* The text rendering of the file's errors (or of everything else). */
static void put_text_of(floe_buf *b, const floe_diags *d, const char *file,
			bool errors)
{
	floe_buf text = FLOE_BUF_INIT;
	for (size_t i = 0; i < floe_diags_count(d); i++) {
		const floe_diag *x = floe_diags_at(d, i);
		if (belongs(x, file) && (x->sev == FLOE_SEV_ERROR) == errors)
			floe_diag_render_one(&text, x, false);
	}
	put_xml(b, floe_buf_cstr(&text));
	floe_buf_release(&text);
}

static const floe_diag *first_error(const floe_diags *d, const char *file)
{
	for (size_t i = 0; i < floe_diags_count(d); i++) {
		const floe_diag *x = floe_diags_at(d, i);
		if (belongs(x, file) && x->sev == FLOE_SEV_ERROR)
			return x;
	}
	return NULL;
}

static void put_failure(floe_buf *b, const floe_diags *d, const char *file)
{
	const floe_diag *x = first_error(d, file);
	floe_buf msg = FLOE_BUF_INIT;
	if (x->span.src) {
		floe_diag__render_put_location(&msg, &x->span);
		floe_buf_puts(&msg, ": ");
	}
	floe_buf_puts(&msg, x->msg);
	floe_buf_puts(b, "      <failure type=\"");
	put_xml(b, x->code ? x->code : "");
	floe_buf_puts(b, "\" message=\"");
	put_xml(b, floe_buf_cstr(&msg));
	floe_buf_puts(b, "\">");
	put_text_of(b, d, file, true);
	floe_buf_puts(b, "</failure>\n");
	floe_buf_release(&msg);
}

static void put_testcase(floe_buf *b, const floe_diags *d, const char *file,
			 const char *classname, const char *tool)
{
	size_t errors = count_in(d, file, true);
	size_t others = count_in(d, file, false);

	floe_buf_puts(b, "    <testcase classname=\"");
	put_xml(b, classname);
	floe_buf_puts(b, "\" name=\"");
	put_xml(b, file ? file : tool);
	if (!errors && !others) {
		floe_buf_puts(b, "\"/>\n");
		return;
	}
	floe_buf_puts(b, "\">\n");
	if (errors)
		put_failure(b, d, file);
	if (others) {
		floe_buf_puts(b, "      <system-out>");
		put_text_of(b, d, file, false);
		floe_buf_puts(b, "</system-out>\n");
	}
	floe_buf_puts(b, "    </testcase>\n");
}

static bool any_fileless(const floe_diags *d)
{
	for (size_t i = 0; i < floe_diags_count(d); i++)
		if (!floe_diags_at(d, i)->span.src)
			return true;
	return false;
}

/* Counts of test cases and failed test cases (files with errors). */
static void count_cases(const floe_diags *d, const floe_vec *files,
			bool fileless, size_t *tests, size_t *failures)
{
	*tests = files->len + (fileless ? 1 : 0);
	*failures = 0;
	for (size_t i = 0; i < files->len; i++)
		if (first_error(d, files->items[i]))
			++*failures;
	if (fileless && first_error(d, NULL))
		++*failures;
}

static void put_suite_open(floe_buf *b, const floe_render_opts *opts,
			   size_t tests, size_t failures)
{
	const char *tool = floe_diag__render_tool(opts);
	floe_buf_puts(b, "<?xml version=\"1.0\" encoding=\"UTF-8\"?>\n");
	floe_buf_puts(b, "<testsuites name=\"");
	put_xml(b, tool);
	floe_buf_printf(b, "\" tests=\"%zu\" failures=\"%zu\">\n", tests,
			failures);
	floe_buf_puts(b, "  <testsuite name=\"");
	put_xml(b, tool);
	if (opts->suite && *opts->suite) {
		floe_buf_putc(b, ' ');
		put_xml(b, opts->suite);
	}
	floe_buf_printf(b, "\" tests=\"%zu\" failures=\"%zu\" errors=\"0\">\n",
			tests, failures);
}

static void put_suite_close(floe_buf *b, const floe_diags *d)
{
	if (floe_diags_dropped(d)) {
		floe_buf_puts(b, "    <system-out>");
		floe_buf_puts(b, "floe: ");
		floe_diag__render_put_dropped(b, floe_diags_dropped(d));
		floe_buf_puts(b, "\n</system-out>\n");
	}
	floe_buf_puts(b, "  </testsuite>\n</testsuites>\n");
}

void floe_diag__render_junit(floe_buf *out, const floe_diags *d,
		       const floe_render_opts *opts)
{
	const char *tool = floe_diag__render_tool(opts);
	floe_buf classname = FLOE_BUF_INIT;
	floe_vec files = FLOE_VEC_INIT;
	bool fileless = any_fileless(d);
	size_t tests, failures;

	floe_buf_puts(&classname, tool);
	if (opts->suite && *opts->suite)
		floe_buf_printf(&classname, ".%s", opts->suite);
	floe_diag__render_files(&files, d);
	count_cases(d, &files, fileless, &tests, &failures);
	put_suite_open(out, opts, tests, failures);
	for (size_t i = 0; i < files.len; i++)
		put_testcase(out, d, files.items[i], floe_buf_cstr(&classname),
			     tool);
	if (fileless)
		put_testcase(out, d, NULL, floe_buf_cstr(&classname), tool);
	put_suite_close(out, d);
	floe_vec_release(&files);
	floe_buf_release(&classname);
}
