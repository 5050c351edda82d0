#!/usr/bin/python3
"""MLP Lab's reliability battery: black-box tests against the packaged jar, which it starts itself.

    tools/battery/run.sh fast    # a few minutes, as CI runs it
    tools/battery/run.sh full    # longer bursts and storms, more fuzzing, an hour's soak (--soak-minutes)

Each test prints one line, PASS or FAIL, with its figures; the exit code is the number of failures.
"""

import argparse
import collections
import json
import os
import random
import re
import sys
import tempfile
import threading
import time
import traceback
from concurrent.futures import ThreadPoolExecutor

sys.path.insert(0, os.path.dirname(os.path.abspath(__file__)))
import fuzz  # noqa: E402
import hostile  # noqa: E402
import lib  # noqa: E402
from hypothesis import HealthCheck, given, settings  # noqa: E402
from hypothesis import strategies as st  # noqa: E402

TERMINAL = ("SUCCEEDED", "FAILED", "CANCELLED")
ORDER = {"QUEUED": 0, "RUNNING": 1, "SUCCEEDED": 2, "FAILED": 2, "CANCELLED": 2}
PROFILES = {
    "fast": dict(burst_seconds=5, storm_seconds=6, race_jobs=40, race_seconds=6, fuzz_valid=40, fuzz_mutated=60,
                 fault_jobs=1000, soak_minutes=1.5, sigterm_seconds=3),
    "full": dict(burst_seconds=30, storm_seconds=30, race_jobs=200, race_seconds=30, fuzz_valid=300,
                 fuzz_mutated=600, fault_jobs=1000, soak_minutes=60.0, sigterm_seconds=10),
}

results = []


def test(fn):
    """Runs one test: prints PASS/FAIL with the line it returns, or the assertion that failed."""
    def run(*args):
        start = time.monotonic()
        try:
            line = fn(*args)
            outcome = "PASS"
        except AssertionError as e:
            line, outcome = str(e), "FAIL"
        except Exception as e:  # a test that broke is a failure too, with its reason
            line, outcome = f"{type(e).__name__}: {e} | {traceback.format_exc(limit=3)!r}"[:2000], "FAIL"
        seconds = time.monotonic() - start
        print(f"{outcome} {fn.__name__}: {line} ({seconds:.1f} s)", flush=True)
        results.append((fn.__name__, outcome))
    return run


def submit(port, spec):
    status, job, headers = lib.jrequest(port, "POST", "/api/v1/jobs", spec)
    return status, job


def delete_all(port, ids):
    with ThreadPoolExecutor(16) as pool:
        list(pool.map(lambda i: lib.request(port, "DELETE", f"/api/v1/jobs/{i}"), ids))


def idle(port, seconds=120):
    """Waits until no job is queued or running."""
    deadline = time.monotonic() + seconds
    while time.monotonic() < deadline:
        values = lib.prometheus(port)
        if lib.metric(values, "mlp_jobs_running") == 0 and lib.metric(values, "mlp_jobs_queue_depth") == 0:
            return True
        time.sleep(0.3)
    return False


# --- tests on the main server (default configuration) -------------------------------------------------------

@test
def hostile_corpus(port, finished_id):
    items = hostile.corpus(finished_id)
    assert len(items) >= 200, f"only {len(items)} requests"
    statuses, failures = collections.Counter(), []
    for name, data, expect, field in items:
        status, headers, body = lib.raw(port, data)
        statuses[status] += 1
        problems = hostile.check(data, status, headers, body, expect, field)
        if problems:
            failures.append(f"{name}: {'; '.join(problems)} {body[:160]!r}")
    alive = lib.request(port, "GET", "/actuator/health")[0] == 200
    figures = f"{len(items)} raw requests; statuses " + ", ".join(
        f"{s}×{n}" for s, n in sorted(statuses.items(), key=lambda kv: (kv[0] is None, kv[0] or 0)))
    assert not failures and alive, f"{len(failures)} of {figures} wrong: " + " | ".join(failures[:12])
    return figures + "; 0 5xx, every error a urn:mlplab: problem, no framework names"


@test
def fuzz_valid_specs(port, schema, examples):
    counts = collections.Counter()
    wrong = []

    @settings(max_examples=examples, deadline=None, database=None, suppress_health_check=list(HealthCheck))
    @given(fuzz.valid_specs(schema))
    def case(spec):
        status, job = submit(port, spec)
        counts["submitted"] += 1
        if status != 202:
            wrong.append(f"{status} {json.dumps(job and job.get('errors'))[:200]} for {json.dumps(spec)[:300]}")
            return
        status, ended = lib.wait_ended(port, job["id"])
        counts[ended["status"]] += 1
        code = (ended.get("error") or {}).get("code")
        if not (ended["status"] == "SUCCEEDED" or code == "DIVERGED"):
            wrong.append(f"{job['id']} ended {ended['status']} {code} for {json.dumps(spec)[:300]}")
        lib.request(port, "DELETE", f"/api/v1/jobs/{job['id']}")
    case()
    figures = (f"{counts['submitted']} specs drawn from /v3/api-docs: all 202, {counts['SUCCEEDED']} SUCCEEDED, "
               f"{counts['FAILED']} FAILED as DIVERGED")
    assert not wrong, f"{len(wrong)} wrong ({figures}): " + " | ".join(wrong[:5])
    return figures


