#!/bin/sh
# tests/hostile/run.sh: the hostile-input corpus.  Each case in cases/ is a
# golden case (cmd, input/, stdout, stderr, status, expected/; see
# tests/golden/run.sh); inputs too big to commit are made at test time by
# the case's `setup` with gen.sh.  A blessed expectation must be a clean
# exit (0-3): a crash (>= 128) or a hang (124, killed by the runner's
# timeout) can never be blessed into the corpus.
# Usage: FLOE=/abs/path/to/floe sh tests/hostile/run.sh [CASE_DIR...]
# Prints "hostile: N passed, M failed" (and skipped / xfail counts).
set -u
here=$(cd "$(dirname "$0")" && pwd)
: "${FLOE:?set FLOE to the floe binary}"

if [ $# -gt 0 ]; then cases="$*"; else cases=$(ls -d "$here"/cases/*/ | sed 's|/$||'); fi

bad=0
for c in $cases; do
	[ -f "$c/status" ] || continue
	case $(cat "$c/status") in
	0|1|2|3) ;;
	*) echo "FAIL ${c#$here/}: expects exit $(cat "$c/status"), a crash or a hang"
	   bad=$((bad + 1)) ;;
	esac
done

# big cases take up to half a minute under ASan: a hang still ends here
GOLDEN_TIMEOUT=${GOLDEN_TIMEOUT:-300} GOLDEN_LABEL=hostile \
	sh "$here/../golden/run.sh" $cases
rc=$?
if [ $bad -gt 0 ]; then
	echo "hostile: $bad blessed expectations are crashes or hangs"
	exit 1
fi
exit $rc
