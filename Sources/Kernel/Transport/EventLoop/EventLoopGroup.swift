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

    /// Starts `loopCount` loops; with `.whenContended`, every loop but the first may park on the first
    /// while it only competes for a CPU (see ``LoopParking``).
    public convenience init(
        loopCount: Int = EventLoopGroup.activeCoreCount, parking: LoopParking = .whenContended
    ) throws(SocketError) {
        try self.init(loopCount: loopCount, parkingPolicy: parking == .whenContended ? .standard : nil)
    }

    /// Starts `loopCount` loops that park under `parkingPolicy`, or never when it is `nil` or when
    /// `/proc` does not tell how idle the cores are. At most half the loops park at once.
    init(loopCount: Int, parkingPolicy: LoopParkingPolicy?) throws(SocketError) {
        precondition(loopCount > 0, "an EventLoopGroup needs at least one loop")
        precondition(loopCount <= 4096, "an EventLoopGroup has at most 4096 loops")
        let idleClock = parkingPolicy == nil || loopCount < 2 ? nil : MachineIdleClock()
        let policy = idleClock == nil ? nil : parkingPolicy
        var loops: [EventLoop] = []
        loops.reserveCapacity(loopCount)
        do {
            for index in 0..<loopCount {
                loops.append(try EventLoop(
                    name: "event-loop-\(index)", index: index, host: policy == nil ? nil : loops.first,
                    parkingPolicy: policy, parkingCapacity: loopCount / 2, idleClock: index == 0 ? idleClock : nil
                ))
            }
        } catch {
            for loop in loops.reversed() { loop.shutdown() }
            throw error
        }
        self.loops = loops
    }

    /// The next loop, round robin, passing over parked loops: their host would serve a new connection
    /// through the parked loop's epoll set, one poll more per turn, so it takes the connection itself.
    public func next() -> EventLoop {
        let start = UInt(bitPattern: cursor.wrappingAdd(1, ordering: .relaxed).oldValue)
        let count = UInt(loops.count)
        for offset in 0..<count {
            let loop = loops[Int((start &+ offset) % count)]
            if !loop.isParked { return loop }
        }
        return loops[Int(start % count)]
    }

    /// The loop whose work the caller is running, if any (a parked loop's work runs on its host's thread).
    public var currentLoop: EventLoop? {
        loops.first { $0.inEventLoop }
    }

    /// Loops parked right now (their work runs on the first loop's thread).
    public var parkedLoopCount: Int { loops[0].parkedLoopCount.load(ordering: .relaxed) }

    /// Shuts every loop down and joins its thread; the first loop goes last, as it serves parked loops.
    public func shutdown() {
        for loop in loops.reversed() { loop.shutdown() }
    }
}
