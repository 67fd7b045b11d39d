/// Matches one multi-parameter or regex segment (`:lat-:lng`, `:file.png`, `:id(^\d+)`)
/// against the decoded text of a path segment and returns the captured values.
///
/// Semantics follow the regex find-my-way compiles for such a node:
/// `^(.*?)L0(L0|(?:(?!L0).)*)L1…$` — the first parameter is lazy, each later one is either
/// exactly the preceding static text or the longest run not containing it, and a
/// user regex replaces the capture it belongs to. Without user regexes this is a hand-written
/// byte matcher; with one, the whole segment goes through a Swift `Regex`.
struct ParameterMatcher: Sendable {
    /// One step of the hand-written matcher.
    enum Step: Sendable {
        /// `(.*?)`: shortest first.
        case lazyCapture
        /// `(L|(?:(?!L).)*)`: exactly `L`, else the longest run free of `L`, shrinking.
        case captureAfter([UInt8])
        /// Static text.
        case literal([UInt8])
    }

    /// The result of one attempt.
    enum Outcome {
        case matched([String])
        case noMatch
        /// The text is too long for any match to keep every capture within the limit.
        case tooLong
    }

    private let steps: [Step]
    private let regex: SharedRegex?
    private let captureCount: Int
    private let literalLength: Int

    /// Compiles `segment`; throws when a user regex is not valid Swift `Regex` syntax.
    /// `alwaysUseRegex` forces the `Regex` path (tests compare it with the byte matcher).
    init(_ segment: ParameterSegment, pattern: String, alwaysUseRegex: Bool = false) throws(RoutingError) {
        var steps: [Step] = []
        var source = "^"
        // find-my-way's state: the last static text seen, and whether the next plain capture
        // may be lazy (true at the start and right after a regex capture).
        var lastLiteral: [UInt8] = []
        var nextCaptureIsLazy = true
        var hasUserRegex = false
        var literalLength = 0
        for piece in segment.pieces {
            switch piece {
            case .capture(_, let userRegex?):
                hasUserRegex = true
                source += Self.trimmingAnchors(userRegex)
                nextCaptureIsLazy = true
            case .capture(_, nil):
                if nextCaptureIsLazy {
                    source += "(.*?)"
                    steps.append(.lazyCapture)
                } else {
                    let escaped = Self.escaped(lastLiteral)
                    source += "(\(escaped)|(?:(?!\(escaped)).)*)"
                    steps.append(.captureAfter(lastLiteral))
                }
                nextCaptureIsLazy = false
            case .literal(let text):
                source += Self.escaped(text)
                steps.append(.literal(text))
                lastLiteral = text
                literalLength += text.count
            }
        }
        source += "$"
        self.steps = steps
        self.captureCount = segment.names.count
        self.literalLength = literalLength
        if hasUserRegex || alwaysUseRegex {
            do {
                self.regex = SharedRegex(regex: try Regex(source).matchingSemantics(.unicodeScalar))
            } catch {
                throw .invalid(pattern, "the regex of parameter segment '\(source)' is not valid: \(error)")
            }
        } else {
            self.regex = nil
        }
    }

    /// Matches the whole decoded segment text.
    func match(_ text: UnsafeBufferPointer<UInt8>, maxParamLength: Int) -> Outcome {
        // Each capture holds at most maxParamLength UTF-16 units, i.e. at most 3 bytes each.
        guard text.count <= captureCount * maxParamLength * 3 + literalLength else { return .tooLong }
        var values: [String]
        if let regex {
            let string = String(decoding: text, as: UTF8.self)
            guard let match = try? regex.regex.wholeMatch(in: string) else { return .noMatch }
            values = (1..<match.output.count).map { match.output[$0].substring.map(String.init) ?? "" }
        } else {
            var ranges: [Range<Int>] = []
            guard matchSteps(from: 0, at: 0, text, &ranges) else { return .noMatch }
            values = ranges.map { String(decoding: UnsafeBufferPointer(rebasing: text[$0]), as: UTF8.self) }
        }
        guard values.count == captureCount else { return .noMatch }
        for value in values where value.utf8.count > maxParamLength && value.utf16.count > maxParamLength {
            return .tooLong
        }
        return .matched(values)
    }

    /// Backtracking interpretation of ``steps``; appends one range per capture.
    private func matchSteps(
        from step: Int, at position: Int, _ text: UnsafeBufferPointer<UInt8>, _ ranges: inout [Range<Int>]
    ) -> Bool {
        guard step < steps.count else { return position == text.count }
        switch steps[step] {
        case .literal(let literal):
            return Self.hasLiteral(literal, in: text, at: position)
                && matchSteps(from: step + 1, at: position + literal.count, text, &ranges)
        case .lazyCapture:
            for end in position...text.count {
                if tryCapture(position..<end, then: step + 1, text, &ranges) { return true }
            }
            return false
        case .captureAfter(let literal):
            if Self.hasLiteral(literal, in: text, at: position),
                tryCapture(position..<(position + literal.count), then: step + 1, text, &ranges)
            {
                return true
            }
            var limit = position
            while limit < text.count, !Self.hasLiteral(literal, in: text, at: limit) { limit += 1 }
            for end in stride(from: limit, through: position, by: -1) {
                if tryCapture(position..<end, then: step + 1, text, &ranges) { return true }
            }
            return false
        }
    }

    private func tryCapture(
        _ range: Range<Int>, then step: Int, _ text: UnsafeBufferPointer<UInt8>, _ ranges: inout [Range<Int>]
    ) -> Bool {
        ranges.append(range)
        if matchSteps(from: step, at: range.upperBound, text, &ranges) { return true }
        ranges.removeLast()
        return false
    }

    @inline(__always)
    private static func hasLiteral(_ literal: [UInt8], in text: UnsafeBufferPointer<UInt8>, at position: Int) -> Bool {
        guard position + literal.count <= text.count else { return false }
        for offset in 0..<literal.count where text[position + offset] != literal[offset] { return false }
        return true
    }

    /// Removes a leading `^` and a trailing `$` inside the parentheses, as find-my-way does.
    private static func trimmingAnchors(_ regex: String) -> String {
        var characters = Array(regex)
        if characters.count >= 3, characters[1] == "^" { characters.remove(at: 1) }
        if characters.count >= 3, characters[characters.count - 2] == "$", characters[characters.count - 3] != "\\" {
            characters.remove(at: characters.count - 2)
        }
        return String(characters)
    }

    private static func escaped(_ literal: [UInt8]) -> String {
        var result = ""
        for scalar in String(decoding: literal, as: UTF8.self).unicodeScalars {
            if ".*+?^${}()|[]\\".unicodeScalars.contains(scalar) { result.unicodeScalars.append("\\") }
            result.unicodeScalars.append(scalar)
        }
        return result
    }
}

/// A compiled `Regex` shared between threads.
///
/// `@unchecked Sendable` is safe here: the value is immutable after `init`, and the one
/// piece of internal mutability in `Regex` — the lazily lowered program cached in
/// `Regex.Program` — is published with an atomic compare-and-swap by the standard library
/// (swift-experimental-string-processing, `Regex.Program.loweredProgram`), so concurrent
/// matches at worst compile the program twice and keep one.
struct SharedRegex: @unchecked Sendable {
    let regex: Regex<AnyRegexOutput>
}
