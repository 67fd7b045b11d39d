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
