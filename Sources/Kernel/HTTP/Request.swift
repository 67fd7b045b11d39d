/// An incoming request as hooks and handlers see it: a value, owned by one request.
///
/// ```swift
/// try app.get("/api/v1/projects/:id") { request, reply in
///     let id = request.params["id"]!
///     let verbose = request.query["verbose"] == "1"
///     reply.send(json: Project(id: id, verbose: verbose))
/// }
/// ```
public struct Request: Sendable {
    /// The request id: from `requestIDHeader` when configured and present, else `req-1`, `req-2`, … in base 36.
    public var id: String { identity.id }
    let identity: RequestIdentity
    /// The method.
    public var method: HTTPMethod
    /// The raw request target, query string included.
    public var url: String { didSet { routedPathEnd = nil } }
    /// Where ``url``'s path ends, as routing found it: ``query`` reads it instead of searching again.
    /// Cleared when `url` changes.
    var routedPathEnd: URLPathEnd?
    /// The header fields.
    public var headers: HTTPHeaders
    /// Path parameters from the matched route, percent-decoded.
    public var params: Parameters
    /// The body bytes as received; `nil` when the request had none. `preParsing` hooks may replace them.
    public var rawBody: [UInt8]?
    /// The parsed body; `nil` until the parse phase, and for body-less requests.
    public var body: RequestBody?
    /// The peer's address, `127.0.0.1` for `inject` unless given.
    public var remoteAddress: String
    /// The route pattern that matched, e.g. `/projects/:id`; `nil` for 404s.
    public var routePattern: String? { is404 ? nil : route?.pattern }
    /// Whether this request is being answered by a not-found handler.
    public internal(set) var is404: Bool = false
    /// The matched route's `config` (empty for 404s): per-route plugin settings, e.g. `["cors": "off"]`.
    public var routeConfig: [String: String] { route?.config ?? [:] }

    /// One setting of the matched route's `config`, read in place; a hook that runs on every request
    /// uses this instead of copying ``routeConfig``. Most routes carry no config, and then no key is hashed.
    public func routeConfigValue(_ key: String) -> String? {
        guard let config = route?.config, !config.isEmpty else { return nil }
        return config[key]
    }

    /// The decorations of the scope that owns the matched route.
    public var scope: ScopeValues { route?.values ?? ScopeValues.empty }
    /// The route (or not-found context) answering this request; one reference for its pattern, config and scope.
    var route: CompiledRoute?
    /// The application answering this request, for ``routeConfig(for:)``.
    var application: CompiledApplication?
    /// Per-request values declared with `decorateRequest`, as a list: there are few, and comparing names beats hashing.
    @usableFromInline var locals: [NamedValue] = []
    /// When the kernel started on this request (kept as a frozen type, see ``MonotonicInstant``).
    @usableFromInline let start: MonotonicInstant
    /// The HTTP version the request came with, as Node's `request.raw.httpVersion` gives it: `"1.1"` or `"1.0"`
    /// (a later 1.x is read as 1.1). `inject` requests are `"1.1"`. A WebSocket handshake needs 1.1, for one.
    public internal(set) var httpVersion = "1.1"
    /// Set by the transport when the body is larger than the route accepts and was left unread (`rawBody` is
    /// then `nil`): the parse step answers 413 `FST_ERR_CTP_BODY_TOO_LARGE` (see `parseBody`).
    var bodyExceedsLimit = false
    /// The executor of the connection the request came on (its event loop), set by the transport when the
    /// application has a `handlerTimeout`: the handler's timed task prefers it, so the handler runs where it
    /// would without a limit. `nil` for `inject`, where the task runs on the global executor.
    var executor: (any TaskExecutor)?
    /// When the kernel started on this request.
    public var startedAt: ContinuousClock.Instant { start.instant }

    /// Creates a request; the transport and `inject` use this.
    public init(
        id: String, method: HTTPMethod, url: String, headers: HTTPHeaders = [:], body: [UInt8]? = nil,
        remoteAddress: String = "127.0.0.1", startedAt: ContinuousClock.Instant = .now
    ) {
        self.init(
            identity: .text(id), method: method, url: url, headers: headers, body: body, remoteAddress: remoteAddress,
            start: MonotonicInstant(startedAt)
        )
    }

