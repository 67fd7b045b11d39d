// Shared by every fuzz target; `Fuzz/run.sh` compiles it into each one.
/// Traps with `message` when `condition` is false; unlike `precondition`, it prints the
/// message in -O builds too, so libFuzzer's log says which property broke.
func fuzzCheck(_ condition: Bool, _ message: @autoclosure () -> String) {
    if !condition { fuzzFailure(message()) }
}

/// Traps with `message` (printed in -O builds too).
func fuzzFailure(_ message: String) -> Never {
    fatalError("fuzz property violated: \(message)")
}

/// A split point in `0...input.count` that depends on every byte (FNV-1a), so the fuzzer explores it:
/// the targets decode the same input whole and split there, and the two results must agree.
func fuzzSplitPoint(of input: [UInt8]) -> Int {
    var hash: UInt64 = 0xcbf2_9ce4_8422_2325
    for byte in input { hash = (hash ^ UInt64(byte)) &* 0x100_0000_01b3 }
    return Int(hash % UInt64(input.count + 1))
}
