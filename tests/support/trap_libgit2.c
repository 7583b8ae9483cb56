/*
 * trap_libgit2.c: a stand-in for libgit2.so that kills any process loading
 * it.  tests/examples.sh points FLOE_LIBGIT2 at it while running every
 * command but `floe deps` (validate, compile, run, ...): only deps may
 * load libgit2.
 */
#include <stdio.h>
#include <stdlib.h>

__attribute__((constructor)) static void trap(void)
{
	fputs("trap_libgit2: libgit2 was loaded by a command that must not load it\n",
	      stderr);
	abort();
}
