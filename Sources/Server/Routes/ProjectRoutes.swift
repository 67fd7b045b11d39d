import Kernel

/// Projects: `/projects` and `/projects/:id`, registered inside the `/api/v1` scope.
///
/// | route | answer |
/// |---|---|
/// | `GET /projects` | 200, every project, newest first |
/// | `POST /projects` `{"name","description"?}` | 201 project, `Location` |
/// | `GET /projects/:id` | 200 project, or 404 |
/// | `PATCH /projects/:id` `{"name"?,"description"?}` | 200 project; `description: null` clears it |
/// | `DELETE /projects/:id` | 204; its workflows and executions go too |
struct ProjectRoutes: Plugin {
    /// `project-routes`.
    var name: String { "project-routes" }
    /// Where projects live.
    let store: Store
    /// Stops the runs of what a delete removed.
    let engine: ExecutionEngine

    /// Adds the routes.
    func register(in scope: Scope) throws {
        let store = self.store, engine = self.engine
        let base = scope.prefix
        try scope.get("/projects") { _, reply in
            reply.send(json: try await store.listProjects())
        }
        try scope.post("/projects") { request, reply in
            let body = try RequestInput(request, bodyRequired: true)
            let name = try body.requiredString("name")
            let description = try body.optionalString("description") ?? nil
            let project = try await store.createProject(name: name, description: description)
            reply.sendNew(project, at: "\(base)/projects/\(project.id)")
        }
        try scope.get("/projects/:id") { request, reply in
            reply.send(json: try await Self.project(request.parameter("id"), in: store))
        }
        try scope.patch("/projects/:id") { request, reply in
            let body = try RequestInput(request, bodyRequired: true)
            let name = body.has("name") ? try body.requiredString("name") : nil
            let description = try body.optionalString("description")
            let id = request.parameter("id")
            // One store call reads and writes, so a concurrent PATCH of another field is kept.
            let project = try await store.updateProject(id: id, name: name, description: description)
            reply.send(json: try APIErrors.found(project, "project", id: id))
        }
        try scope.delete("/projects/:id") { request, reply in
            let id = request.parameter("id")
            let workflows = try APIErrors.found(try await store.deleteProjectListingWorkflows(id: id), "project", id: id)
            engine.stopRuns(ofWorkflows: Set(workflows))
            reply.sendNoContent()
        }
    }

    /// The project `id`, or a 404.
    static func project(_ id: String, in store: Store) async throws -> Project {
        try APIErrors.found(try await store.project(id: id), "project", id: id)
    }
}
