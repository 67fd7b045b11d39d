import Kernel

extension Store {
    private static let executionColumns = """
        id, workflow_id, status, progress, current_step, steps_executed, total_steps,
        result, error, input, created_at, started_at, finished_at
        """

    /// Creates a `pending` execution of `workflowId`, with `totalSteps` taken from the workflow.
    ///
    /// - Throws: ``StoreError/notFound(_:id:)`` when the workflow does not exist.
    public func createExecution(workflowId: String, input: JSONValue? = nil) throws -> Execution {
        let db = try database()
        return try db.transaction(.immediate) {
            guard let workflow = try workflow(id: workflowId) else {
                throw StoreError.notFound("workflow", id: workflowId)
            }
            let execution = Execution(workflowId: workflowId, totalSteps: workflow.steps.count, input: input)
            return try insertExecution(execution)
        }
    }

    /// Inserts `execution` exactly as given and returns it.
    public func insertExecution(_ execution: Execution) throws -> Execution {
        try Self.validateStored(execution)
        do {
            try database().run(
                "INSERT INTO executions (\(Self.executionColumns)) VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?)",
                try Self.insertValues(execution))
        } catch let error as SQLiteError where error.isForeignKeyViolation {
            throw StoreError.notFound("workflow", id: execution.workflowId)
        }
        return execution
    }

    /// The execution with `id`, or nil.
    public func execution(id: String) throws -> Execution? {
        try database().query(
            "SELECT \(Self.executionColumns) FROM executions WHERE id = ?", [.text(id)],
            row: Self.execution(from:)
        ).first
    }

    /// The execution with `id` as a reply sends it (documents as stored text, not parsed), or nil.
    public func executionReply(id: String) throws -> ExecutionReply? {
        try database().query(
            "SELECT \(Self.executionColumns) FROM executions WHERE id = ?", [.text(id)],
            row: Self.executionReply(from:)
        ).first
    }

    /// Executions of one workflow, newest first, at most `limit` of them.
    public func listExecutions(workflowId: String, limit: Int = 50) throws -> [Execution] {
        try newest(of: workflowId, limit: limit, columns: Self.executionColumns, row: Self.execution(from:))
    }

    /// ``listExecutions(workflowId:limit:)`` as a reply sends it: documents as stored text, not parsed.
    public func listExecutionReplies(workflowId: String, limit: Int = 50) throws -> [ExecutionReply] {
        try newest(of: workflowId, limit: limit, columns: Self.executionColumns, row: Self.executionReply(from:))
    }

    /// The newest executions of one workflow, as ``listExecutions(workflowId:limit:)`` orders them, without
    /// their documents: `result`, `error` and `input` are nil. A `workflow-updates` summary sends only progress,
    /// and every subscriber reads one on every change, so documents of up to a body's size each are neither
    /// loaded nor parsed for it.
    public func listExecutionSummaries(workflowId: String, limit: Int) throws -> [Execution] {
        let columns = """
            id, workflow_id, status, progress, current_step, steps_executed, total_steps,
            NULL, NULL, NULL, created_at, started_at, finished_at
            """
        return try newest(of: workflowId, limit: limit, columns: columns, row: Self.execution(from:))
    }

    /// `columns` of the newest `limit` executions of `workflowId`, newest first (insertion order breaking ties).
    private func newest<Row>(
        of workflowId: String, limit: Int, columns: String, row: (SQLiteStatement) throws -> Row
    ) throws -> [Row] {
        try database().query(
            """
            SELECT \(columns) FROM executions WHERE workflow_id = ?
             ORDER BY created_at DESC, rowid DESC LIMIT ?
            """,
            [.text(workflowId), .integer(Int64(max(0, limit)))], row: row)
    }

    /// Saves the progress fields of `execution`: status, progress, currentStep, stepsExecuted,
    /// totalSteps, result, error, startedAt, finishedAt. (`workflowId`, `input` and
    /// `createdAt` never change.)
    ///
    /// - Throws: ``ValidationError`` for out-of-range values, ``StoreError/notFound(_:id:)``.
    public func updateExecution(_ execution: Execution) throws {
        try Self.validateStored(execution)
        let changed = try database().run(
            """
            UPDATE executions
               SET status = ?, progress = ?, current_step = ?, steps_executed = ?, total_steps = ?,
                   result = ?, error = ?, started_at = ?, finished_at = ?
             WHERE id = ?
            """,
            try Self.updateValues(execution))
        guard changed > 0 else { throw StoreError.notFound("execution", id: execution.id) }
    }

