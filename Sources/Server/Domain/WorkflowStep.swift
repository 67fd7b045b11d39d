import Kernel

/// One step of a workflow: `{"id"?, "name", "kind", "config"}`.
///
/// ```swift
/// let step = WorkflowStep(name: "wait", kind: .delay, config: ["ms": 100])
/// try step.validate(path: "steps[0]")
/// ```
public struct WorkflowStep: Sendable, Equatable, Codable {
    /// Optional caller-chosen identifier; omitted from JSON when nil.
    public var id: String?
    /// Display name.
    public var name: String
    /// What the step does.
    public var kind: StepKind
    /// Kind-specific settings, see ``StepKind``.
    public var config: JSONValue

    /// Creates a step without validating it.
    public init(id: String? = nil, name: String, kind: StepKind, config: JSONValue) {
        self.id = id
        self.name = name
        self.kind = kind
        self.config = config
    }

    /// The label used as an execution's `currentStep`: the id if set, else the name.
    public var label: String { id ?? name }

    /// The longest `id` or `name`, in characters: a step's label goes into every stream message about a run
    /// of its workflow (`currentStep`), so a 1 MiB name would make each `workflow-updates` message 10 MiB.
    /// ``validate(path:)`` counts Characters, so stored rows keep loading; requests are held to this many
    /// Unicode scalars (`WorkflowRoutes`), since one Character can be any number of combining marks.
    public static let maxLabelLength = 256

    /// Checks the id, the name and the kind-specific config; `path` is e.g. `steps[2]`.
    public func validate(path: String) throws(ValidationError) {
        guard !name.isEmpty else {
            throw ValidationError(field: "\(path).name", problem: "must not be empty")
        }
        for (field, text) in [("name", name), ("id", id ?? "")] where text.count > Self.maxLabelLength {
            throw ValidationError(field: "\(path).\(field)", problem: "must be at most \(Self.maxLabelLength) characters")
        }
        try kind.validate(config: config, path: "\(path).config")
    }

    /// This step as a JSON object (`id` left out when nil).
    public var jsonValue: JSONValue {
        var object = JSONObject()
        if let id { object["id"] = .string(id) }
        object["name"] = .string(name)
        object["kind"] = .string(kind.rawValue)
        object["config"] = config
        return .object(object)
    }

    /// Builds a validated step from untrusted JSON, naming the field on error.
    public init(json: JSONValue, path: String) throws(ValidationError) {
        guard (json.object != nil) else { throw ValidationError(field: path, problem: "must be an object") }
        var id: String?
        if let raw = json["id"], raw != .null {
            guard let text = raw.string, !text.isEmpty else {
                throw ValidationError(field: "\(path).id", problem: "must be a non-empty string")
            }
            id = text
        }
        guard let name = json["name"]?.string else {
            throw ValidationError(field: "\(path).name", problem: "must be a string")
        }
        guard let kindText = json["kind"]?.string, let kind = StepKind(rawValue: kindText) else {
            let allowed = StepKind.allCases.map(\.rawValue).joined(separator: ", ")
            throw ValidationError(field: "\(path).kind", problem: "must be one of: \(allowed)")
        }
        guard let config = json["config"] else {
            throw ValidationError(field: "\(path).config", problem: "is required")
        }
        self.init(id: id, name: name, kind: kind, config: config)
        try validate(path: path)
    }

    /// Parses and validates a `steps` array, e.g. from a request body.
    ///
    /// Errors name the element, e.g. `steps[1].config.ms must be an integer`.
    public static func list(
        fromJSON json: JSONValue, field: String = "steps"
    ) throws(ValidationError) -> [WorkflowStep] {
        guard case .array(let elements) = json else {
            throw ValidationError(field: field, problem: "must be an array")
        }
        var steps: [WorkflowStep] = []
        steps.reserveCapacity(elements.count)
        for (index, element) in elements.enumerated() {
            steps.append(try WorkflowStep(json: element, path: "\(field)[\(index)]"))
        }
        return steps
    }

    /// Validates already-typed steps (e.g. decoded with `Codable`).
    public static func validate(_ steps: [WorkflowStep], field: String = "steps") throws(ValidationError) {
        for (index, step) in steps.enumerated() {
            try step.validate(path: "\(field)[\(index)]")
        }
    }
}
