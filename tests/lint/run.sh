#!/bin/sh
# Lint corpus.  Each case is a tiny project under tests/lint/positive/ or
# tests/lint/negative/ (floe.yaml, platform/<env>/platform.yaml, maybe dbt
# files and a .floe-lint.yaml), linted with `floe lint --all-envs` (or the
# arguments in the case's `args` file) in --format github.
# (with --repo-root . : paths relative to the case, not to the checkout)
#   positive: `expect` lists every diagnostic, one per line, as
#             SEVERITY CODE FILE:LINE:COL   (FILE alone for a whole file);
#             the set must match exactly, and the exit status must be 1 when
#             an error is expected, else 0.  '#' starts a comment.
#   negative: no diagnostic at all, nothing on stderr, exit 0.
# Usage: FLOE=/abs/path/to/floe sh tests/lint/run.sh [CASE_DIR...]
set -u
root=$(cd "$(dirname "$0")" && pwd)
: "${FLOE:?set FLOE to the floe binary}"
tmp=$(mktemp -d)
trap 'rm -rf "$tmp"' EXIT
pass=0
fail=0

if [ $# -gt 0 ]; then cases="$*"; else
	cases=$(find "$root/positive" "$root/negative" -mindepth 1 -maxdepth 1 -type d | LC_ALL=C sort)
fi

# github workflow commands -> "SEVERITY CODE FILE[:LINE[:COL]]", sorted
normalize() {
	sed -n 's/^::\([a-z]*\) \([^:]*\)::.*$/\1,\2,/p' "$1" | while IFS= read -r l; do
		sev=${l%%,*}
		[ "$sev" = notice ] && sev=note
		get() { printf '%s' "$l" | sed -n "s/.*,$1=\([^,]*\),.*/\1/p"; }
		file=$(get file); line=$(get line); col=$(get col); code=$(get title)
		where=$file
		[ -n "$line" ] && where="$where:$line"
		[ -n "$col" ] && where="$where:$col"
		printf '%s %s %s\n' "$sev" "$code" "$where"
	done | LC_ALL=C sort
}

fail_case() {
	echo "FAIL ${case#$root/}: $1"
	[ -n "${2:-}" ] && printf '%s\n' "$2" | head -30
	fail=$((fail + 1))
}

for case in $cases; do
	args="lint --all-envs"
	[ -f "$case/args" ] && args=$(cat "$case/args")
	# shellcheck disable=SC2086
	(cd "$case" && env -i PATH=/usr/bin:/bin HOME="$tmp" LANG=C.UTF-8 NO_COLOR=1 \
		"$FLOE" --repo-root . $args --format github) >"$tmp/out" 2>"$tmp/err"
	status=$?
	normalize "$tmp/out" >"$tmp/got"
	case $case in
	*/negative/*)
		if [ $status -ne 0 ] || [ -s "$tmp/out" ] || [ -s "$tmp/err" ]; then
			fail_case "expected no finding (status $status)" "$(cat "$tmp/out" "$tmp/err")"
			continue
		fi
		;;
	*)
		if [ ! -f "$case/expect" ]; then
			fail_case "missing 'expect'"; continue
		fi
		sed -e 's/#.*//' -e 's/[[:space:]]*$//' -e '/^$/d' "$case/expect" | LC_ALL=C sort >"$tmp/want"
		want_status=0
		grep -q '^error ' "$tmp/want" && want_status=1
		if ! cmp -s "$tmp/want" "$tmp/got"; then
			fail_case "findings differ" "$(diff "$tmp/want" "$tmp/got"; cat "$tmp/err")"
			continue
		fi
		if [ $status -ne $want_status ]; then
			fail_case "exit status $status, expected $want_status" "$(cat "$tmp/err")"
			continue
		fi
		;;
	esac
	pass=$((pass + 1))
done
echo "lint corpus: $pass passed, $fail failed"
[ $fail = 0 ]
