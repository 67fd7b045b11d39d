import Kernel
import Testing

@Suite("Hooks (fastify-core §9 hooks)")
struct HookTests {
    @Test("§9.1 onRequest error for one route → 500 JSON, handler not run")
    func onRequestErrorSkipsHandler() async throws {
        let trace = Trace()
        let app = Application()
        try app.addHook(.onRequest) { request, _ in if request.url == "/fail" { throw Kaboom() } }
        try app.get("/fail") { _, reply in trace.add("handler"); reply.send("no") }
        try app.get("/ok") { _, reply in reply.send("ok") }
        let failed = try await app.inject(.get("/fail"))
        #expect(failed.status == .internalServerError)
        #expect(failed.headers["content-type"] == "application/json; charset=utf-8")
        #expect(failed[json: "message"]?.string == "kaboom")
        #expect(trace.all.isEmpty)
        #expect(try await app.inject(.get("/ok")).text == "ok")
    }

    @Test("§9.3 onRequest in a child plugin runs for the child's routes only")
    func childHookEncapsulated() async throws {
        let app = Application()
        try app.get("/") { request, reply in reply.send(request.headers["x-child"] ?? "none") }
        try app.register { child in
            try child.addHook(.onRequest) { request, _ in request.headers["x-child"] = "yes" }
            try child.get("/child") { request, reply in reply.send(request.headers["x-child"] ?? "none") }
        }
        #expect(try await app.inject(.get("/")).text == "none")
        #expect(try await app.inject(.get("/child")).text == "yes")
    }

    @Test("§9.4 root has one onRequest hook, the child sees two")
    func hookCounts() throws {
        let app = Application()
        try app.addHook(.onRequest) { _, _ in }
        var childCount = 0
        try app.register { child in
            try child.addHook(.onRequest) { _, _ in }
            childCount = child.hookCount(.onRequest)
        }
        #expect(app.hookCount(.onRequest) == 1)
        #expect(childCount == 2)
    }

    @Test("§9.5 a hook sees decorations of the route's own scope, even ones added after the hook")
    func hookSeesChildDecorations() async throws {
        let key = DecorationKey<String>("flavour")
        let app = Application()
        try app.addHook(.onRequest) { request, reply in reply.headers["x-flavour"] = request.scope[key] ?? "none" }
        try app.register { child in
            try child.decorate(key, "child")
            try child.get("/") { _, reply in reply.send() }
        }
        #expect(try await app.inject(.get("/")).headers["x-flavour"] == "child")
    }

    @Test("§9.6 onRoute added after a route is not called for it")
    func onRouteAfterRoute() throws {
        let app = Application()
        var seen: [String] = []
        try app.get("/before") { _, _ in }
        try app.onRoute { seen.append($0.url) }
        try app.get("/after") { _, _ in }
        #expect(seen == ["/after"])
    }

    @Test("§9.7 an onRoute hook that throws makes route() throw")
    func onRouteThrows() throws {
        let app = Application()
        try app.onRoute { _ in throw Kaboom() }
        #expect(throws: Kaboom.self) { try app.get("/") { _, _ in } }
    }

    @Test("§9.8 nested prefixes: onRoute sees url /one/two/anotherPath, path and prefix")
    func onRouteNestedPrefix() throws {
        let app = Application()
        var seen: (String, String, String)?
        try app.onRoute { seen = ($0.url, $0.path, $0.prefix) }
        try app.register(prefix: "/one") { one in
            try one.register(prefix: "/two") { two in try two.get("/anotherPath") { _, _ in } }
        }
        #expect(seen?.0 == "/one/two/anotherPath")
        #expect(seen?.1 == "/anotherPath")
        #expect(seen?.2 == "/one/two")
    }

    @Test("§9.9 onRoute may rewrite the url")
    func onRouteRewrites() async throws {
        let app = Application()
        try app.onRoute { $0.url = "/rewritten" }
        try app.get("/original") { _, reply in reply.send("moved") }
        #expect(try await app.inject(.get("/rewritten")).text == "moved")
        #expect(try await app.inject(.get("/original")).status == .notFound)
    }

