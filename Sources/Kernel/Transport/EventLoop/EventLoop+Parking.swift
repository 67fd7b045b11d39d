import CSystem
import Glibc

/// Loop parking: a loop that only competes for a CPU hands itself to its group's first loop (the host)
/// and sleeps; the host serves its descriptors, timers and jobs until a core is free again.
///
/// Ownership moves with the loop: `loopThreadID` names the thread that may touch the loop's
/// loop-thread-only state (`ownsLoopState`, which `submit` uses). `inEventLoop` is narrower: it holds on
/// the host only while the host runs the parked loop's turn (`servingGuest`), so a task of the host that
/// does I/O on a parked loop's socket hops to that loop first, and resumes there after the loop returns. The hand-over goes through locks ThreadSanitizer understands: the host's inbox
/// on the way out, the `ThreadParker` on the way back.
///
/// A parked loop's epoll descriptor sits in the host's epoll set (level-triggered), so its sockets, its
/// wake-up eventfd and the listener it shares wake the host instead. Between its own turns the host runs
/// one turn of each parked loop: queued jobs, a non-blocking poll when its descriptor was ready, and due
/// timers.
extension EventLoop {
    /// Epoll token of parked loop `index` in its host's set (far above any registry token's slot).
    static func hostedToken(_ index: Int) -> UInt64 { wakeupToken - 1 - UInt64(index) }

    /// Lowest token `hostedToken` gives.
    static let lowestHostedToken = wakeupToken - 1 - 4096

    /// Once per sample interval, on the loop's own thread: park (a loop with a host), or let a parked loop
    /// return (the host).
    func checkParking() {
        guard let policy = parkingPolicy else { nextParkingCheck = .farFuture; return }
        nextParkingCheck = MonotonicInstant(sinceOrigin: turnStarted.sinceOrigin + .nanoseconds(policy.sampleInterval))
        let now = turnStarted.nanosecondsSinceOrigin
        if let host, let clock = schedulerClock, !isStopping {
            let contended = clock.read().map { contention.record(now: now, waited: $0.waiting, policy: policy) } ?? false
            if contended || parkRequested {
                parkRequested = false
                park(on: host, policy: policy)
                return
            }
        }
        guard !hostedGuests.isEmpty else { return }
        if returnRequested {
            returnRequested = false
            handBackAll()
            return
        }
        guard returnSampler.isDue(now: now, policy: policy), let cpu = schedulerClock?.read(),
            let idle = idleClock?.read(),
            returnSampler.record(now: now, hostCPU: cpu.running, machineIdle: idle, policy: policy)
        else { return }
        if let guest = hostedGuests.first(where: { now &- $0.parkedAt >= $0.minimumParkedTime }) { handBack(guest) }
    }

    /// Parks this loop's thread until the host hands the loop back. Own thread, between turns.
    private func park(on host: EventLoop, policy: LoopParkingPolicy) {
        guard host.parkedLoopCount.load(ordering: .relaxed) < host.parkingCapacity,
            !inbox.withLock({ $0.stopRequested })
        else { return }
        parkedAt = MonotonicInstant.now.nanosecondsSinceOrigin
        minimumParkedTime = backoff.parking(at: parkedAt, policy: policy)
        // From here until the host adopts the loop, no thread owns it: submissions go to the inbox.
        loopThreadID.store(0, ordering: .releasing)
        host.execute { host.adopt(self) }
        parker.park()
        // The host stored our thread id before unparking us.
        backoff.returned(at: MonotonicInstant.now.nanosecondsSinceOrigin)
        contention.restart()
    }

    /// Takes `guest` over (host thread, or inline when the host has already exited).
    private func adopt(_ guest: EventLoop) {
        guest.loopThreadID.store(csystem_thread_id(), ordering: .releasing)
        let token = Self.hostedToken(guest.index)
        guard !isStopping, hostedGuests.count < parkingCapacity,
            csystem_epoll_ctl(epollDescriptor, EPOLL_CTL_ADD, guest.epollDescriptor, CSYSTEM_EPOLLIN, token) == 0
        else {
            guest.returnHome()
            return
        }
        if hostedGuests.isEmpty { returnSampler.restart() }
        hostedGuests.append(guest)
        guest.hostPollPending = true
        parkedLoopCount.add(1, ordering: .relaxed)
        guest.parkCount.add(1, ordering: .relaxed)
    }

