import Kernel
import Synchronization

/// One side of an in-memory connection pair: what ``Application/injectWebSocket(_:headers:bufferLimit:)`` hands the
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
    ///
    /// With a `bufferLimit`, each direction holds at most about that many unread bytes: a write that
    /// leaves more unread waits until the other end reads them (like a full socket send buffer), or
    /// fails with ``WebSocketError/closed`` when either end closes first. `nil`: writes never wait.
    public static func pair(bufferLimit: Int? = nil) -> (InMemoryUpgradedConnection, InMemoryUpgradedConnection) {
        let forward = InMemoryPipe(limit: bufferLimit), backward = InMemoryPipe(limit: bufferLimit)
        return (InMemoryUpgradedConnection(incoming: backward, outgoing: forward), InMemoryUpgradedConnection(incoming: forward, outgoing: backward))
    }

    /// The next bytes the other end wrote; `nil` once it shut down its writing side or either end closed.
    public func read() async throws -> [UInt8]? { await incoming.read() }

    /// Hands `bytes` to the other end; throws ``WebSocketError/closed`` once this side stopped writing
    /// or either end closed (also while waiting for the other end to read, see ``pair(bufferLimit:)``).
    public func write(_ bytes: [UInt8]) async throws { try await outgoing.write(bytes) }

    /// Ends both directions: pending and later reads on both ends return `nil`, writes fail.
    public func close() async {
        incoming.end(discarding: true)
        outgoing.end(discarding: false)
    }

    /// Ends this side's writing: the other end reads what was written, then `nil`.
    public func shutdownWrite() async { outgoing.end(discarding: false) }
}

/// One direction of the pair: chunks in order, then end-of-stream; writers wait while more than
/// `limit` bytes are unread.
final class InMemoryPipe: Sendable {
    private struct State {
        var chunks: [[UInt8]] = []
        var unread = 0
        var isEnded = false
        var reader: CheckedContinuation<[UInt8]?, Never>?
        var writers: [CheckedContinuation<Void, any Error>] = []
    }

    private let state = Lock(State())
    private let limit: Int?

    init(limit: Int? = nil) { self.limit = limit }

    /// Queues `bytes` for the reader, then waits while more than `limit` bytes are unread.
    func write(_ bytes: [UInt8]) async throws {
        try await withCheckedThrowingContinuation { (writer: CheckedContinuation<Void, any Error>) in
            let (reader, done) = state.withLock { state -> (CheckedContinuation<[UInt8]?, Never>?, Result<Void, any Error>?) in
                guard !state.isEnded else { return (nil, .failure(WebSocketError.closed)) }
                guard !bytes.isEmpty else { return (nil, .success(())) }
                if let reader = state.reader {
                    state.reader = nil
                    return (reader, .success(()))
                }
                state.chunks.append(bytes)
                state.unread += bytes.count
                if let limit, state.unread > limit {
                    state.writers.append(writer)
                    return (nil, nil)
                }
                return (nil, .success(()))
            }
            reader?.resume(returning: bytes)
            if let done { writer.resume(with: done) }
        }
    }

    /// Ends the stream; waiting writers fail (their bytes stay readable unless `discarding`).
    func end(discarding: Bool) {
        let (reader, writers) = state.withLock { state in
            state.isEnded = true
            if discarding {
                state.chunks.removeAll()
                state.unread = 0
            }
            let reader = state.reader
            state.reader = nil
            let writers = state.writers
            state.writers = []
            return (reader, writers)
        }
        reader?.resume(returning: nil)
        for writer in writers { writer.resume(throwing: WebSocketError.closed) }
    }

    func read() async -> [UInt8]? {
        await withCheckedContinuation { continuation in
            let (ready, value, writers) = state.withLock { state -> (Bool, [UInt8]?, [CheckedContinuation<Void, any Error>]) in
                if !state.chunks.isEmpty {
                    let chunk = state.chunks.removeFirst()
                    state.unread -= chunk.count
                    var released: [CheckedContinuation<Void, any Error>] = []
                    if state.unread <= limit ?? .max { swap(&released, &state.writers) }
                    return (true, chunk, released)
                }
                if state.isEnded { return (true, nil, []) }
                state.reader = continuation
                return (false, nil, [])
            }
            for writer in writers { writer.resume() }
            if ready { continuation.resume(returning: value) }
        }
    }
}
