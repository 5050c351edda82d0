#!/usr/bin/env bash
# Runs every request file in http-requests/ against the built jar with httpyac, and fails on any
# unexpected status. Every request of every file must carry a `?? status == N` assertion (checked first),
# so an unexpected status is a failed assertion. A file whose header has a line
#   # server-arguments: --mlp.jobs.workers=1 ...
# runs against a second server started with those arguments (queue-full.http); every other file runs
# against one server with the default settings, in name order.
# Needs the jar (./mvnw -DskipTests package), node and npm; httpyac is installed from
# tools/package.json and tools/package-lock.json with `npm ci` (into tools/node_modules).
# usage: tools/http-check.sh    (answers, per file, in target/http-check/<file>.out; server logs there too)
set -euo pipefail
cd "$(dirname "$0")/.."

jar=$(ls target/mlp-lab-*.jar 2>/dev/null | grep -v -- '-plain\.jar$' | head -n 1 || true)
if [ -z "$jar" ]; then
  echo "http-check: no target/mlp-lab-*.jar; build it with ./mvnw -DskipTests package" >&2
  exit 1
fi
out=target/http-check
rm -rf "$out"
mkdir -p "$out"

# every request asserts its status
/usr/bin/python3 - http-requests/*.http <<'PY'
import re
import sys

failures = []
for name in sys.argv[1:]:
    regions = re.split(r"^###.*$", open(name).read(), flags=re.MULTILINE)
    for region in regions:
        request = re.search(r"^(GET|POST|PUT|PATCH|DELETE|HEAD|OPTIONS) \S+", region, re.MULTILINE)
        if request and not re.search(r"^\?\? status ==", region, re.MULTILINE):
            failures.append(f"{name}: {request.group(0)} has no '?? status ==' assertion")
for failure in failures:
    print("FAIL:", failure, file=sys.stderr)
sys.exit(1 if failures else 0)
PY

if [ ! -x tools/node_modules/.bin/httpyac ] || [ tools/package-lock.json -nt tools/node_modules/.package-lock.json ]; then
  echo "== npm ci (tools/package-lock.json: httpyac $(sed -n 's/.*"httpyac": "\(.*\)".*/\1/p' tools/package.json | head -1))"
  npm ci --prefix tools --no-audit --no-fund --loglevel=error >"$out/npm.log" 2>&1 || { cat "$out/npm.log" >&2; exit 1; }
fi
httpyac=tools/node_modules/.bin/httpyac

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

# starts the jar with the given arguments on a free port; sets server_url once it is ready
start_server() {
  local log=$1
  shift
  local port
  port=$(/usr/bin/python3 -c 'import socket; s = socket.socket(); s.bind(("127.0.0.1", 0)); print(s.getsockname()[1])')
  java --add-modules jdk.incubator.vector -jar "$jar" --server.port="$port" "$@" >"$log" 2>&1 &
  pids+=($!)
  local pid=$!
  for _ in $(seq 1 240); do
    if curl -sf "http://127.0.0.1:$port/actuator/health/readiness" >/dev/null 2>&1; then
      server_url="http://127.0.0.1:$port"
      return 0
    fi
    kill -0 "$pid" 2>/dev/null || break
    sleep 1
  done
  echo "http-check: the server did not start; see $log" >&2
  tail -20 "$log" >&2
  return 1
}

echo "== starting $jar with the default settings (log: $out/mlp-lab.log)"
start_server "$out/mlp-lab.log"
url=$server_url
failed=0
total=0
for file in http-requests/*.http; do
  base=$(basename "$file" .http)
  target=$url
  arguments=$(sed -n 's/^# server-arguments: *//p' "$file" | head -1)
  if [ -n "$arguments" ]; then
    echo "== starting a second server for $base.http: $arguments"
    # shellcheck disable=SC2086 # the arguments are words
    start_server "$out/mlp-lab-$base.log" $arguments
    target=$server_url
    second=${pids[-1]}
  fi
  set +e
  "$httpyac" send "$file" --all -e default --var baseUrl="$target" -o none --output-failed exchange \
    --no-color >"$out/$base.out" 2>&1
  status=$?
  set -e
  if [ -n "$arguments" ]; then
    kill "$second" 2>/dev/null || true   # done with it (the EXIT trap waits for it)
  fi
  summary=$(grep -E '^[0-9]+ requests? processed' "$out/$base.out" | tail -1)
  requests=$(grep -cE '^(GET|POST|PUT|PATCH|DELETE|HEAD|OPTIONS) ' "$file" || true)
  processed=$(echo "$summary" | sed -n 's/^\([0-9]*\) requests\{0,1\} processed.*/\1/p')
  succeeded=$(echo "$summary" | sed -n 's/.*processed (\([0-9]*\) succeeded)$/\1/p')
  total=$((total + requests))
  # every region answered as asserted (httpyac also counts a region that is only a comment) and none missing
  if [ "$status" -ne 0 ] || [ -z "$succeeded" ] || [ "$succeeded" != "$processed" ] || [ "$processed" -lt "$requests" ]; then
    echo "FAIL: $file: ${summary:-no summary} of $requests requests (httpyac exit $status); see $out/$base.out" >&2
    grep -E '✖' "$out/$base.out" | head -10 >&2 || true
    failed=1
  else
    echo "ok   $file: $summary"
  fi
done
if [ "$failed" -ne 0 ]; then
  echo "http-check: FAILED" >&2
  exit 1
fi
echo "http-check: every request of every file answered as asserted ($total requests)"
