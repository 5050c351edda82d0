#!/usr/bin/env bash
# Engine speed: MLP Lab against the seed's numpy loop and PyTorch, on six configurations, in one run.
#
# What it measures
#   Six full-batch trainings (the seed's experiment otherwise: two standardized 2-centre Gaussian blobs,
#   seed 42, 80/20 split, uniform*0.01 weights, MSE, SGD lr 0.1, the activation on every layer, the output
#   included; evaluation of both sets every 10 epochs and after the last; diagnostics off):
#       sigmoid  400 x 8   -> [16]           1000 epochs   (data.samples 500)
#       relu     400 x 8   -> [16,32,16]     1000 epochs   (500)
#       relu     400 x 8   -> [16,32,16,8]   1000 epochs   (500)
#       relu     4000 x 16 -> [64,64]         200 epochs   (5000)
#       relu     20000 x 64 -> [256,256]       10 epochs   (25000)
#       sigmoid  8000 x 128 -> [512,512,512]    5 epochs   (10000)
#   each trained by three programs, alternating within every round (the order rotates from round to round):
#     numpy    the seed's training loop (tools/bench/engine_speed.py reusing tools/reference/seed_mlp.py's
#              MLP, data and weights); numpy's default BLAS threading unless NUMPY_THREADS=1
#              (then OPENBLAS_NUM_THREADS=1); the thread setting is printed
#     torch    the same network and loop in PyTorch float64 on one thread (torch.set_num_threads(1) and
#              OpenBLAS pinned to 1 thread: Debian's torch calls OpenBLAS, which set_num_threads leaves alone)
#     lab      MLP Lab: one warm server started from the packaged jar with --mlp.jobs.workers=1; each job is
#              POSTed to /api/v1/jobs, awaited with GET /api/v1/jobs/{id}?wait=60 and timed by its
#              result.trainingMillis (which includes the job's data generation; numpy's and torch's times
#              are the epoch loop only, their data generation is printed apart)
#   Each program runs each configuration once untimed first (warm-up; its losses fill the sanity table); the
#   lab then runs it untimed again until 3 s of training have passed or 30 runs (LAB_WARMUP_SECONDS,
#   LAB_WARMUP_RUNS; the times are printed and kept in warmup.tsv): the service is measured warm, as a server
#   that has trained such jobs before (after one run of each, C2 is still compiling the engine: the smallest
#   configuration's next five runs measured 60, 57, 42, 31 and 21 ms, then 20-24 ms);
#   then ROUNDS timed rounds. Printed: a markdown table of medians in seconds and lab/numpy, lab/torch
#   (ratios of the medians), and the final train losses of the three programs (they train the same thing).
#   Server limits: the script submits every configuration once and, only if the server refuses it naming
#   mlp.limits.* properties, restarts it with those raised (the default limits accept all six).
#
#   Then throughput: the seed's eight-job study (sigmoid, relu x [16], [16,32], [16,32,16], [16,32,16,8],
#   otherwise {} with diagnostics off), all eight submitted at once by one client process over one kept-alive
#   connection (engine_speed.py study), wall clock until all have ended, on the
#   workers=1 server and on a second server with --mlp.jobs.workers=2, alternating, STUDY_ROUNDS rounds
#   after 100 untimed rounds each: a fresh server's C2 goes on compiling the request path for that long,
#   and on two cores its compiler threads take time from the two workers (a fresh workers=2 server's
#   medians per ten rounds measured 0.300, 0.267, 0.252, 0.258, 0.236, 0.230, 0.234, 0.229 s); prints the
#   medians and the speed-up (engine target: >= 1.8).
#   Finally runs tools/bench/kernel-speed.sh if it exists (after stopping the servers).
#
# Command line
#   tools/bench/engine-speed.sh [--rounds N] [--study-rounds N] [--quick] [--no-build] [--skip-study]
#       --rounds N        timed rounds per configuration (default 5)
#       --study-rounds N  timed rounds of the eight-job study per server (default 3)
#       --study-warmup N  untimed rounds of the study per server first (default 100; the JIT compiler's share of
#                         a round measured 44 ms in rounds 1-100, 12-20 in rounds 200-400, 2-10 after 500)
#       --quick           smoke check: 1 round of each
#       --no-build        use target/*.jar as it is (default: ./mvnw -q -DskipTests package first)
#       --skip-study      no workers=1 vs workers=2 study
#   Environment: ENGINE_SPEED_ONLY=1,2,3 runs only those configurations (1-based, table order);
#   NUMPY_THREADS=1 pins numpy's OpenBLAS to one thread; PYTHON (default /usr/bin/python3,
#   Debian's, with python3-numpy python3-torch python3-sklearn); JAVA_OPTS extra JVM options.
#   Needs java 17, curl. The JVM gets --add-modules jdk.incubator.vector when the module exists.
#   Output and server logs: target/engine-speed/<time>/ (table.md is the printed tables).
set -euo pipefail
cd "$(dirname "$0")/../.."

