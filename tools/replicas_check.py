"""The scenario of tools/replicas-check.sh: two MLP Lab replicas on one PostgreSQL database.

tools/replicas-check.sh finds the jar, makes a fresh database and passes both in; this program starts the
replicas (and the Caddy proxy of ops/caddy/Caddyfile, where caddy is installed) and plays the scenario.
Every process it starts is appended to PIDS_FILE at once; the shell script's trap ends them all on every
exit, also when this program is itself killed.

The scenario, each step checked against the other replica's answers:
  1. a job submitted on A is watched on B (GET, /history, ?wait=, the event stream) and cancelled on B,
     and A's worker stops;
  2. through the proxy: requests go to both replicas in turn, an event stream arrives as it is written;
  3. throughput of small jobs with both replicas, all submitted to A: both take from the one queue;
  4. a long job is killed with its replica (kill -9): the other replica runs it again once its lease has
     expired and ends it with the same numbers as a reference job of the same spec;
  5. throughput of small jobs on the one replica left;
  6. the killed replica, restarted, serves the old jobs, results and histories as the other one does;
  7. a replica stopped gracefully (SIGTERM) while it trains: its job goes back to the queue and the other
     replica ends it with the reference's numbers.
The two-replica throughput is measured after a first batch that warms both JVMs up, the one-replica
throughput after the crash, on the replica that was not restarted: neither counts a freshly started JVM.

Only the standard library: urllib and subprocess.
"""

import json
import os
import re
import signal
import socket
import subprocess
import sys
import time
import urllib.error
import urllib.request

JAR = os.environ["JAR"]
JDBC_URL = os.environ["JDBC_URL"]
DB_USER = os.environ["DB_USER"]
DB_PASSWORD = os.environ.get("DB_PASSWORD", "")
OUT = os.environ["OUT"]
PIDS_FILE = os.environ["PIDS_FILE"]
# jobs per throughput batch; unset, as many as the warm-up batch's rate makes about five seconds (16 to 120)
SMALL_JOBS = int(os.environ["SMALL_JOBS"]) if os.environ.get("SMALL_JOBS") else None
CADDY = os.environ.get("CADDY", "")
# psql's connection arguments for the check's database: -h HOST -p PORT -U USER -d DATABASE
PSQL = os.environ["PSQL"]

LEASE, HEARTBEAT = "3s", "1s"
# the study's ReLU [16] row: about half a second of training on a busy two-core machine
SMALL = {"model": {"hiddenLayers": [16], "activation": "relu"}}
# several seconds of training, so that a replica can be killed or stopped while it runs the job
LONG = {"data": {"samples": 4000}, "model": {"hiddenLayers": [64, 64], "activation": "relu"},
        "training": {"epochs": 1000}}
ENDED = ("SUCCEEDED", "FAILED", "CANCELLED")


class CheckFailed(Exception):
    pass


def check(condition, message):
    if not condition:
        raise CheckFailed(message)


def free_port():
    with socket.socket() as s:
        s.bind(("127.0.0.1", 0))
        return s.getsockname()[1]


def remember(pid):
    with open(PIDS_FILE, "a") as f:
        f.write(f"{pid}\n")


