import Testing
@testable import Server

@Suite("Migrations")
struct MigrationTests {
    private let counting = [
        Migration(version: 1, name: "table", sql: "CREATE TABLE log (n INTEGER)"),
        Migration(version: 2, name: "row", sql: "INSERT INTO log VALUES (2)"),
    ]

    @Test("applies pending migrations once and records user_version")
    func idempotent() throws {
        let file = TemporaryDatabase("migrate")
        defer { file.remove() }
        let db = try SQLiteConnection(path: file.path)
        #expect(try db.userVersion == 0)
        #expect(try Migrations(counting).apply(to: db) == [1, 2])
        #expect(try db.userVersion == 2)
        #expect(try Migrations(counting).apply(to: db) == [])
        #expect(try db.scalarInt64("SELECT count(*) FROM log") == 1)

        // Appending a version later applies only the new one.
        let extended = counting + [Migration(version: 3, name: "again", sql: "INSERT INTO log VALUES (3)")]
        #expect(try Migrations(extended).apply(to: db) == [3])
        #expect(try db.scalarInt64("SELECT count(*) FROM log") == 2)
    }

    @Test("a failing migration is rolled back together with its version bump")
    func failingMigrationRollsBack() throws {
        let file = TemporaryDatabase("migrate-fail")
        defer { file.remove() }
        let db = try SQLiteConnection(path: file.path)
        let broken = counting + [
            Migration(version: 3, name: "half", sql: "CREATE TABLE extra (x); INSERT INTO nowhere VALUES (1)")
        ]
        #expect(throws: SQLiteError.self) { try Migrations(broken).apply(to: db) }
        #expect(try db.userVersion == 2)
        #expect(try db.scalarInt64("SELECT count(*) FROM sqlite_master WHERE name = 'extra'") == 0)
    }

    @Test("a database newer than the code is refused")
    func newerDatabase() throws {
        let file = TemporaryDatabase("migrate-newer")
        defer { file.remove() }
        let db = try SQLiteConnection(path: file.path)
        try db.setUserVersion(9)
        #expect(throws: SQLiteError.self) { try Migrations(counting).apply(to: db) }
    }

    @Test("the store records the schema version and reopening does not re-run migrations")
    func storeSchemaVersion() async throws {
        let file = TemporaryDatabase("migrate-store")
        defer { file.remove() }
        let latest = Migrations(Schema.migrations).latestVersion
        let store = try await Store.open(path: file.path)
        #expect(try await store.schemaVersion() == latest)
        _ = try await store.createProject(name: "kept")
        await store.close()
        let reopened = try await Store.open(path: file.path)
        #expect(try await reopened.schemaVersion() == latest)
        #expect(try await reopened.listProjects().map(\.name) == ["kept"])
        await reopened.close()
    }
}
