import Kernel
import Testing

/// `handlerTimeout` runs each handler in a task of its own, raced against the limit. Over a socket that task
/// prefers the connection's event loop, so a handler runs where it would without a limit.
@Suite("handlerTimeout over a socket")
struct HandlerTimeoutLoopTests {
    static func makeApp(limit: Duration) throws -> Application {
        var options = ApplicationOptions()
        options.handlerTimeout = limit
        let app = Application(options: options)
        try app.get("/thread") { _, reply in
            await Task.yield()
            reply.send(currentThreadName())
        }
        try app.get("/slow") { _, reply in
            try await Task.sleep(for: .seconds(30))
            reply.send("late")
        }
        return app
    }

    @Test("the timed handler runs on an event-loop thread, not the global executor's")
    func timedHandlerRunsOnTheLoop() async throws {
        let app = try Self.makeApp(limit: .seconds(30))
        let client = try RawClient(port: try await startServer(app))
        for _ in 0..<3 {
            client.send("GET /thread HTTP/1.1\r\nHost: x\r\n\r\n")
            let body = LoopServingTests.body(await client.readResponses(1).first)
            #expect(body?.hasPrefix("event-loop-") == true, "the handler ran on \(body ?? "no thread")")
        }
        try await app.close()
    }

    @Test("a handler past the limit is answered 503 FST_ERR_HANDLER_TIMEOUT, and the connection stays usable")
    func timedOutOverSocket() async throws {
        let app = try Self.makeApp(limit: .milliseconds(50))
        let client = try RawClient(port: try await startServer(app))
        client.send("GET /slow HTTP/1.1\r\nHost: x\r\n\r\n")
        let response = await client.readResponses(1).first ?? ""
        #expect(response.hasPrefix("HTTP/1.1 503"))
        #expect(response.contains("FST_ERR_HANDLER_TIMEOUT"))
        client.send("GET /thread HTTP/1.1\r\nHost: x\r\n\r\n")
        #expect(LoopServingTests.body(await client.readResponses(1).first)?.hasPrefix("event-loop-") == true)
        try await app.close()
    }
}
