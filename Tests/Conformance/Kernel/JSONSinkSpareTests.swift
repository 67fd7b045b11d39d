import Testing
@testable import Kernel

/// Values that check what the per-thread spare sink must not do: mix one value's bytes into another's.
private enum Key: String, CodingKey { case a, b }

/// Where a value keeps its encoder's sink after `encode(to:)` returns, which a well-behaved value never does.
private final class SinkStash {
    var sink: JSONSink?
}

private struct Stashing: Encodable {
    let stash: SinkStash
    func encode(to encoder: any Encoder) throws {
        var container = encoder.container(keyedBy: Key.self)
        try container.encode("kept", forKey: .a)
        stash.sink = (encoder as? JSONStreamEncoder)?.sink
    }
}

/// Encodes another value as JSON in the middle of its own encoding.
private struct Nesting: Encodable {
    func encode(to encoder: any Encoder) throws {
        var container = encoder.container(keyedBy: Key.self)
        try container.encode("outer", forKey: .a)
        let inner = try JSONWriter.encode(["inner": [1, 2, 3]])
        try container.encode(String(decoding: inner, as: UTF8.self), forKey: .b)
    }
}

private struct Failing: Encodable {
    struct Failure: Error {}
    func encode(to encoder: any Encoder) throws {
        var container = encoder.container(keyedBy: Key.self)
        try container.encode("partial", forKey: .a)
        throw Failure()
    }
}

@Suite("JSON writer: a thread reuses one emptied sink, and no value sees another's bytes")
struct JSONSinkSpareTests {
    private func text(_ value: some Encodable) throws -> String { String(decoding: try JSONWriter.encode(value), as: UTF8.self) }

    @Test("a sink given back is the next one taken on that thread, emptied")
    func spareIsReused() {
        let sink = JSONSink.takeSpare()
        sink.writeString("left over")
        let identity = ObjectIdentifier(sink)
        JSONSink.keepAsSpare(consume sink)
        let next = JSONSink.takeSpare()
        #expect(ObjectIdentifier(next) == identity)
        #expect(next.count == 0)
        #expect(next.finish().isEmpty)
        let other = JSONSink.takeSpare()
        #expect(ObjectIdentifier(other) != identity, "a taken sink is not handed out twice")
    }

    @Test("a sink grown past the kept size, or referenced elsewhere, is not kept")
    func largeOrSharedSinkIsDropped() {
        _ = JSONSink.takeSpare()  // empty the slot
        let large = JSONSink.takeSpare()
        for _ in 0..<(JSONSink.largestKept / 8 + 1) { large.writeString("1234567") }
        #expect(large.capacity > JSONSink.largestKept)
        JSONSink.keepAsSpare(consume large)
        // The large sink is freed, so the next may be allocated at its address: compare capacities, not identities.
        #expect(JSONSink.takeSpare().capacity <= JSONSink.largestKept)

        let shared = JSONSink.takeSpare()
        let sharedIdentity = ObjectIdentifier(shared)
        let elsewhere = shared
        JSONSink.keepAsSpare(shared)
        #expect(ObjectIdentifier(JSONSink.takeSpare()) != sharedIdentity)
        _ = elsewhere
    }

    @Test("consecutive values on one thread: each is exactly its own JSON")
    func consecutiveValues() throws {
        let long = String(repeating: "x", count: 300)
        #expect(try text(["k": long]) == "{\"k\":\"\(long)\"}")
        #expect(try text(["k": 1]) == "{\"k\":1}")
        #expect(try text([String]()) == "[]")
        #expect(try text(["a": ["b": true]]) == "{\"a\":{\"b\":true}}")
    }

    @Test("a value that encodes another value while it is encoded gets both right")
    func nestedEncode() throws {
        #expect(try text(Nesting()) == #"{"a":"outer","b":"{\"inner\":[1,2,3]}"}"#)
        #expect(try text(["after": 1]) == "{\"after\":1}")
    }

    @Test("a sink something else still references after its value was encoded is not handed to the next value")
    func escapedSink() throws {
        let stash = SinkStash()
        #expect(try text(Stashing(stash: stash)) == "{\"a\":\"kept\"}")
        let kept = try #require(stash.sink)
        let next = JSONSink.takeSpare()
        #expect(ObjectIdentifier(next) != ObjectIdentifier(kept))
        #expect(String(decoding: kept.finish(), as: UTF8.self) == "{\"a\":\"kept\"}", "the stashed sink was not emptied for reuse")
        #expect(try text(["b": 2]) == "{\"b\":2}")
    }

    @Test("a value that throws part way leaves nothing in the next value's JSON")
    func throwingValue() throws {
        #expect(throws: Failing.Failure.self) { try JSONWriter.encode(Failing()) }
        #expect(try text(["a": 1]) == "{\"a\":1}")
    }
}
