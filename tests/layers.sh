#!/bin/sh
# tests/layers.sh OBJECT...: the layer rule checked over the built objects
# (`make layers` passes every object of libfloe and of the CLI).
#
# An object .../src/<module>/x.o belongs to <module>; one of .../gen/ to the
# module named in GEN below, one of .../gen/opentelemetry/ (OTLP messages
# generated from src/observe/proto) to observe.  The one order (README,
# "Layout"), lowest first:
#
#     util < diag < doc < json < yaml < load < schema < resolve < jinja
#          < emit < runtime < observe < inspect < lint < cli
#
# An object may use the floe_* symbols of its own module and of lower ones.
# Fails, naming object, symbol and both modules, when an object uses a
# symbol of a higher module or one no object defines; when an object lies
# in a directory that is not a module of the order (a module of the order
# with no directory is fine: it does not exist yet); when there are no
# objects at all; and on an exported symbol that no other object uses and
# no test names (TESTS: their source folders, default tests/unit and
# tests/fuzz), unless include/floe names it: make it static, or remove it.  Names (libgit2's style): what
# an object of libfloe exports is public, floe_<module>_<verb> and named in
# include/floe/*.h (PUBLIC), or an internal shared by files of its module,
# floe_<module>__<name>; an internal of another module is never used.
set -u

ORDER="util diag doc json yaml load schema resolve jinja emit runtime observe inspect lint cli"
GEN="embedded:util"

[ $# -gt 0 ] || { echo "usage: tests/layers.sh OBJECT..."; exit 2; }
TESTS=${TESTS:-tests/unit tests/fuzz}
PUBLIC=${PUBLIC:-include/floe}
NM=${NM:-nm}

tmp=$(mktemp -d) || exit 3
trap 'rm -rf "$tmp"' EXIT

fail=0
: > "$tmp/objs"
for o in "$@"; do
	if [ ! -f "$o" ]; then
		echo "layers: $o: no such object (build first)"
		fail=1
		continue
	fi
	dir=$(basename "$(dirname "$o")")
	up=$(basename "$(dirname "$(dirname "$o")")")
	if [ "$dir" = gen ]; then
		base=$(basename "$o" .o)
		mod=""
		for g in $GEN; do
			[ "${g%%:*}" = "$base" ] && mod=${g#*:}
		done
		if [ -z "$mod" ]; then
			echo "layers: $o: generated object of no module (add it to GEN in tests/layers.sh)"
			fail=1
			continue
		fi
	elif [ "$up" = src ]; then
		mod=$dir
	elif case "$o" in */gen/opentelemetry/*) true ;; *) false ;; esac; then
		mod=observe   # protoc-c's code of the vendored OTLP messages (src/observe/proto)
	else
		echo "layers: $o: not under src/<module>/ or gen/"
		fail=1
		continue
	fi
	rank=0; i=0
	for m in $ORDER; do
		i=$((i + 1))
		[ "$m" = "$mod" ] && rank=$i
	done
	if [ "$rank" = 0 ]; then
		echo "layers: $o: '$mod' is not a module of the order ($ORDER)"
		fail=1
		continue
	fi
	echo "$o $mod $rank" >> "$tmp/objs"
done
nobj=$(wc -l < "$tmp/objs")
if [ "$nobj" = 0 ]; then
	echo "layers: no objects to check"
	exit 1
fi

# One line per symbol of each object: OBJ MODULE RANK TYPE NAME.
while read -r o mod rank; do
	"$NM" -P "$o" | awk -v o="$o" -v m="$mod" -v r="$rank" \
		'{ print o, m, r, $2, $1 }' || exit 3
done < "$tmp/objs" > "$tmp/syms"

# The words of the tests' sources: a symbol they call is used.
for t in $TESTS; do
	[ -d "$t" ] && find "$t" -name '*.c' -exec cat {} +
done | tr -c 'A-Za-z0-9_' '\n' | sort -u > "$tmp/tested"

# The words of libfloe's public headers: its API.
cat "$PUBLIC"/*.h 2>/dev/null | tr -c 'A-Za-z0-9_' '\n' | sort -u > "$tmp/public"

awk -v testf="$tmp/tested" -v pubf="$tmp/public" -v cli="$(echo $ORDER | wc -w)" '
BEGIN {
	while ((getline w < testf) > 0) tested[w] = 1
	while ((getline w < pubf) > 0) pub[w] = 1
}
# What the compiler adds (the sanitizers: __odr_asan.x, __asan_*) is not ours.
$5 ~ /^__/ || index($5, ".") { next }
# Defined and global: T D R B C G S V W (lower case is file-local).
$4 ~ /^[TDRBCGSVW]$/ {
	if (!($5 in def)) { def[$5] = $1; dmod[$5] = $2; drank[$5] = $3 }
	next
}
$4 == "U" {
	n++; uo[n] = $1; um[n] = $2; ur[n] = $3; us[n] = $5
	nuse[$5]++
	if (!($5 in umods)) umods[$5] = " "
	if (index(umods[$5], " " $2 " ") == 0) umods[$5] = umods[$5] $2 " "
}
END {
	bad = 0
	for (i = 1; i <= n; i++) {
		s = us[i]
		if (!(s in def)) {
			if (s ~ /^floe_/) {
				printf "layers: %s (%s) uses %s, which no object defines\n", uo[i], um[i], s
				bad = 1
			}
		} else if (drank[s] + 0 > ur[i] + 0) {
			printf "layers: %s (%s) uses %s of %s, a higher module\n", uo[i], um[i], s, dmod[s]
			bad = 1
		} else if (s ~ /^floe_[a-z0-9]*__/ && um[i] != dmod[s]) {
			printf "layers: %s (%s) uses %s, an internal of %s\n", uo[i], um[i], s, dmod[s]
			bad = 1
		}
	}
	for (s in def) {
		m = dmod[s]
		# protoc-c names what it generates: the order still holds for its
		# uses, the naming and unused-export rules are for code floe writes
		if (index(def[s], "/gen/opentelemetry/")) continue
		lib = drank[s] + 0 < cli + 0
		internal = s ~ /^floe_[a-z0-9]*__/
		if (internal && index(s, "floe_" m "__") != 1) {
			printf "layers: %s exports %s: an internal of %s is named floe_%s__<name>\n", def[s], s, m, m
			bad = 1
		} else if (lib && s !~ /^floe_/) {
			printf "layers: %s exports %s: libfloe exports floe_%s_<verb> (public) or floe_%s__<name> (internal)\n", def[s], s, m, m
			bad = 1
		} else if (lib && !internal && !(s in pub) && (s in nuse) && umods[s] == " " m " ") {
			printf "layers: %s exports %s, used only inside %s and not in %s: name it floe_%s__<name>\n", def[s], s, m, "'"$PUBLIC"'", m
			bad = 1
		}
		# the API of libfloe (include/floe/*.h) may wait for its first caller
		if ((s in nuse) || (s in tested) || (s in pub) || s == "main") continue
		printf "layers: %s exports %s, which no other object uses (make it static, or remove it)\n", def[s], s
		bad = 1
	}
	exit bad
}' "$tmp/syms" > "$tmp/report" || fail=1
sort "$tmp/report"

[ "$fail" = 0 ] || exit 1
echo "layers: $nobj objects, the order holds"
