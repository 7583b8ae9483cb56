#!/usr/bin/python3
"""A receiver for floe's lineage and traces tests, on 127.0.0.1 only.

POST /api/v1/lineage: each body one OpenLineage RunEvent, validated with
python3-jsonschema against OpenLineage's own spec (tests/observe/openlineage,
vendored under its Apache-2.0 licence) and every facet against its facet
schema (named by _schemaURL, which must be the vendored version).
POST /v1/traces: an OTLP export request, JSON or protobuf (by its
Content-Type); its spans are checked.  A gRPC server (python3-grpcio, a
generic handler for TraceService/Export) takes protobuf requests too
(service.name "fail-me": answers UNAVAILABLE).  Protobuf requests are
decoded with message classes built from the vendored opentelemetry-proto
files (OTLP_DESC: a FileDescriptorSet protoc-c made of them) and recorded
in OTLP/JSON form (hex ids), path "/v1/traces" for both.
POST /fail/...: answers 500.  Everything received goes to OUT (JSON lines:
{"path", "body", "errors", "ctype", "auth"}).  Usage: receiver.py PORTFILE OUT
(PORTFILE gets "HTTPPORT GRPCPORT G4317", the last 4317 when that port
was free, else 0), or receiver.py --check FILE to
validate a file transport's lines.
"""
import base64, json, os, sys, threading
from http.server import BaseHTTPRequestHandler, ThreadingHTTPServer
import jsonschema

HERE = os.path.join(os.path.dirname(os.path.abspath(__file__)), "openlineage")
schemas = {}
for name in ["OpenLineage.json"] + ["facets/" + f for f in os.listdir(os.path.join(HERE, "facets"))]:
    with open(os.path.join(HERE, name)) as f:
        s = json.load(f)
    schemas[s["$id"]] = s
core = schemas["https://openlineage.io/spec/2-0-2/OpenLineage.json"]


def validate(schema_id, ref, doc):
    # Debian's jsonschema (4.10): $refs between the vendored files by RefResolver's store
    resolver = jsonschema.RefResolver(schema_id, schemas[schema_id], store=schemas)
    v = jsonschema.Draft202012Validator({"$ref": schema_id + "#/$defs/" + ref}, resolver=resolver)
    return [f"{ref}: {e.message} at {list(e.absolute_path)}" for e in v.iter_errors(doc)]


def facets(obj, errors):
    for key in ("facets", "inputFacets", "outputFacets"):
        for name, fc in (obj.get(key) or {}).items():
            url = fc.get("_schemaURL", "")
            base, _, ref = url.partition("#/$defs/")
            if base not in schemas:
                errors.append(f"facet {name}: schema {base} not vendored (wrong version?)")
                continue
            errors += validate(base, ref, fc)


def check_lineage(ev):
    errors = validate(core["$id"], "RunEvent", ev)
    facets(ev.get("run", {}), errors)
    facets(ev.get("job", {}), errors)
    for d in ev.get("inputs", []) + ev.get("outputs", []):
        facets(d, errors)
    return errors


def check_traces(req):
    errors = []
    for rs in req.get("resourceSpans", []):
        keys = [a["key"] for a in rs["resource"]["attributes"]]
        if "service.name" not in keys:
            errors.append("resource without service.name")
        for ss in rs["scopeSpans"]:
            for sp in ss["spans"]:
                if len(sp.get("traceId", "")) != 32 or len(sp.get("spanId", "")) != 16:
                    errors.append(f"span {sp.get('name')}: bad ids")
                if int(sp["endTimeUnixNano"]) < int(sp["startTimeUnixNano"]):
                    errors.append(f"span {sp.get('name')}: ends before it starts")
                if sp.get("status", {}).get("code") not in (1, 2):
                    errors.append(f"span {sp.get('name')}: no status")
    return errors


lock = threading.Lock()
Export = None


def load_otlp():
    global Export
    from google.protobuf import descriptor_pb2, descriptor_pool, message_factory
    fds = descriptor_pb2.FileDescriptorSet.FromString(open(os.environ["OTLP_DESC"], "rb").read())
    pool = descriptor_pool.DescriptorPool()
    for f in fds.file:
        pool.Add(f)
    d = pool.FindMessageTypeByName("opentelemetry.proto.collector.trace.v1.ExportTraceServiceRequest")
    get = getattr(message_factory, "GetMessageClass", None)
    Export = get(d) if get else message_factory.MessageFactory(pool).GetPrototype(d)


