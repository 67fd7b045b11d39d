/// The connection's output: the bytes queued for its socket, written now or awaited, and the
/// transport's own error replies.
extension HTTPConnectionHandler {
    /// Writes `{statusCode, code?, error, message}` with `Connection: close`, then marks the connection closing.
    /// The reply to a known request `head` follows its method and version (no body for `HEAD`); without one (a head
    /// rejected or cut short), `toHEAD` says whether its request-line began with `HEAD`, and then no body follows either.
    @inline(never)
    nonisolated(nonsending) func writeRaw(
        status: HTTPStatus, message: String, code: String? = nil, for head: HTTP1RequestHead? = nil, toHEAD: Bool = false
    ) async {
        let text = DefaultHandlers.body(status: status, code: code, message: message)
        var context = head.map(HTTP1ResponseContext.init(for:)) ?? HTTP1ResponseContext(requestMethod: toHEAD ? "HEAD" : "GET")
        context.keepAlive = false
        let head = HTTP1ResponseHead(status: status.code, reason: status.reasonPhrase, headers: [
            HTTP1HeaderField(name: "content-type", value: "application/json; charset=utf-8"),
        ])
        _ = try? serializer.writeResponse(head, body: Array(text.utf8), for: context, into: &output)
        shouldClose = true
        await flush()
    }

    /// A body larger than this is written from the reply's own buffer instead of being copied behind its head.
    static var largeBody: Int { 64 * 1024 }

    /// Writes what is queued (the head), then `body` straight from its buffer: a large reply is held once while
    /// a slow client reads it, not twice. Each write has the whole ``ServerConfiguration/writeTimeout``.
    nonisolated(nonsending) func flush(body: [UInt8]) async {
        await flush()
        guard !shouldClose else { return }
        do {
            try await connection.write(body, deadline: .now + configuration.writeTimeout)
        } catch {
            shouldClose = true
        }
    }

    /// Writes what the socket takes now, without suspending; `true` when nothing is left queued.
    func flushNow() -> Bool {
        guard !output.isEmpty else { return true }
        do {
            let written = try output.withUnsafeBytes { bytes throws(SocketError) in try connection.writeNow(bytes) }
            if written == output.count {
                // The buffer goes to the loop, for the next reply it serializes on any connection: that one is
                // still in cache, where this connection's own would be cold after other connections ran.
                returnWriteBuffer()
                return true
            }
            output.removeFirst(written)
            return false
        } catch {
            output.removeAll(keepingCapacity: true)
            shouldClose = true
            return true
        }
    }

    /// Gives the empty `output` room for `capacity` bytes: the loop's spare buffer when it is large enough.
    func takeWriteBuffer(capacity: Int) {
        let loop = connection.loop
        assert(loop.inEventLoop, "a connection's write buffer is used on its own loop only")
        if loop.spareWriteBuffer.capacity >= capacity {
            swap(&output, &loop.spareWriteBuffer)
        } else {
            output.reserveCapacity(capacity)
        }
    }

    /// Empties `output` and leaves its storage with the loop when the loop has none and it is not oversized.
    private func returnWriteBuffer() {
        let loop = connection.loop
        assert(loop.inEventLoop, "a connection's write buffer is used on its own loop only")
        if loop.spareWriteBuffer.capacity == 0, output.capacity <= 64 * 1024 {
            output.removeAll(keepingCapacity: true)
            swap(&output, &loop.spareWriteBuffer)
        } else {
            output = []
        }
    }

    /// Writes everything queued, suspending while the socket is full.
    @inline(never)
    nonisolated(nonsending) func flush() async {
        guard !output.isEmpty else { return }
        // Swap instead of copy, so the buffer's capacity is reused without copy-on-write.
        var bytes: [UInt8] = []
        swap(&bytes, &output)
        do {
            try await connection.write(bytes, deadline: .now + configuration.writeTimeout)
        } catch {
            shouldClose = true
        }
        bytes.removeAll(keepingCapacity: true)
        if output.isEmpty { output = bytes }
    }
}
