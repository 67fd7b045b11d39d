import Kernel
import Plugins

/// `WS /api/v1/workflows/:executionId/stream`: `connected`, then an `execution-update` on every change
/// and at least once per heartbeat while it runs; closed with 1000 `closeDelay` after the execution finished.
enum ExecutionStream {
    /// Serves one socket until the execution is done (plus the close delay) or the client leaves.
    static func serve(_ socket: WebSocket, executionId: String, services: ReferenceServices, settings: StreamSettings) async throws {
        // Subscribe before reading the store, so no change can fall between the two.
        let updates = services.events.subscribe(executionId: executionId)
        guard let current = try await services.store.execution(id: executionId) else {
            try await socket.send(text: try StreamMessage.text(StreamErrorMessage.executionNotFound(executionId)))
            try await socket.close(code: .subjectNotFound, reason: "execution not found")
            return
        }
        try await socket.send(text: try StreamMessage.text(ConnectedMessage(executionId: executionId)))
        try await socket.send(text: try StreamMessage.text(ExecutionUpdateMessage(current)))
        if !current.status.isTerminal {
            let latest = Lock(current)
            await withTaskGroup(of: Void.self) { group in
                group.addTask {
                    // Every change, the moment it is published (it is already saved).
                    for await execution in updates {
                        latest.withLock { $0 = execution }
                        guard await send(ExecutionUpdateMessage(execution), on: socket) else { return }
                        if execution.status.isTerminal { return }
                    }
                }
                group.addTask {
                    // The heartbeat: the latest state again, so a quiet step still shows life.
                    while true {
                        try? await Task.sleep(for: settings.executionHeartbeat)
                        if Task.isCancelled { return }
                        let snapshot = latest.withLock { $0 }
                        if snapshot.status.isTerminal { continue }
                        guard await send(ExecutionUpdateMessage(snapshot), on: socket) else { return }
                    }
                }
                // Ends when the execution finished or the client left; the other task is then cancelled.
                await group.next()
                group.cancelAll()
            }
        }
        guard socket.isOpen else { return }
        try? await Task.sleep(for: settings.closeDelay)
        try? await socket.close(code: .normal, reason: "execution finished")
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
