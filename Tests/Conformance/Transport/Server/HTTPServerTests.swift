import Glibc
import Kernel
import Testing

/// A small app for the loopback tests.
func makeLoopbackApp(trace: Trace = Trace()) throws -> Application {
    let app = Application()
    try app.get("/hello") { _, reply in reply.send("Hello, World!") }
    try app.get("/json") { _, reply in reply.send(json: Greeting(hello: "world")) }
    try app.get("/empty") { _, reply in reply.status = .noContent; reply.send() }
    try app.post("/echo") { request, reply in reply.send(request.rawBody ?? []) }
    try app.get("/slow") { _, reply in
        try await Task.sleep(for: .milliseconds(300))
        trace.add("slow finished")
        reply.send("slow")
    }
    try app.get("/stream") { _, reply in
        reply.send(stream: ReplyStream(AsyncStream { continuation in
            for part in ["one,", "two,", "three"] { continuation.yield(Array(part.utf8)) }
            continuation.finish()
        }))
    }
    try app.addHook(.onRequestAbort) { _, _ in trace.add("abort") }
    try app.addHook(.onTimeout) { _, _ in trace.add("timeout") }
    return app
}

/// Serves `app` (the loopback app by default) on an ephemeral port, sends `bytes` on one connection,
/// and returns what the server wrote until it closed; then closes the app.
///
/// With `halfClosing`, the connection first sits idle for a moment (so the server is waiting, and sees the
/// bytes and the FIN in one event), and the client shuts down its write side right after sending.
func exchange(_ bytes: String, with app: Application? = nil, halfClosing: Bool = false) async throws -> String {
    let app = try app ?? makeLoopbackApp()
    let port = try await startServer(app)
    let client = try RawClient(port: port)
    if halfClosing { try await Task.sleep(for: .milliseconds(50)) }
    client.send(bytes)
    if halfClosing { shutdown(client.fd, Int32(SHUT_WR)) }
    let text = await client.readAll()
    try await app.close()
    return text
}

@Suite("HTTP/1.1 server over loopback (RFC 9112)", .serialized)
struct HTTPServerTests {
    @Test("port 0 binds an ephemeral port; keep-alive answers two requests on one connection")
    func keepAlive() async throws {
        let app = try makeLoopbackApp()
        let port = try await startServer(app)
        #expect(port > 0)
        let client = try RawClient(port: port)
        client.send("GET /hello HTTP/1.1\r\nHost: x\r\n\r\n")
        let first = await client.readResponses(1)
        client.send("GET /json HTTP/1.1\r\nHost: x\r\n\r\n")
        let second = await client.readResponses(1)
        #expect(first.first?.hasPrefix("HTTP/1.1 200 OK") == true)
        #expect(first.first?.hasSuffix("Hello, World!") == true)
        #expect(second.first?.hasSuffix(#"{"hello":"world"}"#) == true)
        #expect(first.first?.contains("Date: ") == true)
        try await app.close()
    }

    @Test("pipelined requests are answered in order")
    func pipelining() async throws {
        let app = try makeLoopbackApp()
        let port = try await startServer(app)
        let client = try RawClient(port: port)
        client.send("GET /json HTTP/1.1\r\nHost: x\r\n\r\nGET /hello HTTP/1.1\r\nHost: x\r\n\r\nPOST /echo HTTP/1.1\r\nHost: x\r\nContent-Length: 3\r\nContent-Type: text/plain\r\n\r\nabc")
        let responses = await client.readResponses(3)
        #expect(responses.count == 3)
        #expect(responses.map { $0.hasSuffix(#"{"hello":"world"}"#) } == [true, false, false])
        #expect(responses.count == 3 && responses[1].hasSuffix("Hello, World!"))
        #expect(responses.count == 3 && responses[2].hasSuffix("abc"))
        try await app.close()
    }

