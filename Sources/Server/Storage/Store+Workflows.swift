import Kernel

extension Store {
    private static let workflowColumns = "id, project_id, name, steps, created_at, updated_at"

    /// Inserts a new workflow after validating its steps.
    ///
    /// - Throws: ``ValidationError`` for bad steps (e.g. `steps[1].config.ms must be an integer`),
    ///   ``StoreError/notFound(_:id:)`` when the project does not exist.
    public func createWorkflow(projectId: String, name: String, steps: [WorkflowStep]) throws -> Workflow {
        try createWorkflow(Workflow(projectId: projectId, name: name, steps: steps))
    }

    /// Inserts `workflow` as given (id and timestamps included) and returns it.
    public func createWorkflow(_ workflow: Workflow) throws -> Workflow {
        try workflow.validate()
        do {
            try database().run(
                "INSERT INTO workflows (\(Self.workflowColumns)) VALUES (?, ?, ?, ?, ?, ?)",
                [
                    .text(workflow.id), .text(workflow.projectId), .text(workflow.name),
                    .text(try Self.stepsText(workflow.steps)),
                    .integer(workflow.createdAt.millisecondsSinceEpoch),
                    .integer(workflow.updatedAt.millisecondsSinceEpoch),
                ])
        } catch let error as SQLiteError where error.isForeignKeyViolation {
            throw StoreError.notFound("project", id: workflow.projectId)
        }
        return workflow
    }

    /// The workflow with `id`, or nil.
    public func workflow(id: String) throws -> Workflow? {
        try database().query(
            "SELECT \(Self.workflowColumns) FROM workflows WHERE id = ?", [.text(id)],
            row: Self.workflow(from:)
        ).first
    }

    /// The workflow with `id` as a reply sends it (steps as stored text, not parsed), or nil.
    public func workflowReply(id: String) throws -> WorkflowReply? {
        try database().query(
            "SELECT \(Self.workflowColumns) FROM workflows WHERE id = ?", [.text(id)],
            row: Self.workflowReply(from:)
        ).first
    }

    /// Whether the workflow `id` exists, without reading its steps.
    public func workflowExists(id: String) throws -> Bool {
        try !database().query("SELECT 1 FROM workflows WHERE id = ?", [.text(id)], row: { _ in true }).isEmpty
    }

    /// The workflows of one project, oldest first.
    public func listWorkflows(projectId: String) throws -> [Workflow] {
        try database().query(Self.listSQL, [.text(projectId)], row: Self.workflow(from:))
    }

    /// ``listWorkflows(projectId:)`` as a reply sends it: steps as stored text, not parsed.
    public func listWorkflowReplies(projectId: String) throws -> [WorkflowReply] {
        try database().query(Self.listSQL, [.text(projectId)], row: Self.workflowReply(from:))
    }

    private static let listSQL = "SELECT \(workflowColumns) FROM workflows WHERE project_id = ? ORDER BY created_at, rowid"

    /// Saves `workflow.name` and `workflow.steps` (validated), stamping `updatedAt` with now.
    ///
    /// - Returns: the stored workflow, or nil when no workflow has that id.
    public func updateWorkflow(_ workflow: Workflow) throws -> Workflow? {
        try workflow.validate()
        let now = Timestamp.now()
        let changed = try database().run(
            "UPDATE workflows SET name = ?, steps = ?, updated_at = ? WHERE id = ?",
            [
                .text(workflow.name), .text(try Self.stepsText(workflow.steps)),
                .integer(now.millisecondsSinceEpoch), .text(workflow.id),
            ])
        return changed == 0 ? nil : try self.workflow(id: workflow.id)
    }

    /// Deletes the workflow and, by cascade, its executions. Returns false if it did not exist.
    @discardableResult
    public func deleteWorkflow(id: String) throws -> Bool {
        try database().run("DELETE FROM workflows WHERE id = ?", [.text(id)]) > 0
    }

    static func stepsText(_ steps: [WorkflowStep]) throws -> String {
        try JSONValue.array(steps.map(\.jsonValue)).storedText(field: "steps")
    }

    /// Parses and validates a workflow's stored steps text.
    ///
    /// - Throws: ``StoreError/corruptData(_:)`` naming the workflow when the text is not a valid steps array.
    static func steps(fromStored text: [UInt8], workflowId: String) throws -> [WorkflowStep] {
        do {
            return try WorkflowStep.list(fromJSON: try JSONValue(parsing: text))
        } catch {
            throw StoreError.corruptData("workflow \(workflowId) steps: \(error)")
        }
    }

    private static func workflow(from row: SQLiteStatement) throws -> Workflow {
        let id = row.string(at: 0) ?? ""
        return workflow(from: row, steps: try steps(fromStored: row.blob(at: 3) ?? [], workflowId: id))
    }

    /// A row as a reply: the steps' text is copied as written by ``stepsText(_:)``.
    private static func workflowReply(from row: SQLiteStatement) -> WorkflowReply {
        WorkflowReply(workflow(from: row, steps: []), steps: JSONFragment(trusted: row.blob(at: 3) ?? Array("[]".utf8)))
    }

    private static func workflow(from row: SQLiteStatement, steps: [WorkflowStep]) -> Workflow {
        Workflow(
            id: row.string(at: 0) ?? "",
            projectId: row.string(at: 1) ?? "",
            name: row.string(at: 2) ?? "",
            steps: steps,
            createdAt: Timestamp(millisecondsSinceEpoch: row.int64(at: 4)),
            updatedAt: Timestamp(millisecondsSinceEpoch: row.int64(at: 5)))
    }
}
