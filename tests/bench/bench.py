"""make bench: per-process wall time and peak memory of floe beside its
peers, run in the same session on the same inputs.

Each command runs REPEAT times as a fresh process; we report the median wall
time and the peak RSS (GNU time).  Figures go to stdout and to
build/bench/report.md.  This is a benchmark, not a test: it never fails on a
number, it reports.
"""
import os
import statistics
import subprocess
import sys
import time

ROOT = os.path.abspath(os.path.join(os.path.dirname(__file__), "..", ".."))
FLOE = os.environ.get("FLOE", os.path.join(ROOT, "build", "floe"))
FLOOR = os.environ.get("YAML_FLOOR", os.path.join(ROOT, "build", "bench", "yaml_floor"))
OUT = os.path.join(ROOT, "build", "bench")
REPEAT = int(os.environ.get("REPEAT", "30"))


def peak_rss_mb(cmd, cwd=None):
    """Peak RSS of one run, taken by GNU time from its own small process:
    wait4() on a child of this Python process would count the Python
    process's memory, which the child shares until it execs."""
    if not os.path.exists("/usr/bin/time"):
        return float("nan")
    p = subprocess.run(["/usr/bin/time", "-f", "%M"] + cmd, cwd=cwd,
                       stdout=subprocess.DEVNULL, stderr=subprocess.PIPE, text=True)
    try:
        return int(p.stderr.strip().splitlines()[-1]) / 1024.0
    except (ValueError, IndexError):
        return float("nan")


def run(cmd, repeat=REPEAT, cwd=None, expect=(0, 1)):
    times = []
    for _ in range(repeat):
        t0 = time.perf_counter()
        p = subprocess.Popen(cmd, cwd=cwd, stdout=subprocess.DEVNULL, stderr=subprocess.DEVNULL)
        _, status, _ = os.wait4(p.pid, 0)
        times.append(time.perf_counter() - t0)
        code = os.waitstatus_to_exitcode(status)
        if code not in expect:
            raise SystemExit(f"bench: {' '.join(cmd)} exited {code}")
    return statistics.median(times) * 1e3, peak_rss_mb(cmd, cwd)


def row(rows, name, cmd, **kw):
    ms, mb = run(cmd, **kw)
    rows.append((name, ms, mb))
    return ms, mb


def main():
    os.makedirs(OUT, exist_ok=True)
    sys.path.insert(0, os.path.dirname(__file__))
    import gen
    large = os.path.join(OUT, "large")
    gen.generate(large, envs=50)
    peer = [sys.executable, os.path.join(ROOT, "tests", "bench", "peer.py")]
    ex = os.path.join(ROOT, "examples", "floe-platform")
    lines = []
    def section(title, rows, base):
        lines.append(f"\n### {title}\n")
        lines.append("| command | median ms/process | peak RSS MB | vs floe |")
        lines.append("|---|---:|---:|---:|")
        for name, ms, mb in rows:
            lines.append(f"| {name} | {ms:.2f} | {mb:.1f} | {ms / base:.1f}x |")

    # 1. any document against a schema: one example platform file
    doc = os.path.join(ex, "platform", "prod", "platform.yaml")
    schema = os.path.join(ROOT, "schemas", "platform.schema.json")
    rows = []
    base, _ = row(rows, "floe validate --schema", [FLOE, "validate", "--schema", schema, doc])
    row(rows, "python3 PyYAML + jsonschema", peer + [schema, doc], repeat=max(5, REPEAT // 3))
    row(rows, "libyaml parse only (floor)", [FLOOR, doc])
    section("validate one document against a schema (examples/floe-platform prod)", rows, base)

    # 2. an example project: floe.yaml + its local platform file
    rows = []
    base, _ = row(rows, "floe validate (project, env local)", [FLOE, "-C", ex, "validate"])
    row(rows, "python3 PyYAML + jsonschema", peer + ["--project", ex], repeat=max(5, REPEAT // 3))
    row(rows, "libyaml parse only (floor)", [FLOOR, os.path.join(ex, "floe.yaml"),
                                              os.path.join(ex, "platform", "local", "platform.yaml")])
    section("validate an example project (examples/floe-platform, env local)", rows, base)

    # 3. the generated large project, every environment
    files = [os.path.join(large, "floe.yaml")] + sorted(
        os.path.join(large, "platform", e, "platform.yaml") for e in os.listdir(os.path.join(large, "platform")))
    size = sum(os.path.getsize(f) for f in files)
    rows = []
    base, _ = row(rows, "floe validate --all-envs", [FLOE, "-C", large, "validate", "--all-envs"], repeat=max(5, REPEAT // 3))
    row(rows, "python3 PyYAML + jsonschema", peer + ["--project", large, "--all-envs"], repeat=3)
    floor, _ = row(rows, "libyaml parse only (floor)", [FLOOR] + files, repeat=max(5, REPEAT // 3))
    section(f"validate --all-envs on a generated project ({len(files) - 1} environments, {size / 1e6:.2f} MB)", rows, base)
    lines.append(f"\nfloe --all-envs / libyaml floor: {base / floor:.2f}x (goal: within 3x)")

    report = "## floe benchmark\n" + "\n".join(lines) + "\n"
    with open(os.path.join(OUT, "report.md"), "w") as f:
        f.write(report)
    print(report)


if __name__ == "__main__":
    main()
