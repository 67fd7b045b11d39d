/// An ordered list of steps belonging to a project.
///
/// JSON: `{"id", "projectId", "name", "steps", "createdAt", "updatedAt"}`.
///
/// ```swift
/// let workflow = Workflow(projectId: project.id, name: "nightly",
///                         steps: [WorkflowStep(name: "wait", kind: .delay, config: ["ms": 10])])
/// ```
public struct Workflow: Sendable, Equatable, Codable {
    /// UUID-v4-shaped identifier.
    public var id: String
    /// Owning project; deleting the project deletes the workflow.
    public var projectId: String
    /// Display name.
    public var name: String
    /// Steps in execution order.
    public var steps: [WorkflowStep]
    /// When the workflow was created.
    public var createdAt: Timestamp
    /// When the workflow was last changed.
    public var updatedAt: Timestamp

    /// Creates a workflow; `id` and timestamps default to a fresh id and the current time.
    public init(
        id: String = Identifier.make(), projectId: String, name: String, steps: [WorkflowStep],
        createdAt: Timestamp = .now(), updatedAt: Timestamp? = nil
    ) {
        self.id = id
        self.projectId = projectId
        self.name = name
        self.steps = steps
        self.createdAt = createdAt
        self.updatedAt = updatedAt ?? createdAt
    }

    /// Encodes every key (the synthesized order).
    public func encode(to encoder: any Encoder) throws {
        try encode(to: encoder, steps: steps)
    }

    /// Encodes every key, with `steps` given apart (``WorkflowReply`` passes the stored text).
    func encode(to encoder: any Encoder, steps: some Encodable) throws {
        try JSONShape(id: id, projectId: projectId, name: name, steps: steps, createdAt: createdAt, updatedAt: updatedAt)
            .encode(to: encoder)
    }

    /// A workflow's JSON with any encodable `steps`: synthesized, so its keys and their order are the ones
    /// the synthesized `Decodable` reads.
    private struct JSONShape<Steps: Encodable>: Encodable {
        let id: String
        let projectId: String
        let name: String
        let steps: Steps
        let createdAt: Timestamp
        let updatedAt: Timestamp
    }

    /// Checks the name and every step, naming the first offending field.
    public func validate() throws(ValidationError) {
        guard !name.isEmpty else { throw ValidationError(field: "name", problem: "must not be empty") }
        try WorkflowStep.validate(steps)
    }
}
