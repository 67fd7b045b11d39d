"""Crash recovery: acknowledged writes survive `kill -9`, running executions come back failed/interrupted.

Each cycle: start short executions and wait until they complete, start long ones, run writers that
POST projects and record every 2xx-acknowledged id, `kill -9` the server while writers and the long
executions are in flight, restart on the same database, then check every acknowledged id (GET, and
the list), every execution seen running (must be `failed` with error `interrupted`) and every one seen
completed (must still be `completed`), cumulatively over all cycles.
"""
import http.client
import os
import sys
import tempfile
import threading
import time

sys.path.insert(0, os.path.dirname(__file__))
from benchlib import Server, create_workflow, delay_steps, request, start_execution, unwrap, server_arguments  # noqa: E402


def writer(port, stop, acknowledged, lock, attempts):
    """POSTs projects until told to stop or the server dies; records acknowledged ids."""
    conn = http.client.HTTPConnection("127.0.0.1", port, timeout=5)
    n = 0
    while not stop.is_set() and n < 100_000:
        n += 1
        with lock:
            attempts[0] += 1
        try:
            status, body = request(port, "POST", "/api/v1/projects", {"name": f"w-{threading.get_ident()}-{n}"}, connection=conn)
        except (OSError, http.client.HTTPException):
            return  # the server was killed mid-request: that write was never acknowledged
        if 200 <= status < 300:
            with lock:
                acknowledged.append(unwrap(body)["id"])


def wait_completed(port, ids, timeout=10.0):
    deadline = time.monotonic() + timeout
    pending = set(ids)
    while pending and time.monotonic() < deadline:
        for eid in list(pending):
            _, body = request(port, "GET", f"/api/v1/executions/{eid}")
            if unwrap(body)["status"] == "completed":
                pending.discard(eid)
        time.sleep(0.02)
    return not pending


def main():
    parser = server_arguments()
    parser.add_argument("--cycles", type=int, default=20)
    parser.add_argument("--writes", type=int, default=100, help="acknowledged writes per cycle before the kill")
    parser.add_argument("--writers", type=int, default=4)
    parser.add_argument("--executions", type=int, default=3, help="long executions running at each kill")
    args = parser.parse_args()

    workdir = tempfile.mkdtemp(prefix="crash-recovery-")
    server = Server(args.server, args.port, os.path.join(workdir, "db.sqlite"))
    server.start()
    long_workflow = create_workflow(args.port, "long", delay_steps(20, 250))  # 5 s: always mid-run at the kill
    short_workflow = create_workflow(args.port, "short", [{"id": "s", "name": "s", "kind": "set", "config": {"key": "k", "value": 1}}])

    acknowledged, attempted_total = [], 0
    expect_completed, expect_interrupted = set(), set()
    lost, wrong, interrupted_ok = set(), [], 0
    started = time.monotonic()
    for cycle in range(1, args.cycles + 1):
        short_ids = [start_execution(args.port, short_workflow) for _ in range(2)]
        if not wait_completed(args.port, short_ids):
            wrong.append((cycle, "short executions did not complete before the kill"))
        expect_completed.update(short_ids)
        long_ids = [start_execution(args.port, long_workflow) for _ in range(args.executions)]

        cycle_ack, lock, stop, attempts = [], threading.Lock(), threading.Event(), [0]
        threads = [threading.Thread(target=writer, args=(args.port, stop, cycle_ack, lock, attempts)) for _ in range(args.writers)]
        for thread in threads:
            thread.start()
        deadline = time.monotonic() + 30
        while time.monotonic() < deadline:
            with lock:
                if len(cycle_ack) >= args.writes:
                    break
            time.sleep(0.002)
        # Snapshot the long executions, then kill at once while the writers are still writing.
        running = [eid for eid in long_ids if unwrap(request(args.port, "GET", f"/api/v1/executions/{eid}")[1])["status"] in ("running", "pending")]
        server.kill9()
        stop.set()
        for thread in threads:
            thread.join(timeout=10)
        with lock:
            acknowledged.extend(cycle_ack)
            attempted_total += attempts[0]
        expect_interrupted.update(running)

        server.start()
        conn = http.client.HTTPConnection("127.0.0.1", args.port, timeout=5)
        for pid in cycle_ack:
            status, _ = request(args.port, "GET", f"/api/v1/projects/{pid}", connection=conn)
            if status != 200:
                lost.add(pid)
        _, listing = request(args.port, "GET", "/api/v1/projects", connection=conn)
        listed = {p["id"] for p in unwrap(listing)}
        lost.update(pid for pid in acknowledged if pid not in listed)
        for eid in sorted(expect_interrupted | expect_completed):
            _, body = request(args.port, "GET", f"/api/v1/executions/{eid}", connection=conn)
            execution = unwrap(body)
            want = ("failed", "interrupted") if eid in expect_interrupted else ("completed", None)
            got = (execution["status"], execution.get("error"))
            if got != want:
                wrong.append((cycle, eid, want, got))
            elif eid in running:
                interrupted_ok += 1
        conn.close()
        print(f"cycle {cycle:3d}: acknowledged {len(cycle_ack):4d} (attempted {attempts[0]}), "
              f"running at kill {len(running)}, lost so far {len(lost)}, wrong states so far {len(wrong)}", flush=True)
    server.stop()

    elapsed = time.monotonic() - started
    print()
    print("== crash recovery summary ==")
    print(f"cycles                        {args.cycles} in {elapsed:.1f} s (kill -9 each)")
    print(f"writes acknowledged (2xx)     {len(acknowledged)} of {attempted_total} attempted")
    print(f"acknowledged writes lost      {len(lost)}")
    print(f"executions running at kill   {len(expect_interrupted)}; marked failed/interrupted {interrupted_ok}")
    print(f"executions completed before   {len(expect_completed)}; still completed {len(expect_completed) - sum(1 for w in wrong if len(w) == 4 and w[1] in expect_completed)}")
    print(f"wrong execution states        {len(wrong)}")
    for item in wrong[:10]:
        print("   ", item)
    ok = not lost and not wrong
    print(f"RESULT: {'PASS' if ok else 'FAIL'} (target: 0 lost, every running execution interrupted, completed ones kept)")
    print(f"(database and server log in {workdir})")
    return 0 if ok else 1


if __name__ == "__main__":
    sys.exit(main())
