import Kernel

/// Cross-Origin Resource Sharing, after `@fastify/cors` 11: every option, typed, with safer defaults.
///
/// Not encapsulated by default (like `fastify-plugin`): its hooks apply to the scope it is registered
/// in and everything below. The decision is made in `hook` (`onRequest` by default, before any auth
/// hook registered later) and stored in the request, unless fixed settings make it the same for every
/// request; an `onSend` hook puts the same headers back on **every** response — handler replies, thrown
/// errors, 404, 413, 415, and replies sent by other hooks.
/// Where fixed settings make the decision the same for every request, it is preset on the replies
/// (`Scope.presetReplyHeaders`) and the hooks find it there.
/// Preflights are answered by the deciding hook; an `OPTIONS *` route catches the ones that get through
/// (`preflightContinue`, CORS disabled). See `Specs/plugins/cors.md`.
///
/// ```swift
/// try app.register(CORS(origin: .exact("http://localhost:3000"), credentials: true))
/// try app.register(CORS(CORSOptions(origin: .reflect), routeProfiles: ["public": CORSOptions(origin: .any)]))
/// try app.get("/open", config: ["cors": "public"]) { _, reply in reply.send("hi") }
/// try app.get("/internal", config: ["cors": "off"]) { _, reply in reply.send("no CORS headers") }
/// ```
public struct CORS: Plugin {
    /// `cors`.
    public var name: String { "cors" }
    /// `false` unless asked: the hooks reach the whole scope it is registered in.
    public let isEncapsulated: Bool
    /// The hook that decides (and answers preflights in `onRequest`…`preHandler`).
    public let hook: Hook
    /// Marks the `OPTIONS *` route hidden (`config["hide"] = "true"`) for documentation generators.
    public let hideOptionsRoute: Bool
    /// Named settings a route selects with `config["cors"] = "<name>"`.
    public let routeProfiles: [String: CORSOptions]
    private let source: CORSEngine.Source

    /// The phases the deciding hook may run in.
    public static let allowedHooks: [Hook] = [.onRequest, .preParsing, .preValidation, .preHandler, .preSerialization, .onSend]
    private static let answeringHooks: Set<Hook> = [.onRequest, .preParsing, .preValidation, .preHandler]

    /// CORS with fixed settings.
    public init(
        _ options: CORSOptions = CORSOptions(), hook: Hook = .onRequest, hideOptionsRoute: Bool = true,
        routeProfiles: [String: CORSOptions] = [:], isEncapsulated: Bool = false
    ) {
        self.source = .fixed(options)
        self.hook = hook
        self.hideOptionsRoute = hideOptionsRoute
        self.routeProfiles = routeProfiles
        self.isEncapsulated = isEncapsulated
    }

    /// CORS for the common case: an origin setting plus credentials and header lists.
    public init(
        origin: AllowedOrigin, credentials: Bool = false, methods: CORSHeaderList = "GET,HEAD,POST",
        allowedHeaders: CORSHeaderList? = nil, exposedHeaders: CORSHeaderList? = nil, maxAge: Int? = nil
    ) {
        self.init(CORSOptions(
            origin: origin, methods: methods, allowedHeaders: allowedHeaders, exposedHeaders: exposedHeaders,
            credentials: credentials, maxAge: maxAge
        ))
    }

    /// CORS whose settings a closure computes per request (`@fastify/cors`'s `delegator`).
    ///
    /// Responses then always carry `Vary: Origin`. Settings that fail ``CORSOptions/validated()``
    /// answer 500 "Invalid CORS origin option"; a throwing delegator answers through the error handler.
    public init(
        hook: Hook = .onRequest, hideOptionsRoute: Bool = true, routeProfiles: [String: CORSOptions] = [:],
        isEncapsulated: Bool = false, delegator: @escaping @Sendable (Request) async throws -> CORSOptions
    ) {
        self.source = .delegated(delegator)
        self.hook = hook
        self.hideOptionsRoute = hideOptionsRoute
        self.routeProfiles = routeProfiles
        self.isEncapsulated = isEncapsulated
    }

    /// Validates the settings, then adds the request decoration, the hooks and the `OPTIONS *` route.
    ///
    /// Throws ``CORSConfigurationError`` for refused settings, and the kernel's errors: a second registration in
    /// this scope, a scope enclosing it or one inside it throws `FST_ERR_DEC_ALREADY_PRESENT` (route profiles,
    /// not a second registration, give a part of the application other settings).
    public func register(in scope: Scope) throws {
        guard Self.allowedHooks.contains(hook) else { throw CORSConfigurationError(.invalidHook(hook.description)) }
        let engine = try makeEngine()
        let registry = try CORSRegistry.of(scope)
        try registry.register(in: scope)
        let profileNames = Set(routeProfiles.keys)
        try scope.decorateRequest(CORSRequestState.key, default: CORSRequestState())
        try scope.decorate(CORSOriginPolicy.key, CORSOriginPolicy(engine: engine))
        try scope.onRoute { route in
            guard let name = route.config[CORSEngine.routeConfigKey] else { return }
            guard CORSEngine.disabledValues.contains(name) || profileNames.contains(name) else {
                throw CORSConfigurationError(.unknownRouteProfile(name))
            }
        }
        // Where every request gets the same decision, deciding in `onRequest`, the reply starts with its fields and the
        // hooks find them there. Deciding later, the fields must not show before that phase (A.7-43), so no preset.
        if hook == .onRequest { try scope.presetReplyHeaders { route in engine.presetBlock(for: route) } }
        let phase = hook
        let answers = Self.answeringHooks.contains(phase)
        try Self.addDecidingHook(phase, engine, to: scope, answeringPreflight: answers, replacing: true)
        if phase != .onSend {
            try Self.addDecidingHook(.onSend, engine, to: scope, answeringPreflight: false, replacing: false)
        }
        try addOptionsRoute(to: scope, registry: registry)
    }

