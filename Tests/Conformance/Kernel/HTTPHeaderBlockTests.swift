import Testing
@testable import Kernel

@Suite("HTTPHeaderBlock: shared header fields behave like fields set one by one")
struct HTTPHeaderBlockTests {
    static let pairs: [(name: String, value: String)] = [("x-frame-options", "SAMEORIGIN"), ("X-Content-Type-Options", "nosniff"), ("x-a", "1")]
    /// A second block with no name in common with ``pairs`` (set after it, the two are joined), and one with `x-a`.
    static let disjointPairs: [(name: String, value: String)] = [("access-control-allow-origin", "https://a.io"), ("x-c", "2")]
    static let overlappingPairs: [(name: String, value: String)] = [("x-a", "3"), ("x-d", "4")]

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
    @Test("model check: 3000 random edits give the same fields, in order, with and without the blocks")
    func modelCheck() throws {
        let block = try HTTPHeaderBlock(Self.pairs)
        let disjoint = try HTTPHeaderBlock(Self.disjointPairs), overlapping = try HTTPHeaderBlock(Self.overlappingPairs)
        let names = ["x-frame-options", "x-content-type-options", "x-a", "vary", "content-type", "X-B", "access-control-allow-origin", "x-d"]
        var random = SeededGenerator(seed: 42)
        var sharing = 0
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
                switch Int.random(in: 0..<8, using: &random) {
                case 0: shared.set(block); plain.set(Self.pairs)
                case 6: shared.set(disjoint); plain.set(Self.disjointPairs)
                case 7: shared.set(overlapping); plain.set(Self.overlappingPairs)
                case 1: shared[name] = value; plain[name] = value
                case 2: shared.remove(name); plain[name] = nil
                case 3: shared.add(name, value); plain.add(name, value)
                case 4: shared.set([(name: name, value: value)]); plain.set([(name: name, value: value)])
                default: #expect(shared[name] == plain[name])
                }
                #expect(Array(shared) == Array(plain))
                #expect(shared.values(for: name) == plain.values(for: name))
                #expect(shared.contains(name) == plain.contains(name) && shared.contains(name) == (plain[name] != nil))
                #expect(shared.count == plain.count)
                // Sound: headers that say they share a block's fields hold each of them, with its value.
                for candidate in [block, disjoint, overlapping] where shared.sharesFields(of: candidate) {
                    sharing += 1
                    for field in candidate.fields { #expect(plain.values(for: field.name).contains(field.value)) }
                }
            }
        }
        #expect(sharing > 200, "the blocks were shared \(sharing) times")
    }

    @Test("sharesFields(of:) holds through joins, for a block of the same content too, until a field of it changes or gets a second value")
    func sharesFields() throws {
        let first = try HTTPHeaderBlock([("x-one", "1")]), second = try HTTPHeaderBlock([("x-two", "2")])
        let third = try HTTPHeaderBlock([("x-three", "3")])
        var headers = HTTPHeaders()
        headers.set(first); headers.set(second); headers.set(third)
        #expect(headers.storedFields.isEmpty, "one joined block of all three")
        for block in [first, second, third] { #expect(headers.sharesFields(of: block)) }
        #expect(headers.sharesFields(of: try HTTPHeaderBlock([("x-two", "2")])), "decided by content")
        #expect(!headers.sharesFields(of: try HTTPHeaderBlock([("x-two", "3")])))
        #expect(!headers.sharesFields(of: try HTTPHeaderBlock([("x-one", "1"), ("x-two", "2")])), "parts only, not any run of them")
        var added = headers, addedElsewhere = headers
        added.add("X-Two", "again")
        #expect(!added.sharesFields(of: second), "a second value changes the field, as a plugin that replaces it must see")
        #expect(added.values(for: "x-two") == ["2", "again"])
        addedElsewhere.add("x-four", "4")
        #expect(addedElsewhere.sharesFields(of: second), "a field of another name leaves the block as it was")
        var replaced = headers, removed = headers
        replaced["x-two"] = "changed"
        removed["x-one"] = nil
        #expect(!replaced.sharesFields(of: second) && !removed.sharesFields(of: first))
        var plain = HTTPHeaders()
        plain["x-one"] = "1"
        #expect(!plain.sharesFields(of: first), "fields set one by one are not known this way")
    }

    @Test("a block set right after another joins it: one block of both, the same one for every reply")
    func joinsTheBlockBefore() throws {
        let block = try HTTPHeaderBlock(Self.pairs), disjoint = try HTTPHeaderBlock(Self.disjointPairs)
        var first = HTTPHeaders(), second = HTTPHeaders()
        first.set(block); first.set(disjoint)
        second.set(block); second.set(disjoint)
        let joined = try #require(first.sharedBlock?.block)
        #expect(joined !== block && second.sharedBlock?.block === joined)
        #expect(first.storedFields.isEmpty)
        #expect(first.map(\.name) == ["x-frame-options", "x-content-type-options", "x-a", "access-control-allow-origin", "x-c"])
        // A field added in between, a name in common, or another block after the same one: the fields are copied
        // (as setting the pairs does), and no block is joined anew per reply.
        var later = HTTPHeaders()
        later.set(block); later["vary"] = "Origin"; later.set(disjoint)
        #expect(later.sharedBlock == nil && later.map(\.name).suffix(3) == ["vary", "access-control-allow-origin", "x-c"])
        var common = HTTPHeaders()
        common.set(block); common.set(try HTTPHeaderBlock(Self.overlappingPairs))
        #expect(common.sharedBlock == nil && common["x-a"] == "3")
        var other = HTTPHeaders()
        other.set(block); other.set(try HTTPHeaderBlock([("x-e", "5")]))
        #expect(other.sharedBlock == nil && other["x-e"] == "5")
    }

    @Test("the serializer writes a shared block exactly as the same fields set one by one")
    func serializedBytes() throws {
        var shared = HTTPHeaders(), plain = HTTPHeaders()
        shared["content-type"] = "text/plain"; plain["content-type"] = "text/plain"
        shared.set(try HTTPHeaderBlock(Self.pairs)); plain.set(Self.pairs)
        shared.set(try HTTPHeaderBlock(Self.disjointPairs)); plain.set(Self.disjointPairs)
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
        #expect(try wire(shared).contains(
            "content-type: text/plain\nx-frame-options: SAMEORIGIN\nx-content-type-options: nosniff\nx-a: 1\n"
                + "access-control-allow-origin: https://a.io\nx-c: 2\nx-late: 1"))
    }
}
