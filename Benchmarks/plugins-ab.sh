#!/usr/bin/env bash
# The plugin stack's cost, as a same-run A/B: Examples/Hello bare and with CORS + security headers + bearer auth
# (HELLO_STACK=plugins), started one after the other and measured in interleaved rounds with wrk on loopback.
# Prints, per connection count, the median req/s and server CPU µs/request of each, and the median of the
# per-round req/s ratios (issue 3's target: the full plugin stack ≥ 0.9x of bare). The ratio is taken within
# each round, where both ran under the same load: on this shared machine a round can run at half speed, and
# a ratio of the two medians can then pair a fast round of one with a slow round of the other.
#
# The stack's reply carries 11 more header fields than bare's (15 against 4), and the client, the kernel and wrk
# pay for those bytes too. So each round also runs the nginx peer twice on the same path: as it is, and with the
# same 11 fields added by `add_header` (read from the plugin stack's own reply). nginx's ratio is what the extra
# fields alone cost on this machine in that round; the gap between it and ours is the cost of the hooks.
#
#   Benchmarks/plugins-ab.sh                     # /json, c=32 and c=256, 3 rounds of 6 s
#   ROUNDS=5 CONNS="32" DURATION=8s PATH_UNDER_TEST=/hello Benchmarks/plugins-ab.sh
#   NGINX=0 Benchmarks/plugins-ab.sh             # without the nginx reference
#   PATH_UNDER_TEST=/api/v1/projects/abc HEADER="Authorization: Bearer bench-token" Benchmarks/plugins-ab.sh
#                                                # the param route, behind bearer auth too (every request sends HEADER)
set -euo pipefail
cd "$(dirname "$0")/.."
source Benchmarks/lib/common.sh
bench_prepare_hello
rounds="${ROUNDS:-3}" duration="${DURATION:-6s}" target="${PATH_UNDER_TEST:-/json}" port="${PORT:-18190}"
with_nginx="${NGINX:-1}"
extra=()
if [[ -n "${HEADER:-}" ]]; then extra=(-H "$HEADER"); fi
hz="$(getconf CLK_TCK)"
scratch="$(mktemp -d)"
log="$scratch/log"
trap 'rm -rf "$scratch"' EXIT

# ticks PID -> user + system ticks of PID and its children (nginx's master and worker)
ticks() {
    local total=0 p
    for p in "$1" $(pgrep -P "$1"); do
        total=$((total + $(sed -e 's/^.*) //' "/proc/$p/stat" | awk '{print $12 + $13}')))
    done
    echo "$total"
}

# start SERVER -> the PID of a server listening on $port: `bare` or `plugins` (Examples/Hello), `nginx` or
# `nginx-fields` (the nginx peer, without or with the plugin stack's extra fields)
start() {
    case "$1" in
    bare | plugins)
        env HELLO_STACK="$1" PORT="$port" "$bin" >"$log" 2>&1 &
        bench_wait_listening "$!" "$log" || exit 1
        ;;
    nginx*)
        nginx -p "$scratch/$1" -e "$scratch/$1/error.log" -c "$scratch/$1/nginx.conf" >"$log" 2>&1 &
        for _ in $(seq 50); do curl -s -o /dev/null "${extra[@]}" "http://127.0.0.1:$port$target" && break; sleep 0.1; done
        ;;
    esac
    started=$!
}

# measure SERVER CONNS -> "req/s cpu-µs/request" for one run (warm-up 1 s, then DURATION)
measure() {
    start "$1"
    local pid=$started t0 t1 out requests
    wrk -t1 -c"$2" "${extra[@]}" -d1s "http://127.0.0.1:$port$target" >/dev/null
    t0=$(ticks "$pid")
    out=$(wrk -t1 -c"$2" "${extra[@]}" -d"$duration" "http://127.0.0.1:$port$target")
    t1=$(ticks "$pid")
    kill -TERM "$pid"; wait "$pid" 2>/dev/null || true
    requests=$(awk '/requests in/ {print $1}' <<<"$out")
    awk -v r="$(awk '/Requests\/sec/ {print $2}' <<<"$out")" -v d=$((t1 - t0)) -v n="$requests" -v hz="$hz" \
        'BEGIN { printf "%.0f %.1f\n", r, d / hz * 1e6 / n }'
}

