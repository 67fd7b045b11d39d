/// One unit of work queued on an `EventLoop`.
///
/// Jobs are tagged with the executor role they were enqueued through, so the
/// loop can run them with the matching "current executor": task-executor
/// jobs run as the generic executor with a task-executor preference (so
/// nonisolated async code never hops), actor jobs run isolated to the loop.
enum LoopWork: Sendable {
    /// A job enqueued through `TaskExecutor` (connection tasks).
    case taskJob(UnownedJob)
    /// A job enqueued through the loop's `SerialExecutor` view (actors).
    case serialJob(UnownedJob)
    /// A plain closure from `EventLoop.execute(_:)`.
    case closure(@Sendable () -> Void)
}

/// Cross-thread state of an `EventLoop`, guarded by its `Lock`.
struct LoopInbox: ~Copyable {
    /// Work submitted from other threads, moved to the run queue on wake-up.
    var work: [LoopWork] = []
    /// True while an eventfd write is outstanding: further submitters skip
    /// the syscall because the loop will drain `work` anyway.
    var wakeupPending = false
    /// Set by `shutdown()`; the loop fails its waiters and exits.
    var stopRequested = false
    /// False once the loop thread has exited; late work runs inline.
    var isRunning = true
}
