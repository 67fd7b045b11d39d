import Glibc
import Synchronization

/// What the server knows about one open connection, shared between its task and `shutdown()`.
final class ConnectionEntry: Sendable {
    /// 0 idle (between requests), 1 busy (a request is in flight).
    let state = Atomic<Int>(0)
    let descriptor: Int32

    init(descriptor: Int32) { self.descriptor = descriptor }

    var isBusy: Bool { state.load(ordering: .acquiring) == 1 }

    /// Ends a pending read with end-of-stream, so an idle connection's task finishes by itself.
    func interruptRead() { _ = Glibc.shutdown(descriptor, Int32(SHUT_RD)) }

    /// Ends both directions, for connections still busy when the grace period ran out.
    func abort() { _ = Glibc.shutdown(descriptor, Int32(SHUT_RDWR)) }
}

/// The open connections, touched when a connection opens or closes and at shutdown, never per request.
final class ConnectionRegistry: Sendable {
    private let entries = Lock<[ObjectIdentifier: ConnectionEntry]>([:])
    let draining = Atomic<Bool>(false)

    func add(_ entry: ConnectionEntry) -> Bool {
        entries.withLock { $0[ObjectIdentifier(entry)] = entry }
        return !draining.load(ordering: .acquiring)
    }

    func remove(_ entry: ConnectionEntry) { _ = entries.withLock { $0.removeValue(forKey: ObjectIdentifier(entry)) } }

    var count: Int { entries.withLock { $0.count } }

    /// Starts draining: idle connections are told to stop reading; busy ones close after their reply.
    ///
    /// The descriptors are shut down under the lock: an entry still here has an open descriptor (the server removes
    /// it before closing), so a number the kernel already gave to another socket is never shut down by mistake.
    func drain() {
        draining.store(true, ordering: .releasing)
        entries.withLock { for entry in $0.values where !entry.isBusy { entry.interruptRead() } }
    }

    /// Closes whatever is left (under the lock, as in ``drain()``).
    func abortAll() { entries.withLock { for entry in $0.values { entry.abort() } } }
}
