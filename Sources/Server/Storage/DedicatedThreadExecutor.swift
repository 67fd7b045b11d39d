import CSystem
import Glibc

/// A `SerialExecutor` that runs every job on one dedicated POSIX thread.
///
/// Use it as an actor's executor when the actor makes blocking calls (SQLite, file I/O):
/// those calls then block this thread, never a thread of Swift's small cooperative pool.
/// (`DispatchSerialQueue` is not available on Linux with Swift 6.3, and a plain
/// `DispatchQueue` does not conform to `SerialExecutor` there, hence this type.)
///
/// ```swift
/// actor Disk {
///     private let executor = DedicatedThreadExecutor(name: "disk")
///     nonisolated var unownedExecutor: UnownedSerialExecutor { executor.asUnownedSerialExecutor() }
/// }
/// ```
///
/// The thread lives as long as the executor: `deinit` asks it to finish the queued jobs and
/// exit. Jobs retain their actor, and the actor retains the executor, so no job is dropped.
public final class DedicatedThreadExecutor: SerialExecutor, @unchecked Sendable {
    // @unchecked Sendable: `name` is immutable and the JobQueue's mutable state is guarded by
    // its pthread mutex.
    private let queue: JobQueue

    /// A label for logs and diagnostics, and the worker thread's name (Linux keeps its first 15 bytes).
    public let name: String

    /// Starts the worker thread, named `name`.
    public init(name: String) {
        self.name = name
        queue = JobQueue(threadName: name)
        queue.start(executor: UnownedSerialExecutor(ordinary: self))
    }

    deinit { queue.stop() }

    /// Queues `job` to run on the worker thread in FIFO order.
    public func enqueue(_ job: consuming ExecutorJob) {
        queue.push(UnownedJob(job))
    }

    /// This executor as an unowned reference for `Actor.unownedExecutor`.
    public func asUnownedSerialExecutor() -> UnownedSerialExecutor {
        UnownedSerialExecutor(ordinary: self)
    }

    /// True when called from this executor's worker thread.
    public var isCurrentThread: Bool { queue.isWorkerThread }

    /// Lets `assumeIsolated` and isolation checks succeed on the worker thread.
    public func checkIsolated() {
        precondition(isCurrentThread, "not on the \(DedicatedThreadExecutor.self) worker thread")
    }
}

/// The FIFO of jobs shared between the executor and its worker thread.
///
/// @unchecked Sendable: `jobs`, `head`, `stopping` and `worker` are only touched while holding
/// `mutex`; `executor` is written once before the thread starts and only read afterwards;
/// `threadName` is immutable.
final class JobQueue: @unchecked Sendable {
    private let mutex = UnsafeMutablePointer<pthread_mutex_t>.allocate(capacity: 1)
    private let wakeUp = UnsafeMutablePointer<pthread_cond_t>.allocate(capacity: 1)
    private var jobs: [UnownedJob] = []
    private var head = 0
    private var stopping = false
    private var worker: pthread_t?
    private var executor: UnownedSerialExecutor?
    private let threadName: String

    init(threadName: String) {
        self.threadName = threadName
        pthread_mutex_init(mutex, nil)
        pthread_cond_init(wakeUp, nil)
    }

    deinit {
        pthread_cond_destroy(wakeUp)
        pthread_mutex_destroy(mutex)
        wakeUp.deallocate()
        mutex.deallocate()
    }

    private func withLock<T>(_ body: () -> T) -> T {
        pthread_mutex_lock(mutex)
        defer { pthread_mutex_unlock(mutex) }
        return body()
    }

    /// Spawns the detached worker thread, which keeps this queue alive until it exits.
    func start(executor: UnownedSerialExecutor) {
        self.executor = executor
        let context = Unmanaged.passRetained(self).toOpaque()
        var thread = pthread_t()
        let code = pthread_create(&thread, nil, { raw in
            guard let raw else { return nil }
            let queue = Unmanaged<JobQueue>.fromOpaque(raw).takeRetainedValue()
            queue.runLoop()
            return nil
        }, context)
        precondition(code == 0, "pthread_create failed with \(code)")
        pthread_detach(thread)
    }

    func push(_ job: UnownedJob) {
        withLock {
            jobs.append(job)
            pthread_cond_signal(wakeUp)
        }
    }

    /// Asks the worker to exit once the queue is empty.
    func stop() {
        withLock {
            stopping = true
            pthread_cond_signal(wakeUp)
        }
    }

    var isWorkerThread: Bool {
        withLock { worker.map { pthread_equal($0, pthread_self()) != 0 } ?? false }
    }

    private func nextJob() -> UnownedJob? {
        pthread_mutex_lock(mutex)
        defer { pthread_mutex_unlock(mutex) }
        while head == jobs.count && !stopping {
            pthread_cond_wait(wakeUp, mutex)
        }
        guard head < jobs.count else { return nil }
        let job = jobs[head]
        head += 1
        if head == jobs.count {
            jobs.removeAll(keepingCapacity: true)
            head = 0
        } else if head >= 256 {
            jobs.removeFirst(head)
            head = 0
        }
        return job
    }

    /// The worker thread's body.
    private func runLoop() {
        withLock { worker = pthread_self() }
        _ = threadName.withCString { csystem_name_current_thread($0) }
        guard let executor else { return }
        while let job = nextJob() {
            job.runSynchronously(on: executor)
        }
    }

}
