/// Writes HTTP/1.1 response heads and chunked body framing into a `[UInt8]` buffer.
///
/// It owns message framing: it writes `Content-Length` or `Transfer-Encoding: chunked`
/// itself (dropping any supplied by the caller), omits them where RFC 9110 forbids them,
/// adds `Date` and `Connection`, and tells the caller whether a body may follow.
///
/// ```swift
/// var serializer = HTTP1ResponseSerializer()
/// var out: [UInt8] = []
/// let plan = try serializer.writeResponse(
///     .init(status: 200, headers: [.init(name: "Content-Type", value: "text/plain")]),
///     body: Array("hi".utf8), for: .init(for: requestHead), into: &out)
/// ```
public struct HTTP1ResponseSerializer: Sendable {
    /// The `Date` value source, refreshed at most once per second.
    public var dateCache: DateHeaderCache

    /// Creates a serializer with its own date cache.
    public init(dateCache: DateHeaderCache = .init()) {
        self.dateCache = dateCache
    }

    /// Writes the status line, fields and blank line for `head`.
    /// - Returns: whether a body may follow, whether it must be chunked, and whether to close.
    public mutating func writeHead(
        _ head: HTTP1ResponseHead, framing: HTTP1ResponseFraming,
        for request: HTTP1ResponseContext, into buffer: inout [UInt8]
    ) throws(HTTP1SerializeError) -> HTTP1ResponseWritePlan {
        try writeHead(status: head.status, reason: head.reason, fields: head.headers, framing: framing, for: request, into: &buffer)
    }

    /// Writes a head from any array of fields (the kernel passes a reply's headers as they are, with no copy).
    /// Fields are read by index where they are stored, so writing them retains none of their strings.
    /// On a throw, `buffer` is left as it was.
    /// `shared` lines (a checked ``HTTPHeaderBlock``, holding no field the serializer acts on) go in as they
    /// are, before `fields[shared.index]`.
    mutating func writeHead<Field: HTTP1ResponseField>(
        status: Int, reason: String?, fields: [Field], shared: (block: HTTPHeaderBlock, index: Int)? = nil,
        framing: HTTP1ResponseFraming, for request: HTTP1ResponseContext, into buffer: inout [UInt8]
    ) throws(HTTP1SerializeError) -> HTTP1ResponseWritePlan {
        guard (100...999).contains(status) else { throw .invalidStatus }
        try Self.validateReason(reason)
        let informational = status < 200
        let isHead = request.requestMethod.utf8.count == 4 && request.requestMethod == "HEAD"
        let tunnel = request.requestMethod.utf8.count == 7 && request.requestMethod == "CONNECT" && (200..<300).contains(status)
        let framingForbidden = informational || status == 204 || status == 304 || tunnel

        // Measured first, so the head is written into bytes reserved once, exactly as many as it takes.
        var closeConnection = !request.keepAlive && !informational
        var hasDate = false
        var fieldsSize = 0, connectionFieldsSize = 0
        for index in fields.indices {
            let lineSize = fields[index].name.utf8.count + fields[index].value.utf8.count + 4
            switch Self.specialField(fields[index].name) {
            case .contentLength, .transferEncoding:
                continue
            case .connection:
                connectionFieldsSize += lineSize
                if informational { continue }
                closeConnection = closeConnection || fields[index].value.utf8.split(separator: HTTP1ByteClass.comma)
                    .contains { HTTP1ByteClass.equalsIgnoringCase(trimmed: $0, "close") }
                continue
            case .date: hasDate = true
            case nil: break
            }
            fieldsSize += lineSize
        }
        var chunked = false
        if !framingForbidden, case .chunked = framing {
            if request.requestVersion == .http1_0 { closeConnection = true } else { chunked = true }
        }
        // The lines the serializer adds, decided before writing so the writing captures no string.
        var contentLength: Int?
        if !framingForbidden, case .contentLength(let length) = framing { contentLength = length }
        let connectionLine: StaticString? =
            if closeConnection { "Connection: close\r\n" }
            else if request.requestVersion == .http1_0, !informational { "Connection: keep-alive\r\n" }
            else { nil }
        var reasonText = reason ?? HTTPStatus.registeredPhrase(for: status)
        let date = !informational && !hasDate ? dateCache.currentValue() : []

        // The status line (a status is always three digits) and the blank line's CRLF, then each part that follows.
        var size = "HTTP/1.1 200 \r\n\r\n".utf8.count + (reasonText?.utf8.count ?? 0) + fieldsSize
        if !closeConnection { size += connectionFieldsSize }
        if let shared { size += shared.block.wireLines.count }
        if !date.isEmpty { size += "Date: \r\n".utf8.count + date.count }
        if let contentLength { size += "Content-Length: \r\n".utf8.count + HTTP1HeadWriter.decimalDigits(contentLength) }
        if chunked { size += Self.chunkedLine.utf8CodeUnitCount }
        if let connectionLine { size += connectionLine.utf8CodeUnitCount }

        let sharedIndex = shared?.index ?? -1
        // Written into a temporary allocation (on the stack for a head of usual size), then appended with one copy;
        // nothing is appended when a field is invalid. Written here, not in a helper's closure, so nothing is retained.
        let invalid = withUnsafeTemporaryAllocation(of: UInt8.self, capacity: size) { scratch -> HTTP1SerializeError? in
            var writer = HTTP1HeadWriter(start: scratch.baseAddress!, capacity: size)
            writer.write("HTTP/1.1 ")
            writer.writeDecimal(status)
            writer.write(HTTP1ByteClass.space)
            // Without a reason, the registered phrase (an unregistered code gets an empty one, RFC 9112 §4).
            reasonText?.withUTF8 { writer.write($0) }
            writer.write("\r\n")
            for index in fields.indices {
                if index == sharedIndex, let shared { shared.block.wireLines.withUnsafeBufferPointer { writer.write($0) } }
                switch Self.specialField(fields[index].name) {
                case .contentLength, .transferEncoding: continue
                case .connection where closeConnection: continue
                default: break
                }
                // Validated while copied: a name must be a token, a value may not hold CR, LF, NUL or another control.
                guard writer.write(fields[index].name, ifValid: HTTP1ByteClass.isToken) else { return .invalidHeaderName }
                writer.write(": ")
                guard writer.write(fields[index].value, ifValid: Self.isFieldValue) else { return .invalidHeaderValue }
                writer.write("\r\n")
            }
            if sharedIndex == fields.count, let shared { shared.block.wireLines.withUnsafeBufferPointer { writer.write($0) } }
            if !date.isEmpty { date.withUnsafeBufferPointer { writer.writeField("Date", $0) } }
            if let contentLength {
                writer.write("Content-Length: ")
                writer.writeDecimal(contentLength)
                writer.write("\r\n")
            }
            // An HTTP/1.0 client gets neither framing field for a streamed body: closing the connection ends it.
            if chunked { writer.write(Self.chunkedLine) }
            if let connectionLine { writer.write(connectionLine) }
            writer.write("\r\n")
            assert(writer.written == size, "a response head was measured larger than written")
            buffer.append(contentsOf: UnsafeBufferPointer(rebasing: scratch[..<writer.written]))
            return nil
        }
        if let invalid { throw invalid }
        return HTTP1ResponseWritePlan(
            bodyAllowed: !framingForbidden && !isHead, chunked: chunked && !isHead,
            closeConnection: closeConnection)
    }

