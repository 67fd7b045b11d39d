import Kernel
import Testing
@testable import Server

@Suite("Reference API: projects")
struct ProjectRoutesTests {
    @Test("create, read, list, patch, delete: statuses, shapes and ISO timestamps")
    func lifecycle() async throws {
        try await ReferenceTestServer.with { server async throws in

            let empty = await server.call(.get, "/api/v1/projects")
            #expect(empty.statusCode == 200)
            #expect(try empty.json() == [])

            let created = await server.call(.post, "/api/v1/projects", json: ["name": "Billing", "description": "invoices"])
            #expect(created.statusCode == 201)
            let project = try created.json()
            let id = try #require(project["id"]?.string)
            #expect(project.object?.keys == ["id", "name", "description", "createdAt", "updatedAt"])
            #expect(project["name"] == "Billing" && project["description"] == "invoices")
            #expect(created.headers["location"] == "/api/v1/projects/\(id)")
            #expect(isISOMillis(project["createdAt"]?.string) && project["createdAt"] == project["updatedAt"])

            let read = await server.call(.get, "/api/v1/projects/\(id)")
            #expect(read.statusCode == 200)
            #expect(try read.json() == project)

            let second = try await server.createProject("Second")
            #expect(second["description"] == .null)
            let list = try await server.call(.get, "/api/v1/projects").json()
            #expect(list.array?.compactMap { $0["name"]?.string } == ["Second", "Billing"])

            try await Task.sleep(for: .milliseconds(2))
            let patched = await server.call(.patch, "/api/v1/projects/\(id)", json: ["description": .null])
            #expect(patched.statusCode == 200)
            let after = try patched.json()
            #expect(after["name"] == "Billing" && after["description"] == .null)
            #expect(after["createdAt"] == project["createdAt"])
            #expect((after["updatedAt"]?.string ?? "") > (project["updatedAt"]?.string ?? ""))

            let renamed = try await server.call(.patch, "/api/v1/projects/\(id)", json: ["name": "Invoices"]).json()
            #expect(renamed["name"] == "Invoices")

            let deleted = await server.call(.delete, "/api/v1/projects/\(id)")
            #expect(deleted.statusCode == 204 && deleted.body.isEmpty)
            #expect(await server.call(.get, "/api/v1/projects/\(id)").statusCode == 404)
            #expect(await server.call(.delete, "/api/v1/projects/\(id)").statusCode == 404)
        }
    }

    @Test("concurrent PATCHes of different fields both apply: the read-modify-write is one store call")
    func concurrentPatches() async throws {
        try await ReferenceTestServer.with { server async throws in
            let id = try #require(try await server.createProject("Old")["id"]?.string)
            // Hold the store's thread, so both PATCHes queue their store calls before either runs.
            let blocker = Task { await server.store.blockThreadForTesting(milliseconds: 300) }
            try await Task.sleep(for: .milliseconds(50))
            async let renamed = server.call(.patch, "/api/v1/projects/\(id)", json: ["name": "New"])
            async let described = server.call(.patch, "/api/v1/projects/\(id)", json: ["description": "Notes"])
            let statuses = await [renamed.statusCode, described.statusCode]
            await blocker.value
            #expect(statuses == [200, 200])
            let stored = try await server.call(.get, "/api/v1/projects/\(id)").json()
            #expect(stored["name"] == "New" && stored["description"] == "Notes", "one PATCH overwrote the other: \(stored)")
        }
    }

    @Test("invalid bodies are 400 with the kernel's error body naming the field", arguments: [
        (#"{"description":"x"}"#, "name is required"),
        (#"{"name":42}"#, "name must be a string"),
        (#"{"name":"   "}"#, "name must not be empty"),
        (#"{"name":"a","description":7}"#, "description must be a string or null"),
        (#"[1,2]"#, "body must be a JSON object"),
    ])
    func invalidCreate(body: String, message: String) async throws {
        try await ReferenceTestServer.with { server async throws in
            let response = await server.send(.post, "/api/v1/projects", body: body)
            #expect(response.statusCode == 400)
            let json = try response.json()
            #expect(json["statusCode"] == 400 && json["code"] == "FST_ERR_VALIDATION" && json["error"] == "Bad Request")
            #expect(json["message"]?.string == message)
            #expect(response.headers["access-control-allow-origin"] == ReferenceTestServer.origin)
        }
    }

    @Test("malformed JSON, an empty JSON body and a missing body are 400 with CORS headers")
    func malformed() async throws {
        try await ReferenceTestServer.with { server async throws in
            let broken = await server.send(.post, "/api/v1/projects", body: #"{"name":"#)
            #expect(broken.statusCode == 400)
            #expect(try broken.json()["code"] == "FST_ERR_CTP_INVALID_JSON_BODY")
            #expect(broken.headers["access-control-allow-origin"] == ReferenceTestServer.origin)
            let empty = await server.send(.post, "/api/v1/projects", body: "")
            #expect(empty.statusCode == 400)
            #expect(try empty.json()["code"] == "FST_ERR_CTP_EMPTY_JSON_BODY")
            let none = await server.call(.post, "/api/v1/projects")
            #expect(none.statusCode == 400)
            #expect(try none.json()["message"] == "body must be a JSON object")
            let patch = await server.send(.patch, "/api/v1/projects/nope", body: #"{"name":1}"#)
            #expect(patch.statusCode == 400, "validation comes before the lookup")
        }
    }

    @Test("an unknown project id is 404 with the kernel's error body and CORS headers")
    func unknown() async throws {
        try await ReferenceTestServer.with { server async throws in
            for (method, body) in [(HTTPMethod.get, nil), (.patch, ["name": "x"] as JSONValue), (.delete, nil)] {
                let response = await server.call(method, "/api/v1/projects/missing-id", json: body)
                #expect(response.statusCode == 404, "\(method)")
                let json = try response.json()
                #expect(json["statusCode"] == 404 && json["error"] == "Not Found" && json["code"] == "FST_ERR_NOT_FOUND")
                #expect(json["message"] == "Project 'missing-id' not found")
                #expect(response.headers["access-control-allow-origin"] == ReferenceTestServer.origin)
                #expect(response.headers["access-control-allow-credentials"] == "true")
            }
        }
    }
}

/// Whether `text` looks like `2025-12-04T10:11:12.345Z`.
func isISOMillis(_ text: String?) -> Bool {
    guard let text, text.utf8.count == 24, text.hasSuffix("Z") else { return false }
    return Timestamp(iso8601: text)?.iso8601 == text
}
