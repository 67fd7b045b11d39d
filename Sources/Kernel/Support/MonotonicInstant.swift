/// A point on the continuous clock, stored as the `Duration` since a fixed origin.
///
/// `ContinuousClock.Instant` is not `@frozen`, so outside the standard library its size is only known
/// at run time. A struct holding one (`Request`, `Reply`) becomes address-only: every copy goes through
/// value witnesses, and each temporary of it in an async function is a task allocation. `Duration` is
/// `@frozen`, so a `MonotonicInstant` keeps those structs plain, loadable values.
///
/// ```swift
/// let start = MonotonicInstant.now
/// let instant: ContinuousClock.Instant = start.instant   // back at the API boundary
/// ```
@usableFromInline
struct MonotonicInstant: Comparable, Hashable, Sendable {
    /// The instant every `MonotonicInstant` is measured from (taken once, at first use).
    @usableFromInline static let origin = ContinuousClock.now

    /// Time since ``origin``; negative for instants before it.
    @usableFromInline var sinceOrigin: Duration

    /// The point `sinceOrigin` after ``origin``.
    @usableFromInline
    init(sinceOrigin: Duration) { self.sinceOrigin = sinceOrigin }

    /// The same point as `instant`.
    @usableFromInline
    init(_ instant: ContinuousClock.Instant) { sinceOrigin = instant - Self.origin }

    /// The current time.
    @usableFromInline
    static var now: MonotonicInstant { MonotonicInstant(ContinuousClock.now) }

    /// The point as the clock's own type.
    @usableFromInline
    var instant: ContinuousClock.Instant { Self.origin.advanced(by: sinceOrigin) }

    @usableFromInline
    static func < (lhs: MonotonicInstant, rhs: MonotonicInstant) -> Bool { lhs.sinceOrigin < rhs.sinceOrigin }
}
