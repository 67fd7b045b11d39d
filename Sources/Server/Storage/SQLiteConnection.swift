import CSQLite

/// One SQLite database handle; closed on deinit or by ``close()``.
///
/// Not `Sendable`: a connection is opened with `SQLITE_OPEN_NOMUTEX` and must be used by one
/// thread at a time. ``Store`` confines its connection to its dedicated thread.
///
/// ```swift
/// let db = try SQLiteConnection(path: "/tmp/app.sqlite")
/// try db.execute("CREATE TABLE t(x)")
/// try db.transaction { try db.run("INSERT INTO t VALUES (?)", [.integer(1)]) }
/// ```
public final class SQLiteConnection {
    /// How a connection is opened.
    public struct OpenMode: Sendable, Hashable {
        let flags: Int32
        /// Read and write, creating the file if needed.
        public static let readWriteCreate = OpenMode(flags: SQLITE_OPEN_READWRITE | SQLITE_OPEN_CREATE)
        /// Read only; the file must exist.
        public static let readOnly = OpenMode(flags: SQLITE_OPEN_READONLY)
    }

    /// How a transaction takes its locks.
    public enum TransactionKind: String, Sendable {
        /// Lock on first access.
        case deferred = "DEFERRED"
        /// Take the write lock at `BEGIN` (avoids upgrade deadlocks for writers).
        case immediate = "IMMEDIATE"
    }

    private(set) var handle: OpaquePointer?
    /// The file this connection was opened on.
    public let path: String

    /// Opens (or creates) the database at `path` with extended result codes enabled.
    public init(path: String, mode: OpenMode = .readWriteCreate) throws(SQLiteError) {
        self.path = path
        var raw: OpaquePointer?
        let code = sqlite3_open_v2(path, &raw, mode.flags | SQLITE_OPEN_NOMUTEX, nil)
        guard code == SQLITE_OK, let raw else {
            let error = SQLiteError(code: code, handle: raw, context: "open \(path)")
            sqlite3_close_v2(raw)
            throw error
        }
        sqlite3_extended_result_codes(raw, 1)
        handle = raw
    }

    deinit { close() }

    /// Closes the handle (pending statements are finalized lazily); safe to call twice.
    public func close() {
        guard let handle else { return }
        sqlite3_close_v2(handle)
        self.handle = nil
    }

    /// True until ``close()``.
    public var isOpen: Bool { handle != nil }

    private func openHandle(_ context: String) throws(SQLiteError) -> OpaquePointer {
        guard let handle else {
            throw SQLiteError(code: SQLITE_MISUSE, message: "connection is closed", context: context)
        }
        return handle
    }

    /// Runs one or more `;`-separated statements that take no parameters.
    public func execute(_ sql: String) throws(SQLiteError) {
        let handle = try openHandle(sql)
        var message: UnsafeMutablePointer<CChar>?
        let code = sqlite3_exec(handle, sql, nil, nil, &message)
        guard code == SQLITE_OK else {
            let text = message.map { String(cString: $0) } ?? "unknown error"
            sqlite3_free(message)
            throw SQLiteError(code: sqlite3_extended_errcode(handle), message: text, context: sql)
        }
    }

    /// Compiles one statement.
    public func prepare(_ sql: String) throws(SQLiteError) -> SQLiteStatement {
        let handle = try openHandle(sql)
        var statement: OpaquePointer?
        let code = sqlite3_prepare_v2(handle, sql, -1, &statement, nil)
        guard code == SQLITE_OK, let statement else {
            throw SQLiteError(code: code, handle: handle, context: sql)
        }
        return SQLiteStatement(handle: statement, database: handle, sql: sql)
    }

    /// Runs a statement to completion and returns the number of rows it changed.
    @discardableResult
    public func run(_ sql: String, _ values: [SQLiteValue] = []) throws(SQLiteError) -> Int {
        let statement = try prepare(sql)
        try statement.bind(values)
        while try statement.step() {}
        return changes
    }

    /// Runs a query and maps every row with `row`.
    public func query<Row>(
        _ sql: String, _ values: [SQLiteValue] = [], row: (SQLiteStatement) throws -> Row
    ) throws -> [Row] {
        let statement = try prepare(sql)
        try statement.bind(values)
        var rows: [Row] = []
        while try statement.step() { rows.append(try row(statement)) }
        return rows
    }

    /// The first column of the first row as an integer, or nil when there is no row.
    public func scalarInt64(_ sql: String, _ values: [SQLiteValue] = []) throws(SQLiteError) -> Int64? {
        let statement = try prepare(sql)
        try statement.bind(values)
        return try statement.step() ? statement.optionalInt64(at: 0) : nil
    }

    /// Rows changed by the most recent INSERT/UPDATE/DELETE.
    public var changes: Int { handle.map { Int(sqlite3_changes($0)) } ?? 0 }

    /// Rowid of the most recent successful INSERT.
    public var lastInsertRowID: Int64 { handle.map { sqlite3_last_insert_rowid($0) } ?? 0 }

    /// True while inside an explicit transaction.
    public var isInTransaction: Bool { handle.map { sqlite3_get_autocommit($0) == 0 } ?? false }

    /// Runs `body` in a transaction: COMMIT when it returns, ROLLBACK when it throws.
    ///
    /// Not re-entrant: nesting throws `SQLITE_MISUSE` rather than silently joining.
    public func transaction<Result>(
        _ kind: TransactionKind = .immediate, _ body: () throws -> Result
    ) throws -> Result {
        guard !isInTransaction else {
            throw SQLiteError(code: SQLITE_MISUSE, message: "nested transaction", context: "BEGIN")
        }
        try execute("BEGIN \(kind.rawValue)")
        let result: Result
        do {
            result = try body()
        } catch {
            if isInTransaction { try? execute("ROLLBACK") }
            throw error
        }
        do {
            try execute("COMMIT")
        } catch {
            if isInTransaction { try? execute("ROLLBACK") }
            throw error
        }
        return result
    }
}
