#!/bin/sh
# Golden cases: tests/golden/<area>/<rule>/ holds
#   cmd        a shell line run in a copy of input/ (`floe` is on PATH)
#   input/     the files the command sees (optional)
#   expected/  every file the command creates or changes, byte for byte
#   stdout, stderr, status   what it prints and its exit code
# and optionally
#   setup      shell run in the copy before the command, with CASE set to the
#              case directory: it makes inputs too big to commit (they count
#              as inputs, not outputs); exit 77 skips the case, its first
#              line of output saying why
#   xfail      a known bug (first line: what is wrong): the case must fail
#              until the fix lands; a pass is reported and fails the run
#   ignore     shell patterns (one a line) of output files that are not
#              compared, only required to exist: DuckDB database files, whose
#              bytes differ from run to run
#   normalize  (empty) the case runs something whose output varies from run
#              to run (floe run, floe exec): that is normalised in stdout,
#              stderr and every text output before comparing (and before
#              blessing), and nothing else is; every other case is compared
#              byte for byte:
#   a duration "in 0.05s" / "[OK 24 rows in 0.01s]"  -> "in N.NNs"
#   an ISO-8601 UTC time 2026-12-08T01:39:41.505458Z -> "<time>"
#   a UUID (invocation_id)                           -> "<uuid>"
#   "execution_time": 0.013223 (and elapsed_time)    -> "execution_time": 0
#   "thread_id": "Thread-2"                          -> "thread_id": "Thread-N"
#   the case's working copy, as an absolute path     -> "<project>"
#   the runner's temporary directory                 -> "<tmp>"
# A case missing an expectation fails; an unexpected output file fails.
# Each command runs under `timeout` (GOLDEN_TIMEOUT seconds, default 60).
# UPDATE=1 rewrites the expectations from what floe does now (review the
# diff); xfail cases only with UPDATE_XFAIL=1 (bless them from a fixed floe).
# Usage: FLOE=/abs/path/to/floe sh tests/golden/run.sh [CASE_DIR...]
# GOLDEN_LABEL names the suite in the summary line (default: golden).
set -u
root=$(cd "$(dirname "$0")" && pwd)
: "${FLOE:?set FLOE to the floe binary}"
tmp=$(mktemp -d)
trap 'rm -rf "$tmp"' EXIT
mkdir -p "$tmp/bin"
ln -s "$FLOE" "$tmp/bin/floe"
pass=0
fail=0
skip=0
xfail=0
limit=""
command -v timeout >/dev/null 2>&1 && limit="timeout ${GOLDEN_TIMEOUT:-60}"

if [ $# -gt 0 ]; then cases="$*"; else
	cases=$(find "$root" -name cmd -type f | sort | sed 's|/cmd$||')
fi

# list files below $1 as relative paths, sorted
list() { (cd "$1" && find . -type f | sed 's|^\./||' | LC_ALL=C sort); }

# the run-to-run variation above, rewritten in place in text file $1
normalize() {
	[ -f "$case/normalize" ] || return 0
	grep -Iq . "$1" 2>/dev/null || return 0
	sed -E -i \
		-e 's/([ [(])in [0-9]+\.[0-9]+s/\1in N.NNs/g' \
		-e 's/[0-9]{4}-[0-9]{2}-[0-9]{2}T[0-9]{2}:[0-9]{2}:[0-9]{2}(\.[0-9]+)?Z/<time>/g' \
		-e 's/[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}/<uuid>/g' \
		-e 's/"(execution_time|elapsed_time)": [0-9.e+-]+/"\1": 0/g' \
		-e 's/"thread_id": "Thread-[0-9]+"/"thread_id": "Thread-N"/g' \
		-e "s|$tmp/work|<project>|g" -e "s|$tmp|<tmp>|g" \
		"$1"
}

# whether output $1 matches a pattern of the case's ignore file
ignored() {
	[ -f "$case/ignore" ] || return 1
	while read -r pat; do
		[ -n "$pat" ] || continue
		case "$1" in $pat) return 0 ;; esac
	done < "$case/ignore"
	return 1
}

fail_case() {
	if [ -f "$case/xfail" ] && [ -z "${UPDATE:-}" ]; then
		echo "XFAIL $name: $(head -n 1 "$case/xfail")"
		xfail=$((xfail + 1))
		return
	fi
	echo "FAIL $name: $1"
	[ -n "${2:-}" ] && printf '%s\n' "$2" | head -40
	fail=$((fail + 1))
}

