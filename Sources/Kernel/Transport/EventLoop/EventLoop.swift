import CSystem
import Glibc
import Synchronization

/// One OS thread that owns an epoll instance, a run queue and a timer heap,
/// and executes Swift concurrency jobs (it is a `TaskExecutor` and, through
/// `asUnownedSerialExecutor()`, a `SerialExecutor`).
///
/// ```swift
/// let loop = try EventLoop()
/// Task(executorPreference: loop) {
///     // nonisolated async code here runs on the loop thread
/// }
/// loop.shutdown()   // from any thread but the loop's own
/// ```
///
/// # Thread safety
/// Shared across threads, hence `@unchecked Sendable`. Invariant: fields in
/// the "loop-thread only" section are read and written only by the thread
/// that owns the loop (`loopThreadID`: the loop's own thread, or its host's
/// while the loop is parked; the run-loop body, and I/O/executor paths that
/// check `inEventLoop` or `ownsLoopState` first); everything touched by other
/// threads is a `let`, an `Atomic`, or inside `inbox` (a pthread `Lock`, which
/// TSan understands). Ownership changes hands only under the host's inbox lock
/// or the `ThreadParker` mutex.
public final class EventLoop: @unchecked Sendable {
    // MARK: Shared, immutable or synchronized
    let epollDescriptor: Int32
    let wakeupDescriptor: Int32
    let inbox = Lock(LoopInbox())
    /// The thread that owns the loop-thread-only state: the loop's own thread, or its host's while
    /// the loop is parked (see `EventLoop+Parking.swift`); 0 during a hand-over.
    let loopThreadID = Atomic<UInt>(0)
    /// The loop's own thread.
    let homeThreadID = Atomic<UInt>(0)
    private let joinHandle = Atomic<UInt>(0)
    /// This loop's position in its group (0 for a loop on its own).
    let index: Int
    /// The loop that serves this one while it is parked; `nil` for a loop that never parks.
    let host: EventLoop?
    /// When to park and return; `nil` when parking is off.
    let parkingPolicy: LoopParkingPolicy?
    /// Host side: how many loops may be parked here at once, and the idle time of the cores they could
    /// return to (read on this loop's thread only).
    let parkingCapacity: Int
    let idleClock: MachineIdleClock?
    /// Where the loop's own thread sleeps while parked.
    let parker = ThreadParker()
    /// Loops this one serves as host right now.
    let parkedLoopCount = Atomic<Int>(0)
    /// How many times this loop has parked.
    let parkCount = Atomic<Int>(0)
    /// The `SerialExecutor` face of this loop (actors may use it).
    let serialExecutor: EventLoopSerialExecutor

    // MARK: Loop-thread only
    @exclusivity(unchecked) var runQueue: [LoopWork] = []
    @exclusivity(unchecked) var drainQueue: [LoopWork] = []
    var registry = IORegistry()
    var timers = TimerHeap()
    var isStopping = false
    /// When this turn's poll returned: one clock read per turn, shared by every request the turn serves
    /// (their start times and keep-alive deadlines). Read it only on the loop thread.
    var turnStarted = MonotonicInstant.now
    let eventCapacity: Int32 = 256
    let eventBuffer: UnsafeMutableRawPointer
    /// Read buffer shared by this loop's connections: one runs at a time, and each consumes what it
    /// read before it next suspends, so hot memory serves every connection (see `readNow`).
    public let sharedReadBuffer: UnsafeMutableRawBufferPointer
    /// An emptied write buffer waiting for the next reply this loop serializes. A connection that wrote out
    /// everything it queued leaves its buffer here, and the next one takes it: a reply then costs no allocation
    /// (a head's buffer is too large for malloc's per-thread cache), and the buffer stays warm. Loop thread only.
    @exclusivity(unchecked) var spareWriteBuffer: [UInt8] = []

    // MARK: Parking, owner only (see EventLoop+Parking.swift)
    var nextParkingCheck = MonotonicInstant.farFuture
    var schedulerClock: ThreadSchedulerClock?
    var contention = ContentionSampler()
    var backoff = ParkingBackoff()
    var parkRequested = false
    /// When this loop last parked, and how long it must stay parked (read by the host).
    var parkedAt: UInt64 = 0
    var minimumParkedTime: UInt64 = 0
    /// Set by the host when this parked loop's epoll descriptor was ready.
    var hostPollPending = false
    /// Host side: the parked loops served here, the one being served, and when to let one return.
    var hostedGuests: [EventLoop] = []
    unowned(unsafe) var servingGuest: EventLoop?
    var returnRequested = false
    var returnSampler = ReturnSampler()

    /// Token reserved for the wake-up eventfd in epoll results.
    static let wakeupToken = UInt64.max

    /// The loop thread's name, as `top -H` and `perf` show it (Linux keeps its first 15 bytes).
    public let name: String

    /// Creates the epoll instance and eventfd, and starts the loop thread, named `name`.
    public convenience init(name: String = "event-loop") throws(SocketError) {
        try self.init(name: name, index: 0, host: nil, parkingPolicy: nil)
    }

