#!/bin/sh
# `floe deps` against git repositories this test makes (offline: file://
# URLs and local paths).  The oracle for package-lock.yml is dbt-core 1.10's
# algorithm, written out here by hand, not floe's code:
#   sha1_hash = sha1("\n".join(sorted(json.dumps(spec.to_dict(),
#               sort_keys=True) for spec in packages.yml's packages)))
# where a git spec's to_dict() is {git, revision, subdirectory,
# unrendered: <the entry as written>, warn-unpinned} (None as null) and a
# local one's {local, unrendered}; the lock is yaml.dump(sort_keys) with
# indented lists, each package with its dbt_project.yml name and, for git,
# the full commit (`git rev-parse`).  Checked:
#  - a tag and a local package install as dbt lays them out (a folder per
#    package name, no .git; local as a link), the lock as computed above;
#  - a second run changes nothing (the lock byte-identical) and uses the
#    lock's commits even after the tag moved; a changed packages.yml
#    re-resolves;
#  - subdirectory, a commit id, a package's own packages.yml (transitive);
#  - unpinned (main) warns, unless warn-unpinned: false;
#  - a hub package, a bad revision, a conflict: exit 1, nothing changed;
#  - a folder floe did not write is never replaced (exit 3), others kept;
#  - libgit2 missing or without a function: exit 3, naming it;
#  - with floe.yaml (-C, the transform's path);
#  - a package-lock.yml dbt wrote (tests/corpus) is recognised as current.
set -u
: "${FLOE:?set FLOE to the floe binary}"
pass=0
fail=0
t=$(mktemp -d)
trap 'rm -rf "$t"' EXIT
ok() { pass=$((pass + 1)); }
bad() { echo "FAIL: $*"; [ -f "$t/err" ] && sed 's/^/  | /' "$t/err"; fail=$((fail + 1)); }
export GIT_AUTHOR_NAME=t GIT_AUTHOR_EMAIL=t@t GIT_COMMITTER_NAME=t GIT_COMMITTER_EMAIL=t@t
g() { git -C "$@" >/dev/null 2>&1; }

# a dbt package in a repository: my_pkg at v1.0 (and a later commit on main)
mkdir -p "$t/w/macros" "$t/w/sub/inner/macros"
printf 'name: my_pkg\nversion: "1.0"\nconfig-version: 2\n' >"$t/w/dbt_project.yml"
echo '{% macro hi() %}1{% endmacro %}' >"$t/w/macros/hi.sql"
printf 'name: inner_pkg\n' >"$t/w/sub/inner/dbt_project.yml"
echo '{% macro inner() %}2{% endmacro %}' >"$t/w/sub/inner/macros/inner.sql"
g "$t/w" init -q -b main . && g "$t/w" add . && g "$t/w" commit -qm one && g "$t/w" tag v1.0
echo '{% macro hi() %}changed{% endmacro %}' >"$t/w/macros/hi.sql"
g "$t/w" commit -qam two
git clone -q --bare "$t/w" "$t/repo.git" 2>/dev/null
v1=$(git -C "$t/repo.git" rev-parse v1.0)
head=$(git -C "$t/repo.git" rev-parse main)
# a second repository whose package depends on the first (transitively)
mkdir -p "$t/w2"
printf 'name: dep_pkg\n' >"$t/w2/dbt_project.yml"
printf 'packages:\n  - git: file://%s/repo.git\n    revision: v1.0\n' "$t" >"$t/w2/packages.yml"
g "$t/w2" init -q -b main . && g "$t/w2" add . && g "$t/w2" commit -qm one && g "$t/w2" tag v0.1
git clone -q --bare "$t/w2" "$t/repo2.git" 2>/dev/null
v2=$(git -C "$t/repo2.git" rev-parse v0.1)

mkdir -p "$t/lp/macros" "$t/p"
printf 'name: local_pkg\n' >"$t/lp/dbt_project.yml"
printf 'name: proj\nprofile: p\n' >"$t/p/dbt_project.yml"
url="file://$t/repo.git"
printf 'packages:\n  - git: %s\n    revision: v1.0\n  - local: ../lp\n' "$url" >"$t/p/packages.yml"

