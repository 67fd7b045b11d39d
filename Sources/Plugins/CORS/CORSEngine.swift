import Kernel

/// The CORS algorithm of `@fastify/cors` (§A.1 steps 1–8), with the safer choices of `Specs/plugins/cors.md`.
struct CORSEngine: Sendable {
    /// Where a request's settings come from.
    enum Source: Sendable {
        /// The same settings for every request.
        case fixed(CORSOptions)
        /// Settings computed per request; always adds `Vary: Origin`.
        case delegated(@Sendable (Request) async throws -> CORSOptions)
    }

    /// The route config key naming a profile, or `false`/`off`.
    static let routeConfigKey = "cors"
    /// Route config values that turn CORS off for the route.
    static let disabledValues: Set<String> = ["false", "off"]

    let source: Source
    let profiles: [String: CORSOptions]
    /// The decision for every request that is not a preflight, when fixed settings make it the same for all
    /// (an origin of `.any`, `.exact` or `.disabled`): computed once, so such requests allocate nothing here.
    private let constantDecision: SharedCORSDecision?

    init(source: Source, profiles: [String: CORSOptions]) {
        self.source = source
        self.profiles = profiles
        if case .fixed(let options) = source, !options.origin.dependsOnRequestOrigin {
            constantDecision = SharedCORSDecision(Self.decision(options, isDynamic: false, resolution: Self.resolveConstant(options.origin)))
        } else {
            constantDecision = nil
        }
    }

    /// How the request's origin resolved.
    private enum Resolution {
        case off
        case denied
        case allowed(String)
    }

    /// Decides the headers for `request`; `answeringPreflight` is true in the phases that may answer OPTIONS.
    ///
    /// Throws what a delegator or origin closure throws, and a 500 "Invalid CORS origin option"
    /// for settings they produce that fail validation.
    nonisolated(nonsending) func decide(_ request: Request, answeringPreflight: Bool) async throws -> SharedCORSDecision {
        if let constantDecision, request.method != .options, request.routeConfig[Self.routeConfigKey] == nil { return constantDecision }
        return SharedCORSDecision(try await decideEach(request, answeringPreflight: answeringPreflight))
    }

    /// The decision for settings that depend on the request, or for a preflight.
    private nonisolated(nonsending) func decideEach(_ request: Request, answeringPreflight: Bool) async throws -> CORSDecision {
        let mayAnswerPreflight = answeringPreflight && request.method == .options
        guard let (options, isDynamic) = try await options(for: request) else { return .inactive }
        let origin = request.headers[CORSHeader.origin]
        let resolution = try await resolve(options.origin, origin: origin, credentials: options.credentials, request: request)
        var decision = Self.decision(options, isDynamic: isDynamic, resolution: resolution)
        guard decision.isActive, mayAnswerPreflight, options.preflight else { return decision }
        let allowed: String? = if case .allowed(let value) = resolution { value } else { nil }
        let requestMethod = request.headers[CORSHeader.requestMethod]
        if options.strictPreflight, origin == nil || requestMethod == nil {
            decision.preflight = .invalid
            return decision
        }
        if options.allowedHeaders == nil { decision.vary.append(CORSHeader.varyRequestHeaders) }
        if allowed != nil { appendPreflightHeaders(options, request: request, to: &decision) }
        decision.preflight = options.preflightContinue ? .proceed : .answer(options.optionsSuccessStatus)
        return decision
    }

    /// The headers every response gets (steps 1–4): `Vary`, and the allowed origin with credentials and exposed headers.
    private static func decision(_ options: CORSOptions, isDynamic: Bool, resolution: Resolution) -> CORSDecision {
        var decision = CORSDecision()
        if isDynamic || options.origin.dependsOnRequestOrigin { decision.vary.append(CORSHeader.varyOrigin) }
        switch resolution {
        case .off:
            decision.isActive = false
        case .denied:
            break
        case .allowed(let value):
            decision.headers.append((CORSHeader.allowOrigin, value))
            if options.credentials { decision.headers.append((CORSHeader.allowCredentials, "true")) }
            if let exposed = options.exposedHeaders { decision.headers.append((CORSHeader.exposeHeaders, exposed.value)) }
        }
        return decision
    }

