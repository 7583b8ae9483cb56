#!/bin/sh
# Lineage and traces of `floe run` (docs/observability.md), against a
# receiver on 127.0.0.1 (receiver.py: OpenLineage's own JSON Schemas through
# python3-jsonschema, OTLP/JSON span checks):
#   every event valid, START/COMPLETE per node, the run parented from the
#   environment, spans under TRACEPARENT, the API key sent and never in a
#   body; a failing model (FAIL + errorMessage, an ERROR span); a dead and
#   an erroring endpoint (exit 0, one warning each); the file transport;
#   --no-lineage/--no-traces; OTLP as http/json, http/protobuf (the default)
#   and grpc (receiver.py decodes protobuf with classes built from the
#   vendored opentelemetry-proto), a gRPC error status; and libcurl and
#   libprotobuf-c never loaded without observability (FLOE_LIBCURL and
#   FLOE_LIBPROTOBUF_C name a stand-in that aborts when loaded).
# Usage: FLOE=/abs/floe sh tests/observe/run.sh
set -u
: "${FLOE:?set FLOE to the floe binary}"
here=$(cd "$(dirname "$0")" && pwd)
root=$(cd "$here/../.." && pwd)
tmp=$(mktemp -d)
pid=""
trap '[ -n "$pid" ] && kill "$pid" 2>/dev/null; rm -rf "$tmp"' EXIT
fails=0
ok() { echo "ok: $1"; }
bad() { echo "FAIL: $1"; fails=$((fails + 1)); }
PY=/usr/bin/python3
[ -x "$PY" ] || PY=python3

# message classes for the receiver, from the vendored .proto files
OTLP_DESC="$tmp/otlp.desc"; export OTLP_DESC
(cd "$root/src/observe/proto" && protoc-c --include_imports --descriptor_set_out="$OTLP_DESC" \
	opentelemetry/proto/collector/trace/v1/trace_service.proto) || { echo "FAIL: protoc-c"; exit 1; }
"$PY" "$here/receiver.py" "$tmp/port" "$tmp/got.jsonl" &
pid=$!
i=0
while [ ! -s "$tmp/port" ] && [ $i -lt 100 ]; do sleep 0.1; i=$((i + 1)); done
set -- $(cat "$tmp/port" 2>/dev/null)
[ $# -eq 3 ] || { echo "FAIL: no receiver"; exit 1; }
port=$1 gport=$2 g4317=$3
url="http://127.0.0.1:$port"
gurl="http://127.0.0.1:$gport"

fresh() { rm -rf "$tmp/p"; mkdir -p "$tmp/p"; cp -r "$root/examples/medallion" "$tmp/p/"; }
unset OPENLINEAGE_URL OPENLINEAGE_ENDPOINT OPENLINEAGE_NAMESPACE OPENLINEAGE_API_KEY \
	OPENLINEAGE_PARENT_ID OTEL_EXPORTER_OTLP_ENDPOINT OTEL_EXPORTER_OTLP_TRACES_ENDPOINT \
	OTEL_EXPORTER_OTLP_PROTOCOL OTEL_EXPORTER_OTLP_HEADERS TRACEPARENT \
	OTEL_EXPORTER_OTLP_TRACES_PROTOCOL OTEL_SERVICE_NAME 2>/dev/null

# A libcurl stand-in that aborts when loaded.
printf '#include <stdlib.h>\n__attribute__((constructor)) static void trap(void) { abort(); }\n' \
	>"$tmp/trap.c"
cc -shared -fPIC -o "$tmp/trapcurl.so" "$tmp/trap.c" || bad "cannot build the trap"

# 1. no observability: nothing loaded, nothing sent
fresh
if FLOE_LIBCURL="$tmp/trapcurl.so" FLOE_LIBPROTOBUF_C="$tmp/trapcurl.so" \
	"$FLOE" -C "$tmp/p/medallion" run --env local --quiet \
	>"$tmp/o1" 2>&1; then ok "run without observability never loads libcurl nor libprotobuf-c"
else bad "run without observability: $(tail -3 "$tmp/o1")"; fi
for c in validate "compile --out $tmp/c" lint "requirements" "explain /project/name"; do
	FLOE_LIBCURL="$tmp/trapcurl.so" FLOE_LIBPROTOBUF_C="$tmp/trapcurl.so" \
	OPENLINEAGE_URL=$url OTEL_EXPORTER_OTLP_ENDPOINT=$url "$FLOE" -C "$tmp/p/medallion" $c \
		>/dev/null 2>"$tmp/o1c"; st=$?
	if [ $st -le 1 ]; then ok "$c never loads libcurl nor libprotobuf-c"
	else bad "$c with the trap: status $st"; fi
done
# http/json and the file transport never load libprotobuf-c
fresh
if FLOE_LIBPROTOBUF_C="$tmp/trapcurl.so" OTEL_EXPORTER_OTLP_ENDPOINT="file://$tmp/t1.jsonl" \
	"$FLOE" -C "$tmp/p/medallion" run --env local --quiet >"$tmp/o1" 2>&1 &&
   FLOE_LIBPROTOBUF_C="$tmp/trapcurl.so" OTEL_EXPORTER_OTLP_ENDPOINT=$url OTEL_EXPORTER_OTLP_PROTOCOL=http/json \
	"$FLOE" -C "$tmp/p/medallion" run --env local --quiet >"$tmp/o1" 2>&1
then ok "http/json and file:// traces never load libprotobuf-c"
else bad "http/json with the protobuf trap: $(tail -3 "$tmp/o1")"; fi

# 2. HTTP: lineage and traces (OTLP as JSON, protobuf by default, gRPC),
#    parent and key from the environment
for proto in http/json default grpc; do
fresh
: >"$tmp/got.jsonl"
case $proto in
	http/json) tenv="OTEL_EXPORTER_OTLP_ENDPOINT=$url OTEL_EXPORTER_OTLP_PROTOCOL=http/json"
		ctype=application/json ;;
	default) tenv="OTEL_EXPORTER_OTLP_ENDPOINT=$url"; ctype=application/x-protobuf ;;
	grpc) tenv="OTEL_EXPORTER_OTLP_ENDPOINT=$gurl OTEL_EXPORTER_OTLP_PROTOCOL=grpc"
		ctype=application/grpc ;;
