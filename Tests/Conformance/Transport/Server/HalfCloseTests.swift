import Glibc
import Kernel
import Testing

/// A client that shuts down its write side right after its requests (`printf … | ncat`, a test harness) is done
/// sending, not gone. Like nginx and Node, the server answers what it can answer without waiting, then closes;
/// a request whose reply had to wait counts as abandoned, as Fastify's `onRequestAbort` has it.
@Suite("Half-close: requests followed by the client's FIN", .serialized)
struct HalfCloseTests {
    /// Sends `text` on a new connection, shuts down the client's write side at once, and reads until the server closes.
    /// The connection first sits idle for a moment, so the server is waiting and sees the data and the FIN in one event.
    static func sendThenHalfClose(_ text: String, to app: Application) async throws -> String {
        let client = try RawClient(port: try await startServer(app))
        try await Task.sleep(for: .milliseconds(50))
        client.send(text)
        shutdown(client.fd, Int32(SHUT_WR))
        return await client.readAll()
    }

    @Test("pipelined requests followed by FIN are all answered, in order, then the connection closes")
    func pipelinedThenFIN() async throws {
        let app = try makeLoopbackApp()
        let text = try await Self.sendThenHalfClose(
            "GET /hello HTTP/1.1\r\nHost: x\r\n\r\nGET /json HTTP/1.1\r\nHost: x\r\n\r\n", to: app)
        let responses = RawClient.split(Array(text.utf8))
        #expect(responses.count == 2)
        #expect(responses.first?.hasSuffix("Hello, World!") == true)
        #expect(responses.last?.hasSuffix(#"{"hello":"world"}"#) == true)
        try await app.close()
    }

    @Test("a POST with its body followed by FIN is answered")
    func bodyThenFIN() async throws {
        let app = try makeLoopbackApp()
        let text = try await Self.sendThenHalfClose(
            "POST /echo HTTP/1.1\r\nHost: x\r\nContent-Type: text/plain\r\nContent-Length: 5\r\n\r\nhello", to: app)
        #expect(text.hasPrefix("HTTP/1.1 200 OK"))
        #expect(text.hasSuffix("\r\n\r\nhello"))
        try await app.close()
    }

    @Test("a malformed request followed by FIN gets its 400")
    func malformedThenFIN() async throws {
        let app = try makeLoopbackApp()
        let text = try await Self.sendThenHalfClose("GET /hello HTTP/1.1\r\nHost: x\r\nBad Header\r\n\r\n", to: app)
        #expect(text.hasPrefix("HTTP/1.1 400 Bad Request"))
        try await app.close()
    }

    @Test("a route that awaits after the client's FIN: onRequestAbort fires and nothing is written")
    func awaitingRouteIsAbandoned() async throws {
        let trace = Trace()
        let app = try makeLoopbackApp(trace: trace)
        let text = try await Self.sendThenHalfClose("GET /slow HTTP/1.1\r\nHost: x\r\n\r\n", to: app)
        #expect(text.isEmpty)
        for _ in 0..<100 where !trace.all.contains("abort") { try await Task.sleep(for: .milliseconds(20)) }
        #expect(trace.all.contains("abort"))
        try await app.close()
    }

    @Test("a request cut short by FIN gets no answer, and the connection closes")
    func incompleteThenFIN() async throws {
        let app = try makeLoopbackApp()
        let text = try await Self.sendThenHalfClose("GET /hello HTTP/1.1\r\nHo", to: app)
        #expect(text.isEmpty)
        try await app.close()
    }
}