    /// The resolution of an origin setting that does not look at the request.
    private static func resolveConstant(_ option: AllowedOrigin) -> Resolution {
        switch option {
        case .any: .allowed("*")
        case .exact(let value): .allowed(value)
        default: .off
        }
    }

    private func appendPreflightHeaders(_ options: CORSOptions, request: Request, to decision: inout CORSDecision) {
        decision.headers.append((CORSHeader.allowMethods, options.methods.value))
        if let allowedHeaders = options.allowedHeaders {
            decision.headers.append((CORSHeader.allowHeaders, allowedHeaders.value))
        } else if let requested = request.headers[CORSHeader.requestHeaders] {
            decision.headers.append((CORSHeader.allowHeaders, requested))
        }
        if let maxAge = options.maxAge { decision.headers.append((CORSHeader.maxAge, String(maxAge))) }
        if let cacheControl = options.cacheControl { decision.headers.append((CORSHeader.cacheControl, cacheControl.headerValue)) }
    }

    /// The settings for `request` and whether they were computed per request; `nil` when the route turns CORS off.
    private nonisolated(nonsending) func options(for request: Request) async throws -> (CORSOptions, Bool)? {
        if let name = Self.routeProfileName(of: request) {
            if Self.disabledValues.contains(name) { return nil }
            guard let profile = profiles[name] else {
                throw HTTPError(.internalServerError, message: CORSConfigurationError(.unknownRouteProfile(name)).description)
            }
            return (profile, false)
        }
        switch source {
        case .fixed(let options):
            return (options, false)
        case .delegated(let delegator):
            let produced = try await delegator(request)
            do { return (try produced.validated(), true) } catch { throw Self.invalidOrigin }
        }
    }

    /// The route's `config["cors"]`; for a preflight that matched no such setting, the setting of the route
    /// its `Access-Control-Request-Method` asks about.
    static func routeProfileName(of request: Request) -> String? {
        if let name = request.routeConfig[routeConfigKey] { return name }
        guard request.method == .options, let method = request.headers[CORSHeader.requestMethod] else { return nil }
        return request.routeConfig(for: HTTPMethod(method))?[routeConfigKey]
    }

    private nonisolated(nonsending) func resolve(_ option: AllowedOrigin, origin: String?, credentials: Bool, request: Request) async throws -> Resolution {
        switch option {
        case .disabled:
            return .off
        case .any:
            return .allowed("*")
        case .exact(let value):
            return .allowed(value)
        case .reflect:
            return Self.reflectable(origin, credentials: credentials).map(Resolution.allowed) ?? .denied
        case .matching(let pattern):
            guard let candidate = Self.reflectable(origin, credentials: credentials), pattern.matches(candidate) else { return .denied }
            return .allowed(candidate)
        case .list(let entries):
            guard let origin else { return .denied }
            for entry in entries {
                switch entry {
                case .exact(let value) where value == origin: return .allowed(origin)
                case .matching(let pattern):
                    if let candidate = Self.reflectable(origin, credentials: credentials), pattern.matches(candidate) {
                        return .allowed(candidate)
                    }
                default: continue
                }
            }
            return .denied
        case .dynamic(let decide):
            switch try await decide(origin, request) {
            case .allow: return Self.reflectable(origin, credentials: credentials).map(Resolution.allowed) ?? .denied
            case .deny: return .off
            case .any:
                if credentials { throw Self.invalidOrigin }
                return .allowed("*")
            case .value(let value):
                if value.isEmpty || !CORSHeaderList(value).isValidFieldValue || (credentials && value == "*") { throw Self.invalidOrigin }
                return .allowed(value)
            }
        }
    }

    /// The origin, unless it is absent, or it is `null` and credentials are on: an opaque origin is only
    /// trusted with credentials when an exact entry names it.
    private static func reflectable(_ origin: String?, credentials: Bool) -> String? {
        guard let origin, !origin.isEmpty else { return nil }
        if credentials && origin == "null" { return nil }
        return origin
    }

    /// The 500 `@fastify/cors` answers for an unusable origin setting.
    static var invalidOrigin: HTTPError { HTTPError(.internalServerError, message: "Invalid CORS origin option") }
}
