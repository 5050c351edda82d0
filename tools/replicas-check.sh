#!/usr/bin/env bash
# Two MLP Lab replicas on one PostgreSQL database, as processes on this machine:
#  - makes a fresh database on the PostgreSQL at $PGHOST:$PGPORT (default 127.0.0.1:5432) as $PGUSER (default
#    postgres; trust authentication, or $PGPASSWORD). Where none answers, it starts a throwaway one from
#    PostgreSQL's server programs (initdb and pg_ctl on the PATH or under /usr/lib/postgresql/*/bin; as root
#    it runs them as the user postgres). With neither it fails: it never passes without running;
#  - starts two replicas of the built jar on free ports with mlp.store.type=postgres, a lease of 3 s and a
#    heartbeat of 1 s, one worker each, and (where Debian's caddy is installed) the proxy of
#    ops/caddy/Caddyfile in front of them;
#  - plays the scenario of tools/replicas_check.py: a job watched and cancelled on the other replica, the
#    proxy's round-robin and event stream, a replica killed (kill -9) while it trains and its job ended by
#    the other with the numbers of a reference run, the killed replica restarted and serving the old results,
#    a graceful stop (SIGTERM) that hands the running job over, and the throughput of small jobs on one
#    replica and on two (printed with their ratio: a measurement, not a pass/fail);
#  - on every exit (success, failure, Ctrl-C) stops every process it started and drops the database.
# Builds nothing: needs target/mlp-lab-*.jar (./mvnw verify or ./mvnw -DskipTests package), java, psql
# (Debian: postgresql-client) and python3.
# usage: tools/replicas-check.sh    (logs in target/replicas-check/; SMALL_JOBS=N jobs per throughput batch, default
#                                   as many as take about 5 s at the warm-up's rate)
set -euo pipefail
cd "$(dirname "$0")/.."

fail() {
  echo "replicas-check: $*" >&2
  exit 1
}

jar=$(ls target/mlp-lab-*.jar 2>/dev/null | grep -v -- '-plain\.jar$' | head -n 1 || true)
[ -n "$jar" ] || fail "no target/mlp-lab-*.jar; build it with ./mvnw -DskipTests package"
command -v psql >/dev/null 2>&1 || fail "no psql on the PATH, which makes and drops the check's database (Debian: apt-get install postgresql-client)"
out=target/replicas-check
rm -rf "$out"
mkdir -p "$out"
pids_file=$out/pids
: >"$pids_file"

free_port() {
  /usr/bin/python3 -c 'import socket; s = socket.socket(); s.bind(("127.0.0.1", 0)); print(s.getsockname()[1])'
}

pg_host=${PGHOST:-127.0.0.1}
pg_port=${PGPORT:-5432}
pg_user=${PGUSER:-postgres}
database="replicas_check_$(date +%s)_$$"
created=""
cluster=""      # the folder of a throwaway PostgreSQL this script started, if it did
pg_bin=""

# as the user postgres when root (PostgreSQL's server refuses to run as root), as oneself otherwise
as_postgres() {
  if [ "$(id -u)" -eq 0 ]; then
    runuser -u postgres -- "$@"
  else
    "$@"
  fi
}

psql_admin() {
  PGCONNECT_TIMEOUT=5 psql -h "$pg_host" -p "$pg_port" -U "$pg_user" -d postgres -v ON_ERROR_STOP=1 -Atq "$@"
}