class Replica:
    """One MLP Lab process in postgres mode, on a port of its own that it keeps across restarts."""

    def __init__(self, name):
        self.name = name
        self.port = free_port()
        self.url = f"http://127.0.0.1:{self.port}"
        self.process = None
        self.starts = 0

    def start(self):
        self.starts += 1
        self.log = os.path.join(OUT, f"{self.name}-{self.starts}.log")
        command = ["java", "--add-modules", "jdk.incubator.vector", "-jar", JAR,
                   f"--server.port={self.port}",
                   "--mlp.store.type=postgres", f"--spring.datasource.url={JDBC_URL}",
                   f"--spring.datasource.username={DB_USER}", f"--spring.datasource.password={DB_PASSWORD}",
                   f"--mlp.store.lease={LEASE}", f"--mlp.store.heartbeat={HEARTBEAT}",
                   # one worker each: the throughput steps compare one replica's worker with two replicas'
                   "--mlp.jobs.workers=1"]
        with open(self.log, "w") as log:
            self.process = subprocess.Popen(command, stdout=log, stderr=subprocess.STDOUT, stdin=subprocess.DEVNULL)
        remember(self.process.pid)
        print(f"   {self.name}: started pid {self.process.pid} on port {self.port} (log {self.log})")
        return self

    def wait_ready(self, seconds=240):
        """Waits for /actuator/health/readiness, as the other check scripts do, failing early if it died."""
        started = time.time()
        deadline = started + seconds
        while time.time() < deadline:
            if self.process.poll() is not None:
                break
            try:
                with urllib.request.urlopen(f"{self.url}/actuator/health/readiness", timeout=2) as response:
                    if response.status == 200:
                        return self
            except (urllib.error.URLError, OSError):
                pass
            time.sleep(0.5)
        lines = open(self.log).readlines()
        # the causes rather than the stack frames, where the log has them
        causes = [l for l in lines if re.match(r"(\S+ +ERROR |Caused by: |Description:|Reason:|Action:)", l.lstrip())]
        tail = "".join(causes[-12:] or lines[-25:])
        state = f"exited with {self.process.returncode}" if self.process.poll() is not None else "is not ready"
        raise CheckFailed(f"replica {self.name} {state} after {time.time() - started:.0f} s in postgres mode; the end of "
                          f"{self.log}:\n{tail}")

    def kill(self):
        self.process.send_signal(signal.SIGKILL)
        self.process.wait()

    def terminate(self):
        self.process.send_signal(signal.SIGTERM)

    def wait_stopped(self, seconds=60):
        try:
            return self.process.wait(seconds)
        except subprocess.TimeoutExpired:
            raise CheckFailed(f"replica {self.name} did not stop within {seconds} s of SIGTERM")

    def alive(self):
        return self.process is not None and self.process.poll() is None

    # the HTTP API
    def call(self, method, path, body=None, timeout=90, expect=(200, 202, 204)):
        return call(self.url, method, path, body, timeout, expect, self.name)

    def job(self, job_id, wait=None):
        return self.call("GET", f"/api/v1/jobs/{job_id}" + (f"?wait={wait}" if wait is not None else ""))[1]

    def submit(self, spec):
        return self.call("POST", "/api/v1/jobs", spec)[1]

    def metrics(self):
        request = urllib.request.Request(f"{self.url}/actuator/prometheus")
        with urllib.request.urlopen(request, timeout=10) as response:
            return response.read().decode()


def call(base, method, path, body=None, timeout=90, expect=(200, 202, 204), who=None):
    """One request; answers (status, JSON body or None). A status outside expect fails the check."""
    data = None if body is None else json.dumps(body).encode()
    request = urllib.request.Request(base + path, data=data, method=method,
                                     headers={"Content-Type": "application/json"} if data else {})
    try:
        with urllib.request.urlopen(request, timeout=timeout) as response:
            status, text = response.status, response.read().decode()
    except urllib.error.HTTPError as e:
        status, text = e.code, e.read().decode()
    check(status in expect, f"{method} {path} on {who or base} answered {status}, not {expect}: {text[:300]}")
    return status, (json.loads(text) if text else None)


def metric_sum(text, name, **labels):
    """Sum of the samples of one metric whose labels include the given ones."""
    total = 0.0
    for line in text.splitlines():
        if not line.startswith(name + "{") and not line.startswith(name + " "):
            continue
        if all(f'{k}="{v}"' in line for k, v in labels.items()):
            total += float(line.rsplit(" ", 1)[1])
    return total


def wait_until(what, predicate, seconds, interval=0.25):
    deadline = time.time() + seconds
    while time.time() < deadline:
        value = predicate()
        if value:
            return value
        time.sleep(interval)
    raise CheckFailed(f"timed out after {seconds} s waiting for {what}")


