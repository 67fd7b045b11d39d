import Foundation

/// Reads the repository's `Specs/*.md` files (test-side helper; the parser itself stays Foundation-free).
///
/// ```swift
/// let cases = try SpecLoader.load("kernel-lifecycle.md")
/// let everything = try SpecLoader.loadAll()   // IDs checked unique across files
/// ```
enum SpecLoader {
    /// The repository's `Specs` directory, found from this source file's path.
    static let directory: String = {
        var url = URL(fileURLWithPath: #filePath)
        for _ in 0..<4 { url.deleteLastPathComponent() }   // SpecEngine, Conformance, Tests → repository root
        return url.appendingPathComponent("Specs").path
    }()

    /// The cases of one file in `Specs/`, located as `Specs/<name>`.
    static func load(_ name: String) throws -> [SpecCase] {
        let text = try String(contentsOfFile: directory + "/" + name, encoding: .utf8)
        return try SpecParser.parse(text, file: "Specs/" + name)
    }

    /// The names of every `*.md` file directly in `Specs/`, sorted.
    static func fileNames() throws -> [String] {
        try FileManager.default.contentsOfDirectory(atPath: directory).filter { $0.hasSuffix(".md") }.sorted()
    }

    /// Every case of every file, in file order; throws on the first parse error or on an ID used twice.
    static func loadAll() throws -> [SpecCase] {
        var all: [SpecCase] = []
        for name in try fileNames() { all += try load(name) }
        try checkUniqueIDs(all)
        return all
    }

    /// Throws a ``SpecParseError`` at the second use of any ID.
    static func checkUniqueIDs(_ cases: [SpecCase]) throws(SpecParseError) {
        var seen: [String: SpecLocation] = [:]
        for spec in cases {
            if let first = seen[spec.id] {
                throw SpecParseError(kind: .badID, location: spec.info.location, message: "duplicate id \(spec.id) (first at \(first))")
            }
            seen[spec.id] = spec.info.location
        }
    }
}
