import Testing

@testable import Kernel

@Suite("Request: where the path ends and the query starts")
struct RequestURLPartsTests {
    /// The first `?` or `#`, read one byte at a time.
    private func reference(_ bytes: [UInt8]) -> Int? {
        bytes.firstIndex { $0 == UInt8(ascii: "?") || $0 == UInt8(ascii: "#") }
    }

    @Test("the word-at-a-time search finds the first ? or # at every position of every length, as a byte loop does")
    func searchAtEveryPosition() {
        // Bytes one bit away from a mark (`>` `/` `"` `+` `¿`) and a high byte: a borrow or a sign bit must not pass for one.
        let fillers: [UInt8] = [UInt8(ascii: "a"), UInt8(ascii: ">"), UInt8(ascii: "/"), UInt8(ascii: "\""), UInt8(ascii: "+"), 0xBF, 0x00, 0xFF]
        for length in 0...40 {
            for filler in fillers {
                let plain = [UInt8](repeating: filler, count: length)
                #expect(plain.withUnsafeBufferPointer(Request.firstQuestionOrHash(in:)) == nil, "\(length) \(filler)")
                for position in 0..<length {
                    for mark in [UInt8(ascii: "?"), UInt8(ascii: "#")] {
                        var bytes = plain
                        bytes[position] = mark
                        // A second mark after the first must not move the answer.
                        if position + 3 < length { bytes[position + 3] = UInt8(ascii: "?") }
                        #expect(bytes.withUnsafeBufferPointer(Request.firstQuestionOrHash(in:)) == reference(bytes), "\(bytes)")
                    }
                }
            }
        }
    }

    @Test("random URLs: the path and the query split where a byte loop splits them")
    func randomURLs() {
        let alphabet = ["/", "a", "?", "#", "=", "&", "é", "%3F", "x", "0123456789"]
        var generator = SeededGenerator(seed: 11)
        for _ in 0..<2_000 {
            let url = (0..<Int.random(in: 0...14, using: &generator)).map { _ in alphabet.randomElement(using: &generator)! }.joined()
            let bytes = Array(url.utf8)
            let request = Request(id: "1", method: .get, url: url)
            let end = reference(bytes)
            #expect(Array(request.path.utf8) == Array(bytes[..<(end ?? bytes.count)]), "\(url)")
            // The query is what follows a `?` that comes before any `#`, read by the same parser as on its own.
            let query = end.flatMap { bytes[$0] == UInt8(ascii: "?") ? String(decoding: bytes[($0 + 1)...], as: UTF8.self) : nil }
            let expected = query.map { Array(QueryParameters(parsing: $0[...])).map { "\($0.name)=\($0.value)" } } ?? []
            #expect(Array(request.query).map { "\($0.name)=\($0.value)" } == expected, "\(url)")
        }
    }

    @Test("the query routing found is read again after a hook changes the url")
    func queryAfterURLChange() async throws {
        let app = Application()
        try app.addHook(.onRequest) { request, _ in
            if request.query["step"] == "1" { request.url = "/rewritten?step=2&seen=" + (request.query["step"] ?? "") }
        }
        try app.addHook(.preHandler) { request, _ in
            if request.query["step"] == "2", request.query["seen"] == "1" { request.url = "/q" }
        }
        try app.get("/q") { request, reply in reply.send("\(request.query.count) \(request.url)") }
        #expect(try await app.inject(.get("/q?step=1")).text == "0 /q")
        #expect(try await app.inject(.get("/q?other=1")).text == "1 /q?other=1")
    }

    @Test("a # before any ? starts the fragment: no query")
    func fragmentBeforeQuestionMark() {
        #expect(Request(id: "1", method: .get, url: "/a#f?x=1").query.count == 0)
        #expect(Request(id: "1", method: .get, url: "/a?x=1#f?y=2").query["x"] == "1")
        #expect(Request(id: "1", method: .get, url: "/a?x=1#f?y=2").query["y"] == nil)
    }
}
