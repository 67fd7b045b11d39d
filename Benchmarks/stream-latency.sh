#!/usr/bin/env bash
# Execution stream: push latency (step change -> frame at the client) and fan-out of one update to
# 1,000 clients on the same execution. Method in Benchmarks/lib/stream_latency.py: the kernel's receive
# time (SO_TIMESTAMPNS) against each execution-update's `timestamp`, both CLOCK_REALTIME on this machine.
#
#   Benchmarks/stream-latency.sh
#   LATENCY_STEPS=1000 FANOUT=1000 FANOUT_STEPS=50 Benchmarks/stream-latency.sh
#
# Targets: push latency p99 <= 5 ms, fan-out spread p99 <= 50 ms; exits non-zero when missed.
set -euo pipefail
cd "$(dirname "$0")/.."
source Benchmarks/lib/common.sh
bench_prepare_server 8192
exec python3 Benchmarks/lib/stream_latency.py --server "$bin" --port "$port" --steps "${LATENCY_STEPS:-300}" \
  --step-ms "${STEP_MS:-5}" --fanout "${FANOUT:-1000}" --fanout-steps "${FANOUT_STEPS:-20}" \
  --fanout-step-ms "${FANOUT_STEP_MS:-200}" --latency-target "${LATENCY_TARGET_MS:-5}" --spread-target "${SPREAD_TARGET_MS:-50}"