cleanup() {
  local status=$?
  trap - EXIT INT TERM
  # tools/replicas_check.py and every process it started (it writes each pid here before anything else),
  # if it is still the process that was started: that program, a java with this jar, or caddy
  local pids=()
  while read -r pid; do
    [ -n "$pid" ] && grep -qaE "$jar|caddy|replicas_check\.py" "/proc/$pid/cmdline" 2>/dev/null && pids+=("$pid")
  done <"$pids_file"
  for pid in "${pids[@]}"; do kill "$pid" 2>/dev/null || true; done
  for pid in "${pids[@]}"; do
    for _ in $(seq 1 30); do kill -0 "$pid" 2>/dev/null || break; sleep 1; done
    kill -9 "$pid" 2>/dev/null || true
  done
  [ ${#pids[@]} -eq 0 ] || echo "replicas-check: stopped ${#pids[@]} process(es) it had started"
  if [ -n "$created" ]; then
    if psql_admin -c "drop database if exists \"$database\" with (force)"; then
      echo "replicas-check: dropped database $database"
    else
      echo "replicas-check: could not drop database $database" >&2
      status=1
    fi
  fi
  if [ -n "$cluster" ]; then
    as_postgres "$pg_bin/pg_ctl" -D "$cluster/data" -m fast -w stop >/dev/null 2>&1 || true
    cp "$cluster/postgres.log" "$out/postgres.log" 2>/dev/null || true
    rm -rf "$cluster"
    echo "replicas-check: stopped and removed the throwaway PostgreSQL"
  fi
  exit "$status"
}
trap cleanup EXIT
trap 'exit 130' INT
trap 'exit 143' TERM

# PostgreSQL's server programs, for a throwaway server when none answers
find_server_programs() {
  local initdb dir
  initdb=$(command -v initdb 2>/dev/null || true)
  for dir in ${initdb:+"$(dirname "$initdb")"} $(ls -d /usr/lib/postgresql/*/bin 2>/dev/null | sort -V -r); do
    if [ -x "$dir/initdb" ] && [ -x "$dir/pg_ctl" ]; then
      echo "$dir"
      return 0
    fi
  done
  return 1
}

echo "== PostgreSQL"
if answer=$(psql_admin -c 'show server_version' 2>&1); then
  echo "   PostgreSQL $answer on $pg_host:$pg_port, user $pg_user"
else
  echo "   none answers on $pg_host:$pg_port as $pg_user: ${answer%%$'\n'*}"
  pg_bin=$(find_server_programs) || fail "needs a PostgreSQL: one on $pg_host:$pg_port with trust authentication for the user $pg_user (or set PGHOST, PGPORT, PGUSER, PGPASSWORD), or PostgreSQL's server programs (initdb, pg_ctl; Debian: postgresql) to start a throwaway one"
  if [ "$(id -u)" -eq 0 ] && ! id postgres >/dev/null 2>&1; then
    fail "running as root, and there is no user postgres to run a throwaway PostgreSQL as (its server refuses root); start one on $pg_host:$pg_port or run this as another user"
  fi
  cluster=$(mktemp -d /tmp/replicas-check-postgres.XXXXXX)
  [ "$(id -u)" -ne 0 ] || chown postgres "$cluster"
  pg_host=127.0.0.1
  pg_port=$(free_port)
  pg_user=postgres
  as_postgres "$pg_bin/initdb" -D "$cluster/data" -U postgres --auth=trust -E UTF8 >"$out/initdb.log" 2>&1 \
    || { cat "$out/initdb.log" >&2; fail "initdb failed"; }
  as_postgres "$pg_bin/pg_ctl" -D "$cluster/data" -l "$cluster/postgres.log" -o "-h 127.0.0.1 -p $pg_port -k $cluster" -w start >/dev/null \
    || { cat "$cluster/postgres.log" >&2; fail "the throwaway PostgreSQL did not start"; }
  echo "   started a throwaway PostgreSQL $(psql_admin -c 'show server_version') from $pg_bin on $pg_host:$pg_port"
fi
psql_admin -c "create database \"$database\"" || fail "could not create database $database on $pg_host:$pg_port"
created=yes
echo "   created database $database (dropped again on exit)"

caddy=$(command -v caddy 2>/dev/null || true)
JAR="$jar" OUT="$out" PIDS_FILE="$pids_file" CADDY="$caddy" \
  JDBC_URL="jdbc:postgresql://$pg_host:$pg_port/$database" DB_USER="$pg_user" DB_PASSWORD="${PGPASSWORD:-}" \
  PSQL="-h $pg_host -p $pg_port -U $pg_user -d $database" \
  /usr/bin/python3 tools/replicas_check.py &
# in the background, so that a signal to this script ends it at once rather than after the scenario
echo $! >>"$pids_file"
wait $!
echo "replicas-check: OK"
