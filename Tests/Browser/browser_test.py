#!/usr/bin/env python3
"""End to end in a real browser: headless Chromium against the reference server.

The seed's bug was a browser refusing the backend's answers ("No 'Access-Control-Allow-Origin'
header is present"). curl cannot show that; only a browser enforces CORS and WebSocket origins.

  1. From the allowed origin (http://localhost:3000) the page lists projects with fetch, uploads a
     body over the 1 MiB limit (it must read the 413: with no CORS headers on it, the browser would
     report a CORS failure instead), creates a project, a workflow and an execution, and streams the
     execution over a WebSocket: it must see `connected`, then `execution-update` messages up to
     `completed`.
  2. From a refused origin (http://127.0.0.1:3002) the same fetch must fail with a TypeError and
     the upgrade must fail without `onopen`; the server log must show the 403.
  3. A screenshot of each page goes to .build-browser/ as evidence.

Builds nothing: SERVER_BIN names the server binary (default: .build/release/server, as
`swift build -c release --product server` leaves it). Run through Tests/Browser/run.sh.
Exit 0 when every check passes; the last line is `browser: N passed, M failed`.
"""

import functools
import http.server
import json
import os
import shutil
import signal
import socket
import subprocess
import sys
import tempfile
import threading
import time
import urllib.request

# Never let Selenium Manager reach for the network: the driver is Debian's chromedriver.
os.environ.setdefault("SE_OFFLINE", "true")

from selenium import webdriver  # noqa: E402
from selenium.webdriver.chrome.service import Service  # noqa: E402

ROOT = os.path.abspath(os.path.join(os.path.dirname(__file__), "..", ".."))
PAGE_DIR = os.path.dirname(os.path.abspath(__file__))
EVIDENCE_DIR = os.path.join(ROOT, ".build-browser")
SERVER_BIN = os.environ.get("SERVER_BIN", os.path.join(ROOT, ".build", "release", "server"))
CHROMEDRIVER = os.environ.get("CHROMEDRIVER", "/usr/bin/chromedriver")
CHROMIUM = os.environ.get("CHROMIUM", "/usr/bin/chromium")
API_PORT = int(os.environ.get("BROWSER_API_PORT", "3001"))
PAGE_PORT = int(os.environ.get("BROWSER_PAGE_PORT", "3000"))
REFUSED_PORT = int(os.environ.get("BROWSER_REFUSED_PORT", "3002"))
TOKEN = "justin-access-token"

API = f"http://localhost:{API_PORT}"
ALLOWED_ORIGIN = f"http://localhost:{PAGE_PORT}"
REFUSED_ORIGIN = f"http://127.0.0.1:{REFUSED_PORT}"


class Checks:
    """Counts named checks and prints each as it is decided."""

    def __init__(self):
        self.passed = 0
        self.failed = []

    def check(self, name, ok, detail=""):
        if ok:
            self.passed += 1
        else:
            self.failed.append(name)
        print(f"  [{'PASS' if ok else 'FAIL'}] {name}" + (f" — {detail}" if detail else ""), flush=True)
        return ok


class QuietHandler(http.server.SimpleHTTPRequestHandler):
    """Serves Tests/Browser without logging every request."""

    def log_message(self, format, *args):
        pass

    def end_headers(self):
        self.send_header("Cache-Control", "no-store")
        super().end_headers()


def port_is_free(port):
    with socket.socket(socket.AF_INET, socket.SOCK_STREAM) as probe:
        probe.setsockopt(socket.SOL_SOCKET, socket.SO_REUSEADDR, 1)
        try:
            probe.bind(("127.0.0.1", port))
            return True
        except OSError:
            return False


def serve_pages(port):
    handler = functools.partial(QuietHandler, directory=PAGE_DIR)
    server = http.server.ThreadingHTTPServer(("127.0.0.1", port), handler)
    threading.Thread(target=server.serve_forever, daemon=True).start()
    return server


