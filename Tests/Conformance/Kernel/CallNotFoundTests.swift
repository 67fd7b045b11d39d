import Kernel
import Testing

/// The request hooks that may answer early, each checked with `callNotFound()`.
private let requestPhases: [Hook] = [.onRequest, .preParsing, .preValidation, .preHandler]

@Suite("reply.callNotFound() hands the request to the 404 level, from a hook as from a handler (fastify-core §1.7)")
struct CallNotFoundTests {
    /// A root route at `/x` whose `phase` hook calls `callNotFound()`, a not-found handler with a
    /// `preHandler` hook, and a trace of what ran.
    private func app(calling phase: Hook, kind: HookKind, trace: Trace) throws -> Application {
        let app = Application()
        try kind.add(phase, to: app) { request, reply in
            if !request.is404 { trace.add("\(phase)"); reply.callNotFound() }
        }
        try app.get("/x") { _, reply in trace.add("handler"); reply.send("found") }
        try app.setNotFoundHandler(hooks: [.preHandler: [{ _, _ in trace.add("404 preHandler") }]]) { request, reply in
            trace.add("404 handler")
            reply.status = .notFound
            reply.send("no \(request.path) here")
        }
        try app.addHook(.onSend) { _, reply in reply.headers["x-on-send"] = "1" }
        return app
    }

    @Test(
        "a request hook calling callNotFound() → the 404 level's preHandler and handler answer; the route's handler does not run",
        arguments: requestPhases, HookKind.allCases)
    func fromHook(phase: Hook, kind: HookKind) async throws {
        let trace = Trace()
        let app = try app(calling: phase, kind: kind, trace: trace)
        let response = try await app.inject(.get("/x"))
        #expect(response.status == .notFound)
        #expect(response.text == "no /x here")
        #expect(response.headers["x-on-send"] == "1")
        #expect(trace.all == ["\(phase)", "404 preHandler", "404 handler"])
    }

    @Test("callNotFound() in an onRequest hook with the default 404 → the router's 404 JSON", arguments: HookKind.allCases)
    func defaultNotFound(kind: HookKind) async throws {
        let app = Application()
        try kind.add(.onRequest, to: app) { _, reply in reply.callNotFound() }
        try app.get("/x") { _, reply in reply.send("found") }
        let response = try await app.inject(.get("/x"))
        #expect(response.status == .notFound)
        #expect(response[json: "message"]?.string == "Route GET:/x not found")
        #expect(response.headers["content-type"] == "application/json; charset=utf-8")
    }

    @Test("callNotFound() from the 404 level itself (its hooks or handler) → plain-text 404 Not Found")
    func fromNotFoundLevel() async throws {
        let app = Application()
        try app.addHook(.onRequest) { request, reply in if request.url.hasSuffix("hook") { reply.callNotFound() } }
        try app.setNotFoundHandler { request, reply in
            if request.url.hasSuffix("handler") { reply.callNotFound() } else { reply.status = .notFound; reply.send("custom") }
        }
        for path in ["/missing-hook", "/missing-handler"] {
            let response = try await app.inject(.get(path))
            #expect(response.status == .notFound, "\(path)")
            #expect(response.text == "404 Not Found", "\(path)")
            #expect(response.headers["content-type"] == "text/plain; charset=utf-8", "\(path)")
        }
        #expect(try await app.inject(.get("/missing")).text == "custom")
    }

    @Test("§9.41 a child plugin's hook calling callNotFound() → the prefix's 404 level answers, with its preHandler")
    func nestedLevel() async throws {
        let trace = Trace()
        let app = Application()
        try app.setNotFoundHandler { _, reply in reply.status = .notFound; reply.send("root 404") }
        try app.register(prefix: "/api") { api in
            try api.addHook(.preValidation) { _, reply in trace.add("preValidation"); reply.callNotFound() }
            try api.setNotFoundHandler(hooks: [.preHandler: [{ _, reply in trace.add("api 404 preHandler"); reply.headers["x-level"] = "api" }]]) { _, reply in
                reply.status = .notFound
                reply.send("api 404")
            }
            try api.get("/items") { _, reply in trace.add("handler"); reply.send("items") }
        }
        let response = try await app.inject(.get("/api/items"))
        #expect(response.status == .notFound)
        #expect(response.text == "api 404")
        #expect(response.headers["x-level"] == "api")
        #expect(trace.all == ["preValidation", "api 404 preHandler"])
    }
}