def wait_ended(replica, job_id, seconds):
    """Long-polls one replica (?wait=) until the job has ended."""
    deadline = time.time() + seconds
    while time.time() < deadline:
        job = replica.job(job_id, wait=min(30, max(1, int(deadline - time.time()))))
        if job["status"] in ENDED:
            return job
    raise CheckFailed(f"job {job_id} has not ended after {seconds} s (asked {replica.name}): {job['status']}")


def runner(replicas, job_id, logs=True):
    """The replica that trains the job: the one whose registry has the job's own mlp_job_epochs_total series
    (a replica registers it while it runs the job, and removes it when the job ends). Where the meters do
    not tell, and logs is true, the one replica whose log names the job."""
    by_meter = [r for r in replicas if r.alive() and f'job_id="{job_id}"' in
                "\n".join(l for l in r.metrics().splitlines() if l.startswith("mlp_job_epochs_total{"))]
    if len(by_meter) == 1:
        return by_meter[0]
    if not logs:
        return None
    by_log = [r for r in replicas if r.alive() and job_id in open(r.log).read()]
    if len(by_log) == 1:
        return by_log[0]
    return None


def find_runner(replicas, job_id, seconds=60):
    return wait_until(f"the replica that runs job {job_id} (by its mlp_job_epochs_total series or its log)",
                      lambda: runner(replicas, job_id), seconds)


def same_numbers(job, reference):
    """The parts of two results that depend only on the spec: everything but the training time."""
    strip = lambda result: {k: v for k, v in (result or {}).items() if k != "trainingMillis"}
    return strip(job.get("result")) == strip(reference.get("result"))


def read_events(base, job_id, on_event, timeout=120):
    """Reads GET /api/v1/jobs/{id}/events; calls on_event(name, data, seconds since the request) for each
    event until it returns True or the stream ends."""
    started = time.time()
    request = urllib.request.Request(f"{base}/api/v1/jobs/{job_id}/events", headers={"Accept": "text/event-stream"})
    with urllib.request.urlopen(request, timeout=timeout) as response:
        check("text/event-stream" in response.headers.get("Content-Type", ""),
              f"{base} answers the event stream as {response.headers.get('Content-Type')}")
        event, data = None, []
        for raw in response:
            line = raw.decode().rstrip("\r\n")
            if line.startswith("event:"):
                event = line[len("event:"):].strip()
            elif line.startswith("data:"):
                data.append(line[len("data:"):])
            elif line == "" and data:
                if on_event(event, json.loads("\n".join(data)), time.time() - started):
                    return
                event, data = None, []


def tables_in_database():
    """The tables the replicas made, read with psql (tools/replicas-check.sh passes its arguments)."""
    query = ("select table_name from information_schema.tables "
             "where table_schema not in ('pg_catalog', 'information_schema') order by table_name")
    answer = subprocess.run(["psql", *PSQL.split(), "-Atq", "-c", query], capture_output=True, text=True)
    check(answer.returncode == 0, f"psql could not read the database: {answer.stderr.strip()}")
    return answer.stdout.split()


def step(title):
    print(f"== {title}", flush=True)


