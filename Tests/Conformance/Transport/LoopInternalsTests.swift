import Testing
@testable import Kernel

@Suite("Event loop internals")
struct LoopInternalsTests {
    @Test("timer heap pops deadlines in order and only once expired")
    func timerHeapOrder() {
        var heap = TimerHeap()
        let base = ContinuousClock.now
        let handle = IOHandle(descriptor: -1)
        for offset in [50, 10, 40, 20, 30, 10] { heap.push(base + .milliseconds(offset), handle) }
        #expect(heap.popExpired(now: base) == nil)
        var popped: [Duration] = []
        while let entry = heap.popExpired(now: base + .milliseconds(35)) { popped.append(entry.deadline - base) }
        #expect(popped == [.milliseconds(10), .milliseconds(10), .milliseconds(20), .milliseconds(30)])
        #expect(heap.earliest == base + .milliseconds(40))
    }

    @Test("registry tokens carry a generation, so a reused slot ignores stale tokens")
    func registryGenerations() {
        var registry = IORegistry()
        let first = IOHandle(descriptor: 3)
        let firstToken = registry.insert(first)
        #expect(registry.handle(for: firstToken) === first)
        registry.remove(token: firstToken)
        #expect(registry.handle(for: firstToken) == nil)
        let second = IOHandle(descriptor: 3)
        let secondToken = registry.insert(second)
        #expect(secondToken & 0xFFFF_FFFF == firstToken & 0xFFFF_FFFF)   // same slot
        #expect(secondToken != firstToken)
        #expect(registry.handle(for: firstToken) == nil)
        #expect(registry.handle(for: secondToken) === second)
        #expect(registry.count == 1)
    }

    @Test("a handle's deadlines expire independently; the earliest pending one is reported")
    func handleDeadlines() {
        let handle = IOHandle(descriptor: -1)
        let base = ContinuousClock.now
        handle.readDeadline = base + .milliseconds(10)
        handle.writeDeadline = base + .milliseconds(30)
        handle.hangupDeadline = base + .milliseconds(20)
        // No waiters are suspended, so nothing is resumed; deadlines only clear with a waiter.
        #expect(handle.expireDeadlines(now: base) == base + .milliseconds(10))
    }
}
