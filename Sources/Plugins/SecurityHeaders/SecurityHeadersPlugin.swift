import Kernel

/// Browser security headers after Helmet 8 / `@fastify/helmet` 13, precomputed at registration.
///
/// Not encapsulated by default: the headers reach every route of the scope it is registered in,
/// its 404s and its errors. A policy with nothing per request is preset on its routes' replies
/// (`Scope.presetReplyHeaders`), so the usual request writes no header. A policy with nonces or a
/// per-request CSP value is written by an `onRequest` hook (which generates the nonces for the handler).
/// An `onSend` hook fills in the headers on responses that never reached that hook (an earlier hook
/// answered) and lost some, and removes `X-Powered-By`. The plugin only ever writes the names in
/// ``SecurityHeadersPolicy/ownedHeaderNames``: never `Vary` or `Access-Control-*`.
///
/// ```swift
/// try app.register(SecurityHeaders(.apiServer))
/// try app.register(SecurityHeaders(routeProfiles: ["docs": SecurityHeadersOptions().with { $0.contentSecurityPolicy = nil }]))
/// try app.get("/docs", config: ["securityHeaders": "docs"]) { _, reply in reply.send("…") }
/// try app.get("/raw", config: ["securityHeaders": "off"]) { _, reply in reply.send("no security headers") }
/// ```
public struct SecurityHeaders: Plugin {
    /// `security-headers`.
    public var name: String { "security-headers" }
    /// `false` unless asked.
    public let isEncapsulated: Bool
    /// The settings for routes without a profile.
    public let options: SecurityHeadersOptions
    /// Whether routes without a profile get headers (`@fastify/helmet`'s `global`).
    public let global: Bool
    /// Named settings a route selects with `config["securityHeaders"] = "<name>"` (applied even when not `global`).
    public let routeProfiles: [String: SecurityHeadersOptions]

    /// The route config key.
    public static let routeConfigKey = "securityHeaders"
    static let disabledValues: Set<String> = ["false", "off"]

    /// Security headers with `options` (Helmet's defaults when omitted).
    public init(
        _ options: SecurityHeadersOptions = SecurityHeadersOptions(), global: Bool = true,
        routeProfiles: [String: SecurityHeadersOptions] = [:], isEncapsulated: Bool = false
    ) {
        self.options = options
        self.global = global
        self.routeProfiles = routeProfiles
        self.isEncapsulated = isEncapsulated
    }

    /// Validates every profile, then adds the decorations, the preset and the hooks.
    ///
    /// Throws ``SecurityHeadersError`` for invalid settings or a route naming an unknown profile.
    public func register(in scope: Scope) throws {
        let selector = try PolicySelector(
            global: global ? SecurityHeadersPolicy(options) : nil,
            profiles: routeProfiles.reduce(into: [:]) { result, entry in
                if Self.disabledValues.contains(entry.key) { throw SecurityHeadersError(.reservedProfileName(entry.key)) }
                result[entry.key] = try SecurityHeadersPolicy(entry.value)
            })
        // Like @fastify/helmet, reuse decorations the application already declared.
        if !scope.hasDecoration(DecorationKey<SecurityHeadersPolicy>.securityHeaders.name) {
            try scope.decorate(.securityHeaders, try SecurityHeadersPolicy(options))
        }
        if !scope.hasRequestDecoration(DecorationKey<CSPNonces?>.cspNonces.name) {
            try scope.decorateRequest(.cspNonces, default: nil)
        }
        try scope.decorateRequest(SecurityHeadersState.key, default: SecurityHeadersState())
        let profileNames = Set(routeProfiles.keys)
        try scope.onRoute { route in
            guard let name = route.config[Self.routeConfigKey] else { return }
            guard Self.disabledValues.contains(name) || profileNames.contains(name) else {
                throw SecurityHeadersError(.unknownRouteProfile(name))
            }
        }
        // A policy that never depends on the request is preset on its routes' replies; the hooks only do the rest.
        try scope.presetReplyHeaders { route in
            (try? selector.policy(forRouteConfig: route.config[Self.routeConfigKey]))??.presetBlock
        }
        try Self.addHooks(selector, to: scope)
    }

