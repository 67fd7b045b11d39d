/// Percent-decoding of request paths and captured parameters, on UTF-8 bytes.
///
/// Two levels, as in find-my-way:
/// - ``normalizedPath(_:)`` is what static route text is matched against: every escape is
///   decoded except those of the reserved characters `# $ & + , / : ; = ? @ %` (JavaScript's
///   `decodeURI`), so `%2F` never creates a segment boundary and `%25` never double-decodes.
/// - ``decodeComponent(_:)`` fully decodes one captured parameter or wildcard value
///   (`decodeURIComponent`).
/// Both refuse a `%` not followed by two hex digits, `%00` (a NUL reaches no handler, as in
/// nginx) and escapes that decode to invalid UTF-8.
enum PercentDecoding {
    static let percent = UInt8(ascii: "%")

    /// The value of an ASCII hex digit, or `nil`.
    @inline(__always)
    static func hexValue(_ byte: UInt8) -> UInt8? {
        switch byte {
        case UInt8(ascii: "0")...UInt8(ascii: "9"): byte &- UInt8(ascii: "0")
        case UInt8(ascii: "a")...UInt8(ascii: "f"): byte &- UInt8(ascii: "a") &+ 10
        case UInt8(ascii: "A")...UInt8(ascii: "F"): byte &- UInt8(ascii: "A") &+ 10
        default: nil
        }
    }

    /// `true` for the characters `decodeURI` leaves encoded (plus `%` itself).
    @inline(__always)
    static func staysEncodedInPath(_ byte: UInt8) -> Bool {
        switch byte {
        case UInt8(ascii: "#"), UInt8(ascii: "$"), UInt8(ascii: "&"), UInt8(ascii: "+"),
            UInt8(ascii: ","), UInt8(ascii: "/"), UInt8(ascii: ":"), UInt8(ascii: ";"),
            UInt8(ascii: "="), UInt8(ascii: "?"), UInt8(ascii: "@"), UInt8(ascii: "%"):
            true
        default:
            false
        }
    }

    /// `true` when `bytes` is well-formed UTF-8 (no overlongs, surrogates or truncated sequences).
    static func isValidUTF8(_ bytes: some Sequence<UInt8>) -> Bool {
        var iterator = bytes.makeIterator()
        var decoder = UTF8()
        while true {
            switch decoder.decode(&iterator) {
            case .scalarValue: continue
            case .emptyInput: return true
            case .error: return false
            }
        }
    }

    /// Decodes the escapes of non-reserved characters in a whole path.
    /// Returns `nil` when an escape is malformed or the result is not valid UTF-8.
    static func normalizedPath(_ bytes: some Collection<UInt8>) -> [UInt8]? {
        var output: [UInt8] = []
        output.reserveCapacity(bytes.count)
        var index = bytes.startIndex
        while index != bytes.endIndex {
            let byte = bytes[index]
            guard byte == percent else {
                output.append(byte)
                bytes.formIndex(after: &index)
                continue
            }
            guard let (decoded, next) = escape(in: bytes, at: index) else { return nil }
            if staysEncodedInPath(decoded) {
                output.append(contentsOf: bytes[index..<next])
            } else {
                output.append(decoded)
            }
            index = next
        }
        return isValidUTF8(output) ? output : nil
    }

    /// Fully decodes one captured value. Without any `%` the bytes are taken as they are
    /// (invalid raw UTF-8 is repaired, never refused); with escapes, `nil` means malformed.
    static func decodeComponent(_ bytes: UnsafeBufferPointer<UInt8>) -> String? {
        guard bytes.contains(percent) else {
            return String(decoding: bytes, as: UTF8.self)
        }
        guard let decoded = decodedBytes(bytes) else { return nil }
        return String(validating: decoded, as: UTF8.self)
    }

    /// Decodes every escape, without UTF-8 validation; `nil` on a malformed escape.
    static func decodedBytes(_ bytes: UnsafeBufferPointer<UInt8>) -> [UInt8]? {
        var output: [UInt8] = []
        output.reserveCapacity(bytes.count)
        var index = 0
        while index < bytes.count {
            let byte = bytes[index]
            guard byte == percent else {
                output.append(byte)
                index += 1
                continue
            }
            guard let (decoded, next) = escape(in: bytes, at: index) else { return nil }
            output.append(decoded)
            index = next
        }
        return output
    }

    /// The byte encoded by the escape starting at `index` (a `%`) and the index after it;
    /// `nil` when the escape is malformed or encodes NUL.
    @inline(__always)
    private static func escape<Bytes: Collection<UInt8>>(
        in bytes: Bytes, at index: Bytes.Index
    ) -> (UInt8, Bytes.Index)? {
        let first = bytes.index(after: index)
        guard first != bytes.endIndex, let high = hexValue(bytes[first]) else { return nil }
        let second = bytes.index(after: first)
        guard second != bytes.endIndex, let low = hexValue(bytes[second]) else { return nil }
        let decoded = high << 4 | low
        guard decoded != 0 else { return nil }
        return (decoded, bytes.index(after: second))
    }
}
