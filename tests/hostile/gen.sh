#!/bin/sh
# gen.sh: the hostile inputs too big to commit, made at test time by a
# case's `setup` (sh "$CASE/../../gen.sh" KIND ARGS... > FILE).  Each kind
# prints to standard output, except `sparse`, which makes a file.  POSIX sh
# and awk only; output is the same on every run.
#   repeat STR N          STR N times, no newline
#   nest OPEN CLOSE N [MID]  OPEN N times, MID, then CLOSE N times
#   block-maps N          N mappings nested by indentation (k1:, k2:, ...),
#                         one space a level
#   block-seqs N          N sequences nested by indentation (- - - ...)
#   scalar BYTES          one line of BYTES letters (no newline)
#   block-scalar LINES    LINES lines of 64 letters, indented by 4
#   bomb LEVELS FAN       billion laughs: LEVELS anchors, each aliasing the
#                         previous FAN times (FAN^LEVELS nodes once expanded)
#   merge-bomb LEVELS FAN the same with merge keys (<<: [*a, *a, ...])
#   aliases N             one anchor and N aliases to it, in a sequence
#   many-keys N           N keys k0..k(N-1) of one mapping, indented by 4
#   many-items N          a flow sequence of N small integers, one a line
#   sparse FILE BYTES     FILE of BYTES zero bytes, without using the disk
set -eu

kind=${1:?kind}
shift
case $kind in
repeat)
	awk -v s="$1" -v n="$2" 'BEGIN { for (i = 0; i < n; i++) printf "%s", s }'
	;;
nest)
	awk -v o="$1" -v c="$2" -v n="$3" -v m="${4:-}" 'BEGIN {
		for (i = 0; i < n; i++) printf "%s", o
		printf "%s", m
		for (i = 0; i < n; i++) printf "%s", c
		printf "\n" }'
	;;
block-maps)
	awk -v n="$1" 'BEGIN { pad = ""
		for (i = 1; i <= n; i++) { printf "%sk%d:\n", pad, i; pad = pad " " }
		printf "%sleaf\n", pad }'
	;;
block-seqs)
	awk -v n="$1" 'BEGIN { pad = ""
		for (i = 1; i <= n; i++) { printf "%s-\n", pad; pad = pad " " }
		printf "%sleaf\n", pad }'
	;;
scalar)
	awk -v n="$1" 'BEGIN { s = "abcdefghijklmnopqrstuvwxyzABCDEFGHIJKLMNOPQRSTUVWXYZ0123456789ab"
		for (i = 0; i + 64 <= n; i += 64) printf "%s", s
		printf "%s", substr(s, 1, n - i) }'
	;;
block-scalar)
	awk -v n="$1" 'BEGIN { s = "abcdefghijklmnopqrstuvwxyzABCDEFGHIJKLMNOPQRSTUVWXYZ0123456789ab"
		for (i = 0; i < n; i++) printf "    %s\n", s }'
	;;
bomb|merge-bomb)
	awk -v k="$kind" -v n="$1" -v f="$2" 'BEGIN {
		printf "l0: &l0 {lol: lol}\n"
		for (i = 1; i <= n; i++) {
			printf (k == "bomb" ? "l%d: &l%d [" : "l%d: &l%d {<<: ["), i, i
			for (j = 0; j < f; j++) printf "%s*l%d", j ? ", " : "", i - 1
			printf (k == "bomb" ? "]\n" : "], x%d: y}\n"), i
		} }'
	;;
aliases)
	awk -v n="$1" 'BEGIN { printf "- &a x\n"; for (i = 0; i < n; i++) printf "- *a\n" }'
	;;
many-keys)
	awk -v n="$1" 'BEGIN { for (i = 0; i < n; i++) printf "    k%d: v\n", i }'
	;;
many-items)
	awk -v n="$1" 'BEGIN { printf "["; for (i = 0; i < n; i++) printf "%s%d", i ? ",\n" : "", i % 10; printf "]\n" }'
	;;
sparse)
	: > "$1"
	truncate -s "$2" "$1" 2>/dev/null || dd if=/dev/zero of="$1" bs=1 count=0 seek="$2" 2>/dev/null
	;;
*)
	echo "gen.sh: unknown kind '$kind'" >&2
	exit 2
	;;
esac
