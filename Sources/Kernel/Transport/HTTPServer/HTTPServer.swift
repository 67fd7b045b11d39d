/// The HTTP/1.1 server behind ``Application/listen(_:)``: a listener, one task per connection on its loop,
/// and graceful shutdown.
final class HTTPServer: Sendable {
    let group: EventLoopGroup
    let listener: ServerSocketListener
    let registry = ConnectionRegistry()
    let configuration: ServerConfiguration

    /// Binds and starts accepting; the port is in `listener.localAddress`.
    init(app: CompiledApplication, configuration: ServerConfiguration) throws {
        let group = try EventLoopGroup(loopCount: max(1, configuration.loopCount), parking: configuration.loopParking)
        let registry = self.registry
        let listenerConfiguration = ListenerConfiguration(
            host: configuration.host, port: UInt16(clamping: configuration.port), maxConnections: configuration.maxConnections
        )
        do {
            listener = try ServerSocketListener(group: group, configuration: listenerConfiguration) { connection in
                let entry = ConnectionEntry(descriptor: connection.socket.descriptor)
                guard registry.add(entry) else { registry.remove(entry); connection.close(); return }
                let handler = HTTPConnectionHandler(app: app, configuration: configuration, connection: connection, entry: entry, registry: registry)
                await handler.run()
                registry.remove(entry)
                connection.close()
            }
        } catch {
            group.shutdown()
            throw error
        }
        self.group = group
        self.configuration = configuration
    }

    /// The bound port.
    var port: Int { Int(listener.localAddress.port) }

    /// Stops accepting, closes idle keep-alive connections, waits for requests in flight up to the
    /// grace period, then closes what is left and stops the loops.
    func shutdown() async {
        await listener.stop()
        registry.drain()
        let deadline = ContinuousClock.now + configuration.shutdownGracePeriod
        while registry.count > 0, ContinuousClock.now < deadline {
            try? await Task.sleep(for: .milliseconds(10))
            registry.drain()
        }
        registry.abortAll()
        let settle = ContinuousClock.now + .seconds(1)
        while registry.count > 0, ContinuousClock.now < settle { try? await Task.sleep(for: .milliseconds(5)) }
        group.shutdown()
    }
}
