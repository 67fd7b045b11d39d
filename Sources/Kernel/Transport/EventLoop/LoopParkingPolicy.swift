/// Whether the loops of a group may park when they only compete for a CPU.
///
/// A group starts one loop per active core. When something else keeps a core busy (a sidecar, or the
/// load generator of a benchmark), the loop threads outnumber the free cores: the scheduler then runs
/// them in turn, and a loop that waits for its turn holds up every connection on it for a tick (4 ms
/// at 250 Hz). With `.whenContended`, such a loop hands its connections, timers and jobs to the group's
/// first loop and sleeps; it wakes again when a core it may use is idle and the first loop is busy.
///
/// ```swift
/// var configuration = ServerConfiguration(port: 0)
/// configuration.loopParking = .never     // keep every loop on its own thread
/// ```
public enum LoopParking: Sendable, Equatable {
    /// A loop that spends a quarter of its time waiting for a CPU parks (the default).
    case whenContended
    /// Every loop runs on its own thread all the time.
    case never
}

/// The thresholds behind ``LoopParking/whenContended``, in nanoseconds and shares of one core.
struct LoopParkingPolicy: Sendable {
    /// Length of one contention sample on a loop that may park.
    var sampleInterval: UInt64 = 20_000_000
    /// Share of a sample spent runnable but not running that counts as contended.
    var contendedWaitShare = 0.25
    /// Contended samples in a row before the loop parks.
    var contendedSamplesToPark = 3
    /// How often the host looks at whether a parked loop should return.
    var returnCheckInterval: UInt64 = 250_000_000
    /// The host's CPU share (of one core) from which it counts as busy.
    var busyHostShare = 0.8
    /// Idle CPU, in cores, among the CPUs this process may run on, that a returning loop needs.
    var idleCoresToReturn = 0.75
    /// Shortest time a loop stays parked; doubled while it keeps parking soon after returning.
    var minimumPark: UInt64 = 1_000_000_000
    /// Ceiling for the doubled ``minimumPark``.
    var maximumPark: UInt64 = 32_000_000_000
    /// A park this soon after the last return counts as a relapse and doubles the minimum.
    var relapseWindow: UInt64 = 5_000_000_000

    /// The policy used by ``LoopParking/whenContended``.
    static let standard = LoopParkingPolicy()
}

/// The parking loop's side: from its thread's CPU and wait clocks, is it only competing for a CPU?
///
/// Feed it readings at turn boundaries; it takes a sample once per ``LoopParkingPolicy/sampleInterval``.
struct ContentionSampler {
    private var sampleStart: UInt64?
    private var waitAtStart: UInt64 = 0
    private var contendedStreak = 0

    /// Forgets the current sample and streak (after the loop returns from parking).
    mutating func restart() {
        sampleStart = nil
        contendedStreak = 0
    }

    /// Records the thread's total wait time at `now`; true when the loop should park.
    mutating func record(now: UInt64, waited: UInt64, policy: LoopParkingPolicy) -> Bool {
        guard let start = sampleStart, now > start else {
            sampleStart = now; waitAtStart = waited
            return false
        }
        let elapsed = now - start
        guard elapsed >= policy.sampleInterval else { return false }
        let share = Double(waited &- waitAtStart) / Double(elapsed)
        sampleStart = now; waitAtStart = waited
        contendedStreak = share >= policy.contendedWaitShare ? contendedStreak + 1 : 0
        guard contendedStreak >= policy.contendedSamplesToPark else { return false }
        contendedStreak = 0
        return true
    }
}

/// How long a loop must stay parked: the policy's minimum, doubled for each relapse.
struct ParkingBackoff {
    private var lastReturn: UInt64?
    private var currentMinimum: UInt64 = 0

    /// The minimum parked time for a park starting at `now`.
    mutating func parking(at now: UInt64, policy: LoopParkingPolicy) -> UInt64 {
        if let lastReturn, now &- lastReturn < policy.relapseWindow, currentMinimum > 0 {
            currentMinimum = min(currentMinimum * 2, policy.maximumPark)
        } else {
            currentMinimum = policy.minimumPark
        }
        return currentMinimum
    }

    /// Notes that the loop returned to its own thread at `now`.
    mutating func returned(at now: UInt64) { lastReturn = now }
}

/// The host's side: is the machine idle enough, and the host busy enough, for a parked loop to return?
struct ReturnSampler {
    private var sampleStart: UInt64?
    private var hostCPUAtStart: UInt64 = 0
    private var idleAtStart: UInt64 = 0

    /// Forgets the current sample (when the host starts hosting).
    mutating func restart() { sampleStart = nil }

    /// True when a new reading is due (the first one, then once per ``LoopParkingPolicy/returnCheckInterval``).
    func isDue(now: UInt64, policy: LoopParkingPolicy) -> Bool {
        guard let start = sampleStart else { return true }
        return now &- start >= policy.returnCheckInterval
    }

    /// Records a reading; true when a parked loop should return: the host was busy and the machine had
    /// idle cores since the last reading. `hostCPU` is the host thread's CPU time and `machineIdle` the
    /// idle time summed over the CPUs in the affinity mask (both totals, in nanoseconds).
    mutating func record(now: UInt64, hostCPU: UInt64, machineIdle: UInt64, policy: LoopParkingPolicy) -> Bool {
        guard let start = sampleStart, now > start else {
            sampleStart = now; hostCPUAtStart = hostCPU; idleAtStart = machineIdle
            return false
        }
        let elapsed = now - start
        let busy = Double(hostCPU &- hostCPUAtStart) / Double(elapsed)
        let idleCores = Double(machineIdle &- idleAtStart) / Double(elapsed)
        sampleStart = now; hostCPUAtStart = hostCPU; idleAtStart = machineIdle
        return busy >= policy.busyHostShare && idleCores >= policy.idleCoresToReturn
    }
}
