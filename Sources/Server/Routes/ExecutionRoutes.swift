import Kernel

/// Executions: started under a workflow, read and cancelled by id, inside `/api/v1`.
///
/// | route | answer |
/// |---|---|
/// | `POST /workflows/:workflowId/executions` (no body, or `{"input"?}`) | 202 execution (`pending`), `Location`; it runs in the background |
/// | `GET /workflows/:workflowId/executions?limit=N` | 200, newest first, at most N (1–100, default 50) |
/// | `GET /executions/:id` | 200 execution, or 404 |
/// | `POST /executions/:id/cancel` | 200 execution once the cancellation is saved; a finished one comes back unchanged |
struct ExecutionRoutes: Plugin {
    /// `execution-routes`.
    var name: String { "execution-routes" }
    /// Starts and cancels runs.
    let engine: ExecutionEngine

    /// The default and largest `limit` of the list route.
    static let defaultLimit = 50, maximumLimit = 100

    /// Adds the routes.
    func register(in scope: Scope) throws {
        let engine = self.engine, store = engine.store
        let base = scope.prefix
        try scope.post("/workflows/:workflowId/executions") { request, reply in
            let body = try RequestInput(request, bodyRequired: false)
            let id = request.parameter("workflowId")
            let execution = try APIErrors.found(try await engine.start(workflowId: id, input: body.members["input"]), "workflow", id: id)
            reply.sendNew(execution, at: "\(base)/executions/\(execution.id)", status: .accepted)
        }
        try scope.get("/workflows/:workflowId/executions") { request, reply in
            let limit = try Self.limit(request.query.values(for: "limit"))
            let id = request.parameter("workflowId")
            guard try await store.workflowExists(id: id) else { throw APIErrors.notFound("workflow", id: id) }
            reply.send(json: try await store.listExecutionReplies(workflowId: id, limit: limit))
        }
        try scope.get("/executions/:id") { request, reply in
            let id = request.parameter("id")
            reply.send(json: try APIErrors.found(try await store.executionReply(id: id), "execution", id: id))
        }
        try scope.post("/executions/:id/cancel") { request, reply in
            let id = request.parameter("id")
            reply.send(json: try APIErrors.found(try await engine.cancel(executionId: id), "execution", id: id))
        }
    }

    /// The `limit` query values: none → 50, else exactly one integer 1–100. A repeated `limit`
    /// (`?limit=5&limit=x`) is refused, as Fastify's schema check refuses the array it parses to.
    static func limit(_ texts: [String]) throws(ValidationError) -> Int {
        guard let text = texts.first else { return defaultLimit }
        guard texts.count == 1, let value = Int(text), (1...maximumLimit).contains(value) else {
            throw ValidationError(field: "querystring/limit", problem: "must be an integer from 1 to \(maximumLimit)")
        }
        return value
    }
}
