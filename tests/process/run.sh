#!/bin/sh
# Process-level secret hardening of floe (docs/secrets.md), checked on live
# processes rather than on files a host may route elsewhere:
#   core     a `floe run` holding a secret: /proc/PID/limits "Max core file
#            size 0 0", /proc/PID owned by root when floe runs as another
#            user (not dumpable), FLOE_SECRETS_KEY wiped from
#            /proc/PID/environ; exec's child inherits the core limit and
#            gets no FLOE_SECRETS_KEY*
#   signals  floe run as PID 1 of a pid namespace (a container's
#            entrypoint), SIGTERM sent at several moments from the very
#            start: exit 3 every time, no half-written table
#   confine  examples/medallion runs under DuckDB's confinement; a model
#            reading the key file with read_text() fails with a
#            Permission Error, and works once the platform's
#            security.duckdb.allowed_directories names the directory
# Needs root for unshare and setpriv; without them a part is skipped, and
# under CI=true that is a failure.
# Usage: FLOE=/abs/path/to/floe sh tests/process/run.sh
set -u
: "${FLOE:?set FLOE to the floe binary}"
root=$(cd "$(dirname "$0")/../.." && pwd)
tmp=$(mktemp -d)
trap 'rm -rf "$tmp"' EXIT
chmod 755 "$tmp"
pass=0
fail=0
skip=0
ok() { pass=$((pass + 1)); }
bad() { echo "FAIL $*"; fail=$((fail + 1)); }
cant() {
	if [ "${CI:-}" = true ]; then bad "$* (cannot set up under CI=true)"
	else echo "SKIP $*"; skip=$((skip + 1)); fi
}

# a project on local DuckDB whose one model is slow; its secret comes from
# the environment (env-sourced), the sealed key from FLOE_SECRETS_KEY
mkproj() {
	d=$1
	mkdir -p "$d/platform/local" "$d/dbt/models"
	printf 'name: proc\nversion: "1.0.0"\ntransforms:\n  - type: dbt\n    path: ./dbt\n' >"$d/floe.yaml"
	printf 'name: proc\nversion: "1.0"\nprofile: proc\n' >"$d/dbt/dbt_project.yml"
	cat >"$d/platform/local/platform.yaml" <<'EOF'
version: "1.3.0"
storage:
  default:
    type: local
    path: ./warehouse/data
    credentials: {mode: bearer, token: {secret_ref: proc-token}}
catalogs:
  default: {type: duckdb, path: ./warehouse/lake.duckdb}
compute:
  default:
    type: duckdb
    properties: {path: ./warehouse/floe.duckdb, threads: 1}
EOF
	printf "{{ config(materialized='table') }}\nselect count(*) as n from range(10000000000000)\n" \
		>"$d/dbt/models/slow.sql"
}

KEY=$("$FLOE" secrets keygen --stdout 2>/dev/null)
TOKEN=proc-token-value-$$-0123456789

# wait_pid FILE: the pid in FILE once the process exists (5 s at most)
wait_for() { i=0; while [ $i -lt 500 ]; do eval "$1" && return 0; sleep 0.01; i=$((i + 1)); done; return 1; }

# ---- core: the state of a floe holding secrets ----
p="$tmp/core"
mkproj "$p"
chown -R 65534:65534 "$p" 2>/dev/null
if command -v setpriv >/dev/null 2>&1 && [ "$(id -u)" = 0 ]; then
	(cd "$p" && exec env FLOE_SECRETS_KEY="$KEY" PROC_TOKEN="$TOKEN" \
		setpriv --reuid=65534 --regid=65534 --clear-groups "$FLOE" run) \
		>"$tmp/core.out" 2>&1 &
	pid=$!
	# the model is running: floe holds the secret (and DuckDB works)
	if wait_for 'grep -q "START\|slow" "$tmp/core.out" 2>/dev/null'; then
		sleep 0.3
		lim=$(grep "Max core file size" /proc/$pid/limits | tr -s ' ' | sed 's/ *$//')
		case "$lim" in "Max core file size 0 0 bytes") ok ;;
		*) bad "core: floe run's core limit is '$lim'" ;; esac
		# not dumpable: the files of /proc/PID belong to root, not to floe's user
		owner=$(stat -c %u /proc/$pid/environ)
		[ "$owner" = 0 ] && ok || bad "core: /proc/$pid/environ belongs to uid $owner, not root: floe run is dumpable"
		if tr '\0' '\n' </proc/$pid/environ | grep -qF -e "$KEY"; then
			bad "core: FLOE_SECRETS_KEY is still in /proc/$pid/environ"
		else ok; fi
		tr '\0' '\n' </proc/$pid/environ | grep -q '^FLOE_SECRETS_KEY=' &&
			bad "core: FLOE_SECRETS_KEY= is still in environ" || ok
	else
		bad "core: floe run did not start its model: $(tail -3 "$tmp/core.out")"
	fi
	kill -TERM $pid 2>/dev/null
	wait $pid
	st=$?
	[ $st = 3 ] && ok || bad "core: cancelled floe run exited $st, not 3"
else
	cant "core: needs root and setpriv"
fi
# exec's child: the core limit inherited, no FLOE_SECRETS_KEY*
out=$(cd "$p" && env FLOE_SECRETS_KEY="$KEY" FLOE_SECRETS_KEY_FILE=/nonexistent PROC_TOKEN="$TOKEN" \
	"$FLOE" exec -- sh -c 'grep "Max core file size" /proc/self/limits; env | grep "^FLOE_SECRETS_KEY" ; echo "token=${PROC_TOKEN:-}"' 2>&1)
