import Kernel
import Plugins
import Testing

@Suite("CORS simple requests and origin options (fastify-plugins §A.7 1–28)")
struct CORSSimpleRequestTests {
    @Test("A.7-1 defaults: GET / → 200 ok, ACAO *, no Vary")
    func defaults() async throws {
        let app = Application()
        try app.register(CORS())
        try app.get("/") { _, reply in reply.send("ok") }
        let response = try await app.inject(.get("/"))
        #expect(response.status == .ok)
        #expect(response.text == "ok")
        #expect(response.headers["access-control-allow-origin"] == "*")
        #expect(response.headers["vary"] == nil)
    }

    @Test("A.7-2 a streamed body still carries ACAO * (the kernel frames streams chunked)")
    func streamedBody() async throws {
        let app = Application()
        try app.register(CORS())
        try app.get("/") { _, reply in
            reply.send(stream: ReplyStream(AsyncStream { continuation in
                continuation.yield(Array("ok".utf8))
                continuation.finish()
            }))
        }
        let response = try await app.inject(.get("/"))
        #expect(response.text == "ok")
        #expect(response.headers["access-control-allow-origin"] == "*")
    }

    static let fullOptions = CORSOptions(
        origin: .exact("example.com"), methods: "GET", allowedHeaders: ["baz", "woo"], exposedHeaders: ["foo", "bar"],
        credentials: true, maxAge: 123, cacheControl: 321
    )

    @Test("A.7-4 full options, GET without Origin → ACAO verbatim, ACAC, ACEH, no preflight headers")
    func fullOptionsSimple() async throws {
        let app = Application()
        try app.register(CORS(Self.fullOptions))
        try app.get("/") { _, reply in reply.send("ok") }
        let response = try await app.inject(.get("/"))
        #expect(response.status == .ok)
        #expect(response.headers["access-control-allow-origin"] == "example.com")
        #expect(response.headers["access-control-allow-credentials"] == "true")
        #expect(response.headers["access-control-expose-headers"] == "foo, bar")
        #expect(response.headers["content-length"] == "2")
        #expect(response.headers["access-control-allow-methods"] == nil)
        #expect(response.headers["access-control-max-age"] == nil)
        #expect(response.headers["cache-control"] == nil)
    }

    @Test("A.7-11 origin closure allowing → it sees the Origin; ACAO reflects it, Vary Origin")
    func dynamicAllow() async throws {
        let seen = Recorded<String?>(nil)
        let app = Application()
        try app.register(CORS(origin: .dynamic { origin, _ in seen.value = origin; return .allow }))
        try app.get("/") { _, reply in reply.send("ok") }
        let response = try await app.inject(get(origin: "example.com"))
        #expect(seen.value == "example.com")
        #expect(response.headers["access-control-allow-origin"] == "example.com")
        #expect(response.headers["vary"] == "Origin")
    }

    @Test("A.7-12 origin closure denying → 200 ok, no ACAO, Vary Origin")
    func dynamicDeny() async throws {
        let app = Application()
        try app.register(CORS(origin: .dynamic { _, _ in .deny }))
        try app.get("/") { _, reply in reply.send("ok") }
        let response = try await app.inject(get(origin: "example.com"))
        #expect(response.status == .ok)
        #expect(response.text == "ok")
        #expect(response.headers["access-control-allow-origin"] == nil)
        #expect(response.headers["vary"] == "Origin")
    }

    @Test("A.7-13 origin closure throwing → 500 with Vary Origin (added before the closure runs), called once")
    func dynamicThrows() async throws {
        let calls = Counter()
        let app = Application()
        try app.register(CORS(origin: .dynamic { _, _ in calls.increment(); throw HTTPError(.internalServerError, message: "ouch") }))
        try app.get("/") { _, reply in reply.send("ok") }
        let response = try await app.inject(get(origin: "example.com"))
        #expect(response.status == .internalServerError)
        #expect(response[json: "message"]?.string == "ouch")
        #expect(response.headers["vary"] == "Origin")
        #expect(calls.count == 1)
        let delegated = Application()
        try delegated.register(CORS { _ in CORSOptions(origin: .dynamic { _, _ in throw HTTPError(.forbidden) }) })
        try delegated.get("/") { _, reply in reply.send("ok") }
        #expect(try await delegated.inject(get(origin: "example.com")).headers["vary"] == "Origin")
    }

