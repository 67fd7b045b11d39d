/// Timing of the live execution streams; tests shorten these.
public struct StreamSettings: Sendable, Equatable {
    /// While an execution runs, an update is sent at least this often, even when nothing changed.
    public var executionHeartbeat: Duration = .seconds(1)
    /// The execution stream closes with 1000 this long after the execution finished.
    public var closeDelay: Duration = .seconds(5)
    /// The workflow stream pushes its summary at least this often.
    public var workflowHeartbeat: Duration = .seconds(2)

    /// The seed's timings: 1 s, 5 s and 2 s.
    public init() {}
}
