#!/bin/sh
# The corpus: real public dbt projects, vendored as published (each with its
# licence and the commit it came from in SOURCE), run by floe unchanged and
# judged by an oracle that is not floe:
#   - `floe run` exits 0: the project's own data tests pass;
#   - checks.sql, run by tests/support/sqlcheck (DuckDB alone), compares each
#     model with a derivation written by hand from the raw data.
# A project whose data comes from outside dbt (tables a `dbt run-operation`
# or a loader makes before `dbt run`) has a prepare.sql: sqlcheck runs it in
# the copy, against the warehouse, before `floe run` (it ends with a check
# that returns no row, since sqlcheck wants at least one).
# A project with an `xfail` file (first line: why) must fail until the fix
# lands; a pass is reported and fails the run.
# Usage: FLOE=/abs/floe SQLCHECK=/abs/sqlcheck sh tests/corpus/run.sh [DIR...]
set -u
: "${FLOE:?set FLOE to the floe binary}"
: "${SQLCHECK:?set SQLCHECK to the sqlcheck binary}"
root=$(cd "$(dirname "$0")" && pwd)
tmp=$(mktemp -d)
trap 'rm -rf "$tmp"' EXIT
pass=0 fail=0 xfail=0
if [ $# -gt 0 ]; then dirs="$*"; else dirs=$(ls -d "$root"/*/); fi
for d in $dirs; do
	d=$(cd "$d" && pwd)
	[ -f "$d/floe.yaml" ] || continue
	name=$(basename "$d")
	work="$tmp/$name"
	rm -rf "$work" && cp -R "$d" "$work"
	ok=1
	: >"$tmp/log"
	if [ -f "$work/prepare.sql" ] && ! (cd "$work" && mkdir -p warehouse && "$SQLCHECK" prepare.sql) >>"$tmp/log" 2>&1; then
		ok=0; why="prepare.sql failed"
	elif ! (cd "$work" && env NO_COLOR=1 "$FLOE" run --quiet) >>"$tmp/log" 2>&1; then
		ok=0; why="floe run failed"
	elif ! (cd "$work" && "$SQLCHECK" checks.sql) >>"$tmp/log" 2>&1; then
		ok=0; why="the oracle's checks failed"
	fi
	if [ -f "$d/xfail" ]; then
		if [ $ok = 1 ]; then
			echo "XPASS $name: it runs now, remove its xfail file"; fail=$((fail + 1))
		else
			echo "XFAIL $name: $(head -n 1 "$d/xfail")"; xfail=$((xfail + 1))
		fi
	elif [ $ok = 1 ]; then
		pass=$((pass + 1))
	else
		echo "FAIL $name: $why"; tail -n 30 "$tmp/log"; fail=$((fail + 1))
	fi
done
summary="corpus: $pass passed, $fail failed"
[ $xfail = 0 ] || summary="$summary, $xfail xfail"
echo "$summary"
[ $fail = 0 ]