# field-names SERVER -> the lowercased names of the header fields SERVER answers $target with
reply_fields() {
    start "$1"
    curl -s -D "$scratch/$1.head" -o /dev/null "${extra[@]}" "http://127.0.0.1:$port$target"
    kill -TERM "$started"; wait "$started" 2>/dev/null || true
    tr -d '\r' <"$scratch/$1.head" | sed 1d | sed '/^$/d'
}

# Renders the nginx peer's config twice: as it is, and with the fields the plugin stack adds to bare's reply.
prepare_nginx() {
    command -v nginx >/dev/null || { echo "installing nginx (apt-get)…" >&2; apt-get update -qq >/dev/null && apt-get install -y -qq nginx >/dev/null; }
    local conf="${NGINX_CONF:-../shared/bench/peers/nginx.conf}" name value
    reply_fields bare | cut -d: -f1 | tr 'A-Z' 'a-z' >"$scratch/bare.names"
    : >"$scratch/extra.conf"
    while IFS= read -r line; do
        name="${line%%:*}" value="${line#*: }"
        grep -qx "$(tr 'A-Z' 'a-z' <<<"$name")" "$scratch/bare.names" && continue
        printf '        add_header %s "%s" always;\n' "$name" "$value" >>"$scratch/extra.conf"
    done < <(reply_fields plugins)
    for variant in nginx nginx-fields; do
        mkdir -p "$scratch/$variant"
        sed -e "s|@PORT@|$port|g" -e "s|@RUNDIR@|$scratch/$variant|g" "$conf" >"$scratch/$variant/nginx.conf"
    done
    # Server-level add_header lines reach every location that has none of its own, which is all of them.
    sed -i "/server_name _;/r $scratch/extra.conf" "$scratch/nginx-fields/nginx.conf"
    echo "nginx-fields adds $(wc -l <"$scratch/extra.conf") fields: $(awk '{printf "%s ", $2}' "$scratch/extra.conf")" >&2
}

median() { sort -n | awk '{v[NR] = $1} END {print v[int((NR + 1) / 2)]}'; }
ratio() { awk -v a="$1" -v b="$2" 'BEGIN { printf "%.2f", a / b }'; }

if [[ "$with_nginx" == 1 ]]; then
    prepare_nginx
    echo "| conns | bare req/s | plugins req/s | ratio | bare µs/req | plugins µs/req | per-round ratios | nginx + fields ÷ nginx | nginx per-round |"
    echo "|---:|---:|---:|---:|---:|---:|---|---:|---|"
else
    echo "| conns | bare req/s | plugins req/s | ratio | bare µs/req | plugins µs/req | per-round ratios |"
    echo "|---:|---:|---:|---:|---:|---:|---|"
fi
for conns in ${CONNS:-32 256}; do
    bare_rps=() bare_cpu=() plug_rps=() plug_cpu=() ratios=() nginx_ratios=()
    for _ in $(seq "$rounds"); do
        read -r r c < <(measure bare "$conns"); bare_rps+=("$r"); bare_cpu+=("$c")
        read -r pr pc < <(measure plugins "$conns"); plug_rps+=("$pr"); plug_cpu+=("$pc")
        ratios+=("$(ratio "$pr" "$r")")
        if [[ "$with_nginx" == 1 ]]; then
            read -r nr _ < <(measure nginx "$conns")
            read -r fr _ < <(measure nginx-fields "$conns")
            nginx_ratios+=("$(ratio "$fr" "$nr")")
        fi
    done
    br=$(printf '%s\n' "${bare_rps[@]}" | median); pr=$(printf '%s\n' "${plug_rps[@]}" | median)
    line=$(printf '| %s | %s | %s | %sx | %s | %s | %s |' "$conns" "$br" "$pr" "$(printf '%s\n' "${ratios[@]}" | median)" \
        "$(printf '%s\n' "${bare_cpu[@]}" | median)" "$(printf '%s\n' "${plug_cpu[@]}" | median)" "${ratios[*]}")
    if [[ "$with_nginx" == 1 ]]; then
        line+=$(printf ' %sx | %s |' "$(printf '%s\n' "${nginx_ratios[@]}" | median)" "${nginx_ratios[*]}")
    fi
    echo "$line"
done
