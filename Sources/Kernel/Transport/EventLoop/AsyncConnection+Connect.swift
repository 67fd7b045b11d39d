import CSystem
import Glibc

/// Outbound connections (clients, tests, benchmarks).
extension AsyncConnection {
    /// Opens a non-blocking TCP connection to `address` on `loop`.
    ///
    /// Must run as `loop`'s work (inside `Task(executorPreference: loop)`).
    /// - Parameter deadline: throws `SocketError.timedOut` if not connected by then.
    public static func connect(
        to address: SocketAddress, loop: EventLoop, noDelay: Bool = true,
        deadline: ContinuousClock.Instant? = nil
    ) async throws(SocketError) -> AsyncConnection {
        let socket = try Socket(family: address.family)
        if noDelay { try socket.setNoDelay(true) }
        try socket.connect(to: address)   // EINPROGRESS is not an error
        let connection = try AsyncConnection(socket: socket, loop: loop)
        // Completion (or failure) of a pending connect is an EPOLLOUT edge.
        while try socket.option(level: SOL_SOCKET, name: SO_ERROR) == 0 {
            if connection.isConnected() { return connection }
            connection.handle.maybeWritable = false
            switch await loop.wait(for: .write, on: connection.handle, deadline: deadline.map(MonotonicInstant.init)) {
            case .ready: continue
            case .timedOut: connection.close(); throw .timedOut
            case .closed: throw .closed
            case .loopShutDown: connection.close(); throw .loopShutDown
            }
        }
        let error = try socket.option(level: SOL_SOCKET, name: SO_ERROR)
        connection.close()
        throw SocketError(code: .syscallFailed, syscall: "connect", errno: error)
    }

    /// True once the TCP handshake finished (`getpeername` succeeds).
    private func isConnected() -> Bool {
        (try? socket.peerAddress()) != nil
    }
}
