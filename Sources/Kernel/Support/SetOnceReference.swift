import Synchronization

/// A reference that is set at most once and read without a lock, as `AtomicLazyReference` is, with every
/// operation inlined where it is used.
///
/// `AtomicLazyReference.load()` is not inlinable: each call looked up the type's generic metadata at run
/// time, which cost more than the load itself on a path taken by every reply (``HTTPHeaderBlock/followed(by:)``).
/// Here the reference is kept as an `Atomic` of its unmanaged bits, retained once when it is stored.
///
/// ```swift
/// let cached = SetOnceReference<Rendering>()
/// let rendering = cached.load() ?? cached.storeIfNil(Rendering())
/// ```
struct SetOnceReference<Instance: AnyObject & Sendable>: ~Copyable, Sendable {
    private let storage = Atomic<Unmanaged<Instance>?>(nil)

    /// An empty reference.
    init() {}

    /// The stored instance, if one was stored.
    @inline(__always)
    func load() -> Instance? {
        storage.load(ordering: .acquiring)?.takeUnretainedValue()
    }

    /// Stores `instance` unless another was stored first, and returns the one that is stored.
    func storeIfNil(_ instance: Instance) -> Instance {
        let retained = Unmanaged.passRetained(instance)
        let (exchanged, current) = storage.compareExchange(expected: nil, desired: retained, ordering: .acquiringAndReleasing)
        if exchanged { return instance }
        retained.release()
        // A failed exchange returns what is stored, which is never nil once set.
        return current!.takeUnretainedValue()
    }

    deinit {
        storage.load(ordering: .acquiring)?.release()
    }
}
