#!/usr/bin/env bash
# HTTP throughput of Examples/Hello against the peers in ../shared/bench (Hummingbird 2, Vapor 4,
# node:http, nginx), measured in the same run with wrk on loopback. Reports req/s, p50/p99 at
# c=32 and c=256, server CPU µs/request and RSS, with ratios to Hummingbird, then our server CPU
# per request as a ratio to nginx's in the same run (when nginx is among the peers).
#
#   Benchmarks/run-http.sh                      # bare kernel (Examples/Hello)
#   STACK=plugins Benchmarks/run-http.sh        # the same routes behind CORS, security headers and auth
#   ROUNDS=3 PEERS="hummingbird node" Benchmarks/run-http.sh
#   LOOPS=1 Benchmarks/run-http.sh              # one event loop, like the nginx peer's one worker
#                                               # (default: one loop per core this process may use)
#
# Everything else (PEERS, ROUNDS, DURATION, CONNS, PATHS, …) is passed to run-peers.sh.
set -euo pipefail
cd "$(dirname "$0")/.."
SHARED="${SHARED:-$(cd .. && pwd)/shared}"
{ command -v wrk && command -v nginx; } >/dev/null || { apt-get update -qq && apt-get install -y -qq wrk nginx; }
swift build -c release --product Hello >/dev/null
bin="$(swift build -c release --show-bin-path)/Hello"
# LOOPS and HELLO_STACK reach the server through the environment, so OURS_CMD stays the bare binary
# (run-peers reports the size of its first word).
loops_tag=""
if [[ -n "${LOOPS:-}" ]]; then export LOOPS; loops_tag="-${LOOPS}loop"; fi
if [[ "${STACK:-bare}" == plugins ]]; then
  export HELLO_STACK=plugins OURS_CMD="$bin" OURS_NAME="${OURS_NAME:-ours+plugins$loops_tag}"
  # The API route needs the bearer token; run-peers' unauthenticated route check flags that route (401), by design.
  export PATHS="${PATHS:-/json /api/v1/projects/abc?token=bench-token}"
else
  export OURS_CMD="$bin" OURS_NAME="${OURS_NAME:-ours$loops_tag}"
fi
out="$(mktemp)"
trap 'rm -f "$out"' EXIT
"$SHARED/bench/run-peers.sh" | tee "$out"
# The CPU target (issue 3: at most 8 µs, where nginx measured 6–7) is relative to nginx on this noisy machine:
# print our server CPU per request as a ratio to nginx's in the same run, cell by cell.
awk -F'|' -v ours="$OURS_NAME" '
    function trim(s) { gsub(/^ +| +$/, "", s); return s }
    NF > 10 && trim($9) ~ /^[0-9.]+$/ { cpu[trim($2), trim($3), trim($4)] = trim($9); if (trim($2) == ours) cells[++n] = trim($3) SUBSEP trim($4) }
    END {
        for (i = 1; i <= n; i++) {
            split(cells[i], key, SUBSEP)
            if ((("nginx", key[1], key[2]) in cpu) == 0) continue
            if (!printed++) print "\nserver CPU per request, " ours " / nginx (same run):"
            printf "  %s c=%s: %s / %s µs = %.2fx\n", key[1], key[2], cpu[ours, key[1], key[2]], cpu["nginx", key[1], key[2]], cpu[ours, key[1], key[2]] / cpu["nginx", key[1], key[2]]
        }
    }' "$out"
