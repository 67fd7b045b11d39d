import Kernel
@testable import Plugins
import Testing

@Suite("WebSocket plugin: hooks, handshake, routing and origins on the upgrade request (§C.7, §D)", .timeLimit(.minutes(1)))
struct WebSocketUpgradeRouteTests {
    @Test("C.7-18 onRequest, preParsing, preValidation and preHandler all run for the upgrade, in order")
    func hooksRun() async throws {
        let ran = Log<String>()
        let (app, _) = try echoApp()
        for hook in [Hook.onRequest, .preParsing, .preValidation, .preHandler] {
            try app.addHook(hook) { _, _ in ran.append(hook.description) }
        }
        let client = try await app.injectWebSocket("/echo")
        #expect(ran.all == ["onRequest", "preParsing", "preValidation", "preHandler"])
        try await client.send(text: "x")
        #expect(try await client.receiveMessage() == .text("x"))
    }

    @Test("C.7-23 onSend and preSerialization do not run for the 101; onResponse does")
    func onSendSkipped() async throws {
        let ran = Log<String>()
        let (app, _) = try echoApp()
        try app.addHook(.onSend) { _, _ in ran.append("onSend") }
        try app.addHook(.preSerialization) { _, _ in ran.append("preSerialization") }
        try app.onResponse { _, reply in ran.append("onResponse \(reply.status.code)") }
        _ = try await app.injectWebSocket("/echo")
        #expect(ran.all == ["onResponse 101"])
    }

    @Test("C.7-36 a preValidation auth hook: with api-key the socket opens, without it the upgrade gets 401")
    func authHook() async throws {
        let app = Application()
        try app.register(WebSocketPlugin(.quickClose))
        try app.register(name: "secured") { scope in
            try scope.addHook(.preValidation) { request, reply in
                if request.headers["api-key"] != "secret" {
                    reply.status = .init(401)
                    reply.send("Unauthorized")
                }
            }
            try scope.webSocket("/ws") { socket, _ in
                for await message in socket.messages { try await socket.send(message) }
            }
        }
        #expect(await refusal(app, "/ws") == 401)
        let client = try await app.injectWebSocket("/ws", headers: ["api-key": "secret"])
        try await client.send(text: "in")
        #expect(try await client.receiveMessage() == .text("in"))
    }

    @Test("C.7-20 onRequest or preValidation throwing → 500, and onError runs", arguments: [Hook.onRequest, .preValidation])
    func hookThrows(phase: Hook) async throws {
        struct Boom: Error {}
        let errors = Counter()
        let (app, _) = try echoApp()
        try app.addHook(phase) { _, _ in throw Boom() }
        try app.onError { _, _, _ in errors.increment() }
        #expect(await refusal(app, "/echo") == 500)
        #expect(errors.count == 1)
    }

    @Test("C.7-21 preValidation throws and the error handler answers 501")
    func errorHandlerStatus() async throws {
        struct Boom: Error {}
        let (app, _) = try echoApp()
        try app.addHook(.preValidation) { _, _ in throw Boom() }
        try app.setErrorHandler { _, _, reply in
            reply.status = .init(501)
            reply.send("nope")
        }
        #expect(await refusal(app, "/echo") == 501)
    }

    @Test("C.7-24 preValidation sends 404 'not found': a plain GET gets the body, the WebSocket client is refused")
    func hookSends404() async throws {
        let (app, _) = try echoApp()
        try app.addHook(.preValidation) { _, reply in
            reply.status = .notFound
            reply.send("not found")
        }
        let plain = try await app.inject(.get("/echo"))
        #expect(plain.statusCode == 404)
        #expect(plain.text == "not found")
        #expect(await refusal(app, "/echo") == 404)
    }

    @Test("C.7-32 a plain GET on a WebSocket route → 426 Upgrade Required (fastify: 404)")
    func plainGet() async throws {
        let (app, _) = try echoApp()
        let response = try await app.inject(.get("/echo"))
        #expect(response.statusCode == 426)
        #expect(response.headers["upgrade"] == "websocket")
        #expect(response.text == "Upgrade Required")
        let head = try await app.inject(.head("/echo"))
        #expect(head.statusCode == 404)
    }

