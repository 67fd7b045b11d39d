/// Runs `operation` against a time limit: its result, or `nil` when `limit` passed first. The kernel's
/// `handlerTimeout` and the transport's `requestTimeout` both race this way.
///
/// At the deadline this returns at once: the operation is cancelled but not awaited, so one that ignores
/// cancellation (a blocking call, a continuation nobody resumes) cannot hold the reply or the connection.
/// A task group would wait for it. The operation runs in a task of its own, preferring `executor`
/// (the connection's event loop, so a handler runs where it would without a limit).
///
/// ```swift
/// let body = await withTimeLimit(.seconds(2)) { await fetchBody() }   // nil when it took longer
/// ```
func withTimeLimit<Value: Sendable>(
    _ limit: Duration, preferring executor: (any TaskExecutor)? = nil, _ operation: @escaping @Sendable () async -> Value
) async -> Value? {
    let race = TimeLimitRace<Value>()
    return await withTaskCancellationHandler {
        await withCheckedContinuation { (continuation: CheckedContinuation<Value?, Never>) in
            guard race.begin(continuation) else { return }
            let work = Task(executorPreference: executor) { race.finish(with: await operation()) }
            let timer = Task(executorPreference: executor) {
                try? await Task.sleep(for: limit)
                race.finish(with: nil)
            }
            race.track(work, timer)
        }
    } onCancel: {
        race.finish(with: nil)
    }
}

/// The state of one ``withTimeLimit(_:preferring:_:)`` race: the first result resumes the caller and cancels
/// both tasks; later results are dropped.
final class TimeLimitRace<Value: Sendable>: Sendable {
    private struct State {
        var continuation: CheckedContinuation<Value?, Never>?
        var finished = false
        var tasks: [Task<Void, Never>] = []
    }

    private let state = Lock(State())

    /// Installs the caller's continuation; `false` (having resumed it with `nil`) when the caller was cancelled first.
    func begin(_ continuation: CheckedContinuation<Value?, Never>) -> Bool {
        let cancelled = state.withLock { state in
            if state.finished { return true }
            state.continuation = continuation
            return false
        }
        if cancelled { continuation.resume(returning: nil) }
        return !cancelled
    }

    /// Keeps the two tasks to cancel when the race ends; cancels them now if it already has.
    func track(_ work: Task<Void, Never>, _ timer: Task<Void, Never>) {
        let ended = state.withLock { state in
            if !state.finished { state.tasks = [work, timer] }
            return state.finished
        }
        if ended {
            work.cancel()
            timer.cancel()
        }
    }

    /// Ends the race with `value` unless it has ended: resumes the caller, cancels both tasks.
    func finish(with value: Value?) {
        let winner: (CheckedContinuation<Value?, Never>?, [Task<Void, Never>])? = state.withLock { state in
            guard !state.finished else { return nil }
            state.finished = true
            defer { state.continuation = nil; state.tasks = [] }
            return (state.continuation, state.tasks)
        }
        guard let (continuation, tasks) = winner else { return }
        for task in tasks { task.cancel() }
        continuation?.resume(returning: value)
    }
}
