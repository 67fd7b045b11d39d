#if canImport(Glibc)
import Glibc
#elseif canImport(Darwin)
import Darwin
#endif

/// Caches the `Date` header value (IMF-fixdate, RFC 9110 §5.6.7), formatting it at most once
/// per second with `gmtime_r` (locale-independent, no Foundation).
///
/// A value type: each event loop or connection owns one and passes it `inout`, so no locking.
///
/// ```swift
/// var cache = DateHeaderCache()
/// buffer += cache.currentValue()   // "Sun, 06 Nov 1994 08:49:37 GMT"
/// ```
public struct DateHeaderCache: Sendable {
    private static let dayNames: [StaticString] = ["Sun", "Mon", "Tue", "Wed", "Thu", "Fri", "Sat"]
    private static let monthNames: [StaticString] = [
        "Jan", "Feb", "Mar", "Apr", "May", "Jun", "Jul", "Aug", "Sep", "Oct", "Nov", "Dec",
    ]

    private var cachedSecond = Int.min
    private var cachedValue: [UInt8] = []
    /// How many times the value was formatted (tests check the once-per-second rule).
    private(set) var formatCount = 0

    /// Creates an empty cache; the first read formats the date.
    public init() {}

    /// The IMF-fixdate for the current wall-clock second.
    public mutating func currentValue() -> [UInt8] {
        value(atEpochSecond: Int(time(nil)))
    }

    /// The IMF-fixdate for `second` (seconds since the Unix epoch), reformatted only when the
    /// second differs from the cached one.
    public mutating func value(atEpochSecond second: Int) -> [UInt8] {
        if second != cachedSecond {
            cachedValue = Self.imfFixdate(epochSecond: second)
            cachedSecond = second
            formatCount += 1
        }
        return cachedValue
    }

    /// Formats `second` as `Sun, 06 Nov 1994 08:49:37 GMT` (always 29 bytes).
    public static func imfFixdate(epochSecond second: Int) -> [UInt8] {
        var clock = time_t(second)
        var parts = tm()
        _ = gmtime_r(&clock, &parts)
        var out: [UInt8] = []
        out.reserveCapacity(29)
        appendName(dayNames[Int(parts.tm_wday)], to: &out)
        out.append(contentsOf: ", ".utf8)
        appendTwoDigits(Int(parts.tm_mday), to: &out)
        out.append(0x20)
        appendName(monthNames[Int(parts.tm_mon)], to: &out)
        out.append(0x20)
        let year = Int(parts.tm_year) + 1900
        appendTwoDigits(year / 100, to: &out)
        appendTwoDigits(year % 100, to: &out)
        out.append(0x20)
        appendTwoDigits(Int(parts.tm_hour), to: &out)
        out.append(0x3A)
        appendTwoDigits(Int(parts.tm_min), to: &out)
        out.append(0x3A)
        appendTwoDigits(Int(parts.tm_sec), to: &out)
        out.append(contentsOf: " GMT".utf8)
        return out
    }

    private static func appendName(_ name: StaticString, to out: inout [UInt8]) {
        out.append(contentsOf: UnsafeBufferPointer(start: name.utf8Start, count: name.utf8CodeUnitCount))
    }

    private static func appendTwoDigits(_ value: Int, to out: inout [UInt8]) {
        out.append(UInt8(0x30 + value / 10))
        out.append(UInt8(0x30 + value % 10))
    }
}