    @Test("C.7-26 an optional HTTP handler answers plain requests on the same URL")
    func httpAndWebSocketHandlers() async throws {
        let app = Application()
        try app.register(WebSocketPlugin(.quickClose))
        try app.register(name: "baz", prefix: "/baz") { scope in
            try scope.webSocket("/echo", http: { _, reply in reply.send(json: ["hello": "world"]) }) { socket, _ in
                try await socket.send(text: "hello client")
            }
        }
        let plain = try await app.inject(.get("/baz/echo"))
        #expect(plain.text == #"{"hello":"world"}"#)
        let client = try await app.injectWebSocket("/baz/echo")
        #expect(try await client.receiveMessage() == .text("hello client"))
    }

    @Test("C.7-40 version 12 → 426 with Sec-WebSocket-Version: 13; key 'abc' → 400; other handshake failures",
          arguments: [
            ([("sec-websocket-version", "12")], 426, "Missing or invalid Sec-WebSocket-Version header"),
            ([("sec-websocket-key", "abc")], 400, "Missing or invalid Sec-WebSocket-Key header"),
            ([("connection", "keep-alive")], 400, "Invalid Connection header"),
            ([("sec-websocket-protocol", "a, a")], 400, "Invalid Sec-WebSocket-Protocol header"),
          ])
    func handshakeFailures(extra: [(String, String)], status: Int, reason: String) async throws {
        let (app, _) = try echoApp()
        let response = try await app.inject(.get("/echo", headers: upgradeHeaders(extra)))
        #expect(response.statusCode == status)
        #expect(response.text == reason)
        #expect(response.upgradeHandler == nil)
        if status == 426 { #expect(response.headers["sec-websocket-version"] == "13") }
    }

    @Test("a valid handshake answers 101 with the RFC 6455 §1.3 accept value")
    func acceptValue() async throws {
        let (app, _) = try echoApp()
        let response = try await app.inject(.get("/echo", headers: upgradeHeaders()))
        #expect(response.status == .switchingProtocols)
        #expect(response.headers["sec-websocket-accept"] == "s3pPLMBiTxaQ9kYGzzhZRbK+xOo=")
        #expect(response.headers["upgrade"] == "websocket")
        #expect(response.upgradeHandler != nil)
    }

    @Test("C.7-33 route params reach the handler; C.7-34 request decorations are visible")
    func paramsAndDecorations() async throws {
        let seen = Log<String>()
        let app = Application()
        try app.register(WebSocketPlugin(.quickClose))
        try app.decorateRequest(DecorationKey<String>("user"), default: "anonymous")
        try app.webSocket("/ws/:id") { _, request in
            seen.append("\(request.params["id"] ?? "-") \(request[DecorationKey<String>("user")])")
        }
        try app.webSocket("/ws") { _, request in seen.append("none \(request.params.isEmpty)") }
        let first = try await app.injectWebSocket("/ws/foo")
        _ = await first.closed()
        let second = try await app.injectWebSocket("/ws")
        _ = await second.closed()
        #expect(seen.all == ["foo anonymous", "none true"])
    }

    @Test("C.7-29 a wildcard WebSocket route catches other paths; an HTTP-only route refuses the upgrade with its reply")
    func wildcard() async throws {
        let (app, _) = try echoApp("/*")
        try app.get("/http") { _, reply in reply.send("plain") }
        let client = try await app.injectWebSocket("/http2")
        try await client.send(text: "w")
        #expect(try await client.receiveMessage() == .text("w"))
        #expect(await refusal(app, "/http") == 200)
    }

    @Test("declaring a WebSocket route without the plugin throws pluginNotRegistered")
    func pluginMissing() throws {
        let app = Application()
        #expect(throws: WebSocketError.pluginNotRegistered) {
            try app.webSocket("/ws") { _, _ in }
        }
    }
}

