#!/usr/bin/env bash
# Starts the built jar WITHOUT the Vector API module (a plain `java -jar`), checks that the log names the
# scalar kernels, and that the seed's experiment `{}` trains there to the same final losses as the engine's
# golden file (the goldens run on every kernel in the test suite; this checks the service as a user starts it).
# usage: tools/scalar-fallback-check.sh     (needs target/mlp-lab-*.jar, curl and python3)
set -euo pipefail
cd "$(dirname "$0")/.."

jar=$(ls target/mlp-lab-*.jar 2>/dev/null | grep -v -- '-plain\.jar$' | head -n 1 || true)
[ -n "$jar" ] || { echo "scalar-fallback-check: no target/mlp-lab-*.jar; run ./mvnw package" >&2; exit 1; }
out=target/scalar-fallback-check
mkdir -p "$out"
port=$(python3 -c 'import socket; s = socket.socket(); s.bind(("127.0.0.1", 0)); print(s.getsockname()[1])')
url="http://127.0.0.1:$port"
env -u JDK_JAVA_OPTIONS -u JAVA_TOOL_OPTIONS java -jar "$jar" --server.port="$port" >"$out/mlp-lab.log" 2>&1 &
pid=$!
trap 'kill "$pid" 2>/dev/null || true; wait "$pid" 2>/dev/null || true' EXIT

for _ in $(seq 1 120); do
  kill -0 "$pid" 2>/dev/null || { echo "scalar-fallback-check: the server exited:" >&2; tail -n 40 "$out/mlp-lab.log" >&2; exit 1; }
  curl -fsS -o /dev/null "$url/actuator/health/readiness" 2>/dev/null && break
  sleep 1
done
grep -q "Training kernels: scalar" "$out/mlp-lab.log" || {
  echo "scalar-fallback-check: the log does not name the scalar kernels:" >&2
  grep "Training kernels" "$out/mlp-lab.log" >&2 || tail -n 40 "$out/mlp-lab.log" >&2
  exit 1
}
grep "Training kernels" "$out/mlp-lab.log" | sed 's/.*-- //'
id=$(curl -fsS "$url/api/v1/jobs" -H 'Content-Type: application/json' -d '{}' | python3 -c 'import json,sys; print(json.load(sys.stdin)["id"])')
curl -fsS "$url/api/v1/jobs/$id?wait=60" >"$out/job.json"
python3 - "$out/job.json" src/test/resources/golden/engine/empty-spec.json <<'PY'
import json, sys
job = json.load(open(sys.argv[1]))
golden = json.load(open(sys.argv[2]))
assert job["status"] == "SUCCEEDED", job
expected = golden["eval"]["testLoss"][-1]
actual = job["result"]["testLoss"]
error = abs(actual - expected) / abs(expected)
print("scalar kernels, {}: testLoss %r, reference %r, relative error %.2e" % (actual, expected, error))
assert error <= 1e-9, "the scalar kernels' {} differs from the reference"
assert job["result"]["testAccuracy"] == golden["testAccuracy"]
PY
echo "scalar-fallback-check: OK"
