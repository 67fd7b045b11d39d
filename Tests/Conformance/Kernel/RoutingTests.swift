import Kernel
import Testing

@Suite("Routing and 404s (fastify-core §7, §9 404/routing)")
struct RoutingTests {
    @Test("§7 both seed stream routes resolve, static first, with backtracking")
    func seedRoutes() async throws {
        let app = Application()
        try app.get("/api/v1/workflows/:executionId/stream") { request, reply in reply.send("execution:\(request.params["executionId"]!)") }
        try app.get("/api/v1/workflows/workflow/:workflowId/stream") { request, reply in reply.send("workflow:\(request.params["workflowId"]!)") }
        #expect(try await app.inject(.get("/api/v1/workflows/workflow/abc/stream")).text == "workflow:abc")
        #expect(try await app.inject(.get("/api/v1/workflows/xyz/stream")).text == "execution:xyz")
        #expect(try await app.inject(.get("/api/v1/workflows/workflow/stream")).text == "execution:workflow")
    }

    @Test("§7 several parameters in one segment, and a wildcard")
    func multiParamAndWildcard() async throws {
        let app = Application()
        try app.get("/near/:lat-:lng") { request, reply in reply.send("\(request.params["lat"]!),\(request.params["lng"]!)") }
        try app.get("/static/*") { request, reply in reply.send(request.params["*"] ?? "") }
        #expect(try await app.inject(.get("/near/12-34")).text == "12,34")
        #expect(try await app.inject(.get("/static/css/site.css")).text == "css/site.css")
    }

    @Test("§9.62 a GET-only path requested with PUT or PROPFIND → 404 JSON")
    func wrongMethodIs404() async throws {
        let app = Application()
        try app.get("/") { _, reply in reply.send() }
        for method in [HTTPMethod.put, HTTPMethod("PROPFIND")] {
            let response = try await app.inject(InjectRequest(method: method, url: "/"))
            #expect(response.status == .notFound)
            #expect(response.headers["content-type"] == "application/json; charset=utf-8")
        }
    }

    @Test("§9.64 /hello/%world against /hello/:id → 400 FST_ERR_BAD_URL; /%c0 with no candidate → 404")
    func badURL() async throws {
        let app = Application()
        try app.get("/hello/:id") { _, reply in reply.send() }
        let bad = try await app.inject(.get("/hello/%world"))
        #expect(bad.status == .badRequest)
        #expect(bad[json: "code"]?.string == "FST_ERR_BAD_URL")
        #expect(bad[json: "message"]?.string == "'/hello/%world' is not a valid url component")
        let missing = try await app.inject(.get("/%c0"))
        #expect(missing.status == .notFound)
        #expect(missing[json: "message"]?.string == "Route GET:/%c0 not found")
        // A NUL is refused like a malformed escape (nginx answers 400 too); Fastify would pass it on.
        let nul = try await app.inject(.get("/hello/a%00b"))
        #expect(nul.status == .badRequest)
        #expect(nul[json: "code"]?.string == "FST_ERR_BAD_URL")
    }

    @Test("§9.65 setNotFoundHandler twice in one scope → error naming the prefix")
    func notFoundTwice() throws {
        let app = Application()
        try app.setNotFoundHandler { _, reply in reply.send() }
        do {
            try app.setNotFoundHandler { _, reply in reply.send() }
            Issue.record("expected an error")
        } catch let error as KernelError {
            #expect(error.message == "Not found handler already set for Fastify instance with prefix: '/'")
        }
    }

