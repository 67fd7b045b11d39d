import CSystem
import Glibc
import Synchronization

/// A fixed set of event loops (one thread each) handed out round robin.
///
/// ```swift
/// let group = try EventLoopGroup()          // one loop per active core
/// let loop = group.next()
/// defer { group.shutdown() }
/// ```
public final class EventLoopGroup: Sendable {
    /// The loops, in creation order.
    public let loops: [EventLoop]
    private let cursor = Atomic<Int>(0)

    /// The cores this process may use (at least 1): online CPUs, narrowed by its CPU affinity
    /// and by a cgroup CPU quota, as a container sets them.
    public static var activeCoreCount: Int { ActiveCores.count }

    /// Starts `loopCount` loops.
    public init(loopCount: Int = EventLoopGroup.activeCoreCount) throws(SocketError) {
        precondition(loopCount > 0, "an EventLoopGroup needs at least one loop")
        var loops: [EventLoop] = []
        loops.reserveCapacity(loopCount)
        do {
            for index in 0..<loopCount { loops.append(try EventLoop(name: "event-loop-\(index)")) }
        } catch {
            for loop in loops { loop.shutdown() }
            throw error
        }
        self.loops = loops
    }

    /// The next loop, round robin.
    public func next() -> EventLoop {
        let index = cursor.wrappingAdd(1, ordering: .relaxed).oldValue
        return loops[index % loops.count]
    }

    /// The loop whose thread is the caller's, if any.
    public var currentLoop: EventLoop? {
        loops.first { $0.inEventLoop }
    }

    /// Shuts every loop down and joins its thread.
    public func shutdown() {
        for loop in loops { loop.shutdown() }
    }
}