@test
def fuzz_mutated_specs(port, schema, examples):
    counts = collections.Counter()
    wrong = []

    @settings(max_examples=examples, deadline=None, database=None, suppress_health_check=list(HealthCheck))
    @given(fuzz.valid_specs(schema), st.randoms(use_true_random=False))
    def case(spec, rnd):
        options = fuzz.mutations(schema, spec)
        if not options:
            return
        description, mutated, field = rnd.choice(options)
        status, body = submit(port, mutated)
        counts[status] += 1
        fields = [e.get("field") for e in (body or {}).get("errors", [])]
        if status != 400 or field not in fields:
            wrong.append(f"{description}: {status} naming {fields}, expected {field}: {json.dumps(mutated)[:250]}")
            if status == 202:
                lib.request(port, "DELETE", f"/api/v1/jobs/{body['id']}")
        counts[description.split(": ")[1]] += 1
    case()
    kinds = len([k for k in counts if not isinstance(k, int)])
    figures = f"{sum(v for k, v in counts.items() if isinstance(k, int))} mutated specs ({kinds} kinds of mutation)"
    assert not wrong, f"{len(wrong)} wrong of {figures}: " + " | ".join(wrong[:5])
    return figures + ": every one 400 naming the mutated field"


@test
def limits(port):
    """Each cap of mlp.limits.* and the API's own bounds: the value at the cap is accepted, one past it refused."""
    cases = [
        ("hidden layers 8 / 9", {"model": {"hiddenLayers": [1] * 8}}, {"model": {"hiddenLayers": [1] * 9}},
         "model.hiddenLayers", "mlp.limits.max-hidden-layers"),
        ("layers entries 32 / 33", {"model": {"layers": [{"type": "linear", "units": 1}] * 8
                                              + [{"type": "activation", "function": "relu"}] * 24}},
         {"model": {"layers": [{"type": "linear", "units": 1}] * 8 + [{"type": "activation", "function": "relu"}] * 25}},
         "model.layers", "mlp.limits.max-hidden-layers"),
        ("width 512 / 513", {"model": {"hiddenLayers": [512]}, "training": {"epochs": 1}},
         {"model": {"hiddenLayers": [513]}}, "model.hiddenLayers[0]", "mlp.limits.max-width"),
        ("samples 100000 / 100001", {"data": {"samples": 100000, "features": 1}, "training": {"epochs": 1}},
         {"data": {"samples": 100001, "features": 1}, "training": {"epochs": 1}}, "data.samples",
         "mlp.limits.max-samples"),
        ("features 512 / 513", {"data": {"features": 512}, "training": {"epochs": 1}},
         {"data": {"features": 513}, "training": {"epochs": 1}}, "data.features", "mlp.limits.max-features"),
        ("epochs 100000 / 100001", {"training": {"epochs": 100000}}, {"training": {"epochs": 100001}},
         "training.epochs", "mlp.limits.max-epochs"),
        # (100000 + steps) x 100 parameters x 100000 epochs: exactly 1e12 full batch; one step more per epoch over
        ("work 1e12 / 1e12 + 1e7", {"data": {"samples": 100000, "features": 1}, "model": {"hiddenLayers": [33]},
                                    "training": {"epochs": 100000}},
         {"data": {"samples": 100000, "features": 1}, "model": {"hiddenLayers": [33]},
          "training": {"epochs": 100000, "batchSize": 80000}}, "training.epochs", "mlp.limits.max-work"),
        # 2 weight layers x ceil(50000 / 1) = 100000 rows; 50001 epochs are 100002
        ("diagnostic rows 100000 / 100002", {"model": {"hiddenLayers": [1]}, "diagnostics": {"every": 1},
                                             "training": {"epochs": 50000}},
         {"model": {"hiddenLayers": [1]}, "diagnostics": {"every": 1}, "training": {"epochs": 50001}},
         "diagnostics.every", "mlp.limits.max-diagnostic-rows"),
        ("name 200 / 201 characters", {"name": "n" * 200, "training": {"epochs": 1}},
         {"name": "n" * 201}, "name", None),
        ("seed 4294967295 / 4294967296", {"seed": 4294967295, "training": {"epochs": 1}}, {"seed": 4294967296},
         "seed", None),
    ]
    lines, wrong = [], []
    for label, at_cap, past, field, prop in cases:
        status, job = submit(port, at_cap)
        if status != 202:
            wrong.append(f"{label}: at the cap {status} {json.dumps(job)[:300]}")
        else:
            lib.request(port, "DELETE", f"/api/v1/jobs/{job['id']}")
        status, problem = submit(port, past)
        errors = {e["field"]: e["message"] for e in (problem or {}).get("errors", [])}
        if status != 400 or field not in errors or (prop and prop not in errors[field]):
            wrong.append(f"{label}: one past {status} {errors}")
        elif prop == "mlp.limits.max-work":
            m = re.search(r"= (\S+) exceeds the work budget of (\S+) ", errors[field])
            if not m or m.group(1) == m.group(2):
                wrong.append(f"{label}: the message does not tell the sides apart: {errors[field]}")
            else:
                lines.append(f"work {m.group(1)} > {m.group(2)}")
    # the body: exactly the limit is read, one byte more is 413
    padded = b"{}" + b" " * (1048576 - 2)
    status, _, body = lib.request(port, "POST", "/api/v1/jobs", padded + b"x" * 0)
    if status != 202:
        wrong.append(f"body of 1048576 bytes: {status}")
    else:
        lib.request(port, "DELETE", f"/api/v1/jobs/{json.loads(body)['id']}")
    status, _, _ = lib.request(port, "POST", "/api/v1/jobs", padded + b" ")
    if status != 413:
        wrong.append(f"body of 1048577 bytes: {status}")
    # query bounds
    for path, expected in [("/api/v1/jobs?limit=500", 200), ("/api/v1/jobs?limit=501", 400),
                           ("/api/v1/jobs?limit=1", 200), ("/api/v1/jobs?limit=0", 400)]:
        status, _, _ = lib.request(port, "GET", path)
        if status != expected:
            wrong.append(f"{path}: {status}")
    status, job = submit(port, {"training": {"epochs": 1}})
    for wait, expected in [(60, 200), (61, 400), (0, 200), (-1, 400)]:
        got, _, _ = lib.request(port, "GET", f"/api/v1/jobs/{job['id']}?wait={wait}")
        if got != expected:
            wrong.append(f"wait={wait}: {got}")
    # the queue: 100 waiting jobs behind the busy workers, the 101st waiting one is 429 with Retry-After
    long_job = {"training": {"epochs": 100000}, "model": {"hiddenLayers": [64]}}
    ids, answers = [], collections.Counter()
    workers = os.cpu_count()
    for _ in range(workers + 100):
        status, body = submit(port, long_job)
        answers[status] += 1
        if status == 202:
            ids.append(body["id"])
    status, _, headers = lib.jrequest(port, "POST", "/api/v1/jobs", long_job)
    if answers[202] != workers + 100 or status != 429 or "retry-after" not in headers:
        wrong.append(f"queue: {dict(answers)} then {status} {headers.get('retry-after')}")
    delete_all(port, ids)
    idle(port)
    assert not wrong, " | ".join(wrong)
    return (f"{len(cases)} caps at and one past, body 1048576/1048577 bytes, limit 500/501, wait 60/61, "
            f"queue {workers} running + 100 waiting then 429; " + ", ".join(lines))


