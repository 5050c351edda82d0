"""The battery's plumbing: starting the jar, HTTP over http.client and over raw sockets, wrk, process figures."""

import http.client
import json
import os
import re
import signal
import socket
import subprocess
import tempfile
import time
import urllib.parse

ROOT = os.path.abspath(os.path.join(os.path.dirname(__file__), "..", ".."))


def free_port():
    with socket.socket() as s:
        s.bind(("127.0.0.1", 0))
        return s.getsockname()[1]


class Server:
    """One MLP Lab process from the packaged jar, on a port of its own, logging to a file."""

    def __init__(self, name, jar, log_dir, args=(), heap="1g", port=None):
        self.name, self.jar, self.args, self.heap = name, jar, list(args), heap
        self.port = port or free_port()
        self.log_path = os.path.join(log_dir, f"{name}.log")
        self.process = None
        self.log_file = None

    def start(self):
        command = ["java", "--add-modules", "jdk.incubator.vector", f"-Xmx{self.heap}", "-jar", self.jar,
                   f"--server.port={self.port}"] + self.args
        self.log_file = open(self.log_path, "ab")
        self.process = subprocess.Popen(command, stdout=self.log_file, stderr=subprocess.STDOUT,
                                        start_new_session=True)
        self.started = time.monotonic()
        return self

    def wait_ready(self, timeout=240):
        deadline = time.monotonic() + timeout
        while time.monotonic() < deadline:
            if self.process.poll() is not None:
                raise AssertionError(f"{self.name} exited with {self.process.returncode} while starting; see {self.log_path}")
            try:
                status, _, _ = request(self.port, "GET", "/actuator/health/readiness", timeout=2)
                if status == 200:
                    return time.monotonic() - self.started
            except OSError:
                pass
            time.sleep(0.2)
        raise AssertionError(f"{self.name} not ready after {timeout} s; see {self.log_path}")

    @property
    def pid(self):
        return self.process.pid

    def alive(self):
        return self.process is not None and self.process.poll() is None

    def terminate(self, timeout=90):
        """SIGTERM; the seconds until the process is gone and its exit code."""
        start = time.monotonic()
        self.process.send_signal(signal.SIGTERM)
        try:
            code = self.process.wait(timeout)
        except subprocess.TimeoutExpired:
            self.process.kill()
            code = self.process.wait()
        self.log_file.close()
        return time.monotonic() - start, code

    def kill9(self):
        self.process.send_signal(signal.SIGKILL)
        self.process.wait()
        self.log_file.close()

    def stop(self):
        if self.alive():
            self.terminate()

    def log(self):
        with open(self.log_path, "rb") as f:
            return f.read().decode("utf-8", "replace")

    # --- figures of the process ---
    def threads(self):
        with open(f"/proc/{self.pid}/status") as f:
            return int(re.search(r"^Threads:\s+(\d+)", f.read(), re.M).group(1))

    def fds(self):
        return len(os.listdir(f"/proc/{self.pid}/fd"))

    def rss_mb(self):
        with open(f"/proc/{self.pid}/status") as f:
            return int(re.search(r"^VmRSS:\s+(\d+)", f.read(), re.M).group(1)) / 1024

    def heap_after_gc_mb(self):
        """Heap in use right after a full collection (jcmd GC.run), so that garbage does not count."""
        subprocess.run(["jcmd", str(self.pid), "GC.run"], capture_output=True, timeout=60)
        out = subprocess.run(["jcmd", str(self.pid), "GC.heap_info"], capture_output=True, text=True,
                             timeout=60).stdout
        m = re.search(r"used (\d+)K", out)
        return int(m.group(1)) / 1024 if m else float("nan")

    def thread_names(self):
        out = subprocess.run(["jcmd", str(self.pid), "Thread.print"], capture_output=True, text=True,
                             timeout=60).stdout
        return re.findall(r'^"([^"]+)"', out, re.M)


