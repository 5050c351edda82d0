#!/usr/bin/env bash
# Checks the Grafana dashboard against a real Prometheus scraping the built jar:
#  - starts the jar on a free port, and Debian's prometheus with ops/prometheus/prometheus.yml, its MLP Lab
#    target pointed at that port and every scrape interval at 1 s;
#  - keeps a long job training, and while it is still RUNNING runs the query of every panel of
#    ops/grafana/dashboards/*.json through Prometheus' HTTP API: each must be valid PromQL, and the live
#    panels must show the work in progress (a running job, epochs per second above 0 for the server and
#    for that job, a submission);
#  - then cancels and deletes the job, and stops both.
# Needs the jar (./mvnw -DskipTests package), /usr/bin/prometheus (Debian's prometheus package; .ci/run
# installs it) and python3-yaml.
# usage: tools/prometheus-check.sh    (logs and the generated configuration in target/prometheus-check/)
set -euo pipefail
cd "$(dirname "$0")/.."

jar=$(ls target/mlp-lab-*.jar 2>/dev/null | grep -v -- '-plain\.jar$' | head -n 1 || true)
if [ -z "$jar" ]; then
  echo "prometheus-check: no target/mlp-lab-*.jar; build it with ./mvnw -DskipTests package" >&2
  exit 1
fi
prometheus=$(command -v prometheus || true)
if [ -z "$prometheus" ]; then
  echo "prometheus-check: no prometheus on the PATH (Debian: apt-get install prometheus)" >&2
  exit 1
fi
out=target/prometheus-check
rm -rf "$out"
mkdir -p "$out"
free_port() {
  /usr/bin/python3 -c 'import socket; s = socket.socket(); s.bind(("127.0.0.1", 0)); print(s.getsockname()[1])'
}
lab_port=$(free_port)
prometheus_port=$(free_port)
lab="http://127.0.0.1:$lab_port"
prom="http://127.0.0.1:$prometheus_port"

pids=()
stop() {
  for pid in "${pids[@]}"; do
    kill "$pid" 2>/dev/null || true
  done
  for pid in "${pids[@]}"; do
    for _ in $(seq 1 30); do kill -0 "$pid" 2>/dev/null || break; sleep 1; done
    kill -9 "$pid" 2>/dev/null || true
  done
}
trap stop EXIT

echo "== starting $jar on port $lab_port (log: $out/mlp-lab.log)"
java --add-modules jdk.incubator.vector -jar "$jar" --server.port="$lab_port" >"$out/mlp-lab.log" 2>&1 &
pids+=($!)

# ops' scrape configuration, with its MLP Lab target on this port and 1 s scrapes
LAB="127.0.0.1:$lab_port" SELF="127.0.0.1:$prometheus_port" /usr/bin/python3 - >"$out/prometheus.yml" <<'PY'
import os
import sys

import yaml

config = yaml.safe_load(open("ops/prometheus/prometheus.yml"))
config["global"]["scrape_interval"] = "1s"
config["global"]["evaluation_interval"] = "1s"
jobs = {job["job_name"]: job for job in config["scrape_configs"]}
if "mlp-lab" not in jobs or jobs["mlp-lab"].get("metrics_path") != "/actuator/prometheus":
    sys.exit("ops/prometheus/prometheus.yml has no job mlp-lab scraping /actuator/prometheus")
for job in config["scrape_configs"]:
    target = os.environ["LAB"] if job["job_name"] == "mlp-lab" else os.environ["SELF"]
    for static in job["static_configs"]:
        static["targets"] = [target]
yaml.safe_dump(config, sys.stdout, sort_keys=False)
PY

echo "== starting $prometheus ($("$prometheus" --version 2>&1 | head -1)) on port $prometheus_port"
"$prometheus" --config.file="$out/prometheus.yml" --storage.tsdb.path="$out/data" \
  --web.listen-address="127.0.0.1:$prometheus_port" >"$out/prometheus.log" 2>&1 &
pids+=($!)

for _ in $(seq 1 240); do
  curl -sf "$lab/actuator/health/readiness" >/dev/null 2>&1 && curl -sf "$prom/-/ready" >/dev/null 2>&1 && break
  sleep 1
