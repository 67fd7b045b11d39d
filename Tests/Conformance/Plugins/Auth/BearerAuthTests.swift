import Kernel
@testable import Plugins
import Testing

@Suite("Bearer auth plugin")
struct BearerAuthTests {
    func makeApp(_ auth: BearerAuth = BearerAuth(tokens: ["good-token", "other"])) throws -> Application {
        let app = Application()
        try app.get("/health") { _, reply in reply.send(json: ["status": "ok"]) }
        try app.register(prefix: "/api/v1") { api in
            try api.register(auth)
            try api.get("/me") { request, reply in reply.send(request[.principal]?.id ?? "none") }
        }
        return app
    }

    @Test("AUTH-1 a missing token → 401, WWW-Authenticate: Bearer, the kernel's error body")
    func missingToken() async throws {
        let response = try await makeApp().inject(.get("/api/v1/me"))
        #expect(response.status == .unauthorized)
        #expect(response.headers["www-authenticate"] == "Bearer")
        #expect(response[json: "statusCode"]?.integer == 401)
        #expect(response[json: "error"]?.string == "Unauthorized")
        #expect(response[json: "message"]?.string == "missing authorization header")
    }

    @Test("AUTH-2 a wrong token → 401 invalid_token; a wrong scheme counts as missing")
    func wrongToken() async throws {
        let app = try makeApp()
        let wrong = try await app.inject(.get("/api/v1/me", headers: ["authorization": "Bearer nope"]))
        #expect(wrong.status == .unauthorized)
        #expect(wrong.headers["www-authenticate"] == "Bearer error=\"invalid_token\"")
        #expect(wrong[json: "message"]?.string == "invalid authorization header")
        let basic = try await app.inject(.get("/api/v1/me", headers: ["authorization": "Basic Z29vZA=="]))
        #expect(basic.status == .unauthorized)
    }

    @Test("AUTH-3 a configured token is accepted; the principal never carries the token itself")
    func goodToken() async throws {
        let app = try makeApp()
        #expect(try await app.inject(.get("/api/v1/me", headers: ["authorization": "Bearer other"])).text == "token-1")
        #expect(try await app.inject(.get("/api/v1/me", headers: ["authorization": "bearer good-token"])).text == "token-0")
    }

    @Test("AUTH-4 registered per scope: /health stays open")
    func healthOpen() async throws {
        #expect(try await makeApp().inject(.get("/health")).status == .ok)
    }

    @Test("AUTH-5 a verify closure maps tokens to principals; the query parameter works only when enabled")
    func verifierAndQuery() async throws {
        let auth = BearerAuth(queryParameter: "token") { token, _ in token == "t" ? AuthPrincipal(id: "alice") : nil }
        let app = try makeApp(auth)
        #expect(try await app.inject(.get("/api/v1/me?token=t")).text == "alice")
        #expect(try await app.inject(.get("/api/v1/me?token=x")).status == .unauthorized)
        let closed = try makeApp()
        #expect(try await closed.inject(.get("/api/v1/me?token=good-token")).status == .unauthorized)
    }

    @Test("AUTH-5b a token list reads the header and the query exactly as a verifier closure over the same list does")
    func tokenListMatchesVerifier() async throws {
        let listed = try makeApp(BearerAuth(tokens: ["good-token", "other"], queryParameter: "token"))
        let verified = try makeApp(BearerAuth(queryParameter: "token") { token, _ in
            ["good-token": "token-0", "other": "token-1"][token].map { AuthPrincipal(id: $0) }
        })
        let requests: [InjectRequest] = [
            .get("/api/v1/me?token=other"), .get("/api/v1/me?token=good%2Dtoken"), .get("/api/v1/me?token="),
            .get("/api/v1/me?token=nope"), .get("/api/v1/me?x=1&token=good-token"), .get("/api/v1/me?token=good-tokenx"),
            .get("/api/v1/me?token=good-token", headers: ["authorization": "Bearer other"]),
            .get("/api/v1/me?token=good-token", headers: ["authorization": "Basic Z29vZA=="]),
            .get("/api/v1/me?token=good-token", headers: ["authorization": "Bearer nope"]),
            .get("/api/v1/me", headers: ["authorization": "  BEARER   good-token  "]),
            .get("/api/v1/me", headers: ["authorization": "Bearer good-toke"]),
            .get("/api/v1/me", headers: ["authorization": "Bearer "]),
        ]
        for request in requests {
            let (a, b) = (try await listed.inject(request), try await verified.inject(request))
            #expect(a.status == b.status && a.text == b.text && a.headers["www-authenticate"] == b.headers["www-authenticate"], "\(request)")
        }
        // The comparison above would pass if both refused everything.
        #expect(try await listed.inject(requests[0]).text == "token-1")
        #expect(try await listed.inject(requests[1]).text == "token-0")
        #expect(try await listed.inject(requests[6]).text == "token-1")
        #expect(try await listed.inject(requests[9]).text == "token-0")
    }

