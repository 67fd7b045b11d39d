/// Runs `operation` against a time limit: its result, or `nil` when `limit` passed first (the operation is then
/// cancelled). The kernel's `handlerTimeout` and the transport's `requestTimeout` both race this way.
///
/// ```swift
/// let body = await withTimeLimit(.seconds(2)) { await fetchBody() }   // nil when it took longer
/// ```
func withTimeLimit<Value: Sendable>(_ limit: Duration, _ operation: @escaping @Sendable () async -> Value) async -> Value? {
    await withTaskGroup(of: Value?.self) { group in
        group.addTask { await operation() }
        group.addTask {
            try? await Task.sleep(for: limit)
            return nil
        }
        let first = await group.next() ?? nil
        group.cancelAll()
        return first
    }
}
