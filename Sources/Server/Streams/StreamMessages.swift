import Kernel

/// The JSON messages of the execution streams (seed §Message Format), ready for the WebSocket
/// routes `/api/v1/workflows/:executionId/stream` and `/api/v1/workflows/workflow/:workflowId/stream`.
///
/// Every key is always written; absent values are `null`. Timestamps are ISO 8601 UTC with
/// milliseconds. ``StreamMessage/text(_:)`` gives the frame text.
///
/// ```swift
/// let frame = try StreamMessage.text(ConnectedMessage(executionId: id))
/// // {"type":"connected","executionId":"…","timestamp":"2025-12-04T10:11:12.345Z"}
/// ```
public enum StreamMessage {
    /// The most executions a `workflow-updates` message lists.
    public static let workflowExecutionLimit = 10

    /// The compact JSON text of `message`, for a WebSocket text frame.
    public static func text(_ message: some Encodable) throws -> String {
        String(decoding: try JSONCoding.encode(message), as: UTF8.self)
    }
}

/// `{"type":"connected","executionId","timestamp"}`: the first message on an execution stream.
public struct ConnectedMessage: Encodable, Sendable, Equatable {
    /// Always `connected`.
    public let type = "connected"
    /// The execution being streamed.
    public var executionId: String
    /// When the connection was accepted.
    public var timestamp: Timestamp

    /// A confirmation for `executionId`, stamped now unless given.
    public init(executionId: String, timestamp: Timestamp = .now()) {
        self.executionId = executionId
        self.timestamp = timestamp
    }

    private enum CodingKeys: String, CodingKey { case type, executionId, timestamp }
}

/// `{"type":"execution-update","executionId","status","progress","currentStep","stepsExecuted",
/// "totalSteps","result","error","timestamp"}`: one saved state of an execution.
public struct ExecutionUpdateMessage: Encodable, Sendable, Equatable {
    /// Always `execution-update`.
    public let type = "execution-update"
    /// The saved state the message reports.
    public var execution: Execution
    /// When the message was made.
    public var timestamp: Timestamp

    /// The message for `execution`, stamped now unless given.
    public init(_ execution: Execution, timestamp: Timestamp = .now()) {
        self.execution = execution
        self.timestamp = timestamp
    }

    /// Writes every key, `null` for absent values.
    public func encode(to encoder: any Encoder) throws {
        var container = encoder.container(keyedBy: ExecutionField.self)
        try Self.encodeFields(of: execution, result: execution.result, into: &container)
        try container.encode(timestamp, forKey: .timestamp)
    }

    /// Every key but the last, `timestamp`, with `result` given apart (shared with ``EncodedExecutionUpdate``,
    /// which may pass the stored text); a nil `result` is written `null`.
    static func encodeFields(
        of execution: Execution, result: (some Encodable)?, into container: inout KeyedEncodingContainer<ExecutionField>
    ) throws {
        try container.encode("execution-update", forKey: .type)
        try container.encode(execution.id, forKey: .executionId)
        try execution.encodeProgress(into: &container)
        try container.encode(result, forKey: .result)
        try container.encode(execution.error, forKey: .error)
    }
}

/// `{"type":"workflow-updates","workflowId","executions":[…],"timestamp"}`: the latest executions
/// of a workflow, newest first, at most ``StreamMessage/workflowExecutionLimit``.
public struct WorkflowUpdatesMessage: Encodable, Sendable, Equatable {
    /// One execution's progress in a `workflow-updates` message.
    public struct Summary: Encodable, Sendable, Equatable {
        /// The execution summarized.
        public var execution: Execution

        /// The summary of `execution`.
        public init(_ execution: Execution) { self.execution = execution }

        /// Writes `id` and the progress fields, `null` for no current step.
        public func encode(to encoder: any Encoder) throws {
            var container = encoder.container(keyedBy: ExecutionField.self)
            try container.encode(execution.id, forKey: .id)
            try execution.encodeProgress(into: &container)
        }
    }

    /// Always `workflow-updates`.
    public let type = "workflow-updates"
    /// The workflow.
    public var workflowId: String
    /// Its most recent executions, newest first.
    public var executions: [Summary]
    /// When the message was made.
    public var timestamp: Timestamp

    /// The message for `workflowId`: `executions` sorted newest first (by `createdAt`, the given
    /// order breaking ties) and cut to the limit.
    public init(workflowId: String, executions: [Execution], timestamp: Timestamp = .now()) {
        self.workflowId = workflowId
        let newestFirst = executions.enumerated().sorted { left, right in
            left.element.createdAt != right.element.createdAt
                ? left.element.createdAt > right.element.createdAt : left.offset < right.offset
        }
        self.executions = newestFirst.prefix(StreamMessage.workflowExecutionLimit).map { Summary($0.element) }
        self.timestamp = timestamp
    }

    private enum CodingKeys: String, CodingKey { case type, workflowId, executions, timestamp }
}

/// `{"type":"error","code","message","executionId"|"workflowId","timestamp"}`: why a stream cannot be served.
public struct StreamErrorMessage: Encodable, Sendable, Equatable {
    /// What the error is about.
    public enum Subject: Sendable, Equatable {
        /// An execution id.
        case execution(String)
        /// A workflow id.
        case workflow(String)
    }

    /// Always `error`.
    public let type = "error"
    /// A stable code, e.g. `EXECUTION_NOT_FOUND`.
    public var code: String
    /// A readable explanation.
    public var message: String
    /// The id the client asked for.
    public var subject: Subject
    /// When the message was made.
    public var timestamp: Timestamp

    /// An error message.
    public init(code: String, message: String, subject: Subject, timestamp: Timestamp = .now()) {
        self.code = code
        self.message = message
        self.subject = subject
        self.timestamp = timestamp
    }

    /// No execution has this id.
    public static func executionNotFound(_ id: String, timestamp: Timestamp = .now()) -> Self {
        Self(code: "EXECUTION_NOT_FOUND", message: "Execution '\(id)' not found", subject: .execution(id), timestamp: timestamp)
    }

    /// No workflow has this id.
    public static func workflowNotFound(_ id: String, timestamp: Timestamp = .now()) -> Self {
        Self(code: "WORKFLOW_NOT_FOUND", message: "Workflow '\(id)' not found", subject: .workflow(id), timestamp: timestamp)
    }

    private enum CodingKeys: String, CodingKey { case type, code, message, executionId, workflowId, timestamp }

    /// Writes `executionId` or `workflowId` depending on the subject.
    public func encode(to encoder: any Encoder) throws {
        var container = encoder.container(keyedBy: CodingKeys.self)
        try container.encode(type, forKey: .type)
        try container.encode(code, forKey: .code)
        try container.encode(message, forKey: .message)
        switch subject {
        case .execution(let id): try container.encode(id, forKey: .executionId)
        case .workflow(let id): try container.encode(id, forKey: .workflowId)
        }
        try container.encode(timestamp, forKey: .timestamp)
    }
}
