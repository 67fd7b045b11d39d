import Kernel
import Plugins

/// `WS /api/v1/workflows/:executionId/stream`: `connected`, then an `execution-update` on every change
/// and at least once per heartbeat while it runs; closed with 1000 `closeDelay` after the execution finished.
///
/// Every update is sent by the serving task alone, in order, so nothing follows the final status. An
/// execution that does not exist, or stops existing while streamed (its workflow was deleted), gets an
/// `error` message (`EXECUTION_NOT_FOUND`) and a 4404 close.
enum ExecutionStream {
    /// Serves one socket until the execution is done (plus the close delay) or the client leaves.
    static func serve(_ socket: WebSocket, executionId: String, services: ReferenceServices, settings: StreamSettings) async throws {
        // Subscribe before reading the store, so no change can fall between the two.
        let updates = services.events.subscribe(executionId: executionId)
        // Read as a reply: a finished execution's result is copied as stored, not parsed and encoded again.
        guard let current = try await services.store.executionReply(id: executionId) else {
            return await refuse(socket, StreamErrorMessage.executionNotFound(executionId), reason: "execution not found")
        }
        try await socket.send(text: try StreamMessage.text(ConnectedMessage(executionId: executionId)))
        let snapshot = EncodedExecutionUpdate(current)
        try await socket.send(text: try snapshot.text())
        if !current.execution.status.isTerminal {
            let last = await relay(updates, from: snapshot, to: socket, heartbeat: settings.executionHeartbeat)
            guard socket.isOpen, !Task.isCancelled else { return }
            if !last.execution.status.isTerminal {
                // The updates ended without a final state: the execution was deleted, or the hub shut down.
                guard let stored = try await services.store.executionReply(id: executionId) else {
                    return await refuse(socket, StreamErrorMessage.executionNotFound(executionId), reason: "execution deleted")
                }
                guard stored.execution.status.isTerminal, let text = try? EncodedExecutionUpdate(stored).text(),
                    (try? await socket.send(text: text)) != nil
                else { return }
            }
        }
        guard socket.isOpen, !Task.isCancelled else { return }
        try? await Task.sleep(for: settings.closeDelay)
        try? await socket.close(code: .normal, reason: "execution finished")
    }

    /// What the sending loop acts on next.
    private enum Signal: Sendable {
        /// A saved change, the moment it is published.
        case change(EncodedExecutionUpdate)
        /// Time to repeat the latest state, so a quiet step still shows life.
        case heartbeat
    }

    /// Sends every change, and the latest state again on each heartbeat, until the final status went out,
    /// the updates ended, the socket closed or the task was cancelled.
    ///
    /// Two tasks only produce signals; this task alone sends, so a heartbeat can never overtake the final
    /// message. At most one heartbeat waits at a time, however slow the socket. A change goes out as the
    /// frame its publication made for every stream; a heartbeat only stamps the state's shared encoding.
    /// - Returns: the last state sent (not final when the updates ended first).
    @discardableResult
    static func relay(
        _ updates: AsyncStream<EncodedExecutionUpdate>, from current: EncodedExecutionUpdate, to socket: WebSocket, heartbeat: Duration
    ) async -> EncodedExecutionUpdate {
        let (signals, signal) = AsyncStream.makeStream(of: Signal.self)
        let heartbeatWaits = Lock(false)
        return await withTaskGroup(of: Void.self, returning: EncodedExecutionUpdate.self) { group in
            group.addTask {
                for await update in updates { signal.yield(.change(update)) }
                signal.finish()
            }
            group.addTask {
                while true {
                    try? await Task.sleep(for: heartbeat)
                    if Task.isCancelled { return }
                    let queue = heartbeatWaits.withLock { waits in
                        defer { waits = true }
                        return !waits
                    }
                    if queue { signal.yield(.heartbeat) }
                }
            }
            var latest = current
            for await next in signals {
                let isChange: Bool
                switch next {
                case .change(let update):
                    latest = update
                    isChange = true
                case .heartbeat:
                    heartbeatWaits.withLock { $0 = false }
                    isChange = false
                }
                guard await send(latest, asPublished: isChange, on: socket), !latest.execution.status.isTerminal else { break }
            }
            group.cancelAll()
            return latest
        }
    }

    /// Sends a change as it was published (the same frame every stream sends), or, for a heartbeat, the state
    /// stamped now; `false` once the socket is gone or the state cannot be written.
    private static func send(_ update: EncodedExecutionUpdate, asPublished: Bool, on socket: WebSocket) async -> Bool {
        if asPublished, let published = update.published { return (try? await socket.send(published)) != nil }
        guard let text = try? update.text() else { return false }
        return (try? await socket.send(text: text)) != nil
    }

    /// Sends `error` and closes with 4404: the stream's execution or workflow does not exist.
    static func refuse(_ socket: WebSocket, _ error: StreamErrorMessage, reason: String) async {
        guard await send(error, on: socket) else { return }
        try? await socket.close(code: .subjectNotFound, reason: reason)
    }

    /// Sends one message; `false` once the socket is gone.
    static func send(_ message: some Encodable, on socket: WebSocket) async -> Bool {
        guard let text = try? StreamMessage.text(message) else { return false }
        return (try? await socket.send(text: text)) != nil
    }
}

extension WebSocketCloseCode {
    /// 4404: the stream's execution or workflow does not exist (the application close-code range).
    static var subjectNotFound: WebSocketCloseCode { WebSocketCloseCode(rawValue: 4404) }
}
