/*
 * git.c: the part of libgit2 `floe deps` uses, through dlopen (see
 * git.h).  As duckdb.c does for libduckdb: every function is resolved by
 * dlsym at load, and a library without one fails there, by name.
 * FLOE_LIBGIT2 names the library to open (tests point it at a trap);
 * else libgit2.so.1.5, libgit2.so.1.9, ..., libgit2.so.
 */
#include <dlfcn.h>
#include <pthread.h>
#include <stdlib.h>
#include <string.h>

#include <git2.h>

/*
 * libgit2 1.5 leaks the PCRE2 match data of a config regex inside git_clone
 * (git_remote_create), which git_libgit2_shutdown does not free: in the
 * sanitizer build the clone's own allocations are not leak-checked.
 */
#if defined(__SANITIZE_ADDRESS__)
#include <sanitizer/lsan_interface.h>
#define LEAKS_IGNORED_BEGIN() __lsan_disable()
#define LEAKS_IGNORED_END() __lsan_enable()
#else
#define LEAKS_IGNORED_BEGIN() ((void)0)
#define LEAKS_IGNORED_END() ((void)0)
#endif

#include "runtime/git.h"
#include "util/util.h"

#define GIT_FUNCS(X)                                                      \
	X(git_libgit2_init) X(git_libgit2_shutdown) X(git_libgit2_version) X(git_error_last)      \
	X(git_clone_options_init) X(git_clone) X(git_repository_free)     \
	X(git_revparse_single) X(git_object_peel) X(git_object_free)      \
	X(git_object_id) X(git_oid_fmt) X(git_checkout_tree)              \
	X(git_repository_set_head_detached) X(git_reference_lookup)       \
	X(git_reference_free) X(git_checkout_options_init)

static struct {
#define X(fn) __typeof__(&fn) fn;
	GIT_FUNCS(X)
#undef X
} g;

static pthread_once_t once = PTHREAD_ONCE_INIT;
static int load_rc;
static char *load_error;

