import Kernel
import Testing
@testable import Server

@Suite("Reference API: workflows")
struct WorkflowRoutesTests {
    @Test("create under a project, list, read, replace with PUT, delete")
    func lifecycle() async throws {
        try await ReferenceTestServer.with { server async throws in
            let project = try await server.createProject()
            let projectID = try #require(project["id"]?.string)
            let steps: [JSONValue] = [Step.delay(5, id: "wait-1"), Step.set("answer", ["deep": [1, 2.5, .null, true]]), Step.fail("no")]
            let created = await server.call(.post, "/api/v1/projects/\(projectID)/workflows", json: ["name": "Nightly", "steps": .array(steps)])
            #expect(created.statusCode == 201)
            let workflow = try created.json()
            let id = try #require(workflow["id"]?.string)
            #expect(workflow.object?.keys == ["id", "projectId", "name", "steps", "createdAt", "updatedAt"])
            #expect(workflow["projectId"]?.string == projectID)
            #expect(workflow["steps"] == .array(steps), "steps come back as sent, key order and integers included")
            #expect(created.text.contains(#""config":{"ms":5}"#))
            #expect(created.headers["location"] == "/api/v1/workflows/\(id)")

            let list = try await server.call(.get, "/api/v1/projects/\(projectID)/workflows").json()
            #expect(list.array?.count == 1 && list.array?.first == workflow)
            #expect(try await server.call(.get, "/api/v1/workflows/\(id)").json() == workflow)

            let replaced = await server.call(.put, "/api/v1/workflows/\(id)", json: ["name": "Renamed", "steps": [Step.set("k", "v")]])
            #expect(replaced.statusCode == 200)
            let after = try replaced.json()
            #expect(after["name"] == "Renamed" && after["steps"]?.array?.count == 1 && after["createdAt"] == workflow["createdAt"])

            #expect(await server.call(.delete, "/api/v1/workflows/\(id)").statusCode == 204)
            #expect(await server.call(.get, "/api/v1/workflows/\(id)").statusCode == 404)
            #expect(try await server.call(.get, "/api/v1/projects/\(projectID)/workflows").json() == [])
        }
    }

    @Test("an empty step list is allowed")
    func emptySteps() async throws {
        try await ReferenceTestServer.with { server async throws in
            let workflow = try await server.createWorkflow([])
            #expect(workflow["steps"] == [])
        }
    }

    @Test("invalid workflows are 400 naming the field; an unknown step kind is refused at creation", arguments: [
        (#"{"steps":[]}"#, "name is required"),
        (#"{"name":"w"}"#, "steps is required"),
        (#"{"name":"w","steps":{}}"#, "steps must be an array"),
        (#"{"name":"w","steps":[{"name":"a","kind":"sleep","config":{}}]}"#, "steps[0].kind must be one of: delay, set, fail"),
        (#"{"name":"w","steps":[{"name":"a","kind":"delay","config":{"ms":1}},{"name":"b","kind":"delay","config":{"ms":"10"}}]}"#, "steps[1].config.ms must be an integer"),
        (#"{"name":"w","steps":[{"name":"a","kind":"delay","config":{"ms":-1}}]}"#, "steps[0].config.ms must not be negative"),
        (#"{"name":"w","steps":[{"name":"a","kind":"set","config":{"value":1}}]}"#, "steps[0].config.key is required"),
        (#"{"name":"w","steps":[{"name":"a","kind":"fail","config":{"message":3}}]}"#, "steps[0].config.message must be a string"),
    ])
    func invalid(body: String, message: String) async throws {
        try await ReferenceTestServer.with { server async throws in
            let project = try await server.createProject()
            let path = "/api/v1/projects/\(project["id"]?.string ?? "")/workflows"
            let response = await server.send(.post, path, body: body)
            #expect(response.statusCode == 400)
            let json = try response.json()
            #expect(json["code"] == "FST_ERR_VALIDATION" && json["message"]?.string == message)
            #expect(response.headers["access-control-allow-origin"] == ReferenceTestServer.origin)
            #expect(try await server.call(.get, path).json() == [], "nothing was stored")
        }
    }

    @Test("a number too large for a Double is not JSON this server can keep: 400 invalid body, nothing stored")
    func overflowingNumber() async throws {
        try await ReferenceTestServer.with { server async throws in
            let project = try await server.createProject()
            let path = "/api/v1/projects/\(project["id"]?.string ?? "")/workflows"
            let body = #"{"name":"w","steps":[{"name":"a","kind":"set","config":{"key":"k","value":1e999}}]}"#
            let response = await server.send(.post, path, body: body)
            #expect(response.statusCode == 400)
            #expect(try response.json()["code"] == "FST_ERR_CTP_INVALID_JSON_BODY")
            #expect(try await server.call(.get, path).json() == [], "nothing was stored")
        }
    }

    @Test("unknown project or workflow ids are 404")
    func unknown() async throws {
        try await ReferenceTestServer.with { server async throws in
            let body: JSONValue = ["name": "w", "steps": []]
            let list = await server.call(.get, "/api/v1/projects/nope/workflows")
            #expect(list.statusCode == 404)
            #expect(try list.json()["message"] == "Project 'nope' not found")
            #expect(await server.call(.post, "/api/v1/projects/nope/workflows", json: body).statusCode == 404)
            #expect(await server.call(.put, "/api/v1/workflows/nope", json: body).statusCode == 404)
            let deleted = await server.call(.delete, "/api/v1/workflows/nope")
            #expect(deleted.statusCode == 404 && deleted.headers["access-control-allow-origin"] == ReferenceTestServer.origin)
        }
    }

    @Test("deleting a project deletes its workflows")
    func cascade() async throws {
        try await ReferenceTestServer.with { server async throws in
            let workflow = try await server.createWorkflow([Step.set("a", 1)])
            let id = try #require(workflow["id"]?.string)
            #expect(await server.call(.delete, "/api/v1/projects/\(workflow["projectId"]?.string ?? "")").statusCode == 204)
            #expect(await server.call(.get, "/api/v1/workflows/\(id)").statusCode == 404)
        }
    }
}
