/*
 * test_launch.c: the secret set (every miss reported in one pass, one
 * variable per reference, redaction) and the launcher, run in forked test
 * processes: the environment the command sees, exit status pass-through,
 * 127 and 126, no fork without init mode; and in init mode signal
 * forwarding, death by a signal, and reaping of orphaned grandchildren.
 */
#include <errno.h>
#include <signal.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>
#include <sys/wait.h>
#include <time.h>
#include <unistd.h>
#include "floe/launch.h"
#include "util/util.h"
#include "unit.h"

#define CANARY "canary-7d1f-s3cr3t"
#define S(lit) ((char *)(lit))

static char tmpdir[] = "/tmp/floe-test-launch-XXXXXX";

static const char *fake_env[8];

static const char *fake_getenv(const char *name)
{
	size_t n = strlen(name);
	for (size_t i = 0; fake_env[i]; i++)
		if (strncmp(fake_env[i], name, n) == 0 && fake_env[i][n] == '=')
			return fake_env[i] + n + 1;
	return NULL;
}

static char *path_of(const char *rel)
{
	floe_buf b = FLOE_BUF_INIT;
	floe_buf_printf(&b, "%s/%s", tmpdir, rel);
	return floe_buf_detach(&b);
}

static char *read_rel(const char *rel)
{
	char *p = path_of(rel);
	floe_buf b = FLOE_BUF_INIT;
	floe_fs_read(&b, p, 1 << 16);
	free(p);
	return b.ptr ? floe_buf_detach(&b) : floe_xstrdup("");
}

static void write_rel(const char *rel, const char *text, size_t len, int mode)
{
	char *p = path_of(rel);
	FILE *f = fopen(p, "wb");
	if (f) {
		fwrite(text, 1, len, f);
		fclose(f);
	}
	chmod(p, (mode_t)mode);
	free(p);
}

static void sleep_ms(long ms)
{
	struct timespec ts = { ms / 1000, (ms % 1000) * 1000000L };
	nanosleep(&ts, NULL);
}

/* Wait for pid at most 5 s; its exit status, or -1 (killed) on timeout. */
static int wait_for(pid_t pid)
{
	int st;
	for (int i = 0; i < 2500; i++) {
		pid_t r = waitpid(pid, &st, WNOHANG);
		if (r == pid)
			return WIFEXITED(st) ? WEXITSTATUS(st) :
			       128 + WTERMSIG(st);
		if (r < 0 && errno != EINTR)
			return -1;
		sleep_ms(2);
	}
	kill(pid, SIGKILL);
	waitpid(pid, &st, 0);
	return -1;
}

/* A secret set of one secret, `name` -> value (through a fake env). */
static floe_secret_set *one_secret(const char *name, const char *env_entry)
{
	floe_secret_set *set = NULL;
	floe_secret_ref ref = { name, NULL, NULL };
	floe_secret_opts o = { tmpdir, NULL, fake_getenv, NULL };
	fake_env[0] = env_entry;
	fake_env[1] = NULL;
	CHECK_INT(floe_secret_set_resolve(&set, NULL, &ref, 1, &o), 0);
	return set;
}

/*
 * Fork a "floe" process that calls floe_launch_exec(spec).  If the call
 * returns, the process writes floe_error_last() to err.txt and exits with
 * *status.  Returns its pid; the parent frees its copy of the secrets.
 */
static pid_t start(const floe_launch_spec *spec)
{
	char *err = path_of("err.txt");
	unlink(err);
	pid_t pid = fork();
	if (pid == 0) {
		int status;
		floe_launch_exec(&status, spec);
		FILE *f = fopen(err, "w");
		if (f) {
			fputs(floe_error_last(), f);
			fclose(f);
		}
		_exit(status);
	}
	floe_secret_set_free(spec->secrets);  /* the child consumed its copy */
	free(err);
	return pid;
}

static int launch(const floe_launch_spec *spec)
{
	return wait_for(start(spec));
}

