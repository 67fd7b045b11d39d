/// Copies the parts of a response head into bytes reserved for it.
///
/// The serializer measures a head first, reserves that many bytes once, and writes each part with one
/// copy: no capacity or uniqueness check per byte, as appending to an `Array` would make. Every write
/// checks that it stays within the reservation.
struct HTTP1HeadWriter {
    private var cursor: UnsafeMutablePointer<UInt8>
    private let start: UnsafeMutablePointer<UInt8>
    private let end: UnsafeMutablePointer<UInt8>

    /// A writer over `capacity` bytes from `start`.
    init(start: UnsafeMutablePointer<UInt8>, capacity: Int) {
        self.start = start
        self.cursor = start
        self.end = start + capacity
    }

    /// How many bytes were written.
    var written: Int { cursor - start }

    /// Copies `bytes`.
    @inline(__always)
    mutating func write(_ bytes: UnsafeBufferPointer<UInt8>) {
        guard let base = bytes.baseAddress, bytes.count > 0 else { return }
        precondition(end - cursor >= bytes.count, "a response head outgrew its measured size")
        cursor.update(from: base, count: bytes.count)
        cursor += bytes.count
    }

    /// Copies the UTF-8 of a literal.
    @inline(__always)
    mutating func write(_ text: StaticString) {
        write(UnsafeBufferPointer(start: text.utf8Start, count: text.utf8CodeUnitCount))
    }

    /// Writes one byte.
    @inline(__always)
    mutating func write(_ byte: UInt8) {
        precondition(cursor < end, "a response head outgrew its measured size")
        cursor.pointee = byte
        cursor += 1
    }

    /// Copies the UTF-8 of `text` when `isValid` accepts it; writes nothing and returns `false` when it does not.
    @inline(__always)
    mutating func write(_ text: String, ifValid isValid: (UnsafeBufferPointer<UInt8>) -> Bool) -> Bool {
        HTTP1ResponseSerializer.withUTF8(of: text) { bytes in
            guard isValid(bytes) else { return false }
            write(bytes)
            return true
        }
    }

    /// Writes `name: value` and the line's CRLF.
    @inline(__always)
    mutating func writeField(_ name: StaticString, _ value: UnsafeBufferPointer<UInt8>) {
        write(name)
        write(": ")
        write(value)
        write("\r\n")
    }

    /// Writes the ASCII decimal digits of a non-negative integer.
    mutating func writeDecimal(_ value: Int) {
        precondition(value >= 0, "lengths and statuses are non-negative")
        let digits = Self.decimalDigits(value)
        precondition(end - cursor >= digits, "a response head outgrew its measured size")
        var rest = value
        for offset in stride(from: digits - 1, through: 0, by: -1) {
            cursor[offset] = UInt8(truncatingIfNeeded: 48 + rest % 10)
            rest /= 10
        }
        cursor += digits
    }

    /// How many decimal digits `value` (non-negative) has.
    static func decimalDigits(_ value: Int) -> Int {
        var digits = 1
        var rest = value
        while rest >= 10 {
            rest /= 10
            digits += 1
        }
        return digits
    }
}
