import Testing

@testable import Kernel

/// Splits serialized output into its head lines and the bytes after the blank line.
private func lines(_ buffer: [UInt8]) -> (lines: [String], body: [UInt8]) {
    let text = String(decoding: buffer, as: UTF8.self)
    let parts = text.split(separator: "\r\n\r\n", maxSplits: 1, omittingEmptySubsequences: false)
    let head = parts[0].split(separator: "\r\n").map(String.init)
    return (head, parts.count > 1 ? Array(parts[1].utf8) : [])
}

private let fixedDate = HTTP1HeaderField(name: "Date", value: "Sun, 06 Nov 1994 08:49:37 GMT")

@Suite("HTTP1ResponseSerializer")
struct HTTP1ResponseSerializerTests {
    @Test("RESP-001 200 with a body: exact bytes")
    func okWithBody() throws {
        var serializer = HTTP1ResponseSerializer()
        var out: [UInt8] = []
        let plan = try serializer.writeResponse(
            .init(status: 200, headers: [fixedDate, .init(name: "Content-Type", value: "text/plain")]),
            body: bytes("hi"), for: .init(), into: &out)
        #expect(out == bytes("HTTP/1.1 200 OK\r\nDate: Sun, 06 Nov 1994 08:49:37 GMT\r\nContent-Type: text/plain\r\nContent-Length: 2\r\n\r\nhi"))
        #expect(plan == .init(bodyAllowed: true, chunked: false, closeConnection: false))
    }

    @Test("RESP-002 a Date header is added from the cache")
    func dateIsAdded() throws {
        var serializer = HTTP1ResponseSerializer()
        var out: [UInt8] = []
        try serializer.writeResponse(.init(status: 404), body: [], for: .init(), into: &out)
        let (head, _) = lines(out)
        #expect(head.first == "HTTP/1.1 404 Not Found")
        let date = try #require(head.first { $0.hasPrefix("Date: ") })
        #expect(date.utf8.count == "Date: ".utf8.count + 29)
        #expect(date.hasSuffix(" GMT"))
        #expect(head.contains("Content-Length: 0"))
    }

    @Test("RESP-003 HEAD keeps Content-Length but writes no body")
    func headResponse() throws {
        var serializer = HTTP1ResponseSerializer()
        var out: [UInt8] = []
        let plan = try serializer.writeResponse(
            .init(status: 200, headers: [fixedDate]), body: bytes("hello"), for: .init(requestMethod: "HEAD"), into: &out)
        #expect(!plan.bodyAllowed)
        #expect(lines(out).lines.contains("Content-Length: 5"))
        #expect(lines(out).body.isEmpty)
    }

    @Test("RESP-004 204, 304 and 1xx carry no framing and no body", arguments: [204, 304, 100, 103])
    func noFramingStatuses(status: Int) throws {
        var serializer = HTTP1ResponseSerializer()
        var out: [UInt8] = []
        let plan = try serializer.writeResponse(
            .init(status: status, headers: [.init(name: "Content-Length", value: "9")]),
            body: bytes("body"), for: .init(), into: &out)
        #expect(!plan.bodyAllowed)
        let (head, body) = lines(out)
        #expect(body.isEmpty)
        #expect(!head.contains { $0.lowercased().hasPrefix("content-length") || $0.lowercased().hasPrefix("transfer-encoding") })
        #expect(head.contains { $0.hasPrefix("Date: ") } == (status >= 200))
    }

    @Test("RESP-005 100 Continue is exactly a status line")
    func continueIsMinimal() throws {
        var serializer = HTTP1ResponseSerializer()
        var out: [UInt8] = []
        _ = try serializer.writeHead(.init(status: 100), framing: .contentLength(0), for: .init(keepAlive: false), into: &out)
        #expect(out == bytes("HTTP/1.1 100 Continue\r\n\r\n"))
    }

