/// The kernel's built-in answers: the default 404, the default error body, and framework errors.
enum DefaultHandlers {
    /// `{"message":"Route GET:/x not found","error":"Not Found","statusCode":404}`.
    static let notFound: Handler = { request, reply in
        reply.status = .notFound
        reply.headers["content-type"] = "application/json; charset=utf-8"
        let message = "Route \(request.method.rawValue):\(request.url) not found"
        reply.send("{\"message\":\(quoted(message)),\"error\":\"Not Found\",\"statusCode\":404}")
    }

    /// The status an error answers with: an explicit non-200 status wins, then the error's own, else 500.
    static func status(for error: any Error, reply: Reply) -> HTTPStatus {
        if reply.statusWasSet, reply.status != .ok, reply.status.code >= 400, reply.status.isValid { return reply.status }
        if let error = error as? any HTTPResponseError, error.status.code >= 400, error.status.isValid { return error.status }
        return .internalServerError
    }

    /// The default error handler: `{statusCode, code?, error, message}` as JSON, with the error's headers.
    static func errorReply(for error: any Error, reply: Reply) -> Reply {
        var reply = reply
        reply.reopenForError()
        reply.status = status(for: error, reply: reply)
        if let thrown = error as? ThrownValue {
            reply.payload = thrown.payload
            reply.isSent = true
            return reply
        }
        var code: String?
        var message: String
        if let error = error as? any HTTPResponseError {
            code = error.errorCode
            message = error.message
            for field in error.headers { reply.headers[field.name] = field.value }
        } else {
            message = String(describing: error)
        }
        if let kernel = error as? KernelError, kernel.code == .undefinedError { code = kernel.code.rawValue; message = kernel.message }
        reply.headers["content-type"] = "application/json; charset=utf-8"
        reply.payload = .text(body(status: reply.status, code: code, message: message))
        reply.isSent = true
        return reply
    }

    /// The default error body text.
    static func body(status: HTTPStatus, code: String?, message: String) -> String {
        var text = "{\"statusCode\":\(status.code),"
        if let code { text += "\"code\":\(quoted(code))," }
        return text + "\"error\":\(quoted(status.reasonPhrase)),\"message\":\(quoted(message))}"
    }

    /// A framework error answered without running hooks (bad URL, parameter too long).
    static func frameworkError(_ code: ErrorCode, _ path: String, start: MonotonicInstant) -> Reply {
        var reply = Reply(start: start)
        reply.status = code.status
        reply.headers["content-type"] = "application/json; charset=utf-8"
        let text = body(status: code.status, code: code.rawValue, message: code.format(path))
        reply.payload = .text(text)
        reply.body = .bytes(Array(text.utf8))
        reply.headers["content-length"] = String(reply.body.bytes?.count ?? 0)
        reply.isSent = true
        return reply
    }

    /// The 503 sent while closing.
    static func closing(start: MonotonicInstant) -> Reply {
        var reply = Reply(start: start)
        reply.status = .serviceUnavailable
        let text = "{\"error\":\"Service Unavailable\",\"message\":\"Service Unavailable\",\"statusCode\":503}"
        reply.headers["content-type"] = "application/json"
        reply.headers["content-length"] = String(text.utf8.count)
        reply.headers["connection"] = "close"
        reply.body = .bytes(Array(text.utf8))
        reply.isSent = true
        return reply
    }

    /// A JSON string literal.
    static func quoted(_ text: String) -> String {
        let sink = JSONSink()
        sink.writeString(text)
        return String(decoding: sink.finish(), as: UTF8.self)
    }
}