def watched_and_cancelled_elsewhere(a, b):
    step("a job submitted on A, watched and cancelled on B")
    # three times as long as the others: it must still run after the looks below, even on a fast machine
    job = a.submit(dict(LONG, name="replicas-check-watch", training={"epochs": 3 * LONG["training"]["epochs"]}))
    seen = b.call("GET", f"/api/v1/jobs/{job['id']}", expect=(200, 404))
    check(seen[0] == 200, f"B does not know the job A accepted ({job['id']}): the replicas do not share a store")
    check(seen[1]["spec"] == job["spec"], "B shows another spec than A accepted")
    running = wait_until("the job RUNNING with epochs recorded, as B sees it",
                         lambda: (j := b.job(job["id"]))["status"] == "RUNNING" and j["progress"]["epoch"] > 2 and j, 60)
    history = b.call("GET", f"/api/v1/jobs/{job['id']}/history")[1]
    epochs = history["train"]["epoch"]
    check(epochs and epochs == list(range(len(epochs))), f"B's history of the running job is not epochs 0..n: {epochs[:10]}")
    started = time.time()
    waited = b.job(job["id"], wait=2)
    elapsed = time.time() - started
    check(waited["status"] == "RUNNING" and 1.5 <= elapsed < 10,
          f"?wait=2 on B of a running job answered {waited['status']} after {elapsed:.1f} s")
    progress = []
    read_events(b.url, job["id"], lambda name, data, t: name == "progress" and progress.append(data["progress"]["epoch"])
                is None and len(progress) >= 3, timeout=30)
    check(len(progress) >= 3 and progress[-1] > progress[0],
          f"B's event stream of the job running elsewhere did not move: epochs {progress}")
    print(f"   B sees it RUNNING at epoch {running['progress']['epoch']}, /history has {len(epochs)} epochs, "
          f"?wait=2 answered after {elapsed:.1f} s, the stream on B went from epoch {progress[0]} to {progress[-1]}")
    cancelled = b.call("POST", f"/api/v1/jobs/{job['id']}/cancel")[1]
    check(cancelled["status"] == "CANCELLED", f"cancel on B answered {cancelled['status']}")
    on_a = wait_until("A to show the job CANCELLED", lambda: (j := a.job(job["id"]))["status"] == "CANCELLED" and j, 10)
    # the worker stops: the job's epochs stand still and neither replica trains anything
    wait_until("both replicas' mlp_jobs_running at 0", lambda: all(
        metric_sum(r.metrics(), "mlp_jobs_running") == 0 for r in (a, b)), 15)
    before = a.job(job["id"])["progress"]["epoch"]
    time.sleep(2)
    after = a.job(job["id"])["progress"]["epoch"]
    check(before == after, f"the cancelled job still trains: epoch {before}, 2 s later {after}")
    again = a.call("POST", f"/api/v1/jobs/{job['id']}/cancel", expect=(409,))
    check(again[0] == 409, "a second cancel on A was not a 409")
    print(f"   cancelled on B at epoch {cancelled['progress']['epoch']}; A shows CANCELLED at epoch "
          f"{on_a['progress']['epoch']}, stopped at {after}; cancelling again on A is a 409")
    return job["id"]


class Proxy:
    """Caddy with ops/caddy/Caddyfile, its upstreams and its address rewritten to the local replicas."""

    def __init__(self, replicas):
        self.port = free_port()
        self.url = f"http://127.0.0.1:{self.port}"
        text = open("ops/caddy/Caddyfile").read()
        text, sites = re.subn(r"^http://:8080 \{", f"http://127.0.0.1:{self.port} {{", text, flags=re.MULTILINE)
        upstreams = " ".join(f"127.0.0.1:{r.port}" for r in replicas)
        text, proxies = re.subn(r"reverse_proxy mlp-lab-a:8080 mlp-lab-b:8080", f"reverse_proxy {upstreams}", text)
        check(sites == 1 and proxies == 1, "ops/caddy/Caddyfile no longer has 'http://:8080 {' and "
                                           "'reverse_proxy mlp-lab-a:8080 mlp-lab-b:8080' to point at the local replicas")
        self.config = os.path.join(OUT, "Caddyfile")
        open(self.config, "w").write(text)
        self.log = os.path.join(OUT, "caddy.log")
        with open(self.log, "w") as log:
            self.process = subprocess.Popen([CADDY, "run", "--adapter", "caddyfile", "--config", self.config],
                                            stdout=log, stderr=subprocess.STDOUT, stdin=subprocess.DEVNULL)
        remember(self.process.pid)
        print(f"   caddy: started pid {self.process.pid} on port {self.port} (log {self.log})")

    def wait_ready(self):
        def ready():
            check(self.process.poll() is None, f"caddy exited; see {self.log}")
            try:
                return call(self.url, "GET", "/actuator/health/readiness", timeout=5)[0] == 200
            except (urllib.error.URLError, OSError):
                return False
        wait_until("the proxy to answer", ready, 30)


