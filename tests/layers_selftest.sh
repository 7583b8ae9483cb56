#!/bin/sh
# tests/layers_selftest.sh: tests/layers.sh proved to fail.  Objects built
# in a temporary tree: a clean pair passes; a planted use of a higher
# module, an object outside the order's modules, a symbol no object
# defines, an exported symbol nobody uses, each breach of the naming rule
# and an empty list each fail, with the message naming the object
# and the symbol.
set -u
CC=${CC:-cc}
here=$(cd "$(dirname "$0")" && pwd)
tmp=$(mktemp -d) || exit 3
trap 'rm -rf "$tmp"' EXIT
failed=0

obj() { # obj MODULE NAME SOURCE
	mkdir -p "$tmp/src/$1"
	printf '%s\n' "$3" > "$tmp/src/$1/$2.c"
	$CC -c -o "$tmp/src/$1/$2.o" "$tmp/src/$1/$2.c" || exit 3
}

# expect STATUS PATTERN OBJECT...: the checker's status and a line it prints
expect() {
	want=$1 pat=$2; shift 2
	out=$(cd "$tmp" && TESTS= PUBLIC=${PUBLIC:-$tmp/none} sh "$here/layers.sh" "$@" 2>&1); st=$?
	if [ "$want" = 0 ] && [ "$st" != 0 ] || [ "$want" != 0 ] && [ "$st" = 0 ]; then
		echo "layers selftest: status $st, expected $want, for $*:"; echo "$out"
		failed=1
	elif ! printf '%s\n' "$out" | grep -q -- "$pat"; then
		echo "layers selftest: no line matching '$pat' for $*:"; echo "$out"
		failed=1
	fi
}

obj util buf 'int floe_buf_len(void) { return 1; }'
obj diag diag 'int floe_buf_len(void); int floe_diag_count(void) { return floe_buf_len(); }'
obj cli main 'int floe_diag_count(void); int main(void) { return floe_diag_count(); }'
expect 0 'the order holds' src/util/buf.o src/diag/diag.o src/cli/main.o

# util reaching up into diag
obj util bad 'int floe_diag_count(void); int floe_util_up(void) { return floe_diag_count(); }'
expect 1 'src/util/bad.o (util) uses floe_diag_count of diag, a higher module' \
	src/util/buf.o src/diag/diag.o src/cli/main.o src/util/bad.o

# a directory that is no module of the order
obj bogus x 'int floe_buf_len(void); int floe_bogus_x(void) { return floe_buf_len(); }'
expect 1 "'bogus' is not a module of the order" src/util/buf.o src/bogus/x.o

# a symbol that nothing defines
obj diag lost 'int floe_gone(void); int floe_diag_lost(void) { return floe_gone(); }'
expect 1 'uses floe_gone, which no object defines' src/util/buf.o src/diag/lost.o

# an exported function nothing else uses (and no test names)
obj util lonely 'int floe_util_lonely(void) { return 2; }'
expect 1 'src/util/lonely.o exports floe_util_lonely, which no other object uses' \
	src/util/buf.o src/diag/diag.o src/cli/main.o src/util/lonely.o

# names: an internal shared inside util only is floe_util__<name> unless
# public (named in PUBLIC's headers); another module never uses it
obj util a 'int floe_util_shared(void) { return 3; }'
obj util b 'int floe_util_shared(void); __attribute__((used)) static int use_b(void) { return floe_util_shared(); }'
expect 1 'exports floe_util_shared, used only inside util' \
	src/util/a.o src/util/b.o src/util/buf.o src/diag/diag.o src/cli/main.o
mkdir -p "$tmp/pub" && echo 'int floe_util_shared(void);' > "$tmp/pub/x.h"
PUBLIC="$tmp/pub" expect 0 'the order holds' \
	src/util/a.o src/util/b.o src/util/buf.o src/diag/diag.o src/cli/main.o
obj util c 'int floe_util__inner(void) { return 4; }'
obj diag d 'int floe_util__inner(void); __attribute__((used)) static int use_d(void) { return floe_util__inner(); }'
expect 1 'src/diag/d.o (diag) uses floe_util__inner, an internal of util' \
	src/util/c.o src/diag/d.o src/util/buf.o src/diag/diag.o src/cli/main.o
obj util e 'int floe_diag__wrong(void) { return 5; }'
obj util f 'int floe_diag__wrong(void); __attribute__((used)) static int use_f(void) { return floe_diag__wrong(); }'
expect 1 'exports floe_diag__wrong: an internal of util is named floe_util__' \
	src/util/e.o src/util/f.o src/util/buf.o src/diag/diag.o src/cli/main.o
obj util g 'int helper_g(void) { return 6; }'
obj util h 'int helper_g(void); __attribute__((used)) static int use_h(void) { return helper_g(); }'
expect 1 'exports helper_g: libfloe exports floe_util_' \
	src/util/g.o src/util/h.o src/util/buf.o src/diag/diag.o src/cli/main.o

# no objects: nothing to check is a failure, not a pass
expect 1 'usage' 
expect 1 'no such object' src/util/none.o

[ "$failed" = 0 ] || exit 1
echo "layers selftest: the checker fails where it must"
