/// A curl command line turned into the request curl would send.
///
/// Understood: `-X/--request`, `-H/--header`, `-d/--data`, `--data-ascii`, `--data-binary`, `--data-raw`,
/// `--json`, `-u/--user`, `-I/--head`, `-G/--get`, `-A/--user-agent`, `--url`, and the URL itself.
/// Ignored: `-v -i -s -S -k` (and their long forms), `-o -w -m --connect-timeout` with their values.
/// Anything else is an error, so a spec never silently means something else than it says.
///
/// ```swift
/// let curl = try CurlCommand(parsing: #"curl -u ada:pw --json '{"a":1}' http://localhost:3001/x?y=1"#)
/// curl.method        // "POST"
/// curl.url.target    // "/x?y=1"
/// curl.headers       // host, authorization: Basic …, user-agent, accept: application/json, content-type: application/json
/// ```
struct CurlCommand: Sendable {
    /// The user agent sent when the command gives none.
    static let defaultUserAgent = "curl/8.7.1"

    /// The method curl would use.
    var method: String
    /// The URL.
    var url: SpecURL
    /// The header fields curl would send, in order, Host first (`Content-Length` is left to the transport).
    var headers: [(String, String)]
    /// The body, when the command sends one.
    var body: [UInt8]?
    /// Options that were accepted but do not change the request, e.g. `-v`.
    var ignoredOptions: [String]
    /// Shell text after a pipe or list operator, e.g. `| grep -i "access-control"`.
    var trailer: String?

    /// The first value of the header `name`, compared case-insensitively.
    func header(_ name: String) -> String? { headers.first { $0.0.lowercased() == name.lowercased() }?.1 }

    private enum Option {
        case method, header, data(raw: Bool), json, user, head, get, url, userAgent, flag, ignoredWithValue
        var takesValue: Bool {
            switch self {
            case .head, .get, .flag: false
            default: true
            }
        }
    }

    private static let longOptions: [String: Option] = [
        "--request": .method, "--header": .header, "--data": .data(raw: false), "--data-ascii": .data(raw: false),
        "--data-binary": .data(raw: false), "--data-raw": .data(raw: true), "--json": .json, "--user": .user,
        "--head": .head, "--get": .get, "--url": .url, "--user-agent": .userAgent,
        "--verbose": .flag, "--include": .flag, "--silent": .flag, "--show-error": .flag, "--insecure": .flag,
        "--no-progress-meter": .flag, "--output": .ignoredWithValue, "--write-out": .ignoredWithValue,
        "--max-time": .ignoredWithValue, "--connect-timeout": .ignoredWithValue,
    ]

    private static let shortOptions: [Character: Option] = [
        "X": .method, "H": .header, "d": .data(raw: false), "u": .user, "I": .head, "G": .get, "A": .userAgent,
        "v": .flag, "i": .flag, "s": .flag, "S": .flag, "k": .flag, "o": .ignoredWithValue, "w": .ignoredWithValue,
        "m": .ignoredWithValue,
    ]

    /// Parses a command line that starts with `curl`; line continuations and quoting follow the shell.
    init(parsing command: String) throws(SpecSyntaxError) {
        let split = try CurlTokenizer.split(command)
        var words = split.words[...]
        guard words.first?.text == "curl" else {
            throw SpecSyntaxError(message: "the command must start with 'curl'", lineOffset: words.first?.lineOffset ?? 0)
        }
        words = words.dropFirst()
        var builder = Builder()
        var optionsEnded = false
        while let word = words.popFirst() {
            func value(for name: String, attached: Substring) throws(SpecSyntaxError) -> String {
                if !attached.isEmpty { return String(attached) }
                guard let next = words.popFirst() else { throw SpecSyntaxError(message: "option \(name) needs a value", lineOffset: word.lineOffset) }
                return next.text
            }
            let text = word.text
            if optionsEnded || !text.hasPrefix("-") || text == "-" {
                builder.urls.append(word)
            } else if text == "--" {
                optionsEnded = true
            } else if text.hasPrefix("--") {
                guard let option = Self.longOptions[text] else { throw SpecSyntaxError(message: "unsupported curl option \(text)", lineOffset: word.lineOffset) }
                let argument = option.takesValue ? try value(for: text, attached: "") : nil
                try builder.apply(option, name: text, argument, at: word)
            } else {
                var rest = text.dropFirst()
                while let letter = rest.first {
                    rest = rest.dropFirst()
                    guard let option = Self.shortOptions[letter] else { throw SpecSyntaxError(message: "unsupported curl option -\(letter)", lineOffset: word.lineOffset) }
                    if option.takesValue {
                        try builder.apply(option, name: "-\(letter)", try value(for: "-\(letter)", attached: rest), at: word)
                        break
                    }
                    try builder.apply(option, name: "-\(letter)", nil, at: word)
                }
            }
        }
        self = try builder.build(trailer: split.trailer)
    }

    fileprivate init(method: String, url: SpecURL, headers: [(String, String)], body: [UInt8]?, ignoredOptions: [String], trailer: String?) {
        self.method = method
        self.url = url
        self.headers = headers
        self.body = body
        self.ignoredOptions = ignoredOptions
        self.trailer = trailer
    }

