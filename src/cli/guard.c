/*
 * guard.c: what every command that holds secrets does first
 * (docs/secrets.md): no core dumps, floe's own keys taken out of the
 * environment, warnings of the secret modules printed; and the SIGINT /
 * SIGTERM handling of long commands (run, exec), installed before any work
 * so that a `docker stop` to floe as PID 1 is never dropped.
 */
#include <signal.h>
#include <stdio.h>
#include <string.h>
#include "cli.h"
#include "floe/secrets.h"

volatile sig_atomic_t cli_cancel;

static void print_warning(const char *msg)
{
	fprintf(stderr, "floe: warning: %s\n", msg);
}

void cli_guard_secrets(void)
{
	floe_secrets_harden();
	floe_secrets_take_key_env();
	floe_secrets_on_warning(print_warning);
}

static void on_signal(int sig)
{
	cli_cancel = sig;
}

void cli_guard_signals(void)
{
	struct sigaction sa;
	memset(&sa, 0, sizeof(sa));
	sa.sa_handler = on_signal;
	sigemptyset(&sa.sa_mask);
	sa.sa_flags = SA_RESTART;
	sigaction(SIGINT, &sa, NULL);
	sigaction(SIGTERM, &sa, NULL);
}

int cli_cancelled(const char *when)
{
	if (!cli_cancel)
		return 0;
	fprintf(stderr, "floe: cancelled (%s) %s\n",
		cli_cancel == SIGINT ? "SIGINT" : "SIGTERM", when);
	return EXIT_RUNTIME;
}
