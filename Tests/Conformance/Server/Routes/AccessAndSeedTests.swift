import Kernel
import Testing
@testable import Server

@Suite("Reference API: health, auth, CORS and the seed's checks")
struct AccessAndSeedTests {
    @Test("GET /health needs no token and answers {\"status\":\"ok\"}")
    func health() async throws {
        try await ReferenceTestServer.with { server async throws in
            let response = await server.call(.get, "/health", token: nil)
            #expect(response.statusCode == 200)
            #expect(response.text == #"{"status":"ok"}"#)
            #expect(response.headers["content-type"] == "application/json; charset=utf-8")
            #expect(response.headers["access-control-allow-origin"] == ReferenceTestServer.origin)
        }
    }

    @Test("a missing, wrong or non-Bearer token is 401 with CORS and WWW-Authenticate; ?token= works")
    func auth() async throws {
        try await ReferenceTestServer.with { server async throws in
            for token: String? in [nil, "wrong"] {
                let response = await server.call(.get, "/api/v1/projects", token: token)
                #expect(response.statusCode == 401)
                #expect(try response.json()["statusCode"] == 401)
                #expect(response.headers["access-control-allow-origin"] == ReferenceTestServer.origin)
                #expect(response.headers["www-authenticate"]?.hasPrefix("Bearer") == true)
            }
            let basic = await server.app.inject(.get("/api/v1/projects", headers: ["authorization": "Basic dGVzdA=="]))
            #expect(basic.statusCode == 401)
            let query = await server.call(.get, "/api/v1/projects?token=\(ReferenceTestServer.token)", token: nil)
            #expect(query.statusCode == 200)
            let wrongQuery = await server.call(.get, "/api/v1/projects?token=nope", token: nil)
            #expect(wrongQuery.statusCode == 401)
        }
    }

    @Test("the seed's curl: Origin localhost:3000 + Bearer justin-access-token → Access-Control-Allow-Origin")
    func seedCurl() async throws {
        try await withTemporaryStore("seed") { store async throws in
            let app = try ReferenceApp.make(AppConfiguration(), store: store)
            let response = try await app.inject(.get("/api/v1/projects", headers: [
                "origin": "http://localhost:3000", "authorization": "Bearer justin-access-token",
            ]))
            #expect(response.statusCode == 200)
            #expect(response.headers["access-control-allow-origin"] == "http://localhost:3000")
            #expect(response.headers["access-control-allow-credentials"] == "true")
            #expect(response.headers["vary"]?.contains("Origin") == true)
            #expect(try response.json() == [])
            for absent in ["content-security-policy", "cross-origin-embedder-policy", "cross-origin-opener-policy", "cross-origin-resource-policy"] {
                #expect(response.headers[absent] == nil, "\(absent)")
            }
            #expect(response.headers["x-content-type-options"] == "nosniff")
            try await app.close()
        }
    }

    @Test("Specs/seed-cors.md: every case passes in-process against ReferenceApp with the default configuration")
    func seedSpec() async throws {
        try await withTemporaryStore("seedspec") { store async throws in
            let cases = try SpecLoader.load("seed-cors.md")
            let app = try ReferenceApp.make(AppConfiguration(), store: store)
            let report = await SpecReplayer(http: try await InjectTarget(app)).run(cases)
            #expect(report.failedIDs == [], "\n\(report)")
            #expect(report.lines.last == "\(cases.count) passed, 0 failed")
        }
    }

    @Test("other origins get no Access-Control-Allow-Origin; every configured origin does")
    func origins() async throws {
        try await ReferenceTestServer.with(configure: { $0.corsOrigins = ["http://a.test", "http://b.test"] }) { server async throws in
            #expect(await server.call(.get, "/api/v1/projects", origin: "http://b.test").headers["access-control-allow-origin"] == "http://b.test")
            #expect(await server.call(.get, "/api/v1/projects", origin: "http://a.test").headers["access-control-allow-origin"] == "http://a.test")
            #expect(await server.call(.get, "/api/v1/projects", origin: "http://localhost:3000").headers["access-control-allow-origin"] == nil)
        }
    }

    @Test("a preflight for PATCH with Authorization is answered 204 without a token")
    func preflight() async throws {
        try await ReferenceTestServer.with { server async throws in
            let response = await server.app.inject(.options("/api/v1/projects/x", headers: [
                "origin": ReferenceTestServer.origin, "access-control-request-method": "PATCH",
                "access-control-request-headers": "authorization,content-type",
            ]))
            #expect(response.statusCode == 204)
            #expect(response.headers["access-control-allow-methods"]?.contains("PATCH") == true)
            #expect(response.headers["access-control-allow-headers"] == "authorization,content-type")
        }
    }

    @Test("an unknown /api/v1 path is 404 with CORS headers")
    func unknownRoute() async throws {
        try await ReferenceTestServer.with { server async throws in
            let response = await server.call(.get, "/api/v1/nope")
            #expect(response.statusCode == 404)
            #expect(response.headers["access-control-allow-origin"] == ReferenceTestServer.origin)
        }
    }

    @Test("both stream paths route next to the REST routes (static segment first, then the parameter)")
    func streamPathsRoute() async throws {
        try await withTemporaryStore("paths") { store async throws in
            let app = try ReferenceApp.make(AppConfiguration(), store: store)
            let compiled = try await app.ready()
            #expect(compiled.findRoute(.get, "/api/v1/workflows/abc/stream") == "/api/v1/workflows/:executionId/stream")
            #expect(compiled.findRoute(.get, "/api/v1/workflows/workflow/xyz/stream") == "/api/v1/workflows/workflow/:workflowId/stream")
            #expect(compiled.findRoute(.get, "/api/v1/workflows/abc") == "/api/v1/workflows/:workflowId")
            let plain = try await app.inject(.get("/api/v1/workflows/abc/stream", headers: ["authorization": "Bearer justin-access-token"]))
            #expect(plain.statusCode == 426, "a plain GET on a stream path asks for the upgrade")
            let rest = try await app.inject(.get("/api/v1/workflows/abc", headers: ["authorization": "Bearer justin-access-token"]))
            #expect(rest.statusCode == 404)
            #expect(try rest.json()["message"] == "Workflow 'abc' not found")
            try await app.close()
        }
    }
}