    @Test("§9.10 three onSend hooks replace the payload in turn; content-length follows")
    func onSendChain() async throws {
        let app = Application()
        for text in ["first", "second", "modified payload!!"] {
            try app.addHook(.onSend) { _, reply in reply.body = .bytes(Array(text.utf8)) }
        }
        try app.get("/") { _, reply in reply.send(json: Greeting(hello: "world")) }
        let response = try await app.inject(.get("/"))
        #expect(response.text == "modified payload!!")
        #expect(response.headers["content-length"] == "18")
    }

    @Test("§9.11 onSend sets 304 and clears the body → 304, empty, no content-length, JSON type kept")
    func onSendClearsPayload() async throws {
        let app = Application()
        try app.addHook(.onSend) { _, reply in reply.status = .notModified; reply.body = .empty }
        try app.get("/") { _, reply in reply.send(json: Greeting(hello: "world")) }
        let response = try await app.inject(.get("/"))
        #expect(response.status == .notModified)
        #expect(response.body.isEmpty)
        #expect(response.headers["content-length"] == nil)
        #expect(response.headers["content-type"] == "application/json; charset=utf-8")
    }

    @Test("§9.12 an onSend hook that throws → 500")
    func onSendThrows() async throws {
        let app = Application()
        try app.addHook(.onSend) { _, reply in if reply.status == .ok { throw Kaboom() } }
        try app.get("/") { _, reply in reply.send("fine") }
        let response = try await app.inject(.get("/"))
        #expect(response.status == .internalServerError)
        #expect(response[json: "message"]?.string == "kaboom")
    }

    @Test("§9.13 onRequest fails → onSend still runs with the decorated request; status 500")
    func onSendAfterOnRequestFailure() async throws {
        let key = DecorationKey<String>("user")
        let app = Application()
        try app.decorateRequest(key, default: "anonymous")
        try app.addHook(.onRequest) { request, _ in request[key] = "alice"; throw Kaboom() }
        try app.addHook(.onSend) { request, reply in reply.headers["x-user"] = request[key] }
        try app.get("/") { _, reply in reply.send("unreachable") }
        let response = try await app.inject(.get("/"))
        #expect(response.status == .internalServerError)
        #expect(response.headers["x-user"] == "alice")
    }

    @Test("§9.14 a failing catch-all parser → 500 and onSend still runs")
    func failingCatchAllParser() async throws {
        let app = Application()
        try app.addContentTypeParser("*") { _, _ in throw Kaboom() }
        try app.addHook(.onSend) { _, reply in reply.headers["x-on-send"] = "ran" }
        try app.post("/") { _, reply in reply.send("unreachable") }
        let response = try await app.inject(.post("/", body: "data", headers: ["content-type": "application/x-thing"]))
        #expect(response.status == .internalServerError)
        #expect(response.headers["x-on-send"] == "ran")
    }

    @Test("§9.15 content-length is recomputed when onSend replaces the payload")
    func contentLengthRecomputed() async throws {
        let app = Application()
        try app.addHook(.onSend) { _, reply in reply.body = .bytes(Array("a longer body".utf8)) }
        try app.get("/") { _, reply in reply.headers["content-length"] = "3"; reply.send("abc") }
        let response = try await app.inject(.get("/"))
        #expect(response.headers["content-length"] == "13")
        #expect(response.text == "a longer body")
    }

    @Test("§9.16 / §9.89 adding a hook after ready() throws FST_ERR_INSTANCE_ALREADY_STARTED")
    func hookAfterReady() async throws {
        let app = Application()
        try await app.ready()
        #expect(throws: KernelError.self) { try app.addHook(.onRequest) { _, _ in } }
        do { try app.addHook(.onRequest) { _, _ in } } catch let error as KernelError {
            #expect(error.code == .alreadyStarted)
        }
    }
}
