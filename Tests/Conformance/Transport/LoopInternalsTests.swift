import Testing
@testable import Kernel

@Suite("Event loop internals")
struct LoopInternalsTests {
    @Test("timer heap pops deadlines in order and only once expired")
    func timerHeapOrder() {
        var heap = TimerHeap()
        let base = MonotonicInstant.now
        let at = { (milliseconds: Int) in MonotonicInstant(sinceOrigin: base.sinceOrigin + .milliseconds(milliseconds)) }
        let handle = IOHandle(descriptor: -1)
        for offset in [50, 10, 40, 20, 30, 10] { heap.push(at(offset), handle) }
        #expect(heap.popExpired(now: base) == nil)
        var popped: [Duration] = []
        while let entry = heap.popExpired(now: at(35)) { popped.append(entry.deadline.sinceOrigin - base.sinceOrigin) }
        #expect(popped == [.milliseconds(10), .milliseconds(10), .milliseconds(20), .milliseconds(30)])
        #expect(heap.earliest == at(40))
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
        let base = MonotonicInstant.now
        let at = { (milliseconds: Int) in MonotonicInstant(sinceOrigin: base.sinceOrigin + .milliseconds(milliseconds)) }
        handle.readDeadline = at(10)
        handle.writeDeadline = at(30)
        handle.hangupDeadline = at(20)
        // No waiters are suspended, so nothing is resumed; deadlines only clear with a waiter.
        #expect(handle.expireDeadlines(now: base) == at(10))
    }

    @Test("a MonotonicInstant is the same point as the clock's instant it came from, and orders like it")
    func monotonicInstantRoundTrip() {
        let now = ContinuousClock.now
        let earlier = now - .seconds(90)   // before the origin too, when the process is young
        #expect(MonotonicInstant(now).instant == now)
        #expect(MonotonicInstant(earlier).instant == earlier)
        #expect(MonotonicInstant(earlier) < MonotonicInstant(now))
        #expect(MonotonicInstant(now).sinceOrigin - MonotonicInstant(earlier).sinceOrigin == .seconds(90))
    }
}
