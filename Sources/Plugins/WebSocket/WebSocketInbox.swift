import Kernel
import Synchronization

/// The hand-off of received messages from a socket's reader to its handler.
///
/// Demand-driven: the reader processes more input only when the handler waits for the next message
/// with nothing buffered. So the handler's reply to a message goes out before anything the following
/// input causes (e.g. the close frame for a bad frame, or the echo of the peer's close). Before the
/// handler starts iterating, one message is held (bytes that arrived with the upgrade request are not
/// lost) and the reader waits. A handler that only awaits ``WebSocket/closed()`` is *passive*: the
/// reader goes on (pings answered, the peer's close seen), keeping up to ``bufferLimit`` messages for
/// a later iteration and dropping the rest.
final class WebSocketInbox: Sendable {
    /// Messages kept for a passive handler; past this they are dropped.
    static let bufferLimit = 16

    /// Unsafe continuations (no checking canary allocated per wait): each is stored in `State` under the lock
    /// and taken out exactly once, by whoever resumes it, so none is resumed twice or dropped.
    private struct State {
        var buffer: [WebSocketMessage] = []
        var consumer: UnsafeContinuation<WebSocketMessage?, Never>?
        var producer: UnsafeContinuation<Void, Never>?
        var isIterated = false
        var isPassive = false
        var isFinished = false
        var isAbandoned = false

        /// Whether the reader may process more input.
        var hasDemand: Bool {
            if isFinished || isAbandoned { return true }
            if isIterated { return consumer != nil && buffer.isEmpty }
            return isPassive || buffer.isEmpty
        }

        /// Takes the waiting reader if it may go on now.
        mutating func releasableProducer() -> UnsafeContinuation<Void, Never>? {
            guard hasDemand, let producer else { return nil }
            self.producer = nil
            return producer
        }
    }

    private let state = Lock(State())

    /// Reader: suspends until the handler wants more (or nobody will ever read).
    func waitForDemand() async {
        await withUnsafeContinuation { (continuation: UnsafeContinuation<Void, Never>) in
            let ready = state.withLock { state -> Bool in
                if state.hasDemand { return true }
                state.producer = continuation
                return false
            }
            if ready { continuation.resume() }
        }
    }

    /// Reader: hands over one message; dropped when the handler stopped reading.
    func deliver(_ message: WebSocketMessage) {
        let consumer = state.withLock { state -> UnsafeContinuation<WebSocketMessage?, Never>? in
            if state.isAbandoned || state.isFinished { return nil }
            if let consumer = state.consumer, state.buffer.isEmpty {
                state.consumer = nil
                return consumer
            }
            if state.isIterated || state.buffer.count < Self.bufferLimit { state.buffer.append(message) }
            return nil
        }
        consumer?.resume(returning: message)
    }

    /// Reader: no more messages; the handler's iteration ends once the buffer is empty.
    func finish() {
        let (consumer, producer) = state.withLock { state in
            state.isFinished = true
            let consumer = state.buffer.isEmpty ? state.consumer : nil
            if consumer != nil { state.consumer = nil }
            let producer = state.producer
            state.producer = nil
            return (consumer, producer)
        }
        consumer?.resume(returning: nil)
        producer?.resume()
    }

    /// Handler side: the handler waits for the close without reading (until it starts iterating).
    func markPassive() {
        let producer = state.withLock { state in
            state.isPassive = true
            return state.releasableProducer()
        }
        producer?.resume()
    }

    /// Handler side: the handler returned or stopped iterating; later messages are discarded.
    func abandon() {
        let (consumer, producer) = state.withLock { state in
            state.isAbandoned = true
            state.buffer.removeAll()
            let consumer = state.consumer
            state.consumer = nil
            let producer = state.producer
            state.producer = nil
            return (consumer, producer)
        }
        consumer?.resume(returning: nil)
        producer?.resume()
    }

    /// Handler: the next message, or `nil` once the connection closed (or the task was cancelled).
    func next() async -> WebSocketMessage? {
        await withTaskCancellationHandler {
            await withUnsafeContinuation { (continuation: UnsafeContinuation<WebSocketMessage?, Never>) in
                let (message, done, producer) = state.withLock { state -> (WebSocketMessage?, Bool, UnsafeContinuation<Void, Never>?) in
                    state.isIterated = true
                    if !state.buffer.isEmpty {
                        let message = state.buffer.removeFirst()
                        return (message, true, state.releasableProducer())
                    }
                    if state.isFinished || state.isAbandoned { return (nil, true, nil) }
                    state.consumer = continuation
                    return (nil, false, state.releasableProducer())
                }
                producer?.resume()
                if done { continuation.resume(returning: message) }
            }
        } onCancel: {
            abandon()
        }
    }
}

/// The messages a peer sends, in order; ends when the connection closes. Iterate it from one task only.
///
/// ```swift
/// for await message in socket.messages { try await socket.send(message) }
/// ```
public struct WebSocketMessages: AsyncSequence, Sendable {
    /// The element type.
    public typealias Element = WebSocketMessage

    let inbox: WebSocketInbox

    /// Iterates the messages.
    public struct AsyncIterator: AsyncIteratorProtocol {
        let inbox: WebSocketInbox

        /// The next message, or `nil` when the connection closed.
        public mutating func next() async -> WebSocketMessage? { await inbox.next() }

        /// The next message, or `nil` when the connection closed.
        public mutating func next(isolation actor: isolated (any Actor)?) async -> WebSocketMessage? { await inbox.next() }
    }

    /// An iterator.
    public func makeAsyncIterator() -> AsyncIterator { AsyncIterator(inbox: inbox) }
}
