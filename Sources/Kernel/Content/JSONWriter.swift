/// A streaming JSON `Encoder` that writes compact UTF-8 straight into one byte buffer.
///
/// It avoids Foundation's `JSONEncoder` on the reply path: no intermediate tree, no `Data`.
/// Containers are closed lazily: a write at an outer level first closes every deeper container,
/// which matches how synthesized `Encodable` conformances encode (depth-first, in order).
enum JSONWriter {
    /// Encodes `value` as compact JSON.
    static func encode(_ value: some Encodable) throws -> [UInt8] {
        // A value that throws takes its sink with it; the next one starts from a new sink.
        let sink = JSONSink.takeSpare()
        try value.encode(to: JSONStreamEncoder(sink: sink, level: 0))
        sink.close(downTo: 0)
        if sink.count == 0 { sink.writeLiteral("{}") }
        let bytes = sink.finish()
        JSONSink.keepAsSpare(consume sink)
        return bytes
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
            let before = sink.count
            try value.encode(to: JSONStreamEncoder(sink: sink, level: level))
            sink.close(downTo: level)
            if sink.count == before { sink.writeLiteral("{}") }
        }
    }
}
