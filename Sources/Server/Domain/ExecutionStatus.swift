/// Lifecycle state of an execution.
///
/// ```
/// pending ──▶ running ──▶ completed | failed | cancelled
///    └──────────────────▶ cancelled | failed
/// ```
public enum ExecutionStatus: String, Sendable, Hashable, Codable, CaseIterable {
    /// Created, not yet started.
    case pending
    /// Steps are being executed.
    case running
    /// All steps finished.
    case completed
    /// A step failed or the process died (`error == "interrupted"`).
    case failed
    /// Stopped on request.
    case cancelled

    /// True for `completed`, `failed` and `cancelled`.
    public var isTerminal: Bool {
        switch self {
        case .pending, .running: return false
        case .completed, .failed, .cancelled: return true
        }
    }
}
