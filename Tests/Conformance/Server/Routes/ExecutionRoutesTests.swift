import Kernel
import Testing
@testable import Server

@Suite("Reference API: executions")
struct ExecutionRoutesTests {
    @Test("POST …/executions is 202 pending with every field; the run completes with the set values as result")
    func startAndComplete() async throws {
        try await ReferenceTestServer.with { server async throws in
            let workflow = try await server.createWorkflow([Step.delay(3, id: "w"), Step.set("answer", 42), Step.set("list", [1, "two"])])
            let workflowID = try #require(workflow["id"]?.string)
            let started = await server.call(.post, "/api/v1/workflows/\(workflowID)/executions")
            #expect(started.statusCode == 202)
            let execution = try started.json()
            let id = try #require(execution["id"]?.string)
            #expect(execution.object?.keys == [
                "id", "workflowId", "status", "progress", "currentStep", "stepsExecuted", "totalSteps",
                "result", "error", "input", "createdAt", "startedAt", "finishedAt",
            ])
            #expect(execution["status"] == "pending" && execution["progress"] == 0 && execution["totalSteps"] == 3)
            #expect(execution["result"] == .null && execution["startedAt"] == .null && execution["currentStep"] == .null)
            #expect(started.headers["location"] == "/api/v1/executions/\(id)")
            #expect(started.text.contains(#""progress":0,"#), "integral numbers print without .0")

            _ = try await server.waitForFinal(id)
            let done = try await server.call(.get, "/api/v1/executions/\(id)").json()
            #expect(done["status"] == "completed" && done["progress"] == 100 && done["stepsExecuted"] == 3)
            #expect(done["result"] == ["answer": 42, "list": [1, "two"]])
            #expect(done["error"] == .null && done["currentStep"] == .null)
            for key in ["createdAt", "startedAt", "finishedAt"] { #expect(isISOMillis(done[key]?.string), "\(key)") }
        }
    }

    @Test("a fail step ends the run failed with its message; {\"input\"} is kept")
    func failAndInput() async throws {
        try await ReferenceTestServer.with { server async throws in
            let workflow = try await server.createWorkflow([Step.set("a", 1), Step.fail("boom", id: "f"), Step.set("b", 2)])
            let started = try await server.call(.post, "/api/v1/workflows/\(workflow["id"]?.string ?? "")/executions", json: ["input": ["x": 1]]).json()
            #expect(started["input"] == ["x": 1])
            let done = try await server.waitForFinal(started["id"]?.string ?? "")
            #expect(done.status == .failed && done.error == "boom" && done.currentStep == "f")
            #expect(done.stepsExecuted == 1 && done.progress == 33 && done.result == nil)
        }
    }

    @Test("the list is newest first and honours ?limit; bad limits are 400")
    func list() async throws {
        try await ReferenceTestServer.with { server async throws in
            let workflow = try await server.createWorkflow([])
            let path = "/api/v1/workflows/\(workflow["id"]?.string ?? "")/executions"
            var ids: [String] = []
            for _ in 0..<3 {
                ids.append(try await server.call(.post, path).json()["id"]?.string ?? "")
                try await Task.sleep(for: .milliseconds(2))
            }
            let listed = try await server.call(.get, path).json().array?.compactMap { $0["id"]?.string }
            #expect(listed == ids.reversed())
            let limited = try await server.call(.get, path + "?limit=2").json().array?.count
            #expect(limited == 2)
            for bad in ["0", "101", "x"] {
                let response = await server.call(.get, path + "?limit=\(bad)")
                #expect(response.statusCode == 400)
                #expect(try response.json()["message"] == "querystring/limit must be an integer from 1 to 100")
            }
        }
    }

    @Test("cancel mid-delay answers 200 cancelled at once; cancelling again returns it unchanged")
    func cancel() async throws {
        let gate = GatedSleep()
        try await ReferenceTestServer.with(sleep: gate.sleep) { server async throws in
            let workflow = try await server.createWorkflow([Step.set("a", 1, id: "s"), Step.delay(60_000, id: "long"), Step.set("b", 2)])
            let id = try await server.call(.post, "/api/v1/workflows/\(workflow["id"]?.string ?? "")/executions").json()["id"]?.string ?? ""
            #expect(await gate.nextEntry() == .seconds(60))
            let cancelled = await server.call(.post, "/api/v1/executions/\(id)/cancel")
            #expect(cancelled.statusCode == 200)
            let json = try cancelled.json()
            #expect(json["status"] == "cancelled" && json["currentStep"] == "long" && json["stepsExecuted"] == 1 && json["progress"] == 33)
            #expect(isISOMillis(json["finishedAt"]?.string))
            let again = await server.call(.post, "/api/v1/executions/\(id)/cancel")
            #expect(again.statusCode == 200)
            #expect(try again.json() == json)
            #expect(try await server.store.execution(id: id)?.status == .cancelled)
        }
    }

    @Test("unknown workflow or execution ids are 404 with CORS; a non-object body is 400")
    func errors() async throws {
        try await ReferenceTestServer.with { server async throws in
            for (method, path) in [(HTTPMethod.post, "/api/v1/workflows/nope/executions"), (.get, "/api/v1/workflows/nope/executions"),
                                   (.get, "/api/v1/executions/nope"), (.post, "/api/v1/executions/nope/cancel")] {
                let response = await server.call(method, path)
                #expect(response.statusCode == 404, "\(method) \(path)")
                #expect(try response.json()["code"] == "FST_ERR_NOT_FOUND")
                #expect(response.headers["access-control-allow-origin"] == ReferenceTestServer.origin)
            }
            let workflow = try await server.createWorkflow([])
            let bad = await server.send(.post, "/api/v1/workflows/\(workflow["id"]?.string ?? "")/executions", body: "[1]")
            #expect(bad.statusCode == 400)
            #expect(try bad.json()["message"] == "body must be a JSON object")
            #expect(await server.call(.get, "/api/v1/executions/nope", token: nil).statusCode == 401)
        }
    }

    @Test("a start past the run limit is 503 EXECUTIONS_AT_CAPACITY with CORS, and leaves no execution behind")
    func atCapacity() async throws {
        let gate = GatedSleep()
        try await ReferenceTestServer.with(configure: { $0.maxRunningExecutions = 1 }, sleep: gate.sleep) { server async throws in
            let workflow = try await server.createWorkflow([Step.delay(60_000)])
            let path = "/api/v1/workflows/\(workflow["id"]?.string ?? "")/executions"
            #expect(await server.call(.post, path).statusCode == 202)
            let refused = await server.call(.post, path)
            #expect(refused.statusCode == 503)
            let json = try refused.json()
            #expect(json["code"] == "EXECUTIONS_AT_CAPACITY")
            #expect(json["message"]?.string?.hasPrefix("1 executions are running") == true)
            #expect(refused.headers["access-control-allow-origin"] == ReferenceTestServer.origin)
            #expect(try await server.call(.get, path).json().array?.count == 1)
            gate.release()
        }
    }
}
