import CSystem
import Glibc

/// The loop's table of registered descriptors: a slot array indexed by the
/// low 32 bits of the epoll token, with a generation in the high 32 bits so a
/// stale event for a reused slot is ignored.
///
/// Loop-bound value type (stored in `EventLoop`, touched on its thread only).
struct IORegistry {
    private var handles: [IOHandle?] = []
    private var generations: [UInt32] = []
    private var freeSlots: [Int] = []
    /// Number of live registrations.
    private(set) var count = 0

    /// Stores `handle` and returns its token (generation is never 0).
    mutating func insert(_ handle: IOHandle) -> UInt64 {
        let slot: Int
        if let reused = freeSlots.popLast() {
            slot = reused
        } else {
            slot = handles.count
            handles.append(nil)
            generations.append(0)
        }
        generations[slot] &+= 1
        if generations[slot] == 0 { generations[slot] = 1 }
        handles[slot] = handle
        count += 1
        let token = UInt64(slot) | UInt64(generations[slot]) << 32
        handle.token = token
        return token
    }

    /// Removes the handle for `token` if it is still current.
    mutating func remove(token: UInt64) {
        let slot = Int(truncatingIfNeeded: token & 0xFFFF_FFFF)
        guard slot < handles.count, generations[slot] == UInt32(truncatingIfNeeded: token >> 32),
              handles[slot] != nil else { return }
        handles[slot] = nil
        freeSlots.append(slot)
        count -= 1
    }

    /// The live handle for `token`, or nil if stale.
    @inline(__always)
    func handle(for token: UInt64) -> IOHandle? {
        let slot = Int(truncatingIfNeeded: token & 0xFFFF_FFFF)
        guard slot < handles.count, generations[slot] == UInt32(truncatingIfNeeded: token >> 32) else { return nil }
        return handles[slot]
    }

    /// Every live handle (for shutdown).
    var allHandles: [IOHandle] { handles.compactMap { $0 } }
}
