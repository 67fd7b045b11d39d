import Kernel
import Plugins
import Testing

@Suite("Vary merging (fastify-plugins §A.4, §A.7 45)")
struct CORSVaryTests {
    @Test("A.7-45 merge rules: empty, *, adding *, list with *, present field, odd spacing kept", arguments: [
        (String?.none, "Origin", "Origin"),
        ("", "Origin", "Origin"),
        ("*", "Origin", "*"),
        ("Accept", "*", "*"),
        ("Accept, *", "Origin", "*"),
        ("Accept, origin", "Origin", "Accept, origin"),
        ("ORIGIN", "Origin", "ORIGIN"),
        (" A ,B", "Origin", " A ,B, Origin"),
        ("foo, bar", "Origin", "foo, bar, Origin"),
    ])
    func mergeRules(existing: String?, field: String, expected: String) throws {
        #expect(try Vary.appending(field, to: existing) == expected)
    }

    @Test("A.7-45 tokenizer lowercases, splits on commas, skips spaces and empty items")
    func tokenizer() {
        #expect(Vary.tokens("a,,b,c,") == ["a", "b", "c"])
        #expect(Vary.tokens(" A , B ") == ["a", "b"])
        #expect(Vary.tokens("") == [])
    }

    @Test("A.7-45 a field name that is not a token → Fieldname contains invalid characters.")
    func invalidFieldName() {
        let error = #expect(throws: Vary.InvalidFieldName.self) { try Vary.appending("invalid:header", to: nil) }
        #expect(error?.description == "Fieldname contains invalid characters.")
        #expect(throws: Vary.InvalidFieldName.self) { try Vary.appending("", to: "Accept") }
    }

    @Test("A.7-45 several Vary fields are joined with ', ' before merging, leaving one field")
    func mergeIntoHeaders() throws {
        var headers = HTTPHeaders()
        headers.add("vary", "foo")
        headers.add("vary", "bar")
        try Vary.merge("Origin", into: &headers)
        #expect(headers.values(for: "vary") == ["foo, bar, Origin"])
        try Vary.merge("origin", into: &headers)
        #expect(headers.values(for: "vary") == ["foo, bar, Origin"])
    }

    @Test("A.7-45 merge into headers: none yet, the same single field, the same field twice, an invalid name")
    func mergeEdgeCases() throws {
        var headers = HTTPHeaders()
        try Vary.merge("Origin", into: &headers)
        #expect(headers.values(for: "vary") == ["Origin"])
        try Vary.merge("Origin", into: &headers)
        #expect(headers.values(for: "vary") == ["Origin"])
        headers.add("vary", "Origin")
        try Vary.merge("Origin", into: &headers)
        #expect(headers.values(for: "vary") == ["Origin, Origin"])
        #expect(headers.fieldCount(named: "VARY") == 1)
        var untouched = HTTPHeaders()
        untouched.add("vary", "bad name")
        #expect(throws: Vary.InvalidFieldName.self) { try Vary.merge("bad name", into: &untouched) }
        #expect(throws: Vary.InvalidFieldName.self) { try Vary.merge("bad name", into: &headers) }
    }
}
