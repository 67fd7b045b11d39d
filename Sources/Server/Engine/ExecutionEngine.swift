import Kernel
import Synchronization

/// Runs workflow executions: one `Task` per execution, steps in order, every change saved to the
/// ``Store`` and only then published on ``ExecutionEvents``.
///
/// At most ``runLimit`` executions run at once; past it, ``start(workflowId:input:)`` refuses with
/// ``EngineError/atCapacity(_:)`` before saving anything. Active runs of one workflow share one parsed
/// copy of its steps (``SharedSteps``).
///
/// ```swift
/// let engine = ExecutionEngine(store: store, events: events)
/// let execution = try await engine.start(workflowId: workflow.id)   // pending, saved
/// let cancelled = try await engine.cancel(executionId: execution.id)
/// await engine.shutdown()   // running executions end as failed/"interrupted"
/// ```
public final class ExecutionEngine: Sendable {
    /// Waits for a `delay` step; must throw `CancellationError` when its task is cancelled.
    public typealias Sleep = @Sendable (Duration) async throws -> Void

    /// Why a run was stopped from outside.
    enum StopReason: Sendable {
        case cancelled
        case shutdown
    }

    /// One execution running in this process.
    private struct ActiveRun {
        let task: Task<Void, Never>
        let workflowId: String
    }

    private struct Runs {
        var active: [String: ActiveRun] = [:]
        var stopReasons: [String: StopReason] = [:]
        var sharedSteps = SharedSteps()
        /// Slots held by starts between their capacity check and their launch.
        var reserved = 0
        var isShutDown = false
    }

    /// The default ``runLimit``.
    public static let defaultRunLimit = 10_000

    /// Where executions are saved.
    public let store: Store
    /// Where saved changes are announced.
    public let events: ExecutionEvents
    let sleep: Sleep
    /// The most executions that run at once.
    public let runLimit: Int
    let logger: Logger
    private let runs = Lock(Runs())

    /// An engine over `store` and `events` running at most `runLimit` executions at once; `sleep` is
    /// `Task.sleep` unless a test speeds it up.
    public init(
        store: Store, events: ExecutionEvents, runLimit: Int = ExecutionEngine.defaultRunLimit, logger: Logger = .discarding,
        sleep: @escaping Sleep = ExecutionEngine.realSleep
    ) {
        self.store = store
        self.events = events
        self.runLimit = max(1, runLimit)
        self.logger = logger
        self.sleep = sleep
    }

    /// `Task.sleep(for:)` on the continuous clock.
    public static let realSleep: Sleep = { duration in try await Task.sleep(for: duration) }

    /// Creates a `pending` execution of `workflowId`, saves it, and starts running it in its own task.
    ///
    /// - Returns: the execution as saved (still `pending`), or `nil` when the workflow does not exist.
    /// - Throws: ``EngineError`` once the engine is shut down or ``runLimit`` executions are running, and store errors.
    public func start(workflowId: String, input: JSONValue? = nil) async throws -> Execution? {
        if let refusal = reserveRun() {
            // A workflow that does not exist is reported as such (404), even when no slot is free.
            if refusal != .shutDown, try await !store.workflowExists(id: workflowId) { return nil }
            throw refusal
        }
        var reserved = true
        defer { if reserved { runs.withLock { $0.reserved -= 1 } } }
        // The stored text, not the parsed workflow: when this workflow's active runs hold steps parsed from the
        // same text, the start costs no parse at all.
        guard let stored = try await store.workflowReply(id: workflowId) else { return nil }
        let steps = try await steps(of: stored)
        let created: Execution
        do {
            created = try await store.insertExecution(Execution(workflowId: workflowId, totalSteps: steps.count, input: input))
        } catch let error as StoreError where error.isNotFound {
            return nil
        }
        // The run never reads or saves `input` (only the REST reads return it, from the store), so it does not
        // keep its parsed copy, up to about 19 times the body's size, for as long as a `delay` lasts.
        var running = created
        running.input = nil
        let launched = runs.withLock { runs -> Bool in
            runs.reserved -= 1
            reserved = false
            guard !runs.isShutDown else { return false }
            let shared = runs.sharedSteps.adopt(steps, parsedFrom: stored.steps.bytes, of: workflowId)
            let machine = ExecutionStateMachine(execution: running, steps: shared)
            // Created under the lock, so the task's own removal cannot run before this insertion.
            runs.active[created.id] = ActiveRun(task: Task { await self.run(machine) }, workflowId: workflowId)
            return true
        }
        guard launched else {
            try await interruptWithoutTask(created)
            throw EngineError.shutDown
        }
        return created
    }

