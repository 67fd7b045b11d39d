/// A streaming JSON `Encoder` that writes compact UTF-8 straight into one byte buffer.
///
/// It avoids Foundation's `JSONEncoder` on the reply path: no intermediate tree, no `Data`.
/// Containers are closed lazily: a write at an outer level first closes every deeper container,
/// which matches how synthesized `Encodable` conformances encode (depth-first, in order).
enum JSONWriter {
    /// Encodes `value` as compact JSON.
    static func encode(_ value: some Encodable) throws -> [UInt8] {
        let sink = JSONSink()
        try value.encode(to: JSONStreamEncoder(sink: sink, level: 0))
        sink.close(downTo: 0)
        if sink.bytes.isEmpty { sink.bytes.append(contentsOf: "{}".utf8) }
        return sink.bytes
    }
}

/// The shared output and the stack of open containers.
final class JSONSink {
    var bytes: [UInt8] = []
    /// The containers still open, outermost first.
    var open = JSONContainerStack()

    init() { bytes.reserveCapacity(128) }

    func close(downTo level: Int) {
        while open.depth > level {
            bytes.append(open.pop() ? UInt8(ascii: "}") : UInt8(ascii: "]"))
        }
    }

    func push(object: Bool, level: Int) {
        close(downTo: level)
        bytes.append(object ? UInt8(ascii: "{") : UInt8(ascii: "["))
        open.push(object: object)
    }

    /// Prepares a member slot of the container at `level`: closes deeper ones and writes the comma.
    func beginMember(level: Int) {
        close(downTo: level + 1)
        if open.markMember(at: level) { bytes.append(UInt8(ascii: ",")) }
    }

    func writeKey(_ key: String) {
        writeString(key)
        bytes.append(UInt8(ascii: ":"))
    }

    func writeString(_ string: String) {
        bytes.append(UInt8(ascii: "\""))
        let utf8 = string.utf8
        // Fast path: most keys and values need no escaping, so append them in one go.
        if let clean = utf8.withContiguousStorageIfAvailable({ !$0.contains { $0 < 0x20 || $0 == UInt8(ascii: "\"") || $0 == UInt8(ascii: "\\") } }), clean {
            bytes.append(contentsOf: utf8)
            bytes.append(UInt8(ascii: "\""))
            return
        }
        for byte in utf8 {
            switch byte {
            case UInt8(ascii: "\""): bytes.append(contentsOf: [UInt8(ascii: "\\"), UInt8(ascii: "\"")])
            case UInt8(ascii: "\\"): bytes.append(contentsOf: [UInt8(ascii: "\\"), UInt8(ascii: "\\")])
            case 0x0A: bytes.append(contentsOf: [UInt8(ascii: "\\"), UInt8(ascii: "n")])
            case 0x0D: bytes.append(contentsOf: [UInt8(ascii: "\\"), UInt8(ascii: "r")])
            case 0x09: bytes.append(contentsOf: [UInt8(ascii: "\\"), UInt8(ascii: "t")])
            case 0..<0x20:
                let hex = Array("0123456789abcdef".utf8)
                bytes.append(contentsOf: [UInt8(ascii: "\\"), UInt8(ascii: "u"), UInt8(ascii: "0"), UInt8(ascii: "0"), hex[Int(byte >> 4)], hex[Int(byte & 0xF)]])
            default: bytes.append(byte)
            }
        }
        bytes.append(UInt8(ascii: "\""))
    }

    func writeDouble(_ value: Double) throws {
        guard value.isFinite else {
            throw EncodingError.invalidValue(value, .init(codingPath: [], debugDescription: "JSON cannot represent \(value)"))
        }
        if value.rounded() == value, abs(value) < 1e15 { writeInteger(Int64(value)) } else { bytes.append(contentsOf: value.description.utf8) }
    }

    func writeInteger(_ value: some BinaryInteger) {
        if value >= 0 && value < 10 { bytes.append(UInt8(ascii: "0") + UInt8(value)); return }
        bytes.append(contentsOf: String(value).utf8)
    }

    func writeLiteral(_ text: StaticString) {
        bytes.append(contentsOf: UnsafeBufferPointer(start: text.utf8Start, count: text.utf8CodeUnitCount))
    }
}

/// The `Encoder` handed to each value; `level` is the number of containers open around it.
struct JSONStreamEncoder: Encoder {
    let sink: JSONSink
    let level: Int
    var codingPath: [any CodingKey] = []
    var userInfo: [CodingUserInfoKey: Any] { [:] }

    init(sink: JSONSink, level: Int) {
        self.sink = sink
        self.level = level
    }

    func container<Key: CodingKey>(keyedBy type: Key.Type) -> KeyedEncodingContainer<Key> {
        sink.push(object: true, level: level)
        return KeyedEncodingContainer(JSONKeyedContainer<Key>(sink: sink, level: level))
    }

    func unkeyedContainer() -> any UnkeyedEncodingContainer {
        sink.push(object: false, level: level)
        return JSONUnkeyedContainer(sink: sink, level: level)
    }

    func singleValueContainer() -> any SingleValueEncodingContainer {
        sink.close(downTo: level)
        return JSONSingleValueContainer(sink: sink, level: level)
    }

    /// Writes a nested value, which opens its own containers one level deeper.
    static func write(_ value: some Encodable, sink: JSONSink, level: Int) throws {
        switch value {
        case let string as String: sink.writeString(string)
        case let int as Int: sink.writeInteger(int)
        case let double as Double: try sink.writeDouble(double)
        case let bool as Bool: bool ? sink.writeLiteral("true") : sink.writeLiteral("false")
        default:
            let before = sink.bytes.count
            try value.encode(to: JSONStreamEncoder(sink: sink, level: level))
            sink.close(downTo: level)
            if sink.bytes.count == before { sink.writeLiteral("{}") }
        }
    }
}
