#!/usr/bin/env bash
# Validates docker-compose.yml and the ops/ files it mounts, without a Docker engine:
#  - `docker-compose config` accepts the file;
#  - every file or folder it bind-mounts exists (a missing one would silently become an empty folder);
#  - the Prometheus and Grafana files parse, and the dashboard uses the provisioned datasource.
# With --metrics URL, also checks that every mlp_* metric the dashboard queries is exposed by the
# service at URL/actuator/prometheus (tools/notebook-check.sh does this against the running jar).
# usage: tools/check-compose.sh [--metrics http://localhost:8080]
set -euo pipefail
cd "$(dirname "$0")/.."

metrics_url=""
if [ "${1:-}" = "--metrics" ]; then
  metrics_url="${2:?--metrics needs the service URL}"
fi

if command -v docker-compose >/dev/null 2>&1; then
  compose=(docker-compose)
elif docker compose version >/dev/null 2>&1; then
  compose=(docker compose)
else
  echo "check-compose: neither docker-compose nor 'docker compose' is installed" >&2
  exit 1
fi

echo "== ${compose[*]} config"
"${compose[@]}" -f docker-compose.yml config -q
resolved=$("${compose[@]}" -f docker-compose.yml config)

echo "== mounted files, Prometheus and Grafana configuration"
RESOLVED="$resolved" METRICS_URL="$metrics_url" /usr/bin/python3 - <<'EOF'
import json
import os
import re
import sys
import urllib.request

import yaml

failures = []

config = yaml.safe_load(os.environ["RESOLVED"])
for name, service in config["services"].items():
    for volume in service.get("volumes", []):
        source = volume.split(":")[0] if isinstance(volume, str) else volume.get("source", "")
        if source.startswith("/") and not os.path.exists(source):
            failures.append(f"service {name} mounts {source}, which does not exist")

prometheus = yaml.safe_load(open("ops/prometheus/prometheus.yml"))
paths = [job.get("metrics_path") for job in prometheus["scrape_configs"]]
if "/actuator/prometheus" not in paths:
    failures.append("ops/prometheus/prometheus.yml does not scrape /actuator/prometheus")

uids = {ds["uid"] for ds in yaml.safe_load(open("ops/grafana/provisioning/datasources/prometheus.yml"))["datasources"]}
dashboard_dir = "ops/grafana/dashboards"
queried = set()
for file in sorted(os.listdir(dashboard_dir)):
    dashboard = json.load(open(os.path.join(dashboard_dir, file)))
    for panel in dashboard["panels"]:
        for target in panel["targets"]:
            if target["datasource"]["uid"] not in uids:
                failures.append(f"{file}: panel '{panel['title']}' uses datasource {target['datasource']['uid']}")
            queried.update(re.findall(r"\b(mlp_[a-z0-9_]+)", target["expr"]))
    print(f"{file}: {len(dashboard['panels'])} panels querying {', '.join(sorted(queried))}")

url = os.environ["METRICS_URL"]
if url:
    body = urllib.request.urlopen(url.rstrip("/") + "/actuator/prometheus", timeout=10).read().decode()
    exposed = set(re.findall(r"^(mlp_[a-z0-9_]+)", body, re.MULTILINE))
    print(f"{url} exposes: {', '.join(sorted(exposed))}")
    for metric in sorted(queried - exposed):
        failures.append(f"the dashboard queries {metric}, which {url}/actuator/prometheus does not expose")

for failure in failures:
    print("FAIL:", failure, file=sys.stderr)
sys.exit(1 if failures else 0)
EOF
echo "check-compose: OK"
