import Testing

@testable import Kernel

@Suite("HTTP1FieldNames: common request field names become literals")
struct HTTP1FieldNamesTests {
    static let names = [
        "te", "dnt", "host", "range", "accept", "cookie", "origin", "expect", "pragma", "referer", "upgrade", "priority",
        "if-match", "if-range", "sec-ch-ua", "x-real-ip", "user-agent", "connection", "content-type", "x-request-id",
        "authorization", "cache-control", "if-none-match", "content-length", "sec-fetch-site", "sec-fetch-mode",
        "sec-fetch-dest", "sec-fetch-user", "accept-encoding", "accept-language", "x-forwarded-for", "sec-ch-ua-mobile",
        "x-forwarded-host", "sec-websocket-key", "transfer-encoding", "if-modified-since", "x-forwarded-proto",
        "sec-ch-ua-platform", "if-unmodified-since", "sec-websocket-version", "sec-websocket-protocol",
        "sec-websocket-extensions", "upgrade-insecure-requests", "access-control-request-method",
        "access-control-request-headers",
    ]

    private func lookup(_ name: String) -> String? {
        Array(name.utf8).withUnsafeBytes { HTTP1FieldNames.common($0[...])?.name }
    }

    private func lowercased(_ name: String) -> String {
        Array(name.utf8).withUnsafeBytes { HTTP1RequestHead.lowercased($0[...]) }
    }

    @Test("each common name, in lower, upper and mixed case, is found as its lowercase literal", arguments: names)
    func found(name: String) {
        #expect(lookup(name) == name)
        #expect(lookup(name.uppercased()) == name)
        let mixed = String(name.enumerated().map { $0.offset.isMultiple(of: 2) ? Character($0.element.uppercased()) : $0.element })
        #expect(lookup(mixed) == name)
    }

    @Test("a name one byte away from a common one, or one byte longer or shorter, is not found", arguments: names)
    func nearMisses(name: String) {
        var bytes = Array(name.utf8)
        for index in bytes.indices {
            let original = bytes[index]
            bytes[index] = original == UInt8(ascii: "x") ? UInt8(ascii: "y") : UInt8(ascii: "x")
            let changed = String(decoding: bytes, as: UTF8.self)
            #expect(lookup(changed) == (Self.names.contains(changed) ? changed : nil), "\(changed)")
            bytes[index] = original
        }
        #expect(lookup(name + "s") == (Self.names.contains(name + "s") ? name + "s" : nil))
        #expect(lookup(String(name.dropLast())) == (Self.names.contains(String(name.dropLast())) ? String(name.dropLast()) : nil))
    }

    @Test("the fields the parser acts on have their role; every other common name has none")
    func roles() {
        let roles: [String: HTTP1FieldNames.Role] = [
            "host": .host, "content-length": .contentLength, "transfer-encoding": .transferEncoding,
            "connection": .connection, "upgrade": .upgrade, "expect": .expect,
        ]
        for name in Self.names {
            let role = Array(name.uppercased().utf8).withUnsafeBytes { HTTP1FieldNames.common($0[...])?.role }
            #expect(role == roles[name] ?? .other, "\(name)")
        }
    }

    @Test("a parsed head keeps common names as literals and lowercases the others, in order")
    func parsedNames() throws {
        let wire = "GET / HTTP/1.1\r\nHOST: a\r\nX-Trace-ID: 1\r\nUser-Agent: u\r\nAccept-Charset: c\r\n\r\n"
        let head = try #require(ChunkingVerifier.verify(Array(wire.utf8)).heads.first)
        #expect(head.headers.map(\.name) == ["host", "x-trace-id", "user-agent", "accept-charset"])
        #expect(head.host == "a")
    }

    @Test("any other token is lowercased as it is copied")
    func others() {
        #expect(lowercased("X-Trace-ID") == "x-trace-id")
        #expect(lowercased("Accept-Charset") == "accept-charset")
        #expect(lowercased("HOST") == "host")
        #expect(lowercased("a!#$%&'*+-.^_`|~Z9") == "a!#$%&'*+-.^_`|~z9")
    }
}
