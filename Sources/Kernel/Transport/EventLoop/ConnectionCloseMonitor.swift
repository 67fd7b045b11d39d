import CSystem

extension AsyncConnection {
    /// A `Sendable` handle another task can use to learn that this
    /// connection's peer went away (e.g. to cancel work for a gone client).
    public var closeMonitor: ConnectionCloseMonitor {
        ConnectionCloseMonitor(loop: loop, token: token)
    }
}

/// Watches one `AsyncConnection` for peer hang-up from any task.
///
/// ```swift
/// let monitor = connection.closeMonitor
/// Task { try? await monitor.waitForPeerClose(); cancelWork() }
/// ```
///
/// Holds only the loop and the registry token; every access to the
/// connection's state happens on the loop thread.
public struct ConnectionCloseMonitor: Sendable {
    let loop: EventLoop
    let token: UInt64

    /// Returns when the peer hangs up. Throws `.closed` if the connection was
    /// closed locally (before or while waiting), `.timedOut` at `deadline`.
    @concurrent
    public func waitForPeerClose(deadline: ContinuousClock.Instant? = nil) async throws(SocketError) {
        guard loop.inEventLoop else {
            try await withTaskExecutorPreference(loop) { () async throws(SocketError) in
                try await self.waitOnLoop(deadline: deadline)
            }
            return
        }
        try await waitOnLoop(deadline: deadline)
    }

    @concurrent
    private func waitOnLoop(deadline: ContinuousClock.Instant?) async throws(SocketError) {
        precondition(loop.inEventLoop, "task executor preference did not reach the loop")
        guard let handle = loop.registry.handle(for: token) else { throw .closed }
        if handle.peerClosed { return }
        switch await loop.wait(for: .hangup, on: handle, deadline: deadline.map(MonotonicInstant.init)) {
        case .ready: return
        case .timedOut: throw .timedOut
        case .closed: throw .closed
        case .loopShutDown: throw .loopShutDown
        }
    }
}