ROUNDS=5
STUDY_ROUNDS=3
STUDY_WARMUP=100
# the lab's untimed runs of each configuration after the first: a fresh server's C2 is still compiling the
# engine after one run (configuration 1's next runs measured 60, 57, 42, 31, 21 ms, then 20-24 ms steadily)
LAB_WARMUP_SECONDS=${LAB_WARMUP_SECONDS:-3}
LAB_WARMUP_RUNS=${LAB_WARMUP_RUNS:-30}
BUILD=1
STUDY=1
while [[ $# -gt 0 ]]; do
  case "$1" in
    --rounds) ROUNDS="$2"; shift 2 ;;
    --study-rounds) STUDY_ROUNDS="$2"; shift 2 ;;
    --study-warmup) STUDY_WARMUP="$2"; shift 2 ;;
    --quick) ROUNDS=1; STUDY_ROUNDS=1; shift ;;
    --no-build) BUILD=0; shift ;;
    --skip-study) STUDY=0; shift ;;
    -h|--help) sed -n '2,/^set -euo/p' "$0" | sed '$d' | sed 's/^# \{0,1\}//'; exit 0 ;;
    *) echo "engine-speed.sh: unknown argument '$1' (try --help)" >&2; exit 2 ;;
  esac
done
[[ "$ROUNDS" =~ ^[1-9][0-9]*$ && "$STUDY_ROUNDS" =~ ^[1-9][0-9]*$ && "$STUDY_WARMUP" =~ ^[0-9]+$ ]] \
  || { echo "rounds must be positive integers (the study's warm-up rounds a whole number)" >&2; exit 2; }

PYTHON="${PYTHON:-/usr/bin/python3}"
BENCH_PY=tools/bench/engine_speed.py
fail() { echo "engine-speed.sh: $*" >&2; exit 1; }

# ------------------------------------------------------------------------------------------ prerequisites
command -v java >/dev/null || fail "java not found (a JDK 17 is needed)"
command -v curl >/dev/null || fail "curl not found"
[[ -x "$PYTHON" ]] || fail "$PYTHON not found; install Debian's python3 (or set PYTHON)"
"$PYTHON" -c 'import numpy' 2>/dev/null || fail "numpy is missing for $PYTHON: apt-get install -y python3-numpy"
"$PYTHON" -c 'import sklearn' 2>/dev/null || fail "scikit-learn is missing for $PYTHON: apt-get install -y python3-sklearn"
"$PYTHON" -c 'import torch' 2>/dev/null || fail "PyTorch is missing for $PYTHON: apt-get install -y python3-torch"
"$PYTHON" -c 'import threadpoolctl' 2>/dev/null || fail "threadpoolctl is missing for $PYTHON: apt-get install -y python3-threadpoolctl"

NUMPY_ENV=()
if [[ "${NUMPY_THREADS:-}" == 1 ]]; then
  NUMPY_ENV=(OPENBLAS_NUM_THREADS=1)
elif [[ -n "${NUMPY_THREADS:-}" ]]; then
  NUMPY_ENV=(OPENBLAS_NUM_THREADS="$NUMPY_THREADS")