    @Test("one not-found handler per prefix: an unprefixed child of the scope that set one, or a same-prefix sibling, is refused")
    func notFoundPerPrefix() throws {
        let app = Application()
        try app.setNotFoundHandler { _, reply in reply.send("root") }
        #expect(throws: KernelError.self) {
            try app.register { child in try child.setNotFoundHandler { _, reply in reply.send("child") } }
        }
        try app.register(prefix: "/a") { a in try a.setNotFoundHandler { _, reply in reply.send("a") } }
        #expect(throws: KernelError.self) {
            try app.register(prefix: "/a") { twin in try twin.setNotFoundHandler { _, reply in reply.send("twin") } }
        }
        try app.register(prefix: "/b") { b in try b.setNotFoundHandler { _, reply in reply.send("b") } }
    }

    @Test("with ignoreTrailingSlash a prefixed `/` route is declared once, and answers /prefix and /prefix/")
    func prefixedRootWithIgnoreTrailingSlash() async throws {
        var options = ApplicationOptions()
        options.router.ignoreTrailingSlash = true
        let app = Application(options: options)
        try app.register(prefix: "/api") { api in try api.get("/") { _, reply in reply.send("api root") } }
        #expect(try await app.inject(.get("/api")).text == "api root")
        #expect(try await app.inject(.get("/api/")).text == "api root")
    }

    @Test("an onRoute hook's new url is used for a prefixed `/` route too")
    func onRouteRewritesPrefixedRoot() async throws {
        let app = Application()
        try app.onRoute { route in if route.url.hasPrefix("/api") { route.url = "/v2" + route.url } }
        try app.register(prefix: "/api") { api in try api.get("/") { _, reply in reply.send("moved") } }
        #expect(try await app.inject(.get("/v2/api/")).text == "moved")
        #expect(try await app.inject(.get("/api")).status == .notFound)
    }

    @Test("§9.66 onRequest, preHandler, onSend and onResponse all run for the default 404")
    func hooksRunOn404() async throws {
        let trace = Trace()
        let app = Application()
        for phase in [Hook.onRequest, .preHandler, .onSend, .onResponse] { try app.addHook(phase) { _, _ in trace.add("\(phase)") } }
        let response = try await app.inject(.get("/missing?x=1"))
        #expect(response.status == .notFound)
        #expect(response.text == #"{"message":"Route GET:/missing?x=1 not found","error":"Not Found","statusCode":404}"#)
        #expect(trace.all == ["onRequest", "preHandler", "onSend", "onResponse"])
    }

    @Test("§9.67 a prefixed plugin's not-found handler answers under its prefix; the root's elsewhere")
    func prefixedNotFound() async throws {
        let app = Application()
        try app.setNotFoundHandler { _, reply in reply.status = .notFound; reply.send("root 404") }
        try app.register(prefix: "/prefixed") { scope in
            try scope.setNotFoundHandler { request, reply in reply.status = .notFound; reply.send("prefixed 404 \(request.is404)") }
        }
        #expect(try await app.inject(.get("/not-found")).text == "root 404")
        #expect(try await app.inject(.get("/prefixed/not-found")).text == "prefixed 404 true")
        #expect(try await app.inject(.get("/prefixedx")).text == "root 404")
    }

    @Test("§9.69 a route after ready() → FST_ERR_INSTANCE_ALREADY_STARTED; an empty path is refused")
    func routeAfterReady() async throws {
        let app = Application()
        #expect(throws: KernelError.self) { try app.get("") { _, _ in } }
        try await app.ready()
        do {
            try app.get("/late") { _, _ in }
            Issue.record("expected an error")
        } catch let error as KernelError {
            #expect(error.code == .alreadyStarted)
        }
    }

    @Test("§9.70 automatic HEAD: same type and length as GET, empty body; a stream gets neither")
    func automaticHead() async throws {
        let app = Application()
        try app.get("/json") { _, reply in reply.send(json: Greeting(hello: "world")) }
        try app.get("/text") { _, reply in reply.send("some text") }
        try app.get("/bytes") { _, reply in reply.send([1, 2, 3] as [UInt8]) }
        try app.get("/stream") { _, reply in reply.send(stream: ReplyStream(AsyncStream { $0.yield([1]); $0.finish() })) }
        for (path, type, length) in [("/json", "application/json; charset=utf-8", "17"), ("/text", "text/plain; charset=utf-8", "9"), ("/bytes", "application/octet-stream", "3")] {
            let head = try await app.inject(.head(path))
            #expect(head.status == .ok)
            #expect(head.headers["content-type"] == type)
            #expect(head.headers["content-length"] == length)
            #expect(head.body.isEmpty)
        }
        let stream = try await app.inject(.head("/stream"))
        #expect(stream.headers["content-type"] == nil)
        #expect(stream.headers["content-length"] == nil)
    }

    @Test("§9.71 a HEAD route declared before GET is kept; HEAD after GET → FST_ERR_DUPLICATED_ROUTE")
    func customHead() async throws {
        let app = Application()
        try app.head("/a") { _, reply in reply.headers["x-custom-head"] = "1"; reply.send() }
        try app.get("/a") { _, reply in reply.send("get") }
        try app.get("/b") { _, reply in reply.send("get") }
        do {
            try app.head("/b") { _, reply in reply.send() }
            Issue.record("expected an error")
        } catch let error as KernelError {
            #expect(error.code == .duplicatedRoute)
        }
        #expect(try await app.inject(.head("/a")).headers["x-custom-head"] == "1")
    }

    @Test("a duplicate route is an error at registration")
    func duplicateRoute() throws {
        let app = Application()
        try app.get("/users/:id") { _, _ in }
        #expect(throws: KernelError.self) { try app.get("/users/:name") { _, _ in } }
    }

    @Test("§9.72 ignoreTrailingSlash, maxParamLength → 414, and is404 in the 404 handler")
    func routerOptions() async throws {
        var options = ApplicationOptions()
        options.router.ignoreTrailingSlash = true
        options.router.maxParamLength = 10
        let app = Application(options: options)
        try app.get("/test") { _, reply in reply.send("test") }
        try app.get("/id/:id") { _, reply in reply.send() }
        try app.setNotFoundHandler { request, reply in reply.send("is404=\(request.is404)") }
        #expect(try await app.inject(.get("/test/")).text == "test")
        #expect(try await app.inject(.get("/id/12345678901")).status == .uriTooLong)
        #expect(try await app.inject(.get("/nope")).text == "is404=true")
    }

    @Test("case-insensitive matching keeps parameter case")
    func caseInsensitive() async throws {
        var options = ApplicationOptions()
        options.router.caseSensitive = false
        let app = Application(options: options)
        try app.get("/Users/:name") { request, reply in reply.send(request.params["name"]!) }
        #expect(try await app.inject(.get("/uSERS/Alice")).text == "Alice")
    }

    @Test("§9.73 prefix + '/' answers /prefix and /prefix/; a prefix ending in '/' answers only /prefix/")
    func prefixTrailingSlash() async throws {
        let app = Application()
        try app.register(prefix: "/prefix") { try $0.get("/") { _, reply in reply.send("p") } }
        try app.register(prefix: "/slash/") { try $0.get("/") { _, reply in reply.send("s") } }
        #expect(try await app.inject(.get("/prefix")).text == "p")
        #expect(try await app.inject(.get("/prefix/")).text == "p")
        #expect(try await app.inject(.get("/slash/")).text == "s")
        #expect(try await app.inject(.get("/slash")).status == .notFound)
    }
}

