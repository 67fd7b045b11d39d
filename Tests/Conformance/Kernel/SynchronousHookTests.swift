import Kernel
import Testing

/// How a test registers a hook body: as a synchronous hook, or as an async one that really suspends.
enum HookKind: String, CaseIterable, Sendable {
    case synchronous, suspending

    func add(_ phase: Hook, to scope: Scope, _ body: @escaping SynchronousRequestHook) throws {
        switch self {
        case .synchronous: try scope.addHook(phase, body)
        case .suspending:
            try scope.addHook(phase) { request, reply in
                await Task.yield()
                try body(&request, &reply)
            }
        }
    }
}

@Suite("Synchronous hooks behave exactly like async ones")
struct SynchronousHookTests {
    @Test("sync and async hooks of one phase run in registration order, across scopes, route-level last")
    func mixedOrder() async throws {
        let trace = Trace()
        let app = Application()
        try HookKind.synchronous.add(.onRequest, to: app) { _, _ in trace.add("root sync") }
        try HookKind.suspending.add(.onRequest, to: app) { _, _ in trace.add("root async") }
        try app.register { child in
            try HookKind.synchronous.add(.onRequest, to: child) { _, _ in trace.add("child sync") }
            try child.get("/", hooks: [.onRequest: [{ _, _ in await Task.yield(); trace.add("route") }]]) { _, reply in
                trace.add("handler")
                reply.send("ok")
            }
        }
        try HookKind.synchronous.add(.onSend, to: app) { _, _ in trace.add("send sync") }
        try HookKind.suspending.add(.onSend, to: app) { _, _ in trace.add("send async") }
        #expect(try await app.inject(.get("/")).text == "ok")
        #expect(trace.all == ["root sync", "root async", "child sync", "route", "handler", "send sync", "send async"])
    }

    @Test("an onSend hook that throws → the error reply, which onSend sees once more", arguments: HookKind.allCases)
    func onSendThrows(kind: HookKind) async throws {
        let app = Application()
        try kind.add(.onSend, to: app) { _, reply in if reply.status == .ok { throw Kaboom() } }
        try kind.add(.onSend, to: app) { _, reply in reply.headers["x-seen"] = String(reply.status.code) }
        try app.get("/") { _, reply in reply.send("fine") }
        let response = try await app.inject(.get("/"))
        #expect(response.status == .internalServerError)
        #expect(response[json: "message"]?.string == "kaboom")
        #expect(response.headers["x-seen"] == "500")
        #expect(response.headers["content-length"] == String(response.body.count))
    }

    @Test("an onRequest hook that sends ends the request: no handler, onSend still runs", arguments: HookKind.allCases)
    func onRequestSends(kind: HookKind) async throws {
        let trace = Trace()
        let app = Application()
        try kind.add(.onRequest, to: app) { _, reply in reply.status = .forbidden; reply.send("stop") }
        try kind.add(.onRequest, to: app) { _, _ in trace.add("second hook") }
        try kind.add(.onSend, to: app) { _, reply in reply.headers["x-after"] = "yes" }
        try app.get("/") { _, reply in trace.add("handler"); reply.send("handler") }
        let response = try await app.inject(.get("/"))
        #expect(response.status == .forbidden)
        #expect(response.text == "stop")
        #expect(response.headers["x-after"] == "yes")
        #expect(trace.all.isEmpty)
    }

    @Test("an onSend hook rewrites a JSON reply; content-length follows the new body", arguments: HookKind.allCases)
    func onSendRewritesJSON(kind: HookKind) async throws {
        let app = Application()
        try kind.add(.onSend, to: app) { _, reply in reply.body = .bytes(Array("{\"wrapped\":true}".utf8)) }
        try app.get("/") { _, reply in reply.send(json: ["hello": "world"]) }
        let response = try await app.inject(.get("/"))
        #expect(response.text == "{\"wrapped\":true}")
        #expect(response.headers["content-type"] == "application/json; charset=utf-8")
        #expect(response.headers["content-length"] == "16")
    }
}
