#!/usr/bin/env bash
# Runs notebooks/sigmoid-vs-relu.ipynb headless against the built jar, checks what it shows (the seed's table:
# sigmoid 1.00 0.46 0.46 0.46, relu 1.00 1.00 1.00 0.46 for 1..4 hidden layers; the plots drawn; its study and
# jobs deleted at the end) and that the outputs committed with the notebook are those of this run: every code
# cell's text, tables and numbers must match (the cell tagged "volatile", the progress, is not compared, and
# pictures only need to be there). Then checks that the Grafana dashboard's metrics exist on that server
# (tools/check-compose.sh --metrics).
# Needs the jar (./mvnw package) and Debian's jupyter-nbconvert, python3-nbclient, python3-ipykernel,
# python3-requests, python3-pandas and python3-matplotlib (.ci/run installs them).
# usage: tools/notebook-check.sh           (exits non-zero on any failure; the executed notebook and the
#                                           server log are left in target/notebook-check/)
#        tools/notebook-check.sh --update  (the same, then writes this run's outputs into the notebook under
#                                           notebooks/, to commit after a change that alters them)
set -euo pipefail
cd "$(dirname "$0")/.."
update=no
[ "${1:-}" = "--update" ] && update=yes

jar=$(ls target/mlp-lab-*.jar 2>/dev/null | grep -v -- '-plain\.jar$' | head -n 1 || true)
if [ -z "$jar" ]; then
  echo "notebook-check: no target/mlp-lab-*.jar; build it with ./mvnw -B package -DskipTests" >&2
  exit 1
fi
out=target/notebook-check
mkdir -p "$out"
port=$(/usr/bin/python3 -c 'import socket; s = socket.socket(); s.bind(("127.0.0.1", 0)); print(s.getsockname()[1])')
url="http://127.0.0.1:$port"

echo "== starting $jar on port $port (log: $out/mlp-lab.log)"
java --add-modules jdk.incubator.vector -jar "$jar" --server.port="$port" >"$out/mlp-lab.log" 2>&1 &
pid=$!
stop() {
  if kill -0 "$pid" 2>/dev/null; then
    kill "$pid"
    for _ in $(seq 1 30); do kill -0 "$pid" 2>/dev/null || break; sleep 1; done
    kill -9 "$pid" 2>/dev/null || true
  fi
  wait "$pid" 2>/dev/null || true
}
trap stop EXIT

ready=""
for _ in $(seq 1 120); do
  if ! kill -0 "$pid" 2>/dev/null; then
    echo "notebook-check: the server exited while starting; its log:" >&2
    tail -n 40 "$out/mlp-lab.log" >&2
    exit 1
  fi
  if curl -fsS -o /dev/null "$url/actuator/health/readiness" 2>/dev/null; then
    ready=yes
    break
  fi
  sleep 1
done
if [ -z "$ready" ]; then
  echo "notebook-check: $url/actuator/health/readiness not UP after 120 s" >&2
  tail -n 40 "$out/mlp-lab.log" >&2
  exit 1
fi

echo "== executing notebooks/sigmoid-vs-relu.ipynb with MLP_LAB_URL=$url"
# PYDEVD_...: silences the kernel's debugger warning about frozen modules, which is noise here.
MLP_LAB_URL="$url" PYDEVD_DISABLE_FILE_VALIDATION=1 /usr/bin/jupyter nbconvert --to notebook --execute \
  --ExecutePreprocessor.timeout=600 \
  --output-dir "$out" --output sigmoid-vs-relu.executed.ipynb \
  notebooks/sigmoid-vs-relu.ipynb

echo "== checking what the notebook shows, and that its committed outputs are this run's"
/usr/bin/python3 tools/notebook_outputs.py "$out/sigmoid-vs-relu.executed.ipynb" notebooks/sigmoid-vs-relu.ipynb "$update"

echo "== checking the dashboard's metrics on the server"
tools/check-compose.sh --metrics "$url"
echo "notebook-check: OK"
