extension Application {
    /// Starts the HTTP/1.1 server: `ready()`, bind, accept, then `onListen` hooks. Returns the bound port.
    ///
    /// ```swift
    /// let port = try await app.listen(ServerConfiguration(host: "127.0.0.1", port: 0))
    /// ```
    @discardableResult
    public func listen(_ configuration: ServerConfiguration) async throws -> Int {
        if transport.server != nil { throw KernelError(.reopenedServer) }
        let compiled = try await ready()
        let server = try HTTPServer(app: compiled, configuration: configuration)
        transport.server = server
        await didListen()
        return server.port
    }

    /// Starts the server on `host:port`.
    @discardableResult
    public func listen(host: String = "127.0.0.1", port: Int) async throws -> Int {
        try await listen(ServerConfiguration(host: host, port: port))
    }
}

/// The running transport, if any; the application owns it so `close()` can drain it.
final class TransportSlot {
    var server: HTTPServer?
}
