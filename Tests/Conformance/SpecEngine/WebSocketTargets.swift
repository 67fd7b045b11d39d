import Glibc
import Kernel
import Plugins

/// Events a pump task collected, handed out by ``PumpedSession/next(timeout:)``.
final class EventBuffer: Sendable {
    private let state = Lock<(events: [WebSocketEvent], finished: Bool)>(([], false))

    func append(_ event: WebSocketEvent) { state.withLock { $0.events.append(event) } }
    func finish() { state.withLock { $0.finished = true } }

    /// The next event, `.some(nil)` when the connection ended and everything was read, `nil` when nothing yet.
    func pop() -> WebSocketEvent?? {
        state.withLock { state in
            if !state.events.isEmpty { return .some(state.events.removeFirst()) }
            return state.finished ? .some(nil) : nil
        }
    }

    /// Maps the plugin's event to the replay's; pings and pongs are not messages.
    static func translate(_ event: Plugins.WebSocketEvent) -> WebSocketEvent? {
        switch event {
        case .text(let text): .text(text)
        case .binary(let bytes): .binary(bytes)
        case .close(let code, let reason): .closed(code: code.map { Int($0.rawValue) }, reason: reason)
        default: nil
        }
    }
}

/// A session fed by a background pump; `next(timeout:)` polls its buffer, so no read is ever cancelled midway.
struct PumpedSession: WebSocketSession {
    let buffer: EventBuffer
    let stop: @Sendable () async -> Void

    func next(timeout: Duration) async throws -> WebSocketEvent? {
        let deadline = ContinuousClock.now + timeout
        while ContinuousClock.now < deadline {
            if let next = buffer.pop() { return next ?? .closed(code: nil, reason: "connection ended") }
            try await Task.sleep(for: .milliseconds(5))
        }
        return nil
    }

    func close() async { await stop() }
}

/// WebSocket cases in-process: the upgrade runs through the real lifecycle (`injectWebSocket`).
struct InjectWebSocketTarget: WebSocketTarget {
    let application: CompiledApplication

    func connect(url: SpecURL, headers: [(String, String)]) async throws -> any WebSocketSession {
        let client = try await application.injectWebSocket(url.target, headers: HTTPHeaders(headers))
        let buffer = EventBuffer()
        Task {
            while let event = try? await client.receive() {
                if let translated = EventBuffer.translate(event) { buffer.append(translated) }
            }
            buffer.finish()
        }
        return PumpedSession(buffer: buffer) { await client.terminate() }
    }
}

/// WebSocket cases over a real socket, to a server the test started or a live one.
struct SocketWebSocketTarget: WebSocketTarget {
    let host: String
    let port: Int

    func connect(url: SpecURL, headers: [(String, String)]) async throws -> any WebSocketSession {
        let socket = try await LoopbackWebSocket(port: port, path: url.target, headers: headers, receiveTimeout: 60)
        guard socket.status == 101 else { throw WebSocketError.unexpectedResponse(socket.status) }
        let buffer = EventBuffer()
        Task {
            while let event = await socket.receive() {
                if let translated = EventBuffer.translate(event) { buffer.append(translated) }
            }
            buffer.finish()
        }
        // Stopping shuts the socket down instead of sending a close frame: the pump thread owns the
        // client's protocol state, so nothing else may touch it while it reads.
        let descriptor = socket.raw.fd
        return PumpedSession(buffer: buffer) { _ = shutdown(descriptor, Int32(SHUT_RDWR)) }
    }
}
