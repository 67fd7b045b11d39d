import Kernel
import Plugins
import Testing

@Suite("CORS preflights (fastify-plugins §A.7 3, 21–23, 29–40)")
struct CORSPreflightTests {
    @Test("A.7-3 full options, preflight → 204 empty with every preflight header (no Content-Length on 204)")
    func fullOptionsPreflight() async throws {
        let app = Application()
        try app.register(CORS(CORSSimpleRequestTests.fullOptions))
        try app.get("/") { _, reply in reply.send("ok") }
        let response = try await app.inject(preflight())
        #expect(response.status == .noContent)
        #expect(response.body.isEmpty)
        #expect(response.headers["access-control-allow-origin"] == "example.com")
        #expect(response.headers["access-control-allow-credentials"] == "true")
        #expect(response.headers["access-control-expose-headers"] == "foo, bar")
        #expect(response.headers["access-control-allow-methods"] == "GET")
        #expect(response.headers["access-control-allow-headers"] == "baz, woo")
        #expect(response.headers["access-control-max-age"] == "123")
        #expect(response.headers["cache-control"] == "max-age=321")
        #expect(response.headers["content-length"] == nil)
    }

    @Test("A.7-21 preflight disabled: OPTIONS /hello → 404 with ACAO *; GET / → 200 with ACAO *")
    func preflightDisabled() async throws {
        let app = Application()
        try app.register(CORS(CORSOptions(preflight: false)))
        try app.get("/") { _, reply in reply.send("ok") }
        let options = try await app.inject(preflight("/hello"))
        #expect(options.status == .notFound)
        #expect(options.headers["access-control-allow-origin"] == "*")
        #expect(options.headers["access-control-allow-methods"] == nil)
        let simple = try await app.inject(.get("/"))
        #expect(simple.status == .ok)
        #expect(simple.headers["access-control-allow-origin"] == "*")
    }

    @Test("A.7-22 origin reflect, OPTIONS without CORS headers → 400 Invalid Preflight Request, Vary Origin")
    func invalidPreflightReflect() async throws {
        let app = Application()
        try app.register(CORS(origin: .reflect))
        try app.get("/") { _, reply in reply.send("ok") }
        let response = try await app.inject(.options("/"))
        #expect(response.status == .badRequest)
        #expect(response.text == "Invalid Preflight Request")
        #expect(response.headers["content-type"]?.hasPrefix("text/plain") == true)
        #expect(response.headers["vary"] == "Origin")
        #expect(response.headers["access-control-allow-methods"] == nil)
    }

    @Test("A.7-23 origin reflect: preflight Vary 'Origin, Access-Control-Request-Headers'; GET Vary Origin")
    func reflectVary() async throws {
        let app = Application()
        try app.register(CORS(origin: .reflect))
        try app.get("/") { _, reply in reply.send("ok") }
        let pre = try await app.inject(preflight())
        #expect(pre.status == .noContent)
        #expect(pre.headers["access-control-allow-origin"] == "example.com")
        #expect(pre.headers["vary"] == "Origin, Access-Control-Request-Headers")
        let simple = try await app.inject(.get("/"))
        #expect(simple.status == .ok)
        #expect(simple.headers["vary"] == "Origin")
        #expect(simple.headers["access-control-allow-origin"] == nil)
    }

    @Test("A.7-29 defaults, preflight → 204, ACAO *, ACAM GET,HEAD,POST, Vary ACRH, no ACAH")
    func defaultPreflight() async throws {
        let app = Application()
        try app.register(CORS())
        let response = try await app.inject(preflight())
        #expect(response.status == .noContent)
        #expect(response.body.isEmpty)
        #expect(response.headers["access-control-allow-origin"] == "*")
        #expect(response.headers["access-control-allow-methods"] == "GET,HEAD,POST")
        #expect(response.headers["vary"] == "Access-Control-Request-Headers")
        #expect(response.headers["access-control-allow-headers"] == nil)
    }

    @Test("A.7-30 defaults, preflight with ACRH x-requested-with → ACAH reflects it")
    func reflectRequestHeaders() async throws {
        let app = Application()
        try app.register(CORS())
        let response = try await app.inject(preflight(requestHeaders: "x-requested-with"))
        #expect(response.headers["access-control-allow-headers"] == "x-requested-with")
        #expect(response.headers["vary"] == "Access-Control-Request-Headers")
    }

    @Test("A.7-31 optionsSuccessStatus 200 → 200 with Content-Length 0 and the same headers")
    func successStatus200() async throws {
        let app = Application()
        try app.register(CORS(CORSOptions(optionsSuccessStatus: .ok)))
        let response = try await app.inject(preflight())
        #expect(response.status == .ok)
        #expect(response.body.isEmpty)
        #expect(response.headers["content-length"] == "0")
        #expect(response.headers["access-control-allow-methods"] == "GET,HEAD,POST")
        #expect(response.headers["vary"] == "Access-Control-Request-Headers")
    }

