import Testing

@testable import Kernel

@Suite("Router: percent-decoding, bad URLs, parameter length")
struct RouterDecodingTests {
    @Test("a request's path ends at the first ? or #, whatever comes before it")
    func pathEndsAtQueryOrFragment() {
        let cases: [(url: String, path: Substring)] = [
            ("/plain", "/plain"), ("/a?x=1#f", "/a"), ("/a#f?x=1", "/a"), ("/café/ü?q=é", "/café/ü"), ("?", ""), ("/é#", "/é"),
        ]
        for (url, path) in cases {
            #expect(Request(id: "1", method: .get, url: url).path == path, "\(url)")
        }
    }

    @Test("parameters are percent-decoded as UTF-8")
    func parameterDecoding() throws {
        let table = try makeTable(["/hello/:name", "/near/:lat-:lng"])
        expectMatch(table, "/hello/caf%C3%A9", "/hello/:name", ["name": "café"])
        expectMatch(table, "/hello/a%20b", "/hello/:name", ["name": "a b"])
        expectMatch(table, "/hello/a+b", "/hello/:name", ["name": "a+b"])
        expectMatch(table, "/hello/100%25", "/hello/:name", ["name": "100%"])
        // Escapes are decoded before the segment is split: "%2D" is a separator like "-".
        expectMatch(table, "/near/1%2D2-3", "/near/:lat-:lng", ["lat": "1-2", "lng": "3"])
    }

    @Test("an encoded slash stays inside its segment and is decoded in the value")
    func encodedSlash() throws {
        let table = try makeTable(["/files/:name", "/a/b"])
        expectMatch(table, "/files/a%2Fb", "/files/:name", ["name": "a/b"])
        expectMatch(table, "/files/a%2fb", "/files/:name", ["name": "a/b"])
        expectNotFound(table, "/a%2Fb")
    }

    @Test("the wildcard value is percent-decoded")
    func wildcardDecoding() throws {
        let table = try makeTable(["/static/*"])
        expectMatch(table, "/static/my%20dir/%E2%9C%93.txt", "/static/*", ["*": "my dir/✓.txt"])
    }

    @Test("static text also matches the escaped form of non-reserved characters")
    func staticMatchesDecodedForm() throws {
        let table = try makeTable(["/café", "/abc", "/a::b"])
        expectMatch(table, "/caf%C3%A9", "/café")
        expectMatch(table, "/%61bc", "/abc")
        expectMatch(table, "/café", "/café")
        // ':' is reserved: its escape is not decoded for static matching (decodeURI rule).
        expectMatch(table, "/a:b", "/a::b")
        expectNotFound(table, "/a%3Ab")
    }

    @Test("a malformed escape captured by a parameter is a bad URL")
    func malformedEscapeInParameter() throws {
        let table = try makeTable(["/hello/:id", "/files/*"])
        for path in ["/hello/%world", "/hello/%c0", "/hello/%E2%9C", "/hello/ab%", "/files/a/%zz", "/hello/a%00b", "/files/x%00"] {
            let result = table.lookup(path)
            guard case .badURL = result else {
                Issue.record("\(path): expected badURL, got \(result)")
                continue
            }
        }
    }

    @Test("a malformed escape with no candidate parameter route is a plain 404")
    func malformedEscapeWithoutCandidate() throws {
        let table = try makeTable(["/", "/hello"])
        expectNotFound(table, "/%c0")
        expectNotFound(table, "/hello%zz")
        let mixed = try makeTable(["/hello/:id", "/static/x"])
        expectNotFound(mixed, "/other/%zz")
        expectNotFound(table, "/hello%00")
    }

    @Test("maxParamLength: equal passes, longer answers paramTooLong")
    func maxParamLength() throws {
        let table = try makeTable(["/test/:param"], options: options { $0.maxParamLength = 10 })
        expectMatch(table, "/test/1234567890", "/test/:param", ["param": "1234567890"])
        let result = table.lookup("/test/123456789abcd")
        guard case .paramTooLong = result else {
            Issue.record("expected paramTooLong, got \(result)")
            return
        }
    }

    @Test("maxParamLength counts the decoded value, not the escapes")
    func maxParamLengthDecoded() throws {
        let table = try makeTable(["/test/:param"], options: options { $0.maxParamLength = 3 })
        expectMatch(table, "/test/%41%42%43", "/test/:param", ["param": "ABC"])
        expectMatch(table, "/test/%C3%A9%C3%A9", "/test/:param", ["param": "éé"])
        guard case .paramTooLong = table.lookup("/test/%41%42%43%44") else {
            Issue.record("four decoded characters should exceed 3")
            return
        }
    }

    @Test("maxParamLength applies to multi-parameter and regex segments")
    func maxParamLengthSegments() throws {
        let limited = options { $0.maxParamLength = 10 }
        let cases = [
            ("/test/:param-bar", "/test/123456789012345-bar", "/test/12-baz"),
            ("/test/:param(^\\d+$)", "/test/123456789012345", "/test/12a"),
            ("/test/:a-:b", "/test/1-123456789012345", "/test/12"),
        ]
        for (pattern, path, miss) in cases {
            let table = try makeTable([pattern], options: limited)
            expectNotFound(table, miss)
            let result = table.lookup(path)
            guard case .paramTooLong = result else {
                Issue.record("\(pattern): expected paramTooLong, got \(result)")
                continue
            }
        }
    }

    @Test("a too-long parameter still lets another route match")
    func tooLongBacktracks() throws {
        let table = try makeTable(["/test/:param", "/test/*"], options: options { $0.maxParamLength = 3 })
        expectMatch(table, "/test/abcdef", "/test/*", ["*": "abcdef"])
    }

    @Test("percent helpers: normalization keeps reserved escapes, validates UTF-8")
    func percentHelpers() {
        #expect(PercentDecoding.normalizedPath(Array("/a%2Fb%41%3f".utf8)) == Array("/a%2FbA%3f".utf8))
        #expect(PercentDecoding.normalizedPath(Array("/%c0%80".utf8)) == nil)
        #expect(PercentDecoding.normalizedPath(Array("/%ED%A0%80".utf8)) == nil)
        #expect(PercentDecoding.normalizedPath(Array("/%4".utf8)) == nil)
        #expect(PercentDecoding.isValidUTF8(Array("✓é".utf8)))
        #expect(!PercentDecoding.isValidUTF8([0xE2, 0x9C]))
    }
}