fi
TORCH_ENV=(OPENBLAS_NUM_THREADS=1 OMP_NUM_THREADS=1)

OUT="target/engine-speed/$(date +%Y%m%d-%H%M%S)"
mkdir -p "$OUT"
RESULTS="$OUT/results.tsv"
STUDY_TSV="$OUT/study.tsv"
: > "$RESULTS"
: > "$STUDY_TSV"

# ------------------------------------------------------------------------------------------ servers
SERVER_PIDS=()
cleanup() {
  local pid
  for pid in "${SERVER_PIDS[@]:-}"; do
    [[ -n "$pid" ]] && kill "$pid" 2>/dev/null || true
  done
  for pid in "${SERVER_PIDS[@]:-}"; do
    [[ -n "$pid" ]] && wait "$pid" 2>/dev/null || true
  done
  SERVER_PIDS=()
}
trap cleanup EXIT
trap 'exit 130' INT TERM

free_port() {
  "$PYTHON" -c 'import socket; s = socket.socket(); s.bind(("127.0.0.1", 0)); print(s.getsockname()[1]); s.close()'
}

JAVA_FLAGS=()
if java --list-modules 2>/dev/null | grep -q '^jdk.incubator.vector'; then
  JAVA_FLAGS+=(--add-modules jdk.incubator.vector)
fi
# shellcheck disable=SC2206
JAVA_FLAGS+=(${JAVA_OPTS:-})

# start_server NAME PORT ARGS... : starts the jar in the background, waits for readiness; sets LAST_PID
start_server() {
  local name="$1" port="$2"
  shift 2
  java "${JAVA_FLAGS[@]}" -jar "$JAR" --server.port="$port" "$@" > "$OUT/server-$name.log" 2>&1 &
  LAST_PID=$!
  SERVER_PIDS+=("$LAST_PID")
  local i
  for ((i = 0; i < 240; i++)); do
    if curl -sf "http://127.0.0.1:$port/actuator/health/readiness" > /dev/null 2>&1; then
      return 0
    fi
    kill -0 "$LAST_PID" 2>/dev/null || { tail -30 "$OUT/server-$name.log" >&2; fail "server $name exited during startup"; }
    sleep 0.5
  done
  tail -30 "$OUT/server-$name.log" >&2
  fail "server $name not ready after 120 s"
}

stop_server() {   # stop_server PID
  local pid="$1" keep=() p
  kill "$pid" 2>/dev/null || true
  wait "$pid" 2>/dev/null || true
  for p in "${SERVER_PIDS[@]}"; do [[ "$p" != "$pid" ]] && keep+=("$p"); done
  SERVER_PIDS=("${keep[@]:-}")
}

json_field() {   # json_field FIELD.PATH < json : prints the value (python, so no jq needed)
  "$PYTHON" -c '
import json, sys
v = json.load(sys.stdin)
for k in sys.argv[1].split("."):
    v = v.get(k) if isinstance(v, dict) else None
print("" if v is None else (repr(v) if isinstance(v, float) else v))' "$1"
}

submit() {   # submit BASE SPEC : prints the job id, or fails with the server's answer
  local base="$1" spec="$2" body code
  body=$(curl -s -w '\n%{http_code}' "$base/api/v1/jobs" -H 'Content-Type: application/json' -d "$spec")
  code=${body##*$'\n'}
  body=${body%$'\n'*}
  [[ "$code" == 202 ]] || fail "POST $spec answered $code: $body"
  json_field id <<< "$body"
}

await() {   # await BASE ID : prints the finished job's JSON; fails unless it SUCCEEDED
  local base="$1" id="$2" body status
  while :; do
    body=$(curl -s "$base/api/v1/jobs/$id?wait=60")
    status=$(json_field status <<< "$body")
    case "$status" in
      QUEUED|RUNNING) ;;
      SUCCEEDED) printf '%s\n' "$body"; return 0 ;;
      *) fail "job $id ended $status: $body" ;;
    esac
  done
}

