/// Replays a list of cases against an HTTP target and, when there is one, a WebSocket target.
///
/// ```swift
/// let report = await SpecReplayer(http: try await InjectTarget(app)).run(cases)
/// print(report)   // one line per case, then "N passed, M failed"
/// ```
struct SpecReplayer: Sendable {
    /// Where HTTP cases go.
    var http: any HTTPTarget
    /// Where WebSocket cases go; nil skips them.
    var webSocket: (any WebSocketTarget)?
    /// The reason printed for skipped WebSocket cases.
    var noWebSocketReason = "this replay has no WebSocket transport (in-process inject)"

    /// A replayer with an HTTP target and an optional WebSocket target.
    init(http: any HTTPTarget, webSocket: (any WebSocketTarget)? = nil) {
        self.http = http
        self.webSocket = webSocket
    }

    /// Runs every case in order, one at a time, and returns the report.
    func run(_ cases: [SpecCase]) async -> SpecReport {
        var report = SpecReport()
        for spec in cases {
            let outcome: CaseOutcome
            switch spec {
            case .http(let httpCase):
                let problems = await HTTPReplayer.replay(httpCase, against: http)
                outcome = problems.isEmpty ? .passed : .failed(problems)
            case .webSocket(let wsCase):
                if let webSocket {
                    let problems = await WebSocketReplayer.replay(wsCase, against: webSocket)
                    outcome = problems.isEmpty ? .passed : .failed(problems)
                } else {
                    outcome = .skipped(noWebSocketReason)
                }
            }
            report.record(CaseResult(id: spec.id, outcome: outcome, location: spec.info.location))
        }
        return report
    }
}
