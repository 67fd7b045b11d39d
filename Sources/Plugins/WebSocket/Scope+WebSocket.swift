import Kernel

extension Scope {
    /// Declares a WebSocket route: a GET route (no automatic HEAD) in this scope, so this scope's
    /// `onRequest`, `preParsing`, `preValidation` and `preHandler` hooks run on the upgrade request
    /// and a hook that sends refuses the upgrade with its own reply.
    ///
    /// A GET without `Upgrade: websocket` goes to `http` when given, else gets 426 Upgrade Required.
    /// Throws ``WebSocketError/pluginNotRegistered`` when ``WebSocketPlugin`` is not visible here.
    ///
    /// ```swift
    /// try app.webSocket("/echo") { socket, request in
    ///     for await message in socket.messages { try await socket.send(message) }
    /// }
    /// ```
    public func webSocket(
        _ path: String, options: WebSocketOptions? = nil, config: [String: String] = [:],
        hooks: [Hook: [RequestHook]] = [:], http: Handler? = nil, _ handler: @escaping WebSocketHandler
    ) throws {
        guard let context = self[WebSocketPlugin.key] else { throw WebSocketError.pluginNotRegistered }
        let settings = options ?? context.options
        let hub = context.hub
        let upgrade: Handler = { request, reply in
            guard Self.asksForWebSocket(request) else {
                if let http { return try await http(request, &reply) }
                reply.status = .init(426)
                reply.header("upgrade", "websocket")
                reply.header("sec-websocket-version", WebSocketHandshake.supportedVersion)
                reply.send("Upgrade Required")
                return
            }
            await Self.answerUpgrade(request, &reply, options: settings, hub: hub, handler: handler)
        }
        var routeConfig = config
        routeConfig["websocket"] = "true"
        try route(RouteOptions(
            method: .get, path: path, prefix: prefix, exposeHeadRoute: false, config: routeConfig, hooks: hooks, handler: upgrade
        ))
    }

    /// Whether the request asks to switch to WebSocket (`Upgrade` lists `websocket`).
    static func asksForWebSocket(_ request: Request) -> Bool {
        request.headers.containsToken("websocket", in: "upgrade")
    }

    /// The origin check, the handshake, then `101` with the socket's session as upgrade handler.
    static func answerUpgrade(
        _ request: Request, _ reply: inout Reply, options: WebSocketOptions, hub: WebSocketHub, handler: @escaping WebSocketHandler
    ) async {
        guard await WebSocketOriginCheck.allows(request, policy: options.allowedOrigins) else {
            reply.status = .init(403)
            reply.header("connection", "close")
            reply.send("Origin not allowed")
            return
        }
        let handshake = WebSocketHandshake(supportedSubprotocols: options.subprotocols, selectSubprotocol: options.selectSubprotocol)
        let fields = request.headers.map { (name: $0.name, value: $0.value) }
        switch handshake.evaluate(method: request.method.rawValue, httpVersion: request.httpVersion, headers: fields) {
        case .rejected(let status, let reason, let headers):
            reply.status = .init(status)
            for field in headers { reply.header(field.name, field.value) }
            reply.header("connection", "close")
            reply.send(reason)
        case .accepted(let headers, let subprotocol):
            var extra = HTTPHeaders()
            for field in headers { extra.add(field.name, field.value) }
            reply.upgrade(headers: extra, UpgradeHandler { leftover, connection in
                let socket = WebSocket(connection: connection, request: request, subprotocol: subprotocol, options: options, hub: hub)
                await socket.run(leftover: leftover, handler: handler)
            })
        }
    }
}