# ------------------------------------------------------------------------------------------ configurations
# name | activation samples features hidden epochs
CONFIGS=(
  "sigmoid 400x8 [16] 1000|sigmoid 500 8 16 1000"
  "relu 400x8 [16,32,16] 1000|relu 500 8 16,32,16 1000"
  "relu 400x8 [16,32,16,8] 1000|relu 500 8 16,32,16,8 1000"
  "relu 4000x16 [64,64] 200|relu 5000 16 64,64 200"
  "relu 20000x64 [256,256] 10|relu 25000 64 256,256 10"
  "sigmoid 8000x128 [512,512,512] 5|sigmoid 10000 128 512,512,512 5"
)

if [[ -n "${ENGINE_SPEED_ONLY:-}" ]]; then   # e.g. ENGINE_SPEED_ONLY=1,2,3: only those configurations
  selected=()
  IFS=, read -ra picks <<< "$ENGINE_SPEED_ONLY"
  for i in "${picks[@]}"; do selected+=("${CONFIGS[$((i - 1))]}"); done
  CONFIGS=("${selected[@]}")
fi

spec_of() {   # spec_of ACTIVATION SAMPLES FEATURES HIDDEN EPOCHS
  printf '{"data":{"samples":%s,"features":%s},"model":{"hiddenLayers":[%s],"activation":"%s"},"training":{"epochs":%s},"diagnostics":{"every":0}}' \
    "$2" "$3" "$4" "$1" "$5"
}

# lab_job SPEC : one job on the lab server, submitted, awaited and deleted; prints its finished JSON
lab_job() {
  local id json
  id=$(submit "$LAB" "$1")
  json=$(await "$LAB" "$id")
  curl -s -o /dev/null -X DELETE "$LAB/api/v1/jobs/$id"
  printf '%s\n' "$json"
}

# run_one PROGRAM NAME ROUND ACTIVATION SAMPLES FEATURES HIDDEN EPOCHS : appends a line to results.tsv
run_one() {
  local program="$1" name="$2" round="$3" act="$4" samples="$5" features="$6" hidden="$7" epochs="$8"
  local json seconds loss data
  case "$program" in
    numpy|torch)
      local env=()
      if [[ "$program" == numpy ]]; then env=("${NUMPY_ENV[@]}"); else env=("${TORCH_ENV[@]}"); fi
      json=$(env "${env[@]}" "$PYTHON" "$BENCH_PY" run --impl "$program" --activation "$act" \
               --samples "$samples" --features "$features" --hidden "$hidden" --epochs "$epochs") \
        || fail "$program failed on $name"
      seconds=$(json_field seconds <<< "$json")
      loss=$(json_field trainLoss <<< "$json")
      data=$(json_field dataSeconds <<< "$json")
      ;;
    lab)
      json=$(lab_job "$(spec_of "$act" "$samples" "$features" "$hidden" "$epochs")")
      seconds=$(json_field result.trainingMillis <<< "$json")
      seconds=$("$PYTHON" -c "print($seconds / 1000)")
      loss=$(json_field result.trainLoss <<< "$json")
      data=0
      ;;
  esac
  printf '%s\t%s\t%s\t%s\t%s\t%s\n' "$name" "$round" "$program" "$seconds" "$loss" "$data" >> "$RESULTS"
  printf '  %-34s round %s  %-5s %10.3f s  train loss %s\n' "$name" "$round" "$program" "$seconds" "$loss"
}

# lab_warmup NAME ACTIVATION SAMPLES FEATURES HIDDEN EPOCHS : more untimed lab runs of the configuration, until
# LAB_WARMUP_SECONDS of training have passed or LAB_WARMUP_RUNS runs; the times go to warmup.tsv and one line
lab_warmup() {
  local name="$1" spec millis total=0 runs=0 times=()
  spec=$(spec_of "$2" "$3" "$4" "$5" "$6")
  while ((runs < LAB_WARMUP_RUNS && total < LAB_WARMUP_SECONDS * 1000)); do
    millis=$(json_field result.trainingMillis <<< "$(lab_job "$spec")")
    total=$((total + millis))
    runs=$((runs + 1))
    times+=("$millis")
    printf '%s\t%s\t%s\n' "$name" "$runs" "$millis" >> "$OUT/warmup.tsv"
  done
  printf '  %-34s lab warm-up: %d more runs, trainingMillis %s\n' "$name" "$runs" "${times[*]}"
}

