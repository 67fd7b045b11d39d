@testable import Kernel
import Plugins
import Testing

/// How a test declares a GET route: with a synchronous handler, or with an async one that really suspends.
enum HandlerKind: String, CaseIterable, Sendable {
    case synchronous, suspending

    func get(_ path: String, on scope: Scope, _ body: @escaping SynchronousHandler) throws {
        switch self {
        case .synchronous: try scope.get(path, body)
        case .suspending:
            try scope.get(path) { request, reply in
                await Task.yield()
                try body(request, &reply)
            }
        }
    }
}

struct Teapot: Error {}

@Suite("Synchronous handlers behave exactly like async ones, with no async step")
struct SynchronousHandlerTests {
    @Test("send, no send, throw and callNotFound answer the same either way", arguments: HandlerKind.allCases)
    func sameAnswers(kind: HandlerKind) async throws {
        let app = Application()
        try kind.get("/text", on: app) { request, reply in reply.send("id \(request.id)") }
        try kind.get("/silent", on: app) { _, _ in }
        try kind.get("/throws", on: app) { _, _ in throw Teapot() }
        try kind.get("/missing", on: app) { _, reply in reply.callNotFound() }
        try app.setErrorHandler { _, _, reply in reply.status = 418; reply.send("teapot") }
        try app.setNotFoundHandler { _, reply in reply.status = 404; reply.send("nothing here") }

        let text = try await app.inject(.get("/text"))
        #expect(text.statusCode == 200 && text.text.hasPrefix("id "))
        let silent = try await app.inject(.get("/silent"))
        #expect(silent.statusCode == 200 && silent.text.isEmpty)
        let thrown = try await app.inject(.get("/throws"))
        #expect(thrown.statusCode == 418 && thrown.text == "teapot")
        let missing = try await app.inject(.get("/missing"))
        #expect(missing.statusCode == 404 && missing.text == "nothing here")
    }

    @Test("a handler closure with no await is taken as synchronous, and its request finishes before any await")
    func fastPathIsTaken() async throws {
        let app = Application()
        try app.get("/sync") { _, reply in reply.send("sync") }
        try HandlerKind.suspending.get("/async", on: app) { _, reply in reply.send("async") }
        try app.get("/hooked", hooks: [.preHandler: [{ _, _ in await Task.yield() }]]) { _, reply in reply.send("hooked") }
        try app.post("/body") { _, reply in reply.send("body") }
        try app.get("/value") { _ in "value" }
        let compiled = try await app.ready()

        func progress(_ method: HTTPMethod, _ path: String) -> String {
            var request = Request(id: "1", method: method, url: path)
            var reply = Reply()
            switch compiled.handleWithoutSuspending(&request, into: &reply) {
            case .finished:
                guard case .bytes(let bytes) = reply.body else { return "finished without a body" }
                return "finished: " + String(decoding: bytes, as: UTF8.self)
            case .needsRequestPhases: return "needs request phases"
            default: return "other"
            }
        }
        #expect(progress(.get, "/sync") == "finished: sync")
        #expect(progress(.head, "/sync") == "finished without a body", "the HEAD twin is synchronous too")
        #expect(progress(.get, "/value") == "finished: value", "a closure returning the content is synchronous too")
        #expect(progress(.get, "/async") == "needs request phases")
        #expect(progress(.get, "/hooked") == "needs request phases", "an async request hook keeps the route async")
        #expect(progress(.post, "/body") == "needs request phases", "a body to parse keeps the request async")
    }

