import Kernel
import Testing

@Suite("JSON shape rules: parsing and evaluation")
struct JSONShapeTests {
    static let update = #"{"type":"execution-update","executionId":"e1","status":"running","progress":50,"currentStep":"step-1","stepsExecuted":3,"totalSteps":6,"result":null,"error":null,"timestamp":"2025-12-04T10:20:30.123Z","executions":[{"id":"a","status":"running"},{"id":"b","status":"done"}]}"#

    private func problems(_ path: String, _ rule: String, in json: String = update) throws -> [String] {
        let document = try JSONValue(parsing: Array(json.utf8))
        return JSONShape.check(JSONPathRule(path: try JSONRuleParser.path(path), rule: try JSONRuleParser.rule(rule)), in: document)
    }

    @Test("rules that hold", arguments: [
        ("type", #""execution-update""#), ("progress", "number 0..100"), ("progress", "integer 50..50"), ("progress", "50"),
        ("progress", "50.0"), ("status", "in {pending, running, completed, failed, cancelled}"), ("status", "∈ {running}"),
        ("currentStep", "string"), ("currentStep", "string | null"), ("result", "null"), ("result", "any"), ("missing", "absent"),
        ("missing", "string | absent"), ("timestamp", "iso8601"), ("timestamp", #"contains "T10:""#), ("executions", "array 2..2"),
        ("executions", "array 1.."), ("executions[0].id", #""a""#), ("executions[*].id", "string"), ("executions[1]", "object {id, status}"),
        ("$", "object {type, status, ...}"), ("", "object"), ("executions[5]", "absent"), ("executions[0]", #"{"status":"running","id":"a"}"#),
    ])
    func holds(_ path: String, _ rule: String) throws {
        #expect(try problems(path, rule) == [])
    }

    @Test("rules that fail, with the message naming path, rule and value", arguments: [
        ("type", #""connected""#, #"type: expected "connected", got "execution-update""#),
        ("progress", "number 0..10", "progress: expected number 0..10, got 50"),
        ("progress", "string", "progress: expected string, got 50"),
        ("status", "in {pending, completed}", #"status: expected in {pending, completed}, got "running""#),
        ("missing", "string", "missing: expected string, missing"),
        ("missing", "string | null", "missing: expected string | null, missing"),
        ("result", "absent", "result: expected absent, got null"),
        ("executions[*].status", "in {running}", #"executions[1].status: expected in {running}, got "done""#),
        ("executions[1]", "object {id}", #"executions[1]: expected object {id}, got {"id":"b","status":"done"}"#),
        ("executions", "array ..1", "executions: expected array ..1, got [{\"id\":\"a\",\"status\":\"running\"},{\"id\":\"b\",\"status\":\"done\"}]"),
        ("type", "iso8601", #"type: expected iso8601, got "execution-update""#),
        ("stepsExecuted", "boolean", "stepsExecuted: expected boolean, got 3"),
    ])
    func fails(_ path: String, _ rule: String, _ message: String) throws {
        #expect(try problems(path, rule) == [message])
    }

    @Test("integer rejects fractions; numbers compare by value; objects ignore key order")
    func numbers() throws {
        #expect(try problems("x", "integer", in: #"{"x":1.5}"#).count == 1)
        #expect(try problems("x", "1", in: #"{"x":1.0}"#).isEmpty)
        #expect(try problems("", #"{"b":1,"a":[true]}"#, in: #"{"a":[true],"b":1}"#).isEmpty)
        #expect(try problems("", #"{"b":1}"#, in: #"{"a":[true],"b":1}"#).count == 1)
        #expect(try problems("[*]", "string", in: "[]").isEmpty)
        #expect(try problems("[*]", "string", in: "{}") == ["[*]: expected string, missing"])
    }

    @Test("ISO 8601: date-time with optional fraction, Z or ±HH:MM, real calendar values")
    func iso8601() {
        for good in ["2025-12-04T10:20:30Z", "2025-12-04T10:20:30.1Z", "2025-12-04T10:20:30.123456Z", "2024-02-29T00:00:00+05:30", "2025-12-31T23:59:60-00:00"] {
            #expect(JSONShape.isISO8601(good), "\(good)")
        }
        for bad in ["2025-12-04", "2025-12-04T10:20:30", "2025-12-04 10:20:30Z", "2025-13-04T10:20:30Z", "2025-02-29T10:20:30Z",
                    "2025-12-04T24:00:00Z", "2025-12-04T10:60:30Z", "2025-12-04T10:20:30.Z", "2025-12-04T10:20:30Zx", "2025-12-04T10:20:30+0530",
                    "25-12-04T10:20:30Z", "2025-12-04T10:20:30z", "2025-12-00T10:20:30Z", "…"] {
            #expect(!JSONShape.isISO8601(bad), "\(bad)")
        }
    }

    @Test("rule syntax errors", arguments: ["connected", "number 5..1", "number x..", "number ..", "in {a,,b}", "in a, b", "object {a b}", "string x",
                                            #""open"#, "contains open", "", "any | ", "{a:1}", "array 1"])
    func syntaxErrors(_ text: String) {
        #expect(throws: SpecSyntaxError.self, "\(text)") { try JSONRuleParser.rule(text) }
    }

    @Test("paths and durations", arguments: ["a.", "a..b", "a[", "a[-1]", "a[x]", "a b", ".", "a.[0]x"])
    func pathErrors(_ text: String) {
        #expect(throws: SpecSyntaxError.self, "\(text)") { try JSONRuleParser.path(text) }
    }

    @Test("durations and timing windows")
    func durations() throws {
        #expect(try JSONRuleParser.duration("5s") == 5000)
        #expect(try JSONRuleParser.duration("1.5s") == 1500)
        #expect(try JSONRuleParser.duration("250ms") == 250)
        #expect(try JSONRuleParser.timing("5s ±1s") == TimingRule(milliseconds: 5000, toleranceMilliseconds: 1000))
        #expect(try JSONRuleParser.timing("2s +- 500ms") == TimingRule(milliseconds: 2000, toleranceMilliseconds: 500))
        #expect(TimingRule(milliseconds: 5000, toleranceMilliseconds: 1000).accepts(milliseconds: 6000))
        #expect(!TimingRule(milliseconds: 5000, toleranceMilliseconds: 1000).accepts(milliseconds: 3999))
        for bad in ["5", "s", "-1s", "5 seconds", "5m"] { #expect(throws: SpecSyntaxError.self, "\(bad)") { try JSONRuleParser.duration(bad) } }
    }
}
