#!/bin/sh
# Every file in schemas/ and examples/ is compiled or validated:
#  - each schema in schemas/ validates against the draft-07 metaschema;
#  - each example project validates in every environment (schemas and
#    references, floe validate --all-envs);
#  - every environment of every example compiles (floe compile --out);
#  - with TRAP_DUCKDB (a libduckdb stand-in that aborts when loaded) as
#    FLOE_LIBDUCKDB, --version, validate, compile and requirements never
#    load DuckDB;
#  - the static floe hands `run` to floe-duckdb beside it.
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
if [ -n "${TRAP_DUCKDB:-}" ]; then
	export FLOE_LIBDUCKDB="$TRAP_DUCKDB"
fi
check "$FLOE" --version
out=$(mktemp -d)
for p in "$root"/examples/*/; do
	[ -f "$p/floe.yaml" ] || continue
	check "$FLOE" -C "$p" validate --all-envs
	# every environment compiles, and neither compile nor requirements
	# loads DuckDB either
	for e in "$p"/platform/*/; do
		e=$(basename "$e")
		check "$FLOE" -C "$p" compile --env "$e" --out "$out/$e"
		check "$FLOE" -C "$p" requirements --env "$e"
	done
done
unset FLOE_LIBDUCKDB

# A static floe holds no runner: `run` execs floe-duckdb from floe's own
# directory, with the arguments as given (a relative -C applies once), and
# says so, exit 3, when it is not there.
if [ -x "$(dirname "$FLOE")/floe-duckdb" ]; then
	cp -R "$root/examples/medallion" "$out/medallion"
	rm -rf "$out/medallion/.floe" "$out/medallion/warehouse" "$out/medallion/dbt/target"
	check sh -c 'cd "$1" && "$2" -C medallion run --env local --quiet --select +brz_orders' \
		sh "$out" "$FLOE"
	mkdir "$out/alone" && cp "$FLOE" "$out/alone/floe"
	check "$out/alone/floe" -C "$root/examples/medallion" validate
	"$out/alone/floe" -C "$out/medallion" run --env local >"$out/alone.txt" 2>&1
	rc=$?
	if [ $rc = 3 ] && grep -q "floe-duckdb.*cannot be started: no such file" "$out/alone.txt"; then
		pass=$((pass + 1))
	else
		echo "FAIL: floe without floe-duckdb: run exited $rc"; cat "$out/alone.txt"
		fail=$((fail + 1))
	fi
fi
rm -rf "$out"
rm -f /tmp/floe-examples.$$
echo "examples: $pass passed, $fail failed"
[ $fail = 0 ]
