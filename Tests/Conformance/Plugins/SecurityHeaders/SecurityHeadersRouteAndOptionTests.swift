import Kernel
import Plugins
import Testing

@Suite("Security headers per route and per option (fastify-plugins §B.5 22–35)")
struct SecurityHeadersRouteAndOptionTests {
    @Test("B.5-22 a route profile without frame options → no XFO, the rest of H5")
    func routeProfileFrameOff() async throws {
        let app = Application()
        try app.register(SecurityHeaders(routeProfiles: ["framed": SecurityHeadersOptions().with { $0.xFrameOptions = nil }]))
        try app.get("/", config: ["securityHeaders": "framed"]) { _, reply in reply.send("ok") }
        #expect(try await app.inject(.get("/")).presentH5 == Set(h5.keys).subtracting(["x-frame-options"]))
    }

    @Test("a CSP already on the reply keeps its place when the policy writes again: an earlier hook's, or the handler re-applying")
    func cspKeepsItsPlace() async throws {
        let app = Application()
        try app.addHook(.onRequest) { request, reply in
            guard request.url == "/early" else { return }
            reply.headers["content-security-policy"] = "default-src 'none'"
            reply.headers["x-mine"] = "early"
        }
        try app.register(SecurityHeaders())
        try app.get("/early") { _, reply in reply.send("ok") }
        try app.get("/again") { request, reply in
            reply.headers["x-mine"] = "handler"
            try request.scope[.securityHeaders]?.apply(to: &reply, for: request)
            reply.send("ok")
        }
        for path in ["/early", "/again"] {
            let names = try await app.inject(.get(path)).headers.map(\.name)
            let csp = try #require(names.firstIndex(of: "content-security-policy"), "\(path)")
            let mine = try #require(names.firstIndex(of: "x-mine")), coop = try #require(names.firstIndex(of: "cross-origin-opener-policy"))
            #expect(csp < mine && mine < coop, "\(path): \(names)")
        }
    }

    @Test("B.5-23 a route with securityHeaders off → none of H5; a plain route → all of H5")
    func routeOff() async throws {
        let app = Application()
        try app.register(SecurityHeaders())
        try app.get("/off", config: ["securityHeaders": "off"]) { _, reply in reply.send("ok") }
        try app.get("/on") { _, reply in reply.send("ok") }
        let off = try await app.inject(.get("/off"))
        #expect(off.presentH5.isEmpty)
        #expect(off.headers["content-security-policy"] == nil)
        #expect(try await app.inject(.get("/on")).presentH5 == Set(h5.keys))
    }

    @Test("B.5-24 global false, a route profile with nonces → its lists + nonces + defaults on that route only")
    func routeNonces() async throws {
        var csp = try ContentSecurityPolicy(directives: [.scriptSrc: ["'self'", "'unsafe-eval'"], .styleSrc: ["'self'"]])
        let global = SecurityHeadersOptions().with { $0.contentSecurityPolicy = csp }
        csp.nonces = true
        let app = Application()
        try app.register(SecurityHeaders(global, global: false, routeProfiles: ["nonced": global.with { $0.contentSecurityPolicy = csp }]))
        try app.get("/", config: ["securityHeaders": "nonced"], nonceEcho)
        try app.get("/plain", nonceEcho)
        let response = try await app.inject(.get("/"))
        let nonces = response.text.split(separator: "|")
        let directives = try #require(response.cspDirectives)
        #expect(directives.contains("script-src 'self' 'unsafe-eval' 'nonce-\(nonces[0])'"))
        #expect(directives.contains("style-src 'self' 'nonce-\(nonces[1])'"))
        #expect(directives.contains("object-src 'none'"))
        let plain = try await app.inject(.get("/plain"))
        #expect(plain.text == "none")
        #expect(plain.headers["content-security-policy"] == nil)
    }

    @Test("B.5-25 global nonces on, a route profile with nonces off → no nonces on that route")
    func routeNoncesOff() async throws {
        var csp = ContentSecurityPolicy()
        csp.nonces = true
        let global = SecurityHeadersOptions().with { $0.contentSecurityPolicy = csp }
        csp.nonces = false
        let app = Application()
        try app.register(SecurityHeaders(global, routeProfiles: ["plain": global.with { $0.contentSecurityPolicy = csp }]))
        try app.get("/", config: ["securityHeaders": "plain"], nonceEcho)
        try app.get("/nonced", nonceEcho)
        #expect(try await app.inject(.get("/")).text == "none")
        #expect(try await app.inject(.get("/nonced")).text.split(separator: "|").count == 2)
    }

