/// A value that can be bound to a statement parameter.
///
/// ```swift
/// try connection.run("INSERT INTO t(a, b) VALUES (?, ?)", [.integer(1), .text("x")])
/// ```
public enum SQLiteValue: Sendable, Hashable {
    /// SQL `NULL`.
    case null
    /// A 64-bit integer.
    case integer(Int64)
    /// An IEEE double.
    case real(Double)
    /// UTF-8 text.
    case text(String)
    /// Raw bytes.
    case blob([UInt8])

    /// `.text(value)` or `.null` when `value` is nil.
    public static func optionalText(_ value: String?) -> SQLiteValue {
        value.map { .text($0) } ?? .null
    }

    /// `.integer(value)` or `.null` when `value` is nil.
    public static func optionalInteger(_ value: Int64?) -> SQLiteValue {
        value.map { .integer($0) } ?? .null
    }
}