case "$out" in *"Max core file size"*" 0 "*" 0 "*) ok ;;
*) bad "core: exec's child has no core limit of 0: $out" ;; esac
case "$out" in *FLOE_SECRETS_KEY*) bad "core: exec's child got FLOE_SECRETS_KEY*" ;; *) ok ;; esac
case "$out" in *"token=$TOKEN"*) ok ;; *) bad "core: exec's child did not get its secret: $out" ;; esac

# ---- signals: SIGTERM to floe run as PID 1, early ----
p="$tmp/sig"
mkproj "$p"
printf "{{ config(materialized='table') }}\nselect * from slow\n" >"$p/dbt/models/after.sql"
if [ "$(id -u)" = 0 ] && unshare --pid --fork --kill-child true 2>/dev/null; then
	for delay in 0 0.02 0.05 0.1 0.2 0.4 1; do
		rm -rf "$p/warehouse" "$p/.floe"
		(cd "$p" && exec env PROC_TOKEN="$TOKEN" timeout 60 unshare --pid --fork --kill-child \
			"$FLOE" run) >"$tmp/sig.out" 2>&1 &
		u=$!
		# floe is the child of unshare (PID 1 inside)
		c=""
		wait_for 'u2=$(cat /proc/$u/task/$u/children 2>/dev/null | tr -d " "); [ -n "$u2" ] && c=$(cat /proc/$u2/task/$u2/children 2>/dev/null | tr -d " "); [ -n "$c" ]'
		# "after 0 s" is the moment floe catches SIGTERM (its SigCgt), the
		# first thing main does: before that, the kernel drops a signal
		# to a PID 1 without a handler, for floe as for any program (a
		# sanitizer build's start makes that window long enough to hit)
		wait_for '[ -n "$c" ] && caught=$(sed -n "s/^SigCgt:[[:space:]]*//p" /proc/$c/status 2>/dev/null) && [ -n "$caught" ] && [ $(( 0x$caught & 0x4000 )) != 0 ]'
		sleep "$delay"
		[ -n "$c" ] && kill -TERM "$c" 2>/dev/null
		wait $u
		st=$?
		if [ $st = 3 ]; then ok; else bad "signals: SIGTERM after ${delay}s: exit $st, not 3: $(tail -2 "$tmp/sig.out")"; fi
	done
	# no half-written table: nothing was created
	if [ -f "$p/warehouse/lake.duckdb" ]; then
		printf "{{ config(materialized='view') }}\nselect count(*) as n from information_schema.tables where table_name in ('slow', 'after')\n" \
			>"$p/dbt/models/probe.sql"
		rm -f "$p/dbt/models/slow.sql" "$p/dbt/models/after.sql"
		got=$(cd "$p" && PROC_TOKEN="$TOKEN" "$FLOE" run --quiet --show probe 2>&1)
		if printf '%s\n' "$got" | tail -1 | grep -qx 0; then ok; else bad "signals: a cancelled table exists: $got"; fi
	fi
else
	cant "signals: needs root and unshare --pid"
fi

# ---- confine: medallion works, the key file does not ----
p="$tmp/med"
cp -r "$root/examples/medallion" "$p"
rm -rf "$p/warehouse" "$p/.floe" "$p/dbt/target"
mkdir -p "$tmp/keys"
printf '%s\n' "$KEY" >"$tmp/keys/floe.key"
chmod 600 "$tmp/keys/floe.key"
got=$(cd "$p" && "$FLOE" run 2>&1)
st=$?
[ $st = 0 ] && ok || bad "confine: medallion failed ($st): $(echo "$got" | tail -5)"
printf "select content from read_text('%s')\n" "$tmp/keys/floe.key" >"$p/dbt/models/steal.sql"
got=$(cd "$p" && FLOE_SECRETS_KEY_FILE="$tmp/keys/floe.key" "$FLOE" run --select steal 2>&1)
st=$?
case "$got" in *"Permission Error: Cannot access file \"$tmp/keys/floe.key\""*) ok ;;
*) bad "confine: read_text of the key file did not fail clearly: $got" ;; esac
[ $st = 3 ] && ok || bad "confine: the key read exited $st, not 3"
case "$got" in *"$KEY"*) bad "confine: the key is in the output" ;; *) ok ;; esac
grep -rqF -e "$KEY" "$p" && bad "confine: the key landed under the project" || ok
# outside the project, also through a relative path and a COPY
printf "select content from read_text('../keys/floe.key')\n" >"$p/dbt/models/steal.sql"
got=$(cd "$p" && "$FLOE" run --select steal 2>&1)
case "$got" in *"Permission Error"*) ok ;; *) bad "confine: a relative path out of the project was read: $got" ;; esac
printf "{{ config(materialized='table') }}\nselect 1 as x from (select 1) where (select count(*) from (copy (select 1) to '%s/evil.csv')) >= 0\n" "$tmp" \
	>"$p/dbt/models/steal.sql"
(cd "$p" && "$FLOE" run --select steal >/dev/null 2>&1)
[ -e "$tmp/evil.csv" ] && bad "confine: a model wrote outside the project" || ok
# the platform widens it
printf "select content from read_text('%s')\n" "$tmp/keys/floe.key" >"$p/dbt/models/steal.sql"
printf 'security:\n  duckdb:\n    allowed_directories: [%s/keys]\n' "$tmp" >>"$p/platform/local/platform.yaml"
got=$(cd "$p" && "$FLOE" run --select steal 2>&1)
[ $? = 0 ] && ok || bad "confine: security.duckdb.allowed_directories did not widen it: $got"

echo "process: $pass passed, $fail failed, $skip skipped"
[ $fail = 0 ]