esac
parent_run=0190e1f7-3b4c-7a7e-9d5c-2f0a1b2c3d4e
key="key-$(od -An -tx1 -N6 /dev/urandom | tr -d ' \n')"
OPENLINEAGE_URL=$url OPENLINEAGE_API_KEY=$key OPENLINEAGE_NAMESPACE=obs-test \
OPENLINEAGE_PARENT_ID="dagster/daily_assets/$parent_run" \
env $tenv \
TRACEPARENT=00-4bf92f3577b34da6a3ce929d0e0e4736-00f067aa0ba902b7-01 \
	"$FLOE" -C "$tmp/p/medallion" run --env local --quiet >"$tmp/o2" 2>&1
st=$?
[ $st -eq 0 ] && ok "$proto: run with observability exits 0" || bad "$proto: run: status $st: $(tail -3 "$tmp/o2")"
grep -q "floe: warning" "$tmp/o2" && bad "$proto: warnings with a live endpoint: $(grep "floe: warning" "$tmp/o2")"
"$PY" - "$tmp/got.jsonl" "$key" "$parent_run" "$ctype" <<'PYEOF' && ok "$proto: events and spans checked" || fails=$((fails + 1))
import json, sys
recs = [json.loads(l) for l in open(sys.argv[1])]
key, parent, ctype = sys.argv[2], sys.argv[3], sys.argv[4]
errs = [e for r in recs for e in r["errors"]]
for e in errs[:10]: print("FAIL:", e)
ev = [r["body"] for r in recs if r["path"] == "/api/v1/lineage"]
tr = [r["body"] for r in recs if r["path"] == "/v1/traces"]
assert ev and tr, "nothing received"
assert all(r["ctype"] == ctype for r in recs if r["path"] == "/v1/traces"), [r["ctype"] for r in recs]
assert not errs, "schema errors"
assert all(r["auth"] == "Bearer " + key for r in recs if r["path"] == "/api/v1/lineage"), "no key"
assert all(key not in json.dumps(r["body"]) for r in recs), "the key in a body"
run = [e for e in ev if e["job"]["name"] == "dbt-run-medallion"]
assert [e["eventType"] for e in run] == ["START", "COMPLETE"], run
p = run[0]["run"]["facets"]["parent"]
assert p["run"]["runId"] == parent and p["job"] == {"namespace": "dagster", "name": "daily_assets"}, p
nodes = [e for e in ev if e not in run]
starts = {e["run"]["runId"] for e in nodes if e["eventType"] == "START"}
ends = {e["run"]["runId"] for e in nodes if e["eventType"] == "COMPLETE"}
assert starts == ends and len(starts) == 29, (len(starts), len(ends))
assert all(e["job"]["namespace"] == "obs-test" for e in ev)
assert all(e["run"]["facets"]["parent"]["run"]["runId"] == run[0]["run"]["runId"] for e in nodes)
m = [e for e in nodes if e["eventType"] == "COMPLETE" and e["job"]["facets"]["jobType"]["jobType"] == "MODEL"
     and e["outputs"] and "schema" in e["outputs"][0]["facets"]]
