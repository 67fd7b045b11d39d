import Glibc

/// Where a parked loop thread sleeps: `park()` blocks until `unpark()`; an `unpark()` that comes
/// first is kept, so the wake-up cannot be lost.
///
/// A pthread mutex and condition variable rather than an eventfd, so that ThreadSanitizer sees the
/// hand-over of the loop's state from the host thread back to the loop's own thread.
// @unchecked Sendable: `released` is only read or written between pthread_mutex_lock and _unlock.
final class ThreadParker: @unchecked Sendable {
    private let mutex = UnsafeMutablePointer<pthread_mutex_t>.allocate(capacity: 1)
    private let condition = UnsafeMutablePointer<pthread_cond_t>.allocate(capacity: 1)
    private var released = false

    init() {
        mutex.initialize(to: pthread_mutex_t())
        condition.initialize(to: pthread_cond_t())
        pthread_mutex_init(mutex, nil)
        pthread_cond_init(condition, nil)
    }

    deinit {
        pthread_cond_destroy(condition)
        pthread_mutex_destroy(mutex)
        condition.deallocate()
        mutex.deallocate()
    }

    /// Blocks the calling thread until `unpark()` (returns at once if it already happened).
    func park() {
        pthread_mutex_lock(mutex)
        while !released { pthread_cond_wait(condition, mutex) }
        released = false
        pthread_mutex_unlock(mutex)
    }

    /// Wakes the parked thread, or lets its next `park()` return at once.
    func unpark() {
        pthread_mutex_lock(mutex)
        released = true
        pthread_cond_signal(condition)
        pthread_mutex_unlock(mutex)
    }
}
