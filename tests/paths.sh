#!/bin/sh
# Where floe writes, and what it never touches (docs/compile.md, "Where
# floe writes"):
#  - hostile --out and names, as root (issue 18): --out .git, --out dbt,
#    --out .., --out ., --env ../dbt --platform FILE, FLOE_PLATFORM_ENV=../x,
#    a platform file in a folder named '..': each refused, and every file
#    (a checksum listing of the whole tree) is where it was;
#  - an output folder is replaced only when empty, marked or floe's by its
#    names; floe-runtime's .floe/<env>/platform.yaml layout;
#  - the sealed file beside the platform file (dev/platform.yaml);
#  - exec gives a dbt child DBT_TARGET_PATH / DBT_LOG_PATH under the state
#    directory unless they are set;
#  - a read-only project runs with --state-dir elsewhere, as a non-root user;
#  - 8 concurrent compiles to one --out all succeed, the result is whole;
#    stages left by a dead compile are removed, live ones are not.
# Under CI=true a check that cannot be set up fails instead of skipping.
# Usage: FLOE=/abs/path/to/floe sh tests/paths.sh
set -u
: "${FLOE:?set FLOE to the floe binary}"
root=$(cd "$(dirname "$0")/.." && pwd)
tmp=$(mktemp -d)
trap 'chmod -R u+w "$tmp" 2>/dev/null; rm -rf "$tmp"' EXIT
pass=0
fail=0
skip=0
ok() { pass=$((pass + 1)); }
bad() { echo "FAIL: $*"; fail=$((fail + 1)); }
cannot() {
	if [ "${CI:-}" = true ]; then bad "cannot set up: $*"; else
		echo "SKIP: $*"; skip=$((skip + 1)); fi
}
# run floe, keeping stdout+stderr in $tmp/log and the status in $rc
f() { "$FLOE" "$@" >"$tmp/log" 2>&1; rc=$?; }
expect() { # status what...
	want=$1; shift
	if [ "$rc" = "$want" ]; then ok; else bad "$* exited $rc, not $want"; cat "$tmp/log"; fi
}
says() { # text what
	if grep -q -- "$1" "$tmp/log"; then ok; else bad "$2: no '$1' in"; cat "$tmp/log"; fi
}
# every file and directory under $1 with its checksum, sorted
listing() {
	(cd "$1" && find . \( -type f -o -type l \) -print0 | LC_ALL=C sort -z |
		xargs -0 sha256sum; find . -type d | LC_ALL=C sort)
}
pg="$root/tests/golden/compile-postgres/password-sslmode/input"

# ---- hostile --out and names, as root ----
w="$tmp/hostile"
mkdir -p "$w/proj"
cp -R "$pg/." "$w/proj/"
printf 'keep me\n' >"$w/outside.txt"
mkdir -p "$w/proj/dbt/models" && printf 'select 1\n' >"$w/proj/dbt/models/m.sql"
if command -v git >/dev/null 2>&1; then
	(cd "$w/proj" && git init -q && git add -A &&
	 git -c user.email=t@t -c user.name=t commit -qm init) >/dev/null 2>&1
fi
[ -d "$w/proj/.git" ] || cannot "git: no repository to aim --out .git at"
[ "$(id -u)" = 0 ] || echo "note: not root; the refusals are checked as $(id -un)"
cp "$w/proj/platform/prod/platform.yaml" "$w/platform.yaml"
listing "$w" >"$tmp/before"
cd "$w/proj"
for out in .git dbt .. . ./ dbt/models; do
	f compile --env prod --out "$out"
	expect 3 "compile --out $out"
	says "refusing to replace" "compile --out $out"
done
f compile --env ../dbt --platform platform/prod/platform.yaml
expect 1 "compile --env ../dbt --platform FILE"
says "resolve/bad-env-name" "compile --env ../dbt --platform FILE"
f run --env ../dbt --platform platform/prod/platform.yaml
expect 1 "run --env ../dbt --platform FILE"
f exec --env .. --platform platform/prod/platform.yaml -- true
expect 1 "exec --env .. --platform FILE"
FLOE_PLATFORM_ENV=../dbt "$FLOE" compile >"$tmp/log" 2>&1; rc=$?
expect 1 "FLOE_PLATFORM_ENV=../dbt compile"
f compile --platform ../platform.yaml
expect 1 "compile --platform ../platform.yaml (its folder is '..')"
says "name the environment with --env" "compile --platform ../platform.yaml"
f --state-dir "$w/proj" compile --env dbt --platform platform/prod/platform.yaml
expect 3 "--state-dir PROJECT compile --env dbt (<state>/<env> is dbt/)"
f secrets seal --env ../dbt --recipient AAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAA= x </dev/null
expect 1 "secrets seal --env ../dbt"
cd "$tmp"
listing "$w" >"$tmp/after"
if cmp -s "$tmp/before" "$tmp/after"; then ok; else
	bad "a refused command changed files"; diff "$tmp/before" "$tmp/after" | head -20; fi

