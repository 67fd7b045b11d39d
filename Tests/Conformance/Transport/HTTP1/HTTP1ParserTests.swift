import Testing

@testable import Kernel

/// Valid requests (RFC 9112 §2–§7), each checked at every split point.
@Suite("HTTP1Parser: valid requests")
struct HTTP1ParserTests {
    @Test("HTTP1-001 simple GET yields head then end")
    func simpleGet() throws {
        let outcome = ChunkingVerifier.verify(bytes("GET /a?b=1 HTTP/1.1\r\nHost: example.com\r\nUser-Agent:  x y  \r\n\r\n"))
        #expect(outcome.error == nil)
        #expect(outcome.unconsumed == 0)
        let head = try #require(outcome.heads.first)
        #expect(outcome.events == [.head(head), .end])
        #expect(head.method == "GET")
        #expect(head.target == "/a?b=1")
        #expect(head.version == .http1_1)
        #expect(head.host == "example.com")
        #expect(head.keepAlive)
        #expect(head.framing == .none)
        // Names are lowercased as they are parsed; values lose their surrounding whitespace.
        #expect(head.headers.map { [$0.name, $0.value] } == [["host", "example.com"], ["user-agent", "x y"]])
    }

    @Test("HTTP1-002 POST with Content-Length delivers the body")
    func postWithContentLength() throws {
        let outcome = ChunkingVerifier.verify(
            bytes("POST /submit HTTP/1.1\r\nHost: a\r\nContent-Length: 11\r\n\r\nhello world"))
        let head = try #require(outcome.heads.first)
        #expect(head.framing == .contentLength(11))
        #expect(outcome.events == [.head(head), .body(bytes("hello world")), .end])
    }

    @Test("HTTP1-003 chunked body with extensions and trailers")
    func chunkedWithExtensionsAndTrailers() throws {
        let wire = "POST /up HTTP/1.1\r\nHost: a\r\nTransfer-Encoding: Chunked\r\n\r\n"
            + "5;name=value;flag\r\nhello\r\n" + "6 ; q=\"a \\\"b\\\"\"\r\n world\r\n"
            + "0;last\r\nChecksum: abc\r\nX-Trailer: 1\r\n\r\n"
        let outcome = ChunkingVerifier.verify(bytes(wire))
        #expect(outcome.error == nil)
        let head = try #require(outcome.heads.first)
        #expect(head.framing == .chunked)
        #expect(outcome.events == [.head(head), .body(bytes("hello world")), .end])
        #expect(outcome.unconsumed == 0)
    }

    @Test("HTTP1-004 pipelined trio comes out in order")
    func pipelinedTrio() {
        let wire = "GET /1 HTTP/1.1\r\nHost: a\r\n\r\n"
            + "POST /2 HTTP/1.1\r\nHost: a\r\nContent-Length: 3\r\n\r\nabc"
            + "PUT /3 HTTP/1.1\r\nHost: a\r\nTransfer-Encoding: chunked\r\n\r\n2\r\nxy\r\n0\r\n\r\n"
        let outcome = ChunkingVerifier.verify(bytes(wire))
        #expect(outcome.error == nil)
        #expect(outcome.heads.map(\.target) == ["/1", "/2", "/3"])
        #expect(outcome.bodies == [[], bytes("abc"), bytes("xy")])
        #expect(outcome.events.filter { $0 == .end }.count == 3)
        #expect(outcome.stopReason == nil)
    }

    @Test("HTTP1-005 a partial request stays unconsumed until complete")
    func partialRequestStaysUnconsumed() {
        let outcome = ChunkingVerifier.verify(bytes("GET / HTTP/1.1\r\nHost: a\r\n\r\nGET /next HTTP/1.1\r\nHo"))
        #expect(outcome.heads.count == 1)
        #expect(outcome.unconsumed == bytes("GET /next HTTP/1.1\r\nHo").count)
    }

    @Test("HTTP1-006 Content-Length: 0 ends right after the head")
    func zeroContentLength() throws {
        let outcome = ChunkingVerifier.verify(bytes("POST / HTTP/1.1\r\nHost: a\r\nContent-Length: 000\r\n\r\n"))
        let head = try #require(outcome.heads.first)
        #expect(head.framing == .contentLength(0))
        #expect(outcome.events == [.head(head), .end])
    }

    @Test("HTTP1-007 HTTP/1.0 closes by default and later bytes are not parsed")
    func http10ClosesByDefault() throws {
        let outcome = ChunkingVerifier.verify(bytes("GET / HTTP/1.0\r\n\r\nGET /smuggled HTTP/1.0\r\n\r\n"))
        let head = try #require(outcome.heads.first)
        #expect(!head.keepAlive)
        #expect(head.host == nil)
        #expect(outcome.heads.count == 1)
        #expect(outcome.stopReason == .connectionClose)
        #expect(outcome.unconsumed == bytes("GET /smuggled HTTP/1.0\r\n\r\n").count)
    }