def start_server(database_path, log_file):
    env = dict(os.environ)
    env.update({
        "HOST": "127.0.0.1",
        "PORT": str(API_PORT),
        # BROWSER_CORS_ORIGINS exists to watch the test fail (e.g. set it to another origin).
        "CORS_ORIGINS": os.environ.get("BROWSER_CORS_ORIGINS", ALLOWED_ORIGIN),
        "API_TOKENS": TOKEN,
        "DATABASE_PATH": database_path,
        "LOG_LEVEL": "info",
    })
    process = subprocess.Popen([SERVER_BIN], env=env, stdout=log_file, stderr=subprocess.STDOUT,
                               stdin=subprocess.DEVNULL, start_new_session=True)
    deadline = time.monotonic() + 30
    while time.monotonic() < deadline:
        if process.poll() is not None:
            raise RuntimeError(f"server exited early with status {process.returncode}")
        try:
            with urllib.request.urlopen(f"http://127.0.0.1:{API_PORT}/health", timeout=1) as response:
                if response.status == 200:
                    return process
        except OSError:
            time.sleep(0.2)
    process.kill()
    raise RuntimeError("server did not answer /health within 30 s")


def stop_server(process):
    if process.poll() is None:
        process.send_signal(signal.SIGTERM)
        try:
            process.wait(timeout=10)
        except subprocess.TimeoutExpired:
            process.kill()
            process.wait()
    return process.returncode


def start_browser():
    options = webdriver.ChromeOptions()
    options.binary_location = CHROMIUM
    for argument in ("--headless=new", "--no-sandbox", "--disable-dev-shm-usage", "--disable-gpu",
                     "--window-size=1000,800", "--no-first-run", "--no-default-browser-check",
                     "--disable-extensions", "--disable-background-networking"):
        options.add_argument(argument)
    options.set_capability("goog:loggingPrefs", {"browser": "ALL"})
    service = Service(executable_path=CHROMEDRIVER)
    driver = webdriver.Chrome(service=service, options=options)
    driver.set_script_timeout(60)
    driver.set_page_load_timeout(30)
    return driver


def browser_console(driver):
    try:
        return [entry.get("message", "") for entry in driver.get_log("browser")]
    except Exception as error:  # the log endpoint is optional; its absence is no failure
        return [f"(console log unavailable: {error})"]


def show(label, value):
    print(f"  {label}: {json.dumps(value, indent=None, sort_keys=True)}", flush=True)


def run_allowed(driver, checks):
    print(f"\n== allowed origin {ALLOWED_ORIGIN} -> {API}", flush=True)
    driver.get(f"{ALLOWED_ORIGIN}/page.html")
    results = driver.execute_async_script(
        "const done = arguments[arguments.length - 1]; window.runAllowed(arguments[0], done);", API)
    for step in results["steps"]:
        checks.check(f"browser: {step['name']}", step["ok"], step.get("detail") or "")
    messages = results.get("messages", [])
    types = [message.get("type") for message in messages]
    checks.check("messages start with connected, then execution-update",
                 len(types) >= 2 and types[0] == "connected" and "execution-update" in types[1:],
                 f"types {types}")
    statuses = [message.get("status") for message in messages if message.get("type") == "execution-update"]
    checks.check("final execution-update says completed", bool(statuses) and statuses[-1] == "completed",
                 f"statuses {statuses}")
    for message in messages:
        show("message", message)
    driver.save_screenshot(os.path.join(EVIDENCE_DIR, "evidence.png"))
    return results


def run_refused(driver, checks, execution_id):
    print(f"\n== refused origin {REFUSED_ORIGIN} -> {API}", flush=True)
    driver.get(f"{REFUSED_ORIGIN}/page.html")
    results = driver.execute_async_script(
        "const done = arguments[arguments.length - 1]; window.runRefused(arguments[0], arguments[1], done);",
        API, execution_id)
    for step in results["steps"]:
        checks.check(f"browser: {step['name']}", step["ok"], step.get("detail") or "")
    show("fetch", results.get("fetch"))
    stream = dict(results.get("stream") or {})
    stream["url"] = str(stream.get("url", "")).replace(TOKEN, "<token>")
    show("stream", stream)
    driver.save_screenshot(os.path.join(EVIDENCE_DIR, "evidence-refused.png"))
    return results


def server_log_lines(path):
    lines = []
    with open(path, encoding="utf-8", errors="replace") as handle:
        for raw in handle:
            try:
                lines.append(json.loads(raw))
            except ValueError:
                continue
    return lines


def record_pids(*pids):
    """Lets run.sh's exit trap end what this script started if the script itself is killed."""
    with open(os.path.join(EVIDENCE_DIR, "pids"), "w") as handle:
        handle.write("".join(f"{pid}\n" for pid in pids if pid))