@test
def actuator_lockdown(port):
    closed = ["env", "beans", "configprops", "heapdump", "threaddump", "loggers", "mappings", "scheduledtasks",
              "conditions", "caches", "startup", "logfile", "httpexchanges", "jolokia", "sbom", "quartz",
              "integrationgraph", "flyway", "liquibase", "sessions", "auditevents", "env/PATH", "loggers/ROOT"]
    wrong = []
    for name in closed:
        status, _, body = lib.request(port, "GET", f"/actuator/{name}")
        if status != 404 or not body.startswith(b'{"detail"'):
            wrong.append(f"GET /actuator/{name}: {status}")
    for method, path in [("POST", "/actuator/shutdown"), ("POST", "/actuator/loggers/ROOT"),
                         ("POST", "/actuator/health"), ("DELETE", "/actuator/metrics")]:
        status, _, _ = lib.request(port, method, path, body=b"{}")
        if status not in (404, 405):
            wrong.append(f"{method} {path}: {status}")
    _, links, _ = lib.jrequest(port, "GET", "/actuator")
    exposed = sorted({k.split("-")[0] for k in links["_links"] if k != "self"})
    if not set(exposed) <= {"health", "info", "metrics", "prometheus"}:
        wrong.append(f"exposed {exposed}")
    _, health, _ = lib.jrequest(port, "GET", "/actuator/health")
    if "components" in health or "details" in health:
        wrong.append("health shows details")
    _, _, info = lib.request(port, "GET", "/actuator/info")
    if re.search(rb"password|secret|token|PATH|HOME", info, re.I):
        wrong.append(f"info shows {info[:200]!r}")
    assert not wrong, " | ".join(wrong)
    return f"{len(closed)} endpoints 404, 4 writes refused, exposed {exposed}, health without details"


