#!/usr/bin/env bash
# Slowloris: 500 connections trickle request heads (one byte every 2 s) while a normal client
# measures GET /health; then connections past MAX_CONNECTIONS must be closed at once.
# Reports the probe's p50/p99 (target p99 < 50 ms), the server's fd count over time (from
# /proc/PID/fd), how long the server held each slow connection, and the overflow behaviour.
#
#   Benchmarks/slowloris.sh                                   # 30 s
#   SLOW_SECONDS=120 SLOW_CONNECTIONS=500 MAX_CONNECTIONS=600 Benchmarks/slowloris.sh
#
# Exits non-zero when a target is missed.
set -euo pipefail
cd "$(dirname "$0")/.."
source Benchmarks/lib/common.sh
bench_prepare_server 8192
exec python3 Benchmarks/lib/slowloris.py --server "$bin" --port "$port" --connections "${SLOW_CONNECTIONS:-500}" \
  --max-connections "${MAX_CONNECTIONS:-600}" --seconds "${SLOW_SECONDS:-30}" --interval "${SLOW_INTERVAL:-2}" \
  --p99-target "${P99_TARGET_MS:-50}"
