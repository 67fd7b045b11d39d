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
        Array(name.utf8).withUnsafeBytes { HTTP1FieldNames.common($0[...]) }
    }

    private func lowercasedToken(_ name: String) -> String {
        Array(name.utf8).withUnsafeBytes { HTTP1RequestHead.lowercasedToken($0[...]) }
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

    @Test("any other token is lowercased as it is copied")
    func others() {
        #expect(lowercasedToken("X-Trace-ID") == "x-trace-id")
        #expect(lowercasedToken("Accept-Charset") == "accept-charset")
        #expect(lowercasedToken("HOST") == "host")
        #expect(lowercasedToken("a!#$%&'*+-.^_`|~Z9") == "a!#$%&'*+-.^_`|~z9")
    }
}
