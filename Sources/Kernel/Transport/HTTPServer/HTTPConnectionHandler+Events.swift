/// One parser event at a time: a synchronous step first, then, only when something must be awaited, the rest.
extension HTTPConnectionHandler {
    /// What handling one parser event without `await` left to do.
    enum EventStep {
        /// Nothing left to do; the connection goes on. (A case of its own, not a flag on one: telling it apart
        /// then reads the tag alone, where matching a payload copied this large enum first.)
        case proceed
        /// Nothing left to do; the connection ends.
        case stop
        /// A body over its route's limit: the app answers without it, then the connection closes.
        case bodyOverLimit(HTTP1RequestHead)
        /// `Expect: 100-continue`: the interim response is queued and must be flushed.
        case flushContinue
        /// A request the kernel or the delivery must await.
        case answer(HTTP1RequestHead, body: [UInt8], Answer)

        /// ``proceed`` when the connection goes on, else ``stop``.
        static func done(keepGoing: Bool) -> Self { keepGoing ? .proceed : .stop }
    }

    /// Handles one parser event; `false` ends the connection.
    nonisolated(nonsending) func process(_ event: consuming HTTP1ParserEvent) async -> Bool {
        switch step(event) {
        case .proceed: return true
        case .stop: return false
        case let next: return await finish(next)
        }
    }

    /// Handles one parser event as far as it goes without `await`; a synchronous route is answered here.
    func step(_ event: consuming HTTP1ParserEvent) -> EventStep {
        switch consume event {
        case .head(let head):
            entry.state.store(1, ordering: .releasing)
            headStartedAt = nil
            body.removeAll(keepingCapacity: true)
            if bodyMayExceedLimit(head) {
                bodyLimit = app.bodyLimit(method: HTTPMethod(head.method), url: head.originFormTarget)
                if case .contentLength(let length) = head.framing, length > bodyLimit { return .bodyOverLimit(head) }
            }
            let continues = head.expectsContinue && head.version == .http1_1
            current = consume head
            hasCurrent = true
            guard continues else { return .done(keepGoing: true) }
            output.append(contentsOf: "HTTP/1.1 100 Continue\r\n\r\n".utf8)
            return .flushContinue
        case .body(let bytes):
            body.append(contentsOf: bytes)
            if body.count > bodyLimit, let head = current { return .bodyOverLimit(head) }
            return .done(keepGoing: true)
        case .end:
            guard let head = current.take() else { return .done(keepGoing: true) }
            hasCurrent = false
            // A switch over the call's result moves the answer where it goes; binding it first copied it.
            switch answerWithoutSuspending(head, body: body) {
            case .answered(let keepGoing): return .done(keepGoing: requestEnded(keepGoing))
            case let answer: return .answer(head, body: body, answer)
            }
        }
    }

    /// Whether the body `head` announces may be larger than its route accepts: a chunked body, or a declared length
    /// past the smallest route limit. Only then is the route looked up before the body is read.
    @inline(__always)
    private func bodyMayExceedLimit(_ head: borrowing HTTP1RequestHead) -> Bool {
        switch head.framing {
        case .none: false
        case .contentLength(let length): length > app.minimumBodyLimit
        case .chunked: app.minimumBodyLimit < app.maximumBodyLimit
        }
    }

    /// Does what ``step(_:)`` left; `false` ends the connection.
    @inline(never)
    nonisolated(nonsending) func finish(_ step: consuming EventStep) async -> Bool {
        switch consume step {
        case .proceed:
            return true
        case .stop:
            return false
        case .bodyOverLimit(let head):
            await answerLeavingBodyUnread(head)
            return false
        case .flushContinue:
            await flush()
            return true
        case .answer(let head, let body, let answer):
            let keepGoing: Bool
            switch answer {
            case .answered(let result): keepGoing = result
            case .suspends(let request, let reply, let progress): keepGoing = await respond(to: head, request, reply, progress)
            case .timed(let limit): keepGoing = await respond(withTimeLimit: limit, to: head, body: body)
            }
            return requestEnded(keepGoing)
        }
    }

    /// The request is answered: the connection is idle again, and closes if the server is draining.
    private func requestEnded(_ keepGoing: Bool) -> Bool {
        entry.state.store(0, ordering: .releasing)
        if registry.draining.load(ordering: .acquiring) { shouldClose = true }
        return keepGoing
    }
}
