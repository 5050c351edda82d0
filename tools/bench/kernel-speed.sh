#!/usr/bin/env bash
# GFLOP/s of the matrix kernels (ejml, scalar, vector) on the study's layers and three large ones, forward
# and both backward products, medians of timed repetitions on thread CPU time; then sigmoid and tanh.
#   tools/bench/kernel-speed.sh [repetitions]     (default 7)
set -euo pipefail
cd "$(dirname "$0")/../.."
./mvnw -q -B -ntp test-compile dependency:build-classpath -Dmdep.outputFile=target/bench-classpath.txt -Dmdep.includeScope=test
java --add-modules jdk.incubator.vector -cp "target/test-classes:target/classes:$(cat target/bench-classpath.txt)" \
  io.mlplab.bench.KernelSpeed "$@"
