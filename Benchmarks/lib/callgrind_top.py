"""Prints the functions with the most instructions of their own (callees excluded) in a callgrind profile,
per request, demangled: `callgrind_top.py PROFILE REQUESTS TOP`. Used by Benchmarks/instructions.sh.
callgrind_annotate 3.19 attributes everything to `clone` for a profile dumped mid-run, so this reads the
file itself: a cost line right after a `calls=` line is the callee's inclusive cost and is skipped."""
import collections
import subprocess
import sys

path, requests, top = sys.argv[1], int(sys.argv[2]), int(sys.argv[3])
own = collections.Counter()
function, after_call = None, False
with open(path, errors="replace") as profile:
    for line in profile:
        if line.startswith("fn="):
            function = line[3:].strip()
        elif line.startswith("calls="):
            after_call = True
        elif line[:1].isdigit() or line[:1] in "+-*":
            fields = line.split()
            if len(fields) >= 2 and not after_call:
                own[function] += int(fields[1])
            after_call = False
total = sum(own.values())
rows = own.most_common(top)
try:
    names = subprocess.run(["swift-demangle", "--simplified", "--compact"], input="\n".join(n for n, _ in rows),
                           capture_output=True, text=True, check=True).stdout.splitlines()
except (OSError, subprocess.CalledProcessError):
    names = [n for n, _ in rows]
print(f"the {top} functions with the most instructions of their own, per request:")
for (_, cost), name in zip(rows, names):
    print(f"{cost / requests:8.0f}  {100 * cost / total:5.1f}%  {name[:150]}")