@Suite("Not-found calls and proxies (fastify-core §9 404/routing)")
struct NotFoundAndProxyTests {
    @Test("§9.41 a nested route calling callNotFound → the nested 404 handler answers; no error handler runs")
    func callNotFound() async throws {
        let trace = Trace()
        let app = Application()
        try app.setErrorHandler { _, _, reply in trace.add("error handler"); reply.send() }
        try app.register(prefix: "/nested") { nested in
            try nested.setNotFoundHandler { request, reply in reply.status = .notFound; reply.send("nested 404 is404=\(request.is404)") }
            try nested.get("/missing-item") { _, reply in reply.callNotFound() }
        }
        let response = try await app.inject(.get("/nested/missing-item"))
        #expect(response.status == .notFound)
        #expect(response.text == "nested 404 is404=true")
        #expect(trace.all.isEmpty)
    }

    @Test("§9.83 trustProxy: ip from X-Forwarded-For, the address chain, and host with port from X-Forwarded-Host")
    func trustProxy() async throws {
        var options = ApplicationOptions()
        options.trustProxy = true
        let app = Application(options: options)
        try app.get("/") { request, reply in
            reply.send("\(request.ip)|\(request.ips.joined(separator: ","))|\(request.forwardedHost)|\(request.port.map(String.init) ?? "-")")
        }
        let headers: HTTPHeaders = ["x-forwarded-for": "2.2.2.2, 1.1.1.1", "x-forwarded-host": "fastify.test:1234"]
        let response = try await app.inject(InjectRequest(url: "/", headers: headers, remoteAddress: "9.9.9.9"))
        #expect(response.text == "2.2.2.2|9.9.9.9,1.1.1.1,2.2.2.2|fastify.test:1234|1234")
        let untrusted = Application()
        try untrusted.get("/") { request, reply in reply.send(request.ip) }
        #expect(try await untrusted.inject(InjectRequest(url: "/", headers: headers, remoteAddress: "9.9.9.9")).text == "9.9.9.9")
    }
}
