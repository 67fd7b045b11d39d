import Dispatch
#if canImport(Glibc)
import Glibc
#elseif canImport(Darwin)
import Darwin
#endif

/// Persistence for projects, workflows and executions in one SQLite file.
///
/// `Store` is an actor whose executor is a ``DedicatedThreadExecutor``: every method body,
/// and so every blocking SQLite call, runs on the store's own thread. Callers on Swift's
/// cooperative pool just `await`; their threads are free while the disk works.
///
/// The database runs in WAL mode with `synchronous=FULL` and foreign keys on, and the schema is
/// migrated on open (``Schema``). After a crash, call ``recoverInterruptedExecutions()`` once
/// before starting new work.
///
/// ```swift
/// let store = try await Store.open(path: "/var/lib/app/data.sqlite")
/// _ = try await store.recoverInterruptedExecutions()
/// let project = try await store.createProject(name: "Billing")
/// ```
public actor Store {
    private let executor: DedicatedThreadExecutor
    private var connection: SQLiteConnection?
    /// The database file.
    public nonisolated let path: String

    /// Runs this actor on its dedicated thread.
    public nonisolated var unownedExecutor: UnownedSerialExecutor {
        executor.asUnownedSerialExecutor()
    }

    private init(path: String) {
        self.path = path
        self.executor = DedicatedThreadExecutor(name: "sqlite-store")
    }

    /// Opens (creating if needed) the database at `path` and applies pending migrations.
    ///
    /// The file is opened on the store's thread, not the caller's.
    public static func open(path: String, migrations: [Migration] = Schema.migrations) async throws -> Store {
        let store = Store(path: path)
        try await store.openConnection(migrations: migrations)
        return store
    }

    private func openConnection(migrations: [Migration]) throws {
        let connection = try SQLiteConnection(path: path)
        try connection.configureForDurability()
        try Migrations(migrations).apply(to: connection)
        self.connection = connection
    }

    /// Closes the database; later calls throw ``StoreError/closed``. Idempotent.
    public func close() {
        connection?.close()
        connection = nil
    }

    /// The open connection, for use inside the store's methods.
    func database() throws(StoreError) -> SQLiteConnection {
        guard let connection else { throw StoreError.closed }
        return connection
    }

    /// The schema version recorded in `PRAGMA user_version`.
    public func schemaVersion() throws -> Int {
        try database().userVersion
    }

    /// Marks every `pending` or `running` execution as `failed` with error `interrupted`.
    ///
    /// Call once at startup: such rows belong to a process that died mid-run.
    /// - Returns: how many executions were marked.
    @discardableResult
    public func recoverInterruptedExecutions() throws -> Int {
        try database().run(
            """
            UPDATE executions
               SET status = 'failed', error = ?, finished_at = ?
             WHERE status IN ('pending', 'running')
            """,
            [.text(Execution.interruptedError), .integer(Timestamp.now().millisecondsSinceEpoch)])
    }

    // MARK: - Test hooks

    /// True when the caller runs on the store's dedicated thread (used by tests).
    func isRunningOnStorageThread() -> Bool {
        executor.isCurrentThread
    }

    /// Blocks the store's thread for `milliseconds`, standing in for slow disk I/O (tests).
    func blockThreadForTesting(milliseconds: Int) {
        usleep(useconds_t(milliseconds * 1000))
    }

    /// Blocks the store's thread until `gate` is signalled, standing in for slow disk I/O (tests).
    /// `entered` is signalled first, so a test knows the thread is held. Returns false when the
    /// gate stayed shut for 10 s: whoever should have opened it never got to run.
    func blockThreadForTesting(entered: DispatchSemaphore, until gate: DispatchSemaphore) -> Bool {
        entered.signal()
        return gate.wait(timeout: .now() + .seconds(10)) == .success
    }
}