    @Test("A.7-32 preflightContinue + an OPTIONS / route → the route answers 200 ok with preflight headers")
    func preflightContinueUserRoute() async throws {
        let app = Application()
        try app.register(CORS(CORSOptions(preflightContinue: true)))
        try app.options("/") { _, reply in reply.send("ok") }
        let response = try await app.inject(preflight())
        #expect(response.status == .ok)
        #expect(response.text == "ok")
        #expect(response.headers["access-control-allow-origin"] == "*")
        #expect(response.headers["access-control-allow-methods"] == "GET,HEAD,POST")
        #expect(response.headers["vary"] == "Access-Control-Request-Headers")
    }

    @Test("A.7-33 preflightContinue without a route → the OPTIONS * route answers 200 empty")
    func preflightContinueWildcard() async throws {
        let app = Application()
        try app.register(CORS(CORSOptions(preflightContinue: true)))
        let response = try await app.inject(preflight("/doesnotexist"))
        #expect(response.status == .ok)
        #expect(response.body.isEmpty)
        #expect(response.headers["access-control-allow-methods"] == "GET,HEAD,POST")
    }

    @Test("A.7-34 defaults, preflight to a path without routes → 204")
    func preflightUnknownPath() async throws {
        let app = Application()
        try app.register(CORS())
        #expect(try await app.inject(preflight("/hello")).status == .noContent)
        #expect(try await app.inject(preflight("/")).status == .noContent)
    }

    @Test("A.7-35 CORS inside prefix /subsystem: OPTIONS /hello → 404; preflight /subsystem/hello → 204")
    func prefixScoped() async throws {
        let app = Application()
        try app.register(prefix: "/subsystem") { sub in
            try sub.register(CORS())
            try sub.get("/hello") { _, reply in reply.send("hi") }
        }
        let outside = try await app.inject(preflight("/hello"))
        #expect(outside.status == .notFound)
        #expect(outside.corsFields.isEmpty)
        #expect(try await app.inject(preflight("/subsystem/hello")).status == .noContent)
    }

    @Test("A.7-36 CORS inside prefix /prefix: preflights to /prefix and /prefix/foo → 204 (/prefixfoo is outside)")
    func prefixIndex() async throws {
        let app = Application()
        try app.register(prefix: "/prefix") { sub in try sub.register(CORS()) }
        #expect(try await app.inject(preflight("/prefix")).status == .noContent)
        #expect(try await app.inject(preflight("/prefix/")).status == .noContent)
        #expect(try await app.inject(preflight("/prefix/foo")).status == .noContent)
        #expect(try await app.inject(preflight("/prefixfoo")).status == .notFound)
    }

    @Test("A.7-37 the OPTIONS * route is hidden by default, shown with hideOptionsRoute false (also with a delegator)")
    func hideOptionsRoute() async throws {
        for (plugin, expected) in [(CORS(), "true"), (CORS(hideOptionsRoute: false), "false"),
                                   (CORS(delegator: { _ in CORSOptions() }), "true"),
                                   (CORS(hideOptionsRoute: false, delegator: { _ in CORSOptions() }), "false")] {
            let app = Application()
            let seen = Recorded<[String: String]>([:])
            try app.onRoute { route in if route.method == .options { seen.value[route.url] = route.config["hide"] } }
            try app.register(plugin)
            #expect(seen.value == ["/*": expected])
        }
    }

    @Test("A.7-38 methods [GET, POST] → ACAM 'GET, POST'")
    func methodsList() async throws {
        let app = Application()
        try app.register(CORS(CORSOptions(methods: ["GET", "POST"])))
        #expect(try await app.inject(preflight()).headers["access-control-allow-methods"] == "GET, POST")
    }

    @Test("A.7-39 OPTIONS with only ACRM, or only Origin, or either one empty → 400 Invalid Preflight Request")
    func strictPreflight() async throws {
        let app = Application()
        try app.register(CORS())
        for request in [preflight(origin: nil), preflight(method: nil), preflight(origin: ""), preflight(method: "")] {
            let response = try await app.inject(request)
            #expect(response.status == .badRequest)
            #expect(response.text == "Invalid Preflight Request")
            #expect(response.headers["access-control-allow-origin"] == "*")
        }
    }

    @Test("A.7-40 strictPreflight false: bare OPTIONS → 204 with ACAO *, ACAM, Vary ACRH")
    func lenientPreflight() async throws {
        let app = Application()
        try app.register(CORS(CORSOptions(strictPreflight: false)))
        let response = try await app.inject(.options("/"))
        #expect(response.status == .noContent)
        #expect(response.headers["access-control-allow-origin"] == "*")
        #expect(response.headers["access-control-allow-methods"] == "GET,HEAD,POST")
        #expect(response.headers["vary"] == "Access-Control-Request-Headers")
    }
}
