import Glibc

/// A value guarded by a `pthread_mutex_t`, with `Mutex`'s `withLock` shape.
///
/// Cross-thread state in the transport uses this rather than `Synchronization.Mutex`: on Linux, `Mutex`
/// locks with raw futex calls that ThreadSanitizer cannot see, so every correctly locked access is
/// reported as a race; pthread mutexes are understood by TSan, which keeps `swift test --sanitize=thread`
/// meaningful. It is never taken on the HTTP request path (WebSocket sessions use it between their tasks).
///
/// ```swift
/// let waiting = Lock([Int]())
/// waiting.withLock { $0.append(1) }
/// ```
// @unchecked Sendable: `state` is only read or written between pthread_mutex_lock and _unlock.
public final class Lock<State: ~Copyable>: @unchecked Sendable {
    @usableFromInline var state: State
    @usableFromInline let mutex: UnsafeMutablePointer<pthread_mutex_t>

    /// Guards `initial`.
    public init(_ initial: consuming State) {
        state = initial
        mutex = .allocate(capacity: 1)
        mutex.initialize(to: pthread_mutex_t())
        pthread_mutex_init(mutex, nil)
    }

    deinit {
        pthread_mutex_destroy(mutex)
        mutex.deallocate()
    }

    /// Runs `body` with exclusive access to the state. Inlinable, so callers in other modules get it
    /// specialized to their `State` instead of a generic call.
    @inlinable @inline(__always)
    public func withLock<Result: ~Copyable, Failure: Error>(_ body: (inout State) throws(Failure) -> Result) throws(Failure) -> Result {
        pthread_mutex_lock(mutex)
        defer { pthread_mutex_unlock(mutex) }
        return try body(&state)
    }
}
