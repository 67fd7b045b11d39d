import Kernel
import Plugins
import Testing

@Suite("CORS delegator and hook option (fastify-plugins §A.7 5–9, 42–44)")
struct CORSDelegatorAndHookTests {
    /// A delegator that answers like the three consecutive calls of the `cors.test.js` delegator test.
    static func sequencedApp() throws -> Application {
        let calls = Counter()
        let app = Application()
        try app.register(CORS(delegator: { _ in
            switch calls.increment() {
            case 1:
                return CORSOptions(origin: .exact("example.com"), exposedHeaders: ["foo", "bar"], credentials: true)
            case 2:
                return CORSOptions(
                    origin: .exact("sample.com"), methods: "GET", allowedHeaders: ["baz", "foo"], exposedHeaders: ["zoo", "bar"],
                    credentials: true, maxAge: 321, cacheControl: "456")
            default:
                throw HTTPError(.internalServerError, message: "ouch")
            }
        }))
        try app.get("/") { _, reply in reply.send("ok") }
        return app
    }

    @Test("A.7-5 delegator (1st call) → ACAO example.com, ACAC, ACEH 'foo, bar', Vary Origin")
    func delegatorFirstCall() async throws {
        let app = try Self.sequencedApp()
        let response = try await app.inject(.get("/"))
        #expect(response.status == .ok)
        #expect(response.headers["access-control-allow-origin"] == "example.com")
        #expect(response.headers["access-control-allow-credentials"] == "true")
        #expect(response.headers["access-control-expose-headers"] == "foo, bar")
        #expect(response.headers["vary"] == "Origin")
    }

    @Test("A.7-6 delegator (2nd call), preflight → 204 with sample.com, ACAH 'baz, foo', max age 321, Cache-Control 456")
    func delegatorSecondCall() async throws {
        let app = try Self.sequencedApp()
        _ = try await app.inject(.get("/"))
        let response = try await app.inject(preflight())
        #expect(response.status == .noContent)
        #expect(response.headers["access-control-allow-origin"] == "sample.com")
        #expect(response.headers["access-control-allow-methods"] == "GET")
        #expect(response.headers["access-control-allow-headers"] == "baz, foo")
        #expect(response.headers["access-control-max-age"] == "321")
        #expect(response.headers["cache-control"] == "456")
        #expect(response.headers["vary"] == "Origin")
    }

    @Test("A.7-7 delegator (3rd call) throws → 500")
    func delegatorThrows() async throws {
        let app = try Self.sequencedApp()
        _ = try await app.inject(.get("/"))
        _ = try await app.inject(preflight())
        let response = try await app.inject(.get("/"))
        #expect(response.status == .internalServerError)
        #expect(response[json: "message"]?.string == "ouch")
    }

    @Test("A.7-9 async delegator with a verbatim cacheControl → sent as is on the preflight")
    func delegatorCacheControl() async throws {
        let app = Application()
        try app.register(CORS(delegator: { _ in
            try await Task.sleep(for: .milliseconds(1))
            return CORSOptions(cacheControl: "public, max-age=456")
        }))
        let response = try await app.inject(preflight())
        #expect(response.headers["cache-control"] == "public, max-age=456")
    }

    @Test("A.7-42 a hook outside the six allowed phases → @fastify/cors: Invalid hook option provided.")
    func invalidHook() throws {
        let app = Application()
        let error = #expect(throws: CORSConfigurationError.self) { try app.register(CORS(hook: .onResponse)) }
        #expect(error?.description == "@fastify/cors: Invalid hook option provided.")
    }

    @Test("A.7-43 each allowed hook: ACAO * appears at that phase and not before", arguments: CORS.allowedHooks)
    func hookPhase(phase: Hook) async throws {
        let seen = Recorded<[Hook]>([])
        let app = Application()
        try app.register(CORS(hook: phase))
        for observed in CORS.allowedHooks {
            try app.addHook(observed) { _, reply in
                if reply.headers["access-control-allow-origin"] != nil { seen.value.append(observed) }
            }
        }
        try app.get("/") { _, reply in reply.send(json: ["hello": "world"]) }
        let response = try await app.inject(.get("/"))
        #expect(response.headers["access-control-allow-origin"] == "*")
        #expect(seen.value.first == phase)
    }

    @Test("A.7-44 a delegator producing unusable settings → 500 Invalid CORS origin option (also from preParsing)")
    func delegatorInvalidSettings() async throws {
        for hook in [Hook.onRequest, .preParsing] {
            let app = Application()
            try app.register(CORS(hook: hook, delegator: { _ in CORSOptions(origin: .any, credentials: true) }))
            try app.get("/") { _, reply in reply.send("ok") }
            for request in [get(origin: "example.com"), preflight()] {
                let response = try await app.inject(request)
                #expect(response.status == .internalServerError)
                #expect(response.text == #"{"statusCode":500,"error":"Internal Server Error","message":"Invalid CORS origin option"}"#)
            }
        }
    }
}
