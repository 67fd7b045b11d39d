/// Parses the body of a ```` ```ws-case ```` block into a ``WebSocketCase``.
///
/// ```text
/// id: SEED-WS-001
/// source: seed §Message Format (Connection Confirmation)
/// url: ws://localhost:3001/api/v1/workflows/EXECUTION_ID/stream
/// header: Origin: http://localhost:3000
/// expect message 1: object
///   type: "connected"
///   timestamp: iso8601
/// expect close: 1000 after 5s ±1s
/// ```
enum WebSocketCaseParser {
    /// Parses the lines between the fences; `opening` is the fence's location.
    static func parse(_ lines: [SpecParser.Line], opening: SpecLocation) throws(SpecParseError) -> WebSocketCase {
        var info = CaseInfoBuilder(opening: opening)
        var url: SpecURL?
        var headers: [(String, String)] = []
        var messages: [MessageExpectation] = []
        var close: Located<CloseExpectation>?
        var interval: Located<TimingRule>?
        var maxInterval: Located<TimingRule>?
        var timeout: Int?
        var inMessage = false
        for line in lines {
            let location = SpecLocation(file: opening.file, line: line.number)
            let trimmed = JSONRuleParser.trim(line.text)
            if trimmed.isEmpty || trimmed.hasPrefix("#") { continue }
            func bad(_ message: String, _ kind: SpecParseError.Kind = .badValue) -> SpecParseError { SpecParseError(kind: kind, location: location, message: message) }
            func syntax<T>(_ body: () throws(SpecSyntaxError) -> T) throws(SpecParseError) -> T {
                do throws(SpecSyntaxError) { return try body() } catch { throw SpecParseError(error, at: location) }
            }
            if line.text.first == " " || line.text.first == "\t" {
                // An indented `path: rule` line belongs to the message expectation above it.
                guard inMessage else { throw bad("indented line outside an 'expect message' group", .unknownDirective) }
                let (pathText, ruleText) = SpecParser.directive(trimmed)
                guard let ruleText else { throw bad("write 'path: rule' under an 'expect message' line") }
                let rule = try syntax { () throws(SpecSyntaxError) in JSONPathRule(path: try JSONRuleParser.path(pathText), rule: try JSONRuleParser.rule(ruleText)) }
                messages[messages.count - 1].rules.append(Located(value: rule, location: location))
                continue
            }
            inMessage = false
            let (head, value) = SpecParser.directive(trimmed)
            if try info.take(head, value, at: location) { continue }
            switch head {
            case "url":
                guard url == nil else { throw bad("'url:' appears twice", .duplicateField) }
                // The value is everything after the first ": ", so a URL's own colons survive.
                let text = JSONRuleParser.trim(trimmed.dropFirst(4))
                let parsed = try syntax { () throws(SpecSyntaxError) in try SpecURL(parsing: text) }
                guard parsed.scheme == "ws" || parsed.scheme == "wss" else { throw bad("a ws-case needs a ws:// or wss:// URL") }
                url = parsed
            case "header":
                let (name, headerValue) = SpecParser.directive(value ?? "")
                guard !name.isEmpty, !name.contains(" "), let headerValue else { throw bad("write 'header: Name: value'") }
                headers.append((name, headerValue))
            case "timeout":
                guard timeout == nil else { throw bad("'timeout:' appears twice", .duplicateField) }
                timeout = try syntax { () throws(SpecSyntaxError) in try JSONRuleParser.duration(value ?? "") }
            case "expect close":
                guard close == nil else { throw bad("'expect close:' appears twice", .duplicateField) }
                close = Located(value: try closeExpectation(value ?? "", at: location), location: location)
            case "expect max-interval":
                guard maxInterval == nil else { throw bad("'expect max-interval:' appears twice", .duplicateField) }
                maxInterval = Located(value: try syntax { () throws(SpecSyntaxError) in try JSONRuleParser.timing((value ?? "") + " ±0s") }, location: location)
            case "expect interval":
                guard interval == nil else { throw bad("'expect interval:' appears twice", .duplicateField) }
                interval = Located(value: try syntax { () throws(SpecSyntaxError) in try JSONRuleParser.timing(value ?? "") }, location: location)
            default:
                guard let selector = try messageSelector(head, at: location) else {
                    throw bad("unknown directive '\(head)'", .unknownDirective)
                }
                var group = MessageExpectation(selector: selector, rules: [], location: location)
                if let value, !value.isEmpty {
                    let rule = try syntax { () throws(SpecSyntaxError) in try JSONRuleParser.rule(value) }
                    group.rules.append(Located(value: JSONPathRule(path: .root, rule: rule), location: location))
                }
                messages.append(group)
                inMessage = true
            }
        }
        let built = try info.build()
        guard let url else { throw SpecParseError(kind: .missingField, location: opening, message: "ws-case \(built.id) has no 'url:'") }
        guard !messages.isEmpty || close != nil else {
            throw SpecParseError(kind: .missingField, location: opening, message: "ws-case \(built.id) has no expectations")
        }
        if let empty = messages.first(where: { $0.rules.isEmpty }) {
            throw SpecParseError(kind: .missingField, location: empty.location, message: "'expect \(empty.selector)' has no rules")
        }
        var parsed = WebSocketCase(info: built, url: url, headers: headers, messages: messages, close: close, interval: interval, timeoutMilliseconds: timeout ?? 30_000)
        parsed.maxInterval = maxInterval
        return parsed
    }

    /// `expect message 3`, `expect messages 2..5`, `expect messages 2..`, `expect last message`; nil for other heads.
    private static func messageSelector(_ head: String, at location: SpecLocation) throws(SpecParseError) -> MessageSelector? {
        let words = head.split(separator: " ").map(String.init)
        func bad() -> SpecParseError { SpecParseError(kind: .badValue, location: location, message: "bad message selector '\(head)'") }
        switch (words.first, words.count > 1 ? words[1] : nil) {
        case ("expect", "last"):
            guard words.count == 3, words[2] == "message" else { throw bad() }
            return .last
        case ("expect", "message"):
            guard words.count == 3, let index = Int(words[2]), index >= 1 else { throw bad() }
            return .index(index)
        case ("expect", "messages"):
            guard words.count == 3, let dots = words[2].firstRange(of: "..") else { throw bad() }
            let from = Int(words[2][..<dots.lowerBound]), upper = words[2][dots.upperBound...]
            guard let from, from >= 1 else { throw bad() }
            if upper.isEmpty { return .range(from: from, through: nil) }
            guard let through = Int(upper), through >= from else { throw bad() }
            return .range(from: from, through: through)
        default:
            return nil
        }
    }

    /// `1000`, `1000 after 5s ±1s`, `any after 5s ±1s`.
    private static func closeExpectation(_ text: String, at location: SpecLocation) throws(SpecParseError) -> CloseExpectation {
        let parts = text.split(separator: " ", maxSplits: 2).map(String.init)
        func bad() -> SpecParseError { SpecParseError(kind: .badValue, location: location, message: "write 'expect close: 1000' or 'expect close: 1000 after 5s ±1s'") }
        guard let codeText = parts.first else { throw bad() }
        var code: Int?
        if codeText != "any" {
            guard let value = Int(codeText), (1000...4999).contains(value) else { throw bad() }
            code = value
        }
        guard parts.count > 1 else { return CloseExpectation(code: code, after: nil) }
        guard parts.count == 3, parts[1] == "after" else { throw bad() }
        do throws(SpecSyntaxError) {
            return CloseExpectation(code: code, after: try JSONRuleParser.timing(parts[2]))
        } catch {
            throw SpecParseError(error, at: location)
        }
    }
}