static void test_launch__secret_set_reports_every_miss(void)
{
	floe_secret_set *set = (void *)1;
	floe_buf report = FLOE_BUF_INIT;
	floe_secret_ref refs[] = {
		{ "present", NULL, NULL },
		{ "missing-one", NULL, NULL },
		{ "present", NULL, "PRESENT" },  /* the same one again */
		{ "aws-credentials", "access_key_id", NULL },
	};
	floe_secret_opts o = { tmpdir, "/nonexistent/secrets.sealed.yaml",
			       fake_getenv, NULL };
	fake_env[0] = "PRESENT=" CANARY;
	fake_env[1] = NULL;
	CHECK_INT(floe_secret_set_resolve(&set, &report, refs, 4, &o),
		  FLOE_ESECRET);
	CHECK(set == NULL);
	floe_buf want = FLOE_BUF_INIT;
	floe_buf_printf(&want,
		"secret 'missing-one' not found: looked in environment variable MISSING_ONE, "
		"file %s/missing-one, sealed file /nonexistent/secrets.sealed.yaml (missing)\n"
		"secret 'aws-credentials' key 'access_key_id' not found: looked in "
		"environment variable AWS_CREDENTIALS_ACCESS_KEY_ID, file "
		"%s/aws-credentials/access_key_id, sealed file "
		"/nonexistent/secrets.sealed.yaml (missing)", tmpdir, tmpdir);
	CHECK_STR(report.ptr, want.ptr);
	CHECK_STR(floe_error_last(),
		  "2 secrets could not be resolved: 'missing-one', 'aws-credentials' key 'access_key_id'");
	CHECK(!strstr(report.ptr, CANARY));

	CHECK_INT(floe_secret_set_resolve(&set, &report, refs, 3, &o), FLOE_ESECRET);
	CHECK(strncmp(floe_error_last(), "secret 'missing-one' not found", 30) == 0);

	CHECK_INT(floe_secret_set_resolve(&set, &report, refs, 1, &o), 0);
	CHECK_INT(floe_secret_set_count(set), 1);
	CHECK_STR(floe_secret_set_get(set, 0)->value, CANARY);
	CHECK_STR(floe_secret_set_get(set, 0)->var, "PRESENT");
	CHECK(floe_secret_set_get(set, 1) == NULL);
	CHECK_INT(report.len, 0);
	floe_secret_set_free(set);
	floe_secret_set_free(NULL);
	floe_buf_release(&want);
	floe_buf_release(&report);
}

static void test_launch__secret_set_one_variable_each(void)
{
	floe_secret_set *set = NULL;
	floe_buf report = FLOE_BUF_INIT;
	floe_secret_opts o = { tmpdir, NULL, fake_getenv, NULL };
	floe_secret_ref clash[] = { { "a-b", NULL, NULL }, { "a.b", NULL, NULL } };
	floe_secret_ref wrong[] = { { "a-b", NULL, "AB" } };
	floe_secret_ref dir[] = { { "sub", NULL, NULL }, { "gone", NULL, NULL } };
	fake_env[0] = "A_B=" CANARY;
	fake_env[1] = NULL;
	CHECK_INT(floe_secret_set_resolve(&set, &report, clash, 2, &o), FLOE_EUSAGE);
	CHECK_STR(report.ptr, "secrets 'a-b' and 'a.b' map to the same variable 'A_B'");
	CHECK_INT(floe_secret_set_resolve(&set, &report, wrong, 1, &o), FLOE_EUSAGE);
	CHECK_STR(report.ptr, "secret 'a-b' maps to variable 'A_B', not 'AB'");
	/* a place that cannot be used wins over a miss, and names the secret */
	char *sub = path_of("sub");
	mkdir(sub, 0755);
	CHECK_INT(floe_secret_set_resolve(&set, &report, dir, 2, &o), FLOE_EIO);
	CHECK(floe_str_startswith(report.ptr, "cannot resolve secret 'sub': secret file '"));
	CHECK(strstr(report.ptr, "\nsecret 'gone' not found") != NULL);
	rmdir(sub);
	free(sub);
	floe_buf_release(&report);
}

static void test_launch__redact(void)
{
	floe_secret_set *set = one_secret("tok", "TOK=" CANARY);
	floe_buf b = FLOE_BUF_INIT;
	floe_buf_puts(&b, "could not convert '" CANARY "' (" CANARY ")");
	floe_secret_set_redact(&b, set);
	CHECK_STR(b.ptr, "could not convert '***' (***)");
	floe_secret_set_redact(&b, NULL);
	CHECK_STR(b.ptr, "could not convert '***' (***)");
	floe_secret_set_free(set);
	floe_buf_release(&b);
}

