/// The 32-bit masking key of a client-to-server frame (RFC 6455 §5.3).
///
/// Masking is an XOR of payload byte `i` with key byte `i % 4`; applying the
/// same key twice restores the original bytes.
///
/// ```swift
/// let key = WebSocketMaskingKey(0x37, 0xfa, 0x21, 0x3d)
/// var bytes: [UInt8] = Array("Hello".utf8)
/// key.apply(to: &bytes)   // masked
/// key.apply(to: &bytes)   // "Hello" again
/// ```
public struct WebSocketMaskingKey: Hashable, Sendable, CustomStringConvertible {
    /// Key byte 0 (first on the wire).
    public let byte0: UInt8
    /// Key byte 1.
    public let byte1: UInt8
    /// Key byte 2.
    public let byte2: UInt8
    /// Key byte 3 (last on the wire).
    public let byte3: UInt8

    /// Creates a key from its four wire bytes, in order.
    public init(_ byte0: UInt8, _ byte1: UInt8, _ byte2: UInt8, _ byte3: UInt8) {
        self.byte0 = byte0
        self.byte1 = byte1
        self.byte2 = byte2
        self.byte3 = byte3
    }

    /// Creates a key from exactly four bytes; returns `nil` for any other count.
    public init?(_ bytes: some Collection<UInt8>) {
        guard bytes.count == 4 else { return nil }
        var iterator = bytes.makeIterator()
        self.init(iterator.next()!, iterator.next()!, iterator.next()!, iterator.next()!)
    }

    /// A key drawn from the system's cryptographically secure generator,
    /// as RFC 6455 §5.3 requires for clients.
    public static func random() -> WebSocketMaskingKey {
        var generator = SystemRandomNumberGenerator()
        let value = generator.next() as UInt32
        return WebSocketMaskingKey(
            UInt8(truncatingIfNeeded: value >> 24), UInt8(truncatingIfNeeded: value >> 16),
            UInt8(truncatingIfNeeded: value >> 8), UInt8(truncatingIfNeeded: value))
    }

    /// The four key bytes in wire order.
    public var bytes: [UInt8] { [byte0, byte1, byte2, byte3] }

    /// XORs `buffer[range]` in place, where `range.lowerBound` is payload
    /// offset `payloadOffset` (so chunks of one payload can be unmasked separately).
    func apply(to buffer: inout [UInt8], range: Range<Int>, payloadOffset: Int) {
        let key = (byte0, byte1, byte2, byte3)
        buffer.withUnsafeMutableBufferPointer { pointer in
            var keyIndex = payloadOffset & 3
            for index in range {
                let keyByte: UInt8 = switch keyIndex {
                case 0: key.0
                case 1: key.1
                case 2: key.2
                default: key.3
                }
                pointer[index] ^= keyByte
                keyIndex = (keyIndex + 1) & 3
            }
        }
    }

    /// XORs every byte of `buffer` with this key, starting at key byte 0.
    public func apply(to buffer: inout [UInt8]) {
        apply(to: &buffer, range: buffer.indices, payloadOffset: 0)
    }

    /// The key as eight hex digits, e.g. `37fa213d`.
    public var description: String {
        bytes.map { byte in
            let digits = String(byte, radix: 16)
            return byte < 0x10 ? "0" + digits : digits
        }.joined()
    }
}
