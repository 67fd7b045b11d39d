extension Store {
    private static let projectColumns = "id, name, description, created_at, updated_at"

    /// Inserts a new project named `name`.
    public func createProject(name: String, description: String? = nil) throws -> Project {
        try createProject(Project(name: name, description: description))
    }

    /// Inserts `project` as given (id and timestamps included) and returns it.
    public func createProject(_ project: Project) throws -> Project {
        guard !project.name.isEmpty else {
            throw ValidationError(field: "name", problem: "must not be empty")
        }
        try database().run(
            "INSERT INTO projects (\(Self.projectColumns)) VALUES (?, ?, ?, ?, ?)",
            [
                .text(project.id), .text(project.name), .optionalText(project.description),
                .integer(project.createdAt.millisecondsSinceEpoch),
                .integer(project.updatedAt.millisecondsSinceEpoch),
            ])
        return project
    }

    /// The project with `id`, or nil.
    public func project(id: String) throws -> Project? {
        try database().query(
            "SELECT \(Self.projectColumns) FROM projects WHERE id = ?", [.text(id)], row: Self.project(from:)
        ).first
    }

    /// All projects, newest first.
    public func listProjects() throws -> [Project] {
        try database().query(
            "SELECT \(Self.projectColumns) FROM projects ORDER BY created_at DESC, rowid DESC",
            row: Self.project(from:))
    }

    /// Saves `project.name` and `project.description`, stamping `updatedAt` with now.
    ///
    /// - Returns: the stored project, or nil when no project has that id.
    public func updateProject(_ project: Project) throws -> Project? {
        guard !project.name.isEmpty else {
            throw ValidationError(field: "name", problem: "must not be empty")
        }
        let now = Timestamp.now()
        let db = try database()
        let changed = try db.run(
            "UPDATE projects SET name = ?, description = ?, updated_at = ? WHERE id = ?",
            [.text(project.name), .optionalText(project.description), .integer(now.millisecondsSinceEpoch), .text(project.id)])
        return changed == 0 ? nil : try self.project(id: project.id)
    }

    /// Changes only the given fields of project `id`: a `nil` argument keeps the stored value, and
    /// `description: .some(nil)` clears it. Stamps `updatedAt` with now.
    ///
    /// The read and the write happen in this one call on the store's thread, so concurrent partial
    /// updates (e.g. two `PATCH`es) never write back each other's stale fields.
    /// - Returns: the stored project, or nil when no project has that id.
    public func updateProject(id: String, name: String? = nil, description: String?? = nil) throws -> Project? {
        guard var project = try project(id: id) else { return nil }
        if let name { project.name = name }
        if let description { project.description = description }
        return try updateProject(project)
    }

    /// Deletes the project and, by cascade, its workflows and their executions.
    ///
    /// - Returns: false when no project had that id.
    @discardableResult
    public func deleteProject(id: String) throws -> Bool {
        try deleteProjectListingWorkflows(id: id) != nil
    }

    /// Deletes the project like ``deleteProject(id:)`` and returns the ids of the workflows deleted with it
    /// (read in the same transaction), or nil when the project did not exist.
    public func deleteProjectListingWorkflows(id: String) throws -> [String]? {
        let db = try database()
        return try db.transaction(.immediate) {
            let workflows = try db.query("SELECT id FROM workflows WHERE project_id = ?", [.text(id)]) { $0.string(at: 0) ?? "" }
            return try db.run("DELETE FROM projects WHERE id = ?", [.text(id)]) > 0 ? workflows : nil
        }
    }

    private static func project(from row: SQLiteStatement) throws -> Project {
        Project(
            id: row.string(at: 0) ?? "",
            name: row.string(at: 1) ?? "",
            description: row.string(at: 2),
            createdAt: Timestamp(millisecondsSinceEpoch: row.int64(at: 3)),
            updatedAt: Timestamp(millisecondsSinceEpoch: row.int64(at: 4)))
    }
}
