extension HTTPConnectionHandler {
    /// How far ``answerWithoutSuspending(_:body:)`` got with one request.
    enum Answer {
        /// The reply is queued; the value says whether the connection goes on.
        case answered(keepGoing: Bool)
        /// The kernel or the delivery must await: ``respond(to:_:_:_:)`` takes over where this stopped.
        case suspends(Request, Reply, CompiledApplication.Progress)
        /// A request timeout is configured: ``respond(withTimeLimit:to:body:)`` answers.
        case timed(Duration)
    }

    /// Runs the kernel and queues the reply when nothing on the way suspends (a synchronous route, a plain reply).
    /// Called without `await`, it spares the common request an async frame and an executor hop.
    func answerWithoutSuspending(_ head: HTTP1RequestHead, body: [UInt8]) -> Answer {
        if let limit = configuration.requestTimeout { return .timed(limit) }
        var request = makeRequest(head, body: body)
        var reply = Reply(start: request.start, reusing: &spareReplyHeaders)
        let progress = app.handleWithoutSuspending(&request, into: &reply)
        guard case .finished = progress, let keepGoing = deliverWithoutSuspending(request, reply, for: head) else {
            return .suspends(request, reply, progress)
        }
        recycle(&request, &reply)
        return .answered(keepGoing: keepGoing)
    }

    /// Finishes a request ``answerWithoutSuspending(_:body:)`` could not: the rest of the kernel, then the delivery.
    nonisolated(nonsending) func respond(
        to head: HTTP1RequestHead, _ request: consuming Request, _ reply: consuming Reply, _ progress: CompiledApplication.Progress
    ) async -> Bool {
        var request = request, reply = reply
        let turn = connection.loop.turnStarted
        if case .finished = progress {} else { await app.resume(progress, &request, &reply) }
        let keepGoing = await deliver(request, reply, for: head, waited: connection.loop.turnStarted != turn)
        recycle(&request, &reply)
        return keepGoing
    }

    /// Runs the kernel under the request timeout, then delivers; `false` ends the connection.
    @inline(never)
    nonisolated(nonsending) func respond(withTimeLimit limit: Duration, to head: HTTP1RequestHead, body: [UInt8]) async -> Bool {
        await respond(withTimeLimit: limit, to: head, makeRequest(head, body: body))
    }

    /// Runs the kernel on `request` under the request timeout, then delivers; `false` ends the connection.
    nonisolated(nonsending) func respond(withTimeLimit limit: Duration, to head: HTTP1RequestHead, _ request: consuming Request) async -> Bool {
        var request = request
        let turn = connection.loop.turnStarted
        guard let reply = await handleWithTimeout(&request, limit: limit) else { return false }
        return await deliver(request, reply, for: head, waited: connection.loop.turnStarted != turn)
    }

    /// ``deliver(_:_:for:waited:)`` when nothing in it awaits: no abort, stream, upgrade, large output or async
    /// `onResponse` hook. Returns `nil`, having changed nothing, when one of those is there.
    ///
    /// A client that half-closed after its request still gets an answer made without waiting, as nginx and
    /// Node give one; only a reply that had to wait, or a connection reset, counts as abandoned.
    private func deliverWithoutSuspending(_ request: Request, _ reply: Reply, for head: HTTP1RequestHead) -> Bool? {
        if reply.isHijacked { return false }
        guard !connection.isPeerReset, reply.upgradeHandler == nil else { return nil }
        let onResponse = reply.route?.onResponse
        if let onResponse, !onResponse.isSynchronous { return nil }
        let bodyCount: Int
        switch reply.body {
        case .bytes(let bytes): bodyCount = bytes.count
        case .empty: bodyCount = 0
        case .stream: return nil
        }
        guard output.count + bodyCount <= 64 * 1024, let plan = queueHead(of: reply, for: head) else { return nil }
        if plan.bodyAllowed, case .bytes(let bytes) = reply.body { output.append(contentsOf: bytes) }
        // A closing connection is flushed by `run` on its way out.
        if plan.closeConnection { shouldClose = true }
        if let onResponse {
            var request = request, reply = reply
            try? onResponse.runAllNow(&request, &reply)
        }
        return !shouldClose
    }

    /// Queues (or streams) a finished reply, hands over an upgrade, runs `onResponse`; `false` ends the connection.
    /// The request counts as abandoned (`onRequestAbort`) when the connection was reset, or when the client
    /// closed its side and the reply `waited` (was not ready in the loop turn that began it), as Node and
    /// nginx treat a client gone mid-request. An answer made without waiting is written.
    private nonisolated(nonsending) func deliver(
        _ request: Request, _ reply: Reply, for head: HTTP1RequestHead, waited: Bool
    ) async -> Bool {
        if reply.isHijacked { return false }
        if await refusesSwitch(request, reply, for: head) { return false }
        if connection.isPeerReset || (waited && connection.isPeerClosed) {
            await app.didAbort(request, reply)
            return false
        }
        guard let plan = queueHead(of: reply, for: head) else {
            await writeRaw(status: .internalServerError, message: "Invalid response status or header", for: head)
            return false
        }
        switch reply.body {
        case .bytes(let bytes) where plan.bodyAllowed && bytes.count > Self.largeBody: await flush(body: bytes)
        case .bytes(let bytes): if plan.bodyAllowed { output.append(contentsOf: bytes) }
        case .empty: break
        case .stream(let stream): await writeStream(stream, plan: plan)
        }
        if let upgrade = reply.upgradeHandler, reply.status == .switchingProtocols {
            await handOver(to: upgrade, request, reply)
            return false
        }
        if plan.closeConnection { shouldClose = true }
        if output.count > 64 * 1024 || shouldClose { await flush() }
        if reply.route?.onResponse != nil { await app.didRespond(request, reply) }
        return !shouldClose
    }

