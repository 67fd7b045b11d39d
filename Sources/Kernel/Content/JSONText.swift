/// JSON strings and numbers written straight into bytes, exactly as ``JSONCoding/encode(_:)`` writes them.
///
/// For a caller that assembles a small document by hand, such as a log line written on every request, where the
/// `Encodable` machinery (a container, a dynamic cast per value) would cost more than the text itself.
///
/// ```swift
/// var line: [UInt8] = Array(#"{"url":"#.utf8)
/// JSONText.appendString("/a?q=\"x\"", to: &line)   // "/a?q=\"x\""
/// line.append(UInt8(ascii: "}"))
/// ```
public enum JSONText {
    /// Appends `string` quoted, with `"`, `\` and control characters escaped; any other character as its UTF-8.
    public static func appendString(_ string: String, to bytes: inout [UInt8]) {
        let copied = string.utf8.withContiguousStorageIfAvailable { utf8 -> Bool in
            guard !JSONSink.needsEscaping(utf8) else { return false }
            bytes.reserveCapacity(bytes.count + utf8.count + 2)
            bytes.append(UInt8(ascii: "\""))
            bytes.append(contentsOf: utf8)
            bytes.append(UInt8(ascii: "\""))
            return true
        }
        if copied == true { return }
        bytes.append(UInt8(ascii: "\""))
        for byte in string.utf8 { escape(byte) { bytes.append($0) } }
        bytes.append(UInt8(ascii: "\""))
    }

    /// Appends `value` as a JSON number: a whole value below 10^15 without a fraction, any other finite one in its
    /// shortest form; `null` for a value JSON cannot hold (the encoder throws there instead).
    public static func appendNumber(_ value: Double, to bytes: inout [UInt8]) {
        guard value.isFinite else { return bytes.append(contentsOf: "null".utf8) }
        if value.rounded() == value, abs(value) < 1e15 {
            bytes.append(contentsOf: String(Int64(value)).utf8)
        } else {
            bytes.append(contentsOf: value.description.utf8)
        }
    }

    /// Emits `byte` as it goes in a JSON string: `"` and `\` behind a backslash, LF, CR and HTAB as `\n`, `\r`
    /// and `\t`, any other control character as `\u00XX`, every other byte as it is.
    @inline(__always)
    static func escape(_ byte: UInt8, _ emit: (UInt8) -> Void) {
        switch byte {
        case UInt8(ascii: "\""), UInt8(ascii: "\\"): emit(UInt8(ascii: "\\")); emit(byte)
        case 0x0A: emit(UInt8(ascii: "\\")); emit(UInt8(ascii: "n"))
        case 0x0D: emit(UInt8(ascii: "\\")); emit(UInt8(ascii: "r"))
        case 0x09: emit(UInt8(ascii: "\\")); emit(UInt8(ascii: "t"))
        case 0..<0x20:
            let hex: StaticString = "0123456789abcdef"
            for prefix in "\\u00".utf8 { emit(prefix) }
            emit(hex.utf8Start[Int(byte >> 4)])
            emit(hex.utf8Start[Int(byte & 0xF)])
        default: emit(byte)
        }
    }
}
