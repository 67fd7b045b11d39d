import CSystem
import Glibc

/// The loop thread's body: run ready work, poll, dispatch, fire timers.
extension EventLoop {
    /// Runs until `shutdown()`; called once, on the loop thread.
    func runLoop() {
        if parkingPolicy != nil {
            schedulerClock = ThreadSchedulerClock()
            nextParkingCheck = .now
        }
        while true {
            runPendingWork()
            // A stopping loop never sleeps: the waiters it failed ran just now, and nothing may wake it again.
            let idle = runQueue.isEmpty && !isStopping && (hostedGuests.isEmpty || hostedLoopsAreIdle)
            let timeout: Int32 = idle ? pollTimeout() : 0
            var count = csystem_epoll_wait(epollDescriptor, eventBuffer, eventCapacity, 0)
            if count == 0, timeout != 0 {
                // Nothing is ready: before sleeping, let another runnable thread on this CPU (another loop,
                // the peer) run once. Its work often makes our sockets ready, and the poll below then
                // returns without a sleep and a wake-up. With more threads than cores (loops plus a local
                // client) this cut context switches per request tenfold; with a core to spare it returns at once.
                sched_yield()
                count = csystem_epoll_wait(epollDescriptor, eventBuffer, eventCapacity, timeout)
            }
            turnStarted = .now
            if count > 0 { dispatchEvents(count) }
            if let earliest = timers.earliest, earliest <= turnStarted { fireTimers() }
            if !hostedGuests.isEmpty { serveHostedLoops() }
            if nextParkingCheck <= turnStarted { checkParking() }
            if isStopping, runQueue.isEmpty, finishIfIdle() { break }
        }
    }

    /// Runs the work queued so far; work queued meanwhile waits for the next
    /// turn so I/O polling is never starved.
    @inline(__always)
    func runPendingWork() {
        guard !runQueue.isEmpty else { return }
        swap(&runQueue, &drainQueue)
        var index = 0
        while index < drainQueue.count {
            let work = drainQueue[index]
            index += 1
            run(work)
        }
        drainQueue.removeAll(keepingCapacity: true)
    }

    /// epoll timeout in ms: until the earliest deadline (this loop's or a loop it serves), or -1
    /// (forever). Parking checks ride on turns: a loop asleep in its poll competes for nothing.
    private func pollTimeout() -> Int32 {
        var earliest = timers.earliest
        if !hostedGuests.isEmpty, let hosted = earliestHostedDeadline { earliest = min(earliest ?? hosted, hosted) }
        guard let earliest else { return -1 }
        let remaining = earliest.sinceOrigin - MonotonicInstant.now.sinceOrigin
        if remaining <= .zero { return 0 }
        let (seconds, attoseconds) = remaining.components
        let milliseconds = seconds * 1000 + (attoseconds + 999_999_999_999_999) / 1_000_000_000_000_000
        return Int32(clamping: milliseconds)
    }

    @inline(__always)
    func dispatchEvents(_ count: Int32) {
        for index in 0..<count {
            let token = csystem_epoll_event_token(eventBuffer, index)
            if token == Self.wakeupToken {
                drainInbox()
            } else if let handle = registry.handle(for: token) {
                handle.handleEvents(csystem_epoll_event_flags(eventBuffer, index))
            } else if token >= Self.lowestHostedToken {
                markHostedReady(token: token)
            }
        }
    }

    /// Moves cross-thread work into the run queue; handles a stop request.
    private func drainInbox() {
        _ = csystem_eventfd_drain(wakeupDescriptor)
        var incoming: [LoopWork] = []
        let stop = inbox.withLock { state in
            swap(&incoming, &state.work)
            state.wakeupPending = false
            return state.stopRequested
        }
        runQueue.append(contentsOf: incoming)
        if stop, !isStopping { beginStopping() }
    }

    func fireTimers() {
        let now = turnStarted
        while let entry = timers.popExpired(now: now) {
            let handle = entry.handle
            if handle.scheduledTimer == entry.deadline { handle.scheduledTimer = nil }
            if let next = handle.expireDeadlines(now: now) { scheduleDeadline(next, for: handle) }
        }
    }

    /// Fails every waiter; from now on waits fail fast with `.loopShutDown`.
    private func beginStopping() {
        isStopping = true
        handBackAll()
        for handle in registry.allHandles { handle.resumeAll(with: .loopShutDown) }
        timers.removeAll()
    }

    /// Exits if no cross-thread work arrived; late work then runs inline.
    private func finishIfIdle() -> Bool {
        var incoming: [LoopWork] = []
        inbox.withLock { state in
            swap(&incoming, &state.work)
            if incoming.isEmpty { state.isRunning = false }
        }
        runQueue.append(contentsOf: incoming)
        return incoming.isEmpty
    }
}
