import Glibc

/// The channel an upgrade handler gets after a `101`: the connection's socket, outside the HTTP state machine.
///
/// Reads and writes may come from any task; each call runs on the connection's event loop.
// @unchecked Sendable: `connection` is loop-bound. Every use below goes through `onLoop`, which runs
// the body under the loop's task-executor preference, so the socket is only touched by the loop's
// thread; the loop serializes concurrent callers (one reader task, any number of writers).
final class SocketUpgradedConnection: UpgradedConnection, @unchecked Sendable {
    private let connection: AsyncConnection
    private let loop: EventLoop

    init(_ connection: AsyncConnection) {
        self.connection = connection
        self.loop = connection.loop
    }

    /// Reads into the loop's shared buffer and copies out before the next suspension, so an idle
    /// upgraded connection holds no read buffer of its own.
    func read() async throws -> [UInt8]? {
        try await onLoop { () async throws -> [UInt8]? in
            let shared = self.loop.sharedReadBuffer
            while true {
                if let count = try self.connection.readNow(into: shared) {
                    return count == 0 ? nil : Array(UnsafeRawBufferPointer(rebasing: shared[..<count]))
                }
                try await self.connection.waitUntilReadable()
            }
        }
    }

    func write(_ bytes: [UInt8]) async throws {
        try await onLoop { () async throws in try await self.connection.write(bytes) }
    }

    /// Closes the socket when it takes no byte for `stallTimeout`; the loop's timer watches, no task.
    func write(_ bytes: [UInt8], stallTimeout: Duration) async throws {
        try await onLoop { () async throws in
            do {
                try await self.connection.write(bytes, stallTimeout: stallTimeout)
            } catch {
                self.connection.close()
                throw error
            }
        }
    }

    func close() async {
        await onLoop { self.connection.close() }
    }

    func shutdownWrite() async {
        await onLoop { if !self.connection.isClosed { _ = Glibc.shutdown(self.connection.socket.descriptor, Int32(SHUT_WR)) } }
    }

    private func onLoop<T>(_ body: () async throws -> T) async rethrows -> T {
        if loop.inEventLoop { return try await body() }
        return try await withTaskExecutorPreference(loop) { try await body() }
    }
}
