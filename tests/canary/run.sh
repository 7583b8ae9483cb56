#!/bin/sh
# The canary test: plant random secret values (environment variables, files
# under FLOE_SECRETS_DIR, a sealed file, decoys shadowed by them), run every
# floe command that exists on a project that references them, and look for
# the values in everything floe printed or wrote: plain, the random core
# alone (catches escaped forms), URL-encoded, base64 (3 alignments), hex.
# `floe exec`'s child must see the values: it checks their CRC, printing names
# only, and must not see FLOE_SECRETS_KEY*.  Environment cc runs the native
# runner on local DuckDB: a model renders an env-sourced secret with
# env_var() (masked in every message and in run_results.json), a model
# reads the private key file and the secrets mount with SQL (refused by
# DuckDB's confinement), a model asks env_var('FLOE_SECRETS_KEY') (a
# diagnostic).  The private key is given as FLOE_SECRETS_KEY_FILE and as
# FLOE_SECRETS_KEY.  Commands not registered yet are skipped and listed.
# Usage: FLOE=/abs/path/to/floe sh tests/canary/run.sh   (KEEP=1 keeps the dir)
set -u
: "${FLOE:?set FLOE to the floe binary}"
tmp=$(mktemp -d)
if [ -n "${KEEP:-}" ]; then echo "canary: work dir $tmp"; else trap 'rm -rf "$tmp"' EXIT; fi
priv="$tmp/private"   # the planted values: never scanned
proj="$tmp/project"
out="$tmp/out"        # what each command printed
mkdir -p "$priv/mount/aws-credentials" "$proj/platform/ca" "$proj/platform/cb" "$proj/platform/cc" \
	"$proj/dbt/models" "$out" "$tmp/home" "$tmp/tmp"
checked=0
leaks=0
problems=0
skipped=""
TO=""
command -v timeout >/dev/null 2>&1 && TO="timeout 120"

rand() { od -An -tx1 -N8 /dev/urandom | tr -d ' \n'; }

# name core value: a canary; values carry characters that encodings change
plant() {
	v="cnry$2+/=:@%~$2"
	printf '%s' "$v" >"$priv/value.$1"
	printf '%s %s\n' "$1" "$2" >>"$priv/canaries"
}
value() { cat "$priv/value.$1"; }

plant polaris-client-id "$(rand)"
plant polaris-client-secret "$(rand)"
plant aws-access-key-id "$(rand)"
plant aws-secret-access-key "$(rand)"
plant decoy-file-client-id "$(rand)"       # shadowed by the variable
plant decoy-sealed-client-secret "$(rand)" # shadowed by the file
plant canary-token "$(rand)"               # env-sourced, read by env_var()

cat >"$proj/floe.yaml" <<'EOF'
name: canary-project
version: "1.0.0"
transforms:
  - type: dbt
    path: ./dbt
EOF
printf 'name: canary\nversion: "1.0"\nprofile: canary_project\n' >"$proj/dbt/dbt_project.yml"
printf 'select 1 as id\n' >"$proj/dbt/models/one.sql"
for env in ca cb; do
	cat >"$proj/platform/$env/platform.yaml" <<EOF
version: "1.2.0"
storage:
  default:
    type: s3
    endpoint: http://127.0.0.1:9/$env
    region: us-east-1
    bucket: canary-$env
    path_style_access: true
    credentials: {mode: static, secret_ref: aws-credentials}
catalogs:
  default:
    type: polaris
    uri: http://127.0.0.1:9/api/catalog
    warehouse: canary_$env
    credentials:
      mode: oauth2
      client_id: {secret_ref: polaris-client-id}
      client_secret: {secret_ref: polaris-client-secret}
      scope: PRINCIPAL_ROLE:ALL
compute:
  default:
    type: duckdb
    properties: {path: ":memory:", threads: 1}
EOF
done

# cc: local DuckDB, so the native runner gets to the models; its one
# secret comes from the environment and is only read by a model's env_var()
cat >"$proj/platform/cc/platform.yaml" <<'EOF'
version: "1.3.0"
storage:
  default:
    type: local
    path: ./warehouse/data
    credentials: {mode: bearer, token: {secret_ref: canary-token}}
