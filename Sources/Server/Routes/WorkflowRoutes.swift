import Kernel

/// Workflows: `/projects/:projectId/workflows` and `/workflows/:workflowId`, inside `/api/v1`.
///
/// | route | answer |
/// |---|---|
/// | `GET /projects/:projectId/workflows` | 200, the project's workflows, oldest first; 404 for an unknown project |
/// | `POST /projects/:projectId/workflows` `{"name","steps":[…]}` | 201 workflow, `Location` |
/// | `GET /workflows/:workflowId` | 200 workflow, or 404 |
/// | `PUT /workflows/:workflowId` `{"name","steps":[…]}` | 200 workflow (running executions keep their old steps) |
/// | `DELETE /workflows/:workflowId` | 204; its executions go too |
///
/// A step is `{"id"?, "name", "kind", "config"}` with kind `delay` `{"ms"}`, `set` `{"key","value"}` or
/// `fail` `{"message"}`; anything else is a 400 naming the step, e.g. `steps[1].kind must be one of: …`.
struct WorkflowRoutes: Plugin {
    /// `workflow-routes`.
    var name: String { "workflow-routes" }
    /// Where workflows live.
    let store: Store
    /// Stops the runs of what a delete removed.
    let engine: ExecutionEngine

    /// Adds the routes.
    func register(in scope: Scope) throws {
        let store = self.store, engine = self.engine
        let base = scope.prefix
        try scope.get("/projects/:projectId/workflows") { request, reply in
            let project = try await ProjectRoutes.project(request.parameter("projectId"), in: store)
            reply.send(json: try await store.listWorkflowReplies(projectId: project.id))
        }
        try scope.post("/projects/:projectId/workflows") { request, reply in
            let definition = try Definition(request)
            let project = try await ProjectRoutes.project(request.parameter("projectId"), in: store)
            let workflow = try await store.createWorkflow(projectId: project.id, name: definition.name, steps: definition.steps)
            reply.sendNew(workflow, at: "\(base)/workflows/\(workflow.id)")
        }
        try scope.get("/workflows/:workflowId") { request, reply in
            let id = request.parameter("workflowId")
            reply.send(json: try APIErrors.found(try await store.workflowReply(id: id), "workflow", id: id))
        }
        try scope.put("/workflows/:workflowId") { request, reply in
            let definition = try Definition(request)
            let id = request.parameter("workflowId")
            // The stored fields without parsing the old steps, which are replaced.
            var workflow = try APIErrors.found(try await store.workflowReply(id: id), "workflow", id: id).workflow
            workflow.name = definition.name
            workflow.steps = definition.steps
            reply.send(json: try APIErrors.found(try await store.updateWorkflow(workflow), "workflow", id: workflow.id))
        }
        try scope.delete("/workflows/:workflowId") { request, reply in
            let id = request.parameter("workflowId")
            try APIErrors.found(try await store.deleteWorkflow(id: id), "workflow", id: id)
            engine.stopRuns(ofWorkflows: [id])
            reply.sendNoContent()
        }
    }

    /// The body of `POST` and `PUT`: a name and validated steps.
    struct Definition {
        let name: String
        let steps: [WorkflowStep]

        init(_ request: Request) throws(ValidationError) {
            let body = try RequestInput(request, bodyRequired: true)
            name = try body.requiredString("name")
            guard let steps = body.members["steps"] else { throw ValidationError(field: "steps", problem: "is required") }
            self.steps = try WorkflowStep.list(fromJSON: steps)
            // Checked here, not in `WorkflowStep`, which also reads stored rows: a blank step name, or a label
            // of at most 256 Characters but more scalars, saved before these checks must still load rather than
            // turn its workflow into corrupt data.
            for (index, step) in self.steps.enumerated() {
                if RequestInput.isBlank(step.name) {
                    throw ValidationError(field: "steps[\(index)].name", problem: "must not be empty")
                }
                // Counted in Unicode scalars, not Characters: one Character can hold a base and 300 000
                // combining marks, which would carry a 600 KB label into every stream message.
                let limit = WorkflowStep.maxLabelLength
                for (field, text) in [("name", step.name), ("id", step.id ?? "")] where text.unicodeScalars.count > limit {
                    throw ValidationError(field: "steps[\(index)].\(field)", problem: "must be at most \(limit) characters")
                }
            }
        }
    }
}
