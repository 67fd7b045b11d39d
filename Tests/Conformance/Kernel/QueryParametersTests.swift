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

    @Test("lookups: the first value, every value, and the count")
    func lookups() {
        let query = QueryParameters(parsing: "tag=a&page=2&tag=b&empty="[...])
        #expect(query["tag"] == "a" && query["page"] == "2" && query["empty"] == "" && query["none"] == nil)
        #expect(query.values(for: "tag") == ["a", "b"] && query.count == 4)
    }
}
