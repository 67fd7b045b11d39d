import Kernel

/// WebSocket routes for the scope it is registered in and below, after `@fastify/websocket`:
/// upgrade requests run the route's `onRequest` … `preHandler` hooks (so an auth hook's 401 refuses
/// the upgrade), then the `Origin` check (403), the RFC 6455 handshake (400/405/426), and `101`.
///
/// Not encapsulated (like `fastify-plugin`). Register it before declaring ``Scope/webSocket(_:options:config:hooks:http:_:)``
/// routes. On `app.close()` every open socket is closed with 1001 (`preClose`). See `Specs/plugins/websocket.md`.
///
/// ```swift
/// let websocket = WebSocketPlugin()
/// try app.register(websocket)
/// try app.webSocket("/echo") { socket, _ in
///     for await message in socket.messages { try await socket.send(message) }
/// }
/// ```
public struct WebSocketPlugin: Plugin {
    /// The decoration under which the plugin publishes its settings and hub to routes.
    static let key = DecorationKey<WebSocketContext>("websocket")

    /// `websocket`.
    public var name: String { "websocket" }
    /// `false`: routes anywhere below the registering scope can be WebSocket routes.
    public var isEncapsulated: Bool { false }
    /// The settings; a route may override them.
    public let options: WebSocketOptions
    /// The open sockets, for broadcasting.
    public let hub: WebSocketHub

    /// A plugin with `options`.
    public init(_ options: WebSocketOptions = WebSocketOptions()) {
        self.options = options
        self.hub = WebSocketHub()
    }

    /// Publishes the settings and hub, and adds the `preClose` hook that closes every socket with 1001.
    public func register(in scope: Scope) throws {
        try scope.decorate(Self.key, WebSocketContext(options: options, hub: hub))
        let hub = self.hub
        try scope.addHook(.preClose) { await hub.closeAll(code: .goingAway, reason: "server shutting down") }
    }

    /// Sends a text message to every socket subscribed to `topic` (every socket when `nil`).
    @discardableResult
    public func broadcast(topic: String? = nil, text: String) async -> Int { await hub.broadcast(topic: topic, text: text) }

    /// Sends a binary message to every socket subscribed to `topic` (every socket when `nil`).
    @discardableResult
    public func broadcast(topic: String? = nil, binary: [UInt8]) async -> Int { await hub.broadcast(topic: topic, binary: binary) }
}

/// What a WebSocket route needs from the plugin.
struct WebSocketContext: Sendable {
    let options: WebSocketOptions
    let hub: WebSocketHub
}
