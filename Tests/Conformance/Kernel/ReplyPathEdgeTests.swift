import Kernel
import Testing

private struct Custom: Encodable, Sendable { var custom = true }

/// A value whose encoding always fails.
private struct Unencodable: Encodable, Sendable {
    struct Refused: Error {}
    func encode(to encoder: any Encoder) throws { throw Refused() }
}

@Suite("Reply path edges: error handler JSON after a serialization failure, HEAD content-length, request decorations")
struct ReplyPathEdgeTests {
    @Test("an object sent under a non-JSON type → the custom error handler's JSON is serialized; if that fails too, the default body")
    func errorHandlerJSONAfterInvalidPayloadType() async throws {
        let trace = Trace()
        let app = Application()
        try app.setErrorHandler { error, request, reply in
            trace.add((error as? KernelError)?.code.rawValue ?? "?")
            reply.status = .serviceUnavailable
            switch request.path {
            case "/html-again": reply.type("text/html"); reply.send(json: Custom())
            case "/unencodable": reply.send(json: Unencodable())
            default: reply.send(json: Custom())
            }
        }
        for path in ["/html", "/html-again", "/unencodable"] {
            try app.get(path) { _, reply in reply.type("text/html"); reply.send(json: Custom()) }
        }
        let response = try await app.inject(.get("/html"))
        #expect(trace.all == ["FST_ERR_REP_INVALID_PAYLOAD_TYPE"])
        #expect(response.status == .serviceUnavailable)
        #expect(response.text == #"{"custom":true}"#)
        #expect(response.headers["content-type"] == "application/json; charset=utf-8")
        // The handler's own object fails: the default body for that failure, with the handler's status.
        let again = try await app.inject(.get("/html-again"))
        #expect(again.status == .serviceUnavailable)
        #expect(again[json: "code"]?.string == "FST_ERR_REP_INVALID_PAYLOAD_TYPE")
        let unencodable = try await app.inject(.get("/unencodable"))
        #expect(unencodable.status == .serviceUnavailable)
        #expect(unencodable[json: "code"]?.string == "FST_ERR_REP_SERIALIZATION")
    }

    @Test("a preSerialization hook that throws → the custom error handler's JSON is serialized, without preSerialization again")
    func errorHandlerJSONAfterPreSerializationError() async throws {
        let trace = Trace()
        let app = Application()
        try app.addHook(.preSerialization) { _, _ in trace.add("preSerialization"); throw HTTPError(502, message: "no") }
        try app.setErrorHandler { _, _, reply in reply.status = .serviceUnavailable; reply.send(json: Custom()) }
        try app.get("/") { _, reply in reply.send(json: Greeting(hello: "world")) }
        let response = try await app.inject(.get("/"))
        #expect(response.status == .serviceUnavailable)
        #expect(response.text == #"{"custom":true}"#)
        #expect(trace.all == ["preSerialization"])
    }

    @Test("an explicit HEAD route keeps the content-length it sets; without one it is 0", arguments: HandlerKind.allCases)
    func headRouteContentLength(kind: HandlerKind) async throws {
        let app = Application()
        let handler: SynchronousHandler = { request, reply in
            if request.path == "/file" { reply.header("content-length", "1234") }
            reply.type("application/pdf")
            reply.send()
        }
        switch kind {
        case .synchronous: try app.head("/file", handler); try app.head("/plain", handler)
        case .suspending:
            try app.head("/file") { request, reply in await Task.yield(); try handler(request, &reply) }
            try app.head("/plain") { request, reply in await Task.yield(); try handler(request, &reply) }
        }
        let file = try await app.inject(.head("/file"))
        #expect(file.status == .ok)
        #expect(file.headers["content-length"] == "1234")
        #expect(file.body.isEmpty)
        #expect(try await app.inject(.head("/plain")).headers["content-length"] == "0")
    }

    @Test("a root hook reading a child plugin's request decoration on a root route gets the declared default")
    func decorationDeclaredElsewhere() async throws {
        let user = DecorationKey<String?>("user")
        let app = Application()
        try app.addHook(.onRequest) { request, reply in reply.headers["x-user"] = request[user] ?? "nobody" }
        try app.register(prefix: "/child") { child in
            try child.decorateRequest(user, default: nil)
            try child.get("/me") { _, reply in reply.send("child") }
        }
        try app.get("/root") { _, reply in reply.send("root") }
        let root = try await app.inject(.get("/root"))
        #expect(root.status == .ok && root.text == "root")
        #expect(root.headers["x-user"] == "nobody")
        #expect(try await app.inject(.get("/missing")).headers["x-user"] == "nobody")
        #expect(try await app.inject(.get("/child/me")).headers["x-user"] == "nobody")
    }
}
