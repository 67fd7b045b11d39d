/// A malformed spec file: what is wrong and the `file:line` where it is.
///
/// ```swift
/// do { _ = try SpecParser.parse(text, file: "Specs/x.md") }
/// catch { print(error) }   // "Specs/x.md:12: unknown directive 'expekt status'"
/// ```
struct SpecParseError: Error, Equatable, CustomStringConvertible {
    /// What went wrong.
    enum Kind: Equatable, Sendable {
        /// A ```` ```case ```` fence without its closing fence.
        case unterminatedBlock
        /// A line no directive matches.
        case unknownDirective
        /// `id:` or `source:` (or the request) is missing.
        case missingField
        /// A directive that may appear once appears again.
        case duplicateField
        /// The ID is not upper-case letters, digits and `-`, or is already used.
        case badID
        /// A directive whose value does not parse (status, header, rule, path, duration, URL).
        case badValue
        /// A curl command that cannot be replayed.
        case badCurl
    }

    /// The kind of problem.
    var kind: Kind
    /// Where it is.
    var location: SpecLocation
    /// A human explanation.
    var message: String

    /// `file:line: message`.
    var description: String { "\(location): \(message)" }
}
