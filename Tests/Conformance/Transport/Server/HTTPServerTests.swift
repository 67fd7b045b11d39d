import Glibc
import Kernel
import Testing

extension HTTPServerLoopback {
    @Suite("HTTP/1.1 server over loopback: framing, keep-alive, pipelining, targets")
    struct HTTPServerTests {
        @Test("port 0 binds an ephemeral port; keep-alive answers two requests on one connection")
        func keepAlive() async throws {
            try await withLoopbackClient(try makeLoopbackApp()) { client, port in
                #expect(port > 0)
                client.send("GET /hello HTTP/1.1\r\nHost: x\r\n\r\n")
                let first = await client.readResponses(1)
                client.send("GET /json HTTP/1.1\r\nHost: x\r\n\r\n")
                let second = await client.readResponses(1)
                #expect(first.first?.hasPrefix("HTTP/1.1 200 OK") == true)
                #expect(first.first?.hasSuffix("Hello, World!") == true)
                #expect(second.first?.hasSuffix(#"{"hello":"world"}"#) == true)
                #expect(first.first?.contains("Date: ") == true)
            }
        }

        @Test("pipelined requests are answered in order")
        func pipelining() async throws {
            let responses = try await withLoopbackClient(try makeLoopbackApp()) { client, _ in
                client.send("GET /json HTTP/1.1\r\nHost: x\r\n\r\nGET /hello HTTP/1.1\r\nHost: x\r\n\r\nPOST /echo HTTP/1.1\r\nHost: x\r\nContent-Length: 3\r\nContent-Type: text/plain\r\n\r\nabc")
                return await client.readResponses(3)
            }
            #expect(responses.count == 3)
            #expect(responses.map { $0.hasSuffix(#"{"hello":"world"}"#) } == [true, false, false])
            #expect(responses.count == 3 && responses[1].hasSuffix("Hello, World!"))
            #expect(responses.count == 3 && responses[2].hasSuffix("abc"))
        }

        @Test("a large body (written from the reply's own buffer) keeps its place among pipelined replies; HEAD gets its length only")
        func largeBodyPipelined() async throws {
            let app = try makeLoopbackApp()
            let large = (0..<(300 << 10)).map { UInt8(ascii: "a") + UInt8($0 % 26) }
            try app.get("/large") { _, reply in reply.send(large) }
            let bytes = try await withLoopbackClient(app) { client, _ in
                client.send("GET /hello HTTP/1.1\r\nHost: x\r\n\r\nGET /large HTTP/1.1\r\nHost: x\r\n\r\n"
                    + "HEAD /large HTTP/1.1\r\nHost: x\r\n\r\nGET /large HTTP/1.1\r\nHost: x\r\nConnection: close\r\n\r\n")
                return await client.readAllBytes()
            }
            let text = String(decoding: bytes, as: UTF8.self)
            let body = String(decoding: large, as: UTF8.self)
            let head = "HTTP/1.1 200 OK\r\n"
            #expect(text.hasPrefix(head) && text.contains("Hello, World!" + head))
            #expect(text.lowercased().components(separatedBy: "content-length: \(large.count)\r\n").count == 4, "both GETs and the HEAD announce the length")
            #expect(text.components(separatedBy: body).count == 3, "two whole bodies, none for HEAD")
            #expect(text.hasSuffix(body))
            #expect(text.contains(body + head), "the first large body is followed at once by the HEAD reply")
        }

        @Test("HTTP/1.0 closes after the response by default")
        func http10Closes() async throws {
            let text = try await exchange("GET /hello HTTP/1.0\r\n\r\n")
            #expect(text.hasPrefix("HTTP/1.1 200 OK"))
            #expect(text.contains("Connection: close"))
        }

        @Test("chunked request bodies are decoded; HEAD and 204 carry no body")
        func chunkedAndBodyless() async throws {
            try await withLoopbackClient(try makeLoopbackApp()) { client, _ in
                client.send("POST /echo HTTP/1.1\r\nHost: x\r\nTransfer-Encoding: chunked\r\nContent-Type: text/plain\r\n\r\n3\r\nabc\r\n2\r\nde\r\n0\r\n\r\n")
                let chunked = await client.readResponses(1)
                #expect(chunked.first?.hasSuffix("abcde") == true)
                client.send("HEAD /hello HTTP/1.1\r\nHost: x\r\n\r\n")
                client.send("GET /empty HTTP/1.1\r\nHost: x\r\nConnection: close\r\n\r\n")
                let rest = await client.readAll()
                #expect(rest.contains("Content-Length: 13\r\n"))
                #expect(!rest.contains("Hello, World!"))
                #expect(rest.contains("HTTP/1.1 204 No Content"))
            }
        }

        @Test("an explicit HEAD route's own content-length reaches the wire, with no body")
        func headRouteContentLength() async throws {
            let app = Application()
            try app.head("/file") { _, reply in reply.header("content-length", "1234"); reply.send() }
            let text = try await exchange("HEAD /file HTTP/1.1\r\nHost: x\r\nConnection: close\r\n\r\n", with: app)
            #expect(text.hasPrefix("HTTP/1.1 200 OK"))
            #expect(text.contains("Content-Length: 1234\r\n"))
            #expect(text.hasSuffix("\r\n\r\n"))
        }

        @Test("Expect: 100-continue gets an interim 100 before the body is read")
        func expectContinue() async throws {
            try await withLoopbackClient(try makeLoopbackApp()) { client, _ in
                client.send("POST /echo HTTP/1.1\r\nHost: x\r\nContent-Length: 2\r\nContent-Type: text/plain\r\nExpect: 100-continue\r\n\r\n")
                let interim = await client.readResponses(1)
                #expect(interim.first?.hasPrefix("HTTP/1.1 100 Continue") == true)
                client.send("ok")
                let final = await client.readResponses(1)
                #expect(final.first?.hasSuffix("ok") == true)
            }
        }

        @Test("streamed replies use chunked framing")
        func streamingReply() async throws {
            let text = try await exchange("GET /stream HTTP/1.1\r\nHost: x\r\nConnection: close\r\n\r\n")
            #expect(text.contains("Transfer-Encoding: chunked"))
            #expect(text.hasSuffix("4\r\none,\r\n4\r\ntwo,\r\n5\r\nthree\r\n0\r\n\r\n"))
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

        @Test("§9.63 an unknown but well-formed method is routed (404 JSON); a malformed method is a 400 client error")
        func unknownMethod() async throws {
            let routed = try await exchange("UNKNOWN_METHOD /hello HTTP/1.1\r\nHost: x\r\nConnection: close\r\n\r\n")
            #expect(routed.hasPrefix("HTTP/1.1 404 Not Found"))
            #expect(routed.contains("Route UNKNOWN_METHOD:/hello not found"))
            let refused = try await exchange("GE(T /hello HTTP/1.1\r\nHost: x\r\n\r\n")
            #expect(refused.hasPrefix("HTTP/1.1 400 Bad Request"))
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
    }
}
