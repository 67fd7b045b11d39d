import Glibc
import Synchronization
import Testing
@testable import Kernel

extension LoopParkingPolicy {
    /// Parks and returns only when a test asks.
    static let onRequest = LoopParkingPolicy(contendedSamplesToPark: .max, busyHostShare: .infinity)

    /// Parks after every third sample and returns as soon as the minimum park is over: loops go back
    /// and forth all the time, to put the hand-over under load.
    static let restless = LoopParkingPolicy(
        sampleInterval: 1_000_000, contendedWaitShare: 0, contendedSamplesToPark: 3,
        returnCheckInterval: 1_000_000, busyHostShare: 0, idleCoresToReturn: 0,
        minimumPark: 2_000_000, maximumPark: 8_000_000, relapseWindow: 1_000_000
    )
}

/// Hands a value the compiler cannot prove Sendable to another task.
// @unchecked Sendable: each test uses the value from one task at a time, on its own loop.
final class UncheckedBox<Value>: @unchecked Sendable {
    let value: Value
    init(_ value: Value) { self.value = value }
}

/// Runs `body` with a two-loop group whose second loop is parked on the first (`host`, `guest`),
/// then shuts the group down.
func withParkedLoop(_ body: (EventLoopGroup, EventLoop, EventLoop) async throws -> Void) async throws {
    let group = try EventLoopGroup(loopCount: 2, parkingPolicy: .onRequest)
    defer { group.shutdown() }
    let (host, guest) = (group.loops[0], group.loops[1])
    guest.requestPark()
    try #require(await eventually { guest.isParked && group.parkedLoopCount == 1 })
    try await body(group, host, guest)
}

@Suite("Loop parking on a live group", .serialized, .timeLimit(.minutes(1)))
struct LoopParkingTests {
    @Test("a parked loop's jobs run on its host's thread, as that loop; after returning, on its own again")
    func parkedJobsRunOnTheHost() async throws {
        try await withParkedLoop { group, host, guest in
            let seen = try await onLoop(guest) { (currentThreadID, guest.inEventLoop, group.currentLoop === guest, host.inEventLoop) }
            #expect(seen.0 == host.threadID)
            #expect(seen.1 && seen.2)
            #expect(!seen.3, "the host's thread runs the parked loop's job, not the host's")
            // The host's own jobs own the parked loop's state but are not running it: they must hop to it.
            let fromHostJob = try await onLoop(host) { (guest.inEventLoop, guest.ownsLoopState, host.inEventLoop) }
            #expect(fromHostJob == (false, true, true))
            let fromElsewhere = await withCheckedContinuation { continuation in
                guest.execute { continuation.resume(returning: currentThreadID) }
            }
            #expect(fromElsewhere == host.threadID)
            #expect(try await onLoop(host) { group.currentLoop === host })

            host.requestReturnOfParkedLoops()
            #expect(await eventually { !guest.isParked && group.parkedLoopCount == 0 })
            #expect(try await onLoop(guest) { currentThreadID } == guest.threadID)
            #expect(guest.parkCount.load(ordering: .relaxed) == 1)
        }
    }

    @Test("a parked loop serves the connections it had, fires their deadlines, and shuts down without returning first")
    func parkedLoopServesConnections() async throws {
        let group = try EventLoopGroup(loopCount: 2, parkingPolicy: .onRequest)
        let (host, guest) = (group.loops[0], group.loops[1])
        let servedByHostThread = Atomic<Int>(0)
        let listener = try ServerSocketListener(group: group, configuration: .init(port: 0)) { connection in
            let buffer = ScratchBuffer(64)
            // A silent client times out after 300 ms and gets "T"; the others are echoed.
            while true {
                do {
                    let count = try await connection.read(into: buffer.raw, deadline: .now + .milliseconds(300))
                    guard count > 0 else { return }
                    if connection.loop === guest, currentThreadID == host.threadID { servedByHostThread.add(1, ordering: .relaxed) }
                    try await connection.write(UnsafeRawBufferPointer(rebasing: buffer.raw[0..<count]))
                } catch {
                    if connection.loop === guest, currentThreadID == host.threadID { servedByHostThread.add(1, ordering: .relaxed) }
                    try? await connection.write(Array("T".utf8))
                    return
                }
            }
        }
        let address = listener.localAddress
        let outcome = try await onThread { () throws -> (echoed: Int, timedOut: Int) in
            // Connected while both loops run, so half of them live on the loop that then parks.
            let talkers = try (0..<8).map { _ in try blockingClient(to: address) }
            let silent = try (0..<4).map { _ in try blockingClient(to: address) }
            var echoed = 0
            for round in 0..<5 {
                if round == 1 {
                    guest.requestPark()
                    while !guest.isParked { usleep(1000) }
                }
                for (index, client) in talkers.enumerated() { try client.writeAll(Array("c\(index)r\(round)".utf8)) }
                for (index, client) in talkers.enumerated() where try client.readExactly(4) == Array("c\(index)r\(round)".utf8) {
                    echoed += 1
                }
            }
            let timedOut = try silent.filter { try $0.readExactly(1) == Array("T".utf8) }.count
            return (echoed, timedOut)
        }
        #expect(outcome.echoed == 40)
        #expect(outcome.timedOut == 4)
        // Six of the twelve connections are on the parked loop, at least two of them talkers: four rounds
        // of each talker and one timeout of each silent client ran on the host's thread (4t + (6 - t) ≥ 12).
        #expect(servedByHostThread.load(ordering: .relaxed) >= 12)
        // New connections go to the host itself while the loop is parked.
        #expect(group.next() === host && group.next() === host)
        #expect(guest.isParked)
        await listener.stop()
        // Returns only if the host serves the parked loop's stop and hands it back.
        group.shutdown()
        #expect(guest.parkCount.load(ordering: .relaxed) == 1)
    }

