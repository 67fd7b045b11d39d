/// Generates random identifiers shaped like UUID version 4.
///
/// ```swift
/// let id = Identifier.make()   // "3f2b8c1e-9a4d-4f6b-8e2a-1c5d7e9f0a3b"
/// ```
public enum Identifier {
    /// A lowercase `8-4-4-4-12` hex string with version 4 and RFC 4122 variant bits,
    /// drawn from `SystemRandomNumberGenerator`.
    public static func make() -> String {
        var generator = SystemRandomNumberGenerator()
        return make(using: &generator)
    }

    /// Same as ``make()`` but with a caller-supplied generator (deterministic tests).
    public static func make(using generator: inout some RandomNumberGenerator) -> String {
        var bytes = [UInt8](repeating: 0, count: 16)
        let high = generator.next()
        let low = generator.next()
        for index in 0..<8 {
            bytes[index] = UInt8(truncatingIfNeeded: high >> (UInt64(index) * 8))
            bytes[index + 8] = UInt8(truncatingIfNeeded: low >> (UInt64(index) * 8))
        }
        bytes[6] = (bytes[6] & 0x0F) | 0x40  // version 4
        bytes[8] = (bytes[8] & 0x3F) | 0x80  // variant 10xx
        let hex: [UInt8] = Array("0123456789abcdef".utf8)
        var out: [UInt8] = []
        out.reserveCapacity(36)
        for (index, byte) in bytes.enumerated() {
            if index == 4 || index == 6 || index == 8 || index == 10 {
                out.append(UInt8(ascii: "-"))
            }
            out.append(hex[Int(byte >> 4)])
            out.append(hex[Int(byte & 0x0F)])
        }
        return String(decoding: out, as: UTF8.self)
    }

    /// True when `text` has the `8-4-4-4-12` lowercase-or-uppercase hex shape.
    public static func isWellFormed(_ text: String) -> Bool {
        let bytes = Array(text.utf8)
        guard bytes.count == 36 else { return false }
        for (index, byte) in bytes.enumerated() {
            if index == 8 || index == 13 || index == 18 || index == 23 {
                guard byte == UInt8(ascii: "-") else { return false }
            } else {
                let isHex = (48...57).contains(byte) || (97...102).contains(byte)
                    || (65...70).contains(byte)
                guard isHex else { return false }
            }
        }
        return true
    }
}
