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
            logger.info("request completed", Self.fields(request, reply))
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

    /// The fields of one request's line.
    static func fields(_ request: Request, _ reply: Reply) -> JSONObject {
        let elapsed = reply.elapsed.components
        let micros = elapsed.seconds * 1_000_000 + elapsed.attoseconds / 1_000_000_000_000
        return [
            "reqId": .string(request.id),
            "method": .string(request.method.rawValue),
            "url": .string(Self.redact(request.url)),
            "status": .number(Double(reply.status.code)),
            "durationMs": .number(Double(micros) / 1000),
        ]
    }

    /// The URL with the value of every query parameter whose decoded name ends in `token`
    /// (`token`, `access_token`, `apiToken`, any case) replaced by `[REDACTED]`.
    ///
    /// ```swift
    /// RequestLogging.redact("/api/v1/x?token=s3cret&a=1")   // "/api/v1/x?token=[REDACTED]&a=1"
    /// ```
    public static func redact(_ url: String) -> String {
        guard let mark = url.firstIndex(of: "?") else { return url }
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