@test
def admission_burst(port, seconds):
    """64 connections of POSTs (wrk) for the latency; then 64 threads of POSTs for exact accounting."""
    idle(port)
    spec = {"training": {"epochs": 300}}
    before = lib.prometheus(port)
    w = lib.wrk(port, "/api/v1/jobs", seconds, connections=64, method="POST", body=json.dumps(spec))
    after = lib.prometheus(port)
    accepted_wrk = w["statuses"].get(202, 0)
    submitted = lib.metric(after, "mlp_jobs_submitted_total") - lib.metric(before, "mlp_jobs_submitted_total")
    rejected = lib.metric(after, "mlp_jobs_rejected_total") - lib.metric(before, "mlp_jobs_rejected_total")
    other = {s: n for s, n in w["statuses"].items() if s not in (202, 429)}
    idle(port, 300)
    # exact accounting with our own clients: every 202 is a job that ends SUCCEEDED, nothing else appears
    accepted, statuses, lock = [], collections.Counter(), threading.Lock()
    before = lib.prometheus(port)
    stop = time.monotonic() + seconds

    def worker():
        client = lib.Client(port)
        while time.monotonic() < stop:
            status, body = client("POST", "/api/v1/jobs", spec)
            with lock:
                statuses[status] += 1
                if status == 202:
                    accepted.append(body["id"])
        client.close()
    start = time.monotonic()
    threads = [threading.Thread(target=worker) for _ in range(64)]
    for t in threads:
        t.start()
    for t in threads:
        t.join()
    rate = sum(statuses.values()) / (time.monotonic() - start)
    idle(port, 600)
    after = lib.prometheus(port)
    counted = (lib.metric(after, "mlp_jobs_submitted_total") - lib.metric(before, "mlp_jobs_submitted_total"),
               lib.metric(after, "mlp_jobs_rejected_total") - lib.metric(before, "mlp_jobs_rejected_total"))
    ended = collections.Counter()
    for job_id in accepted:
        status, job, _ = lib.jrequest(port, "GET", f"/api/v1/jobs/{job_id}")
        ended[job["status"] if status == 200 else status] += 1
    listed = set()
    cursor = None
    while True:
        _, page, _ = lib.jrequest(port, "GET", "/api/v1/jobs?limit=500" + (f"&cursor={cursor}" if cursor else ""))
        listed.update(j["id"] for j in page["jobs"])
        cursor = page.get("next")
        if not cursor:
            break
    lost = [i for i in accepted if i not in listed]
    delete_all(port, accepted)
    figures = (f"wrk 64 conns {seconds} s: {w['requests']} POSTs, {w['rate']:.0f}/s, p50 {w['p50'] / 1000:.1f} ms, "
               f"p99 {w['p99'] / 1000:.1f} ms, 202×{accepted_wrk} 429×{w['statuses'].get(429, 0)}; 64 threads: "
               f"{sum(statuses.values())} POSTs ({rate:.0f}/s), 202×{statuses[202]} 429×{statuses[429]}, counters "
               f"+{counted[0]:.0f}/+{counted[1]:.0f}, ended {dict(ended)}, lost {len(lost)}, phantom "
               f"{counted[0] - statuses[202]:.0f}")
    assert not other and w.get("errors", 0) == 0, f"other statuses {other} or socket errors: {figures}"
    # wrk drops the answers still in flight when its time is up: the server may count up to 64 more
    assert 0 <= submitted - accepted_wrk <= 64 and 0 <= rejected - w["statuses"].get(429, 0) <= 64, figures
    assert counted == (statuses[202], statuses[429]), f"counters off: {figures}"
    assert set(statuses) <= {202, 429} and ended == {"SUCCEEDED": len(accepted)} and not lost, figures
    return figures


