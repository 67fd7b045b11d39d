import Kernel
import Synchronization

/// The hub that fans execution changes out to live subscribers (the WebSocket stream routes).
///
/// The engine publishes every change right after the store has saved it, so whatever a
/// subscriber receives is already durable, with one exception: a final state the store failed
/// to save is published anyway, so that no stream waits for ever. A stream for one execution
/// ends after its final status (`completed`, `failed`, `cancelled`), or without one when the
/// execution was deleted (``finish(executionId:)``); a stream for a workflow lasts until the
/// subscriber stops iterating or the hub shuts down.
///
/// An execution's subscribers receive each state with its `execution-update` message already encoded
/// (``EncodedExecutionUpdate``), once for all of them.
///
/// Subscribe first, then read the current state from the store: no change can fall between
/// the two (a change may arrive twice, once in the snapshot and once on the stream).
///
/// ```swift
/// let updates = events.subscribe(executionId: id)
/// if let now = try await store.execution(id: id) { send(now) }
/// for await update in updates { send(update.execution) }
/// ```
public final class ExecutionEvents: Sendable {
    /// How many undelivered updates a slow subscriber may hold; older ones are dropped first,
    /// so the newest state (and the final one) always gets through.
    public static let bufferLimit = 256

    private struct Subscribers {
        var nextID = 0
        var byExecution: [String: [Int: AsyncStream<EncodedExecutionUpdate>.Continuation]] = [:]
        var byWorkflow: [String: [Int: AsyncStream<Execution>.Continuation]] = [:]
        var isShutDown = false
    }

    private enum Topic: Sendable {
        case execution(String)
        case workflow(String)
    }

    private let state = Lock(Subscribers())

    /// An empty hub.
    public init() {}

    /// Every change to the execution `executionId`, from now on, encoded; ends after its final status.
    public func subscribe(executionId: String) -> AsyncStream<EncodedExecutionUpdate> {
        subscribe(.execution(executionId)) { subscribers, id, continuation in
            subscribers.byExecution[executionId, default: [:]][id] = continuation
        }
    }

    /// Every change to any execution of `workflowId` (new ones included), from now on.
    public func subscribe(workflowId: String) -> AsyncStream<Execution> {
        subscribe(.workflow(workflowId)) { subscribers, id, continuation in
            subscribers.byWorkflow[workflowId, default: [:]][id] = continuation
        }
    }

    /// Delivers `execution` to its subscribers at once, encoding its update message once when the
    /// execution has any. Call only after the change is saved, or for a final state the store could not save.
    public func publish(_ execution: Execution) {
        let (forExecution, forWorkflow) = state.withLock { subscribers in
            let finished = execution.status.isTerminal
            let one = subscribers.byExecution[execution.id].map { Array($0.values) } ?? []
            if finished { subscribers.byExecution[execution.id] = nil }
            return (one, subscribers.byWorkflow[execution.workflowId].map { Array($0.values) } ?? [])
        }
        if !forExecution.isEmpty {
            let update = EncodedExecutionUpdate(execution)
            for continuation in forExecution {
                continuation.yield(update)
                if execution.status.isTerminal { continuation.finish() }
            }
        }
        for continuation in forWorkflow { continuation.yield(execution) }
    }

    /// Ends every stream of `executionId`, e.g. when its workflow was deleted mid-run.
    public func finish(executionId: String) {
        let ended = state.withLock { $0.byExecution.removeValue(forKey: executionId).map { Array($0.values) } ?? [] }
        for continuation in ended { continuation.finish() }
    }

    /// Ends every stream; later subscriptions end at once.
    public func shutdown() {
        let (executions, workflows) = state.withLock { subscribers in
            subscribers.isShutDown = true
            defer {
                subscribers.byExecution = [:]
                subscribers.byWorkflow = [:]
            }
            return (subscribers.byExecution.values.flatMap(\.values), subscribers.byWorkflow.values.flatMap(\.values))
        }
        for continuation in executions { continuation.finish() }
        for continuation in workflows { continuation.finish() }
    }

    /// The number of live subscriptions (for tests and diagnostics).
    public var subscriberCount: Int {
        state.withLock { $0.byExecution.values.reduce(0) { $0 + $1.count } + $0.byWorkflow.values.reduce(0) { $0 + $1.count } }
    }

    /// A new stream on `topic`, whose continuation `add` files under a fresh id.
    private func subscribe<Element: Sendable>(
        _ topic: Topic, _ add: (inout Subscribers, Int, AsyncStream<Element>.Continuation) -> Void
    ) -> AsyncStream<Element> {
        let (stream, continuation) = AsyncStream.makeStream(of: Element.self, bufferingPolicy: .bufferingNewest(Self.bufferLimit))
        let id: Int? = state.withLock { subscribers in
            guard !subscribers.isShutDown else { return nil }
            subscribers.nextID += 1
            add(&subscribers, subscribers.nextID, continuation)
            return subscribers.nextID
        }
        guard let id else {
            continuation.finish()
            return stream
        }
        continuation.onTermination = { [weak self] _ in self?.remove(id, from: topic) }
        return stream
    }

    private func remove(_ id: Int, from topic: Topic) {
        state.withLock { subscribers in
            switch topic {
            case .execution(let key):
                subscribers.byExecution[key]?[id] = nil
                if subscribers.byExecution[key]?.isEmpty == true { subscribers.byExecution[key] = nil }
            case .workflow(let key):
                subscribers.byWorkflow[key]?[id] = nil
                if subscribers.byWorkflow[key]?.isEmpty == true { subscribers.byWorkflow[key] = nil }
            }
        }
    }
}
