#!/usr/bin/env bash
# Where the tail comes from: wrk --latency against Examples/Hello while `perf sched` records the
# scheduler, once per loop setting. Prints p50/p90/p99, server CPU µs/request, and the stalls of the
# event-loop threads and of wrk: how often each was runnable but not running for STALL_MS or more,
# and whom it waited behind (another loop, wrk, ksoftirqd, …).
#
#   Benchmarks/tail-latency.sh          # c=32 on /json, LOOPS_LIST="1 <cores> <cores>:never"
#   CONNS=256 LOOPS_LIST="2:never" DURATION=8s Benchmarks/tail-latency.sh
#
# An entry of LOOPS_LIST is a loop count, with ":never" to turn loop parking off (LOOP_PARKING=never):
# by default a loop that only competes for a CPU parks on the first loop (ServerConfiguration.loopParking).
#
# On a machine where wrk shares the cores with the server, this is how to tell a stall the
# scheduler's tick causes (ms-long, behind another runnable thread) from one in our code.
# Needs root (or perf_event_paranoid <= 0) for the sched tracepoints; installs wrk and perf if missing.
set -euo pipefail
cd "$(dirname "$0")/.."
source Benchmarks/lib/common.sh
bench_prepare_hello perf
conns="${CONNS:-32}" target="${PATH_UNDER_TEST:-/json}" duration="${DURATION:-6s}" port="${PORT:-18191}"
stall_ms="${STALL_MS:-1}" hz="$(getconf CLK_TCK)"
cores="$(nproc)"
record="$(mktemp -d)"
trap 'rm -rf "$record"' EXIT

for setting in ${LOOPS_LIST:-1 $cores $cores:never}; do
    loops="${setting%%:*}" parking="whenContended"
    [[ "$setting" == *:never ]] && parking="never"
    env LOOPS="$loops" LOOP_PARKING="$parking" PORT="$port" "$bin" >"$record/server.log" 2>&1 &
    pid=$!
    bench_wait_listening "$pid" "$record/server.log"
    wrk -t1 -c"$conns" -d1s "http://127.0.0.1:$port$target" >/dev/null
    t0=$(awk '{print $14 + $15}' "/proc/$pid/stat")
    wrk -t1 -c"$conns" -d"$duration" --latency "http://127.0.0.1:$port$target" >"$record/wrk.txt" &
    load=$!
    # Two seconds of scheduler events from the middle of the run.
    sleep 1
    perf sched record -q -o "$record/sched.data" -- sleep 2 >/dev/null 2>&1
    wait "$load"
    t1=$(awk '{print $14 + $15}' "/proc/$pid/stat")
    kill "$pid"; wait "$pid" 2>/dev/null || true
    requests=$(awk '/requests in/ {print $1}' "$record/wrk.txt")
    latency() { awk -v p="$1%" '$1 == p {print $2}' "$record/wrk.txt"; }
    echo "## LOOPS=$loops LOOP_PARKING=$parking, c=$conns $target: $(awk '/Requests\/sec/ {printf "%.0f req/s", $2}' "$record/wrk.txt")," \
        "p50 $(latency 50) p90 $(latency 90) p99 $(latency 99)," \
        "$(awk -v d=$((t1 - t0)) -v n="$requests" -v hz="$hz" 'BEGIN { printf "%.1f", d / hz * 1e6 / n }') µs CPU/request"
    perf sched timehist --state -i "$record/sched.data" 2>/dev/null |
        python3 Benchmarks/lib/sched_stalls.py --min-ms "$stall_ms" --subject event-loop --subject wrk
done