catalogs:
  default: {type: duckdb, path: ./warehouse/lake.duckdb}
compute:
  default:
    type: duckdb
    properties: {path: ./warehouse/floe.duckdb, threads: 1}
EOF

# the variable, the files, the sealed entries (and their decoys)
POLARIS_CLIENT_ID=$(value polaris-client-id)
CANARY_TOKEN=$(value canary-token)
KEY_ENV=""   # set: FLOE_SECRETS_KEY holds the private key, not the file
value polaris-client-secret >"$priv/mount/polaris-client-secret"
value aws-secret-access-key >"$priv/mount/aws-credentials/secret_access_key"
value decoy-file-client-id >"$priv/mount/polaris-client-id"

# run LABEL ARGS...: one floe invocation (standard input: $IN), its
# output kept under $out
n=0
IN=/dev/null
CANARY_EXPECT=""
run() {
	label=$1
	shift
	n=$((n + 1))
	# shellcheck disable=SC2086 # $TO is a command prefix, or nothing
	(cd "$proj" && env -i PATH="/usr/local/bin:/usr/bin:/bin" HOME="$tmp/home" \
		TMPDIR="$tmp/tmp" LANG=C.UTF-8 NO_COLOR=1 \
		FLOE_SECRETS_DIR="$priv/mount" \
		${KEY_ENV:+FLOE_SECRETS_KEY="$KEY_ENV"} \
		${KEY_ENV:-FLOE_SECRETS_KEY_FILE="$priv/ca.key"} \
		POLARIS_CLIENT_ID="$POLARIS_CLIENT_ID" CANARY_TOKEN="$CANARY_TOKEN" \
		${FLOE_LIBDUCKDB:+FLOE_LIBDUCKDB="$FLOE_LIBDUCKDB"} \
		CANARY_EXPECT="$CANARY_EXPECT" \
		${CANARY_LINEAGE:+OPENLINEAGE_URL="$CANARY_LINEAGE"} \
		${CANARY_TRACES:+OTEL_EXPORTER_OTLP_TRACES_ENDPOINT="$CANARY_TRACES"} \
		$TO "$FLOE" "$@" <"$IN" >"$out/$n.$label.stdout" 2>"$out/$n.$label.stderr")
	echo $? >"$out/$n.$label.status"
	checked=$((checked + 1))
}

# has CMD: the command is registered (an unknown one is a usage error)
has() {
	if "$FLOE" "$1" --help >/dev/null 2>&1; then return 0; fi
	case " $skipped " in *" $1 "*) ;; *) skipped="$skipped $1" ;; esac
	return 1
}

if has secrets; then
	run keygen secrets keygen --out "$priv/ca.key"
	pub=$(cat "$out/$n.keygen.stdout")
	for e in ca cb; do
		IN="$priv/value.aws-access-key-id"
		run seal secrets seal --env $e --recipient "$pub" aws-credentials:access_key_id
	done
	IN="$priv/value.decoy-sealed-client-secret"
	run seal secrets seal --env ca polaris-client-secret
	IN=/dev/null
fi

has validate && {
	run validate validate --env ca
	run validate validate --all-envs --format json
	run validate validate --all-envs --format sarif
}
has compile && {
	run compile compile --env ca
	run compile compile --env cb --out "$proj/out-cb"
}
has requirements && {
	run requirements requirements --env ca
	run requirements requirements --env ca --format json
}
has lint && {
	run lint lint --env ca
	run lint lint --all-envs --format json
}
has explain && {
	run explain explain --env ca catalogs.default.credentials.client_secret
	run explain explain --env ca /storage/default/credentials
}
has diff && run diff diff --env ca --env cb
has run && run run run --env ca
# the same run with lineage and traces to files under $out: events and
# spans are scanned like every other output.  (This project's run stops at
# attach.sql where httpfs is not installed, before any step: then it only
# checks the run's messages; tests/observe checks the key in every event.)
if has run; then
	CANARY_LINEAGE="file://$out/lineage.jsonl" CANARY_TRACES="file://$out/traces.jsonl"
	run run-observed run --env ca
	CANARY_LINEAGE="" CANARY_TRACES=""
