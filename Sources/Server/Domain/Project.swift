/// A named container for workflows.
///
/// JSON: `{"id", "name", "description", "createdAt", "updatedAt"}`; a missing
/// description is written as `null`.
///
/// ```swift
/// let project = Project(name: "Billing")   // fresh id, createdAt == updatedAt == now
/// ```
public struct Project: Sendable, Hashable, Codable {
    /// UUID-v4-shaped identifier.
    public var id: String
    /// Display name.
    public var name: String
    /// Optional free text.
    public var description: String?
    /// When the project was created.
    public var createdAt: Timestamp
    /// When the project was last changed.
    public var updatedAt: Timestamp

    /// Creates a project; `id` and timestamps default to a fresh id and the current time.
    public init(
        id: String = Identifier.make(), name: String, description: String? = nil,
        createdAt: Timestamp = .now(), updatedAt: Timestamp? = nil
    ) {
        self.id = id
        self.name = name
        self.description = description
        self.createdAt = createdAt
        self.updatedAt = updatedAt ?? createdAt
    }

    private enum CodingKeys: String, CodingKey {
        case id, name, description, createdAt, updatedAt
    }

    /// Encodes every key, writing `description: null` when absent.
    public func encode(to encoder: any Encoder) throws {
        var container = encoder.container(keyedBy: CodingKeys.self)
        try container.encode(id, forKey: .id)
        try container.encode(name, forKey: .name)
        try container.encode(description, forKey: .description)
        try container.encode(createdAt, forKey: .createdAt)
        try container.encode(updatedAt, forKey: .updatedAt)
    }
}
