import Kernel
import Synchronization

/// A handler for an accepted WebSocket: it owns the socket until it returns (then the socket closes
/// with 1000; a thrown error closes it with 1011).
public typealias WebSocketHandler = @Sendable (_ socket: WebSocket, _ request: Request) async throws -> Void

/// An open WebSocket connection, as a route handler gets it. Sendable: any task may send, e.g. a
/// publisher; frames are written one at a time, in the order they were queued, never interleaved.
///
/// ```swift
/// try app.webSocket("/chat") { socket, request in
///     socket.subscribe("room")
///     for await message in socket.messages {
///         if let text = message.text { await plugin.broadcast(topic: "room", text: text) }
///     }
/// }
/// ```
public final class WebSocket: Sendable {
    /// The upgrade request (headers, params, decorations).
    public let request: Request
    /// The subprotocol confirmed in the handshake, if any.
    public let subprotocol: String?
    let connection: any UpgradedConnection
    let options: WebSocketOptions
    let hub: WebSocketHub
    let inbox = WebSocketInbox()
    let core: Lock<WebSocketCore>

    init(connection: any UpgradedConnection, request: Request, subprotocol: String?, options: WebSocketOptions, hub: WebSocketHub) {
        self.connection = connection
        self.request = request
        self.subprotocol = subprotocol
        self.options = options
        self.hub = hub
        let configuration = WebSocketProtocolStateMachine.Configuration(
            role: .server, maxMessageSize: options.maxPayload, autoPong: options.autoPong
        )
        core = Lock(WebSocketCore(machine: WebSocketProtocolStateMachine(configuration: configuration)))
    }

    /// The messages the peer sends, in order; the sequence ends when the connection closes.
    public var messages: WebSocketMessages { WebSocketMessages(inbox: inbox) }

    /// Whether messages can still be sent (no close frame sent or received).
    public var isOpen: Bool { core.withLock { !$0.isBroken && $0.machine.state == .open } }

    /// Sends a text message.
    public func send(text: String) async throws {
        try await enqueue { machine throws(WebSocketSendError) in try machine.sendText(text) }
    }

    /// Sends a binary message.
    public func send(binary: [UInt8]) async throws {
        try await enqueue { machine throws(WebSocketSendError) in try machine.sendBinary(binary) }
    }

    /// Sends a message of either kind (an echo handler's one-liner).
    public func send(_ message: WebSocketMessage) async throws {
        switch message {
        case .text(let text): try await send(text: text)
        case .binary(let bytes): try await send(binary: bytes)
        }
    }

    /// Sends `value` encoded as JSON in a text message.
    public func send(json value: some Encodable) async throws {
        let bytes: [UInt8]
        do { bytes = try JSONCoding.encode(value) } catch { throw WebSocketError.encoding(String(describing: error)) }
        try await send(text: String(decoding: bytes, as: UTF8.self))
    }

    /// Sends a ping (at most 125 bytes); the peer's pong needs no handling.
    public func ping(_ payload: [UInt8] = []) async throws {
        try await enqueue { machine throws(WebSocketSendError) in try machine.ping(payload) }
    }

    /// Starts the closing handshake: sends a close frame, then waits (in the background) up to
    /// `closeTimeout` for the peer's. Does nothing once a close frame was sent or received.
    ///
    /// The timeout runs from this call, not from when the frame is written: a peer that stops
    /// reading cannot hold it up. When it passes, the connection is dropped (a write still blocked
    /// fails), so this returns at the latest then.
    ///
    /// Throws ``WebSocketError/invalidCloseCode`` (1005, 1006, …) or ``WebSocketError/closeReasonTooLong``.
    public func close(code: WebSocketCloseCode = .normal, reason: String = "") async throws {
        guard code.isValidOnWire else { throw WebSocketError.invalidCloseCode }
        guard reason.utf8.count <= 123 else { throw WebSocketError.closeReasonTooLong }
        let timeout = options.closeTimeout
        do {
            try await enqueue({ machine throws(WebSocketSendError) in try machine.close(code: code, reason: reason) }) { core in
                core.closeTimer = Task { [self] in
                    do { try await Task.sleep(for: timeout) } catch { return }
                    await tearDown()
                }
            }
        } catch let error as WebSocketError where error == .closed {
            return
        }
    }

