/// One route as the request path sees it: everything resolved at `ready()`, immutable, Sendable.
final class CompiledRoute: Sendable {
    let method: HTTPMethod
    let pattern: String?
    let handler: Handler
    /// The handler, when it never suspends.
    let synchronousHandler: SynchronousHandler?
    /// Routing to reply needs no async step: a synchronous handler, request hooks that are all synchronous, and no
    /// handler time limit (see ``CompiledApplication/handleWithoutSuspending(_:into:)``).
    let runsWithoutSuspending: Bool
    let onRequest: HookChain?
    let preParsing: HookChain?
    let preValidation: HookChain?
    let preHandler: HookChain?
    let preSerialization: HookChain?
    let onSend: HookChain?
    let onResponse: HookChain?
    let onError: HookChain?
    let onTimeout: HookChain?
    let onRequestAbort: HookChain?
    /// Innermost first: the route's, its scope's, then each ancestor's.
    let errorHandlers: [ErrorHandler]
    let parsers: ContentTypeParsers
    let bodyLimit: Int
    let values: ScopeValues
    /// Request decoration defaults declared anywhere in the application: the fallback for a name ``values`` lacks.
    let requestDefaultsAnywhere: [NamedValue]
    let config: [String: String]
    /// The fields every reply of this route starts with (see ``Scope/presetReplyHeaders(_:)``).
    let presetReplyHeaders: HTTPHeaders?
    let isNotFound: Bool
    let dropsBody: Bool

    init(
        method: HTTPMethod, pattern: String?, handler: @escaping Handler, synchronousHandler: SynchronousHandler? = nil,
        hooks: [Hook: HookChain], errorHandlers: [ErrorHandler], parsers: ContentTypeParsers, bodyLimit: Int,
        values: ScopeValues, requestDefaultsAnywhere: [NamedValue] = [], config: [String: String],
        presetReplyHeaders: HTTPHeaders? = nil, isNotFound: Bool, dropsBody: Bool, hasHandlerTimeout: Bool = false
    ) {
        self.method = method
        self.pattern = pattern
        self.handler = handler
        self.synchronousHandler = synchronousHandler
        let requestPhases: [Hook] = [.onRequest, .preParsing, .preValidation, .preHandler]
        runsWithoutSuspending = synchronousHandler != nil && !hasHandlerTimeout
            && requestPhases.allSatisfy { hooks[$0]?.isSynchronous ?? true }
        onRequest = hooks[.onRequest]
        preParsing = hooks[.preParsing]
        preValidation = hooks[.preValidation]
        preHandler = hooks[.preHandler]
        preSerialization = hooks[.preSerialization]
        onSend = hooks[.onSend]
        onResponse = hooks[.onResponse]
        onError = hooks[.onError]
        onTimeout = hooks[.onTimeout]
        onRequestAbort = hooks[.onRequestAbort]
        self.errorHandlers = errorHandlers
        self.parsers = parsers
        self.bodyLimit = bodyLimit
        self.values = values
        self.requestDefaultsAnywhere = requestDefaultsAnywhere
        self.config = config
        self.presetReplyHeaders = presetReplyHeaders
        self.isNotFound = isNotFound
        self.dropsBody = dropsBody
    }

    /// Freezes a route declared in `scope`.
    static func compile(_ options: RouteOptions, in scope: Scope, isAutoHead: Bool, appOptions: ApplicationOptions) -> CompiledRoute {
        let chain = scope.chain
        var handlers: [ErrorHandler] = options.errorHandler.map { [$0] } ?? []
        handlers += chain.reversed().compactMap(\.errorHandler)
        return CompiledRoute(
            method: options.method, pattern: options.url, handler: options.handler, synchronousHandler: options.synchronousHandler,
            hooks: HookStore.freeze(chain.map(\.hooks), routeLevel: options.hooks),
            errorHandlers: handlers, parsers: scope.parsers, bodyLimit: options.bodyLimit ?? appOptions.bodyLimit,
            values: scope.frozenValues(), requestDefaultsAnywhere: scope.state.requestDefaultsAnywhere, config: options.config,
            presetReplyHeaders: scope.presetHeaders(for: RouteSummary(method: options.method, pattern: options.url, config: options.config)),
            isNotFound: false, dropsBody: isAutoHead,
            hasHandlerTimeout: appOptions.handlerTimeout != nil
        )
    }

    /// Freezes the not-found context owned by `scope` (the root when no scope set a handler).
    static func compileNotFound(in scope: Scope, appOptions: ApplicationOptions) -> CompiledRoute {
        let chain = scope.chain
        let handler = scope.notFound?.handler ?? DefaultHandlers.notFound
        return CompiledRoute(
            method: .get, pattern: nil, handler: handler,
            hooks: HookStore.freeze(chain.map(\.hooks), routeLevel: scope.notFound?.hooks ?? [:]),
            errorHandlers: chain.reversed().compactMap(\.errorHandler), parsers: scope.parsers,
            bodyLimit: appOptions.bodyLimit, values: scope.frozenValues(), requestDefaultsAnywhere: scope.state.requestDefaultsAnywhere,
            config: [:], presetReplyHeaders: scope.presetHeaders(for: RouteSummary(method: .get, pattern: nil, config: [:])),
            isNotFound: true, dropsBody: false
        )
    }
}
