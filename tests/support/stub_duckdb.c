/*
 * stub_duckdb.c: a stand-in for libduckdb.so that has duckdb_library_version
 * and nothing else, like a library too old (or too new) for floe's calls.
 * tests/examples.sh points FLOE_LIBDUCKDB at it: `floe run` must refuse it
 * at load, exit 3, naming the library and the first missing function.
 */
const char *duckdb_library_version(void);

const char *duckdb_library_version(void)
{
	return "v0.0.1";
}