    @Test("RESP-006 chunked framing, and close-delimited for HTTP/1.0 clients")
    func chunkedFraming() throws {
        var serializer = HTTP1ResponseSerializer()
        var out: [UInt8] = []
        let plan11 = try serializer.writeHead(.init(status: 200, headers: [fixedDate]), framing: .chunked, for: .init(), into: &out)
        #expect(plan11 == .init(bodyAllowed: true, chunked: true, closeConnection: false))
        #expect(lines(out).lines.contains("Transfer-Encoding: chunked"))

        out.removeAll()
        let plan10 = try serializer.writeHead(
            .init(status: 200, headers: [fixedDate]), framing: .chunked,
            for: .init(requestVersion: .http1_0, keepAlive: true), into: &out)
        #expect(plan10 == .init(bodyAllowed: true, chunked: false, closeConnection: true))
        #expect(out == bytes("HTTP/1.1 200 OK\r\nDate: Sun, 06 Nov 1994 08:49:37 GMT\r\nConnection: close\r\n\r\n"))
    }

    @Test("RESP-007 Connection: close when closing, keep-alive for HTTP/1.0 keep-alive")
    func connectionHeader() throws {
        var serializer = HTTP1ResponseSerializer()
        var out: [UInt8] = []
        let closing = try serializer.writeResponse(
            .init(status: 200, headers: [fixedDate, .init(name: "connection", value: "keep-alive")]),
            body: [], for: .init(keepAlive: false), into: &out)
        #expect(closing.closeConnection)
        #expect(lines(out).lines.filter { $0.lowercased().hasPrefix("connection") } == ["Connection: close"])

        out.removeAll()
        try serializer.writeResponse(.init(status: 200, headers: [fixedDate]), body: [], for: .init(requestVersion: .http1_0), into: &out)
        #expect(lines(out).lines.contains("Connection: keep-alive"))

        out.removeAll()
        let userClose = try serializer.writeResponse(
            .init(status: 200, headers: [fixedDate, .init(name: "Connection", value: "Close")]), body: [], for: .init(), into: &out)
        #expect(userClose.closeConnection)
        #expect(lines(out).lines.contains("Connection: close"))
    }

    @Test("RESP-008 CR, LF or NUL in fields or reason is refused")
    func rejectsInjection() {
        var serializer = HTTP1ResponseSerializer()
        var out: [UInt8] = []
        #expect(throws: HTTP1SerializeError.invalidHeaderValue) {
            try serializer.writeResponse(.init(status: 200, headers: [.init(name: "X", value: "a\r\nSet-Cookie: x")]), body: [], for: .init(), into: &out)
        }
        #expect(throws: HTTP1SerializeError.invalidHeaderValue) {
            try serializer.writeResponse(.init(status: 200, headers: [.init(name: "X", value: "a\u{0}")]), body: [], for: .init(), into: &out)
        }
        #expect(throws: HTTP1SerializeError.invalidHeaderName) {
            try serializer.writeResponse(.init(status: 200, headers: [.init(name: "X Y", value: "1")]), body: [], for: .init(), into: &out)
        }
        #expect(throws: HTTP1SerializeError.invalidReason) {
            try serializer.writeResponse(.init(status: 200, reason: "OK\r\nX: y"), body: [], for: .init(), into: &out)
        }
        #expect(throws: HTTP1SerializeError.invalidStatus) {
            try serializer.writeResponse(.init(status: 1000), body: [], for: .init(), into: &out)
        }
        #expect(out.isEmpty)
    }

    @Test("RESP-009 custom reasons, unknown codes and CONNECT tunnels")
    func reasonsAndTunnels() throws {
        var serializer = HTTP1ResponseSerializer()
        var out: [UInt8] = []
        try serializer.writeResponse(.init(status: 299, headers: [fixedDate]), body: [], for: .init(), into: &out)
        #expect(lines(out).lines.first == "HTTP/1.1 299 ")
        out.removeAll()
        try serializer.writeResponse(.init(status: 200, reason: "Fine", headers: [fixedDate]), body: [], for: .init(), into: &out)
        #expect(lines(out).lines.first == "HTTP/1.1 200 Fine")
        out.removeAll()
        let tunnel = try serializer.writeResponse(
            .init(status: 200, headers: [fixedDate]), body: bytes("x"), for: .init(requestMethod: "CONNECT"), into: &out)
        #expect(!tunnel.bodyAllowed)
        #expect(out == bytes("HTTP/1.1 200 OK\r\nDate: Sun, 06 Nov 1994 08:49:37 GMT\r\n\r\n"))
    }
}

