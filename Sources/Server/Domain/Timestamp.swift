#if canImport(Glibc)
import Glibc
#elseif canImport(Darwin)
import Darwin
#endif

/// A point in time as whole milliseconds since the Unix epoch (UTC).
///
/// Encodes to and from JSON as an ISO 8601 string with milliseconds:
/// ```swift
/// Timestamp(millisecondsSinceEpoch: 0).iso8601   // "1970-01-01T00:00:00.000Z"
/// Timestamp(iso8601: "2025-12-04T10:11:12.345Z") // 1764843072345 ms
/// ```
public struct Timestamp: Sendable, Hashable, Comparable, CustomStringConvertible {
    /// Milliseconds since 1970-01-01T00:00:00Z; negative values lie before the epoch.
    public var millisecondsSinceEpoch: Int64

    /// Wraps a raw millisecond count.
    public init(millisecondsSinceEpoch: Int64) {
        self.millisecondsSinceEpoch = millisecondsSinceEpoch
    }

    /// The current wall-clock time, read with `clock_gettime(CLOCK_REALTIME)`.
    public static func now() -> Timestamp {
        var spec = timespec()
        clock_gettime(CLOCK_REALTIME, &spec)
        let millis = Int64(spec.tv_sec) * 1000 + Int64(spec.tv_nsec) / 1_000_000
        return Timestamp(millisecondsSinceEpoch: millis)
    }

    /// Orders timestamps chronologically.
    public static func < (lhs: Timestamp, rhs: Timestamp) -> Bool {
        lhs.millisecondsSinceEpoch < rhs.millisecondsSinceEpoch
    }

    /// The ISO 8601 form, e.g. `2025-12-04T10:11:12.345Z`.
    public var description: String { iso8601 }

    /// Formats as `YYYY-MM-DDTHH:MM:SS.mmmZ` in UTC using `gmtime_r`.
    public var iso8601: String {
        // Floor division so that -1 ms is 1969-12-31T23:59:59.999Z.
        var seconds = millisecondsSinceEpoch / 1000
        var millis = millisecondsSinceEpoch % 1000
        if millis < 0 {
            millis += 1000
            seconds -= 1
        }
        var time = time_t(seconds)
        var parts = tm()
        gmtime_r(&time, &parts)
        let year = Int(parts.tm_year) + 1900
        guard (0...9999).contains(year) else { return Self.iso8601(parts, year: year, millis: Int(millis)) }
        // The usual year: 24 digits and separators written in place (a log line stamps one per request, and
        // building it from padded pieces cost ~10 000 instructions).
        return String(unsafeUninitializedCapacity: 24) { text in
            func put(_ value: Int, width: Int, at offset: Int) {
                var rest = value
                for index in stride(from: offset + width - 1, through: offset, by: -1) {
                    text[index] = UInt8(truncatingIfNeeded: 48 + rest % 10)
                    rest /= 10
                }
            }
            put(year, width: 4, at: 0)
            text[4] = UInt8(ascii: "-")
            put(Int(parts.tm_mon) + 1, width: 2, at: 5)
            text[7] = UInt8(ascii: "-")
            put(Int(parts.tm_mday), width: 2, at: 8)
            text[10] = UInt8(ascii: "T")
            put(Int(parts.tm_hour), width: 2, at: 11)
            text[13] = UInt8(ascii: ":")
            put(Int(parts.tm_min), width: 2, at: 14)
            text[16] = UInt8(ascii: ":")
            put(Int(parts.tm_sec), width: 2, at: 17)
            text[19] = UInt8(ascii: ".")
            put(Int(millis), width: 3, at: 20)
            text[23] = UInt8(ascii: "Z")
            return 24
        }
    }