    @Test("HTTP/1.0 closes after the response by default")
    func http10Closes() async throws {
        let app = try makeLoopbackApp()
        let port = try await startServer(app)
        let client = try RawClient(port: port)
        client.send("GET /hello HTTP/1.0\r\n\r\n")
        let text = await client.readAll()
        #expect(text.hasPrefix("HTTP/1.1 200 OK"))
        #expect(text.contains("Connection: close"))
        try await app.close()
    }

    @Test("chunked request bodies are decoded; HEAD and 204 carry no body")
    func chunkedAndBodyless() async throws {
        let app = try makeLoopbackApp()
        let port = try await startServer(app)
        let client = try RawClient(port: port)
        client.send("POST /echo HTTP/1.1\r\nHost: x\r\nTransfer-Encoding: chunked\r\nContent-Type: text/plain\r\n\r\n3\r\nabc\r\n2\r\nde\r\n0\r\n\r\n")
        let chunked = await client.readResponses(1)
        #expect(chunked.first?.hasSuffix("abcde") == true)
        client.send("HEAD /hello HTTP/1.1\r\nHost: x\r\n\r\n")
        client.send("GET /empty HTTP/1.1\r\nHost: x\r\nConnection: close\r\n\r\n")
        let rest = await client.readAll()
        #expect(rest.contains("Content-Length: 13\r\n"))
        #expect(!rest.contains("Hello, World!"))
        #expect(rest.contains("HTTP/1.1 204 No Content"))
        try await app.close()
    }

    @Test("Expect: 100-continue gets an interim 100 before the body is read")
    func expectContinue() async throws {
        let app = try makeLoopbackApp()
        let port = try await startServer(app)
        let client = try RawClient(port: port)
        client.send("POST /echo HTTP/1.1\r\nHost: x\r\nContent-Length: 2\r\nContent-Type: text/plain\r\nExpect: 100-continue\r\n\r\n")
        let interim = await client.readResponses(1)
        #expect(interim.first?.hasPrefix("HTTP/1.1 100 Continue") == true)
        client.send("ok")
        let final = await client.readResponses(1)
        #expect(final.first?.hasSuffix("ok") == true)
        try await app.close()
    }

    @Test("streamed replies use chunked framing")
    func streamingReply() async throws {
        let app = try makeLoopbackApp()
        let port = try await startServer(app)
        let client = try RawClient(port: port)
        client.send("GET /stream HTTP/1.1\r\nHost: x\r\nConnection: close\r\n\r\n")
        let text = await client.readAll()
        #expect(text.contains("Transfer-Encoding: chunked"))
        #expect(text.hasSuffix("4\r\none,\r\n4\r\ntwo,\r\n5\r\nthree\r\n0\r\n\r\n"))
        try await app.close()
    }

    @Test("smuggling and malformed requests get 400 and close; nothing after them is answered",
          arguments: [
            "POST /echo HTTP/1.1\r\nHost: x\r\nContent-Length: 3\r\nTransfer-Encoding: chunked\r\n\r\n0\r\n\r\n",
            "POST /echo HTTP/1.1\r\nHost: x\r\nContent-Length: 3\r\nContent-Length: 4\r\n\r\nabcd",
            "POST /echo HTTP/1.1\r\nHost: x\r\nTransfer-Encoding: chunked, identity\r\n\r\n0\r\n\r\n",
            "POST /echo HTTP/1.1\r\nHost: x\r\nTransfer-Encoding: chunked\r\n\r\nzz\r\nabc\r\n0\r\n\r\n",
            "GET /hello HTTP/1.1\r\nHost: x\r\nX-Folded: a\r\n b\r\n\r\n",
            "GET /hello HTTP/1.1\r\nHost : x\r\n\r\n",
            "GET /hello HTTP/1.1\r\nBad\u{1}Name: x\r\nHost: x\r\n\r\n",
            "GET /hello HTTP/1.1\r\n\r\n",
            "GET /hello HTTP/1.1\rHost: x\r\n\r\n",
          ])
    func strictParsing(request: String) async throws {
        let text = try await exchange(request + "GET /hello HTTP/1.1\r\nHost: x\r\n\r\n")
        #expect(text.hasPrefix("HTTP/1.1 400 Bad Request"))
        #expect(!text.contains("Hello, World!"))
    }

