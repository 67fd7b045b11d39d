import Glibc
import Testing
@testable import Kernel

@Suite("AsyncConnection writes over a socketpair")
struct AsyncConnectionWriteTests {
    /// Writes `payload` from a loop task with `write` while a blocking thread reads the other end with `read`;
    /// returns what the reader got once both are done.
    private func writeThroughPair(
        _ payload: [UInt8], write: @escaping @Sendable (AsyncConnection, [UInt8]) async throws -> Void,
        read: @escaping @Sendable (Socket) throws -> [UInt8]
    ) async throws -> [UInt8] {
        let loop = try EventLoop()
        defer { loop.shutdown() }
        let (left, right) = try Socket.makePair()
        let writer = Task(executorPreference: loop) {
            let connection = try AsyncConnection(socket: left, loop: loop)
            defer { connection.close() }
            try await write(connection, payload)
        }
        let received = try await onThread { () throws -> [UInt8] in
            var flags = fcntl(right.descriptor, F_GETFL)
            flags &= ~Int32(O_NONBLOCK)
            _ = fcntl(right.descriptor, F_SETFL, flags)
            return try read(right)
        }
        try await writer.value
        return received
    }

    @Test("a large write suspends on a full send buffer and completes as the peer drains")
    func writeBackpressure() async throws {
        let size = 4 << 20
        let payload = (0..<size).map { UInt8(truncatingIfNeeded: $0 &* 31) }
        let received = try await writeThroughPair(payload) { connection, bytes in
            try await connection.write(bytes, deadline: .now + .seconds(20))
        } read: { socket in
            try socket.readExactly(size)
        }
        #expect(received.count == size)
        #expect(received == payload)
    }

    @Test("a stall timeout spares a slow reader that keeps reading, however long the whole write takes")
    func stallTimeoutSparesSlowReader() async throws {
        let size = 2 << 20, chunk = 64 << 10
        let payload = (0..<size).map { UInt8(truncatingIfNeeded: $0 &* 7) }
        // The reader pauses 20 ms per 64 KiB, so the whole write takes well over the 300 ms: only a
        // timeout that restarts on progress lets it finish.
        let received = try await writeThroughPair(payload) { connection, bytes in
            try await connection.write(bytes, stallTimeout: .milliseconds(300))
        } read: { socket in
            var received: [UInt8] = []
            while received.count < size {
                usleep(20_000)
                received += try socket.readExactly(min(chunk, size - received.count))
            }
            return received
        }
        #expect(received == payload)
    }

    @Test("a stall timeout fails the write with timedOut when the peer takes nothing")
    func stallTimeoutFailsStuckPeer() async throws {
        let loop = try EventLoop()
        defer { loop.shutdown() }
        let (left, right) = try Socket.makePair()
        let code = try await onLoop(loop) { () async throws -> SocketError.Code? in
            let connection = try AsyncConnection(socket: left, loop: loop)
            defer { connection.close() }
            do throws(SocketError) {
                try await connection.write([UInt8](repeating: 1, count: 4 << 20), stallTimeout: .milliseconds(100))
                return nil
            } catch {
                return error.code
            }
        }
        withExtendedLifetime(right) {}
        #expect(code == .timedOut)
    }
}
