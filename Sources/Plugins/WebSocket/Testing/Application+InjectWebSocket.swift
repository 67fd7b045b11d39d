import Kernel

extension Application {
    /// Opens a WebSocket in-process, like fastify's `injectWS`: a GET upgrade request for `path`
    /// (with a random key, version 13 and any `headers` given) runs the whole lifecycle through
    /// `inject`; on `101` the route's handler is connected to the returned client in memory.
    ///
    /// Throws ``WebSocketError/unexpectedResponse(_:)`` with the status when the server answered
    /// with HTTP instead (e.g. 401 from an auth hook, 403 for a refused origin).
    ///
    /// `bufferLimit` bounds the bytes in flight each way (see ``InMemoryUpgradedConnection/pair(bufferLimit:)``):
    /// a client that stops calling `receive()` then blocks the server's writes, like a peer that stops reading.
    ///
    /// ```swift
    /// let client = try await app.injectWebSocket("/ws", headers: ["api-key": "secret"])
    /// ```
    public func injectWebSocket(_ path: String = "/", headers: HTTPHeaders = [:], bufferLimit: Int? = nil) async throws -> WebSocketTestClient {
        try await ready().injectWebSocket(path, headers: headers, bufferLimit: bufferLimit)
    }
}

extension CompiledApplication {
    /// Opens a WebSocket in-process against the frozen application; see ``Application/injectWebSocket(_:headers:bufferLimit:)``.
    public func injectWebSocket(_ path: String = "/", headers: HTTPHeaders = [:], bufferLimit: Int? = nil) async throws -> WebSocketTestClient {
        let key = Base64.encode((0..<16).map { _ in UInt8.random(in: 0...255) })
        var fields: HTTPHeaders = [
            "upgrade": "websocket", "connection": "Upgrade",
            "sec-websocket-key": key, "sec-websocket-version": WebSocketHandshake.supportedVersion,
        ]
        for field in headers { fields[field.name] = nil }
        for field in headers { fields.add(field.name, field.value) }
        let response = await inject(InjectRequest(method: .get, url: path, headers: fields))
        guard response.status == .switchingProtocols, let upgrade = response.upgradeHandler else {
            throw WebSocketError.unexpectedResponse(response.statusCode)
        }
        let sentKey = fields["sec-websocket-key"] ?? key
        guard response.headers["sec-websocket-accept"] == WebSocketHandshake.acceptValue(forKey: sentKey) else {
            throw WebSocketError.invalidHandshake("wrong Sec-WebSocket-Accept")
        }
        let (client, server) = InMemoryUpgradedConnection.pair(bufferLimit: bufferLimit)
        let session = Task { await upgrade.run([], server) }
        return WebSocketTestClient(response: response, connection: client, server: session, maxMessageSize: Int.max >> 1)
    }
}
