#!/usr/bin/env bash
# End-to-end tests of the dashboard in a real browser: Debian's Chromium, headless, driven by playwright-core
# (tools/browser/, pinned by its package-lock.json; it never downloads a browser). Installs chromium with apt
# when it is missing, starts the built jar on a free port and runs tools/browser/dashboard.test.js.
# usage: tools/browser-check.sh     (exits non-zero on any failure; screenshots of every page and the
#                                    server log are left in target/browser-check/)
set -euo pipefail
cd "$(dirname "$0")/.."

if [ ! -x /usr/bin/chromium ]; then
  echo "== apt-get install chromium"
  sudo=""
  [ "$(id -u)" -eq 0 ] || sudo=sudo
  export DEBIAN_FRONTEND=noninteractive
  $sudo apt-get update -q
  $sudo apt-get install -y -q --no-install-recommends chromium
fi
command -v npm >/dev/null || { echo "browser-check: needs node and npm" >&2; exit 1; }

jar=$(ls target/mlp-lab-*.jar 2>/dev/null | grep -v -- '-plain\.jar$' | head -n 1 || true)
if [ -z "$jar" ]; then
  echo "browser-check: no target/mlp-lab-*.jar; build it with ./mvnw -B package -DskipTests" >&2
  exit 1
fi
out=$(pwd)/target/browser-check
rm -rf "$out"
mkdir -p "$out/screenshots"

echo "== npm ci (tools/browser)"
(cd tools/browser && PLAYWRIGHT_SKIP_BROWSER_DOWNLOAD=1 npm ci --no-audit --no-fund --loglevel=error)

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

for i in $(seq 1 121); do
  if ! kill -0 "$pid" 2>/dev/null; then
    echo "browser-check: the server exited while starting; its log:" >&2
    tail -n 40 "$out/mlp-lab.log" >&2
    exit 1
  fi
  curl -fsS -o /dev/null "$url/actuator/health/readiness" 2>/dev/null && break
  if [ "$i" -eq 121 ]; then
    echo "browser-check: $url/actuator/health/readiness not UP after 120 s" >&2
    exit 1
  fi
  sleep 1
done

echo "== $(/usr/bin/chromium --version 2>/dev/null) against $url"
(cd tools/browser && BASE_URL="$url" SCREENSHOTS="$out/screenshots" node --test --test-reporter=spec dashboard.test.js)
echo "== browser-check passed; screenshots in $out/screenshots"
