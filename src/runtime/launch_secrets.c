/*
 * launch_secrets.c: the set of secrets one run needs, resolved in one pass
 * (every failing reference reported, not just the first) and wiped on
 * free; and redaction of secret values from text floe did not write.
 * Resolution of a single reference is floe_secret_resolve (secrets.c).
 */
#include <stdlib.h>
#include <string.h>
#include <sodium.h>
#include "floe/launch.h"
#include "floe/project.h"
#include "secret_impl.h"
#include "util/util.h"

struct floe_secret_set {
	floe_secret **items;
	size_t len;
};

/* What went wrong so far in one resolution pass. */
struct problems {
	floe_buf *report;  /* one line each */
	floe_buf names;    /* "'a', 'b' key 'k'" */
	size_t count;
	int rc;            /* FLOE_ESECRET unless something else failed */
};

static void put_ref(floe_buf *b, const char *name, const char *key)
{
	floe_buf_printf(b, "'%s'", name ? name : "");
	if (key)
		floe_buf_printf(b, " key '%s'", key);
}

static void problem(struct problems *p, const floe_secret_ref *r, int rc,
		    const char *msg)
{
	if (p->report->len)
		floe_buf_putc(p->report, '\n');
	if (!floe_str_startswith(msg, "secret '") &&
	    !floe_str_startswith(msg, "secrets '")) {
		floe_buf_puts(p->report, "cannot resolve secret ");
		put_ref(p->report, r->name, r->key);
		floe_buf_puts(p->report, ": ");
	}
	floe_buf_puts(p->report, msg);
	if (p->count++)
		floe_buf_puts(&p->names, ", ");
	put_ref(&p->names, r->name, r->key);
	if (p->rc == 0 || (p->rc == FLOE_ESECRET && rc != FLOE_ESECRET))
		p->rc = rc;
}

static bool same_ref(const floe_secret_ref *a, const floe_secret_ref *b)
{
	return floe_str_eq(a->name, b->name) && floe_str_eq(a->key, b->key);
}

/*
 * 0 when refs[i] may be resolved; 1 when an earlier entry is the same
 * reference; < 0 (with a message in `msg`) when its variable is wrong or
 * taken by another reference.
 */
static int check_ref(floe_buf *msg, floe_arena *a, const floe_secret_ref *refs,
		     size_t i)
{
	const floe_secret_ref *r = &refs[i];
	if (!r->name || !r->name[0])
		return 0; /* floe_secret_resolve says what is wrong */
	const char *var = floe_secret_env_name(a, r->name, r->key);
	if (r->var && strcmp(r->var, var) != 0) {
		floe_buf_puts(msg, "secret ");
		put_ref(msg, r->name, r->key);
		floe_buf_printf(msg, " maps to variable '%s', not '%s'", var, r->var);
		return FLOE_EUSAGE;
	}
	for (size_t j = 0; j < i; j++) {
		const floe_secret_ref *o = &refs[j];
		if (same_ref(o, r))
			return 1;
		if (!o->name || !o->name[0] ||
		    strcmp(floe_secret_env_name(a, o->name, o->key), var) != 0)
			continue;
		floe_buf_puts(msg, "secrets ");
		put_ref(msg, o->name, o->key);
		floe_buf_puts(msg, " and ");
		put_ref(msg, r->name, r->key);
		floe_buf_printf(msg, " map to the same variable '%s'", var);
		return FLOE_EUSAGE;
	}
	return 0;
}

static void finish_error(const struct problems *p)
{
	if (p->count == 1)
		floe_error_set("%s", floe_buf_cstr(p->report));
	else
		floe_error_set("%zu secrets could not be resolved: %s", p->count,
			       floe_buf_cstr(&p->names));
}