def through_the_proxy(proxy, a, b):
    step("through the proxy (ops/caddy/Caddyfile): round-robin, the event stream as it is written")
    counted = lambda: [metric_sum(r.metrics(), "http_server_requests_seconds_count", method="GET",
                                  uri="/api/v1/jobs") for r in (a, b)]
    before = counted()
    for _ in range(8):
        call(proxy.url, "GET", "/api/v1/jobs?limit=1")
    after = counted()
    share = [int(x - y) for x, y in zip(after, before)]
    check(sum(share) == 8 and min(share) >= 3, f"8 requests through the proxy reached A and B {share} times")
    print(f"   8 requests through the proxy: A answered {share[0]}, B {share[1]}")

    # a job of a few seconds, its stream read through the proxy from the moment it is queued
    spec = {"model": {"hiddenLayers": [16, 32, 16], "activation": "relu"}, "training": {"epochs": 8000},
            "name": "replicas-check-stream"}
    job = call(proxy.url, "POST", "/api/v1/jobs", spec)[1]
    arrivals, epochs = [], []

    def on_event(name, data, t):
        if name == "progress":
            epochs.extend(data["history"]["train"]["epoch"])
            if data["history"]["train"]["epoch"]:
                arrivals.append(t)
        return name == "end"

    read_events(proxy.url, job["id"], on_event, timeout=120)
    ended = call(proxy.url, "GET", f"/api/v1/jobs/{job['id']}")[1]
    check(ended["status"] == "SUCCEEDED", f"the streamed job ended {ended['status']}")
    check(epochs == list(range(8000)), f"the stream through the proxy did not carry every epoch once "
                                       f"({len(epochs)} epochs, first {epochs[:3]}, last {epochs[-3:]})")
    spread = arrivals[-1] - arrivals[0] if arrivals else 0
    check(len(arrivals) >= 4 and spread >= 1.0, f"the stream's rows arrived in {len(arrivals)} events within "
                                                f"{spread:.2f} s: the proxy buffers the stream")
    print(f"   the stream through the proxy carried epochs 0..7999 once, in {len(arrivals)} events over "
          f"{spread:.1f} s as the job trained")


