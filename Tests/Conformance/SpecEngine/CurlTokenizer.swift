/// Splits a shell command line into words the way a POSIX shell would, for the subset specs use.
///
/// Supported: single quotes, double quotes (with `\` escaping `"`, `\`, `$` and `` ` ``), backslash
/// escapes, `\`-newline continuations, and `#` comments. Redirections (`2>&1`, `> out`, `2>/dev/null`)
/// are dropped; the first unquoted `|`, `;` or `&` ends the command and the rest is kept as ``trailer``.
/// `$` expansions and backquotes are rejected, because a spec must not depend on the environment.
///
/// ```swift
/// let words = try CurlTokenizer.split("curl -H \"A: b\" \\\n  http://x/ 2>&1 | grep a")
/// words.words.map(\.text)   // ["curl", "-H", "A: b", "http://x/"]
/// words.trailer             // "| grep a"
/// ```
struct CurlTokenizer {
    /// One word, with the line (0-based, relative to the command's first line) where it starts.
    struct Word: Sendable, Equatable {
        /// The word after quote removal.
        var text: String
        /// Lines below the first where the word starts.
        var lineOffset: Int
    }

    /// The result: the command's words and what followed a pipe or list operator.
    struct Result: Sendable, Equatable {
        /// The words of the first simple command.
        var words: [Word]
        /// The rest of the line from the first `|`, `;` or `&`, trimmed; ignored by replays.
        var trailer: String?
    }

    private let characters: [Character]
    private var index = 0
    private var line = 0
    private var words: [Word] = []
    private var current = ""
    private var inWord = false
    private var quoted = false
    private var wordLine = 0
    private var dropNextWord = false

    /// Splits `command` (lines separated by `\n`).
    static func split(_ command: String) throws(SpecSyntaxError) -> Result {
        var tokenizer = CurlTokenizer(characters: Array(command.replacing("\r\n", with: "\n")))
        return try tokenizer.run()
    }

    private init(characters: [Character]) { self.characters = characters }

    private mutating func run() throws(SpecSyntaxError) -> Result {
        while index < characters.count {
            let character = characters[index]
            switch character {
            case "\\":
                guard index + 1 < characters.count else { throw fail("trailing backslash at the end of the command") }
                if characters[index + 1] == "\n" { index += 2; line += 1; continue }
                startWord(); current.append(characters[index + 1]); index += 2
            case "'":
                startWord(); quoted = true
                let opening = line
                index += 1
                while index < characters.count, characters[index] != "'" {
                    if characters[index] == "\n" { line += 1 }
                    current.append(characters[index]); index += 1
                }
                guard index < characters.count else { throw SpecSyntaxError(message: "unterminated single quote", lineOffset: opening) }
                index += 1
            case "\"":
                startWord(); quoted = true
                try readDoubleQuoted()
            case " ", "\t", "\n", "\r":
                try endWord()
                if character == "\n" { line += 1 }
                index += 1
            case "$", "`":
                throw fail("shell expansion '\(character)' is not supported; write the value literally")
            case "#" where !inWord:
                while index < characters.count, characters[index] != "\n" { index += 1 }
            case "|", ";", "&":
                try endWord()
                let rest = String(characters[index...])
                return try finish(trailer: JSONRuleParser.trim(rest.replacingBackslashNewlines()))
            case "<", ">":
                try redirection()
            default:
                startWord(); current.append(character); index += 1
            }
        }
        try endWord()
        return try finish(trailer: nil)
    }

    private mutating func finish(trailer: String?) throws(SpecSyntaxError) -> Result {
        guard !dropNextWord else { throw fail("redirection without a target") }
        return Result(words: words, trailer: trailer)
    }

    private mutating func readDoubleQuoted() throws(SpecSyntaxError) {
        let opening = line
        index += 1
        while index < characters.count {
            let character = characters[index]
            switch character {
            case "\"":
                index += 1
                return
            case "\\" where index + 1 < characters.count:
                let next = characters[index + 1]
                if next == "\n" { line += 1 } else if "\"\\$`".contains(next) { current.append(next) } else { current.append("\\"); current.append(next) }
                index += 2
            case "$", "`":
                throw fail("shell expansion '\(character)' inside double quotes is not supported; use single quotes")
            default:
                if character == "\n" { line += 1 }
                current.append(character); index += 1
            }
        }
        throw SpecSyntaxError(message: "unterminated double quote", lineOffset: opening)
    }

    /// `[n]>`, `[n]>>`, `[n]<`, optionally followed by `&n` / `&-`, else by a target word.
    private mutating func redirection() throws(SpecSyntaxError) {
        if inWord, !quoted, current.allSatisfy(\.isNumber) {
            inWord = false; current = ""
        } else {
            try endWord()
        }
        let operatorCharacter = characters[index]
        index += 1
        if operatorCharacter == ">", index < characters.count, characters[index] == ">" { index += 1 }
        if index < characters.count, characters[index] == "&" {
            index += 1
            let start = index
            while index < characters.count, characters[index].isNumber || characters[index] == "-" { index += 1 }
            guard index > start else { throw fail("bad redirection '&' without a descriptor") }
        } else {
            dropNextWord = true
        }
    }

    private mutating func startWord() {
        guard !inWord else { return }
        inWord = true
        quoted = false
        wordLine = line
    }

    private mutating func endWord() throws(SpecSyntaxError) {
        guard inWord else { return }
        if dropNextWord {
            dropNextWord = false
        } else {
            words.append(Word(text: current, lineOffset: wordLine))
        }
        current = ""
        inWord = false
    }

    private func fail(_ message: String) -> SpecSyntaxError { SpecSyntaxError(message: message, lineOffset: line) }
}

extension String {
    /// The text with `\`-newline continuations removed (for echoing a multi-line command on one line).
    func replacingBackslashNewlines() -> String {
        var result = "", pending = false
        for character in self {
            if pending {
                pending = false
                if character == "\n" { continue }
                result.append("\\")
            }
            if character == "\\" { pending = true } else { result.append(character) }
        }
        if pending { result.append("\\") }
        return result
    }
}