int floe_secret_set_resolve(floe_secret_set **out, floe_buf *report,
			    const floe_secret_ref *refs, size_t n,
			    const floe_secret_opts *o)
{
	floe_buf mine = FLOE_BUF_INIT, msg = FLOE_BUF_INIT;
	struct problems p = { report ? report : &mine, FLOE_BUF_INIT, 0, 0 };
	floe_secret_set *set = floe_xcalloc(1, sizeof(*set));
	floe_arena *a = floe_arena_new();

	set->items = floe_xcalloc(n ? n : 1, sizeof(*set->items));
	floe_buf_clear(p.report);
	for (size_t i = 0; i < n; i++) {
		floe_secret *s = NULL;
		floe_buf_clear(&msg);
		int rc = check_ref(&msg, a, refs, i);
		if (rc == 1)
			continue;
		if (rc < 0) {
			problem(&p, &refs[i], rc, msg.ptr);
			continue;
		}
		rc = floe_secret_resolve(&s, refs[i].name, refs[i].key, o, NULL);
		if (rc < 0) {
			problem(&p, &refs[i], rc, floe_error_last());
			continue;
		}
		if (s->len < FLOE_SECRET_MIN_LEN) {
			floe_buf_puts(&msg, "secret ");
			put_ref(&msg, refs[i].name, refs[i].key);
			floe_buf_printf(&msg, " (from %s) is shorter than %d bytes: floe cannot "
					"mask so short a value in messages; use a longer secret",
					s->source, FLOE_SECRET_MIN_LEN);
			problem(&p, &refs[i], FLOE_ESECRET, msg.ptr);
			floe_secret_free(s);
			continue;
		}
		if (s->len < FLOE_SECRET_MASK_ANYWHERE) {
			floe_buf w = FLOE_BUF_INIT;
			put_ref(&w, refs[i].name, refs[i].key);
			floe_runtime__secret_warn("secret %s is shorter than %d bytes: it is masked in messages "
					  "only where it stands as a whole word", w.ptr,
					  FLOE_SECRET_MASK_ANYWHERE);
			floe_buf_release(&w);
		}
		set->items[set->len++] = s;
	}
	if (p.count) {
		finish_error(&p);
		floe_secret_set_free(set);
		set = NULL;
	}
	*out = set;
	floe_arena_free(a);
	floe_buf_release(&msg);
	floe_buf_release(&p.names);
	floe_buf_release(&mine);
	return p.rc;
}

size_t floe_secret_set_count(const floe_secret_set *set)
{
	return set ? set->len : 0;
}

const floe_secret *floe_secret_set_get(const floe_secret_set *set, size_t i)
{
	return set && i < set->len ? set->items[i] : NULL;
}

void floe_secret_set_free(floe_secret_set *set)
{
	if (!set)
		return;
	for (size_t i = 0; i < set->len; i++)
		floe_secret_free(set->items[i]);
	free(set->items);
	free(set);
}

static unsigned char fold(unsigned char c)
{
	return c >= 'A' && c <= 'Z' ? (unsigned char)(c + 32) : c;
}

static bool alnum(unsigned char c)
{
	return (c >= 'a' && c <= 'z') || (c >= 'A' && c <= 'Z') ||
	       (c >= '0' && c <= '9');
}

/* value[0..len) at p, ASCII case folded. */
static bool match_at(const unsigned char *p, const unsigned char *v, size_t len)
{
	for (size_t k = 0; k < len; k++)
		if (fold(p[k]) != fold(v[k]))
			return false;
	return true;
}

void floe_secret_mask_value(floe_buf *b, const char *value, size_t len)
{
	const unsigned char *t = (const unsigned char *)b->ptr,
			    *v = (const unsigned char *)value;
	bool token = len < FLOE_SECRET_MASK_ANYWHERE;
	floe_buf out = FLOE_BUF_INIT;
	size_t i = 0, from = 0;
	bool hit = false;
	if (!b->len || len < FLOE_SECRET_MIN_LEN || len > b->len)
		return;
	while (i + len <= b->len) {
		if (fold(t[i]) != fold(v[0]) || !match_at(t + i, v, len) ||
		    (token && ((i > 0 && alnum(t[i - 1])) ||
			       (i + len < b->len && alnum(t[i + len]))))) {
			i++;
			continue;
		}
		floe_buf_put(&out, b->ptr + from, i - from);
		floe_buf_puts(&out, "***");
		i += len;
		from = i;
		hit = true;
	}
	if (!hit) {
		floe_buf_release(&out);
		return;
	}
	floe_buf_put(&out, b->ptr + from, b->len - from);
	/* the old text held the value: wipe it before it goes */
	sodium_memzero(b->ptr, b->len);
	floe_buf_release(b);
	*b = out;
}

void floe_secret_set_redact(floe_buf *b, const floe_secret_set *set)
{
	if (!b || !b->len)
		return;
	/* the longest first: a short secret inside a long one masks nothing
	 * the long one has not masked already */
	size_t n = floe_secret_set_count(set);
	bool *done = floe_xcalloc(n + 1, sizeof(*done));
	for (size_t round = 0; round < n; round++) {
		size_t best = n;
		for (size_t i = 0; i < n; i++)
			if (!done[i] && (best == n || set->items[i]->len > set->items[best]->len))
				best = i;
		done[best] = true;
		floe_secret_mask_value(b, set->items[best]->value, set->items[best]->len);
	}
	free(done);
}
