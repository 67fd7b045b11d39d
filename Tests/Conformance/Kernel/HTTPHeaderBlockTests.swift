import Testing
@testable import Kernel

@Suite("HTTPHeaderBlock: shared header fields behave like fields set one by one")
struct HTTPHeaderBlockTests {
    static let pairs: [(name: String, value: String)] = [("x-frame-options", "SAMEORIGIN"), ("X-Content-Type-Options", "nosniff"), ("x-a", "1")]

    @Test("a block set on empty headers reads, counts and iterates like its fields")
    func readsLikeFields() throws {
        var headers = HTTPHeaders()
        headers.set(try HTTPHeaderBlock(Self.pairs))
        #expect(headers.sharedBlock != nil)
        #expect(headers.count == 3)
        #expect(headers["X-Frame-Options"] == "SAMEORIGIN")
        #expect(headers.map(\.name) == ["x-frame-options", "x-content-type-options", "x-a"])
        headers.add("x-a", "2")
        #expect(headers.values(for: "x-a") == ["1", "2"])
        #expect(headers.fieldCount(named: "x-a") == 2)
        var plain = HTTPHeaders()
        plain.set(Self.pairs)
        plain.add("x-a", "2")
        #expect(headers == plain)
    }

    @Test("a block refuses bad names, control characters and fields the transport owns")
    func validation() {
        #expect(throws: HTTPHeaderBlockError(name: "bad name", .invalidName)) { try HTTPHeaderBlock([("bad name", "x")]) }
        #expect(throws: HTTPHeaderBlockError(name: "x", .invalidValue)) { try HTTPHeaderBlock([("x", "a\r\nSet-Cookie: y")]) }
        #expect(throws: HTTPHeaderBlockError(name: "content-length", .ownedByTransport)) { try HTTPHeaderBlock([("Content-Length", "1")]) }
    }

    /// Applies the same pseudo-random edits to headers holding a block and to headers built field by field.
    @Test("model check: 3000 random edits give the same fields, in order, with and without the block")
    func modelCheck() throws {
        let block = try HTTPHeaderBlock(Self.pairs)
        let names = ["x-frame-options", "x-content-type-options", "x-a", "vary", "content-type", "X-B"]
        var random = SeededGenerator(seed: 42)
        for _ in 0..<150 {
            var shared = HTTPHeaders(), plain = HTTPHeaders()
            // Fields before the block, duplicates likely, then the block: edits must keep its place right.
            for _ in 0..<Int.random(in: 0..<4, using: &random) {
                let name = ["vary", "X-B"].randomElement(using: &random)!
                shared.add(name, "early"); plain.add(name, "early")
            }
            shared.set(block); plain.set(Self.pairs)
            #expect(shared.sharedBlock != nil)
            for _ in 0..<20 {
                let name = names.randomElement(using: &random)!
                let value = "v\(Int.random(in: 0..<3, using: &random))"
                switch Int.random(in: 0..<6, using: &random) {
                case 0: shared.set(block); plain.set(Self.pairs)
                case 1: shared[name] = value; plain[name] = value
                case 2: shared[name] = nil; plain[name] = nil
                case 3: shared.add(name, value); plain.add(name, value)
                case 4: shared.set([(name: name, value: value)]); plain.set([(name: name, value: value)])
                default: #expect(shared[name] == plain[name])
                }
                #expect(Array(shared) == Array(plain))
                #expect(shared.values(for: name) == plain.values(for: name))
                #expect(shared.count == plain.count)
            }
        }
    }

    @Test("the serializer writes a shared block exactly as the same fields set one by one")
    func serializedBytes() throws {
        var shared = HTTPHeaders(), plain = HTTPHeaders()
        shared["content-type"] = "text/plain"; plain["content-type"] = "text/plain"
        shared.set(try HTTPHeaderBlock(Self.pairs)); plain.set(Self.pairs)
        shared.add("x-late", "1"); plain.add("x-late", "1")
        func wire(_ headers: HTTPHeaders) throws -> String {
            var serializer = HTTP1ResponseSerializer(), out: [UInt8] = []
            _ = try serializer.writeHead(
                status: 200, reason: nil, fields: headers.storedFields, shared: headers.sharedBlock,
                framing: .contentLength(0), for: HTTP1ResponseContext(), into: &out)
            return String(decoding: out, as: UTF8.self).split(separator: "\r\n").filter { !$0.hasPrefix("Date:") }.joined(separator: "\n")
        }
        #expect(shared.sharedBlock != nil)
        #expect(try wire(shared) == wire(plain))
        #expect(try wire(shared).contains("content-type: text/plain\nx-frame-options: SAMEORIGIN\nx-content-type-options: nosniff\nx-a: 1\nx-late: 1"))
    }
}
