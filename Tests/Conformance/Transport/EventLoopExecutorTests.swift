import CSystem
import Glibc
import Synchronization
import Testing
@testable import Kernel

/// An actor whose jobs run on an event loop thread.
actor LoopBoundCounter {
    nonisolated let loop: EventLoop
    var value = 0
    init(loop: EventLoop) { self.loop = loop }
    nonisolated var unownedExecutor: UnownedSerialExecutor { loop.asUnownedSerialExecutor() }
    func increment() -> UInt { value += 1; return currentThreadID }
}

@Suite("EventLoop as executor")
struct EventLoopExecutorTests {
    @Test("closures submitted from a foreign thread run on the loop thread, in order")
    func foreignSubmissions() async throws {
        let loop = try EventLoop()
        defer { loop.shutdown() }
        let seen = Recorder()
        try await onThread {
            for index in 0..<100 { loop.execute { seen.entries.withLock { $0.append((index, currentThreadID)) } } }
        }
        // Wait for the last closure by submitting one more and awaiting it.
        try await onLoop(loop) { () }
        let entries = seen.entries.withLock { $0 }
        #expect(entries.count == 100)
        #expect(entries.map(\.0) == Array(0..<100))
        #expect(entries.allSatisfy { $0.1 == loop.threadID })
        #expect(loop.threadID != currentThreadID)
    }

    @Test("a task preferring the loop runs its nonisolated code on the loop thread")
    func taskPreference() async throws {
        let loop = try EventLoop()
        defer { loop.shutdown() }
        let ids = try await onLoop(loop) { () async -> [UInt] in
            var ids = [currentThreadID]
            await Task.yield()
            ids.append(currentThreadID)
            ids.append(loop.inEventLoop ? 1 : 0)
            return ids
        }
        #expect(ids == [loop.threadID, loop.threadID, 1])
    }

    @Test("an actor using the loop's serial executor runs on the loop thread")
    func actorOnLoop() async throws {
        let loop = try EventLoop()
        defer { loop.shutdown() }
        let counter = LoopBoundCounter(loop: loop)
        var threads: Set<UInt> = []
        for _ in 0..<10 { threads.insert(await counter.increment()) }
        #expect(threads == [loop.threadID])
        #expect(await counter.value == 10)
    }

    @Test("jobs enqueued from many threads at once all run exactly once")
    func concurrentSubmission() async throws {
        let loop = try EventLoop()
        defer { loop.shutdown() }
        let total = LoopCounter()
        try await withThrowingTaskGroup(of: Void.self) { group in
            for _ in 0..<4 {
                group.addTask {
                    try await onThread { for _ in 0..<1000 { loop.execute { total.value.add(1) } } }
                }
            }
            try await group.waitForAll()
        }
        try await onLoop(loop) { () }
        #expect(total.value.load(ordering: .relaxed) == 4000)
    }

    @Test("loop threads carry their names, as top -H and perf show them")
    func threadNames() async throws {
        let group = try EventLoopGroup(loopCount: 2, parking: .never)
        defer { group.shutdown() }
        for (index, loop) in group.loops.enumerated() {
            #expect(loop.name == "event-loop-\(index)")
            #expect(try await onLoop(loop) { currentThreadName() } == "event-loop-\(index)")
        }
        let long = try EventLoop(name: "a-name-longer-than-fifteen-bytes")
        defer { long.shutdown() }
        #expect(try await onLoop(long) { currentThreadName() } == "a-name-longer-t")
    }
}

/// The calling thread's name, from `/proc/thread-self/comm`.
func currentThreadName() -> String {
    let descriptor = open("/proc/thread-self/comm", O_RDONLY)
    guard descriptor >= 0 else { return "" }
    defer { close(descriptor) }
    var bytes = [UInt8](repeating: 0, count: 32)
    let count = bytes.withUnsafeMutableBytes { read(descriptor, $0.baseAddress, $0.count) }
    return String(decoding: bytes.prefix(max(0, count)).prefix { $0 != UInt8(ascii: "\n") }, as: UTF8.self)
}

extension Atomic where Value == Int {
    func add(_ amount: Int) { wrappingAdd(amount, ordering: .relaxed) }
}

final class LoopCounter: Sendable { let value = Atomic<Int>(0) }
final class Recorder: Sendable { let entries = Lock<[(Int, UInt)]>([]) }
