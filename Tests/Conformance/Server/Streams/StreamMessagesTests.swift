import Kernel
import Testing
@testable import Server

@Suite("Stream messages: exact JSON")
struct StreamMessagesTests {
    private let stamp = Timestamp(millisecondsSinceEpoch: 1_764_843_072_345)  // 2025-12-04T10:11:12.345Z

    @Test("connected")
    func connected() throws {
        let text = try StreamMessage.text(ConnectedMessage(executionId: "e1", timestamp: stamp))
        #expect(text == #"{"type":"connected","executionId":"e1","timestamp":"2025-12-04T10:11:12.345Z"}"#)
    }

    @Test("execution-update while running: nulls written out, integers without .0")
    func runningUpdate() throws {
        let execution = Execution(id: "e1", workflowId: "w1", status: .running, progress: 50, currentStep: "step-1",
                                  stepsExecuted: 3, totalSteps: 6)
        let text = try StreamMessage.text(ExecutionUpdateMessage(execution, timestamp: stamp))
        #expect(text == #"{"type":"execution-update","executionId":"e1","status":"running","progress":50,"currentStep":"step-1","stepsExecuted":3,"totalSteps":6,"result":null,"error":null,"timestamp":"2025-12-04T10:11:12.345Z"}"#)
    }

    @Test("execution-update when completed and when failed")
    func finalUpdates() throws {
        let done = Execution(id: "e1", workflowId: "w1", status: .completed, progress: 100, stepsExecuted: 2, totalSteps: 2,
                             result: ["answer": 42, "ratio": 0.5, "tags": ["a", .null]])
        #expect(try StreamMessage.text(ExecutionUpdateMessage(done, timestamp: stamp)) == #"{"type":"execution-update","executionId":"e1","status":"completed","progress":100,"currentStep":null,"stepsExecuted":2,"totalSteps":2,"result":{"answer":42,"ratio":0.5,"tags":["a",null]},"error":null,"timestamp":"2025-12-04T10:11:12.345Z"}"#)
        let failed = Execution(id: "e2", workflowId: "w1", status: .failed, progress: 33, currentStep: "boom", stepsExecuted: 1,
                               totalSteps: 3, error: "it \"broke\"")
        #expect(try StreamMessage.text(ExecutionUpdateMessage(failed, timestamp: stamp)) == #"{"type":"execution-update","executionId":"e2","status":"failed","progress":33,"currentStep":"boom","stepsExecuted":1,"totalSteps":3,"result":null,"error":"it \"broke\"","timestamp":"2025-12-04T10:11:12.345Z"}"#)
    }

    @Test("an encoded execution-update gives the same text as the message, at any timestamp")
    func encodedUpdate() throws {
        let states = [
            Execution(id: "e1", workflowId: "w1", status: .running, progress: 50, currentStep: "step-1", stepsExecuted: 3, totalSteps: 6),
            Execution(id: "e2", workflowId: "w1", status: .completed, progress: 100, stepsExecuted: 2, totalSteps: 2,
                      result: ["answer": 42, "nested": ["é\u{1}": [1.5, true, .null]]]),
            Execution(id: "e3", workflowId: "w1", status: .failed, progress: 33, currentStep: "boom", stepsExecuted: 1, totalSteps: 3,
                      error: "it \"broke\""),
        ]
        for execution in states {
            let encoded = EncodedExecutionUpdate(execution, publishedAt: stamp)
            // The published message is the message stamped at publication, framed once.
            let published = try #require(encoded.published)
            #expect(String(decoding: published.payload, as: UTF8.self) == (try StreamMessage.text(ExecutionUpdateMessage(execution, timestamp: stamp))))
            for stamp in [stamp, Timestamp(millisecondsSinceEpoch: 0), Timestamp(millisecondsSinceEpoch: 253_402_300_799_999)] {
                #expect(try encoded.text(at: stamp) == StreamMessage.text(ExecutionUpdateMessage(execution, timestamp: stamp)))
            }
        }
    }

