#!/bin/sh
# Golden cases: tests/golden/<area>/<rule>/ holds
#   cmd        a shell line run in a copy of input/ (`floe` is on PATH)
#   input/     the files the command sees (optional)
#   expected/  every file the command creates or changes, byte for byte
#   stdout, stderr, status   what it prints and its exit code
# A case missing an expectation fails; an unexpected output file fails.
# UPDATE=1 rewrites the expectations from what floe does now (review the diff).
# Usage: FLOE=/abs/path/to/floe sh tests/golden/run.sh [CASE_DIR...]
set -u
root=$(cd "$(dirname "$0")" && pwd)
: "${FLOE:?set FLOE to the floe binary}"
tmp=$(mktemp -d)
trap 'rm -rf "$tmp"' EXIT
mkdir -p "$tmp/bin"
ln -s "$FLOE" "$tmp/bin/floe"
pass=0
fail=0

if [ $# -gt 0 ]; then cases="$*"; else
	cases=$(find "$root" -name cmd -type f | sort | sed 's|/cmd$||')
fi

# list files below $1 as relative paths, sorted
list() { (cd "$1" && find . -type f | sed 's|^\./||' | LC_ALL=C sort); }

fail_case() {
	echo "FAIL ${case#$root/}: $1"
	[ -n "${2:-}" ] && printf '%s\n' "$2" | head -40
	fail=$((fail + 1))
}

for case in $cases; do
	work="$tmp/work"
	rm -rf "$work" "$tmp/out"
	mkdir -p "$work" "$tmp/out"
	[ -d "$case/input" ] && cp -R "$case/input/." "$work/"
	before="$tmp/before"
	rm -rf "$before"; mkdir -p "$before"
	cp -R "$work/." "$before/"
	(cd "$work" && env -i PATH="$tmp/bin:/usr/bin:/bin" HOME="$tmp" LANG=C.UTF-8 \
		NO_COLOR=1 FLOE_SECRETS_DIR="$tmp/no-secrets" \
		sh -c "$(cat "$case/cmd")" >"$tmp/stdout" 2>"$tmp/stderr")
	echo $? >"$tmp/status"
	# outputs: files new or changed relative to input/
	list "$work" | while read -r f; do
		if [ ! -f "$before/$f" ] || ! cmp -s "$before/$f" "$work/$f"; then
			mkdir -p "$(dirname "$tmp/out/$f")"
			cp "$work/$f" "$tmp/out/$f"
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
	[ $ok = 1 ] && pass=$((pass + 1))
done
echo "golden: $pass passed, $fail failed"
[ $fail = 0 ]
