import Kernel
import Plugins
@testable import Server
import Testing

/// How the live streams end: a client that talks or closes, a subject deleted while streamed, and
/// the order of the last messages (short timings; every test drops its client after a deadline, so a
/// stream that never ends fails instead of hanging).
@Suite("Stream lifecycle (client messages, deleted subjects, the final message)")
struct StreamLifecycleTests {
    static let headers = StreamRouteTests.headers

    /// Drops the client's connection after `seconds` unless cancelled first.
    static func watchdog(_ client: WebSocketTestClient, seconds: Int = 5) -> Task<Void, Never> {
        Task {
            do { try await Task.sleep(for: .seconds(seconds)) } catch { return }
            await client.terminate()
        }
    }

    /// The JSON text messages until the connection ends, and the server's close code (nil when there was none).
    static func transcript(_ client: WebSocketTestClient, seconds: Int = 5) async throws -> (messages: [JSONValue], close: WebSocketCloseCode?) {
        let watchdog = watchdog(client, seconds: seconds)
        defer { watchdog.cancel() }
        return try await StreamRouteTests().transcript(client)
    }

    /// A workflow of one `delay` step and a started execution of it: (workflow id, execution id).
    static func startHeldExecution(_ server: ReferenceTestServer) async throws -> (workflowId: String, executionId: String) {
        let workflow = try await server.createWorkflow([Step.delay(1_000, id: "hold")])
        let workflowId = workflow["id"]?.string ?? ""
        let started = await server.call(.post, "/api/v1/workflows/\(workflowId)/executions")
        #expect(started.statusCode == 202)
        return (workflowId, try started.json()["id"]?.string ?? "")
    }

    @Test("WS-STREAM-7 a client's text message does not stall the socket: a ping gets its pong, a close is echoed and ends the handler",
          arguments: ["execution", "workflow"])
    func clientMessagesAndClose(stream: String) async throws {
        let gate = GatedSleep()
        try await ReferenceTestServer.with(configure: StreamRouteTests.fast, sleep: gate.sleep) { server in
            let (workflowId, executionId) = try await Self.startHeldExecution(server)
            let path = stream == "execution" ? "/api/v1/workflows/\(executionId)/stream" : "/api/v1/workflows/workflow/\(workflowId)/stream"
            let client = try await server.app.injectWebSocket(path, headers: Self.headers)
            let watchdog = Self.watchdog(client)
            defer { watchdog.cancel() }
            #expect(try await client.receiveMessage() != nil)
            try await client.send(text: #"{"type":"hello"}"#)
            try await client.ping([7])
            var pong = false
            while !pong, let event = try await client.receive() { pong = event == .pong([7]) }
            #expect(pong, "the ping sent after a text message was answered")
            try await client.close(code: .normal, reason: "bye")
            var reply: WebSocketCloseCode?
            while let event = try await client.receive() {
                if case .close(let code, _) = event { reply = code }
            }
            #expect(reply == .normal, "the server echoed the client's close")
            await client.serverFinished()
            gate.release()
        }
    }

    @Test("WS-STREAM-8 an execution whose workflow is deleted, then its run cancelled or run on: EXECUTION_NOT_FOUND, close 4404",
          arguments: [true, false])
    func executionDeleted(thenCancelled: Bool) async throws {
        let gate = GatedSleep()
        try await ReferenceTestServer.with(configure: StreamRouteTests.fast, sleep: gate.sleep) { server in
            let (workflowId, executionId) = try await Self.startHeldExecution(server)
            let client = try await server.app.injectWebSocket("/api/v1/workflows/\(executionId)/stream", headers: Self.headers)
            #expect(try await client.receiveMessage()?.text?.contains(#""type":"connected""#) == true)
            _ = await gate.nextEntry()
            #expect(await server.call(.delete, "/api/v1/workflows/\(workflowId)").statusCode == 204)
            if thenCancelled {
                // The run is stopped; its record went with the workflow, so the route answers 404.
                #expect(await server.call(.post, "/api/v1/executions/\(executionId)/cancel").statusCode == 404)
            } else {
                gate.release()   // the run's next save finds nothing
                await server.engine.waitUntilFinished(executionId: executionId)
            }
            #expect(server.engine.activeCount == 0)
            let (messages, close) = try await Self.transcript(client)
            #expect(messages.last?["type"]?.string == "error")
            #expect(messages.last?["code"]?.string == "EXECUTION_NOT_FOUND")
            #expect(messages.last?["executionId"]?.string == executionId)
            #expect(messages.dropLast().allSatisfy { $0["type"]?.string != "error" })
            #expect(close == .subjectNotFound)
        }
    }

    @Test("WS-STREAM-9 the workflow stream of a deleted workflow sends WORKFLOW_NOT_FOUND and closes with 4404")
    func workflowDeleted() async throws {
        try await ReferenceTestServer.with(configure: StreamRouteTests.fast) { server in
            let workflow = try await server.createWorkflow([Step.delay(1)])
            let workflowId = workflow["id"]?.string ?? ""
            let client = try await server.app.injectWebSocket("/api/v1/workflows/workflow/\(workflowId)/stream", headers: Self.headers)
            let first = try JSONValue(parsing: Array((try await client.receiveMessage())?.text?.utf8 ?? "".utf8))
            #expect(first["type"]?.string == "workflow-updates")
            #expect(await server.call(.delete, "/api/v1/workflows/\(workflowId)").statusCode == 204)
            let (messages, close) = try await Self.transcript(client)
            #expect(messages.last?["type"]?.string == "error")
            #expect(messages.last?["code"]?.string == "WORKFLOW_NOT_FOUND")
            #expect(messages.last?["workflowId"]?.string == workflowId)
            #expect(close == .subjectNotFound)
        }
    }

    @Test("WS-STREAM-10 with a heartbeat racing the last change, nothing follows the final status")
    func nothingAfterFinal() async throws {
        let configure: @Sendable (inout AppConfiguration) -> Void = {
            $0.streams.executionHeartbeat = .milliseconds(1)
            $0.streams.closeDelay = .milliseconds(20)
        }
        try await ReferenceTestServer.with(configure: configure) { server in
            let workflow = try await server.createWorkflow([Step.delay(40), Step.set("k", 1), Step.delay(5)])
            let workflowId = workflow["id"]?.string ?? ""
            var clients: [WebSocketTestClient] = []
            for _ in 0..<24 {
                let started = await server.call(.post, "/api/v1/workflows/\(workflowId)/executions")
                let id = try started.json()["id"]?.string ?? ""
                for _ in 0..<3 { clients.append(try await server.app.injectWebSocket("/api/v1/workflows/\(id)/stream", headers: Self.headers)) }
            }
            for client in clients {
                let (messages, close) = try await Self.transcript(client)
                let final = messages.firstIndex { $0["status"]?.string == "completed" }
                #expect(final == messages.indices.last, "messages after the final status: \(messages.suffix(2))")
                #expect(close == .normal)
            }
        }
    }
}
