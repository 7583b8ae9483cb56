"""The peer floe is measured against: python3 with PyYAML and
python3-jsonschema doing the same validation work in one process.

usage: peer.py SCHEMA DOC...            validate each DOC against SCHEMA
       peer.py --project DIR [--all-envs]  floe.yaml + platform files
"""
import json
import os
import sys

import jsonschema
import yaml

try:
    Loader = yaml.CSafeLoader  # the fastest PyYAML loader, for fairness
except AttributeError:
    Loader = yaml.SafeLoader


def load(path):
    with open(path, "rb") as f:
        if path.endswith(".json"):
            return json.load(f)
        return yaml.load(f, Loader=Loader)


def check(validator, path):
    errors = list(validator.iter_errors(load(path)))
    for e in errors:
        print(f"{path}: {'/'.join(map(str, e.path))}: {e.message}", file=sys.stderr)
    return len(errors)


def main(argv):
    here = os.path.dirname(os.path.abspath(__file__))
    schemas = os.path.join(here, "..", "..", "schemas")
    if argv[0] == "--project":
        d = argv[1]
        fv = jsonschema.Draft7Validator(load(os.path.join(schemas, "floe.schema.json")))
        pv = jsonschema.Draft7Validator(load(os.path.join(schemas, "platform.schema.json")))
        n = check(fv, os.path.join(d, "floe.yaml"))
        envs = sorted(os.listdir(os.path.join(d, "platform")))
        if "--all-envs" not in argv:
            envs = [e for e in envs if e == "local"]
        for e in envs:
            n += check(pv, os.path.join(d, "platform", e, "platform.yaml"))
        return 1 if n else 0
    v = jsonschema.Draft7Validator(load(argv[0]))
    n = sum(check(v, p) for p in argv[1:])
    return 1 if n else 0


if __name__ == "__main__":
    sys.exit(main(sys.argv[1:]))
