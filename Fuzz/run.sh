#!/usr/bin/env bash
# Builds the libFuzzer targets with swiftc (-sanitize=fuzzer,address) and runs each one for a
# bounded time, one after the other, then prints execs and crashes per target.
#
#   Fuzz/run.sh                         # every target, 60 s each
#   FUZZ_SECONDS=10 Fuzz/run.sh json-parser http1-parser
#   FUZZ_BUILD_ONLY=1 Fuzz/run.sh       # build, don't run
#   Fuzz/run.sh --reproduce http1-parser path/to/crash-file   # rerun one input
#
# Everything it writes lives under .build-fuzz/ (gitignored): bin/, corpus/<target>/ (grows
# across runs, seeded from Fuzz/seeds/<target>/), artifacts/<target>/ (crash-*, oom-*,
# timeout-* inputs), logs/<target>.{build,run}.log.
set -euo pipefail

cd "$(dirname "$0")/.."
ROOT=$PWD
OUT=$ROOT/.build-fuzz
SECONDS_PER_TARGET=${FUZZ_SECONDS:-60}
MAX_LEN=${FUZZ_MAX_LEN:-4096}
SWIFTC=${SWIFTC:-swiftc}
FLAGS=(-sanitize=fuzzer,address -parse-as-library -O -swift-version 6 -I "$ROOT/Sources/CSystem")
ALL_TARGETS=(http1-parser chunked-decoder ws-frame-decoder json-parser spec-parser)

