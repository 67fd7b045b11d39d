#if canImport(Glibc)
import Glibc
#endif

/// One emptied sink per thread, so encoding a reply's JSON allocates only the reply's array.
///
/// A new sink cost two allocations (the object and its buffer) and their frees for every encoded value.
/// ``JSONWriter/encode(_:)`` takes the thread's spare instead, and gives it back emptied when it is done:
/// - Taking clears the thread's slot, so an encode nested in another (a value whose `encode(to:)` encodes
///   something else as JSON) gets a new sink rather than the one in use.
/// - A sink something else still references (an encoder or a container that escaped its `encode(to:)`)
///   is not kept, so nothing written later through it can reach another value's bytes.
/// - A sink grown past ``largestKept`` is not kept, so a thread holds at most that much.
extension JSONSink {
    /// The largest buffer a thread keeps between encodes.
    static let largestKept = 16 * 1024

    /// The thread-specific slot: a retained sink, or nil. A thread's sink is released when the thread exits.
    private static let spareKey: pthread_key_t = {
        var key = pthread_key_t()
        let status = pthread_key_create(&key) { raw in
            guard let raw else { return }
            Unmanaged<JSONSink>.fromOpaque(raw).release()
        }
        precondition(status == 0, "pthread_key_create failed: \(status)")
        return key
    }()

    /// The thread's spare sink, emptied, or a new one when the thread has none (or it is in use).
    static func takeSpare() -> JSONSink {
        guard let raw = pthread_getspecific(spareKey) else { return JSONSink() }
        pthread_setspecific(spareKey, nil)
        return Unmanaged<JSONSink>.fromOpaque(raw).takeRetainedValue()
    }

    /// Keeps `sink` as the thread's spare when nothing else references it and it is not too large.
    static func keepAsSpare(_ sink: consuming JSONSink) {
        var sink = sink
        guard isKnownUniquelyReferenced(&sink), sink.capacity <= largestKept, pthread_getspecific(spareKey) == nil else { return }
        sink.removeAll()
        pthread_setspecific(spareKey, Unmanaged.passRetained(sink).toOpaque())
    }
}