assert m, "no schema facet"
assert any("outputStatistics" in e["outputs"][0].get("outputFacets", {}) for e in m), "no rows"
assert all("sql" in e["job"]["facets"] for e in m)
t = [e for e in nodes if e["job"]["facets"]["jobType"]["jobType"] == "TEST" and e["eventType"] == "COMPLETE"]
assert t and all("dataQualityAssertions" in e["inputs"][0]["facets"] for e in t if e["inputs"])
spans = [s for req in tr for rs in req["resourceSpans"] for ss in rs["scopeSpans"] for s in ss["spans"]]
root = [s for s in spans if s["name"] == "floe run"]
assert len(root) == 1 and root[0]["parentSpanId"] == "00f067aa0ba902b7"
assert all(s["traceId"] == "4bf92f3577b34da6a3ce929d0e0e4736" for s in spans)
assert len(spans) == 30 and all(s["parentSpanId"] == root[0]["spanId"] for s in spans if s is not root[0])
svc = tr[0]["resourceSpans"][0]["resource"]["attributes"]
assert {"key": "service.name", "value": {"stringValue": "medallion"}} in svc, svc
PYEOF
done

# 3. a failing model: FAIL with errorMessage, an ERROR span
for proto in http/json default grpc; do
case $proto in
	http/json) tenv="OTEL_EXPORTER_OTLP_ENDPOINT=$url OTEL_EXPORTER_OTLP_PROTOCOL=http/json" ;;
	default) tenv="OTEL_EXPORTER_OTLP_ENDPOINT=$url" ;;
	grpc) tenv="OTEL_EXPORTER_OTLP_ENDPOINT=$gurl OTEL_EXPORTER_OTLP_PROTOCOL=grpc" ;;
esac
fresh
: >"$tmp/got.jsonl"
printf 'select * from no_such_table_here\n' >"$tmp/p/medallion/dbt/models/broken.sql"
OPENLINEAGE_URL=$url env $tenv \
	"$FLOE" -C "$tmp/p/medallion" run --env local --quiet >"$tmp/o3" 2>&1
st=$?
[ $st -eq 3 ] && ok "$proto: a failing model exits 3" || bad "$proto: failing model: status $st"
"$PY" - "$tmp/got.jsonl" <<'PYEOF' && ok "$proto: FAIL event and ERROR span" || fails=$((fails + 1))
import json, sys
recs = [json.loads(l) for l in open(sys.argv[1])]
assert not [e for r in recs for e in r["errors"]], [e for r in recs for e in r["errors"]][:5]
ev = [r["body"] for r in recs if r["path"] == "/api/v1/lineage"]
f = [e for e in ev if e["eventType"] == "FAIL" and ".broken." in e["job"]["name"]]
assert f and "no_such_table_here" in f[0]["run"]["facets"]["errorMessage"]["message"], f
assert [e["eventType"] for e in ev if e["job"]["name"] == "dbt-run-medallion"] == ["START", "FAIL"]
spans = [s for r in recs if r["path"] == "/v1/traces" for rs in r["body"]["resourceSpans"]
         for ss in rs["scopeSpans"] for s in ss["spans"]]
