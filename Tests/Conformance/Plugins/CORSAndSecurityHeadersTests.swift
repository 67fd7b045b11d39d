import Kernel
import Plugins
import Testing

/// The origin settings the matrix crosses with every security-header setting.
enum OriginKind: String, CaseIterable, Sendable {
    case exact, list, pattern, reflect, dynamic

    var allowedOrigin: AllowedOrigin {
        switch self {
        case .exact: .exact("http://localhost:3000")
        case .list: .list([.exact("https://other.io"), .exact("http://localhost:3000")])
        case .pattern: .pattern(#/http://localhost:\d+/#)
        case .reflect: .reflect
        case .dynamic: .dynamic { origin, _ in origin == "http://localhost:3000" ? .allow : .deny }
        }
    }
}

/// Security-header settings: defaults, the seed's API preset, each header off in turn, COEP on, and all off.
let securityHeaderVariants: [(String, SecurityHeadersOptions)] = {
    var variants: [(String, SecurityHeadersOptions)] = [("defaults", SecurityHeadersOptions()), ("apiServer", .apiServer)]
    let toggles: [(String, (inout SecurityHeadersOptions) -> Void)] = [
        ("csp", { $0.contentSecurityPolicy = nil }), ("coep", { $0.crossOriginEmbedderPolicy = .requireCorp }),
        ("coop", { $0.crossOriginOpenerPolicy = nil }), ("corp", { $0.crossOriginResourcePolicy = nil }),
        ("oac", { $0.originAgentCluster = false }), ("referrer", { $0.referrerPolicy = nil }),
        ("hsts", { $0.strictTransportSecurity = nil }), ("xcto", { $0.xContentTypeOptions = false }),
        ("dns", { $0.xDNSPrefetchControl = nil }), ("xdo", { $0.xDownloadOptions = false }),
        ("xfo", { $0.xFrameOptions = nil }), ("xpcdp", { $0.xPermittedCrossDomainPolicies = nil }),
        ("xpb", { $0.removesXPoweredBy = false }), ("xxss", { $0.xXSSProtection = false }),
    ]
    for (name, toggle) in toggles { variants.append((name, SecurityHeadersOptions().with(toggle))) }
    var nothing = SecurityHeadersOptions()
    for (_, toggle) in toggles where true { toggle(&nothing) }
    nothing.crossOriginEmbedderPolicy = nil
    variants.append(("all-off", nothing))
    var nonced = ContentSecurityPolicy()
    nonced.nonces = true
    variants.append(("nonces", SecurityHeadersOptions().with { $0.contentSecurityPolicy = nonced }))
    return variants
}()

@Suite("CORS with security headers: the CORS headers never change (fastify-plugins §B.4)")
struct CORSAndSecurityHeadersTests {
    static func app(origin: OriginKind, credentials: Bool, security: SecurityHeadersOptions?, corsFirst: Bool) throws -> Application {
        let app = Application()
        try app.addHook(.onRequest, ResponsePath.auth)
        let cors = CORS(CORSOptions(origin: origin.allowedOrigin, exposedHeaders: ["x-request-id"], credentials: credentials, maxAge: 600))
        if corsFirst { try app.register(cors) }
        if let security { try app.register(SecurityHeaders(security)) }
        if !corsFirst { try app.register(cors) }
        try ResponsePath.addRoutes(to: app)
        return app
    }

    @Test("every security-header setting × credentials × origin kind × order: CORS fields identical to CORS alone on every path",
          arguments: OriginKind.allCases, [(true, true), (true, false), (false, true), (false, false)])
    func matrix(origin: OriginKind, flags: (credentials: Bool, corsFirst: Bool)) async throws {
        let reference = try Self.app(origin: origin, credentials: flags.credentials, security: nil, corsFirst: true)
        var expected: [ResponsePath: [String: String]] = [:]
        for path in ResponsePath.allCases {
            let response = try await reference.inject(path.request)
            #expect(response.headers["access-control-allow-origin"] != nil, "\(path)")
            #expect((response.headers["access-control-allow-credentials"] == "true") == flags.credentials)
            expected[path] = response.corsFields
        }
        for (name, security) in securityHeaderVariants {
            let app = try Self.app(origin: origin, credentials: flags.credentials, security: security, corsFirst: flags.corsFirst)
            for path in ResponsePath.allCases {
                let response = try await app.inject(path.request)
                #expect(response.statusCode == path.status, "\(name) \(path)")
                #expect(response.corsFields == expected[path], "\(name) \(path)")
            }
            let pre = try await app.inject(preflight("/ok", origin: "http://localhost:3000", requestHeaders: "authorization"))
            #expect(pre.status == .noContent, "\(name)")
            #expect(pre.corsFields == (try await reference.inject(preflight("/ok", origin: "http://localhost:3000", requestHeaders: "authorization"))).corsFields)
        }
    }