    /// The kernel's request for a parsed head (synchronous, so its temporaries stay off the task's allocator).
    func makeRequest(_ head: HTTP1RequestHead, body: [UInt8]) -> Request {
        var headers = head.headers
        var url = head.target
        if url.utf8.first != UInt8(ascii: "/") {
            // Absolute form: route on the path and query; the target's authority replaces Host (RFC 9112 §3.2.2).
            url = head.originFormTarget
            if let host = head.host, !head.isConnect { headers["host"] = host }
        }
        let hasBody = head.framing != .none
        var request = Request(
            identity: app.nextRequestIdentity(headers: headers), method: HTTPMethod(head.method), url: url,
            headers: headers, body: hasBody ? body : nil, remoteAddress: remoteAddress,
            start: connection.loop.turnStarted
        )
        if head.version == .http1_0 { request.httpVersion = "1.0" }
        if app.options.handlerTimeout != nil { request.executor = connection.loop }
        // The storage the last request's decorations were written into, emptied: writing one costs no allocation.
        swap(&request.locals, &spareDecorations)
        return request
    }

    /// Keeps the storage of a finished request's decorations and of its reply's headers for the next request on
    /// this connection, emptied, so neither allocates again.
    ///
    /// Only storage that held something is kept. When something still holds a copy of the request or the reply,
    /// emptying its storage copies it first (the copy keeps its values), so the next request starts from a fresh buffer.
    @inline(__always)
    func recycle(_ request: inout Request, _ reply: inout Reply) {
        if request.locals.capacity > 0 {
            request.locals.removeAll(keepingCapacity: true)
            swap(&request.locals, &spareDecorations)
        }
        if reply.headers.hasReservedRoom {
            reply.headers.removeAllKeepingCapacity()
            swap(&reply.headers, &spareReplyHeaders)
        }
    }

    /// Serializes the reply's head into `output`; `nil` when a header is invalid, or the status is a 1xx (final
    /// replies are 2xx to 5xx; only a `101` that an upgrade handler takes over may end the exchange).
    private func queueHead(of reply: Reply, for head: HTTP1RequestHead) -> HTTP1ResponseWritePlan? {
        var context = HTTP1ResponseContext(for: head)
        // The parser stops after an Upgrade or CONNECT request; when no upgrade handler takes the connection,
        // what follows is of unknown protocol, so the reply closes it rather than leave the client waiting.
        let switchesProtocol = reply.upgradeHandler != nil && reply.status == .switchingProtocols
        if reply.status.code < 200, !switchesProtocol { return nil }
        if reply.headers.containsToken("close", in: "connection") || registry.draining.load(ordering: .acquiring)
            || ((head.isUpgrade || head.isConnect) && !switchesProtocol)
        {
            context.keepAlive = false
        }
        return try? writeHead(reply, context: context)
    }

    /// Streams a body, chunked unless the plan says otherwise, flushing after each chunk.
    @inline(never)
    private nonisolated(nonsending) func writeStream(_ stream: ReplyStream, plan: HTTP1ResponseWritePlan) async {
        await flush()
        for await chunk in stream.chunks where plan.bodyAllowed {
            if plan.chunked { HTTP1ResponseSerializer.writeChunk(chunk, into: &output) } else { output.append(contentsOf: chunk) }
            await flush()
            if shouldClose { break }
        }
        if plan.chunked { HTTP1ResponseSerializer.writeLastChunk(into: &output) }
    }

    /// A `101`: flushes it, runs `onResponse`, then gives the socket and the bytes already read to the upgrade handler.
    @inline(never)
    private nonisolated(nonsending) func handOver(to upgrade: UpgradeHandler, _ request: Request, _ reply: Reply) async {
        await flush()
        await app.didRespond(request, reply)
        let leftover = pending
        pending.removeAll()
        await upgrade.run(leftover, SocketUpgradedConnection(connection))
    }

    /// Writes the status line and headers; content-length/chunked framing comes from the body kind.
    private func writeHead(_ reply: Reply, context: HTTP1ResponseContext) throws(HTTP1SerializeError) -> HTTP1ResponseWritePlan {
        let framing: HTTP1ResponseFraming
        switch reply.body {
        case .bytes(let bytes): framing = .contentLength(bytes.count)
        case .empty: framing = .contentLength(Int(reply.headers["content-length"] ?? "0") ?? 0)
        case .stream: framing = .chunked
        }
        if output.capacity == 0 {
            let bodyCount = if case .bytes(let bytes) = reply.body { bytes.count } else { 0 }
            takeWriteBuffer(capacity: 1024 + bodyCount)
        }
        // The serializer owns framing: it drops the reply's own content-length and writes its own.
        return try serializer.writeHead(
            status: reply.status.code, reason: reply.status.reasonPhrase, fields: reply.headers.storedFields,
            shared: reply.headers.sharedBlock, framing: framing, for: context, into: &output)
    }

    /// Runs the kernel with a time limit; on expiry runs `onTimeout` and returns `nil` (the connection is dropped).
    @inline(never)
    private nonisolated(nonsending) func handleWithTimeout(_ request: inout Request, limit: Duration) async -> Reply? {
        let app = self.app
        let snapshot = request
        let outcome = await withTimeLimit(limit, preferring: connection.loop) { () async -> (Request, Reply) in
            var local = snapshot
            let reply = await app.handle(&local)
            return (local, reply)
        }
        guard let (finished, reply) = outcome else {
            await app.didTimeOut(snapshot, Reply(start: snapshot.start))
            return nil
        }
        request = finished
        return reply
    }
}

/// A reply header is written by the serializer where it is, with no copy into a transport type.
extension HTTPHeaders.Field: HTTP1ResponseField {}
