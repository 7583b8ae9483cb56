#!/bin/sh
# Every file in schemas/ and examples/ is compiled or validated:
#  - each schema in schemas/ validates against the draft-07 metaschema;
#  - each example project validates in every environment (schemas and
#    references, floe validate --all-envs);
#  - every environment of every example compiles (floe compile --out);
#  - with TRAP_LIBGIT2 (a libgit2 stand-in that aborts when loaded) as
#    FLOE_LIBGIT2, no command here loads libgit2 (only `floe deps` may);
#  - with TRAP_DUCKDB (a libduckdb stand-in that aborts when loaded) as
#    FLOE_LIBDUCKDB, --version, validate, compile, requirements, lint,
#    explain and diff never load DuckDB;
#  - `floe run` works on a fresh copy of medallion; with STUB_DUCKDB (a
#    libduckdb without the functions floe calls) it fails at load, exit 3,
#    naming the library and the missing function; a libduckdb whose
#    major.minor is not the environment's duckdb_version gets a warning;
#    a floe laid out as `make install` does loads <bin>/../lib/libduckdb.so.
set -u
: "${FLOE:?set FLOE to the floe binary}"
root=$(cd "$(dirname "$0")/.." && pwd)
pass=0
fail=0
check() {
	if "$@" >/tmp/floe-examples.$$ 2>&1; then
		pass=$((pass + 1))
	else
		echo "FAIL: $*"; cat /tmp/floe-examples.$$
		fail=$((fail + 1))
	fi
}
for s in "$root"/schemas/*.json; do
	check "$FLOE" validate --schema "$root/schemas/json-schema-draft-07.json" "$s"
done
if [ -n "${TRAP_LIBGIT2:-}" ]; then
	export FLOE_LIBGIT2="$TRAP_LIBGIT2"
fi
if [ -n "${TRAP_DUCKDB:-}" ]; then
	export FLOE_LIBDUCKDB="$TRAP_DUCKDB"
fi
check "$FLOE" --version
out=$(mktemp -d)
for p in "$root"/examples/*/; do
	[ -f "$p/floe.yaml" ] || continue
	check "$FLOE" -C "$p" validate --all-envs
	# every environment compiles, and neither compile, requirements,
	# lint nor explain loads DuckDB either; nor diff, of the first two
	envs=""
	for e in "$p"/platform/*/; do
		e=$(basename "$e")
		envs="$envs $e"
		check "$FLOE" -C "$p" compile --env "$e" --out "$out/$e"
		check "$FLOE" -C "$p" requirements --env "$e"
		check "$FLOE" -C "$p" lint --env "$e"
		check "$FLOE" -C "$p" explain --env "$e" /project/compute
	done
	set -- $envs
	[ $# -ge 2 ] && check "$FLOE" -C "$p" diff --env "$1" --env "$2"
done
unset FLOE_LIBDUCKDB

# `floe run` loads libduckdb (FLOE_LIBDUCKDB unset: beside the binary, else
# the copy `make deps` fetched); from another directory, a relative -C.
cp -R "$root/examples/medallion" "$out/medallion"
rm -rf "$out/medallion/.floe" "$out/medallion/warehouse" "$out/medallion/dbt/target"
check sh -c 'cd "$1" && "$2" -C medallion run --env local --quiet --select +brz_orders 2>"$1/run.err" &&
	! grep -q "warning: libduckdb" "$1/run.err"' sh "$out" "$FLOE"

# the environment says DuckDB 1.4, the library is another line: one warning
sed 's/threads: 2}/threads: 2, duckdb_version: "1.4"}/' \
	"$root/examples/medallion/platform/local/platform.yaml" \
	>"$out/medallion/platform/local/platform.yaml"
check sh -c '"$1" -C "$2" run --env local --quiet --select +brz_orders 2>"$2/run.err" &&
	[ "$(grep -c "^floe: warning: libduckdb .* is DuckDB v.*, but this environment was compiled for DuckDB 1.4 " "$2/run.err")" = 1 ]' \
	sh "$FLOE" "$out/medallion"

# laid out as `make install` does, floe finds libduckdb at <bin>/../lib
if [ -n "${LIBDUCKDB:-}" ]; then
	mkdir -p "$out/inst/bin" "$out/inst/lib"
	cp "$FLOE" "$out/inst/bin/floe"
	ln -s "$LIBDUCKDB" "$out/inst/lib/libduckdb.so"
	check sh -c 'LD_DEBUG=files "$1/inst/bin/floe" -C "$1/medallion" run --env local --quiet --select brz_orders 2>&1 |
		grep -q "file=$1/inst/bin/../lib/libduckdb.so .*dynamically loaded"' sh "$out"
fi

# a library without the functions floe calls: refused at load, by name
if [ -n "${STUB_DUCKDB:-}" ]; then
	FLOE_LIBDUCKDB="$STUB_DUCKDB" "$FLOE" -C "$out/medallion" run --env local >"$out/stub.txt" 2>&1
	rc=$?
	if [ $rc = 3 ] && grep -q "cannot load libduckdb '$STUB_DUCKDB': it has no function 'duckdb_free', which floe calls" "$out/stub.txt"; then
		pass=$((pass + 1))
	else
		echo "FAIL: floe run on a libduckdb without floe's functions: exit $rc"; cat "$out/stub.txt"
		fail=$((fail + 1))
	fi
fi
rm -rf "$out"
rm -f /tmp/floe-examples.$$
echo "examples: $pass passed, $fail failed"
[ $fail = 0 ]
