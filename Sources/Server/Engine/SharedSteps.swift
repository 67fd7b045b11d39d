/// The parsed steps that the active runs of each workflow share, with the stored text they were parsed from.
///
/// A parsed document takes up to about 19 times its text's size, and parsing a 1 MiB workflow takes tens of
/// milliseconds. Runs of one workflow adopt a single copy instead, so 200 runs of a workflow with a 1 MiB
/// `set` value hold one parse of it, not 200 (the results they build share it too, values being
/// copy-on-write), and a start whose stored text matches the shared copy's skips the parse. An entry lives
/// as long as a run of its workflow does. The engine keeps one of these under its lock.
///
/// ```swift
/// var shared = SharedSteps()
/// let steps = shared.adopt(parsed, parsedFrom: text, of: workflow.id)   // the copy earlier runs hold, when equal
/// // … the run ends:
/// shared.release(workflow.id)
/// ```
struct SharedSteps: Sendable {
    /// What a workflow's active runs share.
    struct Entry: Sendable {
        /// The steps, parsed from ``text``.
        var steps: [WorkflowStep]
        /// The stored JSON text of the steps.
        var text: [UInt8]
        fileprivate var runs: Int
    }

    private var entries: [String: Entry] = [:]

    /// An empty registry.
    init() {}

    /// The shared copy of `workflowId`'s steps, if any of its runs is active (compare its text before use).
    func current(of workflowId: String) -> Entry? { entries[workflowId] }

    /// The steps a new run of `workflowId` should hold: the copy the workflow's active runs share when it was
    /// parsed from the same `text`, else `steps`, which new runs then share (the workflow was changed; the
    /// older runs keep the steps they started with).
    mutating func adopt(_ steps: [WorkflowStep], parsedFrom text: [UInt8], of workflowId: String) -> [WorkflowStep] {
        guard var entry = entries[workflowId] else {
            entries[workflowId] = Entry(steps: steps, text: text, runs: 1)
            return steps
        }
        if entry.text != text {
            entry.steps = steps
            entry.text = text
        }
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