    @Test("complete requests pipelined before a malformed one are answered first, then 400 and close",
          arguments: [
            "GET /hello HTTP/1.1\r\nHost: x\r\nX: a\u{0}\r\n\r\n",
            "GET /hello HTTP/2.0\r\nHost: x\r\n\r\n",
            "POST /echo HTTP/1.1\r\nHost: x\r\nContent-Length: 3\r\nTransfer-Encoding: chunked\r\n\r\n0\r\n\r\n",
          ])
    func pipelinedBeforeMalformed(malformed: String) async throws {
        let valid = "GET /hello HTTP/1.1\r\nHost: x\r\n\r\n"
        let text = try await exchange(valid + valid + malformed + valid)
        #expect(text.hasPrefix("HTTP/1.1 200 OK"))
        #expect(text.components(separatedBy: "Hello, World!").count == 3, "exactly the two requests before the malformed one")
        let statuses = text.components(separatedBy: "HTTP/1.1 ").dropFirst().map { String($0.prefix(3)) }
        #expect(statuses == ["200", "200", malformed.contains("HTTP/2.0") ? "505" : "400"])
    }

    @Test("limits: request line over 8 KiB → 414; headers over 16 KiB or 100 fields → 431; body over the limit → 413 before reading")
    func limits() async throws {
        var options = ApplicationOptions()
        options.bodyLimit = 1024
        let app = Application(options: options)
        try app.post("/echo") { request, reply in reply.send(request.rawBody ?? []) }
        let port = try await startServer(app)
        let longLine = try RawClient(port: port)
        longLine.send("GET /" + String(repeating: "a", count: 9000) + " HTTP/1.1\r\nHost: x\r\n\r\n")
        let line = await longLine.readAll()
        #expect(line.hasPrefix("HTTP/1.1 414"))
        let bigHeaders = try RawClient(port: port)
        bigHeaders.send("GET / HTTP/1.1\r\nHost: x\r\nX-Big: " + String(repeating: "b", count: 17000) + "\r\n\r\n")
        let big = await bigHeaders.readAll()
        #expect(big.hasPrefix("HTTP/1.1 431"))
        let manyHeaders = try RawClient(port: port)
        manyHeaders.send("GET / HTTP/1.1\r\nHost: x\r\n" + (0..<101).map { "X-\($0): y\r\n" }.joined() + "\r\n")
        let many = await manyHeaders.readAll()
        #expect(many.hasPrefix("HTTP/1.1 431"))
        let bigBody = try RawClient(port: port)
        bigBody.send("POST /echo HTTP/1.1\r\nHost: x\r\nContent-Type: text/plain\r\nContent-Length: 5000\r\n\r\n")
        let answer = await bigBody.readAll()
        #expect(answer.hasPrefix("HTTP/1.1 413"))
        #expect(answer.contains("FST_ERR_CTP_BODY_TOO_LARGE"))
        try await app.close()
    }

    @Test("a client that sends its head too slowly gets 408 and is closed (slowloris)")
    func headerReadTimeout() async throws {
        let app = try makeLoopbackApp()
        let port = try await startServer(app) { $0.headerReadTimeout = .milliseconds(200) }
        let client = try RawClient(port: port)
        client.send("GET /hello HTTP/1.1\r\nHost: x\r\n")
        let text = await client.readAll()
        #expect(text.hasPrefix("HTTP/1.1 408"))
        try await app.close()
    }

