#!/usr/bin/env bash
# Runs the JMH benchmarks under src/test/java/io/mlplab/bench and prints ratios against the reference
# measured in the same run.
#   tools/bench/run.sh                       all benchmarks
#   tools/bench/run.sh DiagnosticsBenchmark  one class (a JMH include regex)
# Extra JMH options may follow, e.g. tools/bench/run.sh DiagnosticsBenchmark -f 2 -i 10
set -euo pipefail
cd "$(dirname "$0")/../.."
include=${1:-io.mlplab.bench}
shift || true
./mvnw -q -B -ntp test-compile dependency:build-classpath -Dmdep.outputFile=target/bench-classpath.txt -Dmdep.includeScope=test
cp="target/test-classes:target/classes:$(cat target/bench-classpath.txt)"
out=target/jmh-result.json
java -cp "$cp" org.openjdk.jmh.Main "$include" -rf json -rff "$out" "$@"
python3 tools/bench/ratios.py "$out"
