import Testing
@testable import Kernel

/// The decisions behind loop parking, fed made-up clock readings (nanoseconds).
@Suite("Loop parking policy")
struct LoopParkingPolicyTests {
    let policy = LoopParkingPolicy.standard
    let millisecond: UInt64 = 1_000_000

    /// Feeds `(now, waited)` readings, in milliseconds, and returns each decision.
    func decisions(_ readings: [(UInt64, UInt64)], restartBefore restartIndex: Int? = nil) -> [Bool] {
        var sampler = ContentionSampler()
        return readings.enumerated().map { index, reading in
            if index == restartIndex { sampler.restart() }
            return sampler.record(now: reading.0 * millisecond, waited: reading.1 * millisecond, policy: policy)
        }
    }

    @Test("a loop parks after three samples in a row spent a quarter or more waiting for a CPU")
    func parksAfterThreeContendedSamples() {
        // The first reading starts a sample; the streak starts over after a park.
        #expect(decisions([(0, 0), (20, 5), (40, 10), (60, 15), (80, 20)]) == [false, false, false, true, false])
    }

    @Test("a sample under the threshold breaks the streak; readings inside a sample are not samples")
    func uncontendedSampleResetsTheStreak() {
        let readings: [(UInt64, UInt64)] = [(0, 0), (20, 10), (40, 20), (60, 24), (70, 34), (80, 34), (100, 44), (120, 54)]
        // 60 ms waited 20%; 70 ms is inside the next sample; 80 ms waited 50% of its 20 ms.
        #expect(decisions(readings) == [false, false, false, false, false, false, false, true])
    }

    @Test("restart forgets a streak, as when a loop comes back from parking")
    func restartForgetsTheStreak() {
        let readings: [(UInt64, UInt64)] = [(0, 0), (20, 20), (40, 40), (50, 50), (70, 70), (90, 90), (110, 110)]
        // 50 ms falls inside the sample that 70 ms completes.
        #expect(decisions(readings) == [false, false, false, false, true, false, false])
        #expect(decisions(readings, restartBefore: 3) == [false, false, false, false, false, false, true])
    }

    @Test("the minimum park doubles while a loop keeps parking soon after returning, up to the ceiling")
    func backoffDoublesOnRelapse() {
        var backoff = ParkingBackoff()
        let second: UInt64 = 1_000_000_000
        let first = backoff.parking(at: 0, policy: policy)
        backoff.returned(at: 2 * second)
        let relapse = backoff.parking(at: 3 * second, policy: policy)
        #expect([first, relapse] == [second, 2 * second])
        var now = 3 * second
        for _ in 0..<10 {
            now += 40 * second
            backoff.returned(at: now)
            _ = backoff.parking(at: now + 1, policy: policy)
        }
        backoff.returned(at: now)
        let capped = backoff.parking(at: now + 1, policy: policy)
        // A park long after the last return starts from the minimum again.
        backoff.returned(at: now + 10 * second)
        let fresh = backoff.parking(at: now + 20 * second, policy: policy)
        #expect([capped, fresh] == [policy.maximumPark, second])
    }

    @Test("a parked loop returns only when the host was busy and the machine had an idle core")
    func returnNeedsABusyHostAndAnIdleCore() {
        let interval = policy.returnCheckInterval
        func decide(busy: Double, idleCores: Double) -> Bool {
            var sampler = ReturnSampler()
            #expect(sampler.isDue(now: 0, policy: policy))
            let first = sampler.record(now: 1, hostCPU: 0, machineIdle: 0, policy: policy)
            #expect(!first)
            #expect(!sampler.isDue(now: interval / 2, policy: policy))
            #expect(sampler.isDue(now: interval + 1, policy: policy))
            return sampler.record(
                now: interval + 1, hostCPU: UInt64(busy * Double(interval)),
                machineIdle: UInt64(idleCores * Double(interval)), policy: policy
            )
        }
        #expect(decide(busy: 0.95, idleCores: 1.0))
        #expect(!decide(busy: 0.5, idleCores: 1.0))
        #expect(!decide(busy: 0.95, idleCores: 0.1))
    }

    @Test("schedstat and /proc/stat lines parse; anything else does not")
    func clockLinesParse() {
        func schedstat(_ text: String) -> (UInt64, UInt64)? {
            Array(text.utf8).withUnsafeBufferPointer { ThreadSchedulerClock.parse($0) }.map { ($0.running, $0.waiting) }
        }
        func idle(_ text: String, allowed: [Bool] = []) -> UInt64? {
            Array(text.utf8).withUnsafeBufferPointer { MachineIdleClock.parseIdleTicks($0, allowedCPUs: allowed) }
        }
        #expect(schedstat("4631 3329199 2\n").map { [$0.0, $0.1] } == [4631, 3_329_199])
        #expect(schedstat("") == nil)
        #expect(schedstat("12x 4 5\n") == nil)
        #expect(schedstat("99999999999999999999999 1 1\n") == nil)
        let stat = "cpu  19707 0 3327 36897 386 0 34 89 0 0\ncpu0 1 2 3 40 5 6\ncpu1 1 2 3 400 50 6\nintr 5 6\n"
        #expect(idle(stat) == 40 + 5 + 400 + 50)
        #expect(idle(stat, allowed: [false, true]) == 450)
        #expect(idle(stat, allowed: [true]) == 45)
        #expect(idle("cpu  1 2 3 4 5 6\ncpu0 1 2 3\n") == nil)
        #expect(idle("intr 1 2 3 4 5 6\n") == nil)
    }

    @Test("the calling thread's clocks read and its CPU time grows while it works")
    func threadClockReadsTheCallingThread() throws {
        let clock = try #require(ThreadSchedulerClock())
        let before = try #require(clock.read())
        var sum: UInt64 = 0
        for value in 0..<20_000_000 { sum &+= UInt64(value) ^ (sum >> 3) }
        #expect(sum != 1)
        let after = try #require(clock.read())
        #expect(after.running > before.running)
        #expect(after.waiting >= before.waiting)
        let idle = try #require(MachineIdleClock())
        #expect(idle.read() != nil)
    }
}
