/// The outcome of one case in a replay.
enum CaseOutcome: Sendable, Equatable {
    /// Every expectation held.
    case passed
    /// At least one did not; each string says what differed.
    case failed([String])
    /// Not run, with the reason (e.g. the target has no WebSocket transport).
    case skipped(String)
}

/// One case's line in a report.
struct CaseResult: Sendable, Equatable {
    /// The case ID.
    var id: String
    /// What happened.
    var outcome: CaseOutcome
    /// Where the case is written.
    var location: SpecLocation
}

/// A replay's results: one line per case, then the totals; the last line is exactly `N passed, M failed`.
///
/// ```text
/// PASS KERNEL-HOOK-001
/// FAIL KERNEL-HOOK-002 (Specs/kernel-lifecycle.md:40): header x-on-send: expected "1", absent
/// SKIP SEED-WS-001: the inject replay has no WebSocket transport
/// 1 skipped
/// 1 passed, 1 failed
/// ```
struct SpecReport: Sendable, CustomStringConvertible {
    /// Results in replay order.
    var results: [CaseResult] = []

    /// Appends a result.
    mutating func record(_ result: CaseResult) { results.append(result) }

    /// How many passed.
    var passedCount: Int { results.filter { $0.outcome == .passed }.count }
    /// How many failed.
    var failedCount: Int { results.filter { if case .failed = $0.outcome { true } else { false } }.count }
    /// How many were skipped.
    var skippedCount: Int { results.filter { if case .skipped = $0.outcome { true } else { false } }.count }
    /// The IDs of the failed cases, in order.
    var failedIDs: [String] { results.compactMap { if case .failed = $0.outcome { $0.id } else { nil } } }
    /// The IDs of the passed cases, in order.
    var passedIDs: [String] { results.compactMap { $0.outcome == .passed ? $0.id : nil } }

    /// The report's lines; a `K skipped` line appears before the totals only when something was skipped.
    var lines: [String] {
        var lines = results.map(Self.line)
        if skippedCount > 0 { lines.append("\(skippedCount) skipped") }
        lines.append("\(passedCount) passed, \(failedCount) failed")
        return lines
    }

    /// The lines joined by newlines.
    var description: String { lines.joined(separator: "\n") }

    /// `PASS ID`, `FAIL ID (file:line): a; b`, `SKIP ID: reason`.
    static func line(_ result: CaseResult) -> String {
        switch result.outcome {
        case .passed: "PASS \(result.id)"
        case .failed(let problems): "FAIL \(result.id) (\(result.location)): \(problems.joined(separator: "; "))"
        case .skipped(let reason): "SKIP \(result.id): \(reason)"
        }
    }
}
