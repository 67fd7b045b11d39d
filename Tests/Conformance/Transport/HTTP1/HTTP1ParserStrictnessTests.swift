import Testing

@testable import Kernel

/// One request that must be rejected with a given error.
struct RejectVector: Sendable, CustomTestStringConvertible {
    var name: String
    var wire: [UInt8]
    var error: HTTP1ParseError

    init(_ name: String, _ wire: String, _ error: HTTP1ParseError) {
        self.init(name, bytes(wire), error)
    }

    init(_ name: String, _ wire: [UInt8], _ error: HTTP1ParseError) {
        self.name = name
        self.wire = wire
        self.error = error
    }

    var testDescription: String { name }

    /// Checks the rejection at every split point, and that no request head leaked out.
    func check(sourceLocation: SourceLocation = #_sourceLocation) {
        let outcome = ChunkingVerifier.verify(wire, sourceLocation: sourceLocation)
        #expect(outcome.error == error, "\(name)", sourceLocation: sourceLocation)
        #expect(outcome.events.isEmpty, "\(name): no events", sourceLocation: sourceLocation)
    }
}

private func request(_ headers: String, version: String = "1.1") -> String {
    "POST / HTTP/\(version)\r\nHost: a\r\n\(headers)\r\n"
}

/// RFC 9112 §6 framing rules (the smuggling surface).
@Suite("HTTP1Parser: framing strictness")
struct HTTP1FramingStrictnessTests {
    static let contentLengthVectors: [RejectVector] = [
        .init("CL with TE", request("Content-Length: 5\r\nTransfer-Encoding: chunked\r\n"), .contentLengthWithTransferEncoding),
        .init("TE with CL", request("Transfer-Encoding: chunked\r\nContent-Length: 5\r\n"), .contentLengthWithTransferEncoding),
        .init("differing duplicate CL", request("Content-Length: 5\r\nContent-Length: 6\r\n"), .duplicateContentLength),
        .init("identical duplicate CL (rejected, as nginx)", request("Content-Length: 5\r\nContent-Length: 5\r\n"), .duplicateContentLength),
        .init("CL list", request("Content-Length: 1, 2\r\n"), .duplicateContentLength),
        .init("identical CL list", request("Content-Length: 3, 3\r\n"), .duplicateContentLength),
        .init("non-digit CL", request("Content-Length: 1a\r\n"), .invalidContentLength),
        .init("signed CL", request("Content-Length: +1\r\n"), .invalidContentLength),
        .init("negative CL", request("Content-Length: -1\r\n"), .invalidContentLength),
        .init("empty CL", request("Content-Length:\r\n"), .invalidContentLength),
        .init("inner space CL", request("Content-Length: 1 2\r\n"), .invalidContentLength),
        .init("overflowing CL", request("Content-Length: 99999999999999999999\r\n"), .invalidContentLength),
    ]

    static let transferEncodingVectors: [RejectVector] = [
        .init("final coding not chunked", request("Transfer-Encoding: gzip\r\n"), .chunkedNotFinal),
        .init("chunked, identity", request("Transfer-Encoding: chunked, identity\r\n"), .chunkedNotFinal),
        .init("identity", request("Transfer-Encoding: identity\r\n"), .chunkedNotFinal),
        .init("gzip, chunked (501)", request("Transfer-Encoding: gzip, chunked\r\n"), .unsupportedTransferCoding),
        .init("chunked twice in a list", request("Transfer-Encoding: chunked, chunked\r\n"), .chunkedAppliedTwice),
        .init("chunked twice in two lines", request("Transfer-Encoding: chunked\r\nTransfer-Encoding: chunked\r\n"), .chunkedAppliedTwice),
        .init("split list gzip then chunked", request("Transfer-Encoding: gzip\r\nTransfer-Encoding: chunked\r\n"), .unsupportedTransferCoding),
        .init("TE in HTTP/1.0", request("Transfer-Encoding: chunked\r\n", version: "1.0"), .transferEncodingInHTTP10),
        .init("parameters on chunked", request("Transfer-Encoding: chunked;q=1\r\n"), .invalidTransferEncoding),
        .init("empty TE", request("Transfer-Encoding:\r\n"), .invalidTransferEncoding),
        .init("empty list element", request("Transfer-Encoding: , chunked\r\n"), .invalidTransferEncoding),
        .init("quoted coding", request("Transfer-Encoding: \"chunked\"\r\n"), .invalidTransferEncoding),
        .init("vertical tab in coding", request("Transfer-Encoding: chunked\u{0B}\r\n"), .invalidHeaderValue),
    ]