    /// `onRequest` writes the headers of a policy with a per-request part and generates its nonces for the handler.
    /// A preset policy's headers are already there: it writes them again (replacing) only when a hook registered
    /// before the plugin changed one, as a first hook that wrote them would have been overridden by this one.
    /// `onSend` removes X-Powered-By and, when `onRequest` never ran for the request (an earlier hook answered or
    /// threw) and the headers are no longer all there (an error handler set its own), fills in what is missing.
    /// A header removed after `onRequest` ran was removed on purpose, and stays removed.
    private static func addHooks(_ selector: PolicySelector, to scope: Scope) throws {
        // The usual reply still shares the global policy's preset block, untouched, in both hooks: it needs no lookup.
        let globalBlock = selector.global?.presetBlock
        let globalRemovesXPoweredBy = selector.global?.removesXPoweredBy ?? false
        try scope.addHook(.onRequest) { request, reply in
            if let globalBlock, reply.headers.sharesFields(of: globalBlock) {
                request[SecurityHeadersState.key] = SecurityHeadersState(attempted: true, applied: true)
                return
            }
            guard request.hasDecoration(SecurityHeadersState.key) else { return }
            // One write of the state, also when the policy throws (then `applied` stays false for onSend).
            var state = SecurityHeadersState(attempted: true)
            defer { request[SecurityHeadersState.key] = state }
            guard let policy = try selector.policy(for: request) else { return }
            if let block = policy.presetBlock {
                if !reply.headers.sharesFields(of: block) {
                    try policy.write(into: &reply.headers, request: request, nonces: nil, includingCSP: true, replacing: true)
                }
                state.applied = true
                return
            }
            var nonces: CSPNonces?
            if policy.usesNonces {
                nonces = CSPNonces.generate()
                request[.cspNonces] = nonces
            }
            try policy.write(into: &reply.headers, request: request, nonces: nonces, includingCSP: true, replacing: true)
            state.applied = true
        }
        try scope.addHook(.onSend) { request, reply in
            if let globalBlock, reply.headers.sharesFields(of: globalBlock) {
                if globalRemovesXPoweredBy { reply.headers.remove("x-powered-by") }
                return
            }
            guard request.hasDecoration(SecurityHeadersState.key), let policy = try? selector.policy(for: request) else { return }
            // Nothing to fill in: the reply still has every header, however it got them. Only X-Powered-By goes.
            if policy.isFullyWritten(in: reply.headers) {
                if policy.removesXPoweredBy { reply.headers.remove("x-powered-by") }
                return
            }
            let state = request[SecurityHeadersState.key]
            if state.applied {
                if policy.removesXPoweredBy { reply.headers.remove("x-powered-by") }
                return
            }
            // The onRequest hook never ran (an earlier hook answered) or failed on a per-request CSP value:
            // fill in what is missing; CSP only if it was never tried.
            try? policy.write(
                into: &reply.headers, request: request, nonces: request[.cspNonces], includingCSP: !state.attempted, replacing: false)
        }
    }
}

/// Picks the policy for a request from its route config.
struct PolicySelector: Sendable {
    let global: SecurityHeadersPolicy?
    let profiles: [String: SecurityHeadersPolicy]

    /// The route's profile, `nil` for `off` or when not global; throws for an unknown profile name.
    func policy(for request: Request) throws -> SecurityHeadersPolicy? {
        try policy(forRouteConfig: request.routeConfigValue(SecurityHeaders.routeConfigKey))
    }

    /// The policy for a route whose `config["securityHeaders"]` is `name`.
    func policy(forRouteConfig name: String?) throws -> SecurityHeadersPolicy? {
        guard let name else { return global }
        if SecurityHeaders.disabledValues.contains(name) { return nil }
        guard let policy = profiles[name] else {
            throw HTTPError(.internalServerError, message: SecurityHeadersError(.unknownRouteProfile(name)).description)
        }
        return policy
    }
}

/// What the plugin remembers about one request.
struct SecurityHeadersState: Sendable {
    /// The `onRequest` hook ran.
    var attempted = false
    /// The `onRequest` hook wrote the headers.
    var applied = false

    static let key = DecorationKey<SecurityHeadersState>("securityHeadersState")
}

extension DecorationKey where Value == SecurityHeadersPolicy {
    /// The plugin's global policy, for applying it on demand with ``SecurityHeadersPolicy/apply(to:for:nonces:)``.
    public static var securityHeaders: Self { .init("securityHeaders") }
}
