/// Reads cases out of a Markdown spec file: every top-level ```` ```case ```` or ```` ```ws-case ```` fence is one case.
///
/// Everything outside those fences is prose and ignored, as are fences with any other info string,
/// so examples can be shown inside a longer (````) fence. Plain Swift, no Foundation, so it can be fuzzed.
///
/// ```swift
/// let cases = try SpecParser.parse(markdown, file: "Specs/seed-cors.md")
/// ```
enum SpecParser {
    /// A line of a case block with its 1-based line number in the file.
    struct Line {
        var number: Int
        var text: String
    }

    /// The info strings that open a case.
    static let caseFence = "case", webSocketFence = "ws-case"

    /// Parses every case in `text`; `file` is used in errors and locations.
    static func parse(_ text: String, file: String) throws(SpecParseError) -> [SpecCase] {
        var cases: [SpecCase] = []
        var seen: [String: SpecLocation] = [:]
        for block in try blocks(in: text, file: file) {
            let parsed = try block.isWebSocket
                ? SpecCase.webSocket(WebSocketCaseParser.parse(block.lines, opening: block.location))
                : SpecCase.http(HTTPCaseParser.parse(block.lines, opening: block.location))
            if let first = seen[parsed.id] {
                throw SpecParseError(kind: .badID, location: parsed.info.location, message: "duplicate id \(parsed.id) (first at \(first))")
            }
            seen[parsed.id] = parsed.info.location
            cases.append(parsed)
        }
        return cases
    }

    private struct Block {
        var isWebSocket: Bool
        var location: SpecLocation
        var lines: [Line]
    }

    /// Finds the case fences, honouring fence lengths as CommonMark does (a longer fence hides shorter ones).
    private static func blocks(in text: String, file: String) throws(SpecParseError) -> [Block] {
        var blocks: [Block] = []
        var open: (fence: Int, block: Block?)?
        // Split on the byte, not the Character: "\r\n" is one grapheme and would hide the "\n".
        for (offset, rawLine) in text.utf8.split(separator: 0x0A, omittingEmptySubsequences: false).enumerated() {
            let line = String(decoding: rawLine.last == 0x0D ? rawLine.dropLast() : rawLine, as: UTF8.self)
            let number = offset + 1
            let fence = fenceOpening(line)
            if let current = open {
                if let fence, fence.length >= current.fence, fence.info.isEmpty {
                    if let block = current.block { blocks.append(block) }
                    open = nil
                } else if current.block != nil {
                    open?.block?.lines.append(Line(number: number, text: line))
                }
            } else if let fence {
                let location = SpecLocation(file: file, line: number)
                switch fence.info {
                case caseFence: open = (fence.length, Block(isWebSocket: false, location: location, lines: []))
                case webSocketFence: open = (fence.length, Block(isWebSocket: true, location: location, lines: []))
                default: open = (fence.length, nil)
                }
            }
        }
        if let current = open, let block = current.block {
            throw SpecParseError(kind: .unterminatedBlock, location: block.location, message: "```\(block.isWebSocket ? webSocketFence : caseFence) block is never closed")
        }
        return blocks
    }

    /// A backtick fence: up to three spaces, three or more backticks, then the info string.
    private static func fenceOpening(_ line: String) -> (length: Int, info: String)? {
        var rest = Substring(line)
        var indent = 0
        while rest.first == " ", indent < 4 { rest = rest.dropFirst(); indent += 1 }
        guard indent < 4 else { return nil }
        let length = rest.prefix { $0 == "`" }.count
        guard length >= 3 else { return nil }
        let info = JSONRuleParser.trim(rest.dropFirst(length))
        guard !info.contains("`") else { return nil }
        return (length, info)
    }

    /// Splits `head: value` at the first colon; a line without one has a nil value.
    static func directive(_ text: String) -> (head: String, value: String?) {
        guard let colon = text.firstIndex(of: ":") else { return (JSONRuleParser.trim(text), nil) }
        return (JSONRuleParser.trim(text[..<colon]), JSONRuleParser.trim(text[text.index(after: colon)...]))
    }

    /// Whether the ID is upper-case letters, digits and single dashes, starting with a letter.
    static func isValidID(_ id: String) -> Bool {
        guard let first = id.first, first.isASCII, first.isUppercase else { return false }
        let parts = id.split(separator: "-", omittingEmptySubsequences: false)
        return parts.allSatisfy { !$0.isEmpty && $0.allSatisfy { $0.isASCII && ($0.isUppercase || $0.isNumber) } }
    }
}

/// Collects the `id:`, `source:`, `title:` and `fixture:` lines both kinds share.
struct CaseInfoBuilder {
    var opening: SpecLocation
    var id: String?
    var source: String?
    var title: String?
    var fixture: String?

    /// Takes the line when it is a shared field; returns whether it did.
    mutating func take(_ head: String, _ value: String?, at location: SpecLocation) throws(SpecParseError) -> Bool {
        let field: WritableKeyPath<CaseInfoBuilder, String?>
        switch head {
        case "id": field = \.id
        case "source": field = \.source
        case "title": field = \.title
        case "fixture": field = \.fixture
        default: return false
        }
        guard self[keyPath: field] == nil else { throw SpecParseError(kind: .duplicateField, location: location, message: "'\(head):' appears twice") }
        guard let value, !value.isEmpty else { throw SpecParseError(kind: .badValue, location: location, message: "'\(head):' needs a value") }
        if head == "id", !SpecParser.isValidID(value) {
            throw SpecParseError(kind: .badID, location: location, message: "bad id '\(value)': use upper-case letters, digits and '-', e.g. KERNEL-HOOK-001")
        }
        self[keyPath: field] = value
        return true
    }

    /// The finished info; `id` and `source` are required.
    func build() throws(SpecParseError) -> CaseInfo {
        guard let id else { throw SpecParseError(kind: .missingField, location: opening, message: "case has no 'id:'") }
        guard let source else { throw SpecParseError(kind: .missingField, location: opening, message: "case \(id) has no 'source:'") }
        return CaseInfo(id: id, source: source, title: title, fixture: fixture, location: opening)
    }
}

extension SpecParseError {
    /// Wraps a sub-language error, shifting the line by its offset.
    init(_ error: SpecSyntaxError, kind: Kind = .badValue, at location: SpecLocation) {
        self.init(kind: kind, location: SpecLocation(file: location.file, line: location.line + error.lineOffset), message: error.message)
    }
}
