#!/usr/bin/env bash
# WebSocket echo throughput of Examples/Echo against the hummingbird-websocket peer in ../shared/bench,
# measured in the same run: messages/s, p50/p99 and server CPU µs per message.
#
#   Benchmarks/run-ws.sh                 # everything else is passed to ../shared/bench/run-ws.sh
set -euo pipefail
cd "$(dirname "$0")/.."
SHARED="${SHARED:-$(cd .. && pwd)/shared}"
python3 -c "import websockets" 2>/dev/null || pip install -q websockets
swift build -c release --product Echo >/dev/null
export OURS_WS_CMD="$(swift build -c release --show-bin-path)/Echo" OURS_WS_PATH="${OURS_WS_PATH:-/ws}"
exec "$SHARED/bench/run-ws.sh"
