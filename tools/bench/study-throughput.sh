#!/usr/bin/env bash
# The ceiling of the two-worker study throughput: the seed's eight-job study trained in one JVM without the
# server, on 1 thread and on 2 threads taking jobs from one queue, alternating; medians and the speed-up.
#   tools/bench/study-throughput.sh [rounds]     (default 9)
set -euo pipefail
cd "$(dirname "$0")/../.."
./mvnw -q -B -ntp test-compile dependency:build-classpath -Dmdep.outputFile=target/bench-classpath.txt -Dmdep.includeScope=test
java --add-modules jdk.incubator.vector -cp "target/test-classes:target/classes:$(cat target/bench-classpath.txt)" \
  io.mlplab.bench.StudyThroughput "$@"