    /// A loop of a group: number `index`, parking on `host` under `parkingPolicy` (when both are set).
    /// A host takes up to `parkingCapacity` parked loops and judges their return by `idleClock`.
    init(
        name: String, index: Int, host: EventLoop?, parkingPolicy: LoopParkingPolicy?,
        parkingCapacity: Int = 0, idleClock: MachineIdleClock? = nil
    ) throws(SocketError) {
        self.name = name
        self.index = index
        self.host = host
        self.parkingPolicy = parkingPolicy
        self.parkingCapacity = parkingCapacity
        self.idleClock = idleClock
        let epfd = epoll_create1(Int32(EPOLL_CLOEXEC))
        guard epfd >= 0 else { throw .lastError("epoll_create1") }
        let efd = eventfd(0, Int32(EFD_CLOEXEC) | Int32(EFD_NONBLOCK))
        guard efd >= 0 else {
            let error = SocketError.lastError("eventfd")
            Glibc.close(epfd)
            throw error
        }
        guard csystem_epoll_ctl(epfd, EPOLL_CTL_ADD, efd, CSYSTEM_EPOLLIN, Self.wakeupToken) == 0 else {
            let error = SocketError.lastError("epoll_ctl(eventfd)")
            Glibc.close(epfd); Glibc.close(efd)
            throw error
        }
        epollDescriptor = epfd
        wakeupDescriptor = efd
        eventBuffer = .allocate(byteCount: Int(eventCapacity) * csystem_epoll_event_size(), alignment: 16)
        sharedReadBuffer = .allocate(byteCount: 64 * 1024, alignment: 64)
        serialExecutor = EventLoopSerialExecutor()
        serialExecutor.loop = self
        try startThread()
    }

    deinit {
        eventBuffer.deallocate()
        sharedReadBuffer.deallocate()
        Glibc.close(epollDescriptor)
        Glibc.close(wakeupDescriptor)
    }

    /// True when the caller is running this loop's work: on the loop's thread, or on its host's thread
    /// while the host serves this parked loop. Code that finds it false hops to the loop first, so that
    /// what it suspends on resumes on this loop whichever thread serves it by then.
    @inline(__always)
    public var inEventLoop: Bool {
        let owner = loopThreadID.load(ordering: .relaxed)
        guard csystem_thread_id() == owner else { return false }
        // The owning thread runs this loop's work unless it is serving another loop right now.
        if owner == homeThreadID.load(ordering: .relaxed) { return servingGuest == nil }
        return host?.servingGuest === self
    }

    /// True when the caller's thread owns the loop-thread-only state (the run queue, registry, timers):
    /// the loop's thread, or its host's while it is parked. Weaker than ``inEventLoop``: it also holds
    /// while that thread runs another loop's work.
    @inline(__always)
    var ownsLoopState: Bool {
        csystem_thread_id() == loopThreadID.load(ordering: .relaxed)
    }

    /// The loop's own thread's `pthread_t` as an integer (valid once init returns). While the loop is
    /// parked, its work runs on its host's thread instead.
    public var threadID: UInt { homeThreadID.load(ordering: .relaxed) }

    /// True while this loop is parked and its host's thread serves it.
    public var isParked: Bool {
        let owner = loopThreadID.load(ordering: .relaxed)
        return owner != 0 && owner != homeThreadID.load(ordering: .relaxed)
    }

    /// Stops the loop and joins its thread. Waiters get `.loopShutDown`;
    /// jobs already queued still run. Must not be called on the loop's thread, nor on its host's
    /// (which serves it while it is parked, and could not while waiting for it).
    public func shutdown() {
        precondition(!ownsLoopState, "EventLoop.shutdown() called on its own thread")
        precondition(host?.ownsLoopState != true, "EventLoop.shutdown() called on its host's thread")
        let needsWake = inbox.withLock { state in
            state.stopRequested = true
            defer { state.wakeupPending = true }
            return !state.wakeupPending
        }
        if needsWake { _ = csystem_eventfd_signal(wakeupDescriptor) }
        let handle = joinHandle.exchange(0, ordering: .acquiringAndReleasing)
        if handle != 0 { pthread_join(pthread_t(handle), nil) }
    }

    private func startThread() throws(SocketError) {
        let box = Unmanaged.passRetained(self).toOpaque()
        var thread = pthread_t()
        let result = pthread_create(&thread, nil, { argument in
            let loop = Unmanaged<EventLoop>.fromOpaque(argument!).takeRetainedValue()
            loop.homeThreadID.store(csystem_thread_id(), ordering: .releasing)
            loop.loopThreadID.store(csystem_thread_id(), ordering: .releasing)
            _ = loop.name.withCString { csystem_name_current_thread($0) }
            loop.runLoop()
            // A later thread may reuse this pthread_t; it must not look "in loop".
            loop.loopThreadID.store(0, ordering: .releasing)
            return nil
        }, box)
        guard result == 0 else {
            Unmanaged<EventLoop>.fromOpaque(box).release()
            throw SocketError(code: .syscallFailed, syscall: "pthread_create", errno: result)
        }
        // Also stored by the thread itself; storing here makes `threadID` valid as soon as init
        // returns. Only the thread stores `loopThreadID`: it may already have parked.
        homeThreadID.store(UInt(thread), ordering: .releasing)
        joinHandle.store(UInt(thread), ordering: .releasing)
    }
}