def request(port, method, path, body=None, headers=None, timeout=30):
    """One request on a fresh connection: (status, headers with lower-case names, body bytes)."""
    conn = http.client.HTTPConnection("127.0.0.1", port, timeout=timeout)
    try:
        if isinstance(body, (dict, list)):
            body = json.dumps(body)
        if isinstance(body, str):
            body = body.encode()
        hs = dict(headers or {})
        if body is not None and "Content-Type" not in hs:
            hs["Content-Type"] = "application/json"
        conn.request(method, path, body=body, headers=hs)
        r = conn.getresponse()
        data = r.read()
        return r.status, {k.lower(): v for k, v in r.getheaders()}, data
    finally:
        conn.close()


def jrequest(port, method, path, body=None, headers=None, timeout=30):
    status, hs, data = request(port, method, path, body, headers, timeout)
    try:
        parsed = json.loads(data) if data else None
    except ValueError:
        parsed = None
    return status, parsed, hs


class Client:
    """A keep-alive connection for one thread; reconnects after an error."""

    def __init__(self, port, timeout=60):
        self.port, self.timeout, self.conn = port, timeout, None

    def __call__(self, method, path, body=None):
        for attempt in range(2):
            try:
                if self.conn is None:
                    self.conn = http.client.HTTPConnection("127.0.0.1", self.port, timeout=self.timeout)
                payload = json.dumps(body).encode() if isinstance(body, (dict, list)) else body
                hs = {"Content-Type": "application/json"} if payload is not None else {}
                self.conn.request(method, path, body=payload, headers=hs)
                r = self.conn.getresponse()
                data = r.read()
                if r.getheader("Connection", "").lower() == "close":
                    self.close()
                try:
                    parsed = json.loads(data) if data else None
                except ValueError:
                    parsed = None
                return r.status, parsed
            except (OSError, http.client.HTTPException):
                self.close()
                if attempt:
                    raise
        raise AssertionError("unreachable")

    def close(self):
        if self.conn is not None:
            self.conn.close()
            self.conn = None


def raw(port, data, timeout=10):
    """Sends bytes as they are and reads one response (skipping 1xx): (status or None, headers, body)."""
    s = socket.create_connection(("127.0.0.1", port), timeout=timeout)
    try:
        s.sendall(data)
        try:
            s.shutdown(socket.SHUT_WR)
        except OSError:
            pass
        buf = b""
        deadline = time.monotonic() + timeout
        while True:
            head_end = buf.find(b"\r\n\r\n")
            if head_end >= 0:
                head = buf[:head_end].decode("latin-1")
                status_line, *lines = head.split("\r\n")
                m = re.match(r"HTTP/\d\.\d (\d{3})", status_line)
                status = int(m.group(1)) if m else None
                if status is not None and 100 <= status < 200:
                    buf = buf[head_end + 4:]
                    continue
                headers = {}
                for line in lines:
                    k, _, v = line.partition(":")
                    headers.setdefault(k.strip().lower(), v.strip())
                rest = buf[head_end + 4:]
                body = b"" if data.startswith(b"HEAD ") else _read_body(s, headers, rest, deadline)
                return status, headers, body
            if time.monotonic() > deadline:
                return None, {}, buf
            try:
                chunk = s.recv(65536)
            except (socket.timeout, ConnectionResetError):
                return None, {}, buf
            if not chunk:
                return None, {}, buf
            buf += chunk
    finally:
        s.close()


