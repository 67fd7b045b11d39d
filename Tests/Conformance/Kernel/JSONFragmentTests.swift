import FoundationEssentials
import Kernel
import Testing

@Suite("JSONFragment: stored JSON text in a reply, as it is")
struct JSONFragmentTests {
    private struct Row: Encodable {
        var id: String
        var document: JSONFragment?
        var list: [JSONFragment]
    }

    private let text = #"{"n": [1, 2.50],"s":"é\u0001"}"#

    @Test("the kernel's encoder copies the text in every position: member, element, top level")
    func copiedVerbatim() throws {
        let fragment = try JSONFragment(validating: Array(text.utf8))
        let row = Row(id: "a", document: fragment, list: [fragment, JSONFragment(trusted: Array("7".utf8))])
        let encoded = String(decoding: try JSONCoding.encode(row), as: UTF8.self)
        #expect(encoded == #"{"id":"a","document":\#(text),"list":[\#(text),7]}"#)
        #expect(try JSONCoding.encode(fragment) == Array(text.utf8))
        let empty = Row(id: "b", document: nil, list: [])
        #expect(String(decoding: try JSONCoding.encode(empty), as: UTF8.self) == #"{"id":"b","list":[]}"#, "synthesized: an absent optional is left out")
    }

    @Test("another encoder gets the parsed value")
    func otherEncoderParses() throws {
        let fragment = try JSONFragment(validating: Array(text.utf8))
        let data = try JSONEncoder().encode(Row(id: "a", document: fragment, list: []))
        let back = try JSONValue(parsing: Array(data))
        // Foundation's encoder does not keep member order, so members are compared one by one.
        #expect(back["document"]?["n"] == [1, 2.5] && back["document"]?["s"] == "é\u{1}")
        #expect(back["document"]?.object?.count == 2)
        #expect(back["id"] == "a")
    }

    @Test("validating refuses text that is not one complete JSON value")
    func validatingRefuses() {
        for bad in ["", "{", #"{"a":1} x"#, "nul"] {
            #expect(throws: JSONParseError.self) { try JSONFragment(validating: Array(bad.utf8)) }
        }
    }
}
