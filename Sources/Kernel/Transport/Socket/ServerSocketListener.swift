import CSystem
import Glibc
import Synchronization

/// A TCP listener that accepts on an `EventLoopGroup` and runs `handler` for
/// each connection in a task preferring the connection's loop.
///
/// ```swift
/// let listener = try ServerSocketListener(group: group, configuration: .init(port: 0)) { connection in
///     // read → respond → write, all on connection.loop's thread
/// }
/// print(listener.localAddress.port)
/// await listener.stop()
/// ```
///
/// One listening socket is registered in every loop with `EPOLLEXCLUSIVE`,
/// so whichever loop is idle accepts; accepted sockets are dealt to
/// `group.next()` (round robin) so connections spread evenly over the loops.
public final class ServerSocketListener: Sendable {
    /// The bound address (with the real port when `port` was 0).
    public let localAddress: SocketAddress
    /// The listener's configuration.
    public let configuration: ListenerConfiguration
    let socket: Socket
    let group: EventLoopGroup
    let handler: @Sendable (AsyncConnection) async -> Void
    let open = Atomic<Int>(0)
    let refused = Atomic<Int>(0)
    let stopped = Atomic<Bool>(false)
    let acceptTasks = Lock<[Task<Void, Never>]>([])

    /// Binds, listens, and starts accepting.
    public init(
        group: EventLoopGroup,
        configuration: ListenerConfiguration,
        handler: @escaping @Sendable (AsyncConnection) async -> Void
    ) throws(SocketError) {
        let address = try SocketAddress(host: configuration.host, port: configuration.port)
        let socket = try Socket(family: address.family)
        if configuration.reuseAddress { try socket.setReuseAddress(true) }
        if configuration.reusePort { try socket.setReusePort(true) }
        try socket.bind(to: address)
        try socket.listen(backlog: configuration.backlog)
        self.localAddress = try socket.localAddress()
        self.configuration = configuration
        self.socket = socket
        self.group = group
        self.handler = handler
        startAccepting()
    }

    /// Connections currently open (accepted and whose handler has not returned).
    public var openConnectionCount: Int { open.load(ordering: .relaxed) }

    /// Connections closed at once because `maxConnections` was reached.
    public var refusedConnectionCount: Int { refused.load(ordering: .relaxed) }

    /// Stops accepting (open connections continue) and closes the listener.
    public func stop() async {
        guard !stopped.exchange(true, ordering: .acquiringAndReleasing) else { return }
        // shutdown(2) on a listening socket wakes every epoll waiter with
        // EPOLLHUP and makes accept fail, so each loop's accept task ends.
        _ = Glibc.shutdown(socket.descriptor, Int32(SHUT_RDWR))
        let tasks = acceptTasks.withLock { $0 }
        for task in tasks { await task.value }
        socket.close()
    }

    private func startAccepting() {
        let tasks = group.loops.map { loop in
            Task(executorPreference: loop) { await self.acceptLoop(on: loop) }
        }
        acceptTasks.withLock { $0 = tasks }
    }
}

/// Listener options.
public struct ListenerConfiguration: Sendable {
    /// Host to bind: `"127.0.0.1"`, `"::1"`, `"0.0.0.0"`, `"::"`, `"localhost"`.
    public var host: String
    /// Port to bind; 0 picks an ephemeral port (read `localAddress.port`).
    public var port: UInt16
    /// `listen(2)` backlog.
    public var backlog: Int32
    /// `SO_REUSEADDR` (default on: restart without waiting for TIME_WAIT).
    public var reuseAddress: Bool
    /// `SO_REUSEPORT` (default off).
    public var reusePort: Bool
    /// `TCP_NODELAY` on accepted sockets (default on).
    public var noDelay: Bool
    /// Past this many open connections, new ones are accepted and closed at
    /// once, so a flood cannot exhaust file descriptors. `nil` = unlimited.
    public var maxConnections: Int?

    /// Creates a configuration; every parameter has a server-friendly default.
    public init(
        host: String = "127.0.0.1", port: UInt16 = 0, backlog: Int32 = 1024,
        reuseAddress: Bool = true, reusePort: Bool = false, noDelay: Bool = true,
        maxConnections: Int? = nil
    ) {
        self.host = host
        self.port = port
        self.backlog = backlog
        self.reuseAddress = reuseAddress
        self.reusePort = reusePort
        self.noDelay = noDelay
        self.maxConnections = maxConnections
    }
}
