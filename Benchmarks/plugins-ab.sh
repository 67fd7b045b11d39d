#!/usr/bin/env bash
# The plugin stack's cost, as a same-run A/B: Examples/Hello bare and with CORS + security headers + bearer auth
# (HELLO_STACK=plugins), started one after the other and measured in interleaved rounds with wrk on loopback.
# Prints, per connection count, the median req/s and server CPU µs/request of each, and the median of the
# per-round req/s ratios (issue 3's target: the full plugin stack ≥ 0.9x of bare). The ratio is taken within
# each round, where both ran under the same load: on this shared machine a round can run at half speed, and
# a ratio of the two medians can then pair a fast round of one with a slow round of the other.
#
#   Benchmarks/plugins-ab.sh                     # /json, c=32 and c=256, 3 rounds of 6 s
#   ROUNDS=5 CONNS="32" DURATION=8s PATH_UNDER_TEST=/hello Benchmarks/plugins-ab.sh
set -euo pipefail
cd "$(dirname "$0")/.."
source Benchmarks/lib/common.sh
bench_prepare_hello
rounds="${ROUNDS:-3}" duration="${DURATION:-6s}" target="${PATH_UNDER_TEST:-/json}" port="${PORT:-18190}"
hz="$(getconf CLK_TCK)"
log="$(mktemp)"
trap 'rm -f "$log"' EXIT

# measure STACK CONNS -> "req/s cpu-µs/request" for one run (warm-up 1 s, then DURATION)
measure() {
    env HELLO_STACK="$1" PORT="$port" "$bin" >"$log" 2>&1 &
    local pid=$! t0 t1 out requests
    bench_wait_listening "$pid" "$log" || exit 1
    wrk -t1 -c"$2" -d1s "http://127.0.0.1:$port$target" >/dev/null
    t0=$(awk '{print $14 + $15}' "/proc/$pid/stat")
    out=$(wrk -t1 -c"$2" -d"$duration" "http://127.0.0.1:$port$target")
    t1=$(awk '{print $14 + $15}' "/proc/$pid/stat")
    kill "$pid"; wait "$pid" 2>/dev/null || true
    requests=$(awk '/requests in/ {print $1}' <<<"$out")
    awk -v r="$(awk '/Requests\/sec/ {print $2}' <<<"$out")" -v d=$((t1 - t0)) -v n="$requests" -v hz="$hz" \
        'BEGIN { printf "%.0f %.1f\n", r, d / hz * 1e6 / n }'
}

median() { sort -n | awk '{v[NR] = $1} END {print v[int((NR + 1) / 2)]}'; }

echo "| conns | bare req/s | plugins req/s | ratio | bare µs/req | plugins µs/req | per-round ratios |"
echo "|---:|---:|---:|---:|---:|---:|---|"
for conns in ${CONNS:-32 256}; do
    bare_rps=() bare_cpu=() plug_rps=() plug_cpu=() ratios=()
    for _ in $(seq "$rounds"); do
        read -r r c < <(measure bare "$conns"); bare_rps+=("$r"); bare_cpu+=("$c")
        read -r pr pc < <(measure plugins "$conns"); plug_rps+=("$pr"); plug_cpu+=("$pc")
        ratios+=("$(awk -v a="$pr" -v b="$r" 'BEGIN { printf "%.2f", a / b }')")
    done
    br=$(printf '%s\n' "${bare_rps[@]}" | median); pr=$(printf '%s\n' "${plug_rps[@]}" | median)
    printf '| %s | %s | %s | %sx | %s | %s | %s |\n' "$conns" "$br" "$pr" "$(printf '%s\n' "${ratios[@]}" | median)" \
        "$(printf '%s\n' "${bare_cpu[@]}" | median)" "$(printf '%s\n' "${plug_cpu[@]}" | median)" "${ratios[*]}"
done
