#!/usr/bin/env python3
"""Developer aid, not run by make check: render every case of
tests/jinja/cases/*.txt with Jinja2 (as dbt configures it: loopcontrols and
do enabled, Jinja's defaults otherwise) and report where the expected output
differs.  Cases that expect an error, run in strict mode, use dbt's globals
("--- mode" dbt) or macro packages are skipped.
Usage: python3 tests/jinja/verify.py [case-file...]"""
import glob, json, sys
import jinja2

def cases(path):
    cur, sect, buf = None, None, []
    def close():
        if cur is not None and sect:
            text = "\n".join(buf)
            cur.setdefault(sect, text)
    for line in open(path, encoding="utf-8").read().split("\n"):
        if line.startswith("=== ") or line.startswith("--- "):
            close()
            buf = []
            if line.startswith("=== "):
                if cur is not None:
                    yield cur
                cur, sect = {"name": line[4:]}, None
            else:
                sect = line[4:]
        else:
            buf.append(line)
    if buf and buf[-1] == "":
        buf.pop()
    close()
    if cur is not None:
        yield cur

class Ret(Exception):
    def __init__(self, v): self.v = v

def main(files):
    bad = 0
    for f in files or sorted(glob.glob("tests/jinja/cases/*.txt")):
        for c in cases(f):
            # errors, strict mode, dbt's host globals and macro packages
            # are floe's own: Jinja2 alone cannot render those cases
            mode = c.get("mode", "")
            if "error" in c or "strict" in mode or "dbt" in mode or \
               any(k.startswith("macros") for k in c):
                continue
            env = jinja2.Environment(extensions=["jinja2.ext.loopcontrols", "jinja2.ext.do"])
            env.globals["zip"] = zip
            import yaml
            def fromyaml(v, default=None):
                try:
                    return yaml.safe_load(v)
                except Exception:
                    return default
            env.globals["fromyaml"] = fromyaml
            env.globals["toyaml"] = lambda v, default=None, sort_keys=False: yaml.safe_dump(v, sort_keys=sort_keys)
            import re, datetime
            env.globals["modules"] = {"re": re, "datetime": datetime}
            env.globals["ref"] = lambda *a: '"main"."%s"' % a[-1]
            ctx = json.loads(c["context"]) if c.get("context") else {}
            try:
                got = env.from_string(c.get("template", "")).render(**ctx)
            except Exception as e:
                got = "EXCEPTION %r" % e
            want = c.get("output", "")
            if got != want:
                bad += 1
                print("%s: %s\n  jinja2: %r\n  case:   %r" % (f, c["name"], got, want))
    print("verify: %d differences" % bad)
    return 1 if bad else 0

sys.exit(main(sys.argv[1:]))