    @Test("synchronous request hooks keep the fast path and can end the request early")
    func synchronousHooks() async throws {
        let app = Application()
        try app.addHook(.onRequest) { request, reply in
            if request.headers["x-stop"] != nil { reply.status = 403; reply.send("stopped") }
        }
        try app.get("/") { _, reply in reply.send("through") }
        let compiled = try await app.ready()
        var request = Request(id: "1", method: .get, url: "/", headers: ["x-stop": "1"])
        var reply = Reply()
        guard case .finished = compiled.handleWithoutSuspending(&request, into: &reply) else {
            Issue.record("a synchronous hook made the route async")
            return
        }
        #expect(reply.status == 403)
        #expect(try await app.inject(.get("/")).text == "through")
        #expect(try await app.inject(.init(method: .get, url: "/", headers: ["x-stop": "1"])).text == "stopped")
    }

    @Test("onResponse and onError closures with no await register as synchronous hooks, and still run")
    func synchronousResponseAndErrorHooks() async throws {
        let seen = Trace()
        let app = Application()
        try app.register(prefix: "/sync") { scope in
            try scope.onResponse { request, reply in seen.add("response \(request.url) \(reply.status.code)") }
            try scope.onError { _, reply, error in reply.headers["x-error"] = "\(error)" }
            try scope.get("/") { _, reply in reply.send("ok") }
            try scope.get("/fail") { _, _ in throw Kaboom() }
        }
        try app.register(prefix: "/async") { scope in
            try scope.onResponse { _, _ in await Task.yield() }
            try scope.get("/") { _, reply in reply.send("ok") }
        }
        let compiled = try await app.ready()
        for (path, synchronous) in [("/sync/", true), ("/async/", false)] {
            var request = Request(id: "1", method: .get, url: path)
            var reply = Reply()
            _ = compiled.handleWithoutSuspending(&request, into: &reply)
            #expect(reply.route?.onResponse?.isSynchronous == synchronous, "\(path)")
        }
        #expect(try await app.inject(.get("/sync/")).text == "ok")
        #expect(try await app.inject(.get("/sync/fail")).headers["x-error"] == "\(Kaboom())")
        #expect(seen.all == ["response /sync/ 200", "response /sync/fail 500"])
    }

    @Test("bearer auth with a token list keeps a route on the fast path; an async verifier does not")
    func bearerAuthHook() async throws {
        let app = Application()
        try app.register(prefix: "/list") { scope in
            try scope.register(BearerAuth(tokens: ["t0k3n"]))
            try scope.get("/me") { request, reply in reply.send(request[.principal]?.id ?? "-") }
        }
        try app.register(prefix: "/async") { scope in
            try scope.register(BearerAuth { token, _ in
                await Task.yield()
                return token == "t0k3n" ? AuthPrincipal(id: "async") : nil
            })
            try scope.get("/me") { request, reply in reply.send(request[.principal]?.id ?? "-") }
        }
        let compiled = try await app.ready()
        for (path, synchronous) in [("/list/me", true), ("/async/me", false)] {
            var request = Request(id: "1", method: .get, url: path, headers: ["authorization": "Bearer t0k3n"])
            var reply = Reply()
            let finished = if case .finished = compiled.handleWithoutSuspending(&request, into: &reply) { true } else { false }
            #expect(finished == synchronous, "\(path)")
        }
        #expect(try await app.inject(.get("/list/me", headers: ["authorization": "Bearer t0k3n"])).text == "token-0")
        #expect(try await app.inject(.get("/list/me", headers: ["authorization": "Bearer nope"])).statusCode == 401)
        #expect(try await app.inject(.get("/list/me")).statusCode == 401)
        #expect(try await app.inject(.get("/async/me", headers: ["authorization": "Bearer t0k3n"])).text == "async")
    }

    @Test("an onRoute hook that replaces the handler is obeyed, not the synchronous one declared")
    func onRouteReplacement() async throws {
        let app = Application()
        try app.onRoute { options in
            let original = options.handler
            options.handler = { request, reply in
                try await original(request, &reply)
                reply.headers["x-wrapped"] = "yes"
            }
        }
        try app.get("/") { _, reply in reply.send("ok") }
        let response = try await app.inject(.get("/"))
        #expect(response.text == "ok")
        #expect(response.headers["x-wrapped"] == "yes")
    }
}
