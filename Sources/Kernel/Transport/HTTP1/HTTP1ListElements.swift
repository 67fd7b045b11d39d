/// Iterates the comma-separated elements of a field value (RFC 9110 §5.6.1), each trimmed of
/// SP/HTAB, without allocating. Empty elements are yielded (as empty slices) so callers can
/// decide whether to ignore or reject them.
struct HTTP1ListElements: Sequence, IteratorProtocol {
    typealias Element = UnsafeRawBufferPointer.SubSequence

    private let value: UnsafeRawBufferPointer.SubSequence
    private var cursor: Int
    private var finished = false

    init(_ value: UnsafeRawBufferPointer.SubSequence) {
        self.value = value
        self.cursor = value.startIndex
    }

    mutating func next() -> Element? {
        guard !finished else { return nil }
        var end = cursor
        while end < value.endIndex, value[end] != HTTP1ByteClass.comma { end += 1 }
        let element = Self.trimmed(value[cursor..<end])
        if end == value.endIndex { finished = true } else { cursor = end + 1 }
        return element
    }

    /// `slice` without leading and trailing SP/HTAB.
    static func trimmed(_ slice: Element) -> Element {
        var start = slice.startIndex
        var end = slice.endIndex
        while start < end, HTTP1ByteClass.isWhitespace(slice[start]) { start += 1 }
        while end > start, HTTP1ByteClass.isWhitespace(slice[end - 1]) { end -= 1 }
        return slice[start..<end]
    }
}