    @Test("B.5-26 a route CSP without defaults, three directives → exactly that string")
    func routeExactCSP() async throws {
        let csp = try ContentSecurityPolicy(useDefaults: false, directives: [
            .defaultSrc: [.selfOrigin], .scriptSrc: [.selfOrigin, .unsafeEval, .unsafeInline], .styleSrc: [.selfOrigin, .unsafeInline],
        ])
        let app = Application()
        try app.register(SecurityHeaders(routeProfiles: ["strict": SecurityHeadersOptions().with { $0.contentSecurityPolicy = csp }]))
        try app.get("/", config: ["securityHeaders": "strict"]) { _, reply in reply.send("ok") }
        #expect(try await app.inject(.get("/")).headers["content-security-policy"]
            == "default-src 'self';script-src 'self' 'unsafe-eval' 'unsafe-inline';style-src 'self' 'unsafe-inline'")
    }

    @Test("B.5-27 a route profile without CSP → no CSP header")
    func routeNoCSP() async throws {
        let app = Application()
        try app.register(SecurityHeaders(routeProfiles: ["nocsp": SecurityHeadersOptions().with { $0.contentSecurityPolicy = nil }]))
        try app.get("/", config: ["securityHeaders": "nocsp"]) { _, reply in reply.send("ok") }
        let response = try await app.inject(.get("/"))
        #expect(response.headers["content-security-policy"] == nil)
        #expect(response.presentH5 == Set(h5.keys))
    }

    @Test("B.5-28 a route naming an unknown profile → the route declaration throws")
    func unknownProfile() throws {
        let app = Application()
        try app.register(SecurityHeaders())
        let error = #expect(throws: SecurityHeadersError.self) {
            try app.get("/", config: ["securityHeaders": "invalid_options"]) { _, reply in reply.send("ok") }
        }
        #expect(error?.description.hasPrefix("Unknown value for route securityHeaders configuration") == true)
        #expect(throws: SecurityHeadersError.self) { try Application().register(SecurityHeaders(routeProfiles: ["off": .apiServer])) }
    }

    @Test("B.5-29 a bad per-request CSP value in a route profile → 500 with the CSP message")
    func routeBadDynamic() async throws {
        let csp = try ContentSecurityPolicy(directives: [.defaultSrc: [.dynamic { _ in "x,y" }]])
        let app = Application()
        try app.register(SecurityHeaders(routeProfiles: ["bad": SecurityHeadersOptions().with { $0.contentSecurityPolicy = csp }]))
        try app.get("/", config: ["securityHeaders": "bad"]) { _, reply in reply.send("ok") }
        let response = try await app.inject(.get("/"))
        #expect(response.status == .internalServerError)
        #expect(response[json: "message"]?.string == #"Content-Security-Policy received an invalid directive value for "default-src""#)
    }

    @Test("B.5-30 defaults → Helmet 8's full table: 12 headers, COEP absent, X-Powered-By removed")
    func fullTable() async throws {
        let app = Application()
        try app.register(SecurityHeaders())
        try app.get("/") { _, reply in reply.headers["x-powered-by"] = "PHP/5.6"; reply.send("ok") }
        let response = try await app.inject(.get("/"))
        let expected: [String: String] = [
            "content-security-policy": helmetDefaultCSPString, "cross-origin-opener-policy": "same-origin",
            "cross-origin-resource-policy": "same-origin", "origin-agent-cluster": "?1", "referrer-policy": "no-referrer",
            "strict-transport-security": "max-age=31536000; includeSubDomains", "x-content-type-options": "nosniff",
            "x-dns-prefetch-control": "off", "x-download-options": "noopen", "x-frame-options": "SAMEORIGIN",
            "x-permitted-cross-domain-policies": "none", "x-xss-protection": "0",
        ]
        for (name, value) in expected { #expect(response.headers[name] == value, "\(name)") }
        let owned = response.headers.filter { SecurityHeadersPolicy.ownedHeaderNames.contains($0.name) }
        #expect(owned.count == 12)
        #expect(response.headers["cross-origin-embedder-policy"] == nil)
        #expect(response.headers["x-powered-by"] == nil)
    }

    @Test("B.5-31 COEP require-corp / credentialless", arguments: [CrossOriginEmbedderPolicy.requireCorp, .credentialless])
    func coep(policy: CrossOriginEmbedderPolicy) async throws {
        let app = Application()
        try app.register(SecurityHeaders(SecurityHeadersOptions().with { $0.crossOriginEmbedderPolicy = policy }))
        try app.get("/") { _, reply in reply.send("ok") }
        #expect(try await app.inject(.get("/")).headers["cross-origin-embedder-policy"] == policy.rawValue)
    }

    @Test("B.5-32 COOP same-origin-allow-popups; CORP same-site")
    func coopCorp() async throws {
        let app = Application()
        try app.register(SecurityHeaders(SecurityHeadersOptions().with {
            $0.crossOriginOpenerPolicy = .sameOriginAllowPopups
            $0.crossOriginResourcePolicy = .sameSite
        }))
        try app.get("/") { _, reply in reply.send("ok") }
        let response = try await app.inject(.get("/"))
        #expect(response.headers["cross-origin-opener-policy"] == "same-origin-allow-popups")
        #expect(response.headers["cross-origin-resource-policy"] == "same-site")
    }

    @Test("B.5-33 HSTS max ages, includeSubDomains off, preload; negative, NaN and infinite ages throw")
    func hsts() throws {
        #expect(try StrictTransportSecurity(maxAge: 1234).headerValue == "max-age=1234; includeSubDomains")
        #expect(try StrictTransportSecurity(maxAge: 0).headerValue == "max-age=0; includeSubDomains")
        #expect(try StrictTransportSecurity(maxAge: 123.5).headerValue == "max-age=123; includeSubDomains")
        #expect(try StrictTransportSecurity(maxAge: 31_536_000, includeSubDomains: false).headerValue == "max-age=31536000")
        #expect(try StrictTransportSecurity(maxAge: 31_536_000, preload: true).headerValue == "max-age=31536000; includeSubDomains; preload")
        for bad in [-1, Double.nan, .infinity] {
            #expect(throws: SecurityHeadersError.self) { try StrictTransportSecurity(maxAge: bad) }
        }
    }

    @Test("B.5-34 frame action 'deNY' → DENY; referrer [origin, unsafe-url] → 'origin,unsafe-url'; DNS allow → on")
    func parsedValues() throws {
        #expect(try FrameOptions(action: "deNY") == .deny)
        #expect(try FrameOptions(action: "same-origin") == .sameOrigin)
        #expect(throws: SecurityHeadersError.self) { try FrameOptions(action: "ALLOW-FROM https://x") }
        #expect(try ReferrerPolicy([.origin, .unsafeURL]).headerValue == "origin,unsafe-url")
        #expect(throws: SecurityHeadersError.self) { try ReferrerPolicy([]) }
        #expect(throws: SecurityHeadersError.self) { try ReferrerPolicy([.origin, .origin]) }
        #expect(DNSPrefetchControl(allow: true).rawValue == "on")
    }

    @Test("B.5-35 reportOnly with default-src 'self' → only Content-Security-Policy-Report-Only")
    func reportOnly() async throws {
        let csp = try ContentSecurityPolicy(useDefaults: false, reportOnly: true, directives: [.defaultSrc: [.selfOrigin]])
        let app = Application()
        try app.register(SecurityHeaders(SecurityHeadersOptions().with { $0.contentSecurityPolicy = csp }))
        try app.get("/") { _, reply in reply.send("ok") }
        let response = try await app.inject(.get("/"))
        #expect(response.headers["content-security-policy-report-only"] == "default-src 'self'")
        #expect(response.headers["content-security-policy"] == nil)
    }

    @Test("B.2 CSP validation: bare keywords, nonces and hashes, ';' or ',', bad names, duplicates, no default-src, nothing")
    func cspValidation() throws {
        let invalid: [ContentSecurityPolicy] = try [
            ContentSecurityPolicy(directives: [.scriptSrc: [.source("self")]]),
            ContentSecurityPolicy(directives: [.scriptSrc: [.source("nonce-abc")]]),
            ContentSecurityPolicy(directives: [.scriptSrc: [.source("sha256-abc")]]),
            ContentSecurityPolicy(directives: [.imgSrc: [.source("a.com; script-src *")]]),
            ContentSecurityPolicy(directives: [.imgSrc: [.source("a.com,b.com")]]),
            ContentSecurityPolicy(directives: ["bad name": [.selfOrigin]]),
            ContentSecurityPolicy(directives: ["trailing-": [.selfOrigin]]),
            ContentSecurityPolicy(directives: [.defaultSrc: nil]),
            ContentSecurityPolicy(useDefaults: false, directives: [:]),
        ]
        for policy in invalid { #expect(throws: SecurityHeadersError.self) { try SecurityHeadersPolicy(SecurityHeadersOptions().with { $0.contentSecurityPolicy = policy }) } }
        #expect(throws: SecurityHeadersError.self) { try ContentSecurityPolicy(directives: ["scriptSrc": [], "script-src": []]) }
        var noDefault = try ContentSecurityPolicy(useDefaults: false, directives: [.scriptSrc: [.selfOrigin]])
        noDefault.dangerouslyDisableDefaultSrc = true
        #expect(throws: Never.self) { try noDefault.validate() }
        #expect(ContentSecurityPolicy.Directive("scriptSrcAttr").name == "script-src-attr")
    }
}
