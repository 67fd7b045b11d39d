#!/usr/bin/env bash
# Crash recovery under kill -9: acknowledged writes are durable, in-flight executions end failed/interrupted.
#
#   Benchmarks/crash-recovery.sh                     # 20 cycles, 100 acknowledged writes each
#   CYCLES=100 WRITES=500 Benchmarks/crash-recovery.sh
#   SERVER_BIN=.build/release/server Benchmarks/crash-recovery.sh   # skip the build
#
# Exits non-zero when an acknowledged write is lost or an execution has the wrong state after restart.
set -euo pipefail
cd "$(dirname "$0")/.."
source Benchmarks/lib/common.sh
bench_prepare_server
exec python3 Benchmarks/lib/crash_recovery.py --server "$bin" --port "$port" \
  --cycles "${CYCLES:-20}" --writes "${WRITES:-100}" --writers "${WRITERS:-4}" --executions "${EXECUTIONS:-3}"
