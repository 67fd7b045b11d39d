/// A route pattern that cannot be registered: empty, malformed, or already declared.
///
/// Compare ``kind`` against the static members to branch on the cause:
/// ```swift
/// do { try builder.insert("/users/:name", route) }
/// catch where error.kind == .duplicateRoute { … }
/// ```
public struct RoutingError: Error, CustomStringConvertible, Sendable, Equatable {
    /// The cause of a ``RoutingError``; a struct so new causes can be added without breaking callers.
    public struct Kind: Hashable, Sendable, CustomStringConvertible {
        private enum Base: Hashable, Sendable {
            case emptyPath, invalidPattern, duplicateRoute
        }
        private let base: Base

        /// The pattern was the empty string.
        public static let emptyPath = Kind(base: .emptyPath)
        /// The pattern's syntax is not accepted (bad first character, misplaced `*` or `?`, bad regex…).
        public static let invalidPattern = Kind(base: .invalidPattern)
        /// An equivalent pattern (same shape, parameter names aside) is already registered.
        public static let duplicateRoute = Kind(base: .duplicateRoute)

        /// A stable lower-camel-case name of the cause.
        public var description: String {
            switch base {
            case .emptyPath: "emptyPath"
            case .invalidPattern: "invalidPattern"
            case .duplicateRoute: "duplicateRoute"
            }
        }
    }

    /// What went wrong.
    public let kind: Kind
    /// The pattern as the caller wrote it.
    public let pattern: String
    /// A human-readable explanation, worded after find-my-way's messages where one exists.
    public let message: String

    /// The ``message``.
    public var description: String { message }

    static func emptyPath() -> RoutingError {
        RoutingError(kind: .emptyPath, pattern: "", message: "The path could not be empty")
    }

    static func invalid(_ pattern: String, _ reason: String) -> RoutingError {
        RoutingError(kind: .invalidPattern, pattern: pattern, message: "Invalid route '\(pattern)': \(reason)")
    }

    static func duplicate(_ pattern: String, existing: String) -> RoutingError {
        let clash = existing == pattern ? "" : " (conflicts with '\(existing)')"
        return RoutingError(
            kind: .duplicateRoute, pattern: pattern,
            message: "Route '\(pattern)' is already declared\(clash)")
    }
}
