import Kernel
import Plugins
import Testing

@Suite("Security headers, global behaviour (fastify-plugins §B.5 1–21)")
struct SecurityHeadersGlobalTests {
    static func app(_ plugin: SecurityHeaders, handler: @escaping Handler = { _, reply in reply.send("ok") }) throws -> Application {
        let app = Application()
        try app.register(plugin)
        try app.get("/", handler)
        return app
    }

    @Test("B.5-1 defaults → the five H5 headers")
    func defaultsH5() async throws {
        let response = try await Self.app(SecurityHeaders()).inject(.get("/"))
        #expect(response.presentH5 == Set(h5.keys))
    }

    @Test("B.5-2 global false → none of H5")
    func globalOff() async throws {
        let response = try await Self.app(SecurityHeaders(global: false)).inject(.get("/"))
        #expect(response.presentH5.isEmpty)
        #expect(response.headers["content-security-policy"] == nil)
    }

    @Test("B.5-3 defaults → X-Permitted-Cross-Domain-Policies: none")
    func permittedDefault() async throws {
        #expect(try await Self.app(SecurityHeaders()).inject(.get("/")).headers["x-permitted-cross-domain-policies"] == "none")
    }

    @Test("B.5-4 permitted policies by-content-type → that value")
    func permittedByContentType() async throws {
        let options = SecurityHeadersOptions().with { $0.xPermittedCrossDomainPolicies = .byContentType }
        #expect(try await Self.app(SecurityHeaders(options)).inject(.get("/")).headers["x-permitted-cross-domain-policies"] == "by-content-type")
    }

    @Test("B.5-5 frame options off → no X-Frame-Options, the other four present")
    func frameguardOff() async throws {
        let response = try await Self.app(SecurityHeaders(SecurityHeadersOptions().with { $0.xFrameOptions = nil })).inject(.get("/"))
        #expect(response.presentH5 == Set(h5.keys).subtracting(["x-frame-options"]))
        #expect(response.headers["x-frame-options"] == nil)
    }

    @Test("B.5-6 CSP built from defaultDirectives → the default policy")
    func defaultDirectives() async throws {
        var policy = try ContentSecurityPolicy(useDefaults: false, directives: [:])
        for (directive, sources) in ContentSecurityPolicy.defaultDirectives { policy[directive] = sources }
        let response = try await Self.app(SecurityHeaders(SecurityHeadersOptions().with { $0.contentSecurityPolicy = policy })).inject(.get("/"))
        #expect(response.cspDirectives == defaultCSP)
        #expect(response.headers["content-security-policy"] == helmetDefaultCSPString)
    }

    @Test("B.5-7 CSP without defaults, default-src 'self' → exactly that")
    func noDefaults() async throws {
        let policy = try ContentSecurityPolicy(useDefaults: false, directives: [.defaultSrc: [.selfOrigin]])
        let response = try await Self.app(SecurityHeaders(SecurityHeadersOptions().with { $0.contentSecurityPolicy = policy })).inject(.get("/"))
        #expect(response.headers["content-security-policy"] == "default-src 'self'")
    }

    static func nonceApp(_ policy: ContentSecurityPolicy) throws -> Application {
        try app(SecurityHeaders(SecurityHeadersOptions().with { $0.contentSecurityPolicy = policy }), handler: nonceEcho)
    }

    @Test("B.5-8 nonces on → the handler sees script and style nonces, fresh on the next request")
    func noncesVisible() async throws {
        var policy = ContentSecurityPolicy()
        policy.nonces = true
        let app = try Self.nonceApp(policy)
        let first = try await app.inject(.get("/")).text.split(separator: "|")
        let second = try await app.inject(.get("/")).text.split(separator: "|")
        #expect(first.count == 2 && second.count == 2)
        #expect(first.allSatisfy { $0.count == 24 })
        #expect(first != second)
        #expect(first[0] != first[1])
    }

    @Test("B.5-9 nonces + default/script/style 'self' → defaults with script-src 'self' 'nonce-S', style-src 'self' 'nonce-T'")
    func noncesWithDefaults() async throws {
        let policy = try ContentSecurityPolicy(nonces: true, directives: [
            .defaultSrc: [.selfOrigin], .scriptSrc: [.selfOrigin], .styleSrc: [.selfOrigin],
        ])
        let response = try await Self.nonceApp(policy).inject(.get("/"))
        let nonces = response.text.split(separator: "|")
        var expected = defaultCSP
        expected.remove("script-src 'self'")
        expected.remove("style-src 'self' https: 'unsafe-inline'")
        expected.insert("script-src 'self' 'nonce-\(nonces[0])'")
        expected.insert("style-src 'self' 'nonce-\(nonces[1])'")
        #expect(response.cspDirectives == expected)
    }

