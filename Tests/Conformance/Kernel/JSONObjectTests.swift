@testable import Kernel
import Testing

/// `JSONObject` scans its keys while small and indexes them once large; both must agree on every operation.
@Suite("JSONObject members, scanned and indexed")
struct JSONObjectTests {
    /// Sizes on both sides of the point where the index is built.
    static let sizes = [0, 1, JSONObject.indexedCount, JSONObject.indexedCount + 1, 2_000]

    @Test("insert, replace, read and remove keep document order and the last value", arguments: sizes)
    func operations(size: Int) {
        var object = JSONObject()
        for index in 0..<size { object["k\(index)"] = .number(Double(index)) }
        #expect(object.count == size)
        #expect(object.keys == (0..<size).map { "k\($0)" })
        for index in stride(from: 0, to: size, by: 3) { object["k\(index)"] = .string("replaced") }
        #expect(object.count == size)
        for index in 0..<size {
            #expect(object["k\(index)"] == (index % 3 == 0 ? .string("replaced") : .number(Double(index))))
        }
        #expect(object["missing"] == nil)

        // Removing every other key from the front shifts the positions of all that follow.
        for index in stride(from: 0, to: size, by: 2) { object["k\(index)"] = nil }
        let kept = (0..<size).filter { $0 % 2 == 1 }
        #expect(object.keys == kept.map { "k\($0)" })
        for index in kept { #expect(object["k\(index)"] != nil) }
        for index in stride(from: 0, to: size, by: 2) { #expect(object["k\(index)"] == nil) }

        // Appending after removals lands at the end, and is found.
        object["new"] = true
        #expect(object.keys.last == "new")
        #expect(object["new"] == true)
        #expect(object.count == kept.count + 1)
    }

    @Test("a parsed body with many keys, some repeated, keeps first places and last values")
    func parsedManyKeys() throws {
        let count = 20_000
        var text = "{"
        for index in 0..<count { text += "\"k\(index)\":\(index)," }
        text += "\"k7\":\"again\",\"k\(count - 1)\":null}"
        guard case .object(let object) = try JSONValue(parsing: Array(text.utf8)) else {
            Issue.record("not an object")
            return
        }
        #expect(object.count == count)
        #expect(object.keys.first == "k0")
        #expect(object.keys[7] == "k7")
        #expect(object["k7"] == "again")
        #expect(object["k\(count - 1)"] == .null)
        #expect(object["k\(count / 2)"] == .number(Double(count / 2)))
    }

    @Test("equality compares members in order, whether or not either side is indexed")
    func equality() {
        let large = JSONObject((0..<40).map { ("k\($0)", JSONValue.number(Double($0))) })
        var shrunk = large
        for index in 20..<40 { shrunk["k\(index)"] = nil }
        let small = JSONObject((0..<20).map { ("k\($0)", JSONValue.number(Double($0))) })
        #expect(shrunk == small)
        #expect(large != small)
        #expect(JSONObject([("a", 1), ("b", 2)]) != JSONObject([("b", 2), ("a", 1)]))
    }
}
