import Glibc
import Testing
@testable import Server

@Suite("Timestamp")
struct TimestampTests {
    @Test("epoch zero formats as 1970-01-01T00:00:00.000Z")
    func epochZero() {
        #expect(Timestamp(millisecondsSinceEpoch: 0).iso8601 == "1970-01-01T00:00:00.000Z")
    }

    @Test("a known instant formats exactly")
    func knownValue() {
        // 2025-12-04T10:11:12.345Z = 1764843072 s since epoch (+345 ms).
        #expect(Timestamp(millisecondsSinceEpoch: 1_764_843_072_345).iso8601 == "2025-12-04T10:11:12.345Z")
        // Leap day, end of day.
        #expect(Timestamp(millisecondsSinceEpoch: 951_868_799_999).iso8601 == "2000-02-29T23:59:59.999Z")
    }

    @Test("every field of random instants over years 0 to 9999, and years past them, matches a piecewise reading")
    func fieldsAcrossYears() {
        func padded(_ value: Int, _ width: Int) -> String { String(repeating: "0", count: max(0, width - String(value).count)) + String(value) }
        var generator = SeededGenerator(seed: 3)
        let year0 = Int64(-62_167_219_200_000), year10000 = Int64(253_402_300_800_000)
        for millis in (0..<2_000).map({ _ in Int64.random(in: year0..<year10000, using: &generator) }) + [year0, year10000 - 1] {
            var seconds = time_t(millis >= 0 ? millis / 1000 : (millis - 999) / 1000)
            var parts = tm()
            gmtime_r(&seconds, &parts)
            let expected = padded(Int(parts.tm_year) + 1900, 4) + "-" + padded(Int(parts.tm_mon) + 1, 2) + "-"
                + padded(Int(parts.tm_mday), 2) + "T" + padded(Int(parts.tm_hour), 2) + ":" + padded(Int(parts.tm_min), 2)
                + ":" + padded(Int(parts.tm_sec), 2) + "." + padded(Int(((millis % 1000) + 1000) % 1000), 3) + "Z"
            #expect(Timestamp(millisecondsSinceEpoch: millis).iso8601 == expected, "\(millis)")
        }
        #expect(Timestamp(millisecondsSinceEpoch: year10000).iso8601 == "10000-01-01T00:00:00.000Z")
    }

    @Test("milliseconds are zero-padded to three digits")
    func millisPadding() {
        #expect(Timestamp(millisecondsSinceEpoch: 5).iso8601 == "1970-01-01T00:00:00.005Z")
        #expect(Timestamp(millisecondsSinceEpoch: 1_050).iso8601 == "1970-01-01T00:00:01.050Z")
        #expect(Timestamp(millisecondsSinceEpoch: -1).iso8601 == "1969-12-31T23:59:59.999Z")
    }

    @Test("parse(format(t)) == t across a range of instants", arguments: [
        Int64(0), 1, 999, 1_000, 86_399_999, 951_868_799_999, 1_764_843_072_345, 4_102_444_800_000, -1, -86_400_001,
    ])
    func roundTrip(millis: Int64) throws {
        let stamp = Timestamp(millisecondsSinceEpoch: millis)
        let parsed = try #require(Timestamp(iso8601: stamp.iso8601))
        #expect(parsed == stamp)
    }

    @Test("parsing accepts 0–9 fraction digits and rejects malformed text")
    func parsing() {
        #expect(Timestamp(iso8601: "2025-12-04T10:11:12Z")?.millisecondsSinceEpoch == 1_764_843_072_000)
        #expect(Timestamp(iso8601: "2025-12-04T10:11:12.3Z")?.millisecondsSinceEpoch == 1_764_843_072_300)
        #expect(Timestamp(iso8601: "2025-12-04T10:11:12.34Z")?.millisecondsSinceEpoch == 1_764_843_072_340)
        #expect(Timestamp(iso8601: "2025-12-04T10:11:12.345678901Z")?.millisecondsSinceEpoch == 1_764_843_072_345)
        for bad in [
            "", "2025-12-04", "2025-12-04T10:11:12", "2025-12-04T10:11:12+01:00", "2025-13-04T10:11:12Z",
            "2025-02-29T10:11:12Z", "2025-12-04T24:00:00Z", "2025-12-04T10:11:12.Z", "2025-12-04T10:11:1xZ",
            "2025-12-04 10:11:12Z", "2025-12-04T10:11:12.12345678901234567890123Z0",
        ] {
            #expect(Timestamp(iso8601: bad) == nil, "accepted \(bad)")
        }
    }

    @Test("now() is after 2024 and monotone enough across two reads")
    func now() {
        let first = Timestamp.now()
        let second = Timestamp.now()
        #expect(first.millisecondsSinceEpoch > 1_704_067_200_000)
        #expect(second >= first)
    }
}

@Suite("Identifier")
struct IdentifierTests {
    @Test("ids are UUID-v4 shaped, lowercase, and distinct")
    func shape() {
        var seen = Set<String>()
        for _ in 0..<1_000 {
            let id = Identifier.make()
            #expect(Identifier.isWellFormed(id))
            let bytes = Array(id.utf8)
            #expect(bytes[14] == UInt8(ascii: "4"))
            #expect([UInt8(ascii: "8"), UInt8(ascii: "9"), UInt8(ascii: "a"), UInt8(ascii: "b")].contains(bytes[19]))
            #expect(id == id.lowercased())
            seen.insert(id)
        }
        #expect(seen.count == 1_000)
        #expect(!Identifier.isWellFormed("not-a-uuid"))
    }
}
