import Foundation
import Kernel
import Testing

@Suite("Spec parser: Markdown case blocks and their DSL")
struct SpecParserTests {
    static let good = """
    # Area

    Prose is ignored, and so are other fences:

    ```json
    {"id": "NOT-A-CASE"}
    ```

    ````markdown
    ```case
    id: EXAMPLE-IN-README
    ```
    ````

    ```case
    id: GOOD-HTTP-001
    source: seed §Next Steps 2
    title: the seed's check
    # a comment line
    curl: curl -v -H "Origin: http://localhost:3000" \\
         http://localhost:3001/api/v1/projects 2>&1 | grep -i "access-control"
    expect status: 200
    expect header Access-Control-Allow-Origin: http://localhost:3000
    expect header-contains vary: origin
    expect header-absent x-powered-by
    expect header-present date
    expect body: a: b
    expect body-empty
    expect json: array 1..
    expect json [*].status: in {pending, running}
    ```

    ```ws-case
    id: GOOD-WS-001
    source: seed §Message Format
    fixture: execution E exists
    url: ws://localhost:3001/api/v1/workflows/E/stream
    header: Origin: http://localhost:3000
    timeout: 12s
    expect message 1: object
      type: "connected"
      timestamp: iso8601
    expect messages 2..: object
      progress: number 0..100
    expect messages 2..4: any
    expect last message:
      status: in {completed, failed}
    expect interval: 1s ±0.5s
    expect close: 1000 after 5s +-1s
    ```
    """

