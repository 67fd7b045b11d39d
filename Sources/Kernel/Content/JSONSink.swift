/// The JSON writer's output and its stack of open containers, shared by the encoder and its containers.
///
/// The bytes live in a buffer the sink allocates and grows itself, so writing one byte is a capacity
/// check and a store: appending to an `Array` also checked its uniqueness every time, which was a large
/// part of encoding a small value. ``finish()`` copies the result into the reply's array once, and the
/// thread keeps the emptied sink for the next value (``takeSpare()``).
final class JSONSink {
    private var storage: UnsafeMutablePointer<UInt8>
    /// How many bytes the buffer holds.
    private(set) var capacity: Int
    /// How many bytes were written.
    private(set) var count = 0
    /// The containers still open, outermost first.
    var open = JSONContainerStack()

    init(capacity: Int = 128) {
        storage = .allocate(capacity: capacity)
        self.capacity = capacity
    }

    deinit { storage.deallocate() }

    /// The bytes written, as an array of exactly that size.
    func finish() -> [UInt8] { Array(UnsafeBufferPointer(start: storage, count: count)) }

    /// Forgets what was written and the open containers, keeping the buffer.
    func removeAll() {
        count = 0
        open = JSONContainerStack()
    }

    /// Makes room for `extra` more bytes.
    @inline(__always)
    private func reserve(_ extra: Int) {
        if count + extra > capacity { grow(toHold: count + extra) }
    }

    private func grow(toHold needed: Int) {
        let newCapacity = max(needed, capacity * 2)
        let larger = UnsafeMutablePointer<UInt8>.allocate(capacity: newCapacity)
        larger.update(from: storage, count: count)
        storage.deallocate()
        storage = larger
        capacity = newCapacity
    }

    @inline(__always)
    func append(_ byte: UInt8) {
        reserve(1)
        storage[count] = byte
        count += 1
    }

    @inline(__always)
    func append(_ bytes: UnsafeBufferPointer<UInt8>) {
        guard let base = bytes.baseAddress else { return }
        reserve(bytes.count)
        (storage + count).update(from: base, count: bytes.count)
        count += bytes.count
    }

    func append(_ bytes: some Sequence<UInt8>) {
        for byte in bytes { append(byte) }
    }

    func close(downTo level: Int) {
        while open.depth > level {
            append(open.pop() ? UInt8(ascii: "}") : UInt8(ascii: "]"))
        }
    }

    func push(object: Bool, level: Int) {
        close(downTo: level)
        append(object ? UInt8(ascii: "{") : UInt8(ascii: "["))
        open.push(object: object)
    }

    /// Prepares a member slot of the container at `level`: closes deeper ones and writes the comma.
    func beginMember(level: Int) {
        close(downTo: level + 1)
        if open.markMember(at: level) { append(UInt8(ascii: ",")) }
    }

    func writeKey(_ key: String) {
        writeString(key)
        append(UInt8(ascii: ":"))
    }

    /// Writes `string` quoted. Most keys and values need no escaping: they are checked eight bytes at a
    /// time and copied in one go; the rest are escaped byte by byte.
    func writeString(_ string: String) {
        let copied = string.utf8.withContiguousStorageIfAvailable { bytes -> Bool in
            guard !Self.needsEscaping(bytes) else { return false }
            reserve(bytes.count + 2)
            append(UInt8(ascii: "\""))
            append(bytes)
            append(UInt8(ascii: "\""))
            return true
        }
        if copied == true { return }
        append(UInt8(ascii: "\""))
        for byte in string.utf8 { writeEscaped(byte) }
        append(UInt8(ascii: "\""))
    }

    private func writeEscaped(_ byte: UInt8) {
        JSONText.escape(byte) { append($0) }
    }

    /// Whether `bytes` holds a control character, `"` or `\`, eight bytes at a time (see ``WordScan``).
    static func needsEscaping(_ bytes: UnsafeBufferPointer<UInt8>) -> Bool {
        WordScan.contains(UnsafeRawBufferPointer(bytes), screen: { word in
            WordScan.flagsBelow(0x20, in: word) | WordScan.flagsEqual(UInt8(ascii: "\""), in: word)
                | WordScan.flagsEqual(UInt8(ascii: "\\"), in: word) != 0
        }, where: { $0 < 0x20 || $0 == UInt8(ascii: "\"") || $0 == UInt8(ascii: "\\") })
    }

    func writeDouble(_ value: Double) throws {
        guard value.isFinite else {
            throw EncodingError.invalidValue(value, .init(codingPath: [], debugDescription: "JSON cannot represent \(value)"))
        }
        if value.rounded() == value, abs(value) < 1e15 { writeInteger(Int64(value)) } else { append(value.description.utf8) }
    }

    func writeInteger(_ value: some BinaryInteger) {
        if value >= 0 && value < 10 { append(UInt8(ascii: "0") + UInt8(value)); return }
        append(String(value).utf8)
    }

    func writeLiteral(_ text: StaticString) {
        append(UnsafeBufferPointer(start: text.utf8Start, count: text.utf8CodeUnitCount))
    }
}
