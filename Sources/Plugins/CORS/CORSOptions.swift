import Kernel

/// The per-request settings of the CORS plugin, with `@fastify/cors` 11's defaults.
///
/// ```swift
/// var options = CORSOptions(origin: .exact("http://localhost:3000"), credentials: true)
/// options.exposedHeaders = ["x-request-id"]
/// options.maxAge = 600
/// try app.register(CORS(options))
/// ```
public struct CORSOptions: Sendable {
    /// Which origins may read responses; `*` by default.
    public var origin: AllowedOrigin
    /// `Access-Control-Allow-Methods` on preflights; `GET,HEAD,POST` by default.
    public var methods: CORSHeaderList
    /// `Access-Control-Allow-Headers` on preflights; `nil` reflects `Access-Control-Request-Headers`
    /// and adds `Vary: Access-Control-Request-Headers`.
    public var allowedHeaders: CORSHeaderList?
    /// `Access-Control-Expose-Headers` on every allowed response.
    public var exposedHeaders: CORSHeaderList?
    /// Sends `Access-Control-Allow-Credentials: true` with every allowed response.
    public var credentials: Bool
    /// `Access-Control-Max-Age` (seconds) on preflights.
    public var maxAge: Int?
    /// `Cache-Control` on preflights.
    public var cacheControl: CORSCacheControl?
    /// Whether OPTIONS requests are answered as preflights; `false` gives them base headers only.
    public var preflight: Bool
    /// Whether an OPTIONS request without `Origin` or `Access-Control-Request-Method` gets 400.
    public var strictPreflight: Bool
    /// Whether a preflight goes on to the OPTIONS route instead of being answered by the plugin.
    public var preflightContinue: Bool
    /// The status of an answered preflight; 204 by default (200 for legacy clients). Must be 2xx.
    public var optionsSuccessStatus: HTTPStatus

    /// Settings with `@fastify/cors` defaults for everything not given.
    public init(
        origin: AllowedOrigin = .any, methods: CORSHeaderList = "GET,HEAD,POST", allowedHeaders: CORSHeaderList? = nil,
        exposedHeaders: CORSHeaderList? = nil, credentials: Bool = false, maxAge: Int? = nil,
        cacheControl: CORSCacheControl? = nil, preflight: Bool = true, strictPreflight: Bool = true,
        preflightContinue: Bool = false, optionsSuccessStatus: HTTPStatus = .noContent
    ) {
        self.origin = origin
        self.methods = methods
        self.allowedHeaders = allowedHeaders
        self.exposedHeaders = exposedHeaders
        self.credentials = credentials
        self.maxAge = maxAge
        self.cacheControl = cacheControl
        self.preflight = preflight
        self.strictPreflight = strictPreflight
        self.preflightContinue = preflightContinue
        self.optionsSuccessStatus = optionsSuccessStatus
    }

    /// A copy changed by `change`, for deriving route profiles from the global settings.
    ///
    /// ```swift
    /// let publicRoutes = options.with { $0.origin = .any; $0.credentials = false }
    /// ```
    public func with(_ change: (inout CORSOptions) -> Void) -> CORSOptions {
        var copy = self
        change(&copy)
        return copy
    }

    /// The settings checked and normalised: a list holding `.any` becomes `.any`, `.exact("*")` becomes `.any`.
    ///
    /// Throws for `*` with credentials, an empty origin, nested dynamic origins in a list,
    /// a non-2xx success status, a negative max age, or header values with control characters.
    public func validated() throws(CORSConfigurationError) -> CORSOptions {
        var copy = self
        copy.origin = try Self.normalize(origin)
        if case .any = copy.origin, credentials { throw CORSConfigurationError(.wildcardWithCredentials) }
        guard (200...299).contains(optionsSuccessStatus.code) else {
            throw CORSConfigurationError(.invalidSuccessStatus(optionsSuccessStatus.code))
        }
        if let maxAge, maxAge < 0 { throw CORSConfigurationError(.negativeMaxAge(maxAge)) }
        let lists = [methods, allowedHeaders, exposedHeaders].compactMap { $0 }
        for list in lists where !list.isValidFieldValue { throw CORSConfigurationError(.invalidHeaderValue(list.value)) }
        if case .verbatim(let text) = cacheControl, !CORSHeaderList(text).isValidFieldValue {
            throw CORSConfigurationError(.invalidHeaderValue(text))
        }
        return copy
    }

    private static func normalize(_ origin: AllowedOrigin) throws(CORSConfigurationError) -> AllowedOrigin {
        switch origin {
        case .exact(let value):
            if value.isEmpty { throw CORSConfigurationError(.emptyOrigin) }
            if value == "*" { return .any }
            if !CORSHeaderList(value).isValidFieldValue { throw CORSConfigurationError(.invalidHeaderValue(value)) }
            return origin
        case .list(let entries):
            var result: [AllowedOrigin] = []
            for entry in entries {
                switch entry {
                case .any: return .any
                case .exact(let value) where value == "*": return .any
                case .exact(let value) where value.isEmpty: throw CORSConfigurationError(.emptyOrigin)
                case .exact, .matching: result.append(entry)
                case .reflect, .disabled, .list, .dynamic: throw CORSConfigurationError(.invalidListEntry)
                }
            }
            return .list(result)
        case .any, .reflect, .disabled, .matching, .dynamic:
            return origin
        }
    }
}