    @Test("A.7-14 origin closure producing an empty value → 500 Invalid CORS origin option, with Vary Origin")
    func dynamicEmptyValue() async throws {
        let app = Application()
        try app.register(CORS(origin: .dynamic { _, _ in .value("") }))
        try app.get("/") { _, reply in reply.send("ok") }
        let response = try await app.inject(get(origin: "example.com"))
        #expect(response.status == .internalServerError)
        #expect(response[json: "message"]?.string == "Invalid CORS origin option")
        #expect(response.headers["vary"] == "Origin")
    }

    @Test("A.7-15 origin disabled (+credentials): OPTIONS / → the kernel's 404 JSON, no CORS headers")
    func disabledOptions() async throws {
        let app = Application()
        try app.register(CORS(CORSOptions(origin: .disabled, credentials: true)))
        try app.get("/") { _, reply in reply.send("ok") }
        let response = try await app.inject(.options("/"))
        #expect(response.status == .notFound)
        #expect(response.text == #"{"message":"Route OPTIONS:/ not found","error":"Not Found","statusCode":404}"#)
        #expect(response.headers["content-length"] == "76")
        #expect(response.corsFields.isEmpty)
    }

    @Test("A.7-16 origin disabled: GET / → 200 with only content-length and content-type")
    func disabledGet() async throws {
        let app = Application()
        try app.register(CORS(origin: .disabled))
        try app.get("/") { _, reply in reply.send("ok") }
        let response = try await app.inject(get(origin: "example.com"))
        #expect(response.status == .ok)
        #expect(Set(response.headers.map(\.name)) == ["content-length", "content-type"])
    }

    @Test("A.7-17 origin '' is refused at registration; produced per request it is a 500 with Fastify's body")
    func emptyOrigin() async throws {
        let app = Application()
        #expect(throws: CORSConfigurationError.self) { try app.register(CORS(origin: .exact(""))) }
        let dynamic = Application()
        try dynamic.register(CORS(delegator: { _ in CORSOptions(origin: .exact("")) }))
        try dynamic.get("/") { _, reply in reply.send("ok") }
        let response = try await dynamic.inject(get(origin: "example.com"))
        #expect(response.status == .internalServerError)
        #expect(response.text == #"{"statusCode":500,"error":"Internal Server Error","message":"Invalid CORS origin option"}"#)
        #expect(response.headers["content-length"] == "89")
    }

    @Test("A.7-18 an exact origin is sent verbatim whatever the request's Origin")
    func exactVerbatim() async throws {
        let app = Application()
        try app.register(CORS(origin: .exact("other.io")))
        try app.get("/") { _, reply in reply.send("ok") }
        let response = try await app.inject(get(origin: "example.com"))
        #expect(response.headers["access-control-allow-origin"] == "other.io")
        #expect(response.headers["vary"] == nil)
    }

    @Test("A.7-19 origin list: a listed origin is reflected, another is not; Vary Origin on both")
    func originList() async throws {
        let app = Application()
        try app.register(CORS(origin: .list([.exact("other.io"), .exact("example.com")])))
        try app.get("/") { _, reply in reply.send("ok") }
        let listed = try await app.inject(get(origin: "other.io"))
        #expect(listed.headers["access-control-allow-origin"] == "other.io")
        #expect(listed.headers["vary"] == "Origin")
        let other = try await app.inject(get(origin: "foo.com"))
        #expect(other.headers["access-control-allow-origin"] == nil)
        #expect(other.headers["vary"] == "Origin")
    }