    @Test("the header timeout bounds the whole head: a byte every 100 ms does not extend it (slowloris)")
    func headerReadTimeoutCoversTheWholeHead() async throws {
        let app = try makeLoopbackApp()
        let port = try await startServer(app) { $0.headerReadTimeout = .milliseconds(300) }
        let client = try RawClient(port: port)
        client.send("GET /hello HTTP/1.1\r\nHost: x\r\n")
        var answered = false
        // 40 bytes at 100 ms: 4 s of trickle, each byte well inside the 300 ms timeout.
        for byte in Array("X-Slow: 012345678901234567890123456789\r\n".utf8).prefix(40) {
            try await Task.sleep(for: .milliseconds(100))
            var peek: UInt8 = 0
            if recv(client.fd, &peek, 1, Int32(MSG_PEEK | MSG_DONTWAIT)) > 0 {
                answered = true
                break
            }
            client.send([byte])
        }
        if !answered { client.send("\r\n") }  // completes the head: an unbounded server answers 200
        let text = await client.readAll()
        #expect(answered, "the server waited for the whole trickle")
        #expect(text.hasPrefix("HTTP/1.1 408"), "\(text.prefix(40))")
        try await app.close()
    }

    @Test("an idle keep-alive connection is closed after keepAliveTimeout")
    func idleTimeout() async throws {
        let app = try makeLoopbackApp()
        let port = try await startServer(app) { $0.keepAliveTimeout = .milliseconds(200) }
        let client = try RawClient(port: port)
        client.send("GET /hello HTTP/1.1\r\nHost: x\r\n\r\n")
        let one = await client.readResponses(1)
        #expect(one.count == 1)
        let closed = await client.isClosedByPeer()
        #expect(closed)
        try await app.close()
    }

    @Test("§9.33 requestTimeout fires onTimeout and drops the connection")
    func requestTimeoutFiresOnTimeout() async throws {
        let trace = Trace()
        let app = try makeLoopbackApp(trace: trace)
        let port = try await startServer(app) { $0.requestTimeout = .milliseconds(50) }
        let client = try RawClient(port: port)
        client.send("GET /slow HTTP/1.1\r\nHost: x\r\n\r\n")
        let nothing = await client.readAll()
        #expect(nothing.isEmpty)
        #expect(trace.all.contains("timeout"))
        try await app.close()
    }

    @Test("§9.34 a client that goes away mid-request fires onRequestAbort; the handler still finishes")
    func requestAbort() async throws {
        let trace = Trace()
        let app = try makeLoopbackApp(trace: trace)
        let port = try await startServer(app)
        do {
            let client = try RawClient(port: port)
            client.send("GET /slow HTTP/1.1\r\nHost: x\r\n\r\n")
            try await Task.sleep(for: .milliseconds(50))
        }
        for _ in 0..<100 where !trace.all.contains("abort") { try await Task.sleep(for: .milliseconds(20)) }
        #expect(trace.all.contains("slow finished"))
        #expect(trace.all.contains("abort"))
        try await app.close()
    }

    @Test("IPv6 loopback")
    func ipv6() async throws {
        let app = try makeLoopbackApp()
        let port = try await app.listen(ServerConfiguration(host: "::1", port: 0))
        let client = try RawClient(port: port, host: "::1")
        client.send("GET /hello HTTP/1.1\r\nHost: [::1]\r\nConnection: close\r\n\r\n")
        let v6 = await client.readAll()
        #expect(v6.hasSuffix("Hello, World!"))
        try await app.close()
    }

    @Test("graceful close: a request in flight finishes, idle connections close, then new connections are refused")
    func gracefulShutdown() async throws {
        let trace = Trace()
        let app = try makeLoopbackApp(trace: trace)
        try app.addHook(.onClose) { trace.add("onClose") }
        let port = try await startServer(app)
        let idle = try RawClient(port: port)
        idle.send("GET /hello HTTP/1.1\r\nHost: x\r\n\r\n")
        _ = await idle.readResponses(1)
        let busy = try RawClient(port: port)
        busy.send("GET /slow HTTP/1.1\r\nHost: x\r\n\r\n")
        try await Task.sleep(for: .milliseconds(50))
        try await app.close()
        let answer = await busy.readAll()
        #expect(answer.hasSuffix("slow"))
        #expect(answer.contains("Connection: close"))
        let idleClosed = await idle.isClosedByPeer()
        #expect(idleClosed)
        #expect(trace.all == ["slow finished", "onClose"])
        #expect(throws: (any Error).self) { _ = try RawClient(port: port) }
    }

