import Kernel
import Synchronization

/// The client end of ``Application/injectWebSocket(_:headers:bufferLimit:)``: a client-role RFC 6455 endpoint
/// (its frames are masked) over an in-memory connection to the route's handler. Use it from one task.
///
/// ```swift
/// let client = try await app.injectWebSocket("/echo")
/// try await client.send(text: "hi")
/// #expect(try await client.receiveMessage() == .text("hi"))
/// try await client.close()
/// ```
public final class WebSocketTestClient: Sendable {
    /// The server's `101` response (headers include `Sec-WebSocket-Accept` and the chosen subprotocol).
    public let response: InjectResponse
    private let connection: InMemoryUpgradedConnection
    private let machine: Lock<WebSocketProtocolStateMachine>
    private let server: Task<Void, Never>

    init(response: InjectResponse, connection: InMemoryUpgradedConnection, server: Task<Void, Never>, maxMessageSize: Int) {
        self.response = response
        self.connection = connection
        self.server = server
        let configuration = WebSocketProtocolStateMachine.Configuration(role: .client, maxMessageSize: maxMessageSize)
        machine = Lock(WebSocketProtocolStateMachine(configuration: configuration))
    }

    /// The subprotocol the server confirmed, if any.
    public var subprotocol: String? { response.headers["sec-websocket-protocol"] }

    /// Sends a text message.
    public func send(text: String) async throws {
        try await write(try machine.withLock { machine throws(WebSocketSendError) in try machine.sendText(text) })
    }

    /// Sends a binary message.
    public func send(binary: [UInt8]) async throws {
        try await write(try machine.withLock { machine throws(WebSocketSendError) in try machine.sendBinary(binary) })
    }

    /// Sends a ping.
    public func ping(_ payload: [UInt8] = []) async throws {
        try await write(try machine.withLock { machine throws(WebSocketSendError) in try machine.ping(payload) })
    }

    /// Sends a close frame; read on with ``receive()`` (or ``closed()``) to finish the handshake.
    public func close(code: WebSocketCloseCode = .normal, reason: String = "") async throws {
        try await write(try machine.withLock { machine throws(WebSocketSendError) in try machine.close(code: code, reason: reason) })
    }

    /// Writes bytes as they are (hand-built or deliberately broken frames).
    public func sendRaw(_ bytes: [UInt8]) async throws { try await connection.write(bytes) }

    /// The next thing the server did: a message, a ping, a pong or its close frame; `nil` once the
    /// connection ended. Pings are answered, and the server's close frame is echoed, automatically.
    public func receive() async throws -> WebSocketEvent? {
        while true {
            guard let action = machine.withLock({ $0.nextAction() }) else {
                guard let bytes = try await connection.read() else { return nil }
                machine.withLock { $0.append(bytes) }
                continue
            }
            switch action {
            case .event(let event):
                if case .close = event { await finishClosingHandshake() }
                return event
            case .write(let bytes):
                try? await connection.write(bytes)
            case .closeConnection:
                await connection.close()
            }
        }
    }

    /// The next text or binary message, skipping pings and pongs; `nil` once the server closed.
    public func receiveMessage() async throws -> WebSocketMessage? {
        while let event = try await receive() {
            switch event {
            case .text(let text): return .text(text)
            case .binary(let bytes): return .binary(bytes)
            case .close: return nil
            case .ping, .pong: continue
            }
        }
        return nil
    }

    /// Reads until the connection ends; returns the server's close code and reason (code 1005 when
    /// its close frame had none), or `nil` when the connection ended without a close frame.
    public func closed() async -> WebSocketCloseInfo? {
        var info: WebSocketCloseInfo?
        while let event = try? await receive() {
            if case .close(let code, let reason) = event {
                info = WebSocketCloseInfo(code: code ?? .noStatusReceived, reason: reason, wasClean: true)
            }
        }
        return info
    }

    /// Drops the connection without a close frame (the server sees 1006).
    public func terminate() async { await connection.close() }

    /// Waits until the server's side of the connection (its handler and reader) finished.
    public func serverFinished() async { await server.value }

    /// After the server's close frame: send the echo the state machine queued, then close.
    private func finishClosingHandshake() async {
        while let action = machine.withLock({ $0.nextAction() }) {
            switch action {
            case .write(let bytes): try? await connection.write(bytes)
            case .closeConnection: await connection.close()
            case .event: break
            }
        }
        await connection.close()
    }

    private func write(_ bytes: [UInt8]) async throws {
        do { try await connection.write(bytes) } catch { throw WebSocketError.closed }
    }
}