    @Test("HTTP1-020 Content-Length violations are rejected", arguments: contentLengthVectors)
    func contentLength(vector: RejectVector) { vector.check() }

    @Test("HTTP1-021 Transfer-Encoding violations are rejected", arguments: transferEncodingVectors)
    func transferEncoding(vector: RejectVector) { vector.check() }

    @Test("HTTP1-022 statuses: 501 for unknown codings, 400 otherwise")
    func framingStatuses() {
        #expect(HTTP1ParseError.unsupportedTransferCoding.status == 501)
        #expect(HTTP1ParseError.chunkedNotFinal.status == 400)
        #expect(HTTP1ParseError.contentLengthWithTransferEncoding.status == 400)
        #expect(HTTP1ParseError.duplicateContentLength.status == 400)
    }
}

/// RFC 9112 §2–§5 syntax rules for the request-line and field lines.
@Suite("HTTP1Parser: syntax strictness")
struct HTTP1SyntaxStrictnessTests {
    static let requestLineVectors: [RejectVector] = [
        .init("bad method char", "GE(T / HTTP/1.1\r\nHost: a\r\n\r\n", .invalidMethod),
        .init("empty method", " / HTTP/1.1\r\nHost: a\r\n\r\n", .invalidMethod),
        .init("double space", "GET  / HTTP/1.1\r\nHost: a\r\n\r\n", .invalidRequestLine),
        .init("HTTP/0.9 style", "GET /\r\n\r\n", .invalidRequestLine),
        .init("relative target", "GET foo HTTP/1.1\r\nHost: a\r\n\r\n", .invalidTarget),
        .init("fragment in target", "GET /a#b HTTP/1.1\r\nHost: a\r\n\r\n", .invalidTarget),
        .init("DEL in target", "GET /\u{7F} HTTP/1.1\r\nHost: a\r\n\r\n", .invalidTarget),
        .init("non-ASCII target", bytes("GET /") + [0xC3, 0xA9] + bytes(" HTTP/1.1\r\nHost: a\r\n\r\n"), .invalidTarget),
        .init("asterisk without OPTIONS", "GET * HTTP/1.1\r\nHost: a\r\n\r\n", .invalidTarget),
        .init("CONNECT origin-form", "CONNECT / HTTP/1.1\r\nHost: a\r\n\r\n", .invalidTarget),
        .init("CONNECT without port", "CONNECT example.com HTTP/1.1\r\nHost: a\r\n\r\n", .invalidTarget),
        .init("authority-form without CONNECT", "GET example.com:80 HTTP/1.1\r\nHost: a\r\n\r\n", .invalidTarget),
        .init("empty absolute authority", "GET http:///x HTTP/1.1\r\nHost: a\r\n\r\n", .invalidTarget),
        .init("userinfo in absolute-form", "GET http://u@a/ HTTP/1.1\r\nHost: a\r\n\r\n", .invalidTarget),
        .init("non-http scheme", "GET ftp://a/ HTTP/1.1\r\nHost: a\r\n\r\n", .invalidTarget),
        .init("bracket inside an absolute authority", "GET http://a]b/ HTTP/1.1\r\nHost: a\r\n\r\n", .invalidTarget),
        .init("unclosed IP literal in absolute-form", "GET http://[x/ HTTP/1.1\r\nHost: a\r\n\r\n", .invalidTarget),
        .init("empty IP literal in absolute-form", "GET http://[]/ HTTP/1.1\r\nHost: a\r\n\r\n", .invalidTarget),
        .init("two ports in absolute-form", "GET http://a:b:80/ HTTP/1.1\r\nHost: a\r\n\r\n", .invalidTarget),
        .init("port-only absolute authority", "GET http://:80/ HTTP/1.1\r\nHost: a\r\n\r\n", .invalidTarget),
        .init("CONNECT to a bracket in a reg-name", "CONNECT a]b:443 HTTP/1.1\r\nHost: a\r\n\r\n", .invalidTarget),
        .init("HTTP/2.0 (505)", "GET / HTTP/2.0\r\nHost: a\r\n\r\n", .unsupportedVersion),
        .init("HTTP/3.1 (505)", "GET / HTTP/3.1\r\nHost: a\r\n\r\n", .unsupportedVersion),
        .init("HTTP/0.9 (505)", "GET / HTTP/0.9\r\nHost: a\r\n\r\n", .unsupportedVersion),
        .init("two-digit minor", "GET / HTTP/1.10\r\nHost: a\r\n\r\n", .invalidVersion),
        .init("lowercase protocol", "GET / http/1.1\r\nHost: a\r\n\r\n", .invalidVersion),
        .init("missing minor", "GET / HTTP/1\r\nHost: a\r\n\r\n", .invalidVersion),
        .init("bare LF after request-line", "GET / HTTP/1.1\nHost: a\r\n\r\n", .bareLineFeed),
        .init("bare CR after request-line", "GET / HTTP/1.1\rHost: a\r\n\r\n", .bareCarriageReturn),
        .init("bare LF before request-line", "\nGET / HTTP/1.1\r\nHost: a\r\n\r\n", .bareLineFeed),
        .init("too many empty lines", String(repeating: "\r\n", count: 9) + "GET / HTTP/1.1\r\nHost: a\r\n\r\n", .tooManyEmptyLines),
    ]

