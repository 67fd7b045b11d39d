/// Minimal standard Base64 (RFC 4648 §4, with `=` padding), for the WebSocket handshake.
///
/// ```swift
/// Base64.encode(Array("foobar".utf8))   // "Zm9vYmFy"
/// try Base64.decode("Zm9vYg==")         // "foob" bytes
/// ```
enum Base64 {
    /// Why a string is not canonical padded Base64.
    enum DecodingError: Error, Hashable, Sendable {
        /// Length is not a multiple of four.
        case invalidLength
        /// A character outside the alphabet, or `=` somewhere other than the end.
        case invalidCharacter
    }

    private static let alphabet: [UInt8] = Array(
        "ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz0123456789+/".utf8)

    /// Maps an ASCII byte to its 6-bit value, or 0xFF when outside the alphabet.
    private static let decodingTable: [UInt8] = {
        var table = [UInt8](repeating: 0xFF, count: 256)
        for (value, character) in alphabet.enumerated() {
            table[Int(character)] = UInt8(value)
        }
        return table
    }()

    /// Encodes `bytes` with padding.
    static func encode(_ bytes: some Collection<UInt8>) -> String {
        let input = Array(bytes)
        var output: [UInt8] = []
        output.reserveCapacity((input.count + 2) / 3 * 4)
        var index = 0
        while index < input.count {
            let remaining = input.count - index
            let byte0 = UInt32(input[index])
            let byte1 = remaining > 1 ? UInt32(input[index + 1]) : 0
            let byte2 = remaining > 2 ? UInt32(input[index + 2]) : 0
            let group = byte0 << 16 | byte1 << 8 | byte2
            output.append(alphabet[Int(group >> 18 & 0x3F)])
            output.append(alphabet[Int(group >> 12 & 0x3F)])
            output.append(remaining > 1 ? alphabet[Int(group >> 6 & 0x3F)] : UInt8(ascii: "="))
            output.append(remaining > 2 ? alphabet[Int(group & 0x3F)] : UInt8(ascii: "="))
            index += 3
        }
        return String(decoding: output, as: UTF8.self)
    }

    /// Decodes padded Base64. Whitespace is not allowed; non-zero bits in the
    /// last character before padding are ignored (RFC 4648 §3.5 permits either).
    ///
    /// - Throws: ``DecodingError`` for a wrong length, a foreign character or misplaced padding.
    static func decode(_ string: String) throws(DecodingError) -> [UInt8] {
        let input = Array(string.utf8)
        guard input.count % 4 == 0 else { throw .invalidLength }
        var output: [UInt8] = []
        output.reserveCapacity(input.count / 4 * 3)
        for groupStart in stride(from: 0, to: input.count, by: 4) {
            let isLastGroup = groupStart + 4 == input.count
            var padding = 0
            var group: UInt32 = 0
            for offset in 0..<4 {
                let character = input[groupStart + offset]
                if character == UInt8(ascii: "=") {
                    // Padding only in the last group, in the last one or two positions.
                    guard isLastGroup, offset >= 2 else { throw .invalidCharacter }
                    padding += 1
                    group <<= 6
                    continue
                }
                guard padding == 0 else { throw .invalidCharacter }
                let value = decodingTable[Int(character)]
                guard value != 0xFF else { throw .invalidCharacter }
                group = group << 6 | UInt32(value)
            }
            output.append(UInt8(truncatingIfNeeded: group >> 16))
            if padding < 2 { output.append(UInt8(truncatingIfNeeded: group >> 8)) }
            if padding < 1 { output.append(UInt8(truncatingIfNeeded: group)) }
        }
        return output
    }
}