def _read_body(s, headers, rest, deadline):
    def more():
        if time.monotonic() > deadline:
            return b""
        try:
            return s.recv(65536)
        except (socket.timeout, ConnectionResetError):
            return b""
    if "content-length" in headers:
        n = int(headers["content-length"])
        while len(rest) < n:
            chunk = more()
            if not chunk:
                break
            rest += chunk
        return rest[:n]
    if headers.get("transfer-encoding", "").lower() == "chunked":
        body, data = b"", rest
        while True:
            while b"\r\n" not in data:
                chunk = more()
                if not chunk:
                    return body
                data += chunk
            line, data = data.split(b"\r\n", 1)
            size = int(line.split(b";")[0] or b"0", 16)
            if size == 0:
                return body
            while len(data) < size + 2:
                chunk = more()
                if not chunk:
                    return body + data
                data += chunk
            body, data = body + data[:size], data[size + 2:]
    while True:
        chunk = more()
        if not chunk:
            return rest
        rest += chunk


def wrk(port, path, seconds, connections=64, threads=2, method="GET", body=None):
    """Runs wrk; its figures: requests, per second, p50/p99 ms, statuses {code: n}, socket errors."""
    script = f"""
wrk.method = "{method}"
{"wrk.body = " + json.dumps(body) if body is not None else ""}
wrk.headers["Content-Type"] = "application/json"
local threads = {{}}
function setup(thread) table.insert(threads, thread) end
function init(args) statuses = {{}} end
function response(status, headers, body) statuses[status] = (statuses[status] or 0) + 1 end
function done(summary, latency, requests)
  io.write(string.format("REQUESTS %d\\nDURATION %d\\nP50 %d\\nP99 %d\\nMAX %d\\n", summary.requests,
    summary.duration, latency:percentile(50), latency:percentile(99), latency.max))
  io.write(string.format("ERRORS %d %d %d %d\\n", summary.errors.connect, summary.errors.read,
    summary.errors.write, summary.errors.timeout))
  for _, thread in ipairs(threads) do
    for status, n in pairs(thread:get("statuses")) do io.write(string.format("STATUS %d %d\\n", status, n)) end
  end
end
"""
    with tempfile.NamedTemporaryFile("w", suffix=".lua", delete=False) as f:
        f.write(script)
    try:
        out = subprocess.run(["wrk", "-t", str(threads), "-c", str(connections), "-d", f"{seconds}s",
                              "--timeout", "10s", "-s", f.name, f"http://127.0.0.1:{port}{path}"],
                             capture_output=True, text=True, timeout=seconds + 60).stdout
    finally:
        os.unlink(f.name)
    figures = {"statuses": {}}
    for line in out.splitlines():
        parts = line.split()
        if not parts:
            continue
        if parts[0] == "STATUS":
            figures["statuses"][int(parts[1])] = figures["statuses"].get(int(parts[1]), 0) + int(parts[2])
        elif parts[0] in ("REQUESTS", "DURATION", "P50", "P99", "MAX"):
            figures[parts[0].lower()] = int(parts[1])
        elif parts[0] == "ERRORS":
            figures["errors"] = sum(int(p) for p in parts[1:])
    if "requests" not in figures:
        raise AssertionError("wrk gave no figures: " + out[-500:])
    figures["rate"] = figures["requests"] / (figures["duration"] / 1e6)
    return figures


def prometheus(port):
    """The Prometheus scrape as {'name{labels}': value}."""
    _, _, data = request(port, "GET", "/actuator/prometheus")
    values = {}
    for line in data.decode().splitlines():
        if line and not line.startswith("#"):
            key, _, value = line.rpartition(" ")
            values[key] = float(value)
    return values


def metric(values, name, **labels):
    total = 0.0
    for key, value in values.items():
        if key == name or key.startswith(name + "{"):
            if all(f'{k}="{v}"' in key for k, v in labels.items()):
                total += value
    return total


def wait_ended(port, job_id, seconds=60):
    deadline = time.monotonic() + seconds
    while True:
        status, job, _ = jrequest(port, "GET", f"/api/v1/jobs/{job_id}?wait=30")
        if status != 200 or job["status"] in ("SUCCEEDED", "FAILED", "CANCELLED"):
            return status, job
        if time.monotonic() > deadline:
            return status, job


def quote(path):
    return urllib.parse.quote(path, safe="/?=&")
