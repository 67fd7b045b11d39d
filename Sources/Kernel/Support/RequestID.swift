import Synchronization

/// Generates Fastify-style request ids, `req-1`, `req-2`, … with a base-36 counter that wraps at 2³¹−1.
final class RequestIDGenerator: Sendable {
    private let counter = Atomic<Int>(0)

    /// The next id.
    func next() -> String {
        let value = counter.wrappingAdd(1, ordering: .relaxed).newValue & 0x7FFF_FFFF
        return "req-" + String(value, radix: 36)
    }
}
