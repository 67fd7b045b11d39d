/// Members of an object.
struct JSONKeyedContainer<Key: CodingKey>: KeyedEncodingContainerProtocol {
    let sink: JSONSink
    let level: Int
    var codingPath: [any CodingKey] { [] }

    private func member(_ key: Key) {
        sink.beginMember(level: level)
        sink.writeKey(key.stringValue)
    }

    mutating func encodeNil(forKey key: Key) throws { member(key); sink.writeLiteral("null") }
    mutating func encode(_ value: Bool, forKey key: Key) throws { member(key); value ? sink.writeLiteral("true") : sink.writeLiteral("false") }
    mutating func encode(_ value: String, forKey key: Key) throws { member(key); sink.writeString(value) }
    mutating func encode(_ value: Double, forKey key: Key) throws { member(key); try sink.writeDouble(value) }
    mutating func encode(_ value: Float, forKey key: Key) throws { member(key); try sink.writeDouble(Double(value)) }
    mutating func encode(_ value: Int, forKey key: Key) throws { member(key); sink.writeInteger(value) }
    mutating func encode(_ value: Int64, forKey key: Key) throws { member(key); sink.writeInteger(value) }
    mutating func encode(_ value: UInt64, forKey key: Key) throws { member(key); sink.writeInteger(value) }
    mutating func encode(_ value: Int32, forKey key: Key) throws { member(key); sink.writeInteger(value) }
    mutating func encode<T: Encodable>(_ value: T, forKey key: Key) throws {
        member(key)
        try JSONStreamEncoder.write(value, sink: sink, level: level + 1)
    }

    mutating func nestedContainer<NestedKey: CodingKey>(keyedBy keyType: NestedKey.Type, forKey key: Key) -> KeyedEncodingContainer<NestedKey> {
        member(key)
        return JSONStreamEncoder(sink: sink, level: level + 1).container(keyedBy: keyType)
    }

    mutating func nestedUnkeyedContainer(forKey key: Key) -> any UnkeyedEncodingContainer {
        member(key)
        return JSONStreamEncoder(sink: sink, level: level + 1).unkeyedContainer()
    }

    mutating func superEncoder() -> any Encoder { superEncoder(forKey: Key(stringValue: "super")!) }

    mutating func superEncoder(forKey key: Key) -> any Encoder {
        member(key)
        return JSONStreamEncoder(sink: sink, level: level + 1)
    }
}

/// Elements of an array.
struct JSONUnkeyedContainer: UnkeyedEncodingContainer {
    let sink: JSONSink
    let level: Int
    var codingPath: [any CodingKey] { [] }
    private(set) var count = 0

    init(sink: JSONSink, level: Int) {
        self.sink = sink
        self.level = level
    }

    /// Writes the comma before every element but the first.
    private mutating func element() {
        sink.beginMember(level: level)
        count += 1
    }

    mutating func encodeNil() throws { element(); sink.writeLiteral("null") }
    mutating func encode(_ value: String) throws { element(); sink.writeString(value) }
    mutating func encode(_ value: Int) throws { element(); sink.writeInteger(value) }
    mutating func encode(_ value: Double) throws { element(); try sink.writeDouble(value) }
    mutating func encode(_ value: Bool) throws { element(); value ? sink.writeLiteral("true") : sink.writeLiteral("false") }
    mutating func encode<T: Encodable>(_ value: T) throws {
        element()
        try JSONStreamEncoder.write(value, sink: sink, level: level + 1)
    }

    mutating func nestedContainer<NestedKey: CodingKey>(keyedBy keyType: NestedKey.Type) -> KeyedEncodingContainer<NestedKey> {
        element()
        return JSONStreamEncoder(sink: sink, level: level + 1).container(keyedBy: keyType)
    }

    mutating func nestedUnkeyedContainer() -> any UnkeyedEncodingContainer {
        element()
        return JSONStreamEncoder(sink: sink, level: level + 1).unkeyedContainer()
    }

    mutating func superEncoder() -> any Encoder {
        element()
        return JSONStreamEncoder(sink: sink, level: level + 1)
    }
}

/// One value in the slot its parent prepared.
struct JSONSingleValueContainer: SingleValueEncodingContainer {
    let sink: JSONSink
    let level: Int
    var codingPath: [any CodingKey] { [] }

    mutating func encodeNil() throws { sink.writeLiteral("null") }
    mutating func encode(_ value: Bool) throws { value ? sink.writeLiteral("true") : sink.writeLiteral("false") }
    mutating func encode(_ value: String) throws { sink.writeString(value) }
    mutating func encode(_ value: Double) throws { try sink.writeDouble(value) }
    mutating func encode(_ value: Float) throws { try sink.writeDouble(Double(value)) }
    mutating func encode(_ value: Int) throws { sink.writeInteger(value) }
    mutating func encode(_ value: Int64) throws { sink.writeInteger(value) }
    mutating func encode(_ value: UInt64) throws { sink.writeInteger(value) }
    mutating func encode<T: Encodable>(_ value: T) throws { try JSONStreamEncoder.write(value, sink: sink, level: level) }
}
