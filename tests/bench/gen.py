"""Generate a large floe project for benchmarks: floe.yaml and N
environments whose platform files add up to about 1 MB.

The size knob is `extra`: the layers (and storage profiles) of each
environment.  60 gives a platform file of about 19 KB; the size grows in
proportion (120: about 2x, 240: about 4x).

usage: gen.py DIR [ENVS [EXTRA]]"""
import os

PLATFORM_HEAD = """# generated for benchmarks
version: "1.2.0"
compute:
  default:
    type: duckdb
    properties: {{path: /tmp/{env}.duckdb, threads: 4}}
catalogs:
  default:
    type: polaris
    uri: http://polaris-{env}:8181/api/catalog
    warehouse: wh_{env}
    credentials:
      mode: oauth2
      client_id: {{secret_ref: polaris-client-id}}
      client_secret: {{secret_ref: polaris-client-secret}}
      scope: PRINCIPAL_ROLE:ALL
storage:
  default:
    type: s3
    endpoint: http://localstack:4566
    bucket: iceberg-{env}
    path_style_access: true
    credentials: {{mode: static, secret_ref: aws-credentials}}
"""

def platform(env, extra):
    out = [PLATFORM_HEAD.format(env=env)]
    out.append("layers:\n")
    for i in range(extra):
        out.append(f"  layer_{i}:\n    name: layer_{i}\n    storage_ref: bucket_{i}\n"
                   f"    catalog_ref: default\n    namespace: ns_{i}\n    retention_days: {30 + i}\n"
                   f"    description: \"generated layer {i} of {env}\"\n")
    out.append("observability: {traces: true, lineage: true, otlp_endpoint: http://jaeger:4317}\n")
    # extra storage profiles referenced by the layers
    text = "".join(out)
    stor = "".join(f"  bucket_{i}:\n    type: s3\n    bucket: bucket-{env}-{i}\n    region: us-east-1\n"
                   f"    endpoint: http://minio:9000\n    path_style_access: true\n" for i in range(extra))
    return text.replace("storage:\n", "storage:\n" + stor, 1)


def generate(root, envs=50, extra=60):
    os.makedirs(os.path.join(root, "dbt"), exist_ok=True)
    with open(os.path.join(root, "floe.yaml"), "w") as f:
        f.write('name: large-project\nversion: "1.0.0"\ntransforms:\n  - type: dbt\n    path: ./dbt\n')
    with open(os.path.join(root, "dbt", "dbt_project.yml"), "w") as f:
        f.write("name: large_project\nprofile: large_project\n")
    for i in range(envs):
        env = f"env{i:02d}"
        d = os.path.join(root, "platform", env)
        os.makedirs(d, exist_ok=True)
        with open(os.path.join(d, "platform.yaml"), "w") as f:
            f.write(platform(env, extra))


if __name__ == "__main__":
    import sys
    a = sys.argv[1:]
    generate(a[0] if a else "build/bench/large", int(a[1]) if len(a) > 1 else 50,
             int(a[2]) if len(a) > 2 else 60)
