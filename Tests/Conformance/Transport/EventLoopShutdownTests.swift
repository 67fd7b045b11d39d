import Glibc
import Synchronization
import Testing
@testable import Kernel

@Suite("EventLoop shutdown with waiters", .timeLimit(.minutes(1)))
struct EventLoopShutdownTests {
    @Test("shutdown fails a suspended read with loopShutDown, runs the woken task, and returns")
    func shutdownWithASuspendedRead() async throws {
        let loop = try EventLoop()
        let (left, right) = try Socket.makePair()
        let suspended = Atomic<Bool>(false)
        let reader = Task(executorPreference: loop) { () async -> SocketError.Code? in
            let connection = try! AsyncConnection(socket: left, loop: loop)
            defer { connection.close() }
            let buffer = ScratchBuffer(64)
            loop.execute { suspended.store(true, ordering: .relaxed) }
            do throws(SocketError) {
                _ = try await connection.read(into: buffer.raw)
                return nil
            } catch {
                return error.code
            }
        }
        while !suspended.load(ordering: .relaxed) { await Task.yield() }
        try await Task.sleep(for: .milliseconds(20))
        try await onThread { loop.shutdown() }
        #expect(await reader.value == .loopShutDown)
        _ = right
    }
}
