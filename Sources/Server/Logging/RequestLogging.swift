import Kernel

/// One JSON log line per response, from an `onResponse` hook:
/// `{"level":"info","time",…,"reqId","method","url","status","durationMs","msg":"request completed"}`.
///
/// Registered at the root (not encapsulated), so every route, 404 and error is logged. The URL's
/// token-bearing query values are replaced with `[REDACTED]`; headers are never logged. Errors that
/// become a 5xx also get an `error`-level line with the error's description, from an `onError` hook.
///
/// ```swift
/// try app.register(RequestLogging(logger: logger))
/// ```
public struct RequestLogging: Plugin {
    /// `request-logging`.
    public var name: String { "request-logging" }
    /// Adds its hook to the scope it is registered in.
    public var isEncapsulated: Bool { false }

    /// Where the lines go.
    public let logger: Logger
    /// The error the app's error handler answers for an error, to tell a client's mistake (4xx, no error line)
    /// from a server error: `onError` runs before the error handlers, so the reply has no status yet.
    public let mapError: @Sendable (any Error) -> any Error

    /// Logs through `logger`; `mapError` is the app's mapping of domain errors to HTTP ones (the identity by default).
    public init(logger: Logger, mapError: @escaping @Sendable (any Error) -> any Error = { $0 }) {
        self.logger = logger
        self.mapError = mapError
    }

    /// Adds the `onResponse` hook, and the `onError` hook for server errors.
    public func register(in scope: Scope) throws {
        let logger = self.logger, mapError = self.mapError
        try scope.onResponse { request, reply in
            guard logger.level.allows(.info) else { return }
            logger.write(Self.line(request, reply), message: "request completed")
        }
        try scope.onError { request, _, error in
            let status = (mapError(error) as? any HTTPResponseError)?.status.code ?? 500
            guard status >= 500 else { return }
            logger.error("request failed", [
                "reqId": .string(request.id), "method": .string(request.method.rawValue), "url": .string(Self.redact(request.url)),
                "status": .number(Double(status)), "error": .string(String(describing: error)),
            ])
        }
    }

    /// One request's line, short of its message: `reqId`, `method`, `url`, `status` and `durationMs`.
    static func line(_ request: Request, _ reply: Reply) -> LogLine {
        let elapsed = reply.elapsed.components
        let micros = elapsed.seconds * 1_000_000 + elapsed.attoseconds / 1_000_000_000_000
        var line = LogLine(.info)
        line.append("reqId", request.id)
        line.append("method", request.method.rawValue)
        line.append("url", Self.redact(request.url))
        line.append("status", number: Double(reply.status.code))
        line.append("durationMs", number: Double(micros) / 1000)
        return line
    }

    /// The URL with the value of every query parameter whose decoded name ends in `token`
    /// (`token`, `access_token`, `apiToken`, any case) replaced by `[REDACTED]`.
    ///
    /// ```swift
    /// RequestLogging.redact("/api/v1/x?token=s3cret&a=1")   // "/api/v1/x?token=[REDACTED]&a=1"
    /// ```
    public static func redact(_ url: String) -> String {
        // Most URLs have no query: asked of the stored bytes, as a Character search costs ~2 000 instructions.
        guard url.utf8.withContiguousStorageIfAvailable({ $0.contains(UInt8(ascii: "?")) }) ?? true,
            let mark = url.firstIndex(of: "?")
        else { return url }
        let fragmentStart = url[mark...].firstIndex(of: "#") ?? url.endIndex
        let pairs = url[url.index(after: mark)..<fragmentStart].split(separator: "&", omittingEmptySubsequences: false)
        let cleaned = pairs.map { pair -> String in
            let name = pair.prefix { $0 != "=" }
            let decoded = Array(QueryParameters(parsing: name)).first?.name ?? String(name)
            guard decoded.lowercased().hasSuffix("token") else { return String(pair) }
            return name + "=[REDACTED]"
        }
        return String(url[...mark]) + cleaned.joined(separator: "&") + String(url[fragmentStart...])
    }
}