    @Test("a good file: two cases with every directive, examples in longer fences ignored")
    func goodFile() throws {
        let cases = try SpecParser.parse(Self.good, file: "good.md")
        #expect(cases.map(\.id) == ["GOOD-HTTP-001", "GOOD-WS-001"])
        guard case .http(let http) = cases[0], case .webSocket(let ws) = cases[1] else { Issue.record("wrong kinds"); return }
        #expect(http.info.location == SpecLocation(file: "good.md", line: 15))
        #expect(http.info.title == "the seed's check")
        #expect(http.curl == "curl -v -H \"Origin: http://localhost:3000\" \\\n     http://localhost:3001/api/v1/projects 2>&1 | grep -i \"access-control\"")
        #expect(http.request.url.target == "/api/v1/projects")
        #expect(http.request.trailer == "| grep -i \"access-control\"")
        #expect(http.expectations.map(\.value) == [
            .status(200),
            .header(name: "Access-Control-Allow-Origin", value: "http://localhost:3000"),
            .headerContains(name: "vary", text: "origin"),
            .headerAbsent(name: "x-powered-by"),
            .headerPresent(name: "date"),
            .body("a: b"),
            .bodyEmpty,
            .json(path: .root, rule: .array(count: NumberRange(lower: 1, upper: nil))),
            .json(path: JSONPath(components: [.each, .key("status")]), rule: .oneOf([.string("pending"), .string("running")])),
        ])
        #expect(http.expectations.map(\.location.line) == Array(22...30))
        #expect(ws.url.hostHeader == "localhost:3001")
        #expect(ws.headers.map { "\($0.0)=\($0.1)" } == ["Origin=http://localhost:3000"])
        #expect(ws.timeoutMilliseconds == 12_000)
        #expect(ws.info.fixture == "execution E exists")
        #expect(ws.messages.map(\.selector) == [.index(1), .range(from: 2, through: nil), .range(from: 2, through: 4), .last])
        #expect(ws.messages[0].rules.map(\.value.rule) == [.object(keys: nil, exact: false), .equals(.string("connected")), .iso8601])
        #expect(ws.messages[0].rules.map(\.location.line) == [40, 41, 42])
        #expect(ws.messages[3].rules.map(\.value.path.description) == ["status"])
        #expect(ws.interval?.value == TimingRule(milliseconds: 1000, toleranceMilliseconds: 500))
        #expect(ws.close?.value == CloseExpectation(code: 1000, after: TimingRule(milliseconds: 5000, toleranceMilliseconds: 1000)))
    }

    @Test("CRLF line endings parse to the same cases and lines")
    func crlf() throws {
        let lf = try SpecParser.parse(Self.good, file: "f.md")
        let crlf = try SpecParser.parse(Self.good.split(separator: "\n", omittingEmptySubsequences: false).joined(separator: "\r\n"), file: "f.md")
        #expect(crlf.map(\.id) == lf.map(\.id))
        #expect(crlf.map(\.info.location) == lf.map(\.info.location))
        guard case .http(let a) = lf[0], case .http(let b) = crlf[0] else { Issue.record("wrong kinds"); return }
        #expect(a.expectations.map(\.value) == b.expectations.map(\.value))
        #expect(a.request.headers.map(\.1) == b.request.headers.map(\.1))
    }

    /// A malformed file, the line its error must name, and the kind.
    struct Malformed: Sendable, CustomStringConvertible {
        var name: String
        var text: String
        var line: Int
        var kind: SpecParseError.Kind
        var description: String { name }
    }

    static let header = "prose\n\n```case\nid: BAD-001\nsource: test\n"   // the fence is line 3
    static let wsHeader = "```ws-case\nid: BAD-WS-001\nsource: test\nurl: ws://h:1/x\n"

    static let malformed: [Malformed] = [
        .init(name: "unterminated block", text: header + "curl: curl http://h/\nexpect status: 200\n", line: 3, kind: .unterminatedBlock),
        .init(name: "missing id", text: "```case\nsource: s\ncurl: curl http://h/\nexpect status: 200\n```", line: 1, kind: .missingField),
        .init(name: "missing source", text: "```case\nid: A-1\ncurl: curl http://h/\nexpect status: 200\n```", line: 1, kind: .missingField),
        .init(name: "missing curl", text: header + "expect status: 200\n```", line: 3, kind: .missingField),
        .init(name: "no expectations", text: header + "curl: curl http://h/\n```", line: 3, kind: .missingField),
        .init(name: "bad id", text: "```case\nid: lower-case\n```", line: 2, kind: .badID),
        .init(name: "duplicate id", text: header + "curl: curl http://h/\nexpect status: 200\n```\n\n" + header + "curl: curl http://h/\nexpect status: 200\n```", line: 12, kind: .badID),
        .init(name: "duplicate source", text: header + "source: again\n```", line: 6, kind: .duplicateField),
        .init(name: "unknown directive", text: header + "curl: curl http://h/\nexpekt status: 200\n```", line: 7, kind: .unknownDirective),
        .init(name: "unknown expect", text: header + "curl: curl http://h/\nexpect colour: red\n```", line: 7, kind: .unknownDirective),
        .init(name: "bad status", text: header + "curl: curl http://h/\nexpect status: 2000\n```", line: 7, kind: .badValue),
        .init(name: "header without value", text: header + "curl: curl http://h/\nexpect header vary\n```", line: 7, kind: .badValue),
        .init(name: "header-absent with a value", text: header + "curl: curl http://h/\nexpect header-absent vary: x\n```", line: 7, kind: .badValue),
        .init(name: "unknown rule word", text: header + "curl: curl http://h/\nexpect json type: connected\n```", line: 7, kind: .badValue),
        .init(name: "bad range", text: header + "curl: curl http://h/\nexpect json progress: number 100..0\n```", line: 7, kind: .badValue),
        .init(name: "bad path", text: header + "curl: curl http://h/\nexpect json a[x]: any\n```", line: 7, kind: .badValue),
        .init(name: "unterminated enum", text: header + "curl: curl http://h/\nexpect json s: in {a, b\n```", line: 7, kind: .badValue),
        .init(name: "bad curl option on a continuation line", text: header + "curl: curl -s \\\n  --frobnicate http://h/\nexpect status: 200\n```", line: 7, kind: .badCurl),
        .init(name: "unterminated quote in curl", text: header + "curl: curl -H 'a: b http://h/\nexpect status: 200\n```", line: 6, kind: .badCurl),
        .init(name: "continuation at block end", text: header + "curl: curl http://h/ \\\n```", line: 6, kind: .badCurl),
        .init(name: "ws: http url", text: "```ws-case\nid: W-1\nsource: s\nurl: http://h/x\n```", line: 4, kind: .badValue),
        .init(name: "ws: indented rule outside a message", text: wsHeader + "  type: \"x\"\n```", line: 5, kind: .unknownDirective),
        .init(name: "ws: message without rules", text: wsHeader + "expect message 1:\nexpect close: 1000\n```", line: 5, kind: .missingField),
        .init(name: "ws: message 0", text: wsHeader + "expect message 0: any\n```", line: 5, kind: .badValue),
        .init(name: "ws: bad close timing", text: wsHeader + "expect close: 1000 after 5 seconds\n```", line: 5, kind: .badValue),
        .init(name: "ws: bad close code", text: wsHeader + "expect close: 99\n```", line: 5, kind: .badValue),
        .init(name: "ws: bad rule under a message", text: wsHeader + "expect message 1: object\n  progress: number 0..x\n```", line: 6, kind: .badValue),
        .init(name: "ws: curl in a ws-case", text: wsHeader + "curl: curl http://h/\n```", line: 5, kind: .unknownDirective),
        .init(name: "ws: missing url", text: "```ws-case\nid: W-1\nsource: s\nexpect close: 1000\n```", line: 1, kind: .missingField),
    ]

    @Test("each malformed construct is an error at its file:line", arguments: malformed)
    func malformedFile(_ sample: Malformed) {
        do {
            let cases = try SpecParser.parse(sample.text, file: "bad.md")
            Issue.record("parsed \(cases.count) cases, expected an error")
        } catch {
            #expect(error.location == SpecLocation(file: "bad.md", line: sample.line), "\(error)")
            #expect(error.kind == sample.kind, "\(error)")
            #expect(error.description.hasPrefix("bad.md:\(sample.line): "))
        }
    }

    @Test("every prefix of a good file, and every line-prefix of the real spec files, parses or fails with a location")
    func prefixesNeverTrap() throws {
        var texts = (0...Self.good.count).map { String(Self.good.prefix($0)) }
        for name in try SpecLoader.fileNames() {
            let lines = try String(contentsOfFile: SpecLoader.directory + "/" + name, encoding: .utf8).split(separator: "\n", omittingEmptySubsequences: false)
            texts += (0...lines.count).map { lines.prefix($0).joined(separator: "\n") }
        }
        for text in texts {
            do { _ = try SpecParser.parse(text, file: "p.md") } catch {
                #expect(error.location.file == "p.md" && error.location.line >= 1 && !error.message.isEmpty)
            }
        }
    }

    @Test("IDs: letters, digits and single dashes, starting with an upper-case letter")
    func idSyntax() {
        for good in ["SEED-CORS-001", "A", "KERNEL-HEAD-1"] { #expect(SpecParser.isValidID(good), "\(good)") }
        for bad in ["", "seed-1", "1-A", "A--B", "A-", "A_B", "A B", "É-1"] { #expect(!SpecParser.isValidID(bad), "\(bad)") }
    }

    @Test("duplicate IDs across files are an error at the second one")
    func duplicatesAcrossFiles() throws {
        let a = try SpecParser.parse("```case\nid: X-1\nsource: s\ncurl: curl http://h/\nexpect status: 200\n```", file: "a.md")
        let b = try SpecParser.parse("\n\n```case\nid: X-1\nsource: s\ncurl: curl http://h/\nexpect status: 200\n```", file: "b.md")
        #expect(throws: SpecParseError(kind: .badID, location: SpecLocation(file: "b.md", line: 3), message: "duplicate id X-1 (first at a.md:1)")) {
            try SpecLoader.checkUniqueIDs(a + b)
        }
    }
}
