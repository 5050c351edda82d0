#!/usr/bin/env bash
# Validates docker-compose.yml and the ops/ files it mounts, without a Docker engine:
#  - `docker-compose config` accepts the file with the variables of .env.example, and refuses it without
#    a Grafana admin password;
#  - every published port is bound to 127.0.0.1;
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

echo "== ${compose[*]} config (variables from .env.example)"
"${compose[@]}" --env-file .env.example -f docker-compose.yml config -q
resolved=$("${compose[@]}" --env-file .env.example -f docker-compose.yml config)
no_variables=$(mktemp)
trap 'rm -f "$no_variables"' EXIT
if env -u GRAFANA_ADMIN_PASSWORD "${compose[@]}" --env-file "$no_variables" -f docker-compose.yml config -q 2>/dev/null; then
  echo "FAIL: docker-compose.yml starts without GRAFANA_ADMIN_PASSWORD" >&2
  exit 1
fi

echo "== mounted files, Prometheus and Grafana configuration"
RESOLVED="$resolved" /usr/bin/python3 - <<'PY'
import json
import os
import sys

import yaml

failures = []

config = yaml.safe_load(os.environ["RESOLVED"])
for name, service in config["services"].items():
    for port in service.get("ports", []):
        # short syntax "127.0.0.1:8080:8080/tcp", or the long one {host_ip, published, target}
        host_ip = port.get("host_ip") if isinstance(port, dict) else (str(port).split(":")[0] if str(port).count(":") == 2 else None)
        if host_ip != "127.0.0.1":
            failures.append(f"service {name} publishes {port} on {host_ip or 'every interface'}, not 127.0.0.1")
    if "GF_SECURITY_ADMIN_PASSWORD" in service.get("environment", {}) and name == "grafana":
        if "${" not in open("docker-compose.yml").read().split("GF_SECURITY_ADMIN_PASSWORD:")[1].splitlines()[0]:
            failures.append("grafana's admin password is written in docker-compose.yml, not taken from the environment")
    for volume in service.get("volumes", []):
        source = volume.split(":")[0] if isinstance(volume, str) else volume.get("source", "")
        if source.startswith("/") and not os.path.exists(source):
            failures.append(f"service {name} mounts {source}, which does not exist")

prometheus = yaml.safe_load(open("ops/prometheus/prometheus.yml"))
if "/actuator/prometheus" not in [job.get("metrics_path") for job in prometheus["scrape_configs"]]:
    failures.append("ops/prometheus/prometheus.yml does not scrape /actuator/prometheus")

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
