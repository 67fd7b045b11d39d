import Glibc
import Kernel
import Testing

extension HTTPServerLoopback {
    @Suite("HTTP/1.1 server over loopback: upgrades")
    struct HTTPServerUpgradeTests {
        @Test("an Upgrade or CONNECT request answered without switching protocols closes at once, bytes after it unread",
              arguments: [
                "GET /hello HTTP/1.1\r\nHost: x\r\nUpgrade: foo\r\nConnection: Upgrade\r\n\r\n",
                "CONNECT x:443 HTTP/1.1\r\nHost: x:443\r\n\r\n",
              ])
        func upgradeNotTaken(request: String) async throws {
            // This returns when the server closes; before, it stalled until the header timeout (408).
            let text = try await exchange(request + "GET /json HTTP/1.1\r\nHost: x\r\n\r\n")
            #expect(text.components(separatedBy: "HTTP/1.1 ").count == 2, "one response")
            #expect(text.lowercased().contains("connection: close"))
            #expect(!text.contains("hello\":"), "the bytes after it are not parsed")
        }

        @Test("a final 1xx status from a handler (no upgrade handler takes the socket) becomes a 500 and closes",
              arguments: [101, 100, 103])
        func informationalStatusWithoutUpgrade(code: Int) async throws {
            let upgrade = "GET /x HTTP/1.1\r\nHost: x\r\nUpgrade: foo\r\nConnection: upgrade\r\n\r\n"
            for first in [upgrade, "GET /x HTTP/1.1\r\nHost: x\r\n\r\n"] {
                let app = Application()
                try app.get("/x") { _, reply in
                    reply.status = HTTPStatus(code)
                    reply.send("not final")
                }
                let text = try await exchange(first + "GET /x HTTP/1.1\r\nHost: x\r\n\r\n", with: app)
                #expect(text.hasPrefix("HTTP/1.1 500"))
                #expect(text.components(separatedBy: "HTTP/1.1 ").count == 2, "one response, then close")
            }
        }

        @Test("a 101 reply hands the socket to the upgrade handler with the bytes already read")
        func upgradeHandOff() async throws {
            let app = Application()
            try app.get("/raw") { _, reply in
                reply.upgrade(headers: ["upgrade": "echo", "connection": "upgrade"], UpgradeHandler { leftover, channel in
                    try? await channel.write(Array("leftover:".utf8) + leftover)
                    while let bytes = try? await channel.read() { try? await channel.write(bytes) }
                    await channel.close()
                })
            }
            let port = try await startServer(app)
            let client = try RawClient(port: port)
            client.send("GET /raw HTTP/1.1\r\nHost: x\r\nUpgrade: echo\r\nConnection: upgrade\r\n\r\nearly")
            try await Task.sleep(for: .milliseconds(100))
            client.send("ping")
            try await Task.sleep(for: .milliseconds(100))
            shutdown(client.fd, Int32(SHUT_WR))
            let text = await client.readAll()
            #expect(text.hasPrefix("HTTP/1.1 101 Switching Protocols"))
            #expect(text.hasSuffix("leftover:earlyping"))
            try await app.close()
        }
    }
}
