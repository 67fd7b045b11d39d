/// Settings for an ``Application``, with Fastify's defaults.
public struct ApplicationOptions: Sendable {
    /// The largest body a route accepts, in bytes; 1 MiB. Routes may override it.
    public var bodyLimit = 1_048_576
    /// Router matching options (case, trailing slash, duplicate slashes, parameter length).
    public var router = RouterOptions()
    /// Whether every GET route also answers HEAD.
    public var exposeHeadRoutes = true
    /// Whether requests arriving while the application closes get 503.
    public var return503OnClosing = true
    /// A header to take the request id from, e.g. `x-request-id`; `nil` generates `req-N` ids.
    public var requestIDHeader: String?
    /// Whether to trust `X-Forwarded-For`, `-Host` and `-Proto` from the peer (only behind a proxy you run).
    public var trustProxy = false
    /// Time a handler may run before the request gets 503 `FST_ERR_HANDLER_TIMEOUT`; `nil` for no limit.
    /// The handler then runs in a task of its own, which prefers the connection's event loop (over a socket).
    public var handlerTimeout: Duration?

    /// The defaults.
    public init() {}
}

/// Options of one route, as `onRoute` hooks see and may change them.
public struct RouteOptions {
    /// The method.
    public var method: HTTPMethod
    /// The full path, prefix included.
    public var url: String
    /// The path as given to the route call.
    public var path: String
    /// The prefix of the scope that declared the route.
    public let prefix: String
    /// The body limit for this route; the application's when `nil`.
    public var bodyLimit: Int?
    /// Whether a GET route also answers HEAD.
    public var exposeHeadRoute: Bool?
    /// Free-form settings for plugins, e.g. `["cors": "off"]`.
    public var config: [String: String]
    /// Route-level hooks, which run after the scope's hooks of the same phase.
    public var hooks: [Hook: [RequestHook]]
    /// A route-level error handler, tried before the scope's.
    public var errorHandler: ErrorHandler?
    /// The handler. Replacing it (an `onRoute` hook wrapping it, say) clears ``synchronousHandler``.
    public var handler: Handler {
        didSet { synchronousHandler = nil }
    }
    /// The handler as declared, when it never suspends; ``handler`` then calls it.
    public private(set) var synchronousHandler: SynchronousHandler?

    /// Creates route options.
    public init(
        method: HTTPMethod, path: String, prefix: String = "", bodyLimit: Int? = nil, exposeHeadRoute: Bool? = nil,
        config: [String: String] = [:], hooks: [Hook: [RequestHook]] = [:], errorHandler: ErrorHandler? = nil,
        handler: @escaping Handler
    ) {
        self.method = method
        self.url = path
        self.path = path
        self.prefix = prefix
        self.bodyLimit = bodyLimit
        self.exposeHeadRoute = exposeHeadRoute
        self.config = config
        self.hooks = hooks
        self.errorHandler = errorHandler
        self.handler = handler
    }

    /// Creates route options for a handler that never suspends.
    public init(
        method: HTTPMethod, path: String, prefix: String = "", bodyLimit: Int? = nil, exposeHeadRoute: Bool? = nil,
        config: [String: String] = [:], hooks: [Hook: [RequestHook]] = [:], errorHandler: ErrorHandler? = nil,
        handler: @escaping SynchronousHandler
    ) {
        let suspending: Handler = { request, reply in try handler(request, &reply) }
        self.init(
            method: method, path: path, prefix: prefix, bodyLimit: bodyLimit, exposeHeadRoute: exposeHeadRoute,
            config: config, hooks: hooks, errorHandler: errorHandler, handler: suspending)
        synchronousHandler = handler
    }
}

/// Everything the root and its scopes share during setup.
final class ApplicationState {
    var options: ApplicationOptions
    var sequence = 0
    var routes: [(options: RouteOptions, scope: Scope, isAutoHead: Bool)] = []
    var builders: [HTTPMethod: RouteTrieBuilder<Int>] = [:]
    var isStarted = false
    var deferredErrors: [KernelError] = []
    var scopes: [Scope] = []
    /// `preClose` and `onClose` hooks added once `ready()` had frozen the application (an `onReady` hook that
    /// opens a resource adds the hook that closes it): `close()` runs them with the frozen ones.
    /// The prefixes that have a not-found handler: one each.
    var notFoundPrefixes: Set<String> = []
    var lateLifecycleHooks: [(hook: ApplicationHook, sequence: Int, depth: Int, body: LifecycleHook)] = []

    /// Every request decoration's default, from the first scope (in creation order) that declares its name.
    /// Computed on first use, when ``Application/ready()`` compiles the routes and the setup is complete.
    /// A read of a name its route's scope does not declare falls back to it (see ``Request/subscript(_:)``).
    lazy var requestDefaultsAnywhere: [NamedValue] = {
        var defaults: [NamedValue] = []
        for scope in scopes {
            for (name, value) in scope.requestDecorations.sorted(by: { $0.key < $1.key })
            where defaults.index(named: name) == nil {
                defaults.append(NamedValue(name: name, value: value))
            }
        }
        return defaults
    }()

    init(options: ApplicationOptions) { self.options = options }

    func nextSequence() -> Int {
        sequence += 1
        return sequence
    }
}