/* mask(TEXT, VALUE): TEXT with VALUE masked by the rule. */
static char *mask(const char *text, const char *value)
{
	floe_buf b = FLOE_BUF_INIT;
	floe_buf_puts(&b, text);
	floe_secret_mask_value(&b, value, strlen(value));
	return floe_buf_detach(&b);
}

#define CHECK_MASK(text, value, want) do { \
		char *m_ = mask(text, value); \
		CHECK_STR(m_, want); \
		free(m_); \
	} while (0)

/* The one rule: 8+ anywhere, any case; 4-7 whole tokens only. */
static void test_launch__mask_rule(void)
{
	/* 8 bytes or more: everywhere, case-insensitively */
	CHECK_MASK("Binder Error: column \"S3CRET-VALUE\" not found", "s3cret-value",
		   "Binder Error: column \"***\" not found");
	CHECK_MASK("xs3cret-valuex s3cret-value", "s3cret-value", "x***x ***");
	CHECK_MASK("abcdefgh", "abcdefgh", "***");
	/* 4-7 bytes: a whole token only, still case-insensitive */
	CHECK_MASK("Catalog Error: extension \"httpfs\" not loaded", "tens",
		   "Catalog Error: extension \"httpfs\" not loaded");
	CHECK_MASK("password 'hunt' rejected; HUNT_2 ok, hunter not", "hunt",
		   "password '***' rejected; ***_2 ok, hunter not");
	CHECK_MASK("hunt", "hunt", "***");
	CHECK_MASK("ahunt hunta 9hunt", "hunt", "ahunt hunta 9hunt");
	/* under 4 bytes: never masked (floe_secret_set_resolve refuses it) */
	CHECK_MASK("e***tension", "x", "e***tension");
	CHECK_MASK("extension \"httpfs\"", "x", "extension \"httpfs\"");
	/* the text is shorter than the value */
	CHECK_MASK("ab", "abcdefgh", "ab");
}

static int warned;
static char warn_text[256];

static void on_warning(const char *msg)
{
	warned++;
	snprintf(warn_text, sizeof(warn_text), "%s", msg);
}

/* Under 4 bytes refused naming the reference; 4-7 warned about once. */
static void test_launch__short_secrets(void)
{
	floe_secret_set *set = NULL;
	floe_secret_ref ref = { "tiny", "k", NULL };
	floe_secret_opts o = { tmpdir, NULL, fake_getenv, NULL };
	floe_buf report = FLOE_BUF_INIT;
	fake_env[0] = "TINY_K=x";
	fake_env[1] = NULL;
	CHECK_INT(floe_secret_set_resolve(&set, &report, &ref, 1, &o), FLOE_ESECRET);
	CHECK(set == NULL);
	CHECK(strstr(floe_error_last(), "secret 'tiny' key 'k' (from env) is shorter than 4 bytes") != NULL);
	floe_secrets_on_warning(on_warning);
	warned = 0;
	fake_env[0] = "TINY_K=hunt";
	CHECK_INT(floe_secret_set_resolve(&set, &report, &ref, 1, &o), 0);
	CHECK_INT(warned, 1);
	CHECK(strstr(warn_text, "secret 'tiny' key 'k' is shorter than 8 bytes") != NULL);
	CHECK(strstr(warn_text, "hunt") == NULL);
	floe_secret_set_free(set);
	set = NULL;
	warned = 0;
	fake_env[0] = "TINY_K=hunter-2";
	CHECK_INT(floe_secret_set_resolve(&set, &report, &ref, 1, &o), 0);
	CHECK_INT(warned, 0);
	floe_secrets_on_warning(NULL);
	floe_secret_set_free(set);
	floe_buf_release(&report);
}

