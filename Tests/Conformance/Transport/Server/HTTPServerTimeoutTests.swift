import Glibc
import Kernel
import Testing

extension HTTPServerLoopback {
    @Suite("HTTP/1.1 server over loopback: timeouts and graceful close")
    struct HTTPServerTimeoutTests {
        @Test("a client that sends its head too slowly gets 408 and is closed (slowloris)")
        func headerReadTimeout() async throws {
            let text = try await withLoopbackClient(try makeLoopbackApp(), configure: { $0.headerReadTimeout = .milliseconds(200) }) { client, _ in
                client.send("GET /hello HTTP/1.1\r\nHost: x\r\n")
                return await client.readAll()
            }
            #expect(text.hasPrefix("HTTP/1.1 408"))
        }

        @Test("the header timeout bounds the whole head: a byte every 100 ms does not extend it (slowloris)")
        func headerReadTimeoutCoversTheWholeHead() async throws {
            try await withLoopbackClient(try makeLoopbackApp(), configure: { $0.headerReadTimeout = .milliseconds(300) }) { client, _ in
                client.send("GET /hello HTTP/1.1\r\nHost: x\r\n")
                var answered = false
                // 40 bytes at 100 ms: 4 s of trickle, each byte well inside the 300 ms timeout.
                for byte in Array("X-Slow: 012345678901234567890123456789\r\n".utf8).prefix(40) {
                    try await Task.sleep(for: .milliseconds(100))
                    var peek: UInt8 = 0
                    if recv(client.fd, &peek, 1, Int32(MSG_PEEK | MSG_DONTWAIT)) > 0 {
                        answered = true
                        break
                    }
                    client.send([byte])
                }
                if !answered { client.send("\r\n") }  // completes the head: an unbounded server answers 200
                let text = await client.readAll()
                #expect(answered, "the server waited for the whole trickle")
                #expect(text.hasPrefix("HTTP/1.1 408"), "\(text.prefix(40))")
            }
        }

        @Test("the write timeout bounds a whole reply: a client that keeps reading, but slowly, is dropped when it passes")
        func writeTimeoutBoundsTheWholeReply() async throws {
            let app = try makeLoopbackApp()
            let size = 32 << 20
            try app.get("/big") { _, reply in reply.send([UInt8](repeating: 0x61, count: size)) }
            try await withLoopbackClient(app, configure: { $0.writeTimeout = .milliseconds(500) }) { client, _ in
                client.send("GET /big HTTP/1.1\r\nHost: x\r\n\r\n")
                // Up to 1 MiB every 100 ms for 2 s: the server's write makes progress well inside 500 ms each
                // time, yet the whole reply takes over 3 s at that pace. Then read fast: a timeout that restarted on progress would
                // still be writing and deliver all 32 MiB; a total one dropped the connection long before.
                var received = 0
                var buffer = [UInt8](repeating: 0, count: 1 << 20)
                for _ in 0..<20 {
                    try await Task.sleep(for: .milliseconds(100))
                    received += max(0, buffer.withUnsafeMutableBytes { recv(client.fd, $0.baseAddress, $0.count, Int32(MSG_DONTWAIT)) })
                }
                received += await client.readAllBytes().count
                #expect(received < size)
            }
        }

        @Test("an idle keep-alive connection is closed after keepAliveTimeout")
        func idleTimeout() async throws {
            try await withLoopbackClient(try makeLoopbackApp(), configure: { $0.keepAliveTimeout = .milliseconds(200) }) { client, _ in
                client.send("GET /hello HTTP/1.1\r\nHost: x\r\n\r\n")
                let one = await client.readResponses(1)
                #expect(one.count == 1)
                let closed = await client.isClosedByPeer()
                #expect(closed)
            }
        }

        @Test("§9.33 requestTimeout fires onTimeout and drops the connection")
        func requestTimeoutFiresOnTimeout() async throws {
            let trace = Trace()
            try await withLoopbackClient(try makeLoopbackApp(trace: trace), configure: { $0.requestTimeout = .milliseconds(50) }) { client, _ in
                client.send("GET /slow HTTP/1.1\r\nHost: x\r\n\r\n")
                let nothing = await client.readAll()
                #expect(nothing.isEmpty)
                #expect(trace.all.contains("timeout"))
            }
        }

        @Test("§9.33 requestTimeout fires at its deadline even while the handler ignores cancellation")
        func requestTimeoutDoesNotWaitForHandler() async throws {
            let trace = Trace()
            let gate = Gate()
            let app = try makeLoopbackApp(trace: trace)
            try app.get("/stubborn") { _, reply in
                await gate.wait()
                trace.add("stubborn finished")
                reply.send("late")
            }
            // Were the server to wait for the handler, it would answer once this opens the gate.
            Task.detached { try? await Task.sleep(for: .seconds(5)); gate.open() }
            try await withLoopbackClient(app, configure: { $0.requestTimeout = .milliseconds(100) }) { client, _ in
                client.send("GET /stubborn HTTP/1.1\r\nHost: x\r\n\r\n")
                let nothing = await client.readAll()
                #expect(nothing.isEmpty)
                #expect(trace.all == ["timeout"], "onTimeout ran and the connection closed while the handler still waited")
                gate.open()
            }
        }

        @Test("§9.34 a client that goes away mid-request fires onRequestAbort; the handler still finishes")
        func requestAbort() async throws {
            let trace = Trace()
            let app = try makeLoopbackApp(trace: trace)
            let port = try await startServer(app)
            do {
                let client = try RawClient(port: port)
                client.send("GET /slow HTTP/1.1\r\nHost: x\r\n\r\n")
                try await Task.sleep(for: .milliseconds(50))
            }
            for _ in 0..<100 where !trace.all.contains("abort") { try await Task.sleep(for: .milliseconds(20)) }
            #expect(trace.all.contains("slow finished"))
            #expect(trace.all.contains("abort"))
            try await app.close()
        }

        @Test("graceful close: a request in flight finishes, idle connections close, then new connections are refused")
        func gracefulShutdown() async throws {
            let trace = Trace()
            let app = try makeLoopbackApp(trace: trace)
            try app.addHook(.onClose) { trace.add("onClose") }
            let port = try await startServer(app)
            let idle = try RawClient(port: port)
            idle.send("GET /hello HTTP/1.1\r\nHost: x\r\n\r\n")
            _ = await idle.readResponses(1)
            let busy = try RawClient(port: port)
            busy.send("GET /slow HTTP/1.1\r\nHost: x\r\n\r\n")
            try await Task.sleep(for: .milliseconds(50))
            try await app.close()
            let answer = await busy.readAll()
            #expect(answer.hasSuffix("slow"))
            #expect(answer.contains("Connection: close"))
            let idleClosed = await idle.isClosedByPeer()
            #expect(idleClosed)
            #expect(trace.all == ["slow finished", "onClose"])
            #expect(throws: (any Error).self) { _ = try RawClient(port: port) }
        }
    }
}
