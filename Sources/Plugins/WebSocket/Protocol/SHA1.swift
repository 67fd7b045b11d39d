/// Minimal SHA-1 (FIPS 180-4), used only for `Sec-WebSocket-Accept`.
///
/// SHA-1 is broken for collision resistance; RFC 6455 uses it merely to prove
/// that the server understood the handshake, which this is adequate for.
///
/// ```swift
/// SHA1.hash(Array("abc".utf8))   // a9993e36 4706816a ba3e2571 7850c26c 9cd0d89d
/// ```
enum SHA1 {
    /// Size of a digest in bytes.
    static let digestSize = 20

    /// The 20-byte digest of `message`.
    static func hash(_ message: some Collection<UInt8>) -> [UInt8] {
        var state: (UInt32, UInt32, UInt32, UInt32, UInt32) = (
            0x6745_2301, 0xEFCD_AB89, 0x98BA_DCFE, 0x1032_5476, 0xC3D2_E1F0
        )
        var padded = Array(message)
        let messageBitLength = UInt64(padded.count) &* 8
        padded.append(0x80)
        while padded.count % 64 != 56 {
            padded.append(0)
        }
        for shift in stride(from: 56, through: 0, by: -8) {
            padded.append(UInt8(truncatingIfNeeded: messageBitLength >> UInt64(shift)))
        }

        var schedule = [UInt32](repeating: 0, count: 80)
        for blockStart in stride(from: 0, to: padded.count, by: 64) {
            for word in 0..<16 {
                let offset = blockStart + word * 4
                schedule[word] =
                    UInt32(padded[offset]) << 24 | UInt32(padded[offset + 1]) << 16
                    | UInt32(padded[offset + 2]) << 8 | UInt32(padded[offset + 3])
            }
            for word in 16..<80 {
                let mixed = schedule[word - 3] ^ schedule[word - 8] ^ schedule[word - 14]
                    ^ schedule[word - 16]
                schedule[word] = rotateLeft(mixed, by: 1)
            }
            compress(&state, schedule: schedule)
        }

        var digest: [UInt8] = []
        digest.reserveCapacity(digestSize)
        for word in [state.0, state.1, state.2, state.3, state.4] {
            digest.append(UInt8(truncatingIfNeeded: word >> 24))
            digest.append(UInt8(truncatingIfNeeded: word >> 16))
            digest.append(UInt8(truncatingIfNeeded: word >> 8))
            digest.append(UInt8(truncatingIfNeeded: word))
        }
        return digest
    }

    /// Runs the 80 rounds over one expanded block and adds the result into `state`.
    private static func compress(
        _ state: inout (UInt32, UInt32, UInt32, UInt32, UInt32), schedule: [UInt32]
    ) {
        var (a, b, c, d, e) = state
        for round in 0..<80 {
            let mixing: UInt32
            let constant: UInt32
            switch round {
            case 0..<20:
                mixing = (b & c) | (~b & d)
                constant = 0x5A82_7999
            case 20..<40:
                mixing = b ^ c ^ d
                constant = 0x6ED9_EBA1
            case 40..<60:
                mixing = (b & c) | (b & d) | (c & d)
                constant = 0x8F1B_BCDC
            default:
                mixing = b ^ c ^ d
                constant = 0xCA62_C1D6
            }
            let next = rotateLeft(a, by: 5) &+ mixing &+ e &+ constant &+ schedule[round]
            e = d
            d = c
            c = rotateLeft(b, by: 30)
            b = a
            a = next
        }
        state.0 &+= a
        state.1 &+= b
        state.2 &+= c
        state.3 &+= d
        state.4 &+= e
    }

    private static func rotateLeft(_ value: UInt32, by count: UInt32) -> UInt32 {
        (value << count) | (value >> (32 - count))
    }
}