extension HTTP1ResponseSerializerTests {
    @Test("RESP-010 101 Switching Protocols keeps the upgrade fields and adds nothing")
    func switchingProtocols() throws {
        var serializer = HTTP1ResponseSerializer()
        var out: [UInt8] = []
        let plan = try serializer.writeHead(
            .init(status: 101, headers: [.init(name: "Upgrade", value: "websocket"), .init(name: "Connection", value: "Upgrade")]),
            framing: .contentLength(0), for: .init(), into: &out)
        #expect(out == bytes("HTTP/1.1 101 Switching Protocols\r\nUpgrade: websocket\r\nConnection: Upgrade\r\n\r\n"))
        #expect(!plan.bodyAllowed && !plan.closeConnection)
    }

    @Test("RESP-010 the eight-bytes-at-a-time value check agrees with the byte rule for every byte at every position")
    func wordCheckMatchesByteRule() {
        for length in [1, 7, 8, 9, 15, 16, 17, 24] {
            for position in 0..<length {
                for value in 0...255 {
                    var bytes = [UInt8](repeating: UInt8(ascii: "a"), count: length)
                    bytes[position] = UInt8(value)
                    let expected = bytes.allSatisfy { ($0 >= 0x20 && $0 != 0x7F) || $0 == 0x09 }
                    let checked = bytes.withUnsafeBufferPointer { HTTP1ResponseSerializer.isFieldValue($0) }
                    if checked != expected {
                        Issue.record("length \(length), byte \(value) at \(position): \(checked), expected \(expected)")
                        return
                    }
                }
            }
        }
    }
}

extension HTTP1ResponseSerializerTests {
    /// Every shape of head the serializer decides on: a head is measured before it is written, and in a debug
    /// build a measurement that differs from what is written stops the test.
    @Test(
        "RESP-011 every combination of status, method, version, framing and special fields is measured as written",
        arguments: [100, 101, 200, 204, 304, 404, 599, 999])
    func measuredAsWritten(status: Int) throws {
        let fieldSets: [[HTTP1HeaderField]] = [
            [],
            [fixedDate, .init(name: "Content-Type", value: "text/plain; charset=utf-8")],
            [.init(name: "Connection", value: "keep-alive, close"), .init(name: "Content-Length", value: "7")],
            [.init(name: "transfer-encoding", value: "gzip"), .init(name: "connection", value: "Upgrade"), .init(name: "X-Tab", value: "a\tb")],
        ]
        let framings: [HTTP1ResponseFraming] = [.contentLength(0), .contentLength(9_223_372_036_854_775_807), .chunked]
        for fields in fieldSets {
            for framing in framings {
                for method in ["GET", "HEAD", "CONNECT"] {
                    for version in [HTTP1Version.http1_0, .http1_1] {
                        for keepAlive in [true, false] {
                            var serializer = HTTP1ResponseSerializer()
                            var out: [UInt8] = Array("kept".utf8)
                            let plan = try serializer.writeHead(
                                .init(status: status, headers: fields), framing: framing,
                                for: .init(requestMethod: method, requestVersion: version, keepAlive: keepAlive), into: &out)
                            let text = String(decoding: out, as: UTF8.self)
                            #expect(text.hasPrefix("keptHTTP/1.1 \(status) "))
                            #expect(text.hasSuffix("\r\n\r\n"))
                            #expect(text.components(separatedBy: "\r\n\r\n").count == 2)
                            #expect(text.contains("Connection: close\r\n") == plan.closeConnection || status < 200)
                        }
                    }
                }
            }
        }
    }

    @Test("RESP-012 an invalid field leaves the buffer as it was")
    func invalidFieldLeavesBuffer() {
        var serializer = HTTP1ResponseSerializer()
        var out: [UInt8] = Array("kept".utf8)
        for field in [HTTP1HeaderField(name: "Bad Name", value: "x"), .init(name: "X-Bad", value: "a\r\nb")] {
            #expect(throws: HTTP1SerializeError.self) {
                try serializer.writeHead(.init(status: 200, headers: [.init(name: "X-Ok", value: "1"), field]),
                                         framing: .contentLength(0), for: .init(), into: &out)
            }
            #expect(out == Array("kept".utf8))
        }
    }
}
