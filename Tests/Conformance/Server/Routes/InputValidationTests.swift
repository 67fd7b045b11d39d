import Kernel
import Testing
@testable import Server

/// Bad input on the resource routes: each is a 400 with the kernel's error body, and what was
/// stored before the bad request is still there, unchanged, afterwards.
@Suite("Reference API: bad input")
struct InputValidationTests {
    /// The kernel's 400 validation body with `message`.
    private static func expectValidation(_ response: InjectResponse, _ message: String,
                                         sourceLocation: SourceLocation = #_sourceLocation) throws {
        #expect(response.statusCode == 400, "\(response.text)", sourceLocation: sourceLocation)
        let json = try response.json()
        #expect(json["code"] == "FST_ERR_VALIDATION" && json["error"] == "Bad Request", sourceLocation: sourceLocation)
        #expect(json["message"] == .string(message), sourceLocation: sourceLocation)
    }

    @Test("a repeated ?limit is 400, not silently its first value", arguments: [
        "limit=5&limit=x", "limit=5&limit=5", "limit=2&limit=200",
    ])
    func repeatedLimit(query: String) async throws {
        try await ReferenceTestServer.with { server async throws in
            let workflow = try await server.createWorkflow([])
            let path = "/api/v1/workflows/\(workflow["id"]?.string ?? "")/executions"
            try Self.expectValidation(
                await server.call(.get, "\(path)?\(query)"), "querystring/limit must be an integer from 1 to 100")
        }
    }

    @Test("one ?limit, and other query parameters next to it, still work")
    func singleLimit() async throws {
        try await ReferenceTestServer.with { server async throws in
            let workflow = try await server.createWorkflow([])
            let path = "/api/v1/workflows/\(workflow["id"]?.string ?? "")/executions"
            for _ in 0..<2 { _ = await server.call(.post, path) }
            let response = await server.call(.get, "\(path)?limit=1&other=1")
            #expect(response.statusCode == 200)
            #expect(try response.json().array?.count == 1)
        }
    }

    @Test("a step name of only whitespace is 400, like a blank project or workflow name", arguments: [
        " ", "\t", "  \n ",
    ])
    func blankStepName(name: String) async throws {
        try await ReferenceTestServer.with { server async throws in
            let project = try await server.createProject()
            var step = Step.delay(1)
            if case .object(var members) = step {
                members["name"] = .string(name)
                step = .object(members)
            }
            let response = await server.call(
                .post, "/api/v1/projects/\(project["id"]?.string ?? "")/workflows",
                json: ["name": "Flow", "steps": [Step.delay(1), step]])
            try Self.expectValidation(response, "steps[1].name must not be empty")
        }
    }

    @Test("a rejected PUT leaves the stored workflow exactly as it was")
    func rejectedPutKeepsWorkflow() async throws {
        try await ReferenceTestServer.with { server async throws in
            let workflow = try await server.createWorkflow([Step.delay(1, id: "a"), Step.set("k", "v")])
            let path = "/api/v1/workflows/\(workflow["id"]?.string ?? "")"
            let bodies: [String] = [
                #"{"name":"New","steps":[{"name":"s","kind":"delay","config":{"ms":-1}}]}"#,
                #"{"name":"New","steps":[{"name":"s","kind":"teleport","config":{}}]}"#,
                #"{"name":"New","steps":[{"name":" ","kind":"delay","config":{"ms":1}}]}"#,
                #"{"name":"","steps":[]}"#, #"{"name":"New"}"#, #"{"name":"New","steps":"#,
            ]
            for body in bodies {
                let response = await server.send(.put, path, body: body)
                #expect(response.statusCode == 400, "\(body) → \(response.text)")
            }
            let stored = await server.call(.get, path)
            #expect(stored.statusCode == 200)
            #expect(try stored.json() == workflow)
        }
    }

    @Test("a rejected PATCH leaves the stored project exactly as it was")
    func rejectedPatchKeepsProject() async throws {
        try await ReferenceTestServer.with { server async throws in
            let project = try await server.createProject("Kept")
            let path = "/api/v1/projects/\(project["id"]?.string ?? "")"
            for body in [#"{"name":""}"#, #"{"name":null}"#, #"{"description":5}"#, #"[]"#, #"{"name":"x""#] {
                let response = await server.send(.patch, path, body: body)
                #expect(response.statusCode == 400, "\(body) → \(response.text)")
            }
            #expect(try await server.call(.get, path).json() == project)
        }
    }

    @Test("a name of spaces and CRLF line breaks is blank: \"\\r\\n\" is one Character but two whitespace scalars",
          arguments: ["\r\n", " \r\n\t", "\r\n\r\n"])
    func crlfNameIsBlank(name: String) async throws {
        try await ReferenceTestServer.with { server async throws in
            try Self.expectValidation(await server.call(.post, "/api/v1/projects", json: ["name": .string(name)]), "name must not be empty")
            let project = try await server.createProject("Kept")
            let projectPath = "/api/v1/projects/\(project["id"]?.string ?? "")"
            try Self.expectValidation(await server.call(.patch, projectPath, json: ["name": .string(name)]), "name must not be empty")
            #expect(try await server.call(.get, projectPath).json() == project)
            let path = "\(projectPath)/workflows"
            try Self.expectValidation(await server.call(.post, path, json: ["name": .string(name), "steps": []]), "name must not be empty")
            try Self.expectValidation(
                await server.call(.post, path, json: ["name": "Flow", "steps": [Step.delay(1, name: name)]]), "steps[0].name must not be empty")
            #expect(try await server.call(.get, path).json() == [])
        }
    }

    @Test("a step name or id over 256 Unicode scalars is 400, even as one Character (a base and 300 000 combining marks)",
          arguments: ["name", "id"])
    func combiningMarksCountTowardsTheLimit(field: String) async throws {
        try await ReferenceTestServer.with { server async throws in
            let project = try await server.createProject()
            let path = "/api/v1/projects/\(project["id"]?.string ?? "")/workflows"
            func step(_ label: String) -> JSONValue { field == "name" ? Step.delay(1, name: label) : Step.delay(1, id: label) }
            let long = "a" + String(repeating: "\u{301}", count: 300_000)
            #expect(long.count == 1)
            try Self.expectValidation(await server.call(.post, path, json: ["name": "Flow", "steps": [step(long)]]),
                                      "steps[0].\(field) must be at most 256 characters")
            #expect(try await server.call(.get, path).json() == [])
            let longest = "a" + String(repeating: "\u{301}", count: 255)
            #expect(await server.call(.post, path, json: ["name": "Flow", "steps": [step(longest)]]).statusCode == 201)
        }
    }
}
