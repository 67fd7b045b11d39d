import Kernel

/// Where a request's CORS settings come from (the plugin's, a route profile's, a delegator's), and how the
/// request's origin resolves against them: steps 1 and 3–6 of `@fastify/cors`'s algorithm (§A.1).
extension CORSEngine {
    /// How the request's origin resolved.
    enum Resolution {
        case off
        case denied
        case allowed(String)
    }

    /// Where a request's settings come from, as far as can be known without suspending.
    enum Settings {
        /// The route turns CORS off.
        case off
        /// The settings, and whether they were computed per request.
        case found(CORSOptions, dynamic: Bool)
        /// A delegator has to be asked (it may suspend).
        case delegated(@Sendable (Request) async throws -> CORSOptions)
    }

    func settings(for request: Request) throws -> Settings {
        if let name = Self.routeProfileName(of: request) {
            if Self.disabledValues.contains(name) { return .off }
            guard let profile = profiles[name] else {
                throw HTTPError(.internalServerError, message: CORSConfigurationError(.unknownRouteProfile(name)).description)
            }
            return .found(profile, dynamic: false)
        }
        switch source {
        case .fixed(let options): return .found(options, dynamic: false)
        case .delegated(let delegator): return .delegated(delegator)
        }
    }

    /// The route's `config["cors"]`; for a preflight that matched no such setting, the setting of the route
    /// its `Access-Control-Request-Method` asks about.
    static func routeProfileName(of request: Request) -> String? {
        if let name = request.routeConfigValue(routeConfigKey) { return name }
        guard request.method == .options, let method = request.headers[CORSHeader.requestMethod] else { return nil }
        return request.routeConfig(for: HTTPMethod(method))?[routeConfigKey]
    }

    /// How `option` resolves for `origin`; `nil` for a ``AllowedOrigin/dynamic(_:)`` setting, which must be asked.
    func resolveNow(_ option: AllowedOrigin, origin: String?, credentials: Bool) throws -> Resolution? {
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
        case .dynamic:
            return nil
        }
    }

    /// Asks a ``AllowedOrigin/dynamic(_:)`` setting's closure.
    nonisolated(nonsending) func resolveDynamic(
        _ option: AllowedOrigin, origin: String?, credentials: Bool, request: Request
    ) async throws -> Resolution {
        guard case .dynamic(let decide) = option else { return .off }
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

    /// The origin, unless it is absent, or it is `null` and credentials are on: an opaque origin is only
    /// trusted with credentials when an exact entry names it.
    static func reflectable(_ origin: String?, credentials: Bool) -> String? {
        guard let origin, !origin.isEmpty else { return nil }
        if credentials && origin == "null" { return nil }
        return origin
    }

    /// The 500 `@fastify/cors` answers for an unusable origin setting.
    static var invalidOrigin: HTTPError { HTTPError(.internalServerError, message: "Invalid CORS origin option") }

    /// `error`, after adding `Vary: Origin` to `headers`: deciding failed after the settings made the answer
    /// depend on the origin, and `@fastify/cors` has already added that field by then (§A.1 step 2).
    static func varyingOnOrigin(_ error: any Error, _ headers: inout HTTPHeaders) -> any Error {
        try? Vary.merge(CORSHeader.varyOrigin, into: &headers)
        return error
    }
}
