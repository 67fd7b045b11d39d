#!/usr/bin/env bash
# Which objects more than one event loop retains and releases on every request. Such an object's
# header (its reference count) moves between cores. Two threads hammering one object took 135 ns per
# retain+release pair here, against 20 ns on separate objects; inside the server, under load, each
# shared object cost under 20 ns per request. Runs Examples/Hello under wrk with uprobes on
# swift_retain and swift_release for a tenth of a second, then lists the objects both loops touched,
# per request, with their types and the functions that retained or released them.
#
#   Benchmarks/shared-refcounts.sh                      # bare Hello, /json, LOOPS=2
#   STACK=plugins Benchmarks/shared-refcounts.sh        # behind CORS, security headers and auth
#
# Needs root (uprobes); installs wrk and perf if missing.
set -euo pipefail
cd "$(dirname "$0")/.."
source Benchmarks/lib/common.sh
bench_prepare_hello perf
runtime="$(dirname "$(dirname "$(command -v swift)")")/lib/swift/linux/libswiftCore.so"
target="${PATH_UNDER_TEST:-/json}" port="${PORT:-18192}"
work="$(mktemp -d)"
perf probe -q -x "$runtime" 'swift_retain obj=%di:u64' && perf probe -q -x "$runtime" 'swift_release obj=%di:u64'
cleanup() { perf probe -q -d 'probe_libswiftCore:*' 2>/dev/null || true; kill "${pid:-0}" 2>/dev/null || true; rm -rf "$work"; }
trap cleanup EXIT

env HELLO_STACK="${STACK:-bare}" LOOPS="${LOOPS:-2}" PORT="$port" "$bin" >"$work/server.log" 2>&1 &
pid=$!
bench_wait_listening "$pid" "$work/server.log"
wrk -t1 -c32 -d1s "http://127.0.0.1:$port$target" >/dev/null
# Requests served while recording: the server's own count is not exposed, so count sends instead
# (one per response, no pipelining from wrk).
perf probe -q -x "$(ldd "$bin" | awk '$1 ~ /^libc\.so/ {print $3}')" 'send'
wrk -t1 -c32 -d3s "http://127.0.0.1:$port$target" >/dev/null &
load=$!
sleep 1
perf record -q -g -e 'probe_libswiftCore:*' -e 'probe_libc:send' -p "$pid" -o "$work/rc.data" -- sleep 0.1 >/dev/null 2>&1
wait "$load"
requests=$(perf script -i "$work/rc.data" -F event 2>/dev/null | grep -c 'probe_libc:send' || true)
perf probe -q -d 'probe_libc:send' 2>/dev/null || true
[[ "$requests" -gt 0 ]] || { echo "no responses were recorded" >&2; exit 1; }
echo "## ${STACK:-bare}, LOOPS=${LOOPS:-2}, $target: $requests responses recorded"
perf script -i "$work/rc.data" -F comm,event,trace,ip,sym 2>/dev/null |
    python3 Benchmarks/lib/shared_refcounts.py "$pid" "$bin" "$requests"
