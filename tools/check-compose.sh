#!/usr/bin/env bash
# Validates docker-compose.yml and the ops/ files it mounts, without a Docker engine:
#  - `docker-compose config` accepts the file with a .env written by tools/compose-env.sh, and refuses it
#    with .env.example as it is (empty passwords), without a PostgreSQL password or without a Grafana one;
#  - every published port is bound to 127.0.0.1; no password is written in the file or in .env.example;
#  - PostgreSQL: postgres:16, a named volume, a healthcheck; every MLP Lab replica runs the same image with
#    MLP_STORE_TYPE=postgres, the database's password from the environment, and waits for PostgreSQL healthy;
#  - the proxy's Caddyfile sends to every replica, round-robin, flushes event streams at once and allows
#    long polls (and `caddy validate` accepts it where Debian's caddy is installed, as .ci/run does);
#  - Prometheus scrapes every replica, each with its own replica label;
#  - every file or folder it bind-mounts exists (a missing one would silently become an empty folder);
#  - the Prometheus and Grafana files parse, and the dashboard uses the provisioned datasource.
# With --metrics URL it checks instead that every mlp_* metric the Grafana dashboard queries is exposed
# at URL/actuator/prometheus (tools/notebook-check.sh runs this against the jar it started).
# usage: tools/check-compose.sh                  (static checks; needs docker-compose or docker compose)
#        tools/check-compose.sh --metrics URL    (the dashboard against a running MLP Lab)
set -euo pipefail
cd "$(dirname "$0")/.."

if [ "${1:-}" = "--metrics" ]; then
  URL="${2:?--metrics needs the URL of a running MLP Lab}" /usr/bin/python3 - <<'PY'
import json
import os
import re
import sys
import urllib.request

folder = "ops/grafana/dashboards"
queried = set()
for file in sorted(os.listdir(folder)):
    for panel in json.load(open(os.path.join(folder, file)))["panels"]:
        for target in panel["targets"]:
            queried.update(re.findall(r"\b(mlp_[a-z0-9_]+)", target["expr"]))
url = os.environ["URL"].rstrip("/") + "/actuator/prometheus"
body = urllib.request.urlopen(url, timeout=10).read().decode()
exposed = set(re.findall(r"^(mlp_[a-z0-9_]+)", body, re.MULTILINE))
print(f"{url} exposes: {', '.join(sorted(exposed))}")
# mlp_job_* series exist per running job only (tools/prometheus-check.sh checks them while a job trains)
while_running = sorted(m for m in queried - exposed if m.startswith("mlp_job_"))
if while_running:
    print(f"only while a job runs, so not checked here: {', '.join(while_running)}")
missing = sorted(queried - exposed - set(while_running))
for metric in missing:
    print(f"FAIL: the dashboard queries {metric}, which {url} does not expose", file=sys.stderr)
sys.exit(1 if missing else 0)
PY
  echo "check-compose: every metric the dashboard queries is exposed"
  exit 0
fi

if command -v docker-compose >/dev/null 2>&1; then
  compose=(docker-compose)
elif docker compose version >/dev/null 2>&1; then
  compose=(docker compose)
else
  echo "check-compose: neither docker-compose nor 'docker compose' is installed" >&2
  exit 1
fi

scratch=$(mktemp -d)
trap 'rm -rf "$scratch"' EXIT
tools/compose-env.sh "$scratch/generated.env" >/dev/null
echo "== ${compose[*]} config (variables from a .env of tools/compose-env.sh)"
"${compose[@]}" --env-file "$scratch/generated.env" -f docker-compose.yml config -q
resolved=$("${compose[@]}" --env-file "$scratch/generated.env" -f docker-compose.yml config)

# each variant must be refused: compose would otherwise start with an empty or missing password
grep -v '^POSTGRES_PASSWORD=' "$scratch/generated.env" >"$scratch/no-postgres.env"
grep -v '^GRAFANA_ADMIN_PASSWORD=' "$scratch/generated.env" >"$scratch/no-grafana.env"
for env_file in .env.example "$scratch/no-postgres.env" "$scratch/no-grafana.env"; do
  if env -u POSTGRES_PASSWORD -u GRAFANA_ADMIN_PASSWORD "${compose[@]}" --env-file "$env_file" -f docker-compose.yml config -q 2>/dev/null; then
    echo "FAIL: docker-compose.yml starts with the variables of $(basename "$env_file"), which lack a password" >&2
    exit 1
  fi
done

caddy_validate=skipped
if command -v caddy >/dev/null 2>&1; then
  if ! caddy validate --adapter caddyfile --config ops/caddy/Caddyfile >"$scratch/caddy.log" 2>&1; then
    echo "FAIL: caddy validate refuses ops/caddy/Caddyfile:" >&2
    grep -v '"level":"info"' "$scratch/caddy.log" >&2
    exit 1
  fi
  caddy_validate="accepted by $(caddy version | cut -d' ' -f1)"