@test
def polling_storm(port, seconds):
    _, running = submit(port, {"training": {"epochs": 100000}, "model": {"hiddenLayers": [32]}})
    _, done = submit(port, {"training": {"epochs": 10}})
    lib.wait_ended(port, done["id"])
    a = lib.wrk(port, f"/api/v1/jobs/{done['id']}", seconds, connections=64)
    b = lib.wrk(port, f"/api/v1/jobs/{running['id']}/history?from=0", seconds, connections=64)
    # 300 long polls on a running job hold no request thread: health answers at once meanwhile
    waiters = ThreadPoolExecutor(300)
    futures = [waiters.submit(lib.request, port, "GET", f"/api/v1/jobs/{running['id']}?wait=30", None, None, 60)
               for _ in range(300)]
    time.sleep(2)
    t0 = time.monotonic()
    health = lib.request(port, "GET", "/actuator/health")[0]
    health_ms = (time.monotonic() - t0) * 1000
    lib.request(port, "POST", f"/api/v1/jobs/{running['id']}/cancel")
    answered = collections.Counter()
    for f in futures:
        status, _, body = f.result()
        answered[json.loads(body)["status"] if status == 200 else status] += 1
    waiters.shutdown()
    lib.request(port, "DELETE", f"/api/v1/jobs/{running['id']}")
    figures = (f"GET job 64 conns: {a['rate']:.0f}/s p99 {a['p99'] / 1000:.1f} ms; GET history of a running job: "
               f"{b['rate']:.0f}/s p99 {b['p99'] / 1000:.1f} ms; 300 long polls answered {dict(answered)} after the "
               f"cancel, health {health} in {health_ms:.0f} ms while they waited")
    assert set(a["statuses"]) == {200} and set(b["statuses"]) == {200}, figures
    assert a.get("errors", 0) == 0 and b.get("errors", 0) == 0, figures
    assert answered == {"CANCELLED": 300} and health == 200, figures
    return figures


@test
def cancel_races(port, jobs, seconds):
    """32 threads cancel, poll and delete the same jobs at once: statuses only move forward, no 5xx."""
    ids = []
    for i in range(jobs):
        status, job = submit(port, {"training": {"epochs": random.choice([50, 2000, 20000])}})
        if status == 202:
            ids.append(job["id"])
    seen = {i: [] for i in ids}
    codes, lock = collections.Counter(), threading.Lock()
    stop = time.monotonic() + seconds
    wrong = []

    def worker(seed):
        rnd = random.Random(seed)
        client = lib.Client(port)
        while time.monotonic() < stop:
            job_id = rnd.choice(ids)
            op = rnd.choices(["GET", "cancel", "DELETE"], [12, 6, 0.5])[0]
            sent = time.monotonic()
            if op == "GET":
                status, body = client("GET", f"/api/v1/jobs/{job_id}")
                allowed = (200, 404)
            elif op == "cancel":
                status, body = client("POST", f"/api/v1/jobs/{job_id}/cancel")
                allowed = (200, 404, 409)
            else:
                status, body = client("DELETE", f"/api/v1/jobs/{job_id}")
                allowed = (204, 404)
            with lock:
                codes[f"{op} {status}"] += 1
                if status not in allowed:
                    wrong.append(f"{op} {job_id}: {status}")
                answered = time.monotonic()
                if status == 200 and op != "DELETE":
                    seen[job_id].append((sent, answered, body["status"]))
                if op == "cancel" and status == 200 and body["status"] != "CANCELLED":
                    wrong.append(f"cancel answered {body['status']}")
                if status in (404, 204):
                    seen[job_id].append((sent, answered, "GONE"))
        client.close()
    threads = [threading.Thread(target=worker, args=(s,)) for s in range(32)]
    for t in threads:
        t.start()
    for t in threads:
        t.join()
    # an answer received before another was sent must not be further along (or another terminal status)
    backwards = 0
    for job_id, history in seen.items():
        history.sort()
        for i, (_, answered, first) in enumerate(history):
            for sent, _, later in history[i + 1:]:
                if sent <= answered:
                    continue
                r1 = 3 if first == "GONE" else ORDER[first]
                r2 = 3 if later == "GONE" else ORDER[later]
                if r2 < r1 or (first in TERMINAL and later in TERMINAL and first != later):
                    backwards += 1
    delete_all(port, ids)
    ok = idle(port)
    figures = f"{len(ids)} jobs, {sum(codes.values())} requests from 32 threads: {dict(sorted(codes.items()))}"
    assert not wrong and backwards == 0 and ok, f"{len(wrong)} wrong answers {wrong[:5]}, {backwards} backwards: {figures}"
    return figures + "; statuses only moved forward, workers idle after"


