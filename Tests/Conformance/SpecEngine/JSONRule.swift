import Kernel

/// A path into a JSON document: `$` (the root), `error.code`, `executions[0].id`, `executions[*].status`.
///
/// ```swift
/// let path = try JSONPath(parsing: "executions[*].status")
/// path.components   // [.key("executions"), .each, .key("status")]
/// ```
struct JSONPath: Sendable, Equatable, CustomStringConvertible {
    /// One step of a path.
    enum Component: Sendable, Equatable {
        /// An object member.
        case key(String)
        /// An array element, 0-based.
        case index(Int)
        /// Every element of an array (`[*]`); the rule must hold for each one.
        case each
    }

    /// The steps, outermost first; empty for the root.
    var components: [Component]

    /// The root.
    static let root = JSONPath(components: [])

    /// The path as written, `$` for the root.
    var description: String {
        var text = ""
        for component in components {
            switch component {
            case .key(let key): text += text.isEmpty ? key : "." + key
            case .index(let index): text += "[\(index)]"
            case .each: text += "[*]"
            }
        }
        return text.isEmpty ? "$" : text
    }
}

/// An inclusive numeric range; either end may be open: `0..100`, `1..`, `..10`.
struct NumberRange: Sendable, Equatable, CustomStringConvertible {
    /// The smallest accepted value.
    var lower: Double?
    /// The largest accepted value.
    var upper: Double?
    /// Whether `value` lies within the range.
    func contains(_ value: Double) -> Bool {
        if let lower, value < lower { return false }
        if let upper, value > upper { return false }
        return true
    }
    /// `0..100`.
    var description: String { "\(Self.format(lower))..\(Self.format(upper))" }
    private static func format(_ value: Double?) -> String {
        guard let value else { return "" }
        return value.rounded() == value && abs(value) < 1e15 ? String(Int(value)) : String(value)
    }
}

/// What a JSON value must be. Written after the `:` of a `expect json` line or a message rule line.
///
/// ```text
/// "connected"                       equals this JSON literal (strings quoted)
/// string | null                     alternatives
/// number 0..100                     a number in range
/// in {pending, running, completed}  one of these strings
/// object {statusCode, error, ...}   an object with at least these keys (exactly, without `...`)
/// ```
indirect enum JSONRule: Sendable, Equatable, CustomStringConvertible {
    /// Equal to this JSON value (numbers compare numerically, objects ignore key order).
    case equals(JSONValue)
    /// Present, any value.
    case any
    /// Not present.
    case absent
    /// A Boolean.
    case boolean
    /// A string.
    case string
    /// A string containing this text.
    case contains(String)
    /// A number, optionally in range.
    case number(NumberRange?)
    /// A number without a fraction, optionally in range.
    case integer(NumberRange?)
    /// A string `YYYY-MM-DDTHH:MM:SS(.fraction)?` followed by `Z` or `±HH:MM`, with valid field ranges.
    case iso8601
    /// An array, optionally with a length range.
    case array(count: NumberRange?)
    /// An object; with keys, it must have them all (and no others when `exact`).
    case object(keys: [String]?, exact: Bool)
    /// Equal to one of these values (`in {a, b}` or `∈ {a, b}`).
    case oneOf([JSONValue])
    /// At least one alternative holds (`a | b`).
    case anyOf([JSONRule])

    /// The rule as it would be written in a spec.
    var description: String {
        switch self {
        case .equals(let value): value.jsonText
        case .any: "any"
        case .absent: "absent"
        case .boolean: "boolean"
        case .string: "string"
        case .contains(let text): "contains \(JSONValue.string(text).jsonText)"
        case .number(let range): range.map { "number \($0)" } ?? "number"
        case .integer(let range): range.map { "integer \($0)" } ?? "integer"
        case .iso8601: "iso8601"
        case .array(let count): count.map { "array \($0)" } ?? "array"
        case .object(let keys, let exact):
            keys.map { "object {\(($0 + (exact ? [] : ["..."])).joined(separator: ", "))}" } ?? "object"
        case .oneOf(let values): "in {\(values.map(Self.member).joined(separator: ", "))}"
        case .anyOf(let rules): rules.map(\.description).joined(separator: " | ")
        }
    }

    private static func member(_ value: JSONValue) -> String {
        if case .string(let text) = value, !text.isEmpty, text.allSatisfy({ $0.isLetter || $0.isNumber || $0 == "-" || $0 == "_" }) {
            return text
        }
        return value.jsonText
    }
}