fi

echo "== services, mounted files, proxy, Prometheus and Grafana configuration"
RESOLVED="$resolved" GENERATED="$scratch/generated.env" CADDY_VALIDATE="$caddy_validate" /usr/bin/python3 - <<'PY'
import json
import os
import re
import sys

import yaml

failures = []
generated = dict(line.split("=", 1) for line in open(os.environ["GENERATED"]).read().splitlines()
                 if "=" in line and not line.startswith("#"))

config = yaml.safe_load(os.environ["RESOLVED"])
services = config["services"]
for name, service in services.items():
    for port in service.get("ports", []):
        # short syntax "127.0.0.1:8080:8080/tcp", or the long one {host_ip, published, target}
        host_ip = port.get("host_ip") if isinstance(port, dict) else (str(port).split(":")[0] if str(port).count(":") == 2 else None)
        if host_ip != "127.0.0.1":
            failures.append(f"service {name} publishes {port} on {host_ip or 'every interface'}, not 127.0.0.1")
    for volume in service.get("volumes", []):
        source = volume.split(":")[0] if isinstance(volume, str) else volume.get("source", "")
        if source.startswith("/") and not os.path.exists(source):
            failures.append(f"service {name} mounts {source}, which does not exist")

# no password in the files themselves: every one comes from the environment (.env)
raw = open("docker-compose.yml").read()
for line in raw.splitlines():
    if re.search(r"PASSWORD\s*:", line) and "${" not in line:
        failures.append(f"docker-compose.yml writes a password itself: {line.strip()}")
for variable in re.findall(r"\$\{([A-Z_]*PASSWORD[^}]*)\}", raw):
    if not re.fullmatch(r"[A-Z_]+:\?.+", variable):
        failures.append(f"docker-compose.yml reads ${{{variable}}}: a password must be required (${{NAME:?message}}), never defaulted")
for line in open(".env.example").read().splitlines():
    key, _, value = line.partition("=")
    if "PASSWORD" in key and not key.startswith("#") and value.strip():
        failures.append(f".env.example gives {key} a value that would work: {value!r}")
grafana = services.get("grafana", {}).get("environment", {})
if grafana.get("GF_SECURITY_ADMIN_PASSWORD") != generated["GRAFANA_ADMIN_PASSWORD"] or grafana.get("GF_SECURITY_ADMIN_PASSWORD") == "admin":
    failures.append("grafana's admin password is not the one of .env")

postgres = services.get("postgres")
if postgres is None:
    failures.append("no service postgres")
else:
    if postgres.get("image") != "postgres:16":
        failures.append(f"postgres runs {postgres.get('image')}, not the official postgres:16")
    if not postgres.get("healthcheck", {}).get("test"):
        failures.append("postgres has no healthcheck, so the replicas cannot wait for it")
    named = [v for v in postgres.get("volumes", []) if isinstance(v, str) and v.split(":")[0] in (config.get("volumes") or {})
             and v.split(":")[1] == "/var/lib/postgresql/data"]
    if not named:
        failures.append("postgres keeps /var/lib/postgresql/data in no named volume")
    if postgres.get("environment", {}).get("POSTGRES_PASSWORD") != generated["POSTGRES_PASSWORD"]:
        failures.append("postgres's password is not the one of .env")

replicas = sorted(name for name, service in services.items() if service.get("image") == "mlp-lab:latest")
if len(replicas) < 2:
    failures.append(f"{len(replicas)} MLP Lab replica(s) ({', '.join(replicas)}), not two")
for name in replicas:
    service = services[name]
    environment = service.get("environment", {})
    if environment.get("MLP_STORE_TYPE") != "postgres":
        failures.append(f"{name}: MLP_STORE_TYPE is {environment.get('MLP_STORE_TYPE')}, not postgres")
    if not str(environment.get("SPRING_DATASOURCE_URL", "")).startswith("jdbc:postgresql://postgres:5432/"):
        failures.append(f"{name}: SPRING_DATASOURCE_URL {environment.get('SPRING_DATASOURCE_URL')} is not the postgres service")
    if environment.get("SPRING_DATASOURCE_PASSWORD") != generated["POSTGRES_PASSWORD"]:
        failures.append(f"{name}: SPRING_DATASOURCE_PASSWORD is not the POSTGRES_PASSWORD of .env")
    if service.get("depends_on", {}).get("postgres", {}).get("condition") != "service_healthy":
        failures.append(f"{name} does not wait for postgres to be healthy")
    if "build" not in service:
        failures.append(f"{name} has no build: docker compose up --build would not build its image")