@Suite("WebSocket plugin: Origin allow-list (§D cross-site WebSocket hijacking)", .timeLimit(.minutes(1)))
struct WebSocketOriginTests {
    @Test("default: same origin and no Origin are accepted; a foreign Origin gets 403")
    func defaultPolicy() async throws {
        let (app, _) = try echoApp()
        #expect(await refusal(app, "/echo", headers: ["origin": "http://evil.example"]) == 403)
        #expect(await refusal(app, "/echo", headers: ["origin": "http://localhost:80"]) == nil)
        #expect(await refusal(app, "/echo", headers: ["origin": "http://LOCALHOST"]) == nil)
        #expect(await refusal(app, "/echo", headers: ["origin": "https://localhost"]) == 403)
        #expect(await refusal(app, "/echo") == nil)
    }

    @Test("default with CORS registered: origins CORS names are accepted, others and CORS's * are not")
    func followsCORS() async throws {
        let app = Application()
        try app.register(CORS(origin: .list([.exact("https://app.example")])))
        try app.register(WebSocketPlugin(.quickClose))
        try app.webSocket("/echo") { socket, _ in _ = await socket.closed() }
        #expect(await refusal(app, "/echo", headers: ["origin": "https://app.example"]) == nil)
        #expect(await refusal(app, "/echo", headers: ["origin": "https://evil.example"]) == 403)
        let wildcard = Application()
        try wildcard.register(CORS())
        try wildcard.register(WebSocketPlugin())
        try wildcard.webSocket("/echo") { socket, _ in _ = await socket.closed() }
        #expect(await refusal(wildcard, "/echo", headers: ["origin": "https://evil.example"]) == 403)
    }

    @Test("explicit list, allowMissing false, any, and a custom closure")
    func explicitPolicies() async throws {
        var options = WebSocketOptions.quickClose
        options.allowedOrigins = .list(["https://a.example"], allowMissing: false)
        let (strict, _) = try echoApp(options: options)
        #expect(await refusal(strict, "/echo", headers: ["origin": "https://A.example"]) == nil)
        #expect(await refusal(strict, "/echo", headers: ["origin": "https://b.example"]) == 403)
        #expect(await refusal(strict, "/echo") == 403)
        options.allowedOrigins = .any
        let (open, _) = try echoApp(options: options)
        #expect(await refusal(open, "/echo", headers: ["origin": "https://b.example"]) == nil)
        options.allowedOrigins = .custom { origin, _ in origin?.hasSuffix(".trusted") == true }
        let (custom, _) = try echoApp(options: options)
        #expect(await refusal(custom, "/echo", headers: ["origin": "https://x.trusted"]) == nil)
        #expect(await refusal(custom, "/echo", headers: ["origin": "https://x.other"]) == 403)
    }

    @Test("a route can override the plugin's origin policy")
    func routeOverride() async throws {
        let app = Application()
        try app.register(WebSocketPlugin(.quickClose))
        var open = WebSocketOptions()
        open.allowedOrigins = .any
        try app.webSocket("/public", options: open) { _, _ in }
        try app.webSocket("/private") { _, _ in }
        #expect(await refusal(app, "/public", headers: ["origin": "https://b.example"]) == nil)
        #expect(await refusal(app, "/private", headers: ["origin": "https://b.example"]) == 403)
    }

    @Test("same-origin comparison: default ports, IPv6, schemes", arguments: [
        ("http://example.com", "example.com", true), ("http://example.com", "example.com:80", true),
        ("https://example.com", "example.com:443", true), ("https://example.com", "example.com", true),
        ("http://example.com:8080", "example.com:8080", true), ("http://example.com", "example.com:8080", false),
        ("http://[::1]:3000", "[::1]:3000", true), ("null", "example.com", false),
        ("http://example.com.evil", "example.com", false), ("file://example.com", "example.com", false),
    ])
    func sameOrigin(origin: String, host: String, same: Bool) {
        #expect(WebSocketOriginCheck.isSameOrigin(origin, host: host) == same)
    }
}