# ------------------------------------------------------------------------------------------ build, start
if [[ "$BUILD" == 1 ]]; then
  echo "building: ./mvnw -q -B -ntp -DskipTests package"
  ./mvnw -q -B -ntp -DskipTests package
fi
JAR=$(ls target/*.jar 2>/dev/null | grep -v -- '-plain\.jar$' | head -1 || true)
[[ -n "$JAR" ]] || fail "no jar in target/ (run without --no-build)"

{
  echo "# engine-speed $(date -u +%Y-%m-%dT%H:%M:%SZ), commit $(git rev-parse --short HEAD 2>/dev/null || echo '?')$(git diff --quiet HEAD -- src 2>/dev/null || echo ' (src modified)')"
  echo "rounds $ROUNDS, study rounds $STUDY_ROUNDS after $STUDY_WARMUP untimed, $(nproc) cores, load average $(cut -d ' ' -f 1-3 /proc/loadavg)"
  echo "java: $(java -version 2>&1 | head -1), flags: ${JAVA_FLAGS[*]:-none}, jar $JAR"
  env "${NUMPY_ENV[@]}" "$PYTHON" "$BENCH_PY" info
} | tee "$OUT/header.txt"

PORT=$(free_port)
LAB="http://127.0.0.1:$PORT"
LAB_ARGS=(--mlp.jobs.workers=1)
start_server workers1 "$PORT" "${LAB_ARGS[@]}"
LAB_PID=$LAST_PID

# Which limits refuse the configurations? Submit each once (then delete it) and read the 400s.
OVERRIDES=()
for entry in "${CONFIGS[@]}"; do
  read -r act samples features hidden epochs <<< "${entry#*|}"
  body=$(curl -s -w '\n%{http_code}' "$LAB/api/v1/jobs" -H 'Content-Type: application/json' \
           -d "$(spec_of "$act" "$samples" "$features" "$hidden" "$epochs")")
  code=${body##*$'\n'}
  body=${body%$'\n'*}
  if [[ "$code" == 202 ]]; then
    curl -s -o /dev/null -X DELETE "$LAB/api/v1/jobs/$(json_field id <<< "$body")"
  elif [[ "$code" == 400 ]] && grep -q 'mlp\.limits\.' <<< "$body"; then
    while read -r prop; do OVERRIDES+=("$prop"); done < <(grep -o 'mlp\.limits\.[a-z-]*' <<< "$body" | sort -u)
  else
    fail "the server refused ${entry%%|*} with $code: $body"
  fi
done
if [[ ${#OVERRIDES[@]} -gt 0 ]]; then
  mapfile -t OVERRIDES < <(printf '%s\n' "${OVERRIDES[@]}" | sort -u)
  echo "the server refuses the big configurations by ${OVERRIDES[*]}: restarting it with those raised to 1e15"
  stop_server "$LAB_PID"
  for prop in "${OVERRIDES[@]}"; do LAB_ARGS+=("--$prop=1000000000000000"); done
  start_server workers1 "$PORT" "${LAB_ARGS[@]}"
  LAB_PID=$LAST_PID
else
  # the probe jobs were deleted (cancelled); let a running one leave its epoch before timing anything
  while [[ "$(curl -s "$LAB/api/v1/jobs?status=RUNNING" | json_field jobs)" != "[]" ]]; do sleep 0.5; done
fi
echo "MLP Lab server: java ${JAVA_FLAGS[*]:-} -jar $JAR --server.port=$PORT ${LAB_ARGS[*]}" | tee -a "$OUT/header.txt"

# ------------------------------------------------------------------------------------------ engine speed
PROGRAMS=(numpy torch lab)
for entry in "${CONFIGS[@]}"; do
  name=${entry%%|*}
  read -r act samples features hidden epochs <<< "${entry#*|}"
  echo "$name: warm-up"
  for program in "${PROGRAMS[@]}"; do
    run_one "$program" "$name" 0 "$act" "$samples" "$features" "$hidden" "$epochs"
  done
  lab_warmup "$name" "$act" "$samples" "$features" "$hidden" "$epochs"
  for ((round = 1; round <= ROUNDS; round++)); do
    for ((k = 0; k < 3; k++)); do
      program=${PROGRAMS[$(((round - 1 + k) % 3))]}
      run_one "$program" "$name" "$round" "$act" "$samples" "$features" "$hidden" "$epochs"
    done
  done
done

# ------------------------------------------------------------------------------------------ study: workers 1 vs 2
study_once() {   # study_once BASE : "wall server training" seconds for the eight jobs, from one client process
  local json
  json=$("$PYTHON" "$BENCH_PY" study "$1") || fail "the study failed on $1"
  printf '%s %s %s\n' "$(json_field seconds <<< "$json")" "$(json_field serverSeconds <<< "$json")" \
    "$(json_field trainingSeconds <<< "$json")"
}

if [[ "$STUDY" == 1 ]]; then
  PORT2=$(free_port)
  LAB2="http://127.0.0.1:$PORT2"
  start_server workers2 "$PORT2" --mlp.jobs.workers=2
  echo "study servers: workers=1 at $LAB, workers=2 at $LAB2"
  # rounds 1-STUDY_WARMUP .. 0 are warm-up (recorded as round 0, which the summary leaves out): a fresh server's
  # two workers need a few rounds before both threads run compiled code
  for ((round = 1 - STUDY_WARMUP; round <= STUDY_ROUNDS; round++)); do
    if (((round + STUDY_WARMUP) % 2 == 0)); then order=("1 $LAB" "2 $LAB2"); else order=("2 $LAB2" "1 $LAB"); fi
    for pair in "${order[@]}"; do
      read -r workers base <<< "$pair"
      read -r seconds server training <<< "$(study_once "$base")"
      printf '%s\t%s\t%s\t%s\t%s\n' "$workers" "$((round > 0 ? round : 0))" "$seconds" "$server" "$training" \
        >> "$STUDY_TSV"
      printf '  study round %s%s  workers=%s %8.3f s  (server %.3f s, training %.3f s; load average %s)\n' \
        "$round" "$( ((round <= 0)) && echo ' (warm-up)')" "$workers" "$seconds" "$server" "$training" \
        "$(cut -d ' ' -f 1 /proc/loadavg)"
    done
  done
fi
cleanup

# ------------------------------------------------------------------------------------------ report
echo
{
  cat "$OUT/header.txt"
  echo "load average at the end: $(cut -d ' ' -f 1-3 /proc/loadavg)"
  if [[ -s "$OUT/warmup.tsv" ]]; then
    echo "lab warm-up after the first run of each configuration (untimed; trainingMillis, first and last, runs):"
    awk -F '\t' '{ if (!($1 in first)) { first[$1] = $3; order[++n] = $1 } last[$1] = $3; runs[$1] = $2 }
      END { for (i = 1; i <= n; i++) printf "  %s: %s ... %s ms, %d runs\n", order[i], first[order[i]], last[order[i]], runs[order[i]] }' \
      "$OUT/warmup.tsv"
  fi
  echo
  "$PYTHON" "$BENCH_PY" summarize "$RESULTS" "$STUDY_TSV"
} | tee "$OUT/table.md"
echo
echo "results: $OUT/ (results.tsv, study.tsv, table.md, server logs)"

if [[ -x tools/bench/kernel-speed.sh || -f tools/bench/kernel-speed.sh ]]; then
  echo
  echo "running tools/bench/kernel-speed.sh"
  if ! bash tools/bench/kernel-speed.sh ${KERNEL_SPEED_ARGS:-}; then
    echo "engine-speed.sh: tools/bench/kernel-speed.sh failed (see above)" >&2
  fi
fi
