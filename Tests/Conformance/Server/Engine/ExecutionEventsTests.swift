import Kernel
import Testing
@testable import Server

@Suite("Execution events hub")
struct ExecutionEventsTests {
    private func execution(_ id: String, workflow: String = "w", _ status: ExecutionStatus, progress: Int = 0) -> Execution {
        Execution(id: id, workflowId: workflow, status: status, progress: progress, totalSteps: 2)
    }

    @Test("an execution stream gets its own updates only, and ends after the final status")
    func executionStream() async {
        let events = ExecutionEvents()
        let stream = events.subscribe(executionId: "a")
        events.publish(execution("b", .running))
        events.publish(execution("a", .running, progress: 50))
        events.publish(execution("a", .completed, progress: 100))
        events.publish(execution("a", .completed, progress: 100))
        var seen: [Int] = []
        for await update in stream { seen.append(update.execution.progress) }
        #expect(seen == [50, 100])
        #expect(events.subscriberCount == 0)
    }

    @Test("a workflow stream gets every execution of that workflow and keeps going after one finishes")
    func workflowStream() async {
        let events = ExecutionEvents()
        let stream = events.subscribe(workflowId: "w")
        events.publish(execution("a", .completed))
        events.publish(execution("x", workflow: "other", .running))
        events.publish(execution("b", .running))
        var iterator = stream.makeAsyncIterator()
        #expect(await iterator.next()?.id == "a")
        #expect(await iterator.next()?.id == "b")
        events.shutdown()
        #expect(await iterator.next() == nil)
    }

    @Test("several subscribers each get every update; a stopped consumer is removed")
    func fanOutAndRemoval() async {
        let events = ExecutionEvents()
        let first = events.subscribe(executionId: "a")
        let second = events.subscribe(executionId: "a")
        let abandoned = Task { for await _ in events.subscribe(workflowId: "w") {} }
        while events.subscriberCount < 3 { await Task.yield() }
        abandoned.cancel()
        await abandoned.value
        #expect(events.subscriberCount == 2)
        events.publish(execution("a", .failed))
        var counts: [Int] = []
        for stream in [first, second] {
            var count = 0
            for await _ in stream { count += 1 }
            counts.append(count)
        }
        #expect(counts == [1, 1])
    }

    @Test("a state published to many subscribers is encoded once: they all share one buffer")
    func encodedOncePerState() async throws {
        let events = ExecutionEvents()
        let streams = (0..<3).map { _ in events.subscribe(executionId: "a") }
        var done = execution("a", .completed, progress: 100)
        done.result = ["big": .string(String(repeating: "x", count: 100_000))]
        events.publish(done)
        var buffers: Set<UInt> = []
        for stream in streams {
            for await update in stream {
                let fields = try #require(update.fields)
                _ = fields.withUnsafeBufferPointer { buffers.insert(UInt(bitPattern: $0.baseAddress)) }
                #expect(update.execution == done)
            }
        }
        #expect(buffers.count == 1)
    }

    @Test("after shutdown, new subscriptions end at once")
    func afterShutdown() async {
        let events = ExecutionEvents()
        events.shutdown()
        var count = 0
        for await _ in events.subscribe(executionId: "a") { count += 1 }
        #expect(count == 0 && events.subscriberCount == 0)
    }
}