done
curl -sf "$lab/actuator/health/readiness" >/dev/null || { echo "MLP Lab did not start; see $out/mlp-lab.log" >&2; exit 1; }
curl -sf "$prom/-/ready" >/dev/null || { echo "Prometheus did not start; see $out/prometheus.log" >&2; exit 1; }

LAB="$lab" PROM="$prom" /usr/bin/python3 - <<'PY'
import json
import os
import sys
import time
import urllib.parse
import urllib.request

lab, prom = os.environ["LAB"], os.environ["PROM"]


def call(method, url, body=None):
    data = None if body is None else json.dumps(body).encode()
    request = urllib.request.Request(url, data=data, method=method,
                                     headers={"Content-Type": "application/json"} if data else {})
    with urllib.request.urlopen(request, timeout=30) as response:
        text = response.read().decode()
        return json.loads(text) if text else None


def query(expr):
    answer = call("GET", f"{prom}/api/v1/query?" + urllib.parse.urlencode({"query": expr}))
    if answer["status"] != "success":
        raise AssertionError(f"{expr}: {answer}")
    return answer["data"]["result"]


# first a scrape of the counters before the submission, or increase() has no earlier sample to count from
deadline = time.time() + 60
while not query('mlp_jobs_submitted_total{job="mlp-lab"}') and time.time() < deadline:
    time.sleep(0.5)
time.sleep(1.5)

# a job of minutes (8000 samples, two hidden layers of 256), so it is still running while we look
job = call("POST", f"{lab}/api/v1/jobs", {"name": "prometheus-check", "data": {"samples": 8000},
                                           "model": {"hiddenLayers": [256, 256], "activation": "relu"}})
failures = []
try:
    deadline = time.time() + 120
    while call("GET", f"{lab}/api/v1/jobs/{job['id']}")["progress"]["epoch"] < 2 and time.time() < deadline:
        time.sleep(0.5)
    # rate() over [1m] needs two samples of the job's own series; wait until Prometheus has them
    deadline = time.time() + 60
    while time.time() < deadline:
        per_job = query('rate(mlp_job_epochs_total{job="mlp-lab",job_name="prometheus-check"}[1m])')
        if per_job and float(per_job[0]["value"][1]) > 0:
            break
        time.sleep(1)

    results = {}
    folder = "ops/grafana/dashboards"
    for file in sorted(os.listdir(folder)):
        for panel in json.load(open(os.path.join(folder, file)))["panels"]:
            for target in panel["targets"]:
                try:
                    result = query(target["expr"])
                except Exception as e:  # an invalid query is a 400 from Prometheus
                    failures.append(f"{file}: panel '{panel['title']}' query {target['refId']} fails: {e}")
                    continue
                results[(panel["title"], target["refId"])] = result
                values = ", ".join(f"{r['metric']}={float(r['value'][1]):.4g}" for r in result) or "no data"
                print(f"{panel['title']} [{target['refId']}] {target['expr']}\n    {values}")
    status = call("GET", f"{lab}/api/v1/jobs/{job['id']}")["status"]
    print(f"the job is {status} after the queries")
    if status != "RUNNING":
        failures.append(f"the job is {status}, not RUNNING: the live values below prove nothing")

    def value(panel, ref, **labels):
        for r in results.get((panel, ref), []):
            if all(r["metric"].get(k) == v for k, v in labels.items()):
                return float(r["value"][1])
        return None

    expectations = [
        ("Running jobs", "A", {}, lambda v: v == 1, "1 running job"),
        ("Queue depth", "A", {}, lambda v: v == 0, "an empty queue"),
        ("Epochs per second", "A", {}, lambda v: v > 0, "the server's epochs per second above 0 while the job runs"),
        ("Epochs per second", "C", {"job_name": "prometheus-check", "job_id": job["id"]}, lambda v: v > 0,
         "the running job's own epochs per second above 0"),
        ("Submitted and rejected", "A", {}, lambda v: v > 0, "the submission counted"),
    ]
    for panel, ref, labels, ok, what in expectations:
        v = value(panel, ref, **labels)
        if v is None or not ok(v):
            failures.append(f"panel '{panel}' [{ref}] shows {v}, expected {what}")
finally:
    call("DELETE", f"{lab}/api/v1/jobs/{job['id']}")

for failure in failures:
    print("FAIL:", failure, file=sys.stderr)
sys.exit(1 if failures else 0)
PY
echo "prometheus-check: every panel's query runs on Prometheus, and the live panels show the running job"
