import Kernel
import Plugins
import Testing

@Suite("CORS choices safer than @fastify/cors (Specs/plugins/cors.md, fastify-plugins §A.6, §D)")
struct CORSSafetyTests {
    @Test("S-1 '*' with credentials is refused at registration, in every spelling, and in profiles")
    func wildcardWithCredentials() throws {
        for origin in [AllowedOrigin.any, .exact("*"), .list([.exact("https://a.io"), .any])] {
            let error = #expect(throws: CORSConfigurationError.self) {
                try Application().register(CORS(origin: origin, credentials: true))
            }
            #expect(error?.isWildcardWithCredentials == true)
        }
        #expect(throws: CORSConfigurationError.self) {
            try Application().register(CORS(routeProfiles: ["open": CORSOptions(origin: .any, credentials: true)]))
        }
    }

    @Test("S-2 an origin closure answering '*' with credentials → 500, not a wildcard")
    func dynamicWildcardWithCredentials() async throws {
        let app = Application()
        try app.register(CORS(origin: .dynamic { _, _ in .any }, credentials: true))
        try app.get("/") { _, reply in reply.send("ok") }
        let response = try await app.inject(get(origin: "https://evil.example"))
        #expect(response.status == .internalServerError)
        #expect(response.headers["access-control-allow-origin"] == nil)
    }

    @Test("S-3 Origin 'null' with credentials is never reflected by reflect, patterns or closures; an exact entry may list it")
    func nullOrigin() async throws {
        let everything = AllowedOrigin.pattern(#/.*/#)
        for origin in [AllowedOrigin.reflect, everything, .list([.pattern(#/.*/#)]), .dynamic { _, _ in .allow }] {
            let app = Application()
            try app.register(CORS(origin: origin, credentials: true))
            try app.get("/") { _, reply in reply.send("ok") }
            let response = try await app.inject(get(origin: "null"))
            #expect(response.headers["access-control-allow-origin"] == nil)
            #expect(response.headers["access-control-allow-credentials"] == nil)
            #expect(response.headers["vary"] == "Origin")
        }
        let listed = Application()
        try listed.register(CORS(origin: .list([.exact("null")]), credentials: true))
        try listed.get("/") { _, reply in reply.send("ok") }
        #expect(try await listed.inject(get(origin: "null")).headers["access-control-allow-origin"] == "null")
        let uncredentialed = Application()
        try uncredentialed.register(CORS(origin: .reflect))
        try uncredentialed.get("/") { _, reply in reply.send("ok") }
        #expect(try await uncredentialed.inject(get(origin: "null")).headers["access-control-allow-origin"] == "null")
    }

    @Test("S-4 patterns match the whole origin: no suffix or prefix tricks")
    func wholeMatch() async throws {
        let app = Application()
        try app.register(CORS(origin: .pattern(#/https://(www\.)?example\.com/#)))
        try app.get("/") { _, reply in reply.send("ok") }
        for evil in ["https://example.com.evil.net", "https://evilhttps://example.com", "https://www.example.com:8443"] {
            #expect(try await app.inject(get(origin: evil)).headers["access-control-allow-origin"] == nil, "\(evil)")
        }
        #expect(try await app.inject(get(origin: "https://www.example.com")).headers["access-control-allow-origin"] == "https://www.example.com")
    }

    @Test("S-5 a route profile applies to that route's preflight (found through Access-Control-Request-Method)")
    func routeProfilePreflight() async throws {
        let partner = CORSOptions(origin: .exact("https://partner.io"), methods: ["PUT"], credentials: true, maxAge: 60)
        let app = Application()
        try app.register(CORS(CORSOptions(origin: .exact("https://app.io")), routeProfiles: ["partner": partner]))
        try app.put("/items", config: ["cors": "partner"]) { _, reply in reply.send("ok") }
        try app.delete("/items", config: ["cors": "off"]) { _, reply in reply.send("ok") }
        try app.get("/items") { _, reply in reply.send("ok") }
        let put = try await app.inject(preflight("/items", origin: "https://partner.io", method: "PUT"))
        #expect(put.status == .noContent)
        #expect(put.headers["access-control-allow-origin"] == "https://partner.io")
        #expect(put.headers["access-control-allow-methods"] == "PUT")
        #expect(put.headers["access-control-allow-credentials"] == "true")
        #expect(put.headers["access-control-max-age"] == "60")
        let get = try await app.inject(preflight("/items", origin: "https://partner.io", method: "GET"))
        #expect(get.headers["access-control-allow-origin"] == "https://app.io")
        let delete = try await app.inject(preflight("/items", origin: "https://partner.io", method: "DELETE"))
        #expect(delete.status == .notFound)
        #expect(delete.corsFields.isEmpty)
    }

    @Test("S-6 a refused origin gets no credentials or exposed headers, and its preflight no allow lists")
    func refusedOrigin() async throws {
        let app = Application()
        try app.register(CORS(CORSOptions(origin: .list([.exact("https://app.io")]), exposedHeaders: "x-id", credentials: true)))
        try app.get("/") { _, reply in reply.send("ok") }
        let simple = try await app.inject(get(origin: "https://evil.io"))
        #expect(simple.corsFields == ["vary": "Origin"])
        let pre = try await app.inject(preflight(origin: "https://evil.io", requestHeaders: "authorization"))
        #expect(pre.status == .noContent)
        #expect(pre.corsFields == ["vary": "Origin, Access-Control-Request-Headers"])
    }

    @Test("S-7 unknown route profile names are refused when the route is declared; 'off'/'false' cannot name a profile")
    func profileNames() throws {
        let app = Application()
        try app.register(CORS(routeProfiles: ["open": CORSOptions()]))
        #expect(throws: CORSConfigurationError.self) { try app.get("/", config: ["cors": "opne"]) { _, _ in } }
        #expect(throws: CORSConfigurationError.self) { try Application().register(CORS(routeProfiles: ["off": CORSOptions()])) }
    }

    @Test("S-8 other refused settings: non-2xx success status, negative max age, CR/LF in values, nested dynamic lists")
    func refusedSettings() throws {
        let refused = [
            CORSOptions(optionsSuccessStatus: 302), CORSOptions(maxAge: -1), CORSOptions(exposedHeaders: "a\r\nSet-Cookie: x=1"),
            CORSOptions(origin: .list([.reflect])), CORSOptions(origin: .exact("https://a.io\r\nx: y")),
        ]
        for options in refused { #expect(throws: CORSConfigurationError.self) { try Application().register(CORS(options)) } }
    }

    @Test("S-9 a second registration in the same scope is refused; an existing catch-all OPTIONS route is kept")
    func registrationConflicts() async throws {
        let app = Application()
        try app.register(CORS())
        #expect(throws: KernelError.self) { try app.register(CORS()) }
        let proxy = Application()
        try proxy.all("/*") { _, reply in reply.send("proxied") }
        try proxy.register(CORS())
        #expect(try await proxy.inject(preflight("/anything")).status == .noContent)
        #expect(try await proxy.inject(.options("/anything", headers: ["origin": "x"])).status == .badRequest)
    }

    /// With `.exact` every request shares one decision, which the onSend pass applies without the request's state.
    @Test("S-10 a handler's own Access-Control-Allow-Origin is kept; Vary gets Origin when the origin depends on it",
          arguments: [true, false])
    func handlerOwnValue(reflect: Bool) async throws {
        let app = Application()
        try app.register(CORS(origin: reflect ? .reflect : .exact("https://a.io")))
        try app.get("/") { _, reply in
            reply.headers["access-control-allow-origin"] = "https://fixed.io"
            reply.headers["vary"] = "Accept-Encoding"
            reply.send("ok")
        }
        let response = try await app.inject(get(origin: "https://a.io"))
        #expect(response.headers["access-control-allow-origin"] == "https://fixed.io")
        #expect(response.headers["vary"] == (reflect ? "Accept-Encoding, Origin" : "Accept-Encoding"))
    }
}
