#!/usr/bin/env bash
# Runs notebooks/sigmoid-vs-relu.ipynb headless against the built jar and checks the accuracy table it
# prints (the seed's: sigmoid 1.00 0.46 0.46 0.46, relu 1.00 1.00 1.00 0.46 for 1..4 hidden layers).
# Then checks that the Grafana dashboard's metrics exist on that server (tools/check-compose.sh --metrics).
# Needs the jar (./mvnw package) and Debian's jupyter-nbconvert, python3-nbclient, python3-ipykernel,
# python3-requests and python3-matplotlib (.ci/run installs them).
# usage: tools/notebook-check.sh        (exits non-zero on any failure; the executed notebook and the
#                                        server log are left in target/notebook-check/)
set -euo pipefail
cd "$(dirname "$0")/.."

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

echo "== checking the printed accuracy table"
/usr/bin/python3 - "$out/sigmoid-vs-relu.executed.ipynb" <<'EOF'
import json
import sys

expected = ["depth sigmoid relu", "1 1.00 1.00", "2 0.46 1.00", "3 0.46 1.00", "4 0.46 0.46"]
notebook = json.load(open(sys.argv[1]))
printed = []
for cell in notebook["cells"]:
    for output in cell.get("outputs", []):
        if output.get("output_type") == "stream" and output.get("name") == "stdout":
            text = output["text"]
            printed += ("".join(text) if isinstance(text, list) else text).splitlines()
if expected[0] not in printed:
    sys.exit("notebook-check: the notebook printed no line '%s'; it printed:\n%s" % (expected[0], "\n".join(printed)))
start = printed.index(expected[0])
table = printed[start:start + len(expected)]
print("\n".join(table))
if table != expected:
    sys.exit("notebook-check: expected the table\n%s" % "\n".join(expected))

# the last code cell draws the per-layer gradient norms: it must have drawn, not skipped
last = [cell for cell in notebook["cells"] if cell["cell_type"] == "code"][-1]
if any("skipping" in line for line in printed):
    sys.exit("notebook-check: the gradient cell skipped its plot (no per-layer diagnostics in the histories)")
if not any("image/png" in output.get("data", {}) for output in last.get("outputs", [])):
    sys.exit("notebook-check: the gradient cell drew no picture")
print("the gradient cell drew its picture")
EOF

echo "== checking the dashboard's metrics on the server"
tools/check-compose.sh --metrics "$url"
echo "notebook-check: OK"