# the oracle: dbt's sha1_hash of the packages above
hash=$( { printf '{"git": "%s", "revision": "v1.0", "subdirectory": null, "unrendered": {"git": "%s", "revision": "v1.0"}, "warn-unpinned": null}\n' "$url" "$url"
	  printf '{"local": "../lp", "unrendered": {"local": "../lp"}}\n'; } |
	LC_ALL=C sort | awk 'NR > 1 { printf "\n" } { printf "%s", $0 }' | sha1sum | cut -c1-40)
cat >"$t/lock.expected" <<EOF
packages:
  - git: $url
    name: my_pkg
    revision: $v1
  - local: ../lp
    name: local_pkg
sha1_hash: $hash
EOF

# 1. install
if "$FLOE" deps --project-dir "$t/p" >"$t/out" 2>"$t/err" &&
   cmp -s "$t/lock.expected" "$t/p/package-lock.yml" &&
   grep -q '^{% macro hi() %}1{% endmacro %}$' "$t/p/dbt_packages/my_pkg/macros/hi.sql" &&
   [ ! -e "$t/p/dbt_packages/my_pkg/.git" ] &&
   [ -L "$t/p/dbt_packages/local_pkg" ] &&
   [ "$(readlink "$t/p/dbt_packages/local_pkg")" = "../../lp" ] &&
   [ -f "$t/p/dbt_packages/local_pkg/dbt_project.yml" ] && [ ! -s "$t/err" ]; then ok
else bad "install: tag and local"; diff "$t/lock.expected" "$t/p/package-lock.yml"; fi

# 2. again: nothing changes; the tag moved: the lock's commit is kept
cp "$t/p/package-lock.yml" "$t/lock.1"
git -C "$t/repo.git" tag -f v1.0 "$head" >/dev/null 2>&1
if "$FLOE" deps --project-dir "$t/p" >"$t/out" 2>"$t/err" &&
   cmp -s "$t/lock.1" "$t/p/package-lock.yml" && grep -q 'unchanged' "$t/out" &&
   grep -q '^{% macro hi() %}1{% endmacro %}$' "$t/p/dbt_packages/my_pkg/macros/hi.sql"; then ok
else bad "second run: idempotent, lock honoured"; fi
git -C "$t/repo.git" tag -f v1.0 "$v1" >/dev/null 2>&1

# 3. a foreign folder is kept; one in a package's place is never replaced
mkdir -p "$t/p/dbt_packages/vendored_utils"
echo keep >"$t/p/dbt_packages/vendored_utils/x.sql"
if "$FLOE" deps --project-dir "$t/p" >"$t/out" 2>"$t/err" &&
   [ -f "$t/p/dbt_packages/vendored_utils/x.sql" ]; then ok; else bad "foreign folder kept"; fi

# 4. packages.yml changes: a commit id, a subdirectory; local_pkg goes
cat >"$t/p/packages.yml" <<EOF
packages:
  - git: $url
    revision: $head
  - git: $url
    revision: v1.0
    subdirectory: sub/inner
EOF
"$FLOE" deps --project-dir "$t/p" >"$t/out" 2>"$t/err" &&
	grep -q '^{% macro hi() %}changed{% endmacro %}$' "$t/p/dbt_packages/my_pkg/macros/hi.sql" &&
	[ -f "$t/p/dbt_packages/inner_pkg/macros/inner.sql" ] && [ ! -e "$t/p/dbt_packages/inner_pkg/sub" ] &&
	[ ! -e "$t/p/dbt_packages/local_pkg" ] && [ -f "$t/p/dbt_packages/vendored_utils/x.sql" ] &&
	grep -q "revision: $head" "$t/p/package-lock.yml" &&
	grep -q "subdirectory: sub/inner" "$t/p/package-lock.yml" && ok ||
	bad "commit, subdirectory, a package dropped"

# 5. transitive: dep_pkg's own packages.yml asks for my_pkg at v1.0 (as
# the root does: one package); then at another revision: a conflict
cat >"$t/p/packages.yml" <<EOF
packages:
  - git: file://$t/repo2.git
    revision: v0.1
  - git: $url
    revision: v1.0
    warn-unpinned: false
EOF
if "$FLOE" deps --project-dir "$t/p" >"$t/out" 2>"$t/err" &&
   [ -f "$t/p/dbt_packages/dep_pkg/dbt_project.yml" ] && [ -d "$t/p/dbt_packages/my_pkg" ] &&
   [ ! -e "$t/p/dbt_packages/inner_pkg" ] &&
   [ "$(grep -c '^  - git:' "$t/p/package-lock.yml")" = 2 ]; then ok
