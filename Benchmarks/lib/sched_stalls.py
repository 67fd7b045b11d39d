#!/usr/bin/env python3
"""Stalls of the request path's threads, from `perf sched timehist` output.

A stall is a stretch in which a thread was runnable but not running for longer than
--min-ms: after it was preempted or yielded (switched out in state R), or between its
wake-up and its turn on a CPU. For each stall, the tasks that held that CPU meanwhile are
credited with the overlap, so the report says whom the thread waited behind: another event
loop, the load generator, ksoftirqd, or something else.

    perf sched timehist --state -i sched.data | python3 sched_stalls.py --min-ms 1 --subject event-loop

Rows of `timehist --state` are context switches out: time, [cpu], task[tid/pid], wait,
sch delay, run (all in ms), and the state the task left in. A row's thread ran from
time - run to time. Before that it was off the CPU for `wait`: all of it runnable if it had
left in state R, else only the last `sch delay` (from its wake-up).
"""
import argparse
import re
import sys
from collections import defaultdict

ROW = re.compile(r"^\s*(\d+\.\d+)\s+\[(\d+)\]\s+(.+?)\s+(\d+\.\d+)\s+(\d+\.\d+)\s+(\d+\.\d+)\s+(\S+)\s*$")


def parse(lines):
    """Yields (end_s, cpu, task, tid, runnable_ms, run_ms) per row: the time the thread waited
    runnable before this run, and the run itself."""
    left_runnable = {}
    for line in lines:
        match = ROW.match(line)
        if not match:
            continue
        end, cpu, task, wait, delay, run, state = match.groups()
        name, _, ids = task.partition("[")
        tid = ids.split("/")[0].rstrip("]")
        runnable = float(wait) if left_runnable.get(tid) else float(delay)
        left_runnable[tid] = state.startswith("R")
        yield float(end), int(cpu), name.strip(), tid, runnable, float(run)


def kind(name, subject_tid, tid):
    """The class of task a stalled thread waited behind."""
    if name.startswith("event-loop"):
        return "its own loop" if tid == subject_tid else "another event loop"
    if name.startswith("ksoftirqd"):
        return "ksoftirqd"
    if name == "<idle>":
        return "idle CPU"
    if name == "wrk":
        return "wrk"
    return "other"


def main():
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--min-ms", type=float, default=1.0, help="shortest stall reported")
    parser.add_argument("--subject", action="append", default=[], help="task-name prefix whose stalls count")
    args = parser.parse_args()
    subjects = args.subject or ["event-loop", "wrk"]

    rows = list(parse(sys.stdin))
    if not rows:
        # A format this parser does not know must not read as "no stalls".
        sys.exit("sched_stalls: no rows of `perf sched timehist --state` output on stdin")
    by_cpu = defaultdict(list)
    for end, cpu, name, tid, _runnable, run in rows:
        by_cpu[cpu].append((end - run / 1000, end, name, tid))

    span = (rows[-1][0] - rows[0][0]) if rows else 0
    print(f"{len(rows)} context switches over {span:.2f} s")
    for subject in subjects:
        stalls, total_ms = 0, 0.0
        behind = defaultdict(float)
        for end, cpu, name, tid, delay, run in rows:
            if not name.startswith(subject) or delay < args.min_ms:
                continue
            stalls += 1
            total_ms += delay
            stall_end = end - run / 1000
            stall_start = stall_end - delay / 1000
            for start, stop, other, other_tid in by_cpu[cpu]:
                overlap = min(stop, stall_end) - max(start, stall_start)
                if overlap > 0:
                    behind[kind(other, tid, other_tid)] += overlap * 1000
        rate = stalls / span if span else 0
        parts = ", ".join(f"{who} {ms:.1f} ms" for who, ms in sorted(behind.items(), key=lambda kv: -kv[1]))
        print(f"  {subject}: {stalls} stalls >= {args.min_ms:g} ms ({rate:.0f}/s), {total_ms:.1f} ms in all;"
              f" waiting behind: {parts or '-'}")


if __name__ == "__main__":
    main()