@test
def soak(server, minutes):
    """Mixed traffic for a while; heap after GC, threads and fds sampled: flat."""
    port = server.port
    stop = time.monotonic() + minutes * 60
    counts, lock = collections.Counter(), threading.Lock()

    def worker(seed):
        rnd = random.Random(seed)
        client = lib.Client(port)
        while time.monotonic() < stop:
            status, job = client("POST", "/api/v1/jobs", {"training": {"epochs": rnd.choice([20, 200])},
                                                         "model": {"hiddenLayers": [rnd.choice([4, 16])]}})
            with lock:
                counts[f"POST {status}"] += 1
            if status != 202:
                time.sleep(0.05)
                continue
            status, _ = client("GET", f"/api/v1/jobs/{job['id']}?wait=10")
            client("GET", f"/api/v1/jobs/{job['id']}/history?from=0")
            client("GET", f"/api/v1/jobs/{job['id']}/plot.svg")
            client("GET", "/api/v1/jobs?limit=20")
            client("POST", "/api/v1/jobs", {"model": {"activation": 1}})
            lib.raw(port, b"GET /api/v1/jobs/%00 HTTP/1.1\r\nHost: x\r\nConnection: close\r\n\r\n")
            client("DELETE", f"/api/v1/jobs/{job['id']}")
            with lock:
                counts["cycles"] += 1
        client.close()
    threads = [threading.Thread(target=worker, args=(s,)) for s in range(8)]
    for t in threads:
        t.start()
    samples = []
    interval = max(10.0, minutes * 60 / 12)
    while time.monotonic() < stop:
        time.sleep(min(interval, max(0.0, stop - time.monotonic())))
        samples.append((server.heap_after_gc_mb(), server.threads(), server.fds()))
    for t in threads:
        t.join()
    idle(port)
    samples.append((server.heap_after_gc_mb(), server.threads(), server.fds()))
    # the first sample is the warm-up (classes loaded, pools filled); compare the rest
    steady = samples[1:] if len(samples) > 3 else samples
    heaps, threads_, fds = zip(*steady)
    # while the clients run, a sample may catch a job's matrices alive; the floor is the live set, and a leak
    # raises the floor
    half = len(steady) // 2
    heap_growth = min(heaps[half:]) - min(heaps[:half])
    figures = (f"{minutes:g} min, {counts['cycles']} job cycles ({dict(counts)}); heap after GC "
               f"{min(heaps):.0f}-{max(heaps):.0f} MB (floor of the second half - first half {heap_growth:+.1f} MB), threads "
               f"{min(threads_)}-{max(threads_)}, fds {min(fds)}-{max(fds)}, {len(samples)} samples")
    assert counts["cycles"] > 0, figures
    assert heap_growth < 16 and max(threads_) - min(threads_) <= 6 and max(fds) - min(fds) <= 12, figures
    return figures


# --- tests on the fault server (mlp.faults.enabled, a short max-runtime, a small heap) -----------------------

