import Kernel
import Synchronization
import Testing

@Suite("WebSocket cases: transcripts checked against message, interval and close rules")
struct WebSocketCaseTests {
    static let spec = """
    ```ws-case
    id: WS-T-001
    source: test
    url: ws://localhost:3001/api/v1/workflows/E1/stream
    expect message 1: object {type, executionId, timestamp}
      type: "connected"
      timestamp: iso8601
    expect messages 2..: object
      type: "execution-update"
      progress: number 0..100
      status: in {pending, running, completed, failed, cancelled}
    expect last message:
      status: in {completed, failed, cancelled}
    expect interval: 1s ±0.5s
    expect close: 1000 after 5s ±1s
    ```
    """

    private func wsCase() throws -> WebSocketCase {
        guard case .webSocket(let value) = try SpecParser.parse(Self.spec, file: "ws.md")[0] else { throw SpecSyntaxError(message: "not a ws-case") }
        return value
    }

    private static func connected(_ ms: Int) -> (Int, WebSocketEvent) {
        (ms, .text(#"{"type":"connected","executionId":"E1","timestamp":"2025-12-04T10:00:00.000Z"}"#))
    }
    private static func update(_ ms: Int, _ status: String, _ progress: Int) -> (Int, WebSocketEvent) {
        (ms, .text(#"{"type":"execution-update","status":"\#(status)","progress":\#(progress)}"#))
    }

    static let conforming: [(Int, WebSocketEvent)] = [
        connected(5), update(1005, "running", 50), update(2010, "completed", 100), (7100, .closed(code: 1000, reason: "")),
    ]

    @Test("a conforming conversation passes")
    func passes() throws {
        #expect(WebSocketReplayer.check(try wsCase(), WebSocketTranscript(events: Self.conforming.map { ($0.0, $0.1) })) == [])
    }

    @Test("each broken rule is reported once, naming its spec line", arguments: [
        ("wrong first type", [(5, WebSocketEvent.text(#"{"type":"hello","executionId":"E1","timestamp":"2025-12-04T10:00:00Z"}"#))] + Array(conforming.dropFirst()), "line 6: message 1: type: expected \"connected\""),
        ("progress out of range", [conforming[0], update(1005, "running", 150)] + Array(conforming.dropFirst(2)), "line 10: message 2: progress: expected number 0..100, got 150"),
        ("unknown status", [conforming[0], update(1005, "paused", 50)] + Array(conforming.dropFirst(2)), "line 11: message 2: status: expected in {pending, running, completed, failed, cancelled}"),
        ("not finished", Array(conforming.prefix(2)) + [(6100, .closed(code: 1000, reason: ""))], "line 13: message 2: status: expected in {completed, failed, cancelled}"),
        ("too slow", [conforming[0], update(2600, "running", 50), update(3600, "completed", 100), (8600, .closed(code: 1000, reason: ""))], "line 14: interval between messages 1 and 2: 2595ms"),
        ("closed too early", Array(conforming.prefix(3)) + [(3000, .closed(code: 1000, reason: ""))], "line 15: close: 990ms after the last message"),
        ("wrong close code", Array(conforming.prefix(3)) + [(7100, .closed(code: 1011, reason: ""))], "line 15: close: expected code 1000, got 1011"),
        ("never closed", Array(conforming.prefix(3)), "line 15: close: the server did not close the connection"),
        ("no updates", [conforming[0], (5005, .closed(code: 1000, reason: ""))], "line 8: messages 2..: missing (1 received)"),
        ("not JSON", [conforming[0], (1005, .text("progress 50"))] + Array(conforming.dropFirst(2)), "line 8: message 2: not JSON"),
    ] as [(String, [(Int, WebSocketEvent)], String)])
    func fails(_ name: String, _ events: [(Int, WebSocketEvent)], _ expected: String) throws {
        let problems = WebSocketReplayer.check(try wsCase(), WebSocketTranscript(events: events.map { ($0.0, $0.1) }))
        #expect(problems.contains { $0.hasPrefix(expected) }, "\(name): \(problems)")
    }

    /// Plays back a scripted list of events with no delay.
    struct ScriptedTarget: WebSocketTarget {
        let events: [WebSocketEvent]
        let connections = Trace()
        func connect(url: SpecURL, headers: [(String, String)]) async throws -> any WebSocketSession {
            connections.add(url.text + " " + headers.map { "\($0.0)=\($0.1)" }.joined())
            return Session(events: events)
        }
        final class Session: WebSocketSession {
            let queue: Lock<[WebSocketEvent]>
            init(events: [WebSocketEvent]) { queue = Lock(events) }
            func next(timeout: Duration) async throws -> WebSocketEvent? { queue.withLock { $0.isEmpty ? nil : $0.removeFirst() } }
            func close() async {}
        }
    }

    @Test("the replayer connects with the case's URL and headers and checks what it received")
    func replay() async throws {
        let spec = """
        ```ws-case
        id: WS-T-002
        source: test
        url: ws://localhost:3001/x
        header: Origin: http://localhost:3000
        expect message 1: object
          type: "connected"
        expect close: 1000
        ```
        """
        let cases = try SpecParser.parse(spec, file: "ws.md")
        let good = ScriptedTarget(events: [.text(#"{"type":"connected"}"#), .closed(code: 1000, reason: "")])
        let report = await SpecReplayer(http: NoHTTP(), webSocket: good).run(cases)
        #expect(report.lines == ["PASS WS-T-002", "1 passed, 0 failed"])
        #expect(good.connections.all == ["ws://localhost:3001/x Origin=http://localhost:3000"])
        let bad = ScriptedTarget(events: [.text(#"{"type":"connected"}"#), .closed(code: 1001, reason: "")])
        let failed = await SpecReplayer(http: NoHTTP(), webSocket: bad).run(cases)
        #expect(failed.lines == ["FAIL WS-T-002 (ws.md:1): line 8: close: expected code 1000, got 1001", "0 passed, 1 failed"])
        let skipped = await SpecReplayer(http: NoHTTP()).run(cases)
        #expect(skipped.lines == ["SKIP WS-T-002: this replay has no WebSocket transport (in-process inject)", "1 skipped", "0 passed, 0 failed"])
    }

    /// An HTTP target for replays that only hold WebSocket cases.
    struct NoHTTP: HTTPTarget {
        func send(method: String, url: SpecURL, headers: [(String, String)], body: [UInt8]?) async throws -> (status: Int, headers: [(String, String)], body: [UInt8]) {
            throw SpecSyntaxError(message: "no HTTP here")
        }
    }
}
