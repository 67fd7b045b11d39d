import Synchronization

/// Generates Fastify-style request ids, `req-1`, `req-2`, … with a base-36 counter that wraps at 2³¹−1.
final class RequestIDGenerator: Sendable {
    private let counter = Atomic<Int>(0)

    /// The next id.
    func next() -> String { Self.format(nextNumber()) }

    /// The next id's number; ``format(_:)`` makes it `req-…` when someone reads it.
    func nextNumber() -> Int { counter.wrappingAdd(1, ordering: .relaxed).newValue & 0x7FFF_FFFF }

    /// `req-` and the number in base 36.
    static func format(_ number: Int) -> String { "req-" + String(number, radix: 36) }
}

/// Where a request's id comes from: a header's value, or the generator's number, formatted only when read
/// (most requests never read their id, so they skip the formatting).
enum RequestIdentity: Sendable {
    case text(String)
    case number(Int)

    var id: String {
        switch self {
        case .text(let text): text
        case .number(let number): RequestIDGenerator.format(number)
        }
    }
}
