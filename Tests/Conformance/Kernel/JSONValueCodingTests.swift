import FoundationEssentials
import Kernel
import Testing

@Suite("JSONValue: Decodable and literals")
struct JSONValueCodingTests {
    private struct Holder: Decodable { let name: String; let config: JSONValue; let extra: JSONValue? }

    @Test("decodes every JSON kind through JSONCoding (Foundation's decoder), nested and null included")
    func decodesAllKinds() throws {
        let text = #"{"name":"n","config":{"n":null,"b":true,"i":5,"d":-2.5,"s":"x","a":[1,[false],{"k":"v"}]},"extra":null}"#
        let holder = try JSONCoding.decode(Holder.self, from: Array(text.utf8))
        let config = holder.config
        #expect(config["n"] == .null && config["b"] == .bool(true) && config["i"] == .number(5) && config["d"] == .number(-2.5))
        #expect(config["s"] == .string("x") && config["a"] == .array([.number(1), .array([.bool(false)]), .object(["k": "v"])]))
        #expect(holder.extra == nil)
        #expect(Set(config.object?.keys ?? []) == ["n", "b", "i", "d", "s", "a"])
    }

    @Test("a decoded value re-encodes to the same document as the kernel parser reads")
    func roundTrip() throws {
        let text = #"[1,2.25,"é\n",true,null,{"z":[]}]"#
        let decoded = try JSONCoding.decode(JSONValue.self, from: Array(text.utf8))
        #expect(decoded == (try JSONValue(parsing: Array(text.utf8))))
        #expect(decoded.jsonText == text)
    }

    @Test("a type mismatch next to a JSONValue still names the field")
    func fieldNamed() {
        do {
            _ = try JSONCoding.decode(Holder.self, from: Array(#"{"name":3,"config":{}}"#.utf8))
            Issue.record("decoded a number as a string")
        } catch let error as KernelError {
            #expect(error.code == .validation && error.message == "body/name must be string")
        } catch {
            Issue.record("unexpected \(error)")
        }
    }

    @Test("literals build the same values as the cases; object literals keep their order")
    func literals() {
        let value: JSONValue = ["b": 1, "a": [true, .null, 2.5, "s"]]
        var object = JSONObject()
        object["b"] = .number(1)
        object["a"] = .array([.bool(true), .null, .number(2.5), .string("s")])
        #expect(value == .object(object))
        #expect(value.jsonText == #"{"b":1,"a":[true,null,2.5,"s"]}"#)
        let repeated: JSONObject = ["k": 1, "j": 2, "k": 3]
        #expect(repeated.keys == ["k", "j"] && repeated["k"] == 3)
    }
}
