/// A binary min-heap of I/O deadlines, ordered by instant.
///
/// Cancellation is lazy: an entry only names a handle; when it fires the
/// handle checks which of its waiters actually expired. Each handle keeps at
/// most about one live entry (`IOHandle.scheduledTimer`), so a keep-alive
/// deadline renewed on every request costs no heap operation.
struct TimerHeap {
    struct Entry {
        let deadline: MonotonicInstant
        let handle: IOHandle
    }

    private var entries: [Entry] = []

    /// True when no deadline is pending.
    var isEmpty: Bool { entries.isEmpty }

    /// The earliest deadline.
    var earliest: MonotonicInstant? { entries.first?.deadline }

    /// Drops every entry (loop shutdown).
    mutating func removeAll() { entries.removeAll() }

    /// Adds an entry.
    mutating func push(_ deadline: MonotonicInstant, _ handle: IOHandle) {
        entries.append(Entry(deadline: deadline, handle: handle))
        var child = entries.count - 1
        while child > 0 {
            let parent = (child - 1) / 2
            guard entries[child].deadline < entries[parent].deadline else { break }
            entries.swapAt(child, parent)
            child = parent
        }
    }

    /// Removes and returns the earliest entry if its deadline is `<= now`.
    mutating func popExpired(now: MonotonicInstant) -> Entry? {
        guard let first = entries.first, first.deadline <= now else { return nil }
        let last = entries.removeLast()
        guard !entries.isEmpty else { return first }
        entries[0] = last
        var parent = 0
        while true {
            let left = 2 * parent + 1
            let right = left + 1
            var smallest = parent
            if left < entries.count, entries[left].deadline < entries[smallest].deadline { smallest = left }
            if right < entries.count, entries[right].deadline < entries[smallest].deadline { smallest = right }
            if smallest == parent { break }
            entries.swapAt(parent, smallest)
            parent = smallest
        }
        return first
    }
}
