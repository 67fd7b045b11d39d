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
    /// Request decorations' defaults, as a list: a scope declares few, and comparing their names beats hashing them.
    @usableFromInline let requestDefaults: [NamedValue]

    init(values: [String: any Sendable], requestDefaults: [String: any Sendable]) {
        self.values = values
        self.requestDefaults = requestDefaults.sorted { $0.key < $1.key }.map { NamedValue(name: $0.key, value: $0.value) }
    }

    static let empty = ScopeValues(values: [:], requestDefaults: [:])

    /// The decoration for `key`, if this scope or an ancestor declared it.
    public subscript<Value>(key: DecorationKey<Value>) -> Value? { values[key.name] as? Value }

    /// Whether a decoration named `name` is visible.
    public func has(_ name: String) -> Bool { values[name] != nil }

    @usableFromInline
    func requestDefault<Value>(for key: DecorationKey<Value>) -> Value? {
        guard let index = requestDefaults.index(named: key.name) else { return nil }
        return requestDefaults[index].value as? Value
    }

    /// Whether a request decoration named `name` is declared here (no cast, no copy of the default).
    @usableFromInline
    func declaresRequestDecoration(_ name: String) -> Bool { requestDefaults.index(named: name) != nil }
}

/// A decoration's name and value: the entries of a request's decorations and of a scope's defaults.
@usableFromInline
struct NamedValue: Sendable {
    @usableFromInline let name: String
    @usableFromInline var value: any Sendable

    @usableFromInline
    init(name: String, value: any Sendable) {
        self.name = name
        self.value = value
    }

    /// Lengths first, so most mismatches cost one comparison.
    @inlinable @inline(__always)
    func isNamed(_ key: String) -> Bool { name.utf8.count == key.utf8.count && name == key }
}

extension [NamedValue] {
    /// The position of the entry named `name`. It reads the entries in place through the buffer, where
    /// iterating (or subscripting) the array would copy each entry and retain its name and value.
    @inlinable
    func index(named name: String) -> Int? {
        withUnsafeBufferPointer { buffer in
            guard let base = buffer.baseAddress else { return nil }
            let length = name.utf8.count
            var index = 0
            while index < buffer.count {
                // Through `pointee`, only the name is read: no copy of the entry.
                if (base + index).pointee.name.utf8.count == length, (base + index).pointee.name == name { return index }
                index += 1
            }
            return nil
        }
    }
}
