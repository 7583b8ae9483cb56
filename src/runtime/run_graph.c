/*
 * run_graph.c: the dependency graph: the cycle check of the load (a
 * diagnostic that names the loop: a -> b -> a) and dbt's node selection
 * syntax for --select and --exclude (names and fqn globs, tag:, path:,
 * fqn:, resource_type:, source:, config.materialized:, test_type:, with
 * N+ ancestors and +N descendants, space for union, comma for
 * intersection; tests follow the nodes they test).
 */
#include <fnmatch.h>
#include <stdlib.h>
#include <string.h>
#include "run_int.h"

static bool live(const struct rnode *n)
{
	return n->cfg.enabled && !n->bad;
}

/* ---- cycles ---- */

struct frame {
	size_t node, next;
};

static void report_cycle(floe_runner_project *p, const struct frame *st,
			 size_t from, size_t top)
{
	floe_buf b = FLOE_BUF_INIT;
	for (size_t i = from; i <= top; i++)
		floe_buf_printf(&b, "%s -> ", floe_runtime__run_node(p, st[i].node)->name);
	floe_buf_puts(&b, floe_runtime__run_node(p, st[from].node)->name);
	const struct rnode *first = floe_runtime__run_node(p, st[from].node);
	size_t second = from < top ? st[from + 1].node : st[from].node;
	floe_span sp = first->span;
	for (size_t k = 0; k < first->nparents && first->src; k++)
		if (first->parents[k] == second)
			floe_runtime__run_span(&sp, first->src, first->parent_off[k],
				      first->parent_off[k] + 3);
	floe_diag_add(p->d, FLOE_SEV_ERROR, "run/cycle", &sp, NULL,
		      "dependency cycle: %s", b.ptr);
	floe_buf_release(&b);
}

int floe_runtime__run_graph_check(floe_runner_project *p)
{
	size_t n = p->nodes.len;
	unsigned char *color = floe_xcalloc(n + 1, 1);
	struct frame *st = floe_xmalloc((n + 1) * sizeof(*st));
	int rc = 0;

	for (size_t s = 0; s < n; s++) {
		size_t top = 0;
		if (color[s] || !live(floe_runtime__run_node(p, s)))
			continue;
		st[0] = (struct frame){ s, 0 };
		color[s] = 1;
		for (;;) {
			struct frame *f = &st[top];
			const struct rnode *v = floe_runtime__run_node(p, f->node);
			if (f->next == v->nparents) {
				color[f->node] = 2;
				if (top-- == 0)
					break;
				continue;
			}
			size_t u = v->parents[f->next++];
			if (color[u] == 0 && live(floe_runtime__run_node(p, u))) {
				color[u] = 1;
				st[++top] = (struct frame){ u, 0 };
			} else if (color[u] == 1) {
				size_t from = top;
				while (st[from].node != u)
					from--;
				report_cycle(p, st, from, top);
				rc = FLOE_EINVALID;
			}
		}
	}
	free(color);
	free(st);
	return rc;
}

/* ---- selection ---- */

struct sel {
	const floe_runner_project *p;
	size_t n;
	size_t **children;      /* per node */
	size_t *nchildren;
	floe_diags *d;
	bool bad;
};

__attribute__((format(printf, 3, 4)))
static void sel_error(struct sel *s, floe_severity sev, const char *fmt, ...)
{
	va_list ap;
	va_start(ap, fmt);
	if (s->d)
		floe_diag_vadd(s->d, sev, "run/bad-select", NULL, NULL, fmt, ap);
	va_end(ap);
	if (sev == FLOE_SEV_ERROR)
		s->bad = true;
}

static void build_children(struct sel *s)
{
	s->nchildren = floe_xcalloc(s->n + 1, sizeof(size_t));
	s->children = floe_xcalloc(s->n + 1, sizeof(size_t *));
	for (size_t i = 0; i < s->n; i++) {
		const struct rnode *c = floe_runtime__run_node(s->p, i);
		for (size_t k = 0; k < c->nparents; k++)
			s->nchildren[c->parents[k]]++;
	}
	for (size_t i = 0; i < s->n; i++) {
		s->children[i] = floe_xmalloc((s->nchildren[i] + 1) * sizeof(size_t));
		s->nchildren[i] = 0;
	}
	for (size_t i = 0; i < s->n; i++) {
		const struct rnode *c = floe_runtime__run_node(s->p, i);
		for (size_t k = 0; k < c->nparents; k++) {
			size_t par = c->parents[k];
			s->children[par][s->nchildren[par]++] = i;
		}
	}
}

