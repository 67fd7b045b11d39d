import Kernel
import Synchronization

/// The open sockets of one ``WebSocketPlugin``, by topic: broadcasting, and closing them all when the
/// application closes.
///
/// ```swift
/// let websocket = WebSocketPlugin()
/// try app.register(websocket)
/// try app.webSocket("/news") { socket, _ in
///     socket.subscribe("news")
///     _ = await socket.closeInfo()
/// }
/// await websocket.hub.broadcast(topic: "news", text: "extra!")
/// ```
public final class WebSocketHub: Sendable {
    private struct State {
        var sockets: [ObjectIdentifier: WebSocket] = [:]
        var topics: [String: Set<ObjectIdentifier>] = [:]
        var isClosing = false
    }

    private let state = Lock(State())

    /// An empty hub.
    public init() {}

    /// The number of open sockets.
    public var count: Int { state.withLock { $0.sockets.count } }

    /// The open sockets, all of them or those subscribed to `topic`.
    public func sockets(topic: String? = nil) -> [WebSocket] {
        state.withLock { state in
            guard let topic else { return Array(state.sockets.values) }
            return (state.topics[topic] ?? []).compactMap { state.sockets[$0] }
        }
    }

    /// Sends a text message to every open socket (of `topic`, when given); returns how many got it.
    @discardableResult
    public func broadcast(topic: String? = nil, text: String) async -> Int {
        await broadcast(topic: topic, WebSocketPreparedMessage(text: text))
    }

    /// Sends a binary message to every open socket (of `topic`, when given); returns how many got it.
    @discardableResult
    public func broadcast(topic: String? = nil, binary: [UInt8]) async -> Int {
        await broadcast(topic: topic, WebSocketPreparedMessage(binary: binary))
    }

    /// Sends `value` as JSON text to every open socket (of `topic`, when given); returns how many got it.
    @discardableResult
    public func broadcast(topic: String? = nil, json value: some Encodable) async throws -> Int {
        let bytes: [UInt8]
        do { bytes = try JSONCoding.encode(value) } catch { throw WebSocketError.encoding(String(describing: error)) }
        return await broadcast(topic: topic, WebSocketPreparedMessage(opcode: .text, payload: bytes))
    }

    /// Sends a prepared message to every open socket (of `topic`, when given); returns how many got it.
    ///
    /// The message is framed once, so every socket gets the same bytes; each socket's writes go out
    /// concurrently, so one slow peer does not hold up the others.
    @discardableResult
    public func broadcast(topic: String? = nil, _ message: WebSocketPreparedMessage) async -> Int {
        await withTaskGroup(of: Bool.self) { group in
            for socket in sockets(topic: topic) {
                group.addTask { (try? await socket.send(message)) != nil }
            }
            var delivered = 0
            for await ok in group where ok { delivered += 1 }
            return delivered
        }
    }

    /// Closes every open socket with `code` and waits until each connection ended
    /// (each at most its `closeTimeout` after the close frame). Sockets that open afterwards are
    /// closed with 1001 at once (the application is shutting down).
    public func closeAll(code: WebSocketCloseCode = .goingAway, reason: String = "") async {
        let sockets = state.withLock { state in
            state.isClosing = true
            return Array(state.sockets.values)
        }
        await withTaskGroup(of: Void.self) { group in
            for socket in sockets {
                group.addTask {
                    try? await socket.close(code: code, reason: reason)
                    _ = await socket.closeInfo()
                }
            }
        }
    }

    /// Registers an open socket; `false` once ``closeAll(code:reason:)`` ran (the socket should close).
    func add(_ socket: WebSocket) -> Bool {
        state.withLock { state in
            state.sockets[ObjectIdentifier(socket)] = socket
            return !state.isClosing
        }
    }

    func remove(_ socket: WebSocket) {
        let id = ObjectIdentifier(socket)
        state.withLock { state in
            state.sockets[id] = nil
            for topic in Array(state.topics.keys) {
                state.topics[topic]?.remove(id)
                if state.topics[topic]?.isEmpty == true { state.topics[topic] = nil }
            }
        }
    }

    func subscribe(_ socket: WebSocket, to topic: String) {
        let id = ObjectIdentifier(socket)
        state.withLock { state in
            guard state.sockets[id] != nil else { return }
            state.topics[topic, default: []].insert(id)
        }
    }

    func unsubscribe(_ socket: WebSocket, from topic: String) {
        _ = state.withLock { $0.topics[topic]?.remove(ObjectIdentifier(socket)) }
    }
}
