import Kernel

/// One run of a workflow and its progress.
///
/// JSON keys: `id, workflowId, status, progress, currentStep, stepsExecuted, totalSteps,
/// result, error, input, createdAt, startedAt, finishedAt`; absent optionals are written
/// as `null` so clients always see every key.
///
/// ```swift
/// var execution = Execution(workflowId: workflow.id, totalSteps: workflow.steps.count)
/// execution.status = .running
/// execution.startedAt = .now()
/// ```
public struct Execution: Sendable, Equatable, Codable {
    /// The error text given to executions found `pending`/`running` after a restart.
    public static let interruptedError = "interrupted"

    /// UUID-v4-shaped identifier.
    public var id: String
    /// The workflow being run; deleting the workflow deletes the execution.
    public var workflowId: String
    /// Lifecycle state.
    public var status: ExecutionStatus
    /// Percentage complete, 0 through 100.
    public var progress: Int
    /// Label (id or name) of the step being run, or nil.
    public var currentStep: String?
    /// Number of steps finished so far.
    public var stepsExecuted: Int
    /// Number of steps in the workflow when the execution was created.
    public var totalSteps: Int
    /// Final output object, or nil until completed.
    public var result: JSONValue?
    /// Failure reason, or nil.
    public var error: String?
    /// Caller-supplied input, or nil.
    public var input: JSONValue?
    /// When the execution was created.
    public var createdAt: Timestamp
    /// When it started running.
    public var startedAt: Timestamp?
    /// When it reached a terminal status.
    public var finishedAt: Timestamp?

    /// Creates a `pending` execution with zero progress.
    public init(
        id: String = Identifier.make(), workflowId: String, status: ExecutionStatus = .pending,
        progress: Int = 0, currentStep: String? = nil, stepsExecuted: Int = 0, totalSteps: Int,
        result: JSONValue? = nil, error: String? = nil, input: JSONValue? = nil,
        createdAt: Timestamp = .now(), startedAt: Timestamp? = nil, finishedAt: Timestamp? = nil
    ) {
        self.id = id
        self.workflowId = workflowId
        self.status = status
        self.progress = progress
        self.currentStep = currentStep
        self.stepsExecuted = stepsExecuted
        self.totalSteps = totalSteps
        self.result = result
        self.error = error
        self.input = input
        self.createdAt = createdAt
        self.startedAt = startedAt
        self.finishedAt = finishedAt
    }

    /// Checks the numeric invariants (`progress` 0–100, counters non-negative).
    public func validate() throws(ValidationError) {
        guard (0...100).contains(progress) else {
            throw ValidationError(field: "progress", problem: "must be between 0 and 100")
        }
        guard stepsExecuted >= 0 else {
            throw ValidationError(field: "stepsExecuted", problem: "must not be negative")
        }
        guard totalSteps >= 0 else {
            throw ValidationError(field: "totalSteps", problem: "must not be negative")
        }
    }

    /// Encodes every key, writing `null` for absent optionals.
    public func encode(to encoder: any Encoder) throws {
        try encode(to: encoder, result: result, input: input)
    }

    /// Encodes every key, with `result` and `input` given apart (``ExecutionReply`` passes the stored text).
    func encode(to encoder: any Encoder, result: some Encodable, input: some Encodable) throws {
        var container = encoder.container(keyedBy: ExecutionField.self)
        try container.encode(id, forKey: .id)
        try container.encode(workflowId, forKey: .workflowId)
        try encodeProgress(into: &container)
        try container.encode(result, forKey: .result)
        try container.encode(error, forKey: .error)
        try container.encode(input, forKey: .input)
        try container.encode(createdAt, forKey: .createdAt)
        try container.encode(startedAt, forKey: .startedAt)
        try container.encode(finishedAt, forKey: .finishedAt)
    }

    /// Writes the progress fields every execution JSON shares (REST body, `execution-update`,
    /// `workflow-updates` summaries): status, progress, currentStep (`null` when none), stepsExecuted, totalSteps.
    func encodeProgress(into container: inout KeyedEncodingContainer<ExecutionField>) throws {
        try container.encode(status, forKey: .status)
        try container.encode(progress, forKey: .progress)
        try container.encode(currentStep, forKey: .currentStep)
        try container.encode(stepsExecuted, forKey: .stepsExecuted)
        try container.encode(totalSteps, forKey: .totalSteps)
    }
}

/// The JSON keys of an execution and of the stream messages built from one.
enum ExecutionField: String, CodingKey {
    case id, type, executionId, workflowId, status, progress, currentStep, stepsExecuted, totalSteps
    case result, error, input, createdAt, startedAt, finishedAt, timestamp
}
