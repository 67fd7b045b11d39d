import Glibc
import Kernel
import Testing

/// Requests that arrive while a keep-alive connection waits are answered by its event loop, without resuming the
/// connection's task; whatever must await goes back to the task. A route here reports where it ran: `loop`
/// outside any task, `task` inside the connection's.
@Suite("Loop serving: a waiting keep-alive connection is answered by its loop", .serialized)
struct LoopServingTests {
    static func makeApp() throws -> Application {
        let app = Application()
        try app.get("/where") { _, reply in reply.send(withUnsafeCurrentTask { $0 == nil } ? "loop" : "task") }
        try app.get("/async") { _, reply in
            await Task.yield()
            reply.send("async")
        }
        try app.addContentTypeParser("*") { _, bytes in .bytes(bytes) }
        try app.post("/echo") { request, reply in reply.send(request.rawBody ?? []) }
        return app
    }

    static let whereRequest = "GET /where HTTP/1.1\r\nHost: x\r\n\r\n"

    /// Sends one request on a new connection, then gives the connection's task time to wait again.
    static func warmUp(_ client: RawClient) async -> String? {
        client.send(whereRequest)
        let first = await client.readResponses(1).first
        try? await Task.sleep(for: .milliseconds(50))
        return first
    }

    /// The test app on a loopback server, and a client whose connection has answered one request and now waits.
    static func waitingConnection(
        _ configure: (inout ServerConfiguration) -> Void = { _ in }
    ) async throws -> (Application, RawClient) {
        let app = try makeApp()
        let client = try RawClient(port: try await startServer(app, configure: configure))
        // The first request goes either way: the task reads it if it came before the task's first read.
        #expect(body(await warmUp(client)) != nil)
        return (app, client)
    }

    static func body(_ response: String?) -> String? { response?.components(separatedBy: "\r\n\r\n").last }

    @Test("requests arriving while the connection waits are answered by the loop, outside any task")
    func answeredOnTheLoop() async throws {
        let (app, client) = try await Self.waitingConnection()
        for _ in 0..<3 {
            client.send(Self.whereRequest)
            #expect(Self.body(await client.readResponses(1).first) == "loop")
        }
        try await app.close()
    }

    @Test("answering on the loop restarts the keep-alive timeout, which still closes an idle connection")
    func keepAliveRestarts() async throws {
        let (app, client) = try await Self.waitingConnection { $0.keepAliveTimeout = .milliseconds(1500) }
        // Each request comes 900 ms after the last: past the first wait's deadline, never past the restarted one.
        for _ in 0..<2 {
            try await Task.sleep(for: .milliseconds(900))
            client.send(Self.whereRequest)
            #expect(Self.body(await client.readResponses(1).first) == "loop")
        }
        #expect(await client.isClosedByPeer())
        try await app.close()
    }

    @Test("a client that half-closes after its request is answered, then closed without waiting for the keep-alive timeout")
    func halfCloseAfterRequest() async throws {
        let (app, client) = try await Self.waitingConnection { $0.keepAliveTimeout = .seconds(30) }
        client.send(Self.whereRequest)
        shutdown(client.fd, Int32(SHUT_WR))
        // The loop answers it, or the task does when the data and the FIN came in one event; either way the end
        // of stream is read at once, not left for an edge that never comes.
        let text = await client.readAll()
        #expect(["loop", "task"].contains(Self.body(text)))
        #expect(await client.isClosedByPeer())
        try await app.close()
    }

    @Test("pipelined while waiting: the loop answers up to the async route, the task the rest, in order")
    func handOffMidBatch() async throws {
        let (app, client) = try await Self.waitingConnection()
        client.send(Self.whereRequest + "GET /async HTTP/1.1\r\nHost: x\r\n\r\n" + Self.whereRequest)
        let bodies = await client.readResponses(3).map { Self.body($0) }
        #expect(bodies == ["loop", "async", "task"])
        client.send(Self.whereRequest)
        #expect(Self.body(await client.readResponses(1).first) == "loop")
        try await app.close()
    }

    @Test("a malformed request while waiting: the complete ones before it are answered, then 400 and close")
    func malformedWhileWaiting() async throws {
        let (app, client) = try await Self.waitingConnection()
        client.send(Self.whereRequest + "GET /where HTTP/1.1\r\nHost: x\r\nBad Header\r\n\r\n" + Self.whereRequest)
        let text = await client.readAll()
        #expect(text.hasPrefix("HTTP/1.1 200 OK"))
        #expect(text.components(separatedBy: "HTTP/1.1 ").count == 3)
        #expect(text.contains("HTTP/1.1 400 Bad Request"))
        try await app.close()
    }

    @Test("a body or a head split across writes while waiting is finished by the task")
    func splitWhileWaiting() async throws {
        let (app, client) = try await Self.waitingConnection()
        client.send("POST /echo HTTP/1.1\r\nHost: x\r\nContent-Length: 10\r\n\r\nhello")
        try await Task.sleep(for: .milliseconds(50))
        client.send("world")
        #expect(Self.body(await client.readResponses(1).first) == "helloworld")
        client.send("GET /where HTTP/1.1\r\nHo")
        try await Task.sleep(for: .milliseconds(50))
        client.send("st: x\r\n\r\n")
        #expect(Self.body(await client.readResponses(1).first) == "task")
        try await app.close()
    }

    @Test("a head that stops arriving after the connection waited gets 408 at the header timeout")
    func headerTimeoutAfterWaiting() async throws {
        let (app, client) = try await Self.waitingConnection { $0.headerReadTimeout = .milliseconds(300) }
        client.send("GET /where HTTP/1.1\r\nHo")
        let text = await client.readAll()
        #expect(text.hasPrefix("HTTP/1.1 408"))
        try await app.close()
    }
}