# ---- which folders floe replaces ----
w="$tmp/owned"
mkdir -p "$w"
cp -R "$pg/." "$w/"
cd "$w"
mkdir empty mine old
printf 'x\n' >mine/notes.txt
f compile --env prod --out empty
expect 0 "compile into an empty folder"
[ -f empty/.floe-output ] && [ -f empty/profiles.yml ] && ok || bad "empty: no outputs or no marker"
printf 'stale\n' >empty/k8s-env.yaml
mkdir -p empty/target && printf '{}\n' >empty/target/run_results.json
f compile --env prod --out empty
expect 0 "compile over floe's folder"
grep -q stale empty/k8s-env.yaml && bad "the old output stayed" || ok
[ -f empty/target/run_results.json ] && ok || bad "target/ was not carried over"
f compile --env prod --out mine
expect 3 "compile over a folder with notes.txt"
says "it holds 'notes.txt'" "compile over a folder with notes.txt"
[ "$(cat mine/notes.txt)" = x ] && [ ! -e mine/profiles.yml ] && ok || bad "mine/ changed"
# a deploy folder of an older floe: only output names, no marker
for n in profiles.yml attach.sql container.env k8s-env.yaml manifest.json; do
	printf 'old\n' >"old/$n"; done
f compile --env prod --out old
expect 0 "compile over a folder of output names (no marker)"
ls -d ./*.floe-stage-* >/dev/null 2>&1 && bad "a stage was left" || ok
cd "$tmp"

# ---- floe-runtime's layout: .floe/<env>/platform.yaml ----
w="$tmp/runtime"
mkdir -p "$w/.floe/dev"
cp "$pg/floe.yaml" "$w/"
cp -R "$pg/dbt" "$w/"
cp "$pg/platform/prod/platform.yaml" "$w/.floe/dev/platform.yaml"
printf 'sealed: keep\n' >"$w/.floe/dev/secrets.sealed.yaml"
cd "$w"
f compile --env dev
expect 0 "compile with .floe/dev/platform.yaml"
says ".floe/dev/compiled" "compile with .floe/dev/platform.yaml"
f compile --env dev
expect 0 "compile again with .floe/dev/platform.yaml"
[ -f .floe/dev/platform.yaml ] && [ -f .floe/dev/secrets.sealed.yaml ] &&
	[ -f .floe/dev/compiled/profiles.yml ] && ok || bad "the runtime layout was not kept"
cd "$tmp"

# ---- the sealed file beside the platform file ----
w="$tmp/sealed"
mkdir -p "$w"
cp "$pg/floe.yaml" "$w/"
cp -R "$pg/dbt" "$w/"
mkdir "$w/dev"
cp "$pg/platform/prod/platform.yaml" "$w/dev/platform.yaml"
cd "$w"
f secrets keygen --out "$tmp/sealed.key"
expect 0 "secrets keygen"
cp "$tmp/log" "$tmp/sealed.pub"
printf 's3cret-value' | "$FLOE" secrets seal --env dev --recipient-file "$tmp/sealed.pub" \
	pg-password >"$tmp/log" 2>&1; rc=$?
expect 0 "secrets seal --env dev (platform file dev/platform.yaml)"
[ -f dev/secrets.sealed.yaml ] && [ ! -e platform ] && ok ||
	bad "seal did not write dev/secrets.sealed.yaml"
FLOE_SECRETS_KEY_FILE="$tmp/sealed.key" "$FLOE" exec --env dev -- \
	sh -c 'test "$PG_PASSWORD" = s3cret-value' >"$tmp/log" 2>&1; rc=$?
expect 0 "exec --env dev finds dev/secrets.sealed.yaml"
# exec: dbt's target and log paths under the state directory, unless set
FLOE_SECRETS_KEY_FILE="$tmp/sealed.key" "$FLOE" --state-dir "$tmp/st" exec --env dev -- \
	sh -c 'echo "$DBT_TARGET_PATH|$DBT_LOG_PATH|$DBT_PROFILES_DIR"' >"$tmp/log" 2>&1; rc=$?
expect 0 "exec with --state-dir"
says "^$tmp/st/dev/target|$tmp/st/dev/logs|$tmp/st/dev\$" "exec's DBT_* paths"
f --state-dir "$tmp/st" requirements --env dev
says "DBT_PROFILES_DIR=$tmp/st/dev\$" "requirements names the state directory's outputs"
FLOE_SECRETS_KEY_FILE="$tmp/sealed.key" DBT_TARGET_PATH=/elsewhere "$FLOE" exec --env dev -- \
	sh -c 'echo "[$DBT_TARGET_PATH]"' >"$tmp/log" 2>&1; rc=$?
says "^\[/elsewhere\]\$" "exec keeps a DBT_TARGET_PATH that is set"
cd "$tmp"

# ---- a read-only project ----
w="$tmp/ro"
mkdir -p "$w/state" "$w/wh"
cp -R "$root/examples/medallion" "$w/proj"
rm -rf "$w/proj/.floe" "$w/proj/warehouse" "$w/proj/dbt/target"
sed "s|\./warehouse|$w/wh|g" "$w/proj/platform/local/platform.yaml" >"$w/p" &&
	cat "$w/p" >"$w/proj/platform/local/platform.yaml" && rm "$w/p"
cp -R "$w/proj" "$w/inside"   # its warehouse stays in the project
rm -rf "$w/inside/platform/local/platform.yaml"
cp "$root/examples/medallion/platform/local/platform.yaml" "$w/inside/platform/local/"
chmod -R a-w "$w/proj" "$w/inside"
chmod 777 "$w/state" "$w/wh"
chmod a+rx "$tmp" "$w"
as_user=""
if [ "$(id -u)" != 0 ]; then as_user=" "
elif command -v setpriv >/dev/null 2>&1; then
	as_user="setpriv --reuid=65534 --regid=65534 --clear-groups"
fi
if [ -z "$as_user" ]; then
	cannot "setpriv: cannot run as a user that a read-only folder stops"
elif ! $as_user "$FLOE" --version >/dev/null 2>&1; then
	cannot "the floe binary cannot be run as uid 65534"
else
	listing "$w/proj" >"$tmp/before"
	$as_user "$FLOE" -C "$w/proj" --state-dir "$w/state" run --quiet >"$tmp/log" 2>&1; rc=$?
	expect 0 "run of a read-only project with --state-dir"
	listing "$w/proj" >"$tmp/after"
	cmp -s "$tmp/before" "$tmp/after" && ok || bad "run wrote into the read-only project"
	[ -f "$w/state/local/profiles.yml" ] && [ -f "$w/state/local/target/run_results.json" ] &&
		ok || bad "the outputs or run_results.json are not in the state directory"
	FLOE_STATE_DIR="$w/state" $as_user "$FLOE" -C "$w/inside" run --quiet >"$tmp/log" 2>&1; rc=$?
	expect 3 "run of a read-only project whose database is in it"
	says "compute/default/properties/path at platform/local/platform.yaml" \
		"the error names the key and the file"
fi
cd "$tmp"

# ---- concurrent compiles, abandoned stages ----
w="$tmp/many"
mkdir -p "$w"
cp -R "$pg/." "$w/"
cd "$w"
# outputs name their folder: the single compile goes to out/ too
"$FLOE" compile --env prod --out out >/dev/null 2>&1 && mv out single
i=0
while [ $i -lt 8 ]; do
	( "$FLOE" compile --env prod --out out >/dev/null 2>&1; echo $? >"rc.$i" ) &
	i=$((i + 1))
done
wait
n=0
for r in rc.*; do [ "$(cat "$r")" = 0 ] && n=$((n + 1)); done
[ $n = 8 ] && ok || bad "$n of 8 concurrent compiles succeeded"
diff -r single out >/dev/null && ok || bad "the concurrent output differs from a single compile"
ls -d ./*.floe-stage-* >/dev/null 2>&1 && bad "concurrent compiles left a stage" || ok
sh -c 'exit 0' & dead=$!
wait $dead
mkdir -p "out.floe-stage-$dead-aaaaaa" "out.floe-stage-$dead-bbbbbb" "out.floe-stage-$$-cccccc"
: >"out.floe-stage-$dead-aaaaaa/.floe-stage.lock"
: >"out.floe-stage-$dead-bbbbbb/.floe-stage.lock"
: >"out.floe-stage-$$-cccccc/.floe-stage.lock"
if command -v flock >/dev/null 2>&1; then
	# the holder is one process (sleep) that holds the lock
	sh -c 'exec 9>>"$1"; flock 9 && exec sleep 30' sh \
		"out.floe-stage-$dead-bbbbbb/.floe-stage.lock" & holder=$!
	sleep 0.3
	f compile --env prod --out out
	expect 0 "compile beside abandoned stages"
	[ ! -e "out.floe-stage-$dead-aaaaaa" ] && ok || bad "a dead compile's stage was not removed"
	[ -d "out.floe-stage-$dead-bbbbbb" ] && ok || bad "a stage whose lock is held was removed"
	[ -d "out.floe-stage-$$-cccccc" ] && ok || bad "a live process's stage was removed"
	kill $holder 2>/dev/null; wait $holder 2>/dev/null
	f compile --env prod --out out
	[ ! -e "out.floe-stage-$dead-bbbbbb" ] && ok || bad "a stage was kept once its lock was free"
else
	cannot "flock(1): cannot hold a stage's lock"
fi
cd "$tmp"

echo "paths: $pass passed, $fail failed, $skip skipped"
[ $fail = 0 ]