    /// Synchronous hooks when no setting can suspend (the kernel then calls them directly), async ones otherwise.
    private static func addDecidingHook(
        _ phase: Hook, _ engine: CORSEngine, to scope: Scope, answeringPreflight: Bool, replacing: Bool
    ) throws {
        let constantBlock = engine.constantBlock
        if engine.isSynchronous {
            try scope.addHook(phase) { request, reply in
                // The usual request: the reply still holds the constant decision as preset (see `applyConstant`).
                if let constantBlock, reply.headers.sharesFields(of: constantBlock) { return }
                if applyConstant(engine, &request, &reply, replacing: replacing) { return }
                guard var state = begin(&request, &reply, replacing: replacing) else { return }
                defer { request[CORSRequestState.key] = state }
                guard let decision = try engine.decideNow(request, answeringPreflight: answeringPreflight) else {
                    preconditionFailure("a synchronous CORS engine had to suspend")
                }
                conclude(decision, &state, &reply, replacing: replacing)
            }
        } else {
            try scope.addHook(phase) { request, reply in
                if applyConstant(engine, &request, &reply, replacing: replacing) { return }
                guard var state = begin(&request, &reply, replacing: replacing) else { return }
                defer { request[CORSRequestState.key] = state }
                let decision = try await engine.decide(request, answeringPreflight: answeringPreflight, headers: &reply.headers)
                conclude(decision, &state, &reply, replacing: replacing)
            }
        }
    }

    private func makeEngine() throws(CORSConfigurationError) -> CORSEngine {
        var profiles: [String: CORSOptions] = [:]
        for (name, options) in routeProfiles {
            if CORSEngine.disabledValues.contains(name) { throw CORSConfigurationError(.reservedProfileName(name)) }
            profiles[name] = try options.validated()
        }
        switch source {
        case .fixed(let options): return CORSEngine(source: .fixed(try options.validated()), profiles: profiles)
        case .delegated: return CORSEngine(source: source, profiles: profiles)
        }
    }

    /// Applies the engine's constant decision when this request has one, and returns `true`: every pass then finds
    /// the same decision, so none needs the request's state (a preflight, or a route with a profile, goes on to ``begin``).
    @inline(__always)
    private static func applyConstant(_ engine: CORSEngine, _ request: inout Request, _ reply: inout Reply, replacing: Bool) -> Bool {
        // Preset on the reply (see `register(in:)`), or applied by an earlier pass, and untouched since: writing it
        // again, replacing or not, would change nothing.
        if engine.holdsConstantDecision(reply.headers) { return true }
        guard let constant = engine.constantDecision(for: request) else { return false }
        if request.hasDecoration(CORSRequestState.key) { constant.apply(to: &reply.headers, replacing: replacing) }
        return true
    }

    /// The state to decide with, marked attempted; `nil` when there is nothing to decide: CORS is not
    /// declared in this route's scope, or (the `onSend` pass) the decision was made, and is applied here.
    /// The caller writes the state back even when deciding throws, so `onSend` does not ask again.
    private static func begin(_ request: inout Request, _ reply: inout Reply, replacing: Bool) -> CORSRequestState? {
        // The deciding pass starts from a fresh state instead of reading one: it runs first, and when it runs again
        // (a `callNotFound` reruns `preHandler`), it decides afresh anyway.
        if replacing { return request.hasDecoration(CORSRequestState.key) ? CORSRequestState(attempted: true) : nil }
        guard var state = request.decoration(CORSRequestState.key) else { return nil }
        if let decision = state.decision {
            decision.apply(to: &reply.headers, replacing: false)
            return nil
        }
        if state.attempted { return nil }
        state.attempted = true
        return state
    }

    /// Applies a new decision: the headers, then the preflight answer the deciding hook gives.
    private static func conclude(_ shared: SharedCORSDecision, _ state: inout CORSRequestState, _ reply: inout Reply, replacing: Bool) {
        state.decision = shared
        shared.apply(to: &reply.headers, replacing: replacing)
        guard shared.value.isActive else { return }
        switch shared.value.preflight {
        case .none:
            break
        case .invalid:
            reply.status = .badRequest
            reply.type("text/plain; charset=utf-8")
            reply.send("Invalid Preflight Request")
        case .answer(let status):
            reply.status = status
            reply.send()
        case .proceed:
            state.preflightContinued = true
        }
    }
}