    static let fieldVectors: [RejectVector] = [
        .init("obs-fold", "GET / HTTP/1.1\r\nHost: a\r\nX: 1\r\n 2\r\n\r\n", .obsoleteLineFolding),
        .init("tab obs-fold", "GET / HTTP/1.1\r\nHost: a\r\nX: 1\r\n\t2\r\n\r\n", .obsoleteLineFolding),
        .init("whitespace before first field", "GET / HTTP/1.1\r\n Host: a\r\n\r\n", .obsoleteLineFolding),
        .init("space before colon", "GET / HTTP/1.1\r\nHost : a\r\n\r\n", .whitespaceBeforeColon),
        .init("bad name char", "GET / HTTP/1.1\r\nHost: a\r\nX@Y: 1\r\n\r\n", .invalidHeaderName),
        .init("empty name", "GET / HTTP/1.1\r\nHost: a\r\n: 1\r\n\r\n", .invalidHeaderName),
        .init("missing colon", "GET / HTTP/1.1\r\nHost: a\r\nNoColon\r\n\r\n", .invalidHeaderName),
        .init("NUL in value", "GET / HTTP/1.1\r\nHost: a\r\nX: a\u{0}b\r\n\r\n", .invalidHeaderValue),
        .init("CTL in value", "GET / HTTP/1.1\r\nHost: a\r\nX: a\u{1B}b\r\n\r\n", .invalidHeaderValue),
        .init("bare CR in value", "GET / HTTP/1.1\r\nHost: a\r\nX: a\rb\r\n\r\n", .bareCarriageReturn),
        .init("bare LF line end", "GET / HTTP/1.1\r\nHost: a\nX: 1\r\n\r\n", .bareLineFeed),
        .init("bare LF final line", "GET / HTTP/1.1\r\nHost: a\r\n\n", .bareLineFeed),
        .init("bare CR final line", "GET / HTTP/1.1\r\nHost: a\r\n\rX", .bareCarriageReturn),
        .init("missing Host in 1.1", "GET / HTTP/1.1\r\nX: 1\r\n\r\n", .missingHost),
        .init("two Host lines", "GET / HTTP/1.1\r\nHost: a\r\nhost: a\r\n\r\n", .duplicateHost),
        .init("Host with space", "GET / HTTP/1.1\r\nHost: a b\r\n\r\n", .invalidHost),
        .init("Host with slash", "GET / HTTP/1.1\r\nHost: a/b\r\n\r\n", .invalidHost),
        .init("Host with userinfo", "GET / HTTP/1.1\r\nHost: u@a\r\n\r\n", .invalidHost),
        .init("Host port not digits", "GET / HTTP/1.1\r\nHost: a:8x\r\n\r\n", .invalidHost),
        .init("Host empty name, bad port", "GET / HTTP/1.1\r\nHost: :x\r\n\r\n", .invalidHost),
        .init("Host two ports", "GET / HTTP/1.1\r\nHost: a:80:80\r\n\r\n", .invalidHost),
        .init("Host signed port", "GET / HTTP/1.1\r\nHost: a:-1\r\n\r\n", .invalidHost),
        .init("Host unclosed IP literal", "GET / HTTP/1.1\r\nHost: [::1\r\n\r\n", .invalidHost),
        .init("Host junk after IP literal", "GET / HTTP/1.1\r\nHost: [::1]x\r\n\r\n", .invalidHost),
        .init("Host bracket in name", "GET / HTTP/1.1\r\nHost: a]b\r\n\r\n", .invalidHost),
        .init("Host space in IP literal", "GET / HTTP/1.1\r\nHost: [::1 ]\r\n\r\n", .invalidHost),
    ]