    @Test("B.5-10 nonces without defaults → exactly default-src, script-src with S, style-src with T")
    func noncesExact() async throws {
        let policy = try ContentSecurityPolicy(useDefaults: false, nonces: true, directives: [
            .defaultSrc: [.selfOrigin], .scriptSrc: [.selfOrigin], .styleSrc: [.selfOrigin],
        ])
        let response = try await Self.nonceApp(policy).inject(.get("/"))
        let nonces = response.text.split(separator: "|")
        #expect(response.headers["content-security-policy"]
            == "default-src 'self';script-src 'self' 'nonce-\(nonces[0])';style-src 'self' 'nonce-\(nonces[1])'")
    }

    @Test("B.5-11 two requests → one nonce per directive each time (nonces never accumulate)")
    func noncesNotStacked() async throws {
        var policy = ContentSecurityPolicy()
        policy.nonces = true
        let app = try Self.nonceApp(policy)
        for _ in 0..<2 {
            let header = try await app.inject(.get("/")).headers["content-security-policy"] ?? ""
            #expect(header.components(separatedBy: "'nonce-").count == 3)
        }
    }

    @Test("B.5-12 kebab-case keys with 'unsafe-eval'/'unsafe-inline' → those lists plus nonces, other defaults kept")
    func kebabKeys() async throws {
        let policy = try ContentSecurityPolicy(nonces: true, directives: [
            "script-src": ["'self'", "'unsafe-eval'"], "style-src": ["'self'", "'unsafe-inline'"],
        ])
        let response = try await Self.nonceApp(policy).inject(.get("/"))
        let nonces = response.text.split(separator: "|")
        let directives = try #require(response.cspDirectives)
        #expect(directives.contains("script-src 'self' 'unsafe-eval' 'nonce-\(nonces[0])'"))
        #expect(directives.contains("style-src 'self' 'unsafe-inline' 'nonce-\(nonces[1])'"))
        #expect(directives.contains("img-src 'self' data:"))
        #expect(directives.count == defaultCSP.count)
    }

    @Test("B.5-13 nonces with only default-src → script-src/style-src hold just the nonces (defaults off); with defaults 'self' stays")
    func noncesOnlyDefaultSrc() async throws {
        let bare = try ContentSecurityPolicy(useDefaults: false, nonces: true, directives: [.defaultSrc: [.selfOrigin]])
        let response = try await Self.nonceApp(bare).inject(.get("/"))
        let nonces = response.text.split(separator: "|")
        #expect(response.cspDirectives == ["default-src 'self'", "script-src 'nonce-\(nonces[0])'", "style-src 'nonce-\(nonces[1])'"])
        let withDefaults = try ContentSecurityPolicy(nonces: true, directives: [.defaultSrc: [.selfOrigin]])
        let second = try await Self.nonceApp(withDefaults).inject(.get("/"))
        let secondNonces = second.text.split(separator: "|")
        #expect(second.cspDirectives?.contains("script-src 'self' 'nonce-\(secondNonces[0])'") == true)
    }

    @Test("B.5-14 other onRequest hooks (global and per route) add headers → theirs and H5 present, 200")
    func otherHooks() async throws {
        let app = Application()
        try app.addHook(.onRequest) { _, reply in reply.headers["x-before"] = "1" }
        try app.register(SecurityHeaders())
        try app.addHook(.onRequest) { _, reply in reply.headers["x-after"] = "1" }
        try app.get("/", hooks: [.onRequest: [{ _, reply in reply.headers["x-route"] = "1" }]]) { _, reply in reply.send("ok") }
        let response = try await app.inject(.get("/"))
        #expect(response.status == .ok)
        #expect(response.headers["x-before"] == "1" && response.headers["x-after"] == "1" && response.headers["x-route"] == "1")
        #expect(response.presentH5 == Set(h5.keys))
    }

    @Test("B.5-15 global false, the handler applies the policy → H5 present")
    func onDemand() async throws {
        let app = try Self.app(SecurityHeaders(global: false)) { request, reply in
            try request.scope[.securityHeaders]?.apply(to: &reply, for: request)
            reply.send("ok")
        }
        #expect(try await app.inject(.get("/")).presentH5 == Set(h5.keys))
    }

    @Test("B.5-16 global false, the handler applies a policy without frame options → no XFO, rest of H5")
    func onDemandOverride() async throws {
        let framed = try SecurityHeadersPolicy(SecurityHeadersOptions().with { $0.xFrameOptions = nil })
        let app = try Self.app(SecurityHeaders(global: false)) { request, reply in
            try framed.apply(to: &reply, for: request)
            reply.send("ok")
        }
        #expect(try await app.inject(.get("/")).presentH5 == Set(h5.keys).subtracting(["x-frame-options"]))
    }

    @Test("B.5-17 a cspNonces request decoration declared beforehand → registration works, nonces still set")
    func predeclaredDecorations() async throws {
        let app = Application()
        try app.decorateRequest(.cspNonces, default: nil)
        var policy = ContentSecurityPolicy()
        policy.nonces = true
        try app.register(SecurityHeaders(SecurityHeadersOptions().with { $0.contentSecurityPolicy = policy }))
        try app.get("/", nonceEcho)
        #expect(try await app.inject(.get("/")).text.split(separator: "|").count == 2)
    }

    @Test("B.5-18 route off, handler applies frame options for one parameter value → XFO only there")
    func routeOffOnDemand() async throws {
        let onlyFrame = try SecurityHeadersPolicy(SecurityHeadersOptions())
        let app = Application()
        try app.register(SecurityHeaders())
        try app.get("/:name", config: ["securityHeaders": "off"]) { request, reply in
            if request.params["name"] == "framed" { try onlyFrame.apply(to: &reply, for: request) }
            reply.send("ok")
        }
        #expect(try await app.inject(.get("/framed")).headers["x-frame-options"] == "SAMEORIGIN")
        #expect(try await app.inject(.get("/plain")).headers["x-frame-options"] == nil)
    }

    @Test("B.5-19 a 401 from an onRequest hook (before or after), a throwing handler, an unknown route → all carry H5")
    func errorPaths() async throws {
        for authFirst in [true, false] {
            let app = Application()
            let auth: RequestHook = { request, _ in
                if request.url == "/secret" { throw HTTPError(.unauthorized) }
            }
            if authFirst { try app.addHook(.onRequest, auth) }
            try app.register(SecurityHeaders())
            if !authFirst { try app.addHook(.onRequest, auth) }
            try app.get("/secret") { _, reply in reply.send("no") }
            try app.get("/boom") { _, _ in throw HTTPError(.internalServerError, message: "boom") }
            for (url, status) in [("/secret", 401), ("/boom", 500), ("/missing", 404)] {
                let response = try await app.inject(.get(url))
                #expect(response.statusCode == status)
                #expect(response.presentH5 == Set(h5.keys), "\(url) authFirst=\(authFirst)")
            }
        }
    }

    @Test("B.5-20 an onRequest hook replying 401 asynchronously → 401 body with H5")
    func asyncReply() async throws {
        let app = Application()
        try app.register(SecurityHeaders())
        try app.addHook(.onRequest) { _, reply in
            try await Task.sleep(for: .milliseconds(2))
            reply.status = .unauthorized
            reply.send("denied")
        }
        try app.get("/") { _, reply in reply.send("ok") }
        let response = try await app.inject(.get("/"))
        #expect(response.status == .unauthorized)
        #expect(response.text == "denied")
        #expect(response.presentH5 == Set(h5.keys))
    }

    @Test("B.5-21 a per-request CSP value with ';' → 500 with Helmet's message, no CSP, onError once")
    func invalidDynamicValue() async throws {
        let errors = Counter()
        let policy = try ContentSecurityPolicy(directives: [.defaultSrc: [.selfOrigin, .dynamic { _ in "bad;value" }]])
        let app = Application()
        try app.onError { _, _, _ in errors.increment() }
        try app.register(SecurityHeaders(SecurityHeadersOptions().with { $0.contentSecurityPolicy = policy }))
        try app.get("/") { _, reply in reply.send("ok") }
        let response = try await app.inject(.get("/"))
        #expect(response.status == .internalServerError)
        #expect(response[json: "message"]?.string == #"Content-Security-Policy received an invalid directive value for "default-src""#)
        #expect(response.headers["content-security-policy"] == nil)
        #expect(errors.count == 1)
    }
}
