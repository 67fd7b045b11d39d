import Kernel
import Plugins

/// The live streams at the seed's exact paths, registered inside the authenticated `/api/v1` scope, so
/// bearer auth (header or `?token=`) runs on the upgrade and the WebSocket plugin refuses foreign origins.
///
/// Both paths coexist with the router's static-first priority: `/workflows/workflow/:workflowId/stream`
/// wins for `workflow/<id>`, everything else is an execution id.
struct StreamRoutes: Plugin {
    let services: ReferenceServices
    let settings: StreamSettings

    var name: String { "stream-routes" }

    func register(in scope: Scope) throws {
        let services = self.services, settings = self.settings
        try scope.webSocket("/workflows/:executionId/stream") { socket, request in
            try await ExecutionStream.serve(socket, executionId: request.params["executionId"] ?? "", services: services, settings: settings)
        }
        try scope.webSocket("/workflows/workflow/:workflowId/stream") { socket, request in
            try await WorkflowStream.serve(socket, workflowId: request.params["workflowId"] ?? "", services: services, settings: settings)
        }
    }
}