def main():
    # SIGTERM (run.sh's trap, CI's timeout) unwinds through `finally`, which stops the children.
    signal.signal(signal.SIGTERM, lambda *_: sys.exit(143))
    checks = Checks()
    for path, what in ((SERVER_BIN, "server binary (SERVER_BIN)"), (CHROMEDRIVER, "chromedriver"), (CHROMIUM, "chromium")):
        if not os.access(path, os.X_OK):
            print(f"browser test: {what} not found at {path}", file=sys.stderr)
            print("browser: 0 passed, 1 failed")
            return 1
    busy = [port for port in (API_PORT, PAGE_PORT, REFUSED_PORT) if not port_is_free(port)]
    if busy:
        print(f"browser test: port(s) {busy} already in use on 127.0.0.1; stop whatever holds them", file=sys.stderr)
        print("browser: 0 passed, 1 failed")
        return 1

    os.makedirs(EVIDENCE_DIR, exist_ok=True)
    workdir = tempfile.mkdtemp(prefix="swallow-browser-")
    log_path = os.path.join(EVIDENCE_DIR, "server.log")
    servers, process, driver = [], None, None
    try:
        with open(log_path, "w") as log_file:
            process = start_server(os.path.join(workdir, "server.sqlite"), log_file)
            print(f"server: {SERVER_BIN} on 127.0.0.1:{API_PORT}, CORS_ORIGINS={ALLOWED_ORIGIN}", flush=True)
            servers = [serve_pages(PAGE_PORT), serve_pages(REFUSED_PORT)]
            record_pids(process.pid)
            driver = start_browser()
            record_pids(process.pid, getattr(driver.service.process, "pid", None))
            print(f"browser: {driver.capabilities.get('browserName')} {driver.capabilities.get('browserVersion')}",
                  flush=True)

            allowed = run_allowed(driver, checks)
            execution_id = allowed.get("executionId")
            if not checks.check("allowed scenario produced an execution id", bool(execution_id)):
                execution_id = "missing"
            run_refused(driver, checks, execution_id)
            console = browser_console(driver)

        # Stop first: stdout to a file may be block-buffered until the server exits.
        code = stop_server(process)
        checks.check("server exits 0 on SIGTERM", code == 0, f"exit status {code}")
        print("\n== server side", flush=True)
        lines = server_log_lines(log_path)
        stream_path = f"/api/v1/workflows/{execution_id}/stream"
        upgrades = [line for line in lines if str(line.get("url", "")).startswith(stream_path)]
        statuses = [int(line.get("status", 0)) for line in upgrades]
        checks.check("server log shows the refused upgrade answered 403", 403 in statuses,
                     f"stream request statuses {statuses}")
        print("\n== browser console (CORS and WebSocket errors expected from the refused origin)")
        for entry in console:
            print(f"  {entry.replace(TOKEN, '<token>')}")
        if not any(entry.startswith("(console log unavailable") for entry in console):
            refused = [entry for entry in console if entry.startswith(REFUSED_ORIGIN)]
            allowed = [entry for entry in console if entry.startswith(ALLOWED_ORIGIN)]
            checks.check("console: the browser blames CORS for the refused fetch",
                         any("blocked by CORS policy" in entry for entry in refused))
            checks.check("console: the browser saw 403 on the refused upgrade",
                         any("Unexpected response code: 403" in entry for entry in refused))
            checks.check("console: no errors from the allowed origin", not allowed, f"{len(allowed)} entries")
    except Exception as error:
        checks.check("test ran to completion", False, f"{type(error).__name__}: {error}")
    finally:
        if driver is not None:
            try:
                driver.quit()
            except Exception:
                pass
        for server in servers:
            server.shutdown()
            server.server_close()
        if process is not None and process.poll() is None:
            stop_server(process)
        shutil.rmtree(workdir, ignore_errors=True)
        try:
            os.remove(os.path.join(EVIDENCE_DIR, "pids"))  # all ended: nothing for run.sh's trap
        except OSError:
            pass

    print(f"\nevidence: {os.path.join(EVIDENCE_DIR, 'evidence.png')} (refused origin: evidence-refused.png), "
          f"server log: {log_path}")
    if checks.failed:
        print("failed checks: " + "; ".join(checks.failed), file=sys.stderr)
    print(f"browser: {checks.passed} passed, {len(checks.failed)} failed")
    return 0 if not checks.failed else 1


if __name__ == "__main__":
    sys.exit(main())
