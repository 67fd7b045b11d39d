/// The parsed steps that the active runs of each workflow share.
///
/// Every run reads its workflow from the store, which parses the steps again, and a parsed
/// document takes up to about 19 times its text's size. Runs of one workflow adopt a single
/// copy instead, so 200 runs of a workflow with a 1 MiB `set` value hold one parse of it, not
/// 200 (the results they build share it too, values being copy-on-write). An entry lives as long
/// as a run of its workflow does. The engine keeps one of these under its lock.
///
/// ```swift
/// var shared = SharedSteps()
/// let steps = shared.adopt(workflow.steps, of: workflow.id)   // the copy earlier runs hold, when equal
/// // … the run ends:
/// shared.release(workflow.id)
/// ```
struct SharedSteps: Sendable {
    private struct Entry: Sendable {
        var steps: [WorkflowStep]
        var runs: Int
    }

    private var entries: [String: Entry] = [:]

    /// An empty registry.
    init() {}

    /// The steps a new run of `workflowId` should hold: the copy the workflow's active runs share
    /// when it equals `steps`, else `steps`, which new runs then share (the workflow was changed;
    /// the older runs keep the steps they started with).
    mutating func adopt(_ steps: [WorkflowStep], of workflowId: String) -> [WorkflowStep] {
        guard var entry = entries[workflowId] else {
            entries[workflowId] = Entry(steps: steps, runs: 1)
            return steps
        }
        if entry.steps != steps { entry.steps = steps }
        entry.runs += 1
        entries[workflowId] = entry
        return entry.steps
    }

    /// A run of `workflowId` that adopted its steps ended; the last one drops the entry.
    mutating func release(_ workflowId: String) {
        guard var entry = entries[workflowId] else { return }
        entry.runs -= 1
        entries[workflowId] = entry.runs > 0 ? entry : nil
    }

    /// The number of workflows with active runs (for tests and diagnostics).
    var workflowCount: Int { entries.count }
}
