/// What ``Application/inject(_:)`` returns: status, headers and body, with text and JSON helpers.
public struct InjectResponse: Sendable {
    /// The status.
    public let status: HTTPStatus
    /// The headers, names lowercased.
    public let headers: HTTPHeaders
    /// The body bytes (a streamed body is collected).
    public let body: [UInt8]
    /// The connection, when the reply upgraded it (`101`).
    public let upgradeHandler: UpgradeHandler?

    /// The status code.
    public var statusCode: Int { status.code }

    /// The body as UTF-8 text.
    public var text: String { String(decoding: body, as: UTF8.self) }

    /// The body parsed as a JSON document.
    public func json() throws -> JSONValue { try JSONValue(parsing: body) }

    /// The body decoded as `T`.
    public func json<T: Decodable>(as type: T.Type) throws -> T { try JSONCoding.decode(type, from: body) }
}

extension Application {
    /// Runs the full lifecycle in-process, with no socket: `ready()` first, then every hook, and `onResponse` after.
    ///
    /// Throws the boot error when `ready()` fails, and `FST_ERR_REOPENED_CLOSE_SERVER` after `close()`.
    public func inject(_ injected: InjectRequest) async throws -> InjectResponse {
        let app = try await ready()
        return await app.inject(injected)
    }
}

extension CompiledApplication {
    /// Runs one request in-process against the frozen application.
    public func inject(_ injected: InjectRequest) async -> InjectResponse {
        var headers = injected.headers
        if headers["host"] == nil { headers["host"] = "localhost:80" }
        if headers["user-agent"] == nil { headers["user-agent"] = "lightMyRequest" }
        if let body = injected.body, headers["content-length"] == nil, headers["transfer-encoding"] == nil {
            headers["content-length"] = String(body.count)
        }
        var request = Request(
            identity: nextRequestIdentity(headers: headers), method: injected.method, url: injected.url,
            headers: headers, body: injected.body, remoteAddress: injected.remoteAddress
        )
        let reply = await handle(&request)
        var body: [UInt8] = []
        switch reply.body {
        case .bytes(let bytes): body = bytes
        case .empty: break
        case .stream(let stream): for await chunk in stream.chunks { body += chunk }
        }
        await didRespond(request, reply)
        return InjectResponse(status: reply.status, headers: reply.headers, body: body, upgradeHandler: reply.upgradeHandler)
    }
}