    private static func validateStored(_ execution: Execution) throws {
        try execution.validate()
        if let result = execution.result, result != .null, result.object == nil {
            throw ValidationError(field: "result", problem: "must be an object or null")
        }
    }

    /// Values for the INSERT, in ``executionColumns`` order.
    private static func insertValues(_ execution: Execution) throws -> [SQLiteValue] {
        var values: [SQLiteValue] = [.text(execution.id), .text(execution.workflowId)]
        values.append(contentsOf: try mutableValues(execution))
        values.append(.optionalText(try jsonText(execution.input, field: "input")))
        values.append(.integer(execution.createdAt.millisecondsSinceEpoch))
        values.append(contentsOf: timeValues(execution))
        return values
    }

    /// Values for the UPDATE: mutable fields, times, then the id.
    private static func updateValues(_ execution: Execution) throws -> [SQLiteValue] {
        var values: [SQLiteValue] = try mutableValues(execution)
        values.append(contentsOf: timeValues(execution))
        values.append(.text(execution.id))
        return values
    }

    /// JSON text for a column, with both nil and JSON `null` stored as SQL NULL.
    private static func jsonText(_ value: JSONValue?, field: String) throws -> String? {
        guard let value, value != .null else { return nil }
        return try value.storedText(field: field)
    }

    /// status, progress, current_step, steps_executed, total_steps, result, error.
    private static func mutableValues(_ execution: Execution) throws -> [SQLiteValue] {
        [
            .text(execution.status.rawValue), .integer(Int64(execution.progress)),
            .optionalText(execution.currentStep), .integer(Int64(execution.stepsExecuted)),
            .integer(Int64(execution.totalSteps)), .optionalText(try jsonText(execution.result, field: "result")),
            .optionalText(execution.error),
        ]
    }

    /// started_at, finished_at.
    private static func timeValues(_ execution: Execution) -> [SQLiteValue] {
        [
            .optionalInteger(execution.startedAt?.millisecondsSinceEpoch),
            .optionalInteger(execution.finishedAt?.millisecondsSinceEpoch),
        ]
    }

    private static func execution(from row: SQLiteStatement) throws -> Execution {
        try execution(from: row, parsingDocuments: true)
    }

    /// A row as a reply: the documents' text is copied as written by ``JSONValue/storedText(field:)``.
    private static func executionReply(from row: SQLiteStatement) throws -> ExecutionReply {
        ExecutionReply(
            try execution(from: row, parsingDocuments: false),
            result: row.blob(at: 7).map(JSONFragment.init(trusted:)), input: row.blob(at: 9).map(JSONFragment.init(trusted:)))
    }

    /// A row as an execution; its `result` and `input` stay nil unless `parsingDocuments`.
    private static func execution(from row: SQLiteStatement, parsingDocuments: Bool) throws -> Execution {
        let id = row.string(at: 0) ?? ""
        guard let status = row.string(at: 2).flatMap(ExecutionStatus.init(rawValue:)) else {
            throw StoreError.corruptData("execution \(id) status")
        }
        func json(_ column: Int32, _ name: String) throws -> JSONValue? {
            guard parsingDocuments, let text = row.string(at: column) else { return nil }
            do { return try JSONValue.parseStored(text) } catch {
                throw StoreError.corruptData("execution \(id) \(name): \(error)")
            }
        }
        return Execution(
            id: id,
            workflowId: row.string(at: 1) ?? "",
            status: status,
            progress: Int(row.int64(at: 3)),
            currentStep: row.string(at: 4),
            stepsExecuted: Int(row.int64(at: 5)),
            totalSteps: Int(row.int64(at: 6)),
            result: try json(7, "result"),
            error: row.string(at: 8),
            input: try json(9, "input"),
            createdAt: Timestamp(millisecondsSinceEpoch: row.int64(at: 10)),
            startedAt: row.optionalInt64(at: 11).map(Timestamp.init(millisecondsSinceEpoch:)),
            finishedAt: row.optionalInt64(at: 12).map(Timestamp.init(millisecondsSinceEpoch:)))
    }
}
