import Kernel
import Synchronization
import Testing

/// `Scope.presetReplyHeaders`: fields every reply of a route starts with, chosen once per route at `ready()`,
/// which then behave exactly as if a first `onRequest` hook had set them.
@Suite("Reply presets: the fields every reply of a route starts with")
struct ReplyPresetTests {
    static let security = try! HTTPHeaderBlock([("x-frame-options", "DENY"), ("x-content-type-options", "nosniff")])

    @Test("a preset reaches handler replies, replies sent by a hook, thrown errors and 404s; a bad URL, answered before routing, gets none")
    func reachesEveryRoutedReply() async throws {
        let app = Application()
        try app.presetReplyHeaders { _ in Self.security }
        try app.addHook(.onRequest) { request, reply in
            guard request.url == "/early" else { return }
            reply.status = .unauthorized
            reply.send("no")
        }
        try app.get("/ok") { _, reply in reply.send("ok") }
        try app.get("/early") { _, reply in reply.send("never") }
        try app.get("/boom") { _, _ in throw HTTPError(.badRequest, message: "boom") }
        try app.get("/hello/:id") { _, reply in reply.send() }
        for (url, status) in [("/ok", HTTPStatus.ok), ("/early", .unauthorized), ("/boom", .badRequest), ("/missing", .notFound)] {
            let response = try await app.inject(.get(url))
            #expect(response.status == status, "\(url)")
            #expect(response.headers["x-frame-options"] == "DENY", "\(url)")
            #expect(response.headers["x-content-type-options"] == "nosniff", "\(url)")
        }
        let bad = try await app.inject(.get("/hello/%world"))
        #expect(bad[json: "code"]?.string == "FST_ERR_BAD_URL")
        #expect(bad.headers["x-frame-options"] == nil)
    }

    @Test("hooks see the fields from the first one on; the handler replaces and removes them like any field")
    func editableLikeAnyField() async throws {
        let app = Application()
        let seen = Mutex<[String?]>([])
        try app.addHook(.onRequest) { _, reply in seen.withLock { $0.append(reply.headers["x-frame-options"]) } }
        try app.presetReplyHeaders { _ in Self.security }
        try app.get("/") { _, reply in
            reply.headers["x-frame-options"] = "SAMEORIGIN"
            reply.headers["x-content-type-options"] = nil
            reply.send("ok")
        }
        let response = try await app.inject(.get("/"))
        #expect(seen.withLock { $0 } == ["DENY"], "set before the first hook, whatever the registration order")
        #expect(response.headers["x-frame-options"] == "SAMEORIGIN")
        #expect(!response.headers.contains("x-content-type-options"))
        #expect(response.headers.map(\.name).first == "x-frame-options", "a replaced field keeps its place")
    }

    @Test("presets follow encapsulation and registration order; the closure sees each route and its config, and nil leaves a route bare")
    func encapsulationAndOrder() async throws {
        let app = Application()
        let summaries = Mutex<[String]>([])
        try app.presetReplyHeaders { route in
            summaries.withLock { $0.append("\(route.method.rawValue) \(route.pattern ?? "404") \(route.config["preset"] ?? "-") \(route.isNotFound)") }
            return route.config["preset"] == "none" ? nil : try? HTTPHeaderBlock([("x-a", "root")])
        }
        try app.get("/root") { _, reply in reply.send("root") }
        try app.get("/bare", config: ["preset": "none"]) { _, reply in reply.send("bare") }
        try app.register(ClosurePlugin(name: "child") { child in
            try child.presetReplyHeaders { _ in try? HTTPHeaderBlock([("x-a", "child"), ("x-b", "1")]) }
            try child.get("/x") { _, reply in reply.send("x") }
        }, prefix: "/child")
        try app.register(ClosurePlugin(name: "sibling") { sibling in
            try sibling.get("/y") { _, reply in reply.send("y") }
        }, prefix: "/sibling")
        let child = try await app.inject(.get("/child/x"))
        #expect(child.headers["x-a"] == "child", "the later preset's field replaces the earlier one's")
        #expect(child.headers["x-b"] == "1")
        #expect(child.headers.values(for: "x-a").count == 1)
        for url in ["/root", "/sibling/y", "/missing"] {
            let response = try await app.inject(.get(url))
            #expect(response.headers["x-a"] == "root", "\(url)")
            #expect(response.headers["x-b"] == nil, "\(url): a child's preset stays in the child")
        }
        let bare = try await app.inject(.get("/bare"))
        #expect(bare.headers["x-a"] == nil)
        let seen = Set(summaries.withLock { $0 })
        #expect(seen.isSuperset(of: ["GET /root - false", "GET /bare none false", "GET /child/x - false", "GET 404 - true"]))
    }

    @Test("a preset after ready() throws FST_ERR_INSTANCE_ALREADY_STARTED")
    func presetAfterReady() async throws {
        let app = Application()
        try await app.ready()
        let error = #expect(throws: KernelError.self) { try app.presetReplyHeaders { _ in nil } }
        #expect(error?.code == .alreadyStarted)
    }

    @Test("over a socket, the fields are on the wire for a synchronous and a suspending route")
    func onTheWire() async throws {
        let app = Application()
        try app.presetReplyHeaders { _ in Self.security }
        try app.get("/sync") { _, reply in reply.send("sync") }
        try app.get("/async") { _, reply in
            await Task.yield()
            reply.send("async")
        }
        let text = try await exchange(
            "GET /sync HTTP/1.1\r\nHost: x\r\n\r\nGET /async HTTP/1.1\r\nHost: x\r\nConnection: close\r\n\r\n", with: app)
        #expect(text.components(separatedBy: "x-frame-options: DENY\r\nx-content-type-options: nosniff\r\n").count == 3, "\(text)")
    }
}
