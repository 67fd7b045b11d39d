"""Soak: wrk at c=256 on GET /api/v1/projects plus WebSocket clients streaming executions.

RSS is read from /proc/PID/status (VmRSS): at idle after start-up, after a warm-up (the first
`--warmup` seconds of load, half the run by default), every 10 s, at the end of the load, and idle
again afterwards. Growth = (end of load - after warm-up) / after warm-up: warm-up allocations
(connection buffers, task pools, SQLite's page cache, malloc's per-thread arenas) are not a leak;
steady growth under constant load is. Under this load the server's RSS levels off after about
90 s, so a warm-up of a tenth of a one-minute run (6 s) counted that filling as growth; the second
half of the run is where a leak shows and a cache does not.
"""
import json
import os
import re
import subprocess
import sys
import tempfile
import time

HERE = os.path.dirname(__file__)
sys.path.insert(0, HERE)
from benchlib import TOKEN, Server, create_workflow, delay_steps, request, rss_kib, rss_split_kib, fd_count, server_arguments  # noqa: E402


def parse_wrk(text):
    result = {"requests": 0, "non2xx": 0, "connect": 0, "read": 0, "write": 0, "timeout": 0, "rps": 0.0}
    if m := re.search(r"(\d+) requests in", text):
        result["requests"] = int(m.group(1))
    if m := re.search(r"Non-2xx or 3xx responses: (\d+)", text):
        result["non2xx"] = int(m.group(1))
    if m := re.search(r"Socket errors: connect (\d+), read (\d+), write (\d+), timeout (\d+)", text):
        result.update(connect=int(m.group(1)), read=int(m.group(2)), write=int(m.group(3)), timeout=int(m.group(4)))
    if m := re.search(r"Requests/sec:\s+([\d.]+)", text):
        result["rps"] = float(m.group(1))
    return result


def main():
    parser = server_arguments()
    parser.add_argument("--minutes", type=float, default=1.0)
    parser.add_argument("--connections", type=int, default=256)
    parser.add_argument("--threads", type=int, default=2)
    parser.add_argument("--ws-clients", type=int, default=200)
    parser.add_argument("--warmup", type=float, default=None, help="seconds; default half the run, at least 5")
    parser.add_argument("--max-growth", type=float, default=10.0)
    args = parser.parse_args()
    seconds = max(5.0, args.minutes * 60)
    warmup = args.warmup if args.warmup is not None else max(5.0, seconds / 2)

    workdir = tempfile.mkdtemp(prefix="soak-")
    server = Server(args.server, args.port, os.path.join(workdir, "db.sqlite"))
    server.start()
    try:
        workflow = create_workflow(args.port, "soak", delay_steps(10, 100))  # 1 s per execution, 11 updates
        for i in range(20):  # a realistic list for GET /projects
            request(args.port, "POST", "/api/v1/projects", {"name": f"soak-{i}"})
        time.sleep(1)
        rss_idle = rss_kib(server.pid)
        env = dict(os.environ, BENCH_TOKEN=TOKEN)
        wrk = subprocess.Popen(
            ["wrk", "-t", str(args.threads), "-c", str(args.connections), "-d", f"{int(seconds)}s", "--timeout", "5s",
             "-s", os.path.join(HERE, "auth.lua"), f"http://127.0.0.1:{args.port}/api/v1/projects"],
            stdout=subprocess.PIPE, stderr=subprocess.STDOUT, text=True, env=env)
        ws = subprocess.Popen(
            [sys.executable, os.path.join(HERE, "ws_soak.py"), "--port", str(args.port), "--workflow", workflow,
             "--clients", str(args.ws_clients), "--seconds", str(seconds)],
            stdout=subprocess.PIPE, stderr=subprocess.PIPE, text=True)
        start = time.monotonic()
        time.sleep(warmup)
        rss_warm = rss_kib(server.pid)
        anon_warm, file_warm = rss_split_kib(server.pid)
        samples = [(round(time.monotonic() - start), rss_warm, fd_count(server.pid))]
        while time.monotonic() - start < seconds - 1 and wrk.poll() is None:
            time.sleep(min(10, max(0.5, seconds - 1 - (time.monotonic() - start))))
            samples.append((round(time.monotonic() - start), rss_kib(server.pid), fd_count(server.pid)))
        rss_end = samples[-1][1]
        anon_end, file_end = rss_split_kib(server.pid)
        wrk_out, _ = wrk.communicate(timeout=seconds + 60)
        ws_out, ws_err = ws.communicate(timeout=seconds + 120)
        time.sleep(2)
        rss_after = rss_kib(server.pid)
        alive = server.process.poll() is None
    finally:
        server.stop()

    w = parse_wrk(wrk_out)
    try:
        c = json.loads(ws_out.strip().splitlines()[-1])
    except (ValueError, IndexError):
        c = {"streams": 0, "messages": 0, "errors": -1, "error_kinds": {"no output": ws_err[-400:]}}
    wrk_errors = w["non2xx"] + w["connect"] + w["read"] + w["write"] + w["timeout"]
    growth = 100.0 * (rss_end - rss_warm) / rss_warm if rss_warm else float("nan")

    print("== wrk ==")
    print(wrk_out.rstrip())
    print()
    print("== soak summary ==")
    print(f"duration                 {seconds:.0f} s (warm-up {warmup:.0f} s)")
    print(f"wrk c={args.connections}                {w['requests']} requests, {w['rps']:.0f} req/s")
    print(f"wrk errors               {wrk_errors} (non-2xx {w['non2xx']}, connect {w['connect']}, read {w['read']}, write {w['write']}, timeout {w['timeout']})")
    print(f"WS clients               {args.ws_clients}: {c['streams']} executions streamed to completion, {c['messages']} updates")
    print(f"WS client errors         {c['errors']} {c.get('error_kinds') or ''}")
    print(f"RSS idle / warm / end / idle-after   {rss_idle} / {rss_warm} / {rss_end} / {rss_after} KiB")
    print(f"RSS growth under load    {growth:+.1f}% (end vs after warm-up; target < {args.max_growth}%)")
    print("RSS samples (s, KiB, fds) " + " ".join(f"{t}:{r}/{f}" for t, r, f in samples))
    print(f"RSS anon / file-backed   warm {anon_warm} / {file_warm} KiB, end {anon_end} / {file_end} KiB")
    print(f"server alive at the end  {alive}")
    ok = alive and wrk_errors == 0 and c["errors"] == 0 and growth < args.max_growth and w["requests"] > 0
    print(f"RESULT: {'PASS' if ok else 'FAIL'} (targets: 0 wrk errors, 0 WS errors, RSS growth < {args.max_growth}%)")
    return 0 if ok else 1


if __name__ == "__main__":
    sys.exit(main())
