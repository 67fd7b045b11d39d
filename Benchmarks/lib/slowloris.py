"""Slowloris: many connections trickle a request head while a normal client measures GET /health.

Slow connections send `GET /health HTTP/1.1\r\nHost: x\r\nX-a: b…` one byte every `--interval`
seconds and never finish the head; when the server closes one, the time it was held is recorded and
it is reopened (as an attacker would). A probe thread sends GET /health every 20 ms, alternating a
kept-alive connection and a fresh one, and records latency. The server's fd count is read from
/proc/PID/fd every 0.5 s. Then the overflow phase opens connections past MAX_CONNECTIONS and checks the
extra ones are closed at once (EOF or reset) while the server stays up and serves again afterwards.
"""
import errno
import http.client
import os
import selectors
import socket
import sys
import tempfile
import threading
import time

sys.path.insert(0, os.path.dirname(__file__))
from benchlib import Server, fd_count, percentile, server_arguments  # noqa: E402

HEAD = b"GET /health HTTP/1.1\r\nHost: x\r\n" + b"X-slow: " + b"a" * 4000


def open_slow(port):
    sock = socket.create_connection(("127.0.0.1", port), timeout=5)
    sock.setblocking(False)
    return sock


def probe(port, stop, latencies, failures):
    kept = None
    n = 0
    while not stop.is_set() and n < 1_000_000:
        n += 1
        fresh = n % 2 == 0
        started = time.perf_counter()
        try:
            if fresh or kept is None:
                conn = http.client.HTTPConnection("127.0.0.1", port, timeout=5)
                if not fresh:
                    kept = conn
            else:
                conn = kept
            conn.request("GET", "/health")
            response = conn.getresponse()
            response.read()
            if response.status != 200:
                raise RuntimeError(f"HTTP {response.status}")
            latencies[fresh].append((time.perf_counter() - started) * 1000)
        except Exception as error:
            failures.append(f"{type(error).__name__}: {error}")
            if not fresh:
                kept = None
        finally:
            if fresh:
                conn.close()
        time.sleep(0.02)


