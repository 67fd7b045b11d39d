import Kernel

/// The legal moves of one execution, as pure value changes: no I/O, no clock.
///
/// ```
/// pending ──start──▶ running ──finishStep×n──▶ running ──complete──▶ completed
///    │                  ├──fail──▶ failed
///    └──cancel/interrupt┴──cancel──▶ cancelled     (interrupt ──▶ failed "interrupted")
/// ```
///
/// Progress is `stepsExecuted * 100 / totalSteps`, rounded down, and 100 once completed.
/// `stepsExecuted` counts steps that finished; a `fail` step does not. `currentStep` is the label
/// (id, else name) of the step being run; it is `nil` once completed and kept on failure or
/// cancellation, so clients see where the run stopped. `result` is set on completion only.
///
/// ```swift
/// var machine = ExecutionStateMachine(execution: pending, steps: workflow.steps)
/// try machine.start(at: .now())
/// machine.set("answer", 42)
/// try machine.finishStep(at: .now())
/// ```
struct ExecutionStateMachine: Sendable {
    /// The execution as it stands after the last transition.
    private(set) var execution: Execution
    /// The steps being run, as they were when the run started.
    let steps: [WorkflowStep]
    /// What `set` steps stored so far; becomes `result` on completion.
    private(set) var output = JSONObject()

    /// Wraps `execution`; `steps` are the workflow's steps at the time the run starts
    /// (`execution.totalSteps` is expected to be their count).
    init(execution: Execution, steps: [WorkflowStep]) {
        self.execution = execution
        self.steps = steps
    }

    /// The step to run next, or `nil` when every step has finished.
    var nextStep: WorkflowStep? {
        execution.stepsExecuted < steps.count ? steps[execution.stepsExecuted] : nil
    }

    /// `pending → running`: stamps `startedAt` and points `currentStep` at the first step.
    mutating func start(at time: Timestamp) throws(ExecutionTransitionError) {
        try require(.pending, for: "start")
        execution.status = .running
        execution.startedAt = time
        execution.currentStep = nextStep?.label
    }

    /// Records a `set` step's effect: `result[key] = value` once the run completes.
    mutating func set(_ key: String, _ value: JSONValue) { output[key] = value }

    /// Counts the current step as finished, updates `progress`, and moves `currentStep` on.
    /// After the last step the execution completes in the same move.
    mutating func finishStep(at time: Timestamp) throws(ExecutionTransitionError) {
        try require(.running, for: "finishStep")
        guard nextStep != nil else { throw ExecutionTransitionError(.noStepLeft) }
        execution.stepsExecuted += 1
        execution.progress = Self.percent(execution.stepsExecuted, of: steps.count)
        execution.currentStep = nextStep?.label
        if nextStep == nil { try complete(at: time) }
    }

    /// `running → completed` with `progress` 100 and the collected `result`.
    mutating func complete(at time: Timestamp) throws(ExecutionTransitionError) {
        try require(.running, for: "complete")
        guard nextStep == nil else { throw ExecutionTransitionError(.stepsLeft(steps.count - execution.stepsExecuted)) }
        execution.status = .completed
        execution.progress = 100
        execution.currentStep = nil
        execution.result = .object(output)
        execution.finishedAt = time
    }

    /// `running → failed` with `message` as the error; `currentStep` names the failing step.
    mutating func fail(_ message: String, at time: Timestamp) throws(ExecutionTransitionError) {
        try require(.running, for: "fail")
        execution.status = .failed
        execution.error = message
        execution.finishedAt = time
    }

    /// `pending | running → cancelled`.
    mutating func cancel(at time: Timestamp) throws(ExecutionTransitionError) {
        try requireActive(for: "cancel")
        execution.status = .cancelled
        execution.finishedAt = time
    }

    /// `pending | running → failed` with error `interrupted` (the server is shutting down).
    mutating func interrupt(at time: Timestamp) throws(ExecutionTransitionError) {
        try requireActive(for: "interrupt")
        execution.status = .failed
        execution.error = Execution.interruptedError
        execution.finishedAt = time
    }

    /// `done * 100 / total`, rounded down; 100 for an empty workflow.
    static func percent(_ done: Int, of total: Int) -> Int {
        total == 0 ? 100 : min(100, max(0, done * 100 / total))
    }

    private func require(_ status: ExecutionStatus, for move: String) throws(ExecutionTransitionError) {
        guard execution.status == status else { throw ExecutionTransitionError(.illegal(move, from: execution.status)) }
    }

    private func requireActive(for move: String) throws(ExecutionTransitionError) {
        guard !execution.status.isTerminal else { throw ExecutionTransitionError(.illegal(move, from: execution.status)) }
    }
}

/// A move the execution state machine refused.
///
/// ```swift
/// ExecutionTransitionError(.illegal("start", from: .completed)).description
/// // "cannot start an execution that is completed"
/// ```
struct ExecutionTransitionError: Error, Equatable, CustomStringConvertible {
    enum Kind: Equatable {
        /// The move is not allowed from this status.
        case illegal(String, from: ExecutionStatus)
        /// `finishStep` with every step already finished.
        case noStepLeft
        /// `complete` with steps still to run.
        case stepsLeft(Int)
    }

    let kind: Kind

    init(_ kind: Kind) { self.kind = kind }

    /// What was refused.
    var description: String {
        switch kind {
        case .illegal(let move, let status): "cannot \(move) an execution that is \(status.rawValue)"
        case .noStepLeft: "every step has already finished"
        case .stepsLeft(let count): "\(count) step(s) have not run yet"
        }
    }
}
