#!/usr/bin/env bash
# The kernel's in-process cost for one request (issue: ≤ 2 µs and ≤ 10 allocations on this machine).
# GET with two params, one no-op hook in each of the six request phases, a small JSON reply.
# Prints ns/request (release build, best of 3) and allocations/request (valgrind, difference of two runs).
set -euo pipefail
cd "$(dirname "$0")/.."
swift build -c release --product KernelBench >/dev/null
bin="$(swift build -c release --show-bin-path)/KernelBench"
best=""
for _ in 1 2 3; do
  ns=$("$bin" 1000000 | awk '/ns\/request/ {print $2}')
  if [[ -z "$best" || "$ns" -lt "$best" ]]; then best=$ns; fi
done
echo "ns/request (best of 3 x 1e6): $best"
# Allocations: an LD_PRELOAD counter (valgrind does not run Swift's concurrency threads here).
lib="$(mktemp -d)/malloc-count.so"
cc -shared -fPIC -O2 -o "$lib" Benchmarks/malloc-count.c -ldl
allocs() { LD_PRELOAD="$lib" "$bin" "$1" 2>&1 >/dev/null | awk '/malloc-count/ {print $2}'; }
a=$(allocs 100000); b=$(allocs 200000)
echo "allocations/request: $(( (b - a) / 100000 ))"
