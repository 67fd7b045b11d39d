import CSQLite

extension SQLiteConnection {
    /// Applies the durability settings the store relies on.
    ///
    /// - `journal_mode=WAL`: readers never block the writer.
    /// - `synchronous=FULL`: every COMMIT fsyncs the WAL, so a `kill -9` (or power loss)
    ///   right after a commit returns cannot lose that transaction.
    /// - `foreign_keys=ON`: enforces references and `ON DELETE CASCADE`.
    /// - `busy_timeout`: waits for other connections' locks instead of failing at once.
    public func configureForDurability(busyTimeoutMilliseconds: Int32 = 5_000) throws(SQLiteError) {
        let handle = try requireHandle()
        sqlite3_busy_timeout(handle, busyTimeoutMilliseconds)
        let mode = try prepare("PRAGMA journal_mode=WAL")
        guard try mode.step(), mode.string(at: 0)?.lowercased() == "wal" else {
            throw SQLiteError(code: SQLITE_ERROR, message: "could not enable WAL", context: path)
        }
        try execute("PRAGMA synchronous=FULL")
        try execute("PRAGMA foreign_keys=ON")
    }

    /// The value of an integer pragma such as `user_version` or `synchronous`.
    public func pragmaInteger(_ name: String) throws(SQLiteError) -> Int64 {
        try scalarInt64("PRAGMA \(name)") ?? 0
    }

    /// The schema version stored in the database header (`PRAGMA user_version`).
    public var userVersion: Int {
        get throws(SQLiteError) { Int(try pragmaInteger("user_version")) }
    }

    /// Sets `PRAGMA user_version`; transactional like any other write.
    public func setUserVersion(_ version: Int) throws(SQLiteError) {
        try execute("PRAGMA user_version = \(version)")
    }

    private func requireHandle() throws(SQLiteError) -> OpaquePointer {
        guard let handle else {
            throw SQLiteError(code: SQLITE_MISUSE, message: "connection is closed", context: path)
        }
        return handle
    }
}