def crash(a, b, proxy, reference):
    step("kill -9 of the replica that runs a long job")
    replicas = [a, b]
    crashed = a.submit(dict(LONG, name="replicas-check-crash"))
    victim = find_runner(replicas, crashed["id"])
    survivor = b if victim is a else a
    epochs = LONG["training"]["epochs"]
    at = wait_until(f"job {crashed['id']} a fifth of the way on {victim.name}",
                    lambda: (e := survivor.job(crashed["id"])["progress"]["epoch"]) >= epochs // 5 and e, 120)
    victim.kill()
    killed_at = time.time()
    print(f"   {victim.name} ran it; killed at epoch {at} (kill -9)")
    if proxy:
        statuses = [call(proxy.url, "GET", f"/api/v1/jobs/{crashed['id']}")[0] for _ in range(6)]
        print(f"   through the proxy with {victim.name} dead: {statuses}")
    # the survivor is idle: it takes the job up as soon as the lease has run out
    wait_until(f"{survivor.name} to run job {crashed['id']} again", lambda: runner([survivor], crashed["id"], logs=False), 60)
    print(f"   {survivor.name} took it up {time.time() - killed_at:.1f} s after the kill (lease {LEASE}, heartbeat {HEARTBEAT})")
    # a long poll on the survivor (through the proxy when there is one: the proxy then allows it)
    base = proxy.url if proxy else survivor.url
    started = time.time()
    ended = None
    while time.time() - started < 150:
        ended = call(base, "GET", f"/api/v1/jobs/{crashed['id']}?wait=60", timeout=90)[1]
        if ended["status"] in ENDED:
            break
    polled = time.time() - started
    check(ended["status"] == "SUCCEEDED", f"the crashed job ended {ended['status']} ({ended.get('error')}), not "
                                          f"SUCCEEDED on {survivor.name}")
    ref = survivor.job(reference["id"])
    check(same_numbers(ended, ref), f"the re-run's numbers differ from the reference's:\n  {ended['result']}\n  {ref['result']}")
    history = survivor.call("GET", f"/api/v1/jobs/{crashed['id']}/history")[1]
    ref_history = survivor.call("GET", f"/api/v1/jobs/{reference['id']}/history")[1]
    check(history["train"]["epoch"] == list(range(epochs)), "the re-run's history is not epochs 0..n once each")
    check(history == ref_history, "the re-run's history differs from the reference's")
    print(f"   {survivor.name} ended it {time.time() - killed_at:.1f} s after the kill; "
          f"test accuracy {ended['result']['testAccuracy']}, train loss {ended['result']['trainLoss']}: the reference's "
          f"numbers and history, to the last digit (the last long poll answered after {polled:.1f} s)")
    return victim, survivor, [crashed["id"], reference["id"]]


def throughput(label, submit_to, replicas, count):
    """Submits count small jobs to one replica and waits for all; jobs per second from the first submission
    to the last end. Also how many each replica ran (its mlp_jobs_finished_total)."""
    finished = lambda: [metric_sum(r.metrics(), "mlp_jobs_finished_total", status="succeeded") for r in replicas]
    before = finished()
    started = time.time()
    ids = [submit_to.submit(dict(SMALL, name=f"replicas-check-{label}"))["id"] for _ in range(count)]
    for job_id in ids:
        job = wait_ended(submit_to, job_id, 180)
        check(job["status"] == "SUCCEEDED", f"small job {job_id} ended {job['status']}")
    elapsed = time.time() - started
    ran = [int(x - y) for x, y in zip(finished(), before)]
    print(f"   {count} jobs (relu [16]) in {elapsed:.1f} s: {count / elapsed:.2f} jobs/s; ran "
          + ", ".join(f"{r.name} {n}" for r, n in zip(replicas, ran)))
    return count / elapsed, ran


def restarted_serves_the_past(restarted, other, job_ids):
    step(f"{restarted.name} restarted: the old jobs, results and histories")
    restarted.start().wait_ready()
    for job_id in job_ids:
        mine, theirs = restarted.job(job_id), other.job(job_id)
        check(mine == theirs, f"{restarted.name} and {other.name} show job {job_id} differently:\n  {mine}\n  {theirs}")
        h_mine = restarted.call("GET", f"/api/v1/jobs/{job_id}/history")[1]
        h_theirs = other.call("GET", f"/api/v1/jobs/{job_id}/history")[1]
        check(h_mine == h_theirs, f"{restarted.name} and {other.name} show job {job_id}'s history differently")
    listed = {j["id"] for j in restarted.call("GET", "/api/v1/jobs?limit=500")[1]["jobs"]}
    check(set(job_ids) <= listed, f"{restarted.name}'s job list lacks {set(job_ids) - listed}")
    deleted = job_ids[-1]
    restarted.call("DELETE", f"/api/v1/jobs/{deleted}", expect=(204,))
    gone = other.call("GET", f"/api/v1/jobs/{deleted}", expect=(200, 404))[0]
    check(gone == 404, f"job {deleted}, deleted on {restarted.name}, still answers {gone} on {other.name}")
    print(f"   {restarted.name} shows {len(job_ids)} old jobs exactly as {other.name} does (job, result, history) "
          f"and lists them; one deleted on {restarted.name} is a 404 on {other.name}")


def graceful(a, b, reference_id):
    step("SIGTERM of the replica that runs a long job")
    job = a.submit(dict(LONG, name="replicas-check-graceful"))
    stopping = find_runner([a, b], job["id"])
    other = b if stopping is a else a
    at = wait_until(f"job {job['id']} a fifth of the way on {stopping.name}",
                    lambda: (e := other.job(job["id"])["progress"]["epoch"]) >= LONG["training"]["epochs"] // 5 and e, 120)
    started = time.time()
    stopping.terminate()
    wait_until(f"{other.name} to take job {job['id']} up", lambda: runner([other], job["id"], logs=False), 60)
    taken = time.time() - started
    code = stopping.wait_stopped()
    print(f"   {stopping.name} ran it; SIGTERM at epoch {at}; {other.name} took it up after {taken:.1f} s, "
          f"{stopping.name} exited with {code} after {time.time() - started:.1f} s")
    ended = wait_ended(other, job["id"], 150)
    check(ended["status"] == "SUCCEEDED" and "error" not in ended,
          f"after the graceful stop the job ended {ended['status']} ({ended.get('error')}), not SUCCEEDED")
    reference = other.job(reference_id)
    check(same_numbers(ended, reference), f"the job's numbers differ from the reference's after the graceful stop:\n"
                                          f"  {ended['result']}\n  {reference['result']}")
    print(f"   {other.name} ended it SUCCEEDED {time.time() - started:.1f} s after the SIGTERM, with the reference's numbers")


def main():
    a, b = Replica("A"), Replica("B")
    proxy = None
    step(f"starting two replicas of {JAR} on {JDBC_URL} (lease {LEASE}, heartbeat {HEARTBEAT})")
    started = time.time()
    a.start()
    b.start()
    a.wait_ready()
    b.wait_ready()
    print(f"   both ready after {time.time() - started:.1f} s")
    tables = tables_in_database()
    check(tables, "the replicas are ready but made no table in the database: this jar has no PostgreSQL mode "
                  "(mlp.store.type=postgres is not taken up), so they do not share jobs")
    print(f"   the database has their tables: {', '.join(tables)}")

    watched = watched_and_cancelled_elsewhere(a, b)
    # the reference run of the long spec, for the crash and the graceful stop below; it trains beside the
    # proxy's steps, on whichever replica is free
    reference = a.submit(dict(LONG, name="replicas-check-reference"))
    if CADDY:
        step("starting the proxy")
        proxy = Proxy([a, b])
        proxy.wait_ready()
        through_the_proxy(proxy, a, b)
    else:
        print("== no caddy on the PATH: the proxy's steps are left out (Debian: apt-get install caddy)")
    reference = wait_ended(a, reference["id"], 120)
    check(reference["status"] == "SUCCEEDED", f"the reference job ended {reference['status']}")

    step("throughput with two replicas (one worker each), every job submitted to A")
    # the first batch warms both JVMs up (the one replica's figure comes later, from a JVM that ran all this)
    print("   warm-up, not counted:")
    warm, _ = throughput("warm-up", a, [a, b], SMALL_JOBS or 16)
    # long enough batches that the time to take the first and to end the last job are a small part of them
    count = SMALL_JOBS or min(120, max(16, round(warm * 5)))
    two, ran = throughput("two", a, [a, b], count)
    check(min(ran) > 0, f"with two replicas one of them ran no job from the shared queue: {ran}")

    victim, survivor, old = crash(a, b, proxy, reference)

    step(f"throughput with one replica ({survivor.name}, one worker)")
    one, _ = throughput("one", survivor, [survivor], count)

    restarted_serves_the_past(victim, survivor, old + [watched])

    graceful(a, b, old[1])

    print(f"throughput: one replica {one:.2f} jobs/s, two replicas {two:.2f} jobs/s, ratio {two / one:.2f} "
          f"({count} relu [16] jobs each; a measurement on a shared machine, not a pass/fail)")


if __name__ == "__main__":
    try:
        main()
    except CheckFailed as e:
        print(f"FAIL: {e}\n(the replicas' and the proxy's logs are in {OUT})", file=sys.stderr)
        sys.exit(1)
