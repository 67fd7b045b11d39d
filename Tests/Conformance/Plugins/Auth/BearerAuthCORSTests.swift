import Kernel
@testable import Plugins
import Testing

/// Bearer auth next to CORS. Preflights: `@fastify/bearer-auth` has no preflight exemption; a preflight is let through
/// only when CORS, registered earlier, answers it in its own hook.
@Suite("Bearer auth with CORS")
struct BearerAuthCORSTests {
    /// A `/api` scope with bearer auth and catch-all routes that record whether their handler ran.
    func makeApp(cors: CORS? = nil, ran: Counter) throws -> Application {
        let app = Application()
        if let cors { try app.register(cors) }
        try app.register(prefix: "/api") { api in
            try api.register(BearerAuth(tokens: ["t"]))
            try api.all("/files/*") { _, reply in
                ran.increment()
                reply.send("files")
            }
            try api.options("/opts") { _, reply in
                ran.increment()
                reply.send("options")
            }
            try api.options("/off", config: ["cors": "off"]) { _, reply in
                ran.increment()
                reply.send("off")
            }
        }
        return app
    }

    @Test("AUTH-8 without CORS, a preflight-shaped OPTIONS needs a token: 401 and the handler never runs")
    func noExemptionWithoutCORS() async throws {
        let ran = Counter()
        let app = try makeApp(ran: ran)
        for url in ["/api/files/a.txt", "/api/opts", "/api/off"] {
            let response = try await app.inject(preflight(url, origin: "https://a.io", method: "DELETE"))
            #expect(response.status == .unauthorized, "\(url)")
            #expect(response.headers["www-authenticate"] == "Bearer")
            #expect(response[json: "code"]?.string == "FST_BEARER_AUTH_MISSING_AUTHORIZATION_HEADER")
        }
        #expect(ran.count == 0)
        let authorized = try await app.inject(.options("/api/opts", headers: ["authorization": "Bearer t", "access-control-request-method": "GET"]))
        #expect(authorized.text == "options")
    }

    @Test("AUTH-9 preflights CORS lets through (preflightContinue, preflight off, disabled origin, route 'off') need a token",
          arguments: [
              CORSOptions(preflightContinue: true), CORSOptions(preflight: false), CORSOptions(origin: .disabled),
              CORSOptions(origin: .dynamic { _, _ in .deny }),
          ])
    func noExemptionWhenCORSLetsThrough(options: CORSOptions) async throws {
        let ran = Counter()
        let app = try makeApp(cors: CORS(options), ran: ran)
        let files = try await app.inject(preflight("/api/files/a.txt", origin: "https://a.io"))
        #expect(files.status == .unauthorized)
        #expect(files.headers["www-authenticate"] == "Bearer")
        #expect(ran.count == 0)
        let off = try await app.inject(preflight("/api/off", origin: "https://a.io"))
        #expect(off.status == .unauthorized)
        #expect(ran.count == 0)
    }

    @Test("AUTH-10 CORS registered before auth still answers preflights without a token; other requests still need one")
    func corsAnswersFirst() async throws {
        let ran = Counter()
        let app = try makeApp(cors: CORS(CORSOptions(origin: .reflect, methods: "GET,DELETE", credentials: true)), ran: ran)
        let response = try await app.inject(preflight("/api/files/a.txt", origin: "https://a.io", method: "DELETE",
                                                      requestHeaders: "authorization"))
        #expect(response.status == .noContent)
        #expect(response.headers["access-control-allow-origin"] == "https://a.io")
        #expect(response.headers["access-control-allow-headers"] == "authorization")
        #expect(ran.count == 0)
        #expect(try await app.inject(.get("/api/files/a.txt", headers: ["origin": "https://a.io"])).status == .unauthorized)
        #expect(try await app.inject(.options("/api/opts", headers: ["origin": "https://a.io"])).status == .badRequest)
    }

    @Test("AUTH-7 a 401 from auth still carries CORS headers when CORS is registered")
    func corsOn401() async throws {
        let app = Application()
        try app.register(CORS(origin: .exact("http://localhost:3000"), credentials: true))
        try app.register(prefix: "/api/v1") { api in
            try api.register(BearerAuth(tokens: ["t"]))
            try api.get("/projects") { _, reply in reply.send(json: [String]()) }
        }
        let response = try await app.inject(.get("/api/v1/projects", headers: ["origin": "http://localhost:3000"]))
        #expect(response.status == .unauthorized)
        #expect(response.headers["access-control-allow-origin"] == "http://localhost:3000")
        #expect(response.headers["access-control-allow-credentials"] == "true")
    }
}
