import Kernel

/// A syntax problem inside one rule, path, duration, URL or curl command; the spec parser adds the file and line.
struct SpecSyntaxError: Error, Equatable {
    /// What is wrong.
    var message: String
    /// Lines below the directive's first line where the problem is (for multi-line curl commands).
    var lineOffset = 0
}

/// Parses the small expression languages used on spec lines: JSON rules, JSON paths and durations.
enum JSONRuleParser {
    /// Parses a rule such as `string | null`, `number 0..100` or `in {pending, running}`.
    static func rule(_ text: String) throws(SpecSyntaxError) -> JSONRule {
        let alternatives = try splitTopLevel(text, on: "|")
        let rules = try alternatives.map { (part) throws(SpecSyntaxError) in try alternative(trim(part)) }
        return rules.count == 1 ? rules[0] : .anyOf(rules)
    }

    /// Parses a path: `$`, `a.b`, `items[0].id`, `items[*]`, `[0]`.
    static func path(_ text: String) throws(SpecSyntaxError) -> JSONPath {
        let text = trim(text)
        if text.isEmpty || text == "$" { return .root }
        var components: [JSONPath.Component] = []
        var rest = Substring(text)
        if rest.hasPrefix("$") {
            rest = rest.dropFirst()
            if rest.hasPrefix(".") { rest = rest.dropFirst(); if rest.isEmpty { throw SpecSyntaxError(message: "path '\(text)' ends with '.'") } }
        }
        while !rest.isEmpty {
            if rest.hasPrefix("[") {
                guard let close = rest.firstIndex(of: "]") else { throw SpecSyntaxError(message: "unclosed '[' in path '\(text)'") }
                let inside = rest[rest.index(after: rest.startIndex)..<close]
                if inside == "*" {
                    components.append(.each)
                } else if let index = Int(inside), index >= 0 {
                    components.append(.index(index))
                } else {
                    throw SpecSyntaxError(message: "bad index '[\(inside)]' in path '\(text)'")
                }
                rest = rest[rest.index(after: close)...]
                if rest.hasPrefix(".") {
                    rest = rest.dropFirst()
                    if rest.isEmpty { throw SpecSyntaxError(message: "path '\(text)' ends with '.'") }
                } else if !rest.isEmpty, !rest.hasPrefix("[") {
                    throw SpecSyntaxError(message: "expected '.' or '[' after ']' in path '\(text)'")
                }
            } else {
                let end = rest.firstIndex { $0 == "." || $0 == "[" } ?? rest.endIndex
                let key = rest[..<end]
                guard !key.isEmpty, key.allSatisfy(isKeyCharacter) else {
                    throw SpecSyntaxError(message: "bad key '\(key)' in path '\(text)'")
                }
                components.append(.key(String(key)))
                rest = rest[end...]
                if rest.hasPrefix(".") { rest = rest.dropFirst(); if rest.isEmpty { throw SpecSyntaxError(message: "path '\(text)' ends with '.'") } }
            }
        }
        return JSONPath(components: components)
    }

    /// Parses `5s`, `1.5s` or `250ms` into milliseconds.
    static func duration(_ text: String) throws(SpecSyntaxError) -> Int {
        let text = trim(text)
        let (digits, scale): (Substring, Double) =
            text.hasSuffix("ms") ? (text.dropLast(2), 1) : text.hasSuffix("s") ? (text.dropLast(), 1000) : ("", 0)
        guard scale > 0, let value = Double(digits), value >= 0, value.isFinite else {
            throw SpecSyntaxError(message: "bad duration '\(text)' (write 5s, 1.5s or 250ms)")
        }
        return Int((value * scale).rounded())
    }

    /// Parses `5s ±1s` (or `5s +-1s`); without a tolerance the window is exact.
    static func timing(_ text: String) throws(SpecSyntaxError) -> TimingRule {
        let text = trim(text)
        for marker in ["±", "+-"] {
            if let range = text.firstRange(of: marker) {
                return TimingRule(milliseconds: try duration(String(text[..<range.lowerBound])),
                                  toleranceMilliseconds: try duration(String(text[range.upperBound...])))
            }
        }
        return TimingRule(milliseconds: try duration(text), toleranceMilliseconds: 0)
    }

    // MARK: - Alternatives

