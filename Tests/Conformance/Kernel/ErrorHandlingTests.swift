import Foundation
import Kernel
import Testing

@Suite("Errors and error handlers (fastify-core §9 hooks, error handlers)")
struct ErrorHandlingTests {
    @Test("§9.24 reply.send(error:) → onError sees it; body {statusCode:500, error, message:'kaboom'}")
    func onErrorSeesError() async throws {
        let trace = Trace()
        let app = Application()
        try app.onError { _, _, error in trace.add(String(describing: error)) }
        try app.get("/") { _, reply in reply.send(error: Kaboom()) }
        let response = try await app.inject(.get("/"))
        #expect(trace.all == ["kaboom"])
        #expect(response.status == .internalServerError)
        #expect(response[json: "statusCode"]?.integer == 500)
        #expect(response[json: "error"]?.string == "Internal Server Error")
        #expect(response[json: "message"]?.string == "kaboom")
    }

    @Test("§9.25 send inside onError is refused; the response is unchanged")
    func sendInsideOnError() async throws {
        let app = Application()
        try app.onError { _, reply, _ in reply.send("hijacked by onError") }
        try app.get("/") { _, _ in throw TeapotError() }
        let response = try await app.inject(.get("/"))
        #expect(response.status == 418)
        #expect(response[json: "message"]?.string == "short and stout")
    }

    @Test("§9.26 a custom error handler sending a new error → onError runs once; the new error answers")
    func errorHandlerSendsNewError() async throws {
        let trace = Trace()
        let app = Application()
        try app.onError { _, _, error in trace.add("onError:\(error)") }
        try app.setErrorHandler { _, _, reply in reply.send(error: HTTPError(.internalServerError, message: "replaced")) }
        try app.get("/") { _, _ in throw Kaboom() }
        let response = try await app.inject(.get("/"))
        #expect(trace.all == ["onError:kaboom"])
        #expect(response.status == .internalServerError)
        #expect(response[json: "message"]?.string == "replaced")
    }

    @Test("§9.27 preSerialization replaces the object before it is serialized")
    func preSerializationMutates() async throws {
        let app = Application()
        try app.addHook(.preSerialization) { _, reply in reply.payload = .json(Greeting(hello: "changed")) }
        try app.get("/") { _, reply in reply.send(json: Greeting(hello: "world")) }
        #expect(try await app.inject(.get("/")).json(as: Greeting.self) == Greeting(hello: "changed"))
    }

    @Test("§9.28 preSerialization throwing → error handler, and onError runs")
    func preSerializationThrows() async throws {
        let trace = Trace()
        let app = Application()
        try app.addHook(.preSerialization) { _, _ in throw Kaboom() }
        try app.onError { _, _, _ in trace.add("onError") }
        try app.get("/") { _, reply in reply.send(json: Greeting(hello: "world")) }
        let response = try await app.inject(.get("/"))
        #expect(response.status == .internalServerError)
        #expect(response[json: "message"]?.string == "kaboom")
        #expect(trace.all == ["onError"])
    }

    @Test("§9.36 a preParsing error with a status answers with that status (408)")
    func preParsingErrorStatus() async throws {
        let app = Application()
        try app.addHook(.preParsing) { _, _ in throw HTTPError(.requestTimeout, message: "kaboom") }
        try app.post("/") { _, reply in reply.send() }
        let response = try await app.inject(.post("/", body: "x", headers: ["content-type": "text/plain"]))
        #expect(response.status == .requestTimeout)
        #expect(response[json: "error"]?.string == "Request Timeout")
        #expect(response[json: "message"]?.string == "kaboom")
    }

    @Test("§9.38 throwing a string value → 500 whose body is the string")
    func thrownString() async throws {
        let app = Application()
        try app.addHook(.preValidation) { _, _ in throw ThrownValue("just a string") }
        try app.get("/") { _, reply in reply.send() }
        let response = try await app.inject(.get("/"))
        #expect(response.status == .internalServerError)
        #expect(response.text == "just a string")
    }

    @Test("§9.42 a child handler that rethrows passes the new error to the parent; onError once with the original")
    func nestedHandlersRethrow() async throws {
        let trace = Trace()
        let app = Application()
        try app.onError { _, _, error in trace.add("onError:\(error)") }
        try app.setErrorHandler { error, _, _ in throw HTTPError(.internalServerError, message: "parent saw \(error)") }
        try app.register { child in
            try child.setErrorHandler { _, _, _ in throw HTTPError(.internalServerError, message: "from child") }
            try child.get("/") { _, _ in throw Kaboom() }
        }
        let response = try await app.inject(.get("/"))
        #expect(trace.all == ["onError:kaboom"])
        #expect(response[json: "message"]?.string == "parent saw 500 Internal Server Error: from child")
    }