    @Test("A.7-20 a case-insensitive pattern matches the same origin on two requests (patterns are stateless)")
    func patternTwice() async throws {
        let app = Application()
        try app.register(CORS(origin: .pattern(#/https://(?:[a-z]+\.)?(?:example|other)\.com/?/#.ignoresCase())))
        try app.get("/") { _, reply in reply.send("ok") }
        for _ in 0..<2 {
            let response = try await app.inject(get(origin: "https://www.Example.com/"))
            #expect(response.headers["access-control-allow-origin"] == "https://www.Example.com/")
            #expect(response.headers["vary"] == "Origin")
        }
    }

    @Test("A.7-24 origin reflect + a handler's own Vary list → 'foo, bar, Origin'")
    func existingVary() async throws {
        let app = Application()
        try app.register(CORS(origin: .reflect))
        try app.get("/") { _, reply in
            reply.headers["vary"] = nil
            reply.headers.add("vary", "foo")
            reply.headers.add("vary", "bar")
            reply.send("ok")
        }
        let response = try await app.inject(.get("/"))
        #expect(response.headers.values(for: "vary") == ["foo, bar, Origin"])
    }

    @Test("A.7-25 allowedHeaders foo / exposedHeaders bar: preflight ACAH foo; GET ACEH bar")
    func allowedAndExposed() async throws {
        let app = Application()
        try app.register(CORS(CORSOptions(allowedHeaders: "foo", exposedHeaders: "bar")))
        try app.get("/") { _, reply in reply.send("ok") }
        let pre = try await app.inject(preflight())
        #expect(pre.headers["access-control-allow-headers"] == "foo")
        #expect(pre.headers["vary"] == nil)
        #expect(try await app.inject(.get("/")).headers["access-control-expose-headers"] == "bar")
    }

    @Test("A.7-26 origin '*' and a list holding '*' both send ACAO *")
    func wildcardForms() async throws {
        for origin in [AllowedOrigin.exact("*"), .list([.exact("a.io"), .any])] {
            let app = Application()
            try app.register(CORS(origin: origin))
            try app.get("/") { _, reply in reply.send("ok") }
            let response = try await app.inject(get(origin: "example.com"))
            #expect(response.headers["access-control-allow-origin"] == "*")
            #expect(response.headers["vary"] == nil)
        }
    }

    @Test("A.7-27 route config cors=false → no ACAO on that route, * on the others")
    func routeDisabled() async throws {
        let app = Application()
        try app.register(CORS())
        try app.get("/cors-enabled") { _, reply in reply.send("ok") }
        try app.get("/cors-disabled", config: ["cors": "false"]) { _, reply in reply.send("ok") }
        #expect(try await app.inject(get("/cors-enabled", origin: "example.com")).headers["access-control-allow-origin"] == "*")
        #expect(try await app.inject(get("/cors-disabled", origin: "example.com")).corsFields.isEmpty)
    }

    @Test("A.7-28 route profiles: default route → global origin; profile route → *; disabled route → none")
    func routeProfiles() async throws {
        let app = Application()
        try app.register(CORS(CORSOptions(origin: .exact("https://default-example.com")), routeProfiles: ["open": CORSOptions(origin: .any)]))
        try app.get("/default") { _, reply in reply.send("ok") }
        try app.get("/custom", config: ["cors": "open"]) { _, reply in reply.send("ok") }
        try app.get("/off", config: ["cors": "off"]) { _, reply in reply.send("ok") }
        #expect(try await app.inject(get("/default", origin: "https://x.io")).headers["access-control-allow-origin"] == "https://default-example.com")
        #expect(try await app.inject(get("/custom", origin: "https://x.io")).headers["access-control-allow-origin"] == "*")
        #expect(try await app.inject(get("/off", origin: "https://x.io")).headers["access-control-allow-origin"] == nil)
    }
}
