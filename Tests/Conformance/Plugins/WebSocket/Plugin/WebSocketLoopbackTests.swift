import Glibc
import Kernel
@testable import Plugins
import Testing

@Suite("WebSocket plugin over real loopback sockets (app.listen)", .timeLimit(.minutes(1)))
struct WebSocketLoopbackTests {
    @Test("echo of text and binary messages, then a clean close")
    func echo() async throws {
        let (app, _) = try echoApp()
        let port = try await startServer(app)
        let client = try await LoopbackWebSocket(port: port)
        #expect(client.status == 101)
        #expect(client.responseHead.lowercased().contains("sec-websocket-accept: s3pplmbitxaq9kygzzhzrbk+xoo="))
        try await client.send(text: "héllo")
        #expect(await client.receive() == .text("héllo"))
        let big = (0..<200_000).map { UInt8($0 % 251) }
        try await client.send(binary: big)
        #expect(await client.receive() == .binary(big))
        try await client.close()
        #expect(await client.closeCode() == 1000)
        try await app.close()
    }

    @Test("fragments and an interleaved ping over the socket")
    func fragmentation() async throws {
        let (app, _) = try echoApp()
        let port = try await startServer(app)
        let client = try await LoopbackWebSocket(port: port)
        await client.write(clientFrame(.text, Array("frag".utf8), fin: false))
        await client.write(clientFrame(.ping, Array("p".utf8)))
        await client.write(clientFrame(.continuation, Array("ment".utf8)))
        #expect(await client.receive() == .pong(Array("p".utf8)))
        #expect(await client.receive() == .text("fragment"))
        try await app.close()
    }

    @Test("C.7-41 ping → pong over the socket")
    func pingPong() async throws {
        let (app, _) = try echoApp()
        let port = try await startServer(app)
        let client = try await LoopbackWebSocket(port: port)
        try await client.ping(Array("hb".utf8))
        #expect(await client.receive() == .pong(Array("hb".utf8)))
        try await app.close()
    }

    @Test("1009 over maxPayload and 1007 for invalid UTF-8 arrive before the connection ends")
    func failuresOverTheWire() async throws {
        var options = WebSocketOptions.quickClose
        options.maxPayload = 1000
        let (app, _) = try echoApp(options: options)
        let port = try await startServer(app)
        let big = try await LoopbackWebSocket(port: port)
        await big.write(clientFrame(.binary, [UInt8](repeating: 0, count: 100_000)))
        #expect(await big.closeCode() == 1009)
        let bad = try await LoopbackWebSocket(port: port)
        await bad.write(clientFrame(.text, [0x61, 0xC0, 0xAF]))
        #expect(await bad.closeCode() == 1007)
        try await app.close()
    }

    @Test("C.7-25 a frame sent with the upgrade request, during a slow preValidation hook, is delivered")
    func earlyData() async throws {
        let (app, _) = try echoApp()
        try app.addHook(.preValidation) { _, _ in try await Task.sleep(for: .milliseconds(25)) }
        let port = try await startServer(app)
        let client = try await LoopbackWebSocket(port: port, early: clientText("early"))
        #expect(client.status == 101)
        #expect(await client.receive() == .text("early"))
        try await app.close()
    }

    @Test("C.7-28 raw HTTP GET vs raw upgrade on the same route")
    func rawHTTPAndUpgrade() async throws {
        let app = Application()
        try app.register(WebSocketPlugin(.quickClose))
        try app.webSocket("/", http: { _, reply in reply.send("hi from handler") }) { socket, _ in
            try await socket.send(text: "hi from wsHandler")
        }
        let port = try await startServer(app)
        let plain = try RawClient(port: port)
        plain.send("GET / HTTP/1.1\r\nHost: x\r\nConnection: close\r\n\r\n")
        #expect(await plain.readAll().hasSuffix("hi from handler"))
        let client = try await LoopbackWebSocket(port: port, path: "/")
        #expect(await client.receive() == .text("hi from wsHandler"))
        try await app.close()
    }

    @Test("an HTTP/1.0 handshake is refused with 400 (RFC 6455 §4.2.1 asks for HTTP/1.1 or later)")
    func http10HandshakeRefused() async throws {
        let (app, _) = try echoApp()
        let port = try await startServer(app)
        let client = try RawClient(port: port)
        client.send("GET /echo HTTP/1.0\r\nHost: x\r\nUpgrade: websocket\r\nConnection: Upgrade\r\n"
            + "Sec-WebSocket-Version: 13\r\nSec-WebSocket-Key: dGhlIHNhbXBsZSBub25jZQ==\r\n\r\n")
        let answer = await client.readAll()
        try await app.close()
        #expect(answer.hasPrefix("HTTP/1.1 400"), "\(answer)")
        #expect(answer.hasSuffix("Invalid HTTP version"))
    }

    @Test("403 for a foreign Origin and 401 from an auth hook, over the socket")
    func refusals() async throws {
        let (app, _) = try echoApp()
        try app.addHook(.onRequest) { request, reply in
            if request.headers["authorization"] == "bad" { reply.status = .init(401); reply.send("no") }
        }
        let port = try await startServer(app)
        let foreign = try await LoopbackWebSocket(port: port, headers: [("Origin", "http://evil.example")])
        #expect(foreign.status == 403)
        let unauthorized = try await LoopbackWebSocket(port: port, headers: [("Authorization", "bad")])
        #expect(unauthorized.status == 401)
        let sameOrigin = try await LoopbackWebSocket(port: port, headers: [("Origin", "http://127.0.0.1:\(port)")])
        #expect(sameOrigin.status == 101)
        try await app.close()
    }

    @Test("C.7-12 app.close() sends 1001 to a connected client and finishes promptly")
    func closeWithServer() async throws {
        let (app, _) = try echoApp()
        let port = try await startServer(app)
        let client = try await LoopbackWebSocket(port: port)
        try await client.send(text: "x")
        #expect(await client.receive() == .text("x"))
        let code = Task { await client.closeCode() }
        // The suite's time limit is the hang detector; nothing here times the close.
        try await app.close()
        #expect(await code.value == 1001)
    }

    @Test("C.7-19 requestTimeout does not cut a WebSocket session; onTimeout is not called")
    func noTimeout() async throws {
        let timeouts = Counter()
        let (app, _) = try echoApp()
        try app.addHook(.onTimeout) { _, _ in timeouts.increment() }
        let port = try await startServer(app) { $0.requestTimeout = .milliseconds(50) }
        let client = try await LoopbackWebSocket(port: port)
        try await Task.sleep(for: .milliseconds(150))
        try await client.send(text: "still here")
        #expect(await client.receive() == .text("still here"))
        #expect(timeouts.count == 0)
        try await app.close()
    }
}
