import Kernel
import Testing

@Suite("Hook order and early replies (fastify-core §9 hooks)")
struct HookOrderTests {
    @Test("§9.17 a hook that sends ends the request; later hooks and the handler are skipped, onSend and onResponse run",
          arguments: [Hook.onRequest, .preParsing, .preValidation, .preHandler])
    func hookEndsRequest(phase: Hook) async throws {
        let trace = Trace()
        let app = Application()
        try app.addHook(phase) { _, reply in trace.add("blocker"); reply.send("hello") }
        for later in [Hook.onRequest, .preParsing, .preValidation, .preHandler] where later.rawValue >= phase.rawValue {
            try app.addHook(later) { _, _ in trace.add("later-\(later)") }
        }
        try app.addHook(.onSend) { _, _ in trace.add("onSend") }
        try app.onResponse { _, _ in trace.add("onResponse") }
        try app.get("/") { _, reply in trace.add("handler"); reply.send("handler") }
        let response = try await app.inject(.get("/"))
        #expect(response.status == .ok)
        #expect(response.text == "hello")
        #expect(trace.all == ["blocker", "onSend", "onResponse"])
    }

    @Test("§9.18 hooks a non-encapsulated plugin adds after an encapsulated plugin still run for its routes")
    func fpHooksAfterEncapsulated() async throws {
        let trace = Trace()
        let app = Application()
        try app.register { child in try child.get("/") { _, reply in reply.send("ok") } }
        try app.register(ClosurePlugin(name: "late", isEncapsulated: false) { scope in
            try scope.addHook(.onRequest) { _, _ in trace.add("late") }
        })
        _ = try await app.inject(.get("/"))
        #expect(trace.all == ["late"])
    }

    @Test("§9.19 hooks across nested fp and encapsulated plugins run in application order",
          arguments: [Hook.onRequest, .preParsing, .preHandler, .onSend, .onResponse, .preSerialization])
    func applicationOrder(phase: Hook) async throws {
        let trace = Trace()
        let app = Application()
        try app.addHook(phase) { _, _ in trace.add("1") }
        try app.register(ClosurePlugin(name: "fp", isEncapsulated: false) { scope in
            try scope.addHook(phase) { _, _ in trace.add("2") }
        })
        try app.register { child in
            try child.addHook(phase) { _, _ in trace.add("3") }
            try child.register(ClosurePlugin(name: "inner-fp", isEncapsulated: false) { scope in
                try scope.addHook(phase) { _, _ in trace.add("4") }
            })
            try child.register { grandchild in
                try grandchild.addHook(phase) { _, _ in trace.add("5") }
                try grandchild.get("/") { _, reply in reply.send(json: Greeting(hello: "order")) }
            }
        }
        _ = try await app.inject(.get("/"))
        #expect(trace.all == ["1", "2", "3", "4", "5"])
    }

    @Test("§9.20 a hook that returns without sending has no effect")
    func hookReturnIsNoOp() async throws {
        let app = Application()
        for phase in [Hook.onRequest, .preParsing, .preValidation, .preHandler] { try app.addHook(phase) { _, _ in } }
        try app.get("/") { _, reply in reply.send("ok") }
        let response = try await app.inject(.get("/"))
        #expect(response.status == .ok)
        #expect(response.text == "ok")
    }

    @Test("§9.21 a header set in onRequest is kept; a string body gets text/plain")
    func onRequestHeaderKept() async throws {
        let app = Application()
        try app.addHook(.onRequest) { _, reply in reply.header("x-custom", "1") }
        try app.get("/") { _, reply in reply.send("text") }
        let response = try await app.inject(.get("/"))
        #expect(response.headers["x-custom"] == "1")
        #expect(response.headers["content-type"] == "text/plain; charset=utf-8")
    }

    @Test("§9.22 a content type set in onRequest is kept for a string body")
    func onRequestContentTypeKept() async throws {
        let app = Application()
        try app.addHook(.onRequest) { _, reply in reply.type("text/html") }
        try app.get("/") { _, reply in reply.send("<p>hi</p>") }
        #expect(try await app.inject(.get("/")).headers["content-type"] == "text/html")
    }

    @Test("§9.23 in onRequest and preParsing the body is nil; query, params and headers are set")
    func requestStateInEarlyHooks() async throws {
        let trace = Trace()
        let app = Application()
        for phase in [Hook.onRequest, .preParsing] {
            try app.addHook(phase) { request, _ in
                trace.add("\(phase):\(request.body == nil):\(request.params["id"] ?? ""):\(request.query["q"] ?? ""):\(request.headers["x-a"] ?? "")")
            }
        }
        try app.post("/items/:id") { _, reply in reply.send() }
        _ = try await app.inject(.post("/items/7?q=s", json: Greeting(hello: "x"), headers: ["x-a": "b"]))
        #expect(trace.all == ["onRequest:true:7:s:b", "preParsing:true:7:s:b"])
    }

    @Test("§9.32 an async onRequest that sends after awaiting ends the request; the handler does not run")
    func asyncEarlyTermination() async throws {
        let trace = Trace()
        let app = Application()
        try app.addHook(.onRequest) { _, reply in
            try await Task.sleep(for: .milliseconds(5))
            reply.send("hello world")
        }
        try app.get("/") { _, reply in trace.add("handler"); reply.send("no") }
        let response = try await app.inject(.get("/"))
        #expect(response.text == "hello world")
        #expect(trace.all.isEmpty)
    }

    @Test("§9.39 a route-level hook runs after the scope hook of the same kind, for every kind",
          arguments: [Hook.onRequest, .preParsing, .preValidation, .preHandler, .preSerialization, .onSend, .onResponse])
    func routeLevelHooksRunLast(phase: Hook) async throws {
        let trace = Trace()
        let app = Application()
        try app.addHook(phase) { _, _ in trace.add("scope") }
        try app.get("/", hooks: [phase: [{ _, _ in trace.add("route") }]]) { _, reply in reply.send(json: Greeting(hello: "x")) }
        _ = try await app.inject(.get("/"))
        #expect(trace.all == ["scope", "route"])
    }

    @Test("§9.40 a route-level hook that throws → 500 with the error's message")
    func routeLevelHookThrows() async throws {
        let app = Application()
        try app.get("/", hooks: [.preHandler: [{ _, _ in throw Kaboom() }]]) { _, reply in reply.send("no") }
        let response = try await app.inject(.get("/"))
        #expect(response.status == .internalServerError)
        #expect(try response.json() == JSONValue(parsing: Array(#"{"statusCode":500,"error":"Internal Server Error","message":"kaboom"}"#.utf8)))
    }

    @Test("§9.51 hooks added in a plugin after its route, and on the root after the plugin, all run")
    func hooksAddedAfterRoute() async throws {
        let trace = Trace()
        let app = Application()
        try app.register { child in
            try child.get("/") { _, reply in reply.send() }
            try child.addHook(.onRequest) { _, _ in trace.add("child-after-route") }
        }
        try app.addHook(.onRequest) { _, _ in trace.add("root-after-plugin") }
        _ = try await app.inject(.get("/"))
        #expect(trace.all == ["child-after-route", "root-after-plugin"])
    }
}
