/// Parses the body of a ```` ```case ```` block into an ``HTTPCase``.
///
/// ```text
/// id: KERNEL-404-001
/// source: fastify test/404s.test.js
/// curl: curl -s http://localhost:8080/nope
/// expect status: 404
/// expect header content-type: application/json; charset=utf-8
/// expect json message: "Route GET:/nope not found"
/// ```
enum HTTPCaseParser {
    /// Parses the lines between the fences; `opening` is the fence's location.
    static func parse(_ lines: [SpecParser.Line], opening: SpecLocation) throws(SpecParseError) -> HTTPCase {
        var info = CaseInfoBuilder(opening: opening)
        var curl: (text: String, location: SpecLocation)?
        var expectations: [Located<HTTPExpectation>] = []
        var index = 0
        while index < lines.count {
            let line = lines[index]
            index += 1
            let location = SpecLocation(file: opening.file, line: line.number)
            let trimmed = JSONRuleParser.trim(line.text)
            if trimmed.isEmpty || trimmed.hasPrefix("#") { continue }
            let (head, value) = SpecParser.directive(trimmed)
            if try info.take(head, value, at: location) { continue }
            if head == "curl" {
                guard curl == nil else { throw SpecParseError(kind: .duplicateField, location: location, message: "'curl:' appears twice") }
                var text = value ?? ""
                // A line ending in an odd number of backslashes continues on the next one, verbatim.
                while endsWithContinuation(text) {
                    guard index < lines.count else { throw SpecParseError(kind: .badCurl, location: location, message: "curl command ends with '\\' but the block ends") }
                    text += "\n" + lines[index].text
                    index += 1
                }
                curl = (text, location)
                continue
            }
            guard head.hasPrefix("expect ") else {
                throw SpecParseError(kind: .unknownDirective, location: location, message: "unknown directive '\(head)'")
            }
            expectations.append(Located(value: try expectation(head, value, at: location), location: location))
        }
        let built = try info.build()
        guard let curl else { throw SpecParseError(kind: .missingField, location: opening, message: "case \(built.id) has no 'curl:'") }
        guard !expectations.isEmpty else { throw SpecParseError(kind: .missingField, location: opening, message: "case \(built.id) has no expectations") }
        let request: CurlCommand
        do { request = try CurlCommand(parsing: curl.text) } catch { throw SpecParseError(error, kind: .badCurl, at: curl.location) }
        return HTTPCase(info: built, curl: curl.text, request: request, expectations: expectations)
    }

    private static func expectation(_ head: String, _ value: String?, at location: SpecLocation) throws(SpecParseError) -> HTTPExpectation {
        let words = head.split(separator: " ", maxSplits: 2).map(String.init)
        let kind = words.count > 1 ? words[1] : ""
        let argument = words.count > 2 ? JSONRuleParser.trim(words[2]) : ""
        func bad(_ message: String) -> SpecParseError { SpecParseError(kind: .badValue, location: location, message: message) }
        func needValue() throws(SpecParseError) -> String {
            guard let value else { throw bad("'\(head)' needs ': value'") }
            return value
        }
        func needName() throws(SpecParseError) -> String {
            guard !argument.isEmpty, !argument.contains(" ") else { throw bad("'expect \(kind)' needs one header name") }
            return argument
        }
        switch kind {
        case "status":
            guard argument.isEmpty else { throw bad("write 'expect status: 200'") }
            guard let code = Int(try needValue()), (100...599).contains(code) else { throw bad("status must be 100...599, got '\(value ?? "")'") }
            return .status(code)
        case "header":
            return .header(name: try needName(), value: try needValue())
        case "header-contains":
            let text = try needValue()
            guard !text.isEmpty else { throw bad("'expect header-contains' needs a non-empty value") }
            return .headerContains(name: try needName(), text: text)
        case "header-absent", "header-present":
            guard value == nil else { throw bad("write 'expect \(kind) Name' without a colon") }
            return kind == "header-absent" ? .headerAbsent(name: try needName()) : .headerPresent(name: try needName())
        case "body":
            guard argument.isEmpty, let value else { throw bad("write 'expect body: text'") }
            return .body(value)
        case "body-empty":
            guard argument.isEmpty, value == nil else { throw bad("write 'expect body-empty' alone") }
            return .bodyEmpty
        case "json":
            let ruleText = try needValue()
            do throws(SpecSyntaxError) {
                return .json(path: try JSONRuleParser.path(argument), rule: try JSONRuleParser.rule(ruleText))
            } catch {
                throw SpecParseError(error, at: location)
            }
        default:
            throw SpecParseError(kind: .unknownDirective, location: location, message: "unknown directive '\(head)'")
        }
    }

    /// Whether the text ends with an odd number of backslashes.
    static func endsWithContinuation(_ text: String) -> Bool {
        var count = 0
        for character in text.reversed() { if character == "\\" { count += 1 } else { break } }
        return count % 2 == 1
    }
}