static bool glob(const char *pat, const char *s)
{
	return fnmatch(pat, s, 0) == 0;
}

/* dbt's fqn method: the parts match the fqn from its start, with or without the project. */
static bool fqn_match(const struct rnode *n, const char *value)
{
	char *copy = floe_xstrdup(value);
	size_t np = 1;
	for (const char *d = value; (d = strchr(d, '.')); d++)
		np++;
	char **parts = floe_xmalloc(np * sizeof(*parts));
	np = 0;
	for (char *s = copy, *dot; s; s = dot ? dot + 1 : NULL) {
		dot = strchr(s, '.');
		if (dot)
			*dot = '\0';
		parts[np++] = s;
	}
	bool ok = np == 1 && glob(parts[0], n->name);
	for (size_t skip = 0; !ok && skip < 2 && skip < n->nfqn; skip++) {
		if (np > n->nfqn - skip)
			continue;
		ok = true;
		for (size_t i = 0; ok && i < np; i++)
			ok = glob(parts[i], n->fqn[skip + i]);
	}
	free(parts);
	free(copy);
	return ok;
}

static bool path_match(const struct rnode *n, const char *value)
{
	size_t len = strlen(value);
	while (len > 1 && value[len - 1] == '/')
		len--;
	if (!n->path)
		return false;
	return (strncmp(n->path, value, len) == 0 &&
		(n->path[len] == '\0' || n->path[len] == '/')) ||
	       glob(value, n->path);
}

static bool has_tag(const struct rnode *n, const char *value)
{
	for (size_t i = 0; i < n->cfg.ntags; i++)
		if (glob(value, n->cfg.tags[i]))
			return true;
	return false;
}

static bool reads_source(const struct rnode *n, const char *value, bool plus)
{
	if (!plus && n->kind != RK_TEST)
		return false;
	for (size_t i = 0; i < n->nsources; i++) {
		const char *dot = strchr(n->sources[i], '.');
		size_t sl = (size_t)(dot - n->sources[i]);
		if (glob(value, n->sources[i]) ||
		    (strlen(value) == sl && strncmp(value, n->sources[i], sl) == 0))
			return true;
	}
	return false;
}

static const char *const kind_names[] = { "seed", "model", "test" };

/* Does node `n` match method:value?  -1: unknown method. */
static int matches(const struct rnode *n, const char *method,
		   const char *value, bool plus)
{
	if (!method)
		return strchr(value, '/') ? path_match(n, value) : fqn_match(n, value);
	if (strcmp(method, "tag") == 0)
		return has_tag(n, value);
	if (strcmp(method, "path") == 0 || strcmp(method, "file") == 0)
		return path_match(n, value);
	if (strcmp(method, "fqn") == 0)
		return fqn_match(n, value);
	if (strcmp(method, "resource_type") == 0)
		return glob(value, kind_names[n->kind]);
	if (strcmp(method, "source") == 0)
		return reads_source(n, value, plus);
	if (strcmp(method, "config.materialized") == 0)
		return n->kind == RK_MODEL &&
		       glob(value, floe_runtime__run_mat_name(n->cfg.materialized));
	if (strcmp(method, "test_type") == 0)
		return n->kind == RK_TEST &&
		       glob(value, n->test == RT_SINGULAR ? "singular" : "generic");
	return -1;
}

/* Walk parents (up) or children (down) of the marked nodes, `depth` levels. */
static void expand(struct sel *s, bool *set, bool up, long depth)
{
	size_t *front = floe_xmalloc((s->n + 1) * sizeof(size_t));
	size_t *next = floe_xmalloc((s->n + 1) * sizeof(size_t));
	size_t nf = 0;
	for (size_t i = 0; i < s->n; i++)
		if (set[i])
			front[nf++] = i;
	for (long lvl = 0; nf && (depth < 0 || lvl < depth); lvl++) {
		size_t nn = 0;
		for (size_t k = 0; k < nf; k++) {
			const struct rnode *v = floe_runtime__run_node(s->p, front[k]);
			size_t cnt = up ? v->nparents : s->nchildren[front[k]];
			for (size_t j = 0; j < cnt; j++) {
				size_t u = up ? v->parents[j] : s->children[front[k]][j];
				if (!set[u]) {
					set[u] = true;
					next[nn++] = u;
				}
			}
		}
		memcpy(front, next, nn * sizeof(size_t));
		nf = nn;
	}
	free(front);
	free(next);
}

