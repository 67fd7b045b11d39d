/// Serving a keep-alive connection from the loop itself while its task waits.
///
/// Between requests the connection's task is suspended in a read wait. When the socket becomes readable, the
/// loop calls ``serveOnLoop()`` before it would resume that task: it reads, parses and answers every request
/// that needs no `await` (see ``step(_:)``), and flushes. When that is all, the task stays suspended, so a
/// request costs no job, no executor switch and none of the runtime's status-record locks. Anything else
/// (an async route, a body still arriving, part of a head, a malformed request, a full socket, a close) is
/// left where `run` finds it when it resumes: in ``handoff``, ``loopParseError``, `pending`, `output` or
/// `shouldClose`.
extension HTTPConnectionHandler {
    /// Whether `run` is idle between requests, the only state in which the loop may serve the connection.
    var isIdleBetweenRequests: Bool { !hasCurrent && pending.isEmpty && events.isEmpty && output.isEmpty && !shouldClose }

    /// Reads and answers on the loop thread; `true` when nothing is left for `run`, which keeps waiting.
    func serveOnLoop() -> Bool {
        let shared = connection.loop.sharedReadBuffer
        let count: Int?
        do { count = try connection.readNow(into: shared) } catch { return false }
        // Nothing after all (the socket is drained): keep waiting. End of stream: `run` reads it itself.
        guard let count else { return true }
        guard count > 0 else { return false }
        servedOnLoop = true
        do throws(HTTP1ParseError) {
            try parse(UnsafeRawBufferPointer(rebasing: shared[..<count]))
        } catch {
            loopParseError = error
            return false
        }
        swap(&batch, &events)
        var index = 0
        while index < batch.count {
            let event = replaceEvent(at: index)
            index += 1
            switch step(event) {
            case .proceed:
                break
            case let next:
                // An await is needed (or the connection ends): `run` finishes this step, then the rest of the batch.
                handoff = (next, index)
                return false
            }
            if shouldClose { break }
        }
        batch.removeAll(keepingCapacity: true)
        // A body or a head still arriving has its own timeout, and a close its own path: `run` takes over.
        if shouldClose || hasCurrent || !pending.isEmpty { return false }
        guard flushNow(), !shouldClose, !connection.mayReadMore else { return false }
        let idleUntil = MonotonicInstant(sinceOrigin: connection.loop.turnStarted.sinceOrigin + configuration.keepAliveTimeout)
        connection.extendReadWait(until: idleUntil)
        return true
    }
}
