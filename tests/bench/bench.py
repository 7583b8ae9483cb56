"""make bench: per-process wall time and peak memory of floe beside its
peers and floors, run in the same session on the same inputs, one report
over the bars of the open issues:

  compile (issue 4)       the examples, one environment of a generated
                          large project against libyaml's parse-only time,
                          and the growth with the input's size
  explain / diff (9)      on the large project
  runner (7)              `floe run` against the same SQL replayed on one
                          connection (tests/bench/sql_replay.c)
  validate                floe beside python3 PyYAML + jsonschema

Each command runs REPEAT times as a fresh process; we report the median
wall time and the peak RSS (GNU time).  A runner comparison alternates the
two programs so both see the same load.  Figures go to stdout and to
build/bench/report.md, a summary of the bars on top.  This is a benchmark,
not a test: it never fails on a number, it reports.
"""
import os
import re
import shutil
import statistics
import subprocess
import sys
import time

ROOT = os.path.abspath(os.path.join(os.path.dirname(__file__), "..", ".."))
FLOE = os.environ.get("FLOE", os.path.join(ROOT, "build", "floe"))
FLOOR = os.environ.get("YAML_FLOOR", os.path.join(ROOT, "build", "bench", "yaml_floor"))
REPLAY = os.environ.get("SQL_REPLAY", os.path.join(ROOT, "build", "bench", "sql_replay"))
OUT = os.path.join(ROOT, "build", "bench")
REPEAT = int(os.environ.get("REPEAT", "30"))
# runs of the 200-model pipeline (about 2 s each); the example runs twice as many
RUN_REPEAT = int(os.environ.get("RUN_REPEAT", str(max(3, REPEAT // 4))))

sys.dont_write_bytecode = True  # no __pycache__ in the source tree
sys.path.insert(0, os.path.dirname(os.path.abspath(__file__)))
import gen  # noqa: E402
import gen_dbt  # noqa: E402


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


def once(cmd, cwd=None, expect=(0, 1), env=None, grab=None):
    """One run as a fresh process: (wall s, CPU s user+system, numbers).
    With `grab` (a regular expression) the numbers are what its groups
    find in standard output (NaN when it does not match)."""
    out = subprocess.PIPE if grab else subprocess.DEVNULL
    t0 = time.perf_counter()
    p = subprocess.Popen(cmd, cwd=cwd, env=env, stdout=out, stderr=subprocess.DEVNULL)
    text = p.stdout.read().decode() if grab else ""
    _, status, ru = os.wait4(p.pid, 0)
    t = time.perf_counter() - t0
    code = os.waitstatus_to_exitcode(status)
    if code not in expect:
        raise SystemExit(f"bench: {' '.join(cmd)} exited {code}")
    m = re.search(grab, text) if grab else None
    nums = tuple(float(g) for g in m.groups()) if m else (float("nan"),) * 2
    return t, ru.ru_utime + ru.ru_stime, nums


def run(cmd, repeat=REPEAT, cwd=None, expect=(0, 1), cpu=False):
    """Median wall ms and peak RSS MB; with cpu, also median CPU ms."""
    res = [once(cmd, cwd, expect) for _ in range(repeat)]
    wall = statistics.median(r[0] for r in res) * 1e3
    if cpu:
        return wall, peak_rss_mb(cmd, cwd), statistics.median(r[1] for r in res) * 1e3
    return wall, peak_rss_mb(cmd, cwd)


def row(rows, name, cmd, **kw):
    """Run and add a row (name, wall ms, RSS MB, CPU ms); returns wall, CPU."""
    ms, mb, cpu = run(cmd, cpu=True, **kw)
    rows.append((name, ms, mb, cpu))
    return ms, cpu


def rows_alternating(rows, specs):
    """Several commands run in turn, round after round, each its own number
    of times: a busy machine's drift then hits every row alike, and the
    ratios between rows (the bars) stay fair.  specs: (name, cmd, repeat,
    expect).  Adds a row each; returns [(wall ms, CPU ms)]."""
    res = [[] for _ in specs]
    while any(len(r) < sp[2] for r, sp in zip(res, specs)):
        for r, (name, cmd, repeat, expect) in zip(res, specs):
            if len(r) < repeat:
                r.append(once(cmd, None, expect))
    out = []
    for r, (name, cmd, repeat, expect) in zip(res, specs):
        wall = statistics.median(x[0] for x in r) * 1e3
        cpu = statistics.median(x[1] for x in r) * 1e3
        rows.append((name, wall, peak_rss_mb(cmd), cpu))
        out.append((wall, cpu))
    return out


class Report:
    def __init__(self):
        self.lines = []
        self.bars = []   # (issue, bar, figure, met)

    def bar(self, issue, text, figure, met):
        self.bars.append((issue, text, figure, "met" if met else "NOT met"))

    def section(self, title, rows, base, note=None):
        self.lines.append(f"\n### {title}\n")
        self.lines.append("| command | median ms/process | CPU ms | peak RSS MB | vs first row |")
        self.lines.append("|---|---:|---:|---:|---:|")
        for name, ms, mb, cpu in rows:
            self.lines.append(f"| {name} | {ms:.2f} | {cpu:.2f} | {mb:.1f} | {ms / base:.2f}x |")
        if note:
            self.lines.append(f"\n{note}")

    def table(self, title, head, rows, note=None):
        self.lines.append(f"\n### {title}\n")
        self.lines.append("| " + " | ".join(head) + " |")
        self.lines.append("|---" + "|---:" * (len(head) - 1) + "|")
        for r in rows:
            self.lines.append("| " + " | ".join(r) + " |")
        if note:
            self.lines.append(f"\n{note}")

    def text(self):
        top = ["## floe benchmark\n",
               f"{os.cpu_count()} CPUs, load average {os.getloadavg()[0]:.1f} at the end; "
               f"REPEAT={REPEAT}, RUN_REPEAT={RUN_REPEAT}.  Times are medians of "
               "fresh processes and include process start; the bars are judged on wall "
               "time.  CPU ms (user + system) is shown beside it: a busy machine disturbs "
               "it less.  Where a bar is a ratio (floe against libyaml or the Python "
               "peer) the rows it compares run in turn, round after round, so that the "
               "machine's drift during the run hits both sides alike.\n",
               "### summary of the bars\n",
               "| issue | bar | figure | |", "|---|---|---|---|"]
        top += [f"| {i} | {b} | {f} | {m} |" for i, b, f, m in self.bars]
        return "\n".join(top + self.lines) + "\n"


# ---- compile (issue 4) ----

def platform_files(proj, env):
    return [os.path.join(proj, "floe.yaml"), os.path.join(proj, "platform", env, "platform.yaml")]


def bench_compile(rep, large):
    ex = os.path.join(ROOT, "examples", "floe-platform")
    tmp = os.path.join(OUT, "tmp-compile")
    rows, found = [], []
    for env in ("local", "prod"):
        ms, cpu = row(rows, f"floe compile --env {env}",
                      [FLOE, "-C", ex, "compile", "--env", env, "--out", tmp], expect=(0,))
        found.append((env, ms, cpu))
    start, _ = row(rows, "floe --version (floe's own start)", [FLOE, "--version"], expect=(0,))
    empty, _ = row(rows, "empty process (/bin/true)", ["/bin/true"], expect=(0,))
    for env, ms, cpu in found:
        rep.bar(4, f"compile examples/floe-platform --env {env}: well under 10 ms",
                f"{ms:.1f} ms, CPU {cpu:.1f} ms (floe --version {start:.1f}, /bin/true "
                f"{empty:.1f})", ms < 10)
    rep.section("compile an example project (examples/floe-platform)", rows, rows[0][1],
                "floe --version and /bin/true: what starting floe, and any program, costs "
                "on this machine now.")

    env = "env07"
    files = platform_files(large, env)
    size = sum(os.path.getsize(f) for f in files)
    rows = []
    (base, _), _, (floor, _) = rows_alternating(rows, [
        (f"floe compile --env {env}",
         [FLOE, "-C", large, "compile", "--env", env, "--out", tmp], REPEAT, (0,)),
        (f"floe validate --env {env}", [FLOE, "-C", large, "validate", "--env", env],
         REPEAT, (0, 1)),
        ("libyaml parse only (floor)", [FLOOR] + files, REPEAT, (0, 1))])
    rep.section(f"compile one environment of the generated project ({size / 1e3:.0f} KB read: "
                "floe.yaml + its platform.yaml)", rows, base,
                f"floe compile / libyaml floor: {base / floor:.2f}x (bar: within 3x)")
    rep.bar(4, "compile one env of the 50-env project: within 3x of libyaml parse-only",
            f"{base / floor:.2f}x ({base:.1f} vs {floor:.1f} ms)", base <= 3 * floor)
    bench_growth(rep, tmp)
    bench_transforms(rep, tmp)
    shutil.rmtree(tmp, ignore_errors=True)


def bench_growth(rep, tmp):
    """One environment whose platform file is 1x, 2x, 4x (16x, 64x) gen.py's."""
    pts, rows = [], []
    for k in (1, 2, 4, 16, 64):
        proj = os.path.join(OUT, f"size{k}x")
        gen.generate(proj, envs=1, extra=60 * k)
        files = platform_files(proj, "env00")
        mb = sum(os.path.getsize(f) for f in files) / 1e6
        n = REPEAT if k < 16 else max(3, REPEAT // (3 if k == 16 else 6))
        ms, rss, cpu = run([FLOE, "-C", proj, "compile", "--env", "env00", "--out", tmp],
                           repeat=n, expect=(0,), cpu=True)
        fl, _ = run([FLOOR] + files, repeat=n)
        pts.append((mb, cpu))
        rows.append([f"{k}x", f"{mb * 1e3:.0f}", f"{ms:.2f}", f"{cpu:.2f}", f"{rss:.1f}",
                     f"{fl:.2f}", f"{ms / fl:.2f}x", f"{ms / mb:.0f}",
                     "" if k == 1 else f"{(cpu - pts[0][1]) / (mb - pts[0][0]):.0f}"])
    def slope(i, j):
        return (pts[j][1] - pts[i][1]) / (pts[j][0] - pts[i][0])
    s = [slope(0, 2), slope(2, 3), slope(3, 4)]
    rep.table("compile growth: one environment, platform file 1x to 64x gen.py's",
              ["size", "KB read", "floe compile ms", "CPU ms", "peak RSS MB",
               "libyaml floor ms", "vs floor", "ms per MB", "CPU ms per MB over 1x"], rows,
              f"Marginal cost (the extra CPU ms for the extra MB): {s[0]:.0f} ms/MB from 1x "
              f"to 4x, {s[1]:.0f} from 4x to 16x, {s[2]:.0f} from 16x to 64x.  Growth is "
              "linear when these stay close.  CPU time (user + system), not wall time, "
              "because on a busy machine the wall time of the small sizes is mostly waiting "
              "and process start; the plain per-MB figures of the small sizes are large for "
              "the same reason.  The bar is judged on the two larger ranges (within 1.5x).")
    rep.bar(4, "compile grows linearly with the input (marginal CPU ms/MB: 1x-4x, 4x-16x, "
            "16x-64x)", f"{s[0]:.0f}, {s[1]:.0f}, {s[2]:.0f} ms/MB",
            s[2] <= 1.5 * s[1] and s[1] <= 1.5 * s[2])


def transforms_project(root, n):
    """floe.yaml with n dbt transforms, each its own dbt_project.yml."""
    os.makedirs(os.path.join(root, "platform", "local"), exist_ok=True)
    with open(os.path.join(root, "floe.yaml"), "w") as f:
        f.write('name: scale\nversion: "1.0.0"\ntransforms:\n')
        for i in range(n):
            f.write(f"  - {{type: dbt, path: ./dbt{i}}}\n")
    with open(os.path.join(root, "platform", "local", "platform.yaml"), "w") as f:
        f.write('version: "1.3.0"\nstorage:\n  default: {type: local, path: ./warehouse/data}\n'
                'catalogs:\n  default: {type: duckdb, path: ./warehouse/lake.duckdb}\n'
                'compute:\n  default: {type: duckdb, properties: '
                '{path: ./warehouse/floe.duckdb, threads: 2}}\n')
    for i in range(n):
        os.makedirs(os.path.join(root, f"dbt{i}"), exist_ok=True)
        with open(os.path.join(root, f"dbt{i}", "dbt_project.yml"), "w") as f:
            f.write(f"name: p{i}\nprofile: scale\n")


def bench_transforms(rep, tmp):
    """Compile of 1,000 to 16,000 transforms: linear, not quadratic."""
    pts, rows = [], []
    for n in (1000, 4000, 16000):
        proj = os.path.join(OUT, f"transforms{n}")
        if not os.path.exists(proj):
            transforms_project(proj, n)
        ms, rss, cpu = run([FLOE, "-C", proj, "compile", "--out", tmp],
                           repeat=max(3, REPEAT // 5), expect=(0,), cpu=True)
        pts.append((n, cpu))
        rows.append([f"{n:,}", f"{ms:.1f}", f"{cpu:.1f}", f"{rss:.1f}",
                     f"{cpu / n * 1e3:.1f}"])
    r1, r2 = pts[1][1] / pts[0][1], pts[2][1] / pts[1][1]
    rep.table("compile growth: 1,000 to 16,000 transforms (each its own dbt_project.yml)",
              ["transforms", "floe compile ms", "CPU ms", "peak RSS MB", "CPU us per transform"],
              rows, f"CPU time grows {r1:.1f}x from 1,000 to 4,000 and {r2:.1f}x from 4,000 "
              "to 16,000 transforms (4x is linear).")
    rep.bar(17, "compile is linear from 1,000 to 16,000 transforms (4x more: at most 5x the CPU)",
            f"{r1:.1f}x, {r2:.1f}x", r1 <= 5 and r2 <= 5)


# ---- explain / diff (issue 9) ----

def attach_line(large, env):
    out = os.path.join(OUT, "tmp-explain")
    subprocess.run([FLOE, "-C", large, "compile", "--env", env, "--out", out],
                   check=True, stdout=subprocess.DEVNULL)
    with open(os.path.join(out, "attach.sql")) as f:
        lines = f.read().splitlines()
    shutil.rmtree(out, ignore_errors=True)
    return next(i for i, s in enumerate(lines, 1) if s.startswith("ATTACH"))


def bench_explain(rep, large):
    env = "env25"
    line = attach_line(large, env)
    cmds = [
        ("floe explain (a value path)", f"explain --env {env} storage.bucket_30.bucket"),
        ("floe explain (a generated line)", f"explain --env {env} attach.sql:{line}"),
        ("floe diff (two environments)", "diff --env env00 --env env49"),
    ]
    rows = []
    for name, args in cmds:
        ms, _ = row(rows, f"{name}: `{args}`", [FLOE, "-C", large] + args.split(), expect=(0,))
        rep.bar(9, f"{name} on the 50-env project: under 50 ms", f"{ms:.1f} ms", ms < 50)
    rep.section("explain and diff on the generated project (50 environments)", rows, rows[0][1])


# ---- runner (issue 7) ----

def copy_project(src, dst, threads=None):
    shutil.rmtree(dst, ignore_errors=True)
    shutil.copytree(src, dst, ignore=shutil.ignore_patterns(
        "warehouse", ".floe", "target", "logs"))
    if threads is not None:
        p = os.path.join(dst, "platform", "local", "platform.yaml")
        with open(p) as f:
            text = f.read()
        new = re.sub(r"threads: \d+", f"threads: {threads}", text)
        assert new != text or f"threads: {threads}" in text, p
        with open(p, "w") as f:
            f.write(new)


def replay_cmd(proj, log):
    return [REPLAY, "./warehouse/floe.duckdb", os.path.join(proj, ".floe", "local", "attach.sql"), log]


def compare_run(proj, repeat):
    """`floe run` and the replay of its SQL, alternately, in `proj`."""
    floe = [FLOE, "-C", proj, "run", "--quiet", "--full-refresh"]
    log = os.path.join(proj, "sql.log")
    once(floe, expect=(0,))                       # first build
    if os.path.exists(log):
        os.unlink(log)
    env = dict(os.environ, FLOE_RUNNER_SQL_LOG=log)
    once(floe, expect=(0,), env=env)              # the SQL a full refresh runs
    with open(log) as f:
        nstmt = sum(1 for s in f if s.startswith("-- floe-sql "))
    rep = replay_cmd(proj, log)
    once(rep, cwd=proj, expect=(0,))              # the replay works
    a, b = [], []
    for _ in range(repeat):
        # the runner's own "Finished running ... in 0.33s.", the replay's "ms 312.5"
        a.append(once(floe, expect=(0,), grab=r"Finished running .* in ([0-9.]+)s\."))
        b.append(once(rep, cwd=proj, expect=(0,), grab=r" ms ([0-9.]+) log_ms ([0-9.]+)"))
    def med(xs, i, scale, j=None):
        return statistics.median(x[i] if j is None else x[i][j] for x in xs) * scale
    return dict(floe=med(a, 0, 1e3), floe_rss=peak_rss_mb(floe), floe_in=med(a, 2, 1e3, 0),
                replay=med(b, 0, 1e3), replay_rss=peak_rss_mb(rep, proj),
                replay_in=med(b, 2, 1, 0), replay_log=med(b, 2, 1, 1), statements=nstmt,
                floe_cpu=med(a, 1, 1e3), replay_cpu=med(b, 1, 1e3))


def bench_runner(rep):
    med = os.path.join(ROOT, "examples", "medallion")
    cases = []
    for t in (2, 1):
        d = os.path.join(OUT, f"medallion-t{t}")
        copy_project(med, d, t)
        cases.append(("examples/medallion", t, d, 0, 2 * RUN_REPEAT))
    for t in (2, 1):
        d = os.path.join(OUT, f"runner200-t{t}")
        shutil.rmtree(d, ignore_errors=True)
        gen_dbt.generate(d, models=200, threads=t)
        cases.append(("generated, 200 models", t, d, 200, RUN_REPEAT))
    rows = []
    for name, t, d, models, n in cases:
        r = compare_run(d, n)
        shutil.rmtree(os.path.join(d, "warehouse"))  # 100 MB for 200 models; sql.log stays
        fa, fb = r["floe"], r["replay"]
        over = (fa - fb) / fb * 100
        per = f"{(fa - fb) / models:+.2f}" if models else ""
        rows.append([name, str(t), str(r["statements"]), f"{fa:.0f}", f"{r['floe_rss']:.1f}",
                     f"{r['floe_in']:.0f}", f"{fb:.0f}", f"{r['replay_rss']:.1f}",
                     f"{r['replay_in']:.0f}", f"{r['replay_log']:.0f}", f"{over:+.1f}%", per,
                     f"{(r['floe_cpu'] - r['replay_cpu']) / r['replay_cpu'] * 100:+.1f}%"])
        like = "like for like" if t == 1 else "floe on 2 connections, replay on 1"
        rep.bar(7, f"run {name}, threads={t} ({like}): at most 10% over the same SQL",
                f"{over:+.1f}% ({fa:.0f} vs {fb:.0f} ms)", over <= 10)
    rep.table("floe run --full-refresh against the same SQL on one connection",
              ["project", "threads", "statements", "floe run ms", "floe RSS MB",
               "of which steps ms", "replay ms", "replay RSS MB", "of which open to close ms",
               "of which statements ms",
               "overhead", "overhead ms/model", "CPU overhead"], rows,
              "threads is the platform's compute `threads`: DuckDB's setting (attach.sql "
              "sets it, so the replay has it too) and the runner's worker connections.  "
              "threads=1 is like for like: one connection each.  threads=2: floe builds "
              "on two connections, the replay on one.  The replay (tests/bench/sql_replay.c) "
              "opens the same database, runs .floe/local/attach.sql, then every statement "
              "FLOE_RUNNER_SQL_LOG recorded, through the same libduckdb and wrapper; both "
              "times are whole processes (libduckdb load, open, close included), and the "
              "overhead is computed on them.  'of which': floe's own \"Finished running "
              "... in\" (the steps only: no compile, open, attach or close; 10 ms "
              "resolution), the replay's time from opening the database to closing it, "
              "and its logged statements alone (comparable to floe's steps).  CPU overhead: the "
              "same comparison on user + system time, which a busy machine disturbs less.  "
              f"Medians of {2 * RUN_REPEAT} (the example) and {RUN_REPEAT} (200 models) "
              "alternating runs.")


# ---- validate (the peers) ----

def fifty(base, py, floor):
    """The 50x bars' figure, with the ceiling this machine puts on it: a
    program that only parses the same YAML with libyaml (the floor) is
    already most of a process's time here, so no validator can pass
    py / floor; and the ratio of what each does beyond that floor."""
    beyond = (py - floor) / (base - floor) if base > floor else float("inf")
    return (f"{py / base:.1f}x ({base:.2f} vs {py:.1f} ms); ceiling here {py / floor:.0f}x "
            f"(libyaml parse-only {floor:.2f} ms); beyond that floor {beyond:.0f}x")


def per_process_note(base, py, floor):
    return (f"Per process, the libyaml floor alone is {py / floor:.0f}x faster than the peer: "
            f"starting a process is most of a short command here.  Beyond that floor, floe takes "
            f"{base - floor:.2f} ms and the peer {py - floor:.1f} ms "
            f"({(py - floor) / max(base - floor, 1e-9):.0f}x).")


def bench_validate(rep, large):
    peer = [sys.executable, os.path.join(ROOT, "tests", "bench", "peer.py")]
    ex = os.path.join(ROOT, "examples", "floe-platform")
    # any document against a schema: one example platform file
    doc = os.path.join(ex, "platform", "prod", "platform.yaml")
    schema = os.path.join(ROOT, "schemas", "platform.schema.json")
    rows = []
    (base, _), (py, _), (floor, _) = rows_alternating(rows, [
        ("floe validate --schema", [FLOE, "validate", "--schema", schema, doc], REPEAT, (0, 1)),
        ("python3 PyYAML + jsonschema", peer + [schema, doc], max(5, REPEAT // 3), (0, 1)),
        ("libyaml parse only (floor)", [FLOOR, doc], REPEAT, (0, 1))])
    rep.section("validate one document against a schema (examples/floe-platform prod)", rows, base,
                per_process_note(base, py, floor))
    rep.bar(17, "validate --schema (one document): the Python peer for reference",
            fifty(base, py, floor), True)

    # an example project: floe.yaml + its local platform file
    rows = []
    (base, _), (py, _), (floor, _) = rows_alternating(rows, [
        ("floe validate (project, env local)", [FLOE, "-C", ex, "validate"], REPEAT, (0, 1)),
        ("python3 PyYAML + jsonschema", peer + ["--project", ex], max(5, REPEAT // 3), (0, 1)),
        ("libyaml parse only (floor)", [FLOOR] + platform_files(ex, "local"), REPEAT, (0, 1))])
    rep.section("validate an example project (examples/floe-platform, env local)", rows, base,
                per_process_note(base, py, floor))
    rep.bar(17, "validate an example project: within 1.5x of libyaml parse-only per process",
            f"{base:.2f} vs {floor:.2f} ms ({base / floor:.2f}x); " + fifty(base, py, floor),
            base <= 1.5 * floor)

    # the generated large project, every environment
    files = [os.path.join(large, "floe.yaml")] + sorted(
        os.path.join(large, "platform", e, "platform.yaml")
        for e in os.listdir(os.path.join(large, "platform")))
    size = sum(os.path.getsize(f) for f in files)
    rows = []
    (base, _), _, (floor, _) = rows_alternating(rows, [
        ("floe validate --all-envs", [FLOE, "-C", large, "validate", "--all-envs"],
         REPEAT, (0, 1)),
        ("python3 PyYAML + jsonschema", peer + ["--project", large, "--all-envs"], 3, (0, 1)),
        ("libyaml parse only (floor)", [FLOOR] + files, REPEAT, (0, 1))])
    rep.section(f"validate --all-envs on a generated project ({len(files) - 1} environments, "
                f"{size / 1e6:.2f} MB)", rows, base,
                f"floe --all-envs / libyaml floor: {base / floor:.2f}x (goal: within 3x)")
    rep.bar(17, "validate --all-envs of the 50-env project: within 3x of libyaml parse-only",
            f"{base / floor:.2f}x ({base:.1f} vs {floor:.1f} ms)", base <= 3 * floor)


def main():
    os.makedirs(OUT, exist_ok=True)
    large = os.path.join(OUT, "large")
    gen.generate(large, envs=50)
    rep = Report()
    t0 = time.perf_counter()
    # BENCH_ONLY=validate,compile (etc.) runs some sections, for iterating
    only = [w for w in os.environ.get("BENCH_ONLY", "").split(",") if w]
    for name, fn in (("compile", lambda: bench_compile(rep, large)),
                     ("explain", lambda: bench_explain(rep, large)),
                     ("runner", lambda: bench_runner(rep)),
                     ("validate", lambda: bench_validate(rep, large))):
        if not only or name in only:
            fn()
    rep.lines.append(f"\n(the whole benchmark took {time.perf_counter() - t0:.0f} s)")
    report = rep.text()
    with open(os.path.join(OUT, "report.md"), "w") as f:
        f.write(report)
    print(report)


if __name__ == "__main__":
    main()
