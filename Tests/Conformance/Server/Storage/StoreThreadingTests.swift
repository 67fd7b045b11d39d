import Dispatch
import Testing
@testable import Server

/// Records calls on a ``DedicatedThreadExecutor`` to check ordering and exclusion.
private actor ExecutorOrderRecorder {
    let executor = DedicatedThreadExecutor(name: "fifo")
    nonisolated var unownedExecutor: UnownedSerialExecutor { executor.asUnownedSerialExecutor() }
    var order: [Int] = []
    var inside = 0
    var overlapped = false
    func record(_ value: Int) {
        inside += 1
        if inside > 1 { overlapped = true }
        order.append(value)
        inside -= 1
    }
    func snapshot() -> ([Int], Bool, Bool) { (order, overlapped, executor.isCurrentThread) }
    func threadName() -> String { currentThreadName() }
}

@Suite("Store threading")
struct StoreThreadingTests {
    @Test("the dedicated thread carries the executor's name, as top -H and perf show it")
    func namedThread() async {
        #expect(await ExecutorOrderRecorder().threadName() == "fifo")
    }

    @Test("store methods run on the dedicated thread, not the caller's")
    func runsOnDedicatedThread() async throws {
        let file = TemporaryDatabase("thread")
        defer { file.remove() }
        let store = try await Store.open(path: file.path)
        #expect(await store.isRunningOnStorageThread())
        let fromDetached = await Task.detached { await store.isRunningOnStorageThread() }.value
        #expect(fromDetached)
        await store.close()
    }

    @Test("blocked stores do not stall Swift's cooperative pool", .timeLimit(.minutes(1)))
    func blockingDoesNotStarveThePool() async throws {
        let first = TemporaryDatabase("block-a")
        let second = TemporaryDatabase("block-b")
        defer { first.remove(); second.remove() }
        let stores = [try await Store.open(path: first.path), try await Store.open(path: second.path)]
        let entered = DispatchSemaphore(value: 0)
        let gate = DispatchSemaphore(value: 0)
        // Both stores hold their thread until this test opens the gate. The pool here has ~2
        // threads: if the stores ran on it, this test could not run to open it, and the stores
        // would give up after 10 s and report that.
        let opened = try await withThrowingTaskGroup(of: Bool.self) { group in
            for store in stores {
                group.addTask { await store.blockThreadForTesting(entered: entered, until: gate) }
            }
            for _ in stores { await Task.detached { entered.wait() }.value }
            let answer = await Task.detached { (1...1_000).reduce(0, +) }.value
            #expect(answer == 500_500)
            for _ in stores { gate.signal() }
            return try await group.reduce(into: [Bool]()) { $0.append($1) }
        }
        #expect(opened == [true, true], "the pool could not run while the stores were blocked")
        for store in stores { await store.close() }
    }

    @Test("the executor runs jobs in FIFO order, one at a time")
    func fifoOrder() async {
        let recorder = ExecutorOrderRecorder()
        for value in 0..<200 { await recorder.record(value) }
        let (order, overlapped, onThread) = await recorder.snapshot()
        #expect(order == Array(0..<200))
        #expect(!overlapped)
        #expect(onThread)
    }
}