    /// Collects options, then applies curl's defaults.
    private struct Builder {
        var method: String?
        var head = false
        var get = false
        var data: [String] = []
        var json: [String] = []
        var user: String?
        var userAgent: String?
        var urls: [CurlTokenizer.Word] = []
        var custom: [(name: String, value: String?)] = []
        var ignored: [String] = []

        mutating func apply(_ option: Option, name: String, _ value: String?, at word: CurlTokenizer.Word) throws(SpecSyntaxError) {
            let value = value ?? ""
            switch option {
            case .method: method = value
            case .head: head = true
            case .get: get = true
            case .user: user = value
            case .userAgent: userAgent = value
            case .url: urls.append(CurlTokenizer.Word(text: value, lineOffset: word.lineOffset))
            case .flag: ignored.append(name)
            case .ignoredWithValue: ignored.append("\(name) \(value)")
            case .data(let raw):
                if !raw, value.hasPrefix("@") { throw SpecSyntaxError(message: "\(name) @file is not supported; write the data inline", lineOffset: word.lineOffset) }
                data.append(value)
            case .json:
                if value.hasPrefix("@") { throw SpecSyntaxError(message: "--json @file is not supported; write the JSON inline", lineOffset: word.lineOffset) }
                json.append(value)
            case .header:
                if let colon = value.firstIndex(of: ":") {
                    let headerValue = JSONRuleParser.trim(value[value.index(after: colon)...])
                    custom.append((JSONRuleParser.trim(value[..<colon]), headerValue.isEmpty ? nil : headerValue))
                } else if value.hasSuffix(";") {
                    custom.append((JSONRuleParser.trim(value.dropLast()), ""))
                } else {
                    throw SpecSyntaxError(message: "header '\(value)' has no ':'", lineOffset: word.lineOffset)
                }
                if custom.last?.name.isEmpty == true { throw SpecSyntaxError(message: "header '\(value)' has no name", lineOffset: word.lineOffset) }
            }
        }

        func build(trailer: String?) throws(SpecSyntaxError) -> CurlCommand {
            guard let urlWord = urls.first else { throw SpecSyntaxError(message: "the command has no URL") }
            guard urls.count == 1 else { throw SpecSyntaxError(message: "more than one URL: \(urls.map(\.text).joined(separator: " "))", lineOffset: urls[1].lineOffset) }
            var url: SpecURL
            do { url = try SpecURL(parsing: urlWord.text) } catch { throw SpecSyntaxError(message: error.message, lineOffset: urlWord.lineOffset) }
            guard url.scheme == "http" || url.scheme == "https" else { throw SpecSyntaxError(message: "curl cases need an http(s) URL", lineOffset: urlWord.lineOffset) }
            guard data.isEmpty || json.isEmpty else { throw SpecSyntaxError(message: "mixing --json with -d is not supported") }
            var body: [UInt8]? = json.isEmpty ? (data.isEmpty ? nil : Array(data.joined(separator: "&").utf8)) : Array(json.joined().utf8)
            if get, let query = body {
                let text = String(decoding: query, as: UTF8.self)
                url.query = url.query.map { $0 + "&" + text } ?? text
                body = nil
            }
            var headers: [(String, String)] = [("Host", url.hostHeader)]
            if let user {
                guard user.contains(":") else { throw SpecSyntaxError(message: "-u needs user:password (curl would prompt)") }
                headers.append(("Authorization", "Basic " + CurlCommand.base64(Array(user.utf8))))
            }
            headers.append(("User-Agent", userAgent ?? CurlCommand.defaultUserAgent))
            headers.append(("Accept", json.isEmpty ? "*/*" : "application/json"))
            if body != nil { headers.append(("Content-Type", json.isEmpty ? "application/x-www-form-urlencoded" : "application/json")) }
            // A custom header replaces (or, with no value, removes) one curl would add itself; others append.
            let defaultNames = Set(headers.map { $0.0.lowercased() })
            for (name, value) in custom {
                let existing = defaultNames.contains(name.lowercased()) ? headers.firstIndex { $0.0.lowercased() == name.lowercased() } : nil
                switch (existing, value) {
                case (let index?, let value?): headers[index] = (name, value)
                case (let index?, nil): headers.remove(at: index)
                case (nil, let value?): headers.append((name, value))
                case (nil, nil): break
                }
            }
            let resolvedMethod = method ?? (head ? "HEAD" : body != nil ? "POST" : "GET")
            return CurlCommand(method: resolvedMethod, url: url, headers: headers, body: body, ignoredOptions: ignored, trailer: trailer)
        }
    }
}

extension CurlCommand {
/// Standard Base64 with padding (RFC 4648 §4), for `-u user:password`.
static func base64(_ bytes: [UInt8]) -> String {
    let alphabet = Array("ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz0123456789+/".utf8)
    var output: [UInt8] = []
    var index = 0
    while index < bytes.count {
        let chunk = Array(bytes[index..<min(index + 3, bytes.count)])
        let value = chunk.enumerated().reduce(0) { $0 | Int($1.element) << (16 - 8 * $1.offset) }
        for position in 0..<4 {
            output.append(position <= chunk.count ? alphabet[(value >> (18 - 6 * position)) & 63] : UInt8(ascii: "="))
        }
        index += 3
    }
    return String(decoding: output, as: UTF8.self)
}
}
