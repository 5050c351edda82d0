#!/usr/bin/env bash
# Paired benchmark: the study's 8 configurations trained 1000 epochs with diagnostics off and every=10,
# alternating, on thread CPU time; prints the median ratio per configuration.
#   tools/bench/diagnostics-cost.sh [rounds]     (default 21)
set -euo pipefail
cd "$(dirname "$0")/../.."
./mvnw -q -B -ntp test-compile dependency:build-classpath -Dmdep.outputFile=target/bench-classpath.txt -Dmdep.includeScope=test
java -cp "target/test-classes:target/classes:$(cat target/bench-classpath.txt)" io.mlplab.bench.DiagnosticsCost "$@"
