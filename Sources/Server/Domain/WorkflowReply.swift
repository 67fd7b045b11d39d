import Kernel

/// A workflow as the REST routes send it: the same JSON as ``Workflow``, with `steps` copied from the
/// text the store holds instead of parsed, validated and encoded again (see ``ExecutionReply``).
///
/// ```swift
/// reply.send(json: try await store.listWorkflowReplies(projectId: id))
/// ```
public struct WorkflowReply: Encodable, Sendable, Equatable {
    /// Every field but the steps: `steps` is empty here.
    public var workflow: Workflow
    /// The stored `steps` array text.
    public var steps: JSONFragment

    /// A reply for `workflow`'s fields with the stored steps.
    public init(_ workflow: Workflow, steps: JSONFragment) {
        self.workflow = workflow
        self.workflow.steps = []
        self.steps = steps
    }

    /// Writes every key of ``Workflow``, in its order.
    public func encode(to encoder: any Encoder) throws {
        try workflow.encode(to: encoder, steps: steps)
    }
}