pass_case() {
	if [ -f "$case/xfail" ] && [ -z "${UPDATE:-}" ]; then
		echo "XPASS $name: the bug is fixed, remove its xfail file"
		fail=$((fail + 1))
		return
	fi
	pass=$((pass + 1))
}

for case in $cases; do
	case=$(cd "$case" && pwd)
	name=${case#$root/}
	name=${name#$(pwd)/}
	if [ -n "${UPDATE:-}" ] && [ -f "$case/xfail" ] && [ -z "${UPDATE_XFAIL:-}" ]; then
		echo "SKIP $name: xfail, not blessed without UPDATE_XFAIL=1"
		skip=$((skip + 1))
		continue
	fi
	work="$tmp/work"
	rm -rf "$work" "$tmp/out"
	mkdir -p "$work" "$tmp/out"
	[ -d "$case/input" ] && cp -R "$case/input/." "$work/"
	if [ -f "$case/setup" ]; then
		(cd "$work" && CASE="$case" sh "$case/setup") >"$tmp/setup" 2>&1
		rc=$?
		if [ $rc = 77 ]; then
			echo "SKIP $name: $(head -n 1 "$tmp/setup")"
			skip=$((skip + 1))
			continue
		elif [ $rc != 0 ]; then
			fail_case "setup failed ($rc)" "$(cat "$tmp/setup")"
			continue
		fi
	fi
	before="$tmp/before"
	rm -rf "$before"; mkdir -p "$before"
	cp -R "$work/." "$before/"
	(cd "$work" && env -i PATH="$tmp/bin:/usr/bin:/bin" HOME="$tmp" LANG=C.UTF-8 \
		NO_COLOR=1 FLOE_SECRETS_DIR="$tmp/no-secrets" \
		$limit sh -c "$(cat "$case/cmd")" >"$tmp/stdout" 2>"$tmp/stderr")
	echo $? >"$tmp/status"
	normalize "$tmp/stdout"
	normalize "$tmp/stderr"
	# outputs: files new or changed relative to input/; an ignored one is
	# kept empty, so that it must still be there
	list "$work" | while read -r f; do
		if [ ! -f "$before/$f" ] || ! cmp -s "$before/$f" "$work/$f"; then
			mkdir -p "$(dirname "$tmp/out/$f")"
			if ignored "$f"; then
				: >"$tmp/out/$f"
			else
				cp "$work/$f" "$tmp/out/$f"
				normalize "$tmp/out/$f"
			fi
		fi
	done
	if [ -n "${UPDATE:-}" ]; then
		cp "$tmp/stdout" "$case/stdout"
		cp "$tmp/stderr" "$case/stderr"
		cp "$tmp/status" "$case/status"
		rm -rf "$case/expected"
		if [ -n "$(list "$tmp/out")" ]; then
			mkdir -p "$case/expected"
			cp -R "$tmp/out/." "$case/expected/"
		fi
		pass=$((pass + 1))
		continue
	fi
	ok=1
	for f in stdout stderr status; do
		if [ ! -f "$case/$f" ]; then
			fail_case "missing expectation '$f'"; ok=0; break
		fi
		if ! cmp -s "$case/$f" "$tmp/$f"; then
			fail_case "$f differs" "$(diff -u "$case/$f" "$tmp/$f")"; ok=0; break
		fi
	done
	[ $ok = 1 ] || continue
	mkdir -p "$tmp/exp"; rm -rf "$tmp/exp"; mkdir -p "$tmp/exp"
	[ -d "$case/expected" ] && cp -R "$case/expected/." "$tmp/exp/"
	if [ "$(list "$tmp/exp")" != "$(list "$tmp/out")" ]; then
		fail_case "output files differ" "$(diff -u "$(list "$tmp/exp" > "$tmp/a"; echo "$tmp/a")" "$(list "$tmp/out" > "$tmp/b"; echo "$tmp/b")")"
		continue
	fi
	for f in $(list "$tmp/out"); do
		if ! cmp -s "$tmp/exp/$f" "$tmp/out/$f"; then
			fail_case "output '$f' differs" "$(diff -u "$tmp/exp/$f" "$tmp/out/$f")"; ok=0; break
		fi
	done
	[ $ok = 1 ] && pass_case
done
summary="${GOLDEN_LABEL:-golden}: $pass passed, $fail failed"
[ $skip = 0 ] || summary="$summary, $skip skipped"
[ $xfail = 0 ] || summary="$summary, $xfail xfail"
echo "$summary"
[ $fail = 0 ]