/* A long secret holding a short one: the long one wins. */
static void test_launch__redact_longest_first(void)
{
	floe_secret_set *set = NULL;
	floe_secret_ref refs[] = { { "a", NULL, NULL }, { "b", NULL, NULL } };
	floe_secret_opts o = { tmpdir, NULL, fake_getenv, NULL };
	fake_env[0] = "A=pass";
	fake_env[1] = "B=pass word-long";
	fake_env[2] = NULL;
	CHECK_INT(floe_secret_set_resolve(&set, NULL, refs, 2, &o), 0);
	floe_buf b = FLOE_BUF_INIT;
	floe_buf_puts(&b, "got 'pass word-long' and 'pass'");
	floe_secret_set_redact(&b, set);
	CHECK_STR(b.ptr, "got '***' and '***'");
	floe_buf_release(&b);
	floe_secret_set_free(set);
}

/* FLOE_SECRETS_KEY* never reach a child, whoever sets them. */
static void test_launch__key_never_passed(void)
{
	char script[256];
	snprintf(script, sizeof(script),
		 "printf '%%s|%%s|%%s|%%s' \"${FLOE_SECRETS_KEY-unset}\" \"${FLOE_SECRETS_KEY_FILE-unset}\" "
		 "\"${FLOE_DIFF_KEY-unset}\" \"${FLOE_PLATFORM_ENV-unset}\" > %s/env.txt", tmpdir);
	char *argv[] = { S("sh"), S("-c"), script, NULL };
	floe_launch_env env[] = { { "FLOE_SECRETS_KEY", CANARY } };
	floe_launch_spec spec = { argv, env, 1, false, NULL, false, NULL };
	setenv("FLOE_SECRETS_KEY_FILE", "/k", 1);
	setenv("FLOE_DIFF_KEY", CANARY, 1);
	setenv("FLOE_PLATFORM_ENV", "dev", 1);
	CHECK_INT(launch(&spec), 0);
	char *got = read_rel("env.txt");
	CHECK_STR(got, "unset|unset|unset|dev");
	free(got);
	CHECK(floe_secret_env_blocked("FLOE_SECRETS_KEY"));
	CHECK(floe_secret_env_blocked("FLOE_SECRETS_KEY_FILE"));
	CHECK(!floe_secret_env_blocked("FLOE_PLATFORM_ENV"));
	CHECK(!floe_secret_env_blocked("FLOE_SECRETS_DIR"));
	unsetenv("FLOE_SECRETS_KEY_FILE");
	unsetenv("FLOE_DIFF_KEY");
	unsetenv("FLOE_PLATFORM_ENV");
}

/* A cancel that came before the launch: the command never starts. */
static void test_launch__cancelled_before_start(void)
{
	static volatile sig_atomic_t flag = SIGTERM;
	char *marker = path_of("started.txt");
	char script[256];
	snprintf(script, sizeof(script), "echo started > %s", marker);
	char *argv[] = { S("sh"), S("-c"), script, NULL };
	floe_launch_spec spec = { argv, NULL, 0, false, NULL, false, NULL };
	spec.cancel = &flag;
	unlink(marker);
	CHECK_INT(launch(&spec), 3);
	CHECK(access(marker, F_OK) != 0);
	char *err = read_rel("err.txt");
	CHECK(strstr(err, "cancelled (SIGTERM)") != NULL);
	free(err);
	spec.as_init = true;
	CHECK_INT(launch(&spec), 3);
	CHECK(access(marker, F_OK) != 0);
	flag = 0;
	CHECK_INT(launch(&spec), 0);
	CHECK(access(marker, F_OK) == 0);
	free(marker);
}

static void test_launch__environment(void)
{
	char script[256];
	snprintf(script, sizeof(script),
		 "printf '%%s|%%s|%%s|%%s' \"$X\" \"$TOK\" \"${GONE-unset}\" \"${KEEP-none}\" > %s/env.txt",
		 tmpdir);
	char *argv[] = { S("sh"), S("-c"), script, NULL };
	floe_launch_env env[] = {
		{ "X", "first" }, { "GONE", NULL }, { "X", "second" },
		{ "TOK", "loses to the secret" },
	};
	floe_launch_spec spec = { argv, env, 4, false, NULL, false, NULL };

	setenv("GONE", "here", 1);
	setenv("KEEP", "kept", 1);
	spec.secrets = one_secret("tok", "TOK=" CANARY);
	CHECK_INT(launch(&spec), 0);
	char *got = read_rel("env.txt");
	CHECK_STR(got, "second|" CANARY "|unset|kept");
	free(got);

	spec.clear_env = true;  /* sh is then found in the default PATH */
	spec.secrets = one_secret("tok", "TOK=" CANARY);
	CHECK_INT(launch(&spec), 0);
	got = read_rel("env.txt");
	CHECK_STR(got, "second|" CANARY "|unset|none");
	free(got);
	unsetenv("GONE");
	unsetenv("KEEP");
}