    @Test("a host task reading a parked loop's socket hops to that loop, and resumes there after the loop returns")
    func hostTaskReadsAParkedLoopsSocket() async throws {
        try await withParkedLoop { _, host, guest in
            let (left, right) = try Socket.makePair()
            let connection = try await onLoop(guest) { UncheckedBox(try AsyncConnection(socket: left, loop: guest)) }
            let reader = Task(executorPreference: host) { () async throws -> [UInt8] in
                try await connection.value.read(exactly: 4, deadline: .now + .seconds(10))
            }
            try await Task.sleep(for: .milliseconds(50))
            host.requestReturnOfParkedLoops()
            #expect(await eventually { !guest.isParked })
            // Without the hop, the resumed read would run on the host's thread against the returned loop's
            // state, which the loop's own thread now owns (a race; debug builds trap in readNow).
            try right.writeAll(Array("ping".utf8))
            #expect(try await reader.value == Array("ping".utf8))
            try await onLoop(guest) { connection.value.close() }
        }
    }

    @Test("a parked loop's job queued while its host dispatches sees this turn's clock, not the one before the host slept")
    func hostedJobsSeeTheCurrentTurn() async throws {
        try await withParkedLoop { _, host, guest in
            let (left, right) = try Socket.makePair()
            let staleness = Atomic<Int64>(-1)
            let waiter = Task(executorPreference: host) { () async -> Void in
                guard let handle = try? host.register(descriptor: left.descriptor) else { return }
                defer { host.deregister(handle, removeFromEpoll: true) }
                // Runs inside the host's dispatch, as a connection served on the loop does.
                handle.readyHandler = {
                    guest.execute {
                        let age = MonotonicInstant.now.sinceOrigin - guest.turnStarted.sinceOrigin
                        staleness.store(age.components.seconds * 1000 + age.components.attoseconds / 1_000_000_000_000_000, ordering: .relaxed)
                    }
                    return false
                }
                _ = await host.wait(for: .read, on: handle, deadline: nil)
            }
            // The host sleeps in its poll meanwhile.
            try await Task.sleep(for: .milliseconds(400))
            try right.writeAll([1])
            await waiter.value
            #expect(await eventually { staleness.load(ordering: .relaxed) >= 0 })
            #expect(staleness.load(ordering: .relaxed) < 200, "the job saw a clock \(staleness.load(ordering: .relaxed)) ms old")
        }
    }

    @Test("at most half the loops park at once")
    func atMostHalfPark() async throws {
        let group = try EventLoopGroup(loopCount: 3, parkingPolicy: .onRequest)
        defer { group.shutdown() }
        group.loops[1].requestPark()
        #expect(await eventually { group.loops[1].isParked })
        group.loops[2].requestPark()
        try await Task.sleep(for: .milliseconds(50))
        #expect(!group.loops[2].isParked)
        #expect(group.parkedLoopCount == 1)
        #expect(try await onLoop(group.loops[2]) { currentThreadID } == group.loops[2].threadID)
    }

    @Test("loops that park and return every few milliseconds still answer every echo, in order")
    func restlessLoopsKeepServing() async throws {
        let group = try EventLoopGroup(loopCount: 3, parkingPolicy: .restless)
        defer { group.shutdown() }
        let listener = try ServerSocketListener(group: group, configuration: .init(port: 0), handler: echoHandler)
        let verified = try await echoRounds(to: listener.localAddress, threads: 3, clientsPerThread: 6, rounds: 300)
        #expect(verified == 3 * 6 * 300)
        let parks = group.loops.dropFirst().map { $0.parkCount.load(ordering: .relaxed) }
        #expect(parks.allSatisfy { $0 > 0 }, "parks per loop: \(parks)")
        await listener.stop()
    }

    @Test("a loop asked to stop while parked goes home, stops, and its host keeps running")
    func parkedLoopStopsAlone() async throws {
        let group = try EventLoopGroup(loopCount: 2, parkingPolicy: .onRequest)
        defer { group.loops[0].shutdown() }
        let (host, guest) = (group.loops[0], group.loops[1])
        guest.requestPark()
        #expect(await eventually { guest.isParked })
        // Returns only if the host serves the parked loop's stop and hands it back.
        guest.shutdown()
        #expect(host.parkedLoopCount.load(ordering: .relaxed) == 0)
        #expect(try await onLoop(host) { currentThreadID } == host.threadID)
    }

    @Test("with parking off, a loop asked to park keeps its thread")
    func parkingOffKeepsTheThread() async throws {
        let group = try EventLoopGroup(loopCount: 2, parking: .never)
        defer { group.shutdown() }
        let guest = group.loops[1]
        guest.requestPark()
        try await Task.sleep(for: .milliseconds(50))
        #expect(!guest.isParked)
        #expect(try await onLoop(guest) { currentThreadID } == guest.threadID)
    }
}