    @Test("HTTP1-008 HTTP/1.0 with Connection: keep-alive stays open")
    func http10KeepAlive() {
        let outcome = ChunkingVerifier.verify(
            bytes("GET /1 HTTP/1.0\r\nConnection: Keep-Alive\r\n\r\nGET /2 HTTP/1.0\r\n\r\n"))
        #expect(outcome.heads.map(\.keepAlive) == [true, false])
        #expect(outcome.stopReason == .connectionClose)
    }

    @Test("HTTP1-009 Connection is a case-insensitive list; close wins")
    func connectionList() throws {
        let outcome = ChunkingVerifier.verify(
            bytes("GET / HTTP/1.1\r\nHost: a\r\nConnection: foo, CLOSE\r\nConnection: keep-alive\r\n\r\n"))
        #expect(try #require(outcome.heads.first).keepAlive == false)
        #expect(outcome.stopReason == .connectionClose)
    }

    @Test("HTTP1-010 Expect: 100-continue is flagged on HTTP/1.1 only")
    func expectContinue() {
        let v11 = ChunkingVerifier.verify(
            bytes("PUT / HTTP/1.1\r\nHost: a\r\nExpect: 100-Continue\r\nContent-Length: 1\r\n\r\nx"))
        #expect(v11.heads.first?.expectsContinue == true)
        let v10 = ChunkingVerifier.verify(bytes("PUT / HTTP/1.0\r\nExpect: 100-continue\r\nContent-Length: 1\r\n\r\nx"))
        #expect(v10.heads.first?.expectsContinue == false)
    }

    @Test("HTTP1-011 Upgrade is flagged and the parser stops for the new protocol")
    func upgradeStops() throws {
        let wire = bytes("GET /ws HTTP/1.1\r\nHost: a\r\nUpgrade: websocket\r\nConnection: keep-alive, Upgrade\r\n\r\n")
        let frame: [UInt8] = [0x81, 0x85, 0x00, 0x0D, 0x0A]
        let outcome = ChunkingVerifier.verify(wire + frame)
        #expect(outcome.heads.first?.isUpgrade == true)
        #expect(outcome.stopReason == .protocolSwitch)
        #expect(outcome.unconsumed == frame.count)

        let noConnectionToken = ChunkingVerifier.verify(bytes("GET / HTTP/1.1\r\nHost: a\r\nUpgrade: websocket\r\n\r\n"))
        #expect(noConnectionToken.heads.first?.isUpgrade == false)
        #expect(noConnectionToken.stopReason == nil)
    }

    @Test("HTTP1-012 reset() resumes HTTP parsing after a declined upgrade")
    func resetAfterDeclinedUpgrade() throws {
        let first = bytes("GET / HTTP/1.1\r\nHost: a\r\nUpgrade: h2c\r\nConnection: upgrade\r\n\r\n")
        let second = bytes("GET /next HTTP/1.1\r\nHost: a\r\n\r\n")
        var (_, parser) = ChunkingVerifier.run([first[...]])
        #expect(parser.stopReason == .protocolSwitch)
        var events: [HTTP1ParserEvent] = []
        #expect(try second.withUnsafeBytes { try parser.parse($0, into: &events) } == 0)
        #expect(events.isEmpty)
        parser.reset()
        #expect(try second.withUnsafeBytes { try parser.parse($0, into: &events) } == second.count)
        #expect(events.count == 2)
    }

    @Test("HTTP1-013 leading empty lines are ignored")
    func leadingEmptyLines() throws {
        let outcome = ChunkingVerifier.verify(bytes("\r\n\r\nGET / HTTP/1.1\r\nHost: a\r\n\r\n\r\nGET /2 HTTP/1.1\r\nHost: a\r\n\r\n"))
        #expect(outcome.error == nil)
        #expect(outcome.heads.map(\.target) == ["/", "/2"])
    }

    @Test("HTTP1-014 header lookup is case-insensitive; names are lowercased, order and duplicates kept")
    func headerLookup() throws {
        let outcome = ChunkingVerifier.verify(
            bytes("GET / HTTP/1.1\r\nHost: a\r\nX-Multi: 1\r\nx-multi: 2\r\nX-Empty:\r\n\r\n"))
        let head = try #require(outcome.heads.first)
        #expect(head.values(for: "X-MULTI") == ["1", "2"])
        #expect(head.firstValue(for: "x-empty") == "")
        #expect(head.firstValue(for: "missing") == nil)
        #expect(head.headers.map(\.name) == ["host", "x-multi", "x-multi", "x-empty"])
    }