    /// The framing line of a chunked body.
    static let chunkedLine: StaticString = "Transfer-Encoding: chunked\r\n"

    /// Writes a complete response with a `Content-Length` body (the body is left out where
    /// the status or method forbids one).
    @discardableResult
    public mutating func writeResponse(
        _ head: HTTP1ResponseHead, body: [UInt8], for request: HTTP1ResponseContext, into buffer: inout [UInt8]
    ) throws(HTTP1SerializeError) -> HTTP1ResponseWritePlan {
        let plan = try writeHead(head, framing: .contentLength(body.count), for: request, into: &buffer)
        if plan.bodyAllowed { buffer.append(contentsOf: body) }
        return plan
    }

    /// Appends one chunk (`size-in-hex CRLF data CRLF`); an empty `data` writes nothing,
    /// since a zero-size chunk would end the body.
    public static func writeChunk(_ data: some Collection<UInt8>, into buffer: inout [UInt8]) {
        guard !data.isEmpty else { return }
        buffer.append(contentsOf: String(data.count, radix: 16).utf8)
        buffer.append(contentsOf: [HTTP1ByteClass.cr, HTTP1ByteClass.lf])
        buffer.append(contentsOf: data)
        buffer.append(contentsOf: [HTTP1ByteClass.cr, HTTP1ByteClass.lf])
    }

    /// Appends the last-chunk and the empty trailer section: `0 CRLF CRLF`.
    public static func writeLastChunk(into buffer: inout [UInt8]) {
        buffer.append(contentsOf: "0\r\n\r\n".utf8)
    }
}
