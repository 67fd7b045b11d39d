import Testing

@testable import Kernel

@Suite("QueryParameters: parsed as UTF-8 bytes")
struct QueryParametersTests {
    /// The reading the parser must give, written the plain way over Characters: `&`-separated pieces, each cut at
    /// `#`, split at the first `=`, `+` as space, then percent-decoded unless that fails.
    private func reference(_ query: String) -> [String] {
        func decode(_ text: Substring) -> String {
            let source = Substring(String(text.map { $0 == "+" ? " " : $0 }))
            return PercentDecoding.decode(source) ?? String(source)
        }
        return query.split(separator: "&").compactMap { part -> String? in
            let piece = part.prefix { $0 != "#" }
            guard !piece.isEmpty else { return nil }
            guard let equals = piece.firstIndex(of: "=") else { return decode(piece) + "|" }
            return decode(piece[..<equals]) + "|" + decode(piece[piece.index(after: equals)...])
        }
    }

    private func parsed(_ query: String) -> [String] {
        QueryParameters(parsing: query[...]).map { $0.name + "|" + $0.value }
    }

    @Test("edge cases read as the plain reading does", arguments: [
        "", "&", "&&a=1&&", "a", "=", "a=", "=b", "a=b=c", "+", "a+b=c+d", "%2B=%2b", "%zz=1", "a=%", "a=%4",
        "a=%E9", "%C3%A9=%C3%BC", "é=ü&ü=é", "a=1#frag&b=2", "#x=1&y=2", "token=bench-token", "a=%00", "k=v&k=w",
        "q=hello+world%21&lang=en-US&page=2", "x=%F0%9F%98%80", "x=%F0%9F%98", "a=b%26c&d=e%3Df",
    ])
    func edgeCases(query: String) {
        #expect(parsed(query) == reference(query), "\(query)")
    }

    @Test("random queries over the delimiters read as the plain reading does")
    func randomQueries() {
        let alphabet: [String] = ["a", "b", "=", "&", "#", "+", "%", "2", "B", "C3", "%A9", "é", "%zz", " "]
        var generator = SeededGenerator(seed: 42)
        for _ in 0..<3_000 {
            let query = (0..<Int.random(in: 0...12, using: &generator)).map { _ in alphabet.randomElement(using: &generator)! }.joined()
            #expect(parsed(query) == reference(query), "\(query)")
        }
    }

    @Test("random lookups by name agree with the pairs the iteration reads")
    func randomLookups() {
        let alphabet: [String] = ["a", "b", "=", "&", "#", "+", "%", "2", "B", "C3", "%A9", "é", "%zz", " ", "%61", "K", "\u{212A}"]
        // Names to look up: plain ASCII, ones only an escape or `+` spells, non-ASCII ones, and the Kelvin sign,
        // which `String` compares equal to `K`.
        let names = ["a", "b", "ab", " ", "a b", "é", "K", "\u{212A}", "", "%zz", "%", "=", "ba", "Ca"]
        var generator = SeededGenerator(seed: 7)
        for _ in 0..<3_000 {
            let text = (0..<Int.random(in: 0...12, using: &generator)).map { _ in alphabet.randomElement(using: &generator)! }.joined()
            let query = QueryParameters(parsing: text[...])
            let pairs = Array(query)
            #expect(query.count == pairs.count, "\(text)")
            for name in names {
                let expected = pairs.filter { $0.name == name }.map(\.value)
                #expect(query.values(for: name) == expected, "\(text) \(name)")
                #expect(query[name] == expected.first, "\(text) \(name)")
                let bytes = query.withUTF8Value(named: name) { $0.map(Array.init) }
                #expect(bytes == expected.first.map { Array($0.utf8) }, "\(text) \(name)")
            }
        }
    }

    @Test("a name compares as a String: an escaped or composed spelling finds the plain one")
    func nameEquivalence() {
        let query = QueryParameters(parsing: "%74oken=1&K=2&e%CC%81=3"[...])
        #expect(query["token"] == "1")
        #expect(query["\u{212A}"] == "2")   // KELVIN SIGN is canonically equivalent to K
        #expect(query["é"] == "3")           // precomposed é against e + combining acute
        // And the other way round: a name sent as the Kelvin sign, unescaped, is found by its ASCII spelling.
        #expect(QueryParameters(parsing: "\u{212A}=4"[...])["K"] == "4")
    }

    @Test("a query cut from the middle of a longer text reads only its own bytes")
    func sliceOfLongerText() throws {
        let line = "GET /p?a=1&b=%C3%A9 HTTP/1.1"
        let start = try #require(line.firstIndex(of: "?")), end = try #require(line.lastIndex(of: " "))
        let query = QueryParameters(parsing: line[line.index(after: start)..<end])
        #expect(query.count == 2 && query["a"] == "1" && query["b"] == "é")
        #expect(query.values(for: "b") == ["é"] && Array(query).map(\.name) == ["a", "b"])
    }

    @Test("withUTF8Value reads the first value's bytes: in place when plain, decoded otherwise, nil when absent")
    func utf8Value() {
        let query = QueryParameters(parsing: "token=abc&t=a%20b&e=&flag&token=second&p=1+2"[...])
        func text(_ name: String) -> String? { query.withUTF8Value(named: name) { $0.map { String(decoding: $0, as: UTF8.self) } } }
        #expect(text("token") == "abc" && text("t") == "a b" && text("p") == "1 2")
        #expect(text("e") == "" && text("flag") == "" && text("none") == nil)
        // Called exactly once, also when the name is absent, and what the body throws reaches the caller.
        var calls = 0
        query.withUTF8Value(named: "none") { _ in calls += 1 }
        query.withUTF8Value(named: "token") { _ in calls += 1 }
        #expect(calls == 2)
        #expect(throws: CancellationError.self) { try query.withUTF8Value(named: "token") { _ in throw CancellationError() } }
    }

    @Test("lookups: the first value, every value, and the count")
    func lookups() {
        let query = QueryParameters(parsing: "tag=a&page=2&tag=b&empty="[...])
        #expect(query["tag"] == "a" && query["page"] == "2" && query["empty"] == "" && query["none"] == nil)
        #expect(query.values(for: "tag") == ["a", "b"] && query.count == 4)
    }
}