HTTP1_SOURCES=("$ROOT"/Sources/Kernel/Transport/HTTP1/*.swift "$ROOT"/Sources/Kernel/HTTP/HTTPHeaders*.swift
    "$ROOT"/Sources/Kernel/HTTP/HTTPHeaderBlock*.swift "$ROOT"/Sources/Kernel/Support/SetOnceReference.swift
    "$ROOT"/Sources/Kernel/HTTP/HTTPStatus.swift "$ROOT"/Sources/Kernel/Support/WordScan.swift)
WS_SOURCES=("$ROOT"/Sources/Plugins/WebSocket/Protocol/*.swift)
JSON_SOURCES=("$ROOT"/Sources/Kernel/Content/JSONParser.swift "$ROOT"/Sources/Kernel/Content/JSONValue.swift
    "$ROOT"/Sources/Kernel/Content/JSONWriter.swift "$ROOT"/Sources/Kernel/Content/JSONWriter+Containers.swift
    "$ROOT"/Sources/Kernel/Content/JSONSink.swift "$ROOT"/Sources/Kernel/Content/JSONSink+Spare.swift "$ROOT"/Sources/Kernel/Content/JSONText.swift
    "$ROOT"/Sources/Kernel/Content/JSONContainerStack.swift "$ROOT"/Sources/Kernel/Support/WordScan.swift
    "$ROOT"/Sources/Kernel/Routing/PercentDecoding.swift "$ROOT"/Sources/Kernel/Support/PercentDecoding+Text.swift)
SPEC_DIR=$ROOT/Tests/Conformance/SpecEngine
SPEC_SOURCES=("$SPEC_DIR"/SpecParser.swift "$SPEC_DIR"/SpecParser+HTTP.swift "$SPEC_DIR"/SpecParser+WebSocket.swift
    "$SPEC_DIR"/SpecParseError.swift "$SPEC_DIR"/SpecModel.swift "$SPEC_DIR"/SpecURL.swift
    "$SPEC_DIR"/CurlTokenizer.swift "$SPEC_DIR"/CurlCommand.swift "$SPEC_DIR"/JSONRuleParser.swift
    "$SPEC_DIR"/JSONRule.swift "$SPEC_DIR"/JSONShape.swift)

# build <target>: compiles the target file together with the sources it exercises.
build() {
    local target=$1 bin=$OUT/bin/$1 log=$OUT/logs/$1.build.log
    mkdir -p "$OUT/bin" "$OUT/logs"
    : >"$log"
    case $target in
    http1-parser) "$SWIFTC" "${FLAGS[@]}" -module-name FuzzHTTP1 "${HTTP1_SOURCES[@]}" Fuzz/FuzzSupport.swift Fuzz/HTTP1ParserFuzz.swift -o "$bin" >>"$log" 2>&1 ;;
    chunked-decoder) "$SWIFTC" "${FLAGS[@]}" -module-name FuzzChunked "${HTTP1_SOURCES[@]}" Fuzz/FuzzSupport.swift Fuzz/ChunkedDecoderFuzz.swift -o "$bin" >>"$log" 2>&1 ;;
    ws-frame-decoder) "$SWIFTC" "${FLAGS[@]}" -module-name FuzzWebSocket "${WS_SOURCES[@]}" Fuzz/FuzzSupport.swift Fuzz/WebSocketFrameDecoderFuzz.swift -o "$bin" >>"$log" 2>&1 ;;
    json-parser) "$SWIFTC" "${FLAGS[@]}" -module-name FuzzJSON "${JSON_SOURCES[@]}" Fuzz/FuzzSupport.swift Fuzz/JSONParserFuzz.swift -o "$bin" >>"$log" 2>&1 ;;
    spec-parser)
        # The spec engine says `import Kernel`: build a small Kernel (its JSON files) first.
        local mods=$OUT/modules/spec-parser
        mkdir -p "$mods"
        "$SWIFTC" "${FLAGS[@]}" -module-name Kernel -emit-library -static -emit-module \
            -emit-module-path "$mods/Kernel.swiftmodule" -o "$mods/libKernel.a" "${JSON_SOURCES[@]}" >>"$log" 2>&1
        "$SWIFTC" "${FLAGS[@]}" -module-name FuzzSpec -I "$mods" "${SPEC_SOURCES[@]}" Fuzz/SpecParserFuzz.swift \
            "$mods/libKernel.a" -o "$bin" >>"$log" 2>&1
        ;;
    *) echo "unknown target: $target (known: ${ALL_TARGETS[*]})" >&2; return 2 ;;
    esac
}

# final_stat <log> <name>: a `stat::<name>:` value from libFuzzer's final stats (0 when absent).
final_stat() { grep -a "^stat::$2:" "$1" | tail -1 | awk '{print $2}' || true; }

# fuzz <target>: runs it for SECONDS_PER_TARGET and appends a row to the table.
fuzz() {
    local target=$1 corpus=$OUT/corpus/$1 artifacts=$OUT/artifacts/$1/ log=$OUT/logs/$1.run.log
    mkdir -p "$corpus" "$artifacts"
    local before
    before=$(find "$artifacts" -type f | wc -l)
    set +e
    SWIFT_BACKTRACE=enable=no "$OUT/bin/$target" \
        -max_total_time="$SECONDS_PER_TARGET" -max_len="$MAX_LEN" -timeout=10 -rss_limit_mb=2048 \
        -print_final_stats=1 -artifact_prefix="$artifacts" "$corpus" "Fuzz/seeds/$target" >"$log" 2>&1
    local status=$?
    set -e
    local execs rate crashes corpus_size
    execs=$(final_stat "$log" number_of_executed_units)
    rate=$(final_stat "$log" average_exec_per_sec)
    crashes=$(($(find "$artifacts" -type f | wc -l) - before))
    corpus_size=$(find "$corpus" -type f | wc -l)
    printf '%-18s %12s %10s %8s %12s\n' "$target" "${execs:-0}" "${rate:-0}" "$crashes" "$corpus_size" >>"$OUT/table.txt"
    if [ "$crashes" -gt 0 ] || [ "$status" -ne 0 ]; then
        echo "  $target: exit $status; see $log and $artifacts" >&2
        grep -a -m3 -E "fuzz property violated|Fatal error|ERROR: AddressSanitizer|SUMMARY" "$log" | sed 's/^/    /' >&2 || true
    fi
}

if [ "${1:-}" = "--reproduce" ]; then
    target=$2 input=$3
    build "$target" || { tail -30 "$OUT/logs/$target.build.log"; exit 1; }
    SWIFT_BACKTRACE=enable=no exec "$OUT/bin/$target" "$input"
fi

targets=("$@")
[ ${#targets[@]} -eq 0 ] && targets=("${ALL_TARGETS[@]}")
for target in "${targets[@]}"; do
    echo "building $target" >&2
    build "$target" || { echo "build of $target failed:" >&2; grep -a -E "error:" "$OUT/logs/$target.build.log" | head -20 >&2; exit 1; }
done
[ -n "${FUZZ_BUILD_ONLY:-}" ] && exit 0

printf '%-18s %12s %10s %8s %12s\n' target execs execs/s crashes corpus >"$OUT/table.txt"
for target in "${targets[@]}"; do
    echo "fuzzing $target for ${SECONDS_PER_TARGET}s" >&2
    fuzz "$target"
done
cat "$OUT/table.txt"