    /// Cancels a `pending` or `running` execution and waits until the cancellation is saved.
    ///
    /// A `delay` in progress ends at once. An execution that already finished is returned as it is.
    /// - Returns: the execution as saved afterwards, or `nil` when there is no such execution.
    public func cancel(executionId: String) async throws -> Execution? {
        let task = runs.withLock { runs -> Task<Void, Never>? in
            guard let task = runs.active[executionId]?.task else { return nil }
            runs.stopReasons[executionId] = .cancelled
            return task
        }
        if let task {
            task.cancel()
            await task.value
            return try await store.execution(id: executionId)
        }
        guard let current = try await store.execution(id: executionId) else { return nil }
        guard !current.status.isTerminal else { return current }
        // Not run by this process (e.g. left pending by a crash and not yet recovered): cancel the record.
        var machine = ExecutionStateMachine(execution: current, steps: [])
        try machine.cancel(at: .now())
        try await save(machine.execution)
        return machine.execution
    }

    /// Stops the runs of `workflowIds`, just deleted (with their project, or alone) and their executions with
    /// them, without waiting: a run inside a `delay` would otherwise hold its slot and memory and keep its
    /// streams open until the delay ends. Each ends at once; its streams end and report the execution missing
    /// (4404). No store call: the engine knows each run's workflow.
    public func stopRuns(ofWorkflows workflowIds: Set<String>) {
        guard !workflowIds.isEmpty else { return }
        let tasks = runs.withLock { runs -> [Task<Void, Never>] in
            var stopped: [Task<Void, Never>] = []
            for (id, run) in runs.active where workflowIds.contains(run.workflowId) {
                runs.stopReasons[id] = .cancelled
                stopped.append(run.task)
            }
            return stopped
        }
        for task in tasks { task.cancel() }
    }

    /// Stops every run: each ends as `failed` with error `interrupted` (saved and published), then
    /// every event stream ends. Later ``start(workflowId:input:)`` calls throw. Idempotent.
    public func shutdown() async {
        let tasks = runs.withLock { runs -> [Task<Void, Never>] in
            runs.isShutDown = true
            for id in runs.active.keys { runs.stopReasons[id] = .shutdown }
            return runs.active.values.map(\.task)
        }
        for task in tasks { task.cancel() }
        for task in tasks { await task.value }
        events.shutdown()
    }

    /// The number of executions running in this process.
    public var activeCount: Int { runs.withLock { $0.active.count } }

    /// The number of workflows whose active runs share their steps (for tests and diagnostics).
    var sharedWorkflowCount: Int { runs.withLock { $0.sharedSteps.workflowCount } }

    /// Waits until the run of `executionId` in this process has ended (returns at once if there is none).
    public func waitUntilFinished(executionId: String) async {
        let task = runs.withLock { $0.active[executionId]?.task }
        await task?.value
    }

    /// Saves `execution`, then publishes it: subscribers only ever see saved states.
    func save(_ execution: Execution) async throws {
        try await store.updateExecution(execution)
        events.publish(execution)
    }

    /// Why the run of `executionId` was stopped, if it was, and forgets the run.
    func endRun(_ executionId: String) -> StopReason? {
        runs.withLock { runs in
            if let run = runs.active.removeValue(forKey: executionId) { runs.sharedSteps.release(run.workflowId) }
            return runs.stopReasons.removeValue(forKey: executionId)
        }
    }

    /// Why the run of `executionId` is being stopped, if it is.
    func stopReason(_ executionId: String) -> StopReason? {
        runs.withLock { $0.stopReasons[executionId] }
    }

    /// The steps of a stored workflow: the copy its active runs share when parsed from the same text (compared
    /// outside the lock), else parsed on the global pool, off the event loops and the store's thread.
    private func steps(of stored: WorkflowReply) async throws -> [WorkflowStep] {
        let id = stored.workflow.id, text = stored.steps.bytes
        let current = runs.withLock { $0.sharedSteps.current(of: id) }
        if let current, current.text == text { return current.steps }
        return try await Task.detached { try Store.steps(fromStored: text, workflowId: id) }.value
    }

    /// Takes a run slot for a start; returns why there is none instead, if so.
    private func reserveRun() -> EngineError? {
        runs.withLock { runs in
            guard !runs.isShutDown else { return .shutDown }
            guard runs.active.count + runs.reserved < runLimit else { return .atCapacity(runLimit) }
            runs.reserved += 1
            return nil
        }
    }

    private func interruptWithoutTask(_ execution: Execution) async throws {
        var machine = ExecutionStateMachine(execution: execution, steps: [])
        try machine.interrupt(at: .now())
        try await save(machine.execution)
    }
}

/// Why the engine refused to start an execution.
public struct EngineError: Error, Equatable, CustomStringConvertible {
    enum Kind: Equatable {
        case shutDown
        case atCapacity(Int)
    }

    let kind: Kind

    /// The engine is shutting down and accepts no new executions.
    public static let shutDown = EngineError(kind: .shutDown)

    /// `limit` executions are running already, the most the engine runs at once.
    public static func atCapacity(_ limit: Int) -> EngineError { EngineError(kind: .atCapacity(limit)) }

    /// A readable summary.
    public var description: String {
        switch kind {
        case .shutDown: "the execution engine is shut down"
        case .atCapacity(let limit): "\(limit) executions are running, the most this server runs at once; try again later"
        }
    }
}