@test
def faults_in_jobs(server, jobs):
    port = server.port
    for _ in range(20):   # the first jobs of a fresh JVM run on cold code: warm it up first
        lib.wait_ended(port, submit(port, {"training": {"epochs": 20}, "data": {"samples": 50}})[1]["id"])
    rnd = random.Random(14)
    faulty = set(rnd.sample(range(jobs), jobs // 10))
    ids = {}
    with ThreadPoolExecutor(8) as pool:
        def one(i):
            spec = {"training": {"epochs": 20}, "data": {"samples": 50}}
            if i in faulty:
                spec["name"] = f"fault:throw@{rnd.randrange(20)}"
            status, job = submit(port, spec)
            assert status == 202, f"job {i}: {status} {job}"
            return i, job["id"]
        ids = dict(pool.map(one, range(jobs)))
    assert idle(port, 600), "jobs still active after 10 minutes"
    outcome = collections.Counter()
    wrong = []
    for i, job_id in ids.items():
        _, job, _ = lib.jrequest(port, "GET", f"/api/v1/jobs/{job_id}")
        error = job.get("error") or {}
        if i in faulty:
            ok = job["status"] == "FAILED" and error.get("code") == "INTERNAL" and re.search(
                r"incident [0-9a-f]{8}", error.get("message", ""))
        else:
            ok = job["status"] == "SUCCEEDED"
        outcome[(job["status"], error.get("code"))] += 1
        if not ok:
            wrong.append(f"{i} {job['status']} {error}")
    names = [n for n in server.thread_names() if n.startswith("mlp-job-")]
    status, after = submit(port, {"training": {"epochs": 10}})
    _, after = lib.wait_ended(port, after["id"])
    incidents = len(re.findall(r"Job \S+ failed unexpectedly \(incident", server.log()))
    figures = (f"{jobs} jobs, {len(faulty)} with a fault at a random epoch: "
               + ", ".join(f"{s}{'/' + c if c else ''}×{n}" for (s, c), n in sorted(outcome.items(), key=str))
               + f"; {incidents} incidents logged; worker threads {sorted(names)}; a job after: {after['status']}")
    assert not wrong, f"{len(wrong)} wrong: {wrong[:5]} ({figures})"
    assert len(names) == os.cpu_count() and after["status"] == "SUCCEEDED" and incidents >= len(faulty), figures
    return figures


@test
def max_runtime(server, limit_seconds):
    """A job longer than mlp.jobs.max-runtime stops within a second of it. The first job of its size on a
    fresh JVM runs on code the JIT has not compiled yet, whose blocks between two stop checks are far slower;
    the first two are reported, the three after them are held to the second."""
    from datetime import datetime

    def t(s):
        return datetime.fromisoformat(s.replace("Z", "+00:00"))
    runs = []
    for _ in range(5):
        status, job = submit(server.port, {"training": {"epochs": 20000}, "model": {"hiddenLayers": [256, 256]},
                                           "diagnostics": {"every": 0}})
        assert status == 202, job
        _, ended = lib.wait_ended(server.port, job["id"], 120)
        ran = (t(ended["finishedAt"]) - t(ended["startedAt"])).total_seconds()
        runs.append((ended["status"], (ended.get("error") or {}).get("code"), ran,
                     ended["result"]["epochsCompleted"]))
    figures = (f"max-runtime {limit_seconds} s: " + ", ".join(
        f"{s}/{c} after {r:.3f} s ({r - limit_seconds:+.3f} s, {e} epochs)" for s, c, r, e in runs)
        + " (the first ones on cold code)")
    assert all(s == "FAILED" and c == "TIMEOUT" for s, c, _, _ in runs), figures
    assert all(limit_seconds <= r < limit_seconds + 1 for _, _, r, _ in runs[2:]), figures
    return figures


@test
def out_of_memory(server):
    """A job that slips past the memory estimate (max-job-memory set far above the heap) hits a real
    OutOfMemoryError: that job fails with an incident, the service stays up and keeps training."""
    port = server.port
    status, job = submit(port, {"data": {"samples": 100000, "features": 512}, "model": {"hiddenLayers": [512]},
                                "training": {"epochs": 1}})
    assert status == 202, f"{status} {job}"
    _, ended = lib.wait_ended(port, job["id"], 180)
    status2, injected = submit(port, {"name": "fault:oom@3", "training": {"epochs": 10}})
    _, injected = lib.wait_ended(port, injected["id"])
    health = lib.request(port, "GET", "/actuator/health")[0]
    _, after = submit(port, {"training": {"epochs": 50}})
    _, after = lib.wait_ended(port, after["id"])
    names = [n for n in server.thread_names() if n.startswith("mlp-job-")]
    code = (ended.get("error") or {}).get("code")
    figures = (f"heap {server.heap}: the oversized job ended {ended['status']}/{code}, an injected OutOfMemoryError "
               f"{injected['status']}/{(injected.get('error') or {}).get('code')}; health {health}, the next job "
               f"{after['status']}, workers {sorted(names)}")
    assert server.alive() and health == 200 and after["status"] == "SUCCEEDED", figures
    assert ended["status"] == "FAILED" and code == "INTERNAL" and injected["status"] == "FAILED", figures
    assert len(names) == os.cpu_count(), figures
    return figures


@test
def kill_9(server):
    """kill -9 and a restart on the same port: the in-memory store is gone, the service is whole."""
    port = server.port
    ids = []
    for _ in range(5):
        _, job = submit(port, {"training": {"epochs": 10}})
        ids.append(job["id"])
    _, running = submit(port, {"training": {"epochs": 100000}})
    ids.append(running["id"])
    server.kill9()
    server.args = [a for a in server.args if not a.startswith("--mlp.jobs.max-runtime")]
    server.start()
    ready = server.wait_ready()
    after = collections.Counter(lib.request(port, "GET", f"/api/v1/jobs/{i}")[0] for i in ids)
    _, page, _ = lib.jrequest(port, "GET", "/api/v1/jobs")
    status, job = submit(port, {})
    _, job = lib.wait_ended(port, job["id"])
    figures = (f"{len(ids)} jobs (1 running) before kill -9; ready again in {ready:.1f} s; old ids answer "
               f"{dict(after)}, list holds {len(page['jobs'])}; a new {{}} job {job['status']} with test accuracy "
               f"{job['result']['testAccuracy']}")
    assert after == {404: len(ids)} and len(page["jobs"]) == 0, figures
    assert job["status"] == "SUCCEEDED", figures
    return figures + " (the in-memory store loses every job, finished or not)"


@test
def sigterm_under_load(server, seconds):
    port = server.port
    before = lib.metric(lib.prometheus(port), "mlp_jobs_submitted_total")
    accepted, statuses, lock, stop = [], collections.Counter(), threading.Lock(), threading.Event()

    def worker():
        client = lib.Client(port, timeout=10)
        while not stop.is_set():
            try:
                status, body = client("POST", "/api/v1/jobs", {"training": {"epochs": random.choice([100, 5000])}})
            except OSError:
                status = "refused"
                time.sleep(0.05)
            with lock:
                statuses[status] += 1
                if status == 202:
                    accepted.append(body["id"])
        client.close()
    threads = [threading.Thread(target=worker) for _ in range(16)]
    for t in threads:
        t.start()
    time.sleep(seconds)
    elapsed, code = server.terminate()
    time.sleep(0.5)
    stop.set()
    for t in threads:
        t.join()
    log = server.log().split("Shutting down: cancelled")[-1]
    summary = {m.group(1): int(m.group(2)) for m in re.finditer(r"Jobs at shutdown: (\w+) (\d+)", log)}
    total = sum(summary.values())
    figures = (f"{seconds} s of 16 POST loops then SIGTERM: exit {code} in {elapsed:.2f} s; {dict(statuses)}; "
               f"shutdown log {summary} = {total} jobs for {len(accepted)} accepted (+{before:.0f} before)")
    assert set(statuses) <= {202, 429, 503, "refused"}, figures
    assert total == len(accepted) + before and summary.get("RUNNING", 0) == 0 and summary.get("QUEUED", 0) == 0, figures
    assert code in (0, 143) and elapsed < 30, figures
    return figures


@test
def quiet_log(server):
    """Nothing the main server was sent is a fault of its own: its log has no ERROR and no stack trace."""
    log = server.log()
    errors = re.findall(r"^.* ERROR .*$", log, re.M)
    traces = len(re.findall(r"^\tat ", log, re.M))
    figures = f"main server log: {len(log.splitlines())} lines, {len(errors)} ERROR, {traces} stack frames"
    assert not errors and not traces, figures + ": " + " | ".join(errors[:3])
    return figures


def main():
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("profile", choices=PROFILES)
    parser.add_argument("--jar", required=True)
    parser.add_argument("--soak-minutes", type=float)
    parser.add_argument("--only", help="comma-separated test names")
    args = parser.parse_args()
    p = dict(PROFILES[args.profile])
    if args.soak_minutes is not None:
        p["soak_minutes"] = args.soak_minutes
    only = set(args.only.split(",")) if args.only else None
    log_dir = tempfile.mkdtemp(prefix="mlp-battery-")
    print(f"battery {args.profile}: {args.jar}, {os.cpu_count()} cores, logs in {log_dir}", flush=True)

    def wanted(name):
        return only is None or name in only
    main_server = lib.Server("main", args.jar, log_dir).start()
    faults = lib.Server("faults", args.jar, log_dir, heap="256m",
                        args=["--mlp.faults.enabled=true", "--mlp.jobs.max-runtime=3s",
                              "--mlp.jobs.queue-capacity=1000", "--mlp.limits.max-job-memory=8GB",
                              # sigterm_under_load counts every job it got in the shutdown log: keep them all,
                              # where the default retention would forget the oldest finished beyond 1000
                              "--mlp.jobs.retained=100000"]).start()
    try:
        print(f"servers ready in {main_server.wait_ready():.1f} s and {faults.wait_ready():.1f} s", flush=True)
        port = main_server.port
        _, doc, _ = lib.jrequest(port, "GET", "/v3/api-docs")
        schema = fuzz.Schema(doc)
        _, first = submit(port, {"training": {"epochs": 10}})
        lib.wait_ended(port, first["id"])
        if wanted("hostile_corpus"):
            hostile_corpus(port, first["id"])
        if wanted("fuzz_valid_specs"):
            fuzz_valid_specs(port, schema, p["fuzz_valid"])
        if wanted("fuzz_mutated_specs"):
            fuzz_mutated_specs(port, schema, p["fuzz_mutated"])
        if wanted("limits"):
            limits(port)
        if wanted("actuator_lockdown"):
            actuator_lockdown(port)
        if wanted("admission_burst"):
            admission_burst(port, p["burst_seconds"])
        if wanted("polling_storm"):
            polling_storm(port, p["storm_seconds"])
        if wanted("cancel_races"):
            cancel_races(port, p["race_jobs"], p["race_seconds"])
        if wanted("faults_in_jobs"):
            faults_in_jobs(faults, p["fault_jobs"])
        if wanted("max_runtime"):
            max_runtime(faults, 3)
        if wanted("out_of_memory"):
            out_of_memory(faults)
        if wanted("kill_9"):
            kill_9(faults)
        if wanted("sigterm_under_load"):
            sigterm_under_load(faults, p["sigterm_seconds"])
        if wanted("soak"):
            soak(main_server, p["soak_minutes"])
        if only is None:
            quiet_log(main_server)
    finally:
        main_server.stop()
        faults.stop()
    failed = [name for name, outcome in results if outcome == "FAIL"]
    print(f"battery {args.profile}: {len(results) - len(failed)} passed, {len(failed)} failed"
          + (f" ({', '.join(failed)})" if failed else ""), flush=True)
    return len(failed)


if __name__ == "__main__":
    sys.exit(main())