    /// The ISO 8601 form built from padded pieces, for a year outside 0…9999.
    private static func iso8601(_ parts: tm, year: Int, millis: Int) -> String {
        let fields: [(separator: String, value: Int, width: Int)] = [
            ("", year, 4), ("-", Int(parts.tm_mon) + 1, 2),
            ("-", Int(parts.tm_mday), 2), ("T", Int(parts.tm_hour), 2),
            (":", Int(parts.tm_min), 2), (":", Int(parts.tm_sec), 2), (".", millis, 3),
        ]
        var text = ""
        text.reserveCapacity(24)
        for field in fields {
            text.append(field.separator)
            text.append(Self.pad(field.value, width: field.width))
        }
        text.append("Z")
        return text
    }

    /// Parses `YYYY-MM-DDTHH:MM:SS[.fraction]Z` (UTC only); returns nil when malformed.
    ///
    /// Fractions longer than three digits are truncated to milliseconds.
    public init?(iso8601 text: String) {
        let bytes = Array(text.utf8)
        guard bytes.count >= 20, bytes[bytes.count - 1] == UInt8(ascii: "Z") else { return nil }
        func number(_ start: Int, _ length: Int) -> Int? {
            var value = 0
            for index in start..<(start + length) {
                let byte = bytes[index]
                guard byte >= 48, byte <= 57 else { return nil }
                value = value * 10 + Int(byte - 48)
            }
            return value
        }
        func isByte(_ index: Int, _ character: Unicode.Scalar) -> Bool {
            bytes[index] == UInt8(ascii: character)
        }
        guard isByte(4, "-"), isByte(7, "-"), isByte(10, "T"), isByte(13, ":"), isByte(16, ":"),
            let year = number(0, 4), let month = number(5, 2), let day = number(8, 2),
            let hour = number(11, 2), let minute = number(14, 2), let second = number(17, 2)
        else { return nil }
        guard (1...12).contains(month), day >= 1, day <= Self.daysIn(month: month, year: year),
            hour < 24, minute < 60, second < 60
        else { return nil }
        let fractionEnd = bytes.count - 1
        var millis = 0
        if fractionEnd > 19 {
            guard isByte(19, "."), fractionEnd > 20 else { return nil }
            for index in 20..<fractionEnd {
                guard bytes[index] >= 48, bytes[index] <= 57 else { return nil }
            }
            for index in 20..<23 {
                let digit = index < fractionEnd ? Int(bytes[index] - 48) : 0
                millis = millis * 10 + digit
            }
        }
        var parts = tm()
        parts.tm_year = Int32(year - 1900)
        parts.tm_mon = Int32(month - 1)
        parts.tm_mday = Int32(day)
        parts.tm_hour = Int32(hour)
        parts.tm_min = Int32(minute)
        parts.tm_sec = Int32(second)
        let seconds = Int64(timegm(&parts))
        self.init(millisecondsSinceEpoch: seconds * 1000 + Int64(millis))
    }

    private static func daysIn(month: Int, year: Int) -> Int {
        switch month {
        case 2:
            let leap = (year % 4 == 0 && year % 100 != 0) || year % 400 == 0
            return leap ? 29 : 28
        case 4, 6, 9, 11: return 30
        default: return 31
        }
    }

    private static func pad(_ value: Int, width: Int) -> String {
        let digits = String(value)
        guard digits.count < width else { return digits }
        return String(repeating: "0", count: width - digits.count) + digits
    }
}

extension Timestamp: Codable {
    /// Decodes from an ISO 8601 string.
    public init(from decoder: any Decoder) throws {
        let container = try decoder.singleValueContainer()
        let text = try container.decode(String.self)
        guard let parsed = Timestamp(iso8601: text) else {
            throw DecodingError.dataCorruptedError(
                in: container, debugDescription: "expected ISO 8601 UTC timestamp, got \(text)")
        }
        self = parsed
    }

    /// Encodes as an ISO 8601 string with milliseconds.
    public func encode(to encoder: any Encoder) throws {
        var container = encoder.singleValueContainer()
        try container.encode(iso8601)
    }
}
