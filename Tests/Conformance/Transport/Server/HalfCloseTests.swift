import Kernel
import Testing

/// A client that shuts down its write side right after its requests (`printf … | ncat`, a test harness) is done
/// sending, not gone. Like nginx and Node, the server answers what it can answer without waiting, then closes;
/// a request whose reply had to wait counts as abandoned, as Fastify's `onRequestAbort` has it.
@Suite("Half-close: requests followed by the client's FIN", .serialized)
struct HalfCloseTests {
    @Test("pipelined requests followed by FIN are all answered, in order, then the connection closes")
    func pipelinedThenFIN() async throws {
        let text = try await exchange("GET /hello HTTP/1.1\r\nHost: x\r\n\r\nGET /json HTTP/1.1\r\nHost: x\r\n\r\n", halfClosing: true)
        let responses = RawClient.split(Array(text.utf8))
        #expect(responses.count == 2)
        #expect(responses.first?.hasSuffix("Hello, World!") == true)
        #expect(responses.last?.hasSuffix(#"{"hello":"world"}"#) == true)
    }

    @Test("a POST with its body followed by FIN is answered")
    func bodyThenFIN() async throws {
        let text = try await exchange(
            "POST /echo HTTP/1.1\r\nHost: x\r\nContent-Type: text/plain\r\nContent-Length: 5\r\n\r\nhello", halfClosing: true)
        #expect(text.hasPrefix("HTTP/1.1 200 OK"))
        #expect(text.hasSuffix("\r\n\r\nhello"))
    }

    @Test("a malformed request followed by FIN gets its 400")
    func malformedThenFIN() async throws {
        let text = try await exchange("GET /hello HTTP/1.1\r\nHost: x\r\nBad Header\r\n\r\n", halfClosing: true)
        #expect(text.hasPrefix("HTTP/1.1 400 Bad Request"))
    }

    @Test("a route that awaits after the client's FIN: onRequestAbort fires and nothing is written")
    func awaitingRouteIsAbandoned() async throws {
        let trace = Trace()
        // The app's close lets the request in flight finish, so its abort is traced by the time this returns.
        let text = try await exchange("GET /slow HTTP/1.1\r\nHost: x\r\n\r\n", with: makeLoopbackApp(trace: trace), halfClosing: true)
        #expect(text.isEmpty)
        #expect(trace.all.contains("abort"))
    }

    @Test("a request cut short by FIN gets no answer, and the connection closes")
    func incompleteThenFIN() async throws {
        #expect(try await exchange("GET /hello HTTP/1.1\r\nHo", halfClosing: true).isEmpty)
    }
}
