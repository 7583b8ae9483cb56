/*
 * launch.c: `floe exec` and the dbt launch of `floe run`.  Normally the
 * command replaces floe (execve: no fork, no pipes, terminal, signals and
 * exit status are the command's).  As PID 1, floe stays as a small init,
 * like tini: it forks, forwards signals to the child, reaps every process
 * that ends up in its care, and ends with the child's status.  It never
 * prints: failures are FLOE_E* codes with a message, and a status to end with.
 */
#include <errno.h>
#include <fcntl.h>
#include <signal.h>
#include <string.h>
#include <sys/prctl.h>
#include <sys/wait.h>
#include <unistd.h>
#include "launch_impl.h"
#include "util/util.h"

/* The signals a supervisor passes on (SIGKILL and SIGSTOP cannot be). */
static const int forwarded[] = {
	SIGTERM, SIGINT, SIGHUP, SIGQUIT, SIGUSR1, SIGUSR2, SIGWINCH,
};

bool floe_launch_is_init(void)
{
	return getpid() == 1;
}

/* Everything built before a fork. */
struct prepared {
	struct launch_env env;
	struct launch_cmd cmd;
	const floe_launch_spec *spec;
};

/* The caller's cancel flag is up: say so; *status stays 3. */
static bool cancelled(const floe_launch_spec *spec)
{
	if (!spec->cancel || !*spec->cancel)
		return false;
	floe_error_set("cancelled (%s) before '%s' started",
		       *spec->cancel == SIGINT ? "SIGINT" : "SIGTERM", spec->argv[0]);
	return true;
}

static int prepare(struct prepared *p, int *status,
		   const floe_launch_spec *spec)
{
	memset(p, 0, sizeof(*p));
	p->spec = spec;
	*status = 3;
	int rc = floe_runtime__launch_env_build(&p->env, spec);
	if (rc == 0)
		rc = floe_runtime__launch_cmd_init(&p->cmd, spec->argv, p->env.path);
	if (rc)
		floe_runtime__launch_env_wipe(&p->env);
	return rc;
}

static void release(struct prepared *p)
{
	floe_runtime__launch_env_wipe(&p->env);
	floe_runtime__launch_cmd_release(&p->cmd);
}

/* ---- supervising a child ---- */

struct supervisor {
	sigset_t set, old;        /* what we wait for; the mask before */
	struct sigaction old_chld;
	pid_t child;
	bool reap_all;            /* waitpid(-1): floe is PID 1 or a subreaper */
};

static void block_signals(struct supervisor *sv)
{
	struct sigaction dfl;
	sigemptyset(&sv->set);
	for (size_t i = 0; i < FLOE_ARRAY_SIZE(forwarded); i++)
		sigaddset(&sv->set, forwarded[i]);
	sigaddset(&sv->set, SIGCHLD);
	sigprocmask(SIG_BLOCK, &sv->set, &sv->old);
	/* SIGCHLD ignored would reap children behind our back */
	memset(&dfl, 0, sizeof(dfl));
	dfl.sa_handler = SIG_DFL;
	sigemptyset(&dfl.sa_mask);
	sigaction(SIGCHLD, &dfl, &sv->old_chld);
}

static void restore_signals(const struct supervisor *sv)
{
	sigaction(SIGCHLD, &sv->old_chld, NULL);
	sigprocmask(SIG_SETMASK, &sv->old, NULL);
}

static int exit_status(int st)
{
	if (WIFSIGNALED(st))
		return 128 + WTERMSIG(st);
	return WIFEXITED(st) ? WEXITSTATUS(st) : 3;
}

/* Reap what has ended; true once the child itself has (status in *status). */
static bool reap(const struct supervisor *sv, int *status, bool done)
{
	for (;;) {
		int st;
		pid_t pid = waitpid(sv->reap_all ? -1 : sv->child, &st, WNOHANG);
		if (pid < 0 && errno == EINTR)
			continue;
		if (pid <= 0)
			return done;
		if (pid == sv->child) {
			*status = exit_status(st);
			done = true;
		}
	}
}

/*
 * A signal the terminal sent to our whole foreground process group
 * (Ctrl-C, Ctrl-\, a resize) reached the child too, which shares the
 * group: passing it on would deliver it twice.
 */
static bool from_terminal(const siginfo_t *si)
{
	return si->si_code == SI_KERNEL && (si->si_signo == SIGINT ||
		si->si_signo == SIGQUIT || si->si_signo == SIGWINCH);
}

