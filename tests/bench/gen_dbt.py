"""Generate a floe project for the runner benchmark: the embedded default
platform (local files, a DuckDB file as the catalog, DuckDB compute) and a
dbt project of N table models over one small seed.

Model i (1..N-1) joins its parent (i-1)//2 with (i-1): a binary fan-out
tree crossed by one long chain, so the graph is both deep and wide and
every step has work a thread could run beside it.  Every model keeps the
seed's row count (a join on a unique id).  Every 20th model gets a
not_null and a unique test.  Nothing here is timed; bench.py times it.

usage: gen_dbt.py DIR [MODELS [THREADS]]
"""
import os
import sys

PLATFORM = """# generated for benchmarks: the embedded default
version: "1.3.0"
storage:
  default: {{type: local, path: ./warehouse/data}}
catalogs:
  default: {{type: duckdb, path: ./warehouse/lake.duckdb}}
compute:
  default:
    type: duckdb
    properties: {{path: ./warehouse/floe.duckdb, threads: {threads}}}
"""


def write(path, text):
    os.makedirs(os.path.dirname(path), exist_ok=True)
    with open(path, "w") as f:
        f.write(text)


def model_sql(i):
    if i == 0:
        return "select id, v, k from {{ ref('seed_rows') }}\n"
    a, b = (i - 1) // 2, i - 1
    if a == b:
        return f"select id, v + {i} as v, k from {{{{ ref('m{a:03d}') }}}}\n"
    return (f"select a.id, a.v + b.v as v, a.k\n"
            f"from {{{{ ref('m{a:03d}') }}}} a\n"
            f"join {{{{ ref('m{b:03d}') }}}} b using (id)\n")


def generate(root, models=200, threads=2, rows=1000):
    write(os.path.join(root, "floe.yaml"),
          'name: runner-bench\nversion: "1.0.0"\ntransforms:\n  - type: dbt\n    path: ./dbt\n')
    write(os.path.join(root, "platform", "local", "platform.yaml"),
          PLATFORM.format(threads=threads))
    dbt = os.path.join(root, "dbt")
    write(os.path.join(dbt, "dbt_project.yml"),
          "name: runner_bench\nprofile: runner_bench\n"
          "models:\n  runner_bench:\n    +materialized: table\n")
    write(os.path.join(dbt, "seeds", "seed_rows.csv"),
          "id,v,k\n" + "".join(f"{i},{i % 97},k{i % 13}\n" for i in range(rows)))
    props = ["version: 2\nmodels:\n"]
    for i in range(models):
        write(os.path.join(dbt, "models", f"m{i:03d}.sql"), model_sql(i))
        if i % 20 == 0:
            props.append(f"  - name: m{i:03d}\n    columns:\n"
                         f"      - name: id\n        tests: [not_null, unique]\n")
    write(os.path.join(dbt, "models", "schema.yml"), "".join(props))


if __name__ == "__main__":
    a = sys.argv[1:]
    generate(a[0] if a else "build/bench/runner200",
             int(a[1]) if len(a) > 1 else 200, int(a[2]) if len(a) > 2 else 2)