else bad "transitive: one package asked for twice at one revision"; fi
cat >"$t/p/packages.yml" <<EOF
packages:
  - git: file://$t/repo2.git
    revision: v0.1
  - git: $url
    revision: $head
EOF
cp "$t/p/package-lock.yml" "$t/lock.3"
"$FLOE" deps --project-dir "$t/p" >"$t/out" 2>"$t/err"
rc=$?
[ $rc = 1 ] && grep -q "error: .*\[deps/conflict\]" "$t/err" && cmp -s "$t/lock.3" "$t/p/package-lock.yml" &&
	[ -f "$t/p/dbt_packages/dep_pkg/dbt_project.yml" ] && ok || bad "conflict: exit $rc"

# 6. unpinned: main warns, warn-unpinned: false does not
printf 'packages:\n  - git: %s\n    revision: main\n' "$url" >"$t/p/packages.yml"
"$FLOE" deps --project-dir "$t/p" >"$t/out" 2>"$t/err" && grep -q "warning: .*not pinned (revision main).*\[deps/unpinned\]" "$t/err" &&
	grep -q "revision: $head" "$t/p/package-lock.yml" && ok || bad "unpinned warns"
printf 'packages:\n  - git: %s\n    warn-unpinned: false\n' "$url" >"$t/p/packages.yml"
"$FLOE" deps --project-dir "$t/p" >"$t/out" 2>"$t/err" && ! grep -q 'deps/unpinned' "$t/err" &&
	ok || bad "warn-unpinned: false"

# 7. a bad revision, a hub package: exit 1, positioned, nothing changed
cp "$t/p/package-lock.yml" "$t/lock.4"
printf 'packages:\n  - git: %s\n    revision: v9.9\n' "$url" >"$t/p/packages.yml"
"$FLOE" deps --project-dir "$t/p" >"$t/out" 2>"$t/err"
rc=$?
[ $rc = 1 ] && grep -q "packages.yml:3:15: error: revision 'v9.9' is not in $url: no tag or branch 'v9.9' \[deps/revision\]" "$t/err" &&
	cmp -s "$t/lock.4" "$t/p/package-lock.yml" && [ -d "$t/p/dbt_packages/my_pkg" ] &&
	[ -z "$(ls -A "$t/p" | grep '^\.floe-deps-')" ] && ok || bad "bad revision: exit $rc"
printf 'packages:\n  - package: dbt-labs/dbt_utils\n    version: [">=1.0.0", "<2.0.0"]\n' >"$t/p/packages.yml"
"$FLOE" deps --project-dir "$t/p" >"$t/out" 2>"$t/err"
rc=$?
[ $rc = 1 ] && grep -q 'packages.yml:2:14: error: hub package dbt-labs/dbt_utils needs .* \[deps/hub\]' "$t/err" &&
	grep -q 'git: https://github.com/dbt-labs/dbt-utils.git' "$t/err" && ok || bad "hub: exit $rc"

# 7b. a hub package already vendored in dbt_packages (a folder of its
# name, not floe's): kept as it is and locked as dbt locks it
mkdir -p "$t/p/dbt_packages/dbt_utils"
printf 'name: dbt_utils\nversion: "0.1.0"\n' >"$t/p/dbt_packages/dbt_utils/dbt_project.yml"
printf 'packages:\n  - package: dbt-labs/dbt_utils\n    version: 0.9.6\n  - local: ../lp\n' >"$t/p/packages.yml"
hhash=$( { printf '{"install_prerelease": false, "package": "dbt-labs/dbt_utils", "unrendered": {"package": "dbt-labs/dbt_utils", "version": "0.9.6"}, "version": "0.9.6"}\n'
	   printf '{"local": "../lp", "unrendered": {"local": "../lp"}}\n'; } |
	LC_ALL=C sort | awk 'NR > 1 { printf "\n" } { printf "%s", $0 }' | sha1sum | cut -c1-40)