/* One atom: [N]+ [method:]value +[N]. */
static void atom(struct sel *s, bool *set, const char *text)
{
	char *a = floe_xstrdup(text), *v = a, *end;
	long up = 0, down = 0;
	if (*v >= '0' && *v <= '9') {
		up = strtol(v, &v, 10);
		if (*v != '+')
			v = a, up = 0;
	}
	if (*v == '+')
		v++, up = up ? up : -1;
	size_t len = strlen(v);
	end = v + len;
	while (end > v && end[-1] >= '0' && end[-1] <= '9')
		end--;
	if (end > v && end[-1] == '+' && end > v + 1) {
		down = *end ? strtol(end, NULL, 10) : -1;
		end[-1] = '\0';
	} else {
		end = v + len;
	}
	char *colon = strchr(v, ':');
	const char *method = NULL;
	if (colon) {
		*colon = '\0';
		method = v;
		v = colon + 1;
	}
	bool any = false;
	for (size_t i = 0; i < s->n && !s->bad; i++) {
		int m = matches(floe_runtime__run_node(s->p, i), method, v, down != 0);
		if (m < 0)
			sel_error(s, FLOE_SEV_ERROR, "unknown selector method '%s'%s",
				  method, "");
		else if (m && live(floe_runtime__run_node(s->p, i)))
			set[i] = any = true;
	}
	if (!any && !s->bad)
		sel_error(s, FLOE_SEV_WARNING, "selector '%s' matches no node%s",
			  text, "");
	if (up)
		expand(s, set, true, up);
	if (down) {
		bool *d = floe_xcalloc(s->n + 1, 1);
		memcpy(d, set, s->n);
		expand(s, d, false, down);
		for (size_t i = 0; i < s->n; i++)
			set[i] |= d[i];
		free(d);
	}
	free(a);
}

/* The next token of *s split at any of `delims` (NUL-terminated in place). */
static char *split(char **s, const char *delims)
{
	char *t = *s;
	while (*t && strchr(delims, *t))
		t++;
	if (!*t)
		return NULL;
	char *e = t + strcspn(t, delims);
	*s = *e ? e + 1 : e;
	*e = '\0';
	return t;
}

/* Space-separated unions of comma-separated intersections. */
static void spec(struct sel *s, bool *out, const char *text)
{
	char *copy = floe_xstrdup(text), *rest = copy;
	bool *inter = floe_xcalloc(s->n + 1, 1), *one = floe_xcalloc(s->n + 1, 1);
	for (char *u; (u = split(&rest, " \t\n"));) {
		bool first = true;
		for (char *at; (at = split(&u, ","));) {
			memset(one, 0, s->n);
			atom(s, one, at);
			for (size_t i = 0; i < s->n; i++)
				inter[i] = first ? one[i] : inter[i] && one[i];
			first = false;
		}
		for (size_t i = 0; i < s->n; i++)
			out[i] |= inter[i];
	}
	free(copy);
	free(inter);
	free(one);
}

static bool blank(const char *s)
{
	for (; s && *s; s++)
		if (*s != ' ' && *s != '\t' && *s != '\n' && *s != ',')
			return false;
	return true;
}

/* Tests follow the nodes they test (dbt's eager indirect selection). */
static void add_tests(const floe_runner_project *p, bool *sel)
{
	for (size_t i = 0; i < p->nodes.len; i++) {
		const struct rnode *t = floe_runtime__run_node(p, i);
		if (t->kind != RK_TEST || sel[i] || !live(t))
			continue;
		for (size_t k = 0; k < t->nparents && !sel[i]; k++)
			sel[i] = sel[t->parents[k]];
	}
}

int floe_runtime__run_select(bool *sel, const floe_runner_project *p,
		    const char *select, const char *exclude, floe_diags *d)
{
	struct sel s = { p, p->nodes.len, NULL, NULL, d, false };
	build_children(&s);
	if (blank(select)) {
		for (size_t i = 0; i < s.n; i++)
			sel[i] = live(floe_runtime__run_node(p, i));
	} else {
		memset(sel, 0, s.n);
		spec(&s, sel, select);
		add_tests(p, sel);
	}
	if (!blank(exclude)) {
		bool *ex = floe_xcalloc(s.n + 1, 1);
		spec(&s, ex, exclude);
		for (size_t i = 0; i < s.n; i++)
			sel[i] &= !ex[i];
		free(ex);
	}
	for (size_t i = 0; i < s.n; i++)
		free(s.children[i]);
	free(s.children);
	free(s.nchildren);
	return s.bad ? FLOE_EUSAGE : 0;
}
