#!/bin/sh
# run.sh: libFuzzer runs of every tests/fuzz/fuzz_*.c target (clang,
# ASan + UBSan), FUZZ_SECONDS each (default 60), on a copy of its seed
# corpus tests/fuzz/corpus/<name>/ (name: the file name without fuzz_ and
# .c).  Crashes go to build/fuzz-artifacts/; the seeds are never written.
# Usage: sh tests/fuzz/run.sh [name...]    (default: every target)
set -eu
cd "$(dirname "$0")/../.."

FUZZ_SECONDS=${FUZZ_SECONDS:-60}
CLANG=${CLANG:-$(command -v clang-14 || command -v clang || echo clang)}
OUT=build/fuzz-libfuzzer
ART=build/fuzz-artifacts
PKGS="yaml-0.1 libcyaml jansson libpcre2-8 libsodium"
# duckdb.h as `make deps` fetched it (`make fuzz` passes the Makefile's)
DUCKDB_INC=${DUCKDB_INC:-$(ls -d build/deps/duckdb-*/include 2>/dev/null | tail -n 1)}

# The library: every module but the CLI and build tools; FUZZ_LIB_SRC
# overrides (a module that does not build yet can be left out).
make -s build/gen/embedded.c >/dev/null 2>&1 || true
if [ -z "${FUZZ_LIB_SRC:-}" ]; then
	FUZZ_LIB_SRC=$(ls src/*/*.c | grep -v -e '^src/cli/' -e '^src/tools/')
	if [ -f build/gen/embedded.c ]; then
		FUZZ_LIB_SRC="$FUZZ_LIB_SRC build/gen/embedded.c"
	fi
fi

CFLAGS="-g -O1 -std=c11 -D_GNU_SOURCE -Iinclude -Isrc -Ibuild/gen \
	-I$DUCKDB_INC -DFLOE_DUCKDB_DEFAULT=\"\" \
	-fno-omit-frame-pointer -fno-sanitize-recover=all \
	$(pkg-config --cflags $PKGS 2>/dev/null || true)"
LIBS="$(pkg-config --libs $PKGS 2>/dev/null || true) -ldl -lpthread -lm"

mkdir -p "$OUT/obj" "$ART"
objs=""
for src in $FUZZ_LIB_SRC; do
	obj="$OUT/obj/$(echo "$src" | tr / _).o"
	if [ ! -f "$obj" ] || [ "$src" -nt "$obj" ] || \
	   [ -n "$(find include src -name '*.h' -newer "$obj" 2>/dev/null | head -1)" ]; then
		$CLANG $CFLAGS -fsanitize=fuzzer-no-link,address,undefined \
			-c -o "$obj" "$src"
	fi
	objs="$objs $obj"
done

targets=""
if [ $# -gt 0 ]; then
	for n in "$@"; do targets="$targets tests/fuzz/fuzz_$n.c"; done
else
	targets=$(ls tests/fuzz/fuzz_*.c)
fi

failed=""
for t in $targets; do
	name=$(basename "$t" .c)
	name=${name#fuzz_}
	bin="$OUT/fuzz_$name"
	$CLANG $CFLAGS -fsanitize=fuzzer,address,undefined -o "$bin" "$t" \
		$objs $LIBS
	work="$OUT/corpus-$name"
	rm -rf "$work"
	mkdir -p "$work"
	if [ -d "tests/fuzz/corpus/$name" ]; then
		cp -R "tests/fuzz/corpus/$name/." "$work/"
	fi
	echo "fuzz $name: ${FUZZ_SECONDS}s"
	if ! UBSAN_OPTIONS=print_stacktrace=1:halt_on_error=1 \
	     ASAN_OPTIONS=detect_leaks=1 \
	     "$bin" -max_total_time="$FUZZ_SECONDS" -timeout=10 \
		-rss_limit_mb=2048 -max_len=65536 -print_final_stats=1 \
		-artifact_prefix="$ART/$name-" "$work" >"$OUT/$name.log" 2>&1; then
		echo "fuzz $name: FAILED, see $OUT/$name.log and $ART/"
		tail -n 40 "$OUT/$name.log"
		failed="$failed $name"
	else
		grep -E '^stat::number_of_executed_units|^stat::new_units_added' \
			"$OUT/$name.log" | sed "s/^/fuzz $name: /" || true
	fi
done
if [ -n "$failed" ]; then
	echo "fuzz: failures in:$failed"
	exit 1
fi
echo "fuzz: all targets ran clean"
