import Kernel

/// What the reference server's routes share: the store, the event hub and the engine.
///
/// ```swift
/// let services = ReferenceServices(store: store, logger: logger)
/// let updates = services.events.subscribe(executionId: id)
/// ```
public struct ReferenceServices: Sendable {
    /// The SQLite store.
    public let store: Store
    /// Saved execution changes, for the stream routes.
    public let events: ExecutionEvents
    /// Runs executions.
    public let engine: ExecutionEngine

    /// Services over `store` with a fresh hub and an engine running at most `runLimit` executions at once;
    /// `sleep` lets tests shorten `delay` steps.
    public init(
        store: Store, runLimit: Int = ExecutionEngine.defaultRunLimit, logger: Logger = .discarding,
        sleep: @escaping ExecutionEngine.Sleep = ExecutionEngine.realSleep
    ) {
        let events = ExecutionEvents()
        self.store = store
        self.events = events
        self.engine = ExecutionEngine(store: store, events: events, runLimit: runLimit, logger: logger, sleep: sleep)
    }
}

extension DecorationKey where Value == ReferenceServices {
    /// The reference server's services, declared on the root scope by ``ReferenceApp/make(_:services:logger:)``.
    public static var referenceServices: Self { .init("referenceServices") }
}