    @Test("an absolute-form target is routed on its path, and its authority replaces Host (RFC 9112 §3.2.2)")
    func absoluteFormRouting() async throws {
        let app = try makeLoopbackApp()
        try app.get("/host") { request, reply in reply.send(request.host + " " + request.url) }
        let text = try await exchange(
            "GET http://x/hello HTTP/1.1\r\nHost: x\r\n\r\nGET http://Real:81/host?q=1 HTTP/1.1\r\nHost: fake\r\nConnection: close\r\n\r\n",
            with: app)
        #expect(text.hasPrefix("HTTP/1.1 200 OK"))
        #expect(text.contains("Hello, World!"))
        #expect(text.hasSuffix("Real:81 /host?q=1"))
    }

    @Test("an Upgrade or CONNECT request answered without switching protocols closes at once, bytes after it unread",
          arguments: [
            "GET /hello HTTP/1.1\r\nHost: x\r\nUpgrade: foo\r\nConnection: Upgrade\r\n\r\n",
            "CONNECT x:443 HTTP/1.1\r\nHost: x:443\r\n\r\n",
          ])
    func upgradeNotTaken(request: String) async throws {
        // This returns when the server closes; before, it stalled until the header timeout (408).
        let text = try await exchange(request + "GET /json HTTP/1.1\r\nHost: x\r\n\r\n")
        #expect(text.components(separatedBy: "HTTP/1.1 ").count == 2, "one response")
        #expect(text.lowercased().contains("connection: close"))
        #expect(!text.contains("hello\":"), "the bytes after it are not parsed")
    }

    @Test("a 101 reply hands the socket to the upgrade handler with the bytes already read")
    func upgradeHandOff() async throws {
        let app = Application()
        try app.get("/raw") { _, reply in
            reply.upgrade(headers: ["upgrade": "echo", "connection": "upgrade"], UpgradeHandler { leftover, channel in
                try? await channel.write(Array("leftover:".utf8) + leftover)
                while let bytes = try? await channel.read() { try? await channel.write(bytes) }
                await channel.close()
            })
        }
        let port = try await startServer(app)
        let client = try RawClient(port: port)
        client.send("GET /raw HTTP/1.1\r\nHost: x\r\nUpgrade: echo\r\nConnection: upgrade\r\n\r\nearly")
        try await Task.sleep(for: .milliseconds(100))
        client.send("ping")
        try await Task.sleep(for: .milliseconds(100))
        shutdown(client.fd, Int32(SHUT_WR))
        let text = await client.readAll()
        #expect(text.hasPrefix("HTTP/1.1 101 Switching Protocols"))
        #expect(text.hasSuffix("leftover:earlyping"))
        try await app.close()
    }

    @Test("§9.63 an unknown but well-formed method is routed (404 JSON); a malformed method is a 400 client error")
    func unknownMethod() async throws {
        let app = try makeLoopbackApp()
        let port = try await startServer(app)
        let unknown = try RawClient(port: port)
        unknown.send("UNKNOWN_METHOD /hello HTTP/1.1\r\nHost: x\r\nConnection: close\r\n\r\n")
        let routed = await unknown.readAll()
        #expect(routed.hasPrefix("HTTP/1.1 404 Not Found"))
        #expect(routed.contains("Route UNKNOWN_METHOD:/hello not found"))
        let malformed = try RawClient(port: port)
        malformed.send("GE(T /hello HTTP/1.1\r\nHost: x\r\n\r\n")
        let refused = await malformed.readAll()
        #expect(refused.hasPrefix("HTTP/1.1 400 Bad Request"))
        try await app.close()
    }
}
