/// Waiting without reading: for readable data (the HTTP server waits here between requests, then reads
/// into its loop's shared buffer, so an idle connection holds no buffer) or for the peer to hang up.
extension AsyncConnection {
    /// Suspends until a read may return data or end of stream (returns at once if it may already).
    /// It holds no buffer while suspended, so the caller can read into memory shared with other connections.
    /// - Parameter deadline: throws `SocketError.timedOut` if nothing arrives by then.
    public nonisolated(nonsending) func waitUntilReadable(deadline: ContinuousClock.Instant? = nil) async throws(SocketError) {
        try await waitUntilReadable(until: deadline.map(MonotonicInstant.init))
    }

    /// ``waitUntilReadable(deadline:)`` with the loop's own time type (no conversion on the hot path).
    nonisolated(nonsending) func waitUntilReadable(until deadline: MonotonicInstant?) async throws(SocketError) {
        guard loop.inEventLoop else {
            try await withTaskExecutorPreference(loop) { () async throws(SocketError) in
                try await self.waitUntilReadable(until: deadline)
            }
            return
        }
        if isClosed { throw .closed }
        if handle.maybeReadable { return }
        try await suspend(for: .read, until: deadline)
    }

    /// ``waitUntilReadable(until:)`` that lets the loop serve readiness itself: on each read event, `serve` runs on
    /// the loop thread first, and while it returns `true` the waiting task is not resumed at all, which spares it
    /// a job, an executor switch and the runtime's locks. `serve` must leave the socket drained when it returns `true`.
    nonisolated(nonsending) func waitUntilReadable(
        until deadline: MonotonicInstant?, servingOnLoop serve: @escaping () -> Bool
    ) async throws(SocketError) {
        guard loop.inEventLoop else { return try await waitUntilReadable(until: deadline) }
        if isClosed { throw .closed }
        if handle.maybeReadable { return }
        handle.readyHandler = serve
        defer { handle.readyHandler = nil }
        try await suspend(for: .read, until: deadline)
    }

    /// Moves the deadline of the read wait in progress, after the loop served a request while it waited.
    func extendReadWait(until deadline: MonotonicInstant) {
        guard handle.hasWaiter(.read) else { return }
        handle.readDeadline = deadline
        loop.scheduleDeadline(deadline, for: handle)
    }

    /// Whether a read may return more (data or end of stream) without waiting for another event.
    var mayReadMore: Bool { handle.maybeReadable }

    /// Suspends until the peer hangs up (returns at once if it already has).
    public nonisolated(nonsending) func waitForPeerClose(deadline: ContinuousClock.Instant? = nil) async throws(SocketError) {
        guard loop.inEventLoop else {
            try await withTaskExecutorPreference(loop) { () async throws(SocketError) in
                try await self.waitForPeerClose(deadline: deadline)
            }
            return
        }
        if handle.peerClosed { return }
        try await suspend(for: .hangup, until: deadline.map(MonotonicInstant.init))
    }
}
