import Kernel
import Plugins
import Testing

extension HTTPServerLoopback {
    /// A body over its route's limit is left unread, and the application answers: the 413 goes through
    /// `onError` and `onSend` as it does in-process, so it carries the CORS and security headers a browser
    /// needs to read it; an earlier hook's answer wins; and the connection always closes after it.
    @Suite("HTTP/1.1 server over loopback: a body over the limit is answered by the app, unread")
    struct UnreadBodyTests {
        static let origin = "http://localhost:3000"

        /// CORS and security headers on every reply, an `x-on-send` mark, `/upload` taking 16 bytes, and an
        /// auth hook (awaiting before it answers) that turns away `/private`.
        static func makeApp() throws -> Application {
            let app = Application()
            try app.register(SecurityHeaders())
            try app.register(CORS(origin: .exact(origin), credentials: true))
            try app.addHook(.onSend) { _, reply in reply.headers["x-on-send"] = "1" }
            try app.addHook(.onRequest) { request, _ in
                await Task.yield()
                if request.url == "/private" { throw HTTPError(.unauthorized) }
            }
            try app.post("/upload", bodyLimit: 16) { request, reply in reply.send("stored \(request.rawBody?.count ?? 0)") }
            try app.post("/private", bodyLimit: 16) { _, reply in reply.send("secret") }
            try app.get("/hello") { _, reply in reply.send("Hello, World!") }
            return app
        }

        /// The head's fields, names lowercased, and the status code.
        static func parse(_ response: String) -> (status: Int, headers: [String: String]) {
            let head = response.components(separatedBy: "\r\n\r\n")[0].components(separatedBy: "\r\n")
            var headers: [String: String] = [:]
            for line in head.dropFirst() {
                guard let colon = line.firstIndex(of: ":") else { continue }
                headers[line[..<colon].lowercased()] = line[line.index(after: colon)...].trimmingPrefix(" ").description
            }
            return (Int(head[0].split(separator: " ")[1]) ?? 0, headers)
        }

        /// The three ways a body can be over the limit on the wire: a declared length, chunks that add up past it,
        /// and one chunk announcing more than the parser takes at all (1 MiB). `Expect: 100-continue` on the first
        /// must not get a `100 Continue`.
        static let oversized = [
            "Content-Length: 5000\r\nExpect: 100-continue\r\n\r\n",
            "Transfer-Encoding: chunked\r\n\r\n10\r\n" + String(repeating: "a", count: 16) + "\r\n5\r\nbbbbb\r\n",
            "Transfer-Encoding: chunked\r\n\r\n200000\r\n",
        ]

        @Test("413 over a socket carries the same CORS, security and onSend headers as in-process, then closes",
              arguments: oversized, [false, true])
        func tooLargeIsTheAppsReply(framing: String, withRequestTimeout: Bool) async throws {
            let app = try Self.makeApp()
            let injected = try await app.inject(
                .post("/upload", body: String(repeating: "x", count: 64), headers: ["origin": Self.origin, "content-type": "text/plain"]))
            #expect(injected.statusCode == 413)
            let port = try await startServer(app) { if withRequestTimeout { $0.requestTimeout = .seconds(5) } }
            let client = try RawClient(port: port)
            client.send("POST /upload HTTP/1.1\r\nHost: x\r\nOrigin: \(Self.origin)\r\nContent-Type: text/plain\r\n" + framing)
            let answer = await client.readAll()
            try await app.close()
            let (status, headers) = Self.parse(answer)
            #expect(status == 413, "\(answer)")
            #expect(!answer.contains("100 Continue"))
            #expect(answer.contains("\"code\":\"FST_ERR_CTP_BODY_TOO_LARGE\""))
            #expect(headers["connection"] == "close")
            for name in ["access-control-allow-origin", "access-control-allow-credentials", "x-content-type-options",
                         "content-security-policy", "x-frame-options", "x-on-send"] {
                #expect(headers[name] != nil && headers[name] == injected.headers[name], "\(name)")
            }
        }

        @Test("an earlier hook's answer wins, with Connection: close, and nothing more is answered")
        func earlierHookAnswersAndCloses() async throws {
            let app = try Self.makeApp()
            let port = try await startServer(app)
            let client = try RawClient(port: port)
            client.send("POST /private HTTP/1.1\r\nHost: x\r\nOrigin: \(Self.origin)\r\nContent-Type: text/plain\r\n"
                + "Content-Length: 5000\r\n\r\n" + String(repeating: "p", count: 64))
            client.send("GET /hello HTTP/1.1\r\nHost: x\r\n\r\n")
            let answer = await client.readAll()
            try await app.close()
            let (status, headers) = Self.parse(answer)
            #expect(status == 401, "\(answer)")
            #expect(headers["connection"] == "close")
            #expect(headers["access-control-allow-origin"] == Self.origin)
            #expect(answer.components(separatedBy: "HTTP/1.1 ").count == 2, "exactly one response")
        }

