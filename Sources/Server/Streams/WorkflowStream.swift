import Kernel
import Plugins

/// `WS /api/v1/workflows/workflow/:workflowId/stream`: `workflow-updates` with the 10 most recent executions,
/// pushed on every change of any of them and at least every `workflowHeartbeat`.
enum WorkflowStream {
    /// Serves one socket until the client leaves or the server closes it.
    static func serve(_ socket: WebSocket, workflowId: String, services: ReferenceServices, settings: StreamSettings) async throws {
        let changes = services.events.subscribe(workflowId: workflowId)
        guard try await services.store.workflow(id: workflowId) != nil else {
            try await socket.send(text: try StreamMessage.text(StreamErrorMessage.workflowNotFound(workflowId)))
            try await socket.close(code: .subjectNotFound, reason: "workflow not found")
            return
        }
        guard await sendSummary(workflowId, services, on: socket) else { return }
        await withTaskGroup(of: Void.self) { group in
            group.addTask {
                for await _ in changes {
                    guard await sendSummary(workflowId, services, on: socket) else { return }
                }
            }
            group.addTask {
                while true {
                    try? await Task.sleep(for: settings.workflowHeartbeat)
                    if Task.isCancelled { return }
                    guard await sendSummary(workflowId, services, on: socket) else { return }
                }
            }
            await group.next()
            group.cancelAll()
        }
    }

    /// Reads the newest executions and sends them; `false` once the socket is gone.
    private static func sendSummary(_ workflowId: String, _ services: ReferenceServices, on socket: WebSocket) async -> Bool {
        guard let executions = try? await services.store.listExecutions(workflowId: workflowId, limit: StreamMessage.workflowExecutionLimit) else {
            return socket.isOpen
        }
        return await ExecutionStream.send(WorkflowUpdatesMessage(workflowId: workflowId, executions: executions), on: socket)
    }
}
