import Kernel
import Testing
@testable import Server

@Suite("Request logging")
struct RequestLoggingTests {
    @Test("one JSON line per request with reqId, method, url, status and durationMs; no token anywhere")
    func oneLinePerRequest() async throws {
        try await ReferenceTestServer.with { server async throws in
            _ = await server.call(.get, "/api/v1/projects")
            _ = await server.call(.get, "/api/v1/projects?token=\(ReferenceTestServer.token)&page=2", token: nil)
            _ = await server.call(.get, "/api/v1/projects", token: "wrong-secret")
            _ = await server.call(.get, "/health", token: nil)
            let lines = server.logLines.parsed.filter { $0["msg"] == "request completed" }
            #expect(lines.count == 4)
            #expect(lines.map { $0["status"] } == [200, 200, 401, 200])
            #expect(lines.map { $0["url"]?.string } == [
                "/api/v1/projects", "/api/v1/projects?token=[REDACTED]&page=2", "/api/v1/projects", "/health",
            ])
            for line in lines {
                #expect(line.object?.keys == ["level", "time", "reqId", "method", "url", "status", "durationMs", "msg"])
                #expect(line["level"] == "info" && line["method"] == "GET" && isISOMillis(line["time"]?.string))
                #expect((line["durationMs"]?.number ?? -1) >= 0)
                #expect(line["reqId"]?.string?.hasPrefix("req-") == true)
            }
            #expect(Set(lines.compactMap { $0["reqId"]?.string }).count == 4)
            let everything = server.logLines.all.joined(separator: "\n")
            #expect(!everything.contains(ReferenceTestServer.token) && !everything.contains("wrong-secret"))
        }
    }

    @Test("redaction covers token-like names, encoded names and repeats, and leaves the rest alone", arguments: [
        ("/a", "/a"),
        ("/a?token=s", "/a?token=[REDACTED]"),
        ("/a?x=1&access_token=s&apiToken=t#frag", "/a?x=1&access_token=[REDACTED]&apiToken=[REDACTED]#frag"),
        ("/a?to%6Ben=s&token=&tokens=keep", "/a?to%6Ben=[REDACTED]&token=[REDACTED]&tokens=keep"),
        ("/a?TOKEN=s&tokenish=ok", "/a?TOKEN=[REDACTED]&tokenish=ok"),
    ])
    func redact(url: String, expected: String) {
        #expect(RequestLogging.redact(url) == expected)
    }

    @Test("the level filters lines; fields keep their order between level/time and msg")
    func levels() {
        let capture = LogCapture()
        let logger = Logger(level: .warn) { capture.append($0) }
        logger.debug("hidden")
        logger.info("hidden")
        logger.warn("shown", ["b": 1, "a": "x", "msg": "ignored"])
        logger.error("also shown")
        let lines = capture.parsed
        #expect(lines.map { $0["msg"] } == ["shown", "also shown"])
        #expect(lines.first?.object?.keys == ["level", "time", "b", "a", "msg"])
        #expect(capture.all.first?.contains(#""b":1,"a":"x""#) == true)
    }
}

@Suite("Request logging: server errors")
struct RequestErrorLoggingTests {
    private struct Broken: Error, CustomStringConvertible { var description: String { "disk on fire" } }

    @Test("a 5xx gets an error line with the error; a 4xx does not")
    func serverErrors() async throws {
        let capture = LogCapture()
        let app = Application()
        try app.register(RequestLogging(logger: Logger(level: .info) { capture.append($0) }))
        try app.get("/boom") { _, _ in throw Broken() }
        try app.get("/missing") { _, _ in throw HTTPError(.notFound) }
        #expect(try await app.inject(.get("/boom?token=s")).statusCode == 500)
        #expect(try await app.inject(.get("/missing")).statusCode == 404)
        let errors = capture.parsed.filter { $0["level"] == "error" }
        #expect(errors.count == 1)
        #expect(errors.first?["error"] == "disk on fire" && errors.first?["url"] == "/boom?token=[REDACTED]")
        #expect(errors.first?["status"] == 500 && errors.first?["msg"] == "request failed")
        #expect(capture.parsed.filter { $0["msg"] == "request completed" }.map { $0["status"] } == [500, 404])
    }

    @Test("the reference app's validation and not-found errors are client errors: no error line")
    func domainErrorsAreClientErrors() async throws {
        try await ReferenceTestServer.with { server async throws in
            #expect(await server.call(.post, "/api/v1/projects", json: ["name": 5]).status == 400)
            #expect(await server.call(.get, "/api/v1/projects/nope").status == 404)
            let lines = server.logLines.parsed
            #expect(lines.filter { $0["level"] == "error" }.isEmpty)
            #expect(lines.filter { $0["msg"] == "request completed" }.map { $0["status"] } == [400, 404])
        }
    }
}