    @Test("HTTP1-015 absolute-form: host comes from the target, Host is still required")
    func absoluteForm() throws {
        let outcome = ChunkingVerifier.verify(
            bytes("GET http://Example.org:8080/p?q HTTP/1.1\r\nHost: other\r\n\r\n"))
        let head = try #require(outcome.heads.first)
        #expect(head.host == "Example.org:8080")
        #expect(head.target == "http://Example.org:8080/p?q")
        #expect(head.originFormTarget == "/p?q")
        let forms = ["http://a": "/", "https://a:1?x=1": "/?x=1", "http://a/b/c": "/b/c", "/plain?q": "/plain?q", "*": "*"]
        for (target, origin) in forms {
            #expect(HTTP1RequestHead(method: "GET", target: target).originFormTarget == origin, "\(target)")
        }
        #expect(HTTP1RequestHead(method: "CONNECT", target: "a:443").originFormTarget == "a:443")
        let literal = ChunkingVerifier.verify(bytes("GET http://[::1]:8080/x HTTP/1.1\r\nHost: other\r\n\r\n"))
        #expect(literal.heads.first?.host == "[::1]:8080")
        let connect = ChunkingVerifier.verify(bytes("CONNECT [::1]:443 HTTP/1.1\r\nHost: a\r\n\r\n"))
        #expect(connect.heads.first?.host == "[::1]:443")
    }

    @Test("HTTP1-016 OPTIONS * and CONNECT authority-form are accepted")
    func asteriskAndAuthorityForms() throws {
        let options = ChunkingVerifier.verify(bytes("OPTIONS * HTTP/1.1\r\nHost: a\r\n\r\n"))
        #expect(options.heads.first?.target == "*")
        let connect = ChunkingVerifier.verify(bytes("CONNECT example.com:443 HTTP/1.1\r\nHost: example.com:443\r\n\r\nTLS"))
        #expect(connect.heads.first?.host == "example.com:443")
        #expect(connect.stopReason == .protocolSwitch)
        #expect(connect.unconsumed == 3)
    }

    @Test("HTTP1-017 obs-text in a value and IPv6 Host are accepted")
    func obsTextAndIPv6Host() throws {
        let wire = bytes("GET / HTTP/1.1\r\nHost: [::1]:8080\r\nX-Name: caf") + [0xC3, 0xA9] + bytes("\r\n\r\n")
        let head = try #require(ChunkingVerifier.verify(wire).heads.first)
        #expect(head.host == "[::1]:8080")
        #expect(head.firstValue(for: "x-name") == "café")
    }

    @Test("HTTP1-021 a value that is not valid UTF-8 is read as Latin-1: every obs-text byte is kept")
    func obsTextAsLatin1() throws {
        let wire = bytes("GET / HTTP/1.1\r\nHost: a\r\nX-Latin: caf") + [0xE9] + bytes("\r\nX-Mixed: ") + [0xC3, 0xA9, 0xFF]
            + bytes("\r\nX-Every: ") + Array(0x80...0xFF) + bytes("\r\n\r\n")
        let head = try #require(ChunkingVerifier.verify(wire).heads.first)
        #expect(head.firstValue(for: "x-latin") == "café")
        #expect(head.firstValue(for: "x-mixed") == "\u{C3}\u{A9}\u{FF}")
        let every = try #require(head.firstValue(for: "x-every"))
        #expect(every.unicodeScalars.map(\.value) == Array(0x80...0xFF))
    }

    @Test("HTTP1-018 a slowloris head trickled byte by byte is scanned once (linear work)")
    func linearWorkForTrickledHead() {
        var wire = "GET / HTTP/1.1\r\nHost: a\r\n"
        for index in 0..<90 { wire += "X-Header-\(index): \(String(repeating: "v", count: 150))\r\n" }
        let input = bytes(wire + "\r\n")
        let (outcome, parser) = ChunkingVerifier.run(input.indices.map { input[$0...$0] })
        #expect(outcome.error == nil)
        #expect(outcome.heads.count == 1)
        #expect(parser.headBytesScanned == input.count)
    }

    @Test("HTTP1-019 body bytes stream out as they arrive, before the request ends")
    func bodyStreams() throws {
        let head = bytes("POST / HTTP/1.1\r\nHost:\r\nContent-Length: 6\r\n\r\n")
        var parser = HTTP1Parser()
        var events: [HTTP1ParserEvent] = []
        let first = head + bytes("abc")
        #expect(try first.withUnsafeBytes { try parser.parse($0, into: &events) } == first.count)
        #expect(events.count == 2)
        #expect(events.last == .body(bytes("abc")))
        if case .head(let parsed)? = events.first { #expect(parsed.host == "") }
        #expect(try bytes("def").withUnsafeBytes { try parser.parse($0, into: &events) } == 3)
        #expect(events.suffix(2) == [.body(bytes("def")), .end])
    }
}

extension HTTP1ParserTests {
    @Test(
        "HTTP1-020 the method is kept exactly as sent, whether it is a common one or not",
        arguments: [
            "GET", "PUT", "POST", "HEAD", "PATCH", "DELETE", "OPTIONS", "GETS", "get", "Post", "M-SEARCH", "PUTX", "DELETES",
            "XET", "GEX", "POSX", "HEAX", "PATCX", "XELETE", "OPTIONX", "TEG", "OPTIONS2", "GE",
        ])
    func methodKeptAsSent(method: String) throws {
        let outcome = ChunkingVerifier.verify(bytes("\(method) /m HTTP/1.1\r\nHost: a:8080\r\n\r\n"))
        let head = try #require(outcome.heads.first)
        #expect(head.method == method)
        #expect(head.host == "a:8080")
        #expect(head.headers["host"] == "a:8080")
    }
}
