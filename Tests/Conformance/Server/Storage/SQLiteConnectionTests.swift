import Testing
@testable import Server

@Suite("SQLite connection and statements")
struct SQLiteConnectionTests {
    @Test("every bind type round-trips through a table, and reset allows re-execution")
    func bindAndRead() throws {
        let file = TemporaryDatabase("bind")
        defer { file.remove() }
        let db = try SQLiteConnection(path: file.path)
        try db.execute("CREATE TABLE t (i INTEGER, r REAL, s TEXT, b BLOB, n TEXT)")
        let insert = try db.prepare("INSERT INTO t VALUES (?, ?, ?, ?, ?)")
        let rows: [(Int64, Double, String, [UInt8])] = [
            (Int64.max, 3.25, "héllo 😀", [0, 1, 255]),
            (Int64.min, -0.5, "", []),
        ]
        for row in rows {
            try insert.bind(row.0, at: 1)
            try insert.bind(row.1, at: 2)
            try insert.bind(row.2, at: 3)
            try insert.bind(row.3, at: 4)
            try insert.bindNull(at: 5)
            #expect(try insert.step() == false)
            insert.reset()
        }
        let select = try db.prepare("SELECT i, r, s, b, n FROM t ORDER BY rowid")
        var read: [(Int64, Double, String?, [UInt8]?, Bool)] = []
        while try select.step() {
            read.append((select.int64(at: 0), select.double(at: 1), select.string(at: 2), select.blob(at: 3), select.isNull(at: 4)))
        }
        #expect(read.count == 2)
        #expect(read[0].0 == Int64.max && read[0].1 == 3.25 && read[0].2 == "héllo 😀" && read[0].3 == [0, 1, 255] && read[0].4)
        #expect(read[1].0 == Int64.min && read[1].1 == -0.5 && read[1].2 == "" && read[1].3 == [] && read[1].4)
        #expect(select.columnCount == 5)
    }

    @Test("transaction commits on return and rolls back on throw")
    func transactions() throws {
        struct Abort: Error {}
        let file = TemporaryDatabase("txn")
        defer { file.remove() }
        let db = try SQLiteConnection(path: file.path)
        try db.execute("CREATE TABLE t (x INTEGER)")
        _ = try db.transaction { try db.run("INSERT INTO t VALUES (1)") }
        #expect(throws: Abort.self) {
            try db.transaction {
                try db.run("INSERT INTO t VALUES (2)")
                throw Abort()
            }
        }
        #expect(try db.scalarInt64("SELECT count(*) FROM t") == 1)
        #expect(db.isInTransaction == false)
        #expect(throws: SQLiteError.self) {
            try db.transaction { try db.transaction { () } }
        }
    }

    @Test("errors carry the SQLite code, message and SQL")
    func errors() throws {
        let file = TemporaryDatabase("err")
        defer { file.remove() }
        let db = try SQLiteConnection(path: file.path)
        try db.execute("CREATE TABLE t (x INTEGER PRIMARY KEY)")
        try db.run("INSERT INTO t VALUES (1)")
        do {
            try db.run("INSERT INTO t VALUES (1)")
            Issue.record("expected a constraint error")
        } catch {
            #expect(error.isConstraintViolation)
            #expect(error.code == 1555)  // SQLITE_CONSTRAINT_PRIMARYKEY
            #expect(error.message.contains("UNIQUE"))
            #expect(error.context.contains("INSERT"))
        }
        #expect(throws: SQLiteError.self) { try db.prepare("SELEC nonsense") }
        db.close()
        #expect(throws: SQLiteError.self) { try db.execute("SELECT 1") }
    }

    @Test("durability pragmas are applied")
    func pragmas() throws {
        let file = TemporaryDatabase("pragma")
        defer { file.remove() }
        let db = try SQLiteConnection(path: file.path)
        try db.configureForDurability()
        let mode = try db.prepare("PRAGMA journal_mode")
        _ = try mode.step()
        #expect(mode.string(at: 0) == "wal")
        #expect(try db.pragmaInteger("synchronous") == 2)  // FULL
        #expect(try db.pragmaInteger("foreign_keys") == 1)
    }
}
