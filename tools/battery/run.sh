#!/usr/bin/env bash
# The reliability battery against the packaged jar (it starts the servers itself; see battery.py).
#   tools/battery/run.sh fast                     # a few minutes; CI runs this
#   tools/battery/run.sh full [--soak-minutes 60] # longer bursts, storms and fuzzing, an hour's soak
# Needs Java 17, Debian's python3-hypothesis and wrk (.ci/run installs them), and target/mlp-lab-*.jar
# (built here with ./mvnw -DskipTests package if missing).
set -euo pipefail
cd "$(dirname "$0")/../.."
profile=${1:-fast}
shift || true
jar=$(ls target/mlp-lab-*.jar 2>/dev/null | grep -v plain | head -1 || true)
if [ -z "$jar" ]; then
  ./mvnw -B -q -ntp -DskipTests package
  jar=$(ls target/mlp-lab-*.jar | grep -v plain | head -1)
fi
exec /usr/bin/python3 tools/battery/battery.py "$profile" --jar "$jar" "$@"