fi

# expect LABEL STATUS TEXT: the last run ended with STATUS, TEXT in its output
expect() {
	got=$(cat "$out/$n.$1.status")
	if [ "$got" != "$2" ] || ! grep -qF -e "$3" "$out/$n.$1.stdout" "$out/$n.$1.stderr"; then
		echo "canary: $1: wanted status $2 and '$3', got status $got:"
		cat "$out/$n.$1.stdout" "$out/$n.$1.stderr" | head -8
		problems=$((problems + 1))
	fi
}

if has run; then
	m="$proj/dbt/models"
	# the native runner: an env-sourced secret through env_var() (run_results.json
	# under the state directory: .floe/<env>/target)
	# with lineage and traces to files under $out: the failing model's FAIL
	# event and ERROR span quote DuckDB's error, the other model's COMPLETE
	# event carries its SQL (the sql facet; the table keeps only a length, as
	# what a model stores is its author's), so the token passes through both
	printf "{{ config(materialized='table') }}\nselect '{{ env_var(\"CANARY_TOKEN\") }}'::int as x\n" \
		>"$m/env_secret.sql"
	printf "{{ config(materialized='table') }}\nselect length('{{ env_var(\"CANARY_TOKEN\") }}') as n\n" \
		>"$m/env_secret_text.sql"
	CANARY_LINEAGE="file://$out/env-lineage.jsonl" CANARY_TRACES="file://$out/env-traces.jsonl"
	run run-env-var run --env cc --select "env_secret env_secret_text"
	CANARY_LINEAGE="" CANARY_TRACES=""
	expect run-env-var 3 "Conversion Error"
	for f in env-lineage env-traces; do
		if ! grep -q '"sql"\|"status"' "$out/$f.jsonl" 2>/dev/null; then
			echo "canary: run-env-var wrote no $f events to scan"
			problems=$((problems + 1))
		fi
	done
	rm -f "$m/env_secret_text.sql"
	if [ -f "$proj/.floe/cc/target/run_results.json" ]; then
		cp "$proj/.floe/cc/target/run_results.json" "$out/$n.run_results.json"
	else
		echo "canary: run-env-var wrote no run_results.json"
		problems=$((problems + 1))
	fi
	rm -f "$m/env_secret.sql"
	# a render error quoting what env_var() gave
	printf "select * from {{ ref(env_var(\"CANARY_TOKEN\")) }}\n" >"$m/env_ref.sql"
	run run-env-ref run --env cc --select env_ref
	expect run-env-ref 1 "run/unknown-ref"
	rm -f "$m/env_ref.sql"
	# the private key file and the secrets mount through SQL
	for f in "$priv/ca.key" "$priv/mount/polaris-client-secret"; do
		printf "select content from read_text('%s')\n" "$f" >"$m/key_read.sql"
		run run-read-sql run --env cc --select key_read
		expect run-read-sql 3 "Permission Error"
	done
	rm -f "$m/key_read.sql"
	# env_var() of floe's own key: refused, with or without a default
	KEY_ENV=$(tr -d '\n' <"$priv/ca.key")
	printf "select '{{ env_var(\"FLOE_SECRETS_KEY\", \"none\") }}' as k\n" >"$m/key_var.sql"
	run run-key-var run --env cc --select key_var
	expect run-key-var 1 "run/env-var-blocked"
	rm -f "$m/key_var.sql"
	KEY_ENV=""
fi