def main():
    parser = server_arguments()
    parser.add_argument("--connections", type=int, default=500)
    parser.add_argument("--max-connections", type=int, default=600)
    parser.add_argument("--seconds", type=float, default=30)
    parser.add_argument("--interval", type=float, default=2.0, help="seconds between bytes")
    parser.add_argument("--header-timeout", type=float, default=10.0, help="the server's headerReadTimeout")
    parser.add_argument("--p99-target", type=float, default=50.0)
    args = parser.parse_args()

    workdir = tempfile.mkdtemp(prefix="slowloris-")
    server = Server(args.server, args.port, os.path.join(workdir, "db.sqlite"),
                    extra_env={"MAX_CONNECTIONS": str(args.max_connections)})
    server.start()
    base_fds = fd_count(server.pid)

    selector = selectors.DefaultSelector()
    slow = {}  # socket -> (opened_at, bytes_sent)
    held, open_failures, reopened = [], 0, 0
    for _ in range(args.connections):
        try:
            sock = open_slow(args.port)
            slow[sock] = [time.monotonic(), 0]
            selector.register(sock, selectors.EVENT_READ)
        except OSError:
            open_failures += 1

    stop = threading.Event()
    latencies, failures = {False: [], True: []}, []
    prober = threading.Thread(target=probe, args=(args.port, stop, latencies, failures))
    prober.start()
    fd_samples = []
    started = time.monotonic()
    next_byte = started
    next_sample = started
    while time.monotonic() - started < args.seconds:
        now = time.monotonic()
        if now >= next_sample:
            fd_samples.append((round(now - started, 1), fd_count(server.pid)))
            next_sample += 0.5
        if now >= next_byte:
            for sock, state in list(slow.items()):
                try:
                    sock.send(HEAD[state[1] % len(HEAD):state[1] % len(HEAD) + 1])
                    state[1] += 1
                except OSError:
                    pass  # noticed as a close below
            next_byte += args.interval
        for key, _ in selector.select(timeout=0.1):
            sock = key.fileobj
            try:
                sock.recv(4096)  # a 408 answer or EOF: either way the server gave up on this head
            except BlockingIOError:
                continue
            except OSError:
                pass
            held.append(now - slow[sock][0])
            selector.unregister(sock)
            sock.close()
            del slow[sock]
            try:
                fresh = open_slow(args.port)
                slow[fresh] = [time.monotonic(), 0]
                selector.register(fresh, selectors.EVENT_READ)
                reopened += 1
            except OSError:
                open_failures += 1
    stop.set()
    prober.join(timeout=10)
    fds_during = max(f for _, f in fd_samples)

    # Overflow: fill up to the limit and 50 past it; the extra ones must be closed at once.
    extra = []
    overflow_target = max(0, args.max_connections - len(slow)) + 50
    for _ in range(overflow_target):
        try:
            extra.append(socket.create_connection(("127.0.0.1", args.port), timeout=5))
        except OSError:
            open_failures += 1
    time.sleep(1.0)
    closed_at_once = 0
    for sock in extra:
        sock.setblocking(False)
        try:
            if sock.recv(1) == b"":
                closed_at_once += 1
        except BlockingIOError:
            pass
        except OSError as error:
            if error.errno in (errno.ECONNRESET, errno.EPIPE):
                closed_at_once += 1
    fds_overflow = fd_count(server.pid)
    alive = server.process.poll() is None
    for sock in extra + list(slow):
        sock.close()
    # Capacity returns once the attackers leave.
    time.sleep(1.0)
    recovered = False
    try:
        conn = http.client.HTTPConnection("127.0.0.1", args.port, timeout=5)
        conn.request("GET", "/health")
        recovered = conn.getresponse().status == 200
        conn.close()
    except OSError:
        pass
    server.stop()

    every = latencies[False] + latencies[True]
    p50, p99 = percentile(every, 50), percentile(every, 99)
    limit_fds = args.max_connections + base_fds + 10  # listener, epoll, eventfds, SQLite files, probe
    expected_refused = overflow_target - max(0, args.max_connections - args.connections)
    print("== slowloris summary ==")
    print(f"slow connections         {args.connections}, one byte every {args.interval:g} s for {args.seconds:g} s (MAX_CONNECTIONS={args.max_connections})")
    print(f"server closed slow ones  {len(held)} (reopened {reopened}); held for " +
          (f"min {min(held):.1f} s / p50 {percentile(held, 50):.1f} s / max {max(held):.1f} s" if held else "— none closed"))
    print(f"GET /health probes       {len(every)} ok, {len(failures)} failed {sorted(set(failures))[:3]}")
    print(f"  latency all            p50 {p50:.2f} ms, p99 {p99:.2f} ms (target p99 < {args.p99_target:g} ms)")
    print(f"  kept-alive / fresh     p99 {percentile(latencies[False], 99):.2f} ms / {percentile(latencies[True], 99):.2f} ms")
    print(f"server fds               idle {base_fds}, max during {fds_during}, at overflow {fds_overflow} (limit {args.max_connections} + {limit_fds - args.max_connections} base)")
    print("fd samples (s:fds)       " + " ".join(f"{t:g}:{f}" for t, f in fd_samples[::4]))
    print(f"overflow                 opened {len(extra)} more; closed at once by the server {closed_at_once} (expected ≥ {expected_refused})")
    print(f"server alive / serves after   {alive} / {recovered}")
    slow_closed_ok = bool(held) and max(held) < args.header_timeout + 2 * args.interval + 2
    ok = (p99 < args.p99_target and not failures and fds_during <= limit_fds and fds_overflow <= limit_fds
          and closed_at_once >= expected_refused and alive and recovered and slow_closed_ok)
    if not slow_closed_ok:
        print(f"!! slow connections were not closed within the header timeout ({args.header_timeout:g} s)")
    print(f"RESULT: {'PASS' if ok else 'FAIL'}")
    return 0 if ok else 1


if __name__ == "__main__":
    sys.exit(main())
