import Foundation
import CSystem
import Glibc
import Synchronization
import Testing
@testable import Kernel

@Suite("AsyncConnection over a socketpair")
struct AsyncConnectionTests {
    @Test("bytes round-trip through the loop in both directions")
    func roundTrip() async throws {
        let loop = try EventLoop()
        defer { loop.shutdown() }
        let (left, right) = try Socket.makePair()
        let echoed = try await onLoop(loop) { () async throws -> [UInt8] in
            let a = try AsyncConnection(socket: left, loop: loop)
            let b = try AsyncConnection(socket: right, loop: loop)
            defer { a.close(); b.close() }
            try await a.write(Array("ping".utf8))
            let got = try await b.read(exactly: 4)
            try await b.write(got + Array("!".utf8))
            return try await a.read(exactly: 5)
        }
        #expect(echoed == Array("ping!".utf8))
    }

    @Test("a read on an empty socket suspends and is woken by a later write")
    func suspendThenWake() async throws {
        let loop = try EventLoop()
        defer { loop.shutdown() }
        let (left, right) = try Socket.makePair()
        let suspended = Atomic<Bool>(false)
        let reader = Task(executorPreference: loop) { () async throws -> [UInt8] in
            let connection = try AsyncConnection(socket: left, loop: loop)
            defer { connection.close() }
            let buffer = ScratchBuffer(64)
            // First attempt gets EAGAIN, so the task must suspend here.
            loop.execute { suspended.store(true, ordering: .relaxed) }
            let n = try await connection.read(into: buffer.raw)
            return buffer.bytes(n)
        }
        while !suspended.load(ordering: .relaxed) { await Task.yield() }
        try await Task.sleep(for: .milliseconds(20))
        // Written from a foreign (blocking) thread, not the loop.
        try await onThread { try right.writeAll(Array("late".utf8)) }
        #expect(try await reader.value == Array("late".utf8))
    }

    @Test("a read deadline throws timedOut when no data arrives", .timeLimit(.minutes(1)))
    func readDeadline() async throws {
        let loop = try EventLoop()
        defer { loop.shutdown() }
        let (left, right) = try Socket.makePair()
        let outcome = try await onLoop(loop) { () async -> (SocketError.Code?, Duration) in
            let connection = try! AsyncConnection(socket: left, loop: loop)
            defer { connection.close() }
            let buffer = ScratchBuffer(16)
            let start = ContinuousClock.now
            do throws(SocketError) {
                _ = try await connection.read(into: buffer.raw, deadline: .now + .milliseconds(50))
                return (nil, .zero)
            } catch {
                return (error.code, ContinuousClock.now - start)
            }
        }
        withExtendedLifetime(right) {}
        #expect(outcome.0 == .timedOut)
        #expect(outcome.1 >= .milliseconds(50), "the deadline never fires early")
    }

    @Test("waitUntilReadable holds no buffer: it times out on silence, then returns once data arrives for readNow")
    func waitUntilReadableThenReadNow() async throws {
        let loop = try EventLoop()
        defer { loop.shutdown() }
        let (left, right) = try Socket.makePair()
        let (timedOut, got) = try await onLoop(loop) { () async throws -> (Bool, [UInt8]) in
            let connection = try AsyncConnection(socket: left, loop: loop)
            defer { connection.close() }
            let buffer = ScratchBuffer(64)
            var timedOut = false
            // A first readNow drains the "maybe readable" hint, so the wait below must really wait.
            #expect(try connection.readNow(into: buffer.raw) == nil)
            do throws(SocketError) {
                try await connection.waitUntilReadable(deadline: .now + .milliseconds(30))
            } catch {
                timedOut = error.code == .timedOut
            }
            loop.execute { try? right.writeAll(Array("data".utf8)) }
            try await connection.waitUntilReadable(deadline: .now + .seconds(5))
            let count = try connection.readNow(into: buffer.raw) ?? 0
            return (timedOut, buffer.bytes(count))
        }
        #expect(timedOut)
        #expect(got == Array("data".utf8))
    }