    @Test("HTTP1-030 malformed request-lines are rejected", arguments: requestLineVectors)
    func requestLine(vector: RejectVector) { vector.check() }

    @Test("HTTP1-031 malformed field lines and Host are rejected", arguments: fieldVectors)
    func fields(vector: RejectVector) { vector.check() }

    @Test("HTTP1-033 Host values the grammar allows are accepted", arguments: ["", "a:", ":80", "a.b:65535", "[::1]:8080", "[v1.x]"])
    func hostGrammar(value: String) {
        let outcome = ChunkingVerifier.verify(bytes("GET / HTTP/1.1\r\nHost: \(value)\r\n\r\n"))
        #expect(outcome.error == nil, "Host: \(value)")
        #expect(outcome.heads.first?.host == value)
    }

    @Test("HTTP1-034 a higher HTTP/1.x minor version is read as HTTP/1.1 (RFC 9112 §2.3)", arguments: ["1.2", "1.9"])
    func higherMinorVersion(version: String) {
        let outcome = ChunkingVerifier.verify(bytes("GET / HTTP/\(version)\r\nHost: a\r\n\r\n"))
        #expect(outcome.error == nil)
        #expect(outcome.heads.first?.version == .http1_1)
        #expect(outcome.heads.first?.keepAlive == true)
    }

    @Test("HTTP1-035 a rejected head tells whether its method was HEAD, so its error reply has no body", arguments: [
        ("HEAD / HTTP/1.1\r\nHost : a\r\n\r\n", true),
        ("HEAD / HTTP/1.1\r\nHost: a\r\nHost: b\r\n\r\n", true),
        ("HEAD / HTTP/2.0\r\nHost: a\r\n\r\n", true),
        ("GET / HTTP/1.1\r\nHost: a\r\n\r\nHEAD / HTTP/1.1\r\nHost: a\r\nX: \u{1}\r\n\r\n", true),
        ("HEAD / HTTP/1.1\r\nHost: a\r\n\r\nGET / HTTP/1.1\r\nHost : a\r\n\r\n", false),
        ("GET / HTTP/1.1\r\nHost : a\r\n\r\n", false),
        ("HEADS / HTTP/1.1\r\nHost : a\r\n\r\n", false),
        ("HEAD\t/ HTTP/1.1\r\nHost: a\r\n\r\n", false),
    ])
    func rejectedHeadMethod(wire: String, isHEAD: Bool) {
        let input = bytes(wire)
        for split in ChunkingVerifier.splitPoints(count: input.count) {
            let (outcome, parser) = ChunkingVerifier.run([input[..<split], input[split...]])
            #expect(outcome.error != nil, "split at \(split)")
            #expect(parser.rejectedHeadIsHEAD == isHEAD, "split at \(split)")
        }
        var parser = ChunkingVerifier.run(input.indices.map { input[$0...$0] }).1
        #expect(parser.rejectedHeadIsHEAD == isHEAD, "byte by byte")
        parser.reset()
        #expect(!parser.rejectedHeadIsHEAD, "reset clears it")
    }

    @Test("HTTP1-032 an error is sticky: later calls throw it again")
    func errorIsSticky() throws {
        var parser = HTTP1Parser()
        var events: [HTTP1ParserEvent] = []
        let bad = bytes("GET / HTTP/1.1\r\nHost : a\r\n\r\n")
        #expect(throws: HTTP1ParseError.whitespaceBeforeColon) { try bad.withUnsafeBytes { try parser.parse($0, into: &events) } }
        let good = bytes("GET / HTTP/1.1\r\nHost: a\r\n\r\n")
        #expect(throws: HTTP1ParseError.whitespaceBeforeColon) { try good.withUnsafeBytes { try parser.parse($0, into: &events) } }
        parser.reset()
        #expect(try good.withUnsafeBytes { try parser.parse($0, into: &events) } == good.count)
    }
}
