/// One schema change, identified by a strictly increasing version number.
public struct Migration: Sendable {
    /// Version the database is at after this migration (1, 2, 3, …).
    public var version: Int
    /// Short human label for logs.
    public var name: String
    /// SQL run inside the migration's transaction; may hold several statements.
    public var sql: String

    /// Creates a migration.
    public init(version: Int, name: String, sql: String) {
        self.version = version
        self.name = name
        self.sql = sql
    }
}

/// Applies ordered migrations, recording progress in `PRAGMA user_version`.
///
/// Each pending migration runs in its own `BEGIN IMMEDIATE` transaction together with the
/// `user_version` bump, so a crash leaves the database at the previous version with none of
/// the half-applied change. Running again is a no-op.
///
/// ```swift
/// let applied = try Migrations(Schema.migrations).apply(to: connection)   // [1, 2]
/// ```
public struct Migrations: Sendable {
    /// The migrations, sorted by version.
    public let ordered: [Migration]

    /// Wraps `migrations`; they must be numbered 1, 2, 3, … without gaps.
    public init(_ migrations: [Migration]) {
        let sorted = migrations.sorted { $0.version < $1.version }
        for (offset, migration) in sorted.enumerated() {
            precondition(migration.version == offset + 1, "migrations must be numbered 1…n without gaps")
        }
        ordered = sorted
    }

    /// The version a fully migrated database has.
    public var latestVersion: Int { ordered.last?.version ?? 0 }

    /// Applies every migration newer than the database's `user_version`.
    ///
    /// - Returns: the versions applied by this call (empty when already current).
    /// - Throws: ``SQLiteError`` from a failing migration (its transaction is rolled back),
    ///   or when the database is newer than this code knows.
    @discardableResult
    public func apply(to connection: SQLiteConnection) throws -> [Int] {
        let current = try connection.userVersion
        guard current <= latestVersion else {
            throw SQLiteError(
                code: 1, message: "database schema version \(current) is newer than \(latestVersion)",
                context: "migrations")
        }
        var applied: [Int] = []
        for migration in ordered where migration.version > current {
            try connection.transaction(.immediate) {
                // Re-check under the write lock: another process may have migrated meanwhile.
                guard try connection.userVersion < migration.version else { return }
                try connection.execute(migration.sql)
                try connection.setUserVersion(migration.version)
                applied.append(migration.version)
            }
        }
        return applied
    }
}