printf 'packages:\n  - name: dbt_utils\n    package: dbt-labs/dbt_utils\n    version: 0.9.6\n  - local: ../lp\n    name: local_pkg\nsha1_hash: %s\n' "$hhash" >"$t/lock.hub"
"$FLOE" deps --project-dir "$t/p" >"$t/out" 2>"$t/err"
rc=$?
[ $rc = 0 ] && cmp -s "$t/lock.hub" "$t/p/package-lock.yml" && [ -f "$t/p/dbt_packages/dbt_utils/dbt_project.yml" ] &&
	! grep -q dbt_utils "$t/p/dbt_packages/.floe-deps" && ok || { bad "vendored hub package: exit $rc"; diff "$t/lock.hub" "$t/p/package-lock.yml"; }
rm -rf "$t/p/dbt_packages/dbt_utils" "$t/p/dbt_packages/local_pkg" "$t/p/dbt_packages/.floe-deps"

# 8. a folder floe did not write in a package's place: refused, exit 3
printf 'packages:\n  - local: ../lp\n' >"$t/p/packages.yml"
mkdir -p "$t/p/dbt_packages/local_pkg"
"$FLOE" deps --project-dir "$t/p" >"$t/out" 2>"$t/err"
rc=$?
[ $rc = 3 ] && grep -q "floe will not replace '.*dbt_packages/local_pkg': floe did not write it" "$t/err" &&
	[ -d "$t/p/dbt_packages/local_pkg" ] && [ ! -L "$t/p/dbt_packages/local_pkg" ] &&
	ok || bad "foreign folder in a package's place: exit $rc"
rmdir "$t/p/dbt_packages/local_pkg"

# 9. libgit2 missing, or without floe's functions: exit 3, by name
printf 'packages:\n  - git: %s\n    revision: v1.0\n' "$url" >"$t/p/packages.yml"
rm -f "$t/p/package-lock.yml"
FLOE_LIBGIT2="$t/nope.so" "$FLOE" deps --project-dir "$t/p" >"$t/out" 2>"$t/err"
rc=$?
[ $rc = 3 ] && grep -q "cannot load libgit2 ($t/nope.so)" "$t/err" && ok || bad "no libgit2: exit $rc"
stub=$(ls /usr/lib/*/libyaml-0.so.2 /usr/lib/libyaml-0.so.2 2>/dev/null | head -1)
if [ -n "$stub" ]; then
	FLOE_LIBGIT2="$stub" "$FLOE" deps --project-dir "$t/p" >"$t/out" 2>"$t/err"
	rc=$?
	[ $rc = 3 ] && grep -q "has no function 'git_libgit2_init', which floe calls" "$t/err" &&
		ok || bad "libgit2 without its functions: exit $rc"
fi

# 10. through floe.yaml (-C): the transform's path
if [ -n "${EXAMPLE:-}" ]; then
	cp -R "$EXAMPLE" "$t/ex"
	printf 'packages:\n  - local: ../../lp\n' >"$t/ex/dbt/packages.yml"
	"$FLOE" -C "$t/ex" deps >"$t/out" 2>"$t/err" &&
		[ -f "$t/ex/dbt/dbt_packages/local_pkg/dbt_project.yml" ] &&
		grep -q 'name: local_pkg' "$t/ex/dbt/package-lock.yml" && ok || bad "floe -C project deps"
fi

# 11. a lock dbt itself wrote (tests/corpus: dbt_date's integration tests,
# `local: ../`): floe computes the same sha1_hash, so it uses the lock and
# leaves it byte for byte; dbt's own link is adopted
if [ -n "${CORPUS:-}" ] && [ -d "$CORPUS/dbt_date_integration_tests/dbt" ]; then
	cp -R "$CORPUS/dbt_date_integration_tests/dbt" "$t/dd"
	"$FLOE" deps --project-dir "$t/dd/integration_tests" >"$t/out" 2>"$t/err" &&
		grep -q 'package-lock.yml unchanged' "$t/out" &&
		cmp -s "$CORPUS/dbt_date_integration_tests/dbt/integration_tests/package-lock.yml" \
			"$t/dd/integration_tests/package-lock.yml" &&
		[ "$(readlink "$t/dd/integration_tests/dbt_packages/dbt_date")" = "../.." ] &&
		ok || bad "dbt's own lock (sha1_hash de2deba...)"
fi

echo "deps: $pass passed, $fail failed"
[ $fail = 0 ]
