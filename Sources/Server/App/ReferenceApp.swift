import Kernel
import Plugins

/// Builds the reference backend as an ``Application`` that `listen` serves and tests `inject` into.
///
/// Composition, as in the seed: security headers with the four cross-origin policies off, CORS for
/// the configured origins with credentials, JSON request logging, `GET /health` open, and the
/// `/api/v1` scope behind bearer auth (header, or `?token=` for browser WebSockets) holding one
/// plugin per resource.
///
/// ```swift
/// let store = try await Store.open(path: "/tmp/app.sqlite")
/// let app = try ReferenceApp.make(AppConfiguration(), store: store)
/// let response = try await app.inject(.get("/api/v1/projects", headers: ["authorization": "Bearer justin-access-token"]))
/// ```
public enum ReferenceApp {
    /// The prefix of the authenticated API.
    public static let apiPrefix = "/api/v1"

    /// The application over `store`, with a new engine and event hub.
    public static func make(_ configuration: AppConfiguration, store: Store, logger: Logger = .discarding) throws -> Application {
        let services = ReferenceServices(store: store, runLimit: configuration.maxRunningExecutions, logger: logger)
        return try make(configuration, services: services, logger: logger)
    }

    /// The application over existing `services` (tests pass an engine with a fast clock).
    ///
    /// Closing the application shuts the engine down (running executions end as
    /// `failed`/`interrupted`); the store stays open for its owner to close.
    public static func make(_ configuration: AppConfiguration, services: ReferenceServices, logger: Logger = .discarding) throws -> Application {
        let app = Application()
        try app.decorate(.referenceServices, services)
        try app.register(RequestLogging(logger: logger, mapError: { APIErrors.map($0) }))
        try app.register(CORS(CORSOptions(
            origin: .list(configuration.corsOrigins.map { .exact($0) }),
            methods: "GET,HEAD,POST,PUT,PATCH,DELETE",
            exposedHeaders: "location",
            credentials: true
        )))
        try app.register(SecurityHeaders(SecurityHeadersOptions.apiServer))
        // After CORS, so upgrades from origins CORS does not allow are refused with 403.
        try app.register(WebSocketPlugin())
        try app.setErrorHandler(APIErrors.handler)
        try app.register(HealthRoutes())
        try app.register(name: "api-v1", prefix: apiPrefix) { api in
            try api.register(BearerAuth(tokens: configuration.apiTokens, queryParameter: "token"))
            try api.register(ProjectRoutes(store: services.store, engine: services.engine))
            try api.register(WorkflowRoutes(store: services.store, engine: services.engine))
            try api.register(ExecutionRoutes(engine: services.engine))
            try api.register(StreamRoutes(services: services, settings: configuration.streams))
        }
        try app.addHook(.onClose) { await services.engine.shutdown() }
        return app
    }
}
