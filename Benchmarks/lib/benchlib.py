"""Small helpers shared by the server benchmarks: start/stop the server, call the REST API, read /proc."""
import argparse
import http.client
import json
import os
import signal
import subprocess
import time

TOKEN = os.environ.get("BENCH_TOKEN", "bench-token")


class Server:
    """The release server on 127.0.0.1:port with its own database; start/kill/stop it."""

    def __init__(self, binary, port, database, extra_env=None, log_path=None):
        self.binary, self.port, self.database = binary, port, database
        self.extra_env = extra_env or {}
        self.log_path = log_path or database + ".log"
        self.process = None

    def start(self, timeout=15.0):
        env = dict(os.environ, HOST="127.0.0.1", PORT=str(self.port), DATABASE_PATH=self.database,
                   API_TOKENS=TOKEN, LOG_LEVEL=os.environ.get("SERVER_LOG_LEVEL", "warn"), **self.extra_env)
        log = open(self.log_path, "ab")
        self.process = subprocess.Popen([self.binary], env=env, stdout=log, stderr=log)
        deadline = time.monotonic() + timeout
        while time.monotonic() < deadline:
            if self.process.poll() is not None:
                raise RuntimeError(f"server exited with {self.process.returncode}; see {self.log_path}")
            try:
                status, _ = request(self.port, "GET", "/health", timeout=1.0)
                if status == 200:
                    return self
            except OSError:
                pass
            time.sleep(0.05)
        raise RuntimeError("server did not answer /health in time")

    @property
    def pid(self):
        return self.process.pid

    def kill9(self):
        self.process.send_signal(signal.SIGKILL)
        self.process.wait(timeout=10)

    def stop(self):
        if self.process and self.process.poll() is None:
            self.process.send_signal(signal.SIGTERM)
            try:
                self.process.wait(timeout=15)
            except subprocess.TimeoutExpired:
                self.kill9()


def request(port, method, path, body=None, timeout=10.0, connection=None):
    """One HTTP request with the bearer token; returns (status, parsed JSON or None)."""
    own = connection is None
    conn = connection or http.client.HTTPConnection("127.0.0.1", port, timeout=timeout)
    try:
        headers = {"authorization": f"Bearer {TOKEN}"}
        payload = None
        if body is not None:
            payload = json.dumps(body).encode()
            headers["content-type"] = "application/json"
        conn.request(method, path, body=payload, headers=headers)
        response = conn.getresponse()
        data = response.read()
        try:
            parsed = json.loads(data) if data else None
        except ValueError:
            parsed = None
        return response.status, parsed
    finally:
        if own:
            conn.close()


def unwrap(body):
    """The resource in a response body, whether or not the API wraps it in `data`."""
    if isinstance(body, dict) and "data" in body and isinstance(body["data"], (dict, list)):
        return body["data"]
    return body


def create_workflow(port, name, steps):
    """Creates a project and a workflow with `steps`; returns the workflow id."""
    status, project = request(port, "POST", "/api/v1/projects", {"name": f"{name}-project"})
    assert 200 <= status < 300, (status, project)
    project_id = unwrap(project)["id"]
    status, workflow = request(port, "POST", f"/api/v1/projects/{project_id}/workflows", {"name": name, "steps": steps})
    assert 200 <= status < 300, (status, workflow)
    return unwrap(workflow)["id"]


def delay_steps(count, ms, prefix="d"):
    """`count` delay steps of `ms` milliseconds each."""
    return [{"id": f"{prefix}{i}", "name": f"{prefix}{i}", "kind": "delay", "config": {"ms": ms}} for i in range(count)]


def start_execution(port, workflow_id, connection=None):
    """Starts an execution (expects 202); returns its id."""
    status, body = request(port, "POST", f"/api/v1/workflows/{workflow_id}/executions", {}, connection=connection)
    assert status == 202, (status, body)
    return unwrap(body)["id"]


def rss_kib(pid):
    """VmRSS of `pid` in KiB, from /proc."""
    with open(f"/proc/{pid}/status") as status:
        for line in status:
            if line.startswith("VmRSS:"):
                return int(line.split()[1])
    return 0


def rss_split_kib(pid):
    """(RssAnon, RssFile) of `pid` in KiB: heap versus mapped files (binary, libraries, SQLite shm)."""
    parts = {}
    with open(f"/proc/{pid}/status") as status:
        for line in status:
            if line.startswith(("RssAnon:", "RssFile:")):
                parts[line.split(":")[0]] = int(line.split()[1])
    return parts.get("RssAnon", 0), parts.get("RssFile", 0)


def fd_count(pid):
    """Open file descriptors of `pid`, from /proc/PID/fd."""
    return len(os.listdir(f"/proc/{pid}/fd"))


def percentile(values, p):
    """The p-th percentile (nearest rank) of `values`; NaN when empty."""
    if not values:
        return float("nan")
    ordered = sorted(values)
    rank = max(0, min(len(ordered) - 1, int(round(p / 100.0 * len(ordered) + 0.5)) - 1))
    return ordered[rank]


def server_arguments():
    """An argument parser with the two options every server benchmark takes: --server (the binary) and --port."""
    parser = argparse.ArgumentParser()
    parser.add_argument("--server", required=True)
    parser.add_argument("--port", type=int, required=True)
    return parser
