import CSystem

/// How a suspended I/O wait ended.
enum IOWaitOutcome: Sendable {
    /// Readiness was reported (or hang-up/error, which the syscall will surface).
    case ready
    /// The wait's deadline passed first.
    case timedOut
    /// The handle was deregistered while waiting.
    case closed
    /// The loop is shutting down.
    case loopShutDown
}

/// What a waiter is waiting for.
enum IOInterest: Sendable {
    /// `EPOLLIN` (data, EOF, or a pending connection on a listener).
    case read
    /// `EPOLLOUT` (send-buffer space).
    case write
    /// `EPOLLRDHUP` / `EPOLLHUP` / `EPOLLERR` (peer went away).
    case hangup
}

/// Per-descriptor readiness state and waiters, owned by one `EventLoop`.
///
/// The descriptor is registered once with `EPOLLIN | EPOLLOUT | EPOLLRDHUP |
/// EPOLLET`, so there is no `epoll_ctl` per read or write. Edge-triggered
/// events set the `maybe…` hints; I/O code clears a hint when a syscall shows
/// the socket is drained (short read, `EAGAIN`) and suspends only then.
///
/// Loop-bound: every field is touched only on the owning loop's thread.
final class IOHandle {
    let descriptor: Int32
    /// `slot | generation << 32`, the epoll token; 0 generation = unregistered.
    var token: UInt64 = 0

    /// Last known "a read may return data/EOF" (set by events, cleared on drain).
    var maybeReadable = true
    /// Last known "a write may make progress".
    var maybeWritable = true
    /// The peer half-closed or reset (`EPOLLRDHUP`/`EPOLLHUP`/`EPOLLERR` seen).
    var peerClosed = false
    /// The connection is gone both ways (`EPOLLHUP`/`EPOLLERR` seen): nothing written now can arrive.
    var peerReset = false

    var readWaiter: UnsafeContinuation<IOWaitOutcome, Never>?
    var writeWaiter: UnsafeContinuation<IOWaitOutcome, Never>?
    var hangupWaiter: UnsafeContinuation<IOWaitOutcome, Never>?
    var readDeadline: MonotonicInstant?
    var writeDeadline: MonotonicInstant?
    var hangupDeadline: MonotonicInstant?
    /// Earliest deadline for which this handle has an entry in the timer heap.
    var scheduledTimer: MonotonicInstant?
    /// Serves a read event on the loop thread while a reader waits: `true` when it did all there was to do, so
    /// the reader stays suspended; `false` resumes the reader (see ``AsyncConnection/waitUntilReadable(until:servingOnLoop:)``).
    var readyHandler: (() -> Bool)?

    init(descriptor: Int32) {
        self.descriptor = descriptor
    }

    /// Applies an epoll event mask and resumes the waiters it satisfies.
    @inline(__always)
    func handleEvents(_ flags: UInt32) {
        let closedBits = CSYSTEM_EPOLLRDHUP | CSYSTEM_EPOLLHUP | CSYSTEM_EPOLLERR
        if flags & closedBits != 0 {
            peerClosed = true
            if flags & (CSYSTEM_EPOLLHUP | CSYSTEM_EPOLLERR) != 0 { peerReset = true }
            resume(.hangup, with: .ready)
        }
        if flags & (CSYSTEM_EPOLLIN | closedBits) != 0 {
            maybeReadable = true
            if readWaiter == nil || !(readyHandler?() ?? false) { resume(.read, with: .ready) }
        }
        if flags & (CSYSTEM_EPOLLOUT | CSYSTEM_EPOLLHUP | CSYSTEM_EPOLLERR) != 0 {
            maybeWritable = true
            resume(.write, with: .ready)
        }
    }

    /// Resumes and clears the waiter for `interest`, if any.
    @inline(__always)
    func resume(_ interest: IOInterest, with outcome: IOWaitOutcome) {
        switch interest {
        case .read:
            if let waiter = readWaiter { readWaiter = nil; readDeadline = nil; waiter.resume(returning: outcome) }
        case .write:
            if let waiter = writeWaiter { writeWaiter = nil; writeDeadline = nil; waiter.resume(returning: outcome) }
        case .hangup:
            if let waiter = hangupWaiter { hangupWaiter = nil; hangupDeadline = nil; waiter.resume(returning: outcome) }
        }
    }

    /// Resumes every waiter with `outcome` (close, shutdown).
    func resumeAll(with outcome: IOWaitOutcome) {
        resume(.read, with: outcome)
        resume(.write, with: outcome)
        resume(.hangup, with: outcome)
    }

    /// Times out waiters whose deadline is at or before `now`; returns the
    /// earliest deadline still pending.
    func expireDeadlines(now: MonotonicInstant) -> MonotonicInstant? {
        if let deadline = readDeadline, deadline <= now { resume(.read, with: .timedOut) }
        if let deadline = writeDeadline, deadline <= now { resume(.write, with: .timedOut) }
        if let deadline = hangupDeadline, deadline <= now { resume(.hangup, with: .timedOut) }
        var earliest = readDeadline
        for deadline in [writeDeadline, hangupDeadline] {
            if let deadline, earliest.map({ deadline < $0 }) ?? true { earliest = deadline }
        }
        return earliest
    }

    /// True if a waiter for `interest` is suspended.
    func hasWaiter(_ interest: IOInterest) -> Bool {
        switch interest {
        case .read: readWaiter != nil
        case .write: writeWaiter != nil
        case .hangup: hangupWaiter != nil
        }
    }
}

@available(*, unavailable)
extension IOHandle: Sendable {}
