import Testing

@testable import Plugins

@Suite("BearerAuth: the token read from an Authorization value as bytes")
struct BearerTokenParsingTests {
    /// The plain reading over Characters: split once at spaces, scheme `bearer` in any case, token trimmed of spaces.
    private func reference(_ header: String) -> String? {
        let parts = header.split(separator: " ", maxSplits: 1, omittingEmptySubsequences: true)
        guard parts.count == 2, parts[0].lowercased() == "bearer" else { return nil }
        var token = parts[1]
        while token.first == " " { token = token.dropFirst() }
        while token.last == " " { token = token.dropLast() }
        return token.isEmpty ? nil : String(token)
    }

    @Test("edge cases read as the plain reading does", arguments: [
        "", " ", "Bearer", "Bearer ", "Bearer  ", "Bearer tok", "bearer tok", "BEARER tok", "BeArEr tok", "  Bearer tok",
        "Bearer   tok  ", "Bearer tok en", "Bearer\ttok", "Basic dXNlcjpwYXNz", "Bearerx tok", "Beare tok", "Bearer é-ü",
        "Bearer tok\t", "Bearer  a b  ", "Bearer\u{00A0}tok", "Bëarer tok",
    ])
    func edgeCases(header: String) {
        #expect(BearerAuth.bearerToken(in: header) == reference(header), "\(header)")
    }

    @Test("random values over spaces, tabs, letters and non-ASCII read as the plain reading does")
    func randomValues() {
        let alphabet: [String] = [" ", " ", "\t", "B", "b", "e", "E", "a", "r", "R", "t", "é", "x", "Bearer", "bearer"]
        var generator = SeededGenerator(seed: 7)
        for _ in 0..<3_000 {
            let header = (0..<Int.random(in: 0...10, using: &generator)).map { _ in alphabet.randomElement(using: &generator)! }.joined()
            #expect(BearerAuth.bearerToken(in: header) == reference(header), "\(header)")
        }
    }
}