static void test_launch__exec_replaces_floe(void)
{
	char script[256];
	snprintf(script, sizeof(script), "echo $$ > %s/pid.txt; exit 7", tmpdir);
	char *argv[] = { S("sh"), S("-c"), script, NULL };
	floe_launch_spec spec = { argv, NULL, 0, false, NULL, false, NULL };
	pid_t pid = start(&spec);
	CHECK_INT(wait_for(pid), 7);
	char *got = read_rel("pid.txt");
	CHECK_INT(atol(got), pid);  /* no fork: the command is the floe process */
	free(got);
	spec.as_init = true;
	CHECK_INT(launch(&spec), 7);
}

static void test_launch__not_found_and_not_executable(void)
{
	char *argv[] = { S("floe-no-such-command-xyz"), S("arg"), NULL };
	floe_launch_spec spec = { argv, NULL, 0, false, NULL, false, NULL };
	for (int init = 0; init < 2; init++) {
		spec.as_init = init;
		CHECK_INT(launch(&spec), 127);
		char *err = read_rel("err.txt");
		CHECK_STR(err, "command 'floe-no-such-command-xyz' not found in PATH");
		free(err);
	}

	write_rel("noexec", "#!/bin/sh\nexit 0\n", 17, 0644);
	char *abs = path_of("noexec");
	argv[0] = abs;
	spec.as_init = false;
	CHECK_INT(launch(&spec), 126);
	char *err = read_rel("err.txt");
	CHECK(floe_str_startswith(err, "command '") &&
	      strstr(err, "noexec' cannot be executed: ") != NULL);
	free(err);

	/* found through the child's PATH, not floe's */
	floe_launch_env env[] = { { "PATH", tmpdir } };
	argv[0] = S("noexec");
	spec.env = env;
	spec.nenv = 1;
	CHECK_INT(launch(&spec), 126);
	write_rel("badinterp", "#!/nonexistent/interp\n", 22, 0755);
	argv[0] = S("badinterp");
	CHECK_INT(launch(&spec), 126);
	err = read_rel("err.txt");
	CHECK_STR(err, "command 'badinterp' cannot be executed: the interpreter its #! line names does not exist");
	free(err);
	free(abs);
}

static void test_launch__nul_in_secret(void)
{
	floe_secret_set *set = NULL;
	floe_secret_ref ref = { "bin", NULL, NULL };
	floe_secret_opts o = { tmpdir, NULL, fake_getenv, NULL };
	fake_env[0] = NULL;
	write_rel("bin", "ab\0cd", 5, 0600);
	CHECK_INT(floe_secret_set_resolve(&set, NULL, &ref, 1, &o), 0);
	char *argv[] = { S("true"), NULL };
	floe_launch_spec spec = { argv, NULL, 0, false, set, false, NULL };
	int status = 0;
	CHECK_INT(floe_launch_exec(&status, &spec), FLOE_ESECRET);  /* consumed */
	CHECK_INT(status, 3);
	CHECK_STR(floe_error_last(), "secret 'bin' holds a NUL byte: it cannot be passed in the environment as BIN");
	char *none[] = { NULL };
	spec.argv = none;
	spec.secrets = NULL;
	CHECK_INT(floe_launch_run_child(&status, &spec), FLOE_EUSAGE);
}

/* Wait (at most 5 s) for a file the command writes when it is ready. */
static bool wait_file(const char *rel)
{
	char *p = path_of(rel);
	bool ok = false;
	for (int i = 0; i < 2500 && !(ok = floe_fs_exists(p)); i++)
		sleep_ms(2);
	free(p);
	return ok;
}