# exec: the child checks each variable against a CRC, printing names only
if has exec; then
	expect=""
	for pair in POLARIS_CLIENT_ID:polaris-client-id \
		POLARIS_CLIENT_SECRET:polaris-client-secret \
		AWS_CREDENTIALS_ACCESS_KEY_ID:aws-access-key-id \
		AWS_CREDENTIALS_SECRET_ACCESS_KEY:aws-secret-access-key; do
		sum=$(cksum <"$priv/value.${pair#*:}" | cut -d' ' -f1)
		expect="$expect ${pair%%:*}:$sum"
	done
	# shellcheck disable=SC2016 # expanded by the child
	check='bad=; for p in $CANARY_EXPECT; do v=${p%%:*}; eval "x=\${$v-}";
		s=$(printf %s "$x" | cksum | cut -d" " -f1);
		[ "$s" = "${p#*:}" ] || bad="$bad $v"; done
		[ -z "$bad" ] && echo "exec-check: ok" && exit 0
		echo "exec-check: wrong or missing:$bad"; exit 1'
	# and never floe's own key
	check='for v in FLOE_SECRETS_KEY FLOE_SECRETS_KEY_FILE; do
		if env | grep -q "^$v="; then echo "exec-check: $v reached the child"; exit 1; fi; done
		'"$check"
	CANARY_EXPECT=$expect
	run exec exec --env ca -- sh -c "$check"
	KEY_ENV=$(tr -d '\n' <"$priv/ca.key")
	run exec exec --env ca -- sh -c "$check"
	KEY_ENV=""
	CANARY_EXPECT=""
	for f in "$out"/*.exec.status; do
		[ "$(cat "$f")" = 0 ] && continue
		echo "canary: exec child did not get the secrets, or got the key (status $(cat "$f")):"
		cat "${f%.status}.stdout" "${f%.status}.stderr" | head -5
		problems=$((problems + 1))
	done
fi

if has secrets && [ -f "$priv/ca.key" ]; then
	run keygen secrets keygen --out "$priv/new.key"
	newpub=$(cat "$out/$n.keygen.stdout")
	run reseal secrets reseal --env ca --new-recipient "$newpub"
	# the private keys are secrets too
	for k in ca new; do
		tr -d '\n' <"$priv/$k.key" >"$priv/value.$k-private-key"
		echo "$k-private-key -" >>"$priv/canaries"
	done
fi

# ---- the search ----
b64() { if command -v base64 >/dev/null 2>&1; then base64 | tr -d '\n'; fi; }
hex() { od -An -tx1 | tr -d ' \n'; }
url() {
	od -An -tx1 -v | tr -s ' ' '\n' | awk '
		BEGIN { for (i = 32; i < 127; i++) ch[sprintf("%02x", i)] = sprintf("%c", i) }
		NF { c = ($1 in ch) ? ch[$1] : ""
		     if (c ~ /^[A-Za-z0-9._~-]$/) printf "%s", c
		     else printf "%%%s", toupper($1) }'
}
# patterns for one value, "encoding<TAB>text" per line
patterns() {
	f="$priv/value.$1"
	printf 'plain\t%s\n' "$(cat "$f")"
	[ -n "$2" ] && printf 'core\t%s\n' "$2"
	printf 'url\t%s\n' "$(url <"$f" 2>/dev/null)"
	printf 'hex\t%s\n' "$(hex <"$f")"
	printf 'hex\t%s\n' "$(hex <"$f" | tr a-f A-F)"
	for pre in "" a ab; do
		e=$( { printf '%s' "$pre"; cat "$f"; } | b64)
		[ -n "$e" ] || continue
		[ -n "$pre" ] && e=${e#????}
		e=${e%????}
		printf 'base64\t%s\n' "$e"
	done
}

scan="$proj $out $tmp/home $tmp/tmp"
while read -r name core; do
	[ "$core" = - ] && core=""
	patterns "$name" "$core" >"$priv/patterns"
	while IFS='	' read -r enc text; do
		[ ${#text} -ge 8 ] || continue
		# shellcheck disable=SC2086
		grep -rlF -e "$text" $scan 2>/dev/null | while read -r file; do
			echo "leak: $enc form of '$name' in ${file#"$tmp"/}"
		done
	done <"$priv/patterns"
done <"$priv/canaries" >"$priv/leaks"
leaks=$(sort -u "$priv/leaks" | wc -l | tr -d ' ')
sort -u "$priv/leaks"
[ -n "$skipped" ] && echo "canary: skipped (not registered):$skipped"
echo "canary: $checked commands checked, $leaks leaks"
[ "$leaks" = 0 ] && [ "$problems" = 0 ]
