import Kernel

/// Checks JSON rules against a parsed document and explains each mismatch.
///
/// ```swift
/// let problems = JSONShape.check(JSONPathRule(path: try JSONRuleParser.path("progress"), rule: .number(NumberRange(lower: 0, upper: 100))), in: document)
/// problems.isEmpty   // true when progress is a number in 0...100
/// ```
enum JSONShape {
    /// The mismatches of `pathRule` in `document`: one line per value that breaks the rule; empty when it holds.
    static func check(_ pathRule: JSONPathRule, in document: JSONValue) -> [String] {
        var problems: [String] = []
        for (path, value) in resolve(pathRule.path.components[...], in: document, at: "") {
            if let problem = mismatch(pathRule.rule, value) {
                problems.append("\(path.isEmpty ? "$" : path): expected \(pathRule.rule), \(problem)")
            }
        }
        return problems
    }

    /// Why `value` (nil when missing) breaks `rule`, or nil when it holds.
    static func mismatch(_ rule: JSONRule, _ value: JSONValue?) -> String? {
        switch rule {
        case .absent: return value.map { "got \(describe($0))" }
        case .anyOf(let rules):
            return rules.contains { mismatch($0, value) == nil } ? nil : value.map { "got \(describe($0))" } ?? "missing"
        default: break
        }
        guard let value else { return "missing" }
        return holds(rule, value) ? nil : "got \(describe(value))"
    }

    private static func holds(_ rule: JSONRule, _ value: JSONValue) -> Bool {
        switch rule {
        case .equals(let expected): return equivalent(expected, value)
        case .any: return true
        case .absent, .anyOf: return mismatch(rule, value) == nil
        case .boolean: return value.bool != nil
        case .string: return value.string != nil
        case .contains(let needle): return value.string.map { $0.contains(needle) } ?? false
        case .number(let range):
            guard let number = value.number else { return false }
            return range?.contains(number) ?? true
        case .integer(let range):
            guard let number = value.number, number.rounded() == number else { return false }
            return range?.contains(number) ?? true
        case .iso8601: return value.string.map(isISO8601) ?? false
        case .array(let count):
            guard let elements = value.array else { return false }
            return count?.contains(Double(elements.count)) ?? true
        case .object(let keys, let exact):
            guard let object = value.object else { return false }
            guard let keys else { return true }
            guard keys.allSatisfy({ object[$0] != nil }) else { return false }
            return !exact || object.count == Set(keys).count
        case .oneOf(let values): return values.contains { equivalent($0, value) }
        }
    }

    /// Structural equality: numbers by value, objects ignoring key order.
    static func equivalent(_ a: JSONValue, _ b: JSONValue) -> Bool {
        switch (a, b) {
        case (.object(let x), .object(let y)):
            guard x.count == y.count else { return false }
            return x.allSatisfy { key, value in y[key].map { equivalent(value, $0) } ?? false }
        case (.array(let x), .array(let y)):
            return x.count == y.count && zip(x, y).allSatisfy { equivalent($0, $1) }
        default:
            return a == b
        }
    }

    /// Every value the path reaches, with its concrete path; a missing step yields one `nil`.
    private static func resolve(_ components: ArraySlice<JSONPath.Component>, in value: JSONValue?, at path: String) -> [(String, JSONValue?)] {
        guard let component = components.first else { return [(path, value)] }
        let rest = components.dropFirst()
        switch component {
        case .key(let key):
            return resolve(rest, in: value?[key], at: path.isEmpty ? key : path + "." + key)
        case .index(let index):
            let element = value?.array.flatMap { index < $0.count ? $0[index] : nil }
            return resolve(rest, in: element, at: path + "[\(index)]")
        case .each:
            guard let elements = value?.array else { return [(path + "[*]", nil)] }
            return elements.enumerated().flatMap { offset, element in resolve(rest, in: element, at: path + "[\(offset)]") }
        }
    }

    /// The value as compact JSON, shortened past 60 characters.
    static func describe(_ value: JSONValue) -> String {
        let text = value.jsonText
        return text.count > 60 ? String(text.prefix(57)) + "..." : text
    }

    /// Whether `text` is `YYYY-MM-DDTHH:MM:SS(.fraction)?` then `Z` or `±HH:MM`, with a real date and time.
    static func isISO8601(_ text: String) -> Bool {
        let bytes = Array(text.utf8)
        func number(_ start: Int, _ count: Int) -> Int? {
            guard start + count <= bytes.count else { return nil }
            var value = 0
            for byte in bytes[start..<start + count] {
                guard byte >= 0x30, byte <= 0x39 else { return nil }
                value = value * 10 + Int(byte - 0x30)
            }
            return value
        }
        func byte(_ index: Int, is character: Character) -> Bool { index < bytes.count && bytes[index] == character.asciiValue }
        guard let year = number(0, 4), byte(4, is: "-"), let month = number(5, 2), byte(7, is: "-"), let day = number(8, 2),
              byte(10, is: "T"), let hour = number(11, 2), byte(13, is: ":"), let minute = number(14, 2), byte(16, is: ":"),
              let second = number(17, 2) else { return false }
        let leap = year % 4 == 0 && (year % 100 != 0 || year % 400 == 0)
        let days = [31, leap ? 29 : 28, 31, 30, 31, 30, 31, 31, 30, 31, 30, 31]
        guard (1...12).contains(month), (1...days[month - 1]).contains(day), hour < 24, minute < 60, second <= 60 else { return false }
        var index = 19
        if byte(index, is: ".") {
            index += 1
            let digitsStart = index
            while index < bytes.count, number(index, 1) != nil { index += 1 }
            guard index > digitsStart else { return false }
        }
        if byte(index, is: "Z") { return index + 1 == bytes.count }
        guard byte(index, is: "+") || byte(index, is: "-"), let offsetHour = number(index + 1, 2), byte(index + 3, is: ":"),
              let offsetMinute = number(index + 4, 2) else { return false }
        return offsetHour < 24 && offsetMinute < 60 && index + 6 == bytes.count
    }
}
