/// A request whose body is over its route's limit: answered by the application, not by the transport.
///
/// The body is never read. The application still runs the request, as Fastify does: its `onRequest` and
/// `preParsing` hooks, then the parse step, which answers 413 `FST_ERR_CTP_BODY_TOO_LARGE` through
/// `onError` and `onSend`. So the 413 carries what every other reply of that route carries (CORS and
/// security headers, for a start), and a hook that answers earlier (a 401 from an auth hook) answers
/// instead. A method whose body is not parsed (GET, HEAD) gets its route's reply, with `rawBody` `nil`:
/// nothing was read. Whatever the reply, the connection closes after it, and it never switches protocols
/// (see ``refusesSwitch(_:_:for:)``): the unread body must reach nothing as if it came after the request.
extension HTTPConnectionHandler {
    /// Answers `head` without its body, with `Connection: close`, then marks the connection closing.
    nonisolated(nonsending) func answerLeavingBodyUnread(_ head: consuming HTTP1RequestHead) async {
        var head = head
        head.keepAlive = false
        if case .contentLength(let length) = head.framing { lingering = .unreadBody(declaredLength: length) }
        else { lingering = .unreadBody(declaredLength: nil) }
        current = nil
        hasCurrent = false
        body.removeAll(keepingCapacity: true)
        var request = makeRequest(head, body: [])
        request.rawBody = nil
        request.bodyExceedsLimit = true
        if let limit = configuration.requestTimeout {
            _ = await respond(withTimeLimit: limit, to: head, request)
        } else {
            var reply = Reply(start: request.start)
            let progress = app.handleWithoutSuspending(&request, into: &reply)
            _ = await respond(to: head, request, reply, progress)
        }
        shouldClose = true
    }

    /// A reply that would switch protocols on a request whose body was left unread gets the transport's 413
    /// instead: the new protocol would take the unread body as its first bytes. `true` when it was refused.
    nonisolated(nonsending) func refusesSwitch(_ request: borrowing Request, _ reply: borrowing Reply, for head: HTTP1RequestHead) async -> Bool {
        guard request.bodyExceedsLimit, reply.upgradeHandler != nil else { return false }
        let code = ErrorCode.bodyTooLarge
        await writeRaw(status: code.status, message: code.message, code: code.rawValue, for: head)
        return true
    }

    /// A request the parser gave up on. A chunked body announcing more than any route accepts is answered as
    /// above; any other error gets the transport's own reply, head-only when the request was a `HEAD`.
    @inline(never)
    nonisolated(nonsending) func answerParseError(_ error: HTTP1ParseError) async {
        if error == .chunkedBodyTooLarge, let head = current.take() {
            await answerLeavingBodyUnread(head)
            return
        }
        await writeRaw(
            status: HTTPStatus(error.status), message: error.reason, for: hasCurrent ? current : nil,
            toHEAD: parser.rejectedHeadIsHEAD)
    }
}