    /// The transport's and `inject`'s initializer: the id may be a number not yet formatted.
    init(
        identity: RequestIdentity, method: HTTPMethod, url: String, headers: HTTPHeaders, body: [UInt8]?,
        remoteAddress: String, start: MonotonicInstant = .now
    ) {
        self.identity = identity
        self.method = method
        self.url = url
        self.headers = headers
        self.params = Parameters()
        self.rawBody = body
        self.remoteAddress = remoteAddress
        self.start = start
    }

    /// The `Host` header, or `""`.
    public var host: String { headers["host"] ?? "" }

    /// ``host`` without its port.
    public var hostname: String {
        let host = self.host
        if host.hasPrefix("["), let close = host.firstIndex(of: "]") { return String(host[...close]) }
        return String(host.split(separator: ":", maxSplits: 1).first ?? "")
    }

    /// The media type of the body, lowercased and without parameters, e.g. `application/json`.
    public var mediaType: String? { headers["content-type"].map { ContentType(parsing: $0).mediaType } }

    /// The value of a request decoration declared with ``Scope/decorateRequest(_:default:)``.
    ///
    /// A name the route's scope does not declare (a root hook reading a child plugin's decoration on a root
    /// route) reads the default of the first scope that declares it anywhere in the application. A name no
    /// scope declares with this type is a programming error, hit on every request through that code: it traps.
    ///
    /// Inlinable, so a plugin's access is specialized to its concrete `Value` (a cheaper cast, no generic metadata lookup).
    @inlinable
    public subscript<Value: Sendable>(key: DecorationKey<Value>) -> Value {
        get {
            if let index = locals.index(named: key.name), let value = locals[index].value as? Value { return value }
            guard let fallback = scope.requestDefault(for: key) else { return defaultDeclaredElsewhere(key) }
            return fallback
        }
        set {
            // Replaced in place; the first write reserves room for every declared request decoration, unless the
            // storage already has some: a connection hands each request the emptied storage of the one before,
            // which grows on append if this route declares more.
            if let index = locals.index(named: key.name) {
                locals[index].value = newValue
                return
            }
            if locals.capacity == 0 { locals.reserveCapacity(scope.requestDefaults.count) }
            locals.append(NamedValue(name: key.name, value: newValue))
        }
    }

    /// The default of a request decoration the route's scope does not declare, from anywhere in the application.
    @usableFromInline @inline(never)
    func defaultDeclaredElsewhere<Value: Sendable>(_ key: DecorationKey<Value>) -> Value {
        if let defaults = route?.requestDefaultsAnywhere, let index = defaults.index(named: key.name),
            let value = defaults[index].value as? Value
        {
            return value
        }
        preconditionFailure("No decorator '\(key.name)' has been declared on request.")
    }

    /// The `config` of the route a `method` request to this request's path would reach; `nil` when none
    /// matches. A CORS preflight uses it to honour the settings of the route it asks about.
    public func routeConfig(for method: HTTPMethod) -> [String: String]? {
        application?.routeConfig(method, path)
    }

    /// Whether a request decoration named `key` is declared in this route's scope.
    @inlinable
    public func hasDecoration<Value>(_ key: DecorationKey<Value>) -> Bool {
        scope.declaresRequestDecoration(key.name)
    }

    /// The value of a request decoration, or `nil` when this route's scope does not declare it:
    /// ``hasDecoration(_:)`` and the subscript in one call, for a hook that runs on routes outside its plugin.
    ///
    /// ```swift
    /// guard let state = request.decoration(.corsState) else { return }   // not declared here
    /// ```
    @inlinable
    public func decoration<Value: Sendable>(_ key: DecorationKey<Value>) -> Value? {
        let scope = self.scope
        guard let defaultIndex = scope.requestDefaults.index(named: key.name) else { return nil }
        if let index = locals.index(named: key.name), let value = locals[index].value as? Value { return value }
        return scope.requestDefaults[defaultIndex].value as? Value
    }
}