    @Test("§9.43 an error thrown in a child's onRequest goes to the child's error handler first")
    func childHookErrorToChildHandler() async throws {
        let app = Application()
        try app.setErrorHandler { _, _, reply in reply.send("root") }
        try app.register { child in
            try child.setErrorHandler { _, _, reply in reply.send("child") }
            try child.addHook(.onRequest) { _, _ in throw Kaboom() }
            try child.get("/") { _, reply in reply.send() }
        }
        #expect(try await app.inject(.get("/")).text == "child")
    }

    @Test("§9.44 100 nested handlers each rethrowing → the outermost message answers")
    func hundredNestedHandlers() async throws {
        let app = Application()
        func nest(_ scope: Scope, depth: Int) throws {
            try scope.setErrorHandler { _, _, _ in throw HTTPError(.internalServerError, message: "level \(depth)") }
            if depth == 99 { try scope.get("/") { _, _ in throw Kaboom() }; return }
            try scope.register { try nest($0, depth: depth + 1) }
        }
        try nest(app, depth: 0)
        #expect(try await app.inject(.get("/"))[json: "message"]?.string == "level 0")
    }

    @Test("§9.45 a custom handler sees status 200 and no error headers; its text reply has the right length")
    func customHandlerSeesUntouchedReply() async throws {
        let trace = Trace()
        let app = Application()
        try app.setErrorHandler { _, _, reply in
            trace.add("\(reply.status.code):\(reply.headers["x-teapot"] ?? "none")")
            reply.send("handled")
        }
        try app.get("/") { _, _ in throw TeapotError() }
        let response = try await app.inject(.get("/"))
        #expect(trace.all == ["200:none"])
        #expect(response.headers["content-length"] == "7")
        #expect(response.headers["content-type"] == "text/plain; charset=utf-8")
    }

    @Test("§9.46 a thrown plain value → 500 JSON of that value; an explicit 501 is kept")
    func thrownObject() async throws {
        let app = Application()
        try app.get("/") { _, _ in throw ThrownValue(json: ["foo": "bar"]) }
        try app.get("/501") { _, reply in reply.status = .notImplemented; throw ThrownValue(json: ["foo": "bar"]) }
        let plain = try await app.inject(.get("/"))
        #expect(plain.status == .internalServerError)
        #expect(plain[json: "foo"]?.string == "bar")
        #expect(try await app.inject(.get("/501")).status == .notImplemented)
    }

    @Test("§9.47 an invalid status code → 500 FST_ERR_BAD_STATUS_CODE")
    func invalidStatus() async throws {
        let app = Application()
        try app.get("/") { _, reply in reply.status = 1000; reply.send("x") }
        let response = try await app.inject(.get("/"))
        #expect(response.status == .internalServerError)
        #expect(response[json: "code"]?.string == "FST_ERR_BAD_STATUS_CODE")
    }

    @Test("§9.68 send(error: 404) answers 404 Not Found; the not-found handler is not called")
    func notFoundErrorIsNotRouted() async throws {
        let trace = Trace()
        let app = Application()
        try app.setNotFoundHandler { _, reply in trace.add("404 handler"); reply.send() }
        try app.get("/") { _, reply in reply.send(error: HTTPError(.notFound)) }
        let response = try await app.inject(.get("/"))
        #expect(response.status == .notFound)
        #expect(try response.json() == JSONValue(parsing: Array(#"{"statusCode":404,"error":"Not Found","message":"Not Found"}"#.utf8)))
        #expect(trace.all.isEmpty)
    }

    @Test("errors.md lists every registered error code exactly once")
    func errorTableMatchesRegistry() throws {
        let table = try String(contentsOfFile: #filePath.replacingOccurrences(of: "Tests/Conformance/Kernel/ErrorHandlingTests.swift", with: "Specs/errors.md"), encoding: .utf8)
        for code in ErrorCode.kernelCodes {
            #expect(table.components(separatedBy: "`\(code.rawValue)`").count == 2, "\(code.rawValue) should appear once")
        }
    }
}
