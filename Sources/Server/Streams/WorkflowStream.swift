import Kernel
import Plugins

/// `WS /api/v1/workflows/workflow/:workflowId/stream`: `workflow-updates` with the 10 most recent executions,
/// pushed on every change of any of them and at least every `workflowHeartbeat`.
///
/// A workflow that does not exist, or is deleted while streamed, gets an `error` message
/// (`WORKFLOW_NOT_FOUND`) and a 4404 close.
enum WorkflowStream {
    /// Serves one socket until the client leaves or the server closes it.
    static func serve(_ socket: WebSocket, workflowId: String, services: ReferenceServices, settings: StreamSettings) async throws {
        let changes = services.events.subscribe(workflowId: workflowId)
        guard try await services.store.workflowExists(id: workflowId) else {
            return await ExecutionStream.refuse(socket, StreamErrorMessage.workflowNotFound(workflowId), reason: "workflow not found")
        }
        // Changes and heartbeats only wake the sender; wake-ups that come while it sends fold into one,
        // since each summary is read fresh from the store. One sender: nothing follows the 4404 error.
        let (wakeUps, wake) = AsyncStream.makeStream(of: Void.self, bufferingPolicy: .bufferingNewest(1))
        wake.yield()
        await withTaskGroup(of: Void.self) { group in
            group.addTask {
                for await _ in changes { wake.yield() }
                wake.finish()
            }
            group.addTask {
                while true {
                    try? await Task.sleep(for: settings.workflowHeartbeat)
                    if Task.isCancelled { return }
                    wake.yield()
                }
            }
            for await _ in wakeUps {
                guard await sendSummary(workflowId, services.store, on: socket) else { break }
            }
            group.cancelAll()
        }
    }

    /// Reads the newest executions and sends them; `false` once the socket is gone or the workflow was
    /// deleted (then the client got the error message and the 4404 close). A failed read skips this summary.
    private static func sendSummary(_ workflowId: String, _ store: Store, on socket: WebSocket) async -> Bool {
        guard let executions = try? await store.listExecutionSummaries(workflowId: workflowId, limit: StreamMessage.workflowExecutionLimit) else {
            return socket.isOpen
        }
        // Deleting a workflow deletes its executions, so only an empty list needs the workflow checked.
        if executions.isEmpty, await isDeleted(workflowId, store) {
            await ExecutionStream.refuse(socket, StreamErrorMessage.workflowNotFound(workflowId), reason: "workflow deleted")
            return false
        }
        return await ExecutionStream.send(WorkflowUpdatesMessage(workflowId: workflowId, executions: executions), on: socket)
    }

    /// Whether the store no longer has the workflow (`false` when it cannot tell). It runs on every heartbeat
    /// of a workflow with no executions, so it does not read (and parse) the steps.
    private static func isDeleted(_ workflowId: String, _ store: Store) async -> Bool {
        do { return try await !store.workflowExists(id: workflowId) } catch { return false }
    }
}