static void load(void)
{
	const char *env = getenv("FLOE_LIBGIT2");
	static const char *const names[] = {
		"libgit2.so.1.5", "libgit2.so.1.7", "libgit2.so.1.8",
		"libgit2.so.1.9", "libgit2.so", NULL,
	};
	void *h = NULL;
	const char *opened = NULL;
	floe_buf why = FLOE_BUF_INIT;

	if (env && *env) {
		h = dlopen(env, RTLD_NOW | RTLD_LOCAL);
		opened = env;
	} else {
		for (size_t i = 0; names[i] && !h; i++) {
			h = dlopen(names[i], RTLD_NOW | RTLD_LOCAL);
			opened = names[i];
		}
		if (!h)
			opened = "libgit2.so";
	}
	if (!h) {
		const char *e = dlerror();
		floe_buf_printf(&why, "cannot load libgit2 (%s): %s; install "
				"Debian's libgit2-1.5 (or set FLOE_LIBGIT2 to the "
				"library)", opened, e ? e : "dlopen failed");
		goto fail;
	}
	void *p;
#define X(fn)                                                               \
	if (!(p = dlsym(h, #fn))) {                                         \
		floe_buf_printf(&why, "libgit2 (%s) has no function '%s', " \
				"which floe calls", opened, #fn);           \
		dlclose(h);                                                 \
		goto fail;                                                  \
	}                                                                   \
	memcpy(&g.fn, &p, sizeof(p));
	GIT_FUNCS(X)
#undef X
	floe_buf_release(&why);
	load_rc = 0;
	return;
fail:
	load_error = floe_buf_detach(&why);
	load_rc = FLOE_ERROR;
}

static void last_error(floe_buf *why)
{
	const git_error *e = g.git_error_last();
	floe_buf_puts(why, e && e->message ? e->message : "unknown libgit2 error");
}

static bool is_commit(const char *r)
{
	size_t n = 0;
	for (; r[n]; n++)
		if (!((r[n] >= '0' && r[n] <= '9') || (r[n] >= 'a' && r[n] <= 'f')))
			return false;
	return n == 40;
}

static bool ref_exists(git_repository *repo, const char *name)
{
	git_reference *ref = NULL;
	if (g.git_reference_lookup(&ref, repo, name) < 0)
		return false;
	g.git_reference_free(ref);
	return true;
}

static int checkout(const char *url, const char *dir, const char *revision,
		    char sha[41], floe_buf *why);

int floe_runtime__git_checkout(const char *url, const char *dir, const char *revision,
		       char sha[41], floe_buf *why)
{
	pthread_once(&once, load);
	if (load_rc < 0) {
		floe_error_set("%s", load_error);
		return FLOE_ERROR;
	}
	/* init and shutdown around each use: libgit2 frees its caches then */
	if (g.git_libgit2_init() < 0) {
		floe_error_set("libgit2 did not initialise");
		return FLOE_ERROR;
	}
	int rc = checkout(url, dir, revision, sha, why);
	g.git_libgit2_shutdown();
	return rc;
}

static int checkout(const char *url, const char *dir, const char *revision,
		    char sha[41], floe_buf *why)
{
	git_clone_options co;
	g.git_clone_options_init(&co, GIT_CLONE_OPTIONS_VERSION);
	co.checkout_opts.checkout_strategy = GIT_CHECKOUT_NONE;
	git_repository *repo = NULL;
	LEAKS_IGNORED_BEGIN();
	int cloned = g.git_clone(&repo, url, dir, &co);
	LEAKS_IGNORED_END();
	if (cloned < 0) {
		last_error(why);
		return FLOE_EIO;
	}
	/* dbt: a full commit id; else tags before branches; none: HEAD */
	floe_buf spec = FLOE_BUF_INIT;
	if (!revision || strcmp(revision, "HEAD") == 0) {
		floe_buf_puts(&spec, ref_exists(repo, "refs/remotes/origin/HEAD")
			      ? "refs/remotes/origin/HEAD" : "HEAD");
	} else if (is_commit(revision)) {
		floe_buf_puts(&spec, revision);
	} else {
		floe_buf_printf(&spec, "refs/tags/%s", revision);
		if (!ref_exists(repo, spec.ptr)) {
			floe_buf_clear(&spec);
			floe_buf_printf(&spec, "refs/remotes/origin/%s", revision);
			if (!ref_exists(repo, spec.ptr)) {
				floe_buf_printf(why, "no tag or branch '%s'", revision);
				floe_buf_release(&spec);
				g.git_repository_free(repo);
				return FLOE_ENOTFOUND;
			}
		}
	}
	git_object *obj = NULL, *commit = NULL;
	int rc = 0;
	if (g.git_revparse_single(&obj, repo, spec.ptr) < 0 ||
	    g.git_object_peel(&commit, obj, GIT_OBJECT_COMMIT) < 0) {
		if (is_commit(revision ? revision : ""))
			floe_buf_printf(why, "no commit %s", revision);
		else
			last_error(why);
		rc = FLOE_ENOTFOUND;
		goto out;
	}
	git_checkout_options ck;
	g.git_checkout_options_init(&ck, GIT_CHECKOUT_OPTIONS_VERSION);
	ck.checkout_strategy = GIT_CHECKOUT_FORCE;
	if (g.git_checkout_tree(repo, commit, &ck) < 0 ||
	    g.git_repository_set_head_detached(repo, g.git_object_id(commit)) < 0) {
		last_error(why);
		rc = FLOE_EIO;
		goto out;
	}
	g.git_oid_fmt(sha, g.git_object_id(commit));
	sha[40] = '\0';
out:
	g.git_object_free(commit);
	g.git_object_free(obj);
	g.git_repository_free(repo);
	floe_buf_release(&spec);
	return rc;
}
