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
    /// No setting here can suspend (fixed settings, and no ``AllowedOrigin/dynamic(_:)`` origin anywhere):
    /// ``decideNow(_:answeringPreflight:)`` always decides, so the plugin's hooks can be synchronous.
    let isSynchronous: Bool

    init(source: Source, profiles: [String: CORSOptions]) {
        self.source = source
        self.profiles = profiles
        if case .fixed(let options) = source {
            isSynchronous = !options.origin.needsSuspension && !profiles.values.contains { $0.origin.needsSuspension }
        } else {
            isSynchronous = false
        }
        if case .fixed(let options) = source, !options.origin.dependsOnRequestOrigin {
            constantDecision = SharedCORSDecision(
                Self.decision(options, isDynamic: false, resolution: Self.resolveConstant(options.origin)), sharedByEveryRequest: true)
        } else {
            constantDecision = nil
        }
    }

    /// Decides the headers for `request`; `answeringPreflight` is true in the phases that may answer OPTIONS.
    ///
    /// Throws what a delegator or origin closure throws, and a 500 "Invalid CORS origin option"
    /// for settings they produce that fail validation. Once the settings are known to be per request or to
    /// depend on the origin, a failure first adds `Vary: Origin` to `headers`, as `@fastify/cors` adds it
    /// before resolving the origin (a throwing delegator produced no settings, so it adds nothing).
    nonisolated(nonsending) func decide(
        _ request: Request, answeringPreflight: Bool, headers: inout HTTPHeaders
    ) async throws -> SharedCORSDecision {
        if let decided = try decideNow(request, answeringPreflight: answeringPreflight) { return decided }
        let mayAnswerPreflight = answeringPreflight && request.method == .options
        let options: CORSOptions, isDynamic: Bool
        switch try settings(for: request) {
        case .off: return SharedCORSDecision(.inactive)
        case .found(let found, let dynamic): (options, isDynamic) = (found, dynamic)
        case .delegated(let delegator):
            let produced = try await delegator(request)
            do { options = try produced.validated() } catch { throw Self.varyingOnOrigin(Self.invalidOrigin, &headers) }
            isDynamic = true
        }
        let origin = request.headers[CORSHeader.origin]
        let resolution: Resolution
        if let resolved = try resolveNow(options.origin, origin: origin, credentials: options.credentials) {
            resolution = resolved
        } else {
            do {
                resolution = try await resolveDynamic(options.origin, origin: origin, credentials: options.credentials, request: request)
            } catch {
                throw Self.varyingOnOrigin(error, &headers)
            }
        }
        return SharedCORSDecision(decisionFor(request, options, isDynamic: isDynamic, resolution: resolution, mayAnswerPreflight: mayAnswerPreflight))
    }

    /// The decision shared by every request that is not a preflight, when the settings make it constant and the
    /// route selects no profile; `nil` otherwise. Such a decision is the same in every hook that asks.
    @inline(__always)
    func constantDecision(for request: Request) -> SharedCORSDecision? {
        guard let constantDecision, request.method != .options, request.routeConfigValue(Self.routeConfigKey) == nil else { return nil }
        return constantDecision
    }

    /// Whether `headers` still hold the constant decision's fields as its block put them there. Only a request
    /// that gets the constant decision ever has them (presets and ``constantDecision(for:)`` agree on which), so
    /// this answers before the request's method and route config are looked at.
    @inline(__always)
    func holdsConstantDecision(_ headers: HTTPHeaders) -> Bool {
        constantDecision?.isShared(by: headers) ?? false
    }

    /// The constant decision's block, for a hook to capture on its own: asking ``holdsConstantDecision(_:)`` of a
    /// captured engine copies more of it than the one reference the answer needs.
    var constantBlock: HTTPHeaderBlock? { constantDecision?.sharedBlock }

    /// The fields to preset on every reply of `route` (see `Scope.presetReplyHeaders`): the constant decision's,
    /// for a route that only ever gets it. Not for OPTIONS routes (preflights are decided per request), nor for
    /// not-found contexts, which answer OPTIONS too.
    func presetBlock(for route: RouteSummary) -> HTTPHeaderBlock? {
        guard let constantDecision, route.method != .options, !route.isNotFound, route.config[Self.routeConfigKey] == nil else { return nil }
        return constantDecision.sharedBlock
    }

    /// ``decide(_:answeringPreflight:)`` when nothing in it has to suspend; `nil` when something does
    /// (a delegator, or a ``AllowedOrigin/dynamic(_:)`` origin). Never `nil` when ``isSynchronous``.
    func decideNow(_ request: Request, answeringPreflight: Bool) throws -> SharedCORSDecision? {
        if let constant = constantDecision(for: request) { return constant }
        let mayAnswerPreflight = answeringPreflight && request.method == .options
        let options: CORSOptions, isDynamic: Bool
        switch try settings(for: request) {
        case .off: return SharedCORSDecision(.inactive)
        case .found(let found, let dynamic): (options, isDynamic) = (found, dynamic)
        case .delegated: return nil
        }
        let origin = request.headers[CORSHeader.origin]
        guard let resolution = try resolveNow(options.origin, origin: origin, credentials: options.credentials) else { return nil }
        return SharedCORSDecision(decisionFor(request, options, isDynamic: isDynamic, resolution: resolution, mayAnswerPreflight: mayAnswerPreflight))
    }

    /// Steps 1–8 once the settings and the origin's resolution are known.
    private func decisionFor(
        _ request: Request, _ options: CORSOptions, isDynamic: Bool, resolution: Resolution, mayAnswerPreflight: Bool
    ) -> CORSDecision {
        var decision = Self.decision(options, isDynamic: isDynamic, resolution: resolution)
        guard decision.isActive, mayAnswerPreflight, options.preflight else { return decision }
        let allowed: String? = if case .allowed(let value) = resolution { value } else { nil }
        // Empty values count as missing, as `@fastify/cors`'s `!req.headers.origin` test does.
        if options.strictPreflight, request.headers[CORSHeader.origin]?.isEmpty != false
            || request.headers[CORSHeader.requestMethod]?.isEmpty != false {
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
}
