import Kernel
import Synchronization

/// One side of an in-memory connection pair: what ``Application/injectWebSocket(_:headers:)`` hands the
/// server's upgrade handler and the test client instead of a socket.
///
/// ```swift
/// let (client, server) = InMemoryUpgradedConnection.pair()
/// try await client.write([1, 2, 3])
/// let bytes = try await server.read()   // [1, 2, 3]
/// ```
public final class InMemoryUpgradedConnection: UpgradedConnection {
    private let incoming: InMemoryPipe
    private let outgoing: InMemoryPipe

    private init(incoming: InMemoryPipe, outgoing: InMemoryPipe) {
        self.incoming = incoming
        self.outgoing = outgoing
    }

    /// Two connected ends: what one writes, the other reads.
    public static func pair() -> (InMemoryUpgradedConnection, InMemoryUpgradedConnection) {
        let forward = InMemoryPipe(), backward = InMemoryPipe()
        return (InMemoryUpgradedConnection(incoming: backward, outgoing: forward), InMemoryUpgradedConnection(incoming: forward, outgoing: backward))
    }

    /// The next bytes the other end wrote; `nil` once it shut down its writing side or either end closed.
    public func read() async throws -> [UInt8]? { await incoming.read() }

    /// Hands `bytes` to the other end; throws ``WebSocketError/closed`` once this side stopped writing
    /// or the other end closed.
    public func write(_ bytes: [UInt8]) async throws { try outgoing.write(bytes) }

    /// Ends both directions: pending and later reads on both ends return `nil`, writes fail.
    public func close() async {
        incoming.end(discarding: true)
        outgoing.end(discarding: false)
    }

    /// Ends this side's writing: the other end reads what was written, then `nil`.
    public func shutdownWrite() async { outgoing.end(discarding: false) }
}

/// One direction of the pair: chunks in order, then end-of-stream.
final class InMemoryPipe: Sendable {
    private struct State {
        var chunks: [[UInt8]] = []
        var isEnded = false
        var reader: CheckedContinuation<[UInt8]?, Never>?
    }

    private let state = Lock(State())

    func write(_ bytes: [UInt8]) throws(WebSocketError) {
        let reader = try state.withLock { state throws(WebSocketError) -> CheckedContinuation<[UInt8]?, Never>? in
            guard !state.isEnded else { throw .closed }
            guard !bytes.isEmpty else { return nil }
            if let reader = state.reader {
                state.reader = nil
                return reader
            }
            state.chunks.append(bytes)
            return nil
        }
        reader?.resume(returning: bytes)
    }

    func end(discarding: Bool) {
        let reader = state.withLock { state in
            state.isEnded = true
            if discarding { state.chunks.removeAll() }
            let reader = state.reader
            state.reader = nil
            return reader
        }
        reader?.resume(returning: nil)
    }

    func read() async -> [UInt8]? {
        await withCheckedContinuation { continuation in
            let (ready, value) = state.withLock { state -> (Bool, [UInt8]?) in
                if !state.chunks.isEmpty { return (true, state.chunks.removeFirst()) }
                if state.isEnded { return (true, nil) }
                state.reader = continuation
                return (false, nil)
            }
            if ready { continuation.resume(returning: value) }
        }
    }
}
