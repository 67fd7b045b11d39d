import Dispatch
import Testing
@testable import Kernel

private final class Marker: Sendable {
    let value: Int
    init(_ value: Int) { self.value = value }
}

/// Holds a reference the way `HTTPHeaderBlock` holds its successor.
private final class Holder: Sendable {
    let reference = SetOnceReference<Marker>()
}

@Suite("SetOnceReference: set at most once, read without a lock")
struct SetOnceReferenceTests {
    @Test("empty until stored; the first instance stored stays, later ones are refused")
    func firstStoreWins() {
        let holder = Holder()
        #expect(holder.reference.load() == nil)
        let first = Marker(1)
        #expect(holder.reference.storeIfNil(first) === first)
        #expect(holder.reference.load() === first)
        let second = Marker(2)
        #expect(holder.reference.storeIfNil(second) === first)
        #expect(holder.reference.load()?.value == 1)
    }

    @Test("the stored instance lives as long as its holder, and no longer; a refused one is not kept")
    func lifetime() {
        weak var stored: Marker?
        weak var refused: Marker?
        var holder: Holder? = Holder()
        do {
            let first = Marker(1), second = Marker(2)
            stored = first
            refused = second
            _ = holder?.reference.storeIfNil(first)
            _ = holder?.reference.storeIfNil(second)
        }
        #expect(stored != nil)
        #expect(refused == nil)
        holder = nil
        #expect(stored == nil)
    }

    @Test("threads racing to store all get the one instance that won")
    func racingStores() {
        let holder = Holder()
        // A pthread `Lock`, not `Mutex`: this suite runs under ThreadSanitizer, which cannot see `Mutex`'s futex
        // calls and reported the correctly locked inserts as a race.
        let winners = Lock<Set<ObjectIdentifier>>([])
        DispatchQueue.concurrentPerform(iterations: 64) { index in
            let stored = holder.reference.storeIfNil(Marker(index))
            winners.withLock { _ = $0.insert(ObjectIdentifier(stored)) }
        }
        #expect(winners.withLock { $0.count } == 1)
        #expect(holder.reference.load().map(ObjectIdentifier.init) == winners.withLock { $0.first })
    }
}
