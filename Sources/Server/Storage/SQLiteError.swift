import CSQLite

/// A failed SQLite call: the (extended) result code, SQLite's message and what we were doing.
///
/// ```swift
/// do { try connection.execute("INSERT …") }
/// catch let error as SQLiteError where error.isForeignKeyViolation { … }
/// ```
public struct SQLiteError: Error, Sendable, Hashable, CustomStringConvertible {
    /// Extended result code (`SQLITE_CONSTRAINT_FOREIGNKEY` = 787, `SQLITE_BUSY` = 5, …).
    public var code: Int32
    /// `sqlite3_errmsg` text (or `sqlite3_errstr` when no handle was available).
    public var message: String
    /// The SQL or operation that failed, for logs.
    public var context: String

    /// Creates an error from its parts.
    public init(code: Int32, message: String, context: String = "") {
        self.code = code
        self.message = message
        self.context = context
    }

    /// Reads the current error of `handle` (or the generic text for `code` when nil).
    init(code: Int32, handle: OpaquePointer?, context: String) {
        let text: String
        if let handle, let raw = sqlite3_errmsg(handle) {
            text = String(cString: raw)
        } else if let raw = sqlite3_errstr(code) {
            text = String(cString: raw)
        } else {
            text = "unknown error"
        }
        self.init(code: code, message: text, context: context)
    }

    /// The primary result code (low byte of ``code``).
    public var primaryCode: Int32 { code & 0xFF }

    /// True for any `SQLITE_CONSTRAINT*` failure.
    public var isConstraintViolation: Bool { primaryCode == SQLITE_CONSTRAINT }

    /// True for `SQLITE_CONSTRAINT_FOREIGNKEY`.
    public var isForeignKeyViolation: Bool { code == 787 }

    /// True for `SQLITE_BUSY` / `SQLITE_LOCKED`.
    public var isBusy: Bool { primaryCode == SQLITE_BUSY || primaryCode == SQLITE_LOCKED }

    /// `"SQLite error <code>: <message> (<context>)"`.
    public var description: String {
        context.isEmpty
            ? "SQLite error \(code): \(message)"
            : "SQLite error \(code): \(message) (\(context))"
    }
}
