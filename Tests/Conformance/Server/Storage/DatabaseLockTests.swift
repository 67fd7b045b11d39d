import Glibc
import Testing
@testable import Server

/// One server per database: the second claim fails at once, and a released (or dead) holder frees it.
@Suite("Database lock")
struct DatabaseLockTests {
    @Test("a second claim on the same database fails, naming the lock file; a claim on another database does not")
    func secondClaimRefused() throws {
        let database = TemporaryDatabase("lock"), other = TemporaryDatabase("lock-other")
        defer { database.remove(); other.remove() }
        let first = try DatabaseLock.acquire(forDatabase: database.path)
        defer { first.release() }
        do {
            _ = try DatabaseLock.acquire(forDatabase: database.path)
            Issue.record("a second claim succeeded")
        } catch {
            #expect(error.isHeldElsewhere)
            #expect(error.description.contains(database.path + ".lock") && error.description.contains("DATABASE_PATH"))
        }
        try DatabaseLock.acquire(forDatabase: other.path).release()
    }

    @Test("a released claim can be taken again")
    func releaseFrees() throws {
        let database = TemporaryDatabase("lock")
        defer { database.remove() }
        try DatabaseLock.acquire(forDatabase: database.path).release()
        let again = try DatabaseLock.acquire(forDatabase: database.path)
        again.release()
    }

    @Test("a folder that cannot hold the lock file is reported with its reason")
    func unwritableFolder() {
        do {
            _ = try DatabaseLock.acquire(forDatabase: "/proc/no-such-folder/db.sqlite")
            Issue.record("a lock file was created under /proc")
        } catch {
            #expect(!error.isHeldElsewhere)
            #expect(error.description.hasPrefix("cannot lock '/proc/no-such-folder/db.sqlite.lock'"))
        }
    }
}