    /// Marks the parked loop whose token came up in this turn's poll.
    func markHostedReady(token: UInt64) {
        for guest in hostedGuests where Self.hostedToken(guest.index) == token { guest.hostPollPending = true }
    }

    /// True when no parked loop has queued jobs or unpolled events (the host may then sleep).
    var hostedLoopsAreIdle: Bool {
        hostedGuests.allSatisfy { $0.runQueue.isEmpty && !$0.hostPollPending }
    }

    /// The earliest timer among the parked loops.
    var earliestHostedDeadline: MonotonicInstant? {
        hostedGuests.lazy.compactMap(\.timers.earliest).min()
    }

    /// One turn of every parked loop, on the host's thread; a loop that began stopping goes home.
    func serveHostedLoops() {
        var index = 0
        while index < hostedGuests.count {
            let guest = hostedGuests[index]
            servingGuest = guest
            guest.runHostedTurn(now: turnStarted)
            servingGuest = nil
            if guest.isStopping { handBack(guest) } else { index += 1 }
        }
    }

    /// Returns every parked loop to its own thread (the host is stopping).
    func handBackAll() {
        while let guest = hostedGuests.first { handBack(guest) }
    }

    private func handBack(_ guest: EventLoop) {
        _ = csystem_epoll_ctl(epollDescriptor, EPOLL_CTL_DEL, guest.epollDescriptor, 0, 0)
        hostedGuests.removeAll { $0 === guest }
        guest.hostPollPending = false
        parkedLoopCount.subtract(1, ordering: .relaxed)
        guest.returnHome()
    }

    /// Makes this loop's own thread its owner again and wakes it (on the thread that owned it until now).
    private func returnHome() {
        loopThreadID.store(homeThreadID.load(ordering: .relaxed), ordering: .releasing)
        parker.unpark()
    }

    /// One turn of this parked loop, run by its host: jobs, a non-blocking poll if its descriptor was
    /// ready, then due timers. The clock comes first: jobs queued during the host's dispatch run here,
    /// in the same host turn, and must not see the time from before the host last slept.
    private func runHostedTurn(now: MonotonicInstant) {
        turnStarted = now
        runPendingWork()
        let count = hostPollPending ? csystem_epoll_wait(epollDescriptor, eventBuffer, eventCapacity, 0) : 0
        hostPollPending = false
        if count > 0 { dispatchEvents(count) }
        if let earliest = timers.earliest, earliest <= turnStarted { fireTimers() }
    }

    /// Test hook: parks this loop at the end of its next turn, whatever the contention (a loop with a host only).
    func requestPark() {
        execute { [self] in
            parkRequested = true
            checkParkingAfterThisTurn()
        }
    }

    /// Test hook: hands every loop this host serves back to its own thread at the end of its next turn.
    func requestReturnOfParkedLoops() {
        execute { [self] in
            returnRequested = true
            checkParkingAfterThisTurn()
        }
    }

    /// Makes this turn end with a parking check. A job cannot park the loop itself (the host would
    /// take over the run queue the loop is draining), so it queues an empty job: the poll then does not
    /// sleep, and the check runs after it.
    private func checkParkingAfterThisTurn() {
        nextParkingCheck = turnStarted
        execute {}
    }
}

extension MonotonicInstant {
    /// A point no deadline reaches.
    static let farFuture = MonotonicInstant(sinceOrigin: .seconds(1 << 40))

    /// Nanoseconds since the origin, clamped at zero.
    var nanosecondsSinceOrigin: UInt64 {
        let (seconds, attoseconds) = sinceOrigin.components
        guard seconds >= 0 else { return 0 }
        return UInt64(seconds) &* 1_000_000_000 &+ UInt64(max(0, attoseconds) / 1_000_000_000)
    }
}