    private static func alternative(_ text: String) throws(SpecSyntaxError) -> JSONRule {
        guard let first = text.first else { throw SpecSyntaxError(message: "empty rule") }
        if first == "\"" || first == "[" || first == "{" || first == "-" || first.isNumber {
            return .equals(try literal(text))
        }
        let word = String(text.prefix { !$0.isWhitespace })
        let rest = trim(String(text.dropFirst(word.count)))
        switch word {
        case "true", "false", "null":
            try noArgument(word, rest)
            return .equals(try literal(word))
        case "any": try noArgument(word, rest); return .any
        case "absent": try noArgument(word, rest); return .absent
        case "boolean": try noArgument(word, rest); return .boolean
        case "string": try noArgument(word, rest); return .string
        case "iso8601": try noArgument(word, rest); return .iso8601
        case "number": return .number(rest.isEmpty ? nil : try range(rest))
        case "integer": return .integer(rest.isEmpty ? nil : try range(rest))
        case "array": return .array(count: rest.isEmpty ? nil : try range(rest))
        case "object": return try object(rest)
        case "in", "∈": return .oneOf(try members(rest).map { (member) throws(SpecSyntaxError) in try memberValue(member) })
        case "contains":
            guard case .string(let needle) = try literal(rest) else { throw SpecSyntaxError(message: "contains needs a quoted string") }
            return .contains(needle)
        default:
            throw SpecSyntaxError(message: "unknown rule '\(word)' (quote string values: \"\(word)\")")
        }
    }

    private static func object(_ rest: String) throws(SpecSyntaxError) -> JSONRule {
        if rest.isEmpty { return .object(keys: nil, exact: false) }
        var keys = try members(rest)
        let exact = keys.last != "..."
        if !exact { keys.removeLast() }
        for key in keys where key.isEmpty || !key.allSatisfy(isKeyCharacter) {
            throw SpecSyntaxError(message: "bad key '\(key)' in object rule")
        }
        return .object(keys: keys, exact: exact)
    }

    private static func range(_ text: String) throws(SpecSyntaxError) -> NumberRange {
        guard let dots = text.firstRange(of: "..") else { throw SpecSyntaxError(message: "bad range '\(text)' (write 0..100, 1.. or ..10)") }
        let low = trim(String(text[..<dots.lowerBound])), high = trim(String(text[dots.upperBound...]))
        let lower = low.isEmpty ? nil : Double(low), upper = high.isEmpty ? nil : Double(high)
        guard low.isEmpty || lower != nil, high.isEmpty || upper != nil, lower != nil || upper != nil else {
            throw SpecSyntaxError(message: "bad range '\(text)' (write 0..100, 1.. or ..10)")
        }
        if let lower, let upper, lower > upper { throw SpecSyntaxError(message: "empty range '\(text)'") }
        return NumberRange(lower: lower, upper: upper)
    }

    /// `{a, "b c", 3}` → the raw member texts.
    private static func members(_ text: String) throws(SpecSyntaxError) -> [String] {
        guard text.hasPrefix("{"), text.hasSuffix("}"), text.count >= 2 else {
            throw SpecSyntaxError(message: "expected a set in braces, got '\(text)'")
        }
        let inside = String(text.dropFirst().dropLast())
        let parts = try splitTopLevel(inside, on: ",").map(trim)
        guard !parts.contains(where: \.isEmpty) else { throw SpecSyntaxError(message: "empty member in '\(text)'") }
        return parts
    }

    private static func memberValue(_ text: String) throws(SpecSyntaxError) -> JSONValue {
        if let first = text.first, first == "\"" || first == "-" || first.isNumber || ["true", "false", "null"].contains(text) {
            return try literal(text)
        }
        return .string(text)
    }

    private static func literal(_ text: String) throws(SpecSyntaxError) -> JSONValue {
        do { return try JSONValue(parsing: Array(text.utf8)) } catch { throw SpecSyntaxError(message: "bad JSON literal \(text)") }
    }

    private static func noArgument(_ word: String, _ rest: String) throws(SpecSyntaxError) {
        guard rest.isEmpty else { throw SpecSyntaxError(message: "'\(word)' takes no argument, got '\(rest)'") }
    }

    /// Splits on `separator` outside quotes, braces and brackets.
    private static func splitTopLevel(_ text: String, on separator: Character) throws(SpecSyntaxError) -> [String] {
        var parts: [String] = [], current = "", depth = 0, inString = false, escaped = false
        for character in text {
            if inString {
                current.append(character)
                if escaped { escaped = false } else if character == "\\" { escaped = true } else if character == "\"" { inString = false }
                continue
            }
            switch character {
            case "\"": inString = true
            case "{", "[": depth += 1
            case "}", "]": depth -= 1; if depth < 0 { throw SpecSyntaxError(message: "unbalanced '\(character)' in '\(text)'") }
            case separator where depth == 0: parts.append(current); current = ""; continue
            default: break
            }
            current.append(character)
        }
        guard !inString else { throw SpecSyntaxError(message: "unterminated string in '\(text)'") }
        guard depth == 0 else { throw SpecSyntaxError(message: "unbalanced braces in '\(text)'") }
        parts.append(current)
        return parts
    }

    /// `text` without leading and trailing spaces and tabs.
    static func trim(_ text: some StringProtocol) -> String {
        var slice = Substring(text)
        while let first = slice.first, first == " " || first == "\t" { slice = slice.dropFirst() }
        while let last = slice.last, last == " " || last == "\t" { slice = slice.dropLast() }
        return String(slice)
    }

    private static func isKeyCharacter(_ character: Character) -> Bool {
        character.isLetter || character.isNumber || character == "_" || character == "-"
    }
}