static void test_launch__init_forwards_signals(void)
{
	char script[256];
	snprintf(script, sizeof(script),
		 "trap 'exit 42' TERM; : > %s/ready; while :; do sleep 0.01; done",
		 tmpdir);
	char *argv[] = { S("sh"), S("-c"), script, NULL };
	floe_launch_spec spec = { argv, NULL, 0, false, NULL, true, NULL };
	char *ready = path_of("ready");
	unlink(ready);
	pid_t pid = start(&spec);
	CHECK(wait_file("ready"));
	kill(pid, SIGTERM);
	CHECK_INT(wait_for(pid), 42);
	free(ready);

	char *die[] = { S("sh"), S("-c"), S("kill -KILL $$"), NULL };
	spec.argv = die;
	CHECK_INT(launch(&spec), 128 + SIGKILL);
}

static void test_launch__init_reaps_orphans(void)
{
	char script[512];
	/* the grandchild is orphaned, tells who adopted it, then ends: the
	 * command waits until it is reaped (its /proc entry goes away) */
	snprintf(script, sizeof(script),
		 "cd %s && (sh -c 'sleep 0.05; sed -n \"s/^PPid:[[:space:]]*//p\" /proc/$$/status > adopted; echo $$ > gc' &);"
		 " i=0; while [ $i -lt 300 ]; do"
		 " g=$(cat gc 2>/dev/null); if [ -n \"$g\" ] && [ ! -e /proc/$g ]; then exit 0; fi;"
		 " sleep 0.01; i=$((i+1)); done; exit 1", tmpdir);
	char *argv[] = { S("sh"), S("-c"), script, NULL };
	floe_launch_spec spec = { argv, NULL, 0, false, NULL, true, NULL };
	pid_t pid = start(&spec);
	CHECK_INT(wait_for(pid), 0);
	char *adopted = read_rel("adopted");
	CHECK_INT(atol(adopted), pid);
	free(adopted);
}

static void test_launch__run_child_returns(void)
{
	char *argv[] = { S("sh"), S("-c"), S("test \"$TOK\" = " CANARY " && exit 5"), NULL };
	floe_launch_spec spec = { argv, NULL, 0, false, NULL, false, NULL };
	sigset_t before, after;
	int status = 0;
	spec.secrets = one_secret("tok", "TOK=" CANARY);
	sigprocmask(SIG_BLOCK, NULL, &before);
	CHECK_INT(floe_launch_run_child(&status, &spec), 0);
	CHECK_INT(status, 5);
	sigprocmask(SIG_BLOCK, NULL, &after);
	CHECK(sigismember(&after, SIGTERM) == sigismember(&before, SIGTERM));
	CHECK(sigismember(&after, SIGCHLD) == sigismember(&before, SIGCHLD));

	char *missing[] = { S("floe-no-such-command-xyz"), NULL };
	spec.argv = missing;
	spec.secrets = NULL;  /* the first call consumed them */
	CHECK_INT(floe_launch_run_child(&status, &spec), FLOE_ECHILD);
	CHECK_INT(status, 127);
}

int main(void)
{
	if (!mkdtemp(tmpdir))
		return 1;
	RUN(test_launch__secret_set_reports_every_miss);
	RUN(test_launch__secret_set_one_variable_each);
	RUN(test_launch__redact);
	RUN(test_launch__mask_rule);
	RUN(test_launch__short_secrets);
	RUN(test_launch__redact_longest_first);
	RUN(test_launch__key_never_passed);
	RUN(test_launch__cancelled_before_start);
	RUN(test_launch__environment);
	RUN(test_launch__exec_replaces_floe);
	RUN(test_launch__not_found_and_not_executable);
	RUN(test_launch__nul_in_secret);
	RUN(test_launch__init_forwards_signals);
	RUN(test_launch__init_reaps_orphans);
	RUN(test_launch__run_child_returns);
	floe_buf cmd = FLOE_BUF_INIT;
	floe_buf_printf(&cmd, "rm -rf '%s'", tmpdir);
	if (system(cmd.ptr) != 0)
		fprintf(stderr, "cannot remove %s\n", tmpdir);
	floe_buf_release(&cmd);
	return unit_done("launch");
}
