import CSQLite

/// `SQLITE_TRANSIENT`: SQLite copies bound text/blobs before the bind call returns.
private let transientDestructor = unsafeBitCast(-1, to: sqlite3_destructor_type.self)

/// A prepared statement; finalized on deinit. Confined to the thread that owns its connection.
///
/// ```swift
/// let statement = try connection.prepare("SELECT name FROM projects WHERE id = ?")
/// try statement.bind("p1", at: 1)
/// while try statement.step() { print(statement.string(at: 0) ?? "NULL") }
/// ```
public final class SQLiteStatement {
    let handle: OpaquePointer
    /// The connection handle, for error messages.
    private let database: OpaquePointer
    /// The SQL text, for error context.
    public let sql: String

    init(handle: OpaquePointer, database: OpaquePointer, sql: String) {
        self.handle = handle
        self.database = database
        self.sql = sql
    }

    deinit { sqlite3_finalize(handle) }

    private func check(_ code: Int32) throws(SQLiteError) {
        guard code == SQLITE_OK else { throw SQLiteError(code: code, handle: database, context: sql) }
    }

    /// Binds a 64-bit integer to the 1-based parameter `index`.
    public func bind(_ value: Int64, at index: Int32) throws(SQLiteError) {
        try check(sqlite3_bind_int64(handle, index, value))
    }

    /// Binds a double to the 1-based parameter `index`.
    public func bind(_ value: Double, at index: Int32) throws(SQLiteError) {
        try check(sqlite3_bind_double(handle, index, value))
    }

    /// Binds UTF-8 text (copied) to the 1-based parameter `index`.
    public func bind(_ value: String, at index: Int32) throws(SQLiteError) {
        // An empty String may have no storage; a NULL pointer would bind SQL NULL, not ''.
        guard !value.isEmpty else {
            try check(sqlite3_bind_text(handle, index, "", 0, nil))
            return
        }
        var text = value
        let code = text.withUTF8 { buffer in
            buffer.withMemoryRebound(to: CChar.self) { chars in
                sqlite3_bind_text(handle, index, chars.baseAddress, Int32(chars.count), transientDestructor)
            }
        }
        try check(code)
    }

    /// Binds bytes (copied) to the 1-based parameter `index`.
    public func bind(_ value: [UInt8], at index: Int32) throws(SQLiteError) {
        let code = value.withUnsafeBytes { raw in
            raw.baseAddress.map { sqlite3_bind_blob(handle, index, $0, Int32(raw.count), transientDestructor) }
                ?? sqlite3_bind_zeroblob(handle, index, 0)
        }
        try check(code)
    }

    /// Binds SQL `NULL` to the 1-based parameter `index`.
    public func bindNull(at index: Int32) throws(SQLiteError) {
        try check(sqlite3_bind_null(handle, index))
    }

    /// Binds any ``SQLiteValue`` to the 1-based parameter `index`.
    public func bind(_ value: SQLiteValue, at index: Int32) throws(SQLiteError) {
        switch value {
        case .null: try bindNull(at: index)
        case .integer(let number): try bind(number, at: index)
        case .real(let number): try bind(number, at: index)
        case .text(let text): try bind(text, at: index)
        case .blob(let bytes): try bind(bytes, at: index)
        }
    }

    /// Binds `values` to parameters 1…n in order.
    public func bind(_ values: [SQLiteValue]) throws(SQLiteError) {
        for (offset, value) in values.enumerated() {
            try bind(value, at: Int32(offset + 1))
        }
    }

    /// Advances: true when a row is available, false when the statement is done.
    @discardableResult
    public func step() throws(SQLiteError) -> Bool {
        let code = sqlite3_step(handle)
        switch code {
        case SQLITE_ROW: return true
        case SQLITE_DONE: return false
        default: throw SQLiteError(code: sqlite3_extended_errcode(database), handle: database, context: sql)
        }
    }

    /// Rewinds for re-execution and clears all bindings.
    public func reset() {
        sqlite3_reset(handle)
        sqlite3_clear_bindings(handle)
    }

    /// Number of columns in the result.
    public var columnCount: Int32 { sqlite3_column_count(handle) }

    /// True when column `index` (0-based) of the current row is `NULL`.
    public func isNull(at index: Int32) -> Bool {
        sqlite3_column_type(handle, index) == SQLITE_NULL
    }

    /// Column `index` as an integer (`NULL` reads as 0).
    public func int64(at index: Int32) -> Int64 { sqlite3_column_int64(handle, index) }

    /// Column `index` as an integer, or nil when `NULL`.
    public func optionalInt64(at index: Int32) -> Int64? {
        isNull(at: index) ? nil : int64(at: index)
    }

    /// Column `index` as a double (`NULL` reads as 0).
    public func double(at index: Int32) -> Double { sqlite3_column_double(handle, index) }

    /// Column `index` as text, or nil when `NULL`.
    public func string(at index: Int32) -> String? {
        guard !isNull(at: index), let raw = sqlite3_column_text(handle, index) else { return nil }
        let count = Int(sqlite3_column_bytes(handle, index))
        return String(decoding: UnsafeBufferPointer(start: raw, count: count), as: UTF8.self)
    }

    /// Column `index` as bytes, or nil when `NULL`.
    public func blob(at index: Int32) -> [UInt8]? {
        guard !isNull(at: index) else { return nil }
        let count = Int(sqlite3_column_bytes(handle, index))
        guard count > 0, let raw = sqlite3_column_blob(handle, index) else { return [] }
        return Array(UnsafeRawBufferPointer(start: raw, count: count))
    }
}
