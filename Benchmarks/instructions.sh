#!/usr/bin/env bash
# User-space instructions per request, ours against nginx, counted by valgrind's callgrind.
#
# CPU time on this shared VM drifts by up to 2x within a day and the VM exposes no hardware counters, so
# `perf stat -e instructions` is not available. Callgrind counts every instruction the server executes in
# user space (kernel work is not counted), and the count per request repeats to the last digit from run to
# run, so a change of a few dozen instructions on the request path shows. It is not a time: callgrind runs
# the server about 50x slower, and cache misses and syscalls cost nothing here. Read it next to
# Benchmarks/cpu-vs-nginx.sh, which measures the time (kernel included) against the same nginx.
#
# Each server runs under callgrind with one loop; wrk warms it up for 3 s, the counters are zeroed, and
# the instructions of the next DURATION are divided by the requests wrk completed in it.
#
#   Benchmarks/instructions.sh                          # /json and the param route, 8 connections
#   PATHS=/json TOP=25 Benchmarks/instructions.sh       # also list the 25 functions that cost the most
#   SERVERS=ours Benchmarks/instructions.sh             # skip nginx
#   HEADERS=browser Benchmarks/instructions.sh          # each request also carries the 13 fields a browser sends
#   STACK=plugins SERVERS=ours PATHS="/json /api/v1/projects/abc?token=bench-token" Benchmarks/instructions.sh
#                                                       # Hello behind CORS, security headers and bearer auth
set -euo pipefail
cd "$(dirname "$0")/.."
source Benchmarks/lib/common.sh
bench_prepare_hello
command -v valgrind >/dev/null || { echo "installing valgrind (apt-get)…" >&2; apt-get update -qq >/dev/null && apt-get install -y -qq valgrind >/dev/null; }
command -v nginx >/dev/null || { echo "installing nginx (apt-get)…" >&2; apt-get update -qq >/dev/null && apt-get install -y -qq nginx >/dev/null; }
nginx_conf="${NGINX_CONF:-../shared/bench/peers/nginx.conf}"
port="${PORT:-$(bench_free_port)}" conns="${CONNS:-8}" duration="${DURATION:-10s}"
script=()
if [[ "${HEADERS:-}" == browser ]]; then script=(-s Benchmarks/lib/browser-headers.lua); fi
scratch="$(mktemp -d)"
trap 'pkill -f "callgrind-out-file=$scratch" 2>/dev/null || true; rm -rf "$scratch"' EXIT
cc -shared -fPIC -O2 -o "$scratch/main-queue-shim.so" Benchmarks/main-queue-shim.c
mkdir -p "$scratch/nginx"
# nginx in one process (no master), so callgrind follows the process that serves.
sed -e "s|@PORT@|$port|g" -e "s|@RUNDIR@|$scratch/nginx|g" -e "s|master_process on|master_process off|" "$nginx_conf" \
    >"$scratch/nginx/nginx.conf"

# count NAME PATH -> "requests instructions", with the profile left in $scratch/NAME.out.1
count() {
    local name="$1" path="$2" pid requests
    local profile=(valgrind --tool=callgrind --compress-strings=no --compress-pos=no --callgrind-out-file="$scratch/$name.out")
    if [[ "$name" == nginx ]]; then
        "${profile[@]}" nginx -p "$scratch/nginx" -e "$scratch/nginx/error.log" -c "$scratch/nginx/nginx.conf" \
            >"$scratch/$name.log" 2>&1 &
    else
        LD_PRELOAD="$scratch/main-queue-shim.so" HELLO_STACK="${STACK:-bare}" PORT="$port" LOOPS=1 LOOP_PARKING=never "${profile[@]}" "$bin" \
            >"$scratch/$name.log" 2>&1 &
    fi
    pid=$!
    for _ in $(seq 120); do curl -s -o /dev/null "http://127.0.0.1:$port$path" && break; sleep 0.5; done
    wrk -t1 -c"$conns" "${script[@]}" -d3s "http://127.0.0.1:$port$path" >/dev/null
    callgrind_control -z "$pid" >/dev/null 2>&1
    requests=$(wrk -t1 -c"$conns" "${script[@]}" -d"$duration" "http://127.0.0.1:$port$path" | awk '/requests in/ {print $1}')
    callgrind_control -d "$pid" >/dev/null 2>&1
    kill -TERM "$pid"; wait "$pid" 2>/dev/null || true
    echo "$requests $(awk '/^summary:/ {print $2}' "$scratch/$name.out.1")"
}

echo "| path | conns | headers | ours instructions/req | nginx instructions/req | ours ÷ nginx |"
echo "|---|---:|---|---:|---:|---:|"
for path in ${PATHS:-/json /api/v1/projects/abc}; do
    read -r served i < <(count ours "$path"); ours=$((i / served))
    theirs=-
    if [[ "${SERVERS:-ours nginx}" == *nginx* ]]; then read -r n i < <(count nginx "$path"); theirs=$((i / n)); fi
    ratio=$([[ "$theirs" == - ]] && echo - || awk -v a="$ours" -v b="$theirs" 'BEGIN { printf "%.2fx", a / b }')
    echo "| $path | $conns | ${HEADERS:-host only}${STACK:+, $STACK} | $ours | $theirs | $ratio |"
    if [[ -n "${TOP:-}" ]]; then  # the profile of ours is still there: nginx writes its own file
        python3 Benchmarks/lib/callgrind_top.py "$scratch/ours.out.1" "$served" "$TOP" >&2 || true
    fi
done
