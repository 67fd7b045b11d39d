#!/usr/bin/env python3
"""Objects whose reference counts more than one event loop changes, per request.

Reads `perf script -F comm,event,trace,ip,sym` output of uprobes on `swift_retain` and
`swift_release` (argument `obj`, the object's address) recorded with call graphs, while the
server is under load. A retain or release is an atomic write to the object's header: when two
loops do it to the same object, its cache line moves between their cores on every request.

    perf script -i rc.data -F comm,event,trace,ip,sym | python3 shared_refcounts.py PID BINARY REQUESTS

For each object both loops touched, it prints the operations per request, the object's type
(its metadata pointer, read from /proc/PID/mem and looked up in BINARY's symbols) and the
functions that did them. Tagged and null values (small strings, nil) and objects whose type
is not in BINARY (the runtime's own singletons, library types) are counted apart.
"""
import collections
import re
import struct
import subprocess
import sys

HEADER = re.compile(r"^\s*(\S+)\s.*probe_libswiftCore:(swift_retain|swift_release).*obj=(\d+)")


def symbols(binary):
    table = {}
    out = subprocess.run(["nm", "--defined-only", binary], capture_output=True, text=True).stdout
    for line in out.splitlines():
        parts = line.split(" ", 2)
        if len(parts) == 3:
            table[int(parts[0], 16)] = parts[2]
    return table


def load_base(pid, binary):
    name = binary.rsplit("/", 1)[-1]
    for line in open(f"/proc/{pid}/maps"):
        if line.rstrip().endswith(name) and " 00000000 " in line:
            return int(line.split("-")[0], 16)
    sys.exit(f"shared_refcounts: {name} is not mapped in process {pid}")


def demangle(names):
    out = subprocess.run(["swift", "demangle", "--simplified", "--compact"], input="\n".join(names),
                         capture_output=True, text=True).stdout.splitlines()
    return dict(zip(names, out)) if len(out) == len(names) else {n: n for n in names}


def main():
    pid, binary, requests = int(sys.argv[1]), sys.argv[2], int(sys.argv[3])
    table, base = symbols(binary), load_base(pid, binary)
    memory = open(f"/proc/{pid}/mem", "rb")
    types = {}

    def type_of(address):
        if address not in types:
            types[address] = None
            if 0x10000 < address < 0x800000000000 and address % 8 == 0:
                try:
                    memory.seek(address)
                    types[address] = table.get(struct.unpack("<Q", memory.read(8))[0] - base)
                except OSError:
                    pass
        return types[address]

    loops_by_object = collections.defaultdict(set)
    operations = collections.Counter()
    callers = collections.defaultdict(collections.Counter)
    other = 0
    for block in sys.stdin.read().split("\n\n"):
        lines = block.strip().splitlines()
        match = HEADER.match(lines[0]) if lines else None
        if not match or not match.group(1).startswith("event-loop"):
            continue
        loop, kind, address = match.group(1), match.group(2), int(match.group(3))
        loops_by_object[address].add(loop)
        operations[address] += 1
        caller = lines[2].split(None, 1)[1].split("+0x")[0] if len(lines) > 2 else "?"
        callers[address][f"{kind.removeprefix('swift_')} in {caller}"] += 1
    if not operations:
        sys.exit("shared_refcounts: no retain or release by an event-loop thread in the input")

    shared = [a for a, loops in loops_by_object.items() if len(loops) > 1]
    named = [a for a in shared if type_of(a)]
    other = sum(operations[a] for a in shared if not type_of(a))
    names = demangle(sorted({type_of(a) for a in named} | {c.split(" in ", 1)[1] for a in named for c in callers[a]}))
    print(f"retains+releases by the loops: {sum(operations.values()) / requests:.1f} per request; on objects "
          f"two or more loops touch: {sum(operations[a] for a in named) / requests:.1f} on {len(named)} objects "
          f"of this binary's types, {other / requests:.1f} on tagged values and runtime objects")
    for address in sorted(named, key=lambda a: -operations[a]):
        print(f"{operations[address] / requests:6.2f}/req  {names[type_of(address)]} at 0x{address:x}")
        for site, count in callers[address].most_common(4):
            kind, caller = site.split(" in ", 1)
            print(f"{'':14}{count / requests:5.2f} {kind} in {names.get(caller, caller)[:110]}")


if __name__ == "__main__":
    main()
