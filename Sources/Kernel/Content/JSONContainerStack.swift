/// The JSON writer's stack of open containers: for each, whether it is an object (else an array)
/// and whether a member was written yet, so the next one needs a comma.
///
/// The first 64 levels live in two bit sets, so a typical document never allocates for it;
/// deeper levels spill into an array.
struct JSONContainerStack {
    /// How many containers are open.
    private(set) var depth = 0
    private var objects: UInt64 = 0
    private var started: UInt64 = 0
    private var deeper: [(isObject: Bool, started: Bool)] = []

    private static let inlineLevels = 64

    /// Opens a container one level deeper, with no members yet.
    mutating func push(object: Bool) {
        if depth < Self.inlineLevels {
            let bit: UInt64 = 1 << UInt64(depth)
            if object { objects |= bit } else { objects &= ~bit }
            started &= ~bit
        } else {
            deeper.append((object, false))
        }
        depth += 1
    }

    /// Closes the innermost container; returns whether it was an object.
    mutating func pop() -> Bool {
        precondition(depth > 0, "no open JSON container")
        depth -= 1
        if depth < Self.inlineLevels { return objects & (1 << UInt64(depth)) != 0 }
        return deeper.removeLast().isObject
    }

    /// Records a member of the container at `level`; returns whether it already had one.
    mutating func markMember(at level: Int) -> Bool {
        precondition(level < depth, "JSON container level \(level) is not open")
        if level < Self.inlineLevels {
            let bit: UInt64 = 1 << UInt64(level)
            defer { started |= bit }
            return started & bit != 0
        }
        let index = level - Self.inlineLevels
        defer { deeper[index].started = true }
        return deeper[index].started
    }
}