    @Test("security headers write only their own names, never Vary or Access-Control-*")
    func ownedNamesOnly() async throws {
        #expect(SecurityHeadersPolicy.ownedHeaderNames.allSatisfy { !$0.hasPrefix("access-control-") && $0 != "vary" })
        for (name, security) in securityHeaderVariants {
            let app = Application()
            try app.register(SecurityHeaders(security))
            try app.get("/") { _, reply in
                reply.headers["vary"] = "Accept"
                reply.headers["access-control-allow-origin"] = "https://mine.io"
                reply.send("ok")
            }
            let response = try await app.inject(.get("/"))
            #expect(response.headers["vary"] == "Accept", "\(name)")
            #expect(response.headers["access-control-allow-origin"] == "https://mine.io", "\(name)")
            let foreign = response.headers.filter { !SecurityHeadersPolicy.ownedHeaderNames.contains($0.name) }.map(\.name)
            #expect(Set(foreign) == ["vary", "access-control-allow-origin", "content-type", "content-length"], "\(name)")
        }
    }
}

@Suite("The seed's scenario")
struct SeedScenarioTests {
    static let bearer: RequestHook = { request, _ in
        guard request.url.hasPrefix("/api/") else { return }
        guard let header = request.headers["authorization"], header.hasPrefix("Bearer "), header.count > 7 else {
            throw HTTPError(.unauthorized, message: "missing token", headers: ["www-authenticate": "Bearer"])
        }
    }

    @Test("security headers (seed config) + CORS(localhost:3000, credentials) + bearer auth: ACAO on 200 and on 401",
          arguments: ["auth in the API scope", "auth at the root before CORS", "auth at the root before both plugins"])
    func seedReplay(placement: String) async throws {
        let app = Application()
        if placement == "auth at the root before both plugins" { try app.addHook(.onRequest, Self.bearer) }
        try app.register(SecurityHeaders(.apiServer))
        if placement == "auth at the root before CORS" { try app.addHook(.onRequest, Self.bearer) }
        try app.register(CORS(origin: .exact("http://localhost:3000"), credentials: true))
        try app.register(prefix: "/api/v1") { api in
            if placement == "auth in the API scope" { try api.addHook(.onRequest, Self.bearer) }
            try api.get("/projects") { _, reply in reply.send(json: ["projects": ["swallow"]]) }
        }
        let origin = "http://localhost:3000"
        let authorized = try await app.inject(.get("/api/v1/projects", headers: ["origin": origin, "authorization": "Bearer t0ken"]))
        #expect(authorized.status == .ok)
        #expect(authorized.headers["access-control-allow-origin"] == origin)
        #expect(authorized.headers["access-control-allow-credentials"] == "true")
        let anonymous = try await app.inject(.get("/api/v1/projects", headers: ["origin": origin]))
        #expect(anonymous.status == .unauthorized)
        #expect(anonymous.headers["access-control-allow-origin"] == origin)
        #expect(anonymous.headers["access-control-allow-credentials"] == "true")
        #expect(anonymous.headers["www-authenticate"] == "Bearer")
        for response in [authorized, anonymous] {
            #expect(response.headers["x-content-type-options"] == "nosniff")
            #expect(response.headers["strict-transport-security"] == "max-age=31536000; includeSubDomains")
            #expect(response.headers["content-security-policy"] == nil)
            #expect(response.headers["cross-origin-resource-policy"] == nil)
        }
    }
}