    /// Waits until the connection is closed and reports how.
    ///
    /// While a handler waits here without iterating ``messages``, incoming messages are kept
    /// (up to 16) or dropped, so pings and the peer's close are still handled.
    public func closed() async -> WebSocketCloseInfo {
        inbox.markPassive()
        return await closeInfo()
    }

    /// Waits for the close report without changing how messages are read.
    func closeInfo() async -> WebSocketCloseInfo {
        await withCheckedContinuation { continuation in
            let info = core.withLock { core -> WebSocketCloseInfo? in
                if let info = core.closeInfo { return info }
                core.closeWaiters.append(continuation)
                return nil
            }
            if let info { continuation.resume(returning: info) }
        }
    }

    /// Calls `body` once the connection is closed (at once when it already is).
    public func onClose(_ body: @escaping @Sendable (WebSocketCloseInfo) -> Void) {
        let info = core.withLock { core -> WebSocketCloseInfo? in
            if let info = core.closeInfo { return info }
            core.closeCallbacks.append(body)
            return nil
        }
        if let info { body(info) }
    }

    /// Adds the socket to a topic, for ``WebSocketHub/broadcast(topic:text:)``; it leaves every topic on close.
    public func subscribe(_ topic: String) { hub.subscribe(self, to: topic) }

    /// Removes the socket from a topic.
    public func unsubscribe(_ topic: String) { hub.unsubscribe(self, from: topic) }

    /// Drops the connection without a closing handshake (the peer sees 1006).
    public func terminate() async { await tearDown() }

    /// Drops the connection and stops the reader, even while it waits for the handler to take a
    /// message, so the session finishes (`onClose`, ``closed()``); blocked writes fail.
    func tearDown() async {
        core.withLock { $0.isTornDown = true }
        inbox.interrupt()
        await connection.close()
    }
}

/// Everything about a socket that changes, behind one lock: the protocol state machine and the
/// outgoing queue share it, so a frame is queued in the same step the state machine allows it
/// (nothing can be queued after the close frame).
struct WebSocketCore: Sendable {
    var machine: WebSocketProtocolStateMachine
    var queue: [UInt8] = []
    var isWriting = false
    var waiters: [CheckedContinuation<WebSocketWriteTurn, any Error>] = []
    /// The connection is gone (or finished): writes fail with ``WebSocketError/closed``.
    var isBroken = false
    /// Bytes arrived since the last heartbeat ping.
    var isAlive = true
    /// The heartbeat's last ping is not written yet.
    var isPingPending = false
    /// ``WebSocket/tearDown()`` ran: the reader stops.
    var isTornDown = false
    /// Waiting for the writer to stop (see ``WebSocket/writesDrained()``).
    var drainWaiters: [CheckedContinuation<Void, Never>] = []
    var peerClose: (code: WebSocketCloseCode?, reason: String)?
    var failure: WebSocketProtocolError?
    var closeInfo: WebSocketCloseInfo?
    var closeWaiters: [CheckedContinuation<WebSocketCloseInfo, Never>] = []
    var closeCallbacks: [@Sendable (WebSocketCloseInfo) -> Void] = []
    var closeTimer: Task<Void, Never>?

    /// How the connection ended, from what was seen.
    var outcome: WebSocketCloseInfo {
        if let peerClose { return WebSocketCloseInfo(code: peerClose.code ?? .noStatusReceived, reason: peerClose.reason, wasClean: true) }
        if let failure { return WebSocketCloseInfo(code: failure.closeCode, wasClean: false) }
        return WebSocketCloseInfo(code: .abnormalClosure, wasClean: false)
    }
}
