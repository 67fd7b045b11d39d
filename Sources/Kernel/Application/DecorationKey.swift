/// A typed name for a decoration: the key carries the value's type, so reading it needs no cast.
///
/// ```swift
/// extension DecorationKey where Value == Database {
///     static var database: Self { .init("database") }
/// }
/// try app.decorate(.database, Database())
/// let db = request.scope[.database]          // Database?
/// ```
public struct DecorationKey<Value: Sendable>: Hashable, Sendable {
    /// The decoration's name, unique within a scope.
    public let name: String
    /// Creates a key.
    public init(_ name: String) { self.name = name }
}

/// The decorations visible from one scope, frozen at `ready()`.
public final class ScopeValues: Sendable {
    let values: [String: any Sendable]
    @usableFromInline let requestDefaults: [String: any Sendable]

    init(values: [String: any Sendable], requestDefaults: [String: any Sendable]) {
        self.values = values
        self.requestDefaults = requestDefaults
    }

    static let empty = ScopeValues(values: [:], requestDefaults: [:])

    /// The decoration for `key`, if this scope or an ancestor declared it.
    public subscript<Value>(key: DecorationKey<Value>) -> Value? { values[key.name] as? Value }

    /// Whether a decoration named `name` is visible.
    public func has(_ name: String) -> Bool { values[name] != nil }

    @usableFromInline
    func requestDefault<Value>(for key: DecorationKey<Value>) -> Value? { requestDefaults[key.name] as? Value }

    /// Whether a request decoration named `name` is declared here (no cast, no copy of the default).
    @usableFromInline
    func declaresRequestDecoration(_ name: String) -> Bool { requestDefaults.index(forKey: name) != nil }
}
