/// A store operation that failed for a reason other than SQLite itself or invalid input.
///
/// ```swift
/// catch let error as StoreError where error == .closed { … }
/// ```
public struct StoreError: Error, Sendable, Hashable, CustomStringConvertible {
    enum Kind: Hashable, Sendable {
        case closed
        case notFound(entity: String, id: String)
        case corruptData(String)
    }

    let kind: Kind

    /// The store was closed (or never opened).
    public static let closed = StoreError(kind: .closed)

    /// No `entity` with `id` exists (e.g. creating a workflow for a missing project).
    public static func notFound(_ entity: String, id: String) -> StoreError {
        StoreError(kind: .notFound(entity: entity, id: id))
    }

    /// A stored row could not be decoded (hand-edited database, or a bug).
    public static func corruptData(_ detail: String) -> StoreError {
        StoreError(kind: .corruptData(detail))
    }

    /// True for ``notFound(_:id:)`` errors.
    public var isNotFound: Bool {
        if case .notFound = kind { return true }
        return false
    }

    /// A readable summary.
    public var description: String {
        switch kind {
        case .closed: return "store is closed"
        case .notFound(let entity, let id): return "\(entity) \(id) not found"
        case .corruptData(let detail): return "corrupt stored data: \(detail)"
        }
    }
}
