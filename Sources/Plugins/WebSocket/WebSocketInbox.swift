import Kernel
import Synchronization

/// The hand-off of received messages from a socket's reader to its handler.
///
/// Demand-driven: the reader starts the next message only when the handler waits for it with nothing
/// buffered. So the handler's reply to a message goes out before anything the following input causes
/// (e.g. the close frame for a bad frame, or the echo of the peer's close). Before the handler starts
/// iterating, one message is held (bytes that arrived with the upgrade request are not lost); while it
/// waits, the reader still handles control frames and end-of-stream, and stops before the next data
/// frame. A handler that only awaits ``WebSocket/closed()`` is *passive*: the reader goes on (pings
/// answered, the peer's close seen), keeping up to ``bufferLimit`` messages for a later iteration and
/// dropping the rest. ``interrupt()`` (teardown) always releases the reader.
final class WebSocketInbox: Sendable {
    /// Messages kept for a passive handler; past this they are dropped.
    static let bufferLimit = 16

    /// Unsafe continuations (no checking canary allocated per wait): each is stored in `State` under the lock
    /// and taken out exactly once, by whoever resumes it, so none is resumed twice or dropped.
    private struct State {
        var buffer: [WebSocketMessage] = []
        var consumer: UnsafeContinuation<WebSocketMessage?, Never>?
        var producer: UnsafeContinuation<Bool, Never>?
        var isIterated = false
        var isPassive = false
        var isFinished = false
        var isAbandoned = false
        /// The connection was torn down: the reader must stop waiting.
        var isInterrupted = false
        /// Whether the waiting reader wants to start the next message (not just handle control frames).
        var producerNeedsData = false

        /// Whether the reader may process more input, including the next message.
        var hasDemand: Bool {
            if isFinished || isAbandoned || isInterrupted { return true }
            if isIterated { return consumer != nil && buffer.isEmpty }
            return isPassive || buffer.isEmpty
        }

        /// Whether the reader may go on, with the next message (`includingData`) or only with control
        /// frames and end-of-stream: those are handled while a message waits for the handler.
        func mayProceed(includingData: Bool) -> Bool {
            hasDemand || (!includingData && !buffer.isEmpty)
        }

        /// Takes the waiting reader if it may go on now.
        mutating func releasableProducer() -> UnsafeContinuation<Bool, Never>? {
            guard mayProceed(includingData: producerNeedsData), let producer else { return nil }
            self.producer = nil
            return producer
        }
    }

    private let state = Lock(State())

    /// Reader: suspends until it may go on (with the next message when `includingData`); returns
    /// whether it may start the next message now.
    func waitForDemand(includingData: Bool) async -> Bool {
        await withUnsafeContinuation { (continuation: UnsafeContinuation<Bool, Never>) in
            let ready = state.withLock { state -> Bool? in
                if state.mayProceed(includingData: includingData) { return state.hasDemand }
                state.producer = continuation
                state.producerNeedsData = includingData
                return nil
            }
            if let ready { continuation.resume(returning: ready) }
        }
    }

    /// The connection was torn down: the reader goes on (to stop), whatever the handler does.
    func interrupt() {
        let producer = state.withLock { state in
            state.isInterrupted = true
            return state.releasableProducer()
        }
        producer?.resume(returning: true)
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
        producer?.resume(returning: true)
    }

    /// Handler side: the handler waits for the close without reading (until it starts iterating).
    func markPassive() {
        let producer = state.withLock { state in
            state.isPassive = true
            return state.releasableProducer()
        }
        producer?.resume(returning: true)
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
        producer?.resume(returning: true)
    }

    /// Handler: the next message, or `nil` once the connection closed (or the task was cancelled).
    func next() async -> WebSocketMessage? {
        await withTaskCancellationHandler {
            await withUnsafeContinuation { (continuation: UnsafeContinuation<WebSocketMessage?, Never>) in
                let (message, done, producer) = state.withLock { state -> (WebSocketMessage?, Bool, UnsafeContinuation<Bool, Never>?) in
                    state.isIterated = true
                    if !state.buffer.isEmpty {
                        let message = state.buffer.removeFirst()
                        return (message, true, state.releasableProducer())
                    }
                    if state.isFinished || state.isAbandoned { return (nil, true, nil) }
                    state.consumer = continuation
                    return (nil, false, state.releasableProducer())
                }
                producer?.resume(returning: true)
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
