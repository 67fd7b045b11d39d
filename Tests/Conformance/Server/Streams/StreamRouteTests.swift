import Kernel
import Plugins
@testable import Server
import Testing

/// The live streams at the seed's paths, in the seed's message formats (short timings).
@Suite("Execution and workflow streams (seed §WebSocket Support)")
struct StreamRouteTests {
    static let fast: @Sendable (inout AppConfiguration) -> Void = {
        $0.streams.executionHeartbeat = .milliseconds(40)
        $0.streams.closeDelay = .milliseconds(150)
        $0.streams.workflowHeartbeat = .milliseconds(60)
    }
    static let headers: HTTPHeaders = ["authorization": "Bearer \(ReferenceTestServer.token)", "origin": ReferenceTestServer.origin]

    /// Reads text messages as JSON until the server closes; returns them with the close code.
    func transcript(_ client: WebSocketTestClient) async throws -> (messages: [JSONValue], close: WebSocketCloseCode?) {
        var messages: [JSONValue] = []
        var close: WebSocketCloseCode?
        while let event = try await client.receive() {
            switch event {
            case .text(let text): messages.append(try JSONValue(parsing: Array(text.utf8)))
            case .close(let code, _): close = code
            default: break
            }
        }
        return (messages, close)
    }

    func startExecution(_ server: ReferenceTestServer, steps: [JSONValue]) async throws -> String {
        let workflow = try await server.createWorkflow(steps)
        let started = await server.call(.post, "/api/v1/workflows/\(workflow["id"]?.string ?? "")/executions")
        #expect(started.statusCode == 202)
        return try started.json()["id"]?.string ?? ""
    }

    @Test("WS-STREAM-1 connected, then execution-updates up to completion, then a 1000 close after the delay")
    func executionStream() async throws {
        try await ReferenceTestServer.with(configure: Self.fast) { server in
            let id = try await startExecution(server, steps: [Step.delay(120, id: "step-1"), Step.set("answer", 42, id: "step-2")])
            let client = try await server.app.injectWebSocket("/api/v1/workflows/\(id)/stream", headers: Self.headers)
            let (messages, close) = try await transcript(client)
            #expect(messages.first?["type"]?.string == "connected")
            #expect(messages.first?["executionId"]?.string == id)
            let updates = messages.dropFirst()
            #expect(updates.allSatisfy { $0["type"]?.string == "execution-update" && $0["executionId"]?.string == id })
            #expect(updates.last?["status"]?.string == "completed")
            #expect(updates.last?["progress"]?.integer == 100)
            #expect(updates.last?["result"]?["answer"]?.integer == 42)
            #expect(updates.contains { $0["currentStep"]?.string == "step-1" })
            for update in updates {
                for key in ["status", "progress", "currentStep", "stepsExecuted", "totalSteps", "result", "error", "timestamp"] {
                    #expect(update.object?.keys.contains(key) == true, "\(key) missing")
                }
                let progress = update["progress"]?.integer ?? -1
                #expect((0...100).contains(progress))
            }
            #expect(close == .normal)
        }
    }

    @Test("WS-STREAM-2 while a step runs, updates arrive at least once per heartbeat")
    func heartbeat() async throws {
        try await ReferenceTestServer.with(configure: Self.fast) { server in
            let id = try await startExecution(server, steps: [Step.delay(400, id: "slow")])
            let client = try await server.app.injectWebSocket("/api/v1/workflows/\(id)/stream", headers: Self.headers)
            let (messages, _) = try await transcript(client)
            let running = messages.filter { $0["status"]?.string == "running" }
            #expect(running.count >= 3, "a 400 ms step with a 40 ms heartbeat sent \(running.count) running updates")
        }
    }

    @Test("WS-STREAM-3 many clients on one execution each get every update")
    func fanOut() async throws {
        try await ReferenceTestServer.with(configure: Self.fast) { server in
            let id = try await startExecution(server, steps: [Step.delay(100, id: "a"), Step.delay(50, id: "b")])
            var clients: [WebSocketTestClient] = []
            for _ in 0..<5 { clients.append(try await server.app.injectWebSocket("/api/v1/workflows/\(id)/stream", headers: Self.headers)) }
            var finals: [String] = []
            for client in clients {
                let (messages, close) = try await transcript(client)
                finals.append(messages.last?["status"]?.string ?? "none")
                #expect(messages.contains { $0["currentStep"]?.string == "b" })
                #expect(close == .normal)
            }
            #expect(finals == Array(repeating: "completed", count: 5))
        }
    }

    @Test("WS-STREAM-4 an unknown execution gets an error message and a close")
    func unknownExecution() async throws {
        try await ReferenceTestServer.with(configure: Self.fast) { server in
            let client = try await server.app.injectWebSocket("/api/v1/workflows/nope/stream", headers: Self.headers)
            let (messages, close) = try await transcript(client)
            #expect(messages.count == 1)
            #expect(messages.first?["type"]?.string == "error")
            #expect(close == WebSocketCloseCode(rawValue: 4404))
        }
    }

    @Test("WS-STREAM-5 the upgrade needs a token (header or ?token=) and an allowed origin")
    func authAndOrigin() async throws {
        try await ReferenceTestServer.with(configure: Self.fast) { server in
            let id = try await startExecution(server, steps: [Step.delay(1)])
            await #expect(throws: WebSocketError.unexpectedResponse(401)) {
                _ = try await server.app.injectWebSocket("/api/v1/workflows/\(id)/stream", headers: ["origin": ReferenceTestServer.origin])
            }
            await #expect(throws: WebSocketError.unexpectedResponse(403)) {
                _ = try await server.app.injectWebSocket("/api/v1/workflows/\(id)/stream?token=\(ReferenceTestServer.token)", headers: ["origin": "http://evil.example"])
            }
            let client = try await server.app.injectWebSocket("/api/v1/workflows/\(id)/stream?token=\(ReferenceTestServer.token)", headers: ["origin": ReferenceTestServer.origin])
            let (messages, _) = try await transcript(client)
            #expect(messages.first?["type"]?.string == "connected")
        }
    }

    @Test("WS-STREAM-6 the workflow stream pushes workflow-updates with at most the 10 newest executions")
    func workflowStream() async throws {
        try await ReferenceTestServer.with(configure: Self.fast) { server in
            let workflow = try await server.createWorkflow([Step.delay(1)])
            let workflowId = workflow["id"]?.string ?? ""
            for _ in 0..<12 { _ = await server.call(.post, "/api/v1/workflows/\(workflowId)/executions") }
            let client = try await server.app.injectWebSocket("/api/v1/workflows/workflow/\(workflowId)/stream", headers: Self.headers)
            var received: [JSONValue] = []
            while received.count < 3, let message = try await client.receiveMessage(), let text = message.text {
                received.append(try JSONValue(parsing: Array(text.utf8)))
            }
            await client.terminate()
            #expect(received.count == 3)
            for message in received {
                #expect(message["type"]?.string == "workflow-updates")
                #expect(message["workflowId"]?.string == workflowId)
                #expect((message["executions"]?.array?.count ?? 0) <= 10)
                #expect(message["executions"]?.array?.first?.object?.keys.sorted() == ["currentStep", "id", "progress", "status", "stepsExecuted", "totalSteps"])
            }
            #expect(received.last?["executions"]?.array?.count == 10)
        }
    }
}
