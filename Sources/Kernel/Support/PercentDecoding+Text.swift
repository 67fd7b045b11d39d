/// Percent decoding of query-string text (RFC 3986 §2.1) into UTF-8.
extension PercentDecoding {
    /// The decoded text, or `nil` when an escape is malformed or the bytes are not UTF-8.
    static func decode(_ text: Substring) -> String? {
        guard text.utf8.contains(UInt8(ascii: "%")) else { return String(text) }
        return decode(utf8: text.utf8)
    }

    /// The decoded text of UTF-8 bytes, or `nil` when an escape is malformed or the result is not UTF-8.
    static func decode(utf8 text: some Collection<UInt8>) -> String? {
        var bytes: [UInt8] = []
        bytes.reserveCapacity(text.count)
        var iterator = text.makeIterator()
        while let byte = iterator.next() {
            guard byte == UInt8(ascii: "%") else { bytes.append(byte); continue }
            guard let high = iterator.next().flatMap(hexValue), let low = iterator.next().flatMap(hexValue) else {
                return nil
            }
            bytes.append(high << 4 | low)
        }
        return String(validating: bytes, as: UTF8.self)
    }
}