proxy = services.get("proxy", {})
caddyfile = "ops/caddy/Caddyfile"
if not any(isinstance(v, str) and v.split(":")[0].endswith("/" + caddyfile) and v.split(":")[1] == "/etc/caddy/Caddyfile"
           for v in proxy.get("volumes", [])):
    failures.append(f"the proxy does not mount {caddyfile} as /etc/caddy/Caddyfile")
if not any(str(p).startswith("127.0.0.1:8080:") for p in proxy.get("ports", [])):
    failures.append("the proxy is not published on 127.0.0.1:8080, the address the README gives")
text = re.sub(r"#.*", "", open(caddyfile).read())
upstreams = re.search(r"^\s*reverse_proxy\s+([^{\n]+)\{", text, re.MULTILINE)
listed = upstreams.group(1).split() if upstreams else []
for name in replicas:
    if f"{name}:8080" not in listed:
        failures.append(f"{caddyfile}: reverse_proxy does not send to {name}:8080 (it lists {listed})")
required = {
    r"^http://:8080\s*\{": "the site http://:8080 (plain HTTP on the port compose publishes)",
    r"^\s*lb_policy\s+round_robin\s*$": "lb_policy round_robin (requests in turn to each replica)",
    r"^\s*flush_interval\s+-1\s*$": "flush_interval -1 (event streams unbuffered)",
    r"^\s*health_uri\s+/actuator/health/readiness\s*$": "health_uri /actuator/health/readiness",
    r"^\s*lb_try_duration\s+\S+\s*$": "lb_try_duration (a request to a replica that is down goes to the other)",
}
for pattern, what in required.items():
    if not re.search(pattern, text, re.MULTILINE):
        failures.append(f"{caddyfile} lacks {what}")
minutes = {"s": 1 / 60, "m": 1, "h": 60}
timeout = re.search(r"^\s*response_header_timeout\s+(\d+)([smh])\s*$", text, re.MULTILINE)
if timeout is None or int(timeout.group(1)) * minutes[timeout.group(2)] < 2:
    failures.append(f"{caddyfile}: response_header_timeout must allow a long poll of a few minutes")
for directive in ("read_timeout", "write_timeout"):
    if re.search(rf"^\s*{directive}\s", text, re.MULTILINE):
        failures.append(f"{caddyfile}: {directive} would cut event streams, which stay open for 30 minutes")
print(f"replicas {', '.join(replicas)} on postgres; proxy: {caddyfile} sends to {' '.join(listed)} "
      f"(caddy validate: {os.environ['CADDY_VALIDATE']})")

prometheus = yaml.safe_load(open("ops/prometheus/prometheus.yml"))
jobs = {job["job_name"]: job for job in prometheus["scrape_configs"]}
lab = jobs.get("mlp-lab", {})
if lab.get("metrics_path") != "/actuator/prometheus":
    failures.append("ops/prometheus/prometheus.yml does not scrape /actuator/prometheus")
targets = [t for static in lab.get("static_configs", []) for t in static["targets"]]
labels = {}
for target in targets:
    # the relabelling as Prometheus applies it: the regex matches the whole source value
    value = target
    for rule in lab.get("relabel_configs", []):
        if rule.get("source_labels") == ["__address__"] and rule.get("target_label") == "replica":
            match = re.fullmatch(rule["regex"], target)
            if match:
                value = match.expand(re.sub(r"\$(\d+)", r"\\\1", rule.get("replacement", "$1")))
            labels[target] = value
for name in replicas:
    if f"{name}:8080" not in targets:
        failures.append(f"Prometheus does not scrape {name}:8080 (targets {targets})")
if len(set(labels.values())) != len(targets) or len(labels) != len(targets):
    failures.append(f"Prometheus' replica labels do not tell the targets apart: {labels}")
print(f"Prometheus scrapes {', '.join(f'{t} as replica={v}' for t, v in labels.items())}")

datasources = yaml.safe_load(open("ops/grafana/provisioning/datasources/prometheus.yml"))["datasources"]
uids = {datasource["uid"] for datasource in datasources}
folder = "ops/grafana/dashboards"
for file in sorted(os.listdir(folder)):
    dashboard = json.load(open(os.path.join(folder, file)))
    for panel in dashboard["panels"]:
        for target in panel["targets"]:
            if target["datasource"]["uid"] not in uids:
                failures.append(f"{file}: panel '{panel['title']}' uses datasource {target['datasource']['uid']}")
    print(f"{file}: {len(dashboard['panels'])} panels: {', '.join(p['title'] for p in dashboard['panels'])}")

for failure in failures:
    print("FAIL:", failure, file=sys.stderr)
sys.exit(1 if failures else 0)
PY
echo "check-compose: OK"
