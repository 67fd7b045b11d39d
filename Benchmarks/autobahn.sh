#!/usr/bin/env bash
# Autobahn|Testsuite (fuzzingclient) against Examples/Echo on loopback.
#
#   Benchmarks/autobahn.sh [run.sh options, e.g. --quick or --cases "1.*,2.*"]
#
# Builds the Echo example (debug, like the test suite), starts it on a free
# port, runs ../shared/tools/autobahn/run.sh with --no-compression (the
# permessage-deflate sections 12.* and 13.* are left out: the plugin does not
# negotiate extensions), prints the per-section summary, and stops the server.
# Environment: AUTOBAHN_RUNNER (path to run.sh), PORT (default: a free one),
# AUTOBAHN_OUT (report folder, default ./.autobahn-out).
# Exit status: run.sh's (0 when no case failed).
set -uo pipefail
ROOT="$(cd "$(dirname "$0")/.." && pwd)"
RUNNER="${AUTOBAHN_RUNNER:-}"
if [ -z "$RUNNER" ]; then
  for candidate in "$ROOT/../shared/tools/autobahn/run.sh" /work/shared/tools/autobahn/run.sh; do
    [ -x "$candidate" ] && { RUNNER="$candidate"; break; }
  done
fi
[ -n "$RUNNER" ] || { echo "autobahn.sh: run.sh not found (set AUTOBAHN_RUNNER)" >&2; exit 2; }

cd "$ROOT"
swift build --product Echo >/dev/null || { echo "autobahn.sh: build failed" >&2; exit 2; }
BIN="$(swift build --show-bin-path)/Echo"
PORT="${PORT:-$(python3 -c 'import socket; s=socket.socket(); s.bind(("127.0.0.1", 0)); print(s.getsockname()[1])')}"

LOG="$(mktemp)"
HOST=127.0.0.1 PORT="$PORT" "$BIN" >"$LOG" 2>&1 &
SERVER=$!
trap 'kill "$SERVER" 2>/dev/null; wait "$SERVER" 2>/dev/null; rm -f "$LOG"' EXIT
for _ in $(seq 1 100); do
  grep -q "listening" "$LOG" && break
  kill -0 "$SERVER" 2>/dev/null || { echo "autobahn.sh: Echo exited:"; cat "$LOG"; exit 2; }
  sleep 0.1
done

export AUTOBAHN_OUT="${AUTOBAHN_OUT:-$ROOT/.autobahn-out}"
bash "$RUNNER" --no-compression --agent Echo "$@" "ws://127.0.0.1:$PORT/echo"
STATUS=$?
kill -0 "$SERVER" 2>/dev/null || { echo "autobahn.sh: the Echo server died during the run:"; tail -20 "$LOG"; }
exit $STATUS