    @Test("AUTH-6 constant-time comparison agrees with ==")
    func constantTime() {
        let samples = ["", "a", "ab", "abc", "abd", "good-token", "good-tokem", "good-token-longer"].map { Array($0.utf8) }
        for a in samples { for b in samples { #expect(a.withUnsafeBufferPointer { ConstantTime.equals($0, b) } == (a == b)) } }
    }

    @Test("AUTH-11 only onRequest and preParsing are accepted; any other phase fails registration", arguments: Hook.allCases)
    func hookPhases(phase: Hook) async throws {
        let app = Application()
        let auth = BearerAuth(tokens: ["t"], hook: phase)
        guard phase == .onRequest || phase == .preParsing else {
            let error = #expect(throws: KernelError.self) { try app.register(auth) }
            #expect(error?.code.rawValue == "FST_BEARER_AUTH_INVALID_HOOK")
            #expect(error?.message.contains("'\(phase)'") == true)
            return
        }
        let ran = Counter()
        try app.register(auth)
        try app.post("/") { _, reply in
            ran.increment()
            reply.send("ok")
        }
        #expect(try await app.inject(.post("/", body: "{}", headers: ["content-type": "application/json"])).status == .unauthorized)
        #expect(ran.count == 0)
        let authorized = InjectRequest.post("/", body: "{}", headers: ["content-type": "application/json", "authorization": "Bearer t"])
        #expect(try await app.inject(authorized).text == "ok")
    }

    @Test("AUTH-12 the 401 carries WWW-Authenticate when the scope has its own error handler")
    func challengeWithCustomErrorHandler() async throws {
        let app = Application()
        try app.register(prefix: "/api") { api in
            try api.setErrorHandler { error, _, reply in
                reply.status = (error as? any HTTPResponseError)?.status ?? .internalServerError
                reply.send(json: ["problem": "denied"])
            }
            try api.register(BearerAuth(tokens: ["t"], realm: "api"))
            try api.get("/me") { request, reply in reply.send(request[.principal]?.id ?? "none") }
        }
        let missing = try await app.inject(.get("/api/me"))
        #expect(missing.status == .unauthorized)
        #expect(missing.headers["www-authenticate"] == "Bearer realm=\"api\"")
        #expect(missing[json: "problem"]?.string == "denied")
        let wrong = try await app.inject(.get("/api/me", headers: ["authorization": "Bearer nope"]))
        #expect(wrong.status == .unauthorized)
        #expect(wrong.headers["www-authenticate"] == "Bearer realm=\"api\", error=\"invalid_token\"")
        #expect(try await app.inject(.get("/api/me", headers: ["authorization": "Bearer t"])).headers["www-authenticate"] == nil)
    }

    @Test("AUTH-13 errors.md lists every bearer auth error code exactly once")
    func errorTableMatchesCodes() throws {
        let table = try String(contentsOfFile: #filePath.replacingOccurrences(
            of: "Tests/Conformance/Plugins/Auth/BearerAuthTests.swift", with: "Specs/errors.md"), encoding: .utf8)
        for code in ErrorCode.bearerAuthCodes {
            #expect(table.components(separatedBy: "`\(code.rawValue)`").count == 2, "\(code.rawValue) should appear once")
        }
    }
}
