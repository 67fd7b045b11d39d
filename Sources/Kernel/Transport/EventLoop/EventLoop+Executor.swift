import CSystem

/// Swift concurrency executor roles of the loop.
///
/// A connection task is started with `Task(executorPreference: loop)`; its
/// nonisolated async code then runs on the loop thread. Jobs enqueued on the
/// loop thread go to an unsynchronized run queue (no lock, no syscall); jobs
/// from other threads go through the locked inbox plus one eventfd write.
extension EventLoop: TaskExecutor, SerialExecutor {
    /// Enqueues a job (the `TaskExecutor` path).
    public func enqueue(_ job: consuming ExecutorJob) {
        submit(.taskJob(UnownedJob(job)))
    }

    /// The serial-executor reference actors should return from
    /// `unownedExecutor`; it routes to the same thread and run queue.
    public func asUnownedSerialExecutor() -> UnownedSerialExecutor {
        UnownedSerialExecutor(ordinary: serialExecutor)
    }

    /// Traps unless the caller is running this loop's work (enables `assumeIsolated`).
    public func checkIsolated() {
        precondition(inEventLoop, "not on the expected EventLoop thread")
    }

    /// Runs `body` as this loop's work, soon (FIFO with jobs): on the loop's thread, or on its host's
    /// while the loop is parked.
    public func execute(_ body: @escaping @Sendable () -> Void) {
        submit(.closure(body))
    }

    /// Queues work: lock-free on the thread that owns the loop's state, inbox + eventfd otherwise.
    @inline(__always)
    func submit(_ work: LoopWork) {
        if ownsLoopState {
            runQueue.append(work)
        } else {
            submitFromOtherThread(work)
        }
    }

    private func submitFromOtherThread(_ work: LoopWork) {
        let outcome: (signal: Bool, running: Bool) = inbox.withLock { state in
            guard state.isRunning else { return (false, false) }
            state.work.append(work)
            if state.wakeupPending { return (false, true) }
            state.wakeupPending = true
            return (true, true)
        }
        if !outcome.running {
            // The loop thread has exited: run the late work inline so tasks
            // still finish (their I/O waits fail fast with `.loopShutDown`).
            run(work)
            return
        }
        if outcome.signal { _ = csystem_eventfd_signal(wakeupDescriptor) }
    }

    /// Runs one unit of work with the executor context matching its origin.
    @inline(__always)
    func run(_ work: LoopWork) {
        switch work {
        case .taskJob(let job):
            job.runSynchronously(on: asUnownedTaskExecutor())
        case .serialJob(let job):
            job.runSynchronously(on: UnownedSerialExecutor(ordinary: serialExecutor))
        case .closure(let body):
            body()
        }
    }
}

/// The `SerialExecutor` identity of an `EventLoop`, kept separate so the
/// loop can tell actor jobs from task-executor jobs (both arrive through an
/// `enqueue(_:)` with the same signature).
///
/// `@unchecked Sendable`: `loop` is written once in `EventLoop.init` before
/// the instance is published, and never changes afterwards.
final class EventLoopSerialExecutor: SerialExecutor, @unchecked Sendable {
    unowned(unsafe) var loop: EventLoop?

    func enqueue(_ job: consuming ExecutorJob) {
        loop!.submit(.serialJob(UnownedJob(job)))
    }

    func asUnownedSerialExecutor() -> UnownedSerialExecutor {
        UnownedSerialExecutor(ordinary: self)
    }

    func checkIsolated() {
        precondition(loop!.inEventLoop, "not on the expected EventLoop thread")
    }
}
