import Glibc

/// This process's claim on a database: an exclusive `flock(2)` on `<database>.lock`, held until it is released or
/// the process ends (a crash releases it too, so recovery after a crash is never refused).
///
/// A second server on the same database would take the first one's running executions for ones a crash left
/// behind: its recovery marks them failed, and the first server's engine later overwrites that with its own
/// results. So the second server refuses to start, before it touches anything.
///
/// ```swift
/// let lock = try DatabaseLock.acquire(forDatabase: "./data/server.sqlite")   // ./data/server.sqlite.lock
/// defer { lock.release() }
/// ```
final class DatabaseLock: Sendable {
    /// Why the claim failed.
    struct Failure: Error, CustomStringConvertible {
        /// The lock file.
        let lockPath: String
        /// `EWOULDBLOCK` when another process holds the lock; otherwise the `errno` of `open` or `flock`.
        let code: Int32

        /// Whether another process holds the lock.
        var isHeldElsewhere: Bool { code == EWOULDBLOCK }

        /// What went wrong, and what to do about it.
        var description: String {
            if isHeldElsewhere {
                return "another server is using this database (it holds '\(lockPath)'); stop it, or give this one"
                    + " its own DATABASE_PATH"
            }
            return "cannot lock '\(lockPath)': \(String(cString: strerror(code)))"
        }
    }

    /// The lock file's descriptor; closing it releases the lock.
    private let descriptor: Int32

    private init(descriptor: Int32) { self.descriptor = descriptor }

    /// Claims `database` for this process, or throws at once (it never waits) when another process has it.
    static func acquire(forDatabase database: String) throws(Failure) -> DatabaseLock {
        let lockPath = database + ".lock"
        let descriptor = open(lockPath, O_RDWR | O_CREAT | O_CLOEXEC, 0o644)
        guard descriptor >= 0 else { throw Failure(lockPath: lockPath, code: errno) }
        guard flock(descriptor, LOCK_EX | LOCK_NB) == 0 else {
            let code = errno
            close(descriptor)
            throw Failure(lockPath: lockPath, code: code)
        }
        return DatabaseLock(descriptor: descriptor)
    }

    /// Gives the database up (closing the descriptor drops the lock); the lock file stays, empty.
    func release() { close(descriptor) }
}