b = [s for s in spans if s["name"] == "broken"]
assert b and b[0]["status"]["code"] == 2 and "no_such_table_here" in b[0]["status"]["message"]
PYEOF
done

# 4. a dead endpoint and an erroring one: exit 0, one warning each
fresh
OPENLINEAGE_URL=http://127.0.0.1:1 OTEL_EXPORTER_OTLP_TRACES_ENDPOINT=$url/fail/v1/traces \
OTEL_EXPORTER_OTLP_PROTOCOL=http/json \
	"$FLOE" -C "$tmp/p/medallion" run --env local --quiet >"$tmp/o4" 2>"$tmp/e4"
st=$?
[ $st -eq 0 ] && ok "a dead endpoint does not fail the run" || bad "dead endpoint: status $st"
n=$(grep -c "not delivered" "$tmp/e4")
if [ "$n" -eq 2 ] && grep -q "lineage: 60 of 60 events not delivered to http://127.0.0.1:1/api/v1/lineage" "$tmp/e4" &&
   grep -q "traces: 1 of 1 events not delivered to .*/fail/v1/traces (HTTP status 500)" "$tmp/e4"
then ok "one warning per endpoint, with the counts"
else bad "warnings: $(cat "$tmp/e4")"; fi

# 4b. a gRPC error status is a failed delivery: exit 0, one warning
fresh
OTEL_EXPORTER_OTLP_ENDPOINT=$gurl OTEL_EXPORTER_OTLP_PROTOCOL=grpc OTEL_SERVICE_NAME=fail-me \
	"$FLOE" -C "$tmp/p/medallion" run --env local --quiet >"$tmp/o4" 2>"$tmp/e4"
st=$?
if [ $st -eq 0 ] && grep -q "traces: 1 of 1 events not delivered to $gurl/opentelemetry.proto.collector.trace.v1.TraceService/Export (grpc-status 14: told to fail)" "$tmp/e4"
then ok "grpc: an error status is one warning, exit 0"
else bad "grpc error status: status $st: $(cat "$tmp/e4")"; fi

# 4c. platform.yaml's otlp_endpoint on 4317 without a protocol: gRPC
#     (needs 127.0.0.1:4317 free for the receiver)
if [ "$g4317" -eq 4317 ]; then
	fresh
	: >"$tmp/got.jsonl"
	printf 'observability:\n  otlp_endpoint: http://127.0.0.1:4317\n' \
		>>"$tmp/p/medallion/platform/local/platform.yaml"
	"$FLOE" -C "$tmp/p/medallion" run --env local --quiet >"$tmp/o4" 2>&1
	st=$?
	if [ $st -eq 0 ] && ! grep -q "floe: warning" "$tmp/o4" && "$PY" - "$tmp/got.jsonl" <<'PYEOF'
import json, sys
recs = [json.loads(l) for l in open(sys.argv[1])]
tr = [r for r in recs if r["path"] == "/v1/traces"]
assert len(tr) == 1 and tr[0].get("grpc") and not tr[0]["errors"], tr
assert len(tr[0]["body"]["resourceSpans"][0]["scopeSpans"][0]["spans"]) == 30
PYEOF
	then ok "otlp_endpoint on 4317, no protocol: gRPC"
	else bad "otlp_endpoint on 4317: status $st: $(tail -3 "$tmp/o4")"; fi
else
	echo "skip: 127.0.0.1:4317 is taken: the 4317 default not checked"
fi

# 5. the file transport, validated line by line; --no-traces
fresh
OPENLINEAGE_URL="file://$tmp/ol.jsonl" OTEL_EXPORTER_OTLP_TRACES_ENDPOINT="file://$tmp/tr.jsonl" \
	"$FLOE" -C "$tmp/p/medallion" run --env local --quiet --no-traces >"$tmp/o5" 2>&1
st=$?
if [ $st -eq 0 ] && [ "$(wc -l <"$tmp/ol.jsonl")" -eq 60 ] && [ ! -e "$tmp/tr.jsonl" ] &&
   "$PY" "$here/receiver.py" --check "$tmp/ol.jsonl"
then ok "file transport: 60 valid events, --no-traces sent none"
else bad "file transport (status $st)"; fi