def from_pb(data):
    """An ExportTraceServiceRequest as OTLP/JSON (ids in hex, as the JSON encoding has them)."""
    from google.protobuf import json_format
    req = json_format.MessageToDict(Export.FromString(data), use_integers_for_enums=True)
    for rs in req.get("resourceSpans", []):
        for ss in rs.get("scopeSpans", []):
            for sp in ss.get("spans", []):
                for k in ("traceId", "spanId", "parentSpanId"):
                    if k in sp:
                        sp[k] = base64.b64decode(sp[k]).hex()
    return req


def record(rec):
    with lock, open(sys.argv[2], "a") as f:
        f.write(json.dumps(rec) + "\n")


class H(BaseHTTPRequestHandler):
    def do_POST(self):
        n = int(self.headers.get("Content-Length", 0))
        raw = self.rfile.read(n)
        ctype = self.headers.get("Content-Type")
        body = from_pb(raw) if ctype == "application/x-protobuf" else json.loads(raw or b"null")
        if self.path.startswith("/fail"):
            self.send_response(500)
            self.end_headers()
            return
        errors = check_lineage(body) if self.path == "/api/v1/lineage" else \
            check_traces(body) if self.path == "/v1/traces" else [f"unexpected path {self.path}"]
        record({"path": self.path, "auth": self.headers.get("Authorization"),
                "ctype": ctype, "body": body, "errors": errors})
        self.send_response(200)
        self.send_header("Content-Length", "0")
        self.end_headers()

    def log_message(self, *a):
        pass


if sys.argv[1] == "--check":   # receiver.py --check FILE: lines of RunEvents
    bad = 0
    for i, line in enumerate(open(sys.argv[2])):
        for e in check_lineage(json.loads(line)):
            print(f"{sys.argv[2]}:{i + 1}: {e}")
            bad += 1
    sys.exit(1 if bad else 0)

load_otlp()
srv = ThreadingHTTPServer(("127.0.0.1", 0), H)

os.environ.setdefault("GRPC_VERBOSITY", "NONE")   # a taken 4317 is expected, not news
import grpc
from concurrent import futures

EXPORT = "/opentelemetry.proto.collector.trace.v1.TraceService/Export"


def export(data, context):
    md = dict(context.invocation_metadata())
    body = from_pb(data)
    svc = [a["value"].get("stringValue") for rs in body.get("resourceSpans", [])
           for a in rs["resource"]["attributes"] if a["key"] == "service.name"]
    if "fail-me" in svc:
        context.abort(grpc.StatusCode.UNAVAILABLE, "told to fail")
    record({"path": "/v1/traces", "grpc": True, "auth": md.get("authorization"),
            "ctype": "application/grpc",   # grpcio takes no other (and hides it)
            "body": body, "errors": check_traces(body)})
    return b""   # an empty ExportTraceServiceResponse: all accepted


class G(grpc.GenericRpcHandler):
    def service(self, details):
        if details.method == EXPORT:
            return grpc.unary_unary_rpc_method_handler(export)   # bytes in, bytes out
        return None


# no SO_REUSEPORT: a second receiver must not share 4317 with this one
gsrv = grpc.server(futures.ThreadPoolExecutor(max_workers=4), handlers=[G()],
                   options=[("grpc.so_reuseport", 0)])
gport = gsrv.add_insecure_port("127.0.0.1:0")
try:   # OTLP/gRPC's own port, for the platform.yaml default (0: taken)
    g4317 = gsrv.add_insecure_port("127.0.0.1:4317")
except RuntimeError:
    g4317 = 0
gsrv.start()
with open(sys.argv[1] + ".tmp", "w") as f:
    f.write(f"{srv.server_address[1]} {gport} {g4317}")
os.rename(sys.argv[1] + ".tmp", sys.argv[1])
threading.Timer(300, srv.shutdown).start()   # never outlive the harness
srv.serve_forever()
gsrv.stop(0)
