import Kernel
import Testing

@Suite("HTTPStatus: codes and Node's reason phrases")
struct HTTPStatusTests {
    @Test("reason phrases follow Node's STATUS_CODES; unregistered codes read Unknown")
    func reasonPhrases() {
        let expected: [Int: String] = [
            100: "Continue", 200: "OK", 204: "No Content", 304: "Not Modified", 404: "Not Found",
            413: "Payload Too Large", 418: "I'm a Teapot", 431: "Request Header Fields Too Large",
            500: "Internal Server Error", 511: "Network Authentication Required", 299: "Unknown", 599: "Unknown",
        ]
        for (code, phrase) in expected { #expect(HTTPStatus(code).reasonPhrase == phrase, "\(code)") }
        #expect(HTTPStatus.notFound.description == "404 Not Found")
    }

    @Test("the HTTP/1 serializer's default phrase is the same table; an unregistered code gets an empty one")
    func serializerDefaultPhrase() throws {
        for (code, line) in [(413, "HTTP/1.1 413 Payload Too Large\r\n"), (418, "HTTP/1.1 418 I'm a Teapot\r\n"), (599, "HTTP/1.1 599 \r\n")] {
            var serializer = HTTP1ResponseSerializer()
            var out: [UInt8] = []
            _ = try serializer.writeHead(.init(status: code), framing: .contentLength(0), for: .init(keepAlive: false), into: &out)
            #expect(String(decoding: out, as: UTF8.self).hasPrefix(line), "\(code)")
        }
    }

    @Test("the status line carries the reply's phrase over a real socket")
    func statusLineOverSocket() async throws {
        let app = Application()
        try app.get("/teapot") { _, reply in reply.status = 418; reply.send("short and stout") }
        let response = try await exchange("GET /teapot HTTP/1.1\r\nHost: a\r\nConnection: close\r\n\r\n", with: app)
        #expect(response.hasPrefix("HTTP/1.1 418 I'm a Teapot\r\n"))
    }
}