# 6. --no-lineage with an endpoint: nothing sent
fresh
: >"$tmp/got.jsonl"
OPENLINEAGE_URL=$url FLOE_LIBCURL="$tmp/trapcurl.so" \
	"$FLOE" -C "$tmp/p/medallion" run --env local --quiet --no-lineage >"$tmp/o6" 2>&1
st=$?
[ $st -eq 0 ] && [ ! -s "$tmp/got.jsonl" ] && ok "--no-lineage: nothing loaded, nothing sent" ||
	bad "--no-lineage: status $st, $(wc -l <"$tmp/got.jsonl") requests"

# 7. the API key from platform.yaml's observability.lineage_api_key
#    ({secret_ref: lineage-key}: the variable LINEAGE_KEY, or a file in the
#    secrets mount), sent as Authorization: Bearer, never in a body or the
#    output; OPENLINEAGE_API_KEY wins
canary="canary-$(od -An -tx1 -N8 /dev/urandom | tr -d ' \n')"
for how in env mount override; do
fresh
: >"$tmp/got.jsonl"
printf 'observability:\n  lineage_api_key: {secret_ref: lineage-key}\n' \
	>>"$tmp/p/medallion/platform/local/platform.yaml"
rm -rf "$tmp/mnt"; mkdir -p "$tmp/mnt"
want=$canary
case $how in
	env) kenv="LINEAGE_KEY=$canary" ;;
	mount) printf '%s\n' "$canary" >"$tmp/mnt/lineage-key"; kenv="FLOE_SECRETS_DIR=$tmp/mnt" ;;
	override) kenv="LINEAGE_KEY=$canary OPENLINEAGE_API_KEY=from-env-$canary"; want="from-env-$canary" ;;
esac
env $kenv OPENLINEAGE_URL=$url OTEL_EXPORTER_OTLP_ENDPOINT=$url \
	"$FLOE" -C "$tmp/p/medallion" run --env local >"$tmp/o7" 2>&1
st=$?
if [ $st -ne 0 ]; then bad "api key ($how): status $st: $(tail -3 "$tmp/o7")"
elif grep -q "$canary" "$tmp/o7" "$tmp/p/medallion/.floe" -r 2>/dev/null; then bad "api key ($how): the key in the output or a file"
elif "$PY" - "$tmp/got.jsonl" "$canary" "$want" <<'PYEOF'
import json, sys
recs = [json.loads(l) for l in open(sys.argv[1])]
canary, want = sys.argv[2], sys.argv[3]
ev = [r for r in recs if r["path"] == "/api/v1/lineage"]
assert len(ev) == 60 and all(r["auth"] == "Bearer " + want for r in ev), {r["auth"] for r in ev}
assert all(r["auth"] is None for r in recs if r["path"] == "/v1/traces")
assert all(canary not in json.dumps(r["body"]) for r in recs), "the key in a body"
PYEOF
then ok "api key ($how): Authorization: Bearer, never in a body, output or file"
else bad "api key ($how)"; fi
done
# a secret that cannot be resolved fails the run before it starts (exit 3), naming it
fresh
printf 'observability:\n  lineage_api_key: {secret_ref: lineage-key}\n' \
	>>"$tmp/p/medallion/platform/local/platform.yaml"
FLOE_SECRETS_DIR="$tmp/none" OPENLINEAGE_URL=$url "$FLOE" -C "$tmp/p/medallion" run --env local \
	>"$tmp/o7" 2>&1
st=$?
[ $st -eq 3 ] && grep -q "lineage-key" "$tmp/o7" && ok "api key: a missing secret is exit 3, named" ||
	bad "missing api key secret: status $st: $(tail -3 "$tmp/o7")"
# a literal key is a validation error
fresh
printf 'observability:\n  lineage_api_key: plain-text-key\n' >>"$tmp/p/medallion/platform/local/platform.yaml"
"$FLOE" -C "$tmp/p/medallion" validate --env local >"$tmp/o7" 2>&1
st=$?
[ $st -eq 1 ] && ! grep -q plain-text-key "$tmp/o7" && ok "api key: a literal is rejected, not shown" ||
	bad "literal api key: status $st: $(cat "$tmp/o7")"

[ $fails -eq 0 ] && echo "observe: all passed" || { echo "observe: $fails failed"; exit 1; }
