#!/usr/bin/env bash
# Soak: wrk at c=256 on GET /api/v1/projects (bearer token via a Lua script) while 200 WebSocket
# clients keep starting and streaming executions. Reports wrk errors, WS client errors and RSS growth.
#
#   Benchmarks/soak.sh                        # 1 minute
#   SOAK_MINUTES=10 Benchmarks/soak.sh        # the full run
#   WS_CLIENTS=200 CONNECTIONS=256 MAX_GROWTH=10 SERVER_BIN=.build/release/server Benchmarks/soak.sh
#
# Exits non-zero on any wrk or WebSocket error, or RSS growth >= MAX_GROWTH percent.
set -euo pipefail
cd "$(dirname "$0")/.."
source Benchmarks/lib/common.sh
bench_require_wrk
bench_require_websockets
bench_prepare_server 8192
exec python3 Benchmarks/lib/soak.py --server "$bin" --port "$port" --minutes "${SOAK_MINUTES:-1}" \
  --connections "${CONNECTIONS:-256}" --ws-clients "${WS_CLIENTS:-200}" --max-growth "${MAX_GROWTH:-10}"