/* Wait for the child, passing signals on; its exit status in *status. */
static void supervise(const struct supervisor *sv, int *status)
{
	bool done = reap(sv, status, false);
	while (!done) {
		siginfo_t si;
		int sig = sigwaitinfo(&sv->set, &si);
		if (sig < 0)
			continue; /* EINTR: a stop and continue */
		if (sig == SIGCHLD)
			done = reap(sv, status, false);
		else if (!from_terminal(&si))
			kill(sv->child, sig);
	}
}

/* The child after fork: only async-signal-safe calls until execve. */
static void __attribute__((noreturn))
child(const struct prepared *p, const struct supervisor *sv, int errfd)
{
	struct sigaction dfl;
	memset(&dfl, 0, sizeof(dfl));
	dfl.sa_handler = SIG_DFL;
	sigemptyset(&dfl.sa_mask);
	/* the caller's handlers would swallow a signal before execve */
	sigaction(SIGINT, &dfl, NULL);
	sigaction(SIGTERM, &dfl, NULL);
	sigaction(SIGCHLD, &sv->old_chld, NULL);
	sigprocmask(SIG_SETMASK, &sv->old, NULL);
	int err = floe_runtime__launch_try(&p->cmd, p->env.envp);
	ssize_t n;
	do
		n = write(errfd, &err, sizeof(err));
	while (n < 0 && errno == EINTR);
	_exit(err == ENOENT ? 127 : 126);
}

/* The errno the child sent if execve failed, 0 when it succeeded. */
static int exec_error(int fd)
{
	int err = 0;
	ssize_t n;
	do
		n = read(fd, &err, sizeof(err));
	while (n < 0 && errno == EINTR);
	return n == (ssize_t)sizeof(err) ? err : 0;
}

/*
 * Fork the child and supervise it.  The parent wipes its copy of the
 * environment right after the fork: only the child holds the secrets.
 */
static int spawn(int *status, struct prepared *p, bool reap_all)
{
	struct supervisor sv = { .reap_all = reap_all };
	int fds[2], rc = 0;

	if (pipe2(fds, O_CLOEXEC) != 0) {
		floe_error_set("cannot create a pipe: %s", strerror(errno));
		return FLOE_EIO;
	}
	block_signals(&sv);
	/* blocked now: a signal from here on waits for supervise() */
	if (cancelled(p->spec)) {
		floe_runtime__launch_env_wipe(&p->env);
		close(fds[0]);
		close(fds[1]);
		restore_signals(&sv);
		return FLOE_ECANCEL;
	}
	sv.child = fork();
	if (sv.child == 0) {
		close(fds[0]);
		child(p, &sv, fds[1]);
	}
	floe_runtime__launch_env_wipe(&p->env);
	close(fds[1]);
	if (sv.child < 0) {
		floe_error_set("cannot start '%s': fork: %s", p->cmd.argv[0],
			       strerror(errno));
		rc = FLOE_ECHILD;
	} else {
		int err = exec_error(fds[0]);
		supervise(&sv, status);
		if (err)
			rc = floe_runtime__launch_failed(status, &p->cmd, err);
	}
	close(fds[0]);
	restore_signals(&sv);
	return rc;
}

int floe_launch_exec(int *status, const floe_launch_spec *spec)
{
	struct prepared p;
	int rc = prepare(&p, status, spec);
	if (rc)
		return rc;
	if (spec->as_init) {
		/* outside a container's PID 1 (tests), orphans come to us too */
		if (getpid() != 1)
			prctl(PR_SET_CHILD_SUBREAPER, 1, 0, 0, 0);
		rc = spawn(status, &p, true);
	} else {
		/* the command gets the default actions; a signal after this
		 * ends floe as it would end the command */
		if (spec->cancel) {
			signal(SIGINT, SIG_DFL);
			signal(SIGTERM, SIG_DFL);
		}
		if (cancelled(spec))
			rc = FLOE_ECANCEL;
		else
			rc = floe_runtime__launch_failed(status, &p.cmd,
						 floe_runtime__launch_try(&p.cmd, p.env.envp));
	}
	release(&p);
	return rc;
}

int floe_launch_run_child(int *status, const floe_launch_spec *spec)
{
	struct prepared p;
	int rc = prepare(&p, status, spec);
	if (rc)
		return rc;
	rc = spawn(status, &p, floe_launch_is_init());
	release(&p);
	return rc;
}
