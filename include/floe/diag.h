/*
 * floe/diag.h: diagnostics (problems in user input) and their renderers.
 *
 * A diagnostic is data: severity, stable code, span, JSON pointer, message
 * and notes.  Every phase appends to a floe_diags list and goes on; the
 * driver stops between phases.  The library never prints: the renderers
 * write into a floe_buf that the CLI prints.  Formats and their versioned
 * shapes are documented in docs/diagnostics.md.
 */
#ifndef FLOE_DIAG_H
#define FLOE_DIAG_H

#include <stdarg.h>
#include <stdbool.h>
#include "floe/common.h"

typedef struct floe_buf floe_buf;
typedef struct floe_arena floe_arena;

typedef enum floe_severity {
	FLOE_SEV_ERROR = 0,
	FLOE_SEV_WARNING = 1,
	FLOE_SEV_NOTE = 2,
} floe_severity;

/*
 * An input file as the user knows it: the path shown in messages and its
 * whole text (for source lines under carets).  Reference-counted: documents
 * and diagnostic lists hold references, so a diagnostic can be rendered
 * after its document was freed.
 */
typedef struct floe_source floe_source;

/* Takes ownership of `text` (a malloc'd buffer of len bytes, may be NULL). */
floe_source *floe_source_new(const char *path, char *text, size_t len);
floe_source *floe_source_ref(floe_source *src); /* one more reference */
void floe_source_unref(floe_source *src); /* accepts NULL */
const char *floe_source_path(const floe_source *src);
const char *floe_source_text(const floe_source *src, size_t *len);
/* The text of 1-based line `line`, without its newline; NULL if none. */
const char *floe_source_line(const floe_source *src, uint32_t line,
			     size_t *len);

/*
 * A region of a source.  Lines and columns count from 1; columns count
 * Unicode code points; the end is exclusive.  src == NULL means "no
 * position" (a problem with a file as a whole uses line 0).
 */
typedef struct floe_span {
	const floe_source *src;
	uint32_t line, col;
	uint32_t end_line, end_col;
} floe_span;

/*
 * Mask the text under `span` in its source, in place, one mask character
 * per code point of the same byte length (so carets stay put): a secret
 * written where a reference belongs must not reappear in the source line
 * that a later diagnostic quotes.  Sources are shared: every view of the
 * source shows the mask from then on.
 */
void floe_source_redact(const floe_span *span);

typedef struct floe_note {
	struct floe_note *next;
	floe_span span;  /* src NULL when the note has no position */
	const char *msg;
} floe_note;

typedef struct floe_diag {
	floe_severity sev;
	const char *code;     /* stable, e.g. "schema/required" */
	floe_span span;
	const char *pointer;  /* JSON pointer into the document, or NULL */
	const char *msg;
	const char *hint;     /* a fix hint, or NULL */
	floe_note *notes;     /* in the order added */
} floe_diag;

typedef struct floe_diags floe_diags;

/* `max_kept`: diagnostics past this are counted, not stored (0: default). */
floe_diags *floe_diags_new(size_t max_kept);
void floe_diags_free(floe_diags *d);

/*
 * Record a diagnostic; the message is formatted and copied.  Returns the
 * diagnostic, to attach notes to, or NULL when past the limit (then notes
 * on NULL are ignored).  `span` and `pointer` may be NULL.
 */
floe_diag *floe_diag_add(floe_diags *d, floe_severity sev, const char *code,
			 const floe_span *span, const char *pointer,
			 const char *fmt, ...)
	__attribute__((format(printf, 6, 7)));
/* The same with the arguments in `ap` (for a caller's own wrapper). */
floe_diag *floe_diag_vadd(floe_diags *d, floe_severity sev, const char *code,
			  const floe_span *span, const char *pointer,
			  const char *fmt, va_list ap)
	__attribute__((format(printf, 6, 0)));
void floe_diag_note(floe_diags *d, floe_diag *diag, const floe_span *span,
		    const char *fmt, ...)
	__attribute__((format(printf, 4, 5)));
void floe_diag_hint(floe_diags *d, floe_diag *diag, const char *fmt, ...)
	__attribute__((format(printf, 3, 4)));

size_t floe_diags_count(const floe_diags *d);     /* stored */
size_t floe_diags_dropped(const floe_diags *d);   /* past the limit */
size_t floe_diags_errors(const floe_diags *d);    /* incl. dropped */
size_t floe_diags_warnings(const floe_diags *d);  /* incl. dropped */
const floe_diag *floe_diags_at(const floe_diags *d, size_t i);
/* Stable sort by file (first-seen order), line, column. */
void floe_diags_sort(floe_diags *d);
/* Move every diagnostic of `from` to the end of `to` (from is emptied). */
void floe_diags_take(floe_diags *to, floe_diags *from);
/* The arena diagnostic strings live in; callers may allocate there. */
floe_arena *floe_diags_arena(floe_diags *d);

/*
 * Inputs that were checked, in order, whether or not they had problems:
 * JUnit lists each as a test case and SARIF as an artifact.
 */
void floe_diags_checked(floe_diags *d, const char *path);
size_t floe_diags_checked_count(const floe_diags *d);
const char *floe_diags_checked_at(const floe_diags *d, size_t i);

typedef enum floe_format {
	FLOE_FMT_TEXT = 0,
	FLOE_FMT_JSON,
	FLOE_FMT_SARIF,
	FLOE_FMT_GITHUB,
	FLOE_FMT_JUNIT,
} floe_format;

/* Parse "text", "json", ...; returns FLOE_EUSAGE for an unknown name. */
int floe_format_parse(floe_format *out, const char *name);
const char *floe_format_name(floe_format fmt);

typedef struct floe_render_opts {
	floe_format format;
	bool color;               /* text only: ANSI colors */
	const char *tool;         /* "floe" */
	const char *tool_version; /* FLOE_VERSION */
	const char *suite;        /* JUnit suite / SARIF run name, e.g. "validate" */
	/*
	 * sarif and github: the repository root, an absolute path.  Paths
	 * are printed relative to it (a relative one first made absolute
	 * against the current directory); NULL: as given.
	 */
	const char *root;
} floe_render_opts;

/* Render every stored diagnostic, with a summary where the format has one. */
void floe_diag_render(floe_buf *out, const floe_diags *d,
		      const floe_render_opts *opts);
/* Render one diagnostic as text (source line, caret, notes). */
void floe_diag_render_one(floe_buf *out, const floe_diag *diag, bool color);

const char *floe_severity_name(floe_severity sev);

#endif