    @Test("an update encoded from a stored reply copies its result text and matches the parsed state's message")
    func encodedUpdateFromReply() throws {
        let done = Execution(id: "e1", workflowId: "w1", status: .completed, progress: 100, stepsExecuted: 2, totalSteps: 2,
                             result: ["b": [1, 2.5], "a": "é\u{1}"])
        let stored = ExecutionReply(done, result: JSONFragment(trusted: try JSONCoding.encode(done.result)), input: nil)
        #expect(try EncodedExecutionUpdate(stored).text(at: stamp) == StreamMessage.text(ExecutionUpdateMessage(done, timestamp: stamp)))
        #expect(EncodedExecutionUpdate(stored).published == nil, "a snapshot is stamped by the stream that sends it")
        let running = ExecutionReply(Execution(id: "e2", workflowId: "w1", status: .running, totalSteps: 1), result: nil, input: nil)
        #expect(try EncodedExecutionUpdate(running).text(at: stamp).contains(#""result":null"#))
    }

    @Test("a state JSON cannot write gives an encoding error, not a message")
    func encodedUpdateOfNonFiniteNumber() {
        let broken = Execution(id: "e1", workflowId: "w1", status: .completed, progress: 100, totalSteps: 1, result: ["x": .number(.infinity)])
        #expect(throws: (any Error).self) { try EncodedExecutionUpdate(broken).text(at: stamp) }
        #expect(EncodedExecutionUpdate(broken).published == nil)
    }

    @Test("workflow-updates lists the ten most recent executions, newest first, with six fields each")
    func workflowUpdates() throws {
        let executions = (0..<12).map { (index: Int) -> Execution in
            let latest = index == 11
            return Execution(
                id: "e\(index)", workflowId: "w1", status: latest ? .running : .completed, progress: latest ? 50 : 100,
                currentStep: latest ? "s" : nil, stepsExecuted: latest ? 1 : 2, totalSteps: 2,
                createdAt: Timestamp(millisecondsSinceEpoch: Int64(1_000 + index)))
        }
        let message = WorkflowUpdatesMessage(workflowId: "w1", executions: executions.shuffled(), timestamp: stamp)
        let expectedIDs: [String] = (2...11).reversed().map { "e\($0)" }
        #expect(message.executions.map(\.execution.id) == expectedIDs)
        let text = try StreamMessage.text(message)
        #expect(text.hasPrefix(#"{"type":"workflow-updates","workflowId":"w1","executions":[{"id":"e11","status":"running","progress":50,"currentStep":"s","stepsExecuted":1,"totalSteps":2},{"id":"e10","status":"completed","progress":100,"currentStep":null,"stepsExecuted":2,"totalSteps":2},"#))
        #expect(text.hasSuffix(#"{"id":"e2","status":"completed","progress":100,"currentStep":null,"stepsExecuted":2,"totalSteps":2}],"timestamp":"2025-12-04T10:11:12.345Z"}"#))
        let parsed = try JSONValue(parsing: Array(text.utf8))
        #expect(parsed["executions"]?.array?.count == 10)
    }

    @Test("workflow-updates with no executions")
    func emptyWorkflow() throws {
        let text = try StreamMessage.text(WorkflowUpdatesMessage(workflowId: "w1", executions: [], timestamp: stamp))
        #expect(text == #"{"type":"workflow-updates","workflowId":"w1","executions":[],"timestamp":"2025-12-04T10:11:12.345Z"}"#)
    }

    @Test("error messages for unknown executions and workflows")
    func errors() throws {
        #expect(try StreamMessage.text(StreamErrorMessage.executionNotFound("nope", timestamp: stamp)) == #"{"type":"error","code":"EXECUTION_NOT_FOUND","message":"Execution 'nope' not found","executionId":"nope","timestamp":"2025-12-04T10:11:12.345Z"}"#)
        #expect(try StreamMessage.text(StreamErrorMessage.workflowNotFound("w", timestamp: stamp)) == #"{"type":"error","code":"WORKFLOW_NOT_FOUND","message":"Workflow 'w' not found","workflowId":"w","timestamp":"2025-12-04T10:11:12.345Z"}"#)
    }

    @Test("messages made without a timestamp are stamped now, ISO 8601 with milliseconds")
    func stampedNow() throws {
        let before = Timestamp.now()
        let json = try JSONValue(parsing: Array(try StreamMessage.text(ConnectedMessage(executionId: "e")).utf8))
        let stampText = try #require(json["timestamp"]?.string)
        #expect(isISOMillis(stampText))
        #expect(try #require(Timestamp(iso8601: stampText)) >= before)
    }
}
