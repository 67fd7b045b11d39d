import Kernel
import Plugins

/// The live streams at the seed's exact paths, registered inside the authenticated `/api/v1` scope, so
/// bearer auth (header or `?token=`) runs on the upgrade and the WebSocket plugin refuses foreign origins.
///
/// Both paths coexist with the router's static-first priority: `/workflows/workflow/:workflowId/stream`
/// wins for `workflow/<id>`, everything else is an execution id.
///
/// The streams only push; the seed defines no client messages, so whatever a client sends is read and
/// ignored. Reading matters: the WebSocket plugin reads the socket only while the handler takes its
/// messages, so an unread message would also leave the client's pings unanswered and its close unechoed.
struct StreamRoutes: Plugin {
    let services: ReferenceServices
    let settings: StreamSettings

    var name: String { "stream-routes" }

    func register(in scope: Scope) throws {
        let services = self.services, settings = self.settings
        try scope.webSocket("/workflows/:executionId/stream") { socket, request in
            let executionId = request.params["executionId"] ?? ""
            try await Self.serve(socket) {
                try await ExecutionStream.serve(socket, executionId: executionId, services: services, settings: settings)
            }
        }
        try scope.webSocket("/workflows/workflow/:workflowId/stream") { socket, request in
            let workflowId = request.params["workflowId"] ?? ""
            try await Self.serve(socket) {
                try await WorkflowStream.serve(socket, workflowId: workflowId, services: services, settings: settings)
            }
        }
    }

    /// Runs `stream` while reading (and dropping) the client's messages, until either ends: the
    /// stream is done, or the connection closed (the client's close already echoed), which cancels the stream.
    static func serve(_ socket: WebSocket, _ stream: @escaping @Sendable () async throws -> Void) async throws {
        try await withThrowingTaskGroup(of: Void.self) { group in
            group.addTask {
                for await _ in socket.messages {}
            }
            group.addTask { try await stream() }
            try await group.next()
            group.cancelAll()
        }
    }
}
