#!/bin/sh
# Every file in schemas/ and examples/ is compiled or validated:
#  - each schema in schemas/ validates against the draft-07 metaschema;
#  - each example project validates in every environment (schemas and
#    references, floe validate --all-envs);
#  - every environment of every example compiles (floe compile --out);
#  - with TRAP_DUCKDB (a libduckdb stand-in that aborts when loaded) as
#    FLOE_LIBDUCKDB, --version, validate, compile and requirements never
#    load DuckDB.
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
rm -rf "$out"
unset FLOE_LIBDUCKDB
rm -f /tmp/floe-examples.$$
echo "examples: $pass passed, $fail failed"
[ $fail = 0 ]
