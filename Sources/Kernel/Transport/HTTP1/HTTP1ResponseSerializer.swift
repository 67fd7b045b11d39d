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
        let isHead = request.requestMethod == "HEAD"
        let tunnel = request.requestMethod == "CONNECT" && (200..<300).contains(status)
        let framingForbidden = informational || status == 204 || status == 304 || tunnel

        var closeConnection = !request.keepAlive && !informational
        var hasDate = false
        for index in fields.indices {
            switch Self.specialField(fields[index].name) {
            case .connection where !informational:
                closeConnection = closeConnection || fields[index].value.utf8.split(separator: HTTP1ByteClass.comma)
                    .contains { HTTP1ByteClass.equalsIgnoringCase(trimmed: $0, "close") }
            case .date: hasDate = true
            default: break
            }
        }
        var chunked = false
        if !framingForbidden, case .chunked = framing {
            if request.requestVersion == .http1_0 { closeConnection = true } else { chunked = true }
        }

        let start = buffer.count
        Self.writeStatusLine(status: status, reason: reason, into: &buffer)
        let sharedIndex = shared?.index ?? -1
        for index in fields.indices {
            if index == sharedIndex, let shared { buffer.append(contentsOf: shared.block.wireLines) }
            switch Self.specialField(fields[index].name) {
            case .contentLength, .transferEncoding: continue
            case .connection where closeConnection: continue
            default: break
            }
            // Validated while copied: a name must be a token, a value may not hold CR, LF, NUL or another control.
            guard Self.appendFieldName(fields[index].name, into: &buffer) else {
                buffer.removeSubrange(start...)
                throw .invalidHeaderName
            }
            buffer.append(HTTP1ByteClass.colon)
            buffer.append(HTTP1ByteClass.space)
            guard Self.appendFieldValue(fields[index].value, into: &buffer) else {
                buffer.removeSubrange(start...)
                throw .invalidHeaderValue
            }
            buffer.append(HTTP1ByteClass.cr)
            buffer.append(HTTP1ByteClass.lf)
        }
        if sharedIndex == fields.count, let shared { buffer.append(contentsOf: shared.block.wireLines) }
        if !informational, !hasDate {
            let date = dateCache.currentValue()
            Self.write(name: "Date", value: date, into: &buffer)
        }
        if !framingForbidden {
            switch framing {
            case .contentLength(let length):
                buffer.append(contentsOf: "Content-Length: ".utf8)
                Self.appendDecimal(length, into: &buffer)
                buffer.append(HTTP1ByteClass.cr)
                buffer.append(HTTP1ByteClass.lf)
            case .chunked where chunked:
                Self.write(name: "Transfer-Encoding", value: "chunked".utf8, into: &buffer)
            case .chunked:
                break  // HTTP/1.0 client: the body is delimited by closing the connection
            }
        }
        if closeConnection {
            Self.write(name: "Connection", value: "close".utf8, into: &buffer)
        } else if request.requestVersion == .http1_0, !informational {
            Self.write(name: "Connection", value: "keep-alive".utf8, into: &buffer)
        }
        buffer.append(HTTP1ByteClass.cr)
        buffer.append(HTTP1ByteClass.lf)
        return HTTP1ResponseWritePlan(
            bodyAllowed: !framingForbidden && !isHead, chunked: chunked && !isHead,
            closeConnection: closeConnection)
    }

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