    @Test("a deadline that is not reached does not fire after data arrives")
    func deadlineCancelledByData() async throws {
        let loop = try EventLoop()
        defer { loop.shutdown() }
        let (left, right) = try Socket.makePair()
        // The writer runs on its own thread: CPU-heavy suites running in parallel can starve
        // the cooperative pool for longer than this test's deadlines.
        let writer = Thread {
            usleep(20_000)
            try? left.writeAll(Array("x".utf8))
            usleep(1_500_000)
            try? left.writeAll(Array("y".utf8))
        }
        writer.start()
        let got = try await onLoop(loop) { () async throws -> [UInt8] in
            let connection = try AsyncConnection(socket: right, loop: loop)
            defer { connection.close() }
            // Suspends with a 1 s deadline; data arrives at ~20 ms (generous margins: the suite runs in parallel).
            let first = try await connection.readOwned(deadline: .now + .seconds(1))
            // The stale 1 s deadline passes while this read waits (~1.5 s).
            let second = try await connection.readOwned(deadline: .now + .seconds(5))
            return first + second
        }
        #expect(got == Array("xy".utf8))
    }

    @Test("a close monitor used from a non-loop task learns that the peer went away")
    func monitorSeesPeerClose() async throws {
        let loop = try EventLoop()
        defer { loop.shutdown() }
        let (left, right) = try Socket.makePair()
        let (monitors, publish) = AsyncStream.makeStream(of: ConnectionCloseMonitor.self)
        // The owner keeps the connection open on the loop for a while.
        let owner = Task(executorPreference: loop) {
            let connection = try AsyncConnection(socket: left, loop: loop)
            publish.yield(connection.closeMonitor)
            // Generous: CPU-heavy suites running in parallel can starve the cooperative pool for seconds.
            try? await Task.sleep(for: .seconds(12))
            connection.close()
        }
        var iterator = monitors.makeAsyncIterator()
        let monitor = try #require(await iterator.next())
        let watcher = Task { () async -> SocketError.Code? in
            do throws(SocketError) {
                try await monitor.waitForPeerClose(deadline: .now + .seconds(20))
                return nil
            } catch { return error.code }
        }
        try await Task.sleep(for: .milliseconds(20))
        right.close()
        #expect(await watcher.value == nil)
        owner.cancel()
        try await owner.value
    }

    @Test("peer close: read returns 0 and hang-up is observed")
    func peerClose() async throws {
        let loop = try EventLoop()
        defer { loop.shutdown() }
        let (left, right) = try Socket.makePair()
        let result = try await onLoop(loop) { () async throws -> (Int, Bool) in
            let connection = try AsyncConnection(socket: left, loop: loop)
            defer { connection.close() }
            loop.execute { right.close() }
            try await connection.waitForPeerClose(deadline: .now + .seconds(5))
            let buffer = ScratchBuffer(16)
            let n = try await connection.read(into: buffer.raw, deadline: .now + .seconds(5))
            return (n, connection.isPeerClosed)
        }
        #expect(result.0 == 0)
        #expect(result.1)
    }

    @Test("close() fails a pending hang-up watch from another task with .closed")
    func closeWakesWaiter() async throws {
        let loop = try EventLoop()
        defer { loop.shutdown() }
        let (left, right) = try Socket.makePair()
        let code = try await onLoop(loop) { () async throws -> SocketError.Code? in
            let connection = try AsyncConnection(socket: left, loop: loop)
            let monitor = connection.closeMonitor
            let watcher = Task(executorPreference: loop) { () async -> SocketError.Code? in
                do throws(SocketError) { try await monitor.waitForPeerClose(); return nil } catch { return error.code }
            }
            await Task.yield()
            connection.close()
            return await watcher.value
        }
        withExtendedLifetime(right) {}
        #expect(code == .closed)
    }
}

extension AsyncConnection {
    /// Reads whatever is available into a fresh array.
    func readOwned(deadline: ContinuousClock.Instant?) async throws(SocketError) -> [UInt8] {
        let buffer = ScratchBuffer(256)
        let n = try await read(into: buffer.raw, deadline: deadline)
        return buffer.bytes(n)
    }
}
