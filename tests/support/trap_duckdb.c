/*
 * trap_duckdb.c: a stand-in for libduckdb.so that kills any process loading
 * it.  tests/examples.sh points FLOE_LIBDUCKDB at it while running the
 * commands that must never load DuckDB (--version, validate): if one does,
 * the constructor aborts and the test fails.
 */
#include <stdio.h>
#include <stdlib.h>

__attribute__((constructor)) static void trap(void)
{
	fputs("trap_duckdb: libduckdb was loaded by a command that must not load it\n",
	      stderr);
	abort();
}