        @Test("a route whose method has no parsed body answers without it: rawBody is nil, not empty, and it closes")
        func unparsedMethodSeesNoBody() async throws {
            let app = Application(bodyLimit: 16)
            try app.get("/search") { request, reply in reply.send("raw=\(request.rawBody.map { "\($0.count)" } ?? "nil")") }
            let port = try await startServer(app)
            let client = try RawClient(port: port)
            client.send("GET /search HTTP/1.1\r\nHost: x\r\nContent-Length: 64\r\n\r\n" + String(repeating: "s", count: 64))
            let answer = await client.readAll()
            try await app.close()
            #expect(answer.hasPrefix("HTTP/1.1 200"), "\(answer)")
            #expect(answer.contains("Connection: close\r\n"))
            #expect(answer.hasSuffix("raw=nil"))
        }

        /// Requests a route that switches protocols without looking at them would take over: with an Upgrade header,
        /// without one, and in HTTP/1.0 (where the transport does not flag an upgrade at all).
        static let switching = [
            "GET /raw HTTP/1.1\r\nHost: x\r\nUpgrade: echo\r\nConnection: upgrade\r\n",
            "GET /raw HTTP/1.1\r\nHost: x\r\n",
            "GET /raw HTTP/1.0\r\nHost: x\r\nUpgrade: echo\r\nConnection: upgrade\r\n",
        ]

        @Test("a reply that would switch protocols on an unread body gets the transport's 413: the body goes nowhere",
              arguments: switching)
        func noSwitchOnAnUnreadBody(request: String) async throws {
            let app = Application(bodyLimit: 1024)
            try app.get("/raw") { _, reply in
                reply.upgrade(headers: ["upgrade": "echo", "connection": "upgrade"], UpgradeHandler { leftover, channel in
                    try? await channel.write(Array("leftover:".utf8) + leftover)
                    await channel.close()
                })
            }
            let port = try await startServer(app)
            let client = try RawClient(port: port)
            client.send(request + "Content-Length: 5000\r\n\r\nframes?")
            let answer = await client.readAll()
            try await app.close()
            #expect(answer.hasPrefix("HTTP/1.1 413"), "\(answer)")
            #expect(!answer.contains("leftover:"))
            #expect(answer.components(separatedBy: "HTTP/1.1 ").count == 2, "exactly one response")
        }

        @Test("a client still sending the refused body can send all of it: the server reads it away, then closes")
        func refusedUploadIsNotReset() async throws {
            let app = Application(bodyLimit: 1024)
            try app.post("/upload") { _, reply in reply.send("stored") }
            let port = try await startServer(app)
            let client = try RawClient(port: port)
            let piece = [UInt8](repeating: 0x61, count: 64 * 1024), pieces = 32
            client.send("POST /upload HTTP/1.1\r\nHost: x\r\nContent-Type: text/plain\r\nContent-Length: \(piece.count * pieces)\r\n\r\n")
            // 2 MiB over more than the half second an ordinary close lingers, in pieces, as an upload arrives.
            var sent = 0
            while sent < pieces, client.trySend(piece) {
                sent += 1
                try await Task.sleep(for: .milliseconds(25))
            }
            let answer = await client.readAll()
            try await app.close()
            #expect(sent == pieces, "the connection failed after \(sent) of \(pieces) pieces")
            #expect(answer.hasPrefix("HTTP/1.1 413"), "\(answer)")
        }

        @Test("a body within the limit still reaches the handler, on a connection that stays open")
        func withinTheLimit() async throws {
            let app = try Self.makeApp()
            let port = try await startServer(app)
            let client = try RawClient(port: port)
            client.send("POST /upload HTTP/1.1\r\nHost: x\r\nContent-Type: text/plain\r\nContent-Length: 16\r\n\r\n" + String(repeating: "a", count: 16))
            client.send("GET /hello HTTP/1.1\r\nHost: x\r\n\r\n")
            let answers = await client.readResponses(2)
            try await app.close()
            #expect(answers.count == 2)
            #expect(answers.first?.hasSuffix("stored 16") == true)
            #expect(answers.last?.hasSuffix("Hello, World!") == true)
        }
    }
}
