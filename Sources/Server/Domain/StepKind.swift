import Kernel

/// What a workflow step does when executed.
///
/// | kind    | config                                  |
/// |---------|-----------------------------------------|
/// | `delay` | `{"ms": Int}` (≥ 0)                     |
/// | `set`   | `{"key": String, "value": any JSON}`    |
/// | `fail`  | `{"message": String}`                   |
public enum StepKind: String, Sendable, Hashable, Codable, CaseIterable {
    /// Waits `config.ms` milliseconds.
    case delay
    /// Stores `config.value` under `config.key` in the execution result.
    case set
    /// Fails the execution with `config.message`.
    case fail

    /// Checks that `config` has the shape this kind needs.
    ///
    /// - Parameter path: prefix used in error messages, e.g. `steps[1].config`.
    /// - Throws: ``ValidationError`` naming the offending field,
    ///   e.g. `steps[1].config.ms must be an integer`.
    public func validate(config: JSONValue, path: String) throws(ValidationError) {
        guard case .object = config else {
            throw ValidationError(field: path, problem: "must be an object")
        }
        switch self {
        case .delay:
            guard let ms = config["ms"] else {
                throw ValidationError(field: "\(path).ms", problem: "is required")
            }
            guard let value = ms.integer else {
                throw ValidationError(field: "\(path).ms", problem: "must be an integer")
            }
            guard value >= 0 else {
                throw ValidationError(field: "\(path).ms", problem: "must not be negative")
            }
        case .set:
            guard let key = config["key"] else {
                throw ValidationError(field: "\(path).key", problem: "is required")
            }
            guard let text = key.string else {
                throw ValidationError(field: "\(path).key", problem: "must be a string")
            }
            guard !text.isEmpty else {
                throw ValidationError(field: "\(path).key", problem: "must not be empty")
            }
            guard config["value"] != nil else {
                throw ValidationError(field: "\(path).value", problem: "is required")
            }
        case .fail:
            guard let message = config["message"] else {
                throw ValidationError(field: "\(path).message", problem: "is required")
            }
            guard message.string != nil else {
                throw ValidationError(field: "\(path).message", problem: "must be a string")
            }
        }
    }
}

/// A rejected input, naming the field and what is wrong with it.
///
/// ```swift
/// ValidationError(field: "steps[1].config.ms", problem: "must be an integer").message
/// // "steps[1].config.ms must be an integer"
/// ```
public struct ValidationError: Error, Sendable, Hashable, CustomStringConvertible {
    /// Path of the offending field, e.g. `steps[0].kind`.
    public var field: String
    /// What is wrong, phrased to follow the field name.
    public var problem: String

    /// Creates an error for `field`.
    public init(field: String, problem: String) {
        self.field = field
        self.problem = problem
    }

    /// `"<field> <problem>"`, suitable for an HTTP 400 body.
    public var message: String { "\(field) \(problem)" }

    /// Same as ``message``.
    public var description: String { message }
}
