#!/bin/sh
# tests/hostile/valgrind.sh: every hostile case's command (and any golden
# case dirs given) under valgrind --error-exitcode=99 --leak-check=full.
# Not part of `make check`: it takes tens of minutes.  A case fails when
# valgrind reports an error or a definite leak (exit 99, and a log kept in
# $VALGRIND_LOGS, default build/valgrind-logs), or when its output differs.
# Usage: FLOE=/abs/path/to/floe sh tests/hostile/valgrind.sh [CASE_DIR...]
set -u
here=$(cd "$(dirname "$0")" && pwd)
: "${FLOE:?set FLOE to the floe binary}"
command -v valgrind >/dev/null 2>&1 || { echo "valgrind: not installed"; exit 2; }
logs=${VALGRIND_LOGS:-$PWD/build/valgrind-logs}
rm -rf "$logs" && mkdir -p "$logs"
tmp=$(mktemp -d)
trap 'rm -rf "$tmp"' EXIT

# the runner links `floe` to this wrapper; each process logs to its own file
cat >"$tmp/floe" <<EOF
#!/bin/sh
exec valgrind -q --error-exitcode=99 --leak-check=full \
	--errors-for-leak-kinds=definite --log-file="$logs/%p.log" "$FLOE" "\$@"
EOF
chmod +x "$tmp/floe"

if [ $# -gt 0 ]; then cases="$*"; else cases=$(ls -d "$here"/cases/*/ | sed 's|/$||'); fi
FLOE="$tmp/floe" GOLDEN_TIMEOUT=${GOLDEN_TIMEOUT:-900} GOLDEN_LABEL=valgrind \
	sh "$here/../golden/run.sh" $cases
rc=$?
# with -q a log holds only errors: empty ones are clean processes
find "$logs" -type f -empty -delete
n=$(find "$logs" -type f | wc -l)
echo "valgrind: $n process logs with errors in $logs"
[ "$n" = 0 ] || rc=1
exit $rc
