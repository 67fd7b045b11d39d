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
    private let readBuffer: UnsafeMutableRawBufferPointer

    init(_ connection: AsyncConnection) {
        self.connection = connection
        self.loop = connection.loop
        self.readBuffer = .allocate(byteCount: 16 * 1024, alignment: 16)
    }

    deinit { readBuffer.deallocate() }

    func read() async throws -> [UInt8]? {
        try await onLoop { () async throws -> [UInt8]? in
            let count = try await self.connection.read(into: self.readBuffer)
            return count == 0 ? nil : Array(UnsafeRawBufferPointer(rebasing: self.readBuffer[..<count]))
        }
    }

    func write(_ bytes: [UInt8]) async throws {
        try await onLoop { () async throws in try await self.connection.write(bytes) }
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
